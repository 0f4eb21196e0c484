//! `jalon status`: the scenarios, as a new user would try them.

use crate::util::{Scratch, json};

#[test]
fn j0_and_j1_back_filled_is_evaluation_not_qualified() {
    let s = Scratch::new();
    s.workspace();
    s.record("j0-accepted", "2024-12-16");
    s.record("j1-accepted", "2025-07-08");
    let out = json(&s.ok(&[
        "-C",
        "ws",
        "status",
        "--today",
        "2025-11-23",
        "--format",
        "json",
    ]));
    assert_eq!(out["state"], "evaluation");
    assert_eq!(out["qualified"], false);
    assert_eq!(out["milestones"][0]["reached"], "2024-12-16");
    assert_eq!(out["milestones"][1]["reached"], "2025-07-08");
    assert_eq!(out["milestones"][2]["reached"], serde_json::Value::Null);
    insta::assert_snapshot!(s.ok(&["-C", "ws", "status", "--today", "2025-11-23"]));
}

#[test]
fn qualified_three_years_ago_has_overdue_audits_and_a_renewal_alert() {
    let s = Scratch::new();
    s.workspace();
    s.qualify("2023-12-14");
    let text = s.ok(&["-C", "ws", "status", "--format", "json"]);
    let out = json(&text);
    assert_eq!(out["state"], "qualified");
    assert_eq!(out["qualified"], true);
    assert_eq!(out["qualification"]["expires"], "2026-12-14");
    assert_eq!(out["qualification"]["days_left"], 21);
    insta::assert_snapshot!("qualified_json", text);
    insta::assert_snapshot!("qualified_human", s.ok(&["-C", "ws", "status"]));

    let expired = json(&s.ok(&[
        "-C",
        "ws",
        "status",
        "--today",
        "2026-12-15",
        "--format",
        "json",
    ]));
    assert_eq!(expired["state"], "expired");
    assert_eq!(expired["qualified"], false);
}

#[test]
fn leap_day_decision_first_audit_due_end_of_february() {
    let s = Scratch::new();
    s.workspace();
    s.qualify("2024-02-29");
    let out = json(&s.ok(&["-C", "ws", "status", "--format", "json"]));
    assert_eq!(out["deadlines"][0]["kind"], "surveillance-audit");
    assert_eq!(out["deadlines"][0]["due"], "2025-02-28");
}

#[test]
fn at_replays_up_to_a_date() {
    let s = Scratch::new();
    s.workspace();
    s.qualify("2023-12-14");
    let out = json(&s.ok(&[
        "-C",
        "ws",
        "status",
        "--at",
        "2021-07-01",
        "--format",
        "json",
    ]));
    assert_eq!(out["state"], "evaluation");
    assert_eq!(out["date"], "2021-07-01");
    assert_eq!(out["qualification"], serde_json::Value::Null);
}

#[test]
fn json_keys_are_the_contract() {
    let s = Scratch::new();
    s.workspace();
    s.qualify("2024-06-03");
    let out = json(&s.ok(&["-C", "ws", "status", "--format", "json"]));
    for key in [
        "state",
        "qualified",
        "milestones",
        "qualification",
        "deadlines",
        "alerts",
    ] {
        assert!(out.get(key).is_some(), "missing key {key}");
    }
    let q = &out["qualification"];
    for key in ["decided", "expires", "days_left", "reserves"] {
        assert!(q.get(key).is_some(), "missing qualification key {key}");
    }
    for d in out["deadlines"].as_array().unwrap() {
        assert!(
            ["surveillance-audit", "expiry", "renewal-start"]
                .contains(&d["kind"].as_str().unwrap())
        );
        assert!(["done", "upcoming", "overdue"].contains(&d["status"].as_str().unwrap()));
    }
}
