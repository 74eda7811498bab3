//! The month's laws for a board sheet: the laws a bulletin issue cites,
//! its featured items' included, with short names and article labels, ready
//! to print (本期涉及法律：《民法典》第1254条 …).

use super::cite::Article;
use super::index::LawIndex;
use super::registry::LawId;
use super::view::law_path;
use crate::site::Entry;

/// One law as a board sheet lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardLaw {
    /// 民法典
    pub short: String,
    /// 中华人民共和国民法典
    pub full_name: String,
    /// 第1254条, 第291条之二 (whole articles, in order, each once).
    pub articles: Vec<String>,
    /// The law's page from the site root (`laws/min-fa-dian/`), for a QR code.
    pub path: String,
    /// For a repealed law read after its repeal: 已废止，现行规定见《民法典》婚姻家庭编
    /// (or 已废止 when the replacement is not known).
    pub note: Option<String>,
}

/// The laws of bulletin `bulletin` (its own text and all its featured items),
/// in order of first mention: what the group board's sheet lists.
pub fn bulletin_laws(index: &LawIndex, entries: &[Entry], bulletin: usize) -> Vec<BoardLaw> {
    let cited = index.by_entry.get(bulletin).into_iter().flatten();
    let laws = merge(cited.map(|c| (c.law, &c.articles)));
    finish(index, &entries[bulletin], laws)
}

/// The laws a sheet showing only some featured items lists (a building's
/// board): the bulletin's own text, then each of `shown` (positions in
/// `site.entries`), merged in order of first mention.
pub fn board_laws(
    index: &LawIndex,
    entries: &[Entry],
    bulletin: usize,
    shown: &[usize],
) -> Vec<BoardLaw> {
    let cited = std::iter::once(&bulletin)
        .chain(shown)
        .filter(|i| **i < index.by_entry.len())
        .flat_map(|i| index.own(*i))
        .map(|c| (c.law, &c.own_articles));
    finish(index, &entries[bulletin], merge(cited))
}

/// Laws in order of first mention, each with its whole articles, sorted.
fn merge<'a>(cited: impl Iterator<Item = (LawId, &'a Vec<Article>)>) -> Vec<(LawId, Vec<Article>)> {
    let mut out: Vec<(LawId, Vec<Article>)> = Vec::new();
    for (law, articles) in cited {
        let articles = articles.iter().map(|a| a.whole());
        match out.iter_mut().find(|(l, _)| *l == law) {
            Some((_, known)) => known.extend(articles),
            None => out.push((law, articles.collect())),
        }
    }
    for (_, articles) in &mut out {
        articles.sort();
        articles.dedup();
    }
    out
}

fn finish(index: &LawIndex, bulletin: &Entry, laws: Vec<(LawId, Vec<Article>)>) -> Vec<BoardLaw> {
    laws.into_iter()
        .map(|(law, articles)| {
            let l = index.law(law);
            let note = index
                .is_outdated(bulletin, law)
                .then(|| match &l.replaced_by {
                    Some(r) => {
                        format!("已废止，现行规定见《{}》{}", index.law(r.law).short, r.part)
                    }
                    None => "已废止".to_string(),
                });
            BoardLaw {
                short: l.short.clone(),
                full_name: l.name.clone(),
                articles: articles.iter().map(Article::label).collect(),
                path: law_path(index, law),
                note,
            }
        })
        .collect()
}
