//! The static site (`jalon site`): one workspace as a dashboard that works from `file://`, with
//! no server and no network. The journey with its cycles and a timeline of milestones and
//! deadlines, the grid of one cycle with search and filters, the findings with their corrective
//! actions and lateness, the evidence with its hashes, the calendar, the comparison of cycles
//! and charts; in French or English.
//!
//! Everything ships inside `index.html`: the style sheet and the script are inline, allowed by a
//! Content Security Policy that names their SHA-256 and nothing else (no other script, style,
//! font, image, frame or connection). The script is plain JavaScript, no framework: it filters
//! the grid's rows (hiding them with `hidden`) from the form and from the page's address
//! (`index.html#chapter=12&verdict=nonconform`), so that a filtered view can be linked to.
//! Without it, the whole grid shows. User text reaches the page only through askama's escaping;
//! the script reads the page and holds no data.
//!
//! The files come back in memory, as (relative path, bytes): the caller writes them.

use std::collections::BTreeSet;

use askama::Template;
use chrono::NaiveDate;
use dossier::{Dossier, DueKind};
use grid::{Confidentiality, Finding, FindingStatus, OutOfScope, Severity, Verdict};
use journey::DeadlineStatus;
use sha2::{Digest as _, Sha256};

use crate::charts::{self, BarChart, BarInput, Lines, SeriesInput, Stepper};
use crate::common::DASH;
use crate::i18n::{self, Labels, colon};
use crate::lang::Lang;
use crate::workspace::Workspace;

/// What the site is made from: one cycle as the reports read it (the grid shown), and the whole
/// dossier on the same date (the cycles, every finding and piece of evidence, the calendar).
#[derive(Clone, Copy)]
pub struct Site<'a> {
    pub ws: &'a Workspace<'a>,
    pub dossier: &'a Dossier<'a>,
}

/// One file of the site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    /// Relative to the site's folder, with `/` between folders.
    pub path: &'static str,
    pub bytes: Vec<u8>,
}

/// The page's script and style sheet, as shipped (their SHA-256 goes into the page's policy).
const SCRIPT: &str = include_str!("../templates/site.js");
const STYLE: &str = concat!(
    include_str!("../templates/site.css"),
    include_str!("../templates/charts/style.css"),
    // Only the site draws lines (the reports' style sheet stays as it is).
    include_str!("../templates/charts/lines.css")
);

/// Renders the site in `lang`: its files, `index.html` first.
pub fn render(site: &Site<'_>, lang: Lang) -> Vec<File> {
    let v = SiteView::new(site, lang);
    let html = SitePage { v: &v }
        .render()
        // The template only formats strings; writing into a String cannot fail.
        .expect("the site's template renders");
    vec![File {
        path: "index.html",
        bytes: html.into_bytes(),
    }]
}

/// One service of a portfolio's site, as its index lists it (display strings).
#[derive(Clone, Debug, PartialEq)]
pub struct PortfolioEntry {
    /// Provider and service, or the folder of a workspace that could not be read.
    pub name: String,
    /// The service's own site, relative to the index (`None` when it could not be read).
    pub href: Option<String>,
    pub state: String,
    pub qualified_until: String,
    pub next_deadline: String,
    pub overdue: String,
    pub open_findings: String,
    pub readiness: String,
    /// Why the workspace could not be read.
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "portfolio.html")]
struct PortfolioPage<'a> {
    t: &'static Labels,
    lang: &'static str,
    csp: String,
    style: &'static str,
    date: String,
    entries: &'a [PortfolioEntry],
}

/// The index of a portfolio's site: one row per service, linking to each service's own site.
pub fn portfolio_index(entries: &[PortfolioEntry], date: chrono::NaiveDate, lang: Lang) -> File {
    let html = PortfolioPage {
        t: i18n::labels(lang),
        lang: lang.code(),
        csp: content_security_policy(),
        style: STYLE,
        date: date.to_string(),
        entries,
    }
    .render()
    // The template only formats strings; writing into a String cannot fail.
    .expect("the portfolio's template renders");
    File {
        path: "index.html",
        bytes: html.into_bytes(),
    }
}

/// The page's Content Security Policy: nothing is loaded, the inline script and style sheet run
/// because their hashes are named.
pub fn content_security_policy() -> String {
    format!(
        "default-src 'none'; script-src '{}'; style-src '{}'; img-src data:; base-uri 'none'; form-action 'none'",
        csp_hash(SCRIPT),
        csp_hash(STYLE)
    )
}

