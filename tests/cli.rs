//! The command line as people expect it: completion of the workspace's ids in a real bash, and
//! `-C` as git has it.

use std::process::Command;

use crate::util::Scratch;

/// bash itself, with the script `jalon completions bash` prints, asked what follows
/// `jalon assess 12.3` and `jalon finding show F-` in a workspace.
#[test]
fn bash_completes_the_workspaces_ids() {
    let s = Scratch::new();
    s.workspace();
    s.ok(&[
        "-C",
        "ws",
        "finding",
        "add",
        "--requirement",
        "12.3.a",
        "--severity",
        "minor",
        "--title",
        "Patch lag",
    ]);
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_jalon"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let complete = |words: &str, current: &str| -> Vec<String> {
        let script = format!(
            "source <(jalon completions bash)\n\
             COMP_WORDS=({words})\n\
             COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))\n\
             COMP_TYPE=9\n\
             _clap_complete_jalon jalon {current} x\n\
             printf '%s\\n' \"${{COMPREPLY[@]}}\""
        );
        let out = Command::new("bash")
            .arg("-c")
            .arg(script)
            .current_dir(s.join("ws"))
            .env("PATH", &path)
            .env("JALON_TODAY", crate::util::TODAY)
            .output()
            .expect("bash runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_owned)
            .collect()
    };
    let reqs = complete("jalon assess 12.3", "12.3");
    assert!(reqs.contains(&"12.3.a".to_owned()), "{reqs:?}");
    assert!(reqs.iter().all(|r| r.starts_with("12.3")), "{reqs:?}");
    let findings = complete("jalon finding show F-", "F-");
    assert_eq!(findings, ["F-0001"]);
    let events = complete("jalon journey record j0", "j0");
    assert_eq!(events, ["j0-accepted"]);
    let cycles = complete("jalon grid --cycle ini", "ini");
    assert_eq!(cycles, ["initial"]);
    // Chapters, not file names; referentials, embedded and imported.
    let chapters = complete("jalon grid --chapter 1", "1");
    assert!(chapters.contains(&"12".to_owned()), "{chapters:?}");
    assert!(
        chapters
            .iter()
            .all(|c| c.starts_with('1') && !c.contains('/')),
        "{chapters:?}"
    );
    let referentials = complete("jalon referential add anssi", "anssi");
    assert_eq!(referentials, ["anssi-hygiene"]);
}

/// `-C DIR` starts in DIR and finds the workspace at or above it, as git does.
#[test]
fn dash_c_starts_in_a_folder_and_finds_the_workspace_above() {
    let s = Scratch::new();
    s.workspace();
    std::fs::create_dir_all(s.join("ws/notes/2026")).unwrap();
    let from_root = s.ok(&["-C", "ws", "status"]);
    let from_sub = s.ok(&["-C", "ws/notes/2026", "status"]);
    assert_eq!(from_root, from_sub);
    // Outside any workspace: said as it is, exit 2.
    std::fs::create_dir_all(s.join("elsewhere")).unwrap();
    let (code, _, err) = s.run(&["-C", "elsewhere", "status"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("neither elsewhere nor any folder above it holds a jalon.ron"),
        "{err}"
    );
}

/// `status` in French (`--lang fr`, or a French locale) and in English.
#[test]
fn status_in_french_and_english() {
    let s = Scratch::new();
    s.ok(&["demo", "d"]);
    let fr = s.ok(&["-C", "d", "status", "--lang", "fr"]);
    let en = s.ok(&["-C", "d", "status", "--lang", "en"]);
    insta::assert_snapshot!("status_fr", fr);
    insta::assert_snapshot!("status_en", en);
    insta::assert_snapshot!(
        "journey_next_fr",
        s.ok(&["-C", "d", "journey", "next", "--lang", "fr"])
    );
    let grid = s.ok(&[
        "-C",
        "d",
        "grid",
        "--lang",
        "fr",
        "--cycle",
        "initial",
        "--chapter",
        "9",
    ]);
    insta::assert_snapshot!("grid_fr", grid);
    insta::assert_snapshot!(
        "finding_list_fr",
        s.ok(&["-C", "d", "finding", "list", "--all", "--lang", "fr"])
    );
    insta::assert_snapshot!(
        "cycle_show_fr",
        s.ok(&[
            "-C",
            "d",
            "cycle",
            "show",
            "surveillance-2026",
            "--lang",
            "fr"
        ])
    );
    insta::assert_snapshot!(
        "cycle_compare_fr",
        s.ok(&[
            "-C",
            "d",
            "cycle",
            "compare",
            "surveillance-2025",
            "surveillance-2026",
            "--lang",
            "fr",
        ])
    );
    insta::assert_snapshot!(
        "cycle_list_fr",
        s.ok(&["-C", "d", "cycle", "list", "--lang", "fr"])
    );
    // The locale decides when --lang does not.
    let out = s
        .jalon()
        .args(["-C", "d", "status"])
        .env("LANG", "fr_FR.UTF-8")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), fr);
}

