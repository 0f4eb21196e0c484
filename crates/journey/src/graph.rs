//! The workflow as a picture: Mermaid and Graphviz DOT.
//!
//! One edge per pair of states, labelled with every event between them (four events that keep a
//! journey in `evaluation` make one loop with four lines, not four loops that a renderer piles
//! up or drops); states and events named in the chosen language; the state a journey is in
//! highlighted.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::workflow::{Text, Workflow};

/// How to draw: in which language, and which state to highlight.
#[derive(Clone, Copy, Debug, Default)]
pub struct Drawing<'a> {
    /// French labels (else English).
    pub french: bool,
    /// The state the journey is in.
    pub current: Option<&'a str>,
}

impl Drawing<'_> {
    fn text<'t>(&self, t: &'t Text) -> &'t str {
        if self.french { &t.fr } else { &t.en }
    }
}

/// Every edge, `(from, to)` in the order first met, with its events' labels.
fn edges<'w>(wf: &'w Workflow, d: &Drawing<'_>) -> Vec<((&'w str, &'w str), Vec<String>)> {
    let def = wf.def();
    let mut order: Vec<(&str, &str)> = Vec::new();
    let mut labels: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    let mut add = |from: &'w str, to: &'w str, label: String| {
        if !labels.contains_key(&(from, to)) {
            order.push((from, to));
        }
        labels.entry((from, to)).or_default().push(label);
    };
    for e in &def.events {
        for from in &e.from {
            let to = e.to.as_deref().unwrap_or(from);
            add(from, to, d.text(&e.label).to_owned());
        }
    }
    for from in &def.expiry.from {
        let label = if d.french { "(expiration)" } else { "(expiry)" };
        add(from, &def.expiry.to, label.to_owned());
    }
    order
        .into_iter()
        .map(|k| (k, labels.remove(&k).unwrap_or_default()))
        .collect()
}

/// A Mermaid `stateDiagram-v2`: states named, the initial state, one labelled transition per
/// pair of states, end states marked, the current state highlighted.
pub fn mermaid(wf: &Workflow, d: &Drawing<'_>) -> String {
    let def = wf.def();
    let mut out = String::from("stateDiagram-v2\n");
    for s in &def.states {
        let _ = writeln!(
            out,
            "    state \"{}\" as {}",
            mermaid_text(d.text(&s.label)),
            mermaid_id(&s.id)
        );
    }
    let _ = writeln!(out, "    [*] --> {}", mermaid_id(&def.initial));
    for ((from, to), labels) in edges(wf, d) {
        let labels: Vec<String> = labels.iter().map(|l| mermaid_text(l)).collect();
        let _ = writeln!(
            out,
            "    {} --> {}: {}",
            mermaid_id(from),
            mermaid_id(to),
            labels.join("<br/>")
        );
    }
    for s in def.states.iter().filter(|s| s.end) {
        let _ = writeln!(out, "    {} --> [*]", mermaid_id(&s.id));
    }
    if let Some(current) = d.current {
        out.push_str("    classDef current fill:#fde68a,stroke:#b45309,stroke-width:2px\n");
        let _ = writeln!(out, "    class {} current", mermaid_id(current));
    }
    out
}

/// Mermaid state ids may not contain `-`; the label keeps the real name.
fn mermaid_id(id: &str) -> String {
    id.replace('-', "_")
}

/// A label as Mermaid reads it literally: no line break, quotes, `:`, `;` or `<>` of its own.
fn mermaid_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\r' | '\n' => out.push(' '),
            '"' => out.push_str("#quot;"),
            ':' => out.push_str("#58;"),
            ';' => out.push_str("#59;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            c => out.push(c),
        }
    }
    out
}

/// Graphviz DOT: states as boxes (end states as double circles), one labelled edge per pair of
/// states, the current state filled.
pub fn dot(wf: &Workflow, d: &Drawing<'_>) -> String {
    let def = wf.def();
    let mut out = String::from("digraph {\n    rankdir = LR\n");
    for s in &def.states {
        let shape = if s.end { "doublecircle" } else { "box" };
        let fill = if d.current == Some(s.id.as_str()) {
            " style = filled fillcolor = \"#fde68a\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "    \"{}\" [ label = \"{}\" shape = {shape}{fill} ]",
            dot_text(&s.id),
            dot_text(d.text(&s.label))
        );
    }
    for ((from, to), labels) in edges(wf, d) {
        let labels: Vec<String> = labels.iter().map(|l| dot_text(l)).collect();
        let _ = writeln!(
            out,
            "    \"{}\" -> \"{}\" [ label = \"{}\" ]",
            dot_text(from),
            dot_text(to),
            labels.join("\\n")
        );
    }
    out.push_str("}\n");
    out
}

/// A DOT string's content: quotes and backslashes escaped, no line break.
fn dot_text(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace(['\r', '\n'], " ")
}
