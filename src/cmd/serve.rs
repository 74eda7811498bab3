//! `pufa serve`: live preview while writing; see [`crate::serve`].

use clap::Args as ClapArgs;
use std::net::IpAddr;
use std::path::PathBuf;

use super::CmdResult;
use crate::serve;

#[derive(ClapArgs, Debug)]
pub struct Args {
    /// The site folder (holding site.toml); default: the current folder.
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on; the default lets only this computer in.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Open the site in the web browser.
    #[arg(long)]
    pub open: bool,
    /// Include drafts (`draft: true`).
    #[arg(long)]
    pub drafts: bool,
}

pub fn run(args: Args) -> CmdResult {
    serve::run(serve::Options {
        root: super::site_root(args.root),
        bind: args.bind,
        port: args.port,
        drafts: args.drafts,
        open: args.open,
    })
}
