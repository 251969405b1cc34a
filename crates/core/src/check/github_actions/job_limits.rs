//! Requirements that limit one job: it runs only for one branch (`only_on_branch`), and
//! its token holds the scopes it needs (`job_permissions`).

use regex::Regex;

use super::Sink;
use super::requirements::Requirements;
use super::workflow::{Job, Trigger};
use crate::check::yaml::{Node, string_list};

pub(super) fn check_job_limits(
    cx: &mut Sink<'_>,
    root: &Node,
    triggers: &[Trigger<'_>],
    jobs: &[Job<'_>],
    req: &Requirements,
) {
    for (id, branch) in &req.only_on_branch {
        let Some(job) = jobs.iter().find(|j| &j.id == id) else {
            continue; // `require-job` reports a missing job
        };
        if only_pushes_to(triggers, branch, cx.text) {
            continue;
        }
        let condition = job.body.get("if");
        let limited = condition
            .and_then(|c| c.text(cx.text))
            .is_some_and(|c| limits_to_branch(&c, branch));
        if !limited {
            let at = condition.map_or(job.key.at(), Node::at);
            cx.error(
                "require-branch-only",
                at,
                format!(
                    "the `{id}` job also runs for pull requests and other branches, so unreviewed code can publish: add `if: github.event_name == 'push' && github.ref == 'refs/heads/{branch}'` to the job (a condition joined with `||` does not limit it)"
                ),
            );
        }
    }
    for (id, scopes) in &req.job_permissions {
        let Some(job) = jobs.iter().find(|j| &j.id == id) else {
            continue;
        };
        // A job's own `permissions:` replaces the workflow's for that job.
        let (effective, at) = match job.body.get("permissions") {
            Some(p) => (Some(p), p.at()),
            None => (root.get("permissions"), job.key.at()),
        };
        for (scope, level) in scopes {
            if !grants(effective, scope, level, cx.text) {
                let wanted: Vec<String> = scopes.iter().map(|(s, l)| format!("{s}: {l}")).collect();
                cx.error(
                    "require-job-permission",
                    at,
                    format!(
                        "the `{id}` job's token lacks `{scope}: {level}`, so the step that needs it is refused: give the job its own `permissions:` with {}",
                        wanted.join(", ")
                    ),
                );
            }
        }
    }
}

/// The workflow starts only on pushes to exactly `branch`, so every job is limited.
fn only_pushes_to(triggers: &[Trigger<'_>], branch: &str, text: &str) -> bool {
    let [t] = triggers else { return false };
    if t.name != "push" {
        return false;
    }
    let Some(branches) = t.config.and_then(|c| c.get("branches")) else {
        return false;
    };
    let names: Vec<String> = string_list(branches, text)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    names == [branch]
}

/// An `if:` that requires `github.ref` (or `github.ref_name`) to be the branch, and
/// offers no `||` way around it.
fn limits_to_branch(condition: &str, branch: &str) -> bool {
    let expr = condition
        .trim()
        .trim_start_matches("${{")
        .trim_end_matches("}}");
    if expr.contains("||") {
        return false;
    }
    let b = regex::escape(branch);
    let value = format!(r#"(?:'refs/heads/{b}'|"refs/heads/{b}")"#);
    let name = format!(r#"(?:'{b}'|"{b}")"#);
    let pattern = format!(
        r"github\.ref\s*==\s*{value}|{value}\s*==\s*github\.ref\b|github\.ref_name\s*==\s*{name}|{name}\s*==\s*github\.ref_name"
    );
    Regex::new(&pattern).is_ok_and(|re| re.is_match(expr))
}

/// Whether `permissions` (a job's or the workflow's) grants `scope` at `level`; `write`
/// also satisfies `read`.
fn grants(permissions: Option<&Node>, scope: &str, level: &str, text: &str) -> bool {
    let Some(p) = permissions else { return false };
    let granted = match p.str() {
        Some("write-all") => Some("write".to_string()),
        Some("read-all") => Some("read".to_string()),
        Some(_) => None,
        None => p.get(scope).and_then(|v| v.text(text)),
    };
    match (granted.as_deref(), level) {
        (Some("write"), "write" | "read") | (Some("read"), "read") => true,
        (Some(g), l) => g == l,
        (None, _) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::limits_to_branch;

    #[test]
    fn branch_conditions() {
        for ok in [
            "github.ref == 'refs/heads/main'",
            "${{ github.event_name == 'push' && github.ref == 'refs/heads/main' }}",
            "github.ref_name == \"main\"",
            "'refs/heads/main' == github.ref",
        ] {
            assert!(limits_to_branch(ok, "main"), "{ok}");
        }
        for not in [
            "github.ref == 'refs/heads/main' || github.event_name == 'pull_request'",
            "github.ref == 'refs/heads/mainline'",
            "github.ref != 'refs/heads/main'",
            "success()",
        ] {
            assert!(!limits_to_branch(not, "main"), "{not}");
        }
    }
}
