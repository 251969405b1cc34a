//! Evaluating a whole configuration the way `terraform validate` and `terraform plan` do:
//! variables converted and validated, the dependency graph of locals, resources, module
//! calls and outputs walked in order (cycles refused in Terraform's words), `count` and
//! `for_each` expanded into instances, each instance's body decoded against the schema
//! and compared with the prior state into a [`Plan`] — with `moved`, `removed` and
//! `import` blocks, `lifecycle` rules, drift noticed while refreshing, and outputs.
//!
//! The walk calls an [`Effects`] for everything that touches the (simulated) account —
//! refreshing, reading data sources, importing and, when applying, creating, updating and
//! deleting — so one walk serves `validate`, `plan` and `apply`.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use hcl::edit::Span;
use hcl::edit::expr::Expression;
use hcl::edit::structure::Body;

use super::config::{self, Module, Origin, Resource, SourceFile};
use super::decode::{Decoder, eval_diag};
use super::diag::{Diagnostic, EvalError};
use super::expr::{RefStep, Reference, Scope, eval, references, values_equal};
use super::graph::Graph;
use super::inputs::{self, CliVar, Raw};
use super::plan::{Action, InstanceKey, Mode, OutputChange, PathStep, Plan, ResourceChange};
use super::schema::{self, BlockSchema};
use super::types::{self, convert};
use super::value::{Marks, Type, Value};

/// What the walk is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Walk {
    /// `terraform validate`: input variables and resource attributes are unknown.
    Validate,
    /// `terraform plan` (and `apply`, which plans and applies in one walk).
    Plan,
    /// `terraform plan -destroy` / `destroy`.
    Destroy,
}

/// One object recorded in the prior state.
#[derive(Debug, Clone, PartialEq)]
pub struct PriorObject {
    pub mode: Mode,
    pub type_: String,
    /// The object's attributes (dynamic attributes already decoded from `{value, type}`).
    pub value: Value,
    pub dependencies: Vec<String>,
    pub create_before_destroy: bool,
}

/// The prior state the plan is computed against, by full instance address.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prior {
    pub objects: BTreeMap<String, PriorObject>,
    pub outputs: BTreeMap<String, Value>,
}

/// Everything the walk asks of the account.
pub trait Effects {
    /// The object as the account has it now (`None`: it was deleted outside Terraform).
    fn refresh(&mut self, _address: &str, _type_: &str, prior: &Value) -> Option<Value> {
        Some(prior.clone())
    }
    /// Reads a data source whose configuration is known; `None` when the lab cannot.
    fn read_data(&mut self, _type_: &str, _config: &Value) -> Option<Result<Value, String>> {
        None
    }
    /// The object an `import` block's id names, or why there is none.
    fn import(&mut self, _type_: &str, id: &str) -> Result<Value, String> {
        Err(format!("no object exists with the id {id:?}"))
    }
    /// Called with each planned change of a managed instance in apply order (deletions
    /// of objects no longer configured come last); returns the object references see
    /// afterwards. Planning returns `change.after`; applying performs the change.
    #[allow(clippy::result_large_err)]
    fn change(&mut self, change: &ResourceChange) -> Result<Option<Value>, Diagnostic> {
        Ok(change.after.clone())
    }
}

/// The [`Effects`] of a plan with nothing behind it: nothing refreshed away, no data
/// source read, nothing importable.
pub struct NoEffects;
impl Effects for NoEffects {}

/// Options of one walk.
pub struct Options<'a> {
    pub walk: Walk,
    pub vars: &'a [CliVar],
    pub env: &'a [(String, String)],
    pub prior: &'a Prior,
    /// Refresh prior objects through [`Effects::refresh`] (`-refresh=false` turns it off).
    pub refresh: bool,
}

/// One instance the configuration asks for, as evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub address: String,
    pub mode: Mode,
    pub type_: String,
    pub name: String,
    pub module_address: Option<String>,
    pub key: Option<InstanceKey>,
    /// The decoded configuration (unset arguments `null`).
    pub config: Value,
    /// The object references see: planned (plan) or final (apply).
    pub value: Value,
    /// Resource addresses (`aws_vpc.main`) this instance depends on, sorted.
    pub dependencies: Vec<String>,
    pub create_before_destroy: bool,
    /// The declaration's header, e.g. `main.tf:3,1-28`.
    pub declared_at: String,
}

/// The result of a walk.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub plan: Plan,
    pub diagnostics: Vec<Diagnostic>,
    /// Every configured instance (managed and data), in evaluation order.
    pub instances: Vec<Instance>,
    /// Root outputs' values after the walk.
    pub outputs: BTreeMap<String, (Value, bool)>,
    /// Addresses that no configuration declares any more but which are kept in state
    /// because the walk stopped on an error (apply leaves them).
    pub unresolved: Vec<String>,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The instances of a resource or call (`None`: not known, when validating), each key
/// with its `each.value`.
type Expansion = Option<Vec<(InstanceKey, Option<Value>)>>;

/// Most module calls nested inside each other (a module calling itself stops here).
const MAX_MODULE_DEPTH: usize = 16;
/// Most instances one resource may expand to.
const MAX_INSTANCES: usize = 10_000;

/// Loads the folder `dir` and walks it.
pub fn run(dir: &Path, opts: &Options<'_>, effects: &mut dyn Effects) -> Outcome {
    let (module, mut diags) = config::load_module(dir, dir);
    if diags.iter().any(Diagnostic::is_error) {
        return Outcome {
            diagnostics: diags,
            ..Outcome::default()
        };
    }
    let mut out = run_module(&module, opts, effects);
    diags.append(&mut out.diagnostics);
    out.diagnostics = diags;
    out
}

/// Walks an already loaded root module.
pub fn run_module(module: &Module, opts: &Options<'_>, effects: &mut dyn Effects) -> Outcome {
    let mut w = Walker {
        opts,
        effects,
        diags: Vec::new(),
        changes: Vec::new(),
        instances: Vec::new(),
        prior: opts.prior.objects.clone(),
        previous: BTreeMap::new(),
        drift: Vec::new(),
        claimed: BTreeSet::new(),
        forget: BTreeSet::new(),
        destroy_removed: BTreeSet::new(),
        imports: BTreeMap::new(),
        stop: false,
    };
    // Root variables.
    let (given, mut gdiags) = if opts.walk == Walk::Validate {
        (Vec::new(), Vec::new())
    } else {
        inputs::gather(&module.dir, module, opts.vars, opts.env)
    };
    w.diags.append(&mut gdiags);
    if w.diags.iter().any(Diagnostic::is_error) {
        return w.finish(BTreeMap::new(), module);
    }
    let mut vars = BTreeMap::new();
    for v in &module.variables {
        let raw = given.iter().rev().find(|g| g.name == v.name);
        let value = w.root_variable(v, raw.map(|g| &g.raw));
        vars.insert(v.name.clone(), value);
    }
    if opts.walk != Walk::Validate && w.diags.iter().any(Diagnostic::is_error) {
        return w.finish(BTreeMap::new(), module);
    }
    if opts.walk == Walk::Plan {
        w.moves(module, "");
        if opts.refresh {
            w.refresh_all();
        }
    }
    let outputs = w.module(module, "", None, vars, 0);
    w.finish(outputs, module)
}

struct Walker<'o, 'e> {
    opts: &'o Options<'o>,
    effects: &'e mut dyn Effects,
    diags: Vec<Diagnostic>,
    changes: Vec<ResourceChange>,
    instances: Vec<Instance>,
    /// Prior objects after `moved` blocks and refreshing.
    prior: BTreeMap<String, PriorObject>,
    /// New address → address before a `moved` block.
    previous: BTreeMap<String, String>,
    drift: Vec<ResourceChange>,
    /// Prior addresses that the configuration still declares.
    claimed: BTreeSet<String>,
    forget: BTreeSet<String>,
    destroy_removed: BTreeSet<String>,
    /// Instance address → import id (from `import` blocks).
    imports: BTreeMap<String, (Expression, Origin)>,
    stop: bool,
}

/// The values one module instance has computed so far.
struct Frame<'m> {
    module: &'m Module,
    /// `""` for the root, `module.net.` (with the dot) inside a call.
    prefix: String,
    vars: BTreeMap<String, Value>,
    locals: BTreeMap<String, Value>,
    /// `aws_vpc.main` / `data.aws_region.current` → the whole resource's value.
    resources: BTreeMap<String, Value>,
    calls: BTreeMap<String, Value>,
    outputs: BTreeMap<String, Value>,
    root_dir: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Node {
    Var(usize),
    Local(usize),
    Res(usize),
    Call(usize),
    Output(usize),
}

fn diag_at(d: Diagnostic, origin: &Origin, span: Option<Range<usize>>) -> Diagnostic {
    match origin.file.range(&span.or_else(|| origin.span.clone())) {
        Some(r) => d.at(r),
        None => d,
    }
}

/// The header-only range of a block (its first line), for "Missing required argument".
fn header_span(o: &Origin) -> Option<Range<usize>> {
    let s = o.span.clone()?;
    let text = o.file.text.get(s.clone()).unwrap_or("");
    let end = text.find('{').unwrap_or(text.len());
    Some(s.start..s.start + end)
}

/// Reference roots that are not resource types.
const RESERVED: &[&str] = &[
    "var",
    "local",
    "module",
    "data",
    "count",
    "each",
    "path",
    "terraform",
    "self",
];

impl<'o, 'e> Walker<'o, 'e> {
    fn validate_only(&self) -> bool {
        self.opts.walk == Walk::Validate
    }

