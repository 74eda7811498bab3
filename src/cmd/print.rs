//! `pufa print [MONTH] [--pdf]`: build the site, list where the month's
//! board sheets (or every sheet and the contact cards) are, say which were
//! shortened to fit their paper, and with `--pdf` render each to a PDF next
//! to its HTML with a locally installed Chromium.

use clap::Args as ClapArgs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::CmdResult;
use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Failure};
use crate::print::chrome;

/// Browsers running at once for --pdf.
const PARALLEL_BROWSERS: usize = 4;

#[derive(ClapArgs, Debug)]
#[group(skip)]
pub struct Args {
    /// Only this month's sheets, as 2023-05; default: every sheet and the contact cards.
    pub month: Option<String>,
    /// Render every listed sheet to PDF (needs Chromium or Chrome installed).
    #[arg(long)]
    pub pdf: bool,
    /// The browser for --pdf; default: PUFA_CHROME, then chromium / google-chrome on PATH.
    #[arg(long, value_name = "PATH")]
    pub chrome: Option<PathBuf>,
    /// Use the sheets already in the output folder instead of building first.
    #[arg(long)]
    pub no_build: bool,
    #[command(flatten)]
    pub build: super::build::Args,
}

pub fn run(args: Args) -> CmdResult {
    let root = super::site_root(args.build.root.clone());
    let out = args
        .build
        .output
        .clone()
        .unwrap_or_else(|| root.join("public"));
    if let Some(m) = &args.month {
        if !is_month(m) {
            return Err(Diagnostic::error(m, "not a month")
                .with_hint("write the month as YYYY-MM, e.g. pufa print 2023-05")
                .into());
        }
        // Before spending time on the build: is there a bulletin for it?
        let months = bulletin_months(&root);
        if !months.is_empty() && !months.contains(m) {
            return Err(Diagnostic::error(
                root.join("content/bulletins"),
                format!("no bulletin is for {m}"),
            )
            .with_hint(format!("months with a bulletin: {}", months.join(", ")))
            .into());
        }
    }
    // Find the browser before spending time on the build.
    let browser = if args.pdf {
        Some(chrome::find(args.chrome.as_deref())?)
    } else {
        None
    };
    let built = !args.no_build;
    if built {
        super::build::run(args.build)?;
    }
    // From here on the site is built: failures must not say nothing was written.
    let after = |problems: Vec<Diagnostic>| -> CmdResult {
        for d in &problems {
            eprintln!("{d}");
        }
        eprintln!(
            "{} error(s){}",
            problems.len(),
            if built {
                "; the site itself was built and written"
            } else {
                ""
            }
        );
        Err(Failure(Vec::new()))
    };
    let sheets = match list(&out, args.month.as_deref()) {
        Ok(s) => s,
        Err(d) => return after(vec![d]),
    };
    for line in shortened(&sheets) {
        println!("{line}");
    }
    let started = Instant::now();
    match &browser {
        None => {
            for html in &sheets {
                println!("{}", html.display());
            }
        }
        Some(b) => {
            // Each sheet is a separate headless run that spends most of its
            // time starting up, not computing: a few at once.
            let render = || -> Vec<Result<PathBuf, Diagnostic>> {
                sheets
                    .par_iter()
                    .map(|html| {
                        let pdf = pdf_path(&out, html);
                        chrome::print_to_pdf(b, html, &pdf).map(|()| pdf)
                    })
                    .collect()
            };
            let done = match rayon::ThreadPoolBuilder::new()
                .num_threads(PARALLEL_BROWSERS)
                .build()
            {
                Ok(pool) => pool.install(render),
                Err(_) => render(),
            };
            let mut problems = Vec::new();
            for (html, r) in sheets.iter().zip(done) {
                match r {
                    Ok(pdf) => println!("{} → {}", html.display(), pdf.display()),
                    Err(d) => problems.push(d),
                }
            }
            if !problems.is_empty() {
                return after(problems);
            }
        }
    }
    if browser.is_some() {
        println!(
            "已生成 {} 个 PDF，用时 {:.1} 秒",
            sheets.len(),
            started.elapsed().as_secs_f64()
        );
    } else {
        println!(
            "共 {} 张打印稿；用浏览器打开后打印，或加 --pdf 生成 PDF",
            sheets.len()
        );
    }
    Ok(())
}