/// Colour where it carries meaning: with `--color always`, escapes; with NO_COLOR (and
/// `--color auto`) or `--color never`, none; never in JSON.
#[test]
fn colour_only_when_asked_and_never_in_json() {
    let s = Scratch::new();
    s.ok(&["demo", "d"]);
    let coloured = s.ok(&["-C", "d", "--color", "always", "status"]);
    assert!(coloured.contains("\u{1b}[32myes\u{1b}[0m"), "{coloured}");
    assert!(coloured.contains("\u{1b}[32mdone\u{1b}[0m"), "{coloured}");
    let findings = s.ok(&["-C", "d", "--color", "always", "finding", "list", "--all"]);
    assert!(findings.contains("\u{1b}[1m\u{1b}[31mmajor"), "{findings}");
    let grid = s.ok(&["-C", "d", "--color", "always", "grid", "--cycle", "initial"]);
    assert!(grid.contains("\u{1b}[32mconform\u{1b}[0m"), "{grid}");
    for plain in [
        s.ok(&["-C", "d", "status"]),
        s.ok(&["-C", "d", "--color", "never", "status"]),
        s.ok(&["-C", "d", "--color", "always", "status", "--format", "json"]),
    ] {
        assert!(!plain.contains('\u{1b}'), "{plain}");
    }
    // NO_COLOR, even where colour would be on by itself; the text is the same but the escapes.
    let out = s
        .jalon()
        .args(["-C", "d", "status"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let no_color = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(!no_color.contains('\u{1b}'));
    let stripped = coloured
        .replace("\u{1b}[0m", "")
        .replace("\u{1b}[32m", "")
        .replace("\u{1b}[1m\u{1b}[31m", "");
    assert_eq!(stripped, no_color);
}

/// `evidence list` keeps its columns apart, whatever the length of a title.
#[test]
fn evidence_list_columns_never_run_together() {
    let s = Scratch::new();
    s.ok(&["demo", "d"]);
    let out = s.ok(&["-C", "d", "evidence", "list"]);
    let mut lines = out.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("id "), "{out}");
    for line in lines {
        // The date is followed by spaces, then the title: never `2025-09-02PSSI v3`.
        let date = line.split_whitespace().nth(2).unwrap();
        assert_eq!(date.len(), 10, "{line}");
        assert!(line.contains(&format!("{date}  ")), "{line}");
    }
}

/// One vocabulary: `--format` is the output style everywhere, `--to` (or `-o`'s extension) the
/// document's type; the old `--format html` still works, with a note.
#[test]
fn format_is_the_output_style_and_to_the_document_type() {
    let s = Scratch::new();
    s.ok(&["demo", "d"]);
    // The type from -o's extension; the message as JSON.
    let out = s.ok(&[
        "-C", "d", "report", "summary", "-o", "s.html", "--format", "json",
    ]);
    assert_eq!(
        crate::util::json(&out),
        serde_json::json!({"file": "s.html", "type": "html"})
    );
    assert!(
        std::fs::read_to_string(s.join("s.html"))
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    // Before the command too: no longer silently ignored.
    let out = s.ok(&[
        "--format", "json", "-C", "d", "export", "form", "-o", "f.csv",
    ]);
    assert_eq!(
        crate::util::json(&out),
        serde_json::json!({"file": "f.csv", "type": "csv"})
    );
    // --to wins over the extension.
    s.ok(&["-C", "d", "export", "form", "--to", "xlsx", "-o", "f.bin"]);
    assert!(std::fs::read(s.join("f.bin")).unwrap().starts_with(b"PK"));
    // The old spelling: works, says so once on standard error.
    let (code, out, err) = s.run(&[
        "-C", "d", "report", "plan", "--format", "html", "-o", "p.out",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Wrote"), "{out}");
    assert_eq!(err.matches("write `--to html`").count(), 1, "{err}");
    assert!(
        std::fs::read_to_string(s.join("p.out"))
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    // Neither a style nor a type: exit 2, naming both.
    let (code, _, err) = s.run(&["-C", "d", "report", "plan", "--format", "rtf"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("human or json") && err.contains("md, html, docx, pdf"),
        "{err}"
    );
}
