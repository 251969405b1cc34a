//! Rules on resources and blocks: S3 bucket arguments that moved to their own resources,
//! public-access blocks that leave a door open, SSH open to the internet, an S3 backend
//! without state locking, and two blocks with the same address.

use std::collections::BTreeMap;

use hcl::edit::Span;
use hcl::edit::structure::Body;
use serde_json::Value;

use super::module::{Item, Module, is_true, literal_str, num};
use crate::check::diagnostics::Diagnostics;
use crate::check::hcl::literal;

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

pub(super) fn s3_inline_arguments(module: &Module, out: &mut Diagnostics) {
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
            bucket.error(
                out,
                "s3-inline-arguments",
                bucket.loc.span_start(span),
                message,
            );
        }
    }
}

const PUBLIC_ACCESS_SETTINGS: [&str; 4] = [
    "block_public_acls",
    "block_public_policy",
    "ignore_public_acls",
    "restrict_public_buckets",
];

pub(super) fn public_access_blocks(module: &Module, out: &mut Diagnostics) {
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
                        pab.warning(
                            out,
                            "s3-public-access",
                            pab.attr_at(attr),
                            format!(
                                "`{key} = false` leaves a way to make this bucket's objects public: set it to `true` unless the bucket really serves public files (and then prefer CloudFront)"
                            ),
                        );
                    }
                }
            }
        }
        if !missing.is_empty() {
            pab.warning(
                out,
                "s3-public-access",
                pab.at(),
                format!(
                    "{} {} not set, and unset means `false`: set all four of `block_public_acls`, `block_public_policy`, `ignore_public_acls` and `restrict_public_buckets` to `true`",
                    missing.join(", "),
                    if missing.len() == 1 { "is" } else { "are" }
                ),
            );
        }
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

pub(super) fn ssh_open(module: &Module, out: &mut Diagnostics) {
    let message = "SSH (port 22) is open to the whole internet: bots find it within minutes and try passwords and old exploits. \
                   Allow only your VPN or office range (e.g. `cidr_blocks = [\"203.0.113.0/24\"]`), or drop SSH and connect with AWS Systems Manager Session Manager";
    let cidrs = ["cidr_blocks", "ipv6_cidr_blocks"];
    for sg in module.resources("aws_security_group") {
        for ingress in sg.block.body.get_blocks("ingress") {
            let rule = literal_args(&ingress.body);
            if open_to_world(&rule, &cidrs) && covers_ssh(&rule, "protocol") {
                sg.warning(
                    out,
                    "ssh-open-to-world",
                    sg.loc.span_start(ingress.ident.span()),
                    message,
                );
            }
        }
        if let Some(attr) = sg.block.body.get_attribute("ingress")
            && let Some(Value::Array(rules)) = literal(&attr.value)
            && rules
                .iter()
                .filter_map(Value::as_object)
                .any(|r| open_to_world(r, &cidrs) && covers_ssh(r, "protocol"))
        {
            sg.warning(out, "ssh-open-to-world", sg.attr_at(attr), message);
        }
    }
    for rule in module.resources("aws_security_group_rule") {
        let args = literal_args(&rule.block.body);
        if args.get("type").and_then(Value::as_str) == Some("ingress")
            && open_to_world(&args, &cidrs)
            && covers_ssh(&args, "protocol")
        {
            rule.warning(out, "ssh-open-to-world", rule.at(), message);
        }
    }
    for rule in module.resources("aws_vpc_security_group_ingress_rule") {
        let args = literal_args(&rule.block.body);
        if open_to_world(&args, &["cidr_ipv4", "cidr_ipv6"]) && covers_ssh(&args, "ip_protocol") {
            rule.warning(out, "ssh-open-to-world", rule.at(), message);
        }
    }
}

/// The `s3` backend should lock the state, with S3's own lock file (Terraform 1.10+);
/// DynamoDB-based locking is deprecated.
pub(super) fn backend_locking(module: &Module, out: &mut Diagnostics) {
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
                    t.loc.span_start(backend.ident.span()),
                    "this backend does not lock the state, so two `terraform apply` runs at the same time can overwrite each other's changes: add `use_lockfile = true`",
                ),
            };
            t.warning(out, "s3-backend-locking", at, message);
        }
    }
}

pub(super) fn duplicates(module: &Module, out: &mut Diagnostics) {
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
                Some(first) => item.error(
                    out,
                    "duplicate",
                    item.at(),
                    format!(
                        "`{key}` is declared a second time (first in {} line {}): Terraform refuses two blocks with the same address. Rename one or delete it",
                        first.file.path,
                        first.at().0
                    ),
                ),
                None => {
                    seen.insert(key, item);
                }
            }
        }
    }
}
