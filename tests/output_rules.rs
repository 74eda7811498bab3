//! The output folder: a failed build leaves it byte-for-byte as it was,
//! unchanged files keep their modification time, files no longer produced
//! are removed, dangerous folders are refused, and content is never touched.
//! Also the bad inputs of issue 6 that are not about one check.

mod support;

use std::path::Path;
use std::time::{Duration, SystemTime};
use support::*;

const GOOD: &str = "---\ntitle: 高空抛物\ndate: 2023-05-12\nreviewers: [陈律师]\n---\n正文。\n";

fn mtimes(dir: &Path) -> Vec<(String, SystemTime)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().display().to_string(),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect()
}

#[test]
fn failed_check_leaves_old_output_byte_for_byte() {
    let root = make_site("o-keep", &[("content/explainers/a.md", GOOD)]);
    let out = build_ok(&root, &[]);
    let before = read_tree(&out);
    let times = mtimes(&out);
    // A later stage fails: the privacy check, after everything loaded fine.
    std::fs::write(
        root.join("content/explainers/a.md"),
        GOOD.replace("正文。", "电话 13812345678。"),
    )
    .unwrap();
    let err = build_err(&root);
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(read_tree(&out), before);
    assert_eq!(mtimes(&out), times);
}

#[test]
fn unchanged_files_keep_their_time_and_stale_files_go() {
    let root = make_site(
        "o-mtime",
        &[
            ("content/explainers/a.md", GOOD),
            (
                "content/explainers/b.md",
                &GOOD.replace("高空抛物", "噪音扰民"),
            ),
        ],
    );
    let out = build_ok(&root, &[]);
    let css = out.join("style.css");
    let a = out.join("explainers/a/index.html");
    let old = SystemTime::now() - Duration::from_secs(3600);
    for f in [&css, &a] {
        std::fs::File::options()
            .write(true)
            .open(f)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    std::fs::remove_file(root.join("content/explainers/b.md")).unwrap();
    let result = pufa(&["build", "--root", root.to_str().unwrap()]);
    assert!(result.status.success(), "{}", stderr(&result));
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(stdout.contains("删除 1"), "{stdout}");
    // style.css and the page of a did not change: same bytes, same time.
    assert_eq!(css.metadata().unwrap().modified().unwrap(), old);
    assert_eq!(a.metadata().unwrap().modified().unwrap(), old);
    assert!(!out.join("explainers/b/index.html").exists());
    assert!(!out.join("explainers/b").exists(), "empty folders go too");
}

#[test]
fn dangerous_output_folders_are_refused() {
    let root = make_site("o-refuse", &[("content/explainers/a.md", GOOD)]);
    let other_site = temp_dir("o-refuse-other");
    std::fs::write(other_site.join("site.toml"), "title = \"x\"\n").unwrap();
    let home = temp_dir("o-refuse-home");
    let before = read_tree(&root);
    let cases: Vec<(String, &str)> = vec![
        (root.display().to_string(), "it is the site folder itself"),
        (root.join("content").display().to_string(), "content/"),
        (
            root.join("content/explainers").display().to_string(),
            "content/",
        ),
        (root.join("templates").display().to_string(), "templates/"),
        (root.join("themes").display().to_string(), "themes/"),
        (root.join("static").display().to_string(), "static/"),
        ("/".to_string(), "root of the file system"),
        (home.display().to_string(), "your home folder"),
        (other_site.display().to_string(), "contains a site.toml"),
    ];
    for (out, why) in cases {
        let result = std::process::Command::new(env!("CARGO_BIN_EXE_pufa"))
            .args(["build", "--root", root.to_str().unwrap(), "--output", &out])
            .env("HOME", &home)
            .output()
            .unwrap();
        let err = stderr(&result);
        assert_eq!(result.status.code(), Some(1), "{out}: {err}");
        assert!(
            err.contains("refusing to write the site here"),
            "{out}: {err}"
        );
        assert!(err.contains(why), "{out}: expected {why:?} in {err}");
    }
    assert_eq!(read_tree(&root), before);
    assert_eq!(read_tree(&home).len(), 0);
}

#[test]
fn files_pufa_did_not_write_are_never_removed() {
    let root = make_site(
        "o-foreign",
        &[
            ("content/explainers/a.md", GOOD),
            (
                "content/explainers/b.md",
                &GOOD.replace("高空抛物", "噪音扰民"),
            ),
        ],
    );
    let out = build_ok(&root, &[]);
    // What people put beside a built site: a deploy repository, a host's
    // settings, their own uploads, and PDFs from `pufa print --pdf`.
    let theirs = [
        ".git/HEAD",
        "CNAME",
        ".nojekyll",
        "uploads/使用手册.pdf",
        "print/2023-05/index.pdf",
    ];
    for rel in theirs {
        let path = out.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, rel).unwrap();
    }
    std::fs::remove_file(root.join("content/explainers/b.md")).unwrap();
    build_ok(&root, &[]);
    assert!(!out.join("explainers/b/index.html").exists());
    for rel in theirs {
        assert_eq!(read(&out, rel), rel, "{rel} must be kept");
    }
}

#[test]
fn a_folder_holding_other_files_is_refused_untouched() {
    let root = make_site("o-docs", &[("content/explainers/a.md", GOOD)]);
    let docs = temp_dir("o-docs-folder");
    std::fs::write(docs.join("家庭账本.xlsx"), "账").unwrap();
    std::fs::create_dir_all(docs.join("照片")).unwrap();
    std::fs::write(docs.join("照片/a.jpg"), "jpg").unwrap();
    let before = read_tree(&docs);
    let result = pufa(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        docs.to_str().unwrap(),
    ]);
    let err = stderr(&result);
    assert_eq!(result.status.code(), Some(1), "{err}");
    assert!(err.contains("holds files pufa did not write"), "{err}");
    assert!(err.contains("家庭账本.xlsx"), "{err}");
    assert_eq!(read_tree(&docs), before);
}

