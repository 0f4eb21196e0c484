//! Loading the shipped workflows and building journals for tests.

use chrono::NaiveDate;
use journey::{
    Cadences, EventDef, ExpiryDef, MilestoneDef, Recorded, StateDef, Text, Workflow, WorkflowDef,
    WorkflowProblem,
};
use serde::Deserialize;

pub const SECNUMCLOUD: &str = include_str!("../../../workflows/secnumcloud.ron");
pub const HDS: &str = include_str!("../../../workflows/hds.ron");
pub const ISO27001: &str = include_str!("../../../workflows/iso27001.ron");

/// The file layout (the storage crate owns the real loader; this mirrors it for engine tests).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[allow(dead_code)]
    format: u32,
    id: String,
    name: Text,
    initial: String,
    cadences: Cadences,
    milestones: Vec<MilestoneDef>,
    expiry: ExpiryDef,
    states: Vec<StateDef>,
    events: Vec<EventDef>,
}

pub fn def(text: &str) -> WorkflowDef {
    let f: File = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(text)
        .expect("test workflow parses");
    WorkflowDef {
        id: f.id,
        name: f.name,
        initial: f.initial,
        cadences: f.cadences,
        milestones: f.milestones,
        expiry: f.expiry,
        states: f.states,
        events: f.events,
    }
}

pub fn build(text: &str) -> Result<Workflow, Vec<WorkflowProblem>> {
    Workflow::new(def(text))
}

pub fn secnumcloud() -> Workflow {
    build(SECNUMCLOUD).expect("the SecNumCloud workflow is sound")
}

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

/// A journal from `"event date"` pairs; `event!reserves text` adds reserves.
pub fn journal(steps: &[(&str, &str)]) -> Vec<Recorded> {
    steps
        .iter()
        .map(|(event, d)| {
            let (event, reserves) = match event.split_once('!') {
                Some((e, r)) => (e, Some(r.to_owned())),
                None => (*event, None),
            };
            Recorded {
                event: event.to_owned(),
                date: date(d),
                reserves,
                forced: false,
            }
        })
        .collect()
}

/// The SecNumCloud steps up to the decision, with J2 accepted on `j2`.
pub fn through_j2(j2: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("request-submitted", "2021-01-04"),
        ("j0-accepted", "2021-03-01"),
        ("j1-accepted", "2021-06-01"),
        ("documentary-audit-done", "2021-09-01"),
        ("onsite-audit-done", "2021-10-01"),
        ("evaluation-report-delivered", "2021-11-15"),
        ("j2-accepted", j2),
    ]
}
