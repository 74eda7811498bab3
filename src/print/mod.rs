//! Printable boards: the monthly bulletin as one sheet for the residents'
//! group boards and one per building, contact cards, and an index of them
//! at `/print/`. Each sheet is laid out for its paper ([`paper`],
//! [`scale`]) and fitted to exactly one page by pufa's own estimate
//! ([`measure`], [`fit`]): content is shortened where it may be, and a sheet
//! that still does not fit fails the build, naming the sheet. PDFs are made
//! by `pufa print --pdf` with a locally installed Chromium ([`chrome`]).

pub mod cards;
pub mod chrome;
pub mod fit;
pub mod measure;
pub mod paper;
pub mod qr;
pub mod scale;
pub mod sheets;

use serde_json::json;
use tera::Value;

use crate::content::Kind;
use crate::diagnostic::{Failure, Result};
use crate::render::pages::PageJob;
use crate::render::values::EntryValues;
use crate::site::Site;
use crate::site::dates::month_zh;

/// The words under every QR code on a sheet.
pub const QR_LABEL: &str = "扫码阅读全文";

pub const INDEX_PATH: &str = "print/";

/// Page jobs of every sheet, the contact cards and the print index.
pub fn page_jobs(site: &Site, values: &EntryValues) -> Result<Vec<PageJob>> {
    let mut jobs = Vec::new();
    let mut problems = Vec::new();
    let mut months = Vec::new();
    for &b in site.index.of_kind(Kind::Bulletin) {
        let sheets = match sheets::for_bulletin(site, values, b) {
            Ok(s) => s,
            Err(mut p) => {
                problems.append(&mut p);
                continue;
            }
        };
        let Some(main) = sheets.first() else {
            continue;
        };
        let bulletin = &site.entry(b).item;
        let date = bulletin.date.unwrap_or_default();
        use chrono::Datelike;
        months.push(json!({
            "month": main.month,
            "month_zh": month_zh(date.year(), date.month()),
            "title": bulletin.title,
            "bulletin_path": bulletin.url_path(),
            "issue": main.context["issue"],
            "paper": main.paper.label_zh(),
            "path": main.path,
            "buildings": sheets[1..].iter().map(|s| json!({"name": s.building, "path": s.path})).collect::<Vec<_>>(),
        }));
        for sheet in sheets {
            let mut job = PageJob::new(&sheet.path, "print_sheet.html", &sheet.title);
            job.context
                .insert_value("sheet", Value::from_serializable(&sheet.context));
            jobs.push(job);
        }
    }
    if !problems.is_empty() {
        crate::diagnostic::sort(&mut problems);
        return Err(Failure(problems));
    }
    let mut cards = PageJob::new(cards::PATH, "print_cards.html", "法律服务联系卡");
    cards.context.insert_value(
        "cards",
        Value::from_serializable(&cards::context(site, values)),
    );
    jobs.push(cards);
    let mut index = PageJob::new(INDEX_PATH, "print_index.html", "打印宣传栏");
    index.context.insert("months", &months);
    index.context.insert("cards_path", cards::PATH);
    index
        .context
        .insert("contact_count", &site.index.of_kind(Kind::Contact).len());
    jobs.push(index);
    Ok(jobs)
}
