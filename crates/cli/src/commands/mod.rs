//! One file per command: its `clap::Args` and one `run` function.

use std::mem::ManuallyDrop;
use std::path::PathBuf;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use clap::Subcommand;
use dossier::{ApplyError, Cycle, Dossier, Inputs, Refusal, Refused, Settings};
use grid::{GridView, Ledger, LedgerError, Referential, Role};
use journey::{Journey, ReplayError, Workflow};
use storage::{Act, History, NewEntry, OnBehalf, Workspace};

use crate::ctx::{Ctx, Party};
use crate::error::{CommandError, Kind, nearest};
use crate::messages::errors::{self, Text};

pub mod assess;
pub mod base;
pub mod calendar;
pub mod completions;
pub mod cycle;
pub mod demo;
pub mod evidence;
pub mod export;
pub mod finding;
pub mod grid_cmd;
pub mod history;
pub mod import;
pub mod init;
pub mod journey_cmd;
pub mod man;
pub mod map;
pub mod plan;
pub mod portfolio;
pub mod referential;
pub mod report;
pub mod service;
pub mod site;
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
    /// Evaluation cycles: list them, show one, compare two.
    Cycle(cycle::Args),
    /// The evaluation grid: every requirement's scope, verdict and findings, and the metrics.
    Grid(grid_cmd::Args),
    /// Record a verdict on a requirement or one of its checks.
    Assess(assess::Args),
    /// Findings and corrective actions: add, list, show, plan, remediate, close, withdraw.
    Finding(finding::Args),
    /// Evidence: add (hashed; copied in or referenced), list, verify.
    Evidence(evidence::Args),
    /// Qualified services this one is built on (composition): declare one, list them.
    Base(base::Args),
    /// Export the evaluation form (the completed grid) as CSV or XLSX.
    Export(export::Args),
    /// Read back an evaluation form an evaluator filled in, and record its results.
    Import(import::Args),
    /// The team and its roles (declaring one switches the role rules on).
    Team(team::Args),
    /// What the service is evaluated as: its kinds, referential and evaluation centre (dated changes).
    Service(service::Args),
    /// Check the whole workspace and report every problem.
    Verify(verify::Args),
    /// The journal's entries; retract one (how a duplicate left by a git merge is settled).
    History(history::Args),
    /// Upcoming deadlines, as a list or an iCalendar (.ics) file.
    Calendar(calendar::Args),
    /// Several workspaces, one row per service: state, qualification, deadlines, findings, readiness.
    Portfolio(portfolio::Args),
    /// The evaluation plan: generate, assign, show, submit, validate, request changes.
    Plan(plan::Args),
    /// Reports: the evaluation plan and the three-part summary report (Markdown or HTML, French or English).
    Report(report::Args),
    /// Write the workspace as a static site (a dashboard that opens from file://, no server, no network).
    Site(site::Args),
    /// Referentials: list them, show a requirement, import official text or a mapping set.
    Referential(referential::Args),
    /// What the grid covers of another framework (ISO/IEC 27001), through an imported mapping.
    Map(map::Args),
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
        Command::Cycle(args) => cycle::run(ctx, args),
        Command::Grid(args) => grid_cmd::run(ctx, args),
        Command::Assess(args) => assess::run(ctx, args),
        Command::Finding(args) => finding::run(ctx, args),
        Command::Evidence(args) => evidence::run(ctx, args),
        Command::Export(args) => export::run(ctx, args),
        Command::Import(args) => import::run(ctx, args),
        Command::Team(args) => team::run(ctx, args),
        Command::Base(args) => base::run(ctx, args),
        Command::Service(args) => service::run(ctx, args),
        Command::Verify(args) => verify::run(ctx, args),
        Command::History(args) => history::run(ctx, args),
        Command::Calendar(args) => calendar::run(ctx, args),
        Command::Portfolio(args) => portfolio::run(ctx, args),
        Command::Plan(args) => plan::run(ctx, args),
        Command::Report(args) => report::run(ctx, args),
        Command::Site(args) => site::run(ctx, args),
        Command::Referential(args) => referential::run(ctx, args),
        Command::Map(args) => map::run(ctx, args),
        Command::Sovereignty(args) => sovereignty::run(ctx, args),
        Command::Completions(args) => completions::run(ctx, args),
        Command::Man(args) => man::run(ctx, args),
    }
}

/// The referentials a workspace may name: `jalon.ron`'s, each one an act switched to, and each
/// one an act put in scope beside it.
pub fn referential_ids(base: &Settings, entries: &[dossier::Entry]) -> Vec<String> {
    let mut ids = vec![base.referential.clone()];
    for e in entries {
        if let Act::Referential { id } | Act::AddReferential { id, .. } = &e.act
            && !ids.contains(id)
        {
            ids.push(id.clone());
        }
    }
    ids
}

