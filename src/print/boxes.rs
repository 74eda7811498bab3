//! The boxes of a sheet that do not come from the bulletin: which contacts
//! a board shows (the community's own lawyer first), this and next month's
//! lectures, the hotlines, the laws the items cite, and the footer.

use chrono::{Datelike, NaiveDate};
use std::fmt::Write as _;

use super::parts::{BoxEntry, BoxText, Contacts};
use crate::content::Kind;
use crate::render::values::EntryValues;
use crate::site::Site;
use crate::site::dates::day_zh;

/// Contacts in a sheet's contact box (the full list is on /contacts/ and
/// the contact cards).
pub const MAX_SHEET_CONTACTS: usize = 4;
/// Hotlines kept when the box must be cut down.
const ESSENTIAL_HOTLINES: [&str; 3] = ["12348", "110", "96110"];
/// Laws, and articles of each, listed in the laws box.
const MAX_LAWS: usize = 6;
const MAX_ARTICLES: usize = 3;

/// Roles that give legal help; the first two are the community's lawyer.
const LAWYER_ROLES: [&str; 2] = ["律师", "法律顾问"];
const LEGAL_ROLES: [&str; 5] = ["公证", "调解", "法律援助", "法官", "法律服务"];

fn is_lawyer(role: &str) -> bool {
    LAWYER_ROLES.iter().any(|r| role.contains(r))
}

fn is_legal(role: &str) -> bool {
    is_lawyer(role) || LEGAL_ROLES.iter().any(|r| role.contains(r))
}

/// The contacts a sheet shows, best first: for a building, those serving
/// its community; for the group-board sheet (`building` `None`), everyone.
/// First the lawyers named for the community (on the group sheet the first
/// lawyer of each community before any second one), then contacts named
/// for the building, then other legal roles (notary, mediator…), then
/// those whose phone may be printed, each group in file order.
pub fn contacts_for(site: &Site, building: Option<usize>) -> Vec<usize> {
    let community = building.and_then(|b| site.entry(b).item.fm.community.clone());
    let building_id = building.map(|b| site.entry(b).item.id.as_str());
    let all = site.index.of_kind(Kind::Contact);
    let mut lawyers_seen: Vec<String> = Vec::new();
    let mut ranked: Vec<((u8, usize, usize), usize)> = Vec::new();
    for (order, &c) in all.iter().enumerate() {
        let item = &site.entry(c).item;
        let served = &item.fm.communities;
        if let Some(name) = &community
            && !served.is_empty()
            && !served.contains(name)
        {
            continue;
        }
        let role = item.fm.role.as_deref().unwrap_or("");
        let named_here = match &community {
            Some(name) => served.contains(name),
            None => !served.is_empty(),
        };
        let rank = if is_lawyer(role) && named_here {
            // The how-many-th lawyer of its community this is.
            let nth = served
                .iter()
                .filter(|s| community.as_ref().is_none_or(|c| c == *s))
                .map(|s| lawyers_seen.iter().filter(|x| *x == s).count())
                .min()
                .unwrap_or(0);
            lawyers_seen.extend(served.iter().cloned());
            (0, nth, order)
        } else if building_id.is_some_and(|id| item.building_ids().any(|b| b == id)) {
            (1, 0, order)
        } else if is_legal(role) {
            (2, 0, order)
        } else if item.fm.publish_phone {
            (3, 0, order)
        } else {
            (4, 0, order)
        };
        ranked.push((rank, c));
    }
    ranked.sort();
    ranked
        .into_iter()
        .take(MAX_SHEET_CONTACTS)
        .map(|(_, c)| c)
        .collect()
}

