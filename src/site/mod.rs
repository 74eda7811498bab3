//! The site model: every item with its rendered body, and the indexes the
//! pages are built from (per kind, per month, per building, per topic and
//! audience). Knows nothing of templates or files on disk.

pub mod dates;
pub mod indexes;
pub mod refs;

use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
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
    pub html: String,
    pub toc: Vec<Heading>,
    /// `summary` from the front matter, or one derived from the body.
    pub summary: String,
    /// Plain text of the body's paragraphs.
    pub plain: String,
    pub chars: usize,
}

impl Entry {
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
}

impl Site {
    /// config → content → references → Markdown → indexes.
    pub fn load(root: &Path, options: &LoadOptions) -> Result<Site> {
        let mut timings = Timings::start();
        let mut config = Config::load(root)?;
        if let Some(base) = &options.base_url {
            config.base_url = if base.ends_with('/') {
                base.clone()
            } else {
                format!("{base}/")
            };
        }
        config.offline |= options.offline;
        let mut items = content::load::load_all(root)?;
        if !options.drafts {
            items.retain(|i| !i.fm.draft);
        }
        sort_items(&mut items);
        timings.mark("load");
        let mut warnings = Vec::new();
        refs::check(&items, &mut warnings).map_err(Failure)?;
        timings.mark("references");
        let entries = render_all(items, &config)?;
        timings.mark("markdown");
        let index = Indexes::build(&entries);
        timings.mark("indexes");
        Ok(Site {
            root: root.to_path_buf(),
            config,
            entries,
            index,
            warnings,
            timings,
        })
    }

    pub fn entry(&self, i: usize) -> &Entry {
        &self.entries[i]
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
    items.sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then(b.date.cmp(&a.date))
            .then_with(|| a.id.cmp(&b.id))
    });
}

fn render_all(items: Vec<Item>, config: &Config) -> Result<Vec<Entry>> {
    let pages: HashMap<PathBuf, String> = items
        .iter()
        .map(|i| (i.source.clone(), i.url_path()))
        .collect();
    let resolve = move |p: &Path| pages.get(p).cloned();
    let results: Vec<std::result::Result<Entry, Vec<Diagnostic>>> = items
        .into_par_iter()
        .map(|item| {
            let page = item.url_path();
            let src = markdown::Source {
                path: &item.source,
                first_line: item.body_line,
                page: &page,
                resolve: &resolve,
                offline: config.offline,
            };
            let rendered = markdown::render(&item.body, &src)?;
            let summary = match &item.fm.summary {
                Some(s) => s.trim().to_string(),
                None => summary::summarize(&rendered.plain, summary::SUMMARY_CHARS),
            };
            Ok(Entry {
                html: rendered.html,
                toc: rendered.toc,
                summary,
                plain: rendered.plain,
                chars: rendered.chars,
                item,
            })
        })
        .collect();
    let mut entries = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for r in results {
        match r {
            Ok(e) => entries.push(e),
            Err(mut p) => problems.append(&mut p),
        }
    }
    if problems.is_empty() {
        Ok(entries)
    } else {
        crate::diagnostic::sort(&mut problems);
        Err(Failure(problems))
    }
}

/// Groups entry positions by kind, keeping the site order.
pub fn by_kind(entries: &[Entry]) -> BTreeMap<Kind, Vec<usize>> {
    let mut map: BTreeMap<Kind, Vec<usize>> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        map.entry(e.item.kind).or_default().push(i);
    }
    map
}
