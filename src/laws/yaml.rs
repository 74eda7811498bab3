//! `content/laws.yaml` (optional): a site's own laws and corrections to the
//! built-in ones, merged into the [`Registry`]. Every problem is placed at
//! its line and column in the file; a name, short name, alias or slug that
//! another law already has is an error (one page per law, one law per name).
//!
//! ```yaml
//! - name: 苏州市养犬管理条例
//!   short: 养犬条例
//!   aliases: [苏州养犬条例]
//!   description: 养犬登记、文明养犬和犬只伤人的处理。
//!   link: https://example.gov.cn/yangquan.html
//!   effective: 2023-01-01
//!   status: in force            # in force | amended | repealed
//!   last_article: 42
//!   articles: {10: 出户遛犬要拴绳}
//! - name: 中华人民共和国婚姻法
//!   status: repealed
//!   repealed: 2021-01-01
//!   replaced_by: 中华人民共和国民法典
//!   replaced_part: 婚姻家庭编
//! ```

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};
use serde_saphyr::{Location, Spanned};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::articles::{MAX_ARTICLE, parse_key};
use super::registry::{Law, LawId, Registry, Replacement, Status, normalise};
use super::yaml_syntax::{syntax, tab_in_indentation};
use crate::content::frontmatter::Text;
use crate::content::load::parse_date;
use crate::content::slug::{is_valid, slugify};
use crate::diagnostic::{Diagnostic, closest};

pub const LAWS_FILE: &str = "content/laws.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    name: Spanned<String>,
    short: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    description: Option<String>,
    link: Option<Spanned<String>>,
    effective: Option<Spanned<Text>>,
    status: Option<Spanned<String>>,
    repealed: Option<Spanned<Text>>,
    replaced_by: Option<Spanned<String>>,
    replaced_part: Option<String>,
    slug: Option<Spanned<String>>,
    last_article: Option<Spanned<u32>>,
    #[serde(default)]
    articles: ArticleSubjects,
}

/// `articles: {1254: 高空抛物, 291之二: 高空抛物罪}`, in the order written.
#[derive(Debug, Default)]
struct ArticleSubjects(Vec<(Spanned<Text>, String)>);

