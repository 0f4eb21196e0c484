//! `jalon team`: who acts in the journey, with which role. Declaring a team switches the role
//! rules on (docs/roles.md); a workspace with no team is single-user.

use std::fmt::Write as _;

use grid::{ActKind, Role};
use serde::Serialize;
use storage::Member;

use crate::ctx::{Ctx, Format, FormatArg};
use crate::error::{CommandError, Kind};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub sub: Sub,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Add an actor to the team (or change their role).
    Add(AddArgs),
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
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub format: FormatArg,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    match args.sub {
        Sub::Add(a) => add(ctx, a),
        Sub::List(a) => list(ctx, a),
    }
}

fn add(ctx: &mut Ctx, args: AddArgs) -> Result<(), CommandError> {
    let actor = args.member.trim().to_owned();
    if actor.is_empty() {
        return Err(CommandError::usage("the actor must not be empty"));
    }
    let mut ws = ctx.workspace()?;
    let lock = ws.lock()?;
    // Re-read under the lock: `save_manifest` refuses if the file changed since.
    ws = storage::Workspace::open(ws.root())?;
    let me = ctx.actor();
    let m = ws.manifest().clone();
    grid::authorize(
        !m.team.is_empty(),
        &me,
        m.role_of(&me),
        None,
        &ActKind::TeamChange,
    )
    .map_err(|e| CommandError::new(Kind::Refused, format!("{e}; nothing was written")))?;
    let mut next = m.clone();
    match next.team.iter_mut().find(|t| t.actor == actor) {
        Some(member) => member.role = args.role,
        None => next.team.push(Member {
            actor: actor.clone(),
            role: args.role,
        }),
    }
    ws.save_manifest(&lock, next.clone())?;
    drop(lock);
    let mut out = format!(
        "{actor} is {} in the team ({} members).\n",
        args.role,
        next.team.len()
    );
    if next.role_of(&me).is_none() {
        let _ = writeln!(
            out,
            "note: you ({me}) are not in the team; with a team declared, jalon applies the role rules, so add yourself too."
        );
    }
    ctx.print(&out)
}

#[derive(Serialize)]
struct Listed<'a> {
    actor: &'a str,
    role: &'static str,
}

fn list(ctx: &mut Ctx, args: ListArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let ws = ctx.workspace()?;
    let team: Vec<Listed<'_>> = ws
        .manifest()
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
