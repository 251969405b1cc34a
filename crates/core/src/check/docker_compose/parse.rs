//! A YAML tree with positions: `compose.yaml` is parsed with serde-saphyr into [`Yaml`]
//! nodes that each carry their line and column ([`serde_saphyr::Spanned`]), keys
//! included. Also owns the learner-facing syntax messages and the small accessors
//! (`get`, `scalar`, `entries`, …) the rules read the tree through.

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A YAML value; children carry their own positions.
#[derive(Debug)]
pub(super) enum Yaml {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

pub(super) type Node = Spanned<Yaml>;

impl<'de> Deserialize<'de> for Yaml {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Yaml;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_unit<E>(self) -> Result<Yaml, E> {
                Ok(Yaml::Null)
            }
            fn visit_none<E>(self) -> Result<Yaml, E> {
                Ok(Yaml::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Yaml, D::Error> {
                Yaml::deserialize(d)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Yaml, E> {
                Ok(Yaml::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Yaml, E> {
                Ok(Yaml::Int(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Yaml, E> {
                Ok(Yaml::Int(v.into()))
            }
            fn visit_i128<E>(self, v: i128) -> Result<Yaml, E> {
                Ok(Yaml::Int(v))
            }
            fn visit_u128<E>(self, v: u128) -> Result<Yaml, E> {
                Ok(i128::try_from(v).map_or_else(|_| Yaml::Str(v.to_string()), Yaml::Int))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Yaml, E> {
                Ok(Yaml::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Yaml, E> {
                Ok(Yaml::Str(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Yaml, E> {
                Ok(Yaml::Str(v))
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<Yaml, E> {
                Ok(Yaml::Str(String::from_utf8_lossy(v).into_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Yaml, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Yaml::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Yaml, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Yaml::Map(entries))
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Yaml, D::Error> {
                Yaml::deserialize(d)
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Parses one YAML document. `Err` is (line, column, message for the learner).
pub(super) fn parse(text: &str) -> Result<Node, (usize, usize, String)> {
    // A compose file has hundreds of nodes, not the default quarter million: a tighter cap
    // keeps an alias bomb from costing seconds.
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = 25_000;
    let options = serde_saphyr::options! {
        non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::AsString,
        with_snippet: false,
        budget: Some(budget),
    };
    serde_saphyr::from_str_with_options::<Node>(text, options).map_err(|e| {
        let (line, column) = e
            .location()
            .map_or((0, 0), |l| (to_usize(l.line()), to_usize(l.column())));
        (
            line,
            column,
            syntax_message(&e.without_snippet().to_string()),
        )
    })
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
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

pub(super) fn line_col(node: &Node) -> (usize, usize) {
    (
        to_usize(node.referenced.line()),
        to_usize(node.referenced.column()),
    )
}

pub(super) fn entries(node: &Node) -> &[(Node, Node)] {
    match &node.value {
        Yaml::Map(m) => m,
        _ => &[],
    }
}

pub(super) fn items(node: &Node) -> &[Node] {
    match &node.value {
        Yaml::Seq(s) => s,
        _ => &[],
    }
}

/// A scalar as text (`8000`, `true`, `"x"`); `None` for null, lists and mappings.
pub(super) fn scalar(node: &Node) -> Option<String> {
    match &node.value {
        Yaml::Str(s) => Some(s.clone()),
        Yaml::Int(i) => Some(i.to_string()),
        Yaml::Float(f) => Some(f.to_string()),
        Yaml::Bool(b) => Some(b.to_string()),
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
        Yaml::Null => "empty",
        Yaml::Bool(_) => "a boolean",
        Yaml::Int(_) | Yaml::Float(_) => "a number",
        Yaml::Str(_) => "a string",
        Yaml::Seq(_) => "a list",
        Yaml::Map(_) => "a mapping",
    }
}
