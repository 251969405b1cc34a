//! Type constraints as written in Terraform (`list(object({ name = string }))`) and the
//! conversion of a value to a type, following cty's rules and Terraform's wording.

use std::collections::BTreeMap;

use hcl::edit::Span;
use hcl::edit::expr::{Expression, ObjectKey};

use super::diag::EvalError;
use super::value::{ObjectAttr, Type, Value};

/// Why a value could not be converted: `message` is the tail Terraform prints after
/// `The given value is not suitable for …: ` (with the path already in front, e.g.
/// `element 0: a number is required`); `path` is the same path as steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvertError {
    pub message: String,
    pub path: Vec<String>,
}

impl ConvertError {
    fn new(message: impl Into<String>) -> Self {
        ConvertError {
            message: message.into(),
            path: Vec::new(),
        }
    }

    fn under(mut self, step: String) -> Self {
        self.message = format!("{step}: {}", self.message);
        self.path.insert(0, step);
        self
    }
}

impl std::fmt::Display for ConvertError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

fn type_err(expr: &Expression, detail: impl Into<String>) -> EvalError {
    EvalError::new("Invalid type specification", detail).with_span(expr.span())
}

/// Parses a type constraint expression (`string`, `list(number)`, `object({...})`, …).
pub fn parse_type(expr: &Expression) -> Result<Type, EvalError> {
    parse_type_inner(expr, false)
}

fn parse_type_inner(expr: &Expression, in_object: bool) -> Result<Type, EvalError> {
    let _ = in_object;
    match expr {
        Expression::Parenthesis(p) => parse_type_inner(p.inner(), in_object),
        Expression::Variable(v) => match v.as_str() {
            "string" => Ok(Type::String),
            "number" => Ok(Type::Number),
            "bool" => Ok(Type::Bool),
            "any" => Ok(Type::Any),
            k @ ("list" | "set" | "map" | "tuple" | "object") => Err(type_err(
                expr,
                format!(
                    "The {k} type constructor requires one argument specifying the element type."
                ),
            )),
            "optional" => Err(type_err(
                expr,
                "Keyword \"optional\" is valid only as a modifier for object type attributes.",
            )),
            other => Err(type_err(
                expr,
                format!("The keyword \"{other}\" is not a valid type specification."),
            )),
        },
        // Terraform 0.11's quoted forms.
        Expression::String(s) => match s.as_str() {
            "string" => Ok(Type::String),
            "list" => Ok(Type::List(Box::new(Type::String))),
            "map" => Ok(Type::Map(Box::new(Type::String))),
            _ => Err(type_err(
                expr,
                "A type specification is either a primitive type keyword (bool, number, string) or a complex type constructor call, like list(string).",
            )),
        },
        Expression::FuncCall(call) => {
            if !call.name.namespace.is_empty() {
                return Err(type_err(
                    expr,
                    "Type constraints cannot use namespaced names.",
                ));
            }
            let name = call.name.name.as_str();
            let args: Vec<&Expression> = call.args.iter().collect();
            let one = |what: &str| -> Result<&Expression, EvalError> {
                match args.as_slice() {
                    [a] => Ok(*a),
                    _ => Err(type_err(
                        expr,
                        format!(
                            "The {name} type constructor requires one argument specifying {what}."
                        ),
                    )),
                }
            };
            match name {
                "list" => Ok(Type::List(Box::new(parse_type_inner(
                    one("the element type")?,
                    false,
                )?))),
                "set" => Ok(Type::Set(Box::new(parse_type_inner(
                    one("the element type")?,
                    false,
                )?))),
                "map" => Ok(Type::Map(Box::new(parse_type_inner(
                    one("the element type")?,
                    false,
                )?))),
                "tuple" => {
                    let a = one("a list of element types")?;
                    let Expression::Array(arr) = a else {
                        return Err(type_err(
                            a,
                            "The tuple type constructor requires a list of element types.",
                        ));
                    };
                    Ok(Type::Tuple(
                        arr.iter()
                            .map(|e| parse_type_inner(e, false))
                            .collect::<Result<_, _>>()?,
                    ))
                }
                "object" => {
                    let a = one("an object with attribute types")?;
                    let Expression::Object(obj) = a else {
                        return Err(type_err(
                            a,
                            "The object type constructor requires one argument specifying the attribute types as a map.",
                        ));
                    };
                    let mut attrs: Vec<ObjectAttr> = Vec::new();
                    for (k, v) in obj.iter() {
                        let name = match k {
                            ObjectKey::Ident(i) => i.as_str().to_string(),
                            ObjectKey::Expression(Expression::String(s)) => s.as_str().to_string(),
                            ObjectKey::Expression(e) => {
                                return Err(type_err(
                                    e,
                                    "Object constructor map keys must be attribute names.",
                                ));
                            }
                        };
                        if attrs.iter().any(|a| a.name == name) {
                            return Err(type_err(
                                v.expr(),
                                format!("Duplicate attribute \"{name}\"."),
                            ));
                        }
                        attrs.push(parse_attr(name, v.expr())?);
                    }
                    attrs.sort_by(|a, b| a.name.cmp(&b.name));
                    Ok(Type::Object(attrs))
                }
                "optional" => Err(type_err(
                    expr,
                    "Keyword \"optional\" is valid only as a modifier for object type attributes.",
                )),
                other => Err(type_err(
                    expr,
                    format!("Keyword \"{other}\" is not a valid type constructor."),
                )),
            }
        }
        _ => Err(type_err(
            expr,
            "A type specification is either a primitive type keyword (bool, number, string) or a complex type constructor call, like list(string).",
        )),
    }
}

