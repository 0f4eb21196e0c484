//! `jalon calendar`: every date to keep (the journey's deadlines, corrective actions, the plan's
//! phases), as a list or an iCalendar (RFC 5545) file.

use std::fmt::Write as _;
use std::path::PathBuf;

use chrono::{Days, NaiveDate};
use dossier::{Due, DueKind};
use icalendar::{Calendar, Component, EventLike};
use journey::DeadlineStatus;
use report::Lang;
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
    /// How many days ahead to look (default: up to the current qualification's expiry, and at
    /// least 365). Overdue items are listed whatever the horizon.
    #[arg(long, value_name = "DAYS")]
    pub horizon: Option<u32>,
    #[command(flatten)]
    pub at: AtArg,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Serialize)]
struct Out<'a> {
    today: NaiveDate,
    horizon: u32,
    deadlines: Vec<&'a Due>,
}

/// At least a year ahead; up to the expiry of the qualification held on `today`.
pub fn default_horizon(dossier: &dossier::Dossier<'_>, today: NaiveDate) -> u32 {
    let to_expiry = dossier
        .journey
        .grant()
        .filter(|g| g.holds_on(today) || g.suspended_since.is_some() && g.revoked.is_none())
        .map_or(0, |g| (g.expires - today).num_days());
    u32::try_from(to_expiry.max(365)).unwrap_or(u32::MAX)
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let lang = Lang::from(ctx.lang());
    let loaded = Loaded::open(ctx)?;
    let today = args.at.date(ctx)?;
    let dossier = loaded.dossier(today)?;
    let horizon = args
        .horizon
        .unwrap_or_else(|| default_horizon(&dossier, today));
    let all = dossier.calendar(today);
    let deadlines = within(&all, today, horizon);
    let m = loaded.ws.manifest();
    if let Some(path) = &args.ics {
        let subject = format!("{} — {}", m.provider, m.service);
        let text = ics(lang, &subject, loaded.workflow.id(), today, &deadlines);
        if storage::write_output(path, text.as_bytes(), Some(loaded.ws.root()))?
            == storage::Written::Stdout
        {
            return ctx.print(&text);
        }
    }
    match format {
        Format::Json => ctx.print_json(&Out {
            today,
            horizon,
            deadlines,
        }),
        Format::Human => {
            let t = report::i18n::labels(lang);
            let mut out = String::new();
            if deadlines.is_empty() {
                let _ = writeln!(out, "{} {horizon} {}.", t.cal_none_within, t.cal_days);
            }
            for d in &deadlines {
                let _ = writeln!(
                    out,
                    "{}  {:<20}{:<10}{:<16}{}",
                    d.due,
                    d.kind.as_str(),
                    d.status.as_str(),
                    report::calendar::relative(lang, d.due, today),
                    report::calendar::title(lang, d)
                );
            }
            if let Some(path) = &args.ics {
                let _ = writeln!(
                    out,
                    "{} {} {} {}.",
                    t.cal_wrote,
                    deadlines.len(),
                    t.cal_deadlines_to,
                    path.display()
                );
            }
            ctx.print(&out)
        }
    }
}

/// The items to list: overdue ones stay until they are done; upcoming ones within `horizon` days
/// of `today` (a plan phase that has begun is upcoming until its last day).
pub fn within(all: &[Due], today: NaiveDate, horizon: u32) -> Vec<&Due> {
    let until = today
        .checked_add_days(Days::new(u64::from(horizon)))
        .unwrap_or(NaiveDate::MAX);
    all.iter()
        .filter(|d| match d.status {
            DeadlineStatus::Done | DeadlineStatus::Lapsed => false,
            DeadlineStatus::Overdue => true,
            DeadlineStatus::Upcoming => d.due <= until,
        })
        .collect()
}

/// A TEXT value holds no control character (RFC 5545 §3.3.11: HTAB aside, none is allowed) and
/// a raw CR or LF would end the content line: the names are one line, without bidirectional
/// controls either (they would reorder the title a calendar shows).
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if crate::input::is_hostile(c) { ' ' } else { c })
        .collect()
}

