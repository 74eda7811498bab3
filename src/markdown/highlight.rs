//! Fenced code blocks highlighted by syntect into CSS classes (prefix
//! `hl-`), never inline styles. The syntax definitions load on first use,
//! so sites without code never pay for them.
//!
//! Markdown and YAML, the two languages pufa's users write and show each
//! other, use pufa's own small grammars (`syntaxes/`): syntect's bundled
//! Markdown grammar compiles a few hundred regular expressions before its
//! first line (about 190 ms with the pure-Rust engine), ours a few dozen.
//! Every other language uses syntect's bundled definitions.

use std::sync::OnceLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet, SyntaxSetBuilder};
use syntect::util::LinesWithEndings;

use crate::text::escape_html;

/// pufa's own grammars: (file name, text).
const OWN_GRAMMARS: [(&str, &str); 2] = [
    (
        "markdown.sublime-syntax",
        include_str!("syntaxes/markdown.sublime-syntax"),
    ),
    (
        "yaml.sublime-syntax",
        include_str!("syntaxes/yaml.sublime-syntax"),
    ),
];

fn bundled() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

fn own() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(|| {
        let mut builder = SyntaxSetBuilder::new();
        for (name, text) in OWN_GRAMMARS {
            // Compiled into the binary and covered by the tests below.
            let syntax = super::grammar::load(name, text)
                .unwrap_or_else(|e| panic!("pufa's grammar is broken: {e}"));
            builder.add(syntax);
        }
        builder.build()
    })
}

/// The grammar for a fence's language word, and the set it belongs to.
fn syntax_for(lang: &str) -> Option<(&'static SyntaxReference, &'static SyntaxSet)> {
    let find = |set: &'static SyntaxSet| {
        set.find_syntax_by_token(lang)
            .or_else(|| set.find_syntax_by_extension(lang))
            .map(|syntax| (syntax, set))
    };
    let lower = lang.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "markdown" | "md" | "mdown" | "mkd" | "yaml" | "yml"
    ) {
        return find(own());
    }
    find(bundled())
}

/// The `<pre>` block for `code` in language `lang` (may be empty).
pub fn code_block(code: &str, lang: &str) -> String {
    let lang = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
    let lang_attr = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape_html(lang))
    };
    let body = highlighted(code, lang).unwrap_or_else(|| escape_html(code));
    format!("<pre class=\"code\"{lang_attr}><code>{body}</code></pre>\n")
}

fn highlighted(code: &str, lang: &str) -> Option<String> {
    if lang.is_empty() || matches!(lang, "text" | "plain" | "txt") {
        return None;
    }
    let (syntax, set) = syntax_for(lang)?;
    let style = ClassStyle::SpacedPrefixed { prefix: "hl-" };
    let mut html = ClassedHTMLGenerator::new_with_class_style(syntax, set, style);
    for line in LinesWithEndings::from(code) {
        html.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(html.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_get_classes_not_styles() {
        let html = code_block("title: 你好\n", "yaml");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
        assert!(html.contains("你好"));
    }

    #[test]
    fn unknown_languages_are_escaped_plain_text() {
        let html = code_block("<b>x</b>\n", "nosuchlang");
        assert!(html.contains("&lt;b&gt;"));
    }

    /// The text of every span with `class` (exactly), in order.
    fn spans(html: &str, class: &str) -> Vec<String> {
        let open = format!("<span class=\"{class}\">");
        html.split(&open)
            .skip(1)
            .map(|rest| rest[..rest.find("</span>").unwrap_or(rest.len())].to_string())
            .collect()
    }

    #[test]
    fn every_pattern_of_pufas_grammars_compiles() {
        for (name, text) in OWN_GRAMMARS {
            let syntax = crate::markdown::grammar::load(name, text).unwrap();
            let bad = crate::markdown::grammar::bad_patterns(&syntax);
            assert!(bad.is_empty(), "{name}: {bad:?}");
        }
    }

    #[test]
    fn markdown_with_front_matter_is_highlighted_by_pufas_grammar() {
        let md = "---\ntitle: 高空抛物，害人害己\ndate: 2023-05-01\n---\n\n\
                  ## 法律怎么规定\n\n《民法典》**禁止**抛物，见[以案说法](../cases/a.md)。\n\n\
                  1. 用 `reviewers` 字段\n\n---\n\ntitle: 不是前言\n";
        let html = code_block(md, "md");
        let key = "hl-entity hl-name hl-tag hl-yaml";
        assert_eq!(spans(&html, key), ["title", "date"], "{html}");
        assert_eq!(
            spans(&html, "hl-constant hl-other hl-date hl-yaml"),
            ["2023-05-01"]
        );
        assert_eq!(
            spans(&html, "hl-entity hl-name hl-section hl-markdown"),
            [" 法律怎么规定"]
        );
        assert_eq!(spans(&html, "hl-markup hl-bold hl-markdown"), ["**禁止**"]);
        assert_eq!(
            spans(&html, "hl-markup hl-underline hl-link hl-markdown"),
            ["../cases/a.md"]
        );
        assert_eq!(
            spans(&html, "hl-markup hl-raw hl-inline hl-markdown"),
            ["`reviewers`"]
        );
        assert_eq!(
            spans(
                &html,
                "hl-punctuation hl-separator hl-thematic-break hl-markdown"
            ),
            ["---\n"],
            "a later --- is a rule, not front matter"
        );
        assert!(html.contains("《民法典》"));
        assert!(!html.contains("style="));
    }

    #[test]
    fn yaml_keys_strings_numbers_and_comments() {
        let html = code_block(
            "# 注释\ntitle: \"你好\"\ncount: 3\nlist:\n  - 'it''s'\n",
            "yml",
        );
        assert_eq!(
            spans(&html, "hl-entity hl-name hl-tag hl-yaml"),
            ["title", "count", "list"]
        );
        assert_eq!(
            spans(&html, "hl-comment hl-line hl-number-sign hl-yaml"),
            ["# 注释"]
        );
        assert_eq!(spans(&html, "hl-constant hl-numeric hl-yaml"), ["3"]);
        assert!(html.contains("hl-string hl-quoted hl-double"), "{html}");
        assert!(html.contains("hl-string hl-quoted hl-single"), "{html}");
    }

    #[test]
    fn other_languages_still_use_syntects_grammars() {
        let html = code_block("fn main() {}\n", "rust");
        assert!(html.contains("hl-source hl-rust"), "{html}");
    }
}
