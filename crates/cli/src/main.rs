//! `jalon`: track a cloud service's SecNumCloud qualification journey.

mod cli;
mod commands;
mod ctx;
mod demo_data;
mod error;
mod input;
mod progress;

fn main() -> std::process::ExitCode {
    cli::main()
}
