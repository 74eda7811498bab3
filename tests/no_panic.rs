//! Property tests: arbitrary text fed to front-matter splitting and parsing,
//! to whole-item loading, to the Markdown pipeline, to the catalogue reader,
//! to the encoding guesses, to the scanners, and to every content check on
//! a whole site made of such items, never panics.
//!
//! Inputs are built from pieces that matter to the parsers: YAML and
//! Markdown punctuation (`: `, `- `, `> `, `[`, `{`, `|`, `---`, backticks,
//! tabs, CR), full-width forms a Chinese input method types (`：`, `＋`,
//! `１３８`, `（`, the ideographic space), Chinese from the whole common
//! range, digits and phone-like runs, key names, and long runs of one
//! nesting marker that reach past the 100-level limit.
//!
//! The normal test run tries 64 cases per property (a few seconds). Set
//! `PROPTEST_CASES` for a long session; README.md ("Checking your content")
//! records the last long run.

use proptest::prelude::*;
use std::path::{Path, PathBuf};

use pufa::check::{self, catalogue, privacy};
use pufa::config::Config;
use pufa::content::{Kind, csv, frontmatter, keys, load, read};
use pufa::diagnostic;
use pufa::markdown;
use pufa::site::{self, Site};

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(64);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Pieces YAML and Markdown give meaning to.
const SYNTAX: &[&str] = &[
    "\n",
    "\n",
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "  ",
    ": ",
    ":",
    "- ",
    "> ",
    "# ",
    "## ",
    "* ",
    "1. ",
    "---\n",
    "...\n",
    "```\n",
    "~~~",
    "`",
    "[",
    "]",
    "](",
    ")",
    "(",
    "{",
    "}",
    "|",
    "|-|",
    "\"",
    "'",
    "&a ",
    "*a",
    "!",
    "!!str ",
    "%",
    "@",
    "?",
    ",",
    "\\",
    "/",
    "../",
    "#",
    "<",
    ">",
    "<img src=",
    "<a href=\"",
    " alt=\"",
    "\">",
    "![",
    "[^1]",
    "[^1]: ",
    "{#id}",
    "=",
    "+",
    "_",
    "~~",
    "**",
    "&amp;",
    "\u{feff}",
    "\u{0}",
    "\u{200b}",
];

/// Forms typed with a Chinese input method, and Chinese punctuation.
const FULL_WIDTH: &[&str] = &[
    "：", "，", "。", "、", "；", "！", "？", "“", "”", "‘", "’", "（", "）", "【", "】", "《",
    "》", "＋", "－", "１", "３", "８", "０", "Ｘ", "\u{3000}", "…", "—", "·", "～", "＃", "［",
    "］",
];

/// Words that steer into particular code paths.
const WORDS: &[&str] = &[
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
    "laws",
    "summary",
    "titel",
    "标题",
    "true",
    "2023-05-12",
    "2023-02-30",
    "\"2023-05\"",
    "13812345678",
    "+86",
    "11010519491231002X",
    "9787111213826",
    "0378-5955",
    "explainers/a",
    "cases/b",
    "qh-01",
    "http://",
    "mailto:",
    "a.md",
    "b.md#x",
    "/images/a.png",
    "《婚姻法》",
    "民法典",
    "某",
    "张伟",
    "欧阳",
    "诉",
    "periodical",
];

/// One piece of text.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(SYNTAX).prop_map(str::to_string),
        2 => prop::sample::select(FULL_WIDTH).prop_map(str::to_string),
        2 => prop::sample::select(WORDS).prop_map(str::to_string),
        // Chinese, from the whole common range.
        4 => prop::char::range('\u{4e00}', '\u{9fa5}').prop_map(String::from),
        2 => "[a-zA-Z0-9]{1,4}",
        1 => any::<char>().prop_map(String::from),
        // A long run of one nesting marker: past the 100-level limit.
        1 => (prop::sample::select(&["> ", "- ", "[", "{", "  ", "* "][..]), 90usize..130)
            .prop_map(|(marker, n)| marker.repeat(n)),
    ]
}

