//! Walks `content/`, reads every Markdown file in parallel and turns each
//! into an [`Item`]: kind from the folder, id from the file stem, slug, dates.
//! All problems from all files are gathered before giving up.

use chrono::NaiveDate;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

use super::frontmatter::{self, Located, Split, Text};
use super::item::Item;
use super::kind::Kind;
use super::read::read_text;
use super::slug::{is_valid, slugify};
use crate::diagnostic::{Diagnostic, Failure, Result};

pub const CONTENT_DIR: &str = "content";

/// Every content file under `root/content`, sorted by path; fails with every
/// problem found when any file cannot be loaded.
pub fn load_all(root: &Path) -> Result<Vec<Item>> {
    let mut loaded = gather_all(root);
    if loaded.problems.iter().any(Diagnostic::is_error) {
        crate::diagnostic::sort(&mut loaded.problems);
        return Err(Failure(loaded.problems));
    }
    Ok(loaded.items)
}

/// What loading `content/` gave: the items that loaded, every problem, and
/// the files that exist but could not be loaded (so later checks do not
/// report references to them as missing).
#[derive(Debug, Default)]
pub struct Loaded {
    pub items: Vec<Item>,
    pub problems: Vec<Diagnostic>,
    /// Kind and path from the site root of each file that failed to load.
    pub broken: Vec<(Kind, PathBuf)>,
}

/// Loads every file it can, in parallel, gathering all problems.
pub fn gather_all(root: &Path) -> Loaded {
    let (files, problems) = find_files(root);
    let results: Vec<(Kind, PathBuf, Vec<Item>, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|(kind, path)| {
            let (items, problems) = if is_catalogue(path) {
                // A catalogue keeps its good rows; bad rows come back as problems.
                super::csv::load_file(root, path)
            } else {
                // A file with mistakes still joins the later checks when it can.
                let (item, problems) = load_file_lenient(root, path, *kind);
                (item.into_iter().collect(), problems)
            };
            (*kind, relative(root, path), items, problems)
        })
        .collect();
    let mut loaded = Loaded {
        problems,
        ..Loaded::default()
    };
    for (kind, shown, mut items, mut problems) in results {
        if items.is_empty() && !problems.is_empty() {
            loaded.broken.push((kind, shown));
        }
        loaded.items.append(&mut items);
        loaded.problems.append(&mut problems);
    }
    loaded
}

/// Every `.md` file under `root/content` with its kind, and problems with
/// files that sit where no kind lives.
pub fn find_files(root: &Path) -> (Vec<(Kind, PathBuf)>, Vec<Diagnostic>) {
    let found = find_all(root);
    (found.files, found.problems)
}

/// What is in `content/`.
#[derive(Debug, Default)]
pub struct Found {
    /// Content files (Markdown, catalogues) with their kind.
    pub files: Vec<(Kind, PathBuf)>,
    /// Problems with files that sit where no kind lives, and with the walk.
    pub problems: Vec<Diagnostic>,
    /// Every other file (not hidden), which the loader does not read.
    pub others: Vec<PathBuf>,
}

/// Walks `root/content` once: its content files and the other files.
pub fn find_all(root: &Path) -> Found {
    let content = root.join(CONTENT_DIR);
    let mut found = Found::default();
    if !content.is_dir() {
        found.problems.push(
            Diagnostic::error(CONTENT_DIR, "there is no content folder")
                .with_hint("create content/ with folders such as content/explainers/"),
        );
        return found;
    }
    let (files, problems, others) = (&mut found.files, &mut found.problems, &mut found.others);
    let walker = WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_hidden(e.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let shown = err
                    .path()
                    .map(|p| relative(root, p))
                    .unwrap_or_else(|| PathBuf::from(CONTENT_DIR));
                let message = if err.loop_ancestor().is_some() {
                    "this link points back at a folder that contains it (a symlink loop)"
                        .to_string()
                } else {
                    walk_error_words(&err)
                };
                problems
                    .push(Diagnostic::error(shown, message).with_hint("remove or fix the link"));
                continue;
            }
        };
        let (markdown, catalogue) = (is_markdown(entry.path()), is_catalogue(entry.path()));
        if !entry.file_type().is_file() {
            continue;
        }
        if !(markdown || catalogue) {
            others.push(entry.path().to_path_buf());
            continue;
        }
        let path = entry.path().to_path_buf();
        let rel = relative(&content, &path);
        let folder = rel.components().next().and_then(|c| c.as_os_str().to_str());
        let kind = folder
            .and_then(Kind::from_folder)
            .filter(|_| rel.components().count() == 2);
        match kind {
            Some(kind) if markdown => files.push((kind, path)),
            Some(Kind::Book) => files.push((Kind::Book, path)),
            Some(_) => problems.push(
                Diagnostic::error(
                    relative(root, &path),
                    "a spreadsheet (.csv) only counts as content in content/books/",
                )
                .with_hint("move the catalogue to content/books/, or save the text as a .md file"),
            ),
            None => problems.push(
                Diagnostic::error(
                    relative(root, &path),
                    "this file is not in a content folder pufa knows",
                )
                .with_hint(format!(
                    "put it directly in one of: {}",
                    Kind::ALL
                        .map(|k| format!("content/{}/", k.folder()))
                        .join(", ")
                )),
            ),
        }
    }
    found
}

