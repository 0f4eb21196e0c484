//! `jalon demo`: build a populated example workspace and show its status.
//!
//! The demo tells the whole life of a qualification ([`demo_data::LIFE`]): every step is an act
//! that goes through the single check of every write ([`dossier::check`]), in date order, into
//! the cycle the data says; entries are stamped on their own dates so the demo is the same every
//! time. Each cycle's documents are then written as of its closing date (the open ones' as of
//! today).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveTime, TimeDelta};
use grid::{EvidenceLocation, GridView};
use journey::Workflow;
use storage::{Act, FindingChange, NewEntry, PlanAct, PlanItemFile, Workspace};

use dossier::ReportAct;

use crate::commands::{Loaded, ReadArgs, View, status};
use crate::ctx::Ctx;
use crate::demo_data::{self, Cycle, Step, What};
use crate::error::{CommandError, Kind};
use crate::messages::errors::{self, Text};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write the demo workspace (a previous demo there is rebuilt; anything else is left alone).
    pub dir: Option<PathBuf>,
}

/// The demo's data broke one of jalon's rules: a bug of the demo.
fn internal(detail: Text) -> CommandError {
    CommandError::new(Kind::Internal, errors::demo_incoherent(detail))
}

fn date(s: &str) -> Result<NaiveDate, CommandError> {
    crate::ctx::date(s).map_err(internal)
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
        .ok_or_else(|| internal(errors::no_referential_at_all()))?;
    let lock = ws.lock()?;
    let mut loaded = Loaded::read(ws)?;
    let mut seq = 0i64;
    // In date order (stable): the journal is written in the order things happened.
    let mut steps: Vec<(&Cycle, &Step)> = demo_data::LIFE
        .iter()
        .flat_map(|c| c.steps.iter().map(move |s| (c, s)))
        .collect();
    steps.sort_by_key(|(_, s)| s.date);
    for (cycle, step) in steps {
        let on = date(step.date)?;
        if on > today {
            break;
        }
        for act in acts(cycle, step, &loaded, &referential, on)? {
            // A referential put in scope must be known to the check, as `write_locked` does.
            if let Act::AddReferential { id, .. } = &act {
                loaded.add_referential(id)?;
            }
            let recorded = on
                .and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default())
                .and_utc()
                + TimeDelta::seconds(seq);
            seq += 1;
            // An event that opens a cycle names none: the dossier derives the new cycle's id.
            let named = (!opens_cycle(&loaded.workflow, &act)).then(|| cycle.id.to_owned());
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
                    cycle: named,
                    signer: None,
                    act,
                },
                force: false,
            };
            let checked = dossier::check(loaded.inputs(), loaded.entries(), draft, today)
                .map_err(|r| internal(errors::refusal(&r)))?;
            if checked.entry.cycle.as_deref() != Some(cycle.id) {
                return Err(internal(errors::step_in_wrong_cycle(
                    step.date,
                    &format!("{:?}", checked.entry.cycle),
                    cycle.id,
                )));
            }
            let entry = NewEntry::from_record(recorded, checked.entry);
            // Storage makes the new entry the one head; the whole workspace is read back and
            // verified once built.
            loaded.ws.append(&lock, &mut loaded.history, entry, None)?;
        }
    }
    drop(lock);
    drop(loaded);
    // Read back and verified as any workspace is, then its documents.
    let folders = write_documents(&Loaded::open_at(staged.path())?, staged.path(), today)?;
    let rebuilt = Workspace::install_demo(staged, &dir)?;
    let loaded = Loaded::open_at(&dir)?;
    let read = loaded.view(ctx, &ReadArgs::default())?;
    let status = read.dossier.journey.status(today);
    let records = &read.dossier.records;
    let view = read.grid();
    let s = &view.summary;
    let verb = if rebuilt { "Rebuilt" } else { "Wrote" };
    let d = dir.display();
    let open = s.open_findings.major + s.open_findings.minor + s.open_findings.observation;
    ctx.print(&format!(
        "{verb} the demo workspace in {d} ({} history entries, {} findings, {} pieces of evidence).\n\
         Cycles:\n{}\
         Grid of cycle {}: {} of {} applicable requirements assessed ({} conform, {} nonconform); {open} open finding{}.\n\
         Documents (French), one folder per cycle in {}: {}\n\
         \x20 each: summary report and evaluation plan (md, html), evaluation form (xlsx, csv), as of the cycle's closing date (an open cycle's: today).\n\
         Try: jalon -C {d} cycle list, jalon -C {d} grid --open, jalon -C {d} finding list --cycle initial, \
         jalon -C {d} report summary --cycle surveillance-2026, jalon -C {d} grid --referential anssi-hygiene, \
         jalon -C {d} journey next, jalon -C {d} verify\n\n{}",
        loaded.history.len(),
        records.findings.len(),
        records.evidence.len(),
        cycles(&read),
        read.cycle().id,
        s.overall.assessed,
        s.overall.applicable,
        s.overall.conform,
        s.overall.nonconform,
        if open == 1 { "" } else { "s" },
        dir.join("reports").display(),
        folders.join(", "),
        status::human(&loaded, &read.dossier, &status, today, ctx.lang())
    ))
}

