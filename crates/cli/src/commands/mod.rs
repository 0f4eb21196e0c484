//! One file per command: its `clap::Args` and one `run` function.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Subcommand;
use grid::{ActKind, GridView, Ledger, Referential, Requirement, Role, Severity};
use journey::{Facts, Journey, ReplayError, Workflow};
use storage::{Act, FindingChange, History, NewEntry, OnBehalf, PlanAct, Workspace};

use crate::ctx::{Ctx, Party};
use crate::error::{CommandError, Kind, nearest};

pub mod assess;
pub mod calendar;
pub mod completions;
pub mod demo;
pub mod evidence;
pub mod export;
pub mod finding;
pub mod grid_cmd;
pub mod init;
pub mod journey_cmd;
pub mod man;
pub mod plan;
pub mod referential;
pub mod report;
pub mod sovereignty;
pub mod status;
pub mod team;
pub mod verify;

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
    /// The evaluation grid: every requirement's scope, verdict and findings, and the metrics.
    Grid(grid_cmd::Args),
    /// Record a verdict on a requirement or one of its checks.
    Assess(assess::Args),
    /// Findings and corrective actions: add, list, show, plan, remediate, close, withdraw.
    Finding(finding::Args),
    /// Evidence: add (hashed; copied in or referenced), list, verify.
    Evidence(evidence::Args),
    /// Export the evaluation form (the completed grid) as CSV or XLSX.
    Export(export::Args),
    /// The team and its roles (declaring one switches the role rules on).
    Team(team::Args),
    /// Check the whole workspace and report every problem.
    Verify(verify::Args),
    /// Upcoming deadlines, as a list or an iCalendar (.ics) file.
    Calendar(calendar::Args),
    /// The evaluation plan: generate, assign, show, submit, validate, request changes.
    Plan(plan::Args),
    /// Reports: the evaluation plan and the three-part summary report (Markdown or HTML, French or English).
    Report(report::Args),
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
        Command::Grid(args) => grid_cmd::run(ctx, args),
        Command::Assess(args) => assess::run(ctx, args),
        Command::Finding(args) => finding::run(ctx, args),
        Command::Evidence(args) => evidence::run(ctx, args),
        Command::Export(args) => export::run(ctx, args),
        Command::Team(args) => team::run(ctx, args),
        Command::Verify(args) => verify::run(ctx, args),
        Command::Calendar(args) => calendar::run(ctx, args),
        Command::Plan(args) => plan::run(ctx, args),
        Command::Report(args) => report::run(ctx, args),
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
        Loaded::from_workspace(ctx.workspace()?)
    }

    pub fn open_at(root: &std::path::Path) -> Result<Loaded, CommandError> {
        Loaded::from_workspace(Workspace::open(root)?)
    }

    fn from_workspace(ws: Workspace) -> Result<Loaded, CommandError> {
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

    /// The referential the manifest names, with the workspace's imported text.
    pub fn referential(&self) -> Result<Referential, CommandError> {
        let id = &self.ws.manifest().referential;
        self.ws.referential(id)?.ok_or_else(|| {
            CommandError::new(
                Kind::Data,
                format!(
                    "jalon.ron names referential `{id}`, which is neither embedded nor imported"
                ),
            )
            .hint("`jalon referential list` shows the referentials available")
        })
    }

    /// The evaluation's records (verdicts, findings, evidence) replayed from history.
    pub fn ledger(&self) -> Result<Ledger, CommandError> {
        let (ledger, problems) = self.history.ledger();
        if problems.is_empty() {
            return Ok(ledger);
        }
        let mut e = CommandError::new(Kind::Data, "the workspace's history does not hold together");
        e.diagnostics = problems;
        Err(e.hint("run `jalon verify`; restore the files from git"))
    }

    /// What guards may ask of the workspace: scope, evaluation centre, the grid and findings.
    pub fn facts(&self) -> Result<Facts, CommandError> {
        let m = self.ws.manifest();
        let referential = self.referential()?;
        let ledger = self.ledger()?;
        let view = GridView::new(&referential, &m.kinds, &ledger);
        Ok(Facts {
            service_kinds: m.kinds.iter().map(|k| k.as_str().to_owned()).collect(),
            evaluation_centre: m.evaluation_centre.clone(),
            unassessed: view.unassessed().into_iter().map(str::to_owned).collect(),
            open_major_findings: ledger
                .findings
                .values()
                .filter(|f| f.severity == Severity::Major && f.status.is_open())
                .map(|f| f.id.clone())
                .collect(),
            plan_status: ledger.plan.as_ref().map(|p| p.status.as_str().to_owned()),
        })
    }
}

/// What a command appends: the real-world date, an optional note, and the act.
pub struct Write {
    pub date: NaiveDate,
    pub note: Option<String>,
    pub act: Act,
}

