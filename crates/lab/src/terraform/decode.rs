//! Decoding a resource's (or data source's, or provider's) body against its schema, as the
//! provider's schema makes Terraform do: every argument evaluated and converted to its
//! type, nested blocks (and `dynamic` blocks) gathered by their nesting mode, and the
//! errors in Terraform's words — an argument or block that is not expected here, a
//! missing required argument, too few or too many blocks, a value of the wrong type.
//!
//! A body with no schema (a resource type the lab does not know) is decoded generically:
//! arguments as written, blocks as lists of objects.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use hcl::edit::Span;
use hcl::edit::structure::{Block, Body};

use super::config::SourceFile;
use super::diag::{Diagnostic, EvalError};
use super::expr::{Scope, eval};
use super::schema::{self, BlockSchema, Nesting};
use super::types::convert;
use super::value::Value;

/// Blocks gathered per type: the values, whether a `dynamic` made the list unknown,
/// and where the first one is.
type Gathered = BTreeMap<String, (Vec<Value>, bool, Option<Range<usize>>)>;

/// Where decoding reports its findings.
pub struct Decoder<'a> {
    /// The resource type, for the provider's own deprecation messages.
    pub type_: &'a str,
    pub file: &'a Arc<SourceFile>,
    pub diags: &'a mut Vec<Diagnostic>,
}

/// Places an evaluation error in `file`.
pub fn eval_diag(file: &SourceFile, e: EvalError) -> Diagnostic {
    let d = Diagnostic::error(e.summary, e.detail);
    match file.range(&e.span) {
        Some(r) => d.at(r),
        None => d,
    }
}