/// Whether `act` is a journey event that opens a cycle.
fn opens_cycle(wf: &Workflow, act: &Act) -> bool {
    matches!(act, Act::Journey { event, .. }
        if wf.event_index(event).is_some_and(|e| wf.event(e).opens.is_some()))
}

/// One line per cycle: its id, kind, when it opened and closed, how it ended.
fn cycles(read: &View<'_>) -> String {
    let current = read.cycle().id.as_str();
    let width = read
        .dossier
        .cycles
        .iter()
        .map(|c| c.id.len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for c in &read.dossier.cycles {
        let opened = c.opened.map(|d| d.to_string()).unwrap_or_default();
        let end = match (c.closed, &c.outcome) {
            (Some(on), Some(outcome)) => format!("{outcome} on {on}"),
            _ if c.id == current => "open (current)".to_owned(),
            _ => "open".to_owned(),
        };
        out.push_str(&format!(
            "  {:<width$}  {:<12}  opened {opened}, {end}\n",
            c.id,
            c.kind.as_str()
        ));
    }
    out
}

/// The requirements of a chapter, or the one requirement named (as `plan generate --only`).
fn requirements_of(
    referential: &grid::Referential,
    target: &str,
) -> Result<Vec<String>, CommandError> {
    match referential.chapters.iter().position(|c| c.id == target) {
        Some(ci) => Ok(referential
            .requirements
            .iter()
            .filter(|r| r.chapter == ci)
            .map(|r| r.id.clone())
            .collect()),
        None => referential
            .get(target)
            .map(|r| vec![r.id.clone()])
            .ok_or_else(|| internal(errors::neither_chapter_nor_requirement(target))),
    }
}

/// The acts one step writes into `cycle` (a chapter-wide pass writes one per requirement).
fn acts(
    cycle: &Cycle,
    step: &Step,
    loaded: &Loaded,
    referential: &grid::Referential,
    on: NaiveDate,
) -> Result<Vec<Act>, CommandError> {
    Ok(match &step.what {
        What::Journey { event, reserves } => vec![Act::Journey {
            event: (*event).to_owned(),
            reserves: reserves.map(str::to_owned),
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
            // The requirements this cycle assesses one by one keep their own verdicts.
            let singled_out: BTreeSet<&str> = cycle
                .steps
                .iter()
                .filter_map(|s| match &s.what {
                    What::Assess { requirement, .. } => Some(*requirement),
                    _ => None,
                })
                .collect();
            referential
                .requirements
                .iter()
                .filter(|r| chapters.contains(&referential.chapters[r.chapter].id.as_str()))
                .filter(|r| {
                    r.assessable
                        && r.kind == grid::RequirementKind::Requirement
                        && r.applies_to_any(kinds)
                })
                .filter(|r| !singled_out.contains(r.id.as_str()))
                .map(|r| Act::Assess {
                    requirement: r.id.clone(),
                    check: None,
                    verdict: grid::Verdict::Conform,
                    evidence: Vec::new(),
                    justification: None,
                    from: None,
                    referential: None,
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
            referential: None,
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
                referential: None,
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
        What::PlanGenerate { start, only } => {
            // As `jalon plan generate --only`: a surveillance audit covers what its findings
            // name, plus what the centre chooses.
            let d = loaded.dossier(on)?;
            let c = d
                .cycle(cycle.id)
                .ok_or_else(|| internal(errors::no_cycle_on(cycle.id, on)))?;
            let mut scope = d.scope_of(c);
            if !only.is_empty() {
                let s = scope.get_or_insert_with(BTreeSet::new);
                for target in *only {
                    s.extend(requirements_of(referential, target)?);
                }
            }
            let ledger = d.ledger_of(c);
            let view = GridView::scoped(referential, &d.settings.kinds, &ledger, scope.as_ref());
            let items = grid::Plan::generate(&view, Some(date(start)?), Some(demo_data::LEAD));
            vec![Act::Plan {
                change: PlanAct::Generate {
                    items: items.iter().map(PlanItemFile::from).collect(),
                },
                referential: None,
            }]
        }
        What::PlanAssign { chapter, evaluator } => vec![Act::Plan {
            change: PlanAct::Assign {
                target: (*chapter).to_owned(),
                requirements: requirements_of(referential, chapter)?,
                evaluator: (*evaluator).to_owned(),
                phase: None,
                date: None,
            },
            referential: None,
        }],
        What::PlanSubmit => vec![Act::Plan {
            change: PlanAct::Submit,
            referential: None,
        }],
        What::PlanValidate => vec![Act::Plan {
            change: PlanAct::Validate,
            referential: None,
        }],
        What::PlanRequestChanges => vec![Act::Plan {
            change: PlanAct::RequestChanges,
            referential: None,
        }],
        What::Conclude {
            opinion,
            justification,
        } => vec![report(ReportAct::Conclusion {
            opinion: *opinion,
            justification: (*justification).to_owned(),
        })],
        What::ResidualRisk(text) => vec![report(ReportAct::ResidualRisk {
            text: (*text).to_owned(),
        })],
        What::Recommend(text) => vec![report(ReportAct::Recommendation {
            text: (*text).to_owned(),
        })],
        What::Comment(part, text) => vec![report(ReportAct::Commentary {
            part: *part,
            text: (*text).to_owned(),
        })],
        What::Identify {
            reference,
            version,
            approver,
        } => vec![report(ReportAct::Identity {
            reference: (*reference).to_owned(),
            version: (*version).to_owned(),
            approver: Some((*approver).to_owned()),
        })],
        What::Base {
            id,
            provider,
            service,
            qualified,
            source,
            read,
        } => vec![Act::Base {
            id: (*id).to_owned(),
            base: dossier::BaseSource::Registry {
                provider: (*provider).to_owned(),
                service: (*service).to_owned(),
                kinds: vec![grid::ServiceKind::Iaas],
                qualified: Some(date(qualified)?),
                expires: None,
                source: (*source).to_owned(),
                read: date(read)?,
            },
        }],
        What::AddReferential { id, level } => vec![Act::AddReferential {
            id: (*id).to_owned(),
            level: *level,
        }],
        What::ConformIn {
            referential,
            requirements,
        } => requirements
            .iter()
            .map(|r| Act::Assess {
                requirement: (*r).to_owned(),
                check: None,
                verdict: grid::Verdict::Conform,
                evidence: Vec::new(),
                justification: None,
                from: None,
                referential: Some((*referential).to_owned()),
            })
            .collect(),
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

/// Writes each cycle's documents into `dir/reports/<cycle>/`, as of the day the cycle closed
/// (an open cycle's as of today): the summary report and the plan (Markdown and HTML, French)
/// and the evaluation form (XLSX and CSV). Returns the folders written.
fn write_documents(
    loaded: &Loaded,
    dir: &Path,
    today: NaiveDate,
) -> Result<Vec<String>, CommandError> {
    let now = loaded.dossier(today)?;
    let mut folders = Vec::new();
    for c in now.cycles.iter().filter(|c| c.opened.is_some()) {
        let read = View::new(loaded.dossier(c.closed.unwrap_or(today))?, Some(&c.id))?;
        write_cycle(loaded, &read, &dir.join("reports").join(&c.id))?;
        folders.push(format!("{}/", c.id));
    }
    Ok(folders)
}

fn write_cycle(loaded: &Loaded, read: &View<'_>, folder: &Path) -> Result<(), CommandError> {
    use crate::commands::export::{CsvDialect, FormFormat, form_bytes};
    use crate::commands::report::{Which, render};
    let write = |name: &str, bytes: &[u8]| storage::write_atomic(&folder.join(name), bytes);
    let mut reports = vec![(Which::Summary, "rapport-de-synthese")];
    if read.ledger.plan.is_some() {
        reports.push((Which::Plan, "plan-d-evaluation"));
    }
    for (which, stem) in reports {
        for (format, ext) in [
            (report::Format::Markdown, "md"),
            (report::Format::Html, "html"),
        ] {
            let options = report::Options {
                lang: report::Lang::Fr,
                format,
                marking: Some("Diffusion Restreinte"),
            };
            let text = render(loaded, read, which, &options, false)?;
            write(&format!("{stem}.{ext}"), text.as_bytes())?;
        }
    }
    for (format, ext) in [(FormFormat::Xlsx, "xlsx"), (FormFormat::Csv, "csv")] {
        let (bytes, _) = form_bytes(
            loaded,
            read,
            format,
            grid::Lang::Fr,
            CsvDialect::default(),
            "Diffusion Restreinte",
        )?;
        write(&format!("formulaire-d-evaluation.{ext}"), &bytes)?;
    }
    Ok(())
}

/// An act of the centre's narrative for the cycle's summary report.
fn report(change: ReportAct) -> Act {
    Act::Report { change }
}
