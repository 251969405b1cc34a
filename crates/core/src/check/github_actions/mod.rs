//! Checker for the `github-actions` kind: one workflow file under `.github/workflows/`.
//!
//! The file is parsed with serde-saphyr into a [`yaml::Node`] tree that keeps every
//! node's position, read with YAML 1.2 booleans so the key `on:` stays the string "on"
//! (YAML 1.1 would read it as `true`). The general rules are what a reviewer flags in
//! any workflow: missing triggers or jobs, malformed steps, unpinned or unversioned
//! actions, risky triggers and permissions, secrets in the file or in the log, and
//! script injection from pull request text.

mod actions;
mod job_limits;
mod jobs;
mod requirements;
mod security;
mod workflow;

use std::collections::BTreeSet;

use super::yaml::{self, Value};
use super::{Diagnostic, SourceFile};

pub use requirements::Requirements;

use crate::check::diagnostics::{Diagnostics, Sink};

use job_limits::check_job_limits;
use jobs::check_job;
use requirements::check_requirements;
use security::{check_env, check_permissions, secret_env_names};
use workflow::{read_jobs, read_triggers, service_env_values};

/// Applies the general rules of this kind and `req` to `files`.
pub fn check(files: &[SourceFile], req: &Requirements) -> Vec<Diagnostic> {
    let mut all = Diagnostics::new("github-actions");
    for file in files {
        let mut cx = all.file(&file.path, &file.text);
        check_file(&mut cx, req);
    }
    all.into_vec()
}

fn check_file(cx: &mut Sink<'_>, req: &Requirements) {
    let root = match yaml::parse(cx.text, yaml::ParseOptions::PIPELINE) {
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
    let workflow_secrets = secret_env_names(root.get("env"), cx.text);
    for job in &jobs {
        check_job(cx, job, &ids, &service_values, &workflow_secrets, req);
    }
    check_requirements(cx, &root, &triggers, &jobs, req);
    check_job_limits(cx, &root, &triggers, &jobs, req);
}
