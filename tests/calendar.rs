//! `jalon calendar`: upcoming deadlines and a valid iCalendar file.

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
