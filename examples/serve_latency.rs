//! Measures `pufa serve` latency: from saving a file to the reload event
//! reaching a browser's event stream. Not a test: run it on a quiet machine.
//!
//! ```sh
//! cargo build --release --bin pufa --example gen_site --example serve_latency
//! target/release/examples/gen_site 10000 /tmp/site10k
//! target/release/examples/serve_latency /tmp/site10k [EDITS]
//! ```
//!
//! It starts `target/release/pufa serve` on a free port (beside this
//! example's own binary), edits one explainer EDITS times (default 15),
//! prints every latency and the median, does the same for edits of its
//! title (front matter: lists and indexes change), then times a template change (every
//! page re-rendered) and a full `pufa build` for comparison. The site's
//! files are restored at the end. Edits come 300 ms apart;
//! `PUFA_EDIT_GAP_MS=2000` spaces them so each lands on a preview that has
//! finished its feeds and search data.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(root) = args.first().map(PathBuf::from) else {
        eprintln!("usage: serve_latency SITE_DIR [EDITS]");
        std::process::exit(2);
    };
    let edits: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(15);
    let pufa = std::env::current_exe()
        .expect("own path")
        .parent()
        .and_then(Path::parent)
        .expect("target/release")
        .join("pufa");

    let started = Instant::now();
    let mut child = Command::new(&pufa)
        .args(["serve", "--port", "0", "--root"])
        .arg(&root)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", pufa.display()));
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("serve output").expect("utf-8");
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.trim_end_matches('/').to_string();
        }
    };
    println!(
        "serve ready in {} ms (first build)",
        started.elapsed().as_millis()
    );
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            println!("    serve: {line}");
        }
    });

    let mut events = Events::open(&addr);
    let bulletins = all_text(&root.join("content/bulletins"));
    let explainers = md_files(&root.join("content/explainers"));
    let featured = |p: &PathBuf| bulletins.contains(&format!("explainers/{}", stem(p)));
    let plain = explainers
        .iter()
        .find(|p| !featured(p))
        .expect("an explainer");
    time_edits(&mut events, plain, edits, "explainer edit", Edit::Text);
    time_edits(&mut events, plain, edits, "title edit", Edit::Title);
    if let Some(f) = explainers.iter().find(|p| featured(p)) {
        // Shown on every building page's past boards: many more pages change.
        time_edits(
            &mut events,
            f,
            edits,
            "edit of an explainer featured in a bulletin",
            Edit::Text,
        );
    }

    let templates = root.join("templates");
    std::fs::create_dir_all(&templates).expect("templates/");
    let override_file = templates.join("explainer.html");
    let had_override = override_file.exists();
    std::thread::sleep(Duration::from_millis(300));
    let saved = Instant::now();
    std::fs::write(
        &override_file,
        "{% extends \"base.html\" %}\n{% block main %}<h1>{{ page_title }}</h1>{{ content | safe }}{% endblock main %}\n",
    )
    .expect("write template");
    events.wait_for(|d| d.contains('*'));
    println!(
        "template change → reload event: {} ms",
        saved.elapsed().as_millis()
    );
    if !had_override {
        let _ = std::fs::remove_file(&override_file);
        let _ = std::fs::remove_dir(&templates);
    }
    let _ = child.kill();
    let _ = child.wait();

    let out = std::env::temp_dir().join(format!("pufa-latency-{}", std::process::id()));
    let saved = Instant::now();
    let status = Command::new(&pufa)
        .args(["build", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&out)
        .stdout(Stdio::null())
        .status()
        .expect("run pufa build");
    println!(
        "full pufa build (for comparison): {} ms ({status})",
        saved.elapsed().as_millis()
    );
    let _ = std::fs::remove_dir_all(&out);
}

/// The pause before each edit: `PUFA_EDIT_GAP_MS` (default 300 ms, so the
/// feeds and search refresh after an edit is still running when the next
/// one comes; 2000 lets it finish first).
fn gap() -> Duration {
    let ms = std::env::var("PUFA_EDIT_GAP_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    Duration::from_millis(ms)
}

/// What each timed edit changes.
#[derive(Clone, Copy)]
enum Edit {
    /// A sentence at the top of the text.
    Text,
    /// The title, in the front matter.
    Title,
}

impl Edit {
    fn apply(self, original: &str, n: usize) -> String {
        match self {
            Edit::Text => original.replacen("\n---\n", &format!("\n---\n第{n}次修改。\n\n"), 1),
            Edit::Title => {
                let line = original
                    .lines()
                    .find(|l| l.starts_with("title:"))
                    .expect("a title line");
                let value = line["title:".len()..].trim().trim_matches('"');
                original.replacen(line, &format!("title: \"{value}（第{n}次修改）\""), 1)
            }
        }
    }
}

/// Edits `file` `edits` times, printing each latency and the median; restores it.
fn time_edits(events: &mut Events, file: &Path, edits: usize, what: &str, edit: Edit) {
    let page = format!("/explainers/{}/", stem(file));
    let original = std::fs::read_to_string(file).expect("read the explainer");
    let mut times = Vec::new();
    for n in 0..edits {
        std::thread::sleep(gap());
        let text = edit.apply(&original, n);
        let marker = format!("第{n}次修改");
        let saved = Instant::now();
        std::fs::write(file, text).expect("write");
        // The first reload naming the page after which the page shows
        // this edit (an event still queued from the last edit does not count).
        let ms = loop {
            events.wait_for(|d| d.contains(&page));
            let at = saved.elapsed().as_secs_f64() * 1000.0;
            if get(&events.addr, &page).contains(&marker) {
                break at;
            }
        };
        println!("{what} {n:2}: {ms:6.1} ms");
        times.push(ms);
    }
    std::fs::write(file, &original).expect("restore");
    events.wait_for(|d| d.contains(&page));
    times.sort_by(f64::total_cmp);
    println!(
        "{what} → reload event: median {:.1} ms, min {:.1} ms, max {:.1} ms ({} edits of {})",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1],
        times.len(),
        file.display()
    );
}

fn md_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "md"));
    files.sort();
    files
}

fn all_text(dir: &Path) -> String {
    md_files(dir)
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// The body of `path` as the server sends it now.
fn get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut body = Vec::new();
    std::io::Read::read_to_end(&mut s, &mut body).expect("read the page");
    String::from_utf8_lossy(&body).into_owned()
}

struct Events {
    stream: BufReader<TcpStream>,
    addr: String,
}

impl Events {
    fn open(addr: &str) -> Events {
        let mut s = TcpStream::connect(addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
        write!(s, "GET /__pufa/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        Events {
            stream: BufReader::new(s),
            addr: addr.to_string(),
        }
    }

    /// Waits for a `reload` event whose data passes `ok`.
    fn wait_for(&mut self, ok: impl Fn(&str) -> bool) {
        let mut reload = false;
        loop {
            let mut line = String::new();
            if self.stream.read_line(&mut line).expect("event") == 0 {
                panic!("event stream closed");
            }
            let line = line.trim_end();
            if line == "event: reload" {
                reload = true;
            } else if let Some(data) = line.strip_prefix("data: ") {
                if reload && ok(data) {
                    return;
                }
            } else if line.is_empty() {
                reload = false;
            }
        }
    }
}
