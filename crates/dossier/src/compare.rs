//! What changed from one cycle to another: verdicts per requirement, findings new, settled and
//! carried over, and readiness per chapter.

use std::collections::BTreeMap;

use serde::Serialize;

use grid::{GridView, OutOfScope, Referential, Verdict};

use crate::dossier::{Cycle, Dossier};

/// One requirement in either cycle's scope, with its verdict in each (`None`: not in that
/// cycle's scope, as most of the grid is not in a surveillance audit's).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VerdictChange {
    pub requirement: String,
    pub chapter: String,
    pub a: Option<Verdict>,
    pub b: Option<Verdict>,
    /// In both cycles' scopes, with a different verdict in each. A requirement one cycle did not
    /// evaluate has not changed: it is only in the other's scope.
    pub changed: bool,
}

/// One chapter's readiness (share of applicable requirements conform, in percent) in each cycle.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChapterChange {
    pub chapter: String,
    pub a: Option<f64>,
    pub b: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub a: String,
    pub b: String,
    pub requirements: Vec<VerdictChange>,
    /// Findings opened in B.
    pub new_findings: Vec<String>,
    /// Findings closed or withdrawn in B.
    pub closed_findings: Vec<String>,
    /// Findings carried into B (open when it opened).
    pub carried_findings: Vec<String>,
    pub chapters: Vec<ChapterChange>,
}

/// Compares cycle `a` with cycle `b` of `dossier` over `referential`.
pub fn compare(
    dossier: &Dossier<'_>,
    referential: &Referential,
    a: &Cycle,
    b: &Cycle,
) -> Comparison {
    let kinds = &dossier.settings.kinds;
    let (la, lb) = (dossier.ledger_of(a), dossier.ledger_of(b));
    let (sa, sb) = (dossier.scope_of(a), dossier.scope_of(b));
    let va = GridView::scoped(referential, kinds, &la, sa.as_ref());
    let vb = GridView::scoped(referential, kinds, &lb, sb.as_ref());
    // The verdict of each requirement the cycle evaluates: applicable, or judged not applicable
    // or inherited in it (headings, recommendations and other service kinds are never evaluated).
    let verdicts = |v: &GridView<'_>| -> BTreeMap<String, Verdict> {
        v.rows
            .iter()
            .filter(|r| {
                matches!(
                    r.out_of_scope,
                    None | Some(OutOfScope::NotApplicable { .. } | OutOfScope::Inherited { .. })
                )
            })
            .map(|r| (r.requirement.id.clone(), r.verdict))
            .collect()
    };
    let (ma, mb) = (verdicts(&va), verdicts(&vb));
    let requirements = referential
        .requirements
        .iter()
        .filter_map(|q| {
            let (x, y) = (ma.get(&q.id).copied(), mb.get(&q.id).copied());
            (x.is_some() || y.is_some()).then(|| VerdictChange {
                requirement: q.id.clone(),
                chapter: referential.chapters[q.chapter].id.clone(),
                a: x,
                b: y,
                changed: x.is_some() && y.is_some() && x != y,
            })
        })
        .collect();
    let in_b = |m: &BTreeMap<String, String>| -> Vec<String> {
        m.iter()
            .filter(|(_, c)| **c == b.id)
            .map(|(f, _)| f.clone())
            .collect()
    };
    let readiness = |v: &GridView<'_>, chapter: &str| {
        v.summary
            .by_chapter
            .get(chapter)
            .filter(|c| c.applicable > 0)
            .map(|c| c.readiness)
    };
    let chapters = referential
        .chapters
        .iter()
        .filter_map(|c| {
            let (x, y) = (readiness(&va, &c.id), readiness(&vb, &c.id));
            (x.is_some() || y.is_some()).then(|| ChapterChange {
                chapter: c.id.clone(),
                a: x,
                b: y,
            })
        })
        .collect();
    Comparison {
        a: a.id.clone(),
        b: b.id.clone(),
        requirements,
        new_findings: in_b(&dossier.finding_opened_in),
        closed_findings: in_b(&dossier.finding_settled_in),
        carried_findings: b.carried.clone(),
        chapters,
    }
}
