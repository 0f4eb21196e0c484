//! Property tests over random journals: plausible act sequences over several cycles (journey
//! events mostly along the workflow, verdicts, findings through their lifecycle, evidence,
//! plans, settings), with some dates going backwards, some ties and some acts that do not hold.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Days, NaiveDate, NaiveTime};
use dossier::{Act, CycleKind, Dossier, Draft, Entry};
use grid::{
    Assessment, Evidence, Finding, FindingStatus, Plan, Role, ServiceKind, Severity, Verdict,
};
use journey::{Grant, Journey, Possible, Recorded};
use proptest::prelude::*;

use crate::common::*;

const START: &str = "2024-01-01";

/// One generated step: what to do, how many days later (sometimes earlier), whether to name a
/// cycle, who does it, and whether to force it (for journals built through the check).
#[derive(Clone, Debug)]
struct Step {
    what: What,
    days: i64,
    cycle: Option<u8>,
    actor: u8,
    force: bool,
}

#[derive(Clone, Debug)]
enum What {
    /// The next event along the main path where the journey stands, or (`wander` ≥ 9) another
    /// event the workflow allows there.
    Event {
        wander: u8,
    },
    /// Any event of the workflow, allowed or not.
    AnyEvent(u8),
    Assess {
        requirement: u8,
        check: Option<u8>,
        verdict: u8,
        cite: Option<u8>,
    },
    Evidence,
    Open {
        requirement: u8,
        severity: u8,
        reuse: bool,
    },
    /// The next lifecycle step of a finding, or (`Some`) any step.
    Advance {
        finding: u8,
        any: Option<u8>,
    },
    /// The next step of the current cycle's plan, or (`Some`) any plan act.
    Plan {
        any: Option<u8>,
    },
    Setting(u8),
}

fn what() -> impl Strategy<Value = What> {
    prop_oneof![
        6 => (0u8..10).prop_map(|wander| What::Event { wander }),
        1 => any::<u8>().prop_map(What::AnyEvent),
        4 => (0u8..6, prop::option::weighted(0.3, 0u8..3), 0u8..5, prop::option::weighted(0.3, 0u8..4))
            .prop_map(|(requirement, check, verdict, cite)| What::Assess { requirement, check, verdict, cite }),
        1 => Just(What::Evidence),
        2 => (0u8..6, 0u8..3, prop::bool::weighted(0.1))
            .prop_map(|(requirement, severity, reuse)| What::Open { requirement, severity, reuse }),
        3 => (any::<u8>(), prop::option::weighted(0.15, 0u8..4))
            .prop_map(|(finding, any)| What::Advance { finding, any }),
        2 => prop::option::weighted(0.2, 0u8..7).prop_map(|any| What::Plan { any }),
        1 => (0u8..8).prop_map(What::Setting),
    ]
}

fn steps(max: usize) -> impl Strategy<Value = Vec<Step>> {
    let step = (
        what(),
        prop_oneof![12 => 0i64..60, 3 => Just(0i64), 1 => -30i64..0],
        prop::option::weighted(0.05, 0u8..4),
        0u8..4,
        prop::bool::weighted(0.1),
    )
        .prop_map(|(what, days, cycle, actor, force)| Step {
            what,
            days,
            cycle,
            actor,
            force,
        });
    prop::collection::vec(step, 0..max)
}

/// The events tried first, in order: the way through an evaluation, then its surveillance and
/// renewal.
const MAIN: &[&str] = &[
    "request-submitted",
    "j0-accepted",
    "j1-accepted",
    "documentary-audit-done",
    "onsite-audit-started",
    "onsite-audit-done",
    "evaluation-report-delivered",
    "j2-accepted",
    "qualified",
    "surveillance-audit-started",
    "surveillance-audit-passed",
    "renewal-started",
];

const REQUIREMENTS: &[&str] = &["5.1", "5.1.a", "5.1.b", "12.1.a", "12.1.b", "9.9.z"];
const CHECKS: &[&str] = &["c1", "c2", "c9"];
const ACTORS: &[&str] = &["ana", "prov", "eva", "lead"];

/// What the generator keeps track of to make plausible acts (an approximation: dates going
/// backwards make the replay differ from it, which is fine).
struct Model<'w> {
    journey: Journey<'w>,
    findings: Vec<(String, Severity, FindingStatus)>,
    evidence: usize,
    /// The current cycle's plan: 0 none, 1 draft, 2 submitted, 3 validated.
    plan: u8,
}

