//! Every error message and hint of the command line, in English and French: one catalogue.
//!
//! An entry is a function name, its typed parameters, then the English and the French format
//! strings side by side, so that no message exists in one language only. It gives a [`Text`],
//! the only thing [`crate::error::CommandError`] takes: a plain English `String` does not compile
//! into an error. A [`Text`] parameter is shown in the language being written.
//!
//! The domain's refusals ([`refusal`], [`journey_refusal`], [`blocker`], [`storage`] and the
//! ones they hold) come after the catalogue: their English is their `Display`, their French is
//! written here, in a `match` without a catch-all arm, so that a new variant must get its French.
//!
//! French follows `messages.rs`: a space before `:`, `;` and `?`, the straight apostrophe.
//! Commands, options, ids and file names stay as typed.

use std::fmt::Display;

use dossier::{ActKind, ApplyError, Refusal, Refused};
use grid::LedgerError;
use journey::{Blocker, CycleKind};
use storage::StorageError;

use crate::ctx::Language;

/// A message in both languages; [`Text::pick`] gives the one to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    en: String,
    fr: String,
}

impl Text {
    /// The message in `lang`.
    pub fn pick(&self, lang: Language) -> &str {
        match lang {
            Language::En => &self.en,
            Language::Fr => &self.fr,
        }
    }

    /// Text that is the same in every language because jalon does not write it: a library's
    /// or the system's error text (a RON, CSV or XLSX parser, an I/O error). Not for jalon's
    /// own sentences, which go into the catalogue.
    pub fn verbatim(text: impl Into<String>) -> Text {
        let text = text.into();
        Text {
            en: text.clone(),
            fr: text,
        }
    }

    /// `items` one after the other, `separator` between them (a list of problems).
    pub fn join(items: impl IntoIterator<Item = Text>, separator: &str) -> Text {
        let (en, fr): (Vec<String>, Vec<String>) = items.into_iter().map(|t| (t.en, t.fr)).unzip();
        Text {
            en: en.join(separator),
            fr: fr.join(separator),
        }
    }

    /// The domain's English `Display`, with the French written here.
    fn domain(en: impl Display, fr: String) -> Text {
        Text {
            en: en.to_string(),
            fr,
        }
    }

    /// English text of the domain that reaches the command line as a string, not a typed value,
    /// and that this catalogue does not know (a rule added since): shown as it is in French too.
    fn untranslated(text: &str) -> Text {
        Text::verbatim(text)
    }
}

/// A value shown in a message: a [`Text`] in the language being written, anything else as it
/// displays.
pub trait Arg {
    fn arg(&self, lang: Language) -> &dyn Display;
}

impl<T: Display> Arg for T {
    fn arg(&self, _: Language) -> &dyn Display {
        self
    }
}

impl Arg for Text {
    fn arg(&self, lang: Language) -> &dyn Display {
        match lang {
            Language::En => &self.en,
            Language::Fr => &self.fr,
        }
    }
}

/// Declares the catalogue: `name(param: Type, …) => "English {param}", "French {param}";`
/// gives `pub fn name(param: Type, …) -> Text`. The format strings name the parameters; each
/// language is formatted with the [`Text`] parameters in that language. `CATALOGUE` lists every
/// entry as (name, English, French) for tests and translators.
macro_rules! catalogue {
    ($($name:ident($($param:ident: $ty:ty),* $(,)?) => $en:literal, $fr:literal;)+) => {
        $(
            pub fn $name($($param: $ty),*) -> Text {
                Text {
                    en: {
                        $(let $param = $param.arg(Language::En);)*
                        format!($en)
                    },
                    fr: {
                        $(let $param = $param.arg(Language::Fr);)*
                        format!($fr)
                    },
                }
            }
        )+

        /// Every entry as (name, English, French), in declaration order.
        #[cfg(test)]
        pub const CATALOGUE: &[(&str, &str, &str)] = &[$((stringify!($name), $en, $fr),)+];
    };
}

