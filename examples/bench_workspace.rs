//! Builds a deterministic benchmark workspace: the whole life of a fictional service's
//! SecNumCloud qualification, about `N` history entries long.
//!
//! ```text
//! cargo run --release --example bench_workspace -- DIR --entries N [--check | --check-every K]
//!     [--stage TMPDIR | --no-stage] [--verbose]
//! ```
//!
//! The life is told in the order things happened and written through the storage crate's own
//! writer (`Workspace::append_all`, in batches), so the journal is what jalon itself writes:
//!
//! - under about 700 entries, an initial evaluation under way (plan validated, part of the grid
//!   assessed, a few findings);
//! - from there, a complete initial evaluation: every applicable requirement of the referential
//!   assessed check by check, findings opened, planned, remediated and closed, evidence, up to
//!   the qualification decision; then the next surveillance audit, under way;
//! - from 4000 entries, a long life: after the initial evaluation, periods of two yearly
//!   surveillance audits (one in three fails and is followed by a complementary audit) and a
//!   renewal, up to twelve of them from the early 1990s, each cycle with its plan, verdicts,
//!   findings and evidence; the last one, a surveillance audit, is under way.
//!
//! The last entry is dated on or before 2026-11-30. Evidence files are real files under
//! `evidence/` (a few hundred bytes to a few KB, and a handful of 1–4 MB logs), recorded with
//! their SHA-256 and size as `jalon evidence add --copy` does. The same `N` gives the same files,
//! byte for byte: no clock, no randomness but a fixed-seed generator.
//!
//! Storage syncs every entry it writes (on a disk, 2 ms each: minutes for 100 000), so the
//! workspace is built in a RAM file system (`/dev/shm` when there is one, or `--stage TMPDIR`)
//! and then copied to `DIR` file by file, unchanged; `--no-stage` builds it in `DIR` itself.
//! `--verbose` says, on stderr, how many entries each cycle got.
//!
//! The journal is replayed before it is written, and must hold together (`jalon verify`'s test).
//! `--check` also puts every entry through the single check of every write (`dossier::check`:
//! roles, scopes, guards), against the entries before it, as the command line would have: that
//! costs a replay of the journal per entry, so use `--check-every K` for large sizes (every K-th
//! entry, and every journey event, plan act and team change).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveTime, TimeDelta, Utc, Weekday};
use dossier::CycleKind;
use grid::{
    Confidentiality, EvidenceLocation, FindingStatus, GridView, Ledger, Phase, Referential,
    RequirementKind, Role, ServiceKind, Severity, Verdict,
};
use storage::{
    Act, FindingChange, Manifest, Member, NewEntry, OnBehalf, PlanAct, PlanItemFile, Workspace,
};

const USAGE: &str = "usage: bench_workspace DIR --entries N [--check | --check-every K] \
                     [--stage TMPDIR | --no-stage] [--verbose]   (N >= 50)";

const OFFICER: &str = "officer@bench-cloud.example";
const LEAD: &str = "lead@cesti-bench.example";
const EVALUATOR: &str = "evaluator@cesti-bench.example";
const EVALUATOR2: &str = "evaluator2@cesti-bench.example";
/// Joins the team at the first renewal.
const EVALUATOR3: &str = "evaluator3@cesti-bench.example";

/// Entries per `append_all` call (one sync of the history folder each).
const BATCH: usize = 1000;
/// The smallest size that makes sense (the opening of an evaluation and a few acts).
const MIN_ENTRIES: usize = 50;
/// From this size the initial evaluation is complete, up to the decision.
const COMPLETE_FROM: usize = 700;
/// From this size the life goes on for periods of surveillance audits and a renewal.
const PERIODS_FROM: usize = 4000;
/// About how many entries a period holds, before the calendar runs out of years.
const ENTRIES_PER_PERIOD: usize = 4500;
/// As many periods as fit between 1990 and 2026 (each about 34 months).
const MAX_PERIODS: usize = 12;
/// The evidence files (1-based, in the order collected) that are large logs.
const LARGE_EVIDENCE: [usize; 8] = [10, 200, 1000, 4000, 10_000, 20_000, 30_000, 40_000];

/// The last day anything may be dated.
fn last_day() -> NaiveDate {
    ymd(2026, 11, 30)
}

/// The day the whole journal is checked as of (the benchmark's `JALON_TODAY`).
fn check_day() -> NaiveDate {
    ymd(2026, 12, 1)
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

struct Args {
    dir: PathBuf,
    entries: usize,
    /// Check every K-th entry with `dossier::check` (`--check`: every one).
    check_every: Option<usize>,
    /// Where to build the workspace before copying it to `dir` (`None`: in `dir` itself).
    stage: Option<PathBuf>,
    /// Say how many entries each cycle got, on stderr.
    verbose: bool,
}

/// The default staging place: a RAM file system, where the sync of every entry costs nothing.
const RAM_DIR: &str = "/dev/shm";

fn parse_args() -> Result<Args, String> {
    let mut dir = None;
    let mut entries = None;
    let mut check_every = None;
    let mut stage = Some(PathBuf::from(RAM_DIR)).filter(|p| p.is_dir());
    let mut verbose = false;
    let mut args = std::env::args().skip(1);
    let number = |flag: &str, v: Option<String>| -> Result<usize, String> {
        let v = v.ok_or(format!("{flag} needs a number"))?;
        v.parse::<usize>().map_err(|e| format!("{flag} {v}: {e}"))
    };
    while let Some(a) = args.next() {
        match a.as_str() {
            "--entries" | "-n" => entries = Some(number("--entries", args.next())?),
            "--check" => check_every = Some(1),
            "--check-every" => check_every = Some(number("--check-every", args.next())?.max(1)),
            "--stage" => stage = Some(PathBuf::from(args.next().ok_or("--stage needs a folder")?)),
            "--no-stage" => stage = None,
            "--verbose" | "-v" => verbose = true,
            "-h" | "--help" => return Err("builds a benchmark workspace".to_owned()),
            s if s.starts_with('-') => return Err(format!("unknown option {s}")),
            s if dir.is_none() => dir = Some(PathBuf::from(s)),
            s => return Err(format!("unexpected argument {s}")),
        }
    }
    let entries = entries.ok_or("--entries N is required")?;
    if entries < MIN_ENTRIES {
        return Err(format!("--entries must be at least {MIN_ENTRIES}"));
    }
    Ok(Args {
        dir: dir.ok_or("DIR is required")?,
        entries,
        check_every,
        stage,
        verbose,
    })
}

// The example writes, prints and reads folders itself: it is a tool, not jalon's code.
#[allow(clippy::print_stdout, clippy::print_stderr)]
fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("bench_workspace: {e}\n{USAGE}");
            std::process::exit(2);
        }
    };
    if !is_absent_or_empty(&args.dir) {
        eprintln!(
            "bench_workspace: {} exists and is not empty; give a new or empty folder",
            args.dir.display()
        );
        std::process::exit(1);
    }
    // Built aside (every entry is synced as it is written: on a disk, minutes for 100 000), then
    // copied as is: the same bytes, names and folders.
    let staged = args.stage.as_ref().map(|parent| {
        tempfile::Builder::new()
            .prefix(".bench-workspace-")
            .tempdir_in(parent)
            .unwrap_or_else(|e| panic!("create a folder in {}: {e}", parent.display()))
    });
    let root = staged
        .as_ref()
        .map_or_else(|| args.dir.clone(), |t| t.path().to_owned());
    let ws = Workspace::create(&root, &manifest()).expect("create the workspace");
    let referential = ws
        .referential(&ws.manifest().referential)
        .expect("load the referential")
        .expect("the referential is embedded");
    let mut life = Life::new(&referential, ws.manifest(), ws.root());
    life.verbose = args.verbose;
    life.tell(args.entries);
    let entries = life.entries();
    let count = entries.len();
    check(&ws, &referential, &entries, args.check_every);
    let history_bytes = write(&ws, entries);
    let manifest_bytes = file_size(&ws.root().join(storage::MANIFEST));
    if let Some(staged) = staged {
        copy_tree(staged.path(), &args.dir);
    }
    println!(
        "{}: {count} history entries, {} evidence files, {} bytes written ({history_bytes} of history, {} of evidence)",
        args.dir.display(),
        life.evidence_files,
        history_bytes + life.evidence_bytes + manifest_bytes,
        life.evidence_bytes
    );
}

