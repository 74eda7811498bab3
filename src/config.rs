//! `site.toml`: the site's settings, with defaults for everything but the title.
//!
//! Unknown keys are errors (a misspelt setting silently ignored is worse than
//! a stopped build), reported with line and column.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Result};
use crate::text::line_col;

pub const CONFIG_FILE: &str = "site.toml";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Where the site is published; used for feeds, the sitemap and QR codes.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// Links point at `index.html` files so the output works opened from disk.
    #[serde(default)]
    pub offline: bool,
    /// Items per page on growing lists (sections, topics, audiences).
    #[serde(default = "default_paginate")]
    pub paginate: usize,
    /// Folder under `themes/`; the built-in default theme fills any gap.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Everything but drafts must name its reviewers (审稿人).
    #[serde(default)]
    pub require_review: bool,
    #[serde(default)]
    pub labels: Labels,
    #[serde(default = "default_hotlines")]
    pub hotlines: Vec<Hotline>,
    #[serde(default)]
    pub print: PrintSettings,
    /// Free map for custom templates, like `extra` in front matter.
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// Display words, so a team can keep 法制 wording or rename sections.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Labels {
    /// 法治 (current official term) or 法制 (older wording).
    pub fazhi: String,
    pub home: String,
    pub explainers: String,
    pub cases: String,
    pub bulletins: String,
    pub books: String,
    pub lectures: String,
    pub contacts: String,
    pub buildings: String,
    pub archive: String,
    pub topics: String,
    pub audiences: String,
    pub pages: String,
    pub board: String,
    /// What a building's courtyard board is called on its print sheet.
    pub building_board: String,
    pub officer: String,
    pub keeper: String,
    pub author: String,
    pub reviewers: String,
    pub large_text: String,
    /// The law index (`/laws/`).
    pub laws: String,
}

/// Default labels that say 法治, and so follow `fazhi` when it is changed
/// (法制宣传栏, 法制课堂) unless they are set themselves.
const FAZHI_LABELS: &[&str] = &["bulletins", "lectures"];

impl Labels {
    /// The labels of [`FAZHI_LABELS`] that `site.toml` does not set take
    /// the wording of `fazhi`.
    fn follow_fazhi(&mut self, given: &[String]) {
        let default = Labels::default();
        if self.fazhi == default.fazhi {
            return;
        }
        for key in FAZHI_LABELS {
            if given.iter().any(|g| g == key) {
                continue;
            }
            let label = match *key {
                "bulletins" => &mut self.bulletins,
                _ => &mut self.lectures,
            };
            *label = label.replace(&default.fazhi, &self.fazhi);
        }
    }
}

