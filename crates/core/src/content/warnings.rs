//! What `lint` points out without refusing the curriculum: things that make it worse to
//! learn from but not wrong.

use super::{Curriculum, Problem, QuestionKind};

/// Below this many single-choice questions a module's answer positions say nothing.
const MIN_SINGLE: usize = 4;

/// A module whose single-choice answers sit in one position more than half the time.
/// The app shuffles choices per run, but a quiz file read (or a retake remembered)
/// should not teach "it's usually B".
pub fn warnings(curriculum: &Curriculum) -> Vec<Problem> {
    let mut out = Vec::new();
    for m in &curriculum.modules {
        let answers: Vec<usize> = m
            .quiz
            .iter()
            .filter_map(|q| match &q.kind {
                QuestionKind::Single { answer, .. } => Some(*answer),
                _ => None,
            })
            .collect();
        if answers.len() < MIN_SINGLE {
            continue;
        }
        let Some((position, count)) = (0..8)
            .map(|p| (p, answers.iter().filter(|a| **a == p).count()))
            .max_by_key(|(_, n)| *n)
        else {
            continue;
        };
        if count * 2 > answers.len() {
            out.push(Problem {
                file: format!("lessons/{}/quiz.toml", m.dir),
                line: 0,
                message: format!(
                    "{count} of the {} single-choice answers are choice {} (`answer = [{position}]`): spread the right answers over the positions",
                    answers.len(),
                    position + 1
                ),
            });
        }
    }
    out
}
