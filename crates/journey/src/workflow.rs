//! The workflow definition: states, events, milestones and cadences, checked as a graph on load.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use serde::Deserialize;

/// A label in the two languages jalon speaks.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub en: String,
    pub fr: String,
}

/// Time rules of a scheme, in calendar months (clamped to month end) and days.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Cadences {
    /// How long a qualification (certificate) is valid after its decision.
    pub validity_months: u32,
    /// Interval between surveillance audits, counted from the decision.
    pub surveillance_interval_months: u32,
    /// How long before expiry the renewal should start.
    #[serde(default = "default_renewal_lead")]
    pub renewal_lead_months: u32,
    /// Days of grace after a surveillance audit's due date before it counts as overdue.
    #[serde(default)]
    pub surveillance_tolerance_days: u32,
    /// Days of grace after the renewal start date before it counts as overdue.
    #[serde(default)]
    pub renewal_tolerance_days: u32,
    /// How many days before expiry an alert is raised.
    #[serde(default = "default_expiry_warning")]
    pub expiry_warning_days: u32,
}

fn default_renewal_lead() -> u32 {
    12
}

fn default_expiry_warning() -> u32 {
    90
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct StateDef {
    pub id: String,
    pub label: Text,
    /// A state where a journey may rest: a decision, or a stop.
    #[serde(default)]
    pub end: bool,
}

/// What an event does besides moving between states. A closed set: the file names them.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Effect {
    /// Opens a new cycle (request, renewal): milestones restart.
    StartCycle,
    /// Grants a qualification from the event's date, valid `validity_months`.
    Grant,
    /// A surveillance audit was passed.
    SurveillancePassed,
    /// A surveillance audit failed.
    SurveillanceFailed,
    /// The qualification is suspended.
    Suspend,
    /// A suspended qualification is restored.
    Reinstate,
    /// The qualification is withdrawn for good.
    Revoke,
}

/// The kinds of evaluation cycle a qualification lives through. A closed set: the workflow file
/// says which events open and close which kind.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(try_from = "String")]
pub enum CycleKind {
    /// The first evaluation, up to the first decision.
    Initial,
    /// A yearly surveillance audit of a qualified service.
    Surveillance,
    /// A full new evaluation before the qualification expires.
    Renewal,
}

impl CycleKind {
    pub const ALL: [CycleKind; 3] = [
        CycleKind::Initial,
        CycleKind::Surveillance,
        CycleKind::Renewal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CycleKind::Initial => "initial",
            CycleKind::Surveillance => "surveillance",
            CycleKind::Renewal => "renewal",
        }
    }
}

impl fmt::Display for CycleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl serde::Serialize for CycleKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl TryFrom<String> for CycleKind {
    type Error = String;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        name.parse()
    }
}

impl std::str::FromStr for CycleKind {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        CycleKind::ALL
            .into_iter()
            .find(|k| k.as_str() == name)
            .ok_or_else(|| {
                format!("unknown cycle kind `{name}`; known kinds: initial, surveillance, renewal")
            })
    }
}

/// Readiness checks named in the workflow file. A closed set: an unknown name is a load error.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(try_from = "String")]
pub enum Guard {
    /// The workspace names at least one service kind (the scope of the request).
    ScopeDefined,
    /// The workspace names its evaluation centre.
    EvaluationCentreNamed,
    /// A qualification is held on the event's date: decided, not expired, not withdrawn (it may be suspended).
    HoldsQualification,
    /// Every applicable requirement of the grid has a verdict (conform or nonconform).
    AllApplicableAssessed,
    /// No major finding is open; a decision recorded with reserves lifts it.
    NoOpenMajorFinding,
    /// The evaluation plan was validated by ANSSI.
    PlanValidated,
}

impl Guard {
    pub const ALL: [Guard; 6] = [
        Guard::ScopeDefined,
        Guard::EvaluationCentreNamed,
        Guard::HoldsQualification,
        Guard::AllApplicableAssessed,
        Guard::NoOpenMajorFinding,
        Guard::PlanValidated,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Guard::ScopeDefined => "scope-defined",
            Guard::EvaluationCentreNamed => "evaluation-centre-named",
            Guard::HoldsQualification => "holds-qualification",
            Guard::AllApplicableAssessed => "all-applicable-assessed",
            Guard::NoOpenMajorFinding => "no-open-major-finding",
            Guard::PlanValidated => "plan-validated",
        }
    }
}

