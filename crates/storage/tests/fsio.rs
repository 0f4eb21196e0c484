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
