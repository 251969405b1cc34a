//! A [`Plan`] to and from Terraform's machine-readable plan (`terraform show -json`,
//! `format_version` "1.2"): `resource_changes`, `resource_drift` and `output_changes` with
//! Terraform's masks (`after_unknown`, `before_sensitive`, `after_sensitive`).
//!
//! The masks follow Terraform's `jsonplan` rules: `after` omits unknown object attributes
//! (an unknown list element becomes `null`); `after_unknown` is `true` where a value is
//! unknown, an array of per-element masks for a non-empty sequence, an object holding only
//! the non-`false` entries for a non-empty map or object, and `false` elsewhere; the
//! sensitive masks are alike except that empty (or unknown) collections give `[]`/`{}`.

use serde_json::{Map, Value as J, json};

use super::plan::{Action, InstanceKey, Mode, OutputChange, PathStep, Plan, ResourceChange};
use super::schema::{self, BlockSchema, Nesting};
use super::value::{Type, Value};

/// Terraform version written into `terraform_version`.
pub const TERRAFORM_VERSION: &str = "1.11.4";

/// The schema of a resource type (`Mode::Managed`) or data source (`Mode::Data`).
pub type SchemaLookup<'a> = &'a dyn Fn(Mode, &str) -> Option<&'a BlockSchema>;

/// The embedded AWS (and `terraform_data`) schema as a [`SchemaLookup`].
pub fn embedded_schema(mode: Mode, type_: &str) -> Option<&'static BlockSchema> {
    match mode {
        Mode::Managed => schema::resource(type_),
        Mode::Data => schema::data_source(type_),
    }
}

/// Why a plan JSON document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("plan JSON: {0}")]
pub struct PlanJsonError(pub String);

fn err(msg: impl Into<String>) -> PlanJsonError {
    PlanJsonError(msg.into())
}

/// Reads the plan JSON that `terraform show -json PLANFILE` prints into a [`Plan`]:
/// unknown values come back as [`Value::Unknown`], sensitive ones wrapped in marks.
/// Values carry no type information (arrays become tuples, objects objects).
pub fn from_terraform_json(doc: &J) -> Result<Plan, PlanJsonError> {
    let obj = doc
        .as_object()
        .ok_or_else(|| err("the document is not an object"))?;
    let mut plan = Plan::default();
    for (key, out) in [
        ("resource_changes", &mut plan.resource_changes),
        ("resource_drift", &mut plan.resource_drift),
    ] {
        if let Some(list) = obj.get(key) {
            let list = list
                .as_array()
                .ok_or_else(|| err(format!("`{key}` is not an array")))?;
            for (i, rc) in list.iter().enumerate() {
                out.push(
                    read_resource_change(rc).map_err(|e| err(format!("{key}[{i}]: {}", e.0)))?,
                );
            }
        }
    }
    if let Some(outs) = obj.get("output_changes") {
        let outs = outs
            .as_object()
            .ok_or_else(|| err("`output_changes` is not an object"))?;
        for (name, ch) in outs {
            let (action, before, after) =
                read_change(ch).map_err(|e| err(format!("output_changes.{name}: {}", e.0)))?;
            let sensitive = ch.get("after_sensitive") == Some(&J::Bool(true))
                || ch.get("before_sensitive") == Some(&J::Bool(true));
            plan.output_changes.insert(
                name.clone(),
                OutputChange {
                    action,
                    before,
                    after,
                    sensitive,
                },
            );
        }
    }
    // `plan -destroy` is not recorded in the JSON apart from its changes; left false.
    Ok(plan)
}

fn str_field(o: &Map<String, J>, k: &str) -> Result<String, PlanJsonError> {
    o.get(k)
        .and_then(J::as_str)
        .map(str::to_string)
        .ok_or_else(|| err(format!("missing string field `{k}`")))
}

fn opt_str(o: &Map<String, J>, k: &str) -> Option<String> {
    o.get(k).and_then(J::as_str).map(str::to_string)
}

