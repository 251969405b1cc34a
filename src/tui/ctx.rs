//! What every page works with, apart from the stack of pages itself: the curriculum, the
//! learner's progress and where it is saved, the clock, the window size and theme, and
//! the messages and effects a page leaves for the app to show or carry out.

use std::path::PathBuf;

use jiff::Timestamp;
use ratatui::layout::Rect;

use super::theme::Theme;
use crate::content::Curriculum;
use crate::progress::{Progress, Store};
use crate::review::Scheduler;

/// Where a save stands, shown in every footer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    /// The last save failed; progress is kept in memory and saving is retried on the
    /// next change.
    Failed(String),
    ReadOnly,
    /// Tests and previews: no file at all.
    Detached,
}

/// Work a page asks for and the app carries out after `update` returns: saving touches
/// the disk, editing, copying and watching need the terminal's event loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Save the progress file.
    Save,
    /// Suspend the app, run the editor on this file, then redraw.
    Edit(PathBuf),
    /// Put this text on the clipboard: through the terminal (OSC 52) and into a file
    /// whose path is flashed, for terminals that refuse OSC 52.
    Copy(String),
}

pub struct Ctx {
    pub curriculum: Curriculum,
    pub progress: Progress,
    pub store: Option<Store>,
    pub save: SaveState,
    pub theme: Theme,
    pub size: Rect,
    pub clock: fn() -> Timestamp,
    /// Where "today" is: the system zone (tests use UTC).
    pub tz: jiff::tz::TimeZone,
    /// A one-line message for the learner, shown until the next key.
    pub flash: Option<String>,
    /// Messages from start-up (a corrupt file moved aside, read-only mode …), shown on
    /// Home until the learner moves on.
    pub notices: Vec<String>,
    /// Where exercises live when progress names no folder (tests set their own).
    pub default_workspace: Option<PathBuf>,
    /// Effects asked for during the current `update`.
    pub(super) effects: Vec<Effect>,
    /// The search index, built on the first search (nothing at start-up).
    pub(crate) search_index: std::cell::OnceCell<crate::search::Index>,
}

impl Ctx {
    pub fn now(&self) -> Timestamp {
        (self.clock)()
    }

    pub fn today(&self) -> jiff::civil::Date {
        crate::plan::today(self.now(), &self.tz)
    }

    pub fn scheduler(&self) -> Scheduler {
        Scheduler::for_progress(&self.progress)
    }

    pub fn plan(&self) -> Option<crate::plan::Plan> {
        crate::plan::Plan::of(&self.curriculum, &self.progress, self.today())
    }

    /// The exercise folder: the one in progress, else the default.
    pub fn workspace(&self) -> Option<PathBuf> {
        self.progress
            .workspace
            .clone()
            .or_else(|| self.default_workspace.clone())
    }

    /// Asks for the progress file to be saved once this `update` is done.
    pub fn save(&mut self) {
        self.effect(Effect::Save);
    }

    pub fn effect(&mut self, effect: Effect) {
        if !self.effects.contains(&effect) {
            self.effects.push(effect);
        }
    }

    pub fn flash(&mut self, message: impl Into<String>) {
        self.flash = Some(message.into());
    }
}
