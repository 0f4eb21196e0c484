//! `jalon history`: the journal's entries, and retracting one (the append-only way to settle a
//! duplicate left by a git merge, or a mistaken entry).

use std::fmt::Write as _;

use serde::Serialize;
use storage::Act;

use crate::commands::{AtArg, Loaded, Write, WriteArgs, text, write_locked};
use crate::ctx::{Ctx, Format, FormatArg};
use crate::error::CommandError;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub sub: Sub,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Every entry in the order it applies (by date), with what it records and whether it stands.
    List(ListArgs),
    /// Void an entry from now on: every later replay leaves it out (the entry itself stays).
    Retract(RetractArgs),
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Check each entry's signature and show who signed it (`valid`, `bad`, `missing`,
    /// `unsigned`); `jalon verify` also checks that the key was the actor's.
    #[arg(long)]
    pub signatures: bool,
    #[command(flatten)]
    pub at: AtArg,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, clap::Args)]
pub struct RetractArgs {
    /// The entry: its file name, its path, or the 16 hex digits of its name.
    #[arg(value_name = "ENTRY")]
    pub entry: String,
    #[command(flatten)]
    pub common: WriteArgs,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    match args.sub {
        Sub::List(a) => list(ctx, a),
        Sub::Retract(a) => retract(ctx, a),
    }
}

#[derive(Serialize)]
struct Listed<'a> {
    file: &'a str,
    date: chrono::NaiveDate,
    actor: &'a str,
    cycle: Option<&'a str>,
    /// The kind of act: `journey`, `assess`, `finding`, `evidence`, `plan`, `centre`, `kinds`,
    /// `referential`, `referential-add`, `team`, `import`, `retract`.
    act: &'static str,
    what: String,
    /// `applied`, `left-out` (it does not apply where it falls) or `retracted`.
    status: &'static str,
    /// The fingerprint of the key the entry says it is signed with (`SHA256:…`), or null.
    signer: Option<String>,
    /// With --signatures: `valid`, `bad` (it does not verify), `missing` (the entry names a
    /// signer, no signature is beside it) or `unsigned`.
    #[serde(skip_serializing_if = "Option::is_none")]
    signature: Option<&'static str>,
}

fn act_name(act: &Act) -> (&'static str, String) {
    let (name, what) = act_words(act);
    // An act on a referential assessed beside the service's own says which.
    match dossier::act_referential(act) {
        Some(r) => (name, format!("{r} {what}")),
        None => (name, what),
    }
}