fn read_resource_change(j: &J) -> Result<ResourceChange, PlanJsonError> {
    let o = j.as_object().ok_or_else(|| err("not an object"))?;
    let mode = match o.get("mode").and_then(J::as_str) {
        Some("data") => Mode::Data,
        _ => Mode::Managed,
    };
    let index = match o.get("index") {
        Some(J::Number(n)) => Some(InstanceKey::Int(n.as_i64().unwrap_or(0))),
        Some(J::String(s)) => Some(InstanceKey::Str(s.clone())),
        _ => None,
    };
    let ch = o.get("change").ok_or_else(|| err("missing `change`"))?;
    let (action, before, after) = read_change(ch)?;
    let replace_paths = ch
        .get("replace_paths")
        .and_then(J::as_array)
        .map(|ps| {
            ps.iter()
                .filter_map(J::as_array)
                .map(|steps| {
                    steps
                        .iter()
                        .filter_map(|s| match s {
                            J::String(s) => Some(PathStep::Attr(s.clone())),
                            J::Number(n) => n.as_i64().map(PathStep::Index),
                            _ => None,
                        })
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(ResourceChange {
        address: str_field(o, "address")?,
        module_address: opt_str(o, "module_address"),
        mode,
        type_: str_field(o, "type")?,
        name: str_field(o, "name")?,
        index,
        provider_name: opt_str(o, "provider_name").unwrap_or_default(),
        action,
        before,
        after,
        replace_paths,
        action_reason: opt_str(o, "action_reason"),
        previous_address: opt_str(o, "previous_address"),
        importing_id: ch
            .get("importing")
            .and_then(|i| i.get("id"))
            .and_then(J::as_str)
            .map(str::to_string),
        why: Vec::new(),
    })
}

/// `actions` as an [`Action`].
pub fn action_from_json(actions: &[J]) -> Option<Action> {
    let names: Vec<&str> = actions.iter().filter_map(J::as_str).collect();
    Some(match names.as_slice() {
        ["no-op"] => Action::NoOp,
        ["create"] => Action::Create,
        ["read"] => Action::Read,
        ["update"] => Action::Update,
        ["delete", "create"] => Action::DeleteThenCreate,
        ["create", "delete"] => Action::CreateThenDelete,
        ["delete"] => Action::Delete,
        ["forget"] => Action::Forget,
        _ => return None,
    })
}

type ChangeParts = (Action, Option<Value>, Option<Value>);

fn read_change(ch: &J) -> Result<ChangeParts, PlanJsonError> {
    let actions = ch
        .get("actions")
        .and_then(J::as_array)
        .ok_or_else(|| err("missing `actions`"))?;
    let action = action_from_json(actions)
        .ok_or_else(|| err(format!("unknown actions {}", J::Array(actions.clone()))))?;
    let null = J::Null;
    let f = J::Bool(false);
    let before_j = ch.get("before").unwrap_or(&null);
    let after_j = ch.get("after").unwrap_or(&null);
    let au = ch.get("after_unknown").unwrap_or(&f);
    let bs = ch.get("before_sensitive").unwrap_or(&f);
    let as_ = ch.get("after_sensitive").unwrap_or(&f);
    let before = (!before_j.is_null()).then(|| build(before_j, &f, bs));
    let after_present = !after_j.is_null() || *au == J::Bool(true);
    let after = after_present.then(|| build(after_j, au, as_));
    // A deleted object has no after; a created one no before. Anything else keeps both.
    let after = match action {
        Action::Delete | Action::Forget => None,
        _ => after.or(Some(Value::Null)),
    };
    let before = match action {
        Action::Create => None,
        _ => before,
    };
    Ok((action, before, after))
}

/// A value from its JSON and its unknown and sensitive masks.
fn build(v: &J, unknown: &J, sensitive: &J) -> Value {
    let f = J::Bool(false);
    let out = if *unknown == J::Bool(true) {
        Value::Unknown
    } else {
        match v {
            J::Array(items) => Value::Tuple(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, e)| {
                        build(
                            e,
                            unknown.get(i).unwrap_or(&f),
                            sensitive.get(i).unwrap_or(&f),
                        )
                    })
                    .collect(),
            ),
            J::Object(m) => {
                let mut out: std::collections::BTreeMap<String, Value> = m
                    .iter()
                    .map(|(k, e)| {
                        (
                            k.clone(),
                            build(
                                e,
                                unknown.get(k).unwrap_or(&f),
                                sensitive.get(k).unwrap_or(&f),
                            ),
                        )
                    })
                    .collect();
                if let Some(um) = unknown.as_object() {
                    for (k, u) in um {
                        if !out.contains_key(k) {
                            out.insert(
                                k.clone(),
                                build(&J::Null, u, sensitive.get(k).unwrap_or(&f)),
                            );
                        }
                    }
                }
                Value::Object(out)
            }
            other => Value::from_json(other),
        }
    };
    if *sensitive == J::Bool(true) {
        out.sensitive()
    } else {
        out
    }
}

/// The shape of a value whose contents are not known, for the sensitive masks.
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    Seq,
    Map,
    Scalar,
}

fn shape_of_type(t: &Type) -> Shape {
    match t {
        Type::List(_) | Type::Set(_) | Type::Tuple(_) => Shape::Seq,
        Type::Map(_) | Type::Object(_) => Shape::Map,
        _ => Shape::Scalar,
    }
}

fn shape_of_value(v: &Value) -> Shape {
    match v.peel() {
        Value::List(_) | Value::Set(_) | Value::Tuple(_) => Shape::Seq,
        Value::Map(_) | Value::Object(_) => Shape::Map,
        _ => Shape::Scalar,
    }
}

/// What is known about the type at one point of a value, to shape the masks.
#[derive(Clone, Copy)]
enum Ty<'a> {
    Block(&'a BlockSchema),
    Type(&'a Type),
    /// A nested block type's collection (list/set/map of blocks), or a single block.
    Nested(&'a schema::NestedBlock),
    Dynamic,
}

impl<'a> Ty<'a> {
    fn shape(self) -> Shape {
        match self {
            Ty::Block(_) => Shape::Map,
            Ty::Type(t) => shape_of_type(t),
            Ty::Nested(n) => match n.nesting {
                Nesting::Single | Nesting::Group | Nesting::Map => Shape::Map,
                Nesting::List | Nesting::Set => Shape::Seq,
            },
            Ty::Dynamic => Shape::Scalar,
        }
    }

    fn child(self, key: &str) -> (Ty<'a>, bool) {
        match self {
            Ty::Block(b) => {
                if let Some(a) = b.attributes.get(key) {
                    (Ty::Type(&a.ty), a.sensitive)
                } else if let Some(n) = b.blocks.get(key) {
                    (Ty::Nested(n), false)
                } else {
                    (Ty::Dynamic, false)
                }
            }
            Ty::Type(Type::Object(attrs)) => (
                attrs
                    .iter()
                    .find(|a| a.name == key)
                    .map_or(Ty::Dynamic, |a| Ty::Type(&a.ty)),
                false,
            ),
            Ty::Type(Type::Map(t)) => (Ty::Type(t), false),
            Ty::Nested(n) => match n.nesting {
                Nesting::Single | Nesting::Group => Ty::Block(&n.block).child(key),
                _ => (Ty::Block(&n.block), false),
            },
            _ => (Ty::Dynamic, false),
        }
    }

    fn elem(self, i: usize) -> Ty<'a> {
        match self {
            Ty::Type(Type::List(t) | Type::Set(t)) => Ty::Type(t),
            Ty::Type(Type::Tuple(ts)) => ts.get(i).map_or(Ty::Dynamic, Ty::Type),
            Ty::Nested(n) => Ty::Block(&n.block),
            _ => Ty::Dynamic,
        }
    }
}

/// Terraform's `after_unknown` mask of a value that holds unknowns: `true` where unknown,
/// an array per sequence and an object of the non-`false` entries per map or object.
pub fn unknown_mask(v: &Value) -> J {
    match v.peel() {
        Value::Unknown => J::Bool(true),
        Value::List(items) | Value::Set(items) | Value::Tuple(items) => {
            J::Array(items.iter().map(unknown_mask).collect())
        }
        Value::Map(m) | Value::Object(m) => J::Object(
            m.iter()
                .map(|(k, e)| (k.clone(), unknown_mask(e)))
                .filter(|(_, e)| *e != J::Bool(false))
                .collect(),
        ),
        _ => J::Bool(false),
    }
}

/// Terraform's `before_sensitive`/`after_sensitive` mask of a value of type `ty`; `hint`
/// gives the shape of an unknown value when the type does not (`terraform_data.output`).
fn sensitive_mask(v: &Value, ty: Ty<'_>, schema_sensitive: bool, hint: Option<Shape>) -> J {
    if schema_sensitive || v.deep_marks_top().sensitive {
        return J::Bool(true);
    }
    let empty_of = |shape: Shape| match shape {
        Shape::Seq => J::Array(vec![]),
        Shape::Map => J::Object(Map::new()),
        Shape::Scalar => J::Bool(false),
    };
    match v.peel() {
        Value::Null => J::Bool(false),
        Value::Unknown => empty_of(hint.unwrap_or_else(|| ty.shape())),
        Value::List(items) | Value::Set(items) | Value::Tuple(items) => J::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, e)| sensitive_mask(e, ty.elem(i), false, None))
                .collect(),
        ),
        Value::Map(m) | Value::Object(m) => J::Object(
            m.iter()
                .map(|(k, e)| {
                    let (cty, sens) = ty.child(k);
                    (k.clone(), sensitive_mask(e, cty, sens, None))
                })
                .filter(|(_, e)| *e != J::Bool(false))
                .collect(),
        ),
        _ => J::Bool(false),
    }
}