    fn err(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn eval_at(&mut self, e: &Expression, scope: &Scope, file: &SourceFile) -> Option<Value> {
        match eval(e, scope) {
            Ok(v) => Some(v),
            Err(err) => {
                self.diags.push(eval_diag(file, err));
                None
            }
        }
    }

    // ---- variables -------------------------------------------------------------

    fn var_type(&mut self, v: &config::Variable) -> Type {
        match &v.type_expr {
            None => Type::Any,
            Some(t) => match types::parse_type(t) {
                Ok(t) => t,
                Err(e) => {
                    self.diags.push(eval_diag(&v.origin.file, e));
                    Type::Any
                }
            },
        }
    }

    fn var_default(&mut self, v: &config::Variable, ty: &Type) -> Option<Value> {
        let d = v.default.as_ref()?;
        let val = self.eval_at(d, &Scope::new(), &v.origin.file.clone())?;
        match convert(val, ty) {
            Ok(x) => Some(x),
            Err(e) => {
                self.err(diag_at(
                    Diagnostic::error(
                        "Invalid default value for variable",
                        format!(
                            "This default value is not compatible with the variable's type constraint: {}.",
                            e.message
                        ),
                    ),
                    &v.origin,
                    d.span(),
                ));
                None
            }
        }
    }

    fn root_variable(&mut self, v: &config::Variable, raw: Option<&Raw>) -> Value {
        let ty = self.var_type(v);
        let default = self.var_default(v, &ty);
        let marks = Marks {
            sensitive: v.sensitive,
            ephemeral: v.ephemeral,
        };
        if self.validate_only() {
            let unknown = Value::Unknown.mark(marks);
            self.check_validations(v, &unknown);
            return unknown;
        }
        let value = match raw {
            None => match default {
                Some(d) => d,
                None if v.default.is_some() => return Value::Unknown.mark(marks),
                None => {
                    self.err(diag_at(
                        Diagnostic::error(
                            "No value for required variable",
                            format!(
                                "The root module input variable \"{}\" is not set, and has no default value. Use a -var or -var-file command line argument to provide a value for this variable.",
                                v.name
                            ),
                        ),
                        &v.origin,
                        header_span(&v.origin),
                    ));
                    return Value::Unknown.mark(marks);
                }
            },
            Some(raw) => {
                let parsed = match raw {
                    Raw::Text(t) => {
                        if matches!(ty, Type::String | Type::Number | Type::Bool | Type::Any) {
                            Ok(Value::String(t.clone()))
                        } else {
                            match hcl::edit::parser::parse_expr(t) {
                                Ok(e) => eval(&e, &Scope::new()).map_err(|e| e.detail),
                                Err(e) => Err(e.message().to_string()),
                            }
                        }
                    }
                    Raw::Expr(e, file) => match eval(e, &Scope::new()) {
                        Ok(x) => Ok(x),
                        Err(err) => {
                            self.diags.push(eval_diag(file, err));
                            return Value::Unknown.mark(marks);
                        }
                    },
                    Raw::Json(j) => Ok(Value::from_json(j)),
                };
                let converted = parsed.and_then(|x| convert(x, &ty).map_err(|e| e.message));
                match converted {
                    Ok(x) => x,
                    Err(msg) => {
                        self.err(Diagnostic::error(
                            "Invalid value for input variable",
                            format!(
                                "The given value is not suitable for var.{} declared at {}: {msg}.",
                                v.name,
                                v.origin.declared_at()
                            ),
                        ));
                        return Value::Unknown.mark(marks);
                    }
                }
            }
        };
        if value.is_null() && !v.nullable {
            self.err(Diagnostic::error(
                "Required variable not set",
                format!(
                    "Unsuitable value for var.{} set from outside of the configuration: required variable may not be set to null.",
                    v.name
                ),
            ));
        }
        let value = value.mark(marks);
        self.check_validations(v, &value);
        value
    }

    fn check_validations(&mut self, v: &config::Variable, value: &Value) {
        let scope = Scope::new().with(
            "var",
            Value::Object([(v.name.clone(), value.clone())].into()),
        );
        for rule in &v.validations {
            let Some(c) = self.eval_at(&rule.condition, &scope, &v.origin.file.clone()) else {
                continue;
            };
            let c = c.deep_unmark();
            match c {
                Value::Unknown => {}
                Value::Bool(true) => {}
                Value::Bool(false) => {
                    let msg = rule
                        .error_message
                        .as_ref()
                        .and_then(|m| eval(m, &scope).ok())
                        .map(|m| m.deep_unmark())
                        .and_then(|m| m.as_str().map(str::to_string))
                        .unwrap_or_default();
                    self.err(diag_at(
                        Diagnostic::error(
                            "Invalid value for variable",
                            format!(
                                "{msg}\n\nThis was checked by the validation rule at {}.",
                                rule.origin.declared_at()
                            ),
                        ),
                        &v.origin,
                        header_span(&v.origin),
                    ));
                }
                other => self.err(diag_at(
                    Diagnostic::error(
                        "Invalid variable validation result",
                        format!(
                            "The validation condition must return a bool, but it returned {}.",
                            other.type_name()
                        ),
                    ),
                    &rule.origin,
                    rule.condition.span(),
                )),
            }
        }
    }

    // ---- moved / removed / import / refresh -------------------------------------

    fn moves(&mut self, module: &Module, prefix: &str) {
        // Explicit `moved` blocks, in declaration order.
        for m in &module.moved {
            let from = format!("{prefix}{}", m.from);
            let to = format!("{prefix}{}", m.to);
            let keys: Vec<String> = self.prior.keys().cloned().collect();
            for addr in keys {
                let new = if addr == from {
                    Some(to.clone())
                } else if let Some(rest) = addr.strip_prefix(&from) {
                    if (rest.starts_with('[') && !from.ends_with(']'))
                        || (rest.starts_with('.') && from.starts_with("module."))
                    {
                        Some(format!("{to}{rest}"))
                    } else {
                        None
                    }
                } else {
                    None
                };
                if let Some(new) = new
                    && !self.prior.contains_key(&new)
                    && let Some(obj) = self.prior.remove(&addr)
                {
                    let original = self.previous.remove(&addr).unwrap_or(addr);
                    self.previous.insert(new.clone(), original);
                    self.prior.insert(new, obj);
                }
            }
        }
        // Implicit moves between `count` and no `count`: `a` ↔ `a[0]`.
        for r in &module.resources {
            let base = format!("{prefix}{}", r.address());
            if r.count.is_some() {
                let to = format!("{base}[0]");
                if !self.prior.contains_key(&to)
                    && let Some(obj) = self.prior.remove(&base)
                {
                    self.previous.insert(to.clone(), base.clone());
                    self.prior.insert(to, obj);
                }
            } else if r.for_each.is_none() {
                let from = format!("{base}[0]");
                if !self.prior.contains_key(&base)
                    && !self.prior.contains_key(&format!("{base}[1]"))
                    && let Some(obj) = self.prior.remove(&from)
                {
                    self.previous.insert(base.clone(), from);
                    self.prior.insert(base, obj);
                }
            }
        }
        for rm in &module.removed {
            let from = format!("{prefix}{}", rm.from);
            for addr in self.prior.keys() {
                if addr == &from || addr.strip_prefix(&from).is_some_and(|r| r.starts_with('[')) {
                    if rm.destroy {
                        self.destroy_removed.insert(addr.clone());
                    } else {
                        self.forget.insert(addr.clone());
                    }
                }
            }
        }
        for im in &module.imports {
            self.imports.insert(
                format!("{prefix}{}", im.to),
                (im.id.clone(), im.origin.clone()),
            );
        }
    }

    fn refresh_all(&mut self) {
        let addrs: Vec<String> = self.prior.keys().cloned().collect();
        for addr in addrs {
            let Some(obj) = self.prior.get(&addr).cloned() else {
                continue;
            };
            if obj.mode == Mode::Data {
                continue;
            }
            match self.effects.refresh(&addr, &obj.type_, &obj.value) {
                Some(now) if values_equal(&now.deep_unmark(), &obj.value.deep_unmark()) => {}
                Some(now) => {
                    self.drift
                        .push(drift_change(&addr, &obj, Action::Update, Some(now.clone())));
                    if let Some(o) = self.prior.get_mut(&addr) {
                        o.value = now;
                    }
                }
                None => {
                    self.drift
                        .push(drift_change(&addr, &obj, Action::Delete, None));
                    self.prior.remove(&addr);
                }
            }
        }
    }

    // ---- one module instance ----------------------------------------------------

    fn module(
        &mut self,
        module: &Module,
        prefix: &str,
        _call: Option<&config::ModuleCall>,
        vars: BTreeMap<String, Value>,
        depth: usize,
    ) -> BTreeMap<String, Value> {
        let mut f = Frame {
            module,
            prefix: prefix.to_string(),
            vars,
            locals: BTreeMap::new(),
            resources: BTreeMap::new(),
            calls: BTreeMap::new(),
            outputs: BTreeMap::new(),
            root_dir: module.dir.clone(),
        };
        // Nodes and their references.
        let mut nodes: Vec<Node> = Vec::new();
        nodes.extend((0..module.variables.len()).map(Node::Var));
        nodes.extend((0..module.locals.len()).map(Node::Local));
        nodes.extend((0..module.resources.len()).map(Node::Res));
        nodes.extend((0..module.module_calls.len()).map(Node::Call));
        nodes.extend((0..module.outputs.len()).map(Node::Output));
        let index_of = |n: Node| nodes.iter().position(|&x| x == n);
        let mut graph = Graph::new(nodes.len());
        let mut refs_of: Vec<Vec<Reference>> = Vec::with_capacity(nodes.len());
        let mut ok = true;
        for (i, n) in nodes.iter().enumerate() {
            let (refs, origin, counted, eached) = self.node_refs(module, *n);
            ok &= self.check_refs(module, &refs, &origin, counted, eached, *n);
            for r in &refs {
                if let Some(t) = target(module, r)
                    && let Some(j) = index_of(t)
                {
                    graph.add_edge(i, j);
                }
            }
            refs_of.push(refs);
        }
        if !ok {
            return BTreeMap::new();
        }
        let order = match graph.order() {
            Ok(o) => o,
            Err(cycles) => {
                for c in cycles {
                    if c.len() == 1
                        && let Node::Res(r) = nodes[c[0]]
                    {
                        let res = &module.resources[r];
                        self.err(diag_at(
                            Diagnostic::error(
                                "Self-referential block",
                                format!(
                                    "Configuration for {} may not refer to itself.",
                                    res.address()
                                ),
                            ),
                            &res.origin,
                            header_span(&res.origin),
                        ));
                        continue;
                    }
                    let names: Vec<String> = c
                        .iter()
                        .map(|&i| node_name(module, prefix, nodes[i]))
                        .collect();
                    self.err(Diagnostic::error(
                        format!("Cycle: {}", names.join(", ")),
                        "",
                    ));
                }
                return BTreeMap::new();
            }
        };
        for i in order {
            if self.stop {
                break;
            }
            let deps: Vec<String> = graph
                .needs_transitively(i)
                .into_iter()
                .filter_map(|j| match nodes[j] {
                    Node::Res(r) => Some(format!("{prefix}{}", module.resources[r].address())),
                    _ => None,
                })
                .collect();
            match nodes[i] {
                Node::Var(_) => {}
                Node::Local(l) => {
                    let local = &module.locals[l];
                    let scope = f.scope(&refs_of[i], None, None);
                    let v = self
                        .eval_at(&local.expr, &scope, &local.origin.file.clone())
                        .unwrap_or(Value::Unknown);
                    f.locals.insert(local.name.clone(), v);
                }
                Node::Res(r) => {
                    let res = &module.resources[r];
                    let v = self.resource(&mut f, res, &refs_of[i], deps);
                    f.resources.insert(res.address(), v);
                }
                Node::Call(c) => {
                    let call = &module.module_calls[c];
                    let v = self.call(&f, call, &refs_of[i], depth);
                    f.calls.insert(call.name.clone(), v);
                }
                Node::Output(o) => {
                    let out = &module.outputs[o];
                    let scope = f.scope(&refs_of[i], None, None);
                    let v = match &out.value {
                        Some(e) => self
                            .eval_at(e, &scope, &out.origin.file.clone())
                            .unwrap_or(Value::Unknown),
                        None => Value::Null,
                    };
                    let marks = v.deep_marks();
                    if prefix.is_empty() && marks.sensitive && !out.sensitive {
                        self.err(diag_at(
                            Diagnostic::error(
                                "Output refers to sensitive values",
                                "To reduce the risk of accidentally exporting sensitive data that was intended to be only internal, Terraform requires that any root module output containing sensitive data be explicitly marked as sensitive, to confirm your intent.\n\nIf you do intend to export this data, annotate the output value as sensitive by adding the following argument:\n    sensitive = true",
                            ),
                            &out.origin,
                            header_span(&out.origin),
                        ));
                    }
                    if marks.ephemeral && !out.ephemeral {
                        self.err(diag_at(
                            Diagnostic::error(
                                "Ephemeral value not allowed",
                                "This output value is not declared as returning an ephemeral value, so it cannot be set to a result derived from an ephemeral value.",
                            ),
                            &out.origin,
                            out.value.as_ref().and_then(|e| e.span()),
                        ));
                    }
                    let v = if out.sensitive { v.sensitive() } else { v };
                    f.outputs.insert(out.name.clone(), v);
                }
            }
        }
        f.outputs
    }

    /// References of one node, its origin, and whether `count` / `each` are available.
    fn node_refs(&self, module: &Module, n: Node) -> (Vec<Reference>, Origin, bool, bool) {
        match n {
            Node::Var(v) => {
                let var = &module.variables[v];
                (Vec::new(), var.origin.clone(), false, false)
            }
            Node::Local(l) => {
                let local = &module.locals[l];
                (references(&local.expr), local.origin.clone(), false, false)
            }
            Node::Res(r) => {
                let res = &module.resources[r];
                let mut refs = Vec::new();
                for e in [&res.count, &res.for_each, &res.depends_on]
                    .into_iter()
                    .flatten()
                {
                    refs.extend(references(e));
                }
                if let Some(e) = &res.lifecycle.replace_triggered_by {
                    refs.extend(references(e));
                }
                for c in res
                    .lifecycle
                    .preconditions
                    .iter()
                    .chain(&res.lifecycle.postconditions)
                {
                    refs.extend(references(&c.condition));
                }
                body_refs(&res.body, &mut Vec::new(), &mut refs, 0);
                // `self` is only for postconditions and provisioners.
                refs.retain(|r| r.root != "self");
                (
                    refs,
                    res.origin.clone(),
                    res.count.is_some(),
                    res.for_each.is_some(),
                )
            }
            Node::Call(c) => {
                let call = &module.module_calls[c];
                let mut refs = Vec::new();
                for e in [&call.count, &call.for_each, &call.depends_on]
                    .into_iter()
                    .flatten()
                {
                    refs.extend(references(e));
                }
                for (e, _) in call.inputs.values() {
                    refs.extend(references(e));
                }
                (
                    refs,
                    call.origin.clone(),
                    call.count.is_some(),
                    call.for_each.is_some(),
                )
            }
            Node::Output(o) => {
                let out = &module.outputs[o];
                let mut refs = Vec::new();
                if let Some(e) = &out.value {
                    refs.extend(references(e));
                }
                for c in &out.preconditions {
                    refs.extend(references(&c.condition));
                }
                (refs, out.origin.clone(), false, false)
            }
        }
    }

    /// Terraform's static reference checks; false when one failed.
    fn check_refs(
        &mut self,
        module: &Module,
        refs: &[Reference],
        origin: &Origin,
        counted: bool,
        eached: bool,
        node: Node,
    ) -> bool {
        let mut ok = true;
        for r in refs {
            let attr = |i: usize| match r.steps.get(i) {
                Some(RefStep::Attr(a)) => Some(a.as_str()),
                _ => None,
            };
            let mut fail = |s: &mut Self, summary: &str, detail: String| {
                s.err(diag_at(
                    Diagnostic::error(summary, detail),
                    origin,
                    r.span.clone(),
                ));
                ok = false;
            };
            match r.root.as_str() {
                "var" => {
                    if let Some(n) = attr(0)
                        && module.variable(n).is_none()
                    {
                        fail(
                            self,
                            "Reference to undeclared input variable",
                            format!(
                                "An input variable with the name \"{n}\" has not been declared. This variable can be declared with a variable \"{n}\" {{}} block."
                            ),
                        );
                    }
                }
                "local" => {
                    if let Some(n) = attr(0)
                        && !module.locals.iter().any(|l| l.name == n)
                    {
                        fail(
                            self,
                            "Reference to undeclared local value",
                            format!("A local value with the name \"{n}\" has not been declared."),
                        );
                    }
                }
                "module" => {
                    if let Some(n) = attr(0)
                        && !module.module_calls.iter().any(|c| c.name == n)
                    {
                        fail(
                            self,
                            "Reference to undeclared module",
                            format!("No module call named \"{n}\" is declared in the root module."),
                        );
                    }
                }
                "count" => {
                    if !counted {
                        fail(self, "Reference to \"count\" in non-counted context", "The \"count\" object can only be used in \"module\", \"resource\", and \"data\" blocks, and only when the \"count\" argument is set.".to_string());
                    }
                }
                "each" => {
                    if !eached {
                        fail(self, "Reference to \"each\" in context without for_each", "The \"each\" object can be used only in \"module\" or \"resource\" blocks, and only when the \"for_each\" argument is set.".to_string());
                    }
                }
                "path" | "terraform" | "self" => {}
                root => {
                    let (mode, type_, name, rest) = if root == "data" {
                        match (attr(0), attr(1)) {
                            (Some(t), Some(n)) => (Mode::Data, t, n, 2),
                            _ => continue,
                        }
                    } else {
                        match attr(0) {
                            Some(n) => (Mode::Managed, root, n, 1),
                            None => continue,
                        }
                    };
                    let Some(res) = module.resource(mode, type_, name) else {
                        let what = if mode == Mode::Data {
                            "A data resource"
                        } else {
                            "A managed resource"
                        };
                        fail(
                            self,
                            "Reference to undeclared resource",
                            format!(
                                "{what} \"{type_}\" \"{name}\" has not been declared in the root module."
                            ),
                        );
                        continue;
                    };
                    let mut i = rest;
                    let expanded = res.count.is_some() || res.for_each.is_some();
                    if expanded {
                        match r.steps.get(i) {
                            Some(RefStep::Index(_)) => i += 1,
                            Some(RefStep::Attr(_)) => {
                                let (arg, key) = if res.count.is_some() {
                                    ("count", "count.index")
                                } else {
                                    ("for_each", "each.key")
                                };
                                let addr = res.address();
                                fail(
                                    self,
                                    "Missing resource instance key",
                                    format!(
                                        "Because {addr} has \"{arg}\" set, its attributes must be accessed on specific instances.\n\nFor example, to correlate with indices of a referring resource, use:\n    {addr}[{key}]"
                                    ),
                                );
                                continue;
                            }
                            _ => continue,
                        }
                    }
                    if let Some(a) = attr(i) {
                        let sch = match mode {
                            Mode::Managed => schema::resource(type_),
                            Mode::Data => schema::data_source(type_),
                        };
                        if let Some(s) = sch
                            && !s.attributes.contains_key(a)
                            && !s.blocks.contains_key(a)
                        {
                            let hint = schema::suggest(a, s.names())
                                .map(|m| format!(" Did you mean \"{m}\"?"))
                                .unwrap_or_default();
                            fail(
                                self,
                                "Unsupported attribute",
                                format!(
                                    "This object has no argument, nested block, or exported attribute named \"{a}\".{hint}"
                                ),
                            );
                        }
                    }
                    if let Node::Res(me) = node
                        && module.resources[me].mode == mode
                        && module.resources[me].type_ == type_
                        && module.resources[me].name == name
                    {
                        // Reported as "Self-referential block" by the cycle check.
                    }
                }
            }
        }
        ok
    }

    // ---- resources ----------------------------------------------------------------

    fn expand(
        &mut self,
        f: &Frame<'_>,
        count: Option<&Expression>,
        for_each: Option<&Expression>,
        refs: &[Reference],
        origin: &Origin,
    ) -> Result<Expansion, ()> {
        if let Some(c) = count {
            let scope = f.scope(refs, None, None);
            let Some(v) = self.eval_at(c, &scope, &origin.file.clone()) else {
                return Err(());
            };
            let (v, marks) = v.deep_unmark().unmark();
            let bad = |s: &mut Self, detail: &str| {
                s.err(diag_at(
                    Diagnostic::error("Invalid count argument", detail),
                    origin,
                    c.span(),
                ));
                Err(())
            };
            if marks.sensitive {
                return bad(
                    self,
                    "The given \"count\" is derived from a sensitive value.",
                );
            }
            return match v {
                Value::Unknown if self.validate_only() => Ok(None),
                Value::Unknown => bad(
                    self,
                    "The \"count\" value depends on resource attributes that cannot be determined until apply, so Terraform cannot predict how many instances will be created. To work around this, use the -target argument to first apply only the resources that the count depends on.",
                ),
                Value::Null => bad(
                    self,
                    "The given \"count\" argument value is null. An integer is required.",
                ),
                other => match convert(other, &Type::Number)
                    .ok()
                    .and_then(|n| n.as_number())
                {
                    Some(n) if n.fract() != 0.0 => bad(
                        self,
                        "The given \"count\" argument value is unsuitable: value must be a whole number.",
                    ),
                    Some(n) if n < 0.0 => bad(
                        self,
                        "The given \"count\" argument value is unsuitable: must be greater than or equal to zero.",
                    ),
                    Some(n) if n as usize > MAX_INSTANCES => bad(
                        self,
                        &format!(
                            "The given \"count\" is {n}; the lab plans at most {MAX_INSTANCES} instances of one resource."
                        ),
                    ),
                    Some(n) => Ok(Some(
                        (0..n as i64).map(|i| (InstanceKey::Int(i), None)).collect(),
                    )),
                    None => bad(
                        self,
                        "The given \"count\" argument value is unsuitable: number required.",
                    ),
                },
            };
        }
        let Some(fe) = for_each else {
            return Ok(Some(Vec::new()));
        };
        let scope = f.scope(refs, None, None);
        let Some(mut v) = self.eval_at(fe, &scope, &origin.file.clone()) else {
            return Err(());
        };
        // Terraform's unknowns have types: `for_each = var.names` of a list type is
        // refused even by validate. The lab's unknowns have none, so it asks the
        // declaration.
        if v.is_unknown()
            && let Some(t) = declared_type_of(f.module, fe)
            && matches!(
                t,
                Type::List(_) | Type::Tuple(_) | Type::String | Type::Number | Type::Bool
            )
        {
            v = Value::Unknown;
            let name = t.friendly();
            self.err(diag_at(
                Diagnostic::error("Invalid for_each argument", format!("The given \"for_each\" argument value is unsuitable: the \"for_each\" argument must be a map, or set of strings, and you have provided a value of type {name}.")),
                origin,
                fe.span(),
            ));
            let _ = v;
            return Err(());
        }
        let bad = |s: &mut Self, detail: String| {
            s.err(diag_at(
                Diagnostic::error("Invalid for_each argument", detail),
                origin,
                fe.span(),
            ));
            Err(())
        };
        let (v, marks) = v.unmark();
        if marks.sensitive {
            return bad(self, "Sensitive values, or values derived from sensitive values, cannot be used as for_each arguments. If used, the sensitive value could be exposed as a resource instance key.".into());
        }
        let unknown_keys = "The \"for_each\" set includes values derived from resource attributes that cannot be determined until apply, and so Terraform cannot determine the full set of keys that will identify the instances of this resource.";
        let keys = match v {
            Value::Unknown if self.validate_only() => return Ok(None),
            Value::Unknown => {
                return bad(self, unknown_keys.into());
            }
            Value::Null => {
                return bad(
                    self,
                    "The given \"for_each\" argument value is null. A map, or set of strings is allowed.".into(),
                );
            }
            Value::Map(m) | Value::Object(m) => m
                .into_iter()
                .map(|(k, x)| (InstanceKey::Str(k), Some(x)))
                .collect::<Vec<_>>(),
            Value::Set(items) => {
                let mut out = Vec::new();
                for it in items {
                    match it.deep_unmark() {
                        Value::String(s) => out.push((InstanceKey::Str(s.clone()), Some(Value::String(s)))),
                        Value::Unknown if self.validate_only() => return Ok(None),
                        Value::Unknown => return bad(self, unknown_keys.into()),
                        Value::Null => return bad(self, "The given \"for_each\" argument value is unsuitable: \"for_each\" sets must not contain null values.".into()),
                        other => return bad(self, format!("The given \"for_each\" argument value is unsuitable: \"for_each\" supports maps and sets of strings, but you have provided a set containing type {}.", other.type_name())),
                    }
                }
                out
            }
            other => {
                let t = match &other {
                    Value::Tuple(items) => format!(
                        "tuple with {} element{}",
                        items.len(),
                        if items.len() == 1 { "" } else { "s" }
                    ),
                    o => o.type_name(),
                };
                return bad(
                    self,
                    format!(
                        "The given \"for_each\" argument value is unsuitable: the \"for_each\" argument must be a map, or set of strings, and you have provided a value of type {t}."
                    ),
                );
            }
        };
        if keys.len() > MAX_INSTANCES {
            return bad(
                self,
                format!(
                    "The given \"for_each\" has {} elements; the lab plans at most {MAX_INSTANCES} instances of one resource.",
                    keys.len()
                ),
            );
        }
        Ok(Some(keys))
    }

    fn resource(
        &mut self,
        f: &mut Frame<'_>,
        res: &Resource,
        refs: &[Reference],
        deps: Vec<String>,
    ) -> Value {
        let prefix = f.prefix.clone();
        let base = format!("{prefix}{}", res.address());
        let sch = match res.mode {
            Mode::Managed => schema::resource(&res.type_),
            Mode::Data => schema::data_source(&res.type_),
        };
        if sch.is_none() && !self.unknown_type(res) {
            return Value::Unknown;
        }
        let keyed = res.count.is_some() || res.for_each.is_some();
        let expansion = match self.expand(
            f,
            res.count.as_ref(),
            res.for_each.as_ref(),
            refs,
            &res.origin,
        ) {
            Ok(x) => x,
            Err(()) => {
                self.stop_plan();
                return Value::Unknown;
            }
        };
        let lit =
            |e: &Option<Expression>| e.as_ref().and_then(config::literal_bool).unwrap_or(false);
        let prevent_destroy = lit(&res.lifecycle.prevent_destroy);
        let cbd = lit(&res.lifecycle.create_before_destroy);
        // Validate: one representative instance with unknown keys.
        let Some(keys) = expansion else {
            let scope = f.scope(
                refs,
                res.count.as_ref().map(|_| Value::Unknown),
                res.for_each
                    .as_ref()
                    .map(|_| (Value::Unknown, Value::Unknown)),
            );
            let _ = self.decode(res, sch, &scope);
            return Value::Unknown;
        };
        let instances: Vec<(Option<InstanceKey>, Option<Value>)> = if keyed {
            keys.into_iter().map(|(k, v)| (Some(k), v)).collect()
        } else {
            vec![(None, None)]
        };
        let mut whole_list = Vec::new();
        let mut whole_map = BTreeMap::new();
        // Once per resource, not per instance: it scans the file for line numbers.
        let declared_at = res.origin.declared_at();
        for (key, each_value) in instances {
            let address = format!(
                "{base}{}",
                key.as_ref().map(InstanceKey::suffix).unwrap_or_default()
            );
            let count = match &key {
                Some(InstanceKey::Int(i)) if res.count.is_some() => Some(Value::Number(*i as f64)),
                _ => None,
            };
            let each = match (&key, each_value) {
                (Some(InstanceKey::Str(k)), Some(v)) => Some((Value::String(k.clone()), v)),
                _ => None,
            };
            let scope = f.scope(refs, count, each);
            let config = self.decode(res, sch, &scope);
            let value = if self.validate_only() {
                Value::Unknown
            } else {
                match res.mode {
                    Mode::Data => {
                        self.plan_data(res, &address, &prefix, &key, sch, config.clone(), &deps)
                    }
                    Mode::Managed => self.plan_managed(
                        res,
                        &address,
                        &prefix,
                        &key,
                        sch,
                        &config,
                        &scope,
                        prevent_destroy,
                        cbd,
                    ),
                }
            };
            self.instances.push(Instance {
                address: address.clone(),
                mode: res.mode,
                type_: res.type_.clone(),
                name: res.name.clone(),
                module_address: module_address(&prefix),
                key: key.clone(),
                config,
                value: value.clone(),
                dependencies: deps.clone(),
                create_before_destroy: cbd,
                declared_at: declared_at.clone(),
            });
            match key {
                Some(InstanceKey::Str(k)) => {
                    whole_map.insert(k, value);
                }
                _ => whole_list.push(value),
            }
        }
        if self.validate_only() {
            return Value::Unknown;
        }
        if res.for_each.is_some() {
            Value::Object(whole_map)
        } else if res.count.is_some() {
            Value::Tuple(whole_list)
        } else {
            whole_list.pop().unwrap_or(Value::Null)
        }
    }

    /// A resource type outside the schema: Terraform's error when it looks like a typo
    /// of a type the lab knows, else a note and a generic plan. True to go on.
    fn unknown_type(&mut self, res: &Resource) -> bool {
        let (known, word): (Vec<&str>, &str) = match res.mode {
            Mode::Managed => (schema::resource_types().collect(), "resource type"),
            Mode::Data => (schema::data_source_types().collect(), "data source"),
        };
        if let Some(m) = schema::suggest(&res.type_, known.iter().copied()) {
            self.err(diag_at(
                Diagnostic::error(
                    if res.mode == Mode::Managed {
                        "Invalid resource type"
                    } else {
                        "Invalid data source"
                    },
                    format!(
                        "The provider hashicorp/aws does not support {word} \"{}\". Did you mean \"{m}\"?",
                        res.type_
                    ),
                ),
                &res.origin,
                header_span(&res.origin),
            ));
            self.stop_plan();
            return false;
        }
        if !self.diags.iter().any(|d| {
            d.summary == "Resource type not in the lab's schema"
                && d.detail.contains(&format!("\"{}\"", res.type_))
        }) {
            self.err(diag_at(
                Diagnostic::warning(
                    "Resource type not in the lab's schema",
                    format!(
                        "The lab knows the schema of {} AWS resource types; \"{}\" is not one of them, so its arguments are not checked and it is planned generically (every attribute you do not set is \"known after apply\").",
                        known.len(),
                        res.type_
                    ),
                ),
                &res.origin,
                header_span(&res.origin),
            ));
        }
        true
    }

    fn stop_plan(&mut self) {
        if !self.validate_only() {
            self.stop = true;
        }
    }

    fn decode(&mut self, res: &Resource, sch: Option<&BlockSchema>, scope: &Scope) -> Value {
        let mut d = Decoder {
            type_: &res.type_,
            file: &res.origin.file,
            diags: &mut self.diags,
        };
        let v = d.body(&res.body, sch, scope, header_span(&res.origin));
        // Arguments the schema marks sensitive are sensitive values.
        match (sch, v) {
            (Some(s), Value::Object(mut m)) => {
                for (k, a) in &s.attributes {
                    if a.sensitive
                        && let Some(x) = m.remove(k)
                    {
                        let x = if x.is_null() { x } else { x.sensitive() };
                        m.insert(k.clone(), x);
                    }
                }
                Value::Object(m)
            }
            (_, v) => v,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn plan_data(
        &mut self,
        res: &Resource,
        address: &str,
        prefix: &str,
        key: &Option<InstanceKey>,
        sch: Option<&BlockSchema>,
        config: Value,
        deps: &[String],
    ) -> Value {
        let depends_on_changes = res.depends_on.is_some()
            && self.changes.iter().any(|c| {
                deps.iter().any(|d| c.address.starts_with(d.as_str())) && c.action != Action::NoOp
            });
        if !config.has_unknown() && !depends_on_changes {
            match self.effects.read_data(&res.type_, &config) {
                Some(Ok(v)) => return v,
                Some(Err(msg)) => {
                    self.err(diag_at(
                        Diagnostic::error(format!("reading {}", res.type_), msg),
                        &res.origin,
                        header_span(&res.origin),
                    ));
                    self.stop_plan();
                    return Value::Unknown;
                }
                None => {}
            }
        }
        let after = propose(sch, &res.type_, &config, None);
        self.changes.push(ResourceChange {
            address: address.to_string(),
            module_address: module_address(prefix),
            mode: Mode::Data,
            type_: res.type_.clone(),
            name: res.name.clone(),
            index: key.clone(),
            provider_name: provider_name(&res.type_),
            action: Action::Read,
            before: None,
            after: Some(after.clone()),
            replace_paths: Vec::new(),
            action_reason: Some(if depends_on_changes {
                "read_because_dependency_pending".into()
            } else {
                "read_because_config_unknown".into()
            }),
            previous_address: None,
            importing_id: None,
            why: Vec::new(),
        });
        after
    }

    #[allow(clippy::too_many_arguments)]
    fn plan_managed(
        &mut self,
        res: &Resource,
        address: &str,
        prefix: &str,
        key: &Option<InstanceKey>,
        sch: Option<&BlockSchema>,
        config: &Value,
        scope: &Scope,
        prevent_destroy: bool,
        cbd: bool,
    ) -> Value {
        let mut importing_id = None;
        let mut prior = self.prior.get(address).map(|p| p.value.clone());
        if self.prior.contains_key(address) {
            self.claimed.insert(address.to_string());
        }
        if prior.is_none()
            && let Some((id_expr, origin)) = self.imports.get(address).cloned()
        {
            let id = self
                .eval_at(&id_expr, scope, &origin.file.clone())
                .map(|v| v.deep_unmark());
            match id.as_ref().and_then(|v| v.as_str()) {
                Some(id) => match self.effects.import(&res.type_, id) {
                    Ok(v) => {
                        prior = Some(v);
                        importing_id = Some(id.to_string());
                    }
                    Err(_) => {
                        let _ = &origin;
                        self.err(
                            Diagnostic::error(
                                "Cannot import non-existent remote object",
                                format!("While attempting to import an existing object to \"{address}\", the provider detected that no object exists with the given id. Only pre-existing objects can be imported; check that the id is correct and that it is associated with the provider's configured region or endpoint, or use \"terraform apply\" to create a new remote object for this resource."),
                            ));
                        self.stop = true;
                        return Value::Unknown;
                    }
                },
                None => {
                    self.err(diag_at(
                        Diagnostic::error(
                            "Invalid import id argument",
                            "The import ID cannot be unknown: it must be known during planning.",
                        ),
                        &origin,
                        id_expr.span(),
                    ));
                    self.stop = true;
                    return Value::Unknown;
                }
            }
        }
        let ignore = ignore_paths(&res.lifecycle.ignore_changes);
        let mut action;
        let mut replace_paths = Vec::new();
        let mut why = Vec::new();
        let mut reason = None;
        let after;
        match &prior {
            None => {
                action = Action::Create;
                after = propose(sch, &res.type_, config, None);
            }
            Some(p) => {
                let mut cfg = config.clone();
                apply_ignore(&mut cfg, p, &ignore);
                let proposed = propose(sch, &res.type_, &cfg, Some(p));
                let (changed, same) = changed_attrs_split(sch, &proposed, p);
                // No change: the planned object keeps the prior's values where they only
                // differ from the defaults as null against zero.
                let proposed = keep_prior(proposed, p, &same);
                let forcing: Vec<String> = changed
                    .iter()
                    .filter(|k| forces_new(sch, &res.type_, k, &proposed, p))
                    .cloned()
                    .collect();
                let triggered = self.triggered(res, scope);
                if changed.is_empty() && triggered.is_none() {
                    action = Action::NoOp;
                    after = proposed;
                } else if forcing.is_empty() && triggered.is_none() {
                    action = Action::Update;
                    after = proposed;
                } else {
                    action = if cbd {
                        Action::CreateThenDelete
                    } else {
                        Action::DeleteThenCreate
                    };
                    after = propose(sch, &res.type_, &cfg, None);
                    if let Some(t) = triggered {
                        reason = Some("replace_by_triggers".to_string());
                        why.push(format!(
                            "lifecycle.replace_triggered_by: {t} changed, so this resource is replaced too"
                        ));
                    } else {
                        reason = Some("replace_because_cannot_update".to_string());
                    }
                    for k in &forcing {
                        replace_paths.push(vec![PathStep::Attr(k.clone())]);
                        why.push(replacement_why(&res.type_, k));
                    }
                }
            }
        }
        if importing_id.is_some() && action == Action::NoOp {
            action = Action::NoOp;
        }
        if prevent_destroy && (action.is_replace() || action == Action::Delete) {
            self.prevent_destroy_error(res, address);
            return after;
        }
        let change = ResourceChange {
            address: address.to_string(),
            module_address: module_address(prefix),
            mode: Mode::Managed,
            type_: res.type_.clone(),
            name: res.name.clone(),
            index: key.clone(),
            provider_name: provider_name(&res.type_),
            action,
            before: prior.clone(),
            after: Some(after.clone()),
            replace_paths,
            action_reason: reason,
            previous_address: self.previous.get(address).cloned(),
            importing_id,
            why,
        };
        let seen = match self.effects.change(&change) {
            Ok(v) => v.unwrap_or(Value::Null),
            Err(d) => {
                self.err(d);
                self.stop = true;
                after
            }
        };
        self.changes.push(change);
        seen
    }

    fn prevent_destroy_error(&mut self, res: &Resource, address: &str) {
        self.err(diag_at(
            Diagnostic::error(
                "Instance cannot be destroyed",
                format!("Resource {address} has lifecycle.prevent_destroy set, but the plan calls for this resource to be destroyed. To avoid this error and continue with the plan, either disable lifecycle.prevent_destroy or reduce the scope of the plan using the -target option."),
            ),
            &res.origin,
            header_span(&res.origin),
        ));
        self.stop = true;
    }

    /// The first `replace_triggered_by` reference whose target changes in this plan.
    fn triggered(&self, res: &Resource, scope: &Scope) -> Option<String> {
        let e = res.lifecycle.replace_triggered_by.as_ref()?;
        let _ = scope;
        for r in references(e) {
            let mut addr = r.root.clone();
            let mut attr = None;
            for (i, s) in r.steps.iter().enumerate() {
                match s {
                    RefStep::Attr(a) if i == 0 => addr = format!("{addr}.{a}"),
                    RefStep::Attr(a) if attr.is_none() => attr = Some(a.clone()),
                    _ => {}
                }
            }
            for c in &self.changes {
                let base = c.address.split('[').next().unwrap_or(&c.address);
                if base != addr {
                    continue;
                }
                let hit = match &attr {
                    None => matches!(
                        c.action,
                        Action::Update | Action::DeleteThenCreate | Action::CreateThenDelete
                    ),
                    Some(a) => {
                        let get = |v: &Option<Value>| {
                            v.as_ref()
                                .and_then(|v| v.peel().as_map().and_then(|m| m.get(a)).cloned())
                        };
                        c.action != Action::NoOp
                            && c.action != Action::Create
                            && !matches!((get(&c.before), get(&c.after)), (Some(x), Some(y)) if values_equal(&x.deep_unmark(), &y.deep_unmark()))
                    }
                };
                if hit {
                    return Some(match &attr {
                        Some(a) => format!("{addr}.{a}"),
                        None => addr,
                    });
                }
            }
        }
        None
    }

    // ---- module calls -----------------------------------------------------------------

    fn call(
        &mut self,
        f: &Frame<'_>,
        call: &config::ModuleCall,
        refs: &[Reference],
        depth: usize,
    ) -> Value {
        let src = &call.source;
        if !(src.starts_with("./") || src.starts_with("../")) {
            self.err(diag_at(
                Diagnostic::error(
                    "Module not installed",
                    "This module is not yet installed. Run \"terraform init\" to install all modules required by this configuration.\n\nThe lab runs offline and has no registry: it can use local modules (a source starting with \"./\" or \"../\").",
                ),
                &call.origin,
                header_span(&call.origin),
            ));
            self.stop_plan();
            return Value::Unknown;
        }
        if depth >= MAX_MODULE_DEPTH {
            self.err(diag_at(
                Diagnostic::error(
                    "Module nesting too deep",
                    format!("Modules call each other more than {MAX_MODULE_DEPTH} levels deep; a module that calls itself never ends."),
                ),
                &call.origin,
                header_span(&call.origin),
            ));
            self.stop = true;
            return Value::Unknown;
        }
        let loaded = match &f.module.sources {
            Some(set) => config::normalize(&f.module.dir.join(src)).and_then(|d| set.module(&d)),
            None => {
                let dir = f.module.dir.join(src);
                dir.is_dir().then(|| config::load_module(&dir, &f.root_dir))
            }
        };
        let Some((child, mut cd)) = loaded else {
            self.err(diag_at(
                Diagnostic::error(
                    "Module not installed",
                    format!("This module's local cache directory {src} could not be read. Run \"terraform init\" to install all modules required by this configuration."),
                ),
                &call.origin,
                header_span(&call.origin),
            ));
            self.stop_plan();
            return Value::Unknown;
        };
        let failed = cd.iter().any(Diagnostic::is_error);
        self.diags.append(&mut cd);
        if failed {
            self.stop_plan();
            return Value::Unknown;
        }
        // Inputs against the child's variables.
        let mut ok = true;
        for (k, (_, origin)) in &call.inputs {
            if child.variable(k).is_none() {
                let hint = schema::suggest(k, child.variables.iter().map(|v| v.name.as_str()))
                    .map(|m| format!(" Did you mean \"{m}\"?"))
                    .unwrap_or_default();
                self.err(diag_at(
                    Diagnostic::error(
                        "Unsupported argument",
                        format!("An argument named \"{k}\" is not expected here.{hint}"),
                    ),
                    origin,
                    None,
                ));
                ok = false;
            }
        }
        for v in &child.variables {
            if v.default.is_none() && !call.inputs.contains_key(&v.name) {
                self.err(diag_at(
                    Diagnostic::error(
                        "Missing required argument",
                        format!(
                            "The argument \"{}\" is required, but no definition was found.",
                            v.name
                        ),
                    ),
                    &call.origin,
                    header_span(&call.origin),
                ));
                ok = false;
            }
        }
        if !ok {
            self.stop_plan();
            return Value::Unknown;
        }
        let keyed = call.count.is_some() || call.for_each.is_some();
        let expansion = match self.expand(
            f,
            call.count.as_ref(),
            call.for_each.as_ref(),
            refs,
            &call.origin,
        ) {
            Ok(x) => x,
            Err(()) => {
                self.stop_plan();
                return Value::Unknown;
            }
        };
        let instances: Vec<(Option<InstanceKey>, Option<Value>)> = match expansion {
            None => vec![(None, None)],
            Some(keys) if keyed => keys.into_iter().map(|(k, v)| (Some(k), v)).collect(),
            Some(_) => vec![(None, None)],
        };
        let mut list = Vec::new();
        let mut map = BTreeMap::new();
        for (key, each_value) in instances {
            let count = match &key {
                Some(InstanceKey::Int(i)) => Some(Value::Number(*i as f64)),
                _ if call.count.is_some() => Some(Value::Unknown),
                _ => None,
            };
            let each = match (&key, each_value) {
                (Some(InstanceKey::Str(k)), Some(v)) => Some((Value::String(k.clone()), v)),
                _ if call.for_each.is_some() => Some((Value::Unknown, Value::Unknown)),
                _ => None,
            };
            let scope = f.scope(refs, count, each);
            let mut vars = BTreeMap::new();
            for v in &child.variables {
                let ty = self.var_type(v);
                let marks = Marks {
                    sensitive: v.sensitive,
                    ephemeral: v.ephemeral,
                };
                let value = match call.inputs.get(&v.name) {
                    Some((e, origin)) => {
                        match self.eval_at(e, &scope, &origin.file.clone()) {
                            Some(x) => match convert(x, &ty) {
                                Ok(x) => x,
                                Err(err) => {
                                    self.err(diag_at(
                                        Diagnostic::error(
                                            "Invalid value for input variable",
                                            format!(
                                                "The given value is not suitable for module.{}.var.{} declared at {}: {}.",
                                                call.name, v.name, v.origin.declared_at(), err.message
                                            ),
                                        ),
                                        origin,
                                        e.span(),
                                    ));
                                    Value::Unknown
                                }
                            },
                            None => Value::Unknown,
                        }
                    }
                    None => self.var_default(v, &ty).unwrap_or(Value::Null),
                }
                .mark(marks);
                if !self.validate_only() {
                    self.check_validations(v, &value);
                }
                vars.insert(v.name.clone(), value);
            }
            let child_prefix = format!(
                "{}module.{}{}.",
                f.prefix,
                call.name,
                key.as_ref().map(InstanceKey::suffix).unwrap_or_default()
            );
            if self.opts.walk == Walk::Plan {
                self.moves(&child, &child_prefix);
            }
            let outs = self.module(&child, &child_prefix, Some(call), vars, depth + 1);
            // Every declared output is an attribute, unknown when not computed.
            let mut obj: BTreeMap<String, Value> = child
                .outputs
                .iter()
                .map(|o| (o.name.clone(), Value::Unknown))
                .collect();
            obj.extend(outs);
            match key {
                Some(InstanceKey::Str(k)) => {
                    map.insert(k, Value::Object(obj));
                }
                _ => list.push(Value::Object(obj)),
            }
        }
        if call.for_each.is_some() && !self.validate_only() {
            Value::Object(map)
        } else if call.count.is_some() && !self.validate_only() {
            Value::Tuple(list)
        } else if keyed {
            Value::Unknown
        } else {
            list.pop().unwrap_or(Value::Null)
        }
    }

    // ---- the end of the walk ------------------------------------------------------------

    fn finish(mut self, outputs: BTreeMap<String, Value>, root: &Module) -> Outcome {
        let walk = self.opts.walk;
        let mut plan = Plan {
            destroy: walk == Walk::Destroy,
            ..Plan::default()
        };
        let errors = self.diags.iter().any(Diagnostic::is_error);
        if walk == Walk::Destroy && !errors {
            self.destroy_all(root);
        } else if walk == Walk::Plan && !errors && !self.stop {
            self.orphans(root);
        }
        let errors = self.diags.iter().any(Diagnostic::is_error);
        if !self.forget.is_empty() && !errors {
            let list: Vec<String> = self.forget.iter().map(|a| format!(" - {a}")).collect();
            self.diags.push(Diagnostic::warning(
                "Some objects will no longer be managed by Terraform",
                format!(
                    "If you apply this plan, Terraform will discard its tracking information for the following objects, but it will not delete them:\n{}\n\nAfter applying this plan, Terraform will no longer manage these objects. You will need to import them into Terraform to manage them again.",
                    list.join("\n")
                ),
            ));
        }

        if walk != Walk::Validate && !errors {
            for o in &root.outputs {
                let before = self.opts.prior.outputs.get(&o.name).cloned();
                let after = if walk == Walk::Destroy {
                    None
                } else {
                    outputs.get(&o.name).cloned()
                };
                let action = match (&before, &after) {
                    (None, Some(_)) => Action::Create,
                    (Some(_), None) => Action::Delete,
                    (Some(b), Some(a))
                        if values_equal(&b.deep_unmark(), &a.deep_unmark()) && !a.has_unknown() =>
                    {
                        Action::NoOp
                    }
                    (Some(_), Some(_)) => Action::Update,
                    (None, None) => continue,
                };
                plan.output_changes.insert(
                    o.name.clone(),
                    OutputChange {
                        action,
                        before,
                        after,
                        sensitive: o.sensitive,
                    },
                );
            }
            for (name, b) in &self.opts.prior.outputs {
                if !plan.output_changes.contains_key(name) {
                    plan.output_changes.insert(
                        name.clone(),
                        OutputChange {
                            action: Action::Delete,
                            before: Some(b.clone()),
                            after: None,
                            sensitive: false,
                        },
                    );
                }
            }
        }
        if !errors {
            plan.resource_changes = std::mem::take(&mut self.changes);
            plan.resource_drift = std::mem::take(&mut self.drift);
        }
        let out_values = root
            .outputs
            .iter()
            .filter_map(|o| {
                outputs
                    .get(&o.name)
                    .map(|v| (o.name.clone(), (v.clone(), o.sensitive)))
            })
            .collect();
        Outcome {
            plan,
            diagnostics: self.diags,
            instances: self.instances,
            outputs: out_values,
            unresolved: Vec::new(),
        }
    }

    fn delete_change(
        &self,
        addr: &str,
        obj: &PriorObject,
        action: Action,
        reason: Option<&str>,
    ) -> ResourceChange {
        let (module_addr, type_, name, key) = split_address(addr);
        let _ = type_;
        ResourceChange {
            address: addr.to_string(),
            module_address: module_addr,
            mode: obj.mode,
            type_: obj.type_.clone(),
            name,
            index: key,
            provider_name: provider_name(&obj.type_),
            action,
            before: Some(obj.value.clone()),
            after: None,
            replace_paths: Vec::new(),
            action_reason: reason.map(str::to_string),
            previous_address: self.previous.get(addr).cloned(),
            importing_id: None,
            why: Vec::new(),
        }
    }

    fn orphans(&mut self, root: &Module) {
        let orphans: Vec<(String, PriorObject)> = self
            .prior
            .iter()
            .filter(|(a, o)| !self.claimed.contains(*a) && o.mode == Mode::Managed)
            .map(|(a, o)| (a.clone(), o.clone()))
            .collect();
        // Dependents before their dependencies.
        let ordered = reverse_dependency_order(orphans);
        for (addr, obj) in ordered {
            if self.forget.contains(&addr) {
                let c = self.delete_change(&addr, &obj, Action::Forget, None);
                self.changes.push(c);
                continue;
            }
            let (_, _, _, key) = split_address(&addr);
            let base = addr.split('[').next().unwrap_or(&addr).to_string();
            let config = find_resource(root, &base);
            let reason = match (config, &key) {
                (None, _) => "delete_because_no_resource_config",
                (Some(r), Some(InstanceKey::Int(_))) if r.count.is_some() => {
                    "delete_because_count_index"
                }
                (Some(r), Some(InstanceKey::Str(_))) if r.for_each.is_some() => {
                    "delete_because_each_key"
                }
                (Some(r), _) if r.count.is_none() && r.for_each.is_none() => {
                    "delete_because_no_repetition"
                }
                _ => "delete_because_wrong_repetition",
            };
            if let Some(r) = config
                && r.lifecycle
                    .prevent_destroy
                    .as_ref()
                    .and_then(config::literal_bool)
                    .unwrap_or(false)
            {
                self.prevent_destroy_error(r, &addr);
                return;
            }
            let mut c = self.delete_change(&addr, &obj, Action::Delete, Some(reason));
            if config.is_none() && !self.destroy_removed.contains(&addr) {
                c.why.push(format!(
                    "{base} is no longer in the configuration, so Terraform destroys the real object; a moved block would keep it, a removed block with destroy = false would leave it in the account"
                ));
            }
            match self.effects.change(&c) {
                Ok(_) => self.changes.push(c),
                Err(d) => {
                    self.err(d);
                    return;
                }
            }
        }
    }

    fn destroy_all(&mut self, root: &Module) {
        let all: Vec<(String, PriorObject)> = self
            .prior
            .iter()
            .filter(|(_, o)| o.mode == Mode::Managed)
            .map(|(a, o)| (a.clone(), o.clone()))
            .collect();
        let ordered = reverse_dependency_order(all);
        for (addr, obj) in &ordered {
            let base = addr.split('[').next().unwrap_or(addr);
            if let Some(r) = find_resource(root, base)
                && r.lifecycle
                    .prevent_destroy
                    .as_ref()
                    .and_then(config::literal_bool)
                    .unwrap_or(false)
            {
                self.prevent_destroy_error(r, addr);
                return;
            }
            let _ = obj;
        }
        for (addr, obj) in ordered {
            let c = self.delete_change(&addr, &obj, Action::Delete, None);
            match self.effects.change(&c) {
                Ok(_) => self.changes.push(c),
                Err(d) => {
                    self.err(d);
                    return;
                }
            }
        }
    }
}

impl Frame<'_> {
    /// A scope with the roots `refs` name (only those: building it stays cheap).
    fn scope(
        &self,
        refs: &[Reference],
        count: Option<Value>,
        each: Option<(Value, Value)>,
    ) -> Scope {
        let mut roots: BTreeMap<String, Value> = BTreeMap::new();
        let mut locals = BTreeMap::new();
        let mut calls = BTreeMap::new();
        let mut data: BTreeMap<String, BTreeMap<String, Value>> = BTreeMap::new();
        let mut managed: BTreeMap<String, BTreeMap<String, Value>> = BTreeMap::new();
        let first = |r: &Reference, i: usize| match r.steps.get(i) {
            Some(RefStep::Attr(a)) => Some(a.clone()),
            _ => None,
        };
        for r in refs {
            match r.root.as_str() {
                "var" => {
                    roots
                        .entry("var".into())
                        .or_insert_with(|| Value::Object(self.vars.clone()));
                }
                "local" => {
                    if let Some(n) = first(r, 0)
                        && let Some(v) = self.locals.get(&n)
                    {
                        locals.insert(n, v.clone());
                    }
                }
                "module" => {
                    if let Some(n) = first(r, 0)
                        && let Some(v) = self.calls.get(&n)
                    {
                        calls.insert(n, v.clone());
                    }
                }
                "data" => {
                    if let (Some(t), Some(n)) = (first(r, 0), first(r, 1))
                        && let Some(v) = self.resources.get(&format!("data.{t}.{n}"))
                    {
                        data.entry(t).or_default().insert(n, v.clone());
                    }
                }
                "path" => {
                    let rel = |p: &Path| {
                        p.strip_prefix(&self.root_dir)
                            .map(|r| {
                                let s = r.to_string_lossy().replace('\\', "/");
                                if s.is_empty() { ".".to_string() } else { s }
                            })
                            .unwrap_or_else(|_| p.to_string_lossy().into_owned())
                    };
                    roots.insert(
                        "path".into(),
                        Value::Object(
                            [
                                ("module".into(), Value::string(rel(&self.module.dir))),
                                ("root".into(), Value::string(".")),
                                ("cwd".into(), Value::string(self.root_dir.to_string_lossy())),
                            ]
                            .into(),
                        ),
                    );
                }
                "terraform" => {
                    roots.insert(
                        "terraform".into(),
                        Value::Object([("workspace".into(), Value::string("default"))].into()),
                    );
                }
                "count" | "each" | "self" => {}
                t => {
                    if let Some(n) = first(r, 0)
                        && let Some(v) = self.resources.get(&format!("{t}.{n}"))
                    {
                        managed
                            .entry(t.to_string())
                            .or_default()
                            .insert(n, v.clone());
                    }
                }
            }
        }
        if !locals.is_empty() {
            roots.insert("local".into(), Value::Object(locals));
        }
        if !calls.is_empty() {
            roots.insert("module".into(), Value::Object(calls));
        }
        if !data.is_empty() {
            roots.insert(
                "data".into(),
                Value::Object(
                    data.into_iter()
                        .map(|(k, v)| (k, Value::Object(v)))
                        .collect(),
                ),
            );
        }
        for (t, m) in managed {
            roots.insert(t, Value::Object(m));
        }
        if let Some(c) = count {
            roots.insert("count".into(), Value::Object([("index".into(), c)].into()));
        }
        if let Some((k, v)) = each {
            roots.insert(
                "each".into(),
                Value::Object([("key".into(), k), ("value".into(), v)].into()),
            );
        }
        Scope {
            roots,
            base_dir: Some(self.module.dir.clone()),
        }
    }
}

fn node_name(module: &Module, prefix: &str, n: Node) -> String {
    match n {
        Node::Var(i) => format!("{prefix}var.{} (expand)", module.variables[i].name),
        Node::Local(i) => format!("{prefix}local.{} (expand)", module.locals[i].name),
        Node::Res(i) => format!("{prefix}{}", module.resources[i].address()),
        Node::Call(i) => format!("{prefix}module.{} (expand)", module.module_calls[i].name),
        Node::Output(i) => format!("{prefix}output.{} (expand)", module.outputs[i].name),
    }
}

/// The node a reference needs, if it names one.
fn target(module: &Module, r: &Reference) -> Option<Node> {
    let attr = |i: usize| match r.steps.get(i) {
        Some(RefStep::Attr(a)) => Some(a.as_str()),
        _ => None,
    };
    match r.root.as_str() {
        "var" => module
            .variables
            .iter()
            .position(|v| Some(v.name.as_str()) == attr(0))
            .map(Node::Var),
        "local" => module
            .locals
            .iter()
            .position(|v| Some(v.name.as_str()) == attr(0))
            .map(Node::Local),
        "module" => module
            .module_calls
            .iter()
            .position(|v| Some(v.name.as_str()) == attr(0))
            .map(Node::Call),
        "data" => {
            let (t, n) = (attr(0)?, attr(1)?);
            module
                .resources
                .iter()
                .position(|x| x.mode == Mode::Data && x.type_ == t && x.name == n)
                .map(Node::Res)
        }
        root if RESERVED.contains(&root) => None,
        t => {
            let n = attr(0)?;
            module
                .resources
                .iter()
                .position(|x| x.mode == Mode::Managed && x.type_ == t && x.name == n)
                .map(Node::Res)
        }
    }
}

/// References in a body (nested blocks too); names bound by `dynamic` blocks' iterators
/// are left out.
fn body_refs(body: &Body, bound: &mut Vec<String>, out: &mut Vec<Reference>, depth: usize) {
    if depth > config::MAX_NESTING {
        return;
    }
    for a in body.attributes() {
        out.extend(
            references(&a.value)
                .into_iter()
                .filter(|r| !bound.contains(&r.root)),
        );
    }
    for b in body.blocks() {
        if b.ident.as_str() == "dynamic" {
            let label = b
                .labels
                .first()
                .map(|l| l.as_str().to_string())
                .unwrap_or_default();
            let it = match b.body.get_attribute("iterator").map(|a| &a.value) {
                Some(Expression::Variable(v)) => v.as_str().to_string(),
                _ => label,
            };
            if let Some(fe) = b.body.get_attribute("for_each") {
                out.extend(
                    references(&fe.value)
                        .into_iter()
                        .filter(|r| !bound.contains(&r.root)),
                );
            }
            bound.push(it);
            for c in b.body.get_blocks("content") {
                body_refs(&c.body, bound, out, depth + 1);
            }
            bound.pop();
        } else {
            body_refs(&b.body, bound, out, depth + 1);
        }
    }
}

fn module_address(prefix: &str) -> Option<String> {
    let p = prefix.trim_end_matches('.');
    (!p.is_empty()).then(|| p.to_string())
}

fn provider_name(type_: &str) -> String {
    if schema::is_builtin(type_) {
        "terraform.io/builtin/terraform".into()
    } else {
        let p = type_.split('_').next().unwrap_or("aws");
        format!("registry.terraform.io/hashicorp/{p}")
    }
}

/// Splits `module.net.aws_subnet.a["x"]` into (`module.net`, type, name, key).
pub fn split_address(addr: &str) -> (Option<String>, String, String, Option<InstanceKey>) {
    let (path, key) = match addr.rfind('[') {
        Some(i)
            if addr.ends_with(']') && !addr[i..].contains('.') || addr[i..].starts_with("[\"") =>
        {
            let k = &addr[i + 1..addr.len() - 1];
            let key = if let Some(s) = k.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
                InstanceKey::Str(
                    serde_json::from_str(&format!("\"{s}\"")).unwrap_or_else(|_| s.to_string()),
                )
            } else {
                k.parse()
                    .map(InstanceKey::Int)
                    .unwrap_or(InstanceKey::Str(k.to_string()))
            };
            (&addr[..i], Some(key))
        }
        _ => (addr, None),
    };
    let parts: Vec<&str> = path.split('.').collect();
    let n = parts.len();
    let (type_, name) = if n >= 2 {
        (parts[n - 2].to_string(), parts[n - 1].to_string())
    } else {
        (String::new(), path.to_string())
    };
    let mut module_parts = &parts[..n.saturating_sub(2)];
    if module_parts.last() == Some(&"data") {
        module_parts = &module_parts[..module_parts.len() - 1];
    }
    let m = module_parts.join(".");
    ((!m.is_empty()).then_some(m), type_, name, key)
}

fn find_resource<'m>(root: &'m Module, base: &str) -> Option<&'m Resource> {
    root.resources.iter().find(|r| r.address() == base)
}