/// `sha256-<base64>` of a script or style sheet, as a policy names it.
pub fn csp_hash(text: &str) -> String {
    use base64::Engine as _;
    // Standard base64 with padding, as CSP hash sources are written (the `base64` crate).
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

#[derive(Template)]
#[template(path = "site.html")]
struct SitePage<'a> {
    v: &'a SiteView,
}

/// The whole page, every value a display string in the chosen language.
struct SiteView {
    t: &'static Labels,
    lang: &'static str,
    colon: &'static str,
    csp: String,
    style: &'static str,
    script: &'static str,
    kicker: String,
    subject: String,
    date: String,
    /// The cycle whose grid is shown.
    cycle: String,
    facts: Vec<(&'static str, String)>,
    tiles: Vec<Tile>,
    state: String,
    qualification: Option<String>,
    journey_chart: Stepper,
    cycles: Vec<CycleRow>,
    timeline: Vec<TimelineItem>,
    grid: GridView,
    findings: Vec<FindingRow>,
    evidence: Vec<EvidenceRow>,
    calendar: Vec<DueRow>,
    comparisons: Vec<ComparisonView>,
    chapters_chart: BarChart,
    findings_chart: Option<Lines>,
}

struct Tile {
    label: &'static str,
    value: String,
    alert: bool,
}

struct CycleRow {
    id: String,
    kind: &'static str,
    opened: String,
    closed: String,
    outcome: String,
    /// `cycle en cours`, `cycle affiché`, both or neither.
    marks: Vec<&'static str>,
}

struct TimelineItem {
    date: String,
    /// An event that reaches a milestone (J0…).
    milestone: bool,
    what: String,
    /// The cycle of an event; a deadline's status.
    detail: String,
    /// `done`, `upcoming`, `overdue`, `today`: how the item is drawn.
    class: &'static str,
}

struct GridView {
    caption: String,
    chapters: Vec<(String, String)>,
    verdicts: Vec<(&'static str, &'static str)>,
    severities: Vec<(&'static str, &'static str)>,
    rows: Vec<GridRow>,
    rows_shown: String,
}

struct GridRow {
    id: String,
    chapter: String,
    summary: String,
    /// The filter's value: a verdict, or `out-of-scope` (a reason other than not applicable or
    /// inherited).
    verdict: &'static str,
    verdict_label: &'static str,
    /// Why it is out of scope, when it is.
    reason: Option<String>,
    findings: String,
    /// The severities of its findings, space-separated (`major minor`).
    severities: String,
}

struct FindingRow {
    id: String,
    title: String,
    requirements: String,
    severity: &'static str,
    severity_label: &'static str,
    status: &'static str,
    opened: String,
    action: Option<ActionView>,
    lateness: String,
    late: bool,
}

struct ActionView {
    action: String,
    owner: String,
    due: String,
}

struct EvidenceRow {
    id: String,
    title: String,
    kind: String,
    confidentiality: &'static str,
    collected: String,
    sha256: String,
}

struct DueRow {
    date: String,
    title: String,
    status: &'static str,
    class: &'static str,
    relative: String,
}

struct ComparisonView {
    a: String,
    b: String,
    /// The later pair is open when the page loads.
    open: bool,
    changed: Vec<(String, String, &'static str, &'static str)>,
    findings: Vec<(&'static str, String)>,
    chapters: Vec<(String, String, String)>,
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Major => "sev-major",
        Severity::Minor => "sev-minor",
        Severity::Observation => "sev-observation",
    }
}

fn status_class(s: DeadlineStatus) -> &'static str {
    match s {
        DeadlineStatus::Done => "done",
        DeadlineStatus::Upcoming => "upcoming",
        DeadlineStatus::Overdue => "overdue",
        DeadlineStatus::Lapsed => "lapsed",
    }
}

/// `12 days late`, `en retard de 12 jours`.
fn days_late(lang: Lang, days: i64) -> String {
    let n = usize::try_from(days).unwrap_or(0);
    match lang {
        Lang::En => format!("{} late", i18n::count(lang, n, "day", "days")),
        Lang::Fr => format!("en retard de {}", i18n::count(lang, n, "jour", "jours")),
    }
}

