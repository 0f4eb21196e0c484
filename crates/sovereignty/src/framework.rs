//! The framework: objectives, factors, options, and the weight presets.

use std::fmt;
use std::sync::OnceLock;

use serde::{Serialize, Serializer};

use crate::seal::Seal;
use crate::weights::{WeightPreset, Weights, WeightsError};

/// The embedded data: the facts of the Commission's calculator of 2026-06-01 (ids, points, SEAL
/// levels) with jalon's own wording, as RON.
const EU_CSF: &str = include_str!("../data/eu-csf.ron");

/// The EU Cloud Sovereignty Framework, parsed once from the data compiled into this crate.
pub fn framework() -> &'static Framework {
    static FRAMEWORK: OnceLock<Framework> = OnceLock::new();
    FRAMEWORK.get_or_init(|| {
        // The embedded file is checked by this crate's tests; a failure here is a build defect.
        Framework::parse(EU_CSF).unwrap_or_else(|e| panic!("data/eu-csf.ron is invalid: {e}"))
    })
}

/// The framework: 8 objectives of 3 to 8 factors, each factor a multiple-choice question.
#[derive(Debug, Clone)]
pub struct Framework {
    /// "EU Cloud Sovereignty Framework".
    pub name: String,
    /// The framework text's version, "1.2.1".
    pub version: String,
    /// The calculator's publication date, "2026-06-01".
    pub calculator: String,
    /// The objectives, SOV-1 to SOV-8, in order.
    pub objectives: Vec<Objective>,
    pub(crate) presets: Vec<WeightPreset>,
    pub(crate) default_weights: String,
    /// Where the texts come from: `None` for jalon's own wording, else the official texts'
    /// source (what [`Framework::with_official`] was given).
    pub official: Option<String>,
}

/// The framework's data is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameworkError {
    /// The RON text does not parse.
    #[error("line {line}, column {column}: {message}.")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        column: usize,
        /// What the parser expected.
        message: String,
    },
    /// The text parses but breaks the framework's rules.
    #[error("{}.", problems.join("; "))]
    Invalid {
        /// Every problem found.
        problems: Vec<String>,
    },
}

/// An objective (SOV-1 … SOV-8).
#[derive(Debug, Clone)]
pub struct Objective {
    /// "SOV-1".
    pub id: String,
    /// "Strategic Sovereignty".
    pub name: String,
    /// What it covers: jalon's wording, or the Commission's once imported.
    pub description: String,
    /// Its factors, in order.
    pub factors: Vec<Factor>,
}

/// A factor (SOV-1.1 …): one multiple-choice question.
#[derive(Debug, Clone)]
pub struct Factor {
    /// "SOV-1.1".
    pub id: String,
    /// A short name, "EU/EEA legal entity control".
    pub name: String,
    /// The question: jalon's wording, or the Commission's once imported.
    pub description: String,
    /// The options, numbered from 1; the last is the best.
    pub options: Vec<FactorOption>,
    /// Data notes on the factor (a fault of the Commission's source), shown where it is browsed.
    pub notes: Vec<Note>,
}

/// A data note: what a reader should know about a factor or an option (a fault of the
/// Commission's calculator), in English and French.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// In English.
    pub en: String,
    /// In French.
    pub fr: String,
}

/// One answer option of a factor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactorOption {
    /// 1-based, as shown on cards.
    pub number: u8,
    /// The label, without its number (jalon's wording, or the Commission's once imported);
    /// `None` where the calculator has none (SOV-1.6 options 2, 4).
    pub label: Option<String>,
    /// The calculator's explicit points for this option.
    pub points: Points,
    /// The SEAL level this option carries.
    pub seal: Seal,
    /// Data notes on this option, shown on a card that chooses it.
    pub notes: Vec<Note>,
}

/// Points with two decimals, kept exact as hundredths.
///
/// Displays as the shortest decimal (`125`, `62.5`, `41.67`); serialises as an integer when whole,
/// otherwise as a number with decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Points(u32);

