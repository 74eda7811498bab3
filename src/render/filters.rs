//! Tera filters the themes use: relative links, Chinese dates, absolute URLs.

use tera::{Kwargs, State, Tera, TeraResult};

use crate::site::dates::{day_zh, parse_loose, weekday_zh};

pub fn register(tera: &mut Tera) {
    tera.register_filter("url", url);
    tera.register_filter("date_zh", date_zh);
    tera.register_filter("weekday_zh", weekday);
    tera.register_filter("abs_url", abs_url);
}

/// `{{ "cases/a/" | url }}`: the link from the page being rendered.
fn url(target: &str, _: Kwargs, state: &State) -> TeraResult<String> {
    let from: String = state.get("page_path")?.unwrap_or_default();
    let offline: bool = state.get("offline")?.unwrap_or(false);
    if from == "404.html" && !offline {
        // The 404 page is served at any address, so relative links would break.
        let base: String = state.get("base_url")?.unwrap_or_else(|| "/".into());
        return Ok(crate::urls::absolute(&base, target));
    }
    Ok(crate::urls::relative(&from, target, offline))
}

/// `{{ "2023-05-12" | date_zh }}` → 2023年5月12日.
fn date_zh(date: &str, _: Kwargs, _: &State) -> String {
    parse_loose(date).map_or_else(|| date.to_string(), day_zh)
}

fn weekday(date: &str, _: Kwargs, _: &State) -> String {
    parse_loose(date).map_or_else(String::new, |d| weekday_zh(d).to_string())
}

/// `{{ "cases/a/" | abs_url }}`: the page's address at `base_url`.
fn abs_url(target: &str, _: Kwargs, state: &State) -> TeraResult<String> {
    let base: String = state.get("base_url")?.unwrap_or_else(|| "/".into());
    Ok(crate::urls::absolute(&base, target))
}
