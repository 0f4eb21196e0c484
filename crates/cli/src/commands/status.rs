//! `jalon status`: where the journey stands on a date.

use std::fmt::Write as _;

use chrono::NaiveDate;
use journey::Status;
use serde::Serialize;

use dossier::Dossier;

use crate::commands::{Loaded, at_date};
use crate::ctx::{Ctx, Format, FormatArg, parse_date};
use crate::error::CommandError;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Replay the journal up to this date and show the status on it.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub at: Option<NaiveDate>,
    #[command(flatten)]
    pub format: FormatArg,
}

/// `jalon status --format json`: the journey's status plus what it is about.
#[derive(Serialize)]
struct StatusJson<'a> {
    provider: &'a str,
    service: &'a str,
    workflow: &'a str,
    date: NaiveDate,
    state: &'a str,
    qualified: bool,
    milestones: &'a [journey::Milestone],
    qualification: &'a Option<journey::Qualification>,
    deadlines: &'a [journey::Deadline],
    alerts: &'a [String],
    /// The current evaluation cycle.
    cycle: &'a str,
    /// Corrective actions past their due date and not carried out, most overdue first.
    overdue_actions: Vec<OverdueAction<'a>>,
}

#[derive(Serialize)]
struct OverdueAction<'a> {
    finding: &'a str,
    severity: &'static str,
    action: &'a str,
    owner: &'a str,
    due: NaiveDate,
    days_overdue: i64,
}

fn overdue_actions<'a>(dossier: &'a Dossier<'_>, date: NaiveDate) -> Vec<OverdueAction<'a>> {
    dossier
        .overdue_actions(date)
        .into_iter()
        .filter_map(|f| {
            let a = f.action.as_ref()?;
            Some(OverdueAction {
                finding: &f.id,
                severity: f.severity.as_str(),
                action: &a.action,
                owner: &a.owner,
                due: a.due,
                days_overdue: (date - a.due).num_days(),
            })
        })
        .collect()
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let loaded = Loaded::open(ctx)?;
    let date = at_date(ctx, args.at)?;
    let dossier = loaded.dossier(date)?;
    let status = dossier.journey.status(date);
    let m = loaded.ws.manifest();
    match format {
        Format::Json => ctx.print_json(&StatusJson {
            provider: &m.provider,
            service: &m.service,
            workflow: loaded.workflow.id(),
            date,
            state: &status.state,
            qualified: status.qualified,
            milestones: &status.milestones,
            qualification: &status.qualification,
            deadlines: &status.deadlines,
            alerts: &status.alerts,
            cycle: &dossier.current().id,
            overdue_actions: overdue_actions(&dossier, date),
        }),
        Format::Human => ctx.print(&human(&loaded, &dossier, &status, date)),
    }
}

pub fn human(loaded: &Loaded, dossier: &Dossier<'_>, status: &Status, date: NaiveDate) -> String {
    let m = loaded.ws.manifest();
    let wf = &loaded.workflow;
    let mut out = String::new();
    let kinds: Vec<&str> = dossier
        .settings
        .kinds
        .iter()
        .map(|k| k.display_name())
        .collect();
    let _ = writeln!(out, "{} — {} ({})", m.provider, m.service, kinds.join(", "));
    let _ = writeln!(out, "Workflow   {} ({})", wf.id(), wf.def().name.en);
    let label = wf
        .state_index(&status.state)
        .map(|s| wf.state(s).label.en.as_str())
        .unwrap_or_default();
    let _ = writeln!(out, "Date       {date}");
    let _ = writeln!(out, "State      {} — {label}", status.state);
    let _ = writeln!(
        out,
        "Qualified  {}",
        if status.qualified { "yes" } else { "no" }
    );
    let c = dossier.current();
    let open = if c.is_open() { "open" } else { "closed" };
    let _ = writeln!(out, "Cycle      {} ({}, {open})", c.id, c.kind);
    let _ = writeln!(out, "\nMilestones (current cycle)");
    let width = wf
        .milestones()
        .map(|(m, _)| m.label.en.len())
        .max()
        .unwrap_or(0);
    for (def, _) in wf.milestones() {
        let reached = status
            .milestones
            .iter()
            .find(|s| s.id == def.id)
            .and_then(|s| s.reached);
        let when = reached.map_or_else(|| "—".to_owned(), |d| d.to_string());
        let _ = writeln!(out, "  {:<4}{:<width$}  {when}", def.id, def.label.en);
    }
    if let Some(q) = &status.qualification {
        let _ = writeln!(out, "\nQualification");
        let _ = writeln!(out, "  decided    {}", q.decided);
        let left = if q.days_left >= 0 {
            format!("{} days left", q.days_left)
        } else {
            format!("expired {} days ago", -q.days_left)
        };
        let _ = writeln!(out, "  expires    {} ({left})", q.expires);
        if let Some(r) = &q.reserves {
            let _ = writeln!(out, "  reserves   {r}");
        }
    }
    if !status.deadlines.is_empty() {
        let _ = writeln!(out, "\nDeadlines");
        for d in &status.deadlines {
            let late = match (d.late, d.done) {
                (true, Some(on)) => format!(" (late, on {on})"),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "  {}  {:<20}{}{late}",
                d.due,
                d.kind.as_str(),
                d.status.as_str()
            );
        }
    }
    let late = overdue_actions(dossier, date);
    if !status.alerts.is_empty() || !late.is_empty() {
        let _ = writeln!(out, "\nAlerts");
        for a in &status.alerts {
            let _ = writeln!(out, "  ! {a}");
        }
        for a in &late {
            let _ = writeln!(
                out,
                "  ! The corrective action of {} ({}) was due on {}, {} days ago (owner: {}).",
                a.finding, a.severity, a.due, a.days_overdue, a.owner
            );
        }
    }
    out
}
