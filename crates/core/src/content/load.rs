//! Turns the files of a curriculum into a typed [`Curriculum`], collecting every problem
//! (not only the first) with its file and line. Pure: text in, curriculum or problems out.
//!
//! This file owns the entry points, the shared context [`Cx`] (problems, TOML parsing,
//! ids, concept references) and the walk over `curriculum.toml` with the references
//! resolved at the end. Sibling files add `impl Cx` blocks for what that walk reaches: a
//! module folder (`modules`), lessons (`lessons`), quizzes (`quiz`), checklists
//! (`checklist`) and exercises (`exercises`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::de::DeserializeOwned;
use toml::Spanned;

use super::model::{Concept, Curriculum};
use super::raw::RawCurriculum;
use super::text::has_forbidden;
use super::{ContentError, FORMAT_VERSION, Files, Problem, is_forbidden_char, is_valid_id};
use crate::text::line_of;

const CURRICULUM: &str = "lessons/curriculum.toml";

/// Loads a curriculum, failing with every problem found.
pub fn load(files: &Files) -> Result<Curriculum, ContentError> {
    let (curriculum, problems) = check(files);
    match curriculum {
        Some(c) if problems.is_empty() => Ok(c),
        _ => Err(ContentError::Invalid {
            origin: if files.root.is_some() {
                format!("curriculum in {}", files.origin)
            } else {
                files.origin.clone()
            },
            problems,
        }),
    }
}

/// Validates a curriculum and returns what could be built plus every problem found. The
/// curriculum is `None` only when `curriculum.toml` itself is unusable.
pub fn check(files: &Files) -> (Option<Curriculum>, Vec<Problem>) {
    let mut cx = Cx {
        files,
        problems: Vec::new(),
        seen: HashMap::new(),
    };
    for (path, text) in &files.files {
        cx.check_characters(path, text);
    }
    let curriculum = cx.curriculum();
    if let Some(c) = &curriculum {
        cx.cross_references(c);
    }
    let mut problems = cx.problems;
    problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    problems.dedup();
    for p in &mut problems {
        p.file = files.display_path(&p.file);
    }
    (curriculum, problems)
}

/// Where an id was first seen, per kind of id, for duplicate messages.
pub(super) type Seen = HashMap<(&'static str, String), (String, usize)>;

pub(super) struct Cx<'a> {
    pub(super) files: &'a Files,
    pub(super) problems: Vec<Problem>,
    pub(super) seen: Seen,
}

/// A question's lesson reference and a checklist item's exercise reference, checked once
/// every module is loaded.
pub(super) struct Refs {
    pub(super) lessons: Vec<(String, usize, String)>,
    /// Checklist items naming an exercise.
    pub(super) exercises: Vec<(String, usize, String)>,
    /// Modules listing an exercise.
    pub(super) module_exercises: Vec<(String, usize, String)>,
    /// Questions naming the section of their lesson they test: (file, line, lesson id,
    /// heading).
    pub(super) sections: Vec<(String, usize, String, String)>,
}

impl<'a> Cx<'a> {
    pub(super) fn problem(&mut self, file: &str, line: usize, message: impl Into<String>) {
        self.problems.push(Problem {
            file: file.to_string(),
            line,
            message: message.into(),
        });
    }

    /// Parses TOML that starts at line `first_line` of `file` (1 for a whole file).
    pub(super) fn parse<T: DeserializeOwned>(
        &mut self,
        file: &str,
        text: &str,
        first_line: usize,
    ) -> Option<T> {
        match toml::from_str::<T>(text) {
            Ok(v) => Some(v),
            Err(e) => {
                let line = e
                    .span()
                    .map_or(0, |s| line_of(text, s.start) + first_line - 1);
                let message = e.message().trim().to_string();
                self.problem(file, line, toml_hint(&message));
                None
            }
        }
    }

    fn check_characters(&mut self, path: &str, text: &str) {
        // Almost every file is clean: one byte scan clears it.
        if !has_forbidden(text.as_bytes()) {
            return;
        }
        for (i, line) in text.lines().enumerate() {
            if let Some(c) = line.chars().find(|c| is_forbidden_char(*c)) {
                self.problem(
                    path,
                    i + 1,
                    format!(
                        "contains the control character U+{:04X}; remove it (terminal escape and bidi characters are not allowed in content)",
                        c as u32
                    ),
                );
            }
        }
    }

