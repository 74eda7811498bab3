//! One loaded content file: its kind, identity, dates and front matter,
//! with the Markdown body not yet rendered.

use chrono::NaiveDate;
use std::path::PathBuf;

use super::frontmatter::{FrontMatter, Located};
use super::kind::Kind;

#[derive(Debug)]
pub struct Item {
    pub kind: Kind,
    /// The file stem: what references use (`qh-03`, `zhang-ming`).
    pub id: String,
    /// Path from the site root, e.g. `content/cases/gaokong.md`.
    pub source: PathBuf,
    /// ASCII URL segment.
    pub slug: String,
    /// `title`, or `name` for contacts and buildings.
    pub title: String,
    /// The item's day; a bulletin is dated on the first day of its month.
    pub date: Option<NaiveDate>,
    pub updated: Option<NaiveDate>,
    pub fm: FrontMatter,
    pub body: String,
    /// File line on which the body starts, for placing Markdown problems.
    pub body_line: usize,
    /// The front matter as written (for a catalogue row: the row's line),
    /// so checks can place problems and scan published text.
    pub yaml: String,
    /// File line on which `yaml` starts.
    pub yaml_line: usize,
}

impl Item {
    /// The reference other files use for it: `cases/gaokong`.
    pub fn reference(&self) -> String {
        format!("{}/{}", self.kind.folder(), self.id)
    }

    /// The item's page, relative to the site root (`cases/gaokong/`).
    pub fn url_path(&self) -> String {
        match self.kind {
            Kind::Contact => format!("contacts/#{}", self.slug),
            _ => format!("{}/{}/", self.kind.folder(), self.slug),
        }
    }

    /// Buildings this item is meant for; empty means every building.
    pub fn building_ids(&self) -> impl Iterator<Item = &str> {
        self.fm.buildings.iter().map(|b| b.value.as_str())
    }

    /// File line and column of a front-matter value.
    pub fn position_of<T>(&self, value: &Located<T>) -> (usize, usize) {
        (
            self.yaml_line + (value.referenced.line() as usize).saturating_sub(1),
            value.referenced.column() as usize,
        )
    }

    /// File line and column of a top-level front-matter key, or of the start
    /// of the front matter when the key is absent.
    pub fn key_position(&self, key: &str) -> (usize, usize) {
        super::frontmatter::top_level_keys(&self.yaml, self.yaml_line)
            .into_iter()
            .find(|(k, _)| k == key)
            .map_or((self.yaml_line, 1), |(_, line)| (line, 1))
    }

    /// Whether it is a row of a catalogue spreadsheet rather than a file of its own.
    pub fn is_catalogue_row(&self) -> bool {
        super::load::is_catalogue(&self.source)
    }

    /// `row 3: ` for a book from a catalogue spreadsheet (its row number,
    /// as the spreadsheet shows it), else nothing: the start of every
    /// message about it.
    pub fn row_prefix(&self) -> String {
        if self.is_catalogue_row() {
            format!("row {}: ", self.yaml_line)
        } else {
            String::new()
        }
    }

    pub fn is_for_building(&self, id: &str) -> bool {
        self.fm.buildings.is_empty() || self.building_ids().any(|b| b == id)
    }
}
