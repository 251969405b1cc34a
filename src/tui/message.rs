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
    /// Quiz summary: start the quiz again.
    Retry,
    /// Exercise: open the file in the learner's editor.
    Edit,
    /// Exercise: reveal the next hint.
    Hint,
    /// Exercise: ask to see the reference solution.
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
