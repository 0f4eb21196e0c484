//! Mappings from one referential's requirements to another framework's controls (SecNumCloud 3.2
//! to ISO/IEC 27001:2022, as CISO Assistant's mapping sets give them), and the coverage of each
//! target control that the verdicts of a cycle imply.

use std::collections::BTreeMap;

use crate::ledger::Verdict;
use crate::view::{GridView, OutOfScope};

crate::names::named_enum! {
    /// What the verdicts of the mapped requirements say of a target control.
    Coverage, "coverage" {
        Covered = "covered",
        NotCovered = "not-covered",
        Partial = "partial",
        NotAssessed = "not-assessed",
    }
}

/// One link of a mapping: a source requirement bears on a target control.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The source requirement's id (`6.2.a`).
    pub source: String,
    /// The target control's id (`A.5.3`).
    pub target: String,
    /// How they relate, as the mapping says (`intersect`, `equal`, `subset`…).
    pub relationship: String,
}

/// A mapping set: from the referential `source` to the framework `target`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapping {
    pub id: String,
    pub name: String,
    /// The source referential's id (`secnumcloud-3.2`).
    pub source: String,
    /// The target framework's id (`iso27001-2022`).
    pub target: String,
    pub links: Vec<Link>,
}

impl Mapping {
    /// Names by their ids the source requirements the mapping names by CISO Assistant node
    /// (`node129`, for entries without a lettered id), as `referential` knows them.
    pub fn resolve_nodes(&mut self, referential: &crate::Referential) {
        let by_node: BTreeMap<&str, &str> = referential
            .requirements
            .iter()
            .filter_map(|r| Some((r.node.as_deref()?, r.id.as_str())))
            .collect();
        for link in &mut self.links {
            if referential.get(&link.source).is_none()
                && let Some(id) = by_node.get(link.source.as_str())
            {
                link.source = (*id).to_owned();
            }
        }
    }
}

/// A target control, the mapped requirements with their verdicts, and its coverage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ControlCoverage<'m> {
    pub id: &'m str,
    pub coverage: Coverage,
    pub requirements: Vec<Mapped<'m>>,
}

/// A requirement mapped to a control: its verdict, and whether it applies to the service (only
/// those count for the coverage).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mapped<'m> {
    pub id: &'m str,
    pub verdict: Verdict,
    pub applies: bool,
}

/// What a cycle's grid says of every target control of `mapping`, in the mapping's order of
/// controls; and the source requirements the mapping names that the grid does not have (a
/// mapping made for another version, or a typo in it), which count for no control.
///
/// Only the requirements that apply to the service count: one for other service kinds, a
/// recommendation, an informative item (an example, a definition) or a heading is listed but
/// says nothing of the control. A control none of whose mapped requirements applies is
/// `not-assessed`.
///
/// A control is `covered` when every mapped requirement is conform or inherited, `not-covered`
/// when any is nonconform, `not-assessed` when none is assessed, `partial` otherwise (some not
/// assessed yet, or not applicable: a requirement declared not applicable does not show the
/// control is met).
pub fn coverage<'m>(
    mapping: &'m Mapping,
    grid: &GridView<'_>,
) -> (Vec<ControlCoverage<'m>>, Vec<&'m str>) {
    let verdicts: BTreeMap<&str, (Verdict, bool)> = grid
        .rows
        .iter()
        .map(|row| {
            let applies = matches!(
                row.out_of_scope,
                None | Some(OutOfScope::NotApplicable { .. } | OutOfScope::Inherited { .. })
            );
            (row.requirement.id.as_str(), (row.verdict, applies))
        })
        .collect();
    let mut controls: Vec<ControlCoverage<'m>> = Vec::new();
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut unknown: Vec<&str> = Vec::new();
    for link in &mapping.links {
        let (verdict, applies) = match verdicts.get(link.source.as_str()) {
            Some(&found) => found,
            None => {
                if !unknown.contains(&link.source.as_str()) {
                    unknown.push(&link.source);
                }
                continue;
            }
        };
        let at = *index.entry(&link.target).or_insert_with(|| {
            controls.push(ControlCoverage {
                id: &link.target,
                coverage: Coverage::NotAssessed,
                requirements: Vec::new(),
            });
            controls.len() - 1
        });
        let c = &mut controls[at];
        if !c.requirements.iter().any(|m| m.id == link.source) {
            c.requirements.push(Mapped {
                id: &link.source,
                verdict,
                applies,
            });
        }
    }
    for c in &mut controls {
        c.coverage = of(c
            .requirements
            .iter()
            .filter(|m| m.applies)
            .map(|m| m.verdict));
    }
    (controls, unknown)
}

/// The coverage that `verdicts` (those of a control's mapped requirements) imply.
pub fn of(verdicts: impl Iterator<Item = Verdict> + Clone) -> Coverage {
    let mut all = verdicts.clone().peekable();
    if all.peek().is_none() || verdicts.clone().all(|v| v == Verdict::NotAssessed) {
        Coverage::NotAssessed
    } else if verdicts.clone().any(|v| v == Verdict::Nonconform) {
        Coverage::NotCovered
    } else if verdicts
        .clone()
        .all(|v| matches!(v, Verdict::Conform | Verdict::Inherited))
    {
        Coverage::Covered
    } else {
        Coverage::Partial
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Verdict::*;

    #[test]
    fn coverage_follows_the_verdicts_of_the_mapped_requirements() {
        for (verdicts, expected) in [
            (&[Conform, Inherited][..], Coverage::Covered),
            (&[Conform, Nonconform, NotAssessed], Coverage::NotCovered),
            (&[NotAssessed, NotAssessed], Coverage::NotAssessed),
            (&[], Coverage::NotAssessed),
            (&[Conform, NotAssessed], Coverage::Partial),
            (&[Conform, NotApplicable], Coverage::Partial),
            (&[NotApplicable], Coverage::Partial),
        ] {
            assert_eq!(of(verdicts.iter().copied()), expected, "{verdicts:?}");
        }
    }
}
