//! The `pufa` command line: parses arguments and hands them to a command.

use clap::Parser;
use pufa::cmd::{self, Cli};

fn main() {
    let cli = Cli::parse();
    let code = cmd::run(cli);
    std::process::exit(code);
}
