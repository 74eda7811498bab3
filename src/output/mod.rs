//! Writing the rendered site so that nothing is lost or half-written.
//!
//! A build streams its files into an [`Output`] as they are rendered, but
//! nothing in the output folder changes until [`Output::commit`]: a file
//! whose bytes are already there is left alone (it keeps its time), any
//! other file goes into a staging folder. Only when the whole build has
//! succeeded are the staged files moved into place, the files of the last
//! build that are no longer made removed (and only those: see
//! [`manifest`]), and the new list of files written. A build that fails, or
//! is dropped, removes its staging folder and leaves the output folder
//! exactly as it was.
//!
//! A first build into a folder that does not exist (or is empty) is staged
//! as a whole folder beside it and renamed into place: one rename instead
//! of one per file.

mod guard;
pub mod manifest;
mod sink;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::diagnostic::{Diagnostic, Result};
pub use guard::{check_output_dir, resolve};
pub use sink::{MemorySink, NullSink, Sink};

/// Staging folder inside an output folder that already holds a site.
const STAGING: &str = ".pufa-staging";

/// What a write did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// How the build reaches the output folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The folder does not exist or is empty: the whole site is written
    /// into a new folder beside it, renamed into place at the end.
    Fresh,
    /// The folder holds an earlier build: changed files are staged inside it.
    Update,
}

/// An output folder being written. See the module documentation.
pub struct Output {
    out: PathBuf,
    staging: PathBuf,
    mode: Mode,
    /// Files the previous build wrote (from its manifest).
    previous: BTreeSet<String>,
    /// Every file of this build, and those of them that were staged.
    produced: Mutex<Vec<String>>,
    staged: Mutex<Vec<String>>,
    unchanged: AtomicUsize,
    committed: bool,
}

impl Output {
    /// Opens `out` for a build of the site at `root`: refuses dangerous
    /// folders and folders holding files pufa did not write.
    pub fn open(root: &Path, out: &Path) -> Result<Output> {
        check_output_dir(root, out)?;
        let (mode, previous) = match manifest::read(out)? {
            Some(previous) => (Mode::Update, previous),
            None => match foreign_entry(out)? {
                None if is_empty_or_missing(out) => (Mode::Fresh, BTreeSet::new()),
                // Only hidden entries (`.git`, `.nojekyll`): keep them, add the site.
                None => (Mode::Update, BTreeSet::new()),
                Some(name) => {
                    return Err(Diagnostic::error(
                        out,
                        format!(
                            "refusing to write the site here: the folder holds files pufa did not write (such as `{name}`)"
                        ),
                    )
                    .with_hint(format!(
                        "choose an empty or new folder (--output DIR), or empty this one; pufa lists the files it writes in {} and never removes any other file",
                        manifest::FILE_NAME
                    ))
                    .into());
                }
            },
        };
        let staging = match mode {
            Mode::Fresh => fresh_staging(out),
            Mode::Update => out.join(STAGING),
        };
        // Left over from a build that was killed: it is pufa's own.
        if staging.exists() {
            std::fs::remove_dir_all(&staging)
                .map_err(|e| Diagnostic::io(&staging, "remove an old staging folder", &e))?;
        }
        std::fs::create_dir_all(&staging)
            .map_err(|e| Diagnostic::io(&staging, "create the staging folder", &e))?;
        Ok(Output {
            out: out.to_path_buf(),
            staging,
            mode,
            previous,
            produced: Mutex::new(Vec::new()),
            staged: Mutex::new(Vec::new()),
            unchanged: AtomicUsize::new(0),
            committed: false,
        })
    }

