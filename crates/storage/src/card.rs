//! Sovereignty card files: the on-disk [`CardFile`] (RON, `format: 1`), its parsing, its conversion
//! into the domain [`sovereignty::Card`] with every problem located, the readers (cards and weights
//! files), and the scaffold.
//!
//! A card file, written by hand (docs/sovereignty.md):
//!
//! ```ron
//! (
//!     format: 1,
//!     provider: "Example Cloud",
//!     country: "France",
//!     service: "IaaS",
//!     url: "https://example.org",
//!     answers: {
//!         "SOV-1.1": (option: 4, confidence: "high", justification: "…", sources: ["https://…"]),
//!         "SOV-1.2": (option: 5),
//!     },
//! )
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use ron::extensions::Extensions;
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use sovereignty::{
    AnswerInput, Card, CardHeader, CardProblemKind, Framework, Weights, WeightsError,
    WeightsProblem,
};

use crate::error::{Diagnostic, Location, StorageError, location_of};

/// The card file format this version reads and writes.
pub const FORMAT: u32 = 1;

/// A card file as written on disk.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardFile {
    /// Always 1.
    pub format: u32,
    /// The provider's name.
    pub provider: String,
    /// Its country.
    #[serde(default)]
    pub country: Option<String>,
    /// The service or offer assessed.
    #[serde(default)]
    pub service: Option<String>,
    /// Its web site.
    #[serde(default)]
    pub url: Option<String>,
    /// Factor id → answer, in the file's order (duplicates kept, so they can be reported).
    #[serde(default)]
    pub answers: AnswersFile,
}

/// The `answers` map, in the file's order, duplicates included.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnswersFile(pub Vec<(String, AnswerFile)>);

/// One answer as written on disk.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerFile {
    /// The option number shown on cards, 1-based.
    pub option: i64,
    /// `"low"`, `"medium"` or `"high"`.
    #[serde(default)]
    pub confidence: Option<String>,
    /// Why this option.
    #[serde(default)]
    pub justification: Option<String>,
    /// Where the evidence is.
    #[serde(default)]
    pub sources: Vec<String>,
}

impl<'de> Deserialize<'de> for AnswersFile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ordered::deserialize(deserializer).map(|o| AnswersFile(o.0))
    }
}

/// A RON map read in the file's order, duplicate keys included (so they can be reported).
struct Ordered<V>(Vec<(String, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Ordered<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for OrderedVisitor<V> {
            type Value = Ordered<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered<V>, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, V>()? {
                    entries.push(entry);
                }
                Ok(Ordered(entries))
            }
        }
        deserializer.deserialize_map(OrderedVisitor(std::marker::PhantomData))
    }
}

fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(64)
}

/// A RON syntax or shape error as a diagnostic naming the file, line and column.
fn syntax_error(path: &Path, text: &str, e: &ron::error::SpannedError, hint: &str) -> StorageError {
    let location = Location {
        line: e.span.start.line.max(1),
        col: e.span.start.col.max(1),
    };
    StorageError::invalid(
        Diagnostic::new(path, e.code.to_string())
            .at(text, location)
            .hint(hint),
    )
}

/// Parses the text of a card file (RON with `IMPLICIT_SOME`); no check against the framework yet.
pub fn parse_card(text: &str) -> Result<CardFile, ron::error::SpannedError> {
    ron_options().from_str(text)
}

/// What is wrong in a card file once parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CardFileProblem {
    /// `format` is not [`FORMAT`].
    #[error("card format {found} is not supported; this version reads format {FORMAT}")]
    UnsupportedFormat {
        /// The format written.
        found: u32,
    },
    /// An answer is not valid for the framework.
    #[error(transparent)]
    Answer(#[from] CardProblemKind),
}

/// A problem in a card file, at the key it concerns when that key can be found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardDiagnostic {
    /// 1-based line and column (in characters) of the offending key.
    pub location: Option<Location>,
    /// What is wrong.
    pub problem: CardFileProblem,
}

