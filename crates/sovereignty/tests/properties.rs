//! Property tests of the scoring engine over random cards and weights.

use std::collections::BTreeMap;

use proptest::prelude::*;
use sovereignty::{Answer, Card, CardHeader, Method, Seal, Weights, framework, score};

use crate::common::all_best;

/// A card answering each factor with probability ~85 %, options drawn uniformly.
fn cards() -> impl Strategy<Value = Card> {
    proptest::collection::vec(proptest::option::weighted(0.85, 0_u8..60), 48).prop_map(|draws| {
        let fw = framework();
        let mut card = Card::new(CardHeader {
            provider: "Random".into(),
            ..CardHeader::default()
        });
        for ((_, factor), draw) in fw.factors().zip(draws) {
            if let Some(d) = draw {
                let option = d % factor.option_count() + 1;
                card.insert(fw, &factor.id, Answer::option(option)).unwrap();
            }
        }
        card
    })
}

/// Eight integer weights summing to 100 (zeros allowed).
fn weights() -> impl Strategy<Value = Weights> {
    proptest::collection::vec(0_u32..=100, 7).prop_map(|mut cuts| {
        cuts.sort_unstable();
        let fw = framework();
        let bounds: Vec<u32> = std::iter::once(0)
            .chain(cuts)
            .chain(std::iter::once(100))
            .collect();
        let values: BTreeMap<String, u32> = fw
            .objectives
            .iter()
            .zip(bounds.windows(2))
            .map(|(o, w)| (o.id.clone(), w[1] - w[0]))
            .collect();
        Weights::custom(fw, "random", &values).unwrap()
    })
}

fn methods() -> impl Strategy<Value = Method> {
    prop_oneof![Just(Method::Card), Just(Method::Calculator)]
}

#[test]
fn all_best_answers_give_100_and_seal_4() {
    let fw = framework();
    for weights in fw.presets().map(|p| &p.weights) {
        let s = score(fw, &all_best(), weights, Method::Card);
        assert_eq!(
            (s.score, s.unweighted, s.seal),
            (Some(100.0), Some(100.0), Some(Seal::MAX))
        );
        assert_eq!(s.score_exact, Some(100.0));
        assert!(s.objectives.iter().all(|o| o.percent == Some(100.0)));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn all_best_answers_give_100_with_any_weights(weights in weights()) {
        let s = score(framework(), &all_best(), &weights, Method::Card);
        prop_assert_eq!(s.score, Some(100.0));
        prop_assert_eq!(s.seal, Some(Seal::MAX));
    }

    #[test]
    fn card_scores_stay_between_0_and_100(card in cards(), weights in weights()) {
        let s = score(framework(), &card, &weights, Method::Card);
        if let Some(x) = s.score_exact {
            prop_assert!((0.0..=100.0).contains(&x));
        }
        for o in &s.objectives {
            prop_assert!(o.percent.is_none_or(|p| (0.0..=100.0).contains(&p)));
        }
    }

    /// Lowering any one answer never raises the score, an objective's percentage, or any SEAL
    /// (the SEAL part holds because no factor's SEAL decreases as its option improves: see
    /// data::seal_never_decreases_as_the_option_improves).
    #[test]
    fn lowering_one_answer_never_raises_score_or_seal(
        card in cards(),
        weights in weights(),
        method in methods(),
        pick in any::<proptest::sample::Index>(),
        lower in any::<proptest::sample::Index>(),
    ) {
        let fw = framework();
        let lowerable: Vec<(String, u8)> = card
            .answers()
            .filter(|(_, a)| a.option > 1)
            .map(|(id, a)| (id.to_owned(), a.option))
            .collect();
        prop_assume!(!lowerable.is_empty());
        let (factor, option) = &lowerable[pick.index(lowerable.len())];
        let new_option = 1 + u8::try_from(lower.index(usize::from(*option - 1))).unwrap();
        let mut lowered = card.clone();
        lowered.insert(fw, factor, Answer::option(new_option)).unwrap();

        let before = score(fw, &card, &weights, method);
        let after = score(fw, &lowered, &weights, method);
        prop_assert!(after.score_exact <= before.score_exact, "{} {} -> {}", factor, option, new_option);
        prop_assert!(after.score <= before.score);
        prop_assert!(after.unweighted_exact <= before.unweighted_exact);
        prop_assert!(after.seal <= before.seal);
        for (a, b) in after.objectives.iter().zip(&before.objectives) {
            prop_assert!(a.percent_exact <= b.percent_exact);
            prop_assert!(a.seal <= b.seal);
        }
    }

    /// Scoring is a pure function of its inputs.
    #[test]
    fn scoring_is_deterministic(card in cards(), weights in weights(), method in methods()) {
        let fw = framework();
        let a = serde_json::to_string(&score(fw, &card, &weights, method)).unwrap();
        let b = serde_json::to_string(&score(fw, &card, &weights, method)).unwrap();
        prop_assert_eq!(a, b);
    }
}
