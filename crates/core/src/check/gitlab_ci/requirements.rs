//! The `gitlab-ci` exercise requirements: the [`Requirements`] read from `exercise.toml`
//! and the checks that enforce them (stages, jobs, commands, `rules:` for merge requests
//! and the default branch, artifacts, cache). The delivery requirements (job order,
//! manual jobs, environments, default-branch-only jobs) are checked in `delivery.rs`.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Sink;
use super::pipeline::Pipeline;
use crate::check::yaml::{self, Node, Value};

/// Per-exercise requirements from `exercise.toml`. Every field is optional; an empty
/// list or `false` checks nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirements {
    /// Stages the file's own `stages:` list must declare, in this order (other stages
    /// may sit between them), e.g. `["test", "build"]`. GitLab's default stages do not
    /// count: the list must be written out.
    #[serde(default)]
    pub stages: Vec<String>,
    /// Minimum number of jobs per stage, e.g. `{ test = 1 }`. Hidden jobs (`.name`)
    /// do not count; a job without `stage:` is in `test`, as in GitLab.
    #[serde(default)]
    pub jobs_in_stage: BTreeMap<String, usize>,
    /// Job names that must exist, e.g. `["unit-tests"]`.
    #[serde(default)]
    pub jobs: Vec<String>,
    /// Commands some job's `script:` (or `before_script:`) must run, e.g. `["pytest"]`.
    /// A command counts when it starts a line or follows `&&`, `||`, `;` or `|` (also
    /// behind `python -m`, `uv run`, `npx` and similar), so `pip install pytest` does not.
    #[serde(default)]
    pub run_commands: Vec<String>,
    /// `true`: some job must run in merge request pipelines through `rules:` (in
    /// `workflow:` or the job), i.e. `if: $CI_PIPELINE_SOURCE == "merge_request_event"`
    /// (or a test of `$CI_MERGE_REQUEST_IID`).
    #[serde(default)]
    pub rules_for_merge_requests: bool,
    /// `true`: some job must run on the default branch through `rules:` (in `workflow:`
    /// or the job), i.e. `if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH`.
    #[serde(default)]
    pub rules_for_default_branch: bool,
    /// Jobs that must keep `artifacts:` (with `paths` or `reports`), e.g. `["build"]`.
    #[serde(default)]
    pub artifacts: Vec<String>,
    /// `true`: a `cache:` with `paths` must be set (globally, in `default:` or in a job).
    #[serde(default)]
    pub cache: bool,
    /// Pairs `[first, then]`: the job `then` must wait for the job `first`, e.g.
    /// `[["build-image", "deploy-staging"]]`. A job with `needs:` waits only for the jobs
    /// it lists (and what they wait for); a job without `needs:` waits for every job in
    /// the earlier stages. Jobs in the same stage run at the same time.
    #[serde(default)]
    pub job_order: Vec<[String; 2]>,
    /// Jobs that only a person may start, e.g. `["deploy-production"]`: `when: manual`
    /// on the job, or on every rule of its `rules:` that lets it run.
    #[serde(default)]
    pub manual_jobs: Vec<String>,
    /// The environment each deploy job must name in `environment:` (the short form or
    /// `name:`), e.g. `{ deploy-staging = "staging" }`.
    #[serde(default)]
    pub environments: BTreeMap<String, String>,
    /// Jobs that must run only on the default branch, e.g. `["build-image"]`: every rule
    /// of the job's `rules:` that lets it run must test
    /// `$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH` (or, for a job without `rules:`, the
    /// `workflow:` rules must), so merge request pipelines never push or deploy.
    #[serde(default)]
    pub only_on_default_branch: Vec<String>,
}

/// How a `rules:` entry's `if:` relates to a kind of pipeline.
fn rule_matches(rule: &Node, text: &str, condition: fn(&str) -> bool) -> bool {
    if rule.get("when").and_then(Node::str) == Some("never") {
        return false;
    }
    rule.get("if")
        .and_then(|c| c.text(text))
        .is_some_and(|c| condition(&c))
}

