//! `jalon sovereignty`: EU Cloud Sovereignty Framework cards: score, render, rank, scaffold, browse;
//! and the import of the Commission's official texts into a workspace.

use crate::commands::report::Document;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use report::Lang;
use serde::Serialize;
use sovereignty::{
    Card, Framework, Method, Score, Seal, Weights, framework, option_points, rank, score,
};

use crate::commands::{Loaded, record_import};
use crate::ctx::{Ctx, Format, FormatArg};
use crate::error::{CommandError, Kind, nearest};
use crate::messages::errors::{self, Text};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub sub: Sub,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Score a card: objective percentages, the weighted score, the SEAL levels, the gaps.
    Score(ScoreArgs),
    /// Render a card as Markdown or self-contained HTML, in English or French.
    Card(CardArgs),
    /// Rank cards: those meeting the minimum SEAL first, then by score.
    Rank(RankArgs),
    /// Write a new card to fill in: every factor with its options, as comments.
    New(NewArgs),
    /// Browse the framework: objectives, factors, options, points and SEAL levels.
    Factors(FactorsArgs),
    /// Import the Commission's calculator (JSON) into the workspace: cards then show its official
    /// labels and descriptions.
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The Commission's calculator, transcribed as JSON (objectives, criteria, answers).
    pub file: PathBuf,
    #[command(flatten)]
    pub format: FormatArg,
}

/// How to score: weights and method.
#[derive(Debug, Clone, clap::Args)]
pub struct Scoring {
    /// A weight preset (calculator-2026, framework-1.2.1) or a weights file (RON map of SOV-1…SOV-8 to integers summing to 100).
    #[arg(long, value_name = "NAME|FILE", default_value = "calculator-2026")]
    pub weights: String,
    /// `card`: the published cards' rule; `calculator`: the Commission calculator's points.
    #[arg(long, value_enum, default_value = "card")]
    pub method: MethodArg,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum MethodArg {
    Card,
    Calculator,
}

impl From<MethodArg> for Method {
    fn from(m: MethodArg) -> Method {
        match m {
            MethodArg::Card => Method::Card,
            MethodArg::Calculator => Method::Calculator,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct ScoreArgs {
    /// The card file (RON).
    pub card: PathBuf,
    #[command(flatten)]
    pub scoring: Scoring,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum CardFormat {
    Md,
    Html,
    Docx,
    Pdf,
}

#[derive(Debug, clap::Args)]
pub struct CardArgs {
    /// The card file (RON).
    pub card: PathBuf,
    /// Markdown, one self-contained HTML file, a Word document (DOCX) or a PDF (both A4, "n / N"
    /// on every page, real tables; need -o). Default: from -o's extension, else md.
    #[arg(long, value_enum, value_name = "TYPE")]
    pub to: Option<CardFormat>,
    #[command(flatten)]
    pub doc: crate::ctx::DocFormatArg,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub scoring: Scoring,
}

#[derive(Debug, clap::Args)]
pub struct RankArgs {
    /// The card files (RON).
    #[arg(required = true, value_name = "CARD")]
    pub cards: Vec<PathBuf>,
    /// The minimum overall SEAL (0–4) a card must reach to pass.
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=4))]
    pub min_seal: u8,
    #[command(flatten)]
    pub scoring: Scoring,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The provider's name.
    #[arg(long, value_name = "NAME")]
    pub provider: String,
    /// Write the card to this new file (never overwritten) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct FactorsArgs {
    /// Show only this objective (SOV-5) or factor (SOV-5.3).
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    #[command(flatten)]
    pub format: FormatArg,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    match args.sub {
        Sub::Score(a) => score_cmd(ctx, a),
        Sub::Card(a) => card_cmd(ctx, a),
        Sub::Rank(a) => rank_cmd(ctx, a),
        Sub::New(a) => new_cmd(ctx, a),
        Sub::Factors(a) => factors_cmd(ctx, a),
        Sub::Import(a) => import_cmd(ctx, a),
    }
}

/// The framework as this command shows it: with the official texts the workspace imported (when
/// it runs in a workspace that has them), else with jalon's own wording.
fn shown_framework(ctx: &Ctx) -> Result<Cow<'static, Framework>, CommandError> {
    let ws = match ctx.workspace() {
        Ok(ws) => ws,
        // Not in a workspace: jalon's wording.
        Err(e) if e.kind == Kind::Usage && ctx.global.workspace.is_none() => {
            return Ok(Cow::Borrowed(framework()));
        }
        // A workspace around that does not open (a broken jalon.ron) does not stop scoring a
        // card: jalon's wording, and a warning. Named with -C, it is an error.
        Err(e) if ctx.global.workspace.is_none() => {
            crate::ctx::warn_once(&format!(
                "the workspace around does not open ({}): jalon's wording is shown",
                english(&e)
            ));
            return Ok(Cow::Borrowed(framework()));
        }
        Err(e) => return Err(e),
    };
    Ok(match ws.sovereignty_framework(framework())? {
        Some(official) => Cow::Owned(official),
        None => Cow::Borrowed(framework()),
    })
}

fn import_cmd(ctx: &mut Ctx, args: ImportArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let ws = ctx.workspace()?;
    let text = storage::read_text(&args.file)?;
    let texts = storage::card::parse_calculator(&args.file, &text)?;
    let official = storage::card::with_official(&args.file, framework(), &texts)?;
    let rendered = storage::card::render_official(&texts);
    let path = record_import(
        ctx,
        &ws,
        IMPORT_ID,
        storage::card::OFFICIAL_TEXTS,
        &rendered,
        &args.file,
    )?;
    #[derive(Serialize)]
    struct Out<'a> {
        framework: &'a str,
        version: &'a str,
        calculator: &'a str,
        objectives: usize,
        factors: usize,
        options: usize,
        /// Options the file gives a label.
        labels: usize,
        file: String,
    }
    let out = Out {
        framework: &official.name,
        version: &official.version,
        calculator: &official.calculator,
        objectives: official.objectives.len(),
        factors: official.factors().count(),
        options: official.factors().map(|(_, f)| f.options.len()).sum(),
        labels: official
            .factors()
            .flat_map(|(_, f)| &f.options)
            .filter(|o| o.label.is_some())
            .count(),
        file: path.display().to_string(),
    };
    match format {
        Format::Json => ctx.print_json(&out),
        Format::Human => ctx.print(&format!(
            "Imported the official texts of the {} {} (calculator of {}): {} objectives, {} factors, {} options ({} labelled), into {}.\nCards and `jalon sovereignty factors` in this workspace now show them.\n",
            out.framework,
            out.version,
            out.calculator,
            out.objectives,
            out.factors,
            out.options,
            out.labels,
            out.file
        )),
    }
}

