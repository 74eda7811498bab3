//! The top-level shape of front matter as written, line by line, before and
//! beside the YAML parser: which key starts on which line and which lines
//! belong to it, so that one bad key can be reported and set aside while
//! the others are still read, and so that mistakes the parser explains
//! badly (a full-width colon `：` after a key) are caught first.

use std::ops::Range;

/// Top-level keys as written, with their file line (`first_line` is the
/// file line of the first YAML line).
pub fn top_level_keys(yaml: &str, first_line: usize) -> Vec<(String, usize)> {
    yaml.lines()
        .enumerate()
        .filter_map(|(i, line)| key_of_line(line).map(|key| (key.to_string(), first_line + i)))
        .collect()
}

/// The key a line starts, when it is a top-level `key: …` line.
fn key_of_line(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t']) {
        return None;
    }
    // A quoted key: `"title": …`.
    if let Some(quote) = line.chars().next().filter(|c| matches!(c, '"' | '\'')) {
        let close = line[1..].find(quote)? + 1;
        let key = &line[1..close];
        let colon = line[close + 1..].trim_start().starts_with(':');
        return (colon && !key.is_empty()).then_some(key);
    }
    let key_end = line.find(':')?;
    let key = line[..key_end].trim_end();
    let simple = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    simple.then_some(key)
}

/// The top-level key whose lines hold line `index` (0-based), and those
/// lines: from the key's line up to the next key's line.
pub fn block_at(yaml: &str, index: usize) -> Option<(String, Range<usize>)> {
    let lines: Vec<&str> = yaml.lines().collect();
    let index = index.min(lines.len().checked_sub(1)?);
    let start = (0..=index)
        .rev()
        .find(|i| key_of_line(lines[*i]).is_some())?;
    let end = (start + 1..lines.len())
        .find(|i| key_of_line(lines[*i]).is_some())
        .unwrap_or(lines.len());
    let key = key_of_line(lines[start])?.to_string();
    Some((key, start..end))
}

/// The YAML with the lines in `lines` (0-based) emptied, every other line
/// where it was, so positions in the file stay true.
pub fn blank_lines(yaml: &str, lines: &Range<usize>) -> String {
    let mut out = String::with_capacity(yaml.len());
    for (i, line) in yaml.lines().enumerate() {
        if !lines.contains(&i) {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// The YAML with each top-level key for which `drop` says yes blanked,
/// with the lines that belong to it.
pub fn blank_keys(yaml: &str, drop: impl Fn(&str) -> bool) -> String {
    let mut out = yaml.to_string();
    for (key, index) in top_level_keys(yaml, 0) {
        if drop(&key)
            && let Some((_, lines)) = block_at(&out, index)
        {
            out = blank_lines(&out, &lines);
        }
    }
    out
}

/// A top-level line whose key is followed by a full-width colon `：`
/// (typed with a Chinese input method) instead of `:`.
#[derive(Debug, PartialEq, Eq)]
pub struct FullWidthColon {
    /// 0-based line and 1-based column of the `：`.
    pub index: usize,
    pub column: usize,
    pub key: String,
}

/// Finds keys written `title：…` and returns the YAML with those colons made
/// ASCII (`title: …`), so the rest of the front matter can still be read.
pub fn full_width_colons(yaml: &str) -> (String, Vec<FullWidthColon>) {
    let mut found = Vec::new();
    let mut out = String::with_capacity(yaml.len());
    for (index, line) in yaml.lines().enumerate() {
        match full_width_key(line) {
            Some((key, at)) => {
                let rest = &line[at + '：'.len_utf8()..];
                out.push_str(&line[..at]);
                out.push(':');
                if !rest.starts_with([' ', '\t']) && !rest.is_empty() {
                    out.push(' ');
                }
                out.push_str(rest);
                found.push(FullWidthColon {
                    index,
                    column: line[..at].chars().count() + 1,
                    key: key.to_string(),
                });
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    (out, found)
}

/// `title：民法典` → (`title`, byte offset of `：`), when the line has no
/// ASCII colon before the full-width one and the part before it looks like a key.
fn full_width_key(line: &str) -> Option<(&str, usize)> {
    if line.starts_with([' ', '\t', '-', '#', '"', '\'']) {
        return None;
    }
    let at = line.find('：')?;
    if line[..at].contains(':') {
        return None;
    }
    let key = line[..at].trim_end();
    let simple = !key.is_empty()
        && key.chars().count() <= 20
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    simple.then_some((key, at))
}

/// Whether the value written for top-level `key` is empty (`key:`,
/// `key: []`, `key: ~`) or the key is absent; a key with something
/// written after it, even something unreadable, is not empty.
pub fn written_value_is_empty(yaml: &str, key: &str) -> bool {
    let Some((_, index)) = top_level_keys(yaml, 0).into_iter().find(|(k, _)| k == key) else {
        return true;
    };
    let Some((_, lines)) = block_at(yaml, index) else {
        return true;
    };
    let mut written = String::new();
    for (i, line) in yaml.lines().enumerate().skip(lines.start).take(lines.len()) {
        let part = if i == lines.start {
            line.split_once(':').map_or("", |(_, v)| v)
        } else {
            line
        };
        let part = part.split(" #").next().unwrap_or_default();
        written.push_str(part.trim());
    }
    matches!(written.as_str(), "" | "[]" | "~" | "null" | "\"\"" | "''")
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "title: 甲\ntopics:\n  - 民法典\n- 邻里\nsummary: >\n  很长\n";

    #[test]
    fn keys_and_their_lines() {
        assert_eq!(
            top_level_keys(YAML, 2),
            [
                ("title".to_string(), 2),
                ("topics".to_string(), 3),
                ("summary".to_string(), 6)
            ]
        );
        assert_eq!(block_at(YAML, 3), Some(("topics".to_string(), 1..4)));
        assert_eq!(block_at(YAML, 5), Some(("summary".to_string(), 4..6)));
        assert_eq!(block_at("- a\n- b\n", 1), None);
        assert_eq!(
            top_level_keys("\"titel\": 甲\ntitle : 乙\n", 1),
            [("titel".to_string(), 1), ("title".to_string(), 2)]
        );
    }

    #[test]
    fn blanking_keeps_the_other_lines_in_place() {
        let out = blank_keys(YAML, |k| k == "topics");
        assert_eq!(out, "title: 甲\n\n\n\nsummary: >\n  很长\n");
    }

    #[test]
    fn full_width_colons_are_found_and_mended() {
        let (fixed, found) = full_width_colons("title：民法典\n标题 ： 甲\nsummary: 注意：这里\n");
        assert_eq!(fixed, "title: 民法典\n标题 : 甲\nsummary: 注意：这里\n");
        assert_eq!(
            found,
            [
                FullWidthColon {
                    index: 0,
                    column: 6,
                    key: "title".into()
                },
                FullWidthColon {
                    index: 1,
                    column: 4,
                    key: "标题".into()
                }
            ]
        );
    }

    #[test]
    fn empty_and_written_values() {
        let yaml = "a:\nb: []\nc: x\nd:\n  - y\ne: ~ # none\n";
        assert!(written_value_is_empty(yaml, "a"));
        assert!(written_value_is_empty(yaml, "b"));
        assert!(!written_value_is_empty(yaml, "c"));
        assert!(!written_value_is_empty(yaml, "d"));
        assert!(written_value_is_empty(yaml, "e"));
        assert!(written_value_is_empty(yaml, "absent"));
    }
}
