//! Deciding what a sheet shows and how large, without a browser.
//!
//! The choices are tried in order, most content first ([`choices`]). While
//! only optional content is being left out (key points beside a summary,
//! the 问答 pairs, the laws box), a choice must fit with the type grown to
//! at least [`K_RICH`]; after that the sheet's required content is
//! shortened step by step (the editor's note to whole sentences, contacts
//! to name, role and phone, every item's text to fewer lines, the note
//! dropped, the hotlines to 12348/110/96110, smaller QR codes, the boxes
//! side by side) at the base type. The first choice that fits wins, and its
//! type then grows as far as it still fits (up to [`scale::K_MAX`]), so a
//! short issue fills its sheet with large type instead of empty frames.
//! What is left over becomes a little more space between the blocks.
//! If nothing fits, [`fit`] says by how much and which block is tallest.

use super::layout::{Layout, Part};
use super::measure::{Memo, truncate};
use super::parts::{ItemText, Own, SheetText};
use super::scale::{self, LEVELS, Scale};
use crate::print::paper::Paper;

/// Share of the page height the estimate may use: room for the browser's
/// rounding and for fonts a little wider than measured.
const SAFETY: f64 = 0.965;
/// The type growth optional content must leave room for.
pub const K_RICH: f64 = 1.2;
const RICH_LEVEL: usize = 8;
/// Items cut to fewer lines stop at this many.
const MIN_LINES: usize = 3;
/// Lines the editor's note is cut to (at a sentence end).
const LEAD_LINES: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeadCut {
    Full,
    Lines(usize),
    Dropped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyCut {
    /// Summary and key points.
    Both,
    /// The summary (key points when there is none).
    Summary,
    /// Whichever of summary and key points is shorter.
    Shorter,
    /// The shorter, cut to this many lines.
    Cap(usize),
}

/// What a sheet shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    pub lead: LeadCut,
    pub body: BodyCut,
    /// 问答 pairs shown.
    pub qa: usize,
    pub laws: bool,
    pub short_contacts: bool,
    pub essential_hotlines: bool,
    pub small_qr: bool,
    pub row_boxes: bool,
}

/// What an item shows on the sheet.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Body {
    pub summary: Option<String>,
    pub points: Vec<String>,
}

/// The content as it will be printed.
#[derive(Debug, Clone)]
pub struct Fitted {
    pub choice: Choice,
    /// The grown scale the sheet is printed at.
    pub scale: Scale,
    /// Space between the sheet's blocks (the scale's gap and some of what is left over).
    pub block_gap: f64,
    /// The editor's note as printed (label split off by the caller).
    pub lead: Option<String>,
    pub bodies: Vec<Body>,
    /// Items in each row.
    pub rows: Vec<usize>,
    /// Estimated height of the content and the height available, in mm.
    pub height: f64,
    pub budget: f64,
    /// What had to be shortened (empty when nothing was), in words for people.
    pub cuts: Vec<&'static str>,
    /// Estimated height of each block, mm.
    pub blocks: Vec<(Part, f64)>,
}

/// Content that cannot be made to fit.
#[derive(Debug, Clone)]
pub struct Overflow {
    /// How much too tall the shortest version still is, in mm.
    pub excess: f64,
    /// Height of each block of the shortest version.
    pub blocks: Vec<(Part, f64)>,
    /// Index of the tallest featured item, if any.
    pub tallest: Option<usize>,
    /// The height available, in mm.
    pub budget: f64,
}

/// The choices, most content first, and the growth level each must reach.
pub fn choices(t: &SheetText, base: &Scale) -> Vec<(Choice, usize)> {
    let first = Choice {
        lead: LeadCut::Full,
        body: BodyCut::Both,
        qa: t.qa.len(),
        laws: t.laws.is_some(),
        short_contacts: false,
        essential_hotlines: false,
        small_qr: false,
        row_boxes: base.row_boxes,
    };
    let mut out = Vec::new();
    let mut push = |c: Choice, level: usize| {
        if !out.iter().any(|(o, l)| *o == c && *l == level) {
            out.push((c, level));
        }
    };
    for qa in (0..=t.qa.len()).rev() {
        push(Choice { qa, ..first }, RICH_LEVEL);
    }
    let bare = Choice {
        qa: 0,
        laws: false,
        ..first
    };
    push(bare, RICH_LEVEL);
    push(
        Choice {
            body: BodyCut::Summary,
            ..bare
        },
        RICH_LEVEL,
    );
    let mut c = Choice {
        body: BodyCut::Summary,
        ..bare
    };
    push(c, 0);
    c.body = BodyCut::Shorter;
    push(c, 0);
    c.lead = LeadCut::Lines(LEAD_LINES);
    push(c, 0);
    c.short_contacts = true;
    push(c, 0);
    let longest = longest_body(t, base);
    for cap in (MIN_LINES..longest).rev() {
        c.body = BodyCut::Cap(cap);
        push(c, 0);
    }
    c.body = BodyCut::Cap(MIN_LINES);
    c.lead = LeadCut::Dropped;
    push(c, 0);
    c.essential_hotlines = true;
    push(c, 0);
    c.small_qr = true;
    push(c, 0);
    if base.row_boxes_possible && !c.row_boxes {
        c.row_boxes = true;
        push(c, 0);
    }
    out
}

