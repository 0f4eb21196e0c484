//! `jalon cycle`: the evaluation cycles (initial, surveillance audits, renewals) listed, shown and
//! compared, as scripts read them.

use serde_json::{Value, json as v};

use crate::util::{Scratch, json};

/// `jalon -C ws ARGS`, expected to succeed.
fn ws(s: &Scratch, args: &[&str]) -> String {
    let mut all = vec!["-C", "ws"];
    all.extend_from_slice(args);
    s.ok(&all)
}

fn assess(s: &Scratch, requirement: &str, verdict: &str, date: &str) {
    ws(
        s,
        &["assess", requirement, "--verdict", verdict, "--date", date],
    );
}

/// A service qualified on 2021-12-14, then two surveillance audits:
///
/// - `initial`: 5.1.a and 5.1.b conform, 5.2.a nonconform with minor finding F-0001.
/// - `surveillance-2022` (plan on 5.1.a and 5.1.b, F-0001 carried in): 5.1.a conform, 5.1.b
///   nonconform with observation F-0002, F-0001 closed and 5.2.a conform; evidence E-0001;
///   passed on 2023-01-10, after its due date (2022-12-14).
/// - `surveillance-2023` (plan on 5.1.a, F-0002 carried in): 5.1.a not applicable, 5.1.b
///   conform; passed on 2023-12-05, before its due date (2023-12-14).
fn audited() -> Scratch {
    let s = Scratch::new();
    s.workspace();
    s.record("request-submitted", "2021-01-04");
    s.record("j0-accepted", "2021-03-01");
    s.record("j1-accepted", "2021-06-01");
    assess(&s, "5.1.a", "conform", "2021-09-01");
    assess(&s, "5.1.b", "conform", "2021-09-01");
    assess(&s, "5.2.a", "nonconform", "2021-09-01");
    ws(
        &s,
        &[
            "finding",
            "add",
            "--requirement",
            "5.2.a",
            "--severity",
            "minor",
            "--title",
            "Policy not reviewed",
            "--date",
            "2021-09-01",
        ],
    );
    s.record("documentary-audit-done", "2021-09-01");
    s.record("onsite-audit-done", "2021-10-01");
    s.record("evaluation-report-delivered", "2021-11-15");
    // The rest of the grid was assessed outside jalon.
    ws(
        &s,
        &[
            "journey",
            "record",
            "j2-accepted",
            "--date",
            "2021-12-01",
            "--force",
            "--note",
            "grid assessed before adopting jalon",
        ],
    );
    s.record("qualified", "2021-12-14");

    s.record("surveillance-audit-started", "2022-11-07");
    ws(
        &s,
        &[
            "plan",
            "generate",
            "--only",
            "5.1.a",
            "--only",
            "5.1.b",
            "--date",
            "2022-11-07",
        ],
    );
    std::fs::write(s.join("minutes.txt"), "policy reviewed\n").unwrap();
    ws(
        &s,
        &[
            "evidence",
            "add",
            "minutes.txt",
            "--title",
            "Policy review minutes",
            "--date",
            "2022-11-20",
        ],
    );
    ws(
        &s,
        &[
            "finding",
            "plan",
            "F-0001",
            "--action",
            "Review the policy",
            "--owner",
            "CISO",
            "--due",
            "2022-12-31",
            "--date",
            "2022-11-10",
        ],
    );
    ws(
        &s,
        &[
            "finding",
            "remediate",
            "F-0001",
            "--evidence",
            "E-0001",
            "--date",
            "2022-11-20",
        ],
    );
    ws(&s, &["finding", "close", "F-0001", "--date", "2022-12-01"]);
    assess(&s, "5.1.a", "conform", "2022-12-01");
    assess(&s, "5.1.b", "nonconform", "2022-12-01");
    assess(&s, "5.2.a", "conform", "2022-12-01");
    ws(
        &s,
        &[
            "finding",
            "add",
            "--requirement",
            "5.1.b",
            "--severity",
            "observation",
            "--title",
            "Owner unclear",
            "--date",
            "2022-12-01",
        ],
    );
    s.record("surveillance-audit-passed", "2023-01-10");

    s.record("surveillance-audit-started", "2023-11-06");
    ws(
        &s,
        &[
            "plan",
            "generate",
            "--only",
            "5.1.a",
            "--date",
            "2023-11-06",
        ],
    );
    ws(
        &s,
        &[
            "assess",
            "5.1.a",
            "--verdict",
            "not-applicable",
            "--justification",
            "no such policy any more",
            "--date",
            "2023-12-01",
        ],
    );
    assess(&s, "5.1.b", "conform", "2023-12-01");
    s.record("surveillance-audit-passed", "2023-12-05");
    s
}

