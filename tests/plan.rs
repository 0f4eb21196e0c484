//! `jalon plan`: generation, assignment, lifecycle, and the J1 guard.

use crate::util::{Scratch, json};

fn ws(s: &Scratch, args: &[&str]) -> String {
    let mut v = vec!["-C", "ws"];
    v.extend_from_slice(args);
    s.ok(&v)
}

fn run(s: &Scratch, args: &[&str]) -> (i32, String, String) {
    let mut v = vec!["-C", "ws"];
    v.extend_from_slice(args);
    s.run(&v)
}

/// A workspace whose evaluation centre is named.
fn centre() -> Scratch {
    let s = Scratch::new();
    s.ok(&[
        "init",
        "ws",
        "--provider",
        "Example Cloud",
        "--service",
        "Example Compute",
        "--kind",
        "iaas",
        "--evaluation-centre",
        "CESTI Example",
    ]);
    s
}

#[test]
fn generate_covers_every_check_of_every_applicable_requirement() {
    let s = centre();
    ws(
        &s,
        &[
            "assess",
            "14.7.a",
            "--verdict",
            "not-applicable",
            "--justification",
            "no pre-production",
        ],
    );
    let out = json(&ws(
        &s,
        &[
            "plan",
            "generate",
            "--start",
            "2026-01-05",
            "--evaluator",
            "lead@cesti.example",
            "--format",
            "json",
        ],
    ));
    let grid = json(&ws(&s, &["grid", "--format", "json"]));
    let referential = json(&s.ok(&["referential", "show", "12.3.a", "--format", "json"]));
    assert_eq!(referential["checks"].as_array().unwrap().len(), 2);
    let plan = json(&ws(&s, &["plan", "show", "--format", "json"]));
    assert_eq!(plan["status"], "draft");
    let items = plan["items"].as_array().unwrap();
    assert_eq!(out["items"].as_u64().unwrap() as usize, items.len());
    // Every applicable requirement is in the plan, nothing out of scope is.
    let applicable: std::collections::BTreeSet<&str> = grid["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["applicable"] == true)
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let planned: std::collections::BTreeSet<&str> = items
        .iter()
        .map(|i| i["requirement"].as_str().unwrap())
        .collect();
    assert_eq!(applicable, planned);
    // Phases follow the suggested methods; dates are working days from the start.
    for i in items {
        let expected = match i["method"].as_str().unwrap() {
            "Documentary" | "Interview" => "documentary",
            _ => "onsite",
        };
        assert_eq!(i["phase"], expected, "{i}");
        let d = chrono::NaiveDate::parse_from_str(i["date"].as_str().unwrap(), "%Y-%m-%d").unwrap();
        assert!(
            chrono::Datelike::weekday(&d).number_from_monday() <= 5,
            "{i}"
        );
        for key in [
            "requirement",
            "check",
            "phase",
            "method",
            "evaluator",
            "date",
        ] {
            assert!(i.get(key).is_some(), "{key}");
        }
    }
    assert_eq!(plan["timeline"][0]["start"], "2026-01-05");
    for key in ["status", "items", "team", "timeline"] {
        assert!(plan.get(key).is_some(), "{key}");
    }
}

#[test]
fn assign_a_chapter_or_a_requirement() {
    let s = centre();
    ws(&s, &["plan", "generate"]);
    let out = json(&ws(
        &s,
        &[
            "plan",
            "assign",
            "12",
            "--evaluator",
            "tech@cesti.example",
            "--phase",
            "onsite",
            "--date",
            "2026-03-02",
            "--format",
            "json",
        ],
    ));
    let plan = json(&ws(&s, &["plan", "show", "--format", "json"]));
    let ch12: Vec<_> = plan["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["requirement"].as_str().unwrap().starts_with("12."))
        .collect();
    assert_eq!(out["changed"].as_u64().unwrap() as usize, ch12.len());
    assert!(ch12.iter().all(|i| i["evaluator"] == "tech@cesti.example"
        && i["phase"] == "onsite"
        && i["date"] == "2026-03-02"));
    ws(
        &s,
        &[
            "plan",
            "assign",
            "5.1.a",
            "--evaluator",
            "doc@cesti.example",
        ],
    );
    let (code, _, err) = run(&s, &["plan", "assign", "99", "--evaluator", "x"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn lifecycle_and_the_j1_guard() {
    let s = centre();
    s.record("j0-accepted", "2025-06-16");
    // No plan: J1 is refused, naming the plan.
    let (code, _, err) = run(
        &s,
        &["journey", "record", "j1-accepted", "--date", "2025-12-01"],
    );
    assert_eq!(code, 1);
    assert!(err.contains("no evaluation plan (plan-validated)"), "{err}");
    let (code, _, err) = run(&s, &["plan", "submit"]);
    assert_eq!(code, 1, "nothing to submit: {err}");
    ws(&s, &["plan", "generate", "--date", "2025-10-01"]);
    let (code, _, err) = run(&s, &["plan", "validate"]);
    assert_eq!(code, 1, "a draft cannot be validated: {err}");
    ws(&s, &["plan", "submit", "--date", "2025-10-15"]);
    let (code, _, err) = run(
        &s,
        &["journey", "record", "j1-accepted", "--date", "2025-12-01"],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("is submitted, not validated by ANSSI"),
        "{err}"
    );
    let (code, _, _) = run(&s, &["plan", "assign", "5", "--evaluator", "x"]);
    assert_eq!(code, 1, "a submitted plan is not edited");
    ws(
        &s,
        &[
            "plan",
            "request-changes",
            "--date",
            "2025-11-01",
            "--note",
            "add interviews",
        ],
    );
    ws(
        &s,
        &[
            "plan",
            "assign",
            "7",
            "--evaluator",
            "hr@cesti.example",
            "--date",
            "2025-11-02",
            "--on",
            "2025-11-02",
        ],
    );
    ws(&s, &["plan", "submit", "--date", "2025-11-03"]);
    ws(
        &s,
        &[
            "plan",
            "validate",
            "--date",
            "2025-11-20",
            "--note",
            "ANSSI letter 2025-1120",
        ],
    );
    let plan = json(&ws(&s, &["plan", "show", "--format", "json"]));
    assert_eq!(plan["status"], "validated");
    let history: Vec<&str> = plan["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        history,
        [
            "draft",
            "submitted",
            "changes-requested",
            "submitted",
            "validated"
        ]
    );
    let out = json(&ws(
        &s,
        &[
            "journey",
            "record",
            "j1-accepted",
            "--date",
            "2025-12-01",
            "--format",
            "json",
        ],
    ));
    assert_eq!(out["state"], "evaluation");
    assert_eq!(out["forced"], false);
}

#[test]
fn demo_plan_show() {
    let s = Scratch::new();
    s.ok(&["demo", "d"]);
    let text = s.ok(&["-C", "d", "plan", "show"]);
    insta::assert_snapshot!(text.lines().take(14).collect::<Vec<_>>().join("\n"));
}

#[test]
fn a_plan_from_a_referential_without_checks_is_refused_and_says_how_to_add_them() {
    let Some(library) = crate::util::reference("ciso-assistant/cloud-sovereignty-framework.yaml")
    else {
        return;
    };
    let s = Scratch::new();
    s.workspace();
    let ws = |args: &[&str]| {
        let mut v = vec!["-C", "ws"];
        v.extend_from_slice(args);
        s.ok(&v)
    };
    ws(&[
        "referential",
        "import",
        "--from",
        "ciso-assistant",
        library.to_str().unwrap(),
    ]);
    ws(&["service", "referential", "cloud-sovereignty-framework"]);
    let before = s.snapshot_tree();
    let (code, _, err) = s.run(&["-C", "ws", "plan", "generate", "--start", "2026-12-07"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("gives no check for the 8 requirements in the scope of cycle `initial`"),
        "{err}"
    );
    assert!(err.contains("checks.ron"), "{err}");
    assert_eq!(before, s.snapshot_tree(), "nothing written");
}
