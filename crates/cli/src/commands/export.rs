//! `jalon export form`: the evaluation form (the completed grid) as CSV or XLSX.

use std::path::PathBuf;

use grid::{CellKind, FORM_COLUMNS, FormRow, Lang, form_headers, form_rows};
use rust_xlsxwriter::{Format as XlsxFormat, Workbook};

use crate::commands::{Loaded, ReadArgs, ReferentialArg, View};
use crate::ctx::Ctx;
use crate::error::{CommandError, Kind};
use crate::messages::errors::{self, Text};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub sub: Sub,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// The evaluation form: one row per (requirement, check) with results, findings, evidence and corrective actions.
    Form(FormArgs),
    /// OSCAL JSON: the assessment plan, the assessment results (one result per cycle) or the
    /// plan of action and milestones (docs/oscal.md).
    Oscal(OscalArgs),
    /// A cycle's assessment as CISO Assistant's audit table (XLSX, which its Data Wizard imports;
    /// or CSV as its own export writes it), docs/ciso-assistant.md.
    CisoAssistant(CisoArgs),
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum OscalModel {
    /// The assessment plan (AP) of the cycle.
    AssessmentPlan,
    /// The assessment results (AR): one result per cycle (only `--cycle`'s when given).
    AssessmentResults,
    /// The plan of action and milestones (POA&M) of the cycle's non-conformities.
    Poam,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum OscalVersion {
    #[value(name = "1.1.2")]
    V1_1_2,
    #[value(name = "1.2.1")]
    V1_2_1,
}

#[derive(Debug, clap::Args)]
pub struct OscalArgs {
    /// Which OSCAL document: the assessment plan, the assessment results or the POA&M.
    #[arg(long, value_enum)]
    pub model: OscalModel,
    /// The OSCAL version the document declares and follows.
    #[arg(long = "oscal-version", value_enum, default_value = "1.2.1")]
    pub oscal_version: OscalVersion,
    /// Where to write it (JSON); `-` is standard output. Never over the workspace's own files.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub format: crate::ctx::FormatArg,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum CisoFormat {
    /// The audit table CISO Assistant exports and takes back in (one sheet, `Sheet1`).
    Xlsx,
    /// Its CSV export's layout (`;`, a byte order mark); CISO Assistant does not import it.
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct CisoArgs {
    /// Where to write it; `-` is standard output. Never over the workspace's own files.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
    /// File type (default: from -o's extension, else xlsx).
    #[arg(long, value_enum, value_name = "TYPE")]
    pub to: Option<CisoFormat>,
    #[command(flatten)]
    pub doc: crate::ctx::DocFormatArg,
    #[command(flatten)]
    pub referential: ReferentialArg,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum FormFormat {
    Csv,
    Xlsx,
}

/// How the CSV is written.
#[derive(Clone, Copy, Debug, Default, clap::ValueEnum)]
pub enum CsvDialect {
    /// RFC 4180: `,` between cells, CRLF after each row, UTF-8 without a byte order mark.
    #[default]
    #[value(name = "rfc4180")]
    Rfc4180,
    /// What Excel in French expects when a file is opened by a double click: a UTF-8 byte order
    /// mark (else accents are garbled), `;` between cells (else each row lands in one column),
    /// CRLF after each row.
    ExcelFr,
}

#[derive(Debug, clap::Args)]
pub struct FormArgs {
    /// File type (default: from -o's extension, else xlsx).
    #[arg(long, value_enum, value_name = "TYPE")]
    pub to: Option<FormFormat>,
    #[command(flatten)]
    pub doc: crate::ctx::DocFormatArg,
    /// Where to write it; `-` is standard output. Never over the workspace's own files.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
    /// Marking at the top of every printed page of the XLSX (default: "Confidentiel", or
    /// "Confidential" in English; "" for none).
    #[arg(long, value_name = "TEXT")]
    pub marking: Option<String>,
    /// The CSV's dialect (with `--to csv`).
    #[arg(long, value_enum, default_value = "rfc4180")]
    pub dialect: CsvDialect,
    /// Only the form of this referential, assessed beside the service's own (by default the
    /// XLSX has one sheet per referential in scope; the CSV, the service's own).
    #[command(flatten)]
    pub referential: ReferentialArg,
    #[command(flatten)]
    pub read: ReadArgs,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    match args.sub {
        Sub::Form(a) => form(ctx, a),
        Sub::Oscal(a) => oscal(ctx, a),
        Sub::CisoAssistant(a) => ciso(ctx, a),
    }
}

fn oscal(ctx: &mut Ctx, args: OscalArgs) -> Result<(), CommandError> {
    ctx.with_format(&args.format);
    let loaded = Loaded::open(ctx)?;
    let date = args.read.date(ctx)?;
    let dossier = loaded.dossier(date)?;
    // The cycles it covers: the one read (`--cycle`, else the current one); for the results,
    // without `--cycle`, every cycle opened by the date.
    let ids: Vec<String> = match (args.model, &args.read.cycle) {
        (OscalModel::AssessmentResults, None) => dossier
            .cycles
            .iter()
            .filter(|c| c.opened.is_some())
            .map(|c| c.id.clone())
            .collect(),
        (_, cycle) => {
            vec![
                View::new(dossier.clone(), cycle.as_deref())?
                    .cycle()
                    .id
                    .clone(),
            ]
        }
    };
    let reads = ids
        .iter()
        .map(|id| View::new(dossier.clone(), Some(id)))
        .collect::<Result<Vec<_>, _>>()?;
    let grids: Vec<_> = reads.iter().map(View::grid).collect();
    let facts: Vec<_> = reads.iter().map(|r| r.dossier.facts(r.cycle())).collect();
    let teams: Vec<_> = reads.iter().map(super::team).collect();
    let relied: Vec<_> = reads.iter().map(|r| super::reliances(&loaded, r)).collect();
    let workspaces: Vec<report::Workspace<'_>> = reads
        .iter()
        .zip(&grids)
        .zip(&facts)
        .zip(&teams)
        .zip(&relied)
        .map(|((((read, grid), facts), team), relied)| {
            super::report_workspace(&loaded, read, grid, team, facts, relied)
        })
        .collect();
    let context = report::oscal::Context {
        version: match args.oscal_version {
            OscalVersion::V1_1_2 => report::oscal::Version::V1_1_2,
            OscalVersion::V1_2_1 => report::oscal::Version::V1_2_1,
        },
        date,
    };
    // The results follow the current cycle's plan (or the one cycle's, with `--cycle`).
    let current = &dossier.current().id;
    let plan = ids
        .iter()
        .position(|id| id == current)
        .unwrap_or(ids.len().saturating_sub(1));
    let Some(last) = workspaces.get(plan) else {
        return Err(CommandError::usage(errors::no_cycle_by(date)).hint(errors::list_cycles()));
    };
    let (doc, what) = match args.model {
        OscalModel::AssessmentPlan => (
            report::oscal::assessment_plan(last, &context),
            "assessment plan",
        ),
        OscalModel::AssessmentResults => (
            report::oscal::assessment_results(&workspaces, plan, &context)
                .ok_or_else(|| broken(errors::no_cycle_left()))?,
            "assessment results",
        ),
        OscalModel::Poam => (report::oscal::poam(last, &context), "POA&M"),
    };
    let mut bytes = serde_json::to_vec_pretty(&doc).map_err(internal)?;
    bytes.push(b'\n');
    if storage::write_output(&args.output, &bytes, Some(loaded.ws.root()))?
        == storage::Written::Stdout
    {
        return print_bytes(&bytes);
    }
    ctx.wrote(
        &format!(
            "Wrote the OSCAL {} {what} of {} to {}.\n",
            context.version.as_str(),
            if ids.len() == 1 {
                format!("cycle {}", ids[0])
            } else {
                format!("cycles {}", ids.join(", "))
            },
            args.output.display()
        ),
        &args.output,
        "json",
    )
}

fn ciso(ctx: &mut Ctx, args: CisoArgs) -> Result<(), CommandError> {
    let format = args
        .doc
        .document_type(ctx, args.to, Some(&args.output), CisoFormat::Xlsx)?;
    let loaded = Loaded::open(ctx)?;
    let read = loaded.view_in(ctx, &args.read, &args.referential)?;
    let grid = read.grid();
    let team = super::team(&read);
    let facts = read.dossier.facts(read.cycle());
    let relied = super::reliances(&loaded, &read);
    let ws = super::report_workspace(&loaded, &read, &grid, &team, &facts, &relied);
    let rows = report::ciso::rows(&ws);
    let bytes = match format {
        CisoFormat::Csv => ciso_csv(&rows)?,
        CisoFormat::Xlsx => ciso_xlsx(&rows, read.date())?,
    };
    if storage::write_output(&args.output, &bytes, Some(loaded.ws.root()))?
        == storage::Written::Stdout
    {
        return print_bytes(&bytes);
    }
    ctx.wrote(
        &format!(
            "Wrote cycle {}'s assessment against {} as CISO Assistant's audit table ({} rows) to {}.\n",
            read.cycle().id,
            read.referential.id,
            rows.len(),
            args.output.display()
        ),
        &args.output,
        match format {
            CisoFormat::Csv => "csv",
            CisoFormat::Xlsx => "xlsx",
        },
    )
}

/// CISO Assistant's CSV export: a byte order mark, `;` between cells, its column order; a cell a
/// spreadsheet would take for a formula starts with `'`, as its own export does.
fn ciso_csv(rows: &[report::ciso::Row]) -> Result<Vec<u8>, CommandError> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer("\u{feff}".as_bytes().to_vec());
    w.write_record(report::ciso::CSV_COLUMNS)
        .map_err(internal)?;
    for r in rows {
        let cells = report::ciso::CSV_COLUMNS.map(|c| crate::input::csv_cell(r.cell(c)));
        w.write_record(cells.iter().map(|c| c.as_bytes()))
            .map_err(internal)?;
    }
    w.into_inner().map_err(internal)
}

/// The audit table as CISO Assistant's XLSX export has it: one sheet `Sheet1`, the header row,
/// `assessable` as a boolean, every other cell a string (ids never become numbers).
fn ciso_xlsx(rows: &[report::ciso::Row], date: chrono::NaiveDate) -> Result<Vec<u8>, CommandError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Sheet1").map_err(internal)?;
    for (c, h) in report::ciso::COLUMNS.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).map_err(internal)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        for (c, column) in report::ciso::COLUMNS.iter().enumerate() {
            let c = c as u16;
            match *column {
                "assessable" => sheet.write_boolean(row, c, r.assessable),
                "score" => continue,
                _ => sheet.write_string(row, c, r.cell(column)),
            }
            .map_err(internal)?;
        }
    }
    for (c, column) in report::ciso::COLUMNS.iter().enumerate() {
        let width = match *column {
            "name" | "description" | "typical_evidence" | "observations" => 60.0,
            _ => 40.0,
        };
        sheet.set_column_width(c as u16, width).map_err(internal)?;
    }
    // Stamped with the date read, not the clock: the same workspace gives the same bytes.
    let created =
        excel_date(&date.to_string()).ok_or_else(|| broken(errors::date_out_of_range()))?;
    let props = rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created);
    book.set_properties(&props);
    book.save_to_buffer().map_err(internal)
}

