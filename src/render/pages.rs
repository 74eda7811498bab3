//! The list of HTML pages a site has, each with its template and context.
//! Contexts are assembled from the shared entry values; nothing here
//! serialises an entry.

mod laws;

use chrono::Datelike;
use std::cell::RefCell;
use std::collections::BTreeMap;
use tera::{Context, Value};

use super::values::EntryValues;
use crate::content::Kind;
use crate::site::dates::month_zh;
use crate::site::{Site, Term};

/// One page to render: where it lives, with which template and data.
pub struct PageJob {
    /// Page path from the site root (`cases/a/`, `` for home, `404.html`).
    pub path: String,
    pub template: &'static str,
    pub context: Context,
    /// What the page shows, so `pufa serve` re-renders it only when that changes.
    pub deps: Deps,
}

/// What a page's output depends on besides the templates and `site.toml`
/// (whose changes re-render everything).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Deps {
    /// Anything in the site.
    #[default]
    All,
    /// Exactly these entries (positions in `site.entries`, in the order the
    /// page shows them) and `key`, a text standing for everything else the
    /// page shows that varies (its title, counts, page numbers). The page
    /// changes only if one of the entries changed, the list differs, or
    /// the key differs.
    Entries { entries: Vec<usize>, key: String },
}

impl PageJob {
    /// A page at `path` with the context every template expects. It depends
    /// on everything (`pufa serve` re-renders it on any change): the safe
    /// choice for a new kind of page; narrow `deps` when it is known.
    pub fn new(path: &str, template: &'static str, title: &str) -> PageJob {
        let mut context = Context::new();
        context.insert("page_path", path);
        context.insert("root", &crate::urls::root_of(path));
        context.insert("page_title", title);
        let section = path.split('/').next().unwrap_or("");
        context.insert("section", section);
        PageJob {
            path: path.to_string(),
            template,
            context,
            deps: Deps::All,
        }
    }
}

/// Makes a page job from the site when it is needed.
pub type MakeJob = Box<dyn Fn(&Site, &EntryValues) -> PageJob + Send + Sync>;

/// A page of the site: its job made already, or the recipe to make it.
/// Most pages are made only when they are rendered, in parallel, so the
/// template data of thousands of pages is never all in memory at once.
pub enum Planned {
    Ready(PageJob),
    Later { path: String, make: MakeJob },
}

impl Planned {
    pub fn later(
        path: String,
        make: impl Fn(&Site, &EntryValues) -> PageJob + Send + Sync + 'static,
    ) -> Planned {
        Planned::Later {
            path,
            make: Box::new(make),
        }
    }

    /// Page path from the site root.
    pub fn path(&self) -> &str {
        match self {
            Planned::Ready(job) => &job.path,
            Planned::Later { path, .. } => path,
        }
    }

    pub fn make(self, site: &Site, values: &EntryValues) -> PageJob {
        match self {
            Planned::Ready(job) => job,
            Planned::Later { make, .. } => make(site, values),
        }
    }
}

impl From<PageJob> for Planned {
    fn from(job: PageJob) -> Planned {
        Planned::Ready(job)
    }
}

/// Every page of the site.
pub fn all_pages(site: &Site, values: &EntryValues) -> Vec<Planned> {
    let mut jobs: Vec<Planned> = Vec::with_capacity(site.entries.len() + 64);
    let plan = Planner::new(site, values);
    jobs.push(plan.finish(plan.home()).into());
    for kind in [Kind::Explainer, Kind::Case, Kind::Lecture] {
        let title = plan.section_title(kind);
        plan.paginated(
            &mut jobs,
            kind.folder(),
            "list.html",
            &title,
            site.index.of_kind(kind),
            Vec::new(),
        );
    }
    for (i, entry) in site.entries.iter().enumerate() {
        if let Some(template) = item_template(entry.item.kind) {
            jobs.push(Planned::later(
                entry.item.url_path(),
                move |site, values| {
                    let plan = Planner::new(site, values);
                    plan.finish(plan.item_page(i, template))
                },
            ));
        }
    }
    jobs.push(plan.finish(plan.bulletins()).into());
    jobs.push(plan.finish(plan.books()).into());
    jobs.push(plan.finish(plan.contacts()).into());
    jobs.push(plan.finish(plan.buildings()).into());
    let mut law_jobs = Vec::new();
    plan.law_pages(&mut law_jobs);
    jobs.extend(law_jobs.into_iter().map(Planned::from));
    jobs.push(plan.finish(plan.search()).into());
    plan.archive(&mut jobs);
    plan.terms(
        &mut jobs,
        "topics",
        &site.config.labels.topics,
        &site.index.topics,
    );
    plan.terms(
        &mut jobs,
        "audiences",
        &site.config.labels.audiences,
        &site.index.audiences,
    );
    let mut not_found = plan.job("404.html", "404.html", "页面未找到");
    not_found
        .context
        .insert("root_absolute", &site.config.base_url);
    jobs.push(plan.finish(not_found).into());
    jobs
}

fn item_template(kind: Kind) -> Option<&'static str> {
    Some(match kind {
        Kind::Explainer => "explainer.html",
        Kind::Case => "case.html",
        Kind::Bulletin => "bulletin.html",
        Kind::Book => "book.html",
        Kind::Lecture => "lecture.html",
        Kind::Building => "building.html",
        Kind::Page => "page.html",
        Kind::Contact => return None,
    })
}

