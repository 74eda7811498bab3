//! Reading front matter so that every mistake is reported at once: a key
//! that is unknown, or whose value has the wrong type or breaks the YAML, is
//! reported and set aside (its lines blanked, so positions stay true), and
//! the rest is read again; then the required keys are checked.

use std::borrow::Cow;
use std::path::Path;

use super::frontmatter::{FrontMatter, Split};
use super::keys::top_level_keys;
use super::kind::Kind;
use crate::diagnostic::Diagnostic;

/// How many times a front matter is read again after setting aside a key
/// whose value is wrong; more mistakes than this in one file are reported
/// on the next run.
const MAX_PASSES: usize = 16;

/// Parses the YAML of a file of `kind`; problems come back placed in the file.
pub fn parse(split: &Split, kind: Kind, path: &Path) -> Result<FrontMatter, Vec<Diagnostic>> {
    match parse_lenient(split, kind, path) {
        Parsed {
            front: Some(fm),
            problems,
            ..
        } if problems.is_empty() => Ok(fm),
        parsed => Err(parsed.problems),
    }
}

/// The front matter as far as it could be read, and every problem.
#[derive(Debug)]
pub struct Parsed {
    /// `None` when the front matter as a whole could not be read.
    pub front: Option<FrontMatter>,
    pub problems: Vec<Diagnostic>,
    /// Keys whose values were wrong and were left out (already reported).
    pub set_aside: Vec<String>,
    /// Keys written under another name (`标题` for `title`, reported as
    /// unknown with the right name), so they are not reported missing too.
    pub misnamed: Vec<&'static str>,
}

impl Parsed {
    /// Whether a required key was left out for a wrong value, so the item
    /// lacks something every page of its kind needs.
    pub fn lacks_required(&self, kind: Kind) -> bool {
        kind.required_keys()
            .iter()
            .any(|k| self.set_aside.iter().any(|s| s == k) || self.misnamed.contains(k))
    }
}

/// Parses as much as it can: a key that is unknown, or whose value has the
/// wrong type or breaks the syntax, is reported and then set aside (its
/// lines blanked) and the rest is read again, so the other keys are still
/// read and checked (types, required keys). Every problem is returned.
pub fn parse_lenient(split: &Split, kind: Kind, path: &Path) -> Parsed {
    let mut parsed = Parsed {
        front: None,
        problems: Vec::new(),
        set_aside: Vec::new(),
        misnamed: Vec::new(),
    };
    if split.yaml.trim().is_empty() {
        parsed.problems.push(
            Diagnostic::error(path, "the front matter is empty")
                .at_line(split.yaml_line)
                .with_hint(required_hint(kind)),
        );
        return parsed;
    }
    // Most front matter has no full-width colon and no unknown key: then
    // the text is parsed as it is, without copies.
    let (mended, colons) = if split.yaml.contains('：') {
        let (mended, colons) = super::keys::full_width_colons(split.yaml);
        (Cow::Owned(mended), colons)
    } else {
        (Cow::Borrowed(split.yaml), Vec::new())
    };
    for colon in colons {
        parsed.problems.push(
            Diagnostic::error(
                path,
                format!("`{}` is followed by a full-width colon `：`", colon.key),
            )
            .at(split.yaml_line + colon.index, colon.column)
            .with_hint(format!(
                "type the colon after a key as an ASCII colon and a space (半角冒号): `{}: …`",
                colon.key
            )),
        );
    }
    let (unknown, misnamed) = check_keys(&mended, split.yaml_line, kind, path);
    let mut yaml = if unknown.is_empty() {
        mended
    } else {
        Cow::Owned(super::keys::blank_keys(&mended, |key| !kind.allows(key)))
    };
    parsed.problems.extend(unknown);
    parsed.misnamed = misnamed;
    let options = serde_saphyr::options! { with_snippet: false };
    for _ in 0..MAX_PASSES {
        let err = match serde_saphyr::from_str_with_options::<FrontMatter>(&yaml, options.clone()) {
            Ok(fm) => {
                let reported: Vec<&str> = parsed
                    .set_aside
                    .iter()
                    .map(String::as_str)
                    .chain(parsed.misnamed.iter().copied())
                    .collect();
                let missing = check_required(&fm, split, kind, path, &reported);
                parsed.problems.extend(missing);
                parsed.front = Some(fm);
                return parsed;
            }
            Err(err) => err,
        };
        let line = err.location().map_or(1, |l| l.line() as usize).max(1);
        let block = super::keys::block_at(&yaml, line - 1)
            .filter(|(key, _)| !parsed.set_aside.contains(key));
        let key = block.as_ref().map(|(k, _)| k.as_str());
        let d = yaml_error(&err, split, key, kind, path);
        if parsed.problems.contains(&d) {
            return parsed;
        }
        parsed.problems.push(d);
        let Some((key, lines)) = block else {
            return parsed;
        };
        yaml = Cow::Owned(super::keys::blank_lines(&yaml, &lines));
        // A second `title:` goes; the first one still stands.
        if !matches!(err, serde_saphyr::Error::DuplicateMappingKey { .. }) {
            parsed.set_aside.push(key);
        }
    }
    parsed
}

