//! `jalon status`: where the journey stands on a date.

use std::fmt::Write as _;

use chrono::NaiveDate;
use journey::Status;
use serde::Serialize;

use dossier::Dossier;

use crate::commands::{Loaded, at_date};
use crate::ctx::{Ctx, Format, FormatArg, Language, parse_date};
use crate::error::CommandError;
use crate::messages;
use crate::paint::{Tone, paint};

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
    let mut status = dossier.journey.status(date);
    let bases = if dossier.settings.bases.is_empty() {
        Vec::new()
    } else {
        crate::commands::base::listed(&loaded, date)?
    };
    // Reliances on base services that lapsed, or end within 90 days: in English for the JSON
    // contract, as the journey's alerts are.
    let base_alerts = |lang| crate::commands::base::alerts(&bases, date, lang);
    status.alerts.extend(base_alerts(Language::En));
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
        Format::Human => {
            let mut out = human(&loaded, &dossier, &status, date, ctx.lang());
            let more = base_alerts(ctx.lang());
            if !more.is_empty() {
                if status.notices.is_empty() && overdue_actions(&dossier, date).is_empty() {
                    let _ = writeln!(out, "\n{}", messages::labels(ctx.lang()).alerts);
                }
                for a in more {
                    let _ = writeln!(out, "  {}", paint(Tone::Bad, &format!("! {a}")));
                }
            }
            ctx.print(&out)
        }
    }
}

pub fn human(
    loaded: &Loaded,
    dossier: &Dossier<'_>,
    status: &Status,
    date: NaiveDate,
    lang: Language,
) -> String {
    let t = messages::labels(lang);
    let text = |x: &journey::Text| match lang {
        Language::En => x.en.clone(),
        Language::Fr => x.fr.clone(),
    };
    let m = loaded.ws.manifest();
    let wf = &loaded.workflow;
    let mut out = String::new();
    let kinds: Vec<&str> = dossier
        .settings
        .kinds
        .iter()
        .map(|k| k.display_name())
        .collect();
    // Labels padded to one column, whatever their language.
    let heads = [t.workflow, t.date, t.state, t.qualified, t.cycle];
    let w = heads.iter().map(|h| h.chars().count()).max().unwrap_or(0) + 2;
    let head = |h: &str| format!("{h:<w$}");
    let _ = writeln!(out, "{} — {} ({})", m.provider, m.service, kinds.join(", "));
    let _ = writeln!(
        out,
        "{}{} ({})",
        head(t.workflow),
        wf.id(),
        text(&wf.def().name)
    );
    let label = wf
        .state_index(&status.state)
        .map(|s| text(&wf.state(s).label))
        .unwrap_or_default();
    let _ = writeln!(out, "{}{date}", head(t.date));
    let _ = writeln!(out, "{}{} — {label}", head(t.state), status.state);
    let qualified = if status.qualified {
        paint(Tone::Good, t.yes)
    } else {
        t.no.to_owned()
    };
    let _ = writeln!(out, "{}{qualified}", head(t.qualified));
    let c = dossier.current();
    let open = if c.is_open() { t.open } else { t.closed };
    let _ = writeln!(
        out,
        "{}{} ({}, {open})",
        head(t.cycle),
        c.id,
        t.cycle_kind(c.kind)
    );
    let _ = writeln!(out, "\n{}", t.milestones);
    let width = wf
        .milestones()
        .map(|(m, _)| text(&m.label).chars().count())
        .max()
        .unwrap_or(0);
    for (def, _) in wf.milestones() {
        let reached = status
            .milestones
            .iter()
            .find(|s| s.id == def.id)
            .and_then(|s| s.reached);
        let when = reached.map_or_else(|| "—".to_owned(), |d| d.to_string());
        let _ = writeln!(out, "  {:<4}{:<width$}  {when}", def.id, text(&def.label));
    }
    if let Some(q) = &status.qualification {
        let _ = writeln!(out, "\n{}", t.qualification);
        let w = t
            .decided
            .chars()
            .count()
            .max(t.expires.chars().count())
            .max(t.reserves.chars().count())
            + 3;
        let _ = writeln!(out, "  {:<w$}{}", t.decided, q.decided);
        let left = messages::days_left(lang, q.days_left);
        let left = if q.days_left < 0 {
            paint(Tone::Bad, &left)
        } else {
            left
        };
        let _ = writeln!(out, "  {:<w$}{} ({left})", t.expires, q.expires);
        if let Some(r) = &q.reserves {
            let _ = writeln!(out, "  {:<w$}{r}", t.reserves);
        }
    }
    if !status.deadlines.is_empty() {
        let _ = writeln!(out, "\n{}", t.deadlines);
        let width = status
            .deadlines
            .iter()
            .map(|d| t.deadline_kind(d.kind).chars().count())
            .max()
            .unwrap_or(0)
            + 2;
        for d in &status.deadlines {
            let late = match (d.late, d.done) {
                (true, Some(on)) => format!(" ({})", messages::late(lang, on)),
                _ => String::new(),
            };
            let word = t.deadline_status(d.status);
            let word = match d.status {
                journey::DeadlineStatus::Overdue => paint(Tone::Bad, word),
                journey::DeadlineStatus::Done => paint(Tone::Good, word),
                _ => word.to_owned(),
            };
            let _ = writeln!(
                out,
                "  {}  {:<width$}{word}{late}",
                d.due,
                t.deadline_kind(d.kind),
            );
        }
    }
    let late = overdue_actions(dossier, date);
    if !status.notices.is_empty() || !late.is_empty() {
        let _ = writeln!(out, "\n{}", t.alerts);
        for a in &status.notices {
            let _ = writeln!(
                out,
                "  {}",
                paint(Tone::Bad, &format!("! {}", messages::alert(lang, a)))
            );
        }
        for a in &late {
            let line = messages::overdue_action(
                lang,
                a.finding,
                a.severity,
                a.due,
                a.days_overdue,
                a.owner,
            );
            let _ = writeln!(out, "  {}", paint(Tone::Bad, &format!("! {line}")));
        }
    }
    out
}
