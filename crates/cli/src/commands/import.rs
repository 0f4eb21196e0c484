//! `jalon import form FILE`: read back an evaluation form that jalon exported and an evaluator
//! filled in (check and requirement results, observations); say what it would record, and with
//! `--apply` record it in one locked write.

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, DataType, Reader, Xlsx};
use grid::{
    FORM_COLUMNS, FormRow, Lang, Verdict, form_column, form_headers, form_label, form_rows,
};
use serde::Serialize;
use storage::Act;

use crate::commands::{ReadArgs, ReferentialArg, View, Write, write_batch};
use crate::ctx::{Ctx, Format, FormatArg};
use crate::error::{CommandError, Kind};
use crate::messages::errors::{self, Text};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub sub: Sub,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Read back a filled-in evaluation form (XLSX or CSV that `export form` wrote): print the
    /// verdicts and observations it changes; `--apply` records them.
    Form(FormArgs),
}

#[derive(Debug, clap::Args)]
pub struct FormArgs {
    /// The form: `.xlsx`, or `.csv` in either dialect `export form` writes.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Record the changes (one history entry each, in one locked write), attributed to the
    /// actor; without it nothing is written.
    #[arg(long)]
    pub apply: bool,
    /// The form of this referential, assessed beside the service's own: its sheet of the XLSX
    /// (named after it), or a CSV exported with the same `--referential`.
    #[command(flatten)]
    pub referential: ReferentialArg,
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub format: FormatArg,
}

/// The columns read: the three an evaluator fills in (the table's `editable` ones), the row's
/// ids and its stamp.
const CHECK_VERDICT: usize = form_column::check_verdict;
const REQUIREMENT_VERDICT: usize = form_column::requirement_verdict;
const OBSERVATION: usize = form_column::observation;
const REQUIREMENT: usize = form_column::requirement;
const CHECK: usize = form_column::check;
const STAMP: usize = form_column::stamp;

#[derive(Clone, Debug, Serialize)]
struct Change {
    /// The row in the file (the header is row 1), as a spreadsheet numbers it.
    row: usize,
    requirement: String,
    /// `null` for the requirement's own result.
    check: Option<String>,
    /// `verdict` or `observation`.
    field: &'static str,
    from: String,
    to: String,
}

#[derive(Clone, Debug, Serialize)]
struct Conflict {
    row: usize,
    requirement: String,
    check: String,
    reason: String,
}

#[derive(Serialize)]
struct Out<'a> {
    file: String,
    cycle: &'a str,
    changes: &'a [Change],
    conflicts: &'a [Conflict],
    applied: bool,
    /// History entries written (one per verdict recorded).
    recorded: usize,
}

/// The form as read: its language, and its rows with their row number in the file.
struct Sheet {
    /// How errors name a place: the file, and the sheet of a workbook.
    name: Text,
    lang: Lang,
    rows: Vec<(usize, Vec<String>)>,
}

/// What the file asks for, checked against the workspace: the acts to record, the changes in
/// words, the conflicts.
struct Plan {
    writes: Vec<(Text, Write)>,
    /// How many acts `writes` held.
    acts: usize,
    changes: Vec<Change>,
    conflicts: Vec<Conflict>,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    match args.sub {
        Sub::Form(a) => form(ctx, a),
    }
}

