//! The live site: the last good build kept in memory, and the incremental
//! rebuild that brings it up to date after a batch of changes.
//!
//! After an edit to one content file, only that file is read and its
//! Markdown rendered (plus, when a page address appears or disappears, the
//! files whose text names it, since their links change). The indexes and
//! page plan are rebuilt (cheap: no Markdown, no templates), and only the
//! pages whose [`Deps`] say they changed are rendered: those showing a
//! changed entry, those whose list of entries or key differs from last
//! time, new pages, and every `Deps::All` page. An entry counts as changed
//! when its file changed or its template value differs (a renamed topic or
//! building changes the entries that name it). Templates or `site.toml`
//! changing render everything.
//!
//! A failed rebuild changes nothing that is served; the changes wait in
//! `pending` and are rendered by the first rebuild that succeeds.

use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::http::Files;
use super::watch::Batch;
use crate::config::Config;
use crate::content::{Kind, load};
use crate::diagnostic::{Diagnostic, Failure};
use crate::render::pages::{Deps, PageJob, Planned};
use crate::render::values::EntryValues;
use crate::render::{Renderer, derived_files_unless};
use crate::site::{Entry, LoadOptions, Site, refs};

/// A content file read again: its item (a catalogue's: one per row), or
/// why it does not load.
type Loaded = std::result::Result<Vec<crate::content::Item>, Vec<Diagnostic>>;

/// What a rebuild did.
#[derive(Debug)]
pub enum Outcome {
    /// The site changed: `changed` holds the addresses of pages whose bytes
    /// differ (`/cases/a/`), or `*` when every page should reload.
    Rebuilt {
        changed: Vec<String>,
        rendered: usize,
        elapsed: Duration,
    },
    /// The rebuild failed; the last good site is still served.
    Failed(Vec<Diagnostic>),
}

/// A stable number for each entry: by its file, or for a catalogue's rows
/// (which share their file) by file and row id.
#[derive(Default)]
struct EntryIds {
    files: HashMap<PathBuf, u32>,
    rows: HashMap<(PathBuf, String), u32>,
}

impl EntryIds {
    fn id_of(&mut self, item: &crate::content::Item) -> u32 {
        let next = self.len() as u32;
        if item.is_catalogue_row() {
            let key = (item.source.clone(), item.id.clone());
            *self.rows.entry(key).or_insert(next)
        } else if let Some(id) = self.files.get(&item.source) {
            *id
        } else {
            self.files.insert(item.source.clone(), next);
            next
        }
    }

    fn len(&self) -> usize {
        self.files.len() + self.rows.len()
    }
}

/// What the last change to the content kept, which decides what is worked
/// out again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edit {
    /// Only the text of files changed: front matter, references and
    /// indexes are as they were.
    Text,
    /// Front matter changed too, but every entry kept its place (see
    /// [`crate::site::indexes::keeps_place`]): the indexes stand, the
    /// references are checked again.
    FrontMatter,
    /// Entries came, went or moved: everything is worked out again.
    Moved,
}

/// How a page was made last time, to tell whether it must be made again.
struct PageRecord {
    file: String,
    /// Entry ids (see `Live::ids`) and key; `None` for `Deps::All`.
    deps: Option<(Vec<u32>, String)>,
}

