//! The journal: an append-only folder of entries, one file each, chained by hashes.
//!
//! Each entry names the hashes of the entries that were the latest ("heads") when it was written,
//! like a git commit names its parents. Its file name carries the SHA-256 of its own bytes. Editing
//! an entry breaks its name; deleting one leaves a dangling parent; files written on two git
//! branches are distinct files, so merges never conflict, and the next entry joins both heads.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use dossier::{Act, FindingChange, OnBehalf, PlanAct, PlanItemFile};

use crate::error::{Diagnostic, Result, StorageError};
use crate::fsio;
use crate::ronfmt;
use crate::signing::SigningKey;

pub const HISTORY_DIR: &str = "history";
/// The entry format written for a signed entry (format 3 adds `signer`); an unsigned entry is
/// written as format 2, which older versions of jalon still read. Format 1 entries (before
/// evaluation cycles) are read unchanged: they carry no `cycle`, which the dossier then derives
/// (docs/formats.md).
pub const FORMAT: u32 = 3;
/// The format of an entry with no `signer`.
const UNSIGNED_FORMAT: u32 = 2;
/// The oldest entry format read.
pub const FIRST_FORMAT: u32 = 1;

/// An entry file as written on disk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EntryFile {
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
    /// The public key whose signature is kept beside the entry (format 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    signer: Option<String>,
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
    /// The public key it is signed with (the key given to [`append`] must be this one).
    pub signer: Option<String>,
    pub act: Act,
}

/// Where an entry is kept: its file, its hash and its parents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryFileInfo {
    /// SHA-256 (hex) of the file's bytes.
    pub hash: String,
    /// Path relative to the workspace.
    pub path: PathBuf,
    pub parents: Vec<String>,
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
            signer: e.signer,
            act: e.act,
        }
    }
}

/// The whole journal in recording order (parents before children; ties by time, then hash),
/// and whatever integrity problems were found reading it.
#[derive(Clone, Debug, Default)]
pub struct History {
    /// The entries as the dossier replays them, in recording order, ids settled (see
    /// [`Settlement`]).
    pub records: Vec<dossier::Entry>,
    /// Each entry's file, at the same index as its record.
    pub files: Vec<EntryFileInfo>,
    /// Hashes of the entries no other entry names as parent.
    pub heads: Vec<String>,
    /// Edited, deleted or cyclic entries: the history is refused for writing until restored.
    pub problems: Vec<Diagnostic>,
    /// What does not stop anyone but deserves a look: entries recorded "before" their parent
    /// (a writer's clock ran ahead), line endings converted by a checkout.
    pub warnings: Vec<Diagnostic>,
    /// Ids opened on two branches and settled after their merge (see [`Settlement`]).
    pub settled: Vec<Settlement>,
    /// How many temporary files of interrupted writes lie in `history/`.
    pub temporaries: usize,
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
    pub fn records(&self) -> &[dossier::Entry] {
        &self.records
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
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

/// One entry file as read: its content parsed, what reading it found. This is what the cache
/// keeps of a file (see `cache.rs`), so a file unchanged since is never read again.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Parsed {
    pub(crate) hash: String,
    /// Its line endings were converted to CRLF by a checkout (the content as written is intact).
    pub(crate) converted: bool,
    /// Its content no longer matches the hash in its name.
    pub(crate) edited: bool,
    pub(crate) file: EntryFile,
}

/// Reads and parses one entry file at `path` (`rel` inside the workspace, `name` its file name).
fn parse_file(path: &Path, rel: &Path, name: &str) -> Result<Parsed> {
    let text = fsio::read_text(path)?;
    // A checkout that converted line endings (core.autocrlf) changed the bytes, not the
    // content: the entry as written is the text with LF line endings.
    let (text, converted) = if text.contains("\r\n") && !name_matches(name, &text) {
        let written = text.replace("\r\n", "\n");
        if name_matches(name, &written) {
            (written, true)
        } else {
            (text, false)
        }
    } else {
        (text, false)
    };
    let file: EntryFile = ronfmt::parse(rel, &text)?;
    if let Some(d) = ronfmt::format_outside(rel, &text, file.format, FIRST_FORMAT..=FORMAT) {
        return Err(StorageError::invalid(d));
    }
    let hash = sha256_hex(text.as_bytes());
    let edited = name != file_name(file.recorded, &hash);
    Ok(Parsed {
        hash,
        converted,
        edited,
        file,
    })
}

/// How [`load_with`] reads: through the cache of parsed entries under `.jalon/` (what every
/// command does), or every file itself (what `verify` does: it never trusts anything derived).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Read {
    Cached,
    Files,
}

