//! The law index of one build: which entries cite which law and article,
//! computed once from each entry's title, summary, key points, body and
//! `laws:` front matter, and the repealed-law warnings that fall out of it.

use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use super::cite::{Article, Finder, Target, looks_like_law, resolve_title};
use super::registry::{Law, LawId, Registry, normalise};
use super::yaml;
use crate::content::Kind;
use crate::diagnostic::Diagnostic;
use crate::site::Entry;
use crate::site::dates::day_zh;

/// One law as cited by one entry.
#[derive(Debug, Clone)]
pub struct Cited {
    pub law: LawId,
    /// Articles cited, sorted, without repeats (paragraphs kept).
    pub articles: Vec<Article>,
    /// How many times the text names the law (front matter counts once).
    pub mentions: usize,
    /// A bulletin citing the law only through its featured items.
    pub via_featured: bool,
    /// Where the law is first named without saying it is repealed
    /// (file line and column, when known); `None` when every mention
    /// acknowledges it.
    pub unacknowledged: Option<Option<(usize, usize)>>,
}

#[derive(Debug, Default)]
pub struct LawIndex {
    pub registry: Registry,
    /// Per entry (indexed like `site.entries`): its laws in order of first mention.
    pub by_entry: Vec<Vec<Cited>>,
    /// Per law (indexed like `registry.laws`): entries citing it, in site order.
    pub by_law: Vec<Vec<usize>>,
    /// Cited laws, most cited first.
    pub cited: Vec<LawId>,
    /// Laws with a page: the cited ones and what replaced them.
    pub pages: Vec<LawId>,
    /// (law, whole article) → entries citing it themselves, bulletins left out
    /// (they repeat their featured items), in site order.
    pub by_article: HashMap<(LawId, Article), Vec<usize>>,
    /// Per law: how many times content names it.
    pub mentions: Vec<usize>,
}

/// One mention found while scanning an entry.
struct Found {
    target: Target,
    articles: Vec<Article>,
    place: Option<(usize, usize)>,
    acknowledged: bool,
}

impl LawIndex {
    /// Reads `content/laws.yaml` (if any) over the built-in laws, then
    /// indexes `entries`. Mistakes in laws.yaml (errors) and repealed-law
    /// citations (warnings) are added to `problems`.
    pub fn build(
        root: &Path,
        entries: &[Entry],
        by_ref: &HashMap<String, usize>,
        problems: &mut Vec<Diagnostic>,
    ) -> LawIndex {
        let mut registry = Registry::builtin();
        if let Err(mut errors) = yaml::load(root, &mut registry) {
            problems.append(&mut errors);
        }
        LawIndex::index(registry, entries, by_ref, problems)
    }

