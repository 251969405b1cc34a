//! The deepest check of a curriculum, for `lint`: every exercise's starter fails its
//! checker (for a reason worth learning) and every reference solution passes it.

use super::{Curriculum, Files, Problem};
use crate::check::{Severity, check_files};

/// Runs each exercise's starter (must fail) and solution (must pass) through its
/// checker, with the requirements typed at load.
pub fn verify_exercises(curriculum: &Curriculum, files: &Files) -> Vec<Problem> {
    let mut problems = Vec::new();
    for ex in &curriculum.exercises {
        let starter = check_files(&ex.starter_files(), &ex.requirements);
        if starter.passed {
            problems.push(Problem {
                file: files.display_path(&format!("exercises/{}/starter/", ex.id)),
                line: 0,
                message:
                    "the starter passes its check; a starter must fail for a reason worth learning"
                        .to_string(),
            });
        }
        let solution = check_files(&ex.solution_files(), &ex.requirements);
        for d in solution
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
        {
            problems.push(Problem {
                file: files.display_path(&format!("exercises/{}/solution/{}", ex.id, d.file)),
                line: d.line,
                message: format!(
                    "the solution must pass its check, but: {} [{}]",
                    d.message, d.rule
                ),
            });
        }
    }
    problems
}