/// The service, its evaluation centre and its team (a declared team: the role rules hold).
fn manifest() -> Manifest {
    let mut m = Manifest::new(
        "Bench Cloud SAS".to_owned(),
        "Bench Compute".to_owned(),
        vec![ServiceKind::Iaas, ServiceKind::Caas],
    );
    m.evaluation_centre = Some("CESTI Bench".to_owned());
    m.team = [
        (OFFICER, Role::Provider),
        (LEAD, Role::LeadEvaluator),
        (EVALUATOR, Role::Evaluator),
        (EVALUATOR2, Role::Evaluator),
    ]
    .into_iter()
    .map(|(actor, role)| Member {
        actor: actor.to_owned(),
        role,
        public_key: None,
    })
    .collect();
    m
}

// ---------------------------------------------------------------------------------------------
// Files: the example's own fixture files (jalon's code goes through storage).

/// Whether `dir` is absent or an empty folder.
#[allow(clippy::disallowed_methods)]
fn is_absent_or_empty(dir: &Path) -> bool {
    match std::fs::read_dir(dir) {
        Ok(mut rd) => rd.next().is_none(),
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
    }
}

/// Writes an evidence file (not synced: a fixture, rebuilt if lost).
#[allow(clippy::disallowed_methods)]
fn write_fixture(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create the evidence folder");
    }
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// Copies the folder `from` into `to` (created if absent), files as they are.
#[allow(clippy::disallowed_methods)]
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("create {}: {e}", to.display()));
    let entries =
        std::fs::read_dir(from).unwrap_or_else(|e| panic!("list {}: {e}", from.display()));
    for entry in entries {
        let entry = entry.unwrap_or_else(|e| panic!("list {}: {e}", from.display()));
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        if source.is_dir() {
            copy_tree(&source, &target);
        } else {
            std::fs::copy(&source, &target).unwrap_or_else(|e| {
                panic!("copy {} to {}: {e}", source.display(), target.display())
            });
        }
    }
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("stat {}: {e}", path.display()))
        .len()
}

/// Appends the entries through the storage crate's writer, in batches; returns the bytes written.
fn write(ws: &Workspace, entries: Vec<NewEntry>) -> u64 {
    let lock = ws.lock().expect("take the writers' lock");
    let mut history = ws.history().expect("read the new workspace's history");
    let mut bytes = 0;
    let mut entries = entries.into_iter().peekable();
    while entries.peek().is_some() {
        let batch: Vec<NewEntry> = entries.by_ref().take(BATCH).collect();
        let written = ws
            .append_all(&lock, &mut history, batch, None)
            .expect("append a batch of entries");
        bytes += written
            .iter()
            .map(|rel| file_size(&ws.root().join(rel)))
            .sum::<u64>();
    }
    bytes
}

// ---------------------------------------------------------------------------------------------
// Checking: the journal replays cleanly, and (`--check`) every act passes the check of a write.

/// Panics unless the journal holds together; with `every`, also checks every `every`-th entry,
/// every journey event, plan act and team change, and the last entry, as a command would have
/// before writing it.
fn check(ws: &Workspace, referential: &Referential, entries: &[NewEntry], every: Option<usize>) {
    let workflow = ws.workflow().expect("load the workflow");
    let base = ws.manifest().settings();
    let referentials = BTreeMap::from([(referential.id.clone(), referential.clone())]);
    let inputs = dossier::Inputs {
        workflow: &workflow,
        base: &base,
        referentials: &referentials,
    };
    let records: Vec<dossier::Entry> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| dossier::Entry {
            label: format!("history/generated-{i:06}.ron"),
            recorded: e.recorded,
            actor: e.actor.clone(),
            on_behalf_of: e.on_behalf_of.clone(),
            date: e.date,
            note: e.note.clone(),
            cycle: e.cycle.clone(),
            signer: e.signer.clone(),
            act: e.act.clone(),
        })
        .collect();
    let d = dossier::Dossier::replay(inputs, &records, NaiveDate::MAX);
    if let Some(p) = d.problems.first().or(d.dangling.first()) {
        panic!(
            "the generated journal does not hold together: {}: {} ({} problems, {} dangling)",
            p.label,
            p.message,
            d.problems.len(),
            d.dangling.len()
        );
    }
    let Some(every) = every else { return };
    for (i, e) in records.iter().enumerate() {
        // The rare acts (events, plans, the team) carry the guards: always checked.
        let rare = matches!(
            e.act,
            Act::Journey { .. } | Act::Plan { .. } | Act::Team { .. }
        );
        if !rare && i % every != 0 && i + 1 != records.len() {
            continue;
        }
        // As a command drafts it: an event that opens a cycle names none (the check derives it).
        let mut entry = e.clone();
        if opens_cycle(&workflow, &entry.act) {
            entry.cycle = None;
        }
        let draft = dossier::Draft {
            entry,
            force: false,
        };
        match dossier::check(inputs, &records[..i], draft, check_day()) {
            Ok(checked) if checked.entry.act == e.act && checked.entry.cycle == e.cycle => {}
            Ok(checked) => panic!(
                "entry {i} is recorded differently once checked: {:?} in {:?}, not {:?} in {:?}",
                checked.entry.act, checked.entry.cycle, e.act, e.cycle
            ),
            Err(refusal) => panic!(
                "entry {i} ({} by {} in {:?}) would be refused: {refusal}\n{:?}",
                e.date, e.actor, e.cycle, e.act
            ),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The calendar of the life: which cycles, when, with how many entries each.

/// How a surveillance audit ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Passed,
    Failed,
    /// Still under way at the end of the journal.
    Ongoing,
}

#[derive(Clone, Copy, Debug)]
enum Shape {
    /// The initial evaluation or a renewal, up to the decision (`complete`) or under way.
    Evaluation { kind: CycleKind, complete: bool },
    /// A surveillance audit; `complementary`: the one after a failed audit.
    Surveillance {
        outcome: Outcome,
        complementary: bool,
    },
}

#[derive(Clone, Copy, Debug)]
struct Spec {
    shape: Shape,
    start: NaiveDate,
    /// The decision, or the audit's last day.
    end: NaiveDate,
    /// Its share of the whole journal.
    weight: u32,
}

/// The first working day on or after `d`.
fn working(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => d + Days::new(2),
        Weekday::Sun => d + Days::new(1),
        _ => d,
    }
}

