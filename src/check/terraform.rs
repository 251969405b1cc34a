//! Checker for the `terraform` kind: one or more `*.tf` files of a root module, parsed with
//! hcl-rs's `hcl-edit` parser (which keeps byte spans, so every finding points at the block
//! or argument it is about).
//!
//! General rules: hard-coded AWS credentials, unpinned providers and Terraform version,
//! undocumented or secret-looking variables, outputs that leak secrets, S3 bucket arguments
//! that moved to their own resources in AWS provider v4+, public-access blocks that leave
//! a door open, SSH open to the internet, duplicate declarations and undeclared variables.
//!
//! The HCL helpers at the bottom (`parse_hcl`, `to_value`, `literal`, `Locator`) are
//! shared with the `cloudwatch-alarm` checker for `aws_cloudwatch_metric_alarm` blocks.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::LazyLock;

use hcl::edit::Span;
use hcl::edit::expr::{Expression, ObjectKey, Traversal, TraversalOperator, UnaryOperator};
use hcl::edit::parser;
use hcl::edit::structure::{Attribute, Block, Body};
use hcl::edit::template::{Element, Template};
use hcl::edit::visit::{self, Visit};
use regex::Regex;
use serde::Deserialize;
use serde_json::Value;

use super::{Diagnostic, SourceFile};

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

/// Applies the general rules of this kind and `req` to `files`.
pub fn check(files: &[SourceFile], req: &Requirements) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut parsed = Vec::new();
    for file in files {
        match parse_hcl(file, "terraform") {
            Ok(body) => parsed.push(TfFile {
                file,
                body,
                loc: Locator::new(&file.text),
            }),
            Err(d) => out.push(d),
        }
    }
    let module = Module { files: parsed };
    let reported = credentials(&module, &mut out);
    for file in files {
        access_key_ids(file, &reported, &mut out);
    }
    if !out.is_empty() && out.iter().any(|d| d.rule == "terraform/syntax") {
        // The rest needs the whole module: fix the syntax first.
        return out;
    }
    if files.is_empty() {
        out.push(Diagnostic::error(
            "terraform/syntax",
            "",
            0,
            0,
            "there is no `.tf` file to check: write your configuration in a file ending in `.tf`",
        ));
        return out;
    }
    providers(&module, req, &mut out);
    required_version(&module, req, &mut out);
    variables(&module, req, &mut out);
    outputs(&module, &mut out);
    s3_inline_arguments(&module, &mut out);
    public_access_blocks(&module, &mut out);
    ssh_open(&module, &mut out);
    backend_locking(&module, &mut out);
    duplicates(&module, &mut out);
    undeclared_variables(&module, &mut out);
    requirements(&module, req, &mut out);
    out
}

// ---------------------------------------------------------------------------------------
// The module: parsed files and the top-level blocks in them.

struct TfFile<'a> {
    file: &'a SourceFile,
    body: Body,
    loc: Locator<'a>,
}

struct Module<'a> {
    files: Vec<TfFile<'a>>,
}

/// A top-level block with the file it lives in.
#[derive(Clone, Copy)]
struct Item<'a> {
    file: &'a SourceFile,
    loc: &'a Locator<'a>,
    block: &'a Block,
}

impl<'a> Item<'a> {
    fn label(&self, i: usize) -> &'a str {
        self.block.labels.get(i).map_or("", |l| l.as_str())
    }

    fn at(&self) -> (usize, usize) {
        self.loc.span(self.block.ident.span())
    }

    fn attr_at(&self, attr: &Attribute) -> (usize, usize) {
        self.loc.span(attr.key.span())
    }

    fn error(&self, rule: &str, at: (usize, usize), message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(rule, &self.file.path, at.0, at.1, message)
    }

    fn warning(&self, rule: &str, at: (usize, usize), message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(rule, &self.file.path, at.0, at.1, message)
    }
}

impl<'a> Module<'a> {
    fn blocks(&'a self, ident: &'a str) -> impl Iterator<Item = Item<'a>> + 'a {
        self.files.iter().flat_map(move |f| {
            f.body.get_blocks(ident).map(move |block| Item {
                file: f.file,
                loc: &f.loc,
                block,
            })
        })
    }

    fn resources(&'a self, ty: &'a str) -> impl Iterator<Item = Item<'a>> + 'a {
        self.blocks("resource").filter(move |r| r.label(0) == ty)
    }

    fn variable(&'a self, name: &str) -> Option<Item<'a>> {
        self.blocks("variable").find(|v| v.label(0) == name)
    }
}

fn is_true(body: &Body, key: &str) -> bool {
    body.get_attribute(key)
        .and_then(|a| literal(&a.value))
        .and_then(|v| v.as_bool())
        == Some(true)
}

fn literal_str<'b>(body: &'b Body, key: &str) -> Option<&'b str> {
    body.get_attribute(key).and_then(|a| a.value.as_str())
}

