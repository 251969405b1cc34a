//! A module's checklist: concrete things to do, ticked with Space and saved at once.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::home::select;
use super::{Chrome, rich};
use crate::tui::app::App;

pub fn render(app: &App, module: usize, selected: usize, area: Rect, buf: &mut Buffer) -> Chrome {
    let t = &app.theme;
    let m = &app.curriculum.modules[module];
    let width = area.width.saturating_sub(1);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut selected_row = 0;
    for (i, item) in m.checklist.iter().enumerate() {
        let done = crate::summary::item_done(&app.progress, item);
        let mark = if done { " [x] " } else { " [ ] " };
        let style = if done { t.good() } else { t.text() };
        if i == selected {
            selected_row = lines.len();
        }
        let mut item_lines = rich(app, &item.text, t.text(), width, mark, "     ");
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
            let l = if i == selected && j == 0 {
                select(l, true, app, usize::from(area.width))
            } else {
                l
            };
            lines.push(l);
        }
        if i == selected
            && let Some(detail) = &item.detail
        {
            lines.extend(rich(app, detail, t.dim(), width, "     ", "     "));
        }
    }
    let done = m
        .checklist
        .iter()
        .filter(|i| crate::summary::item_done(&app.progress, i))
        .count();
    let offset = selected_row.saturating_sub(usize::from(area.height) / 2);
    Paragraph::new(lines)
        .scroll((offset as u16, 0))
        .render(area, buf);
    Chrome {
        title: format!("Checklist · {} · {}", m.week_label(), m.title),
        status: format!("{done} of {} done", m.checklist.len()),
        keys: "↑↓ move · Space tick · Esc back · ? help · q quit".to_string(),
    }
}
