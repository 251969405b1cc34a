//! The help overlay: every key, in a box over the current screen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

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
    let height = (KEYS.len() as u16 + 4).min(area.height.saturating_sub(2));
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    Clear.render(popup, buf);
    let mut lines: Vec<Line<'static>> = KEYS
        .iter()
        .map(|(k, what)| {
            Line::from(vec![
                Span::styled(format!(" {k:<11}"), t.title()),
                Span::raw(*what),
            ])
        })
        .collect();
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        " The mouse wheel scrolls too.",
        t.dim(),
    )));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(" Help — keys ")
                .border_style(t.dim()),
        )
        .render(popup, buf);
}
