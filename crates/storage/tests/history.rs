//! The journal: append, order, and integrity checks.

use chrono::{DateTime, NaiveDate, Utc};
use storage::{Act, Manifest, NewEntry, Workspace};

fn ws(dir: &std::path::Path) -> Workspace {
    let m = Manifest::new("P".into(), "S".into(), vec![grid::ServiceKind::Iaas]);
    Workspace::create(&dir.join("ws"), &m).expect("create")
}

fn entry(event: &str, date: &str, at: &str) -> NewEntry {
    NewEntry {
        recorded: DateTime::parse_from_rfc3339(at)
            .unwrap()
            .with_timezone(&Utc),
        actor: "a@example.org".into(),
        on_behalf_of: None,
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
        note: None,
        cycle: None,
        signer: None,
        act: Act::Journey {
            event: event.into(),
            reserves: None,
            forced: false,
        },
    }
}

fn append(ws: &Workspace, e: NewEntry) -> std::path::PathBuf {
    let lock = ws.lock().unwrap();
    let mut h = ws.history().unwrap();
    let path = ws.append(&lock, &mut h, e, None).unwrap();
    // The new entry is the one head, as a fresh read says.
    assert_eq!(h.heads, ws.history().unwrap().heads);
    path
}

#[test]
fn entries_chain_to_their_predecessor_and_read_back_in_order() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = ws(tmp.path());
    append(
        &ws,
        entry("request-submitted", "2024-01-01", "2026-01-01T10:00:00Z"),
    );
    append(
        &ws,
        entry("j0-accepted", "2024-03-01", "2026-01-01T10:00:00Z"),
    ); // same second: parents order it
    append(
        &ws,
        entry("j1-accepted", "2024-06-01", "2026-01-02T10:00:00Z"),
    );
    let h = ws.history().unwrap();
    assert!(h.problems.is_empty(), "{:?}", h.problems);
    let events: Vec<_> = h
        .records()
        .iter()
        .filter_map(|r| match &r.act {
            Act::Journey { event, .. } => Some(event.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(events, ["request-submitted", "j0-accepted", "j1-accepted"]);
    assert_eq!(h.files[1].parents, vec![h.files[0].hash.clone()]);
    assert_eq!(h.heads, vec![h.files[2].hash.clone()]);
}

#[test]
fn edits_and_deletions_are_detected() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = ws(tmp.path());
    let first = append(
        &ws,
        entry("request-submitted", "2024-01-01", "2026-01-01T10:00:00Z"),
    );
    let second = append(
        &ws,
        entry("j0-accepted", "2024-03-01", "2026-01-01T11:00:00Z"),
    );
    let path = ws.root().join(&second);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("j0-accepted", "j1-accepted")).unwrap();
    let h = ws.history().unwrap();
    assert_eq!(h.problems.len(), 1);
    assert!(
        h.problems[0]
            .message
            .contains("changed after it was written")
    );
    std::fs::write(&path, text).unwrap();
    std::fs::remove_file(ws.root().join(&first)).unwrap();
    let mut h = ws.history().unwrap();
    assert!(
        h.problems
            .iter()
            .any(|p| p.message.contains("missing from history")),
        "{:?}",
        h.problems
    );
    // A history with problems refuses new entries.
    let lock = ws.lock().unwrap();
    assert!(
        ws.append(
            &lock,
            &mut h,
            entry("j1-accepted", "2024-06-01", "2026-01-03T10:00:00Z"),
            None
        )
        .is_err()
    );
}

#[test]
fn entries_from_two_branches_both_load_and_the_next_joins_them() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = ws(tmp.path());
    append(
        &ws,
        entry("request-submitted", "2024-01-01", "2026-01-01T10:00:00Z"),
    );
    let base = ws.history().unwrap();
    // Two writers that both read `base` (as on two git branches merged later).
    let lock = ws.lock().unwrap();
    ws.append(
        &lock,
        &mut base.clone(),
        entry("j0-accepted", "2024-03-01", "2026-01-02T10:00:00Z"),
        None,
    )
    .unwrap();
    ws.append(
        &lock,
        &mut base.clone(),
        entry("abandoned", "2024-04-01", "2026-01-02T11:00:00Z"),
        None,
    )
    .unwrap();
    drop(lock);
    let h = ws.history().unwrap();
    assert!(h.problems.is_empty());
    assert_eq!(h.heads.len(), 2);
    append(
        &ws,
        entry("j1-accepted", "2024-06-01", "2026-01-03T10:00:00Z"),
    );
    let h = ws.history().unwrap();
    assert_eq!(h.heads.len(), 1);
    assert_eq!(h.files.last().unwrap().parents.len(), 2);
}

#[test]
fn malformed_entry_names_file_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = ws(tmp.path());
    let p = append(
        &ws,
        entry("request-submitted", "2024-01-01", "2026-01-01T10:00:00Z"),
    );
    let path = ws.root().join(&p);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, &text[..text.len() / 2]).unwrap();
    let err = ws.history().unwrap_err().to_string();
    assert!(err.starts_with(&format!("{}:", p.display())), "{err}");
}
