//! `jalon grid`, `assess`, `finding`, `evidence`, `verify`: the evaluation centre's work.

use crate::util::{Scratch, json};

fn shared(rel: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference")
        .join(rel);
    assert!(
        path.is_file(),
        "reference data missing: {} (CI runs with ../shared beside the clone)",
        path.display()
    );
    path.display().to_string()
}

const POLICY_V1_SHA256: &str = "1346d3d6ba0fa2599109504e7524b14a03d1f48cb5e572481f47b8e036d9a85c";

/// Declares `example-hosting`, a qualified IaaS read from a registry, as a base of `ws`.
fn declare_base(s: &Scratch) {
    std::fs::write(
        s.join("registry.ron"),
        r#"(format: 1, services: [(id: "example-hosting", provider: "Example Hosting", service: "Example IaaS", kinds: ["iaas"], qualified: "2025-01-06", source: "https://example.org/catalogue", read: "2025-02-01")])"#,
    )
    .expect("writes the registry");
    ok(
        s,
        &[
            "base",
            "add",
            "example-hosting",
            "--registry",
            "registry.ron",
        ],
    );
}

/// A workspace for an IaaS service (so SaaS-only requirements are out of scope).
fn workspace() -> Scratch {
    let s = Scratch::new();
    s.workspace();
    s
}

fn ws(args: &[&str]) -> Vec<String> {
    let mut v = vec!["-C".to_owned(), "ws".to_owned()];
    v.extend(args.iter().map(|a| (*a).to_owned()));
    v
}

fn ok(s: &Scratch, args: &[&str]) -> String {
    let v = ws(args);
    s.ok(&v.iter().map(String::as_str).collect::<Vec<_>>())
}

fn run(s: &Scratch, args: &[&str]) -> (i32, String, String) {
    let v = ws(args);
    s.run(&v.iter().map(String::as_str).collect::<Vec<_>>())
}

#[test]
fn grid_gives_a_reason_for_every_requirement_out_of_scope() {
    let s = workspace();
    declare_base(&s);
    ok(
        &s,
        &[
            "assess",
            "14.7.a",
            "--verdict",
            "not-applicable",
            "--justification",
            "no pre-production environment",
        ],
    );
    ok(
        &s,
        &[
            "assess",
            "11.3.a",
            "--verdict",
            "inherited",
            "--from",
            "example-hosting",
        ],
    );
    let out = json(&ok(&s, &["grid", "--format", "json"]));
    let rows = out["requirements"].as_array().unwrap();
    assert_eq!(rows.len(), 425);
    for r in rows {
        assert_eq!(
            r["applicable"].as_bool().unwrap(),
            r["reason"].is_null(),
            "{r}"
        );
    }
    let find = |id: &str| rows.iter().find(|r| r["id"] == id).unwrap().clone();
    assert_eq!(find("9.5.c")["reason"], "applies to SaaS only");
    assert_eq!(
        find("14.7.a")["reason"],
        "not applicable: no pre-production environment"
    );
    assert_eq!(find("11.3.a")["reason"], "inherited from example-hosting");
    assert_eq!(
        find("6.1.g")["reason"],
        "recommendation, not checked for qualification"
    );
    assert_eq!(
        find("19.6.b")["reason"],
        "heading; its sub-items are assessed"
    );
    let summary = &out["summary"];
    assert_eq!(summary["not_applicable"], 1);
    assert_eq!(summary["inherited"], 1);
    assert_eq!(summary["by_chapter"]["14"]["not_applicable"], 1);
    for key in [
        "applicable",
        "assessed",
        "conform",
        "nonconform",
        "not_applicable",
        "inherited",
        "readiness",
        "by_chapter",
    ] {
        assert!(summary.get(key).is_some(), "summary lacks {key}");
    }
}

