//! `jalon service`: what the service is evaluated as (its kinds, its referential, its evaluation
//! centre). Changes are dated acts of the history, so `--at` sees them; `jalon.ron` holds where
//! they start from and is never rewritten.

use std::fmt::Write as _;

use chrono::NaiveDate;
use grid::ServiceKind;
use serde::Serialize;
use storage::Act;

use crate::commands::{AtArg, Loaded, Write, WriteArgs, line, text, write_locked};
use crate::ctx::{Ctx, Format, FormatArg};
use crate::error::CommandError;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub sub: Sub,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// What the service is evaluated as on a date: kinds, referential, evaluation centre, team size.
    Show(ShowArgs),
    /// Name the evaluation centre (CESTI), or clear it with --none.
    Centre(CentreArgs),
    /// Change the service kinds the qualification is asked for (the scope).
    Kinds(KindsArgs),
    /// Evaluate the service against another referential from now on (embedded or imported).
    Referential(ReferentialArgs),
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    #[command(flatten)]
    pub at: AtArg,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, clap::Args)]
pub struct CentreArgs {
    /// The centre's name.
    #[arg(value_name = "NAME", required_unless_present = "none")]
    pub name: Option<String>,
    /// No centre is named any more.
    #[arg(long, conflicts_with = "name")]
    pub none: bool,
    #[command(flatten)]
    pub common: WriteArgs,
}

#[derive(Debug, clap::Args)]
pub struct KindsArgs {
    /// iaas | caas | paas | saas (one or more).
    #[arg(value_name = "KIND", required = true, value_parser = |s: &str| s.parse::<ServiceKind>())]
    pub kinds: Vec<ServiceKind>,
    #[command(flatten)]
    pub common: WriteArgs,
}

#[derive(Debug, clap::Args)]
pub struct ReferentialArgs {
    /// The referential's id (`jalon referential list` lists them).
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::referentials), value_name = "ID")]
    pub id: String,
    #[command(flatten)]
    pub common: WriteArgs,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    match args.sub {
        Sub::Show(a) => show(ctx, a),
        Sub::Centre(a) => {
            let name = match a.name.as_deref() {
                Some(name) if !a.none => Some(line("<NAME>", name)?).filter(|n| !n.is_empty()),
                _ => None,
            };
            change(ctx, Act::Centre { name }, a.common)
        }
        Sub::Kinds(a) => {
            let mut kinds = a.kinds;
            kinds.sort();
            kinds.dedup();
            change(ctx, Act::Kinds { kinds }, a.common)
        }
        Sub::Referential(a) => change(
            ctx,
            Act::Referential {
                id: a.id.trim().to_owned(),
            },
            a.common,
        ),
    }
}

#[derive(Serialize)]
struct Out<'a> {
    date: NaiveDate,
    kinds: Vec<&'static str>,
    referential: &'a str,
    /// Referentials assessed beside it (`jalon referential add`), with their level.
    beside: std::collections::BTreeMap<&'a str, &'static str>,
    evaluation_centre: Option<&'a str>,
    team: usize,
    /// The history entry just written, for changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
}

fn out(settings: &dossier::Settings, date: NaiveDate, file: Option<String>) -> Out<'_> {
    Out {
        date,
        kinds: settings.kinds.iter().map(|k| k.as_str()).collect(),
        referential: &settings.referential,
        beside: settings
            .beside
            .iter()
            .map(|(id, level)| (id.as_str(), level.as_str()))
            .collect(),
        evaluation_centre: settings.evaluation_centre.as_deref(),
        team: settings.team.len(),
        file,
    }
}

fn human(o: &Out<'_>) -> String {
    let mut t = String::new();
    let kinds = if o.kinds.is_empty() {
        "none".to_owned()
    } else {
        o.kinds.join(", ")
    };
    let _ = writeln!(t, "As of {}:", o.date);
    let _ = writeln!(t, "  kinds        {kinds}");
    let _ = writeln!(t, "  referential  {}", o.referential);
    for (id, level) in &o.beside {
        let _ = writeln!(t, "  beside it    {id} ({level} level)");
    }
    let _ = writeln!(
        t,
        "  centre       {}",
        o.evaluation_centre.unwrap_or("(none named)")
    );
    let _ = writeln!(t, "  team         {} member(s)", o.team);
    if let Some(f) = &o.file {
        let _ = writeln!(t, "Recorded in {f}.");
    }
    t
}

fn show(ctx: &mut Ctx, args: ShowArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let loaded = Loaded::open(ctx)?;
    let date = args.at.date(ctx)?;
    let dossier = loaded.dossier(date)?;
    let o = out(&dossier.settings, date, None);
    match format {
        Format::Json => ctx.print_json(&o),
        Format::Human => ctx.print(&human(&o)),
    }
}

fn change(ctx: &mut Ctx, act: Act, common: WriteArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&common.format);
    let date = common.date(ctx)?;
    let note = text("--note", common.note.clone())?;
    let (path, settings) = write_locked(
        ctx,
        |_, _| Ok((Write::new(date, note, act).with(&common), ())),
        |(), checked| Ok(checked.after.settings.clone()),
    )?;
    let o = out(&settings, ctx.today(), Some(path.display().to_string()));
    match format {
        Format::Json => ctx.print_json(&o),
        Format::Human => ctx.print(&human(&o)),
    }
}
