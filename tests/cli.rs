//! The plain subcommands and the terminal check, run as a user would.

use assert_cmd::Command;
use predicates::prelude::*;

fn tutor(data: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("devops-tutor").expect("binary builds");
    cmd.env_remove("DEVOPS_TUTOR_CONTENT")
        .env("DEVOPS_TUTOR_DATA", data);
    cmd
}

#[test]
fn without_a_terminal_it_explains_and_exits_2_without_escape_codes() {
    let data = tempfile::tempdir().expect("temp dir");
    let out = tutor(data.path())
        .write_stdin("")
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).expect("utf-8");
    assert!(
        stderr.starts_with(
            "error: devops-tutor needs an interactive terminal, but standard input is not one."
        ),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
    assert!(!stderr.contains('\u{1b}'));
    assert!(
        !data.path().join("progress.toml").exists(),
        "nothing was written"
    );
}

#[test]
fn status_json_for_a_new_learner() {
    let data = tempfile::tempdir().expect("temp dir");
    let out = tutor(data.path())
        .args(["status", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    assert_eq!(v["summary"]["lessons_done"], 0);
    assert_eq!(
        v["summary"]["modules"].as_array().expect("modules").len(),
        11
    );
    assert_eq!(v["summary"]["modules"][0]["id"], "orientation");
    assert_eq!(v["read_only"], false);
    assert!(
        v["progress_file"]
            .as_str()
            .expect("path")
            .ends_with("progress.toml")
    );
}

#[test]
fn status_reads_saved_progress() {
    let data = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        data.path().join("progress.toml"),
        "format_version = 1\n[lessons.orientation-ci-cd]\ncompleted = \"2026-11-01T10:00:00Z\"\n[[quiz_attempt]]\nmodule = \"orientation\"\nfinished = \"2026-11-02T10:00:00Z\"\nscore = 18\ntotal = 22\n",
    )
    .expect("write");
    tutor(data.path())
        .arg("status")
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"Lessons done: 1 of \d+\n").expect("regex"))
        .stdout(
            predicate::str::is_match(
                r"Week 0 +Orientation: DevOps for backend.*? +1/7 +18/22 +0/9 +0/0",
            )
            .expect("regex"),
        );
}

#[test]
fn status_moves_a_corrupt_file_aside_and_says_where() {
    let data = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        data.path().join("progress.toml"),
        "this is not toml at all [",
    )
    .expect("write");
    tutor(data.path()).arg("status").assert().success().stderr(
        predicate::str::contains("Your progress file could not be read")
            .and(predicate::str::contains("progress.toml.corrupt-")),
    );
}

#[test]
fn list_shows_lessons_with_ids() {
    let data = tempfile::tempdir().expect("temp dir");
    tutor(data.path())
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Week 0 · Orientation: DevOps for backend developers [orientation]",
        ))
        .stdout(predicate::str::contains(
            "[orientation-devops-mental-model]",
        ));
}

#[test]
fn reset_needs_yes_and_keeps_a_backup() {
    let data = tempfile::tempdir().expect("temp dir");
    let file = data.path().join("progress.toml");
    std::fs::write(&file, "format_version = 1\n").expect("write");
    tutor(data.path())
        .arg("reset")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("reset --yes"));
    assert!(file.exists());
    tutor(data.path())
        .args(["reset", "--yes"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Progress moved to"));
    assert!(!file.exists());
    let backups = std::fs::read_dir(data.path())
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("progress.toml.reset-")
        })
        .count();
    assert_eq!(backups, 1);
}

#[test]
fn content_from_a_folder() {
    let data = tempfile::tempdir().expect("temp dir");
    tutor(data.path())
        .args(["--content", "tests/fixtures/content/good", "list"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Week 0 · Basics [basics]"));
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    let data = tempfile::tempdir().expect("temp dir");
    tutor(data.path()).arg("frobnicate").assert().code(2);
}
