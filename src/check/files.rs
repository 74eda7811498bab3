//! Files that are silently not published, as warnings: a file in `content/`
//! that pufa does not read (Notepad's `a.md.txt`, a Word document, a
//! picture), and a file in `static/` that a page pufa writes would replace
//! (`static/404.html`, `static/cases/index.html`).

use std::path::{Path, PathBuf};

use super::pages::Published;
use crate::content::load::Found;
use crate::diagnostic::Diagnostic;
use crate::site::Site;

/// Files in `content/` that are read by something other than the content loader.
const KNOWN_FILES: &[&str] = &["content/laws.yaml"];

pub fn check(site: &Site, found: &Found, published: &Published) -> Vec<Diagnostic> {
    let mut out = unread_content(&site.root, &found.others);
    out.extend(replaced_statics(published));
    out
}

fn unread_content(root: &Path, others: &[PathBuf]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for path in others {
        let shown = path.strip_prefix(root).unwrap_or(path);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let known = KNOWN_FILES.iter().any(|k| Path::new(k) == shown);
        if known || is_editor_leftover(&name) {
            continue;
        }
        let (message, hint) = words::not_read(&name);
        out.push(Diagnostic::warning(shown, message).with_hint(hint));
    }
    out
}

/// Backup, swap and lock files editors and office programs leave beside a file.
fn is_editor_leftover(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower.ends_with('~')
        || lower.starts_with('#')
        || lower.starts_with("~$")
        || [".swp", ".swo", ".tmp", ".bak", ".orig"]
            .iter()
            .any(|e| lower.ends_with(e))
        || matches!(lower.as_str(), "thumbs.db" | "desktop.ini" | "4913")
}

/// Static files (of the site or its theme) at a path a page takes.
fn replaced_statics(published: &Published) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = published
        .statics
        .iter()
        .filter_map(|(path, source)| Some((path, source.as_ref()?)))
        .filter(|(path, _)| {
            let page = path.strip_suffix("index.html");
            page.is_some_and(|p| published.pages.contains(p)) || published.files.contains(*path)
        })
        .map(|(path, source)| {
            let (message, hint) = words::replaced(path);
            Diagnostic::warning(source, message).with_hint(hint)
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Every message of this check, with its hint.
mod words {
    pub fn not_read(name: &str) -> (String, String) {
        let lower = name.to_lowercase();
        let stem = name.split('.').next().unwrap_or(name);
        let hint = if lower.ends_with(".md") || lower.ends_with(".markdown") {
            format!("rename it {stem}.md (in lower case): pufa reads files ending in .md")
        } else if lower.ends_with(".txt") {
            format!(
                "pufa reads .md files: rename it {stem}.md (记事本 saves .txt unless 保存类型 is set to 所有文件)"
            )
        } else if [".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"]
            .iter()
            .any(|e| lower.ends_with(e))
        {
            "pictures go in static/ (e.g. static/images/) and are shown with ![说明](/images/…)"
                .to_string()
        } else if [".doc", ".docx", ".wps", ".pdf", ".xls", ".xlsx", ".et"]
            .iter()
            .any(|e| lower.ends_with(e))
        {
            "copy the text into a .md file (a spreadsheet: save it as CSV into content/books/); files for download go in static/".to_string()
        } else {
            "content/ holds .md files (and .csv catalogues in content/books/); other files go in static/".to_string()
        };
        (
            "this file is not read: pufa reads only .md files here".to_string(),
            hint,
        )
    }

    pub fn replaced(path: &str) -> (String, String) {
        let page = path.strip_suffix("index.html").unwrap_or(path);
        (
            format!("this file is not published: pufa writes its own /{page} there"),
            "rename or move the file; to change that page, put your own template in templates/ (see Theming in README.md)".to_string(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_of_editors_are_not_warned_about() {
        for name in [
            "a.md~",
            "#a.md#",
            "a.md.swp",
            "~$目录.docx",
            "Thumbs.db",
            "4913",
        ] {
            assert!(is_editor_leftover(name), "{name}");
        }
        assert!(!is_editor_leftover("a.md.txt"));
    }

    #[test]
    fn static_files_under_a_page_are_found() {
        let mut p = Published::default();
        p.pages.insert("cases/".into());
        p.files.insert("404.html".into());
        for (path, source) in [
            ("cases/index.html", "static/cases/index.html"),
            ("404.html", "static/404.html"),
            ("images/a.png", "static/images/a.png"),
        ] {
            p.statics.insert(path.into(), Some(source.into()));
        }
        p.statics.insert("style.css".into(), None);
        let found: Vec<_> = replaced_statics(&p)
            .into_iter()
            .map(|d| (d.path.display().to_string(), d.message))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "static/404.html".to_string(),
                    "this file is not published: pufa writes its own /404.html there".to_string()
                ),
                (
                    "static/cases/index.html".to_string(),
                    "this file is not published: pufa writes its own /cases/ there".to_string()
                ),
            ]
        );
    }
}
