//! The cache of parsed history entries under `.jalon/cache/`: what reading each entry file found
//! (its hash, its parsed content), keyed by the file's name and its `stat` (size, modification
//! and change times, inode), so that a command reads again only the files that are new or
//! changed since.
//!
//! Derived, never trusted for integrity: `verify` reads the files themselves. It is rebuilt
//! silently when missing, stale or corrupt; a failure to read or write it is never an error
//! (the command reads the files instead). The change time is part of the key: any write to a
//! file, or a `touch` that puts its modification time back, changes it, so an entry edited
//! behind jalon's back is read again even when its size and modification time are the same.
//!
//! The file is a sequence of MessagePack values (`rmp-serde`: a compact binary encoding of serde
//! types that, unlike bincode or postcard, names struct fields, as the entries' optional fields
//! need; faster to decode than the same data as JSON), each framed by its length
//! (4 bytes, little-endian): a header with the cache's version, then one record per entry file.
//! Whole rewrites go through a temporary file renamed into place; jalon's own writes append one
//! record under the writers' lock. A record cut short by a crash makes the whole cache
//! unreadable, hence rebuilt.

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::fsio::{self, FileKey};
use crate::history::Parsed;

/// Bumped whenever what a line holds changes; a cache of another version is rebuilt.
const VERSION: u32 = 3;
/// Where the cache lives, inside the workspace (`.jalon/` is git-ignored).
const PATH: &str = ".jalon/cache/history.msgpack";
/// A cache larger than this is not read (a history of a million entries is about 500 MB).
const MAX_BYTES: u64 = 2 * 1024 * 1024 * 1024;

#[derive(Serialize, Deserialize, PartialEq, Eq)]
struct Header {
    cache: String,
    version: u32,
    /// The jalon that wrote it: another version may parse entries differently.
    jalon: String,
}

