//! Parsing the command line, running the command, turning errors into exit codes.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use crate::commands::{self, Command};
use crate::ctx::{Ctx, Format, Global};
use crate::error::EXIT_OK;

/// Track a cloud service's SecNumCloud qualification journey: milestones J0–J3, surveillance,
/// renewal, the evaluation grid, reports and sovereignty scores.
#[derive(Debug, Parser)]
#[command(
    name = "jalon",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    /// Output format for commands that print data (also accepted after the command).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    #[command(subcommand)]
    pub command: Command,
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // clap: 0 for --help/--version, 2 for usage errors (our contract too).
            return ExitCode::from(e.exit_code() as u8);
        }
    };
    let mut ctx = Ctx {
        global: cli.global,
        format: cli.format.unwrap_or(Format::Human),
    };
    match commands::run(&mut ctx, cli.command) {
        Ok(()) => ExitCode::from(EXIT_OK),
        Err(e) => {
            // Errors quote what people gave (file names, cells of a batch, ids): shown, never
            // obeyed by the terminal.
            let rendered = e.render();
            let shown = crate::input::visible(&rendered);
            let _ = std::io::stderr().lock().write_all(shown.as_bytes());
            ExitCode::from(e.exit_code())
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// clap checks the whole command tree: duplicate ids, conflicting flags, bad defaults.
    #[test]
    fn command_line_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
