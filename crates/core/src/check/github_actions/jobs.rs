//! Rules for each job and step: `needs:` that name no job, `runs-on:` and `steps:`,
//! steps with both or neither of `uses:` and `run:`, and unquoted versions such as `3.10`
//! that YAML shortens to a number.

use std::collections::BTreeSet;

use super::actions::check_uses;
use super::security::{
    check_env, check_injection, check_run, check_secret_entries, secret_env_names,
};
use super::workflow::Job;
use super::{Requirements, Sink};
use crate::check::yaml::{self, Node, Value, near_key, string_list};

/// `workflow_secrets`: the workflow-level `env:` variables that hold a secret.
pub(super) fn check_job(
    cx: &mut Sink<'_>,
    job: &Job<'_>,
    ids: &BTreeSet<&str>,
    service_values: &BTreeSet<String>,
    workflow_secrets: &BTreeSet<String>,
    req: &Requirements,
) {
    let id = &job.id;
    let mut secret_vars = workflow_secrets.clone();
    secret_vars.extend(secret_env_names(job.body.get("env"), cx.text));
    if let Some(env) = job.body.get("env") {
        check_env(cx, env, service_values, req);
    }
    if let Some(needs) = job.body.get("needs") {
        for (name, at) in string_list(needs, cx.text) {
            if !cx.room("unknown-need") {
                break;
            }
            if name == *id {
                cx.error("unknown-need", at.at(), format!("the job `{id}` needs itself, so it can never start: remove `{name}` from its `needs:`"));
            } else if !ids.contains(name.as_str()) {
                let ids: Vec<&str> = ids.iter().copied().collect();
                let hint = yaml::closest(&name, &ids)
                    .map(|c| format!(" Did you mean `{c}`?"))
                    .unwrap_or_default();
                cx.error(
                    "unknown-need",
                    at.at(),
                    format!("`needs: {name}` names no job in this workflow, so GitHub rejects it: use the id of a job under `jobs:`.{hint}"),
                );
            }
        }
    }
    // Registry logins of the job's container and service containers.
    let containers = job.body.get("container").into_iter().chain(
        job.body
            .get("services")
            .and_then(Node::map)
            .unwrap_or_default()
            .iter()
            .map(|(_, v)| v),
    );
    for container in containers {
        if let Some(credentials) = container.get("credentials") {
            check_secret_entries(cx, credentials, "credentials", &BTreeSet::new(), req);
        }
    }
    if let Some(matrix) = job.body.get("strategy").and_then(|s| s.get("matrix")) {
        check_version_numbers(cx, matrix, true);
    }
    if let Some(uses) = job.body.get("uses") {
        // A call to a reusable workflow: it brings its own runner and steps.
        check_uses(cx, uses, req);
        if let Some(with) = job.body.get("with") {
            check_secret_entries(cx, with, "with", service_values, req);
        }
        return;
    }
    if job.body.get("runs-on").is_none() {
        let hint = near_key(job.body, cx.text, "runs-on")
            .map(|k| format!(" (`{k}:` looks like a typo of it)"))
            .unwrap_or_default();
        cx.error(
            "job-runs-on",
            job.key.at(),
            format!("the job `{id}` has no `runs-on:`{hint}, so GitHub does not know which machine to run it on: add e.g. `runs-on: ubuntu-latest`"),
        );
    }
    let steps = match job.body.get("steps") {
        None => {
            let hint = near_key(job.body, cx.text, "steps")
                .map(|k| format!(" (`{k}:` looks like a typo of it)"))
                .unwrap_or_default();
            cx.error(
                "job-steps",
                job.key.at(),
                format!("the job `{id}` has no `steps:`{hint}, so it has nothing to do: add a list of steps, each with `uses:` or `run:`"),
            );
            return;
        }
        Some(steps) => steps,
    };
    let items = match &steps.value {
        Value::Seq(items) => items.as_slice(),
        Value::Null => &[],
        _ => {
            cx.error(
                "shape",
                steps.at(),
                format!(
                    "`steps:` must be a list (each step starts with `- `), not {}",
                    steps.describe()
                ),
            );
            return;
        }
    };
    if items.is_empty() {
        cx.error(
            "job-steps",
            job.key.at(),
            format!("the job `{id}` has an empty `steps:` list: add at least one step with `uses:` or `run:`"),
        );
    }
    for step in items {
        check_step(cx, step, service_values, &secret_vars, req);
    }
}

