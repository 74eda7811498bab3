//! The law index: every law the site cites, and everything that explains it.
//!
//! [`numerals`] reads Chinese numbers, [`registry`] knows the laws (the
//! built-in ones in [`builtin`], plus `content/laws.yaml` read by [`yaml`]),
//! [`cite`] finds citations in text (titles in `titles`, articles in
//! [`articles`], lone articles in `lone`), `front_matter` reads `laws:`,
//! and [`index`] ties every entry to the laws and articles it cites, once
//! per build, for the law pages, the 本文涉及法律 box, 以案释法 and the shelf
//! ([`related`]), board sheets ([`board`]) and the warnings (`warnings`).
//! [`view`] turns all that into template data.

pub mod articles;
pub mod board;
pub mod builtin;
pub mod cite;
mod front_matter;
pub mod index;
mod lone;
pub mod numerals;
pub mod registry;
pub mod related;
mod titles;
pub mod view;
mod warnings;
pub mod yaml;
mod yaml_syntax;

pub use index::{Cited, LawIndex};