/// A library (CSV, XLSX, JSON) failed to build the document: its words.
fn internal(e: impl std::fmt::Display) -> CommandError {
    broken(Text::verbatim(e.to_string()))
}

fn broken(detail: Text) -> CommandError {
    CommandError::new(Kind::Internal, errors::cannot_build_form(detail))
}

fn form(ctx: &mut Ctx, args: FormArgs) -> Result<(), CommandError> {
    let kind = args
        .doc
        .document_type(ctx, args.to, Some(&args.output), FormFormat::Xlsx)?;
    let loaded = Loaded::open(ctx)?;
    let view = loaded.view_in(ctx, &args.read, &args.referential)?;
    let lang = Lang::from(ctx.document_lang());
    let marking = match &args.marking {
        Some(m) => crate::input::clean_text("--marking", m, crate::input::Shape::Line)?,
        None => default_marking(lang).to_owned(),
    };
    let (bytes, rows) = form_bytes(&loaded, &view, kind, lang, args.dialect, &marking)?;
    if storage::write_output(&args.output, &bytes, Some(loaded.ws.root()))?
        == storage::Written::Stdout
    {
        return print_bytes(&bytes);
    }
    ctx.wrote(
        &format!(
            "Wrote the evaluation form ({rows} rows) to {}.\n",
            args.output.display()
        ),
        &args.output,
        match kind {
            FormFormat::Csv => "csv",
            FormFormat::Xlsx => "xlsx",
        },
    )
}

