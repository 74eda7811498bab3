//! What pufa says when a sheet cannot be printed: a paper it does not know
//! (placed on the `paper:` line of the bulletin or of site.toml, said once),
//! or content too long for the paper even shortened: which sheets, which
//! block is the cause (the masthead, an item, the boxes), and a paper that
//! would hold it.

use std::path::Path;

use super::layout::Part;
use super::paper::Paper;
use super::sheets::Misfit;
use crate::diagnostic::Diagnostic;
use crate::site::Site;

/// A paper or orientation pufa does not know, in the bulletin's front
/// matter (`bulletin` given) or in site.toml's `[print]`.
pub fn bad_paper(site: &Site, bulletin: Option<usize>, message: String) -> Diagnostic {
    let hint = "e.g. paper: A3 (or A4, 600x800mm) and orientation: portrait";
    match bulletin {
        Some(b) => {
            let item = &site.entry(b).item;
            let key = if item.fm.paper.is_some() && message.contains("paper") {
                "paper"
            } else {
                "orientation"
            };
            let (line, column) = item.key_position(key);
            Diagnostic::error(&item.source, message)
                .at(line, column)
                .with_hint(hint)
        }
        None => {
            let file = Path::new(crate::config::CONFIG_FILE);
            let key = if message.contains("orientation") {
                "orientation"
            } else {
                "paper"
            };
            let d = Diagnostic::error(file, message).with_hint(format!("{hint}, under [print]"));
            match config_line(&site.root.join(file), key) {
                Some(line) => d.at(line, 1),
                None => d,
            }
        }
    }
}

/// The line of `key` in the `[print]` table of site.toml.
fn config_line(path: &Path, key: &str) -> Option<usize> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut in_print = false;
    for (n, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.starts_with('[') {
            in_print = l == "[print]";
        } else if in_print
            && l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with('='))
        {
            return Some(n + 1);
        }
    }
    None
}

/// The next larger paper, in words for the hint.
fn larger(paper: &Paper) -> String {
    const ORDER: [&str; 6] = ["A5", "A4", "A3", "A2", "A1", "A0"];
    let bigger = match ORDER.iter().position(|p| *p == paper.name) {
        Some(i) if i + 1 < ORDER.len() => format!("`paper: {}`", ORDER[i + 1]),
        Some(_) => "a larger custom size".to_string(),
        None => {
            let w = (paper.width.min(paper.height) * 1.2).round();
            let h = (paper.width.max(paper.height) * 1.2).round();
            format!("a larger size such as `paper: {w}x{h}mm`")
        }
    };
    if paper.landscape {
        format!("{bigger} or `orientation: portrait`")
    } else {
        bigger
    }
}

fn part_name(p: Part) -> &'static str {
    match p {
        Part::Masthead => "the masthead",
        Part::Lead => "the editor's note",
        Part::Items => "the featured items",
        Part::Qa => "the questions and answers",
        Part::Laws => "the laws box",
        Part::Boxes => "the lectures, hotlines and contacts",
        Part::Footer => "the footer",
    }
}

/// One error for the sheets of `bulletin` that do not fit `paper`.
pub fn misfit(site: &Site, bulletin: usize, paper: &Paper, misfits: &[Misfit]) -> Diagnostic {
    let item = &site.entry(bulletin).item;
    let first = &misfits[0];
    let o = &first.overflow;
    let mut message = format!(
        "the print sheet /{} does not fit on {paper}: about {:.0} mm too tall even with every summary cut to 3 lines",
        first.path,
        o.excess.ceil()
    );
    let others: Vec<&str> = misfits[1..]
        .iter()
        .map(|m| m.building.as_deref().unwrap_or(m.path.as_str()))
        .collect();
    match others.len() {
        0 => {}
        1 => message.push_str(&format!(" (and the sheet of {})", others[0])),
        n => {
            let shown: Vec<&str> = others.iter().take(4).copied().collect();
            let rest = if n > 4 {
                format!(" and {} more", n - 4)
            } else {
                String::new()
            };
            message.push_str(&format!(
                " (and the {n} sheets of {}{rest})",
                shown.join(", ")
            ));
        }
    }
    let parts: Vec<String> = o
        .blocks
        .iter()
        .filter(|(_, h)| *h >= 1.0)
        .map(|(p, h)| format!("{} {:.0} mm", part_name(*p), h))
        .collect();
    message.push_str(&format!(
        "; of the {:.0} mm available {}",
        o.budget,
        parts.join(", ")
    ));
    // Blame what is out of proportion: a masthead over a third of the
    // sheet is the title; otherwise the items, then the boxes.
    let height = |part: Part| {
        o.blocks
            .iter()
            .filter(|(p, _)| *p == part)
            .map(|(_, h)| *h)
            .sum::<f64>()
    };
    let cause = if height(Part::Masthead) > o.budget / 3.0 {
        format!(
            "shorten the bulletin's title ({} characters)",
            site.entry(bulletin).item.title.chars().count()
        )
    } else if height(Part::Boxes) > height(Part::Items) {
        "list fewer [[hotlines]] in site.toml or fewer contacts".to_string()
    } else {
        let tallest = o
            .tallest
            .and_then(|i| first.items.get(i))
            .map(|i| {
                format!(
                    "shorten the title or summary of `{}` (the tallest item), or ",
                    site.entry(*i).item.reference()
                )
            })
            .unwrap_or_default();
        format!("{tallest}feature fewer items (now {})", first.items.len())
    };
    let (line, column) = if item.fm.paper.is_some() {
        item.key_position("paper")
    } else {
        item.key_position("featured")
    };
    Diagnostic::error(&item.source, message)
        .at(line, column)
        .with_hint(format!(
            "{cause}, or print on larger paper ({} in this bulletin or under [print] in site.toml)",
            larger(paper)
        ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_paper_is_larger_or_portrait() {
        let p = |n: &str, o: &str| Paper::parse(n, o).unwrap();
        assert_eq!(larger(&p("A4", "portrait")), "`paper: A3`");
        assert_eq!(larger(&p("A3", "portrait")), "`paper: A2`");
        assert!(larger(&p("A3", "landscape")).contains("orientation: portrait"));
        assert!(larger(&p("600x800mm", "portrait")).contains("720x960mm"));
    }

    #[test]
    fn finds_the_paper_line_in_site_toml() {
        let dir = std::env::temp_dir().join(format!("pufa-hints-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("site.toml");
        std::fs::write(
            &f,
            "title = \"x\"\npaper = \"no\"\n[print]\norientation = \"portrait\"\npaper = \"B5\"\n",
        )
        .unwrap();
        assert_eq!(config_line(&f, "paper"), Some(5));
        assert_eq!(config_line(&f, "orientation"), Some(4));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
