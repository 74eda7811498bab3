//! `pufa serve` end to end: a real server on a free port in a temp copy of a
//! site, spoken to over plain TCP. Every wait is bounded, so a failure fails
//! the test instead of hanging the suite.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use pufa::serve::live::{Live, Outcome};
use pufa::serve::watch::{Batch, Watcher};
use pufa::site::LoadOptions;

const WAIT: Duration = Duration::from_secs(20);

/// A small site with every kind of list an explainer appears in.
fn site(name: &str) -> PathBuf {
    let dir = support::temp_dir(name);
    let out = support::pufa(&["init", dir.join("site").to_str().unwrap()]);
    assert!(out.status.success(), "{}", support::stderr(&out));
    let root = dir.join("site");
    let files: &[(&str, &str)] = &[
        (
            "content/explainers/fanzha.md",
            "---\ntitle: 识破养老诈骗\ndate: 2023-10-08\ntopics: [反诈, 养老]\naudiences: [老年人]\nkey_points: [不轻信, 不转账]\n---\n保健品“包治百病”是骗局。\n\n另见[高空抛物](gaokong-paowu.md)。\n",
        ),
        (
            "content/cases/zhangmou.md",
            "---\ntitle: 张某高空抛物案\ndate: 2023-06-01\nsource: 某区人民法院\ntopics: [民法典]\nbuildings: [1-zhuang]\n---\n## 案情简介\n\n张某从楼上扔下花盆。\n",
        ),
    ];
    for (rel, text) in files {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    root
}

// ---------------------------------------------------------------------------
// A running server and a tiny HTTP client.

struct Server {
    child: Child,
    addr: String,
    root: PathBuf,
    stderr: Receiver<String>,
}

impl Server {
    fn start(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pufa"))
            .args(["serve", "--port", "0", "--root", root.to_str().unwrap()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start pufa serve");
        let (tx, rx) = channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let (etx, stderr) = channel();
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let _ = etx.send(line);
            }
        });
        let started = Instant::now();
        let mut addr = None;
        let mut said_local = false;
        while started.elapsed() < WAIT && !(addr.is_some() && said_local) {
            if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
                if let Some(rest) = line.split("http://").nth(1) {
                    addr = Some(rest.trim_end_matches('/').to_string());
                }
                said_local |= line.contains("只有本机可以访问");
            }
        }
        let addr = addr.expect("pufa serve printed its address in time");
        assert!(
            said_local,
            "serve must say it listens on this computer only"
        );
        std::thread::spawn(move || for _ in rx {}); // keep draining stdout
        Server {
            child,
            addr,
            root: root.to_path_buf(),
            stderr,
        }
    }

    fn get(&self, path: &str) -> Reply {
        request(&self.addr, "GET", path)
    }

    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        write!(
            stream,
            "GET /__pufa/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        // The stream opens with the current state.
        let first = events.next_event();
        assert!(first.0 == "ok" || first.0 == "problem", "{first:?}");
        events
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn text(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

fn request(addr: &str, method: &str, path: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// The next event as (name, data); skips the response head and comments.
    fn next_event(&mut self) -> (String, String) {
        let (mut name, mut data) = (String::new(), String::new());
        loop {
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).expect("event in time");
            assert!(n > 0, "event stream closed");
            let line = line.trim_end_matches(['\r', '\n']);
            if let Some(v) = line.strip_prefix("event: ") {
                name = v.to_string();
            } else if let Some(v) = line.strip_prefix("data:") {
                data.push_str(v.trim_start());
            } else if line.is_empty() && !name.is_empty() {
                return (name, data);
            }
        }
    }

    /// Waits for an event called `name` whose data satisfies `ok`.
    fn wait_for(&mut self, name: &str, ok: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        while started.elapsed() < WAIT {
            let (n, d) = self.next_event();
            if n == name && ok(&d) {
                return d;
            }
        }
        panic!("no `{name}` event in time");
    }
}

fn reload_paths(data: &str) -> Vec<String> {
    serde_json::from_str(data).unwrap()
}

// ---------------------------------------------------------------------------

#[test]
fn serves_the_site_safely() {
    let root = site("serve-http");
    std::fs::write(root.join("static/ok.txt"), "inside").unwrap();
    let secret = root.parent().unwrap().join("secret.txt");
    std::fs::write(&secret, "SECRET-OUTSIDE").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, root.join("static/leak.txt")).unwrap();
    let server = Server::start(&root);

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(
        home.body.contains("/__pufa/events"),
        "reload script injected"
    );
    let page = server.get("/explainers/fanzha/");
    assert!(page.body.contains("识破养老诈骗"));

    for (path, kind) in [
        ("/style.css", "text/css; charset=utf-8"),
        ("/pufa.js", "text/javascript; charset=utf-8"),
        ("/atom.xml", "application/xml; charset=utf-8"),
        ("/ok.txt", "text/plain; charset=utf-8"),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type").as_deref(), Some(kind), "{path}");
        assert!(
            !r.body.contains("__pufa"),
            "only HTML gets the script: {path}"
        );
    }

    let head = request(&server.addr, "HEAD", "/explainers/fanzha/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());

    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("页面未找到"),
        "the site's own 404 page"
    );

    let folder = server.get("/explainers/fanzha");
    assert_eq!(folder.status, 301);
    assert_eq!(
        folder.header("location").as_deref(),
        Some("/explainers/fanzha/")
    );
    assert_eq!(server.get("/archive/2023").status, 301);
    assert_eq!(server.get("/content/").status, 404, "no listings");

    for path in [
        "/../site.toml",
        "/../../../../etc/passwd",
        "/%2e%2e/site.toml",
        "/%2E%2E%2Fsite.toml",
        "/explainers/%2e%2e/%2e%2e/site.toml",
        "/..%2f..%2fsecret.txt",
        "/..%5csite.toml",
        "/..\\site.toml",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/leak.txt",
        "/content/explainers/fanzha.md",
        "/site.toml",
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(
            !r.body.contains("SECRET-OUTSIDE") && !r.body.contains("base_url ="),
            "{path} leaked a file"
        );
    }

    let post = request(&server.addr, "POST", "/");
    assert_eq!(post.status, 405);

    // The files `pufa build` writes never carry the reload script.
    let out = support::build_ok(&root, &[]);
    for (name, bytes) in support::read_tree(&out) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__pufa"),
            "{name} has the reload script"
        );
    }
}

