//! Template data for each entry, built once per build and shared by every
//! page that shows the entry (Tera values are reference-counted, so putting
//! an entry in a hundred lists costs a hundred pointer copies, not a hundred
//! serialisations).
//!
//! Privacy lives here: a contact's phone enters template data only when the
//! contact says `publish_phone: true`, so no template can leak it.

use rayon::prelude::*;
use serde_json::{Map, Value as Json, json};
use std::collections::HashMap;
use tera::Value;

use crate::content::{Item, Kind};
use crate::site::dates::{day_zh, month_zh};
use crate::site::{Entry, Site, Term};
use chrono::Datelike;

/// Values for every entry, indexed like `site.entries`.
pub struct EntryValues {
    pub values: Vec<Value>,
}

impl EntryValues {
    pub fn build(site: &Site) -> EntryValues {
        let topic_paths = term_paths(&site.index.topics, "topics");
        let audience_paths = term_paths(&site.index.audiences, "audiences");
        let names = Names::of(site);
        let mut values: Vec<Value> = site
            .entries
            .par_iter()
            .map(|e| {
                Value::from_serializable(&entry_json(e, &names, &topic_paths, &audience_paths))
            })
            .collect();
        // Bulletins carry their featured entries, shared by reference.
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
        EntryValues { values }
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
