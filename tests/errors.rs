//! Bad input: clear errors with file, line and column, the documented exit codes, nothing written.

use crate::util::Scratch;

#[test]
fn malformed_manifest_names_file_line_column_and_writes_nothing() {
    let s = Scratch::new();
    s.workspace();
    let path = s.join("ws/jalon.ron");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("provider: ", "provider ");
    std::fs::write(&path, text).unwrap();
    let before = s.snapshot_tree();
    let (code, _, err) = s.run(&[
        "-C",
        "ws",
        "journey",
        "record",
        "j0-accepted",
        "--date",
        "2024-12-16",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("jalon.ron:3:13"), "{err}");
    insta::assert_snapshot!(err);
    assert_eq!(before, s.snapshot_tree());
    let (code, _, _) = s.run(&["-C", "ws", "status"]);
    assert_eq!(code, 2);
}

#[test]
fn unknown_fields_and_kinds_are_named() {
    let s = Scratch::new();
    s.workspace();
    let path = s.join("ws/jalon.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("\"iaas\"", "\"iaaz\"")).unwrap();
    let (code, _, err) = s.run(&["-C", "ws", "status"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown service kind `iaaz`"), "{err}");
    std::fs::write(&path, text.replace("workflow:", "workflw:")).unwrap();
    let (code, _, err) = s.run(&["-C", "ws", "status"]);
    assert_eq!(code, 2);
    assert!(err.contains("workflw"), "{err}");
}

#[test]
fn impossible_dates_are_usage_errors() {
    let s = Scratch::new();
    s.workspace();
    let (code, _, err) = s.run(&["-C", "ws", "status", "--today", "2026-02-30"]);
    assert_eq!(code, 2);
    assert!(err.contains("`2026-02-30` is not a valid date"), "{err}");
    let (code, _, err) = s.run(&[
        "-C",
        "ws",
        "journey",
        "record",
        "j0-accepted",
        "--date",
        "2024-13-01",
    ]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = s.run(&[
        "-C",
        "ws",
        "journey",
        "record",
        "j0-accepted",
        "--date",
        "2027-01-01",
    ]);
    assert_eq!(code, 2, "a date after today is refused: {err}");
    assert!(err.contains("after today"), "{err}");
}

#[test]
fn unknown_event_suggests_the_nearest() {
    let s = Scratch::new();
    s.workspace();
    let (code, _, err) = s.run(&["-C", "ws", "journey", "record", "j1-acepted"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `j1-accepted`"), "{err}");
}

#[test]
fn init_refuses_to_overwrite_a_workspace() {
    let s = Scratch::new();
    s.workspace();
    let before = s.snapshot_tree();
    let (code, _, err) = s.run(&[
        "init",
        "ws",
        "--provider",
        "Other",
        "--service",
        "Other",
        "--kind",
        "saas",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("already holds a jalon workspace"), "{err}");
    assert_eq!(before, s.snapshot_tree());
}

#[test]
fn no_workspace_here_says_what_to_do() {
    let s = Scratch::new();
    let (code, _, err) = s.run(&["status"]);
    assert_eq!(code, 2);
    assert!(err.contains("jalon init"), "{err}");
}

#[test]
fn workflow_path_escaping_the_workspace_is_refused() {
    let s = Scratch::new();
    s.workspace();
    let path = s.join("ws/jalon.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    for escape in ["../outside.ron", "/etc/outside.ron"] {
        std::fs::write(
            &path,
            text.replace("\"secnumcloud\"", &format!("\"{escape}\"")),
        )
        .unwrap();
        let (code, _, err) = s.run(&["-C", "ws", "status"]);
        assert_eq!(code, 2, "{escape}: {err}");
        assert!(err.contains("workspace"), "{err}");
    }
}

#[test]
fn edited_history_is_detected_and_blocks_writes() {
    let s = Scratch::new();
    s.workspace();
    s.record("j0-accepted", "2024-12-16");
    let dir = s.join("ws/history");
    let entry = std::fs::read_dir(&dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(&entry, text.replace("2024-12-16", "2024-12-15")).unwrap();
    let (code, _, err) = s.run(&["-C", "ws", "status"]);
    assert_eq!(code, 2);
    assert!(err.contains("changed after it was written"), "{err}");
    let before = s.snapshot_tree();
    let (code, _, _) = s.run(&[
        "-C",
        "ws",
        "journey",
        "record",
        "j1-accepted",
        "--date",
        "2025-07-08",
    ]);
    assert_eq!(code, 2);
    assert_eq!(before, s.snapshot_tree());
}

/// Error messages follow `--lang`, else the locale, as the rest of the output does: a usage
/// error with its hints, the journey's refusal, a storage error, a file problem (the parser's
/// words in a French frame). The exit codes do not depend on the language.
#[test]
fn errors_in_french_and_english() {
    let s = Scratch::new();
    s.workspace();
    s.record("request-submitted", "2026-01-05");
    s.record("j0-accepted", "2026-02-02");
    let cases: &[(&str, &[&str], i32)] = &[
        ("not a workspace", &["status"], 2),
        (
            "unknown requirement",
            &["-C", "ws", "assess", "5.1.x", "--verdict", "conform"],
            2,
        ),
        (
            "unknown event",
            &["-C", "ws", "journey", "record", "j0-acepted"],
            2,
        ),
        (
            "event not allowed in the current state",
            &["-C", "ws", "journey", "record", "qualified"],
            1,
        ),
        (
            "readiness checks failed",
            &["-C", "ws", "journey", "record", "j1-accepted"],
            1,
        ),
        (
            "a date after today",
            &["-C", "ws", "finding", "list", "--at", "2027-01-01"],
            2,
        ),
    ];
    let report = |lang: &[&str], env: &[(&str, &str)]| {
        let mut out = String::new();
        for (what, args, code) in cases {
            let args: Vec<&str> = args.iter().chain(lang).copied().collect();
            let (got, _, err) = s.run_with_env(env, &args);
            assert_eq!(got, *code, "{what}: {err}");
            out.push_str(&format!("## {what} (exit {got})\n{err}\n"));
        }
        out
    };
    let fr = report(&["--lang", "fr"], &[]);
    let en = report(&["--lang", "en"], &[]);
    // The locale decides when --lang does not; English is the default.
    assert_eq!(report(&[], &[("LANG", "fr_FR.UTF-8")]), fr);
    assert_eq!(report(&[], &[("LC_ALL", "fr_FR.UTF-8")]), fr);
    assert_eq!(report(&[], &[]), en);
    insta::assert_snapshot!("errors_fr", fr);
    insta::assert_snapshot!("errors_en", en);

    // A file problem: the parser's words, framed in French.
    let path = s.join("ws/jalon.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("provider: ", "provider ")).unwrap();
    let (code, _, err) = s.run(&["-C", "ws", "status", "--lang", "fr"]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("file_problem_fr", err);
}
