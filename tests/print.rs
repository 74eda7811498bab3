//! Board sheets and contact cards end to end, without a browser: what
//! `pufa build` writes under print/ (sheets, QR code files, cards, index),
//! who and what a sheet shows, and the build failing with a useful message
//! on a sheet that cannot fit. `tests/print_browser.rs` prints them in
//! Chromium.

mod print_fixture;
mod support;

use print_fixture::*;
use support::*;

#[test]
fn sheets_cards_and_index_are_built_and_linked() {
    let root = fixture("print-files");
    let out = build_ok(&root, &[]);
    for f in [
        "print/index.html",
        "print/2023-05/index.html",
        "print/2023-05/qh-01.html",
        "print/2023-05/rg-01.html",
        "print/2023-03/index.html",
        "print/2023-04/rg-01.html",
        "print/contact-cards/index.html",
        "print/qr/explainers-gaokong.svg",
        "print.css",
        "print-check.js",
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
        "<img class=\"qr\" src=\"../../print/qr/explainers-gaokong.svg\"",
        "<script src=\"../../print-check.js\"></script>",
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
    // The QR codes and the check script are shared files, not in every sheet.
    assert!(!may.contains("<svg") && !may.contains("getBoundingClientRect"));
    assert!(read(&out, "print/qr/explainers-gaokong.svg").starts_with("<svg"));
    assert!(read(&out, "print/2023-03/index.html").contains("@page{size:210mm 297mm;margin:0}"));
    assert!(read(&out, "print/2023-04/index.html").contains("@page{size:600mm 800mm;margin:0}"));

    // Building sheets: name, volunteer, board place; only the items meant for them.
    let qh = read(&out, "print/2023-05/qh-01.html");
    let rg = read(&out, "print/2023-05/rg-01.html");
    assert!(qh.contains("普法宣传员：王桂芳") && qh.contains("1幢东侧花园入口"));
    assert!(qh.contains("桥华新村停车位"));
    assert!(
        !rg.contains("桥华新村停车位"),
        "qh-01-only item on another building's sheet"
    );
    let rg_contacts = contact_box(&rg);
    assert!(rg_contacts.contains("刘静"), "{rg_contacts}");
    assert!(
        !rg_contacts.contains("陈明远") && !rg_contacts.contains("王桂芳"),
        "桥华社区's contacts on a 瑞光 board: {rg_contacts}"
    );
    assert!(contact_box(&qh).contains("陈明远"));
    // Building boards: the building line at heading size, the courtyard board's name.
    assert!(qh.contains("<p class=\"building-line\">桥华新村1幢"));
    assert!(qh.contains("桥华社区 · 第一居民小组 · 法治宣传花苑"));
    // Lectures meant for some buildings only show on their boards.
    assert!(qh.contains("楼院议事会") && !rg.contains("楼院议事会"));
    // Phones never break inside the number.
    assert!(may.contains("<span class=\"phone\">电话 025-5000-0101</span>"));

    // Links: bulletin page → sheet, building page → its sheet, index → all.
    assert!(read(&out, "bulletins/2023-05/index.html").contains("href=\"../../print/2023-05/\""));
    let building = read(&out, "buildings/qh-01/index.html");
    assert!(
        building.contains("href=\"../../print/2023-05/qh-01.html\""),
        "building page links its sheet"
    );
    assert!(
        building.contains("href=\"../../print/2023-03/qh-01.html\">2023年3月</a>"),
        "and the sheets of past months"
    );
    let index = read(&out, "print/index.html");
    for link in [
        "2023-05/",
        "2023-05/qh-01.html",
        "2023-04/rg-01.html",
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
    assert!(cards.contains("法律服务联系卡 · 桥华社区"));
    // Three cards fill two rows: cut marks for 3 vertical edges twice and 3 horizontal ones twice.
    assert_eq!(
        cards.matches("class=\"mark ").count(),
        12,
        "no marks for empty rows"
    );
    for (path, bytes) in read_tree(&out.join("print")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("13900001111"),
            "unpublished phone in print/{path}"
        );
    }
}

#[test]
fn a_building_with_its_own_slug_has_its_sheets_under_that_slug() {
    let root = fixture("print-slug");
    let rg = root.join("content/buildings/rg-01.md");
    let text = std::fs::read_to_string(&rg).unwrap();
    std::fs::write(&rg, text.replace("name:", "slug: ruiguang-1\nname:")).unwrap();
    let out = build_ok(&root, &[]);
    assert!(out.join("print/2023-05/ruiguang-1.html").is_file());
    assert!(!out.join("print/2023-05/rg-01.html").exists());
    let building = read(&out, "buildings/ruiguang-1/index.html");
    for month in ["2023-05", "2023-04"] {
        assert!(
            building.contains(&format!("href=\"../../print/{month}/ruiguang-1.html\"")),
            "the building page lacks its {month} sheet"
        );
    }
    assert!(read(&out, "print/index.html").contains("href=\"../print/2023-05/ruiguang-1.html\""));
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
    assert!(
        err.contains("2023-06.md:10:1: error"),
        "the paper line: {err}"
    );
    assert!(err.contains("`paper: A3`"), "the next larger paper: {err}");
    assert!(
        err.contains("(and the 2 sheets of 桥华新村1幢, 瑞光苑1幢)"),
        "the other sheets by name: {err}"
    );
    assert_eq!(
        err.matches(": error:").count(),
        1,
        "one error per issue: {err}"
    );
}

#[test]
fn a_title_too_long_for_the_paper_is_blamed_on_the_masthead() {
    let root = fixture("print-long-title");
    let title = "关于进一步加强社区居民法治宣传教育工作、切实提高全体居民法律素养和依法维权能力的专题宣传栏第一期特别版本".repeat(3);
    let text = bulletin(
        "2023-06",
        6,
        "paper: A5\n",
        &["explainers/gaokong", "explainers/loushui"],
    )
    .replace("title: 2023-06月法治宣传栏", &format!("title: {title}"));
    std::fs::write(root.join("content/bulletins/2023-06.md"), text).unwrap();
    let err = build_err(&root);
    assert!(err.contains("shorten the bulletin's title"), "{err}");
    assert!(err.contains("the masthead"), "{err}");
    assert!(err.contains("`paper: A4`"), "A5 → A4: {err}");
    assert!(!err.contains("the tallest item"), "{err}");
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
        err.contains("content/bulletins/2023-06.md:10:1: error: unknown paper `B5`"),
        "{err}"
    );
}

