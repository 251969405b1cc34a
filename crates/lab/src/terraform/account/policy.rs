//! `aws_iam_policy_document`, computed locally as the provider does: statements from the
//! configuration, merged with `source_policy_documents` (first) and
//! `override_policy_documents` (last, replacing statements with the same `Sid`), written
//! as Go's `json.MarshalIndent` writes it. Matched against real provider output in
//! `tests/fixtures/account/`.

use super::super::value::Value;
use serde_json::Value as J;

/// A JSON value with ordered object keys (the provider's struct field order).
enum Doc {
    Str(String),
    Arr(Vec<Doc>),
    Obj(Vec<(String, Doc)>),
}

fn go_escape(s: &str) -> String {
    let mut out = String::new();
    crate::terraform::functions::encode::json_string(s, &mut out);
    out
}

fn write(d: &Doc, indent: Option<usize>, out: &mut String) {
    let nl = |out: &mut String, level: usize| {
        if indent.is_some() {
            out.push('\n');
            out.push_str(&"  ".repeat(level));
        }
    };
    let level = indent.unwrap_or(0);
    match d {
        Doc::Str(s) => out.push_str(&go_escape(s)),
        Doc::Arr(items) if items.is_empty() => out.push_str("[]"),
        Doc::Obj(items) if items.is_empty() => out.push_str("{}"),
        Doc::Arr(items) => {
            out.push('[');
            for (i, it) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                nl(out, level + 1);
                write(it, indent.map(|l| l + 1), out);
            }
            nl(out, level);
            out.push(']');
        }
        Doc::Obj(items) => {
            out.push('{');
            for (i, (k, v)) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                nl(out, level + 1);
                out.push_str(&go_escape(k));
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                write(v, indent.map(|l| l + 1), out);
            }
            nl(out, level);
            out.push('}');
        }
    }
}

fn one_or_many(mut v: Vec<String>) -> Option<Doc> {
    match v.len() {
        0 => None,
        1 => Some(Doc::Str(v.remove(0))),
        _ => Some(Doc::Arr(v.into_iter().map(Doc::Str).collect())),
    }
}

/// A set from the configuration: the provider writes its elements reverse-sorted.
fn config_set(v: Option<&Value>) -> Vec<String> {
    let mut s = super::strings(v);
    s.sort();
    s.dedup();
    s.reverse();
    s
}

fn from_json(j: &J) -> Doc {
    match j {
        J::String(s) => Doc::Str(s.clone()),
        J::Array(a) => Doc::Arr(a.iter().map(from_json).collect()),
        J::Object(m) => Doc::Obj(m.iter().map(|(k, v)| (k.clone(), from_json(v))).collect()),
        J::Null => Doc::Str(String::new()),
        other => Doc::Str(other.to_string()),
    }
}

const FIELDS: [&str; 9] = [
    "Sid",
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Principal",
    "NotPrincipal",
    "Condition",
];

/// A statement parsed from a source or override document, in the provider's field order.
fn statement_from_json(s: &J) -> (String, Doc) {
    let sid = s.get("Sid").and_then(J::as_str).unwrap_or("").to_string();
    let mut fields = Vec::new();
    for f in FIELDS {
        if let Some(v) = s.get(f) {
            if f == "Sid" && sid.is_empty() {
                continue;
            }
            fields.push((f.to_string(), from_json(v)));
        }
    }
    (sid, Doc::Obj(fields))
}

fn principals(blocks: Option<&Value>) -> Option<Doc> {
    let mut by_type: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for b in blocks.and_then(Value::as_seq).unwrap_or(&[]) {
        let Some(m) = b.as_map() else { continue };
        let t = m
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        by_type
            .entry(t)
            .or_default()
            .extend(config_set(m.get("identifiers")));
    }
    if by_type.is_empty() {
        return None;
    }
    if by_type
        .get("*")
        .is_some_and(|ids| ids.iter().all(|i| i == "*"))
        && by_type.len() == 1
    {
        return Some(Doc::Str("*".into()));
    }
    Some(Doc::Obj(
        by_type
            .into_iter()
            .filter_map(|(t, mut ids)| {
                ids.sort();
                ids.dedup();
                ids.reverse();
                Some((t, one_or_many(ids)?))
            })
            .collect(),
    ))
}

fn conditions(blocks: Option<&Value>) -> Option<Doc> {
    let mut by_test: std::collections::BTreeMap<
        String,
        std::collections::BTreeMap<String, Vec<String>>,
    > = Default::default();
    for b in blocks.and_then(Value::as_seq).unwrap_or(&[]) {
        let Some(m) = b.as_map() else { continue };
        let test = m
            .get("test")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let var = m
            .get("variable")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        by_test
            .entry(test)
            .or_default()
            .entry(var)
            .or_default()
            .extend(super::strings(m.get("values")));
    }
    if by_test.is_empty() {
        return None;
    }
    Some(Doc::Obj(
        by_test
            .into_iter()
            .map(|(t, vars)| {
                (
                    t,
                    Doc::Obj(
                        vars.into_iter()
                            .filter_map(|(k, v)| Some((k, one_or_many(v)?)))
                            .collect(),
                    ),
                )
            })
            .collect(),
    ))
}