    pub fn index(
        mut registry: Registry,
        entries: &[Entry],
        by_ref: &HashMap<String, usize>,
        warnings: &mut Vec<Diagnostic>,
    ) -> LawIndex {
        let scanned: Vec<(Vec<Found>, Vec<Diagnostic>)> = {
            let finder = Finder::new(&registry);
            entries.par_iter().map(|e| scan(&finder, e)).collect()
        };
        let mut by_entry = Vec::with_capacity(entries.len());
        for (found, mut problems) in scanned {
            warnings.append(&mut problems);
            by_entry.push(group(found, &mut registry));
        }
        registry.assign_slugs();
        add_featured(entries, by_ref, &mut by_entry);
        let mut by_law: Vec<Vec<usize>> = vec![Vec::new(); registry.laws.len()];
        let mut mentions = vec![0; registry.laws.len()];
        let mut by_article: HashMap<(LawId, Article), Vec<usize>> = HashMap::new();
        for (i, list) in by_entry.iter().enumerate() {
            for c in list {
                by_law[c.law].push(i);
                if c.via_featured {
                    continue;
                }
                mentions[c.law] += c.mentions;
                if entries[i].item.kind == Kind::Bulletin {
                    continue;
                }
                for a in &c.articles {
                    let list = by_article.entry((c.law, a.whole())).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
        }
        let mut cited: Vec<LawId> = (0..by_law.len())
            .filter(|l| !by_law[*l].is_empty())
            .collect();
        cited.sort_by(|a, b| {
            by_law[*b]
                .len()
                .cmp(&by_law[*a].len())
                .then_with(|| registry.law(*a).slug.cmp(&registry.law(*b).slug))
        });
        let mut pages = cited.clone();
        let mut k = 0;
        while k < pages.len() {
            if let Some(r) = &registry.law(pages[k]).replaced_by
                && !pages.contains(&r.law)
            {
                pages.push(r.law);
            }
            k += 1;
        }
        let index = LawIndex {
            registry,
            by_entry,
            by_law,
            cited,
            pages,
            by_article,
            mentions,
        };
        warnings.extend(index.repeal_warnings(entries));
        index
    }

    pub fn has_page(&self, id: LawId) -> bool {
        self.pages.contains(&id)
    }

    pub fn law(&self, id: LawId) -> &Law {
        self.registry.law(id)
    }

    /// The laws entry `i` cites itself (not through featured items).
    pub fn own(&self, i: usize) -> impl Iterator<Item = &Cited> {
        self.by_entry[i].iter().filter(|c| !c.via_featured)
    }

    /// Whether a citation in entry `i` of a repealed law should be shown
    /// with its replacement: the entry is dated on or after the repeal, or
    /// undated (books and pages are read now).
    pub fn shows_replacement(&self, entry: &Entry, law: LawId) -> bool {
        let law = self.law(law);
        law.is_repealed()
            && law.replaced_by.is_some()
            && is_current(entry, law.repeal_day(&self.registry))
    }

    /// Entries of `kind` on the same law and article as entry `i` (以案释法):
    /// those sharing the most articles first, then the newest. When none
    /// shares an article, those on the same law sharing a topic (other than
    /// the law's own name).
    pub fn on_same_articles(&self, entries: &[Entry], i: usize, kind: Kind) -> Vec<usize> {
        let mine: BTreeSet<(LawId, Article)> = self
            .own(i)
            .flat_map(|c| c.articles.iter().map(move |a| (c.law, a.whole())))
            .collect();
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for key in &mine {
            for &j in self.by_article.get(key).map_or(&[][..], Vec::as_slice) {
                if j != i && entries[j].item.kind == kind {
                    *shared.entry(j).or_default() += 1;
                }
            }
        }
        let mut scored: Vec<(usize, usize)> = shared.into_iter().collect();
        if scored.is_empty() {
            // A topic that is just a law's name (民法典) says nothing more.
            let topics: Vec<&String> = entries[i]
                .item
                .fm
                .topics
                .iter()
                .filter(|t| self.registry.lookup(t).is_none())
                .collect();
            let mut seen = BTreeSet::new();
            scored = self
                .own(i)
                .flat_map(|c| self.by_law[c.law].iter().copied())
                .filter(|j| *j != i && entries[*j].item.kind == kind && seen.insert(*j))
                .filter(|j| {
                    entries[*j]
                        .item
                        .fm
                        .topics
                        .iter()
                        .any(|t| topics.contains(&t))
                })
                .map(|j| (j, 0))
                .collect();
        }
        scored.sort_by(|(a, sa), (b, sb)| {
            sb.cmp(sa)
                .then(entries[*b].item.date.cmp(&entries[*a].item.date))
                .then(a.cmp(b))
        });
        scored.into_iter().map(|(j, _)| j).take(6).collect()
    }

    /// Books on the shelf about the laws entry `i` cites: current ones first.
    pub fn books_on(&self, entries: &[Entry], i: usize) -> Vec<usize> {
        let mut books: Vec<usize> = self
            .own(i)
            .flat_map(|c| self.by_law[c.law].iter().copied())
            .filter(|j| *j != i && entries[*j].item.kind == Kind::Book)
            .collect();
        books.sort_by(|a, b| {
            let old = |x: &usize| entries[*x].item.fm.superseded.is_some();
            old(a)
                .cmp(&old(b))
                .then(entries[*b].item.fm.year.cmp(&entries[*a].item.fm.year))
                .then(a.cmp(b))
        });
        books.dedup();
        books
    }

    /// A warning for each entry that cites a repealed law as if it were in
    /// force, in content dated after the repeal (books: unless `superseded:`
    /// already says so).
    fn repeal_warnings(&self, entries: &[Entry]) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            if e.item.kind == Kind::Book && e.item.fm.superseded.is_some() {
                continue;
            }
            for c in self.own(i) {
                let law = self.law(c.law);
                let Some(place) = c.unacknowledged else {
                    continue;
                };
                let day = law.repeal_day(&self.registry);
                if !law.is_repealed() || !is_current(e, day) {
                    continue;
                }
                let when = day
                    .map(|d| format!(" on {}", day_zh(d)))
                    .unwrap_or_default();
                let instead = match &law.replaced_by {
                    Some(r) => format!("《{}》{}", self.law(r.law).short, r.part),
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
}

/// Dated content counts from its date; undated content is read now.
fn is_current(entry: &Entry, repeal_day: Option<NaiveDate>) -> bool {
    match (entry.item.date, repeal_day) {
        (Some(date), Some(day)) => date >= day,
        _ => true,
    }
}

/// Every mention of a law in one entry; warnings for `laws:` names that
/// are not laws.
fn scan(finder: &Finder, e: &Entry) -> (Vec<Found>, Vec<Diagnostic>) {
    let item = &e.item;
    let fm = &item.fm;
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for name in &fm.laws {
        let target = match resolve_title(name, finder.registry()) {
            Some(t) => t,
            None => {
                let name = normalise(name.trim_matches(['《', '》']));
                if name.is_empty() {
                    continue;
                }
                if !looks_like_law(&name) {
                    problems.push(
                        Diagnostic::warning(
                            &item.source,
                            format!("`laws:` names \"{name}\", which is not a law pufa knows"),
                        )
                        .with_hint(format!(
                            "write the law's full name (中华人民共和国…法), or describe it in {}",
                            yaml::LAWS_FILE
                        )),
                    );
                }
                Target::Unlisted(name)
            }
        };
        found.push(Found {
            target,
            articles: Vec::new(),
            place: None,
            acknowledged: false,
        });
    }
    let texts = std::iter::once(item.title.as_str())
        .chain(fm.summary.as_deref())
        .chain(fm.key_points.iter().map(String::as_str));
    for (k, text) in texts.enumerate() {
        // A book's whole title may be a law's name; other titles are text.
        let cites = if k == 0 && item.kind == Kind::Book {
            finder.find_in_title(text)
        } else {
            finder.find(text)
        };
        found.extend(cites.into_iter().map(|c| Found {
            target: c.target,
            articles: c.articles,
            place: None,
            acknowledged: c.acknowledged,
        }));
    }
    // Citations come in order: count lines and columns in one pass.
    let body = &item.body;
    let (mut line, mut line_start, mut upto) = (1, 0, 0);
    for c in finder.find(body) {
        for (k, ch) in body[upto..c.start].char_indices() {
            if ch == '\n' {
                line += 1;
                line_start = upto + k + 1;
            }
        }
        upto = c.start;
        let col = body[line_start..c.start].chars().count() + 1;
        found.push(Found {
            target: c.target,
            articles: c.articles,
            place: Some((item.body_line + line - 1, col)),
            acknowledged: c.acknowledged,
        });
    }
    (found, problems)
}

/// Mentions grouped by law, in order of first mention; unlisted laws are
/// added to the registry.
fn group(found: Vec<Found>, registry: &mut Registry) -> Vec<Cited> {
    let mut out: Vec<Cited> = Vec::new();
    for f in found {
        let law = match f.target {
            Target::Law(id) => id,
            Target::Unlisted(name) => registry.insert(Law::new(&name)),
        };
        let pos = match out.iter().position(|c| c.law == law) {
            Some(p) => p,
            None => {
                out.push(Cited {
                    law,
                    articles: Vec::new(),
                    mentions: 0,
                    via_featured: false,
                    unacknowledged: None,
                });
                out.len() - 1
            }
        };
        let c = &mut out[pos];
        c.articles.extend(f.articles);
        c.mentions += 1;
        if !f.acknowledged {
            // Keep the first placed mention (front matter has no place).
            match c.unacknowledged {
                None | Some(None) => c.unacknowledged = Some(f.place),
                Some(Some(_)) => {}
            }
        }
    }
    for c in &mut out {
        c.articles.sort();
        c.articles.dedup();
    }
    out
}

/// A bulletin also cites what its featured items cite.
fn add_featured(entries: &[Entry], by_ref: &HashMap<String, usize>, by_entry: &mut [Vec<Cited>]) {
    for (i, e) in entries.iter().enumerate() {
        let Some(featured) = &e.item.fm.featured else {
            continue;
        };
        let mut extra: Vec<Cited> = Vec::new();
        for f in featured {
            let Some(&j) = by_ref.get(f.value.trim_end_matches(".md")) else {
                continue;
            };
            for c in by_entry[j].iter().filter(|c| !c.via_featured) {
                match extra.iter_mut().find(|x| x.law == c.law) {
                    Some(x) => x.articles.extend(c.articles.iter().copied()),
                    None => extra.push(c.clone()),
                }
            }
        }
        let own = &mut by_entry[i];
        for mut c in extra {
            match own.iter_mut().find(|x| x.law == c.law) {
                Some(x) => x.articles.extend(c.articles),
                None => {
                    c.via_featured = true;
                    c.unacknowledged = None;
                    own.push(c);
                }
            }
        }
        for c in own.iter_mut() {
            c.articles.sort();
            c.articles.dedup();
        }
    }
}
