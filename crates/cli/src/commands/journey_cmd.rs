//! `jalon journey`: the timeline, `record`, `next` and `graph`.

use std::fmt::Write as _;

use chrono::NaiveDate;
use journey::{Blocker, Refusal};
use serde::Serialize;
use storage::Act;

use crate::commands::{AtArg, Loaded, Write, at_date, replay_error, text, write_locked};
use crate::ctx::{Ctx, Format, FormatArg, parse_date};
use crate::error::{CommandError, Kind, nearest};
use crate::messages::errors::{self, Text};
use crate::paint::{Tone, paint};

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    pub sub: Option<Sub>,
    /// Show the timeline up to this date.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub at: Option<NaiveDate>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Record an event that happened (its real-world date; back-filling is normal).
    Record(RecordArgs),
    /// The events possible from the current state, and what blocks each.
    Next(NextArgs),
    /// Draw the workflow as a Mermaid or Graphviz DOT graph.
    Graph(GraphArgs),
}

#[derive(Debug, clap::Args)]
pub struct RecordArgs {
    /// The event id (e.g. j0-accepted; `jalon journey next` lists the possible ones).
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::events))]
    pub event: String,
    /// The date the event happened (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// Why, or anything worth keeping with the event.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Conditions and reserves of a decision (only events that allow them, e.g. `qualified`).
    #[arg(long, value_name = "TEXT")]
    pub reserves: Option<String>,
    /// Record what really happened although a readiness check fails (needs --note).
    #[arg(long)]
    pub force: bool,
    /// The evaluation cycle it belongs to (default: the one it opens, closes, or the current one).
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::cycles), long, value_name = "ID")]
    pub cycle: Option<String>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, clap::Args)]
pub struct NextArgs {
    #[command(flatten)]
    pub at: AtArg,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum GraphFormat {
    Mermaid,
    Dot,
}

#[derive(Debug, clap::Args)]
pub struct GraphArgs {
    /// Graph language (default: mermaid).
    #[arg(long, value_enum, value_name = "TYPE")]
    pub to: Option<GraphFormat>,
    #[command(flatten)]
    pub doc: crate::ctx::DocFormatArg,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    match args.sub {
        None => timeline(ctx, args.at, &args.format),
        Some(Sub::Record(a)) => record(ctx, a),
        Some(Sub::Next(a)) => next(ctx, a),
        Some(Sub::Graph(a)) => graph(ctx, a),
    }
}

#[derive(Serialize)]
struct TimelineEvent<'a> {
    event: &'a str,
    date: NaiveDate,
    actor: &'a str,
    /// `anssi` when the actor recorded an ANSSI act, with its reference.
    on_behalf_of: Option<&'a storage::OnBehalf>,
    note: Option<&'a str>,
    reserves: Option<&'a str>,
    forced: bool,
}

fn timeline(ctx: &mut Ctx, at: Option<NaiveDate>, format: &FormatArg) -> Result<(), CommandError> {
    let format = ctx.with_format(format);
    let loaded = Loaded::open(ctx)?;
    let until = at_date(ctx, at)?;
    // The events the journey applied, in its order: a retracted entry, or one left out because
    // it does not apply where it falls (a merge's duplicate), is not part of the timeline.
    let dossier = loaded.dossier(until)?;
    let by_label: std::collections::HashMap<&str, &dossier::Entry> = loaded
        .entries()
        .iter()
        .map(|e| (e.label.as_str(), e))
        .collect();
    let mut events: Vec<TimelineEvent<'_>> = Vec::new();
    for (r, label) in dossier.journal.iter().zip(&dossier.journal_labels) {
        let Some(entry) = by_label.get(label.as_str()) else {
            continue;
        };
        events.push(TimelineEvent {
            event: &r.event,
            date: r.date,
            actor: &entry.actor,
            on_behalf_of: entry.on_behalf_of.as_ref(),
            note: entry.note.as_deref(),
            reserves: r.reserves.as_deref(),
            forced: r.forced,
        });
    }
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                events: Vec<TimelineEvent<'a>>,
            }
            ctx.print_json(&Out { events })
        }
        Format::Human => {
            let t = crate::messages::labels(ctx.lang());
            let mut out = String::new();
            if events.is_empty() {
                let _ = writeln!(out, "{}", t.no_event_yet);
            }
            let width = events.iter().map(|e| e.event.len()).max().unwrap_or(0);
            for e in &events {
                let _ = write!(out, "{}  {:<width$}  {}", e.date, e.event, e.actor);
                if let Some(b) = e.on_behalf_of {
                    let _ = write!(out, " {} {} ({})", t.for_party, b.role, b.reference);
                }
                if e.forced {
                    let _ = write!(out, "  [{}]", t.forced);
                }
                out.push('\n');
                if let Some(r) = e.reserves {
                    let _ = writeln!(out, "{:12}{}: {r}", "", t.reserves);
                }
                if let Some(n) = e.note {
                    let _ = writeln!(out, "{:12}{}: {n}", "", t.note);
                }
            }
            ctx.print(&out)
        }
    }
}

