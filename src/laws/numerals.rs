//! Numbers as Chinese legal texts write them: 一千二百五十四, 十九, 两百,
//! 一千零三十四, the positional 二〇二三, and Arabic or full-width digits
//! (1254, １２５４). Article numbers in citations go through here.

/// The value of `text`, or `None` when it is not a well-formed number.
pub fn parse(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    if text.chars().all(|c| digit_value(c).is_some()) {
        return text.chars().try_fold(0u32, |acc, c| {
            acc.checked_mul(10)?.checked_add(digit_value(c)?)
        });
    }
    parse_with_units(text)
}

/// Whether `c` can be part of a number [`parse`] reads.
pub fn is_numeral(c: char) -> bool {
    digit_value(c).is_some() || unit_value(c).is_some() || c == '两'
}

/// Digits that also stand alone in positional writing (二〇二三).
fn digit_value(c: char) -> Option<u32> {
    Some(match c {
        '0'..='9' => c as u32 - '0' as u32,
        '０'..='９' => c as u32 - '０' as u32,
        '〇' | '零' => 0,
        '一' | '壹' => 1,
        '二' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

fn unit_value(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        '万' => 10_000,
        _ => return None,
    })
}

/// 一千二百五十四: digits multiply the unit after them; 零 only fills a gap.
fn parse_with_units(text: &str) -> Option<u32> {
    let mut total: u32 = 0;
    // The part below 万, the digit waiting for its unit, the last unit used.
    let mut section: u32 = 0;
    let mut digit: Option<u32> = None;
    let mut last_unit = u32::MAX;
    let mut seen_zero = false;
    for c in text.chars() {
        if c == '两' {
            if digit.is_some() {
                return None;
            }
            digit = Some(2);
            continue;
        }
        if let Some(d) = digit_value(c) {
            if d == 0 {
                // 一千零三十四: the zero marks a skipped place.
                if digit.is_some() {
                    return None;
                }
                seen_zero = true;
                continue;
            }
            if digit.is_some() {
                return None;
            }
            digit = Some(d);
            continue;
        }
        let unit = unit_value(c)?;
        if unit == 10_000 {
            section = section.checked_add(digit.take().unwrap_or(0))?;
            if section == 0 || total != 0 {
                return None;
            }
            total = section.checked_mul(10_000)?;
            section = 0;
            last_unit = u32::MAX;
            seen_zero = false;
            continue;
        }
        if unit >= last_unit {
            return None;
        }
        // 十九 means 一十九; elsewhere a bare unit (百) reads as one of it.
        let d = digit.take().unwrap_or(1);
        section = section.checked_add(d.checked_mul(unit)?)?;
        last_unit = unit;
        seen_zero = false;
    }
    if let Some(d) = digit {
        // 一千二百五 is sometimes written for 1250; only accept the plain
        // trailing digit (一千二百五十四's 四), after a 十 or a 零.
        if last_unit != 10 && last_unit != u32::MAX && !seen_zero {
            return None;
        }
        section = section.checked_add(d)?;
    }
    total.checked_add(section)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_numbers_in_chinese() {
        assert_eq!(parse("一千二百五十四"), Some(1254));
        assert_eq!(parse("十九"), Some(19));
        assert_eq!(parse("十"), Some(10));
        assert_eq!(parse("二十"), Some(20));
        assert_eq!(parse("两百"), Some(200));
        assert_eq!(parse("二百九十一"), Some(291));
        assert_eq!(parse("一千零三十四"), Some(1034));
        assert_eq!(parse("一百零五"), Some(105));
        assert_eq!(parse("一千一百四十二"), Some(1142));
        assert_eq!(parse("一百三十"), Some(130));
        assert_eq!(parse("三"), Some(3));
    }

    #[test]
    fn digits_arabic_full_width_and_positional() {
        assert_eq!(parse("1254"), Some(1254));
        assert_eq!(parse("１２５４"), Some(1254));
        assert_eq!(parse("二〇二三"), Some(2023));
        assert_eq!(parse("一万二千"), Some(12_000));
        assert_eq!(parse("壹佰贰拾"), Some(120));
    }

    #[test]
    fn malformed_numbers_are_refused() {
        assert_eq!(parse(""), None);
        assert_eq!(parse("百千"), None);
        assert_eq!(parse("二百千"), None);
        assert_eq!(parse("一二百"), None);
        assert_eq!(parse("条"), None);
        assert_eq!(parse("99999999999"), None);
        assert_eq!(parse("一千二百五"), None);
    }
}
