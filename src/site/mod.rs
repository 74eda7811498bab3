//! The site model: every item with its rendered body, and the indexes the
//! pages are built from (per kind, per month, per building, per topic and
//! audience). Knows nothing of templates or files on disk.

pub mod dates;
pub mod indexes;
pub mod refs;

use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::{self, Item, Kind};
use crate::diagnostic::{Diagnostic, Failure, Result};
use crate::markdown::{self, Heading, summary};
use crate::timings::Timings;
pub use indexes::{Indexes, Term};

/// One item with its Markdown rendered.
#[derive(Debug)]
pub struct Entry {
    pub item: Item,
    /// The body as HTML, kept as a (safe) template value so that every page
    /// showing it shares this one copy; [`Entry::html`] reads it as text.
    pub body_html: tera::Value,
    pub toc: Vec<Heading>,
    /// `summary` from the front matter, or one derived from the body.
    pub summary: String,
    /// Plain text of the body's paragraphs.
    pub plain: String,
    pub chars: usize,
}

impl Entry {
    /// The body as HTML.
    pub fn html(&self) -> &str {
        self.body_html.as_str().unwrap_or_default()
    }

    pub fn reading_minutes(&self) -> usize {
        summary::reading_minutes(self.chars)
    }
}

/// What a build was asked for beyond `site.toml`.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub drafts: bool,
    pub base_url: Option<String>,
    pub offline: bool,
}

pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub entries: Vec<Entry>,
    pub index: Indexes,
    /// Problems that do not stop the build.
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
    /// Which entries cite which law and article.
    pub laws: crate::laws::LawIndex,
}

impl Site {
    /// config → content → references → Markdown → indexes; fails with every
    /// problem found when there is any error.
    pub fn load(root: &Path, options: &LoadOptions) -> Result<Site> {
        let (mut site, mut problems) = Site::gather(root, options)?;
        crate::diagnostic::sort(&mut problems);
        if problems.iter().any(Diagnostic::is_error) {
            return Err(Failure(problems));
        }
        site.warnings = problems;
        Ok(site)
    }

    /// Loads as much of the site as can be loaded and returns it with every
    /// problem of every stage (a file that fails is left out, and references
    /// to it are not reported again). Fails only when there is no site.toml.
    pub fn gather(root: &Path, options: &LoadOptions) -> Result<(Site, Vec<Diagnostic>)> {
        let mut timings = Timings::start();
        let mut problems = Vec::new();
        let mut config_ok = true;
        let mut config = match Config::load(root) {
            Ok(config) => config,
            Err(failure) if root.join(crate::config::CONFIG_FILE).is_file() => {
                problems.extend(failure.0.into_iter().map(|mut d| {
                    if let Ok(rel) = d.path.strip_prefix(root) {
                        d.path = rel.to_path_buf();
                    }
                    d
                }));
                config_ok = false;
                Config::parse("title = \"(site.toml has errors)\"\n", Path::new(""))?
            }
            Err(failure) => return Err(failure),
        };
        if let Some(base) = &options.base_url {
            config.set_base_url(base)?;
        }
        config.offline |= options.offline;
        if config_ok && options.base_url.is_none() {
            problems.extend(config.warnings());
        }
        let loaded = content::load::gather_all(root);
        problems.extend(loaded.problems);
        let mut items = loaded.items;
        let mut drafts = Vec::new();
        if !options.drafts {
            drafts = items
                .iter()
                .filter(|i| i.fm.draft)
                .map(|i| i.source.clone())
                .collect();
            items.retain(|i| !i.fm.draft);
        }
        sort_items(&mut items);
        timings.mark("load");
        problems.extend(refs::check_with_broken(&items, &loaded.broken));
        timings.mark("references");
        let broken: HashSet<PathBuf> = loaded.broken.into_iter().map(|(_, p)| p).collect();
        let (entries, markdown_problems) = render_all(items, &config, &broken, drafts);
        problems.extend(markdown_problems);
        timings.mark("markdown");
        let mut site = Site::assemble(root, config, entries, Vec::new());
        timings.mark("indexes");
        // Law problems (laws.yaml errors, repealed-law warnings) join the rest.
        problems.append(&mut site.warnings);
        site.timings = timings;
        Ok((site, problems))
    }

    /// A site from entries already rendered (in any order): sorts them and
    /// builds the indexes, the law index among them (its problems are added
    /// to `warnings`). `pufa serve` uses it to rebuild after one edit
    /// without re-rendering the Markdown of unchanged files.
    pub fn assemble(
        root: &Path,
        config: Config,
        entries: Vec<Entry>,
        warnings: Vec<Diagnostic>,
    ) -> Site {
        Site::assemble_with(root, config, entries, warnings, None)
    }