fn reverse_dependency_order(mut items: Vec<(String, PriorObject)>) -> Vec<(String, PriorObject)> {
    // An object goes after everything that depends on it.
    let n = items.len();
    let mut g = Graph::new(n);
    for i in 0..n {
        for j in 0..n {
            let base_j = items[j]
                .0
                .split('[')
                .next()
                .unwrap_or(&items[j].0)
                .to_string();
            if i != j && items[i].1.dependencies.contains(&base_j) {
                // i depends on j: j is destroyed after i, so in this graph j needs i.
                g.add_edge(j, i);
            }
        }
    }
    match g.order() {
        Ok(order) => {
            let mut slots: Vec<Option<(String, PriorObject)>> = items.drain(..).map(Some).collect();
            order.into_iter().filter_map(|i| slots[i].take()).collect()
        }
        Err(_) => items,
    }
}

fn drift_change(
    addr: &str,
    obj: &PriorObject,
    action: Action,
    after: Option<Value>,
) -> ResourceChange {
    let (module_addr, _, name, key) = split_address(addr);
    ResourceChange {
        address: addr.to_string(),
        module_address: module_addr,
        mode: obj.mode,
        type_: obj.type_.clone(),
        name,
        index: key,
        provider_name: provider_name(&obj.type_),
        action,
        before: Some(obj.value.clone()),
        after,
        replace_paths: Vec::new(),
        action_reason: None,
        previous_address: None,
        importing_id: None,
        why: Vec::new(),
    }
}

