//! A cycle's assessment as CISO Assistant's audit table: the rows of its own audit export, which
//! its Data Wizard takes back in (read in intuitem/ciso-assistant-community v3.20.8: the `xlsx`
//! export of a compliance assessment, and `_reconcile_compliance_requirements` of the import).
//! docs/ciso-assistant.md maps every column.

use grid::{OutOfScope, Severity, Verdict};

use crate::workspace::Workspace;

/// The columns of CISO Assistant's audit export (XLSX), in its order. The import reads `urn` or
/// `ref_id` (by `ref_id` first), needs `assessable` true, and takes `compliance_result`,
/// `requirement_progress`, `observations` and `score`; the others are there as its export has
/// them (`extended_result` is exported, never imported).
pub const COLUMNS: [&str; 12] = [
    "urn",
    "assessable",
    "ref_id",
    "name",
    "description",
    "typical_evidence",
    "annotation",
    "compliance_result",
    "extended_result",
    "requirement_progress",
    "observations",
    "score",
];

/// The columns of its CSV export (`;`, a byte order mark), in its order: no `assessable`, and
/// `score` before `observations`. CISO Assistant does not take this one back in.
pub const CSV_COLUMNS: [&str; 11] = [
    "urn",
    "ref_id",
    "name",
    "description",
    "typical_evidence",
    "annotation",
    "compliance_result",
    "extended_result",
    "requirement_progress",
    "score",
    "observations",
];

/// One requirement's row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub urn: String,
    pub assessable: bool,
    /// Its id when CISO Assistant knows it by it (lettered ids); empty for node entries.
    pub ref_id: String,
    pub name: String,
    pub description: String,
    pub typical_evidence: String,
    /// `compliant`, `non_compliant`, `partially_compliant`, `not_applicable`, `not_assessed`.
    pub compliance_result: &'static str,
    /// The worst open finding's: `major_nonconformity`, `minor_nonconformity`,
    /// `observation_sensitive_point`; empty without one.
    pub extended_result: &'static str,
    /// `to_do`, `in_progress`, `done`.
    pub requirement_progress: &'static str,
    pub observations: String,
}

impl Row {
    /// The text of a column's cell; empty for `score` and `annotation` (and `assessable`, a
    /// boolean, written as one).
    pub fn cell(&self, column: &str) -> &str {
        match column {
            "urn" => &self.urn,
            "ref_id" => &self.ref_id,
            "name" => &self.name,
            "description" => &self.description,
            "typical_evidence" => &self.typical_evidence,
            "compliance_result" => self.compliance_result,
            "extended_result" => self.extended_result,
            "requirement_progress" => self.requirement_progress,
            "observations" => &self.observations,
            _ => "",
        }
    }
}

/// The verdict as CISO Assistant's result: inherited is compliant (through the underlying
/// qualified service, said in the observations); jalon has no partial verdict.
pub fn result(v: Verdict) -> &'static str {
    match v {
        Verdict::Conform | Verdict::Inherited => "compliant",
        Verdict::Nonconform => "non_compliant",
        Verdict::NotApplicable => "not_applicable",
        Verdict::NotAssessed => "not_assessed",
    }
}

fn extended(s: Severity) -> &'static str {
    match s {
        Severity::Major => "major_nonconformity",
        Severity::Minor => "minor_nonconformity",
        Severity::Observation => "observation_sensitive_point",
    }
}

/// Every requirement entry of the referential, in its order, with the cycle's results.
pub fn rows(ws: &Workspace<'_>) -> Vec<Row> {
    let r = ws.referential;
    ws.view
        .rows
        .iter()
        .map(|row| {
            let q = row.requirement;
            let ledger = ws.ledger;
            // The findings of the cycle naming it, worst first.
            let mut findings: Vec<&grid::Finding> = row
                .findings
                .iter()
                .filter_map(|id| ledger.findings.get(*id))
                .collect();
            findings.sort_by_key(|f| (f.severity, f.id.clone()));
            let open_worst = findings.iter().find(|f| f.status.is_open());
            let mut notes = Vec::new();
            match &row.out_of_scope {
                Some(OutOfScope::NotAssessable) | None => {}
                Some(why) => notes.push(why.describe()),
            }
            for a in ledger.assessments.iter().filter(|a| a.requirement == q.id) {
                let what = a
                    .check
                    .as_ref()
                    .map_or(String::new(), |c| format!(" ({c})"));
                let mut line = format!("{}{what}: {} by {}", a.by.date, a.verdict, a.by.actor);
                for extra in [&a.note, &a.justification].into_iter().flatten() {
                    line.push_str(" — ");
                    line.push_str(extra);
                }
                if !a.evidence.is_empty() {
                    line.push_str(&format!(" [evidence {}]", a.evidence.join(", ")));
                }
                notes.push(line);
            }
            for f in &findings {
                notes.push(format!(
                    "{} ({}, {}): {}",
                    f.id, f.severity, f.status, f.title
                ));
            }
            let (compliance_result, progress) = match &row.out_of_scope {
                Some(OutOfScope::NotAssessable) => ("not_assessed", "to_do"),
                Some(OutOfScope::ServiceKind { .. }) | Some(OutOfScope::NotApplicable { .. }) => {
                    ("not_applicable", "done")
                }
                Some(OutOfScope::Inherited { .. }) => ("compliant", "done"),
                Some(
                    OutOfScope::Recommendation | OutOfScope::Informative | OutOfScope::Level { .. },
                ) => ("not_assessed", "to_do"),
                None => {
                    let started = ledger.assessments.iter().any(|a| a.requirement == q.id);
                    let progress = match row.verdict {
                        Verdict::NotAssessed if started => "in_progress",
                        Verdict::NotAssessed => "to_do",
                        _ => "done",
                    };
                    (result(row.verdict), progress)
                }
            };
            Row {
                urn: r.ciso_urn(q),
                assessable: q.assessable,
                ref_id: if q.node.is_none() {
                    q.id.clone()
                } else {
                    String::new()
                },
                name: q.title.clone().unwrap_or_default(),
                description: q
                    .text
                    .clone()
                    .or_else(|| q.summary.as_ref().map(|s| s.en.clone()))
                    .unwrap_or_default(),
                typical_evidence: q
                    .checks
                    .iter()
                    .map(|c| format!("{}: {}", c.id, c.text.en))
                    .collect::<Vec<_>>()
                    .join("\n"),
                compliance_result,
                extended_result: open_worst.map_or("", |f| extended(f.severity)),
                requirement_progress: progress,
                observations: notes.join("\n"),
            }
        })
        .collect()
}
