//! `jalon referential`: the referentials (embedded and imported), one requirement, imports.

use std::fmt::Write as _;

use grid::{Lang, Referential};
use serde::Serialize;

use crate::commands::{Write, WriteArgs, record_import, text, write_locked};
use crate::ctx::{Ctx, Format, FormatArg};
use crate::error::{CommandError, Kind, nearest};
use crate::messages::errors;

/// The referential used when none is named.
pub const DEFAULT_REFERENTIAL: &str = "secnumcloud-3.2";

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub sub: Sub,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// The referentials available: embedded in jalon, and imported into this workspace.
    List(ListArgs),
    /// One requirement: its chapter, section, kind, official text when imported, scope and checks.
    Show(ShowArgs),
    /// Import a referential (official text) or a mapping set into the workspace, from a CISO
    /// Assistant library.
    // `--version` is the referential's version here, not jalon's.
    #[command(disable_version_flag = true)]
    Import(ImportArgs),
    /// The requirements added, removed and changed from one referential to another (two versions).
    Diff(DiffArgs),
    /// Assess a referential beside the service's own from now on (the IT hygiene guide), at a
    /// level; again with another level, change it.
    Add(AddArgs),
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum LevelArg {
    /// The standard measures only (the hygiene guide's 39).
    Standard,
    /// Every entry, the reinforced ".R" ones too (all 61): what SecNumCloud 5.1.b asks.
    Reinforced,
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The referential's id (`jalon referential list` lists them), e.g. anssi-hygiene.
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::referentials))]
    pub id: String,
    /// The level it is assessed at.
    #[arg(long, value_enum, default_value = "reinforced")]
    pub level: LevelArg,
    #[command(flatten)]
    pub common: WriteArgs,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The referential compared from (e.g. secnumcloud-3.2).
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::referentials))]
    pub a: String,
    /// The referential compared to (e.g. an imported next version).
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::referentials))]
    pub b: String,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Source {
    /// A CISO Assistant library (YAML): a framework, or a mapping set between two frameworks.
    CisoAssistant,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The library file.
    pub file: std::path::PathBuf,
    /// The format of the file.
    #[arg(long = "from", value_enum)]
    pub from: Source,
    /// The referential's id in the workspace (default: from the library; `secnumcloud-3.2` for
    /// ANSSI's SecNumCloud 3.2, whose official text then enriches the embedded referential).
    #[arg(long, value_name = "NAME")]
    pub id: Option<String>,
    /// The referential's version (default: what the library says, else its urn's last number):
    /// a new version imported under a new id says which it is.
    #[arg(long = "version", id = "referential_version", value_name = "V")]
    pub version: Option<String>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The requirement id (e.g. 19.6.a).
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::requirements))]
    pub id: String,
    /// The referential to look in (default: the workspace's, then every other one it has,
    /// embedded or imported; secnumcloud-3.2 first outside a workspace).
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::referentials), long, value_name = "ID")]
    pub referential: Option<String>,
    #[command(flatten)]
    pub format: FormatArg,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    match args.sub {
        Sub::List(a) => list(ctx, a),
        Sub::Show(a) => show(ctx, a),
        Sub::Import(a) => import(ctx, a),
        Sub::Diff(a) => diff(ctx, a),
        Sub::Add(a) => add(ctx, a),
    }
}

