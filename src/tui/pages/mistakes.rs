//! Mistakes: every question whose last answer was wrong — of one module, or of the whole
//! course — with what was answered, to retry one (Enter) or all of them (`a`). A right
//! answer takes a question off the list.

use std::any::Any;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{Quiz, QuizMode, step};
use crate::review::{QRef, mistakes};
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::keys::{Binding, Key::*, back, key, list};
use crate::tui::page::{Chrome, Nav, Page};
use crate::tui::widgets::{rich, select, truncate, wrapped};

#[derive(Debug)]
pub struct Mistakes {
    /// One module's mistakes, or (`None`) the whole course's.
    pub module: Option<usize>,
    pub selected: usize,
}

impl Mistakes {
    pub fn new(module: Option<usize>) -> Mistakes {
        Mistakes {
            module,
            selected: 0,
        }
    }

    fn label(&self, cx: &Ctx) -> String {
        match self.module {
            Some(m) => cx.curriculum.modules[m].title.clone(),
            None => "the whole course".to_string(),
        }
    }

    fn retry(&self, cx: &Ctx, questions: Vec<QRef>) -> Nav {
        if questions.is_empty() {
            return Nav::Stay;
        }
        Nav::push(Quiz::new(cx, QuizMode::Mistakes(self.label(cx)), questions))
    }
}

impl Page for Mistakes {
    fn update(&mut self, cx: &mut Ctx, action: Action) -> Nav {
        let list = mistakes(&cx.curriculum, &cx.progress, self.module);
        // The list shrinks as retries go right: keep the selection on it.
        self.selected = self.selected.min(list.len().saturating_sub(1));
        match action {
            Action::Back => Nav::Pop,
            Action::Open => {
                let one = list.get(self.selected).copied().into_iter().collect();
                self.retry(cx, one)
            }
            Action::StartQuiz => self.retry(cx, list),
            action => {
                self.selected = step(self.selected, list.len(), &action);
                Nav::Stay
            }
        }
    }

    fn render(&self, cx: &Ctx, area: Rect, buf: &mut Buffer) -> Chrome {
        let t = &cx.theme;
        let list = mistakes(&cx.curriculum, &cx.progress, self.module);
        let selected = self.selected.min(list.len().saturating_sub(1));
        let width = usize::from(area.width);
        let w = area.width.saturating_sub(2);
        let mut lines: Vec<Line<'static>> = Vec::new();
        let mut selected_line = 0;
        if list.is_empty() {
            lines.extend(wrapped(
                "No mistakes to retry: every question you have answered, you last answered right.",
                t.good(),
                w,
                " ✓ ",
                "   ",
            ));
        }
        for (i, r) in list.iter().enumerate() {
            let Some(question) = r.get(&cx.curriculum) else {
                continue;
            };
            if i == selected {
                selected_line = lines.len();
            }
            let module = &cx.curriculum.modules[r.module];
            let head = format!(" ✗ {}", truncate(&question.prompt, width.saturating_sub(4)));
            lines.push(select(
                Line::from(Span::styled(head, t.text())),
                i == selected,
                cx,
                width,
            ));
            let given = cx
                .progress
                .questions
                .get(&question.id)
                .and_then(|q| q.last_given.clone())
                .unwrap_or_default();
            let detail = if given.is_empty() {
                format!("{} · {}", module.week_label(), module.title)
            } else {
                format!("{} · you answered: {given}", module.week_label())
            };
            lines.extend(rich(cx, &detail, t.dim(), w, "   ", "   "));
        }
        let offset = (selected_line + 2).saturating_sub(usize::from(area.height));
        Paragraph::new(lines)
            .scroll((offset as u16, 0))
            .render(area, buf);
        Chrome {
            title: format!("Mistakes · {}", self.label(cx)),
            status: format!("{} to retry", list.len()),
            note: String::new(),
        }
    }

    fn bindings(&self, _cx: &Ctx) -> Vec<Binding> {
        let mut b = list("move");
        b.push(key(
            &[Enter],
            Action::Open,
            "retry",
            "answer the selected question again",
        ));
        b.push(key(
            &[Char('a')],
            Action::StartQuiz,
            "retry all",
            "answer every listed question again",
        ));
        b.push(back("back"));
        b
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
