//! The page of one entry: its body and what belongs beside it (a
//! bulletin's neighbours, related reading, a building's boards).

use tera::{Context, Value};

use super::{PageJob, Planner};
use crate::content::Kind;

impl Planner<'_> {
    pub(super) fn item_page(&self, i: usize, template: &'static str) -> PageJob {
        let site = self.site;
        let entry = site.entry(i);
        let item = &entry.item;
        let mut job = self.job(&item.url_path(), template, &item.title);
        let c = &mut job.context;
        c.insert_value("item", self.get(i));
        c.insert_value("content", self.values.html[i].clone());
        c.insert(
            "toc",
            &if entry.toc.len() >= 3 {
                entry.toc.clone()
            } else {
                Vec::new()
            },
        );
        match item.kind {
            Kind::Building => self.building_context(i, c),
            Kind::Bulletin => {
                let list = site.index.of_kind(Kind::Bulletin);
                let pos = list.iter().position(|x| *x == i).unwrap_or(0);
                // The list runs newest first.
                let newer = pos.checked_sub(1).map(|p| list[p]);
                let older = list.get(pos + 1).copied();
                if let Some(n) = newer {
                    c.insert_value("newer", self.get(n));
                }
                if let Some(o) = older {
                    c.insert_value("older", self.get(o));
                }
            }
            Kind::Explainer | Kind::Case => {
                let related = self.related(i);
                c.insert_value("related", self.list(&related));
                self.law_context(i, c);
            }
            _ => {}
        }
        job
    }

    /// Up to five other explainers and cases sharing a topic, newest first.
    /// Topic lists are already newest first, so only their heads are read.
    pub(super) fn related(&self, i: usize) -> Vec<usize> {
        const WANTED: usize = 5;
        let site = self.site;
        let topics = &site.entry(i).item.fm.topics;
        let mut found: Vec<usize> = Vec::with_capacity(WANTED * topics.len());
        for term in site
            .index
            .topics
            .iter()
            .filter(|t| topics.contains(&t.name))
        {
            found.extend(
                term.items
                    .iter()
                    .copied()
                    .filter(|j| {
                        *j != i && matches!(site.entry(*j).item.kind, Kind::Explainer | Kind::Case)
                    })
                    .take(WANTED),
            );
        }
        found.sort_by(|a, b| {
            site.entry(*b)
                .item
                .date
                .cmp(&site.entry(*a).item.date)
                .then(a.cmp(b))
        });
        found.dedup();
        found.truncate(WANTED);
        found
    }

    /// A building's boards: the current one and the past ones, each with the
    /// featured items meant for this building.
    pub(super) fn building_context(&self, i: usize, c: &mut Context) {
        let site = self.site;
        let id = &site.entry(i).item.id;
        let board = |b: usize| {
            let items: Vec<usize> = site
                .featured(b)
                .filter(|x| site.entry(*x).item.is_for_building(id))
                .collect();
            let mut m = tera::Map::new();
            m.insert("bulletin".into(), self.get(b));
            m.insert("items".into(), self.list(&items));
            Value::from(m)
        };
        let current = site.index.current_bulletin;
        if let Some(b) = current {
            c.insert_value("board_now", board(b));
        }
        let past: Vec<Value> = site
            .index
            .of_kind(Kind::Bulletin)
            .iter()
            .filter(|b| Some(**b) != current)
            .map(|b| board(*b))
            .collect();
        c.insert_value("past_boards", Value::from(past));
        let targeted = site
            .index
            .building_targets
            .get(id)
            .map_or(&[][..], Vec::as_slice);
        c.insert_value("targeted", self.list(targeted));
        let contacts: Vec<usize> = site
            .index
            .of_kind(Kind::Contact)
            .iter()
            .copied()
            .filter(|x| {
                let fm = &site.entry(*x).item.fm;
                site.entry(*x).item.building_ids().any(|b| b == id)
                    || site
                        .entry(i)
                        .item
                        .fm
                        .community
                        .as_ref()
                        .is_some_and(|cm| fm.communities.contains(cm))
            })
            .collect();
        c.insert_value("contacts", self.list(&contacts));
    }
}
