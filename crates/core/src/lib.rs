//! The domain of devops-tutor, with no terminal dependency: the curriculum ([`content`]),
//! the learner's record ([`progress`]), spaced review ([`review`]), the plan ([`plan`]),
//! per-module numbers ([`summary`]), the exercise checkers ([`check`]) and the exercise
//! folder ([`workspace`]). The app crate (`devops-tutor`) adds the terminal and the
//! command line on top; this crate's manifest has no ratatui or crossterm, so the
//! compiler keeps that boundary.

pub mod check;
pub mod content;
pub mod plan;
pub mod progress;
pub mod review;
pub mod search;
pub mod session;
pub mod summary;
pub mod text;
pub mod workspace;

use content::{ContentError, Curriculum, Files, Problem, Source};

/// Validates a curriculum: the content rules, including every exercise's kind and typed
/// requirements. With `deep` (for `lint`), also verifies that every exercise's starter
/// fails and its solution passes.
pub fn validate(files: &Files, deep: bool) -> (Option<Curriculum>, Vec<Problem>) {
    let (curriculum, mut problems) = content::check(files);
    if deep && let Some(c) = &curriculum {
        problems.extend(content::verify_exercises(c, files));
    }
    (curriculum, problems)
}

/// Loads a curriculum: the one way the app, the commands and the tests do it. Every
/// problem is an error.
pub fn load_curriculum(source: &Source) -> Result<Curriculum, ContentError> {
    content::load(&source.read()?)
}
