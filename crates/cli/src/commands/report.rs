//! `jalon report`: the evaluation plan and the summary report (being built).

use crate::ctx::Ctx;
use crate::error::CommandError;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
    pub rest: Vec<String>,
}

pub fn run(_ctx: &mut Ctx, _args: Args) -> Result<(), CommandError> {
    Err(CommandError::usage(
        "`jalon report` is not available in this build yet",
    ))
}
