//! Every date a service must keep, from the dossier on a date: the journey's deadlines (surveillance
//! audits, the start of the renewal, the expiry), the corrective actions' due dates and the phases
//! of the current cycle's evaluation plan. What `jalon calendar` lists and writes as iCalendar.

use chrono::NaiveDate;
use grid::{FindingStatus, Phase};
use journey::{DeadlineKind, DeadlineStatus};
use serde::Serialize;

use crate::dossier::Dossier;

/// What a dated item is. Names are the `jalon calendar --format json` contract (`kind`); on the
/// same day, items list in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DueKind {
    SurveillanceAudit,
    RenewalStart,
    Expiry,
    /// A finding's corrective action, due on its date.
    CorrectiveAction,
    /// A phase of the current cycle's evaluation plan, from its first to its last planned day.
    PlanPhase,
}

impl DueKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DueKind::SurveillanceAudit => "surveillance-audit",
            DueKind::RenewalStart => "renewal-start",
            DueKind::Expiry => "expiry",
            DueKind::CorrectiveAction => "corrective-action",
            DueKind::PlanPhase => "plan-phase",
        }
    }
}

impl From<DeadlineKind> for DueKind {
    fn from(k: DeadlineKind) -> DueKind {
        match k {
            DeadlineKind::SurveillanceAudit => DueKind::SurveillanceAudit,
            DeadlineKind::RenewalStart => DueKind::RenewalStart,
            DeadlineKind::Expiry => DueKind::Expiry,
        }
    }
}

/// One dated item. Field names are the `jalon calendar --format json` contract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Due {
    /// What it is, not when: stays the same when its date moves (a corrected decision date, a
    /// corrective action given more time), so a calendar that imported it updates the event
    /// rather than adding one. `q1-surveillance-audit-2`, `q1-expiry`, `action-F-003`,
    /// `plan-initial-documentary`.
    pub id: String,
    pub kind: DueKind,
    /// The day it falls due (a plan phase's first day).
    pub due: NaiveDate,
    /// A plan phase's last day; `None` for a single day.
    pub end: Option<NaiveDate>,
    pub status: DeadlineStatus,
    /// Done, but after its due date (and the workflow's tolerance).
    pub late: bool,
    /// When it was done.
    pub done: Option<NaiveDate>,
    /// The finding a corrective action answers.
    pub finding: Option<String>,
    /// The corrective action's text, or the finding's title when it has none.
    pub title: Option<String>,
    pub owner: Option<String>,
    /// The evaluation cycle a plan phase belongs to.
    pub cycle: Option<String>,
    pub phase: Option<Phase>,
}

impl Dossier<'_> {
    /// Every dated item on `today` (the date the dossier was replayed to), by date, then kind,
    /// then id.
    pub fn calendar(&self, today: NaiveDate) -> Vec<Due> {
        let mut out = Vec::new();
        let status = self.journey.status(today);
        if let Some(g) = self.journey.grant() {
            let mut audits = 0;
            for d in &status.deadlines {
                let id = match d.kind {
                    DeadlineKind::SurveillanceAudit => {
                        audits += 1;
                        format!("q{}-{}-{audits}", g.number, d.kind.as_str())
                    }
                    _ => format!("q{}-{}", g.number, d.kind.as_str()),
                };
                out.push(Due {
                    id,
                    kind: d.kind.into(),
                    due: d.due,
                    end: None,
                    status: d.status,
                    late: d.late,
                    done: d.done,
                    finding: None,
                    title: None,
                    owner: None,
                    cycle: None,
                    phase: None,
                });
            }
        }
        for f in self.records.findings.values() {
            let Some(a) = &f.action else { continue };
            let done = f.action_done();
            let status = if f.status == FindingStatus::Withdrawn && done.is_none() {
                DeadlineStatus::Lapsed
            } else if done.is_some() || f.status == FindingStatus::Closed {
                DeadlineStatus::Done
            } else if f.action_overdue(today) {
                DeadlineStatus::Overdue
            } else {
                DeadlineStatus::Upcoming
            };
            out.push(Due {
                id: format!("action-{}", f.id),
                kind: DueKind::CorrectiveAction,
                due: a.due,
                end: None,
                status,
                late: done.is_some_and(|d| d > a.due),
                done,
                finding: Some(f.id.clone()),
                title: Some(a.action.clone()),
                owner: Some(a.owner.clone()),
                cycle: None,
                phase: None,
            });
        }
        let cycle = self.current();
        if let Some(plan) = &cycle.evaluation.plan {
            for span in plan.timeline() {
                let (Some(start), Some(end)) = (span.start, span.end) else {
                    continue;
                };
                out.push(Due {
                    id: format!("plan-{}-{}", cycle.id, span.phase.as_str()),
                    kind: DueKind::PlanPhase,
                    due: start,
                    end: (end > start).then_some(end),
                    status: if end < today {
                        DeadlineStatus::Done
                    } else {
                        DeadlineStatus::Upcoming
                    },
                    late: false,
                    done: (end < today).then_some(end),
                    finding: None,
                    title: None,
                    owner: None,
                    cycle: Some(cycle.id.clone()),
                    phase: Some(span.phase),
                });
            }
        }
        out.sort_by(|a, b| (a.due, a.kind, &a.id).cmp(&(b.due, b.kind, &b.id)));
        out
    }

    /// The corrective actions overdue on `today`, most overdue first.
    pub fn overdue_actions(&self, today: NaiveDate) -> Vec<&grid::Finding> {
        let mut late: Vec<&grid::Finding> = self
            .records
            .findings
            .values()
            .filter(|f| f.action_overdue(today))
            .collect();
        late.sort_by_key(|f| f.action.as_ref().map(|a| a.due));
        late
    }
}
