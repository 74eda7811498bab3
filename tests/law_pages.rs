//! Law pages on a large site and after edits: a law's page stays small
//! (capped cards per kind and items per article, with paginated lists
//! behind them), every article a box links to has its place, repeal wording
//! is only what is true, board sheets get a bulletin's laws, and `pufa
//! serve` rebuilds law pages exactly as a full build makes them.

mod support;

use std::path::PathBuf;
use std::sync::OnceLock;
use support::*;

fn main_part(html: &str) -> &str {
    let start = html.find("<main").unwrap_or(0);
    let end = html.find("</main>").unwrap_or(html.len());
    &html[start..end]
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

// A site with many items on one law: the law's page stays small.

/// 55 explainers on 第1254条, one citing 45 other articles, a bulletin citing
/// an article nothing else cites, and a law repealed without a replacement.
fn big_site() -> &'static PathBuf {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let mut files: Vec<(String, String)> = (1..=55)
            .map(|n| {
                (
                    format!("content/explainers/gaokong-{n:02}.md"),
                    format!(
                        "---\ntitle: 高空抛物第{n}讲\ndate: 2023-{:02}-{:02}\n---\n《民法典》第1254条规定，禁止从建筑物中抛掷物品。\n",
                        1 + (n - 1) / 28,
                        1 + (n - 1) % 28
                    ),
                )
            })
            .collect();
        let many: Vec<String> = (1001..=1045).map(|a| format!("第{a}条")).collect();
        files.push((
            "content/explainers/many.md".into(),
            format!(
                "---\ntitle: 民法典条文串讲\ndate: 2023-06-01\n---\n《民法典》{}都与家庭生活有关。\n",
                many.join("、")
            ),
        ));
        files.push((
            "content/bulletins/2023-06.md".into(),
            "---\ntitle: 婚姻家庭\nmonth: \"2023-06\"\nissue: 6\nfeatured: [explainers/many]\n---\n《民法典》第1077条规定了离婚冷静期。\n".into(),
        ));
        files.push((
            "content/explainers/old-rule.md".into(),
            "---\ntitle: 养犬新规\ndate: 2023-03-01\n---\n依照《某市养犬管理规定》第五条，出门遛犬要拴绳。\n".into(),
        ));
        files.push((
            "content/explainers/undated-repeal.md".into(),
            "---\ntitle: 另一部旧规定\ndate: 2023-03-02\n---\n《某市犬类管理办法》第三条。\n".into(),
        ));
        files.push((
            "content/laws.yaml".into(),
            "- name: 某市养犬管理规定\n  status: repealed\n  repealed: 2020-01-01\n- name: 某市犬类管理办法\n  status: repealed\n".into(),
        ));
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let root = make_site("laws-big", &files);
        build_ok(&root, &[])
    })
}

fn big(rel: &str) -> String {
    read(big_site(), rel)
}

#[test]
fn a_law_page_shows_the_newest_six_of_a_kind_and_links_the_rest() {
    let html = big("laws/min-fa-dian/index.html");
    let cards = section_links(&html, "kind-explainer");
    assert_eq!(cards.len(), 6 + 1, "{cards:?}");
    assert!(
        cards[0].ends_with("/explainers/many/"),
        "newest first: {cards:?}"
    );
    assert!(html.contains("全部 56 篇法律常识"));
    // The full list is compact rows, 50 a page, newest first.
    let first = big("laws/min-fa-dian/explainers/index.html");
    assert!(first.contains("共 56 篇，第 1 / 2 页"));
    assert!(first.contains("href=\"../../../laws/min-fa-dian/explainers/page/2/\""));
    assert_eq!(main_part(&first).matches("<li>").count(), 50);
    let second = big("laws/min-fa-dian/explainers/page/2/index.html");
    assert!(main_part(&second).contains("高空抛物第1讲"));
    assert!(second.contains("返回《民法典》"));
}

