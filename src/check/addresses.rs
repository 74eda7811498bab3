//! Addresses in links and images, read the way a browser reads them from
//! the page they are on (relative or from the site root), and the way pufa
//! reads links between content files (relative to the file).

use std::path::{Component, Path, PathBuf};

/// Whether a link leaves the site: a scheme (`https:`, `mailto:`, `tel:`)
/// or a protocol-relative `//host/`.
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    dest.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// The path from the site root that `address` leads to from `page`, as a
/// browser reads it; `None` when it climbs above the root.
pub fn resolve(page: &str, address: &str) -> Option<String> {
    let address = percent_decode(address);
    let page = page.split('#').next().unwrap_or_default();
    let (base, rel) = match address.strip_prefix('/') {
        Some(rest) => ("", rest.to_string()),
        None => (page, address),
    };
    // The folder the page is in: `explainers/a/` for `explainers/a/`.
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    if !base.ends_with('/') {
        parts.pop();
    }
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let mut out = parts.join("/");
    if (rel.ends_with('/') || rel.is_empty() || rel.ends_with("/.")) && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// `content/cases/a.md` + `../explainers/b.md` → `content/explainers/b.md`.
pub fn join(from: &Path, link: &str) -> Option<PathBuf> {
    let mut out = from.parent()?.to_path_buf();
    for part in Path::new(&percent_decode(link)).components() {
        match part {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(out)
}

/// The output path of a local image (from the site root), or `None` for
/// images on other sites.
pub fn image_path(dest: &str, page: &str) -> Option<String> {
    if is_external(dest) {
        return None;
    }
    let dest = dest.split(['?', '#']).next().unwrap_or_default();
    let dest = percent_decode(dest);
    let (base, rel) = match dest.strip_prefix('/') {
        Some(rest) => (String::new(), rest.to_string()),
        None => (page.split('#').next().unwrap_or_default().to_string(), dest),
    };
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_paths_from_the_page() {
        assert_eq!(
            image_path("/images/a.png", "cases/x/").as_deref(),
            Some("images/a.png")
        );
        assert_eq!(
            image_path("../../images/a.png", "cases/x/").as_deref(),
            Some("images/a.png")
        );
        assert_eq!(
            image_path("a.png", "cases/x/").as_deref(),
            Some("cases/x/a.png")
        );
        assert_eq!(
            image_path("/图/%E5%9B%BE.png", "").as_deref(),
            Some("图/图.png")
        );
        assert_eq!(image_path("https://a.example/b.png", ""), None);
    }

    #[test]
    fn links_resolve_as_a_browser_reads_them() {
        assert_eq!(
            resolve("explainers/a/", "../cases/").as_deref(),
            Some("explainers/cases/")
        );
        assert_eq!(
            resolve("explainers/a/", "../../cases/c").as_deref(),
            Some("cases/c")
        );
        assert_eq!(
            resolve("explainers/a/", "/explainers/b/").as_deref(),
            Some("explainers/b/")
        );
        assert_eq!(resolve("explainers/a/", "/").as_deref(), Some(""));
        assert_eq!(resolve("contacts/#chen", "../").as_deref(), Some(""));
        assert_eq!(resolve("explainers/a/", "../../../x"), None);
        assert!(is_external("https://a.example/") && is_external("tel:12348"));
        assert!(is_external("mailto:a@b.cn") && is_external("//cdn.example/x"));
        assert!(!is_external("/cases/") && !is_external("../a.md"));
    }
}
