//! The report crate's integration tests: one binary, one module per report.

// Tests read their fixtures from disk; the crate itself does no I/O (its clippy.toml).
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

mod card;
mod documents;
mod escaping;
mod plan;
mod site;
mod summary;

/// Every file in tests/ is a module of this binary: a forgotten file would silently not run.
#[test]
fn no_test_file_is_forgotten() {
    let this = include_str!("tests.rs");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    for entry in std::fs::read_dir(&dir).expect("tests/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            if stem != "tests" {
                assert!(
                    this.contains(&format!("mod {stem};")),
                    "tests/{stem}.rs is not a module of tests.rs"
                );
            }
        }
    }
}
