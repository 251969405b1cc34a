//! Providers and versions: every provider used is pinned in `required_providers`, the AWS
//! provider is not several majors behind, and `required_version` is set.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use hcl::edit::structure::Attribute;
use regex::Regex;
use serde_json::Value;

use super::module::{Item, Module, first_file_at};
use super::requirements::{ProviderRequirement, Requirements};
use crate::check::diagnostics::Diagnostics;
use crate::check::hcl::literal;

pub(super) struct Declared<'a> {
    pub(super) item: Item<'a>,
    pub(super) attr: &'a Attribute,
    pub(super) version: Option<String>,
}

/// `required_providers` entries by local name (the first declaration wins).
pub(super) fn declared_providers<'a>(module: &'a Module<'a>) -> BTreeMap<String, Declared<'a>> {
    let mut out = BTreeMap::new();
    for t in module.blocks("terraform") {
        for rp in t.block.body.get_blocks("required_providers") {
            for attr in rp.body.attributes() {
                let version = match literal(&attr.value) {
                    Some(Value::Object(o)) => {
                        o.get("version").and_then(Value::as_str).map(str::to_string)
                    }
                    // The legacy shorthand `aws = "~> 6.0"` is a bare version constraint.
                    Some(Value::String(s)) => Some(s),
                    _ => None,
                };
                out.entry(attr.key.as_str().to_string())
                    .or_insert(Declared {
                        item: t,
                        attr,
                        version,
                    });
            }
        }
    }
    out
}

/// Providers the configuration uses, with the first block that uses each.
fn used_providers<'a>(module: &'a Module<'a>) -> BTreeMap<String, Item<'a>> {
    let mut used = BTreeMap::new();
    for kind in ["resource", "data", "provider", "ephemeral"] {
        for item in module.blocks(kind) {
            let ty = item.label(0);
            let name = if kind == "provider" {
                ty
            } else {
                ty.split('_').next().unwrap_or(ty)
            };
            if name.is_empty() || name == "terraform" {
                continue;
            }
            used.entry(name.to_string()).or_insert(item);
        }
    }
    used
}

pub(super) fn providers(module: &Module, req: &Requirements, out: &mut Diagnostics) {
    let declared = declared_providers(module);
    // Providers named by the exercise's requirements are reported there, with the
    // expected constraint.
    let covered: Vec<&str> = match &req.required_providers {
        Some(ProviderRequirement::Names(n)) => n.iter().map(String::as_str).collect(),
        Some(ProviderRequirement::Constraints(c)) => c.keys().map(String::as_str).collect(),
        None => Vec::new(),
    };
    for (name, item) in used_providers(module) {
        if covered.contains(&name.as_str()) {
            continue;
        }
        let suggestion = if name == "aws" {
            "aws = { source = \"hashicorp/aws\", version = \"~> 6.0\" }".to_string()
        } else {
            format!("{name} = {{ source = \"hashicorp/{name}\", version = \"~> X.0\" }}")
        };
        match declared.get(&name) {
            Some(Declared { version: Some(_), .. }) => {}
            Some(d) => d.item.warning(
                out,
                "provider-version",
                d.item.attr_at(d.attr),
                format!(
                    "`{name}` has no version constraint: add one, e.g. `{suggestion}`, so the next `terraform init` cannot pull a new major version with breaking changes"
                ),
            ),
            None => item.warning(
                out,
                "provider-version",
                item.at(),
                format!(
                    "this uses the `{name}` provider, but no `required_providers` entry pins its version: add `terraform {{ required_providers {{ {suggestion} }} }}`, \
                     so everyone (and CI) gets the same provider and a new major version cannot break your code on the next `terraform init`"
                ),
            ),
        }
    }
    if let Some(d) = declared.get("aws")
        && !covered.contains(&"aws")
        && let Some(version) = &d.version
        && let Some(cap) = highest_major(version)
        && cap < 5
    {
        d.item.warning(
            out,
            "aws-provider-outdated",
            d.item.attr_at(d.attr),
            format!(
                "`{version}` keeps the AWS provider at v{cap} or older, several major versions behind: use `version = \"~> 6.0\"`. \
                 Since v4, S3 bucket settings such as versioning and encryption are separate resources, so v3-era examples need rewriting"
            ),
        );
    }
}

/// The highest major version a constraint string allows, when it has an upper bound.
fn highest_major(constraint: &str) -> Option<u64> {
    static PART: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r"^\s*(~>|>=|<=|!=|=|>|<)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?").ok()
    });
    let re = PART.as_ref()?;
    let mut cap: Option<u64> = None;
    for part in constraint.split(',') {
        let Some(c) = re.captures(part) else { continue };
        let op = c.get(1).map_or("=", |m| m.as_str());
        let major: u64 = c.get(2)?.as_str().parse().ok()?;
        let minor = c.get(3).map(|m| m.as_str().parse::<u64>().unwrap_or(0));
        let patch = c.get(4).map(|m| m.as_str().parse::<u64>().unwrap_or(0));
        let this = match op {
            "=" | "<=" => Some(major),
            "~>" if minor.is_some() => Some(major),
            "<" if minor.unwrap_or(0) == 0 && patch.unwrap_or(0) == 0 => {
                Some(major.saturating_sub(1))
            }
            "<" => Some(major),
            _ => None,
        };
        if let Some(t) = this {
            cap = Some(cap.map_or(t, |c| c.min(t)));
        }
    }
    cap
}

pub(super) fn required_version(module: &Module, req: &Requirements, out: &mut Diagnostics) {
    let has = module
        .blocks("terraform")
        .any(|t| t.block.body.get_attribute("required_version").is_some());
    if has || module.files.is_empty() {
        return;
    }
    let (file, at) = first_file_at(module);
    let message = "no `required_version` is set: add `required_version = \">= 1.10\"` to the `terraform {}` block, \
                   so an older Terraform that does not understand this code stops with a clear message instead of failing halfway";
    if req.required_version == Some(true) {
        out.error(file, "require-required-version", at, message);
    } else {
        out.warning(file, "required-version", at, message);
    }
}