pub struct Live {
    root: PathBuf,
    options: LoadOptions,
    config: Config,
    renderer: Option<Renderer>,
    /// The current sources (entries that load), in site order.
    site: Site,
    /// Content files that do not load, with their problems.
    broken: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// Problems with files in the wrong place under `content/`.
    misplaced: Vec<Diagnostic>,
    /// Sources changed since the last successful render.
    pending: HashSet<PathBuf>,
    /// Everything must be rendered at the next successful rebuild.
    pending_all: bool,
    /// `site.toml` did not load: every change reloads everything.
    config_failed: bool,
    /// A stable number for each entry, so deps compare cheaply.
    ids: EntryIds,
    /// Last rendered state: page records, entry values and each entry's
    /// position (by id) in that site, files.
    pages: HashMap<String, PageRecord>,
    values: Option<EntryValues>,
    positions: HashMap<u32, usize>,
    /// The recipes of the last full plan, the pages each made, the entry
    /// order and indexes they were planned for.
    recipes: Option<Arc<Vec<Planned>>>,
    recipe_pages: Vec<Vec<String>>,
    /// Every entry the pages of each recipe showed, `None` when one of them
    /// shows everything or there were none (see [`recipe_touched`]).
    recipe_shows: Vec<Option<Vec<u32>>>,
    /// Each scoped recipe's inputs when it was last made (see [`Planned::Scoped`]).
    recipe_inputs: Vec<Option<u64>>,
    /// The laws with a page, one scoped recipe each.
    law_pages: Vec<crate::laws::registry::LawId>,
    order: Vec<u32>,
    index: Option<crate::site::Indexes>,
    /// The site's entries are the files of `order`, in that order, and its
    /// indexes equal `index` (an edit of the text alone keeps both), so
    /// neither needs working out or comparing.
    as_recorded: bool,
    laws_fingerprint: Option<u64>,
    /// The checks of the current sources, and what the last change kept
    /// (see [`crate::check::Results`]).
    checks: Option<crate::check::Results>,
    edit: Edit,
    /// The references of the current sources were checked and hold.
    refs_ok: bool,
    last_loaded: HashSet<PathBuf>,
    /// Of those, the files whose page's anchors (`id`s) changed in an
    /// in-place edit: links to them from other files are checked again.
    reanchored: HashSet<PathBuf>,
    statics: Files,
    files: Files,
    /// Feeds and search data: their names, and whether they are behind.
    derived: Vec<String>,
    derived_stale: bool,
    /// Where the last rebuild's time went (`PUFA_TIMINGS=1 pufa serve` prints it).
    pub timings: crate::timings::Timings,
}

impl Live {
    /// Loads the site and renders everything. Problems in the content do not
    /// stop it: the site is then empty and the problems are returned, to
    /// be shown until fixed.
    pub fn start(root: &Path, options: LoadOptions) -> (Live, Outcome) {
        let config = Config::load(root).ok();
        let mut live = Live {
            root: root.to_path_buf(),
            options,
            config: config.clone().unwrap_or_else(placeholder_config),
            renderer: None,
            site: Site::assemble(
                root,
                config.unwrap_or_else(placeholder_config),
                Vec::new(),
                Vec::new(),
            ),
            broken: BTreeMap::new(),
            misplaced: Vec::new(),
            pending: HashSet::new(),
            pending_all: true,
            config_failed: false,
            ids: EntryIds::default(),
            pages: HashMap::new(),
            values: None,
            positions: HashMap::new(),
            recipes: None,
            recipe_pages: Vec::new(),
            recipe_shows: Vec::new(),
            recipe_inputs: Vec::new(),
            law_pages: Vec::new(),
            order: Vec::new(),
            index: None,
            as_recorded: false,
            laws_fingerprint: None,
            checks: None,
            edit: Edit::Moved,
            refs_ok: false,
            last_loaded: HashSet::new(),
            reanchored: HashSet::new(),
            statics: Files::new(),
            files: Files::new(),
            derived: Vec::new(),
            derived_stale: false,
            timings: crate::timings::Timings::start(),
        };
        let outcome = live.reload_everything();
        live.refresh_derived();
        (live, outcome)
    }

