//! Scope, verdicts and metrics, data-driven: a grid, some verdicts, the expected counts.

use grid::{
    Assessment, Counts, GridView, Ledger, RequirementKind::*, ServiceKind, Verdict, from_checks,
};

use crate::common::{referential, stamp};

const ALL: &[ServiceKind] = &[];
const SAAS: &[ServiceKind] = &[ServiceKind::Saas];

/// Applies `verdicts` (`(requirement, check, verdict)`) to a fixed grid for an IaaS service and
/// compares overall counts and chapter 12's.
fn check(
    verdicts: &[(&str, Option<&str>, Verdict)],
    overall: [usize; 6],
    readiness: f64,
    chapter12: [usize; 6],
) {
    let r = referential(&[
        ("5.1.a", 0, Requirement, true, ALL, 2),
        ("5.1.b", 0, Requirement, true, ALL, 1),
        ("5.1.c", 0, Recommendation, true, ALL, 1),
        ("5.1.d", 0, Requirement, false, ALL, 0),
        ("12.1.a", 1, Requirement, true, ALL, 1),
        ("12.1.b", 1, Requirement, true, SAAS, 1),
        ("12.1.c", 1, Requirement, true, ALL, 1),
    ]);
    let mut ledger = Ledger::default();
    for &(req, check, verdict) in verdicts {
        let (justification, from) = match verdict {
            Verdict::NotApplicable => (Some("reason".to_owned()), None),
            Verdict::Inherited => (None, Some("Lower IaaS".to_owned())),
            _ => (None, None),
        };
        ledger
            .assess(Assessment {
                requirement: req.into(),
                check: check.map(str::to_owned),
                verdict,
                evidence: vec![],
                note: None,
                justification,
                from,
                by: stamp(),
            })
            .unwrap();
    }
    let view = GridView::new(&r, &[ServiceKind::Iaas], &ledger);
    let c = |c: &Counts| {
        [
            c.applicable,
            c.assessed,
            c.conform,
            c.nonconform,
            c.not_applicable,
            c.inherited,
        ]
    };
    assert_eq!(
        c(&view.summary.overall),
        overall,
        "overall for {verdicts:?}"
    );
    assert_eq!(view.summary.overall.readiness, readiness);
    assert_eq!(
        c(&view.summary.by_chapter["12"]),
        chapter12,
        "chapter 12 for {verdicts:?}"
    );
}

#[test]
fn nothing_assessed() {
    // In scope: 5.1.a, 5.1.b, 12.1.a, 12.1.c (the recommendation, heading and SaaS-only are out).
    check(&[], [4, 0, 0, 0, 0, 0], 0.0, [2, 0, 0, 0, 0, 0]);
}

#[test]
fn requirement_level_verdicts() {
    use Verdict::*;
    check(
        &[("5.1.b", None, Conform), ("12.1.a", None, Nonconform)],
        [4, 2, 1, 1, 0, 0],
        25.0,
        [2, 1, 0, 1, 0, 0],
    );
}

#[test]
fn check_level_verdicts_roll_up() {
    use Verdict::*;
    check(
        &[("5.1.a", Some("c1"), Conform)],
        [4, 0, 0, 0, 0, 0],
        0.0,
        [2, 0, 0, 0, 0, 0],
    );
    check(
        &[
            ("5.1.a", Some("c1"), Conform),
            ("5.1.a", Some("c2"), Conform),
        ],
        [4, 1, 1, 0, 0, 0],
        25.0,
        [2, 0, 0, 0, 0, 0],
    );
    check(
        &[("5.1.a", Some("c1"), Nonconform)],
        [4, 1, 0, 1, 0, 0],
        0.0,
        [2, 0, 0, 0, 0, 0],
    );
}

#[test]
fn out_of_scope_with_a_reason_leaves_the_applicable_count() {
    use Verdict::*;
    check(
        &[
            ("12.1.a", None, NotApplicable),
            ("12.1.c", None, Inherited),
            ("5.1.a", None, Conform),
            ("5.1.b", None, Conform),
        ],
        [2, 2, 2, 0, 1, 1],
        100.0,
        [0, 0, 0, 0, 1, 1],
    );
}

#[test]
fn a_later_verdict_replaces_an_earlier_one() {
    use Verdict::*;
    check(
        &[("5.1.b", None, Nonconform), ("5.1.b", None, Conform)],
        [4, 1, 1, 0, 0, 0],
        25.0,
        [2, 0, 0, 0, 0, 0],
    );
    check(
        &[("5.1.b", None, Conform), ("5.1.b", None, NotAssessed)],
        [4, 0, 0, 0, 0, 0],
        0.0,
        [2, 0, 0, 0, 0, 0],
    );
}

#[test]
fn readiness_rounds_to_one_decimal() {
    use Verdict::*;
    // 1 of 3 applicable (12.1.a not applicable): 33.3 %.
    check(
        &[("12.1.a", None, NotApplicable), ("5.1.b", None, Conform)],
        [3, 1, 1, 0, 1, 0],
        33.3,
        [1, 0, 0, 0, 1, 0],
    );
}

#[test]
fn roll_up_rules() {
    use Verdict::*;
    for (checks, expected) in [
        (&[][..], NotAssessed),
        (&[Conform, Conform][..], Conform),
        (&[Conform, NotAssessed][..], NotAssessed),
        (&[Conform, Nonconform, NotAssessed][..], Nonconform),
        (&[NotApplicable, NotApplicable][..], NotApplicable),
        (&[Inherited][..], Inherited),
        (&[Conform, NotApplicable][..], Conform),
        (&[Inherited, Conform][..], Conform),
    ] {
        assert_eq!(from_checks(checks), expected, "{checks:?}");
    }
}
