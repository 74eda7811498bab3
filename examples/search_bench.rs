//! Measures search against its budgets on any pufa site:
//!
//! - everything search downloads (index and snippets, gzipped) against the
//!   gzipped text of the pages it covers;
//! - the most one query downloads (manifest, script, token shards, and the
//!   document shards of the first 20 results), over a set of queries that
//!   includes every frequent character on its own;
//! - the time the search index adds to a build;
//! - with `--browser`, the time Chromium takes to answer each query once
//!   its shards are loaded (the first answer, decoding included).
//!
//! ```sh
//! cargo run --release --example gen_site -- 10000 /tmp/site10k
//! cargo run --release --example search_bench -- /tmp/site10k --browser
//! cargo run --release --example search_bench -- .            # the example site
//! ```

use flate2::{Compression, write::GzEncoder};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use pufa::search::{self, index::utf16_cmp, rank, tokenize};
use pufa::site::LoadOptions;

/// Results a query shows at first.
const SHOWN: usize = 20;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(root) = args.first().map(PathBuf::from) else {
        eprintln!("usage: search_bench SITE_DIR [--browser]");
        std::process::exit(2);
    };
    let browser = args.iter().any(|a| a == "--browser");

    // Build time: the median of three builds, each written to a fresh folder.
    let out = std::env::temp_dir().join(format!("pufa-search-bench-{}", std::process::id()));
    let mut runs = Vec::new();
    let mut last = None;
    for _ in 0..3 {
        let _ = std::fs::remove_dir_all(&out);
        let started = Instant::now();
        let (built, files) = match pufa::pipeline::build_in_memory(&root, &LoadOptions::default()) {
            Ok(b) => b,
            Err(failure) => {
                for d in failure.0.iter().take(3) {
                    eprintln!("{d}");
                }
                eprintln!("the site does not build ({} problems)", failure.0.len());
                std::process::exit(1);
            }
        };
        let in_memory = started.elapsed();
        pufa::output::write_site(&out, &files).expect("write");
        let total = started.elapsed();
        let started = Instant::now();
        let again = search::files(&built.site);
        let search_phase = started.elapsed();
        drop(again);
        let search_files: Vec<(String, Vec<u8>)> = files
            .iter()
            .filter(|(p, _)| p.starts_with(search::DATA_DIR))
            .cloned()
            .collect();
        let data_out = out.with_extension("data");
        let _ = std::fs::remove_dir_all(&data_out);
        let started = Instant::now();
        pufa::output::write_site(&data_out, &search_files).expect("write");
        let write_search = started.elapsed();
        let _ = std::fs::remove_dir_all(&data_out);
        runs.push((total, search_phase + write_search, in_memory, search_phase));
        last = Some((built, files));
    }
    runs.sort();
    let (total, search_cost, in_memory, search_memory) = runs[1];
    let (built, all_files) = last.expect("built");
    let site = &built.site;
    let added = search_cost.as_secs_f64() / (total - search_cost).as_secs_f64().max(1e-9);
    let added_memory =
        search_memory.as_secs_f64() / (in_memory - search_memory).as_secs_f64().max(1e-9);

    let files: HashMap<&str, &[u8]> = all_files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    let gz_of = |name: &str| gz(files.get(name).copied().unwrap_or_default());
    let data: Vec<&str> = files
        .keys()
        .copied()
        .filter(|p| p.starts_with(search::DATA_DIR))
        .collect();
    let data_gz: usize = data.iter().map(|p| gz_of(p)).sum();
    let script_gz: usize = files
        .keys()
        .filter(|p| p.starts_with("search-") && p.ends_with(".js"))
        .map(|p| gz_of(p))
        .sum();

    // Where the search time goes, on the loaded site.
    let rss_before = resident_mib();
    let started = Instant::now();
    let documents = search::document::documents(site);
    let t_docs = started.elapsed();
    let index = search::index::Index::build(documents);
    let t_index = started.elapsed() - t_docs;
    let rss_index = resident_mib();
    let written = search::shards::write(&index);
    let t_shards = started.elapsed() - t_docs - t_index;
    println!(
        "memory: resident {rss_before:.0} MiB before the search documents, {rss_index:.0} MiB with them and the index built (+{:.0} MiB); postings held encoded in {:.1} MiB",
        rss_index - rss_before,
        index
            .postings
            .iter()
            .map(|(k, p)| k.len() + p.capacity())
            .sum::<usize>() as f64
            / 1024.0
            / 1024.0
    );
    println!(
        "search phases: documents {} ms, index {} ms, shards {} ms ({} postings, {} tokens, {} files)",
        t_docs.as_millis(),
        t_index.as_millis(),
        t_shards.as_millis(),
        index.posting_count(),
        index.postings.len(),
        written.len()
    );
    let text_all_gz = gz(index
        .docs
        .iter()
        .map(|d| format!("{}\n{}\n", d.title, d.body))
        .collect::<String>()
        .as_bytes());
    let text_gz: usize = index
        .docs
        .iter()
        .map(|d| gz(format!("{}\n{}", d.title, d.body).as_bytes()))
        .sum();
    let html_gz: usize = site
        .entries
        .iter()
        .filter(|e| e.item.kind.has_own_page())
        .map(|e| gz_of(&pufa::urls::file_of(&e.item.url_path())))
        .sum();

    println!("site: {} ({} documents)", root.display(), index.docs.len());
    println!(
        "build: {:.0} ms in all, search index and its files {:.0} ms: adds {:.1} %",
        total.as_secs_f64() * 1000.0,
        search_cost.as_secs_f64() * 1000.0,
        added * 100.0
    );
    println!(
        "build in memory (no writing): {:.0} ms, search index {:.0} ms: adds {:.1} %",
        in_memory.as_secs_f64() * 1000.0,
        search_memory.as_secs_f64() * 1000.0,
        added_memory * 100.0
    );
    println!(
        "search data: {} files, {} gzipped (+ scripts {}); pages' text {} gzipped page by page, {} as one file ({:.0} % of the first), pages' HTML {} gzipped ({:.0} %)",
        data.len(),
        kb(data_gz),
        kb(script_gz),
        kb(text_gz),
        kb(text_all_gz),
        100.0 * (data_gz + script_gz) as f64 / text_gz as f64,
        kb(html_gz),
        100.0 * (data_gz + script_gz) as f64 / html_gz as f64,
    );

    // What each query downloads.
    let manifest_text =
        String::from_utf8_lossy(files[&*format!("{}/manifest.js", search::DATA_DIR)]);
    let manifest = manifest_json(&manifest_text);
    let whole = manifest["whole"].as_bool().unwrap_or(false);
    let firsts: Vec<String> = manifest["tokenShards"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|v| v.as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default();
    let doc_firsts = search::shards::read_numbers(manifest["docShards"].as_str().unwrap_or(""))
        .expect("docShards");
    let doc_shard = |doc: u32| format!("d{}", doc_firsts.partition_point(|f| *f <= doc) - 1);
    let queries = queries(&index);
    let collection = rank::Collection {
        lengths: &index.lengths,
        average_length: index.average_length(),
    };
    let mut worst = (0, String::new(), 0);
    let mut needed_shards: BTreeSet<String> = BTreeSet::new();
    for q in &queries {
        let units = tokenize::query_units(q);
        let mut shards: BTreeSet<String> = BTreeSet::new();
        if whole {
            shards.extend((0..doc_firsts.len()).map(|i| format!("d{i}")));
        }
        for t in units.iter().flat_map(|u| &u.terms).filter(|_| !whole) {
            let first = shard_of(&firsts, &t.key);
            let last = if t.prefix {
                shard_of(&firsts, &format!("{}\u{ffff}", t.key))
            } else {
                first
            };
            shards.extend((first..=last).map(|i| format!("t{i}")));
        }
        needed_shards.extend(shards.iter().cloned());
        let hits = rank::rank(&units, &collection, |t| index.lookup(&t.key, t.prefix));
        let docs: BTreeSet<String> = hits.iter().take(SHOWN).map(|h| doc_shard(h.doc)).collect();
        let bytes: usize = shards
            .union(&docs)
            .chain(std::iter::once(&"manifest".to_string()))
            .map(|s| gz_of(&format!("{}/{s}.js", search::DATA_DIR)))
            .sum::<usize>()
            + script_gz;
        if bytes > worst.0 {
            worst = (bytes, q.clone(), hits.len());
        }
    }
    println!(
        "per query: at most {} gzipped (query “{}”, {} results), over {} queries",
        kb(worst.0),
        worst.1,
        worst.2,
        queries.len()
    );

    if browser {
        match browser_times(&out, &needed_shards, &queries) {
            Some((first_max, first_median, warm_max, worst_query, indexing)) => println!(
                "browser: indexing the loaded text {indexing:.1} ms (small sites only); first answer (decoding included) median {first_median:.1} ms, max {first_max:.1} ms (“{worst_query}”); repeated (best of 3) max {warm_max:.1} ms"
            ),
            None => println!("browser: Chromium not found or failed"),
        }
    }
    let _ = std::fs::remove_dir_all(&out);
}