fn parse_attr(name: String, expr: &Expression) -> Result<ObjectAttr, EvalError> {
    if let Expression::FuncCall(call) = expr
        && call.name.namespace.is_empty()
        && call.name.name.as_str() == "optional"
    {
        let args: Vec<&Expression> = call.args.iter().collect();
        return match args.as_slice() {
            [t] => Ok(ObjectAttr {
                name,
                ty: parse_type_inner(t, false)?,
                optional: true,
                default: None,
            }),
            [t, d] => {
                let ty = parse_type_inner(t, false)?;
                let scope = super::expr::Scope::default();
                let raw = super::expr::eval(d, &scope)?;
                let default = convert(raw, &ty).map_err(|e| {
                    EvalError::new(
                        "Invalid default value for optional attribute",
                        format!("This default value is not compatible with the attribute's type constraint: {}.", e.message),
                    )
                    .with_span(d.span())
                })?;
                Ok(ObjectAttr {
                    name,
                    ty,
                    optional: true,
                    default: Some(default),
                })
            }
            _ => Err(type_err(
                expr,
                "Optional attribute modifier expects at most two arguments: an attribute type, and a default value.",
            )),
        };
    }
    Ok(ObjectAttr {
        name,
        ty: parse_type_inner(expr, true)?,
        optional: false,
        default: None,
    })
}

/// Converts `v` to `ty` with cty's rules: primitives convert through strings, tuples to
/// lists and sets, objects to maps, object types fill optional attributes and drop
/// extra ones. `null` converts to every type, unknown stays unknown, marks are kept.
pub fn convert(v: Value, ty: &Type) -> Result<Value, ConvertError> {
    let (v, marks) = v.unmark();
    if matches!(v, Value::Null | Value::Unknown) {
        return Ok(v.mark(marks));
    }
    let out = match ty {
        // Collections of `any` keep their elements; structural values stay structural.
        Type::Any => v,
        Type::String => match v {
            Value::String(s) => Value::String(s),
            Value::Number(n) => Value::String(number_to_string(n)),
            Value::Bool(b) => Value::String(b.to_string()),
            _ => return Err(ConvertError::new("string required")),
        },
        Type::Number => match v {
            Value::Number(n) => Value::Number(n),
            Value::String(s) => match parse_number(&s) {
                Some(n) => Value::Number(n),
                None => return Err(ConvertError::new("a number is required")),
            },
            _ => return Err(ConvertError::new("number required")),
        },
        Type::Bool => match v {
            Value::Bool(b) => Value::Bool(b),
            Value::String(s) if s == "true" => Value::Bool(true),
            Value::String(s) if s == "false" => Value::Bool(false),
            Value::String(_) => return Err(ConvertError::new("a bool is required")),
            _ => return Err(ConvertError::new("bool required")),
        },
        Type::List(et) | Type::Set(et) => {
            let is_set = matches!(ty, Type::Set(_));
            let elems = match v {
                Value::List(e) | Value::Set(e) | Value::Tuple(e) => e,
                _ => {
                    return Err(ConvertError::new(format!(
                        "{} of {} required",
                        if is_set { "set" } else { "list" },
                        et.friendly()
                    )));
                }
            };
            let mut out = Vec::with_capacity(elems.len());
            for (i, e) in elems.into_iter().enumerate() {
                out.push(convert(e, et).map_err(|err| err.under(format!("element {i}")))?);
            }
            if **et == Type::Any {
                out = unify(out).map_err(ConvertError::new)?;
            }
            if is_set {
                Value::set(out)
            } else {
                Value::List(out)
            }
        }
        Type::Map(et) => {
            let elems = match v {
                Value::Map(m) | Value::Object(m) => m,
                _ => {
                    return Err(ConvertError::new(format!(
                        "map of {} required",
                        et.friendly()
                    )));
                }
            };
            let mut out = BTreeMap::new();
            for (k, e) in elems {
                let c = convert(e, et).map_err(|err| err.under(format!("element {k:?}")))?;
                out.insert(k, c);
            }
            if **et == Type::Any {
                let keys: Vec<String> = out.keys().cloned().collect();
                let vals = unify(out.into_values().collect()).map_err(ConvertError::new)?;
                out = keys.into_iter().zip(vals).collect();
            }
            Value::Map(out)
        }
        Type::Tuple(ts) => {
            let elems = match v {
                Value::List(e) | Value::Set(e) | Value::Tuple(e) => e,
                _ => return Err(ConvertError::new("tuple required")),
            };
            if elems.len() != ts.len() {
                return Err(ConvertError::new(format!(
                    "tuple required with exactly {} elements",
                    ts.len()
                )));
            }
            let mut out = Vec::with_capacity(elems.len());
            for (i, (e, t)) in elems.into_iter().zip(ts).enumerate() {
                out.push(convert(e, t).map_err(|err| err.under(format!("element {i}")))?);
            }
            Value::Tuple(out)
        }
        Type::Object(attrs) => {
            let mut elems = match v {
                Value::Map(m) | Value::Object(m) => m,
                _ => return Err(ConvertError::new("object required")),
            };
            let mut out = BTreeMap::new();
            for a in attrs {
                match elems.remove(&a.name) {
                    Some(e) if !e.is_null() => {
                        let c = convert(e, &a.ty)
                            .map_err(|err| err.under(format!("attribute {:?}", a.name)))?;
                        out.insert(a.name.clone(), c);
                    }
                    found => {
                        if a.optional {
                            let d = match &a.default {
                                Some(d) => d.clone(),
                                None => found.unwrap_or(Value::Null),
                            };
                            out.insert(a.name.clone(), d);
                        } else if let Some(null) = found {
                            out.insert(a.name.clone(), null);
                        } else {
                            return Err(ConvertError::new(format!(
                                "attribute {:?} is required",
                                a.name
                            )));
                        }
                    }
                }
            }
            Value::Object(out)
        }
    };
    Ok(out.mark(marks))
}

