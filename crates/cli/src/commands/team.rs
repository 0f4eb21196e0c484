//! `jalon team`: who acts in the journey, with which role and which key. Declaring a team
//! switches the role rules on (docs/roles.md); a workspace with no team is single-user. Team
//! changes, keys and the signature policy are dated acts of the history (`jalon.ron`'s `team` is
//! where it starts from; docs/SECURITY.md, "Signed history").

use std::fmt::Write as _;
use std::path::PathBuf;

use dossier::SignaturePolicy;
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
    /// Add an actor to the team (or change their role), with the public key they sign with.
    Add(AddArgs),
    /// Remove an actor from the team (their earlier entries stay valid).
    Remove(RemoveArgs),
    /// Replace a member's public key (a rotation: their earlier entries stay valid).
    Key(KeyArgs),
    /// Require every entry from now on to be signed by its actor's key, or no longer.
    Signatures(SignaturesArgs),
    /// The team and its roles, keys and signature policy.
    List(ListArgs),
    /// The members' keys as an allowed_signers file, for `ssh-keygen -Y verify` and git.
    AllowedSigners(AllowedSignersArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The actor, as `--as`/JALON_ACTOR/git's user.email names them.
    #[arg(value_name = "ACTOR")]
    pub member: String,
    /// provider | evaluator | lead-evaluator | anssi
    #[arg(long, value_name = "ROLE", value_parser = |s: &str| s.parse::<Role>())]
    pub role: Role,
    /// Their SSH public key (`id_ed25519.pub`): the entries they write are signed with it.
    #[arg(long, value_name = "FILE")]
    pub public_key: Option<PathBuf>,
    #[command(flatten)]
    pub common: WriteArgs,
}

#[derive(Debug, clap::Args)]
pub struct KeyArgs {
    /// The member whose key changes (as `jalon team list` shows them).
    #[arg(value_name = "ACTOR")]
    pub member: String,
    /// Their new SSH public key (`id_ed25519.pub`).
    #[arg(long, value_name = "FILE")]
    pub public_key: PathBuf,
    #[command(flatten)]
    pub common: WriteArgs,
}

#[derive(Debug, clap::Args)]
pub struct SignaturesArgs {
    /// `required`: every entry from now on is signed by its actor's declared key;
    /// `optional`: entries may be signed (the signed ones are still checked).
    #[arg(value_enum, value_name = "POLICY")]
    pub policy: Policy,
    #[command(flatten)]
    pub common: WriteArgs,
}

/// Whether entries must be signed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Policy {
    Optional,
    Required,
}

impl From<Policy> for SignaturePolicy {
    fn from(p: Policy) -> SignaturePolicy {
        match p {
            Policy::Optional => SignaturePolicy::Optional,
            Policy::Required => SignaturePolicy::Required,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct AllowedSignersArgs {
    #[command(flatten)]
    pub at: AtArg,
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
        Sub::Key(a) => key(ctx, a),
        Sub::Signatures(a) => signatures(ctx, a),
        Sub::List(a) => list(ctx, a),
        Sub::AllowedSigners(a) => allowed_signers(ctx, a),
    }
}

fn add(ctx: &mut Ctx, args: AddArgs) -> Result<(), CommandError> {
    let actor = line("<ACTOR>", &args.member)?;
    if actor.is_empty() {
        return Err(CommandError::usage(errors::actor_empty()));
    }
    let public_key = args
        .public_key
        .as_deref()
        .map(storage::signing::read_public_key)
        .transpose()?;
    change(ctx, actor, Some(args.role), public_key, args.common)
}

fn remove(ctx: &mut Ctx, args: RemoveArgs) -> Result<(), CommandError> {
    change(ctx, line("<ACTOR>", &args.member)?, None, None, args.common)
}

fn key(ctx: &mut Ctx, args: KeyArgs) -> Result<(), CommandError> {
    let actor = line("<ACTOR>", &args.member)?;
    let public_key = storage::signing::read_public_key(&args.public_key)?;
    let format = ctx.with_format(&args.common.format);
    let date = args.common.date(ctx)?;
    let note = text("--note", args.common.note.clone())?;
    let (path, ()) = write_locked(
        ctx,
        |_, dossier| {
            if dossier.settings.role_of(&actor).is_none() {
                return Err(not_in_team(&actor));
            }
            let act = Act::Key {
                actor: actor.clone(),
                public_key: public_key.clone(),
            };
            Ok((Write::new(date, note.clone(), act), ()))
        },
        |(), _| Ok(()),
    )?;
    let fingerprint = storage::signing::fingerprint(&public_key);
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                actor: &'a str,
                key: &'a str,
                file: String,
            }
            ctx.print_json(&Out {
                actor: &actor,
                key: &fingerprint,
                file: path.display().to_string(),
            })
        }
        Format::Human => ctx.print(&format!(
            "{actor} signs with {fingerprint} from now on (their earlier entries stay valid).\n"
        )),
    }
}

