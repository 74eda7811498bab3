//! Cross-file checks: every building, speaker and featured item named in
//! front matter exists, and no two files would write the same page.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use crate::content::frontmatter::Located;
use crate::content::{Item, Kind};
use crate::diagnostic::{Diagnostic, closest};

pub fn check<'a>(
    items: impl IntoIterator<Item = &'a Item>,
    _warnings: &mut Vec<Diagnostic>,
) -> Result<(), Vec<Diagnostic>> {
    let problems = check_with_broken(items, &[]);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Like [`check`], returning the problems; `broken` lists files that exist
/// but failed to load, so references to them are not reported again.
pub fn check_with_broken<'a>(
    items: impl IntoIterator<Item = &'a Item>,
    broken: &[(Kind, PathBuf)],
) -> Vec<Diagnostic> {
    let items: Vec<&Item> = items.into_iter().collect();
    let ids = |kind: Kind| -> HashSet<&str> {
        let stems = broken
            .iter()
            .filter(|(k, _)| *k == kind)
            .filter_map(|(_, p)| p.file_stem().and_then(|s| s.to_str()));
        items
            .iter()
            .filter(|i| i.kind == kind)
            .map(|i| i.id.as_str())
            .chain(stems)
            .collect()
    };
    let buildings = ids(Kind::Building);
    let contacts = ids(Kind::Contact);
    let featurable: HashSet<String> = items
        .iter()
        .filter(|i| matches!(i.kind, Kind::Explainer | Kind::Case))
        .map(|i| i.reference())
        .chain(broken.iter().filter_map(|(k, p)| {
            let stem = p.file_stem()?.to_str()?;
            matches!(k, Kind::Explainer | Kind::Case).then(|| format!("{}/{stem}", k.folder()))
        }))
        .collect();
    let mut problems = Vec::new();
    for &item in &items {
        for b in &item.fm.buildings {
            if !buildings.contains(b.value.as_str()) {
                problems.push(missing(
                    item,
                    b,
                    "building",
                    &buildings,
                    "content/buildings/",
                ));
            }
        }
        if let Some(speaker) = &item.fm.speaker
            && !contacts.contains(speaker.value.as_str())
        {
            problems.push(missing(
                item,
                speaker,
                "contact",
                &contacts,
                "content/contacts/",
            ));
        }
        for f in item.fm.featured.iter().flatten() {
            if !featurable.contains(f.value.trim_end_matches(".md")) {
                let (line, col) = item.position_of(f);
                let mut d = Diagnostic::error(
                    &item.source,
                    format!("featured item `{}` does not exist (or is a draft)", f.value),
                )
                .at(line, col);
                d = match closest(&f.value, featurable.iter().map(String::as_str)) {
                    Some(near) => d.with_hint(format!("did you mean `{near}`?")),
                    None => d.with_hint(
                        "featured items are written explainers/FILE-STEM or cases/FILE-STEM",
                    ),
                };
                problems.push(d);
            }
        }
    }
    problems.extend(duplicate_pages(&items));
    crate::diagnostic::sort(&mut problems);
    problems
}

/// Whether every reference of `items` names an entry of `by_ref` (see
/// [`super::Indexes::by_ref`]) of the right kind: a quick yes for
/// `pufa serve` after an edit that kept every entry's place, when only the
/// edited files' references can have changed. A no is explained by
/// [`check`] on the whole site.
pub fn hold_for<'a>(
    items: impl IntoIterator<Item = &'a Item>,
    by_ref: &std::collections::HashMap<String, usize>,
    kind_at: impl Fn(usize) -> Kind,
) -> bool {
    let names = |folder: &str, id: &str, kinds: &[Kind]| {
        by_ref
            .get(&format!("{folder}/{id}"))
            .is_some_and(|i| kinds.contains(&kind_at(*i)))
    };
    items.into_iter().all(|item| {
        item.fm
            .buildings
            .iter()
            .all(|b| names(Kind::Building.folder(), &b.value, &[Kind::Building]))
            && item
                .fm
                .speaker
                .as_ref()
                .is_none_or(|s| names(Kind::Contact.folder(), &s.value, &[Kind::Contact]))
            && item.fm.featured.iter().flatten().all(|f| {
                by_ref
                    .get(f.value.trim_end_matches(".md"))
                    .is_some_and(|i| matches!(kind_at(*i), Kind::Explainer | Kind::Case))
            })
    })
}

