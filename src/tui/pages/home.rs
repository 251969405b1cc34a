//! Home: "continue where you left off", review, self-quiz and progress, then every
//! module with its week and a progress gauge; below the list, the selected row's summary
//! and any start-up notices.

use std::any::Any;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::module::Item;
use super::{Exercise, Lesson, Module, ProgressPage, Quiz, QuizMode, SelfQuiz, step};
use crate::review;
use crate::summary::{Continue, ModuleSummary, continue_step};
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::keys::{Binding, Key::*, key, list, more};
use crate::tui::page::{Chrome, Nav, Page};
use crate::tui::widgets::{bar, rich, select, truncate, wrapped};

/// The rows of Home, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Continue,
    Review,
    SelfQuiz,
    Progress,
    /// Index into `Curriculum::modules`.
    Module(usize),
}

#[derive(Debug, Default)]
pub struct Home {
    pub selected: usize,
}

impl Home {
    pub fn rows(cx: &Ctx) -> Vec<Row> {
        let mut rows = vec![Row::Continue, Row::Review, Row::SelfQuiz, Row::Progress];
        rows.extend((0..cx.curriculum.modules.len()).map(Row::Module));
        rows
    }

    fn row(&self, cx: &Ctx) -> Row {
        Home::rows(cx)
            .get(self.selected)
            .copied()
            .unwrap_or(Row::Continue)
    }
}

impl Page for Home {
    fn update(&mut self, cx: &mut Ctx, action: Action) -> Nav {
        let row = self.row(cx);
        match (action, row) {
            (Action::ContinueLearning, _) | (Action::Open, Row::Continue) => continue_learning(cx),
            (Action::StartReview, _) | (Action::Open, Row::Review) => start_review(cx),
            (Action::StartSelfQuiz, _) | (Action::Open, Row::SelfQuiz) => {
                cx.notices.clear();
                Nav::push(SelfQuiz::new())
            }
            (Action::OpenProgress, _) | (Action::Open, Row::Progress) => {
                cx.notices.clear();
                Nav::push(ProgressPage::default())
            }
            (Action::Open, Row::Module(module)) => {
                cx.notices.clear();
                Nav::push(Module::new(module))
            }
            (Action::OpenLessonAt { module, lesson }, _) => open_at(cx, module, lesson, 0),
            (action, _) => {
                self.selected = step(self.selected, Home::rows(cx).len(), &action);
                Nav::Stay
            }
        }
    }

    fn render(&self, cx: &Ctx, area: Rect, buf: &mut Buffer) -> Chrome {
        render(self, cx, area, buf)
    }

