//! The learner's progress and its file: load, atomic save, one-writer lock, and a corrupt
//! file moved aside with a message. Knows nothing of the terminal.

mod export;
pub mod inbox;
mod merge;
mod model;
mod parse;
mod store;

use std::path::PathBuf;

pub use export::{ExportError, export};
pub use inbox::InboxEntry;
pub use merge::{MergeSummary, merge};
pub use model::{
    Appearance, Card, DEFAULT_DAILY_REVIEWS, DEFAULT_RETENTION, DayLog, ExerciseRecord,
    FORMAT_VERSION, GivenAnswer, LastStep, LessonRecord, Position, Progress, QuestionRecord,
    QuizAttempt, QuizRun, Settings, StepKind, Ticked,
};
pub use parse::{NotProgress, classify, read_progress};
pub use store::{FILE_NAME, Notice, Opened, ProgressError, ReadOnly, Store, to_text};

/// The default data folder: `$XDG_DATA_HOME/devops-tutor` on Linux, the platform's
/// equivalent elsewhere.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "devops-tutor").map(|d| d.data_dir().to_path_buf())
}
