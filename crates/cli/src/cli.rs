//! Parsing the command line, running the command, turning errors into exit codes.

use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser};

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

/// The command line: what clap derives from [`Cli`], with each command's examples added
/// ([`crate::examples`]). Parsing, help, manual pages and completion all read this one.
pub fn command() -> clap::Command {
    crate::examples::add(Cli::command())
}

pub fn main() -> ExitCode {
    // `COMPLETE=bash jalon …`: a shell asking for completions (ids of the workspace too); answered
    // and exited here.
    clap_complete::CompleteEnv::with_factory(command).complete();
    let parsed = command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
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
            let rendered = e.render(ctx.lang());
            let shown = crate::input::visible(&rendered);
            let _ = std::io::stderr().lock().write_all(shown.as_bytes());
            ExitCode::from(e.exit_code())
        }
    }
}

#[cfg(test)]
mod tests {

    /// clap checks the whole command tree: duplicate ids, conflicting flags, bad defaults.
    #[test]
    fn command_line_is_well_formed() {
        super::command().debug_assert();
    }
}

#[cfg(test)]
mod documented {
    /// Every option and argument of every command says what it is (`--help`, the manual pages).
    #[test]
    fn every_argument_has_help() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                let id = a.get_id().as_str();
                if matches!(id, "help" | "version") {
                    continue;
                }
                if a.get_help().is_none_or(|h| h.to_string().trim().is_empty()) {
                    missing.push(format!("{path}: {id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&super::command(), "jalon", &mut missing);
        assert!(missing.is_empty(), "no help:\n{}", missing.join("\n"));
    }
}
