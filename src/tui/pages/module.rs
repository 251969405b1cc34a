//! A module: its summary and goals, then its lessons (done or not), exercises, quiz and
//! checklist.

use std::any::Any;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{Checklist, Exercise, Lesson, Mistakes, Quiz, step};
use crate::summary::ModuleSummary;
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::keys::{Binding, Key::*, back, key, list};
use crate::tui::page::{Chrome, Nav, Page};
use crate::tui::widgets::{rich, select, truncate};

/// What a row of the Module screen opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Lesson(usize),
    /// An index into `Curriculum::exercises`.
    Exercise(usize),
    Quiz,
    /// The module's questions last answered wrongly (shown when there are any).
    Mistakes,
    Checklist,
}

#[derive(Debug)]
pub struct Module {
    /// Index into `Curriculum::modules`.
    pub module: usize,
    pub selected: usize,
}

impl Module {
    pub fn new(module: usize) -> Module {
        Module {
            module,
            selected: 0,
        }
    }

    /// Selects a lesson's row (lessons come first).
    pub fn select_lesson(&mut self, lesson: usize) {
        self.selected = lesson;
    }

    /// Selects the row of `item`, if the module has it.
    pub fn select(&mut self, cx: &Ctx, item: Item) {
        if let Some(i) = Module::items(cx, self.module)
            .iter()
            .position(|x| *x == item)
        {
            self.selected = i;
        }
    }

    pub fn items(cx: &Ctx, module: usize) -> Vec<Item> {
        let m = &cx.curriculum.modules[module];
        let mut items: Vec<Item> = (0..m.lessons.len()).map(Item::Lesson).collect();
        items.extend(
            m.exercises
                .iter()
                .filter_map(|id| cx.curriculum.exercises.iter().position(|e| &e.id == id))
                .map(Item::Exercise),
        );
        if !m.quiz.is_empty() {
            items.push(Item::Quiz);
            if !crate::review::mistakes(&cx.curriculum, &cx.progress, Some(module)).is_empty() {
                items.push(Item::Mistakes);
            }
        }
        if !m.checklist.is_empty() {
            items.push(Item::Checklist);
        }
        items
    }
}

impl Page for Module {
    fn update(&mut self, cx: &mut Ctx, action: Action) -> Nav {
        let items = Module::items(cx, self.module);
        match action {
            Action::Back => Nav::Pop,
            Action::Open => match items.get(self.selected) {
                Some(Item::Lesson(l)) => Nav::push(Lesson::open(cx, self.module, *l, 0)),
                Some(Item::Quiz) => Nav::push(Quiz::module(cx, self.module)),
                Some(Item::Exercise(e)) => Nav::push(Exercise::open(cx, *e)),
                Some(Item::Mistakes) => Nav::push(Mistakes::new(Some(self.module))),
                Some(Item::Checklist) => Nav::push(Checklist::new(self.module)),
                None => Nav::Stay,
            },
            // "Done and next" crossed into this module or stayed in it: select the
            // lesson and open it; another module's lesson replaces this page.
            Action::OpenLessonAt { module, lesson } if module == self.module => {
                self.select_lesson(lesson);
                Nav::push(Lesson::open(cx, module, lesson, 0))
            }
            Action::OpenLessonAt { module, lesson } => {
                let mut next = Module::new(module);
                next.select_lesson(lesson);
                Nav::Replace(vec![
                    Box::new(next),
                    Box::new(Lesson::open(cx, module, lesson, 0)),
                ])
            }
            Action::SelectNextStep => {
                // After the lessons first (the one just finished was the last), then
                // anything left undone above.
                let lessons = cx.curriculum.modules[self.module].lessons.len();
                let undone = |i: &usize| !done(cx, self.module, items[*i]);
                if let Some(i) = (lessons..items.len())
                    .find(undone)
                    .or_else(|| (0..items.len()).find(undone))
                {
                    self.selected = i;
                }
                Nav::Stay
            }
            action => {
                self.selected = step(self.selected, items.len(), &action);
                Nav::Stay
            }
        }
    }

    fn render(&self, cx: &Ctx, area: Rect, buf: &mut Buffer) -> Chrome {
        render(self, cx, area, buf)
    }

