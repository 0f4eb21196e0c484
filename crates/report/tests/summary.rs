//! The summary report on the demo workspace (examples/demo: its initial evaluation, on the day of
//! ANSSI's decision): snapshots of every variant, and the properties a reader relies on.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::NaiveDate;
use grid::{Axis, Confidentiality, GridView, Ledger, Referential};
use journey::Workflow;
use report::{Format, Lang, Member, Options, Workspace};

/// The cycle the report tests read: the demo's initial evaluation, with findings at every stage
/// and on both axes, restricted evidence, and a plan ANSSI sent back once before validating it.
pub const CYCLE: &str = "initial";
/// The day they read it on: ANSSI's decision (qualified with a reserve).
pub const TODAY: &str = "2024-06-10";

/// The demo workspace, read through the storage crate as the CLI does.
pub struct Demo {
    pub manifest: storage::Manifest,
    pub workflow: Workflow,
    pub entries: Vec<dossier::Entry>,
    pub base: dossier::Settings,
    pub referentials: BTreeMap<String, Referential>,
    pub referential: Referential,
    pub ledger: Ledger,
}

impl Demo {
    pub fn load() -> Demo {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo");
        let ws = storage::Workspace::open(&root).expect("examples/demo opens");
        let history = ws.history().expect("history");
        assert!(history.problems.is_empty(), "{:?}", history.problems);
        let referential = ws
            .referential(&ws.manifest().referential)
            .expect("referential")
            .expect("known referential");
        let mut demo = Demo {
            manifest: ws.manifest().clone(),
            workflow: ws.workflow().expect("workflow"),
            entries: history.records().to_vec(),
            base: ws.manifest().settings(),
            referentials: BTreeMap::from([(referential.id.clone(), referential.clone())]),
            referential,
            ledger: Ledger::default(),
        };
        let d = demo.dossier();
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        let ledger = d.ledger_of(Demo::cycle(&d));
        demo.ledger = ledger;
        demo
    }

    pub fn today() -> NaiveDate {
        TODAY.parse().expect("a date")
    }

    /// The cycle [`CYCLE`] of `d`.
    pub fn cycle<'d>(d: &'d dossier::Dossier<'_>) -> &'d dossier::Cycle {
        d.cycle(CYCLE).expect("the demo's initial cycle")
    }

    /// The demo's journal replayed on [`TODAY`].
    pub fn dossier(&self) -> dossier::Dossier<'_> {
        let inputs = dossier::Inputs {
            workflow: &self.workflow,
            base: &self.base,
            referentials: &self.referentials,
        };
        dossier::Dossier::replay(inputs, &self.entries, Demo::today())
    }

    /// Calls `f` with the report input of the demo's cycle [`CYCLE`] on [`TODAY`].
    pub fn with<T>(&self, ledger: &Ledger, f: impl FnOnce(&Workspace<'_>) -> T) -> T {
        let today = Demo::today();
        let d = self.dossier();
        let journey = d.journey.clone();
        let cycle = Demo::cycle(&d);
        let facts = d.facts(cycle);
        let view = GridView::new(&self.referential, &self.manifest.kinds, ledger);
        let team: Vec<Member<'_>> = self
            .manifest
            .team
            .iter()
            .map(|m| Member {
                actor: &m.actor,
                role: m.role,
            })
            .collect();
        // The demo's bases, qualified on its date (a registry entry, valid then), with what the
        // cycle inherits from each: what the command line gives.
        let reliances: Vec<report::Reliance> = d
            .settings
            .bases
            .iter()
            .map(|(id, base)| {
                let v = dossier::registry_validity(base, today).expect("a registry base");
                report::Reliance {
                    id: id.clone(),
                    name: base.name(),
                    state: v.state.as_str(),
                    qualified_until: v.qualified_until,
                    requirements: ledger
                        .verdicts()
                        .filter(|a| a.from.as_deref() == Some(id.as_str()))
                        .map(|a| a.requirement.clone())
                        .collect::<std::collections::BTreeSet<_>>()
                        .into_iter()
                        .collect(),
                }
            })
            .collect();
        let ws = Workspace {
            provider: &self.manifest.provider,
            service: &self.manifest.service,
            kinds: &self.manifest.kinds,
            evaluation_centre: self.manifest.evaluation_centre.as_deref(),
            team: &team,
            journey: &journey,
            referential: &self.referential,
            view: &view,
            ledger,
            today,
            cycle: &cycle.id,
            cycle_kind: cycle.kind,
            closed: cycle.closed,
            events: &cycle.events,
            facts: &facts,
            reliances: &reliances,
        };
        f(&ws)
    }

    pub fn render(&self, lang: Lang, format: Format) -> String {
        self.with(&self.ledger, |ws| {
            report::summary::render(
                ws,
                &Options {
                    lang,
                    format,
                    marking: Some("Diffusion Restreinte"),
                },
            )
        })
    }
}

