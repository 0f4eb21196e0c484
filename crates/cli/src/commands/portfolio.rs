//! `jalon portfolio`: one row per service of several workspaces (state, qualification, next
//! deadline, overdue items, open findings, readiness), read in parallel; one calendar for all.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use dossier::{Due, DueKind};
use journey::DeadlineStatus;
use rayon::prelude::*;
use serde::Serialize;

use crate::commands::calendar::{self, Feed};
use crate::commands::{AtArg, Loaded, View};
use crate::ctx::{Ctx, Format, FormatArg, Language};
use crate::error::{CommandError, Kind};
use crate::messages::{self, errors};
use crate::paint::Tone;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The workspaces' folders, relative to the current folder: one row each, in this order.
    /// Without any, the folders that portfolio.ron lists, in the current folder or the one -C
    /// names.
    #[arg(value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Also write every service's dates to this one iCalendar file (each service's upcoming and
    /// overdue items, as `jalon calendar --ics` has them); `-` prints the iCalendar alone on
    /// standard output. Never over a workspace's own files.
    #[arg(long, value_name = "FILE")]
    pub ics: Option<PathBuf>,
    /// Also write a static site into DIR: an index of the services, each linking to its own
    /// dashboard (as `jalon site` writes it) in a folder of its own. Never in a workspace.
    #[arg(long, value_name = "DIR")]
    pub site: Option<PathBuf>,
    #[command(flatten)]
    pub at: AtArg,
    #[command(flatten)]
    pub format: FormatArg,
}

/// One service's row, computed as of the date (owned: computed on a worker thread).
struct Service {
    provider: String,
    service: String,
    kinds: Vec<grid::ServiceKind>,
    workflow: String,
    state: String,
    qualified: bool,
    qualified_until: Option<NaiveDate>,
    days_left: Option<i64>,
    next_deadline: Option<NextDeadline>,
    overdue: usize,
    open_findings: grid::OpenFindings,
    cycle: String,
    readiness: f64,
    /// What `jalon calendar` lists: overdue items and upcoming ones within its default horizon.
    calendar: Vec<Due>,
}

#[derive(Clone, Copy, Serialize)]
struct NextDeadline {
    date: NaiveDate,
    kind: DueKind,
}

/// `jalon portfolio --format json`: the services in the order given.
#[derive(Serialize)]
struct Out {
    date: NaiveDate,
    services: Vec<ServiceJson>,
}

/// One row. Every field but `path` and `error` is `null` when the workspace could not be read.
#[derive(Serialize, Default)]
struct ServiceJson {
    path: String,
    provider: Option<String>,
    service: Option<String>,
    kinds: Option<Vec<grid::ServiceKind>>,
    workflow: Option<String>,
    state: Option<String>,
    qualified: Option<bool>,
    qualified_until: Option<NaiveDate>,
    days_left: Option<i64>,
    next_deadline: Option<NextDeadline>,
    overdue: Option<usize>,
    open_findings: Option<grid::OpenFindings>,
    cycle: Option<String>,
    readiness: Option<f64>,
    error: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let lang = ctx.lang();
    let date = args.at.date(ctx)?;
    let paths = workspaces(ctx, args.dirs)?;
    // Each workspace is read on its own thread: they share nothing, and each read is mostly
    // parsing its history (see docs/ARCHITECTURE.md). `collect` keeps the order given.
    let rows: Vec<Result<Service, CommandError>> =
        paths.par_iter().map(|p| read(p, date)).collect();
    let unreadable = rows.iter().filter(|r| r.is_err()).count();
    let mut wrote = None;
    if let Some(target) = &args.ics {
        let text = ics(lang, date, &rows);
        let roots: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
        match storage::write_output_outside(target, text.as_bytes(), &roots)? {
            storage::Written::Stdout => {
                ctx.print(&text)?;
                return finish(unreadable, rows.len());
            }
            _ => {
                let dates = rows.iter().flatten().map(|s| s.calendar.len()).sum();
                let services = rows.len() - unreadable;
                wrote = Some(messages::portfolio_wrote(
                    lang,
                    dates,
                    services,
                    &target.display().to_string(),
                ));
            }
        }
    }
    if let Some(dir) = &args.site {
        let index = site(ctx, dir, &paths, &rows, date)?;
        let note = messages::portfolio_site(lang, rows.len() - unreadable, &index);
        wrote = Some(match wrote {
            Some(w) => format!("{w}\n{note}"),
            None => note,
        });
    }
    match format {
        Format::Json => ctx.print_json(&Out {
            date,
            services: paths
                .iter()
                .zip(&rows)
                .map(|(p, r)| json_row(p, r, lang))
                .collect(),
        })?,
        Format::Human => {
            let mut out = human(&paths, &rows, date, lang);
            if let Some(w) = wrote {
                let _ = writeln!(out, "\n{w}");
            }
            ctx.print(&out)?;
        }
    }
    finish(unreadable, rows.len())
}

