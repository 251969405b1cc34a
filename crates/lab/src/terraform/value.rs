//! Values of the Terraform language (cty's model, simplified): primitives, collections
//! and structural types, `null`, values not known until apply, and marks (sensitive,
//! ephemeral) that follow a value through every operation.

use std::collections::BTreeMap;

/// Marks carried by a value. Every operation on a marked value returns a value with at
/// least the same marks (a sensitive input makes a sensitive result).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Marks {
    pub sensitive: bool,
    pub ephemeral: bool,
}

impl Marks {
    pub const SENSITIVE: Marks = Marks {
        sensitive: true,
        ephemeral: false,
    };
    pub const EPHEMERAL: Marks = Marks {
        sensitive: false,
        ephemeral: true,
    };

    pub fn is_empty(self) -> bool {
        !self.sensitive && !self.ephemeral
    }

    pub fn union(self, other: Marks) -> Marks {
        Marks {
            sensitive: self.sensitive || other.sensitive,
            ephemeral: self.ephemeral || other.ephemeral,
        }
    }
}

/// A Terraform value.
///
/// `List`/`Set`/`Map` are collections (every element converted to one element type);
/// `Tuple`/`Object` are structural (each element its own type). A `Set`'s elements are
/// unique and kept in [`Value::canonical_cmp`] order. `Unknown` is "(known after apply)".
/// `Marked` wraps a value that carries marks; [`Value::unmark`] separates them.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Unknown,
    Bool(bool),
    Number(f64),
    String(String),
    List(Vec<Value>),
    Set(Vec<Value>),
    Map(BTreeMap<String, Value>),
    Tuple(Vec<Value>),
    Object(BTreeMap<String, Value>),
    Marked(Box<Value>, Marks),
}

impl Value {
    pub fn string(s: impl Into<String>) -> Value {
        Value::String(s.into())
    }

    /// Wraps `self` with `marks` (no wrapper when `marks` is empty; merged when already marked).
    pub fn mark(self, marks: Marks) -> Value {
        if marks.is_empty() {
            return self;
        }
        match self {
            Value::Marked(inner, m) => Value::Marked(inner, m.union(marks)),
            v => Value::Marked(Box::new(v), marks),
        }
    }

    pub fn sensitive(self) -> Value {
        self.mark(Marks::SENSITIVE)
    }

    /// The value without its top-level marks, and those marks.
    pub fn unmark(self) -> (Value, Marks) {
        match self {
            Value::Marked(inner, m) => {
                let (v, inner_marks) = inner.unmark();
                (v, m.union(inner_marks))
            }
            v => (v, Marks::default()),
        }
    }

    /// The value under any top-level marks, borrowed.
    pub fn peel(&self) -> &Value {
        match self {
            Value::Marked(inner, _) => inner.peel(),
            v => v,
        }
    }

    /// The marks on this value and on everything inside it.
    pub fn deep_marks(&self) -> Marks {
        match self {
            Value::Marked(inner, m) => m.union(inner.deep_marks()),
            Value::List(v) | Value::Set(v) | Value::Tuple(v) => v
                .iter()
                .fold(Marks::default(), |m, e| m.union(e.deep_marks())),
            Value::Map(m) | Value::Object(m) => m
                .values()
                .fold(Marks::default(), |acc, e| acc.union(e.deep_marks())),
            _ => Marks::default(),
        }
    }

