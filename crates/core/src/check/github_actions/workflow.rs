//! Reading a workflow's shape: the events under `on:` and the jobs under `jobs:`, with
//! the errors a malformed trigger or job list gets (missing, unknown event, bad job id,
//! wrong type) and the risky `pull_request_target` trigger.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::Sink;
use crate::check::yaml::{self, Node, Value};

/// Every event a workflow can be triggered by.
const EVENTS: &[&str] = &[
    "branch_protection_rule",
    "check_run",
    "check_suite",
    "create",
    "delete",
    "deployment",
    "deployment_status",
    "discussion",
    "discussion_comment",
    "fork",
    "gollum",
    "image_version",
    "issue_comment",
    "issues",
    "label",
    "merge_group",
    "milestone",
    "page_build",
    "project",
    "project_card",
    "project_column",
    "public",
    "pull_request",
    "pull_request_comment",
    "pull_request_review",
    "pull_request_review_comment",
    "pull_request_target",
    "push",
    "registry_package",
    "release",
    "repository_dispatch",
    "schedule",
    "status",
    "watch",
    "workflow_call",
    "workflow_dispatch",
    "workflow_run",
];

/// Workflow keys a learner might write instead of `on`.
const ON_LOOKALIKES: &[&str] = &[
    "On", "ON", "true", "True", "trigger", "triggers", "events", "when",
];

static JOB_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z_][A-Za-z0-9_-]*$").expect("a constant, valid regex"));

/// One event under `on:`.
pub(super) struct Trigger<'a> {
    pub(super) name: String,
    pub(super) at: &'a Node,
    pub(super) config: Option<&'a Node>,
}

/// One job under `jobs:`.
pub(super) struct Job<'a> {
    pub(super) id: String,
    pub(super) key: &'a Node,
    pub(super) body: &'a Node,
}

pub(super) fn read_triggers<'a>(cx: &mut Sink<'_>, root: &'a Node) -> Vec<Trigger<'a>> {
    let Some((on_key, on)) = root.entry("on") else {
        let lookalike = root.map().unwrap_or_default().iter().find(|(k, _)| {
            k.text(cx.text)
                .is_some_and(|t| ON_LOOKALIKES.contains(&t.as_str()))
        });
        match lookalike {
            Some((k, _)) => {
                let name = k.text(cx.text).unwrap_or_default();
                cx.error(
                    "no-trigger",
                    k.at(),
                    format!(
                        "GitHub does not know the key `{name}:`, so this workflow has no trigger and never runs: name the events under a lowercase `on:` key"
                    ),
                );
            }
            None => cx.error(
                "no-trigger",
                (0, 0),
                "the workflow has no `on:` key, so nothing ever starts it: add e.g. `on: [push, pull_request]`",
            ),
        }
        return Vec::new();
    };
    let mut triggers = Vec::new();
    match &on.value {
        Value::Str(name) => triggers.push(Trigger {
            name: name.clone(),
            at: on,
            config: None,
        }),
        Value::Seq(items) => {
            for item in items {
                match &item.value {
                    Value::Str(name) => triggers.push(Trigger { name: name.clone(), at: item, config: None }),
                    _ => cx.error(
                        "shape",
                        item.at(),
                        format!("each entry of the `on:` list must be an event name such as `push`, not {}", item.describe()),
                    ),
                }
            }
        }
        Value::Map(entries) => {
            for (k, v) in entries {
                match k.text(cx.text) {
                    Some(name) => triggers.push(Trigger {
                        name,
                        at: k,
                        config: Some(v),
                    }),
                    None => cx.error(
                        "shape",
                        k.at(),
                        "each key under `on:` must be an event name such as `push`",
                    ),
                }
            }
        }
        Value::Null => {}
        _ => cx.error(
            "shape",
            on.at(),
            format!(
                "`on:` must name events (`on: push`, a list, or a mapping of events), not {}",
                on.describe()
            ),
        ),
    }
    if triggers.is_empty() && matches!(on.value, Value::Null | Value::Seq(_) | Value::Map(_)) {
        cx.error(
            "no-trigger",
            on_key.at(),
            "`on:` lists no event, so nothing ever starts this workflow: add e.g. `pull_request` and `push`",
        );
    }
    for t in &triggers {
        if !EVENTS.contains(&t.name.as_str()) {
            let hint = yaml::closest(&t.name, EVENTS)
                .map(|c| format!(" Did you mean `{c}`?"))
                .unwrap_or_default();
            cx.error(
                "unknown-event",
                t.at.at(),
                format!(
                    "`{}` is not an event GitHub Actions knows, so it rejects the workflow.{hint}",
                    t.name
                ),
            );
        }
        if t.name == "pull_request_target" {
            cx.warning(
                "pull-request-target",
                t.at.at(),
                "`pull_request_target` runs with your repository's secrets and a write token even for pull requests from forks; if a job checks out and runs the pull request's code, anyone can steal them. Use `pull_request` to test contributions",
            );
        }
    }
    triggers
}

pub(super) fn read_jobs<'a>(cx: &mut Sink<'_>, root: &'a Node) -> Vec<Job<'a>> {
    let Some((jobs_key, jobs)) = root.entry("jobs") else {
        cx.error(
            "no-jobs",
            (0, 0),
            "the workflow has no `jobs:` key, so it has nothing to run: add a job with `runs-on:` and `steps:`",
        );
        return Vec::new();
    };
    let entries = match &jobs.value {
        Value::Map(entries) => entries.as_slice(),
        Value::Null => &[],
        _ => {
            cx.error(
                "shape",
                jobs.at(),
                format!("`jobs:` must be a mapping from job ids to jobs (e.g. `test:` with `runs-on:` and `steps:`), not {}", jobs.describe()),
            );
            return Vec::new();
        }
    };
    if entries.is_empty() {
        cx.error(
            "no-jobs",
            jobs_key.at(),
            "`jobs:` is empty: add a job with `runs-on:` and `steps:`",
        );
    }
    let mut out = Vec::new();
    for (k, v) in entries {
        let Some(id) = k.text(cx.text) else {
            cx.error("shape", k.at(), "a job id must be a name such as `test`");
            continue;
        };
        if !JOB_ID.is_match(&id) {
            cx.error(
                "invalid-job-id",
                k.at(),
                format!("`{id}` is not a valid job id: start with a letter or `_` and use only letters, digits, `-` and `_` (put a readable title in `name:`)"),
            );
        }
        if v.map().is_none() {
            cx.error(
                "shape",
                v.at(),
                format!(
                    "the job `{id}` must be a mapping with `runs-on:` and `steps:`, not {}",
                    v.describe()
                ),
            );
            continue;
        }
        out.push(Job {
            id,
            key: k,
            body: v,
        });
    }
    out
}

/// Literal values given to service containers (`jobs.*.services.*.env`): a password
/// for a throwaway test database is not a secret when the job uses it to connect.
pub(super) fn service_env_values(jobs: &[Job<'_>], text: &str) -> BTreeSet<String> {
    let mut values = BTreeSet::new();
    for job in jobs {
        let services = job
            .body
            .get("services")
            .and_then(Node::map)
            .unwrap_or_default();
        for (_, service) in services {
            let env = service.get("env").and_then(Node::map).unwrap_or_default();
            for (_, v) in env {
                if let Some(t) = v.text(text) {
                    values.insert(t);
                }
            }
        }
    }
    values
}