/// Exit 1 (after every row is shown) when a workspace could not be read.
fn finish(unreadable: usize, total: usize) -> Result<(), CommandError> {
    if unreadable == 0 {
        return Ok(());
    }
    Err(CommandError::new(
        Kind::Refused,
        errors::portfolio_unreadable(unreadable, total),
    ))
}

/// The folders given, else those the `portfolio.ron` of `-C DIR` (or the current folder) lists.
fn workspaces(ctx: &Ctx, dirs: Vec<PathBuf>) -> Result<Vec<PathBuf>, CommandError> {
    if !dirs.is_empty() {
        return Ok(dirs);
    }
    let start = ctx.start_dir();
    match storage::Portfolio::find(&start)? {
        Some(p) => Ok(p.workspaces),
        None => Err(CommandError::usage(errors::no_portfolio(start.display()))
            .hint(errors::give_portfolio())),
    }
}

/// One workspace's row on `date`: what `status`, `calendar`, `finding list` and `grid` show of
/// its current cycle.
fn read(path: &Path, date: NaiveDate) -> Result<Service, CommandError> {
    let loaded = Loaded::open_at(path)?;
    let dossier = loaded.dossier(date)?;
    let status = dossier.journey.status(date);
    let m = loaded.ws.manifest();
    // The latest qualification, unless it was withdrawn: its expiry, past or to come.
    let expires = dossier
        .journey
        .grant()
        .filter(|g| g.revoked.is_none())
        .map(|g| g.expires);
    let all = dossier.calendar(date);
    let next_deadline = all
        .iter()
        .filter(|d| d.status == DeadlineStatus::Upcoming && d.due >= date)
        .min_by_key(|d| (d.due, d.kind))
        .map(|d| NextDeadline {
            date: d.due,
            kind: d.kind,
        });
    let overdue = all
        .iter()
        .filter(|d| d.status == DeadlineStatus::Overdue)
        .count();
    let horizon = calendar::default_horizon(&dossier, date);
    let listed = calendar::within(&all, date, horizon)
        .into_iter()
        .cloned()
        .collect();
    let mut open_findings = grid::OpenFindings::default();
    for f in dossier
        .findings_of(dossier.current())
        .filter(|f| f.status.is_open())
    {
        match f.severity {
            grid::Severity::Major => open_findings.major += 1,
            grid::Severity::Minor => open_findings.minor += 1,
            grid::Severity::Observation => open_findings.observation += 1,
        }
    }
    let kinds = dossier.settings.kinds.clone();
    let view = View::new(dossier, None)?;
    let readiness = view.grid().summary.overall.readiness;
    Ok(Service {
        provider: m.provider.clone(),
        service: m.service.clone(),
        kinds,
        workflow: loaded.workflow.id().to_owned(),
        state: status.state,
        qualified: status.qualified,
        qualified_until: expires,
        days_left: expires.map(|e| (e - date).num_days()),
        next_deadline,
        overdue,
        open_findings,
        cycle: view.cycle().id.clone(),
        readiness,
        calendar: listed,
    })
}

