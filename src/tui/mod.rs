//! The terminal app. [`App`] holds the context every page shares and the stack of open
//! pages; each screen is a [`Page`] (its state, `update`, `render` and key bindings) in
//! [`pages`]; [`keys`] turns keys into actions through the page's bindings and builds
//! the footer and help from them; [`views`] draws the frame around the page. Domain
//! modules never import this one.

mod action;
mod app;
pub mod background;
pub mod clipboard;
mod ctx;
pub mod highlight;
pub mod keys;
mod layout;
mod markdown;
mod page;
pub mod pages;
mod terminal;
mod theme;
pub mod views;
mod widgets;
mod wrap;

pub use action::Action;
pub use app::{App, Event, start};
pub use ctx::{Ctx, Effect, SaveState};
pub use keys::{Binding, Key};
pub use markdown::{CodeBlock, Heading, Rendered, render as render_markdown};
pub use page::{Chrome, Nav, Page};
pub use terminal::{NotATerminal, run};
pub use theme::{Palette, Theme, ThemeChoice};
