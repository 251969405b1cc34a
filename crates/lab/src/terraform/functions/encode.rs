//! The text encodings behind `jsonencode` and `yamlencode`, written the way Terraform
//! writes them: JSON compact with sorted keys and Go's HTML-safe escapes; YAML in
//! go-yaml's block style with every string and key double-quoted.

use super::super::types::number_to_string;
use super::super::value::Value;

/// `jsonencode`'s text for `v` (marks dropped, unknowns as `null`).
pub(super) fn json(v: &Value) -> String {
    let mut out = String::new();
    json_into(v, &mut out);
    out
}

fn json_into(v: &Value, out: &mut String) {
    match v.peel() {
        Value::Null | Value::Unknown | Value::Marked(..) => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&number_to_string(*n)),
        Value::String(s) => json_string(s, out),
        Value::List(e) | Value::Set(e) | Value::Tuple(e) => {
            out.push('[');
            for (i, x) in e.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_into(x, out);
            }
            out.push(']');
        }
        Value::Map(m) | Value::Object(m) => {
            out.push('{');
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_string(k, out);
                out.push(':');
                json_into(x, out);
            }
            out.push('}');
        }
    }
}

/// `s` as a JSON string the way Go's `encoding/json` (Go 1.22 and later) writes it, as
/// Terraform's `jsonencode` and the AWS provider's policy documents do: `<`, `>`, `&`,
/// U+2028 and U+2029 as `\u003c`…, `\b` and `\f` short, other controls as `\u00XX`.
pub(crate) fn json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `yamlencode`'s text for `v`: a document ending in a newline.
pub(super) fn yaml(v: &Value) -> String {
    let mut out = String::new();
    yaml_block(v, 0, &mut out);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn yaml_scalar(v: &Value) -> Option<String> {
    Some(match v.peel() {
        Value::Null | Value::Unknown | Value::Marked(..) => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => number_to_string(*n),
        Value::String(s) => yaml_string(s),
        Value::List(e) | Value::Set(e) | Value::Tuple(e) if e.is_empty() => "[]".into(),
        Value::Map(m) | Value::Object(m) if m.is_empty() => "{}".into(),
        _ => return None,
    })
}

fn yaml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A string with line breaks in go-yaml's literal style: `|` with a chomping indicator,
/// then the lines indented by `indent`.
fn yaml_literal(text: &str, indent: usize, out: &mut String) {
    let trailing = text.len() - text.trim_end_matches('\n').len();
    out.push_str(match trailing {
        0 => "|-",
        1 => "|",
        _ => "|+",
    });
    out.push('\n');
    let pad = " ".repeat(indent);
    for line in text.trim_end_matches('\n').split('\n') {
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
        out.push('\n');
    }
    for _ in 1..trailing {
        out.push('\n');
    }
}

/// Writes `v` starting at the current position, nested blocks indented by `indent`.
fn yaml_block(v: &Value, indent: usize, out: &mut String) {
    if let Some(text) = v.as_str().filter(|t| t.contains('\n')) {
        yaml_literal(text, indent.max(2), out);
        return;
    }
    if let Some(s) = yaml_scalar(v) {
        out.push_str(&s);
        out.push('\n');
        return;
    }
    let pad = " ".repeat(indent);
    match v.peel() {
        Value::List(e) | Value::Set(e) | Value::Tuple(e) => {
            for (i, x) in e.iter().enumerate() {
                if i > 0 {
                    out.push_str(&pad);
                }
                out.push_str("- ");
                yaml_block(x, indent + 2, out);
            }
        }
        Value::Map(m) | Value::Object(m) => {
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push_str(&pad);
                }
                out.push_str(&yaml_string(k));
                out.push(':');
                if let Some(text) = x.as_str().filter(|t| t.contains('\n')) {
                    out.push(' ');
                    yaml_literal(text, indent + 2, out);
                } else if let Some(s) = yaml_scalar(x) {
                    out.push(' ');
                    out.push_str(&s);
                    out.push('\n');
                } else if x.as_seq().is_some() {
                    // go-yaml does not indent a sequence under a mapping key.
                    out.push('\n');
                    out.push_str(&pad);
                    yaml_block(x, indent, out);
                } else {
                    out.push('\n');
                    out.push_str(&" ".repeat(indent + 2));
                    yaml_block(x, indent + 2, out);
                }
            }
        }
        _ => {}
    }
}
