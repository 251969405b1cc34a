//! Reading `aws_cloudwatch_metric_alarm` resources from a `.tf` file into [`Alarm`]s.

use std::collections::BTreeMap;

use hcl::edit::Span;
use hcl::edit::structure::Block;
use serde_json::{Map, Value};

use super::fields::{FIELDS, TF_META, unknown_key_message};
use super::model::{Alarm, Dialect};
use crate::check::hcl::{expr_source, parse_hcl, to_value};
use crate::check::{Diagnostic, SourceFile};
use crate::text::LineIndex;

pub(super) fn from_terraform<'a>(
    file: &'a SourceFile,
    out: &mut Vec<Diagnostic>,
) -> Vec<Alarm<'a>> {
    let body = match parse_hcl(file, "cloudwatch-alarm") {
        Ok(b) => b,
        Err(d) => {
            out.push(d);
            return Vec::new();
        }
    };
    let loc = LineIndex::new(&file.text);
    body.get_blocks("resource")
        .filter(|b| b.labels.first().map(|l| l.as_str()) == Some("aws_cloudwatch_metric_alarm"))
        .map(|b| alarm_from_block(file, &loc, b, out))
        .collect()
}

fn alarm_from_block<'a>(
    file: &'a SourceFile,
    loc: &LineIndex,
    block: &Block,
    out: &mut Vec<Diagnostic>,
) -> Alarm<'a> {
    let text = &file.text;
    let mut alarm = Alarm {
        dialect: Dialect::Terraform,
        file,
        at: loc.span_start(block.ident.span()),
        values: BTreeMap::new(),
    };
    for structure in block.body.iter() {
        let (key, span, value) = match (structure.as_attribute(), structure.as_block()) {
            (Some(a), _) => (a.key.as_str(), a.key.span(), Some(to_value(&a.value, text))),
            (_, Some(b)) => (b.ident.as_str(), b.ident.span(), None),
            _ => continue,
        };
        let pos = loc.span_start(span);
        if TF_META.contains(&key) {
            continue;
        }
        let Some((json, _, _)) = FIELDS.iter().find(|(_, tf, _)| *tf == key) else {
            out.push(alarm.error(
                "cloudwatch-alarm/unknown-key",
                pos,
                unknown_key_message(key, Dialect::Terraform),
            ));
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
