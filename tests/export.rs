//! `jalon export form`: the evaluation form as CSV and XLSX, the same rows in both.

use calamine::{Reader, Xlsx, open_workbook};

use crate::util::Scratch;

fn csv_rows(path: &std::path::Path) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn csv_and_xlsx_hold_the_same_rows() {
    let s = Scratch::new();
    s.ok(&["demo", "d"]);
    // The demo's initial evaluation on the day ANSSI decided: findings at every stage.
    let initial = ["--cycle", "initial", "--at", "2024-06-10"];
    let export = |format: &str, file: &str| {
        let mut args = vec!["-C", "d", "export", "form", "--format", format, "-o", file];
        args.extend(initial);
        s.ok(&args);
    };
    export("csv", "form.csv");
    export("xlsx", "form.xlsx");
    let csv = csv_rows(&s.join("form.csv"));
    let mut book: Xlsx<_> = open_workbook(s.join("form.xlsx")).unwrap();
    let names = book.sheet_names();
    assert_eq!(names, ["Formulaire d'évaluation"]);
    let range = book.worksheet_range(&names[0]).unwrap();
    let xlsx: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(csv, xlsx);
    // Same workspace, same day: the same bytes (the XLSX is stamped with today, not the clock).
    export("xlsx", "again.xlsx");
    assert_eq!(
        std::fs::read(s.join("form.xlsx")).unwrap(),
        std::fs::read(s.join("again.xlsx")).unwrap()
    );
    // One header row, then one row per check of every assessable requirement (485 in SecNumCloud 3.2).
    assert_eq!(csv[0][..3], ["Chapitre", "Exigence", "Texte de l'exigence"]);
    assert_eq!(csv.len(), 1 + 485);
    let row = csv
        .iter()
        .find(|r| r[1] == "12.3.a" && r[3] == "c2")
        .unwrap();
    assert_eq!(row[7], "non conforme");
    assert_eq!(row[9], "F-0002 (action planifiée)");
    assert_eq!(row[10], "majeure");
    assert_eq!(row[11], "E-0005", "restricted evidence is cited by id only");
    assert_eq!(row[14], "Responsable de l'infrastructure");
    assert_eq!(row[15], "2025-03-31");
    let out_of_scope = csv.iter().find(|r| r[1] == "9.5.c").unwrap();
    assert_eq!(out_of_scope[6], "s'applique uniquement à SaaS");
    let interesting: Vec<String> = csv
        .iter()
        .filter(|r| r[0] == "Chapitre" || !r[9].is_empty() || r[1] == "14.7.a" || r[1] == "11.3.a")
        .map(|r| r.join(" | "))
        .collect();
    insta::assert_snapshot!(interesting.join("\n"));
}

#[test]
fn english_form_and_bad_arguments() {
    let s = Scratch::new();
    s.ok(&["demo", "d"]);
    s.ok(&[
        "-C", "d", "export", "form", "--format", "csv", "--lang", "en", "-o", "form.csv",
    ]);
    let csv = csv_rows(&s.join("form.csv"));
    assert_eq!(csv[0][..2], ["Chapter", "Requirement"]);
    let (code, _, _) = s.run(&["-C", "d", "export", "form", "--format", "pdf", "-o", "x"]);
    assert_eq!(code, 2);
}
