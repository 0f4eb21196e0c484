//! `jalon referential`: list, show.

use crate::util::{Scratch, json, reference};

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
    // Without --referential, the first referential that has the id: the hygiene guide's `1`.
    let hygiene = json(&s.ok(&["referential", "show", "1", "--format", "json"]));
    assert_eq!(hygiene["referential"], "anssi-hygiene");
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

#[test]
fn diff_lists_exactly_the_requirements_changed_and_removed() {
    let Some(library) = reference("ciso-assistant/secnumcloud-3.2.yaml") else {
        return;
    };
    let s = Scratch::new();
    s.workspace();
    let text = std::fs::read_to_string(&library).unwrap();
    // A copy with 6.1.g's text changed and 6.1.h removed.
    let changed = text.replacen("quel que soit le volume", "quel que soit le nombre", 1);
    assert_ne!(changed, text);
    let start = changed
        .find("    - urn: urn:intuitem:risk:req_node:secnumcloud-3.2:6.1.h\n")
        .unwrap();
    let end = start + 1 + changed[start + 1..].find("\n    - urn:").unwrap();
    let copy = format!("{}{}", &changed[..start], &changed[end..]);
    std::fs::write(s.join("next.yaml"), copy).unwrap();
    let import = |file: &str, id: &str, version: &str| {
        s.ok(&[
            "-C",
            "ws",
            "referential",
            "import",
            "--from",
            "ciso-assistant",
            file,
            "--id",
            id,
            "--version",
            version,
        ])
    };
    import(library.to_str().unwrap(), "base", "3.2");
    let out = import("next.yaml", "next", "3.3");
    assert!(out.contains("Imported next (version 3.3)"), "{out}");
    let d = json(&s.ok(&[
        "-C",
        "ws",
        "referential",
        "diff",
        "base",
        "next",
        "--format",
        "json",
    ]));
    assert_eq!(
        d,
        serde_json::json!({"added": [], "removed": ["6.1.h"], "changed": ["6.1.g"]})
    );
    let human = s.ok(&["-C", "ws", "referential", "diff", "base", "next"]);
    assert!(
        human.contains("base (version 3.2) → next (version 3.3): 0 added, 1 removed, 1 changed"),
        "{human}"
    );
    assert!(human.contains("Compared by official text"), "{human}");
    // The embedded referential against itself: nothing.
    let same = json(&s.ok(&[
        "referential",
        "diff",
        "secnumcloud-3.2",
        "secnumcloud-3.2",
        "--format",
        "json",
    ]));
    assert_eq!(
        same,
        serde_json::json!({"added": [], "removed": [], "changed": []})
    );
    let (code, _, err) = s.run(&["referential", "diff", "secnumcloud-3.2", "nope"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no referential `nope`"), "{err}");
}

#[test]
fn switching_referential_under_a_cycles_verdicts_is_refused_never_carried_silently() {
    let s = Scratch::new();
    s.workspace();
    let run = |args: &[&str]| {
        let mut v = vec!["-C", "ws"];
        v.extend_from_slice(args);
        s.run(&v)
    };
    // Before any verdict, the cycle may still choose its referential.
    let (code, _, err) = run(&["service", "referential", "anssi-hygiene"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(&["service", "referential", "secnumcloud-3.2"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(&["assess", "5.1.a", "--verdict", "conform"]);
    assert_eq!(code, 0, "{err}");
    let before = s.snapshot_tree();
    let (code, _, err) = run(&["service", "referential", "anssi-hygiene"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("cycle `initial` is evaluated against secnumcloud-3.2 (1 verdict(s))"),
        "{err}"
    );
    assert!(err.contains("next cycle opens"), "{err}");
    assert_eq!(before, s.snapshot_tree(), "nothing written");
    // On purpose, with the reason kept in history.
    let (code, _, err) = run(&[
        "service",
        "referential",
        "anssi-hygiene",
        "--force",
        "--note",
        "re-evaluated against the guide",
    ]);
    assert_eq!(code, 0, "{err}");
    let shown = json(&s.ok(&["-C", "ws", "service", "show", "--format", "json"]));
    assert_eq!(shown["referential"], "anssi-hygiene");
}

#[test]
fn the_hygiene_library_enriches_the_embedded_guide_by_default() {
    let Some(library) = reference("ciso-assistant/anssi-guide-hygiene.yaml") else {
        return;
    };
    let s = Scratch::new();
    s.workspace();
    let out = json(&s.ok(&[
        "-C",
        "ws",
        "referential",
        "import",
        "--from",
        "ciso-assistant",
        library.to_str().unwrap(),
        "--format",
        "json",
    ]));
    assert_eq!(out["id"], "anssi-hygiene");
    assert_eq!(out["enriched"], 61);
    let listed = json(&s.ok(&["-C", "ws", "referential", "list", "--format", "json"]));
    let hygiene = listed["referentials"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "anssi-hygiene")
        .unwrap();
    assert_eq!(hygiene["origin"], "embedded+imported");
    let shown = json(&s.ok(&[
        "-C",
        "ws",
        "referential",
        "show",
        "2.R",
        "--referential",
        "anssi-hygiene",
        "--format",
        "json",
    ]));
    assert!(shown["text"].is_string(), "{shown}");
}
