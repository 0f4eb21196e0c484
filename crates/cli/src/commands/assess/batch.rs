//! `jalon assess --batch FILE`: many verdicts in one command, one lock, all or nothing.

use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;
use grid::Verdict;
use serde::Serialize;
use storage::Act;

use super::{Args, needs, parse_verdict};
use crate::commands::{Write, line, text, write_batch};
use crate::ctx::{Ctx, Format, parse_date};
use crate::error::{CommandError, Kind};

/// The columns a batch file may have; `requirement` and `verdict` are required.
const COLUMNS: [&str; 10] = [
    "requirement",
    "verdict",
    "check",
    "evidence",
    "note",
    "justification",
    "from",
    "date",
    "cycle",
    "referential",
];

/// The most rows one batch takes: a whole grid of checks is about 1,500.
const MAX_ROWS: usize = 100_000;

#[derive(Serialize)]
struct Out {
    recorded: usize,
    verdicts: Vec<Recorded>,
}

#[derive(Serialize)]
struct Recorded {
    line: usize,
    requirement: String,
    check: Option<String>,
    verdict: &'static str,
    /// The requirement's verdict once the whole batch is recorded.
    requirement_verdict: &'static str,
    cycle: String,
    file: String,
}

/// One row, as read and validated.
struct Row {
    line: usize,
    write: Write,
}

pub fn run(ctx: &mut Ctx, file: &str, args: &Args) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let today = ctx.today();
    let (name, input) = read_input(file)?;
    let rows = parse(&name, &input, today)?;
    if rows.is_empty() {
        return Err(CommandError::usage(format!(
            "{name}: no verdicts to record (a header line, then one row per verdict)"
        )));
    }
    let lines: Vec<usize> = rows.iter().map(|r| r.line).collect();
    let cycle = args.cycle.clone();
    let referential = args.referential.referential.clone();
    let force = args.force;
    let (paths, verdicts) = write_batch(
        ctx,
        |_, _| {
            Ok(rows
                .into_iter()
                .map(|mut r| {
                    if r.write.cycle.is_none() {
                        r.write.cycle.clone_from(&cycle);
                    }
                    if let Act::Assess {
                        referential: named @ None,
                        ..
                    } = &mut r.write.act
                    {
                        named.clone_from(&referential);
                    }
                    r.write.force |= force;
                    (format!("{name}:{}", r.line), r.write)
                })
                .collect())
        },
        |entries, after| {
            // One ledger per cycle (and referential) the batch went to, not one per row.
            let mut ledgers: std::collections::BTreeMap<(String, Option<String>), grid::Ledger> =
                std::collections::BTreeMap::new();
            Ok(entries
                .iter()
                .map(|e| {
                    let Act::Assess {
                        requirement,
                        check,
                        verdict,
                        referential,
                        ..
                    } = &e.act
                    else {
                        unreachable!("a batch of verdicts records verdicts only")
                    };
                    let c = e
                        .cycle
                        .as_deref()
                        .and_then(|id| after.cycle(id))
                        .unwrap_or_else(|| after.current());
                    let ledger = ledgers
                        .entry((c.id.clone(), referential.clone()))
                        .or_insert_with(|| after.ledger_in(c, referential.as_deref()));
                    let now = after
                        .referential_named(referential.as_deref())
                        .and_then(|r| r.get(requirement))
                        .map_or(*verdict, |q| grid::requirement_verdict(q, ledger));
                    (
                        requirement.clone(),
                        check.clone(),
                        *verdict,
                        now,
                        c.id.clone(),
                    )
                })
                .collect::<Vec<_>>())
        },
    )?;
    let verdicts: Vec<Recorded> = verdicts
        .into_iter()
        .zip(paths)
        .zip(lines)
        .map(
            |(((requirement, check, verdict, now, cycle), path), line)| Recorded {
                line,
                requirement,
                check,
                verdict: verdict.as_str(),
                requirement_verdict: now.as_str(),
                cycle,
                file: path.display().to_string(),
            },
        )
        .collect();
    match format {
        Format::Json => ctx.print_json(&Out {
            recorded: verdicts.len(),
            verdicts,
        }),
        Format::Human => {
            let mut cycles: Vec<&str> = verdicts.iter().map(|v| v.cycle.as_str()).collect();
            cycles.dedup();
            ctx.print(&format!(
                "Recorded {} verdict{} from {name} in cycle {}.\n",
                verdicts.len(),
                if verdicts.len() == 1 { "" } else { "s" },
                cycles.join(", ")
            ))
        }
    }
}