impl fmt::Display for Guard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl TryFrom<String> for Guard {
    type Error = String;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        Guard::ALL
            .into_iter()
            .find(|g| g.name() == name)
            .ok_or_else(|| {
                let known: Vec<_> = Guard::ALL.iter().map(|g| g.name()).collect();
                format!("unknown guard `{name}`; known guards: {}", known.join(", "))
            })
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct EventDef {
    pub id: String,
    pub label: Text,
    /// States the event may be recorded in.
    pub from: Vec<String>,
    /// State the journey is in after the event; absent: it stays where it is.
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub effect: Option<Effect>,
    #[serde(default)]
    pub guards: Vec<Guard>,
    /// Events that must already be recorded in the current cycle.
    #[serde(default)]
    pub requires: Vec<String>,
    /// Whether the event may carry reserves (conditions) as text.
    #[serde(default)]
    pub reserves: bool,
    /// Roles that record it once a team is declared (provider, evaluator, lead-evaluator, anssi);
    /// empty: any team member.
    #[serde(default)]
    pub by: Vec<String>,
    /// The kind of evaluation cycle this event opens.
    #[serde(default)]
    pub opens: Option<CycleKind>,
    /// The kinds of cycle it closes (the latest open one of these kinds).
    #[serde(default)]
    pub closes: Vec<CycleKind>,
    /// The closed cycle's outcome (default: the event's id).
    #[serde(default)]
    pub outcome: Option<String>,
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MilestoneDef {
    pub id: String,
    pub label: Text,
    /// Any of these events, recorded in the current cycle, reaches the milestone.
    pub events: Vec<String>,
}

/// The state a journey falls into when its qualification runs out (derived, never recorded).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ExpiryDef {
    pub from: Vec<String>,
    pub to: String,
}

/// Everything a workflow file says, before it is checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkflowDef {
    pub id: String,
    pub name: Text,
    pub initial: String,
    pub cadences: Cadences,
    pub milestones: Vec<MilestoneDef>,
    pub expiry: ExpiryDef,
    pub states: Vec<StateDef>,
    pub events: Vec<EventDef>,
}

/// One thing wrong with a workflow definition. `needle` is the text to locate in the file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct WorkflowProblem {
    pub message: String,
    pub needle: Option<String>,
}

impl WorkflowProblem {
    fn at(needle: &str, message: String) -> Self {
        WorkflowProblem {
            message,
            needle: Some(format!("\"{needle}\"")),
        }
    }
}

const MAX_STATES: usize = Workflow::MAX_STATES;
const MAX_EVENTS: usize = Workflow::MAX_EVENTS;
const MAX_PROBLEMS: usize = Workflow::MAX_PROBLEMS;

/// The problems found so far: the first [`Workflow::MAX_PROBLEMS`] described, the rest counted. A message
/// is only built for a problem that is kept.
#[derive(Default)]
struct Problems {
    kept: Vec<WorkflowProblem>,
    more: usize,
}

impl Problems {
    fn push(&mut self, needle: &str, message: impl FnOnce() -> String) {
        if self.kept.len() < MAX_PROBLEMS {
            self.kept.push(WorkflowProblem::at(needle, message()));
        } else {
            self.more += 1;
        }
    }

    fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    fn into_vec(mut self) -> Vec<WorkflowProblem> {
        if self.more > 0 {
            self.kept.push(WorkflowProblem {
                message: format!(
                    "and {} more problem{} (only the first {MAX_PROBLEMS} are described)",
                    self.more,
                    if self.more == 1 { "" } else { "s" }
                ),
                needle: None,
            });
        }
        self.kept
    }
}

/// Names `ids`, the first 20 of them, for "known states: …" hints.
fn listed(ids: &[&str]) -> String {
    const SHOWN: usize = 20;
    if ids.len() <= SHOWN {
        ids.join(", ")
    } else {
        format!("{}… ({} in all)", ids[..SHOWN].join(", "), ids.len())
    }
}

