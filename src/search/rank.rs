//! Ranking, the reference the browser's `search-rank.js` follows step for
//! step (tests/search.rs compares the two in Chromium). Used by the tests
//! and the benchmark; pages never call it.
//!
//! A document is a result when it holds every unit of the query: each word,
//! number and single character, and at least 60 % of the bigrams of each
//! Chinese phrase (so a long phrase with one odd bigram still finds
//! something). Its score, highest first (ties: site order):
//! - 1000 × the share of terms it holds: all of 高空抛物 before two thirds;
//! - 200 × the share of query units (phrases, words, numbers) it holds
//!   whole: 高空抛物 written together before 高空 … 抛物 scattered;
//! - 100 × the share of units whole in its title: title before body;
//! - BM25 over the terms, with a title bonus, capped at 99: more and rarer
//!   matches in shorter texts first.

use std::collections::BTreeMap;

use super::index::Posting;
use super::tokenize::{Class, Term, Unit, next_bit};

pub const K1: f64 = 1.2;
pub const B: f64 = 0.75;
pub const TITLE_BONUS: f64 = 2.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub doc: u32,
    pub score: f64,
}

/// What ranking needs to know about the collection.
pub struct Collection<'a> {
    pub lengths: &'a [u32],
    pub average_length: f64,
}

/// Terms of one unit a document must hold: 60 % of them, rounded up.
pub fn needed(terms: usize) -> usize {
    (3 * terms).div_ceil(5)
}

/// Ranks documents for `units`; `lookup` gives the merged postings of a term.
pub fn rank(
    units: &[Unit],
    collection: &Collection,
    lookup: impl Fn(&Term) -> Vec<Posting>,
) -> Vec<Hit> {
    let terms: Vec<&Term> = units.iter().flat_map(|u| &u.terms).collect();
    if terms.is_empty() {
        return Vec::new();
    }
    let n = collection.lengths.len() as f64;
    let mut per_doc: BTreeMap<u32, Vec<Option<Posting>>> = BTreeMap::new();
    let mut bm25: BTreeMap<u32, f64> = BTreeMap::new();
    for (t, term) in terms.iter().enumerate() {
        let postings = lookup(term);
        let df = postings.len() as f64;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        for p in postings {
            let len = collection.lengths.get(p.doc as usize).copied().unwrap_or(1) as f64;
            let tf = p.tf as f64;
            let norm =
                tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / collection.average_length));
            let title = if p.title { TITLE_BONUS } else { 0.0 };
            *bm25.entry(p.doc).or_insert(0.0) += idf * (norm + title);
            per_doc
                .entry(p.doc)
                .or_insert_with(|| vec![None; terms.len()])[t] = Some(p);
        }
    }
    let mut hits: Vec<Hit> = per_doc
        .into_iter()
        .filter_map(|(doc, found)| {
            if !holds_every_unit(units, &found) {
                return None;
            }
            let matched = found.iter().filter(|p| p.is_some()).count();
            let (whole, titled) = unit_matches(units, &found);
            let u = units.len() as f64;
            let score = 1000.0 * matched as f64 / terms.len() as f64
                + 200.0 * whole as f64 / u
                + 100.0 * titled as f64 / u
                + bm25[&doc].min(99.0);
            Some(Hit { doc, score })
        })
        .collect();
    hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
    hits
}

fn holds_every_unit(units: &[Unit], found: &[Option<Posting>]) -> bool {
    let mut first = 0;
    units.iter().all(|unit| {
        let own = &found[first..first + unit.terms.len()];
        first += unit.terms.len();
        own.iter().filter(|p| p.is_some()).count() >= needed(unit.terms.len())
    })
}

