//! One file (or folder) per screen: each page's state, its `update`, its `render` and
//! its key bindings, with the row geometry both of them need. Plus the movement rules
//! lists and scrolling text share, and reading code (sideways, copying) for the pages
//! that show Markdown.

mod alarm;
mod checklist;
mod exercise;
mod home;
mod lesson;
mod mistakes;
pub(crate) mod module;
mod plan;
mod progress;
mod quiz;
mod search;
mod self_quiz;

pub use alarm::{AlarmScreen, Loader as AlarmLoader};
pub use checklist::Checklist;
pub use exercise::Exercise;
pub use home::Home;
pub use lesson::Lesson;
pub use mistakes::Mistakes;
pub use module::Module;
pub use plan::PlanScreen;
pub use progress::ProgressPage;
pub use quiz::{Quiz, QuizMode, shuffled};
pub use search::Search;
pub use self_quiz::SelfQuiz;

use super::action::Action;
use super::ctx::{Ctx, Effect};
use super::keys::{self, Binding, Key};
use super::markdown::Rendered;

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

/// Reading code: `←`/`→` (and `<`/`>`) shift the code blocks in view sideways, `Y`
/// copies the first one. Pages that bind these go back with [`back_keeping_arrows`].
/// Only in the help: the block's border says `Y copy` and which columns it shows.
pub fn code() -> Vec<Binding> {
    vec![
        keys::more(
            &[Key::Left, Key::Char('<')],
            Action::PanLeft,
            "sideways",
            "scroll code sideways (code is never wrapped: › and ‹ mark a cut line)",
        ),
        keys::more(
            &[Key::Right, Key::Char('>')],
            Action::PanRight,
            "sideways",
            "",
        ),
        keys::more(
            &[Key::Char('Y')],
            Action::CopyCode,
            "copy",
            "copy the code block whose border says Y copy, to the clipboard and clipboard.txt",
        ),
    ]
}

/// Going back where `←` scrolls code sideways instead.
pub fn back_keeping_arrows(label: &'static str) -> Binding {
    keys::key(
        &[Key::Esc, Key::Backspace, Key::Char('h')],
        Action::Back,
        label,
        "back to the previous screen",
    )
}

/// Where a sideways action moves the code of `doc` in view (lines `scroll..scroll +
/// page`) from `pan`: half a column at a time, no further than the widest block in view
/// needs. `None` for other actions.
pub(crate) fn panned(
    action: &Action,
    pan: usize,
    doc: &Rendered,
    scroll: usize,
    page: usize,
) -> Option<usize> {
    let limit = doc.pan_limit(scroll, page);
    let pan = pan.min(limit);
    let step = (doc.width / 2).max(4);
    match action {
        Action::PanLeft => Some(pan.saturating_sub(step)),
        Action::PanRight => Some((pan + step).min(limit)),
        _ => None,
    }
}

/// Asks the terminal loop to copy the first code block in view.
pub(crate) fn copy_code(cx: &mut Ctx, doc: &Rendered, scroll: usize, page: usize) {
    match doc.first_code_in(scroll, page) {
        Some(block) => cx.effect(Effect::Copy(block.source.clone())),
        None => cx.flash("No code on screen to copy: scroll to a code block, then press Y."),
    }
}
