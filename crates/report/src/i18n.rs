//! Every label of the summary report and the evaluation plan, in English and French, and the way
//! each language writes dates, numbers and lists.
//!
//! Labels are declared once, as pairs, so that no label can exist in one language only; tests walk
//! [`Labels::table`] to check that a report in one language holds no label of the other.

use chrono::{Datelike, NaiveDate};
use grid::{Confidentiality, FindingStatus, Method, Phase, PlanStatus, Severity, Verdict};
use journey::{DeadlineKind, DeadlineStatus};

use crate::lang::Lang;
use crate::workspace::Role;

/// Declares `Labels`, a struct of every fixed text in one language, and its two values `EN` and
/// `FR`, from `name: "English", "French";` pairs: a label cannot exist in one language only.
/// Exported: the command line's words are declared with it too.
#[macro_export]
macro_rules! labels {
    ($($field:ident: $en:literal, $fr:literal;)+) => {
        /// Every fixed text, in one language.
        #[derive(Debug)]
        pub struct Labels {
            $(pub $field: &'static str,)+
        }

        const EN: Labels = Labels { $($field: $en,)+ };
        const FR: Labels = Labels { $($field: $fr,)+ };

        impl Labels {

            /// Every label as (name, text), in declaration order.
            pub fn table(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($field), self.$field),)+]
            }
        }
    };
}

