//! The index cut into files the browser loads with `<script>` tags (which,
//! unlike `fetch()`, work from disk). Every file is one call,
//! `pufaSearch.add(NAME, DATA)`:
//!
//! - `manifest.js`: the number of documents, each document's kind and
//!   length, the first token of every token shard, the documents per
//!   document shard, and a version stamp added to every shard's address so
//!   a new build is never mixed with cached old shards.
//! - `t0.js`, `t1.js`, …: token shards, `{token: postings}` over consecutive
//!   tokens (in UTF-16 order), each cut near [`TOKEN_SHARD_BYTES`]. A query
//!   loads the shard of each term, or the few shards a prefix spans.
//! - `d0.js`, `d1.js`, …: document shards, `[[title, path, date, snippet], …]`
//!   for [`DOCS_PER_SHARD`] consecutive documents; a query loads those of the
//!   results it shows.
//!
//! Numbers are written as base-32 digits, most significant first: `0`–`V`
//! end a number, `W`–`z`, `_` and `$` carry on (see [`DIGITS`]). A
//! posting is the gap from the previous document and one number holding
//! `tf - 1` (3 bits), the title flag (1 bit) and the next-character mask
//! (6 bits).

use rayon::prelude::*;
use serde_json::json;

use super::index::{Index, MAX_TF, Posting};
use crate::content::Kind;

/// Raw size a token shard grows to before a new one starts.
pub const TOKEN_SHARD_BYTES: usize = 24 * 1024;
pub const DOCS_PER_SHARD: usize = 32;

/// 32 final digits, then 32 continuing digits; none needs escaping in JSON.
pub const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_$";

pub fn push_number(out: &mut String, mut v: u32) {
    let mut groups = [0u8; 7];
    let mut n = 0;
    loop {
        groups[n] = (v & 31) as u8;
        n += 1;
        v >>= 5;
        if v == 0 {
            break;
        }
    }
    for i in (1..n).rev() {
        out.push(DIGITS[32 + groups[i] as usize] as char);
    }
    out.push(DIGITS[groups[0] as usize] as char);
}

/// Reads numbers written by [`push_number`]; `None` on a foreign character.
pub fn read_numbers(text: &str) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    let mut v: u32 = 0;
    for b in text.bytes() {
        let d = DIGITS.iter().position(|x| *x == b)? as u32;
        if d >= 32 {
            v = (v << 5) | (d - 32);
        } else {
            out.push((v << 5) | d);
            v = 0;
        }
    }
    Some(out)
}

pub fn encode_postings(postings: &[Posting]) -> String {
    let mut out = String::with_capacity(postings.len() * 3);
    let mut last: i64 = -1;
    for p in postings {
        push_number(&mut out, (p.doc as i64 - last - 1) as u32);
        last = p.doc as i64;
        let meta =
            (p.tf.clamp(1, MAX_TF) as u32 - 1) | (p.title as u32) << 3 | (p.next as u32) << 4;
        push_number(&mut out, meta);
    }
    out
}

pub fn decode_postings(text: &str) -> Option<Vec<Posting>> {
    let numbers = read_numbers(text)?;
    let mut out = Vec::with_capacity(numbers.len() / 2);
    let mut doc: i64 = -1;
    for pair in numbers.chunks_exact(2) {
        doc += pair[0] as i64 + 1;
        out.push(Posting {
            doc: doc as u32,
            tf: (pair[1] & 7) as u8 + 1,
            title: pair[1] & 8 != 0,
            next: (pair[1] >> 4) as u8,
        });
    }
    Some(out)
}

/// One output file: its name in the data folder and its text.
pub struct DataFile {
    pub name: String,
    pub text: String,
}

fn call(name: &str, data: &str) -> String {
    format!("pufaSearch.add({},{data});\n", json!(name))
}

