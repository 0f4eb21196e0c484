//! The evaluation form: the completed grid, one row per (requirement, check), as ANSSI receives it.

use serde::Serialize;

use crate::ledger::{Confidentiality, FindingStatus, Ledger};
use crate::referential::{Lang, Referential};
use crate::view::GridView;

/// One row of the form. Field order is the column order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FormRow {
    pub chapter: String,
    pub requirement: String,
    /// The official text when imported, else jalon's summary.
    pub requirement_text: String,
    pub check: String,
    pub check_text: String,
    pub method: String,
    /// In scope, or why not.
    pub scope: String,
    /// The check's own verdict, if one was given.
    pub check_verdict: String,
    pub requirement_verdict: String,
    pub findings: String,
    pub severities: String,
    /// Evidence ids; titles too, except for restricted evidence (cited by id only).
    pub evidence: String,
    /// What the provider said while answering the findings (notes of its planning and remediation).
    pub provider_comment: String,
    pub corrective_action: String,
    pub owner: String,
    pub due: String,
}

/// Column headers, in the form's language.
pub fn headers(lang: Lang) -> [&'static str; 16] {
    match lang {
        Lang::Fr => [
            "Chapitre",
            "Exigence",
            "Texte de l'exigence",
            "Contrôle",
            "Texte du contrôle",
            "Méthode",
            "Périmètre",
            "Résultat du contrôle",
            "Résultat de l'exigence",
            "Constats",
            "Sévérités",
            "Preuves",
            "Commentaire du prestataire",
            "Action corrective",
            "Responsable",
            "Échéance",
        ],
        Lang::En => [
            "Chapter",
            "Requirement",
            "Requirement text",
            "Check",
            "Check text",
            "Method",
            "Scope",
            "Check result",
            "Requirement result",
            "Findings",
            "Severities",
            "Evidence",
            "Provider comment",
            "Corrective action",
            "Owner",
            "Due date",
        ],
    }
}

impl FormRow {
    pub fn cells(&self) -> [&str; 16] {
        [
            &self.chapter,
            &self.requirement,
            &self.requirement_text,
            &self.check,
            &self.check_text,
            &self.method,
            &self.scope,
            &self.check_verdict,
            &self.requirement_verdict,
            &self.findings,
            &self.severities,
            &self.evidence,
            &self.provider_comment,
            &self.corrective_action,
            &self.owner,
            &self.due,
        ]
    }
}

/// The form's rows: every check of every assessable requirement, in referential order.
/// A finding is cited on the rows of its check, or on every row of its requirement when it names
/// no check.
pub fn form_rows(
    r: &Referential,
    view: &GridView<'_>,
    ledger: &Ledger,
    lang: Lang,
) -> Vec<FormRow> {
    let mut rows = Vec::new();
    for row in view.rows.iter().filter(|row| row.requirement.assessable) {
        let q = row.requirement;
        let requirement_text = q
            .text
            .clone()
            .or_else(|| q.summary.as_ref().map(|s| s.get(lang).to_owned()))
            .unwrap_or_default();
        let scope = match &row.out_of_scope {
            None => match lang {
                Lang::Fr => "applicable".to_owned(),
                Lang::En => "in scope".to_owned(),
            },
            Some(reason) => reason.describe_in(lang),
        };
        for c in &q.checks {
            let findings: Vec<_> = ledger
                .findings_of(&q.id)
                .filter(|f| f.check.as_deref().is_none_or(|fc| fc == c.id))
                .collect();
            let join = |items: Vec<String>| {
                let mut items = items;
                items.dedup();
                items.join("; ")
            };
            let mut evidence_ids: Vec<&str> = findings
                .iter()
                .flat_map(|f| f.evidence.iter().map(String::as_str))
                .collect();
            if let Some(a) = ledger.verdict(&q.id, Some(&c.id)) {
                evidence_ids.extend(a.evidence.iter().map(String::as_str));
            }
            if let Some(a) = ledger.verdict(&q.id, None) {
                evidence_ids.extend(a.evidence.iter().map(String::as_str));
            }
            evidence_ids.sort_unstable();
            evidence_ids.dedup();
            let evidence = evidence_ids
                .iter()
                .map(|id| match ledger.evidence.get(*id) {
                    Some(e) if e.confidentiality != Confidentiality::Restricted => {
                        format!("{id} {}", e.title)
                    }
                    _ => (*id).to_owned(),
                })
                .collect::<Vec<_>>()
                .join("; ");
            let provider_comment = findings
                .iter()
                .flat_map(|f| {
                    f.history
                        .iter()
                        .filter(|h| {
                            matches!(
                                h.status,
                                FindingStatus::ActionPlanned | FindingStatus::Remediated
                            )
                        })
                        .filter_map(|h| h.note.as_ref().map(|n| format!("{}: {n}", f.id)))
                })
                .collect::<Vec<_>>()
                .join("; ");
            let actions: Vec<_> = findings
                .iter()
                .filter_map(|f| f.action.as_ref().map(|a| (f, a)))
                .collect();
            rows.push(FormRow {
                chapter: r.chapters[q.chapter].id.clone(),
                requirement: q.id.clone(),
                requirement_text: requirement_text.clone(),
                check: c.id.clone(),
                check_text: c.text.get(lang).to_owned(),
                method: label(lang, c.method.as_str()).to_owned(),
                scope: scope.clone(),
                check_verdict: ledger
                    .verdict(&q.id, Some(&c.id))
                    .map(|a| label(lang, a.verdict.as_str()).to_owned())
                    .unwrap_or_default(),
                requirement_verdict: label(lang, row.verdict.as_str()).to_owned(),
                findings: join(
                    findings
                        .iter()
                        .map(|f| format!("{} ({})", f.id, label(lang, f.status.as_str())))
                        .collect(),
                ),
                severities: join(
                    findings
                        .iter()
                        .map(|f| label(lang, f.severity.as_str()).to_owned())
                        .collect(),
                ),
                evidence,
                provider_comment,
                corrective_action: join(
                    actions
                        .iter()
                        .map(|(f, a)| format!("{}: {}", f.id, a.action))
                        .collect(),
                ),
                owner: join(actions.iter().map(|(_, a)| a.owner.clone()).collect()),
                due: join(actions.iter().map(|(_, a)| a.due.to_string()).collect()),
            });
        }
    }
    rows
}

/// The form's words for verdicts, methods, severities and statuses; in English the codes themselves.
pub fn label(lang: Lang, code: &str) -> &str {
    if lang == Lang::En {
        return code;
    }
    match code {
        "not-assessed" => "non évalué",
        "conform" => "conforme",
        "nonconform" => "non conforme",
        "not-applicable" => "non applicable",
        "inherited" => "hérité",
        "documentary" => "documentaire",
        "interview" => "entretien",
        "technical-test" => "test technique",
        "on-site" => "observation sur site",
        "major" => "majeure",
        "minor" => "mineure",
        "observation" => "observation",
        "open" => "ouvert",
        "action-planned" => "action planifiée",
        "remediated" => "corrigé",
        "closed" => "clos",
        "withdrawn" => "retiré",
        other => other,
    }
}
