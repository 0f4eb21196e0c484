//! The journal: an append-only folder of entries, one file each, chained by hashes.
//!
//! Each entry names the hashes of the entries that were the latest ("heads") when it was written,
//! like a git commit names its parents. Its file name carries the SHA-256 of its own bytes. Editing
//! an entry breaks its name; deleting one leaves a dangling parent; files written on two git
//! branches are distinct files, so merges never conflict, and the next entry joins both heads.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use grid::{
    Confidentiality, EvidenceLocation, Ledger, Method, Phase, PlanItem, PlanStatus, Severity,
    Verdict,
};

use crate::error::{Diagnostic, Result, StorageError};
use crate::fsio;
use crate::ronfmt;

pub const HISTORY_DIR: &str = "history";
pub const FORMAT: u32 = 1;

/// What an entry records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Act {
    /// A journey event (J0 accepted, qualification granted…).
    Journey {
        event: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reserves: Option<String>,
        /// Guards or prerequisites were overridden with `--force`.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        forced: bool,
    },
    /// A verdict on a requirement, or on one of its checks.
    Assess {
        requirement: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        check: Option<String>,
        verdict: Verdict,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        evidence: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        justification: Option<String>,
        /// The qualified service an `inherited` verdict relies on.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<String>,
    },
    /// A change to finding `id`.
    Finding { id: String, change: FindingChange },
    /// A piece of evidence, collected on the entry's date by its actor.
    Evidence {
        id: String,
        title: String,
        kind: String,
        confidentiality: Confidentiality,
        sha256: String,
        size: u64,
        location: EvidenceLocation,
    },
    /// A change to the evaluation plan.
    Plan { change: PlanAct },
}

/// One planned check, as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanItemFile {
    pub requirement: String,
    pub check: String,
    pub phase: Phase,
    pub method: Method,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
}

impl From<&PlanItem> for PlanItemFile {
    fn from(i: &PlanItem) -> Self {
        PlanItemFile {
            requirement: i.requirement.clone(),
            check: i.check.clone(),
            phase: i.phase,
            method: i.method,
            evaluator: i.evaluator.clone(),
            date: i.date,
        }
    }
}

impl From<&PlanItemFile> for PlanItem {
    fn from(i: &PlanItemFile) -> Self {
        PlanItem {
            requirement: i.requirement.clone(),
            check: i.check.clone(),
            phase: i.phase,
            method: i.method,
            evaluator: i.evaluator.clone(),
            date: i.date,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum PlanAct {
    /// The plan's items, (re)generated from the scope.
    Generate {
        items: Vec<PlanItemFile>,
    },
    /// Items of these requirements (`target` as the user named it: a requirement or a chapter)
    /// go to an evaluator, and optionally to a phase and a date.
    Assign {
        target: String,
        requirements: Vec<String>,
        evaluator: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        phase: Option<Phase>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        date: Option<NaiveDate>,
    },
    Submit,
    /// ANSSI validated the plan.
    Validate,
    /// ANSSI asked for changes.
    RequestChanges,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum FindingChange {
    Open {
        requirements: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        check: Option<String>,
        severity: Severity,
        title: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        evidence: Vec<String>,
    },
    Plan {
        action: String,
        owner: String,
        due: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        root_cause: Option<String>,
    },
    Remediate {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        evidence: Vec<String>,
    },
    Close,
    Withdraw,
}

/// An entry file as written on disk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFile {
    format: u32,
    /// Full SHA-256 (hex) of the entries that were heads when this one was written.
    parents: Vec<String>,
    /// When the entry was written (UTC).
    recorded: DateTime<Utc>,
    actor: String,
    /// Set when the actor recorded an act of another party (the provider's officer recording an
    /// ANSSI decision), with the reference it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    on_behalf_of: Option<OnBehalf>,
    /// The real-world date of what is recorded.
    date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    act: Act,
}

/// An act recorded for another party.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnBehalf {
    pub role: grid::Role,
    /// The letter, e-mail or decision the act comes from.
    pub reference: String,
}

/// An entry to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEntry {
    pub recorded: DateTime<Utc>,
    pub actor: String,
    pub on_behalf_of: Option<OnBehalf>,
    pub date: NaiveDate,
    pub note: Option<String>,
    pub act: Act,
}

/// An entry read back, with its identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// SHA-256 (hex) of the file's bytes.
    pub hash: String,
    /// Path relative to the workspace.
    pub path: PathBuf,
    pub parents: Vec<String>,
    pub recorded: DateTime<Utc>,
    pub actor: String,
    pub on_behalf_of: Option<OnBehalf>,
    pub date: NaiveDate,
    pub note: Option<String>,
    pub act: Act,
}

