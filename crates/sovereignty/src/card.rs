//! A provider card: who it is about, and its answer to each factor.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::framework::{Factor, Framework};

/// How sure the card's author is of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Inferred, little public evidence.
    Low,
    /// Partly documented.
    Medium,
    /// Documented by the provider or an audit.
    High,
}

impl Confidence {
    /// `low`, `medium` or `high`, as written in card files.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Confidence {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "low" => Ok(Confidence::Low),
            "medium" => Ok(Confidence::Medium),
            "high" => Ok(Confidence::High),
            _ => Err(()),
        }
    }
}

/// One validated answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The chosen option, 1-based, valid for its factor.
    pub option: u8,
    /// How sure the author is.
    pub confidence: Option<Confidence>,
    /// Why this option.
    pub justification: Option<String>,
    /// Where the evidence is.
    pub sources: Vec<String>,
}

impl Answer {
    /// An answer with the option alone.
    pub fn option(option: u8) -> Answer {
        Answer {
            option,
            confidence: None,
            justification: None,
            sources: Vec::new(),
        }
    }
}

/// Who a card is about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CardHeader {
    /// The provider's name.
    pub provider: String,
    /// Its country.
    pub country: Option<String>,
    /// The service kind or offer assessed (IaaS, PaaS…).
    pub service: Option<String>,
    /// Its web site.
    pub url: Option<String>,
}

/// A provider card: its header and the answers, keyed by factor id. Every answer is valid for
/// the framework the card was validated against; factors without an answer are gaps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    /// Who the card is about.
    pub header: CardHeader,
    answers: BTreeMap<String, Answer>,
}

/// An answer as written by a person, not yet checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnswerInput {
    /// The factor id, e.g. `SOV-1.1`.
    pub factor: String,
    /// The option number as written.
    pub option: i64,
    /// `low`, `medium` or `high`.
    pub confidence: Option<String>,
    /// Why this option.
    pub justification: Option<String>,
    /// Where the evidence is.
    pub sources: Vec<String>,
}

/// A problem with one answer, with the index of that answer in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardProblem {
    /// Index in the inputs given to [`Card::validate`].
    pub entry: usize,
    /// What is wrong.
    pub kind: CardProblemKind,
}

/// What is wrong with an answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CardProblemKind {
    /// The id is not a factor of the framework.
    #[error("\"{factor}\" is not a factor; {hint}")]
    UnknownFactor {
        /// The id given.
        factor: String,
        /// The valid ids near it, e.g. "SOV-1 has factors SOV-1.1 to SOV-1.8".
        hint: String,
    },
    /// The option is not one of the factor's.
    #[error("option {option} is out of range for {factor}: choose 1 to {options}")]
    OptionOutOfRange {
        /// The factor.
        factor: String,
        /// The option given.
        option: i64,
        /// How many options the factor has.
        options: u8,
    },
    /// The confidence is not low, medium or high.
    #[error("confidence \"{value}\" of {factor} is not \"low\", \"medium\" or \"high\"")]
    UnknownConfidence {
        /// The factor.
        factor: String,
        /// The value given.
        value: String,
    },
    /// The factor is answered more than once.
    #[error("{factor} is answered more than once; keep one answer")]
    Duplicate {
        /// The factor.
        factor: String,
    },
}

impl Card {
    /// A card with no answers yet.
    pub fn new(header: CardHeader) -> Card {
        Card {
            header,
            answers: BTreeMap::new(),
        }
    }

    /// Checks answers as written against the framework.
    ///
    /// Returns the card with the valid answers, and every problem found (an answer with a problem
    /// is left out of the card). A factor answered twice keeps its first answer.
    pub fn validate(
        framework: &Framework,
        header: CardHeader,
        inputs: Vec<AnswerInput>,
    ) -> (Card, Vec<CardProblem>) {
        let mut card = Card::new(header);
        let mut problems = Vec::new();
        for (entry, input) in inputs.into_iter().enumerate() {
            let factor_id = input.factor.clone();
            match check(framework, &card, input) {
                Ok(answer) => {
                    card.answers.insert(factor_id, answer);
                }
                Err(kinds) => {
                    problems.extend(kinds.into_iter().map(|kind| CardProblem { entry, kind }))
                }
            }
        }
        (card, problems)
    }

