//! Replaying a journal of dated events through a workflow, and checking a new event before it is
//! recorded.

use chrono::NaiveDate;

use std::fmt;

use crate::dates::add_months;
use crate::workflow::{CycleKind, Effect, EventIx, Guard, StateIx, Workflow};

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

/// What the workspace knows that guards may need, for the evaluation cycle an event acts on. The
/// caller (the dossier) fills it from the workspace as of the event's date.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub service_kinds: Vec<String>,
    pub evaluation_centre: Option<String>,
    /// The id of the cycle the event acts on (`initial`, `renewal-2028`…), for messages.
    pub cycle: String,
    /// Applicable requirements of that cycle's scope without a verdict in it.
    pub unassessed: Vec<String>,
    /// That cycle's scope holds no applicable requirement at all (a surveillance audit whose plan
    /// names nothing and that holds no finding): there is nothing it could have assessed.
    pub empty_scope: bool,
    /// Ids of open major findings.
    pub open_major_findings: Vec<String>,
    /// That cycle's evaluation plan status (`draft`, `submitted`, `validated`, `changes-requested`), if any.
    pub plan_status: Option<String>,
    /// The kinds of the cycles open on the event's date.
    pub open_cycles: Vec<CycleKind>,
}

/// What keeps an event from being recorded: typed, so that every reader (the command line, the
/// reports) says it in its own words. `Display` gives a plain English sentence naming no command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Blocker {
    /// A prerequisite event of the cycle is not recorded yet.
    Missing { event: String },
    /// `scope-defined`: no service kind is declared.
    NoScope,
    /// `evaluation-centre-named`.
    NoCentre,
    /// `holds-qualification`: no qualification is held on the date.
    NotQualified { date: NaiveDate },
    /// `all-applicable-assessed`: these applicable requirements of the cycle have no verdict.
    Unassessed {
        cycle: String,
        requirements: Vec<String>,
    },
    /// `all-applicable-assessed`: the cycle's scope holds no applicable requirement, so nothing
    /// was evaluated (a surveillance audit before its plan names what it covers).
    EmptyScope { cycle: String },
    /// `plan-validated`: the cycle's plan is missing (`status: None`) or not validated.
    PlanNotValidated {
        cycle: String,
        status: Option<String>,
    },
    /// `no-open-major-finding`, without reserves.
    OpenMajor { ids: Vec<String> },
    /// The event closes a cycle of these kinds and none is open.
    NoOpenCycle { kinds: Vec<CycleKind> },
}

impl Blocker {
    /// The guard this blocker comes from (none for prerequisites and cycles).
    pub fn guard(&self) -> Option<Guard> {
        Some(match self {
            Blocker::Missing { .. } | Blocker::NoOpenCycle { .. } => return None,
            Blocker::NoScope => Guard::ScopeDefined,
            Blocker::NoCentre => Guard::EvaluationCentreNamed,
            Blocker::NotQualified { .. } => Guard::HoldsQualification,
            Blocker::Unassessed { .. } | Blocker::EmptyScope { .. } => Guard::AllApplicableAssessed,
            Blocker::PlanNotValidated { .. } => Guard::PlanValidated,
            Blocker::OpenMajor { .. } => Guard::NoOpenMajorFinding,
        })
    }
}

impl fmt::Display for Blocker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let guard = self.guard().map(|g| format!(" ({g})")).unwrap_or_default();
        match self {
            Blocker::Missing { event } => write!(f, "`{event}` is not recorded yet"),
            Blocker::NoScope => write!(f, "no service kind is declared{guard}"),
            Blocker::NoCentre => write!(f, "no evaluation centre is named{guard}"),
            Blocker::NotQualified { date } => {
                write!(f, "no qualification is held on {date}{guard}")
            }
            Blocker::Unassessed {
                cycle,
                requirements,
            } => {
                let n = requirements.len();
                let shown: Vec<&str> = requirements.iter().take(5).map(String::as_str).collect();
                let more = if n > 5 {
                    format!(" and {} more", n - 5)
                } else {
                    String::new()
                };
                write!(
                    f,
                    "{n} applicable requirement(s) of cycle `{cycle}` not assessed{guard}: {}{more}",
                    shown.join(", ")
                )
            }
            Blocker::EmptyScope { cycle } => write!(
                f,
                "cycle `{cycle}` has no applicable requirement in its scope: its plan names none and it holds no finding to re-check{guard}"
            ),
            Blocker::PlanNotValidated {
                cycle,
                status: Some(status),
            } => write!(
                f,
                "the evaluation plan of cycle `{cycle}` is {status}, not validated by ANSSI{guard}"
            ),
            Blocker::PlanNotValidated {
                cycle,
                status: None,
            } => write!(f, "cycle `{cycle}` has no evaluation plan{guard}"),
            Blocker::OpenMajor { ids } => {
                write!(f, "major finding(s) still open{guard}: {}", ids.join(", "))
            }
            Blocker::NoOpenCycle { kinds } => {
                let kinds: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
                write!(f, "no {} cycle is open", kinds.join(" or "))
            }
        }
    }
}

