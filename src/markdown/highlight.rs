//! Fenced code blocks highlighted by syntect into CSS classes (prefix
//! `hl-`), never inline styles. The syntax definitions load on first use,
//! so sites without code never pay for them.

use std::sync::OnceLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::text::escape_html;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
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
    let set = syntaxes();
    let syntax = set
        .find_syntax_by_token(lang)
        .or_else(|| set.find_syntax_by_extension(lang))?;
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
}
