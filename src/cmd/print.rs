//! `pufa print [MONTH] [--pdf]`: build the site, list where the month's
//! board sheets (or every sheet and the contact cards) are, and with `--pdf`
//! render each to a PDF next to its HTML with a locally installed Chromium.

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
    if let Some(m) = &args.month
        && !is_month(m)
    {
        return Err(Diagnostic::error(m, "not a month")
            .with_hint("write the month as YYYY-MM, e.g. pufa print 2023-05")
            .into());
    }
    // Find the browser before spending time on the build.
    let browser = if args.pdf {
        Some(chrome::find(args.chrome.as_deref())?)
    } else {
        None
    };
    if !args.no_build {
        super::build::run(args.build)?;
    }
    let sheets = list(&out, args.month.as_deref())?;
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
                return Err(Failure(problems));
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
        if entry.file_name() != "index.html" {
            continue;
        }
        let rel = entry.path().strip_prefix(&print).unwrap_or(entry.path());
        let first = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
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

/// `print/2023-05/qh-03/index.html` → `print/2023-05/qh-03/2023-05-qh-03.pdf`.
fn pdf_path(out: &Path, html: &Path) -> PathBuf {
    let dir = html.parent().unwrap_or(out);
    let rel = dir.strip_prefix(out.join("print")).unwrap_or(dir);
    let name = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("-");
    dir.join(format!("{name}.pdf"))
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
            pdf_path(
                out,
                Path::new("/site/public/print/2023-05/qh-03/index.html")
            ),
            Path::new("/site/public/print/2023-05/qh-03/2023-05-qh-03.pdf")
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
