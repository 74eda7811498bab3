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

/// The index of `site`.
pub fn build_index(site: &Site) -> index::Index {
    index::Index::build(document::documents(site))
}

/// The search data files of `site`: (path from the output root, bytes).
pub fn files(site: &Site) -> Vec<(String, Vec<u8>)> {
    shards::write(&build_index(site))
        .into_iter()
        .map(|f| (format!("{DATA_DIR}/{}.js", f.name), f.text.into_bytes()))
        .collect()
}
