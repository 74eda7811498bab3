//! `pufa serve`: live preview. Builds the site into memory, serves it over
//! HTTP ([`http`]), watches the sources ([`watch`]), rebuilds only what an
//! edit touches ([`live`]) and tells open pages to reload ([`reload`]), or
//! shows what went wrong over the page ([`overlay`]).
//!
//! The built site lives in memory (path → bytes), not in `public/`: the
//! output folder of `pufa build` is never touched, a new version replaces
//! the old one in a single step (a reader never gets half of each), and
//! stopping leaves nothing to clean up.

pub mod http;
pub mod live;
pub mod overlay;
pub mod reload;
pub mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use crate::diagnostic::{Diagnostic, Result};
use crate::site::LoadOptions;
use live::{Live, Outcome};

/// How `pufa serve` was asked to run.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub drafts: bool,
    pub open: bool,
}

/// Threads answering requests. Event streams do not hold one (see [`reload`]).
const WORKERS: usize = 8;
/// A burst of file events ends after this much quiet.
const QUIET: Duration = Duration::from_millis(10);
/// A never-ending burst is cut after this long.
const LONGEST_BURST: Duration = Duration::from_millis(500);

/// What requests see: the last good files and, while a rebuild fails, its problems.
pub struct State {
    pub files: Arc<http::Files>,
    pub problems: Option<Arc<Vec<Diagnostic>>>,
}

impl State {
    /// The event a newly opened stream starts with.
    pub fn first_event(&self) -> String {
        match &self.problems {
            Some(p) => reload::frame("problem", &overlay::event_data(p)),
            None => reload::frame("ok", ""),
        }
    }
}

/// Shared between the request workers and the rebuild loop.
pub struct Shared {
    state: RwLock<Arc<State>>,
    pub hub: reload::Hub,
}

impl Shared {
    pub fn state(&self) -> Arc<State> {
        self.state.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Swaps in `state`; the old one is returned, for the caller to let go
    /// of when nobody waits (dropping a large site's files takes a while).
    fn set(&self, state: State) -> Arc<State> {
        let mut slot = self.state.write().unwrap_or_else(|e| e.into_inner());
        std::mem::replace(&mut *slot, Arc::new(state))
    }
}

pub fn run(options: Options) -> Result<()> {
    let root = options.root.clone();
    if !root.join(crate::config::CONFIG_FILE).is_file() {
        return Err(Diagnostic::error(
            root.join(crate::config::CONFIG_FILE),
            "there is no site here (no site.toml)",
        )
        .with_hint("run pufa serve in the site folder, or give it with --root DIR")
        .into());
    }
    let load = LoadOptions {
        drafts: options.drafts,
        base_url: Some("/".to_string()),
        offline: false,
    };
    // Ctrl-C is caught before anything starts, so it never meets the
    // default handler (which would end the process with a signal). Until
    // the server is up there is nothing to unwind: it simply exits.
    let serving = Arc::new(AtomicBool::new(false));
    let (stop_tx, stop_rx) = std::sync::mpsc::channel();
    {
        let serving = serving.clone();
        ctrlc::set_handler(move || {
            if serving.load(Ordering::SeqCst) {
                let _ = stop_tx.send(());
            } else {
                println!("\n已停止 Stopped.");
                std::process::exit(0);
            }
        })
        .map_err(|e| Diagnostic::error(&root, format!("cannot catch Ctrl-C: {e}")))?;
    }
    let mut watcher = watch::Watcher::start(&root)?;
    let (mut live, first) = Live::start(&root, load);
    let shared = Arc::new(Shared {
        state: RwLock::new(Arc::new(State {
            files: Arc::new(live.files().clone()),
            problems: None,
        })),
        hub: reload::Hub::default(),
    });
    report(&shared, &live, first);

    let addr = SocketAddr::new(options.bind, options.port);
    let server = tiny_http::Server::http(addr).map_err(|e| {
        Diagnostic::error(&root, format!("cannot listen on {addr}: {e}"))
            .with_hint("another program may use this port; try --port 1112")
    })?;
    let server = Arc::new(server);
    let url = match server.server_addr().to_ip() {
        Some(a) => format!("http://{a}/"),
        None => format!("http://{addr}/"),
    };
    println!("正在预览 Serving: {url}");
    if options.bind.is_loopback() {
        println!(
            "只有本机可以访问 (bound to {}); 要让局域网访问, 用 --bind 0.0.0.0",
            options.bind
        );
    } else {
        println!(
            "注意: 局域网内的其他设备也能访问 (bound to {}, not only this computer)",
            options.bind
        );
    }
    println!(
        "修改 content/、templates/、themes/、static/ 或 site.toml 后页面会自动刷新。按 Ctrl-C 停止。"
    );
    use std::io::Write as _;
    let _ = std::io::stdout().flush();

    for _ in 0..WORKERS {
        let server = server.clone();
        let shared = shared.clone();
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                http::handle(request, &shared);
            }
        });
    }
    {
        let shared = shared.clone();
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_secs(15));
                shared.hub.ping();
            }
        });
    }
    {
        let shared = shared.clone();
        std::thread::spawn(move || {
            while let Some(batch) = watcher.next_batch(QUIET, LONGEST_BURST) {
                let outcome = live.apply_pages(&batch);
                let rebuilt = matches!(outcome, Outcome::Rebuilt { .. });
                report(&shared, &live, outcome);
                // Feeds and search data follow once the pages are out, made
                // from a site that built. They give way to the next change:
                // while edits keep coming they wait, and are made once the
                // edits stop.
                let waiting = watcher.interrupt();
                if rebuilt && live.refresh_derived_unless(&|| waiting.is_set()) {
                    let problems = shared.state().problems.clone();
                    shared.set(State {
                        files: Arc::new(live.files().clone()),
                        problems,
                    });
                }
            }
        });
    }
    if options.open {
        open_browser(&url);
    }

    serving.store(true, Ordering::SeqCst);
    let _ = stop_rx.recv();
    server.unblock();
    println!("\n已停止 Stopped.");
    Ok(())
}

