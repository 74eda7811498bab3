//! `pufa check` on the law-book catalogue: ISBN and ISSN check digits,
//! duplicates, categories, and catalogue spreadsheets (encodings, row
//! numbers, cells that are wrong or beyond the last column).

#[path = "support/checking.rs"]
mod checking;
mod support;

use checking::*;
use support::*;

#[test]
fn isbn_check_digits_duplicates_and_category() {
    let a = "---\ntitle: 民法典\nisbn: 978-7-5216-1234-2\ncategory: 民法\n---\n";
    let b = "---\ntitle: 旧书\nisbn: 7-111-21382-6\ncategory: 民法\n---\n";
    let c = "---\ntitle: 民法典（又一本）\nisbn: \"9787111213826\"\n---\n";
    let d = "---\ntitle: 民法典（重复）\nisbn: 978-7-111-21382-6\ncategory: 民法\n---\n";
    expect_exactly(
        "c-isbn",
        &[
            ("content/books/a.md", a),
            ("content/books/b.md", b),
            ("content/books/c.md", c),
            ("content/books/d.md", d),
        ],
        &[
            "content/books/a.md:3:7: error: ISBN 978-7-5216-1234-2 has a wrong check digit: the last digit should be 9",
            "content/books/b.md:3:7: error: ISBN 7-111-21382-6 has a wrong check digit: the last character should be 3",
            "content/books/c.md:2:1: warning: “民法典（又一本）” has no category; it is listed under 未分类",
            "content/books/d.md:3:7: error: ISBN 978-7-111-21382-6 is already catalogued: content/books/c.md:2 (民法典（又一本）)",
        ],
    );
}

#[test]
fn issn_of_a_periodical_at_its_place() {
    let good = "---\ntitle: 人民调解\nformat: periodical\nisbn: 0378-5955\ncategory: 期刊\n---\n";
    let bad =
        "---\ntitle: 法治日报\nformat: periodical\nisbn: ISSN 0378-5954\ncategory: 报纸\n---\n";
    let book = "---\ntitle: 民法典\nisbn: 0378-5955\ncategory: 民法\n---\n";
    let out = expect_exactly(
        "c-issn",
        &[
            ("content/books/good.md", good),
            ("content/books/bad.md", bad),
            ("content/books/book.md", book),
        ],
        &[
            "content/books/bad.md:4:7: error: ISSN 0378-5954 has a wrong check digit: the last character should be 5",
            "content/books/book.md:3:7: error: “0378-5955” is not an ISBN: an ISBN has 13 digits (or 10, the last may be X)",
        ],
    );
    assert!(!out.contains("good.md"), "{out}");
}

#[test]
fn missing_category_alone_is_only_a_warning() {
    let a = "---\ntitle: 民法典\n---\n";
    let (code, out) = check("c-category", &[("content/books/a.md", a)]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        problem_lines(&out),
        ["content/books/a.md:2:1: warning: “民法典” has no category; it is listed under 未分类"]
    );
    assert!(out.contains("0 error(s), 1 warning(s)"), "{out}");
}

