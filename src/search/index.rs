//! The inverted index: for every token, the documents holding it, each with
//! how often (capped), whether the title holds it, and which characters
//! follow it (a six-bit mask, for telling phrases from scattered bigrams).
//!
//! A Chinese character that never starts a bigram in a document (the last
//! character of a run, 法 in 民法。) is stored on its own for that
//! document, so "the document holds X" is always "some token of the document
//! starts with X", and single characters need no index of their own.

use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

use super::document::Document;
use super::tokenize::{self, Class};

/// Occurrences beyond this count the same.
pub const MAX_TF: u8 = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    /// Occurrences in title and body, 1..=[`MAX_TF`].
    pub tf: u8,
    pub title: bool,
    /// [`tokenize::next_bit`] of each character following this bigram.
    pub next: u8,
}

pub struct Index {
    pub docs: Vec<Document>,
    /// Tokens per document (title and body).
    pub lengths: Vec<u32>,
    /// Token → postings in document order; keys sorted in UTF-16 order, as
    /// the browser compares strings.
    pub postings: Vec<(String, Vec<Posting>)>,
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tf: u32,
    title: bool,
    next: u8,
}

impl Index {
    pub fn build(docs: Vec<Document>) -> Index {
        let per_doc: Vec<(HashMap<String, Counts>, u32)> =
            docs.par_iter().map(document_tokens).collect();
        let mut map: HashMap<String, Vec<Posting>> = HashMap::new();
        let mut lengths = Vec::with_capacity(docs.len());
        for (doc, (tokens, length)) in per_doc.into_iter().enumerate() {
            lengths.push(length);
            for (token, c) in tokens {
                map.entry(token).or_default().push(Posting {
                    doc: doc as u32,
                    tf: c.tf.min(MAX_TF as u32) as u8,
                    title: c.title,
                    next: c.next,
                });
            }
        }
        let mut postings: Vec<(String, Vec<Posting>)> = map.into_iter().collect();
        postings.sort_by(|a, b| utf16_cmp(&a.0, &b.0));
        Index {
            docs,
            lengths,
            postings,
        }
    }

    /// Average document length in tokens (at least 1).
    pub fn average_length(&self) -> f64 {
        let total: u64 = self.lengths.iter().map(|l| *l as u64).sum();
        (total as f64 / self.lengths.len().max(1) as f64).max(1.0)
    }

    /// Postings of `key`, or of every token starting with `key` when
    /// `prefix`, merged per document.
    pub fn lookup(&self, key: &str, prefix: bool) -> Vec<Posting> {
        let start = self
            .postings
            .partition_point(|(k, _)| utf16_cmp(k, key) == std::cmp::Ordering::Less);
        let mut found: BTreeMap<u32, Posting> = BTreeMap::new();
        for (k, list) in &self.postings[start..] {
            let hit = if prefix { k.starts_with(key) } else { k == key };
            if !hit {
                break;
            }
            for p in list {
                found
                    .entry(p.doc)
                    .and_modify(|q| {
                        q.tf = q.tf.saturating_add(p.tf).min(MAX_TF);
                        q.title |= p.title;
                        q.next |= p.next;
                    })
                    .or_insert(*p);
            }
        }
        found.into_values().collect()
    }
}

/// Strings in the order JavaScript's `<` gives (UTF-16 code units).
pub fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

fn document_tokens(doc: &Document) -> (HashMap<String, Counts>, u32) {
    let mut tokens: HashMap<String, Counts> = HashMap::new();
    let mut run_ends: HashSet<char> = HashSet::new();
    let mut length = 0u32;
    for (text, in_title) in [(doc.title.as_str(), true), (doc.body.as_str(), false)] {
        for run in tokenize::runs(text) {
            if run.class == Class::Cjk && run.chars.len() >= 2 {
                run_ends.extend(run.chars.last().copied());
            }
            let mut found = Vec::new();
            tokenize::run_tokens(&run, &mut found);
            for f in found {
                length += 1;
                let c = tokens.entry(f.token).or_default();
                c.tf += 1;
                c.title |= in_title;
                if let Some(n) = f.next {
                    c.next |= tokenize::next_bit(n);
                }
            }
        }
    }
    let starts: HashSet<char> = tokens
        .keys()
        .filter_map(|k| k.chars().next())
        .filter(|c| tokenize::class_of(*c) == Class::Cjk)
        .collect();
    for c in run_ends {
        if !starts.contains(&c) {
            // Counted once: the bigram ending in it already counted the text.
            tokens.insert(
                c.to_string(),
                Counts {
                    tf: 1,
                    title: doc.title.contains(c),
                    next: 0,
                },
            );
        }
    }
    (tokens, length)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Kind;

    pub fn doc(title: &str, body: &str) -> Document {
        Document {
            kind: Kind::Explainer,
            title: title.into(),
            path: "explainers/x/".into(),
            date: None,
            body: body.into(),
            snippet: String::new(),
        }
    }

    #[test]
    fn postings_record_title_counts_and_next_characters() {
        let index = Index::build(vec![doc("高空抛物", "高空作业与高空抛物")]);
        let p = index.lookup("高空", false);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].tf, 3);
        assert!(p[0].title);
        assert_eq!(
            p[0].next,
            tokenize::next_bit('抛') | tokenize::next_bit('作')
        );
    }

    #[test]
    fn run_final_characters_are_found_by_prefix() {
        let index = Index::build(vec![doc("", "民法。"), doc("", "法律")]);
        // 法 ends a run in the first document and starts 法律 in the second.
        let docs: Vec<u32> = index.lookup("法", true).iter().map(|p| p.doc).collect();
        assert_eq!(docs, [0, 1]);
        assert!(index.lookup("民", true).len() == 1);
        assert!(index.lookup("律", true).len() == 1);
    }

    #[test]
    fn keys_are_sorted_as_the_browser_sorts() {
        let index = Index::build(vec![doc("", "𠀀字 ＡＢ 﨎字 ab")]);
        let keys: Vec<&str> = index.postings.iter().map(|(k, _)| k.as_str()).collect();
        let mut sorted = keys.clone();
        sorted.sort_by(|a, b| utf16_cmp(a, b));
        assert_eq!(keys, sorted);
        // U+2F800-range surrogates sort before U+FA0E in UTF-16.
        assert!(
            keys.iter().position(|k| k.starts_with('𠀀'))
                < keys.iter().position(|k| k.starts_with('﨎'))
        );
    }

    #[test]
    fn term_frequency_is_capped() {
        let index = Index::build(vec![doc("", &"诈骗 ".repeat(50))]);
        assert_eq!(index.lookup("诈骗", false)[0].tf, MAX_TF);
        assert_eq!(index.lengths[0], 50);
    }
}
