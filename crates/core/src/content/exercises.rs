//! Loading `exercises/<id>/`: `exercise.toml`, the task's README.md, and the starter and
//! solution files. Whether the starter fails and the solution passes is verified by the
//! `check` module, which owns the checkers.

use std::collections::{BTreeMap, BTreeSet};

use toml::Spanned;

use crate::check::{Kind, Requirements};

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
        // An exercise whose folder exists but did not load has had its problem reported;
        // modules that list it are not told it is missing as well.
        let present = |id: &str| {
            dirs.contains(id)
                && files
                    .files
                    .contains_key(&format!("exercises/{id}/exercise.toml"))
        };
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
            } else if present(id) {
                // Its own problem is already reported.
                continue;
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
        let open = match &raw.open {
            Some(o) if file != "." => {
                self.problem(
                    &path,
                    at(o),
                    "`open` is for a whole-folder exercise (`file = \".\"`); this one opens `file`",
                );
                file.clone()
            }
            Some(o) => {
                if !starter.contains_key(o.get_ref()) {
                    self.problem(
                        &path,
                        at(o),
                        format!(
                            "`open = \"{}\"` is not a starter file; name one of exercises/{dir}/starter/",
                            o.get_ref()
                        ),
                    );
                }
                o.get_ref().clone()
            }
            None if file == "." => starter
                .keys()
                .find(|k| !k.split('/').any(|part| part.starts_with('.')))
                .or_else(|| starter.keys().next())
                .cloned()
                .unwrap_or_default(),
            None => file.clone(),
        };
        let Some(kind) = Kind::from_name(raw.kind.get_ref()) else {
            self.problem(
                &path,
                at(&raw.kind),
                format!(
                    "unknown kind `{}`; use one of: {}",
                    raw.kind.get_ref(),
                    Kind::names()
                ),
            );
            return None;
        };
        // Typed once, here, from the file itself: a bad key is reported on its own line.
        let requirements = match Requirements::from_exercise_toml(kind, text) {
            Ok(r) => r,
            Err(e) => {
                let line = match (&e.span, &raw.requirements) {
                    (Some(span), _) => line_of(text, span.start),
                    (None, Some(table)) => line_of(text, table.span().start),
                    (None, None) => 1,
                };
                self.problem(
                    &path,
                    line,
                    format!("[requirements] for {kind}: {e}; fix the key or its value"),
                );
                return None;
            }
        };
        Some(Exercise {
            id: raw.id.into_inner(),
            title: raw.title,
            kind,
            file,
            hints: raw.hints.into_inner(),
            open,
            requirements,
            readme,
            starter,
            solution,
            path,
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
