//! The inverted index: for every token, the documents holding it, each with
//! how often (capped), whether the title holds it, and which characters
//! follow it (a six-bit mask, for telling phrases from scattered bigrams).
//!
//! Besides bigrams, every Chinese character is indexed on its own, so a
//! one-character query reads one list instead of merging every bigram that
//! starts with it (what keeps 法 or 的 fast on a large site).
//!
//! Built lean for large sites: documents are tokenised a chunk at a time
//! (in parallel), Chinese tokens are numbers rather than strings, a word is
//! allocated once per document, and each token's postings are appended
//! straight into their compact shard encoding ([`shards::push_posting`],
//! about 2.5 bytes a posting), so the index never holds a posting as a
//! struct.

use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

use super::document::Document;
use super::numerals;
use super::shards;
use super::tokenize::{self, Class};

/// Occurrences beyond this count the same.
pub const MAX_TF: u8 = 8;

/// Documents tokenised at once before their postings join the index.
const CHUNK_DOCS: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    /// Occurrences in title and body, 1..=[`MAX_TF`].
    pub tf: u8,
    pub title: bool,
    /// [`tokenize::next_bit`] of each character following this bigram.
    pub next: u8,
}

impl Posting {
    /// `tf - 1` (3 bits), the title flag (1 bit), the next mask (6 bits).
    pub fn meta(&self) -> u32 {
        (self.tf.clamp(1, MAX_TF) as u32 - 1) | (self.title as u32) << 3 | (self.next as u32) << 4
    }

    pub fn from_meta(doc: u32, meta: u32) -> Posting {
        Posting {
            doc,
            tf: (meta & 7) as u8 + 1,
            title: meta & 8 != 0,
            next: (meta >> 4) as u8,
        }
    }
}

pub struct Index {
    pub docs: Vec<Document>,
    /// Tokens per document (title and body).
    pub lengths: Vec<u32>,
    /// Token → its postings in document order, encoded as the shards write
    /// them ([`shards::decode_postings`] reads them); keys sorted in UTF-16
    /// order, as the browser compares strings.
    pub postings: Vec<(String, String)>,
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tf: u32,
    title: bool,
    next: u8,
}

impl Counts {
    fn meta(&self) -> u32 {
        Posting {
            doc: 0,
            tf: self.tf.min(MAX_TF as u32) as u8,
            title: self.title,
            next: self.next,
        }
        .meta()
    }
}

/// A token while building: Chinese tokens packed as numbers (one or two
/// code points, 21 bits each), so the millions of them need no allocation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Key {
    Cjk(u64),
    Word(Box<str>),
}

fn cjk_key(first: char, second: Option<char>) -> u64 {
    (first as u64) << 21 | second.map_or(0, |c| c as u64)
}

impl Key {
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

/// One token's postings while building: the last document added and the
/// encoded list.
struct List {
    last: i64,
    text: String,
}

impl Index {
    pub fn build(docs: Vec<Document>) -> Index {
        Index::build_unless(docs, &|| false).expect("never stopped")
    }

    /// [`Index::build`], or `None` once `stop` says to (asked between
    /// chunks of documents).
    pub fn build_unless(docs: Vec<Document>, stop: &(dyn Fn() -> bool + Sync)) -> Option<Index> {
        let mut map: FastMap<Key, List> = FastMap::default();
        let mut lengths = Vec::with_capacity(docs.len());
        for (c, chunk) in docs.chunks(CHUNK_DOCS).enumerate() {
            // Asked for every document, so an edit in `pufa serve` waits
            // for one document's work, not a chunk's.
            let per_doc: Vec<(Vec<(Key, u32)>, u32)> = chunk
                .par_iter()
                .map(|d| (!stop()).then(|| document_tokens(d)))
                .while_some()
                .collect();
            if per_doc.len() < chunk.len() {
                return super::give_up((map, docs, per_doc));
            }
            for (i, (tokens, length)) in per_doc.into_iter().enumerate() {
                let doc = (c * CHUNK_DOCS + i) as i64;
                lengths.push(length);
                for (key, meta) in tokens {
                    let list = map.entry(key).or_insert_with(|| List {
                        last: -1,
                        text: String::new(),
                    });
                    shards::push_posting(&mut list.text, (doc - list.last - 1) as u32, meta);
                    list.last = doc;
                }
            }
        }
        if stop() {
            return super::give_up((map, docs));
        }
        let mut postings: Vec<(String, String)> = map
            .into_iter()
            .map(|(k, mut v)| {
                v.text.shrink_to_fit();
                (k.text(), v.text)
            })
            .collect();
        postings.par_sort_unstable_by(|a, b| utf16_cmp(&a.0, &b.0));
        Some(Index {
            docs,
            lengths,
            postings,
        })
    }

