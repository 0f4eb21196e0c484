//! CISO Assistant framework libraries (YAML) converted into jalon referentials.
//!
//! [`import`] is a pure function from a library's text to a checked [`Referential`]: the caller
//! reads the file (with [`crate::read_text`]) and decides where to write the result.
//!
//! A library holds `objects.framework.requirement_nodes`, a flat list in document order where each
//! node names its parent by `parent_urn`. Every node is kept:
//!
//! - a non-assessable node at depth 1 is a chapter; an assessable one is a requirement that also
//!   opens a chapter of its own, with the same id and title (a framework of top-level requirements
//!   such as the Cloud Sovereignty Framework still has chapters to hold them);
//! - a non-assessable node at depth 2 is a section of its chapter;
//! - every other node (assessable at any depth, and everything deeper than 2) is a requirement of
//!   its chapter and of its nearest section ancestor, if any.
//!
//! **Ids.** A node's id is its `ref_id` when it has one; otherwise its parent's id, `.`, and its
//! 1-based position among *all* the parent's children in file order (`19.6.b.1`); a root without
//! `ref_id` gets its position among the roots. Chapters and sections share one namespace and
//! requirements have another. A collision is resolved the same way on every import:
//!
//! 1. explicit `ref_id`s are claimed first; of two nodes with the same `ref_id` in one namespace,
//!    the first in the file keeps it;
//! 2. a non-assessable depth-2 node *without* `ref_id` whose derived id is the `ref_id` of a
//!    chapter or section is a note, not a section: it becomes a non-assessable requirement entry
//!    at chapter level (outside any section), keeping its derived id, and its children follow it
//!    (SecNumCloud 3.2's chapter 9 opens with two such notes, `9.1` and `9.2`; the children of the
//!    first are `9.1.1` and `9.1.2`, as in the embedded referential);
//! 3. any other id already taken in its namespace gets the first free suffix `~2`, `~3`…, in file
//!    order (`1.1.a~2`), and its children's derived ids start from the suffixed id.
//!
//! Requirements keep file order within their chapter and section; a chapter's requirements outside
//! any section come before its sections, the order the referential file format stores.
//!
//! **Text.** A requirement's `title` is the node's `name` and its `text` the node's `description`,
//! kept as they are. Chapter and section titles are the node's `name`, else its `description`, else
//! its id (a chapter or section with both keeps its name only: the referential has no text for
//! them); the referential's title is the framework's (else the library's) `name`. Such titles are
//! the library's text in both `fr` and `en`, except where the node carries a `translations` entry
//! for the other language (the hygiene guide has English names).
//!
//! **Kind.** `Recommendation` when the node's `description` (else its `name`), after any `a)`
//! enumerator, starts with "Il est recommandé" or "It is recommended", or opens with a condition
//! whose main clause recommends ("Lorsque…, il est recommandé", "If…, it is recommended"); else
//! `Requirement`. Other turns ("Il est vivement recommandé", "Sur les postes…, il est recommandé")
//! stay requirements: the hygiene guide's measures are all imposed, recommendations included.
//! `Informative` when the text defines a term ("Il est entendu par…", "Pour les besoins du présent
//! article, la notion…", "It is understood…", "For the purposes of this…") or gives an example of
//! how a requirement may be met ("…pourra par exemple…", "…pourra être atteint…", "Par
//! exemple…", "For example…"), and so are the bullets that follow such a lead-in ending with a
//! colon (entries whose text goes on in lower case): read with the requirement they belong to, not
//! assessed themselves.
//!
//! **Axis.** For a SecNumCloud library (library urn's last segment starting with `secnumcloud`),
//! chapters 9 to 14 are `Technical`; every other chapter, of any library, is `Organizational`
//! (libraries carry no axis; the embedded referentials keep their own).
//!
//! **Level.** `Reinforced` when every one of the node's `implementation_groups` is a group the
//! framework defines with the name "renforcé", "reinforced" or "strengthened" (the hygiene guide's
//! `R` group); else `Standard`.
//!
//! **Checks.** Each line of the node's `annotation` that starts with "Vérifier" (French) or
//! "Verify"/"Check" (English) starts a check (`c1`, `c2`…); the `-` bullet lines right under it
//! belong to it. Other lines are commentary and are not checks. The method is a guess from
//! keywords: on-site for "sur site"/"visite"/"on site", interview for "entretien"/"interview",
//! technical test for "test…", "scan…", "configuration", documentary otherwise.
//!
//! **Version.** The first that applies: the `vX.Y` token of the library's (or framework's) `ref_id`
//! (`SecNumCloud v3.2` gives `3.2`); "version X.Y" in the library's name or description
//! (`version 1.2.1`); a numeric last `-` part of the urn's last segment (`iso27001-2022` gives
//! `2022`); otherwise the library's own revision, as `CISO Assistant revision N`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use grid::{
    Axis, Chapter, Check, Level, Method, Referential, Requirement, RequirementKind, Section,
    ServiceKind, Text,
};
use serde::Deserialize;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_saphyr::Spanned;

