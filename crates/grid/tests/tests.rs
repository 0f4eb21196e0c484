//! The grid's tests: one binary, one module per feature.

// Tests read their fixtures from disk; the crate itself does no I/O (its clippy.toml).
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

mod common;
mod ledger;
mod metrics;
