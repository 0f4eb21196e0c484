//! Colour in the terminal, where it carries meaning: verdicts, severities, overdue dates and
//! alerts. Commands mark text with [`paint`]; [`render`] turns the marks into ANSI colours (by
//! anstyle, which clap already uses) when colour is on, and drops them when it is off. The marks
//! are characters of Unicode's private use area, put in after user text is made visible
//! ([`crate::input::visible`]), so the only escapes that reach a terminal are these colours.

use anstyle::{AnsiColor, Style};

/// A meaning, and its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Nonconform, major, overdue, an alert.
    Bad,
    /// Minor, upcoming soon, a warning.
    Warn,
    /// Conform, done, ready.
    Good,
    /// Out of scope, not assessed: less to look at.
    Quiet,
}

const RESET: char = '\u{E000}';
const MARKS: [(char, Tone); 4] = [
    ('\u{E001}', Tone::Bad),
    ('\u{E002}', Tone::Warn),
    ('\u{E003}', Tone::Good),
    ('\u{E004}', Tone::Quiet),
];

fn style(tone: Tone) -> Style {
    match tone {
        Tone::Bad => Style::new().fg_color(Some(AnsiColor::Red.into())).bold(),
        Tone::Warn => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
        Tone::Good => Style::new().fg_color(Some(AnsiColor::Green.into())),
        Tone::Quiet => Style::new().dimmed(),
    }
}

/// `text` marked to be shown in `tone`'s colour.
pub fn paint(tone: Tone, text: &str) -> String {
    let mark = MARKS
        .iter()
        .find(|(_, t)| *t == tone)
        .map_or(RESET, |(c, _)| *c);
    format!("{mark}{text}{RESET}")
}

/// `text` with as many marks as [`paint`] puts around it, none of them a colour: a cell beside
/// painted ones in a table column takes the same room ([`crate::table::render_toned`]).
pub fn unpainted(text: &str) -> String {
    format!("{RESET}{text}{RESET}")
}

/// The text with its marks as ANSI colours (`color`), or without them.
pub fn render(text: &str, color: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == RESET {
            if color {
                out.push_str(&anstyle::Reset.render().to_string());
            }
        } else if let Some((_, tone)) = MARKS.iter().find(|(m, _)| *m == c) {
            if color {
                out.push_str(&style(*tone).render().to_string());
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_become_colours_or_nothing() {
        let text = format!("F-0001 {} open", paint(Tone::Bad, "major"));
        assert_eq!(render(&text, false), "F-0001 major open");
        let coloured = render(&text, true);
        assert!(
            coloured.contains("\u{1b}[1m\u{1b}[31mmajor\u{1b}[0m"),
            "{coloured:?}"
        );
    }
}