    fn bindings(&self, _cx: &Ctx) -> Vec<Binding> {
        let mut b = list("move");
        b.extend([
            key(
                &[Enter, Right, Char('l')],
                Action::Open,
                "open",
                "open the selected row",
            ),
            key(
                &[Char('c')],
                Action::ContinueLearning,
                "continue",
                "continue where you left off",
            ),
            key(
                &[Char('r')],
                Action::StartReview,
                "review",
                "review the questions that are due",
            ),
            more(
                &[Char('s')],
                Action::StartSelfQuiz,
                "self-quiz",
                "a self-quiz on concepts or weeks you pick",
            ),
            key(
                &[Char('p')],
                Action::OpenProgress,
                "progress",
                "your progress and the 8-week plan",
            ),
        ]);
        b
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Opens a Review session of today's due cards, or says when the next one is due.
fn start_review(cx: &mut Ctx) -> Nav {
    let due = review::due_session(&cx.curriculum, &cx.progress, cx.now(), &cx.tz);
    if due.is_empty() {
        let message = review_flash(cx);
        cx.flash(message);
        return Nav::Stay;
    }
    cx.notices.clear();
    Nav::push(Quiz::new(cx, QuizMode::Review, due))
}

/// Why there is nothing to review, and when there will be.
fn review_flash(cx: &Ctx) -> String {
    let now = cx.now();
    if review::due_now(&cx.curriculum, &cx.progress, now) > 0 {
        return format!(
            "Today's review limit ({}) is done. More tomorrow; change it with `devops-tutor settings`.",
            cx.progress.settings.daily_reviews
        );
    }
    match review::next_due(&cx.curriculum, &cx.progress, now, &cx.tz) {
        Some(next) => format!(
            "Nothing is due. The next review is {}.",
            on_or_in(&next.when(now, &cx.tz))
        ),
        None => "Nothing to review yet: finish a lesson or answer its quiz, and its questions come back here.".to_string(),
    }
}

fn continue_learning(cx: &mut Ctx) -> Nav {
    let Some(step) = continue_step(&cx.curriculum, &cx.progress) else {
        return Nav::Stay;
    };
    cx.notices.clear();
    match step {
        Continue::Lesson(m, l, scroll) => open_at(cx, m, l, scroll as usize),
        Continue::Quiz(m) => {
            let mut page = Module::new(m);
            page.select(cx, Item::Quiz);
            let quiz = Quiz::module(cx, m);
            Nav::Push(vec![Box::new(page), Box::new(quiz)])
        }
        Continue::Exercise(e, m) => {
            let mut page = Module::new(m);
            page.select(cx, Item::Exercise(e));
            let exercise = Exercise::open(cx, e);
            Nav::Push(vec![Box::new(page), Box::new(exercise)])
        }
    }
}

/// The module and, on top of it, one of its lessons.
fn open_at(cx: &mut Ctx, module: usize, lesson: usize, scroll: usize) -> Nav {
    let mut m = Module::new(module);
    m.select_lesson(lesson);
    Nav::Push(vec![
        Box::new(m),
        Box::new(Lesson::open(cx, module, lesson, scroll)),
    ])
}

fn render(home: &Home, cx: &Ctx, area: Rect, buf: &mut Buffer) -> Chrome {
    let t = &cx.theme;
    let selected = home.selected;
    let c = &cx.curriculum;
    let width = usize::from(area.width);
    let rows = Home::rows(cx);
    let mut lines: Vec<Line<'static>> = Vec::new();

    let cont = continue_step(c, &cx.progress).map(|step| match step {
        Continue::Lesson(m, l, _) => {
            let module = &c.modules[m];
            let verb = if cx.progress.position.is_some() {
                "Continue"
            } else {
                "Start"
            };
            format!(
                "{verb}: {} — {}",
                module.week_label(),
                module.lessons[l].title
            )
        }
        Continue::Quiz(m) => {
            let module = &c.modules[m];
            let done = cx
                .progress
                .quiz_runs
                .get(&module.id)
                .map_or(0, |r| r.answers.len());
            format!(
                "Continue: {} — the quiz, question {} of {}",
                module.week_label(),
                done + 1,
                module.quiz.len()
            )
        }
        Continue::Exercise(e, m) => format!(
            "Continue: {} — exercise: {}",
            c.modules[m].week_label(),
            c.exercises[e].title
        ),
    });
    let cont = cont.unwrap_or_else(|| "No lessons in this curriculum".to_string());
    let due = review::due_session(&cx.curriculum, &cx.progress, cx.now(), &cx.tz).len();
    let review = if due > 0 {
        format!(" ↻ Review: {due} due")
    } else {
        " ↻ Review: nothing due".to_string()
    };
    let plan = cx.plan();
    let progress = match &plan {
        Some(p) if !p.behind.is_empty() => format!(
            " ▤ Progress and plan: {}, {} behind",
            p.label(),
            plural(p.behind.len(), "module")
        ),
        Some(p) => format!(" ▤ Progress and plan: {}", p.label()),
        None => " ▤ Progress and plan".to_string(),
    };
    // One module is "now": the first of this week's not finished yet (the orientation
    // shares week 1 with Docker), else the week's last.
    let this_week = plan
        .as_ref()
        .map(|p| p.this_week.clone())
        .unwrap_or_default();
    let now_module = this_week
        .iter()
        .find(|id| {
            c.module(id)
                .is_some_and(|(_, m)| !ModuleSummary::of(m, &cx.progress).complete())
        })
        .or(this_week.last())
        .cloned();
    let label_w = c
        .modules
        .iter()
        .map(|m| m.week_label().width())
        .max()
        .unwrap_or(6);
    let gauge_w = 10;
    // "  " + label + "  " + title + "  " + gauge + " " + "12/34 steps" + " ✓" + " ◂ now";
    // a narrow window keeps the title and drops the word "steps".
    let unit = if width >= 80 { " steps" } else { "" };
    let title_w = width
        .saturating_sub(2 + label_w + 2 + 2 + gauge_w + 1 + 5 + unit.len() + 2 + 6 + 1)
        .max(8);
    let mut selected_line = 0;
    for (i, row) in rows.iter().enumerate() {
        let line = match row {
            Row::Continue => Line::from(Span::raw(truncate(&format!(" ▶ {cont}"), width))),
            Row::Review => {
                let style = if due > 0 { t.title() } else { t.text() };
                Line::from(Span::styled(truncate(&review, width), style))
            }
            Row::SelfQuiz => Line::from(Span::styled(
                truncate(" ✎ Self-quiz on concepts or weeks", width),
                t.text(),
            )),
            Row::Progress => Line::from(Span::styled(truncate(&progress, width), t.text())),
            Row::Module(mi) => {
                if *mi == 0 {
                    lines.push(Line::default());
                }
                let m = &c.modules[*mi];
                let s = ModuleSummary::of(m, &cx.progress);
                let (done, all) = s.steps();
                let mut spans = vec![
                    Span::raw("  "),
                    Span::styled(format!("{:<label_w$}", m.week_label()), t.dim()),
                    Span::raw("  "),
                    Span::raw(format!("{:<title_w$}", truncate(&m.title, title_w))),
                    Span::raw("  "),
                ];
                spans.extend(bar(done, all, gauge_w, cx));
                spans.push(Span::raw(format!(" {:>5}{unit}", format!("{done}/{all}"))));
                if s.complete() {
                    spans.push(Span::styled(" ✓", t.good()));
                }
                if now_module.as_ref() == Some(&m.id) {
                    spans.push(Span::styled(" ◂ now", t.title()));
                }
                Line::from(spans)
            }
        };
        if i == selected {
            selected_line = lines.len();
        }
        lines.push(select(line, i == selected, cx, width));
    }
    if c.modules.is_empty() {
        lines.push(Line::default());
    }

    // In a short window the list scrolls so the selected row stays in view.
    let list_height = lines.len().min(usize::from(area.height));
    let offset = (selected_line + 1).saturating_sub(usize::from(area.height));
    Paragraph::new(lines)
        .scroll((offset as u16, 0))
        .render(area, buf);

    // Below the list: the selected row's summary, or notices from start-up.
    let rest = Rect {
        y: area.y + list_height as u16 + 1,
        height: area.height.saturating_sub(list_height as u16 + 1),
        ..area
    };
    if rest.height > 0 {
        let mut below: Vec<Line<'static>> = Vec::new();
        for n in &cx.notices {
            below.extend(wrapped(
                n,
                t.warn(),
                area.width.saturating_sub(2),
                " ⚠ ",
                "   ",
            ));
        }
        if below.is_empty() {
            let text = match rows.get(selected).copied().unwrap_or(Row::Continue) {
                Row::Continue => format!(
                    "{}: {} lessons in {} modules. Nothing is locked: open any week.",
                    c.title,
                    c.lesson_count(),
                    c.modules.len()
                ),
                Row::Review => "Questions you have answered come back just before you would forget them (FSRS spaced repetition).".to_string(),
                Row::SelfQuiz => "A mixed quiz on the concepts or weeks you choose, weakest questions first.".to_string(),
                Row::Progress => "Your plan, each module's numbers, accuracy per concept and reviews per day.".to_string(),
                Row::Module(m) => c.modules[m].summary.clone(),
            };
            below.extend(rich(
                cx,
                &text,
                t.dim(),
                area.width.saturating_sub(2),
                " ",
                " ",
            ));
        }
        Paragraph::new(below).render(rest, buf);
    }
    Chrome {
        title: c.title.clone(),
        status: plan.map(|p| p.label()).unwrap_or_default(),
        note: String::new(),
    }
}

/// "in 10 minutes" and "today 20:00" read as they are; a day reads "on Thu 3 Dec".
pub(crate) fn on_or_in(when: &str) -> String {
    if when.starts_with("in ") || when.starts_with("today") || when == "tomorrow" {
        when.to_string()
    } else {
        format!("on {when}")
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
