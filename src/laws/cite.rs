//! Finding law citations in Chinese text.
//!
//! The rules, in the order they are tried at each place in the text:
//!
//! 1. **A title in 《》** is a law when, after dropping a trailing
//!    parenthesis (（大字版）, （2020年修订）) and a trailing 修正案 (an
//!    amendment is tied to the law it amends), the registry knows the name
//!    (full, with or without 中华人民共和国, short, or alias), or the name
//!    *looks like a law*: it starts with 中华人民共和国 and ends with 法 or
//!    法典, or ends with 条例, 规定, 办法 or 细则, or is a 最高人民法院/检察院
//!    …解释. Any other title (《法治日报》, 《今日说法》, 《民法典学习读本》)
//!    is skipped whole: nothing inside it is read as a law.
//! 2. **A name without 《》** counts only when the registry knows it (full
//!    names, short names, aliases of three characters or more), and not
//!    when 法 runs on into another word (劳动法律, 刑法学).
//! 3. After either, **articles** may follow: 第1254条, 第一千二百五十四条,
//!    第二百九十一条之二, 第十九条第二款, and lists or ranges of them
//!    (第1245条、第1246条, 第一千一百三十四条至第一千一百三十九条).
//! 4. **An article on its own** (另外，第一千一百四十一条规定…) belongs to the
//!    law named last before it in the same text, as in legal writing.
//!
//! A citation is *acknowledged* as out of date when its paragraph says so
//! (废止, 失效, 废除, 不再适用, 取代) or the name follows a word for the
//! former law (原《婚姻法》, 过去的《婚姻法》, 旧, 以前的, 原来的, 此前的).

use std::collections::HashMap;

use super::numerals;
use super::registry::{LawId, PRC, Registry, normalise};

/// One article: 第1142条第3款 is `{number: 1142, sub: 0, paragraph: Some(3)}`;
/// 第291条之二 is `{number: 291, sub: 2, paragraph: None}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Article {
    pub number: u32,
    pub sub: u32,
    pub paragraph: Option<u32>,
}

impl Article {
    pub fn new(number: u32) -> Article {
        Article {
            number,
            sub: 0,
            paragraph: None,
        }
    }

    /// The article without its paragraph: what pages group by.
    pub fn whole(self) -> Article {
        Article {
            paragraph: None,
            ..self
        }
    }

    /// 第1254条, 第291条之二, 第1142条第3款 (Arabic digits read best).
    pub fn label(&self) -> String {
        let mut s = format!("第{}条", self.number);
        if self.sub > 0 {
            s.push('之');
            s.push_str(&small_chinese(self.sub));
        }
        if let Some(p) = self.paragraph {
            s.push_str(&format!("第{p}款"));
        }
        s
    }
}

fn small_chinese(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        _ => n.to_string(),
    }
}

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
}

/// Largest article number accepted (the 民法典 has 1,260).
const MAX_ARTICLE: u32 = 2000;
/// Longest title read between 《 and 》, in characters.
const MAX_TITLE: usize = 80;
/// Longest range of articles expanded (第1134条至第1139条).
const MAX_RANGE: u32 = 30;

/// Characters that, right after a name ending in 法, show the 法 starts
/// another word (法律, 法规, 法学, 法院…).
const RUNS_ON: &[char] = &[
    '律', '规', '学', '院', '官', '治', '制', '庭', '理', '务', '人', '条', '宝',
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
                        let (articles, end) = articles_at(text, after);
                        out.push(self.citation(text, target, articles, i, true));
                        i = end;
                    } else {
                        // Not a law: skip the whole title.
                        i = after;
                    }
                    continue;
                }
            } else if self.may_start(c)
                && let Some(candidates) = self.candidates(c)
                && let Some((name, id)) = candidates.iter().find(|(n, _)| {
                    text[i..].starts_with(n.as_str()) && ends_cleanly(text, i + n.len())
                })
            {
                let (articles, end) = articles_at(text, i + name.len());
                out.push(self.citation(text, Target::Law(*id), articles, i, false));
                i = end;
                continue;
            } else if c == '第'
                && let Some(last) = out.last().map(|c| c.target.clone())
            {
                let (articles, end) = articles_at(text, i);
                if !articles.is_empty() {
                    out.push(self.citation(text, last, articles, i, false));
                    i = end;
                    continue;
                }
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
        match resolve_title(title.trim(), self.registry) {
            Some(target) => vec![Citation {
                target,
                articles: Vec::new(),
                start: 0,
                bracketed: false,
                acknowledged: false,
            }],
            None => {
                let mut found = self.find(title);
                // 中华人民共和国社会保险法读本: the law the title starts with.
                if found.is_empty()
                    && let Some(law) = leading_law(title)
                {
                    found.push(Citation {
                        target: Target::Unlisted(law),
                        articles: Vec::new(),
                        start: 0,
                        bracketed: false,
                        acknowledged: false,
                    });
                }
                found
            }
        }
    }

    fn citation(
        &self,
        text: &str,
        target: Target,
        articles: Vec<Article>,
        start: usize,
        bracketed: bool,
    ) -> Citation {
        Citation {
            acknowledged: acknowledged(text, start),
            target,
            articles,
            start,
            bracketed,
        }
    }
}

