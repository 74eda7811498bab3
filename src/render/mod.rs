//! Rendering: Tera set up with the theme's templates (a site's own
//! `templates/` first, then its theme folder, then the built-in default
//! theme), and every page rendered in parallel into a [`Sink`].

pub mod feeds;
mod filters;
pub mod pages;
pub mod values;

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tera::{Context, Tera};

use crate::diagnostic::{Diagnostic, Failure, Result};
use crate::output::{MemorySink, Sink};
use crate::site::Site;
use crate::theme;
use crate::timings::Timings;
use pages::{PageJob, Planned};

pub struct Renderer {
    tera: Tera,
    /// Where each template came from, for error messages.
    sources: BTreeMap<String, PathBuf>,
}

impl Renderer {
    /// Loads the templates for the site at `root` using theme `theme_name`.
    pub fn new(root: &Path, theme_name: &str) -> Result<Renderer> {
        let mut templates: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
        for (name, text) in theme::DEFAULT_TEMPLATES {
            let shown = PathBuf::from(format!("(built-in theme)/templates/{name}"));
            templates.insert(name.to_string(), (shown, text.to_string()));
        }
        let theme_dir = root.join("themes").join(theme_name).join("templates");
        let site_dir = root.join("templates");
        for dir in [theme_dir, site_dir] {
            for (name, path) in template_files(&dir) {
                let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                let text = crate::content::read::read_text(&path, &shown)?;
                templates.insert(name, (shown, text));
            }
        }
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        filters::register(&mut tera);
        let sources: BTreeMap<String, PathBuf> = templates
            .iter()
            .map(|(n, (p, _))| (n.clone(), p.clone()))
            .collect();
        tera.add_raw_templates(templates.iter().map(|(n, (_, t))| (n.as_str(), t.as_str())))
            .map_err(|e| template_error(&e, &sources))?;
        Ok(Renderer { tera, sources })
    }

    /// Renders every page of `site` into `sink`, with the feeds and the
    /// search data made alongside; returns the paths of the files made and
    /// the warnings of board sheets that had to be shortened to fit.
    pub fn render_site(
        &mut self,
        site: &Site,
        timings: &mut Timings,
        sink: &dyn Sink,
    ) -> Result<(Vec<String>, Vec<Diagnostic>)> {
        let values = values::EntryValues::build(site);
        timings.mark("entry values");
        let (recipes, print) = self.plan(site, &values);
        timings.mark("page plan");
        let this = &*self;
        let (pages, derived) = rayon::join(
            || this.render_into(&recipes, site, &values, sink),
            || -> Result<Vec<String>> {
                let mut made = Vec::new();
                for (path, bytes) in derived_files(site) {
                    sink.put(&path, bytes)?;
                    made.push(path);
                }
                Ok(made)
            },
        );
        let mut paths = pages?;
        paths.extend(derived?);
        timings.mark("pages, feeds, search");
        // Freeing every entry's template data takes a while, and nothing
        // waits for it.
        std::thread::spawn(move || drop((values, recipes)));
        Ok((paths, print.warnings()))
    }

    /// The recipes of every page of `site` (see [`Planned`]), with the
    /// site-wide template data set, and what the print recipes leave
    /// behind (see [`crate::print::Shared`]).
    pub fn plan(
        &mut self,
        site: &Site,
        values: &values::EntryValues,
    ) -> (Vec<Planned>, std::sync::Arc<crate::print::Shared>) {
        *self.tera.global_context() = globals(site);
        // Board sheets may fail the build when a sheet cannot fit its paper.
        // They come first: fitting them is the longest single piece of
        // work, so it starts while the other pages are shared out.
        let (mut recipes, print) = crate::print::recipes(site);
        recipes.extend(pages::all_pages(site, values));
        (recipes, print)
    }

    /// Renders ready jobs in parallel into memory; one template mistake is
    /// reported once.
    pub fn render_jobs(&self, jobs: Vec<PageJob>) -> Result<Vec<(String, Vec<u8>)>> {
        let sink = MemorySink::default();
        let failures: Vec<Failure> = jobs
            .into_par_iter()
            .filter_map(|job| self.render_to_sink(job, &sink).err())
            .collect();
        first_problems(failures)?;
        Ok(sink.into_files())
    }

