//! `pufa new KIND TITLE`: writes a new content file with the front matter its
//! kind needs and a pinyin file name, never overwriting an existing file.
//!
//! Every new file is a draft (`draft: true`), so nothing half-written is
//! published by a plain `pufa build`; it builds as it is with `--drafts`.
//! Optional fields that have no sensible empty value (an ISBN, a number of
//! households, a phone) are written as YAML comments to fill in, never as
//! empty values that would fail the build or print "0 户".

use chrono::{Datelike, Local, NaiveDate};
use clap::Args as ClapArgs;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::CmdResult;
use crate::config::CONFIG_FILE;
use crate::content::load::{CONTENT_DIR, gather_all};
use crate::content::slug::slugify;
use crate::content::{Item, Kind};
use crate::diagnostic::Diagnostic;

#[derive(ClapArgs, Debug)]
pub struct Args {
    /// explainer, case, bulletin, book, lecture, contact, building or page (or 法律常识, 以案说法…).
    pub kind: String,
    /// The title (or name, for contacts and buildings).
    pub title: String,
    /// The site folder; default: the current folder.
    #[arg(long)]
    pub root: Option<PathBuf>,
}

pub fn run(args: Args) -> CmdResult {
    let root = super::site_root(args.root);
    let kind = Kind::from_user_word(&args.kind).ok_or_else(|| {
        Diagnostic::error(&args.kind, "not a kind of content").with_hint(format!(
            "use one of: {}",
            Kind::ALL
                .map(|k| format!("{} ({})", k.folder().trim_end_matches('s'), k.name_zh()))
                .join(", ")
        ))
    })?;
    if !root.join(CONFIG_FILE).is_file() {
        return Err(Diagnostic::error(
            root.join(CONFIG_FILE),
            "there is no site here: pufa new writes into the content/ folder of a site",
        )
        .with_hint("run it in the folder that holds site.toml, give --root DIR, or create a site first with `pufa init DIR`")
        .into());
    }
    let title = args.title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return Err(Diagnostic::error(&args.kind, "the title is empty")
            .with_hint("give the title in quotes, e.g. pufa new explainer \"高空抛物，害人害己\"")
            .into());
    }
    let today = Local::now().date_naive();
    let folder = root.join(CONTENT_DIR).join(kind.folder());
    let stem = match kind {
        Kind::Bulletin => today.format("%Y-%m").to_string(),
        _ => slugify(&title),
    };
    if stem.is_empty() {
        return Err(
            Diagnostic::error(&title, "cannot make a file name from this title")
                .with_hint("use a title with Chinese characters, letters or digits")
                .into(),
        );
    }
    let path = folder.join(format!("{stem}.md"));
    if path.exists() {
        return Err(already_exists(&path).into());
    }
    let site = Existing::read(&root, today.year());
    if kind == Kind::Bulletin && site.featured.is_none() {
        eprintln!(
            "note: there is no explainer or case to feature yet; write one, then put it under `featured:` in {}",
            path.display()
        );
    }
    let text = front_matter(kind, &title, today, &site);
    std::fs::create_dir_all(&folder)
        .map_err(|e| Diagnostic::io(&folder, "create the folder", &e))?;
    write_new(&path, &text)?;
    println!("{}", path.display());
    Ok(())
}

fn already_exists(path: &Path) -> Diagnostic {
    Diagnostic::error(
        path,
        "this file already exists; pufa never overwrites content",
    )
    .with_hint("choose another title, or edit the existing file")
}

/// Creates `path` only if it does not exist yet.
fn write_new(path: &Path, text: &str) -> CmdResult {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                already_exists(path)
            } else {
                Diagnostic::io(path, "create the file", &e)
            }
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Diagnostic::io(path, "write the file", &e).into())
}

/// What a new file takes from the content already there.
#[derive(Debug, Default, PartialEq)]
pub struct Existing {
    /// The newest explainer or case (`explainers/ID`), published ones first.
    pub featured: Option<String>,
    /// The issue number after the highest one of this year's bulletins.
    pub next_issue: u32,
    /// The running number after the highest `total_issue`, if any bulletin has one.
    pub next_total_issue: Option<u32>,
    /// The community most buildings belong to.
    pub community: Option<String>,
}

