//! What of each entry search sees: its title, and the text searched as its
//! body (the page text plus the fields a reader would search by). The body
//! is also what the browser cuts result snippets from, around the matched
//! words, so it is shipped once and serves both.
//!
//! Privacy lives here too: a contact is found by name, role, organisation
//! and hours, never by phone (the phone field is not read at all, published
//! or not; the contacts page shows published numbers).

use rayon::prelude::*;

use crate::content::{Item, Kind};
use crate::site::dates::day_zh;
use crate::site::{Entry, Site};

use super::text::html_to_text;

#[derive(Debug, Clone)]
pub struct Document {
    pub kind: Kind,
    pub title: String,
    /// Page path from the site root (`cases/a/`, `contacts/#zhang`).
    pub path: String,
    /// 2023年5月12日, for dated kinds.
    pub date: Option<String>,
    /// Searched as body text, and cut into snippets: the fields and the
    /// page text, one block a line, the more telling first (see
    /// [`fields_lead`]), so a snippet with no match shows its opening.
    pub body: String,
}

/// The searchable documents of a site, in site order.
pub fn documents(site: &Site) -> Vec<Document> {
    documents_unless(site, &|| false).expect("never stopped")
}

/// [`documents`], or `None` once `stop` says to (asked before each entry).
pub fn documents_unless(site: &Site, stop: &(dyn Fn() -> bool + Sync)) -> Option<Vec<Document>> {
    let speakers = |id: &str| {
        site.index
            .by_ref
            .get(&format!("contacts/{id}"))
            .map(|i| site.entry(*i).item.title.clone())
    };
    site.entries
        .par_iter()
        .map(|e| (!stop()).then(|| document(e, &speakers)))
        .collect()
}

fn document(entry: &Entry, speaker_name: &dyn Fn(&str) -> Option<String>) -> Document {
    let item = &entry.item;
    let mut fields = fields(item, speaker_name);
    fields.retain(|f| !f.trim().is_empty());
    let text = html_to_text(entry.html());
    let fields = fields.join(" · ");
    let (first, second) = if fields_lead(item.kind) {
        (fields, text)
    } else {
        (text, fields)
    };
    let mut body = first;
    if !second.is_empty() {
        if !body.is_empty() {
            body.push('\n');
        }
        body.push_str(&second);
    }
    Document {
        kind: item.kind,
        title: item.title.clone(),
        path: item.url_path(),
        date: item.date.filter(|_| item.kind.is_dated()).map(day_zh),
        body,
    }
}

/// Kinds whose snippet starts with their fields (a book's author and
/// publisher say more than its blurb).
fn fields_lead(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Book | Kind::Contact | Kind::Lecture | Kind::Building
    )
}

/// Front-matter values a reader searches by, per kind.
fn fields(item: &Item, speaker_name: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
    let fm = &item.fm;
    let mut out: Vec<String> = Vec::new();
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    match item.kind {
        Kind::Explainer => out.extend(fm.key_points.iter().cloned()),
        Kind::Case => out.push(opt(&fm.source)),
        Kind::Bulletin => {
            if let (Some(d), Some(n)) = (item.date, fm.issue) {
                use chrono::Datelike;
                out.push(format!("{}年第{n}期", d.year()));
            }
            out.push(opt(&fm.theme));
        }
        Kind::Book => {
            out.push(opt(&fm.author));
            out.push(opt(&fm.publisher));
            out.extend(fm.year.map(|y| format!("{y}年")));
            out.push(opt(&fm.category));
            if let Some(isbn) = &fm.isbn {
                let raw = isbn.value.0.trim();
                let digits: String = raw.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
                out.push(format!("ISBN {raw}"));
                if digits != raw {
                    out.push(digits);
                }
            }
            if fm.format.as_ref().is_some_and(|f| f.value == "periodical") {
                out.push("期刊".into());
            }
            out.push(opt(&fm.superseded));
        }
        Kind::Lecture => {
            out.push(opt(&fm.place));
            if let Some(t) = &fm.time {
                out.push(t.0.clone());
            }
            if let Some(s) = &fm.speaker {
                out.extend(speaker_name(&s.value));
            }
        }
        Kind::Contact => {
            out.push(opt(&fm.role));
            out.push(opt(&fm.organization));
            out.push(opt(&fm.hours));
            out.extend(fm.communities.iter().cloned());
        }
        Kind::Building => {
            out.push(opt(&fm.community));
            out.push(opt(&fm.group));
            out.push(opt(&fm.officer));
            out.push(opt(&fm.board));
        }
        Kind::Page => {}
    }
    if !matches!(item.kind, Kind::Contact | Kind::Building) {
        if let Some(s) = &fm.summary {
            out.push(s.clone());
        }
        out.extend(fm.topics.iter().cloned());
        out.extend(fm.audiences.iter().cloned());
        out.extend(fm.laws.iter().cloned());
    }
    out
}