/// A walking error in words: a link to nothing, a folder that cannot be opened.
pub fn walk_error_words(err: &walkdir::Error) -> String {
    match err.io_error().map(std::io::Error::kind) {
        Some(std::io::ErrorKind::NotFound) => {
            "this link points to a file or folder that does not exist".to_string()
        }
        Some(std::io::ErrorKind::PermissionDenied) => {
            "cannot be read: permission denied".to_string()
        }
        Some(other) => format!("cannot be read: {other}"),
        None => "cannot be read".to_string(),
    }
}

pub fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') && n.len() > 1)
}

pub fn relative(base: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(base).unwrap_or(path).to_path_buf()
}

/// Loads one file; `root` is the site root, so paths in messages start at
/// `content/`. Any problem fails it.
pub fn load_file(
    root: &Path,
    path: &Path,
    kind: Kind,
) -> std::result::Result<Item, Vec<Diagnostic>> {
    let shown = relative(root, path);
    let text = read_text(path, &shown).map_err(|d| vec![d])?;
    parse_item(&text, shown, kind)
}

/// Loads one file like [`parse_item_lenient`].
pub fn load_file_lenient(root: &Path, path: &Path, kind: Kind) -> (Option<Item>, Vec<Diagnostic>) {
    let shown = relative(root, path);
    match read_text(path, &shown) {
        Ok(text) => parse_item_lenient(&text, shown, kind),
        Err(d) => (None, vec![d]),
    }
}

/// Whether a content file is a catalogue spreadsheet (`.csv`, any case).
pub fn is_catalogue(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

/// Whether a file is Markdown content: its name ends in `.md`. Other
/// spellings (`.MD`, `.markdown`) are not read but warned about (see
/// `check::files`), so `pufa build` and `pufa serve` agree on what is content.
pub fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "md")
}

/// Builds an item from a file's text (already decoded); any problem fails it.
pub fn parse_item(
    text: &str,
    shown: PathBuf,
    kind: Kind,
) -> std::result::Result<Item, Vec<Diagnostic>> {
    match parse_item_lenient(text, shown, kind) {
        (Some(item), problems) if problems.is_empty() => Ok(item),
        (_, problems) => Err(problems),
    }
}

/// The item of `content/KIND/ID.md` holding front matter `fm` and a short
/// body, for unit tests; it must load.
#[cfg(test)]
pub fn test_item(kind: Kind, id: &str, fm: &str) -> Item {
    let text = format!("---\n{fm}---\n正文。\n");
    let path = PathBuf::from(format!("content/{}/{id}.md", kind.folder()));
    parse_item(&text, path, kind).unwrap_or_else(|p| panic!("{p:?}"))
}

/// Builds an item from a file's text, with every problem. The item comes
/// back even when some of its values were wrong (they are left out and
/// reported), as long as it has what every page of its kind needs: its
/// required keys, a readable date for dated kinds, a URL name. So a file
/// with one mistake still goes through every later check.
pub fn parse_item_lenient(
    text: &str,
    shown: PathBuf,
    kind: Kind,
) -> (Option<Item>, Vec<Diagnostic>) {
    let split = match frontmatter::split(text, &shown) {
        Ok(split) => split,
        Err(d) => return (None, vec![d]),
    };
    let parsed = frontmatter::parse_lenient(&split, kind, &shown);
    let lacks_required = parsed.lacks_required(kind);
    let mut problems = parsed.problems;
    let Some(fm) = parsed.front else {
        return (None, problems);
    };
    let lacks_required = lacks_required || !problems.is_empty() && missing_required(&problems);
    let id = shown
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    let mut date_of = |value: &Option<Located<Text>>, key: &str| {
        value.as_ref().and_then(|v| match parse_date(&v.value.0) {
            Ok(d) => Some(d),
            Err(why) => {
                problems.push(
                    at_value(&shown, &split, v, format!("`{key}`: {why}"))
                        .with_hint("dates are written YYYY-MM-DD, e.g. 2023-05-12"),
                );
                None
            }
        })
    };
    let mut date = date_of(&fm.date, "date");
    let updated = date_of(&fm.updated, "updated");
    if let Some(month) = &fm.month {
        match parse_month(&month.value.0) {
            Ok(first_day) => date = Some(first_day),
            Err(why) => problems.push(
                at_value(&shown, &split, month, format!("`month`: {why}"))
                    .with_hint("write the month as \"2023-05\" (in quotes)"),
            ),
        }
    }
    let from_file_name = || match kind {
        Kind::Bulletin => date
            .map(|d| d.format("%Y-%m").to_string())
            .unwrap_or_default(),
        _ if is_valid(&id) => id.clone(),
        _ => slugify(&id),
    };
    let slug = match &fm.slug {
        Some(s) if is_valid(&s.value) => s.value.clone(),
        Some(s) => {
            problems.push(
                at_value(
                    &shown,
                    &split,
                    s,
                    format!("`slug`: \"{}\" is not a plain URL name", s.value),
                )
                .with_hint(format!(
                    "use lowercase letters, digits and hyphens, e.g. {}",
                    slugify(&s.value)
                )),
            );
            // The checks go on as if the file name gave it.
            from_file_name()
        }
        None => from_file_name(),
    };
    if slug.is_empty() && problems.is_empty() {
        problems.push(
            Diagnostic::error(&shown, "cannot make a URL name from the file name").with_hint(
                "rename the file with letters or Chinese characters, or add `slug: a-name`",
            ),
        );
    }
    let title = match kind {
        Kind::Contact | Kind::Building => fm.name.clone().or_else(|| fm.title.clone()),
        _ => fm.title.clone(),
    }
    .unwrap_or_default();
    if let Some(format) = &fm.format
        && !matches!(format.value.as_str(), "book" | "periodical")
    {
        problems.push(
            at_value(
                &shown,
                &split,
                format,
                format!("`format`: \"{}\" is not a catalogue format", format.value),
            )
            .with_hint("use `book` or `periodical`"),
        );
    }
    let usable = !lacks_required && !slug.is_empty() && (!kind.is_dated() || date.is_some());
    if !usable {
        return (None, problems);
    }
    let item = Item {
        kind,
        id,
        source: shown,
        slug,
        title,
        date,
        updated,
        body: split.body.to_string(),
        body_line: split.body_line,
        yaml: split.yaml.to_string(),
        yaml_line: split.yaml_line,
        fm,
    };
    (Some(item), problems)
}

