//! A module's checklist: concrete things to do, ticked with Space and saved at once.

use std::any::Any;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::step;
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::keys::{Binding, Key::*, back, key, list};
use crate::tui::page::{Chrome, Nav, Page};
use crate::tui::widgets::{rich, select};

#[derive(Debug)]
pub struct Checklist {
    pub module: usize,
    pub selected: usize,
}

impl Checklist {
    pub fn new(module: usize) -> Checklist {
        Checklist {
            module,
            selected: 0,
        }
    }
}

impl Page for Checklist {
    fn update(&mut self, cx: &mut Ctx, action: Action) -> Nav {
        let items = &cx.curriculum.modules[self.module].checklist;
        match action {
            Action::Back => Nav::Pop,
            Action::ToggleItem => {
                let Some(item) = items.get(self.selected) else {
                    return Nav::Stay;
                };
                // An item an exercise proves is done when the exercise passes, and only
                // then: a tick by hand would claim what the check has not seen.
                if let Some(ex) = &item.exercise {
                    let title = cx
                        .curriculum
                        .exercise(ex)
                        .map_or(ex.as_str(), |e| e.title.as_str());
                    let message = if cx.progress.exercise_passed(ex) {
                        format!("Done: the exercise \"{title}\" passed.")
                    } else {
                        format!(
                            "This ticks itself when the exercise \"{title}\" passes: open it from the module page."
                        )
                    };
                    cx.flash(message);
                    return Nav::Stay;
                }
                let id = item.id.clone();
                let now = cx.now();
                cx.progress.toggle_item(&id, now);
                cx.save();
                Nav::Stay
            }
            action => {
                self.selected = step(self.selected, items.len(), &action);
                Nav::Stay
            }
        }
    }

    fn render(&self, cx: &Ctx, area: Rect, buf: &mut Buffer) -> Chrome {
        let t = &cx.theme;
        let m = &cx.curriculum.modules[self.module];
        let width = area.width.saturating_sub(1);
        let mut lines: Vec<Line<'static>> = Vec::new();
        let mut selected_row = 0;
        for (i, item) in m.checklist.iter().enumerate() {
            let done = crate::summary::item_done(&cx.progress, item);
            let mark = if done { " [x] " } else { " [ ] " };
            let style = if done { t.good() } else { t.text() };
            if i == self.selected {
                selected_row = lines.len();
            }
            // Room for " ✓ done" after the text, so it is never cut.
            let text_w = if done { width.saturating_sub(7) } else { width };
            let mut item_lines = rich(cx, &item.text, t.text(), text_w, mark, "     ");
            if done {
                if let Some(first) = item_lines.first_mut()
                    && let Some(span) = first.spans.first_mut()
                {
                    span.style = style;
                }
                if let Some(last) = item_lines.last_mut() {
                    last.spans.push(Span::styled(" ✓ done", t.good()));
                }
            }
            if let Some(ex) = &item.exercise {
                item_lines.push(Line::from(Span::styled(
                    format!("     ticks itself when exercise {ex} passes"),
                    t.dim(),
                )));
            }
            for (j, l) in item_lines.into_iter().enumerate() {
                let l = if i == self.selected && j == 0 {
                    select(l, true, cx, usize::from(area.width))
                } else {
                    l
                };
                lines.push(l);
            }
            if i == self.selected
                && let Some(detail) = &item.detail
            {
                lines.extend(rich(cx, detail, t.dim(), width, "     ", "     "));
            }
        }
        let done = m
            .checklist
            .iter()
            .filter(|i| crate::summary::item_done(&cx.progress, i))
            .count();
        let offset = selected_row.saturating_sub(usize::from(area.height) / 2);
        Paragraph::new(lines)
            .scroll((offset as u16, 0))
            .render(area, buf);
        Chrome {
            title: format!("Checklist · {} · {}", m.week_label(), m.title),
            status: format!("{done} of {} done", m.checklist.len()),
            note: String::new(),
        }
    }

    fn bindings(&self, _cx: &Ctx) -> Vec<Binding> {
        let mut b = list("move");
        b.push(key(
            &[Char(' '), Enter],
            Action::ToggleItem,
            "tick",
            "tick the item, or untick it",
        ));
        b.push(back("back"));
        b
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
