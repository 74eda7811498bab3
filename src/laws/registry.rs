//! The laws pufa knows: built-in defaults for the laws community publicity
//! cites most (and the nine the 民法典 repealed), merged with a site's
//! optional `content/laws.yaml`, plus any law-like name found in content.
//!
//! A law is identified by its normalised full name (中华人民共和国民法典);
//! every other way of writing it (民法典, 反诈法) is looked up here. The
//! built-in laws themselves are listed in [`super::builtin`].

use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

use super::builtin::{BUILTIN, OFFICIAL_DATABASE, REPLACED, SUBJECTS};
use crate::content::slug::slugify;

/// Position of a law in [`Registry::laws`].
pub type LawId = usize;

pub const PRC: &str = "中华人民共和国";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    InForce,
    Amended,
    Repealed,
    /// Named in content but not described by the registry.
    Unknown,
}

impl Status {
    pub fn name_zh(self) -> &'static str {
        match self {
            Status::InForce => "现行有效",
            Status::Amended => "已修改，现行有效",
            Status::Repealed => "已废止",
            Status::Unknown => "",
        }
    }

    /// Reads `in force` / `amended` / `repealed` or the Chinese words.
    pub fn from_word(word: &str) -> Option<Status> {
        let w = word.trim().to_lowercase().replace(['_', '-'], " ");
        Some(match w.as_str() {
            "in force" | "现行有效" | "有效" | "施行" => Status::InForce,
            "amended" | "已修改" | "已修正" | "已修订" | "修正" | "修订" => {
                Status::Amended
            }
            "repealed" | "已废止" | "废止" | "失效" | "已失效" => Status::Repealed,
            _ => return None,
        })
    }

    pub const WORDS: &'static str = "in force, amended, repealed";
}

/// A law that took over from a repealed one: the law and, for a code, its part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    pub law: LawId,
    /// 婚姻家庭编, 合同编…; empty when the whole law replaced it.
    pub part: String,
}

#[derive(Debug, Clone)]
pub struct Law {
    /// Normalised full name: 中华人民共和国民法典, 保障农民工工资支付条例.
    pub name: String,
    /// What pages show: 民法典.
    pub short: String,
    /// Other names readers write: 反诈法.
    pub aliases: Vec<String>,
    pub effective: Option<NaiveDate>,
    pub status: Status,
    /// The day it stopped applying (for a repealed law).
    pub repealed: Option<NaiveDate>,
    pub replaced_by: Option<Replacement>,
    /// ASCII page name under `laws/`.
    pub slug: String,
    /// One plain sentence on what the law is about, for its page.
    pub description: String,
    /// Where its official text is (a built-in law: the official database).
    pub link: Option<String>,
    /// Number of its last article, when known: citations beyond it are mistakes.
    pub last_article: Option<u32>,
    /// What articles are about, by (number, 之N): 1254 → 高空抛物、坠物.
    pub subjects: BTreeMap<(u32, u32), String>,
}

impl Law {
    pub fn new(name: &str) -> Law {
        let name = normalise(name);
        Law {
            short: default_short(&name),
            name,
            aliases: Vec::new(),
            effective: None,
            status: Status::Unknown,
            repealed: None,
            replaced_by: None,
            slug: String::new(),
            description: String::new(),
            link: None,
            last_article: None,
            subjects: BTreeMap::new(),
        }
    }

    pub fn is_repealed(&self) -> bool {
        self.status == Status::Repealed
    }

    /// The day from which content citing this law is out of date.
    pub fn repeal_day(&self, registry: &Registry) -> Option<NaiveDate> {
        if !self.is_repealed() {
            return None;
        }
        self.repealed.or_else(|| {
            self.replaced_by
                .as_ref()
                .and_then(|r| registry.law(r.law).effective)
        })
    }
}

/// `中华人民共和国民法典` → `民法典`; other names stay whole.
fn default_short(name: &str) -> String {
    match name.strip_prefix(PRC) {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => name.to_string(),
    }
}

/// Whitespace removed, full-width parentheses kept: the form names are compared in.
pub fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

#[derive(Debug, Clone, Default)]
pub struct Registry {
    pub laws: Vec<Law>,
    /// Every accepted way of writing a law → the law.
    names: HashMap<String, LawId>,
}

