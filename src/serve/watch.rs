//! Watching the site's sources: `content/`, `templates/`, `themes/`,
//! `static/` and `site.toml`. Raw file-system events become pufa's own small
//! [`Change`] enum through [`classify`], a pure function, and a burst of
//! events (an editor's temp-file-and-rename save, many quick saves) is
//! gathered into one [`Batch`] once the folder has been quiet for a moment.
//!
//! Only the source folders are watched, so the output folder (`public/`),
//! `target/` and `.git/` never wake the server. A batch names paths, not
//! what happened to them: the rebuild looks at each file as it is on disk
//! then, so whatever the editor did, the final state wins.

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{RecursiveMode, Watcher as _};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use crate::diagnostic::{Diagnostic, Result};

/// Folders whose every file feeds the build.
pub const WATCHED_DIRS: [&str; 4] = ["content", "templates", "themes", "static"];

/// What one changed path means for the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A content file (path from the site root, `content/cases/a.md`).
    Content(PathBuf),
    /// Something under `content/` that is not a plain content file (a folder
    /// renamed or removed, a file in the wrong place, `laws.yaml`): look at
    /// them all again.
    ContentTree,
    /// A template or theme file: every page may change.
    Templates,
    /// `site.toml`: everything may change.
    Config,
    /// A file under `static/`.
    Static,
}

/// Everything that changed in one burst of events.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Batch {
    pub content: BTreeSet<PathBuf>,
    pub content_tree: bool,
    pub templates: bool,
    pub config: bool,
    pub statics: bool,
}

impl Batch {
    pub fn add(&mut self, change: Change) {
        match change {
            Change::Content(p) => {
                self.content.insert(p);
            }
            Change::ContentTree => self.content_tree = true,
            Change::Templates => self.templates = true,
            Change::Config => self.config = true,
            Change::Static => self.statics = true,
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Batch::default()
    }
}

/// Names editors give their swap, backup and temporary files.
pub fn is_editor_temp(name: &str) -> bool {
    const SUFFIXES: &[&str] = &[
        "~",
        ".swp",
        ".swo",
        ".swx",
        ".tmp",
        ".bak",
        ".part",
        ".crdownload",
        ".kate-swp",
        "___jb_tmp___",
        "___jb_old___",
        ".pufa-tmp",
    ];
    name.starts_with('.') // vim's .a.md.swp, emacs's .#a.md, hidden files
        || (name.starts_with('#') && name.ends_with('#')) // emacs auto-save
        || name == "4913" // vim's probe for a writable folder
        || SUFFIXES.iter().any(|s| name.ends_with(s))
}

/// What a changed `path` (absolute, or from the current folder like `root`)
/// means for the site at `root`; `None` when it does not matter.
pub fn classify(root: &Path, path: &Path) -> Option<Change> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<&str> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let (first, name) = (*parts.first()?, *parts.last()?);
    if parts.iter().any(|p| is_editor_temp(p)) {
        return None;
    }
    match first {
        crate::config::CONFIG_FILE if parts.len() == 1 => Some(Change::Config),
        "content" => {
            let is_md = name.ends_with(".md");
            let is_csv = crate::content::load::is_catalogue(Path::new(name));
            let folder = (parts.len() == 3).then(|| crate::content::Kind::from_folder(parts[1]));
            let laws_file = rel == Path::new(crate::laws::yaml::LAWS_FILE);
            let catalogue = is_csv && folder == Some(Some(crate::content::Kind::Book));
            if (is_md && folder.flatten().is_some()) || catalogue {
                Some(Change::Content(rel.to_path_buf()))
            } else if is_md || is_csv || laws_file || !name.contains('.') {
                // `laws.yaml` is read with the whole content, laws and all.
                Some(Change::ContentTree)
            } else {
                None // pictures and notes kept beside the Markdown
            }
        }
        "templates" | "themes" => Some(Change::Templates),
        "static" => Some(Change::Static),
        _ => None,
    }
}

/// Events that say something may have changed (opening or reading a file does not).
fn matters(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Whether `event` can put something in a batch: a change to a source,
/// a source folder appearing or going, or lost events.
fn wakes(root: &Path, event: &notify::Result<notify::Event>) -> bool {
    let Ok(event) = event else {
        return true;
    };
    matters(&event.kind)
        && event
            .paths
            .iter()
            .any(|path| is_source_dir(root, path) || classify(root, path).is_some())
}

/// A source folder itself (`ROOT/content`), not something in it.
fn is_source_dir(root: &Path, path: &Path) -> bool {
    path.parent() == Some(root)
        && path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| WATCHED_DIRS.contains(&n))
}

/// The watcher; events arrive on [`Watcher::events`] until it is dropped.
pub struct Watcher {
    root: PathBuf,
    inner: notify::RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    watched: BTreeSet<PathBuf>,
    /// Events that [`wakes`] says matter: sent so far, and taken from
    /// `events` so far. More sent than taken means a change is waiting.
    sent: Arc<AtomicUsize>,
    taken: usize,
}

