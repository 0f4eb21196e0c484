//! Workflow definitions are checked as graphs when built.

use journey::Workflow;

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
            "onsite-audit",
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
            "onsite-audit-started",
            "onsite-audit-done",
            "evaluation-report-delivered",
            "j2-accepted",
            "qualified",
            "refused",
            "surveillance-audit-started",
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
        "`requires` of event `onsite-audit-started` names unknown event `documentary-audit`",
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

/// A workflow of `states` states (`s0`…, the last an end) and `events` events; each event goes
/// from every state listed in `from(event)` to the next state of a chain.
fn generated(
    states: usize,
    events: usize,
    from: impl Fn(usize) -> Vec<String>,
) -> journey::WorkflowDef {
    use journey::{Cadences, EventDef, ExpiryDef, StateDef, Text, WorkflowDef};
    let text = |s: &str| Text {
        en: s.to_owned(),
        fr: s.to_owned(),
    };
    WorkflowDef {
        id: "generated".to_owned(),
        name: text("generated"),
        initial: "s0".to_owned(),
        cadences: Cadences {
            validity_months: 36,
            surveillance_interval_months: 12,
            renewal_lead_months: 12,
            surveillance_tolerance_days: 0,
            renewal_tolerance_days: 0,
            expiry_warning_days: 90,
        },
        milestones: Vec::new(),
        expiry: ExpiryDef {
            from: vec![format!("s{}", states - 1)],
            to: format!("s{}", states - 1),
        },
        states: (0..states)
            .map(|i| StateDef {
                id: format!("s{i}"),
                label: text("state"),
                end: i == states - 1,
            })
            .collect(),
        events: (0..events)
            .map(|e| EventDef {
                id: format!("e{e}"),
                label: text("event"),
                from: from(e),
                to: Some(format!("s{}", (e + 1) % states)),
                effect: None,
                guards: Vec::new(),
                requires: Vec::new(),
                reserves: false,
                by: Vec::new(),
                opens: None,
                closes: Vec::new(),
                outcome: None,
            })
            .collect(),
    }
}

/// Found by testing: a 5.7 MB workflow of 900 states and 900 events cost 24 s on every command
/// (a path search for every pair of states). Workflows are now bounded, 500 states and 1,000
/// events, and refused past that with the limit named, at once.
#[test]
fn a_workflow_of_900_states_and_900_events_is_refused_with_the_limits() {
    let all = |_| (0..900).map(|i| format!("s{i}")).collect();
    let started = std::time::Instant::now();
    let problems = Workflow::new(generated(900, 900, all)).expect_err("over the limit");
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(
        problems[0].message,
        "the workflow has 900 states, more than the 500 a workflow may have (a qualification scheme has a few dozen)"
    );
    assert_eq!(problems[0].needle.as_deref(), Some("states:"));
    let problems = Workflow::new(generated(3, 1_001, |e| vec![format!("s{}", e % 3)]))
        .expect_err("over the limit");
    assert!(
        problems[0]
            .message
            .starts_with("the workflow has 1001 events, more than the 1000"),
        "{problems:#?}"
    );
    // Both limits passed: both named.
    let problems = Workflow::new(generated(501, 1_001, |_| vec!["s0".to_owned()]))
        .expect_err("over the limits");
    assert_eq!(problems.len(), 2, "{problems:#?}");
}

/// At the limits, every event from every state (500 × 1,000 transitions), the graph is checked
/// in one search forward and one backward: well under a second in a release build, a few
/// seconds at most unoptimised.
#[test]
fn a_workflow_at_the_limits_is_checked_in_linear_time() {
    let all = |_| (0..500).map(|i| format!("s{i}")).collect();
    let def = generated(500, 1_000, all);
    let started = std::time::Instant::now();
    let wf = Workflow::new(def).expect("sound");
    let took = started.elapsed();
    assert_eq!(wf.def().states.len(), 500);
    assert!(took < std::time::Duration::from_secs(10), "{took:?}");
    // A long chain whose end only the last state reaches: every state settles, through it.
    let chain = |e: usize| vec![format!("s{}", e % 499)];
    let wf = Workflow::new(generated(500, 1_000, chain));
    assert!(wf.is_ok(), "{:#?}", wf.err());
}

/// Reachability and settling are the same rules as before, found by one search each: an
/// unreachable state and a dead end are both still named, and every one of them.
#[test]
fn unreachable_states_and_dead_ends_are_all_named() {
    // s0 → s1 → s2 (end); s3 and s4 are reached by nothing; s4 → s5, which goes nowhere.
    let from = |e: usize| match e {
        0 => vec!["s0".to_owned()],
        1 => vec!["s1".to_owned()],
        _ => vec!["s4".to_owned()],
    };
    let mut def = generated(6, 3, from);
    def.states[2].end = true;
    def.states[5].end = false;
    def.events[1].to = Some("s2".to_owned());
    def.events[2].to = Some("s5".to_owned());
    def.expiry.from = vec!["s2".to_owned()];
    def.expiry.to = "s2".to_owned();
    let problems: Vec<String> = Workflow::new(def)
        .expect_err("refused")
        .into_iter()
        .map(|p| p.message)
        .collect();
    assert_eq!(
        problems,
        [
            "state `s3` cannot be reached from the initial state `s0`",
            "state `s4` cannot be reached from the initial state `s0`",
            "state `s5` cannot be reached from the initial state `s0`",
            "state `s3` is a dead end: no end state and no loop can be reached from it; mark it `end: true` or add an event out of it",
            "state `s4` is a dead end: no end state and no loop can be reached from it; mark it `end: true` or add an event out of it",
            "state `s5` is a dead end: no end state and no loop can be reached from it; mark it `end: true` or add an event out of it",
        ]
    );
}

/// Millions of unknown names would each carry the list of known states: the first 100 problems
/// are described, the rest counted in one more.
#[test]
fn a_flood_of_unknown_states_is_described_up_to_100_then_counted() {
    let unknown = |e: usize| (0..500).map(|i| format!("x{e}-{i}")).collect();
    let problems = Workflow::new(generated(500, 1_000, unknown)).expect_err("refused");
    assert_eq!(problems.len(), Workflow::MAX_PROBLEMS + 1);
    assert!(
        problems[0]
            .message
            .starts_with("event `e0` names unknown state `x0-0`; known states: s0, s1,"),
        "{}",
        problems[0].message
    );
    assert!(
        problems[0].message.ends_with("s19… (500 in all)"),
        "{}",
        problems[0].message
    );
    assert_eq!(
        problems[100].message,
        "and 499900 more problems (only the first 100 are described)"
    );
}
