//! Referential files: the embedded ones (`crates/grid/referentials/*.ron`, compiled in) and those a
//! workspace imported (`referentials/<id>.ron`).

use std::path::Path;

use grid::{
    Axis, Chapter, Check, Level, Referential, Requirement, RequirementKind, Section, ServiceKind,
    Text,
};
use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, StorageError};
use crate::ronfmt;

pub const FORMAT: u32 = 1;

/// Referentials compiled into the binary, by id.
pub const EMBEDDED: [(&str, &str); 2] = [
    (
        "secnumcloud-3.2",
        include_str!("../../grid/referentials/secnumcloud-3.2.ron"),
    ),
    (
        "anssi-hygiene",
        include_str!("../../grid/referentials/anssi-hygiene.ron"),
    ),
];

/// A referential file as written on disk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferentialFile {
    pub format: u32,
    pub id: String,
    pub version: String,
    pub title: Text,
    pub source: String,
    pub kinds: Vec<ServiceKind>,
    pub chapters: Vec<ChapterFile>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChapterFile {
    pub id: String,
    pub title: Text,
    pub axis: Axis,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<SectionFile>,
    /// For referentials without sections (the hygiene guide's themes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<RequirementFile>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFile {
    pub id: String,
    pub title: Text,
    pub requirements: Vec<RequirementFile>,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

fn is_standard(l: &Level) -> bool {
    *l == Level::Standard
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequirementFile {
    pub id: String,
    /// The CISO Assistant node of an entry without a lettered id (see `grid::Requirement::node`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    pub kind: RequirementKind,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub assessable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Text>,
    /// Official title (imported).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Official text (imported).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applies_to: Vec<ServiceKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub axis: Option<Axis>,
    #[serde(default, skip_serializing_if = "is_standard")]
    pub level: Level,
    #[serde(default)]
    pub checks: Vec<Check>,
}

/// Parses and checks a referential file.
pub fn parse_referential(path: &Path, text: &str) -> Result<Referential, StorageError> {
    let file: ReferentialFile = ronfmt::parse(path, text)?;
    if let Some(d) = ronfmt::format_problem(path, text, file.format, FORMAT) {
        return Err(StorageError::invalid(d));
    }
    into_domain(file).map_err(|problems| {
        StorageError::Invalid(
            problems
                .into_iter()
                .map(|p| {
                    let d = Diagnostic::new(path, p.message);
                    match &p.needle {
                        Some(n) => d.at_text(text, n),
                        None => d,
                    }
                })
                .collect(),
        )
    })
}

/// Flattens the file's chapters and sections into a checked referential.
pub fn into_domain(file: ReferentialFile) -> Result<Referential, Vec<grid::ReferentialProblem>> {
    let mut chapters = Vec::with_capacity(file.chapters.len());
    let mut requirements = Vec::new();
    for (ci, c) in file.chapters.into_iter().enumerate() {
        let req = |r: RequirementFile, section: Option<usize>| Requirement {
            id: r.id,
            node: r.node,
            chapter: ci,
            section,
            kind: r.kind,
            assessable: r.assessable,
            summary: r.summary,
            title: r.title,
            text: r.text,
            applies_to: r.applies_to,
            axis: r.axis.unwrap_or(c.axis),
            level: r.level,
            checks: r.checks,
        };
        requirements.extend(c.requirements.into_iter().map(|r| req(r, None)));
        let mut sections = Vec::with_capacity(c.sections.len());
        for (si, s) in c.sections.into_iter().enumerate() {
            requirements.extend(s.requirements.into_iter().map(|r| req(r, Some(si))));
            sections.push(Section {
                id: s.id,
                title: s.title,
            });
        }
        chapters.push(Chapter {
            id: c.id,
            title: c.title,
            axis: c.axis,
            sections,
        });
    }
    Referential::new(
        file.id,
        file.version,
        file.title,
        file.source,
        file.kinds,
        chapters,
        requirements,
    )
}

/// The file form of a referential (for writing an imported one).
pub fn to_file(r: &Referential) -> ReferentialFile {
    let to_req = |q: &Requirement| RequirementFile {
        id: q.id.clone(),
        node: q.node.clone(),
        kind: q.kind,
        assessable: q.assessable,
        summary: q.summary.clone(),
        title: q.title.clone(),
        text: q.text.clone(),
        applies_to: q.applies_to.clone(),
        axis: (q.axis != r.chapters[q.chapter].axis).then_some(q.axis),
        level: q.level,
        checks: q.checks.clone(),
    };
    let chapters = r
        .chapters
        .iter()
        .enumerate()
        .map(|(ci, c)| ChapterFile {
            id: c.id.clone(),
            title: c.title.clone(),
            axis: c.axis,
            sections: c
                .sections
                .iter()
                .enumerate()
                .map(|(si, s)| SectionFile {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    requirements: r
                        .requirements
                        .iter()
                        .filter(|q| q.chapter == ci && q.section == Some(si))
                        .map(to_req)
                        .collect(),
                })
                .collect(),
            requirements: r
                .requirements
                .iter()
                .filter(|q| q.chapter == ci && q.section.is_none())
                .map(to_req)
                .collect(),
        })
        .collect();
    ReferentialFile {
        format: FORMAT,
        id: r.id.clone(),
        version: r.version.clone(),
        title: r.title.clone(),
        source: r.source.clone(),
        kinds: r.kinds.clone(),
        chapters,
    }
}

/// Renders a referential as a RON file.
pub fn render_referential(r: &Referential) -> String {
    ronfmt::render(&to_file(r))
}

/// An embedded referential by id.
pub fn embedded(id: &str) -> Option<Result<Referential, StorageError>> {
    let (name, text) = EMBEDDED.iter().find(|(n, _)| *n == id)?;
    Some(parse_referential(
        Path::new(&format!("crates/grid/referentials/{name}.ron")),
        text,
    ))
}

/// `checks.ron`: checks an evaluation centre adds to requirements, without touching the referential.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CentreChecksFile {
    pub format: u32,
    pub checks: Vec<CentreCheck>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CentreCheck {
    pub requirement: String,
    pub id: String,
    pub text: Text,
    pub method: grid::Method,
}

/// Adds the centre's checks (from `checks.ron`, whose text is `text`) to `r`. A check naming an
/// unknown requirement, or reusing an id of its requirement, is reported at its place.
pub fn add_centre_checks(
    r: &mut Referential,
    path: &Path,
    text: &str,
) -> Result<usize, StorageError> {
    let file: CentreChecksFile = ronfmt::parse(path, text)?;
    if let Some(d) = ronfmt::format_problem(path, text, file.format, FORMAT) {
        return Err(StorageError::invalid(d));
    }
    let mut problems = Vec::new();
    let mut added = 0;
    for c in file.checks {
        let Some(pos) = r.position(&c.requirement) else {
            problems.push(
                Diagnostic::new(
                    path,
                    format!(
                        "check `{}` names requirement `{}`, which {} does not have",
                        c.id, c.requirement, r.id
                    ),
                )
                .at_text(text, &format!("\"{}\"", c.requirement)),
            );
            continue;
        };
        let req = &mut r.requirements[pos];
        if req.checks.iter().any(|k| k.id == c.id) {
            problems.push(
                Diagnostic::new(
                    path,
                    format!(
                        "requirement {} already has a check `{}`",
                        c.requirement, c.id
                    ),
                )
                .at_text(text, &format!("\"{}\"", c.id))
                .hint("give the centre's checks their own ids, e.g. x1, x2"),
            );
            continue;
        }
        req.checks.push(Check {
            id: c.id,
            text: c.text,
            method: c.method,
        });
        added += 1;
    }
    if problems.is_empty() {
        Ok(added)
    } else {
        Err(StorageError::Invalid(problems))
    }
}
