//! Privacy (个人信息保护法): a mainland mobile number (11 digits starting
//! 13–19, written plain or 3-4-4) or an 18-character resident ID number
//! (with a real birth date and check digit) anywhere in published text is an
//! error, except in a contact with `publish_phone: true`. A contact's own
//! `phone:` line is not published without it, so it is not scanned.
//!
//! A case study whose title names a person in full (王建国 rather than 王某)
//! is a warning: the surname-and-given-name test is a heuristic.

use chrono::NaiveDate;

use crate::content::{Item, Kind};
use crate::diagnostic::Diagnostic;
use crate::site::Site;
use crate::text::line_col;

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for item in site.entries.iter().map(|e| &e.item) {
        if item.kind == Kind::Contact && item.fm.publish_phone {
            continue;
        }
        scan(item, &item.yaml, item.yaml_line, true, &mut problems);
        scan(item, &item.body, item.body_line, false, &mut problems);
        if item.kind == Kind::Case {
            problems.extend(full_name_in_title(item));
        }
    }
    problems
}

/// Reports every number in `text` (starting on file line `first_line`).
fn scan(item: &Item, text: &str, first_line: usize, front: bool, out: &mut Vec<Diagnostic>) {
    for found in find_numbers(text) {
        let (line, col) = line_col(text, found.offset);
        let line_text = text.lines().nth(line - 1).unwrap_or_default();
        if front && item.kind == Kind::Contact && line_text.trim_start().starts_with("phone:") {
            continue;
        }
        let (message, hint) = match found.what {
            Found::Mobile => (
                format!(
                    "a mobile phone number ({}) would be published",
                    mask(&found.digits)
                ),
                "remove it: residents' and volunteers' phones must not be published. A lawyer's work phone belongs in a contact file with `publish_phone: true`",
            ),
            Found::IdNumber => (
                format!(
                    "an ID card number ({}) would be published",
                    mask(&found.digits)
                ),
                "remove it: ID numbers must never be published (个人信息保护法)",
            ),
        };
        out.push(
            Diagnostic::error(&item.source, message)
                .at(first_line + line - 1, col)
                .with_hint(hint),
        );
    }
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
    pub offset: usize,
    pub digits: String,
    pub what: Found,
}

/// Mobile and ID numbers in `text`: runs of digits joined by single spaces or
/// hyphens, not touching other digits.
pub fn find_numbers(text: &str) -> Vec<Number> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
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
        let offset = chars[start].0;
        if digits.len() == 11 && is_mobile(&digits) && plain_or(&[3, 4, 4]) {
            out.push(Number {
                offset,
                digits,
                what: Found::Mobile,
            });
        } else if digits.len() == 13
            && digits.starts_with("86")
            && is_mobile(&digits[2..])
            && (lens == [2, 11] || lens == [2, 3, 4, 4])
        {
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

/// Common surnames: a full name is one of these and one or two more characters.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";
/// Characters before a name: start of a clause, a party, a relation or a role.
const BEFORE: &str = "诉告与和及、：:“\"《（(人师工员民主户东妻夫子女父母岁翁婆姐哥弟妹";
/// Characters after a name that end it.
const AFTER: &str = "诉与和及因被等案、，,：:”\"》）)。！？向将把";
/// What follows a surname without being a given name.
const NOT_NAMES: &[&str] = &[
    "某", "氏", "家", "姓", "总", "叔", "伯", "姨", "哥", "姐", "嫂", "婶", "师", "老", "女", "先",
    "小", "大", "阿", "律", "法", "医", "经", "某某", "先生", "女士", "小姐", "大爷", "大妈",
    "大娘", "阿姨", "老人", "老太", "老汉", "奶奶", "爷爷", "师傅", "律师", "法官", "老师", "同学",
    "医生", "经理", "书记", "主任", "警官",
];

/// A warning when a case title seems to name a person in full.
fn full_name_in_title(item: &Item) -> Option<Diagnostic> {
    let chars: Vec<char> = item.title.chars().collect();
    let is_han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    for i in 0..chars.len() {
        if !SURNAMES.contains(chars[i]) {
            continue;
        }
        let before_ok = i == 0 || !is_han(chars[i - 1]) || BEFORE.contains(chars[i - 1]);
        if !before_ok {
            continue;
        }
        for len in [2usize, 1] {
            let Some(given) = chars.get(i + 1..i + 1 + len) else {
                continue;
            };
            let given: String = given.iter().collect();
            if !given.chars().all(is_han)
                || NOT_NAMES.iter().any(|n| given.starts_with(n))
                || given.contains('某')
            {
                continue;
            }
            let after = chars.get(i + 1 + len).copied();
            if after.is_none_or(|c| !is_han(c) || AFTER.contains(c)) {
                let name = format!("{}{given}", chars[i]);
                let (line, col) = item.key_position("title");
                return Some(
                    Diagnostic::warning(
                        &item.source,
                        format!("the title seems to name a person in full (“{name}”)"),
                    )
                    .at(line, col)
                    .with_hint(format!(
                        "case studies keep people anonymous: write {}某 instead",
                        chars[i]
                    )),
                );
            }
        }
    }
    None
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
        assert_eq!(
            kinds("电话13812345678。"),
            [(Found::Mobile, "13812345678".into())]
        );
        assert_eq!(
            kinds("电话 138-1234-5678"),
            [(Found::Mobile, "13812345678".into())]
        );
        assert_eq!(
            kinds("+86 138 1234 5678"),
            [(Found::Mobile, "13812345678".into())]
        );
        assert!(kinds("热线12348，编号 123812345678，12012345678").is_empty());
        assert!(kinds("1381234567").is_empty());
    }

    #[test]
    fn id_numbers_need_a_date_and_check_digit() {
        // 11010519491231002X is the standard's example number.
        assert_eq!(
            kinds("身份证11010519491231002X号"),
            [(Found::IdNumber, "11010519491231002X".into())]
        );
        assert!(kinds("110105194912310021").is_empty());
        assert!(kinds("110105194913310023").is_empty());
    }

    #[test]
    fn masks_the_middle() {
        assert_eq!(mask("13812345678"), "138****5678");
    }

    fn title_warns(title: &str) -> bool {
        let item = crate::content::load::parse_item(
            &format!("---\ntitle: {title}\ndate: 2023-05-01\n---\n"),
            "content/cases/a.md".into(),
            Kind::Case,
        )
        .unwrap();
        full_name_in_title(&item).is_some()
    }

    #[test]
    fn full_names_in_case_titles() {
        assert!(title_warns("张伟诉李娜房屋租赁合同纠纷案"));
        assert!(title_warns("居民王建国被骗二十万元"));
        assert!(!title_warns("张某诉李某房屋租赁合同纠纷案"));
        assert!(!title_warns("高空抛物致人受伤，谁来赔偿"));
        assert!(!title_warns("王大爷买保健品被骗"));
        assert!(!title_warns("房东扣押金不退"));
        assert!(!title_warns("马路上的“碰瓷”"));
    }
}
