//! Progress numbers derived from the curriculum and the learner's record, shared by the
//! Home screen and `devops-tutor status`. Nothing here is stored: it is all computed.

use serde::Serialize;

use crate::content::{ChecklistItem, Curriculum, Module};
use crate::progress::Progress;

/// A quiz counts as passed at this share of right answers.
pub const QUIZ_PASS_PERCENT: u32 = 70;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModuleSummary {
    pub id: String,
    pub title: String,
    pub week: Option<u8>,
    pub lessons_done: usize,
    pub lessons: usize,
    pub checklist_done: usize,
    pub checklist: usize,
    pub quiz_questions: usize,
    /// Best finished attempt as (score, total).
    pub quiz_best: Option<(u32, u32)>,
    pub quiz_passed: bool,
    pub exercises_passed: usize,
    pub exercises: usize,
}

/// Whether a checklist item is done, the one answer every screen and `status` give: an
/// item that names an exercise is done when that exercise has passed (it cannot be
/// ticked by hand); any other item when the learner ticked it.
pub fn item_done(progress: &Progress, item: &ChecklistItem) -> bool {
    match item.exercise.as_deref() {
        Some(e) => progress.exercise_passed(e),
        None => progress.ticked(&item.id),
    }
}

impl ModuleSummary {
    pub fn of(module: &Module, progress: &Progress) -> Self {
        let quiz_best = progress.best_quiz(&module.id);
        ModuleSummary {
            id: module.id.clone(),
            title: module.title.clone(),
            week: module.week,
            lessons_done: module
                .lessons
                .iter()
                .filter(|l| progress.lesson_done(&l.id))
                .count(),
            lessons: module.lessons.len(),
            checklist_done: module
                .checklist
                .iter()
                .filter(|i| item_done(progress, i))
                .count(),
            checklist: module.checklist.len(),
            quiz_questions: module.quiz.len(),
            quiz_best,
            quiz_passed: quiz_best.is_some_and(|(s, t)| t > 0 && s * 100 >= t * QUIZ_PASS_PERCENT),
            exercises_passed: module
                .exercises
                .iter()
                .filter(|e| progress.exercise_passed(e))
                .count(),
            exercises: module.exercises.len(),
        }
    }

    /// Steps done and steps in all: every lesson, checklist item and exercise, and
    /// passing the quiz (one step) when the module has one.
    pub fn steps(&self) -> (usize, usize) {
        let quiz = usize::from(self.quiz_questions > 0);
        (
            self.lessons_done
                + self.checklist_done
                + self.exercises_passed
                + usize::from(self.quiz_passed && quiz == 1),
            self.lessons + self.checklist + self.exercises + quiz,
        )
    }

    pub fn complete(&self) -> bool {
        let (done, all) = self.steps();
        all > 0 && done == all
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub title: String,
    pub lessons_done: usize,
    pub lessons: usize,
    pub modules: Vec<ModuleSummary>,
}

impl Summary {
    pub fn of(curriculum: &Curriculum, progress: &Progress) -> Self {
        let modules: Vec<ModuleSummary> = curriculum
            .modules
            .iter()
            .map(|m| ModuleSummary::of(m, progress))
            .collect();
        Summary {
            title: curriculum.title.clone(),
            lessons_done: modules.iter().map(|m| m.lessons_done).sum(),
            lessons: modules.iter().map(|m| m.lessons).sum(),
            modules,
        }
    }
}

/// Where "continue where you left off" goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Continue {
    /// A lesson (module and lesson index) at a scroll position.
    Lesson(usize, usize, u32),
    /// A module's quiz left unfinished (module index).
    Quiz(usize),
    /// An exercise not passed yet (index into `Curriculum::exercises`) and the module
    /// that lists it.
    Exercise(usize, usize),
}

/// The step the learner last worked on — a quiz left half-way, an exercise not passed
/// yet, or a lesson — else the lesson to continue with.
pub fn continue_step(curriculum: &Curriculum, progress: &Progress) -> Option<Continue> {
    use crate::progress::StepKind;
    if let Some(step) = &progress.last_step {
        match step.kind {
            StepKind::Quiz if progress.quiz_runs.contains_key(&step.id) => {
                if let Some((m, _)) = curriculum.module(&step.id) {
                    return Some(Continue::Quiz(m));
                }
            }
            StepKind::Exercise if !progress.exercise_passed(&step.id) => {
                let e = curriculum.exercises.iter().position(|e| e.id == step.id);
                let m = curriculum
                    .modules
                    .iter()
                    .position(|m| m.exercises.contains(&step.id));
                if let (Some(e), Some(m)) = (e, m) {
                    return Some(Continue::Exercise(e, m));
                }
            }
            _ => {}
        }
    }
    continue_target(curriculum, progress).map(|(m, l, s)| Continue::Lesson(m, l, s))
}

/// The lesson to continue with: the saved position if it still exists, otherwise the
/// first lesson not done yet (in walking order), otherwise the very first lesson.
pub fn continue_target(
    curriculum: &Curriculum,
    progress: &Progress,
) -> Option<(usize, usize, u32)> {
    if let Some(pos) = &progress.position
        && let Some(lesson) = &pos.lesson
        && let Some((m, l)) = curriculum.find_lesson(lesson)
    {
        return Some((m, l, pos.scroll));
    }
    for (mi, m) in curriculum.modules.iter().enumerate() {
        if let Some(li) = m.lessons.iter().position(|l| !progress.lesson_done(&l.id)) {
            return Some((mi, li, 0));
        }
    }
    curriculum
        .modules
        .iter()
        .position(|m| !m.lessons.is_empty())
        .map(|mi| (mi, 0, 0))
}