catalogue! {
    // Shared by many commands.
    did_you_mean(ids: Text) => "did you mean {ids}?", "vouliez-vous dire {ids} ?";
    nearest_ids(ids: &str) => "nearest ids: {ids}", "identifiants les plus proches : {ids}";
    nothing_written(message: Text) => "{message}; nothing was written", "{message} ; rien n'a été écrit";
    labelled_nothing_written(label: &Text, message: Text) => "{label}: {message}; nothing was written", "{label} : {message} ; rien n'a été écrit";
    option_empty(option: &str) => "{option} must not be empty", "{option} ne doit pas être vide";
    option_is_empty(option: &str) => "{option} is empty", "{option} est vide";
    invalid_date(value: &str) => "`{value}` is not a valid date; write it YYYY-MM-DD, e.g. 2026-03-02", "`{value}` n'est pas une date valide ; écrivez-la YYYY-MM-DD, par exemple 2026-03-02";
    date_after_today(date: impl Display, today: impl Display) => "the date {date} is after today ({today}); record things once they happened", "la date {date} est postérieure à aujourd'hui ({today}) ; enregistrez les faits une fois survenus";
    at_after_today(at: impl Display, today: impl Display) => "--at {at} is after today ({today}); nothing is known of it yet", "--at {at} est postérieur à aujourd'hui ({today}) ; on n'en sait encore rien";
    force_needs_note() => "--force needs --note \"why\": the override is kept in history with its reason", "--force demande --note \"pourquoi\" : le passage en force est gardé dans l'historique avec sa raison";
    force_needs_note_in(label: &Text) => "{label}: --force needs a note saying why", "{label} : --force demande une note qui dise pourquoi";
    // Base services (composition).
    declare_base() => "`jalon base list` lists the bases; `jalon base add PATH` (another jalon workspace) or `jalon base add ID --registry FILE` declares one", "`jalon base list` liste les bases ; `jalon base add CHEMIN` (un autre espace jalon) ou `jalon base add ID --registry FICHIER` en déclare une";
    not_a_base_source(given: &str) => "`{given}` is neither a jalon workspace (a folder holding a jalon.ron) nor, without --registry, a registry entry", "`{given}` n'est ni un espace jalon (un dossier contenant un jalon.ron) ni, sans --registry, une entrée de registre";
    use_registry() => "give the registry of qualified services with --registry FILE (examples/registry.ron is a sample)", "donnez le registre des services qualifiés avec --registry FICHIER (examples/registry.ron en est un exemple)";
    not_in_registry(id: &str, known: &str) => "`{id}` is not an entry of the registry; entries: {known}", "`{id}` n'est pas une entrée du registre ; entrées : {known}";
    base_is_itself() => "a workspace cannot be its own base", "un espace ne peut pas être sa propre base";
    base_id_taken(id: &str) => "a base `{id}` is declared already", "une base `{id}` est déjà déclarée";
    choose_base_id() => "give another id with --id ID", "donnez un autre identifiant avec --id ID";
    // Keys and signatures.
    sign_with_key() => "sign with your private key: --key PATH, JALON_SIGNING_KEY, or git's user.signingkey with gpg.format=ssh", "signez avec votre clé privée : --key CHEMIN, JALON_SIGNING_KEY, ou le user.signingkey de git avec gpg.format=ssh";
    declare_key(actor: &str) => "`{actor}` needs a declared key: `jalon team add {actor} --role ROLE --public-key FILE`, signed by who manages that part of the team; then sign with --key PATH", "`{actor}` doit avoir une clé déclarée : `jalon team add {actor} --role ROLE --public-key FICHIER`, signé par qui gère cette partie de l'équipe ; puis signez avec --key CHEMIN";
    sign_with_own_key(actor: &str) => "sign with `{actor}`'s own key (`jalon team list` shows its fingerprint), or rotate it with `jalon team key {actor} --public-key FILE`", "signez avec la clé de `{actor}` (`jalon team list` montre son empreinte), ou remplacez-la avec `jalon team key {actor} --public-key FICHIER`";
    team_parts() => "`jalon team list` shows who manages which part of the team", "`jalon team list` montre qui gère quelle partie de l'équipe";
    give_public_key() => "add --public-key FILE (their `.pub` file)", "ajoutez --public-key FICHIER (son fichier `.pub`)";
    required_needs_public_key() => "--signatures required needs --public-key FILE: you are the team's first member, the provider's officer, with that key", "--signatures required demande --public-key FICHIER : vous êtes le premier membre de l'équipe, le responsable de la qualification du commanditaire, avec cette clé";
    key_not_of_public_key() => "the key given with --key is not the private key of --public-key", "la clé donnée par --key n'est pas la clé privée de --public-key";
    give_matching_private_key() => "give the private key whose `.pub` is --public-key", "donnez la clé privée dont --public-key est le `.pub`";
    required_needs_private_key() => "--signatures required needs your private key to sign the first entries", "--signatures required demande votre clé privée pour signer les premières entrées";
    give_private_key() => "give it with --key PATH or JALON_SIGNING_KEY", "donnez-la par --key CHEMIN ou JALON_SIGNING_KEY";
    cannot_render_json(error: impl Display) => "cannot render JSON: {error}", "impossible de produire le JSON : {error}";
    cannot_write_stdout(error: impl Display) => "cannot write to standard output: {error}", "impossible d'écrire sur la sortie standard : {error}";
    binary_needs_output(kind: &str) => "a {kind} is a binary file: give -o FILE (or -o - for standard output)", "un {kind} est un fichier binaire : donnez -o FILE (ou -o - pour la sortie standard)";
    binary_needs_output_file(kind: &str) => "a {kind} is a binary file: give -o FILE", "un {kind} est un fichier binaire : donnez -o FILE";
    file_name(name: &str) => "{name}", "{name}";
    file_line(name: &Text, line: usize) => "{name}:{line}", "{name}:{line}";
    at_line(name: &Text, line: usize, message: Text) => "{name}:{line}: {message}", "{name}:{line} : {message}";

    // The workspace and its history.
    create_a_workspace() => "create one with `jalon init`, try `jalon demo`, or point to one with -C DIR", "créez-en un avec `jalon init`, essayez `jalon demo`, ou désignez-en un avec -C DIR";
    choose_another_folder() => "choose another folder, or work in the existing workspace", "choisissez un autre dossier, ou travaillez dans l'espace de travail existant";
    check_the_path() => "check that the path exists and that you may read and write it", "vérifiez que le chemin existe et que vous pouvez le lire et y écrire";
    history_integrity() => "the workspace's history has integrity problems", "l'historique de l'espace de travail a des problèmes d'intégrité";
    verify_for_the_list() => "run `jalon verify` for the full list; restore the files from git", "lancez `jalon verify` pour la liste complète ; restaurez les fichiers depuis git";
    verify_and_restore() => "run `jalon verify`; restore the files from git", "lancez `jalon verify` ; restaurez les fichiers depuis git";
    journal_unreplayable(path: &str, event: &str, date: impl Display, reason: Text) => "{path}: the journal cannot be replayed: `{event}` on {date} {reason}", "{path} : le journal ne peut pas être rejoué : `{event}` le {date} {reason}";
    history_edited() => "the history was edited by hand or the workflow changed; run `jalon verify` and restore the files from git", "l'historique a été modifié à la main ou le processus a changé ; lancez `jalon verify` et restaurez les fichiers depuis git";

    // The portfolio.
    no_portfolio(dir: impl Display) => "no workspace to read: no folder was given and {dir} holds no portfolio.ron", "aucun espace de travail à lire : aucun dossier n'est donné et {dir} ne contient pas de portfolio.ron";
    give_portfolio() => "give the workspaces' folders (`jalon portfolio iaas saas`), or list them in a portfolio.ron: (format: 1, workspaces: [\"iaas\", \"saas\"])", "donnez les dossiers des espaces de travail (`jalon portfolio iaas saas`), ou listez-les dans un portfolio.ron : (format: 1, workspaces: [\"iaas\", \"saas\"])";
    portfolio_unreadable(unreadable: usize, total: usize) => "{unreadable} of {total} workspaces could not be read; their rows say why", "{unreadable} des {total} espaces de travail n'ont pas pu être lus ; leurs lignes disent pourquoi";

    // Text options.
    holds_hostile(option: &str, what: Text, code: &str) => "{option} holds {what} (U+{code}), which jalon does not record", "{option} contient {what} (U+{code}), que jalon n'enregistre pas";
    a_line_break() => "a line break", "un saut de ligne";
    a_tab() => "a tab", "une tabulation";
    a_control_character() => "a control character", "un caractère de contrôle";
    a_bidi_character() => "a bidirectional control character", "un caractère de contrôle bidirectionnel";
    one_line_option(option: &str) => "{option} is one line of text: no line break, tab, control or bidirectional control character", "{option} tient sur une ligne : ni saut de ligne, ni tabulation, ni caractère de contrôle, bidirectionnel ou non";
    multi_line_option(option: &str) => "{option} may hold line breaks and tabs, but no other control character and no bidirectional control character", "{option} peut contenir des sauts de ligne et des tabulations, mais aucun autre caractère de contrôle ni caractère de contrôle bidirectionnel";
    name_the_actor() => "name who acts with --as ACTOR", "nommez qui agit avec --as ACTOR";
    invalid_format(value: &str, types: &str) => "invalid value `{value}` for --format: human or json (the document type is --to: {types})", "valeur invalide `{value}` pour --format : human ou json (le type de document se donne avec --to : {types})";

    // Cycles, referentials, requirements.
    no_cycle(id: &str) => "there is no cycle `{id}`", "il n'y a pas de cycle `{id}`";
    cycles_are(ids: &str) => "cycles: {ids}", "cycles : {ids}";
    list_cycles() => "`jalon cycle list` lists the cycles", "`jalon cycle list` liste les cycles";
    open_next_cycle() => "open the next cycle (`surveillance-audit-started`, `renewal-started`), or record into this one anyway with --cycle ID --force --note \"why\"", "ouvrez le cycle suivant (`surveillance-audit-started`, `renewal-started`), ou enregistrez quand même dans celui-ci avec --cycle ID --force --note \"pourquoi\"";
    referential_unknown(id: &str) => "referential `{id}` is neither embedded nor imported", "le référentiel `{id}` n'est ni embarqué ni importé";
    manifest_referential_unknown(id: &str) => "jalon.ron names referential `{id}`, which is neither embedded nor imported", "jalon.ron nomme le référentiel `{id}`, qui n'est ni embarqué ni importé";
    no_referential(id: &str) => "no referential `{id}`", "pas de référentiel `{id}`";
    list_referentials() => "`jalon referential list` shows the referentials available", "`jalon referential list` montre les référentiels disponibles";
    put_in_scope(id: &str) => "`jalon referential add {id} --level standard|reinforced` puts it in scope", "`jalon referential add {id} --level standard|reinforced` le met dans le périmètre";
    assess_reinforced(referential: &str) => "`jalon referential add {referential} --level reinforced` assesses the reinforced level too", "`jalon referential add {referential} --level reinforced` évalue aussi le niveau renforcé";
    keep_beside() => "the service's referential is the one it is qualified against; keep this one beside it (`jalon grid --referential ID`)", "le référentiel du service est celui de sa qualification ; gardez celui-ci en complément (`jalon grid --referential ID`)";
    switch_later() => "switch when the next cycle opens (a surveillance audit or a renewal: `jalon journey record …`), before its first verdict; or, to re-evaluate this cycle against it on purpose, --force --note \"why\"", "changez de référentiel à l'ouverture du cycle suivant (un audit de surveillance ou un renouvellement : `jalon journey record …`), avant son premier verdict ; ou, pour réévaluer ce cycle selon lui à dessein, --force --note \"pourquoi\"";
    referential_unavailable() => "the workspace's referential is not available", "le référentiel de l'espace de travail n'est pas disponible";
    vanished(id: &str) => "{id} vanished", "{id} a disparu";
    vanished_once_added(id: &str) => "{id} vanished once added", "{id} a disparu une fois ajouté";
    not_a_requirement_of(id: &str, referential: &str) => "`{id}` is not a requirement of {referential}", "`{id}` n'est pas une exigence de {referential}";
    neither_chapter_nor_requirement(target: &str) => "`{target}` is neither a chapter nor a requirement", "`{target}` n'est ni un chapitre ni une exigence";
    neither_chapter_nor_requirement_of(target: &str, referential: &str) => "`{target}` is neither a chapter nor a requirement of {referential}", "`{target}` n'est ni un chapitre ni une exigence de {referential}";
    no_chapter(chapter: &str, referential: &str) => "no chapter `{chapter}` in {referential}", "pas de chapitre `{chapter}` dans {referential}";
    chapters_are(ids: &str) => "chapters: {ids}", "chapitres : {ids}";
    grid_lists() => "`jalon grid` lists the requirements", "`jalon grid` liste les exigences";
    grid_in_lists(referential: &str) => "`jalon grid --referential {referential}` lists the requirements", "`jalon grid --referential {referential}` liste les exigences";
    its_checks(checks: &str) => "its checks: {checks}", "ses contrôles : {checks}";
    its_checks_none() => "its checks: none", "ses contrôles : aucun";
    show_sub_items() => "`jalon referential show ID` shows its sub-items", "`jalon referential show ID` montre ses sous-points";
    version_for_mapping() => "--version names an imported referential's version; a mapping has none", "--version nomme la version d'un référentiel importé ; une correspondance n'en a pas";
    import_without_version() => "import the mapping again without --version", "importez de nouveau la correspondance sans --version";
    id_for_mapping(id: &str) => "--id names an imported referential; the mapping keeps its own id, `{id}`", "--id nomme un référentiel importé ; la correspondance garde son propre identifiant, `{id}`";
    import_without_id() => "import the mapping again without --id", "importez de nouveau la correspondance sans --id";
    no_mapping(referential: &str, target: &str) => "no imported mapping goes from {referential} to `{target}`", "aucune correspondance importée ne va de {referential} à `{target}`";
    import_mapping() => "import CISO Assistant's mapping library: `jalon referential import --from ciso-assistant mapping-secnumcloud-3.2-to-iso27001-2022.yaml`", "importez la bibliothèque de correspondances de CISO Assistant : `jalon referential import --from ciso-assistant mapping-secnumcloud-3.2-to-iso27001-2022.yaml`";
    targets_are(ids: &str) => "targets: {ids}", "cibles : {ids}";

    // The team and roles.
    not_in_team(actor: &str) => "`{actor}` is not in the team", "`{actor}` n'est pas dans l'équipe";
    actor_empty() => "the actor must not be empty", "l'acteur ne doit pas être vide";
    show_team() => "`jalon team list` shows the team", "`jalon team list` montre l'équipe";
    team_roles() => "`jalon team list` shows who has which role", "`jalon team list` montre qui a quel rôle";
    add_to_team(actor: &str) => "`jalon team add {actor} --role ROLE` adds them", "`jalon team add {actor} --role ROLE` l'ajoute";
    record_on_behalf() => "record ANSSI's acts as the provider's officer with --on-behalf-of anssi --reference REF", "enregistrez les actes de l'ANSSI en tant que responsable de la qualification du commanditaire, avec --on-behalf-of anssi --reference REF";

    // The journey.
    unknown_event(event: &str, workflow: &str) => "`{event}` is not an event of workflow `{workflow}`", "`{event}` n'est pas un événement du processus `{workflow}`";
    journey_next() => "`jalon journey next` lists the events possible now", "`jalon journey next` liste les événements possibles maintenant";
    record_missing_first() => "record the missing event first (`jalon journey record EVENT`)", "enregistrez d'abord l'événement manquant (`jalon journey record EVENT`)";
    declare_kinds() => "`jalon service kinds KIND…` declares the service kinds", "`jalon service kinds KIND…` déclare les types de service";
    name_centre() => "`jalon service centre NAME` names the evaluation centre", "`jalon service centre NAME` désigne le centre d'évaluation";
    open_grid() => "`jalon grid --open` lists what is left to assess", "`jalon grid --open` liste ce qui reste à évaluer";
    open_grid_beside() => "`jalon grid --open` lists what is left to assess; `jalon grid --open --referential ID`, for a referential assessed beside it", "`jalon grid --open` liste ce qui reste à évaluer ; `jalon grid --open --referential ID`, pour un référentiel évalué en complément";
    name_audit_scope() => "the centre names what the audit covers: `jalon plan generate --only CHAPTER|REQ` (repeatable)", "le centre nomme ce que couvre l'audit : `jalon plan generate --only CHAPTER|REQ` (répétable)";
    write_and_validate_plan() => "the centre writes the plan with `jalon plan generate`, ANSSI validates it (`jalon plan validate`)", "le centre rédige le plan avec `jalon plan generate`, l'ANSSI le valide (`jalon plan validate`)";
    validate_plan() => "`jalon plan validate` once ANSSI has validated the plan", "`jalon plan validate` une fois le plan validé par l'ANSSI";
    close_or_reserves() => "close them, or record the decision with --reserves", "clôturez-les, ou enregistrez la décision avec --reserves";
    open_cycle_first() => "record the event that opens it first (e.g. `surveillance-audit-started`)", "enregistrez d'abord l'événement qui l'ouvre (par exemple `surveillance-audit-started`)";
    or_force() => "or, to record what really happened, --force --note \"why\"", "ou, pour enregistrer ce qui s'est réellement passé, --force --note \"pourquoi\"";
    graph_not_data() => "journey graph prints a drawing, not data: --to mermaid or --to dot", "journey graph imprime un dessin, pas des données : --to mermaid ou --to dot";
    retract_needs_note() => "retracting an entry needs --note \"why\": the reason is kept in history", "retirer une entrée demande --note \"pourquoi\" : la raison est gardée dans l'historique";
    list_history() => "`jalon history list` lists the entries", "`jalon history list` liste les entrées";

    // Verdicts.
    give_requirement_or_batch() => "give a requirement and --verdict, or --batch FILE", "donnez une exigence et --verdict, ou --batch FILE";
    verdict_after_today(date: impl Display, today: impl Display) => "the date {date} is after today ({today}); record verdicts once given", "la date {date} est postérieure à aujourd'hui ({today}) ; enregistrez les verdicts une fois rendus";
    not_applicable_needs(option: &str) => "a not-applicable verdict needs {option} \"why it does not apply\"", "un verdict not-applicable demande {option} \"pourquoi elle ne s'applique pas\"";
    inherited_needs(option: &str) => "an inherited verdict needs {option} SERVICE: the qualified service the requirement relies on", "un verdict inherited demande {option} SERVICE : le service qualifié dont l'exigence dépend";
    unknown_verdict(value: &str, expected: &str) => "unknown verdict `{value}`; expected one of {expected}", "verdict inconnu `{value}` ; attendu : l'un de {expected}";
    close_finding_first() => "close the finding first (`jalon finding close ID`, once the remediation is verified), then record the verdict", "clôturez d'abord le constat (`jalon finding close ID`, une fois la correction vérifiée), puis enregistrez le verdict";
    standard_input() => "standard input", "entrée standard";
    no_verdicts(name: &Text) => "{name}: no verdicts to record (a header line, then one row per verdict)", "{name} : aucun verdict à enregistrer (une ligne d'en-tête, puis une ligne par verdict)";
    cannot_read_stdin(error: impl Display) => "cannot read standard input: {error}", "impossible de lire l'entrée standard : {error}";
    give_utf8() => "give UTF-8 text, or a file with --batch FILE", "donnez du texte UTF-8, ou un fichier avec --batch FILE";
    stdin_too_large(bytes: u64) => "standard input is more than {bytes} bytes; split the batch", "l'entrée standard dépasse {bytes} octets ; découpez le lot";
    unknown_column(name: &Text, column: &str) => "{name}:1: unknown column `{column}`", "{name}:1 : colonne inconnue `{column}`";
    columns_are(columns: &str) => "the columns are {columns}", "les colonnes sont {columns}";
    header_lacks(name: &Text, column: &str) => "{name}:1: the header has no `{column}` column", "{name}:1 : l'en-tête n'a pas de colonne `{column}`";
    first_line_names() => "the first line names the columns, e.g. `requirement,verdict,note`", "la première ligne nomme les colonnes, par exemple `requirement,verdict,note`";
    too_many_rows(name: &Text, max: usize) => "{name}: more than {max} rows; split the batch", "{name} : plus de {max} lignes ; découpez le lot";
    no_requirement() => "no requirement", "aucune exigence";
    no_verdict() => "no verdict", "aucun verdict";
    csv_problem(name: &Text, at: &str, error: impl Display) => "{name}{at}: {error}", "{name}{at} : {error}";
    csv_shape() => "a header line naming the columns, then one row per verdict, all with as many cells", "une ligne d'en-tête qui nomme les colonnes, puis une ligne par verdict, toutes avec autant de cellules";

    // Findings and evidence.
    no_finding(id: &str) => "there is no finding `{id}`", "il n'y a pas de constat `{id}`";
    list_findings() => "`jalon finding list` lists the findings", "`jalon finding list` liste les constats";
    finding_show() => "`jalon finding show ID` shows where the finding stands", "`jalon finding show ID` montre où en est le constat";
    list_evidence() => "`jalon evidence list` lists the evidence; `jalon evidence add` adds some", "`jalon evidence list` liste les preuves ; `jalon evidence add` en ajoute";
    evidence_after_today(date: impl Display, today: impl Display) => "the date {date} is after today ({today})", "la date {date} est postérieure à aujourd'hui ({today})";
    not_a_file(path: impl Display) => "{path} is not a file", "{path} n'est pas un fichier";
    path_not_utf8(path: impl Display) => "the path {path} is not valid UTF-8; jalon records where referenced evidence is as text", "le chemin {path} n'est pas de l'UTF-8 valide ; jalon enregistre sous forme de texte où se trouvent les preuves référencées";
    rename_or_copy() => "rename the file (or the folder holding it), or add it with --copy: the copy gets a clean name", "renommez le fichier (ou le dossier qui le contient), ou ajoutez-le avec --copy : la copie reçoit un nom propre";
    changed_while_copied(path: impl Display) => "{path} changed while it was being copied", "{path} a changé pendant sa copie";

    // The evaluation plan and the reports.
    plan_generate_draft() => "`jalon plan generate` writes a draft from the scope", "`jalon plan generate` rédige un brouillon à partir du périmètre";
    plan_only() => "a surveillance audit covers what its plan names: `jalon plan generate --only CHAPTER|REQ` (repeatable), or open a finding on it", "un audit de surveillance couvre ce que nomme son plan : `jalon plan generate --only CHAPTER|REQ` (répétable), ou ouvrez un constat à son sujet";
    no_check_to_plan_one(referential: &str, cycle: &str) => "referential `{referential}` gives no check for the 1 requirement in the scope of cycle `{cycle}`: there is nothing to plan", "le référentiel `{referential}` ne donne aucun contrôle pour l'unique exigence du périmètre du cycle `{cycle}` : il n'y a rien à planifier";
    no_check_to_plan(referential: &str, count: usize, cycle: &str) => "referential `{referential}` gives no check for the {count} requirements in the scope of cycle `{cycle}`: there is nothing to plan", "le référentiel `{referential}` ne donne aucun contrôle pour les {count} exigences du périmètre du cycle `{cycle}` : il n'y a rien à planifier";
    add_checks(embedded: &str) => "add the evaluation centre's checks in checks.ron (docs/grid.md, \"The centre's own checks\"), or use a referential whose requirements have checks (as the embedded ones have: {embedded})", "ajoutez les contrôles du centre d'évaluation dans checks.ron (docs/grid.md, \"The centre's own checks\"), ou utilisez un référentiel dont les exigences ont des contrôles (comme les référentiels embarqués : {embedded})";
    empty_plan(cycle: &str) => "the plan of cycle `{cycle}` would have no check", "le plan du cycle `{cycle}` n'aurait aucun contrôle";
    plan_names_scope() => "a surveillance audit's plan names what it covers: --only CHAPTER or --only REQUIREMENT (repeatable)", "le plan d'un audit de surveillance nomme ce qu'il couvre : --only CHAPTER ou --only REQUIREMENT (répétable)";
    plan_has_no_check_of(target: &str) => "the plan has no check of {target}", "le plan n'a aucun contrôle de {target}";
    out_of_scope_not_planned() => "out-of-scope requirements are not in the plan; `jalon plan show` lists it", "les exigences hors périmètre ne sont pas dans le plan ; `jalon plan show` le liste";
    no_plan_yet(cycle: &str) => "cycle `{cycle}` has no evaluation plan yet", "le cycle `{cycle}` n'a pas encore de plan d'évaluation";
    no_plan_to_report(cycle: &str) => "cycle `{cycle}` has no evaluation plan yet, so there is nothing to report", "le cycle `{cycle}` n'a pas encore de plan d'évaluation : il n'y a rien à rapporter";

    // Exchanges: the evaluation form, OSCAL.
    no_cycle_by(date: impl Display) => "no evaluation cycle has opened by {date}: there are no results yet", "aucun cycle d'évaluation n'est ouvert au {date} : il n'y a pas encore de résultats";
    cannot_build_form(detail: Text) => "cannot build the form: {detail}", "impossible de produire le formulaire : {detail}";
    no_cycle_left() => "no cycle", "aucun cycle";
    date_out_of_range() => "date out of range", "date hors limites";
    apply_today() => "--apply records what the form says today; drop --at", "--apply enregistre aujourd'hui ce que dit le formulaire ; retirez --at";
    form_not_compared() => "the form was not compared", "le formulaire n'a pas été comparé";
    rows_changed_not_recorded(count: usize, file: &str) => "{count} row(s) of {file} changed in the workspace since the form was exported: not recorded", "{count} ligne(s) de {file} ont changé dans l'espace de travail depuis l'export du formulaire : non enregistrées";
    rows_changed_not_to_record(count: usize, file: &str) => "{count} row(s) of {file} changed in the workspace since the form was exported: not to record", "{count} ligne(s) de {file} ont changé dans l'espace de travail depuis l'export du formulaire : à ne pas enregistrer";
    export_again_copy() => "export the form again, copy the evaluator's results for those rows into it, and import it", "exportez de nouveau le formulaire, recopiez-y les résultats de l'évaluateur pour ces lignes, et importez-le";
    not_xlsx(file: &str, error: impl Display) => "{file}: not a readable XLSX workbook: {error}", "{file} : pas un classeur XLSX lisible : {error}";
    save_as_xlsx() => "save it again as an Excel workbook (.xlsx) from the spreadsheet program, or give the CSV", "enregistrez-le de nouveau comme classeur Excel (.xlsx) depuis le tableur, ou donnez le CSV";
    workbook_no_sheet(file: &str) => "{file}: the workbook has no sheet", "{file} : le classeur n'a aucune feuille";
    workbook_lacks_sheet(file: &str, sheet: &str) => "{file}: the workbook has no sheet \"{sheet}\"", "{file} : le classeur n'a pas de feuille \"{sheet}\"";
    its_sheets(sheets: &str) => "its sheets: {sheets}", "ses feuilles : {sheets}";
    xlsx_sheets() => "`jalon export form --to xlsx` writes one sheet per referential in scope", "`jalon export form --to xlsx` écrit une feuille par référentiel du périmètre";
    cannot_read_sheet(file: &str, sheet: &str, error: impl Display) => "{file}: cannot read sheet \"{sheet}\": {error}", "{file} : impossible de lire la feuille \"{sheet}\" : {error}";
    sheet_of(file: &str, sheet: &str) => "{file}, sheet \"{sheet}\"", "{file}, feuille \"{sheet}\"";
    not_csv(file: &str, row: usize, error: impl Display) => "{file}: row {row}: not CSV: {error}", "{file} : ligne {row} : pas du CSV : {error}";
    form_empty(name: &Text) => "{name}: empty: no header row", "{name} : vide : pas de ligne d'en-tête";
    not_form_header(name: &Text, columns: usize, first: &str, last: &str) => "{name}: row 1 is not the header of a form this jalon exports ({columns} columns from \"{first}\" to \"{last}\")", "{name} : la ligne 1 n'est pas l'en-tête d'un formulaire qu'exporte ce jalon ({columns} colonnes de \"{first}\" à \"{last}\")";
    export_fill_import() => "export the form again with `jalon export form`, fill that file in, and import it", "exportez de nouveau le formulaire avec `jalon export form`, remplissez ce fichier, et importez-le";
    not_a_verdict(word: &str, known: &str) => "\"{word}\" is not a verdict; write one of {known}", "\"{word}\" n'est pas un verdict ; écrivez l'un de {known}";
    cell_place(sheet: &Text, row: usize, column: &str, header: &str) => "{sheet}: row {row}, column {column} (\"{header}\")", "{sheet} : ligne {row}, colonne {column} (\"{header}\")";
    row_label(sheet: &Text, row: usize) => "{sheet} row {row}", "{sheet} ligne {row}";
    at_place(place: Text, message: Text) => "{place}: {message}", "{place} : {message}";
    no_check_in_form(place: Text, check: &str, requirement: &str) => "{place}: no check `{check}` of requirement `{requirement}` in this cycle's form", "{place} : pas de contrôle `{check}` de l'exigence `{requirement}` dans le formulaire de ce cycle";
    read_only_column(place: Text, says: &str, workspace: &str) => "{place}: this column is read-only (it says \"{says}\", the workspace \"{workspace}\")", "{place} : cette colonne est en lecture seule (elle dit \"{says}\", l'espace de travail \"{workspace}\")";
    observation_needs_result(place: Text) => "{place}: an observation goes with the check's result; give the result too", "{place} : une observation accompagne le résultat du contrôle ; donnez aussi le résultat";
    another_result(place: Text, first: usize, requirement: &str) => "{place}: row {first} gives requirement {requirement} another result", "{place} : la ligne {first} donne un autre résultat à l'exigence {requirement}";
    na_needs_justification(place: Text) => "{place}: not applicable needs a justification: write it in the observation", "{place} : non applicable demande une justification : écrivez-la dans l'observation";
    inherited_needs_service(place: Text, requirement: &str) => "{place}: an inherited result names the qualified service it relies on: record it with `jalon assess {requirement} --verdict inherited --from SERVICE`", "{place} : un résultat hérité nomme le service qualifié dont il dépend : enregistrez-le avec `jalon assess {requirement} --verdict inherited --from SERVICE`";
    form_problems(name: &Text, count: usize, problems: Text) => "{name}: {count} problem(s); nothing was written:\n  {problems}", "{name} : {count} problème(s) ; rien n'a été écrit :\n  {problems}";
    only_results_editable() => "only the check result, the requirement result and the observation may be filled in; the other columns are the workspace's", "seuls le résultat du contrôle, le résultat de l'exigence et l'observation peuvent être remplis ; les autres colonnes sont celles de l'espace de travail";

    // Sovereignty.
    neither_preset_nor_file(value: &str) => "`{value}` is neither a weight preset nor a file", "`{value}` n'est ni un jeu de poids prédéfini ni un fichier";
    presets_are(presets: &str) => "presets: {presets}", "jeux prédéfinis : {presets}";
    weights_file() => "a weights file maps SOV-1…SOV-8 to integers summing to 100 (docs/sovereignty.md)", "un fichier de poids associe à SOV-1…SOV-8 des entiers dont la somme fait 100 (docs/sovereignty.md)";
    cards_unreadable(failed: usize, total: usize) => "{failed} of {total} cards cannot be read", "{failed} cartes sur {total} ne peuvent pas être lues";
    card_exists(path: impl Display) => "{path} already exists; jalon does not overwrite a card", "{path} existe déjà ; jalon n'écrase pas une carte";
    choose_another_file() => "choose another file name, or remove the file first", "choisissez un autre nom de fichier, ou supprimez d'abord le fichier";
    neither_objective_nor_factor(id: &str) => "`{id}` is neither an objective nor a factor", "`{id}` n'est ni un objectif ni un facteur";
    objectives_and_factors() => "objectives are SOV-1 to SOV-8; factors SOV-1.1 to SOV-8.4", "les objectifs vont de SOV-1 à SOV-8 ; les facteurs de SOV-1.1 à SOV-8.4";

    // Workspace creation, the demo, the program itself.
    provider_service_empty() => "--provider and --service must not be empty", "--provider et --service ne doivent pas être vides";
    unknown_workflow(name: &str) => "unknown workflow `{name}`", "processus inconnu `{name}`";
    use_workflow(known: &str) => "use one of {known} or a .ron file inside the workspace", "utilisez l'un de {known} ou un fichier .ron dans l'espace de travail";
    demo_incoherent(detail: Text) => "the demo does not hold together: {detail}", "la démo ne tient pas debout : {detail}";
    no_referential_at_all() => "no referential", "aucun référentiel";
    step_in_wrong_cycle(date: impl Display, got: &str, wanted: &str) => "the step of {date} went to cycle {got}, not `{wanted}`", "l'étape du {date} est allée dans le cycle {got}, pas `{wanted}`";
    no_cycle_on(id: &str, date: impl Display) => "no cycle `{id}` on {date}", "pas de cycle `{id}` le {date}";
    cannot_write_completion(error: impl Display) => "cannot write the completion script: {error}", "impossible d'écrire le script de complétion : {error}";
    cannot_render_man(error: impl Display) => "cannot render the manual page: {error}", "impossible de produire la page de manuel : {error}";

    // The domain's sentences that have no `Display` of their own to follow (parts of refusals).
    not_possible_in_state(event: &str, state: &str) => "`{event}` is not possible in state `{state}`", "`{event}` n'est pas possible dans l'état `{state}`";
    would_no_longer_follow(event: &str, date: &str, reason: Text) => "`{event}` on {date} would no longer follow ({reason})", "`{event}` du {date} ne suivrait plus ({reason})";
}

