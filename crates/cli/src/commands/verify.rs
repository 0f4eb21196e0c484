//! `jalon verify`: check the whole workspace and report every problem, with file, line and column.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Serialize;
use storage::{Diagnostic, StorageError, Workspace};

use crate::commands::evidence::{Hashing, check_evidence};
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
    /// What to do about it.
    hint: Option<String>,
}

impl Problem {
    fn of(d: &Diagnostic) -> Problem {
        Problem {
            file: d.path.display().to_string(),
            line: d.location.map(|l| l.line),
            column: d.location.map(|l| l.col),
            message: d.message.clone(),
            hint: d.hint.clone(),
        }
    }

    fn file(file: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
        }
    }

    fn hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
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
    let root: PathBuf = ctx.workspace_root()?;
    let mut problems = Vec::new();
    // What stops nobody but deserves a look; `verify` still exits 0 for these.
    let mut warnings: Vec<Problem> = Vec::new();
    let mut checked = Vec::new();

    // The journal stands on its own: check it even when the manifest is broken.
    let history = match storage::history::load_with(&root, storage::history::Read::Files) {
        Ok(h) => {
            problems.extend(h.problems.iter().map(Problem::of));
            warnings.extend(h.warnings.iter().map(Problem::of));
            for s in &h.settled {
                warnings.push(
                    Problem::file(
                        s.renamed_in.display().to_string(),
                        format!(
                            "{} {} was given on two branches: {} keeps it, the {} opened here is now {}",
                            s.what,
                            s.id,
                            s.kept_by.display(),
                            s.what,
                            s.new_id
                        ),
                    )
                    .hint(format!(
                        "nothing to do; documents issued from this branch before the merge call it {}",
                        s.id
                    )),
                );
            }
            checked.push(format!("{} history entries", h.len()));
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
                    // A referential that does not load is reported below, with its file.
                    for id in crate::commands::referential_ids(&base, records) {
                        if let Ok(Some(r)) = ws.referential(&id) {
                            referentials.insert(id, r);
                        }
                    }
                    let inputs = dossier::Inputs {
                        workflow: &wf,
                        base: &base,
                        referentials: &referentials,
                    };
                    let d = dossier::Dossier::replay(inputs, records, chrono::NaiveDate::MAX);
                    signatures(
                        &root,
                        &wf,
                        &base,
                        h,
                        &mut problems,
                        &mut warnings,
                        &mut checked,
                    );
                    // An entry that does not apply where it falls (two branches recorded the same
                    // event, or both closed a finding) is left out: a warning, never a lock-out.
                    for p in &d.problems {
                        let found = Problem::file(
                            p.label.clone(),
                            format!(
                                "does not apply where it falls and is left out: {}",
                                p.message
                            ),
                        )
                        .hint(settling_hint(p));
                        // A conflict is what two merged branches leave: a warning. An entry naming
                        // what does not exist only comes from an edit: a problem.
                        if p.conflict {
                            warnings.push(found);
                        } else {
                            problems.push(found);
                        }
                    }
                    for p in &d.dangling {
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
            match ws.sovereignty_framework(sovereignty::framework()) {
                Ok(Some(_)) => checked.push(storage::card::OFFICIAL_TEXTS.to_owned()),
                Ok(None) => {}
                Err(e) => collect(e, &mut problems),
            }
            match storage::mapping::load_all(ws.root()) {
                Ok(mappings) => checked.extend(
                    mappings
                        .iter()
                        .map(|m| format!("{}/{}.ron", storage::mapping::DIR, m.id)),
                ),
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
        for p in check_evidence(&root, l, Hashing::Full) {
            problems.push(Problem::file(
                p.path.clone(),
                format!("evidence {} {}: {}", p.id, p.problem, p.detail),
            ));
        }
        checked.push(format!("{} evidence file(s)", l.evidence.len()));
    }

    // Interrupted writes leave temporary files; the next write removes them.
    match storage::housekeeping::leftover_temporaries(&root) {
        Ok(found) => {
            for rel in found {
                warnings.push(
                    Problem::file(
                        rel.display().to_string(),
                        "temporary file of an interrupted write",
                    )
                    .hint("harmless: the next jalon write removes it"),
                );
            }
        }
        Err(e) => collect(e, &mut problems),
    }
    // In a git repository, the last commit knows entries the working tree may have lost.
    if let Some(git) = storage::housekeeping::git_history(&root) {
        checked.push("history against the last commit".to_owned());
        for rel in git.missing {
            problems.push(
                Problem::file(
                    rel.display().to_string(),
                    "the last commit holds this history entry; the working tree lacks it (history truncated?)",
                )
                .hint("restore it: `git checkout HEAD -- history/`"),
            );
        }
        for rel in git.changed {
            problems.push(
                Problem::file(
                    rel.display().to_string(),
                    "this history entry differs from the last commit's",
                )
                .hint("restore it: `git checkout HEAD -- <file>`; history is append-only"),
            );
        }
    }

    // Reliances on base services: an inherited verdict whose base is not qualified today no
    // longer holds.
    // Read again (with the workspace's inputs) only when a base was ever declared.
    let declares_bases = history.as_ref().is_some_and(|h| {
        h.records()
            .iter()
            .any(|e| matches!(e.act, storage::Act::Base { .. }))
    });
    if problems.is_empty()
        && declares_bases
        && let Ok(loaded) = crate::commands::Loaded::open_at(&root)
        && let Ok(bases) = crate::commands::base::listed(&loaded, ctx.today())
    {
        if !bases.is_empty() {
            checked.push(format!("{} base service(s)", bases.len()));
        }
        for b in bases.iter().filter(|b| b.state != "qualified") {
            let found = Problem::file(
                "jalon.ron",
                format!(
                    "the reliance on base `{}` lapsed: it is {} on {}{}; {} inherited requirement(s) of the current cycle count as not assessed",
                    b.id,
                    b.state,
                    ctx.today(),
                    b.error.as_deref().map(|e| format!(" ({e})")).unwrap_or_default(),
                    b.requirements
                ),
            )
            .hint("assess those requirements, or rely on a base that is qualified (`jalon base list`, `jalon base add`)");
            if b.requirements > 0 {
                problems.push(found);
            } else {
                warnings.push(found);
            }
        }
    }

    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                ok: bool,
                checked: &'a [String],
                problems: &'a [Problem],
                warnings: &'a [Problem],
            }
            ctx.print_json(&Out {
                ok: problems.is_empty(),
                checked: &checked,
                problems: &problems,
                warnings: &warnings,
            })?;
        }
        Format::Human => {
            let mut t = String::new();
            let place = |p: &Problem| match (p.line, p.column) {
                (Some(l), Some(c)) => format!("{}:{l}:{c}", p.file),
                _ => p.file.clone(),
            };
            for p in &problems {
                let _ = writeln!(t, "{}: {}", place(p), p.message);
                if let Some(h) = &p.hint {
                    let _ = writeln!(t, "  hint: {h}");
                }
            }
            for p in &warnings {
                let _ = writeln!(t, "warning: {}: {}", place(p), p.message);
                if let Some(h) = &p.hint {
                    let _ = writeln!(t, "  hint: {h}");
                }
            }
            let mut verdict = if problems.is_empty() {
                "ok".to_owned()
            } else {
                format!("{} problem(s)", problems.len())
            };
            if !warnings.is_empty() {
                verdict.push_str(&format!(", {} warning(s)", warnings.len()));
            }
            let _ = writeln!(t, "Checked {}: {verdict}.", checked.join(", "));
            ctx.print(&t)?;
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CommandError::silent(Kind::Refused))
    }
}

