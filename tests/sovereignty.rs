//! `jalon sovereignty`: cards scored, rendered, ranked, scaffolded and browsed, end to end.

use std::path::Path;

use crate::util::{Scratch, json};

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/sovereignty");

/// A scratch folder holding the three example cards.
fn with_examples() -> Scratch {
    let s = Scratch::new();
    for name in ["scalingo.ron", "atlantis-cloud-eu.ron", "petit-nuage.ron"] {
        std::fs::copy(Path::new(EXAMPLES).join(name), s.join(name)).unwrap();
    }
    s
}

#[test]
fn score_reproduces_the_published_card() {
    let s = with_examples();
    let out = json(&s.ok(&["sovereignty", "score", "scalingo.ron", "--format", "json"]));
    assert_eq!(out["provider"], "Scalingo");
    assert_eq!(out["method"], "card");
    assert_eq!(out["weights"], "calculator-2026");
    assert_eq!(out["score"], 77.0);
    assert_eq!(out["unweighted"], 75.1);
    assert_eq!(out["seal"], 3);
    assert_eq!(out["complete"], true);
    let percents: Vec<f64> = out["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["percent"].as_f64().unwrap())
        .collect();
    assert_eq!(percents, [86.5, 95.8, 80.0, 83.2, 60.7, 60.0, 78.4, 56.3]);
    assert_eq!(out["objectives"][0]["factors"][1]["points"], 94);
    insta::assert_snapshot!(
        "score_human",
        s.ok(&["sovereignty", "score", "scalingo.ron"])
    );
}

#[test]
fn score_with_other_weights_and_method() {
    let s = with_examples();
    let score = |args: &[&str]| {
        let mut all = vec!["sovereignty", "score", "scalingo.ron", "--format", "json"];
        all.extend_from_slice(args);
        let out = json(&s.ok(&all));
        (
            out["score"].as_f64().unwrap(),
            out["unweighted"].as_f64().unwrap(),
        )
    };
    assert_eq!(score(&["--weights", "framework-1.2.1"]), (74.8, 75.1));
    assert_eq!(score(&["--method", "calculator"]), (77.1, 75.2));
    assert_eq!(
        score(&["--method", "calculator", "--weights", "framework-1.2.1"]),
        (74.9, 75.2)
    );
    std::fs::write(
        s.join("weights.ron"),
        "// Every objective alike, as far as integers allow.\n{\"SOV-1\": 13, \"SOV-2\": 13, \"SOV-3\": 13, \"SOV-4\": 13, \"SOV-5\": 12, \"SOV-6\": 12, \"SOV-7\": 12, \"SOV-8\": 12}\n",
    )
    .unwrap();
    let out = json(&s.ok(&[
        "sovereignty",
        "score",
        "scalingo.ron",
        "--weights",
        "weights.ron",
        "--format",
        "json",
    ]));
    assert_eq!(out["weights"], "weights.ron");
    assert_eq!(out["objectives"][0]["weight"], 13);
}

#[test]
fn bad_weights_are_refused_with_every_problem() {
    let s = with_examples();
    std::fs::write(s.join("weights.ron"), "{\"SOV-1\": 50,\n \"SOV-9\": 57}\n").unwrap();
    let (code, out, err) = s.run(&[
        "sovereignty",
        "score",
        "scalingo.ron",
        "--weights",
        "weights.ron",
    ]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.contains("weights.ron:2:2: \"SOV-9\" is not an objective"),
        "{err}"
    );
    assert!(err.contains("the weights sum to 107, not 100"), "{err}");
    let (code, _, err) = s.run(&[
        "sovereignty",
        "score",
        "scalingo.ron",
        "--weights",
        "calculator-2025",
    ]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("unknown_weights", err);
}

#[test]
fn invalid_card_names_file_line_and_range() {
    let s = Scratch::new();
    std::fs::write(
        s.join("card.ron"),
        "(\n    format: 1,\n    provider: \"X\",\n    answers: {\n        \"SOV-2.1\": (option: 4),\n        \"SOV-9.1\": (option: 1),\n    },\n)\n",
    )
    .unwrap();
    let (code, out, err) = s.run(&["sovereignty", "score", "card.ron"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.contains("card.ron:5:9: option 4 is out of range for SOV-2.1: choose 1 to 3"),
        "{err}"
    );
    assert!(
        err.contains("card.ron:6:9: \"SOV-9.1\" is not a factor; factors are SOV-1.1 to SOV-8.4"),
        "{err}"
    );
    insta::assert_snapshot!("invalid_card", err);
}

#[test]
fn card_renders_markdown_and_html_in_both_languages() {
    let s = with_examples();
    let md = s.ok(&["sovereignty", "card", "scalingo.ron"]);
    assert!(
        md.contains("| **77.0%** | 75.1% | **SEAL-3 Digital Resilience** |"),
        "{md}"
    );
    let fr = s.ok(&["sovereignty", "card", "scalingo.ron", "--lang", "fr"]);
    assert!(fr.contains("Score de souveraineté"), "{fr}");
    let written = s.ok(&[
        "sovereignty",
        "card",
        "petit-nuage.ron",
        "--to",
        "html",
        "--lang",
        "fr",
        "-o",
        "petit-nuage.html",
    ]);
    assert_eq!(
        written,
        "Wrote Petit Nuage (fictional) to petit-nuage.html.\n"
    );
    let html = std::fs::read_to_string(s.join("petit-nuage.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<html lang=\"fr\">"));
    assert!(html.contains("Fiche incomplète"));
    let calculator = s.ok(&[
        "sovereignty",
        "card",
        "scalingo.ron",
        "--method",
        "calculator",
    ]);
    assert!(calculator.contains("| **77.1%** | 75.2% |"), "{calculator}");
    // Word: the score table is a real table; the same bytes twice.
    for file in ["card.docx", "again.docx"] {
        s.ok(&[
            "sovereignty",
            "card",
            "scalingo.ron",
            "--to",
            "docx",
            "-o",
            file,
        ]);
    }
    let bytes = std::fs::read(s.join("card.docx")).unwrap();
    assert_eq!(bytes, std::fs::read(s.join("again.docx")).unwrap());
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut doc = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut doc)
        .unwrap();
    assert!(doc.contains("<w:tbl>") && doc.contains("SEAL-3"), "{doc}");
    // PDF: the same bytes twice; a binary file needs -o.
    for file in ["card.pdf", "again.pdf"] {
        s.ok(&[
            "sovereignty",
            "card",
            "scalingo.ron",
            "--to",
            "pdf",
            "-o",
            file,
        ]);
    }
    let pdf = std::fs::read(s.join("card.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(pdf, std::fs::read(s.join("again.pdf")).unwrap());
    let (code, _, err) = s.run(&["sovereignty", "card", "scalingo.ron", "--to", "pdf"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("a PDF is a binary file: give -o FILE"),
        "{err}"
    );
}

#[test]
fn rank_gates_on_seal_then_orders_by_score() {
    let s = with_examples();
    let cards = ["scalingo.ron", "atlantis-cloud-eu.ron", "petit-nuage.ron"];
    let mut args = vec!["sovereignty", "rank"];
    args.extend(cards);
    args.extend(["--min-seal", "2", "--format", "json"]);
    let out = json(&s.ok(&args));
    insta::assert_json_snapshot!("rank_json", out);
    let mut human = vec!["sovereignty", "rank", "--min-seal", "2"];
    human.extend(cards);
    let (code, out, err) = s.run(&human);
    assert_eq!(code, 0);
    insta::assert_snapshot!("rank_human", out);
    assert_eq!(
        err,
        "note: incomplete cards are ranked on their answered factors only: Petit Nuage (fictional)\n"
    );
    let (code, _, err) = s.run(&["sovereignty", "rank", "scalingo.ron", "--min-seal", "5"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn new_writes_a_scaffold_that_parses() {
    let s = Scratch::new();
    let out = s.ok(&[
        "sovereignty",
        "new",
        "--provider",
        "Nuage Bleu",
        "-o",
        "nuage.ron",
    ]);
    assert!(
        out.starts_with("Wrote a card for Nuage Bleu to nuage.ron"),
        "{out}"
    );
    let score = json(&s.ok(&["sovereignty", "score", "nuage.ron", "--format", "json"]));
    assert_eq!(score["complete"], false);
    assert_eq!(score["gaps"].as_array().unwrap().len(), 48);
    assert_eq!(score["score"], serde_json::Value::Null);
    // Never overwritten.
    let before = std::fs::read(s.join("nuage.ron")).unwrap();
    let (code, _, err) = s.run(&[
        "sovereignty",
        "new",
        "--provider",
        "Other",
        "-o",
        "nuage.ron",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("nuage.ron already exists"), "{err}");
    assert_eq!(std::fs::read(s.join("nuage.ron")).unwrap(), before);
    // Filled in by hand: one answer.
    let text = String::from_utf8(before).unwrap();
    let filled = text.replace("// \"SOV-3.4\": (option: 0,", "\"SOV-3.4\": (option: 5,");
    std::fs::write(s.join("nuage.ron"), filled).unwrap();
    let score = json(&s.ok(&["sovereignty", "score", "nuage.ron", "--format", "json"]));
    assert_eq!(score["score"], 100.0);
    assert_eq!(score["seal"], 4);
    // Without -o, on standard output.
    let printed = s.ok(&["sovereignty", "new", "--provider", "Nuage Bleu"]);
    assert_eq!(printed, text);
}

#[test]
fn factors_browse_the_framework() {
    let s = Scratch::new();
    let all = json(&s.ok(&["sovereignty", "factors", "--format", "json"]));
    let objectives = all["objectives"].as_array().unwrap();
    assert_eq!(objectives.len(), 8);
    let factors: usize = objectives
        .iter()
        .map(|o| o["factors"].as_array().unwrap().len())
        .sum();
    assert_eq!(factors, 48);
    assert_eq!(all["weights"][0]["name"], "calculator-2026");
    insta::assert_snapshot!(
        "factors_sov_5_3",
        s.ok(&["sovereignty", "factors", "SOV-5.3"])
    );
    let one = json(&s.ok(&["sovereignty", "factors", "SOV-8", "--format", "json"]));
    assert_eq!(one["objectives"][0]["factors"].as_array().unwrap().len(), 4);
    let (code, _, err) = s.run(&["sovereignty", "factors", "SOV-5.9"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean"), "{err}");
}

/// A card for the workspace's own provider that cites SecNumCloud, while the journey shows no
/// qualification; then a qualified journey with a card answering SOV-7.1 below EAL3.
#[test]
fn score_notes_where_card_and_workspace_disagree() {
    let s = Scratch::new();
    s.workspace();
    let card = |sov_7_1: u8| {
        format!(
            "(format: 1, provider: \"Example Cloud\", answers: {{\n  \"SOV-7.1\": (option: {sov_7_1}, justification: \"SecNumCloud 3.2 qualified.\"),\n  \"SOV-3.4\": (option: 5, sources: [\"https://example.org/secnumcloud\"]),\n}})\n"
        )
    };
    std::fs::write(s.join("card.ron"), card(4)).unwrap();
    let (code, _, err) = s.run(&[
        "-C",
        "ws",
        "sovereignty",
        "score",
        "card.ron",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err,
        "note: the card relies on a SecNumCloud qualification (SOV-3.4, SOV-7.1), but the workspace shows Example Compute as not qualified on 2026-11-23 (state: preparation)\n"
    );

    s.qualify("2025-01-10");
    let (_, _, err) = s.run(&["-C", "ws", "sovereignty", "score", "card.ron"]);
    assert_eq!(err, "", "qualified: card and workspace agree");
    std::fs::write(s.join("card.ron"), card(2)).unwrap();
    let (_, _, err) = s.run(&["-C", "ws", "sovereignty", "score", "card.ron"]);
    assert_eq!(
        err,
        "note: the workspace shows Example Compute as SecNumCloud-qualified until 2028-01-10, but the card answers SOV-7.1 with 2. EAL1; SecNumCloud is read as option 4 (EAL3)\n"
    );

    // Another provider's card is not compared; outside a workspace nothing is said.
    std::fs::copy(
        Path::new(EXAMPLES).join("scalingo.ron"),
        s.join("scalingo.ron"),
    )
    .unwrap();
    let (_, _, err) = s.run(&["-C", "ws", "sovereignty", "score", "scalingo.ron"]);
    assert_eq!(
        err,
        "note: this workspace tracks Example Cloud (Example Compute); the card is about Scalingo, so they were not compared\n"
    );
    let (_, _, err) = s.run(&["sovereignty", "score", "scalingo.ron"]);
    assert_eq!(err, "");
}

#[test]
fn help_of_every_sovereignty_command() {
    let s = Scratch::new();
    for sub in ["", "score", "card", "rank", "new", "factors", "import"] {
        let mut args = vec!["sovereignty"];
        if !sub.is_empty() {
            args.push(sub);
        }
        args.push("--help");
        let name = if sub.is_empty() {
            "help_sovereignty".to_owned()
        } else {
            format!("help_sovereignty_{sub}")
        };
        insta::assert_snapshot!(name, s.ok(&args));
    }
}

/// The Commission's calculator as transcribed to JSON, kept outside the repository (the project
/// does not copy its sentences), or `None` after saying the test is skipped.
fn reference_calculator() -> Option<std::path::PathBuf> {
    crate::util::reference("sovereignty/eu-csf-calculator-2026-06-01.json")
}

/// Lower-case words, punctuation dropped: "EU/EEA legal" → ["eu", "eea", "legal"].
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// No run of eight consecutive words of the Commission's descriptions and labels appears in any
/// file the repository tracks: the project words its own texts and imports the official ones.
#[test]
fn no_sentence_of_the_commissions_texts_is_tracked() {
    let Some(path) = reference_calculator() else {
        return;
    };
    let reference: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut texts: Vec<&str> = Vec::new();
    for o in reference["objectives"].as_array().unwrap() {
        texts.extend(o["description"].as_str());
        for c in o["criteria"].as_array().unwrap() {
            texts.extend(c["description"].as_str());
            for a in c["answers"].as_array().unwrap() {
                texts.extend(a["label"].as_str());
            }
        }
    }
    assert_eq!(texts.len(), 8 + 48 + 233, "descriptions and labels read");
    const RUN: usize = 8;
    let runs: std::collections::HashSet<Vec<String>> = texts
        .iter()
        .flat_map(|t| {
            let w = words(t);
            w.windows(RUN).map(<[String]>::to_vec).collect::<Vec<_>>()
        })
        .collect();
    assert!(!runs.is_empty());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let listed = std::process::Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(root)
        .output()
        .expect("git runs");
    assert!(listed.status.success(), "git ls-files failed");
    let mut found = Vec::new();
    let mut read = 0;
    for file in listed.stdout.split(|&b| b == 0).filter(|f| !f.is_empty()) {
        let file = String::from_utf8_lossy(file).into_owned();
        // A file removed from the work tree but still in the index is not text anyone reads.
        let Ok(bytes) = std::fs::read(root.join(&file)) else {
            continue;
        };
        // Binary files (images, fonts, PDFs) hold no sentences.
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        if text.contains('\0') {
            continue;
        }
        read += 1;
        for run in words(text).windows(RUN) {
            if runs.contains(run) {
                found.push(format!("{file}: {}", run.join(" ")));
                break;
            }
        }
    }
    assert!(read > 100, "only {read} tracked text files read");
    assert!(
        found.is_empty(),
        "the Commission's wording is copied in {} files (first run of each):\n{}",
        found.len(),
        found.join("\n")
    );
}

/// The label a card shows for `factor`'s option `number`: "4. …", as `factors --format json` gives it.
fn shown_label(factors: &serde_json::Value, factor: &str, number: u64) -> String {
    let option = factors["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["factors"].as_array().unwrap())
        .find(|f| f["id"] == factor)
        .and_then(|f| {
            f["options"]
                .as_array()
                .unwrap()
                .iter()
                .find(|o| o["number"] == number)
        })
        .unwrap_or_else(|| panic!("{factor} option {number}"))
        .clone();
    match option["label"].as_str() {
        Some(label) => format!("{number}. {label}"),
        None => format!("{number}."),
    }
}

/// Every answered factor's row of the Scalingo card shows `label(factor, option)` as its value,
/// and the card's figures are the published ones.
fn check_scalingo_card(s: &Scratch, args: &[&str], label: impl Fn(&str, u64) -> String) {
    let mut all = args.to_vec();
    all.extend(["sovereignty", "card", "scalingo.ron"]);
    let card = s.ok(&all);
    assert!(
        card.contains("| **77.0%** | 75.1% | **SEAL-3 Digital Resilience** |"),
        "{card}"
    );
    let mut all = args.to_vec();
    all.extend(["sovereignty", "score", "scalingo.ron", "--format", "json"]);
    let score = json(&s.ok(&all));
    assert_eq!(
        (&score["score"], &score["unweighted"], &score["seal"]),
        (&77.0.into(), &75.1.into(), &3.into())
    );
    let mut all = args.to_vec();
    all.extend(["sovereignty", "factors", "--format", "json"]);
    let factors = json(&s.ok(&all));
    let name = |id: &str| {
        factors["objectives"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|o| o["factors"].as_array().unwrap())
            .find(|f| f["id"] == id)
            .unwrap()["name"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let mut rows = 0;
    for objective in score["objectives"].as_array().unwrap() {
        for factor in objective["factors"].as_array().unwrap() {
            let id = factor["id"].as_str().unwrap();
            let option = factor["option"].as_u64().unwrap();
            let expected = label(id, option);
            assert_eq!(
                factor["label"],
                expected.split_once(". ").map_or("", |(_, l)| l)
            );
            let row = format!("| {id} | {} | {expected} |", name(id));
            assert!(card.contains(&row), "{row} not in the card:\n{card}");
            rows += 1;
        }
    }
    assert_eq!(rows, 48);
}

/// Without an import, cards show jalon's wording; after `sovereignty import` of the Commission's
/// calculator, the official labels (their "N. " dropped, the number shown by jalon), with the
/// same figures: 77.0 %, 75.1 %, SEAL-3 for the published Scalingo card (seed 003).
#[test]
fn import_shows_the_official_labels_with_the_same_scores() {
    let s = with_examples();
    s.workspace();
    let ours = json(&s.ok(&["-C", "ws", "sovereignty", "factors", "--format", "json"]));
    assert_eq!(ours["wording"], "jalon");
    check_scalingo_card(&s, &["-C", "ws"], |f, n| shown_label(&ours, f, n));
    let card = s.ok(&["-C", "ws", "sovereignty", "card", "scalingo.ron"]);
    assert!(card.contains("texts: jalon's own wording."), "{card}");

    let Some(calculator) = reference_calculator() else {
        return;
    };
    let calculator = calculator.display().to_string();
    let out = s.ok(&["-C", "ws", "sovereignty", "import", &calculator]);
    assert!(
        out.contains("235 options (233 labelled), into sovereignty/eu-csf.ron."),
        "{out}"
    );
    let reference: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&calculator).unwrap()).unwrap();
    let official = |factor: &str, number: u64| {
        let (objective, n) = factor.rsplit_once('.').unwrap();
        let o = reference["objectives"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["code"] == objective)
            .unwrap();
        let c = o["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["n"] == n.parse::<u64>().unwrap())
            .unwrap();
        match c["answers"][number as usize - 1]["label"].as_str() {
            Some(label) => {
                let label = label.strip_prefix(&format!("{number}. ")).unwrap_or(label);
                format!("{number}. {label}")
            }
            None => format!("{number}."),
        }
    };
    check_scalingo_card(&s, &["-C", "ws"], official);
    let card = s.ok(&["-C", "ws", "sovereignty", "card", "scalingo.ron"]);
    assert!(
        card.contains("texts: the Commission's, imported."),
        "{card}"
    );
    // The card's own wording differs from the official one (else this test could not fail).
    assert_ne!(official("SOV-1.1", 4), shown_label(&ours, "SOV-1.1", 4));
    let factors = json(&s.ok(&[
        "-C",
        "ws",
        "sovereignty",
        "factors",
        "SOV-6.5",
        "--format",
        "json",
    ]));
    assert_eq!(factors["wording"], "official");
    assert_eq!(
        factors["objectives"][0]["factors"][0]["description"],
        reference["objectives"][5]["criteria"][4]["description"]
    );
    // Outside the workspace, jalon's wording again; the import is in history and verifies.
    check_scalingo_card(&s, &[], |f, n| shown_label(&ours, f, n));
    let history = s.ok(&["-C", "ws", "history", "list"]);
    assert!(history.contains("eu-csf"), "{history}");
    let verified = s.ok(&["-C", "ws", "verify"]);
    assert!(verified.contains("sovereignty/eu-csf.ron"), "{verified}");
    // verify reads the kept texts: a broken file is named.
    let kept = s.join("ws/sovereignty/eu-csf.ron");
    let text = std::fs::read_to_string(&kept).unwrap();
    std::fs::write(&kept, &text[..text.len() / 2]).unwrap();
    let (code, out, _) = s.run(&["-C", "ws", "verify"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("sovereignty/eu-csf.ron:"), "{out}");
}

#[test]
fn a_broken_workspace_around_does_not_stop_scoring_a_card() {
    let s = with_examples();
    std::fs::write(s.join("jalon.ron"), "(format: 1, provider: ").unwrap();
    let (code, out, err) = s.run(&["sovereignty", "score", "scalingo.ron", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("the workspace around does not open"), "{err}");
    assert_eq!(json(&out)["provider"], "Scalingo");
    // Named with -C, it is an error.
    let (code, _, err) = s.run(&["-C", ".", "sovereignty", "score", "scalingo.ron"]);
    assert_eq!(code, 2, "{err}");
}

/// A card answering SOV-8.2 with option 2 or 4 (the two options the Commission's calculator labels
/// alike, with SEAL-0 and SEAL-4) carries the data note, in the card's language and escaped for
/// its format; option 3 does not.
#[test]
fn the_same_label_note_is_on_cards_choosing_sov_8_2_option_2_or_4() {
    let s = Scratch::new();
    for option in [2, 3, 4] {
        std::fs::write(
            s.join(&format!("card-{option}.ron")),
            format!("(format: 1, provider: \"P\", answers: {{\"SOV-8.2\": (option: {option})}})\n"),
        )
        .unwrap();
    }
    let card = |option: u8, format: &str, lang: &str| {
        s.ok(&[
            "sovereignty",
            "card",
            &format!("card-{option}.ron"),
            "--format",
            format,
            "--lang",
            lang,
        ])
    };
    for option in [2, 4] {
        let md = card(option, "md", "en");
        assert!(
            md.contains(&format!(
                "*Note, SOV-8.2 option {option}:* In the Commission's calculator, options 2 and 4 of this factor bear the same label with different points and SEALs (SEAL-0 and SEAL-4): choose by number, not by label."
            )),
            "{md}"
        );
        let fr = card(option, "md", "fr");
        assert!(
            fr.contains(&format!(
                "*Note, SOV-8.2 option {option}\u{a0}:* Dans le calculateur de la Commission, les options 2 et 4 de ce facteur portent le même libellé"
            )),
            "{fr}"
        );
        let html = card(option, "html", "en");
        assert!(
            html.contains(&format!(
                "<p class=\"note\"><em>Note, SOV-8.2 option {option}:</em> In the Commission&#39;s calculator"
            )),
            "{html}"
        );
    }
    let md = card(3, "md", "en");
    assert!(!md.contains("Note, SOV-8.2"), "{md}");
}

#[test]
fn a_card_written_with_o_dash_goes_to_standard_output_never_over_a_workspace_file() {
    let s = with_examples();
    let out = s.ok(&["sovereignty", "card", "scalingo.ron", "-o", "-"]);
    assert!(out.contains("Scalingo"), "{out}");
    assert!(!s.join("-").exists(), "no file named `-`");
    let pdf = s
        .jalon()
        .args([
            "sovereignty",
            "card",
            "scalingo.ron",
            "--to",
            "pdf",
            "-o",
            "-",
        ])
        .output()
        .unwrap();
    assert!(pdf.status.success());
    assert!(
        pdf.stdout.starts_with(b"%PDF"),
        "the PDF on standard output"
    );
    s.workspace();
    let before = std::fs::read(s.join("ws/jalon.ron")).unwrap();
    let (code, _, err) = s.run(&[
        "-C",
        "ws",
        "sovereignty",
        "card",
        "scalingo.ron",
        "-o",
        "ws/jalon.ron",
    ]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        std::fs::read(s.join("ws/jalon.ron")).unwrap(),
        before,
        "jalon.ron untouched"
    );
}
