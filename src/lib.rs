//! devops-tutor: an offline terminal tutor for backend developers learning DevOps.
//!
//! The library holds everything; `main.rs` only calls [`cli::main`]. Data flows one way:
//! [`content`] loads the curriculum, [`progress`] stores the learner's record, [`tui`]
//! and [`cli`] present both.

pub mod cli;
pub mod content;
pub mod progress;
pub mod summary;
pub mod tui;
