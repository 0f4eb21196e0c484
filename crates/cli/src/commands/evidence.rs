//! `jalon evidence`: add evidence (hashed, copied in or referenced), list it, verify it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use grid::{Confidentiality, Evidence, EvidenceLocation, Ledger};
use serde::Serialize;
use storage::Act;

use crate::commands::{AtArg, Loaded, Write, write_locked};
use crate::ctx::{Ctx, Format, FormatArg, parse_date};
use crate::error::{CommandError, Kind};
use crate::messages::errors::{self, Text};
use crate::progress::Progress;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub sub: Sub,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Record a piece of evidence: its SHA-256 and size, and a copy inside the workspace or a reference.
    Add(AddArgs),
    /// The evidence recorded.
    List(ListArgs),
    /// Re-hash every piece of evidence; exit 1 and list what is missing or changed.
    Verify(VerifyArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The file.
    pub path: PathBuf,
    /// A one-line title.
    #[arg(long, value_name = "TEXT")]
    pub title: String,
    /// What it is (document, configuration, screenshot, log, interview-notes…).
    #[arg(long, value_name = "KIND", default_value = "document")]
    pub kind: String,
    /// public | internal | restricted (restricted evidence is cited by id only in reports).
    #[arg(long, value_name = "LEVEL", default_value = "internal", value_parser = |s: &str| s.parse::<Confidentiality>())]
    pub confidentiality: Confidentiality,
    /// Copy the file into the workspace (evidence/) instead of referencing where it is.
    #[arg(long)]
    pub copy: bool,
    /// When it was collected (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// A comment recorded with the act: why, on what basis (history, reports).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// The evaluation cycle it is recorded in (default: the current one); it is usable from any.
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::cycles), long, value_name = "ID")]
    pub cycle: Option<String>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub at: AtArg,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// Re-hash every file, even those unchanged since the last check (size, times and inode
    /// the same): what `jalon verify` always does.
    #[arg(long)]
    pub full: bool,
    #[command(flatten)]
    pub at: AtArg,
    #[command(flatten)]
    pub format: FormatArg,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    match args.sub {
        Sub::Add(a) => add(ctx, a),
        Sub::List(a) => list(ctx, a),
        Sub::Verify(a) => verify(ctx, a),
    }
}

/// A file name safe to keep in `evidence/`: letters, digits, `.`, `-`, `_`.
fn safe_name(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let cleaned = cleaned.trim_start_matches('.').to_owned();
    if cleaned.is_empty() {
        "file".to_owned()
    } else {
        cleaned
    }
}

fn add(ctx: &mut Ctx, args: AddArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let today = ctx.today();
    let date = args.date.unwrap_or(today);
    if date > today {
        return Err(CommandError::usage(errors::evidence_after_today(
            date, today,
        )));
    }
    let title = crate::commands::line("--title", &args.title)?;
    if title.is_empty() {
        return Err(CommandError::usage(errors::option_empty("--title")));
    }
    let kind = crate::commands::line("--kind", &args.kind)?;
    let note = crate::commands::text("--note", args.note.clone())?;
    if !args.path.is_file() {
        return Err(CommandError::usage(errors::not_a_file(args.path.display())));
    }
    // A referenced file is recorded by its path, as text: a path that is not UTF-8 would be
    // recorded mangled, and reported missing for ever after.
    let abs = std::path::absolute(&args.path)
        .map_err(|e| CommandError::usage(Text::verbatim(e.to_string())))?;
    if !args.copy && abs.to_str().is_none() {
        return Err(CommandError::usage(errors::path_not_utf8(abs.display()))
            .hint(errors::rename_or_copy()));
    }
    let total = storage::file_len(&args.path);
    let mut progress = Progress::bytes(if args.copy { total * 3 } else { total }, "hashing");
    let (sha256, size) = storage::hash_file_progress(&args.path, &mut |n| progress.inc(n))?;
    // Where the copy goes, once the act is checked; removed again if the entry is not written.
    let mut copied: Option<PathBuf> = None;
    let result = write_locked(
        ctx,
        |loaded, dossier| {
            let id = dossier.records.next_evidence_id();
            let location = if args.copy {
                EvidenceLocation::Copy(format!("evidence/{id}-{}", safe_name(&args.path)))
            } else {
                EvidenceLocation::Reference(abs.display().to_string())
            };
            let act = Act::Evidence {
                id: id.clone(),
                title: title.clone(),
                kind: kind.clone(),
                confidentiality: args.confidentiality,
                sha256: sha256.clone(),
                size,
                location: location.clone(),
            };
            let mut write = Write::new(date, note.clone(), act);
            write.cycle = args.cycle.clone();
            Ok((write, (id, location, loaded.ws.root().to_owned())))
        },
        |(id, location, root), _| {
            // The act is checked (roles, cycle): only now does the copy land.
            if let EvidenceLocation::Copy(rel) = &location {
                progress.set_message("copying");
                let dest =
                    storage::copy_into_progress(&root, &args.path, rel, &mut |n| progress.inc(n))?;
                copied = Some(dest.clone());
                // The copy is what the workspace keeps: hash what landed, not what we read before.
                progress.set_message("checking the copy");
                let (landed, _) = storage::hash_file_progress(&dest, &mut |n| progress.inc(n))?;
                if landed != sha256 {
                    return Err(CommandError::new(
                        Kind::Refused,
                        errors::changed_while_copied(args.path.display()),
                    ));
                }
            }
            Ok((id, location))
        },
    );
    let (path, (id, location)) = match result {
        Ok(done) => done,
        Err(e) => {
            if let Some(copy) = copied {
                storage::remove_file(&copy)?;
            }
            return Err(e);
        }
    };
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                id: &'a str,
                sha256: &'a str,
                size: u64,
                location: &'a EvidenceLocation,
                file: String,
            }
            ctx.print_json(&Out {
                id: &id,
                sha256: &sha256,
                size,
                location: &location,
                file: path.display().to_string(),
            })
        }
        Format::Human => ctx.print(&format!(
            "{id}  sha256 {sha256}  ({size} bytes, {})\n",
            location.path()
        )),
    }
}