/// Problems with unknown keys, and the known keys they were probably meant to be.
fn check_keys(
    yaml: &str,
    first_line: usize,
    kind: Kind,
    path: &Path,
) -> (Vec<Diagnostic>, Vec<&'static str>) {
    let mut meant = Vec::new();
    let problems = top_level_keys(yaml, first_line)
        .into_iter()
        .filter(|(key, _)| !kind.allows(key))
        .map(|(key, line)| {
            let d = Diagnostic::error(
                path,
                format!(
                    "unknown key `{key}` for {} ({})",
                    kind.name_zh(),
                    kind.folder()
                ),
            )
            .at(line, 1);
            match kind.suggest_key(&key) {
                Some(near) => {
                    meant.push(near);
                    d.with_hint(format!("did you mean `{near}`?"))
                }
                None => d.with_hint(super::yaml_errors::allowed_keys_hint(kind)),
            }
        })
        .collect();
    (problems, meant)
}

fn check_required(
    fm: &FrontMatter,
    split: &Split,
    kind: Kind,
    path: &Path,
    reported: &[&str],
) -> Vec<Diagnostic> {
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
        // A key set aside for a wrong value is reported already.
        .filter(|key| !present(key) && !reported.contains(key))
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

pub(super) fn required_hint(kind: Kind) -> String {
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

/// A YAML library error as a diagnostic placed in the file.
fn yaml_error(
    err: &serde_saphyr::Error,
    split: &Split,
    key: Option<&str>,
    kind: Kind,
    path: &Path,
) -> Diagnostic {
    let (line, column) = err
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .unwrap_or((1, 1));
    let file_line = split.yaml_line + line.saturating_sub(1);
    let explained = super::yaml_errors::explain(err, key, kind);
    let d = Diagnostic::error(path, explained.message).at(file_line, column.max(1));
    match explained.hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::frontmatter::split;

    fn p() -> &'static Path {
        Path::new("content/explainers/a.md")
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
        assert_eq!(errs.len(), 3, "{errs:?}");
        assert!(errs[0].message.contains("`topcs`"));
        assert!(errs[2].message.contains("missing required key `date`"));
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

    fn problems(text: &str, kind: Kind) -> Vec<(usize, usize, String)> {
        let s = split(text, p()).unwrap();
        parse_lenient(&s, kind, p())
            .problems
            .into_iter()
            .map(|d| (d.line.unwrap_or(0), d.column.unwrap_or(0), d.message))
            .collect()
    }

    #[test]
    fn every_wrong_value_is_reported_and_the_rest_still_read() {
        let text = "---\ntitle: [a, b]\nreviewers: 陈律师\ndate: 2023-05-01\ndraft: 也许\n---\n";
        let s = split(text, p()).unwrap();
        let parsed = parse_lenient(&s, Kind::Explainer, p());
        let found: Vec<_> = parsed
            .problems
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (Some(2), Some(8), "`title`: expected text"),
                (Some(3), Some(12), "`reviewers`: expected a list"),
                (Some(5), Some(8), "`draft`: expected true or false"),
            ]
        );
        // `title` was written (wrongly): no "missing title" on top.
        assert!(parsed.lacks_required(Kind::Explainer));
        let fm = parsed.front.unwrap();
        assert_eq!(fm.date.unwrap().value.0, "2023-05-01");
    }

    #[test]
    fn required_keys_are_checked_after_a_wrong_value() {
        let found = problems("---\ntopics: 民法典\n---\n", Kind::Case);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0], (2, 9, "`topics`: expected a list".to_string()));
        assert!(found[1].2.contains("missing required key `title`"));
        assert!(found[2].2.contains("missing required key `date`"));
    }

    #[test]
    fn full_width_colon_after_a_key() {
        let found = problems(
            "---\ntitle：民法典\ndate: 2023-05-01\n---\n",
            Kind::Explainer,
        );
        assert_eq!(
            found,
            [(
                2,
                6,
                "`title` is followed by a full-width colon `：`".to_string()
            )]
        );
        let found = problems(
            "---\n标题：民法典\ndate: 2023-05-01\n---\n",
            Kind::Explainer,
        );
        assert_eq!((found[0].0, found[0].1), (2, 3));
        assert!(
            found.iter().any(|f| f.2.contains("unknown key `标题`")),
            "{found:?}"
        );
    }

    #[test]
    fn the_first_of_two_keys_stands() {
        let s = split("---\ntitle: 甲\ntitle: 乙\n---\n", p()).unwrap();
        let parsed = parse_lenient(&s, Kind::Page, p());
        assert!(!parsed.lacks_required(Kind::Page));
        assert_eq!(parsed.front.unwrap().title.as_deref(), Some("甲"));
    }

    #[test]
    fn a_key_written_twice_and_a_colon_in_a_value() {
        let found = problems(
            "---\ntitle: 甲\ntitle: 乙\ndate: 2023-05-01\n---\n",
            Kind::Explainer,
        );
        assert_eq!(found, [(3, 1, "`title` is written twice".to_string())]);
        let s = split("---\ntitle: 民法典: 你我他\ndate: 2023-05-01\n---\n", p()).unwrap();
        let errs = parse(&s, Kind::Explainer, p()).unwrap_err();
        assert_eq!((errs[0].line, errs[0].column), (Some(2), Some(11)));
        assert!(
            errs[0].hint.as_deref().unwrap().contains("quotes"),
            "{}",
            errs[0]
        );
        assert_eq!(errs.len(), 1, "{errs:?}");
    }
}
