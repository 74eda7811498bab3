//! What the YAML library reports, said the way a volunteer can act on it:
//! which key, what was expected, and how to write it. Every message about
//! front-matter syntax and types is built here, in one place, so they read
//! alike (and can be translated together).

use serde_saphyr::Error;
use serde_saphyr::budget::BudgetBreach;

use super::kind::Kind;
use crate::diagnostic::plain_type;

/// A problem in the front matter, in words, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    pub message: String,
    pub hint: Option<String>,
}

fn said(message: impl Into<String>, hint: impl Into<String>) -> Explained {
    Explained {
        message: message.into(),
        hint: Some(hint.into()),
    }
}

const QUOTE_HINT: &str = "put the whole value in quotes, e.g. title: \"民法典: 你我他\"";

/// Explains `err`, which happened on the lines of top-level `key` (when the
/// place is inside one), for a file of `kind`.
pub fn explain(err: &Error, key: Option<&str>, kind: Kind) -> Explained {
    let field = key.map(|k| format!("`{k}`: ")).unwrap_or_default();
    match err {
        Error::DuplicateMappingKey { key: dup, .. } => {
            let name = dup.as_deref().or(key).unwrap_or("this key");
            return said(
                format!("`{name}` is written twice"),
                "each key may appear only once; delete one of the two lines",
            );
        }
        Error::Budget { breach, .. } => {
            return match breach {
                BudgetBreach::Depth { .. } => said(
                    format!(
                        "{field}the front matter is nested too deeply (lists inside lists inside lists…)"
                    ),
                    "front matter holds simple values and lists, e.g. topics: [民法典, 邻里关系]",
                ),
                _ => said(
                    format!("{field}the front matter is too large or repeats itself too often"),
                    "keep the front matter to a few lines of `key: value`; put long text below the second `---`",
                ),
            };
        }
        Error::SerdeUnknownField { field: name, .. } => {
            let hint = match kind.suggest_key(name) {
                Some(near) => format!("did you mean `{near}`?"),
                None => allowed_keys_hint(kind),
            };
            return said(
                format!(
                    "unknown key `{name}` for {} ({})",
                    kind.name_zh(),
                    kind.folder()
                ),
                hint,
            );
        }
        Error::SerdeInvalidType { expected, .. } | Error::SerdeInvalidValue { expected, .. } => {
            return expected_type(&field, expected, kind, key.is_none());
        }
        Error::InvalidScalar { ty, .. } => return expected_type(&field, ty, kind, key.is_none()),
        _ => {}
    }
    let raw = err.to_string();
    let raw = match raw.rfind(" at line ") {
        Some(i) => &raw[..i],
        None => raw.as_str(),
    };
    by_library_text(raw, &field, kind, key.is_none())
}

/// The message for a value of the wrong type; `whole` when the problem is
/// the front matter as a whole rather than one key's value.
fn expected_type(field: &str, expected: &str, kind: Kind, whole: bool) -> Explained {
    let wanted = plain_type(expected);
    if wanted.starts_with("a table") || expected.starts_with("struct") {
        return if whole {
            not_a_mapping(kind)
        } else {
            said(
                format!("{field}expected `name: value` lines indented under it"),
                "write it as\n  extra:\n    name: value",
            )
        };
    }
    match wanted {
        "a list" => said(
            format!("{field}expected a list"),
            "write a list as [甲, 乙] or as lines starting with `- `",
        ),
        "a whole number" => said(
            format!("{field}expected a whole number"),
            "write digits only, e.g. 5",
        ),
        "a number" => said(
            format!("{field}expected a number"),
            "write digits only, e.g. 5",
        ),
        "true or false" => said(
            format!("{field}expected true or false"),
            "write true or false (without quotes)",
        ),
        "text" => said(
            format!("{field}expected text"),
            "if the text contains `:`, `#`, `[` or `{`, or starts with a special character, put it in quotes",
        ),
        other => said(
            format!("{field}expected {other}"),
            "check the value on this line",
        ),
    }
}

fn not_a_mapping(kind: Kind) -> Explained {
    Explained {
        message: "front matter must be a set of `key: value` lines, not a list or a single value"
            .into(),
        hint: Some(super::front_parse::required_hint(kind)),
    }
}