    /// Makes and renders pages in parallel, each handed to `sink` as soon
    /// as it is made, so only a few pages are in memory at once. Returns
    /// the paths of the files made. A recipe that fails (a board sheet
    /// that cannot fit) reports all its problems; pages that fail to
    /// render report the first few distinct ones.
    pub fn render_into(
        &self,
        recipes: &[Planned],
        site: &Site,
        values: &values::EntryValues,
        sink: &dyn Sink,
    ) -> Result<Vec<String>> {
        type Outcome = std::result::Result<Vec<String>, (bool, Failure)>;
        let run = |recipe: &Planned| -> Outcome {
            let jobs = recipe.make(site, values).map_err(|f| (true, f))?;
            // A recipe of many pages (the board sheets) renders them in
            // parallel too.
            jobs.into_par_iter()
                .map(|job| {
                    let file = crate::urls::file_of(&job.path);
                    self.render_to_sink(job, sink).map_err(|f| (false, f))?;
                    Ok(file)
                })
                .collect()
        };
        let mut outcomes: Vec<Outcome> = recipes
            .par_iter()
            .filter(|r| !r.is_last())
            .map(run)
            .collect();
        let last: Vec<Outcome> = recipes
            .par_iter()
            .filter(|r| r.is_last())
            .map(run)
            .collect();
        outcomes.extend(last);
        let mut made = Vec::with_capacity(outcomes.len());
        let mut whole = Vec::new();
        let mut rendering = Vec::new();
        for outcome in outcomes {
            match outcome {
                Ok(files) => made.extend(files),
                Err((true, f)) => whole.extend(f.0),
                Err((false, f)) => rendering.push(f),
            }
        }
        if let Err(Failure(first)) = first_problems(rendering) {
            whole.extend(first);
        }
        if whole.is_empty() {
            Ok(made)
        } else {
            crate::diagnostic::sort(&mut whole);
            Err(Failure(whole))
        }
    }

    fn render_to_sink(&self, job: PageJob, sink: &dyn Sink) -> Result<()> {
        let (path, bytes) = self.render_page(job).map_err(Failure::one)?;
        sink.put(&path, bytes)
    }

    fn render_page(&self, job: PageJob) -> std::result::Result<(String, Vec<u8>), Diagnostic> {
        // Render straight into bytes: the output is valid UTF-8 already, so
        // the validating copy that `render` makes is not needed.
        let mut html = Vec::with_capacity(32 * 1024);
        self.tera
            .render_to(job.template, &job.context, &mut html)
            .map_err(|e| {
                let mut f = template_error(&e, &self.sources);
                let mut d = f.0.remove(0);
                d.message = format!("{} (while rendering /{})", d.message, job.path);
                d
            })?;
        Ok((crate::urls::file_of(&job.path), html))
    }
}

/// The distinct problems of failed pages, a few of them: one template
/// mistake fails every page, and a few lines say it all.
fn first_problems(failures: Vec<Failure>) -> Result<()> {
    let mut problems: Vec<Diagnostic> = Vec::new();
    for d in failures.into_iter().flat_map(|f| f.0) {
        if !problems.contains(&d) {
            problems.push(d);
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    problems.truncate(5);
    Err(Failure(problems))
}

/// Files made from the whole site model without templates (the feeds; a
/// feature's data files belong here too). Cheap, so `pufa serve` remakes
/// them after every change.
pub fn derived_files(site: &Site) -> Vec<(String, Vec<u8>)> {
    derived_files_unless(site, &|| false).expect("never stopped")
}

/// [`derived_files`], or `None` once `stop` says to (asked between parts).
pub fn derived_files_unless(
    site: &Site,
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<(String, Vec<u8>)>> {
    let mut files = feeds::all(site);
    if stop() {
        return None;
    }
    files.extend(crate::search::files_unless(site, stop)?);
    Some(files)
}

/// Data every template sees.
fn globals(site: &Site) -> Context {
    let mut c = Context::new();
    c.insert("site", &site.config);
    c.insert("offline", &site.config.offline);
    c.insert("base_url", &site.config.base_url);
    c.insert("lang", "zh-CN");
    c.insert("generator", concat!("pufa ", env!("CARGO_PKG_VERSION")));
    c
}

fn template_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file() {
            let name = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let name = name.to_string_lossy().replace('\\', "/");
            if !name.starts_with('.') {
                out.push((name, entry.path().to_path_buf()));
            }
        }
    }
    out
}

/// A Tera error as a diagnostic placed in the template file.
fn template_error(err: &tera::Error, sources: &BTreeMap<String, PathBuf>) -> Failure {
    let report = err.to_string();
    let mut message = report
        .lines()
        .next()
        .unwrap_or("template error")
        .trim()
        .to_string();
    if let Some(rest) = message.strip_prefix("error: ") {
        message = rest.to_string();
    }
    let mut d = Diagnostic::error("templates", format!("template error: {message}"));
    if let Some(at) = report.lines().find_map(|l| l.trim().strip_prefix("--> ")) {
        let mut parts = at.rsplitn(3, ':');
        let col = parts.next().and_then(|c| c.parse().ok());
        let line = parts.next().and_then(|l| l.parse().ok());
        let name = parts.next().unwrap_or(at);
        d.path = sources
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name));
        if let (Some(line), Some(col)) = (line, col) {
            d = d.at(line, col);
        }
    }
    Failure::one(d.with_hint(
        "fix the template; variables available to each template are listed in README.md (Theming)",
    ))
}
