//! Weight sets: presets and custom sets.

use std::collections::BTreeMap;

use sovereignty::{Method, WeightsError, WeightsProblem, framework, score};

use crate::common::scalingo;

fn custom(pairs: &[(&str, u32)]) -> Result<sovereignty::Weights, WeightsError> {
    let map: BTreeMap<String, u32> = pairs.iter().map(|&(k, v)| (k.to_owned(), v)).collect();
    sovereignty::Weights::custom(framework(), "mine", &map)
}

const EVEN: [(&str, u32); 8] = [
    ("SOV-1", 13),
    ("SOV-2", 13),
    ("SOV-3", 13),
    ("SOV-4", 13),
    ("SOV-5", 12),
    ("SOV-6", 12),
    ("SOV-7", 12),
    ("SOV-8", 12),
];

#[test]
fn custom_weights_must_sum_to_100() {
    let mut pairs = EVEN;
    pairs[0].1 = 20;
    let err = custom(&pairs).unwrap_err();
    assert_eq!(
        err,
        WeightsError::Invalid {
            name: "mine".into(),
            problems: vec![WeightsProblem::BadSum { sum: 107 }]
        }
    );
    assert_eq!(
        err.to_string(),
        "weights \"mine\": the weights sum to 107, not 100."
    );
}

#[test]
fn custom_weights_report_every_problem() {
    let err = custom(&[("SOV-1", 50), ("SOV-9", 30), ("sov-2", 5)]).unwrap_err();
    insta::assert_snapshot!(err.to_string(), @r#"weights "mine": "SOV-9" is not an objective; use SOV-1 to SOV-8; "sov-2" is not an objective; use SOV-1 to SOV-8; SOV-2 has no weight; give it one (0 is allowed); SOV-3 has no weight; give it one (0 is allowed); SOV-4 has no weight; give it one (0 is allowed); SOV-5 has no weight; give it one (0 is allowed); SOV-6 has no weight; give it one (0 is allowed); SOV-7 has no weight; give it one (0 is allowed); SOV-8 has no weight; give it one (0 is allowed); the weights sum to 85, not 100."#);
}

#[test]
fn custom_weights_that_equal_a_preset_score_the_same() {
    let fw = framework();
    let weights = custom(&[
        ("SOV-1", 20),
        ("SOV-2", 10),
        ("SOV-3", 10),
        ("SOV-4", 15),
        ("SOV-5", 10),
        ("SOV-6", 15),
        ("SOV-7", 15),
        ("SOV-8", 5),
    ])
    .unwrap();
    let s = score(fw, &scalingo(), &weights, Method::Card);
    assert_eq!((s.score, s.weights.as_str()), (Some(77.0), "mine"));
    let even = score(fw, &scalingo(), &custom(&EVEN).unwrap(), Method::Card);
    assert!((even.score_exact.unwrap() - even.unweighted_exact.unwrap()).abs() < 1.0);
}

#[test]
fn unknown_preset_lists_the_presets() {
    let err = framework().weights("2027").unwrap_err();
    assert_eq!(
        err.to_string(),
        "no weight preset is named \"2027\"; use one of: calculator-2026, framework-1.2.1."
    );
}
