//! Loading `exercises/<id>/`: `exercise.toml`, the task's README.md, and the starter and
//! solution files. Whether the starter fails and the solution passes is verified by the
//! `check` module, which owns the checkers.

use std::collections::{BTreeMap, BTreeSet};

use toml::Spanned;

use super::is_valid_id;
use super::load::Cx;
use super::model::Exercise;
use super::raw::RawExercise;
use super::text::line_of;

impl Cx<'_> {
    /// Loads every exercise folder and checks that modules list each exactly once.
    pub(super) fn exercises(&mut self, listed: &[(String, usize, String)]) -> Vec<Exercise> {
        let files = self.files;
        let dirs: BTreeSet<String> = files
            .files
            .keys()
            .filter_map(|k| {
                let rest = k.strip_prefix("exercises/")?;
                let (dir, _) = rest.split_once('/')?;
                Some(dir.to_string())
            })
            .collect();
        let mut loaded = Vec::new();
        for dir in &dirs {
            if let Some(ex) = self.exercise(dir) {
                loaded.push(ex);
            }
        }
        // Module order first, then any others (reported below).
        let mut order: Vec<&str> = Vec::new();
        let mut seen_in_modules: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
        for (file, line, id) in listed {
            if let Some((other, other_line)) = seen_in_modules.get(id.as_str()) {
                self.problem(file, *line, format!("exercise `{id}` is already listed at {other}:{other_line}; list each exercise in one module"));
                continue;
            }
            seen_in_modules.insert(id, (file, *line));
            if loaded.iter().any(|e| &e.id == id) {
                order.push(id);
            } else if is_valid_id(id) {
                self.problem(file, *line, format!("lists exercise `{id}`, but exercises/{id}/exercise.toml does not exist; create it or remove `{id}` from `exercises`"));
            } else {
                self.problem(
                    file,
                    *line,
                    format!(
                        "`{id}` is not a valid exercise id: use lowercase letters, digits and '-'"
                    ),
                );
            }
        }
        for ex in &loaded {
            if !seen_in_modules.contains_key(ex.id.as_str()) {
                self.problem(
                    &ex.path,
                    1,
                    format!(
                        "no module lists this exercise; add \"{}\" to `exercises` in a module.toml",
                        ex.id
                    ),
                );
            }
        }
        let mut out: Vec<Exercise> = order
            .iter()
            .filter_map(|id| loaded.iter().find(|e| &e.id == id).cloned())
            .collect();
        out.extend(
            loaded
                .into_iter()
                .filter(|e| !seen_in_modules.contains_key(e.id.as_str())),
        );
        out
    }

    fn exercise(&mut self, dir: &str) -> Option<Exercise> {
        let files = self.files;
        let path = format!("exercises/{dir}/exercise.toml");
        let Some(text) = files.files.get(&path) else {
            self.problem(&format!("exercises/{dir}/"), 0, "an exercise folder needs exercise.toml (id, title, kind, file, hints, [requirements])");
            return None;
        };
        let raw: RawExercise = self.parse(&path, text, 1)?;
        if !self.id("exercise", &path, text, &raw.id) {
            return None;
        }
        let at = |s: &Spanned<String>| line_of(text, s.span().start);
        let kind_line = at(&raw.kind);
        if raw.id.get_ref() != dir {
            self.problem(
                &path,
                at(&raw.id),
                format!(
                    "id `{}` differs from its folder name `{dir}`; rename one so they match",
                    raw.id.get_ref()
                ),
            );
        }
        let hints = raw.hints.get_ref();
        if hints.len() != 3 || hints.iter().any(|h| h.trim().is_empty()) {
            self.problem(
                &path,
                line_of(text, raw.hints.span().start),
                "give exactly three hints: a nudge, the concept, then nearly the answer",
            );
        }
        let readme_path = format!("exercises/{dir}/README.md");
        let readme = match files.files.get(&readme_path) {
            Some(r) => r.clone(),
            None => {
                self.problem(&readme_path, 0, "missing: the task as the learner reads it");
                String::new()
            }
        };
        let file = raw.file.get_ref().clone();
        if file.starts_with('/') || file.split('/').any(|c| c == "..") {
            self.problem(
                &path,
                at(&raw.file),
                format!("`file = \"{file}\"` must be a path inside the exercise folder"),
            );
            return None;
        }
        let starter = self.folder(dir, "starter", &file, &path, at(&raw.file));
        let solution = self.folder(dir, "solution", &file, &path, at(&raw.file));
        let (requirements, requirements_line) = match &raw.requirements {
            Some(t) => (
                toml::to_string(t.get_ref()).unwrap_or_default(),
                line_of(text, t.span().start),
            ),
            None => (String::new(), 0),
        };
        Some(Exercise {
            id: raw.id.into_inner(),
            title: raw.title,
            kind: raw.kind.into_inner(),
            file,
            hints: raw.hints.into_inner(),
            requirements,
            requirements_line,
            readme,
            starter,
            solution,
            path,
            kind_line,
        })
    }

    /// The files under `exercises/<dir>/<which>/`, which must include `file` (or anything
    /// at all when `file` is `.`).
    fn folder(
        &mut self,
        dir: &str,
        which: &str,
        file: &str,
        path: &str,
        line: usize,
    ) -> BTreeMap<String, String> {
        let prefix = format!("exercises/{dir}/{which}/");
        let found: BTreeMap<String, String> = self
            .files
            .files
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix(&prefix)?.to_string(), v.clone())))
            .collect();
        let ok = if file == "." {
            !found.is_empty()
        } else {
            found.contains_key(file)
        };
        if !ok {
            let what = if file == "." {
                format!("{prefix} is empty")
            } else {
                format!("{prefix}{file} does not exist")
            };
            self.problem(
                path,
                line,
                format!("{what}; every exercise ships a {which} version of what the learner edits"),
            );
        }
        found
    }
}