    /// Average document length in tokens (at least 1).
    pub fn average_length(&self) -> f64 {
        let total: u64 = self.lengths.iter().map(|l| *l as u64).sum();
        (total as f64 / self.lengths.len().max(1) as f64).max(1.0)
    }

    /// How many postings the index holds.
    pub fn posting_count(&self) -> usize {
        self.postings
            .iter()
            .map(|(_, p)| shards::count_numbers(p) / 2)
            .sum()
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
            for p in shards::decode_postings(list).unwrap_or_default() {
                found
                    .entry(p.doc)
                    .and_modify(|q| {
                        q.tf = q.tf.saturating_add(p.tf).min(MAX_TF);
                        q.title |= p.title;
                        q.next |= p.next;
                    })
                    .or_insert(p);
            }
        }
        found.into_values().collect()
    }
}

/// Strings in the order JavaScript's `<` gives (UTF-16 code units).
pub fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// The tokens of one document with their encoded counts, and its length.
/// Cuts text exactly as [`tokenize::runs`] does, without making the runs.
fn document_tokens(doc: &Document) -> (Vec<(Key, u32)>, u32) {
    let mut cjk: FastMap<u64, Counts> = FastMap::default();
    let mut words: FastMap<Box<str>, Counts> = FastMap::default();
    let mut length = 0u32;
    let mut run: Vec<char> = Vec::new();
    let mut word = String::new();
    let mut flush = |run: &[char], class: Class, in_title: bool, length: &mut u32| {
        let add = |c: &mut Counts, next: Option<char>| {
            c.tf += 1;
            c.title |= in_title;
            if let Some(n) = next {
                c.next |= tokenize::next_bit(n);
            }
        };
        match class {
            Class::Cjk => {
                for (i, c) in run.iter().enumerate() {
                    add(cjk.entry(cjk_key(*c, None)).or_default(), None);
                    if let Some(second) = run.get(i + 1) {
                        let key = cjk_key(*c, Some(*second));
                        add(cjk.entry(key).or_default(), run.get(i + 2).copied());
                    }
                }
                *length += run.len().saturating_sub(1).max(1) as u32;
            }
            Class::Letter | Class::Digit => {
                word.clear();
                word.extend(run.iter().take(tokenize::MAX_WORD_CHARS));
                match words.get_mut(word.as_str()) {
                    Some(c) => add(c, None),
                    None => add(words.entry(word.as_str().into()).or_default(), None),
                }
                *length += 1;
            }
            Class::Other => {}
        }
    };
    for (text, in_title) in [(doc.title.as_str(), true), (doc.body.as_str(), false)] {
        let mut class = Class::Other;
        for c in numerals::fold(text).chars().map(tokenize::normalize) {
            let k = tokenize::class_of(c);
            if k != class {
                flush(&run, class, in_title, &mut length);
                run.clear();
                class = k;
            }
            if k != Class::Other {
                run.push(c);
            }
        }
        flush(&run, class, in_title, &mut length);
        run.clear();
    }
    let mut out: Vec<(Key, u32)> = Vec::with_capacity(cjk.len() + words.len());
    out.extend(cjk.into_iter().map(|(k, c)| (Key::Cjk(k), c.meta())));
    out.extend(words.into_iter().map(|(k, c)| (Key::Word(k), c.meta())));
    (out, length)
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
    fn the_index_cuts_text_as_the_tokeniser_does() {
        let text = "拨打１２３４８热线，或登录APP查询《民法典》第一千二百五十四条 Wi-Fi 高空抛物";
        let index = Index::build(vec![doc("", text)]);
        for found in tokenize::tokens(text) {
            assert_eq!(
                index.lookup(&found.token, false).len(),
                1,
                "{}",
                found.token
            );
        }
        assert_eq!(index.lookup("1254", false).len(), 1);
    }

    #[test]
    fn documents_in_many_chunks_keep_their_numbers() {
        // Three hits, in the first, second and third chunk.
        let step = CHUNK_DOCS + 1;
        let docs: Vec<Document> = (0..CHUNK_DOCS * 2 + 3)
            .map(|i| doc("", if i % step == 0 { "诈骗" } else { "法律" }))
            .collect();
        let index = Index::build(docs);
        let hits: Vec<u32> = index.lookup("诈骗", false).iter().map(|p| p.doc).collect();
        let step = step as u32;
        assert_eq!(hits, [0, step, 2 * step]);
        assert_eq!(index.posting_count(), 3 * 3 + (CHUNK_DOCS * 2) * 3);
    }

    #[test]
    fn term_frequency_is_capped() {
        let index = Index::build(vec![doc("", &"诈骗 ".repeat(50))]);
        assert_eq!(index.lookup("诈骗", false)[0].tf, MAX_TF);
        assert_eq!(index.lengths[0], 50);
    }
}
