//! The grid's tests: one binary, one module per feature.

mod common;
mod ledger;
mod metrics;
