//! How long planning the print sheets takes, and how big they are, on a
//! site: `cargo run --release --example print_bench -- DIR [RUNS]`
//! (e.g. a site made by `gen_site -- 10000 /tmp/print-10k`). Loads the site
//! once, then times `pufa::print::page_jobs` (fitting and template data of every
//! sheet) RUNS times, and renders the print pages once to count their bytes.

use std::path::PathBuf;
use std::time::Instant;

use pufa::render::Renderer;
use pufa::render::values::EntryValues;
use pufa::site::LoadOptions;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("usage: print_bench DIR [RUNS]"));
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let (site, _) = pufa::pipeline::load_checked(&root, &LoadOptions::default())
        .unwrap_or_else(|f| panic!("{:?}", f.0.first()));
    let values = EntryValues::build(&site);
    let mut times = Vec::new();
    let mut planned = None;
    let cpu_before = cpu_ms();
    for _ in 0..runs {
        let started = Instant::now();
        let p =
            pufa::print::page_jobs(&site, &values).unwrap_or_else(|f| panic!("{:?}", f.0.first()));
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        planned = Some(p);
    }
    let cpu = (cpu_ms() - cpu_before) / runs as f64;
    times.sort_by(f64::total_cmp);
    let planned = planned.expect("at least one run");
    let jobs = planned.len();
    let mut renderer = Renderer::new(&root, &site.config.theme).expect("templates");
    // Sets the site-wide template data.
    let _ = renderer.plan(&site, &values);
    let started = Instant::now();
    let files = renderer.render_jobs(planned).expect("render");
    let render_ms = started.elapsed().as_secs_f64() * 1000.0;
    let sheets: Vec<&(String, Vec<u8>)> = files
        .iter()
        .filter(|(p, _)| p.starts_with("print/20"))
        .collect();
    let sheet_bytes: usize = sheets.iter().map(|(_, b)| b.len()).sum();
    let all_bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    println!(
        "print plan: {jobs} pages; wall median {:.1} ms (min {:.1}, max {:.1}, {runs} runs), CPU {cpu:.0} ms a run (all threads); render {render_ms:.0} ms",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
    println!(
        "sheets: {} files, {:.1} MB, {:.1} KB each; all print pages {:.1} MB",
        sheets.len(),
        sheet_bytes as f64 / 1e6,
        sheet_bytes as f64 / 1e3 / sheets.len().max(1) as f64,
        all_bytes as f64 / 1e6,
    );
}

/// CPU time of the whole process so far (all threads), in ms: on a shared
/// machine wall time mostly measures the other jobs.
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    (ticks(11) + ticks(12)) * 10.0
}
