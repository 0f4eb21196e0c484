//! The command-line reference is a contract: snapshot every command's --help.

use crate::util::Scratch;

#[test]
fn help_of_every_command() {
    let s = Scratch::new();
    for args in [
        &["--help"][..],
        &["init", "--help"],
        &["demo", "--help"],
        &["status", "--help"],
        &["journey", "--help"],
        &["journey", "record", "--help"],
        &["journey", "next", "--help"],
        &["journey", "graph", "--help"],
        &["calendar", "--help"],
    ] {
        let name = args[..args.len() - 1].join("_");
        let name = if name.is_empty() {
            "jalon".to_owned()
        } else {
            name
        };
        insta::assert_snapshot!(format!("help_{name}"), s.ok(args));
    }
}

#[test]
fn completions_and_man_page() {
    let s = Scratch::new();
    let bash = s.ok(&["completions", "bash"]);
    assert!(bash.contains("_jalon()"), "{bash}");
    assert!(s.ok(&["completions", "zsh"]).contains("#compdef jalon"));
    let man = s.ok(&["man"]);
    assert!(man.contains(".TH jalon"), "{}", &man[..200.min(man.len())]);
}
