//! `jalon man`: the manual pages, by clap_mangen, with the sections clap does not know: EXIT
//! STATUS, ENVIRONMENT, FILES and EXAMPLES.

use std::path::PathBuf;

use crate::ctx::Ctx;
use crate::error::{CommandError, Kind};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write one page per command and subcommand into DIR (`jalon.1`, `jalon-assess.1`,
    /// `jalon-finding-add.1`…) instead of printing the top page.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// EXIT STATUS (docs/exit-codes.md): the contract scripts rely on.
const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "Success; also --help and --version."),
    (
        "1",
        "Refused by a rule, nothing written (a workflow guard, a role, a lifecycle, a closed cycle, a concurrent writer); or problems found by verify, evidence verify, import form.",
    ),
    (
        "2",
        "Usage error or unreadable input, nothing written: an unknown command, option or id, an impossible or future date, malformed RON (file, line and column named), no workspace found.",
    ),
    (
        "3",
        "Internal error: a bug, or the environment failing in a way jalon cannot explain.",
    ),
];

const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "JALON_TODAY",
        "The date to compute for, YYYY-MM-DD (as --today); default: the system clock's date.",
    ),
    (
        "JALON_ACTOR",
        "Who is acting (as --as); default: git's user.email, else USER.",
    ),
    ("USER", "Who is acting when neither --as nor git says."),
    (
        "JALON_SIGNING_KEY",
        "The SSH private key that signs the entries written (as --key); default: git's user.signingkey when gpg.format is ssh.",
    ),
    (
        "COMPLETE",
        "Set by the completion scripts (jalon completions SHELL) when the shell asks for candidates.",
    ),
];

const FILES: &[(&str, &str)] = &[
    (
        "jalon.ron",
        "The workspace manifest: provider, service, kinds, workflow, referential, team. Never rewritten by jalon.",
    ),
    (
        "history/*.ron",
        "The journal: one file per act, append-only, merged by git.",
    ),
    (
        "history/*.ron.sig",
        "An entry's SSH signature (namespace jalon), as ssh-keygen -Y sign writes it.",
    ),
    (
        "evidence/",
        "Copies of evidence, named by id, with their SHA-256 recorded in history.",
    ),
    (
        "referentials/, mappings/, sovereignty/",
        "Imported official texts and mapping sets.",
    ),
    ("checks.ron", "The evaluation centre's own checks, if any."),
    (
        ".jalon/",
        "The writers' lock and caches: derived, git-ignored, rebuilt when missing.",
    ),
];

pub fn run(ctx: &mut Ctx, args: Args) -> Result<(), CommandError> {
    let root = crate::cli::command();
    let Some(dir) = args.dir else {
        let page = page(&root, "")?;
        return ctx.print(&String::from_utf8_lossy(&page));
    };
    let mut pages = Vec::new();
    collect(&root, "", &mut pages)?;
    storage::create_dir(&dir)?;
    for (name, bytes) in &pages {
        storage::write_output(&dir.join(name), bytes, None)?;
    }
    ctx.print(&format!(
        "Wrote {} manual pages to {}.\n",
        pages.len(),
        dir.display()
    ))
}

/// Every command's page, named `jalon-<path>.1`.
fn collect(
    cmd: &clap::Command,
    path: &str,
    pages: &mut Vec<(String, Vec<u8>)>,
) -> Result<(), CommandError> {
    let name = if path.is_empty() {
        "jalon.1".to_owned()
    } else {
        format!("jalon-{}.1", path.replace(' ', "-"))
    };
    pages.push((name, page(cmd, path)?));
    for sub in cmd.get_subcommands().filter(|c| c.get_name() != "help") {
        let p = if path.is_empty() {
            sub.get_name().to_owned()
        } else {
            format!("{path} {}", sub.get_name())
        };
        collect(sub, &p, pages)?;
    }
    Ok(())
}

/// One page: clap_mangen's sections, then EXIT STATUS, ENVIRONMENT, FILES and EXAMPLES.
fn page(cmd: &clap::Command, path: &str) -> Result<Vec<u8>, CommandError> {
    let name = if path.is_empty() {
        "jalon".to_owned()
    } else {
        format!("jalon-{}", path.replace(' ', "-"))
    };
    // A subcommand's page is titled with its whole path, as git's are (`git-commit`).
    let cmd = cmd
        .clone()
        .name(name)
        .version(env!("CARGO_PKG_VERSION"))
        .bin_name(if path.is_empty() {
            "jalon".to_owned()
        } else {
            format!("jalon {path}")
        });
    let man = clap_mangen::Man::new(cmd.clone());
    let mut buf = Vec::new();
    let internal = |e: std::io::Error| {
        CommandError::new(
            Kind::Internal,
            crate::messages::errors::cannot_render_man(e),
        )
    };
    man.render_title(&mut buf).map_err(internal)?;
    man.render_name_section(&mut buf).map_err(internal)?;
    man.render_synopsis_section(&mut buf).map_err(internal)?;
    man.render_description_section(&mut buf).map_err(internal)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut buf).map_err(internal)?;
    }
    if cmd.has_subcommands() {
        man.render_subcommands_section(&mut buf).map_err(internal)?;
    }
    section(&mut buf, "EXIT STATUS", EXIT_STATUS);
    section(&mut buf, "ENVIRONMENT", ENVIRONMENT);
    section(&mut buf, "FILES", FILES);
    buf.extend_from_slice(b".SH EXAMPLES\n");
    for line in crate::examples::of(path).unwrap_or_default().lines() {
        buf.extend_from_slice(format!(".PP\n.nf\n{}\n.fi\n", roff(line)).as_bytes());
    }
    man.render_version_section(&mut buf).map_err(internal)?;
    Ok(buf)
}

/// A section of tagged paragraphs.
fn section(buf: &mut Vec<u8>, title: &str, items: &[(&str, &str)]) {
    buf.extend_from_slice(format!(".SH {title}\n").as_bytes());
    for (tag, text) in items {
        buf.extend_from_slice(format!(".TP\n\\fB{}\\fR\n{}\n", roff(tag), roff(text)).as_bytes());
    }
}

/// Text as roff reads it literally: backslashes doubled, hyphens as `\-`, and a line never
/// starting with a control character (`.` or `'`).
fn roff(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}