impl Header {
    fn current() -> Header {
        Header {
            cache: "jalon history".to_owned(),
            version: VERSION,
            jalon: env!("CARGO_PKG_VERSION").to_owned(),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Line {
    name: String,
    key: FileKey,
    entry: Parsed,
}

#[derive(Serialize)]
struct LineRef<'a> {
    name: &'a str,
    key: &'a FileKey,
    entry: &'a Parsed,
}

/// The records by file name. Fx hashing: the names come from the workspace's own folder (someone who
/// can write there can do worse than slow a read down), and SipHash was 3 % of a read.
type Lines = rustc_hash::FxHashMap<String, (FileKey, Parsed)>;

/// The cache as read at the start of a load, and whether it needs writing again.
pub(crate) struct Cache {
    /// `None`: not used (`verify`), or its place is unusable (a link out of the workspace).
    path: Option<PathBuf>,
    root: Option<PathBuf>,
    lines: Lines,
    /// When the cache was last written (its own modification time, in the file system's clock).
    written: i128,
    /// Something read differs from what the cache holds: rewrite it after the load.
    stale: bool,
}

impl Cache {
    /// A cache that holds nothing and writes nothing.
    pub(crate) fn none() -> Cache {
        Cache {
            path: None,
            root: None,
            written: 0,
            lines: Lines::default(),
            stale: false,
        }
    }

    /// Reads the cache of the workspace at `root`; missing, unreadable or corrupt is empty.
    pub(crate) fn open(root: &Path) -> Cache {
        let Some(path) = place(root) else {
            return Cache::none();
        };
        let lines = read(&path);
        let stale = lines.is_none();
        let written = fsio::file_key(&path).map_or(0, |k| k.modified);
        Cache {
            path: Some(path),
            root: Some(root.to_owned()),
            written,
            lines: lines.unwrap_or_default(),
            stale,
        }
    }

    /// What the cache holds of file `name`, if its `stat` is still `key`; else `read` it.
    pub(crate) fn take_or(
        &mut self,
        name: &str,
        key: &FileKey,
        read: impl FnOnce() -> crate::Result<Parsed>,
    ) -> crate::Result<Parsed> {
        match self.lines.remove(name) {
            Some((k, parsed)) if &k == key && !racy(key, self.written) => Ok(parsed),
            // Changed in the same tick of the file system's clock as the cache was written: the
            // same `stat` does not prove the same content. Read again; the cache stays if it was.
            Some((k, parsed)) if &k == key => {
                let now = read()?;
                if now.hash != parsed.hash {
                    self.stale = true;
                }
                Ok(now)
            }
            _ => {
                self.stale = true;
                read()
            }
        }
    }

    /// Rewrites the cache with `files` (name, key, what was read) when something changed.
    /// Best effort: a failure leaves the old cache, or none, to be rebuilt next time.
    pub(crate) fn save<'a>(
        self,
        files: impl ExactSizeIterator<Item = (&'a str, &'a FileKey, &'a Parsed)>,
    ) {
        // Files the cache knew that are gone (a checkout, a deletion): rewrite without them.
        let Some(path) = self.path else { return };
        if !self.stale && self.lines.is_empty() {
            return;
        }
        let mut out = Vec::with_capacity(files.len() * 384);
        if frame(&mut out, &Header::current()).is_none() {
            return;
        }
        for (name, key, entry) in files {
            if frame(&mut out, &LineRef { name, key, entry }).is_none() {
                return;
            }
        }
        if let Some(root) = self.root
            && crate::workspace::private_dir(&root).is_ok()
        {
            let _ = fsio::replace_unsynced(&path, &out);
        }
    }
}

/// Whether a file whose `stat` is `key` may have changed since a cache written at `written`
/// (its own modification time) without its times showing it: file times advance in ticks (a
/// few milliseconds on ext4, two seconds on FAT), so a change made in the tick the cache was
/// written leaves the same times. Such a file ("racily clean", as git calls it) is read again.
/// Both times come from the same file system's clock.
fn racy(key: &FileKey, written: i128) -> bool {
    key.modified >= written || key.changed >= written
}

/// Where the cache of `root` lives, unless `.jalon` leads out of the workspace.
fn place(root: &Path) -> Option<PathBuf> {
    fsio::resolve_inside(root, PATH).ok()
}

/// The lines of the cache at `path`, or `None` if it is missing, of another version, or not
/// whole. Read record by record through one buffer: the file is never held whole in memory (it is
/// about as large as the history itself).
fn read(path: &Path) -> Option<Lines> {
    // Neither a link followed nor a FIFO opened (an open would wait for a writer).
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_BYTES {
        return None;
    }
    let file = std::fs::File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > MAX_BYTES {
        return None;
    }
    let mut input = std::io::BufReader::with_capacity(256 * 1024, file);
    let mut record = Vec::new();
    let header: Header =
        rmp_serde::from_slice(next_record(&mut input, meta.len(), &mut record)??).ok()?;
    if header != Header::current() {
        return None;
    }
    // About 600 bytes a record: sized once rather than grown and rehashed.
    let expected = usize::try_from(meta.len() / 600).unwrap_or(0);
    let mut out = Lines::with_capacity_and_hasher(expected, Default::default());
    while let Some(bytes) = next_record(&mut input, meta.len(), &mut record)? {
        let Line { name, key, entry } = rmp_serde::from_slice(bytes).ok()?;
        out.insert(name, (key, entry));
    }
    Some(out)
}

/// The next framed record of `input` (a file of `size` bytes), read into `buf`: `Some(None)` at
/// the end of the file, `None` if it is cut short, unreadable or claims more than the file holds.
fn next_record<'b>(
    input: &mut impl BufRead,
    size: u64,
    buf: &'b mut Vec<u8>,
) -> Option<Option<&'b [u8]>> {
    if input.fill_buf().ok()?.is_empty() {
        return Some(None);
    }
    let mut len = [0u8; 4];
    input.read_exact(&mut len).ok()?;
    let len = u32::from_le_bytes(len);
    if u64::from(len) > size {
        return None;
    }
    buf.clear();
    buf.resize(len as usize, 0);
    input.read_exact(buf).ok()?;
    Some(Some(buf))
}

/// Appends `value` to `out`, framed by its length.
fn frame<T: Serialize>(out: &mut Vec<u8>, value: &T) -> Option<()> {
    let start = out.len();
    out.extend_from_slice(&[0; 4]);
    rmp_serde::encode::write_named(out, value).ok()?;
    let len = u32::try_from(out.len() - start - 4).ok()?;
    out[start..start + 4].copy_from_slice(&len.to_le_bytes());
    Some(())
}