// ---------------------------------------------------------------------------------------
// Credentials.

static ACCESS_KEY_ID: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b").ok());

const CREDENTIAL_ARGS: &[&str] = &["access_key", "secret_key", "token"];

/// Credentials in `provider "aws"` blocks. Returns the byte ranges already reported so that
/// the access-key-id scan does not report the same value twice.
fn credentials(module: &Module, out: &mut Vec<Diagnostic>) -> Vec<(String, Range<usize>)> {
    let mut reported = Vec::new();
    for p in module.blocks("provider").filter(|p| p.label(0) == "aws") {
        for key in CREDENTIAL_ARGS {
            let Some(attr) = p.block.body.get_attribute(key) else {
                continue;
            };
            if literal(&attr.value).is_some() {
                out.push(p.error(
                    "terraform/hardcoded-credentials",
                    p.attr_at(attr),
                    format!(
                        "`{key}` is written into the provider block: anyone who can read this repository (and its git history) can use it. \
                         Delete the line, deactivate the key in IAM if it was ever real, and let the AWS provider find credentials itself: \
                         `aws sso login` or `aws configure` profiles, the `AWS_PROFILE` / `AWS_ACCESS_KEY_ID` environment variables, or an instance or CI role"
                    ),
                ));
                if let Some(span) = attr.span() {
                    reported.push((p.file.path.clone(), span));
                }
            } else {
                out.push(p.warning(
                    "terraform/provider-credentials",
                    p.attr_at(attr),
                    format!(
                        "`{key}` passes credentials through a Terraform value, which ends up in plan files and state: \
                         leave it out and let the provider use its default credential chain (an `aws sso login` profile, \
                         environment variables, or an instance or CI role)"
                    ),
                ));
            }
        }
    }
    reported
}

/// Anything in the text (values, comments, heredocs) that looks like an AWS access key id.
fn access_key_ids(
    file: &SourceFile,
    reported: &[(String, Range<usize>)],
    out: &mut Vec<Diagnostic>,
) {
    let Some(re) = ACCESS_KEY_ID.as_ref() else {
        return;
    };
    let loc = Locator::new(&file.text);
    // A handful is enough to make the point; a file full of keys is not worth 10,000 lines.
    for m in re.find_iter(&file.text).take(20) {
        let already = reported
            .iter()
            .any(|(path, r)| *path == file.path && r.contains(&m.start()));
        if already {
            continue;
        }
        let (line, column) = loc.at(m.start());
        out.push(Diagnostic::error(
            "terraform/hardcoded-credentials",
            &file.path,
            line,
            column,
            "this looks like an AWS access key ID (`AKIA…` or `ASIA…`): a key in a `.tf` file is readable by everyone with access to the repository, forever, through git history. \
             Remove it, deactivate the key in IAM if it was ever real, and let the AWS provider read credentials from an `aws sso login` profile, environment variables or a role",
        ));
    }
}

// ---------------------------------------------------------------------------------------
// Providers and versions.

struct Declared<'a> {
    item: Item<'a>,
    attr: &'a Attribute,
    version: Option<String>,
}

