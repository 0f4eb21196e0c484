//! `jalon plan`: the evaluation plan the Responsable d'évaluation writes and ANSSI validates.

use std::fmt::Write as _;

use chrono::NaiveDate;
use grid::{GridView, Phase, Plan, PlanStatus};
use serde::Serialize;
use storage::{Act, PlanAct, PlanItemFile, Role};

use crate::commands::{Loaded, Write, WriteArgs, require, text, write_locked};
use crate::ctx::{Ctx, Format, FormatArg, parse_date};
use crate::error::{CommandError, Kind};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub sub: Sub,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Generate the plan from the scope: one item per check of every applicable requirement.
    Generate(GenerateArgs),
    /// Give a requirement's (or a whole chapter's) checks to an evaluator, a phase, a date.
    Assign(AssignArgs),
    /// The plan: status, items, team and timeline.
    Show(ShowArgs),
    /// Submit the plan to ANSSI (the lead evaluator).
    Submit(StepArgs),
    /// ANSSI validated the plan.
    Validate(StepArgs),
    /// ANSSI asked for changes (say which with --note).
    RequestChanges(StepArgs),
}

#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// Spread the documentary checks over working days from this date, then the on-site ones.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub start: Option<NaiveDate>,
    /// Evaluator of every item (default: the team's lead evaluator, if one is declared).
    #[arg(long, value_name = "NAME")]
    pub evaluator: Option<String>,
    #[command(flatten)]
    pub common: WriteArgs,
}

#[derive(Debug, clap::Args)]
pub struct AssignArgs {
    /// A requirement id (12.3.a) or a chapter number (12).
    pub target: String,
    #[arg(long, value_name = "NAME")]
    pub evaluator: String,
    /// documentary | onsite
    #[arg(long, value_name = "PHASE", value_parser = |s: &str| s.parse::<Phase>())]
    pub phase: Option<Phase>,
    /// Planned date of these checks (the assignment itself is recorded today).
    #[arg(long = "date", value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub planned: Option<NaiveDate>,
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, clap::Args)]
pub struct StepArgs {
    #[command(flatten)]
    pub common: WriteArgs,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    match args.sub {
        Sub::Generate(a) => generate(ctx, a),
        Sub::Assign(a) => assign(ctx, a),
        Sub::Show(a) => show(ctx, a),
        Sub::Submit(a) => step(ctx, PlanAct::Submit, a.common),
        Sub::Validate(a) => step(ctx, PlanAct::Validate, a.common),
        Sub::RequestChanges(a) => step(ctx, PlanAct::RequestChanges, a.common),
    }
}

fn plan_error(e: grid::LedgerError) -> CommandError {
    CommandError::new(Kind::Refused, format!("{e}; nothing was written"))
}

fn generate(ctx: &mut Ctx, args: GenerateArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.common.format);
    let date = args.common.date(ctx)?;
    let (path, count) = write_locked(ctx, |loaded, ledger| {
        let referential = loaded.referential()?;
        let m = loaded.ws.manifest();
        let view = GridView::new(&referential, &m.kinds, ledger);
        let lead = m
            .team
            .iter()
            .find(|t| t.role == Role::LeadEvaluator)
            .map(|t| t.actor.as_str());
        let items = Plan::generate(&view, args.start, args.evaluator.as_deref().or(lead));
        let mut after = ledger.clone();
        after
            .generate_plan(
                items.clone(),
                grid::Stamp {
                    actor: String::new(),
                    date,
                },
                None,
            )
            .map_err(plan_error)?;
        let act = Act::Plan {
            change: PlanAct::Generate {
                items: items.iter().map(PlanItemFile::from).collect(),
            },
        };
        Ok((
            Write {
                date,
                note: text(args.common.note.clone()),
                act,
            },
            items.len(),
        ))
    })?;
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out {
                items: usize,
                status: &'static str,
                file: String,
            }
            ctx.print_json(&Out {
                items: count,
                status: "draft",
                file: path.display().to_string(),
            })
        }
        Format::Human => ctx.print(&format!(
            "Generated a draft plan of {count} checks ({}).\n",
            path.display()
        )),
    }
}

