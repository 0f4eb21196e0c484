//! The evaluation plan as the Responsable d'évaluation sends it to ANSSI: scope, referential and
//! version, service kinds, team and roles, phases and timeline, the checks of each phase, and
//! where the plan stands in its validation.

use std::collections::BTreeMap;

use askama::Template;
use chrono::NaiveDate;
use grid::{Method, OutOfScope, Phase, Plan, PlanItem, PlanStatus};

use crate::charts::{self, Gantt, PhaseBar};
use crate::common::{Clean, DASH, Fact, Header, MemberRow, PhaseRow, phase_rows, team_rows};
use crate::i18n::{self, Labels, colon};
use crate::lang::{Format, Lang};
use crate::workspace::{Options, Workspace};

/// The workspace has no evaluation plan to render.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("there is no evaluation plan yet")]
pub struct NoPlan;

/// Renders the evaluation plan of `ws.ledger`.
pub fn render(ws: &Workspace<'_>, options: &Options<'_>) -> Result<String, NoPlan> {
    rendered(ws, options, false)
}

/// The Markdown a paged document (PDF, DOCX) is made from: [`render`]'s, with the timeline as an
/// SVG figure where the HTML shows it.
pub fn render_with_figures(ws: &Workspace<'_>, options: &Options<'_>) -> Result<String, NoPlan> {
    rendered(
        ws,
        &Options {
            format: Format::Markdown,
            ..*options
        },
        true,
    )
}

fn rendered(ws: &Workspace<'_>, options: &Options<'_>, figures: bool) -> Result<String, NoPlan> {
    let plan = ws.ledger.plan.as_ref().ok_or(NoPlan)?;
    let v = PlanView::new(ws, plan, options);
    let rendered = match options.format {
        Format::Markdown => MarkdownPlan { v: &v, figures }.render(),
        Format::Html => HtmlPlan { v: &v }.render(),
    };
    // The templates only format strings; writing into a String cannot fail.
    Ok(rendered.expect("plan templates render"))
}

#[derive(Template)]
#[template(path = "plan.md", escape = "none")]
struct MarkdownPlan<'a> {
    v: &'a PlanView,
    /// The charts as SVG figures (raw HTML blocks), for the paged documents made from the
    /// Markdown.
    figures: bool,
}

#[derive(Template)]
#[template(path = "plan.html")]
struct HtmlPlan<'a> {
    v: &'a PlanView,
}

struct PlanView {
    h: Header,
    t: &'static Labels,
    colon: &'static str,
    status: &'static str,
    status_class: &'static str,
    /// "Validated by ANSSI on …", or what is awaited.
    status_sentence: String,
    /// How the plan conditions the journey's milestone (J1).
    milestone_sentence: Option<String>,
    scope: Vec<ScopeRow>,
    chapters: Vec<ChapterRow>,
    chapters_total: ChapterRow,
    exclusions: Vec<ExclusionRow>,
    centre: String,
    team: Vec<MemberRow>,
    evaluators: Vec<CountRow>,
    phases: Vec<PhaseRow>,
    gantt: Option<Gantt>,
    methods: Vec<CountRow>,
    methods_total: CountRow,
    checks: Vec<PhaseChecks>,
    history: Vec<HistoryRow>,
}

struct ScopeRow {
    label: &'static str,
    value: usize,
}

struct ChapterRow {
    id: String,
    title: String,
    axis: &'static str,
    applicable: usize,
    documentary: usize,
    onsite: usize,
}

struct ExclusionRow {
    id: String,
    reason: &'static str,
    justification: String,
}

/// A label with its count of checks per phase.
struct CountRow {
    label: String,
    documentary: usize,
    onsite: usize,
    total: usize,
}

struct PhaseChecks {
    number: usize,
    title: &'static str,
    /// "315 checks, from … to …".
    summary: String,
    chapters: Vec<ChapterChecks>,
}

struct ChapterChecks {
    id: String,
    title: String,
    items: Vec<ItemRow>,
}

struct ItemRow {
    date: String,
    requirement: String,
    check: String,
    text: String,
    method: &'static str,
    evaluator: String,
}

struct HistoryRow {
    date: String,
    status: &'static str,
    by: String,
    note: String,
}