#[test]
fn an_edit_reloads_the_pages_showing_it_and_only_those() {
    let root = site("serve-edit");
    let server = Server::start(&root);
    let mut events = server.events();
    let file = "content/explainers/fanzha.md";

    // An in-place write.
    let text = server
        .text(file)
        .replace("是骗局。", "是骗局，请拨打96110。");
    server.write(file, &text);
    let data = events.wait_for("reload", |d| d.contains("/explainers/fanzha/"));
    let paths = reload_paths(&data);
    assert!(paths.contains(&"/explainers/fanzha/".to_string()));
    assert!(paths.contains(&"/".to_string()), "home lists it: {paths:?}");
    assert!(
        !paths
            .iter()
            .any(|p| p.starts_with("/pages/") || p == "/cases/zhangmou/"),
        "unrelated pages stay put: {paths:?}"
    );
    assert!(
        server
            .get("/explainers/fanzha/")
            .body
            .contains("请拨打96110")
    );

    // Write to a temporary file, then rename over the original (vim, VS Code, JetBrains).
    let tmp = root.join("content/explainers/fanzha.md___jb_tmp___");
    std::fs::write(&tmp, text.replace("识破养老诈骗", "识破养老诈骗（修订）")).unwrap();
    std::fs::rename(&tmp, root.join(file)).unwrap();
    events.wait_for("reload", |d| d.contains("/explainers/fanzha/"));
    let page = server.get("/explainers/fanzha/");
    assert!(page.body.contains("识破养老诈骗（修订）"));
    assert!(
        server
            .get("/explainers/")
            .body
            .contains("识破养老诈骗（修订）")
    );

    // A burst of saves: the last one wins.
    for n in 1..=8 {
        server.write(file, &text.replace("识破养老诈骗", &format!("第{n}稿")));
    }
    let started = Instant::now();
    loop {
        let body = server.get("/explainers/fanzha/").body;
        if body.contains("第8稿") {
            break;
        }
        assert!(started.elapsed() < WAIT, "the final save never showed");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(server.get("/explainers/fanzha/").body.contains("第8稿"));
}

#[test]
fn new_renamed_and_deleted_files() {
    let root = site("serve-files");
    let server = Server::start(&root);
    let mut events = server.events();

    server.write(
        "content/explainers/xiaofang.md",
        "---\ntitle: 楼道消防安全\ndate: 2023-11-09\ntopics: [消防]\nkey_points: [不堆放杂物]\n---\n楼道内不得堆放杂物。\n",
    );
    events.wait_for("reload", |d| d.contains("/explainers/xiaofang/"));
    assert_eq!(server.get("/explainers/xiaofang/").status, 200);
    assert!(server.get("/explainers/").body.contains("楼道消防安全"));
    assert_eq!(server.get("/topics/xiao-fang/").status, 200);

    std::fs::rename(
        root.join("content/explainers/xiaofang.md"),
        root.join("content/explainers/loudao.md"),
    )
    .unwrap();
    events.wait_for("reload", |d| d.contains("/explainers/loudao/"));
    assert_eq!(server.get("/explainers/xiaofang/").status, 404);
    assert_eq!(server.get("/explainers/loudao/").status, 200);

    std::fs::remove_file(root.join("content/explainers/loudao.md")).unwrap();
    events.wait_for("reload", |d| d.contains("/explainers/loudao/"));
    assert_eq!(server.get("/explainers/loudao/").status, 404);
    assert!(!server.get("/explainers/").body.contains("楼道消防安全"));
    assert_eq!(
        server.get("/topics/xiao-fang/").status,
        404,
        "empty topic gone"
    );

    // A linked-to file deleted: the link is now broken, which is an error.
    std::fs::remove_file(root.join("content/explainers/gaokong-paowu.md")).unwrap();
    let problem = events.wait_for("problem", |_| true);
    assert!(
        problem.contains("content/explainers/fanzha.md"),
        "{problem}"
    );
}

#[test]
fn a_broken_file_shows_the_error_and_keeps_the_last_good_site() {
    let root = site("serve-broken");
    let server = Server::start(&root);
    let mut events = server.events();
    let file = "content/explainers/fanzha.md";
    let good = server.text(file);

    server.write(file, &good.replace("date: 2023-10-08", "date: 2023-02-30"));
    let problem = events.wait_for("problem", |_| true);
    assert!(
        problem.contains("content/explainers/fanzha.md:3:7"),
        "file and line: {problem}"
    );
    let page = server.get("/explainers/fanzha/");
    assert_eq!(page.status, 200, "the last good page still loads");
    assert!(page.body.contains("识破养老诈骗"));
    assert!(page.body.contains("pufa-overlay") && page.body.contains("fanzha.md:3:7"));
    let other = server.get("/pages/about/");
    assert_eq!(other.status, 200);
    assert!(other.body.contains("pufa-overlay"));
    // Printed before the event is sent, but read from the pipe by another
    // thread of this test: waited for.
    let mut errors: Vec<String> = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !errors.iter().any(|l| l.contains("fanzha.md:3:7")) {
        let left = deadline.saturating_duration_since(Instant::now());
        match server.stderr.recv_timeout(left) {
            Ok(line) => errors.push(line),
            Err(_) => panic!("the problem is not printed: {errors:?}"),
        }
    }

    server.write(
        file,
        &good.replace("识破养老诈骗", "识破养老诈骗（已改正）"),
    );
    events.wait_for("ok", |_| true);
    events.wait_for("reload", |d| d.contains("/explainers/fanzha/"));
    let page = server.get("/explainers/fanzha/");
    assert!(page.body.contains("（已改正）"));
    assert!(!page.body.contains("id=\"pufa-overlay\""));

    // A template mistake: named with its file and line, fixed the same way.
    server.write(
        "templates/explainer.html",
        "{% extends \"base.html\" %}\n{% block main %}{{ nope( }}{% endblock main %}\n",
    );
    let problem = events.wait_for("problem", |_| true);
    assert!(problem.contains("templates/explainer.html:2"), "{problem}");
    assert!(
        server
            .get("/explainers/fanzha/")
            .body
            .contains("（已改正）")
    );
    server.write("templates/explainer.html", "{% extends \"base.html\" %}\n{% block main %}<h1>自定义 {{ page_title }}</h1>{% endblock main %}\n");
    events.wait_for("ok", |_| true);
    let data = events.wait_for("reload", |_| true);
    assert_eq!(reload_paths(&data), vec!["*".to_string()]);
    assert!(
        server
            .get("/explainers/fanzha/")
            .body
            .contains("<h1>自定义 识破养老诈骗（已改正）</h1>")
    );
}

#[test]
fn many_clients_and_held_streams_do_not_starve_requests() {
    let root = site("serve-load");
    let server = Server::start(&root);
    let streams: Vec<Events> = (0..30).map(|_| server.events()).collect();
    // Clients that leave mid-response.
    for _ in 0..20 {
        let mut s = TcpStream::connect(&server.addr).unwrap();
        let _ = write!(s, "GET /explainers/fanzha/ HTTP/1.1\r\nHost: x\r\n\r\n");
        drop(s);
        let mut s = TcpStream::connect(&server.addr).unwrap();
        let _ = write!(s, "GET /explai");
        drop(s);
    }
    let started = Instant::now();
    let handles: Vec<_> = (0..200)
        .map(|i| {
            let addr = server.addr.clone();
            std::thread::spawn(move || {
                let path = if i % 2 == 0 {
                    "/"
                } else {
                    "/explainers/fanzha/"
                };
                request(&addr, "GET", path).status
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), 200);
    }
    assert!(started.elapsed() < WAIT);
    drop(streams);
    assert_eq!(server.get("/").status, 200);
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly() {
    let root = site("serve-stop");
    // Once right after it says where it listens (its threads are still
    // starting), once while it serves.
    for ask_first in [false, true] {
        let mut server = Server::start(&root);
        if ask_first {
            assert_eq!(server.get("/").status, 200);
        }
        assert!(support::send_signal("INT", server.child.id(), false));
        let started = Instant::now();
        loop {
            if let Some(status) = server.child.try_wait().unwrap() {
                assert!(status.success(), "exit status {status:?}");
                break;
            }
            assert!(started.elapsed() < WAIT, "did not stop");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    assert!(
        !root.join("public").exists(),
        "serve writes nothing to disk"
    );
}

// ---------------------------------------------------------------------------
// The incremental rebuild gives exactly the files of a full build.

fn full_build(root: &Path) -> Vec<(String, Vec<u8>)> {
    let options = LoadOptions {
        base_url: Some("/".into()),
        ..LoadOptions::default()
    };
    pufa::pipeline::build_in_memory(root, &options).unwrap().1
}

fn live_files(live: &Live) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = live
        .files()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_vec()))
        .collect();
    files.sort();
    files
}

fn assert_same(live: &Live, root: &Path, step: &str) {
    let full = full_build(root);
    let inc = live_files(live);
    let names = |f: &[(String, Vec<u8>)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&inc), names(&full), "{step}: file lists differ");
    for ((name, a), (_, b)) in inc.iter().zip(&full) {
        assert!(a == b, "{step}: {name} differs from a full build");
    }
}

fn content_batch(paths: &[&str]) -> Batch {
    let mut b = Batch::default();
    for p in paths {
        b.content.insert(PathBuf::from(p));
    }
    b
}

#[test]
fn incremental_rebuilds_match_full_builds() {
    let root = site("serve-incremental");
    let options = LoadOptions {
        base_url: Some("/".into()),
        ..LoadOptions::default()
    };
    let (mut live, first) = Live::start(&root, options);
    assert!(matches!(first, Outcome::Rebuilt { .. }), "{first:?}");
    assert_same(&live, &root, "start");

    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    let read = |rel: &str| std::fs::read_to_string(root.join(rel)).unwrap();
    let fanzha = "content/explainers/fanzha.md";
    type Step<'a> = (&'a str, Box<dyn Fn() + 'a>, Batch);
    let steps: Vec<Step> = vec![
        (
            "body edit",
            Box::new(|| write(fanzha, &read(fanzha).replace("是骗局", "全是骗局"))),
            content_batch(&[fanzha]),
        ),
        (
            "date moves it to another month",
            Box::new(|| write(fanzha, &read(fanzha).replace("2023-10-08", "2022-01-03"))),
            content_batch(&[fanzha]),
        ),
        (
            "new topic",
            Box::new(|| {
                write(
                    fanzha,
                    &read(fanzha).replace("[反诈, 养老]", "[反诈, 防骗, 民法典]"),
                )
            }),
            content_batch(&[fanzha]),
        ),
        (
            "building renamed",
            Box::new(|| {
                let b = "content/buildings/1-zhuang.md";
                write(b, &read(b).replace("name: 1幢", "name: 一幢"))
            }),
            content_batch(&["content/buildings/1-zhuang.md"]),
        ),
        (
            "new case",
            Box::new(|| {
                write(
                    "content/cases/lisi.md",
                    "---\ntitle: 李某诈骗案\ndate: 2023-10-20\nsource: 某区人民法院\ntopics: [反诈]\n---\n李某冒充客服。见[识破](../explainers/fanzha.md)。\n",
                )
            }),
            content_batch(&["content/cases/lisi.md"]),
        ),
        (
            "slug change moves the page and its links",
            Box::new(|| {
                write(
                    fanzha,
                    &read(fanzha).replace("title:", "slug: fang-zha\ntitle:"),
                )
            }),
            content_batch(&[fanzha]),
        ),
        (
            "bulletin features the new case",
            Box::new(|| {
                let b = "content/bulletins/2023-05.md";
                write(
                    b,
                    &read(b).replace(
                        "featured: [explainers/gaokong-paowu]",
                        "featured: [explainers/gaokong-paowu, cases/lisi]",
                    ),
                )
            }),
            content_batch(&["content/bulletins/2023-05.md"]),
        ),
        (
            "featured explainer retitled (its print sheets and QR code)",
            Box::new(|| {
                let g = "content/explainers/gaokong-paowu.md";
                write(
                    g,
                    &read(g).replace("高空抛物，害人害己", "高空抛物，害人又害己"),
                )
            }),
            content_batch(&["content/explainers/gaokong-paowu.md"]),
        ),
        (
            "explainer cites one more law (the law pages)",
            Box::new(|| {
                write(
                    fanzha,
                    &format!(
                        "{}\n依据《中华人民共和国老年人权益保障法》第二十二条。\n",
                        read(fanzha)
                    ),
                )
            }),
            content_batch(&[fanzha]),
        ),
        (
            "explainer's text edited where a law page lists it",
            Box::new(|| write(fanzha, &read(fanzha).replace("依据《", "根据《"))),
            content_batch(&[fanzha]),
        ),
        (
            "laws.yaml changes what a cited law replaced (its page, not its citers)",
            Box::new(|| {
                write(
                    "content/laws.yaml",
                    "- name: 中华人民共和国婚姻法\n  replaced_by: 民法典\n  replaced_part: 第五编 婚姻家庭\n",
                )
            }),
            Batch {
                content_tree: true,
                ..Batch::default()
            },
        ),
        (
            "explainer cites another article of the same law",
            Box::new(|| write(fanzha, &read(fanzha).replace("第二十二条", "第二十一条"))),
            content_batch(&[fanzha]),
        ),
        (
            "new lecture this month (the print sheets' lecture box)",
            Box::new(|| {
                write(
                    "content/lectures/2023-05-jiangzuo.md",
                    "---\ntitle: 民法典进社区\ndate: 2023-05-20\ntime: \"14:00\"\nplace: 社区活动室\nspeaker: lvshi\nreviewers: [陈律师]\n---\n讲解高空抛物。\n",
                )
            }),
            content_batch(&["content/lectures/2023-05-jiangzuo.md"]),
        ),
        (
            "contact's hours changed (contact boxes and cards)",
            Box::new(|| {
                let c = "content/contacts/lvshi.md";
                write(c, &read(c).replace("每周三下午", "每周四下午"))
            }),
            content_batch(&["content/contacts/lvshi.md"]),
        ),
        (
            "a second contact",
            Box::new(|| {
                write(
                    "content/contacts/tiaojie.md",
                    "---\nname: 李调解员\nrole: 人民调解员\nphone: \"000-1111-2222\"\nhours: 每周五上午\n---\n调解邻里纠纷。\n",
                )
            }),
            content_batch(&["content/contacts/tiaojie.md"]),
        ),
        (
            "lecture's speaker and reviewers changed (front matter, same place)",
            Box::new(|| {
                let l = "content/lectures/2023-05-jiangzuo.md";
                write(
                    l,
                    &read(l)
                        .replace("speaker: lvshi", "speaker: tiaojie")
                        .replace("[陈律师]", "[李调解员]"),
                )
            }),
            content_batch(&["content/lectures/2023-05-jiangzuo.md"]),
        ),
        (
            "explainer's title, summary and text changed at once (same place)",
            Box::new(|| {
                write(
                    fanzha,
                    &read(fanzha)
                        .replace(
                            "title: 识破养老诈骗",
                            "title: 识破养老诈骗的套路\nsummary: 不轻信，不转账。",
                        )
                        .replace("全是骗局", "全都是骗局"),
                )
            }),
            content_batch(&[fanzha]),
        ),
        (
            "heading added: the page's anchors change, its title does not",
            Box::new(|| {
                write(
                    fanzha,
                    &format!("{}\n## 怎么办\n\n拨打110。\n", read(fanzha)),
                )
            }),
            content_batch(&[fanzha]),
        ),
        (
            "a catalogue spreadsheet added",
            Box::new(|| {
                write(
                    "content/books/shumu.csv",
                    "书名,作者,编号,法律\n民法典普及读本,普法办,mfd,中华人民共和国民法典\n反诈手册,公安局,fz,中华人民共和国反电信网络诈骗法\n",
                )
            }),
            content_batch(&["content/books/shumu.csv"]),
        ),
        (
            "a catalogue row edited and one added",
            Box::new(|| {
                write(
                    "content/books/shumu.csv",
                    "书名,作者,编号,法律\n民法典普及读本（第二版）,普法办,mfd,中华人民共和国民法典\n反诈手册,公安局,fz,中华人民共和国反电信网络诈骗法\n老年人权益读本,老龄办,ln,中华人民共和国老年人权益保障法\n",
                )
            }),
            content_batch(&["content/books/shumu.csv"]),
        ),
        (
            "an edit elsewhere keeps each row's laws (the law index's scans)",
            Box::new(|| {
                write(
                    fanzha,
                    &read(fanzha)
                        .replace("title:", "date: 2022-02-02\ntitle:")
                        .replacen("date: 2022-01-03\n", "", 1),
                )
            }),
            content_batch(&[fanzha]),
        ),
        (
            "deleted case",
            Box::new(|| {
                let b = "content/bulletins/2023-05.md";
                write(b, &read(b).replace(", cases/lisi]", "]"));
                std::fs::remove_file(root.join("content/cases/zhangmou.md")).unwrap();
            }),
            content_batch(&["content/cases/zhangmou.md", "content/bulletins/2023-05.md"]),
        ),
        (
            "draft hidden",
            Box::new(|| {
                let c = "content/cases/lisi.md";
                write(c, &read(c).replace("title:", "draft: true\ntitle:"))
            }),
            content_batch(&["content/cases/lisi.md"]),
        ),
    ];
    for (step, change, batch) in steps {
        change();
        let outcome = live.apply(&batch);
        assert!(
            matches!(outcome, Outcome::Rebuilt { .. }),
            "{step}: {outcome:?}"
        );
        assert_same(&live, &root, step);
    }

    // Only the pages showing an edit are rendered.
    write(fanzha, &read(fanzha).replace("全是骗局", "都是骗局"));
    match live.apply(&content_batch(&[fanzha])) {
        Outcome::Rebuilt { rendered, .. } => {
            assert!(rendered < live.page_count() / 2, "rendered {rendered}")
        }
        other => panic!("{other:?}"),
    }
    assert_same(&live, &root, "second body edit");

    // Feeds and search data given up part-way change nothing, stay behind,
    // and are made right by the next refresh, after further edits.
    let derived = |live: &Live| -> Vec<(String, Vec<u8>)> {
        live_files(live)
            .into_iter()
            .filter(|(n, _)| n == "atom.xml" || n.starts_with("search/data/"))
            .collect()
    };
    let before = derived(&live);
    write(
        fanzha,
        &read(fanzha).replace("识破养老诈骗", "识破养老骗局"),
    );
    assert!(matches!(
        live.apply_pages(&content_batch(&[fanzha])),
        Outcome::Rebuilt { .. }
    ));
    let asked = std::sync::atomic::AtomicUsize::new(0);
    let part_way = || asked.fetch_add(1, std::sync::atomic::Ordering::SeqCst) >= 3;
    assert!(!live.refresh_derived_unless(&part_way));
    assert!(asked.into_inner() > 3, "stopped before it began");
    assert!(!live.refresh_derived_unless(&|| true));
    assert!(live.derived_stale());
    assert!(derived(&live) == before, "a stopped refresh changed files");
    write(fanzha, &read(fanzha).replace("都是骗局", "全都是骗局"));
    assert!(matches!(
        live.apply_pages(&content_batch(&[fanzha])),
        Outcome::Rebuilt { .. }
    ));
    assert!(live.refresh_derived());
    assert!(!live.derived_stale());
    assert!(derived(&live) != before);
    assert_same(&live, &root, "feeds and search after stopped refreshes");

    // Text edits that break the page (a link to no file, an anchor the
    // page does not have) fail, keep the last good site, and the fixes
    // bring everything back, as a full build would make it.
    let good = read(fanzha);
    let served = live_files(&live);
    for (what, broken) in [
        ("a link to no file", "见[说明](../cases/meiyou.md)。"),
        (
            "an anchor that is not there",
            "见[说明](../explainers/fanzha.md#meiyou)。",
        ),
    ] {
        write(fanzha, &format!("{good}\n{broken}\n"));
        let outcome = live.apply(&content_batch(&[fanzha]));
        assert!(matches!(outcome, Outcome::Failed(_)), "{what}: {outcome:?}");
        assert!(
            live_files(&live) == served,
            "{what}: the last good site changed"
        );
        write(fanzha, &good.replace("全都是骗局", "全部是骗局"));
        let outcome = live.apply(&content_batch(&[fanzha]));
        assert!(
            matches!(outcome, Outcome::Rebuilt { .. }),
            "{what} fixed: {outcome:?}"
        );
        assert_same(&live, &root, what);
        write(fanzha, &good);
        assert!(matches!(
            live.apply(&content_batch(&[fanzha])),
            Outcome::Rebuilt { .. }
        ));
    }

    // Front matter that names no contact fails the same way, and so does
    // a link to an anchor an edit took away; fixing them brings back what
    // a full build makes.
    let lecture = "content/lectures/2023-05-jiangzuo.md";
    let good_lecture = read(lecture);
    let served = live_files(&live);
    write(
        lecture,
        &good_lecture.replace("speaker: tiaojie", "speaker: meiyou"),
    );
    let outcome = live.apply(&content_batch(&[lecture]));
    match &outcome {
        Outcome::Failed(problems) => assert!(
            problems
                .iter()
                .any(|p| p.message.contains("there is no contact `meiyou`")),
            "{problems:?}"
        ),
        other => panic!("a speaker who is not a contact: {other:?}"),
    }
    assert!(live_files(&live) == served, "the last good site changed");
    write(
        lecture,
        &good_lecture.replace("title: 民法典进社区", "title: 民法典走进社区"),
    );
    let outcome = live.apply(&content_batch(&[lecture]));
    assert!(matches!(outcome, Outcome::Rebuilt { .. }), "{outcome:?}");
    assert_same(&live, &root, "speaker fixed");
    let gaokong = "content/explainers/gaokong-paowu.md";
    write(
        gaokong,
        &format!("{}\n见[怎么办](fanzha.md#zen-me-ban)。\n", read(gaokong)),
    );
    let outcome = live.apply(&content_batch(&[gaokong]));
    assert!(matches!(outcome, Outcome::Rebuilt { .. }), "{outcome:?}");
    let with_heading = read(fanzha);
    write(fanzha, &with_heading.replace("## 怎么办", "## 如何应对"));
    let outcome = live.apply(&content_batch(&[fanzha]));
    match &outcome {
        Outcome::Failed(problems) => assert!(
            problems
                .iter()
                .any(|p| p.path.ends_with("gaokong-paowu.md")),
            "the link to the anchor is not reported: {problems:?}"
        ),
        other => panic!("an anchor taken away: {other:?}"),
    }
    write(fanzha, &with_heading);
    let outcome = live.apply(&content_batch(&[fanzha]));
    assert!(matches!(outcome, Outcome::Rebuilt { .. }), "{outcome:?}");
    assert_same(&live, &root, "anchor back");

    // A featured text grown too long for its issue's sheets: they are
    // shortened, and the print index (made after every issue's sheets)
    // says so, as a full build does.
    let points: String = (1..=40)
        .map(|n| {
            format!("  - 第{n}条要点：发现高空抛物要及时制止，并向物业和社区报告，必要时报警处理\n")
        })
        .collect();
    let before = read(gaokong);
    assert!(before.contains("key_points:\n"), "{before}");
    write(
        gaokong,
        &before.replacen(
            "key_points:\n",
            &format!(
                "summary: {}\nkey_points:\n{points}",
                "高空抛物危害大，".repeat(200)
            ),
            1,
        ),
    );
    let outcome = live.apply(&content_batch(&[gaokong]));
    assert!(matches!(outcome, Outcome::Rebuilt { .. }), "{outcome:?}");
    assert_same(&live, &root, "featured text shortened on its sheets");
    let index = String::from_utf8_lossy(&live.files()["print/index.html"]).into_owned();
    assert!(
        index.contains("缩短"),
        "the print index does not say: {index}"
    );
    write(gaokong, &before);
    let outcome = live.apply(&content_batch(&[gaokong]));
    assert!(matches!(outcome, Outcome::Rebuilt { .. }), "{outcome:?}");
    assert_same(&live, &root, "featured text back");
    let index = String::from_utf8_lossy(&live.files()["print/index.html"]).into_owned();
    assert!(
        !index.contains("缩短"),
        "the print index still says: {index}"
    );

    // Many files' text changing at once (a branch checked out) takes the
    // same road as one: twenty new explainers, then all their texts.
    let many: Vec<String> = (1..=20)
        .map(|n| format!("content/explainers/piliang-{n}.md"))
        .collect();
    let names: Vec<&str> = many.iter().map(String::as_str).collect();
    for (n, rel) in many.iter().enumerate() {
        write(
            rel,
            &format!(
                "---\ntitle: 批量说明{n}\ndate: 2023-07-{:02}\n---\n第{n}篇。\n",
                n + 1
            ),
        );
    }
    assert!(matches!(
        live.apply(&content_batch(&names)),
        Outcome::Rebuilt { .. }
    ));
    for rel in &many {
        write(rel, &read(rel).replace("篇。", "篇，改过了。"));
    }
    assert!(matches!(
        live.apply(&content_batch(&names)),
        Outcome::Rebuilt { .. }
    ));
    assert_same(&live, &root, "many texts at once");

    // A folder rescan finds what changed without being told.
    std::fs::remove_file(root.join("content/pages/about.md")).unwrap();
    let outcome = live.apply(&Batch {
        content_tree: true,
        ..Batch::default()
    });
    assert!(matches!(outcome, Outcome::Rebuilt { .. }));
    assert_same(&live, &root, "rescan");

    // A preview started on a site with a catalogue spreadsheet reads it as
    // the build does.
    assert!(root.join("content/books/shumu.csv").is_file());
    let options = LoadOptions {
        base_url: Some("/".into()),
        ..LoadOptions::default()
    };
    let (fresh, first) = Live::start(&root, options);
    assert!(matches!(first, Outcome::Rebuilt { .. }), "{first:?}");
    assert_same(&fresh, &root, "started with a catalogue");
}

/// What stops the feeds and search data: a change to a source arriving
/// after the last batch was taken, and only that.
#[test]
fn a_change_waiting_is_seen_at_once() {
    let root = site("serve-interrupt");
    let mut watcher = Watcher::start(&root).unwrap();
    let waiting = watcher.interrupt();
    // Reading sources and writing elsewhere is no change.
    let _ = std::fs::read_to_string(root.join("content/explainers/fanzha.md")).unwrap();
    std::fs::write(root.join("notes.txt"), "备忘").unwrap();
    let fanzha = root.join("content/explainers/fanzha.md");
    let text = std::fs::read_to_string(&fanzha).unwrap();
    std::fs::write(&fanzha, text.replace("是骗局", "全是骗局")).unwrap();
    let started = Instant::now();
    while !waiting.is_set() {
        assert!(started.elapsed() < WAIT, "the edit was not seen");
        std::thread::sleep(Duration::from_millis(5));
    }
    let batch = watcher
        .next_batch(Duration::from_millis(300), Duration::from_secs(2))
        .unwrap();
    assert_eq!(
        batch.content.into_iter().collect::<Vec<_>>(),
        vec![PathBuf::from("content/explainers/fanzha.md")]
    );
    assert!(waiting.is_set(), "an interrupt stays set once seen");
    assert!(!watcher.interrupt().is_set(), "the batch took the change");
}
