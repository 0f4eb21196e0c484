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

pub use dossier::{Act, FindingChange, OnBehalf, PlanAct, PlanItemFile};

use crate::error::{Diagnostic, Result, StorageError};
use crate::fsio;
use crate::ronfmt;

pub const HISTORY_DIR: &str = "history";
/// The entry format written. Format 1 entries (before evaluation cycles) are read unchanged:
/// they carry no `cycle`, which the dossier then derives (docs/formats.md).
pub const FORMAT: u32 = 2;
/// The oldest entry format read.
pub const FIRST_FORMAT: u32 = 1;

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
    /// The evaluation cycle the act belongs to (format 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cycle: Option<String>,
    act: Act,
}

/// An entry to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEntry {
    pub recorded: DateTime<Utc>,
    pub actor: String,
    pub on_behalf_of: Option<OnBehalf>,
    pub date: NaiveDate,
    pub note: Option<String>,
    pub cycle: Option<String>,
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
    pub cycle: Option<String>,
    pub act: Act,
}

impl Entry {
    /// The entry as the dossier replays it.
    pub fn record(&self) -> dossier::Entry {
        dossier::Entry {
            label: self.path.display().to_string(),
            recorded: self.recorded,
            actor: self.actor.clone(),
            on_behalf_of: self.on_behalf_of.clone(),
            date: self.date,
            note: self.note.clone(),
            cycle: self.cycle.clone(),
            act: self.act.clone(),
        }
    }
}

impl NewEntry {
    /// The entry a checked act becomes.
    pub fn from_record(recorded: DateTime<Utc>, e: dossier::Entry) -> NewEntry {
        NewEntry {
            recorded,
            actor: e.actor,
            on_behalf_of: e.on_behalf_of,
            date: e.date,
            note: e.note,
            cycle: e.cycle,
            act: e.act,
        }
    }
}

/// The whole journal in recording order (parents before children; ties by time, then hash),
/// and whatever integrity problems were found reading it.
#[derive(Clone, Debug, Default)]
pub struct History {
    pub entries: Vec<Entry>,
    /// Hashes of the entries no other entry names as parent.
    pub heads: Vec<String>,
    /// Edited, deleted or cyclic entries: the history is refused for writing until restored.
    pub problems: Vec<Diagnostic>,
    /// What does not stop anyone but deserves a look: entries recorded "before" their parent
    /// (a writer's clock ran ahead), line endings converted by a checkout.
    pub warnings: Vec<Diagnostic>,
    /// Ids opened on two branches and settled after their merge (see [`Settlement`]).
    pub settled: Vec<Settlement>,
    /// The acts as the dossier replays them once ids are settled, by entry index.
    renamed: BTreeMap<usize, Act>,
}

/// A finding or evidence id that two branches both gave, settled deterministically: the entry
/// first in history order keeps it, the other gets the next free number, and every entry that
/// descends from that other one (and not from the first) follows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settlement {
    /// `finding` or `evidence`.
    pub what: &'static str,
    pub id: String,
    pub kept_by: PathBuf,
    pub renamed_in: PathBuf,
    pub new_id: String,
}

impl History {
    /// The entries as the dossier replays them, in recording order, ids settled.
    pub fn records(&self) -> Vec<dossier::Entry> {
        self.entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let mut r = e.record();
                if let Some(act) = self.renamed.get(&i) {
                    r.act = act.clone();
                }
                r
            })
            .collect()
    }
}

