//! ASCII URL segments from Chinese or mixed text: Han characters become
//! pinyin syllables joined by hyphens, everything else is lower-cased and
//! anything not a letter or digit becomes a hyphen.
//!
//! A character with several readings (多音字) is read as in the words of
//! [`PHRASES`] first: 调解 is tiao-jie, not the dictionary's first reading
//! diao-jie; 银行 yin-hang, 重阳 chong-yang, 还款 huan-kuan. The table holds
//! the words legal-publicity pages use; other characters take their most
//! common reading, with [`CHARS`] correcting the few whose first reading is
//! wrong in nearly every word (幢 is zhuang: 1幢, 一幢一长).

use pinyin::ToPinyin;

/// Words whose reading differs from their characters' first readings,
/// with their pinyin, syllables separated by spaces. Matched longest first,
/// left to right, so a word also listed here with the common reading (强调
/// qiang-diao) keeps a later word (调解) from taking its second character.
#[rustfmt::skip]
const PHRASES: &[(&str, &str)] = &[
    // 调 tiao (mediation, adjusting) and diao (investigating, transferring)
    ("人民调解", "ren min tiao jie"), ("调解", "tiao jie"), ("调处", "tiao chu"),
    ("协调", "xie tiao"), ("调和", "tiao he"), ("调整", "tiao zheng"), ("调节", "tiao jie"),
    ("空调", "kong tiao"), ("调停", "tiao ting"), ("调剂", "tiao ji"), ("调控", "tiao kong"),
    ("调皮", "tiao pi"), ("调试", "tiao shi"), ("调价", "tiao jia"), ("失调", "shi tiao"),
    ("强调", "qiang diao"), ("调查", "diao cha"), ("调取", "diao qu"), ("调研", "diao yan"),
    ("调阅", "diao yue"), ("调动", "diao dong"), ("单调", "dan diao"), ("低调", "di diao"),
    ("基调", "ji diao"), ("声调", "sheng diao"), ("曲调", "qu diao"),
    // 行 hang (banks, trades)
    ("银行", "yin hang"), ("行业", "hang ye"), ("行情", "hang qing"), ("排行", "pai hang"),
    ("商行", "shang hang"), ("车行", "che hang"), ("内行", "nei hang"), ("外行", "wai hang"),
    ("同行业", "tong hang ye"),
    // 重 chong (again, double)
    ("重阳", "chong yang"), ("重庆", "chong qing"), ("重新", "chong xin"), ("重复", "chong fu"),
    ("重婚", "chong hun"), ("重组", "chong zu"), ("重审", "chong shen"), ("重建", "chong jian"),
    ("重申", "chong shen"), ("重叠", "chong die"), ("重逢", "chong feng"), ("重温", "chong wen"),
    ("重播", "chong bo"), ("重写", "chong xie"), ("重启", "chong qi"), ("重修", "chong xiu"),
    ("重犯", "chong fan"), ("重名", "chong ming"), ("重孙", "chong sun"),
    // 还 huan (giving back)
    ("还款", "huan kuan"), ("归还", "gui huan"), ("偿还", "chang huan"), ("返还", "fan huan"),
    ("退还", "tui huan"), ("还钱", "huan qian"), ("还债", "huan zhai"), ("还贷", "huan dai"),
    ("还本", "huan ben"), ("还清", "huan qing"), ("还给", "huan gei"), ("还原", "huan yuan"),
    ("交还", "jiao huan"), ("送还", "song huan"), ("索还", "suo huan"), ("追还", "zhui huan"),
    ("借还", "jie huan"), ("讨还", "tao huan"), ("还房", "huan fang"),
    // 长 chang (long), where the first reading is zhang (elder, head)
    ("长期", "chang qi"), ("长度", "chang du"), ("长久", "chang jiu"), ("长远", "chang yuan"),
    ("长效", "chang xiao"), ("长寿", "chang shou"), ("长江", "chang jiang"),
    ("长城", "chang cheng"), ("长沙", "chang sha"), ("长春", "chang chun"), ("长途", "chang tu"),
    ("长时间", "chang shi jian"), ("长年", "chang nian"), ("长假", "chang jia"),
    ("长篇", "chang pian"), ("长短", "chang duan"), ("长处", "chang chu"), ("延长", "yan chang"),
    ("擅长", "shan chang"), ("特长", "te chang"), ("专长", "zhuan chang"), ("漫长", "man chang"),
    ("成长", "cheng zhang"), ("家长", "jia zhang"), ("增长", "zeng zhang"),
    // 乐 yue (music)
    ("音乐", "yin yue"), ("乐器", "yue qi"), ("乐队", "yue dui"), ("乐曲", "yue qu"),
    ("乐团", "yue tuan"), ("声乐", "sheng yue"), ("民乐", "min yue"),
    // 给 ji (legal and written language)
    ("给予", "ji yu"), ("给付", "ji fu"), ("供给", "gong ji"), ("补给", "bu ji"),
    ("自给", "zi ji"), ("配给", "pei ji"),
    // 没 mo
    ("没收", "mo shou"), ("淹没", "yan mo"), ("埋没", "mai mo"), ("出没", "chu mo"),
    ("没落", "mo luo"), ("吞没", "tun mo"),
    // 着 zhao / zhuo
    ("着火", "zhao huo"), ("着急", "zhao ji"), ("着凉", "zhao liang"), ("睡着", "shui zhao"),
    ("着手", "zhuo shou"), ("着重", "zhuo zhong"), ("着装", "zhuo zhuang"), ("执着", "zhi zhuo"),
    ("着落", "zhuo luo"), ("衣着", "yi zhuo"), ("穿着", "chuan zhuo"), ("着想", "zhuo xiang"),
    ("着力", "zhuo li"), ("着眼", "zhuo yan"),
    // 角 jue, 率 shuai, 传 zhuan, 便 pian, 差 chai
    ("角色", "jue se"), ("主角", "zhu jue"), ("配角", "pei jue"), ("口角", "kou jue"),
    ("角逐", "jue zhu"), ("率先", "shuai xian"), ("坦率", "tan shuai"), ("直率", "zhi shuai"),
    ("草率", "cao shuai"), ("轻率", "qing shuai"), ("率领", "shuai ling"), ("传记", "zhuan ji"),
    ("自传", "zi zhuan"), ("便宜", "pian yi"), ("出差", "chu chai"), ("差事", "chai shi"),
    ("参差", "cen ci"), ("人参", "ren shen"),
    // 朝 zhao, 的 di, 都 du, 藏 zang, 校 jiao, 弹 tan, 省 xing, 降 xiang, 模 mu, 卡 qia
    ("朝阳", "zhao yang"), ("朝气", "zhao qi"), ("朝夕", "zhao xi"), ("今朝", "jin zhao"),
    ("目的", "mu di"), ("的确", "di que"), ("的士", "di shi"), ("首都", "shou du"),
    ("都市", "du shi"), ("成都", "cheng du"), ("都会", "du hui"), ("西藏", "xi zang"),
    ("宝藏", "bao zang"), ("校对", "jiao dui"), ("校正", "jiao zheng"), ("弹性", "tan xing"),
    ("弹琴", "tan qin"), ("弹簧", "tan huang"), ("反弹", "fan tan"), ("反省", "fan xing"),
    ("投降", "tou xiang"), ("模样", "mu yang"), ("模板", "mu ban"), ("模具", "mu ju"),
    ("关卡", "guan qia"), ("卡壳", "qia ke"),
    // 恶 wu, 会 kuai, 曝 bao, 薄 bo, 似 shi, 仔 zai, 塞 se, 泊 bo, 吓 he, 露 lou, 削 xiao
    ("厌恶", "yan wu"), ("可恶", "ke wu"), ("会计", "kuai ji"), ("曝光", "bao guang"),
    ("薄弱", "bo ruo"), ("单薄", "dan bo"), ("刻薄", "ke bo"), ("似的", "shi de"),
    ("牛仔", "niu zai"), ("打工仔", "da gong zai"), ("堵塞", "du se"), ("阻塞", "zu se"),
    ("闭塞", "bi se"), ("停泊", "ting bo"), ("恐吓", "kong he"), ("露面", "lou mian"),
    ("露馅", "lou xian"), ("削苹果", "xiao ping guo"), ("亲家", "qing jia"), ("游说", "you shui"),
    // Surnames read apart from the word (case studies name people 某: 单某, 曾某)
    ("单某", "shan mou"), ("曾某", "zeng mou"), ("仇某", "qiu mou"), ("解某", "xie mou"),
    ("区某", "ou mou"), ("查某", "zha mou"), ("朴某", "piao mou"), ("缪某", "miao mou"),
    ("盖某", "ge mou"), ("尉某", "yu mou"), ("覃某", "qin mou"), ("乐某", "yue mou"),
];

