//! `jalon finding`: findings and their corrective actions, from opening to closing.

use std::fmt::Write as _;

use chrono::NaiveDate;
use dossier::{Cycle, Dossier};
use grid::{Finding, FindingStatus, Ledger, Severity};
use serde::Serialize;
use storage::{Act, FindingChange};

use crate::commands::{
    AtArg, Loaded, ReadArgs, ReferentialArg, Write, WriteArgs, line, text, write_locked,
};
use crate::ctx::{Ctx, Format, FormatArg, parse_date};
use crate::error::{CommandError, nearest};
use crate::messages::errors;
use crate::messages::finding as words;
use crate::paint::{Tone, paint};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub sub: Sub,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Open a finding on a requirement (prints its new id).
    Add(AddArgs),
    /// The findings, filtered by status or severity.
    List(ListArgs),
    /// One finding with its corrective action and timeline.
    Show(ShowArgs),
    /// Plan the corrective action (owner, due date, root cause).
    Plan(PlanArgs),
    /// Say the corrective action is done.
    Remediate(RemediateArgs),
    /// Close a remediated finding once verified (evaluators).
    Close(ChangeArgs),
    /// Withdraw a finding that turned out unfounded.
    Withdraw(ChangeArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The requirement it is about (repeatable).
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::requirements), long = "requirement", value_name = "REQ", required = true)]
    pub requirements: Vec<String>,
    /// The check of the (first) requirement it comes from.
    #[arg(long, value_name = "ID")]
    pub check: Option<String>,
    /// major | minor | observation
    #[arg(long, value_name = "SEVERITY", value_parser = |s: &str| s.parse::<Severity>())]
    pub severity: Severity,
    /// A one-line title.
    #[arg(long, value_name = "TEXT")]
    pub title: String,
    /// What was found, in as many lines as needed.
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// Evidence it rests on (repeatable): an id from `jalon evidence list`.
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::evidence), long = "evidence", value_name = "E-NNNN")]
    pub evidence: Vec<String>,
    #[command(flatten)]
    pub referential: ReferentialArg,
    #[command(flatten)]
    pub common: WriteArgs,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub read: ReadArgs,
    /// Every finding of every cycle (default: those the cycle holds, carried over ones included).
    #[arg(long, conflicts_with = "cycle")]
    pub all: bool,
    /// Only findings of this status: open | action-planned | remediated | closed | withdrawn.
    #[arg(long, value_name = "STATUS", value_parser = |s: &str| s.parse::<FindingStatus>())]
    pub status: Option<FindingStatus>,
    /// Only findings of this severity: major | minor | observation.
    #[arg(long, value_name = "SEVERITY", value_parser = |s: &str| s.parse::<Severity>())]
    pub severity: Option<Severity>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The finding id (F-0002; `jalon finding list` lists them).
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::findings))]
    pub id: String,
    #[command(flatten)]
    pub at: AtArg,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// The finding id (F-0002; `jalon finding list` lists them).
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::findings))]
    pub id: String,
    /// What will be done.
    #[arg(long, value_name = "TEXT")]
    pub action: String,
    /// Who does it.
    #[arg(long, value_name = "NAME")]
    pub owner: String,
    /// When it is due.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub due: NaiveDate,
    /// Why it happened, as the provider analysed it.
    #[arg(long, value_name = "TEXT")]
    pub root_cause: Option<String>,
    #[command(flatten)]
    pub common: WriteArgs,
}

#[derive(Debug, clap::Args)]
pub struct RemediateArgs {
    /// The finding id (F-0002; `jalon finding list` lists them).
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::findings))]
    pub id: String,
    /// Evidence of the remediation (repeatable).
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::evidence), long = "evidence", value_name = "E-NNNN")]
    pub evidence: Vec<String>,
    #[command(flatten)]
    pub common: WriteArgs,
}

#[derive(Debug, clap::Args)]
pub struct ChangeArgs {
    /// The finding id (F-0002; `jalon finding list` lists them).
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::findings))]
    pub id: String,
    #[command(flatten)]
    pub common: WriteArgs,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    match args.sub {
        Sub::Add(a) => add(ctx, a),
        Sub::List(a) => list(ctx, a),
        Sub::Show(a) => show(ctx, a),
        Sub::Plan(a) => {
            let change = FindingChange::Plan {
                action: text("--action", Some(a.action))?.unwrap_or_default(),
                owner: line("--owner", &a.owner)?,
                due: a.due,
                root_cause: text("--root-cause", a.root_cause)?,
            };
            change_finding(ctx, a.id, change, a.common)
        }
        Sub::Remediate(a) => {
            let evidence = a.evidence.clone();
            change_finding(ctx, a.id, FindingChange::Remediate { evidence }, a.common)
        }
        Sub::Close(a) => change_finding(ctx, a.id, FindingChange::Close, a.common),
        Sub::Withdraw(a) => change_finding(ctx, a.id, FindingChange::Withdraw, a.common),
    }
}