/// SHA-256 of `bytes`, in hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Whether `text`'s hash is the one its file `name` carries (`<recorded>-<hash prefix>.ron`).
fn name_matches(name: &str, text: &str) -> bool {
    let hash = sha256_hex(text.as_bytes());
    name.strip_suffix(".ron")
        .and_then(|stem| stem.rsplit_once('-'))
        .is_some_and(|(_, prefix)| prefix.len() == NAME_HASH_LEN && hash.starts_with(prefix))
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
    let mut converted: Vec<PathBuf> = Vec::new();
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
        // A FIFO or a device named like an entry would hang the read or never end: named, not read.
        match fsio::ensure_regular(&path) {
            Ok(()) => {}
            Err(StorageError::Invalid(d)) => {
                parse_errors.extend(d.into_iter().map(|d| Diagnostic {
                    path: rel.clone(),
                    ..d
                }));
                continue;
            }
            Err(e) => return Err(e),
        }
        let text = match fsio::read_text(&path) {
            Ok(t) => t,
            Err(StorageError::Invalid(d)) => {
                parse_errors.extend(d);
                continue;
            }
            Err(e) => return Err(e),
        };
        // A checkout that converted line endings (core.autocrlf) changed the bytes, not the
        // content: the entry as written is the text with LF line endings.
        let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let text = if text.contains("\r\n") && !name_matches(name, &text) {
            let written = text.replace("\r\n", "\n");
            if name_matches(name, &written) {
                converted.push(rel.clone());
                written
            } else {
                text
            }
        } else {
            text
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
        if let Some(d) = ronfmt::format_outside(&rel, &text, file.format, FIRST_FORMAT..=FORMAT) {
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
            cycle: file.cycle,
            act: file.act,
        });
    }
    if !parse_errors.is_empty() {
        return Err(StorageError::Invalid(parse_errors));
    }
    let mut warnings = Vec::new();
    if let Some(first) = converted.first() {
        warnings.push(
            Diagnostic::new(
                first,
                format!(
                    "{} history entr{} had {} line endings converted to CRLF by a git checkout; the content is intact",
                    converted.len(),
                    if converted.len() == 1 { "y" } else { "ies" },
                    if converted.len() == 1 { "its" } else { "their" },
                ),
            )
            .hint("keep them byte-exact: a .gitattributes with `history/** -text` (jalon init writes one), then `git add --renormalize .` and commit, or clone again"),
        );
    }
    let (entries, heads) = order(entries, &mut problems, &mut warnings);
    let (renamed, settled) = settle(&entries);
    Ok(History {
        entries,
        heads,
        problems,
        warnings,
        settled,
        renamed,
    })
}

/// The id an act gives (a finding opened, evidence collected), with what it is.
fn opened_id(act: &Act) -> Option<(&'static str, &str)> {
    match act {
        Act::Finding {
            id,
            change: FindingChange::Open { .. },
        } => Some(("finding", id)),
        Act::Evidence { id, .. } => Some(("evidence", id)),
        _ => None,
    }
}

/// `act` with every mention of the `what` id `old` renamed `new`.
fn rename(act: &mut Act, what: &str, old: &str, new: &str) {
    let swap = |id: &mut String| {
        if id == old {
            *id = new.to_owned();
        }
    };
    let swap_all = |ids: &mut Vec<String>| ids.iter_mut().for_each(swap);
    match (what, act) {
        ("finding", Act::Finding { id, .. }) => swap(id),
        ("evidence", Act::Evidence { id, .. }) => swap(id),
        ("evidence", Act::Assess { evidence, .. }) => swap_all(evidence),
        (
            "evidence",
            Act::Finding {
                change: FindingChange::Open { evidence, .. } | FindingChange::Remediate { evidence },
                ..
            },
        ) => swap_all(evidence),
        _ => {}
    }
}

/// Settles ids that two branches both gave (each allocated the next free number on its own):
/// the opening first in history order keeps the id; each other one gets the next free number
/// of its kind, and so do the references of the entries descending from it but not from the
/// one that kept it (entries written after the merge already saw the settled ids).
fn settle(entries: &[Entry]) -> (BTreeMap<usize, Act>, Vec<Settlement>) {
    let mut first: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut clashes: Vec<(usize, usize)> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        if let Some((what, id)) = opened_id(&e.act) {
            match first.get(&(what, id)) {
                Some(&k) => clashes.push((k, i)),
                None => {
                    first.insert((what, id), i);
                }
            }
        }
    }
    let mut renamed: BTreeMap<usize, Act> = BTreeMap::new();
    let mut settled = Vec::new();
    if clashes.is_empty() {
        return (renamed, settled);
    }
    let index: BTreeMap<&str, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.hash.as_str(), i))
        .collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); entries.len()];
    for (i, e) in entries.iter().enumerate() {
        for p in &e.parents {
            if let Some(&pi) = index.get(p.as_str()) {
                children[pi].push(i);
            }
        }
    }
    let descendants = |from: usize| -> Vec<bool> {
        let mut seen = vec![false; entries.len()];
        let mut stack = vec![from];
        while let Some(i) = stack.pop() {
            if !std::mem::replace(&mut seen[i], true) {
                stack.extend(&children[i]);
            }
        }
        seen
    };
    let mut numbers: BTreeMap<&str, u32> = BTreeMap::new();
    for &(what, id) in first.keys() {
        let n = id
            .rsplit('-')
            .next()
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(0);
        let max = numbers.entry(what).or_default();
        *max = (*max).max(n);
    }
    for (kept, other) in clashes {
        let Some((what, id)) = opened_id(&entries[other].act) else {
            continue;
        };
        let next = numbers.entry(what).or_default();
        *next += 1;
        let prefix = if what == "finding" { "F-" } else { "E-" };
        let new_id = format!("{prefix}{:04}", *next);
        let (from_kept, from_other) = (descendants(kept), descendants(other));
        for j in (0..entries.len()).filter(|&j| from_other[j] && !from_kept[j]) {
            let act = renamed.entry(j).or_insert_with(|| entries[j].act.clone());
            rename(act, what, id, &new_id);
        }
        settled.push(Settlement {
            what,
            id: id.to_owned(),
            kept_by: entries[kept].path.clone(),
            renamed_in: entries[other].path.clone(),
            new_id,
        });
    }
    (renamed, settled)
}

