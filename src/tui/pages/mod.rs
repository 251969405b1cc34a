//! One file (or folder) per screen: each page's state, its `update`, its `render` and
//! its key bindings, with the row geometry both of them need. Plus the movement rules
//! lists and scrolling text share.

mod checklist;
mod exercise;
mod home;
mod lesson;
mod mistakes;
pub(crate) mod module;
mod progress;
mod quiz;
mod self_quiz;

pub use checklist::Checklist;
pub use exercise::Exercise;
pub use home::Home;
pub use lesson::Lesson;
pub use mistakes::Mistakes;
pub use module::Module;
pub use progress::ProgressPage;
pub use quiz::{Quiz, QuizMode, shuffled};
pub use self_quiz::SelfQuiz;

use super::action::Action;

/// Where a movement action takes the selection of a list of `len` rows.
pub(crate) fn step(selected: usize, len: usize, action: &Action) -> usize {
    if len == 0 {
        return 0;
    }
    match action {
        Action::Up => selected.saturating_sub(1),
        Action::Down => (selected + 1).min(len - 1),
        Action::PageUp => selected.saturating_sub(5),
        Action::PageDown => (selected + 5).min(len - 1),
        Action::Top => 0,
        Action::Bottom => len - 1,
        Action::Scroll(n) if *n < 0 => selected.saturating_sub(1),
        Action::Scroll(_) => (selected + 1).min(len - 1),
        _ => selected,
    }
}

/// Where a scrolling action moves a page of text (`page` lines tall) from `scroll`;
/// `None` for other actions. The caller clamps the result to the text.
pub(crate) fn scrolled(action: &Action, scroll: usize, page: usize) -> Option<usize> {
    let (scroll, page) = (scroll as isize, page as isize);
    let to = match action {
        Action::Up => scroll - 1,
        Action::Down => scroll + 1,
        Action::PageUp => scroll - (page - 1).max(1),
        Action::PageDown => scroll + (page - 1).max(1),
        Action::Top => 0,
        Action::Bottom => isize::MAX / 2,
        Action::Scroll(n) => scroll + isize::from(*n),
        _ => return None,
    };
    Some(to.max(0) as usize)
}

/// `scroll` kept within a text of `total` lines shown `page` at a time.
pub(crate) fn clamp(scroll: usize, total: usize, page: usize) -> usize {
    scroll.min(total.saturating_sub(page))
}
