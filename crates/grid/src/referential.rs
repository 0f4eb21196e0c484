//! Referentials: versioned catalogues of chapters, sections and requirements with their minimum
//! checks.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ServiceKind;

/// A text in the two languages jalon speaks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub en: String,
    pub fr: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    En,
    Fr,
}

/// Which part of the summary report a requirement's results go to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Axis {
    Organizational,
    Technical,
}

impl Axis {
    pub fn as_str(self) -> &'static str {
        match self {
            Axis::Organizational => "organizational",
            Axis::Technical => "technical",
        }
    }
}

/// A requirement is checked for qualification; a recommendation is not; an informative item (an
/// example of how a requirement may be met, a definition of its terms) is read with the requirement
/// it belongs to and not assessed itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RequirementKind {
    Requirement,
    Recommendation,
    Informative,
}

impl RequirementKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RequirementKind::Requirement => "requirement",
            RequirementKind::Recommendation => "recommendation",
            RequirementKind::Informative => "informative",
        }
    }
}

/// Standard or reinforced level (the hygiene guide's ".R" measures). Ordered: the reinforced
/// level includes the standard one.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Level {
    #[default]
    Standard,
    Reinforced,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Standard => "standard",
            Level::Reinforced => "reinforced",
        }
    }
}

/// How a check is suggested to be performed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Method {
    Documentary,
    Interview,
    TechnicalTest,
    OnSite,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Documentary => "documentary",
            Method::Interview => "interview",
            Method::TechnicalTest => "technical-test",
            Method::OnSite => "on-site",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A minimum check: what the evaluation centre verifies for a requirement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// Unique within its requirement (`c1`, `c2`…).
    pub id: String,
    pub text: Text,
    pub method: Method,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub id: String,
    pub title: Text,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chapter {
    pub id: String,
    pub title: Text,
    pub axis: Axis,
    pub sections: Vec<Section>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    /// Stable id: lettered (`12.3.a`) or derived from parent and position (`19.6.b.1`).
    pub id: String,
    /// How CISO Assistant names the entry when not by its id: the last segment of its node's urn
    /// (`node129` for an entry without a lettered id; `5;2.d`, the library's own spelling of
    /// 5.2.d). Mapping sets name it so, and [`Referential::ciso_urn`] is made from it.
    pub node: Option<String>,
    /// Index into [`Referential::chapters`].
    pub chapter: usize,
    /// Index into the chapter's sections, if it has any.
    pub section: Option<usize>,
    pub kind: RequirementKind,
    /// Whether it is assessed itself (group headings whose sub-items carry the obligation are not).
    pub assessable: bool,
    /// A one-line summary in jalon's own words, when the referential has one.
    pub summary: Option<Text>,
    /// The official title, when imported.
    pub title: Option<String>,
    /// The official text, when imported.
    pub text: Option<String>,
    /// Service kinds it applies to; empty means every kind of the referential.
    pub applies_to: Vec<ServiceKind>,
    pub axis: Axis,
    pub level: Level,
    pub checks: Vec<Check>,
}

impl Requirement {
    /// Whether it applies to a service of these kinds by the referential's own text.
    pub fn applies_to_any(&self, kinds: &[ServiceKind]) -> bool {
        self.applies_to.is_empty() || self.applies_to.iter().any(|k| kinds.contains(k))
    }
}

/// A checked referential: ids unique, requirements in document order, an index by id.
#[derive(Clone, Debug)]
pub struct Referential {
    pub id: String,
    pub version: String,
    pub title: Text,
    pub source: String,
    pub kinds: Vec<ServiceKind>,
    pub chapters: Vec<Chapter>,
    pub requirements: Vec<Requirement>,
    index: HashMap<String, usize>,
}

/// One thing wrong with a referential; `needle` is the text to locate in its file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ReferentialProblem {
    pub message: String,
    pub needle: Option<String>,
}