pub type StateIx = usize;

/// The label of the derived expiry transition in graphs.
pub const EXPIRY_EDGE: &str = "(expiry)";
pub type EventIx = usize;

/// A checked workflow: ids resolved to indices, the graph known to be sound.
#[derive(Clone, Debug)]
pub struct Workflow {
    def: WorkflowDef,
    state_ix: BTreeMap<String, StateIx>,
    event_ix: BTreeMap<String, EventIx>,
    initial: StateIx,
    /// `from` of each event, as indices.
    event_from: Vec<BTreeSet<StateIx>>,
    event_to: Vec<Option<StateIx>>,
    event_requires: Vec<Vec<EventIx>>,
    milestone_events: Vec<Vec<EventIx>>,
    expiry_from: BTreeSet<StateIx>,
    expiry_to: StateIx,
}

impl Workflow {
    /// At most this many states: checking a workflow costs O(states × events), so both are
    /// bounded.
    pub const MAX_STATES: usize = 500;
    /// At most this many events.
    pub const MAX_EVENTS: usize = 1_000;
    /// At most this many problems are described one by one; past it they are counted (a hostile
    /// file could otherwise name millions of unknown states, each with the list of the known
    /// ones).
    pub const MAX_PROBLEMS: usize = 100;

    /// Checks a definition: at most [`Workflow::MAX_STATES`] states and [`Workflow::MAX_EVENTS`] events, ids unique
    /// and known, every state reachable from the initial one, an end or a loop reachable from
    /// every state. Returns every problem, not the first (past [`Workflow::MAX_PROBLEMS`], counted); a
    /// definition over the size limits gets those problems alone, its content unchecked. Costs
    /// O(states × events).
    pub fn new(def: WorkflowDef) -> Result<Workflow, Vec<WorkflowProblem>> {
        let mut problems = Problems::default();
        // Located at the field, in a file.
        let over = |what: &str, n: usize, max: usize| WorkflowProblem {
            message: format!(
                "the workflow has {n} {what}, more than the {max} a workflow may have (a qualification scheme has a few dozen)"
            ),
            needle: Some(format!("{what}:")),
        };
        if def.states.len() > MAX_STATES {
            problems
                .kept
                .push(over("states", def.states.len(), MAX_STATES));
        }
        if def.events.len() > MAX_EVENTS {
            problems
                .kept
                .push(over("events", def.events.len(), MAX_EVENTS));
        }
        if !problems.is_empty() {
            return Err(problems.into_vec());
        }
        let mut state_ix = BTreeMap::new();
        for (i, s) in def.states.iter().enumerate() {
            if state_ix.insert(s.id.clone(), i).is_some() {
                problems.push(&s.id, || format!("duplicate state id `{}`", s.id));
            }
        }
        let mut event_ix = BTreeMap::new();
        for (i, e) in def.events.iter().enumerate() {
            if event_ix.insert(e.id.clone(), i).is_some() {
                problems.push(&e.id, || format!("duplicate event id `{}`", e.id));
            }
        }
        let mut milestone_ids = BTreeSet::new();
        for m in &def.milestones {
            if !milestone_ids.insert(&m.id) {
                problems.push(&m.id, || format!("duplicate milestone id `{}`", m.id));
            }
        }

        let known: Vec<&str> = def.states.iter().map(|s| s.id.as_str()).collect();
        let state = |id: &str, what: &str, problems: &mut Problems| -> StateIx {
            match state_ix.get(id) {
                Some(&ix) => ix,
                None => {
                    problems.push(id, || {
                        format!(
                            "{what} names unknown state `{id}`; known states: {}",
                            listed(&known)
                        )
                    });
                    usize::MAX
                }
            }
        };
        let initial = state(&def.initial, "`initial`", &mut problems);
        let mut event_from = Vec::new();
        let mut event_to = Vec::new();
        for e in &def.events {
            let what = format!("event `{}`", e.id);
            if e.from.is_empty() {
                problems.push(&e.id, || format!("{what} has an empty `from` list"));
            }
            event_from.push(
                e.from
                    .iter()
                    .map(|s| state(s, &what, &mut problems))
                    .collect(),
            );
            event_to.push(e.to.as_deref().map(|to| state(to, &what, &mut problems)));
        }
        let expiry_from = def
            .expiry
            .from
            .iter()
            .map(|s| state(s, "`expiry`", &mut problems))
            .collect();
        let expiry_to = state(&def.expiry.to, "`expiry`", &mut problems);

        let known_events: Vec<&str> = def.events.iter().map(|e| e.id.as_str()).collect();
        let event = |id: &str, what: &str, problems: &mut Problems| -> EventIx {
            match event_ix.get(id) {
                Some(&ix) => ix,
                None => {
                    problems.push(id, || {
                        format!(
                            "{what} names unknown event `{id}`; known events: {}",
                            listed(&known_events)
                        )
                    });
                    usize::MAX
                }
            }
        };
        let event_requires = def
            .events
            .iter()
            .map(|e| {
                let what = format!("`requires` of event `{}`", e.id);
                e.requires
                    .iter()
                    .map(|r| event(r, &what, &mut problems))
                    .collect()
            })
            .collect();
        let milestone_events = def
            .milestones
            .iter()
            .map(|m| {
                let what = format!("milestone `{}`", m.id);
                m.events
                    .iter()
                    .map(|r| event(r, &what, &mut problems))
                    .collect()
            })
            .collect();

        if problems.is_empty() {
            let expiry = (&expiry_from, expiry_to);
            graph_problems(&def, initial, &event_from, &event_to, expiry, &mut problems);
        }
        if !problems.is_empty() {
            return Err(problems.into_vec());
        }
        Ok(Workflow {
            def,
            state_ix,
            event_ix,
            initial,
            event_from,
            event_to,
            event_requires,
            milestone_events,
            expiry_from,
            expiry_to,
        })
    }

