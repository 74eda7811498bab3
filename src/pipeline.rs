//! The whole build in memory: load the site, render every page, gather the
//! static files. Nothing touches the output folder here, so a failure at any
//! step leaves the published site exactly as it was.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::check;
use crate::diagnostic::{Diagnostic, Failure, Result};
use crate::render::Renderer;
use crate::site::{LoadOptions, Site};
use crate::theme;
use crate::timings::Timings;

pub struct Built {
    pub site: Site,
    /// Output files: path relative to the output folder, and bytes, sorted by path.
    pub files: Vec<(String, Vec<u8>)>,
    pub elapsed: Duration,
    pub timings: Timings,
}

/// Loads, checks and renders the site. Any error (from loading or from the
/// checks) stops it, with every problem found, warnings included; warnings
/// alone end up in `site.warnings`.
pub fn build(root: &Path, options: &LoadOptions) -> Result<Built> {
    let started = Instant::now();
    let (mut site, problems) = load_checked(root, options)?;
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Failure(problems));
    }
    site.warnings = problems;
    let mut timings = site.timings.clone();
    timings.mark("checks");
    let files = render_files(root, &site, &mut timings)?;
    Ok(Built {
        site,
        files,
        elapsed: started.elapsed(),
        timings,
    })
}

/// The site as far as it loads, and every problem of loading and of the
/// checks, sorted. Fails only when there is no site to load.
pub fn load_checked(root: &Path, options: &LoadOptions) -> Result<(Site, Vec<Diagnostic>)> {
    let (site, mut problems) = Site::gather(root, options)?;
    problems.extend(check::run(&site));
    crate::diagnostic::sort(&mut problems);
    Ok((site, problems))
}

/// Every output file of `site`, sorted by path: pages, feeds and static files.
pub fn render_files(
    root: &Path,
    site: &Site,
    timings: &mut Timings,
) -> Result<Vec<(String, Vec<u8>)>> {
    let mut renderer = Renderer::new(root, &site.config.theme)?;
    timings.mark("templates");
    let mut files = renderer.render_site(site, timings)?;
    files.extend(static_files(root, &site.config.theme)?);
    timings.mark("static files");
    // Later sources win: built-in theme < site theme < site static < pages.
    let mut unique: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (path, bytes) in files {
        unique.entry(path).or_insert(bytes);
    }
    Ok(unique.into_iter().collect())
}

/// Static files, the most specific first: the site's `static/`, its theme's
/// `static/`, then the built-in theme. A symlink leading out of the site
/// folder is skipped, so no file from elsewhere on the computer is published.
pub fn static_files(root: &Path, theme_name: &str) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
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
                    return Err(crate::diagnostic::Diagnostic::error(
                        shown,
                        format!("cannot read: {e}"),
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
                let bytes = std::fs::read(entry.path()).map_err(|e| {
                    crate::diagnostic::Diagnostic::io(entry.path(), "read the static file", &e)
                })?;
                out.push((rel.to_string_lossy().replace('\\', "/"), bytes));
            }
        }
    }
    for (name, text) in theme::DEFAULT_STATIC {
        out.push((name.to_string(), text.as_bytes().to_vec()));
    }
    Ok(out)
}
