//! `content/laws.yaml` (optional): a site's own laws and corrections to the
//! built-in ones, merged into the [`Registry`]. Every problem is placed at
//! its line and column in the file.
//!
//! ```yaml
//! - name: 苏州市养犬管理条例
//!   short: 养犬条例
//!   aliases: [苏州养犬条例]
//!   effective: 2023-01-01
//!   status: in force            # in force | amended | repealed
//! - name: 中华人民共和国婚姻法
//!   status: repealed
//!   repealed: 2021-01-01
//!   replaced_by: 中华人民共和国民法典
//!   replaced_part: 婚姻家庭编
//! ```

use chrono::NaiveDate;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::path::{Path, PathBuf};

use super::registry::{Law, LawId, Registry, Replacement, Status, normalise};
use crate::content::frontmatter::Text;
use crate::content::load::parse_date;
use crate::content::slug::{is_valid, slugify};
use crate::diagnostic::{Diagnostic, closest};

pub const LAWS_FILE: &str = "content/laws.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    name: Spanned<String>,
    short: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    effective: Option<Spanned<Text>>,
    status: Option<Spanned<String>>,
    repealed: Option<Spanned<Text>>,
    replaced_by: Option<Spanned<String>>,
    replaced_part: Option<String>,
    slug: Option<Spanned<String>>,
}

/// Merges `root/content/laws.yaml`, when there is one, into `registry`.
pub fn load(root: &Path, registry: &mut Registry) -> Result<(), Vec<Diagnostic>> {
    let path = root.join(LAWS_FILE);
    if !path.is_file() {
        return Ok(());
    }
    let shown = PathBuf::from(LAWS_FILE);
    let text = crate::content::read::read_text(&path, &shown).map_err(|d| vec![d])?;
    merge(&text, &shown, registry)
}