/// A resource object's sensitive mask (`false` when there is no object).
fn object_sensitive_mask(v: Option<&Value>, rc: &ResourceChange, block: Option<&BlockSchema>) -> J {
    let Some(v) = v else {
        return J::Bool(false);
    };
    if v.is_null() {
        return J::Bool(false);
    }
    let ty = block.map_or(Ty::Dynamic, Ty::Block);
    let Some(m) = v.as_map() else {
        return sensitive_mask(v, ty, false, None);
    };
    let input_shape = (rc.type_ == "terraform_data")
        .then(|| rc.after.as_ref().or(rc.before.as_ref()))
        .flatten()
        .and_then(|a| a.as_map())
        .and_then(|a| a.get("input"))
        .map(shape_of_value);
    J::Object(
        m.iter()
            .map(|(k, e)| {
                let (cty, sens) = ty.child(k);
                let hint = if k == "output" { input_shape } else { None };
                (k.clone(), sensitive_mask(e, cty, sens, hint))
            })
            .filter(|(_, e)| *e != J::Bool(false))
            .collect(),
    )
}

/// The JSON of a value as Terraform writes `before`/`after`: unknown object attributes
/// omitted, unknown sequence elements `null`, marks dropped.
pub fn value_json(v: &Value) -> J {
    match v.peel() {
        Value::Unknown | Value::Null => J::Null,
        Value::List(items) | Value::Set(items) | Value::Tuple(items) => {
            J::Array(items.iter().map(value_json).collect())
        }
        Value::Map(m) | Value::Object(m) => J::Object(
            m.iter()
                .filter(|(_, e)| !e.is_unknown())
                .map(|(k, e)| (k.clone(), value_json(e)))
                .collect(),
        ),
        other => other.to_json(),
    }
}

