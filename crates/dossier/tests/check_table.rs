//! The rules of recording, as data: each case is a journal, a draft act, today, and what
//! [`dossier::check`] says (the cycle the act goes to, or the refusal).

use dossier::{Act, Draft, Refusal};
use grid::Role::{Anssi, Evaluator, LeadEvaluator, Provider};
use grid::Severity::{Major, Minor, Observation};
use grid::Verdict::{Conform, Nonconform};

use crate::common::*;

/// Today, unless a case says otherwise.
const TODAY: &str = "2026-12-31";
/// The single user of a workspace without a team.
const ME: &str = "ana";

/// What the check should say.
#[derive(Debug)]
enum Expect {
    /// Accepted, into this cycle (a journey event not marked forced).
    Ok(&'static str),
    /// Accepted into this cycle, the journey event marked forced.
    Forced(&'static str),
    /// Refused: the variant's path (`Journey::Blocked`, `Apply::Ledger::Lifecycle`) and a
    /// fragment of its message or of its fields' `Debug` (for `nearest` lists).
    Refused(&'static str, &'static str),
}
use Expect::{Forced, Ok, Refused};

struct Case {
    name: &'static str,
    journal: Vec<E>,
    draft: E,
    force: bool,
    today: &'static str,
    expect: Expect,
}

fn case(name: &'static str, journal: Vec<E>, draft: E, expect: Expect) -> Case {
    Case {
        name,
        journal,
        draft,
        force: false,
        today: TODAY,
        expect,
    }
}

impl Case {
    fn force(mut self) -> Case {
        self.force = true;
        self
    }

    fn today(mut self, today: &'static str) -> Case {
        self.today = today;
        self
    }
}

/// The leading variant names of a refusal's `Debug`, down the nested enums:
/// `Apply(Ledger(Lifecycle { .. }))` is `Apply::Ledger::Lifecycle`.
fn variant(r: &Refusal) -> String {
    let debug = format!("{r:?}");
    let mut rest = debug.as_str();
    let mut path = Vec::new();
    loop {
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        path.push(&rest[..end]);
        match rest[end..].strip_prefix('(') {
            Some(inner) if inner.starts_with(|c: char| c.is_ascii_uppercase()) => rest = inner,
            _ => break,
        }
    }
    path.join("::")
}

/// Runs one case; `Err` says how the outcome differs from the expected one.
fn check(case: &Case) -> Result<(), String> {
    let entries = entries(&case.journal);
    let draft = Draft {
        entry: case.draft.entry(entries.len() + 1),
        force: case.force,
    };
    let got = dossier::check(WORLD.inputs(), &entries, draft, date(case.today));
    match (&case.expect, got) {
        (Ok(cycle) | Forced(cycle), Result::Ok(checked)) => {
            let forced = matches!(checked.entry.act, Act::Journey { forced: true, .. });
            let want_forced = matches!(case.expect, Forced(_));
            let got_cycle = checked.entry.cycle.as_deref();
            if got_cycle != Some(cycle) {
                return Err(format!("accepted into {got_cycle:?}, expected `{cycle}`"));
            }
            if forced != want_forced {
                return Err(format!("accepted with forced = {forced}"));
            }
            if checked.after.cycle(cycle).is_none() {
                return Err(format!(
                    "cycle `{cycle}` is not in the dossier after: {:?}",
                    checked.after.cycle_ids()
                ));
            }
            if !checked.after.problems.is_empty() {
                return Err(format!("problems after: {:?}", checked.after.problems));
            }
            Result::Ok(())
        }
        (Refused(want, fragment), Err(r)) => {
            let got = variant(&r);
            let text = format!("{r} | {r:?}");
            if got != *want || !text.contains(fragment) {
                return Err(format!(
                    "refused as {got}: {text}\n    expected {want} with `{fragment}`"
                ));
            }
            Result::Ok(())
        }
        (_, Result::Ok(checked)) => Err(format!(
            "accepted into {:?}, expected {:?}",
            checked.entry.cycle, case.expect
        )),
        (_, Err(r)) => Err(format!(
            "refused as {}: {r}, expected {:?}",
            variant(&r),
            case.expect
        )),
    }
}

/// Runs every case and reports every failure at once.
fn run(cases: Vec<Case>) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| check(c).err().map(|m| format!("- {}: {m}", c.name)))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

// Journals. Without a team, everything is allowed: one user, `ana`, records it all.

fn join(parts: Vec<Vec<E>>) -> Vec<E> {
    parts.concat()
}

fn requested() -> Vec<E> {
    vec![at("2024-01-10", ME, event("request-submitted"))]
}

fn j0() -> Vec<E> {
    join(vec![
        requested(),
        vec![at("2024-02-01", ME, event("j0-accepted"))],
    ])
}

/// The plan of the current cycle generated, submitted and validated in February of `year`.
fn plan_validated(year: &str) -> Vec<E> {
    vec![
        at(&format!("{year}-02-10"), ME, generate_all()),
        at(&format!("{year}-02-12"), ME, submit()),
        at(&format!("{year}-02-15"), ME, validate()),
    ]
}

fn j1() -> Vec<E> {
    join(vec![
        j0(),
        vec![at("2024-02-05", ME, centre("CESTI"))],
        plan_validated("2024"),
        vec![at("2024-03-01", ME, event("j1-accepted"))],
    ])
}

/// Through the evaluation report, every requirement assessed but `unassessed`.
fn evaluated_except(unassessed: &[&str]) -> Vec<E> {
    let assessed = ["5.1.a", "5.1.b", "12.1.a", "12.1.b"]
        .into_iter()
        .filter(|r| !unassessed.contains(r))
        .map(|r| at("2024-05-10", ME, assess(r, Conform)));
    join(vec![
        j1(),
        vec![
            at("2024-04-01", ME, event("documentary-audit-done")),
            at("2024-05-01", ME, event("onsite-audit-done")),
        ],
        assessed.collect(),
        vec![at("2024-05-20", ME, event("evaluation-report-delivered"))],
    ])
}

fn j2() -> Vec<E> {
    join(vec![
        evaluated_except(&[]),
        vec![at("2024-06-01", ME, event("j2-accepted"))],
    ])
}

/// Qualified on 2024-07-01: the initial cycle is closed.
fn qualified() -> Vec<E> {
    join(vec![j2(), vec![at("2024-07-01", ME, event("qualified"))]])
}

/// Qualified, and the first surveillance audit opened on 2025-06-01.
fn surveilled() -> Vec<E> {
    join(vec![
        qualified(),
        vec![at("2025-06-01", ME, event("surveillance-audit-started"))],
    ])
}

/// Qualified, and the renewal started on 2026-07-01.
fn renewing() -> Vec<E> {
    join(vec![
        qualified(),
        vec![at("2026-07-01", ME, event("renewal-started"))],
    ])
}

/// A team: `prov` the provider's officer, `eva` an evaluator, `lead` the lead evaluator.
fn team() -> Vec<E> {
    vec![
        at("2024-01-01", "prov", member("prov", Provider)),
        at("2024-01-01", "prov", member("eva", Evaluator)),
        at("2024-01-01", "prov", member("lead", LeadEvaluator)),
    ]
}

/// The team, the request by the provider, J0 recorded by the provider on behalf of ANSSI.
fn team_j0() -> Vec<E> {
    join(vec![
        team(),
        vec![
            at("2024-01-10", "prov", event("request-submitted")),
            at("2024-02-01", "prov", event("j0-accepted")).for_anssi("ANSSI letter 2024-17"),
        ],
    ])
}

#[test]
fn references() {
    let journal = || {
        join(vec![
            j0(),
            vec![
                at("2024-02-20", ME, evidence("E-0001")),
                at("2024-02-21", ME, open("F-0001", "5.1.b", Minor)),
            ],
        ])
    };
    let draft = |act| at("2024-03-01", ME, act);
    run(vec![
        case(
            "unknown requirement, with the nearest ids",
            journal(),
            draft(assess("5.1.c", Conform)),
            Refused(
                "UnknownRequirement",
                r#"id: "5.1.c", referential: "test", nearest: ["5.1.a", "5.1.b""#,
            ),
        ),
        case(
            "unknown requirement in a finding",
            journal(),
            draft(open("F-0002", "13.1.a", Minor)),
            Refused(
                "UnknownRequirement",
                "`13.1.a` is not a requirement of test",
            ),
        ),
        case(
            "unknown requirement in a plan assignment",
            join(vec![journal(), vec![draft(generate_all())]]),
            draft(assign("5.2.a", "lead")),
            Refused("UnknownRequirement", "`5.2.a` is not a requirement of test"),
        ),
        case(
            "unknown check, with the checks of the requirement",
            journal(),
            draft(assess_check("5.1.a", "c3", Conform)),
            Refused(
                "UnknownCheck",
                r#"`c3` is not a check of 5.1.a | UnknownCheck { requirement: "5.1.a", check: "c3", checks: ["c1", "c2"] }"#,
            ),
        ),
        case(
            "unknown check in a finding",
            journal(),
            draft(finding(
                "F-0002",
                dossier::FindingChange::Open {
                    referential: None,
                    requirements: vec!["5.1.a".to_owned()],
                    check: Some("c7".to_owned()),
                    severity: Minor,
                    title: "t".to_owned(),
                    description: None,
                    evidence: Vec::new(),
                },
            )),
            Refused("UnknownCheck", "`c7` is not a check of 5.1.a"),
        ),
        case(
            "a known check",
            journal(),
            draft(assess_check("5.1.a", "c2", Conform)),
            Ok("initial"),
        ),
        case(
            "a heading is not assessable",
            journal(),
            draft(assess("5.1", Conform)),
            Refused("Heading", "5.1 is a heading, not an assessable requirement"),
        ),
        case(
            "a finding on a heading",
            journal(),
            draft(open("F-0002", "5.1", Minor)),
            Refused("Heading", "5.1 is a heading"),
        ),
        case(
            "unknown evidence cited, with the nearest",
            journal(),
            draft(assess_citing("5.1.a", Conform, &["E-0002"])),
            Refused("UnknownEvidence", r#"id: "E-0002", nearest: ["E-0001"]"#),
        ),
        case(
            "known evidence cited",
            journal(),
            draft(assess_citing("5.1.a", Conform, &["E-0001"])),
            Ok("initial"),
        ),
        case(
            "evidence cited before it was collected",
            journal(),
            at(
                "2024-02-15",
                ME,
                assess_citing("5.1.a", Conform, &["E-0001"]),
            ),
            Refused("UnknownEvidence", "there is no evidence `E-0001`"),
        ),
        case(
            "unknown finding, with the nearest",
            journal(),
            draft(close("F-0002")),
            Refused("UnknownFinding", r#"id: "F-0002", nearest: ["F-0001"]"#),
        ),
        case(
            "duplicate finding id",
            journal(),
            draft(open("F-0001", "5.1.a", Major)),
            Refused("DuplicateId", "finding `F-0001` already exists"),
        ),
        case(
            "duplicate evidence id",
            journal(),
            draft(evidence("E-0001")),
            Refused(
                "Apply::Ledger::DuplicateEvidence",
                "evidence `E-0001` already exists",
            ),
        ),
        case(
            "unknown referential",
            journal(),
            draft(switch_referential("secnumcloud-9")),
            Refused(
                "UnknownReferential",
                "referential `secnumcloud-9` is neither embedded nor imported",
            ),
        ),
        case(
            "unknown event, named with the known ones",
            journal(),
            draft(event("j4-accepted")),
            Refused(
                "Journey::UnknownEvent",
                "`j4-accepted` is not an event of this workflow; known events: request-submitted, j0-accepted",
            ),
        ),
    ]);
}

#[test]
fn lifecycle() {
    // F-0001 a minor on 5.1.b, F-0002 an observation on 12.1.a.
    let findings = || {
        join(vec![
            j0(),
            vec![
                at("2024-02-20", ME, open("F-0001", "5.1.b", Minor)),
                at("2024-02-20", ME, open("F-0002", "12.1.a", Observation)),
            ],
        ])
    };
    let with = |more: Vec<E>| join(vec![findings(), more]);
    let draft = |act| at("2024-03-01", ME, act);
    let plan_at = |day: &str, act| at(&format!("2024-02-{day}"), ME, act);
    run(vec![
        case(
            "remediate before the corrective action is planned",
            findings(),
            draft(remediate("F-0001")),
            Refused(
                "Apply::Ledger::Lifecycle",
                "finding `F-0001` is open: its corrective action must be planned first",
            ),
        ),
        case(
            "close an open minor",
            findings(),
            draft(close("F-0001")),
            Refused(
                "Apply::Ledger::Lifecycle",
                "finding `F-0001` is open: only a remediated finding can be closed",
            ),
        ),
        case(
            "close an open observation as it stands",
            findings(),
            draft(close("F-0002")),
            Ok("initial"),
        ),
        case(
            "plan a corrective action",
            findings(),
            draft(plan_action("F-0001")),
            Ok("initial"),
        ),
        case(
            "re-plan a planned corrective action",
            with(vec![plan_at("25", plan_action("F-0001"))]),
            draft(plan_action("F-0001")),
            Ok("initial"),
        ),
        case(
            "close a remediated minor",
            with(vec![
                plan_at("25", plan_action("F-0001")),
                plan_at("26", remediate("F-0001")),
            ]),
            draft(close("F-0001")),
            Ok("initial"),
        ),
        case(
            "plan a closed finding",
            with(vec![plan_at("25", close("F-0002"))]),
            draft(plan_action("F-0002")),
            Refused(
                "Apply::Ledger::Lifecycle",
                "finding `F-0002` is closed: only an open finding, or one whose action is planned",
            ),
        ),
        case(
            "plan a remediated finding",
            with(vec![
                plan_at("25", plan_action("F-0001")),
                plan_at("26", remediate("F-0001")),
            ]),
            draft(plan_action("F-0001")),
            Refused("Apply::Ledger::Lifecycle", "finding `F-0001` is remediated"),
        ),
        case(
            "withdraw a closed finding",
            with(vec![plan_at("25", close("F-0002"))]),
            draft(withdraw("F-0002")),
            Refused(
                "Apply::Ledger::Lifecycle",
                "finding `F-0002` is closed: only an open finding can be withdrawn",
            ),
        ),
        case(
            "withdraw an open finding",
            findings(),
            draft(withdraw("F-0001")),
            Ok("initial"),
        ),
        case(
            "assign before the plan is generated",
            findings(),
            draft(assign("5.1.a", "lead")),
            Refused(
                "Apply::Ledger::Plan",
                "the evaluation plan is not generated yet: it must be generated first",
            ),
        ),
        case(
            "submit before the plan is generated",
            findings(),
            draft(submit()),
            Refused(
                "Apply::Ledger::Plan",
                "the evaluation plan is not generated yet",
            ),
        ),
        case(
            "assign a draft",
            with(vec![plan_at("25", generate_all())]),
            draft(assign("5.1.a", "lead")),
            Ok("initial"),
        ),
        case(
            "validate a draft",
            with(vec![plan_at("25", generate_all())]),
            draft(validate()),
            Refused(
                "Apply::Ledger::Plan",
                "the evaluation plan is draft: only a submitted plan can be validated",
            ),
        ),
        case(
            "submit a draft",
            with(vec![plan_at("25", generate_all())]),
            draft(submit()),
            Ok("initial"),
        ),
        case(
            "submit twice",
            with(vec![plan_at("25", generate_all()), plan_at("26", submit())]),
            draft(submit()),
            Refused(
                "Apply::Ledger::Plan",
                "the evaluation plan is submitted: only a draft, or a plan ANSSI asked to change, can be submitted",
            ),
        ),
        case(
            "assign a submitted plan",
            with(vec![plan_at("25", generate_all()), plan_at("26", submit())]),
            draft(assign("5.1.a", "lead")),
            Refused(
                "Apply::Ledger::Plan",
                "the evaluation plan is submitted: it can be changed only as a draft",
            ),
        ),
        case(
            "ask for changes to a submitted plan",
            with(vec![plan_at("25", generate_all()), plan_at("26", submit())]),
            draft(request_changes()),
            Ok("initial"),
        ),
        case(
            "ask for changes to a draft",
            with(vec![plan_at("25", generate_all())]),
            draft(request_changes()),
            Refused(
                "Apply::Ledger::Plan",
                "only a submitted plan can be validated or sent back for changes",
            ),
        ),
        case(
            "submit again once changes were asked for",
            with(vec![
                plan_at("25", generate_all()),
                plan_at("26", submit()),
                plan_at("27", request_changes()),
            ]),
            draft(submit()),
            Ok("initial"),
        ),
        case(
            "regenerate once changes were asked for",
            with(vec![
                plan_at("25", generate_all()),
                plan_at("26", submit()),
                plan_at("27", request_changes()),
            ]),
            draft(generate_all()),
            Ok("initial"),
        ),
        case(
            "regenerate a validated plan",
            with(vec![
                plan_at("25", generate_all()),
                plan_at("26", submit()),
                plan_at("27", validate()),
            ]),
            draft(generate_all()),
            Refused(
                "Apply::Ledger::Plan",
                "the evaluation plan is validated: it can be regenerated only as a draft",
            ),
        ),
    ]);
}

#[test]
fn roles() {
    let opened = || {
        join(vec![
            team_j0(),
            vec![at("2024-02-20", "eva", open("F-0001", "5.1.b", Minor))],
        ])
    };
    let by = |actor, act| at("2024-03-01", actor, act);
    run(vec![
        case(
            "team: an evaluator may assess",
            team_j0(),
            by("eva", assess("5.1.a", Conform)),
            Ok("initial"),
        ),
        case(
            "team: the lead evaluator may assess",
            team_j0(),
            by("lead", assess("5.1.a", Conform)),
            Ok("initial"),
        ),
        case(
            "team: the provider may not assess",
            team_j0(),
            by("prov", assess("5.1.a", Conform)),
            Refused(
                "Role::Role",
                "only evaluators record verdicts; `prov` is provider",
            ),
        ),
        case(
            "team: the provider may not open a finding",
            team_j0(),
            by("prov", open("F-0001", "5.1.a", Minor)),
            Refused("Role::Role", "only evaluators open findings"),
        ),
        case(
            "team: the provider plans a corrective action",
            opened(),
            by("prov", plan_action("F-0001")),
            Ok("initial"),
        ),
        case(
            "team: an evaluator may not plan a corrective action",
            opened(),
            by("eva", plan_action("F-0001")),
            Refused(
                "Role::Role",
                "the provider plans corrective actions; `eva` is evaluator",
            ),
        ),
        case(
            "team: the provider collects evidence",
            team_j0(),
            by("prov", evidence("E-0001")),
            Ok("initial"),
        ),
        case(
            "team: the lead evaluator generates the plan",
            team_j0(),
            by("lead", generate_all()),
            Ok("initial"),
        ),
        case(
            "team: an evaluator may not generate the plan",
            team_j0(),
            by("eva", generate_all()),
            Refused(
                "Role::Role",
                "the lead evaluator (Responsable d'évaluation) writes the plan; `eva` is evaluator",
            ),
        ),
        case(
            "team: the provider requests the qualification",
            team(),
            by("prov", event("request-submitted")),
            Ok("initial"),
        ),
        case(
            "team: an evaluator may not request the qualification",
            team(),
            by("eva", event("request-submitted")),
            Refused(
                "Role::Role",
                "`request-submitted` is recorded by provider; `eva` is evaluator",
            ),
        ),
        case(
            "team: the provider records J0 on behalf of ANSSI, with a reference",
            join(vec![
                team(),
                vec![at("2024-01-10", "prov", event("request-submitted"))],
            ]),
            by("prov", event("j0-accepted")).for_anssi("ANSSI letter 2024-17"),
            Ok("initial"),
        ),
        case(
            "team: the provider validates the plan on behalf of ANSSI",
            join(vec![
                team_j0(),
                vec![
                    at("2024-02-10", "lead", generate_all()),
                    at("2024-02-12", "lead", submit()),
                ],
            ]),
            by("prov", validate()).for_anssi("ANSSI e-mail 2024-03-01"),
            Ok("initial"),
        ),
        case(
            "team: the lead evaluator may not validate the plan",
            join(vec![
                team_j0(),
                vec![
                    at("2024-02-10", "lead", generate_all()),
                    at("2024-02-12", "lead", submit()),
                ],
            ]),
            by("lead", validate()),
            Refused(
                "Role::Role",
                "ANSSI validates the plan or asks for changes; `lead` is lead-evaluator",
            ),
        ),
        case(
            "team: the provider may not record J0 in its own name",
            join(vec![
                team(),
                vec![at("2024-01-10", "prov", event("request-submitted"))],
            ]),
            by("prov", event("j0-accepted")),
            Refused(
                "Role::Role",
                "`j0-accepted` is recorded by anssi; `prov` is provider",
            ),
        ),
        case(
            "team: an evaluator may not act on behalf of ANSSI",
            join(vec![
                team(),
                vec![at("2024-01-10", "prov", event("request-submitted"))],
            ]),
            by("eva", event("j0-accepted")).for_anssi("ANSSI letter 2024-17"),
            Refused(
                "Role::OnBehalf",
                "only the provider's officer records acts on behalf of ANSSI; `eva` is evaluator",
            ),
        ),
        case(
            "team: an act on behalf of ANSSI needs a reference",
            join(vec![
                team(),
                vec![at("2024-01-10", "prov", event("request-submitted"))],
            ]),
            by("prov", event("j0-accepted")).for_anssi("  "),
            Refused("Role::NoReference", "needs a reference"),
        ),
        case(
            "team: a member in the anssi role records J0 itself",
            join(vec![
                team(),
                vec![
                    at("2024-01-01", "prov", member("anssi-bureau", Anssi)),
                    at("2024-01-10", "prov", event("request-submitted")),
                ],
            ]),
            by("anssi-bureau", event("j0-accepted")),
            Ok("initial"),
        ),
        case(
            "team: someone outside the team",
            team_j0(),
            by("mallory", assess("5.1.a", Conform)),
            Refused("Role::UnknownActor", "`mallory` is not in the team"),
        ),
        case(
            "team: a team declared later rules a back-filled act too",
            join(vec![
                j0(),
                vec![
                    at("2024-06-01", "prov", member("prov", Provider)),
                    at("2024-06-01", "prov", member("eva", Evaluator)),
                ],
            ]),
            by("prov", assess("5.1.a", Conform)),
            Refused("Role::Role", "only evaluators record verdicts"),
        ),
        case(
            "team: the provider's officer manages the team",
            team(),
            by("prov", member("eva2", Evaluator)),
            Ok("initial"),
        ),
        case(
            "team: an evaluator may not manage the team",
            team(),
            by("eva", member("eva2", Evaluator)),
            Refused("Role::Role", "manage the team; `eva` is evaluator"),
        ),
        case(
            "team: removing someone who is not in it",
            team(),
            by(
                "prov",
                Act::Team {
                    actor: "zed".to_owned(),
                    role: None,
                    public_key: None,
                },
            ),
            Refused("Apply::NotInTeam", "`zed` is not in the team"),
        ),
        case(
            "no team: the single user assesses",
            j0(),
            by(ME, assess("5.1.a", Conform)),
            Ok("initial"),
        ),
        case(
            "no team: the single user records an ANSSI event",
            requested(),
            by(ME, event("j0-accepted")),
            Ok("initial"),
        ),
        case(
            "no team: the single user generates the plan",
            j0(),
            by(ME, generate_all()),
            Ok("initial"),
        ),
        case(
            "no team: an act on behalf of ANSSI still needs a reference",
            requested(),
            by(ME, event("j0-accepted")).for_anssi(""),
            Refused("Role::NoReference", "needs a reference"),
        ),
    ]);
}

#[test]
fn cycles() {
    // A surveillance audit opened on 2026-06-01, then the renewal on 2026-07-01.
    let surveillance_then_renewal = || {
        join(vec![
            qualified(),
            vec![
                at("2026-06-01", ME, event("surveillance-audit-started")),
                at("2026-06-02", ME, generate(&[("12.1.a", "c1")])),
                at("2026-06-03", ME, assess("12.1.a", Conform)),
                at("2026-07-01", ME, event("renewal-started")),
            ],
        ])
    };
    // The renewal, then a surveillance audit opened during it.
    let renewal_then_surveillance = || {
        join(vec![
            renewing(),
            vec![at("2026-08-01", ME, event("surveillance-audit-started"))],
        ])
    };
    run(vec![
        case(
            "the request adopts the initial cycle",
            vec![],
            at("2024-01-10", ME, event("request-submitted")),
            Ok("initial"),
        ),
        case(
            "an act during the first evaluation goes to initial",
            j0(),
            at("2024-03-01", ME, assess("5.1.a", Conform)),
            Ok("initial"),
        ),
        case(
            "an act goes to the current cycle",
            surveilled(),
            at(
                "2025-06-10",
                ME,
                open("F-0009", "5.1.a", grid::Severity::Minor),
            ),
            Ok("surveillance-2025"),
        ),
        case(
            "the current cycle is the latest opened",
            renewal_then_surveillance(),
            at(
                "2026-08-10",
                ME,
                open("F-0009", "5.1.a", grid::Severity::Minor),
            ),
            Ok("surveillance-2026"),
        ),
        case(
            "a surveillance audit's verdicts are on what it covers",
            renewal_then_surveillance(),
            at("2026-08-10", ME, assess("5.1.a", Conform)),
            Refused(
                "OutOfScope",
                "not in the scope of cycle `surveillance-2026`",
            ),
        ),
        case(
            "--cycle names an earlier open cycle",
            renewal_then_surveillance(),
            at("2026-08-10", ME, assess("5.1.a", Conform)).cycle("renewal-2026"),
            Ok("renewal-2026"),
        ),
        case(
            "a closing event goes to the open cycle it closes, not the current one",
            surveillance_then_renewal(),
            at("2026-08-01", ME, event("surveillance-audit-passed")),
            Ok("surveillance-2026"),
        ),
        case(
            "a closed cycle is refused",
            surveilled(),
            at("2025-06-10", ME, assess("5.1.a", Conform)).cycle("initial"),
            Refused(
                "CycleClosed",
                "cycle `initial` is closed (qualified on 2024-07-01)",
            ),
        ),
        case(
            "a closed cycle is accepted with force",
            surveilled(),
            at("2025-06-10", ME, assess("5.1.a", Conform)).cycle("initial"),
            Ok("initial"),
        )
        .force(),
        case(
            "nothing open: the latest cycle, closed, is refused",
            qualified(),
            at("2024-08-01", ME, assess("5.1.a", Conform)),
            Refused("CycleClosed", "cycle `initial` is closed"),
        ),
        case(
            "evidence may be collected while every cycle is closed",
            qualified(),
            at("2024-08-01", ME, evidence("E-0001")),
            Ok("initial"),
        ),
        case(
            "the provider plans a corrective action while every cycle is closed",
            join(vec![
                qualified(),
                vec![at("2024-06-20", ME, open("F-0001", "5.1.a", Minor))],
            ]),
            at("2024-08-01", ME, plan_action("F-0001")),
            Ok("initial"),
        ),
        case(
            "closing a finding needs its cycle open",
            join(vec![
                qualified(),
                vec![at("2024-06-20", ME, open("F-0001", "12.1.a", Observation))],
            ]),
            at("2024-08-01", ME, close("F-0001")),
            Refused("CycleClosed", "cycle `initial` is closed"),
        ),
        case(
            "the centre may be named while every cycle is closed",
            qualified(),
            at("2024-08-01", ME, centre("Other CESTI")),
            Ok("initial"),
        ),
        case(
            "an unknown cycle is named with the known ones",
            surveilled(),
            at("2025-06-10", ME, assess("5.1.a", Conform)).cycle("renewal-2030"),
            Refused(
                "UnknownCycle",
                "there is no cycle `renewal-2030` on 2025-06-10; cycles: initial, surveillance-2025",
            ),
        ),
        case(
            "a cycle opened after the act's date is not known on it",
            surveilled(),
            at("2025-05-01", ME, assess("5.1.a", Conform)).cycle("surveillance-2025"),
            Refused(
                "UnknownCycle",
                "there is no cycle `surveillance-2025` on 2025-05-01; cycles: initial",
            ),
        ),
        case(
            "opening a surveillance audit stores its new id",
            qualified(),
            at("2025-06-01", ME, event("surveillance-audit-started")),
            Ok("surveillance-2025"),
        ),
        case(
            "a second surveillance audit in one year gets -2",
            join(vec![
                qualified(),
                vec![
                    at("2025-03-01", ME, event("surveillance-audit-started")),
                    at("2025-04-01", ME, event("surveillance-audit-passed")),
                ],
            ]),
            at("2025-09-01", ME, event("surveillance-audit-started")),
            Ok("surveillance-2025-2"),
        ),
        case(
            "a renewal opens renewal-<year>",
            qualified(),
            at("2026-07-01", ME, event("renewal-started")),
            Ok("renewal-2026"),
        ),
        case(
            "a new request after a refusal opens initial-<year>",
            join(vec![j2(), vec![at("2024-07-01", ME, event("refused"))]]),
            at("2025-01-10", ME, event("request-submitted")),
            Ok("initial-2025"),
        ),
        case(
            "the decision on a renewal closes the renewal",
            join(vec![
                renewing(),
                vec![
                    at("2026-07-02", ME, centre("CESTI")),
                    at("2026-07-03", ME, generate_all()),
                    at("2026-07-04", ME, submit()),
                    at("2026-07-05", ME, validate()),
                    at("2026-08-01", ME, event("j1-accepted")),
                    at("2026-09-01", ME, event("documentary-audit-done")),
                    at("2026-09-02", ME, event("onsite-audit-done")),
                    at("2026-09-03", ME, event("evaluation-report-delivered")),
                    at("2026-09-04", ME, event("j2-accepted")),
                ],
            ]),
            at("2026-10-01", ME, event("qualified")),
            Ok("renewal-2026"),
        ),
    ]);
}

#[test]
fn guards() {
    let with = |base: Vec<E>, more: Vec<E>| join(vec![base, more]);
    let j1_on = |day: &str| at(day, ME, event("j1-accepted"));
    let qualified_on = || at("2024-07-01", ME, event("qualified"));
    run(vec![
        case(
            "the request needs a scope",
            vec![at("2024-01-01", ME, Act::Kinds { kinds: vec![] })],
            at("2024-01-10", ME, event("request-submitted")),
            Refused(
                "Journey::Blocked",
                "no service kind is declared (scope-defined)",
            ),
        ),
        case(
            "J1 needs this cycle's plan",
            with(j0(), vec![at("2024-02-05", ME, centre("CESTI"))]),
            j1_on("2024-03-01"),
            Refused(
                "Journey::Blocked",
                "cycle `initial` has no evaluation plan (plan-validated)",
            ),
        ),
        case(
            "J1 needs the plan validated",
            with(
                j0(),
                vec![
                    at("2024-02-05", ME, centre("CESTI")),
                    at("2024-02-10", ME, generate_all()),
                    at("2024-02-12", ME, submit()),
                ],
            ),
            j1_on("2024-03-01"),
            Refused(
                "Journey::Blocked",
                "the evaluation plan of cycle `initial` is submitted, not validated by ANSSI (plan-validated)",
            ),
        ),
        case(
            "J1 needs a named centre",
            with(j0(), plan_validated("2024")),
            j1_on("2024-03-01"),
            Refused(
                "Journey::Blocked",
                "no evaluation centre is named (evaluation-centre-named)",
            ),
        ),
        case(
            "J1 with the plan validated and the centre named",
            with(
                j0(),
                join(vec![
                    vec![at("2024-02-05", ME, centre("CESTI"))],
                    plan_validated("2024"),
                ]),
            ),
            j1_on("2024-03-01"),
            Ok("initial"),
        ),
        case(
            "J1 dated before its plan was validated",
            with(
                j0(),
                join(vec![
                    vec![at("2024-02-05", ME, centre("CESTI"))],
                    plan_validated("2024"),
                ]),
            ),
            j1_on("2024-02-13"),
            Refused("Journey::Blocked", "is submitted, not validated"),
        ),
        case(
            "J1 forced past its guards",
            j0(),
            j1_on("2024-03-01"),
            Forced("initial"),
        )
        .force(),
        case(
            "force does not override the workflow's graph",
            requested(),
            j1_on("2024-03-01"),
            Refused(
                "Journey::NotAllowed",
                "`j1-accepted` cannot be recorded in state `request-submitted`",
            ),
        )
        .force(),
        case(
            "after renewal-started, J1 asks for the renewal cycle's plan",
            renewing(),
            j1_on("2026-08-01"),
            Refused(
                "Journey::Blocked",
                "cycle `renewal-2026` has no evaluation plan (plan-validated)",
            ),
        ),
        case(
            "after renewal-started, J1 once the renewal's plan is validated",
            with(
                renewing(),
                vec![
                    at("2026-07-10", ME, generate_all()),
                    at("2026-07-12", ME, submit()),
                    at("2026-07-15", ME, validate()),
                ],
            ),
            j1_on("2026-08-01"),
            Ok("renewal-2026"),
        ),
        case(
            "J2 needs every applicable requirement of the cycle assessed",
            evaluated_except(&["12.1.b"]),
            at("2024-06-01", ME, event("j2-accepted")),
            Refused(
                "Journey::Blocked",
                "1 applicable requirement(s) of cycle `initial` not assessed (all-applicable-assessed): 12.1.b",
            ),
        ),
        case(
            "J2 with every requirement assessed",
            evaluated_except(&[]),
            at("2024-06-01", ME, event("j2-accepted")),
            Ok("initial"),
        ),
        case(
            "J2 needs the evaluation report",
            j1(),
            at("2024-06-01", ME, event("j2-accepted")),
            Refused(
                "Journey::Blocked",
                "`evaluation-report-delivered` is not recorded yet",
            ),
        ),
        case(
            "surveillance-audit-passed without an open surveillance cycle (during a renewal)",
            renewing(),
            at("2026-08-01", ME, event("surveillance-audit-passed")),
            Refused("Journey::Blocked", "no surveillance cycle is open"),
        ),
        case(
            "surveillance-audit-passed with an open surveillance cycle, its scope assessed",
            join(vec![
                surveilled(),
                vec![
                    at("2025-06-02", ME, generate(&[("12.1.a", "c1")])),
                    at("2025-06-03", ME, assess("12.1.a", Conform)),
                ],
            ]),
            at("2025-07-01", ME, event("surveillance-audit-passed")),
            Ok("surveillance-2025"),
        ),
        case(
            "surveillance-audit-passed with nothing in its scope (no plan, no finding)",
            surveilled(),
            at("2025-07-01", ME, event("surveillance-audit-passed")),
            Refused(
                "Journey::Blocked",
                "cycle `surveillance-2025` has no applicable requirement in its scope",
            ),
        ),
        case(
            "a surveillance audit needs a qualification",
            j0(),
            at("2024-03-01", ME, event("surveillance-audit-started")),
            Refused(
                "Journey::Blocked",
                "no qualification is held on 2024-03-01 (holds-qualification)",
            ),
        ),
        case(
            "qualified is blocked by an open major finding",
            with(
                j2(),
                vec![at("2024-05-15", ME, open("F-0001", "5.1.a", Major))],
            ),
            qualified_on(),
            Refused(
                "Journey::Blocked",
                "major finding(s) still open (no-open-major-finding): F-0001",
            ),
        ),
        case(
            "qualified with reserves despite an open major finding",
            with(
                j2(),
                vec![at("2024-05-15", ME, open("F-0001", "5.1.a", Major))],
            ),
            at(
                "2024-07-01",
                ME,
                with_reserves("qualified", "F-0001 fixed within 3 months"),
            ),
            Ok("initial"),
        ),
        case(
            "an open minor finding does not block qualified",
            with(
                j2(),
                vec![at("2024-05-15", ME, open("F-0001", "5.1.a", Minor))],
            ),
            qualified_on(),
            Ok("initial"),
        ),
        case(
            "a closed major finding does not block qualified",
            with(
                j2(),
                join(vec![
                    vec![at("2024-05-15", ME, open("F-0001", "5.1.a", Major))],
                    settle(date("2024-06-10"), ME, "F-0001"),
                ]),
            ),
            qualified_on(),
            Ok("initial"),
        ),
        case(
            "only a decision carries reserves",
            j0(),
            at("2024-03-01", ME, with_reserves("j1-accepted", "some")),
            Refused(
                "Journey::NoReserves",
                "`j1-accepted` cannot carry reserves; only `qualified` can",
            ),
        ),
    ]);
}

/// Once qualified, every cycle is closed: journey events that are no evaluation's work (a
/// surveillance result with nothing to close, a suspension) were refused because the initial
/// cycle is closed, instead of being judged by the workflow.
#[test]
fn regression_journey_event_refused_for_closed_initial_cycle() {
    run(vec![
        case(
            "surveillance-audit-passed right after the decision is blocked",
            qualified(),
            at("2025-06-01", ME, event("surveillance-audit-passed")),
            Refused("Journey::Blocked", "no surveillance cycle is open"),
        ),
        case(
            "ANSSI suspends a qualified service",
            qualified(),
            at("2025-06-01", ME, event("suspended")),
            Ok("initial"),
        ),
    ]);
}

#[test]
fn conform_with_open_nonconformity() {
    let opened = |severity| {
        join(vec![
            j0(),
            vec![at("2024-02-20", ME, open("F-0001", "5.1.a", severity))],
        ])
    };
    let with = |base: Vec<E>, more: Vec<E>| join(vec![base, more]);
    let conform = || at("2024-03-01", ME, assess("5.1.a", Conform));
    run(vec![
        case(
            "an open major refuses conform",
            opened(Major),
            conform(),
            Refused(
                "ConformWithOpenFinding",
                "5.1.a cannot be conform while 1 open non-conformity names it: F-0001",
            ),
        ),
        case(
            "an open minor refuses conform",
            opened(Minor),
            conform(),
            Refused("ConformWithOpenFinding", "names it: F-0001"),
        ),
        case(
            "a minor with its action planned still refuses conform",
            with(
                opened(Minor),
                vec![at("2024-02-21", ME, plan_action("F-0001"))],
            ),
            conform(),
            Refused("ConformWithOpenFinding", "names it: F-0001"),
        ),
        case(
            "a remediated minor, not closed yet, still refuses conform",
            with(
                opened(Minor),
                vec![
                    at("2024-02-21", ME, plan_action("F-0001")),
                    at("2024-02-22", ME, remediate("F-0001")),
                ],
            ),
            conform(),
            Refused("ConformWithOpenFinding", "names it: F-0001"),
        ),
        case(
            "a conform check of a requirement with an open major is refused",
            opened(Major),
            at("2024-03-01", ME, assess_check("5.1.a", "c1", Conform)),
            Refused("ConformWithOpenFinding", "names it: F-0001"),
        ),
        case(
            "two open non-conformities are both named",
            with(
                opened(Major),
                vec![at("2024-02-21", ME, open("F-0002", "5.1.a", Minor))],
            ),
            conform(),
            Refused(
                "ConformWithOpenFinding",
                "5.1.a cannot be conform while 2 open non-conformities name it: F-0001, F-0002",
            ),
        ),
        case(
            "an open observation does not refuse conform",
            opened(Observation),
            conform(),
            Ok("initial"),
        ),
        case(
            "a closed minor does not refuse conform",
            with(opened(Minor), settle(date("2024-02-20"), ME, "F-0001")),
            conform(),
            Ok("initial"),
        ),
        case(
            "a withdrawn major does not refuse conform",
            with(
                opened(Major),
                vec![at("2024-02-21", ME, withdraw("F-0001"))],
            ),
            conform(),
            Ok("initial"),
        ),
        case(
            "an open major does not refuse nonconform",
            opened(Major),
            at("2024-03-01", ME, assess("5.1.a", Nonconform)),
            Ok("initial"),
        ),
        case(
            "an open major on another requirement does not refuse conform",
            opened(Major),
            at("2024-03-01", ME, assess("5.1.b", Conform)),
            Ok("initial"),
        ),
        case(
            "a finding closed later still refuses a conform dated while it was open",
            with(opened(Minor), settle(date("2024-03-10"), ME, "F-0001")),
            conform(),
            Refused("ConformWithOpenFinding", "names it: F-0001"),
        ),
        case(
            "a finding of an earlier cycle, still open, refuses conform in the next",
            join(vec![
                qualified(),
                vec![
                    at("2024-06-15", ME, open("F-0009", "5.1.a", Minor)),
                    at("2025-06-01", ME, event("surveillance-audit-started")),
                ],
            ]),
            at("2025-06-10", ME, assess("5.1.a", Conform)),
            Refused("ConformWithOpenFinding", "names it: F-0009"),
        ),
    ]);
}

#[test]
fn dates() {
    run(vec![
        case(
            "a date after today is refused",
            j0(),
            at("2024-03-02", ME, assess("5.1.a", Conform)),
            Refused(
                "InTheFuture",
                "the date 2024-03-02 is after today (2024-03-01); record things once they happened",
            ),
        )
        .today("2024-03-01"),
        case(
            "today is fine",
            j0(),
            at("2024-03-01", ME, assess("5.1.a", Conform)),
            Ok("initial"),
        )
        .today("2024-03-01"),
        case(
            "a future journey event is refused even with force",
            j0(),
            at("2024-03-02", ME, event("j1-accepted")),
            Refused("InTheFuture", "after today (2024-03-01)"),
        )
        .today("2024-03-01")
        .force(),
    ]);
}

#[test]
fn breaks_later() {
    let finding_planned = || {
        join(vec![
            j0(),
            vec![
                at("2024-03-01", ME, open("F-0001", "5.1.b", Minor)),
                at("2024-03-10", ME, plan_action("F-0001")),
            ],
        ])
    };
    let plan_submitted = || {
        join(vec![
            j0(),
            vec![
                at("2024-02-10", ME, generate_all()),
                at("2024-02-20", ME, submit()),
            ],
        ])
    };
    run(vec![
        case(
            "withdrawing a finding before its later corrective action",
            finding_planned(),
            at("2024-03-05", ME, withdraw("F-0001")),
            Refused(
                "BreaksLater",
                "recording it on 2024-03-05 breaks the journal after it: history/0004.ron: finding `F-0001` is withdrawn",
            ),
        ),
        case(
            "withdrawing it after the corrective action",
            finding_planned(),
            at("2024-03-15", ME, withdraw("F-0001")),
            Ok("initial"),
        ),
        case(
            "submitting the plan before its later submission",
            plan_submitted(),
            at("2024-02-15", ME, submit()),
            Refused(
                "BreaksLater",
                "history/0004.ron: the evaluation plan is submitted: only a draft",
            ),
        ),
        case(
            "J0 back-dated before the request it follows",
            requested(),
            at("2024-01-05", ME, event("j0-accepted")),
            Refused(
                "Journey::BreaksLater",
                "`request-submitted` on 2024-01-10 would no longer follow",
            ),
        ),
        case(
            "an audit back-dated before J1, which it depends on",
            j1(),
            at("2024-02-20", ME, event("documentary-audit-done")),
            Refused(
                "Journey::DatedTooEarly",
                "`documentary-audit-done` is dated 2024-02-20, before `j1-accepted` (2024-03-01) which it depends on",
            ),
        ),
        case(
            "the on-site audit back-dated before the documentary audit",
            join(vec![
                j1(),
                vec![at("2024-04-01", ME, event("documentary-audit-done"))],
            ]),
            at("2024-03-15", ME, event("onsite-audit-done")),
            Refused(
                "Journey::DatedTooEarly",
                "before `documentary-audit-done` (2024-04-01)",
            ),
        ),
    ]);
}

/// Renewal in decision-pending (J2 accepted on 2026-07-06) with a surveillance audit opened on
/// 2026-07-10: both cycles open.
fn renewal_decision_pending_and_surveillance() -> Vec<E> {
    join(vec![
        renewing(),
        vec![
            at("2026-07-02", ME, event("j1-accepted")),
            at("2026-07-03", ME, event("documentary-audit-done")),
            at("2026-07-04", ME, event("onsite-audit-done")),
            at("2026-07-05", ME, event("evaluation-report-delivered")),
            at("2026-07-06", ME, event("j2-accepted")),
            at("2026-07-10", ME, event("surveillance-audit-started")),
        ],
    ])
}

/// `qualified --cycle surveillance-2026` (a cycle `qualified` does not close) is accepted, the
/// journey is qualified, and the renewal it decides stays open (so does the surveillance
/// audit, which now holds the decision among its events). It should be refused, or close the
/// renewal.
#[test]
fn regression_closing_event_naming_a_cycle_it_does_not_close() {
    let journal = entries(&renewal_decision_pending_and_surveillance());
    for (draft, force) in [
        (
            at("2026-08-01", ME, event("qualified")).cycle("surveillance-2026"),
            false,
        ),
        (
            at("2026-08-01", ME, event("surveillance-audit-passed")).cycle("renewal-2026"),
            true,
        ),
    ] {
        let event = format!("{:?}", draft.act);
        let draft = Draft {
            entry: draft.entry(journal.len() + 1),
            force,
        };
        if let Result::Ok(checked) = dossier::check(WORLD.inputs(), &journal, draft, date(TODAY)) {
            let closed: Vec<&str> = checked
                .after
                .cycles
                .iter()
                .filter(|c| c.closed == Some(date("2026-08-01")))
                .map(|c| c.id.as_str())
                .collect();
            assert!(
                !closed.is_empty(),
                "{event} accepted into {:?} and closed no cycle",
                checked.entry.cycle
            );
        }
    }
}

/// In a journal written before cycles existed (entries name no cycle), the surveillance audit
/// opened on 2025-06-01 is `surveillance-2025`. Back-filling one opened on 2025-03-01 gives the
/// new one `surveillance-2025` and renames the June one `surveillance-2025-2`: ids are meant to
/// be stable and never reused. The new one should be `surveillance-2025-2`.
#[test]
fn regression_back_dated_opening_renames_a_derived_cycle() {
    run(vec![case(
        "a back-dated surveillance audit in a journal without cycle ids",
        surveilled(),
        at("2025-03-01", ME, event("surveillance-audit-started")),
        Ok("surveillance-2025-2"),
    )]);
}
