//! The lesson reader: the body rendered for the window's width in a centred column,
//! scrolling, code blocks shifted sideways and copied, marking done, and "done and
//! next". Where the learner reads is remembered
//! (for "continue where you left off") unless the lesson was opened aside, to re-read
//! from a quiz or review.

use std::any::Any;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{back_keeping_arrows, clamp, code, copy_code, panned, scrolled};
use crate::progress::{LastStep, Position, StepKind};
use crate::review;
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::keys::{Binding, Key::*, key, scroll};
use crate::tui::layout;
use crate::tui::markdown;
use crate::tui::page::{Chrome, Nav, Page};
use crate::tui::widgets::scrolled_text;

#[derive(Debug)]
pub struct Lesson {
    pub module: usize,
    pub lesson: usize,
    /// Opened from a quiz or review to re-read: does not move "continue where you left
    /// off".
    pub aside: bool,
    pub scroll: usize,
    /// How far the code in view is shifted sideways, in cells.
    pub pan: usize,
    /// The body rendered for `width`; recomputed when the window resizes.
    pub doc: markdown::Rendered,
    pub width: u16,
}

impl Lesson {
    /// The lesson rendered for the current window, at `scroll`, without remembering it.
    pub fn view(cx: &Ctx, module: usize, lesson: usize, scroll: usize) -> Lesson {
        let width = layout::lesson_text_width(cx.size);
        let body = &cx.curriculum.modules[module].lessons[lesson].body;
        let doc = markdown::render(body, width, &cx.theme);
        let scroll = clamp(scroll, doc.len(), layout::lesson_page(cx.size));
        Lesson {
            module,
            lesson,
            aside: false,
            scroll,
            pan: 0,
            doc,
            width,
        }
    }

    /// Opens a lesson to read: it becomes where the learner left off.
    pub fn open(cx: &mut Ctx, module: usize, lesson: usize, scroll: usize) -> Lesson {
        let view = Lesson::view(cx, module, lesson, scroll);
        view.remember(cx);
        view
    }

    /// Opens a lesson to re-read from a quiz: "continue where you left off" stays.
    pub fn aside(cx: &Ctx, module: usize, lesson: usize) -> Lesson {
        Lesson {
            aside: true,
            ..Lesson::view(cx, module, lesson, 0)
        }
    }

    /// Scrolls to the line holding `near` (the start of a paragraph), else to the
    /// heading `heading`; stays put when neither is found.
    pub fn go_to(&mut self, cx: &Ctx, heading: Option<&str>, near: Option<&str>) {
        let text = |l: &ratatui::text::Line<'_>| -> String {
            l.spans.iter().map(|s| s.content.as_ref()).collect()
        };
        let near_line = near.and_then(|n| {
            // The first words: a paragraph's first line holds them at any width.
            let start: String = n.chars().take(16).collect();
            self.doc.lines.iter().position(|l| text(l).contains(&start))
        });
        let heading_line = heading.and_then(|h| {
            self.doc
                .headings
                .iter()
                .find(|x| x.text.eq_ignore_ascii_case(h))
                .map(|x| x.line)
        });
        if let Some(line) = near_line.or(heading_line) {
            self.scroll = clamp(line, self.doc.len(), layout::lesson_page(cx.size));
        }
    }

    /// Opens a lesson at a place (a search hit): it becomes where the learner is.
    pub fn open_at(
        cx: &mut Ctx,
        module: usize,
        lesson: usize,
        heading: Option<&str>,
        near: Option<&str>,
    ) -> Lesson {
        let mut view = Lesson::view(cx, module, lesson, 0);
        view.go_to(cx, heading, near);
        view.remember(cx);
        view
    }

    fn id<'c>(&self, cx: &'c Ctx) -> &'c str {
        &cx.curriculum.modules[self.module].lessons[self.lesson].id
    }

    /// Records where the learner is reading and saves, if it changed.
    fn remember(&self, cx: &mut Ctx) {
        if self.aside {
            return;
        }
        let module = &cx.curriculum.modules[self.module];
        let lesson = &module.lessons[self.lesson];
        let scroll = u32::try_from(self.scroll).unwrap_or(u32::MAX);
        let same = cx.progress.position.as_ref().is_some_and(|p| {
            p.module == module.id
                && p.lesson.as_deref() == Some(lesson.id.as_str())
                && p.scroll == scroll
        });
        let last = cx
            .progress
            .last_step
            .as_ref()
            .is_some_and(|s| s.kind == StepKind::Lesson && s.id == lesson.id);
        if same && last {
            return;
        }
        let (module_id, lesson_id, now) = (module.id.clone(), lesson.id.clone(), cx.now());
        cx.progress.position = Some(Position {
            module: module_id,
            lesson: Some(lesson_id.clone()),
            scroll,
            at: now,
        });
        cx.progress.last_step = Some(LastStep {
            kind: StepKind::Lesson,
            id: lesson_id,
            at: now,
        });
        cx.save();
    }

    /// The lesson after this one in its module; after the last one, the module's
    /// other steps come next (exercises, quiz, checklist), not the next week.
    fn next(&self, cx: &Ctx) -> Option<(usize, usize)> {
        let lessons = cx.curriculum.modules[self.module].lessons.len();
        (self.lesson + 1 < lessons).then_some((self.module, self.lesson + 1))
    }
}