    /// Checks an id's characters and that no other id of the same kind uses it.
    pub(super) fn id(
        &mut self,
        kind: &'static str,
        file: &str,
        text: &str,
        id: &Spanned<String>,
    ) -> bool {
        let line = line_of(text, id.span().start);
        self.id_at(kind, file, line, id.get_ref())
    }

    pub(super) fn id_at(&mut self, kind: &'static str, file: &str, line: usize, id: &str) -> bool {
        if !is_valid_id(id) {
            let suggestion: String = id
                .to_lowercase()
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            let suggestion = suggestion.trim_matches('-').to_string();
            self.problem(
                file,
                line,
                format!(
                    "`{id}` is not a valid {kind} id: use lowercase letters, digits and '-' (for example `{suggestion}`)"
                ),
            );
            return false;
        }
        let key = (kind, id.to_string());
        if let Some((other_file, other_line)) = self.seen.get(&key).cloned() {
            self.problem(
                file,
                line,
                format!(
                    "duplicate {kind} id `{id}`: already used at {other_file}:{other_line}; ids must be unique, rename one of them"
                ),
            );
            return false;
        }
        self.seen.insert(key, (file.to_string(), line));
        true
    }

    fn curriculum(&mut self) -> Option<Curriculum> {
        let files = self.files;
        let Some(text) = files.files.get(CURRICULUM) else {
            self.problem(
                CURRICULUM,
                0,
                "missing: a curriculum needs lessons/curriculum.toml with format_version, title and modules",
            );
            return None;
        };
        let raw: RawCurriculum = self.parse(CURRICULUM, text, 1)?;
        if *raw.format_version.get_ref() != FORMAT_VERSION {
            let line = line_of(text, raw.format_version.span().start);
            self.problem(
                CURRICULUM,
                line,
                format!(
                    "format_version {} is not supported: this devops-tutor reads format_version {FORMAT_VERSION}",
                    raw.format_version.get_ref()
                ),
            );
            return None;
        }
        let mut concepts = Vec::new();
        for c in &raw.concepts {
            if self.id("concept", CURRICULUM, text, &c.id) {
                concepts.push(Concept {
                    id: c.id.get_ref().clone(),
                    title: c.title.clone(),
                });
            }
        }
        let concept_ids: BTreeSet<String> = concepts.iter().map(|c| c.id.clone()).collect();

        let mut modules = Vec::new();
        let mut refs = Refs {
            lessons: Vec::new(),
            exercises: Vec::new(),
            module_exercises: Vec::new(),
            sections: Vec::new(),
        };
        let mut listed = BTreeSet::new();
        for dir in &raw.modules {
            let line = line_of(text, dir.span().start);
            let dir = dir.get_ref();
            if !listed.insert(dir.clone()) {
                self.problem(
                    CURRICULUM,
                    line,
                    format!("module folder `{dir}` is listed twice in `modules`"),
                );
                continue;
            }
            let module_toml = format!("lessons/{dir}/module.toml");
            if !files.files.contains_key(&module_toml) {
                self.problem(
                    CURRICULUM,
                    line,
                    format!("`modules` lists `{dir}`, but {module_toml} does not exist; create it or remove `{dir}` from the list"),
                );
                continue;
            }
            if let Some(m) = self.module(dir, &concept_ids, &mut refs) {
                modules.push(m);
            }
        }
        self.unlisted_modules(&listed, text, &raw);
        let exercises = self.exercises(&refs.module_exercises);
        let curriculum = Curriculum {
            format_version: FORMAT_VERSION,
            title: raw.title,
            concepts,
            modules,
            exercises,
        };
        self.resolve(&curriculum, refs);
        Some(curriculum)
    }