/// Tells work that can wait (feeds, search data) that a change arrived
/// after the last batch, so it can stop and let the change go first.
/// Cheap to ask from any thread.
#[derive(Clone)]
pub struct Interrupt {
    sent: Arc<AtomicUsize>,
    taken: usize,
}

impl Interrupt {
    /// Whether a change is waiting.
    pub fn is_set(&self) -> bool {
        self.sent.load(Ordering::Acquire) > self.taken
    }
}

impl Watcher {
    pub fn start(root: &Path) -> Result<Watcher> {
        let root = root
            .canonicalize()
            .map_err(|e| Diagnostic::io(root, "open the site folder", &e))?;
        let (tx, events) = channel();
        let sent = Arc::new(AtomicUsize::new(0));
        let (counter, watched_root) = (sent.clone(), root.clone());
        let inner = notify::recommended_watcher(move |event| {
            // Counted before it is sent, so the count is never behind what was taken.
            if wakes(&watched_root, &event) {
                counter.fetch_add(1, Ordering::AcqRel);
            }
            let _ = tx.send(event);
        })
        .map_err(|e| Diagnostic::error(&root, format!("cannot watch the site folder: {e}")))?;
        let mut watcher = Watcher {
            root: root.clone(),
            inner,
            events,
            watched: BTreeSet::new(),
            sent,
            taken: 0,
        };
        watcher
            .inner
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(|e| Diagnostic::error(&root, format!("cannot watch the site folder: {e}")))?;
        watcher.watch_source_dirs();
        Ok(watcher)
    }

    /// Starts watching the source folders that exist and are not watched yet
    /// (a `templates/` made while serving is picked up).
    fn watch_source_dirs(&mut self) {
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            if dir.is_dir() && !self.watched.contains(&dir) {
                if let Err(e) = self.inner.watch(&dir, RecursiveMode::Recursive) {
                    eprintln!("{}: warning: cannot watch: {e}", dir.display());
                } else {
                    self.watched.insert(dir);
                }
            } else if !dir.is_dir() && self.watched.remove(&dir) {
                let _ = self.inner.unwatch(&dir);
            }
        }
    }

    /// What says, from now on, that a change came after the batches taken so far.
    pub fn interrupt(&self) -> Interrupt {
        Interrupt {
            sent: self.sent.clone(),
            taken: self.taken,
        }
    }

    /// Waits for the next burst of changes: returns once no event that
    /// matters came for `quiet` (or for [`SETTLED`] after one that ends a
    /// save), or `longest` after the first one. `None` when the watcher died.
    pub fn next_batch(&mut self, quiet: Duration, longest: Duration) -> Option<Batch> {
        loop {
            let first = self.events.recv().ok()?;
            let started = Instant::now();
            let mut burst = Burst {
                batch: Batch::default(),
                dirs_changed: false,
                last: Took::Nothing,
                wait_from: started,
            };
            self.absorb(first, &mut burst);
            loop {
                // Events that do not matter (pufa reading a file opens it)
                // do not make the burst longer.
                let wait = if burst.last == Took::SaveEnd {
                    SETTLED
                } else {
                    quiet
                };
                let until = (burst.wait_from + wait).min(started + longest);
                let left = until.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break;
                }
                match self.events.recv_timeout(left) {
                    Ok(event) => self.absorb(event, &mut burst),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
            if burst.dirs_changed {
                self.watch_source_dirs();
            }
            if !burst.batch.is_empty() {
                return Some(burst.batch);
            }
        }
    }

    fn absorb(&mut self, event: notify::Result<notify::Event>, burst: &mut Burst) {
        let (took, dirs) = self.take(event, &mut burst.batch);
        burst.dirs_changed |= dirs;
        if took != Took::Nothing {
            burst.last = took;
            burst.wait_from = Instant::now();
        }
    }

    /// Adds an event's paths to `batch`; says what it was, and whether a
    /// source folder itself appeared or went away.
    fn take(&mut self, event: notify::Result<notify::Event>, batch: &mut Batch) -> (Took, bool) {
        if !wakes(&self.root, &event) {
            return (Took::Nothing, false);
        }
        self.taken += 1;
        let Ok(event) = event else {
            // The kernel dropped events (queue overflow): look at everything.
            batch.content_tree = true;
            batch.templates = true;
            batch.statics = true;
            return (Took::Change, true);
        };
        let mut dirs_changed = false;
        for path in &event.paths {
            if is_source_dir(&self.root, path) {
                dirs_changed = true;
            }
            if let Some(change) = classify(&self.root, path) {
                batch.add(change);
            }
        }
        let took = if ends_save(&event.kind) {
            Took::SaveEnd
        } else {
            Took::Change
        };
        (took, dirs_changed)
    }
}

/// A burst of events being gathered.
struct Burst {
    batch: Batch,
    dirs_changed: bool,
    /// What the last event that mattered was, and when it came.
    last: Took,
    wait_from: Instant,
}

