//! Heights of a sheet's blocks at one type scale and one choice of what to
//! show, in millimetres, from the number of lines each text takes
//! ([`super::measure`]). The sheet is a column of blocks: masthead, the
//! editor's note, the featured items in rows, the 问答 and laws boxes, the
//! lectures / hotlines / contacts boxes, and the footer. The stylesheet
//! (`print.css`) lays them out with the very same numbers.

use super::fit::{BodyCut, Choice, LeadCut};
use super::measure::{Memo, lines};
use super::parts::{BoxText, ItemText, Lead, Own, SheetText};
use super::scale::Scale;

// Small spaces inside blocks, in units of the body size (the stylesheet
// gets them from [`css_gaps`]).
pub const INNER_GAP: f64 = 0.25;
pub const POINT_GAP: f64 = 0.15;
pub const ENTRY_GAP: f64 = 0.2;
pub const QR_GAP: f64 = 0.5;
pub const POINT_INDENT: f64 = 1.2;
/// Every line loses this much of its width to px rounding.
const ROUNDING_EM: f64 = 0.1;

/// The parts of a sheet, for saying which one is too tall.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Masthead,
    Lead,
    Items,
    Qa,
    Laws,
    Boxes,
    Footer,
}

impl Part {
    /// The block's name in the page (`data-block`), to compare the
    /// estimate with what the browser drew.
    pub fn css_name(self) -> &'static str {
        match self {
            Part::Masthead => "masthead",
            Part::Lead => "lead",
            Part::Items => "items",
            Part::Qa => "qa",
            Part::Laws => "laws",
            Part::Boxes => "boxes",
            Part::Footer => "footer",
        }
    }
}

pub struct Layout<'m, 'a> {
    pub s: &'m Scale,
    pub memo: &'m Memo<'a>,
    /// Whether items have a QR column (all of them or none).
    pub with_qr: bool,
    /// The title's size (it grows only while it keeps its number of lines).
    pub title: f64,
}

/// Items side by side in each row: full rows of `columns`, the last row
/// with what is left (its items get the wider cells).
pub fn rows(items: usize, columns: usize) -> Vec<usize> {
    let columns = columns.max(1);
    let mut out = vec![columns; items / columns];
    if !items.is_multiple_of(columns) {
        out.push(items % columns);
    }
    out
}

pub fn capacity(width: f64, size: f64) -> f64 {
    width / size - ROUNDING_EM
}

