//! The exercise's [`Requirements`] for this kind and their checks; `resource_arguments`
//! is matched in [`super::arguments`].

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use hcl::edit::Span;

use super::arguments::{Target, check_argument, check_target_argument};
use super::module::{Item, Module, first_file_at, is_true};
use super::module_calls::module_requirements;
use super::providers::declared_providers;
use super::reuse::{for_each_on, not_hardcoded};
use super::variables::validated_variables;
use crate::check::diagnostics::Diagnostics;
use crate::check::hcl::literal;

/// Per-exercise requirements from `exercise.toml`. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirements {
    /// Providers that must be declared in `terraform { required_providers { … } }` with a
    /// version constraint. Either a list of local names (`["aws"]`: any constraint will do)
    /// or a table of name → constraint (`{ aws = "~> 6.0" }`: exactly this constraint,
    /// spaces ignored).
    pub required_providers: Option<ProviderRequirement>,
    /// `true`: some `terraform {}` block must set `required_version`.
    pub required_version: Option<bool>,
    /// Resource types that must be declared at least once, e.g.
    /// `["aws_s3_bucket", "aws_s3_bucket_versioning"]`.
    #[serde(default)]
    pub resources: Vec<String>,
    /// Arguments that EVERY resource of a type must set, as resource type → argument →
    /// expected value. A dotted argument reaches into nested blocks or object values
    /// (`"versioning_configuration.status" = "Enabled"`). The expected value is a string,
    /// number or boolean compared with the literal in the file (a string is also compared
    /// with the source text of an expression, e.g. `"aws_s3_bucket.invoices.id"`); `"*"`
    /// means "set, to anything"; an array means "one of these values". Example:
    /// `[requirements.resource_arguments.aws_s3_bucket_public_access_block]`
    /// `block_public_acls = true`.
    #[serde(default)]
    pub resource_arguments: BTreeMap<String, BTreeMap<String, toml::Value>>,
    /// `true`: every `variable` block must have both a `type` and a `description`
    /// (errors instead of the general rules' warnings).
    pub variables_typed: Option<bool>,
    /// Variables that must be declared, e.g. `["bucket_name"]`.
    #[serde(default)]
    pub variables: Vec<String>,
    /// Outputs that must be declared, e.g. `["bucket_arn"]`.
    #[serde(default)]
    pub outputs: Vec<String>,
    /// A backend type that `terraform { backend "<type>" { … } }` must use, e.g. `"s3"`.
    pub remote_backend: Option<String>,
    /// Variables that must be declared AND marked `sensitive = true`, e.g. `["db_password"]`.
    #[serde(default)]
    pub sensitive_variables: Vec<String>,
    /// Resource types whose every resource must set a non-empty `tags` argument (a
    /// `default_tags` block in the `aws` provider also counts), e.g. `["aws_s3_bucket"]`.
    #[serde(default)]
    pub tags_on: Vec<String>,
    /// Variables that must be declared with a `validation { condition = … error_message =
    /// "…" }` block, e.g. `["environment"]`, so a wrong value stops `terraform plan` with
    /// the team's own message.
    #[serde(default)]
    pub validated_variables: Vec<String>,
    /// Arguments that must not be hard-coded, as resource type → argument names (dotted
    /// for nested blocks). Each must be an expression, such as `var.name`, `local.prefix`,
    /// another resource's attribute or a template like `"orders-api-${var.environment}"`,
    /// never a plain literal. Example: `not_hardcoded = { aws_sqs_queue = ["name"] }`.
    #[serde(default)]
    pub not_hardcoded: BTreeMap<String, Vec<String>>,
    /// Resource types that must be written as blocks repeated with `for_each` (or `count`)
    /// instead of copy-pasted blocks: every block of each type must set one of the two,
    /// e.g. `["aws_subnet"]`.
    #[serde(default)]
    pub for_each_on: Vec<String>,
    /// Arguments that the `terraform { backend "<type>" { … } }` block must set, matched
    /// like `resource_arguments` (`"*"` means "set, to anything"). Example:
    /// `backend_arguments = { use_lockfile = true, encrypt = true, key = "*" }`.
    /// Usually combined with `remote_backend`.
    #[serde(default)]
    pub backend_arguments: BTreeMap<String, toml::Value>,
    /// Module calls that must be declared, by local name: `["network"]` needs a
    /// `module "network" { source = "…" }` block.
    #[serde(default)]
    pub modules: Vec<String>,
    /// `true`: every module call from a registry must set `version`, and every git source
    /// must pin a tag or commit with `?ref=` (errors instead of the general rules'
    /// warnings).
    pub modules_pinned: Option<bool>,
    /// Goals decided by running the configuration in the Terraform lab (what the plan
    /// and the simulated apply do); see [`super::LabRequirements`].
    pub lab: Option<Box<super::LabRequirements>>,
}