    pub fn def(&self) -> &WorkflowDef {
        &self.def
    }

    pub fn id(&self) -> &str {
        &self.def.id
    }

    pub fn cadences(&self) -> &Cadences {
        &self.def.cadences
    }

    pub fn initial(&self) -> StateIx {
        self.initial
    }

    pub fn state(&self, ix: StateIx) -> &StateDef {
        &self.def.states[ix]
    }

    pub fn event(&self, ix: EventIx) -> &EventDef {
        &self.def.events[ix]
    }

    pub fn state_index(&self, id: &str) -> Option<StateIx> {
        self.state_ix.get(id).copied()
    }

    pub fn event_index(&self, id: &str) -> Option<EventIx> {
        self.event_ix.get(id).copied()
    }

    pub fn event_ids(&self) -> impl Iterator<Item = &str> {
        self.def.events.iter().map(|e| e.id.as_str())
    }

    pub fn allowed_from(&self, event: EventIx, state: StateIx) -> bool {
        self.event_from[event].contains(&state)
    }

    /// The state after `event` is recorded in `state`.
    pub fn target(&self, event: EventIx, state: StateIx) -> StateIx {
        self.event_to[event].unwrap_or(state)
    }

    pub fn requires(&self, event: EventIx) -> &[EventIx] {
        &self.event_requires[event]
    }

    pub fn from_states(&self, event: EventIx) -> impl Iterator<Item = StateIx> + '_ {
        self.event_from[event].iter().copied()
    }

    pub fn milestones(&self) -> impl Iterator<Item = (&MilestoneDef, &[EventIx])> {
        self.def
            .milestones
            .iter()
            .zip(self.milestone_events.iter().map(Vec::as_slice))
    }

    pub(crate) fn expires_from(&self, state: StateIx) -> bool {
        self.expiry_from.contains(&state)
    }

    pub(crate) fn expiry_state(&self) -> StateIx {
        self.expiry_to
    }

    /// Events that lead into `state` (to name the missing step in refusals).
    pub fn events_into(&self, state: StateIx) -> impl Iterator<Item = EventIx> + '_ {
        (0..self.def.events.len()).filter(move |&e| {
            self.event_to[e] == Some(state) && !self.event_from[e].contains(&state)
        })
    }

    /// The state graph: one node per state, one edge per (from, event, to).
    pub fn graph(&self) -> DiGraph<&str, &str> {
        build_graph(
            &self.def,
            &self.event_from,
            &self.event_to,
            (&self.expiry_from, self.expiry_to),
        )
        .0
    }
}

