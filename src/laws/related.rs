//! What an explainer or case shows beside itself: 以案释法 (the cases on the
//! same articles), the explainers for a case, and the few books on the
//! shelf that fit it best.
//!
//! Cases are matched by article, not by law: every explainer on the 民法典
//! would otherwise list every case on it. Books are ranked by how well they
//! fit: sharing words with the explainer's title and topics (高空抛物 in a
//! book on neighbours' disputes), sharing articles, being the full text of
//! a law it cites, being a general book on the law it cites most; a book on
//! another part of the code (继承编 under 高空抛物) that shares nothing is
//! left out.

use std::collections::{BTreeSet, HashMap};

use super::cite::{Article, Target, resolve_title};
use super::index::LawIndex;
use super::registry::LawId;
use crate::content::Kind;
use crate::site::Entry;

/// Most items 以案释法 and 法条解读 list.
const MAX_RELATED: usize = 4;
/// How many entries of a kind, newest first, are looked at per article or
/// law when finding related items: a law cited by thousands of pages costs
/// each page the same as one cited by a few hundred.
const SCAN_LIMIT: usize = 256;
/// Most books listed under an explainer.
const MAX_BOOKS: usize = 4;
/// Least fit for a book to be listed (see [`LawIndex::book_fit`]).
const MIN_FIT: usize = 2;

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

/// The part of `list` (entry positions in site order, which sorts by kind
/// first and then newest first) that is of `kind`.
fn of_kind<'l>(index: &LawIndex, list: &'l [usize], kind: Kind) -> &'l [usize] {
    let range = index.positions_of(kind);
    let start = list.partition_point(|&j| j < range.start);
    let end = start + list[start..].partition_point(|&j| j < range.end);
    &list[start..end]
}

/// What a book is matched on, the same for every entry it is weighed for.
#[derive(Debug)]
pub struct BookFacts {
    in_title: Vec<u64>,
    articles: BTreeSet<(LawId, Article)>,
    /// The law the book is the full text of.
    full_text: Option<LawId>,
}

impl LawIndex {
    fn book_facts(&self, entries: &[Entry]) -> &HashMap<usize, BookFacts> {
        self.books.get_or_init(|| {
            let books = entries
                .iter()
                .enumerate()
                .filter(|(_, e)| e.item.kind == Kind::Book);
            books
                .map(|(b, e)| {
                    let title = e.item.title.as_str();
                    let facts = BookFacts {
                        in_title: terms_of(std::iter::once(title)),
                        articles: self.articles_of(b),
                        full_text: match resolve_title(title, &self.registry) {
                            Some(Target::Law(l)) => Some(l),
                            _ => None,
                        },
                    };
                    (b, facts)
                })
                .collect()
        })
    }

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
        // Every citer of each article, then counted by runs: no hashing,
        // and no entry is read. The candidates are all of one kind, and
        // positions of one kind run newest first (the site order), so
        // "newest first" among equals is "lowest position first".
        let mut citers: Vec<usize> = Vec::new();
        for key in &self.articles_of(i) {
            let list = self.by_article.get(key).map_or(&[][..], Vec::as_slice);
            let list = of_kind(self, list, kind);
            citers.extend(list.iter().take(SCAN_LIMIT).filter(|&&j| j != i));
        }
        citers.sort_unstable();
        let mut scored: Vec<(usize, usize)> = Vec::new();
        for run in citers.chunk_by(|a, b| a == b) {
            scored.push((run.len(), run[0]));
        }
        scored.sort_unstable_by(|(sa, a), (sb, b)| sb.cmp(sa).then(a.cmp(b)));
        let mut out: Vec<usize> = scored.into_iter().map(|(_, j)| j).collect();
        out.truncate(MAX_RELATED);
        let topics: Vec<&String> = entries[i]
            .item
            .fm
            .topics
            .iter()
            .filter(|t| self.registry.lookup(t).is_none())
            .collect();
        if topics.is_empty() {
            return out;
        }
        for c in self.own(i).filter(|c| c.articles.is_empty()) {
            let on_law = of_kind(self, &self.by_law[c.law], kind);
            for &j in on_law.iter().take(SCAN_LIMIT) {
                if out.len() >= MAX_RELATED {
                    return out;
                }
                if j != i
                    && !out.contains(&j)
                    && entries[j]
                        .item
                        .fm
                        .topics
                        .iter()
                        .any(|t| topics.contains(&t))
                {
                    out.push(j);
                }
            }
        }
        out
    }

    /// Books on the shelf about the laws entry `i` cites, the best fitting
    /// first, at most [`MAX_BOOKS`]; a book that only names one of the laws
    /// in its title fits too little to be listed.
    pub fn books_on(&self, entries: &[Entry], i: usize) -> Vec<usize> {
        // The law the entry names most weighs double.
        let main = self
            .own(i)
            .max_by_key(|c| (c.mentions, c.articles.len(), std::cmp::Reverse(c.law)))
            .map(|c| c.law);
        let laws: Vec<(LawId, usize)> = self
            .own(i)
            .map(|c| (c.law, if Some(c.law) == main { 2 } else { 1 }))
            .collect();
        // Words of the laws' own names say nothing about fit.
        let names = terms_of(laws.iter().flat_map(|(l, _)| {
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
            .flat_map(|(l, _)| of_kind(self, &self.by_law[*l], Kind::Book).iter().copied())
            .filter(|j| *j != i)
            .collect();
        books.sort_unstable();
        books.dedup();
        let mut scored: Vec<(usize, usize)> = books
            .into_iter()
            .map(|b| (b, self.book_fit(entries, b, &laws, &mine, &articles)))
            .filter(|(_, score)| *score >= MIN_FIT)
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

    /// How well book `b` fits an entry citing `laws` (with their weights),
    /// whose words are `mine` and articles `articles`: 2 per shared word (3
    /// in the book's title),
    /// 6 per shared article, and per law it is about, 3 for its full text
    /// or 1 for a book on the whole law (its title names the law and no
    /// part of it, 编), times the law's weight.
    fn book_fit(
        &self,
        entries: &[Entry],
        b: usize,
        laws: &[(LawId, usize)],
        mine: &[u64],
        articles: &BTreeSet<(LawId, Article)>,
    ) -> usize {
        let book = &entries[b].item;
        let Some(facts) = self.book_facts(entries).get(&b) else {
            return 0;
        };
        let words: usize = self.terms[b]
            .iter()
            .filter(|t| mine.binary_search(t).is_ok())
            .map(|t| {
                if facts.in_title.binary_search(t).is_ok() {
                    3
                } else {
                    2
                }
            })
            .sum();
        let shared_articles = facts.articles.intersection(articles).count();
        let full_text = facts.full_text;
        let about: usize = laws
            .iter()
            .map(|(l, weight)| {
                if full_text == Some(*l) {
                    3 * weight
                } else if !book.title.contains('编')
                    && book.title.contains(self.law(*l).short.as_str())
                {
                    *weight
                } else {
                    0
                }
            })
            .sum();
        words + 6 * shared_articles + about
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
