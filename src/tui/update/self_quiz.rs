//! The self-quiz picker: choose concepts or weeks with Space, the size with + and -,
//! and Enter draws a quiz from them, weakest questions first.

use crate::review::{self, Filter};
use crate::tui::app::{App, QuizMode, SELF_QUIZ_SIZES, Screen, SelfQuizSetup};
use crate::tui::message::Message;

use super::quiz::start_session;
use super::{back, set_top, step};

/// A row of the picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickRow {
    /// Index into `Curriculum::concepts`.
    Concept(usize),
    Week(u8),
}

/// Concepts first, then every week some module belongs to.
pub fn pick_rows(app: &App) -> Vec<PickRow> {
    let c = &app.curriculum;
    let mut weeks: Vec<u8> = c.modules.iter().filter_map(|m| m.week).collect();
    weeks.sort_unstable();
    weeks.dedup();
    (0..c.concepts.len())
        .map(PickRow::Concept)
        .chain(weeks.into_iter().map(PickRow::Week))
        .collect()
}

pub(super) fn open(app: &mut App) {
    app.screens.push(Screen::SelfQuiz(SelfQuizSetup {
        selected: 0,
        filter: Filter::default(),
        count: SELF_QUIZ_SIZES[1],
    }));
}

pub(super) fn picker(app: &mut App, mut setup: SelfQuizSetup, msg: Message) {
    let rows = pick_rows(app);
    match msg {
        Message::Back => return back(app),
        Message::Toggle => match rows.get(setup.selected) {
            Some(PickRow::Concept(i)) => {
                let id = app.curriculum.concepts[*i].id.clone();
                toggle(&mut setup.filter.concepts, id);
            }
            Some(PickRow::Week(w)) => toggle(&mut setup.filter.weeks, *w),
            None => {}
        },
        Message::More | Message::Less => {
            let at = SELF_QUIZ_SIZES
                .iter()
                .position(|n| *n == setup.count)
                .unwrap_or(1);
            let at = if msg == Message::More {
                (at + 1).min(SELF_QUIZ_SIZES.len() - 1)
            } else {
                at.saturating_sub(1)
            };
            setup.count = SELF_QUIZ_SIZES[at];
        }
        Message::Select => return start(app, setup),
        _ => setup.selected = step(setup.selected, rows.len(), msg),
    }
    set_top(app, Screen::SelfQuiz(setup));
}

fn toggle<T: Ord>(set: &mut std::collections::BTreeSet<T>, item: T) {
    if set.contains(&item) {
        set.remove(&item);
    } else {
        set.insert(item);
    }
}

fn start(app: &mut App, setup: SelfQuizSetup) {
    if setup.filter.is_empty() {
        app.flash = Some("Pick at least one concept or week with Space first.".to_string());
        return set_top(app, Screen::SelfQuiz(setup));
    }
    let now = app.now();
    let seed = app.today().day_of_year() as u64;
    let questions = review::self_quiz(
        &app.curriculum,
        &app.progress,
        &app.scheduler(),
        &setup.filter,
        setup.count,
        now,
        seed,
    );
    if questions.is_empty() {
        app.flash = Some("No questions are tagged with what you picked.".to_string());
        return set_top(app, Screen::SelfQuiz(setup));
    }
    let label = label(app, &setup.filter);
    set_top(app, Screen::SelfQuiz(setup));
    start_session(app, QuizMode::SelfQuiz(label), questions);
}

/// "Containers, CI/CD, week 3".
pub fn label(app: &App, filter: &Filter) -> String {
    let c = &app.curriculum;
    c.concepts
        .iter()
        .filter(|k| filter.concepts.contains(&k.id))
        .map(|k| k.title.clone())
        .chain(filter.weeks.iter().map(|w| format!("week {w}")))
        .collect::<Vec<_>>()
        .join(", ")
}
