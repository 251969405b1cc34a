//! Checker for the `gitlab-ci` kind: a `.gitlab-ci.yml` pipeline definition.
//!
//! Parsed with serde-saphyr into the positioned YAML tree shared with the
//! `github-actions` checker. GitLab reads every top-level key that is not a global
//! keyword as a job, so a misspelled keyword becomes a broken job; the general rules
//! catch that, jobs without `script`, undeclared stages, unknown `needs`/`extends`,
//! unknown job keys, `only`/`except`, untagged images, literal credentials in
//! `variables`, and caches GitLab silently skips.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use super::github_actions::yaml::{self, Node, Value};
use super::github_actions::{could_be_credential, looks_secret};
use super::{Diagnostic, SourceFile};

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
}

/// Top-level keys that are not jobs.
const GLOBAL_KEYWORDS: &[&str] = &["default", "include", "stages", "variables", "workflow"];

/// Job keywords that GitLab still accepts at the top level, deprecated in favour of
/// `default:` (and `types`, the old name of `stages`).
const DEPRECATED_GLOBALS: &[&str] = &[
    "image",
    "services",
    "cache",
    "before_script",
    "after_script",
    "types",
];

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

/// GitLab's stages when the file declares none.
const DEFAULT_STAGES: &[&str] = &[".pre", "build", "test", "deploy", ".post"];

/// Variables that configure a service container (a throwaway test database), not
/// credentials for something real.
const SERVICE_VARIABLE_PREFIXES: &[&str] = &[
    "POSTGRES_",
    "MYSQL_",
    "MARIADB_",
    "MONGO_INITDB_",
    "RABBITMQ_DEFAULT_",
    "REDIS_",
];

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
            &format!("gitlab-ci/{rule}"),
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
            &format!("gitlab-ci/{rule}"),
            self.file,
            line,
            column,
            message,
        ));
    }
}

/// The pipeline as the rules see it.
struct Pipeline<'a> {
    root: &'a Node,
    text: &'a str,
    /// Every top-level key that is not a global keyword: jobs and hidden templates.
    entries: BTreeMap<String, (&'a Node, &'a Node)>,
    /// Real jobs (not hidden, a mapping), in file order.
    jobs: Vec<Job<'a>>,
    /// `include:` is used: stages, templates and jobs may come from other files.
    includes: bool,
    /// The stages jobs may use, in order.
    stages: Vec<String>,
    /// The same, for lookups.
    stage_set: BTreeSet<String>,
    /// The names of `jobs`, for lookups.
    job_names: BTreeSet<String>,
}

struct Job<'a> {
    name: String,
    key: &'a Node,
    body: &'a Node,
}

impl<'a> Pipeline<'a> {
    /// A job keyword as GitLab resolves it: the job's own value, else the value from
    /// what it `extends` (later entries win), recursively. GitLab allows 11 levels.
    fn resolve(&self, body: &'a Node, key: &str) -> Option<&'a Node> {
        self.resolve_from(body, key, 0, &mut BTreeSet::new())
    }

    /// Each template is searched at most once, so cycles and wide `extends` lists stay
    /// cheap.
    fn resolve_from(
        &self,
        body: &'a Node,
        key: &str,
        depth: usize,
        seen: &mut BTreeSet<String>,
    ) -> Option<&'a Node> {
        if let Some(v) = body.get(key) {
            return Some(v);
        }
        if depth > 10 {
            return None;
        }
        let parents = body
            .get("extends")
            .map(|e| names(e, self.text))
            .unwrap_or_default();
        for (parent, _) in parents.iter().rev() {
            let Some((name, (_, parent_body))) = self.entries.get_key_value(parent) else {
                continue;
            };
            if !seen.insert(name.clone()) {
                continue;
            }
            if let Some(found) = self.resolve_from(parent_body, key, depth + 1, seen) {
                return Some(found);
            }
        }
        None
    }

