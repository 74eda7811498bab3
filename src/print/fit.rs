//! Deciding whether a sheet's content fits its page, without a browser.
//!
//! The sheet is a column of blocks (masthead, lead, featured items in a
//! grid, the boxes of lectures / hotlines / contacts, footer) whose heights
//! follow from the [`Scale`] and the number of lines each text takes
//! ([`measure`]). When the total is taller than the page, the content is
//! shortened step by step: the lead to two lines, summaries to key points
//! (where those are shorter), then every item's text to fewer lines, then
//! the lead dropped. If even that does not fit, [`fit`] says by how much
//! and which item is the tallest, and the caller fails the build.

use super::measure::{lines, truncate};
use super::scale::Scale;

/// The texts of one sheet, before shortening.
#[derive(Debug, Clone, Default)]
pub struct SheetText {
    /// Community and board name.
    pub top: String,
    /// Building name, volunteer and board location (building sheets only).
    pub building: Option<String>,
    pub title: String,
    /// `2023年第5期 · 总第12期 · 2023年5月`.
    pub issue: String,
    pub theme: Option<String>,
    /// The bulletin's own summary.
    pub lead: String,
    pub items: Vec<ItemText>,
    /// Lectures and hotlines, side by side.
    pub boxes: Vec<BoxText>,
    /// The contact box, full width, its entries side by side; and the same
    /// contacts in short (name, role, phone or hours).
    pub contacts: BoxText,
    pub contacts_short: BoxText,
    pub footer: String,
}

#[derive(Debug, Clone, Default)]
pub struct ItemText {
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub key_points: Vec<String>,
    pub qr: bool,
}

/// A framed box: heading and entries, each entry a bold lead and text,
/// the entries in `columns` columns.
#[derive(Debug, Clone, Default)]
pub struct BoxText {
    pub heading: String,
    pub entries: Vec<(String, String)>,
    pub columns: usize,
}

/// What an item shows on the sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Summary(String),
    Points(Vec<String>),
}

/// The content as it will be printed.
#[derive(Debug, Clone)]
pub struct Fitted {
    pub lead: Option<String>,
    /// Whether the contact box shows the short entries.
    pub short_contacts: bool,
    pub bodies: Vec<Body>,
    /// Estimated height of the content and the height available, in mm.
    pub height: f64,
    pub budget: f64,
    /// Whether anything had to be shortened.
    pub shortened: bool,
}

/// Content that cannot be made to fit.
#[derive(Debug, Clone)]
pub struct Overflow {
    /// How much too tall the shortest version still is, in mm.
    pub excess: f64,
    /// Index of the tallest featured item, if any.
    pub tallest: Option<usize>,
}

/// Share of the page height the estimate may use: room for the browser's
/// rounding and for fonts a little wider than measured.
const SAFETY: f64 = 0.965;

// Small spaces inside blocks, in units of the body size (the stylesheet uses the same).
const INNER_GAP: f64 = 0.25;
const POINT_GAP: f64 = 0.15;
const ENTRY_GAP: f64 = 0.2;
const QR_GAP: f64 = 0.5;
const POINT_INDENT: f64 = 1.2;
/// Every line loses this much of its width to px rounding.
const ROUNDING_EM: f64 = 0.1;

#[derive(Debug, Clone, Copy)]
enum Lead {
    Full,
    Lines(usize),
    Dropped,
}

#[derive(Debug, Clone, Copy)]
struct Choice {
    lead: Lead,
    short_contacts: bool,
    points: bool,
    cap: Option<usize>,
}