impl serde::Serialize for Blocker {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A qualification granted by a decision, and what happened to it since.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    /// Which qualification of the service this is: 1 for the first decision, 2 for the one that
    /// renews it… What a deadline is (its identity in a calendar) does not move with its date.
    pub number: u32,
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
    #[error("`{event}` is not ready: {}", blocked_by.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Blocked {
        event: String,
        blocked_by: Vec<Blocker>,
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
    pub blocked_by: Vec<Blocker>,
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
    pub fn advance(&mut self, date: NaiveDate) {
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
    /// Entries must come in chronological order (see [`chronological`]).
    pub fn apply(&mut self, entry: &Recorded) -> Result<(), String> {
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
                let number = self.grant.as_ref().map_or(1, |g| g.number + 1);
                self.grant = Some(Grant {
                    number,
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
    /// prerequisites missing from the cycle, a cycle to close that is not open, failing guards.
    pub fn blockers(
        &self,
        event: EventIx,
        date: NaiveDate,
        reserves: bool,
        facts: &Facts,
    ) -> Vec<Blocker> {
        let mut blocked = Vec::new();
        for &required in self.wf.requires(event) {
            if !self.cycle.iter().any(|&(e, _)| e == required) {
                blocked.push(Blocker::Missing {
                    event: self.wf.event(required).id.clone(),
                });
            }
        }
        let closes = &self.wf.event(event).closes;
        if !closes.is_empty() && !closes.iter().any(|k| facts.open_cycles.contains(k)) {
            blocked.push(Blocker::NoOpenCycle {
                kinds: closes.clone(),
            });
        }
        for &guard in &self.wf.event(event).guards {
            if let Some(missing) = self.guard_fails(guard, date, reserves, facts) {
                blocked.push(missing);
            }
        }
        blocked
    }

    /// What `guard` still asks on `date`, if anything.
    pub fn guard_fails(
        &self,
        guard: Guard,
        date: NaiveDate,
        reserves: bool,
        facts: &Facts,
    ) -> Option<Blocker> {
        match guard {
            Guard::ScopeDefined => facts.service_kinds.is_empty().then_some(Blocker::NoScope),
            Guard::EvaluationCentreNamed => facts
                .evaluation_centre
                .is_none()
                .then_some(Blocker::NoCentre),
            Guard::HoldsQualification => {
                // Suspended still counts: a suspended qualification can be audited or withdrawn.
                let holds = self
                    .grant
                    .as_ref()
                    .is_some_and(|g| g.decided <= date && date <= g.expires && g.revoked.is_none());
                (!holds).then_some(Blocker::NotQualified { date })
            }
            Guard::AllApplicableAssessed if facts.empty_scope => Some(Blocker::EmptyScope {
                cycle: facts.cycle.clone(),
            }),
            Guard::AllApplicableAssessed => {
                (!facts.unassessed.is_empty()).then(|| Blocker::Unassessed {
                    cycle: facts.cycle.clone(),
                    requirements: facts.unassessed.clone(),
                })
            }
            Guard::PlanValidated => match facts.plan_status.as_deref() {
                Some("validated") => None,
                status => Some(Blocker::PlanNotValidated {
                    cycle: facts.cycle.clone(),
                    status: status.map(str::to_owned),
                }),
            },
            Guard::NoOpenMajorFinding => {
                (!reserves && !facts.open_major_findings.is_empty()).then(|| Blocker::OpenMajor {
                    ids: facts.open_major_findings.clone(),
                })
            }
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
