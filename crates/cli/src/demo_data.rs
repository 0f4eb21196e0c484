//! The demo workspace: the whole life of a fictional service's qualification, told as dated acts.
//!
//! Nébuleuse Compute (IaaS, CaaS) asks for SecNumCloud in January 2023 and is qualified on
//! 2024-06-10 with a reserve (one major finding still open). The first surveillance audit
//! (2025) re-checks and closes that finding and passes on time; the second (2026) finds a major
//! non-conformity and fails, and a complementary audit passes after the due date. The renewal,
//! started in June 2026, is in its documentary audit. Texts that French reports show are French.

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
            public_key: None,
        },
        Member {
            actor: LEAD.to_owned(),
            role: Role::LeadEvaluator,
            public_key: None,
        },
        Member {
            actor: EVALUATOR.to_owned(),
            role: Role::Evaluator,
            public_key: None,
        },
    ];
    m
}

/// One evaluation cycle and what happened in it. Its id is the one the dossier derives from the
/// event that opens it (the demo checks they agree).
pub struct Cycle {
    pub id: &'static str,
    pub steps: &'static [Step],
}

/// The life of the qualification, cycle by cycle (the demo records the steps in date order).
pub const LIFE: &[Cycle] = &[
    Cycle {
        id: "initial",
        steps: INITIAL,
    },
    Cycle {
        id: "surveillance-2025",
        steps: SURVEILLANCE_2025,
    },
    Cycle {
        id: "surveillance-2026",
        steps: SURVEILLANCE_2026,
    },
    Cycle {
        id: "renewal-2026",
        steps: RENEWAL_2026,
    },
    Cycle {
        id: "surveillance-2026-2",
        steps: SURVEILLANCE_2026_2,
    },
];

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
    Journey {
        event: &'static str,
        /// The reserves ANSSI adds to its decision.
        reserves: Option<&'static str>,
    },
    Evidence {
        id: &'static str,
        title: &'static str,
        kind: &'static str,
        confidentiality: Confidentiality,
        content: &'static str,
    },
    /// Every applicable requirement of these chapters that the cycle does not assess one by one
    /// (with [`What::Assess`]) is conform.
    ChaptersConform(&'static [&'static str]),
    /// A referential assessed beside SecNumCloud from now on (`jalon referential add`).
    AddReferential {
        id: &'static str,
        level: grid::Level,
    },
    /// A qualified service this one is built on, from a registry entry (`jalon base add`).
    Base {
        id: &'static str,
        provider: &'static str,
        service: &'static str,
        qualified: &'static str,
        source: &'static str,
        read: &'static str,
    },
    /// These entries of a referential assessed beside SecNumCloud are conform.
    ConformIn {
        referential: &'static str,
        requirements: &'static [&'static str],
    },
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
    /// Generate the cycle's plan (documentary checks from `start`), by the team's lead
    /// evaluator; `only` as `jalon plan generate --only` (chapters or requirements; empty: the
    /// whole scope, or for a surveillance audit what its findings name).
    PlanGenerate {
        start: &'static str,
        only: &'static [&'static str],
    },
    /// Give a chapter's checks to an evaluator.
    PlanAssign {
        chapter: &'static str,
        evaluator: &'static str,
    },
    PlanSubmit,
    PlanValidate,
    PlanRequestChanges,
    /// The lead evaluator's words for the cycle's summary report.
    Conclude {
        opinion: grid::Opinion,
        justification: &'static str,
    },
    ResidualRisk(&'static str),
    Recommend(&'static str),
    Comment(grid::ReportPart, &'static str),
    Identify {
        reference: &'static str,
        version: &'static str,
        approver: &'static str,
    },
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

const fn event(event: &'static str) -> What {
    What::Journey {
        event,
        reserves: None,
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

const fn generate(start: &'static str, only: &'static [&'static str]) -> What {
    What::PlanGenerate { start, only }
}

/// The initial evaluation, J0 to J3: request in January 2023, decision in June 2024.
const INITIAL: &[Step] = &[
    step(
        "2023-01-16",
        OFFICER,
        Some("Dossier de demande et dossier d'architecture transmis à l'ANSSI."),
        event("request-submitted"),
    ),
    anssi(
        "2023-04-17",
        "Courrier ANSSI 2023-0417-J0",
        Some("Périmètre figé : offres IaaS et CaaS, deux centres de données en Île-de-France."),
        event("j0-accepted"),
    ),
    step(
        "2023-06-19",
        LEAD,
        Some("Projet de plan établi à partir du périmètre figé au J0."),
        generate("2023-12-15", &[]),
    ),
    step("2023-06-30", LEAD, None, What::PlanSubmit),
    anssi(
        "2023-07-17",
        "Courriel ANSSI du 2023-07-17",
        Some(
            "L'ANSSI demande que les contrôles techniques du chapitre 12 soient menés par un second évaluateur.",
        ),
        What::PlanRequestChanges,
    ),
    step(
        "2023-07-20",
        LEAD,
        None,
        What::PlanAssign {
            chapter: "12",
            evaluator: EVALUATOR,
        },
    ),
    step("2023-07-21", LEAD, None, What::PlanSubmit),
    anssi(
        "2023-09-04",
        "Courrier ANSSI 2023-0904-PLAN",
        Some("Plan validé par le chargé de qualification de l'ANSSI."),
        What::PlanValidate,
    ),
    anssi(
        "2023-09-11",
        "Courrier ANSSI 2023-0911-J1",
        Some(
            "Stratégie d'évaluation et plan acceptés ; contrat d'évaluation signé avec le CESTI Exemple.",
        ),
        event("j1-accepted"),
    ),
    step(
        "2023-10-02",
        OFFICER,
        None,
        What::Evidence {
            id: "E-0001",
            title: "Politique de sécurité de l'information, version 3",
            kind: "document",
            confidentiality: Confidentiality::Internal,
            content: "Nébuleuse Cloud SAS — politique de sécurité de l'information, version 3 (contenu de démonstration).\n",
        },
    ),
    step(
        "2023-10-02",
        OFFICER,
        None,
        What::Evidence {
            id: "E-0002",
            title: "Dossier d'architecture réseau",
            kind: "document",
            confidentiality: Confidentiality::Restricted,
            content: "Dossier d'architecture réseau (contenu de démonstration) : zones, flux, réseau d'administration.\n",
        },
    ),
    step(
        "2023-11-06",
        OFFICER,
        None,
        What::Evidence {
            id: "E-0003",
            title: "Charte éthique signée par le personnel",
            kind: "document",
            confidentiality: Confidentiality::Internal,
            content: "Charte éthique, annexe au règlement intérieur, registre des signatures (contenu de démonstration).\n",
        },
    ),
    step(
        "2023-12-04",
        OFFICER,
        None,
        What::Evidence {
            id: "E-0004",
            title: "Rapport de test de restauration des sauvegardes",
            kind: "rapport",
            confidentiality: Confidentiality::Internal,
            content: "Test de restauration des sauvegardes du 2023-11-28 : 12 restaurations sur 12 réussies (contenu de démonstration).\n",
        },
    ),
    step(
        "2024-01-19",
        EVALUATOR,
        Some("Audit documentaire des chapitres 5 à 8 et 15 à 19."),
        event("documentary-audit-done"),
    ),
    step(
        "2024-01-19",
        EVALUATOR,
        None,
        What::ChaptersConform(&["5", "6", "7", "8", "15", "16", "17", "18", "19"]),
    ),
    step(
        "2024-01-19",
        EVALUATOR,
        None,
        assess("7.2.a", None, Verdict::Conform, &["E-0003"]),
    ),
    step(
        "2024-01-19",
        EVALUATOR,
        None,
        assess("5.2.a", None, Verdict::Conform, &["E-0001"]),
    ),
    step(
        "2024-01-19",
        EVALUATOR,
        Some("L'inventaire ne précise ni le propriétaire ni l'emplacement des baies de stockage."),
        assess("8.1.a", Some("c1"), Verdict::Nonconform, &[]),
    ),
    step(
        "2024-01-19",
        EVALUATOR,
        None,
        What::Open {
            id: "F-0001",
            requirement: "8.1.a",
            check: Some("c1"),
            severity: Severity::Minor,
            title: "Inventaire des équipements incomplet",
            description: "Les baies de stockage sont inventoriées sans propriétaire ni emplacement.",
            evidence: &[],
        },
    ),
    step(
        "2024-01-22",
        OFFICER,
        None,
        What::Evidence {
            id: "E-0005",
            title: "Inventaire des clusters d'hyperviseurs",
            kind: "configuration",
            confidentiality: Confidentiality::Restricted,
            content: "cluster prod-1 : hv-01..hv-12 ; cluster test-1 : hv-10, hv-11 (contenu de démonstration)\n",
        },
    ),
    step(
        "2024-01-29",
        EVALUATOR,
        Some("Audit sur site de trois semaines, dans les deux centres de données."),
        event("onsite-audit-started"),
    ),
    step(
        "2024-02-16",
        EVALUATOR,
        Some("Audit sur site terminé ; constats remis au commanditaire."),
        event("onsite-audit-done"),
    ),
    step(
        "2024-02-16",
        EVALUATOR,
        None,
        What::ChaptersConform(&["9", "10", "11", "12", "13", "14"]),
    ),
    step(
        "2024-02-16",
        EVALUATOR,
        Some("Le dossier d'architecture décrit des matériels de production dédiés."),
        assess("12.3.a", Some("c1"), Verdict::Conform, &["E-0002"]),
    ),
    step(
        "2024-02-16",
        EVALUATOR,
        Some("hv-10 et hv-11 hébergent à la fois des charges de production et de test."),
        assess("12.3.a", Some("c2"), Verdict::Nonconform, &["E-0005"]),
    ),
    step(
        "2024-02-16",
        EVALUATOR,
        None,
        What::Open {
            id: "F-0002",
            requirement: "12.3.a",
            check: Some("c2"),
            severity: Severity::Major,
            title: "Production et test partagent des hyperviseurs",
            description: "Deux hyperviseurs exécutent des charges de production et de test : les environnements ne sont pas physiquement séparés.",
            evidence: &["E-0005"],
        },
    ),
    step(
        "2024-02-16",
        EVALUATOR,
        Some("Revue annuelle des droits d'accès non réalisée en 2023."),
        assess("9.4.a", None, Verdict::Nonconform, &[]),
    ),
    step(
        "2024-02-16",
        EVALUATOR,
        None,
        What::Open {
            id: "F-0003",
            requirement: "9.4.a",
            check: None,
            severity: Severity::Minor,
            title: "Revue annuelle des accès absente",
            description: "Aucune revue des droits d'accès des utilisateurs en 2023.",
            evidence: &[],
        },
    ),
    step(
        "2024-02-16",
        EVALUATOR,
        None,
        What::Open {
            id: "F-0004",
            requirement: "12.4.a",
            check: None,
            severity: Severity::Observation,
            title: "Signatures antivirales mises à jour chaque jour, et non chaque heure",
            description: "Acceptable, mais une mise à jour horaire réduirait l'exposition.",
            evidence: &[],
        },
    ),
    step(
        "2024-02-16",
        EVALUATOR,
        None,
        What::Open {
            id: "F-0005",
            requirement: "9.6.a",
            check: Some("c1"),
            severity: Severity::Minor,
            title: "Annuaire des administrateurs partagé avec les clients",
            description: "Vu d'abord comme un annuaire unique pour les administrateurs et les clients.",
            evidence: &["E-0002"],
        },
    ),
    step(
        "2024-02-16",
        EVALUATOR,
        Some(
            "Pas d'environnement de préproduction : les données de test sont synthétiques et jamais copiées depuis la production.",
        ),
        What::Assess {
            requirement: "14.7.a",
            check: None,
            verdict: Verdict::NotApplicable,
            evidence: &[],
            justification: Some(
                "pas d'environnement de préproduction ; données de test synthétiques",
            ),
            from: None,
        },
    ),
    step(
        "2024-02-16",
        OFFICER,
        Some(
            "Les machines virtuelles reposent sur l'IaaS qualifié d'Hébergement Exemple (principe de composition).",
        ),
        What::Base {
            id: "hebergement-exemple",
            provider: "Hébergement Exemple",
            service: "IaaS SecNumCloud",
            qualified: "2024-01-08",
            source: "https://cyber.gouv.fr/produits-services-qualifies",
            read: "2024-02-15",
        },
    ),
    step(
        "2024-02-16",
        EVALUATOR,
        None,
        What::Assess {
            requirement: "11.3.a",
            check: None,
            verdict: Verdict::Inherited,
            evidence: &[],
            justification: None,
            from: Some("hebergement-exemple"),
        },
    ),
    step(
        "2024-02-21",
        EVALUATOR,
        Some("Deux annuaires distincts après examen approfondi ; constat émis par erreur."),
        What::Withdraw("F-0005"),
    ),
    step(
        "2024-02-21",
        EVALUATOR,
        None,
        assess("9.6.a", None, Verdict::Conform, &["E-0002"]),
    ),
    step(
        "2024-02-21",
        EVALUATOR,
        None,
        assess("12.9.a", None, Verdict::Conform, &[]),
    ),
    step(
        "2024-02-21",
        EVALUATOR,
        None,
        assess("12.5.a", None, Verdict::Conform, &["E-0004"]),
    ),
    step(
        "2024-02-21",
        EVALUATOR,
        None,
        assess("12.4.a", None, Verdict::Conform, &[]),
    ),
    step(
        "2024-03-04",
        OFFICER,
        None,
        What::Plan {
            id: "F-0001",
            action: "Compléter l'inventaire avec le propriétaire et l'emplacement de chaque baie de stockage.",
            owner: "Gestionnaire des actifs",
            due: "2024-03-29",
            root_cause: "Baies de stockage achetées hors du circuit d'achat habituel.",
        },
    ),
    step(
        "2024-03-11",
        OFFICER,
        None,
        What::Plan {
            id: "F-0002",
            action: "Déplacer les charges de test vers un cluster dédié et retirer les hyperviseurs partagés.",
            owner: "Responsable de l'infrastructure",
            due: "2025-03-31",
            root_cause: "Cluster de test étendu sur du matériel de production lors d'une pénurie de capacité.",
        },
    ),
    step(
        "2024-03-18",
        OFFICER,
        None,
        What::Evidence {
            id: "E-0006",
            title: "Compte rendu de la revue des accès, 2024",
            kind: "rapport",
            confidentiality: Confidentiality::Internal,
            content: "Revue des accès tenue le 2024-03-15 : 214 comptes revus, 9 supprimés (contenu de démonstration).\n",
        },
    ),
    step(
        "2024-03-18",
        OFFICER,
        None,
        What::Plan {
            id: "F-0003",
            action: "Tenir la revue annuelle des accès et l'inscrire chaque année au calendrier de conformité.",
            owner: "RSSI",
            due: "2024-03-29",
            root_cause: "La revue ne figurait pas au calendrier de conformité.",
        },
    ),
    step(
        "2024-03-20",
        OFFICER,
        Some("Revue tenue le 2024-03-15."),
        What::Remediate {
            id: "F-0003",
            evidence: &["E-0006"],
        },
    ),
    step(
        "2024-03-25",
        OFFICER,
        Some("Inventaire complété pour les 38 baies."),
        What::Remediate {
            id: "F-0001",
            evidence: &[],
        },
    ),
    step(
        "2024-04-02",
        EVALUATOR,
        Some("Inventaire vérifié : chaque baie a un propriétaire et un emplacement."),
        What::Close("F-0001"),
    ),
    step(
        "2024-04-02",
        EVALUATOR,
        None,
        assess("8.1.a", Some("c1"), Verdict::Conform, &[]),
    ),
    step(
        "2024-04-02",
        EVALUATOR,
        Some("Inventaire complet ; l'échantillonnage sur site (c2) lui correspond."),
        assess("8.1.a", None, Verdict::Conform, &[]),
    ),
    step(
        "2024-04-12",
        LEAD,
        None,
        What::Identify {
            reference: "CESTI-EX-2024-007",
            version: "1.0",
            approver: "Directeur technique du CESTI Exemple",
        },
    ),
    step(
        "2024-04-12",
        LEAD,
        None,
        What::Conclude {
            opinion: grid::Opinion::FavourableWithReserves,
            justification: "Les exigences applicables sont évaluées et une seule non-conformité majeure reste ouverte (F-0002, séparation physique des environnements), dont l'action corrective est planifiée pour mars 2025.",
        },
    ),
    step(
        "2024-04-12",
        LEAD,
        None,
        What::ResidualRisk(
            "Tant que F-0002 n'est pas soldée, une compromission de l'environnement de test peut atteindre des hyperviseurs de production.",
        ),
    ),
    step(
        "2024-04-12",
        LEAD,
        None,
        What::Recommend(
            "Vérifier lors du premier audit de surveillance que les charges de test ont quitté les hyperviseurs partagés.",
        ),
    ),
    step(
        "2024-04-12",
        LEAD,
        None,
        What::Comment(
            grid::ReportPart::Technical,
            "Les tests techniques ont porté sur l'interface d'administration, la séparation des environnements et la journalisation.",
        ),
    ),
    step(
        "2024-04-15",
        LEAD,
        Some("Rapport d'évaluation et formulaire remis au commanditaire et à l'ANSSI."),
        event("evaluation-report-delivered"),
    ),
    anssi(
        "2024-05-06",
        "Courrier ANSSI 2024-0506-J2",
        Some("Travaux d'évaluation acceptés par l'ANSSI."),
        event("j2-accepted"),
    ),
    anssi(
        "2024-06-10",
        "Décision ANSSI 2024-0610-QUAL",
        Some("Qualification SecNumCloud prononcée pour trois ans, avec une réserve."),
        What::Journey {
            event: "qualified",
            reserves: Some(
                "séparation physique des environnements de production et de test (F-0002) à vérifier lors du premier audit de surveillance",
            ),
        },
    ),
];

/// The first surveillance audit: chapters 10 and 13, and the findings carried over.
const SURVEILLANCE_2025: &[Step] = &[
    step(
        "2025-05-05",
        LEAD,
        Some("Premier audit de surveillance : chapitres 10 et 13, et les constats restés ouverts."),
        event("surveillance-audit-started"),
    ),
    step(
        "2025-05-05",
        LEAD,
        None,
        generate("2025-05-12", &["10", "13"]),
    ),
    step("2025-05-06", LEAD, None, What::PlanSubmit),
    step(
        "2025-05-07",
        OFFICER,
        None,
        What::Evidence {
            id: "E-0007",
            title: "Inventaire des clusters d'hyperviseurs après séparation",
            kind: "configuration",
            confidentiality: Confidentiality::Restricted,
            content: "cluster prod-1 : hv-01..hv-12 ; cluster test-2 : ht-01, ht-02 (contenu de démonstration)\n",
        },
    ),
    step(
        "2025-05-07",
        OFFICER,
        Some(
            "Charges de test déplacées sur le cluster dédié test-2 ; hv-10 et hv-11 réservés à la production.",
        ),
        What::Remediate {
            id: "F-0002",
            evidence: &["E-0007"],
        },
    ),
    step(
        "2025-05-07",
        OFFICER,
        None,
        What::Plan {
            id: "F-0004",
            action: "Passer la mise à jour des signatures antivirales à un rythme horaire.",
            owner: "Responsable de l'exploitation",
            due: "2025-06-30",
            root_cause: "Fréquence héritée de la configuration par défaut de l'outil.",
        },
    ),
    anssi(
        "2025-05-09",
        "Courriel ANSSI du 2025-05-09",
        Some("Périmètre de l'audit de surveillance validé."),
        What::PlanValidate,
    ),
    step(
        "2025-05-19",
        OFFICER,
        Some("Mise à jour horaire activée le 2025-05-16."),
        What::Remediate {
            id: "F-0004",
            evidence: &[],
        },
    ),
    step(
        "2025-05-28",
        EVALUATOR,
        Some("Re-vérifié sur site : aucun hyperviseur n'est partagé entre production et test."),
        What::Close("F-0002"),
    ),
    step(
        "2025-05-28",
        EVALUATOR,
        None,
        assess("12.3.a", Some("c1"), Verdict::Conform, &["E-0002"]),
    ),
    step(
        "2025-05-28",
        EVALUATOR,
        Some("Clusters séparés : production sur prod-1, test sur test-2."),
        assess("12.3.a", Some("c2"), Verdict::Conform, &["E-0007"]),
    ),
    step(
        "2025-05-28",
        EVALUATOR,
        Some("Compte rendu de revue vérifié ; revue inscrite au calendrier de conformité."),
        What::Close("F-0003"),
    ),
    step(
        "2025-05-28",
        EVALUATOR,
        None,
        assess("9.4.a", None, Verdict::Conform, &["E-0006"]),
    ),
    step(
        "2025-05-28",
        EVALUATOR,
        Some("Configuration vérifiée : signatures mises à jour chaque heure."),
        What::Close("F-0004"),
    ),
    step(
        "2025-05-28",
        EVALUATOR,
        None,
        assess("12.4.a", None, Verdict::Conform, &[]),
    ),
    step(
        "2025-05-29",
        EVALUATOR,
        None,
        What::ChaptersConform(&["10", "13"]),
    ),
    step(
        "2025-06-02",
        LEAD,
        Some("Audit de surveillance réussi : F-0002 fermé, périmètre entièrement évalué."),
        event("surveillance-audit-passed"),
    ),
];

/// The second surveillance audit: chapters 6, 16 and 17; a major non-conformity, failed.
const SURVEILLANCE_2026: &[Step] = &[
    step(
        "2026-05-04",
        LEAD,
        Some("Deuxième audit de surveillance : chapitres 6, 16 et 17."),
        event("surveillance-audit-started"),
    ),
    step(
        "2026-05-04",
        LEAD,
        None,
        generate("2026-05-11", &["6", "16", "17"]),
    ),
    step("2026-05-05", LEAD, None, What::PlanSubmit),
    anssi(
        "2026-05-07",
        "Courriel ANSSI du 2026-05-07",
        Some("Périmètre de l'audit de surveillance validé."),
        What::PlanValidate,
    ),
    step(
        "2026-05-13",
        EVALUATOR,
        Some("Dernier test du plan de continuité : novembre 2023."),
        assess("17.3.a", None, Verdict::Nonconform, &["E-0004"]),
    ),
    step(
        "2026-05-13",
        EVALUATOR,
        None,
        What::Open {
            id: "F-0006",
            requirement: "17.3.a",
            check: None,
            severity: Severity::Major,
            title: "Plan de continuité non testé depuis la qualification",
            description: "Aucun exercice de continuité n'a été mené depuis novembre 2023 : les procédures de reprise ne sont pas éprouvées.",
            evidence: &["E-0004"],
        },
    ),
    step(
        "2026-05-27",
        EVALUATOR,
        None,
        What::ChaptersConform(&["6", "16", "17"]),
    ),
    step(
        "2026-05-29",
        OFFICER,
        None,
        What::Plan {
            id: "F-0006",
            action: "Mener un exercice de continuité complet (bascule d'un centre de données sur l'autre) et en tirer les actions.",
            owner: "Responsable de la continuité d'activité",
            due: "2026-08-31",
            root_cause: "Exercice de 2025 reporté deux fois faute de fenêtre de maintenance.",
        },
    ),
    step(
        "2026-06-01",
        LEAD,
        Some(
            "Non-conformité majeure F-0006 : un audit complémentaire est nécessaire après l'exercice de continuité.",
        ),
        event("surveillance-audit-failed"),
    ),
];

/// The renewal: a full new evaluation, started a year before expiry; documentary audit under way.
const RENEWAL_2026: &[Step] = &[
    step(
        "2026-06-08",
        OFFICER,
        Some(
            "Renouvellement : nouvelle évaluation complète confiée au CESTI Exemple ; la qualification en cours reste valide.",
        ),
        event("renewal-started"),
    ),
    step(
        "2026-06-22",
        LEAD,
        Some(
            "Plan de renouvellement : tout le périmètre, audit documentaire à partir de fin octobre.",
        ),
        generate("2026-10-26", &[]),
    ),
    step(
        "2026-06-22",
        LEAD,
        Some(
            "Le guide d'hygiène informatique est évalué au niveau renforcé, comme le demande l'exigence 5.1.b.",
        ),
        What::AddReferential {
            id: "anssi-hygiene",
            level: grid::Level::Reinforced,
        },
    ),
    step("2026-06-30", LEAD, None, What::PlanSubmit),
    anssi(
        "2026-07-17",
        "Courrier ANSSI 2026-0717-PLAN",
        Some("Plan de renouvellement validé par le chargé de qualification de l'ANSSI."),
        What::PlanValidate,
    ),
    anssi(
        "2026-07-24",
        "Courrier ANSSI 2026-0724-J1",
        Some("Stratégie d'évaluation du renouvellement acceptée."),
        event("j1-accepted"),
    ),
    step(
        "2026-10-19",
        OFFICER,
        None,
        What::Evidence {
            id: "E-0009",
            title: "Politique de sécurité de l'information, version 4",
            kind: "document",
            confidentiality: Confidentiality::Internal,
            content: "Nébuleuse Cloud SAS — politique de sécurité de l'information, version 4 (contenu de démonstration).\n",
        },
    ),
    step(
        "2026-11-02",
        EVALUATOR,
        Some("Politique révisée en 2026 et approuvée par la direction."),
        assess("5.2.a", None, Verdict::Conform, &["E-0009"]),
    ),
    step(
        "2026-11-02",
        EVALUATOR,
        None,
        What::ChaptersConform(&["5", "6"]),
    ),
    step(
        "2026-11-16",
        EVALUATOR,
        Some("Charte signée en 2023, toujours en vigueur."),
        assess("7.2.a", None, Verdict::Conform, &["E-0003"]),
    ),
    step(
        "2026-11-16",
        EVALUATOR,
        Some("12 % du personnel d'exploitation n'a pas suivi la sensibilisation annuelle de 2026."),
        assess("7.3.a", None, Verdict::Nonconform, &[]),
    ),
    step(
        "2026-11-16",
        EVALUATOR,
        None,
        What::Open {
            id: "F-0007",
            requirement: "7.3.a",
            check: None,
            severity: Severity::Minor,
            title: "Sensibilisation annuelle à la sécurité incomplète",
            description: "12 % du personnel d'exploitation n'a pas suivi la session de sensibilisation de 2026.",
            evidence: &[],
        },
    ),
    step("2026-11-16", EVALUATOR, None, What::ChaptersConform(&["7"])),
    step(
        "2026-11-16",
        EVALUATOR,
        Some(
            "Thème I du guide d'hygiène : formations, sensibilisation, charte et contrats d'infogérance vérifiés.",
        ),
        What::ConformIn {
            referential: "anssi-hygiene",
            requirements: &["1", "2", "2.R", "3"],
        },
    ),
    step(
        "2026-11-20",
        OFFICER,
        None,
        What::Plan {
            id: "F-0007",
            action: "Organiser une session de rattrapage et suspendre les accès d'administration des personnes non sensibilisées.",
            owner: "RSSI",
            due: "2026-12-18",
            root_cause: "Sessions de 2026 programmées pendant la période de congés.",
        },
    ),
];

/// The complementary audit after the failed one: chapter 17 and F-0006, passed after the due date.
const SURVEILLANCE_2026_2: &[Step] = &[
    step(
        "2026-09-07",
        LEAD,
        Some("Audit complémentaire : chapitre 17 et la non-conformité F-0006."),
        event("surveillance-audit-started"),
    ),
    step("2026-09-07", LEAD, None, generate("2026-09-14", &["17"])),
    step("2026-09-08", LEAD, None, What::PlanSubmit),
    step(
        "2026-09-08",
        OFFICER,
        None,
        What::Evidence {
            id: "E-0008",
            title: "Rapport d'exercice de continuité, septembre 2026",
            kind: "rapport",
            confidentiality: Confidentiality::Internal,
            content: "Exercice du 2026-09-02 : bascule du centre de données DC1 vers DC2 en 3 h 40, pour un objectif de 4 h (contenu de démonstration).\n",
        },
    ),
    step(
        "2026-09-08",
        OFFICER,
        Some("Exercice de bascule mené le 2026-09-02."),
        What::Remediate {
            id: "F-0006",
            evidence: &["E-0008"],
        },
    ),
    anssi(
        "2026-09-11",
        "Courriel ANSSI du 2026-09-11",
        Some("Périmètre de l'audit complémentaire validé."),
        What::PlanValidate,
    ),
    step(
        "2026-09-28",
        EVALUATOR,
        Some(
            "Rapport d'exercice examiné ; résultats confirmés en entretien avec l'équipe de continuité.",
        ),
        What::Close("F-0006"),
    ),
    step(
        "2026-09-28",
        EVALUATOR,
        None,
        assess("17.3.a", None, Verdict::Conform, &["E-0008"]),
    ),
    step(
        "2026-09-28",
        EVALUATOR,
        None,
        What::ChaptersConform(&["17"]),
    ),
    step(
        "2026-10-02",
        LEAD,
        Some("Audit complémentaire réussi, après l'échéance du 2026-06-10."),
        event("surveillance-audit-passed"),
    ),
];
