//! Machine-read files: the Atom feed, the sitemap and robots.txt. Written
//! directly (not through templates) so their escaping is always right; they
//! use absolute URLs at `base_url`, as feed readers and crawlers require.

use std::fmt::Write;

use crate::content::Kind;
use crate::site::Site;
use crate::text::escape_html;
use crate::urls::absolute;

/// Entries in the feed.
const FEED_SIZE: usize = 30;

pub fn all(site: &Site) -> Vec<(String, Vec<u8>)> {
    vec![
        ("atom.xml".to_string(), atom(site).into_bytes()),
        ("sitemap.xml".to_string(), sitemap(site).into_bytes()),
        ("robots.txt".to_string(), robots(site).into_bytes()),
    ]
}

fn atom(site: &Site) -> String {
    let base = &site.config.base_url;
    let mut dated: Vec<usize> = site.index.months.values().flatten().copied().collect();
    dated.sort_by(|a, b| {
        let (ea, eb) = (&site.entry(*a).item, &site.entry(*b).item);
        eb.date
            .cmp(&ea.date)
            .then(ea.kind.cmp(&eb.kind))
            .then_with(|| ea.id.cmp(&eb.id))
    });
    dated.truncate(FEED_SIZE);
    let updated = dated
        .first()
        .and_then(|i| site.entry(*i).item.date)
        .map_or_else(|| "1970-01-01".to_string(), |d| d.to_string());
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n  <title>{}</title>\n  <subtitle>{}</subtitle>\n  <link rel=\"self\" href=\"{}\"/>\n  <link href=\"{}\"/>\n  <id>{}</id>\n  <updated>{updated}T00:00:00+08:00</updated>\n",
        escape_html(&site.config.title),
        escape_html(&site.config.description),
        escape_html(&absolute(base, "atom.xml")),
        escape_html(base),
        escape_html(base),
    );
    for i in dated {
        let e = site.entry(i);
        let item = &e.item;
        let url = absolute(base, &item.url_path());
        let date = item
            .updated
            .or(item.date)
            .map(|d| d.to_string())
            .unwrap_or_default();
        let published = item.date.map(|d| d.to_string()).unwrap_or_default();
        let _ = write!(
            out,
            "  <entry>\n    <title>{}</title>\n    <link href=\"{}\"/>\n    <id>{}</id>\n    <published>{published}T00:00:00+08:00</published>\n    <updated>{date}T00:00:00+08:00</updated>\n    <category term=\"{}\"/>\n",
            escape_html(&item.title),
            escape_html(&url),
            escape_html(&url),
            item.kind.name_zh(),
        );
        if let Some(author) = &item.fm.author {
            let _ = writeln!(
                out,
                "    <author><name>{}</name></author>",
                escape_html(author)
            );
        }
        let _ = write!(
            out,
            "    <summary>{}</summary>\n  </entry>\n",
            escape_html(&e.summary)
        );
    }
    out.push_str("</feed>\n");
    out
}

fn sitemap(site: &Site) -> String {
    let base = &site.config.base_url;
    let mut paths: Vec<(String, Option<String>)> = vec![(String::new(), None)];
    for folder in [
        "explainers/",
        "cases/",
        "lectures/",
        "bulletins/",
        "books/",
        "contacts/",
        "buildings/",
        "archive/",
        "topics/",
        "audiences/",
    ] {
        paths.push((folder.to_string(), None));
    }
    for e in &site.entries {
        if e.item.kind != Kind::Contact {
            let last = e.item.updated.or(e.item.date).map(|d| d.to_string());
            paths.push((e.item.url_path(), last));
        }
    }
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, last) in paths {
        let _ = write!(
            out,
            "  <url><loc>{}</loc>",
            escape_html(&absolute(base, &path))
        );
        if let Some(d) = last {
            let _ = write!(out, "<lastmod>{d}</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// The sitemap is named only at a full address: robots.txt allows no other.
fn robots(site: &Site) -> String {
    let mut out = String::from("User-agent: *\nAllow: /\n");
    if site.config.has_full_base_url() {
        let _ = writeln!(
            out,
            "Sitemap: {}",
            absolute(&site.config.base_url, "sitemap.xml")
        );
    }
    out
}