/// Adds the entry jalon just wrote to the cache of `root`, if there is one: the next command
/// then reads nothing new. Called under the writers' lock; best effort.
pub(crate) fn append(root: &Path, name: &str, key: &FileKey, entry: &Parsed) {
    let Some(path) = place(root) else { return };
    // Only onto a whole cache of this version: otherwise the next read rebuilds it anyway.
    match std::fs::symlink_metadata(&path) {
        Ok(meta) if meta.is_file() => {}
        _ => return,
    }
    let mut line = Vec::with_capacity(512);
    if frame(&mut line, &LineRef { name, key, entry }).is_none() {
        return;
    }
    if let Ok(mut file) = std::fs::OpenOptions::new().append(true).open(&path) {
        let _ = file.write_all(&line);
    }
}

/// Where the evidence hashes are kept.
const EVIDENCE_PATH: &str = ".jalon/cache/evidence.msgpack";

#[derive(Clone, Serialize, Deserialize)]
struct Hashed {
    key: FileKey,
    sha256: String,
    size: u64,
}

#[derive(Serialize, Deserialize)]
struct EvidenceFile {
    header: Header,
    files: HashMap<String, Hashed>,
}

/// The SHA-256 of evidence files as last computed, keyed by path and `stat` (size, modification
/// and change times, inode), so that `evidence verify` re-hashes only what changed. Derived and
/// rebuilt as the history cache is; `verify` (the whole check) never uses it.
pub struct EvidenceHashes {
    path: Option<PathBuf>,
    root: PathBuf,
    files: HashMap<String, Hashed>,
    written: i128,
    changed: bool,
}

impl EvidenceHashes {
    /// The hashes kept for the workspace at `root` (none if missing, unreadable or stale).
    pub fn open(root: &Path) -> EvidenceHashes {
        let path = fsio::resolve_inside(root, EVIDENCE_PATH).ok();
        let files = path
            .as_deref()
            .and_then(|p| {
                let meta = std::fs::symlink_metadata(p).ok()?;
                if !meta.is_file() || meta.len() > MAX_BYTES {
                    return None;
                }
                let bytes = std::fs::read(p).ok()?;
                let file: EvidenceFile = rmp_serde::from_slice(&bytes).ok()?;
                (file.header == Header::current()).then_some(file.files)
            })
            .unwrap_or_default();
        let written = path
            .as_deref()
            .and_then(|p| fsio::file_key(p).ok())
            .map_or(0, |k| k.modified);
        EvidenceHashes {
            path,
            root: root.to_owned(),
            files,
            written,
            changed: false,
        }
    }

    /// SHA-256 and size of the file at `path`: kept from last time if its `stat` is the same,
    /// else read (telling `read` the bytes of each chunk) and kept. `full`: read it anyway.
    pub fn hash(
        &mut self,
        path: &Path,
        full: bool,
        read: &mut dyn FnMut(u64),
    ) -> crate::Result<(String, u64)> {
        let name = path.display().to_string();
        let key = std::fs::metadata(path)
            .ok()
            .filter(std::fs::Metadata::is_file)
            .map(|m| FileKey::of(&m));
        if !full
            && let (Some(key), Some(kept)) = (&key, self.files.get(&name))
            && &kept.key == key
            && !racy(key, self.written)
        {
            return Ok((kept.sha256.clone(), kept.size));
        }
        let (sha256, size) = fsio::hash_file_progress(path, read)?;
        // Kept only if the file did not change while it was read.
        let after = std::fs::metadata(path).ok().map(|m| FileKey::of(&m));
        match key {
            Some(key) if after.as_ref() == Some(&key) => {
                self.files.insert(
                    name,
                    Hashed {
                        key,
                        sha256: sha256.clone(),
                        size,
                    },
                );
            }
            _ => {
                self.files.remove(&name);
            }
        }
        self.changed = true;
        Ok((sha256, size))
    }

    /// Whether the hash of `path` would be read from what is kept (for a progress bar's total).
    pub fn is_kept(&self, path: &Path) -> bool {
        let name = path.display().to_string();
        match (std::fs::metadata(path), self.files.get(&name)) {
            (Ok(m), Some(kept)) => {
                m.is_file() && kept.key == FileKey::of(&m) && !racy(&kept.key, self.written)
            }
            _ => false,
        }
    }

    /// Writes the hashes back, when any was computed. Best effort, as any cache.
    pub fn save(self) {
        let Some(path) = self.path else { return };
        if !self.changed || crate::workspace::private_dir(&self.root).is_err() {
            return;
        }
        let file = EvidenceFile {
            header: Header::current(),
            files: self.files,
        };
        if let Ok(bytes) = rmp_serde::to_vec_named(&file) {
            let _ = fsio::replace_unsynced(&path, &bytes);
        }
    }
}
