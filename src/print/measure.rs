//! Chinese text metrics for laying out a sheet without a browser: how wide a
//! character is (every Han character and full-width mark is 1 em; Latin
//! letters and digits are narrower), how many lines a text takes in a
//! column, and how to cut a text to a number of lines.
//!
//! Line breaking follows the rules the stylesheet asks of the browser
//! (`line-break: strict`): closing marks such as ，。） never start a line
//! and opening marks such as （《 never end one, Latin words break only at
//! spaces unless a word is wider than the line. Widths err on the wide
//! side so the estimate is never shorter than what Chromium draws.

use std::cell::RefCell;
use std::collections::HashMap;
use std::marker::PhantomData;

use crate::text::is_cjk;

/// Line counts of texts, remembered by the text's address and the column's
/// capacity: the sheets of one issue share their items and boxes, so each
/// text is measured once per column width, not once per sheet. The texts
/// must outlive the memo (`'a`, invariant so it cannot be narrowed to a
/// shorter-lived text), so an address is never reused while the memo
/// holds it.
/// A text is cut into tokens once, however many widths it is tried at.
#[derive(Default)]
pub struct Memo<'a> {
    counts: RefCell<HashMap<(usize, usize, i64), usize>>,
    tokens: RefCell<HashMap<(usize, usize), Vec<Token<'a>>>>,
    texts: PhantomData<std::cell::Cell<&'a str>>,
}

impl<'a> Memo<'a> {
    pub fn lines(&self, text: &'a str, capacity: f64) -> usize {
        let at = (text.as_ptr() as usize, text.len());
        let key = (at.0, at.1, (capacity * 1024.0).round() as i64);
        if let Some(n) = self.counts.borrow().get(&key) {
            return *n;
        }
        let mut tokens = self.tokens.borrow_mut();
        let tokens = tokens
            .entry(at)
            .or_insert_with(|| self::tokens(text.trim()));
        let n = count_lines(tokens, capacity);
        self.counts.borrow_mut().insert(key, n);
        n
    }
}

/// Width of one character in em.
pub fn char_em(c: char) -> f64 {
    if is_cjk(c) {
        return 1.0;
    }
    match c {
        ' ' => 0.33,
        '.' | ',' | ':' | ';' | '\'' | '!' | '|' | 'i' | 'j' | 'l' | 'I' => 0.32,
        '(' | ')' | '[' | ']' | 'f' | 't' | 'r' | '-' | '/' => 0.45,
        'm' | 'w' => 0.85,
        'M' | 'W' => 0.95,
        'A'..='Z' => 0.75,
        'a'..='z' | '0'..='9' => 0.62,
        c if c.is_ascii() => 0.65,
        _ => 1.0,
    }
}

pub fn text_em(text: &str) -> f64 {
    text.chars().map(char_em).sum()
}

/// Marks that must not start a line.
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '！'
            | '？'
            | '）'
            | '》'
            | '」'
            | '』'
            | '】'
            | '”'
            | '’'
            | '…'
            | '·'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | '%'
    )
}

/// Marks that must not end a line.
fn is_opening(c: char) -> bool {
    matches!(c, '（' | '《' | '「' | '『' | '【' | '“' | '‘' | '(')
}

/// A piece of text the browser does not break inside (unless it is wider
/// than a line): one Han character with the marks glued to it, or one word.
/// `text` is a slice of the measured text, so tokenising never allocates.
#[derive(Debug, Clone)]
struct Token<'a> {
    text: &'a str,
    em: f64,
    space: bool,
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out: Vec<Token> = Vec::new();
    let mut glue_next = false;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        let c = if c == '\n' || c == '\t' { ' ' } else { c };
        let em = char_em(c);
        if c == ' ' {
            if out.last().is_some_and(|t| t.space) {
                continue; // collapsed by the browser
            }
            out.push(Token {
                text: " ",
                em,
                space: true,
            });
            in_word = false;
            glue_next = false;
            continue;
        }
        let word_char = !is_cjk(c) && (c.is_alphanumeric() || c.is_ascii_punctuation());
        let joins = glue_next
            || (is_closing(c) && out.last().is_some_and(|t| !t.space))
            || (word_char && in_word);
        match out.last_mut() {
            // The previous token ends right before this character.
            Some(last) if joins => {
                let start = last.text.as_ptr() as usize - text.as_ptr() as usize;
                last.text = &text[start..end];
                last.em += em;
            }
            _ => out.push(Token {
                text: &text[i..end],
                em,
                space: false,
            }),
        }
        in_word = word_char;
        glue_next = is_opening(c);
    }
    out
}

/// Lines of `text` in a column `capacity` em wide (at least 1 for any text).
/// Counts the way [`wrap`] breaks, without building the lines.
pub fn lines(text: &str, capacity: f64) -> usize {
    count_lines(&tokens(text.trim()), capacity)
}

