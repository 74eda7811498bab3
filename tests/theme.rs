//! The default theme on a phone, measured in a real browser: every page of
//! the example site is laid out at 390 CSS pixels wide (a common phone) in
//! headless Chromium, and every link, button and field a reader taps must be
//! at least 44×44 px (WCAG 2.5.5, the issue's rule for elderly readers);
//! links inside the running text of an article are exempt, as in WCAG; no
//! text is smaller than 17 px, and no page scrolls sideways. And an ordinary page prints as the article
//! alone on A4, without navigation, search, buttons or further reading.
//!
//! Chromium is found as `PUFA_CHROME` or `chromium` on PATH (and poppler's
//! pdfinfo and pdftotext for printing). Without them the tests skip with a
//! note, unless `CI` is set: then a missing tool fails them.

mod support;

use std::path::{Path, PathBuf};
use support::*;

/// One page of every template (item pages, lists, archives, terms, laws,
/// print index, search with results, 404).
const PAGES: &[&str] = &[
    "index.html",
    "explainers/index.html",
    "explainers/page/2/index.html",
    "explainers/gaokong-paowu/index.html",
    "cases/index.html",
    "cases/loushui-an/index.html",
    "bulletins/index.html",
    "bulletins/2023-05/index.html",
    "books/index.html",
    "books/minfadian-dazi/index.html",
    "lectures/index.html",
    "lectures/shibie-dianxin-zhapian/index.html",
    "contacts/index.html",
    "buildings/index.html",
    "buildings/qh-01/index.html",
    "archive/index.html",
    "archive/2023/index.html",
    "archive/2023/05/index.html",
    "topics/index.html",
    "topics/min-fa-dian/index.html",
    "audiences/index.html",
    "audiences/lao-nian-ren/index.html",
    "laws/index.html",
    "laws/min-fa-dian/index.html",
    "pages/about/index.html",
    "pages/bianji-zhinan/index.html",
    "print/index.html",
    "search/index.html?q=%E9%AB%98%E7%A9%BA%E6%8A%9B%E7%89%A9",
    "404.html",
];

/// Loads each page in a 390 px wide frame, one after another, and writes
/// what it found into `#report`: one line per page, then one per target
/// that is too small.
const DRIVER: &str = r#"<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<pre id="report"></pre>
<script>
var pages = PAGES_JSON, i = 0, lines = [];
var report = document.getElementById("report");
function measure(win, page) {
  var doc = win.document, small = [];
  doc.querySelectorAll("a[href], button, input, select, textarea, summary, label").forEach(function (el) {
    if (el.closest(".prose")) return;            // links in running text: exempt
    if (el.classList.contains("skip")) return;   // off screen until focused
    if (el.matches("label input")) return;       // the label around it is the target
    if (el.matches("label[for]")) return;        // its field is the target, measured itself
    var style = win.getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") return;
    var box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) return;
    var lowest = Infinity;
    Array.prototype.forEach.call(el.getClientRects(), function (r) { lowest = Math.min(lowest, r.height); });
    if (box.width < 44 || lowest < 44) {
      var text = (el.textContent || el.value || el.getAttribute("aria-label") || "").trim().replace(/\s+/g, " ").slice(0, 30);
      small.push("  small " + el.tagName.toLowerCase() + (el.className ? "." + el.className.split(" ").join(".") : "") +
        " " + Math.round(box.width) + "x" + Math.round(lowest) + " \"" + text + "\"");
    }
  });
  // Text smaller than 17 px (1.0625rem) is hard to read for elderly eyes.
  var tiny = {};
  doc.body.querySelectorAll("*").forEach(function (el) {
    if (el.closest(".visually-hidden, sup, sub, script, style")) return;
    var own = Array.prototype.some.call(el.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim(); });
    if (!own || el.getClientRects().length === 0) return;
    var size = parseFloat(win.getComputedStyle(el).fontSize);
    var name = el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined ? "." + el.className.split(" ").join(".") : "");
    if (size < 17 && !tiny[name]) { tiny[name] = 1; small.push("  tiny " + name + " " + size + "px \"" + el.textContent.trim().slice(0, 20) + "\""); }
  });
  var wide = doc.documentElement.scrollWidth > win.innerWidth ? " WIDE " + doc.documentElement.scrollWidth : "";
  lines.push("page " + page + " width " + win.innerWidth + wide);
  lines = lines.concat(small);
}
function next() {
  if (i >= pages.length) { report.textContent = lines.join("\n") + "\nDONE"; return; }
  var page = pages[i++];
  var frame = document.createElement("iframe");
  frame.style.width = "390px"; frame.style.height = "844px"; frame.style.border = "0";
  frame.onload = function () {
    // Give scripts (the 大字 switch, search results) time to run.
    setTimeout(function () {
      try { measure(frame.contentWindow, page); } catch (e) { lines.push("page " + page + " ERROR " + e); }
      frame.remove();
      next();
    }, 400);
  };
  frame.src = page;
  document.body.appendChild(frame);
}
next();
</script></body></html>"#;