labels! {
    // Shared by both reports.
    marking_default: "Confidential", "Confidentiel";
    marking: "Marking", "Mention de protection";
    provider: "Provider", "Commanditaire";
    service: "Service", "Service";
    service_kinds: "Service kinds", "Types de service";
    referential: "Referential", "Référentiel";
    version: "version", "version";
    evaluation_centre: "Evaluation centre", "Centre d’évaluation";
    not_named: "not named", "non désigné";
    process: "Process", "Processus";
    current_state: "Current state", "État actuel";
    report_date: "Date of the report", "Date du rapport";
    contents: "Contents", "Sommaire";
    date: "Date", "Date";
    requirement: "Requirement", "Exigence";
    check: "Check", "Contrôle";
    chapter: "Chapter", "Chapitre";
    total: "Total", "Total";
    status: "Status", "Statut";
    by: "By", "Par";
    note: "Note", "Note";
    history: "History", "Historique";
    generated: "Produced with jalon from the workspace’s records.", "Établi avec jalon à partir des enregistrements de l’espace de travail.";
    page: "Page", "Page";
    // The summary report.
    summary_title: "Evaluation summary report", "Rapport de synthèse d’évaluation";
    managerial: "Managerial summary", "Synthèse managériale";
    organizational: "Organizational part", "Volet organisationnel";
    technical: "Technical part", "Volet technique";
    journey: "Where the journey stands", "Avancement du parcours de qualification";
    milestone: "Milestone", "Jalon";
    step: "Step", "Étape";
    cycle: "Evaluation cycle", "Cycle d’évaluation";
    ck_initial: "Initial evaluation", "Évaluation initiale";
    ck_surveillance: "Surveillance audit", "Audit de surveillance";
    ck_renewal: "Renewal evaluation", "Évaluation de renouvellement";
    reached_on: "Reached on", "Franchi le";
    not_reached: "not reached", "non franchi";
    cycle_events: "Events of this evaluation cycle", "Événements de ce cycle d’évaluation";
    event: "Event", "Événement";
    no_event: "No event recorded in the current cycle.", "Aucun événement enregistré dans le cycle en cours.";
    qualification: "Qualification", "Qualification";
    decided_on: "Decided on", "Prononcée le";
    valid_until: "Valid until", "Valable jusqu’au";
    reserves: "Reserves", "Réserves";
    appraisal: "Overall assessment", "Appréciation d’ensemble";
    applicable: "Applicable", "Applicables";
    assessed: "Assessed", "Évaluées";
    conform: "Conform", "Conformes";
    nonconform: "Nonconform", "Non conformes";
    not_assessed: "Not assessed", "Non évaluées";
    not_applicable: "Not applicable", "Non applicables";
    inherited: "Inherited", "Héritées";
    readiness: "Readiness", "Taux de conformité";
    readiness_note: "Readiness is the share of applicable requirements found conform.", "Le taux de conformité est la part des exigences applicables jugées conformes.";
    by_severity: "Non-conformities and observations by severity", "Non-conformités et observations par gravité";
    severity: "Severity", "Gravité";
    unresolved: "Unresolved", "Non soldés";
    unresolved_majors: "Unresolved major non-conformities", "Non-conformités majeures non soldées";
    col_open: "of which open", "dont ouverts";
    col_action_planned: "of which action planned", "dont action planifiée";
    col_remediated: "of which remediated", "dont corrigés";
    col_closed: "Closed", "Clos";
    col_withdrawn: "Withdrawn", "Retirés";
    unresolved_note: "Unresolved: open, with a corrective action planned, or remediated and awaiting the evaluator’s verification.", "Non soldés\u{a0}: ouverts, avec une action corrective planifiée, ou corrigés en attente de vérification par l’évaluateur.";
    risks: "Main risks", "Risques principaux";
    no_risk: "No major risk is identified on this date.", "Aucun risque majeur n’est identifié à cette date.";
    risk_open_major: "Unresolved major non-conformity", "Non-conformité majeure non soldée";
    risk_overdue_action: "Overdue corrective action", "Action corrective en retard";
    risk_overdue_deadline: "Overdue deadline", "Échéance dépassée";
    risk_expiry: "Qualification about to expire", "Fin de validité proche";
    risk_lapsed: "Qualification no longer valid", "Qualification plus valide";
    next_deadlines: "Next deadlines", "Prochaines échéances";
    no_deadline: "No deadline ahead.", "Aucune échéance à venir.";
    what: "What", "Objet";
    remaining_steps: "Remaining steps", "Étapes restantes";
    conditions: "Conditions to meet", "Conditions à remplir";
    no_condition: "No condition is pending on this date.", "Aucune condition n’est en suspens à cette date.";
    chart_chapters: "Results by chapter", "Résultats par chapitre";
    chart_severity: "Findings by severity", "Constats par gravité";
    chart_journey: "Qualification journey", "Parcours de qualification";
    resolved: "Resolved (closed or withdrawn)", "Soldés (clos ou retirés)";
    chapter_results: "Results by chapter", "Résultats par chapitre";
    nonconform_requirements: "Nonconform requirements", "Exigences non conformes";
    no_nonconform: "No requirement of this part is nonconform.", "Aucune exigence de ce volet n’est non conforme.";
    summary_col: "Summary", "Résumé";
    findings: "Findings", "Constats";
    no_findings: "No finding in this part.", "Aucun constat dans ce volet.";
    finding: "Finding", "Constat";
    title: "Title", "Intitulé";
    evidence: "Evidence", "Preuves";
    description: "Description", "Description";
    finding_details: "Findings in detail", "Détail des constats";
    corrective_actions: "Corrective actions", "Actions correctives";
    no_actions: "No corrective action in this part.", "Aucune action corrective dans ce volet.";
    action: "Action", "Action";
    owner: "Owner", "Responsable";
    due: "Due", "Échéance";
    root_cause: "Root cause", "Cause racine";
    overdue: "overdue", "en retard";
    exclusions: "Requirements declared not applicable or inherited", "Exigences déclarées non applicables ou héritées";
    justification: "Justification", "Justification";
    evidence_annex: "Annex — Evidence cited", "Annexe — Preuves citées";
    no_evidence: "No evidence is cited.", "Aucune preuve n’est citée.";
    reference: "Ref.", "Réf.";
    kind: "Kind", "Nature";
    confidentiality: "Confidentiality", "Confidentialité";
    collected_on: "Collected on", "Collectée le";
    sha256: "SHA-256 (first 16 digits)", "SHA-256 (16 premiers chiffres)";
    restricted_note: "Restricted evidence is cited by its reference only.", "Les preuves à diffusion restreinte sont citées par leur seule référence.";
    restricted_cited: "cited by reference only", "citée par sa seule référence";
    // The evaluation plan.
    plan_title: "Evaluation plan", "Plan d’évaluation";
    scope: "Scope of the evaluation", "Périmètre de l’évaluation";
    requirements_in_referential: "Assessable requirements of the referential", "Exigences évaluables du référentiel";
    applicable_requirements: "Applicable requirements", "Exigences applicables";
    other_kinds: "Out of scope: other service kinds", "Hors périmètre\u{a0}: autres types de service";
    recommendations: "Out of scope: recommendations (not checked)", "Hors périmètre\u{a0}: recommandations (non vérifiées)";
    informative: "Out of scope: examples and definitions (informative)", "Hors périmètre\u{a0}: exemples et définitions (informatifs)";
    reinforced_level: "Out of scope: reinforced level (assessed at the standard level)", "Hors périmètre\u{a0}: niveau renforcé (évalué au niveau standard)";
    declared_not_applicable: "Declared not applicable", "Déclarées non applicables";
    declared_inherited: "Inherited from a qualified service", "Héritées d’un service qualifié";
    scope_by_chapter: "Applicable requirements and planned checks by chapter", "Exigences applicables et contrôles prévus par chapitre";
    organisation: "Organisation of the evaluation", "Organisation de l’évaluation";
    team: "Team", "Équipe";
    member: "Member", "Membre";
    role: "Role", "Rôle";
    no_team: "No team is declared in the workspace (jalon.ron, `team`).", "Aucune équipe n’est déclarée dans l’espace de travail (jalon.ron, `team`).";
    by_evaluator: "Checks by evaluator", "Contrôles par évaluateur";
    evaluator: "Evaluator", "Évaluateur";
    unassigned: "unassigned", "non affecté";
    phases: "Phases and timeline", "Phases et calendrier";
    phase: "Phase", "Phase";
    start: "Start", "Début";
    end: "End", "Fin";
    checks: "Checks", "Contrôles";
    not_scheduled: "not scheduled", "non planifié";
    chart_plan: "Timeline of the phases", "Calendrier des phases";
    by_method: "Checks by method", "Contrôles par méthode";
    method: "Method", "Méthode";
    checks_by_phase: "Checks by phase", "Contrôles par phase";
    no_checks: "No check is planned in this phase.", "Aucun contrôle n’est prévu dans cette phase.";
    validation: "Validation", "Validation";
    plan_status: "Status of the plan", "Statut du plan";
    axis: "Part", "Volet";
    axis_organizational: "organizational", "organisationnel";
    axis_technical: "technical", "technique";
    // Names of closed sets.
    sev_major: "Major non-conformity", "Non-conformité majeure";
    sev_minor: "Minor non-conformity", "Non-conformité mineure";
    sev_observation: "Observation", "Observation";
    sev_major_short: "Major", "Majeure";
    sev_minor_short: "Minor", "Mineure";
    st_open: "Open", "Ouvert";
    st_action_planned: "Action planned", "Action planifiée";
    st_remediated: "Remediated, to be verified", "Corrigé, à vérifier";
    st_closed: "Closed", "Clos";
    st_withdrawn: "Withdrawn", "Retiré";
    v_conform: "Conform", "Conforme";
    v_nonconform: "Nonconform", "Non conforme";
    v_not_assessed: "Not assessed", "Non évaluée";
    v_not_applicable: "Not applicable", "Non applicable";
    v_inherited: "Inherited", "Héritée";
    conf_public: "Public", "Publique";
    conf_internal: "Internal", "Interne";
    conf_restricted: "Restricted", "Diffusion restreinte";
    m_documentary: "Document review", "Revue documentaire";
    m_interview: "Interview", "Entretien";
    m_technical_test: "Technical test", "Test technique";
    m_on_site: "On-site observation", "Observation sur site";
    ph_documentary: "Documentary audit", "Audit documentaire";
    ph_onsite: "On-site audit", "Audit sur site";
    ps_draft: "Draft", "Brouillon";
    ps_submitted: "Submitted to ANSSI", "Soumis à l’ANSSI";
    ps_validated: "Validated by ANSSI", "Validé par l’ANSSI";
    ps_changes_requested: "Changes requested by ANSSI", "Modifications demandées par l’ANSSI";
    dk_surveillance: "Surveillance audit", "Audit de surveillance";
    dk_renewal: "Start of the renewal", "Lancement du renouvellement";
    dk_expiry: "End of validity of the qualification", "Fin de validité de la qualification";
    ds_done: "Done", "Réalisé";
    ds_upcoming: "Upcoming", "À venir";
    ds_overdue: "Overdue", "Dépassé";
    ds_lapsed: "Lapsed", "Caduc";
    // The centre's narrative in the summary report.
    centre_conclusion: "Conclusion of the evaluation centre", "Avis du centre d’évaluation";
    no_conclusion: "The evaluation centre has not recorded its conclusion yet.", "Le centre d’évaluation n’a pas encore enregistré son avis.";
    op_favourable: "Favourable", "Favorable";
    op_reserves: "Favourable with reserves", "Favorable avec réserves";
    op_unfavourable: "Unfavourable", "Défavorable";
    residual_risks_heading: "Residual risks and recommendations", "Risques résiduels et recommandations";
    residual_risks: "Residual risks", "Risques résiduels";
    no_residual_risk: "The evaluation centre has recorded no residual risk.", "Le centre d’évaluation n’a enregistré aucun risque résiduel.";
    centre_recommendations: "Recommendations of the evaluation centre", "Recommandations du centre d’évaluation";
    no_recommendation: "The evaluation centre has recorded no recommendation.", "Le centre d’évaluation n’a enregistré aucune recommandation.";
    team_and_phases: "Evaluation team and phases", "Équipe d’évaluation et phases";
    reliances: "Reliance on qualified services (composition)", "Recours à des services qualifiés (composition)";
    no_reliance: "No requirement is inherited from a qualified service.", "Aucune exigence n’est héritée d’un service qualifié.";
    base_service: "Qualified service", "Service qualifié";
    until: "Until", "Jusqu’au";
    base_validity: "Qualification on the report’s date", "Qualification à la date du rapport";
    inherited_requirements: "Inherited requirements", "Exigences héritées";
    lapsed_note: "An inherited requirement whose service is no longer qualified counts as not assessed.", "Une exigence héritée d’un service qui n’est plus qualifié compte comme non évaluée.";
    base_qualified: "qualified", "qualifié";
    base_expired: "expired", "expiré";
    base_suspended: "suspended", "suspendu";
    base_withdrawn: "withdrawn", "retiré";
    base_not_qualified: "not qualified", "non qualifié";
    base_unreadable: "unknown (its workspace cannot be read)", "inconnue (son espace ne peut être lu)";
    methods: "Methods", "Méthodes";
    no_phases: "No evaluation plan with dates yet.", "Pas encore de plan d’évaluation daté.";
    out_of_scope: "Outside this cycle's scope", "Hors du périmètre de ce cycle";
    no_chapter_in_scope: "No chapter of this part is in this cycle's scope", "Aucun chapitre de ce volet n’est dans le périmètre de ce cycle";
    report_reference: "Report reference", "Référence du rapport";
    report_version: "Report version", "Version du rapport";
    report_author: "Author", "Auteur";
    report_approver: "Approver", "Approbateur";
    not_recorded: "not recorded", "non renseigné";
    // The calendar (`jalon calendar`, its iCalendar file).
    cal_surveillance: "Surveillance audit due", "Échéance de l’audit de surveillance";
    cal_renewal: "Renewal should start", "Lancement attendu du renouvellement";
    cal_expiry: "Qualification expires", "Fin de validité de la qualification";
    cal_action: "Corrective action due", "Échéance d’une action corrective";
    cal_plan: "evaluation plan", "plan d’évaluation";
    cal_cycle: "cycle", "cycle";
    cal_owner: "Owner", "Responsable";
    cal_deadline_of: "Deadline of", "Échéance de";
    cal_computed: "computed by jalon from the workspace’s records.", "calculée par jalon à partir des enregistrements de l’espace de travail.";
    cal_none: "No deadline", "Aucune échéance";
    cal_none_within: "No deadline within", "Aucune échéance dans les";
    cal_days: "days", "jours";
    cal_wrote: "Wrote", "Écrit";
    cal_deadlines_to: "deadline(s) to", "échéance(s) dans";
    // The static site (`jalon site`).
    site_title: "Qualification dashboard", "Tableau de bord de la qualification";
    portfolio_title: "Portfolio of qualified services", "Portefeuille de services qualifiés";
    portfolio_caption: "Every service, its qualification and what falls due", "Chaque service, sa qualification et ses échéances";
    portfolio_state: "Journey state", "État du parcours";
    portfolio_until: "Qualified until", "Qualifié jusqu’au";
    portfolio_next: "Next deadline", "Prochaine échéance";
    portfolio_overdue: "Overdue items", "Éléments en retard";
    portfolio_findings: "Open findings (major / minor / observation)", "Constats ouverts (majeurs / mineurs / observations)";
    portfolio_readiness: "Readiness of the current cycle", "Avancement du cycle en cours";
    portfolio_unreadable: "could not be read", "n’a pas pu être lu";
    skip_to_content: "Skip to the content", "Aller au contenu";
    page_sections: "Sections of the page", "Sections de la page";
    situation_on: "Situation on", "Situation au";
    overdue_actions: "Overdue corrective actions", "Actions correctives en retard";
    cycles: "Evaluation cycles", "Cycles d’évaluation";
    opened_on: "Opened on", "Ouvert le";
    closed_on: "Closed on", "Clos le";
    outcome: "Outcome", "Issue";
    cycle_current: "current cycle", "cycle en cours";
    cycle_shown: "cycle shown", "cycle affiché";
    timeline: "Timeline of milestones and deadlines", "Chronologie des jalons et des échéances";
    timeline_short: "Timeline", "Chronologie";
    today: "Today", "Aujourd’hui";
    grid_heading: "Evaluation grid", "Grille d’évaluation";
    grid_caption: "Requirements of the grid of cycle", "Exigences de la grille du cycle";
    filter_grid: "Filter the grid", "Filtrer la grille";
    search: "Search", "Rechercher";
    all_chapters: "All chapters", "Tous les chapitres";
    verdict: "Verdict", "Verdict";
    all_verdicts: "All verdicts", "Tous les verdicts";
    all_severities: "All severities", "Toutes les gravités";
    reset_filters: "Show every requirement", "Afficher toutes les exigences";
    rows_shown: "{n} of {total} requirements shown", "{n} exigences affichées sur {total}";
    rows_shown_one: "{n} of {total} requirements shown", "{n} exigence affichée sur {total}";
    no_script: "The filters need JavaScript: the whole grid is shown.", "Les filtres nécessitent JavaScript\u{a0}: toute la grille est affichée.";
    script_errors: "Errors of the page’s script", "Erreurs du script de la page";
    v_out_of_scope: "Out of scope", "Hors périmètre";
    findings_heading: "Findings and corrective actions", "Constats et actions correctives";
    opened_in: "Opened in", "Ouvert dans";
    lateness: "Lateness", "Retard";
    on_time: "on time", "dans les délais";
    done_late: "Done late", "Réalisé en retard";
    no_action: "no corrective action", "aucune action corrective";
    no_finding_yet: "No finding is recorded.", "Aucun constat n’est enregistré.";
    sha256_full: "SHA-256 of the file", "SHA-256 du fichier";
    calendar: "Calendar", "Calendrier";
    relative_today: "From today", "Par rapport à aujourd’hui";
    no_dates: "No date to keep.", "Aucune date à tenir.";
    comparison: "Comparison of cycles", "Comparaison des cycles";
    no_comparison: "There is one cycle so far: nothing to compare.", "Il n’y a qu’un cycle à ce jour\u{a0}: rien à comparer.";
    changed_verdicts: "Verdicts that changed", "Verdicts modifiés";
    no_changed_verdict: "No verdict changed between these cycles.", "Aucun verdict n’a changé entre ces cycles.";
    findings_opened: "Findings opened", "Constats ouverts";
    findings_settled: "Findings closed or withdrawn", "Constats clos ou retirés";
    findings_carried: "Findings carried over", "Constats reportés";
    none: "none", "aucun";
    readiness_by_chapter: "Readiness by chapter", "Taux de conformité par chapitre";
    charts: "Charts", "Graphiques";
    chart_findings_time: "Findings opened and closed over time", "Constats ouverts et clos au fil du temps";
    opened_cumulative: "Opened (cumulative)", "Ouverts (cumul)";
    settled_cumulative: "Closed or withdrawn (cumulative)", "Clos ou retirés (cumul)";
    role_provider: "Provider (qualification officer)", "Commanditaire (responsable de la qualification)";
    role_evaluator: "Evaluator", "Évaluateur";
    role_lead: "Lead evaluator", "Responsable d’évaluation";
    role_anssi: "ANSSI (officer in charge of the qualification)", "ANSSI (chargé de qualification)";
}

