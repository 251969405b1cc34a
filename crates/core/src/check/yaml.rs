//! The positioned YAML tree every YAML reader of `check` uses (`github-actions`,
//! `gitlab-ci`, `docker-compose`, and the secrets scan's look at workflow `run:` scripts):
//! every node keeps the line and column where it is used and the byte range that defines
//! it, so a diagnostic points at the exact key or value.
//!
//! Each caller passes its [`ParseOptions`]: the limits that keep a hostile file cheap,
//! and which booleans it knows. The CI checkers read YAML 1.2 booleans
//! ([`ParseOptions::PIPELINE`]), so `on`, `yes` and `off` stay strings: the key `on:` of a
//! workflow is the string "on", as GitHub reads it; Compose reads YAML 1.1's. Syntax
//! errors come back with the parser's text in two forms, so each kind words its own
//! message for the learner ([`SyntaxError::explain`] is the pipelines'). The text
//! heuristics both CI checkers share (misspellings, commands a script runs, values that
//! could be credentials) live in [`heuristics`] and are re-exported here.

mod heuristics;
mod node;

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{MessageFormatter, Spanned, UserMessageFormatter};

pub(crate) use heuristics::{closest, could_be_credential, runs_command};
pub(crate) use node::{near_key, string_list};

/// A YAML value; mapping keys keep their order and position.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// A value with the 1-based line and column where it is used, and the byte range
/// of the text that defines it (for an alias: the anchored original).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub value: Value,
    pub line: usize,
    pub column: usize,
    pub span: Option<(usize, usize)>,
}

/// A parse error, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub line: usize,
    pub column: usize,
    /// The parser's message for users, on one line.
    pub message: String,
    /// The parser's own text (its `Display`), which ends with the location.
    pub raw: String,
}

impl SyntaxError {
    /// The parser's message with a plain explanation around it.
    pub(crate) fn explain(&self) -> String {
        let m = &self.message;
        if m.contains("multiple") {
            return format!(
                "the file holds several YAML documents (a `---` line starts a new one) but only one is expected: remove the extra `---` ({m})"
            );
        }
        if m.contains("duplicate") {
            return format!(
                "{m}: a key may appear only once in the same mapping; merge the two entries into one"
            );
        }
        if m.contains("tabs disallowed") {
            return format!(
                "YAML indentation must use spaces, not tabs: replace the tab on this line with spaces ({m})"
            );
        }
        if m.contains("Depth") || m.contains("recursion limit") {
            return format!(
                "the YAML is nested more than {MAX_DEPTH} levels deep, far more than a pipeline needs: check the indentation of the lines around here ({m})"
            );
        }
        if m.contains("too large or too complex") {
            return format!(
                "{m}: the file is too large or too repetitive to be a pipeline definition"
            );
        }
        format!(
            "this is not valid YAML ({m}); check that indentation uses spaces, that nested keys line up, and that every quote and bracket is closed"
        )
    }
}

/// Deepest nesting accepted in a pipeline. Pipelines need well under 10 levels; each
/// level costs stack in the deserializer, so a low cap keeps a hostile file from
/// overflowing the stack of a small thread.
pub(crate) const MAX_DEPTH: usize = 20;

/// How one kind reads YAML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ParseOptions {
    /// Deepest nesting accepted; `None` keeps the parser's default.
    pub max_depth: Option<usize>,
    /// Most nodes accepted, aliases expanded; `None` keeps the parser's default.
    pub max_nodes: Option<usize>,
    /// Only YAML 1.2's `true` and `false` are booleans; otherwise YAML 1.1's `yes`,
    /// `on`, `off` … are too.
    pub strict_booleans: bool,
}

impl ParseOptions {
    /// GitHub Actions workflows and GitLab CI pipelines.
    pub(crate) const PIPELINE: ParseOptions = ParseOptions {
        max_depth: Some(MAX_DEPTH),
        max_nodes: None,
        strict_booleans: true,
    };

    fn saphyr(self) -> serde_saphyr::Options {
        let mut budget = serde_saphyr::Budget::default();
        if let Some(depth) = self.max_depth {
            budget.max_depth = depth;
        }
        if let Some(nodes) = self.max_nodes {
            budget.max_nodes = nodes;
        }
        serde_saphyr::options! {
            budget: Some(budget),
            strict_booleans: self.strict_booleans,
            non_finite_float_policy: serde_saphyr::options::NonFiniteFloatPolicy::AsString,
            with_snippet: false,
        }
    }
}

fn syntax_error(e: &serde_saphyr::Error) -> SyntaxError {
    let (line, column) = e
        .location()
        .map_or((0, 0), |l| (to_usize(l.line()), to_usize(l.column())));
    let bare = e.without_snippet();
    let message = UserMessageFormatter
        .format_message(bare)
        .replace(['\n', '\r'], " ");
    SyntaxError {
        line,
        column,
        message,
        raw: bare.to_string(),
    }
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// Parses one YAML document. An empty file (or only comments) is `Value::Null`.
pub(crate) fn parse(text: &str, options: ParseOptions) -> Result<Node, SyntaxError> {
    serde_saphyr::from_str_with_options::<Node>(text, options.saphyr())
        .map_err(|e| syntax_error(&e))
}

/// Parses every document of a stream (separated by `---`).
pub(crate) fn parse_documents(text: &str, options: ParseOptions) -> Result<Vec<Node>, SyntaxError> {
    serde_saphyr::from_str_multiple_with_options::<Node, Vec<Node>>(text, options.saphyr())
        .map_err(|e| syntax_error(&e))
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Spanned::<Value>::deserialize(d)?;
        let defined = s.defined.span();
        let span = match (defined.byte_offset(), defined.byte_len()) {
            (Some(o), Some(l)) => Some((to_usize(o), to_usize(l))),
            _ => None,
        };
        Ok(Node {
            value: s.value,
            line: to_usize(s.referenced.line()),
            column: to_usize(s.referenced.column()),
            span,
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Int(n.into()))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Int(n.into()))
    }
    fn visit_i128<E>(self, n: i128) -> Result<Value, E> {
        Ok(Value::Int(n))
    }
    // Wider than any YAML integer a file needs: kept exactly, as text.
    fn visit_u128<E>(self, n: u128) -> Result<Value, E> {
        Ok(i128::try_from(n).map_or_else(|_| Value::Str(n.to_string()), Value::Int))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        Ok(Value::Float(n))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::Str(s.to_string()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::Str(s))
    }
    fn visit_bytes<E>(self, b: &[u8]) -> Result<Value, E> {
        Ok(Value::Str(String::from_utf8_lossy(b).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(n) = a.next_element::<Node>()? {
            items.push(n);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(k) = a.next_key::<Node>()? {
            let v = a.next_value::<Node>()?;
            entries.push((k, v));
        }
        Ok(Value::Map(entries))
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}
