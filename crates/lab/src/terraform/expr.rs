//! Evaluation of Terraform expressions (hcl-edit's syntax tree) to [`Value`]s, with
//! Terraform's semantics: unknowns propagate, marks follow values, errors carry the span
//! of the offending sub-expression and Terraform's wording. Work is bounded by a budget.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

use hcl::edit::Span;
use hcl::edit::expr::{BinaryOperator, Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl::edit::template::{Directive, Element, Template};

use super::diag::EvalError;
use super::types::{convert, unify_types, value_type};
use super::value::{Marks, Type, Value};

/// What names mean while evaluating: `var`, `local`, `each`, `count`, resource types, …
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub roots: BTreeMap<String, Value>,
    /// Where `file()` and `templatefile()` read relative paths from.
    pub base_dir: Option<PathBuf>,
}

impl Scope {
    pub fn new() -> Self {
        Scope::default()
    }

    /// Adds (or replaces) one root name.
    pub fn with(mut self, name: impl Into<String>, value: Value) -> Self {
        self.roots.insert(name.into(), value);
        self
    }
}

/// A traversal rooted at a name, for the dependency graph: `var.x`, `aws_subnet.a[0].id`.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub root: String,
    pub steps: Vec<RefStep>,
    pub span: Option<Range<usize>>,
}

/// One step of a [`Reference`]; an index only when it is a literal.
#[derive(Debug, Clone, PartialEq)]
pub enum RefStep {
    Attr(String),
    Index(Value),
}

/// Most elements one evaluation may build, summed over every intermediate result.
pub const MAX_ELEMENTS: usize = 1_000_000;
/// Most bytes of string one evaluation may build.
pub const MAX_STRING_BYTES: usize = 16 << 20;
const MAX_DEPTH: usize = 128;
/// Most sub-expressions one evaluation may evaluate (a conditional evaluates both of
/// its results, so nesting alone must not be able to make the work exponential).
const MAX_STEPS: usize = 2_000_000;

/// Evaluates `expr` in `scope`.
pub fn eval(expr: &Expression, scope: &Scope) -> Result<Value, EvalError> {
    Evaluator::new(scope).expr(expr)
}

/// Evaluates a parsed template (the body of a `templatefile`) in `scope`.
pub fn eval_template(t: &Template, scope: &Scope) -> Result<Value, EvalError> {
    let mut ev = Evaluator::new(scope);
    ev.template(t, None)
}

pub(crate) struct Evaluator<'s> {
    scope: &'s Scope,
    locals: Vec<(String, Value)>,
    elements: usize,
    bytes: usize,
    depth: usize,
    steps: usize,
}

fn err(summary: &str, detail: impl Into<String>, span: Option<Range<usize>>) -> EvalError {
    EvalError::new(summary, detail).with_span(span)
}

fn budget_err() -> EvalError {
    EvalError::new(
        "Expression too large",
        "Evaluating this expression would build more than the lab allows (1,000,000 elements or 16 MiB of text).",
    )
}

/// How many elements and bytes a value holds, bounded by the limits (stops counting past them).
fn size(v: &Value, acc: &mut (usize, usize)) {
    if acc.0 > MAX_ELEMENTS || acc.1 > MAX_STRING_BYTES {
        return;
    }
    match v.peel() {
        Value::String(s) => acc.1 += s.len(),
        Value::List(e) | Value::Set(e) | Value::Tuple(e) => {
            acc.0 += e.len();
            for x in e {
                size(x, acc);
            }
        }
        Value::Map(m) | Value::Object(m) => {
            acc.0 += m.len();
            for (k, x) in m {
                acc.1 += k.len();
                size(x, acc);
            }
        }
        _ => {}
    }
}

/// The (key, value) pairs of an iterated collection and the collection's marks.
type Iterated = (Vec<(Value, Value)>, Marks);

enum Piece {
    Text(String, bool),
    TrimPrev,
    TrimNext,
}

impl<'s> Evaluator<'s> {
    fn new(scope: &'s Scope) -> Self {
        Evaluator {
            scope,
            locals: Vec::new(),
            elements: 0,
            bytes: 0,
            depth: 0,
            steps: 0,
        }
    }

    fn charge(&mut self, elements: usize, bytes: usize) -> Result<(), EvalError> {
        self.elements = self.elements.saturating_add(elements);
        self.bytes = self.bytes.saturating_add(bytes);
        if self.elements > MAX_ELEMENTS || self.bytes > MAX_STRING_BYTES {
            return Err(budget_err());
        }
        Ok(())
    }

    fn charge_value(&mut self, v: &Value) -> Result<(), EvalError> {
        let mut acc = (0, 0);
        size(v, &mut acc);
        self.charge(acc.0, acc.1)
    }