/// The 》 closing a title opened just before `from`, on the same line.
fn closing(text: &str, from: usize) -> Option<usize> {
    for (n, (k, c)) in text[from..].char_indices().enumerate() {
        if n > MAX_TITLE || c == '\n' || c == '《' {
            return None;
        }
        if c == '》' {
            return Some(from + k);
        }
    }
    None
}

/// A bare name must not run on into a longer word.
fn ends_cleanly(text: &str, end: usize) -> bool {
    let before_end = text[..end].chars().next_back();
    let next = text[end..].chars().next();
    !(before_end == Some('法') && next.is_some_and(|c| RUNS_ON.contains(&c)))
}

/// The law a 《》 title (or a book title) names, by rule 1 of the module docs.
pub fn resolve_title(title: &str, registry: &Registry) -> Option<Target> {
    let mut name = normalise(title);
    while let Some(cut) = trailing_parenthesis(&name) {
        name.truncate(cut);
    }
    if let Some(base) = name.strip_suffix("修正案") {
        name = base.to_string();
    }
    if name.is_empty() {
        return None;
    }
    if let Some(id) = registry.lookup(&name) {
        return Some(Target::Law(id));
    }
    looks_like_law(&name).then_some(Target::Unlisted(name))
}

/// Where a closing parenthesis at the end of `name` opens.
fn trailing_parenthesis(name: &str) -> Option<usize> {
    let open = if name.ends_with('）') {
        '（'
    } else if name.ends_with(')') {
        '('
    } else {
        return None;
    };
    name.rfind(open).filter(|i| *i > 0)
}

/// `中华人民共和国…法` at the start of a title, when it looks like a law.
fn leading_law(title: &str) -> Option<String> {
    let title = normalise(title);
    if !title.starts_with(PRC) {
        return None;
    }
    title
        .char_indices()
        .filter(|(_, c)| *c == '法')
        .map(|(k, c)| title[..k + c.len_utf8()].to_string())
        .find(|prefix| looks_like_law(prefix))
}

/// The clear rule for a law the registry does not know (module docs, rule 1).
pub fn looks_like_law(name: &str) -> bool {
    let chars = name.chars().count();
    // Law names hold no sentence punctuation (噪声扰民怎么办？…有规定).
    if !(4..=60).contains(&chars) || name.chars().any(|c| "？?！!，,。：:；;、 ".contains(c))
    {
        return false;
    }
    (name.starts_with(PRC) && (name.ends_with('法') || name.ends_with("法典")))
        || ["条例", "规定", "办法", "细则"]
            .iter()
            .any(|end| name.ends_with(end))
        || (name.starts_with("最高人民") && name.ends_with("解释"))
}

