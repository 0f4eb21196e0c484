//! Signed history: ed25519 keys generated here, team acts declaring them, the signature policy,
//! `verify` checking every entry, `ssh-keygen -Y verify` accepting jalon's signatures, and git
//! merges of signed work.

use std::path::{Path, PathBuf};
use std::process::Command;

use ssh_key::{Algorithm, LineEnding, PrivateKey};

use crate::git_teams::git;
use crate::util::{Scratch, json};

const OFFICER: &str = "officer@provider.example";
const LEAD: &str = "lead@centre.example";
const EVALUATOR: &str = "eva@centre.example";

/// A new ed25519 key pair in `dir`: `<name>` (the OpenSSH private key) and `<name>.pub`.
fn keypair(dir: &Path, name: &str) -> PathBuf {
    let key = PrivateKey::random(&mut ssh_key::rand_core::OsRng, Algorithm::Ed25519)
        .expect("an ed25519 key");
    let private = dir.join(name);
    std::fs::write(
        &private,
        key.to_openssh(LineEnding::LF).expect("encodes").as_bytes(),
    )
    .expect("writes the private key");
    // As ssh-keygen keeps it (OpenSSH refuses a private key others can read).
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let public = key.public_key().to_openssh().expect("encodes");
    std::fs::write(
        dir.join(format!("{name}.pub")),
        format!("{public} {name}\n"),
    )
    .expect("writes the public key");
    private
}

/// J0, recorded by the officer on ANSSI's behalf, signed by the officer.
fn record_j0_for_anssi(s: &Scratch) {
    ok_as(
        s,
        OFFICER,
        Some("officer"),
        &[
            "journey",
            "record",
            "j0-accepted",
            "--on-behalf-of",
            "anssi",
            "--reference",
            "letter",
        ],
    );
}

/// Says on standard error what a test could not check here.
#[allow(clippy::print_stderr)]
fn say(what: &str) {
    eprintln!("{what}");
}

/// Runs `jalon ARGS` as `actor` signing with the key `key` (a file of the scratch folder), or
/// with no key.
fn as_(s: &Scratch, actor: &str, key: Option<&str>, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["-C", "ws", "--as", actor];
    if let Some(key) = key {
        all.extend(["--key", key]);
    }
    all.extend(args);
    s.run(&all)
}

fn ok_as(s: &Scratch, actor: &str, key: Option<&str>, args: &[&str]) -> String {
    let (code, out, err) = as_(s, actor, key, args);
    assert_eq!(code, 0, "jalon {args:?} as {actor} failed:\n{err}");
    out
}

/// A workspace whose signatures are required from `init`, with the officer, the lead evaluator
/// (brought in by the officer) and an evaluator (declared by the lead), each with a key.
fn signed_team() -> Scratch {
    let s = Scratch::new();
    for name in ["officer", "lead", "eva", "intruder"] {
        keypair(s.path(), name);
    }
    s.ok(&[
        "--as",
        OFFICER,
        "--key",
        "officer",
        "init",
        "ws",
        "--provider",
        "Example Cloud",
        "--service",
        "Example Compute",
        "--kind",
        "iaas",
        "--signatures",
        "required",
        "--public-key",
        "officer.pub",
    ]);
    ok_as(
        &s,
        OFFICER,
        Some("officer"),
        &[
            "team",
            "add",
            LEAD,
            "--role",
            "lead-evaluator",
            "--public-key",
            "lead.pub",
        ],
    );
    ok_as(
        &s,
        LEAD,
        Some("lead"),
        &[
            "team",
            "add",
            EVALUATOR,
            "--role",
            "evaluator",
            "--public-key",
            "eva.pub",
        ],
    );
    s
}

fn entries(s: &Scratch) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(s.join("ws/history"))
        .expect("history")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    files
}

fn verify(s: &Scratch) -> (i32, String) {
    let (code, out, err) = s.run(&["-C", "ws", "verify"]);
    (code, format!("{out}{err}"))
}

