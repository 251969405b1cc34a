//! The Alarm screen: an alarm of an exercise evaluated over one of its scenarios (a day
//! of traffic, an incident, a dead agent), drawn as a chart of the alarm's datapoints with
//! its threshold, the state it was in over time as a band under the chart (glyph and word
//! as well as colour), and each transition with CloudWatch's reason and the notifications
//! it sent. ←/→ switch the scenario (and the alarm, when a file holds several); saving
//! the alarm file runs everything again.
//!
//! The evaluation is the alarm lab's (`lab::alarm`); this page only draws it.

mod view;

use std::any::Any;
use std::path::{Path, PathBuf};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::lab::alarm::run::Run;
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::keys::{Binding, Key::*, key, more};
use crate::tui::page::{Chrome, Nav, Page};

/// Runs the alarm lab on a folder: every alarm of the exercise over every scenario, or
/// why that is not possible (a broken alarm file, a scenario that does not parse).
pub type Loader = fn(&Path, &str) -> Result<Vec<Run>, String>;

pub struct AlarmScreen {
    pub dir: PathBuf,
    /// The alarm file, relative to `dir` (`alarm.json`, `main.tf`).
    pub file: String,
    load: Loader,
    pub runs: Result<Vec<Run>, String>,
    /// Which run is shown.
    pub selected: usize,
    /// The first line of the text under the chart that is in view.
    pub scroll: usize,
}

impl AlarmScreen {
    /// Runs `load` on `dir` and opens on the first run.
    pub fn open(dir: impl Into<PathBuf>, file: impl Into<String>, load: Loader) -> AlarmScreen {
        let dir = dir.into();
        let file = file.into();
        let runs = load(&dir, &file);
        AlarmScreen {
            dir,
            file,
            load,
            runs,
            selected: 0,
            scroll: 0,
        }
    }

    fn rerun(&mut self) {
        let current = self
            .current()
            .map(|r| (r.alarm.clone(), r.scenario.clone()));
        self.runs = (self.load)(&self.dir, &self.file);
        // Stay on the same alarm and scenario if they are still there.
        self.selected = match (&self.runs, current) {
            (Ok(runs), Some((a, s))) => runs
                .iter()
                .position(|r| r.alarm == a && r.scenario == s)
                .unwrap_or(0),
            _ => 0,
        };
    }

    pub fn current(&self) -> Option<&Run> {
        self.runs.as_ref().ok().and_then(|r| r.get(self.selected))
    }

    fn count(&self) -> usize {
        self.runs.as_ref().map_or(0, Vec::len)
    }

    /// Whether a changed file may change the runs: anything in the folder but an
    /// editor's swap or backup file.
    fn concerns(&self, path: &Path) -> bool {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        path.starts_with(&self.dir) && !crate::check::is_editor_temp(&name)
    }
}

impl Page for AlarmScreen {
    fn update(&mut self, _cx: &mut Ctx, action: Action) -> Nav {
        match action {
            Action::Back => return Nav::Pop,
            Action::PanRight => {
                let n = self.count();
                if n > 0 {
                    self.selected = (self.selected + 1) % n;
                    self.scroll = 0;
                }
            }
            Action::PanLeft => {
                let n = self.count();
                if n > 0 {
                    self.selected = (self.selected + n - 1) % n;
                    self.scroll = 0;
                }
            }
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll += 1,
            Action::PageUp => self.scroll = self.scroll.saturating_sub(10),
            Action::PageDown => self.scroll += 10,
            Action::Top => self.scroll = 0,
            Action::Scroll(d) => {
                self.scroll = self.scroll.saturating_add_signed(isize::from(d));
            }
            Action::Replan => self.rerun(),
            Action::FilesChanged(paths) if paths.iter().any(|p| self.concerns(p)) => self.rerun(),
            _ => {}
        }
        Nav::Stay
    }

    fn render(&self, cx: &Ctx, area: Rect, buf: &mut Buffer) -> Chrome {
        view::render(self, cx, area, buf)
    }

    fn bindings(&self, _cx: &Ctx) -> Vec<Binding> {
        vec![
            key(
                &[Right, Char('l')],
                Action::PanRight,
                "next",
                "the next scenario (or alarm)",
            ),
            key(&[Left, Char('h')], Action::PanLeft, "previous", ""),
            key(
                &[Up, Char('k')],
                Action::Up,
                "scroll",
                "the transitions and notifications under the chart",
            ),
            key(&[Down, Char('j')], Action::Down, "scroll", ""),
            more(&[PageUp], Action::PageUp, "page", "a page up or down"),
            more(&[PageDown], Action::PageDown, "page", ""),
            more(
                &[Char('r')],
                Action::Replan,
                "run again",
                "evaluate again now (saving the alarm file does too)",
            ),
            key(
                &[Esc, Backspace],
                Action::Back,
                "back",
                "back to the exercise",
            ),
        ]
    }

    fn watches(&self, _cx: &Ctx) -> Option<PathBuf> {
        Some(self.dir.clone())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