/// A workspace opened for reading: its workflow, history and the referentials it may name.
pub struct Loaded {
    pub ws: Workspace,
    pub workflow: Workflow,
    /// Never freed: a command reads it once and ends, and freeing a large history entry by entry
    /// (hundreds of thousands of small values) costs more than the rest of a read after it. The
    /// process's memory goes back to the system at exit.
    pub history: ManuallyDrop<History>,
    /// What `jalon.ron` says, before any act changes it.
    pub base: Settings,
    pub referentials: BTreeMap<String, Referential>,
}

impl Loaded {
    pub fn open(ctx: &Ctx) -> Result<Loaded, CommandError> {
        Loaded::from_workspace(ctx.workspace()?)
    }

    pub fn open_at(root: &std::path::Path) -> Result<Loaded, CommandError> {
        Loaded::from_workspace(Workspace::open(root)?)
    }

    fn from_workspace(ws: Workspace) -> Result<Loaded, CommandError> {
        let loaded = Loaded::read(ws)?;
        if !loaded.history.problems.is_empty() {
            let mut e = CommandError::new(Kind::Data, errors::history_integrity());
            e.diagnostics = loaded.history.problems.clone();
            return Err(e.hint(errors::verify_for_the_list()));
        }
        Ok(loaded)
    }

    /// Reads without judging the history's integrity (for `verify` and writers, which decide).
    pub fn read(ws: Workspace) -> Result<Loaded, CommandError> {
        let workflow = ws.workflow()?;
        let history = ws.history()?;
        let base = ws.manifest().settings();
        let mut loaded = Loaded {
            ws,
            workflow,
            history: ManuallyDrop::new(history),
            base,
            referentials: BTreeMap::new(),
        };
        for id in referential_ids(&loaded.base, loaded.entries()) {
            loaded.add_referential(&id)?;
        }
        Ok(loaded)
    }

    /// Makes referential `id` available to the dossier (embedded or imported), if it exists.
    pub fn add_referential(&mut self, id: &str) -> Result<bool, CommandError> {
        if self.referentials.contains_key(id) {
            return Ok(true);
        }
        match self.ws.referential(id)? {
            Some(r) => {
                self.referentials.insert(id.to_owned(), r);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// The history's entries as the dossier replays them, in recording order.
    pub fn entries(&self) -> &[dossier::Entry] {
        &self.history.records
    }

    pub fn inputs(&self) -> Inputs<'_> {
        Inputs {
            workflow: &self.workflow,
            base: &self.base,
            referentials: &self.referentials,
        }
    }

    /// The journal replayed up to `date`. Entries that do not apply where they fall (two
    /// branches recorded the same event, or both closed a finding) are left out with a warning:
    /// the workspace stays readable and writable, and `jalon verify` says how to settle them.
    pub fn dossier(&self, date: NaiveDate) -> Result<Dossier<'_>, CommandError> {
        let mut d = Dossier::replay(self.inputs(), self.entries(), date);
        // Inherited verdicts hold only while their base is qualified on that date.
        if !d.settings.bases.is_empty() {
            let validity = self.base_validity(&d.settings.bases, date);
            d.lapse(&validity);
        }
        if !d.problems.is_empty() {
            crate::ctx::warn_once(&format!(
                "{} history entr{} left out: {} not apply where {} fall{}; `jalon verify` says how to settle {}",
                d.problems.len(),
                if d.problems.len() == 1 {
                    "y is"
                } else {
                    "ies are"
                },
                if d.problems.len() == 1 {
                    "it does"
                } else {
                    "they do"
                },
                if d.problems.len() == 1 { "it" } else { "they" },
                if d.problems.len() == 1 { "s" } else { "" },
                if d.problems.len() == 1 { "it" } else { "them" },
            ));
        }
        Ok(d)
    }

    /// The validity on `date` of each base that is another workspace (read here; registry
    /// bases carry their dates in their act). A base that cannot be read is `unreadable`.
    pub fn base_validity(
        &self,
        bases: &BTreeMap<String, dossier::BaseSource>,
        date: NaiveDate,
    ) -> BTreeMap<String, dossier::Validity> {
        bases
            .iter()
            .filter_map(|(id, base)| match base {
                dossier::BaseSource::Workspace { path, .. } => {
                    Some((id.clone(), self.workspace_validity(path, date)))
                }
                dossier::BaseSource::Registry { .. } => None,
            })
            .collect()
    }

    fn workspace_validity(&self, path: &str, date: NaiveDate) -> dossier::Validity {
        use dossier::{BaseState, Validity};
        // Its journey only: a base's own bases do not change whether it is qualified (and two
        // workspaces naming each other as base never loop).
        let read = Loaded::open_at(&self.ws.root().join(path)).map(|base| {
            Dossier::replay(base.inputs(), base.entries(), date)
                .journey
                .status(date)
        });
        match read {
            Err(e) => Validity {
                state: BaseState::Unreadable(e.render(crate::ctx::Language::En).trim().to_owned()),
                qualified_until: None,
            },
            Ok(status) => {
                let until = status.qualification.as_ref().map(|q| q.expires);
                let state = if status.qualified {
                    BaseState::Qualified
                } else if status.state == "suspended" {
                    BaseState::Suspended
                } else if status.state == "withdrawn" {
                    BaseState::Withdrawn
                } else if status.state == "expired" || until.is_some_and(|u| date > u) {
                    BaseState::Expired
                } else {
                    BaseState::NotQualified
                };
                Validity {
                    state,
                    qualified_until: until,
                }
            }
        }
    }

    /// The journey replayed up to `date`.
    pub fn journey(&self, date: NaiveDate) -> Result<Journey<'_>, CommandError> {
        Ok(self.dossier(date)?.journey)
    }

