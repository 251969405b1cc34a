//! The lab's expression evaluator against real `terraform console`: every case in
//! `fixtures/tf-console/cases.txt` was answered by Terraform 1.11.4 (recorded by
//! `tools/tf-console-record` into `cases.expected.json`). Each case must agree on the
//! verdict (value or error), the value as `jsonencode` writes it, the type as `type()`
//! prints it, and for errors the summary and the first line of the detail — unless it is
//! in [`KNOWN`], the list of disagreements with their reasons. A new disagreement fails
//! the test, and so does a listed one that has started to agree (so the list stays true).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use devops_tutor_lab::terraform::expr::{Scope, eval};
use devops_tutor_lab::terraform::functions::json_encode;
use devops_tutor_lab::terraform::{EvalError, Value};

/// Cases where the lab knowingly differs from Terraform, each with why.
const KNOWN: &[(&str, &str)] = &[
    (
        r#"cidrsubnet("10.0.0.0/16", 8, -1)"#,
        "Terraform wraps a negative netnum round the address space; the lab refuses it",
    ),
    (
        r#"length("👍🏽")"#,
        "Terraform counts grapheme clusters; the lab counts Unicode scalar values",
    ),
    (
        r#"element(["a", "b", "c"], -1)"#,
        "Terraform 1.11 panics inside cty; the lab says the index is negative",
    ),
    (
        r#"try(tonumber("x"))"#,
        "Terraform names each failed expression's location (<console-input>:1,15-16)",
    ),
    (
        r#"try(tonumber("x"), tobool("y"))"#,
        "Terraform names each failed expression's location",
    ),
    (
        r#"jsondecode("{bad")"#,
        "Go's JSON parser words its errors differently from serde_json",
    ),
    (
        r#"jsondecode("")"#,
        "Go's JSON parser words its errors differently from serde_json",
    ),
    (
        r#"replace("hello", "/[/", "x")"#,
        "Go's RE2 words pattern errors differently from the regex crate",
    ),
    (
        r#"regex("(", "x")"#,
        "Go's RE2 words pattern errors differently from the regex crate",
    ),
    (
        r#"base64gzip("x")"#,
        "not implemented: it needs a gzip encoder byte-identical to Go's",
    ),
    (
        "12345678901234567890",
        "the lab's numbers are f64; Terraform's are 512-bit decimals",
    ),
    (
        "9007199254740993",
        "the lab's numbers are f64 (2^53 + 1 is not representable)",
    ),
    (
        "1/3",
        "Terraform prints 512-bit precision; the lab f64's shortest digits",
    ),
    (
        "2/3",
        "Terraform prints 512-bit precision; the lab f64's shortest digits",
    ),
    (
        "1.1 * 3",
        "Terraform prints 512-bit precision; the lab f64's shortest digits",
    ),
    (
        "100 / 3",
        "Terraform prints 512-bit precision; the lab f64's shortest digits",
    ),
    ("-0", "hcl-edit reads the literal -0 as the number 0"),
    (
        "<<-EOT\n  %{ if true ~}\n  yes\n  %{~ endif }\nEOT",
        "HCL applies strip markers before removing a flush heredoc's indentation; the lab after",
    ),
    (
        r#"yamldecode("a: 1")"#,
        "not implemented: the lab has no YAML parser",
    ),
    (
        r#"timeadd("2017-11-22T00:00:00Z", "10m")"#,
        "not implemented: time functions",
    ),
    (
        r#"formatdate("YYYY-MM-DD", "2018-01-02T23:12:01Z")"#,
        "not implemented: time functions",
    ),
    (
        r#"yamlencode("a very long string that goes on and on and on past the eighty column mark of yaml emitters")"#,
        "go-yaml folds double-quoted strings at 80 columns; the lab never folds",
    ),
    (
        r#"jsonencode("\b\f\u0001")"#,
        "the lab reports hcl-edit's parse error, not Terraform's \"Invalid escape sequence\"",
    ),
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tf-console")
}

fn scope() -> Scope {
    let dir = fixtures();
    let path = Value::Object(BTreeMap::from([
        ("module".to_string(), Value::string(".")),
        ("root".to_string(), Value::string(".")),
        (
            "cwd".to_string(),
            Value::string(dir.to_string_lossy().into_owned()),
        ),
    ]));
    let mut s = Scope::new().with("path", path);
    s.base_dir = Some(dir);
    s
}

fn run(src: &str, scope: &Scope) -> Result<Value, EvalError> {
    let e = hcl::edit::parser::parse_expr(src)
        .map_err(|e| EvalError::new("(lab parse error)", e.to_string()))?;
    eval(&e, scope)
}

/// The type of a lab value, spelled as `type()` prints it with whitespace removed.
fn type_of(v: &Value) -> String {
    fn elem<'a>(mut it: impl Iterator<Item = &'a Value>) -> String {
        it.find(|v| !v.is_null())
            .map_or_else(|| "dynamic".to_string(), type_of)
    }
    match v.peel() {
        Value::Null | Value::Unknown => "dynamic".into(),
        Value::Bool(_) => "bool".into(),
        Value::Number(_) => "number".into(),
        Value::String(_) => "string".into(),
        Value::List(e) => format!("list({})", elem(e.iter())),
        Value::Set(e) => format!("set({})", elem(e.iter())),
        Value::Map(m) => format!("map({})", elem(m.values())),
        Value::Tuple(e) => format!(
            "tuple([{}])",
            e.iter().map(type_of).collect::<Vec<_>>().join(",")
        ),
        Value::Object(m) => format!(
            "object({{{}}})",
            m.iter()
                .map(|(k, v)| format!("{k}:{}", type_of(v)))
                .collect::<Vec<_>>()
                .join(",")
        ),
        Value::Marked(..) => unreachable!("peeled"),
    }
}

