//! Template data for each entry, built once per build and shared by every
//! page that shows the entry (Tera values are reference-counted, so putting
//! an entry in a hundred lists costs a hundred pointer copies, not a hundred
//! serialisations).
//!
//! Privacy lives here: a contact's phone enters template data only when the
//! contact says `publish_phone: true`, so no template can leak it.

use rayon::prelude::*;
use serde_json::Value as Json;
use std::collections::{HashMap, HashSet};
use tera::Value;

use crate::content::{Item, Kind};
use crate::site::dates::{day_zh, month_zh};
use crate::site::{Entry, Site, Term};
use chrono::Datelike;

/// Values for every entry, indexed like `site.entries`.
pub struct EntryValues {
    pub values: Vec<Value>,
    /// Each entry's body HTML, marked safe: one copy shared by every page.
    pub html: Vec<Value>,
    inputs: Inputs,
    generation: u64,
}

/// Numbers each set of values made, so work done once per set (the print
/// boards) can tell whether it was done for these.
static GENERATIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn next_generation() -> u64 {
    GENERATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// What an entry's value is made of besides the entry itself: the pages of
/// topics and audiences, the names of buildings and contacts.
struct Inputs {
    topics: HashMap<String, String>,
    audiences: HashMap<String, String>,
    names: Names,
    /// Every law's value, for the laws each entry cites.
    laws: crate::laws::view::LawViews,
}

impl Inputs {
    fn of(site: &Site) -> Inputs {
        Inputs {
            topics: term_paths(&site.index.topics, "topics"),
            audiences: term_paths(&site.index.audiences, "audiences"),
            names: Names::of(site),
            laws: crate::laws::view::LawViews::new(&site.laws),
        }
    }
}

impl EntryValues {
    pub fn build(site: &Site) -> EntryValues {
        let inputs = Inputs::of(site);
        let mut values: Vec<Value> = (0..site.entries.len())
            .into_par_iter()
            .map(|i| base_value(site, &inputs, i))
            .collect();
        attach_featured(site, &mut values, |_| true);
        let html = site
            .entries
            .par_iter()
            .map(|e| e.body_html.clone())
            .collect();
        EntryValues {
            values,
            html,
            inputs,
            generation: next_generation(),
        }
    }

    /// A number no other set of values made by this process has.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The values after an edit, reusing `old` where nothing they are made
    /// of changed. `previous[i]` is entry `i`'s position in the site `old`
    /// was built for (`None` if new), `touched[i]` says its file changed.
    /// Also returns, for each entry, whether its value or HTML may differ.
    ///
    /// `laws_as_before` says the law index shows every law as it did (see
    /// [`crate::laws::LawIndex::fingerprint`]): then an untouched entry's
    /// law box is known to be the same without making it again.
    pub fn update(
        site: &Site,
        old: &EntryValues,
        previous: &[Option<usize>],
        touched: &[bool],
        laws_as_before: bool,
    ) -> (EntryValues, Vec<bool>) {
        let inputs = Inputs::of(site);
        let stale = Stale::between(&old.inputs, &inputs);
        let n = site.entries.len();
        // Nothing an entry's value is made of changed but the touched
        // entries themselves, and every entry is where it was: only those
        // are made again, and only the entries featuring one of them take
        // its new value.
        let in_place = laws_as_before
            && stale.is_empty()
            && old.values.len() == n
            && previous.iter().enumerate().all(|(i, p)| *p == Some(i));
        let (values, html, changed) = if in_place {
            let redo: Vec<usize> = (0..n).filter(|i| touched[*i]).collect();
            let made: Vec<(usize, Value)> = redo
                .par_iter()
                .map(|i| (*i, base_value(site, &inputs, *i)))
                .collect();
            let mut values = old.values.clone();
            let mut html = old.html.clone();
            for (i, value) in made {
                values[i] = value;
                html[i] = site.entry(i).body_html.clone();
            }
            let featuring = |i: usize| touched[i] || site.featured(i).any(|j| touched[j]);
            let attached = attach_featured(site, &mut values, featuring);
            let mut changed = touched.to_vec();
            for i in attached {
                if !touched[i] {
                    changed[i] = old.values[i] != values[i];
                }
            }
            (values, html, changed)
        } else {
            let stale = (&stale, laws_as_before);
            let (mut values, html, mut changed) =
                Self::remake(site, old, &inputs, stale, previous, touched);
            for i in attach_featured(site, &mut values, |_| true) {
                if !touched[i] {
                    changed[i] = previous[i].is_none_or(|p| old.values[p] != values[i]);
                }
            }
            (values, html, changed)
        };
        (
            EntryValues {
                values,
                html,
                inputs,
                generation: next_generation(),
            },
            changed,
        )
    }

    /// Values, HTML and whether each changed, for [`EntryValues::update`]
    /// when the site moved or what values are made of changed: each entry
    /// is asked whether anything its value shows is stale.
    fn remake(
        site: &Site,
        old: &EntryValues,
        inputs: &Inputs,
        (stale, laws_as_before): (&Stale, bool),
        previous: &[Option<usize>],
        touched: &[bool],
    ) -> (Vec<Value>, Vec<Value>, Vec<bool>) {
        let results: Vec<(Value, Value, bool)> = (0..site.entries.len())
            .into_par_iter()
            .map(|i| {
                let e = site.entry(i);
                let fm = &e.item.fm;
                let reuse = previous[i].filter(|p| {
                    !touched[i]
                        && fm.featured.is_none()
                        && (laws_as_before || same_laws(&old.values[*p], site, inputs, i))
                        && !fm.topics.iter().any(|t| stale.topics.contains(t.trim()))
                        && !fm
                            .audiences
                            .iter()
                            .any(|t| stale.audiences.contains(t.trim()))
                        && !e.item.building_ids().any(|b| stale.buildings.contains(b))
                        && !fm
                            .speaker
                            .as_ref()
                            .is_some_and(|s| stale.contacts.contains(s.value.as_str()))
                });
                match reuse {
                    Some(p) => (old.values[p].clone(), old.html[p].clone(), false),
                    None => {
                        let value = base_value(site, inputs, i);
                        let html = e.body_html.clone();
                        // Entries with featured items are compared once those are attached.
                        let changed = touched[i]
                            || fm.featured.is_some()
                            || previous[i].is_none_or(|p| old.values[p] != value);
                        (value, html, changed)
                    }
                }
            })
            .collect();
        let mut values = Vec::with_capacity(results.len());
        let mut html = Vec::with_capacity(results.len());
        let mut changed = Vec::with_capacity(results.len());
        for (v, h, c) in results {
            values.push(v);
            html.push(h);
            changed.push(c);
        }
        (values, html, changed)
    }

    pub fn get(&self, i: usize) -> Value {
        self.values[i].clone()
    }

    pub fn list(&self, positions: &[usize]) -> Value {
        Value::from(
            positions
                .iter()
                .map(|i| self.values[*i].clone())
                .collect::<Vec<_>>(),
        )
    }
}

/// The topics, audiences, buildings and contacts whose pages or names
/// differ between two builds' inputs.
struct Stale<'a> {
    topics: HashSet<&'a str>,
    audiences: HashSet<&'a str>,
    buildings: HashSet<&'a str>,
    contacts: HashSet<&'a str>,
}

