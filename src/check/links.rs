//! Links and images inside the Markdown (and in raw HTML `<a>` and `<img>`
//! tags written in it):
//! - a link to a page of the site (`/cases/gaokong/`, `../cases/`) names a
//!   page the build writes, or a static file; a link to a draft says so;
//! - an `#anchor` (on the same page, after a link to another content file,
//!   or after a page address) names a heading or id that exists there;
//! - every image exists in the site's static files and has alt text (what a
//!   reader using a screen reader hears).
//!
//! Relative links to `.md` files that do not exist are reported by the
//! Markdown stage itself. Every message of this check is built in
//! [`words`], at the end of the file.

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::addresses::{image_path, is_external, join, percent_decode, resolve};
use super::html_tags::html_tags;
use super::pages::{Published, published};
use crate::content::Kind;
use crate::diagnostic::{Diagnostic, closest};
use crate::markdown;
use crate::site::Site;
use crate::text::line_col;

/// Ids every page has besides those of its text.
const PAGE_IDS: &[&str] = &["main", "top"];

/// What links can point at: the published pages and files, and the ids on
/// each content page.
pub struct Targets<'a> {
    site: &'a Site,
    /// Made when first needed, like the ids of each page.
    published: OnceLock<Published>,
    /// Made when first needed too: one edit's checks in `pufa serve`
    /// rarely need them.
    position_of_source: OnceLock<HashMap<&'a std::ffi::OsStr, usize>>,
    ids: Vec<OnceLock<HashSet<String>>>,
    source_by_page: OnceLock<HashMap<String, &'a Path>>,
    /// Pages of drafts (not published without `--drafts`), read only when
    /// a link to a missing page needs explaining.
    drafts: OnceLock<HashMap<String, PathBuf>>,
}

impl<'a> Targets<'a> {
    pub fn new(site: &'a Site) -> Self {
        Targets {
            site,
            published: OnceLock::new(),
            position_of_source: OnceLock::new(),
            ids: (0..site.entries.len()).map(|_| OnceLock::new()).collect(),
            source_by_page: OnceLock::new(),
            drafts: OnceLock::new(),
        }
    }

    fn position_of_source(&self) -> &HashMap<&'a std::ffi::OsStr, usize> {
        self.position_of_source.get_or_init(|| {
            let entries = &self.site.entries;
            entries
                .iter()
                .enumerate()
                .map(|(i, e)| (e.item.source.as_os_str(), i))
                .collect()
        })
    }

    fn source_by_page(&self) -> &HashMap<String, &'a Path> {
        self.source_by_page.get_or_init(|| {
            let entries = &self.site.entries;
            entries
                .iter()
                .filter(|e| e.item.kind.has_own_page())
                .map(|e| (e.item.url_path(), e.item.source.as_path()))
                .collect()
        })
    }

    pub fn published(&self) -> &Published {
        self.published.get_or_init(|| published(self.site))
    }

    /// The ids on the page of the content file `source`.
    fn ids_of(&self, source: &Path) -> Option<&HashSet<String>> {
        let i = *self.position_of_source().get(source.as_os_str())?;
        Some(self.ids[i].get_or_init(|| ids_in(self.site.entries[i].html())))
    }

    fn drafts(&self) -> &HashMap<String, PathBuf> {
        self.drafts.get_or_init(|| {
            let (files, _) = crate::content::load::find_files(&self.site.root);
            files
                .into_iter()
                .filter(|(_, path)| crate::content::load::is_markdown(path))
                .filter_map(|(kind, path)| {
                    let (item, _) =
                        crate::content::load::load_file_lenient(&self.site.root, &path, kind);
                    item.filter(|i| i.fm.draft && i.kind.has_own_page())
                })
                .map(|i| (i.url_path(), i.source))
                .collect()
        })
    }
}

/// A Markdown text to check, and where it is published.
pub struct Body<'a> {
    pub source: &'a Path,
    /// The page it appears on (`explainers/a/`), which relative links start from.
    pub page: String,
    pub text: &'a str,
    /// File line of the text's first line.
    pub first_line: usize,
}

pub fn check(targets: &Targets) -> Vec<Diagnostic> {
    targets
        .site
        .entries
        .par_iter()
        .flat_map_iter(|entry| check_entry(targets, entry))
        .collect()
}

/// The links, anchors and images of one entry's text.
pub fn check_entry(targets: &Targets, entry: &crate::site::Entry) -> Vec<Diagnostic> {
    let body = Body {
        source: &entry.item.source,
        page: entry.item.url_path(),
        text: &entry.item.body,
        first_line: entry.item.body_line,
    };
    let own = targets.ids_of(&entry.item.source);
    let mut problems = Vec::new();
    check_body(targets, &body, own, &mut problems);
    problems
}

