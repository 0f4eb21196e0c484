//! Replaying a journal of dated events through a workflow, and checking a new event before it is
//! recorded.

use chrono::NaiveDate;

use crate::dates::add_months;
use crate::workflow::{Effect, EventIx, Guard, StateIx, Workflow};

/// One event as the journal holds it, in recording order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    pub event: String,
    /// The real-world date of the event.
    pub date: NaiveDate,
    pub reserves: Option<String>,
    /// Recorded with `--force`: guards and prerequisites were overridden.
    pub forced: bool,
}

/// What the workspace knows that guards may need. Later capabilities (grid, plan, findings) add
/// fields here; the CLI fills it from the workspace.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub service_kinds: Vec<String>,
    pub evaluation_centre: Option<String>,
    /// Applicable requirements of the grid without a verdict.
    pub unassessed: Vec<String>,
    /// Ids of open major findings.
    pub open_major_findings: Vec<String>,
    /// The evaluation plan's status (`draft`, `submitted`, `validated`, `changes-requested`), if any.
    pub plan_status: Option<String>,
}

/// A qualification granted by a decision, and what happened to it since.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    pub decided: NaiveDate,
    pub expires: NaiveDate,
    pub reserves: Option<String>,
    pub suspended_since: Option<NaiveDate>,
    pub revoked: Option<NaiveDate>,
    pub surveillance_passed: Vec<NaiveDate>,
    pub surveillance_failed: Vec<NaiveDate>,
    pub renewal_started: Option<NaiveDate>,
}

impl Grant {
    /// Whether the qualification holds on `date`: decided, not expired, suspended or withdrawn.
    pub fn holds_on(&self, date: NaiveDate) -> bool {
        self.decided <= date
            && date <= self.expires
            && self.suspended_since.is_none()
            && self.revoked.is_none()
    }
}

/// The journey after a replay.
#[derive(Clone, Debug)]
pub struct Journey<'w> {
    wf: &'w Workflow,
    state: StateIx,
    /// The state-changing event that brought the journey into `state`.
    entered: Option<(EventIx, NaiveDate)>,
    /// Events of the current cycle (since the last request or renewal), in order.
    cycle: Vec<(EventIx, NaiveDate)>,
    grant: Option<Grant>,
    /// The date up to which time has been taken into account.
    clock: Option<NaiveDate>,
}

/// Why a journal cannot be replayed: an entry that the workflow does not allow where it stands.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("entry {position} (`{event}` on {date}): {reason}")]
pub struct ReplayError {
    /// Index of the entry in the journal as given.
    pub position: usize,
    pub event: String,
    pub date: NaiveDate,
    pub reason: String,
}

/// Why an event cannot be recorded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("`{0}` is not an event of this workflow; known events: {1}")]
    UnknownEvent(String, String),
    #[error("the date {date} is after today ({today}); record events once they have happened")]
    InTheFuture { date: NaiveDate, today: NaiveDate },
    #[error("`{event}` cannot be recorded in state `{state}`: it needs state {needs}{via}")]
    NotAllowed {
        event: String,
        state: String,
        needs: String,
        via: String,
    },
    #[error(
        "`{event}` is dated {date}, before `{after}` ({after_date}) which it depends on; check the date"
    )]
    DatedTooEarly {
        event: String,
        date: NaiveDate,
        after: String,
        after_date: NaiveDate,
    },
    #[error("`{event}` is not ready: {}; record what is missing first, or record what really happened with --force --note \"why\"", blocked_by.join("; "))]
    Blocked {
        event: String,
        blocked_by: Vec<String>,
    },
    #[error("`{event}` cannot carry reserves; only {allowed} can")]
    NoReserves { event: String, allowed: String },
    #[error("recording `{event}` on {date} breaks the journal after it: {reason}")]
    BreaksLater {
        event: String,
        date: NaiveDate,
        reason: String,
    },
    #[error("the journal cannot be replayed: {0}")]
    Journal(ReplayError),
}

