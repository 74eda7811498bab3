//! The law index of one build: which entries cite which law and article,
//! computed once from each entry's title, summary, key points, body and
//! `laws:` front matter, what each cited article is about, and the warnings
//! that fall out of it (repealed laws cited as if in force, articles a law
//! does not have, `laws:` values that name no law).

use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::cite::{Article, Finder, Target};
use super::front_matter::named_laws;
use super::registry::{Law, LawId, Registry};
use super::related::terms_of;
use super::warnings::{beyond_warning, repeal_warnings};
use super::yaml;
use crate::content::Kind;
use crate::diagnostic::Diagnostic;
use crate::site::Entry;

/// One law as cited by one entry.
#[derive(Debug, Clone)]
pub struct Cited {
    pub law: LawId,
    /// Articles cited, sorted, without repeats (paragraphs kept); a
    /// bulletin's include its featured items'.
    pub articles: Vec<Article>,
    /// The articles the entry's own text cites.
    pub own_articles: Vec<Article>,
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
    /// Per entry (indexed like `site.entries`): its laws in order of first
    /// mention; a bulletin's include its featured items' laws.
    pub by_entry: Vec<Vec<Cited>>,
    /// Per law (indexed like `registry.laws`): entries citing it, in site order.
    pub by_law: Vec<Vec<usize>>,
    /// Cited laws, most cited first.
    pub cited: Vec<LawId>,
    /// Laws with a page: the cited ones and what replaced them.
    pub pages: Vec<LawId>,
    /// (law, whole article) → entries citing it in their own words, in site
    /// order. Free pages (the editing guide's examples) are left out, and a
    /// bulletin counts only for what its own text cites.
    pub by_article: HashMap<(LawId, Article), Vec<usize>>,
    /// What cited articles are about: from `laws.yaml` or the built-in
    /// table, else from the first sentence citing it (第1245条规定了…).
    pub subjects: HashMap<(LawId, Article), String>,
    /// Per law: how many times content names it.
    pub mentions: Vec<usize>,
    /// Per law: how many of its articles `by_article` lists.
    pub article_counts: Vec<usize>,
    /// Per entry: the words books are matched on (see [`super::related`]).
    pub terms: Vec<Vec<u64>>,
    /// Per entry: its scan, and the text of `laws.yaml` the scans were made
    /// with (kept for [`LawIndex::take_scans`]).
    scans: Vec<Arc<Scanned>>,
    laws_yaml: Option<String>,
    /// What books are matched on, worked out once per build (see
    /// [`super::related`]).
    pub(super) books: std::sync::OnceLock<HashMap<usize, super::related::BookFacts>>,
    /// Per kind, the positions of its entries (the site order groups
    /// entries by kind), so lists of positions are cut by kind without
    /// reading the entries.
    pub(super) kind_ranges: Vec<(Kind, std::ops::Range<usize>)>,
}

/// The scans of an earlier index, by source file and id (a catalogue's
/// rows share their file), for indexing an edited site without reading
/// every entry's text again (`pufa serve`).
#[derive(Debug, Default)]
pub struct ScanCache {
    laws_yaml: Option<String>,
    scans: HashMap<PathBuf, HashMap<String, Arc<Scanned>>>,
}

impl ScanCache {
    /// Drops the scans of a file whose text changed (every row of a catalogue).
    pub fn forget(&mut self, source: &Path) {
        self.scans.remove(source);
    }

    fn get(&self, e: &Entry) -> Option<Arc<Scanned>> {
        self.scans.get(&e.item.source)?.get(&e.item.id).cloned()
    }
}

/// One mention found while scanning an entry.
#[derive(Debug, PartialEq)]
struct Found {
    target: Target,
    articles: Vec<Article>,
    place: Option<(usize, usize)>,
    acknowledged: bool,
    subject: Option<String>,
}

/// What one entry's text says an article is about.
type Subject = ((LawId, Article), String);

/// What scanning one entry gives. It depends only on the entry and the
/// laws the registry knew before the scan, so an unchanged entry's scan can
/// be kept from one build to the next (see [`ScanCache`]).
#[derive(Debug, PartialEq)]
pub struct Scanned {
    found: Vec<Found>,
    problems: Vec<Diagnostic>,
    terms: Vec<u64>,
}