/// Whether the problems say a required key is missing or empty.
fn missing_required(problems: &[Diagnostic]) -> bool {
    problems.iter().any(|d| {
        d.message.starts_with("missing required key")
            || d.message.starts_with("`featured` is empty")
    })
}

/// A problem placed at a front-matter value.
pub fn at_value<T>(path: &Path, split: &Split, value: &Located<T>, message: String) -> Diagnostic {
    let line = split.yaml_line + (value.referenced.line() as usize).saturating_sub(1);
    Diagnostic::error(path, message).at(line, value.referenced.column() as usize)
}

pub fn parse_date(text: &str) -> std::result::Result<NaiveDate, String> {
    let text = text.trim();
    let looks_right = text.len() == 10
        && text.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !looks_right {
        return Err(format!("\"{text}\" is not a date in the form YYYY-MM-DD"));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("{text} does not exist in the calendar"))
}

pub fn parse_month(text: &str) -> std::result::Result<NaiveDate, String> {
    let text = text.trim();
    let ok_shape = text.len() == 7 && text.as_bytes()[4] == b'-';
    let parsed = ok_shape
        .then(|| NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").ok())
        .flatten();
    parsed.ok_or_else(|| format!("\"{text}\" is not a month in the form YYYY-MM"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, kind: Kind) -> std::result::Result<Item, Vec<Diagnostic>> {
        parse_item(text, PathBuf::from("content/x/高空 抛物.md"), kind)
    }

    #[test]
    fn non_ascii_file_names_get_pinyin_slugs() {
        let item = parse(
            "---\ntitle: 高空抛物\ndate: 2023-05-12\n---\n正文",
            Kind::Explainer,
        )
        .unwrap();
        assert_eq!(item.slug, "gao-kong-pao-wu");
        assert_eq!(item.id, "高空 抛物");
    }

    #[test]
    fn impossible_dates_are_placed() {
        let errs = parse("---\ntitle: a\ndate: 2023-02-30\n---\n", Kind::Case).unwrap_err();
        assert_eq!(errs[0].line, Some(3));
        assert_eq!(errs[0].column, Some(7));
        assert!(
            errs[0].message.contains("2023-02-30 does not exist"),
            "{}",
            errs[0].message
        );
    }

    #[test]
    fn bulletin_slug_is_its_month() {
        let item = parse(
            "---\ntitle: 五月\nmonth: \"2023-05\"\nissue: 5\nfeatured: [cases/a]\n---\n",
            Kind::Bulletin,
        )
        .unwrap();
        assert_eq!(item.slug, "2023-05");
        assert_eq!(item.date, NaiveDate::from_ymd_opt(2023, 5, 1));
    }

    #[test]
    fn bad_month_and_slug() {
        let errs = parse(
            "---\ntitle: 五月\nmonth: 2023-13\nissue: 5\nfeatured: [cases/a]\n---\n",
            Kind::Bulletin,
        )
        .unwrap_err();
        assert!(errs[0].message.contains("`month`"));
        let errs = parse("---\ntitle: a\nslug: 中文\n---\n", Kind::Page).unwrap_err();
        assert!(errs[0].message.contains("`slug`"));
    }
}