fn months(d: NaiveDate, n: u32) -> NaiveDate {
    working(d + Months::new(n))
}

fn days(d: NaiveDate, n: u64) -> NaiveDate {
    working(d + Days::new(n))
}

/// The cycles of a life with `periods` periods after the initial evaluation, from `start`.
fn calendar(start: NaiveDate, periods: usize) -> Vec<Spec> {
    let surveillance = |outcome, complementary, start: NaiveDate, length: u64, weight| Spec {
        shape: Shape::Surveillance {
            outcome,
            complementary,
        },
        start,
        end: days(start, length),
        weight,
    };
    let mut specs = Vec::new();
    let mut decision = months(start, 15);
    specs.push(Spec {
        shape: Shape::Evaluation {
            kind: CycleKind::Initial,
            complete: true,
        },
        start,
        end: decision,
        weight: 6,
    });
    for p in 0..periods {
        specs.push(surveillance(
            Outcome::Passed,
            false,
            months(decision, 10),
            35,
            2,
        ));
        let second = months(decision, 20);
        if p % 3 == 1 {
            specs.push(surveillance(Outcome::Failed, false, second, 35, 2));
            specs.push(surveillance(Outcome::Passed, true, days(second, 49), 21, 1));
        } else {
            specs.push(surveillance(Outcome::Passed, false, second, 35, 2));
        }
        let renewal = months(decision, 23);
        let next = months(decision, 34);
        specs.push(Spec {
            shape: Shape::Evaluation {
                kind: CycleKind::Renewal,
                complete: true,
            },
            start: renewal,
            end: next,
            weight: 6,
        });
        decision = next;
    }
    specs.push(surveillance(
        Outcome::Ongoing,
        false,
        months(decision, 10),
        24,
        1,
    ));
    specs
}

/// The cycles of a life of about `n` entries, ending on or before [`last_day`].
fn schedule(n: usize) -> Vec<Spec> {
    if n < COMPLETE_FROM {
        return vec![Spec {
            shape: Shape::Evaluation {
                kind: CycleKind::Initial,
                complete: false,
            },
            start: working(ymd(2026, 3, 2)),
            end: working(ymd(2026, 11, 27)),
            weight: 1,
        }];
    }
    let periods = if n < PERIODS_FROM {
        0
    } else {
        (n / ENTRIES_PER_PERIOD).clamp(1, MAX_PERIODS)
    };
    // The latest start whose life ends in time (working days shift each date a little).
    let span = 15 + 34 * periods as u32 + 10 + 1;
    let mut first = ymd(2026, 11, 2) - Months::new(span);
    loop {
        let specs = calendar(working(first), periods);
        if specs.last().is_some_and(|s| s.end <= last_day()) {
            return specs;
        }
        first = first - Months::new(1);
    }
}

// ---------------------------------------------------------------------------------------------
// Deterministic choices.

/// SplitMix64 with a fixed seed: the same choices every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

const WORDS: &[&str] = &[
    "access",
    "account",
    "administration",
    "audit",
    "backup",
    "bastion",
    "change",
    "cluster",
    "configuration",
    "continuity",
    "control",
    "data",
    "encryption",
    "firewall",
    "hypervisor",
    "incident",
    "inventory",
    "key",
    "log",
    "monitoring",
    "network",
    "patch",
    "policy",
    "procedure",
    "review",
    "risk",
    "rotation",
    "sample",
    "security",
    "segregation",
    "storage",
    "supplier",
    "test",
    "training",
    "vulnerability",
    "zone",
];

/// Kinds of evidence: kind, file extension, who collects it, titles.
const EVIDENCE_KINDS: &[(&str, &str, &str, &[&str])] = &[
    (
        "document",
        "txt",
        OFFICER,
        &[
            "Information security policy",
            "Risk analysis",
            "Business continuity plan",
            "Personnel security charter",
            "Change management procedure",
            "Incident response procedure",
            "Cryptography policy",
            "Supplier security clauses",
        ],
    ),
    (
        "configuration",
        "conf",
        OFFICER,
        &[
            "Firewall rule export",
            "Hypervisor cluster inventory",
            "Administration bastion configuration",
            "Storage array inventory",
            "Network zoning export",
        ],
    ),
    (
        "report",
        "txt",
        OFFICER,
        &[
            "Access review minutes",
            "Backup restore test report",
            "Vulnerability scan report",
            "Penetration test summary",
            "Continuity exercise report",
            "Patch status report",
        ],
    ),
    (
        "interview-notes",
        "txt",
        EVALUATOR,
        &[
            "Interview notes: operations team",
            "Interview notes: security officer",
            "Interview notes: network team",
        ],
    ),
];

const NONCONFORMITIES: &[&str] = &[
    "Inventory incomplete",
    "Annual access review missing",
    "Patches applied beyond the policy's delay",
    "Log retention shorter than required",
    "Restore test not performed",
    "Shared administration account in use",
    "Firewall rules not reviewed",
    "Key rotation overdue",
    "Security clauses missing from a supplier contract",
    "Incident procedure never exercised",
    "Production and test share equipment",
    "Awareness training incomplete",
];

const OBSERVATIONS: &[&str] = &[
    "Documentation could be clearer",
    "Review cadence could be shortened",
    "Evidence only partly dated",
    "Monitoring threshold set high",
    "Procedure owner not named",
];

const ACTIONS: &[&str] = &[
    "Complete the records and add the check to the compliance calendar.",
    "Run the missing review and schedule it every year.",
    "Fix the configuration and add a control to the change procedure.",
    "Train the team concerned and follow up attendance.",
    "Separate the equipment and update the architecture file.",
];

const OWNERS: &[&str] = &[
    "CISO",
    "Infrastructure manager",
    "Operations manager",
    "Asset manager",
    "Network manager",
    "HR manager",
];

const ROOT_CAUSES: &[&str] = &[
    "The task was not in the compliance calendar.",
    "A tool's default setting was kept.",
    "Equipment bought outside the usual purchase process.",
    "Sessions scheduled during the holidays.",
    "Capacity shortage during a migration.",
];

// ---------------------------------------------------------------------------------------------
// The life itself.

/// An act waiting for its date (given when its phase is laid out on the calendar).
struct Pending {
    actor: &'static str,
    /// The reference of an ANSSI act, recorded by the officer on ANSSI's behalf.
    anssi: Option<String>,
    note: Option<String>,
    cycle: String,
    act: Act,
}

/// An act with its date.
struct Draft {
    date: NaiveDate,
    pending: Pending,
}

/// A finding still open, as the life tracks it.
#[derive(Clone, Debug)]
struct Open {
    requirement: String,
    severity: Severity,
    status: FindingStatus,
}

/// One checked item of a cycle's plan: a requirement's check, and its phase.
#[derive(Clone, Debug)]
struct Item {
    requirement: String,
    check: String,
    phase: Phase,
}

/// How a cycle's entries beyond its fixed acts and its verdicts are shared.
#[derive(Clone, Copy, Debug, Default)]
struct Extras {
    evidence: usize,
    /// Non-conformities: a nonconform verdict, the finding, its plan, remediation, closure and the
    /// verdicts again.
    nonconformities: usize,
    /// Requirement-level verdicts concluding on requirements whose checks are all conform.
    conclusions: usize,
    observations: usize,
}

