//! Contact cards (法律服务联系卡): 90×54 mm business cards of the
//! community's contacts, ten to an A4 sheet with cut marks (only where
//! there are cards), each headed 法律服务联系卡 and the communities it
//! serves, with the 12348 hotline and a QR code to the contacts page. A
//! phone number is printed only when the contact publishes it (taken from
//! the template values, which never hold an unpublished phone). A text cut
//! to fit its card is reported as a warning.

use serde_json::{Value as Json, json};

use super::measure::truncate;
use super::qr;
use crate::content::Kind;
use crate::diagnostic::Diagnostic;
use crate::render::values::EntryValues;
use crate::site::Site;

pub const PATH: &str = "print/contact-cards/";

/// Card and sheet measures, mm.
const CARD_W: f64 = 90.0;
const CARD_H: f64 = 54.0;
const PAGE_W: f64 = 210.0;
const PAGE_H: f64 = 297.0;
const ACROSS: usize = 2;
const DOWN: usize = 5;
pub const PER_PAGE: usize = ACROSS * DOWN;
const PAD: f64 = 4.0;
const QR: f64 = 22.0;
const QR_GAP: f64 = 3.0;
const TEXT: f64 = 3.4;
/// Cut marks stop this far from the card block and from the paper edge.
const MARK_GAP: f64 = 1.5;
const MARK_EDGE: f64 = 5.0;

/// Template data for the cards page (pages of cards and their cut marks),
/// and a warning for each card whose text had to be cut.
pub fn context(site: &Site, values: &EntryValues) -> (Json, Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    let base = &site.config.base_url;
    let with_qr = qr::is_absolute(base);
    let text_w = CARD_W - 2.0 * PAD - if with_qr { QR + QR_GAP } else { 0.0 };
    let cap = text_w / TEXT - 0.1;
    let heading_cap = (CARD_W - 2.0 * PAD) / (TEXT * 0.8) - 0.1;
    let name_cap = text_w / (TEXT * 1.8) - 0.1;
    let hotline = site
        .config
        .hotlines
        .iter()
        .find(|h| h.number == "12348")
        .map_or_else(
            || "12348 公共法律服务热线".to_string(),
            |h| format!("{} {}", h.number, h.name),
        );
    let all_communities = super::communities(site);
    let cards: Vec<Json> = site
        .index
        .of_kind(Kind::Contact)
        .iter()
        .map(|c| {
            let item = &site.entry(*c).item;
            let mut cut_fields = Vec::new();
            let mut fit = |label: &'static str, text: String, cap: f64, lines: usize| {
                let t = truncate(&text, cap, lines);
                if t != text.trim() {
                    cut_fields.push(label);
                }
                t
            };
            let v = values.get(*c);
            let field = |k: &str| {
                v.get_from_path(k)
                    .and_then(|x| x.as_str())
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            };
            let role = [field("role"), field("organization")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ");
            let slug = &item.slug;
            let url = crate::urls::absolute(base, &format!("contacts/#{slug}"));
            let served = if item.fm.communities.is_empty() {
                all_communities.clone()
            } else {
                item.fm.communities.join("、")
            };
            let card = json!({
                "heading": fit("heading", format!("法律服务联系卡 · {served}"), heading_cap, 1),
                "name": fit("name", field("name").unwrap_or_default(), name_cap, 1),
                "role": fit("role and organisation", role, cap, 2),
                "hours": field("hours").map(|h| fit("hours", format!("接待时间：{h}"), cap, 2)),
                "phone": field("phone").map(|p| fit("phone", format!("电话：{p}"), cap, 1)),
                "qr": if with_qr { qr::svg(&url, "扫码查看联系方式") } else { None },
            });
            if !cut_fields.is_empty() {
                warnings.push(
                    Diagnostic::warning(
                        &item.source,
                        format!(
                            "the contact card of {} cuts its {} to fit 90×54 mm",
                            item.title,
                            cut_fields.join(", ")
                        ),
                    )
                    .with_hint("shorten that field for the card"),
                );
            }
            card
        })
        .collect();
    let pages: Vec<Json> = cards
        .chunks(PER_PAGE)
        .map(|c| json!({"cards": c, "marks": marks(c.len().div_ceil(ACROSS))}))
        .collect();
    let context = json!({
        "pages": pages,
        "count": cards.len(),
        "hotline": truncate(&hotline, cap, 1),
        "style": style(),
    });
    (context, warnings)
}

fn origin() -> (f64, f64) {
    (
        (PAGE_W - ACROSS as f64 * CARD_W) / 2.0,
        (PAGE_H - DOWN as f64 * CARD_H) / 2.0,
    )
}

/// Short lines in the margins in line with every card edge of the first
/// `rows` rows: (x, y, w, h) mm.
fn marks(rows: usize) -> Vec<Json> {
    let rows = rows.min(DOWN);
    let (left, top) = origin();
    let right = left + ACROSS as f64 * CARD_W;
    let bottom = top + rows as f64 * CARD_H;
    let mut out = Vec::new();
    let mark = |x: f64, y: f64, w: f64, h: f64| json!({"x": x, "y": y, "w": w, "h": h, "dir": if w == 0.0 { "v" } else { "h" }});
    for i in 0..=ACROSS {
        let x = left + i as f64 * CARD_W;
        out.push(mark(x, MARK_EDGE, 0.0, top - MARK_GAP - MARK_EDGE));
        out.push(mark(
            x,
            bottom + MARK_GAP,
            0.0,
            PAGE_H - MARK_EDGE - bottom - MARK_GAP,
        ));
    }
    for j in 0..=rows {
        let y = top + j as f64 * CARD_H;
        out.push(mark(MARK_EDGE, y, left - MARK_GAP - MARK_EDGE, 0.0));
        out.push(mark(
            right + MARK_GAP,
            y,
            PAGE_W - MARK_EDGE - right - MARK_GAP,
            0.0,
        ));
    }
    out
}

fn style() -> String {
    let (left, top) = origin();
    format!(
        "@page{{size:{PAGE_W}mm {PAGE_H}mm;margin:0}}\n:root{{--page-w:{PAGE_W}mm;--page-h:{PAGE_H}mm;--card-w:{CARD_W}mm;--card-h:{CARD_H}mm;--cards-left:{left}mm;--cards-top:{top}mm;--card-pad:{PAD}mm;--card-qr:{QR}mm;--card-qr-gap:{QR_GAP}mm;--card-text:{TEXT}mm;--across:{ACROSS}}}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_cards_fit_an_a4_page_with_room_for_marks() {
        let (left, top) = origin();
        assert_eq!(PER_PAGE, 10);
        assert!(left >= 10.0 && top >= 10.0, "{left} {top}");
        assert_eq!(marks(DOWN).len(), 2 * (ACROSS + 1) + 2 * (DOWN + 1));
        assert_eq!(
            marks(1).len(),
            2 * (ACROSS + 1) + 2 * 2,
            "no marks below the last row"
        );
    }
}
