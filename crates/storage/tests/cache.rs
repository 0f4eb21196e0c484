//! The cache of parsed entries under `.jalon/cache/`: rebuilt silently when missing, stale or
//! corrupt, and never hiding a change made to history behind jalon's back.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use storage::history::{Read, load_with};
use storage::{Act, History, Manifest, NewEntry, Workspace};

const CACHE: &str = ".jalon/cache/history.msgpack";

fn ws(dir: &Path) -> Workspace {
    let m = Manifest::new("P".into(), "S".into(), vec![grid::ServiceKind::Iaas]);
    Workspace::create(&dir.join("ws"), &m).expect("create")
}

fn entry(n: usize) -> NewEntry {
    NewEntry {
        recorded: DateTime::parse_from_rfc3339("2026-01-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
            + chrono::Duration::seconds(n as i64),
        actor: "a@example.org".into(),
        on_behalf_of: None,
        date: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Duration::days(n as i64),
        note: Some(format!("note {n}")),
        cycle: None,
        signer: None,
        act: Act::Kinds {
            kinds: vec![grid::ServiceKind::Iaas],
        },
    }
}

/// A workspace of `n` entries, written as a batch.
fn written(dir: &Path, n: usize) -> Workspace {
    let ws = ws(dir);
    let lock = ws.lock().unwrap();
    let mut h = ws.history().unwrap();
    ws.append_all(&lock, &mut h, (0..n).map(entry).collect(), None)
        .unwrap();
    ws
}

/// What a read says, to compare a cached read with the files themselves.
fn summary(
    h: &History,
) -> (
    Vec<dossier::Entry>,
    Vec<storage::EntryFileInfo>,
    Vec<String>,
    usize,
) {
    (
        h.records.clone(),
        h.files.clone(),
        h.heads.clone(),
        h.problems.len(),
    )
}

fn cached(root: &Path) -> History {
    load_with(root, Read::Cached).expect("cached read")
}

fn files(root: &Path) -> History {
    load_with(root, Read::Files).expect("read of the files")
}

fn entry_path(root: &Path, h: &History, i: usize) -> PathBuf {
    root.join(&h.files[i].path)
}

#[test]
fn a_missing_cache_is_built_and_then_read_back_the_same() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = written(tmp.path(), 30);
    let root = ws.root();
    std::fs::remove_file(root.join(CACHE)).ok();
    let first = cached(root);
    assert!(root.join(CACHE).is_file(), "the read built the cache");
    let second = cached(root);
    assert_eq!(summary(&first), summary(&files(root)));
    assert_eq!(summary(&second), summary(&first));
    assert_eq!(first.len(), 30);
}

#[test]
fn a_corrupt_or_truncated_cache_is_rebuilt_silently() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = written(tmp.path(), 20);
    let root = ws.root();
    cached(root);
    let whole = std::fs::read(root.join(CACHE)).unwrap();
    let truth = summary(&files(root));
    for broken in [
        whole[..whole.len() / 2].to_vec(),
        whole[..whole.len() - 1].to_vec(),
        b"not a cache at all".to_vec(),
        // A length cut short after the last whole record, and one claiming more than the file.
        [whole.as_slice(), &[7, 0]].concat(),
        [whole.as_slice(), &u32::MAX.to_le_bytes(), b"x"].concat(),
        Vec::new(),
        whole.iter().map(|b| b ^ 0x5a).collect(),
    ] {
        std::fs::write(root.join(CACHE), &broken).unwrap();
        assert_eq!(summary(&cached(root)), truth);
        // Rebuilt whole: the next read decodes it.
        assert_eq!(summary(&cached(root)), truth);
        assert_ne!(std::fs::read(root.join(CACHE)).unwrap(), broken);
    }
}

