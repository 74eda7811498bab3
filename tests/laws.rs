//! The law index end to end: citations in content become law pages, the
//! 本文涉及法律 box, 以案释法 on explainers, and repealed-law notices and
//! warnings; `content/laws.yaml` adds local regulations.

mod support;

use std::path::PathBuf;
use std::sync::OnceLock;
use support::*;

const GAOKONG: &str = "---
title: 高空抛物，害人害己
date: 2023-05-08
topics: [民法典]
laws: [中华人民共和国民法典]
---
《中华人民共和国民法典》第一千二百五十四条规定，禁止从建筑物中抛掷物品。
《刑法》第二百九十一条之二也有规定。订阅《法治日报》了解更多。
";

const LIHUN: &str = "---
title: 离婚冷静期
date: 2023-06-01
topics: [婚姻家庭]
---
有人说，根据《婚姻法》第三十二条可以起诉离婚。
";

const OLD_BULLETIN_CASE: &str = "---
title: 老案例：合同纠纷
date: 2019-03-01
---
法院依照《合同法》第一百零七条判决。
";

const ACKNOWLEDGED: &str = "---
title: 民法典来了
date: 2021-01-05
---
民法典施行后，原《婚姻法》《继承法》同时废止。
";

const GAOKONG_CASE: &str = "---
title: 楼上扔下酒瓶
date: 2023-04-01
topics: [民法典]
---
法院依照《民法典》第1254条判决。
";

const OTHER_CASE: &str = "---
title: 宠物伤人
date: 2023-04-02
topics: [民法典, 养犬]
---
《民法典》第1245条规定了饲养动物损害责任。
";

const FRAUD_CASE: &str = "---
title: 冒充客服诈骗
date: 2023-04-03
---
反诈法第三十一条规定，任何单位和个人不得非法买卖电话卡。
";

fn site() -> &'static (PathBuf, String) {
    static SITE: OnceLock<(PathBuf, String)> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = make_site(
            "laws-index",
            &[
                ("content/explainers/gaokong.md", GAOKONG),
                ("content/explainers/lihun.md", LIHUN),
                ("content/explainers/minfadian.md", ACKNOWLEDGED),
                ("content/cases/gaokong-an.md", GAOKONG_CASE),
                ("content/cases/chongwu-an.md", OTHER_CASE),
                ("content/cases/zhapian-an.md", FRAUD_CASE),
                ("content/cases/hetong-an.md", OLD_BULLETIN_CASE),
                (
                    "content/books/mfd.md",
                    "---\ntitle: 中华人民共和国民法典（大字版）\nyear: 2020\nshelf: A-1\n---\n",
                ),
                (
                    "content/books/hyf.md",
                    "---\ntitle: 婚姻法释义\nyear: 2015\nsuperseded: 本书依据的《婚姻法》已废止\n---\n",
                ),
                (
                    "content/books/jcf.md",
                    "---\ntitle: 继承法问答\nyear: 2012\n---\n",
                ),
                (
                    "content/books/fzrb.md",
                    "---\ntitle: 法治日报\nformat: periodical\n---\n",
                ),
                (
                    "content/bulletins/2023-05.md",
                    "---\ntitle: 民法典宣传月\nmonth: \"2023-05\"\nissue: 5\nfeatured: [explainers/gaokong, cases/zhapian-an]\n---\n",
                ),
                (
                    "content/lectures/yangquan.md",
                    "---\ntitle: 文明养犬讲座\ndate: 2023-07-01\n---\n讲解《苏州市养犬管理条例》第十条和养犬条例的其他规定。\n",
                ),
                (
                    "content/laws.yaml",
                    "- name: 苏州市养犬管理条例\n  short: 养犬条例\n  effective: 2023-01-01\n  status: in force\n",
                ),
            ],
        );
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
    })
}

fn page(rel: &str) -> String {
    read(&site().0, rel)
}

fn main_part(html: &str) -> &str {
    let start = html.find("<main").unwrap_or(0);
    let end = html.find("</main>").unwrap_or(html.len());
    &html[start..end]
}

#[test]
fn the_law_list_counts_citations_and_skips_newspapers() {
    let list = page("laws/index.html");
    let main = main_part(&list);
    assert!(
        main.contains("href=\"../laws/min-fa-dian/\">《民法典》</a>"),
        "{main}"
    );
    assert!(main.contains("《反电信网络诈骗法》"));
    assert!(
        main.contains("《养犬条例》"),
        "local regulation from laws.yaml"
    );
    assert!(!main.contains("法治日报"), "a newspaper is not a law");
    // 民法典: two explainers, two cases, a book and the bulletin.
    let row = main
        .split("<tr>")
        .find(|r| r.contains("《民法典》"))
        .unwrap();
    assert!(row.contains(">6 篇<"), "{row}");
    // Repealed laws are listed apart, with what replaced them.
    let repealed = &main[main.find("已废止的法律").unwrap()..];
    assert!(repealed.contains("《婚姻法》"));
    assert!(repealed.contains("《民法典》婚姻家庭编"));
    assert!(
        list.contains("href=\"../laws/\""),
        "nav links the law index"
    );
}

