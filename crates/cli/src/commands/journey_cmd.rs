//! `jalon journey`: the timeline, `record`, `next` and `graph`.

use std::fmt::Write as _;

use chrono::NaiveDate;
use journey::{Journey, Recorded, Refusal};
use serde::Serialize;
use storage::Act;

use crate::commands::{Loaded, Write, replay_error, text, write_locked};
use crate::ctx::{Ctx, Format, FormatArg, parse_date};
use crate::error::{CommandError, Kind, nearest};

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
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, clap::Args)]
pub struct NextArgs {
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
    /// Graph language.
    #[arg(long, value_enum, default_value = "mermaid")]
    pub format: GraphFormat,
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
    let until = at.unwrap_or(NaiveDate::MAX);
    let mut events: Vec<TimelineEvent<'_>> = Vec::new();
    let entries: Vec<_> = loaded.history.entries.iter().collect();
    let recorded = loaded.history.journey();
    let journey_entries: Vec<_> = entries
        .iter()
        .filter(|e| matches!(e.act, Act::Journey { .. }))
        .collect();
    for (i, r) in journey::chronological(&recorded) {
        if r.date > until {
            break;
        }
        let entry = journey_entries[i];
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
            let mut out = String::new();
            if events.is_empty() {
                out.push_str(
                    "No event recorded yet. `jalon journey next` lists what can be recorded.\n",
                );
            }
            let width = events.iter().map(|e| e.event.len()).max().unwrap_or(0);
            for e in &events {
                let _ = write!(out, "{}  {:<width$}  {}", e.date, e.event, e.actor);
                if let Some(b) = e.on_behalf_of {
                    let _ = write!(out, " for {} ({})", b.role, b.reference);
                }
                if e.forced {
                    out.push_str("  [forced]");
                }
                out.push('\n');
                if let Some(r) = e.reserves {
                    let _ = writeln!(out, "{:12}reserves: {r}", "");
                }
                if let Some(n) = e.note {
                    let _ = writeln!(out, "{:12}note: {n}", "");
                }
            }
            ctx.print(&out)
        }
    }
}

fn record(ctx: &mut Ctx, args: RecordArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    if args.force && args.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        return Err(CommandError::usage(
            "--force needs --note \"why\": the override is kept in history with its reason",
        ));
    }
    let today = ctx.today();
    let date = args.date.unwrap_or(today);
    let (path, (new, state)) = write_locked(ctx, |loaded, _| {
        let workflow = &loaded.workflow;
        if workflow.event_index(&args.event).is_none() {
            let near = nearest(&args.event, workflow.event_ids());
            let mut e = CommandError::usage(format!(
                "`{}` is not an event of workflow `{}`",
                args.event,
                workflow.id()
            ));
            if !near.is_empty() {
                let near: Vec<String> = near.iter().map(|n| format!("`{n}`")).collect();
                e = e.hint(format!("did you mean {}?", near.join(" or ")));
            }
            return Err(e.hint("`jalon journey next` lists the events possible now"));
        }
        let existing = loaded.history.journey();
        let facts = loaded.facts()?;
        let mut new = Recorded {
            event: args.event.clone(),
            date,
            reserves: text(args.reserves.clone()),
            forced: false,
        };
        if let Err(refusal) = journey::check_record(workflow, &existing, &new, today, &facts) {
            // --force overrides readiness checks only, never the workflow's graph or dates.
            if !(args.force && matches!(refusal, Refusal::Blocked { .. })) {
                return Err(refusal_error(refusal, loaded));
            }
            new.forced = true;
            journey::check_record(workflow, &existing, &new, today, &facts)
                .map_err(|r| refusal_error(r, loaded))?;
        }
        let mut all = existing;
        all.push(new.clone());
        let journey = Journey::replay(workflow, &all, today.max(date))
            .map_err(|e| replay_error(&loaded.history, &e))?;
        let write = Write {
            date,
            note: text(args.note.clone()),
            act: Act::Journey {
                event: new.event.clone(),
                reserves: new.reserves.clone(),
                forced: new.forced,
            },
        };
        Ok((write, (new, journey.state_id().to_owned())))
    })?;
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                event: &'a str,
                date: NaiveDate,
                forced: bool,
                state: &'a str,
                file: String,
            }
            ctx.print_json(&Out {
                event: &new.event,
                date,
                forced: new.forced,
                state: &state,
                file: path.display().to_string(),
            })
        }
        Format::Human => {
            let forced = if new.forced { " (forced)" } else { "" };
            ctx.print(&format!(
                "Recorded `{}` on {date}{forced} in {}.\nState: {state}\n",
                new.event,
                path.display()
            ))
        }
    }
}

fn refusal_error(refusal: Refusal, loaded: &Loaded) -> CommandError {
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
        return replay_error(&loaded.history, e);
    }
    let mut e = CommandError::new(kind, format!("{refusal}; nothing was written"));
    if let Refusal::NotAllowed { .. } = refusal {
        e = e.hint("`jalon journey next` lists the events possible now");
    }
    e
}

fn next(ctx: &mut Ctx, args: NextArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let loaded = Loaded::open(ctx)?;
    let today = ctx.today();
    let journey = loaded.journey(today)?;
    let possible = journey.next(&loaded.facts()?);
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
            let mut out = format!(
                "State: {} — {}\n",
                journey.state_id(),
                wf.state(journey.state()).label.en
            );
            if possible.is_empty() {
                out.push_str("No event is possible from this state.\n");
            }
            let width = possible.iter().map(|p| p.event.len()).max().unwrap_or(0);
            for p in &possible {
                let label = wf
                    .event_index(&p.event)
                    .map(|e| wf.event(e).label.en.as_str())
                    .unwrap_or_default();
                let mark = if p.ready { "ready  " } else { "blocked" };
                let _ = writeln!(out, "  {mark}  {:<width$}  {label}", p.event);
                for b in &p.blocked_by {
                    let _ = writeln!(out, "           - {b}");
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
    let text = match args.format {
        GraphFormat::Mermaid => journey::mermaid(&workflow),
        GraphFormat::Dot => journey::dot(&workflow),
    };
    ctx.print(&text)
}
