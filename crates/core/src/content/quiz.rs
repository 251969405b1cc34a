//! `quiz.toml`: each question's id, lesson, concepts, and the fields its kind requires
//! (choices and answer indexes, an order's steps, a text question's accepted answers).

use std::collections::BTreeSet;
use std::ops::Range;

use toml::Spanned;

use super::load::{Cx, Refs};
use super::model::{Lesson, Question, QuestionKind};
use super::raw::{RawKind, RawQuestion, RawQuiz};
use crate::text::LineIndex;

impl Cx<'_> {
    pub(super) fn quiz(
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
        let lines = LineIndex::new(text);
        let mut out = Vec::new();
        for q in raw.question {
            let line = lines.line(q.id.span().start);
            let id_ok = self.id_at("question", &path, line, q.id.get_ref());
            let kind = self.question_kind(&path, &lines, line, &q);
            let lesson_concepts = lessons
                .iter()
                .find(|l| &l.id == q.lesson.get_ref())
                .map(|l| l.concepts.clone());
            let concepts = match &q.concepts {
                Some(cs) => {
                    for c in cs {
                        self.concept_ref_at(
                            &path,
                            lines.line(c.span().start),
                            c.get_ref(),
                            concepts,
                        );
                    }
                    cs.iter().map(|c| c.get_ref().clone()).collect()
                }
                None => lesson_concepts.unwrap_or_default(),
            };
            refs.lessons.push((
                path.clone(),
                lines.line(q.lesson.span().start),
                q.lesson.get_ref().clone(),
            ));
            if let Some(s) = &q.section {
                refs.sections.push((
                    path.clone(),
                    lines.line(s.span().start),
                    q.lesson.get_ref().clone(),
                    s.get_ref().clone(),
                ));
            }
            if let (true, Some(kind)) = (id_ok, kind) {
                out.push(Question {
                    id: q.id.into_inner(),
                    lesson: q.lesson.into_inner(),
                    prompt: q.prompt,
                    explanation: q.explanation,
                    concepts,
                    kind,
                    section: q.section.map(Spanned::into_inner),
                });
            }
        }
        out
    }

    fn question_kind(
        &mut self,
        path: &str,
        lines: &LineIndex<'_>,
        line: usize,
        q: &RawQuestion,
    ) -> Option<QuestionKind> {
        let id = q.id.get_ref();
        let at = |s: Option<Range<usize>>| s.map_or(line, |s| lines.line(s.start));
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
        if kind != RawKind::Text {
            forbid(
                self,
                q.pattern.is_some(),
                "pattern",
                at(q.pattern.as_ref().map(Spanned::span)),
            );
        }
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
                let accept_line = at(q.accept.as_ref().map(Spanned::span));
                if accept.iter().all(|a| a.trim().is_empty()) {
                    self.problem(path, accept_line, format!("question `{id}` is a text question: list accepted answers in `accept`, e.g. accept = [\"CMD\"]"));
                }
                // Every listed answer must count, and count once.
                let mut seen: Vec<String> = Vec::new();
                for a in &accept {
                    let n = crate::content::normalize_answer(a);
                    if n.is_empty() {
                        continue;
                    }
                    if seen.contains(&n) {
                        self.problem(path, accept_line, format!("question `{id}`: `{a}` is the same answer as another in `accept` once case, spaces, quotes and plurals are set aside; remove one"));
                    }
                    seen.push(n);
                }
                if let Some(p) = &q.pattern {
                    let pattern_line = at(Some(p.span()));
                    match crate::content::answer_pattern(p.get_ref()) {
                        Err(e) => self.problem(path, pattern_line, format!("question `{id}`: `pattern` is not a regular expression this tutor can use: {}", e.to_string().lines().last().unwrap_or_default())),
                        Ok(re) => {
                            for a in accept.iter().filter(|a| !re.is_match(a.trim())) {
                                self.problem(path, pattern_line, format!("question `{id}`: the accepted answer `{a}` does not match `pattern`; a pattern describes the right answers, so widen it or drop the answer"));
                            }
                        }
                    }
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
                pattern: q.pattern.as_ref().map(|p| p.get_ref().clone()),
            },
        })
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
