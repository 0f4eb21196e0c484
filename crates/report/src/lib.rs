//! Reports, rendered as text (Markdown or self-contained HTML) from domain data.
//!
//! No I/O, no clock, nothing printed: callers pass data in and write the text where they like.
//! HTML goes through askama templates (`templates/`) with auto-escaping; no text is escaped by hand.

mod blocks;
pub mod calendar;
pub mod card;
mod charts;
pub mod ciso;
mod common;
pub mod docx;
mod figure;
pub mod i18n;
mod lang;
pub mod oscal;
pub mod pdf;
pub mod plan;
pub mod site;
pub mod summary;
pub mod workspace;

pub use lang::{Format, Lang, UnknownFormat, UnknownLang};
pub use workspace::{Member, Options, Reliance, Role, Workspace};