    /// [`Site::assemble`], keeping the law scans of `scans` for entries
    /// whose files did not change (see [`crate::laws::index::ScanCache`]).
    pub fn assemble_with(
        root: &Path,
        config: Config,
        entries: Vec<Entry>,
        mut warnings: Vec<Diagnostic>,
        scans: Option<crate::laws::index::ScanCache>,
    ) -> Site {
        // Entries are large: sort positions, then move each entry once.
        let mut order: Vec<usize> = (0..entries.len()).collect();
        order.sort_by(|a, b| site_order(&entries[*a].item, &entries[*b].item));
        let mut slots: Vec<Option<Entry>> = entries.into_iter().map(Some).collect();
        let entries: Vec<Entry> = order.iter().filter_map(|i| slots[*i].take()).collect();
        let index = Indexes::build(&entries);
        let laws =
            crate::laws::LawIndex::build_with(root, &entries, &index.by_ref, &mut warnings, scans);
        Site {
            root: root.to_path_buf(),
            config,
            entries,
            index,
            warnings,
            timings: Timings::start(),
            laws,
        }
    }

    pub fn entry(&self, i: usize) -> &Entry {
        &self.entries[i]
    }

    /// The entries entry `i` features (a bulletin's `featured`) that exist.
    pub fn featured(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.entry(i)
            .item
            .fm
            .featured
            .iter()
            .flatten()
            .filter_map(|f| {
                self.index
                    .by_ref
                    .get(f.value.trim_end_matches(".md"))
                    .copied()
            })
    }

    /// The day the site speaks from: the first day of the newest bulletin's
    /// month (so two builds of the same content always agree).
    pub fn today(&self) -> Option<NaiveDate> {
        self.index
            .current_bulletin
            .and_then(|i| self.entries[i].item.date)
    }
}

/// Kind, then newest first, then by id: one order every list starts from.
fn sort_items(items: &mut [Item]) {
    items.sort_by(site_order);
}

fn site_order(a: &Item, b: &Item) -> std::cmp::Ordering {
    a.kind
        .cmp(&b.kind)
        .then(b.date.cmp(&a.date))
        .then_with(|| a.id.cmp(&b.id))
}

/// Renders every item's Markdown; items whose Markdown has errors are left
/// out. Links to `broken` files (which failed to load) are not reported;
/// links to `drafts` left out of the build are reported as such.
fn render_all(
    items: Vec<Item>,
    config: &Config,
    broken: &HashSet<PathBuf>,
    drafts: Vec<PathBuf>,
) -> (Vec<Entry>, Vec<Diagnostic>) {
    let pages: HashMap<PathBuf, String> = drafts
        .into_iter()
        .map(|p| (p, markdown::DRAFT_PAGE.to_string()))
        .chain(items.iter().map(|i| (i.source.clone(), i.url_path())))
        .chain(broken.iter().map(|p| (p.clone(), String::new())))
        .collect();
    let resolve = move |p: &Path| pages.get(p).cloned();
    let results: Vec<std::result::Result<Entry, Vec<Diagnostic>>> = items
        .into_par_iter()
        .map(|item| render_entry(item, config, &resolve))
        .collect();
    let mut entries = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for r in results {
        match r {
            Ok(e) => entries.push(e),
            Err(mut p) => problems.append(&mut p),
        }
    }
    crate::diagnostic::sort(&mut problems);
    (entries, problems)
}

/// Renders one item's Markdown; `resolve` gives the page of a content file
/// (path from the site root) for links between files.
pub fn render_entry(
    item: Item,
    config: &Config,
    resolve: &(dyn Fn(&Path) -> Option<String> + Sync),
) -> std::result::Result<Entry, Vec<Diagnostic>> {
    let page = item.url_path();
    let src = markdown::Source {
        path: &item.source,
        first_line: item.body_line,
        page: &page,
        resolve,
        offline: config.offline,
    };
    let rendered = markdown::render(&item.body, &src)?;
    let summary = match &item.fm.summary {
        Some(s) => s.trim().to_string(),
        None => summary::summarize(&rendered.plain, summary::SUMMARY_CHARS),
    };
    Ok(Entry {
        body_html: tera::Value::safe_string(&rendered.html),
        toc: rendered.toc,
        summary,
        plain: rendered.plain,
        chars: rendered.chars,
        item,
    })
}

/// Groups entry positions by kind, keeping the site order.
pub fn by_kind(entries: &[Entry]) -> BTreeMap<Kind, Vec<usize>> {
    let mut map: BTreeMap<Kind, Vec<usize>> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        map.entry(e.item.kind).or_default().push(i);
    }
    map
}