fn change_json(rc: &ResourceChange, block: Option<&BlockSchema>) -> J {
    let mut c = Map::new();
    c.insert(
        "actions".into(),
        J::Array(
            rc.action
                .json_actions()
                .iter()
                .map(|a| J::String((*a).into()))
                .collect(),
        ),
    );
    c.insert(
        "before".into(),
        rc.before.as_ref().map_or(J::Null, value_json),
    );
    match &rc.after {
        Some(a) if a.is_unknown() => {}
        Some(a) => {
            c.insert("after".into(), value_json(a));
        }
        None => {
            c.insert("after".into(), J::Null);
        }
    }
    // Terraform computes the mask only when something is unknown; `{}` otherwise.
    let au = match &rc.after {
        Some(a) if a.has_unknown() => unknown_mask(a),
        _ => J::Object(Map::new()),
    };
    c.insert("after_unknown".into(), au);
    c.insert(
        "before_sensitive".into(),
        object_sensitive_mask(rc.before.as_ref(), rc, block),
    );
    c.insert(
        "after_sensitive".into(),
        object_sensitive_mask(rc.after.as_ref(), rc, block),
    );
    if !rc.replace_paths.is_empty() {
        c.insert(
            "replace_paths".into(),
            J::Array(
                rc.replace_paths
                    .iter()
                    .map(|p| {
                        J::Array(
                            p.iter()
                                .map(|s| match s {
                                    PathStep::Attr(a) | PathStep::Key(a) => J::String(a.clone()),
                                    PathStep::Index(i) => json!(i),
                                })
                                .collect(),
                        )
                    })
                    .collect(),
            ),
        );
    }
    if let Some(id) = &rc.importing_id {
        c.insert("importing".into(), json!({ "id": id }));
    }
    J::Object(c)
}

