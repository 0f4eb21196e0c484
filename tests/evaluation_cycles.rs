//! Evaluation cycles end to end: a renewal and a surveillance audit each evaluated on their own,
//! reads as of a date (`--at`), closed cycles, service settings as dated acts, and workspaces
//! written before cycles existed.

use std::collections::BTreeSet;
use std::path::Path;

use crate::util::{Scratch, TODAY, json};

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

/// `jalon -C ws ARGS` with today set to `today`: its exit code and stdout, byte for byte.
fn on(s: &Scratch, today: &str, args: &[&str]) -> (i32, Vec<u8>) {
    let out = s
        .jalon()
        .env("JALON_TODAY", today)
        .args(["-C", "ws"])
        .args(args)
        .output()
        .expect("jalon runs");
    (out.status.code().unwrap_or(-1), out.stdout)
}

fn record(s: &Scratch, event: &str, date: &str) -> serde_json::Value {
    json(&ws(
        s,
        &[
            "journey", "record", event, "--date", date, "--format", "json",
        ],
    ))
}

fn assess(s: &Scratch, requirement: &str, verdict: &str, date: &str) {
    ws(
        s,
        &["assess", requirement, "--verdict", verdict, "--date", date],
    );
}

fn grid(s: &Scratch, args: &[&str]) -> serde_json::Value {
    let mut v = vec!["grid", "--format", "json"];
    v.extend_from_slice(args);
    json(&ws(s, &v))
}

/// The ids of the rows of a `grid --format json`.
fn ids(grid: &serde_json::Value) -> Vec<String> {
    grid["requirements"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["id"].as_str().expect("an id").to_owned())
        .collect()
}

/// The applicable requirements of the whole grid, in referential order.
fn applicable(s: &Scratch) -> Vec<String> {
    grid(s, &["--cycle", "initial"])["requirements"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["applicable"] == true)
        .map(|r| r["id"].as_str().expect("an id").to_owned())
        .collect()
}

/// The blockers `journey next` shows for `event`.
fn blockers(s: &Scratch, event: &str) -> Vec<String> {
    let next = json(&ws(s, &["journey", "next", "--format", "json"]));
    next["possible"]
        .as_array()
        .expect("possible events")
        .iter()
        .find(|p| p["event"] == event)
        .unwrap_or_else(|| panic!("`{event}` is not possible now: {next}"))["blocked_by"]
        .as_array()
        .expect("blockers")
        .iter()
        .map(|b| b.as_str().expect("a blocker in words").to_owned())
        .collect()
}

/// A workspace for an IaaS whose initial evaluation runs by the book up to J1 (centre named,
/// plan generated, submitted and validated), then through both audits, with three verdicts in
/// the grid; J2 is recorded as an override (the rest of the grid was assessed outside jalon) and
/// the qualification is granted on `qualified`.
fn qualified_in_2026(qualified: &str) -> Scratch {
    let s = Scratch::new();
    s.workspace();
    record(&s, "request-submitted", "2026-01-05");
    record(&s, "j0-accepted", "2026-02-02");
    ws(
        &s,
        &["service", "centre", "CESTI Example", "--date", "2026-02-03"],
    );
    ws(&s, &["plan", "generate", "--date", "2026-02-04"]);
    ws(&s, &["plan", "submit", "--date", "2026-02-05"]);
    ws(&s, &["plan", "validate", "--date", "2026-02-06"]);
    record(&s, "j1-accepted", "2026-02-16");
    assess(&s, "5.1.a", "conform", "2026-03-03");
    assess(&s, "5.1.b", "nonconform", "2026-03-03");
    assess(&s, "12.3.a", "conform", "2026-03-04");
    record(&s, "documentary-audit-done", "2026-03-06");
    record(&s, "onsite-audit-started", "2026-03-09");
    record(&s, "onsite-audit-done", "2026-03-13");
    record(&s, "evaluation-report-delivered", "2026-03-20");
    ws(
        &s,
        &[
            "journey",
            "record",
            "j2-accepted",
            "--date",
            "2026-04-01",
            "--force",
            "--note",
            "the rest of the grid was assessed before adopting jalon",
        ],
    );
    record(&s, "qualified", qualified);
    s
}

/// The verdict of each row of a `grid --format json`, by id.
fn verdicts(grid: &serde_json::Value) -> std::collections::BTreeMap<String, String> {
    grid["requirements"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["verdict"] != "not-assessed")
        .map(|r| {
            (
                r["id"].as_str().expect("an id").to_owned(),
                r["verdict"].as_str().expect("a verdict").to_owned(),
            )
        })
        .collect()
}

fn initial_verdicts() -> std::collections::BTreeMap<String, String> {
    [
        ("12.3.a", "conform"),
        ("5.1.a", "conform"),
        ("5.1.b", "nonconform"),
    ]
    .into_iter()
    .map(|(id, v)| (id.to_owned(), v.to_owned()))
    .collect()
}