/// `required_providers` entries by local name (the first declaration wins).
fn declared_providers<'a>(module: &'a Module<'a>) -> BTreeMap<String, Declared<'a>> {
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

fn providers(module: &Module, req: &Requirements, out: &mut Vec<Diagnostic>) {
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
            Some(d) => out.push(d.item.warning(
                "terraform/provider-version",
                d.item.attr_at(d.attr),
                format!(
                    "`{name}` has no version constraint: add one, e.g. `{suggestion}`, so the next `terraform init` cannot pull a new major version with breaking changes"
                ),
            )),
            None => out.push(item.warning(
                "terraform/provider-version",
                item.at(),
                format!(
                    "this uses the `{name}` provider, but no `required_providers` entry pins its version: add `terraform {{ required_providers {{ {suggestion} }} }}`, \
                     so everyone (and CI) gets the same provider and a new major version cannot break your code on the next `terraform init`"
                ),
            )),
        }
    }
    if let Some(d) = declared.get("aws")
        && !covered.contains(&"aws")
        && let Some(version) = &d.version
        && let Some(cap) = highest_major(version)
        && cap < 5
    {
        out.push(d.item.warning(
            "terraform/aws-provider-outdated",
            d.item.attr_at(d.attr),
            format!(
                "`{version}` keeps the AWS provider at v{cap} or older, several major versions behind: use `version = \"~> 6.0\"`. \
                 Since v4, S3 bucket settings such as versioning and encryption are separate resources, so v3-era examples need rewriting"
            ),
        ));
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

fn required_version(module: &Module, req: &Requirements, out: &mut Vec<Diagnostic>) {
    let has = module
        .blocks("terraform")
        .any(|t| t.block.body.get_attribute("required_version").is_some());
    if has {
        return;
    }
    let first = module.blocks("terraform").next();
    let (file, at) = match (first, module.files.first()) {
        (Some(t), _) => (t.file.path.as_str(), t.at()),
        (None, Some(f)) => (f.file.path.as_str(), (0, 0)),
        (None, None) => return,
    };
    let message = "no `required_version` is set: add `required_version = \">= 1.10\"` to the `terraform {}` block, \
                   so an older Terraform that does not understand this code stops with a clear message instead of failing halfway";
    if req.required_version == Some(true) {
        out.push(Diagnostic::error(
            "terraform/require-required-version",
            file,
            at.0,
            at.1,
            message,
        ));
    } else {
        out.push(Diagnostic::warning(
            "terraform/required-version",
            file,
            at.0,
            at.1,
            message,
        ));
    }
}

// ---------------------------------------------------------------------------------------
// Variables and outputs.

/// Whether a name suggests the value is a secret (`db_password`, `api_token`), excluding
/// names that only describe a secret (`db_password_secret_arn`, `token_ttl`).
fn secret_like(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    const WORDS: &[&str] = &[
        "password",
        "passwd",
        "secret",
        "token",
        "api_key",
        "apikey",
        "private_key",
    ];
    const NOT_SECRET: &[&str] = &[
        "_arn", "_name", "_id", "_ids", "_path", "_length", "_ttl", "_version", "_enabled",
        "_count", "_days", "_seconds", "_file", "_policy",
    ];
    WORDS.iter().any(|w| n.contains(w)) && !NOT_SECRET.iter().any(|s| n.ends_with(s))
}

fn variables(module: &Module, req: &Requirements, out: &mut Vec<Diagnostic>) {
    let strict = req.variables_typed == Some(true);
    for v in module.blocks("variable") {
        let name = v.label(0);
        let body = &v.block.body;
        if body.get_attribute("type").is_none() {
            let message = format!(
                "variable `{name}` has no `type`: add one (e.g. `type = string`), so a wrong value is rejected at `terraform plan` with a clear message instead of failing later inside a resource"
            );
            out.push(if strict {
                v.error("terraform/require-variables-typed", v.at(), message)
            } else {
                v.warning("terraform/variable-type", v.at(), message)
            });
        }
        if body.get_attribute("description").is_none() {
            let message = format!(
                "variable `{name}` has no `description`: add one sentence saying what it is for and what a good value looks like; it is shown when Terraform asks for the value and in generated docs"
            );
            out.push(if strict {
                v.error("terraform/require-variables-typed", v.at(), message)
            } else {
                v.warning("terraform/variable-description", v.at(), message)
            });
        }
        if secret_like(name) && !is_true(body, "sensitive") {
            out.push(v.error(
                "terraform/sensitive-variable",
                v.at(),
                format!(
                    "variable `{name}` looks like a secret but is not marked sensitive: add `sensitive = true`, so Terraform hides its value in plan and apply output and CI logs"
                ),
            ));
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

fn outputs(module: &Module, out: &mut Vec<Diagnostic>) {
    let sensitive_vars: BTreeSet<&str> = module
        .blocks("variable")
        .filter(|v| secret_like(v.label(0)) || is_true(&v.block.body, "sensitive"))
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
            out.push(o.error(
                "terraform/sensitive-output",
                o.attr_at(value),
                format!(
                    "output `{name}` shows `{what}`, a secret, in plain text after every `terraform apply` and in CI logs: add `sensitive = true` to the output \
                     (Terraform refuses sensitive values in outputs without it) and read it when needed with `terraform output -raw {name}`"
                ),
            ));
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

// ---------------------------------------------------------------------------------------
// Resource rules.

/// `aws_s3_bucket` arguments deprecated since AWS provider v4, and the resource that replaced each.
const S3_INLINE: &[(&str, &str)] = &[
    ("acl", "aws_s3_bucket_acl"),
    ("grant", "aws_s3_bucket_acl"),
    ("versioning", "aws_s3_bucket_versioning"),
    (
        "server_side_encryption_configuration",
        "aws_s3_bucket_server_side_encryption_configuration",
    ),
    ("logging", "aws_s3_bucket_logging"),
    ("lifecycle_rule", "aws_s3_bucket_lifecycle_configuration"),
    ("website", "aws_s3_bucket_website_configuration"),
    ("cors_rule", "aws_s3_bucket_cors_configuration"),
    ("policy", "aws_s3_bucket_policy"),
    (
        "replication_configuration",
        "aws_s3_bucket_replication_configuration",
    ),
    (
        "object_lock_configuration",
        "aws_s3_bucket_object_lock_configuration",
    ),
    (
        "acceleration_status",
        "aws_s3_bucket_accelerate_configuration",
    ),
    (
        "request_payer",
        "aws_s3_bucket_request_payment_configuration",
    ),
];

fn s3_inline_arguments(module: &Module, out: &mut Vec<Diagnostic>) {
    for bucket in module.resources("aws_s3_bucket") {
        let local = bucket.label(1);
        for structure in bucket.block.body.iter() {
            let (key, span, is_block) = match (structure.as_attribute(), structure.as_block()) {
                (Some(a), _) => (a.key.as_str(), a.key.span(), false),
                (_, Some(b)) => (b.ident.as_str(), b.ident.span(), true),
                _ => continue,
            };
            let Some((_, replacement)) = S3_INLINE.iter().find(|(k, _)| *k == key) else {
                continue;
            };
            let shown = if is_block {
                format!("{key} {{ … }}")
            } else {
                format!("{key} = …")
            };
            let private_acl =
                key == "acl" && literal_str(&bucket.block.body, "acl") == Some("private");
            let message = if private_acl {
                "`acl = \"private\"` is the AWS provider v3 way to keep a bucket private, deprecated since v4: delete the line. \
                 Since April 2023 new buckets are private with ACLs disabled (Object Ownership `BucketOwnerEnforced`), so an ACL is not needed \
                 (an `aws_s3_bucket_acl` would even fail); keep the bucket private with an `aws_s3_bucket_public_access_block`"
                    .to_string()
            } else if replacement == &"aws_s3_bucket_acl" {
                format!(
                    "`{shown}` inside `aws_s3_bucket` is the AWS provider v3 style, deprecated since v4. New buckets have ACLs disabled, \
                     so prefer a bucket policy (`aws_s3_bucket_policy`); if you really need an ACL, use `resource \"aws_s3_bucket_acl\" \"{local}\"` \
                     together with an `aws_s3_bucket_ownership_controls` that enables ACLs"
                )
            } else {
                format!(
                    "`{shown}` inside `aws_s3_bucket` is the AWS provider v3 style, deprecated since v4: move it to its own resource, \
                     `resource \"{replacement}\" \"{local}\" {{ bucket = aws_s3_bucket.{local}.id … }}`. \
                     Separate resources can be changed and imported on their own, and the inline form is being removed"
                )
            };
            out.push(bucket.error(
                "terraform/s3-inline-arguments",
                bucket.loc.span(span),
                message,
            ));
        }
    }
}

const PUBLIC_ACCESS_SETTINGS: [&str; 4] = [
    "block_public_acls",
    "block_public_policy",
    "ignore_public_acls",
    "restrict_public_buckets",
];

fn public_access_blocks(module: &Module, out: &mut Vec<Diagnostic>) {
    let items = module
        .resources("aws_s3_bucket_public_access_block")
        .chain(module.resources("aws_s3_account_public_access_block"));
    for pab in items {
        let body = &pab.block.body;
        let mut missing = Vec::new();
        for key in PUBLIC_ACCESS_SETTINGS {
            match body.get_attribute(key) {
                None => missing.push(format!("`{key}`")),
                Some(attr) => {
                    if literal(&attr.value).and_then(|v| v.as_bool()) == Some(false) {
                        out.push(pab.warning(
                            "terraform/s3-public-access",
                            pab.attr_at(attr),
                            format!(
                                "`{key} = false` leaves a way to make this bucket's objects public: set it to `true` unless the bucket really serves public files (and then prefer CloudFront)"
                            ),
                        ));
                    }
                }
            }
        }
        if !missing.is_empty() {
            out.push(pab.warning(
                "terraform/s3-public-access",
                pab.at(),
                format!(
                    "{} {} not set, and unset means `false`: set all four of `block_public_acls`, `block_public_policy`, `ignore_public_acls` and `restrict_public_buckets` to `true`",
                    missing.join(", "),
                    if missing.len() == 1 { "is" } else { "are" }
                ),
            ));
        }
    }
}

fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Whether a literal rule (`from_port`, `to_port`, `protocol`) covers TCP port 22.
/// Unknown (non-literal) values count as not covering it, to avoid false alarms.
fn covers_ssh(rule: &serde_json::Map<String, Value>, protocol_key: &str) -> bool {
    let protocol = rule.get(protocol_key).and_then(Value::as_str).unwrap_or("");
    if protocol == "-1" || protocol.eq_ignore_ascii_case("all") {
        return true;
    }
    if !(protocol.is_empty() || protocol == "6" || protocol.eq_ignore_ascii_case("tcp")) {
        return false;
    }
    match (
        rule.get("from_port").and_then(num),
        rule.get("to_port").and_then(num),
    ) {
        (Some(from), Some(to)) => from <= 22.0 && 22.0 <= to,
        _ => false,
    }
}

fn open_to_world(rule: &serde_json::Map<String, Value>, keys: &[&str]) -> bool {
    keys.iter().any(|k| match rule.get(*k) {
        Some(Value::Array(a)) => a
            .iter()
            .any(|c| matches!(c.as_str(), Some("0.0.0.0/0" | "::/0"))),
        Some(Value::String(s)) => s == "0.0.0.0/0" || s == "::/0",
        _ => false,
    })
}

/// A block body's literal arguments as a JSON object (non-literal values are left out).
fn literal_args(body: &Body) -> serde_json::Map<String, Value> {
    body.attributes()
        .filter_map(|a| literal(&a.value).map(|v| (a.key.as_str().to_string(), v)))
        .collect()
}

fn ssh_open(module: &Module, out: &mut Vec<Diagnostic>) {
    let message = "SSH (port 22) is open to the whole internet: bots find it within minutes and try passwords and old exploits. \
                   Allow only your VPN or office range (e.g. `cidr_blocks = [\"203.0.113.0/24\"]`), or drop SSH and connect with AWS Systems Manager Session Manager";
    let cidrs = ["cidr_blocks", "ipv6_cidr_blocks"];
    for sg in module.resources("aws_security_group") {
        for ingress in sg.block.body.get_blocks("ingress") {
            let rule = literal_args(&ingress.body);
            if open_to_world(&rule, &cidrs) && covers_ssh(&rule, "protocol") {
                out.push(sg.warning(
                    "terraform/ssh-open-to-world",
                    sg.loc.span(ingress.ident.span()),
                    message,
                ));
            }
        }
        if let Some(attr) = sg.block.body.get_attribute("ingress")
            && let Some(Value::Array(rules)) = literal(&attr.value)
            && rules
                .iter()
                .filter_map(Value::as_object)
                .any(|r| open_to_world(r, &cidrs) && covers_ssh(r, "protocol"))
        {
            out.push(sg.warning("terraform/ssh-open-to-world", sg.attr_at(attr), message));
        }
    }
    for rule in module.resources("aws_security_group_rule") {
        let args = literal_args(&rule.block.body);
        if args.get("type").and_then(Value::as_str) == Some("ingress")
            && open_to_world(&args, &cidrs)
            && covers_ssh(&args, "protocol")
        {
            out.push(rule.warning("terraform/ssh-open-to-world", rule.at(), message));
        }
    }
    for rule in module.resources("aws_vpc_security_group_ingress_rule") {
        let args = literal_args(&rule.block.body);
        if open_to_world(&args, &["cidr_ipv4", "cidr_ipv6"]) && covers_ssh(&args, "ip_protocol") {
            out.push(rule.warning("terraform/ssh-open-to-world", rule.at(), message));
        }
    }
}

/// The `s3` backend should lock the state, with S3's own lock file (Terraform 1.10+);
/// DynamoDB-based locking is deprecated.
fn backend_locking(module: &Module, out: &mut Vec<Diagnostic>) {
    for t in module.blocks("terraform") {
        for backend in t.block.body.get_blocks("backend") {
            if backend.labels.first().map(|l| l.as_str()) != Some("s3") {
                continue;
            }
            let body = &backend.body;
            if is_true(body, "use_lockfile") {
                continue;
            }
            let (at, message) = match body.get_attribute("dynamodb_table") {
                Some(attr) => (
                    t.attr_at(attr),
                    "locking the state with a DynamoDB table is deprecated: add `use_lockfile = true` (S3 keeps the lock next to the state, Terraform 1.10+); \
                     keep `dynamodb_table` only until everyone runs a Terraform that understands the lock file, then remove it and the table",
                ),
                None => (
                    t.loc.span(backend.ident.span()),
                    "this backend does not lock the state, so two `terraform apply` runs at the same time can overwrite each other's changes: add `use_lockfile = true`",
                ),
            };
            out.push(t.warning("terraform/s3-backend-locking", at, message));
        }
    }
}

fn duplicates(module: &Module, out: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<String, Item> = BTreeMap::new();
    for kind in ["resource", "data", "variable", "output", "module"] {
        for item in module.blocks(kind) {
            let labels: Vec<String> = item
                .block
                .labels
                .iter()
                .map(|l| format!("\"{}\"", l.as_str()))
                .collect();
            let key = format!("{kind} {}", labels.join(" "));
            // Positions are computed only for duplicates: `position` walks the text.
            match seen.get(&key) {
                Some(first) => out.push(item.error(
                    "terraform/duplicate",
                    item.at(),
                    format!(
                        "`{key}` is declared a second time (first in {} line {}): Terraform refuses two blocks with the same address. Rename one or delete it",
                        first.file.path,
                        first.at().0
                    ),
                )),
                None => {
                    seen.insert(key, item);
                }
            }
        }
    }
}

fn undeclared_variables(module: &Module, out: &mut Vec<Diagnostic>) {
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
            let (line, column) = f.loc.span(r.span.clone());
            out.push(Diagnostic::warning(
                "terraform/undeclared-variable",
                &f.file.path,
                line,
                column,
                format!(
                    "`var.{name}` is used but no `variable \"{name}\"` block is declared in the files checked: declare it with a `type` and a `description` \
                     (or, if it lives in another file, check the whole folder). `terraform validate` rejects undeclared variables"
                ),
            ));
        }
    }
}

// ---------------------------------------------------------------------------------------
// Requirements.

fn first_file_at<'a>(module: &'a Module<'a>) -> (&'a str, (usize, usize)) {
    let file = module
        .blocks("terraform")
        .next()
        .map(|t| (t.file.path.as_str(), t.at()));
    file.unwrap_or_else(|| {
        (
            module.files.first().map_or("", |f| f.file.path.as_str()),
            (0, 0),
        )
    })
}

fn requirements(module: &Module, req: &Requirements, out: &mut Vec<Diagnostic>) {
    let (file, at) = first_file_at(module);
    let err = |rule: &str, message: String| Diagnostic::error(rule, file, at.0, at.1, message);

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
                None => out.push(err(
                    "terraform/require-provider",
                    format!(
                        "declare the `{name}` provider in `terraform {{ required_providers {{ {name} = {{ source = \"{source}\", version = \"{example}\" }} }} }}`, \
                         so `terraform init` installs a known version"
                    ),
                )),
                Some(d) => {
                    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
                    let ok = match (&d.version, &constraint) {
                        (None, _) => false,
                        (Some(_), None) => true,
                        (Some(have), Some(want)) => squash(have) == squash(want),
                    };
                    if !ok {
                        let have = d.version.as_deref().map_or("no version".to_string(), |v| format!("`{v}`"));
                        out.push(d.item.error(
                            "terraform/require-provider",
                            d.item.attr_at(d.attr),
                            format!("`{name}` is declared with {have}; this exercise expects `version = \"{example}\"`"),
                        ));
                    }
                }
            }
        }
    }

    for ty in &req.resources {
        if module.resources(ty).next().is_none() {
            out.push(err(
                "terraform/require-resource",
                format!(
                    "add a `resource \"{ty}\" \"<name>\" {{ … }}` block: this exercise needs one"
                ),
            ));
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
            out.push(err(
                "terraform/require-resource",
                format!(
                    "add a `resource \"{ty}\" \"<name>\" {{ … }}` block: this exercise needs one"
                ),
            ));
        }
    }

    for name in &req.variables {
        if module.variable(name).is_none() {
            out.push(err(
                "terraform/require-variable",
                format!(
                    "declare `variable \"{name}\" {{ type = … description = \"…\" }}` and use it as `var.{name}` instead of a hard-coded value"
                ),
            ));
        }
    }

    for name in &req.outputs {
        if !module.blocks("output").any(|o| o.label(0) == name) {
            out.push(err(
                "terraform/require-output",
                format!(
                    "add `output \"{name}\" {{ value = … }}`: outputs are how other code and people get values such as names and ARNs after `terraform apply`"
                ),
            ));
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
                Some(b) => out.push(b.error("terraform/require-remote-backend", b.at(), message)),
                None => out.push(err("terraform/require-remote-backend", message)),
            }
        }
    }

    for name in &req.sensitive_variables {
        match module.variable(name) {
            None => out.push(err(
                "terraform/require-sensitive-variable",
                format!("declare `variable \"{name}\" {{ type = string description = \"…\" sensitive = true }}`"),
            )),
            Some(v) if !is_true(&v.block.body, "sensitive") => out.push(v.error(
                "terraform/require-sensitive-variable",
                v.at(),
                format!("add `sensitive = true` to variable `{name}`, so its value never appears in plan output or logs"),
            )),
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
                out.push(item.error(
                    "terraform/require-tags",
                    item.at(),
                    format!(
                        "`{ty}.{}` has no tags: add e.g. `tags = {{ Service = \"orders-api\", Environment = \"dev\" }}`, so the bill and the console show who owns it",
                        item.label(1)
                    ),
                ));
            }
        }
        if !any && !req.resources.contains(ty) {
            out.push(err(
                "terraform/require-tags",
                format!("add a `{ty}` resource (with `tags`): this exercise needs one"),
            ));
        }
    }
}

