//! The evaluation centre's own words in a cycle's summary report: its conclusion (avis) and why,
//! the residual risks, its recommendations, commentary on each part, and the report's identity.
//! Recorded by the lead evaluator as attributed acts; the report says plainly what is missing.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::ledger::Stamp;

crate::names::named_enum! {
    /// The centre's conclusion on the evaluation.
    Opinion, "opinion" {
        Favourable = "favourable",
        FavourableWithReserves = "favourable-with-reserves",
        Unfavourable = "unfavourable",
    }
}

crate::names::named_enum! {
    /// The three parts of the summary report.
    ReportPart, "report part" {
        Managerial = "managerial",
        Organizational = "organizational",
        Technical = "technical",
    }
}

/// A text someone recorded, and who and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Said {
    pub text: String,
    pub by: Stamp,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Conclusion {
    pub opinion: Opinion,
    pub justification: String,
    pub by: Stamp,
}

/// The report's reference, version and approver; its author is who recorded them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReportIdentity {
    pub reference: String,
    pub version: String,
    pub approver: Option<String>,
    pub by: Stamp,
}

/// What the centre wrote for one cycle's report. A later conclusion, commentary or identity
/// replaces the earlier one; residual risks and recommendations add up.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Narrative {
    pub conclusion: Option<Conclusion>,
    pub residual_risks: Vec<Said>,
    pub recommendations: Vec<Said>,
    pub commentary: BTreeMap<ReportPart, Said>,
    pub identity: Option<ReportIdentity>,
}