fn form(ctx: &mut Ctx, args: FormArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let named = args.referential.referential.clone();
    let sheet = read_sheet(
        &args.file,
        named
            .as_deref()
            .map(crate::commands::export::referential_sheet_name)
            .as_deref(),
    )?;
    let today = ctx.today();
    let file = args.file.display().to_string();
    let (plan, cycle) = if args.apply {
        let date = args.read.date(ctx)?;
        if date != today {
            return Err(CommandError::usage(errors::apply_today()));
        }
        let cycle_arg = args.read.cycle.clone();
        let mut seen = None;
        write_batch(
            ctx,
            |_, dossier| {
                let view =
                    View::in_referential(dossier.clone(), cycle_arg.as_deref(), named.as_deref())?;
                let mut plan = compare(&sheet, &view, today)?;
                let writes = std::mem::take(&mut plan.writes);
                plan.acts = writes.len();
                seen = Some((plan, view.cycle().id.clone()));
                Ok(writes)
            },
            |_, _| Ok(()),
        )?;
        seen.ok_or_else(|| CommandError::new(Kind::Internal, errors::form_not_compared()))?
    } else {
        let loaded = crate::commands::Loaded::open(ctx)?;
        let view = loaded.view_in(ctx, &args.read, &args.referential)?;
        let plan = compare(&sheet, &view, view.date())?;
        let cycle = view.cycle().id.clone();
        (plan, cycle)
    };
    let recorded = if args.apply { plan.acts } else { 0 };
    let out = Out {
        file: file.clone(),
        cycle: &cycle,
        changes: &plan.changes,
        conflicts: &plan.conflicts,
        applied: args.apply,
        recorded,
    };
    match format {
        Format::Json => ctx.print_json(&out)?,
        Format::Human => ctx.print(&human(&out))?,
    }
    if plan.conflicts.is_empty() {
        Ok(())
    } else {
        let said = if args.apply {
            errors::rows_changed_not_recorded(plan.conflicts.len(), &file)
        } else {
            errors::rows_changed_not_to_record(plan.conflicts.len(), &file)
        };
        Err(CommandError::new(Kind::Refused, said).hint(errors::export_again_copy()))
    }
}

fn human(out: &Out<'_>) -> String {
    use std::fmt::Write as _;
    let mut t = String::new();
    let verb = if out.applied {
        "Recorded"
    } else {
        "Would record"
    };
    if out.changes.is_empty() {
        let _ = writeln!(t, "No change in {} for cycle {}.", out.file, out.cycle);
    } else {
        let _ = writeln!(
            t,
            "{verb} {} change(s) from {} in cycle {}:",
            out.changes.len(),
            out.file,
            out.cycle
        );
    }
    for c in out.changes {
        let what = match (&c.check, c.field) {
            (Some(k), "observation") => format!("{} {k} observation", c.requirement),
            (Some(k), _) => format!("{} {k}", c.requirement),
            (None, _) => format!("{} (requirement)", c.requirement),
        };
        let from = if c.from.is_empty() { "—" } else { &c.from };
        let to = if c.to.is_empty() { "—" } else { &c.to };
        let _ = writeln!(t, "  row {:<5} {what}: {from} → {to}", c.row);
    }
    for c in out.conflicts {
        let _ = writeln!(
            t,
            "  conflict, row {} ({} {}): {}",
            c.row, c.requirement, c.check, c.reason
        );
    }
    if !out.applied && !out.changes.is_empty() {
        let _ = writeln!(
            t,
            "Nothing was written; run again with --apply to record them."
        );
    }
    t
}

/// The file's rows, whatever its type: an XLSX workbook's first sheet (or the one named
/// `wanted`), or a CSV (a byte order mark and `;` or `,` accepted).
fn read_sheet(path: &Path, wanted: Option<&str>) -> Result<Sheet, CommandError> {
    let bytes = storage::read_bytes(path)?;
    let shown = path.display().to_string();
    let table: Vec<Vec<String>>;
    let name;
    if bytes.starts_with(b"PK\x03\x04") {
        let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
            CommandError::usage(errors::not_xlsx(&shown, e)).hint(errors::save_as_xlsx())
        })?;
        let names = book.sheet_names();
        let first = match wanted {
            None => names
                .first()
                .cloned()
                .ok_or_else(|| CommandError::usage(errors::workbook_no_sheet(&shown)))?,
            Some(w) => names.iter().find(|n| *n == w).cloned().ok_or_else(|| {
                CommandError::usage(errors::workbook_lacks_sheet(&shown, w))
                    .hint(errors::its_sheets(&names.join(", ")))
                    .hint(errors::xlsx_sheets())
            })?,
        };
        let range = book
            .worksheet_range(&first)
            .map_err(|e| CommandError::usage(errors::cannot_read_sheet(&shown, &first, e)))?;
        table = range
            .rows()
            .map(|r| r.iter().map(cell_text).collect())
            .collect();
        name = errors::sheet_of(&shown, &first);
    } else {
        let text = storage::read_text(path)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let header = text.lines().next().unwrap_or_default();
        let delimiter = if header.contains(';') { b';' } else { b',' };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let mut rows = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let record =
                record.map_err(|e| CommandError::usage(errors::not_csv(&shown, i + 1, e)))?;
            rows.push(
                record
                    .iter()
                    .map(|c| crate::input::csv_uncell(c).to_owned())
                    .collect(),
            );
        }
        table = rows;
        name = errors::file_name(&shown);
    }
    let mut rows = table.into_iter().enumerate().map(|(i, r)| (i + 1, r));
    let Some((_, header)) = rows.next() else {
        return Err(CommandError::usage(errors::form_empty(&name)));
    };
    let lang = [Lang::Fr, Lang::En]
        .into_iter()
        .find(|&l| header.iter().map(String::as_str).eq(form_headers(l)))
        .ok_or_else(|| {
            CommandError::usage(errors::not_form_header(
                &name,
                FORM_COLUMNS.len(),
                form_headers(Lang::Fr)[0],
                form_headers(Lang::Fr)[STAMP],
            ))
            .hint(errors::export_fill_import())
        })?;
    let rows = rows
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .collect();
    Ok(Sheet { name, lang, rows })
}