/// Values found at a dotted path: attributes in nested blocks or keys of object values.
/// `None` as a value means the argument is set to an expression that is not a literal.
fn values_at(
    body: &Body,
    path: &[&str],
    text: &str,
) -> Vec<(Option<Value>, String, Option<Range<usize>>)> {
    let Some((head, rest)) = path.split_first() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    if let Some(attr) = body.get_attribute(head) {
        let mut value = Some(to_value(&attr.value, text));
        for key in rest {
            value = value.and_then(|v| v.get(*key).cloned());
        }
        if let Some(v) = value {
            let source = expr_source(&v).unwrap_or_default();
            let lit = if contains_expr(&v) { None } else { Some(v) };
            found.push((lit, source, attr.key.span()));
        }
    }
    if !rest.is_empty() {
        for b in body.get_blocks(head) {
            found.extend(values_at(&b.body, rest, text));
        }
    }
    found
}

/// Whether an expected string is meant as a reference (`var.bucket_name`,
/// `aws_s3_bucket.invoices.id`) rather than a quoted string.
fn looks_like_reference(s: &str) -> bool {
    static REFERENCE: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"^[a-z][a-z0-9_]*(\.[A-Za-z0-9_-]+)+$").ok());
    let prefixed = ["var.", "local.", "data.", "module."]
        .iter()
        .any(|p| s.starts_with(p));
    let resource = s.split('.').count() >= 3;
    (prefixed || resource) && REFERENCE.as_ref().is_some_and(|re| re.is_match(s))
}