fn act_words(act: &Act) -> (&'static str, String) {
    match act {
        Act::Journey { event, .. } => ("journey", event.clone()),
        Act::Assess {
            requirement,
            check,
            verdict,
            ..
        } => (
            "assess",
            match check {
                Some(c) => format!("{requirement} ({c}) {verdict}"),
                None => format!("{requirement} {verdict}"),
            },
        ),
        Act::Finding { id, change } => {
            let change = match change {
                storage::FindingChange::Open { .. } => "open",
                storage::FindingChange::Plan { .. } => "plan",
                storage::FindingChange::Remediate { .. } => "remediate",
                storage::FindingChange::Close => "close",
                storage::FindingChange::Withdraw => "withdraw",
            };
            ("finding", format!("{id} {change}"))
        }
        Act::Evidence { id, .. } => ("evidence", id.clone()),
        Act::Plan { change, .. } => (
            "plan",
            match change {
                storage::PlanAct::Generate { items } => {
                    format!("generate ({} checks)", items.len())
                }
                storage::PlanAct::Assign { target, .. } => format!("assign {target}"),
                storage::PlanAct::Submit => "submit".to_owned(),
                storage::PlanAct::Validate => "validate".to_owned(),
                storage::PlanAct::RequestChanges => "request changes".to_owned(),
            },
        ),
        Act::Centre { name } => ("centre", name.clone().unwrap_or_else(|| "none".to_owned())),
        Act::Kinds { kinds } => (
            "kinds",
            kinds
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Act::Referential { id } => ("referential", id.clone()),
        Act::AddReferential { id, level } => {
            ("referential-add", format!("{id} {}", level.as_str()))
        }
        Act::Team {
            actor,
            role,
            public_key,
        } => (
            "team",
            match (role, public_key) {
                (Some(r), Some(k)) => {
                    format!("{actor} {r} key {}", storage::signing::fingerprint(k))
                }
                (Some(r), None) => format!("{actor} {r}"),
                (None, _) => format!("{actor} leaves"),
            },
        ),
        Act::Key { actor, public_key } => (
            "key",
            format!("{actor} {}", storage::signing::fingerprint(public_key)),
        ),
        Act::Signatures { policy } => ("signatures", policy.as_str().to_owned()),
        Act::Base { id, base } => ("base", format!("{id} ({})", base.kind())),
        Act::Import { referential, .. } => ("import", referential.clone()),
        Act::Report { change } => (
            "report",
            match change {
                dossier::ReportAct::Conclusion { opinion, .. } => format!("conclusion {opinion}"),
                dossier::ReportAct::ResidualRisk { .. } => "residual risk".to_owned(),
                dossier::ReportAct::Recommendation { .. } => "recommendation".to_owned(),
                dossier::ReportAct::Commentary { part, .. } => format!("commentary {part}"),
                dossier::ReportAct::Identity {
                    reference, version, ..
                } => format!("identity {reference} v{version}"),
            },
        ),
        Act::Retract { entry } => ("retract", entry.clone()),
    }
}

fn list(ctx: &mut Ctx, args: ListArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let loaded = Loaded::open(ctx)?;
    let date = args.at.date(ctx)?;
    let dossier = loaded.dossier(date)?;
    let left_out: Vec<usize> = dossier.problems.iter().map(|p| p.entry).collect();
    let retracted: Vec<&str> = loaded
        .entries()
        .iter()
        .filter(|e| e.date <= date)
        .filter_map(|e| match &e.act {
            Act::Retract { entry } => Some(entry.as_str()),
            _ => None,
        })
        .collect();
    let seals = args.signatures.then(|| {
        let files = &loaded.history.files;
        storage::signing::seals(loaded.ws.root(), files)
    });
    let listed: Vec<Listed<'_>> = dossier::chronological(loaded.entries())
        .into_iter()
        .filter(|&i| loaded.entries()[i].date <= date)
        .map(|i| {
            let e = &loaded.entries()[i];
            let file = dossier::entry_name(&e.label);
            let (act, what) = act_name(&e.act);
            Listed {
                file,
                date: e.date,
                actor: &e.actor,
                cycle: e.cycle.as_deref(),
                act,
                what,
                status: if retracted.contains(&file) {
                    "retracted"
                } else if left_out.contains(&i) {
                    "left-out"
                } else {
                    "applied"
                },
                signer: e.signer.as_deref().map(storage::signing::fingerprint),
                signature: seals.as_ref().map(|seals| {
                    use dossier::signatures::Seal;
                    match (&seals[i], &e.signer) {
                        (Seal::Valid(key), Some(named)) if key == named => "valid",
                        (Seal::Valid(_) | Seal::Invalid(_), _) => "bad",
                        (Seal::None, Some(_)) => "missing",
                        (Seal::None, None) => "unsigned",
                    }
                }),
            }
        })
        .collect();
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                entries: Vec<Listed<'a>>,
            }
            ctx.print_json(&Out { entries: listed })
        }
        Format::Human => {
            let mut t = String::new();
            if listed.is_empty() {
                t.push_str("No history entry.\n");
            }
            for l in &listed {
                let status = match l.status {
                    "applied" => String::new(),
                    s => format!("  [{s}]"),
                };
                let signed = match (l.signature, &l.signer) {
                    (Some("valid"), Some(fp)) => format!("  signed {fp}"),
                    (Some(state), _) => format!("  signature {state}"),
                    (None, Some(fp)) => format!("  signed {fp}"),
                    (None, None) => String::new(),
                };
                let _ = writeln!(
                    t,
                    "{}  {}  {:<10} {}  ({}){status}{signed}",
                    l.date, l.file, l.act, l.what, l.actor
                );
            }
            ctx.print(&t)
        }
    }
}

fn retract(ctx: &mut Ctx, args: RetractArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.common.format);
    let date = args.common.date(ctx)?;
    if args
        .common
        .note
        .as_deref()
        .is_none_or(|n| n.trim().is_empty())
    {
        return Err(CommandError::usage(
            crate::messages::errors::retract_needs_note(),
        ));
    }
    let wanted = args.entry.trim().to_owned();
    let (path, name) = write_locked(
        ctx,
        |loaded, _| {
            // A file name, a path, or the hash digits of the name.
            let given = dossier::entry_name(&wanted);
            let name = loaded
                .entries()
                .iter()
                .map(|e| dossier::entry_name(&e.label))
                .find(|n| {
                    *n == given
                        || n.strip_suffix(".ron")
                            .and_then(|stem| stem.rsplit_once('-'))
                            .is_some_and(|(_, hash)| hash == given)
                })
                .unwrap_or(given)
                .to_owned();
            let act = Act::Retract {
                entry: name.clone(),
            };
            let note = text("--note", args.common.note.clone())?;
            Ok((Write::new(date, note, act), name))
        },
        |name, _| Ok(name),
    )?;
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                retracted: &'a str,
                file: String,
            }
            ctx.print_json(&Out {
                retracted: &name,
                file: path.display().to_string(),
            })
        }
        Format::Human => ctx.print(&format!(
            "Retracted {name}: every replay leaves it out from {date} on ({}).\n",
            path.display()
        )),
    }
}