fn add(ctx: &mut Ctx, args: AddArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.common.format);
    let date = args.common.date(ctx)?;
    let note = text("--note", args.common.note.clone())?;
    let level = match args.level {
        LevelArg::Standard => grid::Level::Standard,
        LevelArg::Reinforced => grid::Level::Reinforced,
    };
    let id = args.id.clone();
    let (path, (version, applicable, cycle)) = write_locked(
        ctx,
        |_, _| {
            let act = storage::Act::AddReferential {
                id: id.clone(),
                level,
            };
            Ok((Write::new(date, note, act).with(&args.common), ()))
        },
        |(), checked| {
            // What the current cycle assesses of it now.
            let d = &checked.after;
            let r = d.inputs.referentials.get(&id).ok_or_else(|| {
                CommandError::new(Kind::Internal, errors::vanished_once_added(&id))
            })?;
            let c = d.current();
            let ledger = d.ledger_in(c, Some(&id));
            let scope = d.scope_in(c, Some(&id));
            let view = d.grid_in(r, &ledger, scope.as_ref());
            Ok((
                r.version.clone(),
                view.summary.overall.applicable,
                c.id.clone(),
            ))
        },
    )?;
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                referential: &'a str,
                version: &'a str,
                level: &'static str,
                /// Entries that apply in the current cycle.
                applicable: usize,
                cycle: &'a str,
                file: String,
            }
            ctx.print_json(&Out {
                referential: &id,
                version: &version,
                level: level.as_str(),
                applicable,
                cycle: &cycle,
                file: path.display().to_string(),
            })
        }
        Format::Human => ctx.print(&format!(
            "{id} {version} is assessed beside the service's referential at the {} level: {applicable} applicable entries in cycle {cycle} ({}).\n`jalon grid --referential {id}` shows them; `jalon assess REQ --verdict V --referential {id}` records a verdict.\n",
            level.as_str(),
            path.display()
        )),
    }
}

#[derive(Serialize)]
struct Listed {
    id: String,
    version: String,
    source: String,
    /// Chapters, sections and requirement entries.
    nodes: usize,
    requirements: usize,
    assessable: usize,
    /// `embedded`, `imported`, or `embedded+imported` (official text imported over jalon's structure).
    origin: &'static str,
}

fn listed(r: &Referential, origin: &'static str) -> Listed {
    let sections: usize = r.chapters.iter().map(|c| c.sections.len()).sum();
    Listed {
        id: r.id.clone(),
        version: r.version.clone(),
        source: r.source.clone(),
        nodes: r.chapters.len() + sections + r.requirements.len(),
        requirements: r.requirements.len(),
        assessable: r.assessable().count(),
        origin,
    }
}

/// The workspace, if the command runs inside one (referentials work without one too).
fn optional_workspace(ctx: &Ctx) -> Result<Option<storage::Workspace>, CommandError> {
    match ctx.workspace() {
        Ok(ws) => Ok(Some(ws)),
        Err(e) if e.kind == Kind::Usage && ctx.global.workspace.is_none() => Ok(None),
        Err(e) => Err(e),
    }
}

fn list(ctx: &mut Ctx, args: ListArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let ws = optional_workspace(ctx)?;
    let imported = match &ws {
        Some(ws) => ws.imported_referentials()?,
        None => Vec::new(),
    };
    let mut out = Vec::new();
    for (id, _) in storage::referential::EMBEDDED {
        let origin = if imported.iter().any(|i| i == id) {
            "embedded+imported"
        } else {
            "embedded"
        };
        let r = match &ws {
            Some(ws) => ws
                .referential(id)?
                .ok_or_else(|| CommandError::new(Kind::Internal, errors::vanished(id)))?,
            None => storage::referential::embedded(id).expect("listed as embedded")?,
        };
        out.push(listed(&r, origin));
    }
    if let Some(ws) = &ws {
        for id in imported
            .iter()
            .filter(|i| storage::referential::embedded(i).is_none())
        {
            if let Some(r) = ws.imported_referential(id)? {
                out.push(listed(&r, "imported"));
            }
        }
    }
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out {
                referentials: Vec<Listed>,
            }
            ctx.print_json(&Out { referentials: out })
        }
        Format::Human => {
            let mut text = String::new();
            for l in &out {
                let _ = writeln!(
                    text,
                    "{:<18} v{:<6} {:>4} requirements ({} assessable)  [{}]",
                    l.id, l.version, l.requirements, l.assessable, l.origin
                );
            }
            ctx.print(&text)
        }
    }
}

