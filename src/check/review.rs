//! Review (审稿): written content names who checked it. Without `reviewers`
//! it is a warning; with `require_review = true` in site.toml it is an error
//! for everything but drafts. Applies to explainers, cases and bulletins,
//! the pieces that explain the law to residents.

use crate::content::Kind;
use crate::diagnostic::Diagnostic;
use crate::site::Site;

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let required = site.config.require_review;
    site.entries
        .iter()
        .map(|e| &e.item)
        .filter(|i| matches!(i.kind, Kind::Explainer | Kind::Case | Kind::Bulletin))
        .filter(|i| i.fm.reviewers.iter().all(|r| r.trim().is_empty()))
        .map(|item| {
            let (line, col) = item.key_position("reviewers");
            let message = format!(
                "no reviewer (审稿人) is named for this {}",
                item.kind.name_zh()
            );
            let hint =
                "add `reviewers: [陈律师]`: the lawyer or trained volunteer who checked the text";
            if required && !item.fm.draft {
                Diagnostic::error(&item.source, message)
                    .at(line, col)
                    .with_hint(format!("{hint} (site.toml has require_review = true)"))
            } else {
                Diagnostic::warning(&item.source, message)
                    .at(line, col)
                    .with_hint(hint)
            }
        })
        .collect()
}
