//! Template data for laws: one law, and the laws an entry cites (the
//! 本文涉及法律 box and the repealed-law notices). Built once per entry by
//! `render::values`; no HTML here.

use serde_json::{Value as Json, json};

use super::builtin::OFFICIAL_DATABASE;
use super::cite::Article;
use super::index::LawIndex;
use super::registry::LawId;
use crate::content::Kind;
use crate::site::Entry;
use crate::site::dates::day_zh;

/// The page of a law, from the site root.
pub fn law_path(index: &LawIndex, id: LawId) -> String {
    format!("laws/{}/", index.law(id).slug)
}

/// Above this many cited articles, a law's page lists the articles alone,
/// each linking to its own list (`laws/SLUG/tiao-1254/`).
pub const ARTICLES_WITH_ITEMS: usize = 40;

/// Whether law `id`'s page lists the items under each article.
pub fn articles_inline(index: &LawIndex, id: LawId) -> bool {
    index.article_counts.get(id).copied().unwrap_or(0) <= ARTICLES_WITH_ITEMS
}

/// Where a link to `article` of law `id` goes: its place on the law's page,
/// its own list when the page lists articles alone, or the law's page when
/// the page does not list it.
pub fn article_path(index: &LawIndex, id: LawId, article: &Article) -> String {
    let path = law_path(index, id);
    if !index.lists_article(id, article) {
        path
    } else if articles_inline(index, id) {
        format!("{path}#{}", article_anchor(article))
    } else {
        format!("{path}{}/", article_anchor(article))
    }
}

/// The anchor of an article on its law's page: `tiao-1254`, `tiao-291-2`.
pub fn article_anchor(a: &Article) -> String {
    if a.sub > 0 {
        format!("tiao-{}-{}", a.number, a.sub)
    } else {
        format!("tiao-{}", a.number)
    }
}

/// A law as templates see it.
pub fn law_json(index: &LawIndex, id: LawId) -> Json {
    let law = index.law(id);
    let replaced_by = law.replaced_by.as_ref().map(|r| {
        json!({
            "name": index.law(r.law).short,
            "full_name": index.law(r.law).name,
            "path": law_path(index, r.law),
            "part": r.part,
        })
    });
    let entries = index.by_law.get(id).map_or(0, Vec::len);
    let mentions = index.mentions.get(id).copied().unwrap_or(0);
    let repealed = law.repeal_day(&index.registry);
    json!({
        "name": law.short,
        "full_name": law.name,
        "slug": law.slug,
        "path": law_path(index, id),
        "status": law.status,
        "status_zh": law.status.name_zh(),
        "repealed": law.is_repealed(),
        "effective": law.effective.map(|d| d.to_string()),
        "effective_zh": law.effective.map(day_zh),
        "repealed_zh": repealed.map(day_zh),
        "replaced_by": replaced_by,
        "description": law.description,
        "link": law.link,
        "link_is_database": law.link.as_deref().is_some_and(|l| l.starts_with(OFFICIAL_DATABASE)),
        "count": entries,
        "mentions": mentions,
    })
}

/// Every law's template value, built once per build and copied into the
/// entries citing it.
pub struct LawViews {
    laws: Vec<Json>,
}

impl LawViews {
    pub fn new(index: &LawIndex) -> LawViews {
        LawViews {
            laws: (0..index.registry.laws.len())
                .map(|id| law_json(index, id))
                .collect(),
        }
    }

    /// `law_refs` of an entry: every law it cites, with the articles (each
    /// linking as [`article_path`] says), and how a repealed law is to be read: `outdated`
    /// (the entry is read after the repeal; `show_replacement` when the
    /// replacement is known) or `written_before` the repeal.
    pub fn entry_refs(&self, index: &LawIndex, entry: &Entry, i: usize) -> Json {
        let list = index.by_entry.get(i).map_or(&[][..], Vec::as_slice);
        Json::Array(
            list.iter()
                .map(|c| {
                    let mut v = self.laws[c.law].clone();
                    let articles: Vec<Json> = c
                        .articles
                        .iter()
                        .map(|a| json!({ "label": a.label(), "path": article_path(index, c.law, a) }))
                        .collect();
                    v["articles"] = Json::Array(articles);
                    v["outdated"] = json!(index.is_outdated(entry, c.law));
                    v["show_replacement"] = json!(index.shows_replacement(entry, c.law));
                    v["written_before"] = json!(index.written_before_repeal(entry, c.law));
                    v["via_featured"] = json!(c.via_featured);
                    v
                })
                .collect(),
        )
    }

    /// `law_notices` of an entry: repealed laws it cites itself, as it is
    /// read after the repeal, without saying so; shown at the top, with what
    /// replaced them when that is known. Books whose `superseded:` already
    /// says so get none.
    pub fn entry_notices(&self, index: &LawIndex, entry: &Entry, i: usize) -> Json {
        if entry.item.kind == Kind::Book && entry.item.fm.superseded.is_some() {
            return json!([]);
        }
        Json::Array(
            index
                .own(i)
                .filter(|c| c.unacknowledged.is_some() && index.is_outdated(entry, c.law))
                .map(|c| self.laws[c.law].clone())
                .collect(),
        )
    }
}