fn show_expected(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) if looks_like_reference(s) => s.clone(),
        toml::Value::String(s) => format!("\"{s}\""),
        toml::Value::Array(a) => a.iter().map(show_expected).collect::<Vec<_>>().join(" or "),
        other => other.to_string(),
    }
}

fn matches_expected(have: &Option<Value>, source: &str, want: &toml::Value) -> bool {
    match want {
        toml::Value::String(s) if s == "*" => true,
        toml::Value::Array(options) => options.iter().any(|o| matches_expected(have, source, o)),
        toml::Value::String(s) => match have {
            Some(Value::String(h)) => h == s,
            Some(Value::Number(n)) => n.to_string() == *s,
            Some(Value::Bool(b)) => b.to_string() == *s,
            None => source.trim() == s,
            _ => false,
        },
        toml::Value::Integer(i) => have
            .as_ref()
            .and_then(num)
            .is_some_and(|h| (h - *i as f64).abs() < 1e-9),
        toml::Value::Float(f) => have
            .as_ref()
            .and_then(num)
            .is_some_and(|h| (h - f).abs() < 1e-9),
        toml::Value::Boolean(b) => match have {
            Some(Value::Bool(h)) => h == b,
            Some(Value::String(h)) => *h == b.to_string(),
            _ => false,
        },
        _ => false,
    }
}

