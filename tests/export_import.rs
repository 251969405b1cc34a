//! `export FILE` copies the progress file out (atomically, never over a file unasked);
//! `import FILE` merges one back by id, says what it added, and refuses a bad file with
//! its line, changing nothing.

use std::path::Path;

use assert_cmd::Command;
use devops_tutor::progress::Store;
use jiff::Timestamp;
use predicates::prelude::*;

fn tutor(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("devops-tutor").expect("binary");
    cmd.env_remove("DEVOPS_TUTOR_CONTENT")
        .env("DEVOPS_TUTOR_DATA", data);
    cmd
}

const HERE: &str = r#"format_version = 3
plan_start = "2026-03-02"

[lessons.docker-images-layers]
completed = "2026-03-03T10:00:00Z"

[exercises.dockerfile-orders-api]
passed = false
checked = "2026-03-04T10:00:00Z"

[settings]
desired_retention = 0.85
daily_reviews = 30
"#;

const THERE: &str = r#"format_version = 3
plan_start = "2026-01-05"

[lessons.docker-images-layers]
completed = "2026-01-06T10:00:00Z"

[lessons.ci-basics-pipelines]
completed = "2026-01-07T10:00:00Z"

[checklist.docker-week-1-build]
at = "2026-01-07T11:00:00Z"

[questions.docker-layers-order]
right = 3
wrong = 1
last = "2026-01-08T10:00:00Z"
last_correct = true

[[quiz_attempt]]
module = "docker-images"
finished = "2026-01-08T10:00:00Z"
score = 8
total = 10

[exercises.dockerfile-orders-api]
passed = true
checked = "2026-03-05T10:00:00Z"
first_passed = "2026-03-05T10:00:00Z"
"#;

#[test]
fn export_writes_the_progress_file_and_never_overwrites_unasked() {
    let dir = tempfile::tempdir().expect("temp");
    let data = dir.path().join("data");
    tutor(&data)
        .args(["__save-stress", "--count", "3"])
        .assert()
        .success();
    let out = dir.path().join("my-progress.toml");
    tutor(&data)
        .arg("export")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("Exported your progress to"))
        .stdout(predicate::str::contains("3 lessons done"));
    let original = std::fs::read(data.join("progress.toml")).expect("progress");
    assert_eq!(
        std::fs::read(&out).expect("export"),
        original,
        "the same TOML"
    );

    std::fs::write(&out, "mine").expect("write");
    tutor(&data)
        .arg("export")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("already exists").and(predicate::str::contains("--force")),
        );
    assert_eq!(std::fs::read_to_string(&out).expect("kept"), "mine");
    tutor(&data)
        .args(["export", "--force"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(std::fs::read(&out).expect("export"), original);
}

#[test]
fn import_merges_by_id_keeps_what_is_newer_and_says_what_it_added() {
    let dir = tempfile::tempdir().expect("temp");
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).expect("mkdir");
    std::fs::write(data.join("progress.toml"), HERE).expect("write");
    let file = dir.path().join("from-laptop.toml");
    std::fs::write(&file, THERE).expect("write");
    tutor(&data)
        .arg("import")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Added: 1 lesson done, 1 checklist tick, 1 question's answers, 1 quiz attempt.",
        ))
        .stdout(predicate::str::contains(
            "Updated to the newer record in the file: 1 exercise result.",
        ));
    let p = Store::open(&data, Timestamp::now())
        .expect("opens")
        .progress;
    assert_eq!(p.lessons.len(), 2);
    // The lesson both had keeps the newer completion, the exercise the newer check.
    assert_eq!(
        p.lessons["docker-images-layers"].completed.to_string(),
        "2026-03-03T10:00:00Z"
    );
    assert!(p.exercises["dockerfile-orders-api"].passed);
    assert_eq!(p.questions["docker-layers-order"].right, 3);
    assert_eq!(p.quiz_attempts.len(), 1);
    // The plan and the settings stay this machine's.
    assert_eq!(
        p.plan_start.map(|d| d.to_string()).as_deref(),
        Some("2026-03-02")
    );
    assert_eq!(p.settings.daily_reviews, 30);

    // Importing the same file again adds nothing, and says so.
    tutor(&data)
        .arg("import")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("Nothing new"));
}

#[test]
fn a_bad_file_is_refused_with_its_line_and_nothing_changes() {
    let dir = tempfile::tempdir().expect("temp");
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).expect("mkdir");
    std::fs::write(data.join("progress.toml"), HERE).expect("write");
    let file = dir.path().join("broken.toml");
    std::fs::write(
        &file,
        "format_version = 2\n\n[lessons.x]\ncompleted = \"yesterday\"\n",
    )
    .expect("write");
    tutor(&data)
        .arg("import")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{} is not a progress file devops-tutor can import: line 4:",
            file.display()
        )))
        .stderr(predicate::str::contains("nothing was changed"));
    assert_eq!(
        std::fs::read_to_string(data.join("progress.toml")).expect("read"),
        HERE
    );
    std::fs::write(&file, "format_version = 7\n").expect("write");
    tutor(&data)
        .arg("import")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("newer devops-tutor"));
    tutor(&data)
        .arg("import")
        .arg(dir.path().join("missing.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read"));
}

#[test]
fn import_while_the_tutor_is_open_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp");
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).expect("mkdir");
    std::fs::write(data.join("progress.toml"), HERE).expect("write");
    let file = dir.path().join("from-laptop.toml");
    std::fs::write(&file, THERE).expect("write");
    let held = Store::open(&data, Timestamp::now()).expect("opens");
    tutor(&data)
        .arg("import")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("close the other devops-tutor"));
    drop(held);
    assert_eq!(
        std::fs::read_to_string(data.join("progress.toml")).expect("read"),
        HERE
    );
}
