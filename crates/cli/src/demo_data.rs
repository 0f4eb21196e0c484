//! The demo workspace: a fictional provider mid-evaluation (J1 passed, on-site audit done), with a
//! partly assessed grid, findings at every stage of their lifecycle, and evidence.

use grid::Role;
use grid::{Confidentiality, ServiceKind, Severity, Verdict};
use storage::{Manifest, Member};

pub const DEFAULT_DIR: &str = "jalon-demo";

pub const OFFICER: &str = "officer@nebuleuse.example";
pub const EVALUATOR: &str = "evaluator@cesti-exemple.example";
pub const LEAD: &str = "lead@cesti-exemple.example";

pub fn manifest() -> Manifest {
    let mut m = Manifest::new(
        "Nébuleuse Cloud SAS".to_owned(),
        "Nébuleuse Compute".to_owned(),
        vec![ServiceKind::Iaas, ServiceKind::Caas],
    );
    m.evaluation_centre = Some("CESTI Exemple".to_owned());
    // A declared team switches the role rules on: the demo follows them.
    m.team = vec![
        Member {
            actor: OFFICER.to_owned(),
            role: Role::Provider,
        },
        Member {
            actor: LEAD.to_owned(),
            role: Role::LeadEvaluator,
        },
        Member {
            actor: EVALUATOR.to_owned(),
            role: Role::Evaluator,
        },
    ];
    m
}

/// One thing that happened, on a date (YYYY-MM-DD), by an actor.
pub struct Step {
    pub date: &'static str,
    pub actor: &'static str,
    /// Set for ANSSI's acts, which the provider's officer records on ANSSI's behalf.
    pub anssi_reference: Option<&'static str>,
    pub note: Option<&'static str>,
    pub what: What,
}

pub enum What {
    Journey(&'static str),
    Evidence {
        id: &'static str,
        title: &'static str,
        kind: &'static str,
        confidentiality: Confidentiality,
        content: &'static str,
    },
    /// Every applicable requirement of these chapters not otherwise assessed in the demo is conform.
    ChaptersConform(&'static [&'static str]),
    Assess {
        requirement: &'static str,
        check: Option<&'static str>,
        verdict: Verdict,
        evidence: &'static [&'static str],
        justification: Option<&'static str>,
        from: Option<&'static str>,
    },
    Open {
        id: &'static str,
        requirement: &'static str,
        check: Option<&'static str>,
        severity: Severity,
        title: &'static str,
        description: &'static str,
        evidence: &'static [&'static str],
    },
    Plan {
        id: &'static str,
        action: &'static str,
        owner: &'static str,
        due: &'static str,
        root_cause: &'static str,
    },
    Remediate {
        id: &'static str,
        evidence: &'static [&'static str],
    },
    Close(&'static str),
    Withdraw(&'static str),
    /// Generate the plan (documentary checks from `start`), by the team's lead evaluator.
    PlanGenerate {
        start: &'static str,
    },
    /// Give a chapter's checks to an evaluator.
    PlanAssign {
        chapter: &'static str,
        evaluator: &'static str,
    },
    PlanSubmit,
    PlanValidate,
    PlanRequestChanges,
}

const fn step(
    date: &'static str,
    actor: &'static str,
    note: Option<&'static str>,
    what: What,
) -> Step {
    Step {
        date,
        actor,
        anssi_reference: None,
        note,
        what,
    }
}

/// An ANSSI act (ANSSI does not use jalon): recorded by the officer, with the reference it comes from.
const fn anssi(
    date: &'static str,
    reference: &'static str,
    note: Option<&'static str>,
    what: What,
) -> Step {
    Step {
        date,
        actor: OFFICER,
        anssi_reference: Some(reference),
        note,
        what,
    }
}

const fn assess(
    requirement: &'static str,
    check: Option<&'static str>,
    verdict: Verdict,
    evidence: &'static [&'static str],
) -> What {
    What::Assess {
        requirement,
        check,
        verdict,
        evidence,
        justification: None,
        from: None,
    }
}

/// Requirements the demo assesses one by one (the chapter-wide pass leaves them alone).
pub const SINGLED_OUT: &[&str] = &[
    "7.2.a", "8.1.a", "9.4.a", "9.6.a", "12.3.a", "12.4.a", "12.9.a", "14.7.a", "11.3.a",
];

