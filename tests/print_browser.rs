//! Board sheets and contact cards in a real browser: with a local Chromium
//! and poppler-utils every sheet is printed to a PDF of exactly one page of
//! its configured size, with nothing overflowing (the sheets' own check,
//! read with `--dump-dom`), on A3, A4, A3 landscape and a custom size.
//! PNG pictures go to `target/print-shots/` for a person to look at, and
//! zbarimg reads the QR codes off the printed sheet.
//!
//! Without the tools these tests say loudly that they were skipped, unless
//! `CI` is set: then a missing tool fails them.

mod print_fixture;
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use print_fixture::*;
use support::*;

// ---- In a real browser -------------------------------------------------

/// The browser, or `None` when a tool is missing outside CI (with a
/// loud note naming exactly what is missing).
fn tools(test: &str) -> Option<PathBuf> {
    let mut missing = Vec::new();
    let chrome = match pufa::print::chrome::find(None) {
        Ok(c) => Some(c),
        Err(d) => {
            missing.push(format!("the browser ({}: {})", d.path.display(), d.message));
            None
        }
    };
    for tool in ["pdfinfo", "pdftoppm"] {
        if Command::new(tool).arg("-v").output().is_err() {
            missing.push(format!("{tool} (poppler-utils)"));
        }
    }
    if Command::new("zbarimg").arg("--version").output().is_err() {
        missing.push("zbarimg (zbar-tools), which reads the printed QR codes".into());
    }
    if missing.is_empty() {
        return chrome;
    }
    let what = missing.join(" and ");
    if std::env::var_os("CI").is_some() {
        panic!("CI is set but {what} missing: install them (see .ci/run)");
    }
    eprintln!("\n*** SKIPPED {test}: {what} missing ***\n");
    None
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
        assert!(
            tag.contains("data-fit=\"ok\""),
            "{}: {}",
            html.display(),
            overflow_of(tag)
        );
    }
}

/// What the in-page check found outside its box, for a failure message.
fn overflow_of(dom: &str) -> String {
    ["data-overflow", "data-estimate-blocks", "data-drawn-blocks"]
        .iter()
        .filter_map(|a| {
            dom.split(&format!("{a}=\""))
                .nth(1)
                .and_then(|r| r.split('"').next())
                .map(|v| format!("{a}={v}"))
        })
        .collect::<Vec<_>>()
        .join(" ")
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
    let Some(chrome) = tools("every_sheet_prints_as_one_page_of_its_size_in_chromium") else {
        return;
    };
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
        // The group sheet is the month's index.html; each building's, a file beside it.
        for sheet in [None, Some("qh-01"), Some("rg-01")] {
            let dir = out.join(format!("print/{month}"));
            let (html, name) = match sheet {
                None => (dir.join("index.html"), month.to_string()),
                Some(b) => (dir.join(format!("{b}.html")), format!("{month}-{b}")),
            };
            let pdf = dir.join(format!("{name}.pdf"));
            assert!(
                listed.contains(&pdf.display().to_string()),
                "not listed: {}",
                pdf.display()
            );
            check_sheet(&chrome, &html, &pdf, w, h, 1);
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
            "<div class=\"featured\" data-block=\"items\">",
            "<div class=\"featured\" data-block=\"items\"><p style=\"height:300mm\">过长</p>",
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

    // The QR codes on the printed sheet scan, each to its item's page.
    let sheet = read(&out, "print/2023-05/index.html");
    let expected: Vec<String> = sheet
        .split("src=\"../../print/qr/")
        .skip(1)
        .map(|rest| {
            let file = &rest[..rest.find(".svg").unwrap()];
            let (kind, slug) = file.split_once('-').unwrap();
            format!("https://fazhi.example.org/{kind}/{slug}/")
        })
        .collect();
    assert!(!expected.is_empty(), "the sheet shows QR codes");
    let scan = shots_dir().join("fixture-2023-05-a3-scan");
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "150", "-singlefile"])
        .arg(out.join("print/2023-05/2023-05.pdf"))
        .arg(&scan)
        .status()
        .unwrap();
    assert!(status.success());
    let decoded = Command::new("zbarimg")
        .args(["-q", "--raw", "-Sdisable", "-Sqrcode.enable"])
        .arg(scan.with_extension("png"))
        .output()
        .expect("zbarimg");
    let mut found: Vec<String> = String::from_utf8_lossy(&decoded.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    found.sort();
    let mut expected = expected;
    expected.sort();
    assert_eq!(found, expected, "what a phone reads from the printed sheet");
    for url in &found {
        let page = url.trim_start_matches("https://fazhi.example.org/");
        assert!(out.join(page).join("index.html").is_file(), "{url}");
    }
}

/// The example site's newest issue on A3, A4, A3 landscape and 600×800 mm
/// (every sheet as a PDF), and on A3 every month's group-board sheet.
#[test]
fn example_site_sheets_fit_a3_a4_a3_landscape_and_a_custom_size() {
    let Some(chrome) = tools("example_site_sheets_fit_a3_a4_a3_landscape_and_a_custom_size") else {
        return;
    };
    let example = repo_root();
    if !example.join("content/bulletins").is_dir() {
        eprintln!("note: the example site has no bulletins yet; skipping");
        return;
    }
    for (paper, orientation, w, h) in [
        ("A3", "portrait", 297.0, 420.0),
        ("A4", "portrait", 210.0, 297.0),
        ("A3", "landscape", 420.0, 297.0),
        ("600x800mm", "portrait", 600.0, 800.0),
    ] {
        let root = temp_dir(&format!("print-example-{paper}-{orientation}"));
        copy_dir(&example.join("content"), &root.join("content"));
        for dir in ["static", "templates"] {
            if example.join(dir).is_dir() {
                copy_dir(&example.join(dir), &root.join(dir));
            }
        }
        let config = std::fs::read_to_string(example.join("site.toml")).unwrap();
        let config = config
            .replace("paper = \"A3\"", &format!("paper = \"{paper}\""))
            .replace(
                "orientation = \"portrait\"",
                &format!("orientation = \"{orientation}\""),
            );
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
        if paper == "A3" && orientation == "portrait" {
            // Every month's group-board sheet passes the in-page check too.
            for month in &months {
                let html = out.join(format!("print/{month}/index.html"));
                let dom = pufa::print::chrome::dump_dom(&chrome, &html).unwrap();
                assert!(
                    dom.contains("data-fit=\"ok\""),
                    "{month}: {}",
                    overflow_of(&dom)
                );
                // The type was grown to fill the sheet, never shrunk below the base.
                assert!(attr(&dom, "data-body-mm") >= 5.0 - 0.01, "{month}");
            }
        }
        let shot = shots_dir().join(format!("example-{newest}-{paper}-{orientation}"));
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