impl Default for Labels {
    fn default() -> Self {
        Labels {
            fazhi: "法治".into(),
            home: "首页".into(),
            explainers: "法律常识".into(),
            cases: "以案说法".into(),
            bulletins: "法治宣传栏".into(),
            books: "法律图书角".into(),
            lectures: "法治课堂".into(),
            contacts: "法律服务".into(),
            buildings: "楼院".into(),
            archive: "按月归档".into(),
            topics: "专题".into(),
            audiences: "人群".into(),
            pages: "关于".into(),
            board: "宣传栏".into(),
            building_board: "法治宣传花苑".into(),
            officer: "普法宣传员".into(),
            keeper: "负责人".into(),
            author: "撰稿".into(),
            reviewers: "审稿".into(),
            large_text: "大字".into(),
            laws: "法律".into(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Hotline {
    pub number: String,
    pub name: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct PrintSettings {
    /// `A3`, `A4`, or `WIDTHxHEIGHTmm` such as `600x800mm`.
    pub paper: String,
    /// `portrait` or `landscape`.
    pub orientation: String,
}

impl Default for PrintSettings {
    fn default() -> Self {
        PrintSettings {
            paper: "A3".into(),
            orientation: "portrait".into(),
        }
    }
}

fn default_base_url() -> String {
    "/".into()
}

fn default_paginate() -> usize {
    20
}

fn default_theme() -> String {
    "default".into()
}

fn default_hotlines() -> Vec<Hotline> {
    let line = |number: &str, name: &str, note: &str| Hotline {
        number: number.into(),
        name: name.into(),
        note: note.into(),
    };
    vec![
        line("12348", "公共法律服务热线", "法律咨询、法律援助"),
        line("110", "报警电话", "遇到违法犯罪立即拨打"),
        line("96110", "反诈预警劝阻专线", "接到此号码来电请务必接听"),
        line("12315", "消费者投诉举报", "消费维权"),
        line("12339", "国家安全举报", "发现危害国家安全线索"),
    ]
}

impl Config {
    /// Reads `site.toml` from the site root.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            let d = Diagnostic::io(&path, "read the site settings", &e);
            if e.kind() == std::io::ErrorKind::NotFound {
                d.with_hint("run pufa in the folder that holds site.toml, give --root DIR, or create a site with `pufa init DIR`")
            } else {
                d
            }
        })?;
        Config::parse(&text, &path)
    }

    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let mut d = Diagnostic::error(path, crate::diagnostic::plain_words(e.message()));
            if let Some(span) = e.span() {
                let (line, col) = line_col(text, span.start);
                d = d.at(line, col);
            }
            d.with_hint("see the site.toml section of README.md for every setting")
        })?;
        config.validate(path)?;
        config.base_url = checked_base_url(&config.base_url).map_err(|why| {
            let d = Diagnostic::error(path, format!("`base_url`: {why}")).with_hint(BASE_URL_HINT);
            match value_position(text, "base_url") {
                Some((line, col)) => d.at(line, col),
                None => d,
            }
        })?;
        config.labels.follow_fazhi(&label_keys(text));
        Ok(config)
    }

    /// Replaces `base_url` with one given on the command line (`--base-url`).
    pub fn set_base_url(&mut self, url: &str) -> Result<()> {
        self.base_url = checked_base_url(url)
            .map_err(|why| Diagnostic::error("--base-url", why).with_hint(BASE_URL_HINT))?;
        Ok(())
    }

    /// Whether `base_url` is a full address, so the feed, sitemap and QR
    /// codes can hold addresses a reader can open.
    pub fn has_full_base_url(&self) -> bool {
        self.base_url != "/"
    }

    /// Settings that work but are likely a mistake: a site built for a web
    /// host without its address.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        if self.has_full_base_url() || self.offline {
            return Vec::new();
        }
        vec![
            Diagnostic::warning(
                CONFIG_FILE,
                "`base_url` is not set, so the feed, the sitemap and the QR codes on board sheets cannot hold full addresses",
            )
            .with_hint("set base_url = \"https://你的网站地址/\" in site.toml (or give --base-url); a site opened from disk needs none: build it with --offline"),
        ]
    }

    fn validate(&self, path: &Path) -> Result<()> {
        if self.title.trim().is_empty() {
            return Err(Diagnostic::error(path, "`title` is empty")
                .with_hint("give the site a name, e.g. title = \"桥华社区法治宣传\"")
                .into());
        }
        if self.paginate == 0 {
            return Err(Diagnostic::error(path, "`paginate` must be at least 1").into());
        }
        Ok(())
    }
}

const BASE_URL_HINT: &str = "write the full address the site is published at, starting with https:// or http://, e.g. base_url = \"https://fazhi.example.org/\"; leave it out (or write \"/\") while the site is not published";

/// `base_url` ending with `/`, or why it is not a web address: exactly `/`
/// (not published yet) or `http(s)://HOST/optional/path/`.
pub fn checked_base_url(url: &str) -> std::result::Result<String, String> {
    let url = url.trim();
    if url == "/" {
        return Ok(url.to_string());
    }
    let not_address = || format!("\"{url}\" is not a web address");
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| match url.split_once("://") {
            Some((scheme, _)) => format!("\"{url}\" is not a web address: it starts with {scheme}://, not https:// or http://"),
            None => format!("{}: it does not start with https:// or http://", not_address()),
        })?;
    let host = rest.split('/').next().unwrap_or_default();
    let host_ok = !host.is_empty()
        && !host.starts_with(['.', '-', ':'])
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if !host_ok {
        return Err(format!("{}: \"{host}\" is not a host name", not_address()));
    }
    if let Some(bad) = rest
        .chars()
        .find(|c| c.is_whitespace() || matches!(c, '?' | '#' | '"' | '<' | '>' | '\\'))
    {
        return Err(format!("{}: it holds {bad:?}", not_address()));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

/// Line and column of the value of a top-level `key = value` line.
fn value_position(text: &str, key: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with('[') {
            return None;
        }
        if let Some(rest) = line.strip_prefix(key)
            && let Some(after) = rest.trim_start().strip_prefix('=')
        {
            let value = after.trim_start();
            return Some(line_col(text, offset + line.len() - value.len()));
        }
        offset += line.len();
    }
    None
}

