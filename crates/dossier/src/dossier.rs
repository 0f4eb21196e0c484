//! The dossier: every act of the journal applied in chronological order, up to a date, into the
//! journey, the evaluation cycles, the findings and evidence, and the service's settings.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use grid::{
    Assessment, Conclusion, CorrectiveAction, Evidence, Finding, FindingStatus, GridView, Ledger,
    LedgerError, Level, PlanItem, PlanStatus, Referential, ReportIdentity, Role, Said, ServiceKind,
    Severity, Stamp, StatusChange,
};
use journey::{CycleKind, Facts, Journey, Possible, Recorded, Workflow};

use crate::act::{
    Act, BaseSource, Entry, FindingChange, Member, PlanAct, ReportAct, SignaturePolicy,
};

/// What the service is evaluated as, at a point in time: `jalon.ron`'s values, then the acts that
/// changed them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub kinds: Vec<ServiceKind>,
    pub referential: String,
    pub evaluation_centre: Option<String>,
    pub team: Vec<Member>,
    /// Referentials assessed beside `referential` (the hygiene guide), each at its level.
    pub beside: BTreeMap<String, Level>,
    /// Whether entries must be signed.
    pub signatures: SignaturePolicy,
    /// The qualified services this one is built on, by id (`jalon base add`).
    pub bases: BTreeMap<String, BaseSource>,
}

impl Settings {
    pub fn role_of(&self, actor: &str) -> Option<Role> {
        self.member(actor).map(|m| m.role)
    }

    pub fn member(&self, actor: &str) -> Option<&Member> {
        self.team.iter().find(|m| m.actor == actor)
    }

    /// Applies a change of the team, of a member's key or of the signature policy (other acts
    /// leave the settings as they are).
    pub fn apply_team(&mut self, act: &Act) -> Result<(), ApplyError> {
        match act {
            Act::Team {
                actor,
                role,
                public_key,
            } => match (self.team.iter_mut().find(|m| &m.actor == actor), role) {
                (Some(m), Some(role)) => {
                    m.role = *role;
                    if public_key.is_some() {
                        m.public_key.clone_from(public_key);
                    }
                }
                (None, Some(role)) => self.team.push(Member {
                    actor: actor.clone(),
                    role: *role,
                    public_key: public_key.clone(),
                }),
                (Some(_), None) => self.team.retain(|m| &m.actor != actor),
                (None, None) => return Err(ApplyError::NotInTeam(actor.clone())),
            },
            Act::Key { actor, public_key } => {
                let Some(m) = self.team.iter_mut().find(|m| &m.actor == actor) else {
                    return Err(ApplyError::NotInTeam(actor.clone()));
                };
                m.public_key = Some(public_key.clone());
            }
            Act::Signatures { policy } => self.signatures = *policy,
            _ => {}
        }
        Ok(())
    }
}

/// What a replay needs besides the journal: the workflow, the settings `jalon.ron` starts from,
/// and the referentials the settings may name (by id).
#[derive(Clone, Copy, Debug)]
pub struct Inputs<'a> {
    pub workflow: &'a Workflow,
    pub base: &'a Settings,
    pub referentials: &'a BTreeMap<String, Referential>,
}

/// One evaluation: the initial one, a surveillance audit or a renewal.
#[derive(Clone, Debug)]
pub struct Cycle {
    /// Readable, stable and never reused: `initial`, then `<kind>-<year opened>` (`-2`, `-3`…
    /// when a kind opens twice in a year). Recorded in the entry of the event that opens it.
    pub id: String,
    pub kind: CycleKind,
    /// The date of the event that opened it (for the initial cycle, of its first entry when no
    /// event opened it).
    pub opened: Option<NaiveDate>,
    pub opened_by: Option<String>,
    pub closed: Option<NaiveDate>,
    /// How it ended: the closing event's outcome (`qualified`, `passed`, `failed`…).
    pub outcome: Option<String>,
    /// Findings still open when the cycle opened: carried over, to be re-checked in it.
    pub carried: Vec<String>,
    /// Findings opened in it, in the order they were.
    pub opened_findings: Vec<String>,
    /// The journey events recorded in it, in order.
    pub events: Vec<(String, NaiveDate)>,
    /// Its verdicts and evaluation plan (findings and evidence are kept by the dossier).
    pub evaluation: Ledger,
    /// Its verdicts and plans against the referentials assessed beside the service's own, by
    /// referential id.
    pub beside: BTreeMap<String, Ledger>,
}