use crate::error::{Diagnostic, Location, StorageError};

/// A referential imported from a CISO Assistant framework library, with the library's counts.
#[derive(Clone, Debug)]
pub struct Imported {
    pub referential: Referential,
    /// Every requirement node of the library.
    pub nodes: usize,
    /// The nodes flagged `assessable`.
    pub assessable: usize,
}

const HINT_YAML: &str = "the file must be a CISO Assistant framework library in YAML (a mapping with `urn` and `objects.framework.requirement_nodes`); fix the YAML, or take the library again from CISO Assistant";
const HINT_NODES: &str = "each requirement node needs a unique `urn`; a `parent_urn` must name a node listed before it; fix the library, or take it again from CISO Assistant";

/// Converts the CISO Assistant library `text` (the content of `path`) into a referential with id
/// `id`, or the one derived from the library's urn (`urn:…:library:secnumcloud-3.2` gives
/// `secnumcloud-3.2`). Every problem found in the nodes is reported, each with its place.
pub fn import(path: &Path, text: &str, id: Option<&str>) -> Result<Imported, StorageError> {
    let library: LibraryFile = parse_yaml(path, text)?;
    let framework = framework_of(path, text, &library)?;
    let nodes_file = match &framework.requirement_nodes {
        Some(n) if !n.is_empty() => n.as_slice(),
        Some(_) => {
            return Err(invalid(
                Diagnostic::new(path, "the framework has no requirement nodes")
                    .at_text(text, "requirement_nodes")
                    .hint(HINT_YAML),
            ));
        }
        None => {
            return Err(invalid(
                Diagnostic::new(
                    path,
                    "the framework has no `requirement_nodes`: there is nothing to import",
                )
                .at_text(text, "framework:")
                .hint(HINT_YAML),
            ));
        }
    };
    let id = referential_id(path, text, &library, id)?;
    let tree = Tree::build(path, text, nodes_file)?;
    let layout = Layout::assign(&tree);

    let locale = library.locale.as_deref().unwrap_or_default();
    let library_urn = library.urn.as_ref().map(|u| u.value.as_str());
    let secnumcloud = library_urn
        .and_then(|u| u.rsplit(':').next())
        .is_some_and(|last| last.to_lowercase().starts_with("secnumcloud"));
    let reinforced = reinforced_groups(framework);

    let mut chapters: Vec<Chapter> = Vec::new();
    let mut requirements: Vec<Requirement> = Vec::new();
    for (node, place) in tree.nodes.iter().zip(&layout.places) {
        let f = node.file;
        if place.opens_chapter {
            let axis = if secnumcloud && technical_secnumcloud_chapter(&place.id) {
                Axis::Technical
            } else {
                Axis::Organizational
            };
            chapters.push(Chapter {
                id: place.id.clone(),
                title: heading(f, locale, &place.id),
                axis,
                sections: Vec::new(),
            });
        }
        match place.role {
            Role::Chapter => {}
            Role::Section => {
                if let Some(c) = chapters.get_mut(place.chapter) {
                    c.sections.push(Section {
                        id: place.id.clone(),
                        title: heading(f, locale, &place.id),
                    });
                }
            }
            Role::Entry => {
                let axis = chapters
                    .get(place.chapter)
                    .map_or(Axis::Organizational, |c| c.axis);
                let body = f.description.as_deref().or(f.name.as_deref());
                requirements.push(Requirement {
                    id: place.id.clone(),
                    // How CISO Assistant names the node, when not by its ref_id: the urn's last
                    // segment (`node129`; `5;2.d` for the library's 5.2.d).
                    node: {
                        let last = f.urn.value.rsplit(':').next().unwrap_or_default();
                        let by_ref_id = f
                            .ref_id
                            .as_ref()
                            .is_some_and(|r| r.to_lowercase() == last.to_lowercase());
                        (!by_ref_id).then(|| last.to_owned())
                    },
                    chapter: place.chapter,
                    section: place.section,
                    kind: body.map_or(RequirementKind::Requirement, kind_of),
                    assessable: f.assessable,
                    summary: None,
                    title: f.name.clone(),
                    text: f.description.clone(),
                    applies_to: Vec::new(),
                    axis,
                    level: level_of(f, &reinforced),
                    checks: f.annotation.as_deref().map(checks_of).unwrap_or_default(),
                });
            }
        }
    }
    mark_example_bullets(&mut requirements);
    // The file format stores a chapter's loose requirements before its sections.
    requirements.sort_by_key(|r| (r.chapter, r.section.map_or(0, |s| s + 1)));

    let title = title_of(&library, framework, locale, &id);
    let version = version_of(&library, framework);
    let source = source_of(&library);
    let nodes = nodes_file.len();
    let assessable = nodes_file.iter().filter(|n| n.assessable).count();
    let referential = Referential::new(
        id,
        version,
        title,
        source,
        ServiceKind::ALL.to_vec(),
        chapters,
        requirements,
    )
    .map_err(|problems| {
        StorageError::Invalid(
            problems
                .into_iter()
                .map(|p| {
                    Diagnostic::new(path, format!("{} after import", p.message)).hint(
                        "this is a bug in jalon's importer; please report it with the library file",
                    )
                })
                .collect(),
        )
    })?;
    // Never write a referential jalon would then refuse to read.
    let written = crate::referential::render_referential(&referential).len();
    if written as u64 > crate::MAX_FILE_BYTES {
        return Err(invalid(
            Diagnostic::new(
                path,
                format!(
                    "this library would make a referential file of {written} bytes, more than the {} bytes jalon reads; nothing was imported",
                    crate::MAX_FILE_BYTES
                ),
            )
            .hint("a framework library of CISO Assistant is far below this; take the library again from CISO Assistant"),
        ));
    }
    Ok(Imported {
        referential,
        nodes,
        assessable,
    })
}

