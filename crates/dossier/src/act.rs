//! What an entry of the journal records: the act, and who did it when.
//!
//! These types are what history entries hold; storage writes and reads them as RON inside its
//! entry file (with the entry's `format`), this crate decides what they mean.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use grid::{
    Confidentiality, EvidenceLocation, Level, Method, Opinion, Phase, PlanItem, ReportPart, Role,
    ServiceKind, Severity, Verdict,
};

/// What an entry records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Act {
    /// A journey event (J0 accepted, qualification granted…).
    Journey {
        event: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reserves: Option<String>,
        /// Guards or prerequisites were overridden with `--force`.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        forced: bool,
    },
    /// A verdict on a requirement, or on one of its checks.
    Assess {
        requirement: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        check: Option<String>,
        verdict: Verdict,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        evidence: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        justification: Option<String>,
        /// The qualified service an `inherited` verdict relies on.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<String>,
        /// The referential in scope beside the service's own (`anssi-hygiene`) whose requirement
        /// it is; `None`: the service's referential.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        referential: Option<String>,
    },
    /// A change to finding `id`.
    Finding { id: String, change: FindingChange },
    /// A piece of evidence, collected on the entry's date by its actor.
    Evidence {
        id: String,
        title: String,
        kind: String,
        confidentiality: Confidentiality,
        sha256: String,
        size: u64,
        location: EvidenceLocation,
    },
    /// A change to the evaluation plan of the entry's cycle: of its referential in scope
    /// beside the service's own, when `referential` names one.
    Plan {
        change: PlanAct,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        referential: Option<String>,
    },
    /// The evaluation centre is named (or no longer named: `None`).
    Centre {
        #[serde(default)]
        name: Option<String>,
    },
    /// The service kinds the qualification is asked for (the scope) change.
    Kinds { kinds: Vec<ServiceKind> },
    /// The service is evaluated against another referential from now on.
    Referential { id: String },
    /// Referential `id` is assessed beside the service's own from now on, at `level` (the
    /// hygiene guide's standard or reinforced measures); again with another level, it changes.
    AddReferential { id: String, level: Level },
    /// `actor` joins the team with `role`, changes role, or leaves it (`role: None`). With
    /// `public_key`, the SSH public key their entries are signed with (`ssh-ed25519 AAAA…`, no
    /// comment); without, a member keeps the key they had.
    Team {
        actor: String,
        #[serde(default)]
        role: Option<Role>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        public_key: Option<String>,
    },
    /// Member `actor`'s key is replaced by `public_key` (a rotation): their entries from now on
    /// are signed with it, the ones before stay valid under the old one.
    Key { actor: String, public_key: String },
    /// Whether every entry from now on must be signed by its actor's declared key.
    Signatures { policy: SignaturePolicy },
    /// A qualified service this one is built on (the principle of composition) is declared as
    /// `id`: `inherited` verdicts may rely on it, while it is qualified.
    Base { id: String, base: BaseSource },
    /// The history entry `entry` (its file name) is void from this entry's date on: every replay
    /// leaves it out. How a merge's duplicate (the same event recorded on two branches) or a
    /// mistaken entry is settled without ever editing the history.
    Retract { entry: String },
    /// The evaluation centre's words for the summary report of the entry's cycle.
    Report { change: ReportAct },
    /// An official text was imported into `referentials/<referential>.ron`; or, for
    /// `referential: "eu-csf"`, the sovereignty framework's official texts into
    /// `sovereignty/eu-csf.ron` (`jalon sovereignty import`); or a mapping set into
    /// `mappings/<referential>.ron` (its id names it).
    Import {
        referential: String,
        /// SHA-256 of the file written.
        sha256: String,
        /// Where it came from, as the user named it (a CISO Assistant library, the Commission's
        /// sovereignty calculator).
        source: String,
    },
}

/// What the lead evaluator writes into a cycle's summary report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum ReportAct {
    /// The centre's conclusion (avis) and why; replaces an earlier one.
    Conclusion {
        opinion: Opinion,
        justification: String,
    },
    /// A risk that remains once the evaluation is done; added to those before.
    ResidualRisk { text: String },
    /// A recommendation to the provider; added to those before.
    Recommendation { text: String },
    /// Commentary opening one part of the report; replaces an earlier one for that part.
    Commentary { part: ReportPart, text: String },
    /// The report's reference, version and approver (its author is the entry's actor).
    Identity {
        reference: String,
        version: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        approver: Option<String>,
    },
}

