//! `jalon grid`: every requirement with its scope, verdict and findings; metrics per chapter.

use std::collections::HashSet;
use std::fmt::Write as _;

use grid::{Row, Summary, Verdict};
use serde::Serialize;

use crate::commands::{Loaded, ReadArgs, ReferentialArg};
use crate::ctx::{Ctx, Format, FormatArg};
use crate::error::CommandError;
use crate::messages;
use crate::messages::errors;
use crate::paint::{Tone, paint};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this chapter's requirements (the summary stays the whole grid's).
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::chapters), long, value_name = "N")]
    pub chapter: Option<String>,
    /// Only what is still open: applicable requirements not assessed, nonconform, or with open findings.
    #[arg(long)]
    pub open: bool,
    #[command(flatten)]
    pub referential: ReferentialArg,
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Serialize)]
struct RowOut<'a> {
    id: &'a str,
    chapter: &'a str,
    section: Option<&'a str>,
    kind: &'static str,
    applicable: bool,
    /// Why it is out of scope, when it is.
    reason: Option<String>,
    verdict: &'static str,
    findings: &'a [&'a str],
}

#[derive(Serialize)]
struct Out<'a> {
    cycle: &'a str,
    date: chrono::NaiveDate,
    referential: &'a str,
    /// `standard` or `reinforced`: the level the referential is assessed at.
    level: &'static str,
    requirements: Vec<RowOut<'a>>,
    summary: &'a Summary,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let loaded = Loaded::open(ctx)?;
    let read = loaded.view_in(ctx, &args.read, &args.referential)?;
    let referential = read.referential;
    let ledger = &read.ledger;
    let view = read.grid();
    if let Some(ch) = &args.chapter
        && !referential.chapters.iter().any(|c| &c.id == ch)
    {
        let ids: Vec<&str> = referential.chapters.iter().map(|c| c.id.as_str()).collect();
        return Err(CommandError::usage(errors::no_chapter(ch, &referential.id))
            .hint(errors::chapters_are(&ids.join(", "))));
    }
    let open_findings: HashSet<&str> = ledger
        .findings
        .values()
        .filter(|f| f.status.is_open())
        .map(|f| f.id.as_str())
        .collect();
    let still_open = |row: &Row<'_>| {
        row.applicable()
            && (!matches!(row.verdict, Verdict::Conform)
                || row.findings.iter().any(|f| open_findings.contains(f)))
    };
    let rows: Vec<&Row<'_>> = view
        .rows
        .iter()
        .filter(|r| {
            args.chapter
                .as_ref()
                .is_none_or(|c| referential.chapters[r.requirement.chapter].id == *c)
        })
        .filter(|r| !args.open || still_open(r))
        .collect();
    match format {
        Format::Json => {
            let requirements = rows
                .iter()
                .map(|r| RowOut {
                    id: &r.requirement.id,
                    chapter: &referential.chapters[r.requirement.chapter].id,
                    section: referential.section_of(r.requirement).map(|s| s.id.as_str()),
                    kind: r.requirement.kind.as_str(),
                    applicable: r.applicable(),
                    reason: r.out_of_scope.as_ref().map(grid::OutOfScope::describe),
                    verdict: r.verdict.as_str(),
                    findings: &r.findings,
                })
                .collect();
            ctx.print_json(&Out {
                cycle: &read.cycle().id,
                date: read.date(),
                referential: &referential.id,
                level: read.level().as_str(),
                requirements,
                summary: &view.summary,
            })
        }
        Format::Human => {
            let lang = ctx.lang();
            let words = messages::labels(lang);
            let mut t = String::new();
            let c = read.cycle();
            let _ = writeln!(
                t,
                "{}",
                messages::grid::cycle_line(lang, &c.id, words.cycle_kind(c.kind), read.date())
            );
            let s = &view.summary.overall;
            // A referential assessed beside the service's own says at which level.
            let level = match read.beside {
                Some(_) => messages::grid::level(lang, read.level()),
                None => String::new(),
            };
            let _ = writeln!(
                t,
                "{} {}{level} — {}",
                referential.id,
                referential.version,
                messages::grid::summary(lang, s)
            );
            let _ = writeln!(
                t,
                "{}",
                messages::grid::open_findings(lang, &view.summary.open_findings)
            );
            // Ids as wide as the longest shown (an imported referential's may be long).
            let id_width = rows
                .iter()
                .map(|r| r.requirement.id.chars().count())
                .max()
                .unwrap_or(0)
                .max(12)
                + 2;
            let mut chapter = usize::MAX;
            for r in rows {
                if r.requirement.chapter != chapter {
                    chapter = r.requirement.chapter;
                    let c = &referential.chapters[chapter];
                    let counts = &view.summary.by_chapter[&c.id];
                    let _ = writeln!(
                        t,
                        "\n{} {} — {}",
                        c.id,
                        c.title.get(lang.into()),
                        messages::grid::chapter(lang, counts)
                    );
                }
                let what = match &r.out_of_scope {
                    Some(reason) => paint(Tone::Quiet, &messages::grid::out_of_scope(lang, reason)),
                    None => {
                        let word = messages::grid::verdict(lang, r.verdict);
                        match r.verdict {
                            Verdict::Conform => paint(Tone::Good, word),
                            Verdict::Nonconform => paint(Tone::Bad, word),
                            _ => word.to_owned(),
                        }
                    }
                };
                let findings = if r.findings.is_empty() {
                    String::new()
                } else {
                    format!("  [{}]", r.findings.join(", "))
                };
                let _ = writeln!(t, "  {:<id_width$}{what}{findings}", r.requirement.id);
            }
            ctx.print(&t)
        }
    }
}
