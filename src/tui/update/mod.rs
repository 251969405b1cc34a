//! The only place state changes: `update(&mut App, Message)`. File I/O (saving progress)
//! happens here, through the library, never in a view.

use crate::progress::Position;

mod exercise;
mod home;
mod progress;
mod quiz;
pub mod self_quiz;

use super::app::{App, LessonView, SaveState, Screen};
use super::layout;
use super::message::Message;
use crate::review;
pub use home::start;
use quiz::{quiz, start_quiz};

/// What a row of the Module screen opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModuleItem {
    Lesson(usize),
    /// An index into `Curriculum::exercises`.
    Exercise(usize),
    Quiz,
    Checklist,
}

pub fn module_items(app: &App, module: usize) -> Vec<ModuleItem> {
    let m = &app.curriculum.modules[module];
    let mut items: Vec<ModuleItem> = (0..m.lessons.len()).map(ModuleItem::Lesson).collect();
    items.extend(
        m.exercises
            .iter()
            .filter_map(|id| app.curriculum.exercises.iter().position(|e| &e.id == id))
            .map(ModuleItem::Exercise),
    );
    if !m.quiz.is_empty() {
        items.push(ModuleItem::Quiz);
    }
    if !m.checklist.is_empty() {
        items.push(ModuleItem::Checklist);
    }
    items
}

pub fn update(app: &mut App, msg: Message) {
    match msg {
        Message::Quit => return quit(app),
        Message::Resize(w, h) => return resize(app, w, h),
        Message::Tick => return exercise::tick(app),
        _ => {}
    }
    app.flash = None;
    if app.help {
        app.help = false;
        return;
    }
    if msg == Message::Help {
        app.help = true;
        return;
    }
    let Some(screen) = app.screens.last().cloned() else {
        return;
    };
    match screen {
        Screen::Home { selected } => home::home(app, selected, msg),
        Screen::Module { module, selected } => module_screen(app, module, selected, msg),
        Screen::Lesson(view) => lesson(app, view, msg),
        Screen::Quiz(q) => quiz(app, *q, msg),
        Screen::Checklist { module, selected } => checklist(app, module, selected, msg),
        Screen::Exercise(view) => exercise::exercise(app, *view, msg),
        Screen::SelfQuiz(setup) => self_quiz::picker(app, setup, msg),
        Screen::Progress { scroll } => progress::progress(app, scroll, msg),
    }
}

fn set_top(app: &mut App, screen: Screen) {
    if let Some(top) = app.screens.last_mut() {
        *top = screen;
    }
}

fn back(app: &mut App) {
    if app.screens.len() > 1 {
        app.screens.pop();
    }
}

/// Saves the progress file; a failure is shown in the footer and retried on the next
/// change, and the in-memory progress is kept either way.
pub fn persist(app: &mut App) {
    let Some(store) = &app.store else { return };
    if store.read_only().is_some() {
        app.save = SaveState::ReadOnly;
        return;
    }
    app.save = match store.save(&app.progress) {
        Ok(()) => SaveState::Saved,
        Err(e) => SaveState::Failed(e.to_string()),
    };
}

fn quit(app: &mut App) {
    if let Some(Screen::Lesson(view)) = app.screens.last().cloned() {
        remember_position(app, &view);
    }
    app.quit = true;
}

fn resize(app: &mut App, w: u16, h: u16) {
    app.size = ratatui::layout::Rect::new(0, 0, w, h);
    let width = layout::lesson_text_width(app.size);
    let stale: Vec<usize> = app
        .screens
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s {
            Screen::Lesson(v) if v.width != width => Some(i),
            _ => None,
        })
        .collect();
    for i in stale {
        if let Screen::Lesson(v) = &app.screens[i] {
            let fresh = app.lesson_view(v.module, v.lesson, v.scroll);
            app.screens[i] = Screen::Lesson(fresh);
        }
    }
    for i in 0..app.screens.len() {
        if let Screen::Exercise(v) = &app.screens[i] {
            let mut v = v.clone();
            exercise::refresh(app, &mut v);
            app.screens[i] = Screen::Exercise(v);
        }
    }
    if let Some(Screen::Lesson(v)) = app.screens.last().cloned() {
        let clamped = clamp_scroll(app, &v, v.scroll as isize);
        set_top(
            app,
            Screen::Lesson(LessonView {
                scroll: clamped,
                ..v
            }),
        );
    }
}

fn step(selected: usize, len: usize, msg: Message) -> usize {
    if len == 0 {
        return 0;
    }
    match msg {
        Message::Up => selected.saturating_sub(1),
        Message::Down => (selected + 1).min(len - 1),
        Message::PageUp => selected.saturating_sub(5),
        Message::PageDown => (selected + 5).min(len - 1),
        Message::Top => 0,
        Message::Bottom => len - 1,
        Message::Scroll(n) if n < 0 => selected.saturating_sub(1),
        Message::Scroll(_) => (selected + 1).min(len - 1),
        _ => selected,
    }
}

fn module_screen(app: &mut App, module: usize, selected: usize, msg: Message) {
    let items = module_items(app, module);
    match msg {
        Message::Back => back(app),
        Message::Select => match items.get(selected) {
            Some(ModuleItem::Lesson(l)) => open_lesson(app, module, *l, 0),
            Some(ModuleItem::Quiz) => start_quiz(app, module),
            Some(ModuleItem::Exercise(e)) => exercise::open(app, *e),
            Some(ModuleItem::Checklist) => app.screens.push(Screen::Checklist {
                module,
                selected: 0,
            }),
            None => {}
        },
        _ => set_top(
            app,
            Screen::Module {
                module,
                selected: step(selected, items.len(), msg),
            },
        ),
    }
}

