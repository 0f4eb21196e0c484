//! Scoring: seed 003 to the digit, the other method and weights recomputed independently,
//! gaps, and rounding edges.

use std::collections::BTreeMap;

use sovereignty::{Method, Score, Seal, Weights, framework, score};

use crate::common::{card, reference, scalingo, seed_rows};

const FRAMEWORK_1_2_1: [f64; 8] = [15.0, 10.0, 10.0, 15.0, 20.0, 15.0, 10.0, 5.0];

fn score_with(method: Method, weights: &str) -> Score {
    let fw = framework();
    score(fw, &scalingo(), fw.weights(weights).unwrap(), method)
}

fn percents(s: &Score) -> Vec<f64> {
    s.objectives.iter().map(|o| o.percent.unwrap()).collect()
}

/// Every figure of the published Scalingo card (seed 003): each factor's points, maximum and SEAL,
/// each objective's percentage and SEAL, the score, the unweighted mean and the overall SEAL.
#[test]
fn scalingo_reproduces_seed_003() {
    let s = score_with(Method::Card, "calculator-2026");
    let factors: BTreeMap<&str, _> = s
        .objectives
        .iter()
        .flat_map(|o| o.factors.iter().map(|f| (f.id.as_str(), f)))
        .collect();
    let rows = seed_rows();
    assert_eq!(rows.len(), 48);
    for row in &rows {
        let f = factors[row.factor.as_str()];
        assert_eq!(
            (
                f.option,
                f.points.to_string(),
                f.max.to_string(),
                f.seal.level()
            ),
            (
                row.option,
                row.points.to_string(),
                row.max.to_string(),
                row.seal
            ),
            "{}",
            row.factor
        );
    }
    assert_eq!(
        percents(&s),
        [86.5, 95.8, 80.0, 83.2, 60.7, 60.0, 78.4, 56.3]
    );
    let seals: Vec<u8> = s
        .objectives
        .iter()
        .map(|o| o.seal.unwrap().level())
        .collect();
    assert_eq!(seals, [4, 4, 3, 3, 3, 3, 3, 3]);
    assert_eq!(s.score, Some(77.0));
    assert_eq!(s.unweighted, Some(75.1));
    assert_eq!(s.seal, Seal::new(3));
    assert_eq!(s.seal.unwrap().name(), "Digital Resilience");
    assert!(s.complete);
    assert!(s.gaps.is_empty());
}

/// The reference computation, written again from the rules and the JSON values in plain f64,
/// sharing no code with the crate: (objective percentages, score, unweighted).
fn independent(
    reference: &serde_json::Value,
    method: Method,
    weights: [f64; 8],
) -> (Vec<f64>, f64, f64) {
    let chosen: BTreeMap<String, u8> = seed_rows()
        .into_iter()
        .map(|r| (r.factor, r.option))
        .collect();
    let mut percents = Vec::new();
    for objective in reference["objectives"].as_array().unwrap() {
        let code = objective["code"].as_str().unwrap();
        let criteria = objective["criteria"].as_array().unwrap();
        let n = criteria.len() as f64;
        let (mut points, mut max) = (0.0, 0.0);
        for criterion in criteria {
            let answers = criterion["answers"].as_array().unwrap();
            let option = chosen[&format!("{code}.{}", criterion["n"])] as usize;
            match method {
                Method::Card => {
                    let factor_max = (1000.0 / n).round();
                    let fraction = (option - 1) as f64 / (answers.len() - 1) as f64;
                    points += (fraction * factor_max + 0.5).floor();
                    max += factor_max;
                }
                Method::Calculator => {
                    points += answers[option - 1]["value"].as_f64().unwrap();
                    max = 1000.0;
                }
            }
        }
        percents.push(100.0 * points / max);
    }
    let score = percents
        .iter()
        .zip(weights)
        .map(|(p, w)| p * w / 100.0)
        .sum();
    let unweighted = percents.iter().sum::<f64>() / 8.0;
    (percents, score, unweighted)
}

/// The calculator's own weights (column D), in percent.
const CALCULATOR_2026: [f64; 8] = [20.0, 10.0, 10.0, 15.0, 10.0, 15.0, 15.0, 5.0];

