//! The pages that show one section as a whole: the home page, the
//! bulletin issues by year, the book catalogue, the contacts, the
//! buildings by community, and the search page.

use chrono::Datelike;
use std::collections::BTreeMap;
use tera::Value;

use super::{PageJob, Planner, group_value};
use crate::content::Kind;

impl Planner<'_> {
    pub(super) fn home(&self) -> PageJob {
        let site = self.site;
        let mut job = self.job("", "index.html", &site.config.title);
        let c = &mut job.context;
        if let Some(b) = site.index.current_bulletin {
            c.insert_value("current", self.get(b));
        }
        let today = site.today();
        let lectures = site.index.of_kind(Kind::Lecture);
        let upcoming: Vec<usize> = lectures
            .iter()
            .copied()
            .filter(|i| today.is_none_or(|t| site.entry(*i).item.date >= Some(t)))
            .rev()
            .collect();
        c.insert_value("upcoming_lectures", self.list(&upcoming));
        let latest = |kind: Kind| {
            self.list(&site.index.of_kind(kind)[..site.index.of_kind(kind).len().min(5)])
        };
        c.insert_value("latest_explainers", latest(Kind::Explainer));
        c.insert_value("latest_cases", latest(Kind::Case));
        c.insert_value("contacts", self.list(site.index.of_kind(Kind::Contact)));
        c.insert_value("pages", self.list(site.index.of_kind(Kind::Page)));
        job
    }

    pub(super) fn bulletins(&self) -> PageJob {
        let site = self.site;
        let mut job = self.job(
            "bulletins/",
            "bulletins.html",
            &site.config.labels.bulletins,
        );
        let mut years: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        for b in site.index.of_kind(Kind::Bulletin) {
            if let Some(d) = site.entry(*b).item.date {
                years.entry(d.year()).or_default().push(*b);
            }
        }
        let groups: Vec<Value> = years
            .iter()
            .rev()
            .map(|(y, list)| group_value(&format!("{y}年"), self.list(list)))
            .collect();
        job.context.insert_value("years", Value::from(groups));
        job
    }

    pub(super) fn books(&self) -> PageJob {
        let site = self.site;
        let mut job = self.job("books/", "books.html", &site.config.labels.books);
        let mut categories: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut periodicals = Vec::new();
        let mut superseded = Vec::new();
        let mut books: Vec<usize> = site.index.of_kind(Kind::Book).to_vec();
        books.sort_by(|a, b| site.entry(*a).item.title.cmp(&site.entry(*b).item.title));
        for b in books {
            let fm = &site.entry(b).item.fm;
            if fm.format.as_ref().is_some_and(|f| f.value == "periodical") {
                periodicals.push(b);
            } else {
                if fm.superseded.is_some() {
                    superseded.push(b);
                }
                let cat = fm.category.clone().unwrap_or_else(|| "未分类".into());
                categories.entry(cat).or_default().push(b);
            }
        }
        let groups: Vec<Value> = categories
            .iter()
            .map(|(name, list)| group_value(name, self.list(list)))
            .collect();
        let c = &mut job.context;
        c.insert_value("categories", Value::from(groups));
        c.insert_value("periodicals", self.list(&periodicals));
        c.insert_value("superseded", self.list(&superseded));
        c.insert("book_count", &site.index.of_kind(Kind::Book).len());
        job
    }

    pub(super) fn contacts(&self) -> PageJob {
        let mut job = self.job(
            "contacts/",
            "contacts.html",
            &self.site.config.labels.contacts,
        );
        job.context.insert_value(
            "contacts",
            self.list(self.site.index.of_kind(Kind::Contact)),
        );
        job
    }

    pub(super) fn buildings(&self) -> PageJob {
        let site = self.site;
        let mut job = self.job(
            "buildings/",
            "buildings.html",
            &site.config.labels.buildings,
        );
        let mut communities: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for b in site.index.of_kind(Kind::Building) {
            let name = site.entry(*b).item.fm.community.clone().unwrap_or_default();
            communities.entry(name).or_default().push(*b);
        }
        for list in communities.values_mut() {
            list.sort_by(|a, b| site.entry(*a).item.id.cmp(&site.entry(*b).item.id));
        }
        let groups: Vec<Value> = communities
            .iter()
            .map(|(name, list)| group_value(name, self.list(list)))
            .collect();
        job.context.insert_value("communities", Value::from(groups));
        job
    }

    /// `/search/`: the form, the kind filter and the script (see `search/`).
    /// It shows no entry: only templates or `site.toml` change it.
    pub(super) fn search(&self) -> PageJob {
        let mut job = self.job("search/", "search.html", "搜索");
        let kinds: Vec<serde_json::Value> = [
            Kind::Explainer,
            Kind::Case,
            Kind::Bulletin,
            Kind::Book,
            Kind::Lecture,
            Kind::Contact,
            Kind::Building,
        ]
        .iter()
        .map(|k| serde_json::json!({"key": k.folder(), "name": k.name_zh()}))
        .collect();
        job.context.insert("search_kinds", &kinds);
        job.context.insert("search_data", crate::search::DATA_DIR);
        job
    }
}
