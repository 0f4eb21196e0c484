//! The CLI's one error type: a kind that decides the exit code, a message, and hints.

use std::fmt::Write as _;

use storage::{Diagnostic, StorageError};

use crate::input::visible;

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

#[derive(Debug)]
pub struct CommandError {
    pub kind: Kind,
    pub message: String,
    pub hints: Vec<String>,
    /// File problems to show with their source lines.
    pub diagnostics: Vec<Diagnostic>,
}

impl CommandError {
    pub fn new(kind: Kind, message: impl Into<String>) -> CommandError {
        CommandError {
            kind,
            message: message.into(),
            hints: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    pub fn usage(message: impl Into<String>) -> CommandError {
        CommandError::new(Kind::Usage, message)
    }

    pub fn hint(mut self, hint: impl Into<String>) -> CommandError {
        self.hints.push(hint.into());
        self
    }

    pub fn exit_code(&self) -> u8 {
        match self.kind {
            Kind::Usage | Kind::Data => EXIT_USAGE,
            Kind::Refused => EXIT_REFUSED,
            Kind::Internal => EXIT_INTERNAL,
        }
    }

    /// The whole report for stderr: the message, each file problem with its line, the hints.
    /// Messages quote what users typed and files hold: every control character but line breaks
    /// and tabs, and every bidirectional control, is shown as its escape (`\u{1b}`)
    /// ([`visible`]), so an error cannot clear the screen, set the window title or reorder a line.
    /// (A file's quoted line is first drawn by annotate-snippets, which shows C0 and
    /// bidirectional controls as pictures, `␛`, with the caret aligned; this pass catches the
    /// rest, C1 and the bidirectional marks.)
    pub fn render(&self) -> String {
        let mut out = String::new();
        if !self.message.is_empty() {
            let _ = writeln!(out, "error: {}", self.message);
        }
        for d in &self.diagnostics {
            out.push_str(&render_diagnostic(d));
        }
        for h in &self.hints {
            let _ = writeln!(out, "hint: {h}");
        }
        visible(&out).into_owned()
    }
}

/// A file problem as `error: path:line:col: message`, the offending line under it, then the hint.
fn render_diagnostic(d: &Diagnostic) -> String {
    use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
    let title = format!("{d}");
    let mut groups = Vec::new();
    let path = d.path.display().to_string();
    let mut error = Group::with_title(Level::ERROR.primary_title(title.as_str()));
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
        groups.push(Group::with_title(
            Level::HELP.secondary_title(hint.as_str()),
        ));
    }
    let mut out = Renderer::plain().render(&groups).to_string();
    out.push('\n');
    out
}

impl From<StorageError> for CommandError {
    fn from(e: StorageError) -> CommandError {
        match e {
            StorageError::Invalid(diagnostics) => CommandError {
                kind: Kind::Data,
                message: String::new(),
                hints: Vec::new(),
                diagnostics,
            },
            StorageError::NotAWorkspace { .. } | StorageError::NoManifest { .. } => {
                CommandError::new(Kind::Usage, e.to_string()).hint(
                    "create one with `jalon init`, try `jalon demo`, or point to one with -C DIR",
                )
            }
            StorageError::AlreadyExists { .. } => CommandError::new(Kind::Usage, e.to_string())
                .hint("choose another folder, or work in the existing workspace"),
            StorageError::Escapes { .. } => CommandError::new(Kind::Data, e.to_string()),
            StorageError::Changed { .. } => CommandError::new(Kind::Refused, e.to_string()),
            StorageError::Io { .. } => CommandError::new(Kind::Data, e.to_string())
                .hint("check that the path exists and that you may read and write it"),
        }
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
