//! The qualification journey: a state machine driven by a workflow definition.
//!
//! A [`Workflow`] is data (states, events, milestones, cadences), checked as a graph when it is
//! built. A [`Journey`] is the replay of a journal of dated events through it; its [`Status`] on a
//! date gives milestones, the qualification, deadlines and alerts. No I/O and no clock: `today` is
//! always a parameter.

mod dates;
mod graph;
mod replay;
mod status;
mod workflow;

pub use dates::{add_months, sub_months};
pub use graph::{Drawing, dot, mermaid};
pub use replay::{
    Blocker, Facts, Grant, Journey, Possible, Recorded, Refusal, ReplayError, check_record,
    chronological,
};
pub use status::{Alert, Deadline, DeadlineKind, DeadlineStatus, Milestone, Qualification, Status};
pub use workflow::{
    Cadences, CycleKind, EXPIRY_EDGE, Effect, EventDef, EventIx, ExpiryDef, Guard, MilestoneDef,
    StateDef, StateIx, Text, Workflow, WorkflowDef, WorkflowProblem,
};
