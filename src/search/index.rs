//! The inverted index: for every token, the documents holding it, each with
//! how often (capped), whether the title holds it, and which characters
//! follow it (a six-bit mask, for telling phrases from scattered bigrams).
//!
//! Besides bigrams, every Chinese character is indexed on its own, so a
//! one-character query reads one list instead of merging every bigram that
//! starts with it (what keeps 法 or 的 fast on a large site).

use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

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

/// A token while building: Chinese tokens packed as numbers (one or two
/// code points, 21 bits each), so the millions of them need no allocation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Key {
    Cjk(u64),
    Word(Box<str>),
}

impl Key {
    fn cjk(first: char, second: Option<char>) -> Key {
        Key::Cjk((first as u64) << 21 | second.map_or(0, |c| c as u64))
    }

    fn text(&self) -> String {
        match self {
            Key::Cjk(k) => [k >> 21, k & 0x1F_FFFF]
                .iter()
                .filter(|c| **c != 0)
                .filter_map(|c| char::from_u32(*c as u32))
                .collect(),
            Key::Word(w) => w.to_string(),
        }
    }
}

/// Folded-multiply hashing: the keys are trusted and small, and the
/// standard hasher's DoS protection costs much of the build here. Folding
/// the 128-bit product brings high bits down, so bigrams sharing a second
/// character do not share a bucket.
#[derive(Default)]
struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(*b as u64);
        }
    }
    fn write_u64(&mut self, v: u64) {
        let full = ((self.0 ^ v) as u128).wrapping_mul(0x5851_f42d_4c95_7f2d_9e37_79b9_7f4a_7c15);
        self.0 = (full as u64) ^ ((full >> 64) as u64);
    }
    fn write_usize(&mut self, v: usize) {
        self.write_u64(v as u64);
    }
}

type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;

impl Index {
    pub fn build(docs: Vec<Document>) -> Index {
        let per_doc: Vec<(Vec<(Key, Counts)>, u32)> =
            docs.par_iter().map(document_tokens).collect();
        let mut map: FastMap<Key, Vec<Posting>> = FastMap::default();
        let mut lengths = Vec::with_capacity(docs.len());
        for (doc, (tokens, length)) in per_doc.into_iter().enumerate() {
            lengths.push(length);
            for (key, c) in tokens {
                map.entry(key).or_default().push(Posting {
                    doc: doc as u32,
                    tf: c.tf.min(MAX_TF as u32) as u8,
                    title: c.title,
                    next: c.next,
                });
            }
        }
        let mut postings: Vec<(String, Vec<Posting>)> =
            map.into_iter().map(|(k, v)| (k.text(), v)).collect();
        postings.par_sort_unstable_by(|a, b| utf16_cmp(&a.0, &b.0));
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

fn document_tokens(doc: &Document) -> (Vec<(Key, Counts)>, u32) {
    let mut tokens: FastMap<Key, Counts> = FastMap::default();
    let mut length = 0u32;
    let mut add = |key: Key, next: Option<char>, in_title: bool| {
        let c = tokens.entry(key).or_default();
        c.tf += 1;
        c.title |= in_title;
        if let Some(n) = next {
            c.next |= tokenize::next_bit(n);
        }
    };
    for (text, in_title) in [(doc.title.as_str(), true), (doc.body.as_str(), false)] {
        for run in tokenize::runs(text) {
            let chars = &run.chars;
            match run.class {
                Class::Cjk => {
                    for (i, c) in chars.iter().enumerate() {
                        add(Key::cjk(*c, None), None, in_title);
                        if let Some(second) = chars.get(i + 1) {
                            add(
                                Key::cjk(*c, Some(*second)),
                                chars.get(i + 2).copied(),
                                in_title,
                            );
                        }
                    }
                    length += chars.len().saturating_sub(1).max(1) as u32;
                }
                _ => {
                    let word: String = chars.iter().take(tokenize::MAX_WORD_CHARS).collect();
                    add(Key::Word(word.into()), None, in_title);
                    length += 1;
                }
            }
        }
    }
    (tokens.into_iter().collect(), length)
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
    fn every_character_is_indexed_alone() {
        let index = Index::build(vec![doc("法", "民法。"), doc("", "法律")]);
        let p = index.lookup("法", false);
        assert_eq!(p.iter().map(|p| p.doc).collect::<Vec<_>>(), [0, 1]);
        assert_eq!((p[0].tf, p[0].title, p[0].next), (2, true, 0));
        assert_eq!(index.lookup("律", false).len(), 1);
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
