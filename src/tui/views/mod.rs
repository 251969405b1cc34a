//! The frame around the page in view: the header (where the learner is, a status), the
//! footer (the page's keys, generated from its bindings, and whether progress is saved),
//! a flash message, the help overlay and "window too small". Pure: draws `&App`.

mod help;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::app::App;
use super::ctx::SaveState;
use super::keys;
use super::layout;
use super::page::Chrome;
use super::widgets::{truncate, wrapped};

/// Draws the whole app into the frame.
pub fn draw(frame: &mut Frame<'_>, app: &App) {
    let area = frame.area();
    render(app, area, frame.buffer_mut());
}

/// Draws the whole app into `buf` (used by `draw` and by benchmarks).
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    if layout::too_small(area) {
        return too_small(area, buf);
    }
    let page = app.page();
    let chrome = page.render(&app.cx, layout::body(area), buf);
    header(app, &chrome, area, buf);
    let bindings = page.bindings(&app.cx);
    let text_input = page.text_input(&app.cx);
    let mut keys = keys::footer(&bindings, text_input);
    if text_input && let Some(rest) = keys.strip_prefix("type") {
        // Say what the typing is for.
        keys = format!("{}{rest}", page.typing());
    }
    if !chrome.note.is_empty() {
        keys = format!("{keys} · {}", chrome.note);
    }
    footer(app, &keys, area, buf);
    if app.help {
        help::render(app, &keys::help_rows(&bindings, text_input), area, buf);
    }
}

/// The top line: where the learner is, and a status on the right (the app's name when
/// the screen has none); a rule below it.
fn header(app: &App, chrome: &Chrome, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let (status, style) = if chrome.status.is_empty() {
        (" devops-tutor ".to_string(), t.dim())
    } else {
        (format!(" {} ", chrome.status), t.title())
    };
    let title_width = usize::from(area.width).saturating_sub(status.width() + 1);
    let line = Line::from(vec![Span::styled(
        format!(" {}", truncate(&chrome.title, title_width)),
        t.title(),
    )]);
    Paragraph::new(line).render(Rect { height: 1, ..area }, buf);
    let x = area.right().saturating_sub(status.width() as u16);
    buf.set_string(x, area.y, &status, style);
    if area.height > 1 {
        buf.set_string(
            area.x,
            area.y + 1,
            "─".repeat(usize::from(area.width)),
            t.dim(),
        );
    }
}

/// The bottom line: the keys that matter here, and whether progress is saved.
fn footer(app: &App, keys: &str, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let y = area.bottom().saturating_sub(1);
    let (state, style) = match &app.save {
        SaveState::Saved => ("✓ saved".to_string(), t.good()),
        SaveState::Failed(_) => ("✗ NOT SAVED".to_string(), t.bad()),
        SaveState::ReadOnly => ("◌ read-only".to_string(), t.warn()),
        SaveState::Detached => (String::new(), t.dim()),
    };
    let room = usize::from(area.width).saturating_sub(state.width() + 2);
    buf.set_string(
        area.x,
        y,
        format!(" {}", truncate(keys, room.saturating_sub(1))),
        t.dim(),
    );
    let x = area.right().saturating_sub(state.width() as u16 + 1);
    buf.set_string(x, y, &state, style);
    if let Some(flash) = &app.flash {
        // Up to three lines just above the footer, over whatever is there.
        let lines = wrapped(flash, t.warn(), area.width.saturating_sub(1), " ", " ");
        let n = lines.len().min(3) as u16;
        let rect = Rect {
            x: area.x,
            y: y.saturating_sub(n),
            width: area.width,
            height: n,
        };
        ratatui::widgets::Clear.render(rect, buf);
        Paragraph::new(lines).render(rect, buf);
    }
    if let SaveState::Failed(err) = &app.save {
        // The reason, just above the footer, so the learner knows what to fix.
        let line = format!(" ✗ not saved: {err} (kept in memory; retried on the next change)");
        let row = y.saturating_sub(1);
        Paragraph::new(Span::styled(
            truncate(&line, usize::from(area.width)),
            t.bad(),
        ))
        .render(
            Rect {
                x: area.x,
                y: row,
                width: area.width,
                height: 1,
            },
            buf,
        );
    }
}

fn too_small(area: Rect, buf: &mut Buffer) {
    let text = format!(
        "Window too small: make it at least {}×{} (now {}×{}). q quits.",
        layout::MIN_WIDTH,
        layout::MIN_HEIGHT,
        area.width,
        area.height
    );
    let lines = super::wrap::wrap(
        &[(text, Style::default())],
        usize::from(area.width),
        &[],
        &[],
    );
    Paragraph::new(lines).render(area, buf);
}
