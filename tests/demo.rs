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
    // The documents the demo writes (reports, evaluation form) are the same bytes every time too.
    let mut reports: Vec<_> = std::fs::read_dir(root.join("reports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    reports.sort();
    for p in reports {
        let name = format!("reports/{}", p.file_name().unwrap().to_string_lossy());
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
    assert_eq!(status["state"], "evaluation");
    // Run again: the previous demo is rebuilt, not refused.
    assert!(s.ok(&["demo"]).starts_with("Rebuilt the demo workspace"));
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
