//! A quiz run: a module's quiz, a Review session of due cards, or a self-quiz. One
//! question at a time in its kind's form (choose, pick several, put in order, type),
//! feedback with the explanation, the rating of a right answer, and a score at the end.
//! This file owns the state and `update`; `view` lays out and draws the text.

mod answer;
mod view;

pub use answer::shuffled;

use std::any::Any;
use std::collections::BTreeSet;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::Lesson;
use crate::content::{Question, QuestionKind};
use crate::progress::{Card, QuizAttempt};
use crate::review::{QRef, Rating};
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::keys::{Binding, Key::*, back, key, list, more, scroll};
use crate::tui::page::{Chrome, Nav, Page};

/// What a quiz run is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuizMode {
    /// A module's quiz (index into `Curriculum::modules`).
    Module(usize),
    Review,
    /// The label says what was chosen ("Containers, CI/CD").
    SelfQuiz(String),
}

#[derive(Debug, Clone)]
pub struct Quiz {
    pub mode: QuizMode,
    /// The questions of this run, in the order asked.
    pub questions: Vec<QRef>,
    /// Index of the current question in `questions`.
    pub index: usize,
    pub cursor: usize,
    /// Chosen choices (single and multi).
    pub picked: BTreeSet<usize>,
    /// Order questions: the current arrangement, as indices into the correct order.
    pub arrangement: Vec<usize>,
    /// Order questions: a step is picked up and moves with the cursor.
    pub grabbed: bool,
    /// Text questions: what the learner typed.
    pub input: String,
    /// Set once the current question is answered: was it right?
    pub answered: Option<bool>,
    /// Right answers so far, and the ids answered wrongly.
    pub score: u32,
    pub missed: Vec<String>,
    pub finished: bool,
    /// Scroll of the question body (long explanations on small screens).
    pub scroll: usize,
    /// The current question's card before this answer (for changing the rating), and
    /// the rating given.
    pub before: Option<Card>,
    pub rating: Option<Rating>,
}

impl Quiz {
    /// A run over `questions`, at the first one.
    pub fn new(cx: &Ctx, mode: QuizMode, questions: Vec<QRef>) -> Quiz {
        let mut q = Quiz {
            mode,
            questions,
            index: 0,
            cursor: 0,
            picked: BTreeSet::new(),
            arrangement: Vec::new(),
            grabbed: false,
            input: String::new(),
            answered: None,
            score: 0,
            missed: Vec::new(),
            finished: false,
            scroll: 0,
            before: None,
            rating: None,
        };
        q.go_to(cx, 0);
        q
    }

    pub fn current<'a>(&self, cx: &'a Ctx) -> Option<&'a Question> {
        self.questions.get(self.index)?.get(&cx.curriculum)
    }

    /// Resets the per-question state for question `index`.
    fn go_to(&mut self, cx: &Ctx, index: usize) {
        self.index = index;
        self.cursor = 0;
        self.picked.clear();
        self.input.clear();
        self.answered = None;
        self.grabbed = false;
        self.scroll = 0;
        self.arrangement.clear();
        self.before = None;
        self.rating = None;
        if let Some(question) = self.current(cx)
            && let QuestionKind::Order { steps } = &question.kind
        {
            self.arrangement = shuffled(steps.len(), &question.id);
        }
    }

    /// After answering: the next question, or the result.
    fn next(&mut self, cx: &mut Ctx) {
        if self.index + 1 < self.questions.len() {
            self.go_to(cx, self.index + 1);
        } else {
            self.finish(cx);
        }
    }

    fn finish(&mut self, cx: &mut Ctx) {
        self.finished = true;
        self.scroll = 0;
        let QuizMode::Module(module) = self.mode else {
            // Reviews and self-quizzes were saved answer by answer.
            return;
        };
        let module = cx.curriculum.modules[module].id.clone();
        let now = cx.now();
        cx.progress.quiz_attempts.push(QuizAttempt {
            module,
            finished: now,
            score: self.score,
            total: u32::try_from(self.questions.len()).unwrap_or(u32::MAX),
            missed: self.missed.clone(),
        });
        cx.save();
    }
}

