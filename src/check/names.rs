//! Full names in case studies (个人信息保护法): a case whose title seems to
//! name a person in full (王建国, 欧阳娜娜 rather than 王某) is a warning.
//! Telling a name from other words needs a dictionary pufa does not have,
//! so this is a heuristic on common and two-character surnames and the
//! characters around them.

use crate::content::Item;
use crate::diagnostic::Diagnostic;

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

/// Function words that practically never stand in a given name, so
/// 应当学, 于是, 高空 are not mistaken for names.
const NEVER_IN_NAMES: &str =
    "的了是在不有个这那们当该对就也都而或从被把给让为以之其所么吗呢吧着过得地能会要可将已应需";

/// Two-character surnames; a name starting with one has one or two more characters.
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "诸葛", "上官", "皇甫", "慕容", "令狐", "夏侯", "尉迟", "公孙", "长孙", "宇文",
    "司徒", "司空", "端木", "西门", "南宫", "独孤", "轩辕", "呼延", "申屠", "澹台", "东郭", "闻人",
    "公冶", "太史", "钟离", "宗政", "濮阳", "淳于", "拓跋", "赫连", "鲜于", "闾丘", "仲孙", "亓官",
    "羊舌", "梁丘", "左丘", "谷梁",
];

/// Words that often follow a name in a case title (欧阳娜娜离婚纠纷). Only
/// trusted after a two-character given name or a two-character surname:
/// after one character they would turn 房屋租赁 into a name.
const AFTER_WORDS: &[&str] = &[
    "离婚", "纠纷", "借款", "借贷", "租赁", "买卖", "合同", "继承", "遗嘱", "赡养", "抚养", "赔偿",
    "诈骗", "盗窃", "侵权", "故意", "交通", "劳动", "一案", "案件", "被骗", "受伤",
];

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// A warning when a case title seems to name a person in full, placed at
/// the name in the title line.
pub fn full_name_in_title(item: &Item) -> Option<Diagnostic> {
    let (name, surname) = full_name(&item.title)?;
    let (line, mut col) = item.key_position("title");
    if let Some(text) = item.yaml.lines().nth(line.saturating_sub(item.yaml_line))
        && let Some(at) = text.find(&name)
    {
        col = text[..at].chars().count() + 1;
    }
    Some(
        Diagnostic::warning(
            &item.source,
            format!("the title seems to name a person in full (“{name}”)"),
        )
        .at(line, col)
        .with_hint(format!(
            "case studies keep people anonymous: write {surname}某 instead"
        )),
    )
}

/// The first full name in `title` and its surname: a surname after the
/// start of a clause, a party or a relation, then one or two characters
/// that are not 某, a title (大爷, 律师) or a function word, then the end of
/// the name.
fn full_name(title: &str) -> Option<(String, String)> {
    let chars: Vec<char> = title.chars().collect();
    for i in 0..chars.len() {
        let before_ok = i == 0 || !is_han(chars[i - 1]) || BEFORE.contains(chars[i - 1]);
        if !before_ok {
            continue;
        }
        let two: String = chars[i..].iter().take(2).collect();
        let surname_len = if COMPOUND_SURNAMES.contains(&two.as_str()) {
            2
        } else if SURNAMES.contains(chars[i]) {
            1
        } else {
            continue;
        };
        let after_surname = i + surname_len;
        for len in [2usize, 1] {
            let Some(given) = chars.get(after_surname..after_surname + len) else {
                continue;
            };
            let given: String = given.iter().collect();
            if !given.chars().all(is_han)
                || NOT_NAMES.iter().any(|n| given.starts_with(n))
                || given.contains('某')
                || given.chars().any(|c| NEVER_IN_NAMES.contains(c))
            {
                continue;
            }
            let end = after_surname + len;
            let after = chars.get(end).copied();
            let next_word: String = chars[end..].iter().take(2).collect();
            let ends = after.is_none_or(|c| !is_han(c) || AFTER.contains(c))
                || (len == 2 || surname_len == 2) && AFTER_WORDS.contains(&next_word.as_str());
            if ends {
                let surname: String = chars[i..after_surname].iter().collect();
                return Some((format!("{surname}{given}"), surname));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name_in(title: &str) -> Option<String> {
        full_name(title).map(|(n, _)| n)
    }

    #[test]
    fn full_names_in_case_titles() {
        assert_eq!(
            name_in("张伟诉李娜房屋租赁合同纠纷案").as_deref(),
            Some("张伟")
        );
        assert_eq!(name_in("居民王建国被骗二十万元").as_deref(), Some("王建国"));
        assert_eq!(
            name_in("高某与欧阳娜娜离婚纠纷").as_deref(),
            Some("欧阳娜娜")
        );
        assert_eq!(name_in("诸葛亮诉某公司").as_deref(), Some("诸葛亮"));
        for anonymous in [
            "张某诉李某房屋租赁合同纠纷案",
            "高某与欧阳某离婚纠纷",
            "高空抛物致人受伤，谁来赔偿",
            "王大爷买保健品被骗",
            "房东扣押金不退",
            "房屋租赁纠纷",
            "金融借款合同纠纷",
            "马路上的“碰瓷”",
            "监护人：应当学（家庭教育）",
            "租客：应该赔吗",
        ] {
            assert_eq!(name_in(anonymous), None, "{anonymous}");
        }
    }

    #[test]
    fn the_warning_points_at_the_name() {
        let item = crate::content::load::parse_item(
            "---\ntitle: 高某与欧阳娜娜离婚纠纷\ndate: 2023-05-01\n---\n",
            "content/cases/a.md".into(),
            crate::content::Kind::Case,
        )
        .unwrap();
        let d = full_name_in_title(&item).unwrap();
        assert_eq!((d.line, d.column), (Some(2), Some(11)));
        assert_eq!(
            d.hint.as_deref(),
            Some("case studies keep people anonymous: write 欧阳某 instead")
        );
    }
}
