//! Comparing two cycles, as data: one journal with known differences between its cycles, and
//! for each pair of cycles the comparison, written out line by line.

use dossier::{Comparison, Dossier, compare};
use grid::Severity::{Minor, Observation};
use grid::Verdict::{Conform, Nonconform};

use crate::common::*;

const ME: &str = "ana";

/// The initial evaluation, a surveillance audit, then a renewal:
///
/// - initial: 5.1.a, 12.1.a and 12.1.b conform, 5.1.b nonconform with the minor F-0001 (still
///   open when the surveillance audit opens, so carried into it); the observation F-0002 opened
///   and closed in it;
/// - surveillance-2025: its plan covers 5.1.a and 12.1.a, F-0001 brings 5.1.b into its scope;
///   F-0001 is remediated and closed, 5.1.b is now conform, 12.1.a nonconform with the new
///   minor F-0003, 5.1.a conform again;
/// - renewal-2026: F-0003 carried, only 5.1.a and 5.1.b assessed (conform) so far.
fn journal() -> Vec<E> {
    let mut j = vec![
        at("2024-01-10", ME, event("request-submitted")),
        at("2024-02-01", ME, event("j0-accepted")),
        at("2024-03-01", ME, event("j1-accepted")),
        at("2024-05-10", ME, assess("5.1.a", Conform)),
        at("2024-05-10", ME, assess("5.1.b", Nonconform)),
        at("2024-05-10", ME, assess("12.1.a", Conform)),
        at("2024-05-10", ME, assess("12.1.b", Conform)),
        at("2024-05-10", ME, open("F-0001", "5.1.b", Minor)),
        at("2024-05-11", ME, open("F-0002", "12.1.b", Observation)),
        at("2024-05-12", ME, close("F-0002")),
        at("2024-06-01", ME, event("j2-accepted")),
        at("2024-07-01", ME, event("qualified")),
        at("2025-06-01", ME, event("surveillance-audit-started")),
        at(
            "2025-06-02",
            ME,
            generate(&[("5.1.a", "c1"), ("12.1.a", "c1")]),
        ),
    ];
    j.extend(settle(date("2025-06-02"), ME, "F-0001"));
    j.extend([
        at("2025-06-10", ME, assess("5.1.b", Conform)),
        at("2025-06-10", ME, assess("5.1.a", Conform)),
        at("2025-06-10", ME, assess("12.1.a", Nonconform)),
        at("2025-06-10", ME, open("F-0003", "12.1.a", Minor)),
        at("2025-06-20", ME, event("surveillance-audit-passed")),
        at("2026-07-01", ME, event("renewal-started")),
        at("2026-07-10", ME, assess("5.1.a", Conform)),
        at("2026-07-10", ME, assess("5.1.b", Conform)),
    ]);
    j
}

fn verdict(v: Option<grid::Verdict>) -> &'static str {
    v.map_or("-", |v| v.as_str())
}

fn list(ids: &[String]) -> String {
    if ids.is_empty() {
        "-".to_owned()
    } else {
        ids.join(", ")
    }
}

fn readiness(r: Option<f64>) -> String {
    r.map_or("-".to_owned(), |r| format!("{r:.1}"))
}

/// A comparison in lines: a header, one line per requirement (`*` when changed), the findings,
/// then readiness per chapter.
fn render(c: &Comparison) -> String {
    let mut out = vec![format!("{} -> {}", c.a, c.b)];
    for r in &c.requirements {
        out.push(format!(
            "{} {} ({}): {} -> {}",
            if r.changed { "*" } else { " " },
            r.requirement,
            r.chapter,
            verdict(r.a),
            verdict(r.b)
        ));
    }
    out.push(format!("new: {}", list(&c.new_findings)));
    out.push(format!("closed: {}", list(&c.closed_findings)));
    out.push(format!("carried: {}", list(&c.carried_findings)));
    for ch in &c.chapters {
        out.push(format!(
            "chapter {}: {} -> {}",
            ch.chapter,
            readiness(ch.a),
            readiness(ch.b)
        ));
    }
    out.join("\n")
}

/// Compares cycle `a` with cycle `b` of [`journal`] and checks the rendered comparison.
fn check(a: &str, b: &str, expected: &str) {
    let entries = entries(&journal());
    let d = Dossier::replay(WORLD.inputs(), &entries, date("2026-12-31"));
    assert!(d.problems.is_empty(), "the journal holds: {:?}", d.problems);
    let (ca, cb) = (d.cycle(a).expect("cycle a"), d.cycle(b).expect("cycle b"));
    let got = render(&compare(&d, WORLD.referential(), ca, cb));
    let expected: Vec<&str> = expected
        .lines()
        .map(|l| l.strip_prefix("        ").unwrap_or(l))
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(got, expected.join("\n"), "{a} -> {b}");
}

#[test]
fn initial_to_surveillance() {
    // 12.1.b is not in the surveillance audit's scope: in one cycle only, so not changed.
    check(
        "initial",
        "surveillance-2025",
        "
        initial -> surveillance-2025
          5.1.a (5): conform -> conform
        * 5.1.b (5): nonconform -> conform
        * 12.1.a (12): conform -> nonconform
          12.1.b (12): conform -> -
        new: F-0003
        closed: F-0001
        carried: F-0001
        chapter 5: 50.0 -> 100.0
        chapter 12: 100.0 -> 0.0
        ",
    );
}

#[test]
fn surveillance_to_initial() {
    // B is the initial cycle: what it opened and closed, nothing carried into it.
    check(
        "surveillance-2025",
        "initial",
        "
        surveillance-2025 -> initial
          5.1.a (5): conform -> conform
        * 5.1.b (5): conform -> nonconform
        * 12.1.a (12): nonconform -> conform
          12.1.b (12): - -> conform
        new: F-0001, F-0002
        closed: F-0002
        carried: -
        chapter 5: 100.0 -> 50.0
        chapter 12: 0.0 -> 100.0
        ",
    );
}

#[test]
fn initial_to_renewal() {
    // A renewal evaluates the whole grid: what it did not assess yet is not assessed in it.
    check(
        "initial",
        "renewal-2026",
        "
        initial -> renewal-2026
          5.1.a (5): conform -> conform
        * 5.1.b (5): nonconform -> conform
        * 12.1.a (12): conform -> not-assessed
        * 12.1.b (12): conform -> not-assessed
        new: -
        closed: -
        carried: F-0003
        chapter 5: 50.0 -> 100.0
        chapter 12: 100.0 -> 0.0
        ",
    );
}

#[test]
fn a_cycle_with_itself() {
    check(
        "surveillance-2025",
        "surveillance-2025",
        "
        surveillance-2025 -> surveillance-2025
          5.1.a (5): conform -> conform
          5.1.b (5): conform -> conform
          12.1.a (12): nonconform -> nonconform
        new: F-0003
        closed: F-0001
        carried: F-0001
        chapter 5: 100.0 -> 100.0
        chapter 12: 0.0 -> 0.0
        ",
    );
}
