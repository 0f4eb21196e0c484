//! Atomic writes and paths that must stay inside the workspace.

#[test]
fn atomic_write_replaces_and_leaves_no_temporary() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("f.ron");
    storage::write_atomic(&path, b"one").unwrap();
    storage::write_atomic(&path, b"two").unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"two");
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    // create_atomic never replaces.
    assert!(storage::create_atomic(&path, b"three").is_err());
    assert_eq!(std::fs::read(&path).unwrap(), b"two");
}

#[test]
fn paths_escaping_the_workspace_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("ws");
    std::fs::create_dir(&root).unwrap();
    assert!(storage::resolve_inside(&root, "evidence/a.pdf").is_ok());
    for bad in ["../a.pdf", "/etc/passwd", "evidence/../../a.pdf", ""] {
        assert!(storage::resolve_inside(&root, bad).is_err(), "{bad}");
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(tmp.path(), root.join("link")).unwrap();
        let err = storage::resolve_inside(&root, "link/secret.txt")
            .unwrap_err()
            .to_string();
        assert!(err.contains("symbolic link"), "{err}");
    }
}

#[test]
fn oversized_and_non_utf8_files_are_refused_with_a_place() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("bad.ron");
    std::fs::write(&path, b"(\n  name: \"caf\xe9\",\n)").unwrap();
    let err = storage::read_text(&path).unwrap_err().to_string();
    assert!(
        err.contains("bad.ron:2:") && err.contains("invalid UTF-8"),
        "{err}"
    );
    let big = tmp.path().join("big.ron");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(storage::MAX_FILE_BYTES + 1).unwrap();
    let err = storage::read_text(&big).unwrap_err().to_string();
    assert!(err.contains("more than"), "{err}");
}

/// A named pipe at `path` (with the system's `mkfifo`).
#[cfg(unix)]
fn mkfifo(path: &std::path::Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Runs `f` on another thread and gives its result, or fails after a few seconds if it blocks.
/// A blocked open of `fifo` is then released by opening it the other way (`reader`: the call
/// waits for a reader), so that a regression fails the test instead of hanging the suite.
#[cfg(unix)]
fn within_seconds<T: Send + 'static>(
    fifo: &std::path::Path,
    reader: bool,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(std::time::Duration::from_secs(5)) {
        Ok(v) => v,
        Err(_) => {
            let _ = std::fs::OpenOptions::new()
                .read(reader)
                .write(!reader)
                .open(fifo);
            panic!("blocked on the named pipe {}", fifo.display());
        }
    }
}

/// Found by testing: a FIFO named like a workspace file (`history/*.ron`, `.jalon/lock`) made
/// `status`, `verify` and every writer wait forever for a writer (or a reader) that never came.
/// Every read, hash, copy and the lock now refuse anything but a regular file, by name, without
/// opening it.
#[cfg(unix)]
#[test]
fn a_fifo_is_refused_by_name_and_never_opened() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("entry.ron");
    mkfifo(&fifo);
    let path = fifo.clone();
    let err = within_seconds(&fifo, false, move || storage::read_text(&path))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("entry.ron: is a named pipe (FIFO), not a regular file"),
        "{err}"
    );
    let path = fifo.clone();
    let err = within_seconds(&fifo, false, move || storage::hash_file(&path))
        .unwrap_err()
        .to_string();
    assert!(err.contains("is a named pipe (FIFO)"), "{err}");
    let (root, path) = (tmp.path().join("ws"), fifo.clone());
    std::fs::create_dir(&root).unwrap();
    let err = within_seconds(&fifo, false, move || {
        storage::copy_into(&root, &path, "evidence/x").map(|_| ())
    })
    .unwrap_err()
    .to_string();
    assert!(err.contains("is a named pipe (FIFO)"), "{err}");
    let lock = tmp.path().join("lock");
    mkfifo(&lock);
    let path = lock.clone();
    let err = within_seconds(&lock, true, move || {
        storage::WriteLock::acquire(&path).map(|_| ())
    })
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("lock: is a named pipe (FIFO), not a regular file"),
        "{err}"
    );
    // A regular file is read as before; a folder or a device is named for what it is.
    std::fs::write(tmp.path().join("ok.ron"), "()").unwrap();
    assert_eq!(
        storage::read_text(&tmp.path().join("ok.ron")).unwrap(),
        "()"
    );
    let err = storage::read_text(tmp.path()).unwrap_err().to_string();
    assert!(err.contains("is a folder, not a regular file"), "{err}");
    let err = storage::read_text(std::path::Path::new("/dev/zero"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("is a character device"), "{err}");
}

/// A workspace as `jalon init` leaves it, for the output tests.
fn output_workspace() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("ws");
    for dir in ["history", "evidence", "referentials", ".jalon"] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
    }
    std::fs::write(root.join("jalon.ron"), "(format: 1)").unwrap();
    std::fs::write(root.join("history/e.ron"), "()").unwrap();
    (tmp, root)
}

