//! The EU Cloud Sovereignty Framework (CSF) as data, provider cards, and their scoring.
//!
//! - [`framework()`] is the Commission's calculator (8 objectives, 48 factors, their options with
//!   points and SEAL levels, and the official weight sets), compiled in from `data/eu-csf.ron`,
//!   worded by jalon; [`Framework::with_official`] lays the Commission's own texts over it
//!   ([`OfficialTexts`], read by the storage crate) after checking that their facts agree.
//! - A [`Card`] holds one provider's answers; [`Card::validate`] checks raw answers against the
//!   framework and returns every problem.
//! - [`score()`] turns a card into a [`Score`] with one of two [`Method`]s and a set of [`Weights`];
//!   [`rank()`] orders scores: the SEAL gates, the score ranks.
//!
//! This crate does no I/O, reads no clock and prints nothing.

mod card;
mod data;
mod framework;
mod official;
mod rank;
mod ratio;
mod score;
mod seal;
mod weights;

pub use card::{Answer, AnswerInput, Card, CardHeader, CardProblem, CardProblemKind, Confidence};
pub use framework::{
    Factor, FactorOption, Framework, FrameworkError, Note, Objective, Points, framework,
};
pub use official::{OfficialFactor, OfficialObjective, OfficialOption, OfficialTexts};
pub use rank::{RankEntry, Ranking, rank};
pub use score::{FactorScore, Method, ObjectiveScore, Score, UnknownMethod, option_points, score};
pub use seal::{InvalidSeal, Seal};
pub use weights::{WeightPreset, Weights, WeightsError, WeightsProblem};
