//! Printable boards: the monthly bulletin as one sheet for the residents'
//! group boards and one per building, contact cards, and an index of them
//! at `/print/`. Each sheet is laid out for its paper ([`paper`],
//! [`scale`]) and fitted to exactly one page by pufa's own estimate
//! ([`measure`], [`layout`], [`fit`]): content is shortened where it may
//! be, type grows where there is room, and a sheet that still does not fit
//! fails the build, naming the sheet ([`hints`]). The QR codes are drawn
//! once per entry into `print/qr/` ([`qr`]). PDFs are made by
//! `pufa print --pdf` with a locally installed Chromium ([`chrome`]).

pub mod boxes;
pub mod cards;
pub mod chrome;
mod context;
pub mod fit;
pub mod hints;
pub mod layout;
pub mod measure;
pub mod notes;
pub mod paper;
pub mod parts;
pub mod qr;
mod qr_mask;
pub mod scale;
pub mod sheets;

use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tera::{Map, Value};

use crate::content::Kind;
use crate::diagnostic::{Diagnostic, Failure, Result};
use crate::render::pages::{Deps, PageJob, Planned as PageRecipe};
use crate::render::values::EntryValues;
use crate::site::Site;
use crate::site::dates::month_zh;
use paper::Paper;
use parts::{BoxText, Contacts};

/// The words under every QR code on a sheet.
pub const QR_LABEL: &str = "扫码阅读全文";

pub const INDEX_PATH: &str = "print/";

/// What the print index lists of one issue, and the warning when its
/// sheets were shortened: left by the issue's recipe for the index's.
pub struct Listing {
    pub row: Value,
    /// A fingerprint of `row`, for the index's key (made with the row,
    /// not on each rebuild that makes the index).
    pub fingerprint: u64,
    pub warning: Option<Diagnostic>,
}

/// The print recipes of `site`: one per dated bulletin (its sheets and the
/// QR codes first featured in it), one for the contact cards, and the
/// print index, made last from the listings the issues' recipes left in
/// [`Shared`]. An edit of one featured text makes one issue's sheets
/// again, not every issue's.
pub fn recipes(site: &Site) -> (Vec<PageRecipe>, Arc<Shared>) {
    let with_date = dated_bulletins(site);
    let shared = Arc::new(Shared {
        boards: Mutex::new(None),
        listings: with_date.iter().map(|_| Mutex::new(None)).collect(),
        cards: Mutex::new(Vec::new()),
    });
    let mut recipes = Vec::with_capacity(with_date.len() + 2);
    for (slot, &b) in with_date.iter().enumerate() {
        let shared = shared.clone();
        recipes.push(PageRecipe::many(move |site, values| {
            let (jobs, listing) = issue_pages(site, values, &shared, b)?;
            *shared.listings[slot]
                .lock()
                .unwrap_or_else(|e| e.into_inner()) = listing;
            Ok(jobs)
        }));
    }
    let for_cards = shared.clone();
    recipes.push(PageRecipe::many(move |site, values| {
        let (page, warnings) = cards_page(site, values);
        *for_cards.cards.lock().unwrap_or_else(|e| e.into_inner()) = warnings;
        Ok(vec![page])
    }));
    let for_index = shared.clone();
    recipes.push(PageRecipe::last(move |site, _| {
        index_page(site, &for_index).map(|j| vec![j])
    }));
    (recipes, shared)
}

/// Every print page of the site, made recipe by recipe (the index last).
pub fn page_jobs(site: &Site, values: &EntryValues) -> Result<Vec<PageJob>> {
    let (recipes, _) = recipes(site);
    let mut jobs = Vec::new();
    for recipe in &recipes {
        jobs.extend(recipe.make(site, values)?);
    }
    Ok(jobs)
}

fn dated_bulletins(site: &Site) -> Vec<usize> {
    site.index
        .of_kind(Kind::Bulletin)
        .iter()
        .copied()
        .filter(|b| site.entry(*b).item.date.is_some())
        .collect()
}

/// A board sheets are made for: the group board (`building` `None`) or a
/// building's, with what its sheets show of their own, made once per build.
pub struct Place {
    pub building: Option<usize>,
    /// Community and board name; building, volunteer and board place.
    pub top: String,
    pub line: Option<String>,
    pub top_value: Value,
    pub line_value: Value,
    /// The building's page.
    pub path_value: Value,
    /// ` · 瑞光里1幢 · 法治宣传花苑` after the issue's title in the page title.
    pub title_suffix: String,
    /// Its contact box, as an index into `contact_boxes`.
    pub contacts: usize,
}

