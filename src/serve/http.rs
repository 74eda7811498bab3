//! The HTTP side of `pufa serve`, on tiny_http: a few worker threads answer
//! requests from the in-memory site.
//!
//! Safety by construction: the server never opens a file for a request. A
//! request path is decoded and checked by [`request_path`] (no `..`, no `.`,
//! no backslashes, no NUL, no empty segments, valid UTF-8, after
//! percent-decoding), then looked up in the map of built files, so nothing
//! outside the built site can be named. There are no directory listings: a
//! folder answers with its `index.html` or the site's 404 page.

use std::collections::HashMap;
use std::sync::Arc;
use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::{Shared, overlay, reload};

/// The built files, by path from the site root (`cases/a/index.html`).
pub type Files = HashMap<Arc<str>, Arc<[u8]>>;

/// A request path made safe: the path from the site root, without the
/// leading `/` (`cases/a/`, `style.css`, `` for the home page); `None` for
/// anything that could name a file outside the site.
pub fn request_path(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let rest = path.strip_prefix('/')?;
    let bytes = percent_decode(rest)?;
    let decoded = String::from_utf8(bytes).ok()?;
    if decoded.contains(['\\', '\0']) || decoded.starts_with('/') {
        return None;
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        let empty_inside = s.is_empty() && i != last;
        if empty_inside || *s == "." || *s == ".." || s.contains(':') {
            return None;
        }
    }
    Some(decoded)
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// What a safe request path names in the built site.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    File(String),
    /// A folder asked for without its final `/`: send the browser there, so
    /// the page's relative links work.
    Redirect(String),
    NotFound,
}

pub fn lookup(files: &Files, path: &str) -> Found {
    if path.is_empty() || path.ends_with('/') {
        let index = format!("{path}index.html");
        return if files.contains_key(index.as_str()) {
            Found::File(index)
        } else {
            Found::NotFound
        };
    }
    if files.contains_key(path) {
        Found::File(path.to_string())
    } else if files.contains_key(format!("{path}/index.html").as_str()) {
        Found::Redirect(format!("/{path}/"))
    } else {
        Found::NotFound
    }
}

/// The content type for a file name.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "wasm" => "application/wasm",
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|_| Header::from_bytes(&b"X-Pufa"[..], &b"-"[..]).expect("valid header"))
}

/// Answers one request. Errors writing to the client (it went away) are ignored.
pub fn handle(request: Request, shared: &Shared) {
    let method = request.method().clone();
    if !matches!(method, Method::Get | Method::Head) {
        let response = Response::from_string("only GET and HEAD\n")
            .with_status_code(405)
            .with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(response);
        return;
    }
    let url = request.url().to_string();
    if url.split('?').next() == Some(reload::EVENTS_PATH) {
        let first = shared.state().first_event();
        shared.hub.subscribe(request.into_writer(), &first);
        return;
    }
    let state = shared.state();
    let found = request_path(&url).map_or(Found::NotFound, |p| lookup(&state.files, &p));
    let (status, name, body) = match found {
        Found::File(name) => {
            let bytes = state.files[name.as_str()].clone();
            (200, name, bytes)
        }
        Found::Redirect(location) => {
            let response = Response::empty(301)
                .with_header(header("Location", &location))
                .with_header(header("Cache-Control", "no-store"));
            let _ = request.respond(response);
            return;
        }
        Found::NotFound => match state.files.get("404.html") {
            Some(bytes) => (404, "404.html".to_string(), bytes.clone()),
            None => (
                404,
                "404.html".to_string(),
                Arc::from(&b"<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>404</title><body><h1>\xE9\xA1\xB5\xE9\x9D\xA2\xE6\x9C\xAA\xE6\x89\xBE\xE5\x88\xB0 (404)</h1></body></html>"[..]),
            ),
        },
    };
    let kind = content_type(&name);
    let body: Vec<u8> = if kind.starts_with("text/html") {
        let extra = state
            .problems
            .as_ref()
            .map(|p| overlay::html(p))
            .unwrap_or_default();
        reload::inject(&body, &extra)
    } else {
        body.to_vec()
    };
    let response = Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    let _ = request.respond(response);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_pass() {
        assert_eq!(request_path("/").as_deref(), Some(""));
        assert_eq!(request_path("/cases/a/").as_deref(), Some("cases/a/"));
        assert_eq!(request_path("/style.css?v=2").as_deref(), Some("style.css"));
        assert_eq!(
            request_path("/topics/%E6%B3%95/").as_deref(),
            Some("topics/法/")
        );
    }

    #[test]
    fn escapes_are_refused() {
        for url in [
            "/../etc/passwd",
            "/cases/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/cases/%2e%2e%2f%2e%2e%2fsite.toml",
            "/..%5c..%5cetc%5cpasswd",
            "/cases\\..\\..\\site.toml",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/./style.css",
            "/a/%00",
            "/%zz",
            "/%ff%fe",
            "/C:/Windows/win.ini",
            "etc/passwd",
            "http://evil/",
        ] {
            assert_eq!(request_path(url), None, "{url}");
        }
    }

    #[test]
    fn folders_redirect_and_never_list() {
        let mut files = Files::new();
        files.insert("index.html".into(), Arc::from(&b"home"[..]));
        files.insert("cases/a/index.html".into(), Arc::from(&b"a"[..]));
        files.insert("style.css".into(), Arc::from(&b"css"[..]));
        assert_eq!(lookup(&files, ""), Found::File("index.html".into()));
        assert_eq!(
            lookup(&files, "cases/a/"),
            Found::File("cases/a/index.html".into())
        );
        assert_eq!(
            lookup(&files, "cases/a"),
            Found::Redirect("/cases/a/".into())
        );
        assert_eq!(lookup(&files, "cases/"), Found::NotFound);
        assert_eq!(lookup(&files, "style.css/"), Found::NotFound);
        assert_eq!(lookup(&files, "missing.css"), Found::NotFound);
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("pufa.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("logo.SVG"), "image/svg+xml");
        assert_eq!(content_type("atom.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("search.json"), "application/json");
        assert_eq!(content_type("board.pdf"), "application/pdf");
        assert_eq!(content_type("a.woff2"), "font/woff2");
        assert_eq!(content_type("README"), "application/octet-stream");
    }
}
