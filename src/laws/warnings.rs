//! The warnings the law index gives: a repealed law cited as if it were in
//! force, and an article a law does not have.

use super::cite::{Article, Target};
use super::index::LawIndex;
use super::registry::Registry;
use super::yaml;
use crate::content::Kind;
use crate::diagnostic::Diagnostic;
use crate::site::Entry;
use crate::site::dates::day_zh;

/// A warning for each entry that cites a repealed law as if it were in
/// force, in content read after the repeal (books: unless `superseded:`
/// already says so), at the first such mention.
pub fn repeal_warnings(index: &LawIndex, entries: &[Entry]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        if e.item.kind == Kind::Book && e.item.fm.superseded.is_some() {
            continue;
        }
        for c in index.own(i) {
            let Some(place) = c.unacknowledged else {
                continue;
            };
            if !index.is_outdated(e, c.law) {
                continue;
            }
            let law = index.law(c.law);
            let when = law
                .repeal_day(&index.registry)
                .map(|d| format!(" on {}", day_zh(d)))
                .unwrap_or_default();
            let instead = match &law.replaced_by {
                Some(r) => format!("《{}》{}", index.law(r.law).short, r.part),
                None => "the law now in force".to_string(),
            };
            let (message, hint) = if e.item.kind == Kind::Book {
                (
                    format!(
                        "this book is about 《{}》, which was repealed{when}",
                        law.short
                    ),
                    format!(
                        "add `superseded: 本书依据的《{}》已废止，请以{instead}为准` to its front matter",
                        law.short
                    ),
                )
            } else {
                let dated = e
                    .item
                    .date
                    .map(|d| format!("content dated {}", day_zh(d)))
                    .unwrap_or_else(|| "this page".into());
                (
                    format!("《{}》 was repealed{when}, but {dated} cites it", law.short),
                    format!(
                        "cite {instead} instead, or say in the same paragraph that 《{}》 was repealed (已废止)",
                        law.short
                    ),
                )
            };
            let mut d = Diagnostic::warning(&e.item.source, message).with_hint(hint);
            if let Some((line, col)) = place {
                d = d.at(line, col);
            }
            out.push(d);
        }
    }
    out
}

/// A warning for articles the law does not have (民法典第1261条).
pub fn beyond_warning(
    registry: &Registry,
    e: &Entry,
    target: &Target,
    beyond: &[Article],
    place: Option<(usize, usize)>,
) -> Option<Diagnostic> {
    let (Target::Law(id), Some(first)) = (target, beyond.first()) else {
        return None;
    };
    let law = registry.law(*id);
    let last = law.last_article?;
    let labels: Vec<String> = beyond.iter().map(Article::label).collect();
    let mut d = Diagnostic::warning(
        &e.item.source,
        format!(
            "《{}》 has {last} articles, so {} cannot be one of them; it is left out",
            law.short,
            labels.join("、")
        ),
    )
    .with_hint(format!(
        "check the number ({} may belong to another law), or set `last_article:` for 《{}》 in {}",
        first.label(),
        law.short,
        yaml::LAWS_FILE
    ));
    if let Some((line, col)) = place {
        d = d.at(line, col);
    }
    Some(d)
}
