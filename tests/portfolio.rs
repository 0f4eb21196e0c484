//! `jalon portfolio`: several workspaces, one row each, read in parallel; a broken one is a row
//! with its error, and the exit status says so.

use icalendar::Component;

use crate::util::{Scratch, json};

/// A workspace in `dir` for `service`, qualified on `decided` (every step before it back-filled
/// in 2021, as `Scratch::qualify` does).
fn qualified(s: &Scratch, dir: &str, service: &str, kind: &str, decided: &str) {
    s.ok(&[
        "init",
        dir,
        "--provider",
        "Example Cloud",
        "--service",
        service,
        "--kind",
        kind,
    ]);
    let record = |event: &str, date: &str, force: Option<&str>| {
        let mut args = vec!["-C", dir, "journey", "record", event, "--date", date];
        if let Some(note) = force {
            args.extend(["--force", "--note", note]);
        }
        s.ok(&args);
    };
    record("request-submitted", "2021-01-04", None);
    record("j0-accepted", "2021-03-01", None);
    record(
        "j1-accepted",
        "2021-06-01",
        Some("plan validated outside jalon"),
    );
    record("documentary-audit-done", "2021-09-01", None);
    record("onsite-audit-done", "2021-10-01", None);
    record("evaluation-report-delivered", "2021-11-15", None);
    record(
        "j2-accepted",
        "2021-12-01",
        Some("grid assessed before adopting jalon"),
    );
    record("qualified", decided, None);
}

/// Three workspaces: `current` (qualified in 2025, its first surveillance audit started late
/// and a major finding open in it), `old` (qualified in 2022: expired on 2025-01-10) and
/// `broken` (a malformed jalon.ron).
fn three(s: &Scratch) {
    qualified(s, "current", "Example Compute", "iaas", "2025-03-03");
    s.ok(&[
        "-C",
        "current",
        "journey",
        "record",
        "surveillance-audit-started",
        "--date",
        "2026-10-05",
    ]);
    s.ok(&[
        "-C",
        "current",
        "finding",
        "add",
        "--requirement",
        "12.3.a",
        "--severity",
        "major",
        "--title",
        "Shared hypervisors",
        "--date",
        "2026-11-02",
    ]);
    s.ok(&[
        "-C",
        "current",
        "finding",
        "plan",
        "F-0001",
        "--action",
        "Separate the clusters",
        "--owner",
        "ops@example.org",
        "--due",
        "2026-11-20",
    ]);
    qualified(s, "old", "Example Storage", "paas", "2022-01-10");
    std::fs::create_dir(s.join("broken")).unwrap();
    std::fs::write(
        s.join("broken/jalon.ron"),
        "(\n    format: 1,\n    provider: \"Broken Cloud\"\n    service: \"Oops\",\n)\n",
    )
    .unwrap();
}

fn services(out: &serde_json::Value) -> &Vec<serde_json::Value> {
    out["services"].as_array().expect("services")
}

#[test]
fn three_workspaces_one_broken_three_rows_and_exit_1() {
    let s = Scratch::new();
    three(&s);
    let (code, out, err) = s.run(&["portfolio", "current", "old", "broken", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("1 of 3 workspaces could not be read"), "{err}");
    let out = json(&out);
    let rows = services(&out);
    assert_eq!(rows.len(), 3, "{out}");
    let paths: Vec<&str> = rows.iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["current", "old", "broken"]);

    let current = &rows[0];
    assert_eq!(current["provider"], "Example Cloud");
    assert_eq!(current["service"], "Example Compute");
    assert_eq!(current["state"], "qualified");
    assert_eq!(current["qualified_until"], "2028-03-03");
    assert_eq!(current["days_left"], 466);
    // The first surveillance audit (2026-03-03) has not passed, and the corrective action was
    // due on 2026-11-20: two items overdue; the next audit is due a year after the first.
    assert_eq!(current["overdue"], 2, "{current}");
    assert_eq!(
        current["next_deadline"],
        serde_json::json!({"date": "2027-03-03", "kind": "surveillance-audit"})
    );
    assert_eq!(
        current["open_findings"],
        serde_json::json!({"major": 1, "minor": 0, "observation": 0})
    );
    // Of the cycle the surveillance audit opened, where the finding is.
    assert_eq!(current["cycle"], "surveillance-2026", "{current}");
    assert!(current["readiness"].is_number(), "{current}");
    assert_eq!(current["error"], serde_json::Value::Null);

    // Qualified on 2022-01-10 for three years: expired on 2025-01-10.
    let old = &rows[1];
    assert_eq!(old["state"], "expired", "{old}");
    assert_eq!(old["qualified"], false);
    assert_eq!(old["qualified_until"], "2025-01-10");
    assert_eq!(old["next_deadline"], serde_json::Value::Null);
    assert_eq!(old["error"], serde_json::Value::Null);

    let broken = &rows[2];
    let error = broken["error"].as_str().expect("an error");
    assert!(error.contains("broken/jalon.ron:4:5"), "{error}");
    for key in [
        "provider",
        "service",
        "state",
        "qualified_until",
        "next_deadline",
        "open_findings",
        "readiness",
    ] {
        assert_eq!(broken[key], serde_json::Value::Null, "{key}: {broken}");
    }
}

