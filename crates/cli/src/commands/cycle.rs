//! `jalon cycle`: the evaluation cycles a qualification lives through (the initial evaluation,
//! surveillance audits, renewals): list them, show one, compare two.

use std::fmt::Write as _;

use chrono::NaiveDate;
use dossier::{ChapterChange, Comparison, Cycle, CycleKind, Dossier};
use grid::{Summary, Verdict};
use journey::{Deadline, DeadlineKind, Effect};
use serde::Serialize;

use crate::commands::{AtArg, Loaded, View, unknown_cycle};
use crate::ctx::{Ctx, Format, FormatArg};
use crate::error::CommandError;
use crate::messages::Labels;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub sub: Sub,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Every cycle: kind, when it opened and closed, how it ended.
    List(ListArgs),
    /// One cycle: its events, plan, grid, findings and evidence.
    Show(ShowArgs),
    /// What changed from cycle A to cycle B: verdicts, findings, readiness per chapter.
    Compare(CompareArgs),
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub at: AtArg,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The cycle (default: the current one).
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::cycles))]
    pub id: Option<String>,
    #[command(flatten)]
    pub at: AtArg,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// The earlier cycle, e.g. the last audit.
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::cycles))]
    pub a: String,
    /// The later cycle.
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::cycles))]
    pub b: String,
    #[command(flatten)]
    pub at: AtArg,
    #[command(flatten)]
    pub format: FormatArg,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    match args.sub {
        Sub::List(a) => list(ctx, a),
        Sub::Show(a) => show(ctx, a),
        Sub::Compare(a) => compare(ctx, a),
    }
}

/// The surveillance deadline a passed audit satisfied, `None` for any other cycle. Read from the
/// journey as of the day it passed: a later decision replaces the qualification and its deadlines.
fn satisfied(loaded: &Loaded, c: &Cycle) -> Option<Deadline> {
    let closed = c.closed.filter(|_| c.kind == CycleKind::Surveillance)?;
    let wf = &loaded.workflow;
    let passed = c.events.iter().any(|(event, date)| {
        *date == closed
            && wf
                .event_index(event)
                .is_some_and(|ix| wf.event(ix).effect == Some(Effect::SurveillancePassed))
    });
    if !passed {
        return None;
    }
    let then = Dossier::replay(loaded.inputs(), loaded.entries(), closed);
    then.journey
        .status(closed)
        .deadlines
        .into_iter()
        .find(|d| d.kind == DeadlineKind::SurveillanceAudit && d.done == Some(closed))
}

/// The keys `cycle list` and `cycle show` both start with.
#[derive(Serialize)]
struct Head<'a> {
    id: &'a str,
    kind: &'static str,
    opened: Option<NaiveDate>,
    closed: Option<NaiveDate>,
    outcome: Option<&'a str>,
    /// For a passed surveillance audit: whether it passed after its due date (`null` otherwise).
    late: Option<bool>,
    /// Findings still open when it opened.
    carried: &'a [String],
}

fn head<'a>(c: &'a Cycle, deadline: Option<&Deadline>) -> Head<'a> {
    Head {
        id: &c.id,
        kind: c.kind.as_str(),
        opened: c.opened,
        closed: c.closed,
        outcome: c.outcome.as_deref(),
        late: deadline.map(|d| d.late),
        carried: &c.carried,
    }
}

/// How a cycle ended, for people: `open`, `qualified`, `passed, late (due 2022-12-14)`.
fn ending(c: &Cycle, deadline: Option<&Deadline>, t: &Labels) -> String {
    let mut s = match (&c.outcome, c.closed, c.opened) {
        (Some(o), _, _) => o.clone(),
        (None, Some(_), _) => t.closed.to_owned(),
        (None, None, Some(_)) => t.open.to_owned(),
        (None, None, None) => t.nothing_recorded.to_owned(),
    };
    if let Some(d) = deadline {
        let when = if d.late { t.late_word } else { t.on_time };
        let _ = write!(s, ", {when} ({} {})", t.due, d.due);
    }
    s
}

fn date_or(d: Option<NaiveDate>, none: &str) -> String {
    d.map_or_else(|| none.to_owned(), |d| d.to_string())
}

