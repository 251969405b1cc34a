//! Credentials written into the configuration: arguments of `provider "aws"` blocks, and
//! anything in the text that looks like an AWS access key id.

use std::ops::Range;
use std::sync::LazyLock;

use hcl::edit::Span;
use regex::Regex;

use super::module::Module;
use crate::check::SourceFile;
use crate::check::diagnostics::Diagnostics;
use crate::check::hcl::literal;
use crate::text::LineIndex;

static ACCESS_KEY_ID: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b").ok());

const CREDENTIAL_ARGS: &[&str] = &["access_key", "secret_key", "token"];

/// Credentials in `provider "aws"` blocks. Returns the byte ranges already reported so that
/// the access-key-id scan does not report the same value twice.
pub(super) fn credentials(module: &Module, out: &mut Diagnostics) -> Vec<(String, Range<usize>)> {
    let mut reported = Vec::new();
    for p in module.blocks("provider").filter(|p| p.label(0) == "aws") {
        for key in CREDENTIAL_ARGS {
            let Some(attr) = p.block.body.get_attribute(key) else {
                continue;
            };
            if literal(&attr.value).is_some() {
                p.error(
                    out,
                    "hardcoded-credentials",
                    p.attr_at(attr),
                    format!(
                        "`{key}` is written into the provider block: anyone who can read this repository (and its git history) can use it. \
                         Delete the line, deactivate the key in IAM if it was ever real, and let the AWS provider find credentials itself: \
                         `aws sso login` or `aws configure` profiles, the `AWS_PROFILE` / `AWS_ACCESS_KEY_ID` environment variables, or an instance or CI role"
                    ),
                );
                if let Some(span) = attr.span() {
                    reported.push((p.file.path.clone(), span));
                }
            } else {
                p.warning(
                    out,
                    "provider-credentials",
                    p.attr_at(attr),
                    format!(
                        "`{key}` passes credentials through a Terraform value, which ends up in plan files and state: \
                         leave it out and let the provider use its default credential chain (an `aws sso login` profile, \
                         environment variables, or an instance or CI role)"
                    ),
                );
            }
        }
    }
    reported
}

/// Anything in the text (values, comments, heredocs) that looks like an AWS access key id.
pub(super) fn access_key_ids(
    file: &SourceFile,
    reported: &[(String, Range<usize>)],
    out: &mut Diagnostics,
) {
    let Some(re) = ACCESS_KEY_ID.as_ref() else {
        return;
    };
    let loc = LineIndex::new(&file.text);
    // A handful is enough to make the point; a file full of keys is not worth 10,000 lines.
    for m in re.find_iter(&file.text).take(20) {
        let already = reported
            .iter()
            .any(|(path, r)| *path == file.path && r.contains(&m.start()));
        if already {
            continue;
        }
        let (line, column) = loc.position(m.start());
        out.error(
            &file.path,
            "hardcoded-credentials",
            (line, column),
            "this looks like an AWS access key ID (`AKIA…` or `ASIA…`): a key in a `.tf` file is readable by everyone with access to the repository, forever, through git history. \
             Remove it, deactivate the key in IAM if it was ever real, and let the AWS provider read credentials from an `aws sso login` profile, environment variables or a role",
        );
    }
}
