//! Workflow files: embedded ones load; problems point at the place in the file.

use std::path::Path;

const SECNUMCLOUD: &str = include_str!("../../../workflows/secnumcloud.ron");

fn error_of(text: &str) -> String {
    storage::parse_workflow(Path::new("workflows/x.ron"), text)
        .unwrap_err()
        .to_string()
}

#[test]
fn embedded_workflows_load() {
    for (name, _) in storage::EMBEDDED_WORKFLOWS {
        let wf = storage::embedded_workflow(name).unwrap().unwrap();
        assert_eq!(wf.id(), name);
    }
}

#[test]
fn unknown_guard_is_a_load_error_with_a_place() {
    let text = SECNUMCLOUD.replacen(
        r#"guards: ["scope-defined"]"#,
        r#"guards: ["scope-defind"]"#,
        1,
    );
    let err = error_of(&text);
    assert!(err.starts_with("workflows/x.ron:"), "{err}");
    assert!(
        err.contains("unknown guard `scope-defind`; known guards: scope-defined"),
        "{err}"
    );
    let line: usize = err.split(':').nth(1).unwrap().parse().unwrap();
    assert!(
        text.lines().nth(line - 1).unwrap().contains("scope-defind"),
        "{err}"
    );
}

#[test]
fn graph_problems_point_at_the_id_they_name() {
    let text = SECNUMCLOUD.replacen(r#"to: "strategy","#, r#"to: "stratgy","#, 1);
    let err = error_of(&text);
    let line: usize = err.split(':').nth(1).unwrap().parse().unwrap();
    assert!(
        text.lines().nth(line - 1).unwrap().contains("\"stratgy\""),
        "{err}"
    );
    assert!(err.contains("unknown state `stratgy`"), "{err}");
}

#[test]
fn unknown_effect_and_wrong_format_are_refused() {
    let err = error_of(&SECNUMCLOUD.replacen("effect: Grant", "effect: Granted", 1));
    assert!(err.contains("Granted"), "{err}");
    let err = error_of(&SECNUMCLOUD.replacen("format: 1", "format: 2", 1));
    assert!(
        err.contains("format 2 is not one this jalon reads"),
        "{err}"
    );
}

/// A workflow file of `states` states and `events` events, every event from every state (the
/// shape of the 5.7 MB file found by testing), each event recorded `by` the roles given.
fn generated(states: usize, events: usize, by: &str) -> String {
    let mut text = String::from(
        "(\n    format: 1,\n    id: \"big\",\n    name: (en: \"Big\", fr: \"Gros\"),\n    initial: \"s0\",\n    cadences: (validity_months: 36, surveillance_interval_months: 12),\n    milestones: [],\n    expiry: (from: [\"s0\"], to: \"s0\"),\n    states: [\n",
    );
    for s in 0..states {
        text.push_str(&format!(
            "        (id: \"s{s}\", label: (en: \"s\", fr: \"s\"), end: true),\n"
        ));
    }
    text.push_str("    ],\n    events: [\n");
    let all: Vec<String> = (0..states).map(|s| format!("\"s{s}\"")).collect();
    let all = all.join(", ");
    for e in 0..events {
        text.push_str(&format!(
            "        (id: \"e{e}\", label: (en: \"e\", fr: \"e\"), from: [{all}], to: \"s{}\", by: [{by}]),\n",
            (e + 1) % states
        ));
    }
    text.push_str("    ],\n)\n");
    text
}

/// Found by testing: a 5.7 MB workflow file (900 states × 900 events) cost 24 s on every command.
/// It is refused at once, the limit named at the `states:` line.
#[test]
fn a_workflow_file_of_900_states_and_900_events_is_refused_with_the_limit() {
    let text = generated(900, 900, "");
    assert!(text.len() > 5_000_000, "{}", text.len());
    let started = std::time::Instant::now();
    let err = error_of(&text);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        err,
        "workflows/x.ron:9:5: the workflow has 900 states, more than the 500 a workflow may have (a qualification scheme has a few dozen)"
    );
}

/// Each unknown role is searched for in the text to locate it: the first 100 are, the rest are
/// counted (a file of millions would otherwise cost hours).
#[test]
fn a_flood_of_unknown_roles_is_described_up_to_100_then_counted() {
    let by: Vec<String> = (0..50).map(|r| format!("\"role{r}\"")).collect();
    let text = generated(3, 10, &by.join(", "));
    let Err(storage::StorageError::Invalid(d)) =
        storage::parse_workflow(Path::new("workflows/x.ron"), &text)
    else {
        panic!("refused with diagnostics");
    };
    assert_eq!(d.len(), 101, "{d:#?}");
    assert!(d[0].location.is_some(), "{:#?}", d[0]);
    assert_eq!(
        d[100].message,
        "and 400 more unknown roles (only the first 100 are described)"
    );
}
