//! The type scale and box sizes of a sheet, derived from its paper: one set
//! of numbers (millimetres) that both the fitting estimate and the print
//! stylesheet use, so what pufa measures is what the browser draws.
//!
//! Everything scales with the square root of the sheet's area against A3
//! (A3 → 1, A4 → 0.71, 600×800 mm → 1.96): the base is body text 5 mm
//! (14 pt) on A3, item titles 6.75 mm, the title 24 mm (its glyphs about
//! 21 mm high). The fitting then grows the type by a factor `k` (up to
//! [`K_MAX`]) while the content still fits, so a short issue is printed
//! large instead of leaving empty frames; margins and columns stay.

use serde::Serialize;

use super::paper::Paper;

const A3_AREA: f64 = 297.0 * 420.0;

/// How far the fitting may grow the type over the paper's base.
pub const K_MAX: f64 = 1.5;
/// Growth steps the fitting tries: 1.0, 1.025, … [`K_MAX`].
pub const LEVELS: usize = 21;

/// The growth factor of step `level`.
pub fn level_k(level: usize) -> f64 {
    1.0 + 0.025 * level.min(LEVELS - 1) as f64
}

#[derive(Debug, Clone, Serialize)]
pub struct Scale {
    pub page_w: f64,
    pub page_h: f64,
    /// Page margin on every side: safe for office printers (≥ 12 mm).
    pub margin: f64,
    /// Body text size and its line height (factor).
    pub body: f64,
    pub line: f64,
    pub title: f64,
    pub title_line: f64,
    /// Headings of featured items and boxes.
    pub head: f64,
    pub head_line: f64,
    pub small: f64,
    pub small_line: f64,
    /// Space between blocks, and inside boxes.
    pub gap: f64,
    pub pad: f64,
    pub border: f64,
    /// The rule under the masthead.
    pub rule: f64,
    /// Side of a QR code, and the width of the column holding it and its label.
    pub qr: f64,
    pub qr_col: f64,
    /// Featured items side by side; boxes (lectures, hotlines) side by
    /// side; contacts side by side inside the full-width contact box.
    pub columns: usize,
    pub box_columns: usize,
    pub contact_columns: usize,
    /// Whether lectures, hotlines and contacts can stand side by side in
    /// one row (wide sheets: landscape), and whether they do by default.
    pub row_boxes_possible: bool,
    pub row_boxes: bool,
    /// The growth factor against the paper's base type.
    pub k: f64,
}

impl Scale {
    /// The base scale of a paper (growth 1).
    pub fn for_paper(paper: &Paper) -> Scale {
        Scale::grown(paper, 1.0)
    }

    /// The scale of a paper with the type grown by `grow` (≥ 1): text,
    /// spaces and QR codes grow; margins, frames and columns do not.
    pub fn grown(paper: &Paper, grow: f64) -> Scale {
        let k = (paper.width * paper.height / A3_AREA).sqrt();
        let margin = (12.0 * k).max(12.0);
        let base_body = 5.0 * k;
        let body = base_body * grow;
        let qr = (22.0 * k).max(15.0) * grow;
        let content_w = paper.width - 2.0 * margin;
        let columns = ((content_w / (110.0 * k)).floor() as usize).clamp(1, 4);
        let em_across = content_w / base_body;
        let box_columns = if em_across >= 30.0 { 2 } else { 1 };
        let contact_columns = if em_across >= 36.0 {
            3
        } else if em_across >= 24.0 {
            2
        } else {
            1
        };
        Scale {
            page_w: paper.width,
            page_h: paper.height,
            margin: round2(margin),
            body: round2(body),
            line: 1.55,
            title: round2(24.0 * k * grow),
            title_line: 1.2,
            head: round2(body * 1.35),
            head_line: 1.3,
            small: round2(body * 0.8),
            small_line: 1.45,
            gap: round2(4.0 * k * grow),
            pad: round2(3.0 * k * grow),
            border: round2((0.6 * k).max(0.4)),
            rule: round2((1.5 * k).max(1.0)),
            qr: round2(qr),
            qr_col: round2(
                qr.max(super::measure::text_em(super::QR_LABEL) * round2(body * 0.8) + 0.5),
            ),
            columns,
            box_columns,
            contact_columns,
            row_boxes_possible: em_across >= 48.0,
            row_boxes: paper.landscape && em_across >= 66.0,
            k: grow,
        }
    }

    /// The same scale with smaller QR codes (a last resort of the fitting).
    pub fn with_small_qr(mut self) -> Scale {
        self.qr = round2((self.qr * 0.75).max(15.0).min(self.qr));
        self.qr_col = round2(
            self.qr
                .max(super::measure::text_em(super::QR_LABEL) * self.small + 0.5),
        );
        self
    }

    /// Width and height of the area inside the margins.
    pub fn content(&self) -> (f64, f64) {
        (
            self.page_w - 2.0 * self.margin,
            self.page_h - 2.0 * self.margin,
        )
    }

    /// Width of one cell when `columns` cells share the content width.
    pub fn cell_width(&self, columns: usize) -> f64 {
        let n = columns.max(1) as f64;
        (self.content().0 - (n - 1.0) * self.gap) / n
    }

    /// Text width inside a bordered, padded cell.
    pub fn inner_width(&self, columns: usize) -> f64 {
        self.cell_width(columns) - 2.0 * (self.pad + self.border)
    }
}

/// Two decimals, so the stylesheet and the estimate use the same numbers.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scale(paper: &str, orientation: &str) -> Scale {
        Scale::for_paper(&Paper::parse(paper, orientation).unwrap())
    }

    #[test]
    fn a3_is_the_reference() {
        let s = scale("A3", "portrait");
        assert_eq!((s.body, s.title, s.margin), (5.0, 24.0, 12.0));
        assert!(s.title >= 20.0 / 0.88, "title glyphs at least 20 mm high");
        assert_eq!((s.columns, s.box_columns, s.contact_columns), (2, 2, 3));
    }

    #[test]
    fn smaller_and_larger_papers_scale_the_type() {
        let a4 = scale("A4", "portrait");
        assert!((a4.body - 3.54).abs() < 0.01);
        assert_eq!(a4.margin, 12.0);
        let big = scale("600x800mm", "portrait");
        assert!(big.body > 9.5 && big.margin > 20.0);
        assert_eq!(scale("A3", "landscape").columns, 3);
        assert!(scale("A3", "landscape").row_boxes && !scale("A3", "portrait").row_boxes);
    }

    #[test]
    fn growing_enlarges_type_and_codes_but_not_margins() {
        let p = Paper::parse("A3", "portrait").unwrap();
        let g = Scale::grown(&p, level_k(LEVELS - 1));
        assert_eq!((g.body, g.margin, g.columns), (7.5, 12.0, 2));
        assert!(g.qr > Scale::for_paper(&p).qr);
        assert!(g.clone().with_small_qr().qr < g.qr);
    }
}
