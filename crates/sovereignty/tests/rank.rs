//! Ranking: the SEAL gates, the score ranks.

use sovereignty::{Method, Seal, framework, rank, score};

use crate::common::{all_best, card, scalingo};

#[test]
fn seal_gates_then_score_ranks() {
    let fw = framework();
    let w = fw.default_weights();
    // High score but SEAL-1 (SOV-1.1 option 2 carries SEAL-1).
    let mut gated = all_best();
    gated.header.provider = "Gated".into();
    gated
        .insert(fw, "SOV-1.1", sovereignty::Answer::option(2))
        .unwrap();
    let scores = vec![
        score(fw, &scalingo(), w, Method::Card),
        score(fw, &gated, w, Method::Card),
        score(fw, &all_best(), w, Method::Card),
        score(fw, &card("Empty", &[]), w, Method::Card),
    ];
    let ranking = rank(&scores, Seal::new(3).unwrap());
    insta::assert_json_snapshot!(ranking, @r#"
    {
      "ranking": [
        {
          "provider": "Best",
          "seal": 4,
          "score": 100.0,
          "passes": true
        },
        {
          "provider": "Scalingo",
          "seal": 3,
          "score": 77.0,
          "passes": true
        },
        {
          "provider": "Gated",
          "seal": 1,
          "score": 98.3,
          "passes": false
        },
        {
          "provider": "Empty",
          "seal": null,
          "score": null,
          "passes": false
        }
      ]
    }
    "#);
    // With no gate, the score alone orders them.
    let open: Vec<String> = rank(&scores, Seal::MIN)
        .ranking
        .into_iter()
        .map(|e| e.provider)
        .collect();
    assert_eq!(open, ["Best", "Gated", "Scalingo", "Empty"]);
}

#[test]
fn seal_parses_both_spellings() {
    assert_eq!("3".parse::<Seal>().unwrap(), Seal::new(3).unwrap());
    assert_eq!("SEAL-2".parse::<Seal>().unwrap(), Seal::new(2).unwrap());
    assert_eq!("seal-4".parse::<Seal>().unwrap().to_string(), "SEAL-4");
    assert_eq!(
        "5".parse::<Seal>().unwrap_err().to_string(),
        "\"5\" is not a SEAL level; use a number from 0 to 4."
    );
}
