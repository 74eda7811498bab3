//! Finding law citations in Chinese text.
//!
//! The rules, in the order they are tried at each place in the text:
//!
//! 1. **A title in 《》** is a law when, after dropping a trailing
//!    parenthesis (（大字版）, （2020年修订）), a part after `·`
//!    (《民法典·婚姻家庭编》) and a trailing 修正案 (an amendment is tied to
//!    the law it amends), the registry knows the name (full, with or without
//!    中华人民共和国, short, or alias), or the name *looks like a law*: it
//!    starts with 中华人民共和国 and ends with 法 or 法典, or ends with 条例,
//!    规定, 办法 or 细则, or is a 最高人民法院/检察院…解释. Any other title
//!    (《法治日报》, 《今日说法》, 《民法典学习读本》) is skipped whole:
//!    nothing inside it is read as a law.
//! 2. **A name without 《》** counts only when the registry knows it (full
//!    names, short names, aliases of three characters or more), and not
//!    when 法 runs on into another word (劳动法律, 刑法学, 物权法定, 罪刑法定);
//!    法规定 still counts (合同法规定 is 合同法 + 规定).
//! 3. After either, **articles** may follow (see [`super::articles`]):
//!    第1254条, 第一千二百五十四条, 民法典1254条, lists, ranges, paragraphs.
//!    An article beyond the law's last one (民法典第1261条) is set apart in
//!    [`Citation::beyond`], to be reported.
//! 4. **An article on its own** belongs to the law named last before it in
//!    the same text, as in legal writing, but only with a clear sign that it
//!    is one: a citing verb after it (第一千一百四十一条规定…), a citing word
//!    before it (依照, 根据, 该法…), a table cell of its own, or a number of
//!    100 or more. Numbered advice (三条建议：第一条，…) is not a citation.
//!    `该条第二款` adds a paragraph to the article cited last.
//!
//! A citation is *acknowledged* as out of date when its paragraph says so
//! (废止, 失效, 废除, 不再适用, 取代) or the name follows a word for the
//! former law (原《婚姻法》, 过去的《婚姻法》, 旧, 以前的, 原来的, 此前的).

use std::collections::HashMap;

pub use super::articles::Article;
use super::articles::{articles_at, subject_after};
use super::registry::{LawId, Registry};
use super::titles::{closing, leading_law};
pub use super::titles::{looks_like_law, resolve_title};

/// What a citation names: a law the registry knows, or a law-like name it
/// does not (normalised).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    Law(LawId),
    Unlisted(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub target: Target,
    pub articles: Vec<Article>,
    /// Byte offset in the text where the citation starts.
    pub start: usize,
    /// Written in 《》.
    pub bracketed: bool,
    /// The paragraph says the law is no longer in force.
    pub acknowledged: bool,
    /// Articles written after the name that the law does not have.
    pub beyond: Vec<Article>,
    /// What the sentence says its one article is about (第1245条规定了…).
    pub subject: Option<String>,
}

/// Characters that, right after a name ending in 法, show the 法 starts
/// another word (法律, 法规, 法学, 法院, 法定, 法令…).
const RUNS_ON: &[char] = &[
    '律', '规', '学', '院', '官', '治', '制', '庭', '理', '务', '人', '条', '宝', '定', '令', '案',
    '网', '医', '警', '系', '度',
];

const ACKNOWLEDGE: &[&str] = &["废止", "失效", "废除", "不再适用", "取代"];
const FORMER: &[&str] = &["原", "旧", "过去的", "以前的", "原来的", "此前的"];

/// A citation finder for one registry: built once, used on every text.
pub struct Finder<'r> {
    registry: &'r Registry,
    /// Names recognised without 《》, by first character (sorted for binary
    /// search), longest first.
    bare: Vec<(char, Vec<(String, LawId)>)>,
    /// Bit set of the first characters in `bare` (Basic Multilingual Plane),
    /// so most characters are passed over without hashing.
    starts: Vec<u64>,
}

