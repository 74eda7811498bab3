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

use crate::diagnostic::{self, Diagnostic};
use crate::site::Site;

/// Every problem the checks find in `site`, sorted by file and position.
pub fn run(site: &Site) -> Vec<Diagnostic> {
    let targets = links::Targets::new(site);
    // One walk of content/ for the checks that look at files.
    let found = crate::content::load::find_all(&site.root);
    let mut problems = Vec::new();
    problems.extend(bulletins::check(site));
    problems.extend(links::check(&targets));
    problems.extend(catalogue::check(site));
    problems.extend(privacy::check(site));
    problems.extend(review::check(site));
    problems.extend(unloaded::check(site, &found, &targets));
    problems.extend(files::check(site, &found, targets.published()));
    diagnostic::sort(&mut problems);
    problems
}
