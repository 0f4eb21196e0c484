//! The single check of a new act, before it is written: the cycle it goes to, the role rules,
//! the references it makes, the guards of a journey event, the finding and plan lifecycles, and
//! that the journal after it still holds together.

use chrono::NaiveDate;
use grid::{Ledger, Referential, Severity, Verdict};
use journey::{CycleKind, Recorded};

use crate::act::{Act, Entry, FindingChange, PlanAct};
use crate::dossier::{ApplyError, Dossier, Inputs};
use crate::roles::{Refused, act_kind, authorize, event_roles};

/// Why an act cannot be recorded. Each says what is wrong in plain words and names no command;
/// the command line adds how to go on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("there is no cycle `{id}` on {date}; cycles: {}", known.join(", "))]
    UnknownCycle {
        id: String,
        date: NaiveDate,
        known: Vec<String>,
    },
    #[error(
        "cycle `{id}` is {kind}; this event closes {} cycles only",
        closes.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(" or ")
    )]
    NotClosedBy {
        id: String,
        kind: CycleKind,
        closes: Vec<CycleKind>,
    },
    #[error("there is no history entry `{name}`")]
    UnknownEntry { name: String, nearest: Vec<String> },
    #[error("`{name}` is a retraction, or is retracted already: nothing to retract")]
    RetractRetraction { name: String },
    #[error("cycle `{id}` is closed ({outcome} on {closed})")]
    CycleClosed {
        id: String,
        closed: NaiveDate,
        outcome: String,
    },
    #[error("{0}")]
    Role(Refused),
    #[error("{0}")]
    Signature(crate::signatures::Unsigned),
    #[error("`{id}` is not a requirement of {referential}")]
    UnknownRequirement {
        id: String,
        referential: String,
        nearest: Vec<String>,
    },
    #[error("`{check}` is not a check of {requirement}")]
    UnknownCheck {
        requirement: String,
        check: String,
        checks: Vec<String>,
    },
    #[error(
        "{id} is a heading, not an assessable requirement{}",
        if nearest.is_empty() {
            String::new()
        } else if nearest.iter().all(|n| n.starts_with(&format!("{id}."))) {
            format!("; its sub-items are {}", shown(nearest))
        } else {
            format!("; the nearest assessable requirements are {}", nearest.join(", "))
        }
    )]
    Heading {
        id: String,
        /// Its assessable sub-items, else the assessable ids nearest to it.
        nearest: Vec<String>,
    },
    #[error(
        "{id} is not in the scope of cycle `{cycle}` (what its plan covers and its findings name)"
    )]
    OutOfScope { id: String, cycle: String },
    #[error("there is no evidence `{id}`")]
    UnknownEvidence { id: String, nearest: Vec<String> },
    #[error("there is no finding `{id}`")]
    UnknownFinding { id: String, nearest: Vec<String> },
    #[error("finding `{id}` already exists")]
    DuplicateId { id: String },
    #[error(
        "{requirement} cannot be conform while {} open non-conformit{} name{} it: {}",
        findings.len(),
        if findings.len() == 1 { "y" } else { "ies" },
        if findings.len() == 1 { "s" } else { "" },
        findings.join(", ")
    )]
    ConformWithOpenFinding {
        requirement: String,
        findings: Vec<String>,
    },
    /// A rule of the finding or plan lifecycle, or of the workflow's graph.
    #[error("{0}")]
    Apply(ApplyError),
    #[error("referential `{id}` is neither embedded nor imported")]
    UnknownReferential { id: String },
    #[error(
        "referential `{id}` is not in the workspace's scope (the service is evaluated against {service}{})",
        if beside.is_empty() { String::new() } else { format!(", and {} beside it", beside.join(", ")) }
    )]
    NotInScope {
        id: String,
        service: String,
        beside: Vec<String>,
    },
    #[error("{id} is of the reinforced level; {referential} is assessed at the standard level")]
    AboveLevel { id: String, referential: String },
    #[error("{id} is the service's own referential; it is in scope already")]
    AddOwn { id: String },
    #[error(
        "{id} is assessed beside the service's referential; its verdicts and plans are kept apart from {current}'s"
    )]
    SwitchToBeside { id: String, current: String },
    #[error(
        "cycle `{cycle}` is evaluated against {current} ({verdicts} verdict(s){}); switching to {id} would carry them over by id",
        if *plan { ", a plan" } else { "" }
    )]
    ReferentialInUse {
        id: String,
        current: String,
        cycle: String,
        verdicts: usize,
        plan: bool,
    },
    #[error("{0}")]
    Journey(journey::Refusal),
    #[error("recording it on {date} breaks the journal after it: {label}: {message}")]
    BreaksLater {
        date: NaiveDate,
        label: String,
        message: String,
    },
    #[error("the date {date} is after today ({today}); record things once they happened")]
    InTheFuture { date: NaiveDate, today: NaiveDate },
    #[error(
        "`{from}` is not a declared base service{}",
        if known.is_empty() { "; none is declared".to_owned() } else { format!("; bases: {}", known.join(", ")) }
    )]
    UnknownBase { from: String, known: Vec<String> },
    #[error("a base `{id}` is declared already")]
    BaseDeclared { id: String },
}