/// Fits `sheet` on the page described by `scale`, shortening what it may.
pub fn fit(sheet: &SheetText, scale: &Scale) -> Result<Fitted, Overflow> {
    let budget = scale.content().1 * SAFETY;
    let m = Measure {
        s: scale,
        with_qr: sheet.items.iter().any(|i| i.qr),
    };
    let step = |lead, short_contacts, points, cap| Choice {
        lead,
        short_contacts,
        points,
        cap,
    };
    let mut choices = vec![
        step(Lead::Full, false, false, None),
        step(Lead::Lines(2), false, false, None),
        step(Lead::Lines(2), true, false, None),
        step(Lead::Lines(2), true, true, None),
    ];
    let longest = sheet
        .items
        .iter()
        .map(|i| m.text_lines(&i.summary, m.item_width()))
        .max()
        .unwrap_or(0);
    for cap in (3..longest).rev() {
        choices.push(step(Lead::Lines(2), true, true, Some(cap)));
    }
    choices.push(step(Lead::Dropped, true, true, Some(3)));
    let mut last = None;
    for (n, choice) in choices.iter().enumerate() {
        let lead = m.lead(&sheet.lead, choice.lead);
        let bodies: Vec<Body> = sheet.items.iter().map(|i| m.body(i, *choice)).collect();
        let height = m.sheet(sheet, lead.as_deref(), &bodies, choice.short_contacts);
        if height <= budget {
            return Ok(Fitted {
                lead,
                short_contacts: choice.short_contacts,
                bodies,
                height,
                budget,
                shortened: n > 0,
            });
        }
        last = Some((height, bodies));
    }
    let (height, bodies) = last.unwrap_or_default();
    let tallest = sheet
        .items
        .iter()
        .zip(&bodies)
        .enumerate()
        .max_by(|(_, a), (_, b)| m.item(a.0, a.1).total_cmp(&m.item(b.0, b.1)))
        .map(|(i, _)| i);
    Err(Overflow {
        excess: height - budget,
        tallest,
    })
}

struct Measure<'a> {
    s: &'a Scale,
    /// Whether items have a QR column (all of them or none).
    with_qr: bool,
}

/// The label under each QR code (as in [`super::QR_LABEL`]).
const QR_TEXT: &str = super::QR_LABEL;

/// Issue, month and theme: one line in the masthead when it fits.
pub fn issue_line(sheet: &SheetText) -> String {
    match &sheet.theme {
        Some(t) => format!("{}　{t}", sheet.issue),
        None => sheet.issue.clone(),
    }
}