#[test]
fn a_renewal_is_a_new_evaluation_with_its_own_plan_verdicts_and_guards() {
    let s = qualified_in_2026("2026-04-15");
    let opened = record(&s, "renewal-started", "2026-06-01");
    assert_eq!(opened["cycle"], "renewal-2026");
    assert_eq!(opened["state"], "strategy");

    // J1 looks at the renewal's plan, not at the initial one ANSSI validated.
    let before = s.snapshot_tree();
    let (code, _, err) = run(
        &s,
        &["journey", "record", "j1-accepted", "--date", "2026-06-15"],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("cycle `renewal-2026` has no evaluation plan (plan-validated)"),
        "{err}"
    );
    assert!(
        !err.contains("evaluation-centre-named"),
        "the centre is named: {err}"
    );
    assert_eq!(before, s.snapshot_tree(), "a refusal writes nothing");

    // The renewal's plan: generated from the whole scope, like the initial one.
    let generated = json(&ws(
        &s,
        &[
            "plan",
            "generate",
            "--date",
            "2026-06-02",
            "--format",
            "json",
        ],
    ));
    let initial_plan = json(&ws(
        &s,
        &["plan", "show", "--cycle", "initial", "--format", "json"],
    ));
    let renewal_plan = json(&ws(&s, &["plan", "show", "--format", "json"]));
    assert_eq!(renewal_plan["cycle"], "renewal-2026");
    assert_eq!(renewal_plan["status"], "draft");
    assert_eq!(initial_plan["status"], "validated");
    let items = initial_plan["items"].as_array().expect("items").len();
    assert_eq!(generated["items"], items);
    assert_eq!(
        renewal_plan["items"].as_array().expect("items").len(),
        items
    );
    let (code, _, err) = run(
        &s,
        &["journey", "record", "j1-accepted", "--date", "2026-06-15"],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "the evaluation plan of cycle `renewal-2026` is draft, not validated by ANSSI"
        ),
        "{err}"
    );
    ws(&s, &["plan", "submit", "--date", "2026-06-03"]);
    ws(&s, &["plan", "validate", "--date", "2026-06-10"]);
    assert_eq!(
        record(&s, "j1-accepted", "2026-06-15")["cycle"],
        "renewal-2026"
    );

    // The renewal's grid starts empty; the initial verdicts stay with the initial cycle.
    let all = applicable(&s);
    assert_eq!(all.len(), 374);
    let renewal = grid(&s, &[]);
    assert_eq!(renewal["cycle"], "renewal-2026");
    assert_eq!(renewal["summary"]["applicable"], 374);
    assert_eq!(renewal["summary"]["assessed"], 0);
    assert!(verdicts(&renewal).is_empty());
    let initial = grid(&s, &["--cycle", "initial"]);
    assert_eq!(initial["cycle"], "initial");
    assert_eq!(initial["summary"]["assessed"], 3);
    assert_eq!(initial["summary"]["conform"], 2);
    assert_eq!(initial["summary"]["nonconform"], 1);
    assert_eq!(verdicts(&initial), initial_verdicts());

    // J2 waits for the renewal's own verdicts on its whole scope.
    record(&s, "documentary-audit-done", "2026-07-01");
    record(&s, "onsite-audit-done", "2026-07-10");
    record(&s, "evaluation-report-delivered", "2026-07-20");
    let (code, _, err) = run(
        &s,
        &["journey", "record", "j2-accepted", "--date", "2026-08-03"],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "374 applicable requirement(s) of cycle `renewal-2026` not assessed (all-applicable-assessed)"
        ),
        "{err}"
    );
    let (last, rest) = all.split_last().expect("requirements");
    for id in rest {
        assess(&s, id, "conform", "2026-07-15");
    }
    let (code, _, err) = run(
        &s,
        &["journey", "record", "j2-accepted", "--date", "2026-08-03"],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(&format!(
            "1 applicable requirement(s) of cycle `renewal-2026` not assessed (all-applicable-assessed): {last};"
        )),
        "{err}"
    );
    assess(&s, last, "conform", "2026-07-16");
    let j2 = record(&s, "j2-accepted", "2026-08-03");
    assert_eq!(
        (&j2["cycle"], &j2["forced"]),
        (&"renewal-2026".into(), &false.into())
    );
    let renewal = grid(&s, &[]);
    assert_eq!(renewal["summary"]["assessed"], 374);
    assert_eq!(renewal["summary"]["conform"], 374);
    // Still the initial verdicts, untouched by the renewal's.
    let initial = grid(&s, &["--cycle", "initial"]);
    assert_eq!(initial["summary"]["assessed"], 3);
    assert_eq!(verdicts(&initial), initial_verdicts());
}

/// Qualified on 2026-04-15 with a minor non-conformity on 19.6.b.1 still open, then a
/// surveillance audit started on 2026-09-01 whose plan the centre draws from the first 40
/// applicable requirements of the grid.
fn surveillance_of_forty() -> (Scratch, Vec<String>) {
    let s = qualified_in_2026("2026-04-15");
    ws(
        &s,
        &[
            "finding",
            "add",
            "--requirement",
            "19.6.b.1",
            "--severity",
            "minor",
            "--title",
            "Capital held outside the EU above the threshold",
            "--date",
            "2026-03-10",
        ],
    );
    assert_eq!(
        record(&s, "surveillance-audit-started", "2026-09-01")["cycle"],
        "surveillance-2026"
    );
    let chosen: Vec<String> = applicable(&s).into_iter().take(40).collect();
    assert!(!chosen.contains(&"19.6.b.1".to_owned()));
    let mut args = vec!["plan", "generate", "--date", "2026-09-02"];
    for id in &chosen {
        args.extend(["--only", id.as_str()]);
    }
    ws(&s, &args);
    (s, chosen)
}

