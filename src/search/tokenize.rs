//! Splitting text into search tokens. The browser's `search-text.js`
//! repeats these rules exactly (its `normalize`, `classOf`, `runs` and
//! `units`), so a query is cut the way the pages were.
//!
//! - Chinese (and Japanese, Korean) text has no spaces, so a run of such
//!   characters gives its overlapping **bigrams**: 高空抛物 → 高空 空抛 抛物.
//!   Each character is also a token of its own, for one-character queries.
//! - Runs of letters give lower-cased words (`Law` → `law`); runs of digits
//!   give numbers (`第1254条` → 第 1254 条). Letters and digits are split
//!   apart, so `A3` is `a` and `3`.
//! - Full-width letters and digits (`１２３４８`) count as their ASCII forms.
//! - Everything else (punctuation, spaces, symbols) separates tokens.
//! - Chinese numerals in article numbers are digits first ([`numerals`]):
//!   第一千二百五十四条 is cut as 第 1254 条.

use super::numerals;

/// What a character is, for tokenising.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Cjk,
    Letter,
    Digit,
    Other,
}

/// Longest digit or letter run kept whole; longer runs are cut (an ISBN has 13).
pub const MAX_WORD_CHARS: usize = 24;

/// Full-width ASCII to ASCII, then lower case.
pub fn normalize(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if ('\u{3000}'..'\u{A000}').contains(&c) {
        // Kana and ideographs have no case; skip the table lookup.
        return c;
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// The class of a normalized character.
pub fn class_of(c: char) -> Class {
    if c.is_ascii_digit() {
        return Class::Digit;
    }
    if matches!(c as u32,
        0x3040..=0x30FF        // kana
        | 0x3400..=0x4DBF      // extension A
        | 0x4E00..=0x9FFF      // unified ideographs
        | 0xAC00..=0xD7AF      // Hangul syllables
        | 0xF900..=0xFAFF      // compatibility ideographs
        | 0x20000..=0x3134F    // extensions B–G
    ) {
        return Class::Cjk;
    }
    if c.is_alphabetic() {
        Class::Letter
    } else {
        Class::Other
    }
}

/// A run of characters of one class: the unit tokens are made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub class: Class,
    pub chars: Vec<char>,
}

/// Cuts `text` into normalized runs of CJK, letters or digits, after
/// folding article numbers ([`numerals::fold`]: 第十条 → 第10条).
pub fn runs(text: &str) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut current: Option<Run> = None;
    for c in numerals::fold(text).chars().map(normalize) {
        let class = class_of(c);
        match &mut current {
            Some(run) if run.class == class => run.chars.push(c),
            _ => {
                if let Some(run) = current.take() {
                    out.push(run);
                }
                if class != Class::Other {
                    current = Some(Run {
                        class,
                        chars: vec![c],
                    });
                }
            }
        }
    }
    out.extend(current);
    out
}

/// One token found in a text, with the character after it for CJK bigrams
/// (what lets a query tell 高空抛物 written together from 高空 … 抛物 apart).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub token: String,
    pub next: Option<char>,
}

/// The bigrams, words and numbers of `text`, in order (the index adds every
/// Chinese character on its own besides).
pub fn tokens(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for run in runs(text) {
        run_tokens(&run, &mut out);
    }
    out
}

/// Appends the tokens of one run to `out`.
pub fn run_tokens(run: &Run, out: &mut Vec<Found>) {
    match run.class {
        Class::Cjk if run.chars.len() == 1 => out.push(Found {
            token: run.chars[0].to_string(),
            next: None,
        }),
        Class::Cjk => {
            for (i, pair) in run.chars.windows(2).enumerate() {
                out.push(Found {
                    token: pair.iter().collect(),
                    next: run.chars.get(i + 2).copied(),
                });
            }
        }
        Class::Letter | Class::Digit => out.push(Found {
            token: run.chars.iter().take(MAX_WORD_CHARS).collect(),
            next: None,
        }),
        Class::Other => {}
    }
}

/// What a query term looks up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub key: String,
    /// Matches every token starting with `key` (the word or number still
    /// being typed at the end of the query).
    pub prefix: bool,
}

/// One run of the query (a Chinese phrase, a word, a number) and its terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub text: String,
    pub class: Class,
    pub terms: Vec<Term>,
}

