//! Bulletin numbering: each issue number is used once a year, numbers start
//! at 1 and grow with the months, and a community has one bulletin a month.
//!
//! A bulletin is for the communities of its `buildings`, or for every
//! community when it names none; two bulletins clash only when they share a
//! community.

use chrono::Datelike;
use std::collections::{BTreeSet, HashMap};

use crate::content::{Item, Kind};
use crate::diagnostic::Diagnostic;
use crate::site::Site;
use crate::site::dates::month_zh;

struct Issue<'a> {
    item: &'a Item,
    year: i32,
    month: u32,
    number: u32,
    /// `None`: every community.
    communities: Option<BTreeSet<&'a str>>,
}

impl Issue<'_> {
    fn shares_community(&self, other: &Issue) -> bool {
        match (&self.communities, &other.communities) {
            (Some(a), Some(b)) => !a.is_disjoint(b),
            _ => true,
        }
    }
}

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let community_of: HashMap<&str, &str> = site
        .entries
        .iter()
        .filter(|e| e.item.kind == Kind::Building)
        .filter_map(|e| Some((e.item.id.as_str(), e.item.fm.community.as_deref()?)))
        .collect();
    let mut issues: Vec<Issue> = site
        .index
        .of_kind(Kind::Bulletin)
        .iter()
        .map(|i| &site.entries[*i].item)
        .filter_map(|item| {
            let date = item.date?;
            let communities = (!item.fm.buildings.is_empty()).then(|| {
                item.building_ids()
                    .filter_map(|b| community_of.get(b).copied())
                    .collect()
            });
            Some(Issue {
                item,
                year: date.year(),
                month: date.month(),
                number: item.fm.issue?,
                communities,
            })
        })
        .collect();
    issues
        .sort_by(|a, b| (a.year, a.month, &a.item.source).cmp(&(b.year, b.month, &b.item.source)));
    let mut problems = Vec::new();
    for (n, issue) in issues.iter().enumerate() {
        let item = issue.item;
        let (issue_line, issue_col) = item.key_position("issue");
        if issue.number == 0 {
            problems.push(
                Diagnostic::error(&item.source, "issue numbers start at 1 (第1期)")
                    .at(issue_line, issue_col)
                    .with_hint("number the year's issues 1, 2, 3… in month order"),
            );
        }
        let earlier: Vec<&Issue> = issues[..n]
            .iter()
            .filter(|e| e.year == issue.year && e.shares_community(issue))
            .collect();
        let sources = |list: &[&&Issue]| {
            list.iter()
                .map(|e| e.item.source.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let same_month: Vec<&&Issue> = earlier
            .iter()
            .filter(|e| e.month == issue.month && e.item.url_path() != item.url_path())
            .collect();
        if !same_month.is_empty() {
            let (line, col) = item
                .fm
                .month
                .as_ref()
                .map_or((issue_line, 1), |m| item.position_of(m));
            problems.push(
                Diagnostic::error(
                    &item.source,
                    format!(
                        "{} already has a bulletin for the same community: {}",
                        month_zh(issue.year, issue.month),
                        sources(&same_month)
                    ),
                )
                .at(line, col)
                .with_hint("a community's board has one issue a month (每月一期); merge them, or give each its `buildings`"),
            );
        }
        let same_number: Vec<&&Issue> = earlier
            .iter()
            .filter(|e| e.month != issue.month && e.number == issue.number)
            .collect();
        if !same_number.is_empty() {
            problems.push(
                Diagnostic::error(
                    &item.source,
                    format!(
                        "issue {} of {} is also used by {}",
                        issue.number,
                        issue.year,
                        sources(&same_number)
                    ),
                )
                .at(issue_line, issue_col)
                .with_hint("each issue number is used once a year; number the issues 1, 2, 3… in month order"),
            );
            continue;
        }
        // Only against the issue just before, so one slip is said once.
        if let Some(previous) = earlier.iter().rev().find(|e| e.month != issue.month)
            && previous.number > issue.number
        {
            problems.push(
                Diagnostic::warning(
                    &item.source,
                    format!(
                        "issue {} comes after issue {} ({}) in the calendar",
                        issue.number,
                        previous.number,
                        previous.item.source.display()
                    ),
                )
                .at(issue_line, issue_col)
                .with_hint("issue numbers grow with the months: check `issue` and `month` of both"),
            );
        }
    }
    problems
}