    fn unlisted_modules(&mut self, listed: &BTreeSet<String>, text: &str, raw: &RawCurriculum) {
        let line = raw
            .modules
            .first()
            .map_or(1, |m| line_of(text, m.span().start));
        let found: BTreeSet<String> = self
            .files
            .files
            .keys()
            .filter_map(|k| k.strip_prefix("lessons/")?.strip_suffix("/module.toml"))
            .filter(|d| !d.contains('/'))
            .map(str::to_string)
            .collect();
        for dir in found.difference(listed) {
            self.problem(
                CURRICULUM,
                line,
                format!("folder lessons/{dir}/ has a module.toml but `modules` does not list it; add \"{dir}\" to `modules` or remove the folder"),
            );
        }
    }

    /// Checks that a concept reference names a concept declared in the curriculum.
    pub(super) fn concept_ref(
        &mut self,
        file: &str,
        text: &str,
        c: &Spanned<String>,
        concepts: &BTreeSet<String>,
    ) {
        self.concept_ref_at(file, line_of(text, c.span().start), c.get_ref(), concepts);
    }

    /// [`Self::concept_ref`] for a reference whose line is already known.
    pub(super) fn concept_ref_at(
        &mut self,
        file: &str,
        line: usize,
        concept: &str,
        concepts: &BTreeSet<String>,
    ) {
        if !concepts.contains(concept) {
            let known: Vec<&str> = concepts.iter().map(String::as_str).collect();
            self.problem(
                file,
                line,
                format!(
                    "unknown concept `{concept}`; use one declared in lessons/curriculum.toml: {}",
                    known.join(", ")
                ),
            );
        }
    }

    fn resolve(&mut self, c: &Curriculum, refs: Refs) {
        let lessons: BTreeSet<&str> = c
            .modules
            .iter()
            .flat_map(|m| m.lessons.iter().map(|l| l.id.as_str()))
            .collect();
        for (file, line, lesson) in refs.lessons {
            if !lessons.contains(lesson.as_str()) {
                self.problem(
                    &file,
                    line,
                    format!("`lesson = \"{lesson}\"` names no lesson in this curriculum; use the `id` from a lesson's front matter"),
                );
            }
        }
        for (file, line, lesson, section) in refs.sections {
            let Some((m, l)) = c.find_lesson(&lesson) else {
                continue;
            };
            let headings = crate::search::headings(&c.modules[m].lessons[l].body);
            if !headings.iter().any(|h| h.eq_ignore_ascii_case(&section)) {
                self.problem(
                    &file,
                    line,
                    format!(
                        "`section = \"{section}\"` is not a heading of lesson `{lesson}`; use one of: {}",
                        headings.join(", ")
                    ),
                );
            }
        }
        let exercises: BTreeSet<&str> = c.exercises.iter().map(|e| e.id.as_str()).collect();
        for (file, line, ex) in refs.exercises {
            // An exercise that exists but did not load has its own problem reported.
            let has_folder = self
                .files
                .files
                .contains_key(&format!("exercises/{ex}/exercise.toml"));
            if !exercises.contains(ex.as_str()) && !has_folder {
                self.problem(
                    &file,
                    line,
                    format!("`exercise = \"{ex}\"` names no exercise; use the id of a folder in exercises/"),
                );
            }
        }
    }

    fn cross_references(&mut self, c: &Curriculum) {
        if c.modules.is_empty() && self.problems.is_empty() {
            self.problem(
                CURRICULUM,
                0,
                "`modules` is empty: list at least one module folder",
            );
        }
    }
}

/// Adds what to do to the TOML parser's own message where it helps.
fn toml_hint(message: &str) -> String {
    if message.starts_with("unknown field") {
        format!("{message}; remove the key or fix its spelling")
    } else if message.starts_with("missing field") {
        format!("{message}; add it")
    } else {
        message.to_string()
    }
}

/// Helper for tests and tools: a files map from `(path, text)` pairs.
pub fn files_from<I, P, T>(pairs: I) -> Files
where
    I: IntoIterator<Item = (P, T)>,
    P: Into<String>,
    T: Into<String>,
{
    Files {
        origin: "test curriculum".to_string(),
        root: None,
        exercises_root: None,
        files: pairs
            .into_iter()
            .map(|(p, t)| (p.into(), t.into()))
            .collect::<BTreeMap<_, _>>(),
    }
}
