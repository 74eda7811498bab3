//! Files the site could not use: a content file whose front matter could
//! not be read, whose Markdown failed (a link to a missing file), or a
//! catalogue row without a title. Their own mistakes are reported where
//! they were found; this check still reads what can be read of them for
//! everything else, so one mistake does not hide another: phone and ID
//! numbers in their text, images and anchors in their Markdown, a missing
//! reviewer. Drafts are not published, so they are left alone.

use std::collections::HashSet;
use std::path::Path;

use super::links::{self, Body, Targets};
use super::{names, privacy, review};
use crate::content::frontmatter::{self, top_level_keys};
use crate::content::load::{self, Found, is_catalogue, relative};
use crate::content::read::read_text;
use crate::content::{Item, Kind};
use crate::diagnostic::Diagnostic;
use crate::markdown;
use crate::site::Site;

pub fn check(site: &Site, found: &Found, targets: &Targets) -> Vec<Diagnostic> {
    let in_site: HashSet<&Path> = site
        .entries
        .iter()
        .filter(|e| !e.item.is_catalogue_row())
        .map(|e| e.item.source.as_path())
        .collect();
    let mut out = Vec::new();
    for (kind, path) in &found.files {
        let (kind, path) = (*kind, path.as_path());
        let shown = relative(&site.root, path);
        if is_catalogue(path) {
            catalogue_rows(path, &shown, &mut out);
        } else if !in_site.contains(shown.as_path())
            && let Ok(text) = read_text(path, &shown)
        {
            markdown_file(site, targets, &text, &shown, kind, &mut out);
        }
    }
    out
}

fn markdown_file(
    site: &Site,
    targets: &Targets,
    text: &str,
    shown: &Path,
    kind: Kind,
    out: &mut Vec<Diagnostic>,
) {
    let (item, _) = load::parse_item_lenient(text, shown.to_path_buf(), kind);
    if let Some(item) = item {
        if !item.fm.draft {
            whole_item(site, targets, &item, out);
        }
        return;
    }
    let Ok(split) = frontmatter::split(text, shown) else {
        // No front matter to go by: the whole text may be published.
        let scope = scope(shown, kind, "");
        privacy::scan(scope, text, 1, false, out);
        return;
    };
    if draft_line(split.yaml) {
        return;
    }
    let scope = scope(shown, kind, split.yaml);
    privacy::scan(scope, split.yaml, split.yaml_line, true, out);
    privacy::scan(scope, split.body, split.body_line, false, out);
    let stem = shown
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let body = Body {
        source: shown,
        page: format!("{}/{}/", kind.folder(), crate::content::slug::slugify(stem)),
        text: split.body,
        first_line: split.body_line,
    };
    links::check_body(targets, &body, own_ids(&body).as_ref(), out);
}

/// An item that loaded but whose Markdown failed: every check of an item.
fn whole_item(site: &Site, targets: &Targets, item: &Item, out: &mut Vec<Diagnostic>) {
    privacy::scan_item(item, out);
    if item.kind == Kind::Case {
        out.extend(names::full_name_in_title(item));
    }
    out.extend(review::check_item(item, site.config.require_review));
    let body = Body {
        source: &item.source,
        page: item.url_path(),
        text: &item.body,
        first_line: item.body_line,
    };
    links::check_body(targets, &body, own_ids(&body).as_ref(), out);
}

/// The ids of a text's headings, as its page would have them, whatever its
/// links point at; `None` when the text cannot be rendered at all.
fn own_ids(body: &Body) -> Option<HashSet<String>> {
    let anywhere = |_: &Path| Some(String::new());
    let src = markdown::Source {
        path: body.source,
        first_line: body.first_line,
        page: &body.page,
        resolve: &anywhere,
        offline: false,
    };
    markdown::render(body.text, &src)
        .ok()
        .map(|r| links::ids_in(&r.html))
}

fn scope<'a>(shown: &'a Path, kind: Kind, yaml: &str) -> privacy::Scope<'a> {
    privacy::Scope {
        source: shown,
        row: "",
        kind,
        phones_published: kind == Kind::Contact && yaml_says(yaml, "publish_phone", "true"),
    }
}

fn draft_line(yaml: &str) -> bool {
    yaml_says(yaml, "draft", "true")
}

/// Whether a top-level line reads `key: value` (for front matter that
/// cannot be parsed as a whole).
fn yaml_says(yaml: &str, key: &str, value: &str) -> bool {
    top_level_keys(yaml, 0).iter().any(|(k, i)| {
        k == key
            && yaml
                .lines()
                .nth(*i)
                .and_then(|l| l.split_once(':'))
                .is_some_and(|(_, v)| v.split('#').next().unwrap_or_default().trim() == value)
    })
}

/// Rows of a catalogue that became no book (no title yet): once the title
/// is filled in, their cells are published, so they are scanned now, with
/// their row number. Rows that became books were scanned with the site.
fn catalogue_rows(path: &Path, shown: &Path, out: &mut Vec<Diagnostic>) {
    let Ok(bytes) = crate::content::read::read_bytes(path, shown) else {
        return;
    };
    let Ok(text) = crate::content::csv::decode(bytes, shown) else {
        return;
    };
    let (items, _) = crate::content::csv::parse(text.clone().into_bytes(), shown);
    let mut covered: HashSet<usize> = HashSet::from([1]);
    for item in &items {
        let rows = item.yaml.lines().count().max(1);
        covered.extend(item.yaml_line..item.yaml_line + rows);
    }
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        if covered.contains(&number) || line.trim().is_empty() {
            continue;
        }
        let row = format!("row {number}: ");
        let scope = privacy::Scope {
            source: shown,
            row: &row,
            kind: Kind::Book,
            phones_published: false,
        };
        privacy::scan(scope, line, number, false, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_lines_are_read_without_a_parser() {
        let yaml = "title: [broken\npublish_phone: true # yes\ndraft: false\n";
        assert!(yaml_says(yaml, "publish_phone", "true"));
        assert!(!draft_line(yaml));
        assert!(draft_line("draft: true\n"));
    }
}
