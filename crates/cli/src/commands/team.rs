//! `jalon team`: who acts in the journey, with which role. Declaring a team switches the role
//! rules on (docs/roles.md); a workspace with no team is single-user. Team changes are dated acts
//! of the history (`jalon.ron`'s `team` is where it starts from).

use std::fmt::Write as _;

use grid::Role;
use serde::Serialize;
use storage::Act;

use crate::commands::{AtArg, Loaded, Write, WriteArgs, line, text, write_locked};
use crate::ctx::{Ctx, Format, FormatArg};
use crate::error::CommandError;
use crate::messages::errors;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub sub: Sub,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Add an actor to the team (or change their role).
    Add(AddArgs),
    /// Remove an actor from the team.
    Remove(RemoveArgs),
    /// The team and its roles.
    List(ListArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The actor, as `--as`/JALON_ACTOR/git's user.email names them.
    #[arg(value_name = "ACTOR")]
    pub member: String,
    /// provider | evaluator | lead-evaluator | anssi
    #[arg(long, value_name = "ROLE", value_parser = |s: &str| s.parse::<Role>())]
    pub role: Role,
    #[command(flatten)]
    pub common: WriteArgs,
}

#[derive(Debug, clap::Args)]
pub struct RemoveArgs {
    /// The actor to remove from the team (as `jalon team list` shows them).
    #[arg(value_name = "ACTOR")]
    pub member: String,
    #[command(flatten)]
    pub common: WriteArgs,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub at: AtArg,
    #[command(flatten)]
    pub format: FormatArg,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    match args.sub {
        Sub::Add(a) => add(ctx, a),
        Sub::Remove(a) => remove(ctx, a),
        Sub::List(a) => list(ctx, a),
    }
}

fn add(ctx: &mut Ctx, args: AddArgs) -> Result<(), CommandError> {
    let actor = line("<ACTOR>", &args.member)?;
    if actor.is_empty() {
        return Err(CommandError::usage(errors::actor_empty()));
    }
    change(ctx, actor, Some(args.role), args.common)
}

fn remove(ctx: &mut Ctx, args: RemoveArgs) -> Result<(), CommandError> {
    change(ctx, line("<ACTOR>", &args.member)?, None, args.common)
}

/// Records a team change: `actor` gets `role`, or leaves the team (`None`).
fn change(
    ctx: &mut Ctx,
    actor: String,
    role: Option<Role>,
    common: WriteArgs,
) -> Result<(), CommandError> {
    let format = ctx.with_format(&common.format);
    let date = common.date(ctx)?;
    let me = ctx.actor()?;
    let note = text("--note", common.note.clone())?;
    let (path, team) = write_locked(
        ctx,
        |_, dossier| {
            if role.is_none() && dossier.settings.role_of(&actor).is_none() {
                return Err(
                    CommandError::usage(errors::not_in_team(&actor)).hint(errors::show_team())
                );
            }
            let act = Act::Team {
                actor: actor.clone(),
                role,
            };
            Ok((Write::new(date, note.clone(), act), ()))
        },
        |(), checked| Ok(checked.after.settings.team.clone()),
    )?;
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                actor: &'a str,
                role: Option<&'static str>,
                members: usize,
                file: String,
            }
            ctx.print_json(&Out {
                actor: &actor,
                role: role.map(Role::as_str),
                members: team.len(),
                file: path.display().to_string(),
            })
        }
        Format::Human => {
            let mut out = match role {
                Some(role) => format!("{actor} is {role} in the team ({} members).\n", team.len()),
                None => format!("{actor} left the team ({} members).\n", team.len()),
            };
            if !team.is_empty() && !team.iter().any(|m| m.actor == me) {
                let _ = writeln!(
                    out,
                    "note: you ({me}) are not in the team; with a team declared, jalon applies the role rules, so add yourself too."
                );
            }
            ctx.print(&out)
        }
    }
}

#[derive(Serialize)]
struct Listed<'a> {
    actor: &'a str,
    role: &'static str,
}

fn list(ctx: &mut Ctx, args: ListArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let loaded = Loaded::open(ctx)?;
    let dossier = loaded.dossier(args.at.date(ctx)?)?;
    let team: Vec<Listed<'_>> = dossier
        .settings
        .team
        .iter()
        .map(|t| Listed {
            actor: &t.actor,
            role: t.role.as_str(),
        })
        .collect();
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                enforced: bool,
                team: Vec<Listed<'a>>,
            }
            ctx.print_json(&Out {
                enforced: !team.is_empty(),
                team,
            })
        }
        Format::Human => {
            let mut t = String::new();
            if team.is_empty() {
                t.push_str("No team declared: single-user workspace, every act is allowed and attributed to its actor.\n");
            }
            for m in &team {
                let _ = writeln!(t, "{:<16}{}", m.role, m.actor);
            }
            ctx.print(&t)
        }
    }
}
