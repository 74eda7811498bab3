//! The Chinese text rules, end to end: line breaks between Chinese
//! characters vanish, quotes stay as written, summaries count characters and
//! end with an ellipsis only when cut (never inside a tag), dates read
//! 2023年5月12日, URLs are pinyin.

mod support;

use support::*;

const BODY: &str = "从建筑物中抛掷物品或者从建筑物上坠落的物品造成他人损害的，
由侵权人依法承担侵权责任。他说“你好”，她回答\"好的\"。

第二段 with English
words here.
";

/// 92 characters of text, then a bold phrase the 100-character summary cuts through.
const LONG_BODY: &str = "《中华人民共和国民法典》第一千二百五十四条规定，禁止从建筑物中抛掷物品。从建筑物中抛掷物品或者从建筑物上坠落的物品造成他人损害的，由侵权人依法承担侵权责任；经调查难以确定具体侵权人的，**由可能加害的建筑物使用人给予补偿**。可能加害的建筑物使用人补偿后，有权向侵权人追偿。
";

fn built() -> (std::path::PathBuf, String) {
    // Built once: tests run in parallel and would rebuild the same folder under each other.
    static BUILT: std::sync::OnceLock<(std::path::PathBuf, String)> = std::sync::OnceLock::new();
    BUILT.get_or_init(build_once).clone()
}

fn build_once() -> (std::path::PathBuf, String) {
    let text = format!(
        "---\ntitle: 高空抛物的法律责任\ndate: 2023-05-12\ntopics: [民法典]\naudiences: [全体居民]\n---\n{BODY}"
    );
    // One folder per call: the tests run in parallel.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let root = make_site(
        &format!("chinese-{n}"),
        &[
            ("content/explainers/高空 抛物.md", &text),
            (
                "content/explainers/bu-chang.md",
                &format!("---\ntitle: 谁来补偿\ndate: 2023-05-01\n---\n{LONG_BODY}"),
            ),
        ],
    );
    let out = build_ok(&root, &[]);
    let page = read(&out, "explainers/gao-kong-pao-wu/index.html");
    (out, page)
}

#[test]
fn line_break_between_chinese_characters_is_not_a_space() {
    let (_, page) = built();
    assert!(page.contains("造成他人损害的，由侵权人"), "{page}");
    assert!(
        page.contains("with English\nwords"),
        "a break between Latin words stays"
    );
}

#[test]
fn quotes_are_kept_as_written() {
    let (_, page) = built();
    assert!(page.contains("他说“你好”"));
    assert!(
        page.contains("回答\"好的\""),
        "straight quotes are not turned into wrong curly ones"
    );
    assert!(!page.contains("”好的“") && !page.contains("“好的”"));
}

/// The summaries on the explainers list, newest first.
fn list_summaries(out: &std::path::Path) -> Vec<String> {
    let list = read(out, "explainers/index.html");
    list.split("<p class=\"card-summary\">")
        .skip(1)
        .map(|s| s[..s.find("</p>").unwrap()].to_string())
        .collect()
}

#[test]
fn a_short_text_is_its_own_summary_without_an_ellipsis() {
    let (out, _) = built();
    let summary = &list_summaries(&out)[0];
    assert!(summary.starts_with("从建筑物中抛掷物品"), "{summary}");
    assert!(
        summary.ends_with("words here."),
        "nothing was cut: {summary}"
    );
    assert!(!summary.contains('…'), "{summary}");
}

#[test]
fn a_long_text_is_cut_at_100_characters_outside_any_tag() {
    let (out, _) = built();
    let summary = &list_summaries(&out)[1];
    assert!(summary.ends_with("由可能加害的建筑…"), "{summary}");
    assert_eq!(summary.chars().count(), 101, "{summary}");
    assert!(
        !summary.contains('<') && !summary.contains('*'),
        "{summary}"
    );
    assert!(!summary.contains("&lt;"), "{summary}");
}

#[test]
fn dates_and_urls() {
    let (out, page) = built();
    assert!(page.contains("2023年5月12日"));
    assert!(out.join("topics/min-fa-dian/index.html").is_file());
    assert!(out.join("audiences/quan-ti-ju-min/index.html").is_file());
    assert!(out.join("archive/2023/05/index.html").is_file());
}
