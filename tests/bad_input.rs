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
        &["content/explainers/a.md:2:", "error:"],
    );
}

#[test]
fn wrong_type() {
    let text = explainer("title: 高空抛物\ndate: 2023-05-12\ntopics: 民法典\n");
    expect(
        "type",
        &[("content/explainers/a.md", &text)],
        &["content/explainers/a.md:4:", "`topics`: expected a list"],
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
        &["templates/explainer.html:3:"],
    );
}

#[test]
fn bad_site_toml() {
    expect(
        "config",
        &[("site.toml", "title = \"x\"\npaginate = \"many\"\n")],
        &["site.toml:2:", "error:"],
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
