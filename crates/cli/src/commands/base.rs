//! `jalon base`: the qualified services this one is built on (the principle of composition).
//! A base is declared by an act; `assess --verdict inherited --from BASE` relies on it, and the
//! reliance holds only while the base is qualified on the date looked at (docs/grid.md).

use std::fmt::Write as _;
use std::path::PathBuf;

use chrono::NaiveDate;
use dossier::{BaseSource, BaseState, Validity};
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
    /// Declare a qualified service this one is built on: another jalon workspace, or an entry of
    /// a registry of qualified services.
    Add(AddArgs),
    /// The declared bases, and whether each is qualified on the date.
    List(ListArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The base's jalon workspace (a folder holding a jalon.ron), or with --registry the id of
    /// its registry entry.
    #[arg(value_name = "PATH|ID")]
    pub target: String,
    /// A registry of qualified services (`registry.ron`; examples/registry.ron is a sample).
    #[arg(long, value_name = "FILE")]
    pub registry: Option<PathBuf>,
    /// The id `assess --from` names it by (default: the registry entry's id, or the workspace's
    /// folder name).
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
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
        Sub::List(a) => list(ctx, a),
    }
}

fn add(ctx: &mut Ctx, args: AddArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.common.format);
    let date = args.common.date(ctx)?;
    let note = text("--note", args.common.note.clone())?;
    let root = ctx.workspace_root()?;
    let (default_id, base) = match &args.registry {
        Some(file) => {
            let entries = storage::registry::read(file)?;
            let Some(entry) = entries.iter().find(|e| e.id == args.target) else {
                let known: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
                return Err(CommandError::usage(errors::not_in_registry(
                    &args.target,
                    &known.join(", "),
                )));
            };
            (entry.id.clone(), entry.base())
        }
        None => {
            let given = PathBuf::from(&args.target);
            let Ok(base) = storage::Workspace::open(&given) else {
                return Err(CommandError::usage(errors::not_a_base_source(&args.target))
                    .hint(errors::use_registry()));
            };
            let (here, there) = (root.canonicalize(), base.root().canonicalize());
            let (Ok(here), Ok(there)) = (here, there) else {
                return Err(CommandError::usage(errors::not_a_base_source(&args.target)));
            };
            if here == there {
                return Err(CommandError::usage(errors::base_is_itself()));
            }
            // Kept relative to this workspace, so that the two move together in one repository.
            let path = pathdiff::diff_paths(&there, &here).unwrap_or(there.clone());
            let name = there
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "base".to_owned());
            let m = base.manifest();
            (
                name,
                BaseSource::Workspace {
                    path: path.to_string_lossy().into_owned(),
                    provider: m.provider.clone(),
                    service: m.service.clone(),
                },
            )
        }
    };
    let id = line("--id", args.id.as_deref().unwrap_or(&default_id))?;
    let act_id = id.clone();
    let (path, ()) = write_locked(
        ctx,
        |_, _| {
            let act = Act::Base {
                id: act_id.clone(),
                base: base.clone(),
            };
            Ok((Write::new(date, note.clone(), act), ()))
        },
        |(), _| Ok(()),
    )?;
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                id: &'a str,
                kind: &'static str,
                file: String,
            }
            ctx.print_json(&Out {
                id: &id,
                kind: base.kind(),
                file: path.display().to_string(),
            })
        }
        Format::Human => ctx.print(&format!(
            "Declared base `{id}` ({}): {}.\nRecord what it covers with `jalon assess ID --verdict inherited --from {id}`.\n",
            base.kind(),
            base.name()
        )),
    }
}

/// One declared base on a date.
#[derive(Serialize)]
pub struct Listed {
    pub id: String,
    /// `workspace` | `registry`.
    pub kind: &'static str,
    pub provider: String,
    pub service: String,
    /// `qualified` | `expired` | `suspended` | `withdrawn` | `not-qualified` | `unreadable`.
    pub state: &'static str,
    pub qualified_until: Option<NaiveDate>,
    /// Requirements of the current cycle inherited from it (holding or lapsed).
    pub requirements: usize,
    /// Why a workspace base cannot be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Every declared base of `loaded` on `date`, with its validity.
pub fn listed(loaded: &Loaded, date: NaiveDate) -> Result<Vec<Listed>, CommandError> {
    let dossier = loaded.dossier(date)?;
    let workspaces = loaded.base_validity(&dossier.settings.bases, date);
    let current = dossier.current();
    let relied = |id: &str| {
        let holding = current
            .evaluation
            .verdicts()
            .filter(|a| a.verdict == grid::Verdict::Inherited && a.from.as_deref() == Some(id))
            .count();
        let lapsed = dossier
            .lapsed
            .iter()
            .filter(|l| l.base == id && l.cycle == current.id)
            .count();
        holding + lapsed
    };
    Ok(dossier
        .settings
        .bases
        .iter()
        .map(|(id, base)| {
            let v = dossier::registry_validity(base, date)
                .or_else(|| workspaces.get(id).cloned())
                .unwrap_or(Validity {
                    state: BaseState::Unreadable(String::new()),
                    qualified_until: None,
                });
            let (provider, service) = match base {
                BaseSource::Workspace {
                    provider, service, ..
                }
                | BaseSource::Registry {
                    provider, service, ..
                } => (provider.clone(), service.clone()),
            };
            Listed {
                id: id.clone(),
                kind: base.kind(),
                provider,
                service,
                state: v.state.as_str(),
                qualified_until: v.qualified_until,
                requirements: relied(id),
                error: match v.state {
                    BaseState::Unreadable(why) => Some(why),
                    _ => None,
                },
            }
        })
        .collect())
}

fn list(ctx: &mut Ctx, args: ListArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let loaded = Loaded::open(ctx)?;
    let date = args.at.date(ctx)?;
    let bases = listed(&loaded, date)?;
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out {
                bases: Vec<Listed>,
            }
            ctx.print_json(&Out { bases })
        }
        Format::Human => {
            let mut t = String::new();
            if bases.is_empty() {
                t.push_str("No base service declared. `jalon base add PATH` declares one.\n");
            }
            for b in &bases {
                let until = b
                    .qualified_until
                    .map_or_else(|| "-".to_owned(), |d| d.to_string());
                let _ = writeln!(
                    t,
                    "{:<20} {:<10} {:<14} until {until:<10}  {} requirement(s)  {} — {}",
                    b.id, b.kind, b.state, b.requirements, b.provider, b.service
                );
                if let Some(e) = &b.error {
                    let _ = writeln!(t, "    {e}");
                }
            }
            ctx.print(&t)
        }
    }
}

/// How many days before a base's qualification ends `status` says so.
const WARN_DAYS: i64 = 90;

/// The alerts about `bases` on `date`: a reliance of the current cycle that lapsed, or that
/// ends within 90 days.
pub fn alerts(bases: &[Listed], date: NaiveDate, lang: crate::ctx::Language) -> Vec<String> {
    let mut out = Vec::new();
    for b in bases.iter().filter(|b| b.requirements > 0) {
        if b.state != "qualified" {
            out.push(crate::messages::base_lapsed(
                lang,
                &b.id,
                b.state,
                b.requirements,
            ));
        } else if let Some(until) = b.qualified_until {
            let days = (until - date).num_days();
            if days <= WARN_DAYS {
                out.push(crate::messages::base_expiring(
                    lang,
                    &b.id,
                    until,
                    days,
                    b.requirements,
                ));
            }
        }
    }
    out
}