fn is_merge_request_condition(c: &str) -> bool {
    (c.contains("CI_PIPELINE_SOURCE") && c.contains("merge_request_event") && !c.contains("!="))
        || c.contains("CI_MERGE_REQUEST_IID")
        || c.contains("CI_MERGE_REQUEST_ID")
}

pub(super) fn is_default_branch_condition(c: &str) -> bool {
    let branch = c.contains("CI_COMMIT_BRANCH") || c.contains("CI_COMMIT_REF_NAME");
    let default = c.contains("CI_DEFAULT_BRANCH")
        || c.contains("\"main\"")
        || c.contains("'main'")
        || c.contains("\"master\"");
    branch && default && c.contains("==") && !c.contains("!=")
}

/// Whether some real job runs in pipelines that `condition` describes, through `rules:`.
fn runs_through_rules(p: &Pipeline<'_>, text: &str, condition: fn(&str) -> bool) -> bool {
    let rules_of = |node: Option<&Node>| -> Vec<Node> {
        node.and_then(Node::seq)
            .map(<[Node]>::to_vec)
            .unwrap_or_default()
    };
    let workflow = rules_of(p.root.get("workflow").and_then(|w| w.get("rules")));
    let workflow_allows = workflow.iter().any(|r| rule_matches(r, text, condition));
    p.jobs.iter().any(|job| {
        let rules = p.resolve(job.body, "rules");
        let only = p.resolve(job.body, "only").is_some() || p.resolve(job.body, "except").is_some();
        match rules.and_then(Node::seq) {
            Some(list) => {
                list.iter().any(|r| rule_matches(r, text, condition))
                    || (workflow_allows
                        && list.iter().any(|r| {
                            r.get("if").is_none()
                                && r.get("when").and_then(Node::str) != Some("never")
                        }))
            }
            None => workflow_allows && !only,
        }
    })
}

/// Every command line of a script keyword (text, or lists nested by `!reference`).
fn script_lines(node: &Node, out: &mut Vec<String>) {
    match &node.value {
        Value::Str(s) => out.push(s.clone()),
        Value::Seq(items) => {
            for item in items {
                script_lines(item, out);
            }
        }
        _ => {}
    }
}

