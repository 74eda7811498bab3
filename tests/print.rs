//! Board sheets and contact cards end to end: what `pufa build` writes
//! under print/, the build failing on a sheet that cannot fit, and (with a
//! local Chromium and poppler-utils) every sheet printed to a PDF of exactly
//! one page of its configured size with nothing overflowing.
//!
//! Without a browser these last tests skip with a note, unless `CI` is set:
//! then a missing browser fails them.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::*;

/// Long enough that four of them do not fit an A4 sheet unshortened.
const LONG: &str = "高空抛物严重危害公共安全，侵害人民群众合法权益。民法典第一千二百五十四条规定，禁止从建筑物中抛掷物品。从建筑物中抛掷物品或者从建筑物上坠落的物品造成他人损害的，由侵权人依法承担侵权责任；经调查难以确定具体侵权人的，除能够证明自己不是侵权人的外，由可能加害的建筑物使用人给予补偿。物业服务企业等建筑物管理人应当采取必要的安全保障措施防止前款规定情形的发生。";

fn explainer(title: &str, date: &str, summary: &str, extra: &str) -> String {
    format!(
        "---\ntitle: {title}\ndate: {date}\nsummary: {summary}\nkey_points:\n  - 禁止从建筑物中抛掷物品\n  - 难以确定侵权人的，由可能加害的使用人补偿\n  - 物业应当采取必要的安全保障措施\n{extra}---\n正文。\n"
    )
}

fn bulletin(month: &str, issue: u32, paper: &str, featured: &[&str]) -> String {
    format!(
        "---\ntitle: {month}月法治宣传栏\nmonth: \"{month}\"\nissue: {issue}\ntotal_issue: {}\ntheme: 美好生活·民法典相伴\nkeeper: 王桂芳\nauthor: 社区普法小组\nreviewers: [陈明远]\n{paper}featured: [{}]\n---\n本期宣传栏围绕民法典，讲高空抛物、漏水纠纷和养老诈骗，请居民朋友们驻足阅读。\n",
        issue + 20,
        featured.join(", ")
    )
}

