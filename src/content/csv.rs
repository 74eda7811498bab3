//! Catalogues kept as spreadsheets: `content/books/*.csv`, one book per row
//! under a header row of book field names (English keys or the Chinese
//! column names librarians use, such as 书名, 作者, 分类). Saved by Excel as
//! "CSV UTF-8" (with a BOM) or plain "CSV" on Chinese Windows (GBK): both are
//! read; anything else is refused with the encoding it looks like.
//!
//! Each row becomes an [`Item`] of kind Book ([`super::csv_row`]); a wrong
//! cell is reported with its spreadsheet row number and left out, so the
//! row's other cells and the other rows still count. A row without a title
//! is reported and left out.
//!
//! Ids: the `id` column when the row has one, else `FILESTEM-ROW` (the file
//! stem and the row number, header = row 1; a cell holding line breaks
//! makes later rows count one more). Add an `id` (or
//! `slug`) column to keep a book's address when rows are inserted above it.

use std::collections::HashMap;
use std::path::Path;

use super::csv_row::{Row, field_offsets};
use super::item::Item;
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
        let (item, mut row_problems) = row.to_item(&stem);
        items.extend(item);
        problems.append(&mut row_problems);
    }
    (items, problems)
}

/// UTF-8 (BOM removed) or GBK; line ends made `\n`.
pub fn decode(bytes: Vec<u8>, shown: &Path) -> Result<String, Diagnostic> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let bytes = e.into_bytes();
            // GBK that decodes into rare characters is Big5 or Latin-1 in disguise.
            if !super::read::looks_like_gbk(&bytes) {
                let guess = super::read::guess_encoding(&bytes);
                return Err(Diagnostic::error(
                    shown,
                    format!("the catalogue is neither UTF-8 nor GBK text; it looks like {guess}"),
                )
                .with_hint(super::read::resave_hint(shown)));
            }
            encoding_rs::GBK.decode(&bytes).0.into_owned()
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
        // Big5 bytes are valid GBK too, but decode into nonsense: refused.
        let (big5, _, _) = encoding_rs::BIG5.encode("書名,分類\n中華人民共和國民法典,民法\n");
        let (items, problems) = parse(big5.into_owned(), p());
        assert!(items.is_empty());
        assert_eq!(
            problems[0].message,
            "the catalogue is neither UTF-8 nor GBK text; it looks like Big5 (繁體中文)"
        );
    }

    #[test]
    fn bad_cells_name_row_and_column() {
        let csv = "title,year,copies\n甲,2021,1\n乙,二〇二一,x\n";
        let (items, problems) = parse(csv.as_bytes().to_vec(), p());
        assert_eq!(items.len(), 2);
        assert_eq!((items[1].fm.year, items[1].fm.copies), (None, None));
        assert_eq!(problems.len(), 2);
        assert_eq!((problems[0].line, problems[0].column), (Some(3), Some(3)));
        assert!(
            problems[0].message.starts_with("row 3: `year`"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn a_bad_cell_does_not_hide_the_others() {
        let csv = "title,isbn,copies,format\n甲,9787111213825,两本,电子书,多余\n";
        let (items, problems) = parse(csv.as_bytes().to_vec(), p());
        // The book still loads, so its ISBN is checked later.
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].fm.copies, None);
        let found: Vec<_> = problems
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    Some(2),
                    Some(17),
                    "row 2: `copies`: \"两本\" is not a number of copies"
                ),
                (
                    Some(2),
                    Some(20),
                    "row 2: `format`: \"电子书\" is not a catalogue format"
                ),
                (
                    Some(2),
                    Some(24),
                    "row 2: \"多余\" is in cell 5 but the first row names only 4 columns"
                ),
            ]
        );
        assert_eq!(
            problems[0].hint.as_deref(),
            Some("write digits only, e.g. 2")
        );
    }

    #[test]
    fn a_row_is_its_whole_record() {
        let csv = "title,summary\n甲,\"第一行\n电话13812345678\"\n乙,\n";
        let (items, _) = parse(csv.as_bytes().to_vec(), p());
        assert_eq!(items[0].yaml, "甲,\"第一行\n电话13812345678\"");
        assert_eq!(items[1].yaml_line, 4);
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