/// One planned check, as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanItemFile {
    pub requirement: String,
    pub check: String,
    pub phase: Phase,
    pub method: Method,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
}

impl From<&PlanItem> for PlanItemFile {
    fn from(i: &PlanItem) -> Self {
        PlanItemFile {
            requirement: i.requirement.clone(),
            check: i.check.clone(),
            phase: i.phase,
            method: i.method,
            evaluator: i.evaluator.clone(),
            date: i.date,
        }
    }
}

impl From<&PlanItemFile> for PlanItem {
    fn from(i: &PlanItemFile) -> Self {
        PlanItem {
            requirement: i.requirement.clone(),
            check: i.check.clone(),
            phase: i.phase,
            method: i.method,
            evaluator: i.evaluator.clone(),
            date: i.date,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum PlanAct {
    /// The plan's items, (re)generated from the scope.
    Generate {
        items: Vec<PlanItemFile>,
    },
    /// Items of these requirements (`target` as the user named it: a requirement or a chapter)
    /// go to an evaluator, and optionally to a phase and a date.
    Assign {
        target: String,
        requirements: Vec<String>,
        evaluator: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        phase: Option<Phase>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        date: Option<NaiveDate>,
    },
    Submit,
    /// ANSSI validated the plan.
    Validate,
    /// ANSSI asked for changes.
    RequestChanges,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum FindingChange {
    Open {
        requirements: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        check: Option<String>,
        severity: Severity,
        title: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        evidence: Vec<String>,
        /// The referential in scope beside the service's own whose requirements it names;
        /// `None`: the service's referential.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        referential: Option<String>,
    },
    Plan {
        action: String,
        owner: String,
        due: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        root_cause: Option<String>,
    },
    Remediate {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        evidence: Vec<String>,
    },
    Close,
    Withdraw,
}

/// An act recorded for another party.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnBehalf {
    pub role: Role,
    /// The letter, e-mail or decision the act comes from.
    pub reference: String,
}

/// A member of the team.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub actor: String,
    pub role: Role,
    /// The SSH public key (OpenSSH form, no comment) their entries are signed with, once
    /// declared by a team act (`jalon.ron`'s members have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key: Option<String>,
}

/// Where a base service's qualification is read from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum BaseSource {
    /// Another jalon workspace, at `path` (relative to this workspace's folder): its journey
    /// says, on each date, whether it is qualified.
    Workspace {
        path: String,
        provider: String,
        service: String,
    },
    /// An entry of a registry of qualified services, as read on `read` from `source`.
    Registry {
        provider: String,
        service: String,
        #[serde(default)]
        kinds: Vec<ServiceKind>,
        /// The date of its qualification, if the source gives it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        qualified: Option<NaiveDate>,
        /// The end of its qualification, if the source gives it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expires: Option<NaiveDate>,
        source: String,
        read: NaiveDate,
    },
}

impl BaseSource {
    pub fn kind(&self) -> &'static str {
        match self {
            BaseSource::Workspace { .. } => "workspace",
            BaseSource::Registry { .. } => "registry",
        }
    }

    pub fn name(&self) -> String {
        match self {
            BaseSource::Workspace {
                provider, service, ..
            }
            | BaseSource::Registry {
                provider, service, ..
            } => format!("{provider} — {service}"),
        }
    }
}

/// Whether entries must be signed (docs/SECURITY.md, "Signed history").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignaturePolicy {
    /// Entries may be signed; the signed ones are checked wherever they are.
    #[default]
    Optional,
    /// Every entry is signed by its actor's declared key, whose role allows the act.
    Required,
}

impl SignaturePolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            SignaturePolicy::Optional => "optional",
            SignaturePolicy::Required => "required",
        }
    }
}

/// One entry of the journal, as the dossier replays it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Where it is kept (the history file), for messages.
    pub label: String,
    /// When it was written (UTC); breaks ties between entries of the same date only through the
    /// order entries are given in.
    pub recorded: DateTime<Utc>,
    pub actor: String,
    pub on_behalf_of: Option<OnBehalf>,
    /// The real-world date of what is recorded.
    pub date: NaiveDate,
    pub note: Option<String>,
    /// The evaluation cycle the act belongs to: for an event that opens a cycle, the id of the
    /// cycle it opens. `None` in entries written before cycles existed: the dossier derives it.
    pub cycle: Option<String>,
    /// The public key (OpenSSH form) the entry says it is signed with; its signature is kept
    /// beside it (storage checks it, [`crate::signatures`] checks whose key it is).
    pub signer: Option<String>,
    pub act: Act,
}
