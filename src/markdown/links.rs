//! Links and images in a page's text, made relative to the page so the site
//! works under any sub-path and, offline, from disk:
//!
//! - a link to another content file (`../cases/a.md#cai-pan`, or from the
//!   content folder: `/cases/a.md`) becomes a link to its page; a missing
//!   file, or one that is a draft, is an error;
//! - a link or image written from the site root (`/cases/loushui-an/`,
//!   `/images/board.jpg`) gets a relative address.
//!
//! Whether a root-relative page address exists is checked elsewhere
//! (`check::links`); this module only rewrites.

use pulldown_cmark::{CowStr, Event, Tag};
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use super::Source;
use crate::content::load::CONTENT_DIR;
use crate::diagnostic::Diagnostic;
use crate::text::line_col;

/// What `Source::resolve` answers for a content file that exists but is a
/// draft left out of this build (no real page path can look like it).
pub const DRAFT_PAGE: &str = "\u{0}draft";

pub fn rewrite(
    events: &mut [(Event, Range<usize>)],
    body: &str,
    src: &Source,
    problems: &mut Vec<Diagnostic>,
) {
    for (event, range) in events.iter_mut() {
        let (dest_url, is_link) = match event {
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, false),
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url, true),
            _ => continue,
        };
        if is_link && let Some((file, anchor)) = content_link(dest_url) {
            match link_to_file(&file, &anchor, src) {
                Ok(url) => *dest_url = CowStr::from(url),
                Err(d) => {
                    let (line, col) = line_col(body, range.start);
                    problems.push(d.at(src.first_line + line - 1, col));
                }
            }
        } else if let Some(path) = from_site_root(dest_url) {
            // Images are files, never folders: no index.html for them offline.
            *dest_url = CowStr::from(relative_address(src.page, path, is_link && src.offline));
        }
    }
}

/// The page address of a link to a content file, or what is wrong with it.
fn link_to_file(file: &str, anchor: &str, src: &Source) -> Result<String, Diagnostic> {
    let target = match file.strip_prefix('/') {
        Some(from_content) => resolve_relative(&Path::new(CONTENT_DIR).join("x"), from_content),
        None => resolve_relative(src.path, file),
    };
    let shown = target.as_ref().map_or(file.to_string(), |t| {
        t.display().to_string().replace('\\', "/")
    });
    match target.as_deref().and_then(|t| (src.resolve)(t)) {
        Some(page) if page == DRAFT_PAGE => Err(Diagnostic::error(
            src.path,
            format!("link to a draft: {shown} is a draft, not published"),
        )
        .with_hint("publish it (remove `draft: true` from it), link to something else, or build with --drafts to preview both")),
        Some(page) => Ok(crate::urls::relative(
            src.page,
            &format!("{page}{anchor}"),
            src.offline,
        )),
        None => Err(
            Diagnostic::error(src.path, format!("link to a missing file: {shown}")).with_hint(
                "link to another content file with its path relative to this file, e.g. ../cases/gaokong.md",
            ),
        ),
    }
}

/// `../cases/a.md#x` → (`../cases/a.md`, `#x`) when the link is a link to a
/// Markdown file: relative, or from the content folder (`/cases/a.md`).
fn content_link(dest: &str) -> Option<(String, String)> {
    if dest.contains("://")
        || dest.starts_with("//")
        || dest.starts_with('#')
        || dest.starts_with("mailto:")
        || dest.starts_with("tel:")
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

/// `/cases/a/` → `cases/a/`: an address from the site root (not `//host/…`).
fn from_site_root(dest: &str) -> Option<&str> {
    dest.strip_prefix('/').filter(|rest| !rest.starts_with('/'))
}

/// How to reach `path` (from the site root, maybe with `?query` or
/// `#anchor`) from `page`; offline, a folder address names its index.html.
fn relative_address(page: &str, path: &str, offline: bool) -> String {
    let cut = path.find(['?', '#']).unwrap_or(path.len());
    let (target, rest) = path.split_at(cut);
    let mut out = crate::urls::relative(page, target, offline);
    out.push_str(rest);
    out
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

#[cfg(test)]
mod tests {
    use super::super::{Source, render};
    use super::*;

    fn resolve(p: &Path) -> Option<String> {
        match p.to_str()? {
            "content/cases/b.md" => Some("cases/b/".into()),
            "content/cases/draft.md" => Some(DRAFT_PAGE.into()),
            _ => None,
        }
    }

    fn source(offline: bool) -> Source<'static> {
        Source {
            path: Path::new("content/explainers/a.md"),
            first_line: 5,
            page: "explainers/a/",
            resolve: &resolve,
            offline,
        }
    }

    #[test]
    fn content_links_are_rewritten_and_missing_ones_reported() {
        let src = source(false);
        let r = render("见[案例](../cases/b.md#cai-pan)。", &src).unwrap();
        assert!(
            r.html.contains("href=\"../../cases/b/#cai-pan\""),
            "{}",
            r.html
        );
        let r = render("见[案例](/cases/b.md)。", &src).unwrap();
        assert!(r.html.contains("href=\"../../cases/b/\""), "{}", r.html);
        let errs = render("第一行\n\n见[案例](../cases/none.md)", &src).unwrap_err();
        assert_eq!((errs[0].line, errs[0].column), (Some(7), Some(2)));
        assert!(
            errs[0]
                .message
                .contains("missing file: content/cases/none.md")
        );
    }

    #[test]
    fn a_link_to_a_draft_says_so() {
        let errs = render("见[草稿](../cases/draft.md)", &source(false)).unwrap_err();
        assert_eq!(
            errs[0].message,
            "link to a draft: content/cases/draft.md is a draft, not published"
        );
        assert!(errs[0].hint.as_deref().unwrap().contains("--drafts"));
    }

    #[test]
    fn links_from_the_site_root_become_relative() {
        let r = render(
            "[漏水](/cases/loushui-an/) [首页](/) [搜](/search/?q=漏水#r) [外](https://a.org/x) [协议](//a.org/x)",
            &source(false),
        )
        .unwrap();
        for want in [
            "href=\"../../cases/loushui-an/\"",
            "href=\"../../\"",
            "href=\"../../search/?q=%E6%BC%8F%E6%B0%B4#r\"",
            "href=\"https://a.org/x\"",
            "href=\"//a.org/x\"",
        ] {
            assert!(r.html.contains(want), "{want}: {}", r.html);
        }
    }

    #[test]
    fn offline_root_links_name_index_files_but_images_stay_files() {
        let r = render(
            "[漏水](/cases/loushui-an/#cai-pan) ![宣传栏](/images/board.jpg)",
            &source(true),
        )
        .unwrap();
        assert!(
            r.html
                .contains("href=\"../../cases/loushui-an/index.html#cai-pan\""),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("src=\"../../images/board.jpg\""),
            "{}",
            r.html
        );
    }
}