/// Lines of the longest item text at the base scale, in the narrowest cell.
fn longest_body(t: &SheetText, base: &Scale) -> usize {
    let with_qr = t.items.iter().any(|i| i.qr);
    let memo = Memo::default();
    let l = Layout {
        s: base,
        memo: &memo,
        with_qr,
        title: base.title,
    };
    let w = l.item_width(base.columns.min(t.items.len()).max(1));
    t.items
        .iter()
        .map(|i| super::measure::lines(&i.summary, super::layout::capacity(w, base.body)))
        .max()
        .unwrap_or(0)
}

struct Search<'m, 'a> {
    t: &'m SheetText<'a>,
    own: &'m Own<'m>,
    paper: &'m Paper,
    memo: &'m Memo<'a>,
    with_qr: bool,
    budget: f64,
    base_title_lines: usize,
}

impl<'a> Search<'_, 'a> {
    fn scale(&self, choice: &Choice, level: usize) -> Scale {
        let s = Scale::grown(self.paper, scale::level_k(level));
        if choice.small_qr {
            s.with_small_qr()
        } else {
            s
        }
    }

    /// The title's size at `level`: it grows only while it keeps the number
    /// of lines it has at the base size.
    fn title(&self, level: usize) -> f64 {
        let mut l = level;
        loop {
            let s = Scale::grown(self.paper, scale::level_k(l));
            let lay = self.layout(&s, s.title);
            if l == 0 || lay.title_lines(self.t.title, s.title) <= self.base_title_lines {
                return s.title;
            }
            l -= 1;
        }
    }

    fn layout<'s>(&'s self, s: &'s Scale, title: f64) -> Layout<'s, 'a> {
        Layout {
            s,
            memo: self.memo,
            with_qr: self.with_qr,
            title,
        }
    }

    fn height(&self, choice: &Choice, level: usize) -> (f64, Vec<(Part, f64)>) {
        let s = self.scale(choice, level);
        let lay = self.layout(&s, self.title(level));
        let blocks = lay.blocks(self.t, self.own, choice);
        (lay.total(&blocks), blocks)
    }

    fn fits(&self, choice: &Choice, level: usize) -> bool {
        self.height(choice, level).0 <= self.budget
    }

    /// The highest level from `low` (which fits) that still fits.
    fn grow(&self, choice: &Choice, low: usize) -> usize {
        let (mut lo, mut hi) = (low, LEVELS - 1);
        if self.fits(choice, hi) {
            return hi;
        }
        while hi - lo > 1 {
            let mid = (lo + hi) / 2;
            if self.fits(choice, mid) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        lo
    }
}

/// Fits the sheet `t` on `paper`, shortening what it may.
pub fn fit<'a>(
    t: &SheetText<'a>,
    own: &Own,
    paper: &Paper,
    memo: &Memo<'a>,
) -> Result<Fitted, Overflow> {
    let base = Scale::for_paper(paper);
    let with_qr = t.items.iter().any(|i| i.qr);
    let base_title_lines = Layout {
        s: &base,
        memo,
        with_qr,
        title: base.title,
    }
    .title_lines(t.title, base.title);
    let search = Search {
        t,
        own,
        paper,
        memo,
        with_qr,
        budget: base.content().1 * SAFETY,
        base_title_lines,
    };
    let all = choices(t, &base);
    let Some(&(first, _)) = all.first() else {
        unreachable!("choices always holds the full content");
    };
    for (choice, level) in &all {
        if !search.fits(choice, *level) {
            continue;
        }
        let level = search.grow(choice, *level);
        return Ok(finish(&search, *choice, level, first));
    }
    let (last, _) = all[all.len() - 1];
    let (height, blocks) = search.height(&last, 0);
    let s = search.scale(&last, 0);
    let lay = search.layout(&s, s.title);
    let columns = s.columns.min(t.items.len()).max(1);
    let tallest = (0..t.items.len()).max_by(|a, b| {
        let h = |i: usize| lay.item_height(t.items[i], last.body, columns);
        h(*a).total_cmp(&h(*b))
    });
    Err(Overflow {
        excess: height - search.budget,
        blocks,
        tallest,
        budget: search.budget,
    })
}

