//! Markdown to HTML with pulldown-cmark, adjusted for Chinese text: line
//! breaks between Chinese characters vanish instead of becoming spaces,
//! quotes are left exactly as written (no "smart" punctuation), headings get
//! unique ASCII ids ([`ids`]), code is highlighted with classes, and links
//! to other content files become links to their pages ([`links`]).

mod grammar;
pub mod highlight;
pub mod ids;
pub mod links;
pub mod summary;

pub use links::DRAFT_PAGE;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use serde::Serialize;
use std::ops::Range;
use std::path::Path;

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
    /// Page path of a content file given its path from the site root;
    /// [`DRAFT_PAGE`] for a draft left out of the build.
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
    let toc = ids::assign(&mut events);
    join_cjk_lines(&mut events);
    links::rewrite(&mut events, body, src, &mut problems);
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
pub(crate) mod tests {
    use super::*;

    fn no_links(_: &Path) -> Option<String> {
        None
    }

    pub(crate) fn render_str(md: &str) -> Rendered {
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
