//! `jalon plan`: the evaluation plan the Responsable d'évaluation writes and ANSSI validates.

use std::fmt::Write as _;

use chrono::NaiveDate;
use grid::{Phase, Plan, PlanStatus};
use serde::Serialize;
use storage::{Act, PlanAct, PlanItemFile, Role};

use crate::commands::{
    Loaded, ReadArgs, ReferentialArg, Write, WriteArgs, line, text, write_locked,
};
use crate::ctx::{Ctx, Format, FormatArg, parse_date};
use crate::error::{CommandError, Kind, nearest};
use crate::messages::errors;

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
    /// Only this chapter or requirement (repeatable): what a surveillance audit covers, beside
    /// the requirements its open findings name.
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::chapters_or_requirements), long = "only", value_name = "CHAPTER|REQ")]
    pub only: Vec<String>,
    #[command(flatten)]
    pub referential: ReferentialArg,
    #[command(flatten)]
    pub common: WriteArgs,
}

#[derive(Debug, clap::Args)]
pub struct AssignArgs {
    /// A requirement id (12.3.a) or a chapter number (12).
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::chapters_or_requirements))]
    pub target: String,
    /// The evaluator the checks go to (an actor of the team).
    #[arg(long, value_name = "NAME")]
    pub evaluator: String,
    /// documentary | onsite
    #[arg(long, value_name = "PHASE", value_parser = |s: &str| s.parse::<Phase>())]
    pub phase: Option<Phase>,
    /// Planned date of these checks.
    #[arg(long = "date", value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub planned: Option<NaiveDate>,
    /// When the assignment was made (default: today), for back-filling.
    #[arg(long = "on", value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub on: Option<NaiveDate>,
    /// A comment recorded with the act: why, on what basis (history, reports).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// The cycle whose plan it is (default: the current one).
    #[arg(add = clap_complete::ArgValueCandidates::new(crate::commands::completions::cycles), long, value_name = "ID")]
    pub cycle: Option<String>,
    #[command(flatten)]
    pub referential: ReferentialArg,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub referential: ReferentialArg,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, clap::Args)]
pub struct StepArgs {
    #[command(flatten)]
    pub referential: ReferentialArg,
    #[command(flatten)]
    pub common: WriteArgs,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    match args.sub {
        Sub::Generate(a) => generate(ctx, a),
        Sub::Assign(a) => assign(ctx, a),
        Sub::Show(a) => show(ctx, a),
        Sub::Submit(a) => step(ctx, PlanAct::Submit, a),
        Sub::Validate(a) => step(ctx, PlanAct::Validate, a),
        Sub::RequestChanges(a) => step(ctx, PlanAct::RequestChanges, a),
    }
}

