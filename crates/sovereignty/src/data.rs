//! The on-disk shape of `data/eu-csf.ron`, converted into [`Framework`] with every problem listed.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::framework::{Factor, FactorOption, Framework, FrameworkError, Note, Objective, Points};
use crate::seal::Seal;
use crate::weights::{WeightPreset, Weights};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrameworkFile {
    format: u32,
    name: String,
    version: String,
    calculator: String,
    default_weights: String,
    weights: Vec<PresetFile>,
    objectives: Vec<ObjectiveFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PresetFile {
    name: String,
    source: String,
    values: BTreeMap<String, u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ObjectiveFile {
    id: String,
    name: String,
    description: String,
    factors: Vec<FactorFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FactorFile {
    id: String,
    name: String,
    description: String,
    options: Vec<OptionFile>,
    #[serde(default)]
    notes: Vec<NoteFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionFile {
    number: u8,
    label: Option<String>,
    points: f64,
    seal: u8,
    #[serde(default)]
    notes: Vec<NoteFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteFile {
    en: String,
    fr: String,
}

impl From<NoteFile> for Note {
    fn from(n: NoteFile) -> Note {
        Note { en: n.en, fr: n.fr }
    }
}

pub(crate) fn parse(text: &str) -> Result<Framework, FrameworkError> {
    let file: FrameworkFile = ron::from_str(text).map_err(|e| FrameworkError::Syntax {
        line: e.span.start.line,
        column: e.span.start.col,
        message: e.code.to_string(),
    })?;
    let mut problems = Vec::new();
    if file.format != 1 {
        problems.push(format!(
            "format {} is not supported; expected 1",
            file.format
        ));
    }
    let objectives: Vec<Objective> = file
        .objectives
        .into_iter()
        .enumerate()
        .map(|(i, o)| objective(i, o, &mut problems))
        .collect();
    let mut framework = Framework {
        name: file.name,
        version: file.version,
        calculator: file.calculator,
        objectives,
        presets: Vec::new(),
        default_weights: file.default_weights,
        official: None,
    };
    for preset in file.weights {
        match Weights::custom(&framework, &preset.name, &preset.values) {
            Ok(weights) => framework.presets.push(WeightPreset {
                source: preset.source,
                weights,
            }),
            Err(e) => problems.push(e.to_string()),
        }
    }
    if framework.preset(&framework.default_weights).is_none() {
        problems.push(format!(
            "default weights \"{}\" are not among the presets",
            framework.default_weights
        ));
    }
    if problems.is_empty() {
        Ok(framework)
    } else {
        Err(FrameworkError::Invalid { problems })
    }
}

fn objective(index: usize, file: ObjectiveFile, problems: &mut Vec<String>) -> Objective {
    let expected = format!("SOV-{}", index + 1);
    if file.id != expected {
        problems.push(format!(
            "objective \"{}\" should be \"{expected}\"",
            file.id
        ));
    }
    if file.factors.is_empty() {
        problems.push(format!("objective {} has no factor", file.id));
    }
    let factors = file
        .factors
        .into_iter()
        .enumerate()
        .map(|(i, f)| factor(&file.id, i, f, problems))
        .collect();
    Objective {
        id: file.id,
        name: file.name,
        description: file.description,
        factors,
    }
}

fn factor(objective: &str, index: usize, file: FactorFile, problems: &mut Vec<String>) -> Factor {
    let expected = format!("{objective}.{}", index + 1);
    if file.id != expected {
        problems.push(format!("factor \"{}\" should be \"{expected}\"", file.id));
    }
    if file.options.len() < 2 {
        problems.push(format!("factor {} needs at least 2 options", file.id));
    }
    let mut options = Vec::with_capacity(file.options.len());
    for (i, o) in file.options.into_iter().enumerate() {
        if usize::from(o.number) != i + 1 {
            problems.push(format!(
                "{} option {} should be numbered {}",
                file.id,
                o.number,
                i + 1
            ));
        }
        let seal = Seal::new(o.seal).unwrap_or_else(|| {
            problems.push(format!(
                "{} option {}: SEAL {} is not 0–4",
                file.id, o.number, o.seal
            ));
            Seal::MIN
        });
        let hundredths = (o.points * 100.0).round();
        if !(0.0..=100_000.0).contains(&hundredths) || (o.points * 100.0 - hundredths).abs() > 1e-6
        {
            problems.push(format!(
                "{} option {}: points {} must be 0 to 1000 with at most two decimals",
                file.id, o.number, o.points
            ));
        }
        options.push(FactorOption {
            number: o.number,
            label: o.label,
            // In range and integral: checked just above.
            points: Points::from_hundredths(hundredths as u32),
            seal,
            notes: o.notes.into_iter().map(Note::from).collect(),
        });
    }
    if options.windows(2).any(|w| w[0].points >= w[1].points) {
        problems.push(format!(
            "{}: points must increase with the option number",
            file.id
        ));
    }
    Factor {
        id: file.id,
        name: file.name,
        description: file.description,
        options,
        notes: file.notes.into_iter().map(Note::from).collect(),
    }
}
