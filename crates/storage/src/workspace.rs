//! A workspace: a folder with `jalon.ron`, the journal under `history/`, and `.jalon/` for the
//! writers' lock.

use std::path::{Path, PathBuf};

use journey::Workflow;

use crate::error::{Diagnostic, Result, StorageError};
use crate::fsio::{self, WriteLock};
use crate::history::{self, History, NewEntry};
use crate::manifest::{MANIFEST, Manifest};
use crate::signing::SigningKey;
use crate::workflow;

const PRIVATE_DIR: &str = ".jalon";

/// Makes `.jalon/` (the writers' lock, the cache) with the `.gitignore` that keeps it out of git,
/// when either is missing: a clone has no `.jalon/`, since it ignores itself.
pub(crate) fn private_dir(root: &Path) -> Result<PathBuf> {
    let dir = fsio::resolve_inside(root, PRIVATE_DIR)?;
    if !dir.is_dir() {
        fsio::create_dir(&dir)?;
    }
    let ignore = dir.join(".gitignore");
    if std::fs::symlink_metadata(&ignore).is_err() {
        fsio::write_atomic(
            &ignore,
            b"# jalon's lock file and cache; nothing here to commit.\n*\n",
        )?;
    }
    Ok(dir)
}

#[derive(Debug)]
pub struct Workspace {
    root: PathBuf,
    manifest: Manifest,
    /// The manifest's text as read, to refuse overwriting a file that changed since.
    manifest_text: String,
}

impl Workspace {
    /// The nearest folder at or above `start` that holds a `jalon.ron`.
    pub fn discover(start: &Path) -> Result<PathBuf> {
        if start.is_file() {
            return Err(StorageError::invalid(
                Diagnostic::new(start, "is a file, not a workspace folder")
                    .hint("pass the folder that holds jalon.ron with -C"),
            ));
        }
        // The folder as given when it is the workspace (messages then name files as the user
        // wrote the path); else the ancestor found.
        let manifest = start.join(MANIFEST);
        if manifest.exists() && !manifest.is_dir() {
            return Ok(start.to_owned());
        }
        let start_abs = std::path::absolute(start).map_err(StorageError::io("resolve", start))?;
        start_abs
            .ancestors()
            // Anything named jalon.ron but a folder: `open` refuses a FIFO or a device by name.
            .find(|dir| {
                let manifest = dir.join(MANIFEST);
                manifest.exists() && !manifest.is_dir()
            })
            .map(Path::to_owned)
            .ok_or(StorageError::NotAWorkspace {
                start: start.to_owned(),
            })
    }

    pub fn open(root: &Path) -> Result<Workspace> {
        if root.is_file() {
            return Err(StorageError::invalid(
                Diagnostic::new(root, "is a file, not a workspace folder")
                    .hint("pass the folder that holds jalon.ron with -C"),
            ));
        }
        let path = root.join(MANIFEST);
        if !path.exists() || path.is_dir() {
            return Err(StorageError::NoManifest {
                path: root.to_owned(),
            });
        }
        // A workspace may come from someone else's repository: a jalon.ron linked out of it is not read.
        fsio::resolve_inside(root, MANIFEST)?;
        let manifest_text = fsio::read_text(&path)?;
        let manifest = Manifest::parse(&path, &manifest_text)?;
        Ok(Workspace {
            root: root.to_owned(),
            manifest,
            manifest_text,
        })
    }

