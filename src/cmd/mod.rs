//! Subcommands, one small module each. Every command returns an exit code;
//! problems are printed as `path:line:col: error: message` lines.

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod print;
pub mod serve;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, Failure};

#[derive(Parser, Debug)]
#[command(
    name = "pufa",
    version,
    about = "普法: static sites and printable boards for community legal publicity"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into public/ (or --output).
    Build(build::Args),
    /// Check the whole site and report every problem; writes nothing.
    Check(check::Args),
    /// Write a new content file with the right front matter and print its path.
    New(new::Args),
    /// Create a working skeleton site in DIR.
    Init(init::Args),
    /// Build, then list the board sheets of MONTH (or all); --pdf makes PDFs with Chromium.
    Print(print::Args),
    /// Preview the site while editing: pages reload when files change.
    Serve(serve::Args),
}

/// The site folder: `--root`, or the current folder.
pub fn site_root(root: Option<PathBuf>) -> PathBuf {
    root.unwrap_or_else(|| PathBuf::from("."))
}

pub fn run(cli: Cli) -> i32 {
    let result = match cli.command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::New(args) => new::run(args),
        Command::Init(args) => init::run(args),
        Command::Print(args) => print::run(args),
        Command::Serve(args) => serve::run(args),
    };
    match result {
        Ok(()) => 0,
        Err(failure) => {
            report(&failure.0);
            1
        }
    }
}

/// Prints problems to standard error, with a count at the end.
pub fn report(problems: &[Diagnostic]) {
    for d in problems {
        eprintln!("{d}");
    }
    let errors = problems.iter().filter(|d| d.is_error()).count();
    let warnings = problems.len() - errors;
    if errors > 0 {
        eprintln!("{errors} error(s), {warnings} warning(s): nothing was written");
    } else if warnings > 0 {
        eprintln!("{warnings} warning(s)");
    }
}

pub type CmdResult = Result<(), Failure>;
