//! Privacy (个人信息保护法): a mainland mobile number (11 digits starting
//! 13–19, written plain, 3-4-4, or after +86, in ASCII or full-width
//! digits) or an 18-character resident ID number (with a real birth date and
//! check digit) anywhere in published text is an error: front matter, body,
//! catalogue rows, and the published settings in `site.toml` (description,
//! hotlines, labels, extra). A contact with `publish_phone: true` may show
//! phone numbers, never ID numbers; a contact's own `phone:` line is not
//! published without it, so it is not scanned.
//!
//! Full names in case titles are [`super::names`]'.

use chrono::NaiveDate;
use std::path::Path;

use crate::content::{Item, Kind};
use crate::diagnostic::Diagnostic;
use crate::site::Site;
use crate::text::line_col;

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for item in site.entries.iter().map(|e| &e.item) {
        scan_item(item, &mut problems);
        if item.kind == Kind::Case {
            problems.extend(super::names::full_name_in_title(item));
        }
    }
    problems.extend(scan_config(&site.root));
    problems
}

/// What a scan knows of the text's file.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    pub source: &'a Path,
    /// `row 3: ` for a catalogue row, else empty.
    pub row: &'a str,
    pub kind: Kind,
    /// A contact with `publish_phone: true`: its phone numbers are published on purpose.
    pub phones_published: bool,
}

/// Scans an item's front matter (or catalogue row) and body.
pub fn scan_item(item: &Item, out: &mut Vec<Diagnostic>) {
    let row = item.row_prefix();
    let scope = Scope {
        source: &item.source,
        row: &row,
        kind: item.kind,
        phones_published: item.kind == Kind::Contact && item.fm.publish_phone,
    };
    scan(scope, &item.yaml, item.yaml_line, true, out);
    scan(scope, &item.body, item.body_line, false, out);
}

/// Reports every number in `text` (starting on file line `first_line`);
/// `front` when the text is front matter.
pub fn scan(scope: Scope, text: &str, first_line: usize, front: bool, out: &mut Vec<Diagnostic>) {
    for found in find_numbers(text) {
        let (line, col) = line_col(text, found.offset);
        let line_text = text.lines().nth(line - 1).unwrap_or_default();
        let own_phone =
            front && scope.kind == Kind::Contact && line_text.trim_start().starts_with("phone:");
        if found.what == Found::Mobile && (own_phone || scope.phones_published) {
            continue;
        }
        let mut d = number_found(scope.source, &found, scope.kind == Kind::Contact);
        d.message.insert_str(0, scope.row);
        out.push(d.at(first_line + line - 1, col));
    }
}

/// The published string values of `site.toml`, scanned where they are written.
pub fn scan_config(root: &Path) -> Vec<Diagnostic> {
    let path = Path::new(crate::config::CONFIG_FILE);
    let Ok(text) = std::fs::read_to_string(root.join(path)) else {
        return Vec::new();
    };
    // Its syntax errors are reported by the settings themselves.
    let Ok(table) = toml::de::DeTable::parse(&text) else {
        return Vec::new();
    };
    let mut strings = Vec::new();
    for (_, value) in table.get_ref().iter() {
        strings_in(value, &mut strings);
    }
    let mut out = Vec::new();
    for span in strings {
        for found in find_numbers(&text[span.clone()]) {
            let (line, col) = line_col(&text, span.start + found.offset);
            out.push(number_found(path, &found, false).at(line, col));
        }
    }
    out
}

fn strings_in(value: &toml::Spanned<toml::de::DeValue>, out: &mut Vec<std::ops::Range<usize>>) {
    match value.get_ref() {
        toml::de::DeValue::String(_) => out.push(value.span()),
        toml::de::DeValue::Array(items) => {
            for item in items.iter() {
                strings_in(item, out);
            }
        }
        toml::de::DeValue::Table(table) => {
            for (_, v) in table.iter() {
                strings_in(v, out);
            }
        }
        _ => {}
    }
}

/// The problem for one number found, masked so the message itself does not
/// spread it.
fn number_found(source: &Path, found: &Number, in_contact: bool) -> Diagnostic {
    let (message, hint) = match found.what {
        Found::Mobile => (
            format!(
                "a mobile phone number ({}) would be published",
                mask(&found.digits)
            ),
            if in_contact {
                "remove it, or publish it on purpose with `publish_phone: true` (only for a lawyer's or an office's work phone)"
            } else {
                "remove it: residents' and volunteers' phones must not be published. A lawyer's work phone belongs in a contact file with `publish_phone: true`"
            },
        ),
        Found::IdNumber => (
            format!(
                "an ID card number ({}) would be published",
                mask(&found.digits)
            ),
            "remove it: ID numbers must never be published (个人信息保护法)",
        ),
    };
    Diagnostic::error(source, message).with_hint(hint)
}

fn mask(digits: &str) -> String {
    let n = digits.chars().count();
    digits
        .chars()
        .enumerate()
        .map(|(i, c)| if i < 3 || i + 4 >= n { c } else { '*' })
        .collect()
}

#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    Mobile,
    IdNumber,
}

#[derive(Debug)]
pub struct Number {
    /// Byte offset of the number's first character (or of its `+`).
    pub offset: usize,
    /// The digits, in ASCII.
    pub digits: String,
    pub what: Found,
}

/// A character as the scanner reads it: full-width digits, plus, hyphens
/// and spaces (typed with a Chinese input method) count as their ASCII forms.
fn normal(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '＋' => '+',
        '－' | '‐' | '‑' | '–' => '-',
        '\u{3000}' | '\u{a0}' => ' ',
        'Ｘ' | 'ｘ' => 'X',
        _ => c,
    }
}