/// `a`, `a or b`, `a or b or c`: ids to choose from.
pub fn or_list(ids: &[impl AsRef<str>]) -> Text {
    let ids: Vec<&str> = ids.iter().map(AsRef::as_ref).collect();
    Text {
        en: ids.join(" or "),
        fr: ids.join(" ou "),
    }
}

/// The first eight of `ids`, then how many more (as the dossier shows a heading's sub-items).
fn shown_fr(ids: &[String]) -> String {
    const SHOWN: usize = 8;
    if ids.len() <= SHOWN {
        ids.join(", ")
    } else {
        format!(
            "{} et {} autres",
            ids[..SHOWN].join(", "),
            ids.len() - SHOWN
        )
    }
}

/// A kind of cycle after "cycle" in French: `initial`, `de surveillance`, `de renouvellement`.
fn cycle_kind_fr(k: CycleKind) -> &'static str {
    match k {
        CycleKind::Initial => "initial",
        CycleKind::Surveillance => "de surveillance",
        CycleKind::Renewal => "de renouvellement",
    }
}

/// An act refused by the dossier, in both languages.
pub fn refusal(r: &Refusal) -> Text {
    let fr = match r {
        Refusal::UnknownCycle { id, date, known } => format!(
            "il n'y a pas de cycle `{id}` le {date} ; cycles : {}",
            known.join(", ")
        ),
        Refusal::NotClosedBy { id, kind, closes } => {
            let kinds: Vec<&str> = closes.iter().map(|k| cycle_kind_fr(*k)).collect();
            format!(
                "le cycle `{id}` est un cycle {} ; cet événement ne clôt qu'un cycle {}",
                cycle_kind_fr(*kind),
                kinds.join(" ou ")
            )
        }
        Refusal::UnknownEntry { name, .. } => {
            format!("il n'y a pas d'entrée d'historique `{name}`")
        }
        Refusal::RetractRetraction { name } => {
            format!("`{name}` est un retrait, ou est déjà retiré : rien à retirer")
        }
        Refusal::CycleClosed {
            id,
            closed,
            outcome,
        } => format!("le cycle `{id}` est clos ({outcome} le {closed})"),
        Refusal::Role(refused) => return roles(refused),
        Refusal::Signature(unsigned) => return signature(unsigned),
        Refusal::UnknownRequirement {
            id, referential, ..
        } => return not_a_requirement_of(id, referential),
        Refusal::UnknownCheck {
            requirement, check, ..
        } => format!("`{check}` n'est pas un contrôle de {requirement}"),
        Refusal::Heading { id, nearest } => {
            let more = if nearest.is_empty() {
                String::new()
            } else if nearest.iter().all(|n| n.starts_with(&format!("{id}."))) {
                format!(" ; ses sous-points sont {}", shown_fr(nearest))
            } else {
                format!(
                    " ; les exigences évaluables les plus proches sont {}",
                    nearest.join(", ")
                )
            };
            format!("{id} est un titre, pas une exigence évaluable{more}")
        }
        Refusal::OutOfScope { id, cycle } => format!(
            "{id} n'est pas dans le périmètre du cycle `{cycle}` (ce que couvre son plan et ce que nomment ses constats)"
        ),
        Refusal::UnknownEvidence { id, .. } => format!("il n'y a pas de preuve `{id}`"),
        Refusal::UnknownFinding { id, .. } => return no_finding(id),
        Refusal::DuplicateId { id } => format!("le constat `{id}` existe déjà"),
        Refusal::ConformWithOpenFinding {
            requirement,
            findings,
        } => match findings.len() {
            1 => format!(
                "{requirement} ne peut pas être conforme tant qu'une non-conformité ouverte la nomme : {}",
                findings.join(", ")
            ),
            n => format!(
                "{requirement} ne peut pas être conforme tant que {n} non-conformités ouvertes la nomment : {}",
                findings.join(", ")
            ),
        },
        Refusal::Apply(e) => return apply(e),
        Refusal::UnknownReferential { id } => return referential_unknown(id),
        Refusal::NotInScope {
            id,
            service,
            beside,
        } => {
            let beside = if beside.is_empty() {
                String::new()
            } else {
                format!(", et {} en complément", beside.join(", "))
            };
            format!(
                "le référentiel `{id}` n'est pas dans le périmètre de l'espace de travail (le service est évalué selon {service}{beside})"
            )
        }
        Refusal::AboveLevel { id, referential } => {
            format!("{id} relève du niveau renforcé ; {referential} est évalué au niveau standard")
        }
        Refusal::AddOwn { id } => {
            format!("{id} est le référentiel du service lui-même ; il est déjà dans le périmètre")
        }
        Refusal::SwitchToBeside { id, current } => format!(
            "{id} est évalué en complément du référentiel du service ; ses verdicts et ses plans sont tenus à part de ceux de {current}"
        ),
        Refusal::ReferentialInUse {
            id,
            current,
            cycle,
            verdicts,
            plan,
        } => format!(
            "le cycle `{cycle}` est évalué selon {current} ({verdicts} verdict(s){}) ; passer à {id} les reporterait par identifiant",
            if *plan { ", un plan" } else { "" }
        ),
        Refusal::Journey(j) => return journey_refusal(j),
        Refusal::BreaksLater {
            date,
            label,
            message,
        } => format!(
            "l'enregistrer le {date} casse le journal qui suit : {label} : {}",
            apply_reason(message).fr
        ),
        Refusal::InTheFuture { date, today } => return date_after_today(date, today),
        Refusal::BaseDeclared { id } => return base_id_taken(id),
        Refusal::UnknownBase { from, known } => {
            if known.is_empty() {
                format!("`{from}` n'est pas un service de base déclaré ; aucun ne l'est")
            } else {
                format!(
                    "`{from}` n'est pas un service de base déclaré ; bases : {}",
                    known.join(", ")
                )
            }
        }
    };
    Text::domain(r, fr)
}