impl Extras {
    /// Shares `extra` entries of a cycle with `requirements` requirements to assess.
    fn share(extra: usize, requirements: usize) -> Extras {
        let evidence = extra * 40 / 100;
        let nonconformities = (extra * 25 / 100 / 6).min(requirements / 4);
        let conclusions = (extra * 15 / 100).min(requirements.saturating_sub(nonconformities));
        let left = extra.saturating_sub(evidence + 6 * nonconformities + conclusions);
        Extras {
            evidence,
            nonconformities,
            conclusions,
            observations: left * 2 / 5,
        }
    }
}

/// The life being told: the acts so far, and what they left open.
struct Life<'r> {
    referential: &'r Referential,
    kinds: Vec<ServiceKind>,
    /// The workspace's folder, for the evidence files.
    root: PathBuf,
    /// The acts dated so far, in recording order, and those waiting for their date.
    drafts: Vec<Draft>,
    pending: Vec<Pending>,
    /// The cycle acts go to, and the ids given so far.
    cycle: String,
    cycles: Vec<String>,
    /// Findings still open, by id.
    open: BTreeMap<String, Open>,
    /// Findings opened so far (the number of the latest id).
    findings: usize,
    /// Evidence files written so far (the number of the latest id), and their bytes.
    evidence_files: usize,
    evidence_bytes: u64,
    /// The latest evidence collected, for verdicts to cite.
    latest_evidence: Option<String>,
    /// Requirements declared not applicable, and inherited from the hosting provider.
    not_applicable: BTreeSet<String>,
    inherited: BTreeSet<String>,
    /// The evaluators chapters are given to, in turn.
    evaluators: Vec<&'static str>,
    /// Surveillance audits so far but complementary ones (whose chapters come next).
    surveillances: usize,
    rng: Rng,
    /// Say how many entries each cycle got, on stderr.
    verbose: bool,
}

