//! How Compose reads YAML into the shared positioned tree ([`crate::check::yaml`]): its
//! parse options (YAML 1.1 booleans, as Compose has them, and a small node budget), the
//! learner-facing syntax messages, and the lenient accessors the rules read the tree
//! through (`get` matches a key written as a number too, `scalar` renders any scalar).

use std::sync::LazyLock;

use regex::Regex;

use crate::check::yaml::{self, Node, ParseOptions, Value};

/// A compose file has hundreds of nodes, not the default quarter million: a tighter cap
/// keeps an alias bomb from costing seconds.
const COMPOSE: ParseOptions = ParseOptions {
    max_depth: None,
    max_nodes: Some(25_000),
    strict_booleans: false,
};

/// Parses one YAML document. `Err` is (line, column, message for the learner).
pub(super) fn parse(text: &str) -> Result<Node, (usize, usize, String)> {
    yaml::parse(text, COMPOSE).map_err(|e| (e.line, e.column, syntax_message(&e.raw)))
}

fn syntax_message(raw: &str) -> String {
    static AT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\s*at line \d+,? column \d+\s*$").expect("static regex is valid")
    });
    let raw = AT.replace(raw, "").into_owned();
    let raw = raw
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(&raw)
        .to_string();
    let lower = raw.to_ascii_lowercase();
    if lower.contains("budget") || lower.contains("recursion") {
        return "this file nests too deeply or expands to too many values (through `*alias` references) to be a compose file: a compose file is a few levels of plain settings".to_string();
    }
    let hint = if lower.contains("tab") {
        "YAML indents with spaces only: replace the tab with spaces"
    } else if lower.contains("duplicate") {
        "the same key appears twice in one mapping: keep one and merge the settings into it"
    } else if lower.contains("multiple yaml documents") {
        "a compose file holds a single document: remove the `---` line and what follows, or move it to its own file"
    } else if lower.contains("quote") || lower.contains("bracket") || lower.contains("brace") {
        "a quote or bracket opened here is never closed"
    } else if lower.contains("anchor") {
        "an alias (`*name`) must refer to an anchor (`&name`) defined above it"
    } else {
        "check the indentation near this line: keys of one mapping start in the same column, nested settings are indented further, and `key: value` needs a space after the colon"
    };
    format!("this is not valid YAML yet ({raw}): {hint}")
}

/// The entries of a mapping; none for anything else.
pub(super) fn entries(node: &Node) -> &[(Node, Node)] {
    node.map().unwrap_or_default()
}

/// The items of a list; none for anything else.
pub(super) fn items(node: &Node) -> &[Node] {
    node.seq().unwrap_or_default()
}

/// A scalar as text (`8000`, `true`, `"x"`); `None` for null, lists and mappings.
pub(super) fn scalar(node: &Node) -> Option<String> {
    match &node.value {
        Value::Str(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub(super) fn get<'n>(node: &'n Node, key: &str) -> Option<(&'n Node, &'n Node)> {
    entries(node)
        .iter()
        .find(|(k, _)| scalar(k).as_deref() == Some(key))
        .map(|(k, v)| (k, v))
}

pub(super) fn type_name(node: &Node) -> &'static str {
    match node.value {
        Value::Null => "empty",
        Value::Bool(_) => "a boolean",
        Value::Int(_) | Value::Float(_) => "a number",
        Value::Str(_) => "a string",
        Value::Seq(_) => "a list",
        Value::Map(_) => "a mapping",
    }
}
