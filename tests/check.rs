//! `pufa check`: front matter, and the command itself. One test per check,
//! each with a small bad site and the exact place and message expected;
//! every problem of a site in one run, even several in one file; nothing
//! written; `pufa build` stops on the same errors. References, links and
//! files are in `check_references.rs`, the catalogue in
//! `check_catalogue.rs`, privacy and review in `check_privacy.rs`.

#[path = "support/checking.rs"]
mod checking;
mod support;

use checking::*;
use support::*;

// ---- front matter -------------------------------------------------------

#[test]
fn yaml_syntax() {
    let text = "---\ntitle: \"高空抛物\ndate: 2023-05-12\nreviewers: [陈律师]\n---\n";
    expect_exactly(
        "c-yaml",
        &[("content/explainers/a.md", text)],
        &[
            "content/explainers/a.md:2:8: error: `title`: a quote `\"` or `'` is opened but never closed",
        ],
    );
}

#[test]
fn wrong_type() {
    let text = explainer("title: 高空抛物\ndate: 2023-05-12\ntopics: 民法典\n", "");
    expect_exactly(
        "c-type",
        &[("content/explainers/a.md", &text)],
        &["content/explainers/a.md:4:9: error: `topics`: expected a list"],
    );
}

#[test]
fn every_wrong_value_in_one_file() {
    let text = "---\ntitle: [甲, 乙]\nreviewers: 陈律师\ndate: 20230501\ndraft: 也许\n---\n";
    expect_exactly(
        "c-types",
        &[("content/explainers/a.md", text)],
        &[
            "content/explainers/a.md:2:8: error: `title`: expected text",
            "content/explainers/a.md:3:12: error: `reviewers`: expected a list",
            "content/explainers/a.md:4:7: error: `date`: \"20230501\" is not a date in the form YYYY-MM-DD",
            "content/explainers/a.md:5:8: error: `draft`: expected true or false",
        ],
    );
}

#[test]
fn required_keys_are_checked_after_a_wrong_value() {
    let text = "---\ntitle: 甲\ntopics: 民法典\nreviewers: [陈律师]\n---\n";
    expect_exactly(
        "c-required-after",
        &[("content/cases/a.md", text)],
        &[
            "content/cases/a.md:2:1: error: missing required key `date` for 以案说法 (cases)",
            "content/cases/a.md:3:9: error: `topics`: expected a list",
        ],
    );
}

