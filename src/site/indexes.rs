//! Indexes over the entries, built once per build: by kind, by month, by
//! topic and audience, by building, and by reference. Pages are rendered from
//! these lists of positions, never by re-scanning the site per page.

use chrono::Datelike;
use std::collections::{BTreeMap, HashMap};

use super::Entry;
use crate::content::Kind;
use crate::content::slug::slugify;

/// A topic or audience and the entries carrying it, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub items: Vec<usize>,
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Indexes {
    pub kinds: BTreeMap<Kind, Vec<usize>>,
    /// Dated entries by (year, month), newest first within a month.
    pub months: BTreeMap<(i32, u32), Vec<usize>>,
    pub topics: Vec<Term>,
    pub audiences: Vec<Term>,
    /// The bulletin with the latest month.
    pub current_bulletin: Option<usize>,
    /// Entries (not bulletins) whose `buildings:` name the building, by building id.
    pub building_targets: BTreeMap<String, Vec<usize>>,
    /// `cases/gaokong` → position.
    pub by_ref: HashMap<String, usize>,
}

impl Indexes {
    pub fn build(entries: &[Entry]) -> Indexes {
        let kinds = super::by_kind(entries);
        let mut months: BTreeMap<(i32, u32), Vec<usize>> = BTreeMap::new();
        let mut building_targets: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut by_ref = HashMap::with_capacity(entries.len());
        for (i, e) in entries.iter().enumerate() {
            by_ref.insert(e.item.reference(), i);
            if e.item.kind.is_dated()
                && let Some(d) = e.item.date
            {
                months.entry((d.year(), d.month())).or_default().push(i);
            }
            if !matches!(e.item.kind, Kind::Bulletin | Kind::Building | Kind::Contact) {
                for b in e.item.building_ids() {
                    building_targets.entry(b.to_string()).or_default().push(i);
                }
            }
        }
        for list in months.values_mut() {
            list.sort_by(|a, b| {
                let (ea, eb) = (&entries[*a].item, &entries[*b].item);
                eb.date
                    .cmp(&ea.date)
                    .then(ea.kind.cmp(&eb.kind))
                    .then_with(|| ea.id.cmp(&eb.id))
            });
        }
        let current_bulletin = kinds
            .get(&Kind::Bulletin)
            .and_then(|list| list.iter().copied().max_by_key(|i| entries[*i].item.date));
        Indexes {
            topics: terms(entries, |e| &e.item.fm.topics),
            audiences: terms(entries, |e| &e.item.fm.audiences),
            kinds,
            months,
            current_bulletin,
            building_targets,
            by_ref,
        }
    }

    pub fn of_kind(&self, kind: Kind) -> &[usize] {
        self.kinds.get(&kind).map_or(&[], Vec::as_slice)
    }
}

/// Whether `new`, an edited version of `old`, keeps its place: the same
/// position in the site order and the same place in every index (kind,
/// id, page, date, topics, audiences, buildings). The site order and the
/// [`Indexes`] read nothing else of an item, so replacing `old` by `new`
/// leaves both as they were; `pufa serve` then skips rebuilding them.
pub fn keeps_place(old: &crate::content::Item, new: &crate::content::Item) -> bool {
    old.kind == new.kind
        && old.id == new.id
        && old.slug == new.slug
        && old.date == new.date
        && old.fm.topics == new.fm.topics
        && old.fm.audiences == new.fm.audiences
        && old.building_ids().eq(new.building_ids())
}

/// Groups entries by a list field; slugs are pinyin, made unique when two
/// names read the same (法治 / 法制 → fa-zhi, fa-zhi-2).
fn terms(entries: &[Entry], field: impl Fn(&Entry) -> &Vec<String>) -> Vec<Term> {
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        for name in field(e) {
            let name = name.trim();
            if !name.is_empty() {
                let list = by_name.entry(name.to_string()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
    }
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut terms: Vec<Term> = by_name
        .into_iter()
        .map(|(name, mut items)| {
            items.sort_by(|a, b| {
                entries[*b]
                    .item
                    .date
                    .cmp(&entries[*a].item.date)
                    .then(a.cmp(b))
            });
            let base = match slugify(&name) {
                s if s.is_empty() => "term".to_string(),
                s => s,
            };
            let n = used.entry(base.clone()).or_insert(0);
            *n += 1;
            let slug = if *n == 1 { base } else { format!("{base}-{n}") };
            Term { name, slug, items }
        })
        .collect();
    terms.sort_by(|a, b| {
        b.items
            .len()
            .cmp(&a.items.len())
            .then_with(|| a.slug.cmp(&b.slug))
    });
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explainer(fm: &str) -> crate::content::Item {
        crate::content::load::test_item(Kind::Explainer, "gaokong", fm)
    }

    #[test]
    fn a_new_title_or_law_keeps_the_place_a_new_date_or_topic_does_not() {
        let base = "title: 高空抛物\ndate: 2023-05-12\ntopics: [安全]\n";
        let old = explainer(base);
        for same in [
            "title: 高空抛物害人害己\ndate: 2023-05-12\ntopics: [安全]\n",
            "title: 高空抛物\ndate: 2023-05-12\ntopics: [安全]\nlaws: [民法典]\nsummary: 别扔东西。\n",
        ] {
            assert!(keeps_place(&old, &explainer(same)), "{same}");
        }
        for moved in [
            "title: 高空抛物\ndate: 2023-05-13\ntopics: [安全]\n",
            "title: 高空抛物\ndate: 2023-05-12\ntopics: [安全, 邻里]\n",
            "title: 高空抛物\ndate: 2023-05-12\ntopics: [安全]\naudiences: [老年人]\n",
            "title: 高空抛物\ndate: 2023-05-12\ntopics: [安全]\nslug: gao-kong\n",
        ] {
            assert!(!keeps_place(&old, &explainer(moved)), "{moved}");
        }
    }
}
