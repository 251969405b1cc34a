//! Reading the positioned tree: lookups by key, scalars as the text the file wrote,
//! positions inside a scalar, and short descriptions for messages about a wrong type.

use super::{Node, Value, closest};
use crate::text::position;

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
