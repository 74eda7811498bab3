//! Splits a content file into its YAML front matter and Markdown body, and
//! the [`FrontMatter`] it is read into (by [`super::front_parse`]), with
//! every problem placed at its line and column in the original file.

use serde::{Deserialize, Deserializer, Serialize};
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::Diagnostic;

/// A file cut in two. Lines are 1-based lines of the original file.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// Line of the file on which the YAML text starts.
    pub yaml_line: usize,
    pub body: &'a str,
    /// Line of the file on which the body starts.
    pub body_line: usize,
}

/// Cuts `text` (already free of BOM and CRLF) at its `---` fences.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(path, "the file is empty").with_hint(
            "a content file starts with front matter between two `---` lines, e.g.\n  ---\n  title: 标题\n  date: 2023-05-12\n  ---",
        ));
    }
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| (text == "---").then_some(""))
    else {
        return Err(Diagnostic::error(path, "the file does not start with front matter")
            .at(1, 1)
            .with_hint("put a line `---` first, then the fields such as `title: 标题`, then another `---` line"));
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + yaml.matches('\n').count() + 1;
            return Ok(Split {
                yaml,
                yaml_line: 2,
                body,
                body_line,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(path, "the front matter is never closed")
        .at(1, 1)
        .with_hint("add a line `---` after the last field, before the text of the article"))
}

/// A string that YAML may have written as a number (`isbn: 9787…`, `phone: 138…`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(transparent)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("text")
            }
            fn visit_str<E>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

pub type Located<T> = Spanned<T>;

/// Every key any kind may carry; [`check_keys`] limits them per kind.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub slug: Option<Located<String>>,
    pub summary: Option<String>,
    #[serde(default)]
    pub topics: Vec<String>,
    #[serde(default)]
    pub audiences: Vec<String>,
    #[serde(default)]
    pub buildings: Vec<Located<String>>,
    #[serde(default)]
    pub laws: Vec<String>,
    pub author: Option<String>,
    #[serde(default)]
    pub reviewers: Vec<String>,
    #[serde(default)]
    pub draft: bool,
    pub updated: Option<Located<Text>>,
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,

    pub date: Option<Located<Text>>,
    #[serde(default)]
    pub key_points: Vec<String>,
    pub source: Option<String>,

    pub month: Option<Located<Text>>,
    pub issue: Option<u32>,
    pub featured: Option<Vec<Located<String>>>,
    pub total_issue: Option<u32>,
    pub theme: Option<String>,
    pub keeper: Option<String>,
    pub paper: Option<String>,
    pub orientation: Option<String>,

    pub publisher: Option<String>,
    pub year: Option<i32>,
    pub isbn: Option<Located<Text>>,
    pub category: Option<String>,
    pub shelf: Option<Text>,
    pub copies: Option<u32>,
    pub format: Option<Located<String>>,
    pub superseded: Option<String>,

    pub time: Option<Text>,
    pub place: Option<String>,
    pub speaker: Option<Located<String>>,

    pub name: Option<String>,
    pub role: Option<String>,
    pub organization: Option<String>,
    pub phone: Option<Text>,
    #[serde(default)]
    pub publish_phone: bool,
    pub hours: Option<String>,
    #[serde(default)]
    pub communities: Vec<String>,

    pub community: Option<String>,
    pub group: Option<String>,
    pub officer: Option<String>,
    pub board: Option<String>,
    pub households: Option<u32>,
}
pub use super::front_parse::{Parsed, parse, parse_lenient};
pub use super::keys::top_level_keys;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Kind;

    fn p() -> &'static Path {
        Path::new("content/explainers/a.md")
    }

    #[test]
    fn splits_at_fences_with_lines() {
        let s = split("---\ntitle: 你好\n---\n正文\n", p()).unwrap();
        assert_eq!(s.yaml, "title: 你好\n");
        assert_eq!(s.body, "正文\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split("---\ntitle: 你好\n正文\n", p()).unwrap_err();
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn missing_front_matter_and_empty_file() {
        assert!(
            split("正文", p())
                .unwrap_err()
                .message
                .contains("does not start")
        );
        assert!(split("  \n", p()).unwrap_err().message.contains("empty"));
    }

    #[test]
    fn numbers_are_accepted_where_text_is_expected() {
        let text = "---\ntitle: 民法典\nisbn: 9787521612345\n---\n";
        let s = split(text, p()).unwrap();
        let fm = parse(&s, Kind::Book, p()).unwrap();
        assert_eq!(fm.isbn.unwrap().value.0, "9787521612345");
    }
}
