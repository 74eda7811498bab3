//! Markdown to HTML with pulldown-cmark, adjusted for Chinese text: line
//! breaks between Chinese characters vanish instead of becoming spaces,
//! quotes are left exactly as written (no "smart" punctuation), headings get
//! unique ASCII ids, code is highlighted with classes, and links to other
//! content files become links to their pages.

pub mod highlight;
pub mod summary;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashSet;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use crate::content::slug::slugify;
use crate::diagnostic::Diagnostic;
use crate::text::{is_cjk, line_col};

/// A heading, for the table of contents.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<Heading>,
    /// Plain text of the paragraphs, for summaries and search.
    pub plain: String,
    /// Text length in characters (see [`summary::count_chars`]).
    pub chars: usize,
}

/// Where the body comes from, and how to turn a content file into a link.
pub struct Source<'a> {
    /// The file, from the site root (`content/cases/a.md`).
    pub path: &'a Path,
    /// File line of the body's first line.
    pub first_line: usize,
    /// The page the HTML will appear on, from the site root.
    pub page: &'a str,
    /// Page path of a content file given its path from the site root.
    pub resolve: &'a (dyn Fn(&Path) -> Option<String> + Sync),
    pub offline: bool,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Deeper nesting (quotes in lists in quotes…) than this is refused: no
/// article needs it, and browsers stop nesting HTML elements at a few hundred.
pub const MAX_NESTING: usize = 100;

pub fn render(body: &str, src: &Source) -> Result<Rendered, Vec<Diagnostic>> {
    let mut events: Vec<(Event, Range<usize>)> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    if let Some(offset) = too_deep(&events) {
        let (line, col) = line_col(body, offset);
        return Err(vec![
            Diagnostic::error(
                src.path,
                format!("the text is nested more than {MAX_NESTING} levels deep here (quotes `>` or lists inside each other)"),
            )
            .at(src.first_line + line - 1, col)
            .with_hint("remove the extra `>` or list markers at the start of the line"),
        ]);
    }
    let mut problems = Vec::new();
    let toc = assign_heading_ids(&mut events);
    join_cjk_lines(&mut events);
    rewrite_links(&mut events, body, src, &mut problems);
    let plain = paragraph_text(&events);
    let chars = text_chars(&events);
    let events = highlight_and_wrap(events);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Ok(Rendered {
        html,
        toc,
        plain,
        chars,
    })
}

