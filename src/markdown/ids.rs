//! Ids inside a page's text: every heading gets a unique ASCII id (the
//! pinyin of its text, or the `{#id}` written after it, itself turned into
//! pinyin when it is not ASCII), and footnotes get `fn-` ids, so a heading
//! `## 1` and footnote 1 never share an id, nor a heading and the theme's
//! own ids (`main`, `related-title`…).

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::Heading;
use crate::content::slug::slugify;

/// Ids the default theme gives elements of an item's page; a heading never takes one.
pub const THEME_IDS: &[&str] = &[
    "main",
    "top",
    "large-toggle",
    "site-search-q",
    "footer-hotlines",
    "kp-title",
    "related-title",
    "featured-title",
    "law-box-title",
    "law-cases-title",
    "law-explainers-title",
    "law-books-title",
];

/// Prefix of footnote ids: footnote `[^1]` is `#fn-1`.
pub const FOOTNOTE_PREFIX: &str = "fn-";

/// Renames footnotes, then gives every heading its id; returns the headings in order.
pub fn assign(events: &mut [(Event, Range<usize>)]) -> Vec<Heading> {
    let mut used: HashSet<String> = THEME_IDS.iter().map(|s| s.to_string()).collect();
    rename_footnotes(events, &mut used);
    assign_heading_ids(events, &mut used)
}

/// An id as written in `{#id}` when it is a plain ASCII name, else its pinyin.
fn clean_id(given: &str) -> String {
    let plain = given
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if plain {
        given.to_string()
    } else {
        slugify(given)
    }
}

fn unique(base: String, used: &mut HashSet<String>) -> String {
    let mut id = base.clone();
    let mut n = 1;
    while !used.insert(id.clone()) {
        n += 1;
        id = format!("{base}-{n}");
    }
    id
}

/// Footnote labels become `fn-LABEL` (in pinyin), the same in references
/// and definitions. The numbers readers see are unchanged: pulldown-cmark
/// numbers footnotes by order, not by label.
fn rename_footnotes(events: &mut [(Event, Range<usize>)], used: &mut HashSet<String>) {
    let mut names: HashMap<String, String> = HashMap::new();
    for (event, _) in events.iter_mut() {
        let label = match event {
            Event::FootnoteReference(label) => label,
            Event::Start(Tag::FootnoteDefinition(label)) => label,
            _ => continue,
        };
        let id = names
            .entry(label.to_string())
            .or_insert_with(|| {
                let slug = slugify(label);
                let slug = if slug.is_empty() {
                    "note".to_string()
                } else {
                    slug
                };
                unique(format!("{FOOTNOTE_PREFIX}{slug}"), used)
            })
            .clone();
        *label = CowStr::from(id);
    }
}

fn assign_heading_ids(
    events: &mut [(Event, Range<usize>)],
    used: &mut HashSet<String>,
) -> Vec<Heading> {
    let mut toc = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 {
            let level = *level as u8;
            let given = id.as_ref().map(|s| clean_id(s)).filter(|s| !s.is_empty());
            let mut title = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j].0 {
                    title.push_str(t);
                }
                j += 1;
            }
            let base = given.unwrap_or_else(|| {
                let s = slugify(&title);
                if s.is_empty() {
                    "section".to_string()
                } else {
                    s
                }
            });
            let id = unique(base, used);
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i].0 {
                *slot = Some(CowStr::from(id.clone()));
            }
            toc.push(Heading {
                level,
                id,
                title: title.trim().to_string(),
            });
            i = j;
        }
        i += 1;
    }
    toc
}

#[cfg(test)]
mod tests {
    use super::super::tests::render_str;

    #[test]
    fn headings_get_unique_pinyin_ids() {
        let r = render_str("## 案情\n\n## 案情\n\n### Q&A {#qa}\n");
        let ids: Vec<_> = r.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["an-qing", "an-qing-2", "qa"]);
        assert!(r.html.contains("<h2 id=\"an-qing\">案情</h2>"));
    }

    #[test]
    fn a_chinese_id_written_by_hand_becomes_pinyin() {
        let r = render_str("## 案情简介 {#案情}\n\n## 裁判 {#Cai_Pan-1}\n");
        let ids: Vec<_> = r.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["an-qing", "Cai_Pan-1"]);
        assert!(
            r.html.contains("<h2 id=\"an-qing\">案情简介</h2>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn footnotes_and_headings_never_share_an_id() {
        let r = render_str("## 1\n\n正文[^1]，又见[^注]。\n\n[^1]: 第一条注释\n\n[^注]: 第二条\n");
        assert_eq!(r.toc[0].id, "1");
        assert!(r.html.contains("href=\"#fn-1\""), "{}", r.html);
        assert!(r.html.contains("id=\"fn-1\""), "{}", r.html);
        assert!(r.html.contains("href=\"#fn-zhu\"") && r.html.contains("id=\"fn-zhu\""));
        assert_eq!(r.html.matches("id=\"1\"").count(), 1, "{}", r.html);
        // The numbers readers see stay 1 and 2.
        assert!(r.html.contains(">2</a></sup>"), "{}", r.html);
    }

    #[test]
    fn headings_keep_clear_of_the_theme_ids() {
        let r = render_str("## Main\n\n## main\n\n## Related Title\n");
        let ids: Vec<_> = r.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["main-2", "main-3", "related-title-2"]);
    }
}
