//! Reading HCL for the `terraform` and `cloudwatch-alarm` checkers: parsing a file with
//! `hcl-edit` (a syntax error comes back located and explained), and turning
//! expressions into JSON values where anything that needs evaluating is kept as a
//! placeholder holding its source text ([`to_value`], [`literal`], [`expr_source`]).
//! Byte spans become lines and columns through [`crate::text::LineIndex`].

use hcl::edit::Span;
use hcl::edit::expr::{Expression, ObjectKey, UnaryOperator};
use hcl::edit::parser;
use hcl::edit::structure::Body;
use hcl::edit::template::{Element, Template};
use serde_json::Value;

/// Brackets nested deeper than this are refused before parsing: the HCL parser
/// backtracks, and its time grows about eightfold with every eight further open
/// brackets (fuzzers found files of under 300 bytes, 27 and 54 deep, that took seconds);
/// real Terraform
/// stays far below.
pub(crate) const MAX_NESTING: usize = 16;

/// Why a file is not valid HCL, located, in words for the learner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HclError {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) message: String,
}

/// Parses one file into an `hcl-edit` body (with spans); each kind reports the error as
/// its own `<kind>/syntax` diagnostic.
pub(crate) fn parse_hcl(text: &str) -> Result<Body, HclError> {
    if let Some(at) = devops_tutor_lab::terraform::config::too_deep(text, MAX_NESTING) {
        let (line, column) = crate::text::position(text, at);
        return Err(HclError {
            line,
            column,
            message: format!(
                "brackets are nested more than {MAX_NESTING} deep here, so the file is not read: Terraform never needs this much; look for `{{`, `[` or `(` that are never closed"
            ),
        });
    }
    parser::parse_body(text).map_err(|e| {
        let loc = e.location();
        let detail = e.message();
        let hint = if detail.contains("nesting depth") {
            "the file nests blocks or brackets too deeply to read"
        } else {
            "look on this line or just above it for an unclosed `{`, `[` or `\"`, a missing `=` between a name and its value, \
             or two arguments on one line (each argument needs its own line)"
        };
        HclError {
            line: loc.line(),
            column: loc.column(),
            message: format!(
                "this is not valid HCL, so Terraform cannot read the file ({detail}): {hint}"
            ),
        }
    })
}

/// The key marking a value that is an expression rather than a literal: such values become
/// `{ EXPR_KEY: "<source text>" }` in [`to_value`].
pub(crate) const EXPR_KEY: &str = "\u{0}expr";

/// The source text of an expression placeholder made by [`to_value`].
pub(crate) fn expr_source(v: &Value) -> Option<String> {
    match v {
        Value::Object(o) if o.len() == 1 => {
            o.get(EXPR_KEY).and_then(Value::as_str).map(str::to_string)
        }
        _ => None,
    }
}

/// Whether a value made by [`to_value`] holds an expression placeholder anywhere inside.
pub(crate) fn contains_expr(v: &Value) -> bool {
    match v {
        Value::Object(o) => o.contains_key(EXPR_KEY) || o.values().any(contains_expr),
        Value::Array(a) => a.iter().any(contains_expr),
        _ => false,
    }
}

/// A literal expression (numbers, strings without interpolation, booleans, null, and
/// arrays and objects of those) as JSON; `None` for anything that needs evaluating.
pub(crate) fn literal(expr: &Expression) -> Option<Value> {
    let v = to_value(expr, "");
    if contains_expr(&v) { None } else { Some(v) }
}

/// Converts an expression to JSON, replacing every part that is not a literal with an
/// [`EXPR_KEY`] placeholder holding its source text (taken from `text`).
pub(crate) fn to_value(expr: &Expression, text: &str) -> Value {
    let placeholder = || {
        let source = expr
            .span()
            .and_then(|r| text.get(r))
            .unwrap_or("")
            .trim()
            .to_string();
        let mut m = serde_json::Map::new();
        m.insert(EXPR_KEY.to_string(), Value::String(source));
        Value::Object(m)
    };
    match expr {
        Expression::Null(_) => Value::Null,
        Expression::Bool(b) => Value::Bool(*b.value()),
        Expression::Number(n) => number_value(n.value()).unwrap_or_else(placeholder),
        Expression::String(s) => Value::String(s.value().clone()),
        Expression::Array(a) => Value::Array(a.iter().map(|e| to_value(e, text)).collect()),
        Expression::Object(o) => {
            let mut m = serde_json::Map::new();
            for (k, v) in o.iter() {
                let key = match k {
                    ObjectKey::Ident(i) => Some(i.as_str().to_string()),
                    ObjectKey::Expression(e) => {
                        literal(e).and_then(|k| k.as_str().map(str::to_string))
                    }
                };
                match key {
                    Some(key) => {
                        m.insert(key, to_value(v.expr(), text));
                    }
                    None => return placeholder(),
                }
            }
            Value::Object(m)
        }
        Expression::StringTemplate(t) => {
            template_literal(t).map_or_else(placeholder, Value::String)
        }
        Expression::HeredocTemplate(h) => {
            template_literal(&h.template).map_or_else(placeholder, Value::String)
        }
        Expression::Parenthesis(p) => to_value(p.inner(), text),
        Expression::UnaryOp(u) if *u.operator.value() == UnaryOperator::Neg => {
            match to_value(&u.expr, text)
                .as_f64()
                .and_then(|f| serde_json::Number::from_f64(-f))
            {
                Some(n) => Value::Number(n),
                None => placeholder(),
            }
        }
        _ => placeholder(),
    }
}

fn number_value(n: &hcl::edit::Number) -> Option<Value> {
    if let Some(u) = n.as_u64() {
        return Some(Value::from(u));
    }
    if let Some(i) = n.as_i64() {
        return Some(Value::from(i));
    }
    n.as_f64()
        .and_then(serde_json::Number::from_f64)
        .map(Value::Number)
}

fn template_literal(t: &Template) -> Option<String> {
    let mut s = String::new();
    for element in t.iter() {
        match element {
            Element::Literal(l) => s.push_str(l.value()),
            _ => return None,
        }
    }
    Some(s)
}
