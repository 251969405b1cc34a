//! The app: the context every page shares ([`Ctx`]) and the stack of open pages, with
//! Home at the bottom. Events come in through [`App::handle`]: a key becomes the action
//! the top page's bindings give it, the page updates itself and says where to go, and
//! the app carries out the effects it asked for (saving here; editing and watching in
//! the terminal loop).

use std::ops::{Deref, DerefMut};
use std::path::PathBuf;

use jiff::Timestamp;
use ratatui::layout::Rect;

use super::action::Action;
use super::ctx::{Ctx, Effect, SaveState};
use super::keys::{self, Binding, Key};
use super::page::{Nav, Page};
use super::pages::{Home, Search};
use super::theme::Theme;
use crate::content::Curriculum;
use crate::progress::{Progress, Store};
use crate::review;

/// Something that happened to the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Key(Key),
    /// Mouse wheel: lines (negative is up).
    Scroll(i16),
    Resize(u16, u16),
    /// Files changed under the folder the top page watches.
    Files(Vec<PathBuf>),
    /// Nothing happened for a while (lets the loop check for signals).
    Tick,
}

pub struct App {
    pub cx: Ctx,
    pages: Vec<Box<dyn Page>>,
    pub help: bool,
    pub quit: bool,
    /// Effects for the terminal loop (editing a file).
    pending: Vec<Effect>,
    /// A test switch (hidden subcommand): panic right after the first frame, to prove
    /// the panic hook restores the terminal.
    pub panic_after_first_frame: bool,
}

/// The app reads as its context: `app.progress`, `app.curriculum`, `app.clock`.
impl Deref for App {
    type Target = Ctx;
    fn deref(&self) -> &Ctx {
        &self.cx
    }
}

impl DerefMut for App {
    fn deref_mut(&mut self) -> &mut Ctx {
        &mut self.cx
    }
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("pages", &self.pages.len())
            .field("help", &self.help)
            .finish_non_exhaustive()
    }
}

impl App {
    pub fn new(curriculum: Curriculum, progress: Progress, store: Option<Store>) -> Self {
        let save = match &store {
            None => SaveState::Detached,
            Some(s) if s.read_only().is_some() => SaveState::ReadOnly,
            Some(_) => SaveState::Saved,
        };
        App {
            cx: Ctx {
                curriculum,
                progress,
                store,
                save,
                theme: Theme::default(),
                size: Rect::new(0, 0, 80, 24),
                clock: Timestamp::now,
                tz: jiff::tz::TimeZone::system(),
                flash: None,
                notices: Vec::new(),
                default_workspace: crate::workspace::default_dir(),
                effects: Vec::new(),
                search_index: std::cell::OnceCell::new(),
            },
            pages: vec![Box::new(Home::default())],
            help: false,
            quit: false,
            pending: Vec::new(),
            panic_after_first_frame: false,
        }
    }

    /// The page in view.
    pub fn page(&self) -> &dyn Page {
        // The stack is never empty: Home is never popped.
        self.pages
            .last()
            .map(Box::as_ref)
            .unwrap_or_else(|| unreachable!("Home is never popped"))
    }

    /// The page in view, if it is a `T`.
    pub fn top<T: Page>(&self) -> Option<&T> {
        self.page().as_any().downcast_ref::<T>()
    }

    pub fn depth(&self) -> usize {
        self.pages.len()
    }

    /// The keys that work now: the page's, then the ones that work everywhere.
    pub fn bindings(&self) -> Vec<Binding> {
        self.page().bindings(&self.cx)
    }

    /// The folder the page in view watches for changes.
    pub fn watching(&self) -> Option<PathBuf> {
        self.page().watches(&self.cx)
    }

