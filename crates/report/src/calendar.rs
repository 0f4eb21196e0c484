//! The calendar's texts, in English and French: what each dated item is called in a list and
//! in an iCalendar event. Building the file is the caller's (it is a format, not a text).

use chrono::NaiveDate;
use dossier::{Due, DueKind};

use crate::i18n::{self, colon};
use crate::lang::Lang;

/// An item's title, e.g. `Surveillance audit due`, `Corrective action due: F-003 — Patch the
/// hypervisors`, `Documentary audit (evaluation plan, cycle initial)`. Text the user typed (a
/// finding's action) is left as typed: the caller escapes it for where it goes.
pub fn title(lang: Lang, due: &Due) -> String {
    let t = i18n::labels(lang);
    match due.kind {
        DueKind::SurveillanceAudit => t.cal_surveillance.to_owned(),
        DueKind::RenewalStart => t.cal_renewal.to_owned(),
        DueKind::Expiry => t.cal_expiry.to_owned(),
        DueKind::CorrectiveAction => {
            let finding = due.finding.as_deref().unwrap_or_default();
            match &due.title {
                Some(what) => format!("{}{} {finding} — {what}", t.cal_action, colon(lang)),
                None => format!("{}{} {finding}", t.cal_action, colon(lang)),
            }
        }
        DueKind::PlanPhase => {
            let phase = due.phase.map(|p| t.phase(p)).unwrap_or_default();
            let cycle = due.cycle.as_deref().unwrap_or_default();
            format!("{phase} ({}, {} {cycle})", t.cal_plan, t.cal_cycle)
        }
    }
}

/// An event's description: whose deadline it is, its status and who owns it.
pub fn description(lang: Lang, due: &Due, workflow: &str) -> String {
    let t = i18n::labels(lang);
    let mut out = format!(
        "{} {workflow} ({}), {}",
        t.cal_deadline_of,
        t.deadline_status(due.status).to_lowercase(),
        t.cal_computed
    );
    if let Some(owner) = &due.owner {
        out.push_str(&format!(" {}{} {owner}.", t.cal_owner, colon(lang)));
    }
    out
}

/// `in 12 days`, `3 days ago`, `today`; `dans 12 jours`, `il y a 3 jours`, `aujourd’hui`.
pub fn relative(lang: Lang, due: NaiveDate, today: NaiveDate) -> String {
    let days = (due - today).num_days();
    let unit = |n: i64| match (lang, n) {
        (Lang::En, 1) => "1 day".to_owned(),
        (Lang::Fr, 1) => "1 jour".to_owned(),
        (Lang::En, n) => format!("{n} days"),
        (Lang::Fr, n) => format!("{n} jours"),
    };
    match (lang, days) {
        (Lang::En, 0) => "today".to_owned(),
        (Lang::Fr, 0) => "aujourd’hui".to_owned(),
        (Lang::En, d) if d > 0 => format!("in {}", unit(d)),
        (Lang::Fr, d) if d > 0 => format!("dans {}", unit(d)),
        (Lang::En, d) => format!("{} ago", unit(-d)),
        (Lang::Fr, d) => format!("il y a {}", unit(-d)),
    }
}
