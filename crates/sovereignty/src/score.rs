//! Scoring a card: two methods, weights, exact half-up rounding at one decimal.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::card::Card;
use crate::framework::{Factor, FactorOption, Framework, Objective, Points};
use crate::ratio::Ratio;
use crate::seal::Seal;
use crate::weights::Weights;

/// How points are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// The published provider cards' rule (the default): a factor is worth
    /// `round(1000 / factors_in_objective)` and an option `round_half_up((option − 1) / (options − 1) × max)`.
    #[default]
    Card,
    /// The Commission calculator's explicit points (e.g. 41.67 / 83.34 / 125.01), over a nominal 1000 per objective.
    Calculator,
}

/// A method name that is neither `card` nor `calculator`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{name}\" is not a scoring method; use \"card\" or \"calculator\".")]
pub struct UnknownMethod {
    /// The name given.
    pub name: String,
}

impl Method {
    /// `card` or `calculator`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Card => "card",
            Method::Calculator => "calculator",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Method {
    type Err = UnknownMethod;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "card" => Ok(Method::Card),
            "calculator" => Ok(Method::Calculator),
            _ => Err(UnknownMethod { name: s.to_owned() }),
        }
    }
}

/// A card's score. Its JSON keys are a documented contract (docs/sovereignty.md).
///
/// Figures are percentages. `score`, `unweighted` and `percent` are rounded half-up at one decimal,
/// exactly as cards show them; the `*_exact` fields carry the unrounded values. A figure is `null`
/// when nothing it depends on is answered.
#[derive(Debug, Clone, Serialize)]
pub struct Score {
    /// The card's provider.
    pub provider: String,
    /// The method used.
    pub method: Method,
    /// The weight set's name.
    pub weights: String,
    /// `Σ weight × objective %`, over the objectives with at least one answer.
    pub score: Option<f64>,
    /// `score`, unrounded.
    pub score_exact: Option<f64>,
    /// The plain mean of the objective percentages.
    pub unweighted: Option<f64>,
    /// `unweighted`, unrounded.
    pub unweighted_exact: Option<f64>,
    /// The overall SEAL: the minimum over objectives.
    pub seal: Option<Seal>,
    /// Whether every factor is answered.
    pub complete: bool,
    /// The unanswered factors' ids.
    pub gaps: Vec<String>,
    /// One entry per objective, in order.
    pub objectives: Vec<ObjectiveScore>,
    #[serde(skip)]
    pub(crate) score_ratio: Option<Ratio>,
}

/// One objective's figures.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveScore {
    /// "SOV-1".
    pub id: String,
    /// "Strategic Sovereignty".
    pub name: String,
    /// Its weight, in percent.
    pub weight: u32,
    /// `100 × Σ points / Σ maxima` over its answered factors, rounded at one decimal.
    pub percent: Option<f64>,
    /// `percent`, unrounded.
    pub percent_exact: Option<f64>,
    /// The minimum SEAL over its answered factors.
    pub seal: Option<Seal>,
    /// Its answered factors, in order (gaps are listed in [`Score::gaps`]).
    pub factors: Vec<FactorScore>,
}

/// One answered factor's figures.
#[derive(Debug, Clone, Serialize)]
pub struct FactorScore {
    /// "SOV-1.1".
    pub id: String,
    /// The chosen option, 1-based.
    pub option: u8,
    /// The option's label, without its number.
    pub label: Option<String>,
    /// The points the option earns under the method.
    pub points: Points,
    /// The factor's maximum under the method.
    pub max: Points,
    /// The option's SEAL.
    pub seal: Seal,
}

/// The card method's maximum for a factor: `round(1000 / factors_in_objective)`.
fn card_max(objective: &Objective) -> u32 {
    let n = i128::try_from(objective.factors.len()).unwrap_or(i128::MAX);
    let max = Ratio::new(1000, n).round_half_up();
    u32::try_from(max).unwrap_or(0)
}

/// The card method's points: `round_half_up((option − 1) / (options − 1) × max)`.
fn card_points(factor: &Factor, option: &FactorOption, max: u32) -> u32 {
    let steps = i128::from(factor.option_count()) - 1;
    let reached = i128::from(option.number) - 1;
    let points = Ratio::new(reached * i128::from(max), steps).round_half_up();
    u32::try_from(points).unwrap_or(0)
}

fn points_with(
    method: Method,
    card_max: u32,
    factor: &Factor,
    option: &FactorOption,
) -> (Points, Points) {
    match method {
        Method::Card => (
            Points::whole(card_points(factor, option, card_max)),
            Points::whole(card_max),
        ),
        Method::Calculator => (option.points, factor.best().points),
    }
}

