//! Property tests over random event sequences.

use chrono::{Days, NaiveDate};
use journey::{Facts, Journey, Recorded, check_record};
use proptest::prelude::*;

use crate::common::{date, secnumcloud};

fn facts() -> Facts {
    Facts {
        service_kinds: vec!["iaas".into()],
        evaluation_centre: Some("CESTI".into()),
        // Not about cycles: every kind is open, so closing events are never blocked by it.
        open_cycles: journey::CycleKind::ALL.to_vec(),
        ..Facts::default()
    }
}

/// Random steps: an event index, a day offset (sometimes backwards), reserves, forced.
fn steps() -> impl Strategy<Value = Vec<(usize, i64, bool, bool)>> {
    prop::collection::vec(
        (0usize..16, -40i64..400, any::<bool>(), any::<bool>()),
        0..40,
    )
}

fn recorded(wf: &journey::Workflow, steps: &[(usize, i64, bool, bool)]) -> Vec<Recorded> {
    let events: Vec<&str> = wf.event_ids().collect();
    let mut day = date("2020-01-01");
    steps
        .iter()
        .map(|&(e, offset, reserves, forced)| {
            day = if offset >= 0 {
                day.checked_add_days(Days::new(offset as u64)).unwrap()
            } else {
                day.checked_sub_days(Days::new((-offset) as u64)).unwrap()
            };
            Recorded {
                event: events[e % events.len()].to_owned(),
                date: day,
                reserves: reserves.then(|| "reserve".to_owned()),
                forced,
            }
        })
        .collect()
}

proptest! {
    /// Any journal, even one no check would accept, replays without panicking, and the same way twice.
    #[test]
    fn replay_never_panics_and_is_deterministic(steps in steps(), today_offset in 0u64..6000) {
        let wf = secnumcloud();
        let journal = recorded(&wf, &steps);
        let today = date("2020-01-01").checked_add_days(Days::new(today_offset)).unwrap();
        let a = Journey::replay(&wf, &journal, today).map(|j| j.status(today));
        let b = Journey::replay(&wf, &journal, today).map(|j| j.status(today));
        prop_assert_eq!(a, b);
    }

    /// Building a journal through `check_record` only ever yields journals that replay, and
    /// `--at D` is the same as replaying just the entries dated up to D, for every date D in it.
    #[test]
    fn accepted_journals_replay_and_at_is_a_prefix(steps in steps()) {
        let wf = secnumcloud();
        let today = NaiveDate::from_ymd_opt(2040, 1, 1).unwrap();
        let mut journal: Vec<Recorded> = Vec::new();
        for candidate in recorded(&wf, &steps) {
            if check_record(&wf, &journal, &candidate, today, &facts()).is_ok() {
                journal.push(candidate);
            }
        }
        let full = Journey::replay(&wf, &journal, today);
        prop_assert!(full.is_ok(), "accepted journal does not replay: {:?}", full.err());
        for d in journal.iter().map(|r| r.date) {
            let at = Journey::replay(&wf, &journal, d).unwrap().status(d);
            let prefix: Vec<Recorded> = journal.iter().filter(|r| r.date <= d).cloned().collect();
            let replayed = Journey::replay(&wf, &prefix, d).unwrap().status(d);
            prop_assert_eq!(at, replayed);
        }
    }
}
