//! End-to-end tests of the `jalon` binary: one test binary, one module per area.

// Tests make and inspect workspaces on disk; the CLI itself goes through storage (clippy.toml).
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

mod util;

mod bad_input;
mod beside;
mod calendar;
mod cli;
mod composition;
mod concurrency;
mod crash;
mod cycle;
mod demo;
mod errors;
mod evaluation_cycles;
mod exchange;
mod export;
mod git_teams;
mod grid;
mod help;
mod import_form;
mod journey;
mod layout;
mod mapping;
mod outputs;
mod plan;
mod portfolio;
mod referential;
mod report;
mod roles;
mod scale;
mod signatures;
mod site;
mod sovereignty;
mod status;
mod tamper;