#[test]
fn many_articles_are_listed_alone_each_with_its_own_list() {
    let html = big("laws/min-fa-dian/index.html");
    let main = main_part(&html);
    // 47 articles: more than 40, so the page lists the articles only.
    assert!(main.contains("按条文查看 <span class=\"count\">47 条，点开查看</span>"));
    assert!(!main.contains("各条文的相关内容"));
    let li = &main[main.find("id=\"tiao-1254\"").unwrap()..];
    let li = &li[..li.find("</li>").unwrap()];
    assert!(
        li.contains("href=\"../../laws/min-fa-dian/tiao-1254/\""),
        "{li}"
    );
    assert!(
        li.contains("高空抛物、坠物") && li.contains("55 篇"),
        "{li}"
    );
    let article = big("laws/min-fa-dian/tiao-1254/index.html");
    assert!(article.contains("《民法典》第1254条"));
    assert!(article.contains("共 55 篇，第 1 / 2 页"));
    assert!(big("laws/min-fa-dian/tiao-1254/page/2/index.html").contains("高空抛物第1讲"));
    assert!(big("laws/min-fa-dian/tiao-1001/index.html").contains("民法典条文串讲"));
    // The box on a page citing it links straight to the article's list.
    let page = big("explainers/gaokong-01/index.html");
    assert!(page.contains("href=\"../../laws/min-fa-dian/tiao-1254/\">第1254条</a>"));
    // The page is small: six cards a kind and one line per article, not
    // every item under every article.
    assert!(html.len() < 60_000, "{} bytes", html.len());
}

#[test]
fn an_article_only_a_bulletin_cites_has_its_place_on_the_law_page() {
    let bulletin = big("bulletins/2023-06/index.html");
    assert!(bulletin.contains("href=\"../../laws/min-fa-dian/tiao-1077/\">第1077条</a>"));
    let law = big("laws/min-fa-dian/index.html");
    assert!(law.contains("id=\"tiao-1077\""));
    assert!(law.contains("离婚冷静期"));
    // Its own text counts for the article; its featured items' articles
    // are listed under those items.
    let page = big("laws/min-fa-dian/tiao-1077/index.html");
    assert!(main_part(&page).contains("婚姻家庭"));
}

#[test]
fn a_law_repealed_without_a_replacement_is_not_written_before_its_repeal() {
    let html = big("explainers/old-rule/index.html");
    let main = main_part(&html);
    assert!(
        main.contains("本文提到的《某市养犬管理规定》已于2020年1月1日废止，请以现行法律为准。"),
        "{main}"
    );
    let boxed = &main[main.find("本文涉及法律").unwrap()..];
    assert!(boxed.contains("已废止，请以现行规定为准"), "{boxed}");
    assert!(!main.contains("本文写于废止前"));
    // No date of repeal: still not "written before".
    let html = big("explainers/undated-repeal/index.html");
    assert!(!html.contains("本文写于废止前"));
    assert!(html.contains("本文提到的《某市犬类管理办法》已废止，请以现行法律为准。"));
}

#[test]
fn a_bulletin_gives_board_sheets_its_laws_with_articles() {
    let root = big_site().parent().unwrap();
    let site = pufa::site::Site::load(root, &pufa::site::LoadOptions::default()).unwrap();
    let b = site
        .entries
        .iter()
        .position(|e| e.item.id == "2023-06")
        .unwrap();
    let laws = pufa::laws::board::bulletin_laws(&site.laws, &site.entries, b);
    assert_eq!(laws.len(), 1);
    assert_eq!(laws[0].short, "民法典");
    assert_eq!(laws[0].path, "laws/min-fa-dian/");
    assert_eq!(
        laws[0].articles.len(),
        46,
        "its own 第1077条 and its item's 45"
    );
    assert_eq!(laws[0].articles[0], "第1001条");
    assert!(laws[0].articles.contains(&"第1077条".to_string()));
    // A building's sheet showing none of the featured items: the bulletin's own.
    let own = pufa::laws::board::board_laws(&site.laws, &site.entries, b, &[]);
    assert_eq!(own[0].articles, ["第1077条"]);
}

// `pufa serve`: after an edit, law pages are exactly what a full build makes.