impl Cycle {
    pub fn is_open(&self) -> bool {
        self.closed.is_none()
    }

    fn new(id: String, kind: CycleKind, opened: Option<NaiveDate>) -> Cycle {
        Cycle {
            id,
            kind,
            opened,
            opened_by: None,
            closed: None,
            outcome: None,
            carried: Vec::new(),
            opened_findings: Vec::new(),
            events: Vec::new(),
            evaluation: Ledger::default(),
            beside: BTreeMap::new(),
        }
    }

    /// Its verdicts and plan against `referential` (`None`: the service's own).
    pub fn evaluation_in(&self, referential: Option<&str>) -> Option<&Ledger> {
        match referential {
            None => Some(&self.evaluation),
            Some(id) => self.beside.get(id),
        }
    }
}

/// Why an entry does not apply where it falls in the journal.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    /// A rule of the finding or plan lifecycle, an unknown or duplicate id.
    #[error("{0}")]
    Ledger(#[from] LedgerError),
    /// The workflow does not allow the event where the journey stands.
    #[error("{0}")]
    Journey(String),
    #[error("names cycle `{0}`, which does not exist on its date")]
    UnknownCycle(String),
    #[error("names referential `{0}`, which is neither embedded nor imported")]
    UnknownReferential(String),
    #[error("names referential `{0}`, which is not in the workspace's scope on its date")]
    NotInScope(String),
    #[error("`{0}` is not in the team")]
    NotInTeam(String),
}

/// An entry that does not hold together with what comes before it (a hand edit, a merge of two
/// branches that both closed a finding). It is left out of the replay and reported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Index of the entry in the journal as given.
    pub entry: usize,
    pub label: String,
    pub message: String,
    /// The file name of the entry it clashes with, when it records a journey event that an
    /// applied entry records too (the same event on two branches).
    pub conflicts_with: Option<String>,
    /// It contradicts what another entry did (an event the journey is past, a finding or plan
    /// moved on already), as the entries of two merged branches can: settled by retracting one.
    /// Otherwise it names something that does not exist (an unknown finding, evidence, cycle,
    /// referential or team member), which only an edit of the history produces.
    pub conflict: bool,
}

/// The journal replayed up to a date.
#[derive(Clone, Debug)]
pub struct Dossier<'a> {
    pub inputs: Inputs<'a>,
    /// The date replayed to: nothing dated later is in it.
    pub as_of: NaiveDate,
    pub journey: Journey<'a>,
    pub settings: Settings,
    /// In the order they opened; never empty (the initial cycle is there from the start).
    pub cycles: Vec<Cycle>,
    /// Findings and evidence of every cycle (verdicts and plans are per cycle).
    pub records: Ledger,
    /// The cycle each finding was opened in, and the one it was closed or withdrawn in.
    pub finding_opened_in: BTreeMap<String, String>,
    pub finding_settled_in: BTreeMap<String, String>,
    /// The cycle each piece of evidence was recorded in.
    pub evidence_recorded_in: BTreeMap<String, String>,
    /// The referential of each finding opened against one assessed beside the service's own.
    pub finding_referential: BTreeMap<String, String>,
    /// Referentials imported, with the hash of the file written.
    pub imports: BTreeMap<String, String>,
    /// Inherited verdicts that do not hold on `as_of` (their base is not qualified then), once
    /// [`Dossier::lapse`] is applied.
    pub lapsed: Vec<crate::Lapsed>,
    /// Journey events applied, in chronological order, and the labels of their entries.
    pub journal: Vec<Recorded>,
    pub journal_labels: Vec<String>,
    pub problems: Vec<Problem>,
    /// Acts that cite a requirement or check the referential in force on their date does not
    /// have (a hand edit, an import that changed ids). They apply; `verify` reports them.
    pub dangling: Vec<Problem>,
    /// How many entries (dated on or before `as_of`) were read.
    pub applied: usize,
}

/// Entries in the order they are applied: by real-world date, then in the order given
/// (recording order).
pub fn chronological(entries: &[Entry]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| (entries[i].date, i));
    order
}

/// An entry's file name (what a retraction names), from its label (`history/<name>.ron`).
pub fn entry_name(label: &str) -> &str {
    label.rsplit(['/', '\\']).next().unwrap_or(label)
}