impl LawIndex {
    /// Reads `content/laws.yaml` (if any) over the built-in laws, then
    /// indexes `entries`. Mistakes in laws.yaml (errors) and citation
    /// problems (warnings) are added to `problems`.
    pub fn build(
        root: &Path,
        entries: &[Entry],
        by_ref: &HashMap<String, usize>,
        problems: &mut Vec<Diagnostic>,
    ) -> LawIndex {
        LawIndex::build_with(root, entries, by_ref, problems, None)
    }

    /// [`LawIndex::build`], keeping the scans of `cache` for entries whose
    /// file it still holds, when `laws.yaml` is as it was.
    pub fn build_with(
        root: &Path,
        entries: &[Entry],
        by_ref: &HashMap<String, usize>,
        problems: &mut Vec<Diagnostic>,
        cache: Option<ScanCache>,
    ) -> LawIndex {
        let (registry, laws_yaml) = registry_of(root, problems);
        let cache = cache.filter(|c| c.laws_yaml == laws_yaml);
        let kept = |_: usize, e: &Entry| cache.as_ref().and_then(|c| c.get(e));
        let mut index = LawIndex::index_with(registry, entries, by_ref, problems, &kept);
        index.laws_yaml = laws_yaml;
        index
    }

    /// The index again for the same entries in the same order, of which
    /// only those at `changed` have new text: the other entries' scans are
    /// kept when `laws.yaml` is as it was (`pufa serve` after a text edit).
    /// Returns false, leaving the index and `problems` as they were, when
    /// the index would come out the same (the caller keeps its warnings).
    pub fn reindex(
        &mut self,
        root: &Path,
        entries: &[Entry],
        by_ref: &HashMap<String, usize>,
        problems: &mut Vec<Diagnostic>,
        changed: &[usize],
    ) -> bool {
        let mut yaml_problems = Vec::new();
        let (registry, laws_yaml) = registry_of(root, &mut yaml_problems);
        let mut scans: Vec<Option<Arc<Scanned>>> = std::mem::take(&mut self.scans)
            .into_iter()
            .map(Some)
            .collect();
        if laws_yaml != self.laws_yaml || scans.len() != entries.len() {
            scans.clear();
        }
        let finder = Finder::new(&registry);
        let fresh: Vec<(usize, Arc<Scanned>)> = changed
            .iter()
            .filter(|i| **i < entries.len())
            .map(|i| (*i, Arc::new(scan(&finder, &entries[*i]))))
            .collect();
        // Nothing the index is made of changed: the new scans equal the old
        // ones (no citation, mention or position moved), and no bulletin,
        // whose featured items' laws join its own, was edited.
        let same = !scans.is_empty()
            && fresh.iter().all(|(i, s)| {
                entries[*i].item.kind != Kind::Bulletin
                    && scans[*i].as_deref().is_some_and(|old| old == s.as_ref())
            });
        if same {
            self.scans = scans.into_iter().flatten().collect();
            return false;
        }
        problems.append(&mut yaml_problems);
        for (i, s) in fresh {
            if let Some(slot) = scans.get_mut(i) {
                *slot = Some(s);
            }
        }
        let kept = |i: usize, _: &Entry| scans.get(i).cloned().flatten();
        *self = LawIndex::index_with(registry, entries, by_ref, problems, &kept);
        self.laws_yaml = laws_yaml;
        true
    }

    pub fn index(
        registry: Registry,
        entries: &[Entry],
        by_ref: &HashMap<String, usize>,
        warnings: &mut Vec<Diagnostic>,
    ) -> LawIndex {
        LawIndex::index_with(registry, entries, by_ref, warnings, &|_, _| None)
    }

    /// The scans, by source file, for the next index (leaves this index
    /// without them).
    pub fn take_scans(&mut self, entries: &[Entry]) -> ScanCache {
        let mut scans: HashMap<PathBuf, HashMap<String, Arc<Scanned>>> =
            HashMap::with_capacity(entries.len());
        for (e, scan) in entries.iter().zip(std::mem::take(&mut self.scans)) {
            let of_file = scans.entry(e.item.source.clone()).or_default();
            of_file.insert(e.item.id.clone(), scan);
        }
        ScanCache {
            laws_yaml: self.laws_yaml.take(),
            scans,
        }
    }