impl Referential {
    /// The urn of requirement `q` in the CISO Assistant library this referential follows:
    /// `urn:intuitem:risk:req_node:<library>:<node, else the id in lower case>`. The library is
    /// `anssi-guide-hygiene` for the embedded hygiene guide, else the referential's id (as the
    /// library urns of SecNumCloud and of an imported library give it).
    pub fn ciso_urn(&self, q: &Requirement) -> String {
        let library = match self.id.as_str() {
            "anssi-hygiene" => "anssi-guide-hygiene",
            id => id,
        };
        let node = q.node.clone().unwrap_or_else(|| q.id.to_lowercase());
        format!("urn:intuitem:risk:req_node:{library}:{node}")
    }

    /// Builds the index and checks ids: chapters, sections and requirements unique, checks unique
    /// within their requirement, every assessable requirement with at least one check.
    pub fn new(
        id: String,
        version: String,
        title: Text,
        source: String,
        kinds: Vec<ServiceKind>,
        chapters: Vec<Chapter>,
        requirements: Vec<Requirement>,
    ) -> Result<Referential, Vec<ReferentialProblem>> {
        let mut problems = Vec::new();
        let problem = |needle: &str, message: String| ReferentialProblem {
            message,
            needle: Some(format!("\"{needle}\"")),
        };
        let mut seen = HashMap::new();
        for c in &chapters {
            if seen.insert(c.id.clone(), ()).is_some() {
                problems.push(problem(&c.id, format!("duplicate chapter id `{}`", c.id)));
            }
            for s in &c.sections {
                if seen.insert(s.id.clone(), ()).is_some() {
                    problems.push(problem(&s.id, format!("duplicate section id `{}`", s.id)));
                }
            }
        }
        let mut index = HashMap::with_capacity(requirements.len());
        for (i, r) in requirements.iter().enumerate() {
            if index.insert(r.id.clone(), i).is_some() {
                problems.push(problem(
                    &r.id,
                    format!("duplicate requirement id `{}`", r.id),
                ));
            }
            let mut checks: Vec<&str> = r.checks.iter().map(|c| c.id.as_str()).collect();
            checks.sort_unstable();
            if let Some(w) = checks.windows(2).find(|w| w[0] == w[1]) {
                problems.push(problem(
                    &r.id,
                    format!("requirement `{}` has two checks `{}`", r.id, w[0]),
                ));
            }
            for k in &r.applies_to {
                if !kinds.contains(k) {
                    problems.push(problem(
                        &r.id,
                        format!(
                            "requirement `{}` applies to `{k}`, not a kind of this referential",
                            r.id
                        ),
                    ));
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Referential {
            id,
            version,
            title,
            source,
            kinds,
            chapters,
            requirements,
            index,
        })
    }

    pub fn get(&self, id: &str) -> Option<&Requirement> {
        self.index.get(id).map(|&i| &self.requirements[i])
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn chapter_of(&self, r: &Requirement) -> &Chapter {
        &self.chapters[r.chapter]
    }

    pub fn section_of(&self, r: &Requirement) -> Option<&Section> {
        r.section.map(|s| &self.chapters[r.chapter].sections[s])
    }

    /// Requirements that are assessed themselves.
    pub fn assessable(&self) -> impl Iterator<Item = &Requirement> {
        self.requirements.iter().filter(|r| r.assessable)
    }

    /// Copies the official title, text and any checks of `official` onto requirements with the
    /// same id; returns how many requirements were enriched. Summaries and structure stay.
    pub fn enrich(&mut self, official: &Referential) -> usize {
        let mut count = 0;
        for r in &mut self.requirements {
            if let Some(o) = official.get(&r.id) {
                if o.title.is_some() {
                    r.title.clone_from(&o.title);
                }
                if o.text.is_some() {
                    r.text.clone_from(&o.text);
                }
                count += 1;
            }
        }
        count
    }
}
