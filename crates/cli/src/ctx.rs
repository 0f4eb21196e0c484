//! What every command gets: the global options, today's date, the actor, the workspace, stdout.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use storage::Workspace;

use crate::error::{CommandError, Kind};
use crate::input::{self, Shape, clean_text};
use crate::messages::errors::{self, Text};

/// Output format of commands that print data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// `--format human|json` on a command (it may also stand before the command).
#[derive(Clone, Debug, Default, clap::Args)]
pub struct FormatArg {
    /// Output format.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
}

/// Options that every command takes (listed under their own heading in every help).
#[derive(Clone, Debug, clap::Args)]
#[command(next_help_heading = "Global options")]
pub struct Global {
    /// Start in DIR instead of the current folder, as git does: the workspace is the nearest
    /// folder at or above it holding a jalon.ron (other paths given stay relative to the current
    /// folder).
    #[arg(short = 'C', long = "workspace", global = true, value_name = "DIR")]
    pub workspace: Option<PathBuf>,
    /// The date to compute for (default: the system clock's date).
    #[arg(long, global = true, env = "JALON_TODAY", value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<NaiveDate>,
    /// Who is acting (default: git's user.email, else $USER).
    #[arg(long = "as", global = true, env = "JALON_ACTOR", value_name = "ACTOR")]
    pub actor: Option<String>,
    /// Record an act of ANSSI (which does not use jalon itself): for the provider's officer, with --reference.
    #[arg(long = "on-behalf-of", global = true, value_enum, value_name = "PARTY")]
    pub on_behalf_of: Option<Party>,
    /// The letter, e-mail or decision an act on behalf of ANSSI comes from.
    #[arg(long, global = true, value_name = "REF")]
    pub reference: Option<String>,
    /// Sign the history entries written with this SSH private key (an OpenSSH file such as
    /// ~/.ssh/id_ed25519; default: git's user.signingkey when gpg.format is ssh).
    #[arg(long, global = true, env = "JALON_SIGNING_KEY", value_name = "PATH")]
    pub key: Option<PathBuf>,
    /// Language of messages and documents (default: French when LC_ALL, LC_MESSAGES or LANG says
    /// `fr…`, else English; reports and the evaluation form default to French, as ANSSI reads
    /// French).
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<Language>,
    /// Colour where it carries meaning (verdicts, severities, overdue, alerts); `auto`: on a
    /// terminal unless NO_COLOR is set. Never in JSON or files.
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "WHEN",
        default_value = "auto"
    )]
    pub color: ColorChoice,
}

/// A language jalon speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Language {
    En,
    Fr,
}

impl From<Language> for grid::Lang {
    fn from(l: Language) -> grid::Lang {
        match l {
            Language::En => grid::Lang::En,
            Language::Fr => grid::Lang::Fr,
        }
    }
}

impl From<Language> for report::Lang {
    fn from(l: Language) -> report::Lang {
        match l {
            Language::En => report::Lang::En,
            Language::Fr => report::Lang::Fr,
        }
    }
}

/// When to colour the terminal output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// A party whose acts someone else records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Party {
    Anssi,
}

/// The system clock's date: what *today* is when neither `--today` nor `JALON_TODAY` says.
#[allow(
    clippy::disallowed_methods,
    reason = "the one place that reads the clock for dates"
)]
pub fn clock_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Parses a calendar date written YYYY-MM-DD, refusing impossible ones (2026-02-30).
pub fn date(s: &str) -> Result<NaiveDate, Text> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|_| s.len() == 10)
        .ok_or_else(|| errors::invalid_date(s))
}

/// [`date`] for clap's value parsers: clap's own errors are in English, and so is this one in
/// them.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    date(s).map_err(|e| e.pick(Language::En).to_owned())
}

pub struct Ctx {
    pub global: Global,
    pub format: Format,
}

impl Ctx {
    /// The language of messages: `--lang`, else the locale's (`fr…` in LC_ALL, LC_MESSAGES or
    /// LANG, the first one set), else English.
    pub fn lang(&self) -> Language {
        self.global.lang.unwrap_or_else(|| {
            let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .filter_map(|v| std::env::var(v).ok())
                .find(|v| !v.is_empty())
                .unwrap_or_default();
            if locale.to_ascii_lowercase().starts_with("fr") {
                Language::Fr
            } else {
                Language::En
            }
        })
    }