#[derive(Serialize)]
struct CheckOut<'a> {
    id: &'a str,
    text: &'a str,
    method: &'static str,
}

#[derive(Serialize)]
struct Shown<'a> {
    id: &'a str,
    referential: &'a str,
    chapter: &'a str,
    section: Option<&'a str>,
    kind: &'static str,
    assessable: bool,
    axis: &'static str,
    /// The official title, when imported.
    title: Option<&'a str>,
    /// The official text, when imported.
    text: Option<&'a str>,
    /// jalon's own one-line summary.
    summary: Option<&'a str>,
    /// Service kinds it applies to (every kind of the referential when the text does not restrict it).
    applies_to: Vec<&'static str>,
    checks: Vec<CheckOut<'a>>,
}

/// Referential `id`: the workspace's (embedded, enriched or imported), or an embedded one
/// outside a workspace.
fn named(ws: Option<&storage::Workspace>, id: &str) -> Result<Referential, CommandError> {
    let r = match ws {
        Some(ws) => ws.referential(id)?,
        None => storage::referential::embedded(id).transpose()?,
    };
    r.ok_or_else(|| {
        CommandError::usage(errors::no_referential(id)).hint(errors::list_referentials())
    })
}

/// The first referential that has requirement `id`: the workspace's own, then the embedded ones,
/// then the imported ones; the default one if none has it (its nearest ids then help).
fn holding(ws: Option<&storage::Workspace>, id: &str) -> Result<Referential, CommandError> {
    let own = ws.map_or(DEFAULT_REFERENTIAL.to_owned(), |w| {
        w.manifest().referential.clone()
    });
    let mut ids = vec![own.clone()];
    ids.extend(
        storage::referential::EMBEDDED
            .iter()
            .map(|(e, _)| (*e).to_owned()),
    );
    if let Some(ws) = ws {
        ids.extend(ws.imported_referentials()?);
    }
    let mut seen = std::collections::BTreeSet::new();
    for candidate in ids.iter().filter(|i| seen.insert(i.as_str())) {
        if let Ok(r) = named(ws, candidate)
            && r.get(id).is_some()
        {
            return Ok(r);
        }
    }
    named(ws, &own)
}

fn diff(ctx: &mut Ctx, args: DiffArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let ws = optional_workspace(ctx)?;
    let a = named(ws.as_ref(), &args.a)?;
    let b = named(ws.as_ref(), &args.b)?;
    let d = grid::diff(&a, &b);
    match format {
        Format::Json => ctx.print_json(&d),
        Format::Human => {
            let mut t = format!(
                "{} (version {}) → {} (version {}): {} added, {} removed, {} changed\n",
                a.id,
                a.version,
                b.id,
                b.version,
                d.added.len(),
                d.removed.len(),
                d.changed.len()
            );
            for (what, ids) in [
                ("Added", &d.added),
                ("Removed", &d.removed),
                ("Changed", &d.changed),
            ] {
                if !ids.is_empty() {
                    let _ = writeln!(t, "\n{what}:");
                    for id in ids {
                        let _ = writeln!(t, "  {id}");
                    }
                }
            }
            let both_texts = a.requirements.iter().any(|q| q.text.is_some())
                && b.requirements.iter().any(|q| q.text.is_some());
            let _ = writeln!(
                t,
                "\n{}",
                if both_texts {
                    "Compared by official text where both have it."
                } else {
                    "Compared by structure and summary (the official text is in only one, or neither)."
                }
            );
            ctx.print(&t)
        }
    }
}