// ---- The library as CISO Assistant writes it (only the fields jalon reads). ----

#[derive(Deserialize)]
struct LibraryFile {
    urn: Option<Spanned<String>>,
    ref_id: Option<String>,
    name: Option<String>,
    description: Option<String>,
    version: Option<String>,
    locale: Option<String>,
    provider: Option<String>,
    copyright: Option<String>,
    #[serde(default)]
    translations: Translations,
    objects: Option<ObjectsFile>,
}

#[derive(Deserialize)]
struct ObjectsFile {
    framework: Option<FrameworkFile>,
}

#[derive(Deserialize)]
struct FrameworkFile {
    ref_id: Option<String>,
    name: Option<String>,
    #[serde(default)]
    translations: Translations,
    implementation_groups_definition: Option<Vec<GroupFile>>,
    requirement_nodes: Option<Vec<NodeFile>>,
}

#[derive(Deserialize)]
struct GroupFile {
    ref_id: Option<String>,
    name: Option<String>,
    #[serde(default)]
    translations: Translations,
}

#[derive(Deserialize)]
struct NodeFile {
    urn: Spanned<String>,
    parent_urn: Option<Spanned<String>>,
    depth: Option<Spanned<u32>>,
    ref_id: Option<String>,
    #[serde(default)]
    assessable: bool,
    name: Option<String>,
    description: Option<String>,
    annotation: Option<String>,
    #[serde(default)]
    translations: Translations,
    implementation_groups: Option<Vec<String>>,
}

/// `translations: {en: {name: …, description: …}}`, by language code.
type Translations = BTreeMap<String, TranslationFile>;

#[derive(Deserialize)]
struct TranslationFile {
    name: Option<String>,
    description: Option<String>,
}

/// Only the kinds of object a library holds, to say what a non-framework library is.
#[derive(Deserialize)]
struct ObjectKinds {
    objects: Option<BTreeMap<String, IgnoredAny>>,
}

/// Whether `text` reads as a CISO Assistant library whose `objects` hold `kind`
/// (`requirement_mapping_set`); `false` for anything else, unreadable YAML included.
pub(crate) fn holds_object(text: &str, kind: &str) -> bool {
    serde_saphyr::from_str_with_options::<ObjectKinds>(text, yaml_options())
        .ok()
        .and_then(|k| k.objects)
        .is_some_and(|o| o.contains_key(kind))
}

fn invalid(d: Diagnostic) -> StorageError {
    StorageError::invalid(d)
}

fn location(l: serde_saphyr::Location) -> Option<Location> {
    let line = usize::try_from(l.line()).ok().filter(|&n| n > 0)?;
    let col = usize::try_from(l.column()).ok()?.max(1);
    Some(Location { line, col })
}

fn at<T>(d: Diagnostic, text: &str, spanned: &Spanned<T>) -> Diagnostic {
    match location(spanned.referenced) {
        Some(l) => d.at(text, l),
        None => d,
    }
}

