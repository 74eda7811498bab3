//! The index cut into files the browser loads with `<script>` tags (which,
//! unlike `fetch()`, work from disk, with no browser flag). Every file is
//! one call, `pufaSearch.add(NAME, VERSION, DATA)`:
//!
//! - `d0.js`, `d1.js`, …: document shards, `[[title, path, date, body], …]`
//!   for consecutive documents, cut near [`DOC_SHARD_BYTES`] (or
//!   [`WHOLE_DOC_SHARD_BYTES`] on a small site). The body is
//!   the text searched, shipped once: the browser cuts each result's
//!   snippet from it around the matched words.
//! - On a small site (titles and bodies under [`WHOLE_TEXT_BYTES`]) that is
//!   all: the first query loads every document shard and the browser
//!   indexes them as [`super::index`] does (`search-index.js`), since
//!   shipping an index besides the text would cost more than the text.
//! - On a larger site, `t0.js`, `t1.js`, …: token shards, `{token:
//!   postings}` over consecutive tokens (in UTF-16 order), each cut near
//!   [`TOKEN_SHARD_BYTES`]. A query loads the shard of each term, or the
//!   few shards a prefix spans, and the document shards of the results it
//!   shows.
//! - `manifest.js`: the number of documents, each one's kind, the first
//!   document of every document shard and (on a larger site) each
//!   document's length and the first token of every token shard.
//!
//! VERSION is a hash of all the data. The manifest is loaded afresh by each
//! search page; shards are asked for with `?v=VERSION`, and a shard whose
//! VERSION is not the manifest's is refused, so a rebuilt site is never
//! answered from a mix of old cached shards and a new manifest.
//!
//! Numbers are written as base-32 digits, most significant first: `0`–`V`
//! end a number, `W`–`z`, `_` and `$` carry on (see [`DIGITS`]). A
//! posting is the gap from the previous document and one number holding
//! `tf - 1` (3 bits), the title flag (1 bit) and the next-character mask
//! (6 bits).

use rayon::prelude::*;
use serde_json::json;

use super::index::{Index, Posting};
use crate::content::Kind;

/// Raw size a token shard grows to before a new one starts.
pub const TOKEN_SHARD_BYTES: usize = 24 * 1024;
/// Raw size a document shard grows to before a new one starts (a query
/// loads those of the results it shows).
pub const DOC_SHARD_BYTES: usize = 16 * 1024;
/// The same on a small site, where the first query loads them all and
/// larger files compress better.
pub const WHOLE_DOC_SHARD_BYTES: usize = 64 * 1024;
/// Sites whose titles and bodies take at most this many bytes ship no
/// token shards: the browser indexes the text it loads.
pub const WHOLE_TEXT_BYTES: usize = 1024 * 1024;

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

/// How many numbers `text` holds (its final digits).
pub fn count_numbers(text: &str) -> usize {
    text.bytes()
        .filter(|b| b.is_ascii_digit() || (b'A'..=b'V').contains(b))
        .count()
}

/// Appends one posting: its gap from the previous document and its meta.
pub fn push_posting(out: &mut String, gap: u32, meta: u32) {
    push_number(out, gap);
    push_number(out, meta);
}

pub fn encode_postings(postings: &[Posting]) -> String {
    let mut out = String::with_capacity(postings.len() * 3);
    let mut last: i64 = -1;
    for p in postings {
        push_posting(&mut out, (p.doc as i64 - last - 1) as u32, p.meta());
        last = p.doc as i64;
    }
    out
}

pub fn decode_postings(text: &str) -> Option<Vec<Posting>> {
    let numbers = read_numbers(text)?;
    let mut out = Vec::with_capacity(numbers.len() / 2);
    let mut doc: i64 = -1;
    for pair in numbers.chunks_exact(2) {
        doc += pair[0] as i64 + 1;
        out.push(Posting::from_meta(doc as u32, pair[1]));
    }
    Some(out)
}

/// Shards as (name, data), before they are stamped.
type Named = Vec<(String, String)>;

/// One output file: its name in the data folder and its text.
pub struct DataFile {
    pub name: String,
    pub text: String,
}

/// Whether `index` is small enough for the browser to index its text.
pub fn is_whole(index: &Index) -> bool {
    let bytes: usize = index
        .docs
        .iter()
        .map(|d| d.title.len() + d.body.len())
        .sum();
    bytes <= WHOLE_TEXT_BYTES
}

/// Every data file of `index`, the manifest last.
pub fn write(index: &Index) -> Vec<DataFile> {
    write_unless(index, &|| false).expect("never stopped")
}