fn show(ctx: &mut Ctx, args: ShowArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let lang = Lang::from(ctx.lang());
    let ws = optional_workspace(ctx)?;
    let r = match &args.referential {
        Some(id) => named(ws.as_ref(), id)?,
        None => holding(ws.as_ref(), &args.id)?,
    };
    let Some(q) = r.get(&args.id) else {
        let near = nearest(&args.id, r.requirements.iter().map(|q| q.id.as_str()));
        let mut e = CommandError::usage(errors::not_a_requirement_of(&args.id, &r.id));
        if !near.is_empty() {
            e = e.hint(errors::nearest_ids(&near.join(", ")));
        }
        return Err(e);
    };
    let chapter = r.chapter_of(q);
    let applies: Vec<&'static str> = if q.applies_to.is_empty() {
        r.kinds.iter().map(|k| k.as_str()).collect()
    } else {
        q.applies_to.iter().map(|k| k.as_str()).collect()
    };
    let shown = Shown {
        id: &q.id,
        referential: &r.id,
        chapter: &chapter.id,
        section: r.section_of(q).map(|s| s.id.as_str()),
        kind: q.kind.as_str(),
        assessable: q.assessable,
        axis: q.axis.as_str(),
        title: q.title.as_deref(),
        text: q.text.as_deref(),
        summary: q.summary.as_ref().map(|s| s.get(lang)),
        applies_to: applies,
        checks: q
            .checks
            .iter()
            .map(|c| CheckOut {
                id: &c.id,
                text: c.text.get(lang),
                method: c.method.as_str(),
            })
            .collect(),
    };
    match format {
        Format::Json => ctx.print_json(&shown),
        Format::Human => {
            let mut t = String::new();
            let section = r
                .section_of(q)
                .map(|s| format!(" — {} {}", s.id, s.title.get(lang)))
                .unwrap_or_default();
            let _ = writeln!(t, "{} ({}, {})", q.id, r.id, q.kind.as_str());
            let _ = writeln!(
                t,
                "Chapter {} {}{section}",
                chapter.id,
                chapter.title.get(lang)
            );
            let _ = writeln!(
                t,
                "Axis: {}; applies to: {}",
                q.axis.as_str(),
                shown.applies_to.join(", ")
            );
            if let Some(s) = shown.summary {
                let _ = writeln!(t, "\nSummary: {s}");
            }
            if let Some(title) = shown.title {
                let _ = writeln!(t, "\nOfficial title: {title}");
            }
            if let Some(text) = shown.text {
                let _ = writeln!(t, "\nOfficial text:\n{text}");
            }
            if !shown.checks.is_empty() {
                let _ = writeln!(t, "\nMinimum checks:");
                for c in &shown.checks {
                    let _ = writeln!(t, "  {} [{}] {}", c.id, c.method, c.text);
                }
            }
            if !q.assessable {
                let _ = writeln!(
                    t,
                    "\nNot assessed itself: its sub-items carry the obligations."
                );
            }
            ctx.print(&t)
        }
    }
}

fn import(ctx: &mut Ctx, args: ImportArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let ws = ctx.workspace()?;
    let text = storage::read_text(&args.file)?;
    let mapping = match args.from {
        Source::CisoAssistant => storage::mapping::from_ciso(&args.file, &text)?,
    };
    if let Some(mapping) = mapping {
        if args.version.is_some() {
            return Err(CommandError::usage(errors::version_for_mapping())
                .hint(errors::import_without_version()));
        }
        return import_mapping(ctx, format, &ws, mapping, args.id.as_deref(), &args.file);
    }
    let mut imported = match args.from {
        Source::CisoAssistant => storage::ciso::import(&args.file, &text, args.id.as_deref())?,
    };
    if let Some(v) = &args.version {
        imported.referential.version =
            crate::input::clean_text("--version", v, crate::input::Shape::Line)?;
    }
    let r = &imported.referential;
    let rendered = storage::referential::render_referential(r);
    let path = record_import(
        ctx,
        &ws,
        &r.id,
        &storage::Workspace::referential_file(&r.id),
        &rendered,
        &args.file,
    )?;
    let enriched = storage::referential::embedded(&r.id)
        .transpose()?
        .map(|mut embedded| embedded.enrich(r));
    #[derive(Serialize)]
    struct Out<'a> {
        id: &'a str,
        version: &'a str,
        nodes: usize,
        assessable: usize,
        requirements: usize,
        /// Requirements of the embedded referential of the same id that now carry the official text.
        enriched: Option<usize>,
        file: String,
    }
    let out = Out {
        id: &r.id,
        version: &r.version,
        nodes: imported.nodes,
        assessable: imported.assessable,
        requirements: r.requirements.len(),
        enriched,
        file: path.display().to_string(),
    };
    match format {
        Format::Json => ctx.print_json(&out),
        Format::Human => {
            let mut t = format!(
                "Imported {} (version {}): {} nodes, {} assessable, into {}.\n",
                out.id, out.version, out.nodes, out.assessable, out.file
            );
            if let Some(n) = enriched {
                let _ = writeln!(
                    t,
                    "The official text now enriches {n} requirements of the embedded {}.",
                    out.id
                );
            }
            ctx.print(&t)
        }
    }
}

