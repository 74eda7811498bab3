//! pufa (普法): a static site generator for a residential community's
//! legal-publicity team.
//!
//! The data flows one way: `site.toml` ([`config`]) and `content/`
//! ([`content`]) → rendered Markdown ([`markdown`]) → the site model and its
//! indexes ([`site`]) → pages rendered by templates ([`render`]) → files
//! written safely ([`output`]). [`pipeline`] runs those steps in memory;
//! [`cmd`] holds one small module per subcommand.

pub mod check;
pub mod cmd;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod laws;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod print;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod text;
pub mod theme;
pub mod timings;
pub mod urls;
