//! Workflow files: the embedded ones (`workflows/*.ron` compiled in) and a workspace's own.

use std::path::Path;

use journey::{Cadences, EventDef, ExpiryDef, MilestoneDef, StateDef, Text, Workflow, WorkflowDef};
use serde::Deserialize;

use crate::error::{Diagnostic, StorageError};
use crate::ronfmt;

/// Workflows compiled into the binary, by name.
pub const EMBEDDED: [(&str, &str); 3] = [
    (
        "secnumcloud",
        include_str!("../../../workflows/secnumcloud.ron"),
    ),
    ("hds", include_str!("../../../workflows/hds.ron")),
    ("iso27001", include_str!("../../../workflows/iso27001.ron")),
];

pub const FORMAT: u32 = 1;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WorkflowFile {
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

/// Parses and checks a workflow file. Problems of the graph are located at the id they name.
pub fn parse_workflow(path: &Path, text: &str) -> Result<Workflow, StorageError> {
    let file: WorkflowFile = ronfmt::parse(path, text)?;
    if let Some(d) = ronfmt::format_problem(path, text, file.format, FORMAT) {
        return Err(StorageError::invalid(d));
    }
    let def = WorkflowDef {
        id: file.id,
        name: file.name,
        initial: file.initial,
        cadences: file.cadences,
        milestones: file.milestones,
        expiry: file.expiry,
        states: file.states,
        events: file.events,
    };
    // Like the checks of the graph, the first problems are described (each located by a search
    // of the text), the rest counted; a workflow over the size limits is refused for that alone.
    let within_limits =
        def.states.len() <= Workflow::MAX_STATES && def.events.len() <= Workflow::MAX_EVENTS;
    let mut roles = Vec::new();
    let mut more = 0usize;
    let by = def.events.iter().filter(|_| within_limits);
    for (e, r) in by.flat_map(|e| e.by.iter().map(move |r| (e, r))) {
        let Err(msg) = r.parse::<grid::Role>() else {
            continue;
        };
        if roles.len() == Workflow::MAX_PROBLEMS {
            more += 1;
            continue;
        }
        roles.push(
            Diagnostic::new(path, format!("event `{}`: {msg}", e.id))
                .at_text(text, &format!("\"{r}\"")),
        );
    }
    if more > 0 {
        roles.push(Diagnostic::new(
            path,
            format!(
                "and {more} more unknown role{} (only the first {} are described)",
                if more == 1 { "" } else { "s" },
                Workflow::MAX_PROBLEMS
            ),
        ));
    }
    if !roles.is_empty() {
        return Err(StorageError::Invalid(roles));
    }
    Workflow::new(def).map_err(|problems| {
        StorageError::Invalid(
            problems
                .into_iter()
                .map(|p| {
                    let d = Diagnostic::new(path, p.message);
                    match &p.needle {
                        Some(needle) => d.at_text(text, needle),
                        None => d,
                    }
                })
                .collect(),
        )
    })
}

/// An embedded workflow by name.
pub fn embedded(name: &str) -> Option<Result<Workflow, StorageError>> {
    let (file, text) = EMBEDDED.iter().find(|(n, _)| *n == name)?;
    Some(parse_workflow(
        Path::new(&format!("workflows/{file}.ron")),
        text,
    ))
}
