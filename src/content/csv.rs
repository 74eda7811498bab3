//! Catalogues kept as spreadsheets: `content/books/*.csv`, one book per row
//! under a header row of book field names (English keys or the Chinese
//! column names librarians use, such as 书名, 作者, 分类). Saved by Excel as
//! "CSV UTF-8" (with a BOM) or plain "CSV" on Chinese Windows (GBK): both are
//! read; anything else is refused with the encoding it looks like.
//!
//! Each good row becomes an [`Item`] of kind Book; a bad row is reported with
//! its spreadsheet row number and left out, so the other rows still count.
//!
//! Ids: the `id` column when the row has one, else `FILESTEM-ROW` (the file
//! stem and the row number, header = row 1; a cell holding line breaks
//! makes later rows count one more). Add an `id` (or
//! `slug`) column to keep a book's address when rows are inserted above it.

use serde_saphyr::Location;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::frontmatter::{FrontMatter, Located, Text};
use super::item::Item;
use super::kind::Kind;
use super::slug::{is_valid, slugify};
use crate::diagnostic::{Diagnostic, closest};
use crate::text::line_col;

/// Columns a catalogue may have: the field, then the other names accepted for it.
const COLUMNS: &[(&str, &[&str])] = &[
    ("id", &["编号"]),
    ("slug", &[]),
    ("title", &["书名", "题名", "名称", "刊名"]),
    ("author", &["作者", "著者", "编者"]),
    ("publisher", &["出版社", "出版者"]),
    ("year", &["出版年", "年份", "出版年份"]),
    ("isbn", &["书号", "isbn号"]),
    ("category", &["分类", "类别"]),
    ("shelf", &["架位", "书架", "位置"]),
    ("copies", &["册数", "数量", "复本"]),
    ("format", &["类型", "形式"]),
    ("superseded", &["已废止", "失效说明"]),
    ("summary", &["简介", "备注", "摘要"]),
    ("topics", &["专题", "主题"]),
    ("audiences", &["人群", "适用人群"]),
    ("laws", &["法律"]),
    ("reviewers", &["审稿人"]),
    ("draft", &["草稿"]),
];

/// Reads one catalogue; `root` is the site root so paths start at `content/`.
pub fn load_file(root: &Path, path: &Path) -> (Vec<Item>, Vec<Diagnostic>) {
    let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    match super::read::read_bytes(path, &shown) {
        Ok(bytes) => parse(bytes, &shown),
        Err(d) => (Vec::new(), vec![d]),
    }
}

/// The books in a catalogue's bytes, and the problems of its bad rows.
pub fn parse(bytes: Vec<u8>, shown: &Path) -> (Vec<Item>, Vec<Diagnostic>) {
    let text = match decode(bytes, shown) {
        Ok(text) => text,
        Err(d) => return (Vec::new(), vec![d]),
    };
    let mut problems = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return (Vec::new(), vec![csv_error(&e, &text, shown)]),
        None => {
            return (
                Vec::new(),
                vec![Diagnostic::error(shown, "the catalogue is empty").with_hint(header_hint())],
            );
        }
    };
    let columns = match read_header(&header, &text, shown) {
        Ok(c) => c,
        Err(d) => return (Vec::new(), d),
    };
    let stem = shown
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("books")
        .to_string();
    let mut items = Vec::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(csv_error(&e, &text, shown));
                continue;
            }
        };
        let mut start = record.position().map_or(0, |p| p.byte() as usize);
        // The reader skips blank lines but counts the record from the first.
        while text.as_bytes().get(start) == Some(&b'\n') {
            start += 1;
        }
        let row = Row {
            number: line_col(&text, start).0,
            record: &record,
            text: &text,
            start,
            shown,
            columns: &columns,
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        match row.to_item(&stem) {
            Ok(item) => items.push(item),
            Err(mut p) => problems.append(&mut p),
        }
    }
    (items, problems)
}