/// What does not change from issue to issue, worked out once per rebuild
/// (see [`Shared::boards`]).
pub struct Boards {
    /// The group board, then each building's, in site order.
    pub places: Vec<Place>,
    pub contact_boxes: Vec<Contacts>,
    pub contact_lists: Vec<Vec<usize>>,
    pub hotlines: BoxText,
    /// Entry → its QR code file, for every featured entry with a page, and
    /// the issue that draws it.
    pub qr: QrCodes,
}

/// The site and its boards, for making one issue's sheets.
pub struct SitePrint<'s> {
    pub site: &'s Site,
    pub boards: &'s Boards,
}

/// What the print recipes of one plan share: the boards, made by the first
/// recipe that needs them in a rebuild, and the issues' listings.
pub struct Shared {
    /// The boards, with the [`EntryValues::generation`] they were made from.
    boards: Mutex<Option<(u64, Arc<Boards>)>>,
    listings: Vec<Mutex<Option<Listing>>>,
    /// The warnings of contact cards whose text was cut.
    cards: Mutex<Vec<Diagnostic>>,
}

impl Shared {
    /// The boards for `values`: made once for them, however many issues ask.
    fn boards(&self, site: &Site, values: &EntryValues) -> Arc<Boards> {
        // Held while they are made, so the other issues wait instead of
        // making them too. (Making them starts no parallel work, so a
        // waiting thread is never the one needed to finish it.)
        let mut slot = self.boards.lock().unwrap_or_else(|e| e.into_inner());
        match &*slot {
            Some((generation, boards)) if *generation == values.generation() => boards.clone(),
            _ => {
                let boards = Arc::new(boards(site, values));
                *slot = Some((values.generation(), boards.clone()));
                boards
            }
        }
    }

    /// The warnings of shortened sheets and cut contact cards the recipes left.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        let mut warnings: Vec<Diagnostic> = self
            .listings
            .iter()
            .filter_map(|l| {
                let l = l.lock().unwrap_or_else(|e| e.into_inner());
                l.as_ref().and_then(|l| l.warning.clone())
            })
            .collect();
        warnings.extend(self.cards.lock().unwrap_or_else(|e| e.into_inner()).clone());
        warnings
    }
}

/// The communities the site's buildings belong to, or the site title.
pub fn communities(site: &Site) -> String {
    let mut names: Vec<String> = site
        .index
        .of_kind(Kind::Building)
        .iter()
        .filter_map(|b| site.entry(*b).item.fm.community.clone())
        .collect();
    names.sort();
    names.dedup();
    if names.is_empty() {
        site.config.title.clone()
    } else {
        names.join("、")
    }
}

/// The paper a bulletin's sheets are for, or why there is none: its own
/// paper is wrong (reported here), or the site's is (reported once, by the
/// index: `None`).
fn paper_of(site: &Site, b: usize) -> std::result::Result<Paper, Option<Diagnostic>> {
    let print = &site.config.print;
    let fm = &site.entry(b).item.fm;
    match (&fm.paper, &fm.orientation) {
        (None, None) => Paper::parse(&print.paper, &print.orientation).map_err(|_| None),
        (p, o) => Paper::parse(
            p.as_deref().unwrap_or(&print.paper),
            o.as_deref().unwrap_or(&print.orientation),
        )
        .map_err(|m| Some(hints::bad_paper(site, Some(b), m))),
    }
}

/// The sheets of bulletin `b`, the QR codes first featured in it, and what
/// the index lists of it (nothing when the site's paper is wrong).
fn issue_pages(
    site: &Site,
    values: &EntryValues,
    shared: &Shared,
    b: usize,
) -> Result<(Vec<PageJob>, Option<Listing>)> {
    let paper = match paper_of(site, b) {
        Ok(p) => p,
        Err(Some(d)) => return Err(Failure::one(d)),
        Err(None) => return Ok((Vec::new(), None)),
    };
    let boards = shared.boards(site, values);
    let site_print = SitePrint {
        site,
        boards: &boards,
    };
    let issue = sheets::for_bulletin(&site_print, b, &paper)
        .map_err(|m| Failure::one(hints::misfit(site, b, &paper, &m)))?;
    let bulletin = &site.entry(b).item;
    let warning = (!issue.shortened.is_empty()).then(|| shortened_warning(bulletin, &issue));
    let row = listing_row(bulletin, &issue);
    let fingerprint = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        format!("{row:?}").hash(&mut h);
        h.finish()
    };
    let mut jobs = issue.jobs;
    let first_here: Vec<(usize, String)> = boards
        .qr
        .iter()
        .filter(|(_, (_, owner))| *owner == b)
        .map(|(i, (path, _))| (*i, path.clone()))
        .collect();
    jobs.extend(qr_jobs(site, first_here));
    Ok((
        jobs,
        Some(Listing {
            row,
            fingerprint,
            warning,
        }),
    ))
}