/// An act the team's roles do not allow.
pub fn roles(r: &Refused) -> Text {
    let fr = match r {
        Refused::UnknownActor { actor } => return not_in_team(actor),
        Refused::Role { rule, actor, role } => {
            format!("{} ; `{actor}` est {role}", rule_fr(rule))
        }
        Refused::OnBehalf { actor, role } => format!(
            "seul le responsable de la qualification du commanditaire enregistre des actes au nom de l'ANSSI ; `{actor}` est {role}"
        ),
        Refused::NoReference => "un acte au nom de l'ANSSI demande une référence (le courrier, le courriel ou la décision dont il vient)".to_owned(),
    };
    Text::domain(r, fr)
}

/// A signature rule's refusal ([`dossier::signatures::Unsigned`]).
pub fn signature(u: &dossier::signatures::Unsigned) -> Text {
    use dossier::signatures::Unsigned;
    let fr = match u {
        Unsigned::Missing { .. } => {
            "les signatures sont exigées et cette entrée n'est pas signée".to_owned()
        }
        Unsigned::NotActorsKey { actor } => {
            format!("l'entrée est signée par une clé qui n'est pas la clé déclarée de `{actor}`")
        }
        Unsigned::UnknownKey { actor } => format!(
            "l'entrée est signée par une clé qu'aucun membre n'a déclarée (`{actor}` n'en a pas)"
        ),
        Unsigned::TeamPart {
            part,
            by,
            actor,
            role,
        } => {
            let part = if *part == "provider" {
                "du commanditaire"
            } else {
                "du centre"
            };
            let by = if by.contains("provider") {
                "le responsable de la qualification du commanditaire"
            } else {
                "le responsable d'évaluation du centre"
            };
            format!(
                "avec les signatures exigées, les membres {part} sont déclarés, changés et retirés par {by} ; `{actor}` est {role}"
            )
        }
        Unsigned::AnssiMember => "avec les signatures exigées, personne ne rejoint l'équipe comme anssi : le responsable de la qualification du commanditaire enregistre les actes de l'ANSSI en son nom, avec leur référence".to_owned(),
        Unsigned::NoKey { .. } => {
            "avec les signatures exigées, un nouveau membre est déclaré avec sa clé publique"
                .to_owned()
        }
        Unsigned::RequireUnsigned => "seul un membre dont la clé est déclarée, et qui signe cet acte, peut exiger les signatures".to_owned(),
    };
    Text::domain(u, fr)
}

