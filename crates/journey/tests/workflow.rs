//! Workflow definitions are checked as graphs when built.

use crate::common::{HDS, ISO27001, SECNUMCLOUD, build};

#[test]
fn shipped_workflows_are_sound() {
    for text in [SECNUMCLOUD, HDS, ISO27001] {
        if let Err(problems) = build(text) {
            panic!("{problems:?}");
        }
    }
}

#[test]
fn secnumcloud_has_the_contract_states_and_events() {
    let wf = crate::common::secnumcloud();
    let states: Vec<&str> = wf.def().states.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        states,
        [
            "preparation",
            "request-submitted",
            "strategy",
            "evaluation",
            "decision-pending",
            "qualified",
            "refused",
            "suspended",
            "withdrawn",
            "expired",
            "abandoned"
        ]
    );
    let events: Vec<&str> = wf.event_ids().collect();
    assert_eq!(
        events,
        [
            "request-submitted",
            "j0-accepted",
            "j1-accepted",
            "documentary-audit-done",
            "onsite-audit-done",
            "evaluation-report-delivered",
            "j2-accepted",
            "qualified",
            "refused",
            "surveillance-audit-passed",
            "surveillance-audit-failed",
            "renewal-started",
            "suspended",
            "reinstated",
            "withdrawn",
            "abandoned"
        ]
    );
    assert_eq!(wf.cadences().validity_months, 36);
    assert_eq!(wf.cadences().surveillance_interval_months, 12);
    assert_eq!(wf.cadences().renewal_lead_months, 12);
}

/// Applies `edit` (from → to, once) to the SecNumCloud workflow and expects a problem containing `expected`.
fn check_problem(from: &str, to: &str, expected: &str) {
    assert!(SECNUMCLOUD.contains(from), "edit target `{from}` not found");
    let text = SECNUMCLOUD.replacen(from, to, 1);
    let problems = build(&text).expect_err("the edited workflow must be refused");
    assert!(
        problems.iter().any(|p| p.message.contains(expected)),
        "expected a problem containing {expected:?}, got {problems:#?}"
    );
}

#[test]
fn unknown_state_is_refused() {
    check_problem(
        r#"to: "strategy","#,
        r#"to: "stratgy","#,
        "event `j0-accepted` names unknown state `stratgy`",
    );
}

#[test]
fn unknown_initial_state_is_refused() {
    check_problem(
        r#"initial: "preparation""#,
        r#"initial: "prep""#,
        "`initial` names unknown state `prep`",
    );
}

#[test]
fn duplicate_state_is_refused() {
    check_problem(
        r#"(id: "refused","#,
        r#"(id: "qualified","#,
        "duplicate state id `qualified`",
    );
}

#[test]
fn duplicate_event_is_refused() {
    check_problem(
        "id: \"abandoned\",\n            label: (en: \"Journey abandoned\"",
        "id: \"withdrawn\",\n            label: (en: \"Journey abandoned\"",
        "duplicate event id `withdrawn`",
    );
}

#[test]
fn unknown_required_event_is_refused() {
    check_problem(
        r#"requires: ["documentary-audit-done"]"#,
        r#"requires: ["documentary-audit"]"#,
        "`requires` of event `onsite-audit-done` names unknown event `documentary-audit`",
    );
}

#[test]
fn unknown_milestone_event_is_refused() {
    check_problem(
        r#"events: ["j1-accepted"]"#,
        r#"events: ["j1"]"#,
        "milestone `J1` names unknown event `j1`",
    );
}

#[test]
fn unreachable_state_is_refused() {
    // Nothing leads to `abandoned` any more once its only event is pointed elsewhere.
    check_problem(
        r#"to: "abandoned","#,
        r#"to: "withdrawn","#,
        "state `abandoned` cannot be reached",
    );
}

#[test]
fn dead_end_state_is_refused() {
    // `refused` stops being an end: nothing leaves it but the restart, which we remove.
    let text = SECNUMCLOUD
        .replacen(
            r#"(id: "refused", label: (en: "Refused", fr: "Refusé"), end: true)"#,
            r#"(id: "refused", label: (en: "Refused", fr: "Refusé"))"#,
            1,
        )
        .replacen(
            r#"from: ["preparation", "refused", "expired""#,
            r#"from: ["preparation", "expired""#,
            1,
        );
    let problems = build(&text).expect_err("a dead end must be refused");
    assert!(
        problems
            .iter()
            .any(|p| p.message.contains("state `refused` is a dead end")),
        "{problems:#?}"
    );
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let text = SECNUMCLOUD
        .replacen(r#"to: "strategy","#, r#"to: "nowhere","#, 1)
        .replacen(r#"to: "evaluation","#, r#"to: "elsewhere","#, 1);
    let problems = build(&text).expect_err("refused");
    assert!(problems.len() >= 2, "{problems:#?}");
}
