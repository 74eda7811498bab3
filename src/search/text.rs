//! The readable text of an entry's rendered HTML: every heading, paragraph,
//! list item and table cell, with block boundaries kept as line breaks (so
//! a heading's last character and the next paragraph's first never make a
//! bigram) and inline tags removed without a trace (so **重点** inside a
//! sentence stays part of it).

/// Elements that end a block of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "td",
    "th",
    "table",
    "thead",
    "tbody",
    "blockquote",
    "pre",
    "br",
    "hr",
    "section",
    "figure",
    "figcaption",
    "aside",
];

/// Plain text of `html`, one line per block, entities decoded.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_decoded(&mut out, &rest[..lt]);
        let after = &rest[lt + 1..];
        let Some(gt) = after.find('>') else {
            rest = "";
            break;
        };
        let tag = &after[..gt];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if BLOCKS.contains(&name.as_str()) && !out.ends_with('\n') && !out.is_empty() {
            out.push('\n');
        }
        rest = &after[gt + 1..];
    }
    push_decoded(&mut out, rest);
    out.trim().to_string()
}

fn push_decoded(out: &mut String, mut text: &str) {
    while let Some(amp) = text.find('&') {
        out.push_str(&text[..amp]);
        let after = &text[amp + 1..];
        let end = after.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| entity(&after[..e]));
        match (end, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                text = &after[e + 1..];
            }
            _ => {
                out.push('&');
                text = after;
            }
        }
    }
    out.push_str(text);
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_lines_and_inline_tags_vanish() {
        let html = "<h2 id=\"a\">法律规定</h2>\n<p>从<strong>建筑物</strong>中抛掷物品</p><ul><li>一</li><li>二</li></ul>";
        assert_eq!(html_to_text(html), "法律规定\n\n从建筑物中抛掷物品\n一\n二");
    }

    #[test]
    fn table_cells_are_separate() {
        let html = "<table><tr><td>高空</td><td>抛物</td></tr></table>";
        assert_eq!(html_to_text(html), "高空\n抛物");
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            html_to_text("<p>A &amp; B &lt;1&gt; &#39;x&#x27; &bogus; &</p>"),
            "A & B <1> 'x' &bogus; &"
        );
    }
}
