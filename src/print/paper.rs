//! Paper sizes for board sheets: `A3`, `A4` (and the other ISO A sizes), or
//! `WIDTHxHEIGHTmm` / `WIDTHxHEIGHTcm` such as `600x800mm`, turned to
//! `portrait` or `landscape`.

use std::fmt;

/// A sheet of paper, in millimetres, already turned to its orientation.
#[derive(Debug, Clone, PartialEq)]
pub struct Paper {
    /// As the user wrote it, normalised: `A3`, `600x800mm`.
    pub name: String,
    pub width: f64,
    pub height: f64,
    pub landscape: bool,
}

/// ISO 216 A sizes, portrait, in millimetres.
const A_SIZES: &[(&str, f64, f64)] = &[
    ("A0", 841.0, 1189.0),
    ("A1", 594.0, 841.0),
    ("A2", 420.0, 594.0),
    ("A3", 297.0, 420.0),
    ("A4", 210.0, 297.0),
    ("A5", 148.0, 210.0),
];

/// The smallest and largest side pufa lays a sheet out on.
const MIN_SIDE: f64 = 100.0;
const MAX_SIDE: f64 = 2000.0;

impl Paper {
    /// Parses a paper name and an orientation; the error says what is accepted.
    pub fn parse(paper: &str, orientation: &str) -> Result<Paper, String> {
        let landscape = match orientation.trim().to_lowercase().as_str() {
            "portrait" | "纵向" | "" => false,
            "landscape" | "横向" => true,
            other => {
                return Err(format!(
                    "unknown orientation `{other}`: use `portrait` or `landscape`"
                ));
            }
        };
        let raw = paper.trim();
        let upper = raw.to_uppercase();
        let (name, w, h) = if let Some((n, w, h)) = A_SIZES.iter().find(|(n, ..)| *n == upper) {
            (n.to_string(), *w, *h)
        } else {
            let (w, h) = custom(raw).ok_or_else(|| {
                format!(
                    "unknown paper `{raw}`: use A3, A4 (A0–A5) or a size such as 600x800mm or 60x80cm"
                )
            })?;
            (format!("{}x{}mm", trim_num(w), trim_num(h)), w, h)
        };
        for side in [w, h] {
            if !(MIN_SIDE..=MAX_SIDE).contains(&side) {
                return Err(format!(
                    "paper `{raw}` has a side of {} mm; sheets must be between {MIN_SIDE} and {MAX_SIDE} mm",
                    trim_num(side)
                ));
            }
        }
        let (short, long) = (w.min(h), w.max(h));
        let (width, height) = if landscape {
            (long, short)
        } else {
            (short, long)
        };
        Ok(Paper {
            name,
            width,
            height,
            landscape,
        })
    }

    /// Width and height in PostScript points, as a PDF states them.
    pub fn points(&self) -> (f64, f64) {
        (self.width * 72.0 / 25.4, self.height * 72.0 / 25.4)
    }

    /// `A3 纵向` / `600x800mm 横向`.
    pub fn label_zh(&self) -> String {
        format!(
            "{} {}",
            self.name,
            if self.landscape { "横向" } else { "纵向" }
        )
    }
}

impl fmt::Display for Paper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} ({}×{} mm)",
            self.name,
            if self.landscape {
                "landscape"
            } else {
                "portrait"
            },
            trim_num(self.width),
            trim_num(self.height)
        )
    }
}

/// `600x800mm`, `600×800 mm`, `60x80cm`.
fn custom(text: &str) -> Option<(f64, f64)> {
    let t = text.to_lowercase().replace([' ', '×', '*'], "x");
    let t = t.trim_matches('x');
    let (numbers, factor) = if let Some(n) = t.strip_suffix("mm") {
        (n, 1.0)
    } else if let Some(n) = t.strip_suffix("cm") {
        (n, 10.0)
    } else {
        return None;
    };
    let (w, h) = numbers.trim_end_matches('x').split_once('x')?;
    let w: f64 = w.trim_matches('x').parse().ok()?;
    let h: f64 = h.trim_matches('x').parse().ok()?;
    (w.is_finite() && h.is_finite()).then_some((w * factor, h * factor))
}

/// `600` rather than `600.0`; one decimal otherwise.
pub fn trim_num(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_sizes_and_orientation() {
        let a3 = Paper::parse("A3", "portrait").unwrap();
        assert_eq!((a3.width, a3.height), (297.0, 420.0));
        let a4 = Paper::parse("a4", "landscape").unwrap();
        assert_eq!((a4.width, a4.height), (297.0, 210.0));
        assert_eq!(a4.label_zh(), "A4 横向");
        let (w, h) = a3.points();
        assert!((w - 841.89).abs() < 0.01 && (h - 1190.55).abs() < 0.01);
    }

    #[test]
    fn custom_sizes_in_mm_and_cm() {
        let p = Paper::parse("600x800mm", "portrait").unwrap();
        assert_eq!(
            (p.width, p.height, p.name.as_str()),
            (600.0, 800.0, "600x800mm")
        );
        let p = Paper::parse("60×80 cm", "landscape").unwrap();
        assert_eq!((p.width, p.height), (800.0, 600.0));
        // The orientation wins over the order the sides were written in.
        let p = Paper::parse("800x600mm", "portrait").unwrap();
        assert_eq!((p.width, p.height), (600.0, 800.0));
    }

    #[test]
    fn bad_sizes_say_what_is_accepted() {
        assert!(
            Paper::parse("B5", "portrait")
                .unwrap_err()
                .contains("600x800mm")
        );
        assert!(Paper::parse("600x800", "portrait").is_err());
        assert!(
            Paper::parse("10x800mm", "portrait")
                .unwrap_err()
                .contains("between")
        );
        assert!(
            Paper::parse("A3", "sideways")
                .unwrap_err()
                .contains("landscape")
        );
    }
}
