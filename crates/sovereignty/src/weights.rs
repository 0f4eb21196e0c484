//! Objective weights: the official presets and custom sets that sum to 100.

use std::collections::BTreeMap;
use std::fmt;

use crate::framework::Framework;

/// A weight per objective, in percent, summing to 100.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weights {
    name: String,
    /// (objective id, weight), in the framework's order.
    values: Vec<(String, u32)>,
}

/// A named, documented weight set shipped with the framework.
#[derive(Debug, Clone)]
pub struct WeightPreset {
    /// Where the figures come from.
    pub source: String,
    /// The weights; their name is the preset's name.
    pub weights: Weights,
}

/// One thing wrong with a custom weight set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WeightsProblem {
    /// A key that is not an objective.
    #[error("\"{id}\" is not an objective; use SOV-1 to SOV-{last}")]
    UnknownObjective {
        /// The key given.
        id: String,
        /// The number of objectives.
        last: usize,
    },
    /// An objective without a weight.
    #[error("{id} has no weight; give it one (0 is allowed)")]
    MissingObjective {
        /// The objective.
        id: String,
    },
    /// The weights do not add up to 100.
    #[error("the weights sum to {sum}, not 100")]
    BadSum {
        /// Their sum.
        sum: u64,
    },
}

/// Weights that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WeightsError {
    /// No preset has this name.
    #[error("no weight preset is named \"{name}\"; use one of: {}.", known.join(", "))]
    UnknownPreset {
        /// The name given.
        name: String,
        /// The presets' names.
        known: Vec<String>,
    },
    /// A custom set breaks the rules; every problem is listed.
    #[error("weights \"{name}\": {}.", DisplayProblems(problems))]
    Invalid {
        /// The set's name.
        name: String,
        /// Every problem found.
        problems: Vec<WeightsProblem>,
    },
}

struct DisplayProblems<'a>(&'a [WeightsProblem]);

impl fmt::Display for DisplayProblems<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl Weights {
    /// A custom set: one integer percentage per objective id, summing to 100.
    ///
    /// Returns every problem: unknown objectives, missing objectives, and a sum other than 100.
    pub fn custom(
        framework: &Framework,
        name: &str,
        values: &BTreeMap<String, u32>,
    ) -> Result<Weights, WeightsError> {
        let mut problems = Vec::new();
        for id in values.keys() {
            if framework.objective(id).is_none() {
                problems.push(WeightsProblem::UnknownObjective {
                    id: id.clone(),
                    last: framework.objectives.len(),
                });
            }
        }
        let mut ordered = Vec::with_capacity(framework.objectives.len());
        for objective in &framework.objectives {
            match values.get(&objective.id) {
                Some(&w) => ordered.push((objective.id.clone(), w)),
                None => problems.push(WeightsProblem::MissingObjective {
                    id: objective.id.clone(),
                }),
            }
        }
        let sum: u64 = values.values().map(|&w| u64::from(w)).sum();
        if sum != 100 {
            problems.push(WeightsProblem::BadSum { sum });
        }
        if problems.is_empty() {
            Ok(Weights {
                name: name.to_owned(),
                values: ordered,
            })
        } else {
            Err(WeightsError::Invalid {
                name: name.to_owned(),
                problems,
            })
        }
    }

    /// The set's name: a preset's name, or what the caller named a custom set.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The weight of an objective, 0 if it has none.
    pub fn get(&self, objective: &str) -> u32 {
        self.values
            .iter()
            .find(|(id, _)| id == objective)
            .map_or(0, |&(_, w)| w)
    }

    /// (objective id, weight) in the framework's order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        self.values.iter().map(|(id, w)| (id.as_str(), *w))
    }
}
