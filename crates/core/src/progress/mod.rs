//! The learner's progress and its file: load, atomic save, one-writer lock, and a corrupt
//! file moved aside with a message. Knows nothing of the terminal.

mod model;
mod store;

use std::path::PathBuf;

pub use model::{
    Appearance, Card, DEFAULT_DAILY_REVIEWS, DEFAULT_RETENTION, DayLog, ExerciseRecord,
    FORMAT_VERSION, LessonRecord, Position, Progress, QuestionRecord, QuizAttempt, Settings,
    Ticked,
};
pub use store::{FILE_NAME, Notice, Opened, ProgressError, ReadOnly, Store, classify, to_text};

/// The default data folder: `$XDG_DATA_HOME/devops-tutor` on Linux, the platform's
/// equivalent elsewhere.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "devops-tutor").map(|d| d.data_dir().to_path_buf())
}
