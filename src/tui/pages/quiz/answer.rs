//! Answering: moving among the choices, picking, ordering, typing, checking the answer
//! (and recording it for review), rating a right one, and scrolling the feedback.

use std::collections::BTreeSet;

use super::{Quiz, QuizMode, view};
use crate::content::{Question, QuestionKind};
use crate::progress::{GivenAnswer, LastStep, QuizRun, StepKind};
use crate::review::{self, Origin, Rating};
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::layout;
use crate::tui::pages::step;

impl Quiz {
    /// Scrolls the feedback or the result within the text laid out for the window.
    pub(super) fn scroll_by(&mut self, cx: &Ctx, action: &Action) {
        let page = usize::from(layout::body(cx.size).height).max(1);
        let max = view::lines(cx, self, cx.size.width)
            .len()
            .saturating_sub(page);
        self.scroll = match action {
            Action::Up => self.scroll.saturating_sub(1),
            Action::PageUp => self.scroll.saturating_sub(page),
            Action::Down => (self.scroll + 1).min(max),
            Action::PageDown => (self.scroll + page).min(max),
            Action::Scroll(n) => self.scroll.saturating_add_signed(isize::from(*n)).min(max),
            Action::Top => 0,
            Action::Bottom => max,
            _ => self.scroll,
        };
    }

    pub(super) fn answer(&mut self, cx: &mut Ctx, question: &Question) {
        let kind = &question.kind;
        let marked =
            |q: &Quiz| -> BTreeSet<usize> { q.picked.iter().map(|p| q.order[*p]).collect() };
        let correct = match kind {
            QuestionKind::Single { answer, .. } => {
                // What is marked is what is graded; with nothing marked, the row under
                // the cursor is marked first, so the screen shows what was graded.
                let pos = self.picked.iter().next().copied().unwrap_or(self.cursor);
                self.picked = BTreeSet::from([pos]);
                Some(marked(self).contains(answer))
            }
            QuestionKind::Multi { answers, .. } => {
                if self.picked.is_empty() {
                    self.picked.insert(self.cursor);
                }
                Some(marked(self) == answers.iter().copied().collect::<BTreeSet<_>>())
            }
            QuestionKind::Order { .. } => {
                self.grabbed = false;
                Some(self.arrangement.iter().enumerate().all(|(i, x)| i == *x))
            }
            QuestionKind::Text { .. } if self.input.trim().is_empty() => None,
            QuestionKind::Text { .. } => Some(kind.accepts_text(&self.input)),
        };
        let Some(correct) = correct else { return };
        self.answered = Some(correct);
        let rating = if correct { Rating::Good } else { Rating::Again };
        self.rating = Some(rating);
        // Bring the feedback into view: scroll the prompt away if the explanation would
        // not fit, keeping the marked choices visible.
        let page = usize::from(layout::body(cx.size).height).max(1);
        let prompt_rows = view::prompt_rows(cx, question, cx.size.width);
        let all = view::lines(cx, self, cx.size.width).len();
        self.scroll = all.saturating_sub(page).min(prompt_rows);
        if correct {
            self.score += 1;
        } else {
            self.missed.push(question.id.clone());
        }
        let given = GivenAnswer {
            question: question.id.clone(),
            right: correct,
            given: self.given(question),
        };
        self.answers.push(given.clone());
        if self.practice {
            // Practice leaves the schedule and the record as they were.
            return;
        }
        let (now, sched) = (cx.now(), cx.scheduler());
        let origin = match self.mode {
            QuizMode::Module(_) => Origin::Quiz,
            QuizMode::Review => Origin::Review,
            QuizMode::SelfQuiz(_) | QuizMode::Mistakes(_) => Origin::SelfQuiz,
        };
        self.before = review::record(
            &mut cx.progress,
            &sched,
            &question.id,
            rating,
            origin,
            now,
            &cx.tz,
        );
        if let Some(r) = cx.progress.questions.get_mut(&question.id) {
            r.last_given = Some(given.given.clone());
        }
        if let QuizMode::Module(m) = self.mode {
            // The run so far, to resume after a quit.
            let id = cx.curriculum.modules[m].id.clone();
            let questions = self.question_ids(cx);
            let seed = self.seed;
            let run = cx
                .progress
                .quiz_runs
                .entry(id.clone())
                .or_insert_with(|| QuizRun {
                    questions,
                    seed,
                    started: now,
                    answers: Vec::new(),
                });
            run.answers.push(given);
            cx.progress.last_step = Some(LastStep {
                kind: StepKind::Quiz,
                id,
                at: now,
            });
        }
        cx.save();
    }

