//! Tamper evidence: `jalon verify` detects and names any edited, deleted, reordered or inserted past
//! entry and any evidence copy whose bytes changed. What it cannot see (a whole history rewritten
//! consistently, the latest entries cut off, a forged but well-formed entry) is pinned here too, as
//! docs/SECURITY.md describes.

use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::util::{Scratch, TODAY};

/// A small workspace: evidence (copied), a finding citing it, a verdict, a journey event.
fn workspace() -> Scratch {
    let s = Scratch::new();
    s.workspace();
    std::fs::write(s.join("policy.txt"), "Access control policy, v1.\n").unwrap();
    for args in [
        &[
            "evidence",
            "add",
            "policy.txt",
            "--title",
            "Policy",
            "--copy",
        ][..],
        &[
            "finding",
            "add",
            "--requirement",
            "12.3.a",
            "--severity",
            "major",
            "--title",
            "Shared hypervisors",
            "--evidence",
            "E-0001",
        ],
        &["assess", "5.1.a", "--verdict", "conform"],
        &[
            "journey",
            "record",
            "request-submitted",
            "--date",
            "2026-01-05",
        ],
    ] {
        let mut v = vec!["-C", "ws"];
        v.extend_from_slice(args);
        s.ok(&v);
    }
    s
}

/// The history entries, oldest first (their names start with the recording time).
fn entries(ws: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(ws.join("history"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

fn name(path: &Path) -> String {
    format!("history/{}", path.file_name().unwrap().to_string_lossy())
}

/// `jalon verify` on `ws`: (exit code, stdout + stderr).
fn verify(ws: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_jalon"))
        .args(["-C", &ws.display().to_string(), "verify"])
        .env("JALON_TODAY", TODAY)
        .env("JALON_ACTOR", "officer@example.org")
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("jalon runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum Mutation {
    /// The byte at this position replaced by another (its lowest bit flipped).
    Replace(usize),
    /// The byte at this position removed.
    Delete(usize),
}

impl Mutation {
    fn apply(self, bytes: &[u8]) -> Vec<u8> {
        let mut out = bytes.to_vec();
        match self {
            Mutation::Replace(i) => out[i] ^= 0x01,
            Mutation::Delete(i) => {
                out.remove(i);
            }
        }
        out
    }
}

/// How `jalon verify` took a mutation.
#[derive(Default, Debug)]
struct Outcome {
    /// Reported: the entry no longer matches the hash in its name (and what follows from it).
    hash_mismatch: usize,
    /// Refused as unparsable (RON syntax, unknown field or variant, invalid UTF-8…).
    unparsable: usize,
    /// Passed silently: must stay 0.
    silent: Vec<String>,
}

#[test]
#[allow(
    clippy::print_stderr,
    reason = "the count of mutations is the test's report (run with --nocapture)"
)]
fn every_single_byte_edit_or_deletion_of_any_entry_is_detected_and_named() {
    let s = workspace();
    let ws = s.join("ws");
    assert_eq!(verify(&ws).0, 0, "the workspace verifies before tampering");
    let files: Vec<(String, Vec<u8>)> = entries(&ws)
        .iter()
        .map(|p| (name(p), std::fs::read(p).unwrap()))
        .collect();
    assert_eq!(files.len(), 4);
    let mut jobs: Vec<(usize, Mutation)> = Vec::new();
    for (f, (_, bytes)) in files.iter().enumerate() {
        for i in 0..bytes.len() {
            jobs.push((f, Mutation::Replace(i)));
            jobs.push((f, Mutation::Delete(i)));
        }
    }
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().min(8));
    let started = std::time::Instant::now();
    let results: Vec<Outcome> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let (jobs, files, ws) = (&jobs, &files, &ws);
                scope.spawn(move || {
                    let mine = tempfile::tempdir().unwrap();
                    let copy = mine.path().join("ws");
                    copy_dir(ws, &copy);
                    let mut outcome = Outcome::default();
                    for &(f, m) in jobs.iter().skip(w).step_by(workers) {
                        let (rel, bytes) = &files[f];
                        let path = copy.join(rel);
                        std::fs::write(&path, m.apply(bytes)).unwrap();
                        let (code, text) = verify(&copy);
                        std::fs::write(&path, bytes).unwrap();
                        assert!(!text.contains("panicked"), "{rel} {m:?}: {text}");
                        if code == 0 {
                            outcome.silent.push(format!("{rel} {m:?}:\n{text}"));
                            continue;
                        }
                        assert_eq!(code, 1, "{rel} {m:?}: {text}");
                        assert!(
                            text.contains(rel.as_str()),
                            "{rel} {m:?} is not named:\n{text}"
                        );
                        if text.contains("changed after it was written") {
                            outcome.hash_mismatch += 1;
                        } else {
                            outcome.unparsable += 1;
                        }
                    }
                    outcome
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let hash_mismatch: usize = results.iter().map(|o| o.hash_mismatch).sum();
    let unparsable: usize = results.iter().map(|o| o.unparsable).sum();
    let silent: Vec<&String> = results.iter().flat_map(|o| &o.silent).collect();
    eprintln!(
        "tamper: {} mutations of {} entries ({} bytes): {hash_mismatch} detected by hash, \
         {unparsable} refused as unparsable, {} passed silently; {:.1} s",
        jobs.len(),
        files.len(),
        files.iter().map(|(_, b)| b.len()).sum::<usize>(),
        silent.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        silent.is_empty(),
        "passed silently:\n{}",
        silent
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(hash_mismatch + unparsable, jobs.len(), "100 % detected");
}

fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Rewrites entry `path` with `edit` applied and renames it after its new hash, as someone who
/// knows the naming scheme would: the entry is then consistent with its own name.
fn rewrite_consistently(path: &Path, edit: impl FnOnce(String) -> String) -> PathBuf {
    let text = edit(std::fs::read_to_string(path).unwrap());
    let recorded = text
        .lines()
        .find(|l| l.trim_start().starts_with("recorded:"))
        .and_then(|l| l.split('"').nth(1))
        .unwrap();
    // `2026-11-23T05:39:03.697Z` is named `20261123T053903.697Z`.
    let stamp: String = recorded
        .chars()
        .filter(|c| *c != '-' && *c != ':')
        .collect();
    let new = path.with_file_name(format!("{stamp}-{}.ron", &sha256(text.as_bytes())[..16]));
    std::fs::remove_file(path).unwrap();
    std::fs::write(&new, text).unwrap();
    new
}

#[test]
fn a_deleted_entry_is_named_by_the_entry_that_follows_it() {
    let s = workspace();
    let ws = s.join("ws");
    let files = entries(&ws);
    std::fs::remove_file(&files[1]).unwrap();
    let (code, out) = verify(&ws);
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!("{}: entry follows", name(&files[2]))),
        "{out}"
    );
    assert!(out.contains("missing from history (deleted?)"), "{out}");
    insta::assert_snapshot!(normalise(&out, &files));
}

#[test]
fn a_copied_entry_inserted_under_another_name_is_detected() {
    let s = workspace();
    let ws = s.join("ws");
    let files = entries(&ws);
    // The verdict entry copied in as if recorded later, under a made-up name.
    let inserted = ws.join("history/20991231T000000.000Z-0123456789abcdef.ron");
    std::fs::copy(&files[2], &inserted).unwrap();
    let (code, out) = verify(&ws);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "{}: this history entry was changed",
            name(&inserted)
        )),
        "{out}"
    );
    // Under a name that keeps its hash but claims another recording time: detected too (the name
    // carries the time the entry says it was recorded).
    std::fs::remove_file(&inserted).unwrap();
    let file = files[2].file_name().unwrap().to_string_lossy().into_owned();
    let (_, hash) = file.rsplit_once('-').unwrap();
    let moved = ws.join(format!("history/20991231T000000.000Z-{hash}"));
    std::fs::copy(&files[2], &moved).unwrap();
    let (code, out) = verify(&ws);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&name(&moved)), "{out}");
}