    /// Adds one file of the build (path relative to the output folder).
    /// Safe to call from many threads at once.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        if !manifest::is_plain_relative(rel) || rel.split('/').any(is_reserved) {
            return Err(Diagnostic::error(
                rel,
                "cannot publish a file by this name: it leaves the output folder or is reserved by pufa",
            )
            .with_hint(format!(
                "rename the file (names starting with {STAGING} or {} are pufa's own)",
                manifest::FILE_NAME
            ))
            .into());
        }
        let staged = match self.mode {
            Mode::Fresh => true,
            Mode::Update => !same_on_disk(&self.out.join(rel), bytes),
        };
        if staged {
            create_file(&self.staging.join(rel), bytes)?;
            lock(&self.staged).push(rel.to_string());
        } else {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        }
        lock(&self.produced).push(rel.to_string());
        Ok(())
    }

    /// Makes the build visible: staged files move into place, files of the
    /// last build no longer made are removed, the manifest is written.
    pub fn commit(mut self) -> Result<WriteReport> {
        let mut produced = std::mem::take(&mut *lock(&self.produced));
        produced.sort_unstable();
        if let Some(w) = produced.windows(2).find(|w| w[0] == w[1]) {
            return Err(Diagnostic::error(
                w[0].as_str(),
                "two parts of the site write this same file",
            )
            .with_hint("give one of them another slug or file name")
            .into());
        }
        let mut staged = std::mem::take(&mut *lock(&self.staged));
        staged.sort_unstable();
        let report = match self.mode {
            Mode::Fresh => {
                manifest::write(&self.staging, &produced)?;
                if self.out.is_dir() {
                    // Empty (checked when opened): make room for the rename.
                    std::fs::remove_dir(&self.out)
                        .map_err(|e| Diagnostic::io(&self.out, "replace the empty folder", &e))?;
                }
                std::fs::rename(&self.staging, &self.out)
                    .map_err(|e| Diagnostic::io(&self.out, "move the new site into place", &e))?;
                WriteReport {
                    written: staged.len(),
                    unchanged: 0,
                    removed: 0,
                }
            }
            Mode::Update => {
                for rel in &staged {
                    self.move_into_place(rel)?;
                }
                let wanted: BTreeSet<&str> = produced.iter().map(String::as_str).collect();
                let mut removed = 0;
                for rel in self
                    .previous
                    .iter()
                    .filter(|p| !wanted.contains(p.as_str()))
                {
                    removed += self.remove_stale(rel)?;
                }
                manifest::write(&self.out, &produced)?;
                let _ = std::fs::remove_dir_all(&self.staging);
                WriteReport {
                    written: staged.len(),
                    unchanged: self.unchanged.load(Ordering::Relaxed),
                    removed,
                }
            }
        };
        self.committed = true;
        Ok(report)
    }

    /// Moves a staged file to its place, clearing what pufa itself left in
    /// the way (a file where a folder is now needed, or the reverse).
    fn move_into_place(&self, rel: &str) -> Result<()> {
        let target = self.out.join(rel);
        let mut at = PathBuf::new();
        let parts: Vec<&str> = rel.split('/').collect();
        for part in &parts[..parts.len() - 1] {
            at.push(part);
            let dir = self.out.join(&at);
            if dir.is_file() {
                self.clear_own(&dir, &at)?;
            }
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Diagnostic::io(parent, "create the folder", &e))?;
        }
        if target.is_dir() {
            self.clear_own(&target, Path::new(rel))?;
        }
        std::fs::rename(self.staging.join(rel), &target)
            .map_err(|e| Diagnostic::io(&target, "write the file", &e).into())
    }

    /// Removes `path` (`rel` inside the output folder) if pufa wrote all of
    /// it; otherwise fails rather than remove a file of the user's.
    fn clear_own(&self, path: &Path, rel: &Path) -> Result<()> {
        let rel_text = rel.to_string_lossy().replace('\\', "/");
        if path.is_file() {
            if self.previous.contains(&rel_text) {
                return std::fs::remove_file(path)
                    .map_err(|e| Diagnostic::io(path, "replace a file with a folder", &e).into());
            }
        } else {
            let prefix = format!("{rel_text}/");
            let all_own = walkdir::WalkDir::new(path)
                .into_iter()
                .flatten()
                .filter(|e| !e.file_type().is_dir())
                .all(|e| {
                    let inner = e.path().strip_prefix(&self.out).unwrap_or(e.path());
                    let inner = inner.to_string_lossy().replace('\\', "/");
                    inner.starts_with(&prefix) && self.previous.contains(&inner)
                });
            if all_own {
                return std::fs::remove_dir_all(path)
                    .map_err(|e| Diagnostic::io(path, "replace a folder with a file", &e).into());
            }
        }
        Err(Diagnostic::error(
            path,
            "this build needs this place in the output folder, but what is there was not written by pufa",
        )
        .with_hint("move it out of the output folder, then build again")
        .into())
    }

    /// Removes one file of the last build and the folders it leaves empty.
    fn remove_stale(&self, rel: &str) -> Result<usize> {
        let path = self.out.join(rel);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_file() => {
                std::fs::remove_file(&path)
                    .map_err(|e| Diagnostic::io(&path, "remove a file no longer produced", &e))?;
                let mut dir = path.parent();
                while let Some(d) = dir {
                    if d == self.out || std::fs::remove_dir(d).is_err() {
                        break;
                    }
                    dir = d.parent();
                }
                Ok(1)
            }
            // Gone already, or replaced by something that is not pufa's file.
            _ => Ok(0),
        }
    }
}

/// Writes `files` (relative path, bytes) into `out` in one go, with the
/// same rules as a build (used by benchmarks and tools; a build streams
/// into [`Output`] instead). `out` must not be a site's folder.
pub fn write_site(out: &Path, files: &[(String, Vec<u8>)]) -> Result<WriteReport> {
    let root = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let output = Output::open(&root.join(".pufa-no-site"), out)?;
    for (rel, bytes) in files {
        output.put(rel, bytes)?;
    }
    output.commit()
}

impl Drop for Output {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn is_reserved(part: &str) -> bool {
    part.starts_with(STAGING) || part.starts_with(manifest::FILE_NAME)
}

/// The staging folder of a fresh build: `.NAME.pufa-new` beside `out`.
fn fresh_staging(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty());
    parent
        .unwrap_or(Path::new("."))
        .join(format!(".{name}.pufa-new"))
}

