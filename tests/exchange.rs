//! `jalon export oscal` and `jalon export ciso-assistant`: the demo's evaluations in the formats
//! other tools read, checked against NIST's OSCAL schemas and CISO Assistant's own library.

use std::collections::{BTreeMap, BTreeSet};

use calamine::{Reader, Xlsx, open_workbook};
use serde_json::Value;

use crate::util::{Scratch, json, reference};

const MODELS: [(&str, &str); 3] = [
    ("assessment-plan", "oscal_assessment-plan_schema.json"),
    ("assessment-results", "oscal_assessment-results_schema.json"),
    ("poam", "oscal_poam_schema.json"),
];

fn demo() -> Scratch {
    let s = Scratch::new();
    s.ok(&["demo", "d"]);
    s
}

fn export(s: &Scratch, model: &str, version: &str, extra: &[&str]) -> (Vec<u8>, Value) {
    let file = format!("{model}-{version}.json");
    let mut args = vec![
        "-C",
        "d",
        "export",
        "oscal",
        "--model",
        model,
        "--oscal-version",
        version,
        "-o",
        &file,
    ];
    args.extend_from_slice(extra);
    s.ok(&args);
    let bytes = std::fs::read(s.join(&file)).unwrap();
    let doc = json(std::str::from_utf8(&bytes).unwrap());
    (bytes, doc)
}

/// Every `uuid` defined, and every reference to one (`…-uuid`, `…-uuids`, `#…` links).
fn uuids(v: &Value, defined: &mut Vec<String>, used: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("uuid", Value::String(u)) => defined.push(u.clone()),
                    (k, Value::String(u)) if k.ends_with("-uuid") => {
                        used.insert(u.clone());
                    }
                    (k, Value::Array(us)) if k.ends_with("-uuids") => {
                        used.extend(us.iter().filter_map(|u| u.as_str().map(str::to_owned)));
                    }
                    ("href", Value::String(h)) if h.starts_with('#') => {
                        used.insert(h[1..].to_owned());
                    }
                    _ => uuids(v, defined, used),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| uuids(i, defined, used)),
        _ => {}
    }
}

#[test]
fn the_three_models_validate_against_both_oscal_schemas_and_hold_together() {
    let s = demo();
    for version in ["1.1.2", "1.2.1"] {
        for (model, schema) in MODELS {
            let (bytes, doc) = export(&s, model, version, &[]);
            // Byte-identical when exported again.
            let (again, _) = export(&s, model, version, &[]);
            assert!(bytes == again, "{model} {version}: a second export differs");
            let root = doc.as_object().unwrap().values().next().unwrap();
            assert_eq!(root["metadata"]["oscal-version"], version);
            // No duplicate UUID, no reference to a missing one.
            let (mut defined, mut used) = (Vec::new(), BTreeSet::new());
            uuids(&doc, &mut defined, &mut used);
            let unique: BTreeSet<&String> = defined.iter().collect();
            assert_eq!(
                unique.len(),
                defined.len(),
                "{model} {version}: duplicate UUIDs"
            );
            let dangling: Vec<&String> = used.iter().filter(|u| !unique.contains(u)).collect();
            assert!(
                dangling.is_empty(),
                "{model} {version}: dangling {dangling:?}"
            );
            // Against NIST's schema.
            let Some(path) = reference(&format!("oscal/schemas/v{version}/{schema}")) else {
                continue;
            };
            let schema: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
            let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
            let errors: Vec<String> = validator
                .iter_errors(&doc)
                .take(10)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(
                errors.is_empty(),
                "{model} {version}:\n{}",
                errors.join("\n")
            );
            // The check can fail: a document with a malformed UUID does not validate.
            let mut broken = doc.clone();
            if let Some(root) = broken.as_object_mut().and_then(|m| m.values_mut().next()) {
                root["uuid"] = "not-a-uuid".into();
            }
            assert!(!validator.is_valid(&broken), "{model} {version}");
        }
    }
}

