//! The Exercise screen: the rendered page (where to edit, the latest result, hints,
//! the solution once confirmed, the task) with a scrollbar.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{
    Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget, Widget,
};

use super::Chrome;
use crate::tui::app::{App, ExerciseView};
use crate::tui::layout;

pub fn render(app: &App, view: &ExerciseView, area: Rect, buf: &mut Buffer) -> Chrome {
    let ex = &app.curriculum.exercises[view.exercise];
    let text = layout::lesson_text(area);
    let page = usize::from(text.height);
    let total = view.lines.len();
    let scroll = view.scroll.min(total.saturating_sub(page));
    let visible: Vec<_> = view.lines.iter().skip(scroll).take(page).cloned().collect();
    Paragraph::new(visible).render(text, buf);
    let body = layout::body(area);
    if total > page && body.width > 0 {
        let mut state = ScrollbarState::new(total.saturating_sub(page)).position(scroll);
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .render(
                Rect {
                    x: body.right() - 1,
                    width: 1,
                    ..body
                },
                buf,
                &mut state,
            );
    }
    let status = match &view.report {
        Some(r) if r.passed => "✓ passed".to_string(),
        Some(r) => {
            let n = r
                .diagnostics
                .iter()
                .filter(|d| d.severity == crate::check::Severity::Error)
                .count();
            format!("✗ not yet: {n} to fix")
        }
        None => "not checked".to_string(),
    };
    Chrome {
        title: format!("Exercise · {}", ex.title),
        status,
        keys: "e edit · c check · t hint · s solution · ↑↓ scroll · Esc back · ? help".to_string(),
    }
}