fn status_class(s: PlanStatus) -> &'static str {
    match s {
        PlanStatus::Draft => "pending",
        PlanStatus::Submitted => "pending",
        PlanStatus::Validated => "reached",
        PlanStatus::ChangesRequested => "late",
    }
}

fn count_in(items: &[&PlanItem], phase: Phase) -> usize {
    items.iter().filter(|i| i.phase == phase).count()
}

impl PlanView {
    fn new(ws: &Workspace<'_>, plan: &Plan, options: &Options<'_>) -> PlanView {
        let lang = options.lang;
        let t = i18n::labels(lang);
        let clean = Clean(options.format);
        let gl = i18n::grid_lang(lang);
        let date = |d: NaiveDate| i18n::date(lang, d);
        let r = ws.referential;

        let mut h = Header::new(ws, options, t.plan_title);
        h.facts.push(Fact {
            label: t.plan_status,
            value: t.plan_status(plan.status).to_owned(),
        });

        let status_sentence = match (plan.validated(), lang) {
            (Some(by), Lang::En) => format!(
                "Validated by ANSSI on {} (recorded by {}).",
                date(by.date),
                clean.text(&by.actor)
            ),
            (Some(by), Lang::Fr) => format!(
                "Validé par l’ANSSI le {} (enregistré par {}).",
                date(by.date),
                clean.text(&by.actor)
            ),
            (None, _) => {
                let last = plan.history.last();
                let since = last.map(|c| date(c.by.date)).unwrap_or_default();
                match (plan.status, lang) {
                    (PlanStatus::Draft, Lang::En) => {
                        format!("Draft since {since}: to be submitted to ANSSI.")
                    }
                    (PlanStatus::Draft, Lang::Fr) => {
                        format!("Brouillon depuis le {since}\u{a0}: à soumettre à l’ANSSI.")
                    }
                    (PlanStatus::Submitted, Lang::En) => {
                        format!("Submitted to ANSSI on {since}: awaiting its validation.")
                    }
                    (PlanStatus::Submitted, Lang::Fr) => {
                        format!("Soumis à l’ANSSI le {since}\u{a0}: en attente de sa validation.")
                    }
                    (_, Lang::En) => format!(
                        "ANSSI asked for changes on {since}: to be revised and submitted again."
                    ),
                    (_, Lang::Fr) => format!(
                        "L’ANSSI a demandé des modifications le {since}\u{a0}: à reprendre et soumettre à nouveau."
                    ),
                }
            }
        };

        // The milestone whose event needs a validated plan (J1 in SecNumCloud).
        let wf = ws.journey.workflow();
        let status = ws.journey.status(ws.today);
        // A surveillance audit's plan conditions no milestone: only its own evaluation.
        let milestone_sentence = wf.milestones().find_map(|(m, events)| {
            let needs_plan = events
                .iter()
                .any(|&e| wf.event(e).guards.iter().any(|g| g.name() == "plan-validated"));
            if !needs_plan || ws.cycle_kind == journey::CycleKind::Surveillance {
                return None;
            }
            let reached = ws.milestone_reached(&status, &m.id);
            let name = format!("{} ({})", clean.text(&m.id), clean.text(i18n::wf_text(lang, &m.label)));
            Some(match (reached, lang) {
                (Some(d), Lang::En) => format!("ANSSI's validation of this plan is a condition of {name}, reached on {}.", date(d)),
                (Some(d), Lang::Fr) => format!("La validation de ce plan par l’ANSSI conditionne le jalon {name}, franchi le {}.", date(d)),
                (None, Lang::En) => format!("ANSSI's validation of this plan is a condition of {name}, not reached yet."),
                (None, Lang::Fr) => format!("La validation de ce plan par l’ANSSI conditionne le jalon {name}, non franchi à ce jour."),
            })
        });

        // Scope.
        let rows = &ws.view.rows;
        let mut other_kinds = 0;
        let mut recommendations = 0;
        let mut informative = 0;
        let mut above_level = 0;
        let mut not_applicable = 0;
        let mut inherited = 0;
        let mut exclusions = Vec::new();
        for row in rows {
            match &row.out_of_scope {
                Some(OutOfScope::ServiceKind { .. }) => other_kinds += 1,
                Some(OutOfScope::Recommendation) => recommendations += 1,
                Some(OutOfScope::Informative) => informative += 1,
                Some(OutOfScope::Level { .. }) => above_level += 1,
                Some(OutOfScope::NotApplicable { justification }) => {
                    not_applicable += 1;
                    exclusions.push(ExclusionRow {
                        id: clean.text(&row.requirement.id),
                        reason: t.v_not_applicable,
                        justification: clean.text(justification),
                    });
                }
                Some(OutOfScope::Inherited { from }) => {
                    inherited += 1;
                    exclusions.push(ExclusionRow {
                        id: clean.text(&row.requirement.id),
                        reason: t.v_inherited,
                        justification: clean.text(from),
                    });
                }
                Some(OutOfScope::NotAssessable) | None => {}
            }
        }
        let mut scope = vec![
            ScopeRow {
                label: t.requirements_in_referential,
                value: r.assessable().count(),
            },
            ScopeRow {
                label: t.other_kinds,
                value: other_kinds,
            },
            ScopeRow {
                label: t.recommendations,
                value: recommendations,
            },
            ScopeRow {
                label: t.informative,
                value: informative,
            },
            ScopeRow {
                label: t.declared_not_applicable,
                value: not_applicable,
            },
            ScopeRow {
                label: t.declared_inherited,
                value: inherited,
            },
            ScopeRow {
                label: t.applicable_requirements,
                value: ws.view.summary.overall.applicable,
            },
        ];
        // Only a referential assessed at the standard level has any.
        if above_level > 0 {
            scope.insert(
                4,
                ScopeRow {
                    label: t.reinforced_level,
                    value: above_level,
                },
            );
        }

        // Items grouped by chapter (referential order); unknown requirements last.
        let chapter_of = |item: &PlanItem| r.get(&item.requirement).map(|q| q.chapter);
        let mut by_chapter: BTreeMap<Option<usize>, Vec<&PlanItem>> = BTreeMap::new();
        for item in &plan.items {
            by_chapter.entry(chapter_of(item)).or_default().push(item);
        }
        let chapters: Vec<ChapterRow> = r
            .chapters
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let items = by_chapter
                    .get(&Some(i))
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                ChapterRow {
                    id: clean.text(&c.id),
                    title: clean.text(c.title.get(gl)),
                    axis: t.axis(c.axis),
                    applicable: ws
                        .view
                        .summary
                        .by_chapter
                        .get(&c.id)
                        .map_or(0, |k| k.applicable),
                    documentary: count_in(items, Phase::Documentary),
                    onsite: count_in(items, Phase::Onsite),
                }
            })
            .collect();
        let all: Vec<&PlanItem> = plan.items.iter().collect();
        let chapters_total = ChapterRow {
            id: String::new(),
            title: t.total.to_owned(),
            axis: "",
            applicable: ws.view.summary.overall.applicable,
            documentary: count_in(&all, Phase::Documentary),
            onsite: count_in(&all, Phase::Onsite),
        };

        // Organisation.
        let team = team_rows(ws, t, clean);
        let mut evaluators: BTreeMap<Option<&str>, Vec<&PlanItem>> = BTreeMap::new();
        for item in &plan.items {
            evaluators
                .entry(item.evaluator.as_deref())
                .or_default()
                .push(item);
        }
        // Named evaluators first, in name order; unassigned checks last.
        let mut evaluators: Vec<(Option<&str>, Vec<&PlanItem>)> = evaluators.into_iter().collect();
        evaluators.sort_by_key(|(e, _)| (e.is_none(), *e));
        let evaluators = evaluators
            .into_iter()
            .map(|(e, items)| CountRow {
                label: e.map_or_else(|| t.unassigned.to_owned(), |e| clean.text(e)),
                documentary: count_in(&items, Phase::Documentary),
                onsite: count_in(&items, Phase::Onsite),
                total: items.len(),
            })
            .collect();

        // Phases and timeline.
        let timeline = plan.timeline();
        let phases = phase_rows(plan, lang, t);
        let checks_word = |n: usize| match lang {
            Lang::En => i18n::count(lang, n, "check", "checks"),
            Lang::Fr => i18n::count(lang, n, "contrôle", "contrôles"),
        };
        let gantt = charts::gantt(
            lang,
            &timeline
                .iter()
                .map(|s| {
                    let class = match s.phase {
                        Phase::Documentary => "phase-documentary",
                        Phase::Onsite => "phase-onsite",
                    };
                    let span = match (s.start, s.end) {
                        (Some(a), Some(b)) => format!("{} – {}", date(a), date(b)),
                        _ => t.not_scheduled.to_owned(),
                    };
                    PhaseBar {
                        label: t.phase(s.phase).to_owned(),
                        start: s.start,
                        end: s.end,
                        class,
                        caption: format!("{span} · {}", checks_word(s.checks)),
                    }
                })
                .collect::<Vec<_>>(),
        );
        let method_row = |m: Option<Method>| {
            let items: Vec<&PlanItem> = plan
                .items
                .iter()
                .filter(|i| m.is_none_or(|m| i.method == m))
                .collect();
            CountRow {
                label: m.map_or_else(|| t.total.to_owned(), |m| t.method(m).to_owned()),
                documentary: count_in(&items, Phase::Documentary),
                onsite: count_in(&items, Phase::Onsite),
                total: items.len(),
            }
        };
        let methods = [
            Method::Documentary,
            Method::Interview,
            Method::TechnicalTest,
            Method::OnSite,
        ]
        .into_iter()
        .map(|m| method_row(Some(m)))
        .filter(|row| row.total > 0)
        .collect();
        let methods_total = method_row(None);

        // The checks of each phase, by chapter.
        let checks = [Phase::Documentary, Phase::Onsite]
            .into_iter()
            .enumerate()
            .map(|(n, phase)| {
                let span = timeline.iter().find(|s| s.phase == phase);
                let count = span.map_or(0, |s| s.checks);
                let summary = match (span.and_then(|s| s.start), span.and_then(|s| s.end), lang) {
                    (Some(a), Some(b), Lang::En) => {
                        format!("{}, from {} to {}.", checks_word(count), date(a), date(b))
                    }
                    (Some(a), Some(b), Lang::Fr) => {
                        format!("{}, du {} au {}.", checks_word(count), date(a), date(b))
                    }
                    _ => format!("{}.", checks_word(count)),
                };
                let chapters = by_chapter
                    .iter()
                    .filter_map(|(chapter, items)| {
                        let items: Vec<ItemRow> = items
                            .iter()
                            .filter(|i| i.phase == phase)
                            .map(|i| {
                                let text = r
                                    .get(&i.requirement)
                                    .and_then(|q| q.checks.iter().find(|c| c.id == i.check))
                                    .map(|c| clean.text(c.text.get(gl)))
                                    .unwrap_or_default();
                                ItemRow {
                                    date: i.date.map_or_else(|| DASH.to_owned(), date),
                                    requirement: clean.text(&i.requirement),
                                    check: clean.text(&i.check),
                                    text,
                                    method: t.method(i.method),
                                    evaluator: i
                                        .evaluator
                                        .as_deref()
                                        .map_or_else(|| t.unassigned.to_owned(), |e| clean.text(e)),
                                }
                            })
                            .collect();
                        if items.is_empty() {
                            return None;
                        }
                        let (id, title) = match chapter {
                            Some(c) => (
                                clean.text(&r.chapters[*c].id),
                                clean.text(r.chapters[*c].title.get(gl)),
                            ),
                            None => (DASH.to_owned(), String::new()),
                        };
                        Some(ChapterChecks { id, title, items })
                    })
                    .collect();
                PhaseChecks {
                    number: n + 1,
                    title: t.phase(phase),
                    summary,
                    chapters,
                }
            })
            .collect();

        let history = plan
            .history
            .iter()
            .map(|c| HistoryRow {
                date: date(c.by.date),
                status: t.plan_status(c.status),
                by: clean.text(&c.by.actor),
                note: c
                    .note
                    .as_deref()
                    .map_or_else(String::new, |n| clean.text(n)),
            })
            .collect();

        PlanView {
            h,
            t,
            colon: colon(lang),
            status: t.plan_status(plan.status),
            status_class: status_class(plan.status),
            status_sentence,
            milestone_sentence,
            scope,
            chapters,
            chapters_total,
            exclusions,
            centre: ws
                .evaluation_centre
                .map_or_else(|| t.not_named.to_owned(), |c| clean.text(c)),
            team,
            evaluators,
            phases,
            gantt,
            methods,
            methods_total,
            checks,
            history,
        }
    }
}