/// A small two-community site with bulletins on A3 (site default), A4 and 600x800mm.
fn fixture(name: &str) -> PathBuf {
    let long_summary = LONG.repeat(2);
    let files: Vec<(String, String)> = vec![
        ("site.toml".into(), "title = \"桥华社区法治宣传\"\nbase_url = \"https://fazhi.example.org/\"\n[print]\npaper = \"A3\"\norientation = \"portrait\"\n".into()),
        ("content/buildings/qh-01.md".into(), "---\nname: 桥华新村1幢\ncommunity: 桥华社区\ngroup: 第一居民小组\nofficer: 王桂芳\nboard: 1幢东侧花园入口\n---\n".into()),
        ("content/buildings/rg-01.md".into(), "---\nname: 瑞光苑1幢\ncommunity: 瑞光社区\nofficer: 赵淑兰\nboard: 1幢北门宣传栏\n---\n".into()),
        ("content/contacts/chen-mingyuan.md".into(), "---\nname: 陈明远\nrole: 律师\norganization: 明理律师事务所\nphone: \"025-5000-0101\"\npublish_phone: true\nhours: 每周三下午 14:00-17:00\ncommunities: [桥华社区]\n---\n".into()),
        ("content/contacts/wang-guifang.md".into(), "---\nname: 王桂芳\nrole: 普法宣传员\nphone: \"13900001111\"\nhours: 每天上午在1幢楼下\ncommunities: [桥华社区]\n---\n".into()),
        ("content/contacts/liu-jing.md".into(), "---\nname: 刘静\nrole: 公证员\norganization: 瑞光公证处\nphone: \"025-5000-0202\"\npublish_phone: true\ncommunities: [瑞光社区]\n---\n".into()),
        ("content/explainers/gaokong.md".into(), explainer("高空抛物，害人害己", "2023-03-02", "禁止从建筑物中抛掷物品，造成损害的依法承担责任。", "")),
        ("content/explainers/loushui.md".into(), explainer("楼上漏水淹了我家，谁来赔？", "2023-03-05", &long_summary, "")),
        ("content/explainers/yanglao.md".into(), explainer("警惕养老诈骗：高息理财、保健品“免费体验”都是套路", "2023-03-08", LONG, "")),
        ("content/explainers/qh-only.md".into(), explainer("桥华新村停车位，业主说了算", "2023-03-09", "小区停车位首先满足业主需要。", "buildings: [qh-01]\n")),
        ("content/cases/gaokong-an.md".into(), format!("---\ntitle: 张某高空抛物致邻居受伤案\ndate: 2023-03-10\nsummary: {LONG}\n---\n正文。\n")),
        ("content/cases/zaoyin-an.md".into(), "---\ntitle: 李某深夜噪音扰民被判赔偿案\ndate: 2023-03-12\n---\n楼上住户李某长期深夜制造噪音，法院判决其停止侵害并赔偿。\n".into()),
        ("content/lectures/minfadian.md".into(), "---\ntitle: 民法典与老年人权益\ndate: 2023-05-20\ntime: \"14:00\"\nplace: 桥华社区党群服务中心二楼\nspeaker: chen-mingyuan\n---\n讲座。\n".into()),
        ("content/lectures/fanzha.md".into(), "---\ntitle: 反电信网络诈骗\ndate: 2023-06-10\ntime: \"9:30\"\nplace: 瑞光社区活动室\n---\n讲座。\n".into()),
        ("content/lectures/later.md".into(), "---\ntitle: 很久以后的讲座\ndate: 2023-09-10\n---\n讲座。\n".into()),
        ("content/bulletins/2023-03.md".into(), bulletin("2023-03", 3, "paper: A4\n", &["explainers/gaokong", "explainers/loushui", "explainers/yanglao", "cases/gaokong-an", "explainers/qh-only"])),
        ("content/bulletins/2023-04.md".into(), bulletin("2023-04", 4, "paper: 600x800mm\n", &["explainers/yanglao", "cases/zaoyin-an", "explainers/qh-only"])),
        ("content/bulletins/2023-05.md".into(), bulletin("2023-05", 5, "", &["explainers/gaokong", "explainers/loushui", "cases/gaokong-an", "cases/zaoyin-an", "explainers/qh-only"])),
    ];
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    make_site(name, &refs)
}

#[test]
fn sheets_cards_and_index_are_built_and_linked() {
    let root = fixture("print-files");
    let out = build_ok(&root, &[]);
    for f in [
        "print/index.html",
        "print/2023-05/index.html",
        "print/2023-05/qh-01/index.html",
        "print/2023-05/rg-01/index.html",
        "print/2023-03/index.html",
        "print/2023-04/rg-01/index.html",
        "print/contact-cards/index.html",
        "print.css",
    ] {
        assert!(out.join(f).is_file(), "missing {f}");
    }
    let may = read(&out, "print/2023-05/index.html");
    assert!(
        may.contains("@page{size:297mm 420mm;margin:0}"),
        "A3 from site.toml"
    );
    for text in [
        "2023年第5期",
        "总第25期",
        "本期主题：美好生活·民法典相伴",
        "扫码阅读全文",
        "<svg class=\"qr\"",
        "负责人：王桂芳",
        "撰稿：社区普法小组",
        "审稿：陈明远",
        "张贴日期：2023年5月1日",
        "民法典与老年人权益",
        "反电信网络诈骗",
        "12348",
    ] {
        assert!(may.contains(text), "A3 sheet lacks {text}");
    }
    assert!(
        !may.contains("很久以后的讲座"),
        "only this and next month's lectures"
    );
    assert!(read(&out, "print/2023-03/index.html").contains("@page{size:210mm 297mm;margin:0}"));
    assert!(read(&out, "print/2023-04/index.html").contains("@page{size:600mm 800mm;margin:0}"));

    // Building sheets: name, volunteer, board place; only the items meant for them.
    let qh = read(&out, "print/2023-05/qh-01/index.html");
    let rg = read(&out, "print/2023-05/rg-01/index.html");
    assert!(qh.contains("普法宣传员：王桂芳") && qh.contains("1幢东侧花园入口"));
    assert!(qh.contains("桥华新村停车位"));
    assert!(
        !rg.contains("桥华新村停车位"),
        "qh-01-only item on another building's sheet"
    );
    assert!(rg.contains("刘静") && !rg.contains("陈明远 </strong>"));

    // Links: bulletin page → sheet, building page → its sheet, index → all.
    assert!(read(&out, "bulletins/2023-05/index.html").contains("href=\"../../print/2023-05/\""));
    let building = read(&out, "buildings/qh-01/index.html");
    assert!(
        building.contains("href=\"../../print/2023-05/qh-01/\""),
        "building page links its sheet"
    );
    let index = read(&out, "print/index.html");
    for link in [
        "2023-05/",
        "2023-05/qh-01/",
        "2023-04/rg-01/",
        "contact-cards/",
    ] {
        assert!(
            index.contains(&format!("href=\"../print/{link}\"")),
            "index lacks {link}"
        );
    }

    // Privacy: an unpublished phone appears nowhere in print.
    let cards = read(&out, "print/contact-cards/index.html");
    assert!(cards.contains("025-5000-0101") && cards.contains("12348"));
    for (path, bytes) in read_tree(&out.join("print")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("13900001111"),
            "unpublished phone in print/{path}"
        );
    }
}

