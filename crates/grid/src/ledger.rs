//! What the evaluation recorded: verdicts, findings with their corrective actions, and evidence.
//! Built by applying the journal's acts in order; every change is checked as it is applied.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::plan::{Phase, Plan, PlanChange, PlanItem, PlanStatus};

crate::names::named_enum! {
    /// The result of assessing a requirement or one of its checks.
    Verdict, "verdict" {
        NotAssessed = "not-assessed",
        Conform = "conform",
        Nonconform = "nonconform",
        NotApplicable = "not-applicable",
        Inherited = "inherited",
    }
}

crate::names::named_enum! {
    /// How serious a finding is: major and minor non-conformities, and observations.
    Severity, "severity" {
        Major = "major",
        Minor = "minor",
        Observation = "observation",
    }
}

crate::names::named_enum! {
    /// Where a finding stands: open → action-planned → remediated → closed, or withdrawn.
    FindingStatus, "status" {
        Open = "open",
        ActionPlanned = "action-planned",
        Remediated = "remediated",
        Closed = "closed",
        Withdrawn = "withdrawn",
    }
}

impl FindingStatus {
    /// Still to be dealt with: not closed and not withdrawn.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            FindingStatus::Open | FindingStatus::ActionPlanned | FindingStatus::Remediated
        )
    }
}

crate::names::named_enum! {
    /// Who may see a piece of evidence; `restricted` evidence is cited by id only in reports.
    Confidentiality, "confidentiality" {
        Public = "public",
        Internal = "internal",
        Restricted = "restricted",
    }
}

/// Who did something, and when (the real-world date).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stamp {
    pub actor: String,
    pub date: NaiveDate,
}

/// A verdict as recorded, on a requirement (`check: None`) or one of its checks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Assessment {
    pub requirement: String,
    pub check: Option<String>,
    pub verdict: Verdict,
    pub evidence: Vec<String>,
    pub note: Option<String>,
    /// Why a requirement does not apply (`not-applicable`).
    pub justification: Option<String>,
    /// The qualified service it is inherited from (`inherited`).
    pub from: Option<String>,
    pub by: Stamp,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CorrectiveAction {
    pub action: String,
    pub owner: String,
    pub due: NaiveDate,
    pub root_cause: Option<String>,
    pub by: Stamp,
}

/// A finding's change of status, for its timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatusChange {
    pub status: FindingStatus,
    pub by: Stamp,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub id: String,
    pub requirements: Vec<String>,
    pub check: Option<String>,
    pub severity: Severity,
    pub title: String,
    pub description: Option<String>,
    pub evidence: Vec<String>,
    pub status: FindingStatus,
    pub action: Option<CorrectiveAction>,
    pub history: Vec<StatusChange>,
}

impl Finding {
    /// Its corrective action is late: planned, not yet remediated, and due before `today`.
    pub fn action_overdue(&self, today: NaiveDate) -> bool {
        self.status == FindingStatus::ActionPlanned
            && self.action.as_ref().is_some_and(|a| a.due < today)
    }

