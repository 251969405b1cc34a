//! The lesson reader: the rendered body in a centred column, a scrollbar and a position
//! indicator.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{
    Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget, Widget,
};

use super::Chrome;
use crate::tui::app::{App, LessonView};
use crate::tui::layout;

pub fn render(app: &App, view: &LessonView, area: Rect, buf: &mut Buffer) -> Chrome {
    let m = &app.curriculum.modules[view.module];
    let lesson = &m.lessons[view.lesson];
    let text = layout::lesson_text(area);
    let page = usize::from(text.height);
    let total = view.lines.len();
    let scroll = view.scroll.min(total.saturating_sub(page));
    let visible: Vec<_> = view.lines.iter().skip(scroll).take(page).cloned().collect();
    Paragraph::new(visible).render(text, buf);

    let body = layout::body(area);
    if total > page && body.width > 0 {
        let mut state = ScrollbarState::new(total.saturating_sub(page)).position(scroll);
        let bar_area = Rect {
            x: body.right() - 1,
            width: 1,
            ..body
        };
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .render(bar_area, buf, &mut state);
    }

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