impl<'r> Life<'r> {
    fn new(referential: &'r Referential, manifest: &Manifest, root: &Path) -> Life<'r> {
        let kinds = manifest.kinds.clone();
        let applicable_in = |chapter: &str| -> Vec<String> {
            referential
                .requirements
                .iter()
                .filter(|r| referential.chapters[r.chapter].id == chapter)
                .filter(|r| applicable(r, &kinds))
                .map(|r| r.id.clone())
                .collect()
        };
        // Physical security of the data centres comes with the qualified hosting underneath; no
        // pre-production environment.
        let inherited = applicable_in("11").into_iter().take(2).collect();
        let not_applicable = applicable_in("14").into_iter().last().into_iter().collect();
        Life {
            referential,
            kinds,
            root: root.to_owned(),
            drafts: Vec::new(),
            pending: Vec::new(),
            cycle: "initial".to_owned(),
            cycles: Vec::new(),
            open: BTreeMap::new(),
            findings: 0,
            evidence_files: 0,
            evidence_bytes: 0,
            latest_evidence: None,
            not_applicable,
            inherited,
            evaluators: vec![EVALUATOR, EVALUATOR2],
            surveillances: 0,
            rng: Rng(0x6A61_6C6F_6E21),
            verbose: false,
        }
    }

    /// Tells a life of about `n` entries.
    fn tell(&mut self, n: usize) {
        let specs = schedule(n);
        let weights: u32 = specs.iter().map(|s| s.weight).sum();
        let last = specs.len() - 1;
        for (i, spec) in specs.iter().enumerate() {
            // The last cycle takes what is left, so that the whole comes close to `n`.
            let budget = if i == last {
                n.saturating_sub(self.drafts.len())
            } else {
                n * spec.weight as usize / weights as usize
            };
            let before = self.drafts.len();
            match spec.shape {
                Shape::Evaluation { kind, complete } => {
                    self.evaluation(kind, spec.start, spec.end, budget, complete);
                }
                Shape::Surveillance {
                    outcome,
                    complementary,
                } => self.surveillance(spec.start, spec.end, budget, outcome, complementary),
            }
            if self.verbose {
                let (first, last) = (spec.start, self.drafts.last().map(|d| d.date));
                #[allow(clippy::print_stderr)]
                {
                    eprintln!(
                        "{:<22} {first} .. {}  {:>6} entries (share {budget}), {:>7} in all",
                        self.cycle,
                        last.map(|d| d.to_string()).unwrap_or_default(),
                        self.drafts.len() - before,
                        self.drafts.len()
                    );
                }
            }
        }
        assert!(self.pending.is_empty(), "every act is dated");
        assert!(
            self.drafts.last().is_some_and(|d| d.date <= last_day()),
            "the life ends by {}",
            last_day()
        );
    }

    /// The entries to write, stamped: on their date from 08:00 UTC, a few seconds apart, always
    /// later than the one before.
    fn entries(&self) -> Vec<NewEntry> {
        let mut previous: Option<DateTime<Utc>> = None;
        let morning = NaiveTime::from_hms_opt(8, 0, 0).expect("a valid time");
        self.drafts
            .iter()
            .map(|d| {
                let day = d.date.and_time(morning).and_utc();
                let recorded = match previous {
                    Some(p) if p >= day => p + TimeDelta::seconds(7),
                    _ => day,
                };
                previous = Some(recorded);
                let p = &d.pending;
                NewEntry {
                    recorded,
                    actor: p.actor.to_owned(),
                    on_behalf_of: p.anssi.as_ref().map(|reference| OnBehalf {
                        role: Role::Anssi,
                        reference: reference.clone(),
                    }),
                    date: d.date,
                    note: p.note.clone(),
                    cycle: Some(p.cycle.clone()),
                    signer: None,
                    act: p.act.clone(),
                }
            })
            .collect()
    }

    // --- Laying acts on the calendar.

    fn push(&mut self, actor: &'static str, note: Option<String>, act: Act) {
        self.pending.push(Pending {
            actor,
            anssi: None,
            note,
            cycle: self.cycle.clone(),
            act,
        });
    }

    /// An act of ANSSI, recorded by the provider's officer with the reference it comes from.
    fn push_anssi(&mut self, reference: String, note: Option<String>, act: Act) {
        self.pending.push(Pending {
            actor: OFFICER,
            anssi: Some(reference),
            note,
            cycle: self.cycle.clone(),
            act,
        });
    }

    /// Dates the acts pushed since the last layout, spread evenly from `start` to `end` (working
    /// days, never before the entry before).
    fn lay_out(&mut self, start: NaiveDate, end: NaiveDate) {
        let span = (end - start).num_days().max(0) as u64;
        let n = self.pending.len() as u64;
        let mut floor = self.drafts.last().map_or(NaiveDate::MIN, |d| d.date);
        for (i, pending) in std::mem::take(&mut self.pending).into_iter().enumerate() {
            let date = working(start + Days::new(span * i as u64 / n.max(1))).max(floor);
            floor = date;
            self.drafts.push(Draft { date, pending });
        }
    }

    /// The date `permille` thousandths of the way from `start` to `end`.
    fn between(start: NaiveDate, end: NaiveDate, permille: i64) -> NaiveDate {
        working(start + TimeDelta::days((end - start).num_days() * permille / 1000))
    }

    // --- Acts.

    fn event(&mut self, actor: &'static str, event: &str, note: Option<String>) {
        self.push(actor, note, journey_act(event, None));
    }

    fn anssi_event(&mut self, event: &str, reference: &str, reserves: Option<String>) {
        let reference = format!("ANSSI letter {}-{reference}", self.cycle);
        self.push_anssi(reference, None, journey_act(event, reserves));
    }

    /// Opens a cycle of `kind` with `event` by `actor`: the cycle's id is the one the dossier
    /// derives. Returns the findings carried into it (still open).
    fn open_cycle(
        &mut self,
        kind: CycleKind,
        date: NaiveDate,
        actor: &'static str,
        event: &str,
        note: String,
    ) -> Vec<String> {
        let taken = |id: &str| self.cycles.iter().any(|c| c == id);
        let id = dossier::cycle_id(kind, date, &taken);
        self.cycles.push(id.clone());
        self.cycle = id;
        self.event(actor, event, Some(note));
        self.lay_out(date, date);
        self.open.keys().cloned().collect()
    }

    fn plan(&mut self, change: PlanAct, note: Option<String>) {
        self.push(
            LEAD,
            note,
            Act::Plan {
                referential: None,
                change,
            },
        );
    }

    fn plan_validated(&mut self) {
        let reference = format!("ANSSI e-mail {}-PLAN", self.cycle);
        self.push_anssi(
            reference,
            Some("Plan validated by ANSSI's qualification officer.".to_owned()),
            Act::Plan {
                referential: None,
                change: PlanAct::Validate,
            },
        );
    }

    /// Collects a piece of evidence: writes its file under `evidence/`, records its hash and size.
    fn evidence(&mut self) -> String {
        self.evidence_files += 1;
        let n = self.evidence_files;
        let id = format!("E-{n:04}");
        let large = LARGE_EVIDENCE.contains(&n);
        let (kind, ext, actor, titles) = if large {
            (
                "log",
                "log",
                OFFICER,
                &["Administration session log extract"][..],
            )
        } else {
            EVIDENCE_KINDS[self.rng.below(EVIDENCE_KINDS.len())]
        };
        let title = format!("{}, {} no. {n}", self.rng.pick(titles), self.cycle);
        let bytes = if large {
            self.log_text(&id, (1 << 20) + (n * 777_777) % (3 << 20))
        } else {
            let size = 300 + self.rng.below(3500);
            self.document_text(&id, &title, size)
        };
        let slug = title
            .split(',')
            .next()
            .unwrap_or("evidence")
            .to_ascii_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .split('-')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        let rel = format!("evidence/{id}-{slug}.{ext}");
        write_fixture(&self.root.join(&rel), &bytes);
        self.evidence_bytes += bytes.len() as u64;
        let confidentiality = match n % 5 {
            0 => Confidentiality::Restricted,
            1 => Confidentiality::Public,
            _ => Confidentiality::Internal,
        };
        self.push(
            actor,
            None,
            Act::Evidence {
                id: id.clone(),
                title,
                kind: kind.to_owned(),
                confidentiality,
                sha256: storage::sha256_hex(&bytes),
                size: bytes.len() as u64,
                location: EvidenceLocation::Copy(rel),
            },
        );
        self.latest_evidence = Some(id.clone());
        id
    }

    /// A text document of about `size` bytes.
    fn document_text(&mut self, id: &str, title: &str, size: usize) -> Vec<u8> {
        let mut text = format!(
            "Bench Cloud SAS — {title}\nReference {id}, cycle {}. Benchmark content.\n\n",
            self.cycle
        );
        let mut paragraph = 1;
        while text.len() < size {
            let words: Vec<&str> = (0..12).map(|_| self.rng.pick(WORDS)).collect();
            text.push_str(&format!("{paragraph}. {}.\n", words.join(" ")));
            paragraph += 1;
        }
        text.into_bytes()
    }

    /// A log extract of about `size` bytes.
    fn log_text(&mut self, id: &str, size: usize) -> Vec<u8> {
        let mut text = format!("# {id}: administration session log extract (benchmark)\n");
        let mut second = 0u64;
        while text.len() < size {
            second += 1 + self.rng.below(40) as u64;
            text.push_str(&format!(
                "{:>10} bastion-{:02} sshd[{}]: session opened for admin-{:03} from 10.{}.{}.{} ({})\n",
                second,
                self.rng.below(8),
                1000 + self.rng.below(60_000),
                self.rng.below(200),
                self.rng.below(4),
                self.rng.below(256),
                self.rng.below(256),
                self.rng.pick(WORDS)
            ));
        }
        text.into_bytes()
    }

    fn assess(
        &mut self,
        requirement: &str,
        check: Option<&str>,
        verdict: Verdict,
        note: Option<String>,
    ) {
        // One verdict in three cites the latest evidence.
        let evidence = match &self.latest_evidence {
            Some(e) if self.rng.below(3) == 0 => vec![e.clone()],
            _ => Vec::new(),
        };
        let actor = self.evaluator_of(requirement);
        self.push(
            actor,
            note,
            Act::Assess {
                referential: None,
                requirement: requirement.to_owned(),
                check: check.map(str::to_owned),
                verdict,
                evidence,
                justification: None,
                from: None,
            },
        );
    }

    /// The requirement-level verdicts of the requirements declared not applicable or inherited.
    fn out_of_scope_verdicts(&mut self, scope: Option<&BTreeSet<String>>) {
        let within = |id: &String| scope.is_none_or(|s| s.contains(id));
        for id in self.not_applicable.clone().iter().filter(|id| within(id)) {
            let actor = self.evaluator_of(id);
            self.push(
                actor,
                Some("No pre-production environment: test data are synthetic.".to_owned()),
                Act::Assess {
                    referential: None,
                    requirement: id.clone(),
                    check: None,
                    verdict: Verdict::NotApplicable,
                    evidence: Vec::new(),
                    justification: Some("no pre-production environment".to_owned()),
                    from: None,
                },
            );
        }
        for id in self.inherited.clone().iter().filter(|id| within(id)) {
            let actor = self.evaluator_of(id);
            self.push(
                actor,
                None,
                Act::Assess {
                    referential: None,
                    requirement: id.clone(),
                    check: None,
                    verdict: Verdict::Inherited,
                    evidence: Vec::new(),
                    justification: None,
                    from: Some("Bench Hosting (SecNumCloud-qualified hosting)".to_owned()),
                },
            );
        }
    }

    fn open_finding(&mut self, item: &Item, severity: Severity) -> String {
        self.findings += 1;
        let id = format!("F-{:04}", self.findings);
        let titles = if severity == Severity::Observation {
            OBSERVATIONS
        } else {
            NONCONFORMITIES
        };
        let title = format!(
            "{} ({} {})",
            self.rng.pick(titles),
            item.requirement,
            item.check
        );
        let evidence = match &self.latest_evidence {
            Some(e) if self.rng.below(2) == 0 => vec![e.clone()],
            _ => Vec::new(),
        };
        let actor = self.evaluator_of(&item.requirement);
        self.push(
            actor,
            None,
            Act::Finding {
                id: id.clone(),
                change: FindingChange::Open {
                    referential: None,
                    requirements: vec![item.requirement.clone()],
                    check: Some(item.check.clone()),
                    severity,
                    title,
                    description: Some(format!(
                        "Seen during cycle {} on check {} of {}.",
                        self.cycle, item.check, item.requirement
                    )),
                    evidence,
                },
            },
        );
        self.open.insert(
            id.clone(),
            Open {
                requirement: item.requirement.clone(),
                severity,
                status: FindingStatus::Open,
            },
        );
        id
    }

    fn plan_finding(&mut self, id: &str, due: NaiveDate) {
        let change = FindingChange::Plan {
            action: self.rng.pick(ACTIONS).to_owned(),
            owner: self.rng.pick(OWNERS).to_owned(),
            due,
            root_cause: Some(self.rng.pick(ROOT_CAUSES).to_owned()),
        };
        self.finding(OFFICER, id, change, None, FindingStatus::ActionPlanned);
    }

    fn remediate(&mut self, id: &str, evidence: Option<String>) {
        let change = FindingChange::Remediate {
            evidence: evidence.into_iter().collect(),
        };
        let note = Some("Corrective action carried out.".to_owned());
        self.finding(OFFICER, id, change, note, FindingStatus::Remediated);
    }

    fn close(&mut self, id: &str) {
        let actor = self.evaluator_of(&self.open[id].requirement.clone());
        let note = Some("Remediation verified.".to_owned());
        self.finding(actor, id, FindingChange::Close, note, FindingStatus::Closed);
    }

    fn withdraw(&mut self, id: &str) {
        let actor = self.evaluator_of(&self.open[id].requirement.clone());
        let note = Some("Raised in error after a closer look.".to_owned());
        self.finding(
            actor,
            id,
            FindingChange::Withdraw,
            note,
            FindingStatus::Withdrawn,
        );
    }

    fn finding(
        &mut self,
        actor: &'static str,
        id: &str,
        change: FindingChange,
        note: Option<String>,
        status: FindingStatus,
    ) {
        self.push(
            actor,
            note,
            Act::Finding {
                id: id.to_owned(),
                change,
            },
        );
        if status.is_open() {
            if let Some(f) = self.open.get_mut(id) {
                f.status = status;
            }
        } else {
            self.open.remove(id);
        }
    }

    /// Re-checks the findings carried into the cycle: remediated, verified and closed.
    fn settle_carried(&mut self, carried: &[String], due: NaiveDate) {
        for id in carried {
            let Some(f) = self.open.get(id).cloned() else {
                continue;
            };
            if f.status == FindingStatus::Open {
                self.plan_finding(id, due);
            }
            if f.status != FindingStatus::Remediated {
                let evidence = self.evidence();
                self.remediate(id, Some(evidence));
            }
            self.close(id);
        }
    }

    fn evaluator_of(&self, requirement: &str) -> &'static str {
        let chapter = self.referential.get(requirement).map_or(0, |r| r.chapter);
        self.evaluators[chapter % self.evaluators.len()]
    }

