//! The terminal app: state ([`App`]), messages, the key map, `update`, and one view file
//! per screen. Domain modules never import this one.

mod app;
mod keymap;
mod layout;
mod markdown;
mod message;
mod terminal;
mod theme;
mod update;
pub mod views;
mod wrap;

pub use app::{
    App, Effect, ExerciseView, LessonView, QuizMode, QuizState, SaveState, Screen, SelfQuizSetup,
};
pub use keymap::{InputMode, key_message, message};
pub use markdown::render as render_markdown;
pub use message::Message;
pub use terminal::{NotATerminal, run};
pub use theme::Theme;
pub use update::{start, update};