#[test]
fn above_home_and_through_symlinks_are_refused() {
    let root = make_site("o-above", &[("content/explainers/a.md", GOOD)]);
    let top = temp_dir("o-above-top");
    let home = top.join("users/zhang");
    std::fs::create_dir_all(&home).unwrap();
    let mut cases = vec![(top.join("users"), "holds your home folder")];
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root.join("content"), root.join("clink")).unwrap();
        cases.push((root.join("clink/sub"), "inside the site's content/"));
    }
    for (out, why) in cases {
        let result = std::process::Command::new(env!("CARGO_BIN_EXE_pufa"))
            .args(["build", "--root", root.to_str().unwrap(), "--output"])
            .arg(&out)
            .env("HOME", &home)
            .output()
            .unwrap();
        let err = stderr(&result);
        assert_eq!(result.status.code(), Some(1), "{}: {err}", out.display());
        assert!(
            err.contains(why),
            "{}: expected {why:?} in {err}",
            out.display()
        );
    }
    assert!(!root.join("content/sub").exists());
}

#[test]
fn content_is_never_written() {
    let root = make_site("o-readonly", &[("content/explainers/a.md", GOOD)]);
    let before = read_tree(&root.join("content"));
    let times = mtimes(&root.join("content"));
    build_ok(&root, &[]);
    assert!(
        pufa(&["check", "--root", root.to_str().unwrap()])
            .status
            .success()
    );
    assert_eq!(read_tree(&root.join("content")), before);
    assert_eq!(mtimes(&root.join("content")), times);
}

// ---- bad input ----------------------------------------------------------

fn expect_error(name: &str, files: &[(&str, &[u8])], wanted: &[&str]) {
    let root = make_site(name, &[]);
    for (rel, bytes) in files {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let err = build_err(&root);
    for w in wanted {
        assert!(err.contains(w), "expected {w:?} in:\n{err}");
    }
    assert!(!root.join("public").exists(), "nothing may be written");
}

#[test]
fn not_utf8_names_the_encoding() {
    let (gbk, _, _) = encoding_rs::GBK.encode(GOOD);
    expect_error(
        "o-gbk",
        &[("content/explainers/a.md", &gbk)],
        &[
            "content/explainers/a.md:2:8: error: the file is not UTF-8 text; it looks like GBK",
            "save it again as \"UTF-8\"",
        ],
    );
}

#[test]
fn bom_and_crlf_are_accepted() {
    let text = format!("\u{feff}{}", GOOD.replace('\n', "\r\n"));
    let root = make_site("o-bom", &[("content/explainers/a.md", &text)]);
    let out = build_ok(&root, &[]);
    assert!(read(&out, "explainers/a/index.html").contains("高空抛物"));
}

#[test]
fn empty_unclosed_list_and_scalar_front_matter() {
    expect_error(
        "o-shapes",
        &[
            ("content/explainers/empty.md", b""),
            ("content/explainers/open.md", b"---\ntitle: a\n"),
            ("content/explainers/list.md", b"---\n- a\n- b\n---\n"),
            ("content/explainers/scalar.md", b"---\njust words\n---\n"),
        ],
        &[
            "content/explainers/empty.md: error: the file is empty",
            "content/explainers/list.md:2:1: error: front matter must be a set of `key: value` lines, not a list or a single value",
            "content/explainers/open.md:1:1: error: the front matter is never closed",
            "content/explainers/scalar.md:2:1: error: front matter must be a set of `key: value` lines",
        ],
    );
}

#[test]
fn ten_megabyte_file_is_refused() {
    let big = format!("{GOOD}{}", "法".repeat(10 * 1024 * 1024 / 3));
    expect_error(
        "o-big",
        &[("content/explainers/a.md", big.as_bytes())],
        &["content/explainers/a.md: error: the file is too large (10.0 MB; at most 4 MB)"],
    );
}

#[test]
fn deeply_nested_markdown_is_refused() {
    let quotes = format!("{GOOD}{}深\n", "> ".repeat(10_000));
    let lists = format!("{GOOD}{}x\n", "- ".repeat(10_000));
    expect_error(
        "o-deep",
        &[
            ("content/explainers/a.md", quotes.as_bytes()),
            ("content/explainers/b.md", lists.as_bytes()),
        ],
        &[
            "content/explainers/a.md:7:201: error: the text is nested more than 100 levels deep here",
            "content/explainers/b.md:7:",
        ],
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_reported() {
    let root = make_site("o-loop", &[("content/explainers/a.md", GOOD)]);
    std::os::unix::fs::symlink(
        root.join("content/explainers"),
        root.join("content/explainers/loop"),
    )
    .unwrap();
    let err = build_err(&root);
    assert!(
        err.contains("content/explainers/loop: error: this link points back at a folder that contains it (a symlink loop)"),
        "{err}"
    );
}

#[test]
fn file_names_with_spaces_and_chinese() {
    let root = make_site("o-names", &[("content/explainers/高空 抛物 2023.md", GOOD)]);
    let out = build_ok(&root, &[]);
    assert!(read(&out, "explainers/gao-kong-pao-wu-2023/index.html").contains("高空抛物"));
}
