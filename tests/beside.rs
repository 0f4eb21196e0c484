//! Several referentials in one workspace: the IT hygiene guide assessed beside SecNumCloud, at
//! the standard or the reinforced level (`jalon referential add`), with `--referential` on the
//! grid, verdicts, findings, the plan and the form.

use crate::util::{Scratch, json};

const HYGIENE: &str = "anssi-hygiene";

fn ws(s: &Scratch, args: &[&str]) -> String {
    let mut v = vec!["-C", "ws"];
    v.extend_from_slice(args);
    s.ok(&v)
}

fn ws_run(s: &Scratch, args: &[&str]) -> (i32, String, String) {
    let mut v = vec!["-C", "ws"];
    v.extend_from_slice(args);
    s.run(&v)
}

fn grid(s: &Scratch, extra: &[&str]) -> serde_json::Value {
    let mut v = vec!["grid", "--format", "json"];
    v.extend_from_slice(extra);
    json(&ws(s, &v))
}

/// The rows of a grid, by id.
fn row<'a>(grid: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    grid["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no row {id}"))
}

#[test]
fn hygiene_beside_secnumcloud_applies_39_entries_at_standard_and_61_at_reinforced() {
    let s = Scratch::new();
    s.workspace();
    let secnumcloud_before = grid(&s, &[]);

    let added = json(&ws(
        &s,
        &[
            "referential",
            "add",
            HYGIENE,
            "--level",
            "standard",
            "--format",
            "json",
        ],
    ));
    assert_eq!(added["level"], "standard");
    assert_eq!(added["applicable"], 39);
    // The JSON keys are a contract (docs/json.md); the history file's name is not.
    let mut keys = added.clone();
    keys["file"] = "history/….ron".into();
    insta::assert_snapshot!(
        "referential_add_json",
        serde_json::to_string_pretty(&keys).unwrap()
    );
    insta::assert_snapshot!(
        "hygiene_grid_standard",
        ws(&s, &["grid", "--referential", HYGIENE])
    );
    let standard = grid(&s, &["--referential", HYGIENE]);
    assert_eq!(standard["referential"], HYGIENE);
    assert_eq!(standard["level"], "standard");
    assert_eq!(standard["summary"]["applicable"], 39);
    // A reinforced entry is out of scope, with its reason.
    let r2 = row(&standard, "2.R");
    assert_eq!(r2["applicable"], false);
    assert_eq!(
        r2["reason"],
        "reinforced level; assessed at the standard level"
    );
    // ... and a verdict on it is refused (exit 1), naming how to raise the level.
    let (code, _, err) = ws_run(
        &s,
        &[
            "assess",
            "2.R",
            "--verdict",
            "conform",
            "--referential",
            HYGIENE,
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("2.R is of the reinforced level"), "{err}");
    assert!(err.contains("--level reinforced"), "{err}");

    ws(
        &s,
        &["referential", "add", HYGIENE, "--level", "reinforced"],
    );
    let reinforced = grid(&s, &["--referential", HYGIENE]);
    assert_eq!(reinforced["level"], "reinforced");
    assert_eq!(reinforced["summary"]["applicable"], 61);
    ws(
        &s,
        &[
            "assess",
            "2.R",
            "--verdict",
            "conform",
            "--referential",
            HYGIENE,
        ],
    );
    ws(
        &s,
        &[
            "finding",
            "add",
            "--requirement",
            "38.R",
            "--severity",
            "minor",
            "--title",
            "No encrypted link to the admin network",
            "--referential",
            HYGIENE,
        ],
    );
    let hygiene = grid(&s, &["--referential", HYGIENE]);
    assert_eq!(row(&hygiene, "2.R")["verdict"], "conform");
    assert_eq!(
        row(&hygiene, "38.R")["findings"],
        serde_json::json!(["F-0001"])
    );
    assert_eq!(hygiene["summary"]["open_findings"]["minor"], 1);

    // SecNumCloud's grid is the same as before: same rows, verdicts and counts, no finding.
    let secnumcloud_after = grid(&s, &[]);
    assert_eq!(secnumcloud_after, secnumcloud_before);
    assert_eq!(secnumcloud_after["summary"]["applicable"], 374);

    // The finding is listed with its referential; the service says what is in scope.
    let listed = json(&ws(&s, &["finding", "list", "--format", "json"]));
    assert_eq!(listed["findings"][0]["referential"], HYGIENE);
    let service = json(&ws(&s, &["service", "show", "--format", "json"]));
    assert_eq!(
        service["beside"],
        serde_json::json!({HYGIENE: "reinforced"})
    );
}

#[test]
fn a_referential_not_in_scope_is_refused_and_reads_replay_the_date_it_came_in() {
    let s = Scratch::new();
    s.workspace();
    // Not in scope yet: reads say so (exit 2), writes are refused (exit 1); nothing written.
    let (code, _, err) = ws_run(&s, &["grid", "--referential", HYGIENE]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is not in the workspace's scope"), "{err}");
    assert!(err.contains("jalon referential add anssi-hygiene"), "{err}");
    let (code, _, err) = ws_run(
        &s,
        &[
            "assess",
            "1",
            "--verdict",
            "conform",
            "--referential",
            HYGIENE,
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    // The service's own referential is in scope already; an unknown one is named.
    let (code, _, err) = ws_run(&s, &["referential", "add", "secnumcloud-3.2"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("in scope already"), "{err}");
    let (code, _, err) = ws_run(&s, &["referential", "add", "hygiene-guide"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("neither embedded nor imported"), "{err}");
    let history = ws(&s, &["history", "list", "--format", "json"]);
    assert_eq!(json(&history)["entries"], serde_json::json!([]));

    ws(
        &s,
        &[
            "referential",
            "add",
            HYGIENE,
            "--level",
            "standard",
            "--date",
            "2026-10-01",
        ],
    );
    ws(
        &s,
        &[
            "assess",
            "1",
            "--verdict",
            "conform",
            "--referential",
            HYGIENE,
            "--date",
            "2026-10-02",
        ],
    );
    // Replayed before it came in, it was not in scope; after, it was, with its verdict.
    let (code, _, err) = ws_run(
        &s,
        &["grid", "--referential", HYGIENE, "--at", "2026-09-30"],
    );
    assert_eq!(code, 2, "{err}");
    let then = grid(&s, &["--referential", HYGIENE, "--at", "2026-10-02"]);
    assert_eq!(row(&then, "1")["verdict"], "conform");
    let before = grid(&s, &["--referential", HYGIENE, "--at", "2026-10-01"]);
    assert_eq!(row(&before, "1")["verdict"], "not-assessed");
    let history = ws(&s, &["history", "list"]);
    assert!(
        history.contains("referential-add anssi-hygiene standard"),
        "{history}"
    );
    assert!(
        history.contains("assess     anssi-hygiene 1 conform"),
        "{history}"
    );
}

#[test]
fn the_plan_and_the_form_have_one_part_per_referential() {
    let s = Scratch::new();
    s.workspace();
    ws(&s, &["referential", "add", HYGIENE, "--level", "standard"]);

    // A plan of its own: one item per check of its 39 standard entries; SecNumCloud's has none.
    let plan = json(&ws(
        &s,
        &[
            "plan",
            "generate",
            "--referential",
            HYGIENE,
            "--format",
            "json",
        ],
    ));
    assert_eq!(plan["items"], 39);
    let shown = json(&ws(
        &s,
        &["plan", "show", "--referential", HYGIENE, "--format", "json"],
    ));
    assert_eq!(shown["items"].as_array().unwrap().len(), 39);
    assert!(
        shown["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| !i["requirement"].as_str().unwrap().ends_with(".R"))
    );
    let (code, _, err) = ws_run(&s, &["plan", "show"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no evaluation plan yet"), "{err}");

    // The XLSX form: the evaluation form, then a sheet named after the hygiene guide.
    ws(&s, &["export", "form", "--to", "xlsx", "-o", "form.xlsx"]);
    let book = std::fs::read(s.join("form.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
    let mut workbook = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/workbook.xml").unwrap(), &mut workbook)
        .unwrap();
    assert!(
        workbook.contains("name=\"Formulaire d'évaluation\""),
        "{workbook}"
    );
    assert!(workbook.contains("name=\"anssi-hygiene\""), "{workbook}");

    // The hygiene form alone, filled in offline and read back into the hygiene verdicts.
    ws(
        &s,
        &[
            "export",
            "form",
            "--to",
            "csv",
            "--referential",
            HYGIENE,
            "-o",
            "hygiene.csv",
        ],
    );
    let mut reader = csv::Reader::from_path(s.join("hygiene.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let mut rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(
        rows.len(),
        39 + 22,
        "every entry has a row, in scope or not"
    );
    let (req, verdict) = (column("Exigence"), column("Résultat du contrôle"));
    let first = rows.iter().position(|r| &r[req] == "4").unwrap();
    let mut cells: Vec<String> = rows[first].iter().map(str::to_owned).collect();
    cells[verdict] = "non conforme".to_owned();
    rows[first] = csv::StringRecord::from(cells);
    let mut writer = csv::Writer::from_path(s.join("hygiene.csv")).unwrap();
    writer.write_record(&headers).unwrap();
    for r in &rows {
        writer.write_record(r).unwrap();
    }
    writer.flush().unwrap();
    ws(
        &s,
        &[
            "import",
            "form",
            "hygiene.csv",
            "--referential",
            HYGIENE,
            "--apply",
        ],
    );
    let hygiene = grid(&s, &["--referential", HYGIENE]);
    assert_eq!(row(&hygiene, "4")["verdict"], "nonconform");
    let secnumcloud = grid(&s, &[]);
    assert_eq!(secnumcloud["summary"]["assessed"], 0);
}

#[test]
fn the_evaluation_work_is_accepted_once_the_hygiene_guide_is_assessed_too() {
    let s = Scratch::new();
    s.workspace();
    // Put in scope when the request is accepted (the evaluation strategy names it).
    ws(
        &s,
        &[
            "referential",
            "add",
            HYGIENE,
            "--level",
            "standard",
            "--date",
            "2025-03-03",
        ],
    );
    for (e, d) in [
        ("request-submitted", "2025-01-06"),
        ("j0-accepted", "2025-03-03"),
        ("j1-accepted", "2025-06-02"),
        ("documentary-audit-done", "2025-09-01"),
        ("onsite-audit-done", "2025-10-01"),
        ("evaluation-report-delivered", "2025-10-20"),
    ] {
        s.record(e, d);
    }
    // Every applicable SecNumCloud requirement conform, in one batch.
    let applicable = |g: &serde_json::Value| -> Vec<String> {
        g["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["applicable"] == true)
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let batch = |ids: &[String], referential: &str| {
        let mut csv = "requirement,verdict,referential,date\n".to_owned();
        for id in ids {
            csv.push_str(&format!("{id},conform,{referential},2025-10-15\n"));
        }
        std::fs::write(s.join("batch.csv"), csv).unwrap();
        ws(&s, &["assess", "--batch", "batch.csv"]);
    };
    batch(&applicable(&grid(&s, &[])), "");
    // The hygiene guide's 39 entries are still to assess: J2 is refused, naming them.
    let j2 = ["journey", "record", "j2-accepted", "--date", "2025-11-03"];
    let (code, _, err) = ws_run(&s, &j2);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("39 applicable requirement(s) of cycle `initial` not assessed (all-applicable-assessed): anssi-hygiene 1, anssi-hygiene 2,"),
        "{err}"
    );
    batch(&applicable(&grid(&s, &["--referential", HYGIENE])), HYGIENE);
    ws(&s, &j2);
}