fn record(ctx: &mut Ctx, args: RecordArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    if args.force && args.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        return Err(CommandError::usage(errors::force_needs_note()));
    }
    let today = ctx.today();
    let date = args.date.unwrap_or(today);
    let note = text("--note", args.note.clone())?;
    let reserves = text("--reserves", args.reserves.clone())?;
    let (path, (forced, state, cycle)) = write_locked(
        ctx,
        |loaded, _| {
            let workflow = &loaded.workflow;
            if workflow.event_index(&args.event).is_none() {
                let near = nearest(&args.event, workflow.event_ids());
                let mut e = CommandError::usage(errors::unknown_event(&args.event, workflow.id()));
                if !near.is_empty() {
                    let near: Vec<String> = near.iter().map(|n| format!("`{n}`")).collect();
                    e = e.hint(errors::did_you_mean(errors::or_list(&near)));
                }
                return Err(e.hint(errors::journey_next()));
            }
            let mut write = Write::new(
                date,
                note.clone(),
                Act::Journey {
                    event: args.event.clone(),
                    reserves: reserves.clone(),
                    forced: false,
                },
            );
            write.cycle = args.cycle.clone();
            write.force = args.force;
            Ok((write, ()))
        },
        |(), checked| {
            let forced = matches!(checked.entry.act, Act::Journey { forced: true, .. });
            Ok((
                forced,
                checked.after.journey.state_id().to_owned(),
                checked.entry.cycle.clone().unwrap_or_default(),
            ))
        },
    )?;
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                event: &'a str,
                date: NaiveDate,
                forced: bool,
                state: &'a str,
                cycle: &'a str,
                file: String,
            }
            ctx.print_json(&Out {
                event: &args.event,
                date,
                forced,
                state: &state,
                cycle: &cycle,
                file: path.display().to_string(),
            })
        }
        Format::Human => {
            let forced = if forced { " (forced)" } else { "" };
            ctx.print(&format!(
                "Recorded `{}` on {date}{forced} in {} (cycle {cycle}).\nState: {state}\n",
                args.event,
                path.display()
            ))
        }
    }
}

/// A blocker as the command line says it, with how to lift it.
pub fn blocker_hint(b: &Blocker) -> Option<Text> {
    Some(match b {
        Blocker::Missing { .. } => errors::record_missing_first(),
        Blocker::NoScope => errors::declare_kinds(),
        Blocker::NoCentre => errors::name_centre(),
        Blocker::NotQualified { .. } => return None,
        // Entries of a referential assessed beside the service's own are named `<id> <req>`.
        Blocker::Unassessed { requirements, .. }
            if requirements.iter().any(|r| r.contains(' ')) =>
        {
            errors::open_grid_beside()
        }
        Blocker::Unassessed { .. } => errors::open_grid(),
        Blocker::EmptyScope { .. } => errors::name_audit_scope(),
        Blocker::PlanNotValidated { status: None, .. } => errors::write_and_validate_plan(),
        Blocker::PlanNotValidated { .. } => errors::validate_plan(),
        Blocker::OpenMajor { .. } => errors::close_or_reserves(),
        Blocker::NoOpenCycle { .. } => errors::open_cycle_first(),
    })
}

