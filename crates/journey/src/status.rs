//! Where a journey stands on a date: milestones, qualification, deadlines and alerts.

use chrono::NaiveDate;
use serde::Serialize;

use crate::dates::add_months;
use crate::replay::{Grant, Journey};

/// The status of a journey on a date. Field names are the `jalon status --format json` contract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Status {
    pub state: String,
    /// Holds a valid qualification on that date.
    pub qualified: bool,
    pub milestones: Vec<Milestone>,
    pub qualification: Option<Qualification>,
    pub deadlines: Vec<Deadline>,
    /// The alerts in English (the JSON contract); [`Status::notices`] are the same, typed, for
    /// other languages.
    pub alerts: Vec<String>,
    #[serde(skip)]
    pub notices: Vec<Alert>,
}

/// Something about the qualification that needs attention on the status date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Alert {
    Withdrawn { decided: NaiveDate, on: NaiveDate },
    Expired { expires: NaiveDate },
    Suspended { since: NaiveDate },
    Expiring { expires: NaiveDate, days_left: i64 },
    AuditOverdue { due: NaiveDate },
    RenewalOverdue { due: NaiveDate, expires: NaiveDate },
    AuditFailed { on: NaiveDate },
}

impl Alert {
    /// In English.
    pub fn describe(&self) -> String {
        match self {
            Alert::Withdrawn { decided, on } => {
                format!("The qualification decided on {decided} was withdrawn on {on}.")
            }
            Alert::Expired { expires } => {
                format!("The qualification expired on {expires}: a new qualification is needed.")
            }
            Alert::Suspended { since } => format!("The qualification is suspended since {since}."),
            Alert::Expiring { expires, days_left } => {
                format!("The qualification expires on {expires} ({days_left} days left).")
            }
            Alert::AuditOverdue { due } => format!(
                "The surveillance audit due on {due} is overdue: no passed audit is recorded for it."
            ),
            Alert::RenewalOverdue { due, expires } => format!(
                "Renewal should have started by {due}: record `renewal-started` once the new evaluation begins, before the qualification expires on {expires}."
            ),
            Alert::AuditFailed { on } => format!(
                "The surveillance audit of {on} failed: corrective actions and a passed audit are needed."
            ),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Milestone {
    pub id: String,
    pub reached: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Qualification {
    pub decided: NaiveDate,
    pub expires: NaiveDate,
    /// Days from the status date to expiry; negative once expired.
    pub days_left: i64,
    pub reserves: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeadlineKind {
    SurveillanceAudit,
    Expiry,
    RenewalStart,
}

impl DeadlineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineKind::SurveillanceAudit => "surveillance-audit",
            DeadlineKind::Expiry => "expiry",
            DeadlineKind::RenewalStart => "renewal-start",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeadlineStatus {
    Done,
    Upcoming,
    Overdue,
    /// Not done, and no longer due: the qualification it belongs to has expired (an audit that
    /// was never held is not overdue forever), or the finding it answers was withdrawn.
    Lapsed,
}

impl DeadlineStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineStatus::Done => "done",
            DeadlineStatus::Upcoming => "upcoming",
            DeadlineStatus::Overdue => "overdue",
            DeadlineStatus::Lapsed => "lapsed",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub due: NaiveDate,
    pub status: DeadlineStatus,
    /// Done, but after its due date and tolerance.
    pub late: bool,
    /// When it was done (the passed audit, the renewal's start).
    pub done: Option<NaiveDate>,
}

impl Journey<'_> {
    /// The status on `today` (the date the journey was replayed to).
    pub fn status(&self, today: NaiveDate) -> Status {
        let wf = self.workflow();
        let milestones = wf
            .milestones()
            .map(|(m, events)| Milestone {
                id: m.id.clone(),
                reached: self
                    .cycle()
                    .iter()
                    .find(|(e, _)| events.contains(e))
                    .map(|&(_, d)| d),
            })
            .collect();
        let grant = self.grant().filter(|g| g.revoked.is_none());
        let deadlines = grant.map(|g| deadlines(self, g, today)).unwrap_or_default();
        let mut alerts = Vec::new();
        if let Some(g) = self.grant() {
            grant_alerts(self, g, today, &deadlines, &mut alerts);
        }
        Status {
            state: self.state_id().to_owned(),
            qualified: self.grant().is_some_and(|g| g.holds_on(today)),
            milestones,
            qualification: self.grant().map(|g| Qualification {
                decided: g.decided,
                expires: g.expires,
                days_left: (g.expires - today).num_days(),
                reserves: g.reserves.clone(),
            }),
            deadlines,
            alerts: alerts.iter().map(Alert::describe).collect(),
            notices: alerts,
        }
    }
}

/// Surveillance audits fall every interval after the decision, until expiry; the renewal should
/// start `renewal_lead_months` before expiry. Each passed audit satisfies the earliest audit still
/// open whose window it falls in (after the previous due date), so a late audit counts, late.
fn deadlines(journey: &Journey<'_>, g: &Grant, today: NaiveDate) -> Vec<Deadline> {
    let c = journey.workflow().cadences();
    let expired = today > g.expires;
    let status = |done: bool, due: NaiveDate, tolerance: u32| {
        if done {
            DeadlineStatus::Done
        } else if expired {
            DeadlineStatus::Lapsed
        } else if today > due + chrono::Days::new(u64::from(tolerance)) {
            DeadlineStatus::Overdue
        } else {
            DeadlineStatus::Upcoming
        }
    };
    let mut out = Vec::new();
    let mut dues = Vec::new();
    if c.surveillance_interval_months > 0 {
        let mut k = 1;
        loop {
            let due = add_months(g.decided, k * c.surveillance_interval_months);
            if due >= g.expires {
                break;
            }
            dues.push(due);
            k += 1;
        }
    }
    let mut satisfied: Vec<Option<NaiveDate>> = vec![None; dues.len()];
    let mut passed = g.surveillance_passed.clone();
    passed.sort();
    for p in passed.into_iter().filter(|&p| p > g.decided) {
        let slot = (0..dues.len()).find(|&k| satisfied[k].is_none() && (k == 0 || p > dues[k - 1]));
        if let Some(k) = slot {
            satisfied[k] = Some(p);
        }
    }
    let late = |done: Option<NaiveDate>, due: NaiveDate, tolerance: u32| {
        done.is_some_and(|d| d > due + chrono::Days::new(u64::from(tolerance)))
    };
    for (k, &due) in dues.iter().enumerate() {
        let tolerance = c.surveillance_tolerance_days;
        out.push(Deadline {
            kind: DeadlineKind::SurveillanceAudit,
            due,
            status: status(satisfied[k].is_some(), due, tolerance),
            late: late(satisfied[k], due, tolerance),
            done: satisfied[k],
        });
    }
    let renewal_due = add_months(
        g.decided,
        c.validity_months.saturating_sub(c.renewal_lead_months),
    );
    out.push(Deadline {
        kind: DeadlineKind::RenewalStart,
        due: renewal_due,
        status: status(
            g.renewal_started.is_some(),
            renewal_due,
            c.renewal_tolerance_days,
        ),
        late: late(g.renewal_started, renewal_due, c.renewal_tolerance_days),
        done: g.renewal_started,
    });
    out.push(Deadline {
        kind: DeadlineKind::Expiry,
        due: g.expires,
        status: status(false, g.expires, 0),
        late: false,
        done: None,
    });
    out.sort_by_key(|d| d.due);
    out
}

fn grant_alerts(
    journey: &Journey<'_>,
    g: &Grant,
    today: NaiveDate,
    deadlines: &[Deadline],
    alerts: &mut Vec<Alert>,
) {
    let c = journey.workflow().cadences();
    if let Some(on) = g.revoked {
        alerts.push(Alert::Withdrawn {
            decided: g.decided,
            on,
        });
        return;
    }
    let left = (g.expires - today).num_days();
    if left < 0 {
        alerts.push(Alert::Expired { expires: g.expires });
        return;
    }
    if let Some(since) = g.suspended_since {
        alerts.push(Alert::Suspended { since });
    }
    if left <= i64::from(c.expiry_warning_days) {
        alerts.push(Alert::Expiring {
            expires: g.expires,
            days_left: left,
        });
    }
    for d in deadlines {
        match (d.kind, d.status) {
            (DeadlineKind::SurveillanceAudit, DeadlineStatus::Overdue) => {
                alerts.push(Alert::AuditOverdue { due: d.due });
            }
            (DeadlineKind::RenewalStart, DeadlineStatus::Overdue) => {
                alerts.push(Alert::RenewalOverdue {
                    due: d.due,
                    expires: g.expires,
                });
            }
            _ => {}
        }
    }
    let last_failed = g.surveillance_failed.iter().max();
    let last_passed = g.surveillance_passed.iter().max();
    if let Some(failed) = last_failed
        && last_passed.is_none_or(|p| p < failed)
    {
        alerts.push(Alert::AuditFailed { on: *failed });
    }
}
