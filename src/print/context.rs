//! Template data of a sheet, built straight as Tera values: the fitted
//! content (`sheet`) once per distinct fit ([`shared`]), shared by
//! reference count by every sheet showing it, and per sheet only `board`:
//! its path and masthead lines, from values made once per site ([`board`]).

use std::fmt::Write as _;
use tera::{Map, Value};

use super::fit::Fitted;
use super::layout::css_gaps;
use super::parts::{BoxText, SheetText};
use super::scale::Scale;
use super::sheets::Shared;

/// One fitted content, ready for the template.
pub struct Fit {
    pub content: Value,
    /// What was shortened, for people.
    pub cuts: Vec<&'static str>,
}

fn map<const N: usize>(pairs: [(&'static str, Value); N]) -> Value {
    let mut m = Map::with_capacity(N);
    for (k, v) in pairs {
        m.insert(k.into(), v);
    }
    Value::from(m)
}

fn opt(s: Option<&str>) -> Value {
    s.map_or(Value::none(), Value::from)
}

fn boxed(b: &BoxText, columns: usize, essential_only: bool) -> Value {
    let entries: Vec<Value> = b
        .entries
        .iter()
        .filter(|e| e.essential || !essential_only)
        .map(|e| {
            map([
                ("strong", Value::from(e.strong.as_str())),
                ("text", Value::from(e.text.as_str())),
                ("phone", opt(e.phone.as_deref())),
            ])
        })
        .collect();
    map([
        ("heading", Value::from(b.heading.as_str())),
        ("columns", Value::from(columns)),
        ("entries", Value::from(entries)),
    ])
}

/// The fitted content of the sheets of one variant.
pub(super) fn shared<'a>(sh: &Shared<'a>, items: usize, t: &SheetText<'a>, f: &Fitted) -> Fit {
    let site = sh.print.site;
    let s = &f.scale;
    let c = &f.choice;
    let mut item_values = Vec::with_capacity(t.items.len());
    for (k, body) in sh.item_lists[items].iter().zip(&f.bodies) {
        let entry = site.entry(sh.featured[*k]);
        let text = &sh.item_refs[items][item_values.len()];
        let qr = if text.qr {
            sh.print
                .boards
                .qr
                .get(&sh.featured[*k])
                .map(|(path, _)| path.as_str())
        } else {
            None
        };
        let points: Vec<Value> = body
            .points
            .iter()
            .map(|p| Value::from(p.as_str()))
            .collect();
        item_values.push(map([
            ("kind", Value::from(entry.item.kind.folder())),
            ("kind_name", Value::from(text.kind.as_str())),
            ("title", Value::from(text.title.as_str())),
            ("path", Value::from(entry.item.url_path())),
            ("summary", opt(body.summary.as_deref())),
            ("key_points", Value::from(points)),
            ("qr", opt(qr)),
        ]));
    }
    let mut rows = Vec::with_capacity(f.rows.len());
    let mut start = 0;
    for n in &f.rows {
        rows.push(map([
            ("n", Value::from(*n)),
            ("items", Value::from(item_values[start..start + n].to_vec())),
        ]));
        start += n;
    }
    let qa: Vec<Value> = t.qa[..c.qa.min(t.qa.len())]
        .iter()
        .map(|(q, a)| {
            map([
                ("q", Value::from(q.trim_start_matches("问："))),
                ("a", Value::from(a.trim_start_matches("答："))),
            ])
        })
        .collect();
    let (lead_label, lead) = match &f.lead {
        Some(l) if t.lead.label_len > 0 && l.len() > t.lead.label_len => (
            Some(t.lead.text[..t.lead.label_len].trim_end_matches('　')),
            Some(&l[t.lead.label_len..]),
        ),
        Some(l) => (None, Some(l.as_str())),
        None => (None, None),
    };
    let (issue, theme) = match t.issue.split_once('　') {
        Some((i, th)) => (i, Some(th)),
        None => (t.issue, None),
    };
    let contacts = if c.short_contacts {
        &t.contacts.short
    } else {
        &t.contacts.full
    };
    let lay = super::layout::Layout {
        s,
        memo: sh.memo,
        with_qr: t.items.iter().any(|i| i.qr),
        title: s.title,
    };
    let (hot_cols, contact_cols) = lay.box_columns(t, c);
    let box_cols = if c.row_boxes {
        2 + usize::from(!contacts.entries.is_empty())
    } else {
        s.box_columns
    };
    let paper = sh.paper;
    let cuts: Vec<Value> = f.cuts.iter().map(|x| Value::from(*x)).collect();
    let mut content = Map::with_capacity(24);
    let mut put = |k: &'static str, v: Value| {
        content.insert(k.into(), v);
    };
    put("style", Value::from(style(s, f.block_gap, box_cols)));
    put("title", Value::from(t.title));
    put("issue", Value::from(issue));
    put("theme", opt(theme));
    put("lead_label", opt(lead_label));
    put("lead", opt(lead));
    put("rows", Value::from(rows));
    put("items", Value::from(item_values));
    put("qa", Value::from(qa));
    put("qa_heading", Value::from(super::sheets::QA_HEADING));
    put("laws", opt(if c.laws { t.laws } else { None }));
    put("laws_heading", Value::from(super::sheets::LAWS_HEADING));
    put("lectures", boxed(t.lectures, 1, false));
    put(
        "hotlines",
        boxed(t.hotlines, hot_cols, c.essential_hotlines),
    );
    put("contacts", boxed(contacts, contact_cols, false));
    put("row_boxes", Value::from(c.row_boxes));
    put("footer", Value::from(t.footer));
    put("qr_label", Value::from(super::QR_LABEL));
    put(
        "paper",
        map([
            ("name", Value::from(paper.name.as_str())),
            ("label", Value::from(paper.label_zh())),
            ("width", Value::from(paper.width)),
            ("height", Value::from(paper.height)),
            (
                "size",
                Value::from(format!(
                    "{}×{} 毫米",
                    super::paper::trim_num(paper.width),
                    super::paper::trim_num(paper.height)
                )),
            ),
        ]),
    );
    put(
        "estimate",
        map([
            ("height", Value::from((f.height * 10.0).round() / 10.0)),
            ("budget", Value::from((f.budget * 10.0).round() / 10.0)),
            ("grow", Value::from((s.k * 1000.0).round() / 1000.0)),
            (
                "blocks",
                Value::from(
                    f.blocks
                        .iter()
                        .map(|(p, h)| format!("{}:{h:.1}", p.css_name()))
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
            ),
        ]),
    );
    put("cuts", Value::from(cuts));
    Fit {
        content: Value::from(content),
        cuts: f.cuts.clone(),
    }
}

/// What one board's sheet shows of its own: its path and masthead lines.
pub(super) fn board(path: &str, place: &super::Place, bulletin_path: &Value) -> Value {
    let mut m = Map::with_capacity(5);
    m.insert("path".into(), Value::from(path));
    m.insert("top".into(), place.top_value.clone());
    m.insert("building_line".into(), place.line_value.clone());
    m.insert("building_path".into(), place.path_value.clone());
    m.insert("bulletin_path".into(), bulletin_path.clone());
    Value::from(m)
}

/// The sheet's `@page` rule and its measures as CSS custom properties.
pub fn style(s: &Scale, block_gap: f64, box_columns: usize) -> String {
    let (cw, ch) = s.content();
    let mut css = format!(
        "@page{{size:{}mm {}mm;margin:0}}\n:root{{--page-w:{}mm;--page-h:{}mm;--margin:{}mm;--content-w:{cw:.2}mm;--content-h:{ch:.2}mm;--body:{:.2}mm;--line:{};--title:{:.2}mm;--title-line:{};--head:{:.2}mm;--head-line:{};--small:{:.2}mm;--small-line:{};--gap:{:.2}mm;--block-gap:{block_gap:.2}mm;--pad:{:.2}mm;--border:{}mm;--rule:{}mm;--qr:{:.2}mm;--qr-col:{:.2}mm;--columns:{};--box-columns:{};--boxes-columns:{box_columns}",
        s.page_w,
        s.page_h,
        s.page_w,
        s.page_h,
        s.margin,
        s.body,
        s.line,
        s.title,
        s.title_line,
        s.head,
        s.head_line,
        s.small,
        s.small_line,
        s.gap,
        s.pad,
        s.border,
        s.rule,
        s.qr,
        s.qr_col,
        s.columns,
        s.box_columns,
    );
    for (name, mm) in css_gaps(s) {
        let _ = write!(css, ";--{name}:{mm:.2}mm");
    }
    css.push('}');
    css
}