fn add(ctx: &mut Ctx, args: AddArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.common.format);
    let date = args.common.date(ctx)?;
    let title = line("--title", &args.title)?;
    if title.is_empty() {
        return Err(CommandError::usage(errors::option_empty("--title")));
    }
    let description = text("--description", args.description.clone())?;
    let note = text("--note", args.common.note.clone())?;
    let (path, id) = write_locked(
        ctx,
        |_, dossier| {
            let id = dossier.records.next_finding_id();
            let act = Act::Finding {
                id: id.clone(),
                change: FindingChange::Open {
                    requirements: args.requirements.clone(),
                    check: args.check.clone(),
                    severity: args.severity,
                    title: title.clone(),
                    description: description.clone(),
                    evidence: args.evidence.clone(),
                    referential: args.referential.referential.clone(),
                },
            };
            let write = Write::new(date, note.clone(), act).with(&args.common);
            Ok((write, id))
        },
        |id, _| Ok(id),
    )?;
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                id: &'a str,
                file: String,
            }
            ctx.print_json(&Out {
                id: &id,
                file: path.display().to_string(),
            })
        }
        Format::Human => ctx.print(&format!("{id}\n")),
    }
}

/// The finding `id`, or a usage error suggesting the nearest ids.
fn require_finding<'l>(ledger: &'l Ledger, id: &str) -> Result<&'l Finding, CommandError> {
    ledger.findings.get(id).ok_or_else(|| {
        let near = nearest(id, ledger.findings.keys().map(String::as_str));
        let mut e = CommandError::usage(errors::no_finding(id));
        if !near.is_empty() {
            e = e.hint(errors::nearest_ids(&near.join(", ")));
        }
        e.hint(errors::list_findings())
    })
}

fn change_finding(
    ctx: &mut Ctx,
    id: String,
    change: FindingChange,
    common: WriteArgs,
) -> Result<(), CommandError> {
    let format = ctx.with_format(&common.format);
    let date = common.date(ctx)?;
    let note = text("--note", common.note.clone())?;
    let (path, status) = write_locked(
        ctx,
        |_, _| {
            let act = Act::Finding {
                id: id.clone(),
                change: change.clone(),
            };
            Ok((Write::new(date, note.clone(), act).with(&common), ()))
        },
        |(), checked| {
            Ok(checked
                .after
                .records
                .findings
                .get(&id)
                .map_or(FindingStatus::Open, |f| f.status))
        },
    )?;
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                id: &'a str,
                status: &'static str,
                file: String,
            }
            ctx.print_json(&Out {
                id: &id,
                status: status.as_str(),
                file: path.display().to_string(),
            })
        }
        Format::Human => ctx.print(&format!("{id} is now {status} ({}).\n", path.display())),
    }
}

#[derive(Serialize)]
struct Listed<'a> {
    id: &'a str,
    /// The first requirement it cites.
    requirement: &'a str,
    requirements: &'a [String],
    severity: &'static str,
    status: &'static str,
    title: &'a str,
    /// The corrective action's due date, once planned.
    due: Option<NaiveDate>,
    owner: Option<&'a str>,
    /// The cycle it was opened in.
    cycle: &'a str,
    /// Opened in an earlier cycle and still open when this one opened: to be re-checked.
    carried: bool,
    /// Its corrective action is planned, not carried out, and past its due date.
    overdue: bool,
    /// The referential its requirements are of, when it is one assessed beside the service's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    referential: Option<&'a str>,
}

fn listed<'a>(f: &'a Finding, dossier: &'a Dossier<'_>, cycle: Option<&Cycle>) -> Listed<'a> {
    Listed {
        overdue: f.action_overdue(dossier.as_of),
        cycle: dossier
            .finding_opened_in
            .get(&f.id)
            .map_or("", String::as_str),
        carried: cycle.is_some_and(|c| c.carried.contains(&f.id)),
        id: &f.id,
        requirement: f.requirements.first().map_or("", String::as_str),
        requirements: &f.requirements,
        severity: f.severity.as_str(),
        status: f.status.as_str(),
        title: &f.title,
        due: f.action.as_ref().map(|a| a.due),
        owner: f.action.as_ref().map(|a| a.owner.as_str()),
        referential: dossier.finding_referential.get(&f.id).map(String::as_str),
    }
}