/// Messages of the YAML scanner, which come only as text.
fn by_library_text(raw: &str, field: &str, kind: Kind, whole: bool) -> Explained {
    let has = |s: &str| raw.contains(s);
    if raw.starts_with("expected mapping") || raw.starts_with("invalid type") && has("map") {
        return if whole {
            not_a_mapping(kind)
        } else {
            expected_type(field, "a map", kind, false)
        };
    }
    if raw.starts_with("expected sequence") {
        return expected_type(field, "a sequence", kind, whole);
    }
    if raw.starts_with("expected string") || has("cannot deserialize tagged scalar into string") {
        return expected_type(field, "a string", kind, whole);
    }
    if raw.starts_with("invalid bool") || has("expected a boolean") {
        return expected_type(field, "a boolean", kind, whole);
    }
    if raw.starts_with("invalid u") || raw.starts_with("invalid i") {
        return expected_type(field, "u32", kind, whole);
    }
    if has("mapping values are not allowed") {
        return said(
            format!("{field}a second `: ` in this line makes it look like another key"),
            QUOTE_HINT,
        );
    }
    if has("mapping keys are not allowed") || has("unexpected character") {
        return said(
            format!(
                "{field}the value starts with a character YAML keeps for itself (`?`, `@`, `` ` ``, `%`, `!`, `&`, `*`)"
            ),
            QUOTE_HINT,
        );
    }
    if has("found a tab") || has("tabs disallowed") || has("tab") && has("indentation") {
        return said(
            format!("{field}a tab character is used here for spacing"),
            "use spaces instead of tabs in front matter (two spaces to indent a list)",
        );
    }
    if has("unclosed quote") || has("end of stream") && has("quoted") {
        return said(
            format!("{field}a quote `\"` or `'` is opened but never closed"),
            "add the closing quote at the end of the value, or remove the opening one",
        );
    }
    if has("did not find expected ',' or ']'")
        || has("did not find expected ',' or '}'")
        || has("unclosed bracket")
        || has("unclosed brace")
    {
        return said(
            format!("{field}a list in [ ] or a table in {{ }} is not closed"),
            "close it on the same line: topics: [民法典, 邻里关系]",
        );
    }
    if has("alias") && has("anchor") {
        return said(
            format!("{field}`*` starts a YAML reference to a name that is not defined"),
            "if `*` is part of the text, put the whole value in quotes",
        );
    }
    if has("did not find expected") || has("while parsing") || has("block mapping") {
        return said(
            format!(
                "{field}the lines here do not line up: a key or a list item is indented differently from the lines around it"
            ),
            "start every key at the beginning of the line; indent list items under a key with two spaces and `- `",
        );
    }
    said(
        format!("{field}the YAML here cannot be read ({raw})"),
        "check the line: `key: value`, lists as [甲, 乙], and quotes around values that hold `:` or `#`",
    )
}

pub fn allowed_keys_hint(kind: Kind) -> String {
    format!(
        "keys allowed here: {}",
        kind.allowed_keys().collect::<Vec<_>>().join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::frontmatter::FrontMatter;

    fn explained(yaml: &str, key: Option<&str>) -> Explained {
        let options = serde_saphyr::options! { with_snippet: false };
        let err = serde_saphyr::from_str_with_options::<FrontMatter>(yaml, options)
            .expect_err("the YAML is meant to be wrong");
        explain(&err, key, Kind::Explainer)
    }

    #[test]
    fn no_library_words_leak() {
        for (yaml, key, wanted) in [
            (
                "title: 甲\ntitle: 乙\n",
                Some("title"),
                "`title` is written twice",
            ),
            ("title: 民法典: 你我他\n", Some("title"), "a second `: `"),
            ("title: a\n\tb\n", Some("title"), "a tab character"),
            ("title: \"abc\n", Some("title"), "never closed"),
            ("title: @x\n", Some("title"), "keeps for itself"),
            ("topics: [民法典, 邻里\n", Some("topics"), "is not closed"),
            ("title: [a, b]\n", Some("title"), "`title`: expected text"),
            (
                "topics: 民法典\n",
                Some("topics"),
                "`topics`: expected a list",
            ),
            (
                "draft: 1\n",
                Some("draft"),
                "`draft`: expected true or false",
            ),
            (
                "extra: 5\n",
                Some("extra"),
                "`extra`: expected `name: value` lines",
            ),
            ("- a\n- b\n", None, "not a list or a single value"),
        ] {
            let e = explained(yaml, key);
            assert!(e.message.contains(wanted), "{yaml:?}: {}", e.message);
            for leak in [
                "DuplicateKeyPolicy",
                "budget",
                "scalar",
                "mapping",
                "usize",
                "u32",
            ] {
                assert!(!e.message.contains(leak), "{yaml:?}: {}", e.message);
            }
        }
    }

    #[test]
    fn nesting_too_deep_is_said_plainly() {
        let yaml = format!("extra:\n  a: {}b{}\n", "[".repeat(200), "]".repeat(200));
        let e = explained(&yaml, Some("extra"));
        assert!(e.message.contains("nested too deeply"), "{}", e.message);
    }
}
