//! Low-level file access: bounded reads, atomic durable writes, the writers' lock.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

use crate::error::{Diagnostic, Result, StorageError, location_of};

/// The prefix and suffix of the temporary files atomic writes use (`housekeeping` removes the
/// ones interrupted writes leave).
pub(crate) const TEMP_PREFIX: &str = ".jalon-tmp-";
pub(crate) const TEMP_SUFFIX: &str = ".part";

/// Files larger than this are refused before they are read: no workspace file is anywhere near it.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a UTF-8 text file of at most [`MAX_FILE_BYTES`]. Anything but a regular file (a FIFO, a
/// device, a folder) is refused before it is opened: see [`ensure_regular`].
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = read_bytes(path)?;
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

/// The bytes of the regular file at `path`, at most [`MAX_FILE_BYTES`] (a spreadsheet given
/// to `import form`).
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let file = open_regular(path)?;
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
    Ok(bytes)
}

/// Refuses anything at `path` but a regular file (links followed): opening a FIFO waits for a
/// writer that never comes, a device reads without end, a folder is not a file. The error names
/// the path and what it is (exit 2 at the command line). A missing file is an I/O error, as when
/// opening it.
pub fn ensure_regular(path: &Path) -> Result<()> {
    let meta = fs::metadata(path).map_err(StorageError::io("read", path))?;
    if meta.is_file() {
        return Ok(());
    }
    Err(not_regular(path, &meta.file_type()))
}

fn not_regular(path: &Path, kind: &fs::FileType) -> StorageError {
    StorageError::invalid(
        Diagnostic::new(
            path,
            format!(
                "is {}, not a regular file; jalon opens only regular files",
                kind_name(kind)
            ),
        )
        .hint("remove it, or put the file it stands for in its place"),
    )
}

