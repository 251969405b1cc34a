//! The help overlay: every key that works on the screen it was opened from, generated
//! from that screen's bindings (then the keys that work everywhere), in a box over it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use crate::tui::app::App;

use crate::tui::widgets::wrapped;

/// Width of the key column.
const KEY_WIDTH: usize = 24;

pub fn render(app: &App, rows: &[(String, &'static str)], area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let width = area.width.saturating_sub(4).min(76);
    let inner = width.saturating_sub(2);
    let mut lines: Vec<Line<'static>> = Vec::new();
    for (keys, what) in rows {
        // A long key list gets a line of its own; descriptions wrap under themselves,
        // clear of the key column.
        let indent = " ".repeat(KEY_WIDTH + 1);
        let mut rows = if keys.chars().count() > KEY_WIDTH {
            let mut rows = vec![Line::from(Span::styled(format!(" {keys}"), t.title()))];
            rows.extend(wrapped(what, t.text(), inner, &indent, &indent));
            rows
        } else {
            wrapped(
                what,
                t.text(),
                inner,
                &format!(" {keys:<KEY_WIDTH$}"),
                &indent,
            )
        };
        if let Some(first) = rows.first_mut().and_then(|l| l.spans.first_mut()) {
            first.style = t.title();
        }
        lines.append(&mut rows);
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
                .title(" Keys on this screen ")
                .border_style(t.dim()),
        )
        .render(popup, buf);
}