/// The points an option earns and its factor's maximum, under a method.
///
/// `objective` must be the factor's objective (the card method's maximum depends on how many
/// factors it has).
pub fn option_points(
    method: Method,
    objective: &Objective,
    factor: &Factor,
    option: &FactorOption,
) -> (Points, Points) {
    points_with(method, card_max(objective), factor, option)
}

struct ObjectiveTally {
    score: ObjectiveScore,
    percent: Option<Ratio>,
}

fn tally(
    objective: &Objective,
    card: &Card,
    weight: u32,
    method: Method,
    gaps: &mut Vec<String>,
) -> ObjectiveTally {
    let factor_count = i128::try_from(objective.factors.len()).unwrap_or(i128::MAX);
    let factor_max = card_max(objective);
    let mut factors = Vec::new();
    // Σ points and Σ maxima, in hundredths.
    let (mut earned, mut possible) = (0_i128, 0_i128);
    for factor in &objective.factors {
        let Some(option) = card
            .answer(&factor.id)
            .and_then(|a| factor.option(a.option))
        else {
            gaps.push(factor.id.clone());
            continue;
        };
        let (points, max) = points_with(method, factor_max, factor, option);
        earned += i128::from(points.hundredths());
        possible += i128::from(max.hundredths());
        factors.push(FactorScore {
            id: factor.id.clone(),
            option: option.number,
            label: option.label.clone(),
            points,
            max,
            seal: option.seal,
        });
    }
    let answered = i128::try_from(factors.len()).unwrap_or(i128::MAX);
    let percent = (answered > 0).then(|| match method {
        // 100 × Σ points / Σ maxima of the answered factors.
        Method::Card => Ratio::new(100 * earned, possible),
        // 100 × Σ points / (1000 × answered / factors): the calculator's nominal 1000 per
        // objective, scaled to the answered share of its factors (exactly the calculator when complete).
        // `earned` is in hundredths: 100 × (earned / 100) × factors / (1000 × answered).
        Method::Calculator => Ratio::new(earned * factor_count, 1000 * answered),
    });
    let seal = factors.iter().map(|f| f.seal).min();
    ObjectiveTally {
        score: ObjectiveScore {
            id: objective.id.clone(),
            name: objective.name.clone(),
            weight,
            percent: percent.map(rounded),
            percent_exact: percent.map(Ratio::to_f64),
            seal,
            factors,
        },
        percent,
    }
}

fn rounded(r: Ratio) -> f64 {
    // Tenths are small integers: the division gives the double nearest to the shown decimal.
    r.round_tenths() as f64 / 10.0
}

/// Scores a card.
///
/// Unanswered factors are gaps: they are left out of every sum and minimum (never counted as 0),
/// listed in [`Score::gaps`], and make [`Score::complete`] false. An objective with no answer at all
/// has no percentage; the score is then the weighted mean over the other objectives.
pub fn score(framework: &Framework, card: &Card, weights: &Weights, method: Method) -> Score {
    let mut gaps = Vec::new();
    let tallies: Vec<ObjectiveTally> = framework
        .objectives
        .iter()
        .map(|o| tally(o, card, weights.get(&o.id), method, &mut gaps))
        .collect();

    let answered: Vec<(u32, Ratio)> = tallies
        .iter()
        .filter_map(|t| t.percent.map(|p| (t.score.weight, p)))
        .collect();
    let weight_sum: u32 = answered.iter().map(|&(w, _)| w).sum();
    let score_ratio = (weight_sum > 0).then(|| {
        let weighted: Ratio = answered
            .iter()
            .map(|&(w, p)| Ratio::int(i128::from(w)) * p)
            .sum();
        weighted / Ratio::int(i128::from(weight_sum))
    });
    let count = i128::try_from(answered.len()).unwrap_or(i128::MAX);
    let unweighted =
        (count > 0).then(|| answered.iter().map(|&(_, p)| p).sum::<Ratio>() / Ratio::int(count));
    let seal = tallies.iter().filter_map(|t| t.score.seal).min();

    Score {
        provider: card.header.provider.clone(),
        method,
        weights: weights.name().to_owned(),
        score: score_ratio.map(rounded),
        score_exact: score_ratio.map(Ratio::to_f64),
        unweighted: unweighted.map(rounded),
        unweighted_exact: unweighted.map(Ratio::to_f64),
        seal,
        complete: gaps.is_empty(),
        gaps,
        objectives: tallies.into_iter().map(|t| t.score).collect(),
        score_ratio,
    }
}
