//! Composition: a SaaS built on a qualified IaaS declares it as a base; its inherited verdicts
//! hold only while the base is qualified on the date looked at.

use crate::util::{Scratch, json};

/// `ws`, an IaaS qualified on 2024-01-15 (so until 2027-01-15), and `saas`, built on it, which
/// declares it as base `iaas` and inherits 11.1.a from it.
fn composed() -> Scratch {
    let s = Scratch::new();
    s.workspace();
    s.qualify("2024-01-15");
    s.ok(&[
        "init",
        "saas",
        "--provider",
        "Example Apps",
        "--service",
        "Example Mail",
        "--kind",
        "saas",
    ]);
    s.ok(&[
        "-C",
        "saas",
        "base",
        "add",
        "ws",
        "--id",
        "iaas",
        "--date",
        "2026-04-01",
    ]);
    s.ok(&[
        "-C",
        "saas",
        "assess",
        "11.1.a",
        "--verdict",
        "inherited",
        "--from",
        "iaas",
        "--date",
        "2026-05-01",
    ]);
    s
}

fn row(s: &Scratch, today: &str, id: &str) -> serde_json::Value {
    let out = json(&s.ok(&["--today", today, "-C", "saas", "grid", "--format", "json"]));
    out["requirements"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["id"] == id)
        .expect("the requirement")
        .clone()
}

