//! Which folders a build may write into. Cleaning an output folder removes
//! files, so pufa refuses folders that hold the site's sources, the home
//! folder and anything above it, and the root of the file system.

use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Diagnostic, Result};

/// Refuses output folders whose cleaning could destroy sources or more.
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
    let out_abs = resolve(out);
    let root_abs = resolve(root);
    if out_abs.parent().is_none() {
        return refuse("it is the root of the file system");
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        let home = resolve(&home);
        if home == out_abs {
            return refuse("it is your home folder");
        }
        if home.starts_with(&out_abs) {
            return refuse("it holds your home folder");
        }
    }
    if out_abs == root_abs {
        return refuse("it is the site folder itself");
    }
    if root_abs.starts_with(&out_abs) {
        return refuse("it holds the site folder");
    }
    for source in ["content", "templates", "themes", "static"] {
        let dir = root_abs.join(source);
        if out_abs.starts_with(&dir) {
            return refuse(&format!("it is inside the site's {source}/ folder"));
        }
    }
    if out_abs.join(crate::config::CONFIG_FILE).exists() {
        return refuse("it contains a site.toml, so it is a site's sources");
    }
    Ok(())
}

/// `path` made absolute with every symbolic link resolved, even when its
/// last parts do not exist yet: the longest existing part is resolved by
/// the file system, the rest is added lexically. So `link/new` where `link`
/// points into `content/` is seen as inside `content/`.
pub fn resolve(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let clean = lexical(&joined);
    let mut existing = clean.clone();
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => return clean,
        }
    }
}

/// Removes `.` and `..` parts without asking the file system.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("pufa-guard-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.canonicalize().unwrap()
    }

    #[test]
    fn refuses_sources_and_what_holds_them() {
        let dir = temp("refuse");
        std::fs::write(dir.join("site.toml"), "title = \"x\"").unwrap();
        assert!(check_output_dir(&dir, &dir).is_err());
        assert!(check_output_dir(&dir, &dir.join("content")).is_err());
        assert!(check_output_dir(&dir, &dir.join("content/explainers/new")).is_err());
        assert!(check_output_dir(&dir, dir.parent().unwrap()).is_err());
        assert!(check_output_dir(&dir, Path::new("/")).is_err());
        assert!(check_output_dir(&dir, &dir.join("public")).is_ok());
        assert!(check_output_dir(&dir, &dir.join("public/../public")).is_ok());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[cfg(unix)]
    #[test]
    fn sees_through_a_symlink_to_a_folder_that_does_not_exist_yet() {
        let dir = temp("link");
        std::fs::write(dir.join("site.toml"), "title = \"x\"").unwrap();
        std::fs::create_dir_all(dir.join("content")).unwrap();
        std::os::unix::fs::symlink(dir.join("content"), dir.join("clink")).unwrap();
        assert!(check_output_dir(&dir, &dir.join("clink/sub")).is_err());
        assert_eq!(resolve(&dir.join("clink/a/b")), dir.join("content/a/b"));
        let _ = std::fs::remove_dir_all(dir);
    }
}
