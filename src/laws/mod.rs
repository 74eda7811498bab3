//! The law index: every law the site cites, and everything that explains it.
//!
//! [`numerals`] reads Chinese numbers, [`registry`] knows the laws (built in,
//! plus `content/laws.yaml` read by [`yaml`]), [`cite`] finds citations in
//! text, and [`index`] ties every entry to the laws and articles it cites,
//! once per build, for the law pages, the 本文涉及法律 box, 以案释法 and the
//! repealed-law warnings.

pub mod cite;
pub mod index;
pub mod numerals;
pub mod registry;
pub mod view;
pub mod yaml;

pub use index::{Cited, LawIndex};
