//! The grid as the evaluation sees it: each requirement's scope, verdict and findings, and the
//! metrics per chapter and overall.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::ledger::{Ledger, Severity, Verdict};
use crate::referential::{Lang, Level, Referential, Requirement, RequirementKind};
use crate::scope::ServiceKind;

/// Why a requirement is out of scope. Every exclusion has a stated reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum OutOfScope {
    /// The referential restricts it to other service kinds.
    ServiceKind { applies_to: Vec<ServiceKind> },
    /// Declared not applicable, with a justification.
    NotApplicable { justification: String },
    /// Covered by an underlying qualified service.
    Inherited { from: String },
    /// A recommendation: not checked for qualification.
    Recommendation,
    /// An example or a definition inside a requirement: read with it, not assessed itself.
    Informative,
    /// A heading whose sub-items carry the obligations.
    NotAssessable,
    /// Of the reinforced level, while the referential is in scope at the standard level.
    Level { assessed_at: Level },
}

impl OutOfScope {
    /// In English (command output, JSON).
    pub fn describe(&self) -> String {
        self.describe_in(Lang::En)
    }

    pub fn describe_in(&self, lang: Lang) -> String {
        match (self, lang) {
            (OutOfScope::ServiceKind { applies_to }, _) => {
                let kinds: Vec<&str> = applies_to.iter().map(|k| k.display_name()).collect();
                match lang {
                    Lang::En => format!("applies to {} only", kinds.join(", ")),
                    Lang::Fr => format!("s'applique uniquement à {}", kinds.join(", ")),
                }
            }
            (OutOfScope::NotApplicable { justification }, Lang::En) => {
                format!("not applicable: {justification}")
            }
            (OutOfScope::NotApplicable { justification }, Lang::Fr) => {
                format!("non applicable : {justification}")
            }
            (OutOfScope::Inherited { from }, Lang::En) => format!("inherited from {from}"),
            (OutOfScope::Inherited { from }, Lang::Fr) => format!("hérité de {from}"),
            (OutOfScope::Recommendation, Lang::En) => {
                "recommendation, not checked for qualification".to_owned()
            }
            (OutOfScope::Recommendation, Lang::Fr) => {
                "recommandation, non vérifiée pour la qualification".to_owned()
            }
            (OutOfScope::Informative, Lang::En) => {
                "informative (an example or a definition), not assessed itself".to_owned()
            }
            (OutOfScope::Informative, Lang::Fr) => {
                "informatif (exemple ou définition), non évalué en tant que tel".to_owned()
            }
            (OutOfScope::NotAssessable, Lang::En) => {
                "heading; its sub-items are assessed".to_owned()
            }
            (OutOfScope::NotAssessable, Lang::Fr) => {
                "intitulé ; ses sous-exigences sont évaluées".to_owned()
            }
            (OutOfScope::Level { assessed_at }, Lang::En) => format!(
                "reinforced level; assessed at the {} level",
                assessed_at.as_str()
            ),
            (OutOfScope::Level { assessed_at }, Lang::Fr) => format!(
                "niveau renforcé ; évalué au niveau {}",
                match assessed_at {
                    Level::Standard => "standard",
                    Level::Reinforced => "renforcé",
                }
            ),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row<'a> {
    pub requirement: &'a Requirement,
    pub verdict: Verdict,
    pub out_of_scope: Option<OutOfScope>,
    pub findings: Vec<&'a str>,
}

impl Row<'_> {
    pub fn applicable(&self) -> bool {
        self.out_of_scope.is_none()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Counts {
    pub applicable: usize,
    pub assessed: usize,
    pub conform: usize,
    pub nonconform: usize,
    pub not_applicable: usize,
    pub inherited: usize,
    /// Share of applicable requirements that are conform, in percent, one decimal.
    pub readiness: f64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct OpenFindings {
    pub major: usize,
    pub minor: usize,
    pub observation: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    #[serde(flatten)]
    pub overall: Counts,
    pub open_findings: OpenFindings,
    pub by_chapter: BTreeMap<String, Counts>,
}

/// The whole grid for a service of `kinds`.
#[derive(Clone, Debug)]
pub struct GridView<'a> {
    pub rows: Vec<Row<'a>>,
    pub summary: Summary,
}

/// A requirement's verdict: its own when set explicitly, else what its checks say.
pub fn requirement_verdict(r: &Requirement, ledger: &Ledger) -> Verdict {
    if let Some(a) = ledger.verdict(&r.id, None)
        && a.verdict != Verdict::NotAssessed
    {
        return a.verdict;
    }
    let verdicts: Vec<Verdict> = r
        .checks
        .iter()
        .map(|c| {
            ledger
                .verdict(&r.id, Some(&c.id))
                .map_or(Verdict::NotAssessed, |a| a.verdict)
        })
        .collect();
    from_checks(&verdicts)
}

/// Any nonconform check makes the requirement nonconform; all checks settled with at least one
/// conform makes it conform; all not applicable or all inherited carries over; else not assessed.
pub fn from_checks(verdicts: &[Verdict]) -> Verdict {
    if verdicts.is_empty() {
        return Verdict::NotAssessed;
    }
    if verdicts.contains(&Verdict::Nonconform) {
        return Verdict::Nonconform;
    }
    if verdicts.iter().all(|v| *v == Verdict::NotApplicable) {
        return Verdict::NotApplicable;
    }
    if verdicts.iter().all(|v| *v == Verdict::Inherited) {
        return Verdict::Inherited;
    }
    if verdicts.contains(&Verdict::NotAssessed) {
        return Verdict::NotAssessed;
    }
    Verdict::Conform
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

impl Counts {
    fn add(&mut self, row: &Row<'_>) {
        match (&row.out_of_scope, row.verdict) {
            (None, v) => {
                self.applicable += 1;
                match v {
                    Verdict::Conform => {
                        self.assessed += 1;
                        self.conform += 1;
                    }
                    Verdict::Nonconform => {
                        self.assessed += 1;
                        self.nonconform += 1;
                    }
                    _ => {}
                }
            }
            (Some(OutOfScope::NotApplicable { .. }), _) => self.not_applicable += 1,
            (Some(OutOfScope::Inherited { .. }), _) => self.inherited += 1,
            (Some(_), _) => {}
        }
    }

    fn finish(&mut self) {
        self.readiness = if self.applicable == 0 {
            0.0
        } else {
            round1(100.0 * self.conform as f64 / self.applicable as f64)
        };
    }
}

impl<'a> GridView<'a> {
    pub fn new(
        referential: &'a Referential,
        kinds: &[ServiceKind],
        ledger: &'a Ledger,
    ) -> GridView<'a> {
        GridView::scoped(referential, kinds, ledger, None)
    }

    /// The grid of an evaluation that covers only the requirements in `only` (a surveillance
    /// audit): the others are left out of the rows and the metrics. `None`: the whole grid.
    pub fn scoped(
        referential: &'a Referential,
        kinds: &[ServiceKind],
        ledger: &'a Ledger,
        only: Option<&std::collections::BTreeSet<String>>,
    ) -> GridView<'a> {
        GridView::at_level(referential, kinds, Level::Reinforced, ledger, only)
    }

    /// [`GridView::scoped`] for a referential in scope at `level`: at the standard level, its
    /// reinforced entries are out of scope (the hygiene guide's `.R` measures); at the
    /// reinforced level, every entry is in.
    pub fn at_level(
        referential: &'a Referential,
        kinds: &[ServiceKind],
        level: Level,
        ledger: &'a Ledger,
        only: Option<&std::collections::BTreeSet<String>>,
    ) -> GridView<'a> {
        let mut findings_by_req: BTreeMap<&str, Vec<&'a str>> = BTreeMap::new();
        for f in ledger.findings.values() {
            for r in &f.requirements {
                findings_by_req
                    .entry(r.as_str())
                    .or_default()
                    .push(f.id.as_str());
            }
        }
        let mut rows = Vec::with_capacity(referential.requirements.len());
        for r in &referential.requirements {
            if only.is_some_and(|only| !only.contains(&r.id)) {
                continue;
            }
            let verdict = requirement_verdict(r, ledger);
            let explicit = ledger.verdict(&r.id, None);
            let out_of_scope = if !r.assessable {
                Some(OutOfScope::NotAssessable)
            } else if r.kind == RequirementKind::Recommendation {
                Some(OutOfScope::Recommendation)
            } else if r.kind == RequirementKind::Informative {
                Some(OutOfScope::Informative)
            } else if r.level > level {
                Some(OutOfScope::Level { assessed_at: level })
            } else if !r.applies_to_any(kinds) {
                Some(OutOfScope::ServiceKind {
                    applies_to: r.applies_to.clone(),
                })
            } else if verdict == Verdict::NotApplicable {
                let justification = explicit
                    .and_then(|a| a.justification.clone())
                    .unwrap_or_else(|| "every check is not applicable".to_owned());
                Some(OutOfScope::NotApplicable { justification })
            } else if verdict == Verdict::Inherited {
                let from = explicit
                    .and_then(|a| a.from.clone())
                    .unwrap_or_else(|| "an underlying service".to_owned());
                Some(OutOfScope::Inherited { from })
            } else {
                None
            };
            let findings = findings_by_req
                .get(r.id.as_str())
                .cloned()
                .unwrap_or_default();
            rows.push(Row {
                requirement: r,
                verdict,
                out_of_scope,
                findings,
            });
        }
        let mut overall = Counts::default();
        let mut by_chapter: BTreeMap<String, Counts> = referential
            .chapters
            .iter()
            .map(|c| (c.id.clone(), Counts::default()))
            .collect();
        for row in &rows {
            overall.add(row);
            if let Some(c) = by_chapter.get_mut(&referential.chapters[row.requirement.chapter].id) {
                c.add(row);
            }
        }
        overall.finish();
        by_chapter.values_mut().for_each(Counts::finish);
        let mut open = OpenFindings::default();
        for f in ledger.findings.values().filter(|f| f.status.is_open()) {
            match f.severity {
                Severity::Major => open.major += 1,
                Severity::Minor => open.minor += 1,
                Severity::Observation => open.observation += 1,
            }
        }
        GridView {
            rows,
            summary: Summary {
                overall,
                open_findings: open,
                by_chapter,
            },
        }
    }

    /// Applicable requirements not assessed yet (for the J2 guard).
    pub fn unassessed(&self) -> Vec<&'a str> {
        self.rows
            .iter()
            .filter(|r| {
                r.applicable() && !matches!(r.verdict, Verdict::Conform | Verdict::Nonconform)
            })
            .map(|r| r.requirement.id.as_str())
            .collect()
    }
}