/// The requirements (and the check of the first) an act cites.
pub fn cited(act: &Act) -> Vec<(&str, Option<&str>)> {
    match act {
        Act::Assess {
            requirement, check, ..
        } => vec![(requirement.as_str(), check.as_deref())],
        Act::Finding {
            change:
                FindingChange::Open {
                    requirements,
                    check,
                    ..
                },
            ..
        } => requirements
            .iter()
            .enumerate()
            .map(|(i, q)| (q.as_str(), if i == 0 { check.as_deref() } else { None }))
            .collect(),
        _ => Vec::new(),
    }
}

/// The referential an act names beside the service's own, if it names one.
pub fn act_referential(act: &Act) -> Option<&str> {
    match act {
        Act::Assess { referential, .. }
        | Act::Plan { referential, .. }
        | Act::Finding {
            change: FindingChange::Open { referential, .. },
            ..
        } => referential.as_deref(),
        _ => None,
    }
}

/// What an act cites that `r` does not have, in words.
pub fn unknown_references(r: &Referential, act: &Act) -> Vec<String> {
    let mut out = Vec::new();
    for (req, check) in cited(act) {
        match r.get(req) {
            None => out.push(format!(
                "cites requirement `{req}`, which {} does not have",
                r.id
            )),
            Some(q) => {
                if let Some(c) = check
                    && !q.checks.iter().any(|k| k.id == c)
                {
                    out.push(format!("cites check `{c}` of {req}, which does not exist"));
                }
            }
        }
    }
    out
}

/// Derives a new cycle's id: `initial` for the first initial cycle, else `<kind>-<year>`, with
/// `-2`, `-3`… when that is taken.
pub fn cycle_id(kind: CycleKind, opened: NaiveDate, taken: &dyn Fn(&str) -> bool) -> String {
    let base = if kind == CycleKind::Initial && !taken("initial") {
        "initial".to_owned()
    } else {
        format!("{kind}-{}", opened.year())
    };
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or(base)
}

