//! The workflow drawn as Mermaid and DOT.

use crate::common::secnumcloud;

#[test]
fn mermaid_has_every_transition_and_the_derived_expiry() {
    let d = journey::Drawing::default();
    let text = journey::mermaid(&secnumcloud(), &d);
    assert!(text.starts_with("stateDiagram-v2\n"), "{text}");
    assert!(text.contains("    [*] --> preparation\n"), "{text}");
    assert!(
        text.contains("    strategy --> evaluation: J1#58; evaluation strategy accepted\n"),
        "{text}"
    );
    assert!(
        text.contains("    qualified --> expired: (expiry)\n"),
        "{text}"
    );
    assert!(text.contains("    qualified --> [*]\n"));
    // The events that keep a journey in `evaluation` are one loop, one line each.
    let loops: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with("evaluation --> evaluation:"))
        .collect();
    assert_eq!(loops.len(), 1, "{text}");
    assert!(loops[0].matches("<br/>").count() >= 3, "{}", loops[0]);
}

#[test]
fn mermaid_in_french_with_the_current_state_highlighted() {
    let d = journey::Drawing {
        french: true,
        current: Some("evaluation"),
    };
    let text = journey::mermaid(&secnumcloud(), &d);
    assert!(text.contains("state \"Évaluation"), "{text}");
    assert!(text.contains("    class evaluation current\n"), "{text}");
}

#[test]
fn dot_is_a_digraph_with_one_labelled_edge_per_pair() {
    let d = journey::Drawing {
        french: false,
        current: Some("strategy"),
    };
    let text = journey::dot(&secnumcloud(), &d);
    assert!(text.starts_with("digraph {"), "{text}");
    assert!(text.contains(r#""qualified" [ label = "#), "{text}");
    assert!(text.contains("shape = doublecircle"), "{text}");
    assert!(
        text.contains(r#""strategy" [ label = "#) && text.contains("fillcolor"),
        "{text}"
    );
    let loops = text
        .lines()
        .filter(|l| l.contains(r#""evaluation" -> "evaluation""#))
        .count();
    assert_eq!(loops, 1, "{text}");
}
