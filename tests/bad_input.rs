//! Each kind of bad input stops the build with exit code 1 and a message
//! naming the file, line and column, what is wrong and what is expected;
//! nothing is written.

mod support;

use support::*;

const BUILDING: (&str, &str) = (
    "content/buildings/qh-01.md",
    "---\nname: 桥华新村1幢\ncommunity: 桥华社区\n---\n",
);

fn explainer(front: &str) -> String {
    format!("---\n{front}---\n正文。\n")
}

fn expect(name: &str, files: &[(&str, &str)], wanted: &[&str]) {
    let root = make_site(name, files);
    let err = build_err(&root);
    for w in wanted {
        assert!(err.contains(w), "expected {w:?} in:\n{err}");
    }
    assert!(
        !root.join("public").exists(),
        "nothing may be written:\n{err}"
    );
}

#[test]
fn yaml_syntax_error() {
    let text = explainer("title: [高空抛物\ndate: 2023-05-12\n");
    expect(
        "yaml",
        &[("content/explainers/a.md", &text)],
        &["content/explainers/a.md:2:8: error: `title`: expected text"],
    );
}

#[test]
fn an_unclosed_list() {
    let text = explainer("title: 高空抛物\ndate: 2023-05-12\ntopics: [民法典, 邻里\n");
    expect(
        "yaml-list",
        &[("content/explainers/a.md", &text)],
        &[
            "content/explainers/a.md:4:9: error: `topics`: a list in [ ] or a table in { } is not closed",
        ],
    );
}

#[test]
fn wrong_type() {
    let text = explainer("title: 高空抛物\ndate: 2023-05-12\ntopics: 民法典\n");
    expect(
        "type",
        &[("content/explainers/a.md", &text)],
        &["content/explainers/a.md:4:9: error: `topics`: expected a list"],
    );
}

#[test]
fn missing_required_field() {
    let text = explainer("title: 高空抛物\n");
    expect(
        "required",
        &[("content/cases/a.md", &text)],
        &[
            "content/cases/a.md:2:1: error: missing required key `date`",
            "hint:",
        ],
    );
}

#[test]
fn date_that_does_not_exist() {
    let text = explainer("title: 高空抛物\ndate: 2023-02-30\n");
    expect(
        "date",
        &[("content/explainers/a.md", &text)],
        &["content/explainers/a.md:3:7: error: `date`: 2023-02-30 does not exist"],
    );
}

#[test]
fn unknown_key_suggests_the_closest() {
    let text = explainer("title: 高空抛物\ndate: 2023-05-12\nreviewer: [王律师]\n");
    expect(
        "unknown",
        &[("content/explainers/a.md", &text)],
        &[
            "content/explainers/a.md:4:1: error: unknown key `reviewer`",
            "did you mean `reviewers`?",
        ],
    );
}

#[test]
fn broken_references() {
    let text = explainer("title: 高空抛物\ndate: 2023-05-12\nbuildings: [qh-02]\n");
    let lecture = "---\ntitle: 讲座\ndate: 2023-03-01\nspeaker: nobody\n---\n";
    let bulletin =
        "---\ntitle: 五月\nmonth: \"2023-05\"\nissue: 5\nfeatured: [explainers/missing]\n---\n";
    expect(
        "refs",
        &[
            BUILDING,
            ("content/explainers/a.md", &text),
            ("content/lectures/l.md", lecture),
            ("content/bulletins/2023-05.md", bulletin),
        ],
        &[
            "content/explainers/a.md:4:13: error: there is no building `qh-02`",
            "did you mean `qh-01`?",
            "content/lectures/l.md:4:10: error: there is no contact `nobody`",
            "content/bulletins/2023-05.md:5:12: error: featured item `explainers/missing` does not exist",
        ],
    );
}

#[test]
fn link_to_a_missing_file() {
    let text =
        "---\ntitle: 高空抛物\ndate: 2023-05-12\n---\n第一段。\n\n见[案例](../cases/none.md)。\n";
    expect(
        "link",
        &[("content/explainers/a.md", text)],
        &["content/explainers/a.md:7:2: error: link to a missing file: content/cases/none.md"],
    );
}

#[test]
fn template_error_names_template_and_line() {
    let text = explainer("title: 高空抛物\ndate: 2023-05-12\n");
    let template = "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ item.title }}</h1>\n{{ item.no_such_field }}\n{% endblock main %}\n";
    expect(
        "template",
        &[
            ("content/explainers/a.md", &text),
            ("templates/explainer.html", template),
        ],
        &["templates/explainer.html:4:", "template error"],
    );
}

#[test]
fn template_syntax_error() {
    let text = explainer("title: 高空抛物\ndate: 2023-05-12\n");
    let template = "{% extends \"base.html\" %}\n{% block main %}\n{% if %}\n{% endblock main %}\n";
    expect(
        "template-syntax",
        &[
            ("content/explainers/a.md", &text),
            ("templates/explainer.html", template),
        ],
        &["templates/explainer.html:3:7: error: template error:"],
    );
}

