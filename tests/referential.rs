//! `jalon referential`: list, show.

use crate::util::{Scratch, json};

#[test]
fn list_shows_the_embedded_referentials() {
    let s = Scratch::new();
    let text = s.ok(&["referential", "list", "--format", "json"]);
    let out = json(&text);
    let first = &out["referentials"][0];
    assert_eq!(first["id"], "secnumcloud-3.2");
    assert_eq!(first["requirements"], 425);
    assert_eq!(first["assessable"], 405);
    for key in [
        "id",
        "version",
        "source",
        "nodes",
        "requirements",
        "assessable",
    ] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
    insta::assert_snapshot!(s.ok(&["referential", "list"]));
}

#[test]
fn show_gives_structure_scope_and_checks() {
    let s = Scratch::new();
    let out = json(&s.ok(&["referential", "show", "19.6.a", "--format", "json"]));
    assert_eq!(out["chapter"], "19");
    assert_eq!(out["section"], "19.6");
    assert_eq!(out["kind"], "requirement");
    assert_eq!(
        out["applies_to"],
        serde_json::json!(["iaas", "caas", "paas", "saas"])
    );
    assert!(!out["checks"].as_array().unwrap().is_empty());
    assert_eq!(
        out["text"],
        serde_json::Value::Null,
        "no official text until imported"
    );
    let restricted = json(&s.ok(&["referential", "show", "9.5.c", "--format", "json"]));
    assert_eq!(restricted["applies_to"], serde_json::json!(["saas"]));
    insta::assert_snapshot!(s.ok(&["referential", "show", "12.3.a", "--lang", "fr"]));
}

#[test]
fn unknown_requirement_suggests_nearest_ids() {
    let s = Scratch::new();
    let (code, _, err) = s.run(&["referential", "show", "19.6.z"]);
    assert_eq!(code, 2);
    assert!(err.contains("nearest ids: 19.6.a"), "{err}");
}