/// Reads every entry under `root/history` (through the cache), checks each against its name
/// and parents, and orders them. Unparsable entries are errors; integrity problems are
/// collected in `problems`.
pub fn load(root: &Path) -> Result<History> {
    load_with(root, Read::Cached)
}

/// [`load`], reading the files themselves or through the cache.
pub fn load_with(root: &Path, read: Read) -> Result<History> {
    // A workspace may come from someone else's repository: a `history` linked out of it is not
    // read. The root is resolved once; each entry is then checked with one `lstat`.
    let real_root = root
        .canonicalize()
        .map_err(StorageError::io("resolve", root))?;
    let dir = fsio::resolve_inside(root, HISTORY_DIR)?;
    // Listing the entries (a `stat` each) and decoding the cache are the two costs of a read,
    // and independent: they run side by side.
    let (listed, mut cache) = std::thread::scope(|scope| {
        let cache = scope.spawn(|| match read {
            Read::Cached => crate::cache::Cache::open(root),
            Read::Files => crate::cache::Cache::none(),
        });
        let listed = fsio::list_files(&dir, &real_root, "ron");
        let cache = cache
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (listed, cache)
    });
    let listing = listed?;
    let temporaries = listing.temporaries;
    let listed = listing.files;

    let mut parse_errors = Vec::new();
    let mut problems = Vec::new();
    let mut converted: Vec<PathBuf> = Vec::new();
    let mut read = Vec::with_capacity(listed.len());
    for f in listed {
        // `history/<name>`: built as a string (`Path::join` parses components, a few hundred
        // instructions an entry).
        let rel = PathBuf::from(format!("{HISTORY_DIR}/{}", f.name));
        let file = f.key.and_then(|key| {
            let parsed = cache.take_or(&f.name, &key, || {
                parse_file(&dir.join(&f.name), &rel, &f.name)
            })?;
            Ok((key, parsed))
        });
        let (key, p) = match file {
            Ok(p) => p,
            Err(StorageError::Invalid(d)) => {
                parse_errors.extend(d.into_iter().map(|d| Diagnostic {
                    path: rel.clone(),
                    ..d
                }));
                continue;
            }
            Err(StorageError::Escapes { reason, .. }) => {
                parse_errors
                    .push(Diagnostic::new(&rel, format!("{reason}; not read")).hint(
                        "history entries are plain files that jalon writes; remove the link",
                    ));
                continue;
            }
            Err(e) => return Err(e),
        };
        if p.converted {
            converted.push(rel.clone());
        }
        if p.edited {
            problems.push(
                Diagnostic::new(&rel, "this history entry was changed after it was written: its content no longer matches the hash in its name")
                    .hint("restore it from git (`git checkout -- <file>`); history is append-only, record a new entry instead"),
            );
        }
        read.push((f.name, key, rel, p));
    }
    if !parse_errors.is_empty() {
        return Err(StorageError::Invalid(parse_errors));
    }
    cache.save(read.iter().map(|(name, key, _, p)| (name.as_str(), key, p)));
    let parsed: Vec<(PathBuf, Parsed)> = read.into_iter().map(|(_, _, rel, p)| (rel, p)).collect();
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
    let (files, records, heads) = order(parsed, &mut problems, &mut warnings);
    let mut history = History {
        records,
        files,
        heads,
        problems,
        warnings,
        settled: Vec::new(),
        temporaries,
    };
    settle(&mut history);
    Ok(history)
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
fn settle(history: &mut History) {
    let records = &history.records;
    let mut first: FxHashMap<(&str, &str), usize> = FxHashMap::default();
    let mut clashes: Vec<(usize, usize)> = Vec::new();
    for (i, e) in records.iter().enumerate() {
        if let Some((what, id)) = opened_id(&e.act) {
            match first.get(&(what, id)) {
                Some(&k) => clashes.push((k, i)),
                None => {
                    first.insert((what, id), i);
                }
            }
        }
    }
    if clashes.is_empty() {
        return;
    }
    let files = &history.files;
    let index: BTreeMap<&str, usize> = files
        .iter()
        .enumerate()
        .map(|(i, e)| (e.hash.as_str(), i))
        .collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); files.len()];
    for (i, e) in files.iter().enumerate() {
        for p in &e.parents {
            if let Some(&pi) = index.get(p.as_str()) {
                children[pi].push(i);
            }
        }
    }
    let descendants = |from: usize| -> Vec<bool> {
        let mut seen = vec![false; files.len()];
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
    let mut renamed: BTreeMap<usize, Act> = BTreeMap::new();
    let mut settled = Vec::new();
    for (kept, other) in clashes {
        let Some((what, id)) = opened_id(&records[other].act) else {
            continue;
        };
        let next = numbers.entry(what).or_default();
        *next += 1;
        let prefix = if what == "finding" { "F-" } else { "E-" };
        let new_id = format!("{prefix}{:04}", *next);
        let (from_kept, from_other) = (descendants(kept), descendants(other));
        for j in (0..records.len()).filter(|&j| from_other[j] && !from_kept[j]) {
            let act = renamed.entry(j).or_insert_with(|| records[j].act.clone());
            rename(act, what, id, &new_id);
        }
        settled.push(Settlement {
            what,
            id: id.to_owned(),
            kept_by: files[kept].path.clone(),
            renamed_in: files[other].path.clone(),
            new_id,
        });
    }
    for (j, act) in renamed {
        history.records[j].act = act;
    }
    history.settled = settled;
}