impl Registry {
    /// The built-in laws.
    pub fn builtin() -> Registry {
        let mut r = Registry::default();
        for b in BUILTIN {
            let mut law = Law::new(b.name);
            if !b.short.is_empty() {
                law.short = b.short.to_string();
            }
            law.aliases = b.aliases.iter().map(|a| a.to_string()).collect();
            law.effective = date(b.effective);
            law.status = b.status;
            law.slug = b.slug.to_string();
            law.description = b.description.to_string();
            law.link = Some(OFFICIAL_DATABASE.to_string());
            law.last_article = (b.last_article > 0).then_some(b.last_article);
            r.insert(law);
        }
        for (old, new, part, day) in REPLACED {
            r.set_replacement(old, new, part, date(day));
        }
        for (name, number, sub, subject) in SUBJECTS {
            if let Some(id) = r.lookup(name) {
                r.laws[id]
                    .subjects
                    .insert((*number, *sub), subject.to_string());
            }
        }
        r.assign_slugs();
        r
    }

    fn set_replacement(&mut self, old: &str, new: &str, part: &str, day: Option<NaiveDate>) {
        if let (Some(o), Some(n)) = (self.lookup(old), self.lookup(new)) {
            let law = &mut self.laws[o];
            law.status = Status::Repealed;
            law.repealed = day;
            law.replaced_by = Some(Replacement {
                law: n,
                part: part.to_string(),
            });
        }
    }

    pub fn law(&self, id: LawId) -> &Law {
        &self.laws[id]
    }

    pub fn law_mut(&mut self, id: LawId) -> &mut Law {
        &mut self.laws[id]
    }

    /// The law written as `name` (full, with or without 中华人民共和国, short, or alias).
    pub fn lookup(&self, name: &str) -> Option<LawId> {
        let name = normalise(name);
        self.names.get(&name).copied().or_else(|| {
            name.strip_prefix(PRC)
                .and_then(|rest| self.names.get(rest).copied())
        })
    }

    /// Adds a law, or returns the one already known by any of its names.
    pub fn insert(&mut self, law: Law) -> LawId {
        if let Some(id) = self.lookup(&law.name) {
            return id;
        }
        let id = self.laws.len();
        self.laws.push(law);
        // A name another law already has keeps leading to that law.
        let _ = self.index_names(id);
        id
    }

    /// Makes every name of law `id` findable (after names were changed).
    /// Returns the names another law already has, with that law: they keep
    /// leading to it.
    pub fn index_names(&mut self, id: LawId) -> Vec<(String, LawId)> {
        let law = &self.laws[id];
        let mut names = vec![law.name.clone(), law.short.clone()];
        if let Some(rest) = law.name.strip_prefix(PRC) {
            names.push(rest.to_string());
        }
        names.extend(law.aliases.iter().map(|a| normalise(a)));
        let mut taken = Vec::new();
        for n in names {
            if n.is_empty() {
                continue;
            }
            match self.names.get(&n) {
                Some(&other) if other != id => taken.push((n, other)),
                Some(_) => {}
                None => {
                    self.names.insert(n, id);
                }
            }
        }
        taken
    }

    /// The law other than `id` whose page is `slug`.
    pub fn slug_owner(&self, slug: &str, id: LawId) -> Option<LawId> {
        self.laws
            .iter()
            .enumerate()
            .find(|(other, l)| l.slug == slug && *other != id)
            .map(|(other, _)| other)
    }

    /// Names that may be recognised in running text without 《》, with their
    /// law: full names, short names, and aliases of three characters or more
    /// (a two-character alias such as 消法 hides inside ordinary words).
    pub fn bare_names(&self) -> Vec<(String, LawId)> {
        let mut out = Vec::new();
        for (id, law) in self.laws.iter().enumerate() {
            out.push((law.name.clone(), id));
            out.push((law.short.clone(), id));
            if let Some(rest) = law.name.strip_prefix(PRC) {
                out.push((rest.to_string(), id));
            }
            for a in &law.aliases {
                let a = normalise(a);
                if a.chars().count() >= 3 {
                    out.push((a, id));
                }
            }
        }
        out.retain(|(n, _)| n.chars().count() >= 2);
        out.sort();
        out.dedup();
        out
    }