/// TEXT escaping (RFC 5545 §3.3.11), for the one property icalendar writes verbatim: NAME
/// (RFC 7986), which is not in its table of TEXT properties. It escapes SUMMARY, DESCRIPTION,
/// UID and X-WR-CALNAME itself (`\\`, `\;`, `\,`, `\n`); folding is its job.
fn escaped(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
}

/// One service's items in an iCalendar file.
pub struct Feed<'a> {
    /// The service as each event's summary names it: "Provider — Service" (the user's text).
    pub subject: String,
    /// What makes the UIDs of this service's events its own ([`slug`]).
    pub slug: String,
    pub workflow: &'a str,
    pub deadlines: Vec<&'a Due>,
}

/// The service's part of its events' UIDs: the letters and digits of `subject`, lower case.
pub fn slug(subject: &str) -> String {
    let mut slug: String = one_line(subject)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase();
    if slug.is_empty() {
        slug.push_str("service");
    }
    slug
}

fn ics(lang: Lang, subject: &str, workflow: &str, today: NaiveDate, deadlines: &[&Due]) -> String {
    let slug = slug(subject);
    let name = format!("jalon — {subject}");
    let feed = Feed {
        subject: subject.to_owned(),
        slug: slug.clone(),
        workflow,
        deadlines: deadlines.to_vec(),
    };
    calendar(lang, &name, &slug, today, &[feed])
}

/// An iCalendar file named `name` holding every feed's items; `journal_slug` makes the UID of
/// the journal entry that says there is nothing due, when no feed has any.
pub fn calendar(
    lang: Lang,
    name: &str,
    journal_slug: &str,
    today: NaiveDate,
    feeds: &[Feed<'_>],
) -> String {
    let stamp = today.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let language = match lang {
        Lang::En => "EN",
        Lang::Fr => "FR",
    };
    let mut cal = Calendar::empty();
    cal.append_property(icalendar::Property::new("VERSION", "2.0"));
    cal.append_property(icalendar::Property::new(
        "PRODID",
        format!("-//jalon//jalon {}//{language}", env!("CARGO_PKG_VERSION")),
    ));
    cal.append_property(icalendar::Property::new("CALSCALE", "GREGORIAN"));
    let name = one_line(name);
    cal.append_property(icalendar::Property::new("NAME", escaped(&name)));
    cal.append_property(icalendar::Property::new("X-WR-CALNAME", name));
    for feed in feeds {
        // The provider's and service's names, an action's text, an owner: the user's text.
        let subject = &one_line(&feed.subject);
        let slug = &feed.slug;
        for d in &feed.deadlines {
            let title = one_line(&report::calendar::title(lang, d));
            let last = d.end.unwrap_or(d.due);
            let event = icalendar::Event::new()
                // What it is, not when: the same event when its date moves.
                .uid(&format!("{}.{slug}@jalon", d.id))
                .timestamp(stamp)
                .summary(&format!("{title} — {subject}"))
                .description(&one_line(&report::calendar::description(
                    lang,
                    d,
                    feed.workflow,
                )))
                // All-day event: DTEND is exclusive (RFC 5545 3.6.1), so the day after.
                .starts(d.due)
                .ends(last.succ_opt().unwrap_or(last))
                .add_property(
                    "CATEGORIES",
                    match d.kind {
                        DueKind::CorrectiveAction => "CORRECTIVE-ACTION",
                        DueKind::PlanPhase => "EVALUATION-PLAN",
                        _ => "QUALIFICATION",
                    },
                )
                .done();
            cal.push(event);
        }
    }
    let text = cal.done().to_string();
    if feeds.iter().any(|f| !f.deadlines.is_empty()) {
        return text;
    }
    // RFC 5545 §3.6: a calendar holds at least one component. A journal entry says there is
    // nothing due; calendar applications list no event for it.
    let t = report::i18n::labels(lang);
    let day = today.format("%Y%m%d");
    let journal = format!(
        "BEGIN:VJOURNAL\r\nUID:none-{day}.{journal_slug}@jalon\r\nDTSTAMP:{day}T000000Z\r\n\
         DTSTART;VALUE=DATE:{day}\r\nSUMMARY:{} ({today})\r\nEND:VJOURNAL\r\n",
        t.cal_none
    );
    match text.rfind("END:VCALENDAR") {
        Some(at) => format!("{}{journal}{}", &text[..at], &text[at..]),
        None => text,
    }
}
