//! Everything that can happen to the app, as data. Keys become messages in
//! [`super::keymap`]; [`super::update`] is the only place a message changes state.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Mouse wheel: lines to scroll (negative is up).
    Scroll(i16),
    /// Open, choose, submit, go on.
    Select,
    /// Tick a checklist item, pick a choice, grab an order step.
    Toggle,
    Back,
    Quit,
    Help,
    /// Lesson: mark done or not done.
    MarkDone,
    /// Lesson: mark done and open the next lesson.
    Next,
    /// Home: open the lesson to continue with.
    Continue,
    /// Quiz summary: start the quiz again. Home: start a review session.
    Retry,
    /// Quiz feedback after a right answer: how it felt (1 hard, 2 good, 3 easy).
    Rate(crate::review::Rating),
    /// Quiz feedback: open the question's lesson to re-read it.
    OpenLesson,
    /// Home: open the Progress screen.
    Progress,
    /// Progress: move the plan's start date by this many days.
    ShiftPlan(i8),
    /// Self-quiz picker: more or fewer questions.
    More,
    Less,
    /// Exercise: open the file in the learner's editor.
    Edit,
    /// Exercise: reveal the next hint.
    Hint,
    /// Exercise: ask to see the reference solution. Home: set up a self-quiz.
    Solution,
    /// Answer "yes" to a question the app asked.
    Confirm,
    /// A typed character in a text answer.
    Input(char),
    /// Delete the last typed character.
    Erase,
    Resize(u16, u16),
    /// Nothing happened (a timer tick): lets the loop check for signals.
    Tick,
}