    /// Gives every law without one a unique pinyin slug of its short name.
    pub fn assign_slugs(&mut self) {
        let mut used: HashMap<String, LawId> = HashMap::new();
        for (id, law) in self.laws.iter().enumerate() {
            if !law.slug.is_empty() {
                used.insert(law.slug.clone(), id);
            }
        }
        for id in 0..self.laws.len() {
            if !self.laws[id].slug.is_empty() {
                continue;
            }
            let base = match slugify(&self.laws[id].short) {
                s if s.is_empty() => "law".to_string(),
                s => s,
            };
            let mut slug = base.clone();
            let mut n = 1;
            while used.contains_key(&slug) {
                n += 1;
                slug = format!("{base}-{n}");
            }
            used.insert(slug.clone(), id);
            self.laws[id].slug = slug;
        }
    }

    /// Every name written for a law, for "did you mean" hints.
    pub fn all_names(&self) -> impl Iterator<Item = &str> {
        self.names.keys().map(String::as_str)
    }
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_way_of_writing_a_law_finds_it() {
        let r = Registry::builtin();
        let code = r.lookup("中华人民共和国民法典").unwrap();
        assert_eq!(r.lookup("民法典"), Some(code));
        assert_eq!(r.lookup(" 中华人民共和国 民法典 "), Some(code));
        let fraud = r.lookup("反诈法").unwrap();
        assert_eq!(r.law(fraud).name, "中华人民共和国反电信网络诈骗法");
        assert_eq!(r.law(r.lookup("未保法").unwrap()).short, "未成年人保护法");
        assert_eq!(r.lookup("法治日报"), None);
    }

    #[test]
    fn the_nine_repealed_laws_point_at_the_civil_code() {
        let r = Registry::builtin();
        let code = r.lookup("民法典").unwrap();
        for (old, _, part, _) in &REPLACED[..9] {
            let law = r.law(r.lookup(old).unwrap());
            assert!(law.is_repealed(), "{old}");
            let rep = law.replaced_by.as_ref().unwrap();
            assert_eq!((rep.law, rep.part.as_str()), (code, *part));
            assert_eq!(law.repeal_day(&r), date("2021-01-01"));
        }
        assert_eq!(r.law(code).status, Status::InForce);
    }

    #[test]
    fn slugs_are_pinyin_and_unique() {
        let r = Registry::builtin();
        assert_eq!(r.law(r.lookup("民法典").unwrap()).slug, "min-fa-dian");
        // 调解 is read tiáojiě, not diàojiě.
        assert_eq!(
            r.law(r.lookup("人民调解法").unwrap()).slug,
            "ren-min-tiao-jie-fa"
        );
        let mut slugs: Vec<_> = r.laws.iter().map(|l| l.slug.as_str()).collect();
        slugs.sort_unstable();
        let before = slugs.len();
        slugs.dedup();
        assert_eq!(before, slugs.len());
    }

    #[test]
    fn built_in_laws_know_their_size_and_common_articles() {
        let r = Registry::builtin();
        let code = r.law(r.lookup("民法典").unwrap());
        assert_eq!(code.last_article, Some(1260));
        assert_eq!(code.subjects[&(1254, 0)], "高空抛物、坠物");
        assert!(
            code.link
                .as_deref()
                .unwrap()
                .starts_with("https://flk.npc.gov.cn")
        );
        let penal = r.law(r.lookup("刑法").unwrap());
        assert_eq!(penal.last_article, Some(452));
        assert_eq!(penal.subjects[&(291, 2)], "高空抛物罪");
        assert_eq!(penal.effective, date("2024-03-01"), "the text now in force");
        for law in &r.laws {
            assert!(!law.description.is_empty(), "{}", law.name);
        }
        assert_eq!(
            r.law(r.lookup("环境噪声污染防治法").unwrap())
                .replaced_by
                .as_ref()
                .map(|x| x.law),
            r.lookup("噪声污染防治法")
        );
    }

    #[test]
    fn statuses_read_english_and_chinese() {
        assert_eq!(Status::from_word("in force"), Some(Status::InForce));
        assert_eq!(Status::from_word("in_force"), Some(Status::InForce));
        assert_eq!(Status::from_word("已废止"), Some(Status::Repealed));
        assert_eq!(Status::from_word("gone"), None);
    }
}
