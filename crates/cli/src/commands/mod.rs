//! One file per command: its `clap::Args` and one `run` function.

use chrono::NaiveDate;
use clap::Subcommand;
use journey::{Facts, Journey, ReplayError, Workflow};
use storage::{Act, History, Workspace};

use crate::ctx::Ctx;
use crate::error::{CommandError, Kind};

pub mod calendar;
pub mod completions;
pub mod demo;
pub mod init;
pub mod journey_cmd;
pub mod man;
pub mod referential;
pub mod sovereignty;
pub mod status;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new workspace for a service.
    Init(init::Args),
    /// Build a populated example workspace and show its status.
    Demo(demo::Args),
    /// Where the journey stands: state, milestones, qualification, deadlines, alerts.
    Status(status::Args),
    /// The journey's timeline; record events, see what can come next, draw the workflow.
    Journey(journey_cmd::Args),
    /// Upcoming deadlines, as a list or an iCalendar (.ics) file.
    Calendar(calendar::Args),
    /// Referentials: list them, show a requirement, import official text.
    Referential(referential::Args),
    /// EU Cloud Sovereignty Framework: provider cards, scores, SEAL levels, ranking.
    Sovereignty(sovereignty::Args),
    /// Print a shell completion script.
    Completions(completions::Args),
    /// Print the manual page (roff).
    Man(man::Args),
}

pub fn run(ctx: &mut Ctx, command: Command) -> Result<(), CommandError> {
    match command {
        Command::Init(args) => init::run(ctx, args),
        Command::Demo(args) => demo::run(ctx, args),
        Command::Status(args) => status::run(ctx, args),
        Command::Journey(args) => journey_cmd::run(ctx, args),
        Command::Calendar(args) => calendar::run(ctx, args),
        Command::Referential(args) => referential::run(ctx, args),
        Command::Sovereignty(args) => sovereignty::run(ctx, args),
        Command::Completions(args) => completions::run(ctx, args),
        Command::Man(args) => man::run(ctx, args),
    }
}

/// A workspace opened for reading, with its workflow and history.
pub struct Loaded {
    pub ws: Workspace,
    pub workflow: Workflow,
    pub history: History,
}

impl Loaded {
    pub fn open(ctx: &Ctx) -> Result<Loaded, CommandError> {
        let ws = ctx.workspace()?;
        let workflow = ws.workflow()?;
        let history = ws.history()?;
        if !history.problems.is_empty() {
            let mut e =
                CommandError::new(Kind::Data, "the workspace's history has integrity problems");
            e.diagnostics = history.problems.clone();
            return Err(e.hint("run `jalon verify` for the full list; restore the files from git"));
        }
        Ok(Loaded {
            ws,
            workflow,
            history,
        })
    }

    /// The journey replayed up to `date`.
    pub fn journey(&self, date: NaiveDate) -> Result<Journey<'_>, CommandError> {
        Journey::replay(&self.workflow, &self.history.journey(), date)
            .map_err(|e| replay_error(&self.history, &e))
    }

    /// What guards may ask of the workspace.
    pub fn facts(&self) -> Facts {
        let m = self.ws.manifest();
        Facts {
            service_kinds: m.kinds.iter().map(|k| k.as_str().to_owned()).collect(),
            evaluation_centre: m.evaluation_centre.clone(),
        }
    }
}

/// Names the history file behind a replay error.
pub fn replay_error(history: &History, e: &ReplayError) -> CommandError {
    let path = history
        .entries
        .iter()
        .filter(|entry| matches!(entry.act, Act::Journey { .. }))
        .nth(e.position)
        .map(|entry| entry.path.display().to_string())
        .unwrap_or_default();
    CommandError::new(
        Kind::Data,
        format!("{path}: the journal cannot be replayed: `{}` on {} {}", e.event, e.date, e.reason),
    )
    .hint("the history was edited by hand or the workflow changed; run `jalon verify` and restore the files from git")
}
