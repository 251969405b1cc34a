//! Module calls (`module "network" { source = … }`): registry modules pin a `version`,
//! git sources pin a `?ref=`, `version` is only used with registry sources, and the
//! `modules` / `modules_pinned` requirements.

use std::sync::LazyLock;

use regex::Regex;

use super::module::{Item, Module, first_file_at};
use super::requirements::Requirements;
use crate::check::diagnostics::Diagnostics;

/// Where a module's code comes from, as Terraform reads its `source`.
#[derive(Debug, PartialEq, Eq)]
enum Source {
    /// `./modules/bucket` or `../shared`: files in the same repository.
    Local,
    /// `terraform-aws-modules/vpc/aws`, optionally with a registry host in front.
    Registry,
    /// `git::https://…`, `github.com/…`, `bitbucket.org/…`: pinned when it has a `ref`.
    Git { pinned: bool },
    /// Anything else (HTTP archives, S3, GCS): not judged.
    Other,
}

fn classify(source: &str) -> Source {
    static REGISTRY: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(
            r"^(?:[a-z0-9.-]+\.[a-z]{2,}(?::\d+)?/)?[A-Za-z0-9][A-Za-z0-9_-]*/[A-Za-z0-9][A-Za-z0-9_-]*/[A-Za-z0-9]+(?://.*)?$",
        )
        .ok()
    });
    if source.starts_with("./") || source.starts_with("../") {
        return Source::Local;
    }
    let git = source.starts_with("git::")
        || source.starts_with("git@")
        || source.starts_with("github.com/")
        || source.starts_with("bitbucket.org/");
    if git {
        let query = source.split_once('?').map_or("", |(_, q)| q);
        let pinned = query
            .split('&')
            .any(|p| p.strip_prefix("ref=").is_some_and(|r| !r.is_empty()));
        return Source::Git { pinned };
    }
    if source.contains("::") {
        return Source::Other;
    }
    if REGISTRY.as_ref().is_some_and(|re| re.is_match(source)) {
        Source::Registry
    } else {
        Source::Other
    }
}

fn finding(out: &mut Diagnostics, call: &Item, strict: bool, at: (usize, usize), message: String) {
    if strict {
        call.error(out, "require-module-version", at, message);
    } else {
        call.warning(out, "module-version", at, message);
    }
}

/// General rules on every module call; `modules_pinned` turns the warnings into errors.
pub(super) fn module_versions(module: &Module, req: &Requirements, out: &mut Diagnostics) {
    let strict = req.modules_pinned == Some(true);
    for call in module.blocks("module") {
        let name = call.label(0);
        let body = &call.block.body;
        let Some(source_attr) = body.get_attribute("source") else {
            continue;
        };
        let Some(source) = source_attr.value.as_str() else {
            continue;
        };
        let version = body.get_attribute("version");
        match classify(source) {
            Source::Registry if version.is_none() => finding(
                out,
                &call,
                strict,
                call.at(),
                format!(
                    "module `{name}` comes from the registry without a `version`, so every fresh clone and every `terraform init -upgrade` \
                     can pull a newer release with breaking changes (`.terraform.lock.hcl` pins providers, not modules): \
                     add `version = \"~> X.Y\"` with the major version you tested"
                ),
            ),
            Source::Git { pinned: false } => finding(
                out,
                &call,
                strict,
                call.attr_at(source_attr),
                format!(
                    "module `{name}` comes from git without a `ref`, so it follows whatever the default branch holds today: \
                     pin a tag or commit, e.g. `source = \"{source}?ref=v1.2.0\"`"
                ),
            ),
            Source::Local | Source::Git { .. } | Source::Other if version.is_some() => {
                let at = version.map_or(call.at(), |v| call.attr_at(v));
                call.error(
                    out,
                    "module-source",
                    at,
                    "`version` only works for modules from a registry, and `terraform init` stops with \"Invalid registry module source address\" here: \
                         remove it. A local module (`./…`) is versioned with your own repository; a git source is pinned with `?ref=` in `source`".to_string(),
                );
            }
            _ => {}
        }
    }
}

/// The `modules` requirement: each named module call is declared with a `source`.
pub(super) fn module_requirements(module: &Module, req: &Requirements, out: &mut Diagnostics) {
    for name in &req.modules {
        match module.blocks("module").find(|m| m.label(0) == name) {
            None => {
                let (file, at) = first_file_at(module);
                out.error(
                    file,
                    "require-module",
                    at,
                    format!(
                        "add `module \"{name}\" {{ source = \"…\" }}`: this exercise calls a module by that name, \
                         so the code is written once and reused with different inputs"
                    ),
                );
            }
            Some(call) if call.block.body.get_attribute("source").is_none() => {
                call.error(
                    out,
                    "require-module",
                    call.at(),
                    format!(
                        "module `{name}` has no `source`: Terraform needs it to find the module's code, e.g. `source = \"./modules/{name}\"`"
                    ),
                );
            }
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Source, classify};

    #[test]
    fn sources_are_classified() {
        assert_eq!(classify("./modules/bucket"), Source::Local);
        assert_eq!(classify("../shared/vpc"), Source::Local);
        assert_eq!(classify("terraform-aws-modules/vpc/aws"), Source::Registry);
        assert_eq!(classify("app.terraform.io/acme/vpc/aws"), Source::Registry);
        assert_eq!(
            classify("terraform-aws-modules/iam/aws//modules/iam-role"),
            Source::Registry
        );
        assert_eq!(
            classify("github.com/acme/tf-modules"),
            Source::Git { pinned: false }
        );
        assert_eq!(
            classify("git::https://example.com/vpc.git?ref=v1.2.0"),
            Source::Git { pinned: true }
        );
        assert_eq!(
            classify("git::https://example.com/vpc.git?ref="),
            Source::Git { pinned: false }
        );
        assert_eq!(
            classify("s3::https://s3.amazonaws.com/bucket/vpc.zip"),
            Source::Other
        );
        assert_eq!(
            classify("https://example.com/vpc-module.zip"),
            Source::Other
        );
    }
}
