//! Variables and outputs: variables are typed, documented and marked sensitive when they
//! hold secrets, outputs do not print secrets, and every `var.x` used is declared.

use std::collections::BTreeSet;
use std::ops::Range;

use hcl::edit::Span;
use hcl::edit::expr::{Expression, Traversal, TraversalOperator};
use hcl::edit::visit::{self, Visit};

use super::module::{Module, is_true};
use super::requirements::Requirements;
use crate::check::diagnostics::Diagnostics;
use crate::check::secret_names::is_secret_name;

pub(super) fn variables(module: &Module, req: &Requirements, out: &mut Diagnostics) {
    let strict = req.variables_typed == Some(true);
    for v in module.blocks("variable") {
        let name = v.label(0);
        let body = &v.block.body;
        if body.get_attribute("type").is_none() {
            let message = format!(
                "variable `{name}` has no `type`: add one (e.g. `type = string`), so a wrong value is rejected at `terraform plan` with a clear message instead of failing later inside a resource"
            );
            if strict {
                v.error(out, "require-variables-typed", v.at(), message);
            } else {
                v.warning(out, "variable-type", v.at(), message);
            }
        }
        if body.get_attribute("description").is_none() {
            let message = format!(
                "variable `{name}` has no `description`: add one sentence saying what it is for and what a good value looks like; it is shown when Terraform asks for the value and in generated docs"
            );
            if strict {
                v.error(out, "require-variables-typed", v.at(), message);
            } else {
                v.warning(out, "variable-description", v.at(), message);
            }
        }
        if is_secret_name(name) && !is_true(body, "sensitive") {
            v.error(
                out,
                "sensitive-variable",
                v.at(),
                format!(
                    "variable `{name}` looks like a secret but is not marked sensitive: add `sensitive = true`, so Terraform hides its value in plan and apply output and CI logs"
                ),
            );
        }
    }
}

/// Attribute names whose value is a secret, whatever the resource.
const SECRET_ATTRS: &[&str] = &[
    "password",
    "master_password",
    "secret",
    "secret_string",
    "token",
    "private_key",
    "private_key_pem",
    "private_key_openssh",
    "ses_smtp_password_v4",
];

pub(super) fn outputs(module: &Module, out: &mut Diagnostics) {
    let sensitive_vars: BTreeSet<&str> = module
        .blocks("variable")
        .filter(|v| is_secret_name(v.label(0)) || is_true(&v.block.body, "sensitive"))
        .map(|v| v.label(0))
        .collect();
    for o in module.blocks("output") {
        let body = &o.block.body;
        if is_true(body, "sensitive") {
            continue;
        }
        let Some(value) = body.get_attribute("value") else {
            continue;
        };
        let mut refs = Refs::default();
        refs.visit_expr(&value.value);
        let leak = refs.list.iter().find_map(|r| {
            let first = r.attrs.first().map(String::as_str);
            if r.root == "var" && first.is_some_and(|f| sensitive_vars.contains(f)) {
                return Some(format!("var.{}", first.unwrap_or_default()));
            }
            if r.root == "random_password" && r.attrs.last().is_some_and(|a| a == "result") {
                return Some(format!("{}.{}", r.root, r.attrs.join(".")));
            }
            if r.root != "var"
                && r.attrs
                    .iter()
                    .skip(1)
                    .any(|a| SECRET_ATTRS.contains(&a.as_str()))
            {
                return Some(format!("{}.{}", r.root, r.attrs.join(".")));
            }
            None
        });
        if let Some(what) = leak {
            let name = o.label(0);
            o.error(
                out,
                "sensitive-output",
                o.attr_at(value),
                format!(
                    "output `{name}` shows `{what}`, a secret, in plain text after every `terraform apply` and in CI logs: add `sensitive = true` to the output \
                     (Terraform refuses sensitive values in outputs without it) and read it when needed with `terraform output -raw {name}`"
                ),
            );
        }
    }
}

/// A reference such as `var.db_password` or `aws_db_instance.main.password`.
struct Ref {
    root: String,
    attrs: Vec<String>,
    span: Option<Range<usize>>,
}

#[derive(Default)]
struct Refs {
    list: Vec<Ref>,
}

impl Visit for Refs {
    fn visit_traversal(&mut self, node: &Traversal) {
        if let Expression::Variable(root) = &node.expr {
            let attrs = node
                .operators
                .iter()
                .map_while(|op| match op.value() {
                    TraversalOperator::GetAttr(ident) => Some(ident.as_str().to_string()),
                    _ => None,
                })
                .collect();
            self.list.push(Ref {
                root: root.as_str().to_string(),
                attrs,
                span: node.span(),
            });
        }
        visit::visit_traversal(self, node);
    }
}

pub(super) fn undeclared_variables(module: &Module, out: &mut Diagnostics) {
    let declared: BTreeSet<&str> = module.blocks("variable").map(|v| v.label(0)).collect();
    for f in &module.files {
        let mut refs = Refs::default();
        refs.visit_body(&f.body);
        let mut reported = BTreeSet::new();
        for r in refs.list.iter().filter(|r| r.root == "var") {
            let Some(name) = r.attrs.first() else {
                continue;
            };
            if declared.contains(name.as_str()) || !reported.insert(name.clone()) {
                continue;
            }
            let (line, column) = f.loc.span_start(r.span.clone());
            out.warning(
                &f.file.path,
                "undeclared-variable",
                (line, column),
                format!(
                    "`var.{name}` is used but no `variable \"{name}\"` block is declared in the files checked: declare it with a `type` and a `description` \
                     (or, if it lives in another file, check the whole folder). `terraform validate` rejects undeclared variables"
                ),
            );
        }
    }
}

/// The `validated_variables` requirement: each named variable is declared with a
/// `validation` block that has both a `condition` and an `error_message`.
pub(super) fn validated_variables(module: &Module, req: &Requirements, out: &mut Diagnostics) {
    for name in &req.validated_variables {
        let example =
            format!("validation {{ condition = contains([…], var.{name}) error_message = \"…\" }}");
        let Some(v) = module.variable(name) else {
            if req.variables.contains(name) {
                // `variables` already asks for the declaration.
                continue;
            }
            let (file, at) = super::module::first_file_at(module);
            out.error(
                file,
                "require-variable-validation",
                at,
                format!(
                    "declare `variable \"{name}\" {{ type = … description = \"…\" {example} }}`: this exercise needs it"
                ),
            );
            continue;
        };
        let blocks: Vec<_> = v.block.body.get_blocks("validation").collect();
        if blocks.is_empty() {
            v.error(
                out,
                "require-variable-validation",
                v.at(),
                format!(
                    "variable `{name}` accepts any value of its type: add a block such as `{example}`, so a wrong value (a typo such as `prd`, \
                     a number outside the team's rules) stops `terraform plan` with your message instead of reaching AWS. The condition is true for a good value"
                ),
            );
            continue;
        }
        for b in blocks {
            let missing: Vec<&str> = ["condition", "error_message"]
                .into_iter()
                .filter(|k| b.body.get_attribute(k).is_none())
                .collect();
            if !missing.is_empty() {
                v.error(
                    out,
                    "require-variable-validation",
                    v.loc.span_start(b.ident.span()),
                    format!(
                        "this `validation` block of variable `{name}` has no {}: Terraform needs both a `condition` (true for a good value) \
                         and an `error_message` (a full sentence telling the caller what to pass)",
                        missing.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(" or ")
                    ),
                );
            }
        }
    }
}