/// Brings the elements of a collection of `any` to one type, as cty's unification does:
/// mixed primitives become strings, tuples of one length unify element by element (of
/// different lengths they become lists), objects with the same attributes unify attribute
/// by attribute (otherwise they become maps). Nulls take the common type.
pub(crate) fn unify(vals: Vec<Value>) -> Result<Vec<Value>, String> {
    let mut target: Option<Type> = None;
    for v in &vals {
        let t = value_type(v);
        target = Some(match target {
            None => t,
            Some(cur) => unify_types(&cur, &t)
                .ok_or_else(|| "all list elements must have the same type".to_string())?,
        });
    }
    let Some(target) = target else {
        return Ok(vals);
    };
    if !needs_conversion(&target) {
        return Ok(vals);
    }
    vals.into_iter()
        .map(|v| convert(v, &target).map_err(|e| e.message))
        .collect()
}

/// The type of a value as a constraint (`Any` where the lab does not know it: null,
/// unknown, the element type of an empty collection).
pub(crate) fn value_type(v: &Value) -> Type {
    fn elems<'a>(it: impl Iterator<Item = &'a Value>) -> Type {
        it.map(value_type)
            .reduce(|a, b| unify_types(&a, &b).unwrap_or(Type::Any))
            .unwrap_or(Type::Any)
    }
    match v.peel() {
        Value::Null | Value::Unknown | Value::Marked(..) => Type::Any,
        Value::Bool(_) => Type::Bool,
        Value::Number(_) => Type::Number,
        Value::String(_) => Type::String,
        Value::List(e) => Type::List(Box::new(elems(e.iter()))),
        Value::Set(e) => Type::Set(Box::new(elems(e.iter()))),
        Value::Map(m) => Type::Map(Box::new(elems(m.values()))),
        Value::Tuple(e) => Type::Tuple(e.iter().map(value_type).collect()),
        Value::Object(m) => Type::Object(
            m.iter()
                .map(|(k, v)| ObjectAttr {
                    name: k.clone(),
                    ty: value_type(v),
                    optional: false,
                    default: None,
                })
                .collect(),
        ),
    }
}

fn needs_conversion(t: &Type) -> bool {
    !matches!(t, Type::Any)
}

fn is_primitive(t: &Type) -> bool {
    matches!(t, Type::Bool | Type::Number | Type::String)
}

