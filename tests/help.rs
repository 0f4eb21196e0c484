//! The command-line reference is a contract: snapshot every command's --help.

use crate::util::Scratch;

/// The whole command-line reference, as jj keeps it: every command's and subcommand's `--help`
/// in one snapshot, so that any change of the interface shows in review.
#[test]
fn cli_reference() {
    let s = Scratch::new();
    let mut paths: Vec<Vec<String>> = vec![Vec::new()];
    let mut reference = String::new();
    while let Some(path) = paths.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = s.ok(&args);
        let name = if path.is_empty() {
            "jalon".to_owned()
        } else {
            format!("jalon {}", path.join(" "))
        };
        reference.push_str(&format!("## `{name}`\n\n```\n{help}```\n\n"));
        // Its subcommands, from the "Commands:" list (`help` aside), in reverse so that the
        // stack yields them in order.
        let mut subs: Vec<Vec<String>> = help
            .split("\nCommands:\n")
            .nth(1)
            .map(|list| {
                list.lines()
                    .take_while(|l| !l.trim().is_empty())
                    .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
                    .filter_map(|l| l.split_whitespace().next())
                    .filter(|c| *c != "help")
                    .map(|c| {
                        let mut p = path.clone();
                        p.push(c.to_owned());
                        p
                    })
                    .collect()
            })
            .unwrap_or_default();
        subs.reverse();
        paths.extend(subs);
    }
    insta::assert_snapshot!("cli_reference", reference);
}

#[test]
fn man_pages_one_per_command_with_the_four_sections() {
    let s = Scratch::new();
    let man = s.ok(&["man"]);
    assert!(man.contains(".TH jalon"), "{}", &man[..200.min(man.len())]);
    let out = s.ok(&["man", "--dir", "pages"]);
    let reference = s.ok(&["--help"]);
    assert!(out.starts_with("Wrote "), "{out}");
    let pages: Vec<std::path::PathBuf> = std::fs::read_dir(s.join("pages"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    // One per command and subcommand: as many as the CLI reference has sections.
    let snapshot = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/snapshots/integration__help__cli_reference.snap"),
    )
    .unwrap();
    let commands = snapshot
        .lines()
        .filter(|l| l.starts_with("## `jalon"))
        .count();
    assert_eq!(pages.len(), commands);
    assert!(reference.contains("Commands:"));
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        for section in [
            ".SH EXIT STATUS",
            ".SH ENVIRONMENT",
            ".SH FILES",
            ".SH EXAMPLES",
        ] {
            assert!(text.contains(section), "{}: no {section}", page.display());
        }
        // Its examples are there, roff-escaped.
        let examples = text.split(".SH EXAMPLES").nth(1).unwrap();
        assert!(examples.contains("$ jalon"), "{}", page.display());
    }
    let add = std::fs::read_to_string(s.join("pages/jalon-finding-add.1")).unwrap();
    assert!(
        add.contains(".TH jalon\\-finding\\-add") || add.contains(".TH jalon-finding-add"),
        "{}",
        &add[..200]
    );
}

#[test]
fn completion_scripts() {
    let s = Scratch::new();
    let bash = s.ok(&["completions", "bash"]);
    assert!(bash.contains("complete "), "{bash}");
    assert!(s.ok(&["completions", "zsh"]).contains("#compdef jalon"));
    assert!(s.ok(&["completions", "fish"]).contains("complete "));
}
