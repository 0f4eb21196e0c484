//! `jalon verify`: check the whole workspace and report every problem, with file, line and column.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;
use storage::{Diagnostic, StorageError, Workspace};

use crate::commands::evidence::check_evidence;
use crate::ctx::{Ctx, Format, FormatArg};
use crate::error::{CommandError, Kind};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Serialize)]
struct Problem {
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    message: String,
}

impl Problem {
    fn of(d: &Diagnostic) -> Problem {
        Problem {
            file: d.path.display().to_string(),
            line: d.location.map(|l| l.line),
            column: d.location.map(|l| l.col),
            message: d.message.clone(),
        }
    }

    fn file(file: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }
}

/// Turns a storage error into problems (every diagnostic it carries), or passes through errors
/// that stop verification altogether (no workspace, unreadable folder).
fn collect(e: StorageError, problems: &mut Vec<Problem>) {
    match e {
        StorageError::Invalid(ds) => problems.extend(ds.iter().map(Problem::of)),
        other => problems.push(Problem::file("", other.to_string())),
    }
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let root: PathBuf = match &ctx.global.workspace {
        Some(dir) => dir.clone(),
        None => Workspace::discover(Path::new("."))?,
    };
    let mut problems = Vec::new();
    let mut checked = Vec::new();

    // The journal stands on its own: check it even when the manifest is broken.
    let history = match storage::history::load(&root) {
        Ok(h) => {
            problems.extend(h.problems.iter().map(Problem::of));
            checked.push(format!("{} history entries", h.entries.len()));
            Some(h)
        }
        Err(e) => {
            collect(e, &mut problems);
            None
        }
    };
    let mut evidence: Option<grid::Ledger> = None;

    match Workspace::open(&root) {
        Err(e) => collect(e, &mut problems),
        Ok(ws) => {
            checked.push("jalon.ron".to_owned());
            match (ws.workflow(), &history) {
                (Err(e), _) => collect(e, &mut problems),
                (Ok(wf), Some(h)) => {
                    checked.push(format!("workflow {}", wf.id()));
                    // Every act, applied where it falls: the journey, the cycles, the lifecycles.
                    let base = ws.manifest().settings();
                    let mut referentials = std::collections::BTreeMap::new();
                    let records = h.records();
                    let mut ids = vec![base.referential.clone()];
                    ids.extend(records.iter().filter_map(|e| match &e.act {
                        storage::Act::Referential { id } => Some(id.clone()),
                        _ => None,
                    }));
                    for id in ids {
                        if let Ok(Some(r)) = ws.referential(&id) {
                            referentials.insert(id, r);
                        }
                    }
                    let inputs = dossier::Inputs {
                        workflow: &wf,
                        base: &base,
                        referentials: &referentials,
                    };
                    let d = dossier::Dossier::replay(inputs, &records, chrono::NaiveDate::MAX);
                    for p in d.problems.iter().chain(&d.dangling) {
                        problems.push(Problem::file(p.label.clone(), p.message.clone()));
                    }
                    evidence = Some(d.records.clone());
                }
                (Ok(_), None) => {}
            }
            match ws.imported_referentials() {
                Ok(ids) => {
                    for id in ids {
                        match ws.imported_referential(&id) {
                            Ok(_) => checked.push(format!("referentials/{id}.ron")),
                            Err(e) => collect(e, &mut problems),
                        }
                    }
                }
                Err(e) => collect(e, &mut problems),
            }
            match ws.referential(&ws.manifest().referential) {
                Ok(Some(_)) => {}
                Ok(None) => problems.push(Problem::file(
                    "jalon.ron",
                    format!(
                        "referential `{}` is neither embedded nor imported",
                        ws.manifest().referential
                    ),
                )),
                Err(e) => collect(e, &mut problems),
            }
        }
    }
    if let Some(l) = &evidence {
        for p in check_evidence(&root, l, true) {
            problems.push(Problem::file(
                p.path.clone(),
                format!("evidence {} {}: {}", p.id, p.problem, p.detail),
            ));
        }
        checked.push(format!("{} evidence file(s)", l.evidence.len()));
    }

    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                ok: bool,
                checked: &'a [String],
                problems: &'a [Problem],
            }
            ctx.print_json(&Out {
                ok: problems.is_empty(),
                checked: &checked,
                problems: &problems,
            })?;
        }
        Format::Human => {
            let mut t = String::new();
            for p in &problems {
                let place = match (p.line, p.column) {
                    (Some(l), Some(c)) => format!("{}:{l}:{c}", p.file),
                    _ => p.file.clone(),
                };
                let _ = writeln!(t, "{place}: {}", p.message);
            }
            let verdict = if problems.is_empty() {
                "ok".to_owned()
            } else {
                format!("{} problem(s)", problems.len())
            };
            let _ = writeln!(t, "Checked {}: {verdict}.", checked.join(", "));
            ctx.print(&t)?;
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CommandError::new(Kind::Refused, String::new()))
    }
}
