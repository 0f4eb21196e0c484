//! The evaluation plan: which check is verified in which phase, how, by whom and when; written
//! by the Responsable d'évaluation and validated by ANSSI.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Serialize;

use crate::ledger::Stamp;
use crate::referential::Method;
use crate::view::GridView;

crate::names::named_enum! {
    /// The two phases of the evaluation work: the documentary audit, then the on-site audit.
    Phase, "phase" {
        Documentary = "documentary",
        Onsite = "onsite",
    }
}

crate::names::named_enum! {
    /// draft → submitted → validated (by ANSSI) or changes-requested (then submitted again).
    PlanStatus, "plan status" {
        Draft = "draft",
        Submitted = "submitted",
        Validated = "validated",
        ChangesRequested = "changes-requested",
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlanItem {
    pub requirement: String,
    pub check: String,
    pub phase: Phase,
    pub method: Method,
    pub evaluator: Option<String>,
    pub date: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlanChange {
    pub status: PlanStatus,
    pub by: Stamp,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub status: PlanStatus,
    pub items: Vec<PlanItem>,
    pub history: Vec<PlanChange>,
}

/// A phase's span in the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PhaseSpan {
    pub phase: Phase,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub checks: usize,
}

/// Checks verified per working day when dates are spread by default.
pub const DOCUMENTARY_PER_DAY: usize = 15;
pub const ONSITE_PER_DAY: usize = 10;
/// Working days between the end of the documentary audit and the start of the on-site audit.
pub const GAP_DAYS: usize = 10;

/// The phase a check's suggested method belongs to: reading and interviews are documentary work,
/// technical tests and observations happen on site.
pub fn phase_of(method: Method) -> Phase {
    match method {
        Method::Documentary | Method::Interview => Phase::Documentary,
        Method::TechnicalTest | Method::OnSite => Phase::Onsite,
    }
}

fn next_working_day(d: NaiveDate) -> NaiveDate {
    let mut d = d;
    while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
        d = d.succ_opt().unwrap_or(d);
    }
    d
}

fn add_working_days(d: NaiveDate, n: usize) -> NaiveDate {
    let mut d = next_working_day(d);
    for _ in 0..n {
        d = next_working_day(d.succ_opt().unwrap_or(d));
    }
    d
}

impl Plan {
    /// One item per check of every applicable requirement (centre checks included), in referential
    /// order, phased by suggested method; with a start date, documentary checks are spread over
    /// working days from it, then the on-site checks after a gap.
    pub fn generate(
        view: &GridView<'_>,
        start: Option<NaiveDate>,
        evaluator: Option<&str>,
    ) -> Vec<PlanItem> {
        let mut items: Vec<PlanItem> = view
            .rows
            .iter()
            .filter(|row| row.applicable())
            .flat_map(|row| {
                row.requirement.checks.iter().map(|c| PlanItem {
                    requirement: row.requirement.id.clone(),
                    check: c.id.clone(),
                    phase: phase_of(c.method),
                    method: c.method,
                    evaluator: evaluator.map(str::to_owned),
                    date: None,
                })
            })
            .collect();
        if let Some(start) = start {
            let mut day = 0;
            let mut n = 0;
            for it in items.iter_mut().filter(|i| i.phase == Phase::Documentary) {
                it.date = Some(add_working_days(start, day));
                n += 1;
                if n % DOCUMENTARY_PER_DAY == 0 {
                    day += 1;
                }
            }
            let onsite_start = add_working_days(start, day + GAP_DAYS);
            let (mut day, mut n) = (0, 0);
            for it in items.iter_mut().filter(|i| i.phase == Phase::Onsite) {
                it.date = Some(add_working_days(onsite_start, day));
                n += 1;
                if n % ONSITE_PER_DAY == 0 {
                    day += 1;
                }
            }
        }
        items
    }

    /// First and last planned dates and the number of checks, per phase.
    pub fn timeline(&self) -> Vec<PhaseSpan> {
        [Phase::Documentary, Phase::Onsite]
            .into_iter()
            .map(|phase| {
                let items = self.items.iter().filter(|i| i.phase == phase);
                let dates: Vec<NaiveDate> = items.clone().filter_map(|i| i.date).collect();
                PhaseSpan {
                    phase,
                    start: dates.iter().min().copied(),
                    end: dates.iter().max().copied(),
                    checks: items.count(),
                }
            })
            .collect()
    }

    /// When ANSSI validated the plan, if it is validated.
    pub fn validated(&self) -> Option<&Stamp> {
        if self.status != PlanStatus::Validated {
            return None;
        }
        self.history
            .iter()
            .rev()
            .find(|c| c.status == PlanStatus::Validated)
            .map(|c| &c.by)
    }
}