    /// A read of the workspace as of `--at` (default: today), for one cycle (default: the current).
    pub fn view(&self, ctx: &Ctx, read: &ReadArgs) -> Result<View<'_>, CommandError> {
        self.view_in(ctx, read, &ReferentialArg::default())
    }

    /// [`Loaded::view`] against the referential `--referential` names (default: the service's).
    pub fn view_in(
        &self,
        ctx: &Ctx,
        read: &ReadArgs,
        referential: &ReferentialArg,
    ) -> Result<View<'_>, CommandError> {
        let date = read.date(ctx)?;
        let dossier = self.dossier(date)?;
        View::in_referential(
            dossier,
            read.cycle.as_deref(),
            referential.referential.as_deref(),
        )
    }
}

/// The workspace as of a date, for one evaluation cycle.
pub struct View<'l> {
    pub dossier: Dossier<'l>,
    /// Index of the cycle read in `dossier.cycles`.
    pub cycle: usize,
    /// That cycle's verdicts and plan, the findings it holds, all the evidence.
    pub ledger: Ledger,
    /// What it evaluates (`None`: the whole applicable grid).
    pub scope: Option<BTreeSet<String>>,
    pub referential: &'l Referential,
    /// The referential read when it is one assessed beside the service's own (`None`: the
    /// service's own).
    pub beside: Option<String>,
}

impl<'l> View<'l> {
    pub fn new(dossier: Dossier<'l>, cycle: Option<&str>) -> Result<View<'l>, CommandError> {
        View::in_referential(dossier, cycle, None)
    }

    /// A cycle's evaluation against `referential`: the service's own (`None`, or named), or one
    /// in scope beside it.
    pub fn in_referential(
        dossier: Dossier<'l>,
        cycle: Option<&str>,
        referential: Option<&str>,
    ) -> Result<View<'l>, CommandError> {
        let index = match cycle {
            None => dossier.current_index(),
            Some(id) => dossier
                .cycles
                .iter()
                .position(|c| c.id == id)
                .ok_or_else(|| unknown_cycle(&dossier, id))?,
        };
        let beside = dossier.beside_key(referential).map(str::to_owned);
        if let Some(id) = &beside
            && !dossier.settings.beside.contains_key(id)
        {
            return Err(not_in_scope(&dossier, id, false));
        }
        let referential = dossier
            .referential_named(beside.as_deref())
            .ok_or_else(|| {
                let id = beside.as_deref().unwrap_or(&dossier.settings.referential);
                unknown_referential(id, dossier.inputs.base)
            })?;
        let c = &dossier.cycles[index];
        let ledger = dossier.ledger_in(c, beside.as_deref());
        let scope = dossier.scope_in(c, beside.as_deref());
        Ok(View {
            cycle: index,
            ledger,
            scope,
            referential,
            beside,
            dossier,
        })
    }

    pub fn cycle(&self) -> &Cycle {
        &self.dossier.cycles[self.cycle]
    }

    pub fn date(&self) -> NaiveDate {
        self.dossier.as_of
    }

    pub fn grid(&self) -> GridView<'_> {
        self.dossier
            .grid_in(self.referential, &self.ledger, self.scope.as_ref())
    }

    /// The level the referential read is assessed at.
    pub fn level(&self) -> grid::Level {
        self.dossier.level_of(Some(&self.referential.id))
    }
}

/// A referential named by `--referential` that is not in the workspace's scope.
/// For a read it is a usage error (exit 2); for an act, a refusal (exit 1), as
/// [`dossier::check`] says it when the act names it.
pub fn not_in_scope(dossier: &Dossier<'_>, id: &str, act: bool) -> CommandError {
    let r = Refusal::NotInScope {
        id: id.to_owned(),
        service: dossier.settings.referential.clone(),
        beside: dossier.settings.beside.keys().cloned().collect(),
    };
    let e = if act {
        CommandError::new(Kind::Refused, errors::nothing_written(errors::refusal(&r)))
    } else {
        CommandError::usage(errors::refusal(&r))
    };
    e.hint(errors::put_in_scope(id))
}