/// `ignore_changes`: `None` for nothing, `Some(vec![])` for `all`, else top-level names.
fn ignore_paths(e: &Option<Expression>) -> Option<Vec<String>> {
    let e = e.as_ref()?;
    match e {
        Expression::Variable(v) if v.as_str() == "all" => Some(Vec::new()),
        Expression::Array(a) => Some(
            a.iter()
                .filter_map(|x| match x {
                    Expression::Variable(v) => Some(v.as_str().to_string()),
                    Expression::Traversal(t) => match &t.expr {
                        Expression::Variable(v) => Some(v.as_str().to_string()),
                        _ => None,
                    },
                    Expression::String(s) => Some(s.value().to_string()),
                    _ => None,
                })
                .collect(),
        ),
        _ => None,
    }
}

fn apply_ignore(cfg: &mut Value, prior: &Value, ignore: &Option<Vec<String>>) {
    let Some(list) = ignore else {
        return;
    };
    let (Value::Object(c), Some(p)) = (cfg, prior.peel().as_map()) else {
        return;
    };
    let names: Vec<String> = if list.is_empty() {
        c.keys().cloned().collect()
    } else {
        list.clone()
    };
    for n in names {
        if let Some(pv) = p.get(&n) {
            c.insert(n, pv.clone());
        }
    }
}

