//! Keeping a workspace healthy in a git repository: the `.gitattributes` that keeps hashed files
//! byte-exact, the temporary files interrupted writes leave, and what the last commit holds of
//! the history that the working tree lacks.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{Result, StorageError};
use crate::fsio;
use crate::history::HISTORY_DIR;

/// What `init` and `demo` write at the workspace's root. History entries and evidence are
/// hashed byte for byte: a checkout that converts their line endings (Git for Windows'
/// `core.autocrlf=true`) would make every one of them look tampered with.
pub const GITATTRIBUTES: &str = "\
# Written by jalon. History entries, evidence and referentials are hashed byte for byte:
# git must never convert their line endings (core.autocrlf) or apply filters to them.
history/** -text -filter -diff merge=binary
evidence/** -text -filter -diff
referentials/** -text -filter
jalon.ron -text
checks.ron -text
reports/** -text
";

/// Writes `.gitattributes` at `root` unless one is there (a person's own file is never replaced).
pub fn write_gitattributes(root: &Path) -> Result<()> {
    let path = root.join(".gitattributes");
    if path.exists() {
        return Ok(());
    }
    fsio::create_atomic(&path, GITATTRIBUTES.as_bytes())
}

use crate::fsio::{TEMP_PREFIX, TEMP_SUFFIX};

/// The folders jalon writes into, relative to the workspace.
const WRITTEN_DIRS: [&str; 5] = ["", HISTORY_DIR, "evidence", "referentials", ".jalon"];

/// Temporary files left by writes that were interrupted (killed, power lost), relative to `root`.
pub fn leftover_temporaries(root: &Path) -> Result<Vec<PathBuf>> {
    leftovers(root, true)
}

/// [`leftover_temporaries`], looking in `history/` only if `history` (it is the one large
/// folder, and a read of the history counts the ones it holds: `History::temporaries`).
fn leftovers(root: &Path, history: bool) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for dir in WRITTEN_DIRS
        .into_iter()
        .filter(|d| history || *d != HISTORY_DIR)
    {
        let path = root.join(dir);
        let rd = match std::fs::read_dir(&path) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                return Err(StorageError::Io {
                    action: "list",
                    path,
                    source: e,
                });
            }
        };
        for entry in rd {
            let entry = entry.map_err(StorageError::io("list", &path))?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX) {
                found.push(Path::new(dir).join(&*name));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Removes the temporary files of interrupted writes; in `history/` only when `history` (the
/// history read under the lock saw some there). Only under the writers' lock: no other writer
/// of this workspace can be writing one then.
pub fn remove_temporaries(root: &Path, _lock: &fsio::WriteLock, history: bool) -> Result<usize> {
    let found = leftovers(root, history)?;
    for rel in &found {
        fsio::remove_file(&root.join(rel))?;
    }
    Ok(found.len())
}

/// How the history in the working tree differs from the last commit, when the workspace is in a
/// git repository.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GitHistory {
    /// Entries the last commit holds that the working tree lacks (truncated history?).
    pub missing: Vec<PathBuf>,
    /// Entries the working tree holds with other content than the last commit.
    pub changed: Vec<PathBuf>,
}

/// Compares `root/history` with the last commit. `None` when git is not installed, `root` is not
/// in a git repository, or nothing is committed yet.
pub fn git_history(root: &Path) -> Option<GitHistory> {
    let git = |args: &[&str]| -> Option<String> {
        let out = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .env("GIT_OPTIONAL_LOCKS", "0")
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    };
    // The history folder as git names it, relative to the repository's root.
    let prefix = git(&["rev-parse", "--show-prefix"])?;
    git(&["rev-parse", "--verify", "--quiet", "HEAD"])?;
    let pathspec = format!("{}{HISTORY_DIR}/", prefix.trim());
    let listed = git(&[
        "diff",
        "--no-renames",
        "--name-status",
        "HEAD",
        "--",
        &format!(":(top){pathspec}"),
    ])?;
    let mut result = GitHistory::default();
    for line in listed.lines() {
        let Some((status, path)) = line.split_once('\t') else {
            continue;
        };
        let rel = path.strip_prefix(prefix.trim()).unwrap_or(path);
        match status.chars().next() {
            Some('D') => result.missing.push(PathBuf::from(rel)),
            Some('M' | 'T') => result.changed.push(PathBuf::from(rel)),
            _ => {}
        }
    }
    Some(result)
}
