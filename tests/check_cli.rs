//! `exercises` and `check` as a learner runs them: set up the folder, fail the starter,
//! pass with the solution, check files of their own, watch a file.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::prelude::*;

struct Env {
    data: tempfile::TempDir,
    work: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            data: tempfile::tempdir().expect("temp"),
            work: tempfile::tempdir().expect("temp"),
        }
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("devops-tutor").expect("binary");
        cmd.env_remove("DEVOPS_TUTOR_CONTENT")
            .env("DEVOPS_TUTOR_DATA", self.data.path())
            .env("HOME", self.work.path());
        cmd
    }

    fn exercises(&self) -> PathBuf {
        self.work.path().join("ex")
    }

    fn init(&self) {
        self.cmd()
            .args(["exercises", "init"])
            .arg(self.exercises())
            .assert()
            .success();
    }
}

/// Makes the learner's copy look like the shipped solution: copy its files over, and
/// delete starter files the solution does not have (a whole-folder exercise may ask
/// for a file to go, like a committed `.env`).
fn solve(env: &Env, id: &str) {
    let from = Path::new("exercises").join(id).join("solution");
    let to = env.exercises().join(id);
    for rel in files_under(&Path::new("exercises").join(id).join("starter")) {
        if !from.join(&rel).exists() {
            let _ = std::fs::remove_file(to.join(&rel));
        }
    }
    copy_tree(&from, &to);
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("list").filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            out.extend(
                files_under(&path)
                    .into_iter()
                    .map(|p| Path::new(&entry.file_name()).join(p)),
            );
        } else {
            out.push(PathBuf::from(entry.file_name()));
        }
    }
    out
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("list") {
        let entry = entry.expect("entry");
        let dest = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
            copy_tree(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).expect("copy");
        }
    }
}

fn exercise_ids() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir("exercises")
        .expect("exercises folder")
        .filter_map(Result::ok)
        .filter(|e| e.path().join("exercise.toml").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    ids
}

#[test]
fn init_creates_the_folder_and_remembers_it() {
    let env = Env::new();
    env.cmd()
        .args(["exercises", "init"])
        .arg(env.exercises())
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Exercise folder:").and(predicate::str::contains(
                "already there and left as they were",
            )),
        );
    // Remembered: `path` needs no folder argument.
    let id = &exercise_ids()[0];
    env.cmd()
        .args(["exercises", "path", id])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            env.exercises().join(id).display().to_string(),
        ));
    // A second init creates nothing.
    env.cmd()
        .args(["exercises", "init"])
        .assert()
        .success()
        .stdout(predicate::str::contains("0 file(s) created"));
}

