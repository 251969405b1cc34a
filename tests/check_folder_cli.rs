//! `check FOLDER` checks every file of a kind it knows plus one secrets scan; `--json`
//! prints one object per report with separate fields; every kind names files the same
//! way (relative to the checked folder, or as given for one file).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn tutor(data: &Path, home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("devops-tutor").expect("binary");
    cmd.env_remove("DEVOPS_TUTOR_CONTENT")
        .env("DEVOPS_TUTOR_DATA", data)
        .env("HOME", home);
    cmd
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

const BAD_DOCKERFILE: &str = "FROM python:latest\nENV AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nCMD python app.py\n";
const GOOD_DOCKERFILE: &str = "FROM python:3.13-slim\nUSER 1000\nCMD [\"python\", \"-V\"]\n";

/// A project with one file of every kind, files that are not checked, and a folder the
/// search skips.
fn project(root: &Path) {
    write(root, "services/api/Dockerfile", BAD_DOCKERFILE);
    write(root, "services/web/Dockerfile", GOOD_DOCKERFILE);
    write(
        root,
        "compose.yaml",
        "services:\n  web:\n    image: nginx:1.27\n",
    );
    write(
        root,
        ".github/workflows/ci.yml",
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n",
    );
    write(
        root,
        ".gitlab-ci.yml",
        "test:\n  script:\n    - make test\n",
    );
    write(root, "infra/main.tf", "terraform {}\n");
    write(root, "infra/outputs.tf", "");
    write(
        root,
        "monitoring/cpu.json",
        "{\"AlarmName\": \"cpu\", \"MetricName\": \"CPUUtilization\"}",
    );
    write(root, "package.json", "{\"name\": \"app\"}");
    write(root, "node_modules/left-pad/Dockerfile", BAD_DOCKERFILE);
    write(root, ".env", "DB_PASSWORD=correct-horse-battery\n");
    write(root, "README.md", "# app\n");
}

/// A data folder and a home folder of the test's own.
fn dirs() -> (tempfile::TempDir, tempfile::TempDir) {
    (
        tempfile::tempdir().expect("temp"),
        tempfile::tempdir().expect("temp"),
    )
}

fn reports(out: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

#[test]
fn a_folder_check_reports_every_file_of_a_known_kind_and_scans_for_secrets() {
    let (data, work) = dirs();
    let root = work.path().join("proj");
    project(&root);
    let out = tutor(data.path(), work.path())
        .args(["check", "--json"])
        .arg(&root)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let reports = reports(&out);
    let shown: Vec<(String, String)> = reports
        .iter()
        .map(|r| {
            let path = r["path"].as_str().expect("path");
            let rel = Path::new(path)
                .strip_prefix(&root)
                .map_or(path.to_string(), |p| p.display().to_string());
            (r["kind"].as_str().expect("kind").to_string(), rel)
        })
        .collect();
    let want = [
        ("github-actions", ".github/workflows/ci.yml"),
        ("gitlab-ci", ".gitlab-ci.yml"),
        ("docker-compose", "compose.yaml"),
        ("terraform", "infra"),
        ("cloudwatch-alarm", "monitoring/cpu.json"),
        ("dockerfile", "services/api/Dockerfile"),
        ("dockerfile", "services/web/Dockerfile"),
        ("secrets", ""),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(k, p)| (k.to_string(), p.to_string()))
        .collect();
    assert_eq!(shown, want, "package.json and node_modules are not checked");
    // The scan's finding in the Dockerfile is in that file's report, named relative to
    // the folder; the one on `.env` is in the folder's own report.
    let api = &reports[5];
    assert_eq!(api["passed"], false);
    let rules: Vec<(&str, &str)> = api["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["file"].as_str().expect("file"),
                d["rule"].as_str().expect("rule"),
            )
        })
        .collect();
    assert!(rules.contains(&("services/api/Dockerfile", "dockerfile/secret-in-env")));
    assert!(rules.contains(&("services/api/Dockerfile", "secrets/aws-secret-key")));
    assert_eq!(reports[6]["passed"], true, "the other Dockerfile passes");
    let rest = &reports[7];
    assert!(
        rest["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .any(|d| d["file"] == ".env"),
        "{rest}"
    );
    assert_eq!(reports[3]["diagnostics"][0]["file"], "infra/main.tf");
}

#[test]
fn a_folder_check_in_text_prints_one_heading_per_report_and_a_summary() {
    let (data, work) = dirs();
    let root = work.path().join("proj");
    project(&root);
    tutor(data.path(), &root)
        .current_dir(&root)
        .args(["check", "."])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "✗ not yet: services/api/Dockerfile as dockerfile",
        ))
        .stdout(predicate::str::contains(
            "✓ passed: services/web/Dockerfile as dockerfile",
        ))
        .stdout(predicate::str::contains("infra as terraform"))
        .stdout(predicate::str::contains(
            "Checked .: 8 reports, 5 passed, 3 not yet; every file was also scanned for secrets.",
        ))
        .stdout(predicate::str::contains("left-pad").not());
}

