//! Bad input, data-driven: every case of the corpus in `tests/bad-input/` gives a clear error (with
//! file, line and column where it applies), exit 2 (or 1 for a rule's refusal), no panic, and not
//! one file changed. The table below says, for each case, what goes where and what to run; each
//! message is snapshotted (`tests/snapshots/integration__bad_input__<case>.snap`).
//!
//! Large or deep inputs are generated here rather than committed: a 50 MB manifest, a 50 MB
//! library, RON and YAML nested 100 000 deep.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::util::Scratch;

/// What a case puts in place before running its command. Paths are relative to the scratch folder,
/// which holds the workspace `ws` (fresh from `jalon init`) and `p.txt`, a small file.
#[derive(Clone, Copy, Debug)]
enum Put {
    /// `tests/bad-input/<from>` copied to `<to>`.
    File(&'static str, &'static str),
    /// `tests/bad-input/<from>` copied into `ws/history/`, named as jalon names entries (recording
    /// time and hash): the content is what is wrong, not the name.
    Entry(&'static str),
    /// Text written to `<to>`.
    Text(&'static str, &'static str),
    /// A file of 50 MB at `<to>`: the head of a valid file of that kind, then spaces.
    Huge(&'static str),
    /// `<to>` holding `<prefix>`, then brackets nested 100 000 deep, then `<suffix>`.
    Deep(&'static str, &'static str, &'static str),
    /// A symbolic link at `<link>` to `<target>` (made absolute).
    Symlink(&'static str, &'static str),
    /// `<path>` removed.
    Remove(&'static str),
    /// A folder at `<path>`.
    Folder(&'static str),
    /// A named pipe (FIFO) at `<path>`: opening it to read (or to write) waits for the other end.
    Fifo(&'static str),
    /// A workflow file at `<to>` of `<states>` states and `<events>` events, every event from
    /// every state (900 × 900 is the 5.7 MB file found by testing).
    BigWorkflow(&'static str, usize, usize),
    /// A CISO Assistant library at `<to>` of about 1 MB whose YAML aliases repeat four texts of
    /// 250 kB 99 times (once read, 25 MB of text).
    AliasTextBomb(&'static str),
}

struct Case {
    /// Also the snapshot's name.
    name: &'static str,
    put: &'static [Put],
    /// Run in the scratch folder.
    args: &'static [&'static str],
    code: i32,
    /// The place the message must name, `file:line:column`, where the problem has one.
    at: Option<&'static str>,
}

const fn case(
    name: &'static str,
    put: &'static [Put],
    args: &'static [&'static str],
    code: i32,
    at: Option<&'static str>,
) -> Case {
    Case {
        name,
        put,
        args,
        code,
        at,
    }
}

use Put::*;

const STATUS: &[&str] = &["-C", "ws", "status"];
const GRID: &[&str] = &["-C", "ws", "grid"];
const VERIFY: &[&str] = &["-C", "ws", "verify"];
const ASSESS: &[&str] = &["-C", "ws", "assess", "5.1.a", "--verdict", "conform"];

const IMPORT: &[&str] = &[
    "-C",
    "ws",
    "referential",
    "import",
    "--from",
    "ciso-assistant",
    "lib.yaml",
];
const ENTRY: &str = "ws/history/20261120T090000.000Z-0000000000000000.ron";

/// The corpus.
#[rustfmt::skip]
const CASES: &[Case] = &[
    // The workspace manifest, read by every command: a writer must refuse it and write nothing.
    case("manifest_truncated", &[File("manifest/truncated.ron", "ws/jalon.ron")], ASSESS, 2, Some("ws/jalon.ron:4:14")),
    case("manifest_invalid_utf8", &[File("manifest/invalid-utf8.ron", "ws/jalon.ron")], ASSESS, 2, Some("ws/jalon.ron:3:24")),
    case("manifest_nul_byte", &[File("manifest/nul-byte.ron", "ws/jalon.ron")], STATUS, 2, Some("ws/jalon.ron:2:15")),
    case("manifest_bom", &[File("manifest/bom.ron", "ws/jalon.ron")], STATUS, 2, Some("ws/jalon.ron:1:")),
    case("manifest_empty", &[File("manifest/empty.ron", "ws/jalon.ron")], ASSESS, 2, Some("ws/jalon.ron:1:1")),
    case("manifest_not_a_struct", &[File("manifest/not-a-struct.ron", "ws/jalon.ron")], STATUS, 2, Some("ws/jalon.ron:1:")),
    case("manifest_unknown_field", &[File("manifest/unknown-field.ron", "ws/jalon.ron")], ASSESS, 2, Some("ws/jalon.ron:9:")),
    case("manifest_wrong_kind", &[File("manifest/wrong-kind.ron", "ws/jalon.ron")], STATUS, 2, Some("ws/jalon.ron:6:")),
    case("manifest_wrong_role", &[File("manifest/wrong-role.ron", "ws/jalon.ron")], STATUS, 2, Some("ws/jalon.ron:11:")),
    case("manifest_duplicate_kind", &[File("manifest/duplicate-kind.ron", "ws/jalon.ron")], STATUS, 2, Some("ws/jalon.ron:5:5")),
    case("manifest_duplicate_actor", &[File("manifest/duplicate-actor.ron", "ws/jalon.ron")], STATUS, 2, Some("ws/jalon.ron:11:")),
    case("manifest_empty_provider", &[File("manifest/empty-provider.ron", "ws/jalon.ron")], STATUS, 2, Some("ws/jalon.ron:3:5")),
    case("manifest_format_2", &[File("manifest/format-2.ron", "ws/jalon.ron")], ASSESS, 2, Some("ws/jalon.ron:2:5")),
    case("manifest_huge_number", &[File("manifest/huge-number.ron", "ws/jalon.ron")], STATUS, 2, Some("ws/jalon.ron:2:")),
    case("manifest_bad_escape", &[File("manifest/bad-escape.ron", "ws/jalon.ron")], STATUS, 2, Some("ws/jalon.ron:3:")),
    case("manifest_unknown_workflow", &[File("manifest/unknown-workflow.ron", "ws/jalon.ron")], ASSESS, 2, Some("ws/jalon.ron:8:15")),
    case("manifest_unknown_referential", &[File("manifest/unknown-referential.ron", "ws/jalon.ron")], ASSESS, 2, None),
    case("manifest_50_mb", &[Huge("ws/jalon.ron")], ASSESS, 2, None),
    case("manifest_nested_100000_deep", &[Deep("ws/jalon.ron", "(\n    format: 1,\n    kinds: ", ",\n)\n")], ASSESS, 2, Some("ws/jalon.ron:3:")),
    // Paths in jalon.ron that would leave the workspace.
    case("workflow_dotdot", &[Text("outside.ron", "()"), File("manifest/workflow-dotdot.ron", "ws/jalon.ron")], ASSESS, 2, None),
    case("workflow_absolute", &[File("manifest/workflow-absolute.ron", "ws/jalon.ron")], ASSESS, 2, None),
    case("workflow_symlink_escaping", &[Text("outside.ron", "()"), Symlink("ws/custom.ron", "outside.ron"), File("manifest/workflow-custom.ron", "ws/jalon.ron")], ASSESS, 2, None),
    // Files linked out of the workspace (a cloned repository may hold symbolic links): not read,
    // not written through.
    case("manifest_linked_outside", &[File("manifest/workflow-custom.ron", "outside.ron"), Remove("ws/jalon.ron"), Symlink("ws/jalon.ron", "outside.ron")], ASSESS, 2, None),
    case("history_folder_linked_outside", &[Remove("ws/history"), Folder("outside"), Symlink("ws/history", "outside")], ASSESS, 2, None),
    case("entry_linked_outside", &[Text("secret.txt", "the secret\n"), Symlink("ws/history/20261120T090000.000Z-0000000000000000.ron", "secret.txt")], ASSESS, 2, None),
    case("private_folder_linked_outside", &[Remove("ws/.jalon"), Folder("outside"), Symlink("ws/.jalon", "outside")], ASSESS, 2, None),
    case("checks_linked_outside", &[File("checks/duplicate-id.ron", "outside.ron"), Symlink("ws/checks.ron", "outside.ron")], ASSESS, 2, None),
    // A workflow file inside the workspace.
    case("workflow_truncated", &[File("workflow/truncated.ron", "ws/custom.ron"), File("manifest/workflow-custom.ron", "ws/jalon.ron")], ASSESS, 2, Some("custom.ron:30:")),
    case("workflow_unknown_guard", &[File("workflow/unknown-guard.ron", "ws/custom.ron"), File("manifest/workflow-custom.ron", "ws/jalon.ron")], ASSESS, 2, Some("custom.ron:39:127")),
    case("workflow_unknown_state", &[File("workflow/unknown-state.ron", "ws/custom.ron"), File("manifest/workflow-custom.ron", "ws/jalon.ron")], ASSESS, 2, Some("custom.ron:45:34")),
    case("workflow_unreachable_state", &[File("workflow/unreachable-state.ron", "ws/custom.ron"), File("manifest/workflow-custom.ron", "ws/jalon.ron")], ASSESS, 2, Some("custom.ron:34:14")),
    // History entries, under the names jalon would give them.
    case("entry_truncated", &[Entry("entry/truncated.ron")], ASSESS, 2, Some(":7:16")),
    case("entry_unknown_verdict", &[Entry("entry/unknown-verdict.ron")], ASSESS, 2, Some(":9:19")),
    case("entry_unknown_severity", &[Entry("entry/unknown-severity.ron")], GRID, 2, Some(":13:")),
    case("entry_wrong_confidentiality", &[Entry("entry/wrong-confidentiality.ron")], GRID, 2, Some(":11:")),
    case("entry_unknown_act", &[Entry("entry/unknown-act.ron")], ASSESS, 2, Some(":7:10")),
    case("entry_unknown_field", &[Entry("entry/unknown-field.ron")], ASSESS, 2, Some(":5:")),
    case("entry_date_february_30", &[Entry("entry/feb-30.ron")], ASSESS, 2, Some(":6:")),
    case("entry_recorded_not_a_time", &[Entry("entry/bad-recorded.ron")], ASSESS, 2, Some(":4:")),
    case("entry_format_4", &[Entry("entry/format-4.ron")], ASSESS, 2, Some(":2:5")),
    case("entry_nested_100000_deep", &[Deep("ws/history/20261120T090000.000Z-0000000000000000.ron", "(\n    format: 1,\n    parents: ", ",\n)\n")], ASSESS, 2, Some(":3:")),
    // The same id given by two entries on two branches: settled, named, no lock-out (exit 0).
    case("entry_duplicate_finding_id", &[Entry("entry/duplicate-finding-a.ron"), Entry("entry/duplicate-finding-b.ron")], VERIFY, 0, Some("was given on two branches")),
    case("entry_duplicate_evidence_id", &[Entry("entry/duplicate-evidence-a.ron"), Entry("entry/duplicate-evidence-b.ron")], VERIFY, 1, Some("was given on two branches")),
    // An entry naming a finding that does not exist only comes from an edit: a problem, and reads go on.
    case("entry_plan_of_unknown_finding", &[Entry("entry/plan-unknown-finding.ron")], VERIFY, 1, Some("there is no finding")),
    case("entry_plan_of_unknown_finding_still_reads", &[Entry("entry/plan-unknown-finding.ron")], GRID, 0, Some("left out")),
    case("entry_unknown_requirement", &[Entry("entry/unknown-requirement.ron")], VERIFY, 1, None),
    // An act on a referential that no `referential add` put in scope: left out, named, reads go on.
    case("entry_referential_not_in_scope", &[Entry("entry/referential-not-in-scope.ron")], VERIFY, 1, Some("not in the workspace's scope")),
    case("entry_referential_not_in_scope_still_reads", &[Entry("entry/referential-not-in-scope.ron")], STATUS, 0, Some("left out")),
    case("entry_add_referential_unknown_level", &[Entry("entry/add-unknown-referential.ron")], GRID, 2, Some(":9:16")),
    // Evidence paths in history that would leave the workspace: reported, never read.
    case("evidence_copy_dotdot", &[Text("outside.txt", "x\n"), Entry("entry/evidence-dotdot.ron")], VERIFY, 1, None),
    case("evidence_copy_absolute", &[Entry("entry/evidence-absolute.ron")], VERIFY, 1, None),
    case("evidence_copy_symlink_escaping", &[Text("outside.txt", "x\n"), Folder("ws/evidence"), Symlink("ws/evidence/link.txt", "outside.txt"), Entry("entry/evidence-symlink.ron")], VERIFY, 1, None),
    // The centre's own checks.
    case("checks_unknown_requirement", &[File("checks/unknown-requirement.ron", "ws/checks.ron")], ASSESS, 2, Some("checks.ron:5:")),
    case("checks_duplicate_id", &[File("checks/duplicate-id.ron", "ws/checks.ron")], ASSESS, 2, Some("checks.ron:4:")),
    case("checks_wrong_method", &[File("checks/wrong-method.ron", "ws/checks.ron")], GRID, 2, Some("checks.ron:4:")),
    // Imported referentials.
    case("referential_truncated", &[File("referential/truncated.ron", "ws/referentials/crash-test.ron")], VERIFY, 1, Some("referentials/crash-test.ron:")),
    case("referential_duplicate_requirement", &[File("referential/duplicate-requirement.ron", "ws/referentials/crash-test.ron")], VERIFY, 1, Some("referentials/crash-test.ron:")),
    case("referential_wrong_axis", &[File("referential/wrong-axis.ron", "ws/referentials/crash-test.ron")], VERIFY, 1, Some("referentials/crash-test.ron:")),
    // Libraries to import (command arguments).
    case("import_not_yaml", &[File("ciso/not-yaml.yaml", "lib.yaml")], &["-C", "ws", "referential", "import", "--from", "ciso-assistant", "lib.yaml"], 2, Some("lib.yaml:")),
    case("import_truncated", &[File("ciso/truncated.yaml", "lib.yaml")], &["-C", "ws", "referential", "import", "--from", "ciso-assistant", "lib.yaml"], 2, None),
    case("import_invalid_utf8", &[File("ciso/invalid-utf8.yaml", "lib.yaml")], &["-C", "ws", "referential", "import", "--from", "ciso-assistant", "lib.yaml"], 2, Some("lib.yaml:21:")),
    case("import_no_nodes", &[File("ciso/no-nodes.yaml", "lib.yaml")], &["-C", "ws", "referential", "import", "--from", "ciso-assistant", "lib.yaml"], 2, None),
    case("import_duplicate_urn", &[File("ciso/duplicate-urn.yaml", "lib.yaml")], &["-C", "ws", "referential", "import", "--from", "ciso-assistant", "lib.yaml"], 2, Some("lib.yaml:")),
    case("import_unknown_parent", &[File("ciso/unknown-parent.yaml", "lib.yaml")], &["-C", "ws", "referential", "import", "--from", "ciso-assistant", "lib.yaml"], 2, Some("lib.yaml:")),
    case("import_mapping_other_framework", &[File("ciso/mapping-other-framework.yaml", "lib.yaml")], &["-C", "ws", "referential", "import", "--from", "ciso-assistant", "lib.yaml"], 2, Some("lib.yaml:13:31")),
    case("import_mapping_no_links", &[File("ciso/mapping-no-links.yaml", "lib.yaml")], &["-C", "ws", "referential", "import", "--from", "ciso-assistant", "lib.yaml"], 2, Some("lib.yaml:4:")),
    case("import_mapping_bad_id", &[File("ciso/mapping-bad-id.yaml", "lib.yaml")], &["-C", "ws", "referential", "import", "--from", "ciso-assistant", "lib.yaml"], 2, Some("lib.yaml:4:13")),
    case("import_alias_bomb", &[File("ciso/alias-bomb.yaml", "lib.yaml")], &["-C", "ws", "referential", "import", "--from", "ciso-assistant", "lib.yaml"], 2, Some("lib.yaml:7:14")),
    case("import_50_mb", &[Huge("lib.yaml")], &["-C", "ws", "referential", "import", "--from", "ciso-assistant", "lib.yaml"], 2, None),
    case("import_nested_100000_deep", &[Deep("lib.yaml", "urn: urn:intuitem:risk:library:deep\nobjects: ", "\n")], &["-C", "ws", "referential", "import", "--from", "ciso-assistant", "lib.yaml"], 2, None),
    // Sovereignty cards and weights (command arguments).
    case("card_unknown_factor", &[File("card/unknown-factor.ron", "card.ron")], &["sovereignty", "score", "card.ron"], 2, Some("card.ron:6:9")),
    case("card_option_out_of_range", &[File("card/option-out-of-range.ron", "card.ron")], &["sovereignty", "score", "card.ron"], 2, Some("card.ron:5:9")),
    case("card_wrong_confidence", &[File("card/wrong-confidence.ron", "card.ron")], &["sovereignty", "score", "card.ron"], 2, Some("card.ron:5:")),
    case("card_truncated", &[File("card/truncated.ron", "card.ron")], &["sovereignty", "score", "card.ron"], 2, Some("card.ron:")),
    case("card_weights_bad_sum", &[File("card/weights-bad-sum.ron", "weights.ron")], &["sovereignty", "score", "--weights", "weights.ron", "../examples/sovereignty/petit-nuage.ron"], 2, None),
    // The Commission's calculator to import (`sovereignty import`): nothing is written unless its
    // facts are jalon's; and the official texts a workspace keeps, read by every card command.
    case("sovereignty_import_not_json", &[File("calculator/not-json.json", "calculator.json")], &["-C", "ws", "sovereignty", "import", "calculator.json"], 2, Some("calculator.json:1:1")),
    case("sovereignty_import_wrong_shape", &[File("calculator/wrong-shape.json", "calculator.json")], &["-C", "ws", "sovereignty", "import", "calculator.json"], 2, Some("calculator.json:3:")),
    case("sovereignty_import_other_facts", &[File("calculator/other-facts.json", "calculator.json")], &["-C", "ws", "sovereignty", "import", "calculator.json"], 2, Some("calculator.json: its facts differ")),
    case("sovereignty_import_missing_file", &[], &["-C", "ws", "sovereignty", "import", "nope.json"], 2, Some("nope.json")),
    case("sovereignty_import_outside_a_workspace", &[File("calculator/other-facts.json", "calculator.json")], &["sovereignty", "import", "calculator.json"], 2, None),
    case("sovereignty_texts_truncated", &[File("calculator/texts-truncated.ron", "ws/sovereignty/eu-csf.ron")], &["-C", "ws", "sovereignty", "factors", "SOV-1.1"], 2, Some("sovereignty/eu-csf.ron:")),
    // Unknown ids and impossible dates as arguments.
    case("assess_unknown_requirement", &[], &["-C", "ws", "assess", "99.9.z", "--verdict", "conform"], 2, None),
    case("assess_unknown_check", &[], &["-C", "ws", "assess", "12.3.a", "--check", "c9", "--verdict", "conform"], 2, None),
    case("assess_unknown_evidence", &[], &["-C", "ws", "assess", "5.1.a", "--verdict", "conform", "--evidence", "E-0042"], 2, None),
    case("assess_unknown_verdict", &[], &["-C", "ws", "assess", "5.1.a", "--verdict", "conformish"], 2, None),
    case("finding_unknown_id", &[Entry("entry/duplicate-finding-a.ron")], &["-C", "ws", "finding", "plan", "F-0042", "--action", "A", "--owner", "O", "--due", "2027-01-01"], 2, None),
    case("finding_close_while_open_is_refused", &[Entry("entry/duplicate-finding-a.ron")], &["-C", "ws", "finding", "close", "F-0001"], 1, None),
    case("evidence_add_refused_by_role", &[File("manifest/team.ron", "ws/jalon.ron")], &["-C", "ws", "--as", "anssi@example.org", "evidence", "add", "p.txt", "--title", "T", "--copy"], 1, None),
    case("finding_add_unknown_requirement", &[], &["-C", "ws", "finding", "add", "--requirement", "99.9.z", "--severity", "minor", "--title", "T"], 2, None),
    // Referentials beside the service's own (`referential add`, `--referential`).
    case("referential_add_unknown", &[], &["-C", "ws", "referential", "add", "hygiene-guide"], 2, None),
    case("referential_add_own", &[], &["-C", "ws", "referential", "add", "secnumcloud-3.2"], 2, None),
    case("referential_add_unknown_level", &[], &["-C", "ws", "referential", "add", "anssi-hygiene", "--level", "high"], 2, None),
    case("service_referential_to_one_beside", &[Entry("entry/add-hygiene.ron")], &["-C", "ws", "service", "referential", "anssi-hygiene"], 2, None),
    // Exports for other tools.
    case("export_oscal_unknown_model", &[], &["-C", "ws", "export", "oscal", "--model", "ssp", "-o", "x.json"], 2, None),
    case("export_oscal_unknown_version", &[], &["-C", "ws", "export", "oscal", "--model", "poam", "--oscal-version", "1.0.4", "-o", "x.json"], 2, None),
    case("export_oscal_unknown_cycle", &[], &["-C", "ws", "export", "oscal", "--model", "assessment-results", "--cycle", "renewal-2031", "-o", "x.json"], 2, None),
    case("export_oscal_over_the_manifest", &[], &["-C", "ws", "export", "oscal", "--model", "poam", "-o", "ws/jalon.ron"], 2, None),
    case("export_ciso_assistant_unknown_format", &[], &["-C", "ws", "export", "ciso-assistant", "--format", "ods", "-o", "x.ods"], 2, None),
    case("grid_referential_not_in_scope", &[], &["-C", "ws", "grid", "--referential", "anssi-hygiene"], 2, None),
    case("assess_referential_not_in_scope", &[], &["-C", "ws", "assess", "4", "--verdict", "conform", "--referential", "anssi-hygiene"], 1, None),
    case("plan_generate_referential_not_in_scope", &[], &["-C", "ws", "plan", "generate", "--referential", "anssi-hygiene"], 1, None),
    case("finding_add_referential_not_in_scope", &[], &["-C", "ws", "finding", "add", "--requirement", "4", "--severity", "minor", "--title", "T", "--referential", "anssi-hygiene"], 1, None),
    case("journey_unknown_event", &[], &["-C", "ws", "journey", "record", "j1-acepted"], 2, None),
    case("date_february_30", &[], &["-C", "ws", "journey", "record", "request-submitted", "--date", "2026-02-30"], 2, None),
    case("date_after_today", &[], &["-C", "ws", "journey", "record", "request-submitted", "--date", "2027-01-01"], 2, None),
    case("evidence_missing_file", &[], &["-C", "ws", "evidence", "add", "nope.txt", "--title", "X"], 2, None),
    case("evidence_a_folder", &[], &["-C", "ws", "evidence", "add", "ws", "--title", "X"], 2, None),
    // User text with control or bidirectional control characters (terminal escapes, a line break
    // in a one-line text, a right-to-left override): refused at input, naming the option and the
    // character, before anything is read or written.
    case("as_with_bidi_override", &[], &["-C", "ws", "--as", "officer\u{202e}gro.elpmaxe", "assess", "5.1.a", "--verdict", "conform"], 2, None),
    case("init_provider_with_terminal_escape", &[], &["init", "ws2", "--provider", "P\u{1b}[2J", "--service", "S", "--kind", "iaas"], 2, Some("--provider")),
    case("init_centre_with_bidi_override", &[], &["init", "ws2", "--provider", "P", "--service", "S", "--kind", "iaas", "--evaluation-centre", "CESTI\u{202e}"], 2, Some("--evaluation-centre")),
    case("reference_with_bell", &[], &["-C", "ws", "--on-behalf-of", "anssi", "--reference", "letter\u{7}", "journey", "record", "j0-accepted"], 2, Some("--reference")),
    case("finding_title_with_terminal_escape", &[], &["-C", "ws", "finding", "add", "--requirement", "5.1.a", "--severity", "minor", "--title", "clear \u{1b}[2J\u{1b}]0;owned\u{7}"], 2, None),
    case("finding_title_with_line_break", &[], &["-C", "ws", "finding", "add", "--requirement", "5.1.a", "--severity", "minor", "--title", "first\nBEGIN:VEVENT"], 2, None),
    case("finding_description_with_c1_control", &[], &["-C", "ws", "finding", "add", "--requirement", "5.1.a", "--severity", "minor", "--title", "T", "--description", "csi \u{9b}2J"], 2, None),
    case("finding_owner_with_terminal_escape", &[Entry("entry/duplicate-finding-a.ron")], &["-C", "ws", "finding", "plan", "F-0001", "--action", "A", "--owner", "\u{1b}[31mowner", "--due", "2027-01-01"], 2, None),
    case("finding_action_with_backspaces", &[Entry("entry/duplicate-finding-a.ron")], &["-C", "ws", "finding", "plan", "F-0001", "--action", "delete the logs\u{8}\u{8}\u{8}\u{8}keep", "--owner", "O", "--due", "2027-01-01"], 2, None),
    case("note_with_bell", &[], &["-C", "ws", "journey", "record", "request-submitted", "--note", "ding\u{7}"], 2, None),
    case("reserves_with_bidi_isolate", &[], &["-C", "ws", "journey", "record", "request-submitted", "--reserves", "\u{2067}reserve"], 2, None),
    case("evidence_title_with_terminal_escape", &[], &["-C", "ws", "evidence", "add", "p.txt", "--title", "T\u{1b}[8m"], 2, None),
    case("evidence_kind_with_tab", &[], &["-C", "ws", "evidence", "add", "p.txt", "--title", "T", "--kind", "doc\tument"], 2, None),
    case("team_actor_with_terminal_escape", &[], &["-C", "ws", "team", "add", "eve\u{1b}[2K", "--role", "evaluator"], 2, None),
    case("centre_with_line_break", &[], &["-C", "ws", "service", "centre", "CESTI\r\nBEGIN:VEVENT"], 2, None),
    case("justification_with_bidi_override", &[], &["-C", "ws", "assess", "5.1.a", "--verdict", "not-applicable", "--justification", "\u{202d}SaaS only"], 2, None),
    case("evaluator_with_del", &[], &["-C", "ws", "plan", "generate", "--evaluator", "lead\u{7f}"], 2, None),
    // Filled-in forms that are not forms, report and calendar options out of their sets.
    case("import_form_missing_file", &[], &["-C", "ws", "import", "form", "nope.xlsx"], 2, None),
    case("import_form_not_a_form", &[Text("form.csv", "a;b\n1;2\n")], &["-C", "ws", "import", "form", "form.csv"], 2, None),
    case("import_form_broken_xlsx", &[Text("form.xlsx", "PK\u{3}\u{4}not a zip")], &["-C", "ws", "import", "form", "form.xlsx"], 2, None),
    case("import_form_a_fifo", &[Fifo("form.csv")], &["-C", "ws", "import", "form", "form.csv"], 2, None),
    case("report_docx_without_output", &[], &["-C", "ws", "report", "summary", "--to", "docx"], 2, None),
    case("report_conclude_unknown_opinion", &[], &["-C", "ws", "report", "conclude", "--opinion", "ok", "--justification", "x"], 2, None),
    case("report_risk_with_terminal_escape", &[], &["-C", "ws", "report", "risk", "\u{1b}[2J"], 2, None),
    case("report_identify_empty_reference", &[], &["-C", "ws", "report", "identify", "--reference", " ", "--report-version", "1"], 2, None),
    case("calendar_unknown_lang", &[], &["-C", "ws", "calendar", "--lang", "de"], 2, None),
    case("export_form_unknown_dialect", &[], &["-C", "ws", "export", "form", "--to", "csv", "--dialect", "excel", "-o", "f.csv"], 2, None),
    // Workspaces that are not folders of the expected shape.
    case("workspace_is_a_file", &[], &["-C", "p.txt", "status"], 2, None),
    case("workspace_missing", &[], &["-C", "nowhere", "status"], 2, None),
    case("init_into_a_file", &[], &["init", "p.txt", "--provider", "P", "--service", "S", "--kind", "iaas"], 2, None),
    case("history_is_a_file", &[Remove("ws/history"), Text("ws/history", "not a folder\n")], ASSESS, 2, None),
    case("manifest_is_a_folder", &[Remove("ws/jalon.ron"), Folder("ws/jalon.ron")], ASSESS, 2, None),
    // Outputs (`-o`, `--ics`) that would land on the workspace's own files, however the path is
    // spelt: refused, nothing written (found by testing: `-o jalon.ron` destroyed the workspace).
    case("output_over_the_manifest", &[], &["-C", "ws", "export", "form", "--to", "csv", "-o", "ws/jalon.ron"], 2, Some("ws/jalon.ron: would overwrite jalon.ron")),
    case("output_into_history", &[], &["-C", "ws", "report", "summary", "-o", "ws/history/x.ron"], 2, Some("ws/history/x.ron: would overwrite history/x.ron")),
    case("output_over_the_manifest_through_dotdot", &[], &["-C", "ws", "report", "summary", "-o", "ws/history/../jalon.ron"], 2, Some("would overwrite jalon.ron")),
    case("output_through_a_link_to_the_manifest", &[Symlink("form.csv", "ws/jalon.ron")], &["-C", "ws", "export", "form", "--to", "csv", "-o", "form.csv"], 2, Some("form.csv: would overwrite jalon.ron")),
    case("output_over_checks", &[], &["-C", "ws", "report", "summary", "-o", "ws/checks.ron"], 2, Some("would overwrite checks.ron")),
    case("output_into_evidence", &[], &["-C", "ws", "export", "form", "--to", "xlsx", "-o", "ws/evidence/form.xlsx"], 2, Some("would overwrite evidence/form.xlsx")),
    case("output_ics_into_the_private_folder", &[], &["-C", "ws", "calendar", "--ics", "ws/.jalon/deadlines.ics"], 2, Some("would overwrite .jalon/deadlines.ics")),
    case("output_is_a_folder", &[Folder("out")], &["-C", "ws", "report", "summary", "-o", "out"], 2, Some("out: is a folder")),
    // Workspace files that are not regular files (a FIFO would block the read, or the lock's
    // open, for ever): named, never opened. Each runs with a timeout.
    case("history_entry_is_a_fifo", &[Fifo(ENTRY)], STATUS, 2, Some("history/20261120T090000.000Z-0000000000000000.ron: is a named pipe (FIFO)")),
    case("history_entry_is_a_fifo_for_a_writer", &[Fifo(ENTRY)], ASSESS, 2, Some("is a named pipe (FIFO)")),
    case("history_entry_is_a_fifo_for_verify", &[Fifo(ENTRY)], VERIFY, 1, Some("is a named pipe (FIFO)")),
    case("lock_is_a_fifo", &[Fifo("ws/.jalon/lock")], ASSESS, 2, Some(".jalon/lock: is a named pipe (FIFO)")),
    case("manifest_is_a_fifo", &[Remove("ws/jalon.ron"), Fifo("ws/jalon.ron")], STATUS, 2, Some("ws/jalon.ron: is a named pipe (FIFO)")),
    case("workflow_is_a_fifo", &[Fifo("ws/custom.ron"), File("manifest/workflow-custom.ron", "ws/jalon.ron")], ASSESS, 2, Some("custom.ron: is a named pipe (FIFO)")),
    case("checks_is_a_fifo", &[Fifo("ws/checks.ron")], ASSESS, 2, Some("checks.ron: is a named pipe (FIFO)")),
    case("referential_is_a_fifo", &[Folder("ws/referentials"), Fifo("ws/referentials/crash-test.ron")], VERIFY, 1, Some("referentials/crash-test.ron: is a named pipe (FIFO)")),
    case("import_a_fifo", &[Fifo("lib.yaml")], IMPORT, 2, Some("lib.yaml: is a named pipe (FIFO)")),
    case("card_is_a_fifo", &[Fifo("card.ron")], &["sovereignty", "score", "card.ron"], 2, Some("card.ron: is a named pipe (FIFO)")),
    case("evidence_add_a_fifo", &[Fifo("p.fifo")], &["-C", "ws", "evidence", "add", "p.fifo", "--title", "T", "--copy"], 2, Some("p.fifo")),
    case("evidence_copy_is_a_fifo", &[Folder("ws/evidence"), Fifo("ws/evidence/link.txt"), Entry("entry/evidence-symlink.ron")], VERIFY, 1, Some("evidence/link.txt")),
    // Inputs that cost too much: refused with the limit named, at once.
    case("workflow_900_states_900_events", &[BigWorkflow("ws/custom.ron", 900, 900), File("manifest/workflow-custom.ron", "ws/jalon.ron")], ASSESS, 2, Some("custom.ron:9:5: the workflow has 900 states, more than the 500")),
    case("workflow_1001_events", &[BigWorkflow("ws/custom.ron", 3, 1001), File("manifest/workflow-custom.ron", "ws/jalon.ron")], STATUS, 2, Some("the workflow has 1001 events, more than the 1000")),
    case("import_alias_bomb_of_long_texts", &[AliasTextBomb("lib.yaml")], IMPORT, 2, Some("expands to more than 8 MiB of text")),
    // Headings carry no verdict and no finding: refused, with the sub-items to use instead
    // (found by testing: a finding on 7.1.a was said accepted, then missing from the form).
    case("finding_add_on_a_heading", &[], &["-C", "ws", "finding", "add", "--requirement", "7.1.a", "--severity", "minor", "--title", "T"], 2, Some("its sub-items are 7.1.a.1, 7.1.a.2")),
    case("assess_a_heading", &[], &["-C", "ws", "assess", "7.1.a", "--verdict", "conform"], 2, Some("its sub-items are 7.1.a.1, 7.1.a.2")),
    // Keys: a signing key that is not one, a public key given to sign, a public key that is not
    // one or is a private key.
    case("signing_key_not_a_key", &[Text("key", "not a key\n")], &["-C", "ws", "--key", "key", "journey", "record", "request-submitted"], 2, Some("key: not an OpenSSH private key")),
    case("signing_key_is_a_public_key", &[Text("key.pub", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJSHPCFqHcUHl0oxInY02Z+450+xs6aLNLVezA2q9q6T officer\n")], &["-C", "ws", "--key", "key.pub", "journey", "record", "request-submitted"], 2, Some("key.pub: this is a public key")),
    case("team_public_key_garbage", &[Text("k.pub", "ssh-ed25519 garbage officer\n")], &["-C", "ws", "team", "add", "eva@example.org", "--role", "evaluator", "--public-key", "k.pub"], 2, Some("k.pub: not an OpenSSH public key")),
    case("team_public_key_is_private", &[Text("k", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n")], &["-C", "ws", "team", "add", "eva@example.org", "--role", "evaluator", "--public-key", "k"], 2, Some("k: this is a private key")),
];

fn corpus(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/bad-input")
        .join(rel)
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The name jalon gives an entry: recording time, then the first 16 hex digits of its SHA-256.
fn entry_name(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let stamp = text
        .lines()
        .find(|l| l.trim_start().starts_with("recorded:"))
        .and_then(|l| l.split('"').nth(1))
        .map(|r| {
            r.chars()
                .filter(|c| *c != '-' && *c != ':')
                .collect::<String>()
        })
        .filter(|s| s.len() == 20)
        .unwrap_or_else(|| "20261120T090000.000Z".to_owned());
    format!("{stamp}-{}.ron", &sha256(bytes)[..16])
}

const HUGE: usize = 50 * 1024 * 1024;
const DEPTH: usize = 100_000;

fn put(s: &Scratch, p: Put) {
    let write = |to: &str, bytes: &[u8]| {
        let path = s.join(to);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    match p {
        File(from, to) => write(to, &std::fs::read(corpus(from)).unwrap()),
        Entry(from) => {
            let bytes = std::fs::read(corpus(from)).unwrap();
            write(&format!("ws/history/{}", entry_name(&bytes)), &bytes);
        }
        Text(to, text) => write(to, text.as_bytes()),
        Huge(to) => {
            let mut bytes = b"(\n    format: 1,\n    provider: \"".to_vec();
            bytes.resize(HUGE, b' ');
            write(to, &bytes);
        }
        Deep(to, prefix, suffix) => {
            let mut text = String::with_capacity(2 * DEPTH + prefix.len() + suffix.len());
            text.push_str(prefix);
            text.push_str(&"[".repeat(DEPTH));
            text.push_str(&"]".repeat(DEPTH));
            text.push_str(suffix);
            write(to, text.as_bytes());
        }
        Symlink(link, target) => {
            std::os::unix::fs::symlink(s.join(target), s.join(link)).unwrap();
        }
        Remove(path) => {
            let path = s.join(path);
            if path.is_dir() {
                std::fs::remove_dir_all(path).unwrap();
            } else {
                std::fs::remove_file(path).unwrap();
            }
        }
        Folder(path) => std::fs::create_dir_all(s.join(path)).unwrap(),
        Fifo(path) => {
            let path = s.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            let made = std::process::Command::new("mkfifo")
                .arg(&path)
                .status()
                .unwrap();
            assert!(made.success(), "mkfifo {}", path.display());
        }
        BigWorkflow(to, states, events) => write(to, big_workflow(states, events).as_bytes()),
        AliasTextBomb(to) => write(to, alias_text_bomb().as_bytes()),
    }
}

/// A workflow file of `states` states (each an end) and `events` events, every event from every
/// state.
fn big_workflow(states: usize, events: usize) -> String {
    let mut text = String::from(
        "(\n    format: 1,\n    id: \"big\",\n    name: (en: \"Big\", fr: \"Gros\"),\n    initial: \"s0\",\n    cadences: (validity_months: 36, surveillance_interval_months: 12),\n    milestones: [],\n    expiry: (from: [\"s0\"], to: \"s0\"),\n    states: [\n",
    );
    for s in 0..states {
        text.push_str(&format!(
            "        (id: \"s{s}\", label: (en: \"s\", fr: \"s\"), end: true),\n"
        ));
    }
    text.push_str("    ],\n    events: [\n");
    let all: Vec<String> = (0..states).map(|s| format!("\"s{s}\"")).collect();
    let all = all.join(", ");
    for e in 0..events {
        text.push_str(&format!(
            "        (id: \"e{e}\", label: (en: \"e\", fr: \"e\"), from: [{all}], to: \"s{}\"),\n",
            (e + 1) % states
        ));
    }
    text.push_str("    ],\n)\n");
    text
}

/// About 1 MB of CISO Assistant library that aliases four texts of 250 kB 99 times.
fn alias_text_bomb() -> String {
    let mut text = String::from(
        "urn: urn:intuitem:risk:library:bomb\nobjects:\n  framework:\n    urn: urn:x:framework:bomb\n    ref_id: bomb\n    name: bomb\n    requirement_nodes:\n",
    );
    for a in 0..4u8 {
        let long = char::from(b'a' + a).to_string().repeat(250_000);
        text.push_str(&format!(
            "      - urn: urn:x:n{a}\n        ref_id: n{a}\n        depth: 1\n        assessable: true\n        description: &t{a} {long}\n"
        ));
    }
    for i in 0..99 {
        text.push_str(&format!(
            "      - urn: urn:x:m{i}\n        ref_id: m{i}\n        depth: 1\n        assessable: true\n        description: *t{}\n",
            i % 4
        ));
    }
    text
}

/// Every file under the scratch folder with its bytes, like `Scratch::snapshot_tree`, but a FIFO
/// or a device is recorded by its kind, never read (reading a FIFO would wait for a writer).
fn tree(s: &Scratch) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![s.path().to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("list") {
            let path = entry.expect("entry").path();
            match std::fs::metadata(&path) {
                Ok(m) if m.is_dir() => stack.push(path),
                Ok(m) if m.is_file() => {
                    // The lock, and the caches a read refreshes (derived, git-ignored, written
                    // whole or not at all), are not the workspace's content.
                    let cache = path.parent().is_some_and(|p| {
                        p.ends_with(".jalon/cache") && p.starts_with(s.join("ws"))
                    });
                    if path.file_name().is_some_and(|n| n != "lock") && !cache {
                        out.push((path.clone(), std::fs::read(&path).expect("read")));
                    }
                }
                Ok(m) => out.push((path, format!("{:?}", m.file_type()).into_bytes())),
                Err(_) => out.push((path, b"(dangling link)".to_vec())),
            }
        }
    }
    out.sort();
    out
}

/// Runs `jalon ARGS` like `Scratch::run`, killed after `limit` (a hang fails the case instead
/// of the whole suite).
fn run(s: &Scratch, args: &[&str], limit: std::time::Duration) -> (i32, String, String) {
    let out = s
        .jalon()
        .args(args)
        .timeout(limit)
        .output()
        .expect("jalon runs");
    let clean =
        |b: &[u8]| String::from_utf8_lossy(b).replace(&s.path().display().to_string(), "[scratch]");
    (
        out.status.code().unwrap_or(-1),
        clean(&out.stdout),
        clean(&out.stderr),
    )
}

/// Runs one case: its exit code, no panic, the place named, nothing changed, the message as
/// snapshotted.
fn check(case: &Case) -> Result<(), String> {
    let s = Scratch::new();
    s.workspace();
    std::fs::write(s.join("p.txt"), "x\n").unwrap();
    for p in case.put {
        put(&s, *p);
    }
    let args: Vec<String> = case
        .args
        .iter()
        .map(|a| {
            // The examples of the repository, wherever the scratch folder is.
            a.strip_prefix("../examples/").map_or_else(
                || (*a).to_owned(),
                |rest| {
                    Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("examples")
                        .join(rest)
                        .display()
                        .to_string()
                },
            )
        })
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let before = tree(&s);
    // A FIFO case that hangs is killed after a few seconds; the others are given time.
    let blocks = case.put.iter().any(|p| matches!(p, Fifo(_)));
    let limit = std::time::Duration::from_secs(if blocks { 10 } else { 600 });
    let (code, out, err) = run(&s, &args, limit);
    let shown = format!("{out}{err}").replace(env!("CARGO_MANIFEST_DIR"), "[repo]");
    let mut wrong = Vec::new();
    if shown.contains("panicked") {
        wrong.push("jalon panicked".to_owned());
    }
    if code != case.code {
        wrong.push(format!("exit code {code}, expected {}", case.code));
    }
    if shown.trim().is_empty() {
        wrong.push("no message".to_owned());
    }
    if let Some(at) = case.at
        && !shown.contains(at)
    {
        wrong.push(format!("the message does not name {at}"));
    }
    if tree(&s) != before {
        wrong.push("a file changed".to_owned());
    }
    insta::assert_snapshot!(case.name, shown);
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(format!("{}: {}\n{shown}", case.name, wrong.join("; ")))
    }
}

#[test]
fn every_bad_input_gives_a_clear_error_and_changes_nothing() {
    let mut names: Vec<&str> = CASES.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), CASES.len(), "case names are unique");
    let failed: Vec<String> = CASES.iter().filter_map(|c| check(c).err()).collect();
    assert!(
        failed.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failed.len(),
        CASES.len(),
        failed.join("\n\n")
    );
}

/// Every file of the corpus is used by a case (a file no case names would prove nothing).
#[test]
fn every_corpus_file_is_used() {
    let mut stack = vec![corpus("")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path.strip_prefix(corpus("")).unwrap().display().to_string();
            if rel == "README.md" {
                continue;
            }
            let used = CASES.iter().any(|c| {
                c.put
                    .iter()
                    .any(|p| matches!(p, File(f, _) | Entry(f) if *f == rel))
            });
            assert!(used, "tests/bad-input/{rel} is used by no case");
        }
    }
}

/// A read-only workspace: writers fail with a clear error and write nothing. Run as root (as in
/// some containers), permissions do not stop writes: then this test says so and checks only that
/// a write still succeeds cleanly.
#[test]
fn a_read_only_workspace_refuses_writes_cleanly() {
    use std::os::unix::fs::PermissionsExt;
    let s = Scratch::new();
    s.workspace();
    let ws = s.join("ws");
    let set = |mode: u32| {
        for dir in [ws.clone(), ws.join("history"), ws.join(".jalon")] {
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(mode)).unwrap();
        }
    };
    set(0o555);
    let probe = ws.join("history/.probe");
    let root_like = std::fs::write(&probe, b"").is_ok();
    let _ = std::fs::remove_file(&probe);
    let before = s.snapshot_tree();
    let (code, out, err) = s.run(ASSESS);
    set(0o755);
    assert!(!err.contains("panicked"), "{err}");
    if root_like {
        // Permissions do not apply to this user: the write goes through, whole.
        assert_eq!(code, 0, "{out}{err}");
        assert!(s.ok(&["-C", "ws", "verify"]).ends_with(": ok.\n"));
    } else {
        assert_eq!(code, 2, "{out}{err}");
        assert!(err.contains("Permission denied"), "{err}");
        assert!(s.snapshot_tree() == before, "a file changed");
    }
}

/// Found by this corpus: a workspace whose `history` folder was a symbolic link out of it (as a
/// cloned repository may hold) had its new entries written outside, and `jalon verify` passed; an
/// entry linked to a file outside had that file read and its first line shown in the error; a
/// `.jalon` linked outside had the lock file created there. Each is now refused, naming the link,
/// and nothing is written.
#[test]
fn links_out_of_the_workspace_are_neither_written_nor_read_through() {
    let s = Scratch::new();
    s.workspace();
    std::fs::remove_dir(s.join("ws/history")).unwrap();
    std::fs::create_dir(s.join("outside")).unwrap();
    std::os::unix::fs::symlink(s.join("outside"), s.join("ws/history")).unwrap();
    let (code, _, err) = s.run(ASSESS);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("history: path leads outside the workspace through a symbolic link"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(s.join("outside")).unwrap().count(),
        0,
        "written outside"
    );
    let (code, out, _) = s.run(VERIFY);
    assert_eq!(code, 1, "{out}");

    std::fs::remove_file(s.join("ws/history")).unwrap();
    std::fs::create_dir(s.join("ws/history")).unwrap();
    std::fs::write(s.join("secret.txt"), "the secret\n").unwrap();
    let entry = "ws/history/20261120T090000.000Z-0000000000000000.ron";
    std::os::unix::fs::symlink(s.join("secret.txt"), s.join(entry)).unwrap();
    let (code, out, err) = s.run(VERIFY);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("symbolic link; not read"), "{out}");
    assert!(!format!("{out}{err}").contains("the secret"), "{out}{err}");

    std::fs::remove_file(s.join(entry)).unwrap();
    std::fs::remove_dir_all(s.join("ws/.jalon")).unwrap();
    std::os::unix::fs::symlink(s.join("outside"), s.join("ws/.jalon")).unwrap();
    let (code, _, err) = s.run(ASSESS);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(".jalon: path leads outside the workspace"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(s.join("outside")).unwrap().count(),
        0,
        "lock created outside"
    );
}

/// Found by this corpus: `evidence add --copy` refused by the role rules ("nothing was written")
/// had already copied the file into `evidence/`. The rules are now applied before the copy.
#[test]
fn evidence_add_refused_by_the_role_rules_leaves_no_copy_behind() {
    let s = Scratch::new();
    s.workspace();
    std::fs::copy(corpus("manifest/team.ron"), s.join("ws/jalon.ron")).unwrap();
    std::fs::write(s.join("p.txt"), "x\n").unwrap();
    let args = [
        "-C",
        "ws",
        "--as",
        "anssi@example.org",
        "evidence",
        "add",
        "p.txt",
        "--title",
        "T",
        "--copy",
    ];
    let (code, _, err) = s.run(&args);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!s.join("ws/evidence").exists(), "a copy was left behind");
    // The provider may: the copy and its entry are written together.
    let (code, out, err) = s.run(&args.map(|a| {
        if a == "anssi@example.org" {
            "officer@example.org"
        } else {
            a
        }
    }));
    assert_eq!(code, 0, "{out}{err}");
    assert!(s.join("ws/evidence/E-0001-p.txt").is_file());
}

/// Found by testing: `evidence add` of a file whose name is not UTF-8 recorded its path mangled,
/// and `evidence verify` reported it missing for ever after. Such a path is refused (exit 2) and
/// nothing is written; with `--copy` it is taken, the copy getting a clean name.
#[test]
fn evidence_path_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let s = Scratch::new();
    s.workspace();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::write(s.path().join(name), "x\n").unwrap();
    let before = tree(&s);
    let add = |copy: bool| {
        let mut cmd = s.jalon();
        cmd.args(["-C", "ws", "evidence", "add"])
            .arg(name)
            .args(["--title", "T"]);
        if copy {
            cmd.arg("--copy");
        }
        let out = cmd
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        let clean = |b: &[u8]| {
            String::from_utf8_lossy(b).replace(&s.path().display().to_string(), "[scratch]")
        };
        (
            out.status.code().unwrap_or(-1),
            format!("{}{}", clean(&out.stdout), clean(&out.stderr)),
        )
    };
    let (code, shown) = add(false);
    assert_eq!(code, 2, "{shown}");
    assert!(shown.contains("is not valid UTF-8"), "{shown}");
    assert!(tree(&s) == before, "a file changed");
    insta::assert_snapshot!("evidence_path_not_utf8", shown);
    let (code, shown) = add(true);
    assert_eq!(code, 0, "{shown}");
    assert!(s.join("ws/evidence/E-0001-caf_.txt").is_file(), "{shown}");
    let (code, out, err) = s.run(&["-C", "ws", "evidence", "verify"]);
    assert_eq!(code, 0, "{out}{err}");
}

/// Found by testing: `-o /dev/stdout` replaced the link with a regular file and printed nothing
/// (and, as root, `-o /dev/null` replaced the device). `-` and `/dev/stdout` now print the
/// document (`calendar --ics -` prints the iCalendar alone), a FIFO is written in place, and a
/// symbolic link is written through and stays a link.
#[test]
fn output_to_stdout_a_fifo_and_through_a_link() {
    let s = Scratch::new();
    s.workspace();
    let summary = s.ok(&["-C", "ws", "report", "summary"]);
    for o in ["-", "/dev/stdout"] {
        assert_eq!(
            s.ok(&["-C", "ws", "report", "summary", "-o", o]),
            summary,
            "{o}"
        );
    }
    s.ok(&[
        "-C", "ws", "export", "form", "--to", "csv", "-o", "form.csv",
    ]);
    let csv = s.ok(&["-C", "ws", "export", "form", "--to", "csv", "-o", "-"]);
    assert_eq!(csv.as_bytes(), std::fs::read(s.join("form.csv")).unwrap());
    let ics = s.ok(&["-C", "ws", "calendar", "--ics", "-"]);
    assert!(ics.starts_with("BEGIN:VCALENDAR"), "{ics}");

    std::fs::write(s.join("real.md"), "old").unwrap();
    std::os::unix::fs::symlink(s.join("real.md"), s.join("link.md")).unwrap();
    s.ok(&["-C", "ws", "report", "summary", "-o", "link.md"]);
    assert!(
        std::fs::symlink_metadata(s.join("link.md"))
            .unwrap()
            .is_symlink()
    );
    assert_eq!(std::fs::read_to_string(s.join("real.md")).unwrap(), summary);

    let fifo = s.join("pipe.md");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let (tx, rx) = std::sync::mpsc::channel();
    let path = fifo.clone();
    std::thread::spawn(move || {
        let _ = tx.send(std::fs::read_to_string(path));
    });
    let (code, out, err) = run(
        &s,
        &["-C", "ws", "report", "summary", "-o", "pipe.md"],
        std::time::Duration::from_secs(20),
    );
    assert_eq!(code, 0, "{out}{err}");
    let read = rx.recv_timeout(std::time::Duration::from_secs(5));
    if read.is_err() {
        // Release the reader before failing: jalon did not write to the pipe.
        let _ = std::fs::OpenOptions::new().write(true).open(&fifo);
    }
    assert_eq!(read.expect("the pipe was written").unwrap(), summary);
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo(),
        "the FIFO was replaced"
    );
}