#[test]
fn catalogue_spreadsheet_in_utf8_and_gbk_with_row_numbers() {
    let utf8 = "\u{feff}书名,作者,ISBN,分类,册数\r\n民法典,全国人大,9787521612349,民法,2\r\n反诈手册,公安部,,反诈,两本\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode("title,isbn,category\n劳动法读本,9787111213826,劳动\n,,\n劳动法读本（重复）,9787111213826,劳动\n");
    let (big5, _, _) = encoding_rs::BIG5.encode("書名,分類\n中華人民共和國民法典,民法\n");
    let root = make_site("c-csv", &[("content/books/a.csv", utf8)]);
    std::fs::write(root.join("content/books/gbk.csv"), gbk.as_ref()).unwrap();
    std::fs::write(root.join("content/books/big5.csv"), big5.as_ref()).unwrap();
    std::fs::write(
        root.join("content/books/utf16.csv"),
        [0xff, 0xfe, 0x41, 0x00, 0x00, 0xd8],
    )
    .unwrap();
    let (code, out) = check_root(&root, &[]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        problem_lines(&out),
        [
            "content/books/a.csv:3:14: error: row 3: `copies`: \"两本\" is not a number of copies",
            "content/books/big5.csv: error: the catalogue is neither UTF-8 nor GBK text; it looks like Big5 (繁體中文)",
            "content/books/gbk.csv:4:11: error: row 4: ISBN 9787111213826 is already catalogued: content/books/gbk.csv:2 (劳动法读本)",
            "content/books/utf16.csv: error: the catalogue is neither UTF-8 nor GBK text; it looks like UTF-16",
        ]
    );
    assert!(out.contains("hint: write digits only, e.g. 2\n"), "{out}");
    // Fixed, the rows become pages: FILESTEM-ROW when there is no id column.
    for f in ["utf16.csv", "big5.csv"] {
        std::fs::remove_file(root.join("content/books").join(f)).unwrap();
    }
    std::fs::write(root.join("content/books/a.csv"), utf8.replace("两本", "2")).unwrap();
    let (gbk, _, _) =
        encoding_rs::GBK.encode("title,isbn,category\n劳动法读本,9787111213826,劳动\n");
    std::fs::write(root.join("content/books/gbk.csv"), gbk.as_ref()).unwrap();
    let out = build_ok(&root, &[]);
    assert!(read(&out, "books/a-2/index.html").contains("民法典"));
    assert!(read(&out, "books/gbk-2/index.html").contains("劳动法读本"));
}

#[test]
fn a_wrong_cell_does_not_hide_the_rest_of_its_row() {
    let csv = "书名,ISBN,册数,分类\n民法典,9787521612342,两本,民法,多余\n,9787111213826,1,劳动\n";
    let out = expect_exactly(
        "c-csv-row",
        &[("content/books/a.csv", csv)],
        &[
            "content/books/a.csv:2:5: error: row 2: ISBN 9787521612342 has a wrong check digit: the last digit should be 9",
            "content/books/a.csv:2:19: error: row 2: `copies`: \"两本\" is not a number of copies",
            "content/books/a.csv:2:25: error: row 2: \"多余\" is in cell 5 but the first row names only 4 columns",
            "content/books/a.csv:3:1: error: row 3: the book has no title",
        ],
    );
    assert!(out.contains("4 error(s), 0 warning(s)"), "{out}");
}

#[test]
fn two_rows_with_one_id_write_one_page() {
    let csv = "id,书名,分类\nminfadian,民法典,民法\nminfadian,民法典（大字版）,民法\n";
    expect_exactly(
        "c-csv-dup",
        &[("content/books/a.csv", csv)],
        &[
            "content/books/a.csv:2:1: error: row 2: /books/minfadian/ would be written by more than one file: content/books/a.csv:2, content/books/a.csv:3",
            "content/books/a.csv:3:1: error: row 3: /books/minfadian/ would be written by more than one file: content/books/a.csv:2, content/books/a.csv:3",
        ],
    );
}

#[test]
fn spreadsheet_with_unknown_columns() {
    let out = expect_exactly(
        "c-csv-col",
        &[("content/books/a.csv", "书名,catgory,价格\n民法典,民法,30\n")],
        &[
            "content/books/a.csv:1:4: error: unknown column `catgory`",
            "content/books/a.csv:1:12: error: unknown column `价格`",
        ],
    );
    assert!(out.contains("hint: did you mean `category`?"), "{out}");
    // No nonsense suggestion for a column pufa has nothing like.
    assert!(
        out.contains("hint: columns allowed: id, slug, title"),
        "{out}"
    );
}

#[test]
fn every_row_of_a_catalogue_is_checked_for_phone_numbers() {
    // The rows share their file: the problems of one row must not hide another's.
    let csv = "书名,简介,分类\n民法典读本,借书请打13912345678找张阿姨,民法\n反诈手册,有事打13987654321,刑法\n";
    expect_errors(
        "c-rows-private",
        &[("content/books/shumu.csv", csv)],
        &[
            "content/books/shumu.csv:2:11: error: row 2: a mobile phone number (139****5678) would be published",
            "content/books/shumu.csv:3:9: error: row 3: a mobile phone number (139****4321) would be published",
        ],
    );
}