fn describe_path(path: &[&str], expected: &toml::Value) -> String {
    let Some((last, blocks)) = path.split_last() else {
        return String::new();
    };
    let assignment = match expected {
        toml::Value::String(s) if s == "*" => format!("`{last}`"),
        toml::Value::Array(_) => format!("`{last}` to {}", show_expected(expected)),
        _ => format!("`{last} = {}`", show_expected(expected)),
    };
    if blocks.is_empty() {
        assignment
    } else {
        let nest: String = blocks.iter().map(|b| format!("{b} {{ ")).collect();
        let close: String = blocks.iter().map(|_| "}").collect::<Vec<_>>().join(" ");
        format!("{assignment} inside `{nest}… {close}`")
    }
}

fn check_argument(item: &Item, path: &str, expected: &toml::Value, out: &mut Vec<Diagnostic>) {
    let parts: Vec<&str> = path.split('.').collect();
    let found = values_at(&item.block.body, &parts, &item.file.text);
    let address = format!("{}.{}", item.label(0), item.label(1));
    let wanted = describe_path(&parts, expected);
    if found.is_empty() {
        out.push(item.error(
            "terraform/require-resource-argument",
            item.at(),
            format!("`{address}` does not set {wanted}: set it, this exercise needs it"),
        ));
        return;
    }
    if found
        .iter()
        .any(|(have, source, _)| matches_expected(have, source, expected))
    {
        return;
    }
    let (have, source, span) = &found[0];
    let shown = match have {
        Some(v) => v.to_string(),
        None => source.clone(),
    };
    out.push(item.error(
        "terraform/require-resource-argument",
        item.loc.span(span.clone()),
        format!("`{address}` sets `{path}` to `{shown}`; this exercise expects {wanted}"),
    ));
}

