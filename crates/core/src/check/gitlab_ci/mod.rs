//! Checker for the `gitlab-ci` kind: a `.gitlab-ci.yml` pipeline definition.
//!
//! Parsed with serde-saphyr into the positioned YAML tree shared with the
//! `github-actions` checker. GitLab reads every top-level key that is not a global
//! keyword as a job, so a misspelled keyword becomes a broken job; the general rules
//! catch that, jobs without `script`, undeclared stages, unknown `needs`/`extends`,
//! unknown job keys, `only`/`except`, untagged images, literal credentials in
//! `variables`, and caches GitLab silently skips.

mod delivery;
mod jobs;
mod pipeline;
mod requirements;
mod settings;

use std::collections::BTreeMap;

use super::yaml::{self, Node, Value};
use super::{Diagnostic, SourceFile};

pub use requirements::Requirements;

use crate::check::diagnostics::{Diagnostics, Sink};

use delivery::check_delivery;
use jobs::{check_job, read_jobs};
use pipeline::{DEPRECATED_GLOBALS, GLOBAL_KEYWORDS, Pipeline, declared_stages};
use requirements::check_requirements;
use settings::{check_caches, check_images, check_variables};

/// Applies the general rules of this kind and `req` to `files`.
pub fn check(files: &[SourceFile], req: &Requirements) -> Vec<Diagnostic> {
    let mut all = Diagnostics::new("gitlab-ci");
    for file in files {
        let mut cx = all.file(&file.path, &file.text);
        check_file(&mut cx, req);
    }
    all.into_vec()
}

fn check_file(cx: &mut Sink<'_>, req: &Requirements) {
    let docs = match yaml::parse_documents(cx.text, yaml::ParseOptions::PIPELINE) {
        Ok(docs) => docs,
        Err(e) => {
            cx.error("syntax", (e.line, e.column), e.explain());
            return;
        }
    };
    // Empty documents (a stray `---` at the end) hold nothing. A CI/CD component may
    // start with a `spec:` header document before `---`.
    let docs: Vec<&Node> = docs
        .iter()
        .filter(|d| !matches!(d.value, Value::Null))
        .collect();
    let root = match docs.as_slice() {
        [] => None,
        [only] => Some(*only),
        [header, config] if header.get("spec").is_some() => Some(*config),
        [_, second, ..] => {
            cx.error(
                "syntax",
                second.at(),
                "the file holds several YAML documents (a `---` line starts a new one), but GitLab reads one pipeline (after an optional `spec:` header): remove the extra `---`",
            );
            return;
        }
    };
    let Some(root) = root.filter(|r| !matches!(r.value, Value::Null)) else {
        cx.error(
            "empty",
            (0, 0),
            "the pipeline file is empty: declare `stages:` and at least one job with a `script:`",
        );
        return;
    };
    let Some(top) = root.map() else {
        cx.error(
            "shape",
            root.at(),
            format!(
                "the top level of `.gitlab-ci.yml` must be a mapping of keywords and jobs, but this file starts with {}",
                root.describe()
            ),
        );
        return;
    };

    let includes = root.get("include").is_some();
    let stages = declared_stages(cx, root);
    let mut entries = BTreeMap::new();
    for (k, v) in top {
        if let Some(name) = k.text(cx.text) {
            if GLOBAL_KEYWORDS.contains(&name.as_str())
                || DEPRECATED_GLOBALS.contains(&name.as_str())
            {
                continue;
            }
            entries.insert(name, (k, v));
        }
    }
    let jobs = read_jobs(cx, top);
    let pipeline = Pipeline {
        root,
        text: cx.text,
        entries,
        job_names: jobs.iter().map(|j| j.name.clone()).collect(),
        jobs,
        includes,
        stage_set: stages.iter().cloned().collect(),
        stages,
    };

    for (k, _) in top {
        let Some(name) = k.text(cx.text) else {
            continue;
        };
        if DEPRECATED_GLOBALS.contains(&name.as_str()) {
            let advice = if name == "types" {
                "`types:` is the old name of `stages:`: rename it".to_string()
            } else {
                format!(
                    "a top-level `{name}:` is deprecated: move it under `default:` so it is clear that it applies to every job"
                )
            };
            cx.warning("deprecated-global", k.at(), advice);
        }
    }
    check_images(cx, &pipeline);
    check_variables(cx, &pipeline);
    check_caches(cx, &pipeline);
    for job in &pipeline.jobs {
        check_job(cx, job, &pipeline);
    }
    check_requirements(cx, &pipeline, req);
    check_delivery(cx, &pipeline, req);
}