/// Found by testing: `-o jalon.ron` or `-o history/x.ron` replaced the workspace's own files with
/// a report (exit 0). Every spelling of a path that lands on them is refused: relative to the
/// current folder, through `..`, through a symbolic link, in another case.
#[test]
fn output_over_the_workspace_files_is_refused() {
    let (tmp, root) = output_workspace();
    let before = std::fs::read(root.join("jalon.ron")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("jalon.ron"), tmp.path().join("link.md")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&root, tmp.path().join("wslink")).unwrap();
    let bad = [
        root.join("jalon.ron"),
        root.join("checks.ron"),
        root.join("history/x.ron"),
        root.join("history/new.md"),
        root.join("evidence/E-0001-a.pdf"),
        root.join("referentials/x.ron"),
        root.join(".jalon/lock"),
        root.join("custom.ron"),
        root.join("HISTORY/x.md"),
        root.join("history/../jalon.ron"),
        root.join("not-yet/../jalon.ron"),
        tmp.path().join("link.md"),
        tmp.path().join("wslink/jalon.ron"),
        tmp.path().join("ws/./history/y.md"),
    ];
    for target in &bad {
        let err = storage::write_output(target, b"report", Some(&root))
            .expect_err(&target.display().to_string());
        assert!(
            err.to_string().contains(
                "jalon never writes a report or an export over the workspace's own files"
            ),
            "{}: {err}",
            target.display()
        );
    }
    assert_eq!(std::fs::read(root.join("jalon.ron")).unwrap(), before);
    assert!(!root.join("checks.ron").exists());
    assert!(!root.join("not-yet").exists());
    // Next to them is fine: the workspace folder is where reports often go.
    let ok = root.join("plan.md");
    assert_eq!(
        storage::write_output(&ok, b"report", Some(&root)).unwrap(),
        storage::Written::File(ok.canonicalize().unwrap())
    );
    assert_eq!(std::fs::read(&ok).unwrap(), b"report");
    // Without a workspace, nothing is protected (there is none to protect).
    let outside = tmp.path().join("out/x.ron");
    storage::write_output(&outside, b"x", None).unwrap();
    assert_eq!(std::fs::read(&outside).unwrap(), b"x");
}

/// Found by testing: `-o /dev/null` (as root) replaced the device with a regular file, and
/// `-o /dev/stdout` replaced the link and printed nothing. `-` and `/dev/stdout` are standard
/// output (the caller prints); a character device or a FIFO is written in place; a link is
/// written through, and stays a link.
#[cfg(unix)]
#[test]
fn output_to_devices_pipes_links_and_stdout() {
    use std::path::Path;
    for name in ["-", "/dev/stdout"] {
        assert_eq!(
            storage::write_output(Path::new(name), b"x", None).unwrap(),
            storage::Written::Stdout
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    // A null device of our own where we may make one (as root), so that a regression replaces
    // that one, not the system's; elsewhere /dev/null, which a regression cannot replace.
    let own = tmp.path().join("null");
    let made = std::process::Command::new("mknod")
        .arg(&own)
        .args(["c", "1", "3"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let null = if made {
        own.clone()
    } else {
        "/dev/null".into()
    };
    assert_eq!(
        storage::write_output(&null, b"x", None).unwrap(),
        storage::Written::InPlace(null.canonicalize().unwrap())
    );
    assert!(
        std::fs::symlink_metadata(&null)
            .unwrap()
            .file_type()
            .is_char_device_like(),
        "{} was replaced",
        null.display()
    );
    if made {
        std::fs::remove_file(&own).unwrap();
    }

    let fifo = tmp.path().join("pipe");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    let path = fifo.clone();
    let written = within_seconds(&fifo, true, move || {
        storage::write_output(&path, b"through the pipe", None)
    })
    .unwrap();
    assert!(
        matches!(written, storage::Written::InPlace(_)),
        "{written:?}"
    );
    assert_eq!(reader.join().unwrap(), b"through the pipe");
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo_like(),
        "the FIFO was replaced"
    );

    let real = tmp.path().join("real.md");
    std::fs::write(&real, "old").unwrap();
    let link = tmp.path().join("link.md");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    storage::write_output(&link, b"new", None).unwrap();
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(std::fs::read(&real).unwrap(), b"new");

    let dangling = tmp.path().join("dangling.md");
    std::os::unix::fs::symlink(tmp.path().join("nowhere/x.md"), &dangling).unwrap();
    let err = storage::write_output(&dangling, b"x", None).unwrap_err();
    assert!(err.to_string().contains("to nothing"), "{err}");
    let err = storage::write_output(tmp.path(), b"x", None).unwrap_err();
    assert!(err.to_string().contains("is a folder"), "{err}");
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 4);
}

/// `FileType` probes by name, for readable assertions.
#[cfg(unix)]
trait Kind {
    fn is_char_device_like(&self) -> bool;
    fn is_fifo_like(&self) -> bool;
}

#[cfg(unix)]
impl Kind for std::fs::FileType {
    fn is_char_device_like(&self) -> bool {
        std::os::unix::fs::FileTypeExt::is_char_device(self)
    }
    fn is_fifo_like(&self) -> bool {
        std::os::unix::fs::FileTypeExt::is_fifo(self)
    }
}
