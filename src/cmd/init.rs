//! `pufa init DIR`: a small working site to start from, with one item of
//! each main kind, that builds as it is.

use clap::Args as ClapArgs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::CmdResult;
use crate::diagnostic::{Diagnostic, Failure};

#[derive(ClapArgs, Debug)]
pub struct Args {
    /// Folder to create the site in (created if missing; must not hold a site yet).
    pub dir: PathBuf,
}

const FILES: &[(&str, &str)] = &[
    (
        "site.toml",
        "title = \"某某社区法治宣传\"\ndescription = \"社区法治宣传栏、法律常识与以案说法\"\nbase_url = \"https://example.org/\"\n\n[print]\npaper = \"A3\"\norientation = \"portrait\"\n",
    ),
    (
        "content/buildings/1-zhuang.md",
        "---\nname: 1幢\ncommunity: 某某社区\ngroup: 第一居民小组\nofficer: 王阿姨\nboard: 1幢楼下花园入口\nhouseholds: 48\n---\n",
    ),
    (
        "content/contacts/lvshi.md",
        "---\nname: 陈律师\nrole: 社区法律顾问\norganization: 某某律师事务所\nphone: \"000-0000-0000\"\npublish_phone: true\nhours: 每周三下午 14:00-17:00\n---\n提供法律咨询、矛盾调解和法治讲座。\n",
    ),
    (
        "content/explainers/gaokong-paowu.md",
        "---\ntitle: 高空抛物，害人害己\ndate: 2023-05-10\ntopics: [民法典]\naudiences: [全体居民]\nlaws: [中华人民共和国民法典]\nkey_points:\n  - 禁止从建筑物中抛掷物品\n  - 难以确定侵权人的，可能加害的建筑物使用人给予补偿\nauthor: 社区普法小组\nreviewers: [陈律师]\n---\n《中华人民共和国民法典》第一千二百五十四条规定，禁止从建筑物中抛掷物品。\n",
    ),
    (
        "content/bulletins/2023-05.md",
        "---\ntitle: 民法典宣传月\nmonth: \"2023-05\"\nissue: 1\ntheme: 美好生活·民法典相伴\nkeeper: 王阿姨\nfeatured: [explainers/gaokong-paowu]\nreviewers: [陈律师]\n---\n本期宣传栏介绍高空抛物的法律责任。\n",
    ),
    (
        "content/pages/about.md",
        "---\ntitle: 关于本站\n---\n本站由社区普法小组编辑，用 pufa 生成。\n",
    ),
];

pub fn run(args: Args) -> CmdResult {
    let dir = args.dir;
    if dir.join("site.toml").exists() {
        return Err(
            Diagnostic::error(dir.join("site.toml"), "a site already exists here")
                .with_hint("choose a new folder; pufa init never overwrites a site")
                .into(),
        );
    }
    // Every target is checked before anything is written, so a refused
    // init leaves the folder exactly as it was.
    let taken: Vec<Diagnostic> = FILES
        .iter()
        .map(|(rel, _)| dir.join(rel))
        .filter(|path| path.exists() || path.is_symlink())
        .map(|path| {
            Diagnostic::error(
                path,
                "this file already exists; pufa init never overwrites files",
            )
            .with_hint("run pufa init in a new or empty folder")
        })
        .collect();
    if !taken.is_empty() {
        return Err(Failure(taken));
    }
    for (rel, text) in FILES {
        write_file(&dir.join(rel), text)?;
    }
    for empty in ["templates", "static"] {
        let path = dir.join(empty);
        std::fs::create_dir_all(&path)
            .map_err(|e| Diagnostic::io(&path, "create the folder", &e))?;
    }
    println!(
        "已创建站点: {}\n下一步: cd {} && pufa build",
        dir.display(),
        dir.display()
    );
    Ok(())
}

fn write_file(path: &Path, text: &str) -> CmdResult {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::io(parent, "create the folder", &e))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Diagnostic::io(path, "create the file", &e))?;
    file.write_all(text.as_bytes())
        .map_err(|e| Diagnostic::io(path, "write the file", &e).into())
}
