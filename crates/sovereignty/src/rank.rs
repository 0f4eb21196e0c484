//! Ranking scored cards: the SEAL gates, the score ranks.

use std::cmp::Reverse;

use serde::Serialize;

use crate::score::Score;
use crate::seal::Seal;

/// A ranking. Its JSON keys are a documented contract (docs/sovereignty.md).
#[derive(Debug, Clone, Serialize)]
pub struct Ranking {
    /// Best first.
    pub ranking: Vec<RankEntry>,
}

/// One provider in a ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankEntry {
    /// The provider.
    pub provider: String,
    /// Its overall SEAL.
    pub seal: Option<Seal>,
    /// Its score, rounded at one decimal.
    pub score: Option<f64>,
    /// Whether its SEAL meets the minimum.
    pub passes: bool,
}

/// Orders scores: those whose overall SEAL meets `min_seal` first, then by exact score, highest
/// first (a card with no score last), then by provider name.
pub fn rank(scores: &[Score], min_seal: Seal) -> Ranking {
    let mut ordered: Vec<&Score> = scores.iter().collect();
    let passes = |s: &Score| s.seal.is_some_and(|seal| seal >= min_seal);
    ordered.sort_by(|a, b| {
        (Reverse(passes(a)), Reverse(a.score_ratio), &a.provider).cmp(&(
            Reverse(passes(b)),
            Reverse(b.score_ratio),
            &b.provider,
        ))
    });
    Ranking {
        ranking: ordered
            .into_iter()
            .map(|s| RankEntry {
                provider: s.provider.clone(),
                seal: s.seal,
                score: s.score,
                passes: passes(s),
            })
            .collect(),
    }
}
