//! The summary report ("rapport de synthèse") that goes with the evaluation form, in three parts:
//!
//! - **managerial**: where the journey stands, the assessment so far, non-conformities by
//!   severity, the risks that matter, the next deadlines and what it takes to reach the decision;
//! - **organizational** and **technical**: the chapters of each axis of the referential, with
//!   results per chapter, nonconform requirements, findings, corrective actions and exclusions.
//!
//! Every finding is in exactly one of the two axis parts: the axis of its first requirement's
//! chapter ([`Workspace::axis_of`]). Evidence is cited by id and title, restricted evidence by id
//! only; paths are never cited.

use std::collections::BTreeMap;

use askama::Template;
use chrono::NaiveDate;
use grid::{Axis, Finding, FindingStatus, OutOfScope, PlanStatus, Severity, Verdict};
use journey::{Blocker, DeadlineStatus, EventIx};

use crate::charts::{self, BarChart, BarInput, Stepper};
use crate::common::{
    Clean, DASH, EvidenceRow, Header, MemberRow, PhaseRow, cite, evidence_rows, phase_rows,
    team_rows,
};
use crate::i18n::{self, Labels, colon, count, list};
use crate::lang::{Format, Lang};
use crate::workspace::{Options, Workspace};

/// Renders the summary report.
pub fn render(ws: &Workspace<'_>, options: &Options<'_>) -> String {
    rendered(ws, options, false)
}

/// The Markdown a paged document (PDF, DOCX) is made from: [`render`]'s, with each chart as an
/// SVG figure where the HTML shows it.
pub fn render_with_figures(ws: &Workspace<'_>, options: &Options<'_>) -> String {
    rendered(
        ws,
        &Options {
            format: Format::Markdown,
            ..*options
        },
        true,
    )
}

fn rendered(ws: &Workspace<'_>, options: &Options<'_>, figures: bool) -> String {
    let v = SummaryView::new(ws, options);
    let rendered = match options.format {
        Format::Markdown => MarkdownSummary { v: &v, figures }.render(),
        Format::Html => HtmlSummary { v: &v }.render(),
    };
    // The templates only format strings; writing into a String cannot fail.
    rendered.expect("summary templates render")
}

#[derive(Template)]
#[template(path = "summary.md", escape = "none")]
struct MarkdownSummary<'a> {
    v: &'a SummaryView,
    /// The charts as SVG figures (raw HTML blocks), for the paged documents made from the
    /// Markdown.
    figures: bool,
}

#[derive(Template)]
#[template(path = "summary.html")]
struct HtmlSummary<'a> {
    v: &'a SummaryView,
}

/// The whole report, every value a display string in the chosen language.
struct SummaryView {
    h: Header,
    t: &'static Labels,
    colon: &'static str,
    state: String,
    milestones: Vec<MilestoneRow>,
    events: Vec<EventRow>,
    qualification: Option<QualificationView>,
    journey_chart: Stepper,
    appraisal: String,
    overall: CountsRow,
    chapters_chart: BarChart,
    severities: Vec<SeverityRow>,
    severity_total: SeverityRow,
    /// Unresolved major findings, for the headline.
    unresolved_majors: usize,
    severity_chart: BarChart,
    risks: Vec<Risk>,
    deadlines: Vec<DueRow>,
    final_heading: String,
    final_reached: Option<String>,
    steps: Vec<String>,
    conditions: Vec<String>,
    axes: Vec<AxisView>,
    evidence: Vec<EvidenceRow>,
    centre: CentreView,
}

/// What the evaluation centre wrote (its narrative acts), and who did the evaluation when.
struct CentreView {
    /// The opinion's words, the justification, and "by X on D".
    conclusion: Option<(String, String, String)>,
    /// The managerial part's commentary.
    managerial: Option<String>,
    residual_risks: Vec<String>,
    recommendations: Vec<String>,
    team: Vec<MemberRow>,
    /// The plan's phases that have checks.
    phases: Vec<PhaseRow>,
    /// The qualified services relied on, with their validity on the report's date.
    reliances: Vec<RelianceRow>,
}

struct RelianceRow {
    name: String,
    state: &'static str,
    holds: bool,
    until: String,
    requirements: String,
}

struct MilestoneRow {
    id: String,
    label: String,
    date: String,
    reached: bool,
}

struct EventRow {
    date: String,
    label: String,
}

struct QualificationView {
    decided: String,
    valid_until: String,
    reserves: Option<String>,
}

/// A line of counts: a chapter, an axis or the whole grid.
struct CountsRow {
    id: String,
    title: String,
    applicable: usize,
    assessed: usize,
    conform: usize,
    nonconform: usize,
    not_assessed: usize,
    not_applicable: usize,
    inherited: usize,
    readiness: String,
}

struct SeverityRow {
    label: &'static str,
    class: &'static str,
    unresolved: usize,
    open: usize,
    action_planned: usize,
    remediated: usize,
    closed: usize,
    withdrawn: usize,
    total: usize,
}

struct Risk {
    kind: &'static str,
    text: String,
}

struct DueRow {
    date: String,
    what: String,
}

struct AxisView {
    /// "2", "3": the part's number.
    number: &'static str,
    /// The centre's commentary opening the part.
    commentary: Option<String>,
    anchor: &'static str,
    title: &'static str,
    chapters_sentence: String,
    chapters: Vec<CountsRow>,
    total: CountsRow,
    nonconform: Vec<RequirementRow>,
    findings: Vec<FindingView>,
    actions: Vec<ActionRow>,
    exclusions: Vec<ExclusionRow>,
}

struct RequirementRow {
    id: String,
    summary: String,
    findings: String,
}

