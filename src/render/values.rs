//! Template data for each entry, built once per build and shared by every
//! page that shows the entry (Tera values are reference-counted, so putting
//! an entry in a hundred lists costs a hundred pointer copies, not a hundred
//! serialisations).
//!
//! Privacy lives here: a contact's phone enters template data only when the
//! contact says `publish_phone: true`, so no template can leak it.

use rayon::prelude::*;
use serde_json::{Map, Value as Json, json};
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
        attach_featured(site, &mut values);
        let html = site
            .entries
            .par_iter()
            .map(|e| Value::safe_string(&e.html))
            .collect();
        EntryValues {
            values,
            html,
            inputs,
        }
    }

    /// The values after an edit, reusing `old` where nothing they are made
    /// of changed. `previous[i]` is entry `i`'s position in the site `old`
    /// was built for (`None` if new), `touched[i]` says its file changed.
    /// Also returns, for each entry, whether its value or HTML may differ.
    pub fn update(
        site: &Site,
        old: &EntryValues,
        previous: &[Option<usize>],
        touched: &[bool],
    ) -> (EntryValues, Vec<bool>) {
        let inputs = Inputs::of(site);
        let stale_topics = differing(&old.inputs.topics, &inputs.topics);
        let stale_audiences = differing(&old.inputs.audiences, &inputs.audiences);
        let stale_buildings = differing(&old.inputs.names.buildings, &inputs.names.buildings);
        let stale_contacts = differing(&old.inputs.names.contacts, &inputs.names.contacts);
        let results: Vec<(Value, Value, bool)> = (0..site.entries.len())
            .into_par_iter()
            .map(|i| {
                let e = site.entry(i);
                let fm = &e.item.fm;
                let reuse = previous[i].filter(|p| {
                    !touched[i]
                        && same_laws(&old.values[*p], site, &inputs, i)
                        && fm.featured.is_none()
                        && !fm.topics.iter().any(|t| stale_topics.contains(t.trim()))
                        && !fm
                            .audiences
                            .iter()
                            .any(|t| stale_audiences.contains(t.trim()))
                        && !e.item.building_ids().any(|b| stale_buildings.contains(b))
                        && !fm
                            .speaker
                            .as_ref()
                            .is_some_and(|s| stale_contacts.contains(s.value.as_str()))
                });
                match reuse {
                    Some(p) => (old.values[p].clone(), old.html[p].clone(), false),
                    None => {
                        let value = base_value(site, &inputs, i);
                        let html = Value::safe_string(&e.html);
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
        attach_featured(site, &mut values);
        for (i, e) in site.entries.iter().enumerate() {
            if e.item.fm.featured.is_some() && !touched[i] {
                changed[i] = previous[i].is_none_or(|p| old.values[p] != values[i]);
            }
        }
        (
            EntryValues {
                values,
                html,
                inputs,
            },
            changed,
        )
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
    let mut json = entry_json(
        site.entry(i),
        &inputs.names,
        &inputs.topics,
        &inputs.audiences,
    );
    let (refs, notices) = law_fields(site, inputs, i);
    json["law_refs"] = refs;
    json["law_notices"] = notices;
    Value::from_serializable(&json)
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
fn attach_featured(site: &Site, values: &mut [Value]) {
    for (i, e) in site.entries.iter().enumerate() {
        let Some(featured) = &e.item.fm.featured else {
            continue;
        };
        let items: Vec<Value> = featured
            .iter()
            .filter_map(|f| site.index.by_ref.get(f.value.trim_end_matches(".md")))
            .map(|j| values[*j].clone())
            .collect();
        if let Some(map) = values[i].as_map() {
            let mut map = map.clone();
            map.insert("featured".into(), Value::from(items));
            values[i] = Value::from(map);
        }
    }
}

/// Display names of buildings and contacts, for references.
struct Names {
    buildings: HashMap<String, Json>,
    contacts: HashMap<String, Json>,
}

impl Names {
    fn of(site: &Site) -> Names {
        let mut buildings = HashMap::new();
        let mut contacts = HashMap::new();
        for e in &site.entries {
            let item = &e.item;
            let short = json!({
                "id": item.id,
                "name": item.title,
                "path": item.url_path(),
                "role": item.fm.role,
                "organization": item.fm.organization,
                "community": item.fm.community,
            });
            match item.kind {
                Kind::Building => {
                    buildings.insert(item.id.clone(), short);
                }
                Kind::Contact => {
                    contacts.insert(item.id.clone(), short);
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

fn links(names: &[String], paths: &HashMap<String, String>) -> Json {
    Json::Array(
        names
            .iter()
            .filter_map(|n| {
                paths
                    .get(n.trim())
                    .map(|p| json!({"name": n.trim(), "path": p}))
            })
            .collect(),
    )
}

fn entry_json(
    e: &Entry,
    names: &Names,
    topics: &HashMap<String, String>,
    audiences: &HashMap<String, String>,
) -> Json {
    let item = &e.item;
    let fm = &item.fm;
    let mut m = Map::new();
    let mut put = |k: &str, v: Json| {
        m.insert(k.to_string(), v);
    };
    put("kind", json!(item.kind));
    put("kind_name", json!(item.kind.name_zh()));
    put("section", json!(item.kind.folder()));
    put("id", json!(item.id));
    put("ref", json!(item.reference()));
    put("slug", json!(item.slug));
    put("path", json!(item.url_path()));
    put("title", json!(item.title));
    put("summary", json!(e.summary));
    put("date", json!(item.date.map(|d| d.to_string())));
    put("date_zh", json!(item.date.map(day_zh)));
    put("updated", json!(item.updated.map(|d| d.to_string())));
    put("updated_zh", json!(item.updated.map(day_zh)));
    put("topics", links(&fm.topics, topics));
    put("audiences", links(&fm.audiences, audiences));
    put(
        "buildings",
        Json::Array(
            item.building_ids()
                .filter_map(|b| names.buildings.get(b).cloned())
                .collect(),
        ),
    );
    put("laws", json!(fm.laws));
    put("author", json!(fm.author));
    put("reviewers", json!(fm.reviewers));
    put("draft", json!(fm.draft));
    put("extra", json!(fm.extra));
    put("reading_minutes", json!(e.reading_minutes()));
    put("chars", json!(e.chars));
    put(
        "source",
        json!(item.source.to_string_lossy().replace('\\', "/")),
    );
    kind_fields(item, names, &mut m);
    if item.kind == Kind::Contact {
        // A contact has no page of its own: its text (services, how to
        // reach them) is shown on /contacts/ as `c.content | safe`.
        m.insert("content".to_string(), json!(e.html));
    }
    Json::Object(m)
}

fn kind_fields(item: &Item, names: &Names, m: &mut Map<String, Json>) {
    let fm = &item.fm;
    let mut put = |k: &str, v: Json| {
        m.insert(k.to_string(), v);
    };
    match item.kind {
        Kind::Explainer => put("key_points", json!(fm.key_points)),
        Kind::Case => put("case_source", json!(fm.source)),
        Kind::Bulletin => {
            let (year, month) = item.date.map_or((0, 0), |d| (d.year(), d.month()));
            put("month", json!(item.slug));
            put("month_zh", json!(month_zh(year, month)));
            put("year", json!(year));
            put("issue", json!(fm.issue));
            put(
                "issue_label",
                json!(format!("{year}年第{}期", fm.issue.unwrap_or_default())),
            );
            put("total_issue", json!(fm.total_issue));
            put("theme", json!(fm.theme));
            put("keeper", json!(fm.keeper));
            if let Some(d) = item.date {
                let sheet =
                    crate::print::sheets::sheet_path(&crate::print::sheets::month_key(d), None);
                put("sheet", json!(sheet));
            }
            put("featured", json!([]));
        }
        Kind::Book => {
            put("book_author", json!(fm.author));
            put("publisher", json!(fm.publisher));
            put("year", json!(fm.year));
            put("isbn", json!(fm.isbn.as_ref().map(|i| &i.value.0)));
            put(
                "category",
                json!(fm.category.clone().unwrap_or_else(|| "未分类".into())),
            );
            put("shelf", json!(fm.shelf.as_ref().map(|s| &s.0)));
            put("copies", json!(fm.copies));
            let format = fm.format.as_ref().map_or("book", |f| f.value.as_str());
            put("format", json!(format));
            put("is_periodical", json!(format == "periodical"));
            put("superseded", json!(fm.superseded));
        }
        Kind::Lecture => {
            put("time", json!(fm.time.as_ref().map(|t| &t.0)));
            put("place", json!(fm.place));
            let speaker = fm
                .speaker
                .as_ref()
                .and_then(|s| names.contacts.get(&s.value).cloned());
            put("speaker", speaker.unwrap_or(Json::Null));
        }
        Kind::Contact => {
            put("name", json!(item.title));
            put("role", json!(fm.role));
            put("organization", json!(fm.organization));
            let phone = fm.phone.as_ref().filter(|_| fm.publish_phone).map(|p| &p.0);
            put("phone", json!(phone));
            put("hours", json!(fm.hours));
            put("communities", json!(fm.communities));
        }
        Kind::Building => {
            put("name", json!(item.title));
            put("community", json!(fm.community));
            put("group", json!(fm.group));
            put("officer", json!(fm.officer));
            put("board", json!(fm.board));
            put("households", json!(fm.households));
        }
        Kind::Page => {}
    }
}
