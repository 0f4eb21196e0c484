//! `jalon init`: create a workspace.

use std::path::PathBuf;

use dossier::SignaturePolicy;
use grid::{Role, ServiceKind};
use storage::{Act, Manifest, Workspace};

use crate::commands::team::Policy;
use crate::commands::{Write, write_locked};
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
    /// Your SSH public key (`id_ed25519.pub`): you join the team as the provider's officer,
    /// its first member, with this key (trust on first use: docs/SECURITY.md).
    #[arg(long, value_name = "FILE")]
    pub public_key: Option<PathBuf>,
    /// `required`: every entry is signed by its actor's declared key from the start (needs
    /// --public-key, and --key with its private key); `optional` (the default): entries may be
    /// signed.
    #[arg(long, value_enum, value_name = "POLICY", default_value = "optional")]
    pub signatures: Policy,
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
    // Everything the first entries need is checked before the workspace exists.
    let public_key = args
        .public_key
        .as_deref()
        .map(storage::signing::read_public_key)
        .transpose()?;
    let required = args.signatures == Policy::Required;
    if required {
        let Some(public) = &public_key else {
            return Err(CommandError::usage(errors::required_needs_public_key()));
        };
        let signing = ctx.signing_key()?;
        match &signing {
            Some((key, _)) if key.public_key() == public => {}
            Some(_) => {
                return Err(CommandError::usage(errors::key_not_of_public_key())
                    .hint(errors::give_matching_private_key()));
            }
            None => {
                return Err(CommandError::usage(errors::required_needs_private_key())
                    .hint(errors::give_private_key()));
            }
        }
    }
    let mut manifest = Manifest::new(provider, service, kinds);
    manifest.workflow = args.workflow.clone();
    manifest.evaluation_centre = centre.filter(|c| !c.is_empty());
    let ws = Workspace::create(&dir, &manifest)?;
    // The first member, then the policy: entries of the new history, written (and signed) as
    // every other.
    ctx.global.workspace = Some(ws.root().to_owned());
    if let Some(public) = public_key {
        let me = ctx.actor()?;
        record(
            ctx,
            Act::Team {
                actor: me.clone(),
                role: Some(Role::Provider),
                public_key: Some(public.clone()),
            },
        )?;
        ctx.print(&format!(
            "{me} is the provider's officer, with key {}.\n",
            storage::signing::fingerprint(&public)
        ))?;
    }
    if required {
        record(
            ctx,
            Act::Signatures {
                policy: SignaturePolicy::Required,
            },
        )?;
        ctx.print("Signatures are required: every entry is signed by its actor's declared key.\n")?;
    }
    ctx.print(&format!(
        "Created a jalon workspace for {} — {} in {}.\nNext: `jalon journey next` lists what can be recorded; `jalon status` shows where the journey stands.\n",
        manifest.provider,
        manifest.service,
        ws.root().display()
    ))
}

/// Records `act` today in the new workspace.
fn record(ctx: &Ctx, act: Act) -> Result<PathBuf, CommandError> {
    let today = ctx.today();
    let (path, ()) = write_locked(
        ctx,
        |_, _| Ok((Write::new(today, None, act), ())),
        |(), _| Ok(()),
    )?;
    Ok(path)
}