struct FindingView {
    id: String,
    title: String,
    requirements: String,
    /// The first requirement's summary, in the report's language.
    requirement_summary: String,
    severity: &'static str,
    severity_class: &'static str,
    status: &'static str,
    evidence: String,
    description: Option<String>,
    root_cause: Option<String>,
    history: String,
}

struct ActionRow {
    finding: String,
    action: String,
    owner: String,
    due: String,
    overdue: bool,
    status: &'static str,
}

struct ExclusionRow {
    id: String,
    reason: &'static str,
    justification: String,
}

/// Counts of one slice of the grid.
#[derive(Default, Clone)]
struct Tally {
    applicable: usize,
    assessed: usize,
    conform: usize,
    nonconform: usize,
    not_applicable: usize,
    inherited: usize,
}

impl Tally {
    /// Whether any requirement of it is in the cycle's grid (a surveillance audit's scope leaves
    /// whole chapters out).
    fn in_scope(&self) -> bool {
        self.applicable + self.not_applicable + self.inherited > 0
    }

    /// The counts of chapter `id` in the cycle's grid (none when it has no requirement there).
    fn of_chapter(ws: &Workspace<'_>, id: &str) -> Tally {
        ws.view
            .summary
            .by_chapter
            .get(id)
            .map(Tally::of)
            .unwrap_or_default()
    }

    fn of(c: &grid::Counts) -> Tally {
        Tally {
            applicable: c.applicable,
            assessed: c.assessed,
            conform: c.conform,
            nonconform: c.nonconform,
            not_applicable: c.not_applicable,
            inherited: c.inherited,
        }
    }

    fn add(&mut self, o: &Tally) {
        self.applicable += o.applicable;
        self.assessed += o.assessed;
        self.conform += o.conform;
        self.nonconform += o.nonconform;
        self.not_applicable += o.not_applicable;
        self.inherited += o.inherited;
    }

    fn readiness(&self) -> f64 {
        if self.applicable == 0 {
            0.0
        } else {
            (1000.0 * self.conform as f64 / self.applicable as f64).round() / 10.0
        }
    }

    fn row(&self, lang: Lang, id: String, title: String) -> CountsRow {
        CountsRow {
            id,
            title,
            applicable: self.applicable,
            assessed: self.assessed,
            conform: self.conform,
            nonconform: self.nonconform,
            not_assessed: self.applicable - self.assessed,
            not_applicable: self.not_applicable,
            inherited: self.inherited,
            readiness: if self.applicable == 0 {
                DASH.to_owned()
            } else {
                i18n::percent(lang, self.readiness())
            },
        }
    }
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Major => "sev-major",
        Severity::Minor => "sev-minor",
        Severity::Observation => "sev-observation",
    }
}