#[test]
fn reordering_by_editing_recorded_or_parents_is_detected() {
    // In place: the hash in the name no longer matches.
    for (field, from, to) in [
        ("recorded", "recorded: \"", "recorded: \"1"),
        ("parents", "parents: [", "parents: [\n        \"00\","),
    ] {
        let s = workspace();
        let ws = s.join("ws");
        let files = entries(&ws);
        let text = std::fs::read_to_string(&files[2]).unwrap();
        assert!(text.contains(from), "{field}: {text}");
        std::fs::write(&files[2], text.replacen(from, to, 1)).unwrap();
        let (code, out) = verify(&ws);
        assert_eq!(code, 1, "{field}: {out}");
        assert!(out.contains(&name(&files[2])), "{field}: {out}");
    }

    // Rehashed and renamed to match (by someone who knows the scheme): the third entry now claims
    // to follow the first, skipping the second. The fourth still names the third's old hash.
    let s = workspace();
    let ws = s.join("ws");
    let files = entries(&ws);
    let first = sha256(&std::fs::read(&files[0]).unwrap());
    let second = sha256(&std::fs::read(&files[1]).unwrap());
    rewrite_consistently(&files[2], |t| t.replace(&second, &first));
    let (code, out) = verify(&ws);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!("{}: entry follows", name(&files[3]))),
        "{out}"
    );

    // Recorded before its parent, consistently rehashed: order comes from the hash chain, not
    // from clocks (a writer's clock may be off), so the order check names it as a warning.
    let s = workspace();
    let ws = s.join("ws");
    let files = entries(&ws);
    let text = std::fs::read_to_string(&files[3]).unwrap();
    let old = text
        .lines()
        .find(|l| l.contains("recorded:"))
        .unwrap()
        .to_owned();
    let moved_back = rewrite_consistently(&files[3], |t| {
        t.replace(&old, "    recorded: \"2000-01-01T00:00:00.000Z\",")
    });
    let (code, out) = verify(&ws);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(&format!(
            "warning: {}: entry is recorded at",
            name(&moved_back)
        )) && out.contains("a writer's clock was off"),
        "{out}"
    );
}