impl CardFile {
    /// Checks the file against the framework and converts it into a domain card.
    ///
    /// `text` is the file's content, used to locate the offending keys. Returns every problem.
    pub fn into_card(self, text: &str, framework: &Framework) -> Result<Card, Vec<CardDiagnostic>> {
        let mut diagnostics = Vec::new();
        if self.format != FORMAT {
            diagnostics.push(CardDiagnostic {
                location: find_key(text, "format", 0),
                problem: CardFileProblem::UnsupportedFormat { found: self.format },
            });
        }
        // Where each entry's key is: the n-th occurrence of a key locates its n-th entry.
        let locations: Vec<Option<Location>> = self
            .answers
            .0
            .iter()
            .enumerate()
            .map(|(i, (factor, _))| {
                let nth = self.answers.0[..i]
                    .iter()
                    .filter(|(f, _)| f == factor)
                    .count();
                find_key(text, &format!("\"{factor}\""), nth)
            })
            .collect();
        let header = CardHeader {
            provider: self.provider,
            country: self.country,
            service: self.service,
            url: self.url,
        };
        let inputs = self
            .answers
            .0
            .into_iter()
            .map(|(factor, a)| AnswerInput {
                factor,
                option: a.option,
                confidence: a.confidence,
                justification: a.justification,
                sources: a.sources,
            })
            .collect();
        let (card, problems) = Card::validate(framework, header, inputs);
        diagnostics.extend(problems.into_iter().map(|p| CardDiagnostic {
            location: locations.get(p.entry).copied().flatten(),
            problem: p.kind.into(),
        }));
        if diagnostics.is_empty() {
            Ok(card)
        } else {
            Err(diagnostics)
        }
    }
}

/// The `nth` (0-based) occurrence of `key` followed by `:`, outside `//` comments.
fn find_key(text: &str, key: &str, nth: usize) -> Option<Location> {
    let mut found = 0;
    for (offset, _) in text.match_indices(key) {
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        if text[line_start..offset].contains("//") {
            continue;
        }
        let after = text[offset + key.len()..].trim_start();
        if !after.starts_with(':') {
            continue;
        }
        if found == nth {
            return Some(location_of(text, offset));
        }
        found += 1;
    }
    None
}

const HINT_FACTORS: &str = "`jalon sovereignty factors` lists the factors and their options; docs/sovereignty.md describes the file";

/// Parses and checks the text of the card file at `path`: a syntax error or every problem,
/// each naming the file, line and column.
pub fn load_card(path: &Path, text: &str, framework: &Framework) -> Result<Card, StorageError> {
    let file = parse_card(text).map_err(|e| {
        syntax_error(
            path,
            text,
            &e,
            "the card is RON; docs/sovereignty.md shows its format",
        )
    })?;
    file.into_card(text, framework).map_err(|diagnostics| {
        StorageError::Invalid(
            diagnostics
                .into_iter()
                .map(|d| {
                    let diagnostic =
                        Diagnostic::new(path, d.problem.to_string()).hint(HINT_FACTORS);
                    match d.location {
                        Some(location) => diagnostic.at(text, location),
                        None => diagnostic,
                    }
                })
                .collect(),
        )
    })
}

/// Reads and checks the card file at `path`.
pub fn read_card(path: &Path, framework: &Framework) -> Result<Card, StorageError> {
    let text = crate::read_text(path)?;
    load_card(path, &text, framework)
}

const HINT_WEIGHTS: &str = "a weights file maps every objective, SOV-1 to SOV-8, to an integer percentage, the eight summing to 100 (docs/sovereignty.md)";