/// Articles starting at `at` (after optional spaces); returns them and
/// where reading stopped (`at` when there are none).
fn articles_at(text: &str, at: usize) -> (Vec<Article>, usize) {
    let mut out = Vec::new();
    let mut i = skip_spaces(text, at);
    let Some((first, end)) = article(text, i) else {
        return (out, at);
    };
    out.push(first);
    i = end;
    loop {
        let rest = &text[i..];
        let (joiner, len) = ["、", "和", "及", "以及", "至", "到", "-", "—"]
            .iter()
            .find(|j| rest.starts_with(**j))
            .map_or(("", 0), |j| (*j, j.len()));
        if len == 0 {
            break;
        }
        let Some((next, end)) = article(text, skip_spaces(text, i + len)) else {
            break;
        };
        let last = *out.last().unwrap_or(&next);
        if matches!(joiner, "至" | "到" | "-" | "—")
            && next.number > last.number
            && next.number - last.number <= MAX_RANGE
        {
            out.extend((last.number + 1..next.number).map(Article::new));
        }
        out.push(next);
        i = end;
    }
    (out, i)
}

fn skip_spaces(text: &str, mut i: usize) -> usize {
    while let Some(c) = text[i..].chars().next() {
        if c == ' ' || c == '\u{3000}' || c == '\t' {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// `第N条[之N][第N款][第N项]` at `i`.
fn article(text: &str, i: usize) -> Option<(Article, usize)> {
    let (number, mut end) = numbered(text, i, '第', '条')?;
    if !(1..=MAX_ARTICLE).contains(&number) {
        return None;
    }
    let mut art = Article::new(number);
    if let Some((sub, e)) = after_zhi(text, end) {
        art.sub = sub;
        end = e;
    }
    if let Some((p, e)) = numbered(text, end, '第', '款') {
        art.paragraph = Some(p);
        end = e;
        if let Some((_, e)) = numbered(text, end, '第', '项') {
            end = e;
        }
    }
    Some((art, end))
}

/// `之二` after an article number (第二百九十一条之二).
fn after_zhi(text: &str, i: usize) -> Option<(u32, usize)> {
    let rest = text[i..].strip_prefix('之')?;
    let digits: String = rest
        .chars()
        .take_while(|c| numerals::is_numeral(*c))
        .collect();
    let n = numerals::parse(&digits)?;
    Some((n, i + '之'.len_utf8() + digits.len()))
}

/// `OPEN number CLOSE` at `i`: 第十九条, 第2款.
fn numbered(text: &str, i: usize, open: char, close: char) -> Option<(u32, usize)> {
    let rest = text.get(i..)?.strip_prefix(open)?;
    let digits: String = rest
        .chars()
        .take_while(|c| numerals::is_numeral(*c))
        .collect();
    let after = &rest[digits.len()..];
    if !after.starts_with(close) {
        return None;
    }
    let n = numerals::parse(&digits)?;
    Some((n, i + open.len_utf8() + digits.len() + close.len_utf8()))
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
    fn newspapers_and_book_titles_are_not_laws() {
        assert_eq!(
            cites(
                "社区订阅了《法治日报》和《人民调解》，还有《民法典学习读本》，欢迎看《今日说法》。"
            ),
            []
        );
        // A law named inside a book title is not a citation of the law.
        assert_eq!(cites("推荐阅读《民法典与生活同行》。"), []);
    }

    #[test]
    fn unlisted_laws_follow_the_clear_rule() {
        assert_eq!(
            cites("《江苏省物业管理条例》第五十条规定；《中华人民共和国城乡规划法》也有要求。"),
            [
                one("?江苏省物业管理条例", &["第50条"]),
                one("?中华人民共和国城乡规划法", &[]),
            ]
        );
        assert_eq!(cites("《说法》"), []);
        assert_eq!(cites("《噪声扰民怎么办？这些规定》"), []);
    }

    #[test]
    fn amendments_and_editions_belong_to_their_law() {
        assert_eq!(
            cites("《中华人民共和国刑法修正案（十一）》增设了高空抛物罪。"),
            [one("刑法", &[])]
        );
        let r = reg();
        let f = Finder::new(&r);
        let found = f.find_in_title("中华人民共和国民法典（大字版）");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].target, Target::Law(r.lookup("民法典").unwrap()));
        let found = f.find_in_title("民法典婚姻家庭编案例解读");
        assert_eq!(found[0].target, Target::Law(r.lookup("民法典").unwrap()));
        assert!(f.find_in_title("法治日报").is_empty());
        let found = f.find_in_title("中华人民共和国城乡规划法读本");
        assert_eq!(
            found[0].target,
            Target::Unlisted("中华人民共和国城乡规划法".into())
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
}