/// The batch's text and the name errors call it by: a file, or standard input (`-`).
fn read_input(file: &str) -> Result<(String, String), CommandError> {
    if file == "-" {
        let mut text = String::new();
        std::io::stdin()
            .take(storage::MAX_FILE_BYTES + 1)
            .read_to_string(&mut text)
            .map_err(|e| {
                CommandError::new(Kind::Usage, format!("cannot read standard input: {e}"))
                    .hint("give UTF-8 text, or a file with --batch FILE")
            })?;
        if text.len() as u64 > storage::MAX_FILE_BYTES {
            return Err(CommandError::usage(format!(
                "standard input is more than {} bytes; split the batch",
                storage::MAX_FILE_BYTES
            )));
        }
        return Ok(("standard input".to_owned(), text));
    }
    let text = storage::read_text(Path::new(file))?;
    Ok((file.to_owned(), text))
}

/// The separator the header uses: `;` (as French spreadsheets write CSV), a tab, else `,`.
fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    if header.contains(';') && !header.contains(',') {
        b';'
    } else if header.contains('\t') && !header.contains(',') {
        b'\t'
    } else {
        b','
    }
}

/// Reads and validates every row, naming `name:line` in each error.
fn parse(name: &str, text: &str, today: NaiveDate) -> Result<Vec<Row>, CommandError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| csv_error(name, &e))?
        .iter()
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>();
    for h in &header {
        if !COLUMNS.contains(&h.as_str()) {
            return Err(
                CommandError::usage(format!("{name}:1: unknown column `{h}`"))
                    .hint(format!("the columns are {}", COLUMNS.join(", "))),
            );
        }
    }
    for required in ["requirement", "verdict"] {
        if !header.iter().any(|h| h == required) {
            return Err(CommandError::usage(format!(
                "{name}:1: the header has no `{required}` column"
            ))
            .hint("the first line names the columns, e.g. `requirement,verdict,note`"));
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(name, &e))?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(str::is_empty) {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(CommandError::usage(format!(
                "{name}: more than {MAX_ROWS} rows; split the batch"
            )));
        }
        let at = |e: CommandError| CommandError {
            message: format!("{name}:{line}: {}", e.message),
            ..e
        };
        let get = |column: &str| {
            header
                .iter()
                .position(|h| h == column)
                .and_then(|i| record.get(i))
                .filter(|v| !v.is_empty())
        };
        rows.push(row(line, today, get).map_err(at)?);
    }
    Ok(rows)
}

/// One row's write, from its cells.
fn row<'r>(
    at_line: usize,
    today: NaiveDate,
    get: impl Fn(&str) -> Option<&'r str>,
) -> Result<Row, CommandError> {
    let requirement = get("requirement")
        .ok_or_else(|| CommandError::usage("no requirement"))?
        .to_owned();
    let requirement = line("requirement", &requirement)?;
    let verdict = get("verdict").ok_or_else(|| CommandError::usage("no verdict"))?;
    let verdict: Verdict = parse_verdict(verdict).map_err(CommandError::usage)?;
    let date = match get("date") {
        Some(d) => parse_date(d).map_err(CommandError::usage)?,
        None => today,
    };
    if date > today {
        return Err(CommandError::usage(format!(
            "the date {date} is after today ({today}); record verdicts once given"
        )));
    }
    let justification = text("justification", get("justification").map(str::to_owned))?;
    let from = get("from")
        .map(|f| line("from", f))
        .transpose()?
        .filter(|f| !f.is_empty());
    let note = text("note", get("note").map(str::to_owned))?;
    needs(verdict, justification.as_deref(), from.as_deref())
        .map_err(|m| CommandError::usage(format!("a {}", m.replace("--", ""))))?;
    let check = get("check").map(|c| line("check", c)).transpose()?;
    let evidence = get("evidence")
        .map(|e| e.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default();
    let cycle = get("cycle").map(|c| line("cycle", c)).transpose()?;
    let referential = get("referential")
        .map(|r| line("referential", r))
        .transpose()?;
    let act = Act::Assess {
        requirement,
        check,
        verdict,
        evidence,
        justification,
        from,
        referential,
    };
    let mut write = Write::new(date, note, act);
    write.cycle = cycle;
    Ok(Row {
        line: at_line,
        write,
    })
}

fn csv_error(name: &str, e: &csv::Error) -> CommandError {
    let at = e
        .position()
        .map_or(String::new(), |p| format!(":{}", p.line()));
    CommandError::usage(format!("{name}{at}: {e}"))
        .hint("a header line naming the columns, then one row per verdict, all with as many cells")
}