fn assign(ctx: &mut Ctx, args: AssignArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let date = ctx.today();
    let (path, changed) = write_locked(ctx, |loaded, ledger| {
        let referential = loaded.referential()?;
        let requirements: Vec<String> = match referential
            .chapters
            .iter()
            .position(|c| c.id == args.target)
        {
            Some(ci) => referential
                .requirements
                .iter()
                .filter(|r| r.chapter == ci)
                .map(|r| r.id.clone())
                .collect(),
            None => vec![require(&referential, &args.target)?.id.clone()],
        };
        let mut after = ledger.clone();
        let changed = after
            .assign_plan(
                &requirements,
                args.evaluator.trim(),
                args.phase,
                args.planned,
            )
            .map_err(plan_error)?;
        if changed == 0 {
            return Err(
                CommandError::usage(format!("the plan has no check of {}", args.target)).hint(
                    "out-of-scope requirements are not in the plan; `jalon plan show` lists it",
                ),
            );
        }
        let act = Act::Plan {
            change: PlanAct::Assign {
                target: args.target.clone(),
                requirements,
                evaluator: args.evaluator.trim().to_owned(),
                phase: args.phase,
                date: args.planned,
            },
        };
        Ok((
            Write {
                date,
                note: text(args.note.clone()),
                act,
            },
            changed,
        ))
    })?;
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out {
                changed: usize,
                file: String,
            }
            ctx.print_json(&Out {
                changed,
                file: path.display().to_string(),
            })
        }
        Format::Human => ctx.print(&format!(
            "Assigned {changed} checks of {} to {} ({}).\n",
            args.target,
            args.evaluator,
            path.display()
        )),
    }
}

fn step(ctx: &mut Ctx, act: PlanAct, common: WriteArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&common.format);
    let date = common.date(ctx)?;
    let status = match act {
        PlanAct::Submit => PlanStatus::Submitted,
        PlanAct::Validate => PlanStatus::Validated,
        _ => PlanStatus::ChangesRequested,
    };
    let (path, ()) = write_locked(ctx, |_, ledger| {
        let mut after = ledger.clone();
        after
            .plan_status(
                status,
                grid::Stamp {
                    actor: String::new(),
                    date,
                },
                None,
            )
            .map_err(plan_error)?;
        Ok((
            Write {
                date,
                note: text(common.note.clone()),
                act: Act::Plan {
                    change: act.clone(),
                },
            },
            (),
        ))
    })?;
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out {
                status: &'static str,
                file: String,
            }
            ctx.print_json(&Out {
                status: status.as_str(),
                file: path.display().to_string(),
            })
        }
        Format::Human => ctx.print(&format!("The plan is now {status} ({}).\n", path.display())),
    }
}

#[derive(Serialize)]
struct TeamMember<'a> {
    actor: &'a str,
    role: &'static str,
}

fn show(ctx: &mut Ctx, args: ShowArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let loaded = Loaded::open(ctx)?;
    let ledger = loaded.ledger()?;
    let Some(plan) = &ledger.plan else {
        return Err(CommandError::usage("there is no evaluation plan yet")
            .hint("`jalon plan generate` writes a draft from the scope"));
    };
    let m = loaded.ws.manifest();
    let team: Vec<TeamMember<'_>> = m
        .team
        .iter()
        .map(|t| TeamMember {
            actor: &t.actor,
            role: t.role.as_str(),
        })
        .collect();
    let timeline = plan.timeline();
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                status: &'static str,
                evaluation_centre: Option<&'a str>,
                items: &'a [grid::PlanItem],
                team: Vec<TeamMember<'a>>,
                timeline: &'a [grid::PhaseSpan],
                history: &'a [grid::PlanChange],
            }
            ctx.print_json(&Out {
                status: plan.status.as_str(),
                evaluation_centre: m.evaluation_centre.as_deref(),
                items: &plan.items,
                team,
                timeline: &timeline,
                history: &plan.history,
            })
        }
        Format::Human => {
            let mut t = String::new();
            let centre = m
                .evaluation_centre
                .as_deref()
                .unwrap_or("(no evaluation centre named)");
            let _ = writeln!(t, "Evaluation plan — {} — {}", centre, plan.status);
            for span in &timeline {
                let when = match (span.start, span.end) {
                    (Some(s), Some(e)) => format!("{s} → {e}"),
                    _ => "not scheduled".to_owned(),
                };
                let _ = writeln!(t, "  {:<12} {:>4} checks  {when}", span.phase, span.checks);
            }
            if !team.is_empty() {
                let _ = writeln!(t, "Team:");
                for member in &team {
                    let _ = writeln!(t, "  {:<15} {}", member.role, member.actor);
                }
            }
            let _ = writeln!(t, "History:");
            for c in &plan.history {
                let _ = writeln!(t, "  {}  {:<18} {}", c.by.date, c.status, c.by.actor);
            }
            let _ = writeln!(t, "Items ({}):", plan.items.len());
            for i in &plan.items {
                let date = i
                    .date
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "—".to_owned());
                let who = i.evaluator.as_deref().unwrap_or("—");
                let _ = writeln!(
                    t,
                    "  {:<14}{:<4}{:<12}{:<15}{date}  {who}",
                    i.requirement, i.check, i.phase, i.method
                );
            }
            ctx.print(&t)
        }
    }
}
