//! The quiz: choosing, ordering and typing answers, feedback, and the saved attempt.

use crate::content::QuestionKind;
use crate::progress::QuizAttempt;
use crate::review::{self, Origin, QRef, Rating};
use crate::tui::app::{App, QuizMode, QuizState, Screen};
use crate::tui::layout;
use crate::tui::message::Message;

use super::{back, open_lesson_aside, persist, set_top, step};

pub(super) fn start_quiz(app: &mut App, module: usize) {
    let questions = (0..app.curriculum.modules[module].quiz.len())
        .map(|question| QRef { module, question })
        .collect();
    start_session(app, QuizMode::Module(module), questions);
}

/// Opens a quiz run over `questions` (a module quiz, a review, a self-quiz).
pub(super) fn start_session(app: &mut App, mode: QuizMode, questions: Vec<QRef>) {
    let q = new_question(
        app,
        QuizState {
            mode,
            questions,
            ..QuizState::default()
        },
        0,
    );
    app.screens.push(Screen::Quiz(Box::new(q)));
}

/// The same run again: a module quiz in full; a review or self-quiz over the same
/// questions.
fn restart(app: &App, q: &QuizState) -> QuizState {
    new_question(
        app,
        QuizState {
            mode: q.mode.clone(),
            questions: q.questions.clone(),
            ..QuizState::default()
        },
        0,
    )
}

/// Resets the per-question state for question `index`.
fn new_question(app: &App, mut q: QuizState, index: usize) -> QuizState {
    q.index = index;
    q.cursor = 0;
    q.picked.clear();
    q.input.clear();
    q.answered = None;
    q.grabbed = false;
    q.scroll = 0;
    q.arrangement.clear();
    q.before = None;
    q.rating = None;
    if let Some(question) = q.current(app)
        && let QuestionKind::Order { steps } = &question.kind
    {
        q.arrangement = shuffled(steps.len(), &question.id);
    }
    q
}

