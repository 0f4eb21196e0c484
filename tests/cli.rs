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
