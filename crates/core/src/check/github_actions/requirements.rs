//! The `github-actions` exercise requirements: the [`Requirements`] read from
//! `exercise.toml` and the checks that enforce them (triggers and branch filters, jobs and
//! their order, commands, actions, matrix, cache, permissions). The requirements about
//! secrets and pinning are enforced where those rules live (`security.rs`, `actions.rs`).

use std::collections::{BTreeMap, BTreeSet};

use regex::Regex;
use serde::Deserialize;

use super::Sink;
use super::workflow::{Job, Trigger};
use crate::check::yaml::{self, Node, string_list};

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
    /// neither it nor any job's may be `write-all`. Replaces the general
    /// `no-permissions` warning with an error.
    #[serde(default)]
    pub permissions: bool,
    /// `true`: every secret-looking `env:` variable or `with:` input (a name with
    /// PASSWORD, TOKEN, SECRET, KEY…) must take its value from `${{ secrets.NAME }}`
    /// (or `github.token`), not from a literal, `vars` or another expression.
    #[serde(default)]
    pub secrets_only_via_context: bool,
    /// `true`: no `run:` script may paste `${{ secrets.NAME }}` into its text; the step
    /// binds the secret in `env:` (`NAME: ${{ secrets.NAME }}`) and the script reads
    /// `"$NAME"`. Actions' `with:` inputs may still take `${{ secrets.NAME }}`.
    #[serde(default)]
    pub secrets_in_env: bool,
    /// `true`: every third-party action (an owner other than `actions` or `github`) must
    /// be pinned to a full 40-character commit SHA. Replaces the general
    /// `unpinned-action` warning with an error.
    #[serde(default)]
    pub pinned_actions: bool,
    /// Job id → branch, e.g. `{ image = "main" }`: the job runs only for that branch,
    /// through an `if:` on `github.ref == 'refs/heads/main'` (or `github.ref_name`) with
    /// no `||` around it, or because the workflow only starts on pushes to that branch.
    #[serde(default)]
    pub only_on_branch: BTreeMap<String, String>,
    /// Job id → scopes its token must hold, e.g. `{ image = { packages = "write" } }`:
    /// read from the job's own `permissions:` (which replaces the workflow's) or else the
    /// workflow's; `write` also satisfies `read`.
    #[serde(default)]
    pub job_permissions: BTreeMap<String, BTreeMap<String, String>>,
}

pub(super) fn check_requirements(
    cx: &mut Sink<'_>,
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
        } else if top.is_some() {
            for job in jobs {
                if let Some(p) = job.body.get("permissions")
                    && p.str() == Some("write-all")
                {
                    cx.error(
                        "require-permissions",
                        p.at(),
                        format!("the job `{}` sets `permissions: write-all`, which replaces the workflow's limits for that job and lets every one of its steps push code and change the repository: grant the job only what it needs, or remove the line so it inherits `contents: read`", job.id),
                    );
                }
            }
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
pub(super) fn glob_match(pattern: &str, name: &str) -> bool {
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