#[test]
fn bad_site_toml() {
    expect(
        "config",
        &[("site.toml", "title = \"x\"\npaginate = \"many\"\n")],
        &["site.toml:2:12: error: \"many\" is text, expected a whole number"],
    );
}

#[test]
fn failed_build_leaves_previous_output_alone() {
    let good = explainer("title: 高空抛物\ndate: 2023-05-12\n");
    let root = make_site("keep-output", &[("content/explainers/a.md", &good)]);
    let out = build_ok(&root, &[]);
    let before = read_tree(&out);
    std::fs::write(
        root.join("content/explainers/a.md"),
        explainer("title: 高空抛物\ndate: 2023-13-01\n"),
    )
    .unwrap();
    let _ = build_err(&root);
    assert_eq!(read_tree(&out), before);
}

#[test]
fn deeply_nested_list_is_placed_at_its_column() {
    let lists = format!(
        "---\ntitle: 高空抛物\ndate: 2023-05-12\n---\n正文。\n\n{}x\n",
        "- ".repeat(10_000)
    );
    expect(
        "deep-list",
        &[("content/explainers/a.md", &lists)],
        &[
            "content/explainers/a.md:7:101: error: the text is nested more than 100 levels deep here",
        ],
    );
}

#[test]
fn not_utf8_names_the_encoding_and_a_text_editor() {
    let root = make_site("enc", &[]);
    let (gbk, _, _) = encoding_rs::GBK.encode("---\ntitle: 高空抛物\ndate: 2023-05-12\n---\n");
    let (big5, _, _) = encoding_rs::BIG5.encode("---\ntitle: 高空拋物\ndate: 2023-05-12\n---\n");
    let dir = root.join("content/explainers");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("gbk.md"), gbk.as_ref()).unwrap();
    std::fs::write(dir.join("big5.md"), big5.as_ref()).unwrap();
    std::fs::write(
        dir.join("latin1.md"),
        b"---\ntitle: Caf\xe9 na\xefve\ndate: 2023-05-12\n---\n",
    )
    .unwrap();
    let err = build_err(&root);
    for wanted in [
        "content/explainers/big5.md:2:8: error: the file is not UTF-8 text; it looks like Big5 (繁體中文)",
        "content/explainers/gbk.md:2:8: error: the file is not UTF-8 text; it looks like GBK (简体中文 Windows)",
        "content/explainers/latin1.md:2:11: error: the file is not UTF-8 text; it looks like a Western European encoding (Latin-1 / Windows-1252)",
    ] {
        assert!(err.contains(wanted), "expected {wanted:?} in:\n{err}");
    }
    // A Markdown file is written in a text editor, not a spreadsheet program.
    assert!(err.contains("记事本") && !err.contains("Excel"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_link_to_nothing_is_said_in_words() {
    let text = explainer("title: 高空抛物\ndate: 2023-05-12\n");
    let root = make_site("dangling", &[("content/explainers/a.md", &text)]);
    std::os::unix::fs::symlink(
        root.join("content/explainers/gone.md"),
        root.join("content/explainers/b.md"),
    )
    .unwrap();
    let err = build_err(&root);
    assert!(
        err.contains("content/explainers/b.md: error: this link points to a file or folder that does not exist"),
        "{err}"
    );
    assert!(!err.contains("os error"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_link_to_nothing_in_static_is_said_in_words() {
    let text = explainer("title: 高空抛物\ndate: 2023-05-12\n");
    let root = make_site("dangling-static", &[("content/explainers/a.md", &text)]);
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::os::unix::fs::symlink(root.join("static/gone.png"), root.join("static/logo.png")).unwrap();
    let err = build_err(&root);
    assert!(
        err.contains(
            "static/logo.png: error: this link points to a file or folder that does not exist"
        ),
        "{err}"
    );
    assert!(!err.contains("os error"), "{err}");
}

#[test]
fn pufa_new_never_overwrites() {
    let root = make_site("new", &[]);
    let new = |title: &str| pufa(&["new", "explainer", title, "--root", root.to_str().unwrap()]);
    let first = new("高空抛物");
    assert!(first.status.success(), "{}", stderr(&first));
    let path = root.join("content/explainers/gao-kong-pao-wu.md");
    std::fs::write(&path, "---\ntitle: 我写的\n---\n不要丢\n").unwrap();
    let second = new("高空抛物");
    assert_eq!(second.status.code(), Some(1));
    assert!(
        stderr(&second).contains("this file already exists; pufa never overwrites content"),
        "{}",
        stderr(&second)
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "---\ntitle: 我写的\n---\n不要丢\n"
    );
}