/// Every kind of act but journey events (whose rule names the event), for [`rule_fr`].
const ACT_KINDS: [ActKind<'static>; 17] = [
    ActKind::Assess,
    ActKind::FindingOpen,
    ActKind::FindingPlan,
    ActKind::FindingRemediate,
    ActKind::FindingClose,
    ActKind::FindingWithdraw,
    ActKind::EvidenceAdd,
    ActKind::PlanGenerate,
    ActKind::PlanAssign,
    ActKind::PlanSubmit,
    ActKind::PlanValidate,
    ActKind::PlanRequestChanges,
    ActKind::TeamChange,
    ActKind::ServiceChange,
    ActKind::ReferentialImport,
    ActKind::ReferentialAdd,
    ActKind::ReportNarrative,
];

/// The French of a rule of [`ActKind::allowed`]. A new kind of act must get its French here
/// (and be listed in [`ACT_KINDS`]).
fn act_rule_fr(kind: &ActKind<'_>) -> String {
    match kind {
        ActKind::Assess => "seuls les évaluateurs enregistrent des verdicts".to_owned(),
        ActKind::FindingOpen => {
            "seuls les évaluateurs ouvrent des constats et fixent leur gravité".to_owned()
        }
        ActKind::FindingPlan => "le commanditaire planifie les actions correctives".to_owned(),
        ActKind::FindingRemediate => "le commanditaire corrige les constats".to_owned(),
        ActKind::FindingClose => {
            "seuls les évaluateurs clôturent les constats, une fois la correction vérifiée"
                .to_owned()
        }
        ActKind::FindingWithdraw => "seuls les évaluateurs retirent des constats".to_owned(),
        ActKind::EvidenceAdd => {
            "le commanditaire et les évaluateurs recueillent les preuves".to_owned()
        }
        ActKind::PlanGenerate | ActKind::PlanAssign => {
            "le responsable d'évaluation rédige le plan".to_owned()
        }
        ActKind::PlanSubmit => "seul le responsable d'évaluation soumet le plan".to_owned(),
        ActKind::PlanValidate | ActKind::PlanRequestChanges => {
            "l'ANSSI valide le plan ou demande des modifications".to_owned()
        }
        ActKind::TeamChange => "le responsable de la qualification du commanditaire ou le responsable d'évaluation gèrent l'équipe".to_owned(),
        ActKind::ServiceChange => "le responsable de la qualification du commanditaire désigne le centre et change le périmètre ou le référentiel".to_owned(),
        ActKind::Retract => "le responsable de la qualification du commanditaire ou le responsable d'évaluation retirent des entrées de l'historique".to_owned(),
        ActKind::ReferentialImport => "le responsable de la qualification du commanditaire ou le responsable d'évaluation importent des référentiels".to_owned(),
        ActKind::ReferentialAdd => "le responsable de la qualification du commanditaire ou le responsable d'évaluation mettent des référentiels dans le périmètre".to_owned(),
        ActKind::ReportNarrative => {
            "le responsable d'évaluation rédige l'avis et les commentaires du centre".to_owned()
        }
        ActKind::JourneyEvent { event, by } => {
            let names: Vec<&str> = by.iter().map(|r| r.as_str()).collect();
            format!("`{event}` est enregistré par {}", names.join(" ou "))
        }
    }
}