impl SummaryView {
    fn new(ws: &Workspace<'_>, options: &Options<'_>) -> SummaryView {
        let lang = options.lang;
        let t = i18n::labels(lang);
        let clean = Clean(options.format);
        let gl = i18n::grid_lang(lang);
        let wf = ws.journey.workflow();
        let status = ws.journey.status(ws.today);
        let date = |d: NaiveDate| i18n::date(lang, d);

        // Where the journey stands, in the cycle reported on.
        let milestone_defs: Vec<_> = wf.milestones().collect();
        let reached = |id: &str| ws.milestone_reached(&status, id);
        let milestones: Vec<MilestoneRow> = milestone_defs
            .iter()
            .map(|(m, _)| {
                let on = reached(&m.id);
                MilestoneRow {
                    id: clean.text(&m.id),
                    label: clean.text(i18n::wf_text(lang, &m.label)),
                    date: on.map_or_else(|| t.not_reached.to_owned(), date),
                    reached: on.is_some(),
                }
            })
            .collect();
        let journey_chart = charts::stepper(
            lang,
            &milestone_defs
                .iter()
                .map(|(m, _)| {
                    (
                        m.id.clone(),
                        i18n::wf_text(lang, &m.label).to_owned(),
                        reached(&m.id),
                    )
                })
                .collect::<Vec<_>>(),
        );
        let events = ws
            .events
            .iter()
            .filter_map(|(e, d)| wf.event_index(e).map(|e| (e, *d)))
            .map(|(e, d)| EventRow {
                date: date(d),
                label: clean.text(i18n::wf_text(lang, &wf.event(e).label)),
            })
            .collect();
        let state = clean.text(i18n::wf_text(lang, &wf.state(ws.journey.state()).label));
        let qualification = status.qualification.as_ref().map(|q| QualificationView {
            decided: date(q.decided),
            valid_until: date(q.expires),
            reserves: q.reserves.as_deref().map(|r| clean.text(r)),
        });

        // Results.
        let overall_tally = Tally::of(&ws.view.summary.overall);
        let overall = overall_tally.row(lang, String::new(), t.total.to_owned());
        let chapter_tally = |id: &str| Tally::of_chapter(ws, id);
        let chapters_chart = charts::bars(
            ws.referential
                .chapters
                .iter()
                .filter(|c| chapter_tally(&c.id).in_scope())
                .map(|c| {
                    let k = chapter_tally(&c.id);
                    BarInput {
                        label: format!("{} · {}", c.id, c.title.get(gl)),
                        parts: vec![
                            (k.conform, "seg-conform"),
                            (k.nonconform, "seg-nonconform"),
                            (k.applicable - k.assessed, "seg-unassessed"),
                        ],
                        value: format!(
                            "{}/{} · {}",
                            k.assessed,
                            k.applicable,
                            i18n::percent(lang, k.readiness())
                        ),
                    }
                })
                .collect(),
            vec![
                ("seg-conform", t.conform.to_owned()),
                ("seg-nonconform", t.nonconform.to_owned()),
                ("seg-unassessed", t.not_assessed.to_owned()),
            ],
            None,
            300.0,
        );

        // Findings by severity.
        let findings: Vec<&Finding> = ws.ledger.findings.values().collect();
        let severity_row = |s: Option<Severity>| {
            let of = |st: FindingStatus| {
                findings
                    .iter()
                    .filter(|f| s.is_none_or(|s| f.severity == s) && f.status == st)
                    .count()
            };
            let (open, action_planned, remediated) = (
                of(FindingStatus::Open),
                of(FindingStatus::ActionPlanned),
                of(FindingStatus::Remediated),
            );
            let (closed, withdrawn) = (of(FindingStatus::Closed), of(FindingStatus::Withdrawn));
            SeverityRow {
                label: s.map_or(t.total, |s| t.severity(s)),
                class: s.map_or("", severity_class),
                unresolved: open + action_planned + remediated,
                open,
                action_planned,
                remediated,
                closed,
                withdrawn,
                total: open + action_planned + remediated + closed + withdrawn,
            }
        };
        let severities: Vec<SeverityRow> = Severity::ALL
            .iter()
            .map(|&s| severity_row(Some(s)))
            .collect();
        let severity_total = severity_row(None);
        let max_total = severities.iter().map(|s| s.total).max().unwrap_or(0);
        let severity_chart = charts::bars(
            Severity::ALL
                .iter()
                .zip(&severities)
                .map(|(&s, row)| BarInput {
                    label: t.severity_short(s).to_owned(),
                    parts: vec![
                        (row.unresolved, "seg-unresolved"),
                        (row.closed + row.withdrawn, "seg-resolved"),
                    ],
                    value: format!("{} / {}", row.unresolved, row.total),
                })
                .collect(),
            vec![
                ("seg-unresolved", t.unresolved.to_owned()),
                ("seg-resolved", t.resolved.to_owned()),
            ],
            Some(max_total),
            120.0,
        );

        let appraisal = appraisal(ws, lang, t, clean, &status, &overall_tally);
        let risks = risks(ws, lang, t, clean, &status);
        let deadlines = deadlines(ws, lang, t, clean, &status);
        let (final_heading, final_reached, steps, conditions) =
            to_decision(ws, lang, t, clean, &status);

        let axes = [Axis::Organizational, Axis::Technical]
            .into_iter()
            .map(|axis| axis_view(ws, axis, lang, t, clean))
            .collect();

        let mut h = Header::new(ws, options, t.summary_title);
        let identity = ws.ledger.narrative.identity.as_ref();
        let or_not = |v: Option<String>| v.unwrap_or_else(|| t.not_recorded.to_owned());
        h.facts.extend([
            crate::common::Fact {
                label: t.report_reference,
                value: or_not(identity.map(|i| clean.text(&i.reference))),
            },
            crate::common::Fact {
                label: t.report_version,
                value: or_not(identity.map(|i| clean.text(&i.version))),
            },
            crate::common::Fact {
                label: t.report_author,
                value: or_not(identity.map(|i| clean.text(&i.by.actor))),
            },
            crate::common::Fact {
                label: t.report_approver,
                value: or_not(
                    identity
                        .and_then(|i| i.approver.as_deref())
                        .map(|a| clean.text(a)),
                ),
            },
        ]);
        SummaryView {
            h,
            t,
            colon: colon(lang),
            state,
            milestones,
            events,
            qualification,
            journey_chart,
            appraisal,
            overall,
            chapters_chart,
            severities,
            severity_total,
            unresolved_majors: open_majors(ws).len(),
            severity_chart,
            risks,
            deadlines,
            final_heading,
            final_reached,
            steps,
            conditions,
            axes,
            evidence: evidence_rows(ws.ledger, lang, clean, t),
            centre: centre_view(ws, lang, t, clean),
        }
    }
}

/// The centre's conclusion, risks, recommendations and commentary, the team and the phases.
fn centre_view(ws: &Workspace<'_>, lang: Lang, t: &'static Labels, clean: Clean) -> CentreView {
    let n = &ws.ledger.narrative;
    let by = |s: &grid::Stamp| {
        let (actor, date) = (clean.text(&s.actor), i18n::date(lang, s.date));
        match lang {
            Lang::En => format!("recorded by {actor} on {date}"),
            Lang::Fr => format!("enregistré par {actor} le {date}"),
        }
    };
    let phases = ws
        .ledger
        .plan
        .as_ref()
        .map(|p| {
            phase_rows(p, lang, t)
                .into_iter()
                .filter(|p| p.checks > 0)
                .collect()
        })
        .unwrap_or_default();
    CentreView {
        conclusion: n.conclusion.as_ref().map(|c| {
            (
                t.opinion(c.opinion).to_owned(),
                clean.text(&c.justification),
                by(&c.by),
            )
        }),
        managerial: n
            .commentary
            .get(&grid::ReportPart::Managerial)
            .map(|c| clean.text(&c.text)),
        residual_risks: n
            .residual_risks
            .iter()
            .map(|r| clean.text(&r.text))
            .collect(),
        recommendations: n
            .recommendations
            .iter()
            .map(|r| clean.text(&r.text))
            .collect(),
        team: team_rows(ws, t, clean),
        reliances: ws
            .reliances
            .iter()
            .map(|r| RelianceRow {
                name: clean.text(&format!("{} ({})", r.name, r.id)),
                state: t.base_state(r.state),
                holds: r.state == "qualified",
                until: r
                    .qualified_until
                    .map_or_else(|| DASH.to_owned(), |d| d.to_string()),
                requirements: clean.text(&r.requirements.join(", ")),
            })
            .collect(),
        phases,
    }
}

