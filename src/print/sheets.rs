//! Board sheets: for every bulletin issue one sheet for the residents'
//! group boards (`print/YYYY-MM/`) and one per building
//! (`print/YYYY-MM/BUILDING.html`), each fitted to its paper or reported.
//! Each issue is a recipe of its own (see [`super::recipes`]).
//!
//! The sheets of an issue share most of their content: an issue's texts
//! are gathered once, each distinct box (the items meant for a building,
//! its lectures, its contacts) is made once, and sheets that differ only
//! in names of the same length are fitted once ([`Variant`]): fitting and
//! template data cost per distinct content, not per building.

use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::rc::Rc;

use super::context::{self, Fit};
use super::fit::{self, Overflow};
use super::measure::{Memo, text_em};
use super::paper::Paper;
use super::parts::{BoxText, Contacts, ItemText, Lead, Own, SheetText};
use super::scale::{LEVELS, Scale, level_k};
use super::{Place, SitePrint};
use super::{boxes, notes};
use crate::render::pages::{Deps, PageJob};
use crate::site::dates::month_zh;

pub const QA_HEADING: &str = "问答";
pub const LAWS_HEADING: &str = "本期涉及法律";

/// `2023-05`: the folder of a bulletin's sheets.
pub fn month_key(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

/// Page path of a sheet: `print/2023-05/` for the group board, a file
/// beside it for each building's, `print/2023-05/qh-03.html` (a folder of
/// its own for each of many buildings and months would double the files a
/// build creates).
pub fn sheet_path(month: &str, building: Option<&str>) -> String {
    match building {
        Some(b) => format!("print/{month}/{b}.html"),
        None => format!("print/{month}/"),
    }
}

/// The sheets of one issue, ready to render, and what the index lists.
pub struct IssueSheets {
    pub jobs: Vec<PageJob>,
    /// (building name, sheet path) of the building sheets.
    pub buildings: Vec<(String, String)>,
    pub path: String,
    pub month: String,
    /// The group-board sheet's issue line and paper, for the index.
    pub issue: String,
    pub paper: Paper,
    /// What was shortened on which sheets (for a warning), when anything was.
    pub shortened: Vec<(String, Vec<&'static str>)>,
}

/// A sheet that could not be fitted.
pub struct Misfit {
    pub path: String,
    pub building: Option<String>,
    pub overflow: Overflow,
    pub items: Vec<usize>,
}

/// What a building (or the group board) gets of an issue.
struct Target<'p> {
    place: &'p Place,
    building: Option<usize>,
    items: usize,
    lectures: usize,
    contacts: usize,
}

/// Interns lists of entries, so each distinct list is made into a box once.
#[derive(Default)]
struct Lists {
    ids: HashMap<Vec<usize>, usize>,
    lists: Vec<Vec<usize>>,
}

impl Lists {
    fn id(&mut self, list: Vec<usize>) -> usize {
        if let Some(id) = self.ids.get(&list) {
            return *id;
        }
        self.lists.push(list.clone());
        self.ids.insert(list, self.lists.len() - 1);
        self.lists.len() - 1
    }
}

/// Sheets with the same content and masthead lines share one fit.
#[derive(Hash, PartialEq, Eq)]
struct Variant {
    items: usize,
    lectures: usize,
    contacts: usize,
    masthead: Vec<u8>,
}

/// Every sheet of `bulletin`: the group-board sheet, then one per building.
pub fn for_bulletin(
    print: &SitePrint,
    bulletin: usize,
    paper: &Paper,
) -> Result<IssueSheets, Vec<Misfit>> {
    let site = print.site;
    let entry = site.entry(bulletin);
    let date = entry.item.date.unwrap_or_default();
    let month = month_key(date);
    let fm = &entry.item.fm;
    let featured: Vec<usize> = site.featured(bulletin).collect();
    let with_qr = super::qr::is_absolute(&site.config.base_url);
    let all_items: Vec<ItemText> = featured
        .iter()
        .map(|i| {
            let e = site.entry(*i);
            ItemText {
                reference: e.item.reference(),
                kind: e.item.kind.name_zh().to_string(),
                title: e.item.title.clone(),
                summary: e.summary.clone(),
                key_points: e.item.fm.key_points.clone(),
                qr: with_qr && e.item.kind.has_own_page(),
            }
        })
        .collect();
    let read = notes::read(&entry.item.body);
    let lead = Lead::new(read.lead_label.as_deref(), &read.lead);
    let qa: Vec<(String, String)> = read
        .qa
        .iter()
        .map(|(q, a)| (format!("问：{q}"), format!("答：{a}")))
        .collect();
    let mut issue = format!("{}年第{}期", date.year(), fm.issue.unwrap_or_default());
    if let Some(n) = fm.total_issue {
        let _ = write!(issue, " · 总第{n}期");
    }
    let _ = write!(issue, " · {}", month_zh(date.year(), date.month()));
    let issue_line = match &fm.theme {
        Some(t) => format!("{issue}　本期主题：{t}"),
        None => issue.clone(),
    };
    let footer = boxes::footer(site, bulletin, date.with_day(1).unwrap_or(date));

    // Which items, lectures and contacts each sheet shows, each distinct list once.
    let (mut item_lists, mut lecture_lists) = (Lists::default(), Lists::default());
    let targets: Vec<Target> = print
        .boards
        .places
        .iter()
        .map(|place| {
            let building = place.building;
            let items = (0..featured.len())
                .filter(|k| {
                    building.is_none_or(|b| {
                        site.entry(featured[*k])
                            .item
                            .is_for_building(&site.entry(b).item.id)
                    })
                })
                .collect();
            Target {
                place,
                building,
                items: item_lists.id(items),
                lectures: lecture_lists.id(boxes::lectures_for(site, date, building)),
                contacts: place.contacts,
            }
        })
        .collect();
    let item_refs: Vec<Vec<&ItemText>> = item_lists
        .lists
        .iter()
        .map(|l| l.iter().map(|k| &all_items[*k]).collect())
        .collect();
    let laws: Vec<Option<String>> = item_lists
        .lists
        .iter()
        .map(|l| {
            let entries: Vec<usize> = l.iter().map(|k| featured[*k]).collect();
            boxes::laws_line(site, bulletin, &entries)
        })
        .collect();
    let lectures: Vec<BoxText> = lecture_lists
        .lists
        .iter()
        .map(|l| boxes::lecture_box(site, l))
        .collect();

    let memo = Memo::default();
    let shared = Shared {
        print,
        bulletin,
        paper,
        base: Scale::for_paper(paper),
        issue: &issue_line,
        lead: &lead,
        qa: &qa,
        footer: &footer,
        item_refs: &item_refs,
        item_lists: &item_lists.lists,
        featured: &featured,
        laws: &laws,
        lectures: &lectures,
        lecture_lists: &lecture_lists.lists,
        contacts: &print.boards.contact_boxes,
        contact_lists: &print.boards.contact_lists,
        memo: &memo,
    };
    let mut fits: HashMap<Variant, Result<Rc<Fit>, Overflow>> = HashMap::new();
    let mut out = IssueSheets {
        jobs: Vec::with_capacity(targets.len()),
        buildings: Vec::new(),
        path: sheet_path(&month, None),
        month: month.clone(),
        issue,
        paper: paper.clone(),
        shortened: Vec::new(),
    };
    let mut misfits = Vec::new();
    let bulletin_path = tera::Value::from(entry.item.url_path());
    for target in &targets {
        let (top, building_line) = (&target.place.top, target.place.line.as_deref());
        let variant = Variant {
            items: target.items,
            lectures: target.lectures,
            contacts: target.contacts,
            masthead: shared.signature(top, building_line),
        };
        let path = sheet_path(
            &month,
            target.building.map(|b| site.entry(b).item.slug.as_str()),
        );
        let fitted = fits
            .entry(variant)
            .or_insert_with(|| shared.fit(target, top, building_line));
        match fitted {
            Ok(f) => {
                if !f.cuts.is_empty() {
                    out.shortened.push((path.clone(), f.cuts.clone()));
                }
                if let Some(b) = target.building {
                    out.buildings
                        .push((site.entry(b).item.title.clone(), path.clone()));
                }
                out.jobs.push(shared.job(target, f, path, &bulletin_path));
            }
            Err(o) => misfits.push(Misfit {
                path,
                building: target.building.map(|b| site.entry(b).item.title.clone()),
                overflow: o.clone(),
                items: item_lists.lists[target.items]
                    .iter()
                    .map(|k| featured[*k])
                    .collect(),
            }),
        }
    }
    if misfits.is_empty() {
        Ok(out)
    } else {
        Err(misfits)
    }
}

/// What every sheet of an issue shares.
pub(super) struct Shared<'a> {
    pub print: &'a SitePrint<'a>,
    pub bulletin: usize,
    pub paper: &'a Paper,
    pub base: Scale,
    pub issue: &'a str,
    pub lead: &'a Lead,
    pub qa: &'a [(String, String)],
    pub footer: &'a str,
    pub item_refs: &'a [Vec<&'a ItemText>],
    pub item_lists: &'a [Vec<usize>],
    pub featured: &'a [usize],
    pub laws: &'a [Option<String>],
    pub lectures: &'a [BoxText],
    pub lecture_lists: &'a [Vec<usize>],
    pub contacts: &'a [Contacts],
    pub contact_lists: &'a [Vec<usize>],
    pub memo: &'a Memo<'a>,
}

