//! Board sheets: for every bulletin issue one sheet for the residents'
//! group boards (`print/YYYY-MM/`) and one per building
//! (`print/YYYY-MM/BUILDING/`), each fitted to its paper or reported.

use chrono::{Datelike, NaiveDate};
use serde_json::{Value as Json, json};
use std::fmt::Write as _;
use std::path::Path;

use super::fit::{self, Body, BoxText, Fitted, ItemText, SheetText};
use super::paper::Paper;
use super::qr;
use super::scale::Scale;
use crate::config::Config;
use crate::content::Kind;
use crate::diagnostic::Diagnostic;
use crate::render::values::EntryValues;
use crate::site::Site;
use crate::site::dates::{day_zh, month_zh};

/// `2023-05`: the folder of a bulletin's sheets.
pub fn month_key(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

/// Page path of a sheet: `print/2023-05/` or `print/2023-05/qh-03/`.
pub fn sheet_path(month: &str, building: Option<&str>) -> String {
    match building {
        Some(b) => format!("print/{month}/{b}/"),
        None => format!("print/{month}/"),
    }
}

/// One sheet, ready for the template.
pub struct Sheet {
    pub path: String,
    pub month: String,
    pub title: String,
    /// Building name for building sheets.
    pub building: Option<String>,
    pub paper: Paper,
    pub context: Json,
}

/// The paper a bulletin is printed on: its own `paper`/`orientation`, else `[print]`.
pub fn paper_of(site: &Site, bulletin: usize) -> Result<Paper, Diagnostic> {
    let item = &site.entry(bulletin).item;
    let print = &site.config.print;
    let paper = item.fm.paper.as_deref().unwrap_or(&print.paper);
    let orientation = item.fm.orientation.as_deref().unwrap_or(&print.orientation);
    let own = item.fm.paper.is_some() || item.fm.orientation.is_some();
    Paper::parse(paper, orientation).map_err(|message| {
        let path: &Path = if own {
            &item.source
        } else {
            Path::new(crate::config::CONFIG_FILE)
        };
        Diagnostic::error(path, message)
            .with_hint("e.g. paper: A3 (or A4, 600x800mm) and orientation: portrait")
    })
}

/// Every sheet of `bulletin`: the group-board sheet, then one per building.
pub fn for_bulletin(
    site: &Site,
    values: &EntryValues,
    bulletin: usize,
) -> Result<Vec<Sheet>, Vec<Diagnostic>> {
    let entry = site.entry(bulletin);
    let Some(date) = entry.item.date else {
        return Ok(Vec::new());
    };
    let paper = paper_of(site, bulletin).map_err(|d| vec![d])?;
    let scale = Scale::for_paper(&paper);
    let month = month_key(date);
    let featured: Vec<usize> = entry
        .item
        .fm
        .featured
        .iter()
        .flatten()
        .filter_map(|f| {
            site.index
                .by_ref
                .get(f.value.trim_end_matches(".md"))
                .copied()
        })
        .collect();
    let mut sheets = Vec::new();
    let mut problems = Vec::new();
    let plan = Plan {
        site,
        values,
        bulletin,
        date,
        month: &month,
        paper: &paper,
        scale: &scale,
    };
    let mut targets: Vec<Option<usize>> = vec![None];
    targets.extend(site.index.of_kind(Kind::Building).iter().map(|b| Some(*b)));
    for target in targets {
        let items: Vec<usize> = featured
            .iter()
            .copied()
            .filter(|i| {
                target.is_none_or(|b| site.entry(*i).item.is_for_building(&site.entry(b).item.id))
            })
            .collect();
        match plan.sheet(target, &items) {
            Ok(s) => sheets.push(s),
            Err(d) => problems.push(d),
        }
    }
    if problems.is_empty() {
        Ok(sheets)
    } else {
        Err(problems)
    }
}

struct Plan<'a> {
    site: &'a Site,
    values: &'a EntryValues,
    bulletin: usize,
    date: NaiveDate,
    month: &'a str,
    paper: &'a Paper,
    scale: &'a Scale,
}