/// Parses and checks a weights file: a RON map from every objective id to an integer percentage,
/// summing to 100 (`{"SOV-1": 20, "SOV-2": 10, …}`). The weights are named after `path`.
/// Returns a syntax error, or every problem, each naming the file (and the line of the key when
/// the problem has one).
pub fn load_weights(
    path: &Path,
    text: &str,
    framework: &Framework,
) -> Result<Weights, StorageError> {
    let Ordered(entries) = ron_options()
        .from_str::<Ordered<u32>>(text)
        .map_err(|e| syntax_error(path, text, &e, HINT_WEIGHTS))?;
    let mut diagnostics = Vec::new();
    let mut values = BTreeMap::new();
    for (i, (id, weight)) in entries.iter().enumerate() {
        if values.contains_key(id) {
            let nth = entries[..i].iter().filter(|(k, _)| k == id).count();
            let diagnostic =
                Diagnostic::new(path, format!("{id} has more than one weight; keep one"));
            diagnostics.push(match find_key(text, &format!("\"{id}\""), nth) {
                Some(location) => diagnostic.at(text, location),
                None => diagnostic,
            });
        } else {
            values.insert(id.clone(), *weight);
        }
    }
    let name = path.display().to_string();
    match Weights::custom(framework, &name, &values) {
        Ok(weights) if diagnostics.is_empty() => Ok(weights),
        Ok(_) => Err(StorageError::Invalid(diagnostics)),
        Err(WeightsError::Invalid { problems, .. }) => {
            for problem in problems {
                let diagnostic = Diagnostic::new(path, problem.to_string()).hint(HINT_WEIGHTS);
                let location = match &problem {
                    WeightsProblem::UnknownObjective { id, .. } => {
                        find_key(text, &format!("\"{id}\""), 0)
                    }
                    _ => None,
                };
                diagnostics.push(match location {
                    Some(location) => diagnostic.at(text, location),
                    None => diagnostic,
                });
            }
            Err(StorageError::Invalid(diagnostics))
        }
        Err(other) => Err(StorageError::invalid(Diagnostic::new(
            path,
            other.to_string(),
        ))),
    }
}

/// Reads and checks the weights file at `path` (see [`load_weights`]).
pub fn read_weights(path: &Path, framework: &Framework) -> Result<Weights, StorageError> {
    let text = crate::read_text(path)?;
    load_weights(path, &text, framework)
}

/// A new card file for `provider`: every factor with its options as comments, each answer line
/// commented out, ready to fill in. It parses as is, as a card with every factor a gap.
pub fn scaffold(framework: &Framework, provider: &str) -> String {
    use std::fmt::Write as _;

    let quoted = ron::to_string(provider).expect("a string always serialises");
    let mut out = String::new();
    // Writing to a String cannot fail.
    let mut line = |text: &str| {
        out.push_str(text);
        out.push('\n');
    };
    line(&format!("// Sovereignty card: {provider}."));
    line(&format!(
        "// {} {}, calculator of {} (© European Union, CC BY 4.0).",
        framework.name, framework.version, framework.calculator
    ));
    line(
        "// The file format is described in docs/sovereignty.md; check the card with `jalon sovereignty score FILE`.",
    );
    line("//");
    line(
        "// To answer a factor, uncomment its line and set `option` to the number of the chosen option.",
    );
    line(
        "// `confidence` (\"low\", \"medium\" or \"high\"), `justification` and `sources` are optional.",
    );
    line(
        "// A factor left commented out is a gap: it counts for nothing and the card is marked incomplete.",
    );
    line("(");
    line(&format!("    format: {FORMAT},"));
    line(&format!("    provider: {quoted},"));
    line("    // country: \"\",");
    line("    // service: \"IaaS\",");
    line("    // url: \"https://\",");
    line("    answers: {");
    for (i, objective) in framework.objectives.iter().enumerate() {
        if i > 0 {
            line("");
        }
        line(&format!(
            "        // ===== {} {} ({} factors) =====",
            objective.id,
            objective.name,
            objective.factors.len()
        ));
        for factor in &objective.factors {
            line("");
            line(&format!("        // {} {}", factor.id, factor.name));
            line(&format!("        //   {}", factor.description));
            for option in &factor.options {
                let mut text = String::new();
                let _ = write!(text, "        //   {}", option.display_label());
                if option.label.is_none() {
                    text.push_str(" (no label in the calculator)");
                }
                let _ = write!(text, " ({})", option.seal);
                line(&text);
            }
            line(&format!(
                "        // \"{}\": (option: 0, confidence: \"medium\", justification: \"\", sources: []),",
                factor.id
            ));
        }
    }
    line("    },");
    line(")");
    out
}