/// One entry of `resource_changes` / `resource_drift`.
pub fn resource_change_json(rc: &ResourceChange, lookup: SchemaLookup<'_>) -> J {
    let mut o = Map::new();
    o.insert("address".into(), J::String(rc.address.clone()));
    if let Some(p) = &rc.previous_address {
        o.insert("previous_address".into(), J::String(p.clone()));
    }
    if let Some(m) = &rc.module_address {
        o.insert("module_address".into(), J::String(m.clone()));
    }
    o.insert(
        "mode".into(),
        J::String(
            match rc.mode {
                Mode::Managed => "managed",
                Mode::Data => "data",
            }
            .into(),
        ),
    );
    o.insert("type".into(), J::String(rc.type_.clone()));
    o.insert("name".into(), J::String(rc.name.clone()));
    match &rc.index {
        Some(InstanceKey::Int(i)) => {
            o.insert("index".into(), json!(i));
        }
        Some(InstanceKey::Str(s)) => {
            o.insert("index".into(), J::String(s.clone()));
        }
        None => {}
    }
    o.insert("provider_name".into(), J::String(rc.provider_name.clone()));
    o.insert("change".into(), change_json(rc, lookup(rc.mode, &rc.type_)));
    if let Some(r) = &rc.action_reason {
        o.insert("action_reason".into(), J::String(r.clone()));
    }
    J::Object(o)
}

/// One entry of `output_changes`.
pub fn output_change_json(oc: &OutputChange) -> J {
    let mut c = Map::new();
    c.insert(
        "actions".into(),
        J::Array(
            oc.action
                .json_actions()
                .iter()
                .map(|a| J::String((*a).into()))
                .collect(),
        ),
    );
    c.insert(
        "before".into(),
        oc.before.as_ref().map_or(J::Null, value_json),
    );
    match &oc.after {
        Some(a) if a.is_unknown() => {}
        Some(a) => {
            c.insert("after".into(), value_json(a));
        }
        None => {
            c.insert("after".into(), J::Null);
        }
    }
    let au = oc.after.as_ref().map_or(J::Bool(false), |a| {
        if a.has_unknown() {
            unknown_mask(a)
        } else {
            J::Bool(false)
        }
    });
    c.insert("after_unknown".into(), au);
    c.insert("before_sensitive".into(), J::Bool(oc.sensitive));
    c.insert("after_sensitive".into(), J::Bool(oc.sensitive));
    J::Object(c)
}

/// The plan as Terraform's plan JSON (the parts the lab models: no `planned_values`,
/// `configuration` or `prior_state`).
pub fn to_json(plan: &Plan, lookup: SchemaLookup<'_>) -> J {
    let mut o = Map::new();
    o.insert("format_version".into(), J::String("1.2".into()));
    o.insert(
        "terraform_version".into(),
        J::String(TERRAFORM_VERSION.into()),
    );
    if !plan.resource_drift.is_empty() {
        o.insert(
            "resource_drift".into(),
            J::Array(
                plan.resource_drift
                    .iter()
                    .map(|rc| resource_change_json(rc, lookup))
                    .collect(),
            ),
        );
    }
    if !plan.resource_changes.is_empty() {
        o.insert(
            "resource_changes".into(),
            J::Array(
                plan.resource_changes
                    .iter()
                    .map(|rc| resource_change_json(rc, lookup))
                    .collect(),
            ),
        );
    }
    if !plan.output_changes.is_empty() {
        o.insert(
            "output_changes".into(),
            J::Object(
                plan.output_changes
                    .iter()
                    .map(|(k, v)| (k.clone(), output_change_json(v)))
                    .collect(),
            ),
        );
    }
    o.insert("errored".into(), J::Bool(false));
    J::Object(o)
}

trait TopMarks {
    fn deep_marks_top(&self) -> super::value::Marks;
}

impl TopMarks for Value {
    /// The marks on the value itself (not inside it).
    fn deep_marks_top(&self) -> super::value::Marks {
        match self {
            Value::Marked(inner, m) => m.union(inner.deep_marks_top()),
            _ => super::value::Marks::default(),
        }
    }
}