fn count_lines(tokens: &[Token], capacity: f64) -> usize {
    let capacity = capacity.max(1.0);
    let mut count = 0;
    let mut width: f64 = 0.0;
    let mut has_text = false;
    for t in tokens {
        if t.space {
            if width > 0.0 {
                width += t.em;
            }
            continue;
        }
        if width + t.em <= capacity + 1e-9 {
            width += t.em;
            has_text = true;
            continue;
        }
        if width > 0.0 {
            count += 1;
            width = 0.0;
        }
        for c in t.text.chars() {
            let em = char_em(c);
            if width + em > capacity + 1e-9 && width > 0.0 {
                count += 1;
                width = 0.0;
            }
            width += em;
            has_text = true;
        }
    }
    count + usize::from(has_text && width > 0.0)
}

/// The text broken into lines as the browser would (roughly, erring long).
pub fn wrap(text: &str, capacity: f64) -> Vec<String> {
    let capacity = capacity.max(1.0);
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut width = 0.0;
    for t in tokens(text.trim()) {
        if t.space {
            if width > 0.0 {
                line.push(' ');
                width += t.em;
            }
            continue;
        }
        if width + t.em <= capacity + 1e-9 {
            line.push_str(t.text);
            width += t.em;
            continue;
        }
        if width > 0.0 {
            out.push(std::mem::take(&mut line).trim_end().to_string());
            width = 0.0;
        }
        // A token wider than the whole line is broken anywhere.
        for c in t.text.chars() {
            let em = char_em(c);
            if width + em > capacity + 1e-9 && width > 0.0 {
                out.push(std::mem::take(&mut line));
                width = 0.0;
            }
            line.push(c);
            width += em;
        }
    }
    if !line.trim().is_empty() {
        out.push(line.trim_end().to_string());
    }
    out
}

/// `text` cut to at most `max_lines` lines, ending with … when cut.
pub fn truncate(text: &str, capacity: f64, max_lines: usize) -> String {
    let wrapped = wrap(text, capacity);
    if wrapped.len() <= max_lines {
        return text.trim().to_string();
    }
    if max_lines == 0 {
        return String::new();
    }
    let mut kept: String = wrapped[..max_lines - 1].concat();
    let mut last: Vec<char> = wrapped[max_lines - 1].chars().collect();
    // Room for the ellipsis, and no pause mark right before it.
    while !last.is_empty() && (text_em(&last.iter().collect::<String>()) + 1.0 > capacity) {
        last.pop();
    }
    while last
        .last()
        .is_some_and(|c| is_closing(*c) || is_opening(*c) || c.is_whitespace())
    {
        last.pop();
    }
    kept.extend(last);
    kept.push('…');
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counting_lines_agrees_with_wrapping() {
        let texts = [
            "从建筑物中抛掷物品造成他人损害的，由侵权人依法承担侵权责任。",
            "Call 12348 或 96110 for help, “安全账户”是骗局！",
            "  ",
            "短",
            "中华人民共和国反电信网络诈骗法（2022年施行）规定了……",
        ];
        for t in texts {
            for cap in [1.0, 3.0, 7.5, 12.0, 40.0] {
                assert_eq!(lines(t, cap), wrap(t, cap).len(), "{t:?} at {cap}");
            }
        }
    }

    #[test]
    fn the_memo_counts_like_lines() {
        let texts = ["禁止从建筑物中抛掷物品，造成损害的依法承担责任。", "短"];
        let memo = Memo::default();
        for t in texts {
            for cap in [3.0, 7.5, 40.0] {
                assert_eq!(memo.lines(t, cap), lines(t, cap));
                assert_eq!(
                    memo.lines(t, cap),
                    lines(t, cap),
                    "second time from the memo"
                );
            }
        }
    }

    #[test]
    fn han_characters_are_one_em() {
        assert_eq!(text_em("民法典"), 3.0);
        assert_eq!(text_em("，。"), 2.0);
        assert!(text_em("12348") < 3.5);
    }

    #[test]
    fn counts_lines_of_chinese() {
        let ten = "禁止从建筑物中抛掷物品";
        assert_eq!(lines(ten, 11.0), 1);
        assert_eq!(lines(ten, 5.0), 3);
        assert_eq!(lines("", 5.0), 0);
    }

    #[test]
    fn closing_marks_never_start_a_line() {
        // Five characters then a comma in a 5-em line: the comma pulls the
        // fifth character down with it.
        let w = wrap("一二三四五，六七", 5.0);
        assert_eq!(w, vec!["一二三四", "五，六七"]);
        let w = wrap("一二三四（五）", 5.0);
        assert_eq!(w[0], "一二三四");
    }

    #[test]
    fn latin_words_stay_whole_and_long_ones_break() {
        let w = wrap("拨打 12348 热线", 4.0);
        assert!(w.iter().any(|l| l.contains("12348")), "{w:?}");
        let long = "https://example.org/cases/gaokong-paowu/";
        assert!(lines(long, 10.0) >= 2);
    }

    #[test]
    fn truncates_to_lines_with_an_ellipsis() {
        let text = "从高处抛掷物品造成他人损害的，由侵权人依法承担侵权责任。";
        let cut = truncate(text, 6.0, 2);
        assert!(cut.ends_with('…'), "{cut}");
        assert_eq!(lines(&cut, 6.0), 2, "{cut}");
        assert_eq!(truncate("短句", 6.0, 2), "短句");
        assert_eq!(truncate(text, 6.0, 0), "");
    }
}
