//! QR codes as SVG, made by pufa (the `qrcode` crate encodes, [`super::qr_mask`]
//! picks the mask; this file draws): one path of dark runs on a white square with the four-module
//! quiet zone, no network. Each featured entry's code is drawn once per
//! build into its own file, `print/qr/KIND-SLUG.svg`, which every sheet
//! showing the entry references with `<img>` (works from disk too).

use qrcode::EcLevel;
use std::fmt::Write as _;

use crate::text::escape_html;

/// Modules of white around the code, as the standard asks.
const QUIET: usize = 4;

/// An `<svg>` element encoding `url`, labelled for screen readers; `None`
/// when the text is too long for a QR code.
pub fn svg(url: &str, label: &str) -> Option<String> {
    let (dark, width) = super::qr_mask::encode(url.as_bytes(), EcLevel::M)?;
    let side = width + 2 * QUIET;
    let mut path = String::with_capacity(width * width * 2);
    for y in 0..width {
        let row = &dark[y * width..(y + 1) * width];
        let mut x = 0;
        while x < width {
            if row[x] {
                let start = x;
                while x < width && row[x] {
                    x += 1;
                }
                let run = x - start;
                let _ = write!(path, "M{} {}h{run}v1h-{run}z", start + QUIET, y + QUIET);
            } else {
                x += 1;
            }
        }
    }
    Some(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"{}\"><rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>",
        escape_html(label)
    ))
}

/// Where the QR code of an entry's page is written: `print/qr/explainers-gaokong.svg`.
pub fn file_path(item: &crate::content::Item) -> String {
    format!("print/qr/{}-{}.svg", item.kind.folder(), item.slug)
}

/// Whether a `base_url` is a full address a phone can open from a QR code.
pub fn is_absolute(base_url: &str) -> bool {
    base_url.starts_with("https://") || base_url.starts_with("http://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_a_square_svg_with_quiet_zone() {
        let svg = svg("https://example.org/cases/gaokong/", "扫码阅读全文").unwrap();
        assert!(svg.starts_with("<svg class=\"qr\""));
        // Version 3 for this length: 29 modules + 8 of quiet zone.
        assert!(svg.contains("viewBox=\"0 0 37 37\""), "{}", &svg[..120]);
        assert!(svg.contains("M4 4h7v1h-7z"), "finder pattern top row");
        assert!(svg.contains("aria-label=\"扫码阅读全文\""));
    }

    #[test]
    fn only_full_addresses_make_useful_codes() {
        assert!(is_absolute("https://qiaohua.example/"));
        assert!(!is_absolute("/"));
    }
}