/// The id an import of the sovereignty framework's official texts is recorded under.
const IMPORT_ID: &str = "eu-csf";

/// The weights a `--weights` value names: a preset, else a file.
fn weights(fw: &Framework, value: &str) -> Result<Weights, CommandError> {
    if let Ok(preset) = fw.weights(value) {
        return Ok(preset.clone());
    }
    let path = Path::new(value);
    if path.is_file() {
        return Ok(storage::card::read_weights(path, fw)?);
    }
    let presets: Vec<&str> = fw.presets().map(|p| p.weights.name()).collect();
    let mut e = CommandError::usage(errors::neither_preset_nor_file(value))
        .hint(errors::presets_are(&presets.join(", ")));
    if let Some(close) = nearest(value, presets.iter().copied()).first() {
        e = e.hint(errors::did_you_mean(errors::or_list(&[format!(
            "`{close}`"
        )])));
    }
    Err(e.hint(errors::weights_file()))
}

fn scored(fw: &Framework, path: &Path, scoring: &Scoring) -> Result<(Card, Score), CommandError> {
    let weights = weights(fw, &scoring.weights)?;
    let card = storage::card::read_card(path, fw)?;
    let s = score(fw, &card, &weights, scoring.method.into());
    Ok((card, s))
}

fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{v:.1}%"))
}

fn seal_text(seal: Option<Seal>) -> String {
    seal.map_or_else(|| "—".to_owned(), |s| format!("{s} {}", s.name()))
}

