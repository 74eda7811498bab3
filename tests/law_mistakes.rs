//! The law index facing mistakes and look-alikes, end to end: `laws:` values
//! that name no law, legal words that look like repealed laws (物权法定),
//! numbered advice after a citation, articles a law does not have, and
//! `content/laws.yaml` entries that clash with each other.

mod support;

use std::path::{Path, PathBuf};
use support::*;

/// Builds `root`, expecting success; returns the output folder and the warnings.
fn build_warned(root: &Path) -> (PathBuf, String) {
    let out = root.join("public");
    let result = pufa(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&result);
    assert!(result.status.success(), "build failed:\n{err}");
    (out, err)
}

#[test]
fn laws_values_are_read_like_citations_and_non_laws_are_left_out() {
    let root = make_site(
        "laws-front-matter",
        &[(
            "content/explainers/a.md",
            "---\ntitle: 物业与邻里\ndate: 2023-05-01\nlaws: [法治日报, 民法点, \"《民法典》\", 民法典第1254条]\n---\n正文。\n",
        )],
    );
    let (out, err) = build_warned(&root);
    assert!(
        err.contains(
            "content/explainers/a.md:4:8: warning: `laws:` \"法治日报\" is not a law pufa knows, so it is left out"
        ),
        "{err}"
    );
    assert!(
        err.contains("content/explainers/a.md:4:14: warning: `laws:` \"民法点\""),
        "{err}"
    );
    assert!(err.contains("did you mean 民法典?"), "{err}");
    assert!(
        !err.contains("《民法典》\" is not"),
        "a bracketed name is a law: {err}"
    );
    assert!(!out.join("laws/fa-zhi-ri-bao").exists());
    assert!(!out.join("laws/min-fa-dian-2").exists());
    let law = read(&out, "laws/min-fa-dian/index.html");
    assert!(
        law.contains("id=\"tiao-1254\""),
        "民法典第1254条 names the article"
    );
}

#[test]
fn legal_words_are_not_repealed_laws_but_fa_guiding_is_a_citation() {
    let root = make_site(
        "laws-look-alikes",
        &[
            (
                "content/explainers/a.md",
                "---\ntitle: 物权常识\ndate: 2023-05-01\n---\n物权法定原则是物权制度的基础。买卖合同法定解除的情形由法律规定。罪刑法定。\n",
            ),
            (
                "content/cases/b.md",
                "---\ntitle: 老合同纠纷\ndate: 2019-05-01\n---\n当时的合同法规定，违约方应当赔偿损失；婚姻法规定的也一样。\n",
            ),
        ],
    );
    let (out, _) = build_warned(&root);
    assert!(
        !out.join("laws/wu-quan-fa").exists(),
        "物权法定 is a principle"
    );
    assert!(
        !out.join("laws/xing-fa").exists(),
        "罪刑法定 is a principle"
    );
    let contract = read(&out, "laws/he-tong-fa/index.html");
    assert!(
        contract.contains("老合同纠纷"),
        "合同法规定 cites the 合同法"
    );
    assert!(out.join("laws/hun-yin-fa/index.html").exists());
    let old = read(&out, "cases/b/index.html");
    assert!(
        old.contains("本文写于废止前"),
        "dated 2019, before the repeal"
    );
}

#[test]
fn numbered_advice_and_articles_a_law_lacks_are_not_its_articles() {
    let root = make_site(
        "laws-numbered",
        &[(
            "content/explainers/a.md",
            "---\ntitle: 高空抛物\ndate: 2023-05-01\n---\n《民法典》第1254条禁止高空抛物。\n\n社区有三条建议：第一条，垃圾装袋下楼；第二条，阳台不放花盆。\n\n《刑法》第一千二百五十四条也有规定。\n",
        )],
    );
    let (out, err) = build_warned(&root);
    let code = read(&out, "laws/min-fa-dian/index.html");
    assert!(code.contains("id=\"tiao-1254\""));
    assert!(!code.contains("id=\"tiao-1\"") && !code.contains("id=\"tiao-2\""));
    let penal = read(&out, "laws/xing-fa/index.html");
    assert!(!penal.contains("tiao-1254"), "刑法 has 452 articles");
    assert!(
        err.contains(
            "content/explainers/a.md:9:1: warning: 《刑法》 has 452 articles, so 第1254条 cannot be one of them"
        ),
        "{err}"
    );
}

