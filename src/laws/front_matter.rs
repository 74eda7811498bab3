//! The `laws:` front matter of an entry: each value is read like a citation
//! (《民法典》, 民法典第1254条, 中华人民共和国民法典), and a value that names
//! no law (法治日报, a typo such as 民法点) is left out with a warning at its
//! line and column, suggesting the nearest law pufa knows.

use super::articles::Article;
use super::cite::{Finder, Target, looks_like_law, resolve_title};
use super::registry::normalise;
use super::yaml::LAWS_FILE;
use crate::content::Item;
use crate::diagnostic::{Diagnostic, closest};

/// One law a `laws:` value names.
pub struct Named {
    pub target: Target,
    pub articles: Vec<Article>,
    /// Articles the law does not have (民法典第1261条), to be reported.
    pub beyond: Vec<Article>,
    pub place: Option<(usize, usize)>,
}

/// The laws `item`'s `laws:` front matter names, and warnings for values
/// that name none.
pub fn named_laws(finder: &Finder, item: &Item) -> (Vec<Named>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let places = value_places(&item.yaml, item.yaml_line, &item.fm.laws);
    for (raw, place) in item.fm.laws.iter().zip(places) {
        let value = raw.trim();
        let bare = normalise(value.trim_start_matches('《').trim_end_matches('》'));
        if bare.is_empty() {
            continue;
        }
        if let Some(Target::Law(id)) = resolve_title(&bare, finder.registry()) {
            out.push(Named {
                target: Target::Law(id),
                articles: Vec::new(),
                beyond: Vec::new(),
                place,
            });
            continue;
        }
        let mut names: Vec<&str> = finder.registry().all_names().collect();
        names.sort_unstable();
        let near = closest(&bare, names);
        if looks_like_law(&bare) && near.is_none_or(|n| !one_apart(n, &bare)) {
            // A law pufa does not know, written as laws are (…条例, 中华人民共和国…法).
            out.push(Named {
                target: Target::Unlisted(bare),
                articles: Vec::new(),
                beyond: Vec::new(),
                place,
            });
            continue;
        }
        let cited = finder.find(value);
        if cited.iter().any(|c| matches!(c.target, Target::Law(_))) {
            out.extend(cited.into_iter().map(|c| Named {
                target: c.target,
                articles: c.articles,
                beyond: c.beyond,
                place,
            }));
            continue;
        }
        let hint = match near {
            Some(n) => format!("did you mean {n}?"),
            None => format!(
                "write the law's name (中华人民共和国…法, or a short name such as 民法典), or describe it in {LAWS_FILE}"
            ),
        };
        let mut d = Diagnostic::warning(
            &item.source,
            format!("`laws:` \"{value}\" is not a law pufa knows, so it is left out"),
        )
        .with_hint(hint);
        if let Some((line, col)) = place {
            d = d.at(line, col);
        }
        problems.push(d);
    }
    (out, problems)
}

/// Whether `a` and `b` differ by one character (changed, added or left out):
/// a law-like name that close to a known one is a typo.
fn one_apart(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if a == b || long.len() - short.len() > 1 {
        return false;
    }
    let head = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    let tail = short[head..]
        .iter()
        .rev()
        .zip(long.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    if short.len() == long.len() {
        head + tail == short.len() - 1
    } else {
        head + tail == short.len()
    }
}

/// Where each of `values` is written in the front matter `yaml` (which
/// starts on file line `first_line`): searched in order from the `laws:`
/// key (or from the start, for a catalogue row).
fn value_places(yaml: &str, first_line: usize, values: &[String]) -> Vec<Option<(usize, usize)>> {
    let mut from = yaml
        .match_indices("laws:")
        .find(|(k, _)| *k == 0 || yaml[..*k].ends_with('\n'))
        .map_or(0, |(k, _)| k);
    values
        .iter()
        .map(|v| {
            let v = v.trim();
            let k = yaml[from..].find(v).map(|k| from + k)?;
            from = k + v.len();
            let before = &yaml[..k];
            let line = first_line + before.matches('\n').count();
            let line_start = before.rfind('\n').map_or(0, |n| n + 1);
            Some((line, yaml[line_start..k].chars().count() + 1))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::laws::registry::Registry;

    #[test]
    fn typos_are_one_character_apart() {
        assert!(one_apart("民法典", "民法点"));
        assert!(one_apart("劳动合同法", "劳动和同法"));
        assert!(one_apart("劳动合同法", "劳动同法"));
        assert!(!one_apart("城乡规划法", "劳动合同法"));
        assert!(!one_apart("民法典", "民法典"));
    }

    #[test]
    fn values_are_placed_after_the_key() {
        let yaml = "title: 民法典\nlaws: [民法典, 《刑法》]\n";
        let values = vec!["民法典".to_string(), "《刑法》".to_string()];
        assert_eq!(
            value_places(yaml, 2, &values),
            [Some((3, 8)), Some((3, 13))]
        );
        let block = "laws:\n  - 民法典\n";
        assert_eq!(value_places(block, 2, &values[..1]), [Some((3, 5))]);
    }

    fn named(values: &[&str]) -> (Vec<String>, Vec<Diagnostic>) {
        let registry = Registry::builtin();
        let finder = Finder::new(&registry);
        let list = values
            .iter()
            .map(|v| format!("\"{v}\""))
            .collect::<Vec<_>>();
        let yaml = format!("title: 测试\nlaws: [{}]\n", list.join(", "));
        let mut item = Item {
            kind: crate::content::Kind::Explainer,
            id: "t".into(),
            source: "content/explainers/t.md".into(),
            slug: "t".into(),
            title: "测试".into(),
            date: None,
            updated: None,
            fm: Default::default(),
            body: String::new(),
            body_line: 5,
            yaml,
            yaml_line: 2,
        };
        item.fm.laws = values.iter().map(|v| v.to_string()).collect();
        let (found, problems) = named_laws(&finder, &item);
        let names = found
            .iter()
            .map(|n| {
                let name = match &n.target {
                    Target::Law(id) => registry.law(*id).short.clone(),
                    Target::Unlisted(s) => format!("?{s}"),
                };
                let arts: Vec<String> = n.articles.iter().map(Article::label).collect();
                format!("{name}{}", arts.join(""))
            })
            .collect();
        (names, problems)
    }

    #[test]
    fn bracketed_and_article_values_are_read_as_citations() {
        let (found, problems) = named(&["《民法典》", "民法典第1254条", "反诈法"]);
        assert_eq!(found, ["民法典", "民法典第1254条", "反电信网络诈骗法"]);
        assert!(problems.is_empty(), "{problems:?}");
        let (found, _) = named(&["江苏省物业管理条例"]);
        assert_eq!(found, ["?江苏省物业管理条例"]);
    }

    #[test]
    fn values_naming_no_law_are_left_out_with_a_placed_warning() {
        let (found, problems) = named(&["法治日报", "民法点"]);
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(problems.len(), 2);
        assert!(problems[0].message.contains("法治日报"));
        assert_eq!((problems[0].line, problems[0].column), (Some(3), Some(9)));
        assert_eq!(problems[1].hint.as_deref(), Some("did you mean 民法典?"));
        let (found, problems) = named(&["中华人民共和国劳动和同法"]);
        assert!(found.is_empty());
        assert!(problems[0].hint.as_deref().unwrap().contains("劳动合同法"));
    }
}
