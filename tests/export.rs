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
    // The XLSX types its cells (chapters and the order as numbers, dates as dates); read back
    // as the CSV writes them, they are the same.
    let xlsx: Vec<Vec<String>> = range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    calamine::Data::DateTime(_) => {
                        calamine::DataType::as_date(c).unwrap().to_string()
                    }
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    assert_eq!(csv, xlsx);
    let cell = |r: u32, c: u32| range.get_value((r, c)).unwrap().clone();
    assert!(
        matches!(cell(1, 0), calamine::Data::Float(_)),
        "chapter as a number"
    );
    let due = csv[0].iter().position(|h| h == "Échéance").unwrap() as u32;
    let dated = (1..range.height() as u32)
        .find(|&r| {
            !csv[r as usize][due as usize].is_empty()
                && !csv[r as usize][due as usize].contains(';')
        })
        .unwrap();
    assert!(
        matches!(cell(dated, due), calamine::Data::DateTime(_)),
        "due date as a date"
    );
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
        "-C", "d", "export", "form", "--to", "csv", "--lang", "en", "-o", "form.csv",
    ]);
    let csv = csv_rows(&s.join("form.csv"));
    assert_eq!(csv[0][..2], ["Chapter", "Requirement"]);
    let (code, _, _) = s.run(&["-C", "d", "export", "form", "--to", "pdf", "-o", "x"]);
    assert_eq!(code, 2);
}

#[test]
fn csv_is_rfc4180_by_default_and_excel_fr_on_request() {
    let s = Scratch::new();
    s.ok(&["demo", "d"]);
    let export = |extra: &[&str], file: &str| {
        let mut args = vec!["-C", "d", "export", "form", "--to", "csv", "-o", file];
        args.extend_from_slice(extra);
        s.ok(&args);
        std::fs::read(s.join(file)).unwrap()
    };
    let plain = export(&[], "plain.csv");
    let fr = export(&["--dialect", "excel-fr"], "fr.csv");
    // RFC 4180: CRLF after every record, `,` between cells, no byte order mark.
    assert!(plain.starts_with("Chapitre,Exigence,".as_bytes()));
    let lf = plain.iter().filter(|&&b| b == b'\n').count();
    let crlf = plain.windows(2).filter(|w| w == b"\r\n").count();
    assert_eq!(
        lf, crlf,
        "every line ends with CRLF (none inside a cell here)"
    );
    assert!(plain.ends_with(b"\r\n"));
    // Excel in French: the BOM first, then `;`, CRLF.
    assert!(
        fr.starts_with("\u{feff}Chapitre;Exigence;".as_bytes()),
        "{:?}",
        &fr[..40]
    );
    assert!(fr.ends_with(b"\r\n"));
    // The same cells either way.
    let read = |bytes: &[u8], delimiter: u8| -> Vec<Vec<String>> {
        let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
        csv::ReaderBuilder::new()
            .has_headers(false)
            .delimiter(delimiter)
            .from_reader(bytes)
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    };
    let cells = read(&plain, b',');
    assert_eq!(cells, read(&fr, b';'));
    assert_eq!(cells.len(), 1 + 485);
    // An unknown dialect is a usage error naming the known ones.
    let (code, _, err) = s.run(&[
        "-C",
        "d",
        "export",
        "form",
        "--to",
        "csv",
        "--dialect",
        "excel",
        "-o",
        "x.csv",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("rfc4180") && err.contains("excel-fr"), "{err}");
}