impl<'r> Finder<'r> {
    pub fn new(registry: &'r Registry) -> Finder<'r> {
        let mut bare: HashMap<char, Vec<(String, LawId)>> = HashMap::new();
        for (name, id) in registry.bare_names() {
            if let Some(c) = name.chars().next() {
                bare.entry(c).or_default().push((name, id));
            }
        }
        for list in bare.values_mut() {
            list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        }
        let mut bare: Vec<(char, Vec<(String, LawId)>)> = bare.into_iter().collect();
        bare.sort_by_key(|(c, _)| *c);
        let mut starts = vec![0u64; 0x10000 / 64];
        for (c, _) in &bare {
            let n = *c as usize;
            if n < 0x10000 {
                starts[n / 64] |= 1 << (n % 64);
            }
        }
        Finder {
            registry,
            bare,
            starts,
        }
    }

    pub fn registry(&self) -> &'r Registry {
        self.registry
    }

    /// Every citation in `text`, in order.
    pub fn find(&self, text: &str) -> Vec<Citation> {
        let mut out: Vec<Citation> = Vec::new();
        let mut i = 0;
        while i < text.len() {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            if c == '《' {
                let after_open = i + c.len_utf8();
                if let Some(close) = closing(text, after_open) {
                    let inner = &text[after_open..close];
                    let after = close + '》'.len_utf8();
                    if let Some(target) = resolve_title(inner, self.registry) {
                        let (articles, end) = articles_at(text, after, true);
                        out.push(self.citation(text, target, articles, i, end, true));
                        i = end.max(after);
                    } else {
                        // Not a law: skip the whole title.
                        i = after;
                    }
                    continue;
                }
            } else if self.may_start(c)
                && let Some(candidates) = self.candidates(c)
                && let Some((name, id)) = candidates.iter().find(|(n, _)| {
                    text[i..].starts_with(n.as_str())
                        && ends_cleanly(text, i + n.len())
                        && !local_version(text, i, n)
                })
            {
                let after = i + name.len();
                let (articles, end) = articles_at(text, after, true);
                out.push(self.citation(text, Target::Law(*id), articles, i, end, false));
                i = end.max(after);
                continue;
            } else if c == '第'
                && let Some(last) = out.last()
                && let Some((cite, end)) = self.lone(text, i, last)
            {
                out.push(cite);
                i = end;
                continue;
            }
            i += c.len_utf8();
        }
        out
    }

    fn candidates(&self, c: char) -> Option<&Vec<(String, LawId)>> {
        self.bare
            .binary_search_by_key(&c, |(k, _)| *k)
            .ok()
            .map(|k| &self.bare[k].1)
    }

    fn may_start(&self, c: char) -> bool {
        let n = c as usize;
        n >= 0x10000 || self.starts[n / 64] & (1 << (n % 64)) != 0
    }

    /// The laws a title names: a whole title that is a law's name
    /// (中华人民共和国民法典（大字版）), else the citations inside it
    /// (民法典婚姻家庭编案例解读).
    pub fn find_in_title(&self, title: &str) -> Vec<Citation> {
        let whole = |target| Citation {
            target,
            articles: Vec::new(),
            start: 0,
            bracketed: false,
            acknowledged: false,
            beyond: Vec::new(),
            subject: None,
        };
        match resolve_title(title.trim(), self.registry) {
            Some(target) => vec![whole(target)],
            None => {
                let mut found = self.find(title);
                // 中华人民共和国社会保险法读本: the law the title starts with.
                if found.is_empty()
                    && let Some(law) = leading_law(title)
                {
                    found.push(whole(Target::Unlisted(law)));
                }
                found
            }
        }
    }

    /// A citation of `target` with `articles` read from `start` to `end`:
    /// articles the law does not have are moved to `beyond`.
    pub(super) fn citation(
        &self,
        text: &str,
        target: Target,
        articles: Vec<Article>,
        start: usize,
        end: usize,
        bracketed: bool,
    ) -> Citation {
        let last = match &target {
            Target::Law(id) => self.registry.law(*id).last_article,
            Target::Unlisted(_) => None,
        };
        let (articles, beyond): (Vec<Article>, Vec<Article>) = articles
            .into_iter()
            .partition(|a| last.is_none_or(|l| a.number <= l));
        let subject = match articles.as_slice() {
            [_] if beyond.is_empty() => subject_after(text, end),
            _ => None,
        };
        Citation {
            acknowledged: acknowledged(text, start),
            target,
            articles,
            start,
            bracketed,
            beyond,
            subject,
        }
    }
}

/// A bare name must not run on into a longer word (法律, 法定), but 法规定
/// is the law and 规定.
fn ends_cleanly(text: &str, end: usize) -> bool {
    let before_end = text[..end].chars().next_back();
    let rest = &text[end..];
    let runs_on = rest.chars().next().is_some_and(|c| RUNS_ON.contains(&c));
    !(before_end == Some('法') && runs_on && !rest.starts_with("规定"))
}

