//! The command line's words in English and French: one table of labels, declared as pairs so
//! that none exists in one language only (as the reports' `i18n.rs`), and the sentences that hold
//! values. Commands take them through [`labels`] with [`crate::ctx::Ctx::lang`]. Error messages
//! and hints are in [`errors`], the catalogue.

use journey::{Alert, DeadlineKind, DeadlineStatus};

use crate::ctx::Language;

pub mod errors;

report::labels! {
    // `jalon status`.
    workflow: "Workflow", "Processus";
    date: "Date", "Date";
    state: "State", "État";
    qualified: "Qualified", "Qualifié";
    yes: "yes", "oui";
    no: "no", "non";
    cycle: "Cycle", "Cycle";
    open: "open", "ouvert";
    closed: "closed", "clos";
    milestones: "Milestones (current cycle)", "Jalons (cycle en cours)";
    qualification: "Qualification", "Qualification";
    decided: "decided", "décidée";
    expires: "expires", "expire";
    reserves: "reserves", "réserves";
    deadlines: "Deadlines", "Échéances";
    alerts: "Alerts", "Alertes";
    // Kinds and states of deadlines.
    surveillance_audit: "surveillance-audit", "audit de surveillance";
    expiry: "expiry", "expiration";
    renewal_start: "renewal-start", "début du renouvellement";
    done: "done", "fait";
    upcoming: "upcoming", "à venir";
    overdue: "overdue", "en retard";
    lapsed: "lapsed", "caduc";
    // Kinds of evaluation cycle.
    initial: "initial", "initiale";
    surveillance: "surveillance", "surveillance";
    renewal: "renewal", "renouvellement";
    // `jalon journey`.
    no_event_yet: "No event recorded yet. `jalon journey next` lists what can be recorded.", "Aucun événement enregistré. `jalon journey next` liste ce qui peut l'être.";
    for_party: "for", "pour";
    forced: "forced", "forcé";
    note: "note", "note";
    // `jalon journey next`.
    state_now: "State", "État";
    nothing_possible: "No event is possible from this state.", "Aucun événement n'est possible depuis cet état.";
    ready: "ready", "prêt";
    blocked: "blocked", "bloqué";
    // `jalon cycle list`.
    cycles_as_of: "Cycles as of", "Cycles au";
    the_current_one: "(* the current one)", "(* le cycle en cours)";
    nothing_recorded: "nothing recorded yet", "rien d'enregistré";
    late_word: "late", "en retard";
    on_time: "on time", "dans les temps";
    due: "due", "échéance";
    // `jalon cycle show` and `cycle compare`.
    as_of: "as of", "au";
    current_cycle: "current", "en cours";
    opened_label: "Opened", "Ouvert";
    closed_label: "Closed", "Clos";
    not_yet: "not yet", "pas encore";
    by_event: "by", "par";
    carried_label: "Carried", "Reportés";
    plan_label: "Plan", "Plan";
    items: "item(s)", "élément(s)";
    none: "none", "aucun";
    grid_label: "Grid", "Grille";
    scope_label: "Scope", "Périmètre";
    scope_empty: "nothing yet (no plan, no finding)", "rien encore (ni plan ni constat)";
    events_label: "Events", "Événements";
    findings_label: "Findings", "Constats";
    evidence_label: "Evidence", "Preuves";
    carried_from: "carried over from", "reporté de";
    opened_here: "opened here", "ouvert ici";
    here: "here", "ici";
    in_cycle: "in", "dans";
    verdicts_label: "Verdicts", "Verdicts";
    changed: "changed", "modifiés";
    unchanged: "unchanged", "inchangés";
    evaluated_only_in: "evaluated only in", "évalués seulement dans";
    only_in: "only in", "seulement dans";
    findings_of: "Findings of", "Constats de";
    new_findings: "new", "nouveaux";
    closed_findings: "closed", "clos";
    carried_findings: "carried", "reportés";
    readiness_per_chapter: "Readiness per chapter", "Taux de conformité par chapitre";
    // `jalon portfolio`.
    portfolio_as_of: "Portfolio as of", "Portefeuille au";
    col_workspace: "Workspace", "Espace de travail";
    col_provider: "Provider", "Fournisseur";
    col_service: "Service", "Service";
    col_kinds: "Kinds", "Types";
    col_qualified_until: "Qualified until", "Qualifié jusqu'au";
    col_days_left: "Days left", "Jours restants";
    col_next_deadline: "Next deadline", "Prochaine échéance";
    col_overdue: "Overdue", "En retard";
    col_open_findings: "Open findings (maj/min/obs)", "Constats ouverts (maj/min/obs)";
    col_readiness: "Readiness", "Conformité";
    error_word: "error", "erreur";
    unreadable: "Workspaces that could not be read", "Espaces de travail illisibles";
    corrective_action: "corrective-action", "action corrective";
    plan_phase: "plan-phase", "phase du plan";
    portfolio_calendar: "jalon — portfolio", "jalon — portefeuille";
}

