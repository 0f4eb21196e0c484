//! Mapping sets between frameworks: imported from a CISO Assistant mapping library (YAML), kept
//! in the workspace as `mappings/<id>.ron` (RON, `format: 1`), read back as [`grid::Mapping`].
//!
//! Ids in CISO Assistant's urns: a requirement is `urn:…:req_node:<framework>:<ref id>`; jalon keeps
//! the ref id, and writes an ISO annex control's leading letter in capitals as the standard does
//! (`a.5.1` becomes `A.5.1`). Its import is recorded in history as an imported referential's is
//! (an `Import` act naming the mapping's id), the file and the entry under one lock.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, StorageError};
use crate::{fsio, ronfmt};

pub const FORMAT: u32 = 1;
/// Where imported mappings are kept, inside the workspace.
pub const DIR: &str = "mappings";

const HINT: &str = "the file must be a CISO Assistant mapping library in YAML (`objects.requirement_mapping_set` with `source_framework_urn`, `target_framework_urn` and `requirement_mappings`); take it again from CISO Assistant";

/// A mapping file as written on disk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    format: u32,
    id: String,
    name: String,
    source: String,
    target: String,
    links: Vec<LinkFile>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LinkFile {
    source: String,
    target: String,
    relationship: String,
}

#[derive(Deserialize)]
struct LibraryFile {
    ref_id: Option<String>,
    name: Option<String>,
    objects: Option<ObjectsFile>,
}

#[derive(Deserialize)]
struct ObjectsFile {
    requirement_mapping_set: Option<SetFile>,
}

#[derive(Deserialize)]
struct SetFile {
    ref_id: Option<String>,
    name: Option<String>,
    source_framework_urn: String,
    target_framework_urn: String,
    #[serde(default)]
    requirement_mappings: Vec<RequirementMappingFile>,
}

#[derive(Deserialize)]
struct RequirementMappingFile {
    source_requirement_urn: String,
    target_requirement_urn: String,
    relationship: Option<String>,
}

/// The mapping set a CISO Assistant library holds (`text`, the content of `path`), or `None` if
/// it holds none (a framework library).
pub fn from_ciso(path: &Path, text: &str) -> Result<Option<grid::Mapping>, StorageError> {
    if !crate::ciso::holds_object(text, "requirement_mapping_set") {
        return Ok(None);
    }
    let library: LibraryFile = crate::ciso::parse_yaml(path, text)?;
    let Some(set) = library.objects.and_then(|o| o.requirement_mapping_set) else {
        return Ok(None);
    };
    let source = last_segment(&set.source_framework_urn);
    let target = last_segment(&set.target_framework_urn);
    let mut problems = Vec::new();
    let mut links = Vec::with_capacity(set.requirement_mappings.len());
    for m in &set.requirement_mappings {
        match (
            requirement_id(&m.source_requirement_urn, source),
            requirement_id(&m.target_requirement_urn, target),
        ) {
            (Some(s), Some(t)) => links.push(grid::Link {
                source: s.to_owned(),
                target: control_id(t),
                relationship: m
                    .relationship
                    .clone()
                    .unwrap_or_else(|| "unspecified".to_owned()),
            }),
            _ => problems.push(
                Diagnostic::new(
                    path,
                    format!(
                        "a mapping links `{}` to `{}`: the set goes from {source} to {target}, and these are not a requirement of the one and a control of the other",
                        m.source_requirement_urn, m.target_requirement_urn
                    ),
                )
                .at_text(text, &m.source_requirement_urn)
                .hint(HINT),
            ),
        }
    }
    if !problems.is_empty() {
        return Err(StorageError::Invalid(problems));
    }
    if links.is_empty() {
        return Err(StorageError::invalid(
            Diagnostic::new(path, "the mapping set links no requirements")
                .at_text(text, "requirement_mapping_set")
                .hint(HINT),
        ));
    }
    let id = set
        .ref_id
        .or(library.ref_id)
        .unwrap_or_else(|| format!("{source}-to-{target}"));
    if !is_id(&id) {
        return Err(StorageError::invalid(
            Diagnostic::new(
                path,
                format!("the mapping's id `{id}` is not a file name jalon can use"),
            )
            .at_text(text, &id)
            .hint("ids are made of letters, digits, `.`, `-` and `_`; fix the library's `ref_id`"),
        ));
    }
    Ok(Some(grid::Mapping {
        name: set.name.or(library.name).unwrap_or_else(|| id.clone()),
        id,
        source: source.to_owned(),
        target: target.to_owned(),
        links,
    }))
}

