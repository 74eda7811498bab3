//! Article references inside a citation: 第1254条, 第一千二百五十四条,
//! 第 1088 条, 第291条之二, 第十九条第二款, lists (第1245条、第1246条;
//! 第1079条第1款、第2款), ranges (第1134条至第1139条), and right after a
//! law's name the short form 民法典1254条.
//!
//! Also what a citing sentence says an article is about
//! (第1245条规定了饲养动物损害责任 → 饲养动物损害责任), for the article
//! lists on law pages.

use super::numerals;

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

/// Largest article number accepted for a law whose size is not known (the
/// 民法典, the longest, has 1,260).
pub const MAX_ARTICLE: u32 = 2000;
/// Longest range of articles expanded (第1134条至第1139条).
const MAX_RANGE: u32 = 30;
const JOINERS: &[&str] = &[
    "、", "和", "及", "以及", "与", "至", "到", "-", "—", "~", "～",
];
const RANGE_JOINERS: &[&str] = &["至", "到", "-", "—", "~", "～"];

/// Articles starting at `at` (after optional spaces); returns them and where
/// reading stopped (`at` when there are none). `after_name`: the text right
/// before is a law's name, so 1254条 without 第 counts too.
pub fn articles_at(text: &str, at: usize, after_name: bool) -> (Vec<Article>, usize) {
    let mut out: Vec<Article> = Vec::new();
    let i = skip_spaces(text, at);
    let first = article(text, i).or_else(|| {
        if after_name {
            undotted_article(text, i)
        } else {
            None
        }
    });
    let Some((first, mut i)) = first else {
        return (out, at);
    };
    out.push(first);
    loop {
        let rest = &text[i..];
        let Some(joiner) = JOINERS.iter().find(|j| rest.starts_with(**j)) else {
            break;
        };
        let next_at = skip_spaces(text, i + joiner.len());
        if let Some((next, end)) = article(text, next_at) {
            let last = *out.last().unwrap_or(&next);
            if RANGE_JOINERS.contains(joiner)
                && next.number > last.number
                && next.number - last.number <= MAX_RANGE
            {
                out.extend((last.number + 1..next.number).map(Article::new));
            }
            out.push(next);
            i = end;
        } else if let Some((p, end)) = numbered(text, next_at, '第', '款') {
            // 第1079条第1款、第2款: another paragraph of the same article.
            let last = *out.last().unwrap_or(&first);
            out.push(Article {
                paragraph: Some(p),
                ..last
            });
            i = end;
        } else {
            break;
        }
    }
    (out, i)
}

/// Paragraphs standing alone (该条第二款、第三款) at `at`: their numbers and the end.
pub fn paragraphs_at(text: &str, at: usize) -> Option<(Vec<u32>, usize)> {
    let (first, mut i) = numbered(text, at, '第', '款')?;
    let mut out = vec![first];
    while let Some(joiner) = ["、", "和", "及"]
        .iter()
        .find(|j| text[i..].starts_with(**j))
    {
        let Some((p, end)) = numbered(text, skip_spaces(text, i + joiner.len()), '第', '款')
        else {
            break;
        };
        out.push(p);
        i = end;
    }
    Some((out, i))
}

pub fn skip_spaces(text: &str, mut i: usize) -> usize {
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
    let (number, end) = numbered(text, i, '第', '条')?;
    finish_article(text, number, end)
}

/// `N条` written without 第, in Arabic digits (民法典1254条).
fn undotted_article(text: &str, i: usize) -> Option<(Article, usize)> {
    let rest = text.get(i..)?;
    let digits: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .collect();
    if digits.is_empty() || !rest[digits.len()..].starts_with('条') {
        return None;
    }
    let number = numerals::parse(&digits)?;
    finish_article(text, number, i + digits.len() + '条'.len_utf8())
}

