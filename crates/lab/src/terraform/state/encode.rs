//! Go's `encoding/json` output for the state file: serializers that write each part in
//! Terraform's field order and omissions, and a serde_json formatter that escapes and
//! prints numbers as Go does.

use std::io;

use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use super::{FORMAT_VERSION, InstanceState, OutputState, ResourceState, State};
use crate::terraform::plan::{InstanceKey, Mode, PathStep};
use crate::terraform::value::Value;

pub(super) struct StateJson<'a>(pub(super) &'a State);

impl Serialize for StateJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let st = self.0;
        let mut resources: Vec<&ResourceState> = st.resources.iter().collect();
        // Terraform's normalize(): module string, mode string, type, name (stable).
        let mode_str = |m: Mode| match m {
            Mode::Data => "data",
            Mode::Managed => "managed",
        };
        resources.sort_by(|a, b| {
            (
                a.module.as_deref().unwrap_or(""),
                mode_str(a.mode),
                &a.type_,
                &a.name,
            )
                .cmp(&(
                    b.module.as_deref().unwrap_or(""),
                    mode_str(b.mode),
                    &b.type_,
                    &b.name,
                ))
        });
        let mut m = s.serialize_struct("State", 7)?;
        m.serialize_field("version", &FORMAT_VERSION)?;
        m.serialize_field("terraform_version", &st.terraform_version)?;
        m.serialize_field("serial", &st.serial)?;
        m.serialize_field("lineage", &st.lineage)?;
        m.serialize_field("outputs", &Outputs(&st.outputs))?;
        m.serialize_field(
            "resources",
            &resources
                .iter()
                .map(|r| ResourceJson(r))
                .collect::<Vec<_>>(),
        )?;
        m.serialize_field("check_results", &st.check_results)?;
        m.end()
    }
}

struct Outputs<'a>(&'a std::collections::BTreeMap<String, OutputState>);

impl Serialize for Outputs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (name, o) in self.0 {
            m.serialize_entry(name, &OutputJson(o))?;
        }
        m.end()
    }
}

struct OutputJson<'a>(&'a OutputState);

impl Serialize for OutputJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let o = self.0;
        let mut m = s.serialize_struct("Output", 3)?;
        m.serialize_field("value", &ValueJson(&o.value))?;
        m.serialize_field("type", &o.type_)?;
        if o.sensitive {
            m.serialize_field("sensitive", &true)?;
        }
        m.end()
    }
}

struct ResourceJson<'a>(&'a ResourceState);

impl Serialize for ResourceJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut instances: Vec<&InstanceState> = r.instances.iter().collect();
        instances.sort_by(|a, b| {
            super::address::key_order(&a.index_key, &b.index_key).then_with(|| {
                a.deposed
                    .as_deref()
                    .unwrap_or("")
                    .cmp(b.deposed.as_deref().unwrap_or(""))
            })
        });
        let mut m = s.serialize_struct("Resource", 7)?;
        if let Some(module) = r.module.as_deref().filter(|m| !m.is_empty()) {
            m.serialize_field("module", module)?;
        }
        m.serialize_field(
            "mode",
            match r.mode {
                Mode::Managed => "managed",
                Mode::Data => "data",
            },
        )?;
        m.serialize_field("type", &r.type_)?;
        m.serialize_field("name", &r.name)?;
        m.serialize_field("provider", &r.provider)?;
        m.serialize_field(
            "instances",
            &instances
                .iter()
                .map(|i| InstanceJson(i))
                .collect::<Vec<_>>(),
        )?;
        m.end()
    }
}

struct InstanceJson<'a>(&'a InstanceState);

impl Serialize for InstanceJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let i = self.0;
        let mut m = s.serialize_struct("Instance", 10)?;
        match &i.index_key {
            Some(InstanceKey::Int(n)) => m.serialize_field("index_key", n)?,
            Some(InstanceKey::Str(k)) => m.serialize_field("index_key", k)?,
            None => {}
        }
        if i.tainted {
            m.serialize_field("status", "tainted")?;
        }
        if let Some(d) = &i.deposed {
            m.serialize_field("deposed", d)?;
        }
        m.serialize_field("schema_version", &i.schema_version)?;
        m.serialize_field("attributes", &ValueJson(&i.attributes))?;
        m.serialize_field("sensitive_attributes", &Paths(&i.sensitive_attributes))?;
        if let Some(p) = &i.private {
            m.serialize_field("private", p)?;
        }
        if !i.dependencies.is_empty() {
            m.serialize_field("dependencies", &i.dependencies)?;
        }
        if i.create_before_destroy {
            m.serialize_field("create_before_destroy", &true)?;
        }
        m.end()
    }
}

struct Paths<'a>(&'a [Vec<PathStep>]);

impl Serialize for Paths<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut outer = s.serialize_seq(Some(self.0.len()))?;
        for path in self.0 {
            outer.serialize_element(&Steps(path))?;
        }
        outer.end()
    }
}