    /// The plan's items for `scope` (`None`: the whole applicable grid), as `jalon plan
    /// generate` makes them, documentary checks from `start`.
    fn plan_items(
        &self,
        scope: Option<&BTreeSet<String>>,
        start: NaiveDate,
    ) -> Vec<grid::PlanItem> {
        let ledger = Ledger::default();
        let view = GridView::scoped(self.referential, &self.kinds, &ledger, scope);
        grid::Plan::generate(&view, Some(start), Some(LEAD))
    }

    /// The items to assess: the plan's, less those of requirements out of scope by a verdict.
    fn to_assess(&self, items: &[grid::PlanItem]) -> Vec<Item> {
        items
            .iter()
            .filter(|i| {
                !self.not_applicable.contains(&i.requirement)
                    && !self.inherited.contains(&i.requirement)
            })
            .map(|i| Item {
                requirement: i.requirement.clone(),
                check: i.check.clone(),
                phase: i.phase,
            })
            .collect()
    }

    /// The ids of a chapter's requirements (what `plan assign CHAPTER` names).
    fn chapter_requirements(&self, chapter: usize) -> Vec<String> {
        self.referential
            .requirements
            .iter()
            .filter(|r| r.chapter == chapter)
            .map(|r| r.id.clone())
            .collect()
    }

    /// Gives each of `chapters` to an evaluator, in turn.
    fn assign(&mut self, chapters: &[usize]) {
        for &c in chapters {
            let evaluator = self.evaluators[c % self.evaluators.len()];
            let change = PlanAct::Assign {
                target: self.referential.chapters[c].id.clone(),
                requirements: self.chapter_requirements(c),
                evaluator: evaluator.to_owned(),
                phase: None,
                date: None,
            };
            self.plan(change, None);
        }
    }

    /// Assesses `items[range]` in order, opening the findings `faults` names on the way (by item
    /// index), with `evidence` pieces of evidence collected in between. Returns the findings
    /// opened, with their item's index.
    fn audit(
        &mut self,
        items: &[Item],
        range: std::ops::Range<usize>,
        faults: &[(usize, Severity)],
        evidence: usize,
    ) -> Vec<(usize, String)> {
        let mut opened = Vec::new();
        let mut collected = 0;
        let len = range.len();
        for (k, i) in range.enumerate() {
            while collected * len < evidence * (k + 1) {
                self.evidence();
                collected += 1;
            }
            let item = &items[i];
            let here: Vec<Severity> = faults
                .iter()
                .filter(|(at, _)| *at == i)
                .map(|(_, s)| *s)
                .collect();
            let nonconform = here.iter().any(|s| *s != Severity::Observation);
            let (verdict, note) = if nonconform {
                (
                    Verdict::Nonconform,
                    Some(format!("Check {} not met on the sample taken.", item.check)),
                )
            } else {
                (Verdict::Conform, None)
            };
            self.assess(&item.requirement, Some(&item.check), verdict, note);
            for severity in here {
                opened.push((i, self.open_finding(item, severity)));
            }
        }
        while collected < evidence {
            self.evidence();
            collected += 1;
        }
        opened
    }

    /// Which items get a finding, by index: `nonconformities` on distinct requirements (one in
    /// five major), each on the requirement's last item (a requirement with an open
    /// non-conformity cannot be found conform on its other checks), and `observations`, spread
    /// over the items (a check may get several).
    fn faults(
        &mut self,
        items: &[Item],
        nonconformities: usize,
        observations: usize,
    ) -> Vec<(usize, Severity)> {
        let mut faults = Vec::new();
        let n = items.len();
        if n == 0 {
            return faults;
        }
        let last: BTreeMap<&str, usize> = items
            .iter()
            .enumerate()
            .map(|(i, item)| (item.requirement.as_str(), i))
            .collect();
        let mut faulty: BTreeSet<&str> = BTreeSet::new();
        let offset = self.rng.below(n);
        for k in 0..nonconformities {
            let start = (offset + k * n / nonconformities.max(1)) % n;
            // The next requirement without a non-conformity yet.
            let Some(i) = (0..n)
                .map(|d| (start + d) % n)
                .find(|&i| !faulty.contains(items[i].requirement.as_str()))
            else {
                break;
            };
            let requirement = items[i].requirement.as_str();
            faulty.insert(requirement);
            let severity = if k % 5 == 0 {
                Severity::Major
            } else {
                Severity::Minor
            };
            faults.push((last[requirement], severity));
        }
        let offset = self.rng.below(n);
        for k in 0..observations {
            faults.push(((offset + k * n / observations) % n, Severity::Observation));
        }
        // Non-conformities first where both fall on one item.
        faults.sort_by_key(|(i, s)| (*i, *s == Severity::Observation));
        faults
    }

