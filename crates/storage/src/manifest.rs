//! `jalon.ron`: who the workspace is about, its scope, workflow, evaluation centre and team.

use std::path::Path;

pub use grid::Role;
use grid::ServiceKind;
use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, StorageError};
use crate::ronfmt;

pub const MANIFEST: &str = "jalon.ron";
pub const FORMAT: u32 = 1;

pub use dossier::Member;

/// `jalon.ron` as written on disk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestFile {
    pub format: u32,
    pub provider: String,
    pub service: String,
    pub kinds: Vec<ServiceKind>,
    /// An embedded workflow's name (`secnumcloud`, `hds`, `iso27001`) or a `.ron` path inside the
    /// workspace.
    #[serde(default = "default_workflow")]
    pub workflow: String,
    /// The referential the service is evaluated against (embedded, or imported into the workspace).
    #[serde(default = "default_referential")]
    pub referential: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation_centre: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub team: Vec<Member>,
}

fn default_workflow() -> String {
    "secnumcloud".to_owned()
}

fn default_referential() -> String {
    "secnumcloud-3.2".to_owned()
}

/// A checked manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    pub provider: String,
    pub service: String,
    pub kinds: Vec<ServiceKind>,
    pub workflow: String,
    pub referential: String,
    pub evaluation_centre: Option<String>,
    pub team: Vec<Member>,
}

impl Manifest {
    pub fn new(provider: String, service: String, kinds: Vec<ServiceKind>) -> Manifest {
        Manifest {
            provider,
            service,
            kinds,
            workflow: default_workflow(),
            referential: default_referential(),
            evaluation_centre: None,
            team: Vec::new(),
        }
    }

    pub fn parse(path: &Path, text: &str) -> Result<Manifest, StorageError> {
        let file: ManifestFile = ronfmt::parse(path, text)?;
        let mut problems = Vec::new();
        problems.extend(ronfmt::format_problem(path, text, file.format, FORMAT));
        for (field, value) in [("provider", &file.provider), ("service", &file.service)] {
            if value.trim().is_empty() {
                problems.push(
                    Diagnostic::new(path, format!("`{field}` is empty"))
                        .at_text(text, field)
                        .hint(format!("give the {field}'s name")),
                );
            }
        }
        let mut kinds = file.kinds.clone();
        kinds.sort();
        kinds.dedup();
        if kinds.len() != file.kinds.len() {
            problems.push(
                Diagnostic::new(path, "`kinds` lists a service kind twice").at_text(text, "kinds"),
            );
        }
        let mut actors: Vec<&str> = file.team.iter().map(|m| m.actor.as_str()).collect();
        actors.sort();
        if let Some(w) = actors.windows(2).find(|w| w[0] == w[1]) {
            problems.push(
                Diagnostic::new(path, format!("actor `{}` appears twice in `team`", w[0]))
                    .at_text(text, &format!("\"{}\"", w[0]))
                    .hint("give each actor one role"),
            );
        }
        if !problems.is_empty() {
            return Err(StorageError::Invalid(problems));
        }
        Ok(Manifest {
            provider: file.provider,
            service: file.service,
            kinds: file.kinds,
            workflow: file.workflow,
            referential: file.referential,
            evaluation_centre: file.evaluation_centre.filter(|c| !c.trim().is_empty()),
            team: file.team,
        })
    }

    pub fn render(&self) -> String {
        ronfmt::render(&ManifestFile {
            format: FORMAT,
            provider: self.provider.clone(),
            service: self.service.clone(),
            kinds: self.kinds.clone(),
            workflow: self.workflow.clone(),
            referential: self.referential.clone(),
            evaluation_centre: self.evaluation_centre.clone(),
            team: self.team.clone(),
        })
    }

    /// What the service is evaluated as before any act changes it. A key written into
    /// `jalon.ron` by hand is not a member's key: keys are declared by signed history acts
    /// only (`jalon.ron` is in no hash chain).
    pub fn settings(&self) -> dossier::Settings {
        dossier::Settings {
            kinds: self.kinds.clone(),
            referential: self.referential.clone(),
            evaluation_centre: self.evaluation_centre.clone(),
            team: self
                .team
                .iter()
                .map(|m| Member {
                    public_key: None,
                    ..m.clone()
                })
                .collect(),
            beside: std::collections::BTreeMap::new(),
            signatures: dossier::SignaturePolicy::Optional,
            bases: std::collections::BTreeMap::new(),
        }
    }

    pub fn role_of(&self, actor: &str) -> Option<Role> {
        self.team.iter().find(|m| m.actor == actor).map(|m| m.role)
    }
}
