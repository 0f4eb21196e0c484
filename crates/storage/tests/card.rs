//! Sovereignty card files: the examples, every located error, the scaffold.

use std::path::Path;

use sovereignty::{Confidence, Method, Seal, framework, score};
use storage::StorageError;
use storage::card::{CardFileProblem, load_card, parse_card, read_card, scaffold};

const SCALINGO: &str = include_str!("../../../examples/sovereignty/scalingo.ron");
const ATLANTIS: &str = include_str!("../../../examples/sovereignty/atlantis-cloud-eu.ron");
const PETIT_NUAGE: &str = include_str!("../../../examples/sovereignty/petit-nuage.ron");
/// Seed 003's published figures: factor, option, points, max, SEAL, confidence.
const SEED_003: &str = include_str!("../../sovereignty/tests/data/seed-003-scalingo.csv");

fn load(name: &str, text: &str) -> sovereignty::Card {
    load_card(Path::new(name), text, framework()).unwrap_or_else(|e| panic!("{e}"))
}

fn objective_percents(s: &sovereignty::Score) -> Vec<Option<f64>> {
    s.objectives.iter().map(|o| o.percent).collect()
}

/// The example file, read through storage, reproduces every figure of the published card.
#[test]
fn scalingo_example_reproduces_seed_003() {
    let fw = framework();
    let card = load("scalingo.ron", SCALINGO);
    assert_eq!(card.header.provider, "Scalingo");
    assert_eq!(card.header.service.as_deref(), Some("PaaS"));
    let s = score(fw, &card, fw.default_weights(), Method::Card);
    let factors: Vec<_> = s.objectives.iter().flat_map(|o| &o.factors).collect();
    let rows: Vec<Vec<&str>> = SEED_003
        .lines()
        .filter(|l| l.starts_with("SOV-"))
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!((rows.len(), factors.len()), (48, 48));
    for (row, f) in rows.iter().zip(&factors) {
        let shown = [
            f.id.clone(),
            f.option.to_string(),
            f.points.to_string(),
            f.max.to_string(),
            f.seal.level().to_string(),
        ];
        assert_eq!(shown.as_slice(), &row[..5], "{}", row[0]);
        let answer = card.answer(&f.id).unwrap();
        assert_eq!(
            answer.confidence.map(Confidence::as_str),
            Some(row[5]),
            "{}",
            row[0]
        );
        assert!(
            answer
                .justification
                .as_deref()
                .is_some_and(|j| j.len() > 10),
            "{}",
            row[0]
        );
        assert!(answer.sources.iter().all(|s| s.starts_with("https://")));
    }
    let expected = [86.5, 95.8, 80.0, 83.2, 60.7, 60.0, 78.4, 56.3].map(Some);
    assert_eq!(objective_percents(&s), expected);
    assert_eq!(
        (s.score, s.unweighted, s.seal),
        (Some(77.0), Some(75.1), Seal::new(3))
    );
    assert!(s.complete);
}

#[test]
fn atlantis_example_lands_at_seal_1() {
    let fw = framework();
    let s = score(
        fw,
        &load("atlantis-cloud-eu.ron", ATLANTIS),
        fw.default_weights(),
        Method::Card,
    );
    assert!(s.complete);
    assert_eq!(s.seal, Seal::new(1));
    let seals: Vec<u8> = s
        .objectives
        .iter()
        .map(|o| o.seal.unwrap().level())
        .collect();
    assert_eq!(seals, [1, 1, 1, 3, 1, 2, 1, 3]);
    assert_eq!(
        objective_percents(&s),
        [34.6, 33.5, 50.0, 50.3, 28.8, 40.0, 53.7, 68.9].map(Some)
    );
    assert_eq!((s.score, s.unweighted), (Some(43.2), Some(45.0)));
}

#[test]
fn petit_nuage_example_is_incomplete() {
    let fw = framework();
    let s = score(
        fw,
        &load("petit-nuage.ron", PETIT_NUAGE),
        fw.default_weights(),
        Method::Card,
    );
    assert!(!s.complete);
    assert_eq!(
        s.gaps,
        [
            "SOV-1.6", "SOV-1.7", "SOV-2.4", "SOV-5.1", "SOV-5.2", "SOV-5.3", "SOV-6.5", "SOV-8.1",
            "SOV-8.2", "SOV-8.3", "SOV-8.4"
        ]
    );
    assert_eq!(s.objectives[7].percent, None, "SOV-8 has no answer at all");
    assert_eq!(s.objectives[7].seal, None);
    assert_eq!(s.seal, Seal::new(1));
    assert_eq!((s.score, s.unweighted), (Some(70.8), Some(69.9)));
}