#[test]
fn the_civil_code_page_groups_by_kind_and_article() {
    let html = page("laws/min-fa-dian/index.html");
    let main = main_part(&html);
    for (section, title) in [
        ("kind-explainer", "高空抛物，害人害己"),
        ("kind-case", "楼上扔下酒瓶"),
        ("kind-case", "宠物伤人"),
        ("kind-book", "中华人民共和国民法典（大字版）"),
        ("kind-bulletin", "民法典宣传月"),
    ] {
        let at = main.find(&format!("id=\"{section}\"")).unwrap();
        assert!(main[at..].contains(title), "{section} lacks {title}");
    }
    assert!(!main.contains("冒充客服诈骗"));
    let art = &main[main.find("id=\"tiao-1254\"").unwrap()..];
    let art = &art[..art.find("</dd>").unwrap()];
    assert!(art.contains("高空抛物") && art.contains("楼上扔下酒瓶"));
    assert!(
        !art.contains("民法典宣传月"),
        "bulletins only repeat their items"
    );
    assert!(!art.contains("宠物伤人"));
    // The laws it replaced link to their pages when cited.
    assert!(
        main.contains("href=\"../../laws/hun-yin-fa/\">《婚姻法》</a>：相关规定现见本法婚姻家庭编")
    );
}

#[test]
fn pages_show_the_laws_they_cite() {
    let html = page("explainers/gaokong/index.html");
    let main = main_part(&html);
    let boxed = &main[main.find("本文涉及法律").unwrap()..];
    assert!(boxed.contains("href=\"../../laws/min-fa-dian/\">《民法典》</a>"));
    assert!(boxed.contains("href=\"../../laws/min-fa-dian/#tiao-1254\">第1254条</a>"));
    assert!(boxed.contains("href=\"../../laws/xing-fa/#tiao-291-2\">第291条之二</a>"));
    let bulletin = page("bulletins/2023-05/index.html");
    assert!(bulletin.contains("本期涉及法律"));
    assert!(
        bulletin.contains("《反电信网络诈骗法》"),
        "a bulletin cites what it features"
    );
    let book = page("books/mfd/index.html");
    assert!(book.contains("本书涉及法律"));
    let lecture = page("lectures/yangquan/index.html");
    assert!(lecture.contains("《养犬条例》</a> <a class=\"article\""));
}

#[test]
fn explainers_show_cases_on_the_same_article_and_books() {
    let main_html = page("explainers/gaokong/index.html");
    let main = main_part(&main_html);
    let cases = &main[main.find("以案释法").unwrap()..];
    let cases = &cases[..cases.find("</section>").unwrap()];
    assert!(cases.contains("楼上扔下酒瓶"));
    assert!(
        !cases.contains("宠物伤人"),
        "another article of the same law"
    );
    let books = &main[main.find("图书角里的相关图书").unwrap()..];
    assert!(books.contains("中华人民共和国民法典（大字版）"));
    assert!(books.contains("书架 A-1"));
    let case = page("cases/gaokong-an/index.html");
    assert!(main_part(&case).contains("法条解读"));
    let other = page("cases/chongwu-an/index.html");
    assert!(
        !main_part(&other).contains("法条解读"),
        "sharing only the topic 民法典 is not enough"
    );
}

#[test]
fn a_repealed_law_cited_after_2021_shows_its_replacement_and_warns() {
    let html = page("explainers/lihun/index.html");
    let main = main_part(&html);
    assert!(
        main.contains("本文提到的《婚姻法》已于2021年1月1日废止，现行规定见<a href=\"../../laws/min-fa-dian/\">《民法典》婚姻家庭编</a>"),
        "{main}"
    );
    let boxed = &main[main.find("本文涉及法律").unwrap()..];
    assert!(boxed.contains("已废止，现行规定见"));
    let err = &site().1;
    assert!(
        err.contains(
            "content/explainers/lihun.md:6:7: warning: 《婚姻法》 was repealed on 2021年1月1日"
        ),
        "{err}"
    );
    assert!(err.contains("cite 《民法典》婚姻家庭编 instead"));
}

#[test]
fn acknowledged_old_and_superseded_citations_do_not_warn() {
    // Only the law warnings: other checks have their say about these files.
    let err: String = site()
        .1
        .lines()
        .filter(|l| l.contains("repealed") || l.contains("this book is about"))
        .collect::<Vec<_>>()
        .join("\n");
    let err = &err;
    assert!(
        !err.contains("minfadian.md"),
        "the paragraph says 废止: {err}"
    );
    assert!(
        !err.contains("hetong-an.md"),
        "dated before the repeal: {err}"
    );
    assert!(
        !err.contains("hyf.md"),
        "superseded: acknowledges it: {err}"
    );
    assert!(
        err.contains("content/books/jcf.md: warning: this book is about 《继承法》"),
        "{err}"
    );
    assert!(site().1.contains("add `superseded:"));
    let old = page("cases/hetong-an/index.html");
    assert!(old.contains("本文写于废止前"));
    assert!(!old.contains("本文提到的《合同法》已"));
}

