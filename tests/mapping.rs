//! `jalon referential import` of a mapping set and `jalon map`: what the grid covers of ISO/IEC
//! 27001:2022 through CISO Assistant's SecNumCloud 3.2 mapping.

use crate::util::{Scratch, json, reference};

const MAPPING: &str = "ciso-assistant/mapping-secnumcloud-3.2-to-iso27001-2022.yaml";

fn ws(s: &Scratch, args: &[&str]) -> String {
    let mut v = vec!["-C", "ws"];
    v.extend_from_slice(args);
    s.ok(&v)
}

#[test]
fn iso_27001_coverage_follows_the_verdicts_of_the_mapped_requirements() {
    let Some(file) = reference(MAPPING) else {
        return;
    };
    let file = file.display().to_string();
    let s = Scratch::new();
    s.workspace();
    let imported = json(&ws(
        &s,
        &[
            "referential",
            "import",
            "--from",
            "ciso-assistant",
            &file,
            "--format",
            "json",
        ],
    ));
    assert_eq!(imported["source"], "secnumcloud-3.2");
    assert_eq!(imported["target"], "iso27001-2022");
    assert_eq!(imported["links"], 455);
    assert_eq!(imported["controls"], 79);
    // The library names 5.2.d by its node `5;2.d` (its urn's spelling), as the embedded
    // referential records it: every link names a known requirement; every link naming a CISO
    // Assistant node (`node129`) is resolved to the embedded referential's id.
    assert_eq!(imported["unknown"], serde_json::json!([]));
    assert!(
        s.join("ws/mappings/mapping-secnumcloud-3.2-to-iso27001-2022.ron")
            .is_file()
    );
    // Recorded in history through the one write path, like an imported referential.
    let history = ws(&s, &["history", "list"]);
    assert!(
        history.lines().any(
            |l| l.contains("import ") && l.contains("mapping-secnumcloud-3.2-to-iso27001-2022")
        ),
        "{history}"
    );

    ws(&s, &["assess", "6.2.a", "--verdict", "conform"]);
    ws(&s, &["assess", "6.5.a", "--verdict", "conform"]);
    ws(&s, &["assess", "6.5.b", "--verdict", "nonconform"]);
    let out = json(&ws(
        &s,
        &["map", "--to", "iso27001-2022", "--format", "json"],
    ));
    assert_eq!(out["target"], "iso27001-2022");
    let controls = out["controls"].as_array().unwrap();
    assert_eq!(controls.len(), 79);
    let control = |id: &str| {
        controls
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("no control {id}"))
            .clone()
    };
    assert_eq!(control("A.5.3")["coverage"], "covered");
    assert_eq!(
        control("A.5.3")["requirements"],
        serde_json::json!([{"id": "6.2.a", "verdict": "conform", "applies": true}])
    );
    assert_eq!(control("A.5.8")["coverage"], "not-covered");
    assert_eq!(control("A.5.5")["coverage"], "not-assessed");
    // A.6.1 (screening) is mapped from 7.1.a.1, named `node129` in the mapping.
    let screening: Vec<String> = control("A.6.1")["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(screening.contains(&"7.1.a.1".to_owned()), "{screening:?}");
    assert_eq!(out["unknown_requirements"], serde_json::json!([]));
    let policies: Vec<String> = control("A.5.1")["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(policies.contains(&"5.2.d".to_owned()), "{policies:?}");

    // Partial: some of a control's requirements assessed, none nonconform.
    let a_5_1: Vec<String> = control("A.5.1")["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    ws(&s, &["assess", &a_5_1[0], "--verdict", "conform"]);
    let out = json(&ws(
        &s,
        &["map", "--to", "iso27001-2022", "--format", "json"],
    ));
    let a_5_1 = out["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "A.5.1")
        .unwrap();
    assert_eq!(a_5_1["coverage"], "partial");

    let human = ws(&s, &["map", "--to", "iso27001-2022"]);
    assert!(
        human.contains("79 controls: 1 covered, 1 not covered, 1 partial"),
        "{human}"
    );
    assert!(human.contains("A.5.8"), "{human}");
}

#[test]
fn map_to_a_framework_without_a_mapping_names_what_is_there() {
    let s = Scratch::new();
    s.workspace();
    let (code, _, err) = s.run(&["-C", "ws", "map", "--to", "iso27001-2022"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no imported mapping"), "{err}");
    assert!(err.contains("referential import"), "{err}");
    let Some(file) = reference(MAPPING) else {
        return;
    };
    let file = file.display().to_string();
    ws(
        &s,
        &["referential", "import", "--from", "ciso-assistant", &file],
    );
    let (code, _, err) = s.run(&["-C", "ws", "map", "--to", "iso27002"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("targets: iso27001-2022"), "{err}");
}

#[test]
fn a_mapping_linking_another_framework_is_refused_with_its_place() {
    let s = Scratch::new();
    s.workspace();
    std::fs::write(
        s.join("other.yaml"),
        "urn: urn:x:risk:library:m\nobjects:\n  requirement_mapping_set:\n    ref_id: m\n    source_framework_urn: urn:intuitem:risk:framework:secnumcloud-3.2\n    target_framework_urn: urn:intuitem:risk:framework:iso27001-2022\n    requirement_mappings:\n    - source_requirement_urn: urn:intuitem:risk:req_node:nis2:1.1\n      target_requirement_urn: urn:intuitem:risk:req_node:iso27001-2022:a.5.1\n      relationship: intersect\n",
    )
    .unwrap();
    let before = s.snapshot_tree();
    let (code, _, err) = s.run(&[
        "-C",
        "ws",
        "referential",
        "import",
        "--from",
        "ciso-assistant",
        "other.yaml",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("other.yaml:8:31:"), "{err}");
    assert!(
        err.contains("goes from secnumcloud-3.2 to iso27001-2022"),
        "{err}"
    );
    assert_eq!(before, s.snapshot_tree(), "nothing written");
}

#[test]
fn the_xlsx_form_has_a_sheet_per_mapping_with_each_controls_coverage() {
    use calamine::{Reader, Xlsx, open_workbook};
    let Some(file) = reference(MAPPING) else {
        return;
    };
    let file = file.display().to_string();
    let s = Scratch::new();
    s.workspace();
    ws(
        &s,
        &["referential", "import", "--from", "ciso-assistant", &file],
    );
    ws(&s, &["assess", "6.2.a", "--verdict", "conform"]);
    ws(
        &s,
        &[
            "export",
            "form",
            "--to",
            "xlsx",
            "--lang",
            "fr",
            "-o",
            "form.xlsx",
        ],
    );
    let mut book: Xlsx<_> = open_workbook(s.join("form.xlsx")).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.len(), 2, "{names:?}");
    assert_eq!(names[1], "iso27001-2022");
    let range = book.worksheet_range("iso27001-2022").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect();
    assert_eq!(
        rows[0],
        ["Mesure", "Couverture", "Exigences SecNumCloud et verdicts"]
    );
    assert_eq!(rows.len(), 80, "a header and 79 controls");
    let a_5_3 = rows.iter().find(|r| r[0] == "A.5.3").unwrap();
    assert_eq!(a_5_3[1], "couverte");
    assert!(a_5_3[2].starts_with("6.2.a ("), "{a_5_3:?}");
    // The form's own sheet comes first: `jalon import form` reads it back unchanged.
    assert_ne!(names[0], "iso27001-2022");

    // A second mapping to the same target gets a sheet of its own name.
    let text = std::fs::read_to_string(&file).unwrap().replace(
        "ref_id: mapping-secnumcloud-3.2-to-iso27001-2022",
        "ref_id: mapping-copy",
    );
    std::fs::write(s.join("copy.yaml"), text).unwrap();
    s.ok(&[
        "-C",
        "ws",
        "referential",
        "import",
        "--from",
        "ciso-assistant",
        "copy.yaml",
    ]);
    s.ok(&[
        "-C",
        "ws",
        "export",
        "form",
        "--to",
        "xlsx",
        "-o",
        "form2.xlsx",
    ]);
    let book: Xlsx<_> = open_workbook(s.join("form2.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names()[1..],
        ["iso27001-2022", "iso27001-2022-2"]
    );
}

#[test]
fn verify_reads_the_mapping_files_and_names_a_broken_one() {
    let Some(file) = reference(MAPPING) else {
        return;
    };
    let file = file.display().to_string();
    let s = Scratch::new();
    s.workspace();
    ws(
        &s,
        &["referential", "import", "--from", "ciso-assistant", &file],
    );
    let out = ws(&s, &["verify"]);
    assert!(
        out.contains("mappings/mapping-secnumcloud-3.2-to-iso27001-2022.ron"),
        "{out}"
    );
    let path = s.join("ws/mappings/mapping-secnumcloud-3.2-to-iso27001-2022.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("links:", "lynx:", 1)).unwrap();
    let (code, out, err) = s.run(&["-C", "ws", "verify"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("mappings/mapping-secnumcloud-3.2-to-iso27001-2022.ron:7:5:"),
        "{out}"
    );
    let (code, _, err) = s.run(&["-C", "ws", "map", "--to", "iso27001-2022"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("mappings/mapping-secnumcloud-3.2-to-iso27001-2022.ron:"),
        "{err}"
    );
}