fn build_graph<'d>(
    def: &'d WorkflowDef,
    event_from: &[BTreeSet<StateIx>],
    event_to: &[Option<StateIx>],
    (expiry_from, expiry_to): (&BTreeSet<StateIx>, StateIx),
) -> (DiGraph<&'d str, &'d str>, Vec<NodeIndex>) {
    let mut graph = DiGraph::new();
    let nodes: Vec<NodeIndex> = def
        .states
        .iter()
        .map(|s| graph.add_node(s.id.as_str()))
        .collect();
    for (e, def_e) in def.events.iter().enumerate() {
        for &from in &event_from[e] {
            graph.add_edge(
                nodes[from],
                nodes[event_to[e].unwrap_or(from)],
                def_e.id.as_str(),
            );
        }
    }
    // Expiry is derived from dates, not recorded, but it is a transition all the same.
    for &from in expiry_from {
        graph.add_edge(nodes[from], nodes[expiry_to], EXPIRY_EDGE);
    }
    (graph, nodes)
}

/// Reachability from the initial state (a search forward from it) and settling (a search
/// backward from every end state and every state on a loop): each a single search over the
/// graph, so the whole check costs O(states + transitions), transitions ≤ states × events.
fn graph_problems(
    def: &WorkflowDef,
    initial: StateIx,
    event_from: &[BTreeSet<StateIx>],
    event_to: &[Option<StateIx>],
    expiry: (&BTreeSet<StateIx>, StateIx),
    problems: &mut Problems,
) {
    let n = def.states.len();
    let mut succ: Vec<Vec<StateIx>> = vec![Vec::new(); n];
    let mut pred: Vec<Vec<StateIx>> = vec![Vec::new(); n];
    let mut self_loop = vec![false; n];
    let mut edge = |from: StateIx, to: StateIx| {
        succ[from].push(to);
        pred[to].push(from);
        if from == to {
            self_loop[from] = true;
        }
    };
    for (from, to) in event_from.iter().zip(event_to) {
        for &f in from {
            edge(f, to.unwrap_or(f));
        }
    }
    for &f in expiry.0 {
        edge(f, expiry.1);
    }

    let reached = search(&succ, [initial]);
    for (i, s) in def.states.iter().enumerate() {
        if !reached[i] {
            problems.push(&s.id, || {
                format!(
                    "state `{}` cannot be reached from the initial state `{}`",
                    s.id, def.initial
                )
            });
        }
    }
    // A state on a loop: a strongly connected component with more than one state, or a self-loop.
    let (graph, _) = build_graph(def, event_from, event_to, expiry);
    let mut on_loop = self_loop;
    for component in tarjan_scc(&graph) {
        if component.len() > 1 {
            for node in component {
                on_loop[node.index()] = true;
            }
        }
    }
    let settled = (0..n).filter(|&j| def.states[j].end || on_loop[j]);
    let settles = search(&pred, settled);
    for (i, s) in def.states.iter().enumerate() {
        if !settles[i] {
            problems.push(&s.id, || {
                format!(
                    "state `{}` is a dead end: no end state and no loop can be reached from it; mark it `end: true` or add an event out of it",
                    s.id
                )
            });
        }
    }
}

/// The states reachable from `start` along `next` (each state and edge visited once).
fn search(next: &[Vec<StateIx>], start: impl IntoIterator<Item = StateIx>) -> Vec<bool> {
    let mut seen = vec![false; next.len()];
    let mut stack: Vec<StateIx> = Vec::new();
    for s in start {
        if !seen[s] {
            seen[s] = true;
            stack.push(s);
        }
    }
    while let Some(s) = stack.pop() {
        for &t in &next[s] {
            if !seen[t] {
                seen[t] = true;
                stack.push(t);
            }
        }
    }
    seen
}
