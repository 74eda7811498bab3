//! `site.toml` settings end to end: `base_url` must be a web address (in
//! site.toml and on the command line), a site without one is warned and its
//! robots.txt names no sitemap, and the 法治/法制 wording follows `fazhi`.

mod support;

use support::*;

const EXPLAINER: (&str, &str) = (
    "content/explainers/gaokong.md",
    "---\ntitle: 高空抛物，害人害己\ndate: 2023-05-10\n---\n禁止从建筑物中抛掷物品。\n",
);
const LECTURE: (&str, &str) = (
    "content/lectures/q2.md",
    "---\ntitle: 民法典与百姓生活\ndate: 2023-05-20\n---\n讲座。\n",
);
const BULLETIN: (&str, &str) = (
    "content/bulletins/2023-05.md",
    "---\ntitle: 民法典宣传月\nmonth: \"2023-05\"\nissue: 5\nfeatured: [explainers/gaokong]\n---\n",
);

fn build(root: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let out = root.join("public");
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    pufa(&args)
}

#[test]
fn a_base_url_that_is_not_a_web_address_stops_the_build_at_its_place() {
    let root = make_site(
        "base-url-bad",
        &[
            (
                "site.toml",
                "title = \"测试社区\"\nbase_url = \"fazhi.example.org\"\n",
            ),
            EXPLAINER,
        ],
    );
    let err = build_err(&root);
    assert!(
        err.contains(
            "site.toml:2:12: error: `base_url`: \"fazhi.example.org\" is not a web address"
        ),
        "{err}"
    );
    assert!(err.contains("hint:") && err.contains("https://"), "{err}");
    assert!(!root.join("public").exists());
}

#[test]
fn a_base_url_on_the_command_line_is_checked_too() {
    let root = make_site("base-url-flag", &[EXPLAINER]);
    let result = build(&root, &["--base-url", "not a url"]);
    assert_eq!(result.status.code(), Some(1));
    let err = stderr(&result);
    assert!(
        err.contains("--base-url: error: \"not a url\" is not a web address"),
        "{err}"
    );
    let out = build_ok(&root, &["--base-url", "https://b.example/pufa"]);
    assert!(
        read(&out, "sitemap.xml").contains("<loc>https://b.example/pufa/explainers/gaokong/</loc>")
    );
    assert!(read(&out, "robots.txt").contains("Sitemap: https://b.example/pufa/sitemap.xml\n"));
}

#[test]
fn a_site_without_its_address_is_warned_and_robots_names_no_sitemap() {
    let root = make_site(
        "base-url-none",
        &[("site.toml", "title = \"测试社区\"\n"), EXPLAINER],
    );
    let result = build(&root, &[]);
    assert!(result.status.success(), "{}", stderr(&result));
    let err = stderr(&result);
    assert!(
        err.contains("site.toml: warning: `base_url` is not set"),
        "{err}"
    );
    let robots = read(&root.join("public"), "robots.txt");
    assert!(!robots.contains("Sitemap"), "{robots}");
    // Built for a USB stick, it needs no address and says nothing.
    let result = build(&root, &["--offline"]);
    assert!(!stderr(&result).contains("base_url"), "{}", stderr(&result));
}

#[test]
fn the_older_fazhi_wording_reaches_every_default_label() {
    let root = make_site(
        "labels-fazhi",
        &[
            (
                "site.toml",
                "title = \"测试社区\"\nbase_url = \"https://t.example/\"\n[labels]\nfazhi = \"法制\"\n",
            ),
            EXPLAINER,
            LECTURE,
            BULLETIN,
        ],
    );
    let out = build_ok(&root, &[]);
    let home = read(&out, "index.html");
    assert!(
        home.contains(">法制宣传栏</a>") && home.contains(">法制课堂</a>"),
        "{home}"
    );
    assert!(!home.contains("法治"), "no 法治 is left on the home page");
    assert!(read(&out, "lectures/index.html").contains("<h1>法制课堂</h1>"));
    assert!(read(&out, "buildings/index.html").contains("法制宣传"));
}
