//! Concurrent writers: they take the writers' lock (`.jalon/lock`), read under it, and append one
//! entry after the heads they read, so ids are never duplicated, nothing is lost, and the journal
//! they write together is a chain.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use storage::{Act, History};

use crate::util::{Scratch, TODAY, json};

/// `jalon ARGS` started in the scratch folder (not waited for).
fn spawn(s: &Scratch, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_jalon"))
        .current_dir(s.path())
        .args(args)
        .env("JALON_TODAY", TODAY)
        .env("JALON_ACTOR", "officer@example.org")
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("jalon starts")
}

/// Waits for every child; each must exit 0. Returns their standard outputs, in spawn order.
fn wait_all(children: Vec<Child>) -> Vec<String> {
    children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().expect("wait");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "a concurrent writer failed: {err}");
            String::from_utf8_lossy(&out.stdout).into_owned()
        })
        .collect()
}

fn history(s: &Scratch) -> History {
    let h = storage::history::load(&s.join("ws")).expect("history loads");
    assert!(h.problems.is_empty(), "{:?}", h.problems);
    h
}

/// Writers under the lock form a chain: one root, then each entry names exactly the one before.
fn assert_chain(h: &History) {
    for pair in h.files.windows(2) {
        assert_eq!(
            pair[1].parents,
            vec![pair[0].hash.clone()],
            "{} should follow {}",
            pair[1].path.display(),
            pair[0].path.display()
        );
    }
    assert!(h.files.first().is_none_or(|e| e.parents.is_empty()));
    assert_eq!(h.heads.len(), usize::from(!h.files.is_empty()));
}

fn verify_ok(s: &Scratch) {
    let out = s.ok(&["-C", "ws", "verify"]);
    assert!(out.ends_with(": ok.\n"), "{out}");
}