/// Checks the links, anchors and images of one text; `own_ids` are the ids
/// on its own page (`None`: not known, its anchors are not checked).
pub fn check_body(
    targets: &Targets,
    body: &Body,
    own_ids: Option<&HashSet<String>>,
    out: &mut Vec<Diagnostic>,
) {
    let events: Vec<_> = Parser::new_ext(body.text, markdown::options())
        .into_offset_iter()
        .collect();
    let place = |offset: usize| {
        let (line, col) = line_col(body.text, offset);
        (body.first_line + line - 1, col)
    };
    for (n, (event, range)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Link {
                dest_url,
                link_type,
                ..
            }) if *link_type != LinkType::Email => {
                check_link(targets, body, own_ids, dest_url, place(range.start), out);
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let alt: String = events[n + 1..]
                    .iter()
                    .take_while(|(e, _)| !matches!(e, Event::End(TagEnd::Image)))
                    .filter_map(|(e, _)| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                check_image(targets, body, dest_url, Some(&alt), place(range.start), out);
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                // The event's text is the source from its start.
                for tag in html_tags(html) {
                    let at = place(range.start + tag.offset);
                    match tag.name.as_str() {
                        "img" => {
                            let src = tag.attr("src").unwrap_or_default();
                            check_image(targets, body, src, tag.attr("alt"), at, out);
                        }
                        "a" => {
                            if let Some(href) = tag.attr("href") {
                                check_link(targets, body, own_ids, href, at, out);
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

fn check_link(
    targets: &Targets,
    body: &Body,
    own_ids: Option<&HashSet<String>>,
    dest: &str,
    (line, col): (usize, usize),
    out: &mut Vec<Diagnostic>,
) {
    let dest = dest.trim();
    if is_external(dest) || dest.is_empty() {
        return;
    }
    let (address, anchor) = match dest.split_once('#') {
        Some((a, b)) => (a, percent_decode(b)),
        None => (dest, String::new()),
    };
    let address = address.split('?').next().unwrap_or_default();
    let say = |(message, hint): (String, String)| {
        Diagnostic::error(body.source, message)
            .at(line, col)
            .with_hint(hint)
    };
    // The ids the anchor must be among, and whose page it is.
    let (ids, whose): (Option<&HashSet<String>>, String) = if address.is_empty() {
        (own_ids, "this page".to_string())
    } else if address.to_lowercase().ends_with(".md") {
        // Missing files are the Markdown stage's to report.
        let file = join(body.source, address);
        (
            file.as_deref().and_then(|f| targets.ids_of(f)),
            address.to_string(),
        )
    } else {
        let Some(path) = resolve(&body.page, address) else {
            out.push(say(words::above_root(address)));
            return;
        };
        if !targets.published().contains(&path) {
            out.push(say(explain_missing(targets, body, address, &path)));
            return;
        }
        let page = if path.ends_with('/') || path.is_empty() {
            path.clone()
        } else {
            format!("{path}/")
        };
        let ids = targets
            .source_by_page()
            .get(&page)
            .and_then(|s| targets.ids_of(s));
        (ids, format!("/{page}"))
    };
    if anchor.is_empty() || PAGE_IDS.contains(&anchor.as_str()) {
        return;
    }
    if let Some(ids) = ids
        && !ids.contains(&anchor)
    {
        out.push(say(words::missing_anchor(&whose, &anchor, ids)));
    }
}

/// Why `/path` is not published, and what was probably meant.
fn explain_missing(targets: &Targets, body: &Body, written: &str, path: &str) -> (String, String) {
    let page = if path.ends_with('/') || path.is_empty() {
        path.to_string()
    } else {
        format!("{path}/")
    };
    if let Some(draft) = targets.drafts().get(&page) {
        return words::draft(written, &page, draft);
    }
    let led_to = (!written.starts_with('/')).then(|| format!("/{path}"));
    // Written as a path between files, not between pages?
    let from_file = join(body.source, written.trim_end_matches('/'));
    if let Some(file) = &from_file {
        let as_md = file.with_extension("md");
        if targets.site.root.join(&as_md).is_file() {
            let suggestion = format!("{}.md", written.trim_end_matches('/'));
            return words::missing_page(
                written,
                led_to,
                words::write_file_path(&as_md, &suggestion),
            );
        }
        let folder = file.strip_prefix(crate::content::load::CONTENT_DIR).ok();
        if let Some(kind) = folder.and_then(|f| f.to_str()).and_then(Kind::from_folder) {
            return words::missing_page(written, led_to, words::write_section(kind));
        }
    }
    let near = closest(&page, targets.published().pages.iter().map(String::as_str))
        .map(|p| format!("/{p}"));
    words::missing_page(written, led_to, words::otherwise(written, near))
}

fn check_image(
    targets: &Targets,
    body: &Body,
    dest: &str,
    alt: Option<&str>,
    (line, col): (usize, usize),
    out: &mut Vec<Diagnostic>,
) {
    let mut say = |(message, hint): (String, String)| {
        out.push(
            Diagnostic::error(body.source, message)
                .at(line, col)
                .with_hint(hint),
        )
    };
    if alt.is_none_or(|a| a.trim().is_empty()) {
        say(words::no_alt());
    }
    if dest.trim().is_empty() {
        say(words::no_src());
    } else if let Some(path) = image_path(dest, &body.page)
        && !targets.published().statics.contains_key(&path)
    {
        say(words::image_not_found(dest, &path));
    }
}

/// Every `id="…"` in rendered HTML.
pub fn ids_in(html: &str) -> HashSet<String> {
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

/// Every message of the link and image checks, with its hint.
mod words {
    use std::collections::HashSet;
    use std::path::Path;

    use crate::content::Kind;

    pub fn missing_page(written: &str, led_to: Option<String>, hint: String) -> (String, String) {
        let message = match led_to {
            Some(to) => format!(
                "link to a page that does not exist: {written} (from this page it leads to {to})"
            ),
            None => format!("link to a page that does not exist: {written}"),
        };
        (message, hint)
    }

    pub fn write_file_path(file: &Path, suggestion: &str) -> String {
        format!(
            "to link to {}, write its file path with .md: {suggestion}",
            file.display()
        )
    }

    pub fn write_section(kind: Kind) -> String {
        format!(
            "a link without .md is read from the page's address, not from the file; for the list of {} write /{}/",
            kind.name_zh(),
            kind.folder()
        )
    }

    pub fn otherwise(written: &str, near: Option<String>) -> String {
        if written.starts_with("www.") {
            return format!("a web address needs https:// in front: https://{written}");
        }
        if written.contains('@') && !written.contains('/') {
            return format!("an email address needs mailto: in front: mailto:{written}");
        }
        match near {
            Some(p) => format!("did you mean {p}?"),
            None => "link to another content file by its file path (../cases/gaokong.md), or to a page by its address from the site's root (/cases/)".to_string(),
        }
    }

    pub fn draft(written: &str, page: &str, source: &Path) -> (String, String) {
        let leads_to = if written.trim_end_matches('/') == format!("/{page}").trim_end_matches('/')
        {
            String::new()
        } else {
            format!(" (/{page})")
        };
        (
            format!("link to a draft: {written}{leads_to} is not published"),
            format!(
                "publish it (remove `draft: true` from {}), or remove the link; `--drafts` shows drafts in a preview",
                source.display()
            ),
        )
    }

    pub fn above_root(written: &str) -> (String, String) {
        (
            format!("link to a page outside the site: {written} climbs above the site's root"),
            "remove some `../`, or write the address from the site's root, e.g. /cases/".into(),
        )
    }

    pub fn missing_anchor(whose: &str, anchor: &str, ids: &HashSet<String>) -> (String, String) {
        let mut listed: Vec<&str> = ids.iter().map(String::as_str).collect();
        listed.sort_unstable();
        let hint = match crate::diagnostic::closest(anchor, listed.iter().copied()) {
            Some(near) => format!("did you mean `#{near}`?"),
            None if listed.is_empty() => "that page has no headings to link to".to_string(),
            None => format!(
                "headings there: {}",
                listed
                    .iter()
                    .map(|i| format!("#{i}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        };
        (
            format!("link to a missing anchor: {whose} has no heading `#{anchor}`"),
            hint,
        )
    }

    pub fn no_src() -> (String, String) {
        (
            "the image names no picture file".to_string(),
            "give the picture's path, e.g. <img src=\"/images/board.jpg\" alt=\"社区法治宣传栏照片\">".to_string(),
        )
    }

    pub fn no_alt() -> (String, String) {
        (
            "the image has no description (alt text)".to_string(),
            "say what the picture shows: ![社区法治宣传栏照片](/images/board.jpg), or in HTML <img alt=\"社区法治宣传栏照片\" src=\"…\">".to_string(),
        )
    }

    pub fn image_not_found(dest: &str, path: &str) -> (String, String) {
        (
            format!("image not found: {dest}"),
            format!(
                "put the picture in the site's static/ folder (static/{path}) and write its path from there, e.g. ![说明](/{path})"
            ),
        )
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_found() {
        let ids = ids_in("<h2 id=\"an-qing\">案情</h2><p id=\"x\">");
        assert!(ids.contains("an-qing") && ids.contains("x"));
    }
}