fn score_cmd(ctx: &mut Ctx, args: ScoreArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let fw = &*shown_framework(ctx)?;
    let (card, s) = scored(fw, &args.card, &args.scoring)?;
    let notes = workspace_notes(ctx, fw, &card);
    match format {
        Format::Json => ctx.print_json(&s)?,
        Format::Human => ctx.print(&score_human(fw, &card, &s))?,
    }
    note(&notes);
    Ok(())
}

fn score_human(fw: &Framework, card: &Card, s: &Score) -> String {
    let mut out = String::new();
    let h = &card.header;
    let about: Vec<&str> = [&h.country, &h.service, &h.url]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let _ = writeln!(out, "{}", h.provider);
    if !about.is_empty() {
        let _ = writeln!(out, "{}", about.join(" · "));
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Score       {}", percent(s.score));
    let _ = writeln!(out, "Unweighted  {}", percent(s.unweighted));
    let _ = writeln!(out, "SEAL        {}", seal_text(s.seal));
    let _ = writeln!(out, "Method      {} · weights {}", s.method, s.weights);
    let _ = writeln!(out);
    let width = s
        .objectives
        .iter()
        .map(|o| o.id.len() + 1 + o.name.chars().count())
        .max()
        .unwrap_or(0);
    let _ = writeln!(
        out,
        "{:<width$}  {:>6}  {:<6}  weight",
        "Objective", "%", "SEAL"
    );
    for o in &s.objectives {
        let name = format!("{} {}", o.id, o.name);
        let pct = o
            .percent
            .map_or_else(|| "—".to_owned(), |p| format!("{p:.1}"));
        let seal = o.seal.map_or_else(|| "—".to_owned(), |s| s.to_string());
        let _ = writeln!(out, "{name:<width$}  {pct:>6}  {seal:<6}  {:>5}%", o.weight);
    }
    if !s.complete {
        let total = fw.factors().count();
        let _ = writeln!(
            out,
            "\nIncomplete: {} of {total} factors are not answered; they are left out of every figure.",
            s.gaps.len()
        );
        for id in &s.gaps {
            let name = fw
                .factor(id)
                .map(|(_, f)| f.name.as_str())
                .unwrap_or_default();
            let _ = writeln!(out, "  {id}  {name}");
        }
    }
    out
}

/// An error's message in English, as the notes and warnings that quote it are written.
fn english(e: &CommandError) -> &str {
    e.message
        .as_ref()
        .map_or("", |m| m.pick(crate::ctx::Language::En))
}

/// Writes notes to standard error, one per line.
fn note(notes: &[String]) {
    if notes.is_empty() {
        return;
    }
    let mut text = String::new();
    for n in notes {
        let _ = writeln!(text, "note: {n}");
    }
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Where the card and the jalon workspace around (or named by -C) disagree.
///
/// Only a workspace that tracks the card's provider on the SecNumCloud workflow is compared: a card
/// that cites SecNumCloud (in a justification or a source) relies on a qualification, which the
/// workspace's journey must show as valid today; and a valid qualification should not come with a
/// SOV-7.1 answer below option 4 (EAL3, the level SecNumCloud is read as).
fn workspace_notes(ctx: &Ctx, fw: &Framework, card: &Card) -> Vec<String> {
    let loaded = match Loaded::open(ctx) {
        Ok(loaded) => loaded,
        // Not in a workspace: nothing to compare.
        Err(_) if ctx.global.workspace.is_none() => return Vec::new(),
        Err(e) => {
            return vec![format!(
                "the workspace could not be read, so the card was not compared with it: {}",
                english(&e)
            )];
        }
    };
    let m = loaded.ws.manifest();
    if !same_provider(&m.provider, &card.header.provider) {
        return vec![format!(
            "this workspace tracks {} ({}); the card is about {}, so they were not compared",
            m.provider, m.service, card.header.provider
        )];
    }
    if loaded.workflow.id() != "secnumcloud" {
        return Vec::new();
    }
    let today = ctx.today();
    let status = match loaded.journey(today) {
        Ok(journey) => journey.status(today),
        Err(e) => {
            return vec![format!(
                "the workspace's journey could not be replayed, so the card was not compared with it: {}",
                english(&e)
            )];
        }
    };
    let cited: Vec<&str> = card
        .answers()
        .filter(|(_, a)| {
            let mentions = |t: &str| t.to_lowercase().contains("secnumcloud");
            a.justification.as_deref().is_some_and(mentions)
                || a.sources.iter().any(|s| mentions(s))
        })
        .map(|(id, _)| id)
        .collect();
    let mut notes = Vec::new();
    if !cited.is_empty() && !status.qualified {
        notes.push(format!(
            "the card relies on a SecNumCloud qualification ({}), but the workspace shows {} as not qualified on {today} (state: {})",
            cited.join(", "),
            m.service,
            status.state
        ));
    }
    if status.qualified
        && let Some(answer) = card.answer("SOV-7.1")
        && answer.option < 4
    {
        let expires = status
            .qualification
            .as_ref()
            .map(|q| format!(" until {}", q.expires))
            .unwrap_or_default();
        let label = fw
            .factor("SOV-7.1")
            .and_then(|(_, f)| f.option(answer.option))
            .map(|o| o.display_label())
            .unwrap_or_default();
        notes.push(format!(
            "the workspace shows {} as SecNumCloud-qualified{expires}, but the card answers SOV-7.1 with {label}; SecNumCloud is read as option 4 (EAL3)",
            m.service
        ));
    }
    notes
}

fn same_provider(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.trim().to_lowercase();
    norm(a) == norm(b)
}

fn card_cmd(ctx: &mut Ctx, args: CardArgs) -> Result<(), CommandError> {
    let fw = &*shown_framework(ctx)?;
    let (card, s) = scored(fw, &args.card, &args.scoring)?;
    let lang: Lang = ctx.lang().into();
    let kind = args
        .doc
        .document_type(ctx, args.to, args.output.as_deref(), CardFormat::Md)?;
    let format = match kind {
        CardFormat::Md | CardFormat::Docx | CardFormat::Pdf => report::Format::Markdown,
        CardFormat::Html => report::Format::Html,
    };
    let text = report::card::render(fw, &card, &s, lang, format);
    let document = match kind {
        CardFormat::Docx => Some(Document::Docx),
        CardFormat::Pdf => Some(Document::Pdf),
        CardFormat::Md | CardFormat::Html => None,
    };
    if let Some(document) = document {
        let Some(path) = &args.output else {
            return Err(CommandError::usage(errors::binary_needs_output_file(
                document.name(),
            )));
        };
        let bytes = document.bytes(&text, None, ctx.today(), lang)?;
        return write_card(ctx, path, &bytes, &card.header.provider, kind);
    }
    match &args.output {
        Some(path) => write_card(ctx, path, text.as_bytes(), &card.header.provider, kind),
        None => ctx.print(&text),
    }
}

/// `-o FILE` of a card, as every output is written: `-` is standard output, never over a file
/// of the workspace around (if any).
fn write_card(
    ctx: &Ctx,
    path: &Path,
    bytes: &[u8],
    provider: &str,
    kind: CardFormat,
) -> Result<(), CommandError> {
    let root = ctx.workspace().ok().map(|ws| ws.root().to_owned());
    if storage::write_output(path, bytes, root.as_deref())? == storage::Written::Stdout {
        return crate::commands::export::print_bytes(bytes);
    }
    let kind = match kind {
        CardFormat::Md => "md",
        CardFormat::Html => "html",
        CardFormat::Docx => "docx",
        CardFormat::Pdf => "pdf",
    };
    ctx.wrote(
        &format!("Wrote {provider} to {}.\n", path.display()),
        path,
        kind,
    )
}

fn rank_cmd(ctx: &mut Ctx, args: RankArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let fw = framework();
    let weights = weights(fw, &args.scoring.weights)?;
    let mut scores = Vec::new();
    let mut problems = Vec::new();
    for path in &args.cards {
        match storage::card::read_card(path, fw) {
            Ok(card) => scores.push(score(fw, &card, &weights, args.scoring.method.into())),
            Err(e) => problems.push(CommandError::from(e)),
        }
    }
    if !problems.is_empty() {
        // Every card's problems at once.
        let mut said = vec![errors::cards_unreadable(problems.len(), args.cards.len())];
        let mut diagnostics = Vec::new();
        for p in problems {
            said.extend(p.message);
            diagnostics.extend(p.diagnostics);
        }
        let mut all = CommandError::new(Kind::Data, Text::join(said, "\n"));
        all.diagnostics = diagnostics;
        return Err(all);
    }
    let min_seal = Seal::new(args.min_seal).unwrap_or(Seal::MIN);
    let ranking = rank(&scores, min_seal);
    match format {
        Format::Json => ctx.print_json(&ranking)?,
        Format::Human => {
            let mut out = String::new();
            let width = ranking
                .ranking
                .iter()
                .map(|e| e.provider.chars().count())
                .max()
                .unwrap_or(0)
                .max(8);
            let _ = writeln!(
                out,
                "Method {} · weights {} · minimum {min_seal}",
                args.scoring.method_name(),
                weights.name()
            );
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                " #  {:<width$}  {:<6}  {:>6}  passes",
                "Provider", "SEAL", "Score"
            );
            for (i, e) in ranking.ranking.iter().enumerate() {
                let seal = e.seal.map_or_else(|| "—".to_owned(), |s| s.to_string());
                let pct = e
                    .score
                    .map_or_else(|| "—".to_owned(), |p| format!("{p:.1}"));
                let complete = scores
                    .iter()
                    .find(|s| s.provider == e.provider)
                    .is_none_or(|s| s.complete);
                let passes = if e.passes { "yes" } else { "no" };
                let flag = if complete { "" } else { "  (incomplete)" };
                let _ = writeln!(
                    out,
                    "{:>2}  {:<width$}  {seal:<6}  {pct:>6}  {passes}{flag}",
                    i + 1,
                    e.provider
                );
            }
            ctx.print(&out)?;
        }
    }
    let incomplete: Vec<&str> = scores
        .iter()
        .filter(|s| !s.complete)
        .map(|s| s.provider.as_str())
        .collect();
    if !incomplete.is_empty() {
        note(&[format!(
            "incomplete cards are ranked on their answered factors only: {}",
            incomplete.join(", ")
        )]);
    }
    Ok(())
}

impl Scoring {
    fn method_name(&self) -> &'static str {
        Method::from(self.method).as_str()
    }
}

