//! What the summary report and the evaluation plan share: the cover facts, the marking, how user
//! text is made safe for each format, and how evidence is cited.

use grid::{Confidentiality, Ledger};

use crate::i18n::{self, Labels};
use crate::lang::{Format, Lang};
use crate::workspace::{Options, Workspace};

/// The dash shown where there is no value.
pub const DASH: &str = "—";

/// Makes user text safe for a format. HTML needs nothing (askama escapes every value); a
/// Markdown table cell or list item cannot hold a `|` or a line break.
#[derive(Clone, Copy, Debug)]
pub struct Clean(pub Format);

impl Clean {
    pub fn text(self, s: &str) -> String {
        match self.0 {
            Format::Markdown => s
                .replace('|', "\\|")
                .split(['\r', '\n'])
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" "),
            Format::Html => s.trim().to_owned(),
        }
    }
}

/// One line of the cover's facts table.
pub struct Fact {
    pub label: &'static str,
    pub value: String,
}

/// The top of every report: marking, title, what it is about.
pub struct Header {
    /// `fr` or `en`, for `<html lang>`.
    pub lang: &'static str,
    pub marking: Option<String>,
    /// The process, e.g. "Qualification SecNumCloud (ANSSI)".
    pub kicker: String,
    pub title: &'static str,
    /// "Nébuleuse Cloud SAS — Nébuleuse Compute".
    pub subject: String,
    pub facts: Vec<Fact>,
    pub date: String,
    pub generated: &'static str,
}

impl Header {
    pub fn new(ws: &Workspace<'_>, options: &Options<'_>, title: &'static str) -> Header {
        let lang = options.lang;
        let t = i18n::labels(lang);
        let clean = Clean(options.format);
        let wf = ws.journey.workflow();
        let marking = match options.marking {
            None => Some(t.marking_default.to_owned()),
            Some(m) if m.trim().is_empty() => None,
            Some(m) => Some(clean.text(m)),
        };
        let kinds: Vec<&str> = ws.kinds.iter().map(|k| k.display_name()).collect();
        let r = ws.referential;
        let gl = i18n::grid_lang(lang);
        let state = wf.state(ws.journey.state()).label.clone();
        let facts = vec![
            Fact {
                label: t.provider,
                value: clean.text(ws.provider),
            },
            Fact {
                label: t.service,
                value: clean.text(ws.service),
            },
            Fact {
                label: t.service_kinds,
                value: if kinds.is_empty() {
                    DASH.to_owned()
                } else {
                    kinds.join(", ")
                },
            },
            Fact {
                label: t.referential,
                value: format!(
                    "{} — {} {}",
                    clean.text(r.title.get(gl)),
                    t.version,
                    clean.text(&r.version)
                ),
            },
            Fact {
                label: t.evaluation_centre,
                value: ws
                    .evaluation_centre
                    .map_or_else(|| t.not_named.to_owned(), |c| clean.text(c)),
            },
            Fact {
                label: t.cycle,
                value: format!("{} ({})", t.cycle_kind(ws.cycle_kind), clean.text(ws.cycle)),
            },
            Fact {
                label: t.current_state,
                value: clean.text(i18n::wf_text(lang, &state)),
            },
            Fact {
                label: t.report_date,
                value: i18n::date(lang, ws.today),
            },
        ];
        Header {
            lang: lang.code(),
            marking,
            kicker: clean.text(i18n::wf_text(lang, &wf.def().name)),
            title,
            subject: format!("{} — {}", clean.text(ws.provider), clean.text(ws.service)),
            facts,
            date: i18n::date(lang, ws.today),
            generated: t.generated,
        }
    }
}

/// How a piece of evidence is cited: restricted evidence by its id alone, other evidence by id
/// and title. Paths are never cited.
pub fn cite(ledger: &Ledger, id: &str, clean: Clean) -> String {
    match ledger.evidence.get(id) {
        Some(e) if e.confidentiality != Confidentiality::Restricted => {
            format!("{} ({})", clean.text(id), clean.text(&e.title))
        }
        _ => clean.text(id),
    }
}

/// One piece of evidence in the annex.
pub struct EvidenceRow {
    pub id: String,
    pub restricted: bool,
    pub title: String,
    pub kind: String,
    pub confidentiality: &'static str,
    pub collected: String,
    pub sha256: String,
}

/// Every piece of evidence of the ledger, restricted ones reduced to their id and marking.
pub fn evidence_rows(ledger: &Ledger, lang: Lang, clean: Clean, t: &Labels) -> Vec<EvidenceRow> {
    ledger
        .evidence
        .values()
        .map(|e| {
            let restricted = e.confidentiality == Confidentiality::Restricted;
            EvidenceRow {
                id: clean.text(&e.id),
                restricted,
                title: if restricted {
                    t.restricted_cited.to_owned()
                } else {
                    clean.text(&e.title)
                },
                kind: if restricted {
                    DASH.to_owned()
                } else {
                    clean.text(&e.kind)
                },
                confidentiality: t.confidentiality(e.confidentiality),
                collected: if restricted {
                    DASH.to_owned()
                } else {
                    i18n::date(lang, e.collected.date)
                },
                sha256: if restricted {
                    DASH.to_owned()
                } else {
                    e.sha256.chars().take(16).collect()
                },
            }
        })
        .collect()
}
