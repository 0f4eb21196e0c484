//! Text that people type is hostile until proven otherwise: refused at input when it holds a
//! character that could turn an output against its reader, and shown harmlessly on the terminal
//! when it got in anyway (a hand-edited file, an older workspace); a CSV cell is kept from
//! reading as a formula ([`csv_cell`]).
//!
//! One set of characters for both ([`is_hostile`]): the control characters (C0, DEL and C1, that
//! is Unicode's `Cc`: they move the cursor, clear the screen, set the window title, ring the bell)
//! and the bidirectional controls (embeddings, overrides, isolates and marks: they reorder what a
//! line shows, the "Trojan Source" characters).
//! Line breaks and tabs are layout, not attacks: multi-line text ([`Shape::Lines`]) may hold them.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::error::CommandError;
use crate::messages::errors;

/// A control character (C0, DEL, C1) or a bidirectional control (U+061C, U+200E, U+200F,
/// U+202A–U+202E, U+2066–U+2069).
pub fn is_hostile(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// What a text option may span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A title or a name (`--title`, `--owner`, `--as`, a team member, a centre): one line, no
    /// tab: it goes into table cells, calendar titles and one-line listings.
    Line,
    /// Prose (`--note`, `--description`, `--action`, `--reserves`, …): line breaks and tabs are
    /// kept; a Windows line break (`\r\n`) is kept as `\n`.
    Lines,
}

/// `value` of `option`, trimmed; refused (exit 2) when it still holds a character of
/// [`is_hostile`] that its shape does not allow, naming the option and the character as `U+XXXX`.
pub fn clean_text(option: &str, value: &str, shape: Shape) -> Result<String, CommandError> {
    let value = value.trim();
    let value = match shape {
        Shape::Lines if value.contains("\r\n") => Cow::Owned(value.replace("\r\n", "\n")),
        _ => Cow::Borrowed(value),
    };
    let layout = |c: char| shape == Shape::Lines && matches!(c, '\n' | '\t');
    match value.chars().find(|&c| is_hostile(c) && !layout(c)) {
        None => Ok(value.into_owned()),
        Some(c) => {
            let what = match c {
                '\n' | '\r' => errors::a_line_break(),
                '\t' => errors::a_tab(),
                c if c.is_control() => errors::a_control_character(),
                _ => errors::a_bidi_character(),
            };
            let code = format!("{:04X}", u32::from(c));
            let e = CommandError::usage(errors::holds_hostile(option, what, &code));
            Err(match shape {
                Shape::Line => e.hint(errors::one_line_option(option)),
                Shape::Lines => e.hint(errors::multi_line_option(option)),
            })
        }
    }
}