/// `--referential ID` of the commands that read or record against one referential.
#[derive(Debug, Default, clap::Args)]
pub struct ReferentialArg {
    /// Against this referential, put in scope beside the service's own with `jalon referential
    /// add` (default: the service's own referential).
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::referentials), long, value_name = "ID")]
    pub referential: Option<String>,
}

/// The team as the reports name it.
pub fn team<'v>(read: &'v View<'_>) -> Vec<::report::Member<'v>> {
    read.dossier
        .settings
        .team
        .iter()
        .map(|t| ::report::Member {
            actor: &t.actor,
            role: t.role,
        })
        .collect()
}

/// What the reports and the exchange formats are made from: one cycle as `read` has it, with
/// its grid, team and guard facts (which the caller keeps alive).
pub fn report_workspace<'a>(
    loaded: &'a Loaded,
    read: &'a View<'_>,
    view: &'a grid::GridView<'a>,
    team: &'a [::report::Member<'a>],
    facts: &'a journey::Facts,
    reliances: &'a [::report::Reliance],
) -> ::report::Workspace<'a> {
    let m = loaded.ws.manifest();
    let settings = &read.dossier.settings;
    let cycle = read.cycle();
    ::report::Workspace {
        provider: &m.provider,
        service: &m.service,
        kinds: &settings.kinds,
        evaluation_centre: settings.evaluation_centre.as_deref(),
        team,
        journey: &read.dossier.journey,
        referential: read.referential,
        view,
        ledger: &read.ledger,
        today: read.date(),
        cycle: &cycle.id,
        cycle_kind: cycle.kind,
        closed: cycle.closed,
        events: &cycle.events,
        facts,
        reliances,
    }
}

/// The qualified services the cycle of `read` relies on, with their validity on its date (for
/// the summary report).
pub fn reliances(loaded: &Loaded, read: &View<'_>) -> Vec<::report::Reliance> {
    let bases = &read.dossier.settings.bases;
    if bases.is_empty() {
        return Vec::new();
    }
    let date = read.date();
    let workspaces = loaded.base_validity(bases, date);
    bases
        .iter()
        .filter_map(|(id, base)| {
            // Inherited from it: holding (`inherited`), or lapsed (now `not-assessed`, `from` kept).
            let mut requirements: Vec<String> = read
                .ledger
                .verdicts()
                .filter(|a| {
                    a.from.as_deref() == Some(id.as_str())
                        && matches!(
                            a.verdict,
                            grid::Verdict::Inherited | grid::Verdict::NotAssessed
                        )
                })
                .map(|a| match &a.check {
                    Some(c) => format!("{} ({c})", a.requirement),
                    None => a.requirement.clone(),
                })
                .collect();
            if requirements.is_empty() {
                return None;
            }
            requirements.sort();
            let v = dossier::registry_validity(base, date).or_else(|| workspaces.get(id).cloned());
            Some(::report::Reliance {
                id: id.clone(),
                name: base.name(),
                state: v.as_ref().map_or("unreadable", |v| v.state.as_str()),
                qualified_until: v.and_then(|v| v.qualified_until),
                requirements,
            })
        })
        .collect()
}

/// A referential that is neither embedded nor imported: named by `jalon.ron`, or by an act.
pub fn unknown_referential(id: &str, base: &Settings) -> CommandError {
    let e = if base.referential == id {
        CommandError::new(Kind::Data, errors::manifest_referential_unknown(id))
    } else {
        CommandError::usage(errors::referential_unknown(id))
    };
    e.hint(errors::list_referentials())
}

/// An unknown cycle id: exit 2, naming the known ones.
pub fn unknown_cycle(dossier: &Dossier<'_>, id: &str) -> CommandError {
    let known = dossier.cycle_ids();
    let near = nearest(id, known.iter().copied());
    let mut e =
        CommandError::usage(errors::no_cycle(id)).hint(errors::cycles_are(&known.join(", ")));
    if !near.is_empty() {
        e = e.hint(errors::did_you_mean(errors::or_list(&near)));
    }
    e
}

/// `--at` and `--cycle` of the commands that read.
#[derive(Debug, Default, clap::Args)]
pub struct ReadArgs {
    /// Show things as they stood on this date: only what happened on or before it.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::ctx::parse_date)]
    pub at: Option<NaiveDate>,
    /// The evaluation cycle (default: the current one; `jalon cycle list` lists them).
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::cycles), long, value_name = "ID")]
    pub cycle: Option<String>,
}