pub const STEPS: &[Step] = &[
    step(
        "2025-03-17",
        OFFICER,
        Some("Request file and architecture file sent to ANSSI."),
        What::Journey("request-submitted"),
    ),
    anssi(
        "2025-06-16",
        "ANSSI letter 2025-0616-J0",
        Some("Scope frozen: IaaS and CaaS offers, two data centres in Île-de-France."),
        What::Journey("j0-accepted"),
    ),
    step(
        "2025-11-17",
        LEAD,
        Some("Draft plan from the scope frozen at J0."),
        What::PlanGenerate {
            start: "2026-04-13",
        },
    ),
    step("2025-11-28", LEAD, None, What::PlanSubmit),
    anssi(
        "2025-12-15",
        "ANSSI e-mail 2025-12-15",
        Some("ANSSI asks for the technical checks of chapter 12 to be led by a second evaluator."),
        What::PlanRequestChanges,
    ),
    step(
        "2025-12-18",
        LEAD,
        None,
        What::PlanAssign {
            chapter: "12",
            evaluator: EVALUATOR,
        },
    ),
    step("2025-12-19", LEAD, None, What::PlanSubmit),
    anssi(
        "2026-01-09",
        "ANSSI letter 2026-0109-PLAN",
        Some("Plan validated by ANSSI's chargé de qualification."),
        What::PlanValidate,
    ),
    anssi(
        "2026-01-12",
        "ANSSI letter 2026-0112-J1",
        Some(
            "Evaluation strategy and plan accepted; evaluation contract signed with CESTI Exemple.",
        ),
        What::Journey("j1-accepted"),
    ),
    step(
        "2026-02-02",
        OFFICER,
        None,
        What::Evidence {
            id: "E-0001",
            title: "Information security policy, version 3",
            kind: "document",
            confidentiality: Confidentiality::Internal,
            content: "Nébuleuse Cloud SAS — information security policy, version 3 (demo content).\n",
        },
    ),
    step(
        "2026-02-02",
        OFFICER,
        None,
        What::Evidence {
            id: "E-0002",
            title: "Network architecture dossier",
            kind: "document",
            confidentiality: Confidentiality::Restricted,
            content: "Network architecture dossier (demo content): zones, flows, administration network.\n",
        },
    ),
    step(
        "2026-03-10",
        OFFICER,
        None,
        What::Evidence {
            id: "E-0003",
            title: "Ethics charter signed by staff",
            kind: "document",
            confidentiality: Confidentiality::Internal,
            content: "Ethics charter, annex to the internal rules, signature register (demo content).\n",
        },
    ),
    step(
        "2026-04-01",
        OFFICER,
        None,
        What::Evidence {
            id: "E-0004",
            title: "Backup restoration test report",
            kind: "report",
            confidentiality: Confidentiality::Internal,
            content: "Backup restoration test, 2026-03-28: 12 of 12 restores succeeded (demo content).\n",
        },
    ),
    step(
        "2026-05-22",
        EVALUATOR,
        Some("Documentary audit of chapters 5 to 8."),
        What::Journey("documentary-audit-done"),
    ),
    step(
        "2026-05-22",
        EVALUATOR,
        None,
        What::ChaptersConform(&["5", "6", "7", "8"]),
    ),
    step(
        "2026-05-22",
        EVALUATOR,
        None,
        assess("7.2.a", None, Verdict::Conform, &["E-0003"]),
    ),
    step(
        "2026-05-22",
        EVALUATOR,
        Some("Inventory lacks owner and location attributes for storage arrays."),
        assess("8.1.a", Some("c1"), Verdict::Nonconform, &[]),
    ),
    step(
        "2026-05-22",
        EVALUATOR,
        None,
        What::Open {
            id: "F-0001",
            requirement: "8.1.a",
            check: Some("c1"),
            severity: Severity::Minor,
            title: "Equipment inventory incomplete",
            description: "Storage arrays are listed without owner and location.",
            evidence: &[],
        },
    ),
    step(
        "2026-05-22",
        EVALUATOR,
        Some(
            "No pre-production environment: test data is synthetic and never copied from production.",
        ),
        What::Assess {
            requirement: "14.7.a",
            check: None,
            verdict: Verdict::NotApplicable,
            evidence: &[],
            justification: Some("no pre-production environment; test data is synthetic"),
            from: None,
        },
    ),
    step(
        "2026-05-22",
        EVALUATOR,
        None,
        What::Assess {
            requirement: "11.3.a",
            check: None,
            verdict: Verdict::Inherited,
            evidence: &[],
            justification: None,
            from: Some("Hébergement Exemple (SecNumCloud-qualified hosting)"),
        },
    ),
    step(
        "2026-06-15",
        OFFICER,
        None,
        What::Plan {
            id: "F-0001",
            action: "Complete the inventory with owner and location for every storage array.",
            owner: "Asset manager",
            due: "2026-07-31",
            root_cause: "Storage arrays were bought outside the usual purchasing flow.",
        },
    ),
    step(
        "2026-07-20",
        OFFICER,
        None,
        What::Remediate {
            id: "F-0001",
            evidence: &[],
        },
    ),
    step(
        "2026-08-03",
        EVALUATOR,
        Some("Inventory checked: every array has owner and location."),
        What::Close("F-0001"),
    ),
    step(
        "2026-08-03",
        EVALUATOR,
        None,
        assess("8.1.a", Some("c1"), Verdict::Conform, &[]),
    ),
    step(
        "2026-08-03",
        EVALUATOR,
        Some("Inventory complete; the on-site sampling (c2) matched it."),
        assess("8.1.a", None, Verdict::Conform, &[]),
    ),
    step(
        "2026-06-10",
        OFFICER,
        None,
        What::Evidence {
            id: "E-0005",
            title: "Hypervisor cluster inventory",
            kind: "configuration",
            confidentiality: Confidentiality::Restricted,
            content: "cluster prod-1: hv-01..hv-12; cluster test-1: hv-10, hv-11 (demo content)\n",
        },
    ),
    step(
        "2026-06-19",
        EVALUATOR,
        Some("On-site audit, two weeks."),
        What::Journey("onsite-audit-done"),
    ),
    step(
        "2026-06-19",
        EVALUATOR,
        Some("hv-10 and hv-11 host both production and test workloads."),
        assess("12.3.a", Some("c2"), Verdict::Nonconform, &["E-0005"]),
    ),
    step(
        "2026-06-19",
        EVALUATOR,
        None,
        What::Open {
            id: "F-0002",
            requirement: "12.3.a",
            check: Some("c2"),
            severity: Severity::Major,
            title: "Production and test share hypervisors",
            description: "Two hypervisors run production and test workloads: environments are not physically separated.",
            evidence: &["E-0005"],
        },
    ),
    step(
        "2026-06-19",
        EVALUATOR,
        Some("Yearly access review not performed in 2025."),
        assess("9.4.a", None, Verdict::Nonconform, &[]),
    ),
    step(
        "2026-06-19",
        EVALUATOR,
        None,
        What::Open {
            id: "F-0003",
            requirement: "9.4.a",
            check: None,
            severity: Severity::Minor,
            title: "Yearly access review missing",
            description: "No review of user access rights in 2025.",
            evidence: &[],
        },
    ),
    step(
        "2026-06-19",
        EVALUATOR,
        None,
        What::Open {
            id: "F-0004",
            requirement: "12.4.a",
            check: None,
            severity: Severity::Observation,
            title: "Malware signatures updated daily, not hourly",
            description: "Acceptable, but hourly updates would shorten exposure.",
            evidence: &[],
        },
    ),
    step(
        "2026-06-19",
        EVALUATOR,
        None,
        What::Open {
            id: "F-0005",
            requirement: "9.6.a",
            check: Some("c1"),
            severity: Severity::Minor,
            title: "Administrator directory shared with customers",
            description: "Initially seen as one directory for administrators and customers.",
            evidence: &["E-0002"],
        },
    ),
    step(
        "2026-06-24",
        EVALUATOR,
        Some("Two separate directories on closer inspection; finding raised in error."),
        What::Withdraw("F-0005"),
    ),
    step(
        "2026-06-24",
        EVALUATOR,
        None,
        assess("9.6.a", None, Verdict::Conform, &["E-0002"]),
    ),
    step(
        "2026-06-24",
        EVALUATOR,
        None,
        assess("12.9.a", None, Verdict::Conform, &[]),
    ),
    step(
        "2026-06-24",
        EVALUATOR,
        None,
        assess("12.4.a", None, Verdict::Conform, &[]),
    ),
    step(
        "2026-07-06",
        OFFICER,
        None,
        What::Plan {
            id: "F-0002",
            action: "Move test workloads to a dedicated cluster and decommission shared hypervisors.",
            owner: "Head of infrastructure",
            due: "2027-01-29",
            root_cause: "Test cluster extended onto production hardware during a capacity shortage.",
        },
    ),
    step(
        "2026-10-27",
        OFFICER,
        None,
        What::Evidence {
            id: "E-0006",
            title: "Access review minutes, 2026",
            kind: "report",
            confidentiality: Confidentiality::Internal,
            content: "Access review held 2026-10-26: 214 accounts reviewed, 9 removed (demo content).\n",
        },
    ),
    step(
        "2026-10-28",
        OFFICER,
        None,
        What::Plan {
            id: "F-0003",
            action: "Hold the yearly access review and schedule it every October.",
            owner: "CISO",
            due: "2026-11-15",
            root_cause: "The review was not in the compliance calendar.",
        },
    ),
    step(
        "2026-11-02",
        OFFICER,
        Some("Review held on 2026-10-26."),
        What::Remediate {
            id: "F-0003",
            evidence: &["E-0006"],
        },
    ),
];
