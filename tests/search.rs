//! Search end to end: the data files pufa writes, and the search page in
//! headless Chromium (typing, links with `?q=`, the kind filter, the
//! message when nothing matches), served over HTTP under a sub-path and
//! opened from disk after an `--offline` build.
//!
//! Chromium is found as `PUFA_CHROME` or `chromium` on PATH. Without it the
//! browser tests print a note and pass, unless `CI` is set.

mod support;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use support::*;

const EXPLAINER: &str = "---
title: 高空抛物，害人害己
date: 2023-05-10
topics: [民法典]
laws: [中华人民共和国民法典]
---
## 法律规定

《中华人民共和国民法典》第1254条规定，禁止从建筑物中抛掷物品。

| 情形 | 责任 |
|---|---|
| 抛物伤人 | 侵权人承担 |
";

const CASE: &str = "---
title: 楼上掉下花盆，谁来赔偿
date: 2023-04-02
source: 某区人民法院
---
某小区发生一起高空抛物致人受伤事件，法院判决可能加害的住户给予补偿。
";

const SCATTERED: &str = "---
title: 物业服务须知
date: 2023-03-01
---
高空作业要系好安全带；抛物线是数学名词。
";

const FRAUD: &str = "---
title: 警惕养老诈骗
date: 2023-10-08
audiences: [老年人]
---
接到自称公检法的电话要求转账，一定是诈骗。遇到法律问题请拨打12348热线。
";

const APP: &str = "---
title: 用手机查法律
date: 2023-06-01
---
下载官方APP，可以在线预约WiFi覆盖的社区法律服务室。
";

const BOOK: &str = "---
title: 民法典百问百答
author: 王立明
publisher: 法律出版社
year: 2021
isbn: 978-7-5197-5123-4
category: 民法
---
";

const LECTURE: &str = "---
title: 第三季度法治讲座
date: 2023-09-15
place: 社区活动室
speaker: chen-lvshi
---
讲解劳动合同的签订与解除。
";

const CONTACT_PUBLIC: &str = "---
name: 陈律师
role: 社区法律顾问
organization: 明理律师事务所
phone: \"13900001111\"
publish_phone: true
---
";

const CONTACT_PRIVATE: &str = "---
name: 李阿姨
role: 楼道志愿者
phone: \"13812345678\"
---
";

const BULLETIN: &str = "---
title: 民法典宣传月
month: \"2023-05\"
issue: 5
featured: [explainers/gaokong]
---
本期宣传栏介绍邻里相处的法律知识。
";

fn fixture() -> PathBuf {
    make_site(
        "search",
        &[
            ("content/explainers/gaokong.md", EXPLAINER),
            ("content/explainers/zhapian.md", FRAUD),
            ("content/explainers/shouji.md", APP),
            ("content/explainers/wuye.md", SCATTERED),
            ("content/cases/huapen.md", CASE),
            ("content/books/baiwen.md", BOOK),
            ("content/lectures/2023-q3.md", LECTURE),
            ("content/contacts/chen-lvshi.md", CONTACT_PUBLIC),
            ("content/contacts/li-ayi.md", CONTACT_PRIVATE),
            ("content/bulletins/2023-05.md", BULLETIN),
        ],
    )
}

/// The fixture built normally and with `--offline`, once per test binary.
fn built() -> &'static (PathBuf, PathBuf) {
    static BUILT: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let root = fixture();
        let online = build_ok(&root, &[]);
        let offline = root.join("offline");
        let result = pufa(&[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--output",
            offline.to_str().unwrap(),
            "--offline",
        ]);
        assert!(result.status.success(), "{}", stderr(&result));
        (online, offline)
    })
}

// ---- Data files --------------------------------------------------------

#[test]
fn data_files_are_scripts_not_json() {
    let (out, _) = built();
    let tree = read_tree(out);
    let data: Vec<&String> = tree
        .keys()
        .filter(|k| k.starts_with("search/data/"))
        .collect();
    assert!(data.iter().any(|k| *k == "search/data/manifest.js"));
    assert!(data.iter().any(|k| *k == "search/data/t0.js"));
    assert!(data.iter().any(|k| *k == "search/data/d0.js"));
    for k in data {
        let text = String::from_utf8(tree[k].clone()).unwrap();
        assert!(text.starts_with("pufaSearch.add("), "{k}");
    }
    assert!(tree.contains_key("search.js"));
    assert!(tree.contains_key("search/index.html"));
}

#[test]
fn unpublished_phone_numbers_are_not_indexed() {
    let (out, offline) = built();
    for dir in [out, offline] {
        for (path, bytes) in read_tree(&dir.join("search/data")) {
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains("13812345678"), "{path}");
            assert!(!text.contains("1381234"), "{path}");
        }
    }
}