pub(super) fn check_requirements(cx: &mut Sink<'_>, p: &Pipeline<'_>, req: &Requirements) {
    let stages_node = p.root.entry("stages");
    if !req.stages.is_empty() {
        match stages_node {
            None => cx.error(
                "require-stages",
                (0, 0),
                format!("the pipeline declares no `stages:`: add `stages:` listing {} in the order they run", quoted(&req.stages)),
            ),
            Some((k, _)) => {
                let declared: Vec<String> = p.stages.clone();
                let mut from = 0;
                for wanted in &req.stages {
                    match declared.iter().skip(from).position(|s| s == wanted) {
                        Some(i) => from += i + 1,
                        None => {
                            let missing = !declared.contains(wanted);
                            let message = if missing {
                                format!("`stages:` does not list `{wanted}`: add it so the stages run in the order {}", quoted(&req.stages))
                            } else {
                                format!("`stages:` lists `{wanted}` in the wrong place: stages run in the order listed, and this pipeline needs {}", quoted(&req.stages))
                            };
                            cx.error("require-stages", k.at(), message);
                            break;
                        }
                    }
                }
            }
        }
    }
    let mut per_stage: BTreeMap<String, usize> = BTreeMap::new();
    for job in &p.jobs {
        *per_stage.entry(p.stage_of(job).0).or_default() += 1;
    }
    for (stage, wanted) in &req.jobs_in_stage {
        let have = per_stage.get(stage).copied().unwrap_or(0);
        if have < *wanted {
            let plural = if *wanted == 1 { "job" } else { "jobs" };
            cx.error(
                "require-jobs-in-stage",
                stages_node.map_or((0, 0), |(k, _)| k.at()),
                format!("the stage `{stage}` needs at least {wanted} {plural} but has {have}: add a job with `stage: {stage}` and a `script:`"),
            );
        }
    }
    for wanted in &req.jobs {
        if !p.jobs.iter().any(|j| &j.name == wanted) {
            cx.error(
                "require-job",
                (0, 0),
                format!(
                    "the pipeline has no job `{wanted}`: add it with a `stage:` and a `script:`"
                ),
            );
        }
    }
    if !req.run_commands.is_empty() {
        let mut lines = Vec::new();
        for job in &p.jobs {
            for key in ["before_script", "script"] {
                let node = if key == "script" {
                    p.resolve(job.body, key)
                } else {
                    p.resolve_with_default(job.body, key)
                };
                if let Some(node) = node {
                    script_lines(node, &mut lines);
                }
            }
        }
        for command in &req.run_commands {
            if !lines.iter().any(|l| yaml::runs_command(l, command)) {
                cx.error(
                    "require-run-command",
                    (0, 0),
                    format!("no job's `script:` runs `{command}`: add `- {command}` to the script of the job that should run it (installing it is not running it)"),
                );
            }
        }
    }
    if req.rules_for_merge_requests && !runs_through_rules(p, cx.text, is_merge_request_condition) {
        cx.error(
            "require-merge-request-rules",
            (0, 0),
            "no job runs in merge request pipelines: add `rules:` (to the job, or under `workflow:` for the whole pipeline) with `- if: $CI_PIPELINE_SOURCE == \"merge_request_event\"`",
        );
    }
    if req.rules_for_default_branch && !runs_through_rules(p, cx.text, is_default_branch_condition)
    {
        cx.error(
            "require-default-branch-rules",
            (0, 0),
            "no job runs on the default branch through `rules:`: add `- if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH` (to the job's `rules:` or under `workflow:`), so merged code is tested too",
        );
    }
    for wanted in &req.artifacts {
        let Some(job) = p.jobs.iter().find(|j| &j.name == wanted) else {
            cx.error("require-artifacts", (0, 0), format!("the pipeline has no job `{wanted}` to keep artifacts from: add it, with `artifacts:` and `paths:`"));
            continue;
        };
        let artifacts = p.resolve(job.body, "artifacts");
        let kept = artifacts.is_some_and(|a| {
            a.get("paths")
                .is_some_and(|x| !x.seq().unwrap_or_default().is_empty())
                || a.get("reports").is_some()
        });
        if !kept {
            cx.error(
                "require-artifacts",
                job.key.at(),
                format!("the job `{wanted}` keeps no artifacts, so later jobs and reviewers cannot get its output: add `artifacts:` with `paths:` (or `reports:`)"),
            );
        }
    }
    if req.cache {
        let has_paths = |c: &Node| match &c.value {
            Value::Seq(items) => items.iter().any(|i| {
                i.get("paths")
                    .and_then(Node::seq)
                    .is_some_and(|s| !s.is_empty())
            }),
            _ => c
                .get("paths")
                .and_then(Node::seq)
                .is_some_and(|s| !s.is_empty()),
        };
        let cached = p.root.get("cache").is_some_and(has_paths)
            || p.root
                .get("default")
                .and_then(|d| d.get("cache"))
                .is_some_and(has_paths)
            || p.jobs
                .iter()
                .any(|j| p.resolve(j.body, "cache").is_some_and(has_paths));
        if !cached {
            cx.error(
                "require-cache",
                (0, 0),
                "every job downloads its dependencies from scratch: add `cache:` with `paths:` (for pip, set `PIP_CACHE_DIR: \"$CI_PROJECT_DIR/.cache/pip\"` and cache `.cache/pip`)",
            );
        }
    }
}

fn quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