#[test]
fn a_bad_paper_in_site_toml_is_reported_once_on_its_line() {
    let root = fixture("print-bad-site-paper");
    let config = read(&root, "site.toml").replace("paper = \"A3\"", "paper = \"B4\"");
    std::fs::write(root.join("site.toml"), config).unwrap();
    let err = build_err(&root);
    assert!(
        err.contains("site.toml:4:1: error: unknown paper `B4`"),
        "{err}"
    );
    assert_eq!(err.matches("unknown paper").count(), 1, "{err}");
}

#[test]
fn shortened_sheets_say_so_and_pufa_print_lists_them() {
    let root = fixture("print-shortened");
    let out = root.join("public");
    let result = pufa(&[
        "print",
        "2023-03",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(result.status.success(), "{}", stderr(&result));
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(stdout.contains("print/2023-03/index.html"), "{stdout}");
    assert!(stdout.contains("为排进一张纸已缩短"), "{stdout}");
    let a4 = read(&out, "print/2023-03/index.html");
    assert!(
        a4.contains("本张已缩短"),
        "the screen bar says what was cut"
    );
    assert!(
        !a4.contains("pufa print"),
        "no command line for public visitors"
    );

    // `pufa build` and `pufa check` say so too, naming the bulletin.
    let built = root.join("built");
    let result = pufa(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        built.to_str().unwrap(),
    ]);
    assert!(result.status.success(), "{}", stderr(&result));
    let said = stderr(&result);
    assert!(
        said.contains("the print sheets of 2023-03 were shortened to fit")
            && said.contains("content/bulletins/"),
        "{said}"
    );
    let result = pufa(&["check", "--root", root.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&result.stdout);
    assert!(said.contains("were shortened to fit"), "{said}");
}

#[test]
fn pufa_print_checks_the_month_before_building() {
    let root = fixture("print-no-month");
    let out = root.join("public");
    let result = pufa(&[
        "print",
        "2023-09",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(1));
    let err = stderr(&result);
    assert!(err.contains("no bulletin is for 2023-09"), "{err}");
    assert!(err.contains("2023-03, 2023-04, 2023-05"), "{err}");
    assert!(
        !out.exists(),
        "nothing built for a month without a bulletin"
    );
}

#[test]
fn qr_codes_decode_to_the_item_pages() {
    let root = fixture("print-qr");
    let out = build_ok(&root, &[]);
    for (file, url) in [
        (
            "print/qr/explainers-gaokong.svg",
            "https://fazhi.example.org/explainers/gaokong/",
        ),
        (
            "print/qr/cases-zaoyin-an.svg",
            "https://fazhi.example.org/cases/zaoyin-an/",
        ),
    ] {
        let svg = read(&out, file);
        let drawn = modules(&svg);
        let code = qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M)
            .unwrap();
        let expected: Vec<bool> = code
            .to_colors()
            .iter()
            .map(|c| *c == qrcode::Color::Dark)
            .collect();
        assert_eq!(drawn.len(), expected.len(), "{file}: size");
        assert_eq!(drawn, expected, "{file} does not encode {url}");
    }
}

/// The dark modules of a pufa QR code SVG (runs `Mx yhNv1h-Nz`, 4 of quiet zone).
fn modules(svg: &str) -> Vec<bool> {
    let side: usize = svg
        .split("viewBox=\"0 0 ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let width = side - 8;
    let mut dark = vec![false; width * width];
    let path = svg
        .split(" d=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    for run in path.split('z').filter(|r| !r.is_empty()) {
        let run = run.trim_start_matches('M');
        let (xy, rest) = run.split_once('h').unwrap();
        let (x, y) = xy.split_once(' ').unwrap();
        let n: usize = rest.split('v').next().unwrap().parse().unwrap();
        let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
        for k in 0..n {
            dark[(y - 4) * width + x - 4 + k] = true;
        }
    }
    dark
}

/// The contact box of a sheet's HTML.
fn contact_box(html: &str) -> String {
    html.split("class=\"box contacts-box\"")
        .nth(1)
        .and_then(|r| r.split("</section>").next())
        .unwrap_or("")
        .to_string()
}

#[test]
fn example_boards_show_each_communitys_lawyer_and_the_full_editors_note() {
    let out = example_output();
    let months: Vec<String> = std::fs::read_dir(out.join("print"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("2023-"))
        .collect();
    assert_eq!(months.len(), 12);
    for month in &months {
        for b in ["rg-01", "rg-02", "rg-03", "rg-04"] {
            let sheet = read(&out, &format!("print/{month}/{b}.html"));
            assert!(
                contact_box(&sheet).contains("周慧玲"),
                "{month}/{b}: 瑞光社区's lawyer"
            );
        }
        let qh = read(&out, &format!("print/{month}/qh-01.html"));
        assert!(
            contact_box(&qh).contains("陈明远"),
            "{month}/qh-01: 桥华社区's lawyer"
        );
        let group = read(&out, &format!("print/{month}/index.html"));
        let contacts = contact_box(&group);
        assert!(
            contacts.contains("陈明远") && contacts.contains("周慧玲"),
            "{month}: {contacts}"
        );
        let lead = group
            .split("<p class=\"lead\" data-block=\"lead\">")
            .nth(1)
            .and_then(|r| r.split("</p>").next())
            .unwrap_or_else(|| panic!("{month}: no editor's note"));
        assert!(
            lead.starts_with("<strong>编者按</strong>"),
            "{month}: {lead}"
        );
        assert!(
            !lead.contains("<strong>问") && !lead.ends_with('…'),
            "{month}: {lead}"
        );
    }
    let may = read(&out, "print/2023-05/index.html");
    assert!(may.contains("请大家对照看一看。"), "May's note in full");
}