/// `referential import` of a mapping library: `mappings/<id>.ron`, written with the `Import`
/// entry that records it (`record_import`).
fn import_mapping(
    ctx: &mut Ctx,
    format: Format,
    ws: &storage::Workspace,
    mut mapping: grid::Mapping,
    id: Option<&str>,
    source_file: &std::path::Path,
) -> Result<(), CommandError> {
    if id.is_some() {
        return Err(CommandError::usage(errors::id_for_mapping(&mapping.id))
            .hint(errors::import_without_id()));
    }
    let source = ws.referential(&mapping.source)?;
    if let Some(r) = &source {
        mapping.resolve_nodes(r);
    }
    let file = record_import(
        ctx,
        ws,
        &mapping.id,
        &storage::mapping::file(&mapping.id),
        &storage::mapping::render(&mapping),
        source_file,
    )?;
    let controls: std::collections::BTreeSet<&str> =
        mapping.links.iter().map(|l| l.target.as_str()).collect();
    // Requirements the mapping names that the source referential does not have (a typo, another
    // version): they will count for no control.
    let unknown: Vec<&str> = match &source {
        Some(r) => {
            let mut unknown: Vec<&str> = Vec::new();
            for l in &mapping.links {
                if r.get(&l.source).is_none() && !unknown.contains(&l.source.as_str()) {
                    unknown.push(&l.source);
                }
            }
            unknown
        }
        None => Vec::new(),
    };
    #[derive(Serialize)]
    struct Out<'a> {
        mapping: &'a str,
        name: &'a str,
        source: &'a str,
        target: &'a str,
        links: usize,
        controls: usize,
        unknown: &'a [&'a str],
        file: String,
    }
    let out = Out {
        mapping: &mapping.id,
        name: &mapping.name,
        source: &mapping.source,
        target: &mapping.target,
        links: mapping.links.len(),
        controls: controls.len(),
        unknown: &unknown,
        file: file.display().to_string(),
    };
    match format {
        Format::Json => ctx.print_json(&out),
        Format::Human => {
            let mut t = format!(
                "Imported mapping {} ({}): {} → {}, {} links to {} controls, into {}.\n",
                out.mapping, out.name, out.source, out.target, out.links, out.controls, out.file
            );
            if !unknown.is_empty() {
                let _ = writeln!(
                    t,
                    "{} linked requirement{} not in {}, and count{} for no control: {}.",
                    unknown.len(),
                    if unknown.len() == 1 { " is" } else { "s are" },
                    out.source,
                    if unknown.len() == 1 { "s" } else { "" },
                    unknown.join(", ")
                );
            }
            let _ = writeln!(
                t,
                "`jalon map --to {}` shows what the grid covers.",
                out.target
            );
            ctx.print(&t)
        }
    }
}