#[test]
fn a_surveillance_audit_holds_its_plan_and_the_findings_carried_into_it() {
    let (s, chosen) = surveillance_of_forty();
    let mut scope: BTreeSet<String> = chosen.iter().cloned().collect();
    scope.insert("19.6.b.1".to_owned());
    assert_eq!(scope.len(), 41);

    // The finding comes along, still open, to be re-checked.
    let findings = json(&ws(&s, &["finding", "list", "--format", "json"]));
    let findings = findings["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["id"], "F-0001");
    assert_eq!(findings[0]["status"], "open");
    assert_eq!(findings[0]["cycle"], "initial");
    assert_eq!(findings[0]["carried"], true);

    // The grid: those 41 rows, nothing else, and its metrics over them.
    let g = grid(&s, &[]);
    assert_eq!(g["cycle"], "surveillance-2026");
    let rows = ids(&g);
    assert_eq!(rows.len(), 41);
    assert_eq!(rows.iter().cloned().collect::<BTreeSet<_>>(), scope);
    assert_eq!(g["summary"]["applicable"], 41);
    assert_eq!(g["summary"]["assessed"], 0);
    assert_eq!(g["summary"]["open_findings"]["minor"], 1);
    let by_chapter: u64 = g["summary"]["by_chapter"]
        .as_object()
        .expect("chapters")
        .values()
        .map(|c| c["applicable"].as_u64().expect("a count"))
        .sum();
    assert_eq!(by_chapter, 41);

    // The plan re-checks the carried finding's requirement beside the 40 chosen.
    let plan = json(&ws(&s, &["plan", "show", "--format", "json"]));
    let items = plan["items"].as_array().expect("items");
    let planned: BTreeSet<String> = items
        .iter()
        .map(|i| i["requirement"].as_str().expect("a requirement").to_owned())
        .collect();
    assert_eq!(planned, scope);

    // The evaluation form: one row per check of those 41 requirements, as the plan has them.
    ws(
        &s,
        &[
            "export", "form", "--to", "csv", "-o", "form.csv", "--lang", "en",
        ],
    );
    let mut form = csv::Reader::from_path(s.join("form.csv")).expect("the form reads");
    let headers = form.headers().expect("headers").clone();
    let column = headers
        .iter()
        .position(|h| h == "Requirement")
        .unwrap_or_else(|| panic!("no Requirement column: {headers:?}"));
    let records: Vec<csv::StringRecord> = form.records().map(|r| r.expect("a row")).collect();
    assert_eq!(records.len(), items.len());
    let in_form: BTreeSet<String> = records.iter().map(|r| r[column].to_owned()).collect();
    assert_eq!(in_form, scope);

    // The summary report counts the same 41, and shows the carried finding.
    assess(&s, &chosen[0], "conform", "2026-09-10");
    assess(&s, &chosen[1], "nonconform", "2026-09-10");
    let report = ws(&s, &["report", "summary", "--lang", "en"]);
    assert!(
        report.contains("| Evaluation cycle | Surveillance audit (surveillance-2026) |"),
        "{report}"
    );
    assert!(
        report.contains(
            "| Applicable | Assessed | Conform | Nonconform | Not assessed | Not applicable | Inherited | Readiness |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n| 41 | 2 | 1 | 1 | 39 | 0 | 0 | **2.4%** |"
        ),
        "{report}"
    );
    let part_totals: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with("| **Total** | **"))
        .filter(|l| l.ends_with("%** |"))
        .collect();
    // The audit's scope holds organizational chapters only: the technical part names its
    // chapters as outside the scope and tallies none.
    assert_eq!(part_totals.len(), 1, "{report}");
    assert!(
        report.contains("Outside this cycle's scope: chapters 9, 10, 11, 12, 13 and 14.\n\n### 3.1 Results by chapter\n\nNo chapter of this part is in this cycle's scope."),
        "{report}"
    );
    let total: u64 = part_totals
        .iter()
        .map(|l| {
            l.split('|')
                .nth(2)
                .expect("a cell")
                .trim()
                .trim_matches('*')
                .parse::<u64>()
                .expect("a count")
        })
        .sum();
    assert_eq!(total, 41, "{part_totals:?}");
    assert!(
        report.contains("| F-0001 | Capital held outside the EU above the threshold | 19.6.b.1 | Minor non-conformity | Open | — |"),
        "{report}"
    );
}

#[test]
fn a_report_as_of_a_date_is_the_report_written_on_that_date() {
    let s = Scratch::new();
    s.workspace();
    std::fs::write(s.join("inventory.txt"), "inventory v1\n").expect("write");
    std::fs::write(s.join("pentest.txt"), "pentest report\n").expect("write");
    record(&s, "request-submitted", "2026-01-05");
    record(&s, "j0-accepted", "2026-02-02");
    ws(
        &s,
        &["service", "centre", "CESTI Example", "--date", "2026-02-03"],
    );
    ws(
        &s,
        &[
            "plan",
            "generate",
            "--date",
            "2026-02-04",
            "--start",
            "2026-03-02",
        ],
    );
    ws(&s, &["plan", "submit", "--date", "2026-02-05"]);
    ws(&s, &["plan", "validate", "--date", "2026-02-06"]);
    record(&s, "j1-accepted", "2026-02-16");
    ws(
        &s,
        &[
            "evidence",
            "add",
            "inventory.txt",
            "--copy",
            "--title",
            "Asset inventory",
            "--date",
            "2026-03-02",
        ],
    );
    ws(
        &s,
        &[
            "assess",
            "8.1.a",
            "--verdict",
            "conform",
            "--evidence",
            "E-0001",
            "--date",
            "2026-03-03",
        ],
    );
    ws(
        &s,
        &[
            "finding",
            "add",
            "--requirement",
            "9.4.a",
            "--severity",
            "minor",
            "--title",
            "Yearly access review missing",
            "--date",
            "2026-03-04",
        ],
    );
    // D: the documentary audit is under way. Everything after it must stay out of its report.
    let d = "2026-03-10";
    ws(
        &s,
        &[
            "evidence",
            "add",
            "pentest.txt",
            "--copy",
            "--title",
            "Penetration test report",
            "--date",
            "2026-03-11",
        ],
    );
    ws(
        &s,
        &[
            "assess",
            "12.3.a",
            "--verdict",
            "nonconform",
            "--evidence",
            "E-0002",
            "--date",
            "2026-03-12",
        ],
    );
    ws(
        &s,
        &[
            "finding",
            "add",
            "--requirement",
            "12.3.a",
            "--severity",
            "major",
            "--title",
            "Production and test share hypervisors",
            "--evidence",
            "E-0002",
            "--date",
            "2026-03-12",
        ],
    );
    ws(
        &s,
        &[
            "finding",
            "plan",
            "F-0001",
            "--action",
            "Run the review",
            "--owner",
            "CISO",
            "--due",
            "2026-06-30",
            "--date",
            "2026-03-13",
        ],
    );
    ws(
        &s,
        &[
            "service",
            "centre",
            "Another Centre",
            "--date",
            "2026-03-15",
        ],
    );
    record(&s, "documentary-audit-done", "2026-03-20");
    ws(
        &s,
        &[
            "assess",
            "5.1.a",
            "--verdict",
            "conform",
            "--date",
            "2026-04-01",
        ],
    );
    // Recorded last (declaring a team switches the role rules on), dated after D.
    ws(
        &s,
        &[
            "team",
            "add",
            "officer@example.org",
            "--role",
            "provider",
            "--date",
            "2026-03-14",
        ],
    );

    for format in ["md", "html"] {
        let args = ["report", "summary", "--lang", "en", "--format", format];
        let (code, now) = on(&s, TODAY, &args);
        assert_eq!(code, 0);
        let mut at = args.to_vec();
        at.extend(["--at", d]);
        let (code, as_of) = on(&s, TODAY, &at);
        assert_eq!(code, 0);
        let (code, then) = on(&s, d, &args);
        assert_eq!(code, 0);
        assert_eq!(
            String::from_utf8_lossy(&as_of),
            String::from_utf8_lossy(&then),
            "--at {d} is the report written on {d} ({format})"
        );
        assert_eq!(as_of, then, "byte for byte ({format})");
        assert_ne!(as_of, now, "today's report differs ({format})");
        let text = String::from_utf8(as_of).expect("UTF-8");
        for later in [
            "Penetration test report",
            "E-0002",
            "Production and test share hypervisors",
            "F-0002",
            "Run the review",
            "Another Centre",
            "20\u{a0}March\u{a0}2026",
            "1\u{a0}April\u{a0}2026",
        ] {
            assert!(
                !text.contains(later),
                "{later} is dated after {d} ({format}):\n{text}"
            );
        }
        for earlier in [
            "Asset inventory",
            "Yearly access review missing",
            "CESTI Example",
            "10\u{a0}March\u{a0}2026",
        ] {
            assert!(
                text.contains(earlier),
                "{earlier} is dated on or before {d} ({format})"
            );
        }
        let today = String::from_utf8(now).expect("UTF-8");
        for later in [
            "Penetration test report",
            "Production and test share hypervisors",
            "Another Centre",
        ] {
            assert!(
                today.contains(later),
                "{later} is in today's report ({format})"
            );
        }
    }
    let md = String::from_utf8(on(&s, TODAY, &["report", "summary", "--lang", "en", "--at", d]).1)
        .expect("UTF-8");
    assert!(
        md.contains("| Applicable | Assessed | Conform | Nonconform | Not assessed | Not applicable | Inherited | Readiness |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n| 374 | 1 | 1 | 0 | 373 | 0 | 0 | **0.3%** |"),
        "{md}"
    );
}

