//! `jalon completions SHELL`: a completion script, by clap_complete.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::ctx::Ctx;
use crate::error::CommandError;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "jalon", &mut buf);
    ctx.print(&String::from_utf8_lossy(&buf))
}