/// The labels of a language.
pub fn labels(lang: Lang) -> &'static Labels {
    match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
    }
}

impl Labels {
    pub fn severity(&self, s: Severity) -> &'static str {
        match s {
            Severity::Major => self.sev_major,
            Severity::Minor => self.sev_minor,
            Severity::Observation => self.sev_observation,
        }
    }

    /// Short form for charts.
    pub fn severity_short(&self, s: Severity) -> &'static str {
        match s {
            Severity::Major => self.sev_major_short,
            Severity::Minor => self.sev_minor_short,
            Severity::Observation => self.sev_observation,
        }
    }

    pub fn finding_status(&self, s: FindingStatus) -> &'static str {
        match s {
            FindingStatus::Open => self.st_open,
            FindingStatus::ActionPlanned => self.st_action_planned,
            FindingStatus::Remediated => self.st_remediated,
            FindingStatus::Closed => self.st_closed,
            FindingStatus::Withdrawn => self.st_withdrawn,
        }
    }

    pub fn verdict(&self, v: Verdict) -> &'static str {
        match v {
            Verdict::Conform => self.v_conform,
            Verdict::Nonconform => self.v_nonconform,
            Verdict::NotAssessed => self.v_not_assessed,
            Verdict::NotApplicable => self.v_not_applicable,
            Verdict::Inherited => self.v_inherited,
        }
    }

    pub fn confidentiality(&self, c: Confidentiality) -> &'static str {
        match c {
            Confidentiality::Public => self.conf_public,
            Confidentiality::Internal => self.conf_internal,
            Confidentiality::Restricted => self.conf_restricted,
        }
    }

    pub fn method(&self, m: Method) -> &'static str {
        match m {
            Method::Documentary => self.m_documentary,
            Method::Interview => self.m_interview,
            Method::TechnicalTest => self.m_technical_test,
            Method::OnSite => self.m_on_site,
        }
    }

    pub fn phase(&self, p: Phase) -> &'static str {
        match p {
            Phase::Documentary => self.ph_documentary,
            Phase::Onsite => self.ph_onsite,
        }
    }

    pub fn plan_status(&self, s: PlanStatus) -> &'static str {
        match s {
            PlanStatus::Draft => self.ps_draft,
            PlanStatus::Submitted => self.ps_submitted,
            PlanStatus::Validated => self.ps_validated,
            PlanStatus::ChangesRequested => self.ps_changes_requested,
        }
    }

    pub fn cycle_kind(&self, k: journey::CycleKind) -> &'static str {
        match k {
            journey::CycleKind::Initial => self.ck_initial,
            journey::CycleKind::Surveillance => self.ck_surveillance,
            journey::CycleKind::Renewal => self.ck_renewal,
        }
    }

    pub fn deadline_kind(&self, k: DeadlineKind) -> &'static str {
        match k {
            DeadlineKind::SurveillanceAudit => self.dk_surveillance,
            DeadlineKind::RenewalStart => self.dk_renewal,
            DeadlineKind::Expiry => self.dk_expiry,
        }
    }

    pub fn deadline_status(&self, s: DeadlineStatus) -> &'static str {
        match s {
            DeadlineStatus::Done => self.ds_done,
            DeadlineStatus::Upcoming => self.ds_upcoming,
            DeadlineStatus::Overdue => self.ds_overdue,
            DeadlineStatus::Lapsed => self.ds_lapsed,
        }
    }

    pub fn opinion(&self, o: grid::Opinion) -> &'static str {
        match o {
            grid::Opinion::Favourable => self.op_favourable,
            grid::Opinion::FavourableWithReserves => self.op_reserves,
            grid::Opinion::Unfavourable => self.op_unfavourable,
        }
    }

    pub fn role(&self, r: Role) -> &'static str {
        match r {
            Role::Provider => self.role_provider,
            Role::Evaluator => self.role_evaluator,
            Role::LeadEvaluator => self.role_lead,
            Role::Anssi => self.role_anssi,
        }
    }

    pub fn axis(&self, a: grid::Axis) -> &'static str {
        match a {
            grid::Axis::Organizational => self.axis_organizational,
            grid::Axis::Technical => self.axis_technical,
        }
    }
}