// The Commission's calculator: its official texts, imported into a workspace.

/// Where a workspace keeps the official texts of the sovereignty framework
/// (`jalon sovereignty import`), written by jalon from the Commission's calculator file.
pub const OFFICIAL_TEXTS: &str = "sovereignty/eu-csf.ron";

/// The calculator as the Commission's JSON transcription gives it; only what jalon reads.
#[derive(serde::Deserialize)]
struct CalculatorJson {
    objectives: Vec<CalculatorObjective>,
}

#[derive(serde::Deserialize)]
struct CalculatorObjective {
    code: String,
    description: String,
    criteria: Vec<CalculatorCriterion>,
}

#[derive(serde::Deserialize)]
struct CalculatorCriterion {
    n: u32,
    description: String,
    answers: Vec<CalculatorAnswer>,
}

#[derive(serde::Deserialize)]
struct CalculatorAnswer {
    label: Option<String>,
    value: f64,
    seal: i64,
}

/// Reads the Commission's calculator, transcribed as JSON (`objectives[].criteria[].answers[]`
/// with `code`, `n`, `description`, `label`, `value`, `seal`), into its official texts. A label's
/// "N. " prefix is dropped (cards name options by number).
pub fn parse_calculator(
    path: &Path,
    text: &str,
) -> Result<sovereignty::OfficialTexts, StorageError> {
    let file: CalculatorJson = serde_json::from_str(text).map_err(|e| {
        let mut d = Diagnostic::new(
            path,
            format!("not the Commission's calculator as JSON: {e}"),
        );
        if e.line() > 0 {
            d = d.at(text, Location { line: e.line(), col: e.column().max(1) });
        }
        StorageError::invalid(d.hint(
            "give the calculator transcribed to JSON: `objectives`, each with `code`, `description` and `criteria` (`n`, `description`, `answers` with `label`, `value`, `seal`); see docs/sovereignty.md",
        ))
    })?;
    let objectives = file
        .objectives
        .into_iter()
        .map(|o| sovereignty::OfficialObjective {
            factors: o
                .criteria
                .into_iter()
                .map(|c| sovereignty::OfficialFactor {
                    id: format!("{}.{}", o.code, c.n),
                    description: c.description,
                    options: c
                        .answers
                        .into_iter()
                        .enumerate()
                        .map(|(i, a)| sovereignty::OfficialOption {
                            label: a.label.map(|l| unnumbered(l, i + 1)),
                            points: a.value,
                            seal: a.seal,
                        })
                        .collect(),
                })
                .collect(),
            id: o.code,
            description: o.description,
        })
        .collect();
    Ok(sovereignty::OfficialTexts {
        source: path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
        objectives,
    })
}

/// "2. Mostly outside the EU" → "Mostly outside the EU" for option 2 (another number is kept).
fn unnumbered(label: String, number: usize) -> String {
    match label.strip_prefix(&format!("{number}. ")) {
        Some(rest) => rest.to_owned(),
        None => label,
    }
}

