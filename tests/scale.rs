//! What the performance work changed that a user can see: verdicts recorded in one batch, all
//! or nothing; the caches under `.jalon/` never hiding a change made behind jalon's back.

use crate::util::{Scratch, json};

/// The workspace's files and their bytes (what a refused command must leave as it was).
fn ws_tree(s: &Scratch) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let ws = s.join("ws");
    s.snapshot_tree()
        .into_iter()
        .filter(|(p, _)| p.starts_with(&ws))
        .collect()
}

fn history_len(s: &Scratch) -> usize {
    std::fs::read_dir(s.join("ws/history")).unwrap().count()
}

#[test]
fn a_batch_of_verdicts_is_recorded_in_order_in_one_command() {
    let s = Scratch::new();
    s.workspace();
    std::fs::write(
        s.join("verdicts.csv"),
        "requirement,check,verdict,note\n5.1.a,c1,conform,policy read\n5.1.a,,nonconform,\"no review, yet\"\n12.3.a,c1,conform,\n",
    )
    .unwrap();
    let out = json(&s.ok(&[
        "-C",
        "ws",
        "assess",
        "--batch",
        "verdicts.csv",
        "--format",
        "json",
    ]));
    assert_eq!(out["recorded"], 3, "{out}");
    let v = out["verdicts"].as_array().unwrap();
    assert_eq!(v[0]["line"], 2);
    assert_eq!(v[1]["requirement"], "5.1.a");
    assert_eq!(v[1]["requirement_verdict"], "nonconform");
    assert_eq!(v[2]["check"], "c1");
    assert_eq!(history_len(&s), 3);
    let grid = json(&s.ok(&["-C", "ws", "grid", "--format", "json"]));
    let verdict = |id: &str| {
        grid["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()["verdict"]
            .clone()
    };
    assert_eq!(verdict("5.1.a"), "nonconform", "the later row wins");
    let verified = json(&s.ok(&["-C", "ws", "verify", "--format", "json"]));
    assert_eq!(verified["ok"], true, "{verified}");
}

#[test]
fn one_refused_row_writes_nothing_and_names_its_line() {
    let s = Scratch::new();
    s.workspace();
    std::fs::write(
        s.join("verdicts.csv"),
        "requirement,verdict\n5.1.a,conform\n5.1.b,conform\n99.9.z,conform\n",
    )
    .unwrap();
    let before = ws_tree(&s);
    let (code, _, err) = s.run(&["-C", "ws", "assess", "--batch", "verdicts.csv"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("verdicts.csv:4"), "{err}");
    assert!(err.contains("99.9.z"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(before, ws_tree(&s), "nothing was written");

    // A row that is wrong in itself is refused before anything is read.
    std::fs::write(
        s.join("bad.csv"),
        "requirement,verdict,colour\n5.1.a,conform,blue\n",
    )
    .unwrap();
    let (code, _, err) = s.run(&["-C", "ws", "assess", "--batch", "bad.csv"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("unknown column `colour`"), "{err}");
    // What the file says is quoted in the error, never obeyed by the terminal.
    std::fs::write(
        s.join("bad.csv"),
        "requirement,verdict,\u{1b}[2jx\n5.1.a,conform,\n",
    )
    .unwrap();
    let (code, _, err) = s.run(&["-C", "ws", "assess", "--batch", "bad.csv"]);
    assert_eq!(code, 2, "{err}");
    assert!(!err.contains('\u{1b}'), "{err}");
    assert!(err.contains("\\u{1b}[2jx"), "{err}");
    std::fs::write(s.join("bad.csv"), "requirement,verdict\n5.1.a,splendid\n").unwrap();
    let (code, _, err) = s.run(&["-C", "ws", "assess", "--batch", "bad.csv"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("bad.csv:2"), "{err}");
    std::fs::write(
        s.join("bad.csv"),
        "requirement,verdict\n5.1.a,not-applicable\n",
    )
    .unwrap();
    let (code, _, err) = s.run(&["-C", "ws", "assess", "--batch", "bad.csv"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("justification"), "{err}");
    assert_eq!(before, ws_tree(&s), "nothing was written");
}

#[test]
fn a_batch_reads_standard_input_as_a_french_spreadsheet_writes_it() {
    let s = Scratch::new();
    s.workspace();
    let out = s
        .jalon()
        .args(["-C", "ws", "assess", "--batch", "-"])
        .write_stdin("\u{feff}requirement;verdict;note\n5.1.a;conform;revue faite\n")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Recorded 1 verdict from standard input")
    );
    assert_eq!(history_len(&s), 1);
}

#[test]
fn an_entry_edited_behind_jalons_back_is_seen_by_every_command_despite_the_cache() {
    let s = Scratch::new();
    s.workspace();
    s.ok(&["-C", "ws", "assess", "5.1.a", "--verdict", "conform"]);
    s.ok(&["-C", "ws", "assess", "5.1.b", "--verdict", "conform"]);
    // Read once: the cache holds both entries.
    s.ok(&["-C", "ws", "status"]);
    assert!(s.join("ws/.jalon/cache/history.msgpack").is_file());
    let mut entries: Vec<_> = std::fs::read_dir(s.join("ws/history"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    let path = &entries[0];
    let meta = std::fs::metadata(path).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    // Same size, modification time put back.
    std::fs::write(path, text.replace("5.1.a", "5.1.b")).unwrap();
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(meta.modified().unwrap())
        .unwrap();
    for read in [
        &["status"][..],
        &["grid"],
        &["finding", "list"],
        &["calendar"],
    ] {
        let (code, _, err) = s.run(&[&["-C", "ws"][..], read].concat());
        assert_eq!(code, 2, "{read:?}: {err}");
        assert!(err.contains("integrity problems"), "{read:?}: {err}");
    }
    let (code, out, _) = s.run(&["-C", "ws", "verify"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("changed after it was written"), "{out}");
    // Put back, it reads again.
    std::fs::write(path, &text).unwrap();
    s.ok(&["-C", "ws", "status"]);
}

#[test]
fn a_corrupt_cache_changes_nothing_a_command_says() {
    let s = Scratch::new();
    s.workspace();
    s.ok(&["-C", "ws", "assess", "5.1.a", "--verdict", "conform"]);
    let grid = s.ok(&["-C", "ws", "grid", "--format", "json"]);
    std::fs::write(s.join("ws/.jalon/cache/history.msgpack"), b"\x93garbage").unwrap();
    assert_eq!(s.ok(&["-C", "ws", "grid", "--format", "json"]), grid);
    std::fs::remove_dir_all(s.join("ws/.jalon")).unwrap();
    assert_eq!(s.ok(&["-C", "ws", "grid", "--format", "json"]), grid);
    assert!(
        std::fs::read_to_string(s.join("ws/.jalon/.gitignore"))
            .unwrap()
            .contains('*'),
        "a rebuilt .jalon/ stays out of git"
    );
}

#[test]
fn evidence_verify_rehashes_what_changed_and_everything_with_full() {
    let s = Scratch::new();
    s.workspace();
    std::fs::write(s.join("policy.txt"), "security policy, version 3\n").unwrap();
    s.ok(&[
        "-C",
        "ws",
        "evidence",
        "add",
        "policy.txt",
        "--title",
        "PSSI",
        "--copy",
    ]);
    let first = json(&s.ok(&["-C", "ws", "evidence", "verify", "--format", "json"]));
    assert_eq!(first["ok"], true, "{first}");
    assert!(s.join("ws/.jalon/cache/evidence.msgpack").is_file());
    let copy = std::fs::read_dir(s.join("ws/evidence"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .next()
        .unwrap();
    let meta = std::fs::metadata(&copy).unwrap();
    std::fs::write(&copy, "security policy, version 4\n").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&copy)
        .unwrap()
        .set_modified(meta.modified().unwrap())
        .unwrap();
    for args in [
        &["evidence", "verify"][..],
        &["evidence", "verify", "--full"],
        &["verify"],
    ] {
        let (code, out, _) = s.run(&[&["-C", "ws"][..], args, &["--format", "json"]].concat());
        assert_eq!(code, 1, "{args:?}: {out}");
        assert!(out.contains("changed"), "{args:?}: {out}");
    }
}
