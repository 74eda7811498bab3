//! Problems found in the user's input, reported the way a person at the
//! terminal needs them: `path:line:col: error: message`, then a hint.
//!
//! Every stage of the pipeline returns its problems as [`Diagnostic`]s so
//! that a build can report all of them at once instead of stopping at the
//! first one.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors stop a build, warnings are only printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, tied to a place in a file when the place is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    /// 1-based line and column; `None` when the problem concerns the whole file.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// Places the problem at a 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self.column = Some(1);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// An I/O failure on a path, explained in words rather than an OS code.
    pub fn io(path: &Path, action: &str, err: &std::io::Error) -> Self {
        let cause = match err.kind() {
            std::io::ErrorKind::NotFound => "it does not exist".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => err.to_string(),
        };
        Diagnostic::error(path, format!("cannot {action}: {cause}"))
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {label}: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// The problems that stopped a command. Never empty.
#[derive(Debug, Clone)]
pub struct Failure(pub Vec<Diagnostic>);

impl Failure {
    pub fn one(diagnostic: Diagnostic) -> Self {
        Failure(vec![diagnostic])
    }
}

impl From<Diagnostic> for Failure {
    fn from(diagnostic: Diagnostic) -> Self {
        Failure::one(diagnostic)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

pub type Result<T> = std::result::Result<T, Failure>;

/// Sorts problems by file, then position, errors before warnings at the same place.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.severity).cmp(&(&b.path, b.line, b.column, b.severity))
    });
}

/// The name most like `unknown` among `known`, when one is close enough to
/// be what was meant: the same name in other case, then one a single typo
/// away, then a name that starts with it or that it starts with (`gaokong` → `gaokong-paowu`, `reviewer` →
/// `reviewers`), then one that contains it, then a typo of a few letters
/// (`titel` → `title`; at most one edit in three characters, so `tags` is
/// not taken for `laws`).
pub fn closest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = unknown.trim().to_lowercase();
    let wanted_len = wanted.chars().count();
    if wanted_len == 0 {
        return None;
    }
    let known: Vec<(&str, String)> = known.into_iter().map(|k| (k, k.to_lowercase())).collect();
    if let Some((k, _)) = known.iter().find(|(_, l)| *l == wanted) {
        return Some(k);
    }
    // Shortest difference in length wins, then the order given.
    let best = |matches: &dyn Fn(&str) -> bool| {
        known
            .iter()
            .filter(|(_, l)| matches(l))
            .min_by_key(|(_, l)| l.chars().count().abs_diff(wanted_len))
            .map(|(k, _)| *k)
    };
    // One slip of the keyboard is the surest sign (`page/37/` → `page/36/`).
    let one_edit =
        |l: &str| l.chars().count().min(wanted_len) >= 3 && edit_distance(&wanted, l) == 1;
    if let Some(k) = best(&one_edit) {
        return Some(k);
    }
    let shared_start = |l: &str| {
        let shorter = l.chars().count().min(wanted_len);
        shorter >= 3 && (l.starts_with(&wanted) || wanted.starts_with(l))
    };
    if let Some(k) = best(&shared_start) {
        return Some(k);
    }
    if let Some(k) = best(&|l: &str| wanted_len >= 3 && l.contains(&wanted)) {
        return Some(k);
    }
    known
        .iter()
        .map(|(k, l)| (edit_distance(&wanted, l), l.chars().count(), *k))
        .filter(|(d, len, _)| {
            let shorter = (*len).min(wanted_len);
            *d < shorter && *d <= (shorter / 3).max(1)
        })
        .min_by_key(|(d, len, _)| (*d, len.abs_diff(wanted_len)))
        .map(|(_, _, k)| k)
}

/// Edits (insert, delete, replace, or swap two neighbours) from `a` to `b`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // rows[i][j]: distance between a[..i] and b[..j].
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