pub fn labels(lang: Language) -> &'static Labels {
    match lang {
        Language::En => &EN,
        Language::Fr => &FR,
    }
}

impl Labels {
    pub fn cycle_kind(&self, k: journey::CycleKind) -> &'static str {
        match k {
            journey::CycleKind::Initial => self.initial,
            journey::CycleKind::Surveillance => self.surveillance,
            journey::CycleKind::Renewal => self.renewal,
        }
    }

    pub fn deadline_kind(&self, k: DeadlineKind) -> &'static str {
        match k {
            DeadlineKind::SurveillanceAudit => self.surveillance_audit,
            DeadlineKind::Expiry => self.expiry,
            DeadlineKind::RenewalStart => self.renewal_start,
        }
    }

    /// What a date to keep is (`jalon calendar`'s kinds).
    pub fn due_kind(&self, k: dossier::DueKind) -> &'static str {
        match k {
            dossier::DueKind::SurveillanceAudit => self.surveillance_audit,
            dossier::DueKind::RenewalStart => self.renewal_start,
            dossier::DueKind::Expiry => self.expiry,
            dossier::DueKind::CorrectiveAction => self.corrective_action,
            dossier::DueKind::PlanPhase => self.plan_phase,
        }
    }

    pub fn deadline_status(&self, s: DeadlineStatus) -> &'static str {
        match s {
            DeadlineStatus::Done => self.done,
            DeadlineStatus::Upcoming => self.upcoming,
            DeadlineStatus::Overdue => self.overdue,
            DeadlineStatus::Lapsed => self.lapsed,
        }
    }
}

/// How long is left before the expiry, or since it.
pub fn days_left(lang: Language, days: i64) -> String {
    match (lang, days >= 0) {
        (Language::En, true) => format!("{days} days left"),
        (Language::En, false) => format!("expired {} days ago", -days),
        (Language::Fr, true) => format!("{days} jours restants"),
        (Language::Fr, false) => format!("expirée depuis {} jours", -days),
    }
}

/// What `jalon portfolio --ics FILE` wrote.
pub fn portfolio_wrote(lang: Language, dates: usize, services: usize, file: &str) -> String {
    match lang {
        Language::En => format!("Wrote {dates} date(s) of {services} service(s) to {file}."),
        Language::Fr => {
            format!("{dates} date(s) de {services} service(s) écrite(s) dans {file}.")
        }
    }
}

/// A deadline met after its date.
pub fn late(lang: Language, on: chrono::NaiveDate) -> String {
    match lang {
        Language::En => format!("late, on {on}"),
        Language::Fr => format!("en retard, le {on}"),
    }
}

/// An alert of the journey.
pub fn alert(lang: Language, a: &Alert) -> String {
    if lang == Language::En {
        return a.describe();
    }
    match a {
        Alert::Withdrawn { decided, on } => {
            format!("La qualification décidée le {decided} a été retirée le {on}.")
        }
        Alert::Expired { expires } => format!(
            "La qualification a expiré le {expires} : une nouvelle qualification est nécessaire."
        ),
        Alert::Suspended { since } => format!("La qualification est suspendue depuis le {since}."),
        Alert::Expiring { expires, days_left } => {
            format!("La qualification expire le {expires} ({days_left} jours restants).")
        }
        Alert::AuditOverdue { due } => format!(
            "L'audit de surveillance attendu le {due} est en retard : aucun audit réussi n'est enregistré pour lui."
        ),
        Alert::RenewalOverdue { due, expires } => format!(
            "Le renouvellement aurait dû commencer au plus tard le {due} : enregistrez `renewal-started` dès le début de la nouvelle évaluation, avant l'expiration de la qualification le {expires}."
        ),
        Alert::AuditFailed { on } => format!(
            "L'audit de surveillance du {on} a échoué : des actions correctives et un audit réussi sont nécessaires."
        ),
    }
}