/// A refused event as the command line says it, and whether "nothing was written" follows its
/// words (not after a journal that cannot be replayed, which names its file).
pub fn refusal_error(refusal: Refusal, loaded: &Loaded) -> (CommandError, bool) {
    let kind = match refusal {
        Refusal::UnknownEvent(..) | Refusal::InTheFuture { .. } | Refusal::NoReserves { .. } => {
            Kind::Usage
        }
        Refusal::Journal(_) => Kind::Data,
        Refusal::NotAllowed { .. }
        | Refusal::DatedTooEarly { .. }
        | Refusal::Blocked { .. }
        | Refusal::BreaksLater { .. } => Kind::Refused,
    };
    if let Refusal::Journal(e) = &refusal {
        return (replay_error(&loaded.history, e), false);
    }
    let mut e = CommandError::new(kind, errors::journey_refusal(&refusal));
    match &refusal {
        Refusal::NotAllowed { .. } => {
            e = e.hint(errors::journey_next());
        }
        Refusal::Blocked { blocked_by, .. } => {
            for b in blocked_by {
                if let Some(h) = blocker_hint(b) {
                    e = e.hint(h);
                }
            }
            e = e.hint(errors::or_force());
        }
        _ => {}
    }
    (e, true)
}

fn next(ctx: &mut Ctx, args: NextArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let loaded = Loaded::open(ctx)?;
    let dossier = loaded.dossier(args.at.date(ctx)?)?;
    let journey = &dossier.journey;
    let possible = dossier.next();
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                state: &'a str,
                possible: &'a [journey::Possible],
            }
            ctx.print_json(&Out {
                state: journey.state_id(),
                possible: &possible,
            })
        }
        Format::Human => {
            let wf = &loaded.workflow;
            let lang = ctx.lang();
            let t = crate::messages::labels(lang);
            let text = |x: &journey::Text| match lang {
                crate::ctx::Language::En => x.en.clone(),
                crate::ctx::Language::Fr => x.fr.clone(),
            };
            let mut out = format!(
                "{}: {} — {}\n",
                t.state_now,
                journey.state_id(),
                text(&wf.state(journey.state()).label)
            );
            if possible.is_empty() {
                let _ = writeln!(out, "{}", t.nothing_possible);
            }
            let width = possible.iter().map(|p| p.event.len()).max().unwrap_or(0);
            let mark_width = t.ready.chars().count().max(t.blocked.chars().count());
            for p in &possible {
                let label = wf
                    .event_index(&p.event)
                    .map(|e| text(&wf.event(e).label))
                    .unwrap_or_default();
                // Padded before it is coloured: the marks take no room on the screen.
                let mark = if p.ready {
                    paint(Tone::Good, &format!("{:<mark_width$}", t.ready))
                } else {
                    paint(Tone::Warn, &format!("{:<mark_width$}", t.blocked))
                };
                let _ = writeln!(out, "  {mark}  {:<width$}  {label}", p.event);
                for b in &p.blocked_by {
                    let _ = writeln!(
                        out,
                        "           - {}",
                        crate::messages::errors::blocker(b).pick(lang)
                    );
                }
            }
            ctx.print(&out)
        }
    }
}

fn graph(ctx: &mut Ctx, args: GraphArgs) -> Result<(), CommandError> {
    // Outside a workspace, draw the embedded SecNumCloud workflow.
    let workflow = match ctx.workspace() {
        Ok(ws) => ws.workflow()?,
        Err(e) if e.kind == Kind::Usage && ctx.global.workspace.is_none() => {
            storage::embedded_workflow("secnumcloud")
                .expect("the SecNumCloud workflow is embedded")?
        }
        Err(e) => return Err(e),
    };
    // In a workspace, the state its journey is in is highlighted.
    let current = match ctx.workspace() {
        Ok(_) => {
            let loaded = Loaded::open(ctx)?;
            let dossier = loaded.dossier(ctx.today())?;
            Some(dossier.journey.state_id().to_owned())
        }
        Err(_) => None,
    };
    let drawing = journey::Drawing {
        french: ctx.lang() == crate::ctx::Language::Fr,
        current: current.as_deref(),
    };
    let kind = args
        .doc
        .document_type(ctx, args.to, None, GraphFormat::Mermaid)?;
    if ctx.format == crate::ctx::Format::Json {
        return Err(CommandError::usage(errors::graph_not_data()));
    }
    let text = match kind {
        GraphFormat::Mermaid => journey::mermaid(&workflow, &drawing),
        GraphFormat::Dot => journey::dot(&workflow, &drawing),
    };
    ctx.print(&text)
}