/// Mobile and ID numbers in `text`: runs of digits joined by single spaces or
/// hyphens, not touching other digits.
pub fn find_numbers(text: &str) -> Vec<Number> {
    let chars: Vec<(usize, char)> = text.char_indices().map(|(i, c)| (i, normal(c))).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_ascii_digit() {
            i += 1;
            continue;
        }
        // One run: digit groups separated by a single '-' or ' '.
        let start = i;
        let mut groups: Vec<String> = vec![String::new()];
        let mut j = i;
        while j < chars.len() {
            let c = chars[j].1;
            if c.is_ascii_digit() || (matches!(c, 'X' | 'x') && groups.concat().len() == 17) {
                if let Some(g) = groups.last_mut() {
                    g.push(c.to_ascii_uppercase());
                }
                j += 1;
            } else if matches!(c, '-' | ' ')
                && chars.get(j + 1).is_some_and(|(_, n)| n.is_ascii_digit())
            {
                groups.push(String::new());
                j += 1;
            } else {
                break;
            }
        }
        i = j.max(i + 1);
        let lens: Vec<usize> = groups.iter().map(String::len).collect();
        let digits = groups.concat();
        let plain_or = |shape: &[usize]| lens.len() == 1 || lens == shape;
        let plus = start > 0 && chars[start - 1].1 == '+';
        let offset = chars[if plus { start - 1 } else { start }].0;
        let country_code = digits.len() == 13
            && digits.starts_with("86")
            && is_mobile(&digits[2..])
            && (lens == [2, 11] || lens == [2, 3, 4, 4] || (plus && lens == [13]));
        if digits.len() == 11 && is_mobile(&digits) && plain_or(&[3, 4, 4]) {
            out.push(Number {
                offset,
                digits,
                what: Found::Mobile,
            });
        } else if country_code {
            out.push(Number {
                offset,
                digits: digits[2..].to_string(),
                what: Found::Mobile,
            });
        } else if digits.len() == 18 && is_id_number(&digits) && plain_or(&[6, 8, 4]) {
            out.push(Number {
                offset,
                digits,
                what: Found::IdNumber,
            });
        }
    }
    out
}

fn is_mobile(digits: &str) -> bool {
    let b = digits.as_bytes();
    b.len() == 11
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
        && digits.bytes().all(|c| c.is_ascii_digit())
}

/// An 18-character resident ID: a real birth date and a valid check character.
pub fn is_id_number(id: &str) -> bool {
    let b = id.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let birth = NaiveDate::parse_from_str(&id[6..14], "%Y%m%d");
    if !birth.is_ok_and(|d| (1900..=2100).contains(&chrono::Datelike::year(&d))) {
        return false;
    }
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let sum: u32 = b[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(c, w)| u32::from(c - b'0') * w)
        .sum();
    CHECK[(sum % 11) as usize] == b[17]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Found, String)> {
        find_numbers(text)
            .into_iter()
            .map(|n| (n.what, n.digits))
            .collect()
    }

    #[test]
    fn mobile_numbers_in_their_usual_forms() {
        let m = |d: &str| vec![(Found::Mobile, d.to_string())];
        assert_eq!(kinds("电话13812345678。"), m("13812345678"));
        assert_eq!(kinds("电话 138-1234-5678"), m("13812345678"));
        assert_eq!(kinds("+86 138 1234 5678"), m("13812345678"));
        assert_eq!(kinds("+8613812345678"), m("13812345678"));
        assert_eq!(kinds("手机１３８１２３４５６７８"), m("13812345678"));
        assert_eq!(kinds("＋86 138－1234－5678"), m("13812345678"));
        assert_eq!(kinds("电话\u{3000}138 1234 5678"), m("13812345678"));
        assert!(kinds("热线12348，编号 123812345678，12012345678").is_empty());
        assert!(kinds("1381234567").is_empty());
        // Without a plus, 13 digits are some other number.
        assert!(kinds("订单8613812345678").is_empty());
    }

    #[test]
    fn numbers_are_placed_at_their_first_character() {
        let text = "咨询：＋8613812345678";
        let n = &find_numbers(text)[0];
        assert_eq!(line_col(text, n.offset), (1, 4));
    }

    #[test]
    fn id_numbers_need_a_date_and_check_digit() {
        // 11010519491231002X is the standard's example number.
        assert_eq!(
            kinds("身份证11010519491231002X号"),
            [(Found::IdNumber, "11010519491231002X".into())]
        );
        assert_eq!(
            kinds("身份证１１０１０５１９４９１２３１００２Ｘ"),
            [(Found::IdNumber, "11010519491231002X".into())]
        );
        assert!(kinds("110105194912310021").is_empty());
        assert!(kinds("110105194913310023").is_empty());
    }

    #[test]
    fn masks_the_middle() {
        assert_eq!(mask("13812345678"), "138****5678");
    }

    #[test]
    fn a_contact_publishing_its_phone_still_hides_id_numbers() {
        let item = crate::content::load::parse_item(
            "---\nname: 陈律师\nrole: 律师\nphone: \"13712345678\"\npublish_phone: true\n---\n电话 13712345678，身份证11010519491231002X\n",
            "content/contacts/chen.md".into(),
            Kind::Contact,
        )
        .unwrap();
        let mut out = Vec::new();
        scan_item(&item, &mut out);
        let found: Vec<_> = out
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [(
                Some(7),
                Some(19),
                "an ID card number (110***********002X) would be published"
            )]
        );
    }
}