/// A corrective action past its due date.
pub fn overdue_action(
    lang: Language,
    finding: &str,
    severity: &str,
    due: chrono::NaiveDate,
    days: i64,
    owner: &str,
) -> String {
    match lang {
        Language::En => format!(
            "The corrective action of {finding} ({severity}) was due on {due}, {days} days ago (owner: {owner})."
        ),
        Language::Fr => format!(
            "L'action corrective de {finding} ({severity}) était attendue le {due}, il y a {days} jours (responsable : {owner})."
        ),
    }
}

/// A base service whose qualification does not hold on the date: the inherited requirements
/// count as not assessed.
pub fn base_lapsed(lang: Language, id: &str, state: &str, requirements: usize) -> String {
    match lang {
        Language::En => format!(
            "Base `{id}` is {state}: {requirements} inherited requirement(s) count as not assessed until it is qualified again or they are assessed."
        ),
        Language::Fr => format!(
            "La base `{id}` est {} : {requirements} exigence(s) héritée(s) comptent comme non évaluées jusqu'à ce qu'elle soit de nouveau qualifiée ou qu'elles soient évaluées.",
            match state {
                "expired" => "expirée",
                "suspended" => "suspendue",
                "withdrawn" => "retirée",
                "not-qualified" => "non qualifiée",
                "unreadable" => "illisible",
                other => other,
            }
        ),
    }
}

/// A base service whose qualification ends within 90 days.
pub fn base_expiring(
    lang: Language,
    id: &str,
    until: chrono::NaiveDate,
    days: i64,
    requirements: usize,
) -> String {
    match lang {
        Language::En => format!(
            "Base `{id}`'s qualification ends on {until}, in {days} days: then {requirements} inherited requirement(s) lapse."
        ),
        Language::Fr => format!(
            "La qualification de la base `{id}` prend fin le {until}, dans {days} jours : {requirements} exigence(s) héritée(s) tomberont alors."
        ),
    }
}

/// `jalon portfolio --site`: where the site's index is.
pub fn portfolio_site(lang: Language, services: usize, index: &str) -> String {
    match lang {
        Language::En => {
            format!("Wrote the portfolio's site ({services} service dashboard(s)): open {index}.")
        }
        Language::Fr => format!(
            "Site du portefeuille écrit ({services} tableau(x) de bord de service) : ouvrir {index}."
        ),
    }
}

/// `jalon grid`'s lines that hold counts.
pub mod grid {
    use crate::ctx::Language;

    pub fn cycle_line(lang: Language, id: &str, kind: &str, date: chrono::NaiveDate) -> String {
        match lang {
            Language::En => format!("Cycle {id} ({kind}) as of {date}"),
            Language::Fr => format!("Cycle {id} ({kind}) au {date}"),
        }
    }

    pub fn level(lang: Language, level: grid::Level) -> String {
        match (lang, level) {
            (Language::En, l) => format!(" ({} level)", l.as_str()),
            (Language::Fr, grid::Level::Standard) => " (niveau standard)".to_owned(),
            (Language::Fr, grid::Level::Reinforced) => " (niveau renforcé)".to_owned(),
        }
    }

    pub fn summary(lang: Language, s: &grid::Counts) -> String {
        match lang {
            Language::En => format!(
                "{} applicable, {} assessed ({} conform, {} nonconform), {} not applicable, {} inherited; readiness {:.1} %",
                s.applicable,
                s.assessed,
                s.conform,
                s.nonconform,
                s.not_applicable,
                s.inherited,
                s.readiness
            ),
            Language::Fr => format!(
                "{} applicables, {} évaluées ({} conformes, {} non conformes), {} non applicables, {} héritées ; taux de conformité {:.1} %",
                s.applicable,
                s.assessed,
                s.conform,
                s.nonconform,
                s.not_applicable,
                s.inherited,
                s.readiness
            ),
        }
    }

