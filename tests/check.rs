//! `pufa check`: one test per check, each with a small bad site and the
//! exact place and message expected; every problem of a site in one run;
//! nothing written; `pufa build` stops on the same errors.

mod support;

use std::path::Path;
use support::*;

const BUILDING: (&str, &str) = (
    "content/buildings/qh-01.md",
    "---\nname: 桥华新村1幢\ncommunity: 桥华社区\n---\n",
);

fn explainer(front: &str, body: &str) -> String {
    format!("---\n{front}reviewers: [陈律师]\n---\n{body}")
}

/// Runs `pufa check` on a fresh site; returns the exit code and standard output.
fn check(name: &str, files: &[(&str, &str)]) -> (i32, String) {
    let root = make_site(name, files);
    check_root(&root, &[])
}

fn check_root(root: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["check", "--root", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = pufa(&args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert!(!root.join("public").exists(), "check must not write");
    (out.status.code().unwrap_or(-1), stdout)
}

/// Asserts exit code 1 and that every wanted line appears.
fn expect_errors(name: &str, files: &[(&str, &str)], wanted: &[&str]) -> String {
    let (code, out) = check(name, files);
    assert_eq!(code, 1, "{out}");
    for w in wanted {
        assert!(out.contains(w), "expected {w:?} in:\n{out}");
    }
    out
}

// ---- front matter -------------------------------------------------------

#[test]
fn yaml_syntax() {
    let text = "---\ntitle: \"高空抛物\ndate: 2023-05-12\n---\n";
    expect_errors(
        "c-yaml",
        &[("content/explainers/a.md", text)],
        &["content/explainers/a.md:2:8: error:"],
    );
}

#[test]
fn wrong_type() {
    let text = explainer("title: 高空抛物\ndate: 2023-05-12\ntopics: 民法典\n", "");
    expect_errors(
        "c-type",
        &[("content/explainers/a.md", &text)],
        &["content/explainers/a.md:4:9: error: `topics`: expected a list"],
    );
}

#[test]
fn required_key_per_kind() {
    let text = "---\ntitle: 六月\nmonth: \"2023-06\"\nissue: 6\n---\n";
    expect_errors(
        "c-required",
        &[("content/bulletins/2023-06.md", text)],
        &[
            "content/bulletins/2023-06.md:2:1: error: missing required key `featured` for 宣传栏 (bulletins)",
        ],
    );
}

#[test]
fn unknown_key_with_closest_and_the_rest_still_checked() {
    let text = explainer("title: 高空抛物\ndate: 2023-02-30\ntopcs: [民法典]\n", "");
    let out = expect_errors(
        "c-unknown",
        &[("content/explainers/a.md", &text)],
        &[
            "content/explainers/a.md:3:7: error: `date`: 2023-02-30 does not exist in the calendar",
            "content/explainers/a.md:4:1: error: unknown key `topcs` for 法律常识 (explainers)\n  hint: did you mean `topics`?",
        ],
    );
    assert!(out.contains("2 error(s), 0 warning(s)"), "{out}");
}

#[test]
fn bulletin_issue_number_used_twice_in_a_year() {
    let a = "---\ntitle: 五月\nmonth: \"2023-05\"\nissue: 5\nfeatured: [explainers/a]\nreviewers: [陈律师]\n---\n";
    let b = "---\ntitle: 六月\nmonth: \"2023-06\"\nissue: 5\nfeatured: [explainers/a]\nreviewers: [陈律师]\n---\n";
    let ex = explainer("title: 甲\ndate: 2023-05-01\n", "");
    expect_errors(
        "c-issue",
        &[
            ("content/explainers/a.md", &ex),
            ("content/bulletins/2023-05.md", a),
            ("content/bulletins/2023-06.md", b),
        ],
        &[
            "content/bulletins/2023-06.md:4:1: error: issue 5 of 2023 is also used by content/bulletins/2023-05.md",
        ],
    );
}

#[test]
fn two_bulletins_for_one_month_and_community() {
    let a = "---\ntitle: 五月\nmonth: \"2023-05\"\nissue: 5\nfeatured: [explainers/a]\nreviewers: [陈律师]\n---\n";
    let b = "---\ntitle: 五月特刊\nslug: may-extra\nmonth: \"2023-05\"\nissue: 6\nbuildings: [qh-01]\nfeatured: [explainers/a]\nreviewers: [陈律师]\n---\n";
    let ex = explainer("title: 甲\ndate: 2023-05-01\n", "");
    expect_errors(
        "c-month",
        &[
            BUILDING,
            ("content/explainers/a.md", &ex),
            ("content/bulletins/2023-05.md", a),
            ("content/bulletins/extra.md", b),
        ],
        &[
            "content/bulletins/extra.md:4:8: error: 2023年5月 already has a bulletin for the same community: content/bulletins/2023-05.md",
        ],
    );
}

// ---- references ---------------------------------------------------------

#[test]
fn missing_building_contact_and_featured_item() {
    let ex = explainer("title: 甲\ndate: 2023-05-12\nbuildings: [qh-02]\n", "");
    let lecture = "---\ntitle: 讲座\ndate: 2023-03-01\nspeaker: nobody\n---\n";
    let bulletin = "---\ntitle: 五月\nmonth: \"2023-05\"\nissue: 5\nfeatured: [explainers/missing]\nreviewers: [陈律师]\n---\n";
    expect_errors(
        "c-refs",
        &[
            BUILDING,
            ("content/explainers/a.md", &ex),
            ("content/lectures/l.md", lecture),
            ("content/bulletins/2023-05.md", bulletin),
        ],
        &[
            "content/explainers/a.md:4:13: error: there is no building `qh-02`\n  hint: did you mean `qh-01`?",
            "content/lectures/l.md:4:10: error: there is no contact `nobody`",
            "content/bulletins/2023-05.md:5:12: error: featured item `explainers/missing` does not exist",
        ],
    );
}

#[test]
fn relative_link_to_a_missing_file() {
    let ex = explainer(
        "title: 甲\ndate: 2023-05-12\n",
        "第一段。\n\n见[案例](../cases/none.md)。\n",
    );
    expect_errors(
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
    let out = expect_errors(
        "c-anchor",
        &[
            ("content/explainers/a.md", &a),
            ("content/explainers/b.md", &b),
        ],
        &[
            "content/explainers/a.md:8:2: error: link to a missing anchor: this page has no heading `#anqing`\n  hint: did you mean `#an-qing`?",
            "content/explainers/a.md:8:16: error: link to a missing anchor: b.md has no heading `#cai-pan`",
        ],
    );
    assert!(out.contains("#cai-pan-jie-guo"), "{out}");
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
    assert!(
        out.contains("content/explainers/a.md:8:1: error: the image has no description (alt text)"),
        "{out}"
    );
    assert!(
        out.contains("content/explainers/a.md:10:1: error: image not found: /images/none.png"),
        "{out}"
    );
    assert!(out.contains("2 error(s)"), "{out}");
    // A picture from static/ gets a relative address on the page.
    let out_dir = build_ok_after_fix(
        &root,
        &a.replace("![](", "![图](")
            .replace("![照片](/images/none.png)", ""),
    );
    assert!(read(&out_dir, "explainers/a/index.html").contains("src=\"../../images/board.png\""));
}

fn build_ok_after_fix(root: &Path, text: &str) -> std::path::PathBuf {
    std::fs::write(root.join("content/explainers/a.md"), text).unwrap();
    build_ok(root, &[])
}

#[test]
fn two_files_writing_one_url() {
    let a = explainer("title: 甲\ndate: 2023-05-12\nslug: same\n", "");
    let b = explainer("title: 乙\ndate: 2023-05-12\nslug: same\n", "");
    expect_errors(
        "c-dup",
        &[
            ("content/explainers/a.md", &a),
            ("content/explainers/b.md", &b),
        ],
        &[
            "content/explainers/a.md:1:1: error: /explainers/same/ would be written by more than one file: content/explainers/a.md, content/explainers/b.md",
            "content/explainers/b.md:1:1: error: /explainers/same/",
        ],
    );
}

// ---- catalogue ----------------------------------------------------------

#[test]
fn isbn_check_digits_duplicates_and_category() {
    let a = "---\ntitle: 民法典\nisbn: 978-7-5216-1234-2\ncategory: 民法\n---\n";
    let b = "---\ntitle: 旧书\nisbn: 7-111-21382-6\ncategory: 民法\n---\n";
    let c = "---\ntitle: 民法典（又一本）\nisbn: \"9787111213826\"\n---\n";
    let d = "---\ntitle: 民法典（重复）\nisbn: 978-7-111-21382-6\ncategory: 民法\n---\n";
    expect_errors(
        "c-isbn",
        &[
            ("content/books/a.md", a),
            ("content/books/b.md", b),
            ("content/books/c.md", c),
            ("content/books/d.md", d),
        ],
        &[
            "content/books/a.md:3:7: error: ISBN 978-7-5216-1234-2 has a wrong check digit: the last digit should be 9",
            "content/books/b.md:3:7: error: ISBN 7-111-21382-6 has a wrong check digit: the last character should be 3",
            "content/books/c.md:2:1: warning: “民法典（又一本）” has no category; it is listed under 未分类",
            "content/books/d.md:3:7: error: ISBN 978-7-111-21382-6 is already catalogued: content/books/c.md:2 (民法典（又一本）)",
        ],
    );
}

#[test]
fn missing_category_alone_is_only_a_warning() {
    let a = "---\ntitle: 民法典\n---\n";
    let (code, out) = check("c-category", &[("content/books/a.md", a)]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("content/books/a.md:2:1: warning: “民法典” has no category"),
        "{out}"
    );
    assert!(out.contains("0 error(s), 1 warning(s)"), "{out}");
}

#[test]
fn catalogue_spreadsheet_in_utf8_and_gbk_with_row_numbers() {
    let utf8 = "\u{feff}书名,作者,ISBN,分类,册数\r\n民法典,全国人大,9787521612349,民法,2\r\n反诈手册,公安部,,反诈,两本\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode("title,isbn,category\n劳动法读本,9787111213826,劳动\n,,\n劳动法读本（重复）,9787111213826,劳动\n");
    let root = make_site("c-csv", &[("content/books/a.csv", utf8)]);
    std::fs::write(root.join("content/books/gbk.csv"), gbk.as_ref()).unwrap();
    std::fs::write(
        root.join("content/books/utf16.csv"),
        [0xff, 0xfe, 0x41, 0x00, 0x00, 0xd8],
    )
    .unwrap();
    let (code, out) = check_root(&root, &[]);
    assert_eq!(code, 1, "{out}");
    for wanted in [
        "content/books/a.csv:3:14: error: row 3: `copies`: \"两本\" is not a number of copies",
        "content/books/gbk.csv:4:11: error: ISBN 9787111213826 is already catalogued: content/books/gbk.csv:2 (劳动法读本)",
        "content/books/utf16.csv: error: the catalogue is neither UTF-8 nor GBK text; it looks like UTF-16",
    ] {
        assert!(out.contains(wanted), "expected {wanted:?} in:\n{out}");
    }
    assert!(out.contains("3 error(s), 0 warning(s)"), "{out}");
    // Fixed, the rows become pages: FILESTEM-ROW when there is no id column.
    std::fs::remove_file(root.join("content/books/utf16.csv")).unwrap();
    std::fs::write(root.join("content/books/a.csv"), utf8.replace("两本", "2")).unwrap();
    let (gbk, _, _) =
        encoding_rs::GBK.encode("title,isbn,category\n劳动法读本,9787111213826,劳动\n");
    std::fs::write(root.join("content/books/gbk.csv"), gbk.as_ref()).unwrap();
    let out = build_ok(&root, &[]);
    assert!(read(&out, "books/a-2/index.html").contains("民法典"));
    assert!(read(&out, "books/gbk-2/index.html").contains("劳动法读本"));
}

#[test]
fn spreadsheet_with_an_unknown_column() {
    expect_errors(
        "c-csv-col",
        &[("content/books/a.csv", "书名,catgory\n民法典,民法\n")],
        &[
            "content/books/a.csv:1:4: error: unknown column `catgory`\n  hint: did you mean `category`?",
        ],
    );
}

// ---- privacy ------------------------------------------------------------

#[test]
fn mobile_and_id_numbers_in_published_text() {
    let a = explainer(
        "title: 甲\ndate: 2023-05-12\nsummary: 咨询请拨 138-1234-5678\n",
        "正文。\n\n身份证号11010519491231002X，热线12348。\n",
    );
    let hidden = "---\nname: 王阿姨\nrole: 普法宣传员\nphone: \"13912345678\"\n---\n有事请打 13912345678。\n";
    let lawyer = "---\nname: 陈律师\nrole: 律师\nphone: \"13712345678\"\npublish_phone: true\n---\n电话 13712345678。\n";
    let out = expect_errors(
        "c-privacy",
        &[
            ("content/explainers/a.md", &a),
            ("content/contacts/wang.md", hidden),
            ("content/contacts/chen.md", lawyer),
        ],
        &[
            "content/explainers/a.md:4:15: error: a mobile phone number (138****5678) would be published",
            "content/explainers/a.md:9:5: error: an ID card number (110***********002X) would be published",
            "content/contacts/wang.md:6:6: error: a mobile phone number (139****5678) would be published",
        ],
    );
    assert!(out.contains("3 error(s)"), "{out}");
    assert!(!out.contains("chen.md"), "{out}");
}

#[test]
fn full_name_in_a_case_title_is_a_warning() {
    let a =
        "---\ntitle: 张伟诉李娜房屋租赁合同纠纷案\ndate: 2023-05-12\nreviewers: [陈律师]\n---\n";
    let b =
        "---\ntitle: 张某诉李某房屋租赁合同纠纷案\ndate: 2023-05-12\nreviewers: [陈律师]\n---\n";
    let (code, out) = check(
        "c-name",
        &[("content/cases/a.md", a), ("content/cases/b.md", b)],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("content/cases/a.md:2:1: warning: the title seems to name a person in full (“张伟”)\n  hint: case studies keep people anonymous: write 张某 instead"), "{out}");
    assert!(!out.contains("b.md"), "{out}");
}

// ---- review -------------------------------------------------------------

#[test]
fn review_is_a_warning_or_with_require_review_an_error_except_drafts() {
    let a = "---\ntitle: 甲\ndate: 2023-05-12\n---\n";
    let b = "---\ntitle: 乙\ndate: 2023-05-12\nreviewers: []\n---\n";
    let draft = "---\ntitle: 丙\ndate: 2023-05-12\ndraft: true\n---\n";
    let files = [
        ("content/explainers/a.md", a),
        ("content/explainers/b.md", b),
        ("content/explainers/c.md", draft),
    ];
    let (code, out) = check("c-review", &files);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(
            "content/explainers/a.md:2:1: warning: no reviewer (审稿人) is named for this 法律常识"
        ),
        "{out}"
    );
    assert!(
        out.contains("content/explainers/b.md:4:1: warning: no reviewer"),
        "{out}"
    );

    let mut strict = files.to_vec();
    strict.push(("site.toml", "title = \"测试\"\nrequire_review = true\n"));
    let root = make_site("c-review-strict", &strict);
    let (code, out) = check_root(&root, &["--drafts"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("content/explainers/a.md:2:1: error: no reviewer"),
        "{out}"
    );
    assert!(
        out.contains("content/explainers/b.md:4:1: error: no reviewer"),
        "{out}"
    );
    assert!(
        out.contains("content/explainers/c.md:2:1: warning: no reviewer"),
        "{out}"
    );
}

// ---- the command --------------------------------------------------------

#[test]
fn every_problem_of_every_file_and_stage_in_one_run() {
    let bad_fm = "---\ntitle: 甲\ndate: 2023-05-12\ntopcs: [民法典]\nreviewers: [陈律师]\n---\n";
    let bad_ref = explainer(
        "title: 乙\ndate: 2023-05-12\nbuildings: [qh-09]\n",
        "电话13812345678\n",
    );
    let linking = explainer("title: 丙\ndate: 2023-05-12\n", "见[甲](a.md)。\n");
    let template = "{% extends \"base.html\" %}\n{% block main %}\n{{ item.no_such_field }}\n{% endblock main %}\n";
    let (code, out) = check(
        "c-all",
        &[
            BUILDING,
            ("content/explainers/a.md", bad_fm),
            ("content/explainers/b.md", &bad_ref),
            ("content/explainers/c.md", &linking),
            ("site.toml", "title = \"测试\"\npaginate = \"many\"\n"),
            ("templates/page.html", template),
            ("content/pages/about.md", "---\ntitle: 关于\n---\n"),
        ],
    );
    assert_eq!(code, 1, "{out}");
    let lines: Vec<&str> = out.lines().filter(|l| !l.starts_with("  ")).collect();
    let wanted = [
        "content/explainers/a.md:4:1: error: unknown key `topcs` for 法律常识 (explainers)",
        "content/explainers/b.md:4:13: error: there is no building `qh-09`",
        "content/explainers/b.md:7:3: error: a mobile phone number (138****5678) would be published",
        "site.toml:2:12: error: invalid type: string \"many\", expected usize",
        "templates/page.html:3:9: error: template error: Field `no_such_field` is not defined.",
        "5 error(s), 0 warning(s)",
    ];
    assert_eq!(lines.len(), wanted.len(), "{out}");
    for (line, want) in lines.iter().zip(wanted) {
        assert!(line.starts_with(want), "expected {want:?} in:\n{out}");
    }
}

#[test]
fn json_for_tools() {
    let text = explainer("title: 甲\ndate: 2023-02-30\n", "");
    let root = make_site("c-json", &[("content/explainers/a.md", &text)]);
    let (code, out) = check_root(&root, &["--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect(&out);
    assert_eq!(v["errors"], 1);
    assert_eq!(v["warnings"], 0);
    let p = &v["problems"][0];
    assert_eq!(p["path"], "content/explainers/a.md");
    assert_eq!(
        (p["line"].as_u64(), p["column"].as_u64()),
        (Some(3), Some(7))
    );
    assert_eq!(p["severity"], "error");
    assert!(p["hint"].as_str().unwrap().contains("YYYY-MM-DD"));
}

#[test]
fn a_clean_site_passes_and_warnings_do_not_fail() {
    let dir = temp_dir("c-init");
    let site = dir.join("site");
    assert!(pufa(&["init", site.to_str().unwrap()]).status.success());
    let (code, out) = check_root(&site, &[]);
    assert_eq!((code, out.trim()), (0, "检查通过: no problems found"));
}

#[test]
fn build_runs_the_same_checks() {
    let bad = explainer("title: 甲\ndate: 2023-05-12\n", "电话13812345678\n");
    let root = make_site("c-build", &[("content/explainers/a.md", &bad)]);
    let err = build_err(&root);
    assert!(
        err.contains("content/explainers/a.md:6:3: error: a mobile phone number"),
        "{err}"
    );
    assert!(!root.join("public").exists());
    // Warnings alone are printed and the build goes on.
    std::fs::write(
        root.join("content/explainers/a.md"),
        "---\ntitle: 甲\ndate: 2023-05-12\n---\n正文\n",
    )
    .unwrap();
    let out = pufa(&["build", "--root", root.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("warning: no reviewer"),
        "{}",
        stderr(&out)
    );
    assert!(root.join("public/index.html").exists());
}