/// Text of up to `max` pieces.
fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..max).prop_map(|pieces| pieces.concat())
}

/// Front matter of known (and unknown) keys with arbitrary values.
fn front_matter() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(WORDS), text(12)), 0..10).prop_map(|pairs| {
        let mut out = String::from("---\n");
        for (key, value) in pairs {
            out.push_str(&format!("{key}: {value}\n"));
        }
        out.push_str("---\n");
        out
    })
}

fn kind() -> impl Strategy<Value = Kind> {
    prop::sample::select(&Kind::ALL[..])
}

fn resolve_all(_: &Path) -> Option<String> {
    Some("cases/a/".to_string())
}

fn render(body: &str) {
    let src = markdown::Source {
        path: Path::new("content/explainers/a.md"),
        first_line: 5,
        page: "explainers/a/",
        resolve: &resolve_all,
        offline: false,
    };
    let _ = markdown::render(body, &src);
}

/// A site made of arbitrary items, in memory (its root does not exist, so
/// nothing on disk is read), and every check run over it.
fn check_site(files: &[(Kind, String)]) {
    let config = Config::parse("title = \"测试\"\n", Path::new("site.toml")).expect("config");
    let mut entries = Vec::new();
    for (n, (kind, text)) in files.iter().enumerate() {
        let shown = PathBuf::from(format!("content/{}/f{n}.md", kind.folder()));
        if let (Some(item), _) = load::parse_item_lenient(text, shown, *kind)
            && let Ok(entry) = site::render_entry(item, &config, &resolve_all)
        {
            entries.push(entry);
        }
    }
    let root = std::env::temp_dir().join("pufa-no-panic-root-that-does-not-exist");
    let site = Site::assemble(&root, config, entries, Vec::new());
    let _ = site::refs::check_with_broken(site.entries.iter().map(|e| &e.item), &[]);
    let _ = check::run(&site);
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn splitting_and_parsing_never_panic(text in text(300)) {
        let path = Path::new("content/explainers/a.md");
        if let Ok(split) = frontmatter::split(&text, path) {
            for kind in Kind::ALL {
                let _ = frontmatter::parse_lenient(&split, kind, path);
            }
        }
        let _ = frontmatter::top_level_keys(&text, 2);
        let (mended, _) = keys::full_width_colons(&text);
        let _ = keys::blank_keys(&mended, |k| k.len() % 2 == 0);
        let _ = keys::block_at(&text, text.len() % 7);
        let _ = keys::written_value_is_empty(&text, "reviewers");
    }

    #[test]
    fn whole_items_never_panic(front in front_matter(), body in text(120)) {
        let text = format!("{front}{body}");
        for kind in Kind::ALL {
            let _ = load::parse_item_lenient(&text, PathBuf::from("content/x/高空 抛物.md"), kind);
        }
    }

    #[test]
    fn markdown_never_panics(body in text(600)) {
        render(&body);
    }

    #[test]
    fn catalogues_never_panic(text in text(200), bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let path = Path::new("content/books/a.csv");
        let _ = csv::parse(format!("title,isbn,year,copies,format,slug,draft,id\n{text}").into_bytes(), path);
        let _ = csv::parse(bytes.clone(), path);
        let _ = read::guess_encoding(&bytes);
        let _ = read::decode(bytes, Path::new("content/explainers/a.md"));
    }

    #[test]
    fn scanners_and_suggestions_never_panic(text in text(200), other in text(8)) {
        let _ = privacy::find_numbers(&text);
        let _ = catalogue::check_number(&text, true);
        let _ = catalogue::check_number(&text, false);
        let _ = diagnostic::closest(&other, text.split('\n'));
        let _ = diagnostic::plain_words(&text);
        for kind in Kind::ALL {
            let _ = kind.suggest_key(&other);
        }
    }

    #[test]
    fn every_check_on_a_whole_site_never_panics(
        files in prop::collection::vec((kind(), front_matter(), text(80)), 1..5)
    ) {
        let files: Vec<(Kind, String)> = files
            .into_iter()
            .map(|(kind, front, body)| (kind, format!("{front}{body}")))
            .collect();
        check_site(&files);
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