    /// After the audit: corrective actions planned, carried out and verified, the verdicts given
    /// again, observations settled, and conclusions on requirements no open finding names and
    /// that had no non-conformity. Leaves `keep_open` findings (by id) with their action planned
    /// only.
    fn follow_up(
        &mut self,
        items: &[Item],
        opened: &[(usize, String)],
        keep_open: &BTreeSet<String>,
        due: NaiveDate,
        evidence: usize,
        conclusions: usize,
    ) {
        let severity = |id: &str, open: &BTreeMap<String, Open>| open.get(id).map(|f| f.severity);
        for (n, (i, id)) in opened.iter().enumerate() {
            match severity(id, &self.open) {
                Some(Severity::Observation) if n % 10 == 9 => self.withdraw(id),
                Some(Severity::Observation) if n % 4 != 1 => self.close(id),
                Some(_) => self.plan_finding(id, due + Days::new(15 * (i % 5) as u64)),
                None => {}
            }
        }
        let mut nonconform: BTreeSet<&str> = BTreeSet::new();
        let mut collected = 0;
        for (i, id) in opened {
            let Some(severity) = severity(id, &self.open) else {
                continue;
            };
            let item = &items[*i];
            if severity != Severity::Observation {
                nonconform.insert(&item.requirement);
            }
            if keep_open.contains(id) {
                continue;
            }
            let proof = (collected < evidence).then(|| {
                collected += 1;
                self.evidence()
            });
            if self.open[id].status == FindingStatus::Open {
                self.plan_finding(id, due);
            }
            self.remediate(id, proof);
            self.close(id);
            if severity != Severity::Observation {
                let note = Some("Verified after the corrective action.".to_owned());
                self.assess(&item.requirement, Some(&item.check), Verdict::Conform, note);
                self.assess(&item.requirement, None, Verdict::Conform, None);
            }
        }
        while collected < evidence {
            self.evidence();
            collected += 1;
        }
        let named: BTreeSet<&str> = self
            .open
            .values()
            .map(|f| f.requirement.as_str())
            .chain(nonconform)
            .collect();
        let clean: Vec<String> = items
            .iter()
            .map(|i| i.requirement.clone())
            .filter(|r| !named.contains(r.as_str()))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .take(conclusions)
            .collect();
        for r in clean {
            let note = Some("Every check conform.".to_owned());
            self.assess(&r, None, Verdict::Conform, note);
        }
    }

    /// Collects evidence until the cycle begun at entry `begun` holds `budget` entries (counting
    /// the `still` acts yet to come).
    fn top_up(&mut self, begun: usize, budget: usize, still: usize) {
        while self.drafts.len() + self.pending.len() + still < begun + budget {
            self.evidence();
        }
    }

    /// The initial evaluation or a renewal, from its opening to the decision (when `complete`).
    fn evaluation(
        &mut self,
        kind: CycleKind,
        start: NaiveDate,
        decision: NaiveDate,
        budget: usize,
        complete: bool,
    ) {
        let at = |permille| Life::between(start, decision, permille);
        let initial = kind == CycleKind::Initial;
        let begun = self.drafts.len();
        let carried = if initial {
            self.open_cycle(
                kind,
                start,
                OFFICER,
                "request-submitted",
                "Qualification request and architecture file sent to ANSSI.".to_owned(),
            )
        } else {
            self.open_cycle(
                kind,
                start,
                OFFICER,
                "renewal-started",
                "Renewal: a full new evaluation; the current qualification stays valid.".to_owned(),
            )
        };
        if kind == CycleKind::Renewal && !self.evaluators.contains(&EVALUATOR3) {
            self.push(
                LEAD,
                None,
                Act::Team {
                    actor: EVALUATOR3.to_owned(),
                    role: Some(Role::Evaluator),
                    public_key: None,
                },
            );
            self.evaluators.push(EVALUATOR3);
        }

        // Strategy: the plan, its validation, J1.
        if initial {
            self.anssi_event("j0-accepted", "J0", None);
        }
        let documentary = at(400);
        let items = self.plan_items(None, documentary);
        self.plan(
            PlanAct::Generate {
                items: items.iter().map(PlanItemFile::from).collect(),
            },
            Some("Plan drawn up from the scope frozen at J0.".to_owned()),
        );
        let chapters: Vec<usize> = (0..self.referential.chapters.len()).collect();
        if complete {
            self.assign(&chapters);
        }
        self.plan(PlanAct::Submit, None);
        if initial {
            let reference = format!("ANSSI e-mail {}-CHANGES", self.cycle);
            self.push_anssi(
                reference,
                Some("ANSSI asks for a second evaluator on chapter 12.".to_owned()),
                Act::Plan {
                    referential: None,
                    change: PlanAct::RequestChanges,
                },
            );
            if let Some(c) = self.referential.chapters.iter().position(|c| c.id == "12") {
                let change = PlanAct::Assign {
                    target: "12".to_owned(),
                    requirements: self.chapter_requirements(c),
                    evaluator: EVALUATOR2.to_owned(),
                    phase: None,
                    date: None,
                };
                self.plan(change, None);
            }
            self.plan(PlanAct::Submit, None);
        }
        self.plan_validated();
        self.anssi_event("j1-accepted", "J1", None);
        self.lay_out(at(20), at(270));

        // How the budget is shared. The audit goes documentary checks first, then on-site.
        let mut assess = self.to_assess(&items);
        assess.sort_by_key(|i| i.phase != Phase::Documentary);
        let planned = self.drafts.len() - begun;
        let extras = if complete {
            let requirements: BTreeSet<&str> =
                assess.iter().map(|i| i.requirement.as_str()).collect();
            let fixed = planned + 6 + 3 * carried.len() + 3;
            Extras::share(
                budget.saturating_sub(fixed + assess.len()),
                requirements.len(),
            )
        } else {
            // Under way: part of the grid assessed, a few non-conformities, no conclusions yet.
            let extra = budget.saturating_sub(planned + 3 * carried.len());
            let evidence = extra * 35 / 100;
            let nonconformities = extra * 15 / 100 / 5;
            let verdicts = extra.saturating_sub(evidence + 5 * nonconformities);
            assess.truncate(verdicts.min(assess.len()));
            Extras {
                evidence,
                nonconformities,
                conclusions: 0,
                observations: 0,
            }
        };
        let faults = self.faults(&assess, extras.nonconformities, extras.observations);
        let evidence = |share: usize| extras.evidence * share / 100;
        let split = assess
            .iter()
            .position(|i| i.phase != Phase::Documentary)
            .unwrap_or(assess.len());

        // Collection, then the documentary audit.
        for _ in 0..evidence(30) {
            self.evidence();
        }
        self.lay_out(at(270), at(400));
        self.settle_carried(&carried, at(500));
        if complete {
            self.out_of_scope_verdicts(None);
        }
        let all_docs = complete || split == assess.len() && !assess.is_empty();
        let mut opened = self.audit(&assess, 0..split, &faults, evidence(25));
        if all_docs {
            self.event(
                EVALUATOR,
                "documentary-audit-done",
                Some("Documentary audit of every chapter.".to_owned()),
            );
        }
        self.lay_out(at(400), at(600));

        // The on-site audit.
        if all_docs && split < assess.len() {
            self.event(EVALUATOR, "onsite-audit-started", None);
            let onsite = self.audit(&assess, split..assess.len(), &faults, evidence(15));
            opened.extend(onsite);
            if complete {
                self.event(EVALUATOR, "onsite-audit-done", None);
            }
            self.lay_out(at(610), at(720));
        }

        // Follow-up: findings settled (but a minor one or two, left for the next audit).
        let keep_open: BTreeSet<String> = if complete {
            let minors: Vec<&String> = opened
                .iter()
                .map(|(_, id)| id)
                .filter(|id| self.open[*id].severity == Severity::Minor)
                .collect();
            minors
                .iter()
                .rev()
                .take(minors.len().div_ceil(10).min(2))
                .map(|s| (*s).clone())
                .collect()
        } else {
            // Under way: every other non-conformity still being dealt with.
            opened
                .iter()
                .skip(1)
                .step_by(2)
                .map(|(_, id)| id.clone())
                .collect()
        };
        let due = at(900);
        self.follow_up(
            &assess,
            &opened,
            &keep_open,
            due,
            extras
                .evidence
                .saturating_sub(evidence(30) + evidence(25) + evidence(15)),
            extras.conclusions,
        );
        self.top_up(begun, budget, if complete { 3 } else { 0 });
        self.lay_out(at(720), at(880));
        if !complete {
            return;
        }

        // The report, J2 and the decision.
        self.event(
            LEAD,
            "evaluation-report-delivered",
            Some("Evaluation report and form delivered to the sponsor and to ANSSI.".to_owned()),
        );
        self.lay_out(at(900), at(900));
        self.anssi_event("j2-accepted", "J2", None);
        self.lay_out(at(950), at(950));
        let reserves = (!keep_open.is_empty()).then(|| {
            let ids: Vec<&str> = keep_open.iter().map(String::as_str).collect();
            format!(
                "{} to be verified at the first surveillance audit",
                ids.join(", ")
            )
        });
        self.anssi_event("qualified", "QUAL", reserves);
        self.lay_out(decision, decision);
    }

