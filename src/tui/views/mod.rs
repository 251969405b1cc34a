//! Pure rendering of `&App` into a buffer: one file per screen plus the frame around
//! them (header, footer, help overlay, "window too small"). Views never change state.

mod checklist;
mod exercise;
mod help;
mod home;
mod lesson;
mod module;
pub mod progress;
pub mod quiz;
mod self_quiz;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::app::{App, SaveState, Screen};
use super::layout;
use crate::content::sanitize;

/// What a screen shows around its body: a title (cut to fit), a status on the right of
/// the header that is never cut, and the keys for the footer.
pub struct Chrome {
    pub title: String,
    pub status: String,
    pub keys: String,
}

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
    let chrome = match app.screen() {
        Screen::Home { .. } => home::render(app, layout::body(area), buf),
        Screen::Module { module, selected } => {
            module::render(app, *module, *selected, layout::body(area), buf)
        }
        Screen::Lesson(view) => lesson::render(app, view, area, buf),
        Screen::Quiz(q) => quiz::render(app, q, layout::body(area), buf),
        Screen::Exercise(view) => exercise::render(app, view, area, buf),
        Screen::Checklist { module, selected } => {
            checklist::render(app, *module, *selected, layout::body(area), buf)
        }
        Screen::SelfQuiz(setup) => self_quiz::render(app, setup, layout::body(area), buf),
        Screen::Progress { scroll } => progress::render(app, *scroll, layout::body(area), buf),
    };
    header(app, &chrome, area, buf);
    footer(app, &chrome.keys, area, buf);
    if app.help {
        help::render(app, area, buf);
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

/// Draws pre-rendered lines in the reading column from `scroll` on, with a scrollbar
/// when they do not fit. Returns the scroll actually used, the page height and the
/// number of lines.
fn scrolled_text(
    lines: &[Line<'static>],
    scroll: usize,
    area: Rect,
    buf: &mut Buffer,
) -> (usize, usize, usize) {
    use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget};
    let text = layout::lesson_text(area);
    let page = usize::from(text.height);
    let total = lines.len();
    let scroll = scroll.min(total.saturating_sub(page));
    let visible: Vec<_> = lines.iter().skip(scroll).take(page).cloned().collect();
    Paragraph::new(visible).render(text, buf);
    let body = layout::body(area);
    if total > page && body.width > 0 {
        let mut state = ScrollbarState::new(total.saturating_sub(page)).position(scroll);
        let bar = Rect {
            x: body.right() - 1,
            width: 1,
            ..body
        };
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .render(bar, buf, &mut state);
    }
    (scroll, page, total)
}

/// Cuts `s` to `max` cells, ending with `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    let s = sanitize(s);
    if s.width() <= max {
        return s.into_owned();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    if max > 0 {
        out.push('…');
    }
    out
}

/// A text progress bar: `width` cells of `█` and `░`, readable without colour.
pub fn bar(done: usize, all: usize, width: usize, app: &App) -> Vec<Span<'static>> {
    let filled = (done * width + all / 2)
        .checked_div(all)
        .unwrap_or(0)
        .min(width);
    vec![
        Span::styled("█".repeat(filled), app.theme.gauge_full()),
        Span::styled("░".repeat(width - filled), app.theme.gauge_empty()),
    ]
}

/// Wraps a short text with inline Markdown (`code`, **strong**, *emphasis*), on top of
/// `style`, with a prefix for the first and the following lines.
pub fn rich(
    app: &App,
    text: &str,
    style: Style,
    width: u16,
    first: &str,
    rest: &str,
) -> Vec<Line<'static>> {
    prefixed(
        &super::markdown::inline(text, style, &app.theme),
        style,
        width,
        first,
        rest,
    )
}

/// Wraps plain text in one style.
pub fn wrapped(
    text: &str,
    style: Style,
    width: u16,
    first: &str,
    rest: &str,
) -> Vec<Line<'static>> {
    prefixed(
        &[(sanitize(text).into_owned(), style)],
        style,
        width,
        first,
        rest,
    )
}

fn prefixed(
    pieces: &[super::wrap::Piece],
    style: Style,
    width: u16,
    first: &str,
    rest: &str,
) -> Vec<Line<'static>> {
    super::wrap::wrap(
        pieces,
        usize::from(width),
        &[(first.to_string(), style)],
        &[(rest.to_string(), style)],
    )
}
