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
    /// Everything that depends on more than one file's text: numbering,
    /// the catalogue, review, files that are not published, site.toml.
    site_wide: Vec<Diagnostic>,
}

impl Results {
    /// Runs every check on `site`.
    pub fn of(site: &Site) -> Results {
        let targets = links::Targets::new(site);
        let per_file = site
            .entries
            .par_iter()
            .map(|e| (e.item.source.clone(), own_text(&targets, e)))
            .collect();
        // One walk of content/ for the checks that look at files.
        let found = crate::content::load::find_all(&site.root);
        let mut site_wide = Vec::new();
        site_wide.extend(bulletins::check(site));
        site_wide.extend(catalogue::check(site));
        site_wide.extend(privacy::scan_config(&site.root));
        site_wide.extend(review::check(site));
        site_wide.extend(unloaded::check(site, &found, &targets));
        site_wide.extend(files::check(site, &found, targets.published()));
        Results {
            per_file,
            site_wide,
        }
    }

    /// The results after an edit that changed only the text (not the
    /// front matter) of the files `touched`, with no file added or removed:
    /// their own checks run again, and so do those of files that may link
    /// to them (whose text names one of their file names), since the
    /// anchors they point at may have changed. The rest is kept.
    pub fn after_text_edit(mut self, site: &Site, touched: &HashSet<PathBuf>) -> Results {
        let targets = links::Targets::new(site);
        let is_touched = among(touched);
        // Every file's text is searched: with a finder made once per name.
        let names: Vec<memchr::memmem::Finder> = site
            .entries
            .iter()
            .filter(|e| is_touched(e))
            .map(|e| memchr::memmem::Finder::new(e.item.id.as_bytes()))
            .collect();
        let again: Vec<(PathBuf, Vec<Diagnostic>)> = site
            .entries
            .par_iter()
            .filter(|e| {
                is_touched(e)
                    || names
                        .iter()
                        .any(|n| n.find(e.item.body.as_bytes()).is_some())
            })
            .map(|e| (e.item.source.clone(), own_text(&targets, e)))
            .collect();
        self.per_file.extend(again);
        self
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

/// The checks of one entry's own text.
fn own_text(targets: &links::Targets, e: &crate::site::Entry) -> Vec<Diagnostic> {
    let mut problems = links::check_entry(targets, e);
    problems.extend(privacy::check_item(&e.item));
    problems
}