    /// A keyword that `default:` (or the deprecated top-level form) can also set.
    fn resolve_with_default(&self, body: &'a Node, key: &str) -> Option<&'a Node> {
        self.resolve(body, key)
            .or_else(|| self.root.get("default").and_then(|d| d.get(key)))
            .or_else(|| self.root.get(key))
    }

    fn stage_of(&self, job: &Job<'a>) -> (String, Option<&'a Node>) {
        match self.resolve(job.body, "stage") {
            Some(node) => (node.text(self.text).unwrap_or_default(), Some(node)),
            None => ("test".to_string(), None),
        }
    }
}

fn check_file(cx: &mut Cx<'_>, req: &Requirements) {
    let docs = match yaml::parse_documents(cx.text) {
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
}

/// The stages jobs may use: the declared list plus `.pre` and `.post`, or the defaults.
fn declared_stages(cx: &mut Cx<'_>, root: &Node) -> Vec<String> {
    let Some(stages) = root.get("stages").or_else(|| root.get("types")) else {
        return DEFAULT_STAGES.iter().map(|s| s.to_string()).collect();
    };
    let mut out = vec![".pre".to_string()];
    match &stages.value {
        Value::Seq(items) => {
            for item in items {
                match item.text(cx.text) {
                    Some(s) => out.push(s),
                    None => cx.error(
                        "shape",
                        item.at(),
                        format!(
                            "each stage must be a name such as `test`, not {}",
                            item.describe()
                        ),
                    ),
                }
            }
        }
        Value::Null => {}
        _ => cx.error(
            "shape",
            stages.at(),
            format!(
                "`stages:` must be a list of stage names (`- build`, `- test`), not {}",
                stages.describe()
            ),
        ),
    }
    out.push(".post".to_string());
    out
}

fn read_jobs<'a>(cx: &mut Cx<'_>, top: &'a [(Node, Node)]) -> Vec<Job<'a>> {
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
fn check_job_keys(cx: &mut Cx<'_>, job: &Job<'_>) {
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

fn check_job(cx: &mut Cx<'_>, job: &Job<'_>, p: &Pipeline<'_>) {
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

fn check_extends(cx: &mut Cx<'_>, extends: &Node, p: &Pipeline<'_>, name: &str) {
    for (parent, at) in names(extends, cx.text) {
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
    cx: &mut Cx<'_>,
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

/// `image:` and `services:` everywhere: a tag that moves makes builds change under you.
fn check_images(cx: &mut Cx<'_>, p: &Pipeline<'_>) {
    let mut holders: Vec<&Node> = vec![p.root];
    holders.extend(p.root.get("default"));
    holders.extend(p.entries.values().map(|(_, v)| *v));
    for holder in holders {
        if let Some(image) = holder.get("image") {
            check_image(cx, image);
        }
        if let Some(services) = holder.get("services").and_then(Node::seq) {
            for service in services {
                check_image(cx, service);
            }
        }
    }
}

fn check_image(cx: &mut Cx<'_>, node: &Node) {
    let name_node = if node.map().is_some() {
        node.get("name")
    } else {
        Some(node)
    };
    let Some(name_node) = name_node else { return };
    let Some(image) = name_node.str() else { return };
    let image = image.trim();
    if image.is_empty() || image.contains('$') || image.contains('@') {
        return;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        Some((_, "latest")) => cx.warning(
            "image-latest",
            name_node.at(),
            format!("`{image}` follows whatever `latest` points to today, so the same pipeline can break tomorrow without a change on your side: pin a version, e.g. `python:3.13-slim`"),
        ),
        Some(_) => {}
        None => cx.warning(
            "image-latest",
            name_node.at(),
            format!("`{image}` has no tag, which means `latest`, so the same pipeline can break tomorrow without a change on your side: pin a version, e.g. `{image}:<version>`"),
        ),
    }
}

/// Literal credentials in `variables:` (global or per job).
fn check_variables(cx: &mut Cx<'_>, p: &Pipeline<'_>) {
    let uses_services = p.root.get("services").is_some()
        || p.root
            .get("default")
            .and_then(|d| d.get("services"))
            .is_some()
        || p.entries.values().any(|(_, v)| v.get("services").is_some());
    let mut holders: Vec<&Node> = vec![p.root];
    holders.extend(p.entries.values().map(|(_, v)| *v));
    for holder in holders {
        let Some(vars) = holder.get("variables").and_then(Node::map) else {
            continue;
        };
        for (k, v) in vars {
            let Some(name) = k.text(cx.text) else {
                continue;
            };
            if !looks_secret(&name) {
                continue;
            }
            let upper = name.to_ascii_uppercase();
            if uses_services
                && SERVICE_VARIABLE_PREFIXES
                    .iter()
                    .any(|prefix| upper.starts_with(prefix))
            {
                continue;
            }
            let value_node = if v.map().is_some() {
                v.get("value")
            } else {
                Some(v)
            };
            let Some(value_node) = value_node else {
                continue;
            };
            let Some(value) = value_node.text(cx.text) else {
                continue;
            };
            if !could_be_credential(&value) || value.contains('$') {
                continue;
            }
            cx.error(
                "hardcoded-secret",
                value_node.at(),
                format!(
                    "`{name}` is set to a literal value in `.gitlab-ci.yml`, so the credential is in the repository for anyone who can read it (and in its history): delete it here and add it under Settings → CI/CD → Variables as a masked, protected variable; jobs still see it as `${name}`"
                ),
            );
        }
    }
}

/// Cache paths outside the project directory, which GitLab does not cache.
fn check_caches(cx: &mut Cx<'_>, p: &Pipeline<'_>) {
    let mut caches: Vec<&Node> = Vec::new();
    caches.extend(p.root.get("cache"));
    caches.extend(p.root.get("default").and_then(|d| d.get("cache")));
    caches.extend(p.entries.values().filter_map(|(_, v)| v.get("cache")));
    for cache in caches {
        let entries: Vec<&Node> = match &cache.value {
            Value::Seq(items) => items.iter().collect(),
            _ => vec![cache],
        };
        for entry in entries {
            let Some(paths) = entry.get("paths").and_then(Node::seq) else {
                continue;
            };
            for path in paths {
                let Some(text) = path.str() else { continue };
                let t = text.trim();
                if t.starts_with('/') || t.starts_with('~') || t.starts_with("..") {
                    cx.warning(
                        "cache-outside-project",
                        path.at(),
                        format!("GitLab only caches paths inside the project directory, so `{t}` is silently never cached: point the tool's cache inside the project (for pip, set `PIP_CACHE_DIR: \"$CI_PROJECT_DIR/.cache/pip\"`) and cache that relative path, e.g. `.cache/pip`"),
                    );
                }
            }
        }
    }
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

fn is_default_branch_condition(c: &str) -> bool {
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

fn check_requirements(cx: &mut Cx<'_>, p: &Pipeline<'_>, req: &Requirements) {
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

/// `extends:` or `needs:`-like values: one name or a list of names.
fn names<'a>(node: &'a Node, text: &str) -> Vec<(String, &'a Node)> {
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

fn quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
