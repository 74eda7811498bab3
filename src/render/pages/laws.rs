//! The law pages: `/laws/` (every cited law with how often it is cited) and
//! `/laws/SLUG/` (the law, its status and replacement, the articles the
//! site cites with what they are about, and the newest items of each kind
//! citing it).
//!
//! A law's page stays small however large the site: it shows at most
//! [`CARDS_PER_KIND`] cards of each kind, with a link to the kind's full
//! list (`/laws/SLUG/explainers/`), and at most [`ITEMS_PER_ARTICLE`]
//! items under each article, with a link to the article's own list
//! (`/laws/SLUG/tiao-1254/`); those lists are compact rows, [`LIST_PAGE`]
//! to a page (`…/page/2/`). When the site
//! cites more than
//! [`ARTICLES_WITH_ITEMS`](crate::laws::view::ARTICLES_WITH_ITEMS) articles of a law, the page lists
//! only the articles and each links to its own list.

use tera::Value;

use super::{PageJob, Planner};
use crate::content::Kind;
use crate::laws::LawIndex;
use crate::laws::cite::Article;
use crate::laws::registry::LawId;
use crate::laws::view::{article_anchor, articles_inline, law_json, law_path};
use crate::site::Site;

/// The order kinds are shown in on a law's page.
const KINDS: [Kind; 6] = [
    Kind::Explainer,
    Kind::Case,
    Kind::Bulletin,
    Kind::Lecture,
    Kind::Book,
    Kind::Page,
];
/// Cards of one kind on a law's page; the rest are on the kind's list.
pub const CARDS_PER_KIND: usize = 6;
/// Items under one article on a law's page; the rest are on the article's list.
pub const ITEMS_PER_ARTICLE: usize = 3;
/// Rows on one page of a law's kind or article list.
pub const LIST_PAGE: usize = 50;

/// A list of a law's items that did not fit on its page.
struct LongList {
    base: String,
    title: String,
    subject: String,
    items: Vec<usize>,
}

impl Planner<'_> {
    /// `/laws/`: every cited law with its counts.
    pub(super) fn law_index(&self) -> PageJob {
        let index = &self.site.laws;
        let label = &self.site.config.labels.laws;
        let mut list = self.job("laws/", "laws.html", label);
        let (repealed, current): (Vec<_>, Vec<_>) = index
            .cited
            .iter()
            .map(|id| law_json(index, *id))
            .partition(|v| v["repealed"] == true);
        list.context.insert("laws", &current);
        list.context.insert("repealed_laws", &repealed);
        list.context.insert("law_count", &index.cited.len());
        self.note(&serde_json::json!([current, repealed]).to_string());
        self.finish(list)
    }

    /// The pages of law `id`: `/laws/SLUG/` and its lists.
    pub(super) fn law_pages(&self, jobs: &mut Vec<PageJob>, id: LawId) {
        let cited = cited_articles(&self.site.laws, id);
        self.law_page(jobs, id, &cited);
    }

    /// `/laws/SLUG/`, then the lists that did not fit on it.
    fn law_page(&self, jobs: &mut Vec<PageJob>, id: LawId, cited: &[(Article, &Vec<usize>)]) {
        let site = self.site;
        let index = &site.laws;
        let law = index.law(id);
        let path = law_path(index, id);
        let short = format!("《{}》", law.short);
        let mut job = self.job(&path, "law.html", &short);
        let mut long_lists: Vec<LongList> = Vec::new();
        let law_value = law_json(index, id);
        self.note(&law_value.to_string());
        let c = &mut job.context;
        c.insert("law", &law_value);
        c.insert("laws_label", &site.config.labels.laws);
        let kinds: Vec<Value> = KINDS
            .iter()
            .filter_map(|kind| {
                let items: Vec<usize> = index.by_law[id]
                    .iter()
                    .copied()
                    .filter(|i| site.entry(*i).item.kind == *kind)
                    .collect();
                if items.is_empty() {
                    return None;
                }
                let name = self.section_title(*kind);
                let shown = &items[..items.len().min(CARDS_PER_KIND)];
                let more = (items.len() > shown.len()).then(|| format!("{path}{}/", kind.folder()));
                self.note(&format!("{name}:{}:{more:?}", items.len()));
                let mut g = tera::Map::new();
                g.insert("kind".into(), Value::from(kind_key(*kind)));
                g.insert("name".into(), Value::from(name.as_str()));
                g.insert("items".into(), self.list(shown));
                g.insert("count".into(), Value::from(items.len()));
                g.insert(
                    "more_path".into(),
                    more.clone().map_or(Value::none(), Value::from),
                );
                if more.is_some() {
                    long_lists.push(LongList {
                        base: format!("{path}{}", kind.folder()),
                        title: format!("{short}：{name}"),
                        subject: String::new(),
                        items,
                    });
                }
                Some(Value::from(g))
            })
            .collect();
        c.insert_value("kinds", Value::from(kinds));
        let inline = articles_inline(index, id);
        let per_article = if inline { ITEMS_PER_ARTICLE } else { 0 };
        let articles: Vec<Value> = cited
            .iter()
            .map(|(a, items)| {
                let subject = index.subjects.get(&(id, *a)).cloned().unwrap_or_default();
                let shown = &items[..items.len().min(per_article)];
                let anchor = article_anchor(a);
                let more = (items.len() > shown.len()).then(|| format!("{path}{anchor}/"));
                self.note(&format!("{}:{subject}:{}:{more:?}", a.label(), items.len()));
                let mut g = tera::Map::new();
                g.insert("label".into(), Value::from(a.label()));
                g.insert("anchor".into(), Value::from(anchor.as_str()));
                g.insert("subject".into(), Value::from(subject.as_str()));
                g.insert("count".into(), Value::from(items.len()));
                g.insert("items".into(), self.list(shown));
                g.insert(
                    "more_path".into(),
                    more.clone().map_or(Value::none(), Value::from),
                );
                if more.is_some() {
                    long_lists.push(LongList {
                        base: format!("{path}{anchor}"),
                        title: format!("{short}{}", a.label()),
                        subject,
                        items: items.to_vec(),
                    });
                }
                Value::from(g)
            })
            .collect();
        c.insert_value("articles", Value::from(articles));
        c.insert("articles_inline", &inline);
        let replaces = replaced_laws(index, id);
        self.note(&serde_json::Value::from(replaces.clone()).to_string());
        job.context.insert("replaces", &replaces);
        jobs.push(self.finish(job));
        for list in long_lists {
            self.law_list(jobs, &law_value, list);
        }
    }

    /// One list of a law's items, a kind or an article, in pages of
    /// [`LIST_PAGE`] rows: `BASE/`, `BASE/page/2/`, …
    fn law_list(&self, jobs: &mut Vec<PageJob>, law: &serde_json::Value, list: LongList) {
        let law_text = law.to_string();
        // Made into template data once, shared by every page of the list.
        let law = Value::from_serializable(law);
        let laws_label = Value::from(self.site.config.labels.laws.as_str());
        let subject = Value::from(list.subject.as_str());
        let chunks: Vec<&[usize]> = list.items.chunks(LIST_PAGE).collect();
        let total = chunks.len();
        let page_path = |n: usize| {
            if n == 1 {
                format!("{}/", list.base)
            } else {
                format!("{}/page/{n}/", list.base)
            }
        };
        let link = |n: usize| {
            if (1..=total).contains(&n) {
                Value::from(page_path(n))
            } else {
                Value::none()
            }
        };
        for (k, chunk) in chunks.into_iter().enumerate() {
            let n = k + 1;
            let mut job = self.job(&page_path(n), "law_list.html", &list.title);
            let c = &mut job.context;
            c.insert_value("items", self.list(chunk));
            c.insert_value("item_count", Value::from(list.items.len()));
            c.insert_value("law", law.clone());
            c.insert_value("subject", subject.clone());
            c.insert_value("laws_label", laws_label.clone());
            let mut paginator = tera::Map::new();
            paginator.insert("current".into(), Value::from(n));
            paginator.insert("total".into(), Value::from(total));
            paginator.insert("prev".into(), link(n - 1));
            paginator.insert("next".into(), link(n + 1));
            c.insert_value("paginator", Value::from(paginator));
            self.note(&format!("{n}/{total}/{}", list.items.len()));
            self.note(&law_text);
            self.note(&list.subject);
            jobs.push(self.finish(job));
        }
    }

    /// 以案释法 and the shelf for an explainer; the explainers for a case.
    pub(super) fn law_context(&self, i: usize, c: &mut tera::Context) {
        let site = self.site;
        let index = &site.laws;
        match site.entry(i).item.kind {
            Kind::Explainer => {
                let cases = index.on_same_articles(&site.entries, i, Kind::Case);
                c.insert_value("law_cases", self.list(&cases));
                c.insert_value("law_books", self.list(&index.books_on(&site.entries, i)));
            }
            Kind::Case => {
                let explainers = index.on_same_articles(&site.entries, i, Kind::Explainer);
                c.insert_value("law_explainers", self.list(&explainers));
            }
            _ => {}
        }
    }
}