    pub(crate) fn expr(&mut self, e: &Expression) -> Result<Value, EvalError> {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return Err(budget_err());
        }
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.depth -= 1;
            return Err(err(
                "Expression too deep",
                "This expression is nested too deeply to evaluate.",
                e.span(),
            ));
        }
        let r = self.expr_inner(e);
        self.depth -= 1;
        r.map_err(|x| x.with_span(e.span()))
    }

    fn lookup(&self, name: &str, span: Option<Range<usize>>) -> Result<Value, EvalError> {
        if let Some((_, v)) = self.locals.iter().rev().find(|(n, _)| n == name) {
            return Ok(v.clone());
        }
        self.scope.roots.get(name).cloned().ok_or_else(|| {
            err(
                "Unknown variable",
                format!("There is no variable named \"{name}\"."),
                span,
            )
        })
    }

    fn expr_inner(&mut self, e: &Expression) -> Result<Value, EvalError> {
        match e {
            Expression::Null(_) => Ok(Value::Null),
            Expression::Bool(b) => Ok(Value::Bool(*b.value())),
            Expression::Number(n) => Ok(Value::Number(n.value().as_f64().unwrap_or(0.0))),
            Expression::String(s) => {
                self.charge(0, s.len())?;
                Ok(Value::String(s.value().clone()))
            }
            Expression::Array(a) => {
                let mut out = Vec::new();
                for x in a.iter() {
                    out.push(self.expr(x)?);
                }
                self.charge(out.len(), 0)?;
                Ok(Value::Tuple(out))
            }
            Expression::Object(o) => {
                let mut out = BTreeMap::new();
                let mut unknown = false;
                let mut marks = Marks::default();
                for (k, v) in o.iter() {
                    let key = match k {
                        ObjectKey::Ident(i) => i.as_str().to_string(),
                        ObjectKey::Expression(ke) => {
                            let kv = match ke {
                                // A bare name as a key is the name itself.
                                Expression::Variable(i) => Value::string(i.as_str()),
                                _ => self.expr(ke)?,
                            };
                            let (kv, m) = kv.unmark();
                            marks = marks.union(m);
                            match kv {
                                Value::Unknown => {
                                    unknown = true;
                                    String::new()
                                }
                                Value::Null => {
                                    return Err(err(
                                        "Invalid object key",
                                        "Key expression must not produce a null value.",
                                        ke.span(),
                                    ));
                                }
                                other => match convert(other, &Type::String) {
                                    Ok(Value::String(s)) => s,
                                    _ => {
                                        return Err(err(
                                            "Incorrect key type",
                                            "Can't use this value as a key: string required.",
                                            ke.span(),
                                        ));
                                    }
                                },
                            }
                        }
                    };
                    let val = self.expr(v.expr())?;
                    out.insert(key, val);
                }
                self.charge(out.len(), 0)?;
                if unknown {
                    return Ok(Value::Unknown.mark(marks));
                }
                Ok(Value::Object(out).mark(marks))
            }
            Expression::StringTemplate(t) => self.template(t, None),
            Expression::HeredocTemplate(h) => self.template(&h.template, None),
            Expression::Parenthesis(p) => self.expr(p.inner()),
            Expression::Variable(v) => self.lookup(v.as_str(), v.span()),
            Expression::Conditional(c) => {
                let cond = self.expr(&c.cond_expr)?;
                let (cv, marks) = cond.unmark();
                let b = match cv {
                    Value::Unknown => return Ok(Value::Unknown.mark(marks)),
                    Value::Null => {
                        return Err(err(
                            "Null condition",
                            "The condition value is null. Conditions must either be true or false.",
                            c.cond_expr.span(),
                        ));
                    }
                    other => match convert(other, &Type::Bool) {
                        Ok(Value::Bool(b)) => b,
                        _ => {
                            return Err(err(
                                "Incorrect condition type",
                                "The condition expression must be of type bool.",
                                c.cond_expr.span(),
                            ));
                        }
                    },
                };
                let (chosen, other) = if b {
                    (&c.true_expr, &c.false_expr)
                } else {
                    (&c.false_expr, &c.true_expr)
                };
                let v = self.expr(chosen)?;
                // Terraform evaluates both results and converts the chosen one to the
                // type both share; an error in the other one is ignored.
                let saved = self.locals.len();
                let other_v = self.expr(other);
                self.locals.truncate(saved);
                let other_v = match other_v {
                    Ok(o) => o,
                    Err(e) if e.summary == "Expression too large" => return Err(e),
                    Err(_) => return Ok(v.mark(marks)),
                };
                let (vt, ot) = (value_type(&v), value_type(&other_v));
                let Some(target) = unify_types(&vt, &ot) else {
                    let (tname, fname) = if b {
                        (v.type_name(), other_v.type_name())
                    } else {
                        (other_v.type_name(), v.type_name())
                    };
                    return Err(err(
                        "Inconsistent conditional result types",
                        format!(
                            "The true and false result expressions must have consistent types. The 'true' value is {tname}, but the 'false' value is {fname}."
                        ),
                        c.span(),
                    ));
                };
                let v = if target == vt || target == Type::Any {
                    v
                } else {
                    convert(v.clone(), &target).unwrap_or(v)
                };
                Ok(v.mark(marks))
            }
            Expression::FuncCall(call) => self.call(call),
            Expression::Traversal(t) => {
                let base = self.expr(&t.expr)?;
                let ops: Vec<&TraversalOperator> = t.operators.iter().map(|o| o.value()).collect();
                let spans: Vec<Option<Range<usize>>> =
                    t.operators.iter().map(|o| o.span()).collect();
                self.traverse(base, &ops, &spans)
            }
            Expression::UnaryOp(u) => {
                let v = self.expr(&u.expr)?;
                let (v, marks) = v.unmark();
                let span = u.expr.span();
                let out = match (*u.operator.value(), v) {
                    (_, Value::Unknown) => Value::Unknown,
                    (UnaryOperator::Not, v) => match to_bool(v) {
                        Ok(b) => Value::Bool(!b),
                        Err(why) => {
                            return Err(err(
                                "Invalid operand",
                                format!("Unsuitable value for unary operand: {why}."),
                                span,
                            ));
                        }
                    },
                    (UnaryOperator::Neg, v) => match to_number(v) {
                        Ok(n) => Value::Number(-n),
                        Err(why) => {
                            return Err(err(
                                "Invalid operand",
                                format!("Unsuitable value for unary operand: {why}."),
                                span,
                            ));
                        }
                    },
                };
                Ok(out.mark(marks))
            }
            Expression::BinaryOp(b) => {
                let l = self.expr(&b.lhs_expr)?;
                let r = self.expr(&b.rhs_expr)?;
                binary(
                    *b.operator.value(),
                    l,
                    r,
                    b.lhs_expr.span(),
                    b.rhs_expr.span(),
                )
            }
            Expression::ForExpr(f) => self.for_expr(f),
        }
    }

    fn call(&mut self, call: &hcl::edit::expr::FuncCall) -> Result<Value, EvalError> {
        let mut name = String::new();
        for ns in &call.name.namespace {
            name.push_str(ns.as_str());
            name.push_str("::");
        }
        name.push_str(call.name.name.as_str());
        let span = call.name.name.span();
        if !call.name.namespace.is_empty() {
            let ns: Vec<&str> = call.name.namespace.iter().map(|n| n.as_str()).collect();
            if let ["provider", provider] = ns.as_slice() {
                return Err(err(
                    "Unknown provider function",
                    format!(
                        "There is no function named \"{name}\". Ensure that provider name \"{provider}\" is declared in this module's required_providers block, and that this provider offers a function named \"{}\".",
                        call.name.name.as_str()
                    ),
                    span,
                ));
            }
            return Err(err(
                "Call to unknown function",
                format!("There is no function named \"{name}\"."),
                span,
            ));
        }
        let arg_exprs: Vec<&Expression> = call.args.iter().collect();
        match name.as_str() {
            "try" => {
                if arg_exprs.is_empty() {
                    return Err(err(
                        "Not enough function arguments",
                        "Function \"try\" expects at least one argument.",
                        span,
                    ));
                }
                let mut errors = Vec::new();
                for a in &arg_exprs {
                    let saved = self.locals.len();
                    let r = self.expr(a);
                    self.locals.truncate(saved);
                    match r {
                        Ok(v) if v.has_unknown() => return Ok(Value::Unknown.mark(v.deep_marks())),
                        Ok(v) => return Ok(v),
                        Err(e) if e.summary == "Expression too large" => return Err(e),
                        Err(e) => errors.push(format!("- {}\n  {}", e.summary, e.detail)),
                    }
                }
                return Err(err(
                    "Error in function call",
                    format!(
                        "Call to function \"try\" failed: no expression succeeded:\n{}\n\nAt least one expression must produce a successful result.",
                        errors.join("\n")
                    ),
                    span,
                ));
            }
            "can" => {
                if arg_exprs.len() != 1 {
                    return Err(err(
                        if arg_exprs.is_empty() {
                            "Not enough function arguments"
                        } else {
                            "Too many function arguments"
                        },
                        "Function \"can\" expects 1 argument(s).",
                        span,
                    ));
                }
                return match self.expr(arg_exprs[0]) {
                    Ok(v) if v.has_unknown() => Ok(Value::Unknown),
                    Ok(_) => Ok(Value::Bool(true)),
                    Err(e) if e.summary == "Expression too large" => Err(e),
                    Err(_) => Ok(Value::Bool(false)),
                };
            }
            _ => {}
        }
        if !super::functions::exists(&name) {
            return Err(err(
                "Call to unknown function",
                format!("There is no function named \"{name}\"."),
                span,
            ));
        }
        let mut args = Vec::with_capacity(arg_exprs.len());
        for a in &arg_exprs {
            args.push(self.expr(a)?);
        }
        if call.args.expand_final()
            && let Some(last) = args.pop()
        {
            let (last, marks) = last.unmark();
            match last {
                Value::List(v) | Value::Set(v) | Value::Tuple(v) => {
                    args.extend(v.into_iter().map(|x| x.mark(marks)))
                }
                Value::Unknown => return Ok(Value::Unknown.mark(marks)),
                _ => {
                    return Err(err(
                        "Invalid expanding argument value",
                        "The expanding argument (indicated by ...) must be of a tuple, list, or set type.",
                        arg_exprs.last().and_then(|a| a.span()),
                    ));
                }
            }
        }
        let out = super::functions::call(&name, args, self.scope)
            .map_err(|e| e.with_span(call.span()))?;
        self.charge_value(&out)?;
        Ok(out)
    }

    fn traverse(
        &mut self,
        mut cur: Value,
        ops: &[&TraversalOperator],
        spans: &[Option<Range<usize>>],
    ) -> Result<Value, EvalError> {
        let mut i = 0;
        while i < ops.len() {
            match ops[i] {
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    let full = matches!(ops[i], TraversalOperator::FullSplat(_));
                    let mut end = i + 1;
                    if full {
                        end = ops.len();
                    } else {
                        while end < ops.len() && matches!(ops[end], TraversalOperator::GetAttr(_)) {
                            end += 1;
                        }
                    }
                    let (src, marks) = cur.unmark();
                    let (elems, as_list) = match src {
                        Value::Null => (Vec::new(), false),
                        Value::Unknown => return Ok(Value::Unknown.mark(marks)),
                        Value::List(e) | Value::Set(e) => (e, true),
                        Value::Tuple(e) => (e, false),
                        other => (vec![other], false),
                    };
                    let mut out = Vec::with_capacity(elems.len());
                    for e in elems {
                        out.push(self.traverse(e, &ops[i + 1..end], &spans[i + 1..end])?);
                    }
                    self.charge(out.len(), 0)?;
                    cur = if as_list {
                        Value::List(out)
                    } else {
                        Value::Tuple(out)
                    }
                    .mark(marks);
                    i = end;
                    continue;
                }
                TraversalOperator::GetAttr(name) => {
                    cur = get_attr(cur, name.as_str(), spans[i].clone())?;
                }
                TraversalOperator::Index(ix) => {
                    let key = self.expr(ix)?;
                    cur = index(cur, key, ix.span().or_else(|| spans[i].clone()))?;
                }
                TraversalOperator::LegacyIndex(n) => {
                    cur = index(cur, Value::Number(*n.value() as f64), spans[i].clone())?;
                }
            }
            i += 1;
        }
        Ok(cur)
    }

    fn iterate(
        &mut self,
        coll: Value,
        span: Option<Range<usize>>,
        what: &str,
    ) -> Result<Option<Iterated>, EvalError> {
        let (coll, marks) = coll.unmark();
        let items: Vec<(Value, Value)> = match coll {
            Value::Unknown => return Ok(None),
            Value::Null => {
                return Err(err(
                    "Iteration over null value",
                    format!(
                        "A null value cannot be used as the collection in a '{what}' expression."
                    ),
                    span,
                ));
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
                return Err(err(
                    "Iteration over non-iterable value",
                    format!(
                        "A value of type {} cannot be used as the collection in a '{what}' expression.",
                        other.type_name()
                    ),
                    span,
                ));
            }
        };
        self.charge(items.len(), 0)?;
        Ok(Some((items, marks)))
    }

    fn for_expr(&mut self, f: &hcl::edit::expr::ForExpr) -> Result<Value, EvalError> {
        let coll = self.expr(&f.intro.collection_expr)?;
        let Some((items, marks)) = self.iterate(coll, f.intro.collection_expr.span(), "for")?
        else {
            return Ok(Value::Unknown);
        };
        let key_var = f.intro.key_var.as_ref().map(|k| k.as_str().to_string());
        let value_var = f.intro.value_var.as_str().to_string();
        let saved = self.locals.len();
        let result = (|| {
            let mut tuple = Vec::new();
            let mut object: BTreeMap<String, Value> = BTreeMap::new();
            let mut groups: BTreeMap<String, Vec<Value>> = BTreeMap::new();
            let mut marks = marks;
            for (k, v) in items {
                self.locals.truncate(saved);
                if let Some(kv) = &key_var {
                    self.locals.push((kv.clone(), k.clone()));
                    self.locals.push((value_var.clone(), v));
                } else {
                    self.locals.push((value_var.clone(), v));
                }
                if let Some(c) = &f.cond {
                    let (cv, m) = self.expr(&c.expr)?.unmark();
                    marks = marks.union(m);
                    match cv {
                        Value::Unknown => return Ok(Value::Unknown),
                        Value::Bool(true) => {}
                        Value::Bool(false) => continue,
                        other => match convert(other, &Type::Bool) {
                            Ok(Value::Bool(true)) => {}
                            Ok(Value::Bool(false)) => continue,
                            _ => {
                                return Err(err(
                                    "Invalid 'for' condition",
                                    "The 'if' clause value is invalid: a bool is required.",
                                    c.expr.span(),
                                ));
                            }
                        },
                    }
                }
                match &f.key_expr {
                    None => {
                        tuple.push(self.expr(&f.value_expr)?);
                        self.charge(1, 0)?;
                    }
                    Some(ke) => {
                        let (kv, m) = self.expr(ke)?.unmark();
                        marks = marks.union(m);
                        let key = match kv {
                            Value::Unknown => return Ok(Value::Unknown),
                            Value::Null => {
                                return Err(err(
                                    "Invalid object key",
                                    "Key expression in 'for' expression must not produce a null value.",
                                    ke.span(),
                                ));
                            }
                            other => match convert(other, &Type::String) {
                                Ok(Value::String(s)) => s,
                                _ => {
                                    return Err(err(
                                        "Invalid object key",
                                        "The key expression produced an invalid result: string required.",
                                        ke.span(),
                                    ));
                                }
                            },
                        };
                        let val = self.expr(&f.value_expr)?;
                        self.charge(1, key.len())?;
                        if f.grouping {
                            groups.entry(key).or_default().push(val);
                        } else {
                            match object.entry(key) {
                                std::collections::btree_map::Entry::Occupied(o) => {
                                    return Err(err(
                                        "Duplicate object key",
                                        format!(
                                            "Two different items produced the key \"{}\" in this 'for' expression. If duplicates are expected, use the ellipsis (...) after the value expression to enable grouping by key.",
                                            o.key()
                                        ),
                                        ke.span(),
                                    ));
                                }
                                std::collections::btree_map::Entry::Vacant(slot) => {
                                    slot.insert(val);
                                }
                            }
                        }
                    }
                }
            }
            Ok(if f.key_expr.is_none() {
                Value::Tuple(tuple).mark(marks)
            } else if f.grouping {
                Value::Object(
                    groups
                        .into_iter()
                        .map(|(k, v)| (k, Value::Tuple(v)))
                        .collect(),
                )
                .mark(marks)
            } else {
                Value::Object(object).mark(marks)
            })
        })();
        self.locals.truncate(saved);
        result
    }

    fn template(&mut self, t: &Template, single_ok: Option<()>) -> Result<Value, EvalError> {
        let _ = single_ok;
        // "${x}" alone is the value of x itself, not a string.
        let elems: Vec<&Element> = t.iter().collect();
        if let [Element::Interpolation(i)] = elems.as_slice() {
            return self.expr(&i.expr);
        }
        let mut pieces = Vec::new();
        let mut state = TemplateState::default();
        self.render(t, &mut pieces, &mut state)?;
        if state.unknown {
            return Ok(Value::Unknown.mark(state.marks));
        }
        let text = finish_pieces(pieces);
        self.charge(0, text.len())?;
        Ok(Value::String(text).mark(state.marks))
    }

    fn render(
        &mut self,
        t: &Template,
        out: &mut Vec<Piece>,
        st: &mut TemplateState,
    ) -> Result<(), EvalError> {
        for el in t.iter() {
            match el {
                Element::Literal(s) => {
                    self.charge(0, s.len())?;
                    out.push(Piece::Text(s.value().clone(), true));
                }
                Element::Interpolation(i) => {
                    if i.strip.strip_start() {
                        out.push(Piece::TrimPrev);
                    }
                    let v = self.expr(&i.expr)?;
                    let (v, m) = v.unmark();
                    st.marks = st.marks.union(m);
                    match v {
                        Value::Unknown => st.unknown = true,
                        Value::Null => {
                            return Err(err(
                                "Invalid template interpolation value",
                                "The expression result is null. Cannot include a null value in a string template.",
                                i.expr.span(),
                            ));
                        }
                        other => match convert(other, &Type::String) {
                            Ok(v) => {
                                let s = v.as_str().unwrap_or_default().to_string();
                                self.charge(0, s.len())?;
                                out.push(Piece::Text(s, false));
                            }
                            Err(_) => {
                                return Err(err(
                                    "Invalid template interpolation value",
                                    "Cannot include the given value in a string template: string required.",
                                    i.expr.span(),
                                ));
                            }
                        },
                    }
                    if i.strip.strip_end() {
                        out.push(Piece::TrimNext);
                    }
                }
                Element::Directive(d) => match &**d {
                    Directive::If(d) => {
                        if d.if_expr.strip.strip_start() {
                            out.push(Piece::TrimPrev);
                        }
                        let (cv, m) = self.expr(&d.if_expr.cond_expr)?.unmark();
                        st.marks = st.marks.union(m);
                        let b = match cv {
                            Value::Unknown => {
                                st.unknown = true;
                                false
                            }
                            other => match convert(other, &Type::Bool) {
                                Ok(Value::Bool(b)) => b,
                                _ => {
                                    return Err(err(
                                        "Incorrect condition type",
                                        "The condition expression must be of type bool.",
                                        d.if_expr.cond_expr.span(),
                                    ));
                                }
                            },
                        };
                        if d.if_expr.strip.strip_end() {
                            out.push(Piece::TrimNext);
                        }
                        if b {
                            self.render(&d.if_expr.template, out, st)?;
                        }
                        if let Some(e) = &d.else_expr {
                            if e.strip.strip_start() {
                                out.push(Piece::TrimPrev);
                            }
                            if e.strip.strip_end() {
                                out.push(Piece::TrimNext);
                            }
                            if !b {
                                self.render(&e.template, out, st)?;
                            }
                        }
                        if d.endif_expr.strip.strip_start() {
                            out.push(Piece::TrimPrev);
                        }
                        if d.endif_expr.strip.strip_end() {
                            out.push(Piece::TrimNext);
                        }
                    }
                    Directive::For(d) => {
                        let fe = &d.for_expr;
                        if fe.strip.strip_start() {
                            out.push(Piece::TrimPrev);
                        }
                        let coll = self.expr(&fe.collection_expr)?;
                        match self.iterate(coll, fe.collection_expr.span(), "for")? {
                            None => st.unknown = true,
                            Some((items, m)) => {
                                st.marks = st.marks.union(m);
                                let saved = self.locals.len();
                                for (k, v) in items {
                                    self.locals.truncate(saved);
                                    if let Some(kv) = &fe.key_var {
                                        self.locals.push((kv.as_str().to_string(), k));
                                    }
                                    self.locals.push((fe.value_var.as_str().to_string(), v));
                                    if fe.strip.strip_end() {
                                        out.push(Piece::TrimNext);
                                    }
                                    let r = self.render(&fe.template, out, st);
                                    if let Err(e) = r {
                                        self.locals.truncate(saved);
                                        return Err(e);
                                    }
                                    if d.endfor_expr.strip.strip_start() {
                                        out.push(Piece::TrimPrev);
                                    }
                                }
                                self.locals.truncate(saved);
                            }
                        }
                        if d.endfor_expr.strip.strip_end() {
                            out.push(Piece::TrimNext);
                        }
                    }
                },
            }
        }
        Ok(())
    }
}