impl<'a> Layout<'_, 'a> {
    fn lines(&self, text: &'a str, width: f64, size: f64) -> usize {
        self.memo.lines(text, capacity(width, size))
    }

    fn para(&self, text: &'a str, width: f64, size: f64, line: f64) -> f64 {
        self.lines(text, width, size) as f64 * size * line
    }

    fn body_para(&self, text: &'a str, width: f64) -> f64 {
        self.para(text, width, self.s.body, self.s.line)
    }

    /// Every block's height, in order, for `choice`.
    pub fn blocks(&self, t: &SheetText<'a>, own: &Own, c: &Choice) -> Vec<(Part, f64)> {
        let s = self.s;
        let mut out = vec![(Part::Masthead, self.masthead(t, own))];
        if let Some(h) = self.lead(t.lead, c.lead) {
            out.push((Part::Lead, h));
        }
        let items = if t.items.is_empty() {
            s.body * s.line
        } else {
            self.items(t.items, c.body)
        };
        out.push((Part::Items, items));
        if c.qa > 0 && !t.qa.is_empty() {
            out.push((Part::Qa, self.qa(&t.qa[..c.qa.min(t.qa.len())])));
        }
        if c.laws
            && let Some(l) = t.laws
        {
            out.push((Part::Laws, self.laws(l)));
        }
        out.push((Part::Boxes, self.boxes(t, c)));
        out.push((Part::Footer, self.footer(t.footer)));
        out
    }

    /// Total height of the blocks with the sheet's gaps between them.
    pub fn total(&self, blocks: &[(Part, f64)]) -> f64 {
        blocks.iter().map(|(_, h)| h).sum::<f64>()
            + self.s.gap * blocks.len().saturating_sub(1) as f64
    }

    pub fn masthead(&self, t: &SheetText<'a>, own: &Own) -> f64 {
        let s = self.s;
        let w = s.content().0;
        // The sheet's own lines are not remembered: they live only as long as the sheet.
        let measure =
            |text: &str, size: f64, line: f64| lines(text, capacity(w, size)) as f64 * size * line;
        let mut h = measure(own.top, s.small, s.small_line);
        if let Some(b) = own.building {
            h += measure(b, s.head, s.head_line);
        }
        h += self.para(t.title, w, self.title, s.title_line);
        h += self.body_para(t.issue, w);
        h + s.pad + s.rule
    }

    /// Lines the title takes at `size`.
    pub fn title_lines(&self, title: &'a str, size: f64) -> usize {
        self.lines(title, self.s.content().0, size)
    }

    /// Height of the editor's note, `None` when there is none or it is dropped.
    pub fn lead(&self, lead: &'a Lead, cut: LeadCut) -> Option<f64> {
        if lead.is_empty() {
            return None;
        }
        let s = self.s;
        let n = match cut {
            LeadCut::Dropped => return None,
            LeadCut::Full => self.lines(&lead.text, s.content().0, s.body),
            LeadCut::Lines(max) => self.lead_end(lead, max).1,
        };
        Some(n as f64 * s.body * s.line)
    }

    /// Where the editor's note is cut to keep at most `max` lines: after
    /// the last whole sentence that fits (`Some(byte)`), or `None` when
    /// even the first sentence is longer (it is then cut with …); and the
    /// lines it takes.
    pub fn lead_end(&self, lead: &'a Lead, max: usize) -> (Option<usize>, usize) {
        let w = self.s.content().0;
        let mut best = None;
        for &end in &lead.sentence_ends {
            let n = self.lines(&lead.text[..end], w, self.s.body);
            if n > max {
                break;
            }
            best = Some((end, n));
        }
        match best {
            Some((end, n)) => (Some(end), n),
            None => (None, max.min(self.lines(&lead.text, w, self.s.body))),
        }
    }

    /// Text width of an item in a row of `in_row` items.
    pub fn item_width(&self, in_row: usize) -> f64 {
        self.s.inner_width(in_row) - self.qr_column()
    }

    pub fn point_width(&self, in_row: usize) -> f64 {
        self.item_width(in_row) - POINT_INDENT * self.s.body
    }

    fn qr_column(&self) -> f64 {
        if self.with_qr {
            self.s.qr_col + self.s.pad
        } else {
            0.0
        }
    }

    fn items(&self, items: &[&'a ItemText], body: BodyCut) -> f64 {
        let columns = self.s.columns.min(items.len()).max(1);
        let mut h = 0.0;
        let mut rest = items;
        let rows = rows(items.len(), columns);
        for n in &rows {
            let (row, more) = rest.split_at(*n);
            rest = more;
            h += row
                .iter()
                .map(|i| self.item_height(i, body, *n))
                .fold(0.0, f64::max);
        }
        h + self.s.gap * rows.len().saturating_sub(1) as f64
    }

    /// Which of summary and key points an item shows: (summary, points).
    pub fn shows(&self, item: &'a ItemText, body: BodyCut, in_row: usize) -> (bool, bool) {
        let has_points = !item.key_points.is_empty();
        let has_summary = !item.summary.trim().is_empty();
        match body {
            BodyCut::Both => (has_summary, has_points),
            BodyCut::Summary => (has_summary, !has_summary && has_points),
            BodyCut::Shorter | BodyCut::Cap(_) => {
                let points = has_points
                    && (!has_summary
                        || self.points_lines(item, in_row)
                            <= self.lines(&item.summary, self.item_width(in_row), self.s.body));
                (!points && has_summary, points)
            }
        }
    }

    fn points_lines(&self, item: &'a ItemText, in_row: usize) -> usize {
        let w = self.point_width(in_row);
        item.key_points
            .iter()
            .map(|p| self.lines(p, w, self.s.body))
            .sum()
    }

    /// How many key points an item keeps under a cap of `cap` lines (the
    /// first is kept, cut, even when it alone is longer).
    pub fn points_kept(&self, item: &'a ItemText, in_row: usize, cap: usize) -> (usize, usize) {
        let w = self.point_width(in_row);
        let mut used = 0;
        for (k, p) in item.key_points.iter().enumerate() {
            let n = self.lines(p, w, self.s.body);
            if used + n > cap {
                return if k == 0 { (1, cap) } else { (k, used) };
            }
            used += n;
        }
        (item.key_points.len(), used)
    }

    /// Height of an item in a row of `in_row` items.
    pub fn item_height(&self, item: &'a ItemText, body: BodyCut, in_row: usize) -> f64 {
        let s = self.s;
        let w = self.item_width(in_row);
        let mut h = s.small * s.small_line + INNER_GAP * s.body;
        h += self.para(&item.title, w, s.head, s.head_line) + INNER_GAP * s.body;
        let cap = match body {
            BodyCut::Cap(n) => n,
            _ => usize::MAX,
        };
        let (summary, points) = self.shows(item, body, in_row);
        if summary {
            let n = self.lines(&item.summary, w, s.body).min(cap);
            h += n as f64 * s.body * s.line;
        }
        if points {
            if summary {
                h += INNER_GAP * s.body;
            }
            let (kept, n) = if cap == usize::MAX {
                (item.key_points.len(), self.points_lines(item, in_row))
            } else {
                self.points_kept(item, in_row, cap)
            };
            h += n as f64 * s.body * s.line + POINT_GAP * s.body * kept.saturating_sub(1) as f64;
        }
        let qr = if item.qr {
            s.qr + QR_GAP * s.body + self.para(super::QR_LABEL, s.qr_col, s.small, s.small_line)
        } else {
            0.0
        };
        self.frame() + h.max(qr)
    }

    fn frame(&self) -> f64 {
        2.0 * (self.s.border + self.s.pad)
    }

    /// Width of each of `columns` entries side by side inside a box `width` wide.
    fn entry_width(&self, width: f64, columns: usize) -> f64 {
        let columns = columns.max(1);
        (width - (columns - 1) as f64 * 2.0 * self.s.pad) / columns as f64
    }

    fn heading(&self, text: &'a str, width: f64) -> f64 {
        self.para(text, width, self.s.head, self.s.head_line) + INNER_GAP * self.s.body
    }

    /// The 问答 box: full width, its pairs side by side in `box_columns`.
    pub fn qa(&self, qa: &'a [(String, String)]) -> f64 {
        let s = self.s;
        let width = s.inner_width(1);
        let columns = s.box_columns;
        let w = self.entry_width(width, columns);
        let mut h = self.frame() + self.heading(super::sheets::QA_HEADING, width);
        let cells: Vec<f64> = qa
            .iter()
            .map(|(q, a)| self.body_para(q, w) + self.body_para(a, w) + ENTRY_GAP * s.body)
            .collect();
        h += self.rows_of(&cells, columns, ENTRY_GAP * s.body);
        h
    }

    pub fn laws(&self, text: &'a str) -> f64 {
        let width = self.s.inner_width(1);
        self.frame()
            + self.heading(super::sheets::LAWS_HEADING, width)
            + self.body_para(text, width)
    }

    /// Rows of cells, each row as tall as its tallest cell, `gap` between rows.
    fn rows_of(&self, cells: &[f64], columns: usize, gap: f64) -> f64 {
        let rows: Vec<f64> = cells
            .chunks(columns.max(1))
            .map(|r| r.iter().copied().fold(0.0, f64::max))
            .collect();
        rows.iter().sum::<f64>() + gap * rows.len().saturating_sub(1) as f64
    }

    /// A framed box `width` wide inside, its entries in `columns`.
    pub fn boxed(&self, b: &'a BoxText, width: f64, columns: usize, essential: bool) -> f64 {
        let s = self.s;
        let w = self.entry_width(width, columns);
        let entries: Vec<f64> = b
            .entries
            .iter()
            .filter(|e| e.essential || !essential)
            .map(|e| self.body_para(&e.joined, w))
            .collect();
        self.frame()
            + self.heading(&b.heading, width)
            + self.rows_of(&entries, columns, ENTRY_GAP * s.body)
    }

    /// The number of columns, up to `max`, that makes box `b` shortest
    /// (fewer columns when equal).
    pub fn best_columns(&self, b: &'a BoxText, width: f64, max: usize, essential: bool) -> usize {
        (1..=max.max(1))
            .map(|n| (self.boxed(b, width, n, essential), n))
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
            .map_or(1, |(_, n)| n)
    }

    /// The contact box for `c`, its width and the columns of hotlines and contacts.
    pub fn box_columns(&self, t: &SheetText<'a>, c: &Choice) -> (usize, usize) {
        let s = self.s;
        let contacts = self.contacts(t, c);
        if c.row_boxes {
            return (1, 1);
        }
        let hot = self.best_columns(
            t.hotlines,
            s.inner_width(s.box_columns),
            2,
            c.essential_hotlines,
        );
        let con = self.best_columns(contacts, s.inner_width(1), s.contact_columns, false);
        (hot, con)
    }

    pub fn contacts<'t>(&self, t: &SheetText<'t>, c: &Choice) -> &'t BoxText {
        if c.short_contacts {
            &t.contacts.short
        } else {
            &t.contacts.full
        }
    }

    /// Lectures and hotlines side by side, the contacts below across the
    /// sheet; or all three side by side (`row_boxes`).
    fn boxes(&self, t: &SheetText<'a>, c: &Choice) -> f64 {
        let s = self.s;
        let contacts = self.contacts(t, c);
        let has_contacts = !contacts.entries.is_empty();
        if c.row_boxes {
            let n = 2 + usize::from(has_contacts);
            let w = s.inner_width(n);
            let mut cells = vec![
                self.boxed(t.lectures, w, 1, false),
                self.boxed(t.hotlines, w, 1, c.essential_hotlines),
            ];
            if has_contacts {
                cells.push(self.boxed(contacts, w, 1, false));
            }
            return cells.into_iter().fold(0.0, f64::max);
        }
        let (hot_cols, contact_cols) = self.box_columns(t, c);
        let w = s.inner_width(s.box_columns);
        let pair = [
            self.boxed(t.lectures, w, 1, false),
            self.boxed(t.hotlines, w, hot_cols, c.essential_hotlines),
        ];
        let mut h = self.rows_of(&pair, s.box_columns, s.gap);
        if has_contacts {
            h += s.gap + self.boxed(contacts, s.inner_width(1), contact_cols, false);
        }
        h
    }

    fn footer(&self, text: &'a str) -> f64 {
        let s = self.s;
        s.border + s.pad / 2.0 + self.para(text, s.content().0, s.small, s.small_line)
    }
}

/// The constants the stylesheet needs, as CSS custom properties (mm).
pub fn css_gaps(scale: &Scale) -> [(&'static str, f64); 7] {
    [
        ("entry-col-gap", 2.0 * scale.pad),
        ("qr-label-gap", QR_GAP * scale.body),
        ("inner-gap", INNER_GAP * scale.body),
        ("point-gap", POINT_GAP * scale.body),
        ("entry-gap", ENTRY_GAP * scale.body),
        ("qr-gap", QR_GAP * scale.body),
        ("point-indent", POINT_INDENT * scale.body),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_put_the_rest_in_a_wider_last_row() {
        assert_eq!(rows(4, 2), vec![2, 2]);
        assert_eq!(rows(3, 2), vec![2, 1]);
        assert_eq!(rows(5, 3), vec![3, 2]);
        assert_eq!(rows(1, 3), vec![1]);
        assert!(rows(0, 2).is_empty());
    }
}
