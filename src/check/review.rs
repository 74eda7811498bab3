//! Review (审稿): written content names who checked it. Without `reviewers`
//! it is a warning; with `require_review = true` in site.toml it is an error
//! for everything but drafts.
//!
//! "Written content" is what explains the law to residents: explainers,
//! cases, bulletins and lectures (a lecture's page says what the lawyer
//! will teach). Free pages (关于), books, contacts and buildings describe
//! the team and its shelf, not the law, and are not reviewed.

use crate::content::{Item, Kind};
use crate::diagnostic::Diagnostic;
use crate::site::Site;

/// The kinds whose items need a reviewer.
pub const REVIEWED: [Kind; 4] = [Kind::Explainer, Kind::Case, Kind::Bulletin, Kind::Lecture];

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let required = site.config.require_review;
    site.entries
        .iter()
        .filter_map(|e| check_item(&e.item, required))
        .collect()
}

/// The problem of one item without a reviewer, if it has none.
pub fn check_item(item: &Item, required: bool) -> Option<Diagnostic> {
    if !REVIEWED.contains(&item.kind) || item.fm.reviewers.iter().any(|r| !r.trim().is_empty()) {
        return None;
    }
    // `reviewers: 陈律师` (not a list) is reported as a wrong value already.
    if item.fm.reviewers.is_empty()
        && !crate::content::keys::written_value_is_empty(&item.yaml, "reviewers")
    {
        return None;
    }
    let (line, col) = item.key_position("reviewers");
    let message = format!(
        "no reviewer (审稿人) is named for this {}",
        item.kind.name_zh()
    );
    let hint = "add `reviewers: [陈律师]`: the lawyer or trained volunteer who checked the text";
    Some(if required && !item.fm.draft {
        Diagnostic::error(&item.source, message)
            .at(line, col)
            .with_hint(format!("{hint} (site.toml has require_review = true)"))
    } else {
        Diagnostic::warning(&item.source, message)
            .at(line, col)
            .with_hint(hint)
    })
}
