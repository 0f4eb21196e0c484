//! Checking an event before it is recorded.

use journey::{Facts, Recorded, Refusal, check_record};

use crate::common::{date, journal, secnumcloud, through_j2};

fn facts() -> Facts {
    Facts {
        service_kinds: vec!["iaas".into()],
        evaluation_centre: Some("CESTI".into()),
        // Not about cycles: every kind is open, so closing events are never blocked by it.
        open_cycles: journey::CycleKind::ALL.to_vec(),
        ..Facts::default()
    }
}

fn check(steps: &[(&str, &str)], event: &str, on: &str) -> Result<(), Refusal> {
    let wf = secnumcloud();
    let new = Recorded {
        event: event.into(),
        date: date(on),
        reserves: None,
        forced: false,
    };
    check_record(&wf, &journal(steps), &new, date("2026-11-23"), &facts())
}

#[test]
fn j2_before_j1_names_the_missing_step() {
    let err = check(
        &[("j0-accepted", "2024-12-16")],
        "j2-accepted",
        "2025-01-10",
    )
    .unwrap_err();
    assert!(matches!(err, Refusal::NotAllowed { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("needs state `evaluation`, reached by `j1-accepted`"),
        "{msg}"
    );
}

#[test]
fn an_event_dated_before_what_it_follows_is_refused() {
    let err = check(
        &[("j0-accepted", "2024-12-16"), ("j1-accepted", "2025-07-08")],
        "documentary-audit-done",
        "2025-07-01",
    )
    .unwrap_err();
    assert_eq!(
        err,
        Refusal::DatedTooEarly {
            event: "documentary-audit-done".into(),
            date: date("2025-07-01"),
            after: "j1-accepted".into(),
            after_date: date("2025-07-08"),
        }
    );
    let mut steps = through_j2("2021-12-01");
    steps.truncate(5); // up to onsite-audit-done on 2021-10-01
    let err = check(&steps, "evaluation-report-delivered", "2021-09-15").unwrap_err();
    assert!(
        matches!(err, Refusal::DatedTooEarly { ref after, .. } if after == "onsite-audit-done"),
        "{err:?}"
    );
}

#[test]
fn future_dates_are_refused() {
    let err = check(&[], "request-submitted", "2027-01-01").unwrap_err();
    assert!(matches!(err, Refusal::InTheFuture { .. }));
}

#[test]
fn prerequisites_block_unless_forced() {
    let steps = [("j0-accepted", "2024-12-16"), ("j1-accepted", "2025-07-08")];
    let err = check(&steps, "onsite-audit-done", "2025-09-01").unwrap_err();
    assert_eq!(
        err,
        Refusal::Blocked {
            event: "onsite-audit-done".into(),
            blocked_by: vec![journey::Blocker::Missing {
                event: "documentary-audit-done".into()
            }]
        }
    );
    let wf = secnumcloud();
    let forced = Recorded {
        event: "onsite-audit-done".into(),
        date: date("2025-09-01"),
        reserves: None,
        forced: true,
    };
    assert_eq!(
        check_record(&wf, &journal(&steps), &forced, date("2026-11-23"), &facts()),
        Ok(())
    );
}

#[test]
fn guards_name_what_is_missing() {
    let wf = secnumcloud();
    let new = Recorded {
        event: "request-submitted".into(),
        date: date("2025-01-01"),
        reserves: None,
        forced: false,
    };
    let err = check_record(&wf, &[], &new, date("2026-11-23"), &Facts::default()).unwrap_err();
    assert!(
        err.to_string()
            .contains("no service kind is declared (scope-defined)"),
        "{err}"
    );
}

#[test]
fn reserves_only_where_the_workflow_allows_them() {
    let wf = secnumcloud();
    let new = Recorded {
        event: "j0-accepted".into(),
        date: date("2025-01-01"),
        reserves: Some("x".into()),
        forced: false,
    };
    let err = check_record(&wf, &[], &new, date("2026-11-23"), &facts()).unwrap_err();
    assert!(matches!(err, Refusal::NoReserves { .. }));
}

#[test]
fn a_backdated_event_that_breaks_later_ones_is_refused() {
    // Abandoning before J1 (already recorded after that date) would leave J1 without a state to come from.
    let err = check(
        &[("j0-accepted", "2024-12-16"), ("j1-accepted", "2025-07-08")],
        "abandoned",
        "2025-01-01",
    )
    .unwrap_err();
    assert!(matches!(err, Refusal::BreaksLater { .. }), "{err:?}");
}

#[test]
fn back_filling_an_independent_event_is_accepted() {
    let mut steps = through_j2("2021-12-01");
    steps.push(("qualified", "2022-01-10"));
    steps.push(("suspended", "2023-05-01"));
    // The first-year audit, recorded late but dated when it happened, before the suspension.
    assert_eq!(
        check(&steps, "surveillance-audit-passed", "2022-12-01"),
        Ok(())
    );
}

#[test]
fn unknown_events_are_refused() {
    assert!(matches!(
        check(&[], "j4-accepted", "2025-01-01"),
        Err(Refusal::UnknownEvent(..))
    ));
}