fn signatures(ctx: &mut Ctx, args: SignaturesArgs) -> Result<(), CommandError> {
    let policy = SignaturePolicy::from(args.policy);
    let path = record_policy(ctx, policy, &args.common)?;
    match ctx.with_format(&args.common.format) {
        Format::Json => {
            #[derive(Serialize)]
            struct Out {
                signatures: &'static str,
                file: String,
            }
            ctx.print_json(&Out {
                signatures: policy.as_str(),
                file: path.display().to_string(),
            })
        }
        Format::Human => ctx.print(match policy {
            SignaturePolicy::Required => "Signatures are required from now on: every entry is signed by its actor's declared key, and `jalon verify` checks each.\n",
            SignaturePolicy::Optional => "Signatures are optional from now on; signed entries are still checked.\n",
        }),
    }
}

/// Records the signature policy `policy` (also what `init --signatures required` records).
pub fn record_policy(
    ctx: &Ctx,
    policy: SignaturePolicy,
    common: &WriteArgs,
) -> Result<PathBuf, CommandError> {
    let date = common.date(ctx)?;
    let note = text("--note", common.note.clone())?;
    let (path, ()) = write_locked(
        ctx,
        |_, _| {
            Ok((
                Write::new(date, note.clone(), Act::Signatures { policy }),
                (),
            ))
        },
        |(), _| Ok(()),
    )?;
    Ok(path)
}

fn not_in_team(actor: &str) -> CommandError {
    CommandError::usage(errors::not_in_team(actor)).hint(errors::show_team())
}

/// Records a team change: `actor` gets `role` (and `public_key`), or leaves the team (`None`).
fn change(
    ctx: &mut Ctx,
    actor: String,
    role: Option<Role>,
    public_key: Option<String>,
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
                return Err(not_in_team(&actor));
            }
            let act = Act::Team {
                actor: actor.clone(),
                role,
                public_key: public_key.clone(),
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
    /// The SHA-256 fingerprint of their declared key, if any.
    key: Option<String>,
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
            key: t.public_key.as_deref().map(storage::signing::fingerprint),
        })
        .collect();
    let policy = dossier.settings.signatures;
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                enforced: bool,
                signatures: &'static str,
                team: Vec<Listed<'a>>,
            }
            ctx.print_json(&Out {
                enforced: !team.is_empty(),
                signatures: policy.as_str(),
                team,
            })
        }
        Format::Human => {
            let mut t = String::new();
            if team.is_empty() {
                t.push_str("No team declared: single-user workspace, every act is allowed and attributed to its actor.\n");
            }
            for m in &team {
                let key = m.key.as_deref().unwrap_or("no key");
                let _ = writeln!(t, "{:<16}{:<32} {key}", m.role, m.actor);
            }
            let _ = writeln!(t, "Signatures: {}.", policy.as_str());
            ctx.print(&t)
        }
    }
}

/// `jalon team allowed-signers`: one line per member with a key, in the format of ssh-keygen's
/// ALLOWED SIGNERS (`ACTOR namespaces="jalon" KEY`), so that `ssh-keygen -Y verify -f FILE -I
/// ACTOR -n jalon -s ENTRY.sig < ENTRY` checks an entry without jalon.
fn allowed_signers(ctx: &mut Ctx, args: AllowedSignersArgs) -> Result<(), CommandError> {
    let loaded = Loaded::open(ctx)?;
    let dossier = loaded.dossier(args.at.date(ctx)?)?;
    let mut out = String::new();
    for m in &dossier.settings.team {
        if let Some(key) = &m.public_key {
            // A principal with spaces or quotes is quoted, as the format allows.
            let principal = if m.actor.contains(|c: char| c.is_whitespace() || c == '"') {
                format!("\"{}\"", m.actor.replace('"', ""))
            } else {
                m.actor.clone()
            };
            let _ = writeln!(
                out,
                "{principal} namespaces=\"{}\" {key}",
                storage::signing::NAMESPACE
            );
        }
    }
    ctx.print(&out)
}