impl<'a> Stale<'a> {
    fn between(old: &'a Inputs, new: &'a Inputs) -> Stale<'a> {
        Stale {
            topics: differing(&old.topics, &new.topics),
            audiences: differing(&old.audiences, &new.audiences),
            buildings: differing(&old.names.buildings, &new.names.buildings),
            contacts: differing(&old.names.contacts, &new.names.contacts),
        }
    }

    fn is_empty(&self) -> bool {
        self.topics.is_empty()
            && self.audiences.is_empty()
            && self.buildings.is_empty()
            && self.contacts.is_empty()
    }
}

/// Keys present in only one map or mapped differently.
fn differing<'a, V: PartialEq>(
    a: &'a HashMap<String, V>,
    b: &'a HashMap<String, V>,
) -> HashSet<&'a str> {
    let mut out: HashSet<&str> = a
        .iter()
        .filter(|(k, v)| b.get(*k) != Some(v))
        .map(|(k, _)| k.as_str())
        .collect();
    out.extend(b.keys().filter(|k| !a.contains_key(*k)).map(String::as_str));
    out
}

/// Entry `i`'s template value, without featured entries.
fn base_value(site: &Site, inputs: &Inputs, i: usize) -> Value {
    let mut m = entry_map(
        site.entry(i),
        &inputs.names,
        &inputs.topics,
        &inputs.audiences,
    );
    let (refs, notices) = law_fields(site, inputs, i);
    m.put("law_refs", Value::from_serializable(&refs));
    m.put("law_notices", Value::from_serializable(&notices));
    Value::from(m.0)
}

