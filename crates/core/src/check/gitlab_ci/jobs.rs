//! Rules for each job: reading the top-level jobs (misspelled keywords, missing
//! `script:`, unknown job keys), undeclared stages, `extends:` and `needs:` that name
//! nothing, and `only`/`except` versus `rules:`.

use super::Sink;
use super::pipeline::{DEPRECATED_GLOBALS, GLOBAL_KEYWORDS, Job, Pipeline};
use crate::check::yaml::{self, Node, Value, near_key, string_list};

/// Every keyword a job may use.
const JOB_KEYWORDS: &[&str] = &[
    "after_script",
    "allow_failure",
    "artifacts",
    "before_script",
    "cache",
    "coverage",
    "dast_configuration",
    "dependencies",
    "environment",
    "except",
    "extends",
    "hooks",
    "id_tokens",
    "identity",
    "image",
    "inherit",
    "interruptible",
    "manual_confirmation",
    "needs",
    "only",
    "pages",
    "parallel",
    "publish",
    "release",
    "resource_group",
    "retry",
    "rules",
    "run",
    "script",
    "secrets",
    "services",
    "stage",
    "start_in",
    "tags",
    "timeout",
    "trigger",
    "variables",
    "when",
];

pub(super) fn read_jobs<'a>(cx: &mut Sink<'_>, top: &'a [(Node, Node)]) -> Vec<Job<'a>> {
    let mut jobs = Vec::new();
    for (k, v) in top {
        let Some(name) = k.text(cx.text) else {
            cx.error(
                "shape",
                k.at(),
                "a job name must be text such as `unit-tests`",
            );
            continue;
        };
        if GLOBAL_KEYWORDS.contains(&name.as_str())
            || DEPRECATED_GLOBALS.contains(&name.as_str())
            || name.starts_with('.')
        {
            continue;
        }
        let keyword = yaml::closest(&name, GLOBAL_KEYWORDS)
            .or_else(|| yaml::closest(&name, DEPRECATED_GLOBALS));
        let job_like = ["script", "trigger", "extends", "run"]
            .iter()
            .any(|key| v.get(key).is_some());
        if let Some(keyword) = keyword.filter(|_| !job_like) {
            cx.error(
                "misspelled-keyword",
                k.at(),
                format!("`{name}:` is not a GitLab keyword, so GitLab reads it as a job named `{name}` (and rejects it): did you mean `{keyword}:`?"),
            );
            continue;
        }
        if v.map().is_none() {
            cx.error(
                "shape",
                v.at(),
                format!("GitLab reads the top-level key `{name}:` as a job, and a job must be a mapping with a `script:`, not {}", v.describe()),
            );
            continue;
        }
        if !job_like {
            let typo = near_key(v, cx.text, "script")
                .map(|k| format!(" (`{k}:` looks like a typo of `script:`)"))
                .unwrap_or_default();
            cx.error(
                "job-no-script",
                k.at(),
                format!("the job `{name}` has no `script:`{typo}, so it has nothing to run and GitLab rejects the pipeline: add `script:` with the commands to run"),
            );
        } else if v.get("script").is_some_and(is_blank_script) {
            cx.error(
                "job-no-script",
                k.at(),
                format!("the job `{name}` has an empty `script:`: list the commands it runs"),
            );
        }
        let job = Job {
            name,
            key: k,
            body: v,
        };
        check_job_keys(cx, &job);
        jobs.push(job);
    }
    jobs
}

fn is_blank_script(script: &Node) -> bool {
    match &script.value {
        Value::Null => true,
        Value::Str(s) => s.trim().is_empty(),
        Value::Seq(items) => items.is_empty(),
        _ => false,
    }
}

/// Keys a job may not have: GitLab rejects the whole pipeline for one unknown key.
pub(super) fn check_job_keys(cx: &mut Sink<'_>, job: &Job<'_>) {
    for (k, _) in job.body.map().unwrap_or_default() {
        let Some(key) = k.text(cx.text) else { continue };
        if JOB_KEYWORDS.contains(&key.as_str()) || key == "<<" {
            continue;
        }
        let hint = yaml::closest(&key, JOB_KEYWORDS)
            .map(|c| format!(" Did you mean `{c}:`?"))
            .unwrap_or_default();
        cx.error(
            "unknown-key",
            k.at(),
            format!("`{key}:` is not a job keyword, so GitLab rejects the pipeline (\"config contains unknown keys\").{hint}"),
        );
    }
}