fn missing(
    item: &Item,
    value: &Located<String>,
    what: &str,
    known: &HashSet<&str>,
    folder: &str,
) -> Diagnostic {
    let (line, col) = item.position_of(value);
    let d = Diagnostic::error(
        &item.source,
        format!("there is no {what} `{}`", value.value),
    )
    .at(line, col);
    let mut sorted: Vec<&str> = known.iter().copied().collect();
    sorted.sort_unstable();
    match closest(&value.value, sorted.iter().copied()) {
        Some(near) => d.with_hint(format!("did you mean `{near}`?")),
        None => d.with_hint(format!(
            "ids are file names in {folder} without .md: {}",
            sorted.join(", ")
        )),
    }
}

fn duplicate_pages(items: &[&Item]) -> Vec<Diagnostic> {
    let mut by_url: BTreeMap<String, Vec<&Item>> = BTreeMap::new();
    for &item in items
        .iter()
        .filter(|i| i.kind.has_own_page() || i.kind == Kind::Contact)
    {
        by_url.entry(item.url_path()).or_default().push(item);
    }
    let mut out = Vec::new();
    for (url, group) in by_url.into_iter().filter(|(_, g)| g.len() > 1) {
        // A catalogue row is named by its line: two rows may share a file.
        let named = |i: &Item| {
            if i.is_catalogue_row() {
                format!("{}:{}", i.source.display(), i.yaml_line)
            } else {
                i.source.display().to_string()
            }
        };
        let mut sources: Vec<_> = group.iter().map(|i| named(i)).collect();
        sources.sort();
        for item in group {
            let (line, col) = match &item.fm.slug {
                Some(slug) => item.position_of(slug),
                None if item.is_catalogue_row() => (item.yaml_line, 1),
                None => (1, 1),
            };
            out.push(
                Diagnostic::error(&item.source, format!("{}/{url} would be written by more than one file: {}", item.row_prefix(), sources.join(", ")))
                    .at(line, col)
                    .with_hint("give one of them a different `slug:` (for bulletins, each month may have only one issue; in a catalogue, a different `id`)"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    use crate::content::load::test_item as item;

    #[test]
    fn references_hold_only_when_each_names_an_entry_of_its_kind() {
        let site = [
            item(Kind::Building, "3-dong", "name: 3幢\ncommunity: 桥华社区\n"),
            item(Kind::Contact, "wang", "name: 王律师\nrole: 律师\n"),
            item(
                Kind::Explainer,
                "gaokong",
                "title: 高空抛物\ndate: 2023-05-12\n",
            ),
            item(Kind::Book, "minfadian", "title: 民法典\n"),
        ];
        let by_ref: HashMap<String, usize> = site
            .iter()
            .enumerate()
            .map(|(i, it)| (it.reference(), i))
            .collect();
        let holds = |kind: Kind, fm: &str| {
            let edited = item(kind, "x", fm);
            hold_for([&edited], &by_ref, |i| site[i].kind)
        };
        let lecture = "title: 讲座\ndate: 2023-05-12\n";
        assert!(holds(Kind::Lecture, &format!("{lecture}speaker: wang\n")));
        assert!(!holds(Kind::Lecture, &format!("{lecture}speaker: zhang\n")));
        // A building's id is not a contact.
        assert!(!holds(
            Kind::Lecture,
            &format!("{lecture}speaker: 3-dong\n")
        ));
        let bulletin = "title: 五月\nmonth: \"2023-05\"\nissue: 5\nbuildings: [3-dong]\n";
        let featured = |f: &str| holds(Kind::Bulletin, &format!("{bulletin}featured: [{f}]\n"));
        assert!(featured("explainers/gaokong"));
        assert!(featured("explainers/gaokong.md"));
        // Books cannot be featured; nor can what does not exist.
        assert!(!featured("books/minfadian"));
        assert!(!featured("cases/gaokong"));
        let elsewhere = "title: 五月\nmonth: \"2023-05\"\nissue: 5\nbuildings: [9-dong]\nfeatured: [explainers/gaokong]\n";
        assert!(!holds(Kind::Bulletin, elsewhere));
    }
}