/// A template map under construction. Keys are static, so a thousand
/// entries share their key texts instead of allocating each one.
struct Fields(tera::Map);

impl Fields {
    fn put(&mut self, key: &'static str, value: impl Into<Value>) {
        self.0.insert(tera::value::Key::Str(key), value.into());
    }
}

/// `law_refs` and `law_notices` of entry `i` (see `laws::view`).
fn law_fields(site: &Site, inputs: &Inputs, i: usize) -> (Json, Json) {
    let e = site.entry(i);
    (
        inputs.laws.entry_refs(&site.laws, e, i),
        inputs.laws.entry_notices(&site.laws, e, i),
    )
}

/// Whether an old value still shows entry `i`'s laws as they are now (a law
/// named elsewhere may have changed its page, status or counts).
fn same_laws(old: &Value, site: &Site, inputs: &Inputs, i: usize) -> bool {
    let (refs, notices) = law_fields(site, inputs, i);
    let Some(map) = old.as_map() else {
        return false;
    };
    map.get(&tera::value::Key::from("law_refs")) == Some(&Value::from_serializable(&refs))
        && map.get(&tera::value::Key::from("law_notices"))
            == Some(&Value::from_serializable(&notices))
}

/// Bulletins carry their featured entries, shared by reference.
fn attach_featured(site: &Site, values: &mut [Value], which: impl Fn(usize) -> bool) -> Vec<usize> {
    let mut attached = Vec::new();
    for i in 0..site.entries.len() {
        if site.entry(i).item.fm.featured.is_none() || !which(i) {
            continue;
        }
        let items: Vec<Value> = site.featured(i).map(|j| values[j].clone()).collect();
        if let Some(map) = values[i].as_map() {
            let mut map = map.clone();
            map.insert("featured".into(), Value::from(items));
            values[i] = Value::from(map);
        }
        attached.push(i);
    }
    attached
}

/// Display names of buildings and contacts, for references.
struct Names {
    buildings: HashMap<String, Value>,
    contacts: HashMap<String, Value>,
}

impl Names {
    fn of(site: &Site) -> Names {
        let mut buildings = HashMap::new();
        let mut contacts = HashMap::new();
        for e in &site.entries {
            let item = &e.item;
            let short = || {
                let mut m = Fields(tera::Map::new());
                m.put("id", item.id.as_str());
                m.put("name", item.title.as_str());
                m.put("path", item.url_path());
                m.put("role", item.fm.role.as_deref());
                m.put("organization", item.fm.organization.as_deref());
                m.put("community", item.fm.community.as_deref());
                Value::from(m.0)
            };
            match item.kind {
                Kind::Building => {
                    buildings.insert(item.id.clone(), short());
                }
                Kind::Contact => {
                    contacts.insert(item.id.clone(), short());
                }
                _ => {}
            }
        }
        Names {
            buildings,
            contacts,
        }
    }
}

fn term_paths(terms: &[Term], section: &str) -> HashMap<String, String> {
    terms
        .iter()
        .map(|t| (t.name.clone(), format!("{section}/{}/", t.slug)))
        .collect()
}

/// Links to the term pages of `names` (each term once, in the order given).
fn links(names: &[String], paths: &HashMap<String, String>) -> Value {
    let mut seen: Vec<&str> = Vec::with_capacity(names.len());
    let list: Vec<Value> = names
        .iter()
        .filter_map(|n| {
            let name = n.trim();
            if seen.contains(&name) {
                return None;
            }
            seen.push(name);
            paths.get(name).map(|p| {
                let mut m = Fields(tera::Map::new());
                m.put("name", name);
                m.put("path", p.as_str());
                Value::from(m.0)
            })
        })
        .collect();
    Value::from(list)
}

fn strings(list: &[String]) -> Value {
    Value::from(
        list.iter()
            .map(String::as_str)
            .map(Value::from)
            .collect::<Vec<_>>(),
    )
}

