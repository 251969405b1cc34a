//! The help overlay: every key, in a box over the current screen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use super::wrapped;
use crate::tui::app::App;

const KEYS: &[(&str, &str)] = &[
    ("↑ ↓  j k", "move, or scroll a lesson"),
    (
        "PgUp PgDn",
        "a page up or down (also Ctrl-u, Ctrl-d, Space)",
    ),
    ("g G", "top, bottom"),
    ("Enter → l", "open, answer, go on"),
    ("Esc ← h", "back"),
    ("c", "continue where you left off (Home)"),
    ("d", "mark the lesson done / not done"),
    ("n", "mark done and open the next lesson"),
    ("Space", "tick a checklist item; pick a quiz choice"),
    ("", "order questions: Space picks a step up, ↑↓ move it"),
    ("r", "Home: review what is due; a finished quiz: retake it"),
    (
        "s p",
        "Home: self-quiz on concepts or weeks; progress and plan",
    ),
    (
        "1 2 3",
        "after a right answer: it felt hard, good (Enter), easy",
    ),
    ("o", "after answering: re-read the question's lesson"),
    ("[ ]  + -", "move the plan start a week; self-quiz size"),
    ("?", "this help; any key closes it"),
    ("q", "quit; progress is already saved (Ctrl-C while typing)"),
];

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let width = area.width.saturating_sub(4).min(72);
    let inner = width.saturating_sub(2);
    // Each description wraps under itself, clear of the key column.
    let mut lines: Vec<Line<'static>> = Vec::new();
    for (k, what) in KEYS {
        let mut rows = wrapped(what, t.text(), inner, &format!(" {k:<11}"), &" ".repeat(12));
        if let Some(first) = rows.first_mut().and_then(|l| l.spans.first_mut()) {
            first.style = t.title();
        }
        lines.extend(rows);
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        " The mouse wheel scrolls too.",
        t.dim(),
    )));
    let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
    let rows = usize::from(height.saturating_sub(2));
    if lines.len() > rows && rows > 0 {
        // A short window cannot show every key: say so on the last row.
        lines.truncate(rows - 1);
        lines.push(Line::from(Span::styled(
            " … a taller window shows every key",
            t.dim(),
        )));
    }
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(" Help — keys ")
                .border_style(t.dim()),
        )
        .render(popup, buf);
}
