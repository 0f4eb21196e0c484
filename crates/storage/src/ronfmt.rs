//! RON in and out: one set of options for every file, errors that point at the place.

use std::path::Path;

use ron::extensions::Extensions;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Diagnostic, Location, StorageError};

fn options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(64)
}

/// Parses `text` (the content of `path`) as `T`, or a diagnostic naming file, line and column.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, StorageError> {
    options().from_str(text).map_err(|e| {
        let location = Location { line: e.span.start.line.max(1), col: e.span.start.col.max(1) };
        StorageError::invalid(
            Diagnostic::new(path, format!("{}", e.code))
                .at(text, location)
                .hint("fix the file by hand (it is RON: https://github.com/ron-rs/ron), or restore it from git"),
        )
    })
}

/// Renders `value` as RON the same way every time: 4-space indents, one field per line.
pub fn render<T: Serialize>(value: &T) -> String {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .new_line("\n")
        .struct_names(false)
        .separate_tuple_members(false)
        .extensions(Extensions::IMPLICIT_SOME);
    let mut out = options()
        .to_string_pretty(value, config)
        .expect("jalon's own types always serialize");
    out.push('\n');
    out
}

/// The problem with a file whose `format` is not `expected`, or `None` when it is.
pub fn format_problem(path: &Path, text: &str, found: u32, expected: u32) -> Option<Diagnostic> {
    format_outside(path, text, found, expected..=expected)
}

/// Like [`format_problem`], for files of which this jalon reads several formats.
pub fn format_outside(
    path: &Path,
    text: &str,
    found: u32,
    reads: std::ops::RangeInclusive<u32>,
) -> Option<Diagnostic> {
    let reads_what = if reads.start() == reads.end() {
        format!("format {}", reads.end())
    } else {
        format!("formats {} to {}", reads.start(), reads.end())
    };
    (!reads.contains(&found)).then(|| {
        Diagnostic::new(
            path,
            format!("format {found} is not one this jalon reads (it reads {reads_what})"),
        )
        .at_text(text, "format")
        .hint("use the jalon version that wrote this file, or upgrade jalon")
    })
}
