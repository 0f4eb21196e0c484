//! The demo workspace: a fictional provider mid-journey. Grown as capabilities land.

use grid::ServiceKind;
use storage::Manifest;

pub const DEFAULT_DIR: &str = "jalon-demo";

pub const OFFICER: &str = "officer@nebuleuse.example";

pub fn manifest() -> Manifest {
    let mut m = Manifest::new(
        "Nébuleuse Cloud SAS".to_owned(),
        "Nébuleuse Compute".to_owned(),
        vec![ServiceKind::Iaas, ServiceKind::Caas],
    );
    m.evaluation_centre = Some("CESTI Exemple".to_owned());
    m
}

/// A journey step: event, date (YYYY-MM-DD), note.
pub struct Step {
    pub event: &'static str,
    pub date: &'static str,
    pub note: Option<&'static str>,
}

pub const JOURNEY: &[Step] = &[
    Step {
        event: "request-submitted",
        date: "2025-03-17",
        note: Some("Request file and architecture file sent to ANSSI."),
    },
    Step {
        event: "j0-accepted",
        date: "2025-06-16",
        note: Some("Scope frozen: IaaS and CaaS offers, two data centres in Île-de-France."),
    },
    Step {
        event: "j1-accepted",
        date: "2026-01-12",
        note: Some(
            "Evaluation strategy and plan accepted; evaluation contract signed with CESTI Exemple.",
        ),
    },
    Step {
        event: "documentary-audit-done",
        date: "2026-05-22",
        note: None,
    },
    Step {
        event: "onsite-audit-done",
        date: "2026-10-09",
        note: Some("Two weeks on site; findings being answered with corrective actions."),
    },
];
