//! Turning a YAML problem in `content/laws.yaml` into a message a volunteer
//! can act on: the line and column, what is wrong, and a hint that fits the
//! key on that line (a tab, a single value where a list belongs, a missing
//! name, a list where a law's fields belong).

use std::path::Path;

use crate::diagnostic::Diagnostic;

/// Every key a law may have.
pub const KEYS: &str = "name, short, aliases, description, link, effective, status, repealed, replaced_by, replaced_part, slug, last_article, articles";

const EXAMPLE: &str =
    "- name: 苏州市养犬管理条例\n    short: 养犬条例\n    aliases: [苏州养犬条例]";

/// A tab in the indentation of a line: YAML forbids it, and the parser
/// reports it elsewhere, so it is looked for first.
pub fn tab_in_indentation(text: &str, path: &Path) -> Option<Diagnostic> {
    for (n, line) in text.lines().enumerate() {
        let indent = line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t' || *c == '-');
        if let Some(k) = indent.into_iter().position(|c| c == '\t') {
            return Some(
                Diagnostic::error(path, "a tab in the indentation (YAML allows only spaces)")
                    .at(n + 1, k + 1)
                    .with_hint("indent with spaces: two spaces before each key under `- name: …`"),
            );
        }
    }
    None
}

/// The diagnostic for the parse error `err` of `text`.
pub fn syntax(err: &serde_saphyr::Error, text: &str, path: &Path) -> Diagnostic {
    let raw = err.to_string();
    let message = match raw.rfind(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw,
    };
    let (line, column) = err
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .unwrap_or((1, 1));
    let source_line = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let key = source_line
        .trim_start_matches([' ', '-'])
        .split(':')
        .next()
        .unwrap_or("")
        .trim();
    Diagnostic::error(path, message.clone())
        .at(line, column)
        .with_hint(hint_for(&message, key))
}

fn hint_for(message: &str, key: &str) -> String {
    let wants_list = message.contains("sequence");
    if message.starts_with("unknown field") {
        format!("a law may have: {KEYS}")
    } else if message.contains("missing field `name`") {
        "every law needs `name:` with its full name, e.g. `- name: 中华人民共和国民法典`".into()
    } else if wants_list && key == "aliases" {
        "`aliases` is a list: write `aliases: [养犬条例]`, or one `- 养犬条例` per line under it"
            .into()
    } else if wants_list {
        format!("laws.yaml is a list: each law starts with `- name: …`, e.g.\n  {EXAMPLE}")
    } else if key == "articles" {
        "`articles` pairs article numbers with what they are about, e.g. `articles: {1254: 高空抛物}`".into()
    } else if key == "last_article" {
        "`last_article` is the number of the law's last article, e.g. `last_article: 42`".into()
    } else if message.contains("map") || message.contains("struct") {
        format!("each law is a group of `key: value` lines after `- `, e.g.\n  {EXAMPLE}")
    } else {
        "check the YAML syntax of this line: `key: value`, lists as [a, b]".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tab_is_found_where_it_is() {
        let d =
            tab_in_indentation("- name: 某某条例\n\tstatus: repealed\n", Path::new("x")).unwrap();
        assert_eq!((d.line, d.column), (Some(2), Some(1)));
        let d = tab_in_indentation("- name: 某某条例\n  \tstatus: x\n", Path::new("x")).unwrap();
        assert_eq!((d.line, d.column), (Some(2), Some(3)));
        assert!(tab_in_indentation("- name: a\tb\n  status: x\n", Path::new("x")).is_none());
    }

    #[test]
    fn hints_fit_the_key() {
        assert!(
            hint_for(
                "invalid type: string \"养犬条例\", expected a sequence",
                "aliases"
            )
            .contains("[养犬条例]")
        );
        assert!(hint_for("missing field `name`", "short").contains("name:"));
        assert!(hint_for("unknown field `stauts`", "stauts").contains("status"));
        assert!(hint_for("invalid type: map, expected a sequence", "name").contains("- name"));
    }
}
