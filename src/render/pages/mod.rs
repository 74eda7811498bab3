//! The list of HTML pages a site has, each with its template and context.
//! Contexts are assembled from the shared entry values; nothing here
//! serialises an entry.

mod items;
mod laws;
mod lists;
mod sections;

use std::cell::RefCell;
use tera::{Context, Value};

use crate::diagnostic::Result;

use super::values::EntryValues;
use crate::content::Kind;
use crate::site::Site;

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
        // Values made directly: `insert` would go through serde for each.
        let mut context = Context::new();
        context.insert_value("page_path", Value::from(path));
        context.insert_value("root", Value::from(crate::urls::root_of(path)));
        context.insert_value("page_title", Value::from(title));
        let section = path.split('/').next().unwrap_or("");
        context.insert_value("section", Value::from(section));
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
/// Makes a few page jobs together (they share work), or fails (a board
/// sheet that cannot fit its paper).
pub type MakeJobs = Box<dyn Fn(&Site, &EntryValues) -> Result<Vec<PageJob>> + Send + Sync>;

/// What decides a [`Planned::Scoped`] recipe's pages besides the values
/// of the entries they show, as a fingerprint.
pub type Inputs = Box<dyn Fn(&Site) -> u64 + Send + Sync>;

/// A recipe for pages of the site. Pages are made only when they are
/// rendered, in parallel, so the template data of thousands of pages is
/// never all in memory at once; `pufa serve` keeps the recipes and makes
/// again only the pages an edit touches.
pub enum Planned {
    One {
        path: String,
        make: MakeJob,
    },
    /// Pages decided by more of the site than they show (`pufa serve`
    /// makes them again whenever such a part may have changed).
    Many(MakeJobs),
    /// Pages decided by the values of the entries they show and by what
    /// `inputs` stands for: made again only when one of those changed.
    Scoped {
        inputs: Inputs,
        make: MakeJobs,
    },
    /// Pages made from what the other recipes of the same plan left behind
    /// (the print index lists what the issues' recipes fitted): made after
    /// all of them, and again whenever any of them is made.
    Last(MakeJobs),
}

impl Planned {
    pub fn one(
        path: String,
        make: impl Fn(&Site, &EntryValues) -> PageJob + Send + Sync + 'static,
    ) -> Planned {
        Planned::One {
            path,
            make: Box::new(make),
        }
    }

    pub fn many(
        make: impl Fn(&Site, &EntryValues) -> Result<Vec<PageJob>> + Send + Sync + 'static,
    ) -> Planned {
        Planned::Many(Box::new(make))
    }

    pub fn last(
        make: impl Fn(&Site, &EntryValues) -> Result<Vec<PageJob>> + Send + Sync + 'static,
    ) -> Planned {
        Planned::Last(Box::new(make))
    }

    /// Whether this recipe waits for the others (see [`Planned::Last`]).
    pub fn is_last(&self) -> bool {
        matches!(self, Planned::Last(_))
    }

    pub fn scoped(
        inputs: impl Fn(&Site) -> u64 + Send + Sync + 'static,
        make: impl Fn(&Site, &EntryValues) -> Result<Vec<PageJob>> + Send + Sync + 'static,
    ) -> Planned {
        Planned::Scoped {
            inputs: Box::new(inputs),
            make: Box::new(make),
        }
    }

    /// The page path, for a recipe of one page.
    pub fn path(&self) -> Option<&str> {
        match self {
            Planned::One { path, .. } => Some(path),
            Planned::Many(_) | Planned::Scoped { .. } | Planned::Last(_) => None,
        }
    }

    /// The fingerprint of what decides a scoped recipe's pages.
    pub fn inputs(&self, site: &Site) -> Option<u64> {
        match self {
            Planned::Scoped { inputs, .. } => Some(inputs(site)),
            _ => None,
        }
    }

    pub fn make(&self, site: &Site, values: &EntryValues) -> Result<Vec<PageJob>> {
        match self {
            Planned::One { make, .. } => Ok(vec![make(site, values)]),
            Planned::Many(make) | Planned::Scoped { make, .. } | Planned::Last(make) => {
                make(site, values)
            }
        }
    }
}

/// Every page of the site.
pub fn all_pages(site: &Site, values: &EntryValues) -> Vec<Planned> {
    let mut jobs: Vec<Planned> = Vec::with_capacity(site.entries.len() + 64);
    let plan = Planner::new(site, values);
    let single = |jobs: &mut Vec<Planned>, path: &str, make: fn(&Planner) -> PageJob| {
        jobs.push(Planned::one(path.to_string(), move |site, values| {
            let plan = Planner::new(site, values);
            plan.finish(make(&plan))
        }));
    };
    single(&mut jobs, "", |p| p.home());
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
            jobs.push(Planned::one(entry.item.url_path(), move |site, values| {
                let plan = Planner::new(site, values);
                plan.finish(plan.item_page(i, template))
            }));
        }
    }
    single(&mut jobs, "bulletins/", |p| p.bulletins());
    single(&mut jobs, "books/", |p| p.books());
    single(&mut jobs, "contacts/", |p| p.contacts());
    single(&mut jobs, "buildings/", |p| p.buildings());
    // The list of laws shows every law's counts; each law's pages are a
    // recipe of their own, so an edit makes again only the laws it cites.
    jobs.push(Planned::many(|site, values| {
        let plan = Planner::new(site, values);
        Ok(vec![plan.law_index()])
    }));
    for &id in &site.laws.pages {
        jobs.push(Planned::scoped(
            move |site| laws::inputs(site, id),
            move |site, values| {
                let mut law_jobs = Vec::new();
                Planner::new(site, values).law_pages(&mut law_jobs, id);
                Ok(law_jobs)
            },
        ));
    }
    single(&mut jobs, "search/", |p| p.search());
    plan.archive(&mut jobs);
    plan.terms(&mut jobs, "topics");
    plan.terms(&mut jobs, "audiences");
    single(&mut jobs, "404.html", |plan: &Planner| {
        let mut not_found = plan.job("404.html", "404.html", "页面未找到");
        not_found
            .context
            .insert("root_absolute", &plan.site.config.base_url);
        not_found
    });
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
}

fn group_value(name: &str, items: Value) -> Value {
    let mut g = tera::Map::new();
    g.insert("name".into(), Value::from(name));
    g.insert("items".into(), items);
    Value::from(g)
}