/// A new act as a command prepares it.
#[derive(Clone, Debug)]
pub struct Draft {
    /// The entry to write; its `cycle` is the one the user named (`--cycle`), if any.
    pub entry: Entry,
    /// `--force`: the journey's readiness checks and a closed cycle are overridden (the entry
    /// says so; the command line asks for a note).
    pub force: bool,
}

/// What the check found: the entry to write (its cycle filled in, a journey event marked forced
/// when it was) and the dossier once it is written, as of `today` (or the act's date, if later).
#[derive(Clone, Debug)]
pub struct Checked<'a> {
    pub entry: Entry,
    pub after: Dossier<'a>,
}

/// Checks `draft` against the journal `entries` (in recording order) on `today`.
pub fn check<'a>(
    inputs: Inputs<'a>,
    entries: &[Entry],
    draft: Draft,
    today: NaiveDate,
) -> Result<Checked<'a>, Refusal> {
    check_from(
        Dossier::replay(inputs, entries, today),
        entries,
        draft,
        today,
    )
}

/// [`check`], given the journal already replayed to `today` (`now`, which a command has read
/// to prepare the act, or the `after` of the previous act of a batch).
///
/// The journal is replayed again only when it has to be. An act dated on or after every entry
/// (what is recorded as it happens) falls last: the dossier before it is `now` when it is dated
/// today (else the journal replayed to its date), and after it, that dossier with the act
/// applied, since nothing comes after it that it could break. A back-dated act, and a
/// retraction (which voids an earlier entry), are checked against the whole journal replayed
/// with it.
pub fn check_from<'a>(
    now: Dossier<'a>,
    entries: &[Entry],
    draft: Draft,
    today: NaiveDate,
) -> Result<Checked<'a>, Refusal> {
    let inputs = now.inputs;
    let Draft { mut entry, force } = draft;
    if entry.date > today {
        return Err(Refusal::InTheFuture {
            date: entry.date,
            today,
        });
    }
    let last = entries.iter().all(|e| e.date <= entry.date)
        && !matches!(entry.act, Act::Retract { .. })
        && now.as_of == today;
    // Dated today, the dossier before it is `now`; otherwise the journal replayed to its date.
    let replayed = (entry.date != today || now.as_of != today)
        .then(|| Dossier::replay(inputs, entries, entry.date));
    let before: &Dossier<'a> = replayed.as_ref().unwrap_or(&now);
    let wf = inputs.workflow;

    // The cycle it goes to.
    let opens = match &entry.act {
        Act::Journey { event, .. } => wf.event_index(event).and_then(|e| wf.event(e).opens),
        _ => None,
    };
    let closes: &[CycleKind] = match &entry.act {
        Act::Journey { event, .. } => wf.event_index(event).map_or(&[], |e| &wf.event(e).closes),
        _ => &[],
    };
    let target = match (&entry.cycle, opens) {
        (Some(id), _) => match before.cycle(id) {
            Some(c) if !closes.is_empty() && !closes.contains(&c.kind) => {
                return Err(Refusal::NotClosedBy {
                    id: id.clone(),
                    kind: c.kind,
                    closes: closes.to_vec(),
                });
            }
            Some(c) => c,
            None => {
                return Err(Refusal::UnknownCycle {
                    id: id.clone(),
                    date: entry.date,
                    known: before.cycle_ids().iter().map(|s| (*s).to_owned()).collect(),
                });
            }
        },
        (None, _) => {
            let ix = before.target(&entry.act, None).unwrap_or(0);
            &before.cycles[ix]
        }
    };
    // An evaluation's acts (verdicts, plans, opening, closing or withdrawing a finding) need
    // their cycle open. The provider answers findings at any time (corrective actions are
    // planned and carried out between audits), evidence is collected at any time, settings
    // change at any time, and journey events answer to the workflow (a suspension or a
    // withdrawal needs no open evaluation).
    let needs_open = match &entry.act {
        Act::Assess { .. } | Act::Plan { .. } => true,
        Act::Finding { change, .. } => !matches!(
            change,
            FindingChange::Plan { .. } | FindingChange::Remediate { .. }
        ),
        _ => false,
    };
    if needs_open
        && !force
        && let (Some(closed), Some(outcome)) = (target.closed, &target.outcome)
    {
        return Err(Refusal::CycleClosed {
            id: target.id.clone(),
            closed,
            outcome: outcome.clone(),
        });
    }
    let target_id = target.id.clone();

    // Who may do it: the team as it stands when the act is recorded (back-filling an act dated
    // before the team was declared is still an act of today's team).
    let team = &now.settings;
    let roles = event_roles(wf, &entry.act);
    let on_behalf = entry.on_behalf_of.as_ref().map(|b| b.reference.as_str());
    authorize(
        !team.team.is_empty(),
        &entry.actor,
        team.role_of(&entry.actor),
        on_behalf,
        &act_kind(&entry.act, &roles),
    )
    .map_err(Refusal::Role)?;
    crate::signatures::rule(team, &entry).map_err(Refusal::Signature)?;

    // What it refers to, and the rules that hold when it is recorded.
    match &mut entry.act {
        Act::Journey {
            event,
            reserves,
            forced,
        } => {
            let journal: Vec<Recorded> = entries
                .iter()
                .filter_map(|e| match &e.act {
                    Act::Journey {
                        event,
                        reserves,
                        forced,
                    } => Some(Recorded {
                        event: event.clone(),
                        date: e.date,
                        reserves: reserves.clone(),
                        forced: *forced,
                    }),
                    _ => None,
                })
                .collect();
            let facts = before.facts(target);
            let mut new = Recorded {
                event: event.clone(),
                date: entry.date,
                reserves: reserves.clone(),
                forced: false,
            };
            if let Err(refusal) = journey::check_record(wf, &journal, &new, today, &facts) {
                // --force overrides readiness checks only, never the workflow's graph or dates.
                if !(force && matches!(refusal, journey::Refusal::Blocked { .. })) {
                    return Err(Refusal::Journey(refusal));
                }
                new.forced = true;
                journey::check_record(wf, &journal, &new, today, &facts)
                    .map_err(Refusal::Journey)?;
            }
            *forced = new.forced;
        }
        Act::Assess {
            requirement,
            check,
            verdict,
            evidence,
            referential: named,
            from,
            ..
        } => {
            // An inherited verdict relies on a declared base service, by its id.
            if let Some(from) = from
                && !before.settings.bases.contains_key(from.as_str())
            {
                return Err(Refusal::UnknownBase {
                    from: from.clone(),
                    known: before.settings.bases.keys().cloned().collect(),
                });
            }
            let r = referential_in(before, named)?;
            let key = named.clone();
            let q = requirement_of(r, requirement)?;
            if !q.assessable {
                return Err(heading(r, q));
            }
            at_level(before, r, q)?;
            if let Some(c) = check
                && !q.checks.iter().any(|k| &k.id == c)
            {
                return Err(Refusal::UnknownCheck {
                    requirement: q.id.clone(),
                    check: c.clone(),
                    checks: q.checks.iter().map(|k| k.id.clone()).collect(),
                });
            }
            *requirement = q.id.clone();
            // A surveillance audit's verdicts are on what it covers: anything else would be
            // recorded and never shown.
            if let Some(scope) = before.scope_in(target, key.as_deref())
                && !scope.contains(&q.id)
            {
                return Err(Refusal::OutOfScope {
                    id: q.id.clone(),
                    cycle: target.id.clone(),
                });
            }
            known_evidence(&before.records, evidence)?;
            if *verdict == Verdict::Conform {
                let open: Vec<String> = before
                    .records
                    .findings
                    .values()
                    .filter(|f| {
                        is_open_nonconformity(f)
                            && before.finding_referential.get(&f.id) == key.as_ref()
                            && f.requirements.iter().any(|x| x == &q.id)
                    })
                    .map(|f| f.id.clone())
                    .collect();
                if !open.is_empty() {
                    return Err(Refusal::ConformWithOpenFinding {
                        requirement: q.id.clone(),
                        findings: open,
                    });
                }
            }
        }
        Act::Finding { id, change } => match change {
            FindingChange::Open {
                requirements,
                check,
                evidence,
                referential: named,
                ..
            } => {
                if before.records.findings.contains_key(id.as_str()) {
                    return Err(Refusal::DuplicateId { id: id.clone() });
                }
                let r = referential_in(before, named)?;
                for (i, req) in requirements.iter_mut().enumerate() {
                    let q = requirement_of(r, req)?;
                    if !q.assessable {
                        return Err(heading(r, q));
                    }
                    at_level(before, r, q)?;
                    if i == 0
                        && let Some(c) = check
                        && !q.checks.iter().any(|k| &k.id == c)
                    {
                        return Err(Refusal::UnknownCheck {
                            requirement: q.id.clone(),
                            check: c.clone(),
                            checks: q.checks.iter().map(|k| k.id.clone()).collect(),
                        });
                    }
                    *req = q.id.clone();
                }
                known_evidence(&before.records, evidence)?;
            }
            FindingChange::Remediate { evidence } => {
                known_finding(&before.records, id)?;
                known_evidence(&before.records, evidence)?;
            }
            FindingChange::Plan { .. } | FindingChange::Close | FindingChange::Withdraw => {
                known_finding(&before.records, id)?;
            }
        },
        Act::Plan {
            change: PlanAct::Assign { requirements, .. },
            referential: named,
        } => {
            let r = referential_in(before, named)?;
            for req in requirements.iter() {
                requirement_of(r, req)?;
            }
        }
        Act::Plan {
            referential: named, ..
        } => {
            referential_in(before, named)?;
        }
        Act::Evidence { .. } | Act::Report { .. } => {}
        Act::AddReferential { id, .. } => {
            if !inputs.referentials.contains_key(id.as_str()) {
                return Err(Refusal::UnknownReferential { id: id.clone() });
            }
            if *id == before.settings.referential {
                return Err(Refusal::AddOwn { id: id.clone() });
            }
        }
        Act::Referential { id } => {
            if !inputs.referentials.contains_key(id.as_str()) {
                return Err(Refusal::UnknownReferential { id: id.clone() });
            }
            // Its verdicts are kept as another referential's: the switch would hide them.
            if before.settings.beside.contains_key(id.as_str()) {
                return Err(Refusal::SwitchToBeside {
                    id: id.clone(),
                    current: before.settings.referential.clone(),
                });
            }
            // A cycle's verdicts are against one referential: another one starts with the next
            // cycle, never under verdicts given against the first (ids would carry them over).
            if let Some(c) = before.cycle(&target_id)
                && c.closed.is_none()
                && *id != before.settings.referential
                && !force
                && (!c.evaluation.assessments.is_empty() || c.evaluation.plan.is_some())
            {
                return Err(Refusal::ReferentialInUse {
                    id: id.clone(),
                    current: before.settings.referential.clone(),
                    cycle: c.id.clone(),
                    verdicts: c.evaluation.assessments.len(),
                    plan: c.evaluation.plan.is_some(),
                });
            }
        }
        Act::Centre { .. }
        | Act::Kinds { .. }
        | Act::Team { .. }
        | Act::Key { .. }
        | Act::Signatures { .. }
        | Act::Import { .. } => {}
        // A base's id is what inherited verdicts cite: one service per id.
        Act::Base { id, .. } => {
            if before.settings.bases.contains_key(id.as_str()) {
                return Err(Refusal::BaseDeclared { id: id.clone() });
            }
        }
        Act::Retract { entry: name } => {
            let named = entries
                .iter()
                .find(|e| crate::dossier::entry_name(&e.label) == name.as_str());
            match named {
                None => {
                    return Err(Refusal::UnknownEntry {
                        name: name.clone(),
                        nearest: crate::nearest(
                            name,
                            entries.iter().map(|e| crate::dossier::entry_name(&e.label)),
                        ),
                    });
                }
                Some(e) if matches!(e.act, Act::Retract { .. }) => {
                    return Err(Refusal::RetractRetraction { name: name.clone() });
                }
                Some(_) => {}
            }
            let already = entries
                .iter()
                .any(|e| matches!(&e.act, Act::Retract { entry } if entry == name));
            if already {
                return Err(Refusal::RetractRetraction { name: name.clone() });
            }
        }
    }

    // The cycle it goes to, as the entry records it.
    entry.cycle = Some(match opens {
        Some(kind) => {
            let first = &before.cycles[0];
            if kind == CycleKind::Initial && first.opened_by.is_none() && first.is_open() {
                first.id.clone()
            } else {
                // Never an id already given: not on the act's date, not later (a back-dated
                // opening must not take the id of a cycle opened after it).
                let taken = |id: &str| {
                    before.cycles.iter().any(|c| c.id == id)
                        || now.cycles.iter().any(|c| c.id == id)
                        || entries.iter().any(|e| e.cycle.as_deref() == Some(id))
                };
                crate::dossier::cycle_id(kind, entry.date, &taken)
            }
        }
        None => target_id,
    });

    // Applied where it falls: its own lifecycle error first, then what it breaks later on.
    let mut at = match replayed {
        Some(d) => {
            drop(now);
            d
        }
        None => now,
    };
    at.apply(&entry).map_err(Refusal::Apply)?;
    let until = today.max(entry.date);
    if last {
        // Nothing after it: the journal replayed with it is `at`, time run on to `until`.
        at.advance(until);
        return Ok(Checked { entry, after: at });
    }
    let mut all = entries.to_vec();
    all.push(entry.clone());
    let after = Dossier::replay(inputs, &all, until);
    let known: Vec<usize> = Dossier::replay(inputs, entries, until)
        .problems
        .iter()
        .map(|p| p.entry)
        .collect();
    if let Some(p) = after.problems.iter().find(|p| !known.contains(&p.entry)) {
        return Err(Refusal::BreaksLater {
            date: entry.date,
            label: p.label.clone(),
            message: p.message.clone(),
        });
    }
    Ok(Checked { entry, after })
}

