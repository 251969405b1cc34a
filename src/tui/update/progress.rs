//! The Progress screen: scrolling, and moving the plan's start date.

use jiff::ToSpan;

use crate::tui::app::{App, Screen};
use crate::tui::layout;
use crate::tui::message::Message;

use super::{back, persist, scrolled, set_top};

pub(super) fn progress(app: &mut App, scroll: usize, msg: Message) {
    match msg {
        Message::Back => back(app),
        Message::ShiftPlan(days) => {
            let today = app.today();
            let start = app.progress.plan_start.unwrap_or(today);
            if let Ok(moved) = start.checked_add(i64::from(days).days()) {
                app.progress.plan_start = Some(moved);
                app.flash = Some(format!(
                    "Plan start moved to {}.",
                    moved.strftime("%a %-d %b %Y")
                ));
                persist(app);
            }
        }
        _ => {
            let page = layout::body(app.size).height as isize;
            if let Some(target) = scrolled(msg, scroll as isize, page) {
                let lines = crate::tui::views::progress::lines(app, app.size.width).len();
                let max = lines.saturating_sub(page.max(1) as usize);
                let scroll = target.clamp(0, max as isize) as usize;
                set_top(app, Screen::Progress { scroll });
            }
        }
    }
}
