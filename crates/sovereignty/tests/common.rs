//! Shared fixtures: the seed card's published figures and the reference calculator JSON.

use sovereignty::{AnswerInput, Card, CardHeader, framework};

/// One factor of seed 003 (Scalingo) as published.
pub struct SeedRow {
    pub factor: String,
    pub option: u8,
    pub points: u32,
    pub max: u32,
    pub seal: u8,
    #[allow(dead_code, reason = "read by the storage tests of the same file")]
    pub confidence: String,
}

pub fn seed_rows() -> Vec<SeedRow> {
    include_str!("data/seed-003-scalingo.csv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("factor,"))
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            SeedRow {
                factor: f[0].to_owned(),
                option: f[1].parse().unwrap(),
                points: f[2].parse().unwrap(),
                max: f[3].parse().unwrap(),
                seal: f[4].parse().unwrap(),
                confidence: f[5].to_owned(),
            }
        })
        .collect()
}

/// A card with these answers, which must be valid.
pub fn card(provider: &str, answers: &[(&str, u8)]) -> Card {
    let header = CardHeader {
        provider: provider.to_owned(),
        ..CardHeader::default()
    };
    let inputs = answers
        .iter()
        .map(|&(factor, option)| AnswerInput {
            factor: factor.to_owned(),
            option: i64::from(option),
            ..AnswerInput::default()
        })
        .collect();
    let (card, problems) = Card::validate(framework(), header, inputs);
    assert!(problems.is_empty(), "{problems:?}");
    card
}

/// Seed 003's answers.
pub fn scalingo() -> Card {
    let rows = seed_rows();
    let answers: Vec<(&str, u8)> = rows.iter().map(|r| (r.factor.as_str(), r.option)).collect();
    card("Scalingo", &answers)
}

/// Every factor at its best option.
pub fn all_best() -> Card {
    let fw = framework();
    let answers: Vec<(&str, u8)> = fw
        .factors()
        .map(|(_, f)| (f.id.as_str(), f.best().number))
        .collect();
    card("Best", &answers)
}

/// The Commission's calculator as transcribed (the generator's input), for independent checks.
///
/// It is not kept in this repository (the project does not copy the Commission's sentences): it is
/// read from `../shared/reference/sovereignty/` beside the workspace root. When it is absent the
/// caller skips what needs it, and says so on standard error.
#[allow(clippy::print_stderr, reason = "a skipped check says so")]
pub fn reference() -> Option<serde_json::Value> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/sovereignty/eu-csf-calculator-2026-06-01.json");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(serde_json::from_str(&text).unwrap()),
        Err(_) => {
            eprintln!(
                "skipped: the Commission's calculator {} not found",
                path.display()
            );
            None
        }
    }
}