/// A refused role's rule (the dossier gives it as English text) in French: found among the
/// rules of [`ACT_KINDS`] and of journey events; a rule this catalogue does not know stays in
/// English.
fn rule_fr(rule: &str) -> String {
    if let Some(kind) = ACT_KINDS
        .iter()
        .chain([&ActKind::Retract])
        .find(|k| k.allowed().1 == rule)
    {
        return act_rule_fr(kind);
    }
    if let Some((event, by)) = rule
        .strip_prefix('`')
        .and_then(|r| r.split_once("` is recorded by "))
    {
        return format!(
            "`{event}` est enregistré par {}",
            by.replace(" or ", " ou ")
        );
    }
    Text::untranslated(rule).fr
}

/// What the dossier could not apply.
pub fn apply(e: &ApplyError) -> Text {
    let fr = match e {
        ApplyError::Ledger(e) => return ledger(e),
        ApplyError::Journey(reason) => return apply_reason(reason),
        ApplyError::UnknownCycle(id) => {
            format!("nomme le cycle `{id}`, qui n'existe pas à sa date")
        }
        ApplyError::UnknownReferential(id) => {
            format!("nomme le référentiel `{id}`, qui n'est ni embarqué ni importé")
        }
        ApplyError::NotInScope(id) => format!(
            "nomme le référentiel `{id}`, qui n'est pas dans le périmètre de l'espace de travail à sa date"
        ),
        ApplyError::NotInTeam(actor) => return not_in_team(actor),
    };
    Text::domain(e, fr)
}

