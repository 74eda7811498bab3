//! One row of a catalogue spreadsheet turned into a book: each cell read
//! and checked where it stands (row number, line and column), and the
//! positions of cells in the file's text.

use serde_saphyr::Location;
use std::path::{Path, PathBuf};

use super::frontmatter::{FrontMatter, Located, Text};
use super::item::Item;
use super::kind::Kind;
use super::slug::{is_valid, slugify};
use crate::diagnostic::Diagnostic;
use crate::text::line_col;

/// Byte offsets in `text` at which each of the first `count` fields of the
/// record starting at `start` begin (quotes respected).
pub(super) fn field_offsets(text: &str, start: usize, count: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut offsets = vec![start];
    let mut quoted = false;
    let mut i = start;
    while i < bytes.len() && offsets.len() < count {
        match bytes[i] {
            b'"' => quoted = !quoted,
            b',' if !quoted => offsets.push(i + 1),
            b'\n' if !quoted => break,
            _ => {}
        }
        i += 1;
    }
    while offsets.len() < count {
        offsets.push(i.min(text.len()));
    }
    offsets
}

/// Byte offset just past the record starting at `start`: its last line
/// end outside quotes (a cell may hold line breaks), or the end of the text.
fn record_end(text: &str, start: usize) -> usize {
    let mut quoted = false;
    for (i, b) in text.bytes().enumerate().skip(start) {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => return i,
            _ => {}
        }
    }
    text.len()
}

/// A `Located` value made by hand, for a cell at (line within the row, column).
fn located<T>(value: T, line: usize, column: usize) -> Located<T> {
    let location: Location =
        serde_json::from_value(serde_json::json!({"line": line, "column": column}))
            .unwrap_or(Location::UNKNOWN);
    Located::new(value, location, location)
}

pub(super) struct Row<'a> {
    /// Spreadsheet row number (header = 1): the line the row starts on.
    pub(super) number: usize,
    pub(super) record: &'a csv::StringRecord,
    pub(super) text: &'a str,
    pub(super) start: usize,
    pub(super) shown: &'a Path,
    pub(super) columns: &'a [Option<&'static str>],
}