fn yaml_errors(name: &str, yaml: &str) -> String {
    let root = make_site(
        name,
        &[
            (
                "content/pages/about.md",
                "---\ntitle: 关于\n---\n依据《民法典》。\n",
            ),
            ("content/laws.yaml", yaml),
        ],
    );
    build_err(&root)
}

#[test]
fn laws_yaml_names_and_slugs_lead_to_one_law_each() {
    let err = yaml_errors(
        "laws-yaml-clash",
        "- name: 苏州市养犬管理条例\n  short: 刑法\n  aliases: [民法典, 养犬条例]\n  slug: min-fa-dian\n- name: 苏州市文明行为促进条例\n  slug: wenming\n- name: 苏州市电动自行车管理条例\n  slug: wenming\n- name: 中华人民共和国民法典\n  description: 一\n- name: 民法典\n  description: 二\n",
    );
    for expected in [
        "content/laws.yaml:2:10: error: `short`: \"刑法\" already names 《刑法》 (中华人民共和国刑法)",
        "content/laws.yaml:3:13: error: `aliases`: \"民法典\" already names 《民法典》",
        "content/laws.yaml:4:9: error: `slug`: \"min-fa-dian\" is already the page of 《民法典》",
        "content/laws.yaml:8:9: error: `slug`: \"wenming\" is already the page of 《苏州市文明行为促进条例》",
        "content/laws.yaml:11:9: error: 《民法典》 is described twice (first on line 9)",
    ] {
        assert!(err.contains(expected), "missing {expected}\n{err}");
    }
    assert!(
        !err.contains("养犬条例\" already"),
        "a free alias is fine: {err}"
    );
}

#[test]
fn laws_yaml_syntax_mistakes_get_hints_that_fit() {
    let err = yaml_errors(
        "laws-yaml-tab",
        "- name: 苏州市养犬管理条例\n\tstatus: in force\n",
    );
    assert!(
        err.contains("content/laws.yaml:2:1: error: a tab in the indentation"),
        "{err}"
    );
    assert!(err.contains("indent with spaces"), "{err}");
    let err = yaml_errors(
        "laws-yaml-scalar",
        "- name: 苏州市养犬管理条例\n  aliases: 养犬条例\n",
    );
    assert!(err.contains("content/laws.yaml:2:"), "{err}");
    assert!(err.contains("aliases: [养犬条例]"), "{err}");
    let err = yaml_errors("laws-yaml-noname", "- short: 养犬条例\n");
    assert!(err.contains("missing field `name`"), "{err}");
    assert!(err.contains("every law needs `name:`"), "{err}");
    let err = yaml_errors(
        "laws-yaml-articles",
        "- name: 民法典\n  articles: {1261: 不存在, 一千二百五十四: 高空抛物}\n",
    );
    assert!(
        err.contains(
            "content/laws.yaml:2:14: error: `articles`: 《民法典》 has only 1260 articles"
        ),
        "{err}"
    );
}

#[test]
fn laws_yaml_describes_a_law_for_residents() {
    let root = make_site(
        "laws-yaml-describe",
        &[
            (
                "content/explainers/a.md",
                "---\ntitle: 文明养犬\ndate: 2023-05-01\n---\n《养犬条例》第10条要求出户遛犬拴绳。\n",
            ),
            (
                "content/laws.yaml",
                "- name: 苏州市养犬管理条例\n  short: 养犬条例\n  description: 养犬登记、文明养犬和犬只伤人的处理。\n  link: https://example.gov.cn/yangquan.html\n  last_article: 42\n  articles: {10: 出户遛犬要拴绳}\n",
            ),
        ],
    );
    let (out, _) = build_warned(&root);
    let page = read(&out, "laws/yang-quan-tiao-li/index.html");
    assert!(page.contains("养犬登记、文明养犬和犬只伤人的处理。"));
    assert!(page.contains("href=\"https://example.gov.cn/yangquan.html\""));
    assert!(page.contains("出户遛犬要拴绳"), "the article's subject");
}
