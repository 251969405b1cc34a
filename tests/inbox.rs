//! A check from a second terminal while the app is open is not lost: the CLI, finding
//! the progress file held, posts the result to the inbox with a calm message, and the
//! app records it on its next tick and saves it.

use assert_cmd::Command;
use devops_tutor::content::Source;
use devops_tutor::progress::{InboxEntry, Store, inbox};
use devops_tutor::tui::{App, Event, SaveState};
use jiff::Timestamp;
use predicates::prelude::*;

const ID: &str = "dockerfile-orders-api";

fn tutor(data: &std::path::Path, home: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("devops-tutor").expect("binary");
    cmd.env_remove("DEVOPS_TUTOR_CONTENT")
        .env("DEVOPS_TUTOR_DATA", data)
        .env("HOME", home);
    cmd
}

#[test]
fn a_check_while_the_app_holds_progress_is_recorded_by_the_app() {
    let home = tempfile::tempdir().expect("temp");
    let data = home.path().join("data");
    tutor(&data, home.path())
        .args(["exercises", "init"])
        .arg(home.path().join("ex"))
        .assert()
        .success();

    // The app is open: it holds the progress file.
    let opened = Store::open(&data, Timestamp::now()).expect("opens");
    assert!(
        opened.store.read_only().is_none(),
        "this test holds the lock"
    );
    let curriculum = devops_tutor::load_curriculum(&Source::Embedded).expect("curriculum");
    let mut app = App::new(curriculum, opened.progress, Some(opened.store));
    app.default_workspace = None;

    tutor(&data, home.path())
        .args(["check", ID])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(format!("✗ not yet: {ID}")))
        .stderr(predicate::str::contains(
            "The tutor is open in another terminal; it records this result there.",
        ))
        .stderr(predicate::str::contains("not saved").not());
    assert!(!app.progress.exercises.contains_key(ID), "not yet drained");

    app.handle(Event::Tick);
    let record = app
        .progress
        .exercises
        .get(ID)
        .expect("recorded on the tick");
    assert!(!record.passed);
    assert_eq!(app.save, SaveState::Saved);
    assert!(inbox::drain(&data).is_empty(), "the inbox is empty again");
    drop(app);
    let reopened = Store::open(&data, Timestamp::now()).expect("opens");
    assert!(
        reopened.progress.exercises.contains_key(ID),
        "and saved to the file"
    );
}

#[test]
fn a_read_only_app_leaves_the_inbox_to_the_writer() {
    let dir = tempfile::tempdir().expect("temp");
    let data = dir.path().join("data");
    let writer = Store::open(&data, Timestamp::now()).expect("opens");
    let reader = Store::open(&data, Timestamp::now()).expect("opens read-only");
    assert!(reader.store.read_only().is_some());
    let entry = InboxEntry {
        id: ID.to_string(),
        passed: true,
        at: Timestamp::now(),
    };
    inbox::post(&data, &entry).expect("post");
    let curriculum = devops_tutor::load_curriculum(&Source::Embedded).expect("curriculum");
    let mut app = App::new(curriculum, reader.progress, Some(reader.store));
    app.handle(Event::Tick);
    assert!(!app.progress.exercises.contains_key(ID));
    drop(writer);
    assert_eq!(
        inbox::drain(&data),
        vec![entry],
        "still there for the writer"
    );
}

#[test]
fn a_result_left_in_the_inbox_is_taken_by_the_next_check() {
    let home = tempfile::tempdir().expect("temp");
    let data = home.path().join("data");
    tutor(&data, home.path())
        .args(["exercises", "init"])
        .arg(home.path().join("ex"))
        .assert()
        .success();
    let at: Timestamp = "2026-05-01T10:00:00Z".parse().expect("time");
    inbox::post(
        &data,
        &InboxEntry {
            id: "terraform-s3-bucket".to_string(),
            passed: true,
            at,
        },
    )
    .expect("post");
    tutor(&data, home.path())
        .args(["check", ID])
        .assert()
        .code(1);
    let opened = Store::open(&data, Timestamp::now()).expect("opens");
    let r = opened
        .progress
        .exercises
        .get("terraform-s3-bucket")
        .expect("taken from the inbox");
    assert_eq!(r.first_passed, Some(at));
    assert!(opened.progress.exercises.contains_key(ID));
}
