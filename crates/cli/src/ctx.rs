//! What every command gets: the global options, today's date, the actor, the workspace, stdout.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use storage::Workspace;

use crate::error::{CommandError, Kind};

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

/// Options that every command takes.
#[derive(Clone, Debug, clap::Args)]
pub struct Global {
    /// The workspace folder (default: the nearest folder at or above the current one holding a jalon.ron).
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
}

/// A party whose acts someone else records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Party {
    Anssi,
}

/// Parses a calendar date written YYYY-MM-DD, refusing impossible ones (2026-02-30).
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|_| s.len() == 10)
        .ok_or_else(|| format!("`{s}` is not a valid date; write it YYYY-MM-DD, e.g. 2026-03-02"))
}

pub struct Ctx {
    pub global: Global,
    pub format: Format,
}

impl Ctx {
    /// Today: `--today`, else `JALON_TODAY`, else the system clock (the only clock read of jalon
    /// apart from the recording time of history entries, see [`Ctx::now`]).
    #[allow(
        clippy::disallowed_methods,
        reason = "the one place that reads the clock for dates"
    )]
    pub fn today(&self) -> NaiveDate {
        self.global
            .today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// When an entry is recorded: always the real clock, whatever `--today` says.
    #[allow(
        clippy::disallowed_methods,
        reason = "recording time of history entries"
    )]
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    pub fn actor(&self) -> String {
        if let Some(actor) = self
            .global
            .actor
            .as_deref()
            .filter(|a| !a.trim().is_empty())
        {
            return actor.trim().to_owned();
        }
        let git = std::process::Command::new("git")
            .args(["config", "user.email"])
            .output();
        if let Ok(out) = git
            && out.status.success()
        {
            let email = String::from_utf8_lossy(&out.stdout).trim().to_owned();
            if !email.is_empty() {
                return email;
            }
        }
        std::env::var("USER")
            .ok()
            .filter(|u| !u.is_empty())
            .unwrap_or_else(|| "unknown".to_owned())
    }

    /// The folder `-C` names, or the current folder.
    pub fn start_dir(&self) -> PathBuf {
        self.global
            .workspace
            .clone()
            .unwrap_or_else(|| PathBuf::from("."))
    }

    /// Opens the workspace: `-C DIR` exactly, else the nearest ancestor holding a jalon.ron.
    pub fn workspace(&self) -> Result<Workspace, CommandError> {
        let root = match &self.global.workspace {
            Some(dir) => dir.clone(),
            None => Workspace::discover(Path::new("."))?,
        };
        Ok(Workspace::open(&root)?)
    }

    /// Picks the command's `--format`, else the one given before the command, else human.
    pub fn with_format(&mut self, arg: &FormatArg) -> Format {
        if let Some(f) = arg.format {
            self.format = f;
        }
        self.format
    }

    pub fn print(&self, text: &str) -> Result<(), CommandError> {
        let mut out = std::io::stdout().lock();
        match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
            Ok(()) => Ok(()),
            // A closed pipe (`jalon … | head`) is not an error.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            Err(e) => Err(CommandError::new(
                Kind::Internal,
                format!("cannot write to standard output: {e}"),
            )),
        }
    }

    pub fn print_json<T: Serialize>(&self, value: &T) -> Result<(), CommandError> {
        let mut text = serde_json::to_string_pretty(value)
            .map_err(|e| CommandError::new(Kind::Internal, format!("cannot render JSON: {e}")))?;
        text.push('\n');
        self.print(&text)
    }
}