fn chrome() -> Option<PathBuf> {
    match pufa::print::chrome::find(None) {
        Ok(path) => Some(path),
        Err(_) => missing("Chromium (chromium on PATH or PUFA_CHROME)"),
    }
}

fn missing<T>(what: &str) -> Option<T> {
    if std::env::var_os("CI").is_some() {
        panic!("CI is set but {what} is missing: install it (see .ci/run)");
    }
    eprintln!("note: {what} not found; skipping this browser test");
    None
}

/// The example site built into a fresh folder.
fn example_build(name: &str, extra: &[&str]) -> PathBuf {
    let out = temp_dir(name);
    let root = repo_root();
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let result = pufa(&args);
    assert!(result.status.success(), "{}", stderr(&result));
    out
}

fn dump_dom(chrome: &Path, url: &str) -> String {
    let profile = temp_dir("theme-chrome-profile");
    let out = std::process::Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--allow-file-access-from-files",
            "--hide-scrollbars",
            "--virtual-time-budget=60000",
            "--window-size=1200,900",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("run chromium");
    let _ = std::fs::remove_dir_all(&profile);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn every_tap_target_is_at_least_44_px_and_text_at_least_17_px_on_a_phone() {
    let Some(chrome) = chrome() else { return };
    let out = example_build("theme-tap", &["--offline"]);
    for page in PAGES {
        let file = page.split('?').next().unwrap();
        assert!(out.join(file).is_file(), "{file} is not in the output");
    }
    let driver = DRIVER.replace("PAGES_JSON", &serde_json::to_string(PAGES).unwrap());
    std::fs::write(out.join("tap-check.html"), driver).unwrap();
    let url = pufa::print::chrome::file_url(&out.join("tap-check.html"));
    let dom = dump_dom(&chrome, &url);
    let report = dom
        .split("<pre id=\"report\">")
        .nth(1)
        .and_then(|r| r.split("</pre>").next())
        .unwrap_or_default()
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    assert!(
        report.ends_with("DONE"),
        "the measuring script did not finish:\n{report}\n{dom}"
    );
    let measured: Vec<&str> = report.lines().filter(|l| l.starts_with("page ")).collect();
    assert_eq!(measured.len(), PAGES.len(), "{report}");
    for line in &measured {
        assert!(
            line.contains(" width 390"),
            "not laid out at phone width: {line}"
        );
        assert!(!line.contains("ERROR"), "{line}");
    }
    let problems: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with("  small") || l.starts_with("  tiny") || l.contains(" WIDE "))
        .collect();
    assert!(
        problems.is_empty(),
        "{} targets smaller than 44×44 px, texts smaller than 17 px or pages wider than the phone:\n{report}",
        problems.len()
    );
}

fn poppler(tool: &str, args: &[&str]) -> Option<String> {
    let out = std::process::Command::new(tool).args(args).output().ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn an_ordinary_page_prints_as_the_article_alone_on_a4() {
    let Some(chrome) = chrome() else { return };
    if poppler("pdftotext", &["-v"]).is_none() || poppler("pdfinfo", &["-v"]).is_none() {
        return missing("poppler-utils (pdfinfo, pdftotext)").unwrap_or(());
    }
    let out = example_build("theme-print", &[]);
    let html = out.join("cases/loushui-an/index.html");
    assert!(
        read(&out, "cases/loushui-an/index.html").contains("相关阅读"),
        "the page has further reading on screen"
    );
    let pdf = out.join("case.pdf");
    pufa::print::chrome::print_to_pdf(&chrome, &html, &pdf).expect("print to PDF");
    let pdf = pdf.to_str().unwrap();
    let info = poppler("pdfinfo", &[pdf]).unwrap();
    assert!(info.contains("(A4)"), "{info}");
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    // The example case is about 700 characters: one page, two at most.
    assert!(pages <= 2, "the case prints on {pages} A4 pages:\n{info}");
    let text = poppler("pdftotext", &[pdf, "-"]).unwrap();
    for kept in ["热水管爆裂泡了楼下", "裁判", "本文涉及法律", "审稿"] {
        assert!(
            text.contains(kept),
            "{kept} is missing from the printout:\n{text}"
        );
    }
    for dropped in [
        "相关阅读",
        "法条解读",
        "求助热线",
        "搜索",
        "法治宣传栏",
        "打印宣传栏",
        "跳到正文",
    ] {
        assert!(!text.contains(dropped), "{dropped} is printed:\n{text}");
    }
}
