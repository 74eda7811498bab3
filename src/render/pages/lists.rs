//! Lists that grow with the site, split into pages: the sections, the
//! monthly archive, and the topic and audience pages.

use std::collections::BTreeMap;
use tera::Value;

use super::{PageJob, Planned, Planner};
use crate::site::dates::month_zh;
use crate::site::{Site, Term};

impl Planner<'_> {
    /// A list split into pages of `paginate` items: `SECTION/`, `SECTION/page/2/`, …
    /// Each page is made when it is rendered; `extra` is added to each.
    pub(super) fn paginated(
        &self,
        jobs: &mut Vec<Planned>,
        base: &str,
        template: &'static str,
        title: &str,
        items: &[usize],
        extra: Vec<(&'static str, Value)>,
    ) {
        let per = self.site.config.paginate;
        let chunks: Vec<&[usize]> = if items.is_empty() {
            vec![&[]]
        } else {
            items.chunks(per).collect()
        };
        let total = chunks.len();
        let page_path = move |base: &str, n: usize| {
            if n == 1 {
                format!("{base}/")
            } else {
                format!("{base}/page/{n}/")
            }
        };
        // One shared list of page links for the whole series, not one per page.
        let all_pages = Value::from(
            (1..=total)
                .map(|p| {
                    let mut m = tera::Map::new();
                    m.insert("number".into(), Value::from(p));
                    m.insert("path".into(), Value::from(page_path(base, p)));
                    Value::from(m)
                })
                .collect::<Vec<_>>(),
        );
        let list_path = Value::from(format!("{base}/"));
        let count = items.len();
        let shared = std::sync::Arc::new((base.to_string(), title.to_string(), extra));
        for (k, chunk) in chunks.into_iter().enumerate() {
            let n = k + 1;
            let chunk = chunk.to_vec();
            let (all_pages, list_path, shared) =
                (all_pages.clone(), list_path.clone(), shared.clone());
            jobs.push(Planned::one(page_path(base, n), move |site, values| {
                let plan = Planner::new(site, values);
                let (base, title, extra) = &*shared;
                let mut job = plan.job(&page_path(base, n), template, title);
                let c = &mut job.context;
                c.insert_value("items", plan.list(&chunk));
                c.insert_value("list_path", list_path.clone());
                c.insert("item_count", &count);
                plan.note(&format!("{n}/{total}/{count}"));
                let mut paginator = tera::Map::new();
                paginator.insert("current".into(), Value::from(n));
                paginator.insert("total".into(), Value::from(total));
                paginator.insert(
                    "prev".into(),
                    if n > 1 {
                        Value::from(page_path(base, n - 1))
                    } else {
                        Value::none()
                    },
                );
                paginator.insert(
                    "next".into(),
                    if n < total {
                        Value::from(page_path(base, n + 1))
                    } else {
                        Value::none()
                    },
                );
                paginator.insert("pages".into(), all_pages.clone());
                c.insert_value("paginator", Value::from(paginator));
                for (name, value) in extra {
                    c.insert_value(*name, value.clone());
                }
                plan.finish(job)
            }));
        }
    }

    /// `/archive/`, one page per year and one per month.
    pub(super) fn archive(&self, jobs: &mut Vec<Planned>) {
        jobs.push(Planned::many(|site, values| {
            Ok(Planner::new(site, values).archive_years())
        }));
        for &(y, m) in self.site.index.months.keys() {
            let path = format!("archive/{y}/{m:02}/");
            jobs.push(Planned::one(path.clone(), move |site, values| {
                let plan = Planner::new(site, values);
                let label = &site.config.labels.archive;
                let mut job = plan.job(
                    &path,
                    "archive_month.html",
                    &format!("{} · {label}", month_zh(y, m)),
                );
                job.context.insert("year", &y);
                job.context.insert("month_label", &month_zh(y, m));
                job.context.insert("year_path", &format!("archive/{y}/"));
                let list = site
                    .index
                    .months
                    .get(&(y, m))
                    .map_or(&[][..], Vec::as_slice);
                job.context.insert_value("items", plan.list(list));
                plan.finish(job)
            }));
        }
    }

    /// `/archive/` and one page per year.
    fn archive_years(&self) -> Vec<PageJob> {
        let site = self.site;
        let label = &site.config.labels.archive;
        let mut jobs = Vec::new();
        let mut years: BTreeMap<i32, Vec<(u32, usize)>> = BTreeMap::new();
        for (&(y, m), list) in &site.index.months {
            years.entry(y).or_default().push((m, list.len()));
        }
        let month_summary = |y: i32, m: u32, n: usize| serde_json::json!({"label": month_zh(y, m), "path": format!("archive/{y}/{m:02}/"), "count": n, "month": m});
        let overview: Vec<serde_json::Value> = years
            .iter()
            .rev()
            .map(|(y, months)| {
                serde_json::json!({
                    "label": format!("{y}年"),
                    "path": format!("archive/{y}/"),
                    "count": months.iter().map(|(_, n)| n).sum::<usize>(),
                    "months": months.iter().rev().map(|(m, n)| month_summary(*y, *m, *n)).collect::<Vec<_>>(),
                })
            })
            .collect();
        let mut index = self.job("archive/", "archive.html", label);
        self.note(&serde_json::Value::from(overview.clone()).to_string());
        index.context.insert("years", &overview);
        jobs.push(self.finish(index));
        for (y, months) in years.iter().rev() {
            let path = format!("archive/{y}/");
            let mut job = self.job(&path, "archive_year.html", &format!("{y}年 · {label}"));
            let groups: Vec<Value> = months
                .iter()
                .rev()
                .map(|(m, _)| {
                    let mut g = tera::Map::new();
                    g.insert("label".into(), Value::from(month_zh(*y, *m)));
                    g.insert("path".into(), Value::from(format!("archive/{y}/{m:02}/")));
                    g.insert("items".into(), self.list(&site.index.months[&(*y, *m)]));
                    Value::from(g)
                })
                .collect();
            job.context.insert("year", y);
            job.context.insert_value("months", Value::from(groups));
            jobs.push(self.finish(job));
        }
        jobs
    }

    /// `/topics/` or `/audiences/` and a paginated list per term.
    pub(super) fn terms(&self, jobs: &mut Vec<Planned>, section: &'static str) {
        jobs.push(Planned::one(format!("{section}/"), move |site, values| {
            Planner::new(site, values).terms_index(section)
        }));
        let (label, terms) = terms_of(self.site, section);
        for t in terms {
            let title = format!("{label}：{}", t.name);
            self.paginated(
                jobs,
                &format!("{section}/{}", t.slug),
                "term.html",
                &title,
                &t.items,
                vec![
                    ("term", Value::from(t.name.as_str())),
                    ("terms_path", Value::from(format!("{section}/"))),
                    ("terms_label", Value::from(label)),
                ],
            );
        }
    }

    fn terms_index(&self, section: &'static str) -> PageJob {
        let (label, terms) = terms_of(self.site, section);
        let mut index = self.job(&format!("{section}/"), "terms.html", label);
        let list: Vec<serde_json::Value> = terms
            .iter()
            .map(|t| serde_json::json!({"name": t.name, "path": format!("{section}/{}/", t.slug), "count": t.items.len()}))
            .collect();
        self.note(&serde_json::Value::from(list.clone()).to_string());
        index.context.insert("terms", &list);
        self.finish(index)
    }
}

/// The label and terms of `topics` or `audiences`.
fn terms_of<'s>(site: &'s Site, section: &str) -> (&'s str, &'s [Term]) {
    if section == "audiences" {
        (&site.config.labels.audiences, &site.index.audiences)
    } else {
        (&site.config.labels.topics, &site.index.topics)
    }
}
