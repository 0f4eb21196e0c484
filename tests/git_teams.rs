//! Working together through git: merges, clocks, line endings, interrupted writes, truncation.
//! Every test drives real `git` on a workspace made by `jalon init`.

use std::path::Path;
use std::process::Command;

use crate::util::{Scratch, json};

/// Runs git in `dir` with a fixed identity; panics with its output when it fails.
pub(crate) fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A workspace `ws` in its own git repository, with one commit.
fn repo() -> Scratch {
    let s = Scratch::new();
    s.workspace();
    let ws = s.join("ws");
    git(&ws, &["init", "-q"]);
    git(&ws, &["add", "-A"]);
    git(&ws, &["commit", "-qm", "init"]);
    s
}

fn commit_all(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", message]);
}

fn finding(s: &Scratch, title: &str) -> String {
    let out = s.ok(&[
        "-C",
        "ws",
        "finding",
        "add",
        "--requirement",
        "5.1.a",
        "--severity",
        "minor",
        "--title",
        title,
        "--format",
        "json",
    ]);
    json(&out)["id"].as_str().unwrap().to_owned()
}

#[test]
fn two_branches_adding_findings_evidence_and_the_same_event_merge_without_lock_out() {
    let s = repo();
    let ws = s.join("ws");
    std::fs::write(s.join("a.txt"), "evidence a\n").unwrap();
    std::fs::write(s.join("b.txt"), "evidence b\n").unwrap();
    git(&ws, &["checkout", "-qb", "b"]);
    assert_eq!(finding(&s, "Found on branch b"), "F-0001");
    s.ok(&[
        "-C", "ws", "evidence", "add", "b.txt", "--title", "B's", "--copy",
    ]);
    s.ok(&[
        "-C",
        "ws",
        "journey",
        "record",
        "request-submitted",
        "--date",
        "2026-01-06",
    ]);
    // Branch b goes on with its finding after opening it.
    s.ok(&[
        "-C",
        "ws",
        "finding",
        "plan",
        "F-0001",
        "--action",
        "fix b",
        "--owner",
        "ops",
        "--due",
        "2027-01-01",
    ]);
    commit_all(&ws, "branch b");
    git(&ws, &["checkout", "-q", "main"]);
    assert_eq!(finding(&s, "Found on branch main"), "F-0001");
    s.ok(&[
        "-C", "ws", "evidence", "add", "a.txt", "--title", "A's", "--copy",
    ]);
    s.ok(&[
        "-C",
        "ws",
        "journey",
        "record",
        "request-submitted",
        "--date",
        "2026-01-07",
    ]);
    commit_all(&ws, "branch main");
    git(&ws, &["merge", "-q", "--no-edit", "b"]);

    // No lock-out: verify exits 0 and only warns, naming the settling command.
    let (code, out, err) = s.run(&["-C", "ws", "verify"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("was given on two branches"), "{out}");
    assert!(out.contains("jalon history retract"), "{out}");
    // Finding and evidence ids are distinct; branch b's plan follows its own finding.
    let findings = json(&s.ok(&["-C", "ws", "finding", "list", "--all", "--format", "json"]));
    let list = findings["findings"].as_array().unwrap();
    let mut ids: Vec<&str> = list.iter().map(|f| f["id"].as_str().unwrap()).collect();
    ids.sort();
    assert_eq!(ids, ["F-0001", "F-0002"]);
    let planned: Vec<&str> = list
        .iter()
        .filter(|f| f["status"] == "action-planned")
        .map(|f| f["title"].as_str().unwrap())
        .collect();
    assert_eq!(planned, ["Found on branch b"]);
    let evidence = json(&s.ok(&["-C", "ws", "evidence", "list", "--format", "json"]));
    let mut eids: Vec<&str> = evidence["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    eids.sort();
    assert_eq!(eids, ["E-0001", "E-0002"]);
    // Writes work, and the next id is free on both sides.
    assert_eq!(finding(&s, "After the merge"), "F-0003");
    // The duplicate event is settled by retracting one; verify is then quiet about it.
    let left_out: Vec<String> =
        json(&s.ok(&["-C", "ws", "history", "list", "--format", "json"]))["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["status"] == "left-out")
            .map(|e| e["file"].as_str().unwrap().to_owned())
            .collect();
    assert_eq!(left_out.len(), 1, "one request-submitted is left out");
    s.ok(&[
        "-C",
        "ws",
        "history",
        "retract",
        &left_out[0],
        "--note",
        "recorded on two branches",
    ]);
    // The timeline holds the event once: the retracted duplicate is not part of it.
    let timeline = json(&s.ok(&["-C", "ws", "journey", "--format", "json"]));
    let events: Vec<&str> = timeline["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(events, ["request-submitted"]);
    let out = s.ok(&["-C", "ws", "verify", "--format", "json"]);
    let v = json(&out);
    assert_eq!(v["ok"], true);
    assert!(
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|w| !w["message"].as_str().unwrap().contains("left out")),
        "{out}"
    );
}

#[test]
fn an_entry_recorded_before_its_parent_by_a_skewed_clock_only_warns() {
    let s = repo();
    let ws = s.join("ws");
    finding(&s, "First");
    // Rewrite the first entry as if its writer's clock ran two minutes ahead: recorded later
    // than the next entry (a consistent entry, name and hash included).
    let history = ws.join("history");
    let first = std::fs::read_dir(&history)
        .unwrap()
        .map(|e| e.unwrap().path())
        .next()
        .unwrap();
    let text = std::fs::read_to_string(&first).unwrap();
    let recorded = text
        .lines()
        .find(|l| l.trim_start().starts_with("recorded:"))
        .unwrap()
        .to_owned();
    let ahead = "    recorded: \"2099-01-01T00:00:00Z\",";
    let skewed = text.replace(&recorded, ahead);
    std::fs::remove_file(&first).unwrap();
    let hash = sha2_hex(skewed.as_bytes());
    std::fs::write(
        history.join(format!("20990101T000000.000Z-{}.ron", &hash[..16])),
        &skewed,
    )
    .unwrap();
    finding(&s, "Second, with a correct clock");
    let (code, out, err) = s.run(&["-C", "ws", "verify"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("a writer's clock was off"), "{out}");
    // And nobody is locked out.
    finding(&s, "Third");
}

fn sha2_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn a_core_autocrlf_clone_of_a_workspace_made_by_init_verifies_clean() {
    let s = repo();
    let ws = s.join("ws");
    assert!(
        std::fs::read_to_string(ws.join(".gitattributes"))
            .unwrap()
            .contains("history/** -text")
    );
    s.ok(&[
        "-C",
        "ws",
        "finding",
        "add",
        "--requirement",
        "5.1.a",
        "--severity",
        "minor",
        "--title",
        "A finding",
        "--note",
        "a note\non two lines",
    ]);
    std::fs::write(s.join("notes.txt"), "line one\nline two\n").unwrap();
    s.ok(&[
        "-C",
        "ws",
        "evidence",
        "add",
        "notes.txt",
        "--title",
        "Notes",
        "--copy",
    ]);
    commit_all(&ws, "work");
    git(
        s.path(),
        &["-c", "core.autocrlf=true", "clone", "-q", "ws", "clone"],
    );
    let (code, out, err) = s.run(&["-C", "clone", "verify"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("warning"), "{out}");
}

#[test]
fn a_checkout_that_converted_line_endings_says_so_once_not_tampered() {
    let s = repo();
    let ws = s.join("ws");
    finding(&s, "One");
    finding(&s, "Two");
    // What a checkout without the .gitattributes does under core.autocrlf=true.
    for e in std::fs::read_dir(ws.join("history")).unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, text.replace('\n', "\r\n")).unwrap();
    }
    let (code, out, err) = s.run(&["-C", "ws", "verify"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out.matches("line endings converted").count(), 1, "{out}");
    assert!(out.contains("git add --renormalize"), "{out}");
    assert!(!out.contains("changed after it was written"), "{out}");
    let list = json(&s.ok(&["-C", "ws", "finding", "list", "--format", "json"]));
    assert_eq!(list["findings"].as_array().unwrap().len(), 2);
}

#[test]
fn leftover_temporary_files_are_reported_and_removed_by_the_next_write() {
    let s = repo();
    let ws = s.join("ws");
    std::fs::write(ws.join("history/.jalon-tmp-XYZ123.part"), "half an entry").unwrap();
    let (code, out, _) = s.run(&["-C", "ws", "verify"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("history/.jalon-tmp-XYZ123.part") && out.contains("interrupted write"),
        "{out}"
    );
    // A refused command writes nothing, and removes nothing either.
    let (code, _, _) = s.run(&["-C", "ws", "finding", "close", "F-0042"]);
    assert_eq!(code, 2);
    assert!(ws.join("history/.jalon-tmp-XYZ123.part").exists());
    finding(&s, "Any write");
    assert!(!ws.join("history/.jalon-tmp-XYZ123.part").exists());
}

#[test]
fn truncated_history_is_reported_against_the_last_commit() {
    let s = repo();
    let ws = s.join("ws");
    finding(&s, "One");
    finding(&s, "Two");
    commit_all(&ws, "two findings");
    // Delete the newest entry: no child names it, only git knows it was there.
    let mut entries: Vec<_> = std::fs::read_dir(ws.join("history"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    let newest = entries.last().unwrap().clone();
    std::fs::remove_file(&newest).unwrap();
    let (code, out, _) = s.run(&["-C", "ws", "verify"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("history truncated?"), "{out}");
    assert!(
        out.contains(&*newest.file_name().unwrap().to_string_lossy()),
        "{out}"
    );
    // Restored from git, it verifies again.
    git(&ws, &["checkout", "-q", "HEAD", "--", "history/"]);
    s.ok(&["-C", "ws", "verify"]);
}