/// Merges the YAML `text` (shown as `path` in messages) into `registry`.
pub fn merge(text: &str, path: &Path, registry: &mut Registry) -> Result<(), Vec<Diagnostic>> {
    if text.trim().is_empty() {
        return Ok(());
    }
    let options = serde_saphyr::options! { with_snippet: false };
    let records: Vec<Record> =
        serde_saphyr::from_str_with_options(text, options).map_err(|e| vec![syntax(&e, path)])?;
    let at = |s: &serde_saphyr::Location, message: String| {
        Diagnostic::error(path, message).at(s.line() as usize, s.column() as usize)
    };
    let mut problems = Vec::new();
    let mut ids: Vec<LawId> = Vec::with_capacity(records.len());
    // First every law, so a replacement may be named before it is described.
    for r in &records {
        let name = normalise(&r.name.value);
        if name.is_empty() {
            problems.push(
                at(
                    &r.name.referenced,
                    "`name`: a law needs its full name".into(),
                )
                .with_hint("e.g. name: 中华人民共和国民法典"),
            );
            ids.push(usize::MAX);
            continue;
        }
        let id = registry
            .lookup(&name)
            .unwrap_or_else(|| registry.insert(Law::new(&name)));
        let law = registry.law_mut(id);
        if let Some(short) = &r.short {
            law.short = normalise(short);
        }
        law.aliases.extend(r.aliases.iter().map(|a| normalise(a)));
        let mut date = |v: &Option<Spanned<Text>>, key: &str| {
            v.as_ref().and_then(|d| match parse_date(&d.value.0) {
                Ok(day) => Some(day),
                Err(why) => {
                    problems.push(
                        at(&d.referenced, format!("`{key}`: {why}"))
                            .with_hint("dates are written YYYY-MM-DD, e.g. 2021-01-01"),
                    );
                    None
                }
            })
        };
        let effective: Option<NaiveDate> = date(&r.effective, "effective");
        let repealed: Option<NaiveDate> = date(&r.repealed, "repealed");
        let law = registry.law_mut(id);
        law.effective = effective.or(law.effective);
        law.repealed = repealed.or(law.repealed);
        if let Some(s) = &r.status {
            match Status::from_word(&s.value) {
                Some(status) => law.status = status,
                None => problems.push(
                    at(
                        &s.referenced,
                        format!("`status`: \"{}\" is not a law status", s.value),
                    )
                    .with_hint(format!("use one of: {}", Status::WORDS)),
                ),
            }
        } else if law.status == Status::Unknown {
            law.status = if r.replaced_by.is_some() || repealed.is_some() {
                Status::Repealed
            } else {
                Status::InForce
            };
        }
        if let Some(slug) = &r.slug {
            if is_valid(&slug.value) {
                law.slug = slug.value.clone();
            } else {
                problems.push(
                    at(
                        &slug.referenced,
                        format!("`slug`: \"{}\" is not a plain URL name", slug.value),
                    )
                    .with_hint(format!(
                        "use lowercase letters, digits and hyphens, e.g. {}",
                        slugify(&slug.value)
                    )),
                );
            }
        }
        registry.index_names(id);
        ids.push(id);
    }
    for (r, &id) in records.iter().zip(&ids) {
        let Some(by) = &r.replaced_by else {
            continue;
        };
        if id == usize::MAX {
            continue;
        }
        match registry.lookup(&by.value) {
            Some(new) if new == id => problems.push(
                at(
                    &by.referenced,
                    "`replaced_by`: a law cannot replace itself".into(),
                )
                .with_hint("name the law that took its place"),
            ),
            Some(new) => {
                let law = registry.law_mut(id);
                if r.status.is_some() && law.status != Status::Repealed {
                    problems.push(
                        at(
                            &by.referenced,
                            "`replaced_by` is only for a law whose status is `repealed`".into(),
                        )
                        .with_hint("set `status: repealed`, or remove `replaced_by`"),
                    );
                }
                law.status = Status::Repealed;
                law.replaced_by = Some(Replacement {
                    law: new,
                    part: r
                        .replaced_part
                        .as_deref()
                        .map(normalise)
                        .unwrap_or_default(),
                });
            }
            None => {
                let mut names: Vec<&str> = registry.all_names().collect();
                names.sort_unstable();
                let d = at(
                    &by.referenced,
                    format!("`replaced_by`: no law is called \"{}\"", by.value),
                );
                problems.push(match closest(&normalise(&by.value), names) {
                    Some(near) => d.with_hint(format!("did you mean {near}?")),
                    None => d.with_hint(format!(
                        "describe that law in {LAWS_FILE} too, or use its full name"
                    )),
                });
            }
        }
    }
    registry.assign_slugs();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn syntax(err: &serde_saphyr::Error, path: &Path) -> Diagnostic {
    let raw = err.to_string();
    let message = match raw.rfind(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw,
    };
    let (line, column) = err
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .unwrap_or((1, 1));
    let hint = if message.starts_with("unknown field") {
        "a law may have: name, short, aliases, effective, status, repealed, replaced_by, replaced_part, slug"
    } else if message.starts_with("expected sequence") {
        "laws.yaml is a list: each law starts with `- name: …`"
    } else {
        "check the YAML syntax of this line: `key: value`, lists as [a, b]"
    };
    Diagnostic::error(path, message)
        .at(line, column)
        .with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merged(text: &str) -> Result<Registry, Vec<Diagnostic>> {
        let mut r = Registry::builtin();
        merge(text, Path::new(LAWS_FILE), &mut r).map(|()| r)
    }

    #[test]
    fn a_local_regulation_is_added() {
        let r = merged(
            "- name: 苏州市养犬管理条例\n  short: 养犬条例\n  aliases: [苏州养犬条例]\n  effective: 2023-01-01\n  status: in force\n",
        )
        .unwrap();
        let id = r.lookup("养犬条例").unwrap();
        assert_eq!(r.lookup("苏州养犬条例"), Some(id));
        let law = r.law(id);
        assert_eq!(law.name, "苏州市养犬管理条例");
        assert_eq!(law.status, Status::InForce);
        assert_eq!(law.slug, "yang-quan-tiao-li");
        assert_eq!(law.effective, NaiveDate::from_ymd_opt(2023, 1, 1));
    }

    #[test]
    fn a_built_in_law_is_corrected_and_replaced() {
        let r = merged(
            "- name: 环境保护条例\n  status: repealed\n  replaced_by: 民法典\n  replaced_part: 总则编\n- name: 民法典\n  aliases: [法典]\n",
        )
        .unwrap();
        let old = r.law(r.lookup("环境保护条例").unwrap());
        let code = r.lookup("中华人民共和国民法典").unwrap();
        assert_eq!(old.replaced_by.as_ref().unwrap().law, code);
        assert_eq!(old.replaced_by.as_ref().unwrap().part, "总则编");
        assert_eq!(r.lookup("法典"), Some(code));
    }

    #[test]
    fn problems_are_placed_in_the_file() {
        let errs = merged("- name: 某某条例\n  status: gone\n  replaced_by: 民法点\n").unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert_eq!((errs[0].line, errs[0].column), (Some(2), Some(11)));
        assert!(errs[0].message.contains("not a law status"));
        assert_eq!(errs[1].line, Some(3));
        assert_eq!(errs[1].hint.as_deref(), Some("did you mean 民法典?"));
        let errs = merged("- name: 某某条例\n  stauts: repealed\n").unwrap_err();
        assert_eq!(errs[0].line, Some(2));
        assert!(errs[0].message.contains("unknown field"), "{}", errs[0]);
        let errs = merged("- name: 某某条例\n  effective: 2021-02-30\n").unwrap_err();
        assert!(errs[0].message.contains("does not exist"), "{}", errs[0]);
        let errs = merged("name: 某某条例\n").unwrap_err();
        assert!(
            errs[0].hint.as_deref().unwrap().contains("list"),
            "{}",
            errs[0]
        );
    }
}
