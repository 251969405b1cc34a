//! The app's state: the curriculum, the learner's progress, the stack of open screens
//! and the small UI states (selections, scroll offsets) each screen owns.

use std::collections::BTreeSet;

use jiff::Timestamp;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::keymap::InputMode;
use super::layout;
use super::markdown;
use super::theme::Theme;
use crate::content::{Curriculum, Question, QuestionKind};
use crate::progress::{Card, Progress, Store};
use crate::review::{QRef, Rating, Scheduler};

/// One open screen. The stack in [`App::screens`] always has Home at the bottom.
#[derive(Debug, Clone)]
pub enum Screen {
    Home {
        selected: usize,
    },
    Module {
        module: usize,
        selected: usize,
    },
    Lesson(LessonView),
    Quiz(Box<QuizState>),
    Checklist {
        module: usize,
        selected: usize,
    },
    Exercise(Box<ExerciseView>),
    /// Choosing concepts or weeks for a self-quiz.
    SelfQuiz(SelfQuizSetup),
    /// The plan, per-module and per-concept numbers, reviews per day, cards due.
    Progress {
        scroll: usize,
    },
}

/// The self-quiz picker: rows are the concepts, then the weeks of the plan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SelfQuizSetup {
    pub selected: usize,
    pub filter: crate::review::Filter,
    /// How many questions to draw.
    pub count: usize,
}

/// Self-quiz sizes offered with `+` and `-`.
pub const SELF_QUIZ_SIZES: [usize; 4] = [5, 10, 15, 20];

/// The Exercise screen's state: the latest check, hints shown, and the page rendered
/// for the current width.
#[derive(Debug, Clone, Default)]
pub struct ExerciseView {
    /// Index into `Curriculum::exercises`.
    pub exercise: usize,
    pub scroll: usize,
    pub hints_shown: usize,
    /// The learner asked for the solution and has not confirmed yet.
    pub confirm_solution: bool,
    pub show_solution: bool,
    pub report: Option<crate::check::Report>,
    /// When the report was made, and the newest modification time of the checked files
    /// then: a newer one means the learner saved, so check again.
    pub checked_at: Option<jiff::Timestamp>,
    pub seen_modified: Option<std::time::SystemTime>,
    pub lines: Vec<Line<'static>>,
    pub width: u16,
}

/// Work that needs the real terminal, done by the event loop after `update`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Suspend the app, run the editor on this file, then redraw.
    Edit(std::path::PathBuf),
}

#[derive(Debug, Clone)]
pub struct LessonView {
    pub module: usize,
    pub lesson: usize,
    /// Opened from a quiz or review to re-read: does not move "continue where you left
    /// off".
    pub aside: bool,
    pub scroll: usize,
    /// The body rendered for `width`; recomputed in `update` when the window resizes.
    pub lines: Vec<Line<'static>>,
    pub width: u16,
}

/// What a quiz run is: a module's quiz, a Review session of due cards, or a self-quiz.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuizMode {
    Module(usize),
    Review,
    /// The label says what was chosen ("Containers, CI/CD").
    SelfQuiz(String),
}

impl Default for QuizMode {
    fn default() -> Self {
        QuizMode::Module(0)
    }
}

#[derive(Debug, Clone, Default)]
pub struct QuizState {
    pub mode: QuizMode,
    /// The questions of this run, in the order asked.
    pub questions: Vec<QRef>,
    /// Index of the current question in `questions`.
    pub index: usize,
    pub cursor: usize,
    /// Chosen choices (single and multi).
    pub picked: BTreeSet<usize>,
    /// Order questions: the current arrangement, as indices into the correct order.
    pub arrangement: Vec<usize>,
    /// Order questions: a step is picked up and moves with the cursor.
    pub grabbed: bool,
    /// Text questions: what the learner typed.
    pub input: String,
    /// Set once the current question is answered: was it right?
    pub answered: Option<bool>,
    /// Right answers so far, and the ids answered wrongly.
    pub score: u32,
    pub missed: Vec<String>,
    pub finished: bool,
    /// Scroll of the question body (long explanations on small screens).
    pub scroll: usize,
    /// The current question's card before this answer (for changing the rating), and
    /// the rating given.
    pub before: Option<Card>,
    pub rating: Option<Rating>,
}

impl QuizState {
    pub fn current<'a>(&self, app: &'a App) -> Option<&'a Question> {
        self.questions.get(self.index)?.get(&app.curriculum)
    }
}

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

pub struct App {
    pub curriculum: Curriculum,
    pub progress: Progress,
    pub store: Option<Store>,
    pub screens: Vec<Screen>,
    pub help: bool,
    /// Messages from start-up (a corrupt file moved aside, read-only mode …), shown on
    /// Home until the learner moves on.
    pub notices: Vec<String>,
    pub save: SaveState,
    pub theme: Theme,
    pub size: Rect,
    pub quit: bool,
    pub clock: fn() -> Timestamp,
    /// Where "today" is: the system zone (tests use UTC).
    pub tz: jiff::tz::TimeZone,
    /// A one-line message for the learner, shown until the next key.
    pub flash: Option<String>,
    /// Work for the event loop (see [`Effect`]).
    pub effect: Option<Effect>,
    /// Where exercises live when progress names no folder (tests set their own).
    pub default_workspace: Option<std::path::PathBuf>,
    /// A test switch (hidden subcommand): panic right after the first frame, to prove
    /// the panic hook restores the terminal.
    pub panic_after_first_frame: bool,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("screens", &self.screens)
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
            curriculum,
            progress,
            store,
            screens: vec![Screen::Home { selected: 0 }],
            help: false,
            notices: Vec::new(),
            save,
            theme: Theme::default(),
            size: Rect::new(0, 0, 80, 24),
            quit: false,
            clock: Timestamp::now,
            tz: jiff::tz::TimeZone::system(),
            flash: None,
            effect: None,
            default_workspace: crate::workspace::default_dir(),
            panic_after_first_frame: false,
        }
    }

    pub fn screen(&self) -> &Screen {
        // The stack is never empty: `update` never pops Home.
        self.screens.last().unwrap_or(&Screen::Home { selected: 0 })
    }

    /// The exercise folder: the one in progress, else the default.
    pub fn workspace(&self) -> Option<std::path::PathBuf> {
        self.progress
            .workspace
            .clone()
            .or_else(|| self.default_workspace.clone())
    }

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

    pub fn input_mode(&self) -> InputMode {
        match self.screen() {
            Screen::Quiz(q) if !q.finished && q.answered.is_none() => {
                match q.current(self).map(|q| &q.kind) {
                    Some(QuestionKind::Text { .. }) => InputMode::Text,
                    _ => InputMode::Normal,
                }
            }
            _ => InputMode::Normal,
        }
    }

    /// Renders a lesson body for the current window size.
    pub fn lesson_view(&self, module: usize, lesson: usize, scroll: usize) -> LessonView {
        let width = layout::lesson_text_width(self.size);
        let body = &self.curriculum.modules[module].lessons[lesson].body;
        LessonView {
            module,
            lesson,
            aside: false,
            scroll,
            lines: markdown::render(body, width, &self.theme),
            width,
        }
    }
}