#[test]
fn a_portfolio_ron_lists_the_workspaces_relative_to_itself() {
    let s = Scratch::new();
    three(&s);
    std::fs::create_dir(s.join("team")).unwrap();
    std::fs::write(
        s.join("team/portfolio.ron"),
        "(\n    format: 1,\n    workspaces: [\"../current\", \"../old\", \"../broken\"],\n)\n",
    )
    .unwrap();
    // With -C, portfolio.ron is looked for in that folder.
    let (code, out, _) = s.run(&["-C", "team", "portfolio", "--format", "json"]);
    assert_eq!(code, 1);
    let out = json(&out);
    let rows = services(&out);
    let paths: Vec<&str> = rows.iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["team/../current", "team/../old", "team/../broken"]);
    assert_eq!(rows[0]["state"], "qualified");
    assert_eq!(rows[1]["state"], "expired");
    assert!(rows[2]["error"].is_string());

    // In the folder itself, paths are the file's own.
    let out = s
        .jalon()
        .current_dir(s.join("team"))
        .args(["portfolio", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = json(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(services(&out)[0]["path"], "../current");
}

#[test]
fn no_folder_and_no_portfolio_ron_is_a_usage_error() {
    let s = Scratch::new();
    let (code, out, err) = s.run(&["portfolio"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("holds no portfolio.ron"), "{err}");
    assert!(err.contains("jalon portfolio iaas saas"), "{err}");
    let (code, _, err) = s.run(&["--lang", "fr", "portfolio"]);
    assert_eq!(code, 2);
    assert!(err.contains("ne contient pas de portfolio.ron"), "{err}");
}

#[test]
fn a_malformed_portfolio_ron_names_its_line_and_column() {
    let s = Scratch::new();
    std::fs::write(
        s.join("portfolio.ron"),
        "(\n    format: 1,\n    workspace: [\"a\"],\n)\n",
    )
    .unwrap();
    let (code, _, err) = s.run(&["portfolio"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("portfolio.ron:3:"), "{err}");
}

#[test]
fn all_readable_exits_0() {
    let s = Scratch::new();
    three(&s);
    let (code, out, err) = s.run(&["portfolio", "old", "current"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "{err}");
    assert!(out.contains("expired"), "{out}");
}

#[test]
fn human_table_in_english_and_french() {
    let s = Scratch::new();
    three(&s);
    let (code, out, _) = s.run(&["portfolio", "current", "old", "broken"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("portfolio_human", out);
    let (code, out, err) = s.run(&["--lang", "fr", "portfolio", "current", "old", "broken"]);
    assert_eq!(code, 1);
    assert!(err.contains("1 des 3 espaces de travail"), "{err}");
    insta::assert_snapshot!("portfolio_human_fr", out);
}

#[test]
fn colour_marks_line_up() {
    let s = Scratch::new();
    three(&s);
    let (_, plain, _) = s.run(&["portfolio", "current", "old", "broken", "--color", "never"]);
    let (_, coloured, _) = s.run(&["portfolio", "current", "old", "broken", "--color", "always"]);
    assert!(coloured.contains("\u{1b}[31mexpired"), "{coloured:?}");
    // Without its escapes, the coloured table is the plain one.
    let mut stripped = String::new();
    let mut chars = coloured.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            stripped.push(c);
        }
    }
    assert_eq!(stripped, plain);
}

#[test]
fn at_replays_every_row_to_that_date() {
    let s = Scratch::new();
    three(&s);
    let (_, out, _) = s.run(&[
        "portfolio",
        "current",
        "old",
        "--at",
        "2024-06-01",
        "--format",
        "json",
    ]);
    let out = json(&out);
    assert_eq!(out["date"], "2024-06-01");
    let rows = services(&out);
    // Before its decision of 2025-03-03, `current` awaited it; `old` still held its own.
    assert_eq!(rows[0]["state"], "decision-pending", "{out}");
    assert_eq!(rows[0]["qualified_until"], serde_json::Value::Null);
    assert_eq!(
        rows[0]["open_findings"],
        serde_json::json!({"major": 0, "minor": 0, "observation": 0})
    );
    assert_eq!(rows[1]["state"], "qualified", "{out}");
    assert_eq!(rows[1]["days_left"], 223);
    let (code, _, err) = s.run(&["portfolio", "current", "--at", "2030-01-01"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn ics_holds_every_service_with_distinct_uids() {
    let s = Scratch::new();
    three(&s);
    // Two services of the same name would make the same UIDs: numbered apart.
    qualified(&s, "twin", "Example Compute", "iaas", "2025-03-03");
    let (code, out, _) = s.run(&[
        "portfolio",
        "current",
        "old",
        "broken",
        "twin",
        "--ics",
        "all.ics",
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("to all.ics."), "{out}");
    let ics = std::fs::read_to_string(s.join("all.ics")).unwrap();
    let cal: icalendar::Calendar = ics.parse().unwrap();
    let events: Vec<&icalendar::Event> = cal
        .components
        .iter()
        .filter_map(|c| match c {
            icalendar::CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    let uids: Vec<&str> = events.iter().filter_map(|e| e.get_uid()).collect();
    let mut unique = uids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), uids.len(), "{ics}");
    // The same UIDs as `jalon calendar --ics` gives the service on its own.
    assert!(
        uids.contains(&"q1-surveillance-audit-1.examplecloudexamplecompute@jalon"),
        "{uids:?}"
    );
    assert!(
        uids.contains(&"q1-surveillance-audit-1.examplecloudexamplecompute-2@jalon"),
        "{uids:?}"
    );
    assert!(
        uids.contains(&"action-F-0001.examplecloudexamplecompute@jalon"),
        "{uids:?}"
    );
    let summaries: Vec<&str> = events.iter().filter_map(|e| e.get_summary()).collect();
    assert!(
        summaries
            .iter()
            .all(|s| s.ends_with("— Example Cloud — Example Compute")),
        "{summaries:?}"
    );
    // The expired service has nothing left to keep; a qualified one does.
    let (_, out, _) = s.run(&[
        "portfolio",
        "old",
        "current",
        "--at",
        "2024-06-01",
        "--ics",
        "-",
    ]);
    let cal: icalendar::Calendar = out.parse().unwrap();
    let summaries: Vec<String> = cal
        .components
        .iter()
        .filter_map(|c| match c {
            icalendar::CalendarComponent::Event(e) => e.get_summary().map(str::to_owned),
            _ => None,
        })
        .collect();
    assert!(
        summaries.iter().any(|s| s.ends_with("Example Storage")),
        "{summaries:?}"
    );
    // An output over a workspace's own files is refused.
    let (code, _, err) = s.run(&["portfolio", "current", "old", "--ics", "old/jalon.ron"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("a file of the workspace"), "{err}");
}

#[test]
fn the_portfolio_site_indexes_every_row_and_links_each_readable_service_to_its_dashboard() {
    let s = Scratch::new();
    three(&s);
    let (code, out, err) = s.run(&[
        "--lang",
        "en",
        "portfolio",
        "current",
        "old",
        "broken",
        "--site",
        "site",
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("Wrote the portfolio's site (2 service dashboard(s))"),
        "{out}"
    );
    let index = std::fs::read_to_string(s.join("site/index.html")).expect("the index");
    assert!(index.contains("<html lang=\"en\">"), "{index}");
    // One row per workspace: two links to dashboards, the broken one with its error.
    assert_eq!(
        index.matches("<tr><th scope=\"row\">").count(),
        3,
        "{index}"
    );
    let links: Vec<&str> = index
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|h| !h.starts_with('#'))
        .collect();
    assert_eq!(links.len(), 2, "{links:?}");
    for href in &links {
        let page = std::fs::read_to_string(s.join("site").join(href)).expect("a dashboard");
        assert!(page.contains("id=\"grid\""), "{href}");
    }
    assert!(index.contains("could not be read"), "{index}");
    assert!(index.contains("broken/jalon.ron"), "{index}");
    // Nothing is loaded: no source, no link out (the error's own words may quote an address).
    assert!(
        !index.contains("src=") && !index.contains("href=\"http"),
        "{index}"
    );
}