#[test]
fn a_mistake_in_laws_yaml_is_placed() {
    let root = make_site(
        "laws-yaml-error",
        &[
            (
                "content/pages/about.md",
                "---\ntitle: 关于\n---\n依据《民法典》。\n",
            ),
            (
                "content/laws.yaml",
                "- name: 苏州市养犬管理条例\n  status: valid\n",
            ),
        ],
    );
    let err = build_err(&root);
    assert!(
        err.contains("content/laws.yaml:2:11: error: `status`: \"valid\" is not a law status"),
        "{err}"
    );
    assert!(err.contains("in force, amended, repealed"));
}

// The example site at the repository root.

fn example(rel: &str) -> String {
    read(&example_output(), rel)
}

/// Links in one `<section aria-labelledby="ID">` of a page.
fn section_links(html: &str, id: &str) -> Vec<String> {
    let start = html
        .find(&format!("aria-labelledby=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id}"));
    let rest = &html[start..];
    let section = &rest[..rest.find("</section>").unwrap()];
    attr_values(section, "href")
}

#[test]
fn example_civil_code_page_lists_its_explainers_cases_and_books() {
    let html = example("laws/min-fa-dian/index.html");
    // The page shows the newest six; the list behind 全部 has them all.
    let shown = section_links(&html, "kind-explainer");
    assert_eq!(shown.len(), 6 + 1, "six cards and the link: {shown:?}");
    assert_eq!(shown.last().unwrap(), "../../laws/min-fa-dian/explainers/");
    let explainers = attr_values(
        main_part(&example("laws/min-fa-dian/explainers/index.html")),
        "href",
    );
    for e in [
        "gaokong-paowu",
        "yizhu-jicheng",
        "loushui-xianglin",
        "wenming-yangquan",
    ] {
        assert!(
            explainers.contains(&format!("../../../explainers/{e}/")),
            "{e}: {explainers:?}"
        );
    }
    assert!(!explainers.iter().any(|e| e.contains("fanzha-fa")));
    let cases = section_links(&html, "kind-case");
    for c in [
        "gaokong-paowu-an",
        "jicheng-an",
        "loushui-an",
        "jiawu-buchang-an",
    ] {
        assert!(
            cases.contains(&format!("../../cases/{c}/")),
            "{c}: {cases:?}"
        );
    }
    assert!(!cases.iter().any(|c| c.contains("dianxin-zhapian-an")));
    let books = section_links(&html, "kind-book");
    for b in ["minfadian-dazi", "tujie-minfadian", "manhua-minfadian"] {
        assert!(
            books.contains(&format!("../../books/{b}/")),
            "{b}: {books:?}"
        );
    }
    for not in ["fazhi-ribao", "xingfa-dazi", "hunyin-fa-2001"] {
        assert!(!books.iter().any(|b| b.contains(not)), "{not}: {books:?}");
    }
    // 第1254条 ties the explainer and the case on 高空抛物.
    let art = &html[html.find("id=\"tiao-1254\"").unwrap()..];
    let art = &art[..art.find("</dd>").unwrap()];
    assert!(art.contains("explainers/gaokong-paowu/") && art.contains("cases/gaokong-paowu-an/"));
}

#[test]
fn example_explainer_shows_its_case_and_the_shelf() {
    let html = example("explainers/gaokong-paowu/index.html");
    assert!(html.contains("本文涉及法律"));
    assert!(html.contains("href=\"../../laws/min-fa-dian/#tiao-1254\">第1254条</a>"));
    let cases = section_links(&html, "law-cases-title");
    assert_eq!(cases, ["../../cases/gaokong-paowu-an/"]);
    let books = section_links(&html, "law-books-title");
    assert!(
        books.contains(&"../../books/minfadian-dazi/".to_string()),
        "{books:?}"
    );
}

#[test]
fn example_page_citing_the_marriage_law_after_2021_shows_its_replacement() {
    let html = example("cases/jiawu-buchang-an/index.html");
    assert!(html.contains("2023年3月7日"));
    let boxed = &html[html.find("本文涉及法律").unwrap()..];
    assert!(
        boxed.contains(
            "已废止，现行规定见<a href=\"../../laws/min-fa-dian/\">《民法典》婚姻家庭编</a>"
        ),
        "{boxed}"
    );
    // The text itself says the law was repealed: no notice on top.
    assert!(!html.contains("本文提到的《婚姻法》"));
    let law = example("laws/hun-yin-fa/index.html");
    assert!(law.contains("本法已废止（2021年1月1日起）"));
    assert!(law.contains("cases/jiawu-buchang-an/"));
    assert!(law.contains("books/hunyin-fa-2001/"));
    let list = example("laws/index.html");
    assert!(list.contains("已废止的法律"));
}
