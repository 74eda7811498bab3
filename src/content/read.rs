//! Reads a text file the way volunteers' editors save them: UTF-8 with or
//! without a BOM, CRLF or LF line ends. Anything else is refused with the
//! encoding it most likely is and how to re-save it.

use std::path::Path;

use crate::diagnostic::Diagnostic;

/// Content and template files larger than this are refused: no article or
/// catalogue is that long, and a page that size would not open on a phone.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The file's text with BOM removed and line ends made `\n`.
pub fn read_text(path: &Path, shown_as: &Path) -> Result<String, Diagnostic> {
    decode(read_bytes(path, shown_as)?, shown_as)
}

/// The file's bytes, refusing files over [`MAX_FILE_BYTES`] before reading them.
pub fn read_bytes(path: &Path, shown_as: &Path) -> Result<Vec<u8>, Diagnostic> {
    let size = std::fs::metadata(path)
        .map_err(|e| Diagnostic::io(shown_as, "read the file", &e))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            shown_as,
            format!(
                "the file is too large ({:.1} MB; at most {} MB)",
                size as f64 / (1024.0 * 1024.0),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        )
        .with_hint(
            "split it into several files, or put large downloads in static/ and link to them",
        ));
    }
    std::fs::read(path).map_err(|e| Diagnostic::io(shown_as, "read the file", &e))
}

pub fn decode(bytes: Vec<u8>, shown_as: &Path) -> Result<String, Diagnostic> {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => return Err(not_utf8(err.as_bytes(), err.utf8_error(), shown_as)),
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    })
}

fn not_utf8(bytes: &[u8], err: std::str::Utf8Error, shown_as: &Path) -> Diagnostic {
    let valid = &bytes[..err.valid_up_to()];
    let text_before = std::str::from_utf8(valid).unwrap_or_default();
    let (line, col) = crate::text::line_col(text_before, text_before.len());
    let guess = guess_encoding(bytes);
    Diagnostic::error(
        shown_as,
        format!("the file is not UTF-8 text; it looks like {guess}"),
    )
    .at(line, col)
    .with_hint(resave_hint(shown_as))
}

/// How to save a file again as UTF-8, in the program it was most likely written with.
pub fn resave_hint(path: &Path) -> &'static str {
    let spreadsheet = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if spreadsheet {
        "in Excel or WPS 表格 choose 另存为 → \"CSV UTF-8 (逗号分隔)\""
    } else {
        "open it in a text editor and save it again as \"UTF-8\" (记事本: 另存为 → 编码 选 UTF-8; VS Code: 右下角编码 → 通过编码保存 → UTF-8)"
    }
}

/// Names the legacy encoding the bytes most likely are.
pub fn guess_encoding(bytes: &[u8]) -> &'static str {
    let nuls = bytes.iter().filter(|b| **b == 0).count();
    let bom = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    if bom || nuls * 10 >= bytes.len().max(1) {
        return "UTF-16";
    }
    if looks_like_gbk(bytes) {
        return "GBK (简体中文 Windows)";
    }
    if looks_like_big5(bytes) {
        return "Big5 (繁體中文)";
    }
    let (_, had_errors) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    if nuls == 0 && !had_errors {
        return "a Western European encoding (Latin-1 / Windows-1252)";
    }
    "an unknown encoding or a binary file"
}

/// Two-byte characters of a legacy Chinese encoding: (lead, trail) pairs.
fn pairs(bytes: &[u8]) -> Vec<(u8, u8)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] < 0x80 {
            i += 1;
        } else {
            out.push((bytes[i], bytes.get(i + 1).copied().unwrap_or(0)));
            i += 2;
        }
    }
    out
}

/// Whether the bytes read as GBK without errors *and* look like Chinese
/// written in it: nearly every character in GBK's common range (both bytes
/// high), as text from Chinese Windows is. Big5 or Latin-1 text also
/// decodes as GBK, but into rare characters and the private-use area.
pub fn looks_like_gbk(bytes: &[u8]) -> bool {
    let (_, had_errors) = encoding_rs::GBK.decode_without_bom_handling(bytes);
    if had_errors {
        return false;
    }
    let pairs = pairs(bytes);
    let rare = pairs
        .iter()
        .filter(|(lead, trail)| *trail < 0xA1 || (0xAA..=0xAF).contains(lead) || *lead >= 0xF8)
        .count();
    rare * 5 <= pairs.len()
}

/// Whether the bytes read as Big5 and mostly in its range of frequent characters.
fn looks_like_big5(bytes: &[u8]) -> bool {
    let (_, had_errors) = encoding_rs::BIG5.decode_without_bom_handling(bytes);
    if had_errors {
        return false;
    }
    let pairs = pairs(bytes);
    let frequent = pairs
        .iter()
        .filter(|(lead, _)| (0xA1..=0xC6).contains(lead))
        .count();
    frequent * 2 >= pairs.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_accepted() {
        let text = decode(
            b"\xEF\xBB\xBF---\r\ntitle: a\r\n---\r\n".to_vec(),
            Path::new("a.md"),
        );
        assert_eq!(text.unwrap(), "---\ntitle: a\n---\n");
    }

    #[test]
    fn gbk_is_recognised() {
        let (gbk, _, _) = encoding_rs::GBK.encode("---\ntitle: 高空抛物\n---\n");
        let err = decode(gbk.into_owned(), Path::new("a.md")).unwrap_err();
        assert!(err.message.contains("GBK"), "{}", err.message);
        assert_eq!(err.line, Some(2));
        // A Markdown file is not a spreadsheet: no Excel in the hint.
        let hint = err.hint.unwrap();
        assert!(hint.contains("记事本") && !hint.contains("Excel"), "{hint}");
    }

    #[test]
    fn other_encodings_are_told_apart() {
        let (big5, _, _) = encoding_rs::BIG5.encode("中華人民共和國民法典，高空拋物");
        assert_eq!(guess_encoding(&big5), "Big5 (繁體中文)");
        assert!(!looks_like_gbk(&big5));
        let (gbk, _, _) = encoding_rs::GBK.encode("中华人民共和国民法典，高空抛物");
        assert!(looks_like_gbk(&gbk));
        let latin1 = b"title: Caf\xe9 na\xefve r\xe9sum\xe9\n";
        assert_eq!(
            guess_encoding(latin1),
            "a Western European encoding (Latin-1 / Windows-1252)"
        );
        assert_eq!(guess_encoding(b"\xff\xfe-\x00-\x00"), "UTF-16");
        assert_eq!(guess_encoding(b"t\x00i\x00t\x00"), "UTF-16");
    }
}
