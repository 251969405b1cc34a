//! Screen geometry shared by `update` (to clamp scrolling) and the views (to draw), so
//! both agree on how many lines fit.

use ratatui::layout::Rect;

/// Below this size the app shows "window too small" instead of a screen.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

/// Lessons are easier to read in a column of limited width.
pub const MAX_TEXT_WIDTH: u16 = 100;

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// The frame without its header (2 lines) and footer (1 line).
pub fn body(area: Rect) -> Rect {
    Rect {
        x: area.x,
        y: area.y + 2.min(area.height),
        width: area.width,
        height: area.height.saturating_sub(3),
    }
}

/// The lesson text column: the body less a margin, centred, at most `MAX_TEXT_WIDTH`.
pub fn lesson_text(area: Rect) -> Rect {
    column(body(area))
}

/// The reading column inside a page's body.
pub fn column(body: Rect) -> Rect {
    let width = body.width.saturating_sub(4).min(MAX_TEXT_WIDTH);
    Rect {
        x: body.x + (body.width.saturating_sub(width)) / 2,
        y: body.y,
        width,
        height: body.height,
    }
}

pub fn lesson_text_width(area: Rect) -> u16 {
    lesson_text(area).width.max(1)
}

pub fn lesson_page(area: Rect) -> usize {
    usize::from(lesson_text(area).height.max(1))
}