/// Marks a lesson done (unlocking review of its questions) or not, and saves if that
/// changed anything.
fn set_done(cx: &mut Ctx, id: &str, done: bool) {
    let now = cx.now();
    if cx.progress.set_lesson_done(id, done, now) {
        let sched = cx.scheduler();
        review::sync(&mut cx.progress, &cx.curriculum, &sched);
        cx.save();
    }
}

impl Page for Lesson {
    fn update(&mut self, cx: &mut Ctx, action: Action) -> Nav {
        let page = layout::lesson_page(cx.size);
        if let Some(to) = scrolled(&action, self.scroll, page) {
            self.scroll = clamp(to, self.doc.len(), page);
            return Nav::Stay;
        }
        if let Some(to) = panned(&action, self.pan, &self.doc, self.scroll, page) {
            self.pan = to;
            return Nav::Stay;
        }
        match action {
            Action::CopyCode => {
                copy_code(cx, &self.doc, self.scroll, page);
                Nav::Stay
            }
            Action::Back => {
                self.remember(cx);
                Nav::Pop
            }
            Action::ToggleDone => {
                let id = self.id(cx).to_string();
                let done = !cx.progress.lesson_done(&id);
                set_done(cx, &id, done);
                Nav::Stay
            }
            Action::DoneAndNext => {
                let id = self.id(cx).to_string();
                set_done(cx, &id, true);
                match self.next(cx) {
                    Some((module, lesson)) => Nav::PopWith(Action::OpenLessonAt { module, lesson }),
                    // The module's last lesson: back to the module, at its next undone step.
                    None => Nav::PopWith(Action::SelectNextStep),
                }
            }
            _ => Nav::Stay,
        }
    }

    fn render(&self, cx: &Ctx, area: Rect, buf: &mut Buffer) -> Chrome {
        let m = &cx.curriculum.modules[self.module];
        let lesson = &m.lessons[self.lesson];
        let (scroll, page, total) = scrolled_text(&self.doc, self.scroll, self.pan, area, buf);
        let done = cx.progress.lesson_done(&lesson.id);
        let position = if total <= page {
            "all".to_string()
        } else if scroll + page >= total {
            "end".to_string()
        } else {
            format!("{}%", (scroll + page) * 100 / total)
        };
        Chrome {
            title: format!(
                "{} › {}/{} {}",
                m.week_label(),
                self.lesson + 1,
                m.lessons.len(),
                lesson.title
            ),
            status: if done {
                format!("{} min · ✓ done", lesson.minutes)
            } else {
                format!("{} min", lesson.minutes)
            },
            note: position,
        }
    }

    fn bindings(&self, cx: &Ctx) -> Vec<Binding> {
        let mut b = scroll();
        b.push(if cx.progress.lesson_done(self.id(cx)) {
            key(
                &[Char('d')],
                Action::ToggleDone,
                "not done",
                "mark the lesson not done",
            )
        } else {
            key(
                &[Char('d')],
                Action::ToggleDone,
                "done",
                "mark the lesson done",
            )
        });
        b.push(key(
            &[Char('n')],
            Action::DoneAndNext,
            "done+next",
            "mark it done and open the next lesson",
        ));
        b.extend(code());
        b.push(back_keeping_arrows("back"));
        b
    }

    fn resized(&mut self, cx: &Ctx) {
        let width = layout::lesson_text_width(cx.size);
        if width != self.width {
            let (aside, pan) = (self.aside, self.pan);
            *self = Lesson {
                aside,
                pan,
                ..Lesson::view(cx, self.module, self.lesson, self.scroll)
            };
        }
        self.scroll = clamp(self.scroll, self.doc.len(), layout::lesson_page(cx.size));
    }

    fn quitting(&mut self, cx: &mut Ctx) {
        self.remember(cx);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
