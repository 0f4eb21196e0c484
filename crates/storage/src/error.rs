//! What can go wrong reading or writing a workspace, with enough to point at the place.

use std::io;
use std::path::{Path, PathBuf};

/// A place in a text file: 1-based line and column (columns count characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub col: usize,
}

/// A problem in a file's content: where, what, and what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub location: Option<Location>,
    pub message: String,
    pub hint: Option<String>,
    /// The offending line, to show under the message.
    pub line_text: Option<String>,
}

impl Diagnostic {
    pub fn new(path: &Path, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            path: path.to_owned(),
            location: None,
            message: message.into(),
            hint: None,
            line_text: None,
        }
    }

    /// Points the diagnostic at `location` in `text` (the file's content).
    pub fn at(mut self, text: &str, location: Location) -> Diagnostic {
        self.line_text = text
            .lines()
            .nth(location.line.saturating_sub(1))
            .map(str::to_owned);
        self.location = Some(location);
        self
    }

    /// Points at the first occurrence of `needle` in `text`, if any.
    pub fn at_text(self, text: &str, needle: &str) -> Diagnostic {
        match locate(text, needle) {
            Some(location) => self.at(text, location),
            None => self,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(l) = self.location {
            write!(f, ":{}:{}", l.line, l.col)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The 1-based line and column (in characters) of the first occurrence of `needle`.
pub fn locate(text: &str, needle: &str) -> Option<Location> {
    let offset = text.find(needle)?;
    Some(location_of(text, offset))
}

/// The 1-based line and column (in characters) of byte `offset`.
pub fn location_of(text: &str, offset: usize) -> Location {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Location {
        line,
        col: before[line_start..].chars().count() + 1,
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// One or more problems in file contents (parse errors, invalid values, broken references).
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Diagnostic>),
    #[error("no jalon workspace here: neither {} nor any folder above it holds a jalon.ron", start.display())]
    NotAWorkspace { start: PathBuf },
    #[error("{} holds no jalon.ron: it is not a jalon workspace", path.display())]
    NoManifest { path: PathBuf },
    #[error("{} already holds a jalon workspace; refusing to overwrite it", path.display())]
    AlreadyExists { path: PathBuf },
    #[error("{}: {reason}", path.display())]
    Escapes { path: PathBuf, reason: String },
    #[error("{} changed since it was read (another writer?); nothing was written, run the command again", path.display())]
    Changed { path: PathBuf },
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

impl StorageError {
    pub fn io<'p>(
        action: &'static str,
        path: &'p Path,
    ) -> impl FnOnce(io::Error) -> StorageError + 'p {
        move |source| StorageError::Io {
            action,
            path: path.to_owned(),
            source,
        }
    }

    pub fn invalid(diagnostic: Diagnostic) -> StorageError {
        StorageError::Invalid(vec![diagnostic])
    }
}

pub type Result<T, E = StorageError> = std::result::Result<T, E>;