impl Measure<'_> {
    fn capacity(&self, width: f64, size: f64) -> f64 {
        width / size - ROUNDING_EM
    }

    fn text_lines(&self, text: &str, width: f64) -> usize {
        lines(text, self.capacity(width, self.s.body))
    }

    /// Width of an item's text: the cell less the QR column beside it.
    fn item_width(&self) -> f64 {
        self.s.inner_width(self.s.columns) - self.qr_column()
    }

    fn qr_column(&self) -> f64 {
        if self.with_qr {
            self.s.qr_col + self.s.pad
        } else {
            0.0
        }
    }

    fn lead(&self, lead: &str, choice: Lead) -> Option<String> {
        let lead = lead.trim();
        if lead.is_empty() {
            return None;
        }
        let capacity = self.capacity(self.s.content().0, self.s.body);
        match choice {
            Lead::Full => Some(lead.to_string()),
            Lead::Lines(n) => Some(truncate(lead, capacity, n)),
            Lead::Dropped => None,
        }
    }

    fn body(&self, item: &ItemText, choice: Choice) -> Body {
        let width = self.item_width();
        let capacity = self.capacity(width, self.s.body);
        let point_capacity = self.capacity(width - POINT_INDENT * self.s.body, self.s.body);
        let summary_lines = lines(&item.summary, capacity);
        let points_lines: usize = item
            .key_points
            .iter()
            .map(|p| lines(p, point_capacity))
            .sum();
        let use_points = choice.points
            && !item.key_points.is_empty()
            && (points_lines <= summary_lines || item.summary.trim().is_empty());
        let cap = choice.cap.unwrap_or(usize::MAX);
        if use_points {
            let mut kept = Vec::new();
            let mut used = 0;
            for p in &item.key_points {
                let n = lines(p, point_capacity);
                if used + n > cap {
                    if kept.is_empty() {
                        kept.push(truncate(p, point_capacity, cap));
                    }
                    break;
                }
                used += n;
                kept.push(p.trim().to_string());
            }
            Body::Points(kept)
        } else {
            Body::Summary(truncate(&item.summary, capacity, cap))
        }
    }

    fn sheet(&self, sheet: &SheetText, lead: Option<&str>, bodies: &[Body], short: bool) -> f64 {
        let s = self.s;
        let mut blocks = vec![self.masthead(sheet)];
        if let Some(lead) = lead {
            blocks.push(self.paragraph(lead, s.content().0, s.body, s.line));
        }
        let items: Vec<f64> = sheet
            .items
            .iter()
            .zip(bodies)
            .map(|(i, b)| self.item(i, b))
            .collect();
        blocks.push(if items.is_empty() {
            s.body * s.line
        } else {
            self.grid(&items, s.columns)
        });
        let width = s.inner_width(s.box_columns);
        let boxes: Vec<f64> = sheet.boxes.iter().map(|b| self.boxed(b, width)).collect();
        if !boxes.is_empty() {
            blocks.push(self.grid(&boxes, s.box_columns));
        }
        let contacts = if short {
            &sheet.contacts_short
        } else {
            &sheet.contacts
        };
        if !contacts.entries.is_empty() {
            blocks.push(self.boxed(contacts, s.inner_width(1)));
        }
        blocks.push(self.footer(&sheet.footer));
        blocks.iter().sum::<f64>() + s.gap * (blocks.len() - 1) as f64
    }

    fn paragraph(&self, text: &str, width: f64, size: f64, line: f64) -> f64 {
        lines(text, self.capacity(width, size)) as f64 * size * line
    }

    fn masthead(&self, sheet: &SheetText) -> f64 {
        let s = self.s;
        let w = s.content().0;
        let mut h = self.paragraph(&sheet.top, w, s.small, s.small_line);
        if let Some(b) = &sheet.building {
            h += self.paragraph(b, w, s.small, s.small_line);
        }
        h += self.paragraph(&sheet.title, w, s.title, s.title_line);
        h += self.paragraph(&issue_line(sheet), w, s.body, s.line);
        h + s.pad + s.rule
    }

    /// Rows of cells: each row as tall as its tallest cell.
    fn grid(&self, cells: &[f64], columns: usize) -> f64 {
        let rows: Vec<f64> = cells
            .chunks(columns.max(1))
            .map(|row| row.iter().copied().fold(0.0, f64::max))
            .collect();
        rows.iter().sum::<f64>() + self.s.gap * rows.len().saturating_sub(1) as f64
    }

    fn frame(&self) -> f64 {
        2.0 * (self.s.border + self.s.pad)
    }

    fn item(&self, item: &ItemText, body: &Body) -> f64 {
        let s = self.s;
        let w = self.item_width();
        let mut h = s.small * s.small_line + INNER_GAP * s.body;
        h += self.paragraph(&item.title, w, s.head, s.head_line) + INNER_GAP * s.body;
        h += match body {
            Body::Summary(t) => self.paragraph(t, w, s.body, s.line),
            Body::Points(points) => {
                let pw = w - POINT_INDENT * s.body;
                points
                    .iter()
                    .map(|p| self.paragraph(p, pw, s.body, s.line))
                    .sum::<f64>()
                    + POINT_GAP * s.body * points.len().saturating_sub(1) as f64
            }
        };
        let qr = if item.qr {
            s.qr + QR_GAP * s.body + self.paragraph(QR_TEXT, s.qr_col, s.small, s.small_line)
        } else {
            0.0
        };
        self.frame() + h.max(qr)
    }

    /// A framed box `width` wide inside.
    fn boxed(&self, b: &BoxText, width: f64) -> f64 {
        let s = self.s;
        let columns = b.columns.max(1);
        let gap = ENTRY_GAP * s.body;
        let entry_w = (width - (columns - 1) as f64 * 2.0 * s.pad) / columns as f64;
        let mut h = self.frame();
        h += self.paragraph(&b.heading, width, s.head, s.head_line) + INNER_GAP * s.body;
        let entries: Vec<f64> = b
            .entries
            .iter()
            .map(|(strong, text)| {
                self.paragraph(&format!("{strong} {text}"), entry_w, s.body, s.line)
            })
            .collect();
        let rows: Vec<f64> = entries
            .chunks(columns)
            .map(|r| r.iter().copied().fold(0.0, f64::max))
            .collect();
        h + rows.iter().sum::<f64>() + gap * rows.len().saturating_sub(1) as f64
    }

    fn footer(&self, text: &str) -> f64 {
        let s = self.s;
        s.border + s.pad / 2.0 + self.paragraph(text, s.content().0, s.small, s.small_line)
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
    use crate::print::paper::Paper;

    fn scale(paper: &str) -> Scale {
        Scale::for_paper(&Paper::parse(paper, "portrait").unwrap())
    }

    fn sheet(items: usize, summary_chars: usize) -> SheetText {
        let summary: String = "民法典规定禁止从建筑物中抛掷物品，"
            .chars()
            .cycle()
            .take(summary_chars)
            .collect();
        SheetText {
            top: "桥华社区 · 法治宣传栏".into(),
            building: None,
            title: "美好生活·民法典相伴".into(),
            issue: "2023年第5期 · 2023年5月".into(),
            theme: Some("本期主题：民法典宣传月".into()),
            lead: summary.clone(),
            items: (0..items)
                .map(|i| ItemText {
                    kind: "法律常识".into(),
                    title: format!("第{i}篇：高空抛物，害人害己"),
                    summary: summary.clone(),
                    key_points: vec!["禁止高空抛物".into(), "物业应当采取安全保障措施".into()],
                    qr: true,
                })
                .collect(),
            boxes: vec![BoxText {
                heading: "求助热线".into(),
                entries: vec![("12348".into(), "公共法律服务热线".into())],
                columns: 2,
            }],
            contacts: BoxText {
                heading: "法律服务".into(),
                entries: vec![
                    ("陈律师".into(), "律师 · 明理律师事务所 · 每周三下午".into());
                    6
                ],
                columns: 3,
            },
            contacts_short: BoxText {
                heading: "法律服务".into(),
                entries: vec![("陈律师".into(), "律师".into()); 6],
                columns: 3,
            },
            footer: "负责人：王阿姨　撰稿：社区普法小组".into(),
        }
    }

    #[test]
    fn a_usual_issue_fits_a3_unchanged() {
        let f = fit(&sheet(4, 80), &scale("A3")).unwrap();
        assert!(!f.shortened);
        assert!(f.height < f.budget);
        assert!(matches!(f.bodies[0], Body::Summary(ref s) if !s.ends_with('…')));
    }

    #[test]
    fn long_summaries_become_key_points_then_fewer_lines() {
        let f = fit(&sheet(4, 400), &scale("A3")).unwrap();
        assert!(f.shortened);
        assert!(matches!(f.bodies[0], Body::Points(_)), "{:?}", f.bodies[0]);
        let mut no_points = sheet(4, 600);
        for i in &mut no_points.items {
            i.key_points.clear();
        }
        let f = fit(&no_points, &scale("A3")).unwrap();
        assert!(matches!(&f.bodies[0], Body::Summary(s) if s.ends_with('…')));
    }

    #[test]
    fn too_much_is_an_overflow_naming_the_tallest_item() {
        let mut s = sheet(14, 100);
        s.items[3].title = "很长的标题".repeat(20);
        let err = fit(&s, &scale("A4")).unwrap_err();
        assert!(err.excess > 0.0);
        assert_eq!(err.tallest, Some(3));
    }
}
