//! `jalon calendar`: upcoming deadlines, as a list or an iCalendar (RFC 5545) file.

use std::fmt::Write as _;
use std::path::PathBuf;

use chrono::{Days, NaiveDate};
use icalendar::{Calendar, Component, EventLike};
use journey::{Deadline, DeadlineKind, DeadlineStatus};
use serde::Serialize;

use crate::commands::{AtArg, Loaded};
use crate::ctx::{Ctx, Format, FormatArg};
use crate::error::CommandError;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also write the deadlines to this iCalendar file; `-` prints the iCalendar alone on
    /// standard output. Never over the workspace's own files.
    #[arg(long, value_name = "FILE")]
    pub ics: Option<PathBuf>,
    /// How many days ahead to look.
    #[arg(long, value_name = "DAYS", default_value_t = 365)]
    pub horizon: u32,
    #[command(flatten)]
    pub at: AtArg,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Serialize)]
struct Out<'a> {
    today: NaiveDate,
    horizon: u32,
    deadlines: Vec<&'a Deadline>,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let loaded = Loaded::open(ctx)?;
    let today = args.at.date(ctx)?;
    let status = loaded.journey(today)?.status(today);
    let until = today
        .checked_add_days(Days::new(u64::from(args.horizon)))
        .unwrap_or(NaiveDate::MAX);
    // Overdue deadlines stay on the list until they are done; upcoming ones within the horizon.
    let deadlines: Vec<&Deadline> = status
        .deadlines
        .iter()
        .filter(|d| match d.status {
            DeadlineStatus::Done => false,
            DeadlineStatus::Overdue => true,
            DeadlineStatus::Upcoming => d.due <= until,
        })
        .collect();
    let m = loaded.ws.manifest();
    if let Some(path) = &args.ics {
        let subject = format!("{} — {}", m.provider, m.service);
        let text = ics(&subject, loaded.workflow.id(), today, &deadlines);
        if storage::write_output(path, text.as_bytes(), Some(loaded.ws.root()))?
            == storage::Written::Stdout
        {
            return ctx.print(&text);
        }
    }
    match format {
        Format::Json => ctx.print_json(&Out {
            today,
            horizon: args.horizon,
            deadlines,
        }),
        Format::Human => {
            let mut out = String::new();
            if deadlines.is_empty() {
                let _ = writeln!(out, "No deadline within {} days.", args.horizon);
            }
            for d in &deadlines {
                let days = (d.due - today).num_days();
                let when = if days >= 0 {
                    format!("in {days} days")
                } else {
                    format!("{} days ago", -days)
                };
                let _ = writeln!(
                    out,
                    "{}  {:<20}{:<10}{when}",
                    d.due,
                    d.kind.as_str(),
                    d.status.as_str()
                );
            }
            if let Some(path) = &args.ics {
                let _ = writeln!(
                    out,
                    "Wrote {} deadline(s) to {}.",
                    deadlines.len(),
                    path.display()
                );
            }
            ctx.print(&out)
        }
    }
}

fn ics(subject: &str, workflow: &str, today: NaiveDate, deadlines: &[&Deadline]) -> String {
    /// A TEXT value holds no control character (RFC 5545 §3.3.11: HTAB aside, none is allowed)
    /// and a raw CR or LF would end the content line: the names are one line, without
    /// bidirectional controls either (they would reorder the title a calendar shows).
    fn one_line(s: &str) -> String {
        s.chars()
            .map(|c| if crate::input::is_hostile(c) { ' ' } else { c })
            .collect()
    }
    /// TEXT escaping (RFC 5545 §3.3.11), for the one property icalendar writes verbatim: NAME
    /// (RFC 7986), which is not in its table of TEXT properties. It escapes SUMMARY,
    /// DESCRIPTION, UID and X-WR-CALNAME itself (`\\`, `\;`, `\,`, `\n`); folding is its job.
    fn escaped(s: &str) -> String {
        s.replace('\\', "\\\\")
            .replace(';', "\\;")
            .replace(',', "\\,")
    }
    // The provider's and service's names are the user's text.
    let subject = &one_line(subject);
    let stamp = today.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let slug: String = subject
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase();
    let mut cal = Calendar::new();
    let name = format!("jalon — {subject}");
    cal.append_property(icalendar::Property::new("NAME", escaped(&name)));
    cal.append_property(icalendar::Property::new("X-WR-CALNAME", name));
    for d in deadlines {
        let what = match d.kind {
            DeadlineKind::SurveillanceAudit => "Surveillance audit due",
            DeadlineKind::Expiry => "Qualification expires",
            DeadlineKind::RenewalStart => "Renewal should start",
        };
        let event = icalendar::Event::new()
            .uid(&format!("{}-{}-{slug}@jalon", d.kind.as_str(), d.due))
            .timestamp(stamp)
            .summary(&format!("{what}: {subject}"))
            .description(&format!(
                "{workflow} deadline `{}` ({}), computed by jalon.",
                d.kind.as_str(),
                d.status.as_str()
            ))
            // All-day event: DTEND is exclusive (RFC 5545 3.6.1), so the day after.
            .starts(d.due)
            .ends(d.due.succ_opt().unwrap_or(d.due))
            .done();
        cal.push(event);
    }
    cal.done().to_string()
}