/// One issue's line in the print index.
fn listing_row(bulletin: &crate::content::Item, issue: &sheets::IssueSheets) -> Value {
    use chrono::Datelike;
    let date = bulletin.date.unwrap_or_default();
    let buildings: Vec<Value> = issue
        .buildings
        .iter()
        .map(|(name, path)| {
            let mut m = Map::new();
            m.insert("name".into(), Value::from(name.as_str()));
            m.insert("path".into(), Value::from(path.as_str()));
            Value::from(m)
        })
        .collect();
    let mut m = Map::new();
    let mut put = |k: &'static str, v: Value| {
        m.insert(k.into(), v);
    };
    put("month", Value::from(issue.month.as_str()));
    put("month_zh", Value::from(month_zh(date.year(), date.month())));
    put("title", Value::from(bulletin.title.as_str()));
    put("bulletin_path", Value::from(bulletin.url_path()));
    put("issue", Value::from(issue.issue.as_str()));
    put("paper", Value::from(issue.paper.label_zh()));
    put("path", Value::from(issue.path.as_str()));
    put("buildings", Value::from(buildings));
    put("shortened", Value::from(issue.shortened.len()));
    Value::from(m)
}

/// The contact cards. They show nothing but what they are given here, so
/// that text is their key: `pufa serve` renders them again only when it
/// changes, not on every edit.
fn cards_page(site: &Site, values: &EntryValues) -> (PageJob, Vec<Diagnostic>) {
    let (cards_context, warnings) = cards::context(site, values);
    let mut cards = PageJob::new(cards::PATH, "print_cards.html", "法律服务联系卡");
    cards.deps = Deps::Entries {
        entries: site.index.of_kind(Kind::Contact).to_vec(),
        key: serde_json::to_string(&cards_context).unwrap_or_default(),
    };
    cards
        .context
        .insert_value("cards", Value::from_serializable(&cards_context));
    (cards, warnings)
}

/// The print index, from the issues' listings. The site's paper is checked
/// here, once, not once per bulletin using it.
fn index_page(site: &Site, shared: &Shared) -> Result<PageJob> {
    let print = &site.config.print;
    if let Err(m) = Paper::parse(&print.paper, &print.orientation)
        && dated_bulletins(site).iter().any(|b| {
            let fm = &site.entry(*b).item.fm;
            fm.paper.is_none() || fm.orientation.is_none()
        })
    {
        return Err(Failure::one(hints::bad_paper(site, None, m)));
    }
    let mut months: Vec<Value> = Vec::with_capacity(shared.listings.len());
    let mut key = format!("{} ", site.index.of_kind(Kind::Contact).len());
    for listing in &shared.listings {
        let listing = listing.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(l) = listing.as_ref() {
            months.push(l.row.clone());
            use std::fmt::Write as _;
            let _ = write!(key, "{:016x}", l.fingerprint);
        }
    }
    let mut index = PageJob::new(INDEX_PATH, "print_index.html", "打印宣传栏");
    let contact_count = site.index.of_kind(Kind::Contact).len();
    // Made again after every issue's recipe; rendered when what it lists changed.
    index.deps = Deps::Entries {
        entries: Vec::new(),
        key,
    };
    index.context.insert_value("months", Value::from(months));
    index.context.insert("cards_path", cards::PATH);
    index.context.insert("contact_count", &contact_count);
    Ok(index)
}

fn boards(site: &Site, values: &EntryValues) -> Boards {
    let targets: Vec<Option<usize>> = std::iter::once(None)
        .chain(site.index.of_kind(Kind::Building).iter().map(|b| Some(*b)))
        .collect();
    let mut ids: HashMap<Vec<usize>, usize> = HashMap::new();
    let mut contact_lists = Vec::new();
    let mut places = Vec::with_capacity(targets.len());
    let labels = &site.config.labels;
    for building in targets {
        let list = boxes::contacts_for(site, building);
        let next = contact_lists.len();
        let id = *ids.entry(list.clone()).or_insert(next);
        if id == next {
            contact_lists.push(list);
        }
        let (top, line) = masthead(site, building);
        let item = building.map(|b| &site.entry(b).item);
        places.push(Place {
            building,
            top_value: Value::from(top.as_str()),
            line_value: line.as_deref().map_or(Value::none(), Value::from),
            path_value: item.map_or(Value::none(), |i| Value::from(i.url_path())),
            title_suffix: match item {
                Some(b) => format!(" · {} · {}", b.title, labels.building_board),
                None => format!(" · {}", labels.bulletins),
            },
            top,
            line,
            contacts: id,
        });
    }
    let contact_boxes = contact_lists
        .iter()
        .map(|l| boxes::contact_box(site, values, l))
        .collect();
    Boards {
        places,
        contact_boxes,
        contact_lists,
        hotlines: boxes::hotline_box(site),
        qr: qr_codes(site),
    }
}

