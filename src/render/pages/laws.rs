//! The law pages: `/laws/` (every cited law with how often it is cited) and
//! `/laws/SLUG/` (the law, its status and replacement, and everything citing
//! it, grouped by kind and by article).

use std::collections::BTreeMap;
use tera::Value;

use super::{PageJob, Planner, group_value};
use crate::content::Kind;
use crate::laws::cite::Article;
use crate::laws::view::{article_anchor, law_json, law_path};

/// The order kinds are shown in on a law's page.
const KINDS: [Kind; 6] = [
    Kind::Explainer,
    Kind::Case,
    Kind::Bulletin,
    Kind::Lecture,
    Kind::Book,
    Kind::Page,
];

impl Planner<'_> {
    pub(super) fn law_pages(&self, jobs: &mut Vec<PageJob>) {
        let site = self.site;
        let index = &site.laws;
        let label = &site.config.labels.laws;
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
        jobs.push(self.finish(list));
        for &id in &index.pages {
            let law = index.law(id);
            let path = law_path(index, id);
            let mut job = self.job(&path, "law.html", &format!("《{}》", law.short));
            let c = &mut job.context;
            let law_value = law_json(index, id);
            self.note(&law_value.to_string());
            c.insert("law", &law_value);
            c.insert("laws_label", label);
            let citing = &index.by_law[id];
            let kinds: Vec<Value> = KINDS
                .iter()
                .filter_map(|kind| {
                    let items: Vec<usize> = citing
                        .iter()
                        .copied()
                        .filter(|i| site.entry(*i).item.kind == *kind)
                        .collect();
                    (!items.is_empty()).then(|| {
                        let mut g = group_value(&self.section_title(*kind), self.list(&items));
                        if let Some(map) = g.as_map() {
                            let mut map = map.clone();
                            map.insert(
                                "kind".into(),
                                Value::from(format!("{kind:?}").to_lowercase()),
                            );
                            g = Value::from(map);
                        }
                        g
                    })
                })
                .collect();
            c.insert_value("kinds", Value::from(kinds));
            let by_article: BTreeMap<Article, &Vec<usize>> = index
                .by_article
                .iter()
                .filter(|((law, _), _)| *law == id)
                .map(|((_, a), items)| (*a, items))
                .collect();
            let articles: Vec<Value> = by_article
                .iter()
                .map(|(a, items)| {
                    self.note(&format!("{}:{}", a.label(), items.len()));
                    let mut g = tera::Map::new();
                    g.insert("label".into(), Value::from(a.label()));
                    g.insert("anchor".into(), Value::from(article_anchor(a)));
                    g.insert("items".into(), self.list(items));
                    Value::from(g)
                })
                .collect();
            c.insert_value("articles", Value::from(articles));
            let replaces: Vec<serde_json::Value> = index
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
                .collect();
            self.note(&serde_json::Value::from(replaces.clone()).to_string());
            job.context.insert("replaces", &replaces);
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
