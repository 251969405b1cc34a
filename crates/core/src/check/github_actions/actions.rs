//! The `uses:` of steps and reusable-workflow calls: a version must follow `@`,
//! first-party actions must not be on a retired major, and third-party actions should be
//! pinned to a full commit SHA (must, with the `pinned_actions` requirement).

use std::sync::LazyLock;

use regex::Regex;

use super::{Requirements, Sink};
use crate::check::yaml::Node;

/// First-party actions whose old majors ran on a Node.js runtime GitHub has retired:
/// (action, oldest acceptable major, current major when known).
const OUTDATED: &[(&str, u32, Option<&str>)] = &[
    ("actions/checkout", 4, Some("v7")),
    ("actions/setup-python", 5, Some("v7")),
    ("actions/setup-node", 4, Some("v6")),
    ("actions/cache", 4, Some("v5")),
    ("actions/upload-artifact", 4, None),
    ("actions/download-artifact", 4, None),
    ("actions/setup-java", 4, None),
    ("actions/setup-go", 5, None),
];

static FULL_SHA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9a-fA-F]{40}$").expect("a constant, valid regex"));

/// The `uses:` of a step or of a job calling a reusable workflow.
pub(super) fn check_uses(cx: &mut Sink<'_>, uses: &Node, req: &Requirements) {
    let Some(spec) = uses.str() else {
        cx.error(
            "shape",
            uses.at(),
            format!(
                "`uses:` must be text such as `actions/checkout@v7`, not {}",
                uses.describe()
            ),
        );
        return;
    };
    let spec = spec.trim();
    if spec.starts_with("./") || spec.starts_with("docker://") || spec.contains("${{") {
        return;
    }
    let (name, reference) = match spec.split_once('@') {
        Some((n, r)) => (n, r.trim()),
        None => (spec, ""),
    };
    let owner = name
        .split('/')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let first_party = owner == "actions" || owner == "github";
    if reference.is_empty() {
        let example = if first_party {
            let current = OUTDATED
                .iter()
                .find(|(a, _, _)| a.eq_ignore_ascii_case(name))
                .and_then(|(_, _, c)| *c)
                .unwrap_or("v1");
            format!("`{name}@{current}`")
        } else {
            format!("`{name}@<full commit SHA>`")
        };
        cx.error(
            "action-no-version",
            uses.at(),
            format!("`{name}` has no version after `@`, so GitHub rejects the step: pin it, e.g. {example}"),
        );
        return;
    }
    if first_party {
        let outdated = OUTDATED
            .iter()
            .find(|(a, _, _)| a.eq_ignore_ascii_case(name));
        if let (Some((_, min, current)), Some(major)) = (outdated, major_version(reference))
            && major < *min
        {
            let update = current.map_or_else(
                || "update to the latest major version listed on the action's page".to_string(),
                |c| format!("update to `{name}@{c}`"),
            );
            cx.warning(
                "outdated-action",
                uses.at(),
                format!("`{name}@{reference}` is an old major version built for a Node.js runtime GitHub Actions has retired, so it warns or fails: {update}"),
            );
        }
        return;
    }
    if !FULL_SHA.is_match(reference) {
        let repo = name.split('/').take(2).collect::<Vec<_>>().join("/");
        let message = format!(
            "`{name}@{reference}` is a third-party action pinned to a tag or branch, and whoever controls that repository can move the tag to new code that runs with your token and secrets (in March 2025 the tags of `tj-actions/changed-files` were moved to code that printed secrets into build logs): pin the full 40-character commit SHA and keep the tag as a comment, e.g. `{name}@<sha> # {reference}` (`gh api repos/{repo}/commits/{reference} --jq .sha` prints it)"
        );
        if req.pinned_actions {
            cx.error("require-pinned-action", uses.at(), message);
        } else {
            cx.warning("unpinned-action", uses.at(), message);
        }
    }
}

/// The major version of a ref such as `v4`, `v4.1.0` or `4`.
fn major_version(reference: &str) -> Option<u32> {
    let digits: String = reference
        .strip_prefix('v')
        .unwrap_or(reference)
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    if digits.is_empty() || digits.len() > 6 || FULL_SHA.is_match(reference) {
        return None;
    }
    digits.parse().ok()
}