/// Takes the writers' lock, reads the workspace (manifest, workflow, history) under it, lets
/// `check` decide on what was just read, and appends its one entry. Nothing is written if `check`
/// fails.
pub fn write_locked<T>(
    ctx: &Ctx,
    check: impl FnOnce(&Loaded, &Ledger) -> Result<(Write, T), CommandError>,
) -> Result<(PathBuf, T), CommandError> {
    let lock = ctx.workspace()?.lock()?;
    // Read under the lock: the manifest (team, referential, workflow) may have changed while this
    // writer waited for it.
    let ws = ctx.workspace()?;
    let workflow = ws.workflow()?;
    let loaded = Loaded {
        history: ws.history()?,
        workflow,
        ws,
    };
    if !loaded.history.problems.is_empty() {
        let mut e = CommandError::new(
            Kind::Data,
            "the workspace's history has integrity problems; nothing was written",
        );
        e.diagnostics = loaded.history.problems.clone();
        return Err(e.hint("run `jalon verify`; restore the files from git"));
    }
    let ledger = loaded.ledger()?;
    let (write, value) = check(&loaded, &ledger)?;
    let actor = ctx.actor();
    let on_behalf_of = authorize(ctx, &loaded, &actor, &write.act)?;
    let entry = NewEntry {
        recorded: ctx.now(),
        actor,
        on_behalf_of,
        date: write.date,
        note: write.note,
        act: write.act,
    };
    let path = loaded.ws.append(&lock, &loaded.history, entry)?;
    Ok((path, value))
}

/// The kind of act the role rules distinguish.
pub fn act_kind<'a>(act: &'a Act, roles: &'a [Role]) -> ActKind<'a> {
    match act {
        Act::Journey { event, .. } => ActKind::JourneyEvent { event, by: roles },
        Act::Assess { .. } => ActKind::Assess,
        Act::Finding { change, .. } => match change {
            FindingChange::Open { .. } => ActKind::FindingOpen,
            FindingChange::Plan { .. } => ActKind::FindingPlan,
            FindingChange::Remediate { .. } => ActKind::FindingRemediate,
            FindingChange::Close => ActKind::FindingClose,
            FindingChange::Withdraw => ActKind::FindingWithdraw,
        },
        Act::Evidence { .. } => ActKind::EvidenceAdd,
        Act::Plan { change } => match change {
            PlanAct::Generate { .. } => ActKind::PlanGenerate,
            PlanAct::Assign { .. } => ActKind::PlanAssign,
            PlanAct::Submit => ActKind::PlanSubmit,
            PlanAct::Validate => ActKind::PlanValidate,
            PlanAct::RequestChanges => ActKind::PlanRequestChanges,
        },
    }
}

/// The roles the workflow allows for a journey event (empty for other acts).
pub fn event_roles(loaded: &Loaded, act: &Act) -> Vec<Role> {
    match act {
        Act::Journey { event, .. } => loaded
            .workflow
            .event_index(event)
            .map(|e| {
                loaded
                    .workflow
                    .event(e)
                    .by
                    .iter()
                    .filter_map(|r| r.parse().ok())
                    .collect()
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Options of every command that records something: when it happened, a note, the output format.
#[derive(Debug, clap::Args)]
pub struct WriteArgs {
    /// The real-world date (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::ctx::parse_date)]
    pub date: Option<NaiveDate>,
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    #[command(flatten)]
    pub format: crate::ctx::FormatArg,
}

impl WriteArgs {
    /// The date given, or today; never after today.
    pub fn date(&self, ctx: &Ctx) -> Result<NaiveDate, CommandError> {
        let today = ctx.today();
        let date = self.date.unwrap_or(today);
        if date > today {
            return Err(CommandError::usage(format!(
                "the date {date} is after today ({today}); record things once they happened"
            )));
        }
        Ok(date)
    }
}

/// Applies the team's role rules to `act` by `actor` (refusals exit 1 and name the rule), and
/// returns what the entry records of an act on behalf of ANSSI.
pub fn authorize(
    ctx: &Ctx,
    loaded: &Loaded,
    actor: &str,
    act: &Act,
) -> Result<Option<OnBehalf>, CommandError> {
    let m = loaded.ws.manifest();
    let reference = ctx
        .global
        .reference
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    // Only ANSSI's acts are recorded on someone's behalf (`Party` has that one value).
    let on_behalf = ctx
        .global
        .on_behalf_of
        .map(|Party::Anssi| reference.unwrap_or_default());
    let roles = event_roles(loaded, act);
    grid::authorize(
        !m.team.is_empty(),
        actor,
        m.role_of(actor),
        on_behalf,
        &act_kind(act, &roles),
    )
    .map_err(|e| CommandError::new(Kind::Refused, format!("{e}; nothing was written")))?;
    Ok(on_behalf.map(|r| OnBehalf {
        role: Role::Anssi,
        reference: r.to_owned(),
    }))
}

/// Refuses ids that are not requirements of `r`, suggesting the nearest.
pub fn require<'r>(r: &'r Referential, id: &str) -> Result<&'r Requirement, CommandError> {
    r.get(id).ok_or_else(|| {
        let near = nearest(id, r.requirements.iter().map(|q| q.id.as_str()));
        let mut e = CommandError::usage(format!("`{id}` is not a requirement of {}", r.id));
        if !near.is_empty() {
            e = e.hint(format!("nearest ids: {}", near.join(", ")));
        }
        e.hint("`jalon grid` lists the requirements")
    })
}

/// Refuses evidence ids the ledger does not know.
pub fn require_evidence(ledger: &Ledger, ids: &[String]) -> Result<(), CommandError> {
    for id in ids {
        if !ledger.evidence.contains_key(id) {
            let near = nearest(id, ledger.evidence.keys().map(String::as_str));
            let mut e = CommandError::usage(format!("there is no evidence `{id}`"));
            if !near.is_empty() {
                e = e.hint(format!("nearest ids: {}", near.join(", ")));
            }
            return Err(
                e.hint("`jalon evidence list` lists the evidence; `jalon evidence add` adds some")
            );
        }
    }
    Ok(())
}

/// Text options: trimmed, and absent when empty.
pub fn text(s: Option<String>) -> Option<String> {
    s.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
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
