//! Titles in 《》 and book titles: which name a law (rule 1 of
//! [`super::cite`]), and the clear rule for a law the registry does not know.

use super::cite::Target;
use super::registry::{PRC, Registry, normalise};

/// Longest title read between 《 and 》, in characters.
const MAX_TITLE: usize = 80;

/// The 》 closing a title opened just before `from`, on the same line.
pub fn closing(text: &str, from: usize) -> Option<usize> {
    for (n, (k, c)) in text[from..].char_indices().enumerate() {
        if n > MAX_TITLE || c == '\n' || c == '《' {
            return None;
        }
        if c == '》' {
            return Some(from + k);
        }
    }
    None
}

/// The law a 《》 title (or a book title) names, by rule 1 of the module docs.
pub fn resolve_title(title: &str, registry: &Registry) -> Option<Target> {
    let mut name = normalise(title);
    // 《民法典·婚姻家庭编》: the law is before the dot.
    if let Some(dot) = name.find(['·', '•', '・', '‧']).filter(|k| *k > 0) {
        name.truncate(dot);
    }
    while let Some(cut) = trailing_parenthesis(&name) {
        name.truncate(cut);
    }
    if let Some(base) = name.strip_suffix("修正案") {
        name = base.to_string();
    }
    if name.is_empty() {
        return None;
    }
    if let Some(id) = registry.lookup(&name) {
        return Some(Target::Law(id));
    }
    looks_like_law(&name).then_some(Target::Unlisted(name))
}

/// Where a closing parenthesis at the end of `name` opens.
fn trailing_parenthesis(name: &str) -> Option<usize> {
    let open = if name.ends_with('）') {
        '（'
    } else if name.ends_with(')') {
        '('
    } else {
        return None;
    };
    name.rfind(open).filter(|i| *i > 0)
}

/// `中华人民共和国…法` at the start of a title, when it looks like a law.
pub fn leading_law(title: &str) -> Option<String> {
    let title = normalise(title);
    if !title.starts_with(PRC) {
        return None;
    }
    title
        .char_indices()
        .filter(|(_, c)| *c == '法')
        .map(|(k, c)| title[..k + c.len_utf8()].to_string())
        .find(|prefix| looks_like_law(prefix))
}

/// The clear rule for a law the registry does not know (module docs, rule 1).
pub fn looks_like_law(name: &str) -> bool {
    let chars = name.chars().count();
    // Law names hold no sentence punctuation (噪声扰民怎么办？…有规定).
    if !(4..=60).contains(&chars) || name.chars().any(|c| "？?！!，,。：:；;、 ".contains(c))
    {
        return false;
    }
    (name.starts_with(PRC) && (name.ends_with('法') || name.ends_with("法典")))
        || ["条例", "规定", "办法", "细则"]
            .iter()
            .any(|end| name.ends_with(end))
        || (name.starts_with("最高人民") && name.ends_with("解释"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::laws::cite::Finder;

    fn reg() -> Registry {
        Registry::builtin()
    }

    /// (short name or ?unlisted name, article labels) of each citation.
    fn cites(text: &str) -> Vec<(String, Vec<String>)> {
        let r = reg();
        Finder::new(&r)
            .find(text)
            .into_iter()
            .map(|c| {
                let name = match &c.target {
                    Target::Law(id) => r.law(*id).short.clone(),
                    Target::Unlisted(n) => format!("?{n}"),
                };
                (name, c.articles.iter().map(|a| a.label()).collect())
            })
            .collect()
    }

    fn one(name: &str, articles: &[&str]) -> (String, Vec<String>) {
        (
            name.to_string(),
            articles.iter().map(|a| a.to_string()).collect(),
        )
    }

    #[test]
    fn newspapers_and_book_titles_are_not_laws() {
        assert_eq!(
            cites(
                "社区订阅了《法治日报》和《人民调解》，还有《民法典学习读本》，欢迎看《今日说法》。"
            ),
            []
        );
        // A law named inside a book title is not a citation of the law.
        assert_eq!(cites("推荐阅读《民法典与生活同行》。"), []);
    }

    #[test]
    fn unlisted_laws_follow_the_clear_rule() {
        assert_eq!(
            cites("《江苏省物业管理条例》第五十条规定；《中华人民共和国城乡规划法》也有要求。"),
            [
                one("?江苏省物业管理条例", &["第50条"]),
                one("?中华人民共和国城乡规划法", &[]),
            ]
        );
        assert_eq!(cites("《说法》"), []);
        assert_eq!(cites("《噪声扰民怎么办？这些规定》"), []);
    }

    #[test]
    fn amendments_and_editions_belong_to_their_law() {
        assert_eq!(
            cites("《中华人民共和国刑法修正案（十一）》增设了高空抛物罪。"),
            [one("刑法", &[])]
        );
        let r = reg();
        let f = Finder::new(&r);
        let found = f.find_in_title("中华人民共和国民法典（大字版）");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].target, Target::Law(r.lookup("民法典").unwrap()));
        let found = f.find_in_title("民法典婚姻家庭编案例解读");
        assert_eq!(found[0].target, Target::Law(r.lookup("民法典").unwrap()));
        assert!(f.find_in_title("法治日报").is_empty());
        let found = f.find_in_title("中华人民共和国城乡规划法读本");
        assert_eq!(
            found[0].target,
            Target::Unlisted("中华人民共和国城乡规划法".into())
        );
    }

    #[test]
    fn a_title_is_a_law_by_name_or_by_its_form() {
        let r = Registry::builtin();
        let code = Some(Target::Law(r.lookup("民法典").unwrap()));
        assert_eq!(resolve_title("中华人民共和国民法典（大字版）", &r), code);
        assert_eq!(resolve_title("民法典·婚姻家庭编", &r), code);
        assert_eq!(resolve_title("法治日报", &r), None);
        assert_eq!(
            resolve_title("苏州市养犬管理条例", &r),
            Some(Target::Unlisted("苏州市养犬管理条例".into()))
        );
        assert!(!looks_like_law("噪声扰民怎么办？这些规定"));
        assert_eq!(closing("民法典》第", 0), Some(9));
        assert_eq!(closing("民法典\n》", 0), None);
    }
}
