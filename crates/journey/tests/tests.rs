//! The journey engine's tests: one binary, one module per feature.

mod common;
mod graph;
mod properties;
mod record;
mod status;
mod workflow;