fn referential<'a>(d: &Dossier<'a>) -> Result<&'a Referential, Refusal> {
    d.referential().ok_or_else(|| Refusal::UnknownReferential {
        id: d.settings.referential.clone(),
    })
}

/// The referential an act names (`named`), which must be in scope: the service's own (then
/// `named` becomes `None`: the entry does not repeat it), or one assessed beside it.
fn referential_in<'a>(
    d: &Dossier<'a>,
    named: &mut Option<String>,
) -> Result<&'a Referential, Refusal> {
    let Some(id) = d.beside_key(named.as_deref()).map(str::to_owned) else {
        *named = None;
        return referential(d);
    };
    if !d.settings.beside.contains_key(&id) {
        return Err(Refusal::NotInScope {
            id,
            service: d.settings.referential.clone(),
            beside: d.settings.beside.keys().cloned().collect(),
        });
    }
    d.inputs
        .referentials
        .get(&id)
        .ok_or(Refusal::UnknownReferential { id })
}

/// A requirement of the reinforced level is assessed only when its referential is in scope at
/// that level.
fn at_level(d: &Dossier<'_>, r: &Referential, q: &grid::Requirement) -> Result<(), Refusal> {
    if q.level > d.level_of(Some(&r.id)) {
        return Err(Refusal::AboveLevel {
            id: q.id.clone(),
            referential: r.id.clone(),
        });
    }
    Ok(())
}

