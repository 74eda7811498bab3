//! The checks `pufa check` and `pufa build` run over the loaded site model,
//! one family per file. Loading (front matter, dates, references, Markdown
//! links, encodings) reports its own problems; these rules need the whole
//! site: bulletin numbering, links, anchors and images, the catalogue,
//! privacy, review, files that would not be published, and what can still
//! be read of files that failed to load. Each returns every problem it
//! finds; nothing here stops early.

mod addresses;
pub mod bulletins;
pub mod catalogue;
pub mod files;
mod html_tags;
pub mod links;
pub mod names;
pub mod pages;
pub mod privacy;
pub mod review;
pub mod unloaded;

use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::diagnostic::{self, Diagnostic};
use crate::site::Site;

/// Every problem the checks find in `site`, sorted by file and position.
pub fn run(site: &Site) -> Vec<Diagnostic> {
    Results::of(site).all()
}

/// The problems of the checks, those of each file's own text apart from
/// the rest, so that `pufa serve` can check again only what an edit touched.
#[derive(Debug, Default, Clone)]
pub struct Results {
    /// Links, anchors, images and privacy of each entry's text, by source.
    per_file: HashMap<PathBuf, Vec<Diagnostic>>,
    /// What depends on more than one file's front matter: numbering, the
    /// catalogue, review.
    site_wide: Vec<Diagnostic>,
    /// What depends on the files in `content/` and `static/` and the pages
    /// published: files that are not published, files that do not load,
    /// site.toml.
    files_wide: Vec<Diagnostic>,
}

impl Results {
    /// Runs every check on `site`.
    pub fn of(site: &Site) -> Results {
        let targets = links::Targets::new(site);
        let per_file = by_file(
            site.entries
                .par_iter()
                .map(|e| (e.item.source.clone(), own_text(&targets, e)))
                .collect(),
        );
        Results {
            per_file,
            site_wide: site_wide(site),
            files_wide: files_wide(site, &targets),
        }
    }

    /// The results after an edit that changed only the text (not the
    /// front matter) of the files `touched`, with no file added or removed:
    /// their own checks run again, and so do those of files that may link
    /// to one of `reanchored` (touched files whose anchors changed). The
    /// rest is kept.
    pub fn after_text_edit(
        mut self,
        site: &Site,
        touched: &HashSet<PathBuf>,
        reanchored: &HashSet<PathBuf>,
    ) -> Results {
        let targets = links::Targets::new(site);
        self.recheck_texts(site, &targets, (touched, reanchored));
        self
    }

    /// The results after an edit that changed the front matter of the
    /// files `touched` too, every entry keeping its place: their texts are
    /// checked again as after [`Results::after_text_edit`], and so are
    /// numbering, catalogue and review, which read the front matter. The
    /// checks of files in `content/` and `static/` run again unless
    /// `same_files`: no file came or went and the site publishes the same
    /// pages and files as before.
    pub fn after_front_matter_edit(
        mut self,
        site: &Site,
        touched: (&HashSet<PathBuf>, &HashSet<PathBuf>),
        same_files: bool,
    ) -> Results {
        let targets = links::Targets::new(site);
        self.recheck_texts(site, &targets, touched);
        self.site_wide = site_wide(site);
        if !same_files {
            self.files_wide = files_wide(site, &targets);
        }
        self
    }

    /// Checks again the texts of `touched` and of the files that may link
    /// to one of `reanchored` (whose text names one of their file names).
    fn recheck_texts(
        &mut self,
        site: &Site,
        targets: &links::Targets,
        (touched, reanchored): (&HashSet<PathBuf>, &HashSet<PathBuf>),
    ) {
        let is_touched = among(touched);
        let is_reanchored = among(reanchored);
        // Every file's text is searched: with a finder made once per name.
        let names: Vec<memchr::memmem::Finder> = match reanchored.is_empty() {
            true => Vec::new(),
            false => site
                .entries
                .iter()
                .filter(|e| is_reanchored(e))
                .map(|e| memchr::memmem::Finder::new(e.item.id.as_bytes()))
                .collect(),
        };
        let files: HashSet<PathBuf> = site
            .entries
            .par_iter()
            .filter(|e| {
                is_touched(e)
                    || names
                        .iter()
                        .any(|n| n.find(e.item.body.as_bytes()).is_some())
            })
            .map(|e| e.item.source.clone())
            .collect();
        // Every entry of those files: a catalogue's rows share their file.
        let in_files = among(&files);
        let again: Vec<(PathBuf, Vec<Diagnostic>)> = site
            .entries
            .par_iter()
            .filter(|e| in_files(e))
            .map(|e| (e.item.source.clone(), own_text(targets, e)))
            .collect();
        for file in &files {
            self.per_file.remove(file);
        }
        self.per_file.extend(by_file(again));
    }

    /// The errors only, sorted (what stops a build or a preview): without
    /// copying the many warnings a large site may have.
    pub fn errors(&self) -> Vec<Diagnostic> {
        self.sorted(Diagnostic::is_error)
    }

    /// Every problem, sorted by file and position.
    pub fn all(&self) -> Vec<Diagnostic> {
        self.sorted(|_| true)
    }

    fn sorted(&self, keep: impl Fn(&Diagnostic) -> bool) -> Vec<Diagnostic> {
        let mut problems: Vec<Diagnostic> = self
            .per_file
            .values()
            .flatten()
            .chain(&self.site_wide)
            .chain(&self.files_wide)
            .filter(|d| keep(d))
            .cloned()
            .collect();
        diagnostic::sort(&mut problems);
        problems
    }
}

/// Whether an entry's file is one of `files`, for asking of every entry.
/// An edit touches few files, and comparing a few paths' bytes costs much
/// less than hashing every entry's path; many files are looked up by hash.
pub fn among(files: &HashSet<PathBuf>) -> impl Fn(&crate::site::Entry) -> bool + Sync + '_ {
    let few: Option<Vec<&std::ffi::OsStr>> =
        (files.len() <= 16).then(|| files.iter().map(|p| p.as_os_str()).collect());
    move |e| match &few {
        Some(few) => few.contains(&e.item.source.as_os_str()),
        None => files.contains(&e.item.source),
    }
}

/// The checks that read more than one file's front matter.
fn site_wide(site: &Site) -> Vec<Diagnostic> {
    let mut out = bulletins::check(site);
    out.extend(catalogue::check(site));
    out.extend(review::check(site));
    out
}

/// The checks of the files in `content/` and `static/` and of site.toml.
fn files_wide(site: &Site, targets: &links::Targets) -> Vec<Diagnostic> {
    // One walk of content/ for the checks that look at files.
    let found = crate::content::load::find_all(&site.root);
    let mut out = privacy::scan_config(&site.root);
    out.extend(unloaded::check(site, &found, targets));
    out.extend(files::check(site, &found, targets.published()));
    out
}

/// Problems gathered by file (a catalogue's rows share theirs).
fn by_file(list: Vec<(PathBuf, Vec<Diagnostic>)>) -> HashMap<PathBuf, Vec<Diagnostic>> {
    let mut out: HashMap<PathBuf, Vec<Diagnostic>> = HashMap::with_capacity(list.len());
    for (file, problems) in list {
        out.entry(file).or_default().extend(problems);
    }
    out
}

/// The checks of one entry's own text.
fn own_text(targets: &links::Targets, e: &crate::site::Entry) -> Vec<Diagnostic> {
    let mut problems = links::check_entry(targets, e);
    problems.extend(privacy::check_item(&e.item));
    problems
}