/// The contact box of `chosen`. Phones come from the template values,
/// which hold a phone only when the contact publishes it.
pub fn contact_box(site: &Site, values: &EntryValues, chosen: &[usize]) -> Contacts {
    let heading = site.config.labels.contacts.clone();
    let mut full = BoxText {
        heading: heading.clone(),
        entries: Vec::new(),
    };
    let mut short = full.clone();
    for &c in chosen {
        let v = values.get(c);
        let field = |k: &str| {
            v.get_from_path(k)
                .and_then(|x| x.as_str())
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let name = field("name").unwrap_or_default();
        let role = field("role");
        let phone = field("phone").map(|p| format!("电话 {p}"));
        let long: Vec<String> = [role.clone(), field("organization"), field("hours")]
            .into_iter()
            .flatten()
            .collect();
        full.entries
            .push(BoxEntry::new(&name, &long.join(" · ")).with_phone(phone.clone()));
        let brief = match &phone {
            Some(_) => role.unwrap_or_default(),
            None => [role, field("hours")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · "),
        };
        short
            .entries
            .push(BoxEntry::new(&name, &brief).with_phone(phone));
    }
    Contacts { full, short }
}

/// This month's and next month's lectures meant for `building` (all of
/// them on the group-board sheet), earliest first.
pub fn lectures_for(site: &Site, date: NaiveDate, building: Option<usize>) -> Vec<usize> {
    let next = date
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(date);
    let months = [(date.year(), date.month()), (next.year(), next.month())];
    let building_id = building.map(|b| site.entry(b).item.id.as_str());
    let mut list: Vec<usize> = site
        .index
        .of_kind(Kind::Lecture)
        .iter()
        .copied()
        .filter(|i| {
            let item = &site.entry(*i).item;
            item.date
                .is_some_and(|d| months.contains(&(d.year(), d.month())))
                && building_id.is_none_or(|b| item.is_for_building(b))
        })
        .collect();
    list.sort_by_key(|i| site.entry(*i).item.date);
    list
}

pub fn lecture_box(site: &Site, lectures: &[usize]) -> BoxText {
    let mut entries: Vec<BoxEntry> = lectures
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
            BoxEntry::new(&when, &what)
        })
        .collect();
    if entries.is_empty() {
        entries.push(BoxEntry::new("", "近两个月暂无讲座，敬请关注。"));
    }
    BoxText {
        heading: format!("{}（本月及下月）", site.config.labels.lectures),
        entries,
    }
}

pub fn hotline_box(site: &Site) -> BoxText {
    BoxText {
        heading: "求助热线".into(),
        entries: site
            .config
            .hotlines
            .iter()
            .map(|h| {
                let mut e = BoxEntry::new(&h.number, &h.name);
                e.essential = ESSENTIAL_HOTLINES.contains(&h.number.as_str());
                e
            })
            .collect(),
    }
}

/// The laws the bulletin and the items on a sheet cite, in order of first
/// mention (from the law index, [`crate::laws::board`]), as one line:
/// `《民法典》第1254条、第1165条　《刑法》第291条之二`. A repealed law read
/// after its repeal carries its note (已废止，现行规定见…).
pub fn laws_line(site: &Site, bulletin: usize, items: &[usize]) -> Option<String> {
    let laws = crate::laws::board::board_laws(&site.laws, &site.entries, bulletin, items);
    let parts: Vec<String> = laws
        .iter()
        .take(MAX_LAWS)
        .map(|law| {
            let mut s = format!("《{}》", law.short);
            let shown: Vec<&str> = law
                .articles
                .iter()
                .take(MAX_ARTICLES)
                .map(String::as_str)
                .collect();
            s.push_str(&shown.join("、"));
            if law.articles.len() > MAX_ARTICLES {
                s.push('等');
            }
            if let Some(note) = &law.note {
                s.push_str(&format!("（{note}）"));
            }
            s
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("　"))
}

/// 负责人, 撰稿, 审稿, the posting date and the site's address.
pub fn footer(site: &Site, bulletin: usize, posted: NaiveDate) -> String {
    let labels = &site.config.labels;
    let fm = &site.entry(bulletin).item.fm;
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
    parts.push(format!("张贴日期：{}", day_zh(posted)));
    if super::qr::is_absolute(&site.config.base_url) {
        parts.push(format!("网址：{}", site.config.base_url));
    }
    parts.join("　")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lawyers_and_legal_roles_are_told_apart() {
        assert!(is_lawyer("律师") && is_lawyer("社区法律顾问"));
        assert!(!is_lawyer("公证员") && is_legal("公证员") && is_legal("人民调解员"));
        assert!(!is_legal("普法志愿者") && !is_legal("社区民警"));
    }
}