#[test]
fn law_pages_rebuilt_after_an_edit_match_a_full_build() {
    use pufa::serve::live::{Live, Outcome};
    use pufa::serve::watch::Batch;
    use pufa::site::LoadOptions;

    let mut files: Vec<(String, String)> = (1..=7)
        .map(|n| {
            (
                format!("content/explainers/e{n}.md"),
                format!(
                    "---\ntitle: 民法典第{n}讲\ndate: 2023-05-{n:02}\n---\n《民法典》第{}条规定了邻里之间的规矩。\n",
                    1210 + n
                ),
            )
        })
        .collect();
    // 41 more articles: the law's page lists articles alone, so the oldest
    // explainer shows there only through what it says 第1211条 is about.
    let many: Vec<String> = (1001..=1041).map(|a| format!("第{a}条")).collect();
    files[0]
        .1
        .push_str(&format!("另见《民法典》{}。\n", many.join("、")));
    files.push((
        "content/books/mfd.md".into(),
        "---\ntitle: 中华人民共和国民法典（大字版）\n---\n".into(),
    ));
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let root = make_site("laws-serve", &files);
    let options = LoadOptions {
        base_url: Some("/".into()),
        ..LoadOptions::default()
    };
    let law_files = |files: Vec<(String, Vec<u8>)>| -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<_> = files
            .into_iter()
            .filter(|(n, _)| n.starts_with("laws/") || n.starts_with("explainers/"))
            .collect();
        files.sort();
        files
    };
    let full = || law_files(pufa::pipeline::build_in_memory(&root, &options).unwrap().1);
    let (mut live, first) = Live::start(&root, options.clone());
    assert!(matches!(first, Outcome::Rebuilt { .. }), "{first:?}");
    let write = |rel: &str, text: &str| std::fs::write(root.join(rel), text).unwrap();
    let read = |rel: &str| std::fs::read_to_string(root.join(rel)).unwrap();
    type Step<'a> = (&'a str, &'a str, Box<dyn Fn() + 'a>);
    let steps: Vec<Step> = vec![
        (
            "another article",
            "content/explainers/e3.md",
            Box::new(|| {
                let f = "content/explainers/e3.md";
                write(f, &read(f).replace("第1213条", "第1254条"))
            }),
        ),
        (
            "what the sentence says an article is about",
            "content/explainers/e1.md",
            Box::new(|| {
                let f = "content/explainers/e1.md";
                write(f, &read(f).replace("邻里之间的规矩", "相邻关系的处理原则"))
            }),
        ),
        (
            "an eighth explainer",
            "content/explainers/e8.md",
            Box::new(|| {
                write(
                    "content/explainers/e8.md",
                    "---\ntitle: 民法典第8讲\ndate: 2023-06-01\n---\n《刑法》第266条和民法典第1254条。\n",
                )
            }),
        ),
        (
            "a description in laws.yaml",
            "content/laws.yaml",
            Box::new(|| {
                write(
                    "content/laws.yaml",
                    "- name: 民法典\n  description: 社区版说明。\n  articles: {1212: 本站自定的条文说明}\n",
                )
            }),
        ),
    ];
    for (step, path, change) in steps {
        change();
        let mut batch = Batch::default();
        batch.content.insert(PathBuf::from(path));
        let outcome = live.apply(&batch);
        assert!(
            matches!(outcome, Outcome::Rebuilt { .. }),
            "{step}: {outcome:?}"
        );
        let inc = law_files(
            live.files()
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_vec()))
                .collect(),
        );
        let full = full();
        let names = |f: &[(String, Vec<u8>)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&inc), names(&full), "{step}: file lists differ");
        for ((name, a), (_, b)) in inc.iter().zip(&full) {
            assert!(a == b, "{step}: {name} differs from a full build");
        }
    }
    let html = String::from_utf8(
        live.files()
            .iter()
            .find(|(k, _)| k.as_ref() == "laws/min-fa-dian/index.html")
            .map(|(_, v)| v.to_vec())
            .unwrap(),
    )
    .unwrap();
    assert!(html.contains("社区版说明。") && html.contains("本站自定的条文说明"));
    assert!(html.contains("全部 8 篇法律常识"));
}