    /// The language of a document for ANSSI (reports, the evaluation form): `--lang`, else French.
    pub fn document_lang(&self) -> Language {
        self.global.lang.unwrap_or(Language::Fr)
    }

    /// Whether to colour standard output: `--color`, NO_COLOR (any non-empty value) and whether
    /// it is a terminal.
    pub fn color(&self) -> bool {
        use std::io::IsTerminal;
        match self.global.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }

    /// Today: `--today`, else `JALON_TODAY`, else the system clock (the only clock read of jalon
    /// apart from the recording time of history entries, see [`Ctx::now`]).
    #[allow(
        clippy::disallowed_methods,
        reason = "the one place that reads the clock for dates"
    )]
    pub fn today(&self) -> NaiveDate {
        self.global.today.unwrap_or_else(clock_today)
    }

    /// When an entry is recorded: always the real clock, whatever `--today` says.
    #[allow(
        clippy::disallowed_methods,
        reason = "recording time of history entries"
    )]
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    /// Who is acting: `--as` (or JALON_ACTOR), else git's user.email, else $USER. The actor goes
    /// into history, reports and listings: one line, refused (exit 2) with a control or
    /// bidirectional control character, whichever source it comes from.
    pub fn actor(&self) -> Result<String, CommandError> {
        if let Some(actor) = self
            .global
            .actor
            .as_deref()
            .filter(|a| !a.trim().is_empty())
        {
            return clean_text("--as", actor, Shape::Line);
        }
        let from_env = |e: CommandError| e.hint(errors::name_the_actor());
        let git = std::process::Command::new("git")
            .args(["config", "user.email"])
            .output();
        if let Ok(out) = git
            && out.status.success()
        {
            let email = String::from_utf8_lossy(&out.stdout);
            if !email.trim().is_empty() {
                return clean_text("user.email (git)", &email, Shape::Line).map_err(from_env);
            }
        }
        match std::env::var("USER").ok().filter(|u| !u.trim().is_empty()) {
            Some(user) => clean_text("$USER", &user, Shape::Line).map_err(from_env),
            None => Ok("unknown".to_owned()),
        }
    }

    /// The key to sign with, and whether it was given explicitly (`--key`, JALON_SIGNING_KEY)
    /// rather than found in git's configuration (`user.signingkey` with `gpg.format=ssh`, a
    /// private key file; a public key there means ssh-agent, which jalon does not use).
    pub fn signing_key(&self) -> Result<Option<(storage::SigningKey, bool)>, CommandError> {
        if let Some(path) = &self.global.key {
            return Ok(Some((storage::SigningKey::load(path)?, true)));
        }
        let git = |key: &str| {
            std::process::Command::new("git")
                .args(["config", "--get", key])
                .current_dir(self.start_dir())
                .output()
                .ok()
                .filter(|o| o.status.success())
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        };
        if git("gpg.format").as_deref() != Some("ssh") {
            return Ok(None);
        }
        let Some(configured) = git("user.signingkey").filter(|k| !k.is_empty()) else {
            return Ok(None);
        };
        if configured.starts_with("key::") || configured.starts_with("ssh-") {
            return Ok(None);
        }
        let path = match configured.strip_prefix("~/") {
            Some(rest) => std::env::var_os("HOME").map_or_else(
                || PathBuf::from(&configured),
                |h| PathBuf::from(h).join(rest),
            ),
            None => PathBuf::from(&configured),
        };
        // git may name the public key (then the agent signs): its private key beside it.
        let path = match path.to_str().and_then(|p| p.strip_suffix(".pub")) {
            Some(private) => PathBuf::from(private),
            None => path,
        };
        Ok(storage::SigningKey::load(&path).ok().map(|k| (k, false)))
    }

    /// The folder `-C` names, or the current folder.
    pub fn start_dir(&self) -> PathBuf {
        self.global
            .workspace
            .clone()
            .unwrap_or_else(|| PathBuf::from("."))
    }

    /// Opens the workspace: the nearest folder at or above `-C DIR` (else the current folder)
    /// holding a jalon.ron.
    pub fn workspace(&self) -> Result<Workspace, CommandError> {
        Ok(Workspace::open(&self.workspace_root()?)?)
    }

    /// The workspace's folder, found as [`Ctx::workspace`] finds it.
    pub fn workspace_root(&self) -> Result<PathBuf, CommandError> {
        Ok(Workspace::discover(&self.start_dir())?)
    }

    /// Picks the command's `--format`, else the one given before the command, else human.
    pub fn with_format(&mut self, arg: &FormatArg) -> Format {
        if let Some(f) = arg.format {
            self.format = f;
        }
        self.format
    }

    /// Prints human text: every control character but line breaks and tabs, and every
    /// bidirectional control, shown as its escape (`\u{1b}`) — whatever user text it holds, it
    /// cannot clear the screen, set the window title or reorder a line ([`input::visible`]).
    pub fn print(&self, text: &str) -> Result<(), CommandError> {
        write_stdout(&crate::paint::render(&input::visible(text), self.color()))
    }

    /// Says what a command that writes a document wrote: `human`, or with `--format json`
    /// `{"file": …, "type": …}`.
    pub fn wrote(&self, human: &str, file: &Path, kind: &str) -> Result<(), CommandError> {
        #[derive(Serialize)]
        struct Out<'a> {
            file: String,
            #[serde(rename = "type")]
            kind: &'a str,
        }
        match self.format {
            Format::Json => self.print_json(&Out {
                file: file.display().to_string(),
                kind,
            }),
            Format::Human => self.print(human),
        }
    }

    /// Prints a value as JSON: serde_json escapes C0 controls; DEL, C1 and the bidirectional
    /// controls are escaped as `\uXXXX` too ([`input::json_visible`]): the same JSON value.
    pub fn print_json<T: Serialize>(&self, value: &T) -> Result<(), CommandError> {
        let mut text = serde_json::to_string_pretty(value)
            .map_err(|e| CommandError::new(Kind::Internal, errors::cannot_render_json(e)))?;
        text.push('\n');
        write_stdout(&input::json_visible(&text))
    }
}

