//! What the dossier tests share: the SecNumCloud workflow, a small referential to compute on,
//! and compact journal entries (`at(date, actor, act)`).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveTime};
use dossier::{Act, Entry, FindingChange, Inputs, OnBehalf, PlanAct, PlanItemFile, Settings};
use grid::{
    Axis, Chapter, Check, Confidentiality, EvidenceLocation, Level, Method, Phase, Referential,
    Requirement, RequirementKind, Role, Section, ServiceKind, Severity, Text, Verdict,
};
use journey::Workflow;

/// The id of the small referential the settings name.
pub const REFERENTIAL: &str = "test";

/// The workflow, the settings `jalon.ron` starts from (an IaaS evaluated against [`REFERENTIAL`],
/// no centre, no team) and the referentials known.
pub struct World {
    pub workflow: Workflow,
    pub base: Settings,
    pub referentials: BTreeMap<String, Referential>,
}

impl World {
    pub fn inputs(&self) -> Inputs<'_> {
        Inputs {
            workflow: &self.workflow,
            base: &self.base,
            referentials: &self.referentials,
        }
    }

    pub fn referential(&self) -> &Referential {
        &self.referentials[REFERENTIAL]
    }
}

pub static WORLD: LazyLock<World> = LazyLock::new(|| World {
    workflow: storage::embedded_workflow("secnumcloud")
        .expect("the SecNumCloud workflow is embedded")
        .expect("the SecNumCloud workflow loads"),
    base: Settings {
        beside: std::collections::BTreeMap::new(),
        kinds: vec![ServiceKind::Iaas],
        referential: REFERENTIAL.to_owned(),
        evaluation_centre: None,
        team: Vec::new(),
        signatures: dossier::SignaturePolicy::Optional,
        bases: BTreeMap::new(),
    },
    referentials: BTreeMap::from([(REFERENTIAL.to_owned(), referential())]),
});

fn text(s: &str) -> Text {
    Text {
        en: s.to_owned(),
        fr: s.to_owned(),
    }
}

/// Two chapters: `5` (the heading `5.1`, then `5.1.a` with checks c1 and c2, `5.1.b` with c1)
/// and `12` (`12.1.a`, `12.1.b`, one check each). Four assessable requirements, all applicable.
fn referential() -> Referential {
    let chapter = |id: &str, axis| Chapter {
        id: id.to_owned(),
        title: text(id),
        axis,
        sections: vec![Section {
            id: format!("{id}.1"),
            title: text("section"),
        }],
    };
    let chapters = vec![
        chapter("5", Axis::Organizational),
        chapter("12", Axis::Technical),
    ];
    let requirement = |id: &str, chapter: usize, checks: usize| Requirement {
        id: id.to_owned(),
        node: None,
        chapter,
        section: Some(0),
        kind: RequirementKind::Requirement,
        assessable: checks > 0,
        summary: Some(text(id)),
        title: None,
        text: None,
        applies_to: Vec::new(),
        axis: chapters[chapter].axis,
        level: Level::Standard,
        checks: (1..=checks)
            .map(|i| Check {
                id: format!("c{i}"),
                text: text("check"),
                method: Method::Documentary,
            })
            .collect(),
    };
    let requirements = vec![
        requirement("5.1", 0, 0),
        requirement("5.1.a", 0, 2),
        requirement("5.1.b", 0, 1),
        requirement("12.1.a", 1, 1),
        requirement("12.1.b", 1, 1),
    ];
    Referential::new(
        REFERENTIAL.to_owned(),
        "1".to_owned(),
        text("Test"),
        "tests".to_owned(),
        ServiceKind::ALL.to_vec(),
        chapters,
        requirements,
    )
    .expect("the test referential is valid")
}

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a test date")
}

/// A journal entry in short: when, who, what, and optionally the cycle it names and the
/// reference of an act recorded on behalf of ANSSI.
#[derive(Clone, Debug)]
pub struct E {
    pub date: NaiveDate,
    pub actor: String,
    pub act: Act,
    pub cycle: Option<String>,
    pub for_anssi: Option<String>,
}

pub fn at(date: &str, actor: &str, act: Act) -> E {
    E {
        date: self::date(date),
        actor: actor.to_owned(),
        act,
        cycle: None,
        for_anssi: None,
    }
}

impl E {
    /// Names the cycle (`--cycle`).
    pub fn cycle(mut self, id: &str) -> E {
        self.cycle = Some(id.to_owned());
        self
    }

    /// Recorded on behalf of ANSSI, citing `reference`.
    pub fn for_anssi(mut self, reference: &str) -> E {
        self.for_anssi = Some(reference.to_owned());
        self
    }

    /// The entry, as the `n`-th of its journal.
    pub fn entry(&self, n: usize) -> Entry {
        Entry {
            label: format!("history/{n:04}.ron"),
            recorded: self.date.and_time(NaiveTime::MIN).and_utc(),
            actor: self.actor.clone(),
            on_behalf_of: self.for_anssi.as_ref().map(|reference| OnBehalf {
                role: Role::Anssi,
                reference: reference.clone(),
            }),
            date: self.date,
            note: None,
            cycle: self.cycle.clone(),
            signer: None,
            act: self.act.clone(),
        }
    }
}

