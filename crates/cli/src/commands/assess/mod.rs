//! `jalon assess`: record a verdict on a requirement or one of its checks.

use chrono::NaiveDate;
use grid::Verdict;
use serde::Serialize;
use storage::Act;

use crate::commands::{ReferentialArg, Write, line, text, write_locked};
use crate::ctx::{Ctx, Format, FormatArg, parse_date};
use crate::error::CommandError;
use crate::messages::errors::{self, Text};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The requirement id (e.g. 12.3.a).
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::requirements), required_unless_present = "batch", conflicts_with = "batch")]
    pub requirement: Option<String>,
    /// not-assessed | conform | nonconform | not-applicable | inherited
    #[arg(long, value_name = "VERDICT", value_parser = parse_verdict, required_unless_present = "batch", conflicts_with = "batch")]
    pub verdict: Option<Verdict>,
    /// Record many verdicts at once from a CSV file (`-`: standard input), one per row under a
    /// header naming the columns: requirement, verdict, and any of check, evidence (ids
    /// separated by spaces), note, justification, from, date, cycle, referential. `,`, `;` or
    /// tab separated.
    /// Every row is checked before anything is written; one refused row writes nothing.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["check", "evidence", "note", "justification", "from", "date"])]
    pub batch: Option<String>,
    /// A check of the requirement (e.g. c1); without it the verdict is the requirement's own.
    #[arg(long, value_name = "ID")]
    pub check: Option<String>,
    /// Evidence supporting the verdict (repeatable).
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::evidence), long = "evidence", value_name = "E-NNNN")]
    pub evidence: Vec<String>,
    /// A comment recorded with the act: why, on what basis (history, reports).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Why the requirement does not apply (needed with not-applicable).
    #[arg(long, value_name = "TEXT")]
    pub justification: Option<String>,
    /// The declared base service (`jalon base list`) the requirement is inherited from (needed
    /// with inherited).
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::bases), long, value_name = "BASE")]
    pub from: Option<String>,
    /// The date of the verdict (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// Record into this evaluation cycle (default: the current one).
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::cycles), long, value_name = "ID")]
    pub cycle: Option<String>,
    /// Record into a closed cycle anyway (needs --note).
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub referential: ReferentialArg,
    #[command(flatten)]
    pub format: FormatArg,
}

fn parse_verdict(s: &str) -> Result<Verdict, String> {
    s.parse()
}

#[derive(Serialize)]
struct Out<'a> {
    requirement: &'a str,
    check: Option<&'a str>,
    verdict: &'static str,
    /// The requirement's verdict after this one (its own, or what its checks say).
    requirement_verdict: &'static str,
    /// The evaluation cycle the verdict was recorded in.
    cycle: &'a str,
    file: String,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    if let Some(file) = &args.batch {
        return batch::run(ctx, file, &args);
    }
    let format = ctx.with_format(&args.format);
    let today = ctx.today();
    let (Some(requirement), Some(verdict)) = (args.requirement.clone(), args.verdict) else {
        return Err(CommandError::usage(errors::give_requirement_or_batch()));
    };
    let date = args.date.unwrap_or(today);
    if date > today {
        return Err(CommandError::usage(errors::verdict_after_today(
            date, today,
        )));
    }
    let justification = text("--justification", args.justification.clone())?;
    let from = match args.from.as_deref() {
        Some(from) => Some(line("--from", from)?).filter(|f| !f.is_empty()),
        None => None,
    };
    let note = text("--note", args.note.clone())?;
    needs(verdict, justification.as_deref(), from.as_deref())
        .map_err(|n| CommandError::usage(n.said("--justification", "--from")))?;
    let requirement_id = requirement.clone();
    let (path, (after, cycle)) = write_locked(
        ctx,
        |_, _| {
            let act = Act::Assess {
                requirement: requirement.clone(),
                check: args.check.clone(),
                verdict,
                evidence: args.evidence.clone(),
                justification: justification.clone(),
                from: from.clone(),
                referential: args.referential.referential.clone(),
            };
            let mut write = Write::new(date, note.clone(), act);
            write.cycle = args.cycle.clone();
            write.force = args.force;
            Ok((write, ()))
        },
        |(), checked| {
            // What the requirement's verdict becomes, in the cycle it went to.
            let d = &checked.after;
            let cycle = checked
                .entry
                .cycle
                .as_deref()
                .and_then(|id| d.cycle(id))
                .unwrap_or_else(|| d.current());
            let named = args.referential.referential.as_deref();
            let ledger = d.ledger_in(cycle, named);
            let verdict = d
                .referential_named(named)
                .and_then(|r| r.get(&requirement_id))
                .map_or(verdict, |q| grid::requirement_verdict(q, &ledger));
            Ok((verdict, cycle.id.clone()))
        },
    )?;
    match format {
        Format::Json => ctx.print_json(&Out {
            requirement: &requirement,
            check: args.check.as_deref(),
            verdict: verdict.as_str(),
            requirement_verdict: after.as_str(),
            cycle: &cycle,
            file: path.display().to_string(),
        }),
        Format::Human => {
            let target = match &args.check {
                Some(c) => format!("{requirement} ({c})"),
                None => requirement.clone(),
            };
            ctx.print(&format!(
                "Recorded `{verdict}` for {target} in {}.\n{requirement} is now {after}.\n",
                path.display(),
            ))
        }
    }
}

/// What a verdict lacks besides itself.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Needs {
    /// A not-applicable verdict says why it does not apply.
    Justification,
    /// An inherited verdict names the qualified service it relies on.
    From,
}

impl Needs {
    /// The error, naming where the missing value goes (an option, or a batch file's column).
    pub(crate) fn said(self, justification: &str, from: &str) -> Text {
        match self {
            Needs::Justification => errors::not_applicable_needs(justification),
            Needs::From => errors::inherited_needs(from),
        }
    }
}

/// What a verdict needs besides itself: a justification when it does not apply, the service it
/// relies on when inherited.
pub(crate) fn needs(
    verdict: Verdict,
    justification: Option<&str>,
    from: Option<&str>,
) -> Result<(), Needs> {
    match verdict {
        Verdict::NotApplicable if justification.is_none() => Err(Needs::Justification),
        Verdict::Inherited if from.is_none() => Err(Needs::From),
        _ => Ok(()),
    }
}

mod batch;