fn requirement_of<'r>(r: &'r Referential, id: &str) -> Result<&'r grid::Requirement, Refusal> {
    r.get(id).ok_or_else(|| Refusal::UnknownRequirement {
        id: id.to_owned(),
        referential: r.id.clone(),
        nearest: crate::nearest(id, r.requirements.iter().map(|q| q.id.as_str())),
    })
}

/// The first few of `ids`, and how many more.
fn shown(ids: &[String]) -> String {
    const SHOWN: usize = 8;
    if ids.len() <= SHOWN {
        ids.join(", ")
    } else {
        format!("{} and {} more", ids[..SHOWN].join(", "), ids.len() - SHOWN)
    }
}

/// The refusal of an act on heading `q`, naming where to go instead: its assessable sub-items
/// (`7.1.a` gives `7.1.a.1`, `7.1.a.2`), else the assessable ids nearest to it.
fn heading(r: &Referential, q: &grid::Requirement) -> Refusal {
    let prefix = format!("{}.", q.id);
    let assessable = || r.requirements.iter().filter(|x| x.assessable);
    let mut nearest: Vec<String> = assessable()
        .filter(|x| x.id.starts_with(&prefix))
        .map(|x| x.id.clone())
        .collect();
    if nearest.is_empty() {
        nearest = crate::nearest(&q.id, assessable().map(|x| x.id.as_str()));
    }
    Refusal::Heading {
        id: q.id.clone(),
        nearest,
    }
}

fn known_evidence(records: &Ledger, ids: &[String]) -> Result<(), Refusal> {
    match ids.iter().find(|id| !records.evidence.contains_key(*id)) {
        Some(id) => Err(Refusal::UnknownEvidence {
            id: id.clone(),
            nearest: crate::nearest(id, records.evidence.keys().map(String::as_str)),
        }),
        None => Ok(()),
    }
}

fn known_finding(records: &Ledger, id: &str) -> Result<(), Refusal> {
    if records.findings.contains_key(id) {
        return Ok(());
    }
    Err(Refusal::UnknownFinding {
        id: id.to_owned(),
        nearest: crate::nearest(id, records.findings.keys().map(String::as_str)),
    })
}

/// Whether a finding still counts against the requirements it names.
pub fn is_open_nonconformity(f: &grid::Finding) -> bool {
    f.status.is_open() && matches!(f.severity, Severity::Major | Severity::Minor)
}