/// Builds page jobs. Entries enter a page only through [`Planner::get`] and
/// [`Planner::list`], which record them; [`Planner::finish`] turns the
/// record into the job's [`Deps`].
struct Planner<'a> {
    site: &'a Site,
    values: &'a EntryValues,
    seen: RefCell<Vec<usize>>,
    key: RefCell<String>,
}

impl<'a> Planner<'a> {
    fn new(site: &'a Site, values: &'a EntryValues) -> Planner<'a> {
        Planner {
            site,
            values,
            seen: RefCell::default(),
            key: RefCell::default(),
        }
    }

    /// Starts a job (and a fresh record of what it shows).
    fn job(&self, path: &str, template: &'static str, title: &str) -> PageJob {
        self.seen.borrow_mut().clear();
        *self.key.borrow_mut() = format!("{template}|{title}|");
        PageJob::new(path, template, title)
    }

    /// Ends a job: what it showed becomes its dependencies.
    fn finish(&self, mut job: PageJob) -> PageJob {
        job.deps = Deps::Entries {
            entries: std::mem::take(&mut *self.seen.borrow_mut()),
            key: std::mem::take(&mut *self.key.borrow_mut()),
        };
        job
    }

    /// Adds to the job's key something it shows that is not an entry.
    fn note(&self, part: &str) {
        let mut key = self.key.borrow_mut();
        key.push_str(part);
        key.push('|');
    }

    fn get(&self, i: usize) -> Value {
        self.seen.borrow_mut().push(i);
        self.values.get(i)
    }

    fn section_title(&self, kind: Kind) -> String {
        let l = &self.site.config.labels;
        match kind {
            Kind::Explainer => l.explainers.clone(),
            Kind::Case => l.cases.clone(),
            Kind::Lecture => l.lectures.clone(),
            Kind::Bulletin => l.bulletins.clone(),
            Kind::Book => l.books.clone(),
            Kind::Contact => l.contacts.clone(),
            Kind::Building => l.buildings.clone(),
            Kind::Page => l.pages.clone(),
        }
    }

    fn list(&self, positions: &[usize]) -> Value {
        self.seen.borrow_mut().extend_from_slice(positions);
        self.values.list(positions)
    }

    fn home(&self) -> PageJob {
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

    /// A list split into pages of `paginate` items: `SECTION/`, `SECTION/page/2/`, …
    /// Each page is made when it is rendered; `extra` is added to each.
    fn paginated(
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
            jobs.push(Planned::later(page_path(base, n), move |site, values| {
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

    fn item_page(&self, i: usize, template: &'static str) -> PageJob {
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
    fn related(&self, i: usize) -> Vec<usize> {
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
    fn building_context(&self, i: usize, c: &mut Context) {
        let site = self.site;
        let id = &site.entry(i).item.id;
        let board = |b: usize| {
            let items: Vec<usize> = site
                .entry(b)
                .item
                .fm
                .featured
                .iter()
                .flatten()
                .filter_map(|f| {
                    site.index
                        .by_ref
                        .get(f.value.trim_end_matches(".md"))
                        .copied()
                })
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

    fn bulletins(&self) -> PageJob {
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

    fn books(&self) -> PageJob {
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

    fn contacts(&self) -> PageJob {
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

    fn buildings(&self) -> PageJob {
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
    fn search(&self) -> PageJob {
        let mut job = self.job("search/", "search.html", "搜索");
        let kinds: Vec<serde_json::Value> = [
            Kind::Explainer,
            Kind::Case,
            Kind::Bulletin,
            Kind::Book,
            Kind::Lecture,
        ]
        .iter()
        .map(|k| serde_json::json!({"key": k.folder(), "name": k.name_zh()}))
        .collect();
        job.context.insert("search_kinds", &kinds);
        job.context.insert("search_data", crate::search::DATA_DIR);
        job
    }

    /// `/archive/`, one page per year and one per month.
    fn archive(&self, jobs: &mut Vec<Planned>) {
        let site = self.site;
        let label = &site.config.labels.archive;
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
        jobs.push(self.finish(index).into());
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
            jobs.push(self.finish(job).into());
        }
        for &(y, m) in site.index.months.keys() {
            let path = format!("archive/{y}/{m:02}/");
            jobs.push(Planned::later(path.clone(), move |site, values| {
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

    fn terms(&self, jobs: &mut Vec<Planned>, section: &str, label: &str, terms: &[Term]) {
        let mut index = self.job(&format!("{section}/"), "terms.html", label);
        let list: Vec<serde_json::Value> = terms
            .iter()
            .map(|t| serde_json::json!({"name": t.name, "path": format!("{section}/{}/", t.slug), "count": t.items.len()}))
            .collect();
        self.note(&serde_json::Value::from(list.clone()).to_string());
        index.context.insert("terms", &list);
        jobs.push(self.finish(index).into());
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
}

fn group_value(name: &str, items: Value) -> Value {
    let mut g = tera::Map::new();
    g.insert("name".into(), Value::from(name));
    g.insert("items".into(), items);
    Value::from(g)
}
