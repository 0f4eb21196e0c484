//! The workflow drawn as Mermaid and DOT.

use crate::common::secnumcloud;

#[test]
fn mermaid_has_every_transition_and_the_derived_expiry() {
    let text = journey::mermaid(&secnumcloud());
    assert!(
        text.starts_with("stateDiagram-v2\n    [*] --> preparation\n"),
        "{text}"
    );
    assert!(text.contains("    strategy --> evaluation: j1-accepted\n"));
    assert!(text.contains("    qualified --> expired: (expiry)\n"));
    assert!(text.contains("    evaluation --> evaluation: documentary-audit-done\n"));
    assert!(text.contains("    qualified --> [*]\n"));
}

#[test]
fn dot_is_a_digraph_with_labelled_edges() {
    let text = journey::dot(&secnumcloud());
    assert!(text.starts_with("digraph {"), "{text}");
    assert!(text.contains(r#"label = "j1-accepted""#));
    assert!(text.contains(r#"label = "qualified" shape = doublecircle"#));
    assert!(text.contains(r#"label = "preparation" shape = box"#));
}