impl<'a> Shared<'a> {
    /// Lines the masthead's own texts take at every growth step; empty
    /// when each takes one line even at the largest (the usual case).
    fn signature(&self, top: &str, building: Option<&str>) -> Vec<u8> {
        let w = self.base.content().0;
        let widest = Scale::grown(self.paper, level_k(LEVELS - 1));
        let mut sig = Vec::new();
        for (text, size) in [(top, widest.small), (building.unwrap_or(""), widest.head)] {
            if text_em(text) <= super::layout::capacity(w, size) {
                continue;
            }
            sig.push(0xFF);
            for level in 0..LEVELS {
                let s = Scale::grown(self.paper, level_k(level));
                let size = if size == widest.small {
                    s.small
                } else {
                    s.head
                };
                let n = super::measure::lines(text, super::layout::capacity(w, size));
                sig.push(n.min(254) as u8);
            }
        }
        sig
    }

    fn text(&self, target: &Target) -> SheetText<'a> {
        SheetText {
            title: &self.print.site.entry(self.bulletin).item.title,
            issue: self.issue,
            lead: self.lead,
            items: &self.item_refs[target.items],
            qa: self.qa,
            laws: self.laws[target.items].as_deref(),
            lectures: &self.lectures[target.lectures],
            hotlines: &self.print.boards.hotlines,
            contacts: &self.contacts[target.contacts],
            footer: self.footer,
        }
    }

    fn fit(&self, target: &Target, top: &str, building: Option<&str>) -> Result<Rc<Fit>, Overflow> {
        let text = self.text(target);
        // The sheet's own masthead texts are measured without the memo.
        let own = Own { top, building };
        let fitted = fit::fit(&text, &own, self.paper, self.memo)?;
        Ok(Rc::new(context::shared(self, target.items, &text, &fitted)))
    }

    fn job(
        &self,
        target: &Target,
        fit: &Fit,
        path: String,
        bulletin_path: &tera::Value,
    ) -> PageJob {
        let site = self.print.site;
        let place = target.place;
        let title = format!(
            "{}{}",
            site.entry(self.bulletin).item.title,
            place.title_suffix
        );
        let mut job = PageJob::new(&path, "print_sheet.html", &title);
        let mut entries = vec![self.bulletin];
        entries.extend(
            self.item_lists[target.items]
                .iter()
                .map(|k| self.featured[*k]),
        );
        entries.extend(target.building);
        for &l in &self.lecture_lists[target.lectures] {
            entries.push(l);
            // The lecture box names its speaker, a contact.
            if let Some(speaker) = &site.entry(l).item.fm.speaker
                && let Some(c) = site
                    .index
                    .by_ref
                    .get(&format!("contacts/{}", speaker.value))
            {
                entries.push(*c);
            }
        }
        entries.extend(&self.contact_lists[target.contacts]);
        // Everything else the sheet shows comes from these entries and
        // site.toml, but for the communities' names and the laws box.
        let key = format!(
            "{}|{}",
            place.top,
            self.laws[target.items].as_deref().unwrap_or("")
        );
        job.context.insert_value("sheet", fit.content.clone());
        job.context
            .insert_value("board", context::board(&path, place, bulletin_path));
        job.deps = Deps::Entries { entries, key };
        job
    }
}