/// A deterministic shuffle seeded by the question id (so tests and screenshots are
/// stable), never the correct order itself.
pub fn shuffled(n: usize, seed: &str) -> Vec<usize> {
    let mut state = seed.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let mut v: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let j = (state % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
    if n > 1 && v.iter().enumerate().all(|(i, x)| i == *x) {
        v.rotate_left(1);
    }
    v
}

pub(super) fn quiz(app: &mut App, mut q: QuizState, msg: Message) {
    let total = q.questions.len();
    if q.finished {
        match msg {
            Message::Back | Message::Select => back(app),
            Message::Retry => {
                let fresh = restart(app, &q);
                set_top(app, Screen::Quiz(Box::new(fresh)));
            }
            _ => {}
        }
        return;
    }
    let Some(question) = q.current(app).cloned() else {
        return back(app);
    };
    if msg == Message::Back {
        return back(app);
    }
    if q.answered.is_some() {
        if let Message::Rate(rating) = msg
            && q.answered == Some(true)
        {
            // A right answer was recorded as Good; the learner says how it felt.
            if q.rating != Some(rating) {
                let (now, sched) = (app.now(), app.scheduler());
                review::regrade(
                    &mut app.progress,
                    &sched,
                    &question.id,
                    q.before.as_ref(),
                    rating,
                    now,
                );
                q.rating = Some(rating);
                persist(app);
            }
        }
        if msg == Message::OpenLesson {
            set_top(app, Screen::Quiz(Box::new(q)));
            if let Some((m, l)) = app.curriculum.find_lesson(&question.lesson) {
                open_lesson_aside(app, m, l);
            }
            return;
        }
        let page = (layout::body(app.size).height as usize).max(1);
        let max = crate::tui::views::quiz::lines(app, &q, app.size.width)
            .len()
            .saturating_sub(page);
        match msg {
            Message::Select | Message::Next | Message::Rate(_) => {
                if q.index + 1 < total {
                    let next = q.index + 1;
                    q = new_question(app, q, next);
                } else {
                    finish_quiz(app, &mut q, total);
                }
            }
            Message::Up => q.scroll = q.scroll.saturating_sub(1),
            Message::PageUp => q.scroll = q.scroll.saturating_sub(page),
            Message::Down => q.scroll = (q.scroll + 1).min(max),
            Message::PageDown | Message::Toggle => q.scroll = (q.scroll + page).min(max),
            Message::Scroll(n) => {
                q.scroll = q.scroll.saturating_add_signed(isize::from(n)).min(max)
            }
            Message::Top => q.scroll = 0,
            Message::Bottom => q.scroll = max,
            _ => {}
        }
        return set_top(app, Screen::Quiz(Box::new(q)));
    }
    let len = match &question.kind {
        QuestionKind::Single { choices, .. } | QuestionKind::Multi { choices, .. } => choices.len(),
        QuestionKind::Order { steps } => steps.len(),
        QuestionKind::Text { .. } => 0,
    };
    match (msg, &question.kind) {
        (Message::Input(c), QuestionKind::Text { .. })
            if q.input.chars().count() < 200 && !c.is_control() =>
        {
            q.input.push(c);
        }
        (Message::Erase, QuestionKind::Text { .. }) => {
            q.input.pop();
        }
        (
            Message::Up | Message::Down | Message::Top | Message::Bottom,
            QuestionKind::Order { .. },
        ) if q.grabbed => {
            let to = step(q.cursor, len, msg);
            if to != q.cursor {
                let item = q.arrangement.remove(q.cursor);
                q.arrangement.insert(to, item);
                q.cursor = to;
            }
        }
        (
            Message::Up
            | Message::Down
            | Message::Top
            | Message::Bottom
            | Message::PageUp
            | Message::PageDown,
            _,
        ) => {
            q.cursor = step(q.cursor, len, msg);
        }
        (Message::Toggle, QuestionKind::Single { .. }) => {
            q.picked.clear();
            q.picked.insert(q.cursor);
        }
        (Message::Toggle, QuestionKind::Multi { .. }) if !q.picked.remove(&q.cursor) => {
            q.picked.insert(q.cursor);
        }
        (Message::Toggle, QuestionKind::Order { .. }) => q.grabbed = !q.grabbed,
        (Message::Select, kind) => {
            let correct = match kind {
                QuestionKind::Single { answer, .. } => Some(q.cursor == *answer),
                QuestionKind::Multi { answers, .. } => {
                    if q.picked.is_empty() {
                        // Space picks; Enter with nothing picked picks the row under the cursor.
                        q.picked.insert(q.cursor);
                    }
                    Some(
                        q.picked.iter().copied().eq(answers
                            .iter()
                            .copied()
                            .collect::<std::collections::BTreeSet<_>>()),
                    )
                }
                QuestionKind::Order { .. } => {
                    q.grabbed = false;
                    Some(q.arrangement.iter().enumerate().all(|(i, x)| i == *x))
                }
                QuestionKind::Text { .. } if q.input.trim().is_empty() => None,
                QuestionKind::Text { .. } => Some(kind.accepts_text(&q.input)),
            };
            if let Some(correct) = correct {
                if matches!(kind, QuestionKind::Single { .. }) {
                    q.picked.clear();
                    q.picked.insert(q.cursor);
                }
                q.answered = Some(correct);
                let rating = if correct { Rating::Good } else { Rating::Again };
                q.rating = Some(rating);
                // Bring the feedback into view: scroll the prompt away if the
                // explanation would not fit, keeping the marked choices visible.
                let page = usize::from(layout::body(app.size).height).max(1);
                let prompt_rows =
                    crate::tui::views::quiz::prompt_rows(app, &question, app.size.width);
                let all = crate::tui::views::quiz::lines(app, &q, app.size.width).len();
                q.scroll = all.saturating_sub(page).min(prompt_rows);
                if correct {
                    q.score += 1;
                } else {
                    q.missed.push(question.id.clone());
                }
                let (now, sched) = (app.now(), app.scheduler());
                let origin = match q.mode {
                    QuizMode::Module(_) => Origin::Quiz,
                    QuizMode::Review => Origin::Review,
                    QuizMode::SelfQuiz(_) => Origin::SelfQuiz,
                };
                q.before = review::record(
                    &mut app.progress,
                    &sched,
                    &question.id,
                    rating,
                    origin,
                    now,
                    &app.tz,
                );
                persist(app);
            }
        }
        _ => {}
    }
    set_top(app, Screen::Quiz(Box::new(q)));
}

fn finish_quiz(app: &mut App, q: &mut QuizState, total: usize) {
    q.finished = true;
    q.scroll = 0;
    let QuizMode::Module(module) = q.mode else {
        // Reviews and self-quizzes were saved answer by answer.
        return;
    };
    let module = app.curriculum.modules[module].id.clone();
    let now = app.now();
    app.progress.quiz_attempts.push(QuizAttempt {
        module,
        finished: now,
        score: q.score,
        total: u32::try_from(total).unwrap_or(u32::MAX),
        missed: q.missed.clone(),
    });
    persist(app);
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
