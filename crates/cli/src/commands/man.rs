//! `jalon man`: the manual page, by clap_mangen.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::ctx::Ctx;
use crate::error::{CommandError, Kind};

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(ctx: &mut Ctx, _args: Args) -> Result<(), CommandError> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut buf)
        .map_err(|e| {
            CommandError::new(
                Kind::Internal,
                format!("cannot render the manual page: {e}"),
            )
        })?;
    ctx.print(&String::from_utf8_lossy(&buf))
}
