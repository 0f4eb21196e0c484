//! End-to-end tests of the `jalon` binary: one test binary, one module per area.

mod util;

mod bad_input;
mod calendar;
mod concurrency;
mod crash;
mod demo;
mod errors;
mod export;
mod grid;
mod help;
mod journey;
mod layout;
mod plan;
mod referential;
mod report;
mod roles;
mod sovereignty;
mod status;
mod tamper;
