//! `jalon report plan|summary`: the wiring from the workspace to the documents, the counts the
//! summary shares with `jalon grid` and `jalon finding list`, the refusal without a plan, `-o`.

use std::collections::BTreeMap;

use crate::util::{Scratch, json};

/// The demo workspace `d` (deterministic on the fixed date).
fn demo() -> Scratch {
    let s = Scratch::new();
    s.ok(&["demo", "d"]);
    s
}

fn report(s: &Scratch, args: &[&str]) -> String {
    let mut v = vec!["-C", "d", "report"];
    v.extend_from_slice(args);
    s.ok(&v)
}

/// The cells of the Markdown table row that starts with `| {first} |`.
fn row<'a>(text: &'a str, first: &str) -> Vec<&'a str> {
    let start = format!("| {first} |");
    let line = text
        .lines()
        .find(|l| l.replace("**", "").starts_with(&start))
        .unwrap_or_else(|| panic!("no row `{first}` in:\n{text}"));
    line.trim_matches('|')
        .split(" | ")
        .map(|c| c.trim().trim_matches('*'))
        .collect()
}

fn number(cell: &str) -> u64 {
    cell.parse()
        .unwrap_or_else(|_| panic!("`{cell}` is not a count"))
}

/// The managerial part counts what `jalon grid` and `jalon finding list` count.
#[test]
fn managerial_counts_equal_grid_and_finding_list() {
    let s = demo();
    let grid = json(&s.ok(&["-C", "d", "grid", "--format", "json"]));
    let findings = json(&s.ok(&["-C", "d", "finding", "list", "--format", "json"]));
    let findings = findings["findings"].as_array().expect("findings");
    let md = report(&s, &["summary", "--lang", "en"]);
    let managerial = &md[md.find("## 1. Managerial summary").expect("part 1")
        ..md.find("## 2. Organizational part").expect("part 2")];

    // Requirements: the overall line of the grid.
    let header = row(managerial, "Applicable");
    let values = managerial
        .lines()
        .skip_while(|l| !l.starts_with("| Applicable |"))
        .nth(2)
        .expect("the overall counts");
    let values: Vec<&str> = values
        .trim_matches('|')
        .split(" | ")
        .map(|c| c.trim().trim_matches('*'))
        .collect();
    let cell = |name: &str| values[header.iter().position(|h| *h == name).expect(name)];
    let summary = &grid["summary"];
    for (name, key) in [
        ("Applicable", "applicable"),
        ("Assessed", "assessed"),
        ("Conform", "conform"),
        ("Nonconform", "nonconform"),
        ("Not applicable", "not_applicable"),
        ("Inherited", "inherited"),
    ] {
        assert_eq!(
            number(cell(name)),
            summary[key].as_u64().expect(key),
            "{name}"
        );
    }
    assert_eq!(
        cell("Readiness"),
        format!("{:.1}%", summary["readiness"].as_f64().expect("readiness"))
    );

    // Findings: unresolved by severity as `jalon grid` counts open ones; by status as listed.
    let mut listed: BTreeMap<(String, String), u64> = BTreeMap::new();
    for f in findings {
        let key = (
            f["severity"].as_str().expect("severity").to_owned(),
            f["status"].as_str().expect("status").to_owned(),
        );
        *listed.entry(key).or_default() += 1;
    }
    let of = |severity: &str, status: &str| {
        listed
            .get(&(severity.to_owned(), status.to_owned()))
            .copied()
            .unwrap_or(0)
    };
    for (label, severity) in [
        ("Major non-conformity", "major"),
        ("Minor non-conformity", "minor"),
        ("Observation", "observation"),
    ] {
        let r = row(managerial, label);
        assert_eq!(
            number(r[1]),
            summary["open_findings"][severity].as_u64().expect(severity),
            "unresolved {severity}"
        );
        for (i, status) in [
            "open",
            "action-planned",
            "remediated",
            "closed",
            "withdrawn",
        ]
        .into_iter()
        .enumerate()
        {
            assert_eq!(
                number(r[2 + i]),
                of(severity, status),
                "{severity} {status}"
            );
        }
        let total: u64 = listed
            .iter()
            .filter(|((sev, _), _)| sev == severity)
            .map(|(_, n)| n)
            .sum();
        assert_eq!(number(r[7]), total, "{severity} total");
    }
    let total = row(managerial, "Total");
    assert_eq!(number(total[7]), findings.len() as u64);
}