fn open_lesson(app: &mut App, module: usize, lesson: usize, scroll: usize) {
    let view = app.lesson_view(module, lesson, 0);
    let scroll = clamp_scroll(app, &view, scroll as isize);
    let view = LessonView { scroll, ..view };
    remember_position(app, &view);
    app.screens.push(Screen::Lesson(view));
}

/// Opens a lesson to re-read from a quiz: it does not move "continue where you left off".
fn open_lesson_aside(app: &mut App, module: usize, lesson: usize) {
    let view = LessonView {
        aside: true,
        ..app.lesson_view(module, lesson, 0)
    };
    app.screens.push(Screen::Lesson(view));
}

/// Records where the learner is reading and saves, if it changed.
fn remember_position(app: &mut App, view: &LessonView) {
    if view.aside {
        return;
    }
    let module = &app.curriculum.modules[view.module];
    let lesson = &module.lessons[view.lesson];
    let scroll = u32::try_from(view.scroll).unwrap_or(u32::MAX);
    let same = app.progress.position.as_ref().is_some_and(|p| {
        p.module == module.id
            && p.lesson.as_deref() == Some(lesson.id.as_str())
            && p.scroll == scroll
    });
    if same {
        return;
    }
    app.progress.position = Some(Position {
        module: module.id.clone(),
        lesson: Some(lesson.id.clone()),
        scroll,
        at: app.now(),
    });
    persist(app);
}

fn clamp_scroll(app: &App, view: &LessonView, want: isize) -> usize {
    let page = layout::lesson_page(app.size);
    let max = view.lines.len().saturating_sub(page);
    want.clamp(0, max as isize) as usize
}

/// Where a scrolling message moves a page of text (`page` lines tall) from `scroll`;
/// `None` for other messages. The caller clamps the result to the text.
pub(super) fn scrolled(msg: Message, scroll: isize, page: isize) -> Option<isize> {
    Some(match msg {
        Message::Up => scroll - 1,
        Message::Down => scroll + 1,
        Message::PageUp => scroll - (page - 1).max(1),
        Message::PageDown | Message::Toggle => scroll + (page - 1).max(1),
        Message::Top => 0,
        Message::Bottom => isize::MAX / 2,
        Message::Scroll(n) => scroll + isize::from(n),
        _ => return None,
    })
}

fn lesson(app: &mut App, view: LessonView, msg: Message) {
    let page = layout::lesson_page(app.size) as isize;
    let id = app.curriculum.modules[view.module].lessons[view.lesson]
        .id
        .clone();
    let scroll = view.scroll as isize;
    let target = match scrolled(msg, scroll, page) {
        Some(target) => target,
        None => match msg {
            Message::Back => {
                remember_position(app, &view);
                return back(app);
            }
            Message::MarkDone => {
                let done = !app.progress.lesson_done(&id);
                set_lesson_done(app, &id, done);
                return;
            }
            Message::Next => {
                set_lesson_done(app, &id, true);
                return next_lesson(app, &view);
            }
            _ => return,
        },
    };
    let scroll = clamp_scroll(app, &view, target);
    set_top(app, Screen::Lesson(LessonView { scroll, ..view }));
}

/// Marks a lesson done (unlocking review of its questions) or not, and saves if that
/// changed anything.
fn set_lesson_done(app: &mut App, id: &str, done: bool) {
    let now = app.now();
    if app.progress.set_lesson_done(id, done, now) {
        let sched = app.scheduler();
        review::sync(&mut app.progress, &app.curriculum, &sched);
        persist(app);
    }
}

/// Opens the lesson after `view`'s, crossing into the next module when needed.
fn next_lesson(app: &mut App, view: &LessonView) {
    let modules = &app.curriculum.modules;
    let next = if view.lesson + 1 < modules[view.module].lessons.len() {
        Some((view.module, view.lesson + 1))
    } else {
        (view.module + 1..modules.len())
            .find(|m| !modules[*m].lessons.is_empty())
            .map(|m| (m, 0))
    };
    app.screens.pop();
    match next {
        Some((m, l)) => {
            if let Some(Screen::Module { module, .. }) = app.screens.last()
                && *module != m
            {
                app.screens.pop();
                app.screens.push(Screen::Module {
                    module: m,
                    selected: l,
                });
            }
            if let Some(Screen::Module { module, .. }) = app.screens.last().cloned() {
                set_top(
                    app,
                    Screen::Module {
                        module,
                        selected: l,
                    },
                );
            }
            open_lesson(app, m, l, 0);
        }
        None => {
            // The last lesson of the path: back to the module it belongs to.
        }
    }
}

fn checklist(app: &mut App, module: usize, selected: usize, msg: Message) {
    let items = &app.curriculum.modules[module].checklist;
    match msg {
        Message::Back => back(app),
        Message::Toggle | Message::Select => {
            if let Some(item) = items.get(selected) {
                let id = item.id.clone();
                let now = app.now();
                app.progress.toggle_item(&id, now);
                persist(app);
            }
        }
        _ => {
            let len = items.len();
            set_top(
                app,
                Screen::Checklist {
                    module,
                    selected: step(selected, len, msg),
                },
            );
        }
    }
}
