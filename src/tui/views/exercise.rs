//! The Exercise screen: the rendered page (where to edit, the latest result, hints,
//! the solution once confirmed, the task) with a scrollbar.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::Chrome;
use crate::tui::app::{App, ExerciseView};

pub fn render(app: &App, view: &ExerciseView, area: Rect, buf: &mut Buffer) -> Chrome {
    let ex = &app.curriculum.exercises[view.exercise];
    super::scrolled_text(&view.lines, view.scroll, area, buf);
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