#[test]
fn too_long_content_fails_the_build_naming_the_sheet() {
    let root = fixture("print-too-long");
    let many: Vec<String> = (0..16)
        .map(|i| {
            let path = format!("content/explainers/long-{i}.md");
            let title = format!("第{i}篇：{}", "很长很长的标题".repeat(6));
            std::fs::write(root.join(&path), explainer(&title, "2023-06-02", LONG, "")).unwrap();
            format!("explainers/long-{i}")
        })
        .collect();
    let refs: Vec<&str> = many.iter().map(String::as_str).collect();
    std::fs::write(
        root.join("content/bulletins/2023-06.md"),
        bulletin("2023-06", 6, "paper: A4\n", &refs),
    )
    .unwrap();
    let err = build_err(&root);
    assert!(err.contains("content/bulletins/2023-06.md"), "{err}");
    assert!(
        err.contains("print sheet /print/2023-06/ does not fit on A4 portrait"),
        "{err}"
    );
    assert!(err.contains("feature fewer items (now 16)"), "{err}");
    assert!(
        err.contains("explainers/long-"),
        "names the tallest item: {err}"
    );
}

#[test]
fn a_bad_paper_size_is_reported_in_the_bulletin() {
    let root = fixture("print-bad-paper");
    std::fs::write(
        root.join("content/bulletins/2023-06.md"),
        bulletin("2023-06", 6, "paper: B5\n", &["explainers/gaokong"]),
    )
    .unwrap();
    let err = build_err(&root);
    assert!(
        err.contains("content/bulletins/2023-06.md: error: unknown paper `B5`"),
        "{err}"
    );
}

// ---- In a real browser -------------------------------------------------

/// The browser and poppler tools, or `None` (a note) when absent outside CI.
fn tools() -> Option<PathBuf> {
    let chrome = pufa::print::chrome::find(None).ok();
    let poppler = ["pdfinfo", "pdftoppm"]
        .iter()
        .all(|t| Command::new(t).arg("-v").output().is_ok());
    match chrome {
        Some(c) if poppler => Some(c),
        _ => {
            let what =
                "Chromium (chromium on PATH or PUFA_CHROME) and poppler-utils (pdfinfo, pdftoppm)";
            if std::env::var_os("CI").is_some() {
                panic!("CI is set but {what} are missing: install them (see .ci/run)");
            }
            eprintln!("note: skipping browser test: {what} not found");
            None
        }
    }
}

