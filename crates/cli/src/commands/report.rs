//! `jalon report`: the evaluation plan and the three-part summary report, in Markdown or one
//! self-contained HTML file, in French (the default) or English.

use std::path::PathBuf;

use crate::commands::{Loaded, ReadArgs, View};
use crate::ctx::Ctx;
use crate::error::CommandError;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub sub: Sub,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// The evaluation plan: scope, referential, team, phases and timeline, the checks of each phase, validation.
    Plan(ReportArgs),
    /// The summary report: managerial summary, then the organizational and technical parts.
    Summary(ReportArgs),
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum ReportFormat {
    /// Markdown.
    Md,
    /// One self-contained HTML file (inline CSS and charts, a print style sheet; prints to PDF from a browser).
    Html,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum ReportLang {
    Fr,
    En,
}

impl From<ReportLang> for report::Lang {
    fn from(l: ReportLang) -> report::Lang {
        match l {
            ReportLang::Fr => report::Lang::Fr,
            ReportLang::En => report::Lang::En,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Markdown or HTML.
    #[arg(long, value_enum, default_value = "md")]
    pub format: ReportFormat,
    /// Language of the report (data such as finding titles stays as written).
    #[arg(long, value_enum, default_value = "fr")]
    pub lang: ReportLang,
    /// Write the report to this file (replaced if it exists) instead of standard output; `-` is
    /// standard output. Never over the workspace's own files.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Confidentiality marking at the top and bottom of every page (default: "Confidentiel", or
    /// "Confidential" in English; "" for none).
    #[arg(long, value_name = "TEXT")]
    pub marking: Option<String>,
    #[command(flatten)]
    pub read: ReadArgs,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    let (which, a) = match args.sub {
        Sub::Plan(a) => (Which::Plan, a),
        Sub::Summary(a) => (Which::Summary, a),
    };
    let loaded = Loaded::open(ctx)?;
    let options = report::Options {
        lang: a.lang.into(),
        format: match a.format {
            ReportFormat::Md => report::Format::Markdown,
            ReportFormat::Html => report::Format::Html,
        },
        marking: a.marking.as_deref(),
    };
    let view = loaded.view(ctx, &a.read)?;
    let text = render(&loaded, &view, which, &options)?;
    match &a.output {
        Some(path) => {
            let written = storage::write_output(path, text.as_bytes(), Some(loaded.ws.root()))?;
            if written == storage::Written::Stdout {
                return ctx.print(&text);
            }
            ctx.print(&format!(
                "Wrote the {} ({}, {}) to {}.\n",
                which.name(),
                options.format,
                options.lang,
                path.display()
            ))
        }
        None => ctx.print(&text),
    }
}

/// Renders one report of one cycle as of the view's date.
pub fn render(
    loaded: &Loaded,
    read: &View<'_>,
    which: Which,
    options: &report::Options<'_>,
) -> Result<String, CommandError> {
    let m = loaded.ws.manifest();
    let settings = &read.dossier.settings;
    let view = read.grid();
    let team: Vec<report::Member<'_>> = settings
        .team
        .iter()
        .map(|t| report::Member {
            actor: &t.actor,
            role: t.role,
        })
        .collect();
    let cycle = read.cycle();
    let facts = read.dossier.facts(cycle);
    let ws = report::Workspace {
        provider: &m.provider,
        service: &m.service,
        kinds: &settings.kinds,
        evaluation_centre: settings.evaluation_centre.as_deref(),
        team: &team,
        journey: &read.dossier.journey,
        referential: read.referential,
        view: &view,
        ledger: &read.ledger,
        today: read.date(),
        cycle: &cycle.id,
        cycle_kind: cycle.kind,
        events: &cycle.events,
        facts: &facts,
    };
    Ok(match which {
        Which::Plan => report::plan::render(&ws, options).map_err(|_| {
            CommandError::usage(format!(
                "cycle `{}` has no evaluation plan yet, so there is nothing to report",
                cycle.id
            ))
            .hint("`jalon plan generate` writes a draft from the scope")
        })?,
        Which::Summary => report::summary::render(&ws, options),
    })
}

#[derive(Clone, Copy)]
pub enum Which {
    Plan,
    Summary,
}

impl Which {
    fn name(self) -> &'static str {
        match self {
            Which::Plan => "evaluation plan",
            Which::Summary => "summary report",
        }
    }
}