impl Plan<'_> {
    fn config(&self) -> &Config {
        &self.site.config
    }

    fn sheet(&self, building: Option<usize>, items: &[usize]) -> Result<Sheet, Diagnostic> {
        let site = self.site;
        let b = &site.entry(self.bulletin).item;
        let labels = &self.config().labels;
        let path = sheet_path(
            self.month,
            building.map(|x| site.entry(x).item.slug.as_str()),
        );
        let text = self.text(building, items);
        // A sheet with fewer items than columns gives each item more width.
        let mut scale = self.scale.clone();
        scale.columns = scale.columns.min(items.len().max(1));
        let scale = &scale;
        let fitted = fit::fit(&text, scale).map_err(|over| {
            let tallest = over
                .tallest
                .map(|i| format!("the title or summary of `{}` (the tallest item), ", site.entry(items[i]).item.reference()))
                .unwrap_or_default();
            Diagnostic::error(
                &b.source,
                format!(
                    "the print sheet /{path} does not fit on {}: about {:.0} mm too tall even with every summary cut to 3 lines",
                    self.paper,
                    over.excess.ceil()
                ),
            )
            .with_hint(format!(
                "shorten {tallest}feature fewer items (now {}), or print on larger paper (e.g. `paper: A3` in this bulletin or [print] in site.toml)",
                items.len()
            ))
        })?;
        let building_name = building.map(|x| site.entry(x).item.title.clone());
        let title = match &building_name {
            Some(n) => format!("{} · {} · {}", text.title, n, labels.board),
            None => format!("{} · {}", text.title, labels.bulletins),
        };
        let context = self.context(&path, &text, &fitted, building, items, scale);
        Ok(Sheet {
            path,
            month: self.month.to_string(),
            title,
            building: building_name,
            paper: self.paper.clone(),
            context,
        })
    }

    /// The texts of the sheet, before fitting.
    fn text(&self, building: Option<usize>, items: &[usize]) -> SheetText {
        let site = self.site;
        let config = self.config();
        let labels = &config.labels;
        let entry = site.entry(self.bulletin);
        let fm = &entry.item.fm;
        let with_qr = qr::is_absolute(&config.base_url);
        let (top, building_line) = match building {
            Some(x) => {
                let bf = &site.entry(x).item.fm;
                let mut top = bf.community.clone().unwrap_or_default();
                if let Some(g) = &bf.group {
                    top = format!("{top} · {g}");
                }
                let mut line = site.entry(x).item.title.clone();
                if let Some(o) = &bf.officer {
                    let _ = write!(line, " · {}：{o}", labels.officer);
                }
                if let Some(place) = &bf.board {
                    let _ = write!(line, " · {}位置：{place}", labels.board);
                }
                (format!("{top} · {}", labels.board), Some(line))
            }
            None => (
                format!("{} · {}", self.communities(), labels.bulletins),
                None,
            ),
        };
        let mut issue = format!("{}年第{}期", self.date.year(), fm.issue.unwrap_or_default());
        if let Some(n) = fm.total_issue {
            let _ = write!(issue, " · 总第{n}期");
        }
        let _ = write!(
            issue,
            " · {}",
            month_zh(self.date.year(), self.date.month())
        );
        SheetText {
            top,
            building: building_line,
            title: entry.item.title.clone(),
            issue,
            theme: fm.theme.as_ref().map(|t| format!("本期主题：{t}")),
            lead: entry.summary.clone(),
            items: items
                .iter()
                .map(|i| {
                    let e = site.entry(*i);
                    ItemText {
                        kind: e.item.kind.name_zh().to_string(),
                        title: e.item.title.clone(),
                        summary: e.summary.clone(),
                        key_points: e.item.fm.key_points.clone(),
                        qr: with_qr && e.item.kind.has_own_page(),
                    }
                })
                .collect(),
            boxes: vec![self.lectures(), self.hotlines()],
            contacts: self.contacts(building, false),
            contacts_short: self.contacts(building, true),
            footer: self.footer(),
        }
    }

    /// The communities the site's buildings belong to, or the site title.
    fn communities(&self) -> String {
        let mut names: Vec<String> = self
            .site
            .index
            .of_kind(Kind::Building)
            .iter()
            .filter_map(|b| self.site.entry(*b).item.fm.community.clone())
            .collect();
        names.sort();
        names.dedup();
        if names.is_empty() {
            self.config().title.clone()
        } else {
            names.join("、")
        }
    }

    /// This month's and next month's lectures, earliest first.
    fn lectures(&self) -> BoxText {
        let site = self.site;
        let next = self
            .date
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(self.date);
        let months = [month_key(self.date), month_key(next)];
        let mut list: Vec<usize> = site
            .index
            .of_kind(Kind::Lecture)
            .iter()
            .copied()
            .filter(|i| {
                site.entry(*i)
                    .item
                    .date
                    .is_some_and(|d| months.contains(&month_key(d)))
            })
            .collect();
        list.sort_by_key(|i| site.entry(*i).item.date);
        let entries: Vec<(String, String)> = list
            .iter()
            .map(|i| {
                let item = &site.entry(*i).item;
                let fm = &item.fm;
                let mut when = item
                    .date
                    .map(|d| format!("{}月{}日", d.month(), d.day()))
                    .unwrap_or_default();
                if let Some(t) = &fm.time {
                    let _ = write!(when, " {}", t.0);
                }
                let mut what = item.title.clone();
                let mut more = Vec::new();
                if let Some(p) = &fm.place {
                    more.push(p.clone());
                }
                if let Some(s) = &fm.speaker {
                    let name = site
                        .index
                        .by_ref
                        .get(&format!("contacts/{}", s.value))
                        .map_or_else(|| s.value.clone(), |c| site.entry(*c).item.title.clone());
                    more.push(format!("主讲：{name}"));
                }
                if !more.is_empty() {
                    let _ = write!(what, "（{}）", more.join("，"));
                }
                (when, what)
            })
            .collect();
        let entries = if entries.is_empty() {
            vec![(String::new(), "近两个月暂无讲座，敬请关注。".to_string())]
        } else {
            entries
        };
        BoxText {
            heading: format!("{}（本月及下月）", self.config().labels.lectures),
            entries,
            columns: 1,
        }
    }

    fn hotlines(&self) -> BoxText {
        BoxText {
            heading: "求助热线".into(),
            entries: self
                .config()
                .hotlines
                .iter()
                .map(|h| (h.number.clone(), h.name.clone()))
                .collect(),
            columns: self.scale.contact_columns.min(2),
        }
    }

    /// Contacts serving the building's community (all of them on the
    /// group-board sheet). Phones come from the template values, which hold
    /// a phone only when the contact publishes it.
    fn contacts(&self, building: Option<usize>, short: bool) -> BoxText {
        let site = self.site;
        let community = building.and_then(|b| site.entry(b).item.fm.community.clone());
        let entries = site
            .index
            .of_kind(Kind::Contact)
            .iter()
            .filter(|c| {
                let served = &site.entry(**c).item.fm.communities;
                community
                    .as_ref()
                    .is_none_or(|name| served.is_empty() || served.contains(name))
            })
            .map(|c| {
                let v = self.values.get(*c);
                let field = |k: &str| {
                    v.get_from_path(k)
                        .and_then(|x| x.as_str())
                        .filter(|s| !s.trim().is_empty())
                        .map(str::to_string)
                };
                let mut parts: Vec<String> = Vec::new();
                parts.extend(field("role"));
                let phone = field("phone").map(|p| format!("电话 {p}"));
                if short {
                    parts.extend(phone.or_else(|| field("hours")));
                } else {
                    parts.extend(field("organization"));
                    parts.extend(field("hours"));
                    parts.extend(phone);
                }
                (field("name").unwrap_or_default(), parts.join(" · "))
            })
            .collect();
        BoxText {
            heading: self.config().labels.contacts.clone(),
            entries,
            columns: self.scale.contact_columns,
        }
    }

    fn footer(&self) -> String {
        let labels = &self.config().labels;
        let fm = &self.site.entry(self.bulletin).item.fm;
        let mut parts = Vec::new();
        if let Some(k) = &fm.keeper {
            parts.push(format!("{}：{k}", labels.keeper));
        }
        if let Some(a) = &fm.author {
            parts.push(format!("{}：{a}", labels.author));
        }
        if !fm.reviewers.is_empty() {
            parts.push(format!("{}：{}", labels.reviewers, fm.reviewers.join("、")));
        }
        parts.push(format!("张贴日期：{}", day_zh(self.date)));
        if qr::is_absolute(&self.config().base_url) {
            parts.push(format!("网址：{}", self.config().base_url));
        }
        parts.join("　")
    }

    /// Template data: the fitted texts, QR codes and the sheet's measures.
    fn context(
        &self,
        path: &str,
        text: &SheetText,
        fitted: &Fitted,
        building: Option<usize>,
        items: &[usize],
        scale: &Scale,
    ) -> Json {
        let site = self.site;
        let base = &self.config().base_url;
        let items: Vec<Json> = items
            .iter()
            .zip(&text.items)
            .zip(&fitted.bodies)
            .map(|((i, t), body)| {
                let e = site.entry(*i);
                let url = crate::urls::absolute(base, &e.item.url_path());
                let qr = if t.qr {
                    qr::svg(&url, &format!("{}：{}", super::QR_LABEL, t.title))
                } else {
                    None
                };
                let (summary, points) = match body {
                    Body::Summary(s) => (Some(s.clone()), None),
                    Body::Points(p) => (None, Some(p.clone())),
                };
                json!({
                    "kind": e.item.kind,
                    "kind_name": t.kind,
                    "title": t.title,
                    "path": e.item.url_path(),
                    "url": url,
                    "summary": summary,
                    "key_points": points,
                    "qr": qr,
                })
            })
            .collect();
        let boxed = |b: &BoxText| {
            json!({
                "heading": b.heading,
                "columns": b.columns,
                "entries": b.entries.iter().map(|(s, t)| json!({"strong": s, "text": t})).collect::<Vec<_>>(),
            })
        };
        let boxes: Vec<Json> = text.boxes.iter().map(boxed).collect();
        let contacts = boxed(if fitted.short_contacts {
            &text.contacts_short
        } else {
            &text.contacts
        });
        json!({
            "path": path,
            "month": self.month,
            "paper": {
                "name": self.paper.name,
                "label": self.paper.label_zh(),
                "width": self.paper.width,
                "height": self.paper.height,
                "size": format!("{}×{} 毫米", super::paper::trim_num(self.paper.width), super::paper::trim_num(self.paper.height)),
            },
            "style": style(scale),
            "top": text.top,
            "building_line": text.building,
            "building_path": building.map(|b| site.entry(b).item.url_path()),
            "bulletin_path": site.entry(self.bulletin).item.url_path(),
            "title": text.title,
            "issue": text.issue,
            "theme": text.theme,
            "lead": fitted.lead,
            "items": items,
            "boxes": boxes,
            "contacts": contacts,
            "footer": text.footer,
            "qr_label": super::QR_LABEL,
            "estimate": {
                "height": (fitted.height * 10.0).round() / 10.0,
                "budget": (fitted.budget * 10.0).round() / 10.0,
                "shortened": fitted.shortened,
            },
        })
    }
}

/// The sheet's `@page` rule and its measures as CSS custom properties.
pub fn style(s: &Scale) -> String {
    let (cw, ch) = s.content();
    let mut css = format!(
        "@page{{size:{}mm {}mm;margin:0}}\n:root{{--page-w:{}mm;--page-h:{}mm;--margin:{}mm;--content-w:{cw:.2}mm;--content-h:{ch:.2}mm;--body:{}mm;--line:{};--title:{}mm;--title-line:{};--head:{}mm;--head-line:{};--small:{}mm;--small-line:{};--gap:{}mm;--pad:{}mm;--border:{}mm;--rule:{}mm;--qr:{}mm;--qr-col:{}mm;--columns:{};--box-columns:{};--contact-columns:{}",
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
        s.contact_columns
    );
    for (name, mm) in fit::css_gaps(s) {
        let _ = write!(css, ";--{name}:{mm:.2}mm");
    }
    css.push('}');
    css
}