impl<'a> Dossier<'a> {
    /// An empty dossier: nothing recorded yet, the initial cycle waiting to open.
    pub fn start(inputs: Inputs<'a>, as_of: NaiveDate) -> Dossier<'a> {
        Dossier {
            inputs,
            as_of,
            journey: Journey::start(inputs.workflow),
            settings: inputs.base.clone(),
            cycles: vec![Cycle::new("initial".to_owned(), CycleKind::Initial, None)],
            records: Ledger::default(),
            finding_opened_in: BTreeMap::new(),
            finding_settled_in: BTreeMap::new(),
            evidence_recorded_in: BTreeMap::new(),
            finding_referential: BTreeMap::new(),
            imports: BTreeMap::new(),
            lapsed: Vec::new(),
            journal: Vec::new(),
            journal_labels: Vec::new(),
            problems: Vec::new(),
            dangling: Vec::new(),
            applied: 0,
        }
    }

    /// Applies every entry dated on or before `until`, in chronological order, then lets time
    /// run to `until`. Entries that do not hold together are left out and reported in `problems`.
    pub fn replay(inputs: Inputs<'a>, entries: &[Entry], until: NaiveDate) -> Dossier<'a> {
        let mut d = Dossier::start(inputs, until);
        // Entries voided by a retraction dated on or before `until` are left out.
        let retracted: std::collections::BTreeSet<&str> = entries
            .iter()
            .filter(|e| e.date <= until)
            .filter_map(|e| match &e.act {
                Act::Retract { entry } => Some(entry.as_str()),
                _ => None,
            })
            .collect();
        for i in chronological(entries) {
            let e = &entries[i];
            if e.date > until {
                break;
            }
            if !retracted.is_empty() && retracted.contains(entry_name(&e.label)) {
                continue;
            }
            let cited_in = match act_referential(&e.act) {
                Some(id) => d.inputs.referentials.get(id),
                None => d.referential(),
            };
            if let Some(r) = cited_in {
                for message in unknown_references(r, &e.act) {
                    d.dangling.push(Problem {
                        entry: i,
                        label: e.label.clone(),
                        message,
                        conflicts_with: None,
                        conflict: false,
                    });
                }
            }
            if let Err(err) = d.apply(e) {
                let conflicts_with = match &e.act {
                    Act::Journey { event, .. } => d
                        .journal_labels
                        .iter()
                        .zip(&d.journal)
                        .rev()
                        .find(|(_, r)| &r.event == event)
                        .map(|(label, _)| entry_name(label).to_owned()),
                    _ => None,
                };
                let conflict = matches!(
                    err,
                    ApplyError::Journey(_)
                        | ApplyError::Ledger(
                            LedgerError::Lifecycle { .. }
                                | LedgerError::Plan { .. }
                                | LedgerError::DuplicateFinding { .. }
                                | LedgerError::DuplicateEvidence { .. }
                        )
                );
                d.problems.push(Problem {
                    entry: i,
                    label: e.label.clone(),
                    message: err.to_string(),
                    conflicts_with,
                    conflict,
                });
            }
        }
        d.journey.advance(until);
        d
    }

    /// Lets time run on to `until` (on or after `as_of`), as a replay to `until` does after the
    /// last entry: the qualification expires if its date passed.
    pub fn advance(&mut self, until: NaiveDate) {
        self.journey.advance(until);
        self.as_of = until;
    }

    /// The cycle an act without an explicit cycle goes to: the latest opened that is still
    /// open, else the latest.
    pub fn current_index(&self) -> usize {
        self.cycles
            .iter()
            .rposition(Cycle::is_open)
            .unwrap_or(self.cycles.len() - 1)
    }

    pub fn current(&self) -> &Cycle {
        &self.cycles[self.current_index()]
    }

    pub fn cycle(&self, id: &str) -> Option<&Cycle> {
        self.cycles.iter().find(|c| c.id == id)
    }

    fn cycle_index(&self, id: &str) -> Option<usize> {
        self.cycles.iter().position(|c| c.id == id)
    }

    /// The latest open cycle of one of `kinds`.
    pub fn open_of(&self, kinds: &[CycleKind]) -> Option<&Cycle> {
        self.cycles
            .iter()
            .rev()
            .find(|c| c.is_open() && kinds.contains(&c.kind))
    }

    /// The referential the settings name, if it is known.
    pub fn referential(&self) -> Option<&'a Referential> {
        self.inputs.referentials.get(&self.settings.referential)
    }

    /// The referential an act naming `referential` is about: the service's own when it names
    /// none.
    pub fn referential_named(&self, referential: Option<&str>) -> Option<&'a Referential> {
        match referential {
            None => self.referential(),
            Some(id) => self.inputs.referentials.get(id),
        }
    }

