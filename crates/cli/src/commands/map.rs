//! `jalon map --to TARGET`: what a cycle's verdicts say of another framework's controls, through
//! an imported mapping set (SecNumCloud 3.2 to ISO/IEC 27001:2022, say).

use std::fmt::Write as _;

use serde::Serialize;

use crate::commands::{Loaded, ReadArgs};
use crate::ctx::{Ctx, Format, FormatArg};
use crate::error::{CommandError, Kind};
use crate::messages::errors;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The target framework's id, as the mapping names it (`iso27001-2022`).
    #[arg(long, value_name = "TARGET")]
    pub to: String,
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Serialize)]
struct Out<'a> {
    target: &'a str,
    mapping: &'a str,
    source: &'a str,
    cycle: &'a str,
    date: chrono::NaiveDate,
    controls: Vec<ControlOut<'a>>,
    /// Requirements the mapping names that the referential does not have.
    unknown_requirements: Vec<&'a str>,
}

#[derive(Serialize)]
struct ControlOut<'a> {
    id: &'a str,
    coverage: grid::Coverage,
    requirements: Vec<RequirementOut<'a>>,
}

#[derive(Serialize)]
struct RequirementOut<'a> {
    id: &'a str,
    verdict: grid::Verdict,
    /// Whether it applies to the service (only those count for the coverage).
    applies: bool,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let loaded = Loaded::open(ctx)?;
    let mappings = storage::mapping::load_all(loaded.ws.root())?;
    let view = loaded.view(ctx, &args.read)?;
    let referential = &view.referential.id;
    let Some(mut mapping) = mappings
        .iter()
        .find(|m| m.target == args.to && &m.source == referential)
        .cloned()
    else {
        let mut e = CommandError::new(Kind::Usage, errors::no_mapping(referential, &args.to));
        let targets: Vec<&str> = mappings
            .iter()
            .filter(|m| &m.source == referential)
            .map(|m| m.target.as_str())
            .collect();
        e = if targets.is_empty() {
            e.hint(errors::import_mapping())
        } else {
            e.hint(errors::targets_are(&targets.join(", ")))
        };
        return Err(e);
    };
    // A mapping imported before its referential names some requirements by node.
    mapping.resolve_nodes(view.referential);
    let grid = view.grid();
    let (controls, unknown) = grid::coverage(&mapping, &grid);
    let out = Out {
        target: &mapping.target,
        mapping: &mapping.id,
        source: &mapping.source,
        cycle: &view.cycle().id,
        date: view.date(),
        controls: controls
            .iter()
            .map(|c| ControlOut {
                id: c.id,
                coverage: c.coverage,
                requirements: c
                    .requirements
                    .iter()
                    .map(|m| RequirementOut {
                        id: m.id,
                        verdict: m.verdict,
                        applies: m.applies,
                    })
                    .collect(),
            })
            .collect(),
        unknown_requirements: unknown,
    };
    match format {
        Format::Json => ctx.print_json(&out),
        Format::Human => ctx.print(&human(&out)),
    }
}

fn human(out: &Out<'_>) -> String {
    let mut t = String::new();
    let count = |c: grid::Coverage| out.controls.iter().filter(|x| x.coverage == c).count();
    let _ = writeln!(
        t,
        "{} → {} (mapping {}), cycle {} as of {}",
        out.source, out.target, out.mapping, out.cycle, out.date
    );
    let _ = writeln!(
        t,
        "{} controls: {} covered, {} not covered, {} partial, {} not assessed\n",
        out.controls.len(),
        count(grid::Coverage::Covered),
        count(grid::Coverage::NotCovered),
        count(grid::Coverage::Partial),
        count(grid::Coverage::NotAssessed),
    );
    let width = out.controls.iter().map(|c| c.id.len()).max().unwrap_or(0);
    for c in &out.controls {
        let requirements: Vec<String> = c
            .requirements
            .iter()
            .map(|r| {
                if r.applies {
                    format!("{} {}", r.id, r.verdict)
                } else {
                    format!("{} (does not apply)", r.id)
                }
            })
            .collect();
        let _ = writeln!(
            t,
            "{:width$}  {:12}  {}",
            c.id,
            c.coverage.as_str(),
            requirements.join(", ")
        );
    }
    if !out.unknown_requirements.is_empty() {
        let _ = writeln!(
            t,
            "\nThe mapping also names {}, which {} does not have; {} for no control.",
            out.unknown_requirements.join(", "),
            out.source,
            if out.unknown_requirements.len() == 1 {
                "it counts"
            } else {
                "they count"
            }
        );
    }
    t
}
