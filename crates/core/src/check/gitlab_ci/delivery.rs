//! The delivery requirements of a `gitlab-ci` exercise: which job waits for which
//! (through `needs:` or the order of stages), jobs that only a person starts
//! (`when: manual`), the `environment:` of deploy jobs, and jobs that run only on the
//! default branch.

use std::collections::BTreeSet;

use super::Sink;
use super::pipeline::{Job, Pipeline};
use super::requirements::{Requirements, is_default_branch_condition};
use crate::check::yaml::{Node, Value};

pub(super) fn check_delivery(cx: &mut Sink<'_>, p: &Pipeline<'_>, req: &Requirements) {
    for [first, then] in &req.job_order {
        check_order(cx, p, first, then);
    }
    for name in &req.manual_jobs {
        let Some(job) = find(cx, p, name, "require-manual") else {
            continue;
        };
        if let Err(why) = is_manual(p, job) {
            cx.error(
                "require-manual",
                job.key.at(),
                format!("the job `{name}` {why}, so it runs by itself as soon as the jobs before it pass: make a person start it with `when: manual` (in its rule, e.g. `- if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH` followed by `when: manual`)"),
            );
        }
    }
    for (name, wanted) in &req.environments {
        let Some(job) = find(cx, p, name, "require-environment") else {
            continue;
        };
        match environment_of(p, job) {
            None => cx.error(
                "require-environment",
                job.key.at(),
                format!("the job `{name}` deploys without `environment:`, so GitLab keeps no record of what runs in `{wanted}` and offers no rollback: add `environment: {wanted}` (or `environment:` with `name: {wanted}` and `url:`)"),
            ),
            Some(got) if got != *wanted => cx.error(
                "require-environment",
                job.key.at(),
                format!("the job `{name}` names the environment `{got}`, but it deploys to `{wanted}`: write `environment: {wanted}`"),
            ),
            Some(_) => {}
        }
    }
    for name in &req.only_on_default_branch {
        let Some(job) = find(cx, p, name, "require-default-branch-only") else {
            continue;
        };
        if let Err(why) = only_on_default_branch(p, job) {
            cx.error(
                "require-default-branch-only",
                job.key.at(),
                format!("the job `{name}` {why}, which lets code nobody has merged be pushed or deployed from a merge request: give it `rules:` with only `- if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH`"),
            );
        }
    }
}

/// The job named `name`, or an error saying the pipeline lacks it.
fn find<'p, 'a>(
    cx: &mut Sink<'_>,
    p: &'p Pipeline<'a>,
    name: &str,
    rule: &str,
) -> Option<&'p Job<'a>> {
    let job = p.jobs.iter().find(|j| j.name == name);
    if job.is_none() {
        cx.error(
            rule,
            (0, 0),
            format!("the pipeline has no job `{name}`: add it with a `stage:` and a `script:`"),
        );
    }
    job
}

fn check_order(cx: &mut Sink<'_>, p: &Pipeline<'_>, first: &str, then: &str) {
    let Some(job) = p.jobs.iter().find(|j| j.name == then) else {
        cx.error(
            "require-job-order",
            (0, 0),
            format!("the pipeline needs a job `{then}` that runs after `{first}`: add it in a later stage than `{first}`, or with `needs: [{first}]`"),
        );
        return;
    };
    let Some(before) = p.jobs.iter().find(|j| j.name == first) else {
        cx.error(
            "require-job-order",
            job.key.at(),
            format!("`{then}` must wait for a job `{first}`, but the pipeline has no job of that name: add it, or fix the name"),
        );
        return;
    };
    if waits_for(p, job, first, &mut BTreeSet::new()) {
        return;
    }
    let (stage, _) = p.stage_of(job);
    let (first_stage, _) = p.stage_of(before);
    let message = if needs_of(p, job).is_some() {
        format!(
            "`{then}` has `needs:`, so it starts as soon as the jobs listed there finish, and none of them is or waits for `{first}`: add `{first}` to its `needs:`"
        )
    } else if stage == first_stage {
        format!(
            "`{then}` and `{first}` are both in the stage `{stage}`, and the jobs of one stage run at the same time: move `{then}` to a later stage, or add `needs: [{first}]` to it"
        )
    } else {
        format!(
            "`{then}` is in the stage `{stage}`, which runs before `{first}`'s stage `{first_stage}`: put `{then}` in a later stage than `{first}`, or list the stages in the order they should run"
        )
    };
    cx.error("require-job-order", job.key.at(), message);
}