    /// Which of a cycle's evaluations an act naming `referential` goes to: `None` for the
    /// service's own referential (named or not), else the referential in scope beside it.
    pub fn beside_key<'r>(&self, referential: Option<&'r str>) -> Option<&'r str> {
        referential.filter(|id| *id != self.settings.referential)
    }

    fn evaluation_mut(
        &mut self,
        ci: usize,
        referential: Option<&str>,
    ) -> Result<&mut Ledger, ApplyError> {
        match self.beside_key(referential) {
            None => Ok(&mut self.cycles[ci].evaluation),
            Some(id) => {
                if !self.settings.beside.contains_key(id) {
                    return Err(ApplyError::NotInScope(id.to_owned()));
                }
                Ok(self.cycles[ci].beside.entry(id.to_owned()).or_default())
            }
        }
    }

    /// The cycle an act goes to: the one it names, else the current one. For a journey event
    /// that closes a cycle, the latest open cycle of a kind it closes.
    pub fn target(&self, act: &Act, named: Option<&str>) -> Result<usize, ApplyError> {
        if let Act::Journey { event, .. } = act
            && let Some(ix) = self.inputs.workflow.event_index(event)
        {
            let def = self.inputs.workflow.event(ix);
            if def.opens.is_some() && named.is_none() {
                return Ok(self.current_index());
            }
            // An event that closes a cycle acts on the cycle it closes: the one named if it is
            // of a kind it closes, else the latest open one of those kinds.
            if !def.closes.is_empty() {
                let named_closable = named
                    .and_then(|id| self.cycle(id))
                    .filter(|c| c.is_open() && def.closes.contains(&c.kind));
                if let Some(c) = named_closable.or_else(|| self.open_of(&def.closes)) {
                    return Ok(self.cycle_index(&c.id).unwrap_or(0));
                }
            }
        }
        match named {
            Some(id) => self
                .cycle_index(id)
                .ok_or_else(|| ApplyError::UnknownCycle(id.to_owned())),
            None => Ok(self.current_index()),
        }
    }

    /// Applies one entry (in chronological order). Checks only what must hold for the journal
    /// to make sense (the workflow's graph, ids, the finding and plan lifecycles); the rules of
    /// recording (roles, guards, references) are [`crate::check`]'s.
    pub fn apply(&mut self, e: &Entry) -> Result<(), ApplyError> {
        self.applied += 1;
        if self.cycles[0].opened.is_none() {
            self.cycles[0].opened = Some(e.date);
        }
        let by = || Stamp {
            actor: e.actor.clone(),
            date: e.date,
        };
        let err = ApplyError::Ledger;
        match &e.act {
            Act::Journey {
                event,
                reserves,
                forced,
            } => {
                let recorded = Recorded {
                    event: event.clone(),
                    date: e.date,
                    reserves: reserves.clone(),
                    forced: *forced,
                };
                let wf = self.inputs.workflow;
                let target = self.target(
                    &e.act,
                    e.cycle.as_deref().filter(|_| {
                        wf.event_index(event)
                            .is_none_or(|ix| wf.event(ix).opens.is_none())
                    }),
                );
                self.journey.apply(&recorded).map_err(ApplyError::Journey)?;
                self.journal.push(recorded);
                self.journal_labels.push(e.label.clone());
                let Some(ix) = wf.event_index(event) else {
                    return Ok(());
                };
                let def = wf.event(ix);
                if let Some(kind) = def.opens {
                    self.open_cycle(kind, e, event);
                    return Ok(());
                }
                let ci = target?;
                let c = &mut self.cycles[ci];
                c.events.push((event.clone(), e.date));
                if def.closes.contains(&c.kind) && c.is_open() {
                    c.closed = Some(e.date);
                    c.outcome = Some(def.outcome.clone().unwrap_or_else(|| event.clone()));
                }
                Ok(())
            }
            Act::Assess {
                requirement,
                check,
                verdict,
                evidence,
                justification,
                from,
                referential,
            } => {
                let ci = self.target(&e.act, e.cycle.as_deref())?;
                self.require_evidence(evidence)?;
                self.evaluation_mut(ci, referential.as_deref())?
                    .record_verdict(Assessment {
                        requirement: requirement.clone(),
                        check: check.clone(),
                        verdict: *verdict,
                        evidence: evidence.clone(),
                        note: e.note.clone(),
                        justification: justification.clone(),
                        from: from.clone(),
                        by: by(),
                    });
                Ok(())
            }
            Act::Evidence {
                id,
                title,
                kind,
                confidentiality,
                sha256,
                size,
                location,
            } => {
                let ci = self.target(&e.act, e.cycle.as_deref())?;
                self.records
                    .add_evidence(Evidence {
                        id: id.clone(),
                        title: title.clone(),
                        kind: kind.clone(),
                        confidentiality: *confidentiality,
                        collected: by(),
                        sha256: sha256.clone(),
                        size: *size,
                        location: location.clone(),
                    })
                    .map_err(err)?;
                self.evidence_recorded_in
                    .insert(id.clone(), self.cycles[ci].id.clone());
                Ok(())
            }
            Act::Finding { id, change } => {
                let ci = self.target(&e.act, e.cycle.as_deref())?;
                let cycle = self.cycles[ci].id.clone();
                match change {
                    FindingChange::Open {
                        requirements,
                        check,
                        severity,
                        title,
                        description,
                        evidence,
                        referential,
                    } => {
                        let beside = self.beside_key(referential.as_deref()).map(str::to_owned);
                        if let Some(id) = &beside
                            && !self.settings.beside.contains_key(id)
                        {
                            return Err(ApplyError::NotInScope(id.clone()));
                        }
                        self.records
                            .open_finding(Finding {
                                id: id.clone(),
                                requirements: requirements.clone(),
                                check: check.clone(),
                                severity: *severity,
                                title: title.clone(),
                                description: description.clone(),
                                evidence: evidence.clone(),
                                status: FindingStatus::Open,
                                action: None,
                                history: vec![StatusChange {
                                    status: FindingStatus::Open,
                                    by: by(),
                                    note: e.note.clone(),
                                }],
                            })
                            .map_err(err)?;
                        if let Some(c) = self.cycles.iter_mut().find(|c| c.id == cycle) {
                            c.opened_findings.push(id.clone());
                        }
                        self.finding_opened_in.insert(id.clone(), cycle);
                        if let Some(r) = beside {
                            self.finding_referential.insert(id.clone(), r);
                        }
                    }
                    FindingChange::Plan {
                        action,
                        owner,
                        due,
                        root_cause,
                    } => self
                        .records
                        .plan(
                            id,
                            CorrectiveAction {
                                action: action.clone(),
                                owner: owner.clone(),
                                due: *due,
                                root_cause: root_cause.clone(),
                                by: by(),
                            },
                        )
                        .map_err(err)?,
                    FindingChange::Remediate { evidence } => self
                        .records
                        .remediate(id, evidence.clone(), by(), e.note.clone())
                        .map_err(err)?,
                    FindingChange::Close => {
                        self.records.close(id, by(), e.note.clone()).map_err(err)?;
                        self.finding_settled_in.insert(id.clone(), cycle);
                    }
                    FindingChange::Withdraw => {
                        self.records
                            .withdraw(id, by(), e.note.clone())
                            .map_err(err)?;
                        self.finding_settled_in.insert(id.clone(), cycle);
                    }
                }
                Ok(())
            }
            Act::Plan {
                change,
                referential,
            } => {
                let ci = self.target(&e.act, e.cycle.as_deref())?;
                let plan = self.evaluation_mut(ci, referential.as_deref())?;
                match change {
                    PlanAct::Generate { items } => plan.generate_plan(
                        items.iter().map(PlanItem::from).collect(),
                        by(),
                        e.note.clone(),
                    ),
                    PlanAct::Assign {
                        requirements,
                        evaluator,
                        phase,
                        date,
                        ..
                    } => plan
                        .assign_plan(requirements, evaluator, *phase, *date)
                        .map(|_| ()),
                    PlanAct::Submit => {
                        plan.plan_status(PlanStatus::Submitted, by(), e.note.clone())
                    }
                    PlanAct::Validate => {
                        plan.plan_status(PlanStatus::Validated, by(), e.note.clone())
                    }
                    PlanAct::RequestChanges => {
                        plan.plan_status(PlanStatus::ChangesRequested, by(), e.note.clone())
                    }
                }
                .map_err(err)
            }
            Act::Centre { name } => {
                self.settings.evaluation_centre = name.clone().filter(|n| !n.trim().is_empty());
                Ok(())
            }
            Act::Kinds { kinds } => {
                self.settings.kinds = kinds.clone();
                Ok(())
            }
            Act::Referential { id } => {
                if !self.inputs.referentials.contains_key(id) {
                    return Err(ApplyError::UnknownReferential(id.clone()));
                }
                self.settings.referential = id.clone();
                Ok(())
            }
            Act::AddReferential { id, level } => {
                if !self.inputs.referentials.contains_key(id) {
                    return Err(ApplyError::UnknownReferential(id.clone()));
                }
                self.settings.beside.insert(id.clone(), *level);
                Ok(())
            }
            Act::Team { .. } | Act::Key { .. } | Act::Signatures { .. } => {
                self.settings.apply_team(&e.act)
            }
            Act::Base { id, base } => {
                self.settings.bases.insert(id.clone(), base.clone());
                Ok(())
            }
            Act::Import {
                referential,
                sha256,
                ..
            } => {
                self.imports.insert(referential.clone(), sha256.clone());
                Ok(())
            }
            Act::Report { change } => {
                let ci = self.target(&e.act, e.cycle.as_deref())?;
                let n = &mut self.cycles[ci].evaluation.narrative;
                let said = |text: &str| Said {
                    text: text.to_owned(),
                    by: by(),
                };
                match change {
                    ReportAct::Conclusion {
                        opinion,
                        justification,
                    } => {
                        n.conclusion = Some(Conclusion {
                            opinion: *opinion,
                            justification: justification.clone(),
                            by: by(),
                        });
                    }
                    ReportAct::ResidualRisk { text } => n.residual_risks.push(said(text)),
                    ReportAct::Recommendation { text } => n.recommendations.push(said(text)),
                    ReportAct::Commentary { part, text } => {
                        n.commentary.insert(*part, said(text));
                    }
                    ReportAct::Identity {
                        reference,
                        version,
                        approver,
                    } => {
                        n.identity = Some(ReportIdentity {
                            reference: reference.clone(),
                            version: version.clone(),
                            approver: approver.clone(),
                            by: by(),
                        });
                    }
                }
                Ok(())
            }
            // What it voids is left out of the replay (see `replay`).
            Act::Retract { .. } => Ok(()),
        }
    }

    fn open_cycle(&mut self, kind: CycleKind, e: &Entry, event: &str) {
        let carried: Vec<String> = self
            .records
            .findings
            .values()
            .filter(|f| f.status.is_open())
            .map(|f| f.id.clone())
            .collect();
        // The initial cycle is there from the start: its opening event adopts it.
        let first = &mut self.cycles[0];
        if kind == CycleKind::Initial && first.opened_by.is_none() && first.is_open() {
            first.opened = Some(e.date);
            first.opened_by = Some(event.to_owned());
            first.events.push((event.to_owned(), e.date));
            return;
        }
        let taken = |id: &str| self.cycles.iter().any(|c| c.id == id);
        let id = match &e.cycle {
            Some(id) if !taken(id) => id.clone(),
            _ => cycle_id(kind, e.date, &taken),
        };
        let mut c = Cycle::new(id, kind, Some(e.date));
        c.opened_by = Some(event.to_owned());
        c.carried = carried;
        c.events.push((event.to_owned(), e.date));
        self.cycles.push(c);
    }

    fn require_evidence(&self, ids: &[String]) -> Result<(), ApplyError> {
        match ids
            .iter()
            .find(|id| !self.records.evidence.contains_key(*id))
        {
            Some(id) => Err(LedgerError::UnknownEvidence(id.clone()).into()),
            None => Ok(()),
        }
    }

    /// The findings a cycle holds: opened in it, or carried into it.
    /// In id order. Costs what the cycle holds, not every finding of the service.
    pub fn findings_of<'s>(&'s self, cycle: &'s Cycle) -> impl Iterator<Item = &'s Finding> + 's {
        let mut held: Vec<&Finding> = cycle
            .opened_findings
            .iter()
            .chain(&cycle.carried)
            .filter_map(|id| self.records.findings.get(id))
            .collect();
        held.sort_by(|a, b| a.id.cmp(&b.id));
        held.dedup_by(|a, b| a.id == b.id);
        held.into_iter()
    }

    /// A cycle as one evaluation's records: its verdicts and plan, the findings it holds, and
    /// all the evidence (usable from any cycle).
    pub fn ledger_of(&self, cycle: &Cycle) -> Ledger {
        self.ledger_in(cycle, None)
    }

    /// [`Dossier::ledger_of`] against `referential` (`None`, or the service's own: its own
    /// referential; else one assessed beside it): its verdicts and plan there, the findings it
    /// holds against it.
    pub fn ledger_in(&self, cycle: &Cycle, referential: Option<&str>) -> Ledger {
        let key = self.beside_key(referential);
        let mut l = cycle.evaluation_in(key).cloned().unwrap_or_default();
        l.findings = self
            .findings_of(cycle)
            .filter(|f| self.finding_referential.get(&f.id).map(String::as_str) == key)
            .map(|f| (f.id.clone(), f.clone()))
            .collect();
        l.evidence = self.records.evidence.clone();
        l
    }

    /// The requirements a cycle evaluates: for a surveillance audit, what its plan covers plus
    /// the requirements of the findings it holds; `None` (the whole applicable grid) otherwise.
    pub fn scope_of(&self, cycle: &Cycle) -> Option<BTreeSet<String>> {
        self.scope_in(cycle, None)
    }

    /// [`Dossier::scope_of`] against `referential` (as [`Dossier::ledger_in`] names it).
    pub fn scope_in(&self, cycle: &Cycle, referential: Option<&str>) -> Option<BTreeSet<String>> {
        if cycle.kind != CycleKind::Surveillance {
            return None;
        }
        let key = self.beside_key(referential);
        let mut scope: BTreeSet<String> = cycle
            .evaluation_in(key)
            .and_then(|l| l.plan.as_ref())
            .iter()
            .flat_map(|p| p.items.iter().map(|i| i.requirement.clone()))
            .collect();
        for f in self.findings_of(cycle) {
            if self.finding_referential.get(&f.id).map(String::as_str) == key {
                scope.extend(f.requirements.iter().cloned());
            }
        }
        Some(scope)
    }

    /// The level a referential is assessed at: the one it was put in scope with, or every
    /// entry for the service's own.
    pub fn level_of(&self, referential: Option<&str>) -> Level {
        self.beside_key(referential)
            .and_then(|id| self.settings.beside.get(id).copied())
            .unwrap_or(Level::Reinforced)
    }

    /// A cycle's grid against `referential` (as [`Dossier::ledger_in`] names it), given the
    /// ledger and scope read for it.
    pub fn grid_in<'g>(
        &self,
        r: &'g Referential,
        ledger: &'g Ledger,
        scope: Option<&BTreeSet<String>>,
    ) -> GridView<'g> {
        GridView::at_level(
            r,
            &self.settings.kinds,
            self.level_of(Some(&r.id)),
            ledger,
            scope,
        )
    }

    /// What the guards of an event acting on `cycle` need.
    pub fn facts(&self, cycle: &Cycle) -> Facts {
        let (unassessed, empty_scope) = match self.referential() {
            Some(r) => {
                let ledger = self.ledger_of(cycle);
                let scope = self.scope_of(cycle);
                let view = GridView::scoped(r, &self.settings.kinds, &ledger, scope.as_ref());
                // A scope of its own (a surveillance audit's) with nothing applicable in it: an
                // audit of nothing is not "all assessed".
                let empty = scope.is_some() && !view.rows.iter().any(grid::Row::applicable);
                let mut unassessed: Vec<String> =
                    view.unassessed().into_iter().map(str::to_owned).collect();
                // The referentials assessed beside it (the hygiene guide's minimum checks are
                // imposed on every candidate): theirs too, named with their referential.
                for id in self.settings.beside.keys() {
                    let Some(b) = self.inputs.referentials.get(id) else {
                        continue;
                    };
                    let ledger = self.ledger_in(cycle, Some(id));
                    let scope = self.scope_in(cycle, Some(id));
                    let view = self.grid_in(b, &ledger, scope.as_ref());
                    unassessed.extend(view.unassessed().into_iter().map(|q| format!("{id} {q}")));
                }
                (unassessed, empty)
            }
            None => (Vec::new(), false),
        };
        Facts {
            service_kinds: self
                .settings
                .kinds
                .iter()
                .map(|k| k.as_str().to_owned())
                .collect(),
            evaluation_centre: self.settings.evaluation_centre.clone(),
            cycle: cycle.id.clone(),
            unassessed,
            empty_scope,
            // Every open major non-conformity of the service, whichever cycle found it: one a
            // surveillance audit opened during a renewal stands against the renewal's decision.
            open_major_findings: self
                .records
                .findings
                .values()
                .filter(|f| f.severity == Severity::Major && f.status.is_open())
                .map(|f| f.id.clone())
                .collect(),
            plan_status: cycle
                .evaluation
                .plan
                .as_ref()
                .map(|p| p.status.as_str().to_owned()),
            open_cycles: self
                .cycles
                .iter()
                .filter(|c| c.is_open())
                .map(|c| c.kind)
                .collect(),
        }
    }

    /// The facts for `event` (an index of the workflow) recorded now without naming a cycle.
    pub fn facts_for_event(&self, event: journey::EventIx) -> Facts {
        let def = self.inputs.workflow.event(event);
        let cycle = self.open_of(&def.closes).unwrap_or_else(|| self.current());
        self.facts(cycle)
    }

    /// The events possible now, and what blocks each (each with the facts of the cycle it acts on).
    pub fn next(&self) -> Vec<Possible> {
        let wf = self.inputs.workflow;
        (0..wf.def().events.len())
            .filter(|&e| wf.allowed_from(e, self.journey.state()))
            .map(|e| {
                let blocked_by =
                    self.journey
                        .blockers(e, self.as_of, false, &self.facts_for_event(e));
                Possible {
                    event: wf.event(e).id.clone(),
                    ready: blocked_by.is_empty(),
                    blocked_by,
                }
            })
            .collect()
    }

    /// Ids of the cycles, in the order they opened.
    pub fn cycle_ids(&self) -> Vec<&str> {
        self.cycles.iter().map(|c| c.id.as_str()).collect()
    }
}