struct PdfInfo {
    pages: u32,
    width: f64,
    height: f64,
}

fn pdfinfo(pdf: &Path) -> PdfInfo {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    let text = String::from_utf8_lossy(&out.stdout);
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .unwrap_or_else(|| panic!("pdfinfo {}: no {name}\n{text}", pdf.display()))
            .to_string()
    };
    let pages = field("Pages:").parse().unwrap();
    let size = field("Page size:");
    let mut nums = size
        .split_whitespace()
        .filter_map(|w| w.parse::<f64>().ok());
    PdfInfo {
        pages,
        width: nums.next().unwrap(),
        height: nums.next().unwrap(),
    }
}

fn points(mm: f64) -> f64 {
    mm * 72.0 / 25.4
}

/// Asserts the sheet's PDF is one page of `w`×`h` mm and its DOM reports no overflow.
fn check_sheet(chrome: &Path, html: &Path, pdf: &Path, w: f64, h: f64, pages: u32) {
    let info = pdfinfo(pdf);
    assert_eq!(info.pages, pages, "{}: page count", pdf.display());
    assert!(
        (info.width - points(w)).abs() <= 1.0 && (info.height - points(h)).abs() <= 1.0,
        "{}: page {}×{} pt, expected {:.1}×{:.1}",
        pdf.display(),
        info.width,
        info.height,
        points(w),
        points(h)
    );
    let dom = pufa::print::chrome::dump_dom(chrome, html).expect("dump dom");
    assert!(
        dom.contains("data-fit-checked=\"1\""),
        "{}: the check did not run",
        html.display()
    );
    // Every sheet or card page element carries the verdict of the check.
    let tags: Vec<&str> = dom
        .split('<')
        .filter(|t| {
            t.starts_with("article class=\"sheet\"") || t.starts_with("div class=\"card-page\"")
        })
        .map(|t| t.split('>').next().unwrap_or(""))
        .collect();
    assert!(!tags.is_empty(), "{}: no sheet", html.display());
    for tag in tags {
        assert!(tag.contains("data-fit=\"ok\""), "{}: {tag}", html.display());
    }
}

fn attr(dom: &str, name: &str) -> f64 {
    dom.split(&format!("{name}=\""))
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {name}"))
}

fn shots_dir() -> PathBuf {
    let dir = repo_root().join("target").join("print-shots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn every_sheet_prints_as_one_page_of_its_size_in_chromium() {
    let Some(chrome) = tools() else { return };
    let root = fixture("print-browser");
    let out = root.join("public");
    let result = pufa(&[
        "print",
        "--pdf",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--chrome",
        chrome.to_str().unwrap(),
    ]);
    assert!(
        result.status.success(),
        "pufa print --pdf failed:\n{}",
        stderr(&result)
    );
    let listed = String::from_utf8_lossy(&result.stdout);
    let sizes = [
        ("2023-03", 210.0, 297.0),
        ("2023-04", 600.0, 800.0),
        ("2023-05", 297.0, 420.0),
    ];
    for (month, w, h) in sizes {
        for sheet in ["", "qh-01/", "rg-01/"] {
            let dir = out.join(format!("print/{month}/{sheet}"));
            let name = format!(
                "{month}{}",
                sheet
                    .trim_end_matches('/')
                    .split('/')
                    .filter(|s| !s.is_empty())
                    .map(|s| format!("-{s}"))
                    .collect::<String>()
            );
            let pdf = dir.join(format!("{name}.pdf"));
            assert!(
                listed.contains(&pdf.display().to_string()),
                "not listed: {}",
                pdf.display()
            );
            check_sheet(&chrome, &dir.join("index.html"), &pdf, w, h, 1);
        }
    }
    // The A3 title is at least 20 mm high; the long A4 issue was shortened, not spilled.
    let a3 = pufa::print::chrome::dump_dom(&chrome, &out.join("print/2023-05/index.html")).unwrap();
    assert!(attr(&a3, "data-title-mm") >= 20.0 / 0.88);
    let a4 = read(&out, "print/2023-03/index.html");
    assert!(
        a4.contains("class=\"points\"") || a4.contains("…</p>"),
        "A4 sheet was shortened"
    );

    // The in-page check is not blind: a sheet made too tall is reported.
    let broken = out.join("print/2023-05/overflow-test.html");
    std::fs::write(
        &broken,
        read(&out, "print/2023-05/index.html").replace(
            "<div class=\"featured\">",
            "<div class=\"featured\"><p style=\"height:300mm\">过长</p>",
        ),
    )
    .unwrap();
    let dom = pufa::print::chrome::dump_dom(&chrome, &broken).unwrap();
    assert!(
        dom.contains("data-fit=\"overflow\""),
        "overflow not detected"
    );
    std::fs::remove_file(&broken).unwrap();

    let cards = out.join("print/contact-cards");
    check_sheet(
        &chrome,
        &cards.join("index.html"),
        &cards.join("contact-cards.pdf"),
        210.0,
        297.0,
        1,
    );

    // A picture of the A3 sheet for a person to look at.
    let shot = shots_dir().join("fixture-2023-05-a3");
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "50", "-singlefile"])
        .arg(out.join("print/2023-05/2023-05.pdf"))
        .arg(&shot)
        .status()
        .unwrap();
    assert!(status.success());
    assert!(shot.with_extension("png").is_file());
}

