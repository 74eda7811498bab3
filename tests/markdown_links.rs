//! Links written in Markdown, end to end: links from the site root become
//! relative (so they work under a sub-path and offline), links to content
//! files become page links, and a link to a draft says it is a draft.

mod support;

use support::*;

const CASE: (&str, &str) = (
    "content/cases/loushui-an.md",
    "---\ntitle: 楼上漏水，谁来赔\ndate: 2023-05-02\n---\n## 案情\n\n张某家漏水。\n",
);

fn explainer(body: &str) -> (&'static str, String) {
    (
        "content/explainers/xiang-lin.md",
        format!("---\ntitle: 相邻关系\ndate: 2023-05-10\n---\n{body}\n"),
    )
}

#[test]
fn links_from_the_site_root_work_under_a_sub_path_and_offline() {
    let (path, text) = explainer(
        "见[漏水案](/cases/loushui-an/#an-qing)和[同一案例](/cases/loushui-an.md)，或回[首页](/)。",
    );
    let root = make_site("root-links", &[CASE, (path, &text)]);
    let out = build_ok(&root, &[]);
    let page = read(&out, "explainers/xiang-lin/index.html");
    assert!(
        page.contains("href=\"../../cases/loushui-an/#an-qing\""),
        "{page}"
    );
    assert!(
        page.contains("href=\"../../cases/loushui-an/\">同一案例"),
        "{page}"
    );
    assert!(page.contains("href=\"../../\">首页"), "{page}");
    assert!(!page.contains("href=\"/cases"), "{page}");
    let offline = build_ok(&root, &["--offline"]);
    let page = read(&offline, "explainers/xiang-lin/index.html");
    assert!(
        page.contains("href=\"../../cases/loushui-an/index.html#an-qing\""),
        "{page}"
    );
    assert!(page.contains("href=\"../../index.html\">首页"), "{page}");
}

#[test]
fn a_link_to_a_draft_says_it_is_a_draft() {
    let (path, text) = explainer("第一行\n\n见[漏水案](../cases/loushui-an.md)。");
    let draft_case = CASE
        .1
        .replace("date: 2023-05-02\n", "date: 2023-05-02\ndraft: true\n");
    let root = make_site("draft-link", &[(CASE.0, &draft_case), (path, &text)]);
    let err = build_err(&root);
    assert!(
        err.contains(
            "content/explainers/xiang-lin.md:7:2: error: link to a draft: content/cases/loushui-an.md is a draft, not published"
        ),
        "{err}"
    );
    assert!(err.contains("--drafts"), "{err}");
    assert!(!err.contains("missing file"), "{err}");
    // With --drafts both are published and the link works.
    let out = build_ok(&root, &["--drafts"]);
    assert!(
        read(&out, "explainers/xiang-lin/index.html").contains("href=\"../../cases/loushui-an/\"")
    );
}
