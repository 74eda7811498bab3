//! The example site at the repository root builds into a complete site:
//! every fixed URL exists and shows what it should (more in
//! `example_pages.rs`), every link, `#anchor` and CSS `url()` resolves (the
//! 404 page's too), unpublished phones never appear, and builds are
//! byte-identical.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use support::*;

fn content_stems(folder: &str) -> Vec<String> {
    let dir = repo_root().join("content").join(folder);
    let mut stems: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".md"))
                .map(str::to_string)
        })
        .collect();
    stems.sort();
    stems
}

fn is_draft(folder: &str, stem: &str) -> bool {
    let text = std::fs::read_to_string(
        repo_root()
            .join("content")
            .join(folder)
            .join(format!("{stem}.md")),
    )
    .unwrap();
    // Only the front matter counts, not a code sample in the body.
    text.lines()
        .skip(1)
        .take_while(|l| l.trim() != "---")
        .any(|l| l.trim() == "draft: true")
}

#[test]
fn example_site_has_the_promised_amount_of_content() {
    let count = |f: &str| content_stems(f).len();
    assert_eq!(count("bulletins"), 12, "twelve monthly issues");
    assert!(count("explainers") >= 12);
    assert!(count("cases") >= 8);
    assert!(count("books") >= 30);
    assert_eq!(count("lectures"), 4);
    assert!(count("contacts") >= 6);
    assert!(count("buildings") >= 8);
}

#[test]
fn every_fixed_url_exists() {
    let out = example_output();
    let fixed = [
        "index.html",
        "explainers/index.html",
        "cases/index.html",
        "lectures/index.html",
        "bulletins/index.html",
        "books/index.html",
        "contacts/index.html",
        "buildings/index.html",
        "archive/index.html",
        "archive/2023/index.html",
        "archive/2023/05/index.html",
        "topics/index.html",
        "audiences/index.html",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "style.css",
    ];
    for f in fixed {
        assert!(out.join(f).is_file(), "missing {f}");
    }
    for month in 1..=12 {
        let f = format!("bulletins/2023-{month:02}/index.html");
        assert!(out.join(&f).is_file(), "missing {f}");
        assert!(
            out.join(format!("archive/2023/{month:02}/index.html"))
                .is_file()
        );
    }
    for folder in [
        "explainers",
        "cases",
        "lectures",
        "pages",
        "books",
        "buildings",
    ] {
        for stem in content_stems(folder) {
            let f = format!("{folder}/{stem}/index.html");
            assert_eq!(out.join(&f).is_file(), !is_draft(folder, &stem), "{f}");
        }
    }
}

#[test]
fn pages_show_what_they_should() {
    let out = example_output();
    let home = read(&out, "index.html");
    assert!(home.contains("<html lang=\"zh-CN\">"));
    assert!(
        home.contains("2023年第12期"),
        "home shows the current issue"
    );
    assert!(home.contains("12348"), "home shows the hotline");

    let may = read(&out, "bulletins/2023-05/index.html");
    assert!(may.contains("2023年第5期"));
    assert!(may.contains("本期内容"));

    let archive = read(&out, "archive/2023/05/index.html");
    assert!(archive.contains("2023年5月"));
    assert!(
        archive.contains("badge-bulletin"),
        "the month lists its bulletin"
    );

    let books = read(&out, "books/index.html");
    assert!(books.contains("报纸期刊"), "periodicals apart");
    assert!(books.contains("已废止"), "superseded books marked");
    assert!(books.contains("婚姻法"));

    let buildings = read(&out, "buildings/index.html");
    assert!(buildings.contains("桥华社区") && buildings.contains("瑞光社区"));
    let building = read(&out, "buildings/qh-01/index.html");
    assert!(building.contains("本月宣传栏"), "this month's board");
    assert!(building.contains("往期宣传栏"), "past boards");
    assert!(building.contains("普法宣传员"));

    let topics = read(&out, "topics/index.html");
    assert!(topics.contains("民法典"));
    assert!(
        out.join("topics/min-fa-dian/index.html").is_file(),
        "topic slugs are pinyin"
    );

    let case_stem = &content_stems("cases")[0];
    let case = read(&out, &format!("cases/{case_stem}/index.html"));
    assert!(case.contains("以案说法"));

    let feed = read(&out, "atom.xml");
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    assert!(feed.contains("https://fazhi.example.org/"));
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://fazhi.example.org/explainers/"));
}