/// An event possible from the current state, and what stands in its way.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Possible {
    pub event: String,
    pub ready: bool,
    pub blocked_by: Vec<String>,
}

impl<'w> Journey<'w> {
    pub fn start(wf: &'w Workflow) -> Journey<'w> {
        Journey {
            wf,
            state: wf.initial(),
            entered: None,
            cycle: Vec::new(),
            grant: None,
            clock: None,
        }
    }

    /// Replays `entries` (in recording order) that are dated on or before `until`, then lets time
    /// run to `until` (expiry is derived, never recorded).
    pub fn replay(
        wf: &'w Workflow,
        entries: &[Recorded],
        until: NaiveDate,
    ) -> Result<Journey<'w>, ReplayError> {
        let mut journey = Journey::start(wf);
        for (position, entry) in chronological(entries) {
            if entry.date > until {
                break;
            }
            journey.apply(entry).map_err(|reason| ReplayError {
                position,
                event: entry.event.clone(),
                date: entry.date,
                reason,
            })?;
        }
        journey.advance(until);
        Ok(journey)
    }

    pub fn workflow(&self) -> &'w Workflow {
        self.wf
    }

    pub fn state(&self) -> StateIx {
        self.state
    }

    pub fn state_id(&self) -> &'w str {
        &self.wf.state(self.state).id
    }

    pub fn grant(&self) -> Option<&Grant> {
        self.grant.as_ref()
    }

    pub fn cycle(&self) -> &[(EventIx, NaiveDate)] {
        &self.cycle
    }

    /// Lets time pass: a qualification whose validity ran out before `date` expires.
    fn advance(&mut self, date: NaiveDate) {
        if let Some(grant) = &self.grant
            && grant.expires < date
            && grant.revoked.is_none()
            && self.wf.expires_from(self.state)
        {
            self.state = self.wf.expiry_state();
        }
        if self.clock.is_none_or(|c| c < date) {
            self.clock = Some(date);
        }
    }

    /// Applies one entry, checking only the graph (guards were checked when it was recorded).
    fn apply(&mut self, entry: &Recorded) -> Result<(), String> {
        let Some(event) = self.wf.event_index(&entry.event) else {
            return Err(format!(
                "`{}` is not an event of workflow `{}`",
                entry.event,
                self.wf.id()
            ));
        };
        self.advance(entry.date);
        if !self.wf.allowed_from(event, self.state) {
            return Err(format!(
                "`{}` is not possible in state `{}`",
                entry.event,
                self.state_id()
            ));
        }
        let def = self.wf.event(event);
        let effect = def.effect;
        if effect == Some(Effect::StartCycle) || self.state == self.wf.initial() {
            self.cycle.clear();
        }
        self.cycle.push((event, entry.date));
        let validity = self.wf.cadences().validity_months;
        match (effect, self.grant.as_mut()) {
            (Some(Effect::Grant), _) => {
                self.grant = Some(Grant {
                    decided: entry.date,
                    expires: add_months(entry.date, validity),
                    reserves: entry.reserves.clone().filter(|r| !r.trim().is_empty()),
                    suspended_since: None,
                    revoked: None,
                    surveillance_passed: Vec::new(),
                    surveillance_failed: Vec::new(),
                    renewal_started: None,
                });
            }
            (Some(Effect::Suspend), Some(g)) => g.suspended_since = Some(entry.date),
            (Some(Effect::Reinstate), Some(g)) => g.suspended_since = None,
            (Some(Effect::Revoke), Some(g)) => g.revoked = Some(entry.date),
            (Some(Effect::SurveillancePassed), Some(g)) => g.surveillance_passed.push(entry.date),
            (Some(Effect::SurveillanceFailed), Some(g)) => g.surveillance_failed.push(entry.date),
            (Some(Effect::StartCycle), Some(g))
                if g.revoked.is_none() && entry.date <= g.expires =>
            {
                g.renewal_started.get_or_insert(entry.date);
            }
            _ => {}
        }
        let target = self.wf.target(event, self.state);
        if target != self.state {
            self.entered = Some((event, entry.date));
        }
        self.state = target;
        Ok(())
    }

    /// Everything that keeps `event` from being recorded on `date` in the current state:
    /// prerequisites missing from the cycle and failing guards.
    fn blockers(
        &self,
        event: EventIx,
        date: NaiveDate,
        reserves: bool,
        facts: &Facts,
    ) -> Vec<String> {
        let mut blocked = Vec::new();
        for &required in self.wf.requires(event) {
            if !self.cycle.iter().any(|&(e, _)| e == required) {
                blocked.push(format!(
                    "`{}` is not recorded yet",
                    self.wf.event(required).id
                ));
            }
        }
        for &guard in &self.wf.event(event).guards {
            if let Some(missing) = self.guard_fails(guard, date, reserves, facts) {
                blocked.push(missing);
            }
        }
        blocked
    }

    fn guard_fails(
        &self,
        guard: Guard,
        date: NaiveDate,
        reserves: bool,
        facts: &Facts,
    ) -> Option<String> {
        match guard {
            Guard::ScopeDefined => facts
                .service_kinds
                .is_empty()
                .then(|| "no service kind is declared (scope-defined): add `kinds` to jalon.ron".to_owned()),
            Guard::EvaluationCentreNamed => facts.evaluation_centre.is_none().then(|| {
                "no evaluation centre is named (evaluation-centre-named): set `evaluation_centre` in jalon.ron".to_owned()
            }),
            Guard::HoldsQualification => {
                // Suspended still counts: a suspended qualification can be audited or withdrawn.
                let holds = self.grant.as_ref().is_some_and(|g| g.decided <= date && date <= g.expires && g.revoked.is_none());
                (!holds).then(|| format!("no qualification is held on {date} (holds-qualification)"))
            }
            Guard::AllApplicableAssessed => (!facts.unassessed.is_empty()).then(|| {
                let n = facts.unassessed.len();
                let shown: Vec<&str> = facts.unassessed.iter().take(5).map(String::as_str).collect();
                let more = if n > 5 { format!(" and {} more", n - 5) } else { String::new() };
                format!(
                    "{n} applicable requirement(s) not assessed (all-applicable-assessed): {}{more}; `jalon grid --open` lists them",
                    shown.join(", ")
                )
            }),
            Guard::PlanValidated => match facts.plan_status.as_deref() {
                Some("validated") => None,
                Some(status) => Some(format!(
                    "the evaluation plan is {status}, not validated by ANSSI (plan-validated): `jalon plan validate` once ANSSI has"
                )),
                None => Some("there is no evaluation plan (plan-validated): the centre writes it with `jalon plan generate`, ANSSI validates it".to_owned()),
            },
            Guard::NoOpenMajorFinding => (!reserves && !facts.open_major_findings.is_empty()).then(|| {
                format!(
                    "major finding(s) still open (no-open-major-finding): {}; close them, or record the decision with --reserves",
                    facts.open_major_findings.join(", ")
                )
            }),
        }
    }

    /// The events possible from the current state, with what blocks each.
    pub fn next(&self, facts: &Facts) -> Vec<Possible> {
        let date = self.clock.unwrap_or(NaiveDate::MIN);
        (0..self.wf.def().events.len())
            .filter(|&e| self.wf.allowed_from(e, self.state))
            .map(|e| {
                let blocked_by = self.blockers(e, date, false, facts);
                Possible {
                    event: self.wf.event(e).id.clone(),
                    ready: blocked_by.is_empty(),
                    blocked_by,
                }
            })
            .collect()
    }
}