fn list(ctx: &mut Ctx, args: ListArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let loaded = Loaded::open(ctx)?;
    let dossier = loaded.dossier(args.at.date(ctx)?)?;
    let current = &dossier.current().id;
    let deadlines: Vec<Option<Deadline>> = dossier
        .cycles
        .iter()
        .map(|c| satisfied(&loaded, c))
        .collect();
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                current: &'a str,
                cycles: Vec<Head<'a>>,
            }
            let cycles = dossier
                .cycles
                .iter()
                .zip(&deadlines)
                .map(|(c, d)| head(c, d.as_ref()))
                .collect();
            ctx.print_json(&Out { current, cycles })
        }
        Format::Human => {
            let words = crate::messages::labels(ctx.lang());
            let mut t = String::new();
            let _ = writeln!(
                t,
                "{} {} {}",
                words.cycles_as_of, dossier.as_of, words.the_current_one
            );
            let width = dossier.cycles.iter().map(|c| c.id.len()).max().unwrap_or(0);
            let kind_width = dossier
                .cycles
                .iter()
                .map(|c| words.cycle_kind(c.kind).chars().count())
                .max()
                .unwrap_or(0)
                .max(12);
            for (c, d) in dossier.cycles.iter().zip(&deadlines) {
                let mark = if &c.id == current { '*' } else { ' ' };
                let closed = match c.closed {
                    Some(d) => d.to_string(),
                    None if c.opened.is_some() => "…".to_owned(),
                    None => String::new(),
                };
                let _ = writeln!(
                    t,
                    "{mark} {:<width$}  {:<kind_width$}  {:<10}  {:<10}  {}",
                    c.id,
                    words.cycle_kind(c.kind),
                    date_or(c.opened, "—"),
                    closed,
                    ending(c, d.as_ref(), words),
                );
            }
            ctx.print(&t)
        }
    }
}

#[derive(Serialize)]
struct EventOut<'a> {
    event: &'a str,
    date: NaiveDate,
}

#[derive(Serialize)]
struct PlanOut {
    status: &'static str,
    items: usize,
}

#[derive(Serialize)]
struct FindingOut<'a> {
    id: &'a str,
    severity: &'static str,
    /// As of the date read (`--at`), not as of the cycle's close.
    status: &'static str,
    requirements: &'a [String],
    title: &'a str,
    /// The cycle it was opened in.
    opened_in: &'a str,
    /// Opened in an earlier cycle and still open when this one opened.
    carried: bool,
    /// The cycle it was closed or withdrawn in, once it was.
    settled_in: Option<&'a str>,
}

#[derive(Serialize)]
struct EvidenceOut<'a> {
    id: &'a str,
    title: &'a str,
    kind: &'a str,
    date: NaiveDate,
}

#[derive(Serialize)]
struct ShowOut<'a> {
    #[serde(flatten)]
    head: Head<'a>,
    current: bool,
    date: NaiveDate,
    /// The event that opened it (`null` for an initial cycle adopted without one).
    opened_by: Option<&'a str>,
    /// For a passed surveillance audit: the due date of the audit it stands for.
    due: Option<NaiveDate>,
    events: Vec<EventOut<'a>>,
    plan: Option<PlanOut>,
    /// What it evaluates: a surveillance audit's requirements; `null`, the whole applicable grid.
    scope: Option<Vec<&'a str>>,
    summary: &'a Summary,
    findings: Vec<FindingOut<'a>>,
    evidence: Vec<EvidenceOut<'a>>,
}