    /// When its corrective action was carried out: the first move to remediated or closed after
    /// the action was planned.
    pub fn action_done(&self) -> Option<NaiveDate> {
        let planned = self
            .history
            .iter()
            .position(|c| c.status == FindingStatus::ActionPlanned)?;
        self.history[planned..]
            .iter()
            .find(|c| matches!(c.status, FindingStatus::Remediated | FindingStatus::Closed))
            .map(|c| c.by.date)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EvidenceLocation {
    /// A copy inside the workspace, at this path relative to it.
    Copy(String),
    /// A file outside the workspace, referenced by this path.
    Reference(String),
}

impl EvidenceLocation {
    pub fn path(&self) -> &str {
        match self {
            EvidenceLocation::Copy(p) | EvidenceLocation::Reference(p) => p,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub confidentiality: Confidentiality,
    pub collected: Stamp,
    pub sha256: String,
    pub size: u64,
    pub location: EvidenceLocation,
}

/// Something the ledger refuses: a rule of the finding lifecycle, an unknown id.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    #[error("there is no finding `{0}`")]
    UnknownFinding(String),
    #[error("there is no evidence `{0}`")]
    UnknownEvidence(String),
    #[error("finding `{id}` already exists")]
    DuplicateFinding { id: String },
    #[error("evidence `{id}` already exists")]
    DuplicateEvidence { id: String },
    #[error("finding `{id}` is {status}: {what}")]
    Lifecycle {
        id: String,
        status: &'static str,
        what: String,
    },
    #[error("the evaluation plan is {status}: {what}")]
    Plan { status: &'static str, what: String },
}

/// The evaluation's records, as of the end of the journal.
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    /// The latest verdict per (requirement, check); `check: None` is the requirement's own.
    verdicts: HashMap<(String, Option<String>), Assessment>,
    /// Every verdict in recording order (superseded ones too).
    pub assessments: Vec<Assessment>,
    pub findings: BTreeMap<String, Finding>,
    pub evidence: BTreeMap<String, Evidence>,
    /// The evaluation plan, once generated.
    pub plan: Option<Plan>,
    /// The centre's own words for the cycle's summary report.
    pub narrative: crate::narrative::Narrative,
}

impl Ledger {
    pub fn assess(&mut self, a: Assessment) -> Result<(), LedgerError> {
        for e in &a.evidence {
            self.require_evidence(e)?;
        }
        self.verdicts
            .insert((a.requirement.clone(), a.check.clone()), a.clone());
        self.assessments.push(a);
        Ok(())
    }

    /// Records a verdict whose evidence the caller already checked (evidence kept elsewhere).
    pub fn record_verdict(&mut self, a: Assessment) {
        self.verdicts
            .insert((a.requirement.clone(), a.check.clone()), a.clone());
        self.assessments.push(a);
    }

    /// Ids of the requirements (and checks) with a verdict, latest verdict each.
    /// Makes the inherited verdicts whose base `lapsed` says no longer holds count as not
    /// assessed (they stay in `assessments`, the record); returns (requirement, check, base) of
    /// each.
    pub fn lapse(
        &mut self,
        lapsed: impl Fn(&str) -> bool,
    ) -> Vec<(String, Option<String>, String)> {
        let mut out = Vec::new();
        for a in self.verdicts.values_mut() {
            if a.verdict == Verdict::Inherited
                && let Some(from) = a.from.as_deref()
                && lapsed(from)
            {
                out.push((a.requirement.clone(), a.check.clone(), from.to_owned()));
                a.verdict = Verdict::NotAssessed;
            }
        }
        out.sort();
        out
    }

    pub fn verdicts(&self) -> impl Iterator<Item = &Assessment> {
        self.verdicts.values()
    }

    pub fn verdict(&self, requirement: &str, check: Option<&str>) -> Option<&Assessment> {
        self.verdicts
            .get(&(requirement.to_owned(), check.map(str::to_owned)))
    }

    fn require_evidence(&self, id: &str) -> Result<(), LedgerError> {
        if self.evidence.contains_key(id) {
            Ok(())
        } else {
            Err(LedgerError::UnknownEvidence(id.to_owned()))
        }
    }

    pub fn add_evidence(&mut self, e: Evidence) -> Result<(), LedgerError> {
        if self.evidence.contains_key(&e.id) {
            return Err(LedgerError::DuplicateEvidence { id: e.id });
        }
        self.evidence.insert(e.id.clone(), e);
        Ok(())
    }

    pub fn open_finding(&mut self, f: Finding) -> Result<(), LedgerError> {
        if self.findings.contains_key(&f.id) {
            return Err(LedgerError::DuplicateFinding { id: f.id });
        }
        for e in &f.evidence {
            self.require_evidence(e)?;
        }
        self.findings.insert(f.id.clone(), f);
        Ok(())
    }

    fn finding_mut(&mut self, id: &str) -> Result<&mut Finding, LedgerError> {
        self.findings
            .get_mut(id)
            .ok_or_else(|| LedgerError::UnknownFinding(id.to_owned()))
    }

    /// Plans (or re-plans) the corrective action of an open finding.
    pub fn plan(&mut self, id: &str, action: CorrectiveAction) -> Result<(), LedgerError> {
        let f = self.finding_mut(id)?;
        if !matches!(f.status, FindingStatus::Open | FindingStatus::ActionPlanned) {
            return Err(lifecycle(
                f,
                "only an open finding, or one whose action is planned, can get a corrective action",
            ));
        }
        let by = action.by.clone();
        f.action = Some(action);
        f.status = FindingStatus::ActionPlanned;
        f.history.push(StatusChange {
            status: f.status,
            by,
            note: None,
        });
        Ok(())
    }

    /// The provider says the corrective action is done.
    pub fn remediate(
        &mut self,
        id: &str,
        evidence: Vec<String>,
        by: Stamp,
        note: Option<String>,
    ) -> Result<(), LedgerError> {
        for e in &evidence {
            self.require_evidence(e)?;
        }
        let f = self.finding_mut(id)?;
        if f.status != FindingStatus::ActionPlanned {
            return Err(lifecycle(f, "its corrective action must be planned first"));
        }
        f.evidence.extend(evidence);
        f.status = FindingStatus::Remediated;
        f.history.push(StatusChange {
            status: f.status,
            by,
            note,
        });
        Ok(())
    }

    /// An evaluator verified the remediation (an observation may be closed as it stands).
    pub fn close(&mut self, id: &str, by: Stamp, note: Option<String>) -> Result<(), LedgerError> {
        let f = self.finding_mut(id)?;
        let closable = f.status == FindingStatus::Remediated
            || (f.severity == Severity::Observation && f.status.is_open());
        if !closable {
            return Err(lifecycle(
                f,
                "only a remediated finding can be closed, once an evaluator verified it",
            ));
        }
        f.status = FindingStatus::Closed;
        f.history.push(StatusChange {
            status: f.status,
            by,
            note,
        });
        Ok(())
    }

    pub fn withdraw(
        &mut self,
        id: &str,
        by: Stamp,
        note: Option<String>,
    ) -> Result<(), LedgerError> {
        let f = self.finding_mut(id)?;
        if !f.status.is_open() {
            return Err(lifecycle(f, "only an open finding can be withdrawn"));
        }
        f.status = FindingStatus::Withdrawn;
        f.history.push(StatusChange {
            status: f.status,
            by,
            note,
        });
        Ok(())
    }

    /// The next free id with this prefix (`F-0001`, `E-0001`…).
    pub fn next_id<T>(map: &BTreeMap<String, T>, prefix: &str) -> String {
        let max = map
            .keys()
            .filter_map(|k| k.strip_prefix(prefix).and_then(|n| n.parse::<u32>().ok()))
            .max()
            .unwrap_or(0);
        format!("{prefix}{:04}", max + 1)
    }

    pub fn next_finding_id(&self) -> String {
        Ledger::next_id(&self.findings, "F-")
    }

    pub fn next_evidence_id(&self) -> String {
        Ledger::next_id(&self.evidence, "E-")
    }

    /// Open findings that cite `requirement`.
    pub fn findings_of<'a>(
        &'a self,
        requirement: &'a str,
    ) -> impl Iterator<Item = &'a Finding> + 'a {
        self.findings
            .values()
            .filter(move |f| f.requirements.iter().any(|r| r == requirement))
    }
}

impl Ledger {
    fn plan_error(&self, what: &str) -> LedgerError {
        let status = self
            .plan
            .as_ref()
            .map_or("not generated yet", |p| p.status.as_str());
        LedgerError::Plan {
            status,
            what: what.to_owned(),
        }
    }

    /// Whether the plan may be edited: a draft, or one ANSSI asked to change.
    fn plan_editable(&self) -> bool {
        self.plan
            .as_ref()
            .is_none_or(|p| matches!(p.status, PlanStatus::Draft | PlanStatus::ChangesRequested))
    }

    /// (Re)generates the plan's items; the plan is a draft again.
    pub fn generate_plan(
        &mut self,
        items: Vec<PlanItem>,
        by: Stamp,
        note: Option<String>,
    ) -> Result<(), LedgerError> {
        if !self.plan_editable() {
            return Err(self.plan_error(
                "it can be regenerated only as a draft or after ANSSI asked for changes",
            ));
        }
        let mut history = self.plan.take().map(|p| p.history).unwrap_or_default();
        history.push(PlanChange {
            status: PlanStatus::Draft,
            by,
            note,
        });
        self.plan = Some(Plan {
            status: PlanStatus::Draft,
            items,
            history,
        });
        Ok(())
    }

    /// Assigns the items of `requirements` (all their checks) to an evaluator, and optionally a
    /// phase and a date. Returns how many items changed.
    pub fn assign_plan(
        &mut self,
        requirements: &[String],
        evaluator: &str,
        phase: Option<Phase>,
        date: Option<NaiveDate>,
    ) -> Result<usize, LedgerError> {
        if self.plan.is_none() {
            return Err(self.plan_error("it must be generated first"));
        }
        if !self.plan_editable() {
            return Err(self
                .plan_error("it can be changed only as a draft or after ANSSI asked for changes"));
        }
        let plan = self.plan.as_mut().ok_or_else(|| LedgerError::Plan {
            status: "missing",
            what: String::new(),
        })?;
        let mut changed = 0;
        for it in plan
            .items
            .iter_mut()
            .filter(|i| requirements.contains(&i.requirement))
        {
            it.evaluator = Some(evaluator.to_owned());
            if let Some(p) = phase {
                it.phase = p;
            }
            if let Some(d) = date {
                it.date = Some(d);
            }
            changed += 1;
        }
        Ok(changed)
    }

    /// Moves the plan along its lifecycle: draft or changes-requested → submitted; submitted →
    /// validated or changes-requested.
    pub fn plan_status(
        &mut self,
        status: PlanStatus,
        by: Stamp,
        note: Option<String>,
    ) -> Result<(), LedgerError> {
        let Some(current) = self.plan.as_ref().map(|p| p.status) else {
            return Err(self.plan_error("it must be generated first"));
        };
        let allowed = match status {
            PlanStatus::Submitted => {
                matches!(current, PlanStatus::Draft | PlanStatus::ChangesRequested)
            }
            PlanStatus::Validated | PlanStatus::ChangesRequested => {
                current == PlanStatus::Submitted
            }
            PlanStatus::Draft => false,
        };
        if !allowed {
            let what = match status {
                PlanStatus::Submitted => {
                    "only a draft, or a plan ANSSI asked to change, can be submitted"
                }
                _ => "only a submitted plan can be validated or sent back for changes",
            };
            return Err(self.plan_error(what));
        }
        if let Some(plan) = self.plan.as_mut() {
            plan.status = status;
            plan.history.push(PlanChange { status, by, note });
        }
        Ok(())
    }
}

fn lifecycle(f: &Finding, what: &str) -> LedgerError {
    LedgerError::Lifecycle {
        id: f.id.clone(),
        status: f.status.as_str(),
        what: what.to_owned(),
    }
}