fn new_cmd(ctx: &mut Ctx, args: NewArgs) -> Result<(), CommandError> {
    let text = storage::card::scaffold(&*shown_framework(ctx)?, &args.provider);
    match &args.output {
        Some(path) => {
            if path.exists() {
                return Err(
                    CommandError::new(Kind::Refused, errors::card_exists(path.display()))
                        .hint(errors::choose_another_file()),
                );
            }
            storage::create_atomic(path, text.as_bytes())?;
            ctx.print(&format!(
                "Wrote a card for {} to {}: answer each factor, then run `jalon sovereignty score {}`.\n",
                args.provider,
                path.display(),
                path.display()
            ))
        }
        None => ctx.print(&text),
    }
}

#[derive(Serialize)]
struct FrameworkJson<'a> {
    name: &'a str,
    version: &'a str,
    calculator: &'a str,
    /// `jalon` (jalon's own wording) or `official` (the Commission's texts, imported).
    wording: &'static str,
    weights: Vec<PresetJson<'a>>,
    objectives: Vec<ObjectiveJson<'a>>,
}

#[derive(Serialize)]
struct PresetJson<'a> {
    name: &'a str,
    source: &'a str,
    values: std::collections::BTreeMap<&'a str, u32>,
}

#[derive(Serialize)]
struct ObjectiveJson<'a> {
    id: &'a str,
    name: &'a str,
    description: &'a str,
    factors: Vec<FactorJson<'a>>,
}