/// At most this much scalar text (names, descriptions, annotations…) is read from a library,
/// every YAML alias (`*name`) counted as many times as it is used: a library that expands past it
/// is refused before anything is written. SecNumCloud 3.2's library holds well under 1 MiB.
pub const MAX_TEXT_BYTES: usize = 8 * 1024 * 1024;

/// At most this many YAML nodes (mappings, sequences, scalars) are read, aliases expanded.
pub const MAX_NODES: usize = 250_000;

/// The reading options: the budget bounds what a library may expand to (an "alias bomb" of a
/// few kilobytes could otherwise expand to gigabytes).
fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_total_scalar_bytes: MAX_TEXT_BYTES,
            max_nodes: MAX_NODES,
        },
    }
}

/// The budget a parse ran out of, if that is what stopped it.
fn budget_breach(mut e: &serde_saphyr::Error) -> Option<&serde_saphyr::budget::BudgetBreach> {
    loop {
        match e {
            serde_saphyr::Error::AliasError { error, .. }
            | serde_saphyr::Error::WithSnippet { error, .. } => e = error,
            serde_saphyr::Error::Budget { breach, .. } => return Some(breach),
            _ => return None,
        }
    }
}

pub(crate) fn parse_yaml<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, StorageError> {
    serde_saphyr::from_str_with_options(text, yaml_options()).map_err(|e| {
        use serde_saphyr::budget::BudgetBreach;
        let options = serde_saphyr::render_options! {
            snippets: serde_saphyr::SnippetMode::Off,
        };
        let limit = match budget_breach(&e) {
            Some(BudgetBreach::ScalarBytes { .. }) => Some(format!(
                "more than {} MiB of text",
                MAX_TEXT_BYTES / (1024 * 1024)
            )),
            Some(BudgetBreach::Nodes { .. }) => Some(format!("more than {MAX_NODES} YAML nodes")),
            _ => None,
        };
        if let Some(limit) = limit {
            let d = Diagnostic::new(
                path,
                format!("this library expands to {limit} once its YAML aliases (`*name`) are replaced, more than jalon imports; nothing was imported"),
            )
            .hint("a framework library of CISO Assistant is far below this; take the library again from CISO Assistant");
            return invalid(match e.location().and_then(location) {
                Some(l) => d.at(text, l),
                None => d,
            });
        }
        let mut message = e.render_with_options(options);
        let place = e.location();
        if let Some(l) = place {
            // The diagnostic shows the place itself.
            let suffix = format!(" at line {}, column {}", l.line(), l.column());
            if let Some(stripped) = message.strip_suffix(&suffix) {
                message = stripped.to_owned();
            }
        }
        let d = Diagnostic::new(
            path,
            format!("cannot read this CISO Assistant library: {message}"),
        )
        .hint(HINT_YAML);
        invalid(match place.and_then(location) {
            Some(l) => d.at(text, l),
            None => d,
        })
    })
}

fn framework_of<'a>(
    path: &Path,
    text: &str,
    library: &'a LibraryFile,
) -> Result<&'a FrameworkFile, StorageError> {
    let Some(objects) = &library.objects else {
        return Err(invalid(
            Diagnostic::new(
                path,
                "this is not a CISO Assistant library: it has no `objects`",
            )
            .hint(HINT_YAML),
        ));
    };
    if let Some(f) = &objects.framework {
        return Ok(f);
    }
    let kinds: Vec<String> =
        serde_saphyr::from_str_with_options::<ObjectKinds>(text, yaml_options())
            .ok()
            .and_then(|k| k.objects)
            .map(|o| o.into_keys().map(|k| format!("`{k}`")).collect())
            .unwrap_or_default();
    let holds = if kinds.is_empty() {
        "nothing".to_owned()
    } else {
        kinds.join(", ")
    };
    let what = if kinds.iter().any(|k| k.contains("mapping")) {
        " (a mapping between two frameworks)"
    } else {
        ""
    };
    Err(invalid(
        Diagnostic::new(
            path,
            format!(
                "this CISO Assistant library holds no framework: its `objects` hold {holds}{what}"
            ),
        )
        .at_text(text, "objects:")
        .hint("jalon imports framework libraries (with `objects.framework.requirement_nodes`); import the framework library itself"),
    ))
}

