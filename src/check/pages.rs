//! Every address the site publishes, worked out from the site model the
//! way the renderer lays pages out (`render::pages`, `print`, feeds, the
//! static files), so links can be checked before anything is rendered. A
//! law's longer lists under its page are taken on trust.
//! `tests/check.rs` builds the example site and holds this list against
//! the files actually written, so the two cannot drift apart unnoticed.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::content::Kind;
use crate::site::{Site, Term};

/// Pages (`cases/a/`, `` for home) and other files (`images/a.png`,
/// `atom.xml`) of the built site, by path from its root.
#[derive(Debug, Default)]
pub struct Published {
    pub pages: HashSet<String>,
    pub files: HashSet<String>,
    /// Static files by output path, with the file they come from
    /// (`None`: the built-in theme).
    pub statics: HashMap<String, Option<PathBuf>>,
}

/// Folders whose files pufa writes itself and whose names cannot be known
/// in advance.
const GENERATED_FOLDERS: &[&str] = &["search/data/"];

impl Published {
    /// Whether `path` (from the site root, no leading `/`) is published:
    /// a page (with or without its final `/` or `index.html`) or a file.
    pub fn contains(&self, path: &str) -> bool {
        let page = path.strip_suffix("index.html").unwrap_or(path);
        if self.pages.contains(page) || self.files.contains(path) {
            return true;
        }
        if !page.ends_with('/') && self.pages.contains(&format!("{page}/")) {
            return true;
        }
        self.statics.contains_key(path)
            || GENERATED_FOLDERS.iter().any(|f| path.starts_with(f))
            || self.under_a_law_page(page)
    }

    /// A law's longer lists (`laws/min-fa-dian/books/`, `…/tiao-1254/page/2/`)
    /// depend on how many items cite it and how; they are taken as written
    /// once the law's own page exists.
    fn under_a_law_page(&self, path: &str) -> bool {
        path.strip_prefix("laws/")
            .and_then(|rest| rest.split_once('/'))
            .is_some_and(|(slug, rest)| {
                !rest.is_empty() && self.pages.contains(&format!("laws/{slug}/"))
            })
    }
}

pub fn published(site: &Site) -> Published {
    let mut out = Published::default();
    let pages = &mut out.pages;
    let per = site.config.paginate.max(1);
    pages.insert(String::new());
    for kind in [Kind::Explainer, Kind::Case, Kind::Lecture] {
        paginated(pages, kind.folder(), site.index.of_kind(kind).len(), per);
    }
    for entry in &site.entries {
        if entry.item.kind.has_own_page() {
            pages.insert(entry.item.url_path());
        }
    }
    for section in [
        "bulletins/",
        "books/",
        "contacts/",
        "buildings/",
        "laws/",
        "search/",
        "archive/",
        crate::print::INDEX_PATH,
        crate::print::cards::PATH,
    ] {
        pages.insert(section.to_string());
    }
    for &id in &site.laws.pages {
        pages.insert(crate::laws::view::law_path(&site.laws, id));
    }
    for &(year, month) in site.index.months.keys() {
        pages.insert(format!("archive/{year}/"));
        pages.insert(format!("archive/{year}/{month:02}/"));
    }
    terms(pages, "topics", &site.index.topics, per);
    terms(pages, "audiences", &site.index.audiences, per);
    let buildings: Vec<&str> = site
        .entries
        .iter()
        .filter(|e| e.item.kind == Kind::Building)
        .map(|e| e.item.slug.as_str())
        .collect();
    for &b in site.index.of_kind(Kind::Bulletin) {
        if let Some(date) = site.entry(b).item.date {
            let month = crate::print::sheets::month_key(date);
            pages.insert(crate::print::sheets::sheet_path(&month, None));
            for building in &buildings {
                pages.insert(crate::print::sheets::sheet_path(&month, Some(building)));
            }
        }
    }
    for file in ["404.html", "atom.xml", "sitemap.xml", "robots.txt"] {
        out.files.insert(file.to_string());
    }
    out.files.extend(crate::print::qr_files(site));
    out.statics = static_files(&site.root, &site.config.theme);
    out
}

/// `BASE/`, `BASE/page/2/`, … for a list of `count` items.
fn paginated(pages: &mut HashSet<String>, base: &str, count: usize, per: usize) {
    pages.insert(format!("{base}/"));
    for n in 2..=count.div_ceil(per) {
        pages.insert(format!("{base}/page/{n}/"));
    }
}

fn terms(pages: &mut HashSet<String>, section: &str, terms: &[Term], per: usize) {
    pages.insert(format!("{section}/"));
    for t in terms {
        paginated(pages, &format!("{section}/{}", t.slug), t.items.len(), per);
    }
}

/// Static files by output path, the most specific source first: the site's
/// `static/`, its theme's `static/`, then the built-in theme.
pub fn static_files(root: &Path, theme: &str) -> HashMap<String, Option<PathBuf>> {
    let mut out: HashMap<String, Option<PathBuf>> = HashMap::new();
    for dir in [
        root.join("static"),
        root.join("themes").join(theme).join("static"),
    ] {
        for entry in walkdir::WalkDir::new(&dir)
            .follow_links(true)
            .into_iter()
            .flatten()
        {
            if entry.file_type().is_file()
                && let Ok(rel) = entry.path().strip_prefix(&dir)
            {
                let shown = entry.path().strip_prefix(root).unwrap_or(entry.path());
                out.entry(rel.to_string_lossy().replace('\\', "/"))
                    .or_insert_with(|| Some(shown.to_path_buf()));
            }
        }
    }
    for (name, _) in crate::theme::DEFAULT_STATIC {
        out.entry(name.to_string()).or_insert(None);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_paginated_like_the_renderer() {
        let mut pages = HashSet::new();
        paginated(&mut pages, "cases", 41, 20);
        let mut sorted: Vec<_> = pages.into_iter().collect();
        sorted.sort();
        assert_eq!(sorted, ["cases/", "cases/page/2/", "cases/page/3/"]);
    }

    #[test]
    fn pages_match_with_or_without_their_last_slash() {
        let mut p = Published::default();
        p.pages.insert("cases/gaokong/".into());
        p.files.insert("atom.xml".into());
        assert!(p.contains("cases/gaokong/"));
        assert!(p.contains("cases/gaokong"));
        assert!(p.contains("cases/gaokong/index.html"));
        assert!(p.contains("atom.xml"));
        assert!(p.contains("search/data/t0.js"));
        assert!(!p.contains("cases/nothere/"));
        p.pages.insert("laws/min-fa-dian/".into());
        assert!(p.contains("laws/min-fa-dian/books/page/2/"));
        assert!(!p.contains("laws/xing-fa/books/"));
    }
}
