//! `jalon assess --batch FILE`: many verdicts in one command, one lock, all or nothing.

use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;
use grid::Verdict;
use serde::Serialize;
use storage::Act;

use super::{Args, needs};
use crate::commands::{Write, line, text, write_batch};
use crate::ctx::{Ctx, Format};
use crate::error::{CommandError, Kind};
use crate::messages::errors::{self, Text};

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
        return Err(CommandError::usage(errors::no_verdicts(&name)));
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
                    (errors::file_line(&name, r.line), r.write)
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
                "Recorded {} verdict{} from {} in cycle {}.\n",
                verdicts.len(),
                if verdicts.len() == 1 { "" } else { "s" },
                name.pick(crate::ctx::Language::En),
                cycles.join(", ")
            ))
        }
    }
}

/// The batch's text and the name errors call it by: a file, or standard input (`-`).
fn read_input(file: &str) -> Result<(Text, String), CommandError> {
    if file == "-" {
        let mut text = String::new();
        std::io::stdin()
            .take(storage::MAX_FILE_BYTES + 1)
            .read_to_string(&mut text)
            .map_err(|e| {
                CommandError::new(Kind::Usage, errors::cannot_read_stdin(e))
                    .hint(errors::give_utf8())
            })?;
        if text.len() as u64 > storage::MAX_FILE_BYTES {
            return Err(CommandError::usage(errors::stdin_too_large(
                storage::MAX_FILE_BYTES,
            )));
        }
        return Ok((errors::standard_input(), text));
    }
    let text = storage::read_text(Path::new(file))?;
    Ok((errors::file_name(file), text))
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
fn parse(name: &Text, text: &str, today: NaiveDate) -> Result<Vec<Row>, CommandError> {
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
            return Err(CommandError::usage(errors::unknown_column(name, h))
                .hint(errors::columns_are(&COLUMNS.join(", "))));
        }
    }
    for required in ["requirement", "verdict"] {
        if !header.iter().any(|h| h == required) {
            return Err(CommandError::usage(errors::header_lacks(name, required))
                .hint(errors::first_line_names()));
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
            return Err(CommandError::usage(errors::too_many_rows(name, MAX_ROWS)));
        }
        let at = |e: CommandError| CommandError {
            message: e.message.map(|m| errors::at_line(name, line, m)),
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
        .ok_or_else(|| CommandError::usage(errors::no_requirement()))?
        .to_owned();
    let requirement = line("requirement", &requirement)?;
    let verdict = get("verdict").ok_or_else(|| CommandError::usage(errors::no_verdict()))?;
    let verdict: Verdict = verdict.parse().map_err(|_| {
        let known: Vec<&str> = Verdict::ALL.iter().map(|v| v.as_str()).collect();
        CommandError::usage(errors::unknown_verdict(verdict, &known.join(", ")))
    })?;
    let date = match get("date") {
        Some(d) => crate::ctx::date(d).map_err(CommandError::usage)?,
        None => today,
    };
    if date > today {
        return Err(CommandError::usage(errors::verdict_after_today(
            date, today,
        )));
    }
    let justification = text("justification", get("justification").map(str::to_owned))?;
    let from = get("from")
        .map(|f| line("from", f))
        .transpose()?
        .filter(|f| !f.is_empty());
    let note = text("note", get("note").map(str::to_owned))?;
    needs(verdict, justification.as_deref(), from.as_deref())
        .map_err(|n| CommandError::usage(n.said("justification", "from")))?;
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

fn csv_error(name: &Text, e: &csv::Error) -> CommandError {
    let at = e
        .position()
        .map_or(String::new(), |p| format!(":{}", p.line()));
    CommandError::usage(errors::csv_problem(name, &at, e)).hint(errors::csv_shape())
}
