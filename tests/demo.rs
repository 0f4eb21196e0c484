//! `jalon demo`: the populated example workspace, also kept under examples/demo.

use std::path::Path;

use sha2::Digest;

use crate::util::{Scratch, json};

fn files(root: &Path) -> Vec<(String, String)> {
    let mut out = vec![(
        "jalon.ron".to_owned(),
        std::fs::read_to_string(root.join("jalon.ron")).unwrap(),
    )];
    let mut history: Vec<_> = std::fs::read_dir(root.join("history"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    history.sort();
    for p in history {
        let name = format!("history/{}", p.file_name().unwrap().to_string_lossy());
        out.push((name, std::fs::read_to_string(&p).unwrap()));
    }
    // The documents the demo writes (each cycle's reports and evaluation form, in
    // reports/<cycle>/) are the same bytes every time too.
    let mut reports = Vec::new();
    let mut folders = vec![root.join("reports")];
    while let Some(folder) = folders.pop() {
        for e in std::fs::read_dir(&folder).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                folders.push(p);
            } else {
                reports.push(p);
            }
        }
    }
    reports.sort();
    for p in reports {
        let name = p
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(&p).unwrap();
        out.push((
            name,
            format!(
                "{} bytes, sha256 {}",
                bytes.len(),
                sha2::Sha256::digest(&bytes)
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>()
            ),
        ));
    }
    out
}

#[test]
fn demo_builds_a_workspace_mid_journey_and_shows_status() {
    let s = Scratch::new();
    let out = s.ok(&["demo"]);
    insta::assert_snapshot!(out);
    let status = json(&s.ok(&["-C", "jalon-demo", "status", "--format", "json"]));
    // A renewal under way while the qualification of 2024 still holds.
    assert_eq!(status["state"], "evaluation");
    assert_eq!(status["qualified"], true);
    assert_eq!(status["cycle"], "renewal-2026");
    assert_eq!(status["qualification"]["decided"], "2024-06-10");
    let audits: Vec<(&str, &str, bool)> = status["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "surveillance-audit")
        .map(|d| {
            (
                d["due"].as_str().unwrap(),
                d["status"].as_str().unwrap(),
                d["late"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        audits,
        [("2025-06-10", "done", false), ("2026-06-10", "done", true)],
        "the 2025 audit passed on time, the 2026 one (failed, then passed) late"
    );
    // Run again: the previous demo is rebuilt, not refused.
    assert!(s.ok(&["demo"]).starts_with("Rebuilt the demo workspace"));
}

/// Each cycle's documents are written as of the day it closed; the open cycle's as of today.
#[test]
fn demo_writes_each_cycle_s_reports_as_of_its_closing_date() {
    let s = Scratch::new();
    s.ok(&["demo", "d"]);
    for (cycle, date) in [
        ("initial", "10\u{a0}juin\u{a0}2024"),
        ("surveillance-2025", "2\u{a0}juin\u{a0}2025"),
        ("surveillance-2026", "1er\u{a0}juin\u{a0}2026"),
        ("surveillance-2026-2", "2\u{a0}octobre\u{a0}2026"),
        ("renewal-2026", "23\u{a0}novembre\u{a0}2026"),
    ] {
        let folder = s.join("d/reports").join(cycle);
        let summary = std::fs::read_to_string(folder.join("rapport-de-synthese.md")).unwrap();
        assert!(
            summary.contains(&format!("| Date du rapport | {date} |")),
            "{cycle}: {}",
            summary
                .lines()
                .find(|l| l.contains("Date du rapport"))
                .unwrap_or_default()
        );
        assert!(summary.contains(&format!("({cycle})")), "{cycle}");
        for file in [
            "rapport-de-synthese.html",
            "plan-d-evaluation.md",
            "plan-d-evaluation.html",
            "formulaire-d-evaluation.xlsx",
            "formulaire-d-evaluation.csv",
        ] {
            assert!(folder.join(file).is_file(), "{cycle}/{file}");
        }
    }
}

#[test]
fn demo_is_the_example_kept_in_the_repository() {
    let s = Scratch::new();
    s.ok(&["demo", "d"]);
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo");
    assert_eq!(
        files(&s.join("d")),
        files(&example),
        "regenerate with: JALON_TODAY=2026-11-23 cargo run -- demo examples/demo"
    );
}

#[test]
fn demo_never_overwrites_a_folder_that_is_not_a_demo() {
    let s = Scratch::new();
    std::fs::create_dir(s.join("mine")).unwrap();
    std::fs::write(s.join("mine/notes.txt"), "keep me").unwrap();
    let (code, _, err) = s.run(&["demo", "mine"]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        std::fs::read_to_string(s.join("mine/notes.txt")).unwrap(),
        "keep me"
    );
}