/// The verdict so far, or how far the evaluation is.
fn appraisal(
    ws: &Workspace<'_>,
    lang: Lang,
    t: &Labels,
    clean: Clean,
    status: &journey::Status,
    all: &Tally,
) -> String {
    let wf = ws.journey.workflow();
    let date = |d: NaiveDate| i18n::date(lang, d);
    let state = i18n::wf_text(lang, &wf.state(ws.journey.state()).label);
    let open_major = open_majors(ws).len();
    // Past the initial evaluation, the cycle's own outcome comes first: a surveillance audit or a
    // renewal is reported on by where it stands, then the qualification it bears on.
    let mut cycle = String::new();
    if ws.cycle_kind != journey::CycleKind::Initial
        && let Some((event, on)) = ws
            .events
            .iter()
            .rev()
            .find_map(|(e, d)| wf.event_index(e).map(|e| (e, *d)))
    {
        let kind = t.cycle_kind(ws.cycle_kind);
        let id = clean.text(ws.cycle);
        let label = clean.text(i18n::wf_text(lang, &wf.event(event).label));
        cycle = match lang {
            Lang::En => format!("{kind} ({id}): last event on {}, “{label}”. ", date(on)),
            Lang::Fr => format!(
                "{kind} ({id})\u{a0}: dernier événement le {}, «\u{a0}{label}\u{a0}». ",
                date(on)
            ),
        };
    }
    if let Some(q) = &status.qualification {
        let initial = ws.cycle_kind == journey::CycleKind::Initial;
        let base = if status.qualified && !initial {
            match lang {
                Lang::En => format!(
                    "The qualification decided on {} holds until {}.",
                    date(q.decided),
                    date(q.expires)
                ),
                Lang::Fr => format!(
                    "La qualification prononcée le {} court jusqu’au {}.",
                    date(q.decided),
                    date(q.expires)
                ),
            }
        } else if status.qualified {
            match lang {
                Lang::En => format!(
                    "The service is qualified: decision of {}, valid until {}.",
                    date(q.decided),
                    date(q.expires)
                ),
                Lang::Fr => format!(
                    "Le service est qualifié\u{a0}: décision du {}, valable jusqu’au {}.",
                    date(q.decided),
                    date(q.expires)
                ),
            }
        } else {
            match lang {
                Lang::En => format!(
                    "The qualification decided on {} no longer holds (state: {state}).",
                    date(q.decided)
                ),
                Lang::Fr => format!(
                    "La qualification prononcée le {} n’est plus valide (état\u{a0}: {state}).",
                    date(q.decided)
                ),
            }
        };
        return match (q.reserves.as_deref().map(|r| clean.text(r)), lang) {
            (Some(r), Lang::En) if !initial => {
                format!("{cycle}{base} Reserves of the decision: {r}")
            }
            (Some(r), Lang::Fr) if !initial => {
                format!("{cycle}{base} Réserves de la décision\u{a0}: {r}")
            }
            (Some(r), Lang::En) => format!("{cycle}{base} Reserves: {r}"),
            (Some(r), Lang::Fr) => format!("{cycle}{base} Réserves\u{a0}: {r}"),
            (None, _) => format!("{cycle}{base}"),
        };
    }
    if let Some((last, _)) = wf.milestones().last()
        && let Some(on) = status
            .milestones
            .iter()
            .find(|m| m.id == last.id)
            .and_then(|m| m.reached)
    {
        return match lang {
            Lang::En => format!("Decision of {}: {state}.", date(on)),
            Lang::Fr => format!("Décision du {}\u{a0}: {state}.", date(on)),
        };
    }
    let readiness = i18n::percent(lang, all.readiness());
    let unassessed = all.applicable - all.assessed;
    if all.assessed == 0 {
        return t_sentence(
            lang,
            "No requirement has been assessed yet: no conclusion can be drawn at this stage.",
            "Aucune exigence n’est encore évaluée\u{a0}: aucune conclusion ne peut être tirée à ce stade.",
        );
    }
    if unassessed > 0 {
        return match lang {
            Lang::En => format!(
                "Evaluation in progress: {} of {} applicable requirements assessed ({} conform, {} nonconform), a readiness of {readiness}; {} remain to be assessed, so no conclusion can be drawn yet.",
                all.assessed, all.applicable, all.conform, all.nonconform, unassessed
            ),
            Lang::Fr => format!(
                "Évaluation en cours\u{a0}: {} sur {} exigences applicables {} ({} conforme{}, {} non conforme{}), soit un taux de conformité de {readiness}\u{a0}; {} {} à évaluer\u{a0}: aucune conclusion ne peut encore être tirée.",
                all.assessed,
                all.applicable,
                if all.assessed <= 1 {
                    "évaluée"
                } else {
                    "évaluées"
                },
                all.conform,
                if all.conform <= 1 { "" } else { "s" },
                all.nonconform,
                if all.nonconform <= 1 { "" } else { "s" },
                unassessed,
                if unassessed <= 1 { "reste" } else { "restent" },
            ),
        };
    }
    let _ = t;
    if open_major > 0 {
        return match lang {
            Lang::En => format!(
                "Every applicable requirement is assessed ({} conform, {} nonconform); {} in the way of a qualification without reserves.",
                all.conform,
                all.nonconform,
                count(
                    lang,
                    open_major,
                    "unresolved major non-conformity stands",
                    "unresolved major non-conformities stand"
                )
            ),
            Lang::Fr => format!(
                "Toutes les exigences applicables sont évaluées ({} conformes, {} non conformes)\u{a0}; {} {} à une qualification sans réserve.",
                all.conform,
                all.nonconform,
                count(
                    lang,
                    open_major,
                    "non-conformité majeure non soldée",
                    "non-conformités majeures non soldées"
                ),
                if open_major <= 1 {
                    "s’oppose"
                } else {
                    "s’opposent"
                }
            ),
        };
    }
    match lang {
        Lang::En => format!(
            "Every applicable requirement is assessed ({} conform, {} nonconform) and no major non-conformity is unresolved: nothing in the grid stands in the way of the qualification.",
            all.conform, all.nonconform
        ),
        Lang::Fr => format!(
            "Toutes les exigences applicables sont évaluées ({} conformes, {} non conformes) et aucune non-conformité majeure n’est en suspens\u{a0}: rien dans la grille ne s’oppose à la qualification.",
            all.conform, all.nonconform
        ),
    }
}