/// Every label of a language as (name, text): for tests and translators.
pub fn table(lang: Lang) -> Vec<(&'static str, &'static str)> {
    labels(lang).table()
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// The name of a month (1–12) in a language, as written inside a date.
pub fn month(lang: Lang, month: u32) -> &'static str {
    let i = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::En => MONTHS_EN[i],
        Lang::Fr => MONTHS_FR[i],
    }
}

/// A date as the language writes it in running text: `23 November 2026`, `23 novembre 2026`,
/// `1er mars 2026`. The spaces are non-breaking so that a date never splits across lines.
pub fn date(lang: Lang, d: NaiveDate) -> String {
    let day = match (lang, d.day()) {
        (Lang::Fr, 1) => "1er".to_owned(),
        (_, n) => n.to_string(),
    };
    format!("{day}\u{a0}{}\u{a0}{}", month(lang, d.month()), d.year())
}

/// `April 2026`, `avril 2026`: a month on a chart's axis.
pub fn month_year(lang: Lang, d: NaiveDate) -> String {
    format!("{}\u{a0}{}", month(lang, d.month()), d.year())
}

/// A percentage with one decimal: `18.5%`, `18,5 %` (non-breaking space in French).
pub fn percent(lang: Lang, value: f64) -> String {
    match lang {
        Lang::En => format!("{value:.1}%"),
        Lang::Fr => format!("{}\u{a0}%", format!("{value:.1}").replace('.', ",")),
    }
}