/// What a non-regular file is, in words.
fn kind_name(kind: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

/// Opens a regular file for reading: checked before it is opened (so a FIFO never blocks the
/// open), and again on the open handle (in case it was swapped in between).
fn open_regular(path: &Path) -> Result<File> {
    ensure_regular(path)?;
    let file = File::open(path).map_err(StorageError::io("read", path))?;
    let kind = file
        .metadata()
        .map_err(StorageError::io("read", path))?
        .file_type();
    if !kind.is_file() {
        return Err(not_regular(path, &kind));
    }
    Ok(file)
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
    create_new(path, bytes, true)?;
    sync_dir(path)
}

/// Like [`create_atomic`], without making it durable: [`sync_file`] each file, then
/// [`sync_folder`] once, when writing many (a batch of history entries).
pub fn create_unsynced(path: &Path, bytes: &[u8]) -> Result<()> {
    create_new(path, bytes, false)
}

/// Writes `bytes` to a temporary file beside `path` (synced if `sync`), then renames it to
/// `path` unless something is there already.
fn create_new(path: &Path, bytes: &[u8], sync: bool) -> Result<()> {
    let mut tmp = temp_beside(path)?;
    tmp.write_all(bytes)
        .map_err(StorageError::io("write", path))?;
    if sync {
        tmp.as_file()
            .sync_all()
            .map_err(StorageError::io("sync", path))?;
    }
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
    Ok(())
}

/// Makes a file written by [`create_unsynced`] durable.
pub fn sync_file(path: &Path) -> Result<()> {
    File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(StorageError::io("sync", path))
}

/// Makes the files created or renamed in folder `dir` durable.
pub fn sync_folder(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(StorageError::io("sync folder", dir))
}

fn temp_beside(path: &Path) -> Result<tempfile::NamedTempFile> {
    let dir = parent(path);
    if !dir.is_dir() {
        create_dir(dir)?;
    }
    tempfile::Builder::new()
        .permissions(file_permissions())
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
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

/// Creates the folder a command writes its files into (`jalon site -o DIR`), with its parents.
/// As [`write_output`] refuses a file there, a folder that is the workspace itself or inside one
/// of its own folders (`history/`, `evidence/`…) is refused, before anything is created.
pub fn create_output_dir(target: &Path, workspace_root: Option<&Path>) -> Result<()> {
    let resolved = resolve_output(target)?;
    if let Some(root) = workspace_root {
        refuse_workspace_own(target, &resolved, root)?;
    }
    create_dir(&resolved)
}

/// The writers' lock: held for the whole read-check-write of a command, released on drop.
#[derive(Debug)]
pub struct WriteLock {
    _file: File,
}

impl WriteLock {
    /// Opens (creating it if need be) and locks `path`. Anything there but a regular file is
    /// refused before it is opened: opening a FIFO for writing would wait for a reader forever.
    pub fn acquire(path: &Path) -> Result<WriteLock> {
        match fs::metadata(path) {
            Ok(meta) if !meta.is_file() => return Err(not_regular(path, &meta.file_type())),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(StorageError::io("open the lock file", path)(e)),
        }
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(StorageError::io("open the lock file", path))?;
        let kind = file
            .metadata()
            .map_err(StorageError::io("open the lock file", path))?
            .file_type();
        if !kind.is_file() {
            return Err(not_regular(path, &kind));
        }
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
    hash_file_progress(path, &mut |_| {})
}

/// [`hash_file`], telling `read` how many bytes each chunk had (for a progress bar).
pub fn hash_file_progress(path: &Path, read: &mut dyn FnMut(u64)) -> Result<(String, u64)> {
    use sha2::{Digest, Sha256};
    let mut file = open_regular(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 17];
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
        read(n as u64);
    }
    Ok((hex::encode(hasher.finalize()), size))
}

/// Copies `src` to `root/rel` (inside the workspace) atomically, never replacing a file.
pub fn copy_into(root: &Path, src: &Path, rel: &str) -> Result<PathBuf> {
    copy_into_progress(root, src, rel, &mut |_| {})
}

/// [`copy_into`], telling `copied` how many bytes each chunk had (for a progress bar).
pub fn copy_into_progress(
    root: &Path,
    src: &Path,
    rel: &str,
    copied: &mut dyn FnMut(u64),
) -> Result<PathBuf> {
    // Before anything is created: a FIFO or a device is not copied.
    ensure_regular(src)?;
    let dest = resolve_inside(root, rel)?;
    if let Some(dir) = dest.parent() {
        create_dir(dir)?;
    }
    let mut tmp = temp_beside(&dest)?;
    let mut input = open_regular(src)?;
    let mut buf = vec![0u8; 1 << 17];
    loop {
        let n = input
            .read(&mut buf)
            .map_err(StorageError::io("read", src))?;
        if n == 0 {
            break;
        }
        tmp.as_file_mut()
            .write_all(&buf[..n])
            .map_err(StorageError::io("copy into", &dest))?;
        copied(n as u64);
    }
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

/// Where [`write_output`] put a command's output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Written {
    /// The target was `-` (or `/dev/stdout`): nothing was written; the caller prints the bytes.
    Stdout,
    /// A regular file, created or replaced atomically (a temporary file beside it, renamed over
    /// it). The path is the one written, symbolic links resolved.
    File(PathBuf),
    /// An existing character device or named pipe (a terminal, `/dev/null`, a FIFO, a process
    /// substitution), opened for writing and written in place: never replaced.
    InPlace(PathBuf),
}

/// The names that mean standard output.
const STDOUT_NAMES: [&str; 4] = ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"];

/// What a workspace is made of: an output that lands on one of these (or on any `.ron` file of
/// the workspace, such as a workflow file) is refused.
const WORKSPACE_OWN: [&str; 6] = [
    "jalon.ron",
    "checks.ron",
    "history",
    "evidence",
    "referentials",
    ".jalon",
];

/// Writes a command's output (`-o FILE`, `--ics FILE`) to `target`:
///
/// - `-` (and `/dev/stdout`) is standard output: nothing is written, [`Written::Stdout`] tells the
///   caller to print the bytes (storage prints nothing);
/// - a path inside `workspace_root` that is one of the workspace's own files (`jalon.ron`,
///   `checks.ron`, `history/`, `evidence/`, `referentials/`, `.jalon/`, or any `.ron` file) is
///   refused, the path resolved first (relative to the current folder, `..`, symbolic links);
/// - a symbolic link is written through: the link stays, the file it leads to is written, under
///   the same rules (a link to nothing is refused);
/// - an existing character device or named pipe is opened and written in place, never replaced;
///   a folder, a block device or a socket is refused;
/// - anything else (a regular file, or nothing yet) is written atomically, as [`write_atomic`].
pub fn write_output(target: &Path, bytes: &[u8], workspace_root: Option<&Path>) -> Result<Written> {
    if STDOUT_NAMES.iter().any(|n| target.as_os_str() == *n) {
        return Ok(Written::Stdout);
    }
    let resolved = resolve_output(target)?;
    if let Some(root) = workspace_root {
        refuse_workspace_own(target, &resolved, root)?;
    }
    write_resolved(target, resolved, bytes)
}

/// [`write_output`] for an output made from several workspaces (`jalon portfolio --ics`): refused
/// over the own files of any of `roots`. A root that is not a folder (a workspace that could not
/// be read because it is missing) has nothing to protect and is passed over.
pub fn write_output_outside(target: &Path, bytes: &[u8], roots: &[&Path]) -> Result<Written> {
    if STDOUT_NAMES.iter().any(|n| target.as_os_str() == *n) {
        return Ok(Written::Stdout);
    }
    let resolved = resolve_output(target)?;
    for root in roots.iter().filter(|r| r.is_dir()) {
        refuse_workspace_own(target, &resolved, root)?;
    }
    write_resolved(target, resolved, bytes)
}

/// Writes `bytes` to `resolved` (the target with its links followed), as [`write_output`] says.
fn write_resolved(target: &Path, resolved: PathBuf, bytes: &[u8]) -> Result<Written> {
    let meta = match fs::metadata(&resolved) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(StorageError::io("write", target)(e)),
    };
    let Some(meta) = meta else {
        write_atomic(&resolved, bytes)?;
        return Ok(Written::File(resolved));
    };
    let kind = meta.file_type();
    if kind.is_file() {
        write_atomic(&resolved, bytes)?;
        return Ok(Written::File(resolved));
    }
    if writable_in_place(&kind) {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .open(&resolved)
            .map_err(StorageError::io("write", target))?;
        file.write_all(bytes)
            .and_then(|()| file.flush())
            .map_err(StorageError::io("write", target))?;
        return Ok(Written::InPlace(resolved));
    }
    Err(StorageError::invalid(
        Diagnostic::new(
            target,
            format!(
                "is {}; jalon writes its output to a file, a terminal, a pipe or a character device",
                kind_name(&kind)
            ),
        )
        .hint("give a file name, or `-` for standard output"),
    ))
}

#[cfg(unix)]
fn writable_in_place(kind: &fs::FileType) -> bool {
    use std::os::unix::fs::FileTypeExt;
    kind.is_char_device() || kind.is_fifo()
}

#[cfg(not(unix))]
fn writable_in_place(_: &fs::FileType) -> bool {
    false
}

/// `target` made absolute (from the current folder) with every symbolic link of the part that
/// exists resolved, and `.`/`..` of the part that does not yet exist applied to the names (they
/// will be folders jalon creates, not links).
fn resolve_output(target: &Path) -> Result<PathBuf> {
    let abs = std::path::absolute(target).map_err(StorageError::io("resolve", target))?;
    let mut real = PathBuf::new();
    let mut exists = true;
    for c in abs.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => real.push(c),
            Component::CurDir => {}
            // `real` has no link in it, so its parent is the real parent.
            Component::ParentDir => {
                real.pop();
            }
            Component::Normal(name) => {
                real.push(name);
                if !exists {
                    continue;
                }
                match fs::symlink_metadata(&real) {
                    Ok(_) => {
                        real = real.canonicalize().map_err(|e| {
                            if e.kind() == std::io::ErrorKind::NotFound {
                                StorageError::invalid(
                                    Diagnostic::new(
                                        target,
                                        format!(
                                            "leads through the symbolic link {} to nothing",
                                            real.display()
                                        ),
                                    )
                                    .hint("jalon writes through a link only to a file or folder that exists; fix the link or give another path"),
                                )
                            } else {
                                StorageError::io("resolve", target)(e)
                            }
                        })?;
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => exists = false,
                    Err(e) => return Err(StorageError::io("resolve", target)(e)),
                }
            }
        }
    }
    Ok(real)
}

