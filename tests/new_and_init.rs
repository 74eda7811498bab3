//! `pufa init` and `pufa new` end to end: a new site builds as it is; a new
//! file of every kind is a draft that builds with `--drafts` and is left out
//! without it; nothing is ever overwritten, and a refused command writes
//! nothing at all.

mod support;

use std::path::Path;
use support::*;

fn init(dir: &Path) -> std::process::Output {
    pufa(&["init", dir.to_str().unwrap()])
}

fn new(root: &Path, kind: &str, title: &str) -> std::process::Output {
    pufa(&["new", kind, title, "--root", root.to_str().unwrap()])
}

/// The path `pufa new` printed.
fn printed_path(out: &std::process::Output) -> String {
    assert!(out.status.success(), "pufa new failed:\n{}", stderr(out));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn new_site(name: &str) -> std::path::PathBuf {
    let dir = temp_dir(name).join("site");
    let out = init(&dir);
    assert!(out.status.success(), "init failed:\n{}", stderr(&out));
    dir
}

#[test]
fn a_new_site_builds_as_it_is() {
    let dir = new_site("init-builds");
    let out = build_ok(&dir, &[]);
    assert!(read(&out, "index.html").contains("民法典宣传月"));
    assert!(read(&out, "explainers/gaokong-paowu/index.html").contains("高空抛物"));
}

#[test]
fn every_kind_of_new_file_is_a_draft_that_builds_with_drafts() {
    let dir = new_site("new-every-kind");
    let kinds = [
        ("explainer", "电动车进楼入户充电违法"),
        ("case", "张某诉李某漏水纠纷案"),
        ("bulletin", "安全生产月"),
        ("book", "人民调解工作手册"),
        ("lecture", "重阳节说说老年人权益"),
        ("contact", "张明"),
        ("building", "2幢"),
        ("page", "六个一"),
        ("法律常识", "银行卡不要出借"),
    ];
    let mut written = Vec::new();
    for (kind, title) in kinds {
        let path = printed_path(&new(&dir, kind, title));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("draft: true"), "{path}:\n{text}");
        assert!(!text.contains("isbn: \"\""), "{path}:\n{text}");
        assert!(!text.contains("households: 0"), "{path}:\n{text}");
        written.push(path);
    }
    assert!(
        written[0].ends_with("content/explainers/dian-dong-che-jin-lou-ru-hu-chong-dian-wei-fa.md")
    );
    assert!(
        written[4].ends_with("content/lectures/chong-yang-jie-shuo-shuo-lao-nian-ren-quan-yi.md")
    );
    assert!(written[6].ends_with("content/buildings/2-zhuang.md"));
    assert!(written[8].ends_with("content/explainers/yin-hang-ka-bu-yao-chu-jie.md"));

    // A plain build leaves every draft out.
    let out = build_ok(&dir, &[]);
    assert!(!out.join("explainers/yin-hang-ka-bu-yao-chu-jie").exists());
    assert!(!out.join("pages/liu-ge-yi").exists());
    assert!(!read(&out, "contacts/index.html").contains("张明"));

    // With --drafts everything is published, and nothing empty shows.
    let out = build_ok(&dir, &["--drafts"]);
    let building = read(&out, "buildings/2-zhuang/index.html");
    assert!(
        building.contains("某某社区"),
        "the community of the other buildings"
    );
    assert!(!building.contains(" 户"), "no household count was given");
    let book = read(&out, "books/ren-min-tiao-jie-gong-zuo-shou-ce/index.html");
    assert!(!book.contains("ISBN"), "no ISBN was given");
    assert!(read(&out, "contacts/index.html").contains("张明"));
    let month = chrono::Local::now().format("%Y-%m").to_string();
    let bulletin = read(&out, &format!("bulletins/{month}/index.html"));
    // It features the site's newest published explainer.
    assert!(bulletin.contains("高空抛物，害人害己"), "{bulletin}");
}

#[test]
fn a_new_bulletin_features_the_newest_item_by_date_not_by_name() {
    let dir = new_site("new-bulletin-newest");
    std::fs::write(
        dir.join("content/explainers/zzz-jiu-wen.md"),
        "---\ntitle: 一篇旧文\ndate: 2020-01-01\n---\n旧文。\n",
    )
    .unwrap();
    let path = printed_path(&new(&dir, "bulletin", "本月宣传栏"));
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains("  - explainers/gaokong-paowu\n"), "{text}");
    assert!(text.contains("issue: 1\n"), "{text}");
}

#[test]
fn new_never_overwrites_and_a_second_file_is_refused() {
    let dir = new_site("new-no-overwrite");
    let path = printed_path(&new(&dir, "explainer", "高空抛物"));
    std::fs::write(
        &path,
        "---\ntitle: 我写好的\ndate: 2023-05-01\n---\n正文。\n",
    )
    .unwrap();
    let again = new(&dir, "explainer", "高空抛物");
    assert_eq!(again.status.code(), Some(1));
    let err = stderr(&again);
    assert!(
        err.contains("gao-kong-pao-wu.md") && err.contains("already exists"),
        "{err}"
    );
    assert!(std::fs::read_to_string(&path).unwrap().contains("我写好的"));
}

#[test]
fn new_outside_a_site_is_refused_and_writes_nothing() {
    let dir = temp_dir("new-no-site");
    let out = new(&dir, "explainer", "高空抛物");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("site.toml") && err.contains("pufa init"),
        "{err}"
    );
    assert!(!dir.join("content").exists());
}

#[test]
fn a_bad_kind_names_the_kinds() {
    let dir = new_site("new-bad-kind");
    let out = new(&dir, "article", "高空抛物");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("not a kind") && err.contains("explainer (法律常识)"),
        "{err}"
    );
}

#[test]
fn init_refuses_a_folder_with_its_files_and_writes_nothing() {
    let dir = temp_dir("init-taken");
    std::fs::create_dir_all(dir.join("content/pages")).unwrap();
    std::fs::write(
        dir.join("content/pages/about.md"),
        "---\ntitle: 我们的介绍\n---\n",
    )
    .unwrap();
    let before = read_tree(&dir);
    let out = init(&dir);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("about.md") && err.contains("already exists"),
        "{err}"
    );
    assert_eq!(read_tree(&dir), before, "nothing may be written");
    assert!(!dir.join("site.toml").exists());
    assert!(!dir.join("templates").exists());
}

#[test]
fn init_refuses_an_existing_site() {
    let dir = new_site("init-twice");
    let before = read_tree(&dir);
    let out = init(&dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("a site already exists"));
    assert_eq!(read_tree(&dir), before);
}