/// A rule of the finding or plan lifecycle, an unknown or duplicate id.
pub fn ledger(e: &LedgerError) -> Text {
    let fr = match e {
        LedgerError::UnknownFinding(id) => return no_finding(id),
        LedgerError::UnknownEvidence(id) => format!("il n'y a pas de preuve `{id}`"),
        LedgerError::DuplicateFinding { id } => format!("le constat `{id}` existe déjà"),
        LedgerError::DuplicateEvidence { id } => format!("la preuve `{id}` existe déjà"),
        LedgerError::Lifecycle { id, status, what } => {
            let status = crate::messages::finding::status(Language::Fr, status);
            format!(
                "le constat `{id}` est au statut {status} : {}",
                ledger_rule_fr(what)
            )
        }
        LedgerError::Plan { status, what } => {
            let status = match *status {
                "draft" => "à l'état de brouillon",
                "submitted" => "soumis",
                "validated" => "validé",
                "changes-requested" => "renvoyé pour modifications",
                "not generated yet" => "pas encore généré",
                "missing" => "absent",
                other => other,
            };
            format!(
                "le plan d'évaluation est {status} : {}",
                ledger_rule_fr(what)
            )
        }
    };
    Text::domain(e, fr)
}

/// A rule of the ledger (grid gives it as English text) in French; one it does not know stays in
/// English.
fn ledger_rule_fr(what: &str) -> String {
    match what {
        "" => "",
        "only an open finding, or one whose action is planned, can get a corrective action" => {
            "seul un constat ouvert, ou dont l'action est planifiée, peut recevoir une action corrective"
        }
        "its corrective action must be planned first" => {
            "son action corrective doit d'abord être planifiée"
        }
        "only a remediated finding can be closed, once an evaluator verified it" => {
            "seul un constat corrigé peut être clos, une fois vérifié par un évaluateur"
        }
        "only an open finding can be withdrawn" => "seul un constat ouvert peut être retiré",
        "it can be regenerated only as a draft or after ANSSI asked for changes" => {
            "il ne peut être regénéré qu'à l'état de brouillon ou après une demande de modifications de l'ANSSI"
        }
        "it must be generated first" => "il doit d'abord être généré",
        "it can be changed only as a draft or after ANSSI asked for changes" => {
            "il ne peut être modifié qu'à l'état de brouillon ou après une demande de modifications de l'ANSSI"
        }
        "only a draft, or a plan ANSSI asked to change, can be submitted" => {
            "seul un brouillon, ou un plan que l'ANSSI a demandé de modifier, peut être soumis"
        }
        "only a submitted plan can be validated or sent back for changes" => {
            "seul un plan soumis peut être validé ou renvoyé pour modifications"
        }
        other => return Text::untranslated(other).fr,
    }
    .to_owned()
}

/// Why the journey cannot take an event where it stands (the journey gives it as English text:
/// an unknown event, an event not possible in the state), else the text as it is.
pub fn apply_reason(reason: &str) -> Text {
    let quoted = |mid: &str| {
        reason
            .strip_prefix('`')
            .and_then(|r| r.strip_suffix('`'))
            .and_then(|r| r.split_once(mid))
    };
    if let Some((event, workflow)) = quoted("` is not an event of workflow `") {
        return unknown_event(event, workflow);
    }
    if let Some((event, state)) = quoted("` is not possible in state `") {
        return not_possible_in_state(event, state);
    }
    Text::untranslated(reason)
}

/// Why the journey refuses an event.
pub fn journey_refusal(r: &journey::Refusal) -> Text {
    use journey::Refusal as J;
    let fr = match r {
        J::UnknownEvent(event, known) => format!(
            "`{event}` n'est pas un événement de ce processus ; événements connus : {known}"
        ),
        J::InTheFuture { date, today } => format!(
            "la date {date} est postérieure à aujourd'hui ({today}) ; enregistrez les événements une fois survenus"
        ),
        J::NotAllowed {
            event,
            state,
            needs,
            via,
        } => {
            // The journey joins states and events with " or ", and says ", reached by …".
            let via = match via.strip_prefix(", reached by ") {
                Some(v) => format!(", atteint par {}", v.replace(" or ", " ou ")),
                None => via.clone(),
            };
            format!(
                "`{event}` ne peut pas être enregistré dans l'état `{state}` : il demande l'état {}{via}",
                needs.replace(" or ", " ou ")
            )
        }
        J::DatedTooEarly {
            event,
            date,
            after,
            after_date,
        } => format!(
            "`{event}` est daté du {date}, avant `{after}` ({after_date}) dont il dépend ; vérifiez la date"
        ),
        J::Blocked { event, blocked_by } => {
            let blockers: Vec<Text> = blocked_by.iter().map(blocker).collect();
            format!(
                "`{event}` n'est pas prêt : {}",
                Text::join(blockers, " ; ").fr
            )
        }
        J::NoReserves { event, allowed } => format!(
            "`{event}` ne peut pas porter de réserves ; seuls ceux-ci le peuvent : {allowed}"
        ),
        J::BreaksLater {
            event,
            date,
            reason,
        } => {
            let reason = reason
                .strip_prefix('`')
                .and_then(|r| r.split_once("` on "))
                .and_then(|(later, r)| {
                    let (on, why) = r.split_once(" would no longer follow (")?;
                    Some(would_no_longer_follow(
                        later,
                        on,
                        apply_reason(why.strip_suffix(')')?),
                    ))
                })
                .unwrap_or_else(|| Text::untranslated(reason));
            format!(
                "enregistrer `{event}` le {date} casse le journal qui suit : {}",
                reason.fr
            )
        }
        J::Journal(e) => format!(
            "le journal ne peut pas être rejoué : entrée {} (`{}` le {}) : {}",
            e.position,
            e.event,
            e.date,
            apply_reason(&e.reason).fr
        ),
    };
    Text::domain(r, fr)
}