/// [`write`], or `None` once `stop` says to (asked for every document row
/// and between the parts): `pufa serve` gives the search data of an old
/// site up as soon as an edit arrives.
pub fn write_unless(index: &Index, stop: &(dyn Fn() -> bool + Sync)) -> Option<Vec<DataFile>> {
    let whole = is_whole(index);
    let shard_bytes = if whole {
        WHOLE_DOC_SHARD_BYTES
    } else {
        DOC_SHARD_BYTES
    };
    // (name, data) of every shard, then the stamp over all of them.
    let mut shards: Named = Vec::new();
    let mut doc_firsts = String::new();
    let mut rows = String::new();
    let mut first = 0;
    // The rows hold every document's text: made in parallel.
    let made: Vec<String> = index
        .docs
        .par_iter()
        .map(|d| {
            (!stop()).then(|| {
                json!([d.title, d.path, d.date.clone().unwrap_or_default(), d.body]).to_string()
            })
        })
        .while_some()
        .collect();
    if made.len() < index.docs.len() || stop() {
        return super::give_up(made);
    }
    for (i, row) in made.into_iter().enumerate() {
        if !rows.is_empty() && rows.len() + row.len() > shard_bytes {
            push_number(&mut doc_firsts, first as u32);
            shards.push((format!("d{}", shards.len()), format!("[{rows}]")));
            rows.clear();
            first = i;
        }
        if !rows.is_empty() {
            rows.push(',');
        }
        rows.push_str(&row);
    }
    if !rows.is_empty() {
        push_number(&mut doc_firsts, first as u32);
        shards.push((format!("d{}", shards.len()), format!("[{rows}]")));
    }
    let mut manifest = json!({
        "whole": whole,
        "docs": index.docs.len(),
        "docShards": doc_firsts,
        "kinds": index.docs.iter().map(|d| kind_code(d.kind)).collect::<String>(),
        "kindKeys": Kind::ALL.iter().map(|k| k.folder()).collect::<Vec<_>>(),
        "kindNames": Kind::ALL.iter().map(|k| (k.folder().to_string(), json!(k.name_zh()))).collect::<serde_json::Map<_, _>>(),
    });
    if !whole {
        let (token_shards, firsts) = token_shards(index, stop)?;
        shards.extend(token_shards);
        let mut lengths = String::new();
        for l in &index.lengths {
            push_number(&mut lengths, *l);
        }
        manifest["averageLength"] = json!(index.average_length());
        manifest["lengths"] = json!(lengths);
        manifest["tokenShards"] = json!(firsts);
    }
    let manifest_data = manifest.to_string();
    // Each shard is hashed on its own, in parallel; the stamp hashes those.
    let hashes: Vec<u64> = shards
        .par_iter()
        .map(|(n, d)| fnv1a([n.as_bytes(), d.as_bytes()].into_iter()))
        .collect();
    let hashes: Vec<[u8; 8]> = hashes.iter().map(|h| h.to_le_bytes()).collect();
    let version = format!(
        "{:016x}",
        fnv1a(
            hashes
                .iter()
                .map(|h| &h[..])
                .chain([manifest_data.as_bytes()])
        )
    );
    manifest["version"] = json!(version);
    shards.push(("manifest".into(), manifest.to_string()));
    let count = shards.len();
    let files: Vec<DataFile> = shards
        .into_par_iter()
        .map(|(name, data)| {
            (!stop()).then(|| DataFile {
                text: format!("pufaSearch.add({},\"{version}\",{data});\n", json!(name)),
                name,
            })
        })
        .while_some()
        .collect();
    (files.len() == count).then_some(files)
}

/// The token shards `t0`, `t1`, … and the first token of each (the first
/// shard's is empty: it answers every token before the second's too).
fn token_shards(index: &Index, stop: &(dyn Fn() -> bool + Sync)) -> Option<(Named, Vec<String>)> {
    // `"token":"postings"`, formatted in parallel.
    let entries: Vec<String> = index
        .postings
        .par_iter()
        .map(|(token, postings)| (!stop()).then(|| format!("{}:\"{postings}\"", json!(token))))
        .while_some()
        .collect();
    if entries.len() < index.postings.len() {
        return super::give_up(entries);
    }
    let mut shards = Vec::new();
    let mut firsts: Vec<String> = Vec::new();
    let mut shard = String::new();
    for ((token, _), entry) in index.postings.iter().zip(&entries) {
        if !shard.is_empty() && shard.len() + entry.len() > TOKEN_SHARD_BYTES {
            shards.push((format!("t{}", shards.len()), format!("{{{shard}}}")));
            shard.clear();
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
        shards.push((format!("t{}", shards.len()), format!("{{{shard}}}")));
    }
    firsts[0] = String::new();
    Some((shards, firsts))
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
    use crate::search::index::MAX_TF;

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
                body: "高空抛物".repeat(if i == 0 { 6000 } else { 1 }),
            })
            .collect();
        let files = write(&Index::build(docs));
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["d0", "d1", "manifest"]);
        let manifest = &files[2].text;
        assert!(manifest.starts_with("pufaSearch.add(\"manifest\",\""));
        assert!(manifest.contains("\"whole\":true"));
        assert!(!manifest.contains("tokenShards"));
        // The second shard starts at the document that did not fit.
        assert!(manifest.contains("\"docShards\":\"01\""), "{manifest}");
    }

    #[test]
    fn every_file_carries_the_version_of_the_manifest() {
        let docs = vec![Document {
            kind: Kind::Book,
            title: "民法典百问百答".into(),
            path: "books/a/".into(),
            date: None,
            body: "王立明".into(),
        }];
        let files = write(&Index::build(docs.clone()));
        let stamp = |f: &DataFile| f.text.split('"').nth(3).unwrap_or_default().to_string();
        let version = stamp(&files[files.len() - 1]);
        assert_eq!(version.len(), 16);
        assert!(files.iter().all(|f| stamp(f) == version));
        let mut changed = docs;
        changed[0].body = "王立明 著".into();
        let again = write(&Index::build(changed));
        assert_ne!(stamp(&again[0]), version);
    }

    #[test]
    fn large_sites_get_token_shards() {
        let body = "社区居民应当遵守法律法规，维护公共秩序。".repeat(40);
        let docs: Vec<Document> = (0..(WHOLE_TEXT_BYTES / body.len() + 2))
            .map(|i| Document {
                kind: Kind::Case,
                title: format!("案例{i}"),
                path: format!("cases/{i}/"),
                date: None,
                body: body.clone(),
            })
            .collect();
        let index = Index::build(docs);
        assert!(!is_whole(&index));
        let files = write(&index);
        assert!(files.iter().any(|f| f.name == "t0"));
        let manifest = &files[files.len() - 1].text;
        assert!(manifest.contains("\"tokenShards\":[\"\""));
        assert!(manifest.contains("\"lengths\""));
    }
}