#[test]
fn an_inherited_verdict_holds_while_the_base_is_qualified_and_lapses_the_day_after_its_expiry() {
    let s = composed();
    // The base's own status says when it expires.
    let base = json(&s.ok(&["-C", "ws", "status", "--format", "json"]));
    assert_eq!(base["qualification"]["expires"], "2027-01-15");

    let before = row(&s, "2027-01-15", "11.1.a");
    assert_eq!(before["verdict"], "inherited", "{before}");
    assert_eq!(before["reason"], "inherited from iaas");
    let after = row(&s, "2027-01-16", "11.1.a");
    assert_eq!(after["verdict"], "not-assessed", "{after}");
    assert_eq!(after["applicable"], true, "{after}");

    // `--at` replays it on any date, today being later.
    let at = json(&s.ok(&[
        "--today",
        "2027-02-01",
        "-C",
        "saas",
        "grid",
        "--at",
        "2027-01-10",
        "--format",
        "json",
    ]));
    assert_eq!(at["summary"]["inherited"], 1);

    // The base list says so.
    let bases = json(&s.ok(&[
        "--today",
        "2027-01-16",
        "-C",
        "saas",
        "base",
        "list",
        "--format",
        "json",
    ]));
    let b = &bases["bases"][0];
    assert_eq!(b["id"], "iaas");
    assert_eq!(b["kind"], "workspace");
    assert_eq!(b["state"], "expired");
    assert_eq!(b["qualified_until"], "2027-01-15");

    // `status` alerts, 90 days before and once lapsed.
    let soon = s.ok(&["--today", "2026-11-23", "-C", "saas", "status"]);
    assert!(
        soon.contains("Base `iaas`'s qualification ends on 2027-01-15, in 53 days: then 1 inherited requirement(s) lapse."),
        "{soon}"
    );
    let late = json(&s.ok(&[
        "--today",
        "2027-01-16",
        "-C",
        "saas",
        "status",
        "--format",
        "json",
    ]));
    let alerts: Vec<&str> = late["alerts"]
        .as_array()
        .expect("alerts")
        .iter()
        .filter_map(|a| a.as_str())
        .collect();
    assert!(
        alerts
            .iter()
            .any(|a| a.starts_with("Base `iaas` is expired: 1 inherited requirement(s)")),
        "{alerts:?}"
    );

    // `verify` reports the lapsed reliance.
    let (code, out, _) = s.run(&["--today", "2027-01-16", "-C", "saas", "verify"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("the reliance on base `iaas` lapsed: it is expired on 2027-01-16"),
        "{out}"
    );
    let (code, out, _) = s.run(&["--today", "2027-01-15", "-C", "saas", "verify"]);
    assert_eq!(code, 0, "{out}");

    // The summary report lists each reliance with its validity on its date.
    let report = |today: &str| {
        s.ok(&[
            "--today", today, "--lang", "en", "-C", "saas", "report", "summary", "-o", "-",
        ])
    };
    let valid = report("2027-01-15");
    assert!(
        valid.contains("Reliance on qualified services (composition)"),
        "{valid}"
    );
    assert!(
        valid.contains(
            "| Example Cloud — Example Compute (iaas) | qualified | 2027-01-15 | 11.1.a |"
        ),
        "{valid}"
    );
    let lapsed = report("2027-01-16");
    assert!(
        lapsed.contains("| **expired** | 2027-01-15 | 11.1.a |"),
        "{lapsed}"
    );
}

#[test]
fn a_suspended_base_lapses_its_reliances_until_reinstated() {
    let s = composed();
    s.ok(&[
        "-C",
        "ws",
        "--on-behalf-of",
        "anssi",
        "--reference",
        "ANSSI letter",
        "journey",
        "record",
        "suspended",
        "--date",
        "2026-06-01",
    ]);
    let at = |date: &str| {
        let out = json(&s.ok(&["-C", "saas", "grid", "--at", date, "--format", "json"]));
        out["summary"]["inherited"].as_u64()
    };
    assert_eq!(at("2026-05-31"), Some(1));
    assert_eq!(at("2026-06-02"), Some(0));
    let bases = json(&s.ok(&["-C", "saas", "base", "list", "--format", "json"]));
    assert_eq!(bases["bases"][0]["state"], "suspended");
}

#[test]
fn from_an_undeclared_base_exits_2_and_lists_the_declared_ones() {
    let s = composed();
    let before = s.snapshot_tree();
    let (code, _, err) = s.run(&[
        "-C",
        "saas",
        "assess",
        "11.3.a",
        "--verdict",
        "inherited",
        "--from",
        "Nonexistent Cloud (never qualified)",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(
            "`Nonexistent Cloud (never qualified)` is not a declared base service; bases: iaas"
        ),
        "{err}"
    );
    assert!(err.contains("jalon base add"), "{err}");
    assert_eq!(s.snapshot_tree(), before, "nothing was written");
}

#[test]
fn a_registry_entry_is_a_base_with_its_source_and_dates() {
    let s = composed();
    std::fs::write(
        s.join("registry.ron"),
        r#"(
    format: 1,
    services: [
        (
            id: "example-iaas",
            provider: "Example Hosting",
            service: "Example IaaS",
            kinds: ["iaas"],
            qualified: "2023-12-01",
            expires: "2026-12-01",
            source: "https://example.org/catalogue",
            read: "2026-11-01",
        ),
    ],
)
"#,
    )
    .expect("writes");
    s.ok(&[
        "-C",
        "saas",
        "base",
        "add",
        "example-iaas",
        "--registry",
        "registry.ron",
    ]);
    s.ok(&[
        "-C",
        "saas",
        "assess",
        "11.3.a",
        "--verdict",
        "inherited",
        "--from",
        "example-iaas",
    ]);
    let list = |today: &str| {
        json(&s.ok(&[
            "--today", today, "-C", "saas", "base", "list", "--format", "json",
        ]))
    };
    let now = list("2026-11-23");
    let reg = now["bases"]
        .as_array()
        .expect("bases")
        .iter()
        .find(|b| b["id"] == "example-iaas")
        .expect("declared")
        .clone();
    assert_eq!(reg["kind"], "registry");
    assert_eq!(reg["state"], "qualified");
    assert_eq!(reg["qualified_until"], "2026-12-01");
    assert_eq!(reg["requirements"], 1);
    let later = list("2026-12-02");
    assert!(
        later["bases"]
            .as_array()
            .expect("bases")
            .iter()
            .any(|b| b["id"] == "example-iaas" && b["state"] == "expired")
    );
    // An id is one base: declaring it again is refused, nothing written.
    let before = s.snapshot_tree();
    let (code, _, err) = s.run(&[
        "-C",
        "saas",
        "base",
        "add",
        "example-iaas",
        "--registry",
        "registry.ron",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("a base `example-iaas` is declared already"),
        "{err}"
    );
    assert_eq!(s.snapshot_tree(), before, "nothing was written");
    // An id the registry does not have.
    let (code, _, err) = s.run(&[
        "-C",
        "saas",
        "base",
        "add",
        "nope",
        "--registry",
        "registry.ron",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("entries: example-iaas"), "{err}");
}

#[test]
fn the_sample_registry_reads_and_every_entry_names_its_source_and_reading_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/registry.ron");
    let text = std::fs::read_to_string(&path).expect("examples/registry.ron");
    let s = Scratch::new();
    s.workspace();
    for id in [
        "outscale-iaas",
        "ovhcloud-hosted-private-cloud",
        "oodrive-saas",
    ] {
        assert!(text.contains(&format!("id: \"{id}\"")), "{id}");
        s.ok(&[
            "-C",
            "ws",
            "base",
            "add",
            id,
            "--registry",
            path.to_str().expect("utf-8"),
        ]);
    }
    assert_eq!(text.matches("source: \"https://").count(), 3);
    assert_eq!(text.matches("read: \"").count(), 3);
}
