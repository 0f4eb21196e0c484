//! `jalon import form`: an evaluation form exported, filled in offline and read back.

use calamine::{Reader, Xlsx, open_workbook};

use crate::util::{Scratch, json};

const EVALUATOR: &str = "evaluator@cesti-exemple.example";

/// The demo workspace, as its evaluator works in it.
fn demo() -> Scratch {
    let s = Scratch::new();
    s.ok(&["demo", "d"]);
    s
}

fn run_as(s: &Scratch, args: &[&str]) -> (i32, String, String) {
    let mut v = vec!["-C", "d", "--as", EVALUATOR];
    v.extend_from_slice(args);
    s.run(&v)
}

fn ok_as(s: &Scratch, args: &[&str]) -> String {
    let (code, out, err) = run_as(s, args);
    assert_eq!(code, 0, "jalon {args:?} failed:\n{err}");
    out
}

/// Every cell of the first sheet, as text (numbers and dates as the form writes them).
fn xlsx_table(s: &Scratch, file: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = open_workbook(s.join(file)).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    calamine::Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                    calamine::Data::DateTime(_) => {
                        calamine::DataType::as_date(c).unwrap().to_string()
                    }
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// The table written back as an evaluator's spreadsheet program would: every cell as text.
fn write_xlsx(s: &Scratch, file: &str, table: &[Vec<String>]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Formulaire d'évaluation").unwrap();
    for (r, row) in table.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    book.save(s.join(file)).unwrap();
}

fn column(table: &[Vec<String>], header: &str) -> usize {
    table[0].iter().position(|h| h == header).unwrap()
}

#[test]
fn twenty_results_filled_in_offline_come_back_exactly() {
    let s = demo();
    ok_as(&s, &["export", "form", "--to", "xlsx", "-o", "before.xlsx"]);
    let before = xlsx_table(&s, "before.xlsx");
    let result = column(&before, "Résultat du contrôle");
    let observation = column(&before, "Observation de l'évaluateur");
    let requirement = column(&before, "Exigence");
    // Twenty checks not assessed yet, of requirements with one check (so that no other row shows
    // the requirement's result change).
    let single = |id: &str| before[1..].iter().filter(|r| r[requirement] == id).count() == 1;
    let mut filled = before.clone();
    let mut picked = Vec::new();
    for (i, row) in filled.iter_mut().enumerate().skip(1) {
        if picked.len() < 20 && row[result].is_empty() && single(&row[requirement].clone()) {
            row[result] = "conforme".to_owned();
            row[observation] = format!("Vérifié sur pièces, ligne {}", i + 1);
            picked.push(i);
        }
    }
    assert_eq!(picked.len(), 20);
    write_xlsx(&s, "filled.xlsx", &filled);
    // Without --apply: what it would record, and nothing written.
    let tree = s.snapshot_tree();
    let dry = json(&ok_as(
        &s,
        &["import", "form", "filled.xlsx", "--format", "json"],
    ));
    assert_eq!(dry["applied"], false);
    assert_eq!(dry["changes"].as_array().unwrap().len(), 40, "{dry}");
    assert_eq!(s.snapshot_tree(), tree, "a dry run writes nothing");
    let applied = json(&ok_as(
        &s,
        &[
            "import",
            "form",
            "filled.xlsx",
            "--apply",
            "--format",
            "json",
        ],
    ));
    assert_eq!(applied["recorded"], 20, "{applied}");
    // Exported again: exactly those rows differ, with the results and observations filled in.
    ok_as(&s, &["export", "form", "--to", "xlsx", "-o", "after.xlsx"]);
    let after = xlsx_table(&s, "after.xlsx");
    assert_eq!(after.len(), before.len());
    let changed: Vec<usize> = (0..after.len())
        .filter(|&i| after[i] != before[i])
        .collect();
    assert_eq!(changed, picked);
    let assessor = column(&before, "Évaluateur");
    let on = column(&before, "Date d'évaluation");
    for &i in &picked {
        assert_eq!(after[i][result], "conforme");
        assert_eq!(after[i][observation], filled[i][observation]);
        assert_eq!(after[i][assessor], EVALUATOR);
        assert_eq!(after[i][on], crate::util::TODAY);
        // Nothing else of the row but what the verdict brings (its requirement's result, who,
        // when and the row's stamp) moved.
        let moved: Vec<&str> = (0..after[i].len())
            .filter(|&c| after[i][c] != before[i][c])
            .map(|c| before[0][c].as_str())
            .collect();
        for m in &moved {
            assert!(
                [
                    "Résultat du contrôle",
                    "Résultat de l'exigence",
                    "Observation de l'évaluateur",
                    "Évaluateur",
                    "Date d'évaluation",
                    "Empreinte de la ligne (ne pas modifier)"
                ]
                .contains(m),
                "row {i}: {m} changed"
            );
        }
    }
    // The same file again changes nothing.
    let again = json(&ok_as(
        &s,
        &["import", "form", "filled.xlsx", "--format", "json"],
    ));
    assert!(again["changes"].as_array().unwrap().is_empty(), "{again}");
}

#[test]
fn excel_fr_csv_round_trips_too() {
    let s = demo();
    ok_as(
        &s,
        &[
            "export",
            "form",
            "--to",
            "csv",
            "--dialect",
            "excel-fr",
            "-o",
            "f.csv",
        ],
    );
    let text = std::fs::read_to_string(s.join("f.csv")).unwrap();
    let mut lines: Vec<String> = text.split("\r\n").map(str::to_owned).collect();
    // The first row not assessed yet gets a result: its check-result cell is the 8th.
    let at = lines
        .iter()
        .position(|l| l.split(';').nth(7) == Some(""))
        .unwrap();
    let mut cells: Vec<&str> = lines[at].split(';').collect();
    cells[7] = "non conforme";
    lines[at] = cells.join(";");
    std::fs::write(s.join("g.csv"), lines.join("\r\n")).unwrap();
    let out = json(&ok_as(
        &s,
        &["import", "form", "g.csv", "--apply", "--format", "json"],
    ));
    assert_eq!(out["recorded"], 1, "{out}");
    assert_eq!(out["changes"][0]["to"], "non conforme");
}

#[test]
fn a_row_changed_in_the_workspace_since_the_export_is_a_conflict() {
    let s = demo();
    ok_as(&s, &["export", "form", "--to", "xlsx", "-o", "f.xlsx"]);
    let mut table = xlsx_table(&s, "f.xlsx");
    let result = column(&table, "Résultat du contrôle");
    let requirement = column(&table, "Exigence");
    let check = column(&table, "Contrôle");
    let rows: Vec<usize> = (1..table.len())
        .filter(|&i| table[i][result].is_empty())
        .take(2)
        .collect();
    for &i in &rows {
        table[i][result] = "conforme".to_owned();
    }
    write_xlsx(&s, "filled.xlsx", &table);
    // Meanwhile, someone records a verdict on the first of those checks.
    let (req, chk) = (
        table[rows[0]][requirement].clone(),
        table[rows[0]][check].clone(),
    );
    ok_as(
        &s,
        &["assess", &req, "--check", &chk, "--verdict", "nonconform"],
    );
    let (code, out, err) = run_as(
        &s,
        &[
            "import",
            "form",
            "filled.xlsx",
            "--apply",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 1, "{err}");
    let out = json(&out);
    assert_eq!(out["recorded"], 1, "the other row is recorded: {out}");
    let conflicts = out["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0]["row"], rows[0] + 1);
    assert_eq!(conflicts[0]["requirement"], req.as_str());
    assert!(
        err.contains("changed in the workspace since the form was exported"),
        "{err}"
    );
    // The workspace's verdict stands; the other row has the file's.
    ok_as(&s, &["export", "form", "--to", "xlsx", "-o", "after.xlsx"]);
    let after = xlsx_table(&s, "after.xlsx");
    assert_eq!(after[rows[0]][result], "non conforme");
    assert_eq!(after[rows[1]][result], "conforme");
}

#[test]
fn bad_rows_are_listed_with_sheet_row_and_column_and_nothing_is_written() {
    let s = demo();
    ok_as(&s, &["export", "form", "--to", "xlsx", "-o", "f.xlsx"]);
    let mut table = xlsx_table(&s, "f.xlsx");
    let result = column(&table, "Résultat du contrôle");
    let requirement = column(&table, "Exigence");
    let text = column(&table, "Texte de l'exigence");
    table[2][result] = "bof".to_owned();
    table[3][text] = "rewritten".to_owned();
    table[4][requirement] = "99.9.z".to_owned();
    table[5][result] = "conforme".to_owned();
    write_xlsx(&s, "bad.xlsx", &table);
    let tree = s.snapshot_tree();
    let (code, _, err) = run_as(&s, &["import", "form", "bad.xlsx", "--apply"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("3 problem(s); nothing was written"), "{err}");
    assert!(
        err.contains("sheet \"Formulaire d'évaluation\": row 3, column H (\"Résultat du contrôle\"): \"bof\" is not a verdict"),
        "{err}"
    );
    assert!(
        err.contains("row 4, column C (\"Texte de l'exigence\"): this column is read-only"),
        "{err}"
    );
    assert!(
        err.contains("row 5, column B (\"Exigence\"): no check"),
        "{err}"
    );
    assert_eq!(s.snapshot_tree(), tree);
    // Not a form at all.
    std::fs::write(s.join("other.csv"), "a,b\n1,2\n").unwrap();
    let (code, _, err) = run_as(&s, &["import", "form", "other.csv"]);
    assert_eq!(code, 2);
    assert!(err.contains("row 1 is not the header of a form"), "{err}");
}