/// The marking when none is given, as the reports have it.
pub fn default_marking(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "Confidentiel",
        Lang::En => "Confidential",
    }
}

/// `-o -`: the form's bytes (CSV, or the XLSX archive) on standard output.
pub fn print_bytes(bytes: &[u8]) -> Result<(), CommandError> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CommandError::new(
            Kind::Internal,
            errors::cannot_write_stdout(e),
        )),
        _ => Ok(()),
    }
}

/// The evaluation form of one cycle as of a date, encoded, and its number of rows.
/// The XLSX is stamped with the view's date (not the clock) so the same workspace gives the same
/// bytes.
pub fn form_bytes(
    loaded: &Loaded,
    read: &View<'_>,
    format: FormFormat,
    lang: Lang,
    dialect: CsvDialect,
    marking: &str,
) -> Result<(Vec<u8>, usize), CommandError> {
    let view = read.grid();
    let rows = form_rows(read.referential, &view, &read.ledger, lang);
    let centre = read.dossier.settings.evaluation_centre.as_deref();
    let mut count = rows.len();
    let bytes = match format {
        FormFormat::Csv => csv_bytes(lang, &rows, dialect)?,
        FormFormat::Xlsx => {
            // The form of the service's own referential is followed by one sheet per
            // referential assessed beside it (unless `--referential` asked for one).
            let d = &read.dossier;
            let mut sheets = vec![(form_sheet_name(lang, read), rows)];
            if read.beside.is_none() {
                for id in d.settings.beside.keys() {
                    let Some(r) = d.inputs.referentials.get(id) else {
                        continue;
                    };
                    let c = read.cycle();
                    let ledger = d.ledger_in(c, Some(id));
                    let scope = d.scope_in(c, Some(id));
                    let view = d.grid_in(r, &ledger, scope.as_ref());
                    let rows = form_rows(r, &view, &ledger, lang);
                    count += rows.len();
                    sheets.push((referential_sheet_name(id), rows));
                }
            }
            // One more sheet per imported mapping from this referential: what the verdicts say
            // of the other framework's controls (`jalon map`).
            let mut mappings = storage::mapping::load_all(loaded.ws.root())?;
            mappings.retain(|m| m.source == read.referential.id);
            for m in &mut mappings {
                m.resolve_nodes(read.referential);
            }
            let coverage: Vec<_> = mappings
                .iter()
                .map(|m| (m, grid::coverage(m, &view).0))
                .collect();
            let mut bytes = xlsx_bytes(
                lang,
                &sheets,
                loaded,
                centre,
                read.date(),
                marking,
                &coverage,
            )?;
            bytes.shrink_to_fit();
            bytes
        }
    };
    Ok((bytes, count))
}

