//! `jalon demo`: build a populated example workspace and show its status.
//!
//! Every step goes through the same checks as the commands (the journey's `check_record`, the
//! ledger's lifecycle rules), and entries are stamped on their own dates so the demo is the same
//! every time.

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveTime, TimeDelta};
use grid::{EvidenceLocation, GridView};
use storage::{Act, FindingChange, NewEntry, PlanAct, PlanItemFile, Workspace};

use crate::commands::{Loaded, ReadArgs, status};
use crate::ctx::{Ctx, parse_date};
use crate::demo_data::{self, Step, What};
use crate::error::{CommandError, Kind};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write the demo workspace (a previous demo there is rebuilt; anything else is left alone).
    pub dir: Option<PathBuf>,
}

fn internal(e: impl std::fmt::Display) -> CommandError {
    CommandError::new(
        Kind::Internal,
        format!("the demo does not hold together: {e}"),
    )
}

fn date(s: &str) -> Result<NaiveDate, CommandError> {
    parse_date(s).map_err(internal)
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    let dir = args
        .dir
        .unwrap_or_else(|| PathBuf::from(demo_data::DEFAULT_DIR));
    let today = ctx.today();
    // Built aside and moved into place at the end: a failure leaves nothing half-written.
    let staged = Workspace::stage_demo(&dir)?;
    let ws = Workspace::create(staged.path(), &demo_data::manifest())?;
    ws.mark_demo()?;
    let referential = ws
        .referential(&ws.manifest().referential)?
        .ok_or_else(|| internal("no referential"))?;
    let lock = ws.lock()?;
    let mut loaded = Loaded::read(ws)?;
    let mut seq = 0i64;
    // In date order (stable): the journal is written in the order things happened.
    let mut steps: Vec<&Step> = demo_data::STEPS.iter().collect();
    steps.sort_by_key(|s| s.date);
    for step in steps {
        let on = date(step.date)?;
        if on > today {
            break;
        }
        for act in acts(step, &loaded, &referential, on)? {
            let recorded = on
                .and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default())
                .and_utc()
                + TimeDelta::seconds(seq);
            seq += 1;
            // The same single check as every command's write.
            let draft = dossier::Draft {
                entry: dossier::Entry {
                    label: format!("demo step of {}", step.date),
                    recorded,
                    actor: step.actor.to_owned(),
                    on_behalf_of: step.anssi_reference.map(|r| storage::OnBehalf {
                        role: grid::Role::Anssi,
                        reference: r.to_owned(),
                    }),
                    date: on,
                    note: step.note.map(str::to_owned),
                    cycle: None,
                    act,
                },
                force: false,
            };
            let checked =
                dossier::check(loaded.inputs(), &loaded.entries, draft, today).map_err(internal)?;
            let entry = NewEntry::from_record(recorded, checked.entry);
            loaded.ws.append(&lock, &loaded.history, entry)?;
            loaded.history = loaded.ws.history()?;
            loaded.entries = loaded.history.records();
        }
    }
    drop(lock);
    drop(loaded);
    let rebuilt = Workspace::install_demo(staged, &dir)?;
    let loaded = Loaded::open_at(&dir)?;
    let read = loaded.view(ctx, &ReadArgs::default())?;
    let status = read.dossier.journey.status(today);
    let ledger = &read.dossier.records;
    let view = read.grid();
    let s = &view.summary;
    let documents = write_documents(&loaded, &read, &dir)?;
    let verb = if rebuilt { "Rebuilt" } else { "Wrote" };
    let d = dir.display();
    ctx.print(&format!(
        "{verb} the demo workspace in {d} ({} history entries, {} findings, {} pieces of evidence).\n\
         Grid: {} of {} applicable requirements assessed ({} conform, {} nonconform); {} open findings.\n\
         Documents (French): {}\n\
         Try: jalon -C {d} grid --open, jalon -C {d} finding list, jalon -C {d} journey next, jalon -C {d} verify\n\n{}",
        loaded.history.entries.len(),
        ledger.findings.len(),
        ledger.evidence.len(),
        s.overall.assessed,
        s.overall.applicable,
        s.overall.conform,
        s.overall.nonconform,
        s.open_findings.major + s.open_findings.minor + s.open_findings.observation,
        documents.join(", "),
        status::human(&loaded, &read.dossier, &status, today)
    ))
}