/// `text` as a terminal may show it: every character of [`is_hostile`] but line breaks (`\n`,
/// `\r\n`: a document such as an iCalendar printed with `-`) and tabs written as its Rust escape
/// (`\u{1b}`, `\u{202e}`), so that it is seen and does nothing. A lone CR is escaped: it would
/// let the rest of a line overwrite its start.
pub fn visible(text: &str) -> Cow<'_, str> {
    let shown = |i: usize, c: char| {
        is_hostile(c)
            && !matches!(c, '\n' | '\t')
            && !(c == '\r' && text[i + 1..].starts_with('\n'))
    };
    if !text.char_indices().any(|(i, c)| shown(i, c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (i, c) in text.char_indices() {
        if shown(i, c) {
            let _ = write!(out, "{}", c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// JSON text (as serde_json writes it) with the characters of [`is_hostile`] that serde_json
/// leaves raw (DEL, C1, the bidirectional controls) written as `\uXXXX` escapes: the same JSON
/// value, nothing raw for a terminal to obey. serde_json already escapes C0 inside strings, and
/// the structure of JSON is ASCII, so a line break outside a string is layout.
pub fn json_visible(json: &str) -> Cow<'_, str> {
    let raw = |c: char| is_hostile(c) && c != '\n';
    if !json.chars().any(raw) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if raw(c) {
            // Every such character is in the Basic Multilingual Plane: four hex digits.
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A CSV cell as a spreadsheet must read it: one that LibreOffice or Excel would take for a
/// formula (it starts with `=`, `+`, `-`, `@`, a tab or a CR: OWASP's "CSV injection") gets a
/// leading `'`, which makes it text.
pub fn csv_cell(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// What a cell must start with for a spreadsheet to take it for a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell [`csv_cell`] wrote, as it was before (`import form` reads its own CSV back).
pub fn csv_uncell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::{Shape, clean_text, csv_cell, csv_uncell, json_visible, visible};

    /// `clean_text` of `value` as `shape`: the text kept, or the error message and hint.
    fn check(shape: Shape, value: &str, expected: Result<&str, &str>) {
        let got = clean_text("--title", value, shape).map_err(|e| {
            let en = crate::ctx::Language::En;
            let mut m = e.message.map(|m| m.pick(en).to_owned()).unwrap_or_default();
            for h in e.hints {
                m.push_str(" / ");
                m.push_str(h.pick(en));
            }
            m
        });
        match (got, expected) {
            (Ok(got), Ok(want)) => assert_eq!(got, want, "{value:?}"),
            (Err(got), Err(want)) => assert!(got.contains(want), "{value:?}: {got}"),
            (got, want) => panic!("{value:?}: got {got:?}, expected {want:?}"),
        }
    }

    #[test]
    fn text_kept() {
        use Shape::*;
        for (shape, value, kept) in [
            (
                Line,
                "  Journalisation incomplète  ",
                "Journalisation incomplète",
            ),
            (
                Line,
                "Équipe d’exploitation\u{a0}: l’astreinte",
                "Équipe d’exploitation\u{a0}: l’astreinte",
            ),
            (
                Line,
                "<script>alert(1)</script> =HYPERLINK(\"x\")",
                "<script>alert(1)</script> =HYPERLINK(\"x\")",
            ),
            (Line, "עברית and العربية", "עברית and العربية"),
            (Line, "emoji 👩‍💻 (ZWJ kept)", "emoji 👩‍💻 (ZWJ kept)"),
            (
                Line,
                "trailing line break, as $(cat file) gives\n",
                "trailing line break, as $(cat file) gives",
            ),
            (
                Lines,
                "first line\nsecond\tline",
                "first line\nsecond\tline",
            ),
            (Lines, "windows\r\nline break\r\n", "windows\nline break"),
        ] {
            check(shape, value, Ok(kept));
        }
    }

    #[test]
    fn text_refused() {
        use Shape::*;
        for (shape, value, message) in [
            (
                Line,
                "clear \u{1b}[2J",
                "--title holds a control character (U+001B)",
            ),
            (Line, "title \u{1b}]0;owned\u{7}", "(U+001B)"),
            (Line, "two\nlines", "--title holds a line break (U+000A)"),
            (Line, "cr\rhere", "a line break (U+000D)"),
            (Line, "a\ttab", "a tab (U+0009)"),
            (Line, "nul\0", "(U+0000)"),
            (Line, "del\u{7f}", "a control character (U+007F)"),
            (Line, "csi\u{9b}2J", "a control character (U+009B)"),
            (
                Line,
                "evil\u{202e}txt.exe",
                "a bidirectional control character (U+202E)",
            ),
            (Line, "isolate\u{2066}", "(U+2066)"),
            (Line, "mark\u{200f}", "(U+200F)"),
            (Line, "arabic mark\u{61c}", "(U+061C)"),
            (Line, "x\ny", "one line of text"),
            (Lines, "note \u{1b}[31m", "(U+001B)"),
            (Lines, "lone\rcarriage return", "a line break (U+000D)"),
            (Lines, "override\u{202d}", "(U+202D)"),
            (Lines, "x\u{7}", "may hold line breaks and tabs"),
        ] {
            check(shape, value, Err(message));
        }
    }

    #[test]
    fn terminal_text_shows_controls_as_escapes() {
        for (text, shown) in [
            (
                "plain, accentué, l’apostrophe\u{a0}!",
                "plain, accentué, l’apostrophe\u{a0}!",
            ),
            ("two\nlines\tand a tab", "two\nlines\tand a tab"),
            (
                "\u{1b}[2J\u{1b}]0;title\u{7}",
                "\\u{1b}[2J\\u{1b}]0;title\\u{7}",
            ),
            ("crlf\r\n", "crlf\r\n"),
            ("ok\rFAIL\r", "ok\\u{d}FAIL\\u{d}"),
            ("del\u{7f} csi\u{9b}", "del\\u{7f} csi\\u{9b}"),
            (
                "a\u{202e}b\u{2066}c\u{200e}d\u{61c}",
                "a\\u{202e}b\\u{2066}c\\u{200e}d\\u{61c}",
            ),
        ] {
            assert_eq!(visible(text), shown, "{text:?}");
        }
    }

    #[test]
    fn json_text_escapes_what_serde_json_leaves_raw() {
        let value =
            "esc\u{1b} del\u{7f} csi\u{9b} rlo\u{202e} lri\u{2066} rlm\u{200f} \"quoted\" é\n";
        let json = serde_json::to_string_pretty(&serde_json::json!({ "title": value })).unwrap();
        let shown = json_visible(&json);
        assert!(
            !shown.chars().any(|c| super::is_hostile(c) && c != '\n'),
            "{shown}"
        );
        assert!(
            shown.contains(r"\u001b") && shown.contains(r"\u202e") && shown.contains(r"\u009b")
        );
        let back: serde_json::Value = serde_json::from_str(&shown).unwrap();
        assert_eq!(back["title"], value, "the same JSON value");
    }

    #[test]
    fn csv_cells_that_would_be_formulas_are_text() {
        for (cell, written) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("F-0001: =1", "F-0001: =1"),
            (" =1", " =1"),
            (
                "Responsable de l'infrastructure",
                "Responsable de l'infrastructure",
            ),
            ("", ""),
        ] {
            assert_eq!(csv_cell(cell), written, "{cell:?}");
            assert_eq!(csv_uncell(written), cell, "read back: {written:?}");
        }
    }
}
