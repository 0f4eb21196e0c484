//! What changed between two referentials (two versions of one, or an import against the embedded
//! one): the requirements added, removed and changed, by id.

use crate::referential::{Referential, Requirement};

/// Requirement ids, each list in the order of the referential it comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Diff {
    /// In `b`, not in `a`.
    pub added: Vec<String>,
    /// In `a`, not in `b`.
    pub removed: Vec<String>,
    /// In both, and different.
    pub changed: Vec<String>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// What changed from `a` to `b`. A requirement in both has changed when its official text
/// differs, if both have one (an import against an import: the words are what a new version
/// changes); otherwise when its place (chapter, section), kind, scope, level or summary does
/// (the embedded referentials carry jalon's summaries, not the official text).
pub fn diff(a: &Referential, b: &Referential) -> Diff {
    let mut out = Diff::default();
    for q in &a.requirements {
        match b.get(&q.id) {
            None => out.removed.push(q.id.clone()),
            Some(r) if changed(a, q, b, r) => out.changed.push(q.id.clone()),
            Some(_) => {}
        }
    }
    out.added = b
        .requirements
        .iter()
        .filter(|r| a.get(&r.id).is_none())
        .map(|r| r.id.clone())
        .collect();
    out
}

fn changed(a: &Referential, q: &Requirement, b: &Referential, r: &Requirement) -> bool {
    if let (Some(qt), Some(rt)) = (&q.text, &r.text) {
        return normalized(qt) != normalized(rt) || q.title != r.title;
    }
    let place = |x: &Referential, y: &Requirement| {
        let chapter = &x.chapters[y.chapter];
        (
            chapter.id.clone(),
            y.section.map(|s| chapter.sections[s].id.clone()),
        )
    };
    place(a, q) != place(b, r)
        || q.kind != r.kind
        || q.assessable != r.assessable
        || q.applies_to != r.applies_to
        || q.level != r.level
        || q.summary != r.summary
}

/// Text compared word by word: a line re-wrapped is not a change.
fn normalized(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}