#[test]
fn summary_markdown_fr() {
    insta::assert_snapshot!(Demo::load().render(Lang::Fr, Format::Markdown));
}

#[test]
fn summary_markdown_en() {
    insta::assert_snapshot!(Demo::load().render(Lang::En, Format::Markdown));
}

#[test]
fn summary_html_fr() {
    insta::assert_snapshot!(Demo::load().render(Lang::Fr, Format::Html));
}

#[test]
fn summary_html_en() {
    insta::assert_snapshot!(Demo::load().render(Lang::En, Format::Html));
}

/// The text between two headings of a Markdown report.
fn section<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("no `{start}` in:\n{text}"));
    let rest = &text[from..];
    let to = rest.find(end).unwrap_or(rest.len());
    &rest[..to]
}

/// Finding ids cited in a piece of report.
fn finding_ids(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| {
            w.len() == 6 && w.starts_with("F-") && w[2..].bytes().all(|b| b.is_ascii_digit())
        })
        .map(str::to_owned)
        .collect()
}

/// Each axis part lists exactly the findings whose first requirement's chapter is of that axis.
#[test]
fn each_axis_part_lists_exactly_the_findings_of_its_axis() {
    let demo = Demo::load();
    let axis_of = |id: &str| {
        let f = &demo.ledger.findings[id];
        let r = demo
            .referential
            .get(&f.requirements[0])
            .expect("known requirement");
        demo.referential.chapter_of(r).axis
    };
    let expected = |axis: Axis| -> BTreeSet<String> {
        demo.ledger
            .findings
            .keys()
            .filter(|id| axis_of(id) == axis)
            .cloned()
            .collect()
    };
    let organizational = expected(Axis::Organizational);
    let technical = expected(Axis::Technical);
    assert!(
        !organizational.is_empty() && !technical.is_empty(),
        "the demo has findings on both axes"
    );
    for (lang, org, tech, annex) in [
        (
            Lang::Fr,
            "## 2. Volet organisationnel",
            "## 3. Volet technique",
            "## 4. Annexe",
        ),
        (
            Lang::En,
            "## 2. Organizational part",
            "## 3. Technical part",
            "## 4. Annex",
        ),
    ] {
        let text = demo.render(lang, Format::Markdown);
        assert_eq!(
            finding_ids(section(&text, org, tech)),
            organizational,
            "{lang}"
        );
        assert_eq!(
            finding_ids(section(&text, tech, annex)),
            technical,
            "{lang}"
        );
    }
}

/// Restricted evidence appears by its id only: never its title, kind or path.
#[test]
fn restricted_evidence_is_cited_by_id_only() {
    let demo = Demo::load();
    let restricted: Vec<_> = demo
        .ledger
        .evidence
        .values()
        .filter(|e| e.confidentiality == Confidentiality::Restricted)
        .collect();
    assert!(!restricted.is_empty(), "the demo has restricted evidence");
    for lang in [Lang::Fr, Lang::En] {
        for format in [Format::Markdown, Format::Html] {
            let text = demo.render(lang, format);
            for e in &restricted {
                assert!(text.contains(&e.id), "{} is cited", e.id);
                assert!(
                    !text.contains(&e.title),
                    "the title of {} leaks ({lang}, {format})",
                    e.id
                );
                assert!(
                    !text.contains(e.location.path()),
                    "the path of {} leaks",
                    e.id
                );
            }
            for e in demo.ledger.evidence.values() {
                assert!(
                    !text.contains(e.location.path()),
                    "no path is cited: {}",
                    e.location.path()
                );
            }
        }
    }
}