/// UTF-8 (BOM removed) or GBK; line ends made `\n`.
fn decode(bytes: Vec<u8>, shown: &Path) -> Result<String, Diagnostic> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let bytes = e.into_bytes();
            let (gbk, _, had_errors) = encoding_rs::GBK.decode(&bytes);
            if had_errors {
                let guess = super::read::guess_encoding(&bytes);
                return Err(Diagnostic::error(
                    shown,
                    format!("the catalogue is neither UTF-8 nor GBK text; it looks like {guess}"),
                )
                .with_hint("in Excel or WPS choose 另存为 → \"CSV UTF-8 (逗号分隔)\""));
            }
            gbk.into_owned()
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
}

fn header_hint() -> String {
    "the first row names the columns, e.g. title,author,publisher,year,isbn,category,shelf,copies (or 书名,作者,出版社,出版年,ISBN,分类,架位,册数)".to_string()
}

/// Column index → field name.
fn read_header(
    header: &csv::StringRecord,
    text: &str,
    shown: &Path,
) -> Result<Vec<Option<&'static str>>, Vec<Diagnostic>> {
    let offsets = field_offsets(text, 0, header.len());
    let mut problems = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut columns = Vec::new();
    for (i, name) in header.iter().enumerate() {
        let (line, col) = line_col(text, offsets[i]);
        let wanted = name.trim().to_lowercase();
        let field = COLUMNS
            .iter()
            .find(|(f, aliases)| *f == wanted || aliases.contains(&wanted.as_str()))
            .map(|(f, _)| *f);
        match field {
            _ if wanted.is_empty() => columns.push(None),
            Some(f) => {
                if seen.insert(f, i).is_some() {
                    problems.push(
                        Diagnostic::error(shown, format!("column `{f}` appears twice"))
                            .at(line, col)
                            .with_hint("delete or rename one of the two columns"),
                    );
                }
                columns.push(Some(f));
            }
            None => {
                let all = COLUMNS
                    .iter()
                    .flat_map(|(f, a)| std::iter::once(*f).chain(a.iter().copied()));
                let d = Diagnostic::error(shown, format!("unknown column `{}`", name.trim()))
                    .at(line, col);
                problems.push(match closest(&wanted, all) {
                    Some(near) => d.with_hint(format!("did you mean `{near}`?")),
                    None => d.with_hint(format!(
                        "columns allowed: {}",
                        COLUMNS
                            .iter()
                            .map(|(f, _)| *f)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                });
                columns.push(None);
            }
        }
    }
    if !seen.contains_key("title") && problems.is_empty() {
        problems.push(
            Diagnostic::error(shown, "the catalogue has no `title` (书名) column")
                .at(1, 1)
                .with_hint(header_hint()),
        );
    }
    if problems.is_empty() {
        Ok(columns)
    } else {
        Err(problems)
    }
}

fn csv_error(err: &csv::Error, text: &str, shown: &Path) -> Diagnostic {
    let (line, _) = line_col(text, err.position().map_or(0, |p| p.byte() as usize));
    Diagnostic::error(shown, format!("cannot read this row: {err}"))
        .at_line(line.max(1))
        .with_hint("check the quotes in this row: a cell with a comma is written \"like, this\"")
}

/// Byte offsets in `text` at which each of the first `count` fields of the
/// record starting at `start` begin (quotes respected).
fn field_offsets(text: &str, start: usize, count: usize) -> Vec<usize> {
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

/// A `Located` value made by hand, for a cell at (line within the row, column).
fn located<T>(value: T, line: usize, column: usize) -> Located<T> {
    let location: Location =
        serde_json::from_value(serde_json::json!({"line": line, "column": column}))
            .unwrap_or(Location::UNKNOWN);
    Located::new(value, location, location)
}

struct Row<'a> {
    /// Spreadsheet row number (header = 1): the line the row starts on.
    number: usize,
    record: &'a csv::StringRecord,
    text: &'a str,
    start: usize,
    shown: &'a Path,
    columns: &'a [Option<&'static str>],
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

    fn to_item(&self, stem: &str) -> Result<Item, Vec<Diagnostic>> {
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
        let mut number = |f: &str, what: &str| -> Option<i64> {
            let (v, line, col) = self.cell(f)?;
            match v.parse::<i64>() {
                Ok(n) if n >= 0 => Some(n),
                _ => {
                    problems.push(
                        self.error(line, col, format!("`{f}`: \"{v}\" is not {what}"))
                            .with_hint("write digits only, e.g. 2021"),
                    );
                    None
                }
            }
        };
        let year = number("year", "a year").and_then(|n| i32::try_from(n).ok());
        let copies = number("copies", "a number of copies").and_then(|n| u32::try_from(n).ok());
        let title = text("title");
        if title.is_none() {
            problems.push(
                self.error(first_line, 1, "the book has no title".into())
                    .with_hint("fill in the title (书名) cell of this row, or delete the row"),
            );
        }
        let format = self.cell("format").map(|(v, line, col)| {
            let value = match v {
                "图书" | "书" => "book",
                "期刊" | "报纸" | "报刊" => "periodical",
                other => other,
            };
            if !matches!(value, "book" | "periodical") {
                problems.push(
                    self.error(
                        line,
                        col,
                        format!("`format`: \"{v}\" is not a catalogue format"),
                    )
                    .with_hint("use book (图书) or periodical (期刊)"),
                );
            }
            located(value.to_string(), 1 + line - first_line, col)
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
        let id = text("id")
            .or_else(|| text("slug"))
            .unwrap_or_else(|| format!("{stem}-{}", self.number));
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
                String::new()
            }
            Some((s, _, _)) => s.to_string(),
            None if is_valid(&id) => id.clone(),
            None => slugify(&id),
        };
        if slug.is_empty() && problems.is_empty() {
            problems.push(
                self.error(first_line, 1, "cannot make a URL name for this book".into())
                    .with_hint("add an `id` column with a plain name such as minfadian-2021"),
            );
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let at = |f: &str| {
            self.cell(f)
                .map(|(v, line, col)| (v, 1 + line - first_line, col))
        };
        let fm = FrontMatter {
            title: title.clone(),
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
        let end = self.text[self.start..]
            .find('\n')
            .map_or(self.text.len(), |i| self.start + i);
        Ok(Item {
            kind: Kind::Book,
            id,
            source: PathBuf::from(self.shown),
            slug,
            title: title.unwrap_or_default(),
            date: None,
            updated: None,
            fm,
            body: String::new(),
            body_line: first_line,
            yaml: self.text[self.start..end].to_string(),
            yaml_line: first_line,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("content/books/catalogue.csv")
    }

    #[test]
    fn rows_become_books_with_ids_and_positions() {
        let csv = "\u{feff}书名,作者,ISBN,分类\r\n民法典,全国人大,9787521612345,民法\r\n\r\n\"反诈, 手册\",公安部,,宣传\r\n";
        let (items, problems) = parse(csv.as_bytes().to_vec(), p());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].id, "catalogue-2");
        assert_eq!(items[1].id, "catalogue-4");
        assert_eq!(items[1].title, "反诈, 手册");
        let isbn = items[0].fm.isbn.as_ref().unwrap();
        assert_eq!(items[0].position_of(isbn), (2, 10));
        assert_eq!(items[0].fm.category.as_deref(), Some("民法"));
    }

    #[test]
    fn gbk_is_read_and_other_encodings_named() {
        let (gbk, _, _) = encoding_rs::GBK.encode("title,category\n民法典,民法\n");
        let (items, problems) = parse(gbk.into_owned(), p());
        assert!(problems.is_empty());
        assert_eq!(items[0].title, "民法典");
        let (_, problems) = parse(vec![0xff, 0xfe, 0x00, 0xd8, 0x41], p());
        assert!(problems[0].message.contains("neither UTF-8 nor GBK"));
    }

    #[test]
    fn bad_cells_name_row_and_column() {
        let csv = "title,year,copies\n甲,2021,1\n乙,二〇二一,x\n";
        let (items, problems) = parse(csv.as_bytes().to_vec(), p());
        assert_eq!(items.len(), 1);
        assert_eq!(problems.len(), 2);
        assert_eq!((problems[0].line, problems[0].column), (Some(3), Some(3)));
        assert!(
            problems[0].message.starts_with("row 3: `year`"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn unknown_column_suggests_one() {
        let (_, problems) = parse(b"title,catgory\na,b\n".to_vec(), p());
        assert_eq!((problems[0].line, problems[0].column), (Some(1), Some(7)));
        assert_eq!(
            problems[0].hint.as_deref(),
            Some("did you mean `category`?")
        );
    }
}
