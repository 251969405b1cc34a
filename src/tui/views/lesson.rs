//! The lesson reader: the rendered body in a centred column, a scrollbar and a position
//! indicator.

use super::Chrome;
use crate::tui::app::{App, LessonView};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub fn render(app: &App, view: &LessonView, area: Rect, buf: &mut Buffer) -> Chrome {
    let m = &app.curriculum.modules[view.module];
    let lesson = &m.lessons[view.lesson];
    let (scroll, page, total) = super::scrolled_text(&view.lines, view.scroll, area, buf);

    let done = app.progress.lesson_done(&lesson.id);
    let title = format!(
        "{} › {}/{} {}",
        m.week_label(),
        view.lesson + 1,
        m.lessons.len(),
        lesson.title
    );
    let status = if done {
        format!("{} min · ✓ done", lesson.minutes)
    } else {
        format!("{} min", lesson.minutes)
    };
    let position = if total <= page {
        "all".to_string()
    } else if scroll + page >= total {
        "end".to_string()
    } else {
        format!("{}%", (scroll + page) * 100 / total)
    };
    let mark = if app.progress.lesson_done(&lesson.id) {
        "d not done"
    } else {
        "d done"
    };
    let keys = format!("j/k scroll · {mark} · n done+next · Esc back · ? help · {position}");
    Chrome {
        title,
        status,
        keys,
    }
}