#[test]
fn every_link_in_the_output_resolves() {
    let out = example_output();
    let files = read_tree(&out);
    let ids: BTreeMap<&str, BTreeSet<String>> = files
        .iter()
        .filter(|(rel, _)| rel.ends_with(".html"))
        .map(|(rel, bytes)| {
            (
                rel.as_str(),
                attr_values(&String::from_utf8_lossy(bytes), "id")
                    .into_iter()
                    .collect(),
            )
        })
        .collect();
    let mut broken = Vec::new();
    let mut anchors = 0;
    for (rel, bytes) in &files {
        if !rel.ends_with(".html") || rel == "404.html" {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for attr in ["href", "src"] {
            for link in attr_values(&html, attr) {
                let Some(target) = resolve(rel, &link) else {
                    continue;
                };
                if !files.contains_key(&target) {
                    broken.push(format!("{rel}: {attr}=\"{link}\""));
                } else if let Some((_, anchor)) = link.split_once('#') {
                    anchors += 1;
                    if !ids
                        .get(target.as_str())
                        .is_some_and(|i| i.contains(&percent_decode(anchor)))
                    {
                        broken.push(format!(
                            "{rel}: {attr}=\"{link}\": {target} has no id `{anchor}`"
                        ));
                    }
                }
            }
        }
    }
    assert!(
        anchors > 50,
        "the example site links to headings and contacts: {anchors}"
    );
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

#[test]
fn the_404_page_links_work_from_any_address() {
    // Served for any missing address, its links are absolute at base_url.
    let out = example_output();
    let files = read_tree(&out);
    let page = read(&out, "404.html");
    let base = "https://fazhi.example.org/";
    let links: Vec<String> = ["href", "src"]
        .iter()
        .flat_map(|a| attr_values(&page, a))
        .filter(|l| !l.starts_with("tel:") && !l.starts_with('#'))
        .collect();
    assert!(links.len() > 10, "{links:?}");
    for link in links {
        let path = link
            .strip_prefix(base)
            .unwrap_or_else(|| panic!("404.html: {link} is not at {base}"));
        let path = path.split(['#', '?']).next().unwrap();
        let file = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        };
        assert!(
            files.contains_key(&file),
            "404.html: {link} → {file} is missing"
        );
    }
}

#[test]
fn every_css_url_resolves() {
    let out = example_output();
    let files = read_tree(&out);
    let mut urls = 0;
    for (rel, bytes) in files.iter().filter(|(r, _)| r.ends_with(".css")) {
        let css = String::from_utf8_lossy(bytes);
        for part in css.split("url(").skip(1) {
            let raw = part
                .split(')')
                .next()
                .unwrap()
                .trim()
                .trim_matches(['"', '\'']);
            urls += 1;
            if raw.starts_with("data:") || raw.starts_with('#') {
                continue;
            }
            let target =
                resolve(rel, raw).unwrap_or_else(|| panic!("{rel}: url({raw}) leaves the site"));
            assert!(
                files.contains_key(&target),
                "{rel}: url({raw}) → {target} is missing"
            );
        }
    }
    // The default theme uses no images in CSS today; a theme that does is checked.
    let _ = urls;
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The output file a relative link from page file `from` points at, or
/// `None` for external links and in-page anchors.
fn resolve(from: &str, link: &str) -> Option<String> {
    if link.contains("://")
        || link.starts_with("tel:")
        || link.starts_with("mailto:")
        || link.starts_with('#')
        || link.starts_with("data:")
    {
        return None;
    }
    assert!(
        !link.starts_with('/'),
        "{from}: internal links must be relative, found {link}"
    );
    let link = link.split(['#', '?']).next().unwrap();
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in link.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    let mut target = parts.join("/");
    if link.ends_with('/') || link.is_empty() || link == "." || link.ends_with("/.") {
        target = if target.is_empty() {
            "index.html".into()
        } else {
            format!("{target}/index.html")
        };
    }
    Some(target)
}

#[test]
fn unpublished_phones_never_appear() {
    let out = example_output();
    let mut secrets = Vec::new();
    for stem in content_stems("contacts") {
        let text = std::fs::read_to_string(repo_root().join(format!("content/contacts/{stem}.md")))
            .unwrap();
        let published = text.lines().any(|l| l.trim() == "publish_phone: true");
        if let Some(line) = text.lines().find(|l| l.starts_with("phone:")) {
            let phone = line["phone:".len()..].trim().trim_matches('"').to_string();
            if !published && !phone.is_empty() {
                secrets.push(phone);
            }
        }
    }
    assert!(
        !secrets.is_empty(),
        "the example site has contacts with private phones to test with"
    );
    for (rel, bytes) in read_tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "{s} leaked in {rel}");
        }
    }
}

#[test]
fn builds_are_deterministic() {
    let a = temp_dir("determinism-a");
    let b = temp_dir("determinism-b");
    for out in [&a, &b] {
        let r = pufa(&[
            "build",
            "--root",
            repo_root().to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ]);
        assert!(r.status.success(), "{}", stderr(&r));
    }
    let (ta, tb) = (read_tree(&a), read_tree(&b));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (k, v) in &ta {
        assert!(tb[k] == *v, "{k} differs between two builds");
    }
}

#[test]
fn offline_build_links_name_index_files() {
    let out = temp_dir("offline");
    let r = pufa(&[
        "build",
        "--root",
        repo_root().to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--offline",
    ]);
    assert!(r.status.success(), "{}", stderr(&r));
    let page = read(&out, "explainers/index.html");
    let links = attr_values(&page, "href");
    assert!(
        links.iter().any(|l| l == "../index.html"),
        "home link: {links:?}"
    );
    assert!(
        links.iter().all(|l| !l.ends_with('/') || l.contains("://")),
        "{links:?}"
    );
    let _ = Path::new(&out);
}