/// The texts as printed for the chosen choice and level.
fn finish<'a>(search: &Search<'_, 'a>, choice: Choice, level: usize, first: Choice) -> Fitted {
    let t = search.t;
    let s = search.scale(&choice, level);
    let title = search.title(level);
    let lay = search.layout(&s, title);
    let blocks = lay.blocks(t, search.own, &choice);
    let height = lay.total(&blocks);
    let columns = s.columns.min(t.items.len()).max(1);
    let rows = super::layout::rows(t.items.len(), columns);
    let mut bodies = Vec::with_capacity(t.items.len());
    let mut k = 0;
    for n in &rows {
        for item in &t.items[k..k + n] {
            bodies.push(body(&lay, item, choice.body, *n));
        }
        k += n;
    }
    let lead = match choice.lead {
        LeadCut::Dropped => None,
        _ if t.lead.is_empty() => None,
        LeadCut::Full => Some(t.lead.text.clone()),
        LeadCut::Lines(max) => Some(match lay.lead_end(t.lead, max) {
            (Some(end), _) => t.lead.text[..end].to_string(),
            (None, _) => truncate(
                &t.lead.text,
                super::layout::capacity(s.content().0, s.body),
                max,
            ),
        }),
    };
    // What is left over: up to one more gap between the blocks.
    let gaps = blocks.len().saturating_sub(1).max(1) as f64;
    let extra = ((search.budget - height) / gaps).clamp(0.0, s.gap);
    let mut s = s;
    s.title = title;
    Fitted {
        cuts: cuts(&choice, &first),
        choice,
        block_gap: s.gap + extra,
        scale: s,
        lead,
        bodies,
        rows,
        height: height + extra * gaps,
        budget: search.budget,
        blocks,
    }
}

fn body<'a>(lay: &Layout<'_, 'a>, item: &'a ItemText, cut: BodyCut, in_row: usize) -> Body {
    let (summary, points) = lay.shows(item, cut, in_row);
    let s = lay.s;
    let cap = match cut {
        BodyCut::Cap(n) => n,
        _ => usize::MAX,
    };
    let summary = summary.then(|| {
        truncate(
            &item.summary,
            super::layout::capacity(lay.item_width(in_row), s.body),
            cap,
        )
    });
    let points = if !points {
        Vec::new()
    } else if cap == usize::MAX {
        item.key_points
            .iter()
            .map(|p| p.trim().to_string())
            .collect()
    } else {
        let (kept, _) = lay.points_kept(item, in_row, cap);
        let pcap = super::layout::capacity(lay.point_width(in_row), s.body);
        item.key_points[..kept]
            .iter()
            .map(|p| truncate(p, pcap, cap))
            .collect()
    };
    Body { summary, points }
}

/// What `choice` leaves out or cuts of the required content, for people.
fn cuts(choice: &Choice, first: &Choice) -> Vec<&'static str> {
    let mut out = Vec::new();
    match choice.lead {
        LeadCut::Lines(_) => out.push("编者按只留前几句"),
        LeadCut::Dropped => out.push("编者按未印"),
        LeadCut::Full => {}
    }
    match choice.body {
        BodyCut::Shorter => out.push("部分文章只印要点或摘要中较短的一项"),
        BodyCut::Cap(_) => out.push("文章摘要截短"),
        _ => {}
    }
    if choice.short_contacts {
        out.push("联系人只印姓名、身份和电话");
    }
    if choice.essential_hotlines {
        out.push("热线只印 12348、110、96110");
    }
    if choice.small_qr {
        out.push("二维码缩小");
    }
    if choice.row_boxes && !first.row_boxes {
        out.push("讲座、热线、联系人并排");
    }
    out
}

#[cfg(test)]
mod tests;