    /// The files of the last good build.
    pub fn files(&self) -> &Files {
        &self.files
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Applies a batch of changes, feeds and search data included.
    pub fn apply(&mut self, batch: &Batch) -> Outcome {
        let outcome = self.apply_pages(batch);
        self.refresh_derived();
        outcome
    }

    /// Applies a batch of changes to the pages; the feeds and search data
    /// wait for [`Live::refresh_derived`].
    pub fn apply_pages(&mut self, batch: &Batch) -> Outcome {
        self.timings = crate::timings::Timings::start();
        if batch.config || self.config_failed {
            return self.reload_everything();
        }
        let started = Instant::now();
        let mut statics_changed = false;
        if batch.statics || batch.templates {
            match crate::pipeline::static_files(&self.root, &self.config.theme) {
                Ok(list) => {
                    let fresh = statics_map(list);
                    statics_changed = fresh != self.statics;
                    self.statics = fresh;
                }
                Err(f) => return Outcome::Failed(f.0),
            }
        }
        if batch.templates {
            self.renderer = None;
            self.pending_all = true;
        }
        if batch.content_tree || !batch.content.is_empty() {
            self.update_content(&batch.content, batch.content_tree);
        }
        if statics_changed {
            // The checks of links to static files run again.
            self.edit = Edit::Moved;
        }
        let mut outcome = self.render(started);
        if statics_changed && let Outcome::Rebuilt { changed, .. } = &mut outcome {
            *changed = vec!["*".to_string()];
        }
        outcome
    }

    /// Reads `site.toml`, every content file and the templates again.
    fn reload_everything(&mut self) -> Outcome {
        let started = Instant::now();
        let mut config = match Config::load(&self.root) {
            Ok(c) => c,
            Err(f) => {
                self.config_failed = true;
                return Outcome::Failed(f.0);
            }
        };
        self.config_failed = false;
        if let Some(base) = &self.options.base_url {
            config.base_url = base.clone();
        }
        config.offline |= self.options.offline;
        match crate::pipeline::static_files(&self.root, &config.theme) {
            Ok(list) => self.statics = statics_map(list),
            Err(f) => return Outcome::Failed(f.0),
        }
        self.config = config;
        self.renderer = None;
        self.pending_all = true;
        self.broken.clear();
        self.site.entries.clear();
        self.update_content(&BTreeSet::new(), true);
        self.render(started)
    }

    /// Brings the entries up to date with the content files named in
    /// `paths` (all of them when `rescan`). Unchanged entries stay as they
    /// are: their files are not read and their Markdown is not rendered.
    fn update_content(&mut self, paths: &BTreeSet<PathBuf>, rescan: bool) {
        let mut todo: BTreeMap<PathBuf, Option<Kind>> =
            paths.iter().map(|p| (p.clone(), kind_of(p))).collect();
        if rescan {
            let (found, problems) = load::find_files(&self.root);
            self.misplaced = problems;
            let found: BTreeMap<PathBuf, Kind> = found
                .into_iter()
                .map(|(kind, path)| (relative(&self.root, &path), kind))
                .collect();
            let known: HashSet<&PathBuf> = self
                .site
                .entries
                .iter()
                .map(|e| &e.item.source)
                .chain(self.broken.keys())
                .collect();
            for gone in known.iter().filter(|p| !found.contains_key(**p)) {
                todo.insert((*gone).clone(), None);
            }
            for (path, kind) in found {
                if !known.contains(&path) {
                    todo.insert(path, Some(kind));
                }
            }
        }

        // Read the files as they are now; whatever the editor did, this is the final state.
        let root = &self.root;
        let loaded: Vec<(PathBuf, Option<Loaded>)> = todo
            .into_par_iter()
            .map(|(rel, kind)| {
                let abs = root.join(&rel);
                let item = match kind {
                    Some(_) if abs.is_file() && load::is_catalogue(&abs) => {
                        // Good rows and bad rows: the build fails on the bad ones too.
                        let (rows, problems) = crate::content::csv::load_file(root, &abs);
                        Some(if problems.is_empty() {
                            Ok(rows)
                        } else {
                            Err(problems)
                        })
                    }
                    Some(kind) if abs.is_file() => {
                        Some(load::load_file(root, &abs, kind).map(|item| vec![item]))
                    }
                    _ => None,
                };
                (rel, item)
            })
            .collect();
        if !rescan && let Some((positions, edit)) = self.same_places(&loaded) {
            let items = loaded
                .into_iter()
                .filter_map(|(rel, item)| Some((rel, item?.ok()?.pop()?)))
                .collect();
            self.edit_in_place(items, positions, edit);
            return;
        }
        let touched: HashSet<&PathBuf> = loaded.iter().map(|(p, _)| p).collect();
        // Law scans of the files that did not change are kept.
        let mut scans = self.site.laws.take_scans(&self.site.entries);
        let mut old_urls: HashMap<PathBuf, String> = HashMap::new();
        let mut kept = Vec::with_capacity(self.site.entries.len() + loaded.len());
        for e in self.site.entries.drain(..) {
            if touched.contains(&e.item.source) {
                old_urls.insert(e.item.source.clone(), e.item.url_path());
            } else {
                kept.push(e);
            }
        }
        self.edit = Edit::Moved;
        self.last_loaded = loaded.iter().map(|(rel, _)| rel.clone()).collect();
        let mut moved: HashSet<String> = HashSet::new(); // file names whose page appeared, moved or went
        let mut fresh = Vec::new();
        for (rel, items) in loaded {
            self.pending.insert(rel.clone());
            self.broken.remove(&rel);
            let items: Vec<crate::content::Item> = match items {
                Some(Ok(items)) => items
                    .into_iter()
                    .filter(|i| self.options.drafts || !i.fm.draft)
                    .collect(),
                None => Vec::new(),
                Some(Err(problems)) => {
                    self.broken.insert(rel.clone(), problems);
                    Vec::new()
                }
            };
            // Markdown links name files; a catalogue's rows are not linked to by file.
            if !load::is_catalogue(&rel)
                && old_urls.get(&rel) != items.first().map(|i| i.url_path()).as_ref()
                && let Some(name) = rel.file_name().and_then(|n| n.to_str())
            {
                moved.insert(name.to_string());
            }
            fresh.extend(items);
        }
        // Files linking to a page that appeared, moved or went render their links again.
        if !moved.is_empty() {
            let (relink, stay): (Vec<Entry>, Vec<Entry>) = kept
                .into_iter()
                .partition(|e| moved.iter().any(|name| e.item.body.contains(name.as_str())));
            kept = stay;
            for e in relink {
                self.pending.insert(e.item.source.clone());
                scans.forget(&e.item.source);
                fresh.push(e.item);
            }
        }
        if !fresh.is_empty() {
            let config = &self.config;
            let fresh_urls: Vec<(PathBuf, String)> = fresh
                .iter()
                .map(|i| (i.source.clone(), i.url_path()))
                .collect();
            let (kept_ref, fresh_ref) = (&kept, &fresh_urls);
            // Few links per file: a scan per link beats building a map of every page.
            let resolve = move |p: &Path| {
                fresh_ref
                    .iter()
                    .find(|(s, _)| s == p)
                    .map(|(_, url)| url.clone())
                    .or_else(|| {
                        kept_ref
                            .iter()
                            .find(|e| e.item.source == p)
                            .map(|e| e.item.url_path())
                    })
            };
            let rendered: Vec<(PathBuf, std::result::Result<Entry, Vec<Diagnostic>>)> = fresh
                .into_par_iter()
                .map(|item| {
                    let source = item.source.clone();
                    (source, crate::site::render_entry(item, config, &resolve))
                })
                .collect();
            for (source, result) in rendered {
                match result {
                    Ok(entry) => kept.push(entry),
                    Err(problems) => {
                        self.broken.insert(source, problems);
                    }
                }
            }
        }
        self.timings.mark("read and Markdown");
        self.assemble(kept, scans);
        self.timings.mark("site model");
    }

    /// Makes the site of `entries` again (sorted, indexed), keeping the
    /// law scans of `scans` for the files that are not pending.
    fn assemble(&mut self, entries: Vec<Entry>, mut scans: crate::laws::index::ScanCache) {
        for path in &self.pending {
            scans.forget(path);
        }
        self.as_recorded = false;
        self.site = Site::assemble_with(
            &self.root,
            self.config.clone(),
            entries,
            Vec::new(),
            Some(scans),
        );
    }

    /// The positions of the entries of `loaded` when each file loaded and
    /// is an entry that keeps its place (see [`crate::site::indexes::keeps_place`]),
    /// and whether the front matter of all of them is as it was.
    fn same_places(&self, loaded: &[(PathBuf, Option<Loaded>)]) -> Option<(Vec<usize>, Edit)> {
        if loaded.is_empty() {
            return None;
        }
        let entries = &self.site.entries;
        // A few files are looked for one by one; many (a branch checked
        // out) through a map, once.
        let map: Option<HashMap<&std::ffi::OsStr, usize>> = (loaded.len() > 16).then(|| {
            let sources = entries.iter().map(|e| e.item.source.as_os_str());
            sources.enumerate().map(|(i, s)| (s, i)).collect()
        });
        let position = |rel: &PathBuf| match &map {
            Some(map) => map.get(rel.as_os_str()).copied(),
            None => entries
                .iter()
                .position(|e| e.item.source.as_os_str() == rel.as_os_str()),
        };
        let mut edit = Edit::Text;
        let positions = loaded
            .iter()
            .map(|(rel, items)| {
                // A catalogue's rows take the general road.
                let item = match items {
                    Some(Ok(items)) if items.len() == 1 && !load::is_catalogue(rel) => {
                        Some(&items[0])
                    }
                    _ => None,
                };
                let pos = position(rel)?;
                let old = &self.site.entries[pos].item;
                match item {
                    Some(item) if item.kind == old.kind && item.yaml == old.yaml => Some(pos),
                    Some(item)
                        if (self.options.drafts || !item.fm.draft)
                            && crate::site::indexes::keeps_place(old, item) =>
                    {
                        edit = Edit::FrontMatter;
                        Some(pos)
                    }
                    _ => None,
                }
            })
            .collect::<Option<Vec<usize>>>()?;
        Some((positions, edit))
    }

    /// An edit that keeps every entry in its place: the site order and the
    /// indexes stand, the law index keeps the other entries' scans, and
    /// the checks of the other files' text stand. An entry whose Markdown
    /// now fails leaves the site, as in a full update.
    fn edit_in_place(
        &mut self,
        items: Vec<(PathBuf, crate::content::Item)>,
        positions: Vec<usize>,
        edit: Edit,
    ) {
        self.edit = edit;
        self.last_loaded = items.iter().map(|(rel, _)| rel.clone()).collect();
        self.reanchored.clear();
        let (site, config) = (&self.site, &self.config);
        let resolve = move |p: &Path| {
            site.entries
                .iter()
                .find(|e| e.item.source == p)
                .map(|e| e.item.url_path())
        };
        let rendered: Vec<(PathBuf, std::result::Result<Entry, Vec<Diagnostic>>)> = items
            .into_par_iter()
            .map(|(rel, item)| (rel, crate::site::render_entry(item, config, &resolve)))
            .collect();
        let mut failed = HashSet::new();
        for ((rel, result), pos) in rendered.into_iter().zip(&positions) {
            self.pending.insert(rel.clone());
            self.broken.remove(&rel);
            match result {
                Ok(entry) => {
                    let old = &self.site.entries[*pos];
                    if crate::check::links::ids_in(old.html())
                        != crate::check::links::ids_in(entry.html())
                    {
                        self.reanchored.insert(rel.clone());
                    }
                    self.site.entries[*pos] = entry;
                }
                Err(problems) => {
                    self.broken.insert(rel.clone(), problems);
                    failed.insert(rel);
                }
            }
        }
        self.timings.mark("read and Markdown");
        if failed.is_empty() {
            let mut warnings = Vec::new();
            let site = &mut self.site;
            let remade = site.laws.reindex(
                &self.root,
                &site.entries,
                &site.index.by_ref,
                &mut warnings,
                &positions,
            );
            if remade {
                site.warnings = warnings;
            }
        } else {
            let scans = self.site.laws.take_scans(&self.site.entries);
            let mut entries = std::mem::take(&mut self.site.entries);
            entries.retain(|e| !failed.contains(&e.item.source));
            self.edit = Edit::Moved;
            self.assemble(entries, scans);
        }
        self.timings.mark("site model");
    }

    /// Renders what the pending changes affect and swaps in the new files.
    fn render(&mut self, started: Instant) -> Outcome {
        let mut problems: Vec<Diagnostic> = self.misplaced.clone();
        problems.extend(self.broken.values().flatten().cloned());
        // References live in the front matter: after an edit of the text
        // alone they are as good as they were.
        let refs_stand = self.refs_ok
            && match self.edit {
                Edit::Text => true,
                Edit::FrontMatter => {
                    let site = &self.site;
                    let is_touched = crate::check::among(&self.last_loaded);
                    let touched = site.entries.iter().filter(|e| is_touched(e));
                    refs::hold_for(touched.map(|e| &e.item), &site.index.by_ref, |i| {
                        site.entries[i].item.kind
                    })
                }
                Edit::Moved => false,
            };
        if problems.is_empty()
            && !refs_stand
            && let Err(p) = refs::check(self.site.entries.iter().map(|e| &e.item), &mut Vec::new())
        {
            problems = p;
        }
        self.refs_ok = problems.is_empty();
        if !problems.is_empty() {
            self.checks = None;
            crate::diagnostic::sort(&mut problems);
            return Outcome::Failed(problems);
        }
        if self.renderer.is_none() {
            match Renderer::new(&self.root, &self.config.theme) {
                Ok(r) => self.renderer = Some(r),
                Err(Failure(p)) => return Outcome::Failed(p),
            }
        }
        let ids: Vec<u32> = if self.as_recorded {
            self.order.clone()
        } else {
            let known = &mut self.ids;
            let entries = &self.site.entries;
            entries.iter().map(|e| known.id_of(&e.item)).collect()
        };
        let site = &self.site;
        let laws_fingerprint = site.laws.fingerprint();
        // The checks (the same as `pufa build`: errors stop the preview too)
        // and the entries' template values do not depend on each other:
        // they are worked out side by side.
        let previous_checks = self.checks.take();
        let edit = if self.pending_all {
            Edit::Moved
        } else {
            self.edit
        };
        let (results, (values, changed)) = rayon::join(
            || match (previous_checks, edit) {
                (Some(previous), Edit::Text) => {
                    previous.after_text_edit(site, &self.last_loaded, &self.reanchored)
                }
                (Some(previous), Edit::FrontMatter) => {
                    // Bulletins decide which QR codes the print sheets have.
                    let same_files = self.law_pages == site.laws.pages
                        && !site.entries.iter().any(|e| {
                            e.item.kind == Kind::Bulletin
                                && self.last_loaded.contains(&e.item.source)
                        });
                    let touched = (&self.last_loaded, &self.reanchored);
                    previous.after_front_matter_edit(site, touched, same_files)
                }
                _ => crate::check::Results::of(site),
            },
            || match &self.values {
                Some(old) if !self.pending_all => {
                    let previous: Vec<Option<usize>> = ids
                        .iter()
                        .map(|id| self.positions.get(id).copied())
                        .collect();
                    let touched: Vec<bool> = site
                        .entries
                        .iter()
                        .map(crate::check::among(&self.pending))
                        .collect();
                    let laws_as_before = self.laws_fingerprint == Some(laws_fingerprint);
                    EntryValues::update(site, old, &previous, &touched, laws_as_before)
                }
                _ => (EntryValues::build(site), vec![true; site.entries.len()]),
            },
        );
        let problems = results.errors();
        self.checks = Some(results);
        if !problems.is_empty() {
            return Outcome::Failed(problems);
        }
        let site = &self.site;
        let renderer = self.renderer.as_mut().expect("renderer was just made");
        self.timings.mark("checks and entry values");
        // The recipes of the last rebuild still describe the site when no
        // entry came, went or moved, the indexes are the same and so are
        // the laws with a page.
        let reuse = !self.pending_all
            && self.recipes.is_some()
            && ids == self.order
            && (self.as_recorded || self.index.as_ref() == Some(&site.index))
            && self.law_pages == site.laws.pages;
        if !reuse {
            // The warnings of shortened sheets are `pufa build`'s to print.
            self.recipes = Some(Arc::new(renderer.plan(site, &values).0));
            self.recipe_pages.clear();
            self.recipe_shows.clear();
            self.recipe_inputs.clear();
        }
        let recipes = self.recipes.clone().expect("recipes were just made");
        // Indexed by entry id: looked up for every entry of every page.
        let mut changed_ids = vec![false; self.ids.len()];
        for (id, c) in ids.iter().zip(&changed) {
            changed_ids[*id as usize] |= *c;
        }
        // Recipes of several pages decide which pages there are from more
        // than their pages show: the laws cited, and the bulletins,
        // lectures, contacts and buildings the print sheets are made of.
        // Those count as changed when their files did: a bulletin whose
        // value changed because a text it features did keeps its sheets,
        // which show that text and are made again for it.
        // (A file's kind is its folder's: no entry needs looking at.)
        let many_open = self.laws_fingerprint != Some(laws_fingerprint)
            || self.pending.iter().any(|p| {
                kind_of(p).is_some_and(|k| {
                    !matches!(k, Kind::Explainer | Kind::Case | Kind::Book | Kind::Page)
                })
            });
        let inputs: Vec<Option<u64>> = recipes.par_iter().map(|r| r.inputs(site)).collect();
        let todo: Vec<usize> = (0..recipes.len())
            .filter(|k| {
                !reuse
                    || (many_open && matches!(recipes[*k], Planned::Many(_)))
                    || recipes[*k].is_last()
                    || self.recipe_inputs.get(*k) != Some(&inputs[*k])
                    || recipe_touched(&self.recipe_shows, *k, &changed_ids)
            })
            .collect();
        // The last recipes read what the others left: made after them.
        let (last, first): (Vec<usize>, Vec<usize>) =
            todo.into_iter().partition(|k| recipes[*k].is_last());
        let make = |k: &usize| (*k, recipes[*k].make(site, &values));
        let mut made: Vec<(usize, Result<Vec<PageJob>, Failure>)> =
            first.par_iter().map(make).collect();
        made.extend(last.iter().map(make));
        self.timings.mark("make pages");
        let mut problems = Vec::new();
        let mut jobs = Vec::new();
        for (k, result) in made {
            match result {
                Ok(list) => jobs.push((k, list)),
                Err(Failure(mut p)) => problems.append(&mut p),
            }
        }
        if !problems.is_empty() {
            crate::diagnostic::sort(&mut problems);
            return Outcome::Failed(problems);
        }

        let mut records = HashMap::with_capacity(jobs.iter().map(|(_, l)| l.len()).sum());
        let mut recipe_pages: Vec<(usize, Vec<String>, Option<Vec<u32>>)> =
            Vec::with_capacity(jobs.len());
        let mut todo: Vec<PageJob> = Vec::new();
        let mut skipped: Vec<PageJob> = Vec::new();
        for (k, list) in jobs {
            let mut pages = Vec::with_capacity(list.len());
            let mut shows = (!list.is_empty()).then(Vec::new);
            for job in list {
                let deps = match &job.deps {
                    Deps::All => None,
                    Deps::Entries { entries, key } => Some((
                        entries.iter().map(|i| ids[*i]).collect::<Vec<u32>>(),
                        key.clone(),
                    )),
                };
                let dirty = self.pending_all
                    || match (&deps, self.pages.get(&job.path)) {
                        (
                            Some((now, key)),
                            Some(PageRecord {
                                deps: Some((then, old_key)),
                                ..
                            }),
                        ) => {
                            now != then
                                || key != old_key
                                || now.iter().any(|id| changed_ids[*id as usize])
                        }
                        _ => true,
                    };
                match (&deps, &mut shows) {
                    (Some((now, _)), Some(shows)) => shows.extend_from_slice(now),
                    _ => shows = None,
                }
                let record = PageRecord {
                    file: crate::urls::file_of(&job.path),
                    deps,
                };
                pages.push(job.path.clone());
                records.insert(job.path.clone(), record);
                if dirty {
                    todo.push(job);
                } else {
                    skipped.push(job);
                }
            }
            recipe_pages.push((k, pages, shows));
        }
        // Freeing unused contexts takes a while: not on the reader's time.
        std::thread::spawn(move || drop(skipped));
        let rendered_count = todo.len();
        let made = match renderer.render_jobs(todo) {
            Ok(files) => files,
            Err(Failure(p)) => return Outcome::Failed(p),
        };
        self.timings.mark("render");

        // Pages that are gone: every old page not made again, or (when only
        // some recipes were made) the old pages of those recipes not made again.
        let gone: Vec<String> = if reuse {
            recipe_pages
                .iter()
                .flat_map(|(k, pages, _)| {
                    let now: HashSet<&String> = pages.iter().collect();
                    let old = self.recipe_pages.get(*k).map_or(&[][..], Vec::as_slice);
                    old.iter().filter(move |p| !now.contains(p)).cloned()
                })
                .collect()
        } else {
            self.pages
                .keys()
                .filter(|p| !records.contains_key(*p))
                .cloned()
                .collect()
        };

        // Swap in the new state.
        let mut changed_pages: Vec<String> = Vec::new();
        let previous = std::mem::take(&mut self.files);
        let (mut files, previous) = if self.pending_all {
            (self.statics.clone(), Some(previous))
        } else {
            (previous, None)
        };
        for path in &gone {
            if let Some(record) = self.pages.remove(path) {
                files.remove(record.file.as_str());
                if let Some(s) = self.statics.get(record.file.as_str()) {
                    files.insert(Arc::from(record.file.as_str()), s.clone());
                }
                changed_pages.push(format!("/{path}"));
            }
        }
        let page_of: HashMap<&str, &str> = records
            .iter()
            .map(|(p, r)| (r.file.as_str(), p.as_str()))
            .collect();
        for (file, bytes) in made {
            let before = match &previous {
                Some(p) => p.get(file.as_str()),
                None => files.get(file.as_str()),
            };
            let same = before.is_some_and(|old| **old == *bytes);
            if !same {
                let page = page_of.get(file.as_str()).copied().unwrap_or(file.as_str());
                changed_pages.push(format!("/{page}"));
            }
            files.insert(Arc::from(file), Arc::from(bytes));
        }
        if !reuse {
            // Derived files (feeds, search data) of the last build stay until remade.
            if let Some(previous) = &previous {
                for name in &self.derived {
                    if let Some(bytes) = previous.get(name.as_str()) {
                        files.insert(Arc::from(name.as_str()), bytes.clone());
                    }
                }
            }
            self.pages.clear();
            self.recipe_pages = vec![Vec::new(); recipes.len()];
            self.recipe_shows = vec![None; recipes.len()];
            self.recipe_inputs = vec![None; recipes.len()];
        }
        self.pages.extend(records);
        for (k, pages, shows) in recipe_pages {
            self.recipe_pages[k] = pages;
            self.recipe_shows[k] = shows;
            self.recipe_inputs[k] = inputs[k];
        }
        if self.pending_all {
            changed_pages = vec!["*".to_string()];
        }
        changed_pages.sort();
        self.files = files;
        if !self.as_recorded {
            self.positions = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
            self.order = ids;
            self.index = Some(self.site.index.clone());
            self.as_recorded = true;
        }
        self.law_pages = self.site.laws.pages.clone();
        self.laws_fingerprint = Some(laws_fingerprint);
        // Freeing the old values takes a while too.
        let old_values = self.values.replace(values);
        std::thread::spawn(move || drop(old_values));
        self.pending.clear();
        self.pending_all = false;
        self.derived_stale = true;
        self.timings.mark("swap in");
        Outcome::Rebuilt {
            changed: changed_pages,
            rendered: rendered_count,
            elapsed: started.elapsed(),
        }
    }

    /// Makes the files made from the whole site (feeds, search data) again
    /// when a rebuild left them stale. Returns whether any changed.
    pub fn refresh_derived(&mut self) -> bool {
        self.refresh_derived_unless(&|| false)
    }

    /// [`Live::refresh_derived`], given up as soon as `stop` says so (it
    /// is asked between parts of the work): then nothing changes, the
    /// files stay stale and the next call makes them. `pufa serve` calls it
    /// after the reloaded pages are out and stops it when another change
    /// arrives, so an edit never waits for the search index of the last one.
    pub fn refresh_derived_unless(&mut self, stop: &(dyn Fn() -> bool + Sync)) -> bool {
        if !self.derived_stale {
            return false;
        }
        let Some(made) = derived_files_unless(&self.site, stop) else {
            return false;
        };
        self.derived_stale = false;
        let mut any = false;
        let mut names = Vec::new();
        for (name, bytes) in made {
            if self
                .files
                .get(name.as_str())
                .is_none_or(|old| **old != *bytes)
            {
                any = true;
                self.files
                    .insert(Arc::from(name.as_str()), Arc::from(bytes));
            }
            names.push(name);
        }
        for old in &self.derived {
            if !names.contains(old) {
                self.files.remove(old.as_str());
                any = true;
            }
        }
        self.derived = names;
        any
    }

    /// Whether the feeds and search data lag behind the pages.
    pub fn derived_stale(&self) -> bool {
        self.derived_stale
    }
}

/// Whether recipe `k` may make something different now that the
/// `changed` entries (by id) changed: one of the pages it made last time
/// shows one of them or shows everything (`shows[k]` is `None`). (The
/// caller remakes every recipe of several pages when what decides their
/// pages changed.)
fn recipe_touched(shows: &[Option<Vec<u32>>], k: usize, changed: &[bool]) -> bool {
    match shows.get(k) {
        Some(Some(entries)) => entries.iter().any(|id| changed[*id as usize]),
        _ => true,
    }
}

fn placeholder_config() -> Config {
    toml::from_str("title = \"pufa\"").expect("a minimal config parses")
}

fn statics_map(list: Vec<(String, Vec<u8>)>) -> Files {
    // The list runs most specific first; the first of a name wins.
    let mut map = Files::new();
    for (name, bytes) in list {
        map.entry(Arc::from(name))
            .or_insert_with(|| Arc::from(bytes));
    }
    map
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// The kind of a content file from its path (`content/cases/a.md`).
fn kind_of(rel: &Path) -> Option<Kind> {
    let mut parts = rel.components().map(|c| c.as_os_str().to_str());
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(Some("content")), Some(Some(folder)), Some(Some(name)), None)
            if name.ends_with(".md") =>
        {
            Kind::from_folder(folder)
        }
        (Some(Some("content")), Some(Some(folder)), Some(Some(_)), None)
            if load::is_catalogue(rel) && Kind::from_folder(folder) == Some(Kind::Book) =>
        {
            Some(Kind::Book)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_paths() {
        assert_eq!(kind_of(Path::new("content/cases/a.md")), Some(Kind::Case));
        assert_eq!(kind_of(Path::new("content/cases/a.txt")), None);
        assert_eq!(
            kind_of(Path::new("content/books/书目.csv")),
            Some(Kind::Book)
        );
        assert_eq!(kind_of(Path::new("content/cases/a.csv")), None);
        assert_eq!(kind_of(Path::new("content/x/a.md")), None);
        assert_eq!(kind_of(Path::new("content/cases/sub/a.md")), None);
    }
}
