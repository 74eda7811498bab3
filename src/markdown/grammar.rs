//! Reads pufa's own syntax grammars (`syntaxes/*.sublime-syntax`) into
//! syntect's definitions, with the project's YAML crate.
//!
//! It understands the part of the sublime-syntax format those grammars
//! use: `name`, `scope`, `file_extensions`, and contexts made of `match`
//! rules (`scope`, `captures`, `push`, `set`, `pop`), `include`,
//! `meta_scope` and `meta_content_scope`. Anything else is refused, so a
//! grammar never silently means less than it says. A `$` in a pattern
//! means the end of the line, as in Sublime Text (highlighted lines keep
//! their newline). Patterns compile when first used, as syntect's do; the
//! tests compile every pattern of the shipped grammars ([`bad_patterns`]).

use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use syntect::parsing::syntax_definition::{
    Context, ContextReference, MatchOperation, MatchPattern, Pattern,
};
use syntect::parsing::{Scope, SyntaxDefinition};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Grammar {
    name: String,
    scope: String,
    #[serde(default)]
    file_extensions: Vec<String>,
    contexts: BTreeMap<String, Vec<Rule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Rule {
    #[serde(rename = "match")]
    pattern: Option<String>,
    scope: Option<String>,
    #[serde(default)]
    captures: BTreeMap<usize, String>,
    push: Option<Targets>,
    set: Option<Targets>,
    #[serde(default)]
    pop: bool,
    include: Option<String>,
    meta_scope: Option<String>,
    meta_content_scope: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Targets {
    One(String),
    Many(Vec<String>),
}

impl Targets {
    fn names(&self) -> Vec<&str> {
        match self {
            Targets::One(name) => vec![name.as_str()],
            Targets::Many(names) => names.iter().map(String::as_str).collect(),
        }
    }
}

/// The definition in `text` (the grammar `name`, for messages).
pub fn load(name: &str, text: &str) -> Result<SyntaxDefinition, String> {
    let grammar: Grammar =
        serde_saphyr::from_str(text).map_err(|e| format!("{name}: not a grammar: {e}"))?;
    let top = scope(&grammar.scope).map_err(|e| format!("{name}: {e}"))?;
    if !grammar.contexts.contains_key("main") {
        return Err(format!("{name}: there is no `main` context"));
    }
    let mut contexts = HashMap::new();
    for (context_name, rules) in &grammar.contexts {
        let context = self::context(rules, &grammar.contexts)
            .map_err(|e| format!("{name}, context `{context_name}`: {e}"))?;
        contexts.insert(context_name.clone(), context);
    }
    add_start_contexts(&mut contexts, top);
    Ok(SyntaxDefinition {
        name: grammar.name,
        file_extensions: grammar.file_extensions,
        scope: top,
        first_line_match: None,
        hidden: false,
        variables: HashMap::new(),
        contexts,
    })
}

/// As syntect's own loader does: the top level runs in `__start`, which
/// pushes `__main` (a copy of `main`'s scopes that includes it), so the
/// file's scope stays when `main` is replaced with `set`.
fn add_start_contexts(contexts: &mut HashMap<String, Context>, top: Scope) {
    let main = &contexts["main"];
    let mut outer_main = Context::new(main.meta_include_prototype);
    outer_main.meta_scope = main.meta_scope.clone();
    outer_main.meta_content_scope = main.meta_content_scope.clone();
    outer_main
        .patterns
        .push(Pattern::Include(reference("main").expect("a plain name")));
    let mut start = Context::new(false);
    start.meta_content_scope = vec![top];
    start.patterns.push(Pattern::Match(MatchPattern::new(
        false,
        String::new(),
        Vec::new(),
        None,
        MatchOperation::Push(vec![reference("__main").expect("a plain name")]),
        None,
    )));
    if let Some(main) = contexts.get_mut("main") {
        main.meta_content_scope.insert(0, top);
    }
    contexts.insert("__main".into(), outer_main);
    contexts.insert("__start".into(), start);
}

fn context(rules: &[Rule], all: &BTreeMap<String, Vec<Rule>>) -> Result<Context, String> {
    let mut context = Context::new(true);
    for rule in rules {
        if let Some(s) = &rule.meta_scope {
            context.meta_scope = scopes(s)?;
        }
        if let Some(s) = &rule.meta_content_scope {
            context.meta_content_scope = scopes(s)?;
        }
        if let Some(target) = &rule.include {
            known(target, all)?;
            context.patterns.push(Pattern::Include(reference(target)?));
            continue;
        }
        let Some(raw) = &rule.pattern else {
            if rule.meta_scope.is_none() && rule.meta_content_scope.is_none() {
                return Err("a rule needs `match`, `include` or a meta scope".into());
            }
            continue;
        };
        let regex = end_of_line_dollars(raw);
        let operation = match (&rule.push, &rule.set, rule.pop) {
            (None, None, false) => MatchOperation::None,
            (Some(t), None, false) => MatchOperation::Push(references(t, all)?),
            (None, Some(t), false) => MatchOperation::Set(references(t, all)?),
            (None, None, true) => MatchOperation::Pop,
            _ => return Err(format!("pattern {raw:?}: use one of push, set and pop")),
        };
        let captures = if rule.captures.is_empty() {
            None
        } else {
            let mut list = Vec::new();
            for (group, s) in &rule.captures {
                list.push((*group, scopes(s)?));
            }
            Some(list)
        };
        // A pop that refers back to the text that pushed (`\1`).
        let has_captures = rule.pop && has_backreference(&regex);
        if has_captures {
            context.uses_backrefs = true;
        }
        let scope = match &rule.scope {
            Some(s) => scopes(s)?,
            None => Vec::new(),
        };
        context.patterns.push(Pattern::Match(MatchPattern::new(
            has_captures,
            regex,
            scope,
            captures,
            operation,
            None,
        )));
    }
    Ok(context)
}

/// The patterns of `syntax` that do not compile, with why.
#[cfg(test)]
pub fn bad_patterns(syntax: &SyntaxDefinition) -> Vec<String> {
    let mut bad = Vec::new();
    for context in syntax.contexts.values() {
        for pattern in &context.patterns {
            if let Pattern::Match(m) = pattern {
                let text = m.regex.regex_str();
                if let Some(e) = syntect::parsing::Regex::try_compile(text) {
                    bad.push(format!("{text:?}: {e}"));
                }
            }
        }
    }
    bad
}

fn known(target: &str, all: &BTreeMap<String, Vec<Rule>>) -> Result<(), String> {
    if target.starts_with("scope:") || all.contains_key(target) {
        Ok(())
    } else {
        Err(format!("there is no context `{target}`"))
    }
}

fn references(
    targets: &Targets,
    all: &BTreeMap<String, Vec<Rule>>,
) -> Result<Vec<ContextReference>, String> {
    targets
        .names()
        .into_iter()
        .map(|name| {
            known(name, all)?;
            reference(name)
        })
        .collect()
}

/// `name` or `scope:source.yaml`. syntect keeps its reference type open for
/// new kinds, so it is made through its serialised form.
fn reference(target: &str) -> Result<ContextReference, String> {
    let value = match target.strip_prefix("scope:") {
        Some(s) => serde_json::json!({
            "ByScope": { "scope": s, "sub_context": null, "with_escape": false }
        }),
        None => serde_json::json!({ "Named": target }),
    };
    serde_json::from_value(value).map_err(|e| format!("reference {target:?}: {e}"))
}

fn scope(s: &str) -> Result<Scope, String> {
    Scope::new(s).map_err(|e| format!("scope {s:?}: {e:?}"))
}

fn scopes(s: &str) -> Result<Vec<Scope>, String> {
    s.split_whitespace().map(scope).collect()
}

/// Every `$` that is not escaped nor in a class becomes `(?m:$)`.
fn end_of_line_dollars(regex: &str) -> String {
    let mut out = String::with_capacity(regex.len() + 8);
    let mut chars = regex.chars();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            '[' => {
                in_class = true;
                out.push(c);
            }
            ']' => {
                in_class = false;
                out.push(c);
            }
            '$' if !in_class => out.push_str("(?m:$)"),
            _ => out.push(c),
        }
    }
    out
}