/// Whether the regulation `name` at `i` is the end of a local one's name
/// (江苏省物业管理条例 is not the national 物业管理条例).
fn local_version(text: &str, i: usize, name: &str) -> bool {
    ["条例", "办法", "规定", "细则"]
        .iter()
        .any(|end| name.ends_with(end))
        && text[..i].ends_with(['省', '市', '县', '区', '州'])
}

/// Whether the paragraph around `at` says the law is out of date, or the
/// name follows a word that makes it the former law (原, 过去的…).
fn acknowledged(text: &str, at: usize) -> bool {
    let start = text[..at].rfind("\n\n").map_or(0, |k| k + 2);
    let end = text[at..].find("\n\n").map_or(text.len(), |k| at + k);
    let paragraph = &text[start..end];
    let before = text[..at].trim_end_matches('《');
    FORMER.iter().any(|w| before.ends_with(w)) || ACKNOWLEDGE.iter().any(|w| paragraph.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reg() -> Registry {
        Registry::builtin()
    }

    /// (short name or unlisted name, article labels) of each citation.
    fn cites(text: &str) -> Vec<(String, Vec<String>)> {
        let r = reg();
        let f = Finder::new(&r);
        f.find(text)
            .into_iter()
            .map(|c| {
                let name = match &c.target {
                    Target::Law(id) => r.law(*id).short.clone(),
                    Target::Unlisted(n) => format!("?{n}"),
                };
                (name, c.articles.iter().map(Article::label).collect())
            })
            .collect()
    }

    fn one(name: &str, articles: &[&str]) -> (String, Vec<String>) {
        (
            name.to_string(),
            articles.iter().map(|a| a.to_string()).collect(),
        )
    }

    #[test]
    fn full_name_with_chinese_article() {
        assert_eq!(
            cites("《中华人民共和国民法典》第一千二百五十四条开宗明义：禁止从建筑物中抛掷物品。"),
            [one("民法典", &["第1254条"])]
        );
    }

    #[test]
    fn short_name_with_arabic_article_and_paragraph() {
        assert_eq!(
            cites("《民法典》第1254条规定，禁止从建筑物中抛掷物品。"),
            [one("民法典", &["第1254条"])]
        );
        assert_eq!(
            cites("依照《未成年人保护法》第十九条第二款，学校应当……"),
            [one("未成年人保护法", &["第19条第2款"])]
        );
        assert_eq!(
            cites(
                "《民法典》第一千一百四十二条第三款规定，立有数份遗嘱，内容相抵触的，以最后的遗嘱为准。"
            ),
            [one("民法典", &["第1142条第3款"])]
        );
    }

    #[test]
    fn common_short_names_without_brackets() {
        assert_eq!(
            cites("反诈法实施以来，电信网络诈骗案件明显减少；未保法也专设了网络保护一章。"),
            [one("反电信网络诈骗法", &[]), one("未成年人保护法", &[])]
        );
        assert_eq!(
            cites("## 民法典第一千二百五十四条"),
            [one("民法典", &["第1254条"])]
        );
    }

    #[test]
    fn several_citations_in_one_sentence() {
        assert_eq!(
            cites(
                "《刑法》第二百九十一条之二和《民法典》第1254条都禁止高空抛物，《治安管理处罚法》第七十二条、第七十三条也有规定。"
            ),
            [
                one("刑法", &["第291条之二"]),
                one("民法典", &["第1254条"]),
                one("治安管理处罚法", &["第72条", "第73条"]),
            ]
        );
    }

    #[test]
    fn lone_articles_belong_to_the_last_law_named() {
        assert_eq!(
            cites(
                "《民法典》第一千一百四十条规定了见证人。\n\n| 自书遗嘱 | 第一千一百三十四条 |\n\n另外，第一千一百四十一条规定……"
            ),
            [
                one("民法典", &["第1140条"]),
                one("民法典", &["第1134条"]),
                one("民法典", &["第1141条"]),
            ]
        );
        // With no law before it, an article is nobody's.
        assert_eq!(cites("第十条规定"), []);
    }

    #[test]
    fn ranges_of_articles() {
        assert_eq!(
            cites("《民法典》第一千一百三十四条至第一千一百三十六条"),
            [one("民法典", &["第1134条", "第1135条", "第1136条"])]
        );
    }

    #[test]
    fn law_as_part_of_another_word_is_not_a_citation() {
        assert_eq!(cites("要学习劳动法律法规，刑法学是一门学问。"), []);
        assert_eq!(
            cites("签订劳动合同法律上有要求，劳动合同法第十条写明了。"),
            [one("劳动合同法", &["第10条"])]
        );
    }

    #[test]
    fn repealed_laws_acknowledged_in_the_paragraph() {
        let r = reg();
        let f = Finder::new(&r);
        let c = f.find("民法典施行后，《婚姻法》同时废止。\n\n离婚冷静期见《婚姻法》？");
        assert!(c[1].acknowledged);
        assert!(!c[2].acknowledged);
        let c = f.find("过去的《婚姻法》规定……");
        assert!(c[0].acknowledged);
        let c = f.find("原《婚姻法》第三十二条");
        assert!(c[0].acknowledged);
        assert_eq!(c[0].articles, [Article::new(32)]);
    }

    #[test]
    fn legal_words_with_fa_are_not_repealed_laws() {
        assert_eq!(
            cites("物权法定原则是基础；买卖合同法定解除的情形；罪刑法定是刑法的基本原则。"),
            [one("刑法", &[])],
            "only the last 刑法 is a citation"
        );
        assert_eq!(cites("刑法学、劳动法律法规、消防法规"), []);
    }

    #[test]
    fn fa_guiding_is_the_law_and_a_verb() {
        assert_eq!(
            cites("过去合同法规定，现在民法典规定；婚姻法规定的冷静期"),
            [one("合同法", &[]), one("民法典", &[]), one("婚姻法", &[])]
        );
    }

    #[test]
    fn numbered_advice_after_a_law_is_not_its_articles() {
        assert_eq!(
            cites(
                "《民法典》第1254条禁止高空抛物。社区有三条建议：第一条，垃圾装袋下楼；第二条，阳台不放花盆。"
            ),
            [one("民法典", &["第1254条"])]
        );
        assert_eq!(
            cites("《民法典》第1254条禁止高空抛物。依照第二十六条，子女应当赡养父母。"),
            [one("民法典", &["第1254条"]), one("民法典", &["第26条"])]
        );
        assert_eq!(
            cites("《民法典》第一千零七十九条规定了诉讼离婚。该条第三款列举了五种情形。"),
            [
                one("民法典", &["第1079条"]),
                one("民法典", &["第1079条第3款"])
            ]
        );
    }

    #[test]
    fn articles_beyond_a_law_are_set_apart() {
        let r = reg();
        let f = Finder::new(&r);
        let c = &f.find("《刑法》第一千二百五十四条")[0];
        assert!(c.articles.is_empty());
        assert_eq!(c.beyond, [Article::new(1254)]);
        let c = &f.find("民法典第1261条和第1260条")[0];
        assert_eq!(c.articles, [Article::new(1260)]);
        assert_eq!(c.beyond, [Article::new(1261)]);
        // A lone article too far for the last law named is nobody's.
        assert_eq!(
            cites("《反诈法》第三十一条规定。另外第一千条规定"),
            [one("反电信网络诈骗法", &["第31条"])]
        );
    }

    #[test]
    fn more_ways_of_writing_an_article() {
        assert_eq!(
            cites("《民法典》第 1088 条，民法典1254条，《民法典·婚姻家庭编》第1079条第1款、第2款"),
            [
                one("民法典", &["第1088条"]),
                one("民法典", &["第1254条"]),
                one("民法典", &["第1079条第1款", "第1079条第2款"]),
            ]
        );
    }

    #[test]
    fn a_local_regulation_is_not_the_national_one() {
        assert_eq!(cites("江苏省物业管理条例第五十条"), []);
        assert_eq!(
            cites("依照物业管理条例第五十条"),
            [one("物业管理条例", &["第50条"])]
        );
    }

    #[test]
    fn the_sentence_says_what_an_article_is_about() {
        let r = reg();
        let f = Finder::new(&r);
        let c = f.find("《民法典》第1245条规定了饲养动物损害责任。第1246条和第1247条规定……");
        assert_eq!(c[0].subject.as_deref(), Some("饲养动物损害责任"));
        assert_eq!(c[1].subject, None, "two articles: no single subject");
    }
}