/// How many units a document holds whole, and how many whole in its title.
fn unit_matches(units: &[Unit], found: &[Option<Posting>]) -> (usize, usize) {
    let mut whole = 0;
    let mut titled = 0;
    let mut first = 0;
    for unit in units {
        let own = &found[first..first + unit.terms.len()];
        let posting = |key: &str| {
            unit.terms
                .iter()
                .position(|t| t.key == key)
                .and_then(|i| own[i])
        };
        first += unit.terms.len();
        if own.iter().any(Option::is_none) {
            continue;
        }
        let chars: Vec<char> = unit.text.chars().collect();
        let chained = unit.class != Class::Cjk
            || chars.windows(3).all(|w| {
                let key: String = w[..2].iter().collect();
                posting(&key).is_some_and(|p| p.next & next_bit(w[2]) != 0)
            });
        if chained {
            whole += 1;
            if own.iter().flatten().all(|p| p.title) {
                titled += 1;
            }
        }
    }
    (whole, titled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Kind;
    use crate::search::document::Document;
    use crate::search::index::Index;
    use crate::search::tokenize::query_units;

    fn doc(title: &str, body: &str) -> Document {
        Document {
            kind: Kind::Explainer,
            title: title.into(),
            path: String::new(),
            date: None,
            body: body.into(),
        }
    }

    /// Document positions for `query`, best first.
    fn search(index: &Index, query: &str) -> Vec<u32> {
        let collection = Collection {
            lengths: &index.lengths,
            average_length: index.average_length(),
        };
        rank(&query_units(query), &collection, |t| {
            index.lookup(&t.key, t.prefix)
        })
        .into_iter()
        .map(|h| h.doc)
        .collect()
    }

    fn filler() -> String {
        "社区居民应当遵守法律法规，维护公共秩序。".repeat(3)
    }

    #[test]
    fn whole_phrase_ranks_above_scattered_bigrams() {
        let index = Index::build(vec![
            doc(
                "邻里须知",
                &format!("高空作业要系安全带，空抛不可取，抛物线很美。{}", filler()),
            ),
            doc("邻里须知", &format!("严禁高空抛物。{}", filler())),
        ]);
        assert_eq!(search(&index, "高空抛物"), [1, 0]);
    }

    #[test]
    fn title_ranks_above_body() {
        let index = Index::build(vec![
            doc(
                "物业管理",
                &format!("小区里发生了高空抛物事件。{}", filler()),
            ),
            doc("高空抛物的责任", &filler()),
        ]);
        assert_eq!(search(&index, "高空抛物"), [1, 0]);
    }

    #[test]
    fn partial_matches_below_sixty_percent_are_left_out() {
        let index = Index::build(vec![doc("", "高空作业"), doc("", "高空抛物")]);
        assert_eq!(search(&index, "高空抛物"), [1]);
    }

    #[test]
    fn one_character_finds_every_document_holding_it() {
        let index = Index::build(vec![doc("", "民法。"), doc("", "法律"), doc("", "律师")]);
        assert_eq!(search(&index, "法"), [0, 1]);
    }

    #[test]
    fn numbers_inside_chinese_text() {
        let index = Index::build(vec![
            doc("", "请拨打12348热线"),
            doc("", "依据民法典第1254条"),
            doc("", "第1000条"),
        ]);
        assert_eq!(search(&index, "12348"), [0]);
        assert_eq!(search(&index, "第1254条"), [1]);
    }

    #[test]
    fn ascii_is_case_insensitive_and_the_last_word_a_prefix() {
        let index = Index::build(vec![
            doc("Lawyer on duty", "值班律师"),
            doc("", "LAW and order"),
            doc("", "nothing here"),
        ]);
        assert_eq!(search(&index, "law "), [1]);
        // Exact `law` (BM25 on a rarer, shorter text) and prefix `lawyer` both match.
        let typed = search(&index, "Law");
        assert_eq!(typed.len(), 2);
        assert!(typed.contains(&0) && typed.contains(&1));
    }

    #[test]
    fn every_unit_of_a_mixed_query_must_match() {
        let index = Index::build(vec![
            doc("", "社区APP可以预约律师"),
            doc("", "预约律师"),
            doc("", "社区APP"),
            doc("", "APP预约了律师"),
        ]);
        assert_eq!(search(&index, "APP 预约律师"), [0, 3]);
    }

    #[test]
    fn long_phrases_tolerate_a_missing_bigram() {
        let index = Index::build(vec![doc("", "高空抛物，法律责任"), doc("", "法律")]);
        assert_eq!(search(&index, "高空抛物的法律责任"), [0]);
    }

    #[test]
    fn empty_query_finds_nothing() {
        let index = Index::build(vec![doc("标题", "正文")]);
        assert!(search(&index, "，").is_empty());
    }

    #[test]
    fn needed_terms_round_up() {
        assert_eq!(needed(1), 1);
        assert_eq!(needed(2), 2);
        assert_eq!(needed(3), 2);
        assert_eq!(needed(8), 5);
    }
}