/// The keys written in the `[labels]` table.
fn label_keys(text: &str) -> Vec<String> {
    toml::from_str::<toml::Table>(text)
        .ok()
        .and_then(|t| t.get("labels").and_then(|l| l.as_table()).cloned())
        .map(|l| l.keys().cloned().collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fill_everything_but_the_title() {
        let c = Config::parse("title = \"桥华社区\"\n", Path::new("site.toml")).unwrap();
        assert_eq!(c.labels.fazhi, "法治");
        assert_eq!(c.base_url, "/");
        assert_eq!(c.print.paper, "A3");
        assert!(c.hotlines.iter().any(|h| h.number == "12348"));
    }

    #[test]
    fn unknown_key_is_reported_with_position() {
        let err =
            Config::parse("title = \"x\"\nofline = true\n", Path::new("site.toml")).unwrap_err();
        let d = &err.0[0];
        assert_eq!(d.line, Some(2));
        assert!(d.message.contains("ofline"), "{}", d.message);
    }

    #[test]
    fn labels_can_keep_the_older_wording() {
        let c = Config::parse(
            "title = \"x\"\nbase_url = \"https://a.example\"\n[labels]\nfazhi = \"法制\"\n",
            Path::new("site.toml"),
        )
        .unwrap();
        assert_eq!(c.labels.fazhi, "法制");
        assert_eq!(c.labels.cases, "以案说法");
        assert_eq!(c.base_url, "https://a.example/");
    }

    #[test]
    fn base_url_must_be_a_web_address() {
        let parse = |url: &str| {
            Config::parse(
                &format!("title = \"桥华社区\"\nbase_url = \"{url}\"\n"),
                Path::new("site.toml"),
            )
        };
        assert_eq!(
            parse("https://a.example/pufa").unwrap().base_url,
            "https://a.example/pufa/"
        );
        assert_eq!(
            parse("http://localhost:8080").unwrap().base_url,
            "http://localhost:8080/"
        );
        assert_eq!(parse("/").unwrap().base_url, "/");
        for bad in [
            "fazhi.example.org",
            "not a url",
            "https://",
            "https://a b.org/",
            "ftp://a.org/",
            "/sub/",
        ] {
            let err = parse(bad).unwrap_err();
            let d = &err.0[0];
            assert!(
                d.message.contains("base_url") && d.message.contains("not a web address"),
                "{bad}: {}",
                d.message
            );
            assert_eq!((d.line, d.column), (Some(2), Some(12)), "{bad}");
            assert!(
                d.hint.as_deref().unwrap_or("").contains("https://"),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_command_line_base_url_is_checked_too() {
        let mut c = Config::parse("title = \"x\"\n", Path::new("site.toml")).unwrap();
        assert!(c.set_base_url("not a url").is_err());
        c.set_base_url("https://b.example").unwrap();
        assert_eq!(c.base_url, "https://b.example/");
        assert!(c.warnings().is_empty());
    }

    #[test]
    fn a_site_without_its_address_is_warned_unless_offline() {
        let c = Config::parse("title = \"x\"\n", Path::new("site.toml")).unwrap();
        assert_eq!(c.warnings().len(), 1);
        let c = Config::parse("title = \"x\"\noffline = true\n", Path::new("site.toml")).unwrap();
        assert!(c.warnings().is_empty());
    }

    #[test]
    fn labels_saying_fazhi_follow_the_older_wording() {
        let c = Config::parse(
            "title = \"x\"\n[labels]\nfazhi = \"法制\"\n",
            Path::new("site.toml"),
        )
        .unwrap();
        assert_eq!(c.labels.bulletins, "法制宣传栏");
        assert_eq!(c.labels.lectures, "法制课堂");
        let c = Config::parse(
            "title = \"x\"\n[labels]\nfazhi = \"法制\"\nbulletins = \"法治宣传栏\"\n",
            Path::new("site.toml"),
        )
        .unwrap();
        assert_eq!(
            c.labels.bulletins, "法治宣传栏",
            "a label set in site.toml stays"
        );
        assert_eq!(c.labels.lectures, "法制课堂");
    }
}
