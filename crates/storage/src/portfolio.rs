//! `portfolio.ron`: the workspaces `jalon portfolio` reads when no folder is given. It is not a
//! workspace file: it lists workspaces, by paths relative to the folder that holds it.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, StorageError, location_of};
use crate::{fsio, ronfmt};

pub const PORTFOLIO: &str = "portfolio.ron";
pub const FORMAT: u32 = 1;

/// `portfolio.ron` as written on disk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortfolioFile {
    pub format: u32,
    /// Workspace folders, relative to the folder that holds the file (or absolute), in the order
    /// their rows are shown.
    pub workspaces: Vec<String>,
}

/// A checked portfolio: the workspaces' folders as jalon opens them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Portfolio {
    /// The file read.
    pub path: PathBuf,
    /// Each listed folder, joined to the file's folder, in the file's order.
    pub workspaces: Vec<PathBuf>,
}

impl Portfolio {
    /// Parses `text`, the content of `path`; every problem is reported, each with its place.
    pub fn parse(path: &Path, text: &str) -> Result<Portfolio, StorageError> {
        let file: PortfolioFile = ronfmt::parse(path, text)?;
        let mut problems = Vec::new();
        problems.extend(ronfmt::format_problem(path, text, file.format, FORMAT));
        if file.workspaces.is_empty() {
            problems.push(
                Diagnostic::new(path, "`workspaces` lists no workspace")
                    .at_text(text, "workspaces")
                    .hint("list the workspaces' folders, relative to this file: workspaces: [\"iaas\", \"../saas\"]"),
            );
        }
        let mut seen: Vec<&str> = Vec::new();
        for w in &file.workspaces {
            if w.trim().is_empty() {
                problems.push(
                    Diagnostic::new(path, "an entry of `workspaces` is empty")
                        .at_text(text, "\"\"")
                        .hint("give a workspace's folder, relative to this file"),
                );
            } else if seen.contains(&w.as_str()) {
                let mut d = Diagnostic::new(path, format!("`{w}` is listed twice in `workspaces`"))
                    .hint("list each workspace once");
                // At its second mention.
                if let Some((at, _)) = text.match_indices(&format!("\"{w}\"")).nth(1) {
                    d = d.at(text, location_of(text, at));
                }
                problems.push(d);
            }
            seen.push(w);
        }
        if !problems.is_empty() {
            return Err(StorageError::Invalid(problems));
        }
        let base = path.parent().unwrap_or(Path::new(""));
        let workspaces = file
            .workspaces
            .iter()
            .map(|w| {
                if base.as_os_str().is_empty() || base == Path::new(".") {
                    PathBuf::from(w)
                } else {
                    base.join(w)
                }
            })
            .collect();
        Ok(Portfolio {
            path: path.to_owned(),
            workspaces,
        })
    }

    /// Reads and parses the portfolio file at `path`.
    pub fn read(path: &Path) -> Result<Portfolio, StorageError> {
        let text = fsio::read_text(path)?;
        Portfolio::parse(path, &text)
    }

    /// The `portfolio.ron` of folder `dir`, if it holds one.
    pub fn find(dir: &Path) -> Result<Option<Portfolio>, StorageError> {
        let path = if dir.as_os_str().is_empty() || dir == Path::new(".") {
            PathBuf::from(PORTFOLIO)
        } else {
            dir.join(PORTFOLIO)
        };
        if !path.exists() {
            return Ok(None);
        }
        Portfolio::read(&path).map(Some)
    }
}