/// Orders entries parents-first (Kahn's algorithm, ties by recorded time then hash), reporting
/// dangling parents and cycles as problems, children recorded before their parents as warnings.
fn order(
    entries: Vec<Entry>,
    problems: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> (Vec<Entry>, Vec<String>) {
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
                    // Order comes from the hash chain, not from clocks: a writer whose clock ran
                    // ahead only makes the next entry look "earlier".
                    if entries[pi].recorded > e.recorded {
                        warnings.push(
                            Diagnostic::new(
                                &e.path,
                                format!(
                                    "entry is recorded at {}, before its parent {} ({}): a writer's clock was off",
                                    e.recorded,
                                    entries[pi].path.display(),
                                    entries[pi].recorded
                                ),
                            )
                            .hint("nothing to do: entries are ordered by their parents, not by clocks; check the clocks of the machines that write"),
                        );
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

/// Writes `entry` as a new file after the current heads, and makes it `history`'s one head;
/// returns its path relative to `root`. Never overwrites: the file name is new by construction
/// (and the create fails if it is not). `history.entries` is not extended: read it again for that.
pub fn append(root: &Path, history: &mut History, entry: NewEntry) -> Result<PathBuf> {
    let recorded = entry.recorded.trunc_subsecs(3);
    let file = EntryFile {
        format: FORMAT,
        parents: history.heads.clone(),
        recorded,
        actor: entry.actor,
        on_behalf_of: entry.on_behalf_of,
        date: entry.date,
        note: entry.note,
        cycle: entry.cycle,
        act: entry.act,
    };
    let text = ronfmt::render(&file);
    let hash = sha256_hex(text.as_bytes());
    let dir = fsio::resolve_inside(root, HISTORY_DIR)?;
    fsio::create_dir(&dir)?;
    let rel = Path::new(HISTORY_DIR).join(file_name(recorded, &hash));
    fsio::create_atomic(&root.join(&rel), text.as_bytes())?;
    history.heads = vec![hash];
    Ok(rel)
}

/// Writes `entries` in order, each the parent of the next (the first after `history`'s heads),
/// and makes the last one `history`'s one head; returns their paths. One `fsync` per file and
/// one for the folder, after all are written: a batch costs about one durable write per entry
/// less than writing them one by one. A crash midway leaves the first ones written, each whole
/// (a temporary file renamed into place), and the chain intact.
pub fn append_all(
    root: &Path,
    history: &mut History,
    entries: Vec<NewEntry>,
) -> Result<Vec<PathBuf>> {
    let dir = fsio::resolve_inside(root, HISTORY_DIR)?;
    fsio::create_dir(&dir)?;
    let mut written = Vec::with_capacity(entries.len());
    for entry in entries {
        let recorded = entry.recorded.trunc_subsecs(3);
        let file = EntryFile {
            format: FORMAT,
            parents: history.heads.clone(),
            recorded,
            actor: entry.actor,
            on_behalf_of: entry.on_behalf_of,
            date: entry.date,
            note: entry.note,
            cycle: entry.cycle,
            act: entry.act,
        };
        let text = ronfmt::render(&file);
        let hash = sha256_hex(text.as_bytes());
        let rel = Path::new(HISTORY_DIR).join(file_name(recorded, &hash));
        fsio::create_unsynced(&root.join(&rel), text.as_bytes())?;
        history.heads = vec![hash];
        written.push(rel);
    }
    for rel in &written {
        fsio::sync_file(&root.join(rel))?;
    }
    fsio::sync_folder(&dir)?;
    Ok(written)
}

/// Parses one history entry's text (as `load` does for each file), for tools and fuzzing.
pub fn parse_entry(path: &Path, text: &str) -> Result<Act> {
    let file: EntryFile = ronfmt::parse(path, text)?;
    if let Some(d) = ronfmt::format_outside(path, text, file.format, FIRST_FORMAT..=FORMAT) {
        return Err(StorageError::invalid(d));
    }
    Ok(file.act)
}
