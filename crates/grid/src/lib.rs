//! The evaluation grid: referentials, scope, checks, verdicts, findings, corrective actions and
//! evidence. No I/O.

mod referential;
mod scope;

pub use referential::{
    Axis, Chapter, Check, Lang, Level, Method, Referential, ReferentialProblem, Requirement,
    RequirementKind, Section, Text,
};
pub use scope::ServiceKind;
