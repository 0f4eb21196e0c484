//! The Commission's own texts (descriptions and option labels), imported from the user's copy of
//! the calculator and laid over the embedded framework, whose facts they must match.

use crate::framework::{Framework, Points};

/// The official texts of the calculator, with the facts they come with (ids, option numbers,
/// points, SEAL levels), as the storage crate reads them from the Commission's file.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficialTexts {
    /// What they were read from (a file name), shown where the texts are used.
    pub source: String,
    /// The objectives, in the file's order.
    pub objectives: Vec<OfficialObjective>,
}

/// An objective of the official file.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficialObjective {
    /// "SOV-1".
    pub id: String,
    /// The Commission's description.
    pub description: String,
    /// Its factors, in the file's order.
    pub factors: Vec<OfficialFactor>,
}

/// A factor of the official file.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficialFactor {
    /// "SOV-1.1".
    pub id: String,
    /// The Commission's description.
    pub description: String,
    /// Its options, in the file's order (numbered from 1).
    pub options: Vec<OfficialOption>,
}

/// An option of the official file.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficialOption {
    /// The label without its "N. " prefix; `None` where the file has none.
    pub label: Option<String>,
    /// The points as the file gives them.
    pub points: f64,
    /// The SEAL level as the file gives it.
    pub seal: i64,
}

impl Framework {
    /// This framework with the official texts in place of jalon's wording: objective and factor
    /// descriptions and option labels. Ids, option numbers, points and SEAL levels must be the
    /// same in both, or nothing is laid over and every difference is returned, each a sentence
    /// naming the objective, factor or option.
    pub fn with_official(&self, texts: &OfficialTexts) -> Result<Framework, Vec<String>> {
        let mut differences = Vec::new();
        for o in &texts.objectives {
            if self.objective(&o.id).is_none() {
                differences.push(format!("objective {} is not in the framework", o.id));
            }
            for f in &o.factors {
                if self
                    .factor(&f.id)
                    .is_none_or(|(embedded, _)| embedded.id != o.id)
                {
                    differences.push(format!(
                        "factor {} (under {}) is not in the framework",
                        f.id, o.id
                    ));
                }
            }
        }
        let mut framework = self.clone();
        for objective in &mut framework.objectives {
            let Some(official) = texts.objectives.iter().find(|o| o.id == objective.id) else {
                differences.push(format!("objective {} is missing", objective.id));
                continue;
            };
            objective.description.clone_from(&official.description);
            for factor in &mut objective.factors {
                let Some(off) = official.factors.iter().find(|f| f.id == factor.id) else {
                    differences.push(format!("factor {} is missing", factor.id));
                    continue;
                };
                factor.description.clone_from(&off.description);
                if off.options.len() != factor.options.len() {
                    differences.push(format!(
                        "{} has {} options, jalon's data {}",
                        factor.id,
                        off.options.len(),
                        factor.options.len()
                    ));
                }
                for (option, o) in factor.options.iter_mut().zip(&off.options) {
                    if !same_points(option.points, o.points) {
                        differences.push(format!(
                            "{} option {}: {} points, jalon's data {}",
                            factor.id, option.number, o.points, option.points
                        ));
                    }
                    if i64::from(option.seal.level()) != o.seal {
                        differences.push(format!(
                            "{} option {}: SEAL {}, jalon's data {}",
                            factor.id,
                            option.number,
                            o.seal,
                            option.seal.level()
                        ));
                    }
                    option.label.clone_from(&o.label);
                }
            }
        }
        if differences.is_empty() {
            framework.official = Some(texts.source.clone());
            Ok(framework)
        } else {
            Err(differences)
        }
    }
}

/// The file's points equal ours to the hundredth (ours are exact hundredths).
fn same_points(ours: Points, theirs: f64) -> bool {
    (theirs * 100.0 - f64::from(ours.hundredths())).abs() < 1e-6
}
