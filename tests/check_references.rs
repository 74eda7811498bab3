//! `pufa check`: bulletin numbering, references, links and anchors,
//! images, URLs, and files that would not be published. Each test has a
//! small bad site and the exact places and messages expected.

#[path = "support/checking.rs"]
mod checking;
mod support;

use checking::*;
use support::*;

fn bulletin(month: &str, issue: u32) -> String {
    format!(
        "---\ntitle: 宣传栏\nmonth: \"{month}\"\nissue: {issue}\nfeatured: [explainers/a]\nreviewers: [陈律师]\n---\n"
    )
}

fn with_explainer<'a>(files: &[(&'a str, &'a str)], ex: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut all = vec![("content/explainers/a.md", ex)];
    all.extend_from_slice(files);
    all
}

// ---- bulletins ----------------------------------------------------------

#[test]
fn bulletin_issue_number_used_twice_in_a_year() {
    let ex = explainer("title: 甲\ndate: 2023-05-01\n", "");
    let (a, b) = (bulletin("2023-05", 5), bulletin("2023-06", 5));
    expect_exactly(
        "c-issue",
        &with_explainer(
            &[
                ("content/bulletins/2023-05.md", &a),
                ("content/bulletins/2023-06.md", &b),
            ],
            &ex,
        ),
        &[
            "content/bulletins/2023-06.md:4:1: error: issue 5 of 2023 is also used by content/bulletins/2023-05.md",
        ],
    );
}

#[test]
fn issue_zero() {
    let ex = explainer("title: 甲\ndate: 2023-05-01\n", "");
    let a = bulletin("2023-05", 0);
    expect_exactly(
        "c-issue0",
        &with_explainer(&[("content/bulletins/2023-05.md", &a)], &ex),
        &["content/bulletins/2023-05.md:4:1: error: issue numbers start at 1 (第1期)"],
    );
}

#[test]
fn issue_numbers_going_down_are_said_once_and_not_on_top_of_a_duplicate() {
    let ex = explainer("title: 甲\ndate: 2023-05-01\n", "");
    let files: Vec<(String, String)> = [
        ("2022-11", 11),
        ("2022-12", 3),
        ("2023-01", 5),
        ("2023-02", 6),
        ("2023-03", 7),
        ("2023-04", 6),
        ("2023-05", 8),
    ]
    .iter()
    .map(|(m, n)| (format!("content/bulletins/{m}.md"), bulletin(m, *n)))
    .collect();
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let out = expect_exactly(
        "c-down",
        &with_explainer(&files, &ex),
        &[
            "content/bulletins/2022-12.md:4:1: warning: issue 3 comes after issue 11 (content/bulletins/2022-11.md) in the calendar",
            "content/bulletins/2023-04.md:4:1: error: issue 6 of 2023 is also used by content/bulletins/2023-02.md",
        ],
    );
    assert!(out.contains("1 error(s), 1 warning(s)"), "{out}");
}

#[test]
fn two_bulletins_for_one_month_and_community() {
    let a = bulletin("2023-05", 5);
    let b = "---\ntitle: 五月特刊\nslug: may-extra\nmonth: \"2023-05\"\nissue: 6\nbuildings: [qh-01]\nfeatured: [explainers/a]\nreviewers: [陈律师]\n---\n";
    let ex = explainer("title: 甲\ndate: 2023-05-01\n", "");
    expect_exactly(
        "c-month",
        &with_explainer(
            &[
                BUILDING,
                ("content/bulletins/2023-05.md", &a),
                ("content/bulletins/extra.md", b),
            ],
            &ex,
        ),
        &[
            "content/bulletins/extra.md:4:8: error: 2023年5月 already has a bulletin for the same community: content/bulletins/2023-05.md",
        ],
    );
}

// ---- references ---------------------------------------------------------

#[test]
fn missing_building_contact_and_featured_item() {
    let ex = explainer("title: 甲\ndate: 2023-05-12\nbuildings: [qh-02]\n", "");
    let gaokong = explainer("title: 高空抛物\ndate: 2023-05-12\n", "");
    let lecture = "---\ntitle: 讲座\ndate: 2023-03-01\nspeaker: nobody\nreviewers: [陈律师]\n---\n";
    let b = "---\ntitle: 五月\nmonth: \"2023-05\"\nissue: 5\nfeatured: [explainers/gaokong]\nreviewers: [陈律师]\n---\n";
    let out = expect_exactly(
        "c-refs",
        &[
            BUILDING,
            ("content/explainers/a.md", &ex),
            ("content/explainers/gaokong-paowu.md", &gaokong),
            ("content/lectures/l.md", lecture),
            ("content/bulletins/2023-05.md", b),
        ],
        &[
            "content/bulletins/2023-05.md:5:12: error: featured item `explainers/gaokong` does not exist (or is a draft)",
            "content/explainers/a.md:4:13: error: there is no building `qh-02`",
            "content/lectures/l.md:4:10: error: there is no contact `nobody`",
        ],
    );
    // A shared start beats a near spelling; short names are not suggested.
    assert!(
        out.contains("hint: did you mean `explainers/gaokong-paowu`?"),
        "{out}"
    );
    assert!(out.contains("hint: did you mean `qh-01`?"), "{out}");
}