    /// Sets one answer, checked against the framework; returns the answer it replaces.
    pub fn insert(
        &mut self,
        framework: &Framework,
        factor: &str,
        answer: Answer,
    ) -> Result<Option<Answer>, CardProblemKind> {
        let Some((_, f)) = framework.factor(factor) else {
            return Err(unknown_factor(framework, factor));
        };
        if f.option(answer.option).is_none() {
            return Err(CardProblemKind::OptionOutOfRange {
                factor: factor.to_owned(),
                option: i64::from(answer.option),
                options: f.option_count(),
            });
        }
        Ok(self.answers.insert(factor.to_owned(), answer))
    }

    /// Removes an answer, making the factor a gap.
    pub fn remove(&mut self, factor: &str) -> Option<Answer> {
        self.answers.remove(factor)
    }

    /// The answer to a factor, if any.
    pub fn answer(&self, factor: &str) -> Option<&Answer> {
        self.answers.get(factor)
    }

    /// Every answer, by factor id.
    pub fn answers(&self) -> impl Iterator<Item = (&str, &Answer)> {
        self.answers.iter().map(|(id, a)| (id.as_str(), a))
    }

    /// The factors without an answer, in the framework's order.
    pub fn gaps<'f>(&self, framework: &'f Framework) -> Vec<&'f Factor> {
        framework
            .factors()
            .map(|(_, f)| f)
            .filter(|f| !self.answers.contains_key(&f.id))
            .collect()
    }
}

fn check(
    framework: &Framework,
    card: &Card,
    input: AnswerInput,
) -> Result<Answer, Vec<CardProblemKind>> {
    let mut problems = Vec::new();
    let factor = framework.factor(&input.factor).map(|(_, f)| f);
    match factor {
        None => problems.push(unknown_factor(framework, &input.factor)),
        Some(_) if card.answers.contains_key(&input.factor) => {
            problems.push(CardProblemKind::Duplicate {
                factor: input.factor.clone(),
            });
        }
        Some(_) => {}
    }
    let option = factor.and_then(|f| {
        let number = u8::try_from(input.option)
            .ok()
            .filter(|&n| f.option(n).is_some());
        if number.is_none() {
            problems.push(CardProblemKind::OptionOutOfRange {
                factor: input.factor.clone(),
                option: input.option,
                options: f.option_count(),
            });
        }
        number
    });
    let confidence = match input.confidence.as_deref().map(str::parse::<Confidence>) {
        None => None,
        Some(Ok(c)) => Some(c),
        Some(Err(())) => {
            problems.push(CardProblemKind::UnknownConfidence {
                factor: input.factor.clone(),
                value: input.confidence.clone().unwrap_or_default(),
            });
            None
        }
    };
    match option {
        Some(option) if problems.is_empty() => Ok(Answer {
            option,
            confidence,
            justification: input.justification,
            sources: input.sources,
        }),
        _ => Err(problems),
    }
}

fn unknown_factor(framework: &Framework, id: &str) -> CardProblemKind {
    let objective_id = id.rsplit_once('.').map_or(id, |(o, _)| o);
    let hint = match framework.objective(objective_id) {
        Some(o) => format!(
            "{} has factors {} to {}",
            o.id,
            o.factors.first().map_or("", |f| f.id.as_str()),
            o.factors.last().map_or("", |f| f.id.as_str()),
        ),
        None => {
            let mut all = framework.factors().map(|(_, f)| f.id.as_str());
            let first = all.next().unwrap_or_default();
            let last = all.last().unwrap_or(first);
            format!("factors are {first} to {last}")
        }
    };
    CardProblemKind::UnknownFactor {
        factor: id.to_owned(),
        hint,
    }
}
