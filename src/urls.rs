//! Relative links between pages. Every page sits at a directory path such
//! as `cases/gaokong/` (the home page at the empty path), and every internal
//! link is written relative to it, so the site works under any sub-path and,
//! with `offline`, straight from disk.

/// How to reach `target` (a site-root path like `cases/a/`, `atom.xml` or
/// `contacts/#zhang`) from the page at `from`.
pub fn relative(from: &str, target: &str, offline: bool) -> String {
    let depth = from.matches('/').count();
    let (path, anchor) = match target.find('#') {
        Some(i) => target.split_at(i),
        None => (target, ""),
    };
    let mut out = "../".repeat(depth);
    out.push_str(path);
    if offline && (path.is_empty() || path.ends_with('/')) {
        out.push_str("index.html");
    } else if out.is_empty() {
        out.push_str("./");
    }
    out.push_str(anchor);
    out
}

/// The prefix that leads from the page at `from` to the site root.
pub fn root_of(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// The file a page path is written to: `cases/a/` → `cases/a/index.html`.
pub fn file_of(page: &str) -> String {
    if page.is_empty() || page.ends_with('/') {
        format!("{page}index.html")
    } else {
        page.to_string()
    }
}

/// Absolute address of a page at `base_url`, for feeds, the sitemap and QR codes.
pub fn absolute(base_url: &str, target: &str) -> String {
    let base = if base_url.ends_with('/') {
        base_url.to_string()
    } else {
        format!("{base_url}/")
    };
    format!("{base}{target}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_climb_to_the_root_then_descend() {
        assert_eq!(
            relative("explainers/a/", "cases/b/", false),
            "../../cases/b/"
        );
        assert_eq!(relative("", "cases/b/", false), "cases/b/");
        assert_eq!(relative("cases/b/", "", false), "../../");
        assert_eq!(relative("", "", false), "./");
    }

    #[test]
    fn offline_links_name_the_index_file() {
        assert_eq!(
            relative("explainers/a/", "cases/b/", true),
            "../../cases/b/index.html"
        );
        assert_eq!(relative("", "", true), "index.html");
        assert_eq!(
            relative("a/", "contacts/#zhang", true),
            "../contacts/index.html#zhang"
        );
        assert_eq!(relative("a/", "atom.xml", true), "../atom.xml");
    }

    #[test]
    fn files_and_absolute_addresses() {
        assert_eq!(file_of("cases/a/"), "cases/a/index.html");
        assert_eq!(file_of(""), "index.html");
        assert_eq!(file_of("404.html"), "404.html");
        assert_eq!(
            absolute("https://x.org", "cases/a/"),
            "https://x.org/cases/a/"
        );
    }
}
