//! The error overlay: when a rebuild fails, the server keeps serving the
//! last good site and lays the problems (file, line, message, hint) over
//! every page, in the browser, until a save fixes them.
//!
//! The overlay reaches the browser two ways: built into each HTML page the
//! server sends while the site is broken (so it shows even without
//! JavaScript), and as a `problem` event for pages already open.

use crate::diagnostic::Diagnostic;
use crate::text::escape_html;

/// The element id the reload script removes once the site builds again.
pub const ELEMENT_ID: &str = "pufa-overlay";

/// Problems as the lines `pufa build` would print.
pub fn lines(problems: &[Diagnostic]) -> Vec<String> {
    problems.iter().map(ToString::to_string).collect()
}

/// The SSE payload for a `problem` event.
pub fn event_data(problems: &[Diagnostic]) -> String {
    serde_json::json!({ "problems": lines(problems) }).to_string()
}

const STYLE: &str = "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:1.5rem;background:#fff8f0;color:#1a1a1a;border:6px solid #b00020;font:1.25rem/1.7 system-ui,sans-serif";

/// The overlay as HTML, for pages served while the site is broken.
pub fn html(problems: &[Diagnostic]) -> String {
    let mut out = format!(
        "<div id=\"{ELEMENT_ID}\" role=\"alert\" style=\"{STYLE}\"><h2 style=\"margin:0 0 .5rem;color:#b00020\">网站没有更新：请修改下面的错误</h2><p style=\"margin:0 0 1rem\">The site did not rebuild. Showing the last good version; save a fix and this disappears.</p>"
    );
    for line in lines(problems) {
        out.push_str("<pre style=\"white-space:pre-wrap;font:1.1rem/1.6 monospace;background:#fff;border-left:4px solid #b00020;padding:.75rem;margin:0 0 1rem\">");
        out.push_str(&escape_html(&line));
        out.push_str("</pre>");
    }
    out.push_str("</div>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_file_line_and_escapes() {
        let d = Diagnostic::error("content/cases/a.md", "bad <value>").at(3, 7);
        let html = html(std::slice::from_ref(&d));
        assert!(html.contains("content/cases/a.md:3:7: error: bad &lt;value&gt;"));
        assert!(html.contains(ELEMENT_ID));
        let data: serde_json::Value = serde_json::from_str(&event_data(&[d])).unwrap();
        assert_eq!(
            data["problems"][0],
            "content/cases/a.md:3:7: error: bad <value>"
        );
    }
}