    pub fn open_findings(lang: Language, o: &grid::OpenFindings) -> String {
        match lang {
            Language::En => format!(
                "Open findings: {} major, {} minor, {} observation(s)",
                o.major, o.minor, o.observation
            ),
            Language::Fr => format!(
                "Constats ouverts : {} majeur(s), {} mineur(s), {} observation(s)",
                o.major, o.minor, o.observation
            ),
        }
    }

    pub fn chapter(lang: Language, c: &grid::Counts) -> String {
        match lang {
            Language::En => format!(
                "{}/{} assessed, {} nonconform, readiness {:.1} %",
                c.assessed, c.applicable, c.nonconform, c.readiness
            ),
            Language::Fr => format!(
                "{}/{} évaluées, {} non conformes, taux de conformité {:.1} %",
                c.assessed, c.applicable, c.nonconform, c.readiness
            ),
        }
    }

    pub fn out_of_scope(lang: Language, reason: &grid::OutOfScope) -> String {
        match lang {
            Language::En => format!("out of scope: {}", reason.describe()),
            Language::Fr => format!("hors périmètre : {}", reason.describe_in(grid::Lang::Fr)),
        }
    }

    pub fn verdict(lang: Language, v: grid::Verdict) -> &'static str {
        match lang {
            Language::En => v.as_str(),
            Language::Fr => match v {
                grid::Verdict::NotAssessed => "non évaluée",
                grid::Verdict::Conform => "conforme",
                grid::Verdict::Nonconform => "non conforme",
                grid::Verdict::NotApplicable => "non applicable",
                grid::Verdict::Inherited => "héritée",
            },
        }
    }
}

/// `jalon finding list`'s words.
pub mod finding {
    use crate::ctx::Language;

    pub fn none(lang: Language) -> &'static str {
        match lang {
            Language::En => "No finding.",
            Language::Fr => "Aucun constat.",
        }
    }

    pub fn severity(lang: Language, s: &str) -> String {
        match (lang, s) {
            (Language::Fr, "major") => "majeure".to_owned(),
            (Language::Fr, "minor") => "mineure".to_owned(),
            _ => s.to_owned(),
        }
    }

    pub fn status(lang: Language, s: &str) -> String {
        match (lang, s) {
            (Language::Fr, "open") => "ouvert".to_owned(),
            (Language::Fr, "action-planned") => "action planifiée".to_owned(),
            (Language::Fr, "remediated") => "corrigé".to_owned(),
            (Language::Fr, "closed") => "clos".to_owned(),
            (Language::Fr, "withdrawn") => "retiré".to_owned(),
            _ => s.to_owned(),
        }
    }

    pub fn due(lang: Language, d: chrono::NaiveDate) -> String {
        match lang {
            Language::En => format!("due {d}"),
            Language::Fr => format!("échéance {d}"),
        }
    }

    pub fn overdue(lang: Language) -> &'static str {
        match lang {
            Language::En => "(overdue)",
            Language::Fr => "(en retard)",
        }
    }

    pub fn carried(lang: Language, from: &str, recheck: bool) -> String {
        match (lang, recheck) {
            (Language::En, true) => format!("(carried over from {from}: to re-check)"),
            (Language::En, false) => format!("(carried over from {from})"),
            (Language::Fr, true) => format!("(reporté de {from} : à revérifier)"),
            (Language::Fr, false) => format!("(reporté de {from})"),
        }
    }
}

/// What `jalon site` wrote.
pub fn site_written(lang: Language, files: usize, dir: &str, cycle: &str) -> String {
    match (lang, files) {
        (Language::En, 1) => format!("Wrote the site (1 file, cycle {cycle}) to {dir}.\n"),
        (Language::En, n) => format!("Wrote the site ({n} files, cycle {cycle}) to {dir}.\n"),
        (Language::Fr, 1) => format!("Site écrit dans {dir} (1 fichier, cycle {cycle}).\n"),
        (Language::Fr, n) => format!("Site écrit dans {dir} ({n} fichiers, cycle {cycle}).\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each label is given in both languages, and a French label is not left in English.
    #[test]
    fn every_label_in_both_languages() {
        let fr = FR.table();
        for ((name, en), (_, fr)) in EN.table().into_iter().zip(fr) {
            assert!(!en.is_empty() && !fr.is_empty(), "{name}");
        }
    }
}
