//! The evaluation plan report on the demo workspace (examples/demo: its initial evaluation, on the
//! day of ANSSI's decision), whose plan ANSSI validated: snapshots of every variant, and what the
//! plan must say.

use chrono::NaiveDate;
use grid::{GridView, Phase, Plan, PlanStatus, Stamp};
use report::plan::{NoPlan, render};
use report::{Format, Lang, Options};

use crate::summary::{Demo, contains_word, visible_text, without_data};

fn rendered(demo: &Demo, ledger: &grid::Ledger, lang: Lang, format: Format) -> String {
    demo.with(ledger, |ws| {
        render(
            ws,
            &Options {
                lang,
                format,
                marking: Some("Diffusion Restreinte"),
            },
        )
        .expect("the demo has a plan")
    })
}

fn demo_plan(lang: Lang, format: Format) -> String {
    let demo = Demo::load();
    rendered(&demo, &demo.ledger, lang, format)
}

#[test]
fn plan_markdown_fr() {
    insta::assert_snapshot!(demo_plan(Lang::Fr, Format::Markdown));
}

#[test]
fn plan_markdown_en() {
    insta::assert_snapshot!(demo_plan(Lang::En, Format::Markdown));
}

#[test]
fn plan_html_fr() {
    insta::assert_snapshot!(demo_plan(Lang::Fr, Format::Html));
}

#[test]
fn plan_html_en() {
    insta::assert_snapshot!(demo_plan(Lang::En, Format::Html));
}

#[test]
fn no_plan_is_refused() {
    let demo = Demo::load();
    let mut ledger = demo.ledger.clone();
    ledger.plan = None;
    let out = demo.with(&ledger, |ws| render(ws, &Options::default()));
    assert_eq!(out, Err(NoPlan));
}

/// Every planned check is listed once, under its phase, with its requirement and its text.
#[test]
fn every_planned_check_is_listed_under_its_phase() {
    let demo = Demo::load();
    let plan = demo.ledger.plan.as_ref().expect("the demo has a plan");
    let md = demo_plan(Lang::En, Format::Markdown);
    let documentary = md
        .split("### 4.1 ")
        .nth(1)
        .and_then(|s| s.split("### 4.2 ").next())
        .expect("a documentary part");
    let onsite = md
        .split("### 4.2 ")
        .nth(1)
        .and_then(|s| s.split("## 5. ").next())
        .expect("an on-site part");
    for (part, phase) in [(documentary, Phase::Documentary), (onsite, Phase::Onsite)] {
        let rows: Vec<&str> = part
            .lines()
            .filter(|l| l.starts_with("| ") && !l.starts_with("| Date"))
            .collect();
        let items: Vec<_> = plan.items.iter().filter(|i| i.phase == phase).collect();
        assert_eq!(rows.len(), items.len(), "{phase}");
        for item in items {
            let check = demo
                .referential
                .get(&item.requirement)
                .and_then(|r| r.checks.iter().find(|c| c.id == item.check))
                .expect("a known check");
            let needle = format!(
                "| {} | {} — {} |",
                item.requirement, item.check, check.text.en
            );
            assert!(part.contains(&needle), "{needle}");
        }
    }
}

/// The plan names its scope, referential, kinds, centre, phases and validation.
#[test]
fn plan_says_what_anssi_validates() {
    let fr = demo_plan(Lang::Fr, Format::Markdown);
    for needle in [
        "| Types de service | IaaS, CaaS |",
        "version 3.2",
        "| Centre d’évaluation | CESTI Exemple |",
        "| Statut du plan | Validé par l’ANSSI |",
        "Validé par l’ANSSI le 4\u{a0}septembre\u{a0}2023",
        "conditionne le jalon J1 (Stratégie d'évaluation acceptée), franchi le 11\u{a0}septembre\u{a0}2023",
        "| Audit documentaire | 15\u{a0}décembre\u{a0}2023 | 12\u{a0}janvier\u{a0}2024 |",
        "| Modifications demandées par l’ANSSI |",
    ] {
        assert!(fr.contains(needle), "{needle} is missing from:\n{fr}");
    }
}

/// No label of the other language is left in the plan.
#[test]
fn no_label_is_left_in_the_other_language() {
    let demo = Demo::load();
    let en = report::i18n::table(Lang::En);
    let fr = report::i18n::table(Lang::Fr);
    for (lang, mine, other) in [(Lang::Fr, &fr, &en), (Lang::En, &en, &fr)] {
        for format in [Format::Markdown, Format::Html] {
            let text = without_data(
                &demo,
                &visible_text(&rendered(&demo, &demo.ledger, lang, format)),
            );
            for ((name, theirs), (_, ours)) in other.iter().zip(mine.iter()) {
                if theirs == ours || ours.contains(theirs) {
                    continue;
                }
                assert!(
                    !contains_word(&text, theirs),
                    "label `{name}` is left in the other language in the {lang} {format} plan: {theirs:?}"
                );
            }
        }
    }
}

/// A plan generated from the grid and still a draft says so, and what it awaits.
#[test]
fn a_draft_plan_says_it_awaits_submission() {
    let demo = Demo::load();
    let mut ledger = demo.ledger.clone();
    ledger.plan = None;
    let view = GridView::new(&demo.referential, &demo.manifest.kinds, &ledger);
    let start = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let items = Plan::generate(&view, Some(start), Some("lead@cesti.example"));
    let by = Stamp {
        actor: "lead@cesti.example".to_owned(),
        date: NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
    };
    ledger.generate_plan(items, by, None).expect("a draft");
    assert_eq!(
        ledger.plan.as_ref().map(|p| p.status),
        Some(PlanStatus::Draft)
    );
    let md = rendered(&demo, &ledger, Lang::Fr, Format::Markdown);
    assert!(
        md.contains("Brouillon depuis le 20\u{a0}novembre\u{a0}2026\u{a0}: à soumettre à l’ANSSI."),
        "{md}"
    );
    assert!(md.contains("| lead@cesti.example |"));
    let html = rendered(&demo, &ledger, Lang::En, Format::Html);
    assert!(
        html.contains("December\u{a0}2026"),
        "the timeline chart has its months"
    );
    assert!(!html.contains("<script"));
}