impl Existing {
    /// Reads the site's content; files that fail to load are passed over.
    pub fn read(root: &Path, year: i32) -> Existing {
        Existing::from_items(&gather_all(root).items, year)
    }

    pub fn from_items(items: &[Item], year: i32) -> Existing {
        let featured = items
            .iter()
            .filter(|i| matches!(i.kind, Kind::Explainer | Kind::Case))
            .max_by(|a, b| {
                (!a.fm.draft, a.date, &b.id)
                    .cmp(&(!b.fm.draft, b.date, &a.id))
                    .then(b.kind.cmp(&a.kind))
            })
            .map(Item::reference);
        let bulletins = || items.iter().filter(|i| i.kind == Kind::Bulletin);
        let next_issue = bulletins()
            .filter(|b| b.date.is_some_and(|d| d.year() == year))
            .filter_map(|b| b.fm.issue)
            .max()
            .unwrap_or(0)
            + 1;
        let next_total_issue = bulletins()
            .filter_map(|b| b.fm.total_issue)
            .max()
            .map(|n| n + 1);
        let mut communities: BTreeMap<&str, usize> = BTreeMap::new();
        for b in items.iter().filter(|i| i.kind == Kind::Building) {
            if let Some(c) = b.fm.community.as_deref().filter(|c| !c.trim().is_empty()) {
                *communities.entry(c).or_default() += 1;
            }
        }
        // Most buildings first; among equals, the first in Chinese order.
        let community = communities
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(c, _)| c.to_string());
        Existing {
            featured,
            next_issue,
            next_total_issue,
            community,
        }
    }
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

const DRAFT: &str = "draft: true            # 写好并审稿后删除这一行，才会发布\n";