fn is_empty_or_missing(out: &Path) -> bool {
    match std::fs::read_dir(out) {
        Ok(mut entries) => entries.next().is_none(),
        Err(_) => !out.exists(),
    }
}

/// The first entry of `out` that is neither hidden nor pufa's own.
fn foreign_entry(out: &Path) -> Result<Option<String>> {
    let entries = match std::fs::read_dir(out) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) if out.is_file() => {
            return Err(Diagnostic::io(out, "use this as the output folder", &e)
                .with_hint("it is a file; choose a folder (--output DIR)")
                .into());
        }
        Err(e) => return Err(Diagnostic::io(out, "read the output folder", &e).into()),
    };
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    Ok(names.into_iter().next())
}

/// Whether `path` is a file holding exactly `bytes` (sizes first, so most
/// changed files are told apart without reading them).
fn same_on_disk(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {
            std::fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

/// Creates a new file, making its folders when they are missing.
fn create_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let write = |p: &Path| std::fs::File::create(p).and_then(|mut f| f.write_all(bytes));
    match write(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| Diagnostic::io(parent, "create the folder", &e))?;
            }
            write(path).map_err(|e| Diagnostic::io(path, "write the file", &e).into())
        }
        Err(e) => Err(Diagnostic::io(path, "write the file", &e).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("pufa-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("site.toml"), "title = \"x\"").unwrap();
        dir
    }

    fn build(root: &Path, out: &Path, files: &[(&str, &str)]) -> Result<WriteReport> {
        let o = Output::open(root, out)?;
        for (rel, text) in files {
            o.put(rel, text.as_bytes())?;
        }
        o.commit()
    }

    #[test]
    fn first_build_then_update_then_stale_removed() {
        let dir = temp("stale");
        let out = dir.join("public");
        let first = build(&dir, &out, &[("a/index.html", "A"), ("b.txt", "B")]).unwrap();
        assert_eq!(first.written, 2);
        let second = build(&dir, &out, &[("a/index.html", "A"), ("c/高空.html", "C")]).unwrap();
        assert_eq!(
            second,
            WriteReport {
                written: 1,
                unchanged: 1,
                removed: 1
            }
        );
        assert!(!out.join("b.txt").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("c/高空.html")).unwrap(),
            "C"
        );
        assert!(!out.join(STAGING).exists());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn files_pufa_did_not_write_are_kept() {
        let dir = temp("keep");
        let out = dir.join("public");
        build(&dir, &out, &[("index.html", "1"), ("old.html", "x")]).unwrap();
        std::fs::create_dir_all(out.join(".git")).unwrap();
        std::fs::write(out.join(".git/HEAD"), "ref").unwrap();
        std::fs::write(out.join("CNAME"), "fazhi.example.org").unwrap();
        build(&dir, &out, &[("index.html", "2")]).unwrap();
        assert!(out.join(".git/HEAD").exists());
        assert!(out.join("CNAME").exists());
        assert!(!out.join("old.html").exists());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_folder_of_someone_elses_files_is_refused() {
        let dir = temp("foreign");
        let out = dir.join("Documents");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("家庭账本.xlsx"), "data").unwrap();
        let err = build(&dir, &out, &[("index.html", "1")]).unwrap_err();
        assert!(err.0[0].message.contains("家庭账本.xlsx"), "{:?}", err.0);
        assert_eq!(
            std::fs::read_to_string(out.join("家庭账本.xlsx")).unwrap(),
            "data"
        );
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_dropped_build_changes_nothing() {
        let dir = temp("drop");
        let out = dir.join("public");
        build(&dir, &out, &[("index.html", "old")]).unwrap();
        let o = Output::open(&dir, &out).unwrap();
        o.put("index.html", b"new").unwrap();
        o.put("extra.html", b"new").unwrap();
        drop(o);
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        assert!(!out.join("extra.html").exists());
        assert!(!out.join(STAGING).exists());
        // A fresh build that is dropped leaves no folder at all.
        let fresh = dir.join("fresh");
        let o = Output::open(&dir, &fresh).unwrap();
        o.put("index.html", b"x").unwrap();
        drop(o);
        assert!(!fresh.exists());
        assert!(!dir.join(".fresh.pufa-new").exists());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_file_becomes_a_folder_and_back() {
        let dir = temp("swap");
        let out = dir.join("public");
        build(&dir, &out, &[("a", "file")]).unwrap();
        build(&dir, &out, &[("a/index.html", "in a folder")]).unwrap();
        assert!(out.join("a/index.html").is_file());
        build(&dir, &out, &[("a", "file again")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a")).unwrap(),
            "file again"
        );
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn names_that_leave_the_folder_are_refused() {
        let dir = temp("names");
        let out = dir.join("public");
        let o = Output::open(&dir, &out).unwrap();
        assert!(o.put("../escape.html", b"x").is_err());
        assert!(o.put(".pufa-manifest", b"x").is_err());
        assert!(o.put("/abs", b"x").is_err());
        drop(o);
        assert!(!dir.join("escape.html").exists());
        let _ = std::fs::remove_dir_all(dir);
    }
}
