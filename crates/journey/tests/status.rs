//! Status on a date: state, qualification, deadlines and alerts, data-driven.

use journey::{DeadlineKind, DeadlineStatus, Journey, Status};

use crate::common::{date, journal, secnumcloud, through_j2};

fn status(steps: &[(&str, &str)], today: &str) -> Status {
    let wf = secnumcloud();
    let journey = Journey::replay(&wf, &journal(steps), date(today)).expect("journal replays");
    journey.status(date(today))
}

fn qualified_on(decided: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut steps = through_j2("2021-12-01");
    steps.retain(|(_, d)| *d <= decided);
    steps.push(("qualified", decided));
    steps
}

/// `(kind, due, status)` of every deadline.
fn deadlines(s: &Status) -> Vec<(&'static str, String, &'static str)> {
    s.deadlines
        .iter()
        .map(|d| (d.kind.as_str(), d.due.to_string(), d.status.as_str()))
        .collect()
}

#[test]
fn evaluation_after_j1_is_not_qualified() {
    let s = status(
        &[("j0-accepted", "2024-12-16"), ("j1-accepted", "2025-07-08")],
        "2025-11-23",
    );
    assert_eq!(s.state, "evaluation");
    assert!(!s.qualified);
    let reached: Vec<_> = s
        .milestones
        .iter()
        .map(|m| (m.id.as_str(), m.reached.map(|d| d.to_string())))
        .collect();
    assert_eq!(
        reached,
        [
            ("J0", Some("2024-12-16".into())),
            ("J1", Some("2025-07-08".into())),
            ("J2", None),
            ("J3", None)
        ]
    );
    assert!(s.qualification.is_none() && s.deadlines.is_empty() && s.alerts.is_empty());
}

#[test]
fn qualification_three_years_with_overdue_surveillance_and_renewal() {
    let s = status(&qualified_on("2023-12-14"), "2026-11-23");
    assert_eq!(s.state, "qualified");
    assert!(s.qualified);
    let q = s.qualification.as_ref().expect("qualification");
    assert_eq!(
        (q.decided, q.expires, q.days_left),
        (date("2023-12-14"), date("2026-12-14"), 21)
    );
    assert_eq!(
        deadlines(&s),
        [
            ("surveillance-audit", "2024-12-14".into(), "overdue"),
            ("surveillance-audit", "2025-12-14".into(), "overdue"),
            ("renewal-start", "2025-12-14".into(), "overdue"),
            ("expiry", "2026-12-14".into(), "upcoming"),
        ]
    );
    assert!(
        s.alerts
            .iter()
            .any(|a| a.starts_with("Renewal should have started by 2025-12-14")),
        "{:#?}",
        s.alerts
    );
    assert!(
        s.alerts.iter().any(|a| a.contains("21 days left")),
        "{:#?}",
        s.alerts
    );
}

#[test]
fn the_day_after_expiry_is_expired() {
    let on_expiry = status(&qualified_on("2023-12-14"), "2026-12-14");
    assert!(on_expiry.qualified, "valid through its expiry date");
    let s = status(&qualified_on("2023-12-14"), "2026-12-15");
    assert_eq!(s.state, "expired");
    assert!(!s.qualified);
    assert_eq!(s.qualification.as_ref().map(|q| q.days_left), Some(-1));
    assert!(s.alerts.iter().any(|a| a.contains("expired on 2026-12-14")));
}

#[test]
fn month_arithmetic_clamps_to_month_end() {
    let s = status(&qualified_on("2024-02-29"), "2024-03-01");
    assert_eq!(s.deadlines[0].due, date("2025-02-28"));
    assert_eq!(s.deadlines[1].due, date("2026-02-28"));
    assert_eq!(
        s.qualification.as_ref().map(|q| q.expires),
        Some(date("2027-02-28"))
    );
    assert_eq!(
        journey::add_months(date("2024-01-31"), 1),
        date("2024-02-29")
    );
    assert_eq!(
        journey::add_months(date("2024-02-29"), 12),
        date("2025-02-28")
    );
}

