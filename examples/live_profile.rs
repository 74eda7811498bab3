//! Times `pufa serve`'s incremental rebuild alone, in one process: no
//! server, no watcher, no browser. Useful under a profiler (`perf record`),
//! where `serve_latency` would also show the HTTP side and the feeds and
//! search refresh that follow each edit. Not a test.
//!
//! ```sh
//! cargo build --release --example gen_site --example live_profile
//! target/release/examples/gen_site 10000 /tmp/site10k
//! target/release/examples/live_profile /tmp/site10k content/explainers/zs-000003.md [EDITS]
//! ```
//!
//! It loads the site as `pufa serve` does, then EDITS times (default 40)
//! appends a sentence to the file and rebuilds, and prints the phases of
//! the first rebuilds and the median. With `PUFA_EDIT=title` each edit
//! changes the title in the front matter instead. The file is restored at
//! the end.

use pufa::serve::live::{Live, Outcome};
use pufa::serve::watch::Batch;
use pufa::site::LoadOptions;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(root), Some(file)) = (args.first(), args.get(1)) else {
        eprintln!("usage: live_profile SITE_DIR CONTENT_FILE [EDITS]");
        std::process::exit(2);
    };
    let (root, file) = (PathBuf::from(root), PathBuf::from(file));
    let edits: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(40);
    let options = LoadOptions {
        base_url: Some("/".into()),
        ..LoadOptions::default()
    };
    let started = Instant::now();
    let (mut live, _) = Live::start(&root, options);
    println!("loaded in {} ms", started.elapsed().as_millis());
    let original = std::fs::read_to_string(root.join(&file)).expect("the content file");
    let title_edits = std::env::var("PUFA_EDIT").is_ok_and(|v| v == "title");
    let mut times = Vec::with_capacity(edits);
    for i in 0..edits {
        let text = if title_edits {
            retitled(&original, i)
        } else {
            format!("{original}\n第{i}次修改。\n")
        };
        std::fs::write(root.join(&file), text).expect("write");
        let mut batch = Batch::default();
        batch.content.insert(file.clone());
        let t = Instant::now();
        let outcome = live.apply_pages(&batch);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        if let Outcome::Failed(problems) = outcome {
            eprintln!("rebuild failed: {problems:?}");
            break;
        }
        if i < 3 {
            print!("{}", live.timings.report());
        }
    }
    std::fs::write(root.join(&file), original).expect("restore");
    times.sort_by(f64::total_cmp);
    if let (Some(min), Some(max)) = (times.first(), times.last()) {
        println!(
            "rebuild after an edit: median {:.1} ms, min {min:.1} ms, max {max:.1} ms ({} edits)",
            times[times.len() / 2],
            times.len()
        );
    }
}

/// `text` with `（第n次修改）` added to the title line of its front matter.
fn retitled(text: &str, n: usize) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut done = false;
    for line in text.split_inclusive('\n') {
        if !done && let Some(value) = line.strip_prefix("title:") {
            let value = value.trim().trim_matches('"');
            out.push_str(&format!("title: \"{value}（第{n}次修改）\"\n"));
            done = true;
        } else {
            out.push_str(line);
        }
    }
    assert!(done, "the file has no title line");
    out
}