#[test]
fn relative_link_to_a_missing_file() {
    let ex = explainer(
        "title: 甲\ndate: 2023-05-12\n",
        "第一段。\n\n见[案例](../cases/none.md)。\n",
    );
    expect_exactly(
        "c-link",
        &[("content/explainers/a.md", &ex)],
        &["content/explainers/a.md:8:2: error: link to a missing file: content/cases/none.md"],
    );
}

#[test]
fn missing_anchors_on_this_page_and_another() {
    let a = explainer(
        "title: 甲\ndate: 2023-05-12\n",
        "## 案情\n\n见[上文](#anqing)和[乙的裁判结果](b.md#cai-pan)。\n",
    );
    let b = explainer("title: 乙\ndate: 2023-05-12\n", "## 裁判结果\n\n正文。\n");
    let out = expect_exactly(
        "c-anchor",
        &[
            ("content/explainers/a.md", &a),
            ("content/explainers/b.md", &b),
        ],
        &[
            "content/explainers/a.md:8:2: error: link to a missing anchor: this page has no heading `#anqing`",
            "content/explainers/a.md:8:16: error: link to a missing anchor: b.md has no heading `#cai-pan`",
        ],
    );
    assert!(out.contains("did you mean `#an-qing`?"), "{out}");
    assert!(out.contains("#cai-pan-jie-guo"), "{out}");
}

