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
use crate::progress::{Card, GivenAnswer, QuizAttempt};
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
    /// Questions last answered wrongly, asked again; the label says from where.
    Mistakes(String),
}

#[derive(Debug, Clone)]
pub struct Quiz {
    pub mode: QuizMode,
    /// The questions of this run, in the order asked.
    pub questions: Vec<QRef>,
    /// Index of the current question in `questions`.
    pub index: usize,
    pub cursor: usize,
    /// Marked choices (single and multi), as positions on the screen.
    pub picked: BTreeSet<usize>,
    /// Single and multi: the choices in the order shown (position → index into
    /// `choices`), shuffled per run.
    pub order: Vec<usize>,
    /// The run's seed: it shuffles the choices (and, on a retake, the questions), and a
    /// resumed quiz keeps it, so it looks as it did.
    pub seed: u64,
    /// What was answered so far in this run, in order.
    pub answers: Vec<GivenAnswer>,
    /// A practice run (a review retaken at once): answers are neither recorded nor
    /// scheduled.
    pub practice: bool,
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
    /// A run over `questions`, at the first one, shuffled by a seed of its own.
    pub fn new(cx: &Ctx, mode: QuizMode, questions: Vec<QRef>) -> Quiz {
        let seed = answer::mix(cx.now().as_nanosecond() as u64, &format!("{mode:?}"));
        Quiz::with_seed(cx, mode, questions, seed)
    }

    /// A run shuffled by `seed` (tests use it to draw many runs).
    pub fn with_seed(cx: &Ctx, mode: QuizMode, questions: Vec<QRef>, seed: u64) -> Quiz {
        let mut q = Quiz {
            mode,
            questions,
            index: 0,
            cursor: 0,
            picked: BTreeSet::new(),
            order: Vec::new(),
            seed,
            answers: Vec::new(),
            practice: false,
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

    /// A module's quiz: the run left unfinished, resumed where it stopped, or a new one
    /// (in the file's order the first time, shuffled on a retake).
    pub fn module(cx: &Ctx, module: usize) -> Quiz {
        let m = &cx.curriculum.modules[module];
        let refs = |ids: &[String]| -> Option<Vec<QRef>> {
            ids.iter()
                .map(|id| {
                    let question = m.quiz.iter().position(|q| &q.id == id)?;
                    Some(QRef { module, question })
                })
                .collect()
        };
        if let Some(run) = cx.progress.quiz_runs.get(&m.id)
            && let Some(questions) = refs(&run.questions)
            && run.answers.len() < questions.len()
        {
            let mut q = Quiz::with_seed(cx, QuizMode::Module(module), questions, run.seed);
            q.answers = run.answers.clone();
            q.score = run.answers.iter().filter(|a| a.right).count() as u32;
            q.missed = run
                .answers
                .iter()
                .filter(|a| !a.right)
                .map(|a| a.question.clone())
                .collect();
            q.go_to(cx, run.answers.len());
            return q;
        }
        let attempts = cx
            .progress
            .quiz_attempts
            .iter()
            .filter(|a| a.module == m.id)
            .count();
        let seed = answer::mix(
            cx.now().as_nanosecond() as u64,
            &format!("{}#{attempts}", m.id),
        );
        let mut questions: Vec<QRef> = (0..m.quiz.len())
            .map(|question| QRef { module, question })
            .collect();
        if attempts > 0 {
            questions = answer::permutation(questions.len(), seed)
                .into_iter()
                .map(|i| questions[i])
                .collect();
        }
        Quiz::with_seed(cx, QuizMode::Module(module), questions, seed)
    }

    /// The same questions again: a module quiz is a new attempt (questions shuffled); a
    /// review or self-quiz is practice, which leaves the schedule alone.
    fn retake(&self, cx: &Ctx) -> Quiz {
        let seed = answer::mix(self.seed.wrapping_add(1), "retake");
        let questions: Vec<QRef> = answer::permutation(self.questions.len(), seed)
            .into_iter()
            .map(|i| self.questions[i])
            .collect();
        let mut q = Quiz::with_seed(cx, self.mode.clone(), questions, seed);
        q.practice = !matches!(self.mode, QuizMode::Module(_)) || self.practice;
        q
    }

    pub fn current<'a>(&self, cx: &'a Ctx) -> Option<&'a Question> {
        self.questions.get(self.index)?.get(&cx.curriculum)
    }

    /// The ids of the run's questions, in the order asked.
    fn question_ids(&self, cx: &Ctx) -> Vec<String> {
        self.questions
            .iter()
            .filter_map(|r| r.get(&cx.curriculum))
            .map(|q| q.id.clone())
            .collect()
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
        self.order.clear();
        self.before = None;
        self.rating = None;
        let Some(question) = self.current(cx) else {
            return;
        };
        let seed = answer::mix(self.seed, &question.id);
        match &question.kind {
            QuestionKind::Order { steps } => {
                self.arrangement = answer::order_steps(steps.len(), seed);
            }
            QuestionKind::Single { choices, .. } | QuestionKind::Multi { choices, .. } => {
                self.order = answer::permutation(choices.len(), seed);
            }
            QuestionKind::Text { .. } => {}
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
        if self.practice {
            return;
        }
        let module = cx.curriculum.modules[module].id.clone();
        cx.progress.quiz_runs.remove(&module);
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
                    *self = self.retake(cx);
                    if self.practice {
                        cx.flash("Practice: the same questions again, shuffled. Answers are not scheduled.");
                    }
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
                        // At the section the question tests.
                        let body = &cx.curriculum.modules[m].lessons[l].body;
                        let section = crate::search::section_for(body, &question);
                        let mut lesson = Lesson::aside(cx, m, l);
                        lesson.go_to(cx, section.as_deref(), None);
                        return Nav::push(lesson);
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
