//! Links and images inside the Markdown: `#anchor` links (on the same page
//! or after a link to another content file) name a heading or id that exists
//! there, and every image exists in the site's static files and has alt text
//! (what a reader using a screen reader hears). Missing link targets are
//! reported by the Markdown stage itself.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::markdown;
use crate::site::{Entry, Site};
use crate::text::line_col;

/// Ids every page has besides those of its text.
const PAGE_IDS: &[&str] = &["main", "top"];

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let ids: HashMap<&Path, HashSet<String>> = site
        .entries
        .iter()
        .map(|e| (e.item.source.as_path(), ids_in(e.html())))
        .collect();
    let statics = static_files(site);
    let mut problems = Vec::new();
    for entry in &site.entries {
        check_entry(entry, &ids, &statics, &mut problems);
    }
    problems
}

fn check_entry(
    entry: &Entry,
    ids: &HashMap<&Path, HashSet<String>>,
    statics: &HashSet<String>,
    out: &mut Vec<Diagnostic>,
) {
    let item = &entry.item;
    let body = &item.body;
    let place = |offset: usize| {
        let (line, col) = line_col(body, offset);
        (item.body_line + line - 1, col)
    };
    let events: Vec<_> = Parser::new_ext(body, markdown::options())
        .into_offset_iter()
        .collect();
    for (n, (event, range)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let Some((file, anchor)) = dest_url.split_once('#') else {
                    continue;
                };
                if anchor.is_empty() || file.contains(':') || file.starts_with('/') {
                    continue;
                }
                let target = if file.is_empty() {
                    Some(item.source.clone())
                } else if file.ends_with(".md") {
                    join(&item.source, file)
                } else {
                    None
                };
                let Some(known) = target.as_deref().and_then(|t| ids.get(t)) else {
                    continue;
                };
                let anchor = percent_decode(anchor);
                if !known.contains(&anchor) && !PAGE_IDS.contains(&anchor.as_str()) {
                    let (line, col) = place(range.start);
                    let mut listed: Vec<&str> = known.iter().map(String::as_str).collect();
                    listed.sort_unstable();
                    let whose = if file.is_empty() { "this page" } else { file };
                    out.push(
                        Diagnostic::error(
                            &item.source,
                            format!("link to a missing anchor: {whose} has no heading `#{anchor}`"),
                        )
                        .at(line, col)
                        .with_hint(
                            match crate::diagnostic::closest(&anchor, listed.iter().copied()) {
                                Some(near) => format!("did you mean `#{near}`?"),
                                None if listed.is_empty() => {
                                    "that page has no headings to link to".to_string()
                                }
                                None => format!(
                                    "headings there: {}",
                                    listed
                                        .iter()
                                        .map(|i| format!("#{i}"))
                                        .collect::<Vec<_>>()
                                        .join(" ")
                                ),
                            },
                        ),
                    );
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let (line, col) = place(range.start);
                let alt: String = events[n + 1..]
                    .iter()
                    .take_while(|(e, _)| !matches!(e, Event::End(TagEnd::Image)))
                    .filter_map(|(e, _)| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                if alt.trim().is_empty() {
                    out.push(
                        Diagnostic::error(&item.source, "the image has no description (alt text)")
                            .at(line, col)
                            .with_hint("say what the picture shows between the brackets: ![社区法治宣传栏照片](/images/board.jpg)"),
                    );
                }
                if let Some(path) = image_path(dest_url, &item.url_path())
                    && !statics.contains(&path)
                {
                    out.push(
                        Diagnostic::error(&item.source, format!("image not found: {dest_url}"))
                            .at(line, col)
                            .with_hint(format!(
                                "put the picture in the site's static/ folder (static/{path}) and write its path from there, e.g. ![说明](/{path})"
                            )),
                    );
                }
            }
            _ => {}
        }
    }
}

/// Every `id="…"` in rendered HTML.
fn ids_in(html: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        if let Some(end) = rest.find('"') {
            out.insert(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    out
}

/// `content/cases/a.md` + `../explainers/b.md` → `content/explainers/b.md`.
fn join(from: &Path, link: &str) -> Option<PathBuf> {
    let mut out = from.parent()?.to_path_buf();
    for part in Path::new(&percent_decode(link)).components() {
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

/// The output path of a local image (from the site root), or `None` for
/// images on other sites.
fn image_path(dest: &str, page: &str) -> Option<String> {
    if dest.contains("://") || dest.starts_with("//") || dest.starts_with("data:") {
        return None;
    }
    let dest = dest.split(['?', '#']).next().unwrap_or_default();
    let dest = percent_decode(dest);
    let (base, rel) = match dest.strip_prefix('/') {
        Some(rest) => (String::new(), rest.to_string()),
        None => (page.to_string(), dest),
    };
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Paths (from the output root) of the static files the build copies.
fn static_files(site: &Site) -> HashSet<String> {
    let mut out: HashSet<String> = crate::theme::DEFAULT_STATIC
        .iter()
        .map(|(name, _)| name.to_string())
        .collect();
    for dir in [
        site.root.join("static"),
        site.root
            .join("themes")
            .join(&site.config.theme)
            .join("static"),
    ] {
        for entry in walkdir::WalkDir::new(&dir)
            .follow_links(true)
            .into_iter()
            .flatten()
        {
            if entry.file_type().is_file()
                && let Ok(rel) = entry.path().strip_prefix(&dir)
            {
                out.insert(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_paths_from_the_page() {
        assert_eq!(
            image_path("/images/a.png", "cases/x/").as_deref(),
            Some("images/a.png")
        );
        assert_eq!(
            image_path("../../images/a.png", "cases/x/").as_deref(),
            Some("images/a.png")
        );
        assert_eq!(
            image_path("a.png", "cases/x/").as_deref(),
            Some("cases/x/a.png")
        );
        assert_eq!(
            image_path("/图/%E5%9B%BE.png", "").as_deref(),
            Some("图/图.png")
        );
        assert_eq!(image_path("https://a.example/b.png", ""), None);
    }

    #[test]
    fn ids_are_found() {
        let ids = ids_in("<h2 id=\"an-qing\">案情</h2><p id=\"x\">");
        assert!(ids.contains("an-qing") && ids.contains("x"));
    }
}
