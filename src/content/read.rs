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
    .with_hint(
        "open it in a text editor and save it again as \"UTF-8\" (记事本: 另存为 → 编码 UTF-8; WPS/Excel: 另存为 CSV UTF-8)",
    )
}

/// Names the legacy encoding the bytes decode in without errors.
pub fn guess_encoding(bytes: &[u8]) -> &'static str {
    let candidates: [(&encoding_rs::Encoding, &str); 3] = [
        (encoding_rs::GBK, "GBK (简体中文 Windows)"),
        (encoding_rs::BIG5, "Big5 (繁體中文)"),
        (encoding_rs::UTF_16LE, "UTF-16"),
    ];
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return "UTF-16";
    }
    for (encoding, name) in candidates {
        let (_, had_errors) = encoding.decode_without_bom_handling(bytes);
        if !had_errors {
            return name;
        }
    }
    "an unknown encoding or a binary file"
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
    }
}
