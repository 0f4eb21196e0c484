//! The CLI's one error type: a kind that decides the exit code, a message, and hints, each a
//! [`Text`] of the error catalogue ([`crate::messages::errors`]) shown in the user's language.

use std::fmt::Write as _;

use storage::{Diagnostic, StorageError};

use crate::ctx::Language;
use crate::input::visible;
use crate::messages::errors::{self, Text};

/// Exit codes (a contract, documented in docs/exit-codes.md).
pub const EXIT_OK: u8 = 0;
pub const EXIT_REFUSED: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_INTERNAL: u8 = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Wrong arguments: unknown ids, bad dates, missing options.
    Usage,
    /// Unreadable or invalid input files.
    Data,
    /// A rule refused the action (guard, workflow, validation). Nothing was written.
    Refused,
    /// A bug or an environment failure jalon cannot explain.
    Internal,
}

/// Messages and hints are [`Text`]s, which only the catalogue makes: an English `String` does
/// not compile into an error, so every message exists in both languages.
#[derive(Debug)]
pub struct CommandError {
    pub kind: Kind,
    /// `None` when the file problems, or the report the command printed, say it all.
    pub message: Option<Text>,
    pub hints: Vec<Text>,
    /// File problems to show with their source lines.
    pub diagnostics: Vec<Diagnostic>,
}

impl CommandError {
    pub fn new(kind: Kind, message: Text) -> CommandError {
        CommandError {
            kind,
            message: Some(message),
            hints: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    pub fn usage(message: Text) -> CommandError {
        CommandError::new(Kind::Usage, message)
    }

    /// An error with nothing more to say than its exit code: the command printed its report of
    /// the problems (`verify`, `evidence verify`).
    pub fn silent(kind: Kind) -> CommandError {
        CommandError {
            kind,
            message: None,
            hints: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    pub fn hint(mut self, hint: Text) -> CommandError {
        self.hints.push(hint);
        self
    }

    pub fn exit_code(&self) -> u8 {
        match self.kind {
            Kind::Usage | Kind::Data => EXIT_USAGE,
            Kind::Refused => EXIT_REFUSED,
            Kind::Internal => EXIT_INTERNAL,
        }
    }

    /// The whole report for stderr in `lang`: the message, each file problem with its line, the
    /// hints (`error:` and `hint:` in English, `erreur :` and `conseil :` in French).
    /// Messages quote what users typed and files hold: every control character but line breaks
    /// and tabs, and every bidirectional control, is shown as its escape (`\u{1b}`)
    /// ([`visible`]), so an error cannot clear the screen, set the window title or reorder a line.
    /// (A file's quoted line is first drawn by annotate-snippets, which shows C0 and
    /// bidirectional controls as pictures, `␛`, with the caret aligned; this pass catches the
    /// rest, C1 and the bidirectional marks.)
    pub fn render(&self, lang: Language) -> String {
        let (error, hint) = match lang {
            Language::En => ("error: ", "hint: "),
            Language::Fr => ("erreur : ", "conseil : "),
        };
        let mut out = String::new();
        if let Some(message) = self.message.as_ref().map(|m| m.pick(lang))
            && !message.is_empty()
        {
            let _ = writeln!(out, "{error}{message}");
        }
        for d in &self.diagnostics {
            out.push_str(&render_diagnostic(d, lang));
        }
        for h in &self.hints {
            let _ = writeln!(out, "{hint}{}", h.pick(lang));
        }
        visible(&out).into_owned()
    }
}

/// A file problem as `error: path:line:col: message`, the offending line under it, then the hint.
/// The message and hint are the parser's or the validator's (English); only the frame words
/// follow `lang`.
fn render_diagnostic(d: &Diagnostic, lang: Language) -> String {
    use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
    let (error_level, help_level) = match lang {
        Language::En => (Level::ERROR, Level::HELP),
        Language::Fr => (
            Level::ERROR.with_name("erreur "),
            Level::HELP.with_name("conseil "),
        ),
    };
    let title = format!("{d}");
    let mut groups = Vec::new();
    let path = d.path.display().to_string();
    let mut error = Group::with_title(error_level.primary_title(title.as_str()));
    if let (Some(loc), Some(line)) = (d.location, d.line_text.as_deref()) {
        let start = line
            .char_indices()
            .nth(loc.col.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i);
        let end = line[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
        error = error.element(
            Snippet::source(line)
                .line_start(loc.line)
                .path(path.as_str())
                .annotation(AnnotationKind::Primary.span(start..end.max(start))),
        );
    }
    groups.push(error);
    if let Some(hint) = &d.hint {
        groups.push(Group::with_title(help_level.secondary_title(hint.as_str())));
    }
    let mut out = Renderer::plain().render(&groups).to_string();
    out.push('\n');
    out
}

impl From<StorageError> for CommandError {
    fn from(e: StorageError) -> CommandError {
        let kind = match &e {
            StorageError::Invalid(_) | StorageError::Escapes { .. } | StorageError::Io { .. } => {
                Kind::Data
            }
            StorageError::NotAWorkspace { .. }
            | StorageError::NoManifest { .. }
            | StorageError::AlreadyExists { .. } => Kind::Usage,
            StorageError::Changed { .. } => Kind::Refused,
        };
        let hint = match &e {
            StorageError::NotAWorkspace { .. } | StorageError::NoManifest { .. } => {
                Some(errors::create_a_workspace())
            }
            StorageError::AlreadyExists { .. } => Some(errors::choose_another_folder()),
            StorageError::Io { .. } => Some(errors::check_the_path()),
            StorageError::Invalid(_)
            | StorageError::Escapes { .. }
            | StorageError::Changed { .. } => None,
        };
        let mut err = match e {
            StorageError::Invalid(diagnostics) => CommandError {
                diagnostics,
                ..CommandError::silent(kind)
            },
            other => CommandError::new(kind, errors::storage(&other)),
        };
        if let Some(h) = hint {
            err = err.hint(h);
        }
        err
    }
}

/// Ids close to `wanted` among `known`, best first, for "did you mean" hints.
pub fn nearest<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = known
        .into_iter()
        .map(|k| (strsim::normalized_damerau_levenshtein(wanted, k), k))
        .filter(|(s, _)| *s >= 0.5)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, k)| k).collect()
}