/// The `required_providers` requirement: names only, or names with exact constraints.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum ProviderRequirement {
    /// `["aws"]`: declared with any version constraint.
    Names(Vec<String>),
    /// `{ aws = "~> 6.0" }`: declared with exactly this constraint (spaces ignored).
    Constraints(BTreeMap<String, String>),
}

pub(super) fn requirements(module: &Module, req: &Requirements, out: &mut Diagnostics) {
    let (file, at) = first_file_at(module);
    let err =
        |out: &mut Diagnostics, rule: &str, message: String| out.error(file, rule, at, message);

    if let Some(wanted) = &req.required_providers {
        let declared = declared_providers(module);
        let list: Vec<(String, Option<String>)> = match wanted {
            ProviderRequirement::Names(n) => n.iter().map(|n| (n.clone(), None)).collect(),
            ProviderRequirement::Constraints(c) => c
                .iter()
                .map(|(n, v)| (n.clone(), Some(v.clone())))
                .collect(),
        };
        for (name, constraint) in list {
            let example = constraint.clone().unwrap_or_else(|| "~> X.0".into());
            let source = if name == "aws" {
                "hashicorp/aws".to_string()
            } else {
                format!("hashicorp/{name}")
            };
            match declared.get(&name) {
                None => err(
                    out,
                    "require-provider",
                    format!(
                        "declare the `{name}` provider in `terraform {{ required_providers {{ {name} = {{ source = \"{source}\", version = \"{example}\" }} }} }}`, \
                         so `terraform init` installs a known version"
                    ),
                ),
                Some(d) => {
                    let squash =
                        |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
                    let ok = match (&d.version, &constraint) {
                        (None, _) => false,
                        (Some(_), None) => true,
                        (Some(have), Some(want)) => squash(have) == squash(want),
                    };
                    if !ok {
                        let have = d
                            .version
                            .as_deref()
                            .map_or("no version".to_string(), |v| format!("`{v}`"));
                        d.item.error(
                            out,
                            "require-provider",
                            d.item.attr_at(d.attr),
                            format!("`{name}` is declared with {have}; this exercise expects `version = \"{example}\"`"),
                        );
                    }
                }
            }
        }
    }

    for ty in &req.resources {
        if module.resources(ty).next().is_none() {
            err(
                out,
                "require-resource",
                format!(
                    "add a `resource \"{ty}\" \"<name>\" {{ … }}` block: this exercise needs one"
                ),
            );
        }
    }

    for (ty, args) in &req.resource_arguments {
        let mut any = false;
        for item in module.resources(ty) {
            any = true;
            for (path, expected) in args {
                check_argument(&item, path, expected, out);
            }
        }
        if !any && !req.resources.contains(ty) {
            err(
                out,
                "require-resource",
                format!(
                    "add a `resource \"{ty}\" \"<name>\" {{ … }}` block: this exercise needs one"
                ),
            );
        }
    }

    for name in &req.variables {
        if module.variable(name).is_none() {
            err(
                out,
                "require-variable",
                format!(
                    "declare `variable \"{name}\" {{ type = … description = \"…\" }}` and use it as `var.{name}` instead of a hard-coded value"
                ),
            );
        }
    }

    for name in &req.outputs {
        if !module.blocks("output").any(|o| o.label(0) == name) {
            err(
                out,
                "require-output",
                format!(
                    "add `output \"{name}\" {{ value = … }}`: outputs are how other code and people get values such as names and ARNs after `terraform apply`"
                ),
            );
        }
    }

    if let Some(backend) = &req.remote_backend {
        let found: Vec<Item> = module
            .blocks("terraform")
            .flat_map(|t| {
                t.block.body.get_blocks("backend").map(move |b| Item {
                    file: t.file,
                    loc: t.loc,
                    block: b,
                })
            })
            .collect();
        if !found.iter().any(|b| b.label(0) == backend) {
            let example = if backend == "s3" {
                "backend \"s3\" { bucket = \"…\" key = \"…/terraform.tfstate\" region = \"…\" use_lockfile = true }".to_string()
            } else {
                format!("backend \"{backend}\" {{ … }}")
            };
            let message = format!(
                "store the state remotely: add `{example}` inside `terraform {{ }}`, so the team shares one state file and two applies cannot run at once"
            );
            match found.first() {
                Some(b) => b.error(out, "require-remote-backend", b.at(), message),
                None => err(out, "require-remote-backend", message),
            }
        }
    }

    for name in &req.sensitive_variables {
        match module.variable(name) {
            None => err(out, "require-sensitive-variable",
                format!("declare `variable \"{name}\" {{ type = string description = \"…\" sensitive = true }}`"),
            ),
            Some(v) if !is_true(&v.block.body, "sensitive") => v.error(
                out,
                "require-sensitive-variable",
                v.at(),
                format!("add `sensitive = true` to variable `{name}`, so its value never appears in plan output or logs"),
            ),
            Some(_) => {}
        }
    }

    let default_tags = module
        .blocks("provider")
        .any(|p| p.label(0) == "aws" && p.block.body.get_blocks("default_tags").next().is_some());
    for ty in &req.tags_on {
        let mut any = false;
        for item in module.resources(ty) {
            any = true;
            let tagged = match item.block.body.get_attribute("tags") {
                None => false,
                Some(a) => !matches!(literal(&a.value), Some(Value::Object(o)) if o.is_empty()),
            };
            if !tagged && !default_tags {
                item.error(
                    out,
                    "require-tags",
                    item.at(),
                    format!(
                        "`{ty}.{}` has no tags: add e.g. `tags = {{ Service = \"orders-api\", Environment = \"dev\" }}`, so the bill and the console show who owns it",
                        item.label(1)
                    ),
                );
            }
        }
        if !any && !req.resources.contains(ty) {
            err(
                out,
                "require-tags",
                format!("add a `{ty}` resource (with `tags`): this exercise needs one"),
            );
        }
    }
    backend_arguments(module, req, out);
    validated_variables(module, req, out);
    not_hardcoded(module, req, out);
    for_each_on(module, req, out);
    module_requirements(module, req, out);
}