/// Byte offset where the nesting of elements first exceeds [`MAX_NESTING`].
fn too_deep(events: &[(Event, Range<usize>)]) -> Option<usize> {
    let mut depth = 0usize;
    for (event, range) in events {
        match event {
            Event::Start(_) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(range.start);
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

/// Gives every heading a unique ASCII id (pinyin of its text unless given
/// with `{#id}`) and returns them in order.
fn assign_heading_ids(events: &mut [(Event, Range<usize>)]) -> Vec<Heading> {
    let mut used = HashSet::new();
    let mut toc = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 {
            let level = heading_level(*level);
            let given = id.as_ref().map(|s| s.to_string());
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
            let mut unique = base.clone();
            let mut n = 1;
            while !used.insert(unique.clone()) {
                n += 1;
                unique = format!("{base}-{n}");
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
                *id = Some(CowStr::from(unique.clone()));
            }
            toc.push(Heading {
                level,
                id: unique,
                title: title.trim().to_string(),
            });
            i = j;
        }
        i += 1;
    }
    toc
}

/// A soft line break between two Chinese characters disappears; anywhere
/// else it stays a line break (shown as a space).
fn join_cjk_lines(events: &mut [(Event, Range<usize>)]) {
    for i in 0..events.len() {
        if !matches!(events[i].0, Event::SoftBreak) {
            continue;
        }
        let before = events[..i].iter().rev().find_map(|(e, _)| match e {
            Event::Text(t) | Event::Code(t) => t.chars().last(),
            Event::SoftBreak | Event::HardBreak => Some('\n'),
            _ => None,
        });
        let after = events[i + 1..].iter().find_map(|(e, _)| match e {
            Event::Text(t) | Event::Code(t) => t.chars().next(),
            Event::SoftBreak | Event::HardBreak => Some('\n'),
            _ => None,
        });
        if before.is_some_and(is_cjk) && after.is_some_and(is_cjk) {
            events[i].0 = Event::Text(CowStr::Borrowed(""));
        }
    }
}

fn rewrite_links(
    events: &mut [(Event, Range<usize>)],
    body: &str,
    src: &Source,
    problems: &mut Vec<Diagnostic>,
) {
    for (event, range) in events.iter_mut() {
        // An image written from the site root (`/images/a.jpg`, a file in
        // static/) gets a relative address, like every other internal link.
        if let Event::Start(Tag::Image { dest_url, .. }) = event
            && dest_url.starts_with('/')
            && !dest_url.starts_with("//")
        {
            *dest_url = CowStr::from(crate::urls::relative(src.page, &dest_url[1..], false));
            continue;
        }
        let Event::Start(Tag::Link { dest_url, .. }) = event else {
            continue;
        };
        let Some((file, anchor)) = content_link(dest_url) else {
            continue;
        };
        let target = resolve_relative(src.path, &file);
        let found = target.as_deref().and_then(|t| (src.resolve)(t));
        match found {
            Some(page) => {
                let full = format!("{page}{anchor}");
                *dest_url = CowStr::from(crate::urls::relative(src.page, &full, src.offline));
            }
            None => {
                let (line, col) = line_col(body, range.start);
                let shown = target.map_or(file.clone(), |t| t.display().to_string());
                problems.push(
                    Diagnostic::error(src.path, format!("link to a missing file: {shown}"))
                        .at(src.first_line + line - 1, col)
                        .with_hint("link to another content file with its path relative to this file, e.g. ../cases/gaokong.md"),
                );
            }
        }
    }
}

/// `../cases/a.md#x` → (`../cases/a.md`, `#x`) when the link is a relative
/// link to a Markdown file.
fn content_link(dest: &str) -> Option<(String, String)> {
    if dest.contains("://")
        || dest.starts_with('/')
        || dest.starts_with('#')
        || dest.starts_with("mailto:")
    {
        return None;
    }
    let (file, anchor) = match dest.find('#') {
        Some(i) => (&dest[..i], &dest[i..]),
        None => (dest, ""),
    };
    file.ends_with(".md")
        .then(|| (file.to_string(), anchor.to_string()))
}

/// Joins a relative link to the linking file's folder, without touching the disk.
fn resolve_relative(from: &Path, link: &str) -> Option<PathBuf> {
    let mut out = from.parent()?.to_path_buf();
    for part in Path::new(link).components() {
        match part {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(out)
}

/// Text of the paragraphs (not headings, tables or code), for summaries.
fn paragraph_text(events: &[(Event, Range<usize>)]) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    let mut skip = 0usize;
    for (event, _) in events {
        match event {
            Event::Start(Tag::Paragraph) => depth += 1,
            Event::End(TagEnd::Paragraph) => {
                depth = depth.saturating_sub(1);
                if depth == 0 && !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            Event::Start(Tag::Table(_) | Tag::FootnoteDefinition(_) | Tag::Image { .. }) => {
                skip += 1
            }
            Event::End(TagEnd::Table | TagEnd::FootnoteDefinition | TagEnd::Image) => {
                skip = skip.saturating_sub(1)
            }
            Event::Text(t) | Event::Code(t) if depth > 0 && skip == 0 => out.push_str(t),
            // Breaks between Chinese characters are already gone.
            Event::SoftBreak if depth > 0 && skip == 0 => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

fn text_chars(events: &[(Event, Range<usize>)]) -> usize {
    events
        .iter()
        .map(|(event, _)| match event {
            Event::Text(t) | Event::Code(t) => summary::count_chars(t),
            _ => 0,
        })
        .sum()
}

/// Replaces fenced code with highlighted HTML and wraps tables so they
/// scroll sideways on a phone instead of breaking the layout.
/// Stands where a code block goes until it is highlighted; the parser never
/// produces a NUL character, so no real HTML can look like it.
const CODE_SLOT: &str = "\u{0}code\u{0}";

fn highlight_and_wrap(events: Vec<(Event, Range<usize>)>) -> Vec<Event> {
    let mut out = Vec::with_capacity(events.len());
    let mut blocks: Vec<(String, String)> = Vec::new();
    let mut code: Option<(String, String)> = None;
    for (event, _) in events {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => l.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Text(t) if code.is_some() => {
                if let Some((_, buf)) = code.as_mut() {
                    buf.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(block) = code.take() {
                    // A placeholder, filled once all blocks are highlighted.
                    out.push(Event::Html(CowStr::Borrowed(CODE_SLOT)));
                    blocks.push(block);
                }
            }
            Event::Start(Tag::Table(a)) => {
                out.push(Event::Html(CowStr::Borrowed("<div class=\"table-wrap\">")));
                out.push(Event::Start(Tag::Table(a)));
            }
            Event::End(TagEnd::Table) => {
                out.push(Event::End(TagEnd::Table));
                out.push(Event::Html(CowStr::Borrowed("</div>")));
            }
            other => out.push(other),
        }
    }
    if blocks.is_empty() {
        return out;
    }
    // A language's first use compiles its grammar's regexes (tens of
    // milliseconds each), so a page's blocks are highlighted in parallel.
    let mut html: Vec<String> = blocks
        .par_iter()
        .map(|(lang, code)| highlight::code_block(code, lang))
        .collect();
    html.reverse();
    for event in out.iter_mut() {
        if let Event::Html(h) = event
            && h.as_ref() == CODE_SLOT
            && let Some(block) = html.pop()
        {
            *event = Event::Html(CowStr::from(block));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_links(_: &Path) -> Option<String> {
        None
    }

    fn render_str(md: &str) -> Rendered {
        let src = Source {
            path: Path::new("content/explainers/a.md"),
            first_line: 5,
            page: "explainers/a/",
            resolve: &no_links,
            offline: false,
        };
        render(md, &src).unwrap()
    }

    #[test]
    fn line_break_between_chinese_characters_is_not_a_space() {
        let r = render_str("从高处抛掷物品\n造成他人损害的\nis English\nnext");
        assert!(
            r.html
                .contains("从高处抛掷物品造成他人损害的\nis English\nnext"),
            "{}",
            r.html
        );
        assert_eq!(r.plain, "从高处抛掷物品造成他人损害的 is English next");
    }

    #[test]
    fn chinese_and_straight_quotes_are_left_alone() {
        let r = render_str("他说“你好”，又说\"你好\"。");
        assert!(r.html.contains("“你好”"), "{}", r.html);
        assert!(r.html.contains("又说\"你好\""), "{}", r.html);
        assert_eq!(r.html.matches('”').count(), 1);
    }

    #[test]
    fn headings_get_unique_pinyin_ids() {
        let r = render_str("## 案情\n\n## 案情\n\n### Q&A {#qa}\n");
        let ids: Vec<_> = r.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["an-qing", "an-qing-2", "qa"]);
        assert!(r.html.contains("<h2 id=\"an-qing\">案情</h2>"));
    }

    #[test]
    fn tables_footnotes_tasks_strikethrough() {
        let r = render_str("|a|b|\n|-|-|\n|1|2|\n\n~~旧~~ 新[^1]\n\n[^1]: 注\n\n- [x] 完成\n");
        assert!(r.html.contains("<div class=\"table-wrap\"><table>"));
        assert!(r.html.contains("<del>旧</del>"));
        assert!(r.html.contains("footnote"));
        assert!(r.html.contains("checkbox"));
    }

    #[test]
    fn images_from_the_site_root_get_relative_addresses() {
        let r = render_str("![宣传栏](/images/board.jpg)");
        assert!(
            r.html.contains("src=\"../../images/board.jpg\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn code_is_highlighted() {
        let r = render_str("```yaml\ntitle: 你好\n```\n");
        assert!(r.html.contains("<pre class=\"code\" data-lang=\"yaml\">"));
    }

    #[test]
    fn content_links_are_rewritten_and_missing_ones_reported() {
        let resolve =
            |p: &Path| (p == Path::new("content/cases/b.md")).then(|| "cases/b/".to_string());
        let src = Source {
            path: Path::new("content/explainers/a.md"),
            first_line: 5,
            page: "explainers/a/",
            resolve: &resolve,
            offline: false,
        };
        let r = render("见[案例](../cases/b.md#cai-pan)。", &src).unwrap();
        assert!(
            r.html.contains("href=\"../../cases/b/#cai-pan\""),
            "{}",
            r.html
        );
        let errs = render("第一行\n\n见[案例](../cases/none.md)", &src).unwrap_err();
        assert_eq!(errs[0].line, Some(7));
        assert!(errs[0].message.contains("content/cases/none.md"));
    }

    #[test]
    fn deep_nesting_is_refused_with_its_place() {
        let src = Source {
            path: Path::new("content/explainers/a.md"),
            first_line: 5,
            page: "explainers/a/",
            resolve: &no_links,
            offline: false,
        };
        let deep = format!("正文\n\n{}深", "> ".repeat(10_000));
        let errs = render(&deep, &src).unwrap_err();
        assert_eq!((errs[0].line, errs[0].column), (Some(7), Some(201)));
        let lists = format!("{}x", "- ".repeat(10_000));
        assert!(render(&lists, &src).is_err());
        assert!(render(&"> ".repeat(20), &src).is_ok());
    }
}