fn referential_id(
    path: &Path,
    text: &str,
    library: &LibraryFile,
    given: Option<&str>,
) -> Result<String, StorageError> {
    let (id, from_urn) = match given {
        Some(id) => (id.to_owned(), false),
        None => {
            let Some(urn) = &library.urn else {
                return Err(invalid(
                    Diagnostic::new(
                        path,
                        "the library has no `urn` to name the referential after",
                    )
                    .hint("give the referential an id"),
                ));
            };
            let last = urn.value.rsplit(':').next().unwrap_or_default();
            // A library whose ids line up with an embedded referential enriches it by default.
            let id = EMBEDDED_BY_LIBRARY
                .iter()
                .find(|(library, _)| *library == last)
                .map_or(last, |(_, embedded)| embedded);
            (id.to_owned(), true)
        }
    };
    let valid = !id.is_empty()
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if valid {
        return Ok(id);
    }
    let d = Diagnostic::new(
        path,
        format!(
            "`{id}` is not a usable referential id: ids are letters, digits, `.`, `-` and `_`, not starting with `.`"
        ),
    );
    Err(invalid(match (&library.urn, from_urn) {
        (Some(urn), true) => at(d, text, urn).hint("give the referential an id"),
        _ => d.hint("choose another id"),
    }))
}

/// CISO Assistant libraries (their urn's last segment) whose ids are those of an embedded
/// referential of another name: imported, they enrich it unless `--id` says otherwise.
const EMBEDDED_BY_LIBRARY: [(&str, &str); 1] = [("anssi-guide-hygiene", "anssi-hygiene")];

// ---- The node tree: parents, depths and positions, checked. ----

struct TreeNode<'a> {
    file: &'a NodeFile,
    parent: Option<usize>,
    depth: u32,
    /// 1-based position among the parent's children (or among the roots), in file order.
    position: usize,
}

struct Tree<'a> {
    nodes: Vec<TreeNode<'a>>,
}

impl<'a> Tree<'a> {
    /// Links each node to its parent, which must be listed before it; reports every duplicate
    /// urn, unknown or misplaced parent and wrong depth.
    fn build(path: &Path, text: &str, files: &'a [NodeFile]) -> Result<Tree<'a>, StorageError> {
        let all: HashSet<&str> = files.iter().map(|f| f.urn.value.as_str()).collect();
        let mut index: HashMap<&str, usize> = HashMap::with_capacity(files.len());
        let mut children: Vec<usize> = Vec::with_capacity(files.len());
        let mut roots = 0;
        let mut nodes: Vec<TreeNode<'a>> = Vec::with_capacity(files.len());
        let mut problems = Vec::new();
        for f in files {
            let urn = f.urn.value.as_str();
            if let Some(first) = index.get(urn).and_then(|&i| nodes.get(i)) {
                let first_line = location(first.file.urn.referenced)
                    .map(|l| format!(" (first at line {})", l.line))
                    .unwrap_or_default();
                problems.push(
                    at(
                        Diagnostic::new(
                            path,
                            format!("urn `{urn}` is used by two nodes{first_line}"),
                        ),
                        text,
                        &f.urn,
                    )
                    .hint(HINT_NODES),
                );
                continue;
            }
            let (parent, depth) = match &f.parent_urn {
                None => (None, 1),
                Some(p) => {
                    let wanted = p.value.as_str();
                    match index.get(wanted).and_then(|&i| Some((i, nodes.get(i)?))) {
                        Some((i, parent)) => (Some(i), parent.depth.saturating_add(1)),
                        None => {
                            let message = if wanted == urn {
                                format!("node `{urn}` names itself as its parent")
                            } else if all.contains(wanted) {
                                format!(
                                    "node `{urn}` names parent `{wanted}`, which is listed after it"
                                )
                            } else {
                                format!(
                                    "node `{urn}` names parent `{wanted}`, which no node of the library has"
                                )
                            };
                            problems
                                .push(at(Diagnostic::new(path, message), text, p).hint(HINT_NODES));
                            continue;
                        }
                    }
                }
            };
            if let Some(d) = &f.depth
                && d.value != depth
            {
                problems.push(
                    at(
                        Diagnostic::new(
                            path,
                            format!(
                                "node `{urn}` says depth {} but its parents put it at depth {depth}",
                                d.value
                            ),
                        ),
                        text,
                        d,
                    )
                    .hint("a root node has depth 1 and a child one more than its parent; fix `depth` or `parent_urn`"),
                );
            }
            let position = match parent.and_then(|i| children.get_mut(i)) {
                Some(count) => {
                    *count += 1;
                    *count
                }
                None => {
                    roots += 1;
                    roots
                }
            };
            index.insert(urn, nodes.len());
            children.push(0);
            nodes.push(TreeNode {
                file: f,
                parent,
                depth,
                position,
            });
        }
        if problems.is_empty() {
            Ok(Tree { nodes })
        } else {
            Err(StorageError::Invalid(problems))
        }
    }
}

// ---- Roles and ids. ----

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Chapter,
    Section,
    Entry,
}

