//! Helpers shared by the checker tests.

use devops_tutor::check::{Requirements, exercise};
use devops_tutor::content::Source;

/// An exercise's typed requirements, read the way the app reads them: the repository's
/// curriculum through the real loader, then the checker's `prepare`.
pub fn requirements(id: &str) -> Requirements {
    let curriculum =
        devops_tutor::load_curriculum(&Source::Dir(".".into())).expect("the curriculum loads");
    let ex = curriculum
        .exercise(id)
        .unwrap_or_else(|| panic!("exercise {id} exists"));
    exercise::prepare(ex).unwrap_or_else(|(_, m)| panic!("requirements of {id} parse: {m}"))
}