/// Loads `text` as `card.ron` and returns each problem as `line:column: message`, with the line shown.
fn problems(text: &str) -> Vec<String> {
    match load_card(Path::new("card.ron"), text, framework()) {
        Ok(_) => Vec::new(),
        Err(StorageError::Invalid(diagnostics)) => diagnostics
            .iter()
            .map(|d| format!("{d} | {}", d.line_text.as_deref().unwrap_or("").trim()))
            .collect(),
        Err(other) => vec![other.to_string()],
    }
}

fn check(text: &str, expected: &[&str]) {
    assert_eq!(problems(text), expected, "for:\n{text}");
}

#[test]
fn unknown_factor_and_out_of_range_options_name_file_line_and_range() {
    check(
        r#"(
    format: 1,
    provider: "X",
    answers: {
        "SOV-1.1": (option: 4),
        "SOV-1.9": (option: 2),
        "SOV-2.1": (option: 4),
        "SOV-3.1": (option: 0, confidence: "certain"),
    },
)"#,
        &[
            r#"card.ron:6:9: "SOV-1.9" is not a factor; SOV-1 has factors SOV-1.1 to SOV-1.8 | "SOV-1.9": (option: 2),"#,
            r#"card.ron:7:9: option 4 is out of range for SOV-2.1: choose 1 to 3 | "SOV-2.1": (option: 4),"#,
            r#"card.ron:8:9: option 0 is out of range for SOV-3.1: choose 1 to 5 | "SOV-3.1": (option: 0, confidence: "certain"),"#,
            r#"card.ron:8:9: confidence "certain" of SOV-3.1 is not "low", "medium" or "high" | "SOV-3.1": (option: 0, confidence: "certain"),"#,
        ],
    );
}

#[test]
fn duplicates_point_at_the_second_key_and_comments_are_skipped() {
    check(
        r#"(format: 1, provider: "X", answers: {
    // "SOV-9.9": (option: 1),
    "SOV-1.1": (option: 4),
    "SOV-9.9": (option: 1),
    "SOV-1.1"  : (option: 3),
})"#,
        &[
            r#"card.ron:4:5: "SOV-9.9" is not a factor; factors are SOV-1.1 to SOV-8.4 | "SOV-9.9": (option: 1),"#,
            r#"card.ron:5:5: SOV-1.1 is answered more than once; keep one answer | "SOV-1.1"  : (option: 3),"#,
        ],
    );
}

#[test]
fn format_and_syntax_errors() {
    check(
        "(format: 2, provider: \"X\")",
        &[
            "card.ron:1:2: card format 2 is not supported; this version reads format 1 | (format: 2, provider: \"X\")",
        ],
    );
    check(
        "(\n  format: 1,\n  provider: \"X\",\n  colour: \"blue\",\n)",
        &[
            "card.ron:4:3: Unexpected field named `colour` in `CardFile`, expected one of `format`, `provider`, `country`, `service`, `url`, or `answers` instead | colour: \"blue\",",
        ],
    );
    check(
        "(format: 1, provider: \"X\", answers: {\"SOV-1.1\": (option: \"4\")})",
        &[
            "card.ron:1:57: Expected integer | (format: 1, provider: \"X\", answers: {\"SOV-1.1\": (option: \"4\")})",
        ],
    );
    check(
        "(format: 1)",
        &["card.ron:1:11: Unexpected missing field named `provider` in `CardFile` | (format: 1)"],
    );
}

#[test]
fn optional_fields_need_no_some() {
    let card = load(
        "card.ron",
        r#"(format: 1, provider: "X", country: "France", answers: {"SOV-8.4": (option: 5, justification: "Green.", sources: ["https://example.org"])})"#,
    );
    assert_eq!(card.header.country.as_deref(), Some("France"));
    assert_eq!(card.header.url, None);
    let answer = card.answer("SOV-8.4").unwrap();
    assert_eq!(
        (
            answer.option,
            answer.confidence,
            answer.justification.as_deref()
        ),
        (5, None, Some("Green."))
    );
    assert_eq!(
        parse_card("(format: 1, provider: \"X\")")
            .unwrap()
            .answers
            .0
            .len(),
        0
    );
}

