//! What the summary report and the evaluation plan share: the cover facts, the marking, how user
//! text is made safe for each format, and how evidence is cited.

use grid::{Confidentiality, Ledger, Plan};

use crate::i18n::{self, Labels};
use crate::lang::{Format, Lang};
use crate::workspace::{Options, Workspace};

/// The dash shown where there is no value.
pub const DASH: &str = "—";

/// Makes user text safe for a format. HTML needs nothing (askama escapes every value).
/// Markdown is escaped here ([`markdown_text`]): the text shows as written, and nothing in it
/// becomes HTML, a link, emphasis, a table cell or a block.
#[derive(Clone, Copy, Debug)]
pub struct Clean(pub Format);

impl Clean {
    pub fn text(self, s: &str) -> String {
        match self.0 {
            Format::Markdown => markdown_text(s),
            Format::Html => s.trim().to_owned(),
        }
    }
}

/// User text as inert Markdown inline text (CommonMark and GitHub's extensions), for a table
/// cell, a list item or a sentence:
/// - one line: line breaks become spaces (a cell or an item cannot hold one);
/// - `<`, `>` and `&` as the entities `&lt;`, `&gt;`, `&amp;`: no HTML element, comment or
///   autolink can open, and no entity is decoded;
/// - a backslash before every ASCII punctuation that opens inline structure: `\` (so no escape
///   of ours is undone), `` ` `` (code), `*` and `_` (emphasis), `~` (strikethrough), `[` and
///   `]` (links, images, references, footnotes), `|` (table cells), `#` (headings and their
///   closing sequence), `$` (math, on GitHub). `!`, `(` and `)` stay as they are: without `[`
///   and `]` no link or image can form;
/// - at the start, what opens a block: `-`, `+`, `=` (list item, rule, heading underline), and
///   the `.` or `)` of a number that starts an ordered list ("2026. ").
///
/// Letters, accents, apostrophes (`'`, `’`) and non-breaking spaces are kept as they are.
fn markdown_text(s: &str) -> String {
    let line = s
        .split(['\r', '\n'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = String::with_capacity(line.len() + 8);
    if line.starts_with(['-', '+', '=']) {
        out.push('\\');
    }
    // An ordered list marker: one to nine digits, then `.` or `)`, then a space or the end.
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let marker = (1..=9).contains(&digits)
        && matches!(line.as_bytes().get(digits), Some(b'.' | b')'))
        && line
            .as_bytes()
            .get(digits + 1)
            .is_none_or(u8::is_ascii_whitespace);
    for (i, c) in line.char_indices() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '~' | '[' | ']' | '|' | '#' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if marker && i == digits => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
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

/// One member of the team, as both reports list it.
pub struct MemberRow {
    pub actor: String,
    pub role: &'static str,
}

/// The team of the workspace, with each member's role in the report's language.
pub fn team_rows(ws: &Workspace<'_>, t: &Labels, clean: Clean) -> Vec<MemberRow> {
    ws.team
        .iter()
        .map(|m| MemberRow {
            actor: clean.text(m.actor),
            role: t.role(m.role),
        })
        .collect()
}

/// One phase of an evaluation plan: its first and last planned days, its checks and the methods
/// they use.
pub struct PhaseRow {
    pub label: &'static str,
    pub start: String,
    pub end: String,
    pub checks: usize,
    pub methods: String,
}

/// The plan's phases, in order (both, even one without checks).
pub fn phase_rows(plan: &Plan, lang: Lang, t: &Labels) -> Vec<PhaseRow> {
    let date = |d: Option<chrono::NaiveDate>| {
        d.map_or_else(|| t.not_scheduled.to_owned(), |d| i18n::date(lang, d))
    };
    plan.timeline()
        .into_iter()
        .map(|span| {
            let mut methods: Vec<&str> = plan
                .items
                .iter()
                .filter(|i| i.phase == span.phase)
                .map(|i| t.method(i.method))
                .collect();
            methods.sort_unstable();
            methods.dedup();
            PhaseRow {
                label: t.phase(span.phase),
                start: date(span.start),
                end: date(span.end),
                checks: span.checks,
                methods: methods.join(", "),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::markdown_text;

    fn check(input: &str, expected: &str) {
        assert_eq!(markdown_text(input), expected, "{input:?}");
    }

    #[test]
    fn markdown_text_is_inert() {
        for (input, expected) in [
            // French text stays as written.
            (
                "Journalisation incomplète de l’hyperviseur (lot\u{a0}2)",
                "Journalisation incomplète de l’hyperviseur (lot\u{a0}2)",
            ),
            (
                "L'équipe d'exploitation\u{a0}: astreinte 24/7, 12.3.a",
                "L'équipe d'exploitation\u{a0}: astreinte 24/7, 12.3.a",
            ),
            ("  two\nlines\r\n\n  ", "two lines"),
            // HTML: entities, never an element, a comment or an autolink.
            (
                "<script>alert(1)</script>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
            ),
            (
                "<img src=x onerror=alert(1)>",
                "&lt;img src=x onerror=alert(1)&gt;",
            ),
            ("<!-- hidden", "&lt;!-- hidden"),
            ("<javascript:alert(1)>", "&lt;javascript:alert(1)&gt;"),
            ("AT&T &amp; &#60;", "AT&amp;T &amp;amp; &amp;\\#60;"),
            // Inline structure: links, images, emphasis, code, cells, strikethrough, math.
            ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
            ("![i](http://x/i.png)", "!\\[i\\](http://x/i.png)"),
            ("Attention\u{a0}!", "Attention\u{a0}!"),
            (
                "**bold** _it_ `code` ~~gone~~",
                "\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~gone\\~\\~",
            ),
            ("| a | b |", "\\| a \\| b \\|"),
            ("a \\| b", "a \\\\\\| b"),
            ("title ##", "title \\#\\#"),
            ("$x$ costs 10 $", "\\$x\\$ costs 10 \\$"),
            // Blocks, at the start.
            ("# heading", "\\# heading"),
            ("- item", "\\- item"),
            ("+ item", "\\+ item"),
            ("---", "\\---"),
            ("===", "\\==="),
            ("> quote", "&gt; quote"),
            ("2026. year", "2026\\. year"),
            ("1) first", "1\\) first"),
            ("12.3.a stays an id", "12.3.a stays an id"),
            (
                "1234567890. too long for a list",
                "1234567890. too long for a list",
            ),
            ("F-0001 - a dash inside", "F-0001 - a dash inside"),
        ] {
            check(input, expected);
        }
    }
}