#[derive(Default)]
struct TemplateState {
    unknown: bool,
    marks: Marks,
}

fn finish_pieces(mut pieces: Vec<Piece>) -> String {
    for i in 0..pieces.len() {
        match pieces[i] {
            Piece::TrimPrev => {
                let mut j = i;
                while j > 0 {
                    j -= 1;
                    match &mut pieces[j] {
                        Piece::Text(s, true) => {
                            let t = s.trim_end().len();
                            s.truncate(t);
                            if !s.is_empty() {
                                break;
                            }
                        }
                        Piece::Text(_, false) => break,
                        _ => {}
                    }
                }
            }
            Piece::TrimNext => {
                for p in pieces.iter_mut().skip(i + 1) {
                    match p {
                        Piece::Text(s, true) => {
                            let t = s.trim_start().to_string();
                            *s = t;
                            if !s.is_empty() {
                                break;
                            }
                        }
                        Piece::Text(_, false) => break,
                        _ => {}
                    }
                }
            }
            Piece::Text(..) => {}
        }
    }
    let mut out = String::new();
    for p in pieces {
        if let Piece::Text(s, _) = p {
            out.push_str(&s);
        }
    }
    out
}

fn to_bool(v: Value) -> Result<bool, String> {
    match v {
        Value::Null => Err("argument must not be null".into()),
        other => match convert(other, &Type::Bool) {
            Ok(Value::Bool(b)) => Ok(b),
            Ok(_) => Err("a bool is required".into()),
            Err(e) => Err(e.message),
        },
    }
}