/// Characters whose first reading is wrong in nearly every word pages use.
const CHARS: &[(char, &str)] = &[('幢', "zhuang"), ('似', "si"), ('仔', "zi")];

/// Pinyin syllables for the phrase starting `rest`, and its length in bytes.
fn phrase_at(rest: &str) -> Option<(&'static str, usize)> {
    PHRASES
        .iter()
        .filter(|(word, _)| rest.starts_with(word))
        .max_by_key(|(word, _)| word.len())
        .map(|(word, syllables)| (*syllables, word.len()))
}

/// The plain pinyin of one Han character, or `None` for anything else.
fn char_pinyin(c: char) -> Option<&'static str> {
    CHARS
        .iter()
        .find(|(ch, _)| *ch == c)
        .map(|(_, py)| *py)
        .or_else(|| c.to_pinyin().map(|p| p.plain()))
}

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
    let push_syllable = |out: &mut String, py: &str, pending: &mut bool| {
        *pending = true;
        // ü is not ASCII: write it v, as pinyin keyboards do (nü → nv).
        push_word(out, &py.replace('ü', "v"), pending);
        *pending = true;
    };
    let mut last_was_han = false;
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        if let Some((syllables, len)) = phrase_at(&text[i..]) {
            for py in syllables.split(' ') {
                push_syllable(&mut out, py, &mut pending_hyphen);
            }
            last_was_han = true;
            i += len;
            continue;
        }
        i += c.len_utf8();
        if let Some(py) = char_pinyin(c) {
            push_syllable(&mut out, py, &mut pending_hyphen);
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
    fn polyphones_are_read_as_in_their_words() {
        assert_eq!(slugify("人民调解法"), "ren-min-tiao-jie-fa");
        assert_eq!(slugify("调解"), "tiao-jie");
        assert_eq!(slugify("调查取证"), "diao-cha-qu-zheng");
        assert_eq!(slugify("强调解决"), "qiang-diao-jie-jue");
        assert_eq!(slugify("银行卡被盗刷"), "yin-hang-ka-bei-dao-shua");
        assert_eq!(slugify("重阳节"), "chong-yang-jie");
        assert_eq!(slugify("重庆"), "chong-qing");
        assert_eq!(slugify("重要提示"), "zhong-yao-ti-shi");
        assert_eq!(slugify("按时还款"), "an-shi-huan-kuan");
        assert_eq!(slugify("借款不归还"), "jie-kuan-bu-gui-huan");
        assert_eq!(slugify("还是要报警"), "hai-shi-yao-bao-jing");
        assert_eq!(slugify("一幢一长"), "yi-zhuang-yi-zhang");
        assert_eq!(slugify("3幢"), "3-zhuang");
        assert_eq!(slugify("音乐"), "yin-yue");
        assert_eq!(slugify("快乐"), "kuai-le");
        assert_eq!(slugify("家长"), "jia-zhang");
        assert_eq!(slugify("长期租房"), "chang-qi-zu-fang");
        assert_eq!(slugify("成长期"), "cheng-zhang-qi");
        assert_eq!(slugify("给予补偿"), "ji-yu-bu-chang");
        assert_eq!(slugify("没收违法所得"), "mo-shou-wei-fa-suo-de");
        assert_eq!(slugify("电动车着火"), "dian-dong-che-zhao-huo");
        assert_eq!(slugify("朝阳社区"), "zhao-yang-she-qu");
        assert_eq!(slugify("行为"), "xing-wei");
        assert_eq!(slugify("单位"), "dan-wei");
        assert_eq!(slugify("单某诉曾某"), "shan-mou-su-zeng-mou");
        assert_eq!(slugify("类似"), "lei-si");
        assert_eq!(slugify("曝光台"), "bao-guang-tai");
    }

    #[test]
    fn phrases_mix_with_letters_and_digits() {
        assert_eq!(slugify("ATM银行2号"), "atm-yin-hang-2-hao");
        assert_eq!(slugify("调解Q&A"), "tiao-jie-q-a");
    }

    #[test]
    fn the_phrase_table_is_well_formed() {
        for (word, syllables) in PHRASES {
            assert_eq!(
                word.chars().count(),
                syllables.split(' ').count(),
                "{word}: one syllable per character"
            );
            assert!(
                syllables
                    .split(' ')
                    .all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase())),
                "{word}: {syllables}"
            );
        }
    }

    #[test]
    fn validity() {
        assert!(is_valid("gao-kong-pao-wu"));
        assert!(!is_valid("高空"));
        assert!(!is_valid("A b"));
    }
}