/// `framework` with the official texts laid over it, or an error naming `path` and every fact
/// (id, option count, points, SEAL) that differs from jalon's data.
pub fn with_official(
    path: &Path,
    framework: &Framework,
    texts: &sovereignty::OfficialTexts,
) -> Result<Framework, StorageError> {
    framework.with_official(texts).map_err(|differences| {
        let shown = 20;
        let mut message = format!(
            "its facts differ from jalon's {} {} (calculator of {}) in {} place{}: {}",
            framework.name,
            framework.version,
            framework.calculator,
            differences.len(),
            if differences.len() == 1 { "" } else { "s" },
            differences
                .iter()
                .take(shown)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ")
        );
        if differences.len() > shown {
            message.push_str(&format!("; and {} more", differences.len() - shown));
        }
        message.push('.');
        StorageError::invalid(Diagnostic::new(path, message).hint(
            "import the Commission's calculator of the same date (ids, option numbers, points and SEAL levels unchanged); nothing was imported",
        ))
    })
}

/// The official texts as the workspace keeps them (`sovereignty/eu-csf.ron`).
#[derive(Debug, serde::Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OfficialFile {
    format: u32,
    source: String,
    objectives: Vec<OfficialObjectiveFile>,
}

#[derive(Debug, serde::Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OfficialObjectiveFile {
    id: String,
    description: String,
    factors: Vec<OfficialFactorFile>,
}

#[derive(Debug, serde::Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OfficialFactorFile {
    id: String,
    description: String,
    options: Vec<OfficialOptionFile>,
}

#[derive(Debug, serde::Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OfficialOptionFile {
    number: usize,
    #[serde(default)]
    label: Option<String>,
    points: f64,
    seal: i64,
}

/// The RON file a workspace keeps for these official texts.
pub fn render_official(texts: &sovereignty::OfficialTexts) -> String {
    let file = OfficialFile {
        format: FORMAT,
        source: texts.source.clone(),
        objectives: texts
            .objectives
            .iter()
            .map(|o| OfficialObjectiveFile {
                id: o.id.clone(),
                description: o.description.clone(),
                factors: o
                    .factors
                    .iter()
                    .map(|f| OfficialFactorFile {
                        id: f.id.clone(),
                        description: f.description.clone(),
                        options: f
                            .options
                            .iter()
                            .enumerate()
                            .map(|(i, opt)| OfficialOptionFile {
                                number: i + 1,
                                label: opt.label.clone(),
                                points: opt.points,
                                seal: opt.seal,
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    };
    crate::ronfmt::render(&file)
}

/// Reads the official texts a workspace keeps (`path` names the file in messages).
pub fn parse_official(path: &Path, text: &str) -> Result<sovereignty::OfficialTexts, StorageError> {
    let file: OfficialFile = crate::ronfmt::parse(path, text)?;
    if file.format != FORMAT {
        return Err(StorageError::invalid(
            Diagnostic::new(
                path,
                format!("format {} is not supported; expected {FORMAT}", file.format),
            )
            .at_text(text, "format")
            .hint("import the calculator again with `jalon sovereignty import FILE`"),
        ));
    }
    let mut misnumbered = Vec::new();
    let objectives = file
        .objectives
        .into_iter()
        .map(|o| sovereignty::OfficialObjective {
            id: o.id,
            description: o.description,
            factors: o
                .factors
                .into_iter()
                .map(|f| {
                    let options = f
                        .options
                        .into_iter()
                        .enumerate()
                        .map(|(i, opt)| {
                            if opt.number != i + 1 {
                                misnumbered.push(format!("{} option {}", f.id, opt.number));
                            }
                            sovereignty::OfficialOption {
                                label: opt.label,
                                points: opt.points,
                                seal: opt.seal,
                            }
                        })
                        .collect();
                    sovereignty::OfficialFactor {
                        id: f.id,
                        description: f.description,
                        options,
                    }
                })
                .collect(),
        })
        .collect();
    if !misnumbered.is_empty() {
        return Err(StorageError::invalid(
            Diagnostic::new(
                path,
                format!("options out of order: {}", misnumbered.join(", ")),
            )
            .hint("number each factor's options 1, 2, 3… in order, or import the calculator again"),
        ));
    }
    Ok(sovereignty::OfficialTexts {
        source: file.source,
        objectives,
    })
}
