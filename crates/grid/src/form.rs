//! The evaluation form: the completed grid, one row per (requirement, check), as ANSSI receives it.

use serde::Serialize;

use crate::ledger::{Confidentiality, FindingStatus, Ledger};
use crate::referential::{Lang, Referential};
use crate::view::GridView;

/// What a column's cells are, for a spreadsheet that types them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellKind {
    Text,
    /// `YYYY-MM-DD` (a cell that holds one date; several are text).
    Date,
    /// A whole number.
    Number,
}

/// One column of the form: its headers, what its cells are, whether an evaluator may fill it in
/// (what `jalon import form` reads back), and its width in a spreadsheet (characters).
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub fr: &'static str,
    pub en: &'static str,
    pub kind: CellKind,
    pub editable: bool,
    pub width: f64,
}

impl Column {
    pub fn header(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Fr => self.fr,
            Lang::En => self.en,
        }
    }
}

macro_rules! columns {
    ($($field:ident: $fr:literal, $en:literal, $kind:ident, $editable:literal, $width:literal;)+) => {
        /// One row of the form. Field order is the column order.
        #[derive(Clone, Debug, PartialEq, Eq, Serialize)]
        pub struct FormRow {
            $(pub $field: String,)+
        }

        /// Every column, in order. The first sixteen are the form's original columns; their
        /// names never change (scripts and evaluators' macros rely on them); new ones go after.
        pub const COLUMNS: [Column; [$(stringify!($field)),+].len()] = [
            $(Column { fr: $fr, en: $en, kind: CellKind::$kind, editable: $editable, width: $width },)+
        ];

        impl FormRow {
            pub fn cells(&self) -> [&str; COLUMNS.len()] {
                [$(&self.$field,)+]
            }
        }

        /// Each column's index in [`COLUMNS`] and in [`FormRow::cells`], by its field's name.
        #[allow(non_upper_case_globals)]
        pub mod column {
            #[allow(non_camel_case_types, dead_code)]
            enum Index { $($field,)+ }
            $(pub const $field: usize = Index::$field as usize;)+
        }
    };
}

columns! {
    chapter: "Chapitre", "Chapter", Number, false, 9.0;
    requirement: "Exigence", "Requirement", Text, false, 12.0;
    // The official text when imported, else jalon's summary.
    requirement_text: "Texte de l'exigence", "Requirement text", Text, false, 60.0;
    check: "Contrôle", "Check", Text, false, 8.0;
    check_text: "Texte du contrôle", "Check text", Text, false, 50.0;
    method: "Méthode", "Method", Text, false, 14.0;
    // In scope, or why not.
    scope: "Périmètre", "Scope", Text, false, 22.0;
    // The check's own verdict, if one was given.
    check_verdict: "Résultat du contrôle", "Check result", Text, true, 14.0;
    requirement_verdict: "Résultat de l'exigence", "Requirement result", Text, true, 14.0;
    // Finding ids with their status.
    findings: "Constats", "Findings", Text, false, 22.0;
    severities: "Sévérités", "Severities", Text, false, 12.0;
    // Evidence ids; titles too, except for restricted evidence (cited by id only).
    evidence: "Preuves", "Evidence", Text, false, 30.0;
    // What the provider said while answering the findings (notes of its planning and remediation).
    provider_comment: "Commentaire du prestataire", "Provider comment", Text, false, 30.0;
    corrective_action: "Action corrective", "Corrective action", Text, false, 40.0;
    owner: "Responsable", "Owner", Text, false, 20.0;
    due: "Échéance", "Due date", Date, false, 12.0;
    // The evaluator's observation: the note of the check's verdict.
    observation: "Observation de l'évaluateur", "Evaluator's observation", Text, true, 40.0;
    assessor: "Évaluateur", "Assessed by", Text, false, 20.0;
    assessed_on: "Date d'évaluation", "Assessed on", Date, false, 12.0;
    root_cause: "Cause racine", "Root cause", Text, false, 30.0;
    // How each finding's closure was verified: the closing note, who and when.
    closure: "Vérification de clôture", "Closure verification", Text, false, 30.0;
    evidence_hashes: "Empreintes des preuves (SHA-256)", "Evidence hashes (SHA-256)", Text, false, 30.0;
    // The row's place in the referential: sorting on it restores the referential's order (ids
    // such as 10.1.a sort before 5.1.a as text).
    order: "Ordre", "Order", Number, false, 7.0;
    // A fingerprint of the row as exported: `import form` tells from it whether the workspace
    // changed since (a conflict) or only the file did.
    stamp: "Empreinte de la ligne (ne pas modifier)", "Row stamp (do not edit)", Text, false, 18.0;
}

/// Column headers, in the form's language.
pub fn headers(lang: Lang) -> [&'static str; COLUMNS.len()] {
    COLUMNS.map(|c| c.header(lang))
}

impl FormRow {
    /// What the row says, fingerprinted: every cell before the order (the order and the stamp
    /// come last).
    /// The same row gives the same stamp in every export, in the same language, of the same
    /// state of the workspace.
    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        for cell in &self.cells()[..column::order] {
            h.update(cell.as_bytes());
            h.update([0x1f]);
        }
        hex_prefix(&h.finalize())
    }
}

fn hex_prefix(bytes: &[u8]) -> String {
    bytes.iter().take(8).map(|b| format!("{b:02x}")).collect()
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
            // The check's own verdict, else the requirement's: who assessed, when.
            let own = ledger.verdict(&q.id, Some(&c.id));
            let assessed = own.or_else(|| ledger.verdict(&q.id, None));
            if let Some(a) = own {
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
                observation: own.and_then(|a| a.note.clone()).unwrap_or_default(),
                assessor: assessed.map(|a| a.by.actor.clone()).unwrap_or_default(),
                assessed_on: assessed.map(|a| a.by.date.to_string()).unwrap_or_default(),
                root_cause: join(
                    actions
                        .iter()
                        .filter_map(|(f, a)| {
                            a.root_cause.as_ref().map(|r| format!("{}: {r}", f.id))
                        })
                        .collect(),
                ),
                closure: join(
                    findings
                        .iter()
                        .filter_map(|f| {
                            let c = f
                                .history
                                .iter()
                                .rfind(|h| h.status == FindingStatus::Closed)?;
                            let note = c
                                .note
                                .as_deref()
                                .map(|n| format!(" {n}"))
                                .unwrap_or_default();
                            Some(format!("{}:{note} ({}, {})", f.id, c.by.actor, c.by.date))
                        })
                        .collect(),
                ),
                evidence_hashes: evidence_ids
                    .iter()
                    .filter_map(|id| {
                        ledger
                            .evidence
                            .get(*id)
                            .map(|e| format!("{id} {}", e.sha256))
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
                order: (rows.len() + 1).to_string(),
                stamp: String::new(),
            });
            if let Some(last) = rows.last_mut() {
                last.stamp = last.fingerprint();
            }
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