/// `done 12 days late`, `réalisée avec 12 jours de retard`.
fn done_late(lang: Lang, days: i64) -> String {
    let n = usize::try_from(days).unwrap_or(0);
    match lang {
        Lang::En => format!("done {} late", i18n::count(lang, n, "day", "days")),
        Lang::Fr => format!(
            "réalisée avec {} de retard",
            i18n::count(lang, n, "jour", "jours")
        ),
    }
}

impl SiteView {
    fn new(site: &Site<'_>, lang: Lang) -> SiteView {
        let (ws, d) = (site.ws, site.dossier);
        let t = i18n::labels(lang);
        let gl = i18n::grid_lang(lang);
        let date = |d: NaiveDate| i18n::date(lang, d);
        let wf = ws.journey.workflow();
        let status = ws.journey.status(ws.today);
        let referential = ws.referential;
        let state = i18n::wf_text(lang, &wf.state(ws.journey.state()).label).to_owned();

        let kinds: Vec<&str> = ws.kinds.iter().map(|k| k.display_name()).collect();
        let facts = vec![
            (t.provider, ws.provider.trim().to_owned()),
            (t.service, ws.service.trim().to_owned()),
            (
                t.service_kinds,
                if kinds.is_empty() {
                    DASH.to_owned()
                } else {
                    kinds.join(", ")
                },
            ),
            (
                t.referential,
                format!(
                    "{} — {} {}",
                    referential.title.get(gl),
                    t.version,
                    referential.version
                ),
            ),
            (
                t.evaluation_centre,
                ws.evaluation_centre
                    .map_or_else(|| t.not_named.to_owned(), |c| c.trim().to_owned()),
            ),
            (
                t.cycle,
                format!("{} ({})", t.cycle_kind(ws.cycle_kind), ws.cycle),
            ),
            (t.current_state, state.clone()),
        ];

        let overall = &ws.view.summary.overall;
        let unresolved_majors = ws
            .ledger
            .findings
            .values()
            .filter(|f| f.severity == Severity::Major && f.status.is_open())
            .count();
        let overdue = d.overdue_actions(ws.today).len();
        let tiles = vec![
            Tile {
                label: t.readiness,
                value: if overall.applicable == 0 {
                    DASH.to_owned()
                } else {
                    i18n::percent(lang, overall.readiness)
                },
                alert: false,
            },
            Tile {
                label: t.assessed,
                value: format!("{} / {}", overall.assessed, overall.applicable),
                alert: false,
            },
            Tile {
                label: t.nonconform,
                value: overall.nonconform.to_string(),
                alert: overall.nonconform > 0,
            },
            Tile {
                label: t.unresolved_majors,
                value: unresolved_majors.to_string(),
                alert: unresolved_majors > 0,
            },
            Tile {
                label: t.overdue_actions,
                value: overdue.to_string(),
                alert: overdue > 0,
            },
        ];

        let qualification = status.qualification.as_ref().map(|q| {
            let mut s = format!(
                "{}{} {} {}, {} {}.",
                t.qualification,
                colon(lang),
                t.decided_on.to_lowercase(),
                date(q.decided),
                t.valid_until.to_lowercase(),
                date(q.expires)
            );
            if let Some(r) = q.reserves.as_deref() {
                s.push_str(&format!(" {}{} {}", t.reserves, colon(lang), r.trim()));
            }
            s
        });
        let journey_chart = charts::stepper(
            lang,
            &wf.milestones()
                .map(|(m, _)| {
                    (
                        m.id.clone(),
                        i18n::wf_text(lang, &m.label).to_owned(),
                        ws.milestone_reached(&status, &m.id),
                    )
                })
                .collect::<Vec<_>>(),
        );

        let current = d.current().id.as_str();
        let cycles = d
            .cycles
            .iter()
            .map(|c| {
                let mut marks = Vec::new();
                if c.id == current {
                    marks.push(t.cycle_current);
                }
                if c.id == ws.cycle {
                    marks.push(t.cycle_shown);
                }
                CycleRow {
                    id: c.id.clone(),
                    kind: t.cycle_kind(c.kind),
                    opened: c.opened.map_or_else(|| DASH.to_owned(), date),
                    closed: c.closed.map_or_else(|| DASH.to_owned(), date),
                    // How it ended, in words: the label of the event that closed it.
                    outcome: c
                        .closed
                        .and(c.events.last())
                        .and_then(|(e, _)| wf.event_index(e))
                        .map_or_else(
                            || DASH.to_owned(),
                            |e| i18n::wf_text(lang, &wf.event(e).label).to_owned(),
                        ),
                    marks,
                }
            })
            .collect();

        // Every event of every cycle, the journey's deadlines, and today, in date order.
        let reaches_milestone = |event: &str| {
            wf.def()
                .milestones
                .iter()
                .any(|m| m.events.iter().any(|e| e == event))
        };
        let mut dated: Vec<(NaiveDate, u8, TimelineItem)> = Vec::new();
        for c in &d.cycles {
            for (event, on) in &c.events {
                let what = wf.event_index(event).map_or_else(
                    || event.clone(),
                    |e| i18n::wf_text(lang, &wf.event(e).label).to_owned(),
                );
                dated.push((
                    *on,
                    0,
                    TimelineItem {
                        date: date(*on),
                        milestone: reaches_milestone(event),
                        what,
                        detail: format!("{} {}", t.cal_cycle, c.id),
                        class: "done",
                    },
                ));
            }
        }
        for dl in &status.deadlines {
            let mut detail = if dl.late {
                t.done_late
            } else {
                t.deadline_status(dl.status)
            }
            .to_owned();
            if let Some(done) = dl.done {
                detail.push_str(&format!(" ({})", date(done)));
            }
            dated.push((
                dl.due,
                2,
                TimelineItem {
                    date: date(dl.due),
                    milestone: false,
                    what: t.deadline_kind(dl.kind).to_owned(),
                    detail,
                    class: status_class(dl.status),
                },
            ));
        }
        dated.push((
            ws.today,
            1,
            TimelineItem {
                date: date(ws.today),
                milestone: false,
                what: t.today.to_owned(),
                detail: String::new(),
                class: "today",
            },
        ));
        dated.sort_by_key(|(on, order, _)| (*on, *order));
        let timeline = dated.into_iter().map(|(_, _, item)| item).collect();

        let grid = grid_view(ws, lang, t);

        // Every finding of the workspace, with the cycle it was opened in.
        let mut all: Vec<&Finding> = d.records.findings.values().collect();
        all.sort_by(|a, b| a.id.cmp(&b.id));
        let findings = all
            .into_iter()
            .map(|f| finding_row(f, d, ws.today, lang, t))
            .collect();

        let evidence = d
            .records
            .evidence
            .values()
            .map(|e| {
                let restricted = e.confidentiality == Confidentiality::Restricted;
                let hidden = |s: String| if restricted { DASH.to_owned() } else { s };
                EvidenceRow {
                    id: e.id.clone(),
                    title: if restricted {
                        t.restricted_cited.to_owned()
                    } else {
                        e.title.trim().to_owned()
                    },
                    kind: hidden(e.kind.trim().to_owned()),
                    confidentiality: t.confidentiality(e.confidentiality),
                    collected: hidden(date(e.collected.date)),
                    sha256: hidden(e.sha256.clone()),
                }
            })
            .collect();

        let calendar = d
            .calendar(ws.today)
            .iter()
            .map(|due| {
                let mut status = t.deadline_status(due.status);
                if due.late && due.kind != DueKind::PlanPhase {
                    status = t.done_late;
                }
                DueRow {
                    date: match due.end {
                        Some(end) => format!("{} – {}", date(due.due), date(end)),
                        None => date(due.due),
                    },
                    title: crate::calendar::title(lang, due),
                    status,
                    class: status_class(due.status),
                    relative: crate::calendar::relative(lang, due.due, ws.today),
                }
            })
            .collect();

        let comparisons = d
            .cycles
            .windows(2)
            .rev()
            .enumerate()
            .map(|(i, pair)| {
                comparison_view(
                    &dossier::compare(d, referential, &pair[0], &pair[1]),
                    i == 0,
                    lang,
                    t,
                )
            })
            .collect();

        let chapter_counts = |id: &str| ws.view.summary.by_chapter.get(id);
        let chapters_chart = charts::bars(
            referential
                .chapters
                .iter()
                .filter_map(|c| {
                    let k = chapter_counts(&c.id)?;
                    (k.applicable + k.not_applicable + k.inherited > 0).then(|| BarInput {
                        label: format!("{} · {}", c.id, c.title.get(gl)),
                        parts: vec![
                            (k.conform, "seg-conform"),
                            (k.nonconform, "seg-nonconform"),
                            (k.applicable - k.assessed, "seg-unassessed"),
                        ],
                        value: format!(
                            "{}/{} · {}",
                            k.conform,
                            k.applicable,
                            i18n::percent(lang, k.readiness)
                        ),
                    })
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
        let opened: Vec<NaiveDate> = d
            .records
            .findings
            .values()
            .filter_map(|f| f.history.first().map(|h| h.by.date))
            .collect();
        let settled: Vec<NaiveDate> = d
            .records
            .findings
            .values()
            .filter_map(|f| {
                f.history
                    .iter()
                    .find(|h| matches!(h.status, FindingStatus::Closed | FindingStatus::Withdrawn))
                    .map(|h| h.by.date)
            })
            .collect();
        let start = d.cycles.first().and_then(|c| c.opened).unwrap_or(ws.today);
        let findings_chart = charts::cumulative(
            lang,
            vec![
                SeriesInput {
                    class: "opened",
                    label: t.opened_cumulative.to_owned(),
                    dates: opened,
                },
                SeriesInput {
                    class: "closed",
                    label: t.settled_cumulative.to_owned(),
                    dates: settled,
                },
            ],
            start,
            ws.today,
        );

        SiteView {
            t,
            lang: lang.code(),
            colon: colon(lang),
            csp: content_security_policy(),
            style: STYLE,
            script: SCRIPT,
            kicker: i18n::wf_text(lang, &wf.def().name).to_owned(),
            subject: format!("{} — {}", ws.provider.trim(), ws.service.trim()),
            date: date(ws.today),
            cycle: ws.cycle.to_owned(),
            facts,
            tiles,
            state,
            qualification,
            journey_chart,
            cycles,
            timeline,
            grid,
            findings,
            evidence,
            calendar,
            comparisons,
            chapters_chart,
            findings_chart,
        }
    }
}

/// The grid of the cycle shown, with the filters' choices.
fn grid_view(ws: &Workspace<'_>, lang: Lang, t: &'static Labels) -> GridView {
    let gl = i18n::grid_lang(lang);
    let referential = ws.referential;
    let in_grid: BTreeSet<usize> = ws.view.rows.iter().map(|r| r.requirement.chapter).collect();
    let chapters = in_grid
        .iter()
        .map(|&c| {
            let c = &referential.chapters[c];
            (c.id.clone(), format!("{} · {}", c.id, c.title.get(gl)))
        })
        .collect();
    let verdicts = vec![
        (Verdict::Conform.as_str(), t.v_conform),
        (Verdict::Nonconform.as_str(), t.v_nonconform),
        (Verdict::NotAssessed.as_str(), t.v_not_assessed),
        (Verdict::NotApplicable.as_str(), t.v_not_applicable),
        (Verdict::Inherited.as_str(), t.v_inherited),
        ("out-of-scope", t.v_out_of_scope),
    ];
    let severities = Severity::ALL
        .iter()
        .map(|&s| (s.as_str(), t.severity(s)))
        .collect();
    let rows: Vec<GridRow> = ws
        .view
        .rows
        .iter()
        .map(|r| {
            let q = r.requirement;
            let (verdict, verdict_label, reason) = match &r.out_of_scope {
                None => (r.verdict.as_str(), t.verdict(r.verdict), None),
                Some(OutOfScope::NotApplicable { .. }) => (
                    Verdict::NotApplicable.as_str(),
                    t.v_not_applicable,
                    r.out_of_scope.as_ref().map(|o| o.describe_in(gl)),
                ),
                Some(OutOfScope::Inherited { .. }) => (
                    Verdict::Inherited.as_str(),
                    t.v_inherited,
                    r.out_of_scope.as_ref().map(|o| o.describe_in(gl)),
                ),
                Some(other) => (
                    "out-of-scope",
                    t.v_out_of_scope,
                    Some(other.describe_in(gl)),
                ),
            };
            let mut severities: Vec<Severity> = r
                .findings
                .iter()
                .filter_map(|f| ws.ledger.findings.get(*f))
                .map(|f| f.severity)
                .collect();
            severities.sort_unstable();
            severities.dedup();
            GridRow {
                id: q.id.clone(),
                chapter: referential.chapters[q.chapter].id.clone(),
                summary: q
                    .summary
                    .as_ref()
                    .map(|s| s.get(gl).to_owned())
                    .or_else(|| q.title.clone())
                    .unwrap_or_default(),
                verdict,
                verdict_label,
                reason,
                findings: r.findings.join(", "),
                severities: severities
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            }
        })
        .collect();
    let total = rows.len().to_string();
    GridView {
        caption: format!("{} {}", t.grid_caption, ws.cycle),
        chapters,
        verdicts,
        severities,
        rows_shown: if rows.len() <= 1 {
            t.rows_shown_one
        } else {
            t.rows_shown
        }
        .replace("{n}", &total)
        .replace("{total}", &total),
        rows,
    }
}

/// One finding, with its corrective action and how late it is.
fn finding_row(
    f: &Finding,
    d: &Dossier<'_>,
    today: NaiveDate,
    lang: Lang,
    t: &'static Labels,
) -> FindingRow {
    let date = |d: NaiveDate| i18n::date(lang, d);
    let (lateness, late) = match (&f.action, f.action_done()) {
        (None, _) => (t.no_action.to_owned(), false),
        (Some(a), Some(done)) if done > a.due => (done_late(lang, (done - a.due).num_days()), true),
        (Some(_), Some(_)) => (t.on_time.to_owned(), false),
        (Some(a), None) if f.action_overdue(today) => {
            (days_late(lang, (today - a.due).num_days()), true)
        }
        (Some(_), None) if matches!(f.status, FindingStatus::Closed | FindingStatus::Withdrawn) => {
            (DASH.to_owned(), false)
        }
        (Some(a), None) => (crate::calendar::relative(lang, a.due, today), false),
    };
    let opened = match (
        f.history.first().map(|h| h.by.date),
        d.finding_opened_in.get(&f.id),
    ) {
        (Some(on), Some(c)) => format!("{} ({} {c})", date(on), t.cal_cycle),
        (Some(on), None) => date(on),
        (None, Some(c)) => format!("{} {c}", t.cal_cycle),
        (None, None) => DASH.to_owned(),
    };
    FindingRow {
        id: f.id.clone(),
        title: f.title.trim().to_owned(),
        requirements: f.requirements.join(", "),
        severity: severity_class(f.severity),
        severity_label: t.severity(f.severity),
        status: t.finding_status(f.status),
        opened,
        action: f.action.as_ref().map(|a| ActionView {
            action: a.action.trim().to_owned(),
            owner: a.owner.trim().to_owned(),
            due: date(a.due),
        }),
        lateness,
        late,
    }
}

/// What changed from one cycle to the next.
fn comparison_view(
    c: &dossier::Comparison,
    open: bool,
    lang: Lang,
    t: &'static Labels,
) -> ComparisonView {
    let verdict = |v: Option<Verdict>| v.map_or(DASH, |v| t.verdict(v));
    let percent = |r: Option<f64>| r.map_or_else(|| DASH.to_owned(), |r| i18n::percent(lang, r));
    let ids = |ids: &[String]| {
        if ids.is_empty() {
            t.none.to_owned()
        } else {
            ids.join(", ")
        }
    };
    ComparisonView {
        a: c.a.clone(),
        b: c.b.clone(),
        open,
        changed: c
            .requirements
            .iter()
            .filter(|r| r.changed)
            .map(|r| {
                (
                    r.requirement.clone(),
                    r.chapter.clone(),
                    verdict(r.a),
                    verdict(r.b),
                )
            })
            .collect(),
        findings: vec![
            (t.findings_opened, ids(&c.new_findings)),
            (t.findings_settled, ids(&c.closed_findings)),
            (t.findings_carried, ids(&c.carried_findings)),
        ],
        chapters: c
            .chapters
            .iter()
            .map(|ch| (ch.chapter.clone(), percent(ch.a), percent(ch.b)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_names_the_script_and_the_style_sheet() {
        let csp = content_security_policy();
        assert!(csp.starts_with("default-src 'none'; "));
        assert!(csp.contains(&csp_hash(SCRIPT)));
        assert!(csp.contains(&csp_hash(STYLE)));
        // The SHA-256 of "" is well known: the hash is over the text itself.
        assert_eq!(
            csp_hash(""),
            "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
    }
}
