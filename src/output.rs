//! Writing the rendered site: only after everything rendered, only files
//! whose bytes changed (unchanged files keep their times), removing files no
//! longer produced, and never into a folder that holds the site's sources.

use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Result};

/// What a write did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Refuses output folders whose cleaning would destroy sources or more.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<()> {
    let refuse = |why: &str| -> Result<()> {
        Err(
            Diagnostic::error(out, format!("refusing to write the site here: {why}"))
                .with_hint(
                    "choose an empty folder or one pufa made, such as public/ (--output DIR)",
                )
                .into(),
        )
    };
    let out_abs = absolute(out);
    let root_abs = absolute(root);
    if out_abs.parent().is_none() {
        return refuse("it is the root of the file system");
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from)
        && absolute(&home) == out_abs
    {
        return refuse("it is your home folder");
    }
    if out_abs == root_abs {
        return refuse("it is the site folder itself");
    }
    for source in ["content", "templates", "themes", "static"] {
        let dir = root_abs.join(source);
        if out_abs.starts_with(&dir) || dir.starts_with(&out_abs) {
            return refuse(&format!("it is or contains the site's {source}/ folder"));
        }
    }
    if out_abs.join(crate::config::CONFIG_FILE).exists() {
        return refuse("it contains a site.toml, so it is a site's sources");
    }
    Ok(())
}

/// Makes `path` absolute and lexically clean without requiring it to exist.
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let resolved = joined.canonicalize().unwrap_or(joined);
    let mut out = PathBuf::new();
    for c in resolved.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Writes `files` (relative path, bytes) under `out`.
pub fn write_site(out: &Path, files: &[(String, Vec<u8>)]) -> Result<WriteReport> {
    std::fs::create_dir_all(out)
        .map_err(|e| Diagnostic::io(out, "create the output folder", &e))?;
    make_folders(out, files);
    // Compare and write in parallel: each file is independent.
    let outcomes: Vec<Result<bool>> = files
        .par_iter()
        .map(|(rel, bytes)| {
            let path = out.join(rel);
            match on_disk(&path, bytes) {
                OnDisk::Same => Ok(false),
                // Nobody can be reading a file that is not there yet.
                OnDisk::Missing => write_new(&path, bytes).map(|()| true),
                OnDisk::Different => write_atomically(&path, bytes).map(|()| true),
            }
        })
        .collect();
    let mut report = WriteReport::default();
    for outcome in outcomes {
        if outcome? {
            report.written += 1;
        } else {
            report.unchanged += 1;
        }
    }
    let wanted: BTreeSet<PathBuf> = files.iter().map(|(rel, _)| out.join(rel)).collect();
    report.removed = remove_stale(out, &wanted)?;
    Ok(report)
}

/// What is at a file's place in the output folder.
enum OnDisk {
    Missing,
    Same,
    Different,
}

/// Compares with the file at `path` (sizes first, so most changed files are
/// told apart without reading them).
fn on_disk(path: &Path, bytes: &[u8]) -> OnDisk {
    match std::fs::symlink_metadata(path) {
        Err(_) => OnDisk::Missing,
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {
            if std::fs::read(path).is_ok_and(|old| old == bytes) {
                OnDisk::Same
            } else {
                OnDisk::Different
            }
        }
        Ok(_) => OnDisk::Different,
    }
}

/// Creates every folder the files need, once each, parents first, so the
/// parallel writers do not each walk the path again.
fn make_folders(out: &Path, files: &[(String, Vec<u8>)]) {
    let folders: BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|(rel, _)| out.join(rel).parent().map(Path::to_path_buf))
        .collect();
    for folder in folders {
        // A failure here (a file in the way) is handled by the writer.
        let _ = std::fs::create_dir(&folder);
    }
}

/// Writes a file that does not exist yet.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let written = std::fs::File::create(path).and_then(|mut f| f.write_all(bytes));
    match written {
        Ok(()) => Ok(()),
        // The folder could not be made in advance: take the careful way.
        Err(_) => write_atomically(path, bytes),
    }
}

/// Writes to a temporary file beside `path`, then renames it into place, so
/// a reader never sees half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        if parent.is_file() {
            std::fs::remove_file(parent)
                .map_err(|e| Diagnostic::io(parent, "replace a file with a folder", &e))?;
        }
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::io(parent, "create the folder", &e))?;
    }
    if path.is_dir() {
        std::fs::remove_dir_all(path)
            .map_err(|e| Diagnostic::io(path, "replace a folder with a file", &e))?;
    }
    let tmp = path.with_extension("pufa-tmp");
    let result = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes))
        .and_then(|_| std::fs::rename(&tmp, path));
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Diagnostic::io(path, "write the file", &e).into()
    })
}

/// Removes files under `out` that are not `wanted`, then empty folders.
fn remove_stale(out: &Path, wanted: &BTreeSet<PathBuf>) -> Result<usize> {
    let mut removed = 0;
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(out)
        .min_depth(1)
        .into_iter()
        .flatten()
    {
        let path = entry.path();
        if entry.file_type().is_dir() {
            dirs.push(path.to_path_buf());
        } else if !wanted.contains(path) {
            std::fs::remove_file(path)
                .map_err(|e| Diagnostic::io(path, "remove a file no longer produced", &e))?;
            removed += 1;
        }
    }
    for dir in dirs.iter().rev() {
        let _ = std::fs::remove_dir(dir); // only succeeds when empty
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("pufa-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn writes_changed_and_removes_stale() {
        let dir = temp("stale");
        let out = dir.join("public");
        let first = vec![
            ("a/index.html".to_string(), b"A".to_vec()),
            ("b.txt".to_string(), b"B".to_vec()),
        ];
        assert_eq!(write_site(&out, &first).unwrap().written, 2);
        let second = vec![("a/index.html".to_string(), b"A".to_vec())];
        let report = write_site(&out, &second).unwrap();
        assert_eq!(
            report,
            WriteReport {
                written: 0,
                unchanged: 1,
                removed: 1
            }
        );
        assert!(!out.join("b.txt").exists());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn refuses_source_folders() {
        let dir = temp("refuse");
        std::fs::write(dir.join("site.toml"), "title = \"x\"").unwrap();
        assert!(check_output_dir(&dir, &dir).is_err());
        assert!(check_output_dir(&dir, &dir.join("content")).is_err());
        assert!(check_output_dir(&dir, Path::new("/")).is_err());
        assert!(check_output_dir(&dir, &dir.join("public")).is_ok());
        let _ = std::fs::remove_dir_all(dir);
    }
}