/// Each axis part cites exactly the findings of its axis, in both languages and formats.
#[test]
fn every_finding_is_in_exactly_one_axis_part() {
    let s = demo();
    let findings = json(&s.ok(&["-C", "d", "finding", "list", "--format", "json"]));
    let ids: Vec<String> = findings["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["id"].as_str().expect("id").to_owned())
        .collect();
    for (lang, org, tech, annex) in [
        (
            "fr",
            "id=\"organizational\"",
            "id=\"technical\"",
            "id=\"evidence\"",
        ),
        (
            "en",
            "id=\"organizational\"",
            "id=\"technical\"",
            "id=\"evidence\"",
        ),
    ] {
        let html = report(&s, &["summary", "--to", "html", "--lang", lang]);
        let part = |from: &str, to: &str| {
            html[html.find(from).expect(from)..html.find(to).expect(to)].to_owned()
        };
        let (o, t) = (part(org, tech), part(tech, annex));
        for id in &ids {
            let cell = format!("<td class=\"id\">{id}</td>");
            let n = usize::from(o.contains(&cell)) + usize::from(t.contains(&cell));
            assert_eq!(n, 1, "{id} is in exactly one axis part ({lang})");
        }
    }
}

#[test]
fn plan_is_refused_before_one_is_generated() {
    let s = Scratch::new();
    s.workspace();
    let (code, out, err) = s.run(&["-C", "ws", "report", "plan", "-o", "plan.md"]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert!(!s.join("plan.md").exists(), "nothing is written");
    insta::assert_snapshot!("plan_refused_without_a_plan", err);
}

/// `-o` writes the same text as standard output, and says where.
#[test]
fn output_file_holds_what_stdout_shows() {
    let s = demo();
    for which in ["plan", "summary"] {
        for format in ["md", "html"] {
            let printed = report(
                &s,
                &[
                    which,
                    "--format",
                    format,
                    "--marking",
                    "Diffusion Restreinte",
                ],
            );
            let file = format!("{which}.{format}");
            let said = report(
                &s,
                &[
                    which,
                    "--format",
                    format,
                    "--marking",
                    "Diffusion Restreinte",
                    "-o",
                    &file,
                ],
            );
            assert_eq!(
                std::fs::read_to_string(s.join(&file)).expect("written"),
                printed
            );
            assert!(said.starts_with("Wrote the "), "{said}");
            assert!(printed.contains("Diffusion Restreinte"));
        }
    }
    insta::assert_snapshot!(
        "wrote_summary",
        report(
            &s,
            &[
                "summary",
                "--to",
                "html",
                "--lang",
                "en",
                "-o",
                "summary.html"
            ]
        )
    );
}

/// French is the default language; the default marking is the language's.
#[test]
fn french_by_default() {
    let s = demo();
    let md = report(&s, &["summary"]);
    assert!(md.starts_with("**Confidentiel**"));
    assert!(md.contains("# Rapport de synthèse d’évaluation"));
    assert!(md.contains("| Date du rapport | 23\u{a0}novembre\u{a0}2026 |"));
    let plan = report(&s, &["plan", "--lang", "en", "--marking", ""]);
    assert!(plan.starts_with("*SecNumCloud qualification (ANSSI)*"));
    assert!(plan.contains("# Evaluation plan"));
}

/// The managerial part of the demo, as a reader sees it (the full documents are snapshotted in
/// the report crate).
#[test]
fn demo_summary_managerial_part() {
    let s = demo();
    let md = report(&s, &["summary"]);
    let managerial = &md[..md.find("## 2. ").expect("part 2")];
    insta::assert_snapshot!("demo_summary_managerial_fr", managerial);
}

/// The centre's narrative: recorded by the lead evaluator, per cycle, in the summary report;
/// what is not recorded is said plainly.
#[test]
fn the_centre_narrative_is_recorded_by_the_lead_and_stated_in_the_report() {
    let s = demo();
    let lead = "lead@cesti-exemple.example";
    let ws = |args: &[&str]| {
        let mut v = vec!["-C", "d", "--as", lead];
        v.extend_from_slice(args);
        s.run(&v)
    };
    // The renewal (the current cycle) has none of it yet.
    let fr = report(&s, &["summary"]);
    assert!(fr.contains("**Avis du centre d’évaluation**\u{a0}: Le centre d’évaluation n’a pas encore enregistré son avis."), "{fr}");
    assert!(fr.contains("Le centre d’évaluation n’a enregistré aucun risque résiduel."));
    assert!(
        fr.contains("| Référence du rapport | non renseigné |"),
        "{fr}"
    );
    // Only the lead evaluator writes it.
    let (code, _, err) = s.run(&[
        "-C",
        "d",
        "--as",
        "evaluator@cesti-exemple.example",
        "report",
        "risk",
        "x",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("the lead evaluator"), "{err}");
    for args in [
        &[
            "report",
            "conclude",
            "--opinion",
            "unfavourable",
            "--justification",
            "Deux non-conformités majeures ouvertes.",
        ][..],
        &[
            "report",
            "risk",
            "Journalisation incomplète des accès d'administration.",
        ],
        &["report", "risk", "Sauvegardes non testées hors site."],
        &[
            "report",
            "recommend",
            "Tester la restauration chaque trimestre.",
        ],
        &[
            "report",
            "comment",
            "--part",
            "organizational",
            "Entretiens menés avec le RSSI et l'exploitation.",
        ],
        &[
            "report",
            "identify",
            "--reference",
            "CESTI-EX-2026-031",
            "--report-version",
            "0.9",
            "--approver",
            "Direction technique",
        ],
    ] {
        let (code, _, err) = ws(args);
        assert_eq!(code, 0, "{args:?}: {err}");
    }
    let fr = report(&s, &["summary"]);
    assert!(fr.contains("**Avis du centre d’évaluation**\u{a0}: **Défavorable**. Deux non-conformités majeures ouvertes. *(enregistré par lead@cesti-exemple.example le 23\u{a0}novembre\u{a0}2026)*"), "{fr}");
    assert!(fr.contains("- Journalisation incomplète des accès d'administration.\n- Sauvegardes non testées hors site."), "{fr}");
    assert!(fr.contains("- Tester la restauration chaque trimestre."));
    assert!(fr.contains("| Référence du rapport | CESTI-EX-2026-031 |"));
    assert!(fr.contains("| Version du rapport | 0.9 |"));
    assert!(fr.contains("| Auteur | lead@cesti-exemple.example |"));
    assert!(fr.contains("| Approbateur | Direction technique |"));
    let organizational = fr.split("## 2. ").nth(1).unwrap();
    assert!(organizational.contains("Entretiens menés avec le RSSI et l'exploitation."));
    // The team and the plan's phases, with their dates and methods.
    assert!(
        fr.contains("| Responsable d’évaluation | lead@cesti-exemple.example |"),
        "{fr}"
    );
    assert!(
        fr.contains("| Audit documentaire | 26\u{a0}octobre\u{a0}2026 |"),
        "{fr}"
    );
    // A later conclusion replaces the earlier one; in English too.
    ws(&[
        "report",
        "conclude",
        "--opinion",
        "favourable",
        "--justification",
        "Closed since.",
    ]);
    let en = report(&s, &["summary", "--lang", "en"]);
    assert!(
        en.contains("**Conclusion of the evaluation centre**: **Favourable**. Closed since."),
        "{en}"
    );
    assert!(!en.contains("Unfavourable"));
    // The initial cycle keeps its own (the demo's lead wrote it in 2024).
    let initial = report(&s, &["summary", "--cycle", "initial", "--at", "2024-06-10"]);
    assert!(initial.contains("**Favorable avec réserves**"), "{initial}");
    assert!(initial.contains("| Référence du rapport | CESTI-EX-2024-007 |"));
    // An empty text, an unknown opinion: refused, nothing written.
    let (code, _, _) = ws(&["report", "risk", "  "]);
    assert_eq!(code, 2);
    let (code, _, err) = ws(&[
        "report",
        "conclude",
        "--opinion",
        "ok",
        "--justification",
        "x",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("favourable-with-reserves"), "{err}");
}

/// The parts of a DOCX package, by name.
fn docx_parts(path: &std::path::Path) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .filter_map(|i| {
            let mut f = zip.by_index(i).unwrap();
            if f.is_dir() {
                return None;
            }
            let mut text = String::new();
            std::io::Read::read_to_string(&mut f, &mut text).ok()?;
            Some((f.name().unwrap().to_string(), text))
        })
        .collect()
}

#[test]
fn docx_summary_has_the_marking_page_numbers_and_tables_and_is_reproducible() {
    let s = demo();
    let initial = ["--cycle", "initial", "--at", "2024-06-10"];
    let write = |file: &str, extra: &[&str]| {
        let mut args = vec!["summary", "--to", "docx", "-o", file];
        args.extend_from_slice(&initial);
        args.extend_from_slice(extra);
        report(&s, &args);
        docx_parts(&s.join(file))
    };
    let parts = write("s.docx", &["--marking", "Diffusion Restreinte"]);
    let doc = &parts["word/document.xml"];
    // A4, real tables, the centre's conclusion and every non-conformity of the cycle.
    assert!(doc.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "{doc}");
    assert!(doc.matches("<w:tbl>").count() >= 10);
    assert!(doc.contains("Favorable avec réserves"));
    for id in ["F-0001", "F-0002", "F-0003", "F-0004", "F-0005"] {
        assert!(doc.contains(id), "{id} missing");
    }
    // The marking in the page header (not in the body), "n / N" fields in the footer.
    let header = parts
        .iter()
        .find(|(n, _)| n.starts_with("word/header"))
        .map(|(_, x)| x)
        .unwrap();
    assert!(header.contains("Diffusion Restreinte"));
    assert!(!doc.contains("Diffusion Restreinte"));
    let footer = parts
        .iter()
        .find(|(n, _)| n.starts_with("word/footer"))
        .map(|(_, x)| x)
        .unwrap();
    assert!(
        footer.contains("PAGE") && footer.contains("NUMPAGES"),
        "{footer}"
    );
    // Dated by the report, never the clock; the same bytes twice.
    assert!(parts["docProps/core.xml"].contains("2024-06-10T00:00:00Z"));
    write("again.docx", &["--marking", "Diffusion Restreinte"]);
    assert_eq!(
        std::fs::read(s.join("s.docx")).unwrap(),
        std::fs::read(s.join("again.docx")).unwrap()
    );
    // No marking: no header; no -o: refused (it is binary).
    let bare = write("bare.docx", &["--marking", ""]);
    assert!(!bare.keys().any(|n| n.starts_with("word/header")));
    let (code, _, err) = s.run(&["-C", "d", "report", "summary", "--to", "docx"]);
    assert_eq!(code, 2);
    assert!(err.contains("-o FILE"), "{err}");
    // What it says, paragraph by paragraph (the managerial part).
    let text: Vec<String> = doc
        .split("<w:p ")
        .skip(1)
        .map(|p| {
            p.split("<w:t xml:space=\"preserve\">")
                .skip(1)
                .map(|t| t.split("</w:t>").next().unwrap_or_default())
                .collect::<String>()
        })
        .filter(|p| !p.is_empty())
        .collect();
    // Up to the organizational part's heading (the contents list names it first).
    let end = text
        .iter()
        .enumerate()
        .filter(|(_, p)| p.starts_with("2. "))
        .nth(1)
        .map_or(text.len(), |(i, _)| i);
    insta::assert_snapshot!("docx_summary_text", text[..end].join("\n"));
    // The plan too.
    report(
        &s,
        &["plan", "--to", "docx", "-o", "p.docx", "--lang", "en"],
    );
    let plan = docx_parts(&s.join("p.docx"));
    assert!(plan["word/document.xml"].contains("<w:tbl>"));
    assert!(plan.keys().any(|n| n.starts_with("word/header")));
}

/// The text of a PDF as `pdftotext` (poppler-utils) reads it, one string per page; `None` when
/// pdftotext is not installed, except under CI (`.ci/run` installs it), where that fails.
#[allow(clippy::print_stderr)]
fn pdf_pages(path: &std::path::Path) -> Option<Vec<String>> {
    let out = match std::process::Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "pdftotext is needed under CI: {e}"
            );
            eprintln!("note: pdftotext is not installed; the PDF's text was not read back");
            return None;
        }
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    // pdftotext ends every page with a form feed.
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    Some(pages)
}

#[test]
fn pdf_summary_states_the_conclusion_and_every_non_conformity_with_marking_and_page_numbers() {
    let s = demo();
    let initial = ["--cycle", "initial", "--at", "2024-06-10"];
    let write = |file: &str, extra: &[&str]| {
        let mut args = vec!["summary", "--to", "pdf", "-o", file];
        args.extend_from_slice(&initial);
        args.extend_from_slice(extra);
        report(&s, &args);
        std::fs::read(s.join(file)).unwrap()
    };
    let bytes = write("s.pdf", &["--marking", "Diffusion Restreinte"]);
    assert!(bytes.starts_with(b"%PDF-"));
    // Dated by the report, never the clock; the same bytes twice.
    assert_eq!(
        bytes,
        write("again.pdf", &["--marking", "Diffusion Restreinte"])
    );
    assert!(String::from_utf8_lossy(&bytes).contains("D:20240610"));
    // No -o: refused (it is binary).
    let (code, _, err) = s.run(&["-C", "d", "report", "summary", "--to", "pdf"]);
    assert_eq!(code, 2);
    assert!(err.contains("-o FILE"), "{err}");
    let Some(pages) = pdf_pages(&s.join("s.pdf")) else {
        return;
    };
    let count = pages.len();
    assert!(count >= 4, "{count} pages");
    // A4, and the page count pdftotext saw is the document's (poppler's pdfinfo).
    let info = std::process::Command::new("pdfinfo")
        .arg(s.join("s.pdf"))
        .output()
        .expect("pdfinfo comes with pdftotext");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.contains("Page size:       595.28 x 841.89 pts (A4)"),
        "{info}"
    );
    assert!(
        info.contains(&format!("Pages:           {count}\n")),
        "{info}"
    );
    let all = pages.concat();
    assert!(all.contains("Favorable avec réserves"), "{all}");
    for id in ["F-0001", "F-0002", "F-0003", "F-0004", "F-0005"] {
        assert!(all.contains(id), "{id} missing");
    }
    for (n, page) in pages.iter().enumerate() {
        assert!(page.contains("Diffusion Restreinte"), "page {}", n + 1);
        assert!(
            page.contains(&format!("{} / {count}", n + 1)),
            "page {}: {page}",
            n + 1
        );
    }
    // English, and a plan too.
    write("en.pdf", &["--lang", "en"]);
    let en = pdf_pages(&s.join("en.pdf")).unwrap().concat();
    assert!(
        en.contains("Confidential") && en.contains("Favourable with reserves"),
        "{en}"
    );
    report(
        &s,
        &[
            "plan",
            "--to",
            "pdf",
            "-o",
            "plan.pdf",
            "--cycle",
            "initial",
            "--at",
            "2024-06-10",
        ],
    );
    let plan = pdf_pages(&s.join("plan.pdf")).unwrap();
    assert!(plan.concat().contains("5.1.a"));
}