#[test]
fn list_json_is_the_contract() {
    let s = audited();
    let text = ws(&s, &["cycle", "list", "--format", "json"]);
    let out = json(&text);
    assert_eq!(
        out,
        v!({
            "current": "surveillance-2023",
            "cycles": [
                {"id": "initial", "kind": "initial", "opened": "2021-01-04", "closed": "2021-12-14",
                 "outcome": "qualified", "late": null, "carried": []},
                {"id": "surveillance-2022", "kind": "surveillance", "opened": "2022-11-07",
                 "closed": "2023-01-10", "outcome": "passed", "late": true, "carried": ["F-0001"]},
                {"id": "surveillance-2023", "kind": "surveillance", "opened": "2023-11-06",
                 "closed": "2023-12-05", "outcome": "passed", "late": false, "carried": ["F-0002"]},
            ]
        })
    );
    // The keys come first, in its order; extra keys follow.
    let at: Vec<usize> = [
        "id", "kind", "opened", "closed", "outcome", "late", "carried",
    ]
    .iter()
    .map(|k| text.find(&format!("\"{k}\":")).unwrap())
    .collect();
    assert!(at.is_sorted(), "{text}");
    insta::assert_snapshot!("list_human", ws(&s, &["cycle", "list"]));
}

#[test]
fn at_before_the_surveillance_start_lists_only_initial() {
    let s = audited();
    let out = json(&ws(
        &s,
        &["cycle", "list", "--at", "2022-11-06", "--format", "json"],
    ));
    assert_eq!(
        out,
        v!({
            "current": "initial",
            "cycles": [{"id": "initial", "kind": "initial", "opened": "2021-01-04",
                        "closed": "2021-12-14", "outcome": "qualified", "late": null, "carried": []}]
        })
    );
    // Open while its audit runs: `closed` is null.
    let out = json(&ws(
        &s,
        &["cycle", "list", "--at", "2022-12-01", "--format", "json"],
    ));
    assert_eq!(out["current"], "surveillance-2022");
    assert_eq!(out["cycles"][1]["closed"], Value::Null);
    assert_eq!(out["cycles"][1]["outcome"], Value::Null);
    assert_eq!(out["cycles"][1]["late"], Value::Null);
    insta::assert_snapshot!(
        "list_human_open",
        ws(&s, &["cycle", "list", "--at", "2022-12-01"])
    );
}

#[test]
fn initial_cycle_nothing_happened_in_has_null_opened() {
    let s = Scratch::new();
    s.workspace();
    let out = json(&ws(&s, &["cycle", "list", "--format", "json"]));
    assert_eq!(
        out,
        v!({
            "current": "initial",
            "cycles": [{"id": "initial", "kind": "initial", "opened": null, "closed": null,
                        "outcome": null, "late": null, "carried": []}]
        })
    );
    insta::assert_snapshot!("list_human_empty", ws(&s, &["cycle", "list"]));
}