fn generate(ctx: &mut Ctx, args: GenerateArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.common.format);
    let date = args.common.date(ctx)?;
    let evaluator = args
        .evaluator
        .as_deref()
        .map(|e| line("--evaluator", e))
        .transpose()?;
    let note = text("--note", args.common.note.clone())?;
    let (path, count) = write_locked(
        ctx,
        |_, dossier| {
            let cycle = match &args.common.cycle {
                Some(id) => dossier
                    .cycle(id)
                    .ok_or_else(|| crate::commands::unknown_cycle(dossier, id))?,
                None => dossier.current(),
            };
            let named = args.referential.referential.as_deref();
            let referential = in_scope(dossier, named)?;
            // A surveillance audit covers what the centre chooses (`--only`, else what its plan
            // covers already), plus what the findings it holds name. Generated again with
            // `--only`, the plan covers what is named now, not also what the previous one did.
            let only = if args.only.is_empty() {
                dossier.scope_in(cycle, named)
            } else {
                let mut scope = std::collections::BTreeSet::new();
                if dossier.scope_of(cycle).is_some() {
                    let findings = dossier.ledger_in(cycle, named).findings;
                    for f in findings.values() {
                        scope.extend(f.requirements.iter().cloned());
                    }
                }
                for target in &args.only {
                    scope.extend(targets(referential, target)?);
                }
                Some(scope)
            };
            let ledger = dossier.ledger_in(cycle, named);
            let view = dossier.grid_in(referential, &ledger, only.as_ref());
            let lead = dossier
                .settings
                .team
                .iter()
                .find(|t| t.role == Role::LeadEvaluator)
                .map(|t| t.actor.as_str());
            let items = Plan::generate(&view, args.start, evaluator.as_deref().or(lead));
            // Requirements in scope without a check have nothing to plan: say so, never a plan
            // that silently leaves them out.
            let unchecked: Vec<&str> = view
                .rows
                .iter()
                .filter(|r| {
                    r.out_of_scope.is_none()
                        && r.requirement.assessable
                        && r.requirement.checks.is_empty()
                })
                .map(|r| r.requirement.id.as_str())
                .collect();
            let add_checks = errors::add_checks(
                &storage::referential::EMBEDDED
                    .iter()
                    .map(|(id, _)| *id)
                    .collect::<Vec<_>>()
                    .join(", "),
            );
            if items.is_empty() && !unchecked.is_empty() {
                let said = match unchecked.len() {
                    1 => errors::no_check_to_plan_one(&referential.id, &cycle.id),
                    n => errors::no_check_to_plan(&referential.id, n, &cycle.id),
                };
                return Err(CommandError::usage(said).hint(add_checks));
            }
            if !unchecked.is_empty() {
                crate::ctx::warn_once(&format!(
                    "{} requirement{} in scope {} no check and {} not in the plan: {}; {add_checks}",
                    unchecked.len(),
                    if unchecked.len() == 1 { "" } else { "s" },
                    if unchecked.len() == 1 { "has" } else { "have" },
                    if unchecked.len() == 1 { "is" } else { "are" },
                    shorten_list(&unchecked),
                    add_checks = add_checks.pick(crate::ctx::Language::En),
                ));
            }
            if items.is_empty() {
                return Err(CommandError::usage(errors::empty_plan(&cycle.id))
                    .hint(errors::plan_names_scope()));
            }
            let act = Act::Plan {
                change: PlanAct::Generate {
                    items: items.iter().map(PlanItemFile::from).collect(),
                },
                referential: args.referential.referential.clone(),
            };
            let write = Write::new(date, note.clone(), act).with(&args.common);
            Ok((write, items.len()))
        },
        |n, _| Ok(n),
    )?;
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

/// The referential `named` (default: the service's own), which must be in scope.
fn in_scope<'a>(
    dossier: &dossier::Dossier<'a>,
    named: Option<&str>,
) -> Result<&'a grid::Referential, CommandError> {
    if let Some(id) = dossier.beside_key(named)
        && !dossier.settings.beside.contains_key(id)
    {
        return Err(crate::commands::not_in_scope(dossier, id, true));
    }
    dossier
        .referential_named(dossier.beside_key(named))
        .ok_or_else(|| CommandError::new(Kind::Data, errors::referential_unavailable()))
}

/// At most ten ids, then how many more.
fn shorten_list(ids: &[&str]) -> String {
    if ids.len() <= 10 {
        ids.join(", ")
    } else {
        format!("{}… ({} more)", ids[..10].join(", "), ids.len() - 10)
    }
}

/// The requirements a target names: a chapter's, or one requirement.
fn targets(referential: &grid::Referential, target: &str) -> Result<Vec<String>, CommandError> {
    match referential.chapters.iter().position(|c| c.id == target) {
        Some(ci) => Ok(referential
            .requirements
            .iter()
            .filter(|r| r.chapter == ci)
            .map(|r| r.id.clone())
            .collect()),
        None => match referential.get(target) {
            Some(r) => Ok(vec![r.id.clone()]),
            None => {
                let near = nearest(
                    target,
                    referential.requirements.iter().map(|q| q.id.as_str()),
                );
                let mut e = CommandError::usage(errors::neither_chapter_nor_requirement_of(
                    target,
                    &referential.id,
                ));
                if !near.is_empty() {
                    e = e.hint(errors::nearest_ids(&near.join(", ")));
                }
                Err(e.hint(errors::grid_lists()))
            }
        },
    }
}