fn has_backreference(regex: &str) -> bool {
    let bytes = regex.as_bytes();
    bytes
        .windows(2)
        .enumerate()
        .any(|(i, w)| w[0] == b'\\' && w[1].is_ascii_digit() && (i == 0 || bytes[i - 1] != b'\\'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str = "
name: Tiny
scope: source.tiny
contexts:
  main:
    - match: '#.*$'
      scope: comment.line.tiny
    - match: '\"'
      push: string
  string:
    - meta_scope: string.quoted.tiny
    - match: '\"'
      pop: true
";

    #[test]
    fn a_grammar_becomes_a_definition_with_start_contexts() {
        let syntax = load("tiny", TINY).unwrap();
        assert_eq!(syntax.name, "Tiny");
        for name in ["main", "string", "__main", "__start"] {
            assert!(syntax.contexts.contains_key(name), "{name}");
        }
        assert_eq!(syntax.contexts["main"].patterns.len(), 2);
    }

    #[test]
    fn unknown_keys_and_contexts_are_refused_and_bad_patterns_found() {
        let typo = TINY.replace("meta_scope", "meta_scop");
        assert!(load("tiny", &typo).unwrap_err().contains("meta_scop"));
        let missing = TINY.replace("push: string", "push: strings");
        let err = load("tiny", &missing).unwrap_err();
        assert!(err.contains("no context `strings`"), "{err}");
        let bad = load("tiny", &TINY.replace("'#.*$'", "'(#'")).unwrap();
        let found = bad_patterns(&bad);
        assert!(found.len() == 1 && found[0].contains("(#"), "{found:?}");
        assert!(bad_patterns(&load("tiny", TINY).unwrap()).is_empty());
    }

    #[test]
    fn dollars_mean_end_of_line_except_escaped_or_in_a_class() {
        assert_eq!(end_of_line_dollars(r"a$"), "a(?m:$)");
        assert_eq!(end_of_line_dollars(r"\$[$]"), r"\$[$]");
    }

    #[test]
    fn backreferences_are_seen_but_not_escaped_backslashes() {
        assert!(has_backreference(r"^\1$"));
        assert!(!has_backreference(r"\\1"));
        assert!(!has_backreference(r"\d"));
    }
}
