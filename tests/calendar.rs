//! `jalon calendar`: upcoming deadlines and a valid iCalendar file.

use icalendar::Component;

use crate::util::{Scratch, json};

#[test]
fn lists_open_deadlines_and_writes_ics() {
    let s = Scratch::new();
    s.workspace();
    s.qualify("2023-12-14");
    let out = json(&s.ok(&[
        "-C",
        "ws",
        "calendar",
        "--format",
        "json",
        "--ics",
        "deadlines.ics",
    ]));
    let kinds: Vec<&str> = out["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "surveillance-audit",
            "surveillance-audit",
            "renewal-start",
            "expiry"
        ]
    );
    let ics = std::fs::read_to_string(s.join("deadlines.ics")).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    assert!(ics.contains("VERSION:2.0\r\n") && ics.contains("PRODID:"));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 4);
    assert!(ics.contains("DTSTART;VALUE=DATE:20261214\r\n"), "{ics}");
    // RFC 5545 3.1: content lines are at most 75 octets.
    assert!(ics.split("\r\n").all(|l| l.len() <= 75), "{ics}");
    insta::assert_snapshot!(ics.replace("\r\n", "\n"));
    // The horizon keeps far deadlines off the list; overdue ones stay.
    let near = json(&s.ok(&[
        "-C",
        "ws",
        "calendar",
        "--format",
        "json",
        "--horizon",
        "10",
    ]));
    assert_eq!(near["deadlines"].as_array().unwrap().len(), 3);
}

fn ws(s: &Scratch, args: &[&str]) -> String {
    let mut v = vec!["-C", "ws"];
    v.extend_from_slice(args);
    s.ok(&v)
}

/// The `id`s and `kind`s of `jalon calendar --format json` with `extra` arguments.
fn items(s: &Scratch, extra: &[&str]) -> Vec<(String, String, String)> {
    let mut args = vec!["calendar", "--format", "json"];
    args.extend_from_slice(extra);
    json(&ws(s, &args))["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_owned(),
                d["due"].as_str().unwrap().to_owned(),
                d["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn ics_written_on_the_decision_day_holds_every_deadline_to_expiry() {
    let s = Scratch::new();
    s.workspace();
    s.qualify("2026-11-23");
    // The default window reaches the expiry, three years ahead, not just one year.
    let out = json(&ws(&s, &["calendar", "--format", "json", "--ics", "q.ics"]));
    assert_eq!(out["horizon"], 1096, "{out}");
    let ics = std::fs::read_to_string(s.join("q.ics")).unwrap();
    let cal: icalendar::Calendar = ics.parse().unwrap();
    let uids: Vec<&str> = cal.events().filter_map(Component::get_uid).collect();
    assert_eq!(
        uids,
        [
            "q1-surveillance-audit-1.examplecloudexamplecompute@jalon",
            "q1-surveillance-audit-2.examplecloudexamplecompute@jalon",
            "q1-renewal-start.examplecloudexamplecompute@jalon",
            "q1-expiry.examplecloudexamplecompute@jalon",
        ],
        "{ics}"
    );
    for day in ["20271123", "20281123", "20291123"] {
        assert!(
            ics.contains(&format!("DTSTART;VALUE=DATE:{day}\r\n")),
            "{ics}"
        );
    }
    assert!(ics.contains("PRODID:-//jalon//jalon "), "{ics}");
    assert!(!ics.contains("ICALENDAR-RS"), "{ics}");
}

#[test]
fn an_empty_calendar_is_still_a_valid_icalendar() {
    let s = Scratch::new();
    s.workspace();
    ws(&s, &["calendar", "--ics", "none.ics"]);
    let ics = std::fs::read_to_string(s.join("none.ics")).unwrap();
    // RFC 5545 §3.6: at least one component; here a journal entry, and no event.
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(ics.matches("BEGIN:VJOURNAL\r\n").count(), 1, "{ics}");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 0, "{ics}");
    let cal: icalendar::Calendar = ics.parse().unwrap();
    assert_eq!(cal.components.len(), 1, "{ics}");
    assert!(ics.split("\r\n").all(|l| l.len() <= 75), "{ics}");
}

#[test]
fn uids_stay_when_the_decision_date_moves() {
    // The same service with its decision a week later: every date moves, no id does.
    let on = |decided: &str| {
        let s = Scratch::new();
        s.workspace();
        s.qualify(decided);
        items(&s, &[])
    };
    let before = on("2023-12-14");
    let after = on("2023-12-21");
    let ids = |v: &[(String, String, String)]| v.iter().map(|i| i.0.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&before), ids(&after));
    assert_eq!(before[0].1, "2024-12-14");
    assert_eq!(after[0].1, "2024-12-21");
}

