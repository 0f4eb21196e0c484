//! Who may do what. A workspace with no team declared is single-user and everything is allowed;
//! declaring a team switches these rules on.

use grid::Role;
use journey::Workflow;

use crate::act::{Act, FindingChange, PlanAct};

/// The kinds of act the rules distinguish. Journey events carry the roles their workflow allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActKind<'a> {
    Assess,
    FindingOpen,
    FindingPlan,
    FindingRemediate,
    FindingClose,
    FindingWithdraw,
    EvidenceAdd,
    PlanGenerate,
    PlanAssign,
    PlanSubmit,
    PlanValidate,
    PlanRequestChanges,
    TeamChange,
    /// Naming the centre, changing the service kinds or the referential.
    ServiceChange,
    ReferentialImport,
    /// Putting a referential in scope beside the service's own.
    ReferentialAdd,
    /// The centre's words in a cycle's summary report.
    ReportNarrative,
    /// Voiding a history entry.
    Retract,
    /// A journey event, with the roles the workflow allows (empty: any team member).
    JourneyEvent {
        event: &'a str,
        by: &'a [Role],
    },
}

const EVALUATORS: &[Role] = &[Role::Evaluator, Role::LeadEvaluator];

impl ActKind<'_> {
    /// The roles allowed, and the rule's name for refusals.
    pub fn allowed(&self) -> (&[Role], String) {
        match self {
            ActKind::Assess => (EVALUATORS, "only evaluators record verdicts".to_owned()),
            ActKind::FindingOpen => (
                EVALUATORS,
                "only evaluators open findings and set their severity".to_owned(),
            ),
            ActKind::FindingPlan => (
                &[Role::Provider],
                "the provider plans corrective actions".to_owned(),
            ),
            ActKind::FindingRemediate => (
                &[Role::Provider],
                "the provider remediates findings".to_owned(),
            ),
            ActKind::FindingClose => (
                EVALUATORS,
                "only evaluators close findings, once they verified the remediation".to_owned(),
            ),
            ActKind::FindingWithdraw => {
                (EVALUATORS, "only evaluators withdraw findings".to_owned())
            }
            ActKind::EvidenceAdd => (
                &[Role::Provider, Role::Evaluator, Role::LeadEvaluator],
                "the provider and the evaluators collect evidence".to_owned(),
            ),
            ActKind::PlanGenerate | ActKind::PlanAssign => (
                &[Role::LeadEvaluator],
                "the lead evaluator (Responsable d'évaluation) writes the plan".to_owned(),
            ),
            ActKind::PlanSubmit => (
                &[Role::LeadEvaluator],
                "only the lead evaluator submits the plan".to_owned(),
            ),
            ActKind::PlanValidate | ActKind::PlanRequestChanges => (
                &[Role::Anssi],
                "ANSSI validates the plan or asks for changes".to_owned(),
            ),
            ActKind::TeamChange => (
                &[Role::Provider, Role::LeadEvaluator],
                "the provider's officer or the lead evaluator manage the team".to_owned(),
            ),
            ActKind::ServiceChange => (
                &[Role::Provider],
                "the provider's officer names the centre and changes the scope or referential"
                    .to_owned(),
            ),
            ActKind::Retract => (
                &[Role::Provider, Role::LeadEvaluator],
                "the provider's officer or the lead evaluator retract history entries".to_owned(),
            ),
            ActKind::ReferentialImport => (
                &[Role::Provider, Role::LeadEvaluator],
                "the provider's officer or the lead evaluator import referentials".to_owned(),
            ),
            ActKind::ReferentialAdd => (
                &[Role::Provider, Role::LeadEvaluator],
                "the provider's officer or the lead evaluator put referentials in scope".to_owned(),
            ),
            ActKind::ReportNarrative => (
                &[Role::LeadEvaluator],
                "the lead evaluator (Responsable d'évaluation) writes the centre's conclusion and commentary".to_owned(),
            ),
            ActKind::JourneyEvent { event, by } => {
                let names: Vec<&str> = by.iter().map(|r| r.as_str()).collect();
                (
                    by,
                    format!("`{event}` is recorded by {}", names.join(" or ")),
                )
            }
        }
    }
}