impl Points {
    /// Whole points.
    pub fn whole(points: u32) -> Points {
        Points(points * 100)
    }

    /// Hundredths of a point.
    pub fn from_hundredths(hundredths: u32) -> Points {
        Points(hundredths)
    }

    /// Hundredths of a point.
    pub fn hundredths(self) -> u32 {
        self.0
    }

    /// As a float, for JSON.
    pub fn to_f64(self) -> f64 {
        f64::from(self.0) / 100.0
    }
}

impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (units, cents) = (self.0 / 100, self.0 % 100);
        match cents {
            0 => write!(f, "{units}"),
            c if c % 10 == 0 => write!(f, "{units}.{}", c / 10),
            c => write!(f, "{units}.{c:02}"),
        }
    }
}

impl Serialize for Points {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.is_multiple_of(100) {
            serializer.serialize_u32(self.0 / 100)
        } else {
            serializer.serialize_f64(self.to_f64())
        }
    }
}

impl Framework {
    /// Parses and checks framework data in the format of `data/eu-csf.ron`.
    pub fn parse(text: &str) -> Result<Framework, FrameworkError> {
        crate::data::parse(text)
    }

    /// Every factor, in order, with its objective.
    pub fn factors(&self) -> impl Iterator<Item = (&Objective, &Factor)> {
        self.objectives
            .iter()
            .flat_map(|o| o.factors.iter().map(move |f| (o, f)))
    }

    /// The objective with this id.
    pub fn objective(&self, id: &str) -> Option<&Objective> {
        self.objectives.iter().find(|o| o.id == id)
    }

    /// The factor with this id, and its objective.
    pub fn factor(&self, id: &str) -> Option<(&Objective, &Factor)> {
        self.factors().find(|(_, f)| f.id == id)
    }

    /// The weight presets, the default first.
    pub fn presets(&self) -> impl Iterator<Item = &WeightPreset> {
        let default = self.preset(&self.default_weights);
        default.into_iter().chain(
            self.presets
                .iter()
                .filter(move |p| Some(p.weights.name()) != default.map(|d| d.weights.name())),
        )
    }

    /// The preset with this name.
    pub fn preset(&self, name: &str) -> Option<&WeightPreset> {
        self.presets.iter().find(|p| p.weights.name() == name)
    }

    /// The default weights (`calculator-2026`).
    pub fn default_weights(&self) -> &Weights {
        &self
            .preset(&self.default_weights)
            .expect("the default preset exists: checked on parse")
            .weights
    }

    /// The preset weights with this name, or an error listing the presets.
    pub fn weights(&self, name: &str) -> Result<&Weights, WeightsError> {
        self.preset(name)
            .map(|p| &p.weights)
            .ok_or_else(|| WeightsError::UnknownPreset {
                name: name.to_owned(),
                known: self
                    .presets()
                    .map(|p| p.weights.name().to_owned())
                    .collect(),
            })
    }
}

impl Factor {
    /// The option with this 1-based number.
    pub fn option(&self, number: u8) -> Option<&FactorOption> {
        usize::from(number)
            .checked_sub(1)
            .and_then(|i| self.options.get(i))
    }

    /// The best (last) option.
    pub fn best(&self) -> &FactorOption {
        self.options
            .last()
            .expect("a factor has options: checked on parse")
    }

    /// How many options the factor has.
    pub fn option_count(&self) -> u8 {
        // At most 5 in the data; a factor with more than 255 options is not a multiple choice.
        u8::try_from(self.options.len()).unwrap_or(u8::MAX)
    }
}

impl FactorOption {
    /// The label as cards show it: `4. All inside the EU`, or `2.` alone when it has none.
    pub fn display_label(&self) -> String {
        match &self.label {
            Some(label) => format!("{}. {label}", self.number),
            None => format!("{}.", self.number),
        }
    }
}