/// The front matter and a short body to start from.
pub fn front_matter(kind: Kind, title: &str, today: NaiveDate, site: &Existing) -> String {
    let t = quoted(title);
    let date = today.format("%Y-%m-%d");
    let common = format!(
        "topics: []             # 专题，如 [民法典, 邻里关系]\naudiences: []          # 适合人群，如 [老年人, 青少年, 全体居民]\nauthor: \"\"             # 撰稿人\nreviewers: []          # 审稿人\n{DRAFT}"
    );
    let fm = match kind {
        Kind::Explainer => format!(
            "title: {t}\ndate: {date}\nkey_points: []         # 要点，每行一条\n# laws: [中华人民共和国民法典]\n{common}"
        ),
        Kind::Case => format!(
            "title: {t}\ndate: {date}\n# source: 某某区人民法院，2023年\n# laws: [中华人民共和国民法典]\n{common}"
        ),
        Kind::Bulletin => {
            let featured = site.featured.as_deref().unwrap_or("explainers/CHANGE-ME");
            let total = site
                .next_total_issue
                .map_or(String::new(), |n| format!("total_issue: {n}\n"));
            format!(
                "title: {t}\nmonth: \"{}\"\nissue: {}\n{total}# theme: 本期主题\n# keeper: 负责人\nfeatured:               # 本期内容：explainers/文件名 或 cases/文件名\n  - {featured}\n{common}",
                today.format("%Y-%m"),
                site.next_issue,
            )
        }
        Kind::Book => format!(
            "title: {t}\n# author: 作者\n# publisher: 法律出版社\n# year: {}\n# isbn: \"9787500000000\"\n# category: 民法典\n# shelf: A1\ncopies: 1\nformat: book           # 报纸期刊写 periodical\n{DRAFT}",
            today.year()
        ),
        Kind::Lecture => format!(
            "title: {t}\ndate: {date}\ntime: \"14:30-16:00\"\n# place: 社区党群服务中心二楼活动室\n# speaker: 联系人的文件名，如 chen-mingyuan\n{common}"
        ),
        Kind::Contact => format!(
            "name: {t}\nrole: 请填写身份         # 律师、公证员、人民调解员、社区民警、普法志愿者\n# organization: 所在单位\n# hours: 每周三下午 14:00-17:00\n# phone: \"025-0000-0000\"\npublish_phone: false   # 只有律师等公开的工作电话才改成 true\ncommunities: []\n{DRAFT}"
        ),
        Kind::Building => format!(
            "name: {t}\ncommunity: {}\n# group: 第一居民小组\n# officer: 普法宣传员的称呼，如 王阿姨\n# board: 宣传栏的位置，如 楼下花园入口\n# households: 48\n{DRAFT}",
            site.community
                .as_deref()
                .map_or_else(|| "请填写所属社区".to_string(), quoted)
        ),
        Kind::Page => format!("title: {t}\n{DRAFT}"),
    };
    let body = match kind {
        Kind::Case => "\n## 案情\n\n\n## 裁判\n\n\n## 说法\n\n",
        _ => "\n",
    };
    format!("---\n{fm}---\n{body}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load::parse_item;

    use crate::content::load::test_item as item;

    #[test]
    fn every_kind_starts_as_a_draft_with_valid_front_matter() {
        let today = NaiveDate::from_ymd_opt(2023, 5, 12).unwrap();
        let site = Existing {
            featured: Some("explainers/a".into()),
            next_issue: 5,
            next_total_issue: Some(40),
            community: Some("桥华社区".into()),
        };
        for kind in Kind::ALL {
            for site in [&site, &Existing::default()] {
                let text = front_matter(kind, "高空抛物“有责”\"", today, site);
                let parsed = parse_item(&text, PathBuf::from("content/x/a.md"), kind);
                let item = parsed.unwrap_or_else(|e| panic!("{kind:?}: {e:?}\n{text}"));
                assert!(item.fm.draft, "{kind:?} is not a draft");
                assert_eq!(item.title, "高空抛物“有责”\"");
                assert!(item.fm.isbn.is_none() && item.fm.households.is_none());
            }
        }
    }

    #[test]
    fn a_bulletin_follows_the_newest_issue_and_features_the_newest_item() {
        let items = [
            item(Kind::Explainer, "zzz-old", "title: 旧\ndate: 2023-01-01\n"),
            item(Kind::Explainer, "new", "title: 新\ndate: 2023-04-30\n"),
            item(
                Kind::Case,
                "draft-case",
                "title: 草稿\ndate: 2023-05-09\ndraft: true\n",
            ),
            item(
                Kind::Bulletin,
                "2023-04",
                "title: 四月\nmonth: \"2023-04\"\nissue: 4\ntotal_issue: 28\nfeatured: [explainers/new]\n",
            ),
            item(
                Kind::Bulletin,
                "2022-12",
                "title: 十二月\nmonth: \"2022-12\"\nissue: 12\nfeatured: [explainers/new]\n",
            ),
        ];
        let site = Existing::from_items(&items, 2023);
        assert_eq!(site.featured.as_deref(), Some("explainers/new"));
        assert_eq!((site.next_issue, site.next_total_issue), (5, Some(29)));
        let site = Existing::from_items(&items, 2024);
        assert_eq!(site.next_issue, 1);
        let today = NaiveDate::from_ymd_opt(2023, 5, 12).unwrap();
        let text = front_matter(
            Kind::Bulletin,
            "五月",
            today,
            &Existing::from_items(&items, 2023),
        );
        assert!(text.contains("issue: 5\ntotal_issue: 29\n"), "{text}");
        assert!(text.contains("  - explainers/new\n"), "{text}");
    }

    #[test]
    fn a_building_joins_the_community_most_buildings_belong_to() {
        let items = [
            item(Kind::Building, "a", "name: 1幢\ncommunity: 瑞光社区\n"),
            item(Kind::Building, "b", "name: 2幢\ncommunity: 桥华社区\n"),
            item(Kind::Building, "c", "name: 3幢\ncommunity: 桥华社区\n"),
        ];
        let site = Existing::from_items(&items, 2023);
        assert_eq!(site.community.as_deref(), Some("桥华社区"));
        let today = NaiveDate::from_ymd_opt(2023, 5, 12).unwrap();
        let text = front_matter(Kind::Building, "4幢", today, &site);
        assert!(text.contains("community: \"桥华社区\"\n"), "{text}");
    }
}