impl Model<'_> {
    fn event(&mut self, wander: u8) -> String {
        let wf = self.journey.workflow();
        let state = self.journey.state();
        let done: Vec<usize> = self.journey.cycle().iter().map(|&(e, _)| e).collect();
        let main = MAIN.iter().filter_map(|id| wf.event_index(id)).find(|&e| {
            wf.allowed_from(e, state)
                && !done.contains(&e)
                && wf.requires(e).iter().all(|r| done.contains(r))
        });
        let allowed: Vec<usize> = (0..wf.def().events.len())
            .filter(|&e| wf.allowed_from(e, state))
            .collect();
        let e = match main {
            Some(e) if wander < 9 => e,
            _ if !allowed.is_empty() => allowed[wander as usize % allowed.len()],
            _ => 0,
        };
        wf.event(e).id.clone()
    }

    fn finding(&mut self, requirement: &str, severity: Severity, reuse: bool) -> Act {
        let id = match (reuse, self.findings.first()) {
            (true, Some((id, ..))) => id.clone(),
            _ => format!("F-{:04}", self.findings.len() + 1),
        };
        self.findings
            .push((id.clone(), severity, FindingStatus::Open));
        open(&id, requirement, severity)
    }

    fn advance(&mut self, finding: u8, any: Option<u8>) -> Act {
        if self.findings.is_empty() {
            return self.finding("5.1.a", Severity::Minor, false);
        }
        let n = finding as usize % self.findings.len();
        let (id, severity, status) = self.findings[n].clone();
        let step = match any {
            Some(k) => k,
            None => match (status, severity) {
                (FindingStatus::Open, Severity::Observation) => 2,
                (FindingStatus::Open, _) => 0,
                (FindingStatus::ActionPlanned, _) => 1,
                (FindingStatus::Remediated, _) => 2,
                _ => 3,
            },
        };
        let (act, next) = match step {
            0 => (plan_action(&id), FindingStatus::ActionPlanned),
            1 => (remediate(&id), FindingStatus::Remediated),
            2 => (close(&id), FindingStatus::Closed),
            _ => (withdraw(&id), FindingStatus::Withdrawn),
        };
        self.findings[n].2 = next;
        act
    }
}

/// The journal the steps make, in recording order. Team changes only `with_team`.
fn journal(steps: &[Step], with_team: bool) -> Vec<Entry> {
    let wf = &WORLD.workflow;
    let mut model = Model {
        journey: Journey::start(wf),
        findings: Vec::new(),
        evidence: 0,
        plan: 0,
    };
    let mut day = date(START);
    let mut out = Vec::new();
    for (n, s) in steps.iter().enumerate() {
        day = if s.days >= 0 {
            day + Days::new(s.days as u64)
        } else {
            day - Days::new(s.days.unsigned_abs())
        };
        let act = match &s.what {
            What::Event { wander } => {
                let id = model.event(*wander);
                let recorded = Recorded {
                    event: id.clone(),
                    date: day,
                    reserves: None,
                    forced: false,
                };
                if model.journey.apply(&recorded).is_ok()
                    && wf
                        .event_index(&id)
                        .is_some_and(|e| wf.event(e).opens.is_some())
                {
                    model.plan = 0;
                }
                event(&id)
            }
            What::AnyEvent(k) => {
                let ids: Vec<&str> = wf.event_ids().collect();
                event(ids[*k as usize % ids.len()])
            }
            What::Assess {
                requirement,
                check,
                verdict,
                cite,
            } => Act::Assess {
                referential: None,
                requirement: REQUIREMENTS[*requirement as usize].to_owned(),
                check: check.map(|c| CHECKS[c as usize].to_owned()),
                verdict: Verdict::ALL[*verdict as usize],
                evidence: cite
                    .and_then(|k| match model.evidence {
                        _ if k == 3 => Some("E-0999".to_owned()),
                        0 => None,
                        n => Some(format!("E-{:04}", k as usize % n + 1)),
                    })
                    .into_iter()
                    .collect(),
                justification: None,
                from: None,
            },
            What::Evidence => {
                model.evidence += 1;
                evidence(&format!("E-{:04}", model.evidence))
            }
            What::Open {
                requirement,
                severity,
                reuse,
            } => model.finding(
                REQUIREMENTS[*requirement as usize],
                Severity::ALL[*severity as usize],
                *reuse,
            ),
            What::Advance { finding, any } => model.advance(*finding, *any),
            What::Plan { any } => {
                let k = any.unwrap_or(model.plan);
                model.plan = match k {
                    0 | 5 => 1,
                    1 => 2,
                    2 => 3,
                    3 => 1,
                    _ => model.plan,
                };
                match k {
                    0 => generate_all(),
                    1 => submit(),
                    2 => validate(),
                    3 => request_changes(),
                    4 => assign("5.1.a", "lead"),
                    5 => generate(&[("5.1.b", "c1"), ("12.1.a", "c1")]),
                    _ => assign("12.1.b", "eva"),
                }
            }
            What::Setting(k) => match k {
                0 | 6 => centre("CESTI"),
                1 => Act::Centre { name: None },
                2 => Act::Kinds {
                    kinds: vec![ServiceKind::Saas, ServiceKind::Iaas],
                },
                3 => switch_referential(REFERENTIAL),
                4 => switch_referential("nope"),
                5 if with_team => member(ACTORS[n % ACTORS.len()], Role::ALL[n % 4]),
                _ => Act::Import {
                    referential: "imported".to_owned(),
                    sha256: "0".repeat(64),
                    source: "library.yaml".to_owned(),
                },
            },
        };
        let year = day.format("%Y");
        let cycle = s.cycle.map(|c| match c {
            0 => "initial".to_owned(),
            1 => format!("surveillance-{year}"),
            2 => format!("renewal-{year}"),
            _ => "nowhere".to_owned(),
        });
        out.push(Entry {
            label: format!("history/{:04}.ron", n + 1),
            recorded: date(START).and_time(NaiveTime::MIN).and_utc()
                + chrono::Duration::seconds(n as i64),
            actor: ACTORS[s.actor as usize].to_owned(),
            on_behalf_of: None,
            date: day,
            note: None,
            cycle,
            signer: None,
            act,
        });
    }
    out
}

