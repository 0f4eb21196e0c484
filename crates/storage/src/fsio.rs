//! Low-level file access: bounded reads, atomic durable writes, the writers' lock.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

use crate::error::{Diagnostic, Result, StorageError, location_of};

/// Files larger than this are refused before they are read: no workspace file is anywhere near it.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a UTF-8 text file of at most [`MAX_FILE_BYTES`].
pub fn read_text(path: &Path) -> Result<String> {
    let file = File::open(path).map_err(StorageError::io("read", path))?;
    let len = file
        .metadata()
        .map_err(StorageError::io("read", path))?
        .len();
    if len > MAX_FILE_BYTES {
        return Err(StorageError::invalid(
            Diagnostic::new(path, format!("file is {len} bytes, more than the {MAX_FILE_BYTES} bytes jalon reads"))
                .hint("a workspace file this large is not one jalon wrote; check what it is and remove it"),
        ));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(StorageError::io("read", path))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let text = String::from_utf8_lossy(&bytes[..valid]).into_owned();
        let location = location_of(&text, valid);
        StorageError::invalid(
            Diagnostic::new(path, format!("invalid UTF-8 at byte {valid}"))
                .at(&text, location)
                .hint("save the file as UTF-8"),
        )
    })
}

/// Writes `bytes` to `path` atomically and durably: a temporary file in the same folder, fsync,
/// rename over the target, fsync the folder. Readers see the old content or the new, never a mix.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut tmp = temp_beside(path)?;
    tmp.write_all(bytes)
        .map_err(StorageError::io("write", path))?;
    tmp.as_file()
        .sync_all()
        .map_err(StorageError::io("sync", path))?;
    tmp.persist(path).map_err(|e| StorageError::Io {
        action: "write",
        path: path.to_owned(),
        source: e.error,
    })?;
    sync_dir(path)
}

/// Like [`write_atomic`] but never replaces an existing file: the rename fails if `path` exists.
pub fn create_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut tmp = temp_beside(path)?;
    tmp.write_all(bytes)
        .map_err(StorageError::io("write", path))?;
    tmp.as_file()
        .sync_all()
        .map_err(StorageError::io("sync", path))?;
    tmp.persist_noclobber(path).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            StorageError::Changed {
                path: path.to_owned(),
            }
        } else {
            StorageError::Io {
                action: "create",
                path: path.to_owned(),
                source: e.error,
            }
        }
    })?;
    sync_dir(path)
}

fn temp_beside(path: &Path) -> Result<tempfile::NamedTempFile> {
    let dir = parent(path);
    if !dir.is_dir() {
        create_dir(dir)?;
    }
    tempfile::Builder::new()
        .permissions(file_permissions())
        .prefix(".jalon-tmp-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(StorageError::io("create a temporary file in", dir))
}

/// Workspace files are ordinary files (rw-r--r-- before the umask), not private temporaries.
#[cfg(unix)]
fn file_permissions() -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::Permissions::from_mode(0o644)
}

#[cfg(not(unix))]
fn file_permissions() -> std::fs::Permissions {
    std::fs::File::open(".")
        .and_then(|f| f.metadata())
        .map(|m| m.permissions())
        .unwrap_or_else(|_| unreachable!())
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Makes a rename or a new file in `path`'s folder durable.
fn sync_dir(path: &Path) -> Result<()> {
    let dir = parent(path);
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(StorageError::io("sync folder", dir))
}

/// Creates a folder (and its parents) and makes its entry durable.
pub fn create_dir(path: &Path) -> Result<()> {
    fs::create_dir_all(path).map_err(StorageError::io("create folder", path))?;
    sync_dir(path)
}

/// The writers' lock: held for the whole read-check-write of a command, released on drop.
#[derive(Debug)]
pub struct WriteLock {
    _file: File,
}

impl WriteLock {
    pub fn acquire(path: &Path) -> Result<WriteLock> {
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(StorageError::io("open the lock file", path))?;
        file.lock().map_err(StorageError::io("lock", path))?;
        Ok(WriteLock { _file: file })
    }
}

/// Resolves `relative` (as written in a workspace file) inside `root`, refusing absolute paths,
/// `..`, and symlinks that lead outside the workspace. The target need not exist.
pub fn resolve_inside(root: &Path, relative: &str) -> Result<PathBuf> {
    let escapes = |reason: &str| StorageError::Escapes {
        path: PathBuf::from(relative),
        reason: reason.to_owned(),
    };
    let rel = Path::new(relative);
    if relative.is_empty() {
        return Err(escapes("empty path"));
    }
    for c in rel.components() {
        match c {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => {
                return Err(escapes(
                    "path uses `..` and could leave the workspace; give a path inside it",
                ));
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(escapes(
                    "absolute path; give a path relative to the workspace folder",
                ));
            }
        }
    }
    let joined = root.join(rel);
    // Follow symlinks on the part that exists and check it stays under the real root.
    let real_root = root
        .canonicalize()
        .map_err(StorageError::io("resolve", root))?;
    let mut existing = joined.as_path();
    while !existing.exists() {
        match existing.parent() {
            Some(p) => existing = p,
            None => break,
        }
    }
    if let Ok(real) = existing.canonicalize()
        && !real.starts_with(&real_root)
    {
        return Err(escapes(
            "path leads outside the workspace through a symbolic link",
        ));
    }
    Ok(joined)
}

/// SHA-256 (hex) and size of a file, read in chunks (evidence can be large).
pub fn hash_file(path: &Path) -> Result<(String, u64)> {
    use sha2::{Digest, Sha256};
    let mut file = File::open(path).map_err(StorageError::io("read", path))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = file
            .read(&mut buf)
            .map_err(StorageError::io("read", path))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((hex::encode(hasher.finalize()), size))
}

/// Copies `src` to `root/rel` (inside the workspace) atomically, never replacing a file.
pub fn copy_into(root: &Path, src: &Path, rel: &str) -> Result<PathBuf> {
    let dest = resolve_inside(root, rel)?;
    if let Some(dir) = dest.parent() {
        create_dir(dir)?;
    }
    let mut tmp = temp_beside(&dest)?;
    let mut input = File::open(src).map_err(StorageError::io("read", src))?;
    std::io::copy(&mut input, tmp.as_file_mut()).map_err(StorageError::io("copy into", &dest))?;
    tmp.as_file()
        .sync_all()
        .map_err(StorageError::io("sync", &dest))?;
    if let Err(e) = tmp.persist_noclobber(&dest) {
        if e.error.kind() != std::io::ErrorKind::AlreadyExists {
            return Err(StorageError::Io {
                action: "create",
                path: dest,
                source: e.error,
            });
        }
        // A command killed between its copy and its history entry leaves the copy behind; the
        // same command run again finds it. The same bytes are the copy it would make: keep it.
        if hash_file(&dest)? != hash_file(e.file.path())? {
            return Err(StorageError::invalid(
                Diagnostic::new(&dest, "is already there with other content; jalon never replaces a file")
                    .hint("if no evidence cites it (`jalon evidence list`), an interrupted command left it: move it away and run the command again"),
            ));
        }
    }
    sync_dir(&dest)?;
    Ok(dest)
}

/// Removes a file this command put in place, when the act it belonged to was not written.
pub fn remove_file(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => sync_dir(path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(StorageError::Io {
            action: "remove",
            path: path.to_owned(),
            source: e,
        }),
    }
}