impl Row<'_> {
    /// The cell for `field` and its file line and column.
    fn cell(&self, field: &str) -> Option<(&str, usize, usize)> {
        let i = self.columns.iter().position(|c| *c == Some(field))?;
        let value = self.record.get(i)?.trim();
        if value.is_empty() {
            return None;
        }
        let offsets = field_offsets(self.text, self.start, i + 1);
        let (line, col) = line_col(self.text, offsets[i]);
        Some((value, line, col))
    }

    fn line(&self) -> usize {
        line_col(self.text, self.start).0
    }

    fn error(&self, line: usize, col: usize, message: String) -> Diagnostic {
        Diagnostic::error(self.shown, format!("row {}: {message}", self.number)).at(line, col)
    }

    /// The book in this row, and the problems of its cells. A row with a
    /// wrong cell still becomes a book (without that cell's value), so its
    /// other cells are checked too; a row without a title does not.
    pub(super) fn to_item(&self, stem: &str) -> (Option<Item>, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let first_line = self.line();
        let text = |f: &str| self.cell(f).map(|(v, _, _)| v.to_string());
        let list = |f: &str| -> Vec<String> {
            text(f)
                .map(|v| {
                    v.split(['、', ',', '，', ';', '；'])
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default()
        };
        let mut number = |f: &str, what: &str, example: &str| -> Option<i64> {
            let (v, line, col) = self.cell(f)?;
            match v.parse::<i64>() {
                Ok(n) if n >= 0 => Some(n),
                _ => {
                    problems.push(
                        self.error(line, col, format!("`{f}`: \"{v}\" is not {what}"))
                            .with_hint(format!("write digits only, e.g. {example}")),
                    );
                    None
                }
            }
        };
        let year = number("year", "a year", "2021").and_then(|n| i32::try_from(n).ok());
        let copies =
            number("copies", "a number of copies", "2").and_then(|n| u32::try_from(n).ok());
        let title = text("title");
        if title.is_none() {
            problems.push(
                self.error(first_line, 1, "the book has no title".into())
                    .with_hint("fill in the title (书名) cell of this row, or delete the row"),
            );
        }
        let format = self.cell("format").and_then(|(v, line, col)| {
            let value = match v {
                "图书" | "书" => "book",
                "期刊" | "报纸" | "报刊" => "periodical",
                other => other,
            };
            if matches!(value, "book" | "periodical") {
                Some(located(value.to_string(), 1 + line - first_line, col))
            } else {
                problems.push(
                    self.error(
                        line,
                        col,
                        format!("`format`: \"{v}\" is not a catalogue format"),
                    )
                    .with_hint("use book (图书) or periodical (期刊)"),
                );
                None
            }
        });
        let draft = match self.cell("draft") {
            None => false,
            Some((v, line, col)) => match v.to_lowercase().as_str() {
                "true" | "yes" | "是" | "1" => true,
                "false" | "no" | "否" | "0" => false,
                _ => {
                    problems.push(
                        self.error(line, col, format!("`draft`: \"{v}\" is not true or false"))
                            .with_hint("write true (是) or false (否)"),
                    );
                    false
                }
            },
        };
        problems.extend(self.extra_cells());
        let id = text("id")
            .or_else(|| text("slug"))
            .unwrap_or_else(|| format!("{stem}-{}", self.number));
        let from_id = || {
            if is_valid(&id) {
                id.clone()
            } else {
                slugify(&id)
            }
        };
        let slug = match self.cell("slug") {
            Some((s, line, col)) if !is_valid(s) => {
                problems.push(
                    self.error(
                        line,
                        col,
                        format!("`slug`: \"{s}\" is not a plain URL name"),
                    )
                    .with_hint(format!(
                        "use lowercase letters, digits and hyphens, e.g. {}",
                        slugify(s)
                    )),
                );
                slugify(s)
            }
            Some((s, _, _)) => s.to_string(),
            None => from_id(),
        };
        if slug.is_empty() && title.is_some() {
            problems.push(
                self.error(first_line, 1, "cannot make a URL name for this book".into())
                    .with_hint("add an `id` column with a plain name such as minfadian-2021"),
            );
        }
        let Some(title) = title.filter(|_| !slug.is_empty()) else {
            return (None, problems);
        };
        let at = |f: &str| {
            self.cell(f)
                .map(|(v, line, col)| (v, 1 + line - first_line, col))
        };
        let fm = FrontMatter {
            title: Some(title.clone()),
            slug: at("slug").map(|(v, l, c)| located(v.to_string(), l, c)),
            summary: text("summary"),
            topics: list("topics"),
            audiences: list("audiences"),
            laws: list("laws"),
            author: text("author"),
            reviewers: list("reviewers"),
            draft,
            publisher: text("publisher"),
            year,
            isbn: at("isbn").map(|(v, l, c)| located(Text(v.to_string()), l, c)),
            category: text("category"),
            shelf: text("shelf").map(Text),
            copies,
            format,
            superseded: text("superseded"),
            ..FrontMatter::default()
        };
        let end = record_end(self.text, self.start);
        let item = Item {
            kind: Kind::Book,
            id,
            source: PathBuf::from(self.shown),
            slug,
            title,
            date: None,
            updated: None,
            fm,
            body: String::new(),
            body_line: first_line,
            yaml: self.text[self.start..end].to_string(),
            yaml_line: first_line,
        };
        (Some(item), problems)
    }

    /// A problem for the first filled cell beyond the header's last column.
    fn extra_cells(&self) -> Option<Diagnostic> {
        let columns = self.columns.len();
        let (i, value) = self
            .record
            .iter()
            .enumerate()
            .skip(columns)
            .find(|(_, v)| !v.trim().is_empty())?;
        let offsets = field_offsets(self.text, self.start, i + 1);
        let (line, col) = line_col(self.text, offsets[i]);
        Some(
            self.error(
                line,
                col,
                format!(
                    "\"{}\" is in cell {} but the first row names only {columns} columns",
                    value.trim(),
                    i + 1
                ),
            )
            .with_hint("add the column's name to the first row, or delete the cell; a cell holding a comma is written in quotes: \"甲, 乙\""),
        )
    }
}