/// Everything a replay says, in comparable form. Problems are named by their entry's label
/// (indices change when entries are left out).
#[derive(Debug, PartialEq)]
struct Seen {
    as_of: NaiveDate,
    state: String,
    grant: Option<Grant>,
    journey_cycle: Vec<(usize, NaiveDate)>,
    settings: dossier::Settings,
    cycles: Vec<CycleSeen>,
    findings: Vec<Finding>,
    evidence: Vec<Evidence>,
    finding_opened_in: BTreeMap<String, String>,
    finding_settled_in: BTreeMap<String, String>,
    evidence_recorded_in: BTreeMap<String, String>,
    imports: BTreeMap<String, String>,
    journal: Vec<Recorded>,
    problems: Vec<(String, String)>,
    dangling: Vec<(String, String)>,
    applied: usize,
    current: String,
    next: Vec<Possible>,
    comparisons: Vec<dossier::Comparison>,
}

#[derive(Debug, PartialEq)]
struct CycleSeen {
    id: String,
    kind: CycleKind,
    opened: Option<NaiveDate>,
    opened_by: Option<String>,
    closed: Option<NaiveDate>,
    outcome: Option<String>,
    carried: Vec<String>,
    events: Vec<(String, NaiveDate)>,
    verdicts: Vec<Assessment>,
    assessments: Vec<Assessment>,
    plan: Option<Plan>,
    scope: Option<BTreeSet<String>>,
    facts: String,
}

fn seen(d: &Dossier<'_>) -> Seen {
    let problems = |ps: &[dossier::Problem]| {
        ps.iter()
            .map(|p| (p.label.clone(), p.message.clone()))
            .collect()
    };
    let cycles = d
        .cycles
        .iter()
        .map(|c| {
            let mut verdicts: Vec<Assessment> = c.evaluation.verdicts().cloned().collect();
            verdicts.sort_by(|a, b| (&a.requirement, &a.check).cmp(&(&b.requirement, &b.check)));
            CycleSeen {
                id: c.id.clone(),
                kind: c.kind,
                opened: c.opened,
                opened_by: c.opened_by.clone(),
                closed: c.closed,
                outcome: c.outcome.clone(),
                carried: c.carried.clone(),
                events: c.events.clone(),
                verdicts,
                assessments: c.evaluation.assessments.clone(),
                plan: c.evaluation.plan.clone(),
                scope: d.scope_of(c),
                facts: format!("{:?}", d.facts(c)),
            }
        })
        .collect();
    let comparisons = d
        .cycles
        .windows(2)
        .map(|w| dossier::compare(d, WORLD.referential(), &w[0], &w[1]))
        .collect();
    Seen {
        as_of: d.as_of,
        state: d.journey.state_id().to_owned(),
        grant: d.journey.grant().cloned(),
        journey_cycle: d.journey.cycle().to_vec(),
        settings: d.settings.clone(),
        cycles,
        findings: d.records.findings.values().cloned().collect(),
        evidence: d.records.evidence.values().cloned().collect(),
        finding_opened_in: d.finding_opened_in.clone(),
        finding_settled_in: d.finding_settled_in.clone(),
        evidence_recorded_in: d.evidence_recorded_in.clone(),
        imports: d.imports.clone(),
        journal: d.journal.clone(),
        problems: problems(&d.problems),
        dangling: problems(&d.dangling),
        applied: d.applied,
        current: d.current().id.clone(),
        next: d.next(),
        comparisons,
    }
}