#[derive(Serialize)]
struct FactorJson<'a> {
    id: &'a str,
    name: &'a str,
    description: &'a str,
    options: Vec<OptionJson<'a>>,
    notes: &'a [sovereignty::Note],
}

#[derive(Serialize)]
struct OptionJson<'a> {
    number: u8,
    label: Option<&'a str>,
    /// The calculator's points.
    points: sovereignty::Points,
    seal: Seal,
    notes: &'a [sovereignty::Note],
}

fn factors_cmd(ctx: &mut Ctx, args: FactorsArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let fw = &*shown_framework(ctx)?;
    let wanted = args.id.as_deref();
    if let Some(id) = wanted
        && fw.objective(id).is_none()
        && fw.factor(id).is_none()
    {
        let known = fw
            .objectives
            .iter()
            .map(|o| o.id.as_str())
            .chain(fw.factors().map(|(_, f)| f.id.as_str()));
        let mut e = CommandError::usage(errors::neither_objective_nor_factor(id))
            .hint(errors::objectives_and_factors());
        if let Some(close) = nearest(id, known).first() {
            e = e.hint(errors::did_you_mean(errors::or_list(&[format!(
                "`{close}`"
            )])));
        }
        return Err(e);
    }
    let shown =
        |objective: &str, factor: &str| wanted.is_none_or(|w| w == objective || w == factor);
    match format {
        Format::Json => {
            let objectives = fw
                .objectives
                .iter()
                .map(|o| ObjectiveJson {
                    id: &o.id,
                    name: &o.name,
                    description: &o.description,
                    factors: o
                        .factors
                        .iter()
                        .filter(|f| shown(&o.id, &f.id))
                        .map(|f| FactorJson {
                            id: &f.id,
                            name: &f.name,
                            description: &f.description,
                            options: f
                                .options
                                .iter()
                                .map(|opt| OptionJson {
                                    number: opt.number,
                                    label: opt.label.as_deref(),
                                    points: opt.points,
                                    seal: opt.seal,
                                    notes: &opt.notes,
                                })
                                .collect(),
                            notes: &f.notes,
                        })
                        .collect(),
                })
                .filter(|o| !o.factors.is_empty())
                .collect();
            ctx.print_json(&FrameworkJson {
                name: &fw.name,
                version: &fw.version,
                calculator: &fw.calculator,
                wording: if fw.official.is_some() {
                    "official"
                } else {
                    "jalon"
                },
                weights: fw
                    .presets()
                    .map(|p| PresetJson {
                        name: p.weights.name(),
                        source: &p.source,
                        values: p.weights.iter().collect(),
                    })
                    .collect(),
                objectives,
            })
        }
        Format::Human => {
            let mut out = String::new();
            if wanted.is_none() {
                let _ = writeln!(
                    out,
                    "{} {}, calculator of {} (© European Union, CC BY 4.0)",
                    fw.name, fw.version, fw.calculator
                );
                let _ = writeln!(
                    out,
                    "{}",
                    match &fw.official {
                        Some(source) => format!(
                            "Texts: the Commission's, imported from {source} (`jalon sovereignty import`)"
                        ),
                        None => "Texts: jalon's own wording (`jalon sovereignty import` shows the Commission's)".to_owned(),
                    }
                );
                for p in fw.presets() {
                    let values: Vec<String> =
                        p.weights.iter().map(|(_, w)| w.to_string()).collect();
                    let _ = writeln!(
                        out,
                        "Weights {:<16} {}  {}",
                        p.weights.name(),
                        values.join("/"),
                        p.source
                    );
                }
            }
            for o in &fw.objectives {
                let factors: Vec<_> = o.factors.iter().filter(|f| shown(&o.id, &f.id)).collect();
                if factors.is_empty() {
                    continue;
                }
                if !out.is_empty() {
                    let _ = writeln!(out);
                }
                let _ = writeln!(out, "{} {} ({} factors)", o.id, o.name, o.factors.len());
                let _ = writeln!(out, "{}", o.description);
                for f in factors {
                    let _ = writeln!(out, "\n  {} {}", f.id, f.name);
                    let _ = writeln!(out, "  {}", f.description);
                    for n in &f.notes {
                        let _ = writeln!(out, "  Note: {}", n.en);
                    }
                    let _ = writeln!(
                        out,
                        "    {:>7}  {:>10}  SEAL    option",
                        "card", "calculator"
                    );
                    for opt in &f.options {
                        let (points, max) = option_points(Method::Card, o, f, opt);
                        let card = format!("{points}/{max}");
                        let _ = writeln!(
                            out,
                            "    {card:>7}  {:>10}  {}  {}",
                            opt.points.to_string(),
                            opt.seal,
                            opt.display_label()
                        );
                        for n in &opt.notes {
                            let _ = writeln!(
                                out,
                                "    {:>7}  {:>10}  {:6}  Note: {}",
                                "", "", "", n.en
                            );
                        }
                    }
                }
            }
            ctx.print(&out)
        }
    }
}