impl ReadArgs {
    /// `--at`, else today; never after today.
    pub fn date(&self, ctx: &Ctx) -> Result<NaiveDate, CommandError> {
        at_date(ctx, self.at)
    }
}

/// `--at` alone, for the commands that read no cycle.
#[derive(Debug, Default, clap::Args)]
pub struct AtArg {
    /// Show things as they stood on this date: only what happened on or before it.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::ctx::parse_date)]
    pub at: Option<NaiveDate>,
}

impl AtArg {
    pub fn date(&self, ctx: &Ctx) -> Result<NaiveDate, CommandError> {
        at_date(ctx, self.at)
    }
}

/// `--at DATE` (default: today): refused after today.
pub fn at_date(ctx: &Ctx, at: Option<NaiveDate>) -> Result<NaiveDate, CommandError> {
    let today = ctx.today();
    match at {
        Some(at) if at > today => Err(CommandError::usage(errors::at_after_today(at, today))),
        Some(at) => Ok(at),
        None => Ok(today),
    }
}

/// What a command appends: the real-world date, an optional note, the act, and the cycle it
/// goes to when the user named one.
pub struct Write {
    pub date: NaiveDate,
    pub note: Option<String>,
    pub act: Act,
    pub cycle: Option<String>,
    /// Record it although a readiness check fails or its cycle is closed.
    pub force: bool,
}

impl Write {
    pub fn new(date: NaiveDate, note: Option<String>, act: Act) -> Write {
        Write {
            date,
            note,
            act,
            cycle: None,
            force: false,
        }
    }

    /// With the `--cycle` and `--force` of `args`.
    pub fn with(mut self, args: &WriteArgs) -> Write {
        self.cycle = args.cycle.clone();
        self.force = args.force;
        self
    }
}