#[test]
fn an_edited_or_deleted_evidence_copy_is_named() {
    let s = workspace();
    let ws = s.join("ws");
    let copy = ws.join("evidence/E-0001-policy.txt");
    std::fs::write(&copy, "Access control policy, v2.\n").unwrap();
    let (code, out) = verify(&ws);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("evidence/E-0001-policy.txt: evidence E-0001 changed"),
        "{out}"
    );
    insta::assert_snapshot!("evidence_changed", normalise(&out, &[]));
    std::fs::remove_file(&copy).unwrap();
    let (code, out) = verify(&ws);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("evidence/E-0001-policy.txt: evidence E-0001 missing"),
        "{out}"
    );
    // The same evidence, checked by `jalon evidence verify`.
    let (code, out, _) = s.run(&["-C", "ws", "evidence", "verify"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("E-0001  missing"), "{out}");
}

/// The limits docs/SECURITY.md states, pinned so that a change in them is noticed: the journal is
/// tamper-evident against edits of past entries, not against someone who may write the folder and
/// rewrites it consistently. Signed git commits (and a copy of the heads kept elsewhere) cover that.
#[test]
fn known_limits_truncation_of_the_latest_entry_and_a_forged_consistent_entry_pass() {
    let s = workspace();
    let ws = s.join("ws");
    let files = entries(&ws);
    // The latest entry removed: no entry names it, so nothing is missing.
    std::fs::remove_file(&files[3]).unwrap();
    assert_eq!(
        verify(&ws).0,
        0,
        "truncation of the head is not detectable from the folder alone"
    );
    // A forged entry that follows the real head, rehashed and named correctly, by anyone.
    let head = sha256(&std::fs::read(&files[2]).unwrap());
    let forged = ws.join("history/forged.ron");
    std::fs::copy(&files[2], &forged).unwrap();
    let forged = rewrite_consistently(&forged, |t| {
        let parents = t
            .lines()
            .skip_while(|l| !l.contains("parents:"))
            .nth(1)
            .unwrap()
            .to_owned();
        t.replace(&parents, &format!("        \"{head}\","))
            .replace("officer@example.org", "someone-else@example.org")
    });
    let (code, out) = verify(&ws);
    assert_eq!(code, 0, "a well-formed forged entry is accepted: {out}");
    assert!(forged.is_file());
}

/// Replaces the scratch paths and entry names by stable placeholders for snapshots.
fn normalise(text: &str, files: &[PathBuf]) -> String {
    let mut out = text.to_owned();
    for (i, f) in files.iter().enumerate() {
        out = out.replace(&name(f), &format!("history/[entry {i}]"));
        if let Ok(bytes) = std::fs::read(f) {
            out = out.replace(&sha256(&bytes), &format!("[hash of entry {i}]"));
        }
    }
    // Full hashes of deleted entries.
    let mut words: Vec<String> = out
        .split(|c: char| !c.is_ascii_hexdigit())
        .filter(|w| w.len() == 64)
        .map(str::to_owned)
        .collect();
    words.dedup();
    for (i, w) in words.iter().enumerate() {
        out = out.replace(w, &format!("[sha256 {i}]"));
    }
    out
}