/// The name of the form's first sheet: the evaluation form, or for `--referential`, the
/// referential's.
fn form_sheet_name(lang: Lang, read: &View<'_>) -> String {
    match (&read.beside, lang) {
        (Some(id), _) => referential_sheet_name(id),
        (None, Lang::Fr) => "Formulaire d'évaluation".to_owned(),
        (None, Lang::En) => "Evaluation form".to_owned(),
    }
}

/// The sheet of the form of a referential assessed beside the service's own: its id, as a
/// sheet name may be (at most 31 characters, none of `[]:*?/\`); `jalon import form
/// --referential` reads it back by this name.
pub fn referential_sheet_name(id: &str) -> String {
    sheet_name(id, 31, "referential")
}

/// `text` as a sheet name may be: none of `[]:*?/\\`, `'` not first or last, at most `max`
/// characters (a sheet name has 31 at most); `fallback` when nothing is left.
fn sheet_name(text: &str, max: usize, fallback: &str) -> String {
    let name: String = text
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(max)
        .collect();
    let name = name.trim_matches('\'');
    if name.is_empty() {
        fallback.to_owned()
    } else {
        name.to_owned()
    }
}

/// CSV, by the csv crate: a header row, then one record per row. A cell that a spreadsheet
/// would take for a formula gets a leading `'` ([`crate::input::csv_cell`]), so LibreOffice and
/// Excel read it as text. (The XLSX needs none: rust_xlsxwriter writes every cell as a string,
/// never as a formula.)
pub fn csv_bytes(
    lang: Lang,
    rows: &[FormRow],
    dialect: CsvDialect,
) -> Result<Vec<u8>, CommandError> {
    let (bom, delimiter): (&[u8], u8) = match dialect {
        CsvDialect::Rfc4180 => (b"", b','),
        CsvDialect::ExcelFr => ("\u{feff}".as_bytes(), b';'),
    };
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::CRLF)
        .from_writer(bom.to_vec());
    w.write_record(form_headers(lang)).map_err(internal)?;
    for r in rows {
        let cells = r.cells().map(crate::input::csv_cell);
        w.write_record(cells.iter().map(|c| c.as_bytes()))
            .map_err(internal)?;
    }
    w.into_inner().map_err(internal)
}