/// The job names in a job's `needs:` (through `extends:`), or `None` without `needs:`.
fn needs_of(p: &Pipeline<'_>, job: &Job<'_>) -> Option<Vec<String>> {
    let needs = p.resolve(job.body, "needs")?;
    let items: Vec<&Node> = match &needs.value {
        Value::Seq(items) => items.iter().collect(),
        Value::Null => Vec::new(),
        _ => vec![needs],
    };
    Some(
        items
            .into_iter()
            .filter_map(|item| match &item.value {
                // A job of another pipeline or project does not order this one.
                Value::Map(_)
                    if item.get("pipeline").is_some() || item.get("project").is_some() =>
                {
                    None
                }
                Value::Map(_) => item.get("job").and_then(|j| j.text(p.text)),
                _ => item.text(p.text),
            })
            .collect(),
    )
}

fn stage_index(p: &Pipeline<'_>, job: &Job<'_>) -> Option<usize> {
    let (stage, _) = p.stage_of(job);
    p.stages.iter().position(|s| *s == stage)
}

/// Whether `job` starts only after the job named `target` (directly or through others).
fn waits_for(p: &Pipeline<'_>, job: &Job<'_>, target: &str, seen: &mut BTreeSet<String>) -> bool {
    if !seen.insert(job.name.clone()) {
        return false;
    }
    let earlier: Vec<&Job<'_>> = match needs_of(p, job) {
        Some(names) => p.jobs.iter().filter(|j| names.contains(&j.name)).collect(),
        None => match stage_index(p, job) {
            Some(mine) => p
                .jobs
                .iter()
                .filter(|j| stage_index(p, j).is_some_and(|i| i < mine))
                .collect(),
            None => Vec::new(),
        },
    };
    earlier
        .iter()
        .any(|j| j.name == target || waits_for(p, j, target, seen))
}

/// `Ok` when a person must start the job; otherwise what makes it start by itself.
fn is_manual(p: &Pipeline<'_>, job: &Job<'_>) -> Result<(), &'static str> {
    let job_when = p.resolve(job.body, "when").and_then(Node::str);
    let Some(rules) = p.resolve(job.body, "rules").and_then(Node::seq) else {
        return match job_when {
            Some("manual") => Ok(()),
            _ => Err("has no `when: manual`"),
        };
    };
    let runnable: Vec<&Node> = rules
        .iter()
        .filter(|r| r.get("when").and_then(Node::str) != Some("never"))
        .collect();
    if runnable.is_empty() {
        return Err("has no rule that lets it run");
    }
    let manual = runnable
        .iter()
        .all(|r| r.get("when").and_then(Node::str).or(job_when) == Some("manual"));
    if manual {
        Ok(())
    } else if job_when == Some("manual") {
        Err("has a rule with its own `when:` that overrides the job's `when: manual`")
    } else {
        Err("has a rule without `when: manual`")
    }
}

/// The environment name of a job: `environment: x` or `environment: { name: x }`.
fn environment_of(p: &Pipeline<'_>, job: &Job<'_>) -> Option<String> {
    let env = p.resolve(job.body, "environment")?;
    match &env.value {
        Value::Map(_) => env.get("name").and_then(|n| n.text(p.text)),
        _ => env.text(p.text),
    }
}

fn default_branch_only(condition: &str) -> bool {
    is_default_branch_condition(condition) && !condition.contains("||")
}

/// `Ok` when every way the job can run is a pipeline on the default branch.
fn only_on_default_branch(p: &Pipeline<'_>, job: &Job<'_>) -> Result<(), &'static str> {
    let runnable_only_on_default = |rules: &[Node]| {
        let runnable: Vec<&Node> = rules
            .iter()
            .filter(|r| r.get("when").and_then(Node::str) != Some("never"))
            .collect();
        !runnable.is_empty()
            && runnable.iter().all(|r| {
                r.get("if")
                    .and_then(|c| c.text(p.text))
                    .is_some_and(|c| default_branch_only(&c))
            })
    };
    if let Some(rules) = p.resolve(job.body, "rules").and_then(Node::seq) {
        return if runnable_only_on_default(rules) {
            Ok(())
        } else {
            Err("has a rule that also lets it run outside the default branch")
        };
    }
    if p.resolve(job.body, "only").is_some() {
        return Err("limits its branches with `only:`, not `rules:`");
    }
    let workflow = p
        .root
        .get("workflow")
        .and_then(|w| w.get("rules"))
        .and_then(Node::seq);
    match workflow {
        Some(rules) if runnable_only_on_default(rules) => Ok(()),
        _ => Err("has no `rules:`, so it runs in every pipeline, merge requests included"),
    }
}
