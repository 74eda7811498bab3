//! `pufa new KIND TITLE`: writes a new content file with the front matter its
//! kind needs and a pinyin file name, never overwriting an existing file.

use chrono::{Datelike, Local, NaiveDate};
use clap::Args as ClapArgs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::CmdResult;
use crate::content::Kind;
use crate::content::load::CONTENT_DIR;
use crate::content::slug::slugify;
use crate::diagnostic::Diagnostic;

#[derive(ClapArgs, Debug)]
pub struct Args {
    /// explainer, case, bulletin, book, lecture, contact, building or page (or 法律常识, 以案说法…).
    pub kind: String,
    /// The title (or name, for contacts and buildings).
    pub title: String,
    /// The site folder; default: the current folder.
    #[arg(long)]
    pub root: Option<PathBuf>,
}

pub fn run(args: Args) -> CmdResult {
    let root = super::site_root(args.root);
    let kind = Kind::from_user_word(&args.kind).ok_or_else(|| {
        Diagnostic::error(&args.kind, "not a kind of content").with_hint(format!(
            "use one of: {}",
            Kind::ALL
                .map(|k| format!("{} ({})", k.folder().trim_end_matches('s'), k.name_zh()))
                .join(", ")
        ))
    })?;
    let today = Local::now().date_naive();
    let folder = root.join(CONTENT_DIR).join(kind.folder());
    let stem = match kind {
        Kind::Bulletin => today.format("%Y-%m").to_string(),
        _ => slugify(&args.title),
    };
    if stem.is_empty() {
        return Err(
            Diagnostic::error(&args.title, "cannot make a file name from this title")
                .with_hint("use a title with Chinese characters, letters or digits")
                .into(),
        );
    }
    let path = folder.join(format!("{stem}.md"));
    let text = front_matter(kind, &args.title, today, &root);
    std::fs::create_dir_all(&folder)
        .map_err(|e| Diagnostic::io(&folder, "create the folder", &e))?;
    write_new(&path, &text)?;
    println!("{}", path.display());
    Ok(())
}

/// Creates `path` only if it does not exist yet.
fn write_new(path: &Path, text: &str) -> CmdResult {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Diagnostic::error(
                    path,
                    "this file already exists; pufa never overwrites content",
                )
                .with_hint("choose another title, or edit the existing file")
            } else {
                Diagnostic::io(path, "create the file", &e)
            }
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Diagnostic::io(path, "write the file", &e).into())
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The front matter and a short body to start from.
pub fn front_matter(kind: Kind, title: &str, today: NaiveDate, root: &Path) -> String {
    let t = quoted(title);
    let date = today.format("%Y-%m-%d");
    let common = "topics: []\naudiences: []\nauthor: \"\"\nreviewers: []\ndraft: true\n";
    let fm = match kind {
        Kind::Explainer => format!("title: {t}\ndate: {date}\nkey_points: []\n{common}"),
        Kind::Case => format!("title: {t}\ndate: {date}\nsource: \"\"\n{common}"),
        Kind::Bulletin => {
            let issue = bulletins_in_year(root, today.year()) + 1;
            let featured = newest_stem(&root.join(CONTENT_DIR).join("explainers"))
                .map_or("explainers/CHANGE-ME".to_string(), |s| {
                    format!("explainers/{s}")
                });
            format!(
                "title: {t}\nmonth: \"{}\"\nissue: {issue}\ntheme: \"\"\nkeeper: \"\"\nfeatured: [{featured}]\n{common}",
                today.format("%Y-%m")
            )
        }
        Kind::Book => format!(
            "title: {t}\nauthor: \"\"\npublisher: \"\"\nyear: {}\nisbn: \"\"\ncategory: \"\"\nshelf: \"\"\ncopies: 1\nformat: book\n",
            today.year()
        ),
        Kind::Lecture => {
            format!("title: {t}\ndate: {date}\ntime: \"14:30-16:00\"\nplace: \"\"\n{common}")
        }
        Kind::Contact => format!(
            "name: {t}\nrole: \"\"\norganization: \"\"\nphone: \"\"\npublish_phone: false\nhours: \"\"\ncommunities: []\n"
        ),
        Kind::Building => format!(
            "name: {t}\ncommunity: \"\"\ngroup: \"\"\nofficer: \"\"\nboard: \"\"\nhouseholds: 0\n"
        ),
        Kind::Page => format!("title: {t}\n"),
    };
    let body = match kind {
        Kind::Case => "\n## 案情\n\n\n## 裁判\n\n\n## 说法\n\n",
        Kind::Explainer => "\n在这里用通俗的话写正文。写完后删除 `draft: true` 这一行即可发布。\n",
        _ => "\n",
    };
    format!("---\n{fm}---\n{body}")
}

fn bulletins_in_year(root: &Path, year: i32) -> usize {
    let dir = root.join(CONTENT_DIR).join("bulletins");
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(&format!("{year}-"))
        })
        .count()
}

fn newest_stem(dir: &Path) -> Option<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".md"))
                .map(str::to_string)
        })
        .collect();
    names.sort();
    names.pop()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load::parse_item;

    #[test]
    fn every_kind_starts_with_valid_front_matter() {
        let today = NaiveDate::from_ymd_opt(2023, 5, 12).unwrap();
        for kind in Kind::ALL {
            let text = front_matter(kind, "高空抛物“有责”", today, Path::new("/nonexistent"));
            let parsed = parse_item(&text, PathBuf::from("content/x/a.md"), kind);
            assert!(parsed.is_ok(), "{kind:?}: {:?}\n{text}", parsed.err());
        }
    }
}
