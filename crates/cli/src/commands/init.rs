//! `jalon init`: create a workspace.

use std::path::PathBuf;

use grid::ServiceKind;
use storage::{Manifest, Workspace};

use crate::ctx::Ctx;
use crate::error::CommandError;
use crate::messages::errors;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder of the new workspace (created if missing; default: the current folder).
    pub dir: Option<PathBuf>,
    /// The provider (the "commanditaire").
    #[arg(long, value_name = "NAME")]
    pub provider: String,
    /// The cloud service being qualified.
    #[arg(long, value_name = "NAME")]
    pub service: String,
    /// Service kind in scope (repeat for several).
    #[arg(long = "kind", value_name = "KIND", required = true, value_parser = parse_kind)]
    pub kinds: Vec<ServiceKind>,
    /// Workflow: an embedded one (secnumcloud, hds, iso27001) or a .ron file inside the workspace.
    #[arg(long, value_name = "NAME", default_value = "secnumcloud")]
    pub workflow: String,
    /// The evaluation centre, once chosen.
    #[arg(long, value_name = "NAME")]
    pub evaluation_centre: Option<String>,
}

fn parse_kind(s: &str) -> Result<ServiceKind, String> {
    s.parse()
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    let dir = args.dir.clone().unwrap_or_else(|| ctx.start_dir());
    let mut kinds = args.kinds.clone();
    kinds.sort();
    kinds.dedup();
    if args.provider.trim().is_empty() || args.service.trim().is_empty() {
        return Err(CommandError::usage(errors::provider_service_empty()));
    }
    if storage::embedded_workflow(&args.workflow).is_none() && !args.workflow.ends_with(".ron") {
        let known: Vec<_> = storage::EMBEDDED_WORKFLOWS
            .iter()
            .map(|(n, _)| *n)
            .collect();
        return Err(
            CommandError::usage(errors::unknown_workflow(&args.workflow))
                .hint(errors::use_workflow(&known.join(", "))),
        );
    }
    // Names that every report, form and calendar shows: one line, no control characters.
    let provider = crate::commands::line("--provider", &args.provider)?;
    let service = crate::commands::line("--service", &args.service)?;
    let centre = match &args.evaluation_centre {
        Some(c) => Some(crate::commands::line("--evaluation-centre", c)?),
        None => None,
    };
    let mut manifest = Manifest::new(provider, service, kinds);
    manifest.workflow = args.workflow.clone();
    manifest.evaluation_centre = centre.filter(|c| !c.is_empty());
    let ws = Workspace::create(&dir, &manifest)?;
    ctx.print(&format!(
        "Created a jalon workspace for {} — {} in {}.\nNext: `jalon journey next` lists what can be recorded; `jalon status` shows where the journey stands.\n",
        manifest.provider,
        manifest.service,
        ws.root().display()
    ))
}