/// The planned object: configuration where set; computed attributes from the prior
/// object, or unknown when there is none.
pub fn propose(
    sch: Option<&BlockSchema>,
    type_: &str,
    config: &Value,
    prior: Option<&Value>,
) -> Value {
    let prior_map = prior.and_then(|p| p.peel().as_map());
    let cfg = match config.peel() {
        Value::Object(m) => m.clone(),
        _ => return config.clone(),
    };
    let mut out = cfg.clone();
    let Some(s) = sch else {
        // Generic: keep prior's computed-looking attributes, `id` unknown on create.
        match prior_map {
            Some(p) => {
                for (k, v) in p {
                    out.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
            None => {
                out.entry("id".into()).or_insert(Value::Unknown);
            }
        }
        return Value::Object(out);
    };
    for (k, a) in &s.attributes {
        let c = cfg.get(k).cloned().unwrap_or(Value::Null);
        let v = if a.write_only {
            Value::Null
        } else if !c.is_null() {
            c
        } else if let Some(d) = &a.default {
            // The provider plans its default for an argument left unset (as the
            // provider's PlanResourceChange does), on create and update alike.
            d.clone()
        } else if a.computed {
            match prior_map.and_then(|p| p.get(k)) {
                Some(pv) => pv.clone(),
                None => Value::Unknown,
            }
        } else {
            Value::Null
        };
        out.insert(k.clone(), v);
    }
    for (k, b) in &s.blocks {
        if let Some(v) = out.get_mut(k) {
            *v = with_block_defaults(&b.block, v);
        }
    }
    if s.attributes.get("tags_all").is_some_and(|a| a.computed) {
        match cfg.get("tags").map(Value::peel) {
            Some(Value::Map(m)) => {
                out.insert("tags_all".into(), Value::Map(m.clone()));
            }
            Some(Value::Object(m)) => {
                out.insert("tags_all".into(), Value::Map(m.clone()));
            }
            _ => {}
        }
    }
    if type_ == "terraform_data" {
        let same_input = prior_map
            .map(|p| {
                values_equal(
                    &p.get("input").cloned().unwrap_or(Value::Null).deep_unmark(),
                    &cfg.get("input")
                        .cloned()
                        .unwrap_or(Value::Null)
                        .deep_unmark(),
                )
            })
            .unwrap_or(false);
        let output = if same_input {
            prior_map
                .and_then(|p| p.get("output").cloned())
                .unwrap_or(Value::Unknown)
        } else {
            Value::Unknown
        };
        out.insert("output".into(), output);
    }
    Value::Object(out)
}

/// The nested block value `v` (one object, or a list/set/map of them) with the provider's
/// defaults in place of the unset arguments of each object.
fn with_block_defaults(b: &BlockSchema, v: &Value) -> Value {
    match v {
        Value::Marked(inner, m) => with_block_defaults(b, inner).mark(*m),
        Value::Object(m) => {
            let mut out = m.clone();
            for (k, a) in &b.attributes {
                if let Some(d) = &a.default
                    && out.get(k).is_none_or(Value::is_null)
                    && !a.write_only
                {
                    out.insert(k.clone(), d.clone());
                }
            }
            for (k, nb) in &b.blocks {
                if let Some(x) = out.get_mut(k) {
                    *x = with_block_defaults(&nb.block, x);
                }
            }
            Value::Object(out)
        }
        Value::List(x) => Value::List(x.iter().map(|e| with_block_defaults(b, e)).collect()),
        Value::Tuple(x) => Value::Tuple(x.iter().map(|e| with_block_defaults(b, e)).collect()),
        Value::Set(x) => Value::set(x.iter().map(|e| with_block_defaults(b, e)).collect()),
        Value::Map(m) => Value::Map(
            m.iter()
                .map(|(k, e)| (k.clone(), with_block_defaults(b, e)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// True when `a` and `b` differ only where one is null and the other the zero value of
/// its type (`false`, `0`, `""`, empty): the provider SDK's `ValuesSDKEquivalent`.
fn sdk_equivalent(a: &Value, b: &Value) -> bool {
    if values_equal_loose(a, b) {
        return true;
    }
    match (a, b) {
        (Value::Null, x) | (x, Value::Null) => is_zero(x),
        (
            Value::List(x) | Value::Set(x) | Value::Tuple(x),
            Value::List(y) | Value::Set(y) | Value::Tuple(y),
        ) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| sdk_equivalent(p, q)),
        (Value::Map(x) | Value::Object(x), Value::Map(y) | Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().all(|k| {
                let p = x.get(k).cloned().unwrap_or(Value::Null);
                let q = y.get(k).cloned().unwrap_or(Value::Null);
                sdk_equivalent(&p, &q)
            })
        }
        _ => false,
    }
}

/// Top-level attribute and block names whose planned value differs from the prior's, and
/// the names whose difference alone would not be a change.
///
/// As the provider SDK does, a plan whose only differences are null against a zero value
/// (a state written without the provider's defaults, planned with `false`/`0`/`""`
/// defaults) is no change at all; when something else changes too, those differences are
/// part of the change (and may force replacement, as Terraform shows).
fn changed_attrs_split(
    sch: Option<&BlockSchema>,
    planned: &Value,
    prior: &Value,
) -> (Vec<String>, Vec<String>) {
    let (Some(p), Some(n)) = (prior.peel().as_map(), planned.peel().as_map()) else {
        return (vec!["*".into()], vec![]);
    };
    let mut out = Vec::new();
    let mut soft = Vec::new();
    for (k, nv) in n {
        let pv = p.get(k).cloned().unwrap_or(Value::Null);
        let (nu, pu) = (nv.deep_unmark(), pv.deep_unmark());
        if values_equal_loose(&nu, &pu) {
            continue;
        }
        if !nu.is_null() && sdk_equivalent(&nu, &pu) {
            soft.push(k.clone());
            continue;
        }
        // An argument left unset whose prior value is the provider's default.
        if nv.is_null()
            && sch
                .and_then(|s| s.attributes.get(k))
                .is_some_and(|a| !a.computed)
            && is_zero(&pv.deep_unmark())
        {
            continue;
        }
        out.push(k.clone());
    }
    if out.is_empty() {
        return (out, soft);
    }
    out.extend(soft);
    out.sort();
    (out, vec![])
}

fn keep_prior(planned: Value, prior: &Value, names: &[String]) -> Value {
    if names.is_empty() {
        return planned;
    }
    let (Value::Object(mut m), Some(p)) = (planned.clone(), prior.peel().as_map()) else {
        return planned;
    };
    for k in names {
        m.insert(k.clone(), p.get(k).cloned().unwrap_or(Value::Null));
    }
    Value::Object(m)
}

fn values_equal_loose(a: &Value, b: &Value) -> bool {
    if values_equal(a, b) {
        return true;
    }
    match (a, b) {
        // A state file's arrays read as tuples; a map read as an object.
        (
            Value::List(x) | Value::Set(x) | Value::Tuple(x),
            Value::List(y) | Value::Set(y) | Value::Tuple(y),
        ) => {
            if matches!(a, Value::Set(_)) || matches!(b, Value::Set(_)) {
                let mut x = x.clone();
                let mut y = y.clone();
                x.sort_by(|p, q| p.canonical_cmp(q));
                y.sort_by(|p, q| p.canonical_cmp(q));
                x.len() == y.len() && x.iter().zip(&y).all(|(p, q)| values_equal_loose(p, q))
            } else {
                x.len() == y.len() && x.iter().zip(y).all(|(p, q)| values_equal_loose(p, q))
            }
        }
        (Value::Map(x) | Value::Object(x), Value::Map(y) | Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().all(|k| {
                let p = x.get(k).cloned().unwrap_or(Value::Null);
                let q = y.get(k).cloned().unwrap_or(Value::Null);
                values_equal_loose(&p, &q)
            })
        }
        (Value::Number(x), Value::String(s)) | (Value::String(s), Value::Number(x)) => {
            types::parse_number(s) == Some(*x)
        }
        (Value::Bool(x), Value::String(s)) | (Value::String(s), Value::Bool(x)) => {
            s == if *x { "true" } else { "false" }
        }
        (Value::Null, Value::List(v) | Value::Set(v) | Value::Tuple(v))
        | (Value::List(v) | Value::Set(v) | Value::Tuple(v), Value::Null) => v.is_empty(),
        _ => false,
    }
}

fn is_zero(v: &Value) -> bool {
    match v {
        Value::Null | Value::Bool(false) => true,
        Value::Number(n) => *n == 0.0,
        Value::String(s) => s.is_empty(),
        Value::List(x) | Value::Set(x) | Value::Tuple(x) => x.is_empty(),
        Value::Map(m) | Value::Object(m) => m.is_empty(),
        _ => false,
    }
}

fn forces_new(
    sch: Option<&BlockSchema>,
    type_: &str,
    k: &str,
    planned: &Value,
    prior: &Value,
) -> bool {
    let Some(s) = sch else {
        return false;
    };
    if let Some(a) = s.attributes.get(k) {
        return a.force_new
            || (a.force_new_from_null
                && prior
                    .peel()
                    .as_map()
                    .and_then(|m| m.get(k))
                    .is_none_or(Value::is_null));
    }
    let Some(b) = s.blocks.get(k) else {
        return false;
    };
    if b.force_new {
        return true;
    }
    // A nested attribute that forces replacement and changed.
    let get = |v: &Value| {
        v.peel()
            .as_map()
            .and_then(|m| m.get(k))
            .cloned()
            .unwrap_or(Value::Null)
    };
    let (n, p) = (get(planned), get(prior));
    let first = |v: &Value| match v.peel() {
        Value::List(x) | Value::Set(x) | Value::Tuple(x) => {
            x.first().cloned().unwrap_or(Value::Null)
        }
        other => other.clone(),
    };
    let (n, p) = (first(&n), first(&p));
    let _ = type_;
    b.block.attributes.iter().any(|(name, a)| {
        let prior_null = p
            .peel()
            .as_map()
            .and_then(|m| m.get(name))
            .is_none_or(Value::is_null);
        (a.force_new || (a.force_new_from_null && prior_null)) && {
            let x = n
                .peel()
                .as_map()
                .and_then(|m| m.get(name))
                .cloned()
                .unwrap_or(Value::Null);
            let y = p
                .peel()
                .as_map()
                .and_then(|m| m.get(name))
                .cloned()
                .unwrap_or(Value::Null);
            !values_equal_loose(&x.deep_unmark(), &y.deep_unmark())
        }
    })
}

fn replacement_why(type_: &str, attr: &str) -> String {
    match schema::replacement_reason(type_, attr) {
        Some(r) => r.to_string(),
        None => format!(
            "{type_} cannot change \"{attr}\" in place: the provider creates a new object and deletes the old one"
        ),
    }
}

/// An [`EvalError`] placed at an origin (for callers outside this module).
pub fn place(origin: &Origin, e: EvalError) -> Diagnostic {
    eval_diag(&origin.file, e)
}

/// The source file of an origin (re-exported for the CLI's diagnostics).
pub fn file_of(origin: &Origin) -> Arc<SourceFile> {
    origin.file.clone()
}

impl Prior {
    /// The prior state from a `terraform.tfstate` (v4) document: instances by address,
    /// attributes decoded with the schema (dynamic attributes come as `{value, type}`),
    /// sensitive attributes marked, and the root outputs.
    pub fn from_state_json(j: &serde_json::Value) -> Prior {
        let mut prior = Prior::default();
        if let Some(outs) = j.get("outputs").and_then(|o| o.as_object()) {
            for (k, o) in outs {
                let v = Value::from_json(o.get("value").unwrap_or(&serde_json::Value::Null));
                let sensitive = o
                    .get("sensitive")
                    .and_then(|s| s.as_bool())
                    .unwrap_or(false);
                prior
                    .outputs
                    .insert(k.clone(), if sensitive { v.sensitive() } else { v });
            }
        }
        for r in j
            .get("resources")
            .and_then(|r| r.as_array())
            .into_iter()
            .flatten()
        {
            let s = |k: &str| r.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
            let mode = if s("mode") == "data" {
                Mode::Data
            } else {
                Mode::Managed
            };
            let type_ = s("type");
            let base = match mode {
                Mode::Managed => format!("{type_}.{}", s("name")),
                Mode::Data => format!("data.{type_}.{}", s("name")),
            };
            let module = r.get("module").and_then(|m| m.as_str());
            let base = match module {
                Some(m) if !m.is_empty() => format!("{m}.{base}"),
                _ => base,
            };
            let sch = match mode {
                Mode::Managed => schema::resource(&type_),
                Mode::Data => schema::data_source(&type_),
            };
            for inst in r
                .get("instances")
                .and_then(|i| i.as_array())
                .into_iter()
                .flatten()
            {
                let key = match inst.get("index_key") {
                    Some(serde_json::Value::Number(n)) => {
                        Some(InstanceKey::Int(n.as_i64().unwrap_or(0)))
                    }
                    Some(serde_json::Value::String(k)) => Some(InstanceKey::Str(k.clone())),
                    _ => None,
                };
                let addr = format!(
                    "{base}{}",
                    key.as_ref().map(InstanceKey::suffix).unwrap_or_default()
                );
                let attrs = inst
                    .get("attributes")
                    .cloned()
                    .unwrap_or(serde_json::Value::Null);
                let mut value = state_value(sch, &attrs);
                for path in inst
                    .get("sensitive_attributes")
                    .and_then(|p| p.as_array())
                    .into_iter()
                    .flatten()
                {
                    if let Some(name) = path
                        .as_array()
                        .and_then(|steps| steps.first())
                        .and_then(|s| s.get("value"))
                        .and_then(|v| v.as_str())
                        && let Value::Object(m) = &mut value
                        && let Some(x) = m.remove(name)
                    {
                        m.insert(name.to_string(), x.sensitive());
                    }
                }
                let dependencies = inst
                    .get("dependencies")
                    .and_then(|d| d.as_array())
                    .map(|d| {
                        d.iter()
                            .filter_map(|x| x.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                prior.objects.insert(
                    addr,
                    PriorObject {
                        mode,
                        type_: type_.clone(),
                        value,
                        dependencies,
                        create_before_destroy: inst
                            .get("create_before_destroy")
                            .and_then(|c| c.as_bool())
                            .unwrap_or(false),
                    },
                );
            }
        }
        prior
    }
}

/// Converts a state object's JSON attributes to a value with the schema's types.
pub fn state_value(sch: Option<&BlockSchema>, attrs: &serde_json::Value) -> Value {
    let Some(s) = sch else {
        return Value::from_json(attrs);
    };
    let Some(m) = attrs.as_object() else {
        return Value::from_json(attrs);
    };
    let mut out = BTreeMap::new();
    for (k, j) in m {
        let v = match s.attributes.get(k) {
            Some(a) if a.ty == Type::Any => match (j.get("value"), j.get("type")) {
                (Some(v), Some(_)) => Value::from_json(v),
                _ => Value::from_json(j),
            },
            Some(a) => {
                let v = Value::from_json(j);
                convert(v.clone(), &a.ty).unwrap_or(v)
            }
            None => match s.blocks.get(k) {
                Some(b) => {
                    let v = Value::from_json(j);
                    convert(v.clone(), &b.implied_type()).unwrap_or(v)
                }
                None => continue,
            },
        };
        out.insert(k.clone(), v);
    }
    Value::Object(out)
}

/// The declared type of `var.X` when `e` is exactly that reference.
fn declared_type_of(module: &Module, e: &Expression) -> Option<Type> {
    let Expression::Traversal(t) = e else {
        return None;
    };
    let Expression::Variable(root) = &t.expr else {
        return None;
    };
    if root.as_str() != "var" || t.operators.len() != 1 {
        return None;
    }
    let hcl::edit::expr::TraversalOperator::GetAttr(name) = t.operators[0].value() else {
        return None;
    };
    let v = module.variable(name.as_str())?;
    types::parse_type(v.type_expr.as_ref()?).ok()
}