/// Why an act is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("`{actor}` is not in the team")]
    UnknownActor { actor: String },
    #[error("{rule}; `{actor}` is {role}")]
    Role {
        rule: String,
        actor: String,
        role: Role,
    },
    #[error("only the provider's officer records acts on behalf of ANSSI; `{actor}` is {role}")]
    OnBehalf { actor: String, role: Role },
    #[error(
        "an act on behalf of ANSSI needs a reference (the letter, e-mail or decision it comes from)"
    )]
    NoReference,
}

/// Decides whether `actor` (with `role` from the team, `None` if not a member) may do `act`,
/// possibly on behalf of ANSSI. `team_declared` false means single-user: everything is allowed.
pub fn authorize(
    team_declared: bool,
    actor: &str,
    role: Option<Role>,
    on_behalf_of_anssi: Option<&str>,
    act: &ActKind<'_>,
) -> Result<(), Refused> {
    if let Some(reference) = on_behalf_of_anssi
        && reference.trim().is_empty()
    {
        return Err(Refused::NoReference);
    }
    if !team_declared {
        return Ok(());
    }
    let Some(role) = role else {
        return Err(Refused::UnknownActor {
            actor: actor.to_owned(),
        });
    };
    let effective = match on_behalf_of_anssi {
        Some(_) if role == Role::Provider => Role::Anssi,
        Some(_) => {
            return Err(Refused::OnBehalf {
                actor: actor.to_owned(),
                role,
            });
        }
        None => role,
    };
    let (allowed, rule) = act.allowed();
    if allowed.is_empty() || allowed.contains(&effective) {
        Ok(())
    } else {
        Err(Refused::Role {
            rule,
            actor: actor.to_owned(),
            role,
        })
    }
}

/// The kind of act `act` is for the role rules, with the roles the workflow allows for a
/// journey event (in `roles`, which the caller keeps alive).
pub fn act_kind<'a>(act: &'a Act, roles: &'a [Role]) -> ActKind<'a> {
    match act {
        Act::Journey { event, .. } => ActKind::JourneyEvent { event, by: roles },
        Act::Assess { .. } => ActKind::Assess,
        Act::Finding { change, .. } => match change {
            FindingChange::Open { .. } => ActKind::FindingOpen,
            FindingChange::Plan { .. } => ActKind::FindingPlan,
            FindingChange::Remediate { .. } => ActKind::FindingRemediate,
            FindingChange::Close => ActKind::FindingClose,
            FindingChange::Withdraw => ActKind::FindingWithdraw,
        },
        Act::Evidence { .. } => ActKind::EvidenceAdd,
        Act::Plan { change, .. } => match change {
            PlanAct::Generate { .. } => ActKind::PlanGenerate,
            PlanAct::Assign { .. } => ActKind::PlanAssign,
            PlanAct::Submit => ActKind::PlanSubmit,
            PlanAct::Validate => ActKind::PlanValidate,
            PlanAct::RequestChanges => ActKind::PlanRequestChanges,
        },
        Act::Team { .. } | Act::Key { .. } => ActKind::TeamChange,
        Act::Centre { .. }
        | Act::Kinds { .. }
        | Act::Referential { .. }
        | Act::Signatures { .. }
        | Act::Base { .. } => ActKind::ServiceChange,
        Act::Import { .. } => ActKind::ReferentialImport,
        Act::AddReferential { .. } => ActKind::ReferentialAdd,
        Act::Report { .. } => ActKind::ReportNarrative,
        Act::Retract { .. } => ActKind::Retract,
    }
}

/// The roles the workflow allows for a journey event (empty for other acts).
pub fn event_roles(workflow: &Workflow, act: &Act) -> Vec<Role> {
    match act {
        Act::Journey { event, .. } => workflow
            .event_index(event)
            .map(|e| {
                workflow
                    .event(e)
                    .by
                    .iter()
                    .filter_map(|r| r.parse().ok())
                    .collect()
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}