/// Refuses an output that would land on one of the workspace's own files.
fn refuse_workspace_own(target: &Path, resolved: &Path, root: &Path) -> Result<()> {
    let real_root = root
        .canonicalize()
        .map_err(StorageError::io("resolve", root))?;
    let Ok(rel) = resolved.strip_prefix(&real_root) else {
        return Ok(());
    };
    let first = rel.components().next().and_then(|c| match c {
        Component::Normal(n) => n.to_str(),
        _ => None,
    });
    let own = match first {
        None => true,
        Some(first) => WORKSPACE_OWN.iter().any(|o| first.eq_ignore_ascii_case(o)),
    };
    let ron = rel
        .extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| x.eq_ignore_ascii_case("ron"));
    if !own && !ron {
        return Ok(());
    }
    let what = if rel.as_os_str().is_empty() {
        "is the workspace folder itself".to_owned()
    } else {
        format!("would overwrite {}, a file of the workspace", rel.display())
    };
    Err(StorageError::invalid(
        Diagnostic::new(
            target,
            format!("{what}; jalon never writes a report or an export over the workspace's own files"),
        )
        .hint("write it outside jalon.ron, checks.ron, history/, evidence/, referentials/, .jalon/ and the workspace's .ron files, or give `-` for standard output"),
    ))
}

/// What `stat` says of a file, to tell whether it changed since it was last read: its size, its
/// modification and change times (nanoseconds) and its inode. Any write changes the change time,
/// even one that puts the modification time back.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileKey {
    pub len: u64,
    pub modified: i128,
    pub changed: i128,
    pub inode: u64,
}