/// Where a node goes in the referential.
struct Place {
    id: String,
    role: Role,
    /// A root node: it opens a chapter (and, if assessable, is also a requirement in it).
    opens_chapter: bool,
    chapter: usize,
    /// For a section, its own index; for a requirement, its nearest section ancestor's.
    section: Option<usize>,
}

struct Layout {
    /// One per tree node, in the same order.
    places: Vec<Place>,
}

impl Layout {
    fn assign(tree: &Tree<'_>) -> Layout {
        let base = |n: &TreeNode<'_>| -> (Role, bool) {
            match (n.depth, n.file.assessable) {
                (1, false) => (Role::Chapter, true),
                (1, true) => (Role::Entry, true),
                (2, false) => (Role::Section, false),
                _ => (Role::Entry, false),
            }
        };
        // Explicit ids are claimed first, by the first node that has them in each namespace.
        let mut structure_claims: HashMap<&str, usize> = HashMap::new();
        let mut entry_claims: HashMap<&str, usize> = HashMap::new();
        for (i, n) in tree.nodes.iter().enumerate() {
            if let Some(r) = n.file.ref_id.as_deref() {
                let (role, opens) = base(n);
                if role != Role::Entry || opens {
                    structure_claims.entry(r).or_insert(i);
                }
                if role == Role::Entry {
                    entry_claims.entry(r).or_insert(i);
                }
            }
        }
        let mut taken_structure: HashSet<String> = HashSet::new();
        let mut taken_entries: HashSet<String> = HashSet::new();
        let mut sections_per_chapter: Vec<usize> = Vec::new();
        let mut next_suffix: HashMap<(bool, String), usize> = HashMap::new();
        let mut places: Vec<Place> = Vec::with_capacity(tree.nodes.len());
        for (i, n) in tree.nodes.iter().enumerate() {
            let parent = n.parent.and_then(|p| places.get(p));
            let candidate = match (&n.file.ref_id, parent) {
                (Some(r), _) => r.clone(),
                (None, Some(p)) => format!("{}.{}", p.id, n.position),
                (None, None) => n.position.to_string(),
            };
            let (parent_chapter, parent_section) =
                parent.map_or((0, None), |p| (p.chapter, p.section));
            let (mut role, opens) = base(n);
            if role == Role::Section
                && n.file.ref_id.is_none()
                && structure_claims.contains_key(candidate.as_str())
            {
                // A note whose derived id is a real section's: an entry, not a section.
                role = Role::Entry;
            }
            let in_structure = role != Role::Entry || opens;
            let in_entries = role == Role::Entry;
            let taken = |id: &str| {
                let claimed_by_other =
                    |claims: &HashMap<&str, usize>| claims.get(id).is_some_and(|&c| c != i);
                (in_structure
                    && (taken_structure.contains(id) || claimed_by_other(&structure_claims)))
                    || (in_entries
                        && (taken_entries.contains(id) || claimed_by_other(&entry_claims)))
            };
            let id = if taken(&candidate) {
                // Remembering the last suffix keeps a file full of one id linear, not quadratic.
                let key = (in_entries, candidate);
                let mut k = next_suffix.get(&key).copied().unwrap_or(2);
                let id = loop {
                    let suffixed = format!("{}~{k}", key.1);
                    if !taken(&suffixed) {
                        break suffixed;
                    }
                    k += 1;
                };
                next_suffix.insert(key, k + 1);
                id
            } else {
                candidate
            };
            if in_structure {
                taken_structure.insert(id.clone());
            }
            if in_entries {
                taken_entries.insert(id.clone());
            }
            let chapter = if opens {
                sections_per_chapter.push(0);
                sections_per_chapter.len() - 1
            } else {
                parent_chapter
            };
            let section = match role {
                Role::Section => sections_per_chapter.get_mut(chapter).map(|count| {
                    *count += 1;
                    *count - 1
                }),
                Role::Chapter => None,
                Role::Entry if opens => None,
                Role::Entry => parent_section,
            };
            places.push(Place {
                id,
                role,
                opens_chapter: opens,
                chapter,
                section,
            });
        }
        Layout { places }
    }
}

// ---- Texts, kinds, levels, checks. ----

