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