/// The marking is at the top and at the bottom; in HTML it is in the table head and foot that
/// print repeats on every page.
#[test]
fn the_marking_opens_and_closes_every_variant() {
    let demo = Demo::load();
    for lang in [Lang::Fr, Lang::En] {
        let md = demo.render(lang, Format::Markdown);
        assert!(md.starts_with("**Diffusion Restreinte**"));
        assert!(md.trim_end().ends_with("**Diffusion Restreinte**"));
        let html = demo.render(lang, Format::Html);
        assert_eq!(
            html.matches("<div class=\"marking\">Diffusion Restreinte</div>")
                .count(),
            2
        );
        assert!(html.contains("<thead><tr><td><div class=\"marking\">"));
        assert!(html.contains("<tfoot><tr><td><div class=\"marking\">"));
        assert!(html.contains("display: table-header-group"));
    }
}

/// What a reader sees of a report: HTML without its style sheet and tags (attributes such as
/// anchors are not text).
pub fn visible_text(report: &str) -> String {
    let without_style = match (report.find("<style>"), report.find("</style>")) {
        (Some(a), Some(b)) => format!("{}{}", &report[..a], &report[b..]),
        _ => report.to_owned(),
    };
    let mut out = String::new();
    let mut in_tag = false;
    for c in without_style.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    // The entities askama writes, so that data (French apostrophes…) is recognised as such.
    [
        ("&#39;", "'"),
        ("&#34;", "\""),
        ("&quot;", "\""),
        ("&#60;", "<"),
        ("&lt;", "<"),
        ("&#62;", ">"),
        ("&gt;", ">"),
        ("&amp;", "&"),
        ("&#38;", "&"),
    ]
    .iter()
    .fold(out, |text, (entity, c)| text.replace(entity, c))
}

/// The report without the workspace's own texts (titles, notes, justifications are written in
/// whatever language their author used, and are not labels).
pub fn without_data(demo: &Demo, text: &str) -> String {
    let l = &demo.ledger;
    let mut data: Vec<&str> = Vec::new();
    for f in l.findings.values() {
        data.extend([f.title.as_str()]);
        data.extend(f.description.as_deref());
        if let Some(a) = &f.action {
            data.extend([a.action.as_str(), a.owner.as_str()]);
            data.extend(a.root_cause.as_deref());
        }
    }
    for e in l.evidence.values() {
        data.extend([e.title.as_str(), e.kind.as_str()]);
    }
    for a in &l.assessments {
        data.extend(a.justification.as_deref());
        data.extend(a.from.as_deref());
    }
    if let Some(p) = &l.plan {
        data.extend(p.history.iter().filter_map(|c| c.note.as_deref()));
    }
    let n = &l.narrative;
    data.extend(n.conclusion.iter().map(|c| c.justification.as_str()));
    data.extend(n.residual_risks.iter().map(|r| r.text.as_str()));
    data.extend(n.recommendations.iter().map(|r| r.text.as_str()));
    data.extend(n.commentary.values().map(|c| c.text.as_str()));
    if let Some(i) = &n.identity {
        data.extend([i.reference.as_str(), i.version.as_str()]);
        data.extend(i.approver.as_deref());
    }
    data.sort_by_key(|d| std::cmp::Reverse(d.len()));
    let mut out = text.to_owned();
    for d in data.into_iter().filter(|d| !d.is_empty()) {
        out = out.replace(d, " ");
    }
    out
}

/// Whether `needle` occurs in `text` as whole words (not inside a longer word).
pub fn contains_word(text: &str, needle: &str) -> bool {
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(needle).any(|(i, _)| {
        !is_word(text[..i].chars().next_back()) && !is_word(text[i + needle.len()..].chars().next())
    })
}

/// No label of the other language is left in a report: every label that differs between the two
/// languages is looked for in the report of the other.
#[test]
fn no_label_is_left_in_the_other_language() {
    let demo = Demo::load();
    let en = report::i18n::table(Lang::En);
    let fr = report::i18n::table(Lang::Fr);
    for (lang, mine, other) in [(Lang::Fr, &fr, &en), (Lang::En, &en, &fr)] {
        for format in [Format::Markdown, Format::Html] {
            let text = without_data(&demo, &visible_text(&demo.render(lang, format)));
            for ((name, theirs), (_, ours)) in other.iter().zip(mine.iter()) {
                if theirs == ours || ours.contains(theirs) {
                    continue;
                }
                assert!(
                    !contains_word(&text, theirs),
                    "label `{name}` is left in the other language in the {lang} {format} report: {theirs:?}"
                );
            }
        }
    }
}