#[test]
fn into_card_returns_structured_problems() {
    let text = "(format: 3, provider: \"X\", answers: {\"SOV-1.1\": (option: 7)})";
    let problems = parse_card(text)
        .unwrap()
        .into_card(text, framework())
        .unwrap_err();
    assert_eq!(problems.len(), 2);
    assert_eq!(
        problems[0].problem,
        CardFileProblem::UnsupportedFormat { found: 3 }
    );
    assert!(matches!(
        &problems[1].problem,
        CardFileProblem::Answer(sovereignty::CardProblemKind::OptionOutOfRange {
            option: 7,
            options: 4,
            ..
        })
    ));
    assert_eq!(problems[1].location.map(|l| (l.line, l.col)), Some((1, 38)));
}

#[test]
fn scaffold_parses_as_a_card_with_every_factor_a_gap() {
    let fw = framework();
    let text = scaffold(fw, "Nuage \"Bleu\" // SAS");
    let card = load("new.ron", &text);
    assert_eq!(card.header.provider, "Nuage \"Bleu\" // SAS");
    assert_eq!(card.gaps(fw).len(), 48);
    for (_, f) in fw.factors() {
        assert!(
            text.contains(&format!("// \"{}\": (option: 0", f.id)),
            "{}",
            f.id
        );
    }
    // Filling one in: uncomment the line and choose an option.
    let filled = text.replace("// \"SOV-2.1\": (option: 0,", "\"SOV-2.1\": (option: 3,");
    let card = load("new.ron", &filled);
    assert_eq!(card.answer("SOV-2.1").map(|a| a.option), Some(3));
    // Uncommented but not chosen: the range is named.
    let unchosen = text.replace("// \"SOV-8.4\": (option: 0,", "\"SOV-8.4\": (option: 0,");
    let shown = problems(&unchosen);
    assert_eq!(shown.len(), 1);
    assert!(
        shown[0].contains("option 0 is out of range for SOV-8.4: choose 1 to 5"),
        "{shown:?}"
    );
    insta::assert_snapshot!("scaffold", scaffold(fw, "Example Cloud"));
}

#[test]
fn read_card_reads_through_storage() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scalingo.ron");
    std::fs::write(&path, SCALINGO).unwrap();
    let card = read_card(&path, framework()).unwrap();
    assert_eq!(card.answers().count(), 48);
    let missing = read_card(&dir.path().join("nope.ron"), framework()).unwrap_err();
    assert!(matches!(missing, StorageError::Io { .. }));
}

fn weight_problems(text: &str) -> Vec<String> {
    match storage::card::load_weights(Path::new("w.ron"), text, framework()) {
        Ok(w) => vec![format!("ok {}", w.name())],
        Err(StorageError::Invalid(diagnostics)) => {
            diagnostics.iter().map(ToString::to_string).collect()
        }
        Err(other) => vec![other.to_string()],
    }
}

#[test]
fn weights_files() {
    let valid = r#"// Our procurement weights.
{
    "SOV-1": 15, "SOV-2": 15, "SOV-3": 15, "SOV-4": 10,
    "SOV-5": 10, "SOV-6": 15, "SOV-7": 15, "SOV-8": 5,
}"#;
    assert_eq!(weight_problems(valid), ["ok w.ron"]);
    let weights = storage::card::load_weights(Path::new("w.ron"), valid, framework()).unwrap();
    assert_eq!(weights.get("SOV-1"), 15);
    assert_eq!(
        weight_problems(&valid.replace("\"SOV-8\": 5", "\"SOV-8\": 12")),
        ["w.ron: the weights sum to 107, not 100"]
    );
    assert_eq!(
        weight_problems("{\"SOV-1\": 50,\n \"SOV-9\": 50}"),
        [
            "w.ron:2:2: \"SOV-9\" is not an objective; use SOV-1 to SOV-8",
            "w.ron: SOV-2 has no weight; give it one (0 is allowed)",
            "w.ron: SOV-3 has no weight; give it one (0 is allowed)",
            "w.ron: SOV-4 has no weight; give it one (0 is allowed)",
            "w.ron: SOV-5 has no weight; give it one (0 is allowed)",
            "w.ron: SOV-6 has no weight; give it one (0 is allowed)",
            "w.ron: SOV-7 has no weight; give it one (0 is allowed)",
            "w.ron: SOV-8 has no weight; give it one (0 is allowed)",
        ]
    );
    assert_eq!(
        weight_problems(&valid.replace("\"SOV-4\": 10,", "\"SOV-4\": 10, \"SOV-1\": 0,")),
        ["w.ron:3:57: SOV-1 has more than one weight; keep one"]
    );
    assert_eq!(
        weight_problems("{\"SOV-1\": \"20\"}"),
        ["w.ron:1:10: Expected integer"]
    );
}
