//! The exercise folder: `init` creates only what is missing, `reset` backs up first.

use std::fs;

use devops_tutor::content::{Exercise, Source};
use devops_tutor::workspace;
use jiff::Timestamp;

fn exercises() -> Vec<Exercise> {
    devops_tutor::load_curriculum(&Source::Embedded)
        .expect("built-in curriculum loads")
        .exercises
}

#[test]
fn init_copies_every_exercise_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("temp dir");
    let all = exercises();
    assert!(all.len() >= 7, "one exercise per kind at least");
    let first = workspace::init(dir.path(), &all).expect("init");
    assert!(first.kept.is_empty());
    for ex in &all {
        assert!(workspace::is_set_up(dir.path(), ex), "{} is set up", ex.id);
        assert!(
            workspace::target(dir.path(), ex).exists(),
            "{} has its file",
            ex.id
        );
    }
    // The learner edits a file; a second init keeps it.
    let ex = &all[0];
    let target = workspace::target(dir.path(), ex);
    let edited = if target.is_dir() {
        target.join("README.md")
    } else {
        target.clone()
    };
    fs::write(&edited, "my work").expect("edit");
    let second = workspace::init(dir.path(), &all).expect("init again");
    assert!(second.created.is_empty());
    assert_eq!(fs::read_to_string(&edited).expect("read"), "my work");
}

#[test]
fn reset_saves_a_backup_then_restores_the_starter() {
    let dir = tempfile::tempdir().expect("temp dir");
    let all = exercises();
    let ex = all
        .iter()
        .find(|e| e.file != ".")
        .expect("a single-file exercise");
    workspace::init(dir.path(), std::slice::from_ref(ex)).expect("init");
    let target = workspace::target(dir.path(), ex);
    fs::write(&target, "my attempt").expect("edit");
    let report = workspace::reset(
        dir.path(),
        ex,
        Timestamp::from_second(1_800_000_000).expect("ts"),
    )
    .expect("reset");
    assert_eq!(report.backups.len(), 1);
    let backup = &report.backups[0];
    assert!(
        backup
            .file_name()
            .expect("name")
            .to_string_lossy()
            .ends_with(".backup-20270115T080000Z")
    );
    assert_eq!(fs::read_to_string(backup).expect("backup"), "my attempt");
    assert_eq!(
        fs::read_to_string(&target).expect("restored"),
        ex.starter[&ex.file]
    );
    // A second reset of an untouched file makes no backup.
    let again = workspace::reset(
        dir.path(),
        ex,
        Timestamp::from_second(1_800_000_001).expect("ts"),
    )
    .expect("reset");
    assert!(again.backups.is_empty());
}