/// `backend_arguments`: checked on every backend block; reported once at the
/// `terraform {}` block when there is none (`remote_backend` explains what to add).
fn backend_arguments(module: &Module, req: &Requirements, out: &mut Diagnostics) {
    if req.backend_arguments.is_empty() {
        return;
    }
    let mut any = false;
    for t in module.blocks("terraform") {
        for backend in t.block.body.get_blocks("backend") {
            any = true;
            let kind = backend.labels.first().map_or("", |l| l.as_str());
            let target = Target {
                file: t.file,
                loc: t.loc,
                body: &backend.body,
                address: format!("backend \"{kind}\""),
                at: t.loc.span_start(backend.ident.span()),
                rule: "require-backend-argument",
            };
            for (path, expected) in &req.backend_arguments {
                check_target_argument(&target, path, expected, out);
            }
        }
    }
    if !any && req.remote_backend.is_none() {
        let (file, at) = first_file_at(module);
        let wanted: Vec<String> = req
            .backend_arguments
            .keys()
            .map(|k| format!("`{k}`"))
            .collect();
        out.error(
            file,
            "require-backend-argument",
            at,
            format!(
                "add a `backend \"<type>\" {{ … }}` block inside `terraform {{ }}` that sets {}: this exercise needs it",
                wanted.join(", ")
            ),
        );
    }
}