fn bilingual(
    locale: &str,
    own: &str,
    translations: &Translations,
    field: impl Fn(&TranslationFile) -> Option<&str>,
) -> Text {
    let pick = |lang: &str| {
        if locale == lang {
            own
        } else {
            translations
                .get(lang)
                .and_then(&field)
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .unwrap_or(own)
        }
    };
    Text {
        en: pick("en").to_owned(),
        fr: pick("fr").to_owned(),
    }
}

/// The trimmed text, unless absent or blank.
fn usable(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A chapter's or section's title: the node's name, else its description, else its id.
fn heading(f: &NodeFile, locale: &str, id: &str) -> Text {
    match (usable(&f.name), usable(&f.description)) {
        (Some(n), _) => bilingual(locale, n, &f.translations, |t| t.name.as_deref()),
        (None, Some(d)) => bilingual(locale, d, &f.translations, |t| t.description.as_deref()),
        (None, None) => Text {
            en: id.to_owned(),
            fr: id.to_owned(),
        },
    }
}

fn title_of(library: &LibraryFile, framework: &FrameworkFile, locale: &str, id: &str) -> Text {
    if let Some(n) = usable(&framework.name) {
        bilingual(locale, n, &framework.translations, |t| t.name.as_deref())
    } else if let Some(n) = usable(&library.name) {
        bilingual(locale, n, &library.translations, |t| t.name.as_deref())
    } else {
        Text {
            en: id.to_owned(),
            fr: id.to_owned(),
        }
    }
}

/// The digits and dots `s` starts with (`3.2-A2` gives `3.2`), if it starts with a digit.
fn numeric_prefix(s: &str) -> Option<String> {
    let end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let v = s.get(..end)?.trim_end_matches('.');
    v.starts_with(|c: char| c.is_ascii_digit())
        .then(|| v.to_owned())
}

fn version_of(library: &LibraryFile, framework: &FrameworkFile) -> String {
    let from_ref_id = [library.ref_id.as_deref(), framework.ref_id.as_deref()]
        .into_iter()
        .flatten()
        .find_map(|r| {
            r.split_whitespace()
                .find_map(|w| numeric_prefix(w.strip_prefix(['v', 'V'])?))
        });
    let from_words = || {
        [library.name.as_deref(), library.description.as_deref()]
            .into_iter()
            .flatten()
            .find_map(|t| {
                let lower = t.to_lowercase();
                lower
                    .match_indices("version ")
                    .find_map(|(i, w)| numeric_prefix(lower.get(i + w.len()..)?))
            })
    };
    let from_urn = || {
        let urn = library.urn.as_ref()?;
        let last = urn.value.rsplit(':').next()?;
        let (_, tail) = last.rsplit_once('-')?;
        numeric_prefix(tail).filter(|v| v.len() == tail.len())
    };
    from_ref_id
        .or_else(from_words)
        .or_else(from_urn)
        .unwrap_or_else(|| match &library.version {
            Some(v) => format!("CISO Assistant revision {v}"),
            None => "unversioned".to_owned(),
        })
}

fn source_of(library: &LibraryFile) -> String {
    let or_unstated = |s: &Option<String>| usable(s).unwrap_or("not stated").to_owned();
    let urn = library
        .urn
        .as_ref()
        .map_or("without urn", |u| u.value.as_str());
    let mut about = Vec::new();
    if let Some(name) = usable(&library.name) {
        about.push(format!("\"{name}\""));
    }
    if let Some(v) = &library.version {
        about.push(format!("revision {v}"));
    }
    let about = if about.is_empty() {
        String::new()
    } else {
        format!(" ({})", about.join(", "))
    };
    format!(
        "Imported from the CISO Assistant library {urn}{about}; provider: {}; copyright: {}.",
        or_unstated(&library.provider),
        or_unstated(&library.copyright)
    )
}

fn technical_secnumcloud_chapter(id: &str) -> bool {
    id.parse::<u32>().is_ok_and(|n| (9..=14).contains(&n))
}

/// The bullets of an informative lead-in ("…pourra par exemple être atteint :"), in file order: the
/// entries right after it whose text goes on in lower case, as a list's items do, are informative
/// too.
fn mark_example_bullets(requirements: &mut [Requirement]) {
    let mut in_list = false;
    for r in requirements.iter_mut() {
        let text = r.text.as_deref().unwrap_or_default().trim();
        if in_list && text.starts_with(char::is_lowercase) {
            r.kind = RequirementKind::Informative;
            continue;
        }
        in_list = r.kind == RequirementKind::Informative && text.ends_with(':');
    }
}

/// `Recommendation` when the text recommends rather than requires, `Informative` when it defines
/// or gives an example (see the module docs).
fn kind_of(text: &str) -> RequirementKind {
    const DEFINES: [&str; 5] = [
        "il est entendu",
        "pour les besoins du présent",
        "it is understood",
        "for the purposes of this",
        "for the purpose of this",
    ];
    const EXAMPLES: [&str; 2] = ["par exemple", "for example"];
    const RECOMMENDS: [&str; 2] = ["il est recommandé", "it is recommended"];
    const CONDITIONS: [&str; 9] = [
        "lorsque ",
        "lorsqu’",
        "lorsqu'",
        "si ",
        "s’il",
        "s'il",
        "quand ",
        "when ",
        "if ",
    ];
    let t = strip_enumerator(text.trim_start()).to_lowercase();
    let first_sentence = t.split(". ").next().unwrap_or_default();
    let after_condition = CONDITIONS.iter().any(|c| t.starts_with(c))
        && RECOMMENDS
            .iter()
            .any(|r| first_sentence.contains(&format!(", {r}")));
    let gives_example = EXAMPLES.iter().any(|e| t.starts_with(e))
        || ["pourra par exemple", "pourra être atteint"]
            .iter()
            .any(|e| first_sentence.contains(e));
    if DEFINES.iter().any(|d| t.starts_with(d)) || gives_example {
        RequirementKind::Informative
    } else if after_condition || RECOMMENDS.iter().any(|r| t.starts_with(r)) {
        RequirementKind::Recommendation
    } else {
        RequirementKind::Requirement
    }
}

/// Drops a leading list marker such as `a)` or `12)` and the spaces after it.
fn strip_enumerator(t: &str) -> &str {
    match t.split_once(')') {
        Some((marker, rest))
            if !marker.is_empty()
                && marker.chars().count() <= 3
                && marker.chars().all(char::is_alphanumeric) =>
        {
            rest.trim_start()
        }
        _ => t,
    }
}

fn is_reinforced_name(name: &str) -> bool {
    matches!(
        name.trim().to_lowercase().as_str(),
        "renforcé" | "renforce" | "reinforced" | "strengthened"
    )
}

/// The framework's implementation groups that mean a reinforced level, by `ref_id`.
fn reinforced_groups(f: &FrameworkFile) -> HashSet<&str> {
    f.implementation_groups_definition
        .iter()
        .flatten()
        .filter(|g| {
            g.name.as_deref().is_some_and(is_reinforced_name)
                || g.translations
                    .values()
                    .any(|t| t.name.as_deref().is_some_and(is_reinforced_name))
        })
        .filter_map(|g| g.ref_id.as_deref())
        .collect()
}

fn level_of(n: &NodeFile, reinforced: &HashSet<&str>) -> Level {
    match &n.implementation_groups {
        Some(groups)
            if !groups.is_empty() && groups.iter().all(|g| reinforced.contains(g.as_str())) =>
        {
            Level::Reinforced
        }
        _ => Level::Standard,
    }
}

/// Whether an annotation line starts a check ("Vérifier que…", "Verify that…", "Check that…").
fn starts_check(line: &str) -> bool {
    let first = line
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or_default()
        .to_lowercase();
    matches!(first.as_str(), "vérifier" | "verifier" | "verify" | "check")
}

/// The checks in an annotation: each check line with the `-` bullet lines right under it.
fn checks_of(annotation: &str) -> Vec<Check> {
    let mut texts: Vec<String> = Vec::new();
    let mut open = false;
    for line in annotation.lines().map(str::trim) {
        if line.is_empty() {
            continue;
        }
        if starts_check(line) {
            texts.push(line.to_owned());
            open = true;
        } else if open && line.starts_with('-') {
            if let Some(t) = texts.last_mut() {
                t.push('\n');
                t.push_str(line);
            }
        } else {
            open = false;
        }
    }
    texts
        .into_iter()
        .enumerate()
        .map(|(i, t)| Check {
            id: format!("c{}", i + 1),
            method: method_of(&t),
            text: Text {
                en: t.clone(),
                fr: t,
            },
        })
        .collect()
}

/// A guess at how a check is performed, from its words.
fn method_of(check: &str) -> Method {
    let t = check.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    let word_starts = |prefixes: &[&str]| {
        t.split(|c: char| !c.is_alphanumeric())
            .any(|w| prefixes.iter().any(|p| w.starts_with(p)))
    };
    if has(&["sur site", "visite", "on site", "on-site", "site visit"]) {
        Method::OnSite
    } else if has(&["entretien", "interview"]) {
        Method::Interview
    } else if word_starts(&["test", "scan"]) || has(&["configuration"]) {
        Method::TechnicalTest
    } else {
        Method::Documentary
    }
}
