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