fn show(ctx: &mut Ctx, args: ShowArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let loaded = Loaded::open(ctx)?;
    let dossier = loaded.dossier(args.at.date(ctx)?)?;
    let view = View::new(dossier, args.id.as_deref())?;
    let grid = view.grid();
    let dossier = &view.dossier;
    let c = view.cycle();
    let deadline = satisfied(&loaded, c);
    let findings: Vec<FindingOut<'_>> = dossier
        .findings_of(c)
        .map(|f| FindingOut {
            id: &f.id,
            severity: f.severity.as_str(),
            status: f.status.as_str(),
            requirements: &f.requirements,
            title: &f.title,
            opened_in: dossier
                .finding_opened_in
                .get(&f.id)
                .map_or("", String::as_str),
            carried: c.carried.contains(&f.id),
            settled_in: dossier.finding_settled_in.get(&f.id).map(String::as_str),
        })
        .collect();
    let evidence: Vec<EvidenceOut<'_>> = dossier
        .records
        .evidence
        .values()
        .filter(|e| dossier.evidence_recorded_in.get(&e.id) == Some(&c.id))
        .map(|e| EvidenceOut {
            id: &e.id,
            title: &e.title,
            kind: &e.kind,
            date: e.collected.date,
        })
        .collect();
    let out = ShowOut {
        head: head(c, deadline.as_ref()),
        current: view.cycle == dossier.current_index(),
        date: view.date(),
        opened_by: c.opened_by.as_deref(),
        due: deadline.as_ref().map(|d| d.due),
        events: c
            .events
            .iter()
            .map(|(event, date)| EventOut { event, date: *date })
            .collect(),
        plan: c.evaluation.plan.as_ref().map(|p| PlanOut {
            status: p.status.as_str(),
            items: p.items.len(),
        }),
        scope: view
            .scope
            .as_ref()
            .map(|s| s.iter().map(String::as_str).collect()),
        summary: &grid.summary,
        findings,
        evidence,
    };
    match format {
        Format::Json => ctx.print_json(&out),
        Format::Human => ctx.print(&show_text(c, &out, deadline.as_ref(), ctx.lang())),
    }
}

fn show_text(
    c: &Cycle,
    out: &ShowOut<'_>,
    deadline: Option<&Deadline>,
    lang: crate::ctx::Language,
) -> String {
    let w = crate::messages::labels(lang);
    let mut t = String::new();
    let current = if out.current {
        format!(", {}", w.current_cycle)
    } else {
        String::new()
    };
    let _ = writeln!(
        t,
        "Cycle {} ({}{current}) {} {}",
        c.id,
        w.cycle_kind(c.kind),
        w.as_of,
        out.date
    );
    let heads = [
        w.opened_label,
        w.closed_label,
        w.carried_label,
        w.plan_label,
        w.grid_label,
        w.scope_label,
    ];
    let hw = heads
        .iter()
        .map(|h| h.chars().count())
        .max()
        .unwrap_or(0)
        .max(8)
        + 2;
    let by = out
        .opened_by
        .map(|e| format!(" {} {e}", w.by_event))
        .unwrap_or_default();
    let _ = writeln!(
        t,
        "{:<hw$}{}{by}",
        w.opened_label,
        date_or(c.opened, w.not_yet)
    );
    match c.closed {
        Some(d) => {
            let _ = writeln!(t, "{:<hw$}{d}: {}", w.closed_label, ending(c, deadline, w));
        }
        None => {
            let _ = writeln!(t, "{:<hw$}{}", w.closed_label, w.not_yet);
        }
    }
    if !c.carried.is_empty() {
        let _ = writeln!(t, "{:<hw$}{}", w.carried_label, c.carried.join(", "));
    }
    let plan = match &out.plan {
        Some(p) => format!("{}, {} {}", p.status, p.items, w.items),
        None => w.none.to_owned(),
    };
    let _ = writeln!(t, "{:<hw$}{plan}", w.plan_label);
    let _ = writeln!(
        t,
        "{:<hw$}{}",
        w.grid_label,
        crate::messages::grid::summary(lang, &out.summary.overall)
    );
    if let Some(scope) = &out.scope {
        let listed = if scope.is_empty() {
            w.scope_empty.to_owned()
        } else {
            scope.join(", ")
        };
        let _ = writeln!(t, "{:<hw$}{listed}", w.scope_label);
    }
    let _ = writeln!(
        t,
        "{}",
        crate::messages::grid::open_findings(lang, &out.summary.open_findings)
    );
    let _ = writeln!(t, "\n{}", w.events_label);
    if out.events.is_empty() {
        let _ = writeln!(t, "  {}", w.none);
    }
    for e in &out.events {
        let _ = writeln!(t, "  {}  {}", e.date, e.event);
    }
    let _ = writeln!(t, "\n{}", w.findings_label);
    if out.findings.is_empty() {
        let _ = writeln!(t, "  {}", w.none);
    }
    for f in &out.findings {
        let mut whence = if f.carried {
            format!("{} {}", w.carried_from, f.opened_in)
        } else {
            w.opened_here.to_owned()
        };
        if let Some(s) = f.settled_in {
            let status = crate::messages::finding::status(lang, f.status);
            if s == c.id {
                let _ = write!(whence, ", {status} {}", w.here);
            } else {
                let _ = write!(whence, ", {status} {} {s}", w.in_cycle);
            }
        }
        let _ = writeln!(
            t,
            "  {}  {:<12}{:<15}{:<10}{}  ({whence})",
            f.id,
            crate::messages::finding::severity(lang, f.severity),
            crate::messages::finding::status(lang, f.status),
            f.requirements.first().map_or("", String::as_str),
            f.title
        );
    }
    let _ = writeln!(t, "\n{}", w.evidence_label);
    if out.evidence.is_empty() {
        let _ = writeln!(t, "  {}", w.none);
    }
    for e in &out.evidence {
        let _ = writeln!(t, "  {}  {}  {} ({})", e.id, e.date, e.title, e.kind);
    }
    t
}