/// The one write path. Takes the writers' lock, reads the workspace under it, lets `build`
/// prepare the act from what was just read (the dossier as of today), checks it
/// ([`dossier::check`]: cycle, roles, references, guards, lifecycles) and appends its one entry;
/// `then` reads what the act changed (and may put files in place before the entry is
/// appended). Nothing is written if anything fails.
pub fn write_locked<T, R>(
    ctx: &Ctx,
    build: impl FnOnce(&Loaded, &Dossier<'_>) -> Result<(Write, T), CommandError>,
    then: impl FnOnce(T, &dossier::Checked<'_>) -> Result<R, CommandError>,
) -> Result<(PathBuf, R), CommandError> {
    let (lock, mut loaded) = read_locked(ctx)?;
    let today = ctx.today();
    let now = loaded.dossier(today)?;
    let (write, value) = build(&loaded, &now)?;
    // A referential switched to must be known to the check, which then replays with it.
    let now = if let Act::Referential { id } | Act::AddReferential { id, .. } = &write.act {
        drop(now);
        loaded.add_referential(id)?;
        Dossier::replay(loaded.inputs(), loaded.entries(), today)
    } else {
        now
    };
    if write.force && write.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        return Err(CommandError::usage(errors::force_needs_note()));
    }
    let actor = ctx.actor()?;
    let key = signing_key(ctx, &now.settings, &actor)?;
    let entry = dossier::Entry {
        label: "the new entry".to_owned(),
        recorded: ctx.now(),
        actor,
        on_behalf_of: on_behalf(ctx)?,
        date: write.date,
        note: write.note,
        cycle: write.cycle,
        signer: key.as_ref().map(|k| k.public_key().to_owned()),
        act: write.act,
    };
    let draft = dossier::Draft {
        entry,
        force: write.force,
    };
    let checked = dossier::check_from(now, loaded.entries(), draft, today)
        .map_err(|r| refusal(r, &loaded))?;
    let result = then(value, &checked)?;
    let entry = NewEntry::from_record(checked.entry.recorded, checked.entry.clone());
    drop(checked);
    let path = loaded
        .ws
        .append(&lock, &mut loaded.history, entry, key.as_ref())?;
    // Once the entry is written (a refused command writes nothing), and while no other writer
    // can be mid-write: temporary files left now are leftovers of interrupted writes. Best
    // effort: the act is written, and a leftover is harmless (`verify` names it).
    let _ = storage::housekeeping::remove_temporaries(
        loaded.ws.root(),
        &lock,
        loaded.history.temporaries > 0,
    );
    Ok((path, result))
}

/// Takes the writers' lock and reads the workspace under it (the manifest and history may have
/// changed while this writer waited); refuses a history with integrity problems.
fn read_locked(ctx: &Ctx) -> Result<(storage::WriteLock, Loaded), CommandError> {
    let lock = ctx.workspace()?.lock()?;
    let loaded = Loaded::read(ctx.workspace()?)?;
    if !loaded.history.problems.is_empty() {
        let mut e = CommandError::new(
            Kind::Data,
            errors::nothing_written(errors::history_integrity()),
        );
        e.diagnostics = loaded.history.problems.clone();
        return Err(e.hint(errors::verify_and_restore()));
    }
    Ok((lock, loaded))
}

/// The batch form of [`write_locked`]: one lock, one read, the acts `build` prepares checked in
/// order (each against the journal with the ones before it), then written together
/// ([`Workspace::append_all`]: one `fsync` each, one for the folder). If any is refused,
/// nothing is written, and the error names which (`build` gives each act a label, such as the
/// line of the file it comes from, in both languages). `then` reads the entries as checked and
/// the dossier after the last.
pub fn write_batch<R>(
    ctx: &Ctx,
    build: impl FnOnce(&Loaded, &Dossier<'_>) -> Result<Vec<(Text, Write)>, CommandError>,
    then: impl FnOnce(&[dossier::Entry], &Dossier<'_>) -> Result<R, CommandError>,
) -> Result<(Vec<PathBuf>, R), CommandError> {
    let (lock, mut loaded) = read_locked(ctx)?;
    let today = ctx.today();
    let actor = ctx.actor()?;
    let behalf = on_behalf(ctx)?;
    let recorded = ctx.now();
    let key;
    let (checked, result) = {
        let mut now = loaded.dossier(today)?;
        key = signing_key(ctx, &now.settings, &actor)?;
        let signer = key.as_ref().map(|k| k.public_key().to_owned());
        let writes = build(&loaded, &now)?;
        // The journal as each act is checked against: the history, then the acts before it.
        let mut journal = loaded.entries().to_vec();
        let first = journal.len();
        for (label, write) in writes {
            if write.force && write.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
                return Err(CommandError::usage(errors::force_needs_note_in(&label)));
            }
            let draft = dossier::Draft {
                entry: dossier::Entry {
                    label: label.pick(crate::ctx::Language::En).to_owned(),
                    recorded,
                    actor: actor.clone(),
                    on_behalf_of: behalf.clone(),
                    date: write.date,
                    note: write.note,
                    cycle: write.cycle,
                    signer: signer.clone(),
                    act: write.act,
                },
                force: write.force,
            };
            let checked = dossier::check_from(now, &journal, draft, today).map_err(|r| {
                let (mut e, _) = refusal_parts(r, &loaded);
                e.message = e
                    .message
                    .map(|m| errors::labelled_nothing_written(&label, m));
                e
            })?;
            now = checked.after;
            journal.push(checked.entry);
        }
        let checked: Vec<dossier::Entry> = journal.split_off(first);
        let result = then(&checked, &now)?;
        (checked, result)
    };
    let entries = checked
        .into_iter()
        .map(|e| NewEntry::from_record(e.recorded, e))
        .collect();
    let paths = loaded
        .ws
        .append_all(&lock, &mut loaded.history, entries, key.as_ref())?;
    let _ = storage::housekeeping::remove_temporaries(
        loaded.ws.root(),
        &lock,
        loaded.history.temporaries > 0,
    );
    Ok((paths, result))
}

/// The key this write's entries are signed with: one given with --key or JALON_SIGNING_KEY
/// always; git's signing key when the actor has declared a key or signatures are required.
/// `None`: unsigned, and the check says whether that may be.
fn signing_key(
    ctx: &Ctx,
    settings: &dossier::Settings,
    actor: &str,
) -> Result<Option<storage::SigningKey>, CommandError> {
    let Some((key, explicit)) = ctx.signing_key()? else {
        return Ok(None);
    };
    let wanted = explicit
        || settings.signatures == dossier::SignaturePolicy::Required
        || settings
            .member(actor)
            .is_some_and(|m| m.public_key.is_some());
    Ok(wanted.then_some(key))
}

/// What `--on-behalf-of anssi --reference REF` says of the act (the reference is one line).
fn on_behalf(ctx: &Ctx) -> Result<Option<OnBehalf>, CommandError> {
    let reference = match ctx.global.reference.as_deref() {
        Some(r) => line("--reference", r)?,
        None => String::new(),
    };
    // Only ANSSI's acts are recorded on someone's behalf (`Party` has that one value).
    Ok(ctx.global.on_behalf_of.map(|Party::Anssi| OnBehalf {
        role: Role::Anssi,
        reference,
    }))
}

fn with_nearest(mut e: CommandError, near: &[String]) -> CommandError {
    if !near.is_empty() {
        e = e.hint(errors::nearest_ids(&near.join(", ")));
    }
    e
}

/// A refused act as the command line says it: the domain's words (with "nothing was written"
/// where the act was refused rather than misnamed), then how to go on.
pub fn refusal(r: Refusal, loaded: &Loaded) -> CommandError {
    let (mut e, nothing_written) = refusal_parts(r, loaded);
    if nothing_written {
        e.message = e.message.map(errors::nothing_written);
    }
    e
}

/// A refused act: the error with the domain's words and how to go on, and whether the command
/// line says "nothing was written" after them.
fn refusal_parts(r: Refusal, loaded: &Loaded) -> (CommandError, bool) {
    let said = errors::refusal(&r);
    let refused = |said: Text| (CommandError::new(Kind::Refused, said), true);
    let usage = |said: Text| (CommandError::usage(said), false);
    match r {
        Refusal::UnknownCycle {
            ref id, ref known, ..
        } => {
            // As a read naming an unknown cycle says it (`unknown_cycle`).
            let near = nearest(id, known.iter().map(String::as_str));
            let (mut e, written) = usage(said);
            if !near.is_empty() {
                e = e.hint(errors::did_you_mean(errors::or_list(&near)));
            }
            (e.hint(errors::list_cycles()), written)
        }
        Refusal::NotClosedBy { .. } => {
            let (e, written) = usage(said);
            (e.hint(errors::list_cycles()), written)
        }
        Refusal::CycleClosed { .. } => {
            let (e, written) = refused(said);
            (e.hint(errors::open_next_cycle()), written)
        }
        Refusal::Role(Refused::UnknownActor { ref actor }) => {
            let (e, written) = refused(said);
            (e.hint(errors::add_to_team(actor)), written)
        }
        Refusal::Role(Refused::OnBehalf { .. } | Refused::NoReference) => {
            let (e, written) = refused(said);
            (e.hint(errors::record_on_behalf()), written)
        }
        Refusal::Role(_) => {
            let (e, written) = refused(said);
            (e.hint(errors::team_roles()), written)
        }
        Refusal::Signature(ref why) => {
            use dossier::signatures::Unsigned;
            let hint = match why {
                Unsigned::Missing { has_key: true, .. } | Unsigned::RequireUnsigned => {
                    errors::sign_with_key()
                }
                Unsigned::Missing { actor, .. } | Unsigned::UnknownKey { actor } => {
                    errors::declare_key(actor)
                }
                Unsigned::NotActorsKey { actor } => errors::sign_with_own_key(actor),
                Unsigned::TeamPart { .. } => errors::team_parts(),
                Unsigned::AnssiMember => errors::record_on_behalf(),
                Unsigned::NoKey { .. } => errors::give_public_key(),
            };
            let (e, written) = refused(said);
            (e.hint(hint), written)
        }
        Refusal::UnknownRequirement {
            ref nearest,
            ref referential,
            ..
        } => {
            let grid = if *referential == loaded.base.referential {
                errors::grid_lists()
            } else {
                errors::grid_in_lists(referential)
            };
            let (e, written) = usage(said);
            (with_nearest(e, nearest).hint(grid), written)
        }
        Refusal::UnknownCheck { ref checks, .. } => {
            let its = if checks.is_empty() {
                errors::its_checks_none()
            } else {
                errors::its_checks(&checks.join(", "))
            };
            let (e, written) = usage(said);
            (e.hint(its), written)
        }
        Refusal::Heading { .. } => {
            let (e, written) = usage(said);
            (e.hint(errors::show_sub_items()), written)
        }
        Refusal::UnknownEvidence { ref nearest, .. } => {
            let (e, written) = usage(said);
            (
                with_nearest(e, nearest).hint(errors::list_evidence()),
                written,
            )
        }
        Refusal::UnknownFinding { ref nearest, .. } => {
            let (e, written) = usage(said);
            (
                with_nearest(e, nearest).hint(errors::list_findings()),
                written,
            )
        }
        Refusal::DuplicateId { .. } | Refusal::InTheFuture { .. } => usage(said),
        Refusal::UnknownBase { .. } => {
            let (e, written) = usage(said);
            (e.hint(errors::declare_base()), written)
        }
        Refusal::BaseDeclared { .. } => {
            let (e, written) = usage(said);
            (e.hint(errors::choose_base_id()), written)
        }
        Refusal::OutOfScope { .. } => {
            let (e, written) = refused(said);
            (e.hint(errors::plan_only()), written)
        }
        Refusal::UnknownEntry { ref nearest, .. } => {
            let (e, written) = usage(said);
            (
                with_nearest(e, nearest).hint(errors::list_history()),
                written,
            )
        }
        Refusal::ConformWithOpenFinding { .. } => {
            let (e, written) = refused(said);
            (e.hint(errors::close_finding_first()), written)
        }
        Refusal::Apply(ApplyError::Ledger(ref e)) => {
            let hint = match e {
                LedgerError::Plan {
                    status: "not generated yet",
                    ..
                } => Some(errors::plan_generate_draft()),
                LedgerError::Lifecycle { .. } => Some(errors::finding_show()),
                _ => None,
            };
            let kind = match e {
                LedgerError::UnknownFinding(_) | LedgerError::UnknownEvidence(_) => Kind::Usage,
                _ => Kind::Refused,
            };
            let mut err = CommandError::new(kind, said);
            if let Some(h) = hint {
                err = err.hint(h);
            }
            (err, true)
        }
        Refusal::RetractRetraction { .. } | Refusal::Apply(_) | Refusal::BreaksLater { .. } => {
            refused(said)
        }
        Refusal::UnknownReferential { ref id } => (unknown_referential(id, &loaded.base), false),
        Refusal::ReferentialInUse { .. } => {
            let (e, written) = refused(said);
            (e.hint(errors::switch_later()), written)
        }
        Refusal::NotInScope { ref id, .. } => {
            let (e, written) = refused(said);
            (e.hint(errors::put_in_scope(id)), written)
        }
        Refusal::AboveLevel {
            ref referential, ..
        } => {
            let (e, written) = refused(said);
            (e.hint(errors::assess_reinforced(referential)), written)
        }
        Refusal::SwitchToBeside { .. } => {
            let (e, written) = usage(said);
            (e.hint(errors::keep_beside()), written)
        }
        Refusal::AddOwn { .. } => {
            let (e, written) = usage(said);
            (e.hint(errors::list_referentials()), written)
        }
        Refusal::Journey(j) => journey_cmd::refusal_error(j, loaded),
    }
}

/// An imported file (`rendered`, from `source`) put at `rel` with the `Import` entry that records
/// it, under one lock, the entry last: if the entry cannot be written, the file is put back as it
/// was. Returns the file's path.
pub fn record_import(
    ctx: &mut Ctx,
    ws: &storage::Workspace,
    id: &str,
    rel: &str,
    rendered: &str,
    source: &std::path::Path,
) -> Result<PathBuf, CommandError> {
    let date = ctx.today();
    let mut replaced: Option<Option<String>> = None;
    let result = write_locked(
        ctx,
        |_, _| {
            let act = Act::Import {
                referential: id.to_owned(),
                sha256: storage::sha256_hex(rendered.as_bytes()),
                source: source.display().to_string(),
            };
            Ok((Write::new(date, None, act), ()))
        },
        |(), _| {
            let (path, previous) = ws.save_import(rel, rendered)?;
            replaced = Some(previous);
            Ok(path)
        },
    );
    match result {
        Ok((_, path)) => Ok(path),
        Err(e) => {
            if let Some(previous) = replaced {
                ws.restore_import(rel, previous.as_deref())?;
            }
            Err(e)
        }
    }
}

/// Options of every command that records something: when it happened, a note, the cycle, the
/// output format.
#[derive(Debug, clap::Args)]
pub struct WriteArgs {
    /// The real-world date (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::ctx::parse_date)]
    pub date: Option<NaiveDate>,
    /// A comment recorded with the act: why, on what basis (history, reports).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Record into this evaluation cycle (default: the current one), e.g. back-filling an earlier open one.
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::cycles), long, value_name = "ID")]
    pub cycle: Option<String>,
    /// Record into a closed cycle anyway (needs --note).
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub format: crate::ctx::FormatArg,
}