pub(super) fn check_job(cx: &mut Sink<'_>, job: &Job<'_>, p: &Pipeline<'_>) {
    let name = &job.name;
    // Stage.
    if !p.includes || p.root.get("stages").is_some() {
        let (stage, node) = p.stage_of(job);
        if !stage.is_empty() && !p.stage_set.contains(&stage) && cx.room("undeclared-stage") {
            let declared: Vec<&str> = p
                .stages
                .iter()
                .map(String::as_str)
                .filter(|s| !s.starts_with('.'))
                .collect();
            let hint = yaml::closest(&stage, &declared)
                .map(|c| format!(" Did you mean `{c}`?"))
                .unwrap_or_default();
            let listed = if p.root.get("stages").is_some() {
                "`stages:` does not list it"
            } else {
                "the file declares no `stages:`, so only GitLab's defaults `build`, `test` and `deploy` exist"
            };
            match node {
                Some(n) => cx.error(
                    "undeclared-stage",
                    n.at(),
                    format!("the job `{name}` uses the stage `{stage}`, but {listed}: add `{stage}` to `stages:` or use a declared stage.{hint}"),
                ),
                None => cx.error(
                    "undeclared-stage",
                    job.key.at(),
                    format!("the job `{name}` has no `stage:`, so it runs in `test`, but `stages:` does not list `test`: add `stage:` with a declared stage"),
                ),
            }
        }
    }
    // extends.
    if let Some(extends) = job.body.get("extends") {
        check_extends(cx, extends, p, name);
    }
    // only / except, and their clash with rules.
    let rules = job.body.get("rules").is_some();
    for key in ["only", "except"] {
        if let Some((k, _)) = job.body.entry(key) {
            if rules {
                cx.error(
                    "rules-with-only",
                    k.at(),
                    format!("the job `{name}` uses both `rules:` and `{key}:`, which GitLab rejects: express the condition in `rules:` and delete `{key}:`"),
                );
            } else {
                cx.warning(
                    "only-except",
                    k.at(),
                    format!("`{key}:` is no longer developed and cannot express merge request pipelines well: use `rules:` instead, e.g. `- if: $CI_PIPELINE_SOURCE == \"merge_request_event\"`"),
                );
            }
        }
    }
    // needs / dependencies.
    for key in ["needs", "dependencies"] {
        let Some(list) = job.body.get(key) else {
            continue;
        };
        let items: Vec<&Node> = match &list.value {
            Value::Seq(items) => items.iter().collect(),
            Value::Null => Vec::new(),
            _ => vec![list],
        };
        for item in items {
            let target = match &item.value {
                Value::Map(_)
                    if item.get("pipeline").is_some() || item.get("project").is_some() =>
                {
                    continue;
                }
                // An optional need may name a job that rules leave out, or one from an include.
                Value::Map(_)
                    if item
                        .get("optional")
                        .is_some_and(|o| o.value == Value::Bool(true)) =>
                {
                    continue;
                }
                Value::Map(_) => item.get("job"),
                _ => Some(item),
            };
            let Some(target) = target else { continue };
            let Some(other) = target.text(cx.text) else {
                continue;
            };
            check_needed_job(cx, p, name, key, &other, target);
        }
    }
}

fn check_extends(cx: &mut Sink<'_>, extends: &Node, p: &Pipeline<'_>, name: &str) {
    for (parent, at) in string_list(extends, cx.text) {
        if !cx.room("unknown-extends") {
            return;
        }
        if p.entries.contains_key(&parent) || p.includes {
            continue;
        }
        let known: Vec<&str> = p.entries.keys().map(String::as_str).collect();
        let hint = yaml::closest(&parent, &known)
            .map(|c| format!(" Did you mean `{c}`?"))
            .unwrap_or_default();
        cx.error(
            "unknown-extends",
            at.at(),
            format!("the job `{name}` extends `{parent}`, which this file does not define: define it (templates usually start with a dot, e.g. `.{}`) or fix the name.{hint}", parent.trim_start_matches('.')),
        );
    }
}

fn check_needed_job(
    cx: &mut Sink<'_>,
    p: &Pipeline<'_>,
    name: &str,
    key: &str,
    other: &str,
    at: &Node,
) {
    if !cx.room("unknown-need") {
        return;
    }
    if other.starts_with('.') && p.entries.contains_key(other) {
        cx.error(
            "unknown-need",
            at.at(),
            format!("`{key}:` names `{other}`, a hidden job that never runs: name a real job, or make `{other}` a job by removing the dot"),
        );
        return;
    }
    if other == name {
        cx.error(
            "unknown-need",
            at.at(),
            format!("the job `{name}` lists itself in `{key}:`: remove it"),
        );
        return;
    }
    if p.job_names.contains(other) || p.includes {
        return;
    }
    let known: Vec<&str> = p.job_names.iter().map(String::as_str).collect();
    let hint = yaml::closest(other, &known)
        .map(|c| format!(" Did you mean `{c}`?"))
        .unwrap_or_default();
    cx.error(
        "unknown-need",
        at.at(),
        format!("`{key}:` names `{other}`, but no job has that name, so GitLab rejects the pipeline: use the name of a job in this file.{hint}"),
    );
}