/// The top line and (for a building) the building line of a sheet.
fn masthead(site: &Site, building: Option<usize>) -> (String, Option<String>) {
    use std::fmt::Write as _;
    let labels = &site.config.labels;
    match building {
        Some(x) => {
            let item = &site.entry(x).item;
            let bf = &item.fm;
            let mut top = bf.community.clone().unwrap_or_default();
            if let Some(g) = &bf.group {
                top = format!("{top} · {g}");
            }
            let mut line = item.title.clone();
            if let Some(o) = &bf.officer {
                let _ = write!(line, " · {}：{o}", labels.officer);
            }
            if let Some(place) = &bf.board {
                let _ = write!(line, " · 位置：{place}");
            }
            (format!("{top} · {}", labels.building_board), Some(line))
        }
        None => (
            format!("{} · {}", communities(site), labels.bulletins),
            None,
        ),
    }
}

/// Entry → the file of its QR code and the first dated bulletin featuring
/// it (whose recipe draws it), for every featured entry with a page (none
/// without a full `base_url`).
pub type QrCodes = HashMap<usize, (String, usize)>;

fn qr_codes(site: &Site) -> QrCodes {
    let mut codes = HashMap::new();
    if qr::is_absolute(&site.config.base_url) {
        for b in dated_bulletins(site) {
            for i in site.featured(b) {
                let item = &site.entry(i).item;
                // A QR code holds at most 2,331 bytes at level M.
                let url_len = site.config.base_url.len() + item.url_path().len();
                if item.kind.has_own_page() && url_len < 2000 {
                    codes.entry(i).or_insert_with(|| (qr::file_path(item), b));
                }
            }
        }
    }
    codes
}

/// The QR code files a build writes (`print/qr/explainers-gaokong.svg`),
/// for the link check's list of published files.
pub fn qr_files(site: &Site) -> Vec<String> {
    let mut files: Vec<String> = qr_codes(site).into_values().map(|(p, _)| p).collect();
    files.sort();
    files
}

/// One SVG file per QR code (entry, file), drawn in parallel.
fn qr_jobs(site: &Site, mut list: Vec<(usize, String)>) -> Vec<PageJob> {
    list.sort();
    list.par_iter()
        .filter_map(|(i, path)| {
            let item = &site.entry(*i).item;
            let url = crate::urls::absolute(&site.config.base_url, &item.url_path());
            let svg = qr::svg(&url, &format!("{QR_LABEL}：{}", item.title))?;
            let mut job = PageJob::new(path, "print_qr.svg", &item.title);
            let mut m = Map::new();
            m.insert("svg".into(), Value::from(svg));
            m.insert("url".into(), Value::from(url.as_str()));
            job.context.insert_value("qr", Value::from(m));
            job.deps = Deps::Entries {
                entries: vec![*i],
                key: url,
            };
            Some(job)
        })
        .collect()
}

/// One warning per issue whose sheets had to be shortened.
fn shortened_warning(bulletin: &crate::content::Item, issue: &sheets::IssueSheets) -> Diagnostic {
    let mut cuts: Vec<&str> = Vec::new();
    for (_, c) in &issue.shortened {
        for x in c {
            if !cuts.contains(x) {
                cuts.push(x);
            }
        }
    }
    let total = issue.jobs.len();
    let n = issue.shortened.len();
    let which = if n == total {
        if n == 1 {
            "its sheet".to_string()
        } else {
            format!("all {n} sheets")
        }
    } else {
        let names: Vec<&str> = issue
            .shortened
            .iter()
            .take(4)
            .map(|(p, _)| p.as_str())
            .collect();
        let more = if n > 4 {
            format!(" and {} more", n - 4)
        } else {
            String::new()
        };
        format!("{n} of its {total} sheets (/{}{more})", names.join(", /"))
    };
    Diagnostic::warning(
        &bulletin.source,
        format!(
            "the print sheets of {} were shortened to fit {}: {which}: {}",
            issue.month,
            issue.paper,
            cuts.join("；")
        ),
    )
    .with_hint("the sheet shows the full text through its QR codes; to print everything, shorten the texts or use larger paper")
}
