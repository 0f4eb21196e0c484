//! `jalon report`: the evaluation plan and the three-part summary report, in Markdown or one
//! self-contained HTML file, in French (the default) or English.

use std::path::PathBuf;

use grid::{Opinion, ReportPart};
use serde::Serialize;

use crate::commands::{Loaded, ReadArgs, View, Write, WriteArgs, line, text, write_locked};
use crate::ctx::{Ctx, Format};
use crate::error::CommandError;
use crate::messages::errors::{self, Text};

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
    /// Record the centre's conclusion (avis) on the cycle and why (lead evaluator).
    Conclude(ConcludeArgs),
    /// Record a residual risk for the cycle's report (lead evaluator).
    Risk(TextArgs),
    /// Record a recommendation to the provider for the cycle's report (lead evaluator).
    Recommend(TextArgs),
    /// Record the commentary that opens one part of the cycle's report (lead evaluator).
    Comment(CommentArgs),
    /// Record the report's reference, version and approver (lead evaluator; the author is who records it).
    Identify(IdentifyArgs),
}

#[derive(Debug, clap::Args)]
pub struct ConcludeArgs {
    /// favourable, favourable-with-reserves or unfavourable.
    #[arg(long, value_name = "OPINION", value_parser = |s: &str| s.parse::<Opinion>())]
    pub opinion: Opinion,
    /// Why: what the conclusion rests on.
    #[arg(long, value_name = "TEXT")]
    pub justification: String,
    #[command(flatten)]
    pub common: WriteArgs,
}

#[derive(Debug, clap::Args)]
pub struct TextArgs {
    /// The text, as it appears in the report.
    #[arg(value_name = "TEXT")]
    pub text: String,
    #[command(flatten)]
    pub common: WriteArgs,
}

#[derive(Debug, clap::Args)]
pub struct CommentArgs {
    /// managerial, organizational or technical.
    #[arg(long, value_name = "PART", value_parser = |s: &str| s.parse::<ReportPart>())]
    pub part: ReportPart,
    /// The commentary, as it appears at the start of that part.
    #[arg(value_name = "TEXT")]
    pub text: String,
    #[command(flatten)]
    pub common: WriteArgs,
}