/// The `month:` of every bulletin file (a quick look, before the build).
fn bulletin_months(root: &Path) -> Vec<String> {
    let mut months: Vec<String> = walkdir::WalkDir::new(root.join("content/bulletins"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .filter_map(|text| {
            text.lines().find_map(|l| {
                let v = l.strip_prefix("month:")?.trim().trim_matches(['"', '\'']);
                is_month(v).then(|| v.to_string())
            })
        })
        .collect();
    months.sort();
    months.dedup();
    months
}

/// One line per sheet that was shortened to fit, from the mark pufa
/// leaves in it (`data-cuts`).
fn shortened(sheets: &[PathBuf]) -> Vec<String> {
    let mut out = Vec::new();
    for html in sheets {
        let Ok(text) = std::fs::read_to_string(html) else {
            continue;
        };
        if let Some(cuts) = text
            .split("data-cuts=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .filter(|c| !c.is_empty())
        {
            out.push(format!(
                "注意：{} 为排进一张纸已缩短：{cuts}",
                html.display()
            ));
        }
    }
    out
}

fn is_month(m: &str) -> bool {
    let b = m.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit())
        && matches!(
            &m[5..],
            "01" | "02" | "03" | "04" | "05" | "06" | "07" | "08" | "09" | "10" | "11" | "12"
        )
}

/// The sheets' HTML files under `out/print/`, sorted; only `month`'s when given.
fn list(out: &Path, month: Option<&str>) -> Result<Vec<PathBuf>, Diagnostic> {
    let print = out.join("print");
    if !print.is_dir() {
        return Err(Diagnostic::error(&print, "there are no print sheets here")
            .with_hint("run pufa print without --no-build, or pufa build first"));
    }
    let mut found = Vec::new();
    let mut months = Vec::new();
    for entry in walkdir::WalkDir::new(&print)
        .min_depth(2)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let rel = entry.path().strip_prefix(&print).unwrap_or(entry.path());
        let first = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        // A month's group sheet is its index.html, each building's sheet
        // a file beside it; other folders hold their page in index.html.
        let sheet = entry.file_name() == "index.html"
            || (is_month(&first)
                && rel.components().count() == 2
                && entry.path().extension().is_some_and(|e| e == "html"));
        if !sheet {
            continue;
        }
        if is_month(&first) && !months.contains(&first) {
            months.push(first.clone());
        }
        let wanted = match month {
            Some(m) => first == m,
            None => true,
        };
        if wanted {
            found.push(entry.path().to_path_buf());
        }
    }
    if found.is_empty()
        && let Some(m) = month
    {
        return Err(
            Diagnostic::error(&print, format!("there are no sheets for {m}")).with_hint(
                if months.is_empty() {
                    "no bulletin has sheets yet; add one in content/bulletins/".to_string()
                } else {
                    format!("months with sheets: {}", months.join(", "))
                },
            ),
        );
    }
    Ok(found)
}

/// `print/2023-05/index.html` → `print/2023-05/2023-05.pdf`,
/// `print/2023-05/qh-03.html` → `print/2023-05/2023-05-qh-03.pdf`.
fn pdf_path(out: &Path, html: &Path) -> PathBuf {
    let dir = html.parent().unwrap_or(out);
    let rel = dir.strip_prefix(out.join("print")).unwrap_or(dir);
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if html.file_name().is_some_and(|n| n != "index.html")
        && let Some(stem) = html.file_stem()
    {
        parts.push(stem.to_string_lossy().into_owned());
    }
    dir.join(format!("{}.pdf", parts.join("-")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_pdf_names() {
        assert!(is_month("2023-05"));
        assert!(!is_month("2023-13") && !is_month("2023-5") && !is_month("May"));
        let out = Path::new("/site/public");
        assert_eq!(
            pdf_path(out, Path::new("/site/public/print/2023-05/index.html")),
            Path::new("/site/public/print/2023-05/2023-05.pdf")
        );
        assert_eq!(
            pdf_path(out, Path::new("/site/public/print/2023-05/qh-03.html")),
            Path::new("/site/public/print/2023-05/2023-05-qh-03.pdf")
        );
        assert_eq!(
            pdf_path(
                out,
                Path::new("/site/public/print/contact-cards/index.html")
            ),
            Path::new("/site/public/print/contact-cards/contact-cards.pdf")
        );
    }
}
