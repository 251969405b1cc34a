//! Helpers shared by the checker tests.

use devops_tutor::check::{Diagnostic, Requirements};
use devops_tutor::content::Source;

/// An exercise's typed requirements, read the way the app reads them: the repository's
/// curriculum through the real loader, which types them.
#[allow(dead_code)] // not every checker's tests use it
pub fn requirements(id: &str) -> Requirements {
    let curriculum =
        devops_tutor::load_curriculum(&Source::Dir(".".into())).expect("the curriculum loads");
    let ex = curriculum
        .exercise(id)
        .unwrap_or_else(|| panic!("exercise {id} exists"));
    ex.requirements.clone()
}

/// Checks an exercise's shipped starter and solution with its real requirements: the starter fails with at least each of `rules` (a full
/// name like `dockerfile/require-non-root`, or the part after the kind), and the
/// solution passes without a single finding.
#[track_caller]
#[allow(dead_code)] // not every checker's tests use it
pub fn starter_fails_solution_passes(id: &str, rules: &[&str]) {
    use devops_tutor::check::check_files;
    let curriculum =
        devops_tutor::load_curriculum(&Source::Dir(".".into())).expect("the curriculum loads");
    let ex = curriculum
        .exercise(id)
        .unwrap_or_else(|| panic!("exercise {id} exists"));
    let req = &ex.requirements;
    // The files as the app and `lint` check them (a folder for kinds that read several).
    let starter = check_files(&ex.starter_files(), req);
    assert!(!starter.passed, "{id}: the starter should fail");
    for rule in rules {
        assert!(
            starter
                .diagnostics
                .iter()
                .any(|d| d.rule == *rule || d.rule.ends_with(&format!("/{rule}"))),
            "{id}: the starter should trip {rule}: {:#?}",
            starter.diagnostics
        );
    }
    let solution = check_files(&ex.solution_files(), req);
    assert!(solution.passed, "{id}: {:#?}", solution.diagnostics);
    assert!(
        solution.diagnostics.is_empty(),
        "{id}: a reference answer has no warnings either: {:#?}",
        solution.diagnostics
    );
}

/// Whether a diagnostic's rule is `rule`: its full name (`gitlab-ci/unknown-key`) or the
/// part after the kind (`unknown-key`).
fn is_rule(d: &Diagnostic, rule: &str) -> bool {
    d.rule == rule
        || d.rule
            .split_once('/')
            .is_some_and(|(_, short)| short == rule)
}

/// The sorted lines of the diagnostics with this rule.
#[allow(dead_code)]
pub fn lines(diags: &[Diagnostic], rule: &str) -> Vec<usize> {
    let mut l: Vec<usize> = diags
        .iter()
        .filter(|d| is_rule(d, rule))
        .map(|d| d.line)
        .collect();
    l.sort_unstable();
    l
}

#[allow(dead_code)]
pub fn has(diags: &[Diagnostic], rule: &str) -> bool {
    diags.iter().any(|d| is_rule(d, rule))
}

/// Asserts that `rule` fires at `line` and returns that diagnostic.
#[track_caller]
#[allow(dead_code)]
pub fn fires(diags: &[Diagnostic], rule: &str, line: usize) -> Diagnostic {
    match diags.iter().find(|d| is_rule(d, rule) && d.line == line) {
        Some(d) => d.clone(),
        None => panic!("expected {rule} at line {line}, got:\n{}", render(diags)),
    }
}

/// Asserts that `rule` does not fire.
#[track_caller]
#[allow(dead_code)]
pub fn silent(diags: &[Diagnostic], rule: &str) {
    assert!(
        !diags.iter().any(|d| is_rule(d, rule)),
        "did not expect {rule}:\n{}",
        render(diags)
    );
}

#[allow(dead_code)]
pub fn render(diags: &[Diagnostic]) -> String {
    diags.iter().map(|d| format!("  {d}\n")).collect()
}