#[test]
fn pdf_text_people_typed_stays_text() {
    let s = demo();
    // A finding title with markup and a very long word: shown as written, the long word cut to
    // fit the page.
    let long = "x".repeat(300);
    let title = format!("<b>bold</b> & {long}");
    let (code, _, err) = s.run(&[
        "-C",
        "d",
        "--as",
        "evaluator@cesti-exemple.example",
        "finding",
        "add",
        "--requirement",
        "8.1.a",
        "--severity",
        "minor",
        "--title",
        &title,
    ]);
    assert_eq!(code, 0, "{err}");
    report(&s, &["summary", "--to", "pdf", "-o", "t.pdf"]);
    let Some(pages) = pdf_pages(&s.join("t.pdf")) else {
        return;
    };
    let all = pages.concat();
    assert!(all.contains("<b>bold</b> &"), "{all}");
    assert!(all.contains(&"x".repeat(40)));
}

#[test]
fn a_surveillance_audit_is_appraised_by_its_own_outcome_first() {
    let s = demo();
    let failed = report(&s, &["summary", "--cycle", "surveillance-2026"]);
    let appraisal = failed
        .split("### 1.2 ")
        .nth(1)
        .and_then(|rest| rest.lines().nth(2))
        .unwrap();
    assert!(
        appraisal.starts_with("Audit de surveillance (surveillance-2026)")
            && appraisal.contains("«\u{a0}Audit de surveillance échoué\u{a0}»"),
        "{appraisal}"
    );
    assert!(
        !appraisal.contains("Le service est qualifié"),
        "{appraisal}"
    );
    // The initial evaluation's still says the decision.
    let initial = report(&s, &["summary", "--cycle", "initial", "--lang", "en"]);
    assert!(
        initial.contains("The service is qualified: decision of 10\u{a0}June\u{a0}2024"),
        "{initial}"
    );
}

#[test]
fn chapters_outside_a_surveillance_audits_scope_are_named_not_tallied() {
    let s = demo();
    let text = report(&s, &["summary", "--cycle", "surveillance-2025"]);
    // The organizational part has no chapter in this audit's scope: said, no table of zeros.
    assert!(
        text.contains(
            "Hors du périmètre de ce cycle\u{a0}: chapitres 5, 6, 7, 8, 15, 16, 17, 18 et 19."
        ),
        "{text}"
    );
    assert!(text.contains("Aucun chapitre de ce volet n’est dans le périmètre de ce cycle."));
    assert!(!text.contains("| 0 | 0 | 0 | 0 | 0 | 0 |"), "{text}");
    assert!(!text.contains("| 0,0\u{a0}% |"), "{text}");
    // The technical part tallies the chapters audited, and names the others.
    assert!(text.contains(
        "Chapitres 9, 10, 12 et 13. Hors du périmètre de ce cycle\u{a0}: chapitres 11 et 14."
    ));
}
