//! Splits a content file into its YAML front matter and Markdown body, and
//! parses the front matter into [`FrontMatter`], with every problem placed at
//! its line and column in the original file.

use serde::{Deserialize, Deserializer, Serialize};
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::path::Path;

use super::kind::Kind;
use crate::diagnostic::{Diagnostic, closest};

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

/// Top-level keys as written, with their file line: what the kind checks need.
pub fn top_level_keys(yaml: &str, first_line: usize) -> Vec<(String, usize)> {
    yaml.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let key_end = line.find(':')?;
            let key = &line[..key_end];
            let simple = !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
                && !line.starts_with(' ');
            simple.then(|| (key.to_string(), first_line + i))
        })
        .collect()
}

/// Parses the YAML of a file of `kind`; problems come back placed in the file.
pub fn parse(split: &Split, kind: Kind, path: &Path) -> Result<FrontMatter, Vec<Diagnostic>> {
    match parse_lenient(split, kind, path) {
        (Some(fm), problems) if problems.is_empty() => Ok(fm),
        (_, problems) => Err(problems),
    }
}

/// Parses as much as it can: unknown keys are reported and then left out,
/// so the other keys are still read and checked (types, required keys).
/// Returns the front matter when it could be read, and every problem.
pub fn parse_lenient(
    split: &Split,
    kind: Kind,
    path: &Path,
) -> (Option<FrontMatter>, Vec<Diagnostic>) {
    let mut problems = check_keys(split, kind, path);
    if split.yaml.trim().is_empty() {
        problems.push(
            Diagnostic::error(path, "the front matter is empty")
                .at_line(split.yaml_line)
                .with_hint(required_hint(kind)),
        );
        return (None, problems);
    }
    let without_unknown;
    let yaml = if problems.is_empty() {
        split.yaml
    } else {
        without_unknown = blank_unknown_keys(split.yaml, kind);
        &without_unknown
    };
    let options = serde_saphyr::options! { with_snippet: false };
    match serde_saphyr::from_str_with_options::<FrontMatter>(yaml, options) {
        Ok(fm) => {
            problems.extend(check_required(&fm, split, kind, path));
            (Some(fm), problems)
        }
        Err(err) => {
            // An unknown key was already reported by `check_keys` with a better message.
            let message = err.to_string();
            if !message.starts_with("unknown field") || problems.is_empty() {
                problems.push(yaml_error(&err, split, kind, path));
            }
            (None, problems)
        }
    }
}