fn last_segment(urn: &str) -> &str {
    urn.rsplit(':').next().unwrap_or(urn)
}

/// `urn:…:req_node:<framework>:<ref id>` gives the ref id, when the framework is `framework`.
fn requirement_id<'a>(urn: &'a str, framework: &str) -> Option<&'a str> {
    let (_, rest) = urn.split_once(&format!(":{framework}:"))?;
    (!rest.is_empty()).then_some(rest)
}

/// An ISO annex control (`a.5.1`) as the standard writes it (`A.5.1`); other ids unchanged.
fn control_id(id: &str) -> String {
    let mut chars = id.chars();
    match (chars.next(), chars.next()) {
        (Some(c), Some('.')) if c.is_ascii_lowercase() => {
            format!("{}{}", c.to_ascii_uppercase(), &id[1..])
        }
        _ => id.to_owned(),
    }
}

fn is_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// Renders `mapping` as its file.
pub fn render(mapping: &grid::Mapping) -> String {
    ronfmt::render(&MappingFile {
        format: FORMAT,
        id: mapping.id.clone(),
        name: mapping.name.clone(),
        source: mapping.source.clone(),
        target: mapping.target.clone(),
        links: mapping
            .links
            .iter()
            .map(|l| LinkFile {
                source: l.source.clone(),
                target: l.target.clone(),
                relationship: l.relationship.clone(),
            })
            .collect(),
    })
}

/// Parses a mapping file (`text`, the content of `path`).
pub fn parse(path: &Path, text: &str) -> Result<grid::Mapping, StorageError> {
    let file: MappingFile = ronfmt::parse(path, text)?;
    if let Some(d) = ronfmt::format_problem(path, text, file.format, FORMAT) {
        return Err(StorageError::invalid(d));
    }
    Ok(grid::Mapping {
        id: file.id,
        name: file.name,
        source: file.source,
        target: file.target,
        links: file
            .links
            .into_iter()
            .map(|l| grid::Link {
                source: l.source,
                target: l.target,
                relationship: l.relationship,
            })
            .collect(),
    })
}

/// Where the mapping `id` is kept in a workspace: `mappings/<id>.ron` (written by
/// `Workspace::save_import`, with the history entry that records the import).
pub fn file(id: &str) -> String {
    format!("{DIR}/{id}.ron")
}

/// Every mapping imported into the workspace at `root`, by file name.
pub fn load_all(root: &Path) -> Result<Vec<grid::Mapping>, StorageError> {
    let dir = fsio::resolve_inside(root, DIR)?;
    let rd = match std::fs::read_dir(&dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(StorageError::io("list", &dir)(e)),
    };
    let mut names = Vec::new();
    for entry in rd {
        let name = entry.map_err(StorageError::io("list", &dir))?.file_name();
        let name = name.to_string_lossy().into_owned();
        if name.ends_with(".ron") {
            names.push(name);
        }
    }
    names.sort();
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let rel = format!("{DIR}/{name}");
        let path = fsio::resolve_inside(root, &rel)?;
        let text = fsio::read_text(&path)?;
        out.push(parse(Path::new(&rel), &text)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_urns_and_annex_controls_are_capitalised() {
        let urn = "urn:intuitem:risk:req_node:secnumcloud-3.2:19.6.b.1";
        assert_eq!(requirement_id(urn, "secnumcloud-3.2"), Some("19.6.b.1"));
        assert_eq!(requirement_id(urn, "iso27001-2022"), None);
        assert_eq!(control_id("a.5.1"), "A.5.1");
        assert_eq!(control_id("4.1"), "4.1");
        assert_eq!(control_id("ab.1"), "ab.1");
        assert!(!is_id("../x") && !is_id("") && is_id("mapping-secnumcloud-3.2-to-iso27001-2022"));
    }
}
