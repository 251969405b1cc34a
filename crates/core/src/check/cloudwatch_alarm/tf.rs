//! Reading `aws_cloudwatch_metric_alarm` resources from a `.tf` file into [`Alarm`]s.

use std::collections::BTreeMap;

use hcl::edit::Span;
use hcl::edit::structure::Block;
use serde_json::{Map, Value};

use super::fields::{FIELDS, TF_META, unknown_key_message};
use super::model::{Alarm, Dialect};
use crate::check::SourceFile;
use crate::check::diagnostics::Sink;
use crate::check::hcl::{expr_source, parse_hcl, to_value};

pub(super) fn from_terraform<'a>(file: &'a SourceFile, out: &mut Sink<'_>) -> Vec<Alarm<'a>> {
    let body = match parse_hcl(&file.text) {
        Ok(b) => b,
        Err(e) => {
            out.error("syntax", (e.line, e.column), e.message);
            return Vec::new();
        }
    };
    let alarms: Vec<Alarm<'a>> = body
        .get_blocks("resource")
        .filter(|b| b.labels.first().map(|l| l.as_str()) == Some("aws_cloudwatch_metric_alarm"))
        .enumerate()
        .map(|(i, b)| {
            out.per_unit(Some(i));
            alarm_from_block(file, b, out)
        })
        .collect();
    out.per_unit(None);
    alarms
}

fn alarm_from_block<'a>(file: &'a SourceFile, block: &Block, out: &mut Sink<'_>) -> Alarm<'a> {
    let text = &file.text;
    let mut alarm = Alarm {
        dialect: Dialect::Terraform,
        file,
        at: out.lines().span_start(block.ident.span()),
        values: BTreeMap::new(),
    };
    for structure in block.body.iter() {
        let (key, span, value) = match (structure.as_attribute(), structure.as_block()) {
            (Some(a), _) => (a.key.as_str(), a.key.span(), Some(to_value(&a.value, text))),
            (_, Some(b)) => (b.ident.as_str(), b.ident.span(), None),
            _ => continue,
        };
        let pos = out.lines().span_start(span);
        if TF_META.contains(&key) {
            continue;
        }
        let Some((json, _, _)) = FIELDS.iter().find(|(_, tf, _)| *tf == key) else {
            out.error(
                "unknown-key",
                pos,
                unknown_key_message(key, Dialect::Terraform),
            );
            continue;
        };
        let value = match (value, *json) {
            // `dimensions = { InstanceId = "i-…" }` → `[{ "Name": "InstanceId", "Value": "i-…" }]`
            (Some(Value::Object(m)), "Dimensions")
                if expr_source(&Value::Object(m.clone())).is_none() =>
            {
                Value::Array(
                    m.into_iter()
                        .map(|(k, v)| {
                            let mut d = Map::new();
                            d.insert("Name".into(), Value::String(k));
                            d.insert("Value".into(), v);
                            Value::Object(d)
                        })
                        .collect(),
                )
            }
            (Some(v), _) => v,
            // A block (`metric_query { … }`, `evaluation_criteria { … }`): present, contents unchecked.
            (None, "Metrics") => {
                let mut list = match alarm.values.remove("Metrics") {
                    Some((Value::Array(a), _)) => a,
                    _ => Vec::new(),
                };
                list.push(Value::Object(Map::new()));
                Value::Array(list)
            }
            (None, _) => Value::Object(Map::new()),
        };
        alarm.values.entry(json).or_insert((value, pos));
    }
    alarm
}
