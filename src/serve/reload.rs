//! Live reload over server-sent events. Each HTML response the server sends
//! carries a small script (added at response time: the files `pufa build`
//! writes never contain it) that listens on [`EVENTS_PATH`]. After a rebuild
//! the server sends the addresses of the pages that changed; a page reloads
//! only when its own address is among them, so a person reading one page is
//! not disturbed by edits to another.
//!
//! Events: `reload` (data: JSON list of paths such as `"/cases/a/"`, or
//! `"*"` for every page), `problem` (see [`super::overlay`]) and `ok` (the
//! site builds again: remove the overlay).
//!
//! A held-open event stream costs no thread: the [`Hub`] keeps its socket
//! writer and writes to it only when there is news.

use std::io::Write;
use std::sync::Mutex;

/// Where the reload script listens.
pub const EVENTS_PATH: &str = "/__pufa/events";

/// Open event streams allowed at once; more are refused with 503.
pub const MAX_CLIENTS: usize = 256;

const SCRIPT: &str = r#"<script>/* pufa serve: live reload (not in built files) */
(function () {
  "use strict";
  if (!window.EventSource) return;
  var OVERLAY = "pufa-overlay";
  function here() {
    var p = location.pathname;
    try { p = decodeURI(p); } catch (e) {}
    return p.replace(/index\.html$/, "");
  }
  function removeOverlay() {
    var old = document.getElementById(OVERLAY);
    if (old) old.parentNode.removeChild(old);
  }
  function showOverlay(problems) {
    removeOverlay();
    var box = document.createElement("div");
    box.id = OVERLAY;
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:1.5rem;background:#fff8f0;color:#1a1a1a;border:6px solid #b00020;font:1.25rem/1.7 system-ui,sans-serif";
    var h = document.createElement("h2");
    h.style.cssText = "margin:0 0 .5rem;color:#b00020";
    h.textContent = "网站没有更新：请修改下面的错误";
    box.appendChild(h);
    var p = document.createElement("p");
    p.textContent = "The site did not rebuild. Showing the last good version; save a fix and this disappears.";
    box.appendChild(p);
    problems.forEach(function (line) {
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;font:1.1rem/1.6 monospace;background:#fff;border-left:4px solid #b00020;padding:.75rem;margin:0 0 1rem";
      pre.textContent = line;
      box.appendChild(pre);
    });
    document.body.appendChild(box);
  }
  var source = new EventSource("/__pufa/events");
  source.addEventListener("reload", function (e) {
    var paths = JSON.parse(e.data);
    if (paths.indexOf("*") >= 0 || paths.indexOf(here()) >= 0) location.reload();
  });
  source.addEventListener("problem", function (e) {
    showOverlay(JSON.parse(e.data).problems);
  });
  source.addEventListener("ok", removeOverlay);
})();
</script>
"#;

/// Adds the reload script (and `extra`, such as the error overlay) to an
/// HTML page, just before `</body>`, or at the end when there is none.
pub fn inject(html: &[u8], extra: &str) -> Vec<u8> {
    let at = find_last_ci(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + SCRIPT.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(SCRIPT.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=haystack.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// One server-sent event, framed.
pub fn frame(event: &str, data: &str) -> String {
    let mut out = format!("event: {event}\n");
    for line in data.lines() {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    if data.is_empty() {
        out.push_str("data:\n");
    }
    out.push('\n');
    out
}

/// The open event streams.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Box<dyn Write + Send>>>,
}

impl Hub {
    /// Takes a client's raw connection: writes the response head and
    /// `first` (the current state), then keeps it for later events.
    /// Returns false when the client is gone or there are too many.
    pub fn subscribe(&self, mut writer: Box<dyn Write + Send>, first: &str) -> bool {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        let head = if clients.len() >= MAX_CLIENTS {
            "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        } else {
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: keep-alive\r\nX-Accel-Buffering: no\r\n\r\nretry: 1000\n\n"
        };
        let full = clients.len() >= MAX_CLIENTS;
        let ok = writer
            .write_all(head.as_bytes())
            .and_then(|_| writer.write_all(first.as_bytes()))
            .and_then(|_| writer.flush())
            .is_ok();
        if ok && !full {
            clients.push(writer);
        }
        ok && !full
    }

    /// Sends one event to every stream, dropping those whose client left.
    pub fn send(&self, event: &str, data: &str) {
        self.send_raw(&frame(event, data));
    }

    /// A comment line: keeps proxies from closing idle streams and finds
    /// clients that went away.
    pub fn ping(&self) {
        self.send_raw(": ping\n\n");
    }

    fn send_raw(&self, text: &str) {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain_mut(|w| w.write_all(text.as_bytes()).and_then(|_| w.flush()).is_ok());
    }

    pub fn len(&self) -> usize {
        self.clients.lock().map_or(0, |c| c.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[test]
    fn script_goes_before_the_last_body_end() {
        let page = b"<html><body><p>a</p></BODY></html>";
        let out = String::from_utf8(inject(page, "<div>x</div>")).unwrap();
        let script = out.find("<script>").unwrap();
        assert!(out.find("<div>x</div>").unwrap() < script);
        assert!(script < out.find("</BODY>").unwrap());
        assert!(out.starts_with("<html><body><p>a</p>"));
        let bare = String::from_utf8(inject(b"hello", "")).unwrap();
        assert!(bare.starts_with("hello<script>"));
    }

    #[test]
    fn frames_multi_line_data() {
        assert_eq!(
            frame("reload", "[\"/\"]"),
            "event: reload\ndata: [\"/\"]\n\n"
        );
        assert_eq!(frame("x", "a\nb"), "event: x\ndata: a\ndata: b\n\n");
    }

    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>, bool);
    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.1 {
                return Err(std::io::ErrorKind::BrokenPipe.into());
            }
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn departed_clients_are_dropped() {
        let hub = Hub::default();
        let good = Sink::default();
        assert!(hub.subscribe(Box::new(good.clone()), ""));
        assert!(!hub.subscribe(Box::new(Sink(Arc::default(), true)), ""));
        hub.send("reload", "[\"*\"]");
        assert_eq!(hub.len(), 1);
        let text = String::from_utf8(good.0.lock().unwrap().clone()).unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(text.ends_with("event: reload\ndata: [\"*\"]\n\n"));
    }
}
