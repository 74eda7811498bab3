//! What an explainer or case shows beside itself: 以案释法 (the cases on the
//! same articles), the explainers for a case, and the few books on the
//! shelf that fit it best.
//!
//! Cases are matched by article, not by law: every explainer on the 民法典
//! would otherwise list every case on it. Books are ranked by how well they
//! fit: sharing words with the explainer's title and topics (高空抛物 in a
//! book on neighbours' disputes), being the law's full text, being a
//! general book on the whole law; a book on another part of the code (继承编
//! under 高空抛物) that shares nothing is left out.

use std::collections::{BTreeSet, HashMap};

use super::cite::{Article, Target, resolve_title};
use super::index::LawIndex;
use super::registry::LawId;
use crate::content::Kind;
use crate::site::Entry;

/// Most items 以案释法 and 法条解读 list.
const MAX_RELATED: usize = 4;
/// Most books listed under an explainer.
const MAX_BOOKS: usize = 4;

/// Han character pairs of `texts` (高空抛物 → 高空 空抛 抛物), sorted, each once:
/// the words books are matched on.
pub fn terms_of<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<u64> {
    let mut out = Vec::new();
    for text in texts {
        let mut prev: Option<char> = None;
        for c in text.chars() {
            if is_han(c) {
                if let Some(p) = prev {
                    out.push(pair(p, c));
                }
                prev = Some(c);
            } else {
                prev = None;
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn pair(a: char, b: char) -> u64 {
    (u64::from(a as u32) << 32) | u64::from(b as u32)
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

impl LawIndex {
    fn articles_of(&self, i: usize) -> BTreeSet<(LawId, Article)> {
        self.own(i)
            .flat_map(|c| c.articles.iter().map(move |a| (c.law, a.whole())))
            .collect()
    }

    /// Entries of `kind` citing the same articles as entry `i` (以案释法),
    /// those sharing the most first, then the newest. For a law `i` cites
    /// without any article, entries of `kind` on that law sharing a topic
    /// (other than a law's name) count too, after them.
    pub fn on_same_articles(&self, entries: &[Entry], i: usize, kind: Kind) -> Vec<usize> {
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for key in &self.articles_of(i) {
            for &j in self.by_article.get(key).map_or(&[][..], Vec::as_slice) {
                if j != i && entries[j].item.kind == kind {
                    *shared.entry(j).or_default() += 1;
                }
            }
        }
        let mut scored: Vec<(usize, usize)> = shared.into_iter().collect();
        scored.sort_by(|(a, sa), (b, sb)| {
            sb.cmp(sa)
                .then(entries[*b].item.date.cmp(&entries[*a].item.date))
                .then(a.cmp(b))
        });
        let mut out: Vec<usize> = scored.into_iter().map(|(j, _)| j).collect();
        let topics: Vec<&String> = entries[i]
            .item
            .fm
            .topics
            .iter()
            .filter(|t| self.registry.lookup(t).is_none())
            .collect();
        for c in self.own(i).filter(|c| c.articles.is_empty()) {
            for &j in &self.by_law[c.law] {
                let e = &entries[j];
                if j != i
                    && e.item.kind == kind
                    && !out.contains(&j)
                    && e.item.fm.topics.iter().any(|t| topics.contains(&t))
                {
                    out.push(j);
                }
            }
        }
        out.truncate(MAX_RELATED);
        out
    }

    /// Books on the shelf about the laws entry `i` cites, the best fitting
    /// first, at most [`MAX_BOOKS`].
    pub fn books_on(&self, entries: &[Entry], i: usize) -> Vec<usize> {
        let laws: Vec<LawId> = self.own(i).map(|c| c.law).collect();
        // Words of the laws' own names say nothing about fit.
        let names = terms_of(laws.iter().flat_map(|l| {
            let law = self.law(*l);
            [law.short.as_str(), law.name.as_str()]
        }));
        let mine: Vec<u64> = self.terms[i]
            .iter()
            .copied()
            .filter(|t| names.binary_search(t).is_err())
            .collect();
        let articles = self.articles_of(i);
        let mut books: Vec<usize> = laws
            .iter()
            .flat_map(|l| self.by_law[*l].iter().copied())
            .filter(|j| *j != i && entries[*j].item.kind == Kind::Book)
            .collect();
        books.sort_unstable();
        books.dedup();
        let mut scored: Vec<(usize, usize)> = books
            .into_iter()
            .map(|b| (b, self.book_fit(entries, b, &laws, &mine, &articles)))
            .filter(|(_, score)| *score > 0)
            .collect();
        scored.sort_by(|(a, sa), (b, sb)| {
            let old = |x: &usize| entries[*x].item.fm.superseded.is_some();
            sb.cmp(sa)
                .then(old(a).cmp(&old(b)))
                .then(entries[*b].item.fm.year.cmp(&entries[*a].item.fm.year))
                .then(a.cmp(b))
        });
        scored.truncate(MAX_BOOKS);
        scored.into_iter().map(|(b, _)| b).collect()
    }

    /// How well book `b` fits an explainer on `laws` with words `mine`.
    fn book_fit(
        &self,
        entries: &[Entry],
        b: usize,
        laws: &[LawId],
        mine: &[u64],
        articles: &BTreeSet<(LawId, Article)>,
    ) -> usize {
        let book = &entries[b].item;
        let shared_words = self.terms[b]
            .iter()
            .filter(|t| mine.binary_search(t).is_ok())
            .count();
        let shared_articles = self.articles_of(b).intersection(articles).count();
        let whole_law = matches!(
            resolve_title(&book.title, &self.registry),
            Some(Target::Law(l)) if laws.contains(&l)
        );
        // A book whose title names the law but no part of it (编) is about
        // the whole law: it fits any explainer on it, a little.
        let general = !whole_law && !book.title.contains('编') && {
            let title_laws = self.own(b).map(|c| c.law);
            title_laws
                .into_iter()
                .any(|l| laws.contains(&l) && book.title.contains(self.law(l).short.as_str()))
        };
        2 * shared_words + 6 * shared_articles + 3 * usize::from(whole_law) + usize::from(general)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_pairs_of_han_characters() {
        let t = terms_of(["高空抛物，害人"].into_iter());
        assert_eq!(t.len(), 4, "高空 空抛 抛物 害人");
        assert!(t.contains(&pair('空', '抛')));
        assert!(!t.contains(&pair('物', '害')), "not across punctuation");
        assert!(terms_of(["ABC 12348"].into_iter()).is_empty());
    }
}