/// The articles of law `id` the site cites, in order, with their entries.
fn cited_articles(index: &LawIndex, id: LawId) -> Vec<(Article, &Vec<usize>)> {
    let mut cited: Vec<(Article, &Vec<usize>)> = index
        .by_article
        .iter()
        .filter(|((law, _), _)| *law == id)
        .map(|((_, a), items)| (*a, items))
        .collect();
    cited.sort_by_key(|(a, _)| *a);
    cited
}

/// A fingerprint of everything the pages of law `id` show besides their
/// entries' values: the law as [`law_json`] gives it, the entries citing
/// it, each cited article's entries and subject, and the laws it replaced.
/// (Entry kinds and labels cannot change without a new plan.)
pub(super) fn inputs(site: &Site, id: LawId) -> u64 {
    use std::hash::{Hash, Hasher};
    let index = &site.laws;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    law_json(index, id).to_string().hash(&mut h);
    index.by_law.get(id).hash(&mut h);
    for (a, items) in cited_articles(index, id) {
        a.hash(&mut h);
        items.hash(&mut h);
        index.subjects.get(&(id, a)).hash(&mut h);
    }
    articles_inline(index, id).hash(&mut h);
    serde_json::Value::from(replaced_laws(index, id))
        .to_string()
        .hash(&mut h);
    h.finish()
}

/// `explainer`, `case`…: what templates and CSS call a kind.
fn kind_key(kind: Kind) -> String {
    format!("{kind:?}").to_lowercase()
}

/// The laws law `id` replaced, for its page.
fn replaced_laws(index: &LawIndex, id: LawId) -> Vec<serde_json::Value> {
    index
        .registry
        .laws
        .iter()
        .enumerate()
        .filter(|(_, old)| old.replaced_by.as_ref().is_some_and(|r| r.law == id))
        .map(|(old_id, old)| {
            serde_json::json!({
                "name": old.short,
                "full_name": old.name,
                "part": old.replaced_by.as_ref().map(|r| r.part.clone()),
                "path": index.has_page(old_id).then(|| law_path(index, old_id)),
                "repealed_zh": old.repeal_day(&index.registry).map(crate::site::dates::day_zh),
            })
        })
        .collect()
}
