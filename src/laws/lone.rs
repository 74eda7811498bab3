//! Rule 4 of [`super::cite`]: an article standing alone (另外，第一千一百四十一条
//! 规定…) belongs to the law named last before it, but only with a clear
//! sign that it is a citation, so numbered advice (三条建议：第一条，…) is
//! not taken for articles.

use super::articles::{Article, articles_at, paragraphs_at, skip_spaces};
use super::cite::{Citation, Finder};

/// Words right after a lone article that show it is cited.
const CITING_AFTER: &[&str] = &[
    "规定",
    "明确",
    "写明",
    "指出",
    "要求",
    "强调",
    "列举",
    "分别",
    "所称",
    "提到",
    "中规定",
    "也规定",
    "还规定",
    "则规定",
    "的规定",
    "之规定",
];
/// Words right before a lone article that show it is cited.
const CITING_BEFORE: &[&str] = &[
    "依照",
    "依据",
    "根据",
    "按照",
    "违反",
    "适用",
    "参照",
    "见",
    "即",
    "该法",
    "本法",
    "同法",
    "此法",
    "该条例",
    "本条例",
    "这部法律",
];
/// Words before 第N款 that tie it to the article cited last.
const SAME_ARTICLE: &[&str] = &["该条", "本条", "同条", "此条", "这一条", "这条"];

impl Finder<'_> {
    /// An article or paragraph standing alone at `i` (rule 4), for the law
    /// `last` cited.
    pub(super) fn lone(&self, text: &str, i: usize, last: &Citation) -> Option<(Citation, usize)> {
        let (articles, end) = articles_at(text, i, false);
        if !articles.is_empty() {
            if !lone_is_cited(text, i, end, &articles) {
                return None;
            }
            let mut cite = self.citation(text, last.target.clone(), articles, i, end, false);
            // A lone article beyond the law's end belongs to some other law.
            cite.beyond.clear();
            return (!cite.articles.is_empty()).then_some((cite, end));
        }
        let before = text[..i].trim_end();
        if !SAME_ARTICLE.iter().any(|w| before.ends_with(w)) {
            return None;
        }
        let article = *last.articles.last()?;
        let (paragraphs, end) = paragraphs_at(text, i)?;
        let articles = paragraphs
            .into_iter()
            .map(|p| Article {
                paragraph: Some(p),
                ..article
            })
            .collect();
        Some((
            self.citation(text, last.target.clone(), articles, i, end, false),
            end,
        ))
    }
}

/// Whether a lone article from `start` to `end` shows it is cited (rule 4).
fn lone_is_cited(text: &str, start: usize, end: usize, articles: &[Article]) -> bool {
    if articles.iter().any(|a| a.number >= 100) {
        return true;
    }
    let after = &text[skip_spaces(text, end)..];
    let before = text[..start].trim_end_matches([' ', '\u{3000}', '\t']);
    CITING_AFTER.iter().any(|w| after.starts_with(w))
        || CITING_BEFORE.iter().any(|w| before.ends_with(w))
        || (before.ends_with('|') && (after.is_empty() || after.starts_with(['|', '\n'])))
}

#[cfg(test)]
mod tests {
    use crate::laws::cite::Finder;
    use crate::laws::registry::Registry;

    /// Odd mixes of the characters citations are made of: the finder
    /// never panics and never reads past a character boundary.
    #[test]
    fn the_finder_survives_any_text() {
        const PARTS: &[&str] = &[
            "第",
            "条",
            "款",
            "项",
            "之",
            "一",
            "千",
            "十",
            "零",
            "两",
            "1",
            "２",
            " ",
            "\u{3000}",
            "、",
            "至",
            "《",
            "》",
            "民法典",
            "刑法",
            "法",
            "规定",
            "定",
            "该条",
            "|",
            "\n",
            "·",
            "（",
            "）",
            "😀",
            "依照",
            "省",
            "物业管理条例",
            "：",
        ];
        let registry = Registry::builtin();
        let finder = Finder::new(&registry);
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut longest = 0;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..next() % 24 {
                text.push_str(PARTS[(next() % PARTS.len() as u64) as usize]);
            }
            longest = longest.max(text.chars().count());
            for c in finder.find(&text) {
                assert!(text.is_char_boundary(c.start), "{text:?}");
            }
            let _ = finder.find_in_title(&text);
        }
        assert!(longest > 20, "the texts were made");
    }
}