/// Dates are written as each language writes them.
#[test]
fn dates_follow_the_language() {
    let demo = Demo::load();
    let fr = demo.render(Lang::Fr, Format::Markdown);
    assert!(fr.contains("10\u{a0}juin\u{a0}2024"));
    assert!(!fr.contains("2024-06-10"));
    let en = demo.render(Lang::En, Format::Markdown);
    assert!(en.contains("10\u{a0}June\u{a0}2024"));
    assert!(!en.contains("2024-06-10"));
}

/// The HTML file stands alone: no script, nothing fetched, charts inline.
#[test]
fn html_is_self_contained() {
    let html = Demo::load().render(Lang::Fr, Format::Html);
    assert!(!html.contains("<script"));
    assert!(!html.contains("src="));
    assert!(!html.contains("<link"));
    assert!(!html.contains("url("));
    assert!(!html.contains("@import"));
    assert_eq!(
        html.matches("<svg ").count(),
        3,
        "journey, chapters, severity"
    );
    assert!(html.contains("@media print"));
}

/// User text is escaped by askama in HTML, and kept out of Markdown table structure.
#[test]
fn user_text_is_escaped() {
    let demo = Demo::load();
    let mut ledger = demo.ledger.clone();
    let f = ledger.findings.values_mut().next().expect("a finding");
    f.title = "<script>alert(1)</script> | pipe".to_owned();
    let html = demo.with(&ledger, |ws| {
        report::summary::render(
            ws,
            &Options {
                lang: Lang::En,
                format: Format::Html,
                marking: Some("<b>M</b>"),
            },
        )
    });
    assert!(!html.contains("<script>alert"));
    assert!(
        html.contains("&#60;script&#62;alert(1)&#60;/script&#62;")
            || html.contains("&lt;script&gt;")
    );
    assert!(!html.contains("<b>M</b>"));
    let md = demo.with(&ledger, |ws| {
        report::summary::render(
            ws,
            &Options {
                lang: Lang::En,
                format: Format::Markdown,
                marking: None,
            },
        )
    });
    assert!(md.contains("\\| pipe"));
    assert!(md.starts_with("**Confidential**"));
}

/// An overdue corrective action is a risk, and is flagged in its axis's table.
#[test]
fn overdue_corrective_actions_are_risks() {
    let demo = Demo::load();
    let mut ledger = demo.ledger.clone();
    let late = ledger
        .findings
        .values_mut()
        .find(|f| f.status == grid::FindingStatus::ActionPlanned)
        .expect("a finding with a planned action");
    let id = late.id.clone();
    late.severity = grid::Severity::Minor;
    if let Some(a) = late.action.as_mut() {
        a.due = NaiveDate::from_ymd_opt(2024, 5, 19).expect("date");
    }
    let md = demo.with(&ledger, |ws| {
        report::summary::render(
            ws,
            &Options {
                lang: Lang::Fr,
                format: Format::Markdown,
                marking: None,
            },
        )
    });
    let risks = section(&md, "### 1.4", "### 1.5");
    assert!(risks.contains("**Action corrective en retard**"), "{risks}");
    assert!(risks.contains(&id), "{risks}");
    assert!(risks.contains("dépassée de 22\u{a0}jours"), "{risks}");
    assert!(md.contains("**19\u{a0}mai\u{a0}2024 (en retard)**"));
}

/// Reports without a marking have none; the default marking is the language's.
#[test]
fn marking_can_be_removed() {
    let demo = Demo::load();
    let md = demo.with(&demo.ledger, |ws| {
        report::summary::render(
            ws,
            &Options {
                lang: Lang::Fr,
                format: Format::Markdown,
                marking: Some(""),
            },
        )
    });
    assert!(
        md.starts_with("*Qualification SecNumCloud"),
        "{}",
        &md[..80]
    );
    let md = demo.with(&demo.ledger, |ws| {
        report::summary::render(
            ws,
            &Options {
                lang: Lang::Fr,
                format: Format::Markdown,
                marking: None,
            },
        )
    });
    assert!(md.starts_with("**Confidentiel**"));
}