// ---------------------------------------------------------------------------------------
// HCL helpers shared with the cloudwatch-alarm checker.

/// Parses one file into an `hcl-edit` body (with spans), or a `<kind>/syntax` diagnostic
/// carrying the parser's line and column.
pub(crate) fn parse_hcl(file: &SourceFile, kind: &str) -> Result<Body, Diagnostic> {
    parser::parse_body(&file.text).map_err(|e| {
        let loc = e.location();
        let detail = e.message();
        let hint = if detail.contains("nesting depth") {
            "the file nests blocks or brackets too deeply to read"
        } else {
            "look on this line or just above it for an unclosed `{`, `[` or `\"`, a missing `=` between a name and its value, \
             or two arguments on one line (each argument needs its own line)"
        };
        Diagnostic::error(
            &format!("{kind}/syntax"),
            &file.path,
            loc.line(),
            loc.column(),
            format!("this is not valid HCL, so Terraform cannot read the file ({detail}): {hint}"),
        )
    })
}

/// Turns byte offsets into 1-based (line, column) exactly like [`super::position`], but in
/// O(log lines + line length) per lookup, so files with thousands of findings stay fast.
pub(crate) struct Locator<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Locator<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Locator { text, starts }
    }

    pub(crate) fn at(&self, offset: usize) -> (usize, usize) {
        let mut end = offset.min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        // `starts[0] == 0 <= end`, so the line is at least 1.
        let line = self.starts.partition_point(|&s| s <= end).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..end)
            .map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }

    /// The position of the start of a span; (0, 0) when there is none.
    pub(crate) fn span(&self, span: Option<Range<usize>>) -> (usize, usize) {
        span.map_or((0, 0), |r| self.at(r.start))
    }
}