/// The one writer of standard output.
fn write_stdout(text: &str) -> Result<(), CommandError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`jalon … | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CommandError::new(
            Kind::Internal,
            errors::cannot_write_stdout(e),
        )),
    }
}

/// Writes a warning to standard error, once per run whatever the number of reads that find it.
pub fn warn_once(message: &str) {
    static WARNED: std::sync::Once = std::sync::Once::new();
    WARNED.call_once(|| {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "warning: {}", input::visible(message));
    });
}

/// The `--format` of a command that writes a document: the output style of its message (`human`,
/// `json`), as everywhere; a document type there (`--format html`) is the old spelling of `--to`.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct DocFormatArg {
    /// Output style of what the command prints: human or json. (A document type here, as in
    /// `--format html`, is the old spelling of `--to`: it still works, with a note.)
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
}

impl DocFormatArg {
    /// The document type: `--to`, else an old `--format TYPE` (a deprecation note on standard
    /// error), else the output file's extension, else `default`. Sets the output style when
    /// `--format` names one.
    pub fn document_type<T: clap::ValueEnum + Copy>(
        &self,
        ctx: &mut Ctx,
        to: Option<T>,
        output: Option<&Path>,
        default: T,
    ) -> Result<T, CommandError> {
        let parse = |s: &str| T::from_str(s, true).ok();
        let mut from_format = None;
        if let Some(f) = self.format.as_deref() {
            match f {
                "human" => ctx.format = Format::Human,
                "json" => ctx.format = Format::Json,
                other => match parse(other) {
                    Some(t) => {
                        warn_once(&format!(
                            "`--format {other}` names a document type: write `--to {other}` (--format is the output style, human or json)"
                        ));
                        from_format = Some(t);
                    }
                    None => {
                        let types: Vec<String> = T::value_variants()
                            .iter()
                            .filter_map(|v| v.to_possible_value())
                            .map(|v| v.get_name().to_owned())
                            .collect();
                        return Err(CommandError::usage(errors::invalid_format(
                            other,
                            &types.join(", "),
                        )));
                    }
                },
            }
        }
        let from_extension = output
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .and_then(parse);
        Ok(to.or(from_format).or(from_extension).unwrap_or(default))
    }
}