fn to_number(v: Value) -> Result<f64, String> {
    match v {
        Value::Null => Err("argument must not be null".into()),
        other => match convert(other, &Type::Number) {
            Ok(Value::Number(n)) => Ok(n),
            Ok(_) => Err("a number is required".into()),
            Err(e) => Err(e.message),
        },
    }
}

/// Terraform's error for a null operand of an arithmetic or logical operator.
fn null_operand(span: Option<Range<usize>>) -> EvalError {
    err(
        "Operation failed",
        "Error during operation: argument must not be null.",
        span,
    )
}

/// Equality without conversion (`"1" != 1`), ignoring marks.
pub fn values_equal(a: &Value, b: &Value) -> bool {
    match (a.peel(), b.peel()) {
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::List(x), Value::List(y))
        | (Value::Set(x), Value::Set(y))
        | (Value::Tuple(x), Value::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| values_equal(p, q))
        }
        (Value::Map(x), Value::Map(y)) | (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k1, v1), (k2, v2))| k1 == k2 && values_equal(v1, v2))
        }
        (p, q) => p == q,
    }
}

fn binary(
    op: BinaryOperator,
    l: Value,
    r: Value,
    lspan: Option<Range<usize>>,
    rspan: Option<Range<usize>>,
) -> Result<Value, EvalError> {
    let marks = l.deep_marks().union(r.deep_marks());
    match op {
        BinaryOperator::Eq | BinaryOperator::NotEq => {
            if l.has_unknown() || r.has_unknown() {
                return Ok(Value::Unknown.mark(marks));
            }
            let eq = values_equal(&l, &r);
            Ok(Value::Bool(if op == BinaryOperator::Eq { eq } else { !eq }).mark(marks))
        }
        BinaryOperator::And | BinaryOperator::Or => {
            let (l, _) = l.unmark();
            let (r, _) = r.unmark();
            if l.is_null() || r.is_null() {
                return Err(null_operand(lspan.or(rspan)));
            }
            let lb = if l.is_unknown() {
                None
            } else {
                Some(to_bool(l).map_err(|why| {
                    err(
                        "Invalid operand",
                        format!("Unsuitable value for left operand: {why}."),
                        lspan.clone(),
                    )
                })?)
            };
            let rb = if r.is_unknown() {
                None
            } else {
                Some(to_bool(r).map_err(|why| {
                    err(
                        "Invalid operand",
                        format!("Unsuitable value for right operand: {why}."),
                        rspan.clone(),
                    )
                })?)
            };
            let out = match (lb, rb) {
                (Some(a), Some(b)) => Value::Bool(if op == BinaryOperator::And {
                    a && b
                } else {
                    a || b
                }),
                // A known operand can decide the result alone.
                (Some(false), None) | (None, Some(false)) if op == BinaryOperator::And => {
                    Value::Bool(false)
                }
                (Some(true), None) | (None, Some(true)) if op == BinaryOperator::Or => {
                    Value::Bool(true)
                }
                _ => Value::Unknown,
            };
            Ok(out.mark(marks))
        }
        _ => {
            let (l, _) = l.unmark();
            let (r, _) = r.unmark();
            if l.is_null() || r.is_null() {
                return Err(null_operand(lspan.or(rspan)));
            }
            let ln = if l.is_unknown() {
                None
            } else {
                Some(to_number(l).map_err(|why| {
                    err(
                        "Invalid operand",
                        format!("Unsuitable value for left operand: {why}."),
                        lspan.clone(),
                    )
                })?)
            };
            let rn = if r.is_unknown() {
                None
            } else {
                Some(to_number(r).map_err(|why| {
                    err(
                        "Invalid operand",
                        format!("Unsuitable value for right operand: {why}."),
                        rspan.clone(),
                    )
                })?)
            };
            let (Some(a), Some(b)) = (ln, rn) else {
                return Ok(Value::Unknown.mark(marks));
            };
            let out = match op {
                BinaryOperator::Plus => Value::Number(a + b),
                BinaryOperator::Minus => Value::Number(a - b),
                BinaryOperator::Mul => Value::Number(a * b),
                BinaryOperator::Div => {
                    // Like Terraform: x/0 is an infinity (which jsonencode then refuses),
                    // only 0/0 and inf/inf fail.
                    if (a == 0.0 && b == 0.0) || (a.is_infinite() && b.is_infinite()) {
                        return Err(err(
                            "Operation failed",
                            "Error during operation: can't divide zero by zero or infinity by infinity.",
                            rspan,
                        ));
                    }
                    Value::Number(a / b)
                }
                // Terraform's modulo by zero gives back the left operand.
                BinaryOperator::Mod if b == 0.0 => Value::Number(a),
                BinaryOperator::Mod => Value::Number(a % b),
                BinaryOperator::Less => Value::Bool(a < b),
                BinaryOperator::LessEq => Value::Bool(a <= b),
                BinaryOperator::Greater => Value::Bool(a > b),
                BinaryOperator::GreaterEq => Value::Bool(a >= b),
                _ => Value::Unknown,
            };
            Ok(out.mark(marks))
        }
    }
}

