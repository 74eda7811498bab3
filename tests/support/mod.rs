//! Shared helpers for the end-to-end tests: run the `pufa` binary, make
//! throw-away sites, read an output tree.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn pufa(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pufa"))
        .args(args)
        .output()
        .expect("run pufa")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Sends `signal` (a name such as `"INT"` or `"KILL"`) to a process, or,
/// with `whole_group`, to the process group it leads.
///
/// The signal goes by `-s` and the target after `--`: procps-ng's `kill`
/// reads `-KILL -12345` as the options `-1 -2 …` and signals process -1,
/// which is every process the user may signal (the test runner included).
pub fn send_signal(signal: &str, pid: u32, whole_group: bool) -> bool {
    let target = if whole_group {
        format!("-{pid}")
    } else {
        pid.to_string()
    };
    Command::new("kill")
        .args(["-s", signal, "--", &target])
        .status()
        .is_ok_and(|s| s.success())
}

/// A fresh, empty folder for one test (unique per call: tests run in
/// parallel and may share a name).
pub fn temp_dir(name: &str) -> PathBuf {
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("pufa-test-{name}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes a site from (relative path, text) pairs; adds a site.toml when missing.
pub fn make_site(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = temp_dir(name);
    if !files.iter().any(|(p, _)| *p == "site.toml") {
        std::fs::write(
            dir.join("site.toml"),
            "title = \"测试社区\"\nbase_url = \"https://t.example/\"\n",
        )
        .unwrap();
    }
    for (rel, text) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Builds the site at `root` into `root/public`, asserting success.
pub fn build_ok(root: &Path, extra: &[&str]) -> PathBuf {
    let out = root.join("public");
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let result = pufa(&args);
    assert!(
        result.status.success(),
        "build failed:\n{}",
        stderr(&result)
    );
    out
}

/// Builds the site at `root`, expecting failure; returns standard error.
pub fn build_err(root: &Path) -> String {
    let out = root.join("public");
    let result = pufa(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        result.status.code(),
        Some(1),
        "build should fail; stdout:\n{}",
        String::from_utf8_lossy(&result.stdout)
    );
    let err = stderr(&result);
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// Every file under `dir`, by path relative to it.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    out
}

pub fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The example site at the repository root, built once per test binary.
pub fn example_output() -> PathBuf {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| {
            let out = temp_dir("example");
            let result = pufa(&[
                "build",
                "--root",
                repo_root().to_str().unwrap(),
                "--output",
                out.to_str().unwrap(),
            ]);
            assert!(
                result.status.success(),
                "example build failed:\n{}",
                stderr(&result)
            );
            out
        })
        .clone()
}

/// Attribute values of `attr` (`href`, `src`) in an HTML text.
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            out.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    out
}