#[test]
fn passed_audits_satisfy_deadlines_even_late() {
    let mut steps = qualified_on("2023-12-14");
    steps.push(("surveillance-audit-passed", "2025-01-20")); // late for 2024-12-14: still counts
    let s = status(&steps, "2025-06-01");
    assert_eq!(s.deadlines[0].kind, DeadlineKind::SurveillanceAudit);
    assert_eq!(s.deadlines[0].status, DeadlineStatus::Done);
    assert_eq!(s.deadlines[1].status, DeadlineStatus::Upcoming);
    // Two audits in the first year do not pay for the second.
    let mut steps = qualified_on("2023-12-14");
    steps.push(("surveillance-audit-passed", "2024-06-01"));
    steps.push(("surveillance-audit-passed", "2024-11-01"));
    let s = status(&steps, "2026-01-01");
    assert_eq!(
        deadlines(&s)[..2],
        [
            ("surveillance-audit", "2024-12-14".into(), "done"),
            ("surveillance-audit", "2025-12-14".into(), "overdue"),
        ]
    );
}

#[test]
fn failed_audit_keeps_the_deadline_open_and_alerts() {
    let mut steps = qualified_on("2023-12-14");
    steps.push(("surveillance-audit-failed", "2024-12-01"));
    let s = status(&steps, "2024-12-10");
    assert_eq!(s.deadlines[0].status, DeadlineStatus::Upcoming);
    assert!(
        s.alerts.iter().any(|a| a.contains("failed")),
        "{:#?}",
        s.alerts
    );
}

#[test]
fn renewal_keeps_the_current_qualification_until_a_new_decision() {
    let mut steps = qualified_on("2023-12-14");
    steps.push(("renewal-started", "2025-11-02"));
    let s = status(&steps, "2026-01-10");
    assert_eq!(s.state, "strategy");
    assert!(s.qualified, "still valid while the renewal runs");
    assert_eq!(
        s.milestones[0].reached,
        Some(date("2025-11-02")),
        "the renewal opens a new cycle"
    );
    assert_eq!(s.milestones[1].reached, None);
    assert!(deadlines(&s).contains(&("renewal-start", "2025-12-14".into(), "done")));
    // Renewal not finished in time: the old qualification lapses, the cycle goes on.
    let lapsed = status(&steps, "2027-01-10");
    assert_eq!(lapsed.state, "strategy");
    assert!(!lapsed.qualified);
    // Renewal decided: a new validity from the new decision.
    steps.extend([
        ("j1-accepted", "2026-01-15"),
        ("documentary-audit-done", "2026-03-01"),
        ("onsite-audit-done", "2026-05-01"),
        ("evaluation-report-delivered", "2026-06-01"),
        ("j2-accepted", "2026-09-01"),
        ("qualified", "2026-11-02"),
    ]);
    let renewed = status(&steps, "2026-12-20");
    assert!(renewed.qualified);
    assert_eq!(
        renewed.qualification.as_ref().map(|q| q.expires),
        Some(date("2029-11-02"))
    );
}

#[test]
fn suspension_and_withdrawal() {
    let mut steps = qualified_on("2023-12-14");
    steps.push(("suspended", "2024-05-01"));
    let s = status(&steps, "2024-06-01");
    assert_eq!((s.state.as_str(), s.qualified), ("suspended", false));
    steps.push(("reinstated", "2024-07-01"));
    let s = status(&steps, "2024-08-01");
    assert_eq!((s.state.as_str(), s.qualified), ("qualified", true));
    steps.push(("withdrawn", "2024-09-01"));
    let s = status(&steps, "2024-10-01");
    assert_eq!((s.state.as_str(), s.qualified), ("withdrawn", false));
    assert!(s.deadlines.is_empty());
}

#[test]
fn reserves_are_kept_with_the_decision() {
    let mut steps = through_j2("2021-12-01");
    steps.push(("qualified!Close F-0003 within 3 months", "2022-01-10"));
    let s = status(&steps, "2022-02-01");
    assert_eq!(
        s.qualification.and_then(|q| q.reserves).as_deref(),
        Some("Close F-0003 within 3 months")
    );
}

#[test]
fn an_expired_or_refused_service_can_start_again() {
    let mut steps = qualified_on("2021-12-14");
    steps.push(("request-submitted", "2025-03-01"));
    let s = status(&steps, "2025-04-01");
    assert_eq!(s.state, "request-submitted");
    let mut steps = through_j2("2021-12-01");
    steps.push(("refused", "2022-01-10"));
    steps.push(("request-submitted", "2023-01-10"));
    assert_eq!(status(&steps, "2023-02-01").state, "request-submitted");
}