    /// What the learner gave, in words: the marked choices, the order, or the text.
    fn given(&self, question: &Question) -> String {
        match &question.kind {
            QuestionKind::Single { choices, .. } | QuestionKind::Multi { choices, .. } => self
                .picked
                .iter()
                .filter_map(|p| choices.get(self.order[*p]))
                .cloned()
                .collect::<Vec<_>>()
                .join("; "),
            QuestionKind::Order { steps } => self
                .arrangement
                .iter()
                .enumerate()
                .map(|(i, s)| format!("{}. {}", i + 1, steps[*s]))
                .collect::<Vec<_>>()
                .join("  "),
            QuestionKind::Text { .. } => self.input.trim().to_string(),
        }
    }

    /// A right answer was recorded as Good; the learner says how it felt.
    pub(super) fn rate(&mut self, cx: &mut Ctx, question: &Question, rating: Rating) {
        if self.answered != Some(true) || self.rating == Some(rating) || self.practice {
            return;
        }
        let (now, sched) = (cx.now(), cx.scheduler());
        review::regrade(
            &mut cx.progress,
            &sched,
            &question.id,
            self.before.as_ref(),
            rating,
            now,
        );
        self.rating = Some(rating);
        cx.save();
    }

    /// Choosing, picking, ordering and typing, before the answer is given.
    pub(super) fn choose(&mut self, question: &Question, action: &Action) {
        let len = match &question.kind {
            QuestionKind::Single { choices, .. } | QuestionKind::Multi { choices, .. } => {
                choices.len()
            }
            QuestionKind::Order { steps } => steps.len(),
            QuestionKind::Text { .. } => 0,
        };
        match (action, &question.kind) {
            (Action::Type(c), QuestionKind::Text { .. })
                if self.input.chars().count() < 200 && !c.is_control() =>
            {
                self.input.push(*c);
            }
            (Action::Erase, QuestionKind::Text { .. }) => {
                self.input.pop();
            }
            (
                Action::Up | Action::Down | Action::Top | Action::Bottom,
                QuestionKind::Order { .. },
            ) if self.grabbed => {
                let to = step(self.cursor, len, action);
                if to != self.cursor {
                    let item = self.arrangement.remove(self.cursor);
                    self.arrangement.insert(to, item);
                    self.cursor = to;
                }
            }
            (
                Action::Up
                | Action::Down
                | Action::Top
                | Action::Bottom
                | Action::PageUp
                | Action::PageDown,
                _,
            ) => self.cursor = step(self.cursor, len, action),
            (Action::Pick, QuestionKind::Single { .. }) => {
                self.picked.clear();
                self.picked.insert(self.cursor);
            }
            (Action::Pick, QuestionKind::Multi { .. }) if !self.picked.remove(&self.cursor) => {
                self.picked.insert(self.cursor);
            }
            (Action::Pick, QuestionKind::Order { .. }) => self.grabbed = !self.grabbed,
            _ => {}
        }
    }
}

/// A seed for one question of one run: the run's seed mixed with the question id.
pub(crate) fn mix(seed: u64, salt: &str) -> u64 {
    salt.bytes().fold(seed ^ 0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A uniformly random permutation of `0..n` drawn from `seed` (Fisher-Yates over
/// xorshift): every position is equally likely to hold any item.
pub fn permutation(n: usize, seed: u64) -> Vec<usize> {
    let mut state = seed | 1;
    let mut v: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let j = (state % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
    v
}

/// A deterministic shuffle seeded by the question id (so tests and screenshots are
/// stable), never the correct order itself.
pub fn shuffled(n: usize, seed: &str) -> Vec<usize> {
    order_steps(n, mix(0, seed))
}

/// The steps of an order question in an order that is never the correct one.
pub(crate) fn order_steps(n: usize, seed: u64) -> Vec<usize> {
    let mut v = permutation(n, seed);
    if n > 1 && v.iter().enumerate().all(|(i, x)| i == *x) {
        v.rotate_left(1);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::shuffled;

    #[test]
    fn shuffle_is_a_permutation_and_never_identity() {
        for seed in ["a", "b", "docker-q-order", "x"] {
            for n in 2..8 {
                let mut v = shuffled(n, seed);
                assert_ne!(v, (0..n).collect::<Vec<_>>());
                v.sort_unstable();
                assert_eq!(v, (0..n).collect::<Vec<_>>());
            }
        }
    }
}
