//! What the learner asked for, named by intent. Keys become actions through the
//! binding table of the screen in view ([`super::keys`]); a page's `update` is the only
//! place an action changes state.

use std::path::PathBuf;

use crate::review::Rating;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    // Moving and scrolling.
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Mouse wheel: lines to scroll (negative is up).
    Scroll(i16),
    /// Shift the code blocks in view sideways (their lines are never wrapped).
    PanLeft,
    PanRight,
    /// Copy the first code block in view.
    CopyCode,
    Back,
    Quit,
    ToggleHelp,
    /// Search lessons, questions, checklists and exercises.
    OpenSearch,
    /// Open the selected row.
    Open,

    // Home.
    ContinueLearning,
    StartReview,
    StartSelfQuiz,
    OpenProgress,

    // A lesson.
    ToggleDone,
    DoneAndNext,

    // A checklist.
    ToggleItem,

    // A quiz (and review, and self-quiz).
    /// Mark the choice under the cursor; pick up or drop an order step.
    Pick,
    Answer,
    NextQuestion,
    /// After a right answer: how it felt.
    Rate(Rating),
    /// Re-read the question's lesson without moving "continue where you left off".
    ReadLesson,
    Retake,
    /// A typed character in a text answer.
    Type(char),
    /// Delete the last typed character.
    Erase,

    // An exercise.
    SetUpFolder,
    CheckNow,
    Edit,
    RevealHint,
    AskForSolution,
    ConfirmSolution,
    /// Any key but the confirming one, while the app asks a yes/no question.
    Cancel,

    // The Terraform Plan screen.
    /// Open the Plan screen on a Terraform exercise's folder.
    OpenTfPlan,
    /// Open the Alarm screen on a CloudWatch alarm exercise's folder.
    OpenAlarmLab,
    /// Fold or unfold the selected resource change.
    ToggleFold,
    ToggleAllFolds,
    Replan,
    AskApply,
    AskDestroy,
    /// Yes to the question the screen asks.
    Confirm,
    ToggleState,

    // Progress and plan.
    /// Move the plan's start date by this many days.
    ShiftPlan(i8),
    /// The questions last answered wrongly, across the course.
    OpenMistakes,

    // The self-quiz picker.
    MoreQuestions,
    FewerQuestions,
    StartQuiz,

    // Not bound to keys: sent by the app itself.
    /// The page below the one that closed opens this lesson ("done and next").
    OpenLessonAt {
        module: usize,
        lesson: usize,
    },
    /// The module page below selects its first step not done yet.
    SelectNextStep,
    /// Files changed under the folder the page watches.
    FilesChanged(Vec<PathBuf>),
}
