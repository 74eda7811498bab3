//! The law-book catalogue: ISBN-10 and ISBN-13 check digits (ISSN for
//! periodicals), the same ISBN catalogued twice, and books without a
//! category (a warning: they are listed under 未分类).

use std::collections::HashMap;

use crate::content::Kind;
use crate::diagnostic::Diagnostic;
use crate::site::Site;

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut seen: HashMap<String, &crate::content::Item> = HashMap::new();
    let mut books: Vec<_> = site
        .index
        .of_kind(Kind::Book)
        .iter()
        .map(|i| &site.entries[*i].item)
        .collect();
    books.sort_by(|a, b| (&a.source, a.yaml_line).cmp(&(&b.source, b.yaml_line)));
    for item in books {
        let periodical = item
            .fm
            .format
            .as_ref()
            .is_some_and(|f| f.value == "periodical");
        let row = item.row_prefix();
        if let Some(isbn) = &item.fm.isbn {
            let (line, col) = item.position_of(isbn);
            let written = isbn.value.0.trim();
            match check_number(written, periodical) {
                Ok(key) => {
                    if let Some(first) = seen.get(&key) {
                        problems.push(
                            Diagnostic::error(
                                &item.source,
                                format!(
                                    "{row}ISBN {} is already catalogued: {}:{} ({})",
                                    bare_number(written),
                                    first.source.display(),
                                    first.yaml_line,
                                    first.title
                                ),
                            )
                            .at(line, col)
                            .with_hint("catalogue a book once and give its number of `copies`"),
                        );
                    } else {
                        seen.insert(key, item);
                    }
                }
                Err(why) => problems.push(
                    Diagnostic::error(&item.source, format!("{row}{why}"))
                        .at(line, col)
                        .with_hint("copy the number again from the back cover or the copyright page (版权页)"),
                ),
            }
        }
        if item
            .fm
            .category
            .as_deref()
            .is_none_or(|c| c.trim().is_empty())
        {
            let (line, col) = item.key_position("category");
            problems.push(
                Diagnostic::warning(&item.source, format!("{row}“{}” has no category; it is listed under 未分类", item.title))
                    .at(line, col)
                    .with_hint("add a category such as 民法, 刑法, 劳动, 反诈 (column `category` / 分类 in a spreadsheet)"),
            );
        }
    }
    problems
}

/// The number without an `ISBN`/`ISSN` label in front.
fn bare_number(written: &str) -> &str {
    written
        .trim()
        .trim_start_matches("ISBN")
        .trim_start_matches("ISSN")
        .trim_start_matches(['：', ':'])
        .trim()
}

/// The number in a canonical form (ISBN-13, or the ISSN) when it is valid.
pub fn check_number(written: &str, periodical: bool) -> Result<String, String> {
    let bare = bare_number(written);
    let chars: Vec<char> = bare
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let digit = |c: char| c.to_digit(10);
    let last_ok = |c: char| c.is_ascii_digit() || c == 'X';
    let body_digits = |n: usize| chars[..n - 1].iter().all(|c| c.is_ascii_digit());
    match chars.len() {
        13 if chars.iter().all(|c| c.is_ascii_digit()) => {
            let sum: u32 = chars[..12]
                .iter()
                .enumerate()
                .map(|(i, c)| digit(*c).unwrap_or(0) * if i % 2 == 0 { 1 } else { 3 })
                .sum();
            let want = (10 - sum % 10) % 10;
            if !bare.starts_with("978") && !bare.starts_with("979") {
                return Err(format!("ISBN {bare} does not start with 978 or 979"));
            }
            if digit(chars[12]) == Some(want) {
                Ok(chars.iter().collect())
            } else {
                Err(format!(
                    "ISBN {bare} has a wrong check digit: the last digit should be {want}"
                ))
            }
        }
        10 if body_digits(10) && last_ok(chars[9]) => {
            let sum: u32 = chars[..9]
                .iter()
                .enumerate()
                .map(|(i, c)| digit(*c).unwrap_or(0) * (10 - i as u32))
                .sum();
            let want = (11 - sum % 11) % 11;
            let got = if chars[9] == 'X' {
                Some(10)
            } else {
                digit(chars[9])
            };
            if got == Some(want) {
                // Same book as its ISBN-13 form.
                let mut thirteen: String =
                    "978".chars().chain(chars[..9].iter().copied()).collect();
                let s: u32 = thirteen
                    .chars()
                    .enumerate()
                    .map(|(i, c)| digit(c).unwrap_or(0) * if i % 2 == 0 { 1 } else { 3 })
                    .sum();
                thirteen.push(char::from_digit((10 - s % 10) % 10, 10).unwrap_or('0'));
                Ok(thirteen)
            } else {
                let shown = if want == 10 {
                    "X".to_string()
                } else {
                    want.to_string()
                };
                Err(format!(
                    "ISBN {bare} has a wrong check digit: the last character should be {shown}"
                ))
            }
        }
        8 if periodical && body_digits(8) && last_ok(chars[7]) => {
            let sum: u32 = chars[..7]
                .iter()
                .enumerate()
                .map(|(i, c)| digit(*c).unwrap_or(0) * (8 - i as u32))
                .sum();
            let want = (11 - sum % 11) % 11;
            let got = if chars[7] == 'X' {
                Some(10)
            } else {
                digit(chars[7])
            };
            if got == Some(want) {
                Ok(format!("ISSN{}", chars.iter().collect::<String>()))
            } else {
                Err(format!(
                    "ISSN {bare} has a wrong check digit: the last character should be {}",
                    if want == 10 {
                        "X".to_string()
                    } else {
                        want.to_string()
                    }
                ))
            }
        }
        _ => Err(format!(
            "“{written}” is not an ISBN: an ISBN has 13 digits (or 10, the last may be X){}",
            if periodical {
                "; a periodical may give its 8-character ISSN"
            } else {
                ""
            }
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isbn_check_digits() {
        assert!(check_number("978-7-5216-1234-9", false).is_ok());
        assert!(check_number("978-7-5216-1234-2", false).is_err());
        assert!(check_number("9787111213826", false).is_ok());
        assert!(
            check_number("9787111213825", false)
                .unwrap_err()
                .contains("should be 6")
        );
        // ISBN-10 and its ISBN-13 form are the same book.
        assert_eq!(
            check_number("7-111-21382-6", false),
            Err(
                "ISBN 7-111-21382-6 has a wrong check digit: the last character should be 3".into()
            )
        );
        assert_eq!(
            check_number("0-306-40615-2", false).unwrap(),
            "9780306406157"
        );
        assert!(check_number("080442957X", false).is_ok());
        assert!(
            check_number("12345", false)
                .unwrap_err()
                .contains("not an ISBN")
        );
        assert!(check_number("0378-5955", true).is_ok());
        assert_eq!(
            check_number("ISSN 0378-5954", true),
            Err("ISSN 0378-5954 has a wrong check digit: the last character should be 5".into())
        );
    }
}