    /// Effects for the terminal loop, oldest first.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.pending)
    }

    /// Closes every page above Home and opens `page` (tests and previews).
    pub fn show(&mut self, page: Box<dyn Page>) {
        self.pages.truncate(1);
        self.pages.push(page);
    }

    /// Quits as `q` would: the page in view gets to remember its place, then a save.
    pub fn request_quit(&mut self) {
        self.act(Action::Quit);
        self.perform();
    }

    /// Presses a key (tests and the loop alike).
    pub fn press(&mut self, key: Key) {
        self.handle(Event::Key(key));
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.handle(Event::Resize(width, height));
    }

    pub fn handle(&mut self, event: Event) {
        match event {
            Event::Tick => self.drain_inbox(),
            Event::Resize(w, h) => {
                self.cx.size = Rect::new(0, 0, w, h);
                for page in &mut self.pages {
                    page.resized(&self.cx);
                }
            }
            Event::Files(paths) => self.dispatch(Action::FilesChanged(paths)),
            Event::Scroll(n) => self.act(Action::Scroll(n)),
            Event::Key(key) => {
                let page = self.page();
                let action = keys::action(&page.bindings(&self.cx), key, page.text_input(&self.cx));
                match action {
                    Some(action) => self.act(action),
                    // Any key closes the help, even one the page does not use.
                    None if self.help => self.act(Action::ToggleHelp),
                    None => {}
                }
            }
        }
        self.perform();
    }

    /// An action the learner asked for: quitting and help first, then the page.
    fn act(&mut self, action: Action) {
        if action == Action::Quit {
            if let Some(page) = self.pages.last_mut() {
                page.quitting(&mut self.cx);
            }
            self.quit = true;
            return;
        }
        self.cx.flash = None;
        if self.help {
            self.help = false;
            return;
        }
        if action == Action::ToggleHelp {
            self.help = true;
            return;
        }
        if action == Action::OpenSearch {
            if self.top::<Search>().is_none() {
                self.pages.push(Box::new(Search::new()));
            }
            return;
        }
        self.dispatch(action);
    }

    fn dispatch(&mut self, action: Action) {
        let Some(page) = self.pages.last_mut() else {
            return;
        };
        let nav = page.update(&mut self.cx, action);
        self.go(nav);
    }

    fn go(&mut self, nav: Nav) {
        match nav {
            Nav::Stay => {}
            Nav::Push(pages) => self.pages.extend(pages),
            Nav::Pop => self.pop(),
            Nav::Replace(pages) => {
                self.pop();
                self.pages.extend(pages);
            }
            Nav::PopWith(action) => {
                self.pop();
                self.dispatch(action);
            }
        }
    }

    fn pop(&mut self) {
        if self.pages.len() > 1 {
            self.pages.pop();
        }
    }

    /// Carries out what the pages asked for: saves now, the rest in the loop.
    fn perform(&mut self) {
        for effect in std::mem::take(&mut self.cx.effects) {
            match effect {
                Effect::Save => self.persist(),
                other => self.pending.push(other),
            }
        }
    }

    /// Saves the progress file; a failure is shown in the footer and retried on the next
    /// change, and the in-memory progress is kept either way.
    fn persist(&mut self) {
        let cx = &mut self.cx;
        let Some(store) = &cx.store else { return };
        if let Some(why) = store.read_only() {
            cx.save = SaveState::ReadOnly;
            // Say it when it matters: at the change that will not be kept.
            cx.flash = Some(format!(
                "Not saved: the progress file is read-only here ({why}). This change lasts until you quit."
            ));
            return;
        }
        cx.save = match store.save(&cx.progress) {
            Ok(()) => SaveState::Saved,
            Err(e) => SaveState::Failed(e.to_string()),
        };
    }
}

/// Once per start: a first run starts the plan today, and review cards are unlocked for
/// lessons finished and questions answered so far.
pub fn start(app: &mut App) {
    let cx = &mut app.cx;
    let mut changed = false;
    if cx.progress.plan_start.is_none() {
        let today = cx.today();
        cx.progress.plan_start = Some(today);
        cx.flash(format!(
            "Your 8-week plan starts today, {}. Press p to see it or change the date.",
            today.strftime("%a %-d %b")
        ));
        changed = true;
    }
    let sched = cx.scheduler();
    changed |= review::sync(&mut cx.progress, &cx.curriculum, &sched) > 0;
    if changed {
        cx.save();
    }
    app.perform();
}

impl App {
    /// Records the results `devops-tutor check` posted from another terminal while this
    /// app holds the progress file (see [`crate::progress::inbox`]), then saves. Only the
    /// writer drains: a read-only app would take results it cannot keep.
    fn drain_inbox(&mut self) {
        let Some(store) = self.cx.store.as_ref().filter(|s| s.read_only().is_none()) else {
            return;
        };
        let entries = crate::progress::inbox::drain(store.dir());
        if entries.is_empty() {
            return;
        }
        for e in entries {
            // A check made here since is the latest word on the exercise.
            let newer = self
                .cx
                .progress
                .exercises
                .get(&e.id)
                .is_some_and(|r| r.checked > e.at);
            if !newer {
                self.cx.progress.record_exercise(&e.id, e.passed, e.at);
            }
        }
        self.cx.save();
    }
}