/// What one event added to a burst.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Took {
    /// Nothing that matters.
    Nothing,
    /// A change; more may follow.
    Change,
    /// The last step of a save: a file written and closed, renamed into
    /// place or removed. An editor is done with the file then.
    SaveEnd,
}

/// After a save's last step the burst ends after this much quiet, instead
/// of the caller's: editors make their last move at once, and a change
/// that still follows only makes another rebuild.
pub const SETTLED: Duration = Duration::from_millis(2);

/// Whether `kind` is the last step of a save (see [`Took::SaveEnd`]).
fn ends_save(kind: &EventKind) -> bool {
    use notify::event::{ModifyKind, RenameMode};
    matches!(
        kind,
        EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))
            | EventKind::Remove(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(rel: &str) -> Option<Change> {
        let root = Path::new("/site");
        classify(root, &root.join(rel))
    }

    #[test]
    fn content_files_are_named() {
        assert_eq!(
            class("content/cases/a.md"),
            Some(Change::Content(PathBuf::from("content/cases/a.md")))
        );
        assert_eq!(
            class("content/explainers/高空抛物.md"),
            Some(Change::Content(PathBuf::from(
                "content/explainers/高空抛物.md"
            )))
        );
    }

    #[test]
    fn folders_and_stray_files_rescan_the_content() {
        assert_eq!(class("content/cases"), Some(Change::ContentTree));
        assert_eq!(class("content"), Some(Change::ContentTree));
        assert_eq!(class("content/a.md"), Some(Change::ContentTree));
        assert_eq!(class("content/nokind/a.md"), Some(Change::ContentTree));
        assert_eq!(class("content/cases/photo.jpg"), None);
        assert_eq!(class("content/laws.yaml"), Some(Change::ContentTree));
        assert_eq!(
            class("content/books/图书目录.csv"),
            Some(Change::Content(PathBuf::from("content/books/图书目录.csv")))
        );
        // A spreadsheet elsewhere is reported by the rescan.
        assert_eq!(class("content/cases/a.csv"), Some(Change::ContentTree));
        assert_eq!(class("content/books/a.xlsx"), None);
        assert_eq!(class("content/cases/laws.yaml"), None);
    }

    #[test]
    fn editor_temp_files_are_ignored() {
        for name in [
            "content/cases/.a.md.swp",
            "content/cases/a.md~",
            "content/cases/4913",
            "content/cases/.#a.md",
            "content/cases/#a.md#",
            "content/cases/a.md___jb_tmp___",
            "content/cases/a.md___jb_old___",
            "templates/.base.html.swp",
            "static/style.css.tmp",
            "site.toml~",
        ] {
            assert_eq!(class(name), None, "{name}");
        }
    }

    #[test]
    fn other_sources() {
        assert_eq!(class("site.toml"), Some(Change::Config));
        assert_eq!(class("templates/base.html"), Some(Change::Templates));
        assert_eq!(
            class("themes/mine/templates/base.html"),
            Some(Change::Templates)
        );
        assert_eq!(class("static/logo.png"), Some(Change::Static));
    }

    #[test]
    fn output_and_elsewhere_are_ignored() {
        assert_eq!(class("public/index.html"), None);
        assert_eq!(class("target/debug/pufa"), None);
        assert_eq!(class(".git/index"), None);
        assert_eq!(class("README.md"), None);
        assert_eq!(class("content/site.toml"), None);
        assert_eq!(
            classify(Path::new("/site"), Path::new("/elsewhere/a.md")),
            None
        );
    }

    fn event(kind: EventKind, rel: &str) -> notify::Result<notify::Event> {
        Ok(notify::Event::new(kind).add_path(Path::new("/site").join(rel)))
    }

    #[test]
    fn only_changes_to_sources_interrupt() {
        use notify::event::{CreateKind, ModifyKind};
        let root = Path::new("/site");
        let modify = EventKind::Modify(ModifyKind::Any);
        assert!(wakes(root, &event(modify, "content/explainers/反诈.md")));
        assert!(wakes(root, &event(modify, "templates/base.html")));
        assert!(wakes(
            root,
            &event(EventKind::Create(CreateKind::Folder), "static")
        ));
        assert!(wakes(root, &Err(notify::Error::generic("queue overflow"))));
        // Reading a file, an editor's swap file, the output folder: nothing to do.
        let open = EventKind::Access(AccessKind::Open(AccessMode::Read));
        assert!(!wakes(root, &event(open, "content/explainers/反诈.md")));
        assert!(!wakes(
            root,
            &event(modify, "content/explainers/.反诈.md.swp")
        ));
        assert!(!wakes(root, &event(modify, "public/index.html")));
    }

    #[test]
    fn a_burst_becomes_one_batch() {
        let mut batch = Batch::default();
        for c in [
            class("content/cases/a.md"),
            class("content/cases/a.md"),
            class("static/x.css"),
        ]
        .into_iter()
        .flatten()
        {
            batch.add(c);
        }
        assert_eq!(batch.content.len(), 1);
        assert!(batch.statics && !batch.templates && !batch.config);
    }
}
