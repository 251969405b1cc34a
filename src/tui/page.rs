//! The shape every screen has: a [`Page`] owns its state, turns an action into a change
//! and a [`Nav`], draws itself from `&self`, and lists the keys it understands. The app
//! keeps the pages in a stack and carries out what they ask for.

use std::any::Any;
use std::path::PathBuf;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::action::Action;
use super::ctx::Ctx;
use super::keys::Binding;

/// Where to go after an action.
pub enum Nav {
    Stay,
    /// Open pages on top of this one, in order.
    Push(Vec<Box<dyn Page>>),
    /// Close this page.
    Pop,
    /// Close this page and open these in its place.
    Replace(Vec<Box<dyn Page>>),
    /// Close this page and hand the action to the page below it (e.g. "open the next
    /// lesson": the module below knows which row that is).
    PopWith(Action),
}

impl Nav {
    pub fn push(page: impl Page + 'static) -> Nav {
        Nav::Push(vec![Box::new(page)])
    }

    pub fn replace(page: impl Page + 'static) -> Nav {
        Nav::Replace(vec![Box::new(page)])
    }
}

impl std::fmt::Debug for Nav {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Nav::Stay => f.write_str("Stay"),
            Nav::Push(p) => write!(f, "Push({})", p.len()),
            Nav::Pop => f.write_str("Pop"),
            Nav::Replace(p) => write!(f, "Replace({})", p.len()),
            Nav::PopWith(a) => write!(f, "PopWith({a:?})"),
        }
    }
}

/// What a page shows around its body: a title (cut to fit) and a status on the right of
/// the header that is never cut, and a note at the end of the footer (e.g. "42%").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chrome {
    pub title: String,
    pub status: String,
    pub note: String,
}

pub trait Page: Any {
    /// The one place this page's state changes. File I/O happens here, through the
    /// library; saving and editing are asked for through `cx` and carried out after.
    fn update(&mut self, cx: &mut Ctx, action: Action) -> Nav;

    /// Draws the body into `area` (the window without header and footer) and says what
    /// goes around it. Never changes anything.
    fn render(&self, cx: &Ctx, area: Rect, buf: &mut Buffer) -> Chrome;

    /// The keys this page understands now, in the order the help overlay lists them.
    fn bindings(&self, cx: &Ctx) -> Vec<Binding>;

    /// Whether typed characters are text (an answer box) rather than commands.
    fn text_input(&self, _cx: &Ctx) -> bool {
        false
    }

    /// What typing does, for the footer while [`Page::text_input`] holds.
    fn typing(&self) -> &'static str {
        "type your answer"
    }

    /// The window size changed (`cx.size`): re-wrap what was laid out for the old one.
    fn resized(&mut self, _cx: &Ctx) {}

    /// The folder whose changes this page wants as [`Action::FilesChanged`].
    fn watches(&self, _cx: &Ctx) -> Option<PathBuf> {
        None
    }

    /// The app is quitting with this page on top.
    fn quitting(&mut self, _cx: &mut Ctx) {}

    fn as_any(&self) -> &dyn Any;
}
