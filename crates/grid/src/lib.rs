//! The evaluation grid: referentials, scope, checks, verdicts, findings, corrective actions and
//! evidence. No I/O.

mod scope;

pub use scope::ServiceKind;