/// Entries in the order they are replayed: by real-world date, then by recording order.
pub fn chronological(entries: &[Recorded]) -> Vec<(usize, &Recorded)> {
    let mut ordered: Vec<(usize, &Recorded)> = entries.iter().enumerate().collect();
    ordered.sort_by_key(|&(i, e)| (e.date, i));
    ordered
}

/// Checks that `new` may be added to the journal `entries` (in recording order) on `today`.
/// On success the journal with `new` appended replays cleanly.
pub fn check_record(
    wf: &Workflow,
    entries: &[Recorded],
    new: &Recorded,
    today: NaiveDate,
    facts: &Facts,
) -> Result<(), Refusal> {
    let Some(event) = wf.event_index(&new.event) else {
        return Err(Refusal::UnknownEvent(
            new.event.clone(),
            wf.event_ids().collect::<Vec<_>>().join(", "),
        ));
    };
    if new.date > today {
        return Err(Refusal::InTheFuture {
            date: new.date,
            today,
        });
    }
    let def = wf.event(event);
    if new.reserves.is_some() && !def.reserves {
        let allowed: Vec<_> = wf
            .def()
            .events
            .iter()
            .filter(|e| e.reserves)
            .map(|e| format!("`{}`", e.id))
            .collect();
        return Err(Refusal::NoReserves {
            event: new.event.clone(),
            allowed: allowed.join(", "),
        });
    }
    let end = Journey::replay(wf, entries, today).map_err(Refusal::Journal)?;
    // The journey as it stands on the new event's date, with every earlier entry applied.
    let at = Journey::replay(wf, entries, new.date).map_err(Refusal::Journal)?;
    if !wf.allowed_from(event, at.state) {
        if let Some((entered, entered_on)) = end.entered
            && wf.allowed_from(event, end.state)
            && new.date < entered_on
        {
            return Err(Refusal::DatedTooEarly {
                event: new.event.clone(),
                date: new.date,
                after: wf.event(entered).id.clone(),
                after_date: entered_on,
            });
        }
        return Err(not_allowed(wf, event, at.state));
    }
    if !new.forced {
        let blocked_by = at.blockers(event, new.date, new.reserves.is_some(), facts);
        if !blocked_by.is_empty() {
            // A prerequisite recorded later than the new date means the date is wrong, not the order.
            for &required in wf.requires(event) {
                let later = end
                    .cycle
                    .iter()
                    .find(|&&(e, d)| e == required && d > new.date);
                if let Some(&(e, d)) = later {
                    return Err(Refusal::DatedTooEarly {
                        event: new.event.clone(),
                        date: new.date,
                        after: wf.event(e).id.clone(),
                        after_date: d,
                    });
                }
            }
            return Err(Refusal::Blocked {
                event: new.event.clone(),
                blocked_by,
            });
        }
    }
    let mut all = entries.to_vec();
    all.push(new.clone());
    Journey::replay(wf, &all, today).map_err(|e| Refusal::BreaksLater {
        event: new.event.clone(),
        date: new.date,
        reason: format!(
            "`{}` on {} would no longer follow ({})",
            e.event, e.date, e.reason
        ),
    })?;
    Ok(())
}

fn not_allowed(wf: &Workflow, event: EventIx, state: StateIx) -> Refusal {
    let needs: Vec<String> = wf
        .from_states(event)
        .map(|s| format!("`{}`", wf.state(s).id))
        .collect();
    let mut via: Vec<String> = Vec::new();
    for s in wf.from_states(event) {
        for e in wf.events_into(s) {
            let id = format!("`{}`", wf.event(e).id);
            if !via.contains(&id) {
                via.push(id);
            }
        }
    }
    Refusal::NotAllowed {
        event: wf.event(event).id.clone(),
        state: wf.state(state).id.clone(),
        needs: needs.join(" or "),
        via: if via.is_empty() {
            String::new()
        } else {
            format!(", reached by {}", via.join(" or "))
        },
    }
}