/// Whether the lab's type spelling matches Terraform's, where the lab's `dynamic` stands
/// for any type: lab values carry no type for a null or for the elements of an empty
/// collection (`tostring(null)` is a null string to Terraform, a plain null to the lab).
fn type_matches(lab: &str, tf: &str) -> bool {
    const DYN: &str = "dynamic";
    let (l, t) = (lab.as_bytes(), tf.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < l.len() {
        if lab[i..].starts_with(DYN) {
            i += DYN.len();
            // Skip one whole type in Terraform's spelling: up to the next `,`, `]`, `)` or
            // `}` at depth 0.
            let mut depth = 0i32;
            while j < t.len() {
                match t[j] {
                    b'(' | b'[' | b'{' => depth += 1,
                    b')' | b']' | b'}' if depth == 0 => break,
                    b')' | b']' | b'}' => depth -= 1,
                    b',' if depth == 0 => break,
                    _ => {}
                }
                j += 1;
            }
            continue;
        }
        if j >= t.len() || l[i] != t[j] {
            return false;
        }
        i += 1;
        j += 1;
    }
    j == t.len()
}

/// The first paragraph of a detail with its lines joined, as the recorder stores
/// Terraform's (which wraps text at 78 columns).
fn first_line(s: &str) -> String {
    s.split("\n\n")
        .next()
        .unwrap_or("")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Why the lab's answer for `case` differs from Terraform's, or `None` when it agrees.
fn disagreement(case: &serde_json::Value, scope: &Scope) -> Option<String> {
    let src = case["expr"].as_str().expect("expr");
    let tf_ok = case["ok"].as_bool().expect("ok");
    let got = std::panic::catch_unwind(|| run(src, scope));
    let got = match got {
        Ok(g) => g,
        Err(_) => return Some("lab panicked".into()),
    };
    match (tf_ok, got) {
        (true, Err(e)) => Some(format!(
            "terraform gives a value, lab fails: {}: {}",
            e.summary, e.detail
        )),
        (false, Ok(v)) => Some(format!(
            "terraform fails ({}), lab gives {}",
            case["error_summary"].as_str().unwrap_or(""),
            json_encode(&v)
        )),
        (true, Ok(v)) => {
            if case["printed"].as_str() == Some("(known after apply)") {
                return (!v.is_unknown())
                    .then(|| format!("terraform: known after apply, lab {}", json_encode(&v)));
            }
            let tf_json = case["value_json"].as_str();
            let finite = |v: &Value| match v.peel() {
                Value::Number(n) => n.is_finite(),
                _ => true,
            };
            match tf_json {
                Some(want) if json_encode(&v) != want => {
                    return Some(format!("value: terraform {want}, lab {}", json_encode(&v)));
                }
                None if finite(&v) => {
                    return Some(format!(
                        "value: terraform cannot jsonencode it, lab gives {}",
                        json_encode(&v)
                    ));
                }
                _ => {}
            }
            if case["sensitive"].as_bool() == Some(true) && !v.deep_marks().sensitive {
                return Some("terraform marks it sensitive, the lab does not".into());
            }
            let want_ty = case["type"].as_str().unwrap_or("");
            let ty = type_of(&v);
            (!type_matches(&ty, want_ty)).then(|| format!("type: terraform {want_ty}, lab {ty}"))
        }
        (false, Err(e)) => {
            let summary = case["error_summary"].as_str().unwrap_or("");
            let detail = first_line(case["error_detail"].as_str().unwrap_or(""));
            let detail = detail.as_str();
            if e.summary != summary {
                Some(format!(
                    "error summary: terraform {summary:?}, lab {:?}",
                    e.summary
                ))
            } else if first_line(&e.detail) != detail {
                Some(format!(
                    "error detail: terraform {detail:?}, lab {:?}",
                    first_line(&e.detail)
                ))
            } else {
                None
            }
        }
    }
}

#[test]
fn lab_agrees_with_terraform_console() {
    let text = std::fs::read_to_string(fixtures().join("cases.expected.json"))
        .expect("cases.expected.json is committed");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let cases = doc["cases"].as_array().expect("cases");
    let scope = scope();
    let known: BTreeMap<&str, &str> = KNOWN.iter().copied().collect();
    let mut agree = 0;
    let mut new = Vec::new();
    let mut stale = Vec::new();
    for case in cases {
        let src = case["expr"].as_str().expect("expr");
        match (disagreement(case, &scope), known.contains_key(src)) {
            (None, false) => agree += 1,
            (None, true) => {
                agree += 1;
                stale.push(src.to_string());
            }
            (Some(_), true) => {}
            (Some(why), false) => new.push(format!("{src:?}: {why}")),
        }
    }
    println!(
        "tf-console agreement: {agree} of {} cases agree with terraform; {} known differences",
        cases.len(),
        known.len()
    );
    assert!(
        new.is_empty(),
        "{} new disagreement(s) with terraform console:\n{}",
        new.len(),
        new.join("\n")
    );
    assert!(
        stale.is_empty(),
        "these cases now agree with terraform; remove them from KNOWN:\n{}",
        stale.join("\n")
    );
}
