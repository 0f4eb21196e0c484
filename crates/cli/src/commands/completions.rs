//! `jalon completions SHELL`: a completion script that asks jalon itself for candidates (clap_complete's
//! dynamic completion): commands and options, and the ids of the workspace around the current
//! folder: requirements, findings, evidence, events, cycles, referentials, chapters.

use clap_complete::engine::CompletionCandidate;
use clap_complete::env::EnvCompleter;

use crate::ctx::Ctx;
use crate::error::{CommandError, Kind};

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    let shell: &dyn EnvCompleter = match args.shell {
        Shell::Bash => &clap_complete::env::Bash,
        Shell::Zsh => &clap_complete::env::Zsh,
        Shell::Fish => &clap_complete::env::Fish,
        Shell::Elvish => &clap_complete::env::Elvish,
        Shell::Powershell => &clap_complete::env::Powershell,
    };
    let mut buf = Vec::new();
    // The script calls `jalon` with COMPLETE set; `cli::main` answers.
    shell
        .write_registration("COMPLETE", "jalon", "jalon", "jalon", &mut buf)
        .map_err(|e| {
            CommandError::new(
                Kind::Internal,
                crate::messages::errors::cannot_write_completion(e),
            )
        })?;
    ctx.print(&String::from_utf8_lossy(&buf))
}

/// What completion reads: the workspace found from the current folder, as of today. Nothing
/// (no candidate) when there is none or it cannot be read: completion never fails loudly.
fn loaded() -> Option<crate::commands::Loaded> {
    let root = storage::Workspace::discover(std::path::Path::new(".")).ok()?;
    crate::commands::Loaded::open_at(&root).ok()
}

fn today() -> chrono::NaiveDate {
    std::env::var("JALON_TODAY")
        .ok()
        .and_then(|d| crate::ctx::parse_date(&d).ok())
        .unwrap_or_else(crate::ctx::clock_today)
}

/// A title as a shell shows it beside a candidate: a control character a hand-edited file holds
/// is shown as its escape, never obeyed by the terminal.
fn shown(title: &str) -> clap::builder::StyledStr {
    crate::input::visible(title).into_owned().into()
}

fn candidates(ids: impl IntoIterator<Item = String>) -> Vec<CompletionCandidate> {
    ids.into_iter().map(CompletionCandidate::new).collect()
}

/// The assessable requirements of the service's referential and of those beside it.
pub fn requirements() -> Vec<CompletionCandidate> {
    let Some(l) = loaded() else {
        return Vec::new();
    };
    let mut ids: Vec<String> = Vec::new();
    for r in l.referentials.values() {
        ids.extend(
            r.requirements
                .iter()
                .filter(|q| q.assessable)
                .map(|q| q.id.clone()),
        );
    }
    candidates(ids)
}

/// The chapters of the referentials, then their requirements (what `plan assign` and `--only`
/// take).
pub fn chapters_or_requirements() -> Vec<CompletionCandidate> {
    let mut out = chapters();
    out.extend(requirements());
    out
}

pub fn chapters() -> Vec<CompletionCandidate> {
    let Some(l) = loaded() else {
        return Vec::new();
    };
    candidates(
        l.referentials
            .values()
            .flat_map(|r| r.chapters.iter().map(|c| c.id.clone()))
            .collect::<Vec<_>>(),
    )
}

/// Candidates read from the dossier as of today.
fn from_dossier(
    pick: impl Fn(&dossier::Dossier<'_>) -> Vec<CompletionCandidate>,
) -> Vec<CompletionCandidate> {
    let Some(l) = loaded() else {
        return Vec::new();
    };
    l.dossier(today()).map_or_else(|_| Vec::new(), |d| pick(&d))
}

pub fn findings() -> Vec<CompletionCandidate> {
    from_dossier(|d| {
        d.records
            .findings
            .values()
            .map(|f| CompletionCandidate::new(&f.id).help(Some(shown(&f.title))))
            .collect()
    })
}

pub fn evidence() -> Vec<CompletionCandidate> {
    from_dossier(|d| {
        d.records
            .evidence
            .values()
            .map(|e| CompletionCandidate::new(&e.id).help(Some(shown(&e.title))))
            .collect()
    })
}

pub fn cycles() -> Vec<CompletionCandidate> {
    from_dossier(|d| candidates(d.cycles.iter().map(|c| c.id.clone()).collect::<Vec<_>>()))
}

/// The declared base services (`assess --from`), with their provider and service.
pub fn bases() -> Vec<CompletionCandidate> {
    from_dossier(|d| {
        d.settings
            .bases
            .iter()
            .map(|(id, b)| CompletionCandidate::new(id).help(Some(shown(&b.name()))))
            .collect()
    })
}

/// The workflow's events.
pub fn events() -> Vec<CompletionCandidate> {
    let Some(l) = loaded() else {
        return Vec::new();
    };
    l.workflow
        .def()
        .events
        .iter()
        .map(|e| CompletionCandidate::new(&e.id).help(Some(e.label.en.clone().into())))
        .collect()
}

/// The referentials jalon embeds and those the workspace imported.
pub fn referentials() -> Vec<CompletionCandidate> {
    let mut ids: Vec<String> = storage::referential::EMBEDDED
        .iter()
        .map(|(id, _)| (*id).to_owned())
        .collect();
    if let Some(l) = loaded()
        && let Ok(imported) = l.ws.imported_referentials()
    {
        for id in imported {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    candidates(ids)
}
