//! Roles: a declared team switches the rules on; refusals exit 1 and name the rule.

use crate::util::{Scratch, json};

const OFFICER: &str = "officer@provider.example";
const LEAD: &str = "lead@centre.example";
const EVAL: &str = "eval@centre.example";

fn team() -> Scratch {
    let s = Scratch::new();
    s.ok(&[
        "init",
        "ws",
        "--provider",
        "P",
        "--service",
        "S",
        "--kind",
        "iaas",
        "--evaluation-centre",
        "CESTI",
    ]);
    for (actor, role) in [
        (OFFICER, "provider"),
        (LEAD, "lead-evaluator"),
        (EVAL, "evaluator"),
    ] {
        s.ok(&[
            "-C", "ws", "--as", OFFICER, "team", "add", actor, "--role", role,
        ]);
    }
    s
}

fn as_(s: &Scratch, actor: &str, args: &[&str]) -> (i32, String, String) {
    let mut v = vec!["-C", "ws", "--as", actor];
    v.extend_from_slice(args);
    s.run(&v)
}

fn refused(s: &Scratch, actor: &str, args: &[&str], rule: &str) {
    let before = s.snapshot_tree();
    let (code, _, err) = as_(s, actor, args);
    assert_eq!(code, 1, "{actor} {args:?}: {err}");
    assert!(
        err.contains(rule),
        "{actor} {args:?}: expected {rule:?} in {err}"
    );
    assert_eq!(before, s.snapshot_tree(), "nothing written");
}

fn allowed(s: &Scratch, actor: &str, args: &[&str]) -> String {
    let (code, out, err) = as_(s, actor, args);
    assert_eq!(code, 0, "{actor} {args:?}: {err}");
    out
}

#[test]
fn team_is_managed_and_listed() {
    let s = team();
    let out = json(&s.ok(&["-C", "ws", "team", "list", "--format", "json"]));
    assert_eq!(out["enforced"], true);
    assert_eq!(out["team"][1]["role"], "lead-evaluator");
    insta::assert_snapshot!(std::fs::read_to_string(s.join("ws/jalon.ron")).unwrap());
    refused(
        &s,
        EVAL,
        &["team", "add", "x@y", "--role", "anssi"],
        "manage the team",
    );
}

#[test]
fn unknown_actors_are_refused() {
    let s = team();
    refused(
        &s,
        "stranger@example.org",
        &["assess", "5.1.a", "--verdict", "conform"],
        "is not in the team",
    );
}

#[test]
fn only_evaluators_assess_open_and_close_findings() {
    let s = team();
    refused(
        &s,
        OFFICER,
        &["assess", "5.1.a", "--verdict", "conform"],
        "only evaluators record verdicts",
    );
    allowed(&s, EVAL, &["assess", "5.1.a", "--verdict", "conform"]);
    allowed(&s, LEAD, &["assess", "5.1.b", "--verdict", "conform"]);
    refused(
        &s,
        OFFICER,
        &[
            "finding",
            "add",
            "--requirement",
            "5.1.a",
            "--severity",
            "minor",
            "--title",
            "t",
        ],
        "set their severity",
    );
    allowed(
        &s,
        EVAL,
        &[
            "finding",
            "add",
            "--requirement",
            "5.1.a",
            "--severity",
            "minor",
            "--title",
            "t",
        ],
    );
    refused(
        &s,
        EVAL,
        &[
            "finding",
            "plan",
            "F-0001",
            "--action",
            "a",
            "--owner",
            "o",
            "--due",
            "2027-01-01",
        ],
        "the provider plans",
    );
    allowed(
        &s,
        OFFICER,
        &[
            "finding",
            "plan",
            "F-0001",
            "--action",
            "a",
            "--owner",
            "o",
            "--due",
            "2027-01-01",
        ],
    );
    refused(
        &s,
        EVAL,
        &["finding", "remediate", "F-0001"],
        "the provider remediates",
    );
    allowed(&s, OFFICER, &["finding", "remediate", "F-0001"]);
    refused(
        &s,
        OFFICER,
        &["finding", "close", "F-0001"],
        "only evaluators close findings",
    );
    allowed(&s, EVAL, &["finding", "close", "F-0001"]);
}

#[test]
fn the_lead_evaluator_writes_and_submits_the_plan_anssi_validates_it() {
    let s = team();
    refused(&s, EVAL, &["plan", "generate"], "writes the plan");
    allowed(&s, LEAD, &["plan", "generate"]);
    refused(
        &s,
        EVAL,
        &["plan", "submit"],
        "only the lead evaluator submits the plan",
    );
    allowed(&s, LEAD, &["plan", "submit"]);
    refused(&s, LEAD, &["plan", "validate"], "ANSSI validates the plan");
    refused(
        &s,
        OFFICER,
        &["plan", "validate"],
        "ANSSI validates the plan",
    );
    // ANSSI does not use jalon: the officer records its act, on its behalf, with a reference.
    let (code, _, err) = as_(
        &s,
        OFFICER,
        &["--on-behalf-of", "anssi", "plan", "validate"],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("needs a reference"), "{err}");
    refused(
        &s,
        LEAD,
        &[
            "--on-behalf-of",
            "anssi",
            "--reference",
            "x",
            "plan",
            "validate",
        ],
        "only the provider's officer records acts on behalf of ANSSI",
    );
    allowed(
        &s,
        OFFICER,
        &[
            "--on-behalf-of",
            "anssi",
            "--reference",
            "ANSSI letter 2026-042",
            "plan",
            "validate",
        ],
    );
}

#[test]
fn anssi_acts_on_the_journey() {
    let s = team();
    allowed(
        &s,
        OFFICER,
        &[
            "journey",
            "record",
            "request-submitted",
            "--date",
            "2025-01-06",
        ],
    );
    refused(
        &s,
        OFFICER,
        &["journey", "record", "j0-accepted", "--date", "2025-03-03"],
        "`j0-accepted` is recorded by anssi",
    );
    allowed(
        &s,
        OFFICER,
        &[
            "--on-behalf-of",
            "anssi",
            "--reference",
            "ANSSI letter 2025-03",
            "journey",
            "record",
            "j0-accepted",
            "--date",
            "2025-03-03",
        ],
    );
    refused(
        &s,
        OFFICER,
        &[
            "journey",
            "record",
            "abandoned",
            "--date",
            "2025-04-01",
            "--as",
            EVAL,
        ],
        "`abandoned` is recorded by provider",
    );
    let timeline = json(&s.ok(&["-C", "ws", "journey", "--format", "json"]));
    let j0 = &timeline["events"][1];
    assert_eq!(j0["event"], "j0-accepted");
    assert_eq!(j0["actor"], OFFICER);
    assert_eq!(j0["on_behalf_of"]["role"], "anssi");
    assert_eq!(j0["on_behalf_of"]["reference"], "ANSSI letter 2025-03");
}

#[test]
fn a_workspace_without_a_team_is_single_user() {
    let s = Scratch::new();
    s.workspace();
    s.ok(&[
        "-C",
        "ws",
        "--as",
        "anyone@example.org",
        "assess",
        "5.1.a",
        "--verdict",
        "conform",
    ]);
    s.ok(&[
        "-C",
        "ws",
        "--as",
        "anyone@example.org",
        "journey",
        "record",
        "j0-accepted",
        "--date",
        "2025-03-03",
    ]);
    let out = json(&s.ok(&["-C", "ws", "team", "list", "--format", "json"]));
    assert_eq!(out["enforced"], false);
}
