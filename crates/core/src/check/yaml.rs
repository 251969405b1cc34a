//! The positioned YAML tree the CI checkers (`github-actions`, `gitlab-ci`) read files
//! into: every node keeps the line and column where it is used and the byte range that
//! defines it, so a diagnostic points at the exact key or value.
//!
//! Parsed with YAML 1.2 booleans (`strict_booleans`), so `on`, `yes` and `off` stay
//! strings: the key `on:` of a workflow is the string "on", as GitHub reads it. The text
//! heuristics both checkers share (misspellings, commands a script runs, names that look
//! like credentials) live in [`heuristics`] and are re-exported here.

mod heuristics;

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{MessageFormatter, Spanned, UserMessageFormatter};

use crate::check::position;

pub(crate) use heuristics::{closest, could_be_credential, looks_secret, runs_command};

/// A YAML value; mapping keys keep their order and position.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    Int(i64),
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
    pub message: String,
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

/// Deepest nesting accepted. Pipelines need well under 10 levels; each level costs
/// stack in the deserializer, so a low cap keeps a hostile file from overflowing the
/// stack of a small thread.
pub(crate) const MAX_DEPTH: usize = 20;

fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! { max_depth: MAX_DEPTH },
        strict_booleans: true,
        non_finite_float_policy: serde_saphyr::options::NonFiniteFloatPolicy::AsString,
        with_snippet: false,
    }
}

fn syntax_error(e: &serde_saphyr::Error) -> SyntaxError {
    let (line, column) = e
        .location()
        .map_or((0, 0), |l| (to_usize(l.line()), to_usize(l.column())));
    let message = UserMessageFormatter
        .format_message(e.without_snippet())
        .replace(['\n', '\r'], " ");
    SyntaxError {
        line,
        column,
        message,
    }
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// Parses one YAML document. An empty file (or only comments) is `Value::Null`.
pub(crate) fn parse(text: &str) -> Result<Node, SyntaxError> {
    serde_saphyr::from_str_with_options::<Node>(text, options()).map_err(|e| syntax_error(&e))
}

/// Parses every document of a stream (separated by `---`).
pub(crate) fn parse_documents(text: &str) -> Result<Vec<Node>, SyntaxError> {
    serde_saphyr::from_str_multiple_with_options::<Node, Vec<Node>>(text, options())
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
        Ok(Value::Int(n))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(i64::try_from(n).map_or(Value::Float(n as f64), Value::Int))
    }
    fn visit_i128<E>(self, n: i128) -> Result<Value, E> {
        Ok(i64::try_from(n).map_or(Value::Float(n as f64), Value::Int))
    }
    fn visit_u128<E>(self, n: u128) -> Result<Value, E> {
        Ok(i64::try_from(n).map_or(Value::Float(n as f64), Value::Int))
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
}

impl Node {
    /// (line, column) for a diagnostic.
    pub(crate) fn at(&self) -> (usize, usize) {
        (self.line, self.column)
    }

    pub(crate) fn map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub(crate) fn seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub(crate) fn str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The key node and value of `key` in a mapping.
    pub(crate) fn entry(&self, key: &str) -> Option<(&Node, &Node)> {
        self.map()?
            .iter()
            .find(|(k, _)| k.str() == Some(key))
            .map(|(k, v)| (k, v))
    }

    /// The value of `key` in a mapping.
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The text this node defines, when it is a slice of `text`.
    pub(crate) fn raw<'a>(&self, text: &'a str) -> Option<&'a str> {
        let (o, l) = self.span?;
        text.get(o..o.checked_add(l)?)
    }

    /// A scalar as text: strings as they are, numbers as written.
    pub(crate) fn text(&self, text: &str) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Int(_) | Value::Float(_) => {
                let raw = self
                    .raw(text)
                    .map(str::trim)
                    .filter(|r| !r.is_empty() && !r.starts_with('*'));
                Some(raw.map_or_else(|| self.number_text(), str::to_string))
            }
            Value::Null | Value::Seq(_) | Value::Map(_) => None,
        }
    }

    fn number_text(&self) -> String {
        match self.value {
            Value::Int(n) => n.to_string(),
            Value::Float(f) => f.to_string(),
            _ => String::new(),
        }
    }

    /// For a float written like `3.10`: the text as written, which YAML shortens.
    pub(crate) fn float_losing_digits(&self, text: &str) -> Option<String> {
        let Value::Float(_) = self.value else {
            return None;
        };
        let raw = self.raw(text)?.trim();
        (raw.contains('.')
            && raw.ends_with('0')
            && raw.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .then(|| raw.to_string())
    }

    /// For a string scalar: the text to scan for patterns and the byte offset where it
    /// starts in the file (the source as written, so positions are exact), or the
    /// value itself with no offset when the source is not available.
    pub(crate) fn scalar_source<'a>(&'a self, text: &'a str) -> (&'a str, Option<usize>) {
        let value = self.str().unwrap_or_default();
        match (self.raw(text), self.span) {
            (Some(raw), Some((o, _))) if !raw.is_empty() && !raw.starts_with('*') => (raw, Some(o)),
            _ => (value, None),
        }
    }

    /// (line, column) of byte `index` of what [`Node::scalar_source`] returned.
    pub(crate) fn pos_at(&self, text: &str, base: Option<usize>, index: usize) -> (usize, usize) {
        base.map_or((self.line, self.column), |b| {
            position(text, b.saturating_add(index))
        })
    }

    /// "a list", "the text `x`", … for messages about a wrong type.
    pub(crate) fn describe(&self) -> String {
        match &self.value {
            Value::Null => "nothing".to_string(),
            Value::Bool(b) => format!("the boolean `{b}`"),
            Value::Int(_) | Value::Float(_) => format!("the number `{}`", self.number_text()),
            Value::Str(s) => {
                let short: String = s.chars().take(40).collect();
                format!("the text `{}`", short.replace('\n', " "))
            }
            Value::Seq(_) => "a list".to_string(),
            Value::Map(_) => "a mapping".to_string(),
        }
    }
}

/// A scalar or a list of scalars, as text with the node each came from.
pub(crate) fn string_list<'a>(node: &'a Node, text: &str) -> Vec<(String, &'a Node)> {
    match &node.value {
        Value::Seq(items) => items
            .iter()
            .filter_map(|i| Some((i.text(text)?, i)))
            .collect(),
        _ => node.text(text).map(|t| vec![(t, node)]).unwrap_or_default(),
    }
}

/// A key of `map` that looks like a misspelling of `wanted`.
pub(crate) fn near_key(map: &Node, text: &str, wanted: &str) -> Option<String> {
    map.map()?
        .iter()
        .filter_map(|(k, _)| k.text(text))
        .find(|k| k != wanted && closest(k, &[wanted]).is_some())
}