/// The one type both `a` and `b` convert to, if there is one (cty's `Unify`).
pub(crate) fn unify_types(a: &Type, b: &Type) -> Option<Type> {
    if a == b {
        return Some(a.clone());
    }
    match (a, b) {
        (Type::Any, t) | (t, Type::Any) => Some(t.clone()),
        (x, y) if is_primitive(x) && is_primitive(y) => Some(Type::String),
        (Type::Tuple(x), Type::Tuple(y)) if x.len() == y.len() => Some(Type::Tuple(
            x.iter()
                .zip(y)
                .map(|(p, q)| unify_types(p, q))
                .collect::<Option<_>>()?,
        )),
        (
            Type::List(_) | Type::Tuple(_) | Type::Set(_),
            Type::List(_) | Type::Tuple(_) | Type::Set(_),
        ) => {
            let e = unify_all(seq_elems(a).iter().chain(seq_elems(b).iter()))?;
            if matches!(a, Type::Set(_)) && matches!(b, Type::Set(_)) {
                Some(Type::Set(Box::new(e)))
            } else {
                Some(Type::List(Box::new(e)))
            }
        }
        (Type::Object(x), Type::Object(y))
            if x.len() == y.len() && x.iter().zip(y).all(|(p, q)| p.name == q.name) =>
        {
            Some(Type::Object(
                x.iter()
                    .zip(y)
                    .map(|(p, q)| {
                        Some(ObjectAttr {
                            name: p.name.clone(),
                            ty: unify_types(&p.ty, &q.ty)?,
                            optional: false,
                            default: None,
                        })
                    })
                    .collect::<Option<_>>()?,
            ))
        }
        (Type::Map(_) | Type::Object(_), Type::Map(_) | Type::Object(_)) => {
            let e = unify_all(map_elems(a).iter().chain(map_elems(b).iter()))?;
            Some(Type::Map(Box::new(e)))
        }
        _ => None,
    }
}

fn unify_all<'a>(mut it: impl Iterator<Item = &'a Type>) -> Option<Type> {
    let first = it.next().cloned().unwrap_or(Type::Any);
    it.try_fold(first, |acc, t| unify_types(&acc, t))
}

fn seq_elems(t: &Type) -> Vec<Type> {
    match t {
        Type::List(e) | Type::Set(e) => vec![(**e).clone()],
        Type::Tuple(ts) => ts.clone(),
        _ => Vec::new(),
    }
}

fn map_elems(t: &Type) -> Vec<Type> {
    match t {
        Type::Map(e) => vec![(**e).clone()],
        Type::Object(attrs) => attrs.iter().map(|a| a.ty.clone()).collect(),
        _ => Vec::new(),
    }
}

/// How Terraform prints a number: plain decimal, never an exponent (`1e30` prints all
/// its digits), integers without a decimal point. Terraform computes with 512-bit
/// decimals; the lab with `f64`, so a fraction is rounded to 15 significant digits,
/// which gives Terraform's answer for sums of short decimals (`0.1 + 0.2` is `0.3`).
pub fn number_to_string(n: f64) -> String {
    if n.is_infinite() {
        return if n > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    if n.is_nan() {
        return "NaN".into();
    }
    if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        return format!("{n:.0}");
    }
    // Shortest digits; but a fraction whose 15-digit rounding is much shorter is an
    // artifact of binary arithmetic (0.30000000000000004) and prints rounded.
    let mut sci = format!("{:e}", n.abs());
    if n.fract() != 0.0 {
        let rounded = format!("{:.14e}", n.abs());
        let sig = |s: &str| {
            s.split('e')
                .next()
                .unwrap_or("")
                .trim_end_matches('0')
                .chars()
                .filter(char::is_ascii_digit)
                .count()
        };
        if sig(&rounded) <= 12 {
            sci = rounded;
        }
    }
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let digits: String = mant.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    // The decimal point sits after `exp + 1` digits.
    let point = exp + 1;
    let mut out = String::new();
    if n < 0.0 {
        out.push('-');
    }
    if point <= 0 {
        out.push_str("0.");
        out.push_str(&"0".repeat((-point) as usize));
        out.push_str(digits);
    } else if point as usize >= digits.len() {
        out.push_str(digits);
        out.push_str(&"0".repeat(point as usize - digits.len()));
    } else {
        out.push_str(&digits[..point as usize]);
        out.push('.');
        out.push_str(&digits[point as usize..]);
    }
    out
}

/// Parses a number as cty does from a string: decimal, optional sign, fraction, exponent.
pub fn parse_number(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty() || t != s {
        return None;
    }
    let ok = t
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'));
    if !ok {
        return None;
    }
    t.parse::<f64>().ok().filter(|n| n.is_finite())
}
