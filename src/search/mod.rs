//! Search that works for Chinese, offline, with no server.
//!
//! At build time pufa tokenises every entry ([`tokenize`]: CJK bigrams,
//! lower-cased words, numbers, with [`numerals`] folded), builds an
//! inverted index ([`index`]) over what readers search by ([`document`]),
//! and cuts it and the text into small JavaScript files ([`shards`]) under
//! `search/data/`. The `/search/` page's scripts (`search-*.js` in the
//! theme) load only the files a query needs, through `<script>` tags so
//! they work from disk, index a small site's text themselves, rank as
//! [`rank`] does and cut snippets around the matched words.

pub mod document;
pub mod index;
pub mod numerals;
pub mod rank;
pub mod shards;
pub mod text;
pub mod tokenize;

use crate::site::Site;

/// Where the data files go, from the site root.
pub const DATA_DIR: &str = "search/data";

/// Work given up because `stop` said so: `None`, with what was made so far
/// freed on another thread (a large index takes a while to free, and the
/// edit that stopped it is waiting).
pub(crate) fn give_up<T: Send + 'static, U>(made: T) -> Option<U> {
    std::thread::spawn(move || drop(made));
    None
}

/// The index of `site`.
pub fn build_index(site: &Site) -> index::Index {
    index::Index::build(document::documents(site))
}

/// The search data files of `site`: (path from the output root, bytes).
pub fn files(site: &Site) -> Vec<(String, Vec<u8>)> {
    files_unless(site, &|| false).expect("never stopped")
}

/// [`files`], or `None` as soon as `stop` says to (it is asked between
/// parts of the work, from any thread): `pufa serve` drops the search data
/// of a site that an edit has already made old.
pub fn files_unless(
    site: &Site,
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<(String, Vec<u8>)>> {
    let docs = document::documents_unless(site, stop)?;
    let index = index::Index::build_unless(docs, stop)?;
    if stop() {
        return give_up(index);
    }
    let Some(written) = shards::write_unless(&index, stop) else {
        return give_up(index);
    };
    Some(
        written
            .into_iter()
            .map(|f| (format!("{DATA_DIR}/{}.js", f.name), f.text.into_bytes()))
            .collect(),
    )
}