#[test]
fn verdicts_follow_from_checks_unless_set() {
    let s = workspace();
    ok(
        &s,
        &["assess", "12.3.a", "--check", "c1", "--verdict", "conform"],
    );
    let row = |s: &Scratch| {
        let out = json(&ok(s, &["grid", "--chapter", "12", "--format", "json"]));
        out["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "12.3.a")
            .unwrap()["verdict"]
            .clone()
    };
    assert_eq!(row(&s), "not-assessed", "one check of two");
    ok(
        &s,
        &[
            "assess",
            "12.3.a",
            "--check",
            "c2",
            "--verdict",
            "nonconform",
        ],
    );
    assert_eq!(row(&s), "nonconform");
    ok(
        &s,
        &["assess", "12.3.a", "--check", "c2", "--verdict", "conform"],
    );
    assert_eq!(row(&s), "conform");
    ok(
        &s,
        &[
            "assess",
            "12.3.a",
            "--verdict",
            "nonconform",
            "--note",
            "overall judgement",
        ],
    );
    assert_eq!(row(&s), "nonconform", "an explicit verdict wins");
}

#[test]
fn assess_refuses_what_does_not_exist() {
    let s = workspace();
    let (code, _, err) = run(&s, &["assess", "12.3.z", "--verdict", "conform"]);
    assert_eq!(code, 2);
    assert!(err.contains("nearest ids: 12.3.a"), "{err}");
    let (code, _, err) = run(
        &s,
        &["assess", "12.3.a", "--check", "c9", "--verdict", "conform"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("its checks: c1, c2"), "{err}");
    let (code, _, err) = run(
        &s,
        &[
            "assess",
            "12.3.a",
            "--verdict",
            "conform",
            "--evidence",
            "E-0042",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("there is no evidence `E-0042`"), "{err}");
    let (code, _, err) = run(&s, &["assess", "12.3.a", "--verdict", "not-applicable"]);
    assert_eq!(code, 2);
    assert!(err.contains("--justification"), "{err}");
    let (code, _, err) = run(&s, &["assess", "12.3.a", "--verdict", "fine"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("expected one of not-assessed, conform"),
        "{err}"
    );
}

#[test]
fn finding_lifecycle_end_to_end() {
    let s = workspace();
    let id = json(&ok(
        &s,
        &[
            "finding",
            "add",
            "--requirement",
            "12.3.a",
            "--check",
            "c2",
            "--severity",
            "major",
            "--title",
            "Shared hypervisors",
            "--format",
            "json",
        ],
    ));
    assert_eq!(id["id"], "F-0001");
    assert_eq!(
        ok(
            &s,
            &[
                "finding",
                "add",
                "--requirement",
                "9.4.a",
                "--severity",
                "minor",
                "--title",
                "No access review"
            ]
        ),
        "F-0002\n"
    );
    let (code, _, err) = run(&s, &["finding", "remediate", "F-0001"]);
    assert_eq!(code, 1, "remediating before planning is refused: {err}");
    assert!(
        err.contains("its corrective action must be planned first"),
        "{err}"
    );
    ok(
        &s,
        &[
            "finding",
            "plan",
            "F-0001",
            "--action",
            "Split clusters",
            "--owner",
            "Head of infrastructure",
            "--due",
            "2027-01-29",
            "--root-cause",
            "capacity shortage",
        ],
    );
    let (code, _, err) = run(&s, &["finding", "close", "F-0001"]);
    assert_eq!(code, 1, "{err}");
    ok(
        &s,
        &["finding", "remediate", "F-0001", "--note", "clusters split"],
    );
    ok(
        &s,
        &["finding", "close", "F-0001", "--note", "verified on site"],
    );
    ok(
        &s,
        &["finding", "withdraw", "F-0002", "--note", "raised in error"],
    );
    let list = ok(&s, &["finding", "list", "--format", "json"]);
    insta::assert_snapshot!("finding_list_json", list);
    let list = json(&list);
    assert_eq!(list["findings"][0]["status"], "closed");
    assert_eq!(list["findings"][0]["due"], "2027-01-29");
    assert_eq!(list["findings"][1]["status"], "withdrawn");
    let shown = ok(&s, &["finding", "show", "F-0001"]);
    assert!(
        shown.contains(
            "Corrective action: Split clusters (owner Head of infrastructure, due 2027-01-29)"
        ),
        "{shown}"
    );
    insta::assert_snapshot!("finding_show", shown);
    let majors = json(&ok(
        &s,
        &[
            "finding",
            "list",
            "--severity",
            "major",
            "--status",
            "closed",
            "--format",
            "json",
        ],
    ));
    assert_eq!(majors["findings"].as_array().unwrap().len(), 1);
    let (code, _, err) = run(&s, &["finding", "show", "F-0009"]);
    assert_eq!(code, 2);
    assert!(err.contains("there is no finding `F-0009`"), "{err}");
}

#[test]
fn a_major_finding_blocks_qualification_until_closed_or_reserves() {
    let s = workspace();
    for (e, d) in [
        ("request-submitted", "2025-01-06"),
        ("j0-accepted", "2025-03-03"),
        ("j1-accepted", "2025-06-02"),
        ("documentary-audit-done", "2025-09-01"),
        ("onsite-audit-done", "2025-10-01"),
        ("evaluation-report-delivered", "2025-10-20"),
    ] {
        s.record(e, d);
    }
    // J2 needs every applicable requirement assessed.
    let (code, _, err) = run(
        &s,
        &["journey", "record", "j2-accepted", "--date", "2025-11-03"],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("not assessed (all-applicable-assessed)"),
        "{err}"
    );
    ok(
        &s,
        &[
            "journey",
            "record",
            "j2-accepted",
            "--date",
            "2025-11-03",
            "--force",
            "--note",
            "assessed on paper",
        ],
    );
    ok(
        &s,
        &[
            "finding",
            "add",
            "--requirement",
            "12.3.a",
            "--severity",
            "major",
            "--title",
            "Shared hypervisors",
            "--date",
            "2025-10-01",
        ],
    );
    let before = s.snapshot_tree();
    let (code, _, err) = run(
        &s,
        &["journey", "record", "qualified", "--date", "2025-11-20"],
    );
    assert_eq!(code, 1);
    assert!(err.contains("F-0001"), "names the finding: {err}");
    assert_eq!(before, s.snapshot_tree());
    // With reserves, ANSSI may decide all the same.
    let out = json(&ok(
        &s,
        &[
            "journey",
            "record",
            "qualified",
            "--date",
            "2025-11-20",
            "--reserves",
            "F-0001 closed within three months",
            "--format",
            "json",
        ],
    ));
    assert_eq!(out["state"], "qualified");
    assert_eq!(out["forced"], false);
}

#[test]
fn closing_the_major_finding_lifts_the_guard() {
    let s = workspace();
    ok(
        &s,
        &[
            "finding",
            "add",
            "--requirement",
            "12.3.a",
            "--severity",
            "major",
            "--title",
            "Shared hypervisors",
        ],
    );
    // Bring the journey to the decision; the evaluation happened before (forced, with the reason).
    for (event, date) in [
        ("request-submitted", "2025-01-06"),
        ("j0-accepted", "2025-03-03"),
        ("j1-accepted", "2025-06-02"),
        ("documentary-audit-done", "2025-09-01"),
        ("onsite-audit-done", "2025-10-01"),
        ("evaluation-report-delivered", "2025-10-20"),
    ] {
        s.record(event, date);
    }
    ok(
        &s,
        &[
            "journey",
            "record",
            "j2-accepted",
            "--date",
            "2025-11-03",
            "--force",
            "--note",
            "assessed on paper",
        ],
    );
    let blocked = |s: &Scratch| {
        let next = json(&ok(s, &["journey", "next", "--format", "json"]));
        let qualified = next["possible"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["event"] == "qualified")
            .unwrap()
            .clone();
        qualified["blocked_by"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b.as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert!(
        blocked(&s).iter().any(|b| b.contains("F-0001")),
        "{:?}",
        blocked(&s)
    );
    ok(
        &s,
        &[
            "finding",
            "plan",
            "F-0001",
            "--action",
            "Split",
            "--owner",
            "Ops",
            "--due",
            "2027-01-01",
        ],
    );
    ok(&s, &["finding", "remediate", "F-0001"]);
    ok(&s, &["finding", "close", "F-0001"]);
    let open = json(&ok(&s, &["grid", "--format", "json"]));
    assert_eq!(open["summary"]["open_findings"]["major"], 0);
    assert!(blocked(&s).is_empty(), "{:?}", blocked(&s));
    let out = json(&ok(
        &s,
        &[
            "journey",
            "record",
            "qualified",
            "--date",
            "2025-11-20",
            "--format",
            "json",
        ],
    ));
    assert_eq!(out["state"], "qualified");
    assert_eq!(
        out["forced"], false,
        "no reserves and no override needed once the finding is closed"
    );
}

#[test]
fn evidence_copied_in_lives_inside_and_changes_are_detected() {
    let s = workspace();
    std::fs::write(s.join("policy.pdf"), b"policy v1").unwrap();
    let out = json(&ok(
        &s,
        &[
            "evidence",
            "add",
            "policy.pdf",
            "--title",
            "Policy",
            "--copy",
            "--format",
            "json",
        ],
    ));
    assert_eq!(out["id"], "E-0001");
    // sha256 of "policy v1", computed independently (`printf 'policy v1' | sha256sum`).
    assert_eq!(out["sha256"], POLICY_V1_SHA256);
    let stored = out["location"]["Copy"].as_str().unwrap().to_owned();
    assert!(stored.starts_with("evidence/E-0001-"), "{stored}");
    assert!(s.join("ws").join(&stored).is_file());
    // A reference stays where it is.
    std::fs::write(s.join("config.txt"), b"config").unwrap();
    // Paths are relative to the current folder, like any command's.
    ok(
        &s,
        &[
            "evidence",
            "add",
            "config.txt",
            "--title",
            "Config",
            "--confidentiality",
            "restricted",
        ],
    );
    assert!(ok(&s, &["evidence", "verify"]).contains("2 evidence file(s) checked, 0 problem(s)."));
    std::fs::write(s.join("ws").join(&stored), b"policy v2").unwrap();
    std::fs::remove_file(s.join("config.txt")).unwrap();
    let (code, out, _) = run(&s, &["evidence", "verify", "--format", "json"]);
    assert_eq!(code, 1);
    let out = json(&out);
    let problems: Vec<(&str, &str)> = out["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["problem"].as_str().unwrap()))
        .collect();
    assert_eq!(problems, [("E-0001", "changed"), ("E-0002", "missing")]);
}

#[test]
fn a_stored_evidence_path_escaping_the_workspace_is_reported_and_never_read() {
    let s = workspace();
    std::fs::write(s.join("ws/inside.txt"), b"inside").unwrap();
    ok(
        &s,
        &[
            "evidence",
            "add",
            "ws/inside.txt",
            "--title",
            "Inside",
            "--copy",
        ],
    );
    // Someone edits the entry so the copy points outside: verify reports the escape without
    // reading the file, and the edit itself.
    let hist = s.join("ws/history");
    let entry = std::fs::read_dir(&hist)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(s.join("secret.txt"), b"secret").unwrap();
    for escape in ["../secret.txt", "/etc/hostname"] {
        let edited = text.replace(
            "Copy(\"evidence/E-0001-inside.txt\")",
            &format!("Copy(\"{escape}\")"),
        );
        assert_ne!(edited, text);
        std::fs::write(&entry, &edited).unwrap();
        let (code, out, _) = run(&s, &["verify", "--format", "json"]);
        assert_eq!(code, 1);
        let out = json(&out);
        let messages: Vec<String> = out["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["message"].as_str().unwrap().to_owned())
            .collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("E-0001 escapes") && m.contains("not read")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("changed after it was written")),
            "{messages:?}"
        );
    }
    #[cfg(unix)]
    {
        std::fs::write(
            &entry,
            text.replace("evidence/E-0001-inside.txt", "link/secret.txt"),
        )
        .unwrap();
        std::os::unix::fs::symlink(s.path(), s.join("ws/link")).unwrap();
        let (code, out, _) = run(&s, &["verify"]);
        assert_eq!(code, 1);
        assert!(out.contains("symbolic link"), "{out}");
    }
}

#[test]
fn verify_reports_every_problem_with_its_place() {
    let s = workspace();
    ok(&s, &["assess", "5.1.a", "--verdict", "conform"]);
    assert!(ok(&s, &["verify"]).ends_with(": ok.\n"));
    std::fs::write(s.join("ws/checks.ron"), "(format: 1, checks: [(requirement: \"99.1.a\", id: \"x1\", text: (en: \"a\", fr: \"b\"), method: Documentary)])").unwrap();
    let hist = s.join("ws/history");
    let entry = std::fs::read_dir(&hist)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(&entry, text.replace("conform", "nonconform")).unwrap();
    let (code, out, _) = run(&s, &["verify"]);
    assert_eq!(code, 1);
    assert!(out.contains("checks.ron:1:"), "{out}");
    assert!(out.contains("99.1.a"), "{out}");
    assert!(out.contains("changed after it was written"), "{out}");
    insta::assert_snapshot!(
        out.lines()
            .filter(|l| !l.starts_with("history/"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn centre_checks_extend_requirements() {
    let s = workspace();
    std::fs::write(
        s.join("ws/checks.ron"),
        "(format: 1, checks: [(requirement: \"12.3.a\", id: \"x1\", text: (en: \"Scan hypervisor tags\", fr: \"Scanner les étiquettes\"), method: TechnicalTest)])",
    )
    .unwrap();
    let out = json(&ok(
        &s,
        &["referential", "show", "12.3.a", "--format", "json"],
    ));
    assert_eq!(
        out["checks"].as_array().unwrap().last().unwrap()["id"],
        "x1"
    );
    ok(
        &s,
        &["assess", "12.3.a", "--check", "x1", "--verdict", "conform"],
    );
}

#[test]
fn importing_the_official_text_enriches_the_embedded_structure() {
    let s = workspace();
    let file = shared("ciso-assistant/secnumcloud-3.2.yaml");
    let out = json(&ok(
        &s,
        &[
            "referential",
            "import",
            "--from",
            "ciso-assistant",
            &file,
            "--format",
            "json",
        ],
    ));
    assert_eq!(out["nodes"], 651);
    assert_eq!(out["assessable"], 412);
    assert_eq!(out["enriched"], 425);
    let first = std::fs::read(s.join("ws/referentials/secnumcloud-3.2.ron")).unwrap();
    ok(
        &s,
        &["referential", "import", "--from", "ciso-assistant", &file],
    );
    assert_eq!(
        first,
        std::fs::read(s.join("ws/referentials/secnumcloud-3.2.ron")).unwrap(),
        "ids and content stable across imports"
    );
    let shown = json(&ok(
        &s,
        &["referential", "show", "19.6.a", "--format", "json"],
    ));
    assert!(
        shown["text"].as_str().unwrap().contains("siège statutaire"),
        "{shown}"
    );
    let listed = json(&ok(&s, &["referential", "list", "--format", "json"]));
    assert_eq!(listed["referentials"][0]["origin"], "embedded+imported");
    for other in [
        "anssi-guide-hygiene.yaml",
        "anssi-guide-hygiene-detail.yaml",
        "secnumcloud-3.2-annexe-2.yaml",
        "cloud-sovereignty-framework.yaml",
    ] {
        ok(
            &s,
            &[
                "referential",
                "import",
                "--from",
                "ciso-assistant",
                &shared(&format!("ciso-assistant/{other}")),
            ],
        );
    }
    let before = s.snapshot_tree();
    std::fs::write(
        s.join("broken.yaml"),
        "objects:\n  framework:\n    requirement_nodes: [\n",
    )
    .unwrap();
    let (code, _, err) = run(
        &s,
        &[
            "referential",
            "import",
            "--from",
            "ciso-assistant",
            "broken.yaml",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("broken.yaml"), "{err}");
    let mut after = s.snapshot_tree();
    after.retain(|(p, _)| !p.ends_with("broken.yaml"));
    assert_eq!(before, after, "nothing written");
}

#[test]
fn demo_grid_and_findings_snapshots() {
    let s = Scratch::new();
    s.ok(&["demo", "d"]);
    // The demo's initial evaluation on the day ANSSI decided: findings at every stage.
    let initial = |args: &[&str]| {
        let mut v = vec!["-C", "d"];
        v.extend_from_slice(args);
        v.extend(["--cycle", "initial", "--at", "2024-06-10"]);
        s.ok(&v)
    };
    insta::assert_snapshot!(
        "demo_grid_open",
        initial(&["grid", "--open", "--chapter", "12"])
    );
    insta::assert_snapshot!("demo_findings", initial(&["finding", "list"]));
    insta::assert_snapshot!("demo_evidence", s.ok(&["-C", "d", "evidence", "list"]));
    let grid = json(&initial(&["grid", "--format", "json"]));
    let findings = json(&initial(&["finding", "list", "--format", "json"]));
    let open_major = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["severity"] == "major"
                && ["open", "action-planned", "remediated"].contains(&f["status"].as_str().unwrap())
        })
        .count();
    assert_eq!(grid["summary"]["open_findings"]["major"], open_major);
    let statuses: std::collections::BTreeSet<&str> = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses.len(), 5, "a finding at every stage: {statuses:?}");
    assert!(s.ok(&["-C", "d", "verify"]).ends_with(": ok.\n"));
}
