//! The evaluation grid: referentials, scope, checks, verdicts, findings, corrective actions and
//! evidence. No I/O.

mod diff;
mod form;
mod ledger;
mod mapping;
mod names;
mod narrative;
mod plan;
mod referential;
mod roles;
mod scope;
mod view;

pub use diff::{Diff, diff};
pub use form::{
    COLUMNS as FORM_COLUMNS, CellKind, Column, FormRow, column as form_column, form_rows,
    headers as form_headers, label as form_label,
};
pub use ledger::{
    Assessment, Confidentiality, CorrectiveAction, Evidence, EvidenceLocation, Finding,
    FindingStatus, Ledger, LedgerError, Severity, Stamp, StatusChange, Verdict,
};
pub use mapping::{ControlCoverage, Coverage, Link, Mapped, Mapping, coverage};
pub use narrative::{Conclusion, Narrative, Opinion, ReportIdentity, ReportPart, Said};
pub use plan::{
    DOCUMENTARY_PER_DAY, GAP_DAYS, ONSITE_PER_DAY, Phase, PhaseSpan, Plan, PlanChange, PlanItem,
    PlanStatus, phase_of,
};
pub use referential::{
    Axis, Chapter, Check, Lang, Level, Method, Referential, ReferentialProblem, Requirement,
    RequirementKind, Section, Text,
};
pub use roles::Role;
pub use scope::ServiceKind;
pub use view::{
    Counts, GridView, OpenFindings, OutOfScope, Row, Summary, from_checks, requirement_verdict,
};