#[test]
fn a_folder_that_passes_exits_0() {
    let (data, work) = dirs();
    let root = work.path().join("proj");
    write(&root, "Dockerfile", GOOD_DOCKERFILE);
    write(&root, ".gitignore", ".env\n");
    tutor(data.path(), work.path())
        .arg("check")
        .arg(&root)
        .assert()
        .success()
        .stdout(predicate::str::contains("1 report, 1 passed, 0 not yet"));
}

#[test]
fn kind_on_a_folder_checks_only_that_kind() {
    let (data, work) = dirs();
    let root = work.path().join("proj");
    project(&root);
    let out = tutor(data.path(), work.path())
        .args(["check", "--json", "--kind", "dockerfile"])
        .arg(&root)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let kinds: Vec<Value> = reports(&out).iter().map(|r| r["kind"].clone()).collect();
    assert_eq!(kinds, ["dockerfile", "dockerfile"]);
    // Without the scan, the Dockerfile's report has no secrets finding.
    assert!(!String::from_utf8_lossy(&out).contains("secrets/"));
    // The secrets kind is the one scan of the whole folder.
    let out = tutor(data.path(), work.path())
        .args(["check", "--json", "--kind", "secrets"])
        .arg(&root)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert_eq!(reports(&out).len(), 1);
}

#[test]
fn json_fields_are_separate_and_messages_plain() {
    let (data, work) = dirs();
    let file = work.path().join("Dockerfile");
    std::fs::write(&file, BAD_DOCKERFILE).expect("write");
    let out = tutor(data.path(), work.path())
        .args(["check", "--json"])
        .arg(&file)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v = &reports(&out)[0];
    assert_eq!(v["id"], Value::Null);
    assert_eq!(v["path"], file.display().to_string());
    assert_eq!(v["kind"], "dockerfile");
    assert_eq!(v["passed"], false);
    assert_eq!(v["target"], format!("{} as dockerfile", file.display()));
    let d = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["rule"] == "dockerfile/latest-tag")
        .expect("latest-tag");
    let plain = d["message"].as_str().expect("message");
    let markdown = d["message_markdown"].as_str().expect("markdown");
    assert!(markdown.contains("`python:latest`"), "{markdown}");
    assert!(!plain.contains('`'), "{plain}");
    assert!(plain.contains("python:latest"), "{plain}");
}

#[test]
fn an_exercise_in_json_carries_its_id_and_names_files_inside_its_folder() {
    let (data, work) = dirs();
    let ws = work.path().join("ex");
    tutor(data.path(), work.path())
        .args(["exercises", "init"])
        .arg(&ws)
        .assert()
        .success();
    for (id, file) in [
        (
            "github-actions-pin-third-party-actions",
            ".github/workflows/ci.yml",
        ),
        ("gitlab-ci-tests-on-mr", ".gitlab-ci.yml"),
        ("terraform-s3-bucket", "main.tf"),
        ("dockerfile-orders-api", "Dockerfile"),
    ] {
        let out = tutor(data.path(), work.path())
            .args(["check", "--json", id])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        let v = &reports(&out)[0];
        assert_eq!(v["id"], id);
        assert_eq!(v["path"], ws.join(id).join(file).display().to_string());
        let files: Vec<&str> = v["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .map(|d| d["file"].as_str().expect("file"))
            .collect();
        assert!(!files.is_empty(), "{id}: the starter fails");
        assert!(files.iter().all(|f| *f == file), "{id}: {files:?}");
    }
}

#[test]
fn one_file_is_named_as_given() {
    let (data, work) = dirs();
    write(
        work.path(),
        "app/.github/workflows/ci.yml",
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: some/action@main\n",
    );
    tutor(data.path(), work.path())
        .current_dir(work.path())
        .args(["check", "app/.github/workflows/ci.yml"])
        .assert()
        .stdout(
            predicate::str::is_match(r"(?m)^  app/\.github/workflows/ci\.yml:\d+").expect("regex"),
        );
}

#[test]
fn watching_a_folder_prints_again_only_the_report_whose_file_changed() {
    let (data, work) = dirs();
    let root = work.path().join("proj");
    write(&root, ".gitignore", ".env\n");
    write(&root, "api/Dockerfile", BAD_DOCKERFILE);
    write(&root, "web/Dockerfile", GOOD_DOCKERFILE);
    write(&root, "infra/main.tf", "terraform {}\n");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_devops-tutor"))
        .args(["check", "--json", "--watch"])
        .arg(&root)
        .env("DEVOPS_TUTOR_DATA", data.path())
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
    let lines_within = |d: Duration| {
        let deadline = Instant::now() + d;
        let mut got = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            if let Ok(line) = rx.recv_timeout(left) {
                got.push(serde_json::from_str::<Value>(&line).expect("json"));
            }
        }
        got
    };
    assert_eq!(
        lines_within(Duration::from_secs(3)).len(),
        3,
        "first reports"
    );
    std::fs::write(root.join("api/Dockerfile"), GOOD_DOCKERFILE).expect("save");
    let after = lines_within(Duration::from_millis(2500));
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(
        after[0]["path"],
        root.join("api/Dockerfile").display().to_string()
    );
    assert_eq!(after[0]["passed"], true);
}
