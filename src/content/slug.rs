//! ASCII URL segments from Chinese or mixed text: Han characters become
//! pinyin syllables joined by hyphens, everything else is lower-cased and
//! anything not a letter or digit becomes a hyphen.

use pinyin::ToPinyin;

pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut pending_hyphen = false;
    let push_word = |out: &mut String, word: &str, pending: &mut bool| {
        if *pending && !out.is_empty() {
            out.push('-');
        }
        *pending = false;
        out.push_str(word);
    };
    let mut last_was_han = false;
    for c in text.chars() {
        if let Some(py) = c.to_pinyin() {
            pending_hyphen = true;
            // ü is not ASCII: write it v, as pinyin keyboards do (nü → nv).
            push_word(&mut out, &py.plain().replace('ü', "v"), &mut pending_hyphen);
            pending_hyphen = true;
            last_was_han = true;
        } else if c.is_ascii_alphanumeric() {
            if last_was_han {
                pending_hyphen = true;
            }
            let mut buf = [0u8; 4];
            let lower = c.to_ascii_lowercase().encode_utf8(&mut buf);
            push_word(&mut out, lower, &mut pending_hyphen);
            last_was_han = false;
        } else {
            pending_hyphen = true;
            last_was_han = false;
        }
    }
    out
}

/// Whether `slug` is already a clean URL segment.
pub fn is_valid(slug: &str) -> bool {
    !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_becomes_pinyin() {
        assert_eq!(slugify("高空抛物"), "gao-kong-pao-wu");
        assert_eq!(slugify("民法典"), "min-fa-dian");
        assert_eq!(slugify("妇女"), "fu-nv");
    }

    #[test]
    fn mixed_text_and_punctuation() {
        assert_eq!(slugify("3·15 消费维权"), "3-15-xiao-fei-wei-quan");
        assert_eq!(slugify("Hello World"), "hello-world");
        assert_eq!(slugify("第1254条"), "di-1254-tiao");
        assert_eq!(slugify("qh-03"), "qh-03");
    }

    #[test]
    fn validity() {
        assert!(is_valid("gao-kong-pao-wu"));
        assert!(!is_valid("高空"));
        assert!(!is_valid("A b"));
    }
}