/// The example site's newest issue on A3, A4 and 600×800 mm.
#[test]
fn example_site_sheets_fit_a3_a4_and_a_custom_size() {
    let Some(chrome) = tools() else { return };
    let example = repo_root();
    if !example.join("content/bulletins").is_dir() {
        eprintln!("note: the example site has no bulletins yet; skipping");
        return;
    }
    for (paper, w, h) in [
        ("A3", 297.0, 420.0),
        ("A4", 210.0, 297.0),
        ("600x800mm", 600.0, 800.0),
    ] {
        let root = temp_dir(&format!("print-example-{paper}"));
        copy_dir(&example.join("content"), &root.join("content"));
        for dir in ["static", "templates"] {
            if example.join(dir).is_dir() {
                copy_dir(&example.join(dir), &root.join(dir));
            }
        }
        let config = std::fs::read_to_string(example.join("site.toml")).unwrap();
        let config = config.replace("paper = \"A3\"", &format!("paper = \"{paper}\""));
        std::fs::write(root.join("site.toml"), config).unwrap();
        // Bulletins that choose their own paper keep it; test the others.
        for entry in std::fs::read_dir(root.join("content/bulletins")).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let kept: String = text
                .lines()
                .filter(|l| !l.starts_with("paper:") && !l.starts_with("orientation:"))
                .map(|l| format!("{l}\n"))
                .collect();
            std::fs::write(&path, kept).unwrap();
        }
        let out = build_ok(&root, &[]);
        let months: Vec<String> = std::fs::read_dir(out.join("print"))
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("20"))
            .collect();
        let newest = months.iter().max().expect("a month of sheets").clone();
        let result = pufa(&[
            "print",
            &newest,
            "--pdf",
            "--no-build",
            "--root",
            root.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
            "--chrome",
            chrome.to_str().unwrap(),
        ]);
        assert!(result.status.success(), "{}", stderr(&result));
        let mut checked = 0;
        for line in String::from_utf8_lossy(&result.stdout).lines() {
            if let Some((html, pdf)) = line.split_once(" → ") {
                check_sheet(&chrome, Path::new(html), Path::new(pdf), w, h, 1);
                checked += 1;
            }
        }
        assert!(checked >= 2, "{paper}: only {checked} sheets");
        let shot = shots_dir().join(format!("example-{newest}-{paper}"));
        let status = Command::new("pdftoppm")
            .args(["-png", "-r", "40", "-singlefile"])
            .arg(out.join(format!("print/{newest}/{newest}.pdf")))
            .arg(&shot)
            .status()
            .unwrap();
        assert!(status.success());
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
