//! The list of files a build wrote, kept in the output folder as
//! `.pufa-manifest`. The next build removes a file only when this list has
//! it and the build no longer makes it, so nothing pufa did not write (a
//! `.git` folder, a `CNAME`, PDFs from `pufa print --pdf`, the user's own
//! uploads) is ever removed.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Result};

pub const FILE_NAME: &str = ".pufa-manifest";

const HEADER: &str = "# Files written by `pufa build`. pufa removes a file from this folder only when it is listed here and no longer produced.";

/// Reads the manifest of `out`; `None` when there is none.
pub fn read(out: &Path) -> Result<Option<BTreeSet<String>>> {
    let path = out.join(FILE_NAME);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(parse(&text))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Diagnostic::io(&path, "read the list of files pufa wrote", &e).into()),
    }
}

fn parse(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter(|l| is_plain_relative(l))
        .map(str::to_string)
        .collect()
}

/// A path that stays inside the folder: relative, no `..`, no empty parts.
/// A hand-edited manifest can name nothing outside the output folder.
pub fn is_plain_relative(rel: &str) -> bool {
    !rel.starts_with('/')
        && !rel.contains('\\')
        && rel
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// Writes the manifest of `out` (through a temporary file and a rename).
pub fn write(out: &Path, files: &[String]) -> Result<()> {
    let mut text = String::with_capacity(files.iter().map(|f| f.len() + 1).sum::<usize>() + 160);
    text.push_str(HEADER);
    text.push('\n');
    for f in files {
        text.push_str(f);
        text.push('\n');
    }
    let path = out.join(FILE_NAME);
    let tmp = out.join(format!("{FILE_NAME}.tmp"));
    std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .and_then(|_| std::fs::rename(&tmp, &path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Diagnostic::io(&path, "write the list of files pufa wrote", &e).into()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_lines_that_leave_the_folder() {
        let set = parse(
            "# header\nindex.html\n../etc/passwd\n/abs\na/./b\nexplainers/高空抛物/index.html\n",
        );
        let got: Vec<&str> = set.iter().map(String::as_str).collect();
        assert_eq!(got, ["explainers/高空抛物/index.html", "index.html"]);
    }
}
