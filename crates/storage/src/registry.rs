//! A registry of qualified services (`registry.ron`): what a team read of ANSSI's catalogue, one
//! entry per service, each with its source and the day it was read. `jalon base add ID
//! --registry FILE` copies an entry into the history, so the workspace never depends on the file
//! again.

use std::path::Path;

use chrono::NaiveDate;
use grid::ServiceKind;
use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Result, StorageError};
use crate::{fsio, ronfmt};

pub const FORMAT: u32 = 1;

/// `registry.ron` as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistryFile {
    format: u32,
    services: Vec<Entry>,
}

/// One qualified service, as read from its source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: String,
    pub provider: String,
    pub service: String,
    #[serde(default)]
    pub kinds: Vec<ServiceKind>,
    /// The date of its qualification, when the source gives it.
    #[serde(default)]
    pub qualified: Option<NaiveDate>,
    /// The end of its qualification, when the source gives it.
    #[serde(default)]
    pub expires: Option<NaiveDate>,
    /// Where it was read (an address).
    pub source: String,
    /// The day it was read.
    pub read: NaiveDate,
}

impl Entry {
    /// The base an entry declares.
    pub fn base(&self) -> dossier::BaseSource {
        dossier::BaseSource::Registry {
            provider: self.provider.clone(),
            service: self.service.clone(),
            kinds: self.kinds.clone(),
            qualified: self.qualified,
            expires: self.expires,
            source: self.source.clone(),
            read: self.read,
        }
    }
}

/// Reads a registry file: its entries, or what is wrong with file, line and column.
pub fn read(path: &Path) -> Result<Vec<Entry>> {
    let text = fsio::read_text(path)?;
    let file: RegistryFile = ronfmt::parse(path, &text)?;
    if let Some(d) = ronfmt::format_outside(path, &text, file.format, FORMAT..=FORMAT) {
        return Err(StorageError::invalid(d));
    }
    let mut seen = std::collections::BTreeSet::new();
    for e in &file.services {
        if !seen.insert(e.id.as_str()) {
            return Err(StorageError::invalid(
                Diagnostic::new(path, format!("the id `{}` is given twice", e.id))
                    .hint("give each service its own id"),
            ));
        }
        if let (Some(q), Some(x)) = (e.qualified, e.expires)
            && x < q
        {
            return Err(StorageError::invalid(
                Diagnostic::new(
                    path,
                    format!("`{}` expires ({x}) before it was qualified ({q})", e.id),
                )
                .hint("check the dates against the source"),
            ));
        }
    }
    Ok(file.services)
}