/// The key marking a value that is an expression rather than a literal: such values become
/// `{ EXPR_KEY: "<source text>" }` in [`to_value`].
pub(crate) const EXPR_KEY: &str = "\u{0}expr";

/// The source text of an expression placeholder made by [`to_value`].
pub(crate) fn expr_source(v: &Value) -> Option<String> {
    match v {
        Value::Object(o) if o.len() == 1 => {
            o.get(EXPR_KEY).and_then(Value::as_str).map(str::to_string)
        }
        _ => None,
    }
}

fn contains_expr(v: &Value) -> bool {
    match v {
        Value::Object(o) => o.contains_key(EXPR_KEY) || o.values().any(contains_expr),
        Value::Array(a) => a.iter().any(contains_expr),
        _ => false,
    }
}

/// A literal expression (numbers, strings without interpolation, booleans, null, and
/// arrays and objects of those) as JSON; `None` for anything that needs evaluating.
pub(crate) fn literal(expr: &Expression) -> Option<Value> {
    let v = to_value(expr, "");
    if contains_expr(&v) { None } else { Some(v) }
}

/// Converts an expression to JSON, replacing every part that is not a literal with an
/// [`EXPR_KEY`] placeholder holding its source text (taken from `text`).
pub(crate) fn to_value(expr: &Expression, text: &str) -> Value {
    let placeholder = || {
        let source = expr
            .span()
            .and_then(|r| text.get(r))
            .unwrap_or("")
            .trim()
            .to_string();
        let mut m = serde_json::Map::new();
        m.insert(EXPR_KEY.to_string(), Value::String(source));
        Value::Object(m)
    };
    match expr {
        Expression::Null(_) => Value::Null,
        Expression::Bool(b) => Value::Bool(*b.value()),
        Expression::Number(n) => number_value(n.value()).unwrap_or_else(placeholder),
        Expression::String(s) => Value::String(s.value().clone()),
        Expression::Array(a) => Value::Array(a.iter().map(|e| to_value(e, text)).collect()),
        Expression::Object(o) => {
            let mut m = serde_json::Map::new();
            for (k, v) in o.iter() {
                let key = match k {
                    ObjectKey::Ident(i) => Some(i.as_str().to_string()),
                    ObjectKey::Expression(e) => {
                        literal(e).and_then(|k| k.as_str().map(str::to_string))
                    }
                };
                match key {
                    Some(key) => {
                        m.insert(key, to_value(v.expr(), text));
                    }
                    None => return placeholder(),
                }
            }
            Value::Object(m)
        }
        Expression::StringTemplate(t) => {
            template_literal(t).map_or_else(placeholder, Value::String)
        }
        Expression::HeredocTemplate(h) => {
            template_literal(&h.template).map_or_else(placeholder, Value::String)
        }
        Expression::Parenthesis(p) => to_value(p.inner(), text),
        Expression::UnaryOp(u) if *u.operator.value() == UnaryOperator::Neg => {
            match to_value(&u.expr, text)
                .as_f64()
                .and_then(|f| serde_json::Number::from_f64(-f))
            {
                Some(n) => Value::Number(n),
                None => placeholder(),
            }
        }
        _ => placeholder(),
    }
}

fn number_value(n: &hcl::edit::Number) -> Option<Value> {
    if let Some(u) = n.as_u64() {
        return Some(Value::from(u));
    }
    if let Some(i) = n.as_i64() {
        return Some(Value::from(i));
    }
    n.as_f64()
        .and_then(serde_json::Number::from_f64)
        .map(Value::Number)
}

fn template_literal(t: &Template) -> Option<String> {
    let mut s = String::new();
    for element in t.iter() {
        match element {
            Element::Literal(l) => s.push_str(l.value()),
            _ => return None,
        }
    }
    Some(s)
}