#[test]
fn thirty_two_concurrent_finding_adds_get_thirty_two_distinct_ids() {
    let s = Scratch::new();
    s.workspace();
    let children: Vec<Child> = (0..32)
        .map(|i| {
            spawn(
                &s,
                &[
                    "-C",
                    "ws",
                    "finding",
                    "add",
                    "--requirement",
                    "12.3.a",
                    "--severity",
                    "minor",
                    "--title",
                    &format!("writer {i}"),
                    "--format",
                    "json",
                ],
            )
        })
        .collect();
    let printed: BTreeSet<String> = wait_all(children)
        .iter()
        .map(|o| json(o)["id"].as_str().unwrap().to_owned())
        .collect();
    let expected: BTreeSet<String> = (1..=32).map(|i| format!("F-{i:04}")).collect();
    assert_eq!(printed, expected, "every writer printed its own id");

    let list = json(&s.ok(&["-C", "ws", "finding", "list", "--format", "json"]));
    let findings = list["findings"].as_array().unwrap();
    let listed: BTreeSet<String> = findings
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(listed, expected, "none lost");
    let titles: BTreeSet<&str> = findings
        .iter()
        .map(|f| f["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 32, "each finding is its writer's");

    let h = history(&s);
    assert_eq!(h.len(), 32);
    assert_chain(&h);
    verify_ok(&s);
    assert!(s.join("ws/.jalon/lock").is_file());
}

#[test]
fn concurrent_evidence_adds_get_distinct_ids_and_their_own_copies() {
    let s = Scratch::new();
    s.workspace();
    for i in 0..16 {
        std::fs::write(s.join(&format!("e{i}.txt")), format!("evidence {i}\n")).unwrap();
    }
    let children: Vec<Child> = (0..16)
        .map(|i| {
            spawn(
                &s,
                &[
                    "-C",
                    "ws",
                    "evidence",
                    "add",
                    &format!("e{i}.txt"),
                    "--title",
                    &format!("evidence {i}"),
                    "--copy",
                    "--format",
                    "json",
                ],
            )
        })
        .collect();
    let outs = wait_all(children);
    let mut ids = BTreeSet::new();
    for (i, out) in outs.iter().enumerate() {
        let v = json(out);
        ids.insert(v["id"].as_str().unwrap().to_owned());
        let copy = v["location"]["Copy"].as_str().unwrap();
        assert_eq!(
            std::fs::read_to_string(s.join("ws").join(copy)).unwrap(),
            format!("evidence {i}\n"),
            "{copy} holds its writer's file"
        );
    }
    let expected: BTreeSet<String> = (1..=16).map(|i| format!("E-{i:04}")).collect();
    assert_eq!(ids, expected);
    assert_chain(&history(&s));
    verify_ok(&s);
}

/// The verdict an assess entry records.
fn verdict_of(act: &Act) -> &'static str {
    match act {
        Act::Assess { verdict, .. } => verdict.as_str(),
        other => panic!("not a verdict: {other:?}"),
    }
}

#[test]
fn concurrent_verdicts_on_one_requirement_chain_and_the_later_one_shows() {
    let s = Scratch::new();
    s.workspace();
    for round in 1..=8 {
        let children = ["conform", "nonconform"]
            .iter()
            .map(|v| {
                spawn(
                    &s,
                    &[
                        "-C",
                        "ws",
                        "assess",
                        "5.1.a",
                        "--verdict",
                        v,
                        "--format",
                        "json",
                    ],
                )
            })
            .collect();
        let files: BTreeSet<String> = wait_all(children)
            .iter()
            .map(|o| json(o)["file"].as_str().unwrap().to_owned())
            .collect();
        let h = history(&s);
        assert_eq!(h.len(), 2 * round, "both verdicts are in history");
        assert_chain(&h);
        let [earlier, later] = &h.files[h.files.len() - 2..] else {
            unreachable!()
        };
        let written: BTreeSet<String> = [earlier, later]
            .iter()
            .map(|e| e.path.display().to_string())
            .collect();
        assert_eq!(
            written, files,
            "the two entries are the ones the writers printed"
        );
        assert_eq!(
            later.parents,
            vec![earlier.hash.clone()],
            "the later names the earlier"
        );
        let n = h.len();
        let (earlier_act, later_act) = (&h.records[n - 2].act, &h.records[n - 1].act);
        assert_ne!(verdict_of(earlier_act), verdict_of(later_act));
        let grid = json(&s.ok(&["-C", "ws", "grid", "--format", "json"]));
        let shown = grid["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "5.1.a")
            .unwrap()["verdict"]
            .clone();
        assert_eq!(
            shown,
            verdict_of(later_act),
            "the grid shows the later verdict"
        );
    }
    verify_ok(&s);
}

#[test]
fn concurrent_team_adds_reread_the_manifest_under_the_lock_and_lose_nobody() {
    let s = Scratch::new();
    s.workspace();
    s.ok(&[
        "-C",
        "ws",
        "team",
        "add",
        "officer@example.org",
        "--role",
        "provider",
    ]);
    let children: Vec<Child> = (0..16)
        .map(|i| {
            spawn(
                &s,
                &[
                    "-C",
                    "ws",
                    "team",
                    "add",
                    &format!("evaluator{i}@example.org"),
                    "--role",
                    "evaluator",
                ],
            )
        })
        .collect();
    wait_all(children);
    let list = json(&s.ok(&["-C", "ws", "team", "list", "--format", "json"]));
    let text = list.to_string();
    for i in 0..16 {
        assert!(
            text.contains(&format!("evaluator{i}@example.org")),
            "{text}"
        );
    }
    assert!(text.contains("officer@example.org"), "{text}");
    verify_ok(&s);
}

/// Holds `.jalon/lock` as a writer would.
fn hold_lock(ws: &Path) -> std::fs::File {
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(ws.join(".jalon/lock"))
        .unwrap();
    lock.lock().unwrap();
    lock
}

#[test]
fn a_writer_waits_for_the_lock_and_then_reads_what_was_written_meanwhile() {
    let s = Scratch::new();
    s.workspace();
    // Another clone of the workspace, where someone records a verdict (as on another machine).
    let copy = Command::new("cp")
        .args(["-r", "ws", "other"])
        .current_dir(s.path())
        .status()
        .unwrap();
    assert!(copy.success());
    s.ok(&["-C", "other", "assess", "5.1.a", "--verdict", "conform"]);
    let theirs = std::fs::read_dir(s.join("other/history"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap();

    let lock = hold_lock(&s.join("ws"));
    let mut writer = spawn(
        &s,
        &["-C", "ws", "assess", "5.1.a", "--verdict", "nonconform"],
    );
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        writer.try_wait().unwrap().is_none(),
        "the writer went ahead without the lock"
    );
    assert_eq!(std::fs::read_dir(s.join("ws/history")).unwrap().count(), 0);
    // While it waits, the other entry arrives (a `git pull`).
    std::fs::copy(theirs.path(), s.join("ws/history").join(theirs.file_name())).unwrap();
    drop(lock);
    let out = writer.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let h = history(&s);
    assert_eq!(h.len(), 2);
    assert_eq!(
        h.files[1].parents,
        vec![h.files[0].hash.clone()],
        "the writer read history under the lock, not before it"
    );
    assert_eq!(verdict_of(&h.records[1].act), "nonconform");
    verify_ok(&s);
}

/// Found by this module: a writer read `jalon.ron` before taking the lock and decided on that copy,
/// so a team declared while it waited (role rules on) did not apply to it: an actor outside the
/// team recorded a verdict. The manifest is now read again under the lock.
#[test]
fn role_rules_declared_while_a_writer_waits_for_the_lock_apply_to_it() {
    let s = Scratch::new();
    s.workspace();
    let lock = hold_lock(&s.join("ws"));
    let mut writer = spawn(&s, &["-C", "ws", "assess", "5.1.a", "--verdict", "conform"]);
    std::thread::sleep(Duration::from_millis(500));
    assert!(writer.try_wait().unwrap().is_none());
    // Meanwhile a team is declared (what `jalon team add` writes); officer@example.org is not in it.
    let manifest = s.join("ws/jalon.ron");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let team = "    team: [\n        (\n            actor: \"lead@centre.example\",\n            role: \"lead-evaluator\",\n        ),\n    ],\n)\n";
    assert!(text.ends_with(")\n") && !text.contains("team:"), "{text}");
    std::fs::write(&manifest, format!("{}{team}", &text[..text.len() - 2])).unwrap();
    s.ok(&["-C", "ws", "team", "list"]);
    drop(lock);
    let out = writer.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the verdict went through: {err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(std::fs::read_dir(s.join("ws/history")).unwrap().count(), 0);
}