fn replay(entries: &[Entry], until: NaiveDate) -> Dossier<'static> {
    Dossier::replay(WORLD.inputs(), entries, until)
}

fn last_date(entries: &[Entry]) -> Option<NaiveDate> {
    entries.iter().map(|e| e.date).max()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any journal, even one no check would accept, replays without panicking (views, facts and
    /// comparisons included), and the same way twice: same cycles, ids, findings, verdicts.
    #[test]
    fn replay_never_panics_and_is_deterministic(steps in steps(48), until in 0u64..2500) {
        let entries = journal(&steps, true);
        let until = date(START) + Days::new(until);
        let a = seen(&replay(&entries, until));
        let b = seen(&replay(&entries.clone(), until));
        prop_assert_eq!(a, b);
    }

    /// `--at` the last entry's date is the current view: replaying up to a much later date
    /// differs only by the clock, which letting time run on the first replay makes up.
    #[test]
    fn at_the_last_date_is_the_current_view(steps in steps(48)) {
        let entries = journal(&steps, true);
        let Some(last) = last_date(&entries) else { return Ok(()) };
        let later = last + Days::new(4000);
        let mut at_last = replay(&entries, last);
        prop_assert_eq!(at_last.applied, entries.len());
        at_last.as_of = later;
        at_last.journey.advance(later);
        prop_assert_eq!(seen(&at_last), seen(&replay(&entries, later)));
    }

    /// Replaying up to a date D is replaying only the entries dated on or before D.
    #[test]
    fn at_a_date_is_the_prefix_dated_up_to_it(steps in steps(40), pick in prop::collection::vec(any::<prop::sample::Index>(), 1..4)) {
        let entries = journal(&steps, true);
        if entries.is_empty() {
            return Ok(());
        }
        for ix in pick {
            let d = entries[ix.index(entries.len())].date;
            let prefix: Vec<Entry> = entries.iter().filter(|e| e.date <= d).cloned().collect();
            prop_assert_eq!(seen(&replay(&entries, d)), seen(&replay(&prefix, d)), "at {}", d);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// A journal built only of acts the check accepted replays without a problem, each accepted
    /// entry names a cycle of it, and the dossier the check returns is that journal's replay.
    #[test]
    fn accepted_journals_replay_cleanly(steps in steps(40)) {
        let candidates = journal(&steps, false);
        let Some(today) = last_date(&candidates) else { return Ok(()) };
        let mut accepted: Vec<Entry> = Vec::new();
        for (entry, step) in candidates.into_iter().zip(&steps) {
            let draft = Draft { entry, force: step.force };
            if let Ok(checked) = dossier::check(WORLD.inputs(), &accepted, draft, today) {
                accepted.push(checked.entry);
                prop_assert_eq!(seen(&checked.after), seen(&replay(&accepted, today)));
            }
        }
        let d = replay(&accepted, today);
        prop_assert!(d.problems.is_empty(), "problems: {:?}", d.problems);
        // A batch checks each act against the `after` of the one before (no replay between):
        // it accepts the same acts, and ends where the replay of them all does.
        let mut now = replay(&[], today);
        let mut chained: Vec<Entry> = Vec::new();
        for (entry, step) in journal(&steps, false).into_iter().zip(&steps) {
            let draft = Draft { entry, force: step.force };
            let before = now.clone();
            match dossier::check_from(now, &chained, draft, today) {
                Ok(checked) => {
                    chained.push(checked.entry);
                    now = checked.after;
                }
                Err(_) => now = before,
            }
        }
        prop_assert_eq!(&chained, &accepted);
        prop_assert_eq!(seen(&now), seen(&d));
        for e in &accepted {
            let cycle = e.cycle.as_deref().unwrap_or("(none)");
            prop_assert!(d.cycle(cycle).is_some(), "{} names cycle {} of {:?}", e.label, cycle, d.cycle_ids());
        }
    }
}
