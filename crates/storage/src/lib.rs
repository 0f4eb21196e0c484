//! The only crate that touches the file system: the workspace folder, its RON files, the history
//! journal, atomic durable writes and the writers' lock.

mod cache;
pub mod card;
pub mod ciso;
mod error;
mod fsio;
pub mod history;
pub mod housekeeping;
mod manifest;
pub mod mapping;
pub mod portfolio;
pub mod referential;
pub mod registry;
mod ronfmt;
pub mod signing;
mod workflow;
mod workspace;

pub use cache::EvidenceHashes;
pub use error::{Diagnostic, Location, Result, StorageError, locate};
pub use fsio::{
    FileKey, MAX_FILE_BYTES, WriteLock, Written, copy_into, copy_into_progress, create_atomic,
    create_dir, create_output_dir, ensure_regular, file_len, hash_file, hash_file_progress,
    read_bytes, read_text, remove_file, resolve_inside, write_atomic, write_output,
    write_output_outside,
};
pub use history::{
    Act, EntryFileInfo, FindingChange, History, NewEntry, OnBehalf, PlanAct, PlanItemFile,
    sha256_hex,
};
pub use manifest::{MANIFEST, Manifest, ManifestFile, Member, Role};
pub use portfolio::{PORTFOLIO, Portfolio, PortfolioFile};
pub use signing::SigningKey;
pub use workflow::{EMBEDDED as EMBEDDED_WORKFLOWS, embedded as embedded_workflow, parse_workflow};
pub use workspace::Workspace;