#[test]
fn before_the_first_entry_the_view_is_empty_and_after_today_it_is_refused() {
    let (s, _) = surveillance_of_forty();
    let before = "2025-12-31";

    let status = json(&ws(&s, &["status", "--at", before, "--format", "json"]));
    assert_eq!(status["date"], before);
    assert_eq!(status["state"], "preparation");
    assert_eq!(status["qualified"], false);
    assert_eq!(status["qualification"], serde_json::Value::Null);
    assert_eq!(status["deadlines"], serde_json::json!([]));
    assert_eq!(status["alerts"], serde_json::json!([]));
    assert_eq!(status["cycle"], "initial");
    assert!(
        status["milestones"]
            .as_array()
            .expect("milestones")
            .iter()
            .all(|m| m["reached"].is_null()),
        "{status}"
    );
    let human = ws(&s, &["status", "--at", before]);
    assert!(
        human.contains("State      preparation — Preparation"),
        "{human}"
    );

    let g = grid(&s, &["--at", before]);
    assert_eq!(g["cycle"], "initial");
    assert_eq!(g["date"], before);
    assert_eq!(g["summary"]["applicable"], 374);
    assert_eq!(g["summary"]["assessed"], 0);
    assert_eq!(g["summary"]["open_findings"]["minor"], 0);
    assert!(verdicts(&g).is_empty());
    assert!(
        g["requirements"]
            .as_array()
            .expect("rows")
            .iter()
            .all(|r| r["findings"] == serde_json::json!([])),
        "no finding yet"
    );

    let findings = json(&ws(
        &s,
        &["finding", "list", "--at", before, "--format", "json"],
    ));
    assert_eq!(findings, serde_json::json!({ "findings": [] }));
    assert_eq!(
        ws(&s, &["finding", "list", "--at", before]),
        "No finding.\n"
    );
    let findings = json(&ws(
        &s,
        &[
            "finding", "list", "--all", "--at", before, "--format", "json",
        ],
    ));
    assert_eq!(findings, serde_json::json!({ "findings": [] }));
    let (code, _, err) = run(&s, &["finding", "show", "F-0001", "--at", before]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("there is no finding `F-0001`"), "{err}");
    let evidence = json(&ws(
        &s,
        &["evidence", "list", "--at", before, "--format", "json"],
    ));
    assert_eq!(evidence["evidence"], serde_json::json!([]), "{evidence}");
    let journey = json(&ws(&s, &["journey", "--at", before, "--format", "json"]));
    assert_eq!(journey, serde_json::json!({ "events": [] }));
    let service = json(&ws(
        &s,
        &["service", "show", "--at", before, "--format", "json"],
    ));
    assert_eq!(service["evaluation_centre"], serde_json::Value::Null);
    assert_eq!(service["kinds"], serde_json::json!(["iaas"]));

    // `jalon cycle` lists the initial cycle, waiting to open.
    let cycles = json(&ws(
        &s,
        &["cycle", "list", "--at", before, "--format", "json"],
    ));
    assert_eq!(cycles["current"], "initial");
    let listed = cycles["cycles"].as_array().expect("cycles");
    assert_eq!(listed.len(), 1, "{cycles}");
    assert_eq!(listed[0]["id"], "initial");
    assert_eq!(listed[0]["opened"], serde_json::Value::Null);
    assert_eq!(listed[0]["closed"], serde_json::Value::Null);
    assert_eq!(listed[0]["carried"], serde_json::json!([]));

    // A cycle that opens later does not exist yet on that date.
    let (code, _, err) = run(
        &s,
        &["grid", "--at", before, "--cycle", "surveillance-2026"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("there is no cycle `surveillance-2026`"),
        "{err}"
    );
    assert!(err.contains("cycles: initial"), "{err}");

    // Nothing is known of tomorrow.
    let tomorrow = "2026-11-24";
    let reads: [&[&str]; 16] = [
        &["status"],
        &["journey"],
        &["journey", "next"],
        &["grid"],
        &["finding", "list"],
        &["finding", "show", "F-0001"],
        &["evidence", "list"],
        &["plan", "show"],
        &["report", "plan"],
        &["report", "summary"],
        &["export", "form", "--to", "csv", "-o", "tomorrow.csv"],
        &["calendar"],
        &["team", "list"],
        &["service", "show"],
        &["cycle", "list"],
        &["grid", "--cycle", "initial"],
    ];
    let tree = s.snapshot_tree();
    for read in reads {
        let mut args = read.to_vec();
        args.extend(["--at", tomorrow]);
        let (code, _, err) = run(&s, &args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains("--at 2026-11-24 is after today (2026-11-23)"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(tree, s.snapshot_tree(), "nothing written");
}

#[test]
fn conform_waits_for_open_nonconformities_and_closed_cycles_need_a_reason() {
    let s = qualified_in_2026("2026-04-15");
    ws(
        &s,
        &[
            "finding",
            "add",
            "--requirement",
            "9.4.a",
            "--severity",
            "major",
            "--title",
            "Yearly access review missing",
            "--date",
            "2026-04-02",
        ],
    );
    ws(
        &s,
        &[
            "finding",
            "add",
            "--requirement",
            "12.4.a",
            "--severity",
            "observation",
            "--title",
            "Signatures updated daily",
            "--date",
            "2026-04-02",
        ],
    );
    record(&s, "surveillance-audit-started", "2026-09-01");
    ws(
        &s,
        &[
            "plan",
            "generate",
            "--date",
            "2026-09-02",
            "--only",
            "9",
            "--only",
            "12.4.a",
        ],
    );

    // A requirement an open non-conformity names cannot be conform, in any cycle.
    let tree = s.snapshot_tree();
    let (code, _, err) = run(
        &s,
        &[
            "assess",
            "9.4.a",
            "--verdict",
            "conform",
            "--date",
            "2026-09-10",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("9.4.a cannot be conform while 1 open non-conformity names it: F-0001; nothing was written"),
        "{err}"
    );
    assert!(err.contains("hint: close the finding first"), "{err}");
    assert_eq!(tree, s.snapshot_tree());
    // An observation is not a non-conformity.
    assess(&s, "12.4.a", "conform", "2026-09-10");
    // Nonconform is what it is meanwhile.
    assess(&s, "9.4.a", "nonconform", "2026-09-10");
    // Remediated is not closed yet.
    ws(
        &s,
        &[
            "finding",
            "plan",
            "F-0001",
            "--action",
            "Run the review",
            "--owner",
            "CISO",
            "--due",
            "2026-10-30",
            "--date",
            "2026-09-11",
        ],
    );
    ws(
        &s,
        &["finding", "remediate", "F-0001", "--date", "2026-09-20"],
    );
    let (code, _, err) = run(
        &s,
        &[
            "assess",
            "9.4.a",
            "--verdict",
            "conform",
            "--date",
            "2026-09-21",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("F-0001"), "{err}");
    // Closed before the verdict's date: conform is allowed; dated before the closing, it is not.
    ws(&s, &["finding", "close", "F-0001", "--date", "2026-09-25"]);
    let (code, _, err) = run(
        &s,
        &[
            "assess",
            "9.4.a",
            "--verdict",
            "conform",
            "--date",
            "2026-09-24",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("open non-conformity names it: F-0001"),
        "{err}"
    );
    assess(&s, "9.4.a", "conform", "2026-09-25");
    let g = grid(&s, &[]);
    assert_eq!(
        verdicts(&g).get("9.4.a").map(String::as_str),
        Some("conform")
    );

    // The initial cycle closed with the decision: recording into it needs --force and a reason.
    let tree = s.snapshot_tree();
    let late = [
        "assess",
        "5.2.a",
        "--verdict",
        "conform",
        "--date",
        "2026-09-26",
        "--cycle",
        "initial",
    ];
    let (code, _, err) = run(&s, &late);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("cycle `initial` is closed (qualified on 2026-04-15); nothing was written"),
        "{err}"
    );
    let mut forced = late.to_vec();
    forced.push("--force");
    let (code, _, err) = run(&s, &forced);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--force needs --note"), "{err}");
    assert_eq!(tree, s.snapshot_tree());
    forced.extend([
        "--note",
        "verdict of the initial evaluation found in the centre's form",
    ]);
    ws(&s, &forced);
    let initial = grid(&s, &["--cycle", "initial"]);
    assert_eq!(
        verdicts(&initial).get("5.2.a").map(String::as_str),
        Some("conform")
    );
    assert_eq!(initial["summary"]["assessed"], 4);
    let surveillance = grid(&s, &[]);
    assert!(!verdicts(&surveillance).contains_key("5.2.a"));

    // An unknown cycle is a usage error naming the known ones, on reads and writes alike.
    let tree = s.snapshot_tree();
    for args in [
        &[
            "assess",
            "5.2.a",
            "--verdict",
            "conform",
            "--cycle",
            "surveilance-2026",
        ][..],
        &["grid", "--cycle", "surveilance-2026"],
        &["finding", "list", "--cycle", "surveilance-2026"],
        &["plan", "show", "--cycle", "surveilance-2026"],
    ] {
        let (code, _, err) = run(&s, args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains("there is no cycle `surveilance-2026`"),
            "{args:?}: {err}"
        );
        assert!(
            err.contains("initial, surveillance-2026"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(tree, s.snapshot_tree());
}

/// Qualified on 2025-06-02 (initial evaluation recorded as overrides): the first surveillance
/// audit falls due on 2026-06-02.
fn qualified_in_2025() -> Scratch {
    let s = Scratch::new();
    s.workspace();
    for (event, date) in [
        ("request-submitted", "2025-01-06"),
        ("j0-accepted", "2025-02-03"),
        ("j1-accepted", "2025-03-03"),
        ("documentary-audit-done", "2025-04-01"),
        ("onsite-audit-done", "2025-04-22"),
        ("evaluation-report-delivered", "2025-04-28"),
    ] {
        s.record(event, date);
    }
    ws(
        &s,
        &[
            "journey",
            "record",
            "j2-accepted",
            "--date",
            "2025-05-05",
            "--force",
            "--note",
            "grid assessed before adopting jalon",
        ],
    );
    record(&s, "qualified", "2025-06-02");
    s
}

#[test]
fn a_surveillance_audit_passed_after_its_due_date_is_late() {
    let s = qualified_in_2025();
    record(&s, "surveillance-audit-started", "2026-07-01");
    ws(
        &s,
        &[
            "plan",
            "generate",
            "--date",
            "2026-07-02",
            "--only",
            "12.3.a",
        ],
    );
    // Its scope first: the plan's requirement is not assessed yet.
    let (code, _, err) = run(
        &s,
        &[
            "journey",
            "record",
            "surveillance-audit-passed",
            "--date",
            "2026-07-15",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("1 applicable requirement(s) of cycle `surveillance-2026` not assessed (all-applicable-assessed): 12.3.a;"),
        "{err}"
    );
    assess(&s, "12.3.a", "conform", "2026-07-10");
    let passed = record(&s, "surveillance-audit-passed", "2026-07-15");
    assert_eq!(passed["cycle"], "surveillance-2026");

    let status = json(&ws(&s, &["status", "--format", "json"]));
    let first = &status["deadlines"][0];
    assert_eq!(
        first,
        &serde_json::json!({
            "kind": "surveillance-audit",
            "due": "2026-06-02",
            "status": "done",
            "late": true,
            "done": "2026-07-15",
        }),
        "{status}"
    );
    assert_eq!(status["deadlines"][1]["late"], false);
    assert_eq!(status["alerts"], serde_json::json!([]));
    let human = ws(&s, &["status"]);
    assert!(
        human.contains("  2026-06-02  surveillance-audit  done (late, on 2026-07-15)\n"),
        "{human}"
    );
    // Before it passed, it was overdue (not late: not done yet).
    let then = json(&ws(
        &s,
        &["status", "--at", "2026-07-14", "--format", "json"],
    ));
    assert_eq!(then["deadlines"][0]["status"], "overdue");
    assert_eq!(then["deadlines"][0]["late"], false);
    assert_eq!(
        then["alerts"],
        serde_json::json!([
            "The surveillance audit due on 2026-06-02 is overdue: no passed audit is recorded for it."
        ])
    );
    let cycles = json(&ws(&s, &["cycle", "list", "--format", "json"]));
    let surveillance = cycles["cycles"]
        .as_array()
        .expect("cycles")
        .iter()
        .find(|c| c["id"] == "surveillance-2026")
        .expect("the surveillance cycle")
        .clone();
    assert_eq!(surveillance["outcome"], "passed", "{cycles}");
    assert_eq!(surveillance["closed"], "2026-07-15", "{cycles}");
    assert_eq!(surveillance["late"], true, "{cycles}");
    let listed = ws(&s, &["cycle", "list"]);
    assert!(
        listed.contains("2026-07-01  2026-07-15  passed, late (due 2026-06-02)"),
        "{listed}"
    );
}

#[test]
fn a_surveillance_audit_with_nothing_in_its_scope_cannot_pass() {
    let s = qualified_in_2025();
    record(&s, "surveillance-audit-started", "2026-05-04");
    let tree = s.snapshot_tree();
    let (code, _, err) = run(
        &s,
        &[
            "journey",
            "record",
            "surveillance-audit-passed",
            "--date",
            "2026-05-20",
        ],
    );
    assert_eq!(
        code, 1,
        "passed with no plan and no finding to re-check: {err}"
    );
    assert!(err.contains("cycle `surveillance-2026`"), "{err}");
    assert!(err.contains("jalon plan generate"), "{err}");
    assert_eq!(tree, s.snapshot_tree());
    assert!(
        blockers(&s, "surveillance-audit-passed")
            .iter()
            .any(|b| b.contains("cycle `surveillance-2026`")),
        "journey next says so too"
    );
    // Once its plan names what it covers and that is assessed, it passes.
    ws(
        &s,
        &[
            "plan",
            "generate",
            "--date",
            "2026-05-05",
            "--only",
            "5.1.a",
        ],
    );
    assess(&s, "5.1.a", "conform", "2026-05-12");
    record(&s, "surveillance-audit-passed", "2026-05-20");
}

#[test]
fn a_surveillance_plan_generated_again_covers_only_what_it_names_now() {
    let (s, chosen) = surveillance_of_forty();
    // The centre narrows the audit to chapter 10; the findings carried over stay in it.
    ws(
        &s,
        &["plan", "generate", "--date", "2026-09-03", "--only", "10"],
    );
    let g = grid(&s, &[]);
    let rows: BTreeSet<String> = ids(&g).into_iter().collect();
    assert!(
        rows.contains("19.6.b.1"),
        "the carried finding's requirement stays"
    );
    assert!(
        rows.iter()
            .all(|id| id.starts_with("10.") || id == "19.6.b.1"),
        "{rows:?}"
    );
    assert!(
        !rows.contains(&chosen[0]),
        "{} is no longer covered",
        chosen[0]
    );
    let plan = json(&ws(&s, &["plan", "show", "--format", "json"]));
    assert!(
        plan["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|i| i["requirement"]
                .as_str()
                .is_some_and(|r| r.starts_with("10.") || r == "19.6.b.1")),
        "{plan}"
    );
    // Generated again without --only, the plan keeps the scope it has.
    ws(&s, &["plan", "generate", "--date", "2026-09-04"]);
    let again: BTreeSet<String> = ids(&grid(&s, &[])).into_iter().collect();
    assert_eq!(again, rows);
}

/// The rows of the report's "Events of this evaluation cycle" table (Markdown), as `date | label`.
fn report_events(report: &str) -> Vec<String> {
    let start = report
        .find("Events of this evaluation cycle:")
        .unwrap_or_else(|| panic!("no events table:\n{report}"));
    report[start..]
        .lines()
        .skip(4)
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.trim_matches('|').trim().replace('\u{a0}', " "))
        .collect()
}

/// The "Reached on" of milestone `id` in the report's milestone table (Markdown).
fn report_milestone(report: &str, id: &str) -> String {
    let prefix = format!("| {id} | ");
    let row = report
        .lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no milestone {id}:\n{report}"));
    row.trim_end_matches(" |")
        .rsplit(" | ")
        .next()
        .expect("a date")
        .replace('\u{a0}', " ")
}

#[test]
fn a_report_on_an_earlier_cycle_shows_that_cycles_timeline_not_the_current_one() {
    let s = qualified_in_2026("2026-04-15");
    record(&s, "renewal-started", "2026-06-01");
    record(&s, "surveillance-audit-started", "2026-06-08");

    let initial = ws(
        &s,
        &["report", "summary", "--lang", "en", "--cycle", "initial"],
    );
    assert_eq!(report_milestone(&initial, "J0"), "2 February 2026");
    assert_eq!(report_milestone(&initial, "J1"), "16 February 2026");
    assert_eq!(report_milestone(&initial, "J3"), "15 April 2026");
    assert_eq!(
        report_events(&initial),
        [
            "5 January 2026 | Qualification request submitted",
            "2 February 2026 | J0: request accepted by ANSSI",
            "16 February 2026 | J1: evaluation strategy accepted",
            "6 March 2026 | Documentary audit done",
            "9 March 2026 | On-site audit started",
            "13 March 2026 | On-site audit done",
            "20 March 2026 | Evaluation report delivered",
            "1 April 2026 | J2: evaluation work accepted",
            "15 April 2026 | J3: qualification granted",
        ]
    );
    assert!(
        initial.contains("J3 was reached on 15\u{a0}April\u{a0}2026."),
        "{initial}"
    );

    let renewal = ws(
        &s,
        &[
            "report",
            "summary",
            "--lang",
            "en",
            "--cycle",
            "renewal-2026",
        ],
    );
    assert_eq!(report_milestone(&renewal, "J0"), "1 June 2026");
    assert_eq!(report_milestone(&renewal, "J1"), "*not reached*");
    assert_eq!(
        report_events(&renewal),
        ["1 June 2026 | Renewal started (new evaluation)"],
        "the surveillance audit opened during the renewal is an evaluation of its own"
    );

    let surveillance = ws(&s, &["report", "summary", "--lang", "en"]);
    assert!(
        surveillance.contains("| Evaluation cycle | Surveillance audit (surveillance-2026) |"),
        "{surveillance}"
    );
    assert_eq!(
        report_events(&surveillance),
        ["8 June 2026 | Surveillance audit started"]
    );
    // Its plan is no condition of J1.
    ws(
        &s,
        &["plan", "generate", "--date", "2026-06-09", "--only", "10"],
    );
    let plan = ws(&s, &["report", "plan", "--lang", "en"]);
    assert!(!plan.contains("is a condition of J1"), "{plan}");
    let initial_plan = ws(
        &s,
        &["report", "plan", "--lang", "en", "--cycle", "initial"],
    );
    assert!(
        initial_plan.contains(
            "ANSSI's validation of this plan is a condition of J1 (Evaluation strategy accepted), reached on 16\u{a0}February\u{a0}2026."
        ),
        "{initial_plan}"
    );
}

/// Copies the folder `from` to `to`, recursively.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create");
    for entry in std::fs::read_dir(from).expect("list") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn a_workspace_written_before_cycles_opens_and_replays_unchanged() {
    let s = Scratch::new();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/format-1");
    copy_tree(&fixture, &s.join("ws"));
    let history = std::fs::read_dir(s.join("ws/history"))
        .expect("history")
        .count();
    assert_eq!(history, 105);
    assert!(
        std::fs::read_to_string(s.join("ws/history/20250317T090000.000Z-d379b24ed76eedb1.ron"))
            .expect("an entry")
            .contains("format: 1,"),
        "the fixture holds format-1 entries"
    );
    let before = s.snapshot_tree();

    let status = json(&ws(&s, &["status", "--format", "json"]));
    assert_eq!(status["state"], "evaluation");
    assert_eq!(status["qualified"], false);
    assert_eq!(status["cycle"], "initial");
    let reached: Vec<(String, serde_json::Value)> = status["milestones"]
        .as_array()
        .expect("milestones")
        .iter()
        .map(|m| {
            (
                m["id"].as_str().expect("an id").to_owned(),
                m["reached"].clone(),
            )
        })
        .collect();
    assert_eq!(
        reached,
        [
            ("J0".to_owned(), "2025-06-16".into()),
            ("J1".to_owned(), "2026-01-12".into()),
            ("J2".to_owned(), serde_json::Value::Null),
            ("J3".to_owned(), serde_json::Value::Null),
        ]
    );
    let human = ws(&s, &["status"]);
    assert!(
        human.contains("State      evaluation — Evaluation (J1 passed)"),
        "{human}"
    );

    let g = grid(&s, &[]);
    assert_eq!(g["cycle"], "initial");
    let summary = &g["summary"];
    // 7.1.b.2, assessed in this workspace, is a definition: informative, out of the counts.
    assert_eq!(summary["applicable"], 373);
    assert_eq!(summary["assessed"], 71);
    assert_eq!(summary["conform"], 69);
    assert_eq!(summary["nonconform"], 2);
    assert_eq!(summary["not_applicable"], 1);
    assert_eq!(summary["inherited"], 1);
    assert_eq!(summary["readiness"], 18.5);
    assert_eq!(
        summary["open_findings"],
        serde_json::json!({ "major": 1, "minor": 1, "observation": 1 })
    );

    let findings = json(&ws(&s, &["finding", "list", "--format", "json"]));
    let findings: Vec<(String, String, String, String)> = findings["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let field = |k: &str| f[k].as_str().expect("a text").to_owned();
            (
                field("id"),
                field("severity"),
                field("status"),
                field("cycle"),
            )
        })
        .collect();
    let expected = [
        ("F-0001", "minor", "closed"),
        ("F-0002", "major", "action-planned"),
        ("F-0003", "minor", "remediated"),
        ("F-0004", "observation", "open"),
        ("F-0005", "minor", "withdrawn"),
    ]
    .map(|(id, severity, status)| {
        (
            id.to_owned(),
            severity.to_owned(),
            status.to_owned(),
            "initial".to_owned(),
        )
    });
    assert_eq!(findings, expected);

    let (code, out, err) = run(&s, &["verify"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out,
        "Checked 105 history entries, jalon.ron, workflow secnumcloud, 6 evidence file(s): ok.\n"
    );
    let verified = json(&ws(&s, &["verify", "--format", "json"]));
    assert_eq!(verified["ok"], true, "{verified}");

    // The past reads as it did, too.
    let then = json(&ws(
        &s,
        &["status", "--at", "2025-12-31", "--format", "json"],
    ));
    assert_eq!(then["state"], "strategy");
    // Reading rewrote nothing: no migration (the cache it leaves under `.jalon/` is derived).
    for read in [
        &["journey"][..],
        &["journey", "next"],
        &["grid", "--open"],
        &["evidence", "list"],
        &["plan", "show"],
        &["team", "list"],
        &["service", "show"],
        &["calendar"],
        &["report", "summary"],
    ] {
        ws(&s, read);
    }
    assert_eq!(before, s.snapshot_tree(), "reading rewrote nothing");

    // Writing appends one entry of the current format; the old entries stay as they were.
    ws(
        &s,
        &[
            "--as",
            "evaluator@cesti-exemple.example",
            "assess",
            "9.1.a",
            "--verdict",
            "conform",
            "--date",
            "2026-11-20",
        ],
    );
    let after = s.snapshot_tree();
    assert_eq!(after.len(), before.len() + 1);
    let added: Vec<_> = after.iter().filter(|f| !before.contains(f)).collect();
    assert_eq!(added.len(), 1, "only the new entry is new");
    let entry = String::from_utf8_lossy(&added[0].1);
    assert!(entry.contains("format: 2,"), "{entry}");
    assert!(entry.contains("cycle: \"initial\","), "{entry}");
    assert!(
        before.iter().all(|f| after.contains(f)),
        "nothing else changed"
    );
    assert_eq!(grid(&s, &[])["summary"]["assessed"], 72);
    let (code, out, err) = run(&s, &["verify"]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn a_centre_named_on_a_date_is_seen_from_that_date_on() {
    let s = Scratch::new();
    s.workspace();
    record(&s, "request-submitted", "2026-01-05");
    record(&s, "j0-accepted", "2026-02-02");
    ws(&s, &["plan", "generate", "--date", "2026-02-04"]);
    ws(&s, &["plan", "submit", "--date", "2026-02-05"]);
    ws(&s, &["plan", "validate", "--date", "2026-02-06"]);
    ws(
        &s,
        &["service", "centre", "CESTI Example", "--date", "2026-03-10"],
    );

    let shown = |at: &str| {
        json(&ws(
            &s,
            &["service", "show", "--at", at, "--format", "json"],
        ))
    };
    assert_eq!(
        shown("2026-03-09")["evaluation_centre"],
        serde_json::Value::Null
    );
    assert_eq!(shown("2026-03-10")["evaluation_centre"], "CESTI Example");
    assert_eq!(shown(TODAY)["evaluation_centre"], "CESTI Example");
    let human = ws(&s, &["service", "show", "--at", "2026-03-09"]);
    assert!(human.contains("  centre       (none named)\n"), "{human}");
    let plan = |at: &str| json(&ws(&s, &["plan", "show", "--at", at, "--format", "json"]));
    assert_eq!(
        plan("2026-03-09")["evaluation_centre"],
        serde_json::Value::Null
    );
    assert_eq!(plan("2026-03-10")["evaluation_centre"], "CESTI Example");

    // J1's guard sees the centre as it was on J1's date.
    let tree = s.snapshot_tree();
    let (code, _, err) = run(
        &s,
        &["journey", "record", "j1-accepted", "--date", "2026-03-09"],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("`j1-accepted` is not ready: no evaluation centre is named (evaluation-centre-named); nothing was written"),
        "{err}"
    );
    assert!(
        err.contains("hint: `jalon service centre NAME` names the evaluation centre"),
        "{err}"
    );
    assert_eq!(tree, s.snapshot_tree());
    let next = json(&ws(
        &s,
        &["journey", "next", "--at", "2026-03-09", "--format", "json"],
    ));
    let j1 = next["possible"]
        .as_array()
        .expect("possible")
        .iter()
        .find(|p| p["event"] == "j1-accepted")
        .expect("j1")
        .clone();
    assert_eq!(
        j1["blocked_by"],
        serde_json::json!(["no evaluation centre is named (evaluation-centre-named)"])
    );
    assert!(blockers(&s, "j1-accepted").is_empty());
    let j1 = record(&s, "j1-accepted", "2026-03-10");
    assert_eq!(
        (&j1["state"], &j1["forced"]),
        (&"evaluation".into(), &false.into())
    );

    // Clearing it later is an act too: the past keeps the centre it had.
    ws(&s, &["service", "centre", "--none", "--date", "2026-06-01"]);
    assert_eq!(shown("2026-05-31")["evaluation_centre"], "CESTI Example");
    assert_eq!(shown(TODAY)["evaluation_centre"], serde_json::Value::Null);
    // jalon.ron, where the settings start from, is never rewritten.
    let manifest = std::fs::read_to_string(s.join("ws/jalon.ron")).expect("jalon.ron");
    assert!(!manifest.contains("CESTI Example"), "{manifest}");
}

#[test]
fn a_major_nonconformity_found_by_a_surveillance_audit_during_a_renewal_blocks_its_decision() {
    let s = qualified_in_2025();
    record(&s, "renewal-started", "2026-01-05");
    record(&s, "surveillance-audit-started", "2026-02-02");
    ws(
        &s,
        &[
            "finding",
            "add",
            "--requirement",
            "12.3.a",
            "--severity",
            "major",
            "--title",
            "Production and test share hypervisors",
            "--date",
            "2026-02-10",
        ],
    );
    s.record("j1-accepted", "2026-03-02");
    for (event, date) in [
        ("documentary-audit-done", "2026-04-01"),
        ("onsite-audit-done", "2026-04-20"),
        ("evaluation-report-delivered", "2026-04-27"),
    ] {
        record(&s, event, date);
    }
    ws(
        &s,
        &[
            "journey",
            "record",
            "j2-accepted",
            "--date",
            "2026-05-04",
            "--force",
            "--note",
            "grid assessed on paper",
        ],
    );
    let tree = s.snapshot_tree();
    let (code, _, err) = run(
        &s,
        &["journey", "record", "qualified", "--date", "2026-05-18"],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("F-0001"), "names the finding: {err}");
    assert!(err.contains("no-open-major-finding"), "{err}");
    assert_eq!(tree, s.snapshot_tree());
    let decided = json(&ws(
        &s,
        &[
            "journey",
            "record",
            "qualified",
            "--date",
            "2026-05-18",
            "--reserves",
            "F-0001 closed within three months",
            "--format",
            "json",
        ],
    ));
    assert_eq!(decided["cycle"], "renewal-2026");
    assert_eq!(decided["forced"], false);
}

#[test]
fn a_mistyped_cycle_on_a_write_gets_the_nearest_id_as_on_a_read() {
    let s = qualified_in_2025();
    record(&s, "surveillance-audit-started", "2026-07-01");
    let tree = s.snapshot_tree();
    for args in [
        &["grid", "--cycle", "surveilance-2026"][..],
        &[
            "assess",
            "5.2.a",
            "--verdict",
            "conform",
            "--cycle",
            "surveilance-2026",
        ],
        &["finding", "close", "F-0001", "--cycle", "surveilance-2026"],
        &[
            "journey",
            "record",
            "surveillance-audit-passed",
            "--cycle",
            "surveilance-2026",
        ],
    ] {
        let (code, _, err) = run(&s, args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains("hint: did you mean surveillance-2026?"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(tree, s.snapshot_tree());
}