#[test]
fn unknown_cycle_is_exit_2_naming_the_known_ones() {
    let s = audited();
    for args in [
        &["-C", "ws", "cycle", "show", "surveillance-2024"][..],
        &[
            "-C",
            "ws",
            "cycle",
            "compare",
            "initial",
            "surveillance-2024",
        ],
        &[
            "-C",
            "ws",
            "cycle",
            "compare",
            "surveillance-2024",
            "initial",
        ],
    ] {
        let (code, out, err) = s.run(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{out}");
        assert!(
            err.contains("there is no cycle `surveillance-2024`")
                && err.contains("cycles: initial, surveillance-2022, surveillance-2023"),
            "{err}"
        );
    }
    // A cycle that opens later is unknown as of an earlier date.
    let (code, _, err) = s.run(&[
        "-C",
        "ws",
        "cycle",
        "show",
        "surveillance-2023",
        "--at",
        "2023-01-31",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("cycles: initial, surveillance-2022\n"),
        "{err}"
    );
    insta::assert_snapshot!(
        "unknown_cycle",
        s.run(&["-C", "ws", "cycle", "show", "surveillance-2024"]).2
    );
}

#[test]
fn at_after_today_is_exit_2() {
    let s = audited();
    for sub in [
        &["list"][..],
        &["show"],
        &["compare", "initial", "surveillance-2022"],
    ] {
        let mut args = vec!["-C", "ws", "cycle"];
        args.extend_from_slice(sub);
        args.extend_from_slice(&["--at", "2026-11-24"]);
        let (code, _, err) = s.run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("is after today"), "{err}");
    }
}

/// The requirements whose verdict changed, as `(requirement, a, b)`.
fn changed(out: &Value) -> Vec<(String, Value, Value)> {
    out["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["changed"] == true)
        .map(|r| {
            (
                r["requirement"].as_str().unwrap().to_owned(),
                r["a"].clone(),
                r["b"].clone(),
            )
        })
        .collect()
}

#[test]
fn compare_gives_exactly_the_verdicts_that_changed() {
    let s = audited();
    let out = json(&ws(
        &s,
        &[
            "cycle",
            "compare",
            "initial",
            "surveillance-2022",
            "--format",
            "json",
        ],
    ));
    assert_eq!(out["a"], "initial");
    assert_eq!(out["b"], "surveillance-2022");
    assert_eq!(
        changed(&out),
        [
            ("5.1.b".to_owned(), v!("conform"), v!("nonconform")),
            ("5.2.a".to_owned(), v!("nonconform"), v!("conform")),
        ]
    );
    let row = |id: &str| {
        out["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["requirement"] == id)
            .cloned()
            .unwrap_or(Value::Null)
    };
    assert_eq!(
        row("5.1.a"),
        v!({"requirement": "5.1.a", "chapter": "5", "a": "conform", "b": "conform", "changed": false})
    );
    // Not in the surveillance audit's scope: no verdict there, and not a change.
    assert_eq!(
        row("6.1.a"),
        v!({"requirement": "6.1.a", "chapter": "6", "a": "not-assessed", "b": null, "changed": false})
    );
    assert_eq!(out["new_findings"], v!(["F-0002"]));
    assert_eq!(out["closed_findings"], v!(["F-0001"]));
    assert_eq!(out["carried_findings"], v!(["F-0001"]));
    assert_eq!(
        out["chapters"][0],
        v!({"chapter": "5", "a": 8.3, "b": 66.7})
    );
    assert_eq!(
        out["chapters"][1],
        v!({"chapter": "6", "a": 0.0, "b": null})
    );
    insta::assert_snapshot!(
        "compare_initial_surveillance",
        ws(&s, &["cycle", "compare", "initial", "surveillance-2022"])
    );
}

#[test]
fn not_applicable_in_one_cycle_is_a_change_not_out_of_scope() {
    let s = audited();
    let out = json(&ws(
        &s,
        &[
            "cycle",
            "compare",
            "surveillance-2022",
            "surveillance-2023",
            "--format",
            "json",
        ],
    ));
    assert_eq!(
        changed(&out),
        [
            ("5.1.a".to_owned(), v!("conform"), v!("not-applicable")),
            ("5.1.b".to_owned(), v!("nonconform"), v!("conform")),
        ]
    );
    assert_eq!(out["requirements"].as_array().unwrap().len(), 3);
    assert_eq!(out["new_findings"], v!([]));
    assert_eq!(out["closed_findings"], v!([]));
    assert_eq!(out["carried_findings"], v!(["F-0002"]));
    insta::assert_snapshot!(
        "compare_two_surveillance_audits",
        ws(
            &s,
            &["cycle", "compare", "surveillance-2022", "surveillance-2023"]
        )
    );
}

#[test]
fn surveillance_passed_after_its_due_date_is_late() {
    let s = audited();
    let late = json(&ws(
        &s,
        &["cycle", "show", "surveillance-2022", "--format", "json"],
    ));
    assert_eq!(late["late"], true);
    assert_eq!(late["due"], "2022-12-14");
    let on_time = json(&ws(
        &s,
        &["cycle", "show", "surveillance-2023", "--format", "json"],
    ));
    assert_eq!(on_time["late"], false);
    assert_eq!(on_time["due"], "2023-12-14");
    let initial = json(&ws(&s, &["cycle", "show", "initial", "--format", "json"]));
    assert_eq!(initial["late"], Value::Null);
    assert_eq!(initial["due"], Value::Null);
    let human = ws(&s, &["cycle", "list"]);
    assert!(human.contains("passed, late (due 2022-12-14)"), "{human}");
    assert!(
        ws(&s, &["cycle", "show", "surveillance-2022"])
            .contains("Closed    2023-01-10: passed, late (due 2022-12-14)")
    );
}

#[test]
fn show_a_surveillance_audit() {
    let s = audited();
    let out = json(&ws(
        &s,
        &["cycle", "show", "surveillance-2022", "--format", "json"],
    ));
    let mut keys: Vec<&str> = out
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "carried",
            "closed",
            "current",
            "date",
            "due",
            "events",
            "evidence",
            "findings",
            "id",
            "kind",
            "late",
            "opened",
            "opened_by",
            "outcome",
            "plan",
            "scope",
            "summary",
        ]
    );
    assert_eq!(out["current"], false);
    assert_eq!(out["opened_by"], "surveillance-audit-started");
    assert_eq!(
        out["events"],
        v!([
            {"event": "surveillance-audit-started", "date": "2022-11-07"},
            {"event": "surveillance-audit-passed", "date": "2023-01-10"},
        ])
    );
    assert_eq!(out["plan"]["status"], "draft");
    assert_eq!(out["scope"], v!(["5.1.a", "5.1.b", "5.2.a"]));
    assert_eq!(out["summary"]["applicable"], 3);
    assert_eq!(out["summary"]["conform"], 2);
    assert_eq!(out["summary"]["nonconform"], 1);
    assert_eq!(
        out["findings"],
        v!([
            {"id": "F-0001", "severity": "minor", "status": "closed", "requirements": ["5.2.a"],
             "title": "Policy not reviewed", "opened_in": "initial", "carried": true,
             "settled_in": "surveillance-2022"},
            {"id": "F-0002", "severity": "observation", "status": "open", "requirements": ["5.1.b"],
             "title": "Owner unclear", "opened_in": "surveillance-2022", "carried": false,
             "settled_in": null},
        ])
    );
    assert_eq!(
        out["evidence"],
        v!([{"id": "E-0001", "title": "Policy review minutes", "kind": "document", "date": "2022-11-20"}])
    );
    insta::assert_snapshot!(
        "show_surveillance",
        ws(&s, &["cycle", "show", "surveillance-2022"])
    );
}

#[test]
fn show_defaults_to_the_current_cycle() {
    let s = audited();
    let out = json(&ws(&s, &["cycle", "show", "--format", "json"]));
    assert_eq!(out["id"], "surveillance-2023");
    assert_eq!(out["current"], true);
    let then = json(&ws(
        &s,
        &["cycle", "show", "--at", "2021-10-01", "--format", "json"],
    ));
    assert_eq!(then["id"], "initial");
    assert_eq!(then["closed"], Value::Null);
    assert_eq!(then["scope"], Value::Null);
    assert_eq!(then["findings"][0]["id"], "F-0001");
    insta::assert_snapshot!(
        "show_initial_open",
        ws(&s, &["cycle", "show", "--at", "2021-10-01"])
    );
}
