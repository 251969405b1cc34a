//! Home: continue, review, self-quiz, progress, and the modules; and what happens once
//! per start (the plan's first day, review cards unlocked).

use super::quiz::start_session;
use super::{open_lesson, persist, self_quiz, set_top, step};
use crate::review;
use crate::summary::continue_target;
use crate::tui::app::{App, QuizMode, Screen};
use crate::tui::message::Message;

/// The rows of Home, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HomeRow {
    Continue,
    Review,
    SelfQuiz,
    Progress,
    Module(usize),
}

pub(super) fn home_rows(app: &App) -> Vec<HomeRow> {
    let mut rows = vec![
        HomeRow::Continue,
        HomeRow::Review,
        HomeRow::SelfQuiz,
        HomeRow::Progress,
    ];
    rows.extend((0..app.curriculum.modules.len()).map(HomeRow::Module));
    rows
}

/// Once per start: a first run starts the plan today, and review cards are unlocked for
/// lessons finished and questions answered so far.
pub fn start(app: &mut App) {
    let mut changed = false;
    if app.progress.plan_start.is_none() {
        let today = app.today();
        app.progress.plan_start = Some(today);
        app.flash = Some(format!(
            "Your 8-week plan starts today, {}. Press p to see it or change the date.",
            today.strftime("%a %-d %b")
        ));
        changed = true;
    }
    let sched = app.scheduler();
    changed |= review::sync(&mut app.progress, &app.curriculum, &sched) > 0;
    if changed {
        persist(app);
    }
}

pub(super) fn home(app: &mut App, selected: usize, msg: Message) {
    let rows = home_rows(app);
    let len = rows.len();
    let row = rows.get(selected).copied().unwrap_or(HomeRow::Continue);
    match (msg, row) {
        (Message::Continue, _) | (Message::Select, HomeRow::Continue) => continue_learning(app),
        (Message::Retry, _) | (Message::Select, HomeRow::Review) => start_review(app),
        (Message::Solution, _) | (Message::Select, HomeRow::SelfQuiz) => {
            app.notices.clear();
            self_quiz::open(app);
        }
        (Message::Progress, _) | (Message::Select, HomeRow::Progress) => {
            app.notices.clear();
            app.screens.push(Screen::Progress { scroll: 0 });
        }
        (Message::Select, HomeRow::Module(module)) => {
            app.notices.clear();
            app.screens.push(Screen::Module {
                module,
                selected: 0,
            });
        }
        _ => set_top(
            app,
            Screen::Home {
                selected: step(selected, len, msg),
            },
        ),
    }
}

/// Opens a Review session of today's due cards, or says when the next one is due.
fn start_review(app: &mut App) {
    let now = app.now();
    let due = review::due_session(&app.curriculum, &app.progress, now, &app.tz);
    if due.is_empty() {
        app.flash = Some(review_flash(app));
        return;
    }
    app.notices.clear();
    start_session(app, QuizMode::Review, due);
}

/// Why there is nothing to review, and when there will be.
fn review_flash(app: &App) -> String {
    let now = app.now();
    if review::due_now(&app.curriculum, &app.progress, now) > 0 {
        return format!(
            "Today's review limit ({}) is done. More tomorrow; change it with `devops-tutor settings`.",
            app.progress.settings.daily_reviews
        );
    }
    match review::next_due(&app.curriculum, &app.progress, now, &app.tz) {
        Some((day, _)) => format!(
            "Nothing is due. The next review is on {}.",
            day.strftime("%a %-d %b")
        ),
        None => "Nothing to review yet: finish a lesson or answer its quiz, and its questions come back here.".to_string(),
    }
}

fn continue_learning(app: &mut App) {
    if let Some((m, l, scroll)) = continue_target(&app.curriculum, &app.progress) {
        app.notices.clear();
        app.screens.truncate(1);
        app.screens.push(Screen::Module {
            module: m,
            selected: l,
        });
        open_lesson(app, m, l, scroll as usize);
    }
}