impl WriteArgs {
    /// The date given, or today; never after today.
    pub fn date(&self, ctx: &Ctx) -> Result<NaiveDate, CommandError> {
        let today = ctx.today();
        let date = self.date.unwrap_or(today);
        if date > today {
            return Err(CommandError::usage(errors::date_after_today(date, today)));
        }
        Ok(date)
    }
}

/// Prose options (`--note`, `--description`, `--reserves`, …): trimmed, absent when empty;
/// line breaks and tabs kept, any other control or bidirectional control character refused
/// (exit 2, naming `option`).
pub fn text(option: &str, s: Option<String>) -> Result<Option<String>, CommandError> {
    let Some(s) = s else { return Ok(None) };
    let t = crate::input::clean_text(option, &s, crate::input::Shape::Lines)?;
    Ok(Some(t).filter(|t| !t.is_empty()))
}

/// One-line text options (titles, names, owners, actors): trimmed; a line break, a tab, any
/// other control or bidirectional control character refused (exit 2, naming `option`).
pub fn line(option: &str, s: &str) -> Result<String, CommandError> {
    crate::input::clean_text(option, s, crate::input::Shape::Line)
}

/// Names the history file behind a replay error.
pub fn replay_error(history: &History, e: &ReplayError) -> CommandError {
    let path = history
        .records
        .iter()
        .filter(|entry| matches!(entry.act, Act::Journey { .. }))
        .nth(e.position)
        .map(|entry| entry.label.clone())
        .unwrap_or_default();
    CommandError::new(
        Kind::Data,
        errors::journal_unreplayable(&path, &e.event, e.date, errors::apply_reason(&e.reason)),
    )
    .hint(errors::history_edited())
}