/// Orders entries parents-first (Kahn's algorithm, ties by recorded time then hash), reporting
/// dangling parents and cycles as problems, children recorded before their parents as warnings.
/// Returns the files, the records and the heads.
fn order(
    entries: Vec<(PathBuf, Parsed)>,
    problems: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> (Vec<EntryFileInfo>, Vec<dossier::Entry>, Vec<String>) {
    let n = entries.len();
    let mut index: FxHashMap<&str, usize> =
        FxHashMap::with_capacity_and_hasher(n, Default::default());
    for (i, (_, p)) in entries.iter().enumerate() {
        index.insert(p.hash.as_str(), i);
    }
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut waiting = vec![0usize; n];
    let mut is_parent = vec![false; n];
    for (i, (path, e)) in entries.iter().enumerate() {
        for p in &e.file.parents {
            match index.get(p.as_str()) {
                Some(&pi) => {
                    children[pi].push(i);
                    waiting[i] += 1;
                    is_parent[pi] = true;
                    // Order comes from the hash chain, not from clocks: a writer whose clock ran
                    // ahead only makes the next entry look "earlier".
                    let parent = &entries[pi];
                    if parent.1.file.recorded > e.file.recorded {
                        warnings.push(
                            Diagnostic::new(
                                path,
                                format!(
                                    "entry is recorded at {}, before its parent {} ({}): a writer's clock was off",
                                    e.file.recorded,
                                    parent.0.display(),
                                    parent.1.file.recorded
                                ),
                            )
                            .hint("nothing to do: entries are ordered by their parents, not by clocks; check the clocks of the machines that write"),
                        );
                    }
                }
                None => problems.push(
                    Diagnostic::new(
                        path,
                        format!("entry follows {p}, which is missing from history (deleted?)"),
                    )
                    .hint("restore the missing entry from git"),
                ),
            }
        }
    }
    let key = |i: usize| Reverse((entries[i].1.file.recorded, entries[i].1.hash.as_str(), i));
    let mut ready: BinaryHeap<_> = (0..n).filter(|&i| waiting[i] == 0).map(key).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(Reverse((_, _, i))) = ready.pop() {
        order.push(i);
        for &c in &children[i] {
            waiting[c] -= 1;
            if waiting[c] == 0 {
                ready.push(key(c));
            }
        }
    }
    if order.len() < n {
        for i in (0..n).filter(|&i| waiting[i] > 0) {
            problems.push(Diagnostic::new(
                &entries[i].0,
                "entry is part of a cycle of parents (history edited?)",
            ));
            order.push(i);
        }
    }
    let mut heads: Vec<String> = (0..n)
        .filter(|&i| !is_parent[i])
        .map(|i| entries[i].1.hash.clone())
        .collect();
    heads.sort();
    drop(index);
    let mut slots: Vec<Option<(PathBuf, Parsed)>> = entries.into_iter().map(Some).collect();
    let mut files = Vec::with_capacity(n);
    let mut records = Vec::with_capacity(n);
    for i in order {
        let Some((path, p)) = slots[i].take() else {
            continue;
        };
        let (record, file) = p.into_entry(path);
        records.push(record);
        files.push(file);
    }
    (files, records, heads)
}

impl Parsed {
    /// The entry as the dossier replays it, and where it is kept (`path`).
    fn into_entry(self, path: PathBuf) -> (dossier::Entry, EntryFileInfo) {
        let f = self.file;
        let record = dossier::Entry {
            label: path.to_string_lossy().into_owned(),
            recorded: f.recorded,
            actor: f.actor,
            on_behalf_of: f.on_behalf_of,
            date: f.date,
            note: f.note,
            cycle: f.cycle,
            signer: f.signer,
            act: f.act,
        };
        let file = EntryFileInfo {
            hash: self.hash,
            path,
            parents: f.parents,
        };
        (record, file)
    }
}

/// Writes `entry` as a new file after the current heads, and makes it `history`'s one head
/// (and its last entry); returns its path relative to `root`. Never overwrites: the file name
/// is new by construction (and the create fails if it is not). With `key`, the entry is signed
/// (its `signer` must be that key).
pub fn append(
    root: &Path,
    history: &mut History,
    entry: NewEntry,
    key: Option<&SigningKey>,
) -> Result<PathBuf> {
    let dir = fsio::resolve_inside(root, HISTORY_DIR)?;
    fsio::create_dir(&dir)?;
    write_entry(root, history, entry, key, Durable::Now)
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
    key: Option<&SigningKey>,
) -> Result<Vec<PathBuf>> {
    let dir = fsio::resolve_inside(root, HISTORY_DIR)?;
    fsio::create_dir(&dir)?;
    let written = entries
        .into_iter()
        .map(|entry| write_entry(root, history, entry, key, Durable::Later))
        .collect::<Result<Vec<_>>>()?;
    for rel in &written {
        let path = root.join(rel);
        if key.is_some() {
            fsio::sync_file(&crate::signing::signature_path(&path))?;
        }
        fsio::sync_file(&path)?;
    }
    fsio::sync_folder(&dir)?;
    Ok(written)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Durable {
    /// Synced before it returns.
    Now,
    /// The caller syncs the file and its folder.
    Later,
}

/// Writes one entry after `history`'s heads, adds it to `history` and to the cache.
fn write_entry(
    root: &Path,
    history: &mut History,
    entry: NewEntry,
    key: Option<&SigningKey>,
    durable: Durable,
) -> Result<PathBuf> {
    let recorded = entry.recorded.trunc_subsecs(3);
    if entry.signer.as_deref() != key.map(SigningKey::public_key) {
        return Err(StorageError::Io {
            action: "sign",
            path: PathBuf::from(HISTORY_DIR),
            source: std::io::Error::other("the entry's signer is not the key given to sign it"),
        });
    }
    let file = EntryFile {
        format: if entry.signer.is_some() {
            FORMAT
        } else {
            UNSIGNED_FORMAT
        },
        parents: std::mem::take(&mut history.heads),
        recorded,
        actor: entry.actor,
        on_behalf_of: entry.on_behalf_of,
        date: entry.date,
        note: entry.note,
        cycle: entry.cycle,
        signer: entry.signer,
        act: entry.act,
    };
    let text = ronfmt::render(&file);
    let hash = sha256_hex(text.as_bytes());
    let name = file_name(recorded, &hash);
    let rel = Path::new(HISTORY_DIR).join(&name);
    let path = root.join(&rel);
    if let Some(key) = key
        && let Err(e) = key.write(&path, &text, durable == Durable::Now)
    {
        history.heads = file.parents;
        return Err(e);
    }
    let created = match durable {
        Durable::Now => fsio::create_atomic(&path, text.as_bytes()),
        Durable::Later => fsio::create_unsynced(&path, text.as_bytes()),
    };
    if let Err(e) = created {
        history.heads = file.parents;
        return Err(e);
    }
    history.heads = vec![hash.clone()];
    let parsed = Parsed {
        hash,
        converted: false,
        edited: false,
        file,
    };
    if let Ok(key) = fsio::file_key(&path) {
        crate::cache::append(root, &name, &key, &parsed);
    }
    let (record, file) = parsed.into_entry(rel.clone());
    history.records.push(record);
    history.files.push(file);
    Ok(rel)
}

/// Parses one history entry's text (as `load` does for each file), for tools and fuzzing.
pub fn parse_entry(path: &Path, text: &str) -> Result<Act> {
    let file: EntryFile = ronfmt::parse(path, text)?;
    if let Some(d) = ronfmt::format_outside(path, text, file.format, FIRST_FORMAT..=FORMAT) {
        return Err(StorageError::invalid(d));
    }
    Ok(file.act)
}