/// Publishes a rebuild's outcome: swaps in the files, tells the browsers,
/// and prints a line.
fn report(shared: &Shared, live: &Live, outcome: Outcome) {
    match outcome {
        Outcome::Rebuilt {
            changed,
            rendered,
            elapsed,
        } => {
            let had_problems = shared.state().problems.is_some();
            let files = Arc::new(live.files().clone());
            let old = shared.set(State {
                files,
                problems: None,
            });
            if had_problems {
                shared.hub.send("ok", "");
            }
            if !changed.is_empty() {
                let data = serde_json::to_string(&changed).unwrap_or_else(|_| "[\"*\"]".into());
                shared.hub.send("reload", &data);
            }
            // The browsers are told first; the old files go away after.
            std::thread::spawn(move || drop(old));
            let shown: Vec<&str> = changed.iter().take(5).map(String::as_str).collect();
            let more = changed.len().saturating_sub(shown.len());
            println!(
                "已更新: 渲染 {rendered} 页 / 共 {} 页, 变化 {} 页 {}{}, 用时 {} ms",
                live.page_count(),
                changed.len(),
                shown.join(" "),
                if more > 0 {
                    format!(" …(+{more})")
                } else {
                    String::new()
                },
                elapsed.as_millis()
            );
            if std::env::var_os("PUFA_TIMINGS").is_some() {
                print!("{}", live.timings.report());
            }
        }
        Outcome::Failed(problems) => {
            crate::cmd::report(&problems);
            eprintln!("仍在显示上一次成功的版本 (still serving the last good build)");
            let data = overlay::event_data(&problems);
            let files = shared.state().files.clone();
            shared.set(State {
                files,
                problems: Some(Arc::new(problems)),
            });
            shared.hub.send("problem", &data);
        }
    }
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
}

fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    if std::process::Command::new(program)
        .args(&args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_err()
    {
        eprintln!("cannot open a browser; open {url} yourself");
    }
}