#[test]
fn every_exercise_fails_as_shipped_and_passes_with_its_solution() {
    let env = Env::new();
    env.init();
    for id in exercise_ids() {
        env.cmd()
            .args(["check", &id])
            .assert()
            .code(1)
            .stdout(predicate::str::starts_with(format!("✗ not yet: {id}")));
        solve(&env, &id);
        env.cmd()
            .args(["check", &id])
            .assert()
            .success()
            .stdout(predicate::str::starts_with(format!("✓ passed: {id}")));
    }
    let out = env
        .cmd()
        .args(["status", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    let passed: u64 = v["summary"]["modules"]
        .as_array()
        .expect("modules")
        .iter()
        .map(|m| m["exercises_passed"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(
        passed as usize,
        exercise_ids().len(),
        "every pass is saved in progress"
    );
}

#[test]
fn check_json_has_rule_ids_and_lines() {
    let env = Env::new();
    env.init();
    let id = exercise_ids()
        .into_iter()
        .find(|i| i.starts_with("dockerfile"))
        .expect("a dockerfile exercise");
    let out = env
        .cmd()
        .args(["check", &id, "--json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(v["passed"], false);
    let first = &v["diagnostics"][0];
    assert!(
        first["rule"]
            .as_str()
            .expect("rule")
            .starts_with("dockerfile/")
    );
    assert!(first["line"].as_u64().is_some());
    assert_eq!(first["file"], "Dockerfile");
}

#[test]
fn check_any_file_of_your_own() {
    let env = Env::new();
    let file = env.work.path().join("Dockerfile");
    std::fs::write(
        &file,
        "FROM python:latest\nENV DB_PASSWORD=hunter2\nCOPY . /app\nCMD python /app/main.py\n",
    )
    .expect("write");
    env.cmd()
        .arg("check")
        .arg(&file)
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("Dockerfile:1:")
                .and(predicate::str::contains("[dockerfile/latest-tag]")),
        )
        .stdout(
            predicate::str::is_match(r"Dockerfile:2:\d+: not yet: .*\[dockerfile/secret-in-env\]")
                .expect("regex"),
        );
    // Warnings alone do not fail a check.
    std::fs::write(
        &file,
        "FROM python:latest\nUSER 1000\nCMD [\"python\", \"-V\"]\n",
    )
    .expect("write");
    env.cmd()
        .arg("check")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("warning:"));
}

#[test]
fn a_syntax_error_is_reported_with_its_position() {
    let env = Env::new();
    let file = env.work.path().join("ci.yml");
    std::fs::write(
        &file,
        "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [\n",
    )
    .expect("write");
    env.cmd()
        .args(["check", "--kind", "github-actions"])
        .arg(&file)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("[github-actions/syntax]"));
}

#[test]
fn missing_file_unknown_id_and_unknown_kind_are_usage_errors() {
    let env = Env::new();
    env.cmd()
        .args(["check", "no-such-thing"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no exercise or file named `no-such-thing`",
        ));
    env.cmd()
        .args(["check", "Cargo.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--kind"));
    env.cmd()
        .args(["check", "--kind", "kubernetes", "Cargo.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown kind `kubernetes`"));
    env.cmd()
        .args(["exercises", "path", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no exercise `nope`"));
    let id = &exercise_ids()[0];
    env.cmd()
        .args(["check", id])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("exercises init"));
}

#[test]
fn reset_keeps_a_backup_of_your_work() {
    let env = Env::new();
    env.init();
    let id = exercise_ids()
        .into_iter()
        .find(|i| i.starts_with("dockerfile"))
        .expect("a dockerfile exercise");
    let file = env.exercises().join(&id).join("Dockerfile");
    std::fs::write(&file, "FROM scratch\n").expect("edit");
    env.cmd()
        .args(["exercises", "reset", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains("Saved your version as"));
    let backups: Vec<_> = std::fs::read_dir(env.exercises().join(&id))
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("Dockerfile.backup-")
        })
        .collect();
    assert_eq!(backups.len(), 1);
    assert_eq!(
        std::fs::read_to_string(backups[0].path()).expect("read"),
        "FROM scratch\n"
    );
}

#[test]
fn doctor_lists_tools_without_failing() {
    Env::new()
        .cmd()
        .arg("doctor")
        .assert()
        .success()
        .stdout(predicate::str::contains("hadolint"));
}

#[test]
fn with_tools_reports_a_missing_tool_as_skipped() {
    let env = Env::new();
    let file = env.work.path().join("Dockerfile");
    std::fs::write(&file, "FROM python:3.13-slim\n").expect("write");
    env.cmd()
        .args(["check", "--with-tools"])
        .arg(&file)
        .env("PATH", "/nonexistent")
        .assert()
        .stdout(predicate::str::contains(
            "skipped: hadolint is not installed",
        ));
}

/// Starts `devops-tutor <args> <path>` and hands its output over a line at a time.
fn watch(
    env: &Env,
    args: &[&str],
    path: &Path,
) -> (std::process::Child, std::sync::mpsc::Receiver<String>) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_devops-tutor"))
        .args(args)
        .arg(path)
        .env("DEVOPS_TUTOR_DATA", env.data.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    (child, rx)
}

#[test]
fn watch_checks_again_after_a_save() {
    let env = Env::new();
    let file = env.work.path().join("Dockerfile");
    std::fs::write(&file, "FROM python:latest\n").expect("write");
    let (mut child, rx) = watch(&env, &["check", "--watch"], &file);
    let wait_for = |needle: &str| {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(line) = rx.recv_timeout(Duration::from_millis(100))
                && line.contains(needle)
            {
                return true;
            }
        }
        false
    };
    assert!(wait_for("latest-tag"), "first report");
    // Give the watcher a moment to start, then save like an editor: write and rename.
    std::thread::sleep(Duration::from_millis(500));
    let tmp = env.work.path().join(".Dockerfile.tmp");
    std::fs::write(
        &tmp,
        "FROM python:3.13-slim\nUSER 1000\nCMD [\"python\", \"-V\"]\n",
    )
    .expect("write");
    std::fs::rename(&tmp, &file).expect("rename");
    let second = wait_for("✓ passed");
    let _ = child.kill();
    let _ = child.wait();
    assert!(second, "a second report after the save");
}

/// The measured bug: one `echo >> main.tf` made `check --watch` report 225 times in
/// 5 s, and merely reading the file started the loop. Now one save is one report and
/// reads are none.
#[test]
fn watch_reports_once_per_save_and_never_for_reads() {
    let env = Env::new();
    let dir = env.work.path().join("infra");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let file = dir.join("main.tf");
    std::fs::write(&file, "terraform {}\n").expect("write");
    // A folder check also scans for secrets; with `.env` ignored the scan finds nothing,
    // so the module's report is the only one.
    std::fs::write(dir.join(".gitignore"), ".env\n").expect("write");
    let (mut child, rx) = watch(&env, &["check", "--json", "--watch"], &dir);
    let reports_within = |d: Duration| {
        let deadline = Instant::now() + d;
        let mut n = 0;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            if rx.recv_timeout(left).is_ok() {
                n += 1;
            }
        }
        n
    };
    assert_eq!(
        reports_within(Duration::from_secs(3)),
        1,
        "the first report"
    );
    for _ in 0..10 {
        std::process::Command::new("cat")
            .arg(&file)
            .output()
            .expect("cat");
    }
    let after_reads = reports_within(Duration::from_millis(1500));
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&file)
        .expect("open");
    writeln!(f).expect("append");
    drop(f);
    let after_save = reports_within(Duration::from_millis(2500));
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(after_reads, 0, "reading the file is not a change");
    assert_eq!(after_save, 1, "one save, one report");
}