impl FileKey {
    pub fn of(meta: &fs::Metadata) -> FileKey {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
            FileKey {
                len: meta.len(),
                modified: ns(meta.mtime(), meta.mtime_nsec()),
                changed: ns(meta.ctime(), meta.ctime_nsec()),
                inode: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let ns = |t: std::io::Result<std::time::SystemTime>| {
                t.ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos() as i128)
            };
            FileKey {
                len: meta.len(),
                modified: ns(meta.modified()),
                changed: ns(meta.created()),
                inode: 0,
            }
        }
    }
}

/// A file found by [`list_files`]: its name, and its `stat`, or why it is not read.
pub struct Listed {
    pub name: String,
    pub key: Result<FileKey>,
}

/// What [`list_files`] found in a folder: the files asked for, and how many temporary files of
/// interrupted writes lie beside them.
pub struct Listing {
    pub files: Vec<Listed>,
    pub temporaries: usize,
}

/// The files of folder `dir` whose names end with `.{ext}`, sorted by name (bytes), each with
/// its `stat`. One `lstat` per file: a plain file inside a folder that is inside the workspace
/// (`real_root`, resolved once by the caller) cannot lead out of it; only a symbolic link is
/// resolved. A link out of the workspace, or anything but a regular file, is listed with the
/// reason it is not read. A missing folder is empty.
pub fn list_files(dir: &Path, real_root: &Path, ext: &str) -> Result<Listing> {
    let rd = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Listing {
                files: Vec::new(),
                temporaries: 0,
            });
        }
        Err(e) => return Err(StorageError::io("list", dir)(e)),
    };
    let suffix = format!(".{ext}");
    let mut found = Vec::new();
    let mut temporaries = 0;
    for entry in rd {
        let entry = entry.map_err(StorageError::io("list", dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(&suffix) {
            found.push((name, entry));
        } else if name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX) {
            temporaries += 1;
        }
    }
    found.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    // A `stat` costs a system call per file (about 4 µs on a small virtual machine): the largest
    // part of reading a large history whose entries are cached. They are independent: they run
    // on the cores left (one decodes the cache meanwhile, see `history::load_with`).
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get().saturating_sub(1))
        .clamp(1, 8);
    let chunk = found.len().div_ceil(threads).max(1024);
    let mut out: Vec<Listed> = Vec::with_capacity(found.len());
    std::thread::scope(|scope| {
        let workers: Vec<_> = found
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(name, entry)| Listed {
                            name: name.clone(),
                            key: key_of(entry, real_root),
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for w in workers {
            match w.join() {
                Ok(part) => out.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    Ok(Listing {
        files: out,
        temporaries,
    })
}

/// The `stat` of a listed file: one `lstat`; a symbolic link is followed only inside the
/// workspace.
fn key_of(entry: &fs::DirEntry, real_root: &Path) -> Result<FileKey> {
    let path = entry.path();
    let kind = entry.file_type().map_err(StorageError::io("read", &path))?;
    let meta = if kind.is_symlink() {
        let real = path
            .canonicalize()
            .map_err(StorageError::io("resolve", &path))?;
        if !real.starts_with(real_root) {
            return Err(StorageError::Escapes {
                path: path.clone(),
                reason: "path leads outside the workspace through a symbolic link".to_owned(),
            });
        }
        fs::metadata(&path).map_err(StorageError::io("read", &path))?
    } else {
        entry.metadata().map_err(StorageError::io("read", &path))?
    };
    if !meta.is_file() {
        return Err(not_regular(&path, &meta.file_type()));
    }
    Ok(FileKey::of(&meta))
}

/// Replaces `path` with `bytes` atomically (readers see the old content or the new), without
/// making it durable: for derived files (caches) that are rebuilt when lost or torn.
pub fn replace_unsynced(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut tmp = temp_beside(path)?;
    tmp.write_all(bytes)
        .map_err(StorageError::io("write", path))?;
    tmp.persist(path).map_err(|e| StorageError::Io {
        action: "write",
        path: path.to_owned(),
        source: e.error,
    })?;
    Ok(())
}

/// The size of the file at `path` (links followed), or 0 if it cannot be read: for a progress
/// bar's total, before the file is hashed.
pub fn file_len(path: &Path) -> u64 {
    fs::metadata(path).map_or(0, |m| m.len())
}

/// The `stat` key of the file at `path`.
pub fn file_key(path: &Path) -> Result<FileKey> {
    let meta = fs::symlink_metadata(path).map_err(StorageError::io("read", path))?;
    Ok(FileKey::of(&meta))
}
