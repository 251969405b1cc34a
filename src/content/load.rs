//! Turns the files of a curriculum into a typed [`Curriculum`], collecting every problem
//! (not only the first) with its file and line. Pure: text in, curriculum or problems out.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag};
use serde::de::DeserializeOwned;
use toml::Spanned;

use super::model::{ChecklistItem, Concept, Curriculum, Lesson, Module, Question, QuestionKind};
use super::raw::{
    RawChecklist, RawCurriculum, RawFrontMatter, RawItem, RawKind, RawModule, RawQuestion, RawQuiz,
};
use super::{ContentError, FORMAT_VERSION, Files, Problem, is_forbidden_char, is_valid_id};

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
}

pub(super) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
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

    fn id_at(&mut self, kind: &'static str, file: &str, line: usize, id: &str) -> bool {
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

    fn module(
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

    fn concept_ref(
        &mut self,
        file: &str,
        text: &str,
        c: &Spanned<String>,
        concepts: &BTreeSet<String>,
    ) {
        if !concepts.contains(c.get_ref()) {
            let known: Vec<&str> = concepts.iter().map(String::as_str).collect();
            self.problem(
                file,
                line_of(text, c.span().start),
                format!(
                    "unknown concept `{}`; use one declared in lessons/curriculum.toml: {}",
                    c.get_ref(),
                    known.join(", ")
                ),
            );
        }
    }

    fn lesson(&mut self, path: &str, text: &str, concepts: &BTreeSet<String>) -> Option<Lesson> {
        let Some((front, body, body_line)) = split_front_matter(text) else {
            self.problem(
                path,
                1,
                "a lesson starts with TOML front matter between two `+++` lines (id, title, minutes, concepts)",
            );
            return None;
        };
        let raw: RawFrontMatter = self.parse(path, front, 2)?;
        let front_line = |span: Range<usize>| line_of(front, span.start) + 1;
        self.id_at("lesson", path, front_line(raw.id.span()), raw.id.get_ref());
        if *raw.minutes.get_ref() == 0 {
            self.problem(
                path,
                front_line(raw.minutes.span()),
                "`minutes` must be at least 1: how long reading and trying takes",
            );
        }
        for c in &raw.concepts {
            if !concepts.contains(c.get_ref()) {
                let line = front_line(c.span());
                let known: Vec<&str> = concepts.iter().map(String::as_str).collect();
                self.problem(
                    path,
                    line,
                    format!(
                        "unknown concept `{}`; use one declared in lessons/curriculum.toml: {}",
                        c.get_ref(),
                        known.join(", ")
                    ),
                );
            }
        }
        self.markdown(path, body, body_line);
        Some(Lesson {
            id: raw.id.into_inner(),
            title: raw.title,
            minutes: raw.minutes.into_inner(),
            concepts: raw.concepts.into_iter().map(Spanned::into_inner).collect(),
            body: body.to_string(),
            path: path.to_string(),
        })
    }

    /// Structural rules for lesson bodies: code fences name their language, and there is
    /// no `#` title (the app shows the front matter's title).
    fn markdown(&mut self, path: &str, body: &str, first_line: usize) {
        let parser =
            Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_GFM).into_offset_iter();
        for (event, range) in parser {
            // Counting lines is linear, so only do it for a problem.
            let line = || line_of(body, range.start) + first_line - 1;
            match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang)))
                    if lang.trim().is_empty() =>
                {
                    self.problem(path, line(), "code block without a language: write ```bash, ```dockerfile, ```yaml, ```hcl, ```json or ```text");
                }
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                }) => {
                    self.problem(path, line(), "`#` heading in a lesson body: the app shows the title from the front matter; use `##` for sections");
                }
                _ => {}
            }
        }
    }

    fn quiz(
        &mut self,
        dir: &str,
        concepts: &BTreeSet<String>,
        lessons: &[Lesson],
        refs: &mut Refs,
    ) -> Vec<Question> {
        let files = self.files;
        let path = format!("lessons/{dir}/quiz.toml");
        let Some(text) = files.files.get(&path) else {
            return Vec::new();
        };
        let Some(raw) = self.parse::<RawQuiz>(&path, text, 1) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for q in raw.question {
            let line = line_of(text, q.id.span().start);
            let id_ok = self.id("question", &path, text, &q.id);
            let kind = self.question_kind(&path, text, line, &q);
            let lesson_concepts = lessons
                .iter()
                .find(|l| &l.id == q.lesson.get_ref())
                .map(|l| l.concepts.clone());
            let concepts = match &q.concepts {
                Some(cs) => {
                    for c in cs {
                        self.concept_ref(&path, text, c, concepts);
                    }
                    cs.iter().map(|c| c.get_ref().clone()).collect()
                }
                None => lesson_concepts.unwrap_or_default(),
            };
            refs.lessons.push((
                path.clone(),
                line_of(text, q.lesson.span().start),
                q.lesson.get_ref().clone(),
            ));
            if let (true, Some(kind)) = (id_ok, kind) {
                out.push(Question {
                    id: q.id.into_inner(),
                    lesson: q.lesson.into_inner(),
                    prompt: q.prompt,
                    explanation: q.explanation,
                    concepts,
                    kind,
                });
            }
        }
        out
    }

    fn question_kind(
        &mut self,
        path: &str,
        text: &str,
        line: usize,
        q: &RawQuestion,
    ) -> Option<QuestionKind> {
        let id = q.id.get_ref();
        let at = |s: Option<Range<usize>>| s.map_or(line, |s| line_of(text, s.start));
        let choices = q
            .choices
            .as_ref()
            .map(|c| c.get_ref().clone())
            .unwrap_or_default();
        let choices_line = at(q.choices.as_ref().map(Spanned::span));
        let answer_line = at(q.answer.as_ref().map(Spanned::span));
        let answer: Vec<usize> = q
            .answer
            .as_ref()
            .map(|a| a.get_ref().clone())
            .unwrap_or_default();
        let kind = *q.kind.get_ref();
        let before = self.problems.len();
        let forbid = |cx: &mut Self, present: bool, key: &str, l: usize| {
            if present {
                cx.problem(
                    path,
                    l,
                    format!(
                        "question `{id}` is kind \"{}\", which takes no `{key}`; remove it",
                        kind_name(kind)
                    ),
                );
            }
        };
        match kind {
            RawKind::Single | RawKind::Multi => {
                forbid(
                    self,
                    q.accept.is_some(),
                    "accept",
                    at(q.accept.as_ref().map(Spanned::span)),
                );
                if choices.len() < 2 {
                    self.problem(
                        path,
                        choices_line,
                        format!("question `{id}` needs at least 2 `choices`"),
                    );
                }
                if q.answer.is_none() {
                    self.problem(path, line, format!("question `{id}` has no `answer`: give the 0-based index of the right choice, e.g. answer = [1]"));
                } else if answer.is_empty() && kind == RawKind::Multi {
                    self.problem(path, answer_line, format!("question `{id}` is a multi question with an empty `answer`; list every correct choice's index"));
                } else if kind == RawKind::Single && answer.len() != 1 {
                    self.problem(path, answer_line, format!("question `{id}` is a single question, so `answer` needs exactly one index (found {}); use kind = \"multi\" for several", answer.len()));
                }
                for a in &answer {
                    if *a >= choices.len() {
                        self.problem(
                            path,
                            answer_line,
                            format!("question `{id}`: answer index {a} is out of range; `choices` has {} entries, numbered 0 to {}", choices.len(), choices.len().saturating_sub(1)),
                        );
                    }
                }
                let unique: BTreeSet<_> = answer.iter().collect();
                if unique.len() != answer.len() {
                    self.problem(
                        path,
                        answer_line,
                        format!("question `{id}`: `answer` lists the same index twice"),
                    );
                }
            }
            RawKind::Order => {
                forbid(self, q.answer.is_some(), "answer", answer_line);
                forbid(
                    self,
                    q.accept.is_some(),
                    "accept",
                    at(q.accept.as_ref().map(Spanned::span)),
                );
                if choices.len() < 3 {
                    self.problem(path, choices_line, format!("question `{id}` is an order question: list at least 3 `choices`, in the correct order"));
                }
            }
            RawKind::Text => {
                forbid(self, q.choices.is_some(), "choices", choices_line);
                forbid(self, q.answer.is_some(), "answer", answer_line);
                let accept = q
                    .accept
                    .as_ref()
                    .map(|a| a.get_ref().clone())
                    .unwrap_or_default();
                if accept.iter().all(|a| a.trim().is_empty()) {
                    self.problem(path, at(q.accept.as_ref().map(Spanned::span)), format!("question `{id}` is a text question: list accepted answers in `accept`, e.g. accept = [\"CMD\"]"));
                }
            }
        }
        if q.prompt.trim().is_empty() {
            self.problem(path, line, format!("question `{id}` has an empty `prompt`"));
        }
        if q.explanation.trim().is_empty() {
            self.problem(
                path,
                line,
                format!("question `{id}` has an empty `explanation`: say why the answer is right"),
            );
        }
        if self.problems.len() != before {
            return None;
        }
        Some(match kind {
            RawKind::Single => QuestionKind::Single {
                choices,
                answer: answer[0],
            },
            RawKind::Multi => QuestionKind::Multi {
                choices,
                answers: answer,
            },
            RawKind::Order => QuestionKind::Order { steps: choices },
            RawKind::Text => QuestionKind::Text {
                accept: q
                    .accept
                    .as_ref()
                    .map(|a| a.get_ref().clone())
                    .unwrap_or_default(),
            },
        })
    }

    fn checklist(&mut self, dir: &str, refs: &mut Refs) -> Vec<ChecklistItem> {
        let files = self.files;
        let path = format!("lessons/{dir}/checklist.toml");
        let Some(text) = files.files.get(&path) else {
            return Vec::new();
        };
        let Some(raw) = self.parse::<RawChecklist>(&path, text, 1) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for RawItem {
            id,
            text: item_text,
            detail,
            exercise,
        } in raw.item
        {
            if !self.id("checklist item", &path, text, &id) {
                continue;
            }
            if let Some(ex) = &exercise {
                refs.exercises.push((
                    path.clone(),
                    line_of(text, ex.span().start),
                    ex.get_ref().clone(),
                ));
            }
            out.push(ChecklistItem {
                id: id.into_inner(),
                text: item_text,
                detail,
                exercise: exercise.map(Spanned::into_inner),
            });
        }
        out
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
        let exercises: BTreeSet<&str> = c.exercises.iter().map(|e| e.id.as_str()).collect();
        for (file, line, ex) in refs.exercises {
            if !exercises.contains(ex.as_str()) {
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

fn kind_name(k: RawKind) -> &'static str {
    match k {
        RawKind::Single => "single",
        RawKind::Multi => "multi",
        RawKind::Order => "order",
        RawKind::Text => "text",
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

/// Splits `+++\n<toml>\n+++\n<body>`; returns the TOML, the body and the 1-based line on
/// which the body starts.
fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + front.matches('\n').count() + 1;
            return Some((front, body, body_line));
        }
        offset += line.len();
    }
    None
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_split() {
        let (front, body, line) = split_front_matter("+++\nid = \"a\"\n+++\nHello\n").unwrap();
        assert_eq!(front, "id = \"a\"\n");
        assert_eq!(body, "Hello\n");
        assert_eq!(line, 4);
        assert!(split_front_matter("no front matter").is_none());
        assert!(split_front_matter("+++\nid = 1\n").is_none());
    }

    #[test]
    fn line_numbers() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 4), 3);
    }
}
