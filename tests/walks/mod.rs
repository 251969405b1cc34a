//! Key sequences that reach every screen from Home, shared by the tests that draw every
//! screen (hostile content, every window size, every key in the help).

use devops_tutor::tui::Key::{self, *};

/// From Home to the first module: below the continue, review, self-quiz and progress
/// rows.
const TO_MODULE: [Key; 5] = [Down, Down, Down, Down, Enter];

/// One sequence per screen (and state worth drawing) of the app.
pub fn every_screen() -> Vec<Vec<Key>> {
    let module = |rest: &[Key]| -> Vec<Key> { TO_MODULE.iter().chain(rest).copied().collect() };
    vec![
        vec![],
        module(&[]),
        module(&[Enter]),
        module(&[Enter, Enter, End]),
        module(&[End, Enter]),
        module(&[End, Up, Enter]),
        module(&[End, Up, Enter, Enter]),
        module(&[End, Up, Up, Enter]),
        module(&[End, Up, Up, Enter, Char('t'), Char('t')]),
        vec![Char('r')],
        vec![Char('s'), Char(' '), Down, Char(' ')],
        vec![Char('s'), Char(' '), Enter],
        vec![Char('p')],
        vec![Char('p'), PageDown, End],
        vec![Char('?')],
    ]
}
