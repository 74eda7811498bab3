//! Property tests: arbitrary text fed to front-matter splitting and parsing,
//! to whole-item loading, to the Markdown pipeline, to the catalogue reader
//! and to the privacy and ISBN scanners never panics.
//!
//! The normal test run tries a few hundred cases per property; set
//! `PROPTEST_CASES=200000` for a long session.

use proptest::prelude::*;
use std::path::{Path, PathBuf};

use pufa::check::{catalogue, privacy};
use pufa::content::{Kind, csv, frontmatter, load};
use pufa::markdown;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text made of the characters YAML and Markdown treat specially, plus
/// Chinese, digits and line breaks, so cases reach deep into the parsers.
fn tricky(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!(
        "[-:#>*_`~|!&%@,?'\"\\[\\]{{}}()<>=+.\\\\/ \\t\\n\\r0-9a-zX\u{feff}\u{4e00}-\u{4e0f}法某，。、“”]{{0,{max}}}"
    ))
    .unwrap()
}

const KEYS: &[&str] = &[
    "title",
    "date",
    "month",
    "issue",
    "featured",
    "topics",
    "buildings",
    "slug",
    "isbn",
    "speaker",
    "reviewers",
    "name",
    "role",
    "phone",
    "publish_phone",
    "draft",
    "updated",
    "extra",
    "format",
    "copies",
    "year",
    "unknown",
    "titel",
];

/// Front matter of known keys with arbitrary values.
fn front_matter() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(KEYS), tricky(30)), 0..8).prop_map(|pairs| {
        let mut out = String::from("---\n");
        for (key, value) in pairs {
            out.push_str(&format!("{key}: {value}\n"));
        }
        out.push_str("---\n");
        out
    })
}

fn no_links(_: &Path) -> Option<String> {
    Some("cases/a/".to_string())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn splitting_and_parsing_never_panic(text in tricky(400)) {
        let path = Path::new("content/explainers/a.md");
        if let Ok(split) = frontmatter::split(&text, path) {
            for kind in Kind::ALL {
                let _ = frontmatter::parse_lenient(&split, kind, path);
            }
        }
        let _ = frontmatter::top_level_keys(&text, 2);
    }

    #[test]
    fn whole_items_never_panic(front in front_matter(), body in tricky(200)) {
        let text = format!("{front}{body}");
        for kind in Kind::ALL {
            let _ = load::parse_item(&text, PathBuf::from("content/x/高空 抛物.md"), kind);
        }
    }

    #[test]
    fn markdown_never_panics(body in tricky(600)) {
        let src = markdown::Source {
            path: Path::new("content/explainers/a.md"),
            first_line: 5,
            page: "explainers/a/",
            resolve: &no_links,
            offline: false,
        };
        let _ = markdown::render(&body, &src);
    }

    #[test]
    fn catalogues_never_panic(text in tricky(300), bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let path = Path::new("content/books/a.csv");
        let _ = csv::parse(format!("title,isbn,year,copies,format,slug\n{text}").into_bytes(), path);
        let _ = csv::parse(bytes, path);
    }

    #[test]
    fn scanners_never_panic(text in tricky(300)) {
        let _ = privacy::find_numbers(&text);
        let _ = catalogue::check_number(&text, true);
        let _ = catalogue::check_number(&text, false);
    }
}

/// Crashes found by the property tests, kept as regression cases.
#[test]
fn found_cases() {
    let path = Path::new("content/explainers/a.md");
    for text in [
        "---",
        "---\n---",
        "---\n:\n---\n",
        "---\n- \n---\n",
        "---\n\t\n---\n",
    ] {
        if let Ok(split) = frontmatter::split(text, path) {
            for kind in Kind::ALL {
                let _ = frontmatter::parse_lenient(&split, kind, path);
            }
        }
    }
}
