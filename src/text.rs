//! Small text helpers shared by every stage: positions in files, CJK
//! character classes, and escaping.

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Han characters, kana, and full-width CJK punctuation: the characters
/// between which a line break must not become a space.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FFF      // radicals, Kangxi
        | 0x3000..=0x303F    // CJK symbols and punctuation 、。「」
        | 0x3040..=0x30FF    // kana
        | 0x3400..=0x4DBF    // extension A
        | 0x4E00..=0x9FFF    // unified ideographs
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFE30..=0xFE4F    // compatibility forms
        | 0xFF00..=0xFFEF    // full-width forms ，！？：；（）
        | 0x20000..=0x3134F  // extensions B–G
    ) || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "标题: 你好\n日期: 错误";
        let offset = text.find("错误").unwrap();
        assert_eq!(line_col(text, offset), (2, 5));
    }

    #[test]
    fn cjk_classes() {
        assert!(is_cjk('法'));
        assert!(is_cjk('，'));
        assert!(is_cjk('“'));
        assert!(!is_cjk('a'));
        assert!(!is_cjk('1'));
    }
}