pub fn entries(journal: &[E]) -> Vec<Entry> {
    journal
        .iter()
        .enumerate()
        .map(|(n, e)| e.entry(n + 1))
        .collect()
}

// Acts.

pub fn event(id: &str) -> Act {
    Act::Journey {
        event: id.to_owned(),
        reserves: None,
        forced: false,
    }
}

pub fn with_reserves(id: &str, reserves: &str) -> Act {
    Act::Journey {
        event: id.to_owned(),
        reserves: Some(reserves.to_owned()),
        forced: false,
    }
}

pub fn assess(requirement: &str, verdict: Verdict) -> Act {
    Act::Assess {
        referential: None,
        requirement: requirement.to_owned(),
        check: None,
        verdict,
        evidence: Vec::new(),
        justification: None,
        from: None,
    }
}

pub fn assess_check(requirement: &str, check: &str, verdict: Verdict) -> Act {
    Act::Assess {
        referential: None,
        requirement: requirement.to_owned(),
        check: Some(check.to_owned()),
        verdict,
        evidence: Vec::new(),
        justification: None,
        from: None,
    }
}

pub fn assess_citing(requirement: &str, verdict: Verdict, evidence: &[&str]) -> Act {
    Act::Assess {
        referential: None,
        requirement: requirement.to_owned(),
        check: None,
        verdict,
        evidence: evidence.iter().map(|&e| e.to_owned()).collect(),
        justification: None,
        from: None,
    }
}

pub fn evidence(id: &str) -> Act {
    Act::Evidence {
        id: id.to_owned(),
        title: format!("Evidence {id}"),
        kind: "document".to_owned(),
        confidentiality: Confidentiality::Internal,
        sha256: "0".repeat(64),
        size: 1,
        location: EvidenceLocation::Copy(format!("evidence/{id}.pdf")),
    }
}

pub fn open(id: &str, requirement: &str, severity: Severity) -> Act {
    finding(
        id,
        FindingChange::Open {
            referential: None,
            requirements: vec![requirement.to_owned()],
            check: None,
            severity,
            title: format!("Finding {id}"),
            description: None,
            evidence: Vec::new(),
        },
    )
}

pub fn finding(id: &str, change: FindingChange) -> Act {
    Act::Finding {
        id: id.to_owned(),
        change,
    }
}

pub fn plan_action(id: &str) -> Act {
    finding(
        id,
        FindingChange::Plan {
            action: "fix it".to_owned(),
            owner: "ops".to_owned(),
            due: date("2030-01-01"),
            root_cause: None,
        },
    )
}

pub fn remediate(id: &str) -> Act {
    finding(
        id,
        FindingChange::Remediate {
            evidence: Vec::new(),
        },
    )
}

pub fn close(id: &str) -> Act {
    finding(id, FindingChange::Close)
}

pub fn withdraw(id: &str) -> Act {
    finding(id, FindingChange::Withdraw)
}

/// Plans, remediates and closes finding `id`, from `date` on (one day per step).
pub fn settle(date: NaiveDate, actor: &str, id: &str) -> Vec<E> {
    [plan_action(id), remediate(id), close(id)]
        .into_iter()
        .zip(1..)
        .map(|(act, days)| E {
            date: date + chrono::Days::new(days),
            actor: actor.to_owned(),
            act,
            cycle: None,
            for_anssi: None,
        })
        .collect()
}

/// A plan of these `(requirement, check)` items, all documentary.
pub fn generate(items: &[(&str, &str)]) -> Act {
    Act::Plan {
        referential: None,
        change: PlanAct::Generate {
            items: items
                .iter()
                .map(|&(requirement, check)| PlanItemFile {
                    requirement: requirement.to_owned(),
                    check: check.to_owned(),
                    phase: Phase::Documentary,
                    method: Method::Documentary,
                    evaluator: None,
                    date: None,
                })
                .collect(),
        },
    }
}

/// A plan covering every check of the test referential.
pub fn generate_all() -> Act {
    generate(&[
        ("5.1.a", "c1"),
        ("5.1.a", "c2"),
        ("5.1.b", "c1"),
        ("12.1.a", "c1"),
        ("12.1.b", "c1"),
    ])
}

pub fn assign(requirement: &str, evaluator: &str) -> Act {
    Act::Plan {
        referential: None,
        change: PlanAct::Assign {
            target: requirement.to_owned(),
            requirements: vec![requirement.to_owned()],
            evaluator: evaluator.to_owned(),
            phase: None,
            date: None,
        },
    }
}

pub fn submit() -> Act {
    Act::Plan {
        referential: None,
        change: PlanAct::Submit,
    }
}

pub fn validate() -> Act {
    Act::Plan {
        referential: None,
        change: PlanAct::Validate,
    }
}

pub fn request_changes() -> Act {
    Act::Plan {
        referential: None,
        change: PlanAct::RequestChanges,
    }
}

pub fn centre(name: &str) -> Act {
    Act::Centre {
        name: Some(name.to_owned()),
    }
}

pub fn member(actor: &str, role: Role) -> Act {
    Act::Team {
        actor: actor.to_owned(),
        role: Some(role),
        public_key: None,
    }
}

pub fn switch_referential(id: &str) -> Act {
    Act::Referential { id: id.to_owned() }
}