fn get_attr(v: Value, name: &str, span: Option<Range<usize>>) -> Result<Value, EvalError> {
    let (v, marks) = v.unmark();
    let out = match v {
        Value::Unknown => Value::Unknown,
        Value::Null => {
            return Err(err(
                "Attempt to get attribute from null value",
                "This value is null, so it does not have any attributes.",
                span,
            ));
        }
        Value::Object(mut m) => match m.remove(name) {
            Some(x) => x,
            None => {
                return Err(err(
                    "Unsupported attribute",
                    format!("This object does not have an attribute named \"{name}\"."),
                    span,
                ));
            }
        },
        Value::Map(mut m) => match m.remove(name) {
            Some(x) => x,
            None => {
                return Err(err(
                    "Missing map element",
                    format!("This map does not have an element with the key \"{name}\"."),
                    span,
                ));
            }
        },
        Value::List(e) if e.is_empty() || !e.iter().all(|x| x.as_map().is_some()) => {
            return Err(err(
                "Unsupported attribute",
                "This value does not have any attributes.",
                span,
            ));
        }
        Value::Set(_) => {
            return Err(err(
                "Unsupported attribute",
                "Can't access attributes on a set of objects. Did you mean to access an attribute across all elements of the set?",
                span,
            ));
        }
        Value::Tuple(_) => {
            return Err(err(
                "Unsupported attribute",
                "This value does not have any attributes.",
                span,
            ));
        }
        Value::List(_) => {
            return Err(err(
                "Unsupported attribute",
                format!(
                    "Can't access attributes on a list of objects. Did you mean to access attribute \"{name}\" for a specific element of the list, or across all elements of the list?"
                ),
                span,
            ));
        }
        other => {
            return Err(err(
                "Unsupported attribute",
                format!(
                    "Can't access attributes on a primitive-typed value ({}).",
                    other.type_name()
                ),
                span,
            ));
        }
    };
    Ok(out.mark(marks))
}