fn finish_article(text: &str, number: u32, mut end: usize) -> Option<(Article, usize)> {
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

/// `OPEN number CLOSE` at `i`, spaces allowed inside: 第十九条, 第 1088 条, 第2款.
fn numbered(text: &str, i: usize, open: char, close: char) -> Option<(u32, usize)> {
    let rest = text.get(i..)?;
    if !rest.starts_with(open) {
        return None;
    }
    let start = skip_spaces(text, i + open.len_utf8());
    let digits: String = text[start..]
        .chars()
        .take_while(|c| numerals::is_numeral(*c))
        .collect();
    let after = skip_spaces(text, start + digits.len());
    if !text[after..].starts_with(close) {
        return None;
    }
    let n = numerals::parse(&digits)?;
    Some((n, after + close.len_utf8()))
}

/// An article named as a key in `laws.yaml`: `1254`, `第1254条`, `291之二`, `第二百九十一条之二` → (number, 之N).
pub fn parse_key(key: &str) -> Option<(u32, u32)> {
    let key: String = key.chars().filter(|c| !c.is_whitespace()).collect();
    let key = key.strip_prefix('第').unwrap_or(&key);
    let (number, sub) = match key.split_once('之') {
        Some((n, s)) => (n, Some(s)),
        None => (key, None),
    };
    let number = numerals::parse(number.strip_suffix('条').unwrap_or(number))?;
    let sub = match sub {
        Some(s) => numerals::parse(s)?,
        None => 0,
    };
    (number >= 1).then_some((number, sub))
}

/// Verbs after which a sentence says what an article provides.
const PROVIDES: &[&str] = &[
    "明确规定了",
    "明确规定",
    "规定了",
    "规定",
    "明确了",
    "明确",
    "写明了",
    "写明",
    "指出",
];
/// Longest subject kept, in characters.
const MAX_SUBJECT: usize = 24;

/// What the text right after an article (ending at `end`) says it is about:
/// `规定了饲养动物损害责任。` → 饲养动物损害责任; `规定，禁止从建筑物中抛掷物品。`
/// → 禁止从建筑物中抛掷物品; `：离婚冷静期` (a heading) → 离婚冷静期.
pub fn subject_after(text: &str, end: usize) -> Option<String> {
    let rest = &text[skip_spaces(text, end)..];
    let clause = if let Some(r) = rest.strip_prefix(['：', ':']) {
        r
    } else {
        let verb = PROVIDES.iter().find(|v| rest.starts_with(**v))?;
        let r = &rest[verb.len()..];
        // 规定的… / 规定中…: the sentence goes on about something else.
        if r.starts_with(['的', '中', '里', '和', '与', '及']) {
            return None;
        }
        r.trim_start_matches(['，', ',', '：', ':', ' '])
    };
    let clause = clause.trim_start_matches(['“', '"', '*', '_', ' ']);
    let mut subject = String::new();
    for c in clause.chars() {
        if "，。；！？、,.;!?”\"\n（(|".contains(c) {
            break;
        }
        if !"*_`".contains(c) {
            subject.push(c);
        }
    }
    let subject = subject.trim().to_string();
    let count = subject.chars().count();
    if count < 4 {
        return None;
    }
    if count > MAX_SUBJECT {
        let cut: String = subject.chars().take(MAX_SUBJECT - 1).collect();
        return Some(format!("{cut}…"));
    }
    Some(subject)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str, after_name: bool) -> Vec<String> {
        articles_at(text, 0, after_name)
            .0
            .iter()
            .map(Article::label)
            .collect()
    }

    #[test]
    fn chinese_and_arabic_numbers_with_and_without_spaces() {
        assert_eq!(labels("第一千二百五十四条规定", false), ["第1254条"]);
        assert_eq!(labels("第 1088 条规定", false), ["第1088条"]);
        assert_eq!(labels("第　十九　条", false), ["第19条"]);
        assert_eq!(labels("第二百九十一条之二", false), ["第291条之二"]);
    }

    #[test]
    fn the_short_form_without_di_only_after_a_name() {
        assert_eq!(labels("1254条规定", true), ["第1254条"]);
        assert!(labels("1254条规定", false).is_empty());
        assert!(
            labels("三条建议", true).is_empty(),
            "Chinese numerals need 第"
        );
    }

    #[test]
    fn lists_of_articles_and_of_paragraphs() {
        assert_eq!(
            labels("第1245条、第1246条和第1247条", false),
            ["第1245条", "第1246条", "第1247条"]
        );
        assert_eq!(
            labels("第1079条第1款、第2款、第3款", false),
            ["第1079条第1款", "第1079条第2款", "第1079条第3款"]
        );
        assert_eq!(
            labels("第一千一百三十四条至第一千一百三十六条", false),
            ["第1134条", "第1135条", "第1136条"]
        );
        assert_eq!(paragraphs_at("第二款、第三款规定", 0).unwrap().0, [2, 3]);
    }

    #[test]
    fn numbers_out_of_range_are_not_articles() {
        assert!(labels("第0条", false).is_empty());
        assert!(labels("第三千条", false).is_empty());
    }

    #[test]
    fn subjects_come_from_the_citing_sentence_or_heading() {
        let s = |t: &str| subject_after(t, 0);
        assert_eq!(
            s("规定了饲养动物损害责任。").as_deref(),
            Some("饲养动物损害责任")
        );
        assert_eq!(
            s("规定，禁止从建筑物中抛掷物品。").as_deref(),
            Some("禁止从建筑物中抛掷物品")
        );
        assert_eq!(s("：离婚冷静期").as_deref(), Some("离婚冷静期"));
        assert_eq!(s("规定的情形"), None);
        assert_eq!(s("判决。"), None);
        assert_eq!(s("规定，不得"), None, "too short to say anything");
        let long = s("规定，从建筑物或者其他高空抛掷物品情节严重的处一年以下有期徒刑拘役或者管制")
            .unwrap();
        assert_eq!(long.chars().count(), MAX_SUBJECT);
        assert!(long.ends_with('…'));
    }

    #[test]
    fn article_keys_are_read_in_every_form() {
        assert_eq!(parse_key("1254"), Some((1254, 0)));
        assert_eq!(parse_key("第1254条"), Some((1254, 0)));
        assert_eq!(parse_key("291之二"), Some((291, 2)));
        assert_eq!(parse_key("第二百九十一条之二"), Some((291, 2)));
        assert_eq!(parse_key("高空抛物"), None);
        assert_eq!(parse_key("0"), None);
    }
}