/// What keeps an event from being recorded.
pub fn blocker(b: &Blocker) -> Text {
    let guard = b.guard().map(|g| format!(" ({g})")).unwrap_or_default();
    let fr = match b {
        Blocker::Missing { event } => format!("`{event}` n'est pas encore enregistré"),
        Blocker::NoScope => format!("aucun type de service n'est déclaré{guard}"),
        Blocker::NoCentre => format!("aucun centre d'évaluation n'est désigné{guard}"),
        Blocker::NotQualified { date } => {
            format!("aucune qualification n'est détenue le {date}{guard}")
        }
        Blocker::Unassessed {
            cycle,
            requirements,
        } => {
            let n = requirements.len();
            let shown: Vec<&str> = requirements.iter().take(5).map(String::as_str).collect();
            let more = if n > 5 {
                format!(" et {} autres", n - 5)
            } else {
                String::new()
            };
            format!(
                "{n} exigence(s) applicable(s) du cycle `{cycle}` non évaluée(s){guard} : {}{more}",
                shown.join(", ")
            )
        }
        Blocker::EmptyScope { cycle } => format!(
            "le cycle `{cycle}` n'a aucune exigence applicable dans son périmètre : son plan n'en nomme aucune et il ne porte aucun constat à revérifier{guard}"
        ),
        Blocker::PlanNotValidated {
            cycle,
            status: Some(status),
        } => format!(
            "le plan d'évaluation du cycle `{cycle}` est {status}, non validé par l'ANSSI{guard}"
        ),
        Blocker::PlanNotValidated {
            cycle,
            status: None,
        } => format!("le cycle `{cycle}` n'a pas de plan d'évaluation{guard}"),
        Blocker::OpenMajor { ids } => format!(
            "non-conformité(s) majeure(s) encore ouverte(s){guard} : {}",
            ids.join(", ")
        ),
        Blocker::NoOpenCycle { kinds } => {
            let kinds: Vec<&str> = kinds.iter().map(|k| cycle_kind_fr(*k)).collect();
            format!("aucun cycle {} n'est ouvert", kinds.join(" ou "))
        }
    };
    Text::domain(b, fr)
}

/// What went wrong reading or writing the workspace. File problems ([`StorageError::Invalid`])
/// quote the parser's or the validator's English, as the command line shows them.
pub fn storage(e: &StorageError) -> Text {
    let fr = match e {
        StorageError::Invalid(_) => return Text::verbatim(e.to_string()),
        StorageError::NotAWorkspace { start } => format!(
            "pas d'espace de travail jalon ici : ni {} ni aucun dossier au-dessus ne contient de jalon.ron",
            start.display()
        ),
        StorageError::NoManifest { path } => format!(
            "{} ne contient pas de jalon.ron : ce n'est pas un espace de travail jalon",
            path.display()
        ),
        StorageError::AlreadyExists { path } => format!(
            "{} contient déjà un espace de travail jalon ; jalon refuse de l'écraser",
            path.display()
        ),
        StorageError::Escapes { path, reason } => {
            let reason = match reason.as_str() {
                "empty path" => "chemin vide",
                "path uses `..` and could leave the workspace; give a path inside it" => {
                    "le chemin passe par `..` et pourrait sortir de l'espace de travail ; donnez un chemin qui y reste"
                }
                "absolute path; give a path relative to the workspace folder" => {
                    "chemin absolu ; donnez un chemin relatif au dossier de l'espace de travail"
                }
                "path leads outside the workspace through a symbolic link" => {
                    "le chemin sort de l'espace de travail par un lien symbolique"
                }
                other => other,
            };
            format!("{} : {reason}", path.display())
        }
        StorageError::Changed { path } => format!(
            "{} a changé depuis sa lecture (un autre programme l'écrit ?) ; rien n'a été écrit, relancez la commande",
            path.display()
        ),
        StorageError::Io {
            action,
            path,
            source,
        } => {
            let action = match *action {
                "copy into" => "copier dans",
                "create" => "créer",
                "create a folder in" => "créer un dossier dans",
                "create a temporary file in" => "créer un fichier temporaire dans",
                "create folder" => "créer le dossier",
                "list" => "lister",
                "lock" => "verrouiller",
                "move the demo to" => "déplacer la démo vers",
                "open the lock file" => "ouvrir le fichier de verrou",
                "read" => "lire",
                "remove" => "supprimer",
                "remove the previous demo in" => "supprimer la démo précédente dans",
                "resolve" => "résoudre",
                "sync" => "synchroniser",
                "sync folder" => "synchroniser le dossier",
                "write" => "écrire",
                other => other,
            };
            format!("impossible de {action} {} : {source}", path.display())
        }
    };
    Text::domain(e, fr)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// The names of the `{placeholders}` of a format string (`{{` and `}}` are braces).
    fn placeholders(format: &str) -> BTreeSet<&str> {
        let mut names = BTreeSet::new();
        let mut rest = format;
        while let Some(i) = rest.find(['{', '}']) {
            let after = &rest[i + 1..];
            if after.starts_with(&rest[i..=i]) {
                rest = &after[1..];
                continue;
            }
            if rest[i..].starts_with('{') {
                let end = after.find('}').expect("a closed placeholder");
                let name = after[..end].split(':').next().unwrap_or_default();
                names.insert(name);
                rest = &after[end + 1..];
            } else {
                rest = after;
            }
        }
        names
    }

    /// Each entry says the same things in both languages: the same placeholders, none empty.
    #[test]
    fn every_entry_has_the_same_placeholders_in_both_languages() {
        assert!(CATALOGUE.len() > 100);
        let mut names = BTreeSet::new();
        for (name, en, fr) in CATALOGUE {
            assert!(names.insert(name), "{name} is declared twice");
            assert!(!en.trim().is_empty() && !fr.trim().is_empty(), "{name}");
            assert_eq!(placeholders(en), placeholders(fr), "{name}");
        }
        assert_eq!(
            placeholders("{a} {{b}} {c:>3}; {{{d}}}"),
            BTreeSet::from(["a", "c", "d"])
        );
    }

    /// The catalogue's sentences that the domain says too are word for word its `Display`.
    #[test]
    fn shared_sentences_match_the_domain() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        for r in [
            Refusal::UnknownReferential { id: "x".into() },
            Refusal::UnknownRequirement {
                id: "1.2".into(),
                referential: "secnumcloud-3.2".into(),
                nearest: Vec::new(),
            },
            Refusal::InTheFuture { date, today },
            Refusal::Role(Refused::UnknownActor { actor: "a".into() }),
            Refusal::UnknownFinding {
                id: "F-0001".into(),
                nearest: Vec::new(),
            },
            Refusal::Apply(ApplyError::Ledger(LedgerError::UnknownFinding(
                "F-0001".into(),
            ))),
            Refusal::Apply(ApplyError::NotInTeam("a".into())),
            Refusal::Apply(ApplyError::Journey(
                "`j1-accepted` is not possible in state `draft`".into(),
            )),
            Refusal::Apply(ApplyError::Journey(
                "`x` is not an event of workflow `secnumcloud`".into(),
            )),
        ] {
            let text = refusal(&r);
            assert_eq!(text.pick(Language::En), r.to_string());
            assert_ne!(text.pick(Language::Fr), r.to_string());
        }
    }

    /// Every rule of the role checks has its French, journey events' too.
    #[test]
    fn every_role_rule_is_in_french() {
        for kind in ACT_KINDS.iter().chain([&ActKind::Retract]) {
            let (_, rule) = kind.allowed();
            assert_ne!(rule_fr(&rule), rule, "{kind:?}");
        }
        let event = ActKind::JourneyEvent {
            event: "j0-accepted",
            by: &[grid::Role::Anssi, grid::Role::Provider],
        };
        assert_eq!(
            rule_fr(&event.allowed().1),
            "`j0-accepted` est enregistré par anssi ou provider"
        );
    }

    /// The journey's reasons, which it gives as text, are recognised.
    #[test]
    fn journey_reasons_are_in_french() {
        let r = journey::Refusal::BreaksLater {
            event: "j0-accepted".into(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            reason: "`j1-accepted` on 2026-02-01 would no longer follow (`j1-accepted` is not possible in state `submitted`)".into(),
        };
        assert_eq!(
            journey_refusal(&r).pick(Language::Fr),
            "enregistrer `j0-accepted` le 2026-01-05 casse le journal qui suit : `j1-accepted` du 2026-02-01 ne suivrait plus (`j1-accepted` n'est pas possible dans l'état `submitted`)"
        );
        let r = journey::Refusal::NotAllowed {
            event: "qualified".into(),
            state: "draft".into(),
            needs: "`j2` or `j3`".into(),
            via: ", reached by `a` or `b`".into(),
        };
        assert_eq!(
            journey_refusal(&r).pick(Language::Fr),
            "`qualified` ne peut pas être enregistré dans l'état `draft` : il demande l'état `j2` ou `j3`, atteint par `a` ou `b`"
        );
    }

    #[test]
    fn texts_in_parameters_follow_the_language() {
        let t = did_you_mean(or_list(&["`a`", "`b`"]));
        assert_eq!(t.pick(Language::En), "did you mean `a` or `b`?");
        assert_eq!(t.pick(Language::Fr), "vouliez-vous dire `a` ou `b` ?");
    }
}