fn index(v: Value, key: Value, span: Option<Range<usize>>) -> Result<Value, EvalError> {
    let (v, marks) = v.unmark();
    let (key, kmarks) = key.unmark();
    let marks = marks.union(kmarks);
    if v.is_unknown() || key.is_unknown() {
        return Ok(Value::Unknown.mark(marks));
    }
    let missing = |empty: bool| {
        err(
            "Invalid index",
            if empty {
                "The given key does not identify an element in this collection value: the collection has no elements."
            } else {
                "The given key does not identify an element in this collection value."
            },
            span.clone(),
        )
    };
    if key.is_null() {
        return Err(err(
            "Invalid index",
            "Can't use a null value as an indexing key.",
            span,
        ));
    }
    let out = match v {
        Value::Null => {
            return Err(err(
                "Attempt to index null value",
                "This value is null, so it does not have any indices.",
                span,
            ));
        }
        Value::List(mut e) | Value::Tuple(mut e) => {
            let n = match convert(key, &Type::Number) {
                Ok(Value::Number(n)) => n,
                _ => {
                    return Err(err(
                        "Invalid index",
                        "The given key does not identify an element in this collection value: a number is required.",
                        span,
                    ));
                }
            };
            let why = if e.is_empty() {
                None
            } else if n.fract() != 0.0 {
                Some(
                    "indexing a sequence requires a whole number, but the given index has a fractional part",
                )
            } else if n < 0.0 {
                Some("a negative number is not a valid index for a sequence")
            } else if n >= e.len() as f64 {
                Some("the given index is greater than or equal to the length of the collection")
            } else {
                None
            };
            if let Some(why) = why {
                return Err(err(
                    "Invalid index",
                    format!(
                        "The given key does not identify an element in this collection value: {why}."
                    ),
                    span,
                ));
            }
            if e.is_empty() {
                return Err(missing(true));
            }
            e.swap_remove(n as usize)
        }
        Value::Map(mut m) | Value::Object(mut m) => {
            let k = match convert(key, &Type::String) {
                Ok(Value::String(s)) => s,
                _ => {
                    return Err(err(
                        "Invalid index",
                        "The given key does not identify an element in this collection value: string required.",
                        span,
                    ));
                }
            };
            let empty = m.is_empty();
            match m.remove(&k) {
                Some(x) => x,
                None => return Err(missing(empty)),
            }
        }
        Value::Set(_) => {
            return Err(err(
                "Invalid index",
                "Elements of a set are identified only by their value and don't have any separate index or key to select with, so it's only possible to perform operations across all elements of the set.",
                span,
            ));
        }
        other => {
            let _ = other;
            return Err(err(
                "Invalid index",
                "This value does not have any indices.",
                span,
            ));
        }
    };
    Ok(out.mark(marks))
}

