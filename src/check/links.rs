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
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

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
    published: Published,
    ids_by_source: HashMap<&'a Path, HashSet<String>>,
    source_by_page: HashMap<String, &'a Path>,
    /// Pages of drafts (not published without `--drafts`), read only when
    /// a link to a missing page needs explaining.
    drafts: OnceCell<HashMap<String, PathBuf>>,
}

impl<'a> Targets<'a> {
    pub fn new(site: &'a Site) -> Self {
        Targets {
            site,
            published: published(site),
            ids_by_source: site
                .entries
                .iter()
                .map(|e| (e.item.source.as_path(), ids_in(&e.html)))
                .collect(),
            source_by_page: site
                .entries
                .iter()
                .filter(|e| e.item.kind.has_own_page())
                .map(|e| (e.item.url_path(), e.item.source.as_path()))
                .collect(),
            drafts: OnceCell::new(),
        }
    }

    pub fn published(&self) -> &Published {
        &self.published
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
    let site = targets.site;
    let mut problems = Vec::new();
    for entry in &site.entries {
        let body = Body {
            source: &entry.item.source,
            page: entry.item.url_path(),
            text: &entry.item.body,
            first_line: entry.item.body_line,
        };
        let own = targets.ids_by_source.get(entry.item.source.as_path());
        check_body(targets, &body, own, &mut problems);
    }
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
            file.as_deref().and_then(|f| targets.ids_by_source.get(f)),
            address.to_string(),
        )
    } else {
        let Some(path) = resolve(&body.page, address) else {
            out.push(say(words::above_root(address)));
            return;
        };
        if !targets.published.contains(&path) {
            out.push(say(explain_missing(targets, body, address, &path)));
            return;
        }
        let page = if path.ends_with('/') || path.is_empty() {
            path.clone()
        } else {
            format!("{path}/")
        };
        let ids = targets
            .source_by_page
            .get(&page)
            .and_then(|s| targets.ids_by_source.get(s));
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
    let near =
        closest(&page, targets.published.pages.iter().map(String::as_str)).map(|p| format!("/{p}"));
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
        && !targets.published.statics.contains_key(&path)
    {
        say(words::image_not_found(dest, &path));
    }
}

/// Whether a link leaves the site: a scheme (`https:`, `mailto:`, `tel:`)
/// or a protocol-relative `//host/`.
fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    dest.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// The path from the site root that `address` leads to from `page`, as a
/// browser reads it; `None` when it climbs above the root.
fn resolve(page: &str, address: &str) -> Option<String> {
    let address = percent_decode(address);
    let page = page.split('#').next().unwrap_or_default();
    let (base, rel) = match address.strip_prefix('/') {
        Some(rest) => ("", rest.to_string()),
        None => (page, address),
    };
    // The folder the page is in: `explainers/a/` for `explainers/a/`.
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    if !base.ends_with('/') {
        parts.pop();
    }
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let mut out = parts.join("/");
    if (rel.ends_with('/') || rel.is_empty() || rel.ends_with("/.")) && !out.is_empty() {
        out.push('/');
    }
    Some(out)
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
    if is_external(dest) {
        return None;
    }
    let dest = dest.split(['?', '#']).next().unwrap_or_default();
    let dest = percent_decode(dest);
    let (base, rel) = match dest.strip_prefix('/') {
        Some(rest) => (String::new(), rest.to_string()),
        None => (page.split('#').next().unwrap_or_default().to_string(), dest),
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

/// One opening HTML tag: its name (lowercase), attributes and byte offset.
struct HtmlTag {
    offset: usize,
    name: String,
    attrs: Vec<(String, String)>,
}

impl HtmlTag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The opening tags in a piece of raw HTML.
fn html_tags(html: &str) -> Vec<HtmlTag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<') {
        let start = i + lt;
        let mut j = start + 1;
        while j < b.len() && b[j].is_ascii_alphanumeric() {
            j += 1;
        }
        if j == start + 1 {
            i = start + 1;
            continue;
        }
        let name = html[start + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                break;
            }
            let name_start = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let attr = html[name_start..j].to_ascii_lowercase();
            let mut value = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                if j < b.len() && matches!(b[j], b'"' | b'\'') {
                    let quote = b[j] as char;
                    let end = html[j + 1..].find(quote).map_or(b.len(), |e| j + 1 + e);
                    value = html[j + 1..end].to_string();
                    j = (end + 1).min(b.len());
                } else {
                    let value_start = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = html[value_start..j].to_string();
                }
            }
            if attr.is_empty() {
                j += 1;
            } else {
                attrs.push((attr, value));
            }
        }
        out.push(HtmlTag {
            offset: start,
            name,
            attrs,
        });
        i = j.min(b.len()).max(start + 1);
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
    fn links_resolve_as_a_browser_reads_them() {
        assert_eq!(
            resolve("explainers/a/", "../cases/").as_deref(),
            Some("explainers/cases/")
        );
        assert_eq!(
            resolve("explainers/a/", "../../cases/c").as_deref(),
            Some("cases/c")
        );
        assert_eq!(
            resolve("explainers/a/", "/explainers/b/").as_deref(),
            Some("explainers/b/")
        );
        assert_eq!(resolve("explainers/a/", "/").as_deref(), Some(""));
        assert_eq!(resolve("contacts/#chen", "../").as_deref(), Some(""));
        assert_eq!(resolve("explainers/a/", "../../../x"), None);
        assert!(is_external("https://a.example/") && is_external("tel:12348"));
        assert!(is_external("mailto:a@b.cn") && is_external("//cdn.example/x"));
        assert!(!is_external("/cases/") && !is_external("../a.md"));
    }

    #[test]
    fn ids_are_found() {
        let ids = ids_in("<h2 id=\"an-qing\">案情</h2><p id=\"x\">");
        assert!(ids.contains("an-qing") && ids.contains("x"));
    }

    #[test]
    fn html_tags_and_attributes() {
        let tags = html_tags("<p>见<img src='/a.png' alt=\"宣传栏\" /> <a href=/cases/>案例</a>");
        let found: Vec<_> = tags
            .iter()
            .map(|t| {
                (
                    t.offset,
                    t.name.as_str(),
                    t.attr("src"),
                    t.attr("alt"),
                    t.attr("href"),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (0, "p", None, None, None),
                (6, "img", Some("/a.png"), Some("宣传栏"), None),
                (43, "a", None, None, Some("/cases/")),
            ]
        );
        assert!(
            html_tags("<img alt")
                .iter()
                .all(|t| t.attr("src").is_none())
        );
    }
}