#[test]
fn links_to_pages_of_the_site() {
    let body = "\
[列表](../cases/)
[案例](../cases/c)
[不存在](/explainers/nothere/)
[案例页](/cases/c/)
[裁判](/cases/c/#cai-pan)
[草稿](/cases/d/)
[网站](www.court.gov.cn)
[首页](/) [归档](/archive/2023/05/) [专题](/topics/min-fa-dian/) [图](/images/a.png)
[外站](https://www.court.gov.cn/) [电话](tel:12348) <fa@example.cn> [邮件](fa@example.cn)
";
    let a = explainer("title: 甲\ndate: 2023-05-12\ntopics: [民法典]\n", body);
    let c = "---\ntitle: 乙\ndate: 2023-05-12\nreviewers: [陈律师]\n---\n## 裁判结果\n";
    let d = "---\ntitle: 丙\ndate: 2023-05-12\ndraft: true\n---\n";
    let root = make_site(
        "c-pages",
        &[
            ("content/explainers/a.md", &a),
            ("content/cases/c.md", c),
            ("content/cases/d.md", d),
            ("static/images/a.png", "png"),
        ],
    );
    let (code, out) = check_root(&root, &[]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        problem_lines(&out),
        [
            "content/explainers/a.md:7:1: error: link to a page that does not exist: ../cases/ (from this page it leads to /explainers/cases/)",
            "content/explainers/a.md:8:1: error: link to a page that does not exist: ../cases/c (from this page it leads to /explainers/cases/c)",
            "content/explainers/a.md:9:1: error: link to a page that does not exist: /explainers/nothere/",
            "content/explainers/a.md:11:1: error: link to a missing anchor: /cases/c/ has no heading `#cai-pan`",
            "content/explainers/a.md:12:1: error: link to a draft: /cases/d/ is not published",
            "content/explainers/a.md:13:1: error: link to a page that does not exist: www.court.gov.cn (from this page it leads to /explainers/a/www.court.gov.cn)",
            "content/explainers/a.md:15:65: error: link to a page that does not exist: fa@example.cn (from this page it leads to /explainers/a/fa@example.cn)",
        ],
        "{out}"
    );
    for hint in [
        "for the list of 以案说法 write /cases/",
        "to link to content/cases/c.md, write its file path with .md: ../cases/c.md",
        "did you mean /explainers/?",
        "did you mean `#cai-pan-jie-guo`?",
        "remove `draft: true` from content/cases/d.md",
        "a web address needs https:// in front: https://www.court.gov.cn",
        "an email address needs mailto: in front: mailto:fa@example.cn",
    ] {
        assert!(out.contains(hint), "expected {hint:?} in:\n{out}");
    }
}

#[test]
fn images_must_exist_and_have_alt_text() {
    let a = explainer(
        "title: 甲\ndate: 2023-05-12\n",
        "![宣传栏](/images/board.png)\n\n![](/images/board.png)\n\n![照片](/images/none.png)\n",
    );
    let root = make_site("c-image", &[("content/explainers/a.md", &a)]);
    std::fs::create_dir_all(root.join("static/images")).unwrap();
    std::fs::write(root.join("static/images/board.png"), b"png").unwrap();
    let (code, out) = check_root(&root, &[]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        problem_lines(&out),
        [
            "content/explainers/a.md:8:1: error: the image has no description (alt text)",
            "content/explainers/a.md:10:1: error: image not found: /images/none.png",
        ]
    );
    // A picture from static/ gets a relative address on the page.
    let fixed = a
        .replace("![](", "![图](")
        .replace("![照片](/images/none.png)", "");
    std::fs::write(root.join("content/explainers/a.md"), fixed).unwrap();
    let out_dir = build_ok(&root, &[]);
    assert!(read(&out_dir, "explainers/a/index.html").contains("src=\"../../images/board.png\""));
}

#[test]
fn images_and_links_in_raw_html() {
    let a = explainer(
        "title: 甲\ndate: 2023-05-12\n",
        "<p>宣传栏：<img src=\"/images/board.png\"></p>\n\n见<img alt=\"照片\" src=\"/images/none.png\">和<a href=\"/nothere/\">这里</a>。\n",
    );
    let root = make_site(
        "c-html",
        &[
            ("content/explainers/a.md", &a),
            ("static/images/board.png", "png"),
        ],
    );
    let (code, out) = check_root(&root, &[]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        problem_lines(&out),
        [
            "content/explainers/a.md:6:8: error: the image has no description (alt text)",
            "content/explainers/a.md:8:2: error: image not found: /images/none.png",
            "content/explainers/a.md:8:40: error: link to a page that does not exist: /nothere/",
        ]
    );
}

// ---- URLs and names -----------------------------------------------------

#[test]
fn two_files_writing_one_url() {
    let a = explainer("title: 甲\ndate: 2023-05-12\nslug: same\n", "");
    let b = explainer("title: 乙\ndate: 2023-05-12\nslug: same\n", "");
    expect_exactly(
        "c-dup",
        &[
            ("content/explainers/a.md", &a),
            ("content/explainers/b.md", &b),
        ],
        &[
            "content/explainers/a.md:4:7: error: /explainers/same/ would be written by more than one file: content/explainers/a.md, content/explainers/b.md",
            "content/explainers/b.md:4:7: error: /explainers/same/ would be written by more than one file: content/explainers/a.md, content/explainers/b.md",
        ],
    );
}

#[test]
fn a_slug_that_is_not_a_url_name_and_a_format_that_is_not_one() {
    let a = explainer("title: 甲\ndate: 2023-05-12\nslug: 高空 抛物\n", "");
    let book = "---\ntitle: 法治日报\nformat: 报纸\ncategory: 报刊\n---\n";
    let out = expect_exactly(
        "c-slug",
        &[
            ("content/explainers/a.md", &a),
            ("content/books/fazhi-ribao.md", book),
        ],
        &[
            "content/books/fazhi-ribao.md:3:9: error: `format`: \"报纸\" is not a catalogue format",
            "content/explainers/a.md:4:7: error: `slug`: \"高空 抛物\" is not a plain URL name",
        ],
    );
    assert!(out.contains("e.g. gao-kong-pao-wu"), "{out}");
    assert!(out.contains("use `book` or `periodical`"), "{out}");
}

// ---- files --------------------------------------------------------------

#[test]
fn files_outside_the_kind_folders_and_spreadsheets_outside_books() {
    let ex = explainer("title: 甲\ndate: 2023-05-12\n", "");
    let out = expect_exactly(
        "c-place",
        &[
            ("content/explainers/a.md", &ex),
            ("content/a.md", &ex),
            ("content/articles/b.md", &ex),
            ("content/explainers/old/c.md", &ex),
            ("content/cases/list.csv", "title\n甲\n"),
        ],
        &[
            "content/a.md: error: this file is not in a content folder pufa knows",
            "content/articles/b.md: error: this file is not in a content folder pufa knows",
            "content/cases/list.csv: error: a spreadsheet (.csv) only counts as content in content/books/",
            "content/explainers/old/c.md: error: this file is not in a content folder pufa knows",
        ],
    );
    assert!(
        out.contains("put it directly in one of: content/explainers/"),
        "{out}"
    );
}

#[test]
fn files_pufa_does_not_read_are_warned_about() {
    let ex = explainer("title: 甲\ndate: 2023-05-12\n", "正文\n");
    let (code, out) = check(
        "c-unread",
        &[
            ("content/explainers/a.md", &ex),
            ("content/explainers/a.md.txt", &ex),
            ("content/explainers/b.MD", &ex),
            ("content/explainers/c.markdown", &ex),
            ("content/explainers/photo.jpg", "jpg"),
            ("content/explainers/a.md~", &ex),
            ("content/laws.yaml", "- name: 苏州市养犬管理条例\n"),
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        problem_lines(&out),
        [
            "content/explainers/a.md.txt: warning: this file is not read: pufa reads only .md files here",
            "content/explainers/b.MD: warning: this file is not read: pufa reads only .md files here",
            "content/explainers/c.markdown: warning: this file is not read: pufa reads only .md files here",
            "content/explainers/photo.jpg: warning: this file is not read: pufa reads only .md files here",
        ]
    );
    for hint in [
        "rename it a.md",
        "rename it b.md (in lower case)",
        "rename it c.md (in lower case)",
        "pictures go in static/",
    ] {
        assert!(out.contains(hint), "expected {hint:?} in:\n{out}");
    }
}

#[test]
fn a_static_file_that_a_page_replaces() {
    let root = make_site(
        "c-static",
        &[
            ("content/pages/about.md", "---\ntitle: 关于\n---\n"),
            ("static/404.html", "<p>自己的404</p>"),
            ("static/cases/index.html", "<p>案例</p>"),
            ("static/files/a.pdf", "pdf"),
        ],
    );
    let (code, out) = check_root(&root, &[]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        problem_lines(&out),
        [
            "static/404.html: warning: this file is not published: pufa writes its own /404.html there",
            "static/cases/index.html: warning: this file is not published: pufa writes its own /cases/ there",
        ]
    );
}

// ---- law currency -------------------------------------------------------

#[test]
fn citing_a_repealed_law_is_a_warning_at_the_citation() {
    let a = explainer(
        "title: 离婚\ndate: 2023-06-01\n",
        "根据《婚姻法》第三十二条可以起诉离婚。\n",
    );
    let (code, out) = check("c-law", &[("content/explainers/lihun.md", &a)]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        problem_lines(&out),
        [
            "content/explainers/lihun.md:6:3: warning: 《婚姻法》 was repealed on 2021年1月1日, but content dated 2023年6月1日 cites it"
        ]
    );
}

#[test]
fn a_repealed_law_named_without_brackets_is_found_too() {
    let a = explainer(
        "title: 合同\ndate: 2023-06-01\n",
        "过去合同法规定，违约要赔偿。\n\n婚姻法规定的冷静期。\n",
    );
    let (code, out) = check("c-law-bare", &[("content/explainers/a.md", &a)]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        problem_lines(&out),
        [
            "content/explainers/a.md:6:3: warning: 《合同法》 was repealed on 2021年1月1日, but content dated 2023年6月1日 cites it",
            "content/explainers/a.md:8:1: warning: 《婚姻法》 was repealed on 2021年1月1日, but content dated 2023年6月1日 cites it",
        ]
    );
    assert!(out.contains("hint: cite 《民法典》合同编 instead"), "{out}");
}

// ---- the addresses the link check knows ---------------------------------

#[test]
fn the_link_check_knows_exactly_the_pages_a_build_writes() {
    let site = pufa::site::Site::load(&repo_root(), &Default::default()).expect("example site");
    let known = pufa::check::pages::published(&site);
    let built = read_tree(&example_output());
    let mut pages_built = std::collections::HashSet::new();
    // The build's own record of what it wrote is not a page.
    let manifest = pufa::output::manifest::FILE_NAME;
    for path in built.keys().filter(|p| *p != manifest) {
        match path.strip_suffix("index.html") {
            Some(page) => {
                assert!(
                    known.contains(page),
                    "page /{page} is not known to the link check"
                );
                pages_built.insert(page.to_string());
            }
            None => {
                assert!(
                    known.contains(path),
                    "file /{path} is not known to the link check"
                );
                // A page written as a file of its own (a building's board sheet).
                if known.pages.contains(path.as_str()) {
                    pages_built.insert(path.to_string());
                }
            }
        }
    }
    for page in &known.pages {
        assert!(
            pages_built.contains(page),
            "the link check expects /{page}, which the build does not write"
        );
    }
}