    fn bindings(&self, _cx: &Ctx) -> Vec<Binding> {
        let mut b = list("move");
        b.push(key(
            &[Enter, Right, Char('l')],
            Action::Open,
            "open",
            "open the selected lesson, exercise, quiz or checklist",
        ));
        b.push(back("back"));
        b
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Whether a step of the module is done (mistakes count as done: they are extra).
fn done(cx: &Ctx, module: usize, item: Item) -> bool {
    let m = &cx.curriculum.modules[module];
    let p = &cx.progress;
    match item {
        Item::Lesson(l) => p.lesson_done(&m.lessons[l].id),
        Item::Exercise(e) => p.exercise_passed(&cx.curriculum.exercises[e].id),
        Item::Quiz => ModuleSummary::of(m, p).quiz_passed,
        Item::Mistakes => true,
        Item::Checklist => m.checklist.iter().all(|i| crate::summary::item_done(p, i)),
    }
}

fn render(page: &Module, cx: &Ctx, area: Rect, buf: &mut Buffer) -> Chrome {
    let (module, selected) = (page.module, page.selected);
    let t = &cx.theme;
    let m = &cx.curriculum.modules[module];
    let s = ModuleSummary::of(m, &cx.progress);
    let width = usize::from(area.width);
    let text_w = area.width.saturating_sub(2);

    let mut top: Vec<Line<'static>> = rich(cx, &m.summary, t.text(), text_w, " ", " ");
    if !m.goals.is_empty() {
        top.push(Line::default());
        top.push(Line::from(Span::styled(" Goals", t.heading())));
        for g in &m.goals {
            top.extend(rich(cx, g, t.text(), text_w, "  • ", "    "));
        }
    }
    let items = Module::items(cx, module);
    let mut list: Vec<Line<'static>> = vec![Line::from(Span::styled(" Lessons", t.heading()))];
    for (i, item) in items.iter().enumerate() {
        let line = match item {
            Item::Lesson(l) => {
                let lesson = &m.lessons[*l];
                let done = cx.progress.lesson_done(&lesson.id);
                let (mark, style, word) = if done {
                    ("✓", t.good(), "done")
                } else {
                    ("·", t.dim(), "")
                };
                let minutes = format!("{} min", lesson.minutes);
                let title_w = width.saturating_sub(4 + 4 + 6 + minutes.len() + 2);
                Line::from(vec![
                    Span::raw("  "),
                    Span::styled(mark, style),
                    Span::raw(format!(" {:>2}. ", l + 1)),
                    Span::raw(format!("{:<title_w$}", truncate(&lesson.title, title_w))),
                    Span::styled(format!(" {word:<4} "), style),
                    Span::styled(minutes, t.dim()),
                ])
            }
            Item::Exercise(e) => {
                let ex = &cx.curriculum.exercises[*e];
                let (mark, style, word) = match cx.progress.exercises.get(&ex.id) {
                    Some(r) if r.passed => ("✓", t.good(), " passed"),
                    Some(_) => ("✗", t.warn(), " not yet"),
                    None => ("▸", t.dim(), ""),
                };
                Line::from(vec![
                    Span::raw("  "),
                    Span::styled(mark, style),
                    Span::raw(format!(
                        " Exercise: {}",
                        truncate(&ex.title, width.saturating_sub(26))
                    )),
                    Span::styled(word, style),
                ])
            }
            Item::Quiz => {
                let best = match s.quiz_best {
                    Some((score, total)) => format!(" · best {score}/{total}"),
                    None => " · not taken yet".to_string(),
                };
                let (mark, style, word) = if s.quiz_passed {
                    ("✓", t.good(), " passed")
                } else {
                    ("?", t.dim(), "")
                };
                Line::from(vec![
                    Span::raw("  "),
                    Span::styled(mark, style),
                    Span::raw(format!(" Quiz: {} questions{best}", s.quiz_questions)),
                    Span::styled(word, style),
                ])
            }
            Item::Mistakes => {
                let n = crate::review::mistakes(&cx.curriculum, &cx.progress, Some(module)).len();
                Line::from(vec![
                    Span::raw("  "),
                    Span::styled("✗", t.warn()),
                    Span::raw(format!(" Mistakes: {n} to retry")),
                ])
            }
            Item::Checklist => {
                let complete = s.checklist_done == s.checklist;
                let (mark, style) = if complete {
                    ("✓", t.good())
                } else {
                    ("☐", t.dim())
                };
                Line::from(vec![
                    Span::raw("  "),
                    Span::styled(mark, style),
                    Span::raw(format!(
                        " Checklist: {} of {} done",
                        s.checklist_done, s.checklist
                    )),
                ])
            }
        };
        if i == m.lessons.len() {
            list.push(Line::default());
        }
        list.push(select(line, i == selected, cx, width));
    }

    // One page: summary, goals, then the list. When it does not fit, it scrolls just
    // enough to keep the selected row in view (with the summary on top when possible).
    let mut page = top;
    page.push(Line::default());
    // The list's heading, then its rows; a blank line separates lessons from the rest.
    let gap = usize::from(selected >= m.lessons.len() && !m.lessons.is_empty());
    let selected_row = page.len() + 1 + selected + gap;
    page.extend(list);
    let height = usize::from(area.height).max(1);
    let offset = (selected_row + 1).saturating_sub(height);
    Paragraph::new(page)
        .scroll((offset as u16, 0))
        .render(area, buf);

    let (done, all) = s.steps();
    Chrome {
        title: format!("{} · {}", m.week_label(), m.title),
        status: format!("{done}/{all} steps"),
        note: String::new(),
    }
}