#[test]
fn required_key_per_kind() {
    let text = "---\ntitle: 六月\nmonth: \"2023-06\"\nissue: 6\nreviewers: [陈律师]\n---\n";
    expect_exactly(
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
    let out = expect_exactly(
        "c-unknown",
        &[("content/explainers/a.md", &text)],
        &[
            "content/explainers/a.md:3:7: error: `date`: 2023-02-30 does not exist in the calendar",
            "content/explainers/a.md:4:1: error: unknown key `topcs` for 法律常识 (explainers)",
        ],
    );
    assert!(out.contains("  hint: did you mean `topics`?"), "{out}");
    assert!(out.contains("2 error(s), 0 warning(s)"), "{out}");
}

#[test]
fn unknown_keys_suggest_what_they_mean_not_what_they_look_like() {
    let text = "---\n标题: 高空抛物\ndate: 2023-05-12\ntags: [民法典]\n审稿人: [陈律师]\n---\n";
    let out = expect_exactly(
        "c-synonyms",
        &[("content/explainers/a.md", text)],
        &[
            "content/explainers/a.md:2:1: error: unknown key `标题` for 法律常识 (explainers)",
            "content/explainers/a.md:4:1: error: unknown key `tags` for 法律常识 (explainers)",
            "content/explainers/a.md:5:1: error: unknown key `审稿人` for 法律常识 (explainers)",
        ],
    );
    for hint in ["`title`", "`topics`", "`reviewers`"] {
        assert!(
            out.contains(&format!("hint: did you mean {hint}?")),
            "{out}"
        );
    }
    // No "missing title" on top of the unknown 标题, and no missing reviewer.
    assert!(out.contains("3 error(s), 0 warning(s)"), "{out}");
}

#[test]
fn a_full_width_colon_after_a_key() {
    let text = explainer("title：高空抛物\ndate: 2023-05-12\n", "");
    let out = expect_exactly(
        "c-colon",
        &[("content/explainers/a.md", &text)],
        &["content/explainers/a.md:2:6: error: `title` is followed by a full-width colon `：`"],
    );
    assert!(out.contains("ASCII colon"), "{out}");
}

#[test]
fn a_key_twice_a_colon_in_a_value_and_a_tab() {
    let twice = explainer("title: 甲\ntitle: 乙\ndate: 2023-05-12\n", "");
    let colon = explainer("title: 民法典: 你我他\ndate: 2023-05-12\n", "");
    let tab = explainer("title: 甲\n\t乙\ndate: 2023-05-12\n", "");
    let out = expect_exactly(
        "c-syntax",
        &[
            ("content/explainers/a.md", &twice),
            ("content/explainers/b.md", &colon),
            ("content/explainers/c.md", &tab),
        ],
        &[
            "content/explainers/a.md:3:1: error: `title` is written twice",
            "content/explainers/b.md:2:11: error: `title`: a second `: ` in this line makes it look like another key",
            "content/explainers/c.md:2:8: error: `title`: a tab character is used here for spacing",
        ],
    );
    assert!(
        out.contains("hint: put the whole value in quotes, e.g. title: \"民法典: 你我他\""),
        "{out}"
    );
}

#[test]
fn library_words_never_reach_the_volunteer() {
    let deep = format!(
        "---\ntitle: 甲\nextra:\n  a: {}b{}\n---\n",
        "[".repeat(70),
        "]".repeat(70)
    );
    let big = format!(
        "---\ntitle: 乙\nextra:\n  a: [{}0]\n---\n",
        "0,".repeat(260_000)
    );
    let (code, out) = check(
        "c-words",
        &[
            ("content/pages/deep.md", &deep),
            ("content/pages/big.md", &big),
            ("content/pages/c.md", "---\ntitle: 甲\ntitle: 乙\n---\n"),
            ("content/pages/d.md", "---\ntitle: 甲\n\tb\n---\n"),
            ("content/pages/e.md", "---\ntitle: 甲: 乙\n---\n"),
            ("site.toml", "title = \"测试\"\npaginate = \"many\"\n"),
        ],
    );
    assert_eq!(code, 1, "{out}");
    for leak in [
        "DuplicateKeyPolicy",
        "budget breached",
        "Depth {",
        "Nodes {",
        "scalar",
        "mapping values",
        "usize",
        "os error",
    ] {
        assert!(!out.contains(leak), "{leak:?} in:\n{out}");
    }
    for wanted in [
        "content/pages/deep.md:4:",
        "`extra`: the front matter is nested too deeply",
        "content/pages/big.md:4:",
        "`extra`: the front matter is too large",
        "site.toml:2:12: error: \"many\" is text, expected a whole number",
    ] {
        assert!(out.contains(wanted), "expected {wanted:?} in:\n{out}");
    }
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
        "site.toml:2:12: error: \"many\" is text, expected a whole number",
        "templates/page.html:3:9: error: template error: Field `no_such_field` is not defined.",
        "5 error(s), 0 warning(s)",
    ];
    assert_eq!(lines.len(), wanted.len(), "{out}");
    for (line, want) in lines.iter().zip(wanted) {
        assert!(line.starts_with(want), "expected {want:?} in:\n{out}");
    }
}

#[test]
fn a_file_that_fails_is_still_checked_for_everything_else() {
    // Its Markdown fails (a link to a missing file): privacy and images are still checked.
    let links = explainer(
        "title: 甲\ndate: 2023-05-12\n",
        "见[案例](../cases/none.md)，电话13812345678。\n\n![](/images/none.png)\n",
    );
    // Its front matter has a wrong value: the rest of it and its text are still checked.
    let topics = "---\ntitle: 乙\ndate: 2023-05-12\ntopics: 民法典\n---\n电话13912345678\n";
    // Its front matter cannot be read at all: its text is still scanned.
    let broken = "---\n- 丙\n---\n身份证11010519491231002X\n";
    expect_exactly(
        "c-failed",
        &[
            ("content/explainers/a.md", &links),
            ("content/explainers/b.md", topics),
            ("content/explainers/c.md", broken),
        ],
        &[
            "content/explainers/a.md:6:2: error: link to a missing file: content/cases/none.md",
            "content/explainers/a.md:6:27: error: a mobile phone number (138****5678) would be published",
            "content/explainers/a.md:8:1: error: the image has no description (alt text)",
            "content/explainers/a.md:8:1: error: image not found: /images/none.png",
            "content/explainers/b.md:2:1: warning: no reviewer (审稿人) is named for this 法律常识",
            "content/explainers/b.md:4:9: error: `topics`: expected a list",
            "content/explainers/b.md:6:3: error: a mobile phone number (139****5678) would be published",
            "content/explainers/c.md:2:1: error: front matter must be a set of `key: value` lines, not a list or a single value",
            "content/explainers/c.md:4:4: error: an ID card number (110***********002X) would be published",
        ],
    );
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
    assert_eq!((code, out.trim()), (0, "no problems found"));
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