struct Steps<'a>(&'a [PathStep]);

impl Serialize for Steps<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for step in self.0 {
            seq.serialize_element(&StepJson(step))?;
        }
        seq.end()
    }
}

struct StepJson<'a>(&'a PathStep);

impl Serialize for StepJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Step", 2)?;
        match self.0 {
            PathStep::Attr(name) => {
                m.serialize_field("type", "get_attr")?;
                m.serialize_field("value", name)?;
            }
            PathStep::Index(n) => {
                m.serialize_field("type", "index")?;
                m.serialize_field("value", &Dynamic(&Value::Number(*n as f64), "number"))?;
            }
            PathStep::Key(k) => {
                m.serialize_field("type", "index")?;
                m.serialize_field("value", &Dynamic(&Value::String(k.clone()), "string"))?;
            }
        }
        m.end()
    }
}

/// cty's encoding of a value of type "any": `{"value": …, "type": …}`, value first.
struct Dynamic<'a>(&'a Value, &'static str);

impl Serialize for Dynamic<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Dynamic", 2)?;
        m.serialize_field("value", &ValueJson(self.0))?;
        m.serialize_field("type", self.1)?;
        m.end()
    }
}

/// A [`Value`] as cty writes it: object keys sorted, except that an object of exactly
/// `value` and a type expression `type` is cty's "any" wrapper and is written `value`
/// first. (A real object attribute with exactly those two keys would be written in the
/// other order by Terraform; no provider schema the lab knows has one.)
struct ValueJson<'a>(&'a Value);

impl Serialize for ValueJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.peel() {
            // peel() never returns a marked value.
            Value::Null | Value::Unknown | Value::Marked(..) => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => {
                if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
                    s.serialize_i64(*n as i64)
                } else {
                    s.serialize_f64(*n)
                }
            }
            Value::String(x) => s.serialize_str(x),
            Value::List(v) | Value::Set(v) | Value::Tuple(v) => {
                s.collect_seq(v.iter().map(ValueJson))
            }
            Value::Map(m) | Value::Object(m) => {
                if let (2, Some(v), Some(t)) = (m.len(), m.get("value"), m.get("type"))
                    && is_type_expr(t)
                {
                    let mut st = s.serialize_map(Some(2))?;
                    st.serialize_entry("value", &ValueJson(v))?;
                    st.serialize_entry("type", &ValueJson(t))?;
                    return st.end();
                }
                s.collect_map(m.iter().map(|(k, v)| (k, ValueJson(v))))
            }
        }
    }
}

fn is_type_expr(t: &Value) -> bool {
    match t.peel() {
        Value::String(s) => matches!(s.as_str(), "string" | "number" | "bool" | "dynamic"),
        Value::Tuple(parts) | Value::List(parts) => matches!(
            parts.first().and_then(Value::as_str),
            Some("list" | "set" | "map" | "tuple" | "object")
        ),
        _ => false,
    }
}

/// serde_json's formatter made to write what Go's `encoding/json` writes: `<`, `>`, `&`,
/// U+2028 and U+2029 escaped as `\u003c` etc., and numbers never in exponent form.
pub(super) struct GoFormatter {
    pretty: Option<serde_json::ser::PrettyFormatter<'static>>,
}

impl GoFormatter {
    pub(super) fn pretty() -> Self {
        GoFormatter {
            pretty: Some(serde_json::ser::PrettyFormatter::with_indent(b"  ")),
        }
    }
    pub(super) fn compact() -> Self {
        GoFormatter { pretty: None }
    }
}

use serde_json::ser::{CompactFormatter, Formatter};

macro_rules! delegate {
    ($($name:ident ( $($arg:ident : $ty:ty),* );)*) => {
        $(fn $name<W: ?Sized + io::Write>(&mut self, w: &mut W $(, $arg: $ty)*) -> io::Result<()> {
            match &mut self.pretty {
                Some(p) => p.$name(w $(, $arg)*),
                None => CompactFormatter.$name(w $(, $arg)*),
            }
        })*
    };
}

impl Formatter for GoFormatter {
    delegate! {
        begin_array();
        end_array();
        begin_array_value(first: bool);
        end_array_value();
        begin_object();
        end_object();
        begin_object_key(first: bool);
        begin_object_value();
        end_object_value();
    }

    fn write_f64<W: ?Sized + io::Write>(&mut self, w: &mut W, value: f64) -> io::Result<()> {
        write!(w, "{value}")
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            let esc = match c {
                '<' => "\\u003c",
                '>' => "\\u003e",
                '&' => "\\u0026",
                '\u{2028}' => "\\u2028",
                '\u{2029}' => "\\u2029",
                _ => continue,
            };
            w.write_all(&fragment.as_bytes()[start..i])?;
            w.write_all(esc.as_bytes())?;
            start = i + c.len_utf8();
        }
        w.write_all(&fragment.as_bytes()[start..])
    }
}