/// The whole journal in recording order (parents before children; ties by time, then hash),
/// and whatever integrity problems were found reading it.
#[derive(Clone, Debug, Default)]
pub struct History {
    pub entries: Vec<Entry>,
    /// Hashes of the entries no other entry names as parent.
    pub heads: Vec<String>,
    /// Edited, deleted or out-of-order entries.
    pub problems: Vec<Diagnostic>,
}

impl History {
    /// Journey events in recording order, as the engine replays them.
    pub fn journey(&self) -> Vec<journey::Recorded> {
        self.journey_entries()
            .map(|(e, event, reserves, forced)| journey::Recorded {
                event: event.to_owned(),
                date: e.date,
                reserves: reserves.map(str::to_owned),
                forced,
            })
            .collect()
    }

    /// The entries that record journey events, with their event, reserves and forced flag.
    pub fn journey_entries(&self) -> impl Iterator<Item = (&Entry, &str, Option<&str>, bool)> {
        self.entries.iter().filter_map(|e| match &e.act {
            Act::Journey {
                event,
                reserves,
                forced,
            } => Some((e, event.as_str(), reserves.as_deref(), *forced)),
            _ => None,
        })
    }

    /// The evaluation's records, replayed in recording order. An act the ledger refuses (a merge
    /// of two branches that both closed a finding, a hand edit) is reported with its file.
    pub fn ledger(&self) -> (Ledger, Vec<Diagnostic>) {
        let mut ledger = Ledger::default();
        let mut problems = Vec::new();
        for e in &self.entries {
            if let Err(err) = apply(&mut ledger, e) {
                problems.push(
                    Diagnostic::new(&e.path, format!("{err}"))
                        .hint("the history does not hold together; restore it from git"),
                );
            }
        }
        (ledger, problems)
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The length of the hash prefix in an entry's file name.
const NAME_HASH_LEN: usize = 16;

fn file_name(recorded: DateTime<Utc>, hash: &str) -> String {
    format!(
        "{}-{}.ron",
        recorded.format("%Y%m%dT%H%M%S%.3fZ"),
        &hash[..NAME_HASH_LEN]
    )
}

/// Reads every entry under `root/history`, checks each against its name and parents, and orders
/// them. Unparsable entries are errors; integrity problems are collected in `problems`.
pub fn load(root: &Path) -> Result<History> {
    // A workspace may come from someone else's repository: a `history` linked out of it is not read.
    let dir = fsio::resolve_inside(root, HISTORY_DIR)?;
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd
            .map(|e| e.map(|e| e.path()))
            .collect::<std::io::Result<_>>()
            .map_err(StorageError::io("list", &dir))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => {
            return Err(StorageError::Io {
                action: "list",
                path: dir,
                source: e,
            });
        }
    };
    files.retain(|p| p.extension().is_some_and(|x| x == "ron"));
    files.sort();

    let mut parse_errors = Vec::new();
    let mut problems = Vec::new();
    let mut entries = Vec::with_capacity(files.len());
    for path in files {
        let rel = path.strip_prefix(root).unwrap_or(&path).to_owned();
        if let Err(StorageError::Escapes { reason, .. }) =
            fsio::resolve_inside(root, &rel.to_string_lossy())
        {
            parse_errors.push(
                Diagnostic::new(&rel, format!("{reason}; not read"))
                    .hint("history entries are plain files that jalon writes; remove the link"),
            );
            continue;
        }
        let text = match fsio::read_text(&path) {
            Ok(t) => t,
            Err(StorageError::Invalid(d)) => {
                parse_errors.extend(d);
                continue;
            }
            Err(e) => return Err(e),
        };
        let file: EntryFile = match ronfmt::parse(&rel, &text) {
            Ok(f) => f,
            Err(StorageError::Invalid(d)) => {
                parse_errors.extend(d);
                continue;
            }
            Err(e) => return Err(e),
        };
        let hash = sha256_hex(text.as_bytes());
        let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if let Some(d) = ronfmt::format_problem(&rel, &text, file.format, FORMAT) {
            parse_errors.push(d);
            continue;
        }
        if name != file_name(file.recorded, &hash) {
            problems.push(
                Diagnostic::new(&rel, "this history entry was changed after it was written: its content no longer matches the hash in its name")
                    .hint("restore it from git (`git checkout -- <file>`); history is append-only, record a new entry instead"),
            );
        }
        entries.push(Entry {
            hash,
            path: rel,
            parents: file.parents,
            recorded: file.recorded,
            actor: file.actor,
            on_behalf_of: file.on_behalf_of,
            date: file.date,
            note: file.note,
            act: file.act,
        });
    }
    if !parse_errors.is_empty() {
        return Err(StorageError::Invalid(parse_errors));
    }
    let (entries, heads) = order(entries, &mut problems);
    Ok(History {
        entries,
        heads,
        problems,
    })
}

/// Orders entries parents-first (Kahn's algorithm, ties by recorded time then hash), reporting
/// dangling parents, cycles and children recorded before their parents.
fn order(entries: Vec<Entry>, problems: &mut Vec<Diagnostic>) -> (Vec<Entry>, Vec<String>) {
    let index: BTreeMap<&str, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.hash.as_str(), i))
        .collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); entries.len()];
    let mut waiting = vec![0usize; entries.len()];
    let mut is_parent = vec![false; entries.len()];
    for (i, e) in entries.iter().enumerate() {
        for p in &e.parents {
            match index.get(p.as_str()) {
                Some(&pi) => {
                    children[pi].push(i);
                    waiting[i] += 1;
                    is_parent[pi] = true;
                    if entries[pi].recorded > e.recorded {
                        problems.push(Diagnostic::new(
                            &e.path,
                            format!(
                                "entry is recorded before its parent {} (history reordered?)",
                                entries[pi].path.display()
                            ),
                        ));
                    }
                }
                None => problems.push(
                    Diagnostic::new(
                        &e.path,
                        format!("entry follows {p}, which is missing from history (deleted?)"),
                    )
                    .hint("restore the missing entry from git"),
                ),
            }
        }
    }
    let key = |i: usize| Reverse((entries[i].recorded, entries[i].hash.clone(), i));
    let mut ready: BinaryHeap<_> = (0..entries.len())
        .filter(|&i| waiting[i] == 0)
        .map(key)
        .collect();
    let mut order = Vec::with_capacity(entries.len());
    while let Some(Reverse((_, _, i))) = ready.pop() {
        order.push(i);
        for &c in &children[i] {
            waiting[c] -= 1;
            if waiting[c] == 0 {
                ready.push(key(c));
            }
        }
    }
    if order.len() < entries.len() {
        for i in (0..entries.len()).filter(|&i| waiting[i] > 0) {
            problems.push(Diagnostic::new(
                &entries[i].path,
                "entry is part of a cycle of parents (history edited?)",
            ));
            order.push(i);
        }
    }
    let heads = (0..entries.len())
        .filter(|&i| !is_parent[i])
        .map(|i| entries[i].hash.clone())
        .collect::<Vec<_>>();
    let mut slots: Vec<Option<Entry>> = entries.into_iter().map(Some).collect();
    let ordered = order.into_iter().filter_map(|i| slots[i].take()).collect();
    let mut heads = heads;
    heads.sort();
    (ordered, heads)
}