fn check_step(
    cx: &mut Sink<'_>,
    step: &Node,
    service_values: &BTreeSet<String>,
    job_secrets: &BTreeSet<String>,
    req: &Requirements,
) {
    if step.map().is_none() {
        cx.error(
            "shape",
            step.at(),
            format!(
                "each step must be a mapping with `uses:` or `run:` (e.g. `- run: pytest`), not {}",
                step.describe()
            ),
        );
        return;
    }
    let uses = step.get("uses");
    let run = step.entry("run");
    match (uses, run) {
        (Some(_), Some((run_key, _))) => cx.error(
            "step-uses-and-run",
            run_key.at(),
            "this step has both `uses:` and `run:`, but a step either runs an action or runs shell commands: split it into two steps",
        ),
        (None, None) => {
            let hint = near_key(step, cx.text, "run")
                .or_else(|| near_key(step, cx.text, "uses"))
                .map(|k| format!(" (`{k}:` looks like a typo)"))
                .unwrap_or_default();
            cx.error(
                "step-no-action",
                step.at(),
                format!("this step has neither `uses:` (an action) nor `run:` (shell commands){hint}, so GitHub rejects the workflow: add one of them"),
            );
        }
        _ => {}
    }
    if let Some(uses) = uses {
        check_uses(cx, uses, req);
    }
    if let Some((_, run)) = run {
        match &run.value {
            Value::Str(_) => {
                let mut secret_vars = job_secrets.clone();
                secret_vars.extend(secret_env_names(step.get("env"), cx.text));
                check_run(cx, run, &secret_vars, req);
            }
            Value::Null => {}
            _ => cx.error(
                "shape",
                run.at(),
                format!("`run:` must be text, not {}; for several commands use a block: `run: |` followed by one command per line", run.describe()),
            ),
        }
    }
    if let Some(env) = step.get("env") {
        check_env(cx, env, service_values, req);
    }
    if let Some(with) = step.get("with") {
        check_secret_entries(cx, with, "with", service_values, req);
        check_version_numbers(cx, with, false);
        let github_script = uses
            .and_then(Node::str)
            .is_some_and(|u| u.to_ascii_lowercase().starts_with("actions/github-script"));
        if let Some(script) = with
            .get("script")
            .filter(|s| github_script && s.str().is_some())
        {
            check_injection(cx, script);
        }
    }
}

/// Unquoted versions such as `3.10` that YAML reads as the number 3.1.
fn check_version_numbers(cx: &mut Sink<'_>, node: &Node, everything: bool) {
    match &node.value {
        Value::Map(entries) => {
            for (k, v) in entries {
                let key = k.text(cx.text).unwrap_or_default().to_ascii_lowercase();
                if everything || key.ends_with("version") {
                    match &v.value {
                        Value::Seq(_) | Value::Map(_) => check_version_numbers(cx, v, true),
                        _ => report_version_number(cx, v),
                    }
                }
            }
        }
        Value::Seq(items) => {
            for item in items {
                match &item.value {
                    Value::Seq(_) | Value::Map(_) => check_version_numbers(cx, item, everything),
                    _ => report_version_number(cx, item),
                }
            }
        }
        _ => {}
    }
}

fn report_version_number(cx: &mut Sink<'_>, v: &Node) {
    let (Some(raw), Value::Float(f)) = (v.float_losing_digits(cx.text), &v.value) else {
        return;
    };
    cx.error(
        "version-as-number",
        v.at(),
        format!("`{raw}` without quotes is the number {f} in YAML, so this asks for version {f}, not {raw}: quote it, `\"{raw}\"`"),
    );
}
