//! `jalon journey`: timeline, record, next, graph.

use crate::util::{Scratch, json};

#[test]
fn j2_before_j1_is_refused_naming_the_missing_step() {
    let s = Scratch::new();
    s.workspace();
    s.record("j0-accepted", "2024-12-16");
    let before = s.snapshot_tree();
    let (code, _, err) = s.run(&[
        "-C",
        "ws",
        "journey",
        "record",
        "j2-accepted",
        "--date",
        "2025-02-01",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("reached by `j1-accepted`"), "{err}");
    insta::assert_snapshot!(err);
    assert_eq!(before, s.snapshot_tree(), "nothing written");
}

#[test]
fn a_failing_guard_can_be_overridden_with_force_and_a_note() {
    let s = Scratch::new();
    s.workspace();
    s.record("j0-accepted", "2024-12-16");
    s.record("j1-accepted", "2025-07-08");
    let (code, _, err) = s.run(&[
        "-C",
        "ws",
        "journey",
        "record",
        "onsite-audit-done",
        "--date",
        "2025-09-01",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("`documentary-audit-done` is not recorded yet"),
        "{err}"
    );
    let (code, _, err) = s.run(&[
        "-C",
        "ws",
        "journey",
        "record",
        "onsite-audit-done",
        "--date",
        "2025-09-01",
        "--force",
    ]);
    assert_eq!(code, 2, "--force without --note is a usage error: {err}");
    let out = json(&s.ok(&[
        "-C",
        "ws",
        "journey",
        "record",
        "onsite-audit-done",
        "--date",
        "2025-09-01",
        "--force",
        "--note",
        "documentary review was merged into the on-site audit",
        "--format",
        "json",
    ]));
    assert_eq!(out["forced"], true);
    let timeline = json(&s.ok(&["-C", "ws", "journey", "--format", "json"]));
    let last = timeline["events"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["event"], "onsite-audit-done");
    assert_eq!(last["forced"], true);
    assert_eq!(
        last["note"],
        "documentary review was merged into the on-site audit"
    );
}

#[test]
fn timeline_is_chronological_with_actor_and_note() {
    let s = Scratch::new();
    s.workspace();
    s.record("j0-accepted", "2024-12-16");
    s.ok(&[
        "-C",
        "ws",
        "journey",
        "record",
        "j1-accepted",
        "--date",
        "2025-07-08",
        "--note",
        "plan validated",
        "--force",
        "--as",
        "rssi@example.org",
    ]);
    s.ok(&[
        "-C",
        "ws",
        "journey",
        "record",
        "abandoned",
        "--date",
        "2025-09-01",
        "--note",
        "budget",
    ]);
    // Back-filled after the fact, dated before J0: the timeline sorts by real-world date.
    s.ok(&[
        "-C",
        "ws",
        "journey",
        "record",
        "request-submitted",
        "--date",
        "2024-09-02",
    ]);
    let text = s.ok(&["-C", "ws", "journey", "--format", "json"]);
    insta::assert_snapshot!("timeline_json", text);
    insta::assert_snapshot!("timeline_human", s.ok(&["-C", "ws", "journey"]));
    let at = json(&s.ok(&[
        "-C",
        "ws",
        "journey",
        "--at",
        "2025-01-01",
        "--format",
        "json",
    ]));
    assert_eq!(at["events"].as_array().unwrap().len(), 2);
}

#[test]
fn next_lists_possible_events_and_blockers() {
    let s = Scratch::new();
    s.workspace();
    s.record("j0-accepted", "2024-12-16");
    s.record("j1-accepted", "2025-07-08");
    let text = s.ok(&["-C", "ws", "journey", "next", "--format", "json"]);
    let out = json(&text);
    assert_eq!(out["state"], "evaluation");
    let first = &out["possible"][0];
    assert_eq!(first["event"], "documentary-audit-done");
    assert_eq!(first["ready"], true);
    insta::assert_snapshot!("next_json", text);
    insta::assert_snapshot!("next_human", s.ok(&["-C", "ws", "journey", "next"]));
}

#[test]
fn graph_in_mermaid_and_dot() {
    let s = Scratch::new();
    s.workspace();
    insta::assert_snapshot!(
        "graph_mermaid",
        s.ok(&["-C", "ws", "journey", "graph", "--to", "mermaid"])
    );
    insta::assert_snapshot!(
        "graph_dot",
        s.ok(&["-C", "ws", "journey", "graph", "--to", "dot"])
    );
    // Outside any workspace, the embedded SecNumCloud workflow is drawn, no state highlighted;
    // in one, the state its journey is in.
    let inside = s.ok(&["-C", "ws", "journey", "graph"]);
    assert!(
        inside.ends_with("    class preparation current\n"),
        "{inside}"
    );
    let highlight: String = inside
        .lines()
        .filter(|l| !l.contains("current"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(s.ok(&["journey", "graph"]), highlight);
}

#[test]
fn other_workflows_are_data() {
    let s = Scratch::new();
    s.ok(&[
        "init",
        "hds",
        "--provider",
        "P",
        "--service",
        "S",
        "--kind",
        "saas",
        "--workflow",
        "hds",
    ]);
    s.ok(&[
        "-C",
        "hds",
        "journey",
        "record",
        "audit-contracted",
        "--date",
        "2024-01-10",
    ]);
    s.ok(&[
        "-C",
        "hds",
        "journey",
        "record",
        "stage1-audit-done",
        "--date",
        "2024-03-10",
    ]);
    s.ok(&[
        "-C",
        "hds",
        "journey",
        "record",
        "stage2-audit-done",
        "--date",
        "2024-05-10",
    ]);
    s.ok(&[
        "-C",
        "hds",
        "journey",
        "record",
        "certified",
        "--date",
        "2024-06-10",
    ]);
    let out = json(&s.ok(&["-C", "hds", "status", "--format", "json"]));
    assert_eq!(out["state"], "certified");
    assert_eq!(out["qualification"]["expires"], "2027-06-10");
}

#[test]
fn a_workspace_may_use_its_own_workflow_file() {
    let s = Scratch::new();
    s.workspace();
    let custom = include_str!("../workflows/secnumcloud.ron")
        .replace("validity_months: 36", "validity_months: 24");
    std::fs::write(s.join("ws/custom.ron"), custom).unwrap();
    let manifest = std::fs::read_to_string(s.join("ws/jalon.ron")).unwrap();
    std::fs::write(
        s.join("ws/jalon.ron"),
        manifest.replace("\"secnumcloud\"", "\"custom.ron\""),
    )
    .unwrap();
    s.qualify("2024-01-15");
    let out = json(&s.ok(&["-C", "ws", "status", "--format", "json"]));
    assert_eq!(out["qualification"]["expires"], "2026-01-15");
}