fn list(ctx: &mut Ctx, args: ListArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let loaded = Loaded::open(ctx)?;
    let dossier = loaded.dossier(args.at.date(ctx)?)?;
    let ledger = &dossier.records;
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Listed<'a> {
                #[serde(flatten)]
                evidence: &'a Evidence,
                /// The cycle it was recorded in.
                cycle: Option<&'a str>,
            }
            #[derive(Serialize)]
            struct Out<'a> {
                evidence: Vec<Listed<'a>>,
            }
            ctx.print_json(&Out {
                evidence: ledger
                    .evidence
                    .values()
                    .map(|e| Listed {
                        evidence: e,
                        cycle: dossier.evidence_recorded_in.get(&e.id).map(String::as_str),
                    })
                    .collect(),
            })
        }
        Format::Human => {
            if ledger.evidence.is_empty() {
                return ctx.print("No evidence.\n");
            }
            let rows = ledger
                .evidence
                .values()
                .map(|e| {
                    vec![
                        e.id.clone(),
                        e.confidentiality.to_string(),
                        e.collected.date.to_string(),
                        e.title.clone(),
                        e.sha256[..12.min(e.sha256.len())].to_owned(),
                        e.location.path().to_owned(),
                    ]
                })
                .collect();
            ctx.print(&crate::table::render(
                &[
                    "id",
                    "confidentiality",
                    "collected",
                    "title",
                    "sha-256",
                    "file",
                ],
                rows,
            ))
        }
    }
}

/// What is wrong with one piece of evidence on disk.
#[derive(Clone, Debug, Serialize)]
pub struct EvidenceProblem {
    pub id: String,
    pub path: String,
    /// `missing`, `changed`, `escapes` (a stored path leading outside the workspace: never read) or `unreadable`.
    pub problem: &'static str,
    pub detail: String,
}

/// How evidence is checked: every file re-hashed (`jalon verify`, `evidence verify --full`), or
/// the files unchanged since the last check taken from the hashes kept then.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hashing {
    Full,
    Changed,
}

/// Re-hashes every piece of evidence (or, with [`Hashing::Changed`], what changed since the
/// last check). Paths of copies are resolved inside the workspace only.
pub fn check_evidence(root: &Path, ledger: &Ledger, hashing: Hashing) -> Vec<EvidenceProblem> {
    let mut kept = storage::EvidenceHashes::open(root);
    let located: Vec<(&grid::Evidence, Result<PathBuf, String>)> = ledger
        .evidence
        .values()
        .map(|e| {
            let path = match &e.location {
                EvidenceLocation::Copy(rel) => {
                    storage::resolve_inside(root, rel).map_err(|err| err.to_string())
                }
                EvidenceLocation::Reference(p) => Ok(PathBuf::from(p)),
            };
            (e, path)
        })
        .collect();
    // The bytes to read, as recorded: what the bar counts.
    let total = located
        .iter()
        .filter(|(_, p)| {
            p.as_ref()
                .is_ok_and(|p| hashing == Hashing::Full || !kept.is_kept(p))
        })
        .map(|(e, _)| e.size)
        .sum();
    let mut progress = Progress::bytes(total, "hashing evidence");
    let mut problems = Vec::new();
    for (e, path) in located {
        let problem = |problem, detail: String| EvidenceProblem {
            id: e.id.clone(),
            path: e.location.path().to_owned(),
            problem,
            detail,
        };
        let path = match path {
            Ok(p) => p,
            Err(err) => {
                problems.push(problem("escapes", format!("{err}; not read")));
                continue;
            }
        };
        if !path.is_file() {
            problems.push(problem("missing", "the file is not there".to_owned()));
            continue;
        }
        let hashed = kept.hash(&path, hashing == Hashing::Full, &mut |n| progress.inc(n));
        match hashed {
            Ok((sha, size)) if sha == e.sha256 && size == e.size => {}
            Ok((sha, size)) => problems.push(problem(
                "changed",
                format!(
                    "recorded sha256 {} ({} bytes), now {sha} ({size} bytes)",
                    e.sha256, e.size
                ),
            )),
            Err(err) => problems.push(problem("unreadable", err.to_string())),
        }
    }
    drop(progress);
    kept.save();
    problems
}

fn verify(ctx: &mut Ctx, args: VerifyArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let loaded = Loaded::open(ctx)?;
    let dossier = loaded.dossier(args.at.date(ctx)?)?;
    let ledger = &dossier.records;
    let hashing = if args.full {
        Hashing::Full
    } else {
        Hashing::Changed
    };
    let problems = check_evidence(loaded.ws.root(), ledger, hashing);
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                checked: usize,
                ok: bool,
                problems: &'a [EvidenceProblem],
            }
            ctx.print_json(&Out {
                checked: ledger.evidence.len(),
                ok: problems.is_empty(),
                problems: &problems,
            })?;
        }
        Format::Human => {
            let mut t = String::new();
            for p in &problems {
                let _ = writeln!(t, "{}  {:<10}{}: {}", p.id, p.problem, p.path, p.detail);
            }
            let _ = writeln!(
                t,
                "{} evidence file(s) checked, {} problem(s).",
                ledger.evidence.len(),
                problems.len()
            );
            ctx.print(&t)?;
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CommandError::silent(Kind::Refused))
    }
}