/// The YAML with each unknown top-level key (and its indented lines)
/// blanked out, keeping every other line where it was.
fn blank_unknown_keys(yaml: &str, kind: Kind) -> String {
    let unknown: Vec<usize> = top_level_keys(yaml, 0)
        .into_iter()
        .filter(|(key, _)| !kind.allows(key))
        .map(|(_, line)| line)
        .collect();
    let mut out = String::with_capacity(yaml.len());
    let mut blanking = false;
    for (i, line) in yaml.lines().enumerate() {
        let continues = line.starts_with(' ')
            || line.starts_with('\t')
            || line.starts_with('-')
            || line.trim().is_empty();
        if unknown.contains(&i) {
            blanking = true;
        } else if !continues {
            blanking = false;
        }
        if !blanking {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

fn check_keys(split: &Split, kind: Kind, path: &Path) -> Vec<Diagnostic> {
    top_level_keys(split.yaml, split.yaml_line)
        .into_iter()
        .filter(|(key, _)| !kind.allows(key))
        .map(|(key, line)| {
            let mut d = Diagnostic::error(
                path,
                format!(
                    "unknown key `{key}` for {} ({})",
                    kind.name_zh(),
                    kind.folder()
                ),
            )
            .at(line, 1);
            d = match closest(&key, kind.allowed_keys()) {
                Some(near) => d.with_hint(format!("did you mean `{near}`?")),
                None => d.with_hint(format!(
                    "keys allowed here: {}",
                    kind.allowed_keys().collect::<Vec<_>>().join(", ")
                )),
            };
            d
        })
        .collect()
}

fn check_required(fm: &FrontMatter, split: &Split, kind: Kind, path: &Path) -> Vec<Diagnostic> {
    let present = |key: &str| match key {
        "title" => fm.title.as_deref().is_some_and(|t| !t.trim().is_empty()),
        "date" => fm.date.is_some(),
        "month" => fm.month.is_some(),
        "issue" => fm.issue.is_some(),
        "featured" => fm.featured.as_ref().is_some_and(|f| !f.is_empty()),
        "name" => fm.name.as_deref().is_some_and(|t| !t.trim().is_empty()),
        "role" => fm.role.is_some(),
        "community" => fm.community.is_some(),
        _ => true,
    };
    kind.required_keys()
        .iter()
        .filter(|key| !present(key))
        .map(|key| {
            let what = if *key == "featured" && fm.featured.is_some() {
                "`featured` is empty".to_string()
            } else {
                format!("missing required key `{key}`")
            };
            Diagnostic::error(
                path,
                format!("{what} for {} ({})", kind.name_zh(), kind.folder()),
            )
            .at_line(split.yaml_line)
            .with_hint(required_hint(kind))
        })
        .collect()
}

fn required_hint(kind: Kind) -> String {
    let example = match kind {
        Kind::Explainer | Kind::Case | Kind::Lecture => "title: 标题\n  date: 2023-05-12",
        Kind::Bulletin => {
            "title: 标题\n  month: \"2023-05\"\n  issue: 5\n  featured: [explainers/gaokong-paowu]"
        }
        Kind::Book | Kind::Page => "title: 标题",
        Kind::Contact => "name: 姓名\n  role: 律师",
        Kind::Building => "name: 桥华新村1幢\n  community: 桥华社区",
    };
    format!("{} needs:\n  {example}", kind.folder())
}

/// Turns a YAML library error into a message for a volunteer.
fn yaml_error(err: &serde_saphyr::Error, split: &Split, kind: Kind, path: &Path) -> Diagnostic {
    let raw = err.to_string();
    let message = match raw.rfind(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw.clone(),
    };
    let (line, column) = err
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .unwrap_or((1, 1));
    let file_line = split.yaml_line + line.saturating_sub(1);
    let key = split
        .yaml
        .lines()
        .nth(line.saturating_sub(1))
        .and_then(|l| l.split_once(':'))
        .map(|(k, _)| k.trim().trim_start_matches("- ").to_string())
        .filter(|k| kind.allows(k));
    let (message, hint) = explain(&message, key.as_deref(), kind);
    let d = Diagnostic::error(path, message).at(file_line, column);
    match hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

fn explain(message: &str, key: Option<&str>, kind: Kind) -> (String, Option<String>) {
    let field = key.map(|k| format!("`{k}`: ")).unwrap_or_default();
    if message.starts_with("expected mapping") {
        return (
            "front matter must be a set of `key: value` lines, not a list or a single value".into(),
            Some(required_hint(kind)),
        );
    }
    if message.starts_with("expected sequence") {
        return (
            format!("{field}expected a list"),
            Some("write a list as [甲, 乙] or as lines starting with `- `".into()),
        );
    }
    if message.starts_with("invalid u32") || message.starts_with("invalid i32") {
        return (
            format!("{field}expected a whole number"),
            Some("write digits only, e.g. 5".into()),
        );
    }
    if message.starts_with("invalid bool") || message.contains("expected a boolean") {
        return (format!("{field}expected true or false"), None);
    }
    if message.starts_with("expected string") {
        return (
            format!("{field}expected text"),
            Some("if the text contains `:`, `#`, `[` or starts with a special character, put it in quotes".into()),
        );
    }
    if message.starts_with("duplicate mapping key") {
        return (
            format!("{}{message}", field),
            Some("each key may appear only once; delete one of them".into()),
        );
    }
    (
        format!("{field}{message}"),
        Some("check the YAML syntax of this line: `key: value`, lists as [a, b]".into()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn unknown_key_names_the_closest_one() {
        let text = "---\ntitle: 你好\ndate: 2023-05-01\ntopcs: [民法典]\n---\n";
        let s = split(text, p()).unwrap();
        let errs = parse(&s, Kind::Explainer, p()).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, Some(4));
        assert!(errs[0].message.contains("`topcs`"));
        assert_eq!(errs[0].hint.as_deref(), Some("did you mean `topics`?"));
    }

    #[test]
    fn other_keys_are_still_checked_after_an_unknown_one() {
        let text = "---\ntitle: 你好\ntopcs:\n  - 民法典\naudiences: 老人\n---\n";
        let s = split(text, p()).unwrap();
        let errs = parse(&s, Kind::Explainer, p()).unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[0].message.contains("`topcs`"));
        assert_eq!(errs[1].line, Some(5));
        assert!(
            errs[1].message.contains("`audiences`: expected a list"),
            "{}",
            errs[1]
        );
    }

    #[test]
    fn key_of_another_kind_is_unknown_here() {
        let text = "---\ntitle: 你好\ndate: 2023-05-01\nfeatured: [cases/a]\n---\n";
        let s = split(text, p()).unwrap();
        let errs = parse(&s, Kind::Explainer, p()).unwrap_err();
        assert!(errs[0].message.contains("unknown key `featured`"));
    }

    #[test]
    fn wrong_type_names_key_and_line() {
        let text = "---\ntitle: 你好\ndate: 2023-05-01\ntopics: 民法典\n---\n";
        let s = split(text, p()).unwrap();
        let errs = parse(&s, Kind::Explainer, p()).unwrap_err();
        assert_eq!(errs[0].line, Some(4));
        assert!(
            errs[0].message.contains("`topics`: expected a list"),
            "{}",
            errs[0]
        );
    }

    #[test]
    fn missing_required_key() {
        let s = split("---\ntitle: 你好\n---\n", p()).unwrap();
        let errs = parse(&s, Kind::Case, p()).unwrap_err();
        assert!(errs[0].message.contains("missing required key `date`"));
    }

    #[test]
    fn list_front_matter_is_explained() {
        let s = split("---\n- a\n- b\n---\n", p()).unwrap();
        let errs = parse(&s, Kind::Page, p()).unwrap_err();
        assert!(errs[0].message.contains("not a list"));
    }

    #[test]
    fn numbers_are_accepted_where_text_is_expected() {
        let text = "---\ntitle: 民法典\nisbn: 9787521612345\n---\n";
        let s = split(text, p()).unwrap();
        let fm = parse(&s, Kind::Book, p()).unwrap();
        assert_eq!(fm.isbn.unwrap().value.0, "9787521612345");
    }
}