    fn index_with(
        mut registry: Registry,
        entries: &[Entry],
        by_ref: &HashMap<String, usize>,
        warnings: &mut Vec<Diagnostic>,
        kept: &(dyn Fn(usize, &Entry) -> Option<Arc<Scanned>> + Sync),
    ) -> LawIndex {
        let scanned: Vec<Arc<Scanned>> = {
            // Made only when some entry needs a new scan.
            let finder = std::sync::OnceLock::new();
            entries
                .par_iter()
                .enumerate()
                .map(|(i, e)| {
                    kept(i, e).unwrap_or_else(|| {
                        Arc::new(scan(finder.get_or_init(|| Finder::new(&registry)), e))
                    })
                })
                .collect()
        };
        let mut by_entry = Vec::with_capacity(entries.len());
        let mut derived = Vec::with_capacity(entries.len());
        let mut terms = Vec::with_capacity(entries.len());
        for s in &scanned {
            warnings.extend(s.problems.iter().cloned());
            let (cited, subjects) = group(&s.found, &mut registry);
            by_entry.push(cited);
            derived.push(subjects);
            terms.push(s.terms.clone());
        }
        registry.assign_slugs();
        // Articles before the featured items' laws join the bulletins.
        let mut by_article: HashMap<(LawId, Article), Vec<usize>> = HashMap::new();
        for (i, list) in by_entry.iter().enumerate() {
            if entries[i].item.kind == Kind::Page {
                continue;
            }
            for c in list {
                for a in &c.articles {
                    let list = by_article.entry((c.law, a.whole())).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
        }
        let subjects = subjects(&registry, &by_article, entries, &derived);
        add_featured(entries, by_ref, &mut by_entry);
        let mut article_counts = vec![0; registry.laws.len()];
        for (law, _) in by_article.keys() {
            article_counts[*law] += 1;
        }
        let mut by_law: Vec<Vec<usize>> = vec![Vec::new(); registry.laws.len()];
        let mut mentions = vec![0; registry.laws.len()];
        for (i, list) in by_entry.iter().enumerate() {
            for c in list {
                by_law[c.law].push(i);
                if !c.via_featured {
                    mentions[c.law] += c.mentions;
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
            subjects,
            mentions,
            article_counts,
            terms,
            scans: scanned,
            laws_yaml: None,
            books: Default::default(),
            kind_ranges: kind_ranges(entries),
        };
        warnings.extend(repeal_warnings(&index, entries));
        index
    }

    /// The positions of the entries of `kind` (none when there are none).
    pub(super) fn positions_of(&self, kind: Kind) -> std::ops::Range<usize> {
        self.kind_ranges
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0..0, |(_, r)| r.clone())
    }

    /// A fingerprint of everything an entry's law box can show besides
    /// the entry's own citations: the laws, their pages, slugs and status,
    /// and which articles have a place on a law page. Equal fingerprints
    /// mean an entry whose citations are unchanged shows the same box.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        format!("{:?}", self.registry.laws).hash(&mut h);
        self.pages.hash(&mut h);
        self.cited.hash(&mut h);
        self.mentions.hash(&mut h);
        self.article_counts.hash(&mut h);
        let mut keys: Vec<&(LawId, Article)> = self.by_article.keys().collect();
        keys.sort();
        keys.hash(&mut h);
        h.finish()
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

    /// Whether the law's page lists `article` (so `#tiao-N` exists there).
    pub fn lists_article(&self, law: LawId, article: &Article) -> bool {
        self.by_article.contains_key(&(law, article.whole()))
    }

    /// Whether `entry` cites the repealed `law` as it is read now: dated on
    /// or after the repeal, or undated (books and pages are read now).
    pub fn is_outdated(&self, entry: &Entry, law: LawId) -> bool {
        let law = self.law(law);
        law.is_repealed() && is_current(entry, law.repeal_day(&self.registry))
    }

    /// Whether `entry` was written before the repealed `law` stopped
    /// applying (both dates known).
    pub fn written_before_repeal(&self, entry: &Entry, law: LawId) -> bool {
        let law = self.law(law);
        match (entry.item.date, law.repeal_day(&self.registry)) {
            (Some(date), Some(day)) => law.is_repealed() && date < day,
            _ => false,
        }
    }

    /// Whether a citation of a repealed law is shown with its replacement.
    pub fn shows_replacement(&self, entry: &Entry, law: LawId) -> bool {
        self.law(law).replaced_by.is_some() && self.is_outdated(entry, law)
    }
}

/// The built-in laws with `content/laws.yaml` read over them (its mistakes
/// join `problems`), and the file's text, which says whether earlier scans
/// still hold.
fn registry_of(root: &Path, problems: &mut Vec<Diagnostic>) -> (Registry, Option<String>) {
    let mut registry = Registry::builtin();
    if let Err(mut errors) = yaml::load(root, &mut registry) {
        problems.append(&mut errors);
    }
    let laws_yaml = std::fs::read_to_string(root.join(yaml::LAWS_FILE)).ok();
    (registry, laws_yaml)
}

/// Dated content counts from its date; undated content is read now.
fn is_current(entry: &Entry, repeal_day: Option<NaiveDate>) -> bool {
    match (entry.item.date, repeal_day) {
        (Some(date), Some(day)) => date >= day,
        _ => true,
    }
}

/// Every mention of a law in one entry, the words books are matched on,
/// and the problems found on the way.
fn scan(finder: &Finder, e: &Entry) -> Scanned {
    let item = &e.item;
    let fm = &item.fm;
    let registry = finder.registry();
    let (named, mut problems) = named_laws(finder, item);
    let mut found: Vec<Found> = Vec::new();
    for n in named {
        problems.extend(beyond_warning(registry, e, &n.target, &n.beyond, n.place));
        found.push(Found {
            target: n.target,
            articles: n.articles,
            place: None,
            acknowledged: false,
            subject: None,
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
        for c in cites {
            problems.extend(beyond_warning(registry, e, &c.target, &c.beyond, None));
            found.push(Found {
                target: c.target,
                articles: c.articles,
                place: None,
                acknowledged: c.acknowledged,
                subject: c.subject,
            });
        }
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
        let place = Some((item.body_line + line - 1, col));
        problems.extend(beyond_warning(registry, e, &c.target, &c.beyond, place));
        found.push(Found {
            target: c.target,
            articles: c.articles,
            place,
            acknowledged: c.acknowledged,
            subject: c.subject,
        });
    }
    let terms = match item.kind {
        Kind::Book => {
            terms_of([item.title.as_str(), e.summary.as_str(), item.body.as_str()].into_iter())
        }
        Kind::Explainer => terms_of(
            std::iter::once(item.title.as_str()).chain(fm.topics.iter().map(String::as_str)),
        ),
        _ => Vec::new(),
    };
    Scanned {
        found,
        problems,
        terms,
    }
}

/// Mentions grouped by law, in order of first mention (unlisted laws are
/// added to the registry), and what the text says single articles are about.
fn group(found: &[Found], registry: &mut Registry) -> (Vec<Cited>, Vec<Subject>) {
    let mut out: Vec<Cited> = Vec::new();
    let mut subjects = Vec::new();
    for f in found {
        let law = match &f.target {
            Target::Law(id) => *id,
            Target::Unlisted(name) => registry.insert(Law::new(name)),
        };
        if let (Some(s), [a]) = (&f.subject, f.articles.as_slice()) {
            subjects.push(((law, a.whole()), s.clone()));
        }
        let pos = match out.iter().position(|c| c.law == law) {
            Some(p) => p,
            None => {
                out.push(Cited {
                    law,
                    articles: Vec::new(),
                    own_articles: Vec::new(),
                    mentions: 0,
                    via_featured: false,
                    unacknowledged: None,
                });
                out.len() - 1
            }
        };
        let c = &mut out[pos];
        c.articles.extend(f.articles.iter().copied());
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
        c.own_articles.clone_from(&c.articles);
    }
    (out, subjects)
}

/// What each listed article is about: the registry's subject, else the
/// first citing sentence in site order (free pages left out).
fn subjects(
    registry: &Registry,
    by_article: &HashMap<(LawId, Article), Vec<usize>>,
    entries: &[Entry],
    derived: &[Vec<Subject>],
) -> HashMap<(LawId, Article), String> {
    let mut out = HashMap::new();
    for key in by_article.keys() {
        let (law, a) = key;
        if let Some(s) = registry.law(*law).subjects.get(&(a.number, a.sub)) {
            out.insert(*key, s.clone());
        }
    }
    for (i, list) in derived.iter().enumerate() {
        if entries[i].item.kind == Kind::Page {
            continue;
        }
        for (key, s) in list {
            if by_article.contains_key(key) {
                out.entry(*key).or_insert_with(|| s.clone());
            }
        }
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
                    c.own_articles.clear();
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

/// Each kind's positions in `entries`, which are in site order (by kind first).
fn kind_ranges(entries: &[Entry]) -> Vec<(Kind, std::ops::Range<usize>)> {
    let mut out: Vec<(Kind, std::ops::Range<usize>)> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        match out.last_mut() {
            Some((k, r)) if *k == e.item.kind => r.end = i + 1,
            _ => out.push((e.item.kind, i..i + 1)),
        }
    }
    out
}