/// XLSX, by rust_xlsxwriter: a bold header row, filters on every column, the header frozen;
/// dates as dates, whole numbers as numbers; printed on A4 in landscape, fitted to the page's
/// width, the header row on every page and the marking at the top of each.
fn xlsx_bytes(
    lang: Lang,
    sheets: &[(String, Vec<FormRow>)],
    loaded: &Loaded,
    centre: Option<&str>,
    today: chrono::NaiveDate,
    marking: &str,
    mappings: &[(&grid::Mapping, Vec<grid::ControlCoverage<'_>>)],
) -> Result<Vec<u8>, CommandError> {
    let mut book = Workbook::new();
    let mut names = Vec::new();
    for (name, rows) in sheets {
        form_sheet(&mut book, lang, name, rows, marking)?;
        names.push(name.to_lowercase());
    }
    for (mapping, controls) in mappings {
        mapping_sheet(&mut book, lang, mapping, controls, marking, &mut names)?;
    }
    let title = sheets.first().map_or("", |(name, _)| name.as_str());
    let m = loaded.ws.manifest();
    let created =
        excel_date(&today.to_string()).ok_or_else(|| broken(errors::date_out_of_range()))?;
    let props = rust_xlsxwriter::DocProperties::new()
        .set_creation_datetime(&created)
        .set_title(format!("{title} — {} — {}", m.provider, m.service))
        .set_company(centre.unwrap_or_default());
    book.set_properties(&props);
    book.save_to_buffer().map_err(internal)
}

/// One sheet of the form: a bold header row, filters on every column, the header frozen.
fn form_sheet(
    book: &mut Workbook,
    lang: Lang,
    name: &str,
    rows: &[FormRow],
    marking: &str,
) -> Result<(), CommandError> {
    let sheet = book.add_worksheet();
    sheet.set_name(name).map_err(internal)?;
    let header = XlsxFormat::new()
        .set_bold()
        .set_background_color("#DDE4EE")
        .set_text_wrap();
    let wrap = XlsxFormat::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let date = wrap.clone().set_num_format("yyyy-mm-dd");
    let number = wrap.clone().set_num_format("0");
    let headers = form_headers(lang);
    for (c, h) in headers.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &header)
            .map_err(internal)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        for (c, (cell, column)) in r.cells().iter().zip(FORM_COLUMNS).enumerate() {
            let c = c as u16;
            match column.kind {
                CellKind::Date if !cell.is_empty() => {
                    if let Some(d) = excel_date(cell) {
                        sheet.write_date_with_format(row, c, &d, &date)
                    } else {
                        sheet.write_string_with_format(row, c, *cell, &wrap)
                    }
                }
                CellKind::Number if !cell.is_empty() => match cell.parse::<u32>() {
                    Ok(n) => sheet.write_number_with_format(row, c, f64::from(n), &number),
                    Err(_) => sheet.write_string_with_format(row, c, *cell, &wrap),
                },
                _ => sheet.write_string_with_format(row, c, *cell, &wrap),
            }
            .map_err(internal)?;
        }
    }
    for (c, column) in FORM_COLUMNS.iter().enumerate() {
        sheet
            .set_column_width(c as u16, column.width)
            .map_err(internal)?;
    }
    sheet
        .autofilter(0, 0, rows.len() as u32, headers.len() as u16 - 1)
        .map_err(internal)?;
    sheet.set_freeze_panes(1, 2).map_err(internal)?;
    print_setup(sheet, marking)
}

