//! Composition: the qualified services this one is built on, whether each is qualified on a
//! date, and the inherited verdicts that lapse when it is not.
//!
//! A base declared from a registry carries its dates in the act, so its validity is computed
//! here; a base that is another workspace is read by the command line, which gives its
//! [`Validity`] on the date looked at. An inherited verdict holds only while its base is
//! qualified on that date: otherwise the requirement counts as not assessed ([`Dossier::lapse`]).

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};

use crate::act::BaseSource;
use crate::dossier::Dossier;

/// A base service's qualification on a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BaseState {
    Qualified,
    /// Qualified before, and past its expiry.
    Expired,
    Suspended,
    Withdrawn,
    /// Not (yet) qualified on that date.
    NotQualified,
    /// Its workspace could not be read (the message says why).
    Unreadable(String),
}

impl BaseState {
    /// The state's name (`qualified`, `expired`, `suspended`, `withdrawn`, `not-qualified`,
    /// `unreadable`): the JSON contract.
    pub fn as_str(&self) -> &'static str {
        match self {
            BaseState::Qualified => "qualified",
            BaseState::Expired => "expired",
            BaseState::Suspended => "suspended",
            BaseState::Withdrawn => "withdrawn",
            BaseState::NotQualified => "not-qualified",
            BaseState::Unreadable(_) => "unreadable",
        }
    }
}

/// A base's qualification on a date, and until when it runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Validity {
    pub state: BaseState,
    pub qualified_until: Option<NaiveDate>,
}

/// How long a registry entry with no dates is trusted after it was read: a year, after which
/// the registry must be read again (an entry that gives its qualification date runs three
/// years from it, SecNumCloud's validity).
const UNDATED_TRUST_MONTHS: u32 = 12;
const QUALIFICATION_MONTHS: u32 = 36;

/// A registry entry's validity on `date`: from its qualification date (else the day it was
/// read) to its expiry (else three years after its qualification, else a year after it was
/// read). Month arithmetic clamps to the month's end.
pub fn registry_validity(base: &BaseSource, date: NaiveDate) -> Option<Validity> {
    let BaseSource::Registry {
        qualified,
        expires,
        read,
        ..
    } = base
    else {
        return None;
    };
    let from = qualified.unwrap_or(*read);
    let until = expires.or_else(|| {
        qualified.map_or_else(
            || read.checked_add_months(Months::new(UNDATED_TRUST_MONTHS)),
            |q| q.checked_add_months(Months::new(QUALIFICATION_MONTHS)),
        )
    });
    let state = if date < from {
        BaseState::NotQualified
    } else if until.is_some_and(|u| date > u) {
        BaseState::Expired
    } else {
        BaseState::Qualified
    };
    Some(Validity {
        state,
        qualified_until: until,
    })
}

/// An inherited verdict that no longer holds on the date looked at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lapsed {
    pub cycle: String,
    /// The referential assessed beside the service's own it belongs to, if any.
    pub referential: Option<String>,
    pub requirement: String,
    pub check: Option<String>,
    pub base: String,
    pub state: BaseState,
}

impl Dossier<'_> {
    /// Makes every inherited verdict whose declared base is not qualified on this dossier's
    /// date count as not assessed (the verdict itself stays in the ledger's record), and lists
    /// them in `lapsed`. `validity` gives the workspace bases' validity on that date; registry
    /// bases are computed from their act. An inherited verdict citing no declared base (written
    /// before bases were declared) is left as it is.
    pub fn lapse(&mut self, validity: &BTreeMap<String, Validity>) {
        let date = self.as_of;
        let states: BTreeMap<&str, BaseState> = self
            .settings
            .bases
            .iter()
            .map(|(id, base)| {
                let v = registry_validity(base, date).or_else(|| validity.get(id).cloned());
                let state = v.map_or_else(
                    || BaseState::Unreadable("its qualification is unknown".to_owned()),
                    |v| v.state,
                );
                (id.as_str(), state)
            })
            .filter(|(_, s)| *s != BaseState::Qualified)
            .collect();
        if states.is_empty() {
            return;
        }
        let mut lapsed = Vec::new();
        for cycle in &mut self.cycles {
            let ledgers = std::iter::once((None, &mut cycle.evaluation))
                .chain(cycle.beside.iter_mut().map(|(id, l)| (Some(id.clone()), l)));
            for (referential, ledger) in ledgers {
                for (requirement, check, base) in ledger.lapse(|from| states.contains_key(from)) {
                    let state = states[base.as_str()].clone();
                    lapsed.push(Lapsed {
                        cycle: cycle.id.clone(),
                        referential: referential.clone(),
                        requirement,
                        check,
                        base,
                        state,
                    });
                }
            }
        }
        self.lapsed = lapsed;
    }
}
