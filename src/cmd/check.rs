//! `pufa check`: loads the whole site, runs every check and renders every
//! page in memory, then reports all problems at once, sorted by file. Never
//! writes anything. Exit code 1 on any error, 0 with warnings only.

use clap::{Args as ClapArgs, ValueEnum};
use serde_json::json;
use std::path::PathBuf;

use super::CmdResult;
use crate::diagnostic::{self, Diagnostic, Failure, Severity};
use crate::pipeline;
use crate::site::LoadOptions;

#[derive(ClapArgs, Debug)]
pub struct Args {
    /// The site folder (holding site.toml); default: the current folder.
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// `text` for people, `json` for tools.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Check drafts (`draft: true`) too, as `pufa build --drafts` would publish them.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn run(args: Args) -> CmdResult {
    let root = super::site_root(args.root);
    let options = LoadOptions {
        drafts: args.drafts,
        ..LoadOptions::default()
    };
    let problems = match gather(&root, &options) {
        Ok(problems) => problems,
        Err(failure) => failure.0,
    };
    match args.format {
        Format::Text => print_text(&problems),
        Format::Json => println!("{}", to_json(&problems)),
    }
    if problems.iter().any(Diagnostic::is_error) {
        // Already printed: fail without printing them again.
        Err(Failure(Vec::new()))
    } else {
        Ok(())
    }
}

/// Every problem of the site at `root`: loading, checks, then templates.
pub fn gather(root: &std::path::Path, options: &LoadOptions) -> Result<Vec<Diagnostic>, Failure> {
    let (site, mut problems) = pipeline::load_checked(root, options)?;
    let mut timings = crate::timings::Timings::default();
    let discard = crate::output::NullSink::default();
    match pipeline::render_files(root, &site, &mut timings, &discard) {
        Ok((_, shortened)) => problems.extend(shortened),
        Err(failure) => problems.extend(failure.0),
    }
    diagnostic::sort(&mut problems);
    problems.dedup();
    Ok(problems)
}

fn print_text(problems: &[Diagnostic]) {
    for d in problems {
        println!("{d}");
    }
    let errors = problems.iter().filter(|d| d.is_error()).count();
    let warnings = problems.len() - errors;
    if problems.is_empty() {
        println!("no problems found");
    } else {
        println!("{errors} error(s), {warnings} warning(s)");
    }
}

fn to_json(problems: &[Diagnostic]) -> String {
    let list: Vec<_> = problems
        .iter()
        .map(|d| {
            json!({
                "path": d.path.to_string_lossy().replace('\\', "/"),
                "line": d.line,
                "column": d.column,
                "severity": match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                "message": d.message,
                "hint": d.hint,
            })
        })
        .collect();
    let errors = problems.iter().filter(|d| d.is_error()).count();
    json!({
        "errors": errors,
        "warnings": problems.len() - errors,
        "problems": list,
    })
    .to_string()
}