/// Every traversal in `expr` rooted at a name (not at a for-expression's own iterator).
pub fn references(expr: &Expression) -> Vec<Reference> {
    let mut out = Vec::new();
    let mut bound = Vec::new();
    refs(expr, &mut bound, &mut out, 0);
    out
}

fn refs(e: &Expression, bound: &mut Vec<String>, out: &mut Vec<Reference>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let d = depth + 1;
    match e {
        Expression::Variable(v) => {
            if !bound.iter().any(|b| b == v.as_str()) {
                out.push(Reference {
                    root: v.as_str().to_string(),
                    steps: Vec::new(),
                    span: v.span(),
                });
            }
        }
        Expression::Traversal(t) => {
            if let Expression::Variable(v) = &t.expr {
                if !bound.iter().any(|b| b == v.as_str()) {
                    let mut steps = Vec::new();
                    let mut end = v.span().map(|s| s.end);
                    for op in t.operators.iter() {
                        let step = match op.value() {
                            TraversalOperator::GetAttr(n) => RefStep::Attr(n.as_str().to_string()),
                            TraversalOperator::LegacyIndex(n) => {
                                RefStep::Index(Value::Number(*n.value() as f64))
                            }
                            TraversalOperator::Index(Expression::Number(n)) => {
                                RefStep::Index(Value::Number(n.value().as_f64().unwrap_or(0.0)))
                            }
                            TraversalOperator::Index(Expression::String(s)) => {
                                RefStep::Index(Value::String(s.value().clone()))
                            }
                            _ => break,
                        };
                        steps.push(step);
                        if let Some(s) = op.span() {
                            end = Some(s.end);
                        }
                    }
                    let span = match (v.span(), end) {
                        (Some(s), Some(e)) => Some(s.start..e.max(s.end)),
                        (s, _) => s,
                    };
                    out.push(Reference {
                        root: v.as_str().to_string(),
                        steps,
                        span,
                    });
                }
            } else {
                refs(&t.expr, bound, out, d);
            }
            for op in t.operators.iter() {
                if let TraversalOperator::Index(ix) = op.value() {
                    refs(ix, bound, out, d);
                }
            }
        }
        Expression::Array(a) => a.iter().for_each(|x| refs(x, bound, out, d)),
        Expression::Object(o) => {
            for (k, v) in o.iter() {
                if let ObjectKey::Expression(ke) = k
                    && !matches!(ke, Expression::Variable(_))
                {
                    refs(ke, bound, out, d);
                }
                refs(v.expr(), bound, out, d);
            }
        }
        Expression::StringTemplate(t) => template_refs(t, bound, out, d),
        Expression::HeredocTemplate(h) => template_refs(&h.template, bound, out, d),
        Expression::Parenthesis(p) => refs(p.inner(), bound, out, d),
        Expression::Conditional(c) => {
            refs(&c.cond_expr, bound, out, d);
            refs(&c.true_expr, bound, out, d);
            refs(&c.false_expr, bound, out, d);
        }
        Expression::FuncCall(c) => c.args.iter().for_each(|x| refs(x, bound, out, d)),
        Expression::UnaryOp(u) => refs(&u.expr, bound, out, d),
        Expression::BinaryOp(b) => {
            refs(&b.lhs_expr, bound, out, d);
            refs(&b.rhs_expr, bound, out, d);
        }
        Expression::ForExpr(f) => {
            refs(&f.intro.collection_expr, bound, out, d);
            let n = bound.len();
            if let Some(k) = &f.intro.key_var {
                bound.push(k.as_str().to_string());
            }
            bound.push(f.intro.value_var.as_str().to_string());
            if let Some(k) = &f.key_expr {
                refs(k, bound, out, d);
            }
            refs(&f.value_expr, bound, out, d);
            if let Some(c) = &f.cond {
                refs(&c.expr, bound, out, d);
            }
            bound.truncate(n);
        }
        Expression::Null(_)
        | Expression::Bool(_)
        | Expression::Number(_)
        | Expression::String(_) => {}
    }
}

fn template_refs(t: &Template, bound: &mut Vec<String>, out: &mut Vec<Reference>, d: usize) {
    for el in t.iter() {
        match el {
            Element::Literal(_) => {}
            Element::Interpolation(i) => refs(&i.expr, bound, out, d),
            Element::Directive(dir) => match &**dir {
                Directive::If(i) => {
                    refs(&i.if_expr.cond_expr, bound, out, d);
                    template_refs(&i.if_expr.template, bound, out, d);
                    if let Some(e) = &i.else_expr {
                        template_refs(&e.template, bound, out, d);
                    }
                }
                Directive::For(f) => {
                    let fe = &f.for_expr;
                    refs(&fe.collection_expr, bound, out, d);
                    let n = bound.len();
                    if let Some(k) = &fe.key_var {
                        bound.push(k.as_str().to_string());
                    }
                    bound.push(fe.value_var.as_str().to_string());
                    template_refs(&fe.template, bound, out, d);
                    bound.truncate(n);
                }
            },
        }
    }
}