#[test]
fn signed_writes_verify_and_each_entry_names_its_signer() {
    let s = signed_team();
    ok_as(
        &s,
        OFFICER,
        Some("officer"),
        &["journey", "record", "request-submitted"],
    );
    let (code, out) = verify(&s);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("5 signatures"), "{out}");
    let listed = json(&s.ok(&[
        "-C",
        "ws",
        "history",
        "list",
        "--signatures",
        "--format",
        "json",
    ]));
    let listed = listed["entries"].as_array().expect("entries");
    assert_eq!(listed.len(), 5);
    for e in listed {
        assert_eq!(e["signature"], "valid", "{e}");
        assert!(
            e["signer"]
                .as_str()
                .is_some_and(|s| s.starts_with("SHA256:")),
            "{e}"
        );
    }
    // The evaluator's entry is signed by the lead, who declared them.
    let team = json(&s.ok(&["-C", "ws", "team", "list", "--format", "json"]));
    assert_eq!(team["signatures"], "required");
    assert_eq!(team["team"].as_array().map(Vec::len), Some(3));
    assert!(
        team["team"]
            .as_array()
            .expect("team")
            .iter()
            .all(|m| m["key"].as_str().is_some_and(|k| k.starts_with("SHA256:")))
    );
}

#[test]
fn ssh_keygen_accepts_jalons_signatures_with_the_teams_allowed_signers() {
    let s = signed_team();
    ok_as(
        &s,
        OFFICER,
        Some("officer"),
        &["journey", "record", "request-submitted"],
    );
    // Any answer, even a usage error, means it is installed.
    if Command::new("ssh-keygen").arg("-?").output().is_err() {
        say(
            "ssh-keygen not found: the check with OpenSSH did not run (install openssh-client; .ci/run does)",
        );
        return;
    }
    let allowed = s.join("allowed_signers");
    std::fs::write(&allowed, s.ok(&["-C", "ws", "team", "allowed-signers"])).expect("writes");
    let history = s.join("ws/history");
    let actors = [OFFICER, OFFICER, OFFICER, LEAD, OFFICER];
    for (entry, actor) in entries(&s).iter().zip(actors) {
        let mut sig = entry.clone().into_os_string();
        sig.push(".sig");
        let out = Command::new("ssh-keygen")
            .current_dir(&history)
            .args(["-Y", "verify", "-f"])
            .arg(&allowed)
            .args(["-I", actor, "-n", "jalon", "-s"])
            .arg(&sig)
            .stdin(std::fs::File::open(entry).expect("entry"))
            .output()
            .expect("ssh-keygen runs");
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && said.contains("Good \"jalon\" signature"),
            "{}: {said}{}",
            entry.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn with_signatures_required_an_unsigned_write_and_another_members_key_are_refused() {
    let s = signed_team();
    let before = s.snapshot_tree();
    let (code, _, err) = as_(
        &s,
        OFFICER,
        None,
        &["journey", "record", "request-submitted"],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("not signed"), "{err}");
    assert!(err.contains("--key PATH"), "says how to give a key: {err}");
    let (code, _, err) = as_(
        &s,
        OFFICER,
        Some("lead"),
        &["journey", "record", "request-submitted"],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(&format!("not `{OFFICER}`'s declared key")),
        "{err}"
    );
    // A key nobody declared, and a key given to someone outside the team.
    let (code, _, err) = as_(
        &s,
        "intruder@example.org",
        Some("intruder"),
        &["journey", "record", "request-submitted"],
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(s.snapshot_tree(), before, "nothing was written");
}

#[test]
fn the_provider_adding_a_centre_member_is_refused_once_the_centre_has_its_lead() {
    let s = signed_team();
    let (code, _, err) = as_(
        &s,
        OFFICER,
        Some("officer"),
        &[
            "team",
            "add",
            "sock-puppet@provider.example",
            "--role",
            "evaluator",
            "--public-key",
            "intruder.pub",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "centre members are declared, changed and removed by the centre's lead evaluator"
        ),
        "{err}"
    );
    // Nor may the officer make themselves ANSSI; the lead may not touch the provider's members.
    let (code, _, err) = as_(
        &s,
        OFFICER,
        Some("officer"),
        &["team", "add", OFFICER, "--role", "anssi"],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("on its behalf"), "{err}");
    let (code, _, err) = as_(&s, LEAD, Some("lead"), &["team", "remove", OFFICER]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("provider members"), "{err}");
    // ANSSI's acts: recorded by the officer on its behalf, signed by the officer.
    ok_as(
        &s,
        OFFICER,
        Some("officer"),
        &["journey", "record", "request-submitted"],
    );
    ok_as(
        &s,
        OFFICER,
        Some("officer"),
        &[
            "--on-behalf-of",
            "anssi",
            "--reference",
            "ANSSI letter 2026-118",
            "journey",
            "record",
            "j0-accepted",
        ],
    );
    let (code, out) = verify(&s);
    assert_eq!(code, 0, "{out}");
}

/// Rewrites the newest entry with `edit`, renames it after its new hash (the chain stays
/// intact: no entry names it yet), and moves its signature along unless `drop_signature`.
fn rewrite_newest(s: &Scratch, edit: impl Fn(&str) -> String, drop_signature: bool) {
    let newest = entries(s).pop().expect("an entry");
    let text = std::fs::read_to_string(&newest).expect("reads");
    let changed = edit(&text);
    assert_ne!(changed, text, "the edit changes the entry");
    let hash = {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(changed.as_bytes());
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let name = newest.file_name().and_then(|n| n.to_str()).expect("name");
    let (stem, _) = name.rsplit_once('-').expect("stamp-hash.ron");
    let renamed = newest.with_file_name(format!("{stem}-{}.ron", &hash[..16]));
    std::fs::write(&renamed, changed).expect("writes");
    std::fs::remove_file(&newest).expect("removes");
    let mut sig = newest.into_os_string();
    sig.push(".sig");
    let mut moved = renamed.into_os_string();
    moved.push(".sig");
    if drop_signature {
        std::fs::remove_file(&sig).expect("removes the signature");
    } else {
        std::fs::rename(&sig, &moved).expect("moves the signature");
    }
}

#[test]
fn an_entry_rewritten_consistently_is_caught_by_verify() {
    let s = signed_team();
    ok_as(
        &s,
        OFFICER,
        Some("officer"),
        &["journey", "record", "request-submitted"],
    );
    let saved = s.snapshot_tree();
    // Content changed, renamed to its new hash, the signature kept beside it.
    rewrite_newest(&s, |t| t.replace("request-submitted", "abandoned"), false);
    let (code, out) = verify(&s);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("bad signature"), "{out}");

    // The same, with the signer and the signature removed: unsigned while required.
    restore(&s, &saved);
    rewrite_newest(
        &s,
        |t| {
            t.replace("request-submitted", "abandoned")
                .lines()
                .filter(|l| !l.trim_start().starts_with("signer:"))
                .collect::<Vec<_>>()
                .join("\n")
                + "\n"
        },
        true,
    );
    let (code, out) = verify(&s);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("unsigned, while signatures are required"),
        "{out}"
    );

    // Rewritten into an act the officer's role does not allow (ANSSI's J0, not on its behalf):
    // both the signature and the role are reported.
    restore(&s, &saved);
    rewrite_newest(&s, |t| t.replace("request-submitted", "j0-accepted"), false);
    let (code, out) = verify(&s);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("bad signature"), "{out}");
    assert!(
        out.contains("was not allowed to do this at that date: `j0-accepted` is recorded by anssi"),
        "{out}"
    );

    // Signed again by someone else's key (the intruder's): the key is not the actor's.
    restore(&s, &saved);
    let newest = entries(&s).pop().expect("an entry");
    let mut sig = newest.clone().into_os_string();
    sig.push(".sig");
    std::fs::remove_file(&sig).expect("removes the officer's signature");
    // ssh-keygen writes `<entry>.sig` itself.
    match Command::new("ssh-keygen")
        .args(["-Y", "sign", "-n", "jalon", "-f"])
        .arg(s.join("intruder"))
        .arg(&newest)
        .output()
    {
        Ok(out) => {
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let (code, out) = verify(&s);
            assert_eq!(code, 1, "{out}");
            assert!(
                out.contains("another key than the one the entry names"),
                "{out}"
            );
        }
        Err(_) => say(
            "ssh-keygen not found: re-signing by another key was not tried (install openssh-client; .ci/run does)",
        ),
    }
}

/// Puts the workspace back as `saved` says (files added since are removed).
fn restore(s: &Scratch, saved: &[(PathBuf, Vec<u8>)]) {
    for (path, _) in s.snapshot_tree() {
        if !saved.iter().any(|(p, _)| *p == path) {
            std::fs::remove_file(s.path().join(&path)).expect("removes");
        }
    }
    for (path, bytes) in saved {
        std::fs::write(s.path().join(path), bytes).expect("restores");
    }
}

#[test]
fn a_rotated_key_and_a_removed_member_leave_their_earlier_entries_valid() {
    let s = signed_team();
    keypair(s.path(), "lead2");
    ok_as(
        &s,
        LEAD,
        Some("lead"),
        &["team", "key", LEAD, "--public-key", "lead2.pub"],
    );
    // The old key no longer signs for the lead; the new one does.
    let (code, _, err) = as_(&s, LEAD, Some("lead"), &["team", "remove", EVALUATOR]);
    assert_eq!(code, 1, "{err}");
    ok_as(&s, LEAD, Some("lead2"), &["team", "remove", EVALUATOR]);
    let (code, out) = verify(&s);
    assert_eq!(code, 0, "{out}");
    // The evaluator, removed, can no longer write; what they signed before stays valid.
    let (code, _, err) = as_(
        &s,
        EVALUATOR,
        Some("eva"),
        &["evidence", "add", "officer.pub", "--title", "x"],
    );
    assert_eq!(code, 1, "{err}");
}

#[test]
fn optional_signatures_keep_unsigned_workspaces_working_and_check_signed_entries() {
    let s = Scratch::new();
    keypair(s.path(), "officer");
    s.workspace();
    // Unsigned as before.
    s.record("request-submitted", "2026-11-01");
    // The officer declares their key and signs from then on.
    ok_as(
        &s,
        OFFICER,
        Some("officer"),
        &[
            "team",
            "add",
            OFFICER,
            "--role",
            "provider",
            "--public-key",
            "officer.pub",
        ],
    );
    record_j0_for_anssi(&s);
    let (code, out) = verify(&s);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("2 signatures"), "{out}");
    // A signature removed from an entry that names its signer is caught, policy or not.
    let newest = entries(&s).pop().expect("an entry");
    let mut sig = newest.into_os_string();
    sig.push(".sig");
    std::fs::remove_file(&sig).expect("removes");
    let (code, out) = verify(&s);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("its signature is missing"), "{out}");
}

#[test]
fn signed_work_on_two_git_branches_merges_and_verifies() {
    let s = signed_team();
    let ws = s.join("ws");
    git(&ws, &["init", "-q"]);
    git(&ws, &["add", "-A"]);
    git(&ws, &["commit", "-qm", "team"]);
    git(&ws, &["checkout", "-qb", "centre"]);
    ok_as(
        &s,
        EVALUATOR,
        Some("eva"),
        &["evidence", "add", "--copy", "eva.pub", "--title", "PSSI"],
    );
    git(&ws, &["add", "-A"]);
    git(&ws, &["commit", "-qm", "centre"]);
    git(&ws, &["checkout", "-q", "main"]);
    ok_as(
        &s,
        OFFICER,
        Some("officer"),
        &["journey", "record", "request-submitted"],
    );
    git(&ws, &["add", "-A"]);
    git(&ws, &["commit", "-qm", "provider"]);
    git(&ws, &["merge", "-q", "--no-edit", "centre"]);
    let (code, out) = verify(&s);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("6 signatures"), "{out}");
    // The next signed write joins both branches.
    record_j0_for_anssi(&s);
    let (code, out) = verify(&s);
    assert_eq!(code, 0, "{out}");
}