/// A cell as the form wrote it: text as is, whole numbers without a decimal part, dates as
/// `YYYY-MM-DD`.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::DateTime(_) => d
            .as_date()
            .map(|x| x.to_string())
            .unwrap_or_else(|| d.to_string()),
        other => other.to_string(),
    }
}

/// A verdict as the form writes it (`conforme`, `conform`), or what was expected.
fn verdict_of(word: &str, lang: Lang) -> Result<Verdict, Text> {
    let word = word.trim();
    Verdict::ALL
        .iter()
        .copied()
        .find(|v| form_label(lang, v.as_str()) == word || v.as_str() == word)
        .ok_or_else(|| {
            let known: Vec<&str> = Verdict::ALL
                .iter()
                .map(|v| form_label(lang, v.as_str()))
                .collect();
            errors::not_a_verdict(word, &known.join(", "))
        })
}

/// Where a cell is, as a spreadsheet names it: `row 12, column H ("Résultat du contrôle")`.
fn place(sheet: &Sheet, row: usize, column: usize) -> Text {
    let mut letters = String::new();
    let mut n = column + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.insert(0, char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    errors::cell_place(
        &sheet.name,
        row,
        &letters,
        FORM_COLUMNS[column].header(sheet.lang),
    )
}

/// The file against the workspace's form of the cycle read: every error at once (exit 2), or
/// the acts to record.
fn compare(sheet: &Sheet, view: &View<'_>, today: chrono::NaiveDate) -> Result<Plan, CommandError> {
    let grid = view.grid();
    let current = form_rows(view.referential, &grid, &view.ledger, sheet.lang);
    let by_key: HashMap<(&str, &str), &FormRow> = current
        .iter()
        .map(|r| ((r.requirement.as_str(), r.check.as_str()), r))
        .collect();
    let mut problems: Vec<Text> = Vec::new();
    let mut changes = Vec::new();
    let mut conflicts = Vec::new();
    // Per requirement: the result a row asks for, and the row that asks.
    let mut wanted: BTreeMap<String, (Verdict, usize, String)> = BTreeMap::new();
    let mut checks: Vec<(usize, String, String, Verdict, Option<String>)> = Vec::new();
    for (n, cells) in &sheet.rows {
        let n = *n;
        let cell = |i: usize| cells.get(i).map_or("", |c| c.trim());
        let (requirement, check) = (cell(REQUIREMENT), cell(CHECK));
        let Some(now) = by_key.get(&(requirement, check)) else {
            problems.push(errors::no_check_in_form(
                place(sheet, n, REQUIREMENT),
                check,
                requirement,
            ));
            continue;
        };
        let now_cells = now.cells();
        let edited = |i: usize| cell(i) != now_cells[i].trim();
        if cell(STAMP) != now.stamp {
            if edited(CHECK_VERDICT) || edited(REQUIREMENT_VERDICT) || edited(OBSERVATION) {
                conflicts.push(Conflict {
                    row: n,
                    requirement: requirement.to_owned(),
                    check: check.to_owned(),
                    reason: format!(
                        "the workspace changed since the export (row stamp {} in the file, {} now)",
                        cell(STAMP),
                        now.stamp
                    ),
                });
            }
            continue;
        }
        for (i, column) in FORM_COLUMNS.iter().enumerate() {
            if !column.editable && edited(i) {
                problems.push(errors::read_only_column(
                    place(sheet, n, i),
                    cell(i),
                    now_cells[i],
                ));
            }
        }
        if edited(CHECK_VERDICT) || edited(OBSERVATION) {
            if cell(CHECK_VERDICT).is_empty() {
                problems.push(errors::observation_needs_result(place(
                    sheet,
                    n,
                    CHECK_VERDICT,
                )));
            } else {
                match verdict_of(cell(CHECK_VERDICT), sheet.lang) {
                    Ok(v) => {
                        let note = Some(cell(OBSERVATION).to_owned()).filter(|s| !s.is_empty());
                        if edited(CHECK_VERDICT) {
                            changes.push(Change {
                                row: n,
                                requirement: requirement.to_owned(),
                                check: Some(check.to_owned()),
                                field: "verdict",
                                from: now.check_verdict.clone(),
                                to: cell(CHECK_VERDICT).to_owned(),
                            });
                        }
                        if edited(OBSERVATION) {
                            changes.push(Change {
                                row: n,
                                requirement: requirement.to_owned(),
                                check: Some(check.to_owned()),
                                field: "observation",
                                from: now.observation.clone(),
                                to: cell(OBSERVATION).to_owned(),
                            });
                        }
                        checks.push((n, requirement.to_owned(), check.to_owned(), v, note));
                    }
                    Err(e) => problems.push(errors::at_place(place(sheet, n, CHECK_VERDICT), e)),
                }
            }
        }
        if edited(REQUIREMENT_VERDICT) {
            match verdict_of(cell(REQUIREMENT_VERDICT), sheet.lang) {
                Ok(v) => match wanted.get(requirement) {
                    Some((w, first, _)) if *w != v => problems.push(errors::another_result(
                        place(sheet, n, REQUIREMENT_VERDICT),
                        *first,
                        requirement,
                    )),
                    Some(_) => {}
                    None => {
                        changes.push(Change {
                            row: n,
                            requirement: requirement.to_owned(),
                            check: None,
                            field: "verdict",
                            from: now.requirement_verdict.clone(),
                            to: cell(REQUIREMENT_VERDICT).to_owned(),
                        });
                        wanted.insert(requirement.to_owned(), (v, n, cell(OBSERVATION).to_owned()));
                    }
                },
                Err(e) => problems.push(errors::at_place(place(sheet, n, REQUIREMENT_VERDICT), e)),
            }
        }
    }
    let mut writes = Vec::new();
    let label = |n: usize| errors::row_label(&sheet.name, n);
    let mut assess = |n: usize,
                      requirement: &str,
                      check: Option<&str>,
                      verdict: Verdict,
                      note: Option<String>,
                      problems: &mut Vec<Text>| {
        // What a verdict needs besides its word, as `jalon assess` asks it.
        if crate::commands::assess::needs(verdict, note.as_deref(), None).is_err() {
            problems.push(match verdict {
                Verdict::NotApplicable => {
                    errors::na_needs_justification(place(sheet, n, OBSERVATION))
                }
                _ => errors::inherited_needs_service(
                    place(
                        sheet,
                        n,
                        if check.is_some() {
                            CHECK_VERDICT
                        } else {
                            REQUIREMENT_VERDICT
                        },
                    ),
                    requirement,
                ),
            });
            return;
        }
        let justification = note.clone().filter(|_| verdict == Verdict::NotApplicable);
        let act = Act::Assess {
            requirement: requirement.to_owned(),
            check: check.map(str::to_owned),
            verdict,
            evidence: Vec::new(),
            justification,
            from: None,
            referential: view.beside.clone(),
        };
        let mut write = Write::new(today, note, act);
        write.cycle = Some(view.cycle().id.clone());
        writes.push((label(n), write));
    };
    for (n, requirement, check, verdict, note) in checks {
        assess(n, &requirement, Some(&check), verdict, note, &mut problems);
    }
    for (requirement, (verdict, n, observation)) in wanted {
        let note = Some(observation).filter(|s| !s.is_empty());
        assess(n, &requirement, None, verdict, note, &mut problems);
    }
    if !problems.is_empty() {
        let count = problems.len();
        let e = CommandError::usage(errors::form_problems(
            &sheet.name,
            count,
            Text::join(problems, "\n  "),
        ))
        .hint(errors::only_results_editable());
        return Err(e);
    }
    Ok(Plan {
        acts: writes.len(),
        writes,
        changes,
        conflicts,
    })
}
