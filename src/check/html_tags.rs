//! Opening tags in raw HTML written inside Markdown (`<img src=… alt=…>`,
//! `<a href=…>`), with their attributes and places: enough to check their
//! images and links, not a full HTML parser.

/// One opening HTML tag: its name (lowercase), attributes and byte offset.
pub struct HtmlTag {
    pub offset: usize,
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

impl HtmlTag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The opening tags in a piece of raw HTML.
pub fn html_tags(html: &str) -> Vec<HtmlTag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<') {
        let start = i + lt;
        let mut j = start + 1;
        while j < b.len() && b[j].is_ascii_alphanumeric() {
            j += 1;
        }
        if j == start + 1 {
            i = start + 1;
            continue;
        }
        let name = html[start + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                break;
            }
            let name_start = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let attr = html[name_start..j].to_ascii_lowercase();
            let mut value = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                if j < b.len() && matches!(b[j], b'"' | b'\'') {
                    let quote = b[j] as char;
                    let end = html[j + 1..].find(quote).map_or(b.len(), |e| j + 1 + e);
                    value = html[j + 1..end].to_string();
                    j = (end + 1).min(b.len());
                } else {
                    let value_start = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = html[value_start..j].to_string();
                }
            }
            if attr.is_empty() {
                j += 1;
            } else {
                attrs.push((attr, value));
            }
        }
        out.push(HtmlTag {
            offset: start,
            name,
            attrs,
        });
        i = j.min(b.len()).max(start + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_tags_and_attributes() {
        let tags = html_tags("<p>见<img src='/a.png' alt=\"宣传栏\" /> <a href=/cases/>案例</a>");
        let found: Vec<_> = tags
            .iter()
            .map(|t| {
                (
                    t.offset,
                    t.name.as_str(),
                    t.attr("src"),
                    t.attr("alt"),
                    t.attr("href"),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (0, "p", None, None, None),
                (6, "img", Some("/a.png"), Some("宣传栏"), None),
                (43, "a", None, None, Some("/cases/")),
            ]
        );
        assert!(
            html_tags("<img alt")
                .iter()
                .all(|t| t.attr("src").is_none())
        );
    }
}