#[test]
fn every_page_has_a_search_box_that_works_as_a_link() {
    let (out, offline) = built();
    let page = read(out, "explainers/gaokong/index.html");
    assert!(page.contains("action=\"../../search/\""), "{page}");
    assert!(page.contains("name=\"q\""));
    let page = read(offline, "explainers/gaokong/index.html");
    assert!(page.contains("action=\"../../search/index.html\""));
    let home = read(out, "index.html");
    assert!(home.contains("action=\"search/\""));
}

// ---- Browser -------------------------------------------------------------

fn chrome() -> Option<String> {
    if let Ok(path) = std::env::var("PUFA_CHROME") {
        return Some(path);
    }
    let found = Command::new("chromium")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some("chromium".into());
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "Chromium is needed for the search browser tests (install chromium or set PUFA_CHROME)"
        );
    }
    eprintln!("note: Chromium not found; skipping the search browser test");
    None
}

/// The DOM of `url` once its scripts have run (virtual time lets the
/// typing timers and script loads finish).
fn dump_dom(chrome: &str, url: &str) -> String {
    let profile = temp_dir("chrome-profile");
    let out = Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=10000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("run chromium");
    let _ = std::fs::remove_dir_all(&profile);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What the search page shows.
#[derive(Debug)]
struct Shown {
    status: String,
    /// Result titles, tags removed.
    titles: Vec<String>,
    /// Result links as written.
    links: Vec<String>,
    /// Highlighted fragments.
    marks: Vec<String>,
    counts: String,
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(start) {
        rest = &rest[i + start.len()..];
        let Some(j) = rest.find(end) else { break };
        out.push(&rest[..j]);
        rest = &rest[j + end.len()..];
    }
    out
}

fn shown(dom: &str) -> Shown {
    let status = between(dom, "id=\"search-status\"", "</p>")
        .first()
        .map(|s| strip_tags(s.split_once('>').map_or("", |x| x.1)))
        .unwrap_or_default();
    let results = between(dom, "id=\"search-results\"", "</ol>")
        .first()
        .copied()
        .unwrap_or("");
    let titles = between(results, "<h2 class=\"card-title\">", "</h2>")
        .into_iter()
        .map(strip_tags)
        .collect();
    let links = between(results, "<a href=\"", "\"")
        .into_iter()
        .map(|s| s.replace("&amp;", "&"))
        .collect();
    let marks = between(results, "<mark>", "</mark>")
        .into_iter()
        .map(String::from)
        .collect();
    let counts = between(dom, "<fieldset class=\"search-kinds\">", "</fieldset>")
        .first()
        .map(|s| strip_tags(s))
        .unwrap_or_default();
    Shown {
        status,
        titles,
        links,
        marks,
        counts,
    }
}

/// A page that types `text` into the search box one character at a time.
fn typing_page(out: &Path, text: &str) -> String {
    let page = read(out, "search/index.html");
    let script = format!(
        "<script>(function(){{var box=document.getElementById('search-q');var text={};var i=0;\
         function step(){{i++;box.value=Array.from(text).slice(0,i).join('');box.dispatchEvent(new Event('input'));\
         if(i<Array.from(text).length)setTimeout(step,60);}}setTimeout(step,200);}})();</script></body>",
        serde_json::json!(text)
    );
    let name = "typing-test.html";
    std::fs::write(
        out.join("search").join(name),
        page.replace("</body>", &script),
    )
    .unwrap();
    name.to_string()
}

/// Serves `dir` at http://127.0.0.1:PORT/sub/path/ until the test ends.
fn serve(dir: &Path) -> String {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("bind a port");
    let port = server.server_addr().to_ip().unwrap().port();
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let url = request
                .url()
                .split(['?', '#'])
                .next()
                .unwrap_or("")
                .to_string();
            let Some(rel) = url.strip_prefix("/sub/path/") else {
                let _ = request.respond(tiny_http::Response::empty(404));
                continue;
            };
            let rel = percent_decode(rel);
            let mut path = dir.join(&rel);
            if rel.is_empty() || rel.ends_with('/') {
                path = path.join("index.html");
            }
            match std::fs::File::open(&path) {
                Ok(mut f) => {
                    let mut bytes = Vec::new();
                    f.read_to_end(&mut bytes).unwrap();
                    let kind = if rel.ends_with(".js") {
                        "text/javascript; charset=utf-8"
                    } else if rel.ends_with(".css") {
                        "text/css; charset=utf-8"
                    } else {
                        "text/html; charset=utf-8"
                    };
                    let header =
                        tiny_http::Header::from_bytes(&b"Content-Type"[..], kind.as_bytes())
                            .unwrap();
                    let _ =
                        request.respond(tiny_http::Response::from_data(bytes).with_header(header));
                }
                Err(_) => {
                    let _ = request.respond(tiny_http::Response::empty(404));
                }
            }
        }
    });
    format!("http://127.0.0.1:{port}/sub/path/")
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        if bytes[i] == b'%'
            && let Some(v) = hex
        {
            out.push(v);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn query(q: &str) -> String {
    let mut out = String::new();
    for b in q.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => out.push(*b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The same checks on any way of reaching the site.
fn check_site(chrome: &str, base: &str, search_page: &str, out: &Path, offline: bool) {
    let open = |q: &str, extra: &str| {
        let dom = dump_dom(
            chrome,
            &format!("{base}{search_page}?q={}{extra}", query(q)),
        );
        shown(&dom)
    };
    let suffix = if offline { "index.html" } else { "" };

    // 高空抛物: the title match first, the case (phrase in body) next, the
    // bulletin featuring it after; the scattered bigrams last or not at all.
    let s = open("高空抛物", "");
    assert!(s.status.contains("找到"), "{s:?}");
    assert_eq!(
        s.titles.first().map(String::as_str),
        Some("高空抛物，害人害己"),
        "{s:?}"
    );
    assert_eq!(
        s.titles.get(1).map(String::as_str),
        Some("楼上掉下花盆，谁来赔偿"),
        "{s:?}"
    );
    if let Some(p) = s.titles.iter().position(|t| t == "物业服务须知") {
        assert_eq!(p, s.titles.len() - 1, "scattered bigrams rank last: {s:?}");
    }
    assert!(s.marks.iter().any(|m| m == "高空抛物"), "{s:?}");
    assert_eq!(s.links[0], format!("../explainers/gaokong/{suffix}"));
    assert!(s.counts.contains("以案说法（1）"), "{s:?}");

    // The kind filter, from the link.
    let s = open("高空抛物", "&kind=cases");
    assert_eq!(s.titles, ["楼上掉下花盆，谁来赔偿"], "{s:?}");

    // One character.
    let s = open("诈", "");
    assert_eq!(s.titles, ["警惕养老诈骗"], "{s:?}");

    // ASCII, any case, and the word being typed.
    let s = open("app", "");
    assert_eq!(s.titles, ["用手机查法律"], "{s:?}");
    assert!(s.marks.iter().any(|m| m == "APP"), "{s:?}");
    let s = open("wif", "");
    assert_eq!(s.titles, ["用手机查法律"], "{s:?}");

    // Numbers.
    let s = open("12348", "");
    assert_eq!(s.titles, ["警惕养老诈骗"], "{s:?}");
    let s = open("第1254条", "");
    assert_eq!(s.titles, ["高空抛物，害人害己"], "{s:?}");

    // Books by author and ISBN (with or without hyphens); contacts by name
    // and role, never by an unpublished phone.
    assert_eq!(open("王立明", "").titles, ["民法典百问百答"]);
    assert_eq!(open("9787519751234", "").titles, ["民法典百问百答"]);
    assert_eq!(open("978-7-5197-5123-4", "").titles, ["民法典百问百答"]);
    let s = open("法律顾问", "");
    assert_eq!(s.titles, ["陈律师"], "{s:?}");
    assert_eq!(s.links[0], format!("../contacts/{suffix}#chen-lvshi"));
    assert!(open("李阿姨", "").titles.contains(&"李阿姨".to_string()));
    let s = open("13812345678", "");
    assert!(
        s.titles.is_empty() && s.status.contains("没有找到"),
        "{s:?}"
    );

    // Nothing matches: a clear message.
    let s = open("火星移民", "");
    assert!(s.titles.is_empty());
    assert!(s.status.contains("没有找到与“火星移民”相关的内容"), "{s:?}");
    assert!(s.status.contains("12348"));

    // Typing, one character at a time.
    let page = typing_page(out, "高空抛物");
    let dom = dump_dom(chrome, &format!("{base}search/{page}"));
    let s = shown(&dom);
    assert_eq!(
        s.titles.first().map(String::as_str),
        Some("高空抛物，害人害己"),
        "{s:?}"
    );
}

#[test]
fn search_page_in_chromium_over_http_under_a_sub_path() {
    let Some(chrome) = chrome() else { return };
    let (out, _) = built();
    let base = serve(out);
    check_site(&chrome, &base, "search/", out, false);
}

#[test]
fn search_page_in_chromium_from_disk_after_offline_build() {
    let Some(chrome) = chrome() else { return };
    let (_, offline) = built();
    let base = format!("file://{}/", offline.display());
    check_site(&chrome, &base, "search/index.html", offline, true);
}

#[test]
fn header_box_leads_to_results() {
    let Some(chrome) = chrome() else { return };
    let (_, offline) = built();
    // What submitting the header form from an article does.
    let page = offline.join("explainers/gaokong/index.html");
    let action = read(offline, "explainers/gaokong/index.html");
    assert!(action.contains("action=\"../../search/index.html\""));
    let target = page
        .parent()
        .unwrap()
        .join("../../search/index.html")
        .canonicalize()
        .unwrap();
    let dom = dump_dom(
        &chrome,
        &format!("file://{}?q={}", target.display(), query("养老诈骗")),
    );
    assert_eq!(shown(&dom).titles, ["警惕养老诈骗"]);
}
