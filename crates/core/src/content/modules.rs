//! One module folder, `lessons/<dir>/`: its `module.toml`, the lessons it lists (and any
//! lesson file it forgets to list), the exercises it names, its quiz and its checklist.

use std::collections::BTreeSet;

use super::load::{Cx, Refs};
use super::model::Module;
use super::raw::RawModule;
use crate::text::line_of;

impl Cx<'_> {
    pub(super) fn module(
        &mut self,
        dir: &str,
        concepts: &BTreeSet<String>,
        refs: &mut Refs,
    ) -> Option<Module> {
        let files = self.files;
        let path = format!("lessons/{dir}/module.toml");
        let text = files.files.get(&path)?;
        let raw: RawModule = self.parse(&path, text, 1)?;
        self.id("module", &path, text, &raw.id);
        self.concept_ref(&path, text, &raw.topic, concepts);

        let mut lessons = Vec::new();
        let mut listed = BTreeSet::new();
        for file in &raw.lessons {
            let line = line_of(text, file.span().start);
            let name = file.get_ref();
            listed.insert(name.clone());
            let lesson_path = format!("lessons/{dir}/{name}");
            if !name.ends_with(".md") || name.contains('/') {
                self.problem(&path, line, format!("`lessons` entry `{name}` must be a Markdown file name in this folder, like \"01-intro.md\""));
            } else if let Some(body) = files.files.get(&lesson_path) {
                if let Some(lesson) = self.lesson(&lesson_path, body, concepts) {
                    lessons.push(lesson);
                }
            } else {
                self.problem(
                    &path,
                    line,
                    format!("lists lesson `{name}`, but {lesson_path} does not exist; create the file or remove it from `lessons`"),
                );
            }
        }
        let prefix = format!("lessons/{dir}/");
        let unlisted: Vec<String> = files
            .files
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix))
            .filter(|name| name.ends_with(".md") && !listed.contains(*name))
            .map(str::to_string)
            .collect();
        for name in unlisted {
            self.problem(
                &format!("{prefix}{name}"),
                0,
                format!("no module lists this lesson; add \"{name}\" to `lessons` in {path} or delete the file"),
            );
        }

        let exercises: Vec<String> = raw.exercises.iter().map(|e| e.get_ref().clone()).collect();
        for ex in &raw.exercises {
            refs.module_exercises.push((
                path.clone(),
                line_of(text, ex.span().start),
                ex.get_ref().clone(),
            ));
        }

        let quiz = self.quiz(dir, concepts, &lessons, refs);
        let checklist = self.checklist(dir, refs);
        Some(Module {
            id: raw.id.into_inner(),
            dir: dir.to_string(),
            title: raw.title,
            week: raw.week,
            topic: raw.topic.into_inner(),
            summary: raw.summary,
            goals: raw.goals,
            lessons,
            quiz,
            checklist,
            exercises,
        })
    }
}