fn list(ctx: &mut Ctx, args: ListArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let loaded = Loaded::open(ctx)?;
    let view = loaded.view(ctx, &args.read)?;
    // Every finding the cycle holds, whichever referential in scope its requirements are of.
    let source: Vec<&Finding> = if args.all {
        view.dossier.records.findings.values().collect()
    } else {
        view.dossier.findings_of(view.cycle()).collect()
    };
    let cycle = (!args.all).then(|| view.cycle());
    let findings: Vec<Listed<'_>> = source
        .into_iter()
        .filter(|f| args.status.is_none_or(|s| f.status == s))
        .filter(|f| args.severity.is_none_or(|s| f.severity == s))
        .map(|f| listed(f, &view.dossier, cycle))
        .collect();
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                findings: Vec<Listed<'a>>,
            }
            ctx.print_json(&Out { findings })
        }
        Format::Human => {
            let lang = ctx.lang();
            let mut t = String::new();
            if findings.is_empty() {
                let _ = writeln!(t, "{}", words::none(lang));
            }
            for f in &findings {
                let mut due = f
                    .due
                    .map(|d| format!("  {}", words::due(lang, d)))
                    .unwrap_or_default();
                if f.overdue {
                    due.push_str(&paint(Tone::Bad, &format!(" {}", words::overdue(lang))));
                }
                if f.carried {
                    let open = f.status.parse::<FindingStatus>().is_ok_and(|s| s.is_open());
                    due.push_str(&format!("  {}", words::carried(lang, f.cycle, open)));
                }
                let requirement = match f.referential {
                    Some(r) => format!("{r} {}", f.requirement),
                    None => f.requirement.to_owned(),
                };
                // Padded before it is coloured: the marks take no room on the screen.
                let severity = format!("{:<12}", words::severity(lang, f.severity));
                let severity = match f.severity {
                    "major" => paint(Tone::Bad, &severity),
                    "minor" => paint(Tone::Warn, &severity),
                    _ => severity,
                };
                let status = words::status(lang, f.status);
                let status_width = if lang == crate::ctx::Language::Fr {
                    17
                } else {
                    15
                };
                let _ = writeln!(
                    t,
                    "{}  {severity}{status:<status_width$}{:<9} {}{due}",
                    f.id, requirement, f.title
                );
            }
            ctx.print(&t)
        }
    }
}

fn show(ctx: &mut Ctx, args: ShowArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let loaded = Loaded::open(ctx)?;
    let dossier = loaded.dossier(args.at.date(ctx)?)?;
    let f = require_finding(&dossier.records, &args.id)?;
    match format {
        Format::Json => ctx.print_json(f),
        Format::Human => {
            let mut t = String::new();
            let _ = writeln!(t, "{} — {} ({}, {})", f.id, f.title, f.severity, f.status);
            let check = f
                .check
                .as_ref()
                .map(|c| format!(", check {c}"))
                .unwrap_or_default();
            let of = dossier
                .finding_referential
                .get(&f.id)
                .map(|r| format!(" (of {r})"))
                .unwrap_or_default();
            let _ = writeln!(t, "Requirements: {}{of}{check}", f.requirements.join(", "));
            if let Some(d) = &f.description {
                let _ = writeln!(t, "{d}");
            }
            if !f.evidence.is_empty() {
                let _ = writeln!(t, "Evidence: {}", f.evidence.join(", "));
            }
            if let Some(a) = &f.action {
                let _ = writeln!(
                    t,
                    "Corrective action: {} (owner {}, due {})",
                    a.action, a.owner, a.due
                );
                if let Some(rc) = &a.root_cause {
                    let _ = writeln!(t, "Root cause: {rc}");
                }
            }
            let _ = writeln!(t, "Timeline:");
            for c in &f.history {
                let note = c
                    .note
                    .as_ref()
                    .map(|n| format!(" — {n}"))
                    .unwrap_or_default();
                let _ = writeln!(t, "  {}  {:<15}{}{note}", c.by.date, c.status, c.by.actor);
            }
            ctx.print(&t)
        }
    }
}