/// The acts one step writes (a chapter-wide pass writes one per requirement).
fn acts(
    step: &Step,
    loaded: &Loaded,
    referential: &grid::Referential,
    on: NaiveDate,
) -> Result<Vec<Act>, CommandError> {
    Ok(match &step.what {
        What::Journey(event) => vec![Act::Journey {
            event: (*event).to_owned(),
            reserves: None,
            forced: false,
        }],
        What::Evidence {
            id,
            title,
            kind,
            confidentiality,
            content,
        } => {
            let rel = format!("evidence/{id}.txt");
            storage::create_atomic(&loaded.ws.root().join(&rel), content.as_bytes())?;
            let (sha256, size) = storage::hash_file(&loaded.ws.root().join(&rel))?;
            vec![Act::Evidence {
                id: (*id).to_owned(),
                title: (*title).to_owned(),
                kind: (*kind).to_owned(),
                confidentiality: *confidentiality,
                sha256,
                size,
                location: EvidenceLocation::Copy(rel),
            }]
        }
        What::ChaptersConform(chapters) => {
            let kinds = &loaded.ws.manifest().kinds;
            referential
                .requirements
                .iter()
                .filter(|r| chapters.contains(&referential.chapters[r.chapter].id.as_str()))
                .filter(|r| {
                    r.assessable
                        && r.kind == grid::RequirementKind::Requirement
                        && r.applies_to_any(kinds)
                })
                .filter(|r| !demo_data::SINGLED_OUT.contains(&r.id.as_str()))
                .map(|r| Act::Assess {
                    requirement: r.id.clone(),
                    check: None,
                    verdict: grid::Verdict::Conform,
                    evidence: Vec::new(),
                    justification: None,
                    from: None,
                })
                .collect()
        }
        What::Assess {
            requirement,
            check,
            verdict,
            evidence,
            justification,
            from,
        } => vec![Act::Assess {
            requirement: (*requirement).to_owned(),
            check: check.map(str::to_owned),
            verdict: *verdict,
            evidence: evidence.iter().map(|e| (*e).to_owned()).collect(),
            justification: justification.map(str::to_owned),
            from: from.map(str::to_owned),
        }],
        What::Open {
            id,
            requirement,
            check,
            severity,
            title,
            description,
            evidence,
        } => vec![Act::Finding {
            id: (*id).to_owned(),
            change: FindingChange::Open {
                requirements: vec![(*requirement).to_owned()],
                check: check.map(str::to_owned),
                severity: *severity,
                title: (*title).to_owned(),
                description: Some((*description).to_owned()),
                evidence: evidence.iter().map(|e| (*e).to_owned()).collect(),
            },
        }],
        What::Plan {
            id,
            action,
            owner,
            due,
            root_cause,
        } => vec![Act::Finding {
            id: (*id).to_owned(),
            change: FindingChange::Plan {
                action: (*action).to_owned(),
                owner: (*owner).to_owned(),
                due: date(due)?,
                root_cause: Some((*root_cause).to_owned()),
            },
        }],
        What::Remediate { id, evidence } => vec![Act::Finding {
            id: (*id).to_owned(),
            change: FindingChange::Remediate {
                evidence: evidence.iter().map(|e| (*e).to_owned()).collect(),
            },
        }],
        What::PlanGenerate { start } => {
            let d = loaded.dossier(on)?;
            let ledger = d.ledger_of(d.current());
            let view = GridView::new(referential, &d.settings.kinds, &ledger);
            let items = grid::Plan::generate(&view, Some(date(start)?), Some(demo_data::LEAD));
            vec![Act::Plan {
                change: PlanAct::Generate {
                    items: items.iter().map(PlanItemFile::from).collect(),
                },
            }]
        }
        What::PlanAssign { chapter, evaluator } => {
            let ci = referential
                .chapters
                .iter()
                .position(|c| c.id == *chapter)
                .ok_or_else(|| internal(chapter))?;
            let requirements = referential
                .requirements
                .iter()
                .filter(|r| r.chapter == ci)
                .map(|r| r.id.clone())
                .collect();
            vec![Act::Plan {
                change: PlanAct::Assign {
                    target: (*chapter).to_owned(),
                    requirements,
                    evaluator: (*evaluator).to_owned(),
                    phase: None,
                    date: None,
                },
            }]
        }
        What::PlanSubmit => vec![Act::Plan {
            change: PlanAct::Submit,
        }],
        What::PlanValidate => vec![Act::Plan {
            change: PlanAct::Validate,
        }],
        What::PlanRequestChanges => vec![Act::Plan {
            change: PlanAct::RequestChanges,
        }],
        What::Close(id) => vec![Act::Finding {
            id: (*id).to_owned(),
            change: FindingChange::Close,
        }],
        What::Withdraw(id) => vec![Act::Finding {
            id: (*id).to_owned(),
            change: FindingChange::Withdraw,
        }],
    })
}

/// Writes the plan and the summary report (Markdown and HTML, French) and the evaluation form
/// (XLSX and CSV) into `dir/reports/`; returns their paths.
fn write_documents(
    loaded: &Loaded,
    read: &crate::commands::View<'_>,
    dir: &std::path::Path,
) -> Result<Vec<String>, CommandError> {
    use crate::commands::export::{FormFormat, form_bytes};
    use crate::commands::report::{Which, render};
    let mut written = Vec::new();
    let mut write = |name: &str, bytes: &[u8]| -> Result<(), CommandError> {
        let path = dir.join("reports").join(name);
        storage::write_atomic(&path, bytes)?;
        written.push(path.display().to_string());
        Ok(())
    };
    for (which, stem) in [
        (Which::Summary, "rapport-de-synthese"),
        (Which::Plan, "plan-d-evaluation"),
    ] {
        for (format, ext) in [
            (report::Format::Markdown, "md"),
            (report::Format::Html, "html"),
        ] {
            let options = report::Options {
                lang: report::Lang::Fr,
                format,
                marking: Some("Diffusion Restreinte"),
            };
            write(
                &format!("{stem}.{ext}"),
                render(loaded, read, which, &options)?.as_bytes(),
            )?;
        }
    }
    for (format, ext) in [(FormFormat::Xlsx, "xlsx"), (FormFormat::Csv, "csv")] {
        let (bytes, _) = form_bytes(loaded, read, format, grid::Lang::Fr)?;
        write(&format!("formulaire-d-evaluation.{ext}"), &bytes)?;
    }
    Ok(written)
}