#[test]
fn an_entry_edited_behind_jalons_back_is_read_again_even_with_its_times_put_back() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = written(tmp.path(), 10);
    let root = ws.root();
    let h = cached(root);
    assert!(h.problems.is_empty());
    let path = entry_path(root, &h, 4);
    let meta = std::fs::metadata(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    // The same size, the same modification time: only the change time shows it.
    let edited = text.replace("note 4", "note 9");
    assert_eq!(edited.len(), text.len());
    std::fs::write(&path, &edited).unwrap();
    let f = std::fs::File::options().write(true).open(&path).unwrap();
    f.set_modified(meta.modified().unwrap()).unwrap();
    drop(f);
    let after = cached(root);
    // It no longer matches its name, and the entry after it follows a hash no file has.
    assert!(
        after.problems[0]
            .message
            .contains("changed after it was written"),
        "{:?}",
        after.problems
    );
    assert_eq!(after.problems.len(), 2, "{:?}", after.problems);
    assert_eq!(after.records[4].note.as_deref(), Some("note 9"));
    assert_eq!(summary(&after), summary(&files(root)));
}

#[test]
fn entries_added_or_removed_behind_jalons_back_are_seen() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = written(tmp.path(), 8);
    let root = ws.root().to_owned();
    cached(&root);
    // Another clone writes two entries; git brings them in.
    let other = tmp.path().join("other");
    copy_dir(&root, &other);
    let ows = Workspace::open(&other).unwrap();
    let lock = ows.lock().unwrap();
    let mut oh = ows.history().unwrap();
    let added = ows
        .append_all(&lock, &mut oh, vec![entry(20), entry(21)], None)
        .unwrap();
    drop(lock);
    for rel in &added {
        std::fs::copy(other.join(rel), root.join(rel)).unwrap();
    }
    let h = cached(&root);
    assert_eq!(h.len(), 10);
    assert_eq!(h.records[9].note.as_deref(), Some("note 21"));
    assert_eq!(summary(&h), summary(&files(&root)));

    // A checkout that removes an entry: the one after it follows a missing parent.
    let gone = h.files[3].path.clone();
    std::fs::remove_file(root.join(&gone)).unwrap();
    let h = cached(&root);
    assert_eq!(h.len(), 9);
    assert!(
        h.problems
            .iter()
            .any(|p| p.message.contains("missing from history")),
        "{:?}",
        h.problems
    );
    assert_eq!(summary(&h), summary(&files(&root)));
}

#[test]
fn what_jalon_writes_is_in_the_cache_and_reads_back_as_the_files_say() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = written(tmp.path(), 5);
    let root = ws.root();
    cached(root);
    let lock = ws.lock().unwrap();
    let mut h = ws.history().unwrap();
    ws.append(&lock, &mut h, entry(6), None).unwrap();
    ws.append_all(&lock, &mut h, vec![entry(7), entry(8)], None)
        .unwrap();
    drop(lock);
    // The in-memory history after the writes is what a fresh read gives.
    assert_eq!(summary(&h), summary(&files(root)));
    assert_eq!(summary(&cached(root)), summary(&h));
}

#[cfg(unix)]
#[test]
fn a_cache_that_is_a_link_or_a_fifo_is_neither_followed_nor_waited_for() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = written(tmp.path(), 5);
    let root = ws.root();
    let truth = summary(&files(root));
    let outside = tmp.path().join("outside.bin");
    std::fs::write(&outside, b"precious").unwrap();
    std::fs::remove_file(root.join(CACHE)).ok();
    std::os::unix::fs::symlink(&outside, root.join(CACHE)).unwrap();
    // A write appends to the cache only if it is a plain file.
    let lock = ws.lock().unwrap();
    let mut h = ws.history().unwrap();
    ws.append(&lock, &mut h, entry(9), None).unwrap();
    drop(lock);
    assert_eq!(std::fs::read(&outside).unwrap(), b"precious");
    assert_eq!(cached(root).len(), 6);

    std::fs::remove_file(root.join(CACHE)).ok();
    let status = std::process::Command::new("mkfifo")
        .arg(root.join(CACHE))
        .status()
        .unwrap();
    assert!(status.success());
    let h = cached(root);
    assert_eq!(h.len(), 6);
    assert_eq!(truth.0.len() + 1, h.len());
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}
