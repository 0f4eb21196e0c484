//! The one home for acts: what a journal entry records ([`Act`]), the single [`check`] a new
//! act passes before it is written, how acts apply ([`Dossier::apply`]), and the evaluation
//! cycles a qualification lives through (initial, surveillance audits, renewals).
//!
//! No I/O and no clock: storage reads the entries, the command line says what today is.

mod act;
mod bases;
mod calendar;
mod check;
mod compare;
mod dossier;
mod roles;
pub mod signatures;

pub use act::{
    Act, BaseSource, Entry, FindingChange, Member, OnBehalf, PlanAct, PlanItemFile, ReportAct,
    SignaturePolicy,
};
pub use bases::{BaseState, Lapsed, Validity, registry_validity};
pub use calendar::{Due, DueKind};
pub use check::{Checked, Draft, Refusal, check, check_from, is_open_nonconformity};
pub use compare::{ChapterChange, Comparison, VerdictChange, compare};
pub use dossier::{
    ApplyError, Cycle, Dossier, Inputs, Problem, Settings, act_referential, chronological, cited,
    cycle_id, entry_name, unknown_references,
};
pub use journey::CycleKind;
pub use roles::{ActKind, Refused, act_kind, authorize, event_roles};

/// The known ids nearest to `wanted` (at most three), for "did you mean" hints.
pub fn nearest<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut scored: Vec<(f64, &str)> = known
        .into_iter()
        .map(|k| (strsim::normalized_damerau_levenshtein(wanted, k), k))
        .filter(|(s, _)| *s >= 0.5)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(3)
        .map(|(_, k)| k.to_owned())
        .collect()
}