/// Writes `entry` as a new file after the current heads; returns its path relative to `root`.
/// Never overwrites: the file name is new by construction (and the create fails if it is not).
pub fn append(root: &Path, history: &History, entry: NewEntry) -> Result<PathBuf> {
    let recorded = entry.recorded.trunc_subsecs(3);
    let file = EntryFile {
        format: FORMAT,
        parents: history.heads.clone(),
        recorded,
        actor: entry.actor,
        on_behalf_of: entry.on_behalf_of,
        date: entry.date,
        note: entry.note,
        act: entry.act,
    };
    let text = ronfmt::render(&file);
    let hash = sha256_hex(text.as_bytes());
    let dir = fsio::resolve_inside(root, HISTORY_DIR)?;
    fsio::create_dir(&dir)?;
    let rel = Path::new(HISTORY_DIR).join(file_name(recorded, &hash));
    fsio::create_atomic(&root.join(&rel), text.as_bytes())?;
    Ok(rel)
}

fn apply(ledger: &mut Ledger, e: &Entry) -> Result<(), grid::LedgerError> {
    let by = || grid::Stamp {
        actor: e.actor.clone(),
        date: e.date,
    };
    match &e.act {
        Act::Journey { .. } => Ok(()),
        Act::Assess {
            requirement,
            check,
            verdict,
            evidence,
            justification,
            from,
        } => ledger.assess(grid::Assessment {
            requirement: requirement.clone(),
            check: check.clone(),
            verdict: *verdict,
            evidence: evidence.clone(),
            note: e.note.clone(),
            justification: justification.clone(),
            from: from.clone(),
            by: by(),
        }),
        Act::Evidence {
            id,
            title,
            kind,
            confidentiality,
            sha256,
            size,
            location,
        } => ledger.add_evidence(grid::Evidence {
            id: id.clone(),
            title: title.clone(),
            kind: kind.clone(),
            confidentiality: *confidentiality,
            collected: by(),
            sha256: sha256.clone(),
            size: *size,
            location: location.clone(),
        }),
        Act::Finding { id, change } => match change {
            FindingChange::Open {
                requirements,
                check,
                severity,
                title,
                description,
                evidence,
            } => ledger.open_finding(grid::Finding {
                id: id.clone(),
                requirements: requirements.clone(),
                check: check.clone(),
                severity: *severity,
                title: title.clone(),
                description: description.clone(),
                evidence: evidence.clone(),
                status: grid::FindingStatus::Open,
                action: None,
                history: vec![grid::StatusChange {
                    status: grid::FindingStatus::Open,
                    by: by(),
                    note: e.note.clone(),
                }],
            }),
            FindingChange::Plan {
                action,
                owner,
                due,
                root_cause,
            } => ledger.plan(
                id,
                grid::CorrectiveAction {
                    action: action.clone(),
                    owner: owner.clone(),
                    due: *due,
                    root_cause: root_cause.clone(),
                    by: by(),
                },
            ),
            FindingChange::Remediate { evidence } => {
                ledger.remediate(id, evidence.clone(), by(), e.note.clone())
            }
            FindingChange::Close => ledger.close(id, by(), e.note.clone()),
            FindingChange::Withdraw => ledger.withdraw(id, by(), e.note.clone()),
        },
        Act::Plan { change } => match change {
            PlanAct::Generate { items } => ledger.generate_plan(
                items.iter().map(PlanItem::from).collect(),
                by(),
                e.note.clone(),
            ),
            PlanAct::Assign {
                requirements,
                evaluator,
                phase,
                date,
                ..
            } => ledger
                .assign_plan(requirements, evaluator, *phase, *date)
                .map(|_| ()),
            PlanAct::Submit => ledger.plan_status(PlanStatus::Submitted, by(), e.note.clone()),
            PlanAct::Validate => ledger.plan_status(PlanStatus::Validated, by(), e.note.clone()),
            PlanAct::RequestChanges => {
                ledger.plan_status(PlanStatus::ChangesRequested, by(), e.note.clone())
            }
        },
    }
}

/// Parses one history entry's text (as `load` does for each file), for tools and fuzzing.
pub fn parse_entry(path: &Path, text: &str) -> Result<Act> {
    let file: EntryFile = ronfmt::parse(path, text)?;
    if let Some(d) = ronfmt::format_problem(path, text, file.format, FORMAT) {
        return Err(StorageError::invalid(d));
    }
    Ok(file.act)
}