/// ":" in English, " :" (non-breaking) in French.
pub fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::En => ":",
        Lang::Fr => "\u{a0}:",
    }
}

/// `a, b and c`; `a, b et c`.
pub fn list(lang: Lang, items: &[String]) -> String {
    let and = match lang {
        Lang::En => " and ",
        Lang::Fr => " et ",
    };
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}{and}{last}", init.join(", ")),
    }
}

/// `n` followed by the singular or plural noun, as the language counts: French takes the
/// singular for 0 and 1, English for 1 only.
pub fn count(lang: Lang, n: usize, singular: &str, plural: &str) -> String {
    let one = match lang {
        Lang::En => n == 1,
        Lang::Fr => n <= 1,
    };
    format!("{n}\u{a0}{}", if one { singular } else { plural })
}

/// The grid crate's language for bilingual texts.
pub fn grid_lang(lang: Lang) -> grid::Lang {
    match lang {
        Lang::En => grid::Lang::En,
        Lang::Fr => grid::Lang::Fr,
    }
}

/// A workflow label in a language.
pub fn wf_text(lang: Lang, t: &journey::Text) -> &str {
    match lang {
        Lang::En => &t.en,
        Lang::Fr => &t.fr,
    }
}

impl Labels {
    /// A base service's state (`qualified`, `expired`…) in the report's language.
    pub fn base_state(&self, state: &str) -> &'static str {
        match state {
            "qualified" => self.base_qualified,
            "expired" => self.base_expired,
            "suspended" => self.base_suspended,
            "withdrawn" => self.base_withdrawn,
            "not-qualified" => self.base_not_qualified,
            _ => self.base_unreadable,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_per_language() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(date(Lang::Fr, d), "23\u{a0}novembre\u{a0}2026");
        assert_eq!(date(Lang::En, d), "23\u{a0}November\u{a0}2026");
        let first = NaiveDate::from_ymd_opt(2027, 8, 1).unwrap();
        assert_eq!(date(Lang::Fr, first), "1er\u{a0}août\u{a0}2027");
        assert_eq!(date(Lang::En, first), "1\u{a0}August\u{a0}2027");
    }

    #[test]
    fn every_label_exists_in_both_languages() {
        let (en, fr) = (table(Lang::En), table(Lang::Fr));
        assert_eq!(en.len(), fr.len());
        for ((name, e), (_, f)) in en.iter().zip(&fr) {
            assert!(!e.trim().is_empty(), "{name} is empty in English");
            assert!(!f.trim().is_empty(), "{name} is empty in French");
        }
    }

    #[test]
    fn counts_follow_each_language() {
        assert_eq!(count(Lang::Fr, 0, "constat", "constats"), "0\u{a0}constat");
        assert_eq!(count(Lang::En, 0, "finding", "findings"), "0\u{a0}findings");
        assert_eq!(count(Lang::Fr, 2, "constat", "constats"), "2\u{a0}constats");
        assert_eq!(
            list(Lang::Fr, &["5".into(), "6".into(), "7".into()]),
            "5, 6 et 7"
        );
    }
}
