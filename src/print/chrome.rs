//! Finding and driving a locally installed Chromium for PDFs: `--chrome`,
//! then `PUFA_CHROME`, then `chromium`, `chromium-browser`, `google-chrome`
//! on PATH. Nothing is ever downloaded; the browser runs headless on a
//! throw-away profile with networking features off, on local files only.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::diagnostic::Diagnostic;

pub const ENV: &str = "PUFA_CHROME";
const NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
];
/// A sheet renders in about a second; a hung browser is stopped after this.
const TIMEOUT: Duration = Duration::from_secs(120);

/// The browser to use, or a diagnostic saying how to get one.
pub fn find(explicit: Option<&Path>) -> Result<PathBuf, Diagnostic> {
    if let Some(p) = explicit {
        return existing(p, "--chrome");
    }
    if let Some(p) = std::env::var_os(ENV).filter(|p| !p.is_empty()) {
        return existing(Path::new(&p), ENV);
    }
    on_path().ok_or_else(|| {
        Diagnostic::error("chromium", "no Chromium or Chrome browser was found to make PDFs")
            .with_hint(format!(
                "install one (Debian/Ubuntu: `apt-get install chromium fonts-noto-cjk`), or give its path with --chrome PATH or {ENV}=PATH; pufa never downloads a browser. Without PDFs you can still open a sheet's index.html in a browser and print it"
            ))
    })
}

/// The first known browser name found on PATH.
pub fn on_path() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for name in NAMES {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

fn existing(p: &Path, from: &str) -> Result<PathBuf, Diagnostic> {
    if p.is_file() {
        return Ok(p.to_path_buf());
    }
    // A bare name such as `chromium` is looked up on PATH.
    if p.components().count() == 1
        && let Some(path) = std::env::var_os("PATH")
        && let Some(found) = std::env::split_paths(&path)
            .map(|d| d.join(p))
            .find(|c| c.is_file())
    {
        return Ok(found);
    }
    Err(
        Diagnostic::error(p, format!("the browser given by {from} does not exist"))
            .with_hint("give the full path of chromium or google-chrome"),
    )
}

/// Prints the page `html` to `pdf` at the page size its CSS asks for, with
/// no header or footer.
pub fn print_to_pdf(chrome: &Path, html: &Path, pdf: &Path) -> Result<(), Diagnostic> {
    let _ = std::fs::remove_file(pdf);
    let out = pdf.to_string_lossy();
    run(
        chrome,
        &[
            &format!("--print-to-pdf={out}"),
            // The flag's name changed in Chromium 111; older ones ignore the new name and vice versa.
            "--no-pdf-header-footer",
            "--print-to-pdf-no-header",
        ],
        html,
    )?;
    if pdf.is_file() {
        Ok(())
    } else {
        Err(Diagnostic::error(pdf, "the browser finished but wrote no PDF")
            .with_hint("run the same command with --chrome pointing at another Chromium, or print the HTML from a browser"))
    }
}

/// The page's DOM after its scripts ran, as HTML.
pub fn dump_dom(chrome: &Path, html: &Path) -> Result<String, Diagnostic> {
    run(chrome, &["--dump-dom", "--virtual-time-budget=3000"], html)
}

fn run(chrome: &Path, extra: &[&str], html: &Path) -> Result<String, Diagnostic> {
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let profile = std::env::temp_dir().join(format!(
        "pufa-chrome-{}-{}",
        std::process::id(),
        RUNS.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&profile);
    let html = std::path::absolute(html).unwrap_or_else(|_| html.to_path_buf());
    let mut cmd = Command::new(chrome);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--hide-scrollbars",
        "--run-all-compositor-stages-before-draw",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(extra)
    .arg(file_url(&html))
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| {
        Diagnostic::io(chrome, "start the browser", &e)
            .with_hint("check the path given by --chrome or PUFA_CHROME")
    })?;
    let stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut s) = stdout {
            let _ = std::io::Read::read_to_string(&mut s, &mut text);
        }
        text
    });
    let stderr = child.stderr.take();
    let err_reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut s) = stderr {
            let _ = std::io::Read::read_to_string(&mut s, &mut text);
        }
        text
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(_) => break None,
        }
    };
    let text = reader.join().unwrap_or_default();
    let errors = err_reader.join().unwrap_or_default();
    let _ = std::fs::remove_dir_all(&profile);
    match status {
        Some(s) if s.success() => Ok(text),
        Some(s) => Err(Diagnostic::error(
            &html,
            format!("the browser failed ({s}): {}", last_lines(&errors)),
        )),
        None => Err(Diagnostic::error(
            &html,
            format!("the browser did not finish within {} s", TIMEOUT.as_secs()),
        )),
    }
}

fn last_lines(text: &str) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(3)..].join(" / ")
}

/// `file://` address of an absolute path, with the characters URLs reserve escaped.
pub fn file_url(path: &Path) -> String {
    let mut out = String::from("file://");
    for c in path.to_string_lossy().replace('\\', "/").chars() {
        match c {
            ' ' => out.push_str("%20"),
            '#' => out.push_str("%23"),
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3F"),
            _ => out.push(c),
        }
    }
    if !out.starts_with("file:///") {
        out.insert(7, '/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_escape_reserved_characters() {
        assert_eq!(
            file_url(Path::new("/tmp/a b/#1/index.html")),
            "file:///tmp/a%20b/%231/index.html"
        );
    }

    #[test]
    fn a_missing_explicit_browser_is_reported() {
        let e = find(Some(Path::new("/nonexistent/chromium"))).unwrap_err();
        assert!(e.message.contains("does not exist"));
    }
}
