//! `pufa build`: render the whole site into the output folder, which
//! changes only once everything succeeded, and then only where files changed.

use clap::Args as ClapArgs;
use std::collections::BTreeMap;
use std::path::PathBuf;

use super::CmdResult;
use crate::content::Kind;
use crate::output;
use crate::pipeline;
use crate::site::LoadOptions;

#[derive(ClapArgs, Debug)]
pub struct Args {
    /// The site folder (holding site.toml); default: the current folder.
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Where to write the site; default: ROOT/public.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Include drafts (`draft: true`).
    #[arg(long)]
    pub drafts: bool,
    /// Override `base_url` from site.toml.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Links point at index.html files, so the folder works opened from disk.
    #[arg(long)]
    pub offline: bool,
    /// Print how long each phase took.
    #[arg(long)]
    pub timings: bool,
}

pub fn run(args: Args) -> CmdResult {
    let root = super::site_root(args.root);
    let out = args.output.unwrap_or_else(|| root.join("public"));
    let started = std::time::Instant::now();
    let output = output::Output::open(&root, &out)?;
    let options = LoadOptions {
        drafts: args.drafts,
        base_url: args.base_url,
        offline: args.offline,
    };
    let built = pipeline::build(&root, &options, &output)?;
    let mut timings = built.timings;
    let report = output.commit()?;
    timings.mark("commit");
    super::report(&built.site.warnings);
    let mut counts: BTreeMap<Kind, usize> = BTreeMap::new();
    for e in &built.site.entries {
        *counts.entry(e.item.kind).or_default() += 1;
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(k, n)| format!("{} {n}", k.name_zh()))
        .collect();
    println!(
        "构建完成: {}; 共 {} 个文件 (写入 {}, 未变 {}, 删除 {}), 用时 {} ms → {}",
        parts.join(", "),
        built.files,
        report.written,
        report.unchanged,
        report.removed,
        started.elapsed().as_millis(),
        out.display()
    );
    if args.timings {
        print!("{}", timings.report());
    }
    Ok(())
}