/// The query as units. The last word or number matches by prefix unless
/// the query ends with a space, so results follow typing (`lawy` → lawyer).
pub fn query_units(query: &str) -> Vec<Unit> {
    let runs = runs(query);
    let open_end = query
        .chars()
        .last()
        .is_some_and(|c| class_of(normalize(c)) != Class::Other);
    let count = runs.len();
    runs.into_iter()
        .enumerate()
        .map(|(i, run)| {
            let text: String = run.chars.iter().take(MAX_WORD_CHARS).collect();
            let terms = match run.class {
                Class::Cjk if run.chars.len() == 1 => vec![Term {
                    key: text.clone(),
                    prefix: false,
                }],
                Class::Cjk => {
                    let mut found = Vec::new();
                    run_tokens(&run, &mut found);
                    let mut terms: Vec<Term> = Vec::new();
                    for f in found {
                        if !terms.iter().any(|t| t.key == f.token) {
                            terms.push(Term {
                                key: f.token,
                                prefix: false,
                            });
                        }
                    }
                    terms
                }
                _ => vec![Term {
                    key: text.clone(),
                    prefix: open_end && i + 1 == count,
                }],
            };
            Unit {
                text,
                class: run.class,
                terms,
            }
        })
        .collect()
}

/// The bit a character sets in a bigram's `next` mask: six bits, so a
/// phrase check costs one small number per posting.
pub fn next_bit(c: char) -> u8 {
    1 << (c as u32 % 6)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|f| f.token).collect()
    }

    #[test]
    fn chinese_gives_overlapping_bigrams() {
        assert_eq!(keys("高空抛物"), ["高空", "空抛", "抛物"]);
        let found = tokens("高空抛物");
        assert_eq!(found[0].next, Some('抛'));
        assert_eq!(found[2].next, None);
    }

    #[test]
    fn punctuation_splits_chinese_runs() {
        assert_eq!(keys("养老，诈骗。"), ["养老", "诈骗"]);
        assert_eq!(keys("《民法典》"), ["民法", "法典"]);
    }

    #[test]
    fn single_character_runs_stay_whole() {
        assert_eq!(keys("第1254条"), ["第", "1254", "条"]);
    }

    #[test]
    fn ascii_words_are_lower_cased_and_split_from_digits() {
        assert_eq!(
            keys("Hello, World! A3 ISO9001"),
            ["hello", "world", "a", "3", "iso", "9001"]
        );
    }

    #[test]
    fn mixed_chinese_and_latin() {
        assert_eq!(
            keys("拨打12348热线或登录APP查询"),
            [
                "拨打", "12348", "热线", "线或", "或登", "登录", "app", "查询"
            ]
        );
    }

    #[test]
    fn full_width_forms_fold_to_ascii() {
        assert_eq!(keys("１２３４８　ＡＢＣ"), ["12348", "abc"]);
    }

    #[test]
    fn hyphenated_numbers_split_into_parts() {
        assert_eq!(keys("978-7-5216-1234-5"), ["978", "7", "5216", "1234", "5"]);
    }

    #[test]
    fn chinese_article_numbers_are_cut_as_digits() {
        assert_eq!(keys("第一千二百五十四条"), ["第", "1254", "条"]);
        assert_eq!(query_units("第一千二百五十四条"), query_units("第1254条"));
    }

    #[test]
    fn long_runs_are_cut() {
        let long = "1".repeat(40);
        assert_eq!(keys(&long)[0].len(), MAX_WORD_CHARS);
    }

    #[test]
    fn query_units_keep_phrases_together() {
        let units = query_units("高空抛物 法");
        assert_eq!(units.len(), 2);
        assert_eq!(units[0].text, "高空抛物");
        assert_eq!(units[0].terms.len(), 3);
        assert!(units[0].terms.iter().all(|t| !t.prefix));
        assert_eq!(
            units[1].terms,
            [Term {
                key: "法".into(),
                prefix: false
            }]
        );
    }

    #[test]
    fn repeated_bigrams_in_a_query_count_once() {
        let units = query_units("哈哈哈");
        assert_eq!(units[0].terms.len(), 1);
    }

    #[test]
    fn last_word_is_a_prefix_until_a_space() {
        let open = query_units("Law");
        assert!(open[0].terms[0].prefix);
        assert_eq!(open[0].terms[0].key, "law");
        let closed = query_units("Law ");
        assert!(!closed[0].terms[0].prefix);
        let two = query_units("law firm");
        assert!(!two[0].terms[0].prefix);
        assert!(two[1].terms[0].prefix);
    }

    #[test]
    fn empty_and_punctuation_only_queries_have_no_units() {
        assert!(query_units("").is_empty());
        assert!(query_units("，。！ ").is_empty());
    }
}