impl Page for Quiz {
    fn update(&mut self, cx: &mut Ctx, action: Action) -> Nav {
        if let Action::OpenLessonAt { module, lesson } = action {
            // "Done and next" on a lesson re-read from here.
            return Nav::push(Lesson::open(cx, module, lesson, 0));
        }
        if self.finished {
            return match action {
                Action::Back => Nav::Pop,
                Action::Retake => {
                    *self = Quiz::new(cx, self.mode.clone(), self.questions.clone());
                    Nav::Stay
                }
                action => {
                    self.scroll_by(cx, &action);
                    Nav::Stay
                }
            };
        }
        let Some(question) = self.current(cx).cloned() else {
            return Nav::Pop;
        };
        if action == Action::Back {
            return Nav::Pop;
        }
        if self.answered.is_some() {
            match action {
                Action::Rate(rating) => {
                    self.rate(cx, &question, rating);
                    self.next(cx);
                }
                Action::NextQuestion => self.next(cx),
                Action::ReadLesson => {
                    if let Some((m, l)) = cx.curriculum.find_lesson(&question.lesson) {
                        return Nav::push(Lesson::aside(cx, m, l));
                    }
                }
                action => self.scroll_by(cx, &action),
            }
            return Nav::Stay;
        }
        match action {
            Action::Answer => self.answer(cx, &question),
            action => self.choose(&question, &action),
        }
        Nav::Stay
    }

    fn render(&self, cx: &Ctx, area: Rect, buf: &mut Buffer) -> Chrome {
        view::render(self, cx, area, buf)
    }

    fn bindings(&self, cx: &Ctx) -> Vec<Binding> {
        if self.finished {
            let mut b = scroll();
            b.push(key(
                &[Enter, Esc, Backspace, Left, Char('h')],
                Action::Back,
                "back",
                "back to where the quiz was started",
            ));
            b.push(key(
                &[Char('r')],
                Action::Retake,
                "again",
                "take the same questions again",
            ));
            return b;
        }
        if let Some(right) = self.answered {
            let mut b = Vec::new();
            if right {
                // Enter keeps "good" (how a right answer is recorded) and moves on.
                b.extend([
                    key(
                        &[Char('1')],
                        Action::Rate(Rating::Hard),
                        "hard",
                        "it felt hard: see it again sooner; then the next question",
                    ),
                    key(
                        &[Char('2'), Enter],
                        Action::Rate(Rating::Good),
                        "good",
                        "it felt right; then the next question",
                    )
                    .showing(2),
                    key(
                        &[Char('3')],
                        Action::Rate(Rating::Easy),
                        "easy",
                        "it felt easy: see it again later; then the next question",
                    ),
                    more(
                        &[Char('n')],
                        Action::NextQuestion,
                        "next",
                        "the next question",
                    ),
                    key(
                        &[Char('o')],
                        Action::ReadLesson,
                        "lesson",
                        "re-read the question's lesson; Esc comes back here",
                    ),
                ]);
            } else {
                b.push(key(
                    &[Enter, Char('n')],
                    Action::NextQuestion,
                    "next",
                    "the next question",
                ));
                b.push(key(
                    &[Char('o')],
                    Action::ReadLesson,
                    "re-read lesson",
                    "re-read the question's lesson; Esc comes back here",
                ));
            }
            b.extend(scroll());
            b.push(back("leave"));
            return b;
        }
        let mut b = Vec::new();
        match self.current(cx).map(|q| &q.kind) {
            Some(QuestionKind::Single { .. }) => {
                b.extend(list("choose"));
                b.push(more(
                    &[Char(' ')],
                    Action::Pick,
                    "mark",
                    "mark the choice under the cursor",
                ));
            }
            Some(QuestionKind::Multi { .. }) => {
                b.extend(list("move"));
                b.push(key(
                    &[Char(' ')],
                    Action::Pick,
                    "pick",
                    "pick the choice, or drop it",
                ));
            }
            Some(QuestionKind::Order { .. }) => {
                b.extend(list("move"));
                b.push(key(
                    &[Char(' ')],
                    Action::Pick,
                    "pick up/drop",
                    "pick up the step under the cursor, or put it down; ↑↓ move it",
                ));
            }
            Some(QuestionKind::Text { .. }) | None => {}
        }
        b.push(key(&[Enter], Action::Answer, "answer", "check your answer"));
        if self.text_input(cx) {
            // While typing, ← and Backspace edit the answer: only Esc leaves.
            b.push(key(&[Esc], Action::Back, "leave quiz", "leave the quiz"));
        } else {
            b.push(back("leave quiz"));
        }
        b
    }

    fn text_input(&self, cx: &Ctx) -> bool {
        !self.finished
            && self.answered.is_none()
            && matches!(
                self.current(cx).map(|q| &q.kind),
                Some(QuestionKind::Text { .. })
            )
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
