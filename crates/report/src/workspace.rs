//! What the summary report and the evaluation plan are made from: references to the domain data
//! of one workspace, gathered by the caller (the CLI reads the files; this crate only reads these).

use chrono::NaiveDate;
pub use grid::Role;
use grid::{Axis, Finding, GridView, Ledger, Referential, ServiceKind};
use journey::Journey;

use crate::lang::{Format, Lang};

/// One member of the team.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Member<'a> {
    pub actor: &'a str,
    pub role: Role,
}

/// A qualified service the reported cycle relies on (composition), and whether it is
/// qualified on `today`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reliance {
    /// The id `assess --from` names it by.
    pub id: String,
    /// Its provider and service.
    pub name: String,
    /// `qualified`, `expired`, `suspended`, `withdrawn`, `not-qualified` or `unreadable`.
    pub state: &'static str,
    pub qualified_until: Option<NaiveDate>,
    /// The requirements inherited from it in the cycle (those that lapsed too).
    pub requirements: Vec<String>,
}

/// One workspace's data, as of `today`.
#[derive(Clone, Copy, Debug)]
pub struct Workspace<'a> {
    pub provider: &'a str,
    pub service: &'a str,
    /// The scope: the service kinds the qualification is asked for.
    pub kinds: &'a [ServiceKind],
    pub evaluation_centre: Option<&'a str>,
    pub team: &'a [Member<'a>],
    /// The journey replayed up to `today` (its workflow, current cycle and grant).
    pub journey: &'a Journey<'a>,
    /// The referential the service is evaluated against (with any imported text and centre checks).
    pub referential: &'a Referential,
    /// The grid of `referential` for `kinds` over `ledger`.
    pub view: &'a GridView<'a>,
    /// Verdicts, findings, evidence and the evaluation plan.
    pub ledger: &'a Ledger,
    /// The date the report is established on (everything dated later is left out).
    pub today: NaiveDate,
    /// The evaluation cycle reported on, and its kind.
    pub cycle: &'a str,
    pub cycle_kind: journey::CycleKind,
    /// When the cycle closed, if it has by `today`.
    pub closed: Option<NaiveDate>,
    /// The journey events recorded in that cycle, in order, up to `today`: its own timeline (an
    /// earlier cycle's milestones are not the journey's current ones).
    pub events: &'a [(String, NaiveDate)],
    /// What the workflow's guards see of that cycle (for the conditions still to meet).
    pub facts: &'a journey::Facts,
    /// The qualified services the cycle's inherited verdicts rely on.
    pub reliances: &'a [Reliance],
}

/// How to render a report. The default is French Markdown with the default marking: reports to
/// ANSSI are in French.
#[derive(Clone, Copy, Debug)]
pub struct Options<'a> {
    pub lang: Lang,
    pub format: Format,
    /// The confidentiality marking shown at the top and bottom of every page. `None`: the
    /// language's default ("Confidentiel", "Confidential"); an empty text: no marking.
    pub marking: Option<&'a str>,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            lang: Lang::Fr,
            format: Format::Markdown,
            marking: None,
        }
    }
}

impl Workspace<'_> {
    /// When milestone `id` was reached in the cycle reported on: by the first of its events in
    /// the cycle's timeline. A surveillance audit reaches no milestone of its own: it reports the
    /// journey's (`status`, the qualification it surveils).
    pub fn milestone_reached(&self, status: &journey::Status, id: &str) -> Option<NaiveDate> {
        if self.cycle_kind == journey::CycleKind::Surveillance {
            return status
                .milestones
                .iter()
                .find(|m| m.id == id)
                .and_then(|m| m.reached);
        }
        let wf = self.journey.workflow();
        let (_, events) = wf.milestones().find(|(m, _)| m.id == id)?;
        self.events
            .iter()
            .find(|(e, _)| events.iter().any(|&ix| wf.event(ix).id == *e))
            .map(|&(_, d)| d)
    }

    /// The axis a finding belongs to: its first requirement's chapter's (organizational when the
    /// requirement is unknown to the referential, so that no finding is ever left out).
    pub fn axis_of(&self, finding: &Finding) -> Axis {
        finding
            .requirements
            .first()
            .and_then(|id| self.referential.get(id))
            .map_or(Axis::Organizational, |r| {
                self.referential.chapter_of(r).axis
            })
    }
}
