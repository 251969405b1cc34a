//! The `resource_arguments` requirement: finding a dotted argument path in a resource
//! (through nested blocks and object values) and comparing it with the expected value.

use std::ops::Range;
use std::sync::LazyLock;

use hcl::edit::Span;
use hcl::edit::structure::Body;
use regex::Regex;
use serde_json::Value;

use super::module::{Item, num};
use crate::check::SourceFile;
use crate::check::diagnostics::Diagnostics;
use crate::check::hcl::{contains_expr, expr_source, to_value};
use crate::text::LineIndex;

/// Values found at a dotted path: attributes in nested blocks or keys of object values.
/// `None` as a value means the argument is set to an expression that is not a literal.
pub(super) fn values_at(
    body: &Body,
    path: &[&str],
    text: &str,
) -> Vec<(Option<Value>, String, Option<Range<usize>>)> {
    let Some((head, rest)) = path.split_first() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    if let Some(attr) = body.get_attribute(head) {
        let mut value = Some(to_value(&attr.value, text));
        for key in rest {
            value = value.and_then(|v| v.get(*key).cloned());
        }
        if let Some(v) = value {
            let source = expr_source(&v).unwrap_or_default();
            let lit = if contains_expr(&v) { None } else { Some(v) };
            found.push((lit, source, attr.key.span()));
        }
    }
    if !rest.is_empty() {
        for b in body.get_blocks(head) {
            found.extend(values_at(&b.body, rest, text));
        }
    }
    found
}

/// Whether an expected string is meant as a reference (`var.bucket_name`,
/// `aws_s3_bucket.invoices.id`) rather than a quoted string.
fn looks_like_reference(s: &str) -> bool {
    static REFERENCE: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"^[a-z][a-z0-9_]*(\.[A-Za-z0-9_-]+)+$").ok());
    let prefixed = ["var.", "local.", "data.", "module."]
        .iter()
        .any(|p| s.starts_with(p));
    let resource = s.split('.').count() >= 3;
    (prefixed || resource) && REFERENCE.as_ref().is_some_and(|re| re.is_match(s))
}

fn show_expected(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) if looks_like_reference(s) => s.clone(),
        toml::Value::String(s) => format!("\"{s}\""),
        toml::Value::Array(a) => a.iter().map(show_expected).collect::<Vec<_>>().join(" or "),
        other => other.to_string(),
    }
}

fn matches_expected(have: &Option<Value>, source: &str, want: &toml::Value) -> bool {
    match want {
        toml::Value::String(s) if s == "*" => true,
        toml::Value::Array(options) => options.iter().any(|o| matches_expected(have, source, o)),
        toml::Value::String(s) => match have {
            Some(Value::String(h)) => h == s,
            Some(Value::Number(n)) => n.to_string() == *s,
            Some(Value::Bool(b)) => b.to_string() == *s,
            None => source.trim() == s,
            _ => false,
        },
        toml::Value::Integer(i) => have
            .as_ref()
            .and_then(num)
            .is_some_and(|h| (h - *i as f64).abs() < 1e-9),
        toml::Value::Float(f) => have
            .as_ref()
            .and_then(num)
            .is_some_and(|h| (h - f).abs() < 1e-9),
        toml::Value::Boolean(b) => match have {
            Some(Value::Bool(h)) => h == b,
            Some(Value::String(h)) => *h == b.to_string(),
            _ => false,
        },
        _ => false,
    }
}

fn describe_path(path: &[&str], expected: &toml::Value) -> String {
    let Some((last, blocks)) = path.split_last() else {
        return String::new();
    };
    let assignment = match expected {
        toml::Value::String(s) if s == "*" => format!("`{last}`"),
        toml::Value::Array(_) => format!("`{last}` to {}", show_expected(expected)),
        _ => format!("`{last} = {}`", show_expected(expected)),
    };
    if blocks.is_empty() {
        assignment
    } else {
        let nest: String = blocks.iter().map(|b| format!("{b} {{ ")).collect();
        let close: String = blocks.iter().map(|_| "}").collect::<Vec<_>>().join(" ");
        format!("{assignment} inside `{nest}… {close}`")
    }
}

/// A block whose arguments a requirement checks: a resource, or a nested block such as
/// `terraform { backend "s3" { … } }`.
pub(super) struct Target<'a> {
    pub(super) file: &'a SourceFile,
    pub(super) loc: &'a LineIndex<'a>,
    pub(super) body: &'a Body,
    /// How messages name the block, e.g. `aws_s3_bucket.invoices` or `backend "s3"`.
    pub(super) address: String,
    /// Where a missing argument is reported: the block's first line.
    pub(super) at: (usize, usize),
    /// The rule id of the findings.
    pub(super) rule: &'static str,
}

pub(super) fn check_argument(
    item: &Item,
    path: &str,
    expected: &toml::Value,
    out: &mut Diagnostics,
) {
    let target = Target {
        file: item.file,
        loc: item.loc,
        body: &item.block.body,
        address: format!("{}.{}", item.label(0), item.label(1)),
        at: item.at(),
        rule: "require-resource-argument",
    };
    check_target_argument(&target, path, expected, out);
}

pub(super) fn check_target_argument(
    target: &Target,
    path: &str,
    expected: &toml::Value,
    out: &mut Diagnostics,
) {
    let parts: Vec<&str> = path.split('.').collect();
    let found = values_at(target.body, &parts, &target.file.text);
    let address = &target.address;
    let wanted = describe_path(&parts, expected);
    let error = |out: &mut Diagnostics, at: (usize, usize), message: String| {
        out.error(&target.file.path, target.rule, at, message);
    };
    if found.is_empty() {
        error(
            out,
            target.at,
            format!("`{address}` does not set {wanted}: set it, this exercise needs it"),
        );
        return;
    }
    if found
        .iter()
        .any(|(have, source, _)| matches_expected(have, source, expected))
    {
        return;
    }
    let (have, source, span) = &found[0];
    let shown = match have {
        Some(v) => v.to_string(),
        None => source.clone(),
    };
    error(
        out,
        target.loc.span_start(span.clone()),
        format!("`{address}` sets `{path}` to `{shown}`; this exercise expects {wanted}"),
    );
}