    /// A copy with every mark removed, at every depth.
    pub fn deep_unmark(&self) -> Value {
        match self {
            Value::Marked(inner, _) => inner.deep_unmark(),
            Value::List(v) => Value::List(v.iter().map(Value::deep_unmark).collect()),
            Value::Set(v) => Value::Set(v.iter().map(Value::deep_unmark).collect()),
            Value::Tuple(v) => Value::Tuple(v.iter().map(Value::deep_unmark).collect()),
            Value::Map(m) => Value::Map(
                m.iter()
                    .map(|(k, v)| (k.clone(), v.deep_unmark()))
                    .collect(),
            ),
            Value::Object(m) => Value::Object(
                m.iter()
                    .map(|(k, v)| (k.clone(), v.deep_unmark()))
                    .collect(),
            ),
            v => v.clone(),
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.peel(), Value::Null)
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self.peel(), Value::Unknown)
    }

    /// True when this value or anything inside it is unknown.
    pub fn has_unknown(&self) -> bool {
        match self.peel() {
            Value::Unknown => true,
            Value::List(v) | Value::Set(v) | Value::Tuple(v) => v.iter().any(Value::has_unknown),
            Value::Map(m) | Value::Object(m) => m.values().any(Value::has_unknown),
            _ => false,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self.peel() {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.peel() {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<f64> {
        match self.peel() {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The elements of a list, set or tuple.
    pub fn as_seq(&self) -> Option<&[Value]> {
        match self.peel() {
            Value::List(v) | Value::Set(v) | Value::Tuple(v) => Some(v),
            _ => None,
        }
    }

    /// The attributes of an object or the elements of a map.
    pub fn as_map(&self) -> Option<&BTreeMap<String, Value>> {
        match self.peel() {
            Value::Map(m) | Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The word Terraform uses for this value's type in messages: `string`, `number`,
    /// `bool`, `list of string`, `set of number`, `map of string`, `tuple`, `object`,
    /// `null`, `dynamic` (unknown).
    pub fn type_name(&self) -> String {
        match self.peel() {
            Value::Null => "null".into(),
            Value::Unknown => "dynamic".into(),
            Value::Bool(_) => "bool".into(),
            Value::Number(_) => "number".into(),
            Value::String(_) => "string".into(),
            Value::List(v) => format!("list of {}", elem_name(v.iter())),
            Value::Set(v) => format!("set of {}", elem_name(v.iter())),
            Value::Map(m) => format!("map of {}", elem_name(m.values())),
            Value::Tuple(_) => "tuple".into(),
            Value::Object(_) => "object".into(),
            Value::Marked(..) => unreachable!("peeled"),
        }
    }

    /// A total order used to keep sets canonical and compare values deterministically.
    pub fn canonical_cmp(&self, other: &Value) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        fn rank(v: &Value) -> u8 {
            match v {
                Value::Null => 0,
                Value::Unknown => 1,
                Value::Bool(_) => 2,
                Value::Number(_) => 3,
                Value::String(_) => 4,
                Value::List(_) => 5,
                Value::Set(_) => 6,
                Value::Tuple(_) => 7,
                Value::Map(_) => 8,
                Value::Object(_) => 9,
                Value::Marked(..) => 10,
            }
        }
        let (a, b) = (self.peel(), other.peel());
        match (a, b) {
            (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
            (Value::Number(x), Value::Number(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
            (Value::String(x), Value::String(y)) => x.cmp(y),
            (Value::List(x), Value::List(y))
            | (Value::Set(x), Value::Set(y))
            | (Value::Tuple(x), Value::Tuple(y)) => {
                for (p, q) in x.iter().zip(y) {
                    let o = p.canonical_cmp(q);
                    if o != Ordering::Equal {
                        return o;
                    }
                }
                x.len().cmp(&y.len())
            }
            (Value::Map(x), Value::Map(y)) | (Value::Object(x), Value::Object(y)) => {
                for ((k1, v1), (k2, v2)) in x.iter().zip(y) {
                    let o = k1.cmp(k2).then_with(|| v1.canonical_cmp(v2));
                    if o != Ordering::Equal {
                        return o;
                    }
                }
                x.len().cmp(&y.len())
            }
            _ => rank(a).cmp(&rank(b)),
        }
    }

    /// Builds a set: sorted canonically, duplicates removed.
    pub fn set(mut elems: Vec<Value>) -> Value {
        elems.sort_by(|a, b| a.canonical_cmp(b));
        elems.dedup_by(|a, b| a.canonical_cmp(b) == std::cmp::Ordering::Equal && a == b);
        Value::Set(elems)
    }

    /// This value as JSON, as Terraform writes it in state and plan JSON: unknown values
    /// become `null` (see [`Value::unknown_mask`]), marks are dropped (see
    /// [`Value::sensitive_mask`]), sets become arrays, whole numbers print without `.0`.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self.peel() {
            Value::Null | Value::Unknown => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Number(n) => number_json(*n),
            Value::String(s) => J::String(s.clone()),
            Value::List(v) | Value::Set(v) | Value::Tuple(v) => {
                J::Array(v.iter().map(Value::to_json).collect())
            }
            Value::Map(m) | Value::Object(m) => {
                J::Object(m.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
            }
            Value::Marked(..) => unreachable!("peeled"),
        }
    }

    /// Terraform's `after_unknown` shape: `true` where a value is unknown, the same
    /// structure where a collection holds unknowns, `false` for a wholly known value.
    pub fn unknown_mask(&self) -> serde_json::Value {
        mask(self, &|v| matches!(v, Value::Unknown), false)
    }

    /// Terraform's `before_sensitive`/`after_sensitive` shape: `true` where a value is
    /// sensitive, the same structure where a collection holds sensitive values.
    pub fn sensitive_mask(&self) -> serde_json::Value {
        mask(self, &|_| false, true)
    }

    /// A value from JSON with no type information: arrays become tuples, objects objects.
    pub fn from_json(json: &serde_json::Value) -> Value {
        use serde_json::Value as J;
        match json {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => Value::Number(n.as_f64().unwrap_or(0.0)),
            J::String(s) => Value::String(s.clone()),
            J::Array(a) => Value::Tuple(a.iter().map(Value::from_json).collect()),
            J::Object(o) => Value::Object(
                o.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }
}

fn elem_name<'a>(mut it: impl Iterator<Item = &'a Value>) -> String {
    it.next().map_or_else(|| "dynamic".into(), Value::type_name)
}

fn number_json(n: f64) -> serde_json::Value {
    if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        serde_json::Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

/// Walks `v` producing `true` where `leaf` holds (or, with `marks`, where a value is
/// sensitive), nested objects/arrays where the inside holds some, `false` elsewhere.
fn mask(v: &Value, leaf: &dyn Fn(&Value) -> bool, marks: bool) -> serde_json::Value {
    use serde_json::Value as J;
    if marks
        && let Value::Marked(_, m) = v
        && m.sensitive
    {
        return J::Bool(true);
    }
    let inner = v.peel();
    if leaf(inner) {
        return J::Bool(true);
    }
    match inner {
        Value::List(items) | Value::Set(items) | Value::Tuple(items) => {
            let parts: Vec<J> = items.iter().map(|e| mask(e, leaf, marks)).collect();
            if parts.iter().all(|p| *p == J::Bool(false)) {
                if marks {
                    J::Array(vec![])
                } else {
                    J::Bool(false)
                }
            } else {
                J::Array(parts)
            }
        }
        Value::Map(m) | Value::Object(m) => {
            let parts: serde_json::Map<String, J> = m
                .iter()
                .map(|(k, e)| (k.clone(), mask(e, leaf, marks)))
                .filter(|(_, p)| {
                    *p != J::Bool(false)
                        && *p != J::Array(vec![])
                        && *p != J::Object(Default::default())
                })
                .collect();
            if parts.is_empty() {
                if marks {
                    J::Object(Default::default())
                } else {
                    J::Bool(false)
                }
            } else {
                J::Object(parts)
            }
        }
        _ => J::Bool(false),
    }
}

/// A type constraint, as written in a `variable` block's `type` or in a schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    /// `any`: the value keeps its own type.
    Any,
    Bool,
    Number,
    String,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    Tuple(Vec<Type>),
    Object(Vec<ObjectAttr>),
}

/// One attribute of an object type; `optional(type, default)` sets `optional` and `default`.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectAttr {
    pub name: String,
    pub ty: Type,
    pub optional: bool,
    pub default: Option<Value>,
}

impl Type {
    /// Terraform's spelling: `string`, `list(string)`, `map(object({...}))`, …
    pub fn friendly(&self) -> String {
        match self {
            Type::Any => "any".into(),
            Type::Bool => "bool".into(),
            Type::Number => "number".into(),
            Type::String => "string".into(),
            Type::List(t) => format!("list of {}", t.friendly()),
            Type::Set(t) => format!("set of {}", t.friendly()),
            Type::Map(t) => format!("map of {}", t.friendly()),
            Type::Tuple(_) => "tuple".into(),
            Type::Object(_) => "object".into(),
        }
    }
}