    /// Creates a new workspace in `root` (created if missing). Refuses if one is already there.
    pub fn create(root: &Path, manifest: &Manifest) -> Result<Workspace> {
        if root.is_file() {
            return Err(StorageError::invalid(Diagnostic::new(
                root,
                "is a file; give a folder for the new workspace",
            )));
        }
        let path = root.join(MANIFEST);
        if path.exists() {
            return Err(StorageError::AlreadyExists {
                path: root.to_owned(),
            });
        }
        fsio::create_dir(root)?;
        private_dir(root)?;
        let text = manifest.render();
        fsio::create_atomic(&path, text.as_bytes()).map_err(|e| match e {
            StorageError::Changed { .. } => StorageError::AlreadyExists {
                path: root.to_owned(),
            },
            e => e,
        })?;
        fsio::create_dir(&root.join(history::HISTORY_DIR))?;
        // Hashed files stay byte-exact in any clone (line endings never converted).
        crate::housekeeping::write_gitattributes(root)?;
        Ok(Workspace {
            root: root.to_owned(),
            manifest: manifest.clone(),
            manifest_text: text,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The workflow the manifest names: embedded by name, or a `.ron` file inside the workspace.
    pub fn workflow(&self) -> Result<Workflow> {
        let name = &self.manifest.workflow;
        if let Some(found) = workflow::embedded(name) {
            return found;
        }
        if !name.ends_with(".ron") {
            let known: Vec<_> = workflow::EMBEDDED.iter().map(|(n, _)| *n).collect();
            return Err(StorageError::invalid(
                Diagnostic::new(
                    &self.root.join(MANIFEST),
                    format!("unknown workflow `{name}`"),
                )
                .at_text(&self.manifest_text, &format!("\"{name}\""))
                .hint(format!(
                    "use one of {} or a .ron file inside the workspace",
                    known.join(", ")
                )),
            ));
        }
        let path = fsio::resolve_inside(&self.root, name)?;
        let text = fsio::read_text(&path)?;
        workflow::parse_workflow(Path::new(name), &text)
    }

    /// Takes the writers' lock. Hold it across reading, checking and writing.
    pub fn lock(&self) -> Result<WriteLock> {
        private_dir(&self.root)?;
        // Not through a link out of the workspace: opening the lock creates the file.
        WriteLock::acquire(&fsio::resolve_inside(&self.root, ".jalon/lock")?)
    }

    /// The history, read through the cache of parsed entries (see `cache.rs`).
    pub fn history(&self) -> Result<History> {
        history::load(&self.root)
    }

    /// Appends an entry after `history`'s heads, which it then replaces by the new entry,
    /// signed with `key` when given. `history` must have been read under `_lock`.
    pub fn append(
        &self,
        _lock: &WriteLock,
        history: &mut History,
        entry: NewEntry,
        key: Option<&SigningKey>,
    ) -> Result<PathBuf> {
        if !history.problems.is_empty() {
            return Err(StorageError::Invalid(history.problems.clone()));
        }
        history::append(&self.root, history, entry, key)
    }

    /// Appends `entries` in order after `history`'s heads, each the next one's parent (see
    /// [`history::append_all`]). `history` must have been read under `_lock`.
    pub fn append_all(
        &self,
        _lock: &WriteLock,
        history: &mut History,
        entries: Vec<NewEntry>,
        key: Option<&SigningKey>,
    ) -> Result<Vec<PathBuf>> {
        if !history.problems.is_empty() {
            return Err(StorageError::Invalid(history.problems.clone()));
        }
        history::append_all(&self.root, history, entries, key)
    }
}

const DEMO_MARKER: &str = "demo";

impl Workspace {
    /// Marks this workspace as a demo that `jalon demo` may rebuild.
    pub fn mark_demo(&self) -> Result<()> {
        fsio::write_atomic(
            &self.root.join(PRIVATE_DIR).join(DEMO_MARKER),
            b"built by `jalon demo`; it may rebuild it\n",
        )
    }

    /// Whether `root` may receive a demo: absent, empty, or a previous demo.
    fn demo_target(root: &Path) -> Result<bool> {
        if !root.exists() {
            return Ok(false);
        }
        let is_demo =
            root.join(PRIVATE_DIR).join(DEMO_MARKER).is_file() && root.join(MANIFEST).is_file();
        let empty = root.is_dir()
            && std::fs::read_dir(root)
                .map_err(StorageError::io("list", root))?
                .next()
                .is_none();
        if !is_demo && !empty {
            return Err(StorageError::AlreadyExists {
                path: root.to_owned(),
            });
        }
        Ok(is_demo)
    }

    /// A fresh folder beside `root` to build a demo in (removed if dropped), after checking that
    /// `root` may receive it: absent, empty, or a previous demo. Anything else is refused, untouched.
    pub fn stage_demo(root: &Path) -> Result<tempfile::TempDir> {
        Workspace::demo_target(root)?;
        let parent = match root.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        fsio::create_dir(&parent)?;
        tempfile::Builder::new()
            .prefix(".jalon-demo-")
            .tempdir_in(&parent)
            .map_err(StorageError::io("create a folder in", &parent))
    }

    /// Moves a demo built in `staged` to `root`, replacing a previous demo there. Returns whether
    /// a previous demo was replaced.
    pub fn install_demo(staged: tempfile::TempDir, root: &Path) -> Result<bool> {
        let replaced = Workspace::demo_target(root)?;
        if root.exists() {
            std::fs::remove_dir_all(root)
                .map_err(StorageError::io("remove the previous demo in", root))?;
        }
        let staged = staged.keep();
        std::fs::rename(&staged, root).map_err(StorageError::io("move the demo to", root))?;
        fsio::create_dir(root)?;
        Ok(replaced)
    }
}

/// The evaluation centre's own checks, added to the workspace's referential.
pub const CENTRE_CHECKS: &str = "checks.ron";

/// Where a workspace keeps imported referentials.
pub const REFERENTIALS_DIR: &str = "referentials";

impl Workspace {
    /// Ids of the referentials imported into this workspace (`referentials/<id>.ron`), sorted.
    pub fn imported_referentials(&self) -> Result<Vec<String>> {
        let dir = self.root.join(REFERENTIALS_DIR);
        let rd = match std::fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => {
                return Err(StorageError::Io {
                    action: "list",
                    path: dir,
                    source: e,
                });
            }
        };
        let mut ids = Vec::new();
        for entry in rd {
            let path = entry.map_err(StorageError::io("list", &dir))?.path();
            if path.extension().is_some_and(|x| x == "ron")
                && let Some(stem) = path.file_stem().and_then(|s| s.to_str())
            {
                ids.push(stem.to_owned());
            }
        }
        ids.sort();
        Ok(ids)
    }

    /// An imported referential, as its file says.
    pub fn imported_referential(&self, id: &str) -> Result<Option<grid::Referential>> {
        let rel = Workspace::referential_file(id);
        let path = crate::fsio::resolve_inside(&self.root, &rel)?;
        // Not `is_file`: a FIFO or a folder there is refused by name when read, not ignored.
        if !path.exists() {
            return Ok(None);
        }
        let text = fsio::read_text(&path)?;
        crate::referential::parse_referential(Path::new(&rel), &text).map(Some)
    }

    /// The referential `id`: the embedded one enriched with the official text of an import of the
    /// same id, or the imported one alone; plus the evaluation centre's own checks (`checks.ron`)
    /// when `id` is the workspace's referential.
    pub fn referential(&self, id: &str) -> Result<Option<grid::Referential>> {
        let imported = self.imported_referential(id)?;
        let mut r = match (crate::referential::embedded(id), imported) {
            (Some(embedded), Some(official)) => {
                let mut r = embedded?;
                r.enrich(&official);
                r
            }
            (Some(embedded), None) => embedded?,
            (None, Some(imported)) => imported,
            (None, None) => return Ok(None),
        };
        let checks = self.root.join(CENTRE_CHECKS);
        if id == self.manifest.referential && checks.exists() {
            let checks = fsio::resolve_inside(&self.root, CENTRE_CHECKS)?;
            let text = fsio::read_text(&checks)?;
            crate::referential::add_centre_checks(&mut r, Path::new(CENTRE_CHECKS), &text)?;
        }
        Ok(Some(r))
    }

    /// Where an imported referential's file is kept: `referentials/<id>.ron`.
    pub fn referential_file(id: &str) -> String {
        format!("{REFERENTIALS_DIR}/{id}.ron")
    }

    /// Writes an imported file at `rel` (an imported referential's, or the sovereignty
    /// framework's official texts), replacing an earlier import. Only under the writers' lock,
    /// with the entry that records the import. Returns the file's path and its previous text, to
    /// put back if that entry cannot be written.
    pub fn save_import(&self, rel: &str, text: &str) -> Result<(PathBuf, Option<String>)> {
        let path = crate::fsio::resolve_inside(&self.root, rel)?;
        let previous = if path.exists() {
            Some(fsio::read_text(&path)?)
        } else {
            None
        };
        if let Some(dir) = path.parent() {
            fsio::create_dir(dir)?;
        }
        fsio::write_atomic(&path, text.as_bytes())?;
        Ok((PathBuf::from(rel), previous))
    }

    /// Puts back what [`Workspace::save_import`] replaced at `rel`: the previous text, or no file.
    pub fn restore_import(&self, rel: &str, previous: Option<&str>) -> Result<()> {
        let path = crate::fsio::resolve_inside(&self.root, rel)?;
        match previous {
            Some(text) => fsio::write_atomic(&path, text.as_bytes()),
            None => fsio::remove_file(&path),
        }
    }
}

impl Workspace {
    /// The sovereignty framework as this workspace shows it: `framework` with the official texts
    /// imported by `jalon sovereignty import` laid over it, or `None` when none were imported.
    /// The file is checked again against `framework`'s facts (it may have been edited by hand).
    pub fn sovereignty_framework(
        &self,
        framework: &sovereignty::Framework,
    ) -> Result<Option<sovereignty::Framework>> {
        let rel = crate::card::OFFICIAL_TEXTS;
        let path = fsio::resolve_inside(&self.root, rel)?;
        // Not `is_file`: a FIFO or a folder there is refused by name when read, not ignored.
        if !path.exists() {
            return Ok(None);
        }
        let text = fsio::read_text(&path)?;
        let texts = crate::card::parse_official(Path::new(rel), &text)?;
        crate::card::with_official(Path::new(rel), framework, &texts)
            .map(Some)
            .map_err(|e| match e {
                StorageError::Invalid(mut diagnostics) => {
                    for d in &mut diagnostics {
                        d.hint = Some("import the Commission's calculator again with `jalon sovereignty import FILE`, or restore the file from git".to_owned());
                    }
                    StorageError::Invalid(diagnostics)
                }
                other => other,
            })
    }
}