fn t_sentence(lang: Lang, en: &str, fr: &str) -> String {
    match lang {
        Lang::En => en.to_owned(),
        Lang::Fr => fr.to_owned(),
    }
}

/// Unresolved major findings, by id.
fn open_majors<'a>(ws: &Workspace<'a>) -> Vec<&'a Finding> {
    ws.ledger
        .findings
        .values()
        .filter(|f| f.severity == Severity::Major && f.status.is_open())
        .collect()
}

/// "12.3.a", "12.3.a, 12.4.a".
fn requirement_ids(f: &Finding, clean: Clean) -> String {
    f.requirements
        .iter()
        .map(|r| clean.text(r))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The risks that matter: unresolved major findings first, then overdue corrective actions,
/// overdue deadlines, and a qualification that lapsed or is about to.
fn risks(
    ws: &Workspace<'_>,
    lang: Lang,
    t: &Labels,
    clean: Clean,
    status: &journey::Status,
) -> Vec<Risk> {
    let date = |d: NaiveDate| i18n::date(lang, d);
    let c = colon(lang);
    let mut out = Vec::new();
    for f in open_majors(ws) {
        let state = t.finding_status(f.status).to_lowercase();
        let action = match (&f.action, lang) {
            (Some(a), Lang::En) if f.action_overdue(ws.today) => {
                format!("; corrective action due {}, {}", date(a.due), t.overdue)
            }
            (Some(a), Lang::Fr) if f.action_overdue(ws.today) => {
                format!(
                    "\u{a0}; action corrective attendue le {}, {}",
                    date(a.due),
                    t.overdue
                )
            }
            (Some(a), Lang::En) => format!(", due {}", date(a.due)),
            (Some(a), Lang::Fr) => format!(", échéance le {}", date(a.due)),
            (None, Lang::En) => "; no corrective action planned yet".to_owned(),
            (None, Lang::Fr) => "\u{a0}; aucune action corrective planifiée".to_owned(),
        };
        let req = match lang {
            Lang::En => "requirement",
            Lang::Fr => "exigence",
        };
        out.push(Risk {
            kind: t.risk_open_major,
            text: format!(
                "{} — {} ({req} {}){c} {state}{action}.",
                clean.text(&f.id),
                clean.text(&f.title),
                requirement_ids(f, clean)
            ),
        });
    }
    let mut late: Vec<&Finding> = ws
        .ledger
        .findings
        .values()
        .filter(|f| f.severity != Severity::Major && f.action_overdue(ws.today))
        .collect();
    late.sort_by_key(|f| f.action.as_ref().map(|a| a.due));
    for f in late {
        if let Some(a) = &f.action {
            let days = (ws.today - a.due).num_days();
            out.push(Risk {
                kind: t.risk_overdue_action,
                text: match lang {
                    Lang::En => format!(
                        "{} — {} ({}): due {}, {} late (owner: {}).",
                        clean.text(&f.id),
                        clean.text(&f.title),
                        t.severity(f.severity).to_lowercase(),
                        date(a.due),
                        count(lang, days as usize, "day", "days"),
                        clean.text(&a.owner)
                    ),
                    Lang::Fr => format!(
                        "{} — {} ({})\u{a0}: échéance du {} dépassée de {} (responsable\u{a0}: {}).",
                        clean.text(&f.id),
                        clean.text(&f.title),
                        t.severity(f.severity).to_lowercase(),
                        date(a.due),
                        count(lang, days as usize, "jour", "jours"),
                        clean.text(&a.owner)
                    ),
                },
            });
        }
    }
    for d in status
        .deadlines
        .iter()
        .filter(|d| d.status == DeadlineStatus::Overdue)
    {
        out.push(Risk {
            kind: t.risk_overdue_deadline,
            text: match lang {
                Lang::En => format!("{}, due {}.", t.deadline_kind(d.kind), date(d.due)),
                Lang::Fr => format!("{}, prévu le {}.", t.deadline_kind(d.kind), date(d.due)),
            },
        });
    }
    if let Some(q) = &status.qualification {
        let warning = i64::from(ws.journey.workflow().cadences().expiry_warning_days);
        if !status.qualified {
            let state = i18n::wf_text(lang, &ws.journey.workflow().state(ws.journey.state()).label);
            out.push(Risk {
                kind: t.risk_lapsed,
                text: match lang {
                    Lang::En => format!(
                        "The qualification decided on {} does not hold on {} (state: {state}).",
                        date(q.decided),
                        date(ws.today)
                    ),
                    Lang::Fr => format!(
                        "La qualification prononcée le {} ne vaut plus au {} (état\u{a0}: {state}).",
                        date(q.decided),
                        date(ws.today)
                    ),
                },
            });
        } else if q.days_left <= warning {
            out.push(Risk {
                kind: t.risk_expiry,
                text: match lang {
                    Lang::En => format!(
                        "The qualification expires on {} ({} left).",
                        date(q.expires),
                        count(lang, q.days_left.max(0) as usize, "day", "days")
                    ),
                    Lang::Fr => format!(
                        "La qualification expire le {} (dans {}).",
                        date(q.expires),
                        count(lang, q.days_left.max(0) as usize, "jour", "jours")
                    ),
                },
            });
        }
    }
    out
}

/// What falls due from today on: the journey's deadlines, corrective actions, plan phases.
fn deadlines(
    ws: &Workspace<'_>,
    lang: Lang,
    t: &Labels,
    clean: Clean,
    status: &journey::Status,
) -> Vec<DueRow> {
    let mut due: Vec<(NaiveDate, String)> = Vec::new();
    for d in status
        .deadlines
        .iter()
        .filter(|d| d.status == DeadlineStatus::Upcoming)
    {
        due.push((d.due, t.deadline_kind(d.kind).to_owned()));
    }
    for f in ws.ledger.findings.values() {
        if let Some(a) = &f.action
            && f.status == FindingStatus::ActionPlanned
            && a.due >= ws.today
        {
            due.push((
                a.due,
                match lang {
                    Lang::En => format!(
                        "Corrective action of {} ({}; owner: {})",
                        clean.text(&f.id),
                        t.severity(f.severity).to_lowercase(),
                        clean.text(&a.owner)
                    ),
                    Lang::Fr => format!(
                        "Action corrective du constat {} ({}\u{a0}; responsable\u{a0}: {})",
                        clean.text(&f.id),
                        t.severity(f.severity).to_lowercase(),
                        clean.text(&a.owner)
                    ),
                },
            ));
        }
    }
    if let Some(plan) = &ws.ledger.plan {
        for span in plan.timeline() {
            let phase = t.phase(span.phase);
            if let Some(s) = span.start.filter(|s| *s >= ws.today) {
                due.push((
                    s,
                    match lang {
                        Lang::En => format!("Start of the {}", phase.to_lowercase()),
                        Lang::Fr => format!("Début de l’{}", phase.to_lowercase()),
                    },
                ));
            }
            if let Some(e) = span.end.filter(|e| *e >= ws.today) {
                due.push((
                    e,
                    match lang {
                        Lang::En => format!("End of the {}", phase.to_lowercase()),
                        Lang::Fr => format!("Fin de l’{}", phase.to_lowercase()),
                    },
                ));
            }
        }
    }
    due.sort();
    due.into_iter()
        .take(10)
        .map(|(d, what)| DueRow {
            date: i18n::date(lang, d),
            what,
        })
        .collect()
}

/// The heading, the decision if taken, the remaining steps to the last milestone, and the
/// conditions the workflow sets on them that the workspace does not meet yet.
fn to_decision(
    ws: &Workspace<'_>,
    lang: Lang,
    t: &Labels,
    clean: Clean,
    status: &journey::Status,
) -> (String, Option<String>, Vec<String>, Vec<String>) {
    let wf = ws.journey.workflow();
    let milestones: Vec<_> = wf.milestones().collect();
    let Some((last, _)) = milestones.last() else {
        return (String::new(), None, Vec::new(), Vec::new());
    };
    let target = format!(
        "{} ({})",
        clean.text(&last.id),
        clean.text(i18n::wf_text(lang, &last.label))
    );
    let heading = match lang {
        Lang::En => format!("What it takes to reach {target}"),
        Lang::Fr => format!("Ce qu’il reste à faire pour atteindre {target}"),
    };
    let reached = |id: &str| ws.milestone_reached(status, id);
    if let Some(on) = reached(&last.id) {
        let text = match lang {
            Lang::En => format!(
                "{} was reached on {}.",
                clean.text(&last.id),
                i18n::date(lang, on)
            ),
            Lang::Fr => format!(
                "{} a été franchi le {}.",
                clean.text(&last.id),
                i18n::date(lang, on)
            ),
        };
        return (heading, Some(text), Vec::new(), Vec::new());
    }
    // Each milestone not reached yet is reached by its first event; before it come the events it
    // requires that the cycle does not hold (a surveillance audit: the journey's current one).
    let done: Vec<EventIx> = if ws.cycle_kind == journey::CycleKind::Surveillance {
        ws.journey.cycle().iter().map(|&(e, _)| e).collect()
    } else {
        ws.events
            .iter()
            .filter_map(|(e, _)| wf.event_index(e))
            .collect()
    };
    let mut steps: Vec<EventIx> = Vec::new();
    fn visit(wf: &journey::Workflow, e: EventIx, done: &[EventIx], steps: &mut Vec<EventIx>) {
        if done.contains(&e) || steps.contains(&e) {
            return;
        }
        for &r in wf.requires(e) {
            visit(wf, r, done, steps);
        }
        steps.push(e);
    }
    for (m, events) in &milestones {
        if reached(&m.id).is_none()
            && let Some(&first) = events.first()
        {
            visit(wf, first, &done, &mut steps);
        }
    }
    let mut guards: Vec<journey::Guard> = Vec::new();
    for &e in &steps {
        for g in &wf.event(e).guards {
            if !guards.contains(g) {
                guards.push(*g);
            }
        }
    }
    // The journey says what each guard still asks (typed); the report only says it in words.
    let conditions = guards
        .into_iter()
        .filter_map(|g| ws.journey.guard_fails(g, ws.today, false, ws.facts))
        .filter_map(|b| condition(ws, &b, lang, t, clean))
        .collect();
    let steps = steps
        .into_iter()
        .map(|e| clean.text(i18n::wf_text(lang, &wf.event(e).label)))
        .collect();
    (heading, None, steps, conditions)
}

/// What a blocker of the next steps asks of the workspace, in words.
fn condition(
    ws: &Workspace<'_>,
    blocker: &Blocker,
    lang: Lang,
    t: &Labels,
    clean: Clean,
) -> Option<String> {
    match blocker {
        Blocker::Unassessed { requirements, .. } => {
            let mut by_chapter: BTreeMap<usize, usize> = BTreeMap::new();
            // Entries of a referential assessed beside the service's own come as `<id> <req>`:
            // counted by referential.
            let mut beside: BTreeMap<&str, usize> = BTreeMap::new();
            for id in requirements {
                if let Some(r) = ws.referential.get(id) {
                    *by_chapter.entry(r.chapter).or_default() += 1;
                } else if let Some((referential, _)) = id.split_once(' ') {
                    *beside.entry(referential).or_default() += 1;
                }
            }
            let mut parts: Vec<String> = by_chapter
                .iter()
                .map(|(&c, &n)| {
                    format!(
                        "{} {} ({n})",
                        t.chapter.to_lowercase(),
                        ws.referential.chapters[c].id
                    )
                })
                .collect();
            parts.extend(
                beside
                    .iter()
                    .map(|(r, n)| format!("{} ({n})", clean.text(r))),
            );
            let n = requirements.len();
            Some(match lang {
                Lang::En => format!(
                    "{} to be assessed: {}.",
                    count(
                        lang,
                        n,
                        "applicable requirement remains",
                        "applicable requirements remain"
                    ),
                    list(lang, &parts)
                ),
                Lang::Fr => format!(
                    "{} à évaluer\u{a0}: {}.",
                    count(
                        lang,
                        n,
                        "exigence applicable reste",
                        "exigences applicables restent"
                    ),
                    list(lang, &parts)
                ),
            })
        }
        Blocker::OpenMajor { ids } => {
            let ids: Vec<String> = ids.iter().map(|id| clean.text(id)).collect();
            Some(match lang {
                Lang::En => format!(
                    "{}: {}; close {} before the decision, or the decision carries reserves.",
                    count(
                        lang,
                        ids.len(),
                        "unresolved major non-conformity",
                        "unresolved major non-conformities"
                    ),
                    list(lang, &ids),
                    if ids.len() == 1 { "it" } else { "them" }
                ),
                Lang::Fr => format!(
                    "{}\u{a0}: {}\u{a0}; à clore avant la décision, faute de quoi celle-ci est assortie de réserves.",
                    count(
                        lang,
                        ids.len(),
                        "non-conformité majeure non soldée",
                        "non-conformités majeures non soldées"
                    ),
                    list(lang, &ids)
                ),
            })
        }
        Blocker::PlanNotValidated {
            status: Some(status),
            ..
        } => {
            let s = status.parse::<PlanStatus>().ok()?;
            Some(match lang {
                Lang::En => format!(
                    "The evaluation plan must be validated by ANSSI (it is: {}).",
                    t.plan_status(s).to_lowercase()
                ),
                Lang::Fr => format!(
                    "Le plan d’évaluation doit être validé par l’ANSSI (statut actuel\u{a0}: {}).",
                    t.plan_status(s).to_lowercase()
                ),
            })
        }
        Blocker::PlanNotValidated { status: None, .. } => Some(t_sentence(
            lang,
            "The evaluation centre writes the evaluation plan, and ANSSI validates it.",
            "Le centre d’évaluation établit le plan d’évaluation, que l’ANSSI valide.",
        )),
        Blocker::NoCentre => Some(t_sentence(
            lang,
            "An evaluation centre must be named.",
            "Un centre d’évaluation doit être désigné.",
        )),
        Blocker::NoScope => Some(t_sentence(
            lang,
            "The scope must name at least one service kind.",
            "Le périmètre doit comporter au moins un type de service.",
        )),
        Blocker::EmptyScope { .. } => Some(t_sentence(
            lang,
            "The evaluation plan must name the requirements the audit covers.",
            "Le plan d’évaluation doit désigner les exigences que couvre l’audit.",
        )),
        Blocker::NotQualified { .. } | Blocker::Missing { .. } | Blocker::NoOpenCycle { .. } => {
            None
        }
    }
}

/// One axis's part of the report.
fn axis_view(
    ws: &Workspace<'_>,
    axis: Axis,
    lang: Lang,
    t: &'static Labels,
    clean: Clean,
) -> AxisView {
    let gl = i18n::grid_lang(lang);
    let date = |d: NaiveDate| i18n::date(lang, d);
    let chapters: Vec<&grid::Chapter> = ws
        .referential
        .chapters
        .iter()
        .filter(|c| c.axis == axis)
        .collect();
    let tally = |c: &grid::Chapter| Tally::of_chapter(ws, &c.id);
    let (chapters, outside): (Vec<&grid::Chapter>, Vec<&grid::Chapter>) =
        chapters.into_iter().partition(|c| tally(c).in_scope());
    let ids =
        |cs: &[&grid::Chapter]| -> Vec<String> { cs.iter().map(|c| clean.text(&c.id)).collect() };
    let (ids, outside) = (ids(&chapters), ids(&outside));
    let mut chapters_sentence = match (lang, ids.len()) {
        (_, 0) => String::new(),
        (Lang::En, 1) => format!("Chapter {}.", ids[0]),
        (Lang::Fr, 1) => format!("Chapitre {}.", ids[0]),
        (Lang::En, _) => format!("Chapters {}.", list(lang, &ids)),
        (Lang::Fr, _) => format!("Chapitres {}.", list(lang, &ids)),
    };
    if !outside.is_empty() {
        let which = match (lang, outside.len()) {
            (Lang::En, 1) => "chapter",
            (Lang::Fr, 1) => "chapitre",
            (Lang::En, _) => "chapters",
            (Lang::Fr, _) => "chapitres",
        };
        let space = if chapters_sentence.is_empty() {
            ""
        } else {
            " "
        };
        chapters_sentence.push_str(&format!(
            "{space}{}{} {which} {}.",
            t.out_of_scope,
            colon(lang),
            list(lang, &outside)
        ));
    }
    let mut total = Tally::default();
    let chapter_rows = chapters
        .iter()
        .map(|c| {
            let k = tally(c);
            total.add(&k);
            k.row(lang, clean.text(&c.id), clean.text(c.title.get(gl)))
        })
        .collect();
    let in_axis = |chapter: usize| ws.referential.chapters[chapter].axis == axis;
    let summary_of = |id: &str| {
        ws.referential
            .get(id)
            .and_then(|r| {
                r.summary
                    .as_ref()
                    .map(|s| s.get(gl).to_owned())
                    .or_else(|| r.title.clone())
            })
            .map(|s| clean.text(&s))
            .unwrap_or_default()
    };
    let nonconform = ws
        .view
        .rows
        .iter()
        .filter(|r| {
            in_axis(r.requirement.chapter) && r.applicable() && r.verdict == Verdict::Nonconform
        })
        .map(|r| RequirementRow {
            id: clean.text(&r.requirement.id),
            summary: summary_of(&r.requirement.id),
            findings: if r.findings.is_empty() {
                DASH.to_owned()
            } else {
                r.findings
                    .iter()
                    .map(|f| clean.text(f))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        })
        .collect();
    let mut findings: Vec<&Finding> = ws
        .ledger
        .findings
        .values()
        .filter(|f| ws.axis_of(f) == axis)
        .collect();
    findings.sort_by(|a, b| a.severity.cmp(&b.severity).then_with(|| a.id.cmp(&b.id)));
    let check_word = match lang {
        Lang::En => "check",
        Lang::Fr => "contrôle",
    };
    let finding_views = findings
        .iter()
        .map(|f| {
            let mut requirements = requirement_ids(f, clean);
            if let Some(c) = &f.check {
                requirements = format!("{requirements} ({check_word} {})", clean.text(c));
            }
            let history = f
                .history
                .iter()
                .map(|h| {
                    format!(
                        "{}{} {}",
                        date(h.by.date),
                        colon(lang),
                        t.finding_status(h.status).to_lowercase()
                    )
                })
                .collect::<Vec<_>>()
                .join(match lang {
                    Lang::En => "; ",
                    Lang::Fr => "\u{a0}; ",
                });
            FindingView {
                id: clean.text(&f.id),
                title: clean.text(&f.title),
                requirements,
                requirement_summary: f
                    .requirements
                    .first()
                    .map(|r| summary_of(r))
                    .unwrap_or_default(),
                severity: t.severity(f.severity),
                severity_class: severity_class(f.severity),
                status: t.finding_status(f.status),
                evidence: if f.evidence.is_empty() {
                    DASH.to_owned()
                } else {
                    f.evidence
                        .iter()
                        .map(|e| cite(ws.ledger, e, clean))
                        .collect::<Vec<_>>()
                        .join(", ")
                },
                description: f.description.as_deref().map(|d| clean.text(d)),
                root_cause: f
                    .action
                    .as_ref()
                    .and_then(|a| a.root_cause.as_deref())
                    .map(|r| clean.text(r)),
                history,
            }
        })
        .collect();
    let mut with_action: Vec<&&Finding> = findings.iter().filter(|f| f.action.is_some()).collect();
    with_action.sort_by_key(|f| (f.action.as_ref().map(|a| a.due), f.id.clone()));
    let actions = with_action
        .into_iter()
        .filter_map(|f| {
            let a = f.action.as_ref()?;
            Some(ActionRow {
                finding: clean.text(&f.id),
                action: clean.text(&a.action),
                owner: clean.text(&a.owner),
                due: date(a.due),
                overdue: f.action_overdue(ws.today),
                status: t.finding_status(f.status),
            })
        })
        .collect();
    let exclusions = ws
        .view
        .rows
        .iter()
        .filter(|r| in_axis(r.requirement.chapter))
        .filter_map(|r| match &r.out_of_scope {
            Some(OutOfScope::NotApplicable { justification }) => Some(ExclusionRow {
                id: clean.text(&r.requirement.id),
                reason: t.v_not_applicable,
                justification: clean.text(justification),
            }),
            Some(OutOfScope::Inherited { from }) => Some(ExclusionRow {
                id: clean.text(&r.requirement.id),
                reason: t.v_inherited,
                justification: clean.text(from),
            }),
            _ => None,
        })
        .collect();
    let (number, anchor, title) = match axis {
        Axis::Organizational => ("2", "organizational", t.organizational),
        Axis::Technical => ("3", "technical", t.technical),
    };
    let part = match axis {
        Axis::Organizational => grid::ReportPart::Organizational,
        Axis::Technical => grid::ReportPart::Technical,
    };
    AxisView {
        commentary: ws
            .ledger
            .narrative
            .commentary
            .get(&part)
            .map(|c| clean.text(&c.text)),
        number,
        anchor,
        title,
        chapters_sentence,
        chapters: chapter_rows,
        total: total.row(lang, String::new(), t.total.to_owned()),
        nonconform,
        findings: finding_views,
        actions,
        exclusions,
    }
}