/// Every data file of `index`, the manifest last.
pub fn write(index: &Index) -> Vec<DataFile> {
    // `"token":"postings"`, encoded in parallel: the bulk of the work.
    let entries: Vec<String> = index
        .postings
        .par_iter()
        .map(|(token, postings)| format!("{}:\"{}\"", json!(token), encode_postings(postings)))
        .collect();
    let mut files = Vec::new();
    let mut firsts: Vec<String> = Vec::new();
    let mut shard = String::new();
    let flush = |shard: &mut String, files: &mut Vec<DataFile>| {
        let name = format!("t{}", files.len());
        files.push(DataFile {
            text: call(&name, &format!("{{{shard}}}")),
            name,
        });
        shard.clear();
    };
    for ((token, _), entry) in index.postings.iter().zip(&entries) {
        if !shard.is_empty() && shard.len() + entry.len() > TOKEN_SHARD_BYTES {
            flush(&mut shard, &mut files);
        }
        if shard.is_empty() {
            firsts.push(token.clone());
        } else {
            shard.push(',');
        }
        shard.push_str(entry);
    }
    if !shard.is_empty() || firsts.is_empty() {
        if firsts.is_empty() {
            firsts.push(String::new());
        }
        flush(&mut shard, &mut files);
    }
    // The first shard answers every token before its first key too.
    firsts[0] = String::new();
    let token_shards = files.len();
    for (k, chunk) in index.docs.chunks(DOCS_PER_SHARD).enumerate() {
        let rows: Vec<serde_json::Value> = chunk
            .iter()
            .map(|d| {
                json!([
                    d.title,
                    d.path,
                    d.date.clone().unwrap_or_default(),
                    d.snippet
                ])
            })
            .collect();
        let name = format!("d{k}");
        files.push(DataFile {
            text: call(&name, &serde_json::Value::Array(rows).to_string()),
            name,
        });
    }
    let mut lengths = String::new();
    for l in &index.lengths {
        push_number(&mut lengths, *l);
    }
    let kinds: String = index.docs.iter().map(|d| kind_code(d.kind)).collect();
    let version = format!("{:016x}", fnv1a(files.iter().map(|f| f.text.as_bytes())));
    let manifest = json!({
        "version": version,
        "docs": index.docs.len(),
        "averageLength": index.average_length(),
        "lengths": lengths,
        "kinds": kinds,
        "kindKeys": Kind::ALL.iter().map(|k| k.folder()).collect::<Vec<_>>(),
        "kindNames": Kind::ALL.iter().map(|k| (k.folder().to_string(), json!(k.name_zh()))).collect::<serde_json::Map<_, _>>(),
        "tokenShards": firsts,
        "docsPerShard": DOCS_PER_SHARD,
    });
    debug_assert_eq!(token_shards, firsts.len());
    files.push(DataFile {
        name: "manifest".into(),
        text: call("manifest", &manifest.to_string()),
    });
    files
}

/// A document's kind as one character: its place in `Kind::ALL`.
pub fn kind_code(kind: Kind) -> char {
    let i = Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    (b'0' + i as u8) as char
}

fn fnv1a<'a>(parts: impl Iterator<Item = &'a [u8]>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part {
            h ^= *b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::document::Document;

    #[test]
    fn numbers_round_trip() {
        let values = [0, 1, 31, 32, 1000, 1 << 20, u32::MAX];
        let mut text = String::new();
        for v in values {
            push_number(&mut text, v);
        }
        assert_eq!(read_numbers(&text).unwrap(), values);
        assert_eq!(read_numbers("0!"), None);
    }

    #[test]
    fn small_numbers_take_one_character() {
        let mut text = String::new();
        push_number(&mut text, 31);
        assert_eq!(text, "V");
    }

    #[test]
    fn postings_round_trip() {
        let postings = vec![
            Posting {
                doc: 0,
                tf: 1,
                title: true,
                next: 0b101,
            },
            Posting {
                doc: 7,
                tf: MAX_TF,
                title: false,
                next: 0,
            },
            Posting {
                doc: 100_000,
                tf: 3,
                title: false,
                next: 63,
            },
        ];
        assert_eq!(
            decode_postings(&encode_postings(&postings)).unwrap(),
            postings
        );
    }

    #[test]
    fn files_name_every_shard_in_the_manifest() {
        let docs: Vec<Document> = (0..40)
            .map(|i| Document {
                kind: Kind::Case,
                title: format!("案例{i}"),
                path: format!("cases/{i}/"),
                date: None,
                body: "高空抛物".into(),
                snippet: String::new(),
            })
            .collect();
        let files = write(&Index::build(docs));
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["t0", "d0", "d1", "manifest"]);
        let manifest = &files[3].text;
        assert!(manifest.starts_with("pufaSearch.add(\"manifest\","));
        assert!(manifest.contains("\"tokenShards\":[\"\"]"));
    }
}
