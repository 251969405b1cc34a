//! Key sequences that reach every screen from Home, shared by the tests that draw every
//! screen (hostile content, every window size).

use devops_tutor::tui::Message::{self, *};

/// From Home to the first module: below the continue, review, self-quiz and progress
/// rows.
const TO_MODULE: [Message; 5] = [Down, Down, Down, Down, Select];

/// One sequence per screen (and state worth drawing) of the app.
pub fn every_screen() -> Vec<Vec<Message>> {
    let module =
        |rest: &[Message]| -> Vec<Message> { TO_MODULE.iter().chain(rest).copied().collect() };
    vec![
        vec![],
        module(&[]),
        module(&[Select]),
        module(&[Select, Select, Bottom]),
        module(&[Bottom, Select]),
        module(&[Bottom, Up, Select]),
        module(&[Bottom, Up, Select, Select]),
        module(&[Bottom, Up, Up, Select]),
        module(&[Bottom, Up, Up, Select, Hint, Hint]),
        vec![Retry],
        vec![Solution, Toggle, Down, Toggle],
        vec![Solution, Toggle, Select],
        vec![Message::Progress],
        vec![Message::Progress, PageDown, Bottom],
        vec![Help],
    ]
}