    /// A surveillance audit from `start` to `end` (its plan's scope: a few chapters in turn and
    /// the findings carried into it; a complementary audit: the chapters of those findings).
    fn surveillance(
        &mut self,
        start: NaiveDate,
        end: NaiveDate,
        budget: usize,
        outcome: Outcome,
        complementary: bool,
    ) {
        let note = if complementary {
            "Complementary audit after the failed one."
        } else {
            "Yearly surveillance audit."
        };
        let begun = self.drafts.len();
        let carried = self.open_cycle(
            CycleKind::Surveillance,
            start,
            LEAD,
            "surveillance-audit-started",
            note.to_owned(),
        );
        let count = self.referential.chapters.len();
        let mut chapters: BTreeSet<usize> = BTreeSet::new();
        if complementary {
            for id in &carried {
                if let Some(r) = self.referential.get(&self.open[id].requirement) {
                    chapters.insert(r.chapter);
                }
            }
        } else {
            let k = (budget / 250).clamp(2, 8).min(count);
            let first = self.surveillances * k;
            chapters.extend((0..k).map(|j| (first + j) % count));
            self.surveillances += 1;
        }
        let chapters: Vec<usize> = chapters.into_iter().collect();
        let mut scope: BTreeSet<String> = chapters
            .iter()
            .flat_map(|&c| self.chapter_requirements(c))
            .collect();
        scope.extend(carried.iter().map(|id| self.open[id].requirement.clone()));
        let audit_start = days(start, 4);
        let items = self.plan_items(Some(&scope), audit_start);
        let chapter_ids: Vec<&str> = chapters
            .iter()
            .map(|&c| self.referential.chapters[c].id.as_str())
            .collect();
        let note = format!("Scope: chapters {}.", chapter_ids.join(", "));
        self.plan(
            PlanAct::Generate {
                items: items.iter().map(PlanItemFile::from).collect(),
            },
            Some(note),
        );
        self.assign(&chapters);
        self.plan(PlanAct::Submit, None);
        self.plan_validated();
        self.lay_out(start, days(start, 3));

        // How the budget is shared.
        let in_scope: BTreeSet<String> = items.iter().map(|i| i.requirement.clone()).collect();
        let mut assess = self.to_assess(&items);
        let fixed = (self.drafts.len() - begun) + 1 + 3 * carried.len();
        let extras = if outcome == Outcome::Ongoing {
            let extra = budget.saturating_sub(fixed);
            let verdicts = (extra * 60 / 100).min(assess.len());
            assess.truncate(verdicts);
            Extras {
                evidence: extra.saturating_sub(verdicts + 6),
                nonconformities: 2.min(verdicts / 2),
                conclusions: 0,
                observations: 1.min(verdicts),
            }
        } else {
            let requirements: BTreeSet<&str> =
                assess.iter().map(|i| i.requirement.as_str()).collect();
            let mut extras = Extras::share(
                budget.saturating_sub(fixed + assess.len()),
                requirements.len(),
            );
            // A failed audit fails on a major non-conformity (the first one is major).
            if outcome == Outcome::Failed {
                extras.nonconformities = extras.nonconformities.max(1);
            }
            extras
        };
        let faults = self.faults(&assess, extras.nonconformities, extras.observations);
        let follow_up_start = if outcome == Outcome::Ongoing {
            end
        } else {
            Life::between(start, end, 700)
        };

        // The audit: carried findings re-checked first, then every check of the scope.
        self.settle_carried(&carried, days(start, 20));
        self.out_of_scope_verdicts(Some(&in_scope));
        let during = if outcome == Outcome::Ongoing {
            extras.evidence
        } else {
            extras.evidence / 2
        };
        let opened = self.audit(&assess, 0..assess.len(), &faults, during);
        self.lay_out(audit_start, follow_up_start);

        // Follow-up, and the outcome: a failed audit leaves its first major finding open.
        let keep_open: BTreeSet<String> = match outcome {
            Outcome::Passed => BTreeSet::new(),
            Outcome::Failed => opened
                .iter()
                .map(|(_, id)| id)
                .find(|id| self.open[*id].severity == Severity::Major)
                .into_iter()
                .cloned()
                .collect(),
            Outcome::Ongoing => opened.iter().map(|(_, id)| id.clone()).collect(),
        };
        if outcome == Outcome::Ongoing {
            for id in &keep_open {
                self.plan_finding(id, days(end, 60));
            }
            self.top_up(begun, budget, 0);
            self.lay_out(end, end);
            return;
        }
        self.follow_up(
            &assess,
            &opened,
            &keep_open,
            days(end, 30),
            extras.evidence - during,
            extras.conclusions,
        );
        self.top_up(begun, budget, 1);
        self.lay_out(follow_up_start, days(end, 0));
        let event = match outcome {
            Outcome::Failed => "surveillance-audit-failed",
            _ => "surveillance-audit-passed",
        };
        let note = match outcome {
            Outcome::Failed => "A major non-conformity: a complementary audit is needed.",
            _ => "Surveillance audit passed: its scope fully assessed.",
        };
        self.event(LEAD, event, Some(note.to_owned()));
        self.lay_out(end, end);
    }
}

/// Whether `act` is a journey event that opens a cycle.
fn opens_cycle(workflow: &journey::Workflow, act: &Act) -> bool {
    matches!(act, Act::Journey { event, .. }
        if workflow.event_index(event).is_some_and(|e| workflow.event(e).opens.is_some()))
}

fn journey_act(event: &str, reserves: Option<String>) -> Act {
    Act::Journey {
        event: event.to_owned(),
        reserves,
        forced: false,
    }
}

/// Whether a requirement is assessed for a service of `kinds` (as the grid sees it before any
/// verdict).
fn applicable(r: &grid::Requirement, kinds: &[ServiceKind]) -> bool {
    r.assessable && r.kind == RequirementKind::Requirement && r.applies_to_any(kinds)
}