/// A sheet named after the mapping's target: each control, its coverage, and the mapped
/// requirements with their verdicts.
fn mapping_sheet(
    book: &mut Workbook,
    lang: Lang,
    mapping: &grid::Mapping,
    controls: &[grid::ControlCoverage<'_>],
    marking: &str,
    taken: &mut Vec<String>,
) -> Result<(), CommandError> {
    let sheet = book.add_worksheet();
    // Unique in the workbook (case aside): two mappings to one target get `-2`, `-3`… (28
    // characters leave room for the suffix).
    let base = sheet_name(&mapping.target, 28, "mapping");
    let mut name = base.clone();
    let mut n = 1;
    while taken.contains(&name.to_lowercase()) {
        n += 1;
        name = format!("{base}-{n}");
    }
    taken.push(name.to_lowercase());
    sheet.set_name(&name).map_err(internal)?;
    let header = XlsxFormat::new().set_bold().set_background_color("#DDE4EE");
    let wrap = XlsxFormat::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let headers = match lang {
        Lang::En => [
            "Control",
            "Coverage",
            "SecNumCloud requirements and verdicts",
        ],
        Lang::Fr => ["Mesure", "Couverture", "Exigences SecNumCloud et verdicts"],
    };
    for (c, h) in headers.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &header)
            .map_err(internal)?;
    }
    for (i, control) in controls.iter().enumerate() {
        let row = i as u32 + 1;
        let coverage = match (control.coverage, lang) {
            (grid::Coverage::Covered, Lang::En) => "covered",
            (grid::Coverage::Covered, Lang::Fr) => "couverte",
            (grid::Coverage::NotCovered, Lang::En) => "not covered",
            (grid::Coverage::NotCovered, Lang::Fr) => "non couverte",
            (grid::Coverage::Partial, Lang::En) => "partial",
            (grid::Coverage::Partial, Lang::Fr) => "partielle",
            (grid::Coverage::NotAssessed, Lang::En) => "not assessed",
            (grid::Coverage::NotAssessed, Lang::Fr) => "non évaluée",
        };
        let requirements: Vec<String> = control
            .requirements
            .iter()
            .map(|m| {
                let verdict = if m.applies {
                    report::i18n::labels(match lang {
                        Lang::En => report::Lang::En,
                        Lang::Fr => report::Lang::Fr,
                    })
                    .verdict(m.verdict)
                } else {
                    match lang {
                        Lang::En => "does not apply",
                        Lang::Fr => "ne s'applique pas",
                    }
                };
                format!("{} ({verdict})", m.id)
            })
            .collect();
        for (c, cell) in [control.id, coverage, &requirements.join("\n")]
            .iter()
            .enumerate()
        {
            sheet
                .write_string_with_format(row, c as u16, *cell, &wrap)
                .map_err(internal)?;
        }
    }
    for (c, width) in [12.0, 14.0, 60.0].into_iter().enumerate() {
        sheet.set_column_width(c as u16, width).map_err(internal)?;
    }
    sheet.set_freeze_panes(1, 1).map_err(internal)?;
    print_setup(sheet, marking)
}

/// Printing: A4 (paper size 9), landscape, as wide as one page and as long as it takes, the
/// header row on every page, the marking at the top and `page / pages` at the bottom.
fn print_setup(sheet: &mut rust_xlsxwriter::Worksheet, marking: &str) -> Result<(), CommandError> {
    sheet
        .set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0).map_err(internal)?;
    if !marking.is_empty() {
        // `&` starts a code in a page header: doubled, it is the character.
        sheet.set_header(format!("&C&B{}", marking.replace('&', "&&")));
    }
    sheet.set_footer("&C&P / &N");
    Ok(())
}

/// A `YYYY-MM-DD` cell as an Excel date, if it is one.
fn excel_date(cell: &str) -> Option<rust_xlsxwriter::ExcelDateTime> {
    let d = chrono::NaiveDate::parse_from_str(cell, "%Y-%m-%d").ok()?;
    rust_xlsxwriter::ExcelDateTime::from_ymd(
        u16::try_from(chrono::Datelike::year(&d)).ok()?,
        chrono::Datelike::month(&d) as u8,
        chrono::Datelike::day(&d) as u8,
    )
    .ok()
}
