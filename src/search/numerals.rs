//! Chinese numerals in article numbers, folded to Arabic digits before
//! tokenising, at build time and in the query alike: 第一千二百五十四条 and
//! 第1254条 are the same article to a reader, so they are one token too.
//!
//! Only a numeral between 第 and one of 条 款 项 章 节 编 is folded, so
//! 第一 (first) or 十分 keep their characters. The browser's
//! `search-text.js` (`foldNumerals`) repeats these rules.

use std::borrow::Cow;

use crate::laws::numerals;

/// What may close an article number.
const UNITS_AFTER: &[char] = &['条', '款', '项', '章', '节', '编'];

/// Longest numeral folded (一万二千三百四十五 has 9 characters).
const MAX_NUMERAL_CHARS: usize = 12;

/// A Chinese numeral character (not a digit: 第1254条 needs no folding).
fn is_numeral(c: char) -> bool {
    numerals::is_numeral(c) && !c.is_ascii_digit() && !('０'..='９').contains(&c)
}

/// The value of a numeral such as 一千二百五十四, 十二, 一〇八, read as the
/// law index reads article numbers, or `None` if `chars` is not one.
pub fn value(chars: &[char]) -> Option<u32> {
    numerals::parse(&chars.iter().collect::<String>())
}

/// `text` with every 第<numeral><unit> written with Arabic digits.
pub fn fold(text: &str) -> Cow<'_, str> {
    if !text.contains('第') {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        out.push(chars[i]);
        if chars[i] == '第' {
            let start = i + 1;
            let mut end = start;
            while end < chars.len() && end - start < MAX_NUMERAL_CHARS && is_numeral(chars[end]) {
                end += 1;
            }
            let closed = chars.get(end).is_some_and(|c| UNITS_AFTER.contains(c));
            if end > start
                && closed
                && let Some(v) = value(&chars[start..end])
            {
                out.push_str(&v.to_string());
                i = end;
                continue;
            }
        }
        i += 1;
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Option<u32> {
        value(&s.chars().collect::<Vec<_>>())
    }

    #[test]
    fn numerals_have_their_values() {
        assert_eq!(v("一千二百五十四"), Some(1254));
        assert_eq!(v("十"), Some(10));
        assert_eq!(v("十二"), Some(12));
        assert_eq!(v("二十"), Some(20));
        assert_eq!(v("一百零五"), Some(105));
        assert_eq!(v("一〇八"), Some(108));
        assert_eq!(v("两千"), Some(2000));
        assert_eq!(v("一万二千"), Some(12000));
        assert_eq!(v("一二五四"), Some(1254));
        assert_eq!(v("三x"), None);
    }

    #[test]
    fn article_numbers_fold_to_digits() {
        assert_eq!(fold("民法典第一千二百五十四条规定"), "民法典第1254条规定");
        assert_eq!(fold("第二十三条第一款"), "第23条第1款");
        assert_eq!(fold("第1254条"), "第1254条");
    }

    #[test]
    fn other_uses_of_di_are_left_alone() {
        assert_eq!(fold("第一次来"), "第一次来");
        assert_eq!(fold("第三季度法治讲座"), "第三季度法治讲座");
        assert_eq!(fold("末尾的第"), "末尾的第");
        assert!(matches!(fold("没有序数"), Cow::Borrowed(_)));
    }
}
