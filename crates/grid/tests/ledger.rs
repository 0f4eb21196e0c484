//! The finding lifecycle and ids.

use chrono::NaiveDate;
use grid::{CorrectiveAction, Finding, FindingStatus, Ledger, LedgerError, Severity, StatusChange};

use crate::common::stamp;

fn finding(id: &str, severity: Severity) -> Finding {
    Finding {
        id: id.into(),
        requirements: vec!["12.3.a".into()],
        check: None,
        severity,
        title: "t".into(),
        description: None,
        evidence: vec![],
        status: FindingStatus::Open,
        action: None,
        history: vec![StatusChange {
            status: FindingStatus::Open,
            by: stamp(),
            note: None,
        }],
    }
}

fn action() -> CorrectiveAction {
    CorrectiveAction {
        action: "fix".into(),
        owner: "ops".into(),
        due: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
        root_cause: None,
        by: stamp(),
    }
}

#[test]
fn open_plan_remediate_close() {
    let mut l = Ledger::default();
    l.open_finding(finding("F-0001", Severity::Major)).unwrap();
    assert!(matches!(
        l.remediate("F-0001", vec![], stamp(), None),
        Err(LedgerError::Lifecycle { .. })
    ));
    assert!(matches!(
        l.close("F-0001", stamp(), None),
        Err(LedgerError::Lifecycle { .. })
    ));
    l.plan("F-0001", action()).unwrap();
    l.plan("F-0001", action()).unwrap(); // re-planning is allowed
    l.remediate("F-0001", vec![], stamp(), None).unwrap();
    l.close("F-0001", stamp(), None).unwrap();
    assert_eq!(l.findings["F-0001"].status, FindingStatus::Closed);
    assert_eq!(l.findings["F-0001"].history.len(), 5);
    assert!(matches!(
        l.withdraw("F-0001", stamp(), None),
        Err(LedgerError::Lifecycle { .. })
    ));
}

#[test]
fn observations_may_be_closed_without_an_action() {
    let mut l = Ledger::default();
    l.open_finding(finding("F-0001", Severity::Observation))
        .unwrap();
    l.close("F-0001", stamp(), None).unwrap();
}

#[test]
fn ids_are_sequential_and_never_reused() {
    let mut l = Ledger::default();
    assert_eq!(l.next_finding_id(), "F-0001");
    l.open_finding(finding("F-0001", Severity::Minor)).unwrap();
    l.open_finding(finding("F-0007", Severity::Minor)).unwrap();
    assert_eq!(l.next_finding_id(), "F-0008");
    assert_eq!(
        l.open_finding(finding("F-0007", Severity::Minor)),
        Err(LedgerError::DuplicateFinding {
            id: "F-0007".into()
        })
    );
    assert_eq!(l.next_evidence_id(), "E-0001");
}

#[test]
fn unknown_ids_are_refused() {
    let mut l = Ledger::default();
    assert_eq!(
        l.plan("F-0042", action()),
        Err(LedgerError::UnknownFinding("F-0042".into()))
    );
    let mut f = finding("F-0001", Severity::Minor);
    f.evidence = vec!["E-0001".into()];
    assert_eq!(
        l.open_finding(f),
        Err(LedgerError::UnknownEvidence("E-0001".into()))
    );
}
