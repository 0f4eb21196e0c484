//! The workflow as a picture: Mermaid and Graphviz DOT.

use std::fmt::Write;

use petgraph::dot::{Config, Dot};

use crate::workflow::Workflow;

/// A Mermaid `stateDiagram-v2`: the initial state, every transition labelled with its event,
/// and end states marked.
pub fn mermaid(wf: &Workflow) -> String {
    let def = wf.def();
    let mut out = String::from("stateDiagram-v2\n");
    let _ = writeln!(out, "    [*] --> {}", mermaid_id(&def.initial));
    for e in &def.events {
        for from in &e.from {
            let to = e.to.as_deref().unwrap_or(from);
            let _ = writeln!(
                out,
                "    {} --> {}: {}",
                mermaid_id(from),
                mermaid_id(to),
                e.id
            );
        }
    }
    for from in &def.expiry.from {
        let _ = writeln!(
            out,
            "    {} --> {}: {}",
            mermaid_id(from),
            mermaid_id(&def.expiry.to),
            crate::workflow::EXPIRY_EDGE
        );
    }
    for s in def.states.iter().filter(|s| s.end) {
        let _ = writeln!(out, "    {} --> [*]", mermaid_id(&s.id));
    }
    out
}

/// Mermaid state ids may not contain `-`; the label keeps the real id.
fn mermaid_id(id: &str) -> String {
    id.replace('-', "_")
}

/// Graphviz DOT, rendered by petgraph from the workflow's graph.
pub fn dot(wf: &Workflow) -> String {
    let graph = wf.graph();
    format!(
        "{:?}",
        Dot::with_attr_getters(
            &graph,
            &[Config::EdgeNoLabel, Config::NodeNoLabel],
            &|_, edge| format!("label = \"{}\"", edge.weight()),
            &|_, (ix, id)| {
                let shape = if wf.state(ix.index()).end {
                    "doublecircle"
                } else {
                    "box"
                };
                format!("label = \"{id}\" shape = {shape}")
            },
        )
    )
}