impl Decoder<'_> {
    fn error(&mut self, span: Option<Range<usize>>, summary: &str, detail: String) {
        let d = Diagnostic::error(summary, detail);
        self.diags.push(match self.file.range(&span) {
            Some(r) => d.at(r),
            None => d,
        });
    }

    fn warning(&mut self, span: Option<Range<usize>>, summary: &str, detail: String) {
        let d = Diagnostic::warning(summary, detail);
        self.diags.push(match self.file.range(&span) {
            Some(r) => d.at(r),
            None => d,
        });
    }

    /// Decodes `body` (whose block header is at `header`) against `schema`, or
    /// generically when `schema` is `None`.
    pub fn body(
        &mut self,
        body: &Body,
        schema: Option<&BlockSchema>,
        scope: &Scope,
        header: Option<Range<usize>>,
    ) -> Value {
        match schema {
            Some(s) => self.with_schema(body, s, scope, header),
            None => self.generic(body, scope),
        }
    }

    fn eval(&mut self, e: &hcl::edit::expr::Expression, scope: &Scope) -> Option<Value> {
        match eval(e, scope) {
            Ok(v) => Some(v),
            Err(err) => {
                self.diags.push(eval_diag(self.file, err));
                None
            }
        }
    }

    fn with_schema(
        &mut self,
        body: &Body,
        s: &BlockSchema,
        scope: &Scope,
        header: Option<Range<usize>>,
    ) -> Value {
        let mut out: BTreeMap<String, Value> = BTreeMap::new();
        for a in body.attributes() {
            let k = a.key.as_str();
            match s.attributes.get(k) {
                Some(attr) if attr.is_argument() => {
                    let Some(v) = self.eval(&a.value, scope) else {
                        out.insert(k.to_string(), Value::Unknown);
                        continue;
                    };
                    let v = match convert(v, &attr.ty) {
                        Ok(v) => v,
                        Err(e) => {
                            self.error(
                                a.value.span(),
                                "Incorrect attribute value type",
                                format!(
                                    "Inappropriate value for attribute \"{k}\": {}.",
                                    e.message
                                ),
                            );
                            Value::Unknown
                        }
                    };
                    if attr.deprecated && !v.is_null() {
                        self.warning(
                            a.key.span(),
                            "Argument is deprecated",
                            schema::deprecation_message(self.type_, k)
                                .unwrap_or_else(|| {
                                    format!("The argument \"{k}\" is deprecated: the provider will remove it in a future version.")
                                }),
                        );
                    }
                    out.insert(k.to_string(), v);
                }
                _ => {
                    let detail = if s.blocks.contains_key(k) {
                        format!(
                            "An argument named \"{k}\" is not expected here. Did you mean to define a block of type \"{k}\"?"
                        )
                    } else {
                        let args = s
                            .attributes
                            .iter()
                            .filter(|(_, a)| a.is_argument())
                            .map(|(n, _)| n.as_str());
                        match schema::suggest(k, args) {
                            Some(m) => format!(
                                "An argument named \"{k}\" is not expected here. Did you mean \"{m}\"?"
                            ),
                            None => format!("An argument named \"{k}\" is not expected here."),
                        }
                    };
                    self.error(a.key.span(), "Unsupported argument", detail);
                }
            }
        }
        // Blocks, grouped by type, in source order.
        let mut blocks: Gathered = BTreeMap::new();
        // Attributes of a list or set of objects may be written as blocks (the
        // provider's "attributes as blocks", e.g. a security group's `ingress`).
        let widened;
        let s = if body.blocks().any(|b| {
            let name = if b.ident.as_str() == "dynamic" {
                b.labels.first().map(|l| l.as_str()).unwrap_or("")
            } else {
                b.ident.as_str()
            };
            as_block(s, name).is_some()
        }) {
            let mut w = s.clone();
            let names: Vec<String> = w.attributes.keys().cloned().collect();
            for n in names {
                if let Some(nb) = as_block(s, &n)
                    && !out.contains_key(&n)
                {
                    w.attributes.remove(&n);
                    w.blocks.insert(n, nb);
                }
            }
            widened = w;
            &widened
        } else {
            s
        };
        for b in body.blocks() {
            let ident = b.ident.as_str();
            if ident == "dynamic" {
                self.dynamic(b, s, scope, &mut blocks);
                continue;
            }
            match s.blocks.get(ident) {
                Some(nb) => {
                    if nb.block.deprecated {
                        self.warning(
                            b.ident.span(),
                            "Argument is deprecated",
                            schema::deprecation_message(self.type_, ident).unwrap_or_else(|| {
                                format!("Blocks of type \"{ident}\" are deprecated: the provider will remove them in a future version.")
                            }),
                        );
                    }
                    let v = self.nested(b, nb, scope);
                    let e =
                        blocks
                            .entry(ident.to_string())
                            .or_insert((Vec::new(), false, b.span()));
                    e.0.push(v);
                }
                None => {
                    let detail = if s.attributes.get(ident).is_some_and(|a| a.is_argument()) {
                        format!(
                            "Blocks of type \"{ident}\" are not expected here. Did you mean to define argument \"{ident}\"? If so, use the equals sign to assign it a value."
                        )
                    } else {
                        match schema::suggest(ident, s.blocks.keys().map(String::as_str)) {
                            Some(m) => format!(
                                "Blocks of type \"{ident}\" are not expected here. Did you mean \"{m}\"?"
                            ),
                            None => format!("Blocks of type \"{ident}\" are not expected here."),
                        }
                    };
                    self.error(b.ident.span(), "Unsupported block type", detail);
                }
            }
        }
        for (name, attr) in &s.attributes {
            if attr.required && !out.contains_key(name) {
                self.error(
                    header.clone(),
                    "Missing required argument",
                    format!("The argument \"{name}\" is required, but no definition was found."),
                );
            }
            out.entry(name.clone()).or_insert(Value::Null);
        }
        for (name, nb) in &s.blocks {
            let (items, unknown, span) = blocks.remove(name).unwrap_or((Vec::new(), false, None));
            if !unknown {
                let n = items.len() as u32;
                if n < nb.min_items {
                    self.error(
                        header.clone(),
                        &format!("Insufficient {name} blocks"),
                        format!("At least {} \"{name}\" blocks are required.", nb.min_items),
                    );
                }
                if nb.max_items > 0 && n > nb.max_items {
                    self.error(
                        span.clone(),
                        &format!("Too many {name} blocks"),
                        format!(
                            "No more than {} \"{name}\" blocks are allowed",
                            nb.max_items
                        ),
                    );
                }
            }
            let v = if unknown {
                Value::Unknown
            } else {
                match nb.nesting {
                    Nesting::Single | Nesting::Group => match items.into_iter().next() {
                        Some(v) => v,
                        None => nb.absent_value(),
                    },
                    Nesting::List => Value::List(items),
                    Nesting::Set => Value::set(items),
                    Nesting::Map => {
                        // Map blocks carry their label as the key (kept by `nested`).
                        let mut m = BTreeMap::new();
                        for it in items {
                            if let Value::Tuple(mut kv) = it
                                && kv.len() == 2
                            {
                                let v = kv.pop().unwrap_or(Value::Null);
                                let k = kv.pop().unwrap_or(Value::Null);
                                if let Some(k) = k.as_str() {
                                    m.insert(k.to_string(), v);
                                }
                            }
                        }
                        Value::Map(m)
                    }
                }
            };
            out.insert(name.clone(), v);
        }
        Value::Object(out)
    }

    fn nested(&mut self, b: &Block, nb: &schema::NestedBlock, scope: &Scope) -> Value {
        let v = self.with_schema(&b.body, &nb.block, scope, b.span());
        if nb.nesting == Nesting::Map {
            let key = b.labels.first().map(|l| l.as_str().to_string());
            return Value::Tuple(vec![key.map(Value::String).unwrap_or(Value::Null), v]);
        }
        if !b.labels.is_empty() {
            self.error(
                b.span(),
                &format!("Extraneous label for {}", b.ident.as_str()),
                format!("No labels are expected for {} blocks.", b.ident.as_str()),
            );
        }
        v
    }

    fn dynamic(&mut self, b: &Block, s: &BlockSchema, scope: &Scope, blocks: &mut Gathered) {
        let Some(label) = b.labels.first().map(|l| l.as_str().to_string()) else {
            self.error(
                b.span(),
                "Missing name for dynamic",
                "All dynamic blocks must have 1 labels (type).".to_string(),
            );
            return;
        };
        let Some(nb) = s.blocks.get(&label) else {
            self.error(
                b.span(),
                "Unsupported block type",
                format!("Blocks of type \"{label}\" are not expected here."),
            );
            return;
        };
        let iterator = match b.body.get_attribute("iterator") {
            None => label.clone(),
            Some(a) => match &a.value {
                hcl::edit::expr::Expression::Variable(v) => v.as_str().to_string(),
                other => {
                    self.error(
                        other.span(),
                        "Invalid expression",
                        "A single static variable reference is required: only attribute access and indexing with constant keys. No calculations, function calls, template expressions, etc are allowed here.".to_string(),
                    );
                    return;
                }
            },
        };
        let Some(fe) = b.body.get_attribute("for_each") else {
            self.error(
                b.span(),
                "Missing required argument",
                "The argument \"for_each\" is required, but no definition was found.".to_string(),
            );
            return;
        };
        let Some(content) = b.body.get_blocks("content").next() else {
            self.error(
                b.span(),
                "Missing content block",
                "A dynamic block must have a nested block of type \"content\" to describe the body of each generated block.".to_string(),
            );
            return;
        };
        let entry = blocks
            .entry(label.clone())
            .or_insert((Vec::new(), false, b.span()));
        let Some(coll) = self.eval(&fe.value, scope) else {
            return;
        };
        let (coll, marks) = coll.unmark();
        let items: Vec<(Value, Value)> = match coll {
            Value::Unknown => {
                entry.1 = true;
                // Still check the content once, with unknown iterator values.
                let sc = scope.clone().with(
                    iterator,
                    Value::Object(
                        [
                            ("key".into(), Value::Unknown),
                            ("value".into(), Value::Unknown),
                        ]
                        .into(),
                    ),
                );
                let _ = self.with_schema(&content.body, &nb.block, &sc, content.span());
                return;
            }
            Value::Null => {
                self.error(
                    fe.value.span(),
                    "Invalid dynamic for_each value",
                    "Cannot use a null value in for_each.".to_string(),
                );
                return;
            }
            Value::List(v) | Value::Tuple(v) => v
                .into_iter()
                .enumerate()
                .map(|(i, x)| (Value::Number(i as f64), x))
                .collect(),
            Value::Set(v) => v.into_iter().map(|x| (x.clone(), x)).collect(),
            Value::Map(m) | Value::Object(m) => {
                m.into_iter().map(|(k, x)| (Value::String(k), x)).collect()
            }
            other => {
                self.error(
                    fe.value.span(),
                    "Invalid dynamic for_each value",
                    format!(
                        "Cannot use a {} value in for_each. An iterable collection is required.",
                        other.type_name()
                    ),
                );
                return;
            }
        };
        let mut produced = Vec::new();
        for (k, v) in items {
            let sc = scope.clone().with(
                iterator.clone(),
                Value::Object(
                    [
                        ("key".into(), k.mark(marks)),
                        ("value".into(), v.mark(marks)),
                    ]
                    .into(),
                ),
            );
            let val = self.with_schema(&content.body, &nb.block, &sc, content.span());
            produced.push(if nb.nesting == Nesting::Map {
                Value::Tuple(vec![Value::Null, val])
            } else {
                val
            });
        }
        if let Some(e) = blocks.get_mut(&label) {
            e.0.extend(produced);
        }
    }

    fn generic(&mut self, body: &Body, scope: &Scope) -> Value {
        let mut out: BTreeMap<String, Value> = BTreeMap::new();
        for a in body.attributes() {
            if let Some(v) = self.eval(&a.value, scope) {
                out.insert(a.key.as_str().to_string(), v);
            } else {
                out.insert(a.key.as_str().to_string(), Value::Unknown);
            }
        }
        let mut blocks: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for b in body.blocks() {
            if b.ident.as_str() == "dynamic" {
                let Some(label) = b.labels.first().map(|l| l.as_str().to_string()) else {
                    continue;
                };
                let iterator = match b.body.get_attribute("iterator").map(|a| &a.value) {
                    Some(hcl::edit::expr::Expression::Variable(v)) => v.as_str().to_string(),
                    _ => label.clone(),
                };
                let (Some(fe), Some(content)) = (
                    b.body.get_attribute("for_each"),
                    b.body.get_blocks("content").next(),
                ) else {
                    continue;
                };
                let Some(coll) = self.eval(&fe.value, scope) else {
                    continue;
                };
                let items: Vec<(Value, Value)> = match coll.peel() {
                    Value::List(v) | Value::Tuple(v) => v
                        .iter()
                        .enumerate()
                        .map(|(i, x)| (Value::Number(i as f64), x.clone()))
                        .collect(),
                    Value::Set(v) => v.iter().map(|x| (x.clone(), x.clone())).collect(),
                    Value::Map(m) | Value::Object(m) => m
                        .iter()
                        .map(|(k, x)| (Value::String(k.clone()), x.clone()))
                        .collect(),
                    _ => Vec::new(),
                };
                for (k, v) in items {
                    let sc = scope.clone().with(
                        iterator.clone(),
                        Value::Object([("key".into(), k), ("value".into(), v)].into()),
                    );
                    let val = self.generic(&content.body, &sc);
                    blocks.entry(label.clone()).or_default().push(val);
                }
                continue;
            }
            let v = self.generic(&b.body, scope);
            blocks
                .entry(b.ident.as_str().to_string())
                .or_default()
                .push(v);
        }
        for (k, v) in blocks {
            out.insert(k, Value::List(v));
        }
        Value::Object(out)
    }
}

/// The block form of an attribute whose type is a list or set of objects.
fn as_block(s: &BlockSchema, name: &str) -> Option<schema::NestedBlock> {
    let a = s.attributes.get(name)?;
    if !a.is_argument() {
        return None;
    }
    let (nesting, inner) = match &a.ty {
        super::value::Type::List(t) => (Nesting::List, t),
        super::value::Type::Set(t) => (Nesting::Set, t),
        _ => return None,
    };
    let super::value::Type::Object(attrs) = &**inner else {
        return None;
    };
    let mut block = BlockSchema::default();
    for oa in attrs {
        block.attributes.insert(
            oa.name.clone(),
            schema::Attribute {
                ty: oa.ty.clone(),
                required: false,
                optional: true,
                computed: false,
                sensitive: false,
                deprecated: false,
                write_only: false,
                force_new: false,
                force_new_from_null: false,
                default: None,
            },
        );
    }
    Some(schema::NestedBlock {
        nesting,
        min_items: 0,
        max_items: 0,
        block,
        force_new: a.force_new,
    })
}
