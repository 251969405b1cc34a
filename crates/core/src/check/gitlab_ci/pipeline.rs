//! The pipeline as the rules see it: global keywords versus jobs, the declared stages,
//! and how a job keyword resolves through `extends:` and `default:`.

use std::collections::{BTreeMap, BTreeSet};

use super::Sink;
use crate::check::yaml::{Node, Value, string_list};

/// Top-level keys that are not jobs.
pub(super) const GLOBAL_KEYWORDS: &[&str] =
    &["default", "include", "stages", "variables", "workflow"];

/// Job keywords that GitLab still accepts at the top level, deprecated in favour of
/// `default:` (and `types`, the old name of `stages`).
pub(super) const DEPRECATED_GLOBALS: &[&str] = &[
    "image",
    "services",
    "cache",
    "before_script",
    "after_script",
    "types",
];

/// GitLab's stages when the file declares none.
const DEFAULT_STAGES: &[&str] = &[".pre", "build", "test", "deploy", ".post"];

/// The pipeline as the rules see it.
pub(super) struct Pipeline<'a> {
    pub(super) root: &'a Node,
    pub(super) text: &'a str,
    /// Every top-level key that is not a global keyword: jobs and hidden templates.
    pub(super) entries: BTreeMap<String, (&'a Node, &'a Node)>,
    /// Real jobs (not hidden, a mapping), in file order.
    pub(super) jobs: Vec<Job<'a>>,
    /// `include:` is used: stages, templates and jobs may come from other files.
    pub(super) includes: bool,
    /// The stages jobs may use, in order.
    pub(super) stages: Vec<String>,
    /// The same, for lookups.
    pub(super) stage_set: BTreeSet<String>,
    /// The names of `jobs`, for lookups.
    pub(super) job_names: BTreeSet<String>,
}

/// One real job: a top-level key that is neither a keyword nor hidden, with its body.
pub(super) struct Job<'a> {
    pub(super) name: String,
    pub(super) key: &'a Node,
    pub(super) body: &'a Node,
}

impl<'a> Pipeline<'a> {
    /// A job keyword as GitLab resolves it: the job's own value, else the value from
    /// what it `extends` (later entries win), recursively. GitLab allows 11 levels.
    pub(super) fn resolve(&self, body: &'a Node, key: &str) -> Option<&'a Node> {
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
            .map(|e| string_list(e, self.text))
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
    pub(super) fn resolve_with_default(&self, body: &'a Node, key: &str) -> Option<&'a Node> {
        self.resolve(body, key)
            .or_else(|| self.root.get("default").and_then(|d| d.get(key)))
            .or_else(|| self.root.get(key))
    }

    pub(super) fn stage_of(&self, job: &Job<'a>) -> (String, Option<&'a Node>) {
        match self.resolve(job.body, "stage") {
            Some(node) => (node.text(self.text).unwrap_or_default(), Some(node)),
            None => ("test".to_string(), None),
        }
    }
}

/// The stages jobs may use: the declared list plus `.pre` and `.post`, or the defaults.
pub(super) fn declared_stages(cx: &mut Sink<'_>, root: &Node) -> Vec<String> {
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