#[test]
fn calculator_weights_are_the_reference_calculators() {
    let Some(reference) = reference() else {
        return;
    };
    let weights: Vec<f64> = reference["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["weight"].as_f64().unwrap() * 100.0).round())
        .collect();
    assert_eq!(weights, CALCULATOR_2026);
}

/// What the rules give for seed 003 with one method and one weight set.
struct Expected {
    objectives: [f64; 8],
    score: f64,
    unweighted: f64,
    score_exact: f64,
}

/// Checks the crate's figures against the expected ones, and against the same figures
/// recomputed independently from the reference JSON (`raw_weights` in percent).
fn check(method: Method, weights: &str, raw_weights: [f64; 8], expected: Expected) {
    let what = format!("{method} {weights}");
    let s = score_with(method, weights);
    assert_eq!(percents(&s), expected.objectives, "{what}");
    assert_eq!(
        (s.score, s.unweighted),
        (Some(expected.score), Some(expected.unweighted)),
        "{what}"
    );
    assert!(
        (s.score_exact.unwrap() - expected.score_exact).abs() < 1e-9,
        "{what}"
    );
    assert_eq!(
        s.seal,
        Seal::new(3),
        "{what}: the SEAL does not depend on method or weights"
    );

    let Some(reference) = reference() else {
        return;
    };
    let (percents, score, unweighted) = independent(&reference, method, raw_weights);
    for (o, ind) in s.objectives.iter().zip(&percents) {
        assert!(
            (o.percent_exact.unwrap() - ind).abs() < 1e-9,
            "{what} {}",
            o.id
        );
        assert_eq!(
            o.percent.unwrap(),
            (ind * 10.0).round() / 10.0,
            "{what} {}",
            o.id
        );
    }
    assert!((s.score_exact.unwrap() - score).abs() < 1e-9, "{what}");
    assert!(
        (s.unweighted_exact.unwrap() - unweighted).abs() < 1e-9,
        "{what}"
    );
    assert_eq!(s.score, Some((score * 10.0).round() / 10.0), "{what}");
    assert_eq!(
        s.unweighted,
        Some((unweighted * 10.0).round() / 10.0),
        "{what}"
    );
}

const CARD_OBJECTIVES: [f64; 8] = [86.5, 95.8, 80.0, 83.2, 60.7, 60.0, 78.4, 56.3];
const CALCULATOR_OBJECTIVES: [f64; 8] = [86.4, 96.0, 80.0, 83.5, 60.8, 60.0, 78.7, 56.3];

#[test]
fn card_method_with_calculator_2026_weights() {
    let expected = Expected {
        objectives: CARD_OBJECTIVES,
        score: 77.0,
        unweighted: 75.1,
        score_exact: 77.018_031_100_635_9,
    };
    check(Method::Card, "calculator-2026", CALCULATOR_2026, expected);
}

#[test]
fn card_method_with_framework_1_2_1_weights() {
    let expected = Expected {
        objectives: CARD_OBJECTIVES,
        score: 74.8,
        unweighted: 75.1,
        score_exact: 74.845_878_253_483_05,
    };
    check(Method::Card, "framework-1.2.1", FRAMEWORK_1_2_1, expected);
}

#[test]
fn calculator_method_with_calculator_2026_weights() {
    let expected = Expected {
        objectives: CALCULATOR_OBJECTIVES,
        score: 77.1,
        unweighted: 75.2,
        score_exact: 77.1004,
    };
    check(
        Method::Calculator,
        "calculator-2026",
        CALCULATOR_2026,
        expected,
    );
}

#[test]
fn calculator_method_with_framework_1_2_1_weights() {
    let expected = Expected {
        objectives: CALCULATOR_OBJECTIVES,
        score: 74.9,
        unweighted: 75.2,
        score_exact: 74.92405,
    };
    check(
        Method::Calculator,
        "framework-1.2.1",
        FRAMEWORK_1_2_1,
        expected,
    );
}

#[test]
fn calculator_method_uses_explicit_points() {
    let s = score_with(Method::Calculator, "calculator-2026");
    let f = |id: &str| {
        s.objectives
            .iter()
            .flat_map(|o| &o.factors)
            .find(|f| f.id == id)
            .unwrap()
            .clone()
    };
    let show = |id: &str| {
        let f = f(id);
        format!("{}/{}", f.points, f.max)
    };
    assert_eq!(show("SOV-1.1"), "125.01/125.01");
    assert_eq!(show("SOV-1.6"), "62.5/125");
    assert_eq!(show("SOV-1.7"), "83/125.01");
    assert_eq!(show("SOV-5.3"), "35.75/143");
    assert_eq!(show("SOV-8.3"), "187.5/250");
}

#[test]
fn score_json_has_the_contract_keys() {
    let s = score_with(Method::Card, "calculator-2026");
    let json = serde_json::to_value(&s).unwrap();
    let keys =
        |v: &serde_json::Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    let mut top = keys(&json);
    top.sort();
    assert_eq!(
        top,
        [
            "complete",
            "gaps",
            "method",
            "objectives",
            "provider",
            "score",
            "score_exact",
            "seal",
            "unweighted",
            "unweighted_exact",
            "weights"
        ]
    );
    let mut objective = keys(&json["objectives"][0]);
    objective.sort();
    assert_eq!(
        objective,
        [
            "factors",
            "id",
            "name",
            "percent",
            "percent_exact",
            "seal",
            "weight"
        ]
    );
    let mut factor = keys(&json["objectives"][0]["factors"][0]);
    factor.sort();
    assert_eq!(factor, ["id", "label", "max", "option", "points", "seal"]);
    insta::assert_json_snapshot!("scalingo_card_method", &s);
}

#[test]
fn gaps_are_excluded_from_sums_and_minima() {
    let fw = framework();
    let mut c = scalingo();
    // SOV-5.3 earns 36/143 at SEAL-4; without it SOV-5 is 572/858.
    c.remove("SOV-5.3");
    // The SEAL-3 factors of SOV-3; SOV-3.4 alone (200/200, SEAL-4) is left.
    for id in ["SOV-3.1", "SOV-3.2", "SOV-3.3", "SOV-3.5"] {
        c.remove(id);
    }
    let s = score(fw, &c, fw.default_weights(), Method::Card);
    assert!(!s.complete);
    assert_eq!(
        s.gaps,
        ["SOV-3.1", "SOV-3.2", "SOV-3.3", "SOV-3.5", "SOV-5.3"]
    );
    let sov3 = &s.objectives[2];
    assert_eq!(
        (sov3.percent, sov3.seal, sov3.factors.len()),
        (Some(100.0), Seal::new(4), 1)
    );
    let sov5 = &s.objectives[4];
    assert_eq!(sov5.percent, Some(66.7));
    assert!((sov5.percent_exact.unwrap() - 100.0 * 572.0 / 858.0).abs() < 1e-9);
    assert_eq!(sov5.seal, Seal::new(3));
    // Calculator method: the nominal 1000 scaled to the answered share (6 of 7 factors).
    let s = score(fw, &c, fw.default_weights(), Method::Calculator);
    let sov5 = &s.objectives[4];
    let earned = 71.5 + 71.5 + 107.25 * 4.0;
    assert!((sov5.percent_exact.unwrap() - 100.0 * earned / (1000.0 * 6.0 / 7.0)).abs() < 1e-9);
}

#[test]
fn an_unanswered_objective_has_no_percentage_and_the_score_uses_the_others() {
    let fw = framework();
    let mut c = scalingo();
    for (_, f) in fw.factors().filter(|(o, _)| o.id == "SOV-8") {
        c.remove(&f.id);
    }
    let s = score(fw, &c, fw.default_weights(), Method::Card);
    let sov8 = &s.objectives[7];
    assert_eq!(
        (sov8.percent, sov8.seal, sov8.factors.len()),
        (None, None, 0)
    );
    assert_eq!(s.gaps, ["SOV-8.1", "SOV-8.2", "SOV-8.3", "SOV-8.4"]);
    // (77.018… × 100 − 5 × 56.3) / 95 and the mean of the 7 others.
    let full = score(fw, &scalingo(), fw.default_weights(), Method::Card);
    let expected = (full.score_exact.unwrap() * 100.0 - 5.0 * 56.3) / 95.0;
    assert!((s.score_exact.unwrap() - expected).abs() < 1e-9);
    let expected_mean = (full.unweighted_exact.unwrap() * 8.0 - 56.3) / 7.0;
    assert!((s.unweighted_exact.unwrap() - expected_mean).abs() < 1e-9);
}

#[test]
fn an_empty_card_has_no_figures() {
    let fw = framework();
    let s = score(fw, &card("Nobody", &[]), fw.default_weights(), Method::Card);
    assert_eq!((s.score, s.unweighted, s.seal), (None, None, None));
    assert_eq!(s.gaps.len(), 48);
    let json = serde_json::to_value(&s).unwrap();
    assert!(json["score"].is_null() && json["seal"].is_null());
}

/// A half at the second decimal, where f64 arithmetic lands on 58.04999…: shown as 58.1.
#[test]
fn score_half_tenth_rounds_up_exactly() {
    let fw = framework();
    let weights: BTreeMap<String, u32> = [
        ("SOV-1", 82),
        ("SOV-2", 0),
        ("SOV-3", 9),
        ("SOV-4", 0),
        ("SOV-5", 0),
        ("SOV-6", 6),
        ("SOV-7", 0),
        ("SOV-8", 3),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let weights = Weights::custom(fw, "edge", &weights).unwrap();
    let options: [&[u8]; 8] = [
        &[3, 3, 3, 1, 3, 5, 4, 2],
        &[1, 2, 3, 5, 5, 2],
        &[2, 4, 2, 5, 4],
        &[2, 4, 2, 1, 1, 3],
        &[4, 3, 3, 3, 3, 1, 2],
        &[4, 5, 2, 1, 5],
        &[2, 4, 1, 2, 3, 3, 2],
        &[3, 5, 5, 2],
    ];
    let ids: Vec<String> = fw.factors().map(|(_, f)| f.id.clone()).collect();
    let answers: Vec<(&str, u8)> = ids
        .iter()
        .map(String::as_str)
        .zip(options.concat())
        .collect();
    let s = score(fw, &card("Edge", &answers), &weights, Method::Card);
    assert_eq!(percents(&s)[..1], [57.3]);
    let naive: f64 = s
        .objectives
        .iter()
        .map(|o| f64::from(o.weight) * o.percent_exact.unwrap())
        .sum::<f64>()
        / 100.0;
    assert_eq!(
        (naive * 10.0).round() / 10.0,
        58.0,
        "the trap: f64 rounds this half down"
    );
    assert_eq!(s.score, Some(58.1));
}