fn entry_map(
    e: &Entry,
    names: &Names,
    topics: &HashMap<String, String>,
    audiences: &HashMap<String, String>,
) -> Fields {
    let item = &e.item;
    let fm = &item.fm;
    let mut m = Fields(tera::Map::with_capacity(48));
    m.put("kind", Value::from_serializable(&item.kind));
    m.put("kind_name", item.kind.name_zh());
    m.put("section", item.kind.folder());
    m.put("id", item.id.as_str());
    m.put("ref", item.reference());
    m.put("slug", item.slug.as_str());
    m.put("path", item.url_path());
    m.put("title", item.title.as_str());
    m.put("summary", e.summary.as_str());
    m.put("date", item.date.map(|d| d.to_string()));
    m.put("date_zh", item.date.map(day_zh));
    m.put("updated", item.updated.map(|d| d.to_string()));
    m.put("updated_zh", item.updated.map(day_zh));
    m.put("topics", links(&fm.topics, topics));
    m.put("audiences", links(&fm.audiences, audiences));
    let buildings: Vec<Value> = item
        .building_ids()
        .filter_map(|b| names.buildings.get(b).cloned())
        .collect();
    m.put("buildings", buildings);
    m.put("laws", strings(&fm.laws));
    m.put("author", fm.author.as_deref());
    m.put("reviewers", strings(&fm.reviewers));
    m.put("draft", fm.draft);
    m.put("extra", Value::from_serializable(&fm.extra));
    m.put("reading_minutes", e.reading_minutes());
    m.put("chars", e.chars);
    m.put("source", item.source.to_string_lossy().replace('\\', "/"));
    kind_fields(item, names, &mut m);
    if item.kind == Kind::Contact {
        // A contact has no page of its own: its text (services, how to
        // reach them) is shown on /contacts/ as `c.content` (shared, safe HTML).
        m.put("content", e.body_html.clone());
    }
    m
}

fn kind_fields(item: &Item, names: &Names, m: &mut Fields) {
    let fm = &item.fm;
    match item.kind {
        Kind::Explainer => m.put("key_points", strings(&fm.key_points)),
        Kind::Case => m.put("case_source", fm.source.as_deref()),
        Kind::Bulletin => {
            let (year, month) = item.date.map_or((0, 0), |d| (d.year(), d.month()));
            m.put("month", item.slug.as_str());
            m.put("month_zh", month_zh(year, month));
            m.put("year", year);
            m.put("issue", fm.issue);
            m.put(
                "issue_label",
                format!("{year}年第{}期", fm.issue.unwrap_or_default()),
            );
            m.put("total_issue", fm.total_issue);
            m.put("theme", fm.theme.as_deref());
            m.put("keeper", fm.keeper.as_deref());
            if let Some(d) = item.date {
                let sheet =
                    crate::print::sheets::sheet_path(&crate::print::sheets::month_key(d), None);
                m.put("sheet", sheet);
            }
            m.put("featured", Vec::<Value>::new());
        }
        Kind::Book => {
            m.put("book_author", fm.author.as_deref());
            m.put("publisher", fm.publisher.as_deref());
            m.put("year", fm.year);
            m.put("isbn", fm.isbn.as_ref().map(|i| i.value.0.as_str()));
            m.put("category", fm.category.as_deref().unwrap_or("未分类"));
            m.put("shelf", fm.shelf.as_ref().map(|s| s.0.as_str()));
            m.put("copies", fm.copies);
            let format = fm.format.as_ref().map_or("book", |f| f.value.as_str());
            m.put("format", format);
            m.put("is_periodical", format == "periodical");
            m.put("superseded", fm.superseded.as_deref());
        }
        Kind::Lecture => {
            m.put("time", fm.time.as_ref().map(|t| t.0.as_str()));
            m.put("place", fm.place.as_deref());
            let speaker = fm
                .speaker
                .as_ref()
                .and_then(|s| names.contacts.get(&s.value).cloned());
            m.put("speaker", speaker.unwrap_or_else(Value::none));
        }
        Kind::Contact => {
            m.put("name", item.title.as_str());
            m.put("role", fm.role.as_deref());
            m.put("organization", fm.organization.as_deref());
            let phone = fm
                .phone
                .as_ref()
                .filter(|_| fm.publish_phone)
                .map(|p| p.0.as_str());
            m.put("phone", phone);
            m.put("hours", fm.hours.as_deref());
            m.put("communities", strings(&fm.communities));
        }
        Kind::Building => {
            m.put("name", item.title.as_str());
            m.put("community", fm.community.as_deref());
            m.put("group", fm.group.as_deref());
            m.put("officer", fm.officer.as_deref());
            m.put("board", fm.board.as_deref());
            m.put("households", fm.households);
        }
        Kind::Page => {}
    }
}