/// How to settle an entry the replay leaves out.
fn settling_hint(p: &dossier::Problem) -> String {
    let name = std::path::Path::new(&p.label)
        .file_name()
        .map_or_else(|| p.label.clone(), |n| n.to_string_lossy().into_owned());
    match &p.conflicts_with {
        Some(other) => format!(
            "probably recorded on two branches, like {other}; the journal keeps that one. If this one is right instead, retract the other: `jalon history retract {other} --note \"why\"`; else retract this one: `jalon history retract {name} --note \"duplicate from a merge\"`"
        ),
        None => format!(
            "if it should not stand, retract it: `jalon history retract {name} --note \"why\"`; if it should, retract what it contradicts"
        ),
    }
}

/// Every entry's signature: that it verifies over the entry, that its key was the actor's when
/// the entry was written, and (signatures required) that the actor's role allowed the act then.
fn signatures(
    root: &std::path::Path,
    workflow: &journey::Workflow,
    base: &dossier::Settings,
    history: &storage::History,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
    checked: &mut Vec<String>,
) {
    use dossier::signatures::Problem as Sig;
    let seals = storage::signing::seals(root, &history.files);
    let signed = seals
        .iter()
        .filter(|s| !matches!(s, dossier::signatures::Seal::None))
        .count();
    if signed > 0 {
        checked.push(format!("{signed} signatures"));
    }
    for f in dossier::signatures::audit(workflow, base, history.records(), &seals) {
        let hint = match &f.problem {
            Sig::Unsigned | Sig::SignatureMissing | Sig::BadSignature(_) | Sig::OtherKey => {
                "an entry or its signature was changed, removed or written without a key: restore them from git; `jalon history list` shows the entry"
            }
            Sig::UnknownKey { .. } | Sig::NotActorsKey { .. } => {
                "`jalon team list` shows the members' keys; an entry signed by another key than its actor's is not the actor's"
            }
            Sig::Role(_) | Sig::Rule(_) => {
                "`jalon team list` shows who holds which role; the entry was signed by a member not allowed to record it"
            }
        };
        let found = Problem::file(f.label.clone(), f.problem.to_string()).hint(hint);
        if f.error {
            problems.push(found);
        } else {
            warnings.push(found);
        }
    }
}
