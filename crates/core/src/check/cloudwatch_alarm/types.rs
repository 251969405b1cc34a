//! The type rule: every field's value has the JSON type PutMetricAlarm expects (Terraform
//! is more lenient: it converts numbers, strings and booleans into each other).

use serde_json::Value;

use super::fields::{Ty, field};
use super::model::{Alarm, Dialect};
use crate::check::diagnostics::Sink;
use crate::check::hcl::expr_source;

fn type_name(ty: Ty) -> &'static str {
    match ty {
        Ty::Str => "a string in double quotes",
        Ty::Int => "a whole number (no quotes)",
        Ty::Num => "a number (no quotes)",
        Ty::Bool => "`true` or `false` (no quotes)",
        Ty::StrList => "a list of strings, e.g. `[\"arn:aws:sns:…\"]`",
        Ty::Dimensions => "a list of `{ \"Name\": …, \"Value\": … }` objects",
        Ty::Array => "a list",
        Ty::Object => "an object",
    }
}

fn type_ok(v: &Value, ty: Ty, dialect: Dialect) -> bool {
    if expr_source(v).is_some() {
        return true;
    }
    let tf = dialect == Dialect::Terraform;
    match ty {
        Ty::Str => v.is_string() || (tf && (v.is_number() || v.is_boolean())),
        Ty::Int => {
            v.is_i64()
                || v.is_u64()
                || (tf && v.as_str().is_some_and(|s| s.trim().parse::<i64>().is_ok()))
        }
        Ty::Num => {
            v.is_number() || (tf && v.as_str().is_some_and(|s| s.trim().parse::<f64>().is_ok()))
        }
        Ty::Bool => v.is_boolean() || (tf && matches!(v.as_str(), Some("true" | "false"))),
        Ty::StrList => v
            .as_array()
            .is_some_and(|a| a.iter().all(|x| x.is_string() || expr_source(x).is_some())),
        Ty::Dimensions => v.as_array().is_some_and(|a| {
            a.iter().all(|d| {
                d.get("Name")
                    .is_some_and(|n| n.is_string() || expr_source(n).is_some())
                    && d.get("Value")
                        .is_some_and(|n| n.is_string() || expr_source(n).is_some())
            })
        }),
        Ty::Array => v.is_array(),
        Ty::Object => v.is_object(),
    }
}

impl Alarm<'_> {
    /// Wrong JSON types: reported, then dropped so later rules do not trip over them.
    pub(super) fn types(&mut self, out: &mut Sink<'_>) {
        let mut wrong = Vec::new();
        for (key, (value, pos)) in &self.values {
            let Some((_, _, ty)) = field(key) else {
                continue;
            };
            if self.dialect == Dialect::Terraform && matches!(ty, Ty::Array | Ty::Object) {
                continue;
            }
            if !type_ok(value, *ty, self.dialect) {
                wrong.push(*key);
                let name = self.name(key);
                let hint = match (ty, value) {
                    (Ty::Int | Ty::Num, Value::String(_)) => {
                        " (remove the quotes around the number)"
                    }
                    (Ty::Int, Value::Number(_)) => " (no decimal point)",
                    (Ty::StrList, Value::String(_)) => {
                        " (wrap the ARN in `[` `]`, even when there is only one)"
                    }
                    (Ty::Dimensions, _) if self.dialect == Dialect::Json => {
                        " such as `[{ \"Name\": \"InstanceId\", \"Value\": \"i-0123456789abcdef0\" }]`"
                    }
                    _ => "",
                };
                out.error(
                    "type",
                    *pos,
                    format!(
                        "`{name}` must be {}{hint}; this value is `{value}`",
                        type_name(*ty)
                    ),
                );
            }
        }
        for key in wrong {
            self.values.remove(key);
        }
    }
}