#[test]
fn the_results_have_a_not_satisfied_finding_for_each_nonconform_requirement() {
    let s = demo();
    let (_, doc) = export(&s, "assessment-results", "1.2.1", &[]);
    let results = doc["assessment-results"]["results"].as_array().unwrap();
    let cycles = json(&s.ok(&["-C", "d", "cycle", "list", "--format", "json"]));
    let ids: Vec<&str> = cycles["cycles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(results.len(), ids.len(), "one result per cycle");
    let mut nonconform_seen = 0;
    for (result, id) in results.iter().zip(&ids) {
        let grid = json(&s.ok(&["-C", "d", "grid", "--cycle", id, "--format", "json"]));
        let expected: BTreeMap<String, String> = grid["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["applicable"] == true && r["verdict"] == "nonconform")
            .map(|r| {
                let id = r["id"].as_str().unwrap();
                (format!("snc-{id}_obj"), id.to_owned())
            })
            .collect();
        let not_satisfied: BTreeSet<String> = result["findings"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter(|f| f["target"]["status"]["state"] == "not-satisfied")
            .map(|f| f["target"]["target-id"].as_str().unwrap().to_owned())
            .collect();
        let expected_ids: BTreeSet<String> = expected.keys().cloned().collect();
        assert_eq!(not_satisfied, expected_ids, "cycle {id}");
        nonconform_seen += expected.len();
        // Every non-conformity the cycle holds is a risk, with its deadline once planned.
        let findings = json(&s.ok(&[
            "-C", "d", "finding", "list", "--cycle", id, "--format", "json",
        ]));
        let ncs = findings["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] != "observation")
            .count();
        let risks = result["risks"].as_array().map_or(0, Vec::len);
        assert_eq!(risks, ncs, "cycle {id}");
        // The summary report's three parts.
        let parts: Vec<&str> = result["attestations"][0]["parts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(parts, ["managerial", "organizational", "technical"]);
    }
    assert!(nonconform_seen > 0, "the demo has nonconform requirements");
    // Evidence is in the back matter with its SHA-256, as the evidence list has it.
    let evidence = json(&s.ok(&["-C", "d", "evidence", "list", "--format", "json"]));
    let resources = doc["assessment-results"]["back-matter"]["resources"]
        .as_array()
        .unwrap();
    for e in evidence["evidence"].as_array().unwrap() {
        let sha = e["sha256"].as_str().unwrap();
        assert!(
            resources
                .iter()
                .any(|r| r["rlinks"][0]["hashes"][0]["value"] == sha),
            "{sha}"
        );
    }
    // The results name the plan they follow: the assessment plan's own UUID.
    let (_, ap) = export(&s, "assessment-plan", "1.2.1", &[]);
    assert_eq!(
        doc["assessment-results"]["import-ap"]["href"],
        format!(
            "urn:uuid:{}",
            ap["assessment-plan"]["uuid"].as_str().unwrap()
        )
    );
}

#[test]
fn the_ciso_assistant_audit_table_names_the_librarys_urns() {
    let Some(library) = reference("ciso-assistant/secnumcloud-3.2.yaml") else {
        return;
    };
    let library = std::fs::read_to_string(library).unwrap();
    let urns: BTreeSet<&str> = library
        .lines()
        .filter_map(|l| {
            l.trim_start()
                .trim_start_matches("- ")
                .strip_prefix("urn: ")
        })
        .collect();
    let s = demo();
    s.ok(&["-C", "d", "export", "ciso-assistant", "-o", "audit.xlsx"]);
    let mut book: Xlsx<_> = open_workbook(s.join("audit.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), ["Sheet1"]);
    let range = book.worksheet_range("Sheet1").unwrap();
    let mut rows = range.rows();
    let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(
        header,
        [
            "urn",
            "assessable",
            "ref_id",
            "name",
            "description",
            "typical_evidence",
            "annotation",
            "compliance_result",
            "extended_result",
            "requirement_progress",
            "observations",
            "score"
        ]
    );
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (urn, assessable, result) = (
        column("urn"),
        column("assessable"),
        column("compliance_result"),
    );
    let mut non_compliant = 0;
    let mut count = 0;
    for row in rows {
        count += 1;
        let u = row[urn].to_string();
        assert!(urns.contains(u.as_str()), "{u} is not in the library");
        // A real boolean, as CISO Assistant's import needs.
        assert!(
            matches!(row[assessable], calamine::Data::Bool(_)),
            "{u}: {:?}",
            row[assessable]
        );
        let r = row[result].to_string();
        assert!(
            [
                "compliant",
                "non_compliant",
                "partially_compliant",
                "not_applicable",
                "not_assessed"
            ]
            .contains(&r.as_str()),
            "{u}: {r}"
        );
        non_compliant += usize::from(r == "non_compliant");
    }
    assert_eq!(count, 425, "every requirement entry of the referential");
    let grid = json(&s.ok(&["-C", "d", "grid", "--format", "json"]));
    assert_eq!(
        non_compliant,
        grid["summary"]["nonconform"].as_u64().unwrap() as usize
    );
    assert!(non_compliant > 0);

    // The CSV is CISO Assistant's CSV export: a byte order mark, `;`, its header.
    s.ok(&["-C", "d", "export", "ciso-assistant", "-o", "audit.csv"]);
    let csv = std::fs::read_to_string(s.join("audit.csv")).unwrap();
    assert!(
        csv.starts_with("\u{feff}urn;ref_id;name;description;typical_evidence;annotation;compliance_result;extended_result;requirement_progress;score;observations\n"),
        "{}",
        &csv[..200.min(csv.len())]
    );
}

#[test]
fn text_a_user_typed_is_inert_in_oscal_markup_and_in_the_ciso_csv() {
    let s = Scratch::new();
    s.workspace();
    let hostile =
        "<script>alert(1)</script> [click](javascript:alert(1)) ![x](http://evil.example/p.png)";
    s.ok(&[
        "-C",
        "ws",
        "finding",
        "add",
        "--requirement",
        "12.3.a",
        "--severity",
        "major",
        "--title",
        hostile,
        "--description",
        hostile,
    ]);
    s.ok(&[
        "-C",
        "ws",
        "assess",
        "12.3.a",
        "--verdict",
        "nonconform",
        "--note",
        "=HYPERLINK(\"http://evil.example\",\"x\")",
    ]);
    for model in ["assessment-results", "poam"] {
        s.ok(&[
            "-C", "ws", "export", "oscal", "--model", model, "-o", "out.json",
        ]);
        let text = std::fs::read_to_string(s.join("out.json")).unwrap();
        let doc = json(&text);
        let mut strings = Vec::new();
        collect_strings(&doc, &mut strings);
        assert!(
            strings.iter().any(|t| t.contains("alert(1)")),
            "{model}: the text is there"
        );
        // OSCAL markup is Markdown: rendered, no text gives a link, an image or HTML.
        for t in &strings {
            for event in pulldown_cmark::Parser::new(t) {
                assert!(
                    !matches!(
                        event,
                        pulldown_cmark::Event::Html(_)
                            | pulldown_cmark::Event::InlineHtml(_)
                            | pulldown_cmark::Event::Start(
                                pulldown_cmark::Tag::Link { .. }
                                    | pulldown_cmark::Tag::Image { .. }
                            )
                    ),
                    "{model}: {t}"
                );
            }
        }
    }
    s.ok(&["-C", "ws", "export", "ciso-assistant", "-o", "audit.csv"]);
    let csv = std::fs::read_to_string(s.join("audit.csv")).unwrap();
    let row = csv.lines().find(|l| l.contains(":12.3.a;")).unwrap();
    assert!(!row.contains(";=HYPERLINK"), "{row}");
}

fn collect_strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|v| collect_strings(v, out)),
        Value::Object(m) => m.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

/// The POA&M of a small workspace, whole: the shape other tools read (a contract, docs/oscal.md).
#[test]
fn a_poam_snapshot() {
    let s = Scratch::new();
    s.workspace();
    s.ok(&[
        "-C",
        "ws",
        "finding",
        "add",
        "--requirement",
        "12.3.a",
        "--check",
        "c2",
        "--severity",
        "major",
        "--title",
        "Shared hypervisors",
        "--date",
        "2026-11-02",
    ]);
    s.ok(&[
        "-C",
        "ws",
        "finding",
        "plan",
        "F-0001",
        "--action",
        "Separate the clusters",
        "--owner",
        "Head of infrastructure",
        "--due",
        "2027-01-29",
        "--date",
        "2026-11-03",
    ]);
    let out = s.ok(&[
        "-C",
        "ws",
        "export",
        "oscal",
        "--model",
        "poam",
        "--oscal-version",
        "1.1.2",
        "-o",
        "-",
    ]);
    insta::assert_snapshot!("poam_small", out);
}