fn compare(ctx: &mut Ctx, args: CompareArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let loaded = Loaded::open(ctx)?;
    let dossier = loaded.dossier(args.at.date(ctx)?)?;
    for id in [&args.a, &args.b] {
        if dossier.cycle(id).is_none() {
            return Err(unknown_cycle(&dossier, id));
        }
    }
    let view = View::new(dossier, Some(&args.a))?;
    let dossier = &view.dossier;
    let (a, b) = (view.cycle(), dossier.cycle(&args.b).unwrap_or(view.cycle()));
    let comparison = dossier::compare(dossier, view.referential, a, b);
    match format {
        Format::Json => ctx.print_json(&comparison),
        Format::Human => ctx.print(&compare_text(&comparison, view.date(), ctx.lang())),
    }
}

fn readiness_or(r: Option<f64>) -> String {
    r.map_or_else(|| "—".to_owned(), |r| format!("{r:.1} %"))
}

fn compare_text(c: &Comparison, date: NaiveDate, lang: crate::ctx::Language) -> String {
    let w = crate::messages::labels(lang);
    let mut t = String::new();
    let _ = writeln!(t, "Cycle {} → {} {} {date}", c.a, c.b, w.as_of);
    let changed: Vec<_> = c.requirements.iter().filter(|r| r.changed).collect();
    let count = |f: &dyn Fn(&dossier::VerdictChange) -> bool| {
        c.requirements.iter().filter(|r| f(r)).count()
    };
    let unchanged = count(&|r| r.a.is_some() && r.b.is_some() && !r.changed);
    let only_a = count(&|r| r.b.is_none());
    let only_b = count(&|r| r.a.is_none());
    let _ = writeln!(
        t,
        "\n{}: {} {}, {unchanged} {}; {only_a} {} {}, {only_b} {} {}",
        w.verdicts_label,
        changed.len(),
        w.changed,
        w.unchanged,
        w.evaluated_only_in,
        c.a,
        w.only_in,
        c.b
    );
    let width = changed
        .iter()
        .map(|r| r.requirement.len())
        .max()
        .unwrap_or(0);
    let verdict = |v: Option<Verdict>| v.map_or("—", |v| crate::messages::grid::verdict(lang, v));
    for r in &changed {
        let _ = writeln!(
            t,
            "  {:<width$}  {:<14} → {}",
            r.requirement,
            verdict(r.a),
            verdict(r.b)
        );
    }
    let _ = writeln!(t, "\n{} {}", w.findings_of, c.b);
    let kinds = [w.new_findings, w.closed_findings, w.carried_findings];
    let kw = kinds
        .iter()
        .map(|k| k.chars().count())
        .max()
        .unwrap_or(0)
        .max(7)
        + 1;
    for (what, ids) in [
        (w.new_findings, &c.new_findings),
        (w.closed_findings, &c.closed_findings),
        (w.carried_findings, &c.carried_findings),
    ] {
        let ids = if ids.is_empty() {
            w.none.to_owned()
        } else {
            ids.join(", ")
        };
        let _ = writeln!(t, "  {what:<kw$} {ids}");
    }
    let _ = writeln!(t, "\n{} ({} → {})", w.readiness_per_chapter, c.a, c.b);
    let width = c
        .chapters
        .iter()
        .map(|ch| ch.chapter.len())
        .max()
        .unwrap_or(0);
    for ChapterChange { chapter, a, b } in &c.chapters {
        let _ = writeln!(
            t,
            "  {chapter:<width$}  {:>7} → {}",
            readiness_or(*a),
            readiness_or(*b)
        );
    }
    t
}