/// Resident memory of this process in MiB (Linux; 0 elsewhere).
fn resident_mib() -> f64 {
    let pages: f64 = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1).and_then(|p| p.parse().ok()))
        .unwrap_or(0.0);
    pages * 4096.0 / 1024.0 / 1024.0
}

fn gz(bytes: &[u8]) -> usize {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(bytes).expect("gzip");
    e.finish().expect("gzip").len()
}

fn kb(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.2} MB", bytes as f64 / 1024.0 / 1024.0)
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}

fn manifest_json(manifest: &str) -> serde_json::Value {
    let start = manifest.find('{').expect("manifest data");
    let json = manifest[start..].trim().trim_end_matches(");");
    serde_json::from_str(json).expect("manifest JSON")
}

/// As `lastAtMost` in search-data.js: the last shard whose first token ≤ key.
fn shard_of(firsts: &[String], key: &str) -> usize {
    firsts
        .partition_point(|f| utf16_cmp(f, key) != std::cmp::Ordering::Greater)
        .saturating_sub(1)
}

/// Queries residents make, every frequent character alone, frequent
/// bigrams, numbers and words.
fn queries(index: &search::index::Index) -> Vec<String> {
    let mut q: Vec<String> = [
        "高空抛物",
        "养老诈骗",
        "12348",
        "劳动合同",
        "第1254条",
        "民法典",
        "反诈",
        "电动自行车 头盔",
        "遗嘱",
        "法律援助",
        "app",
        "a",
        "1",
        "高空抛物的法律责任",
        "邻居 噪音",
        // A pasted sentence of 60 characters.
        "接到自称公检法的电话要求转账一定是诈骗请拨打热线邻里之间发生纠纷可以申请人民调解委员会调解劳动合同的签订与解除用人单位",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut chars: BTreeMap<char, usize> = BTreeMap::new();
    let mut bigrams: Vec<(usize, &str)> = Vec::new();
    for (token, postings) in &index.postings {
        if let Some(c) = token.chars().next()
            && tokenize::class_of(c) == tokenize::Class::Cjk
        {
            let count = search::shards::count_numbers(postings) / 2;
            *chars.entry(c).or_default() += count;
            if token.chars().count() == 2 {
                bigrams.push((count, token));
            }
        }
    }
    let mut by_count: Vec<(usize, char)> = chars.into_iter().map(|(c, n)| (n, c)).collect();
    by_count.sort_by(|a, b| b.cmp(a));
    q.extend(by_count.iter().take(100).map(|(_, c)| c.to_string()));
    bigrams.sort_by(|a, b| b.cmp(a));
    q.extend(bigrams.iter().take(50).map(|(_, t)| t.to_string()));
    q
}

/// Times `pufaSearch.rankLoaded` in Chromium on a page that has loaded the
/// shards: (first-answer max, first-answer median, repeated max, slowest
/// query, time to index a small site's text).
fn browser_times(
    out: &Path,
    shards: &BTreeSet<String>,
    queries: &[String],
) -> Option<(f64, f64, f64, String, f64)> {
    let chrome = std::env::var("PUFA_CHROME").unwrap_or_else(|_| "chromium".into());
    let mut page =
        String::from("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\n");
    for part in ["text", "data", "index", "rank", "snippet", "page"] {
        page.push_str(&format!("<script src=\"../search-{part}.js\"></script>\n"));
    }
    page.push_str("<script src=\"data/manifest.js\"></script>\n");
    for s in shards {
        page.push_str(&format!("<script src=\"data/{s}.js\"></script>\n"));
    }
    page.push_str(&format!(
        "<script>
var queries = {};
var first = [], warm = 0;
var s0 = performance.now(); pufaSearch.rankLoaded(''); var indexing = performance.now() - s0;
queries.forEach(function (q) {{
  var t0 = performance.now(); pufaSearch.rankLoaded(q); var t1 = performance.now();
  first.push([t1 - t0, q]);
  var best = Infinity;
  for (var i = 0; i < 3; i++) {{ var a = performance.now(); pufaSearch.rankLoaded(q); best = Math.min(best, performance.now() - a); }}
  warm = Math.max(warm, best);
}});
var pre = document.createElement('pre'); pre.id = 'result';
pre.textContent = JSON.stringify({{first: first, warm: warm, indexing: indexing}});
document.body.appendChild(pre);
</script></body></html>",
        serde_json::json!(queries)
    ));
    std::fs::write(out.join("search/bench.html"), page).ok()?;
    let profile = std::env::temp_dir().join(format!("pufa-bench-chrome-{}", std::process::id()));
    let result = std::process::Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!(
            "file://{}",
            out.join("search/bench.html").display()
        ))
        .output()
        .ok()?;
    let _ = std::fs::remove_dir_all(&profile);
    let dom = String::from_utf8_lossy(&result.stdout);
    let start = dom.find("<pre id=\"result\">")? + "<pre id=\"result\">".len();
    let end = start + dom[start..].find("</pre>")?;
    let json = dom[start..end]
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    let value: serde_json::Value = serde_json::from_str(&json).ok()?;
    let mut first: Vec<(f64, String)> = value["first"]
        .as_array()?
        .iter()
        .map(|p| {
            (
                p[0].as_f64().unwrap_or(0.0),
                p[1].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    first.sort_by(|a, b| a.0.total_cmp(&b.0));
    let median = first[first.len() / 2].0;
    let (max, q) = first.last()?.clone();
    Some((
        max,
        median,
        value["warm"].as_f64()?,
        q,
        value["indexing"].as_f64()?,
    ))
}
