//! `jalon report`: the evaluation plan and the three-part summary report, in Markdown or one
//! self-contained HTML file, in French (the default) or English.

use std::path::PathBuf;

use grid::GridView;

use crate::commands::Loaded;
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

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Markdown or HTML.
    #[arg(long, value_enum, default_value = "md")]
    pub format: ReportFormat,
    /// Language of the report (data such as finding titles stays as written).
    #[arg(long, value_enum, default_value = "fr")]
    pub lang: ReportLang,
    /// Write the report to this file (replaced if it exists) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Confidentiality marking at the top and bottom of every page (default: "Confidentiel", or
    /// "Confidential" in English; "" for none).
    #[arg(long, value_name = "TEXT")]
    pub marking: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    let (which, a) = match args.sub {
        Sub::Plan(a) => (Which::Plan, a),
        Sub::Summary(a) => (Which::Summary, a),
    };
    let loaded = Loaded::open(ctx)?;
    let options = report::Options {
        lang: match a.lang {
            ReportLang::Fr => report::Lang::Fr,
            ReportLang::En => report::Lang::En,
        },
        format: match a.format {
            ReportFormat::Md => report::Format::Markdown,
            ReportFormat::Html => report::Format::Html,
        },
        marking: a.marking.as_deref(),
    };
    let text = render(&loaded, ctx.today(), which, &options)?;
    match &a.output {
        Some(path) => {
            storage::write_atomic(path, text.as_bytes())?;
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

/// Renders one report of the workspace on `today`.
pub fn render(
    loaded: &Loaded,
    today: chrono::NaiveDate,
    which: Which,
    options: &report::Options<'_>,
) -> Result<String, CommandError> {
    let journey = loaded.journey(today)?;
    let referential = loaded.referential()?;
    let ledger = loaded.ledger()?;
    let m = loaded.ws.manifest();
    let view = GridView::new(&referential, &m.kinds, &ledger);
    let team: Vec<report::Member<'_>> = m
        .team
        .iter()
        .map(|t| report::Member {
            actor: &t.actor,
            role: t.role,
        })
        .collect();
    let ws = report::Workspace {
        provider: &m.provider,
        service: &m.service,
        kinds: &m.kinds,
        evaluation_centre: m.evaluation_centre.as_deref(),
        team: &team,
        journey: &journey,
        referential: &referential,
        view: &view,
        ledger: &ledger,
        today,
    };
    Ok(match which {
        Which::Plan => report::plan::render(&ws, options).map_err(|_| {
            CommandError::usage("there is no evaluation plan yet, so there is nothing to report")
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