fn assign(ctx: &mut Ctx, args: AssignArgs) -> Result<(), CommandError> {
    let format = ctx.with_format(&args.format);
    let date = args.on.unwrap_or_else(|| ctx.today());
    let evaluator = line("--evaluator", &args.evaluator)?;
    let note = text("--note", args.note.clone())?;
    let (path, changed) = write_locked(
        ctx,
        |_, dossier| {
            let named = args.referential.referential.as_deref();
            let referential = in_scope(dossier, named)?;
            let requirements = targets(referential, &args.target)?;
            let cycle = match &args.cycle {
                Some(id) => dossier
                    .cycle(id)
                    .ok_or_else(|| crate::commands::unknown_cycle(dossier, id))?,
                None => dossier.current(),
            };
            let plan = cycle
                .evaluation_in(dossier.beside_key(named))
                .and_then(|l| l.plan.as_ref());
            let covered = plan.map_or(0, |p| {
                p.items
                    .iter()
                    .filter(|i| requirements.contains(&i.requirement))
                    .count()
            });
            if plan.is_some() && covered == 0 {
                return Err(
                    CommandError::usage(errors::plan_has_no_check_of(&args.target))
                        .hint(errors::out_of_scope_not_planned()),
                );
            }
            let act = Act::Plan {
                change: PlanAct::Assign {
                    target: args.target.clone(),
                    requirements,
                    evaluator: evaluator.clone(),
                    phase: args.phase,
                    date: args.planned,
                },
                referential: args.referential.referential.clone(),
            };
            let mut write = Write::new(date, note.clone(), act);
            write.cycle = args.cycle.clone();
            Ok((write, covered))
        },
        |n, _| Ok(n),
    )?;
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

fn step(ctx: &mut Ctx, act: PlanAct, args: StepArgs) -> Result<(), CommandError> {
    let common = args.common;
    let format = ctx.with_format(&common.format);
    let date = common.date(ctx)?;
    let status = match act {
        PlanAct::Submit => PlanStatus::Submitted,
        PlanAct::Validate => PlanStatus::Validated,
        _ => PlanStatus::ChangesRequested,
    };
    let note = text("--note", common.note.clone())?;
    let (path, ()) = write_locked(
        ctx,
        |_, _| {
            let act = Act::Plan {
                change: act.clone(),
                referential: args.referential.referential.clone(),
            };
            Ok((Write::new(date, note.clone(), act).with(&common), ()))
        },
        |(), _| Ok(()),
    )?;
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
    let view = loaded.view_in(ctx, &args.read, &args.referential)?;
    let Some(plan) = &view.ledger.plan else {
        return Err(CommandError::usage(errors::no_plan_yet(&view.cycle().id))
            .hint(errors::plan_generate_draft()));
    };
    let settings = &view.dossier.settings;
    let team: Vec<TeamMember<'_>> = settings
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
                cycle: &'a str,
                status: &'static str,
                evaluation_centre: Option<&'a str>,
                items: &'a [grid::PlanItem],
                team: Vec<TeamMember<'a>>,
                timeline: &'a [grid::PhaseSpan],
                history: &'a [grid::PlanChange],
            }
            ctx.print_json(&Out {
                cycle: &view.cycle().id,
                status: plan.status.as_str(),
                evaluation_centre: settings.evaluation_centre.as_deref(),
                items: &plan.items,
                team,
                timeline: &timeline,
                history: &plan.history,
            })
        }
        Format::Human => {
            let mut t = String::new();
            let centre = settings
                .evaluation_centre
                .as_deref()
                .unwrap_or("(no evaluation centre named)");
            let of = view
                .beside
                .as_ref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default();
            let _ = writeln!(
                t,
                "Evaluation plan of cycle {}{of} — {} — {}",
                view.cycle().id,
                centre,
                plan.status
            );
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