/// Words from the libraries pufa uses (serde's type names) said plainly:
/// `invalid type: string "many", expected usize` → `"many" is text, expected
/// a whole number`.
pub fn plain_words(message: &str) -> String {
    let message = message.trim();
    let Some((before, expected)) = message.rsplit_once(", expected ") else {
        return message.to_string();
    };
    let found = before
        .strip_prefix("invalid type: ")
        .or_else(|| before.strip_prefix("invalid value: "))
        .map(|f| match f.split_once(' ') {
            Some(("string", value)) => format!("{value} is text"),
            Some(("integer", value)) => format!("{value} is a number"),
            Some(("floating", rest)) => {
                format!("{} is a number", rest.trim_start_matches("point "))
            }
            Some(("boolean", value)) => format!("{value} is true/false"),
            _ => match f {
                "sequence" => "a list".to_string(),
                "map" => "a table".to_string(),
                other => other.to_string(),
            },
        });
    match found {
        Some(found) => format!("{found}, expected {}", plain_type(expected)),
        None => format!("{before}, expected {}", plain_type(expected)),
    }
}

/// A Rust or serde type name as a volunteer would say it.
pub fn plain_type(expected: &str) -> &str {
    let e = expected.trim();
    let e = e.strip_prefix("a value of type ").unwrap_or(e);
    match e.trim_matches('`') {
        "usize" | "u8" | "u16" | "u32" | "u64" | "i8" | "i16" | "i32" | "i64" | "isize"
        | "an integer" | "integer" => "a whole number",
        "f32" | "f64" | "a float" => "a number",
        "a boolean" | "boolean" | "bool" => "true or false",
        "a string" | "string" | "text" | "a borrowed string" | "a character" | "char" => "text",
        "a sequence" | "sequence" => "a list",
        "a map" | "map" => "a table of `key = value` lines",
        _ if e.starts_with("struct ") || e.starts_with("map ") => "a table of `key = value` lines",
        _ => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_position_and_hint() {
        let d = Diagnostic::error("content/cases/a.md", "missing field `date`")
            .at(3, 1)
            .with_hint("add a line like `date: 2023-05-12`");
        assert_eq!(
            d.to_string(),
            "content/cases/a.md:3:1: error: missing field `date`\n  hint: add a line like `date: 2023-05-12`"
        );
    }

    #[test]
    fn suggests_the_nearest_key() {
        let keys = ["title", "date", "topics", "audiences", "laws", "id"];
        assert_eq!(closest("titel", keys), Some("title"));
        assert_eq!(closest("Title", keys), Some("title"));
        assert_eq!(closest("topic", keys), Some("topics"));
        assert_eq!(closest("zzzzzzzz", keys), None);
        // Short names are not each other's typos.
        assert_eq!(closest("tags", keys), None);
        assert_eq!(closest("价格", keys), None);
        assert_eq!(closest("name", keys), None);
        assert_eq!(closest("书明", ["书名", "作者"]), Some("书名"));
    }

    #[test]
    fn a_shared_start_beats_a_typo() {
        let ids = ["explainers/zaoyin", "explainers/gaokong-paowu"];
        assert_eq!(
            closest("explainers/gaokong", ids),
            Some("explainers/gaokong-paowu")
        );
        assert_eq!(
            closest("paowu", ["gaokong-paowu", "zaoyin"]),
            Some("gaokong-paowu")
        );
        assert_eq!(closest("qh-02", ["qh-01", "rg-02"]), Some("qh-01"));
        assert_eq!(closest("anqing", ["an-qing", "cai-pan"]), Some("an-qing"));
        assert_eq!(
            closest(
                "explainers/page/37/",
                ["explainers/", "explainers/page/36/"]
            ),
            Some("explainers/page/36/")
        );
    }

    #[test]
    fn library_words_are_said_plainly() {
        assert_eq!(
            plain_words("invalid type: string \"many\", expected usize"),
            "\"many\" is text, expected a whole number"
        );
        assert_eq!(
            plain_words("invalid type: integer `5`, expected a string"),
            "`5` is a number, expected text"
        );
        assert_eq!(plain_words("unknown field"), "unknown field");
    }
}
