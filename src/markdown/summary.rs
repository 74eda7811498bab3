//! Summaries and reading times for Chinese text: counted in characters,
//! never words, cut on a character boundary of plain text (so never inside
//! a tag or a code point), ending with an ellipsis when something was cut.

use crate::text::is_cjk;

/// Characters in a derived summary, before the ellipsis.
pub const SUMMARY_CHARS: usize = 100;

/// Reading speed for Chinese prose, characters per minute.
const CHARS_PER_MINUTE: usize = 400;

/// A summary from the plain text of a body's paragraphs: the whole text
/// when it has at most `limit` characters, otherwise its first `limit`
/// characters, trailing pauses dropped, and an ellipsis.
pub fn summarize(plain: &str, limit: usize) -> String {
    let plain = plain.trim();
    if plain.chars().nth(limit).is_none() {
        return plain.to_string();
    }
    let mut out: String = plain.chars().take(limit).collect();
    while out.ends_with(|c: char| is_pause(c) || c.is_whitespace()) {
        out.pop();
    }
    out.push('…');
    out
}

fn is_pause(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '！'
            | '？'
            | ','
            | '.'
            | ';'
            | ':'
            | '…'
            | '（'
            | '('
            | '“'
            | '‘'
            | '《'
    )
}

/// Characters that count as text: every CJK character, and each run of
/// Latin letters or digits as one.
pub fn count_chars(text: &str) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for c in text.chars() {
        if c.is_ascii() {
            let word = c.is_ascii_alphanumeric();
            count += usize::from(word && !in_word);
            in_word = word;
        } else if is_cjk(c) {
            count += 1;
            in_word = false;
        } else {
            let word = c.is_alphanumeric();
            count += usize::from(word && !in_word);
            in_word = word;
        }
    }
    count
}

pub fn reading_minutes(chars: usize) -> usize {
    chars.div_ceil(CHARS_PER_MINUTE).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_by_characters_and_ends_with_ellipsis() {
        let text = "从高处抛掷物品造成他人损害的，由侵权人依法承担侵权责任。";
        assert_eq!(summarize(text, 9), "从高处抛掷物品造成…");
        assert_eq!(summarize(text, 14), "从高处抛掷物品造成他人损害的…");
    }

    #[test]
    fn a_text_that_fits_is_kept_whole_without_an_ellipsis() {
        let text = "本期宣传栏介绍高空抛物的法律责任。";
        assert_eq!(summarize(text, 100), text);
        assert_eq!(summarize(text, text.chars().count()), text);
        assert_eq!(summarize(text, 16), "本期宣传栏介绍高空抛物的法律责任…");
        assert_eq!(summarize("  ", 100), "");
    }

    #[test]
    fn handles_astral_characters() {
        let text = "𠀀𠀁𠀂𠀃";
        assert_eq!(summarize(text, 2), "𠀀𠀁…");
    }

    #[test]
    fn counts_han_characters_and_words() {
        assert_eq!(count_chars("民法典 Civil Code 第1254条"), 3 + 2 + 3);
        assert_eq!(reading_minutes(0), 1);
        assert_eq!(reading_minutes(801), 3);
    }
}