fn statement_from_config(s: &Value) -> (String, Doc) {
    let m = s.as_map().cloned().unwrap_or_default();
    let sid = m
        .get("sid")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let mut fields = Vec::new();
    if !sid.is_empty() {
        fields.push(("Sid".to_string(), Doc::Str(sid.clone())));
    }
    let effect = m
        .get("effect")
        .and_then(Value::as_str)
        .filter(|e| !e.is_empty())
        .unwrap_or("Allow");
    fields.push(("Effect".to_string(), Doc::Str(effect.to_string())));
    for (attr, key) in [
        ("actions", "Action"),
        ("not_actions", "NotAction"),
        ("resources", "Resource"),
        ("not_resources", "NotResource"),
    ] {
        if let Some(d) = one_or_many(config_set(m.get(attr))) {
            fields.push((key.to_string(), d));
        }
    }
    if let Some(p) = principals(m.get("principals")) {
        fields.push(("Principal".to_string(), p));
    }
    if let Some(p) = principals(m.get("not_principals")) {
        fields.push(("NotPrincipal".to_string(), p));
    }
    if let Some(c) = conditions(m.get("condition")) {
        fields.push(("Condition".to_string(), c));
    }
    (sid, Doc::Obj(fields))
}

fn merge(into: &mut Vec<(String, Doc)>, stmt: (String, Doc)) {
    if !stmt.0.is_empty()
        && let Some(slot) = into.iter_mut().find(|(sid, _)| *sid == stmt.0)
    {
        *slot = stmt;
        return;
    }
    into.push(stmt);
}

type Parsed = (Option<String>, Vec<(String, Doc)>);

fn parse_doc(text: &str, attr: &str) -> Result<Parsed, String> {
    let j: J = serde_json::from_str(text)
        .map_err(|e| format!("writing IAM Policy Document: merging {attr}: {e}"))?;
    let id = j.get("Id").and_then(J::as_str).map(str::to_string);
    Ok((
        id,
        match j.get("Statement") {
            Some(J::Array(a)) => a.iter().map(statement_from_json).collect(),
            Some(o @ J::Object(_)) => vec![statement_from_json(o)],
            _ => vec![],
        },
    ))
}

/// The policy document of an `aws_iam_policy_document` configuration value, as the
/// provider's `json` (pretty) and `minified_json`; an error names a source or override
/// document that is not JSON.
pub fn render_policy_document(config: &Value) -> Result<(String, String), String> {
    let m = config.as_map().cloned().unwrap_or_default();
    let mut stmts: Vec<(String, Doc)> = Vec::new();
    let mut policy_id = m
        .get("policy_id")
        .and_then(Value::as_str)
        .map(str::to_string);
    for d in super::strings(m.get("source_policy_documents")) {
        let (id, parsed) = parse_doc(&d, "source_policy_documents")?;
        policy_id = policy_id.or(id);
        for s in parsed {
            merge(&mut stmts, s);
        }
    }
    for s in m.get("statement").and_then(Value::as_seq).unwrap_or(&[]) {
        merge(&mut stmts, statement_from_config(s));
    }
    for d in super::strings(m.get("override_policy_documents")) {
        let (id, parsed) = parse_doc(&d, "override_policy_documents")?;
        policy_id = id.or(policy_id);
        for s in parsed {
            merge(&mut stmts, s);
        }
    }
    let version = m
        .get("version")
        .and_then(Value::as_str)
        .filter(|v| !v.is_empty())
        .unwrap_or("2012-10-17");
    let mut top = vec![("Version".to_string(), Doc::Str(version.to_string()))];
    if let Some(id) = policy_id {
        top.push(("Id".to_string(), Doc::Str(id)));
    }
    if !stmts.is_empty() {
        top.push((
            "Statement".to_string(),
            Doc::Arr(stmts.into_iter().map(|(_, d)| d).collect()),
        ));
    }
    let doc = Doc::Obj(top);
    let (mut pretty, mut mini) = (String::new(), String::new());
    write(&doc, Some(0), &mut pretty);
    write(&doc, None, &mut mini);
    Ok((pretty, mini))
}

/// CRC-32 (IEEE), which the provider uses for the data source's `id`.
pub(super) fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for b in data {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            let m = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xedb8_8320 & m);
        }
    }
    !crc
}