impl<'de> Deserialize<'de> for ArticleSubjects {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ArticleSubjects;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of article numbers to what they are about")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(pair) = map.next_entry::<Spanned<Text>, String>()? {
                    out.push(pair);
                }
                Ok(ArticleSubjects(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// Merges `root/content/laws.yaml`, when there is one, into `registry`.
pub fn load(root: &Path, registry: &mut Registry) -> Result<(), Vec<Diagnostic>> {
    let path = root.join(LAWS_FILE);
    if !path.is_file() {
        return Ok(());
    }
    let shown = PathBuf::from(LAWS_FILE);
    let text = crate::content::read::read_text(&path, &shown).map_err(|d| vec![d])?;
    merge(&text, &shown, registry)
}

/// Merges the YAML `text` (shown as `path` in messages) into `registry`.
pub fn merge(text: &str, path: &Path, registry: &mut Registry) -> Result<(), Vec<Diagnostic>> {
    if text.trim().is_empty() {
        return Ok(());
    }
    if let Some(tab) = tab_in_indentation(text, path) {
        return Err(vec![tab]);
    }
    let options = serde_saphyr::options! { with_snippet: false };
    let records: Vec<Record> = serde_saphyr::from_str_with_options(text, options)
        .map_err(|e| vec![syntax(&e, text, path)])?;
    let mut merger = Merger {
        path,
        registry,
        problems: Vec::new(),
        described: HashMap::new(),
    };
    // First every law, so a replacement may be named before it is described.
    let ids: Vec<Option<LawId>> = records.iter().map(|r| merger.describe(r)).collect();
    for (r, id) in records.iter().zip(ids) {
        if let (Some(id), Some(by)) = (id, &r.replaced_by) {
            merger.replace(r, id, by);
        }
    }
    let problems = merger.problems;
    registry.assign_slugs();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

struct Merger<'a> {
    path: &'a Path,
    registry: &'a mut Registry,
    problems: Vec<Diagnostic>,
    /// Laws described so far, with the line of their `name:`.
    described: HashMap<LawId, u64>,
}

impl Merger<'_> {
    fn problem(&mut self, at: &Location, message: impl Into<String>, hint: impl Into<String>) {
        self.problems.push(
            Diagnostic::error(self.path, message)
                .at(at.line() as usize, at.column() as usize)
                .with_hint(hint),
        );
    }

    fn short_of(&self, id: LawId) -> String {
        format!("《{}》", self.registry.law(id).short)
    }

    /// Adds or corrects the law `r` describes; `None` when it has no name or
    /// was described before.
    fn describe(&mut self, r: &Record) -> Option<LawId> {
        let name = normalise(&r.name.value);
        if name.is_empty() {
            self.problem(
                &r.name.referenced,
                "`name`: a law needs its full name",
                "e.g. name: 中华人民共和国民法典",
            );
            return None;
        }
        let id = match self.registry.lookup(&name) {
            Some(id) => id,
            None => self.registry.insert(Law::new(&name)),
        };
        if let Some(first) = self.described.insert(id, r.name.referenced.line()) {
            self.described.insert(id, first);
            let message = format!(
                "{} is described twice (first on line {first})",
                self.short_of(id)
            );
            self.problem(
                &r.name.referenced,
                message,
                "keep one entry per law, with all its fields",
            );
            return None;
        }
        self.names(r, id);
        self.dates_and_status(r, id);
        self.page(r, id);
        self.articles(r, id);
        let _ = self.registry.index_names(id);
        Some(id)
    }

    /// `short` and `aliases`: a name another law has is an error.
    fn names(&mut self, r: &Record, id: LawId) {
        if let Some(short) = &r.short
            && let Some(name) = self.free_name(short, "short", id)
        {
            self.registry.law_mut(id).short = name;
        }
        for alias in &r.aliases {
            if let Some(name) = self.free_name(alias, "aliases", id)
                && !self.registry.law(id).aliases.contains(&name)
            {
                self.registry.law_mut(id).aliases.push(name);
            }
        }
    }

    /// The normalised `value`, unless it is empty or names another law.
    fn free_name(&mut self, value: &Spanned<String>, key: &str, id: LawId) -> Option<String> {
        let name = normalise(&value.value);
        if name.is_empty() {
            return None;
        }
        let Some(other) = self.registry.lookup(&name).filter(|o| *o != id) else {
            return Some(name);
        };
        let message = format!(
            "`{key}`: \"{name}\" already names {} ({})",
            self.short_of(other),
            self.registry.law(other).name
        );
        let hint = format!(
            "each name leads to one law: give {} a name of its own here",
            self.registry.law(id).name
        );
        self.problem(&value.referenced, message, hint);
        None
    }

    fn dates_and_status(&mut self, r: &Record, id: LawId) {
        let effective = self.date(&r.effective, "effective");
        let repealed = self.date(&r.repealed, "repealed");
        let law = self.registry.law_mut(id);
        law.effective = effective.or(law.effective);
        law.repealed = repealed.or(law.repealed);
        match &r.status {
            Some(s) => match Status::from_word(&s.value) {
                Some(status) => law.status = status,
                None => self.problem(
                    &s.referenced,
                    format!("`status`: \"{}\" is not a law status", s.value),
                    format!("use one of: {}", Status::WORDS),
                ),
            },
            None if law.status == Status::Unknown => {
                law.status = if r.replaced_by.is_some() || repealed.is_some() {
                    Status::Repealed
                } else {
                    Status::InForce
                };
            }
            None => {}
        }
    }

    fn date(&mut self, v: &Option<Spanned<Text>>, key: &str) -> Option<NaiveDate> {
        let d = v.as_ref()?;
        match parse_date(&d.value.0) {
            Ok(day) => Some(day),
            Err(why) => {
                self.problem(
                    &d.referenced,
                    format!("`{key}`: {why}"),
                    "dates are written YYYY-MM-DD, e.g. 2021-01-01",
                );
                None
            }
        }
    }

    /// `slug`, `description` and `link`: what the law's page shows.
    fn page(&mut self, r: &Record, id: LawId) {
        if let Some(slug) = &r.slug {
            if !is_valid(&slug.value) {
                self.problem(
                    &slug.referenced,
                    format!("`slug`: \"{}\" is not a plain URL name", slug.value),
                    format!(
                        "use lowercase letters, digits and hyphens, e.g. {}",
                        slugify(&slug.value)
                    ),
                );
            } else if let Some(other) = self.registry.slug_owner(&slug.value, id) {
                let message = format!(
                    "`slug`: \"{}\" is already the page of {}",
                    slug.value,
                    self.short_of(other)
                );
                self.problem(
                    &slug.referenced,
                    message,
                    "each law needs its own page name: choose another slug",
                );
            } else {
                self.registry.law_mut(id).slug = slug.value.clone();
            }
        }
        if let Some(text) = &r.description {
            self.registry.law_mut(id).description = text.trim().to_string();
        }
        if let Some(link) = &r.link {
            let url = link.value.trim();
            if url.starts_with("https://") || url.starts_with("http://") {
                self.registry.law_mut(id).link = Some(url.to_string());
            } else {
                self.problem(
                    &link.referenced,
                    format!("`link`: \"{url}\" is not a web address"),
                    "give the address of the official text, starting with https://",
                );
            }
        }
    }

    /// `last_article` and `articles`.
    fn articles(&mut self, r: &Record, id: LawId) {
        if let Some(last) = &r.last_article {
            if (1..=MAX_ARTICLE).contains(&last.value) {
                self.registry.law_mut(id).last_article = Some(last.value);
            } else {
                self.problem(
                    &last.referenced,
                    format!("`last_article`: {} is not an article number", last.value),
                    format!("the number of the law's last article, 1 to {MAX_ARTICLE}"),
                );
            }
        }
        for (key, subject) in &r.articles.0 {
            let last = self.registry.law(id).last_article;
            match parse_key(&key.value.0) {
                Some((number, _)) if last.is_some_and(|l| number > l) => {
                    let message = format!(
                        "`articles`: {} has only {} articles",
                        self.short_of(id),
                        last.unwrap_or(0)
                    );
                    self.problem(
                        &key.referenced,
                        message,
                        "check the article number, or correct `last_article`",
                    );
                }
                Some(k) => {
                    self.registry
                        .law_mut(id)
                        .subjects
                        .insert(k, subject.trim().to_string());
                }
                None => self.problem(
                    &key.referenced,
                    format!("`articles`: \"{}\" is not an article number", key.value.0),
                    "write the number, e.g. `1254: 高空抛物` or `291之二: 高空抛物罪`",
                ),
            }
        }
    }

    fn replace(&mut self, r: &Record, id: LawId, by: &Spanned<String>) {
        match self.registry.lookup(&by.value) {
            Some(new) if new == id => self.problem(
                &by.referenced,
                "`replaced_by`: a law cannot replace itself",
                "name the law that took its place",
            ),
            Some(new) => {
                let law = self.registry.law_mut(id);
                let contradicts = r.status.is_some() && law.status != Status::Repealed;
                law.status = Status::Repealed;
                law.replaced_by = Some(Replacement {
                    law: new,
                    part: r
                        .replaced_part
                        .as_deref()
                        .map(normalise)
                        .unwrap_or_default(),
                });
                if contradicts {
                    self.problem(
                        &by.referenced,
                        "`replaced_by` is only for a law whose status is `repealed`",
                        "set `status: repealed`, or remove `replaced_by`",
                    );
                }
            }
            None => {
                let mut names: Vec<&str> = self.registry.all_names().collect();
                names.sort_unstable();
                let hint = match closest(&normalise(&by.value), names) {
                    Some(near) => format!("did you mean {near}?"),
                    None => format!("describe that law in {LAWS_FILE} too, or use its full name"),
                };
                self.problem(
                    &by.referenced,
                    format!("`replaced_by`: no law is called \"{}\"", by.value),
                    hint,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merged(text: &str) -> Result<Registry, Vec<Diagnostic>> {
        let mut r = Registry::builtin();
        merge(text, Path::new(LAWS_FILE), &mut r).map(|()| r)
    }

    #[test]
    fn a_local_regulation_is_added() {
        let r = merged(
            "- name: 苏州市养犬管理条例\n  short: 养犬条例\n  aliases: [苏州养犬条例]\n  effective: 2023-01-01\n  status: in force\n",
        )
        .unwrap();
        let id = r.lookup("养犬条例").unwrap();
        assert_eq!(r.lookup("苏州养犬条例"), Some(id));
        let law = r.law(id);
        assert_eq!(law.name, "苏州市养犬管理条例");
        assert_eq!(law.status, Status::InForce);
        assert_eq!(law.slug, "yang-quan-tiao-li");
        assert_eq!(law.effective, NaiveDate::from_ymd_opt(2023, 1, 1));
    }

    #[test]
    fn a_built_in_law_is_corrected_and_replaced() {
        let r = merged(
            "- name: 环境保护条例\n  status: repealed\n  replaced_by: 民法典\n  replaced_part: 总则编\n- name: 民法典\n  aliases: [法典]\n",
        )
        .unwrap();
        let old = r.law(r.lookup("环境保护条例").unwrap());
        let code = r.lookup("中华人民共和国民法典").unwrap();
        assert_eq!(old.replaced_by.as_ref().unwrap().law, code);
        assert_eq!(old.replaced_by.as_ref().unwrap().part, "总则编");
        assert_eq!(r.lookup("法典"), Some(code));
    }

    #[test]
    fn problems_are_placed_in_the_file() {
        let errs = merged("- name: 某某条例\n  status: gone\n  replaced_by: 民法点\n").unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert_eq!((errs[0].line, errs[0].column), (Some(2), Some(11)));
        assert!(errs[0].message.contains("not a law status"));
        assert_eq!(errs[1].line, Some(3));
        assert_eq!(errs[1].hint.as_deref(), Some("did you mean 民法典?"));
        let errs = merged("- name: 某某条例\n  stauts: repealed\n").unwrap_err();
        assert_eq!(errs[0].line, Some(2));
        assert!(errs[0].message.contains("unknown field"), "{}", errs[0]);
        let errs = merged("- name: 某某条例\n  effective: 2021-02-30\n").unwrap_err();
        assert!(errs[0].message.contains("does not exist"), "{}", errs[0]);
        let errs = merged("name: 某某条例\n").unwrap_err();
        assert!(
            errs[0].hint.as_deref().unwrap().contains("list"),
            "{}",
            errs[0]
        );
    }

    #[test]
    fn a_list_of_names_instead_of_laws_gets_the_right_hint() {
        let errs = merged("- 民法典\n- 刑法\n").unwrap_err();
        assert_eq!(errs[0].line, Some(1), "{}", errs[0]);
        assert!(
            errs[0].hint.as_deref().unwrap().contains("key: value"),
            "{}",
            errs[0]
        );
    }

    #[test]
    fn a_law_gets_a_description_a_link_and_its_articles() {
        let r = merged(
            "- name: 苏州市养犬管理条例\n  description: 文明养犬。\n  link: https://example.gov.cn/a\n  last_article: 42\n  articles: {10: 出户拴绳, 第12条: 禁养犬只}\n",
        )
        .unwrap();
        let law = r.law(r.lookup("苏州市养犬管理条例").unwrap());
        assert_eq!(law.description, "文明养犬。");
        assert_eq!(law.link.as_deref(), Some("https://example.gov.cn/a"));
        assert_eq!(law.last_article, Some(42));
        assert_eq!(law.subjects[&(12, 0)], "禁养犬只");
        let errs =
            merged("- name: 某某条例\n  link: www.example.cn\n  last_article: 0\n").unwrap_err();
        assert!(errs[0].message.contains("not a web address"), "{}", errs[0]);
        assert!(
            errs[1].message.contains("not an article number"),
            "{}",
            errs[1]
        );
    }
}
