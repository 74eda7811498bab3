//! Content loading: the eight kinds, front matter, and turning files under
//! `content/` (and catalogue spreadsheets) into [`Item`]s. Knows nothing of Markdown or HTML.

pub mod csv;
mod csv_row;
pub mod front_parse;
pub mod frontmatter;
pub mod item;
pub mod keys;
pub mod kind;
pub mod load;
pub mod read;
pub mod slug;
pub mod yaml_errors;

pub use item::Item;
pub use kind::Kind;