#[derive(Debug, clap::Args)]
pub struct IdentifyArgs {
    /// The report's reference, e.g. "CESTI-2026-014".
    #[arg(long, value_name = "REF")]
    pub reference: String,
    /// Its version, e.g. "1.0" (`--version` is jalon's own).
    #[arg(long, value_name = "VERSION")]
    pub report_version: String,
    /// Who approves it (the centre's quality or technical manager).
    #[arg(long, value_name = "NAME")]
    pub approver: Option<String>,
    #[command(flatten)]
    pub common: WriteArgs,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum ReportFormat {
    /// Markdown.
    Md,
    /// One self-contained HTML file (inline CSS and charts, a print style sheet; prints to PDF from a browser).
    Html,
    /// A Word document (A4, the marking in every page's header, "n / N" in the footer, real
    /// tables); needs -o.
    Docx,
    /// A PDF document (A4, the marking at the top of every page, "n / N" at the bottom, real
    /// tables, bookmarks); needs -o.
    Pdf,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Markdown, HTML, Word (DOCX) or PDF (default: from -o's extension, else md).
    #[arg(long, value_enum, value_name = "TYPE")]
    pub to: Option<ReportFormat>,
    #[command(flatten)]
    pub doc: crate::ctx::DocFormatArg,
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
    let required = |option: &str, t: String| {
        text(option, Some(t))?.ok_or_else(|| CommandError::usage(errors::option_is_empty(option)))
    };
    let (which, a) = match args.sub {
        Sub::Plan(a) => (Which::Plan, a),
        Sub::Summary(a) => (Which::Summary, a),
        Sub::Conclude(a) => {
            let change = dossier::ReportAct::Conclusion {
                opinion: a.opinion,
                justification: required("--justification", a.justification)?,
            };
            return narrate(ctx, change, &a.common);
        }
        Sub::Risk(a) => {
            let change = dossier::ReportAct::ResidualRisk {
                text: required("<TEXT>", a.text)?,
            };
            return narrate(ctx, change, &a.common);
        }
        Sub::Recommend(a) => {
            let change = dossier::ReportAct::Recommendation {
                text: required("<TEXT>", a.text)?,
            };
            return narrate(ctx, change, &a.common);
        }
        Sub::Comment(a) => {
            let change = dossier::ReportAct::Commentary {
                part: a.part,
                text: required("<TEXT>", a.text)?,
            };
            return narrate(ctx, change, &a.common);
        }
        Sub::Identify(a) => {
            let one = |option: &str, v: &str| {
                let v = line(option, v)?;
                if v.is_empty() {
                    return Err(CommandError::usage(errors::option_is_empty(option)));
                }
                Ok(v)
            };
            let change = dossier::ReportAct::Identity {
                reference: one("--reference", &a.reference)?,
                version: one("--report-version", &a.report_version)?,
                approver: a
                    .approver
                    .as_deref()
                    .map(|v| line("--approver", v))
                    .transpose()?
                    .filter(|v| !v.is_empty()),
            };
            return narrate(ctx, change, &a.common);
        }
    };
    let kind = a
        .doc
        .document_type(ctx, a.to, a.output.as_deref(), ReportFormat::Md)?;
    let loaded = Loaded::open(ctx)?;
    if let ReportFormat::Docx | ReportFormat::Pdf = kind {
        return document(ctx, &loaded, which, &a, kind);
    }
    let options = report::Options {
        lang: ctx.document_lang().into(),
        format: match kind {
            ReportFormat::Md | ReportFormat::Docx | ReportFormat::Pdf => report::Format::Markdown,
            ReportFormat::Html => report::Format::Html,
        },
        marking: a.marking.as_deref(),
    };
    let view = loaded.view(ctx, &a.read)?;
    let text = render(&loaded, &view, which, &options, false)?;
    match &a.output {
        Some(path) => {
            let written = storage::write_output(path, text.as_bytes(), Some(loaded.ws.root()))?;
            if written == storage::Written::Stdout {
                return ctx.print(&text);
            }
            ctx.wrote(
                &format!(
                    "Wrote the {} ({}, {}) to {}.\n",
                    which.name(),
                    options.format,
                    options.lang,
                    path.display()
                ),
                path,
                &options.format.to_string(),
            )
        }
        None => ctx.print(&text),
    }
}

/// `--to docx|pdf`: the report's Markdown (without the marking lines, which go into every
/// page's header) as a Word or PDF document.
fn document(
    ctx: &mut Ctx,
    loaded: &Loaded,
    which: Which,
    a: &ReportArgs,
    to: ReportFormat,
) -> Result<(), CommandError> {
    let kind = match to {
        ReportFormat::Pdf => Document::Pdf,
        _ => Document::Docx,
    };
    let Some(path) = &a.output else {
        return Err(CommandError::usage(errors::binary_needs_output(
            kind.name(),
        )));
    };
    let lang: report::Lang = ctx.document_lang().into();
    let marking = match a.marking.as_deref() {
        None => Some(report::i18n::labels(lang).marking_default.to_owned()),
        Some(m) => Some(line("--marking", m)?).filter(|m| !m.is_empty()),
    };
    let options = report::Options {
        lang,
        format: report::Format::Markdown,
        marking: Some(""),
    };
    let view = loaded.view(ctx, &a.read)?;
    let markdown = render(loaded, &view, which, &options, true)?;
    let bytes = kind.bytes(&markdown, marking.as_deref(), view.date(), lang)?;
    if storage::write_output(path, &bytes, Some(loaded.ws.root()))? == storage::Written::Stdout {
        return crate::commands::export::print_bytes(&bytes);
    }
    ctx.wrote(
        &format!(
            "Wrote the {} ({}, {lang}) to {}.\n",
            which.name(),
            kind.extension(),
            path.display()
        ),
        path,
        kind.extension(),
    )
}

/// The paged documents jalon writes from a report's Markdown.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Document {
    Docx,
    Pdf,
}

impl Document {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Document::Docx => "DOCX",
            Document::Pdf => "PDF",
        }
    }

    pub(crate) fn extension(self) -> &'static str {
        match self {
            Document::Docx => "docx",
            Document::Pdf => "pdf",
        }
    }

    /// The document of `markdown`; a failure is a bug of the writer (it writes into memory).
    pub(crate) fn bytes(
        self,
        markdown: &str,
        marking: Option<&str>,
        date: chrono::NaiveDate,
        lang: report::Lang,
    ) -> Result<Vec<u8>, CommandError> {
        // A bug of a document writer, in the report crate's words (English: it gives them as
        // text) around the library's.
        let internal =
            |e: String| CommandError::new(crate::error::Kind::Internal, Text::verbatim(e));
        match self {
            Document::Docx => report::docx::from_markdown(markdown, marking, date, lang)
                .map_err(|e| internal(e.to_string())),
            Document::Pdf => report::pdf::from_markdown(markdown, marking, date, lang)
                .map_err(|e| internal(e.to_string())),
        }
    }
}

/// `report conclude|risk|recommend|comment|identify`: one act into the cycle's report.
fn narrate(
    ctx: &mut Ctx,
    change: dossier::ReportAct,
    common: &WriteArgs,
) -> Result<(), CommandError> {
    #[derive(Serialize)]
    struct Out {
        cycle: String,
        file: String,
    }
    let format = ctx.with_format(&common.format);
    let date = common.date(ctx)?;
    let note = text("--note", common.note.clone())?;
    let mut write = Write::new(date, note, storage::Act::Report { change });
    write.cycle.clone_from(&common.cycle);
    write.force = common.force;
    let (path, cycle) = write_locked(
        ctx,
        |_, _| Ok((write, ())),
        |(), checked| Ok(checked.entry.cycle.clone().unwrap_or_default()),
    )?;
    let out = Out {
        cycle,
        file: path.display().to_string(),
    };
    match format {
        Format::Json => ctx.print_json(&out),
        Format::Human => ctx.print(&format!(
            "Recorded for the report of cycle {} in {}.\n",
            out.cycle, out.file
        )),
    }
}

/// Renders one report of one cycle as of the view's date; with `figures`, the Markdown a paged
/// document is made from (its charts as SVG figures).
pub fn render(
    loaded: &Loaded,
    read: &View<'_>,
    which: Which,
    options: &report::Options<'_>,
    figures: bool,
) -> Result<String, CommandError> {
    let view = read.grid();
    let team = super::team(read);
    let cycle = read.cycle();
    let facts = read.dossier.facts(cycle);
    let relied = super::reliances(loaded, read);
    let ws = super::report_workspace(loaded, read, &view, &team, &facts, &relied);
    Ok(match which {
        Which::Plan => match figures {
            true => report::plan::render_with_figures(&ws, options),
            false => report::plan::render(&ws, options),
        }
        .map_err(|_| {
            CommandError::usage(errors::no_plan_to_report(&cycle.id))
                .hint(errors::plan_generate_draft())
        })?,
        Which::Summary if figures => report::summary::render_with_figures(&ws, options),
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