#[test]
fn corrective_actions_and_plan_phases_are_dated_and_overdue_ones_flagged() {
    let s = Scratch::new();
    s.workspace();
    ws(&s, &["plan", "generate", "--start", "2026-12-07"]);
    for (title, due) in [("Late", "2026-11-01"), ("On time", "2027-02-01")] {
        let id = json(&ws(
            &s,
            &[
                "finding",
                "add",
                "--requirement",
                "12.3.a",
                "--severity",
                "minor",
                "--title",
                title,
                "--format",
                "json",
            ],
        ))["id"]
            .as_str()
            .unwrap()
            .to_owned();
        ws(
            &s,
            &[
                "finding", "plan", &id, "--action", title, "--owner", "Ops", "--due", due,
            ],
        );
    }
    let got = items(&s, &[]);
    let ids: Vec<&str> = got.iter().map(|i| i.0.as_str()).collect();
    assert_eq!(
        ids,
        [
            "action-F-0001",
            "plan-initial-documentary",
            "plan-initial-onsite",
            "action-F-0002"
        ],
        "{got:?}"
    );
    assert_eq!(got[0].2, "overdue");
    assert_eq!(got[1].1, "2026-12-07");
    assert_eq!(got[3].2, "upcoming");
    // `status` and `finding list` flag the late one, and only it.
    let status = json(&ws(&s, &["status", "--format", "json"]));
    let late = status["overdue_actions"].as_array().unwrap();
    assert_eq!(late.len(), 1, "{status}");
    assert_eq!(late[0]["finding"], "F-0001");
    assert_eq!(late[0]["days_overdue"], 22);
    assert!(
        ws(&s, &["status"])
            .contains("The corrective action of F-0001 (minor) was due on 2026-11-01, 22 days ago")
    );
    let list = json(&ws(&s, &["finding", "list", "--format", "json"]));
    let overdue: Vec<bool> = list["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["overdue"].as_bool().unwrap())
        .collect();
    assert_eq!(overdue, [true, false]);
    // Carried out: no longer overdue, and off the calendar.
    ws(&s, &["finding", "remediate", "F-0001"]);
    assert!(
        json(&ws(&s, &["status", "--format", "json"]))["overdue_actions"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(!items(&s, &[]).iter().any(|i| i.0 == "action-F-0001"));
    // In French, in the list and in the file.
    let fr = ws(&s, &["calendar", "--lang", "fr", "--ics", "fr.ics"]);
    assert!(
        fr.contains("Audit documentaire (plan d’évaluation, cycle initial)"),
        "{fr}"
    );
    assert!(fr.contains("dans "), "{fr}");
    let ics = std::fs::read_to_string(s.join("fr.ics")).unwrap();
    let cal: icalendar::Calendar = ics.parse().unwrap();
    let summaries: Vec<&str> = cal.events().filter_map(|e| e.get_summary()).collect();
    assert!(
        summaries.contains(&"Échéance d’une action corrective\u{a0}: F-0002 — On time — Example Cloud — Example Compute"),
        "{summaries:?}"
    );
    assert!(
        ics.contains("PRODID:-//jalon//jalon ") && ics.contains("//FR\r\n"),
        "{ics}"
    );
}

#[test]
fn audits_of_an_expired_qualification_lapse_rather_than_stay_overdue() {
    let s = Scratch::new();
    s.workspace();
    s.qualify("2021-12-14");
    // Expired on 2024-12-14, audits never recorded: nothing is "overdue" any more.
    let status = json(&ws(&s, &["status", "--format", "json"]));
    let statuses: Vec<&str> = status["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        ["lapsed", "lapsed", "lapsed", "lapsed"],
        "{status}"
    );
    let alerts = status["alerts"].to_string();
    assert!(
        alerts.contains("expired on 2024-12-14") && !alerts.contains("overdue"),
        "{alerts}"
    );
    assert!(items(&s, &[]).is_empty());
    // The same workspace on a date before expiry: the audits were overdue then.
    let then = items(&s, &["--at", "2024-06-01"]);
    assert_eq!(then[0].2, "overdue", "{then:?}");
}