/// The error as `jalon -C DIR status` would say it, without its final line break.
fn rendered(e: &CommandError, lang: Language) -> String {
    e.render(lang).trim_end().to_owned()
}

fn json_row(path: &Path, row: &Result<Service, CommandError>, lang: Language) -> ServiceJson {
    let path = path.display().to_string();
    match row {
        Err(e) => ServiceJson {
            path,
            error: Some(rendered(e, lang)),
            ..ServiceJson::default()
        },
        Ok(s) => ServiceJson {
            path,
            provider: Some(s.provider.clone()),
            service: Some(s.service.clone()),
            kinds: Some(s.kinds.clone()),
            workflow: Some(s.workflow.clone()),
            state: Some(s.state.clone()),
            qualified: Some(s.qualified),
            qualified_until: s.qualified_until,
            days_left: s.days_left,
            next_deadline: s.next_deadline,
            overdue: Some(s.overdue),
            open_findings: Some(s.open_findings.clone()),
            cycle: Some(s.cycle.clone()),
            readiness: Some(s.readiness),
            error: None,
        },
    }
}

fn human(
    paths: &[PathBuf],
    rows: &[Result<Service, CommandError>],
    date: NaiveDate,
    lang: Language,
) -> String {
    let t = messages::labels(lang);
    let dash = || ("—".to_owned(), None);
    let plain = |s: String| (s, None);
    let table_rows = paths
        .iter()
        .zip(rows)
        .map(|(path, row)| {
            let path = plain(path.display().to_string());
            let s = match row {
                Ok(s) => s,
                Err(_) => {
                    let mut cells = vec![path, dash(), dash(), dash()];
                    cells.push((t.error_word.to_owned(), Some(Tone::Bad)));
                    cells.extend(std::iter::repeat_with(dash).take(6));
                    return cells;
                }
            };
            let kinds: Vec<&str> = s.kinds.iter().map(|k| k.display_name()).collect();
            let state_tone = if s.qualified {
                Some(Tone::Good)
            } else if s.qualified_until.is_some() {
                // A qualification was granted and is not held: expired or suspended.
                Some(Tone::Bad)
            } else {
                None
            };
            let days_left = match s.days_left {
                Some(d) if d < 0 => (d.to_string(), Some(Tone::Bad)),
                Some(d) => plain(d.to_string()),
                None => dash(),
            };
            let next = s.next_deadline.map_or_else(dash, |n| {
                plain(format!("{} {}", n.date, t.due_kind(n.kind)))
            });
            let overdue = if s.overdue > 0 {
                (s.overdue.to_string(), Some(Tone::Bad))
            } else {
                plain("0".to_owned())
            };
            let o = &s.open_findings;
            let findings = (
                format!("{}/{}/{}", o.major, o.minor, o.observation),
                (o.major > 0).then_some(Tone::Bad),
            );
            vec![
                path,
                plain(s.provider.clone()),
                plain(s.service.clone()),
                plain(kinds.join(", ")),
                (s.state.clone(), state_tone),
                s.qualified_until
                    .map_or_else(dash, |d| plain(d.to_string())),
                days_left,
                next,
                overdue,
                findings,
                plain(format!("{:.1} %", s.readiness)),
            ]
        })
        .collect();
    let header = [
        t.col_workspace,
        t.col_provider,
        t.col_service,
        t.col_kinds,
        t.state,
        t.col_qualified_until,
        t.col_days_left,
        t.col_next_deadline,
        t.col_overdue,
        t.col_open_findings,
        t.col_readiness,
    ];
    let mut out = format!("{} {date}\n\n", t.portfolio_as_of);
    out.push_str(&crate::table::render_toned(&header, table_rows));
    let errors: Vec<(&PathBuf, &CommandError)> = paths
        .iter()
        .zip(rows)
        .filter_map(|(p, r)| r.as_ref().err().map(|e| (p, e)))
        .collect();
    if !errors.is_empty() {
        let _ = writeln!(out, "\n{}", t.unreadable);
        for (path, e) in errors {
            let _ = writeln!(out, "  {}", path.display());
            for line in rendered(e, lang).lines() {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    out
}

/// One iCalendar for every service read: each one's items, as `jalon calendar --ics` writes
/// them (the same UIDs, so the two files name the same events), a service whose name makes the
/// same UIDs as an earlier one's numbered apart.
fn ics(lang: Language, date: NaiveDate, rows: &[Result<Service, CommandError>]) -> String {
    let mut used: Vec<String> = Vec::new();
    let feeds: Vec<Feed<'_>> = rows
        .iter()
        .flatten()
        .map(|s| {
            let subject = format!("{} — {}", s.provider, s.service);
            let base = calendar::slug(&subject);
            let mut slug = base.clone();
            let mut n = 1;
            while used.contains(&slug) {
                n += 1;
                slug = format!("{base}-{n}");
            }
            used.push(slug.clone());
            Feed {
                subject,
                slug,
                workflow: &s.workflow,
                deadlines: s.calendar.iter().collect(),
            }
        })
        .collect();
    let name = messages::labels(lang).portfolio_calendar;
    calendar::calendar(lang.into(), name, "portfolio", date, &feeds)
}

/// Writes the portfolio's site into `dir`: each readable service's dashboard in a folder of its
/// own (`01-<service>/`), and `index.html` listing every row. Returns the index's path.
fn site(
    ctx: &Ctx,
    dir: &Path,
    paths: &[PathBuf],
    rows: &[Result<Service, CommandError>],
    date: NaiveDate,
) -> Result<String, CommandError> {
    let lang: report::Lang = ctx.document_lang().into();
    let roots: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    for root in &roots {
        storage::create_output_dir(dir, Some(root))?;
    }
    let dash = || "—".to_owned();
    let mut entries = Vec::with_capacity(rows.len());
    for (n, (path, row)) in paths.iter().zip(rows).enumerate() {
        let entry = match row {
            Err(e) => report::site::PortfolioEntry {
                name: path.display().to_string(),
                href: None,
                state: dash(),
                qualified_until: dash(),
                next_deadline: dash(),
                overdue: dash(),
                open_findings: dash(),
                readiness: dash(),
                error: Some(rendered(e, ctx.document_lang())),
            },
            Ok(s) => {
                let folder = format!("{:02}-{}", n + 1, slug(&s.service));
                let loaded = Loaded::open_at(path)?;
                let read = loaded.view(
                    ctx,
                    &crate::commands::ReadArgs {
                        at: Some(date),
                        cycle: None,
                    },
                )?;
                for f in crate::commands::site::files(&loaded, &read, lang) {
                    let target = dir.join(&folder).join(f.path);
                    storage::create_output_dir(&dir.join(&folder), Some(path))?;
                    storage::write_output_outside(&target, &f.bytes, &roots)?;
                }
                report::site::PortfolioEntry {
                    name: format!("{} — {}", s.provider, s.service),
                    href: Some(format!("{folder}/index.html")),
                    state: s.state.clone(),
                    qualified_until: s.qualified_until.map_or_else(dash, |d| d.to_string()),
                    next_deadline: s.next_deadline.as_ref().map_or_else(dash, |d| {
                        format!(
                            "{} ({})",
                            d.date,
                            messages::labels(ctx.document_lang()).due_kind(d.kind)
                        )
                    }),
                    overdue: s.overdue.to_string(),
                    open_findings: format!(
                        "{} / {} / {}",
                        s.open_findings.major, s.open_findings.minor, s.open_findings.observation
                    ),
                    readiness: format!("{:.1} %", s.readiness),
                    error: None,
                }
            }
        };
        entries.push(entry);
    }
    let index = report::site::portfolio_index(&entries, date, lang);
    let target = dir.join(index.path);
    storage::write_output_outside(&target, &index.bytes, &roots)?;
    Ok(target.display().to_string())
}

/// A folder name from a service's name: ASCII letters and digits, the rest as `-`.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-');
    if out.is_empty() {
        "service".to_owned()
    } else {
        out.chars().take(40).collect()
    }
}
