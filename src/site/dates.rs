//! Chinese date formats: 2023年5月12日, 2023年5月, and ISO forms for feeds.

use chrono::{Datelike, NaiveDate};

pub fn day_zh(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

pub fn month_zh(year: i32, month: u32) -> String {
    format!("{year}年{month}月")
}

/// Parses `2023-05-12` or `2023-05`, the forms templates receive.
pub fn parse_loose(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .or_else(|| NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").ok())
}

pub fn weekday_zh(d: NaiveDate) -> &'static str {
    [
        "星期一",
        "星期二",
        "星期三",
        "星期四",
        "星期五",
        "星期六",
        "星期日",
    ][d.weekday().num_days_from_monday() as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_forms() {
        let d = NaiveDate::from_ymd_opt(2023, 5, 12).unwrap();
        assert_eq!(day_zh(d), "2023年5月12日");
        assert_eq!(month_zh(2023, 5), "2023年5月");
        assert_eq!(weekday_zh(d), "星期五");
        assert_eq!(parse_loose("2023-05"), NaiveDate::from_ymd_opt(2023, 5, 1));
    }
}
