//! Helpers for the `pufa check` tests: run it on a throw-away site and
//! compare its report line by line. Included by the `tests/check*.rs` files
//! with `#[path]`, next to `mod support`.
#![allow(dead_code)]

use std::path::Path;

use crate::support::{make_site, pufa, stderr};

pub const BUILDING: (&str, &str) = (
    "content/buildings/qh-01.md",
    "---\nname: 桥华新村1幢\ncommunity: 桥华社区\n---\n",
);

/// An explainer with a reviewer, so only what the test is about is reported.
pub fn explainer(front: &str, body: &str) -> String {
    format!("---\n{front}reviewers: [陈律师]\n---\n{body}")
}

/// Runs `pufa check` on a fresh site; returns the exit code and standard output.
pub fn check(name: &str, files: &[(&str, &str)]) -> (i32, String) {
    let root = make_site(name, files);
    check_root(&root, &[])
}

pub fn check_root(root: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["check", "--root", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = pufa(&args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert!(!root.join("public").exists(), "check must not write");
    (out.status.code().unwrap_or(-1), stdout)
}

/// The report's problem lines (`path:line:col: severity: message`), without hints and the count.
pub fn problem_lines(out: &str) -> Vec<&str> {
    out.lines()
        .filter(|l| !l.starts_with("  ") && (l.contains(": error: ") || l.contains(": warning: ")))
        .collect()
}

/// Asserts exit code 1 and that every wanted line appears.
pub fn expect_errors(name: &str, files: &[(&str, &str)], wanted: &[&str]) -> String {
    let (code, out) = check(name, files);
    assert_eq!(code, 1, "{out}");
    for w in wanted {
        assert!(out.contains(w), "expected {w:?} in:\n{out}");
    }
    out
}

/// Asserts that the report is exactly these problem lines (in order), then
/// returns the whole report.
pub fn expect_exactly(name: &str, files: &[(&str, &str)], wanted: &[&str]) -> String {
    let (_, out) = check(name, files);
    assert_eq!(problem_lines(&out), wanted, "whole report:\n{out}");
    out
}
