//! The whole build: load and check the site, render every page, add the
//! static files, all streamed into a [`Sink`]. The output folder's sink
//! ([`crate::output::Output`]) changes nothing on disk until the build has
//! succeeded, so a failure at any step leaves the published site exactly as
//! it was.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::check;
use crate::diagnostic::{Diagnostic, Failure, Result};
use crate::output::{MemorySink, Sink};
use crate::render::Renderer;
use crate::site::{LoadOptions, Site};
use crate::theme;
use crate::timings::Timings;

/// Output files in memory: path relative to the output folder, and bytes.
pub type Files = Vec<(String, Vec<u8>)>;

pub struct Built {
    pub site: Site,
    /// How many files the build made.
    pub files: usize,
    pub elapsed: Duration,
    pub timings: Timings,
}

/// Loads, checks and renders the site into `sink`. Any error (from loading
/// or from the checks) stops it, with every problem found, warnings
/// included; warnings alone end up in `site.warnings`.
pub fn build(root: &Path, options: &LoadOptions, sink: &dyn Sink) -> Result<Built> {
    let started = Instant::now();
    let (mut site, problems) = load_checked(root, options)?;
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Failure(problems));
    }
    site.warnings = problems;
    let mut timings = site.timings.clone();
    timings.mark("checks");
    let files = match render_files(root, &site, &mut timings, sink) {
        Ok((n, shortened)) => {
            site.warnings.extend(shortened);
            crate::diagnostic::sort(&mut site.warnings);
            n
        }
        Err(Failure(mut p)) => {
            // The warnings still matter when the templates fail.
            p.append(&mut site.warnings);
            crate::diagnostic::sort(&mut p);
            return Err(Failure(p));
        }
    };
    Ok(Built {
        site,
        files,
        elapsed: started.elapsed(),
        timings,
    })
}

/// [`build`] into memory: the built site and its files, sorted by path.
pub fn build_in_memory(root: &Path, options: &LoadOptions) -> Result<(Built, Files)> {
    let sink = MemorySink::default();
    let built = build(root, options, &sink)?;
    Ok((built, sink.into_files()))
}

/// The site as far as it loads, and every problem of loading and of the
/// checks, sorted. Fails only when there is no site to load.
pub fn load_checked(root: &Path, options: &LoadOptions) -> Result<(Site, Vec<Diagnostic>)> {
    let (site, mut problems) = Site::gather(root, options)?;
    problems.extend(check::run(&site));
    crate::diagnostic::sort(&mut problems);
    Ok((site, problems))
}

/// Renders every output file of `site` into `sink`: pages, feeds, search
/// data, then the static files no page replaces. Returns how many, and
/// the warnings of board sheets shortened to fit.
pub fn render_files(
    root: &Path,
    site: &Site,
    timings: &mut Timings,
    sink: &dyn Sink,
) -> Result<(usize, Vec<Diagnostic>)> {
    let mut renderer = Renderer::new(root, &site.config.theme)?;
    timings.mark("templates");
    let (made, shortened) = renderer.render_site(site, timings, sink)?;
    let taken: HashSet<&str> = made.iter().map(String::as_str).collect();
    let mut count = made.len();
    for (path, bytes) in static_files(root, &site.config.theme)? {
        if !taken.contains(path.as_str()) {
            sink.put(&path, bytes)?;
            count += 1;
        }
    }
    timings.mark("static files");
    Ok((count, shortened))
}

/// Static files, one per path, the most specific source winning: the
/// site's `static/`, its theme's `static/`, then the built-in theme. A
/// symlink leading out of the site folder is skipped, so no file from
/// elsewhere on the computer is published.
pub fn static_files(root: &Path, theme_name: &str) -> Result<Vec<(String, Vec<u8>)>> {
    let mut found: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let root_real = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    for dir in [
        root.join("static"),
        root.join("themes").join(theme_name).join("static"),
    ] {
        if !dir.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&dir)
            .follow_links(true)
            .sort_by_file_name()
        {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let shown = e
                        .path()
                        .unwrap_or(&dir)
                        .strip_prefix(root)
                        .unwrap_or(&dir)
                        .to_path_buf();
                    let message = if e.loop_ancestor().is_some() {
                        "this link points back at a folder that contains it (a symlink loop)"
                            .to_string()
                    } else {
                        crate::content::load::walk_error_words(&e)
                    };
                    return Err(Diagnostic::error(shown, message)
                        .with_hint(
                            "remove or fix the link; files in static/ are copied as they are",
                        )
                        .into());
                }
            };
            let outside = || {
                !entry
                    .path()
                    .canonicalize()
                    .is_ok_and(|real| real.starts_with(&root_real))
            };
            if entry.file_type().is_file() && !outside() {
                let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
                let rel = rel.to_string_lossy().replace('\\', "/");
                if found.contains_key(&rel) {
                    continue;
                }
                let bytes = std::fs::read(entry.path())
                    .map_err(|e| Diagnostic::io(entry.path(), "read the static file", &e))?;
                found.insert(rel, bytes);
            }
        }
    }
    for (name, text) in theme::DEFAULT_STATIC {
        found
            .entry(name.to_string())
            .or_insert_with(|| text.as_bytes().to_vec());
    }
    Ok(found.into_iter().collect())
}
