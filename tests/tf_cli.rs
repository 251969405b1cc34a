//! `devops-tutor tf …` as a learner types it in a folder: the plan/apply/state journey,
//! drift made in "the console", a teammate's lock, an import, the exit codes scripts rely
//! on, and errors shown with file and line.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const MAIN: &str = r#"provider "aws" {
  region = "eu-west-1"
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/ecs/orders-api"
  retention_in_days = 7
}

output "log_group" {
  value = aws_cloudwatch_log_group.app.name
}
"#;

fn tf(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::cargo_bin("devops-tutor").expect("binary");
    cmd.env_remove("DEVOPS_TUTOR_CONTENT")
        .env("DEVOPS_TUTOR_DATA", dir.join(".data"))
        .env("NO_COLOR", "1")
        .current_dir(dir)
        .arg("tf")
        .args(args);
    cmd
}

fn folder(main: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("main.tf"), main).expect("write");
    dir
}

#[test]
fn plan_apply_and_an_empty_plan() {
    let dir = folder(MAIN);
    let d = dir.path();
    tf(d, &["init"]).assert().success();
    tf(d, &["validate"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Success! The configuration is valid.",
        ));
    // -detailed-exitcode: 2 when there are changes.
    tf(d, &["plan", "-detailed-exitcode"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "# aws_cloudwatch_log_group.app will be created",
        ))
        .stdout(predicate::str::contains(
            "Plan: 1 to add, 0 to change, 0 to destroy.",
        ));
    tf(d, &["apply", "-auto-approve"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Apply complete! Resources: 1 added, 0 changed, 0 destroyed.",
        ))
        .stdout(predicate::str::contains("log_group = \"/ecs/orders-api\""));
    let state: Value =
        serde_json::from_slice(&std::fs::read(d.join("terraform.tfstate")).expect("state"))
            .expect("state JSON");
    assert_eq!(state["version"], 4);
    assert_eq!(state["resources"][0]["type"], "aws_cloudwatch_log_group");
    tf(d, &["plan", "-detailed-exitcode"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("No changes."));
    tf(d, &["state", "list"])
        .assert()
        .success()
        .stdout("aws_cloudwatch_log_group.app\n");
    tf(d, &["output", "-raw", "log_group"])
        .assert()
        .success()
        .stdout("/ecs/orders-api");
}

#[test]
fn a_console_change_shows_as_drift_and_apply_undoes_it() {
    let dir = folder(MAIN);
    let d = dir.path();
    tf(d, &["apply", "-auto-approve"]).assert().success();
    tf(
        d,
        &[
            "console-change",
            "aws_cloudwatch_log_group.app",
            "retention_in_days=30",
        ],
    )
    .assert()
    .success();
    tf(d, &["plan"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Objects have changed outside of Terraform",
        ))
        .stdout(predicate::str::contains("~ retention_in_days = 7 -> 30"))
        .stdout(predicate::str::contains("~ retention_in_days = 30 -> 7"));
    tf(d, &["apply", "-auto-approve"])
        .assert()
        .success()
        .stdout(predicate::str::contains("0 added, 1 changed, 0 destroyed"));
    tf(d, &["plan", "-detailed-exitcode"]).assert().code(0);
}

#[test]
fn a_teammates_lock_stops_the_plan_until_it_is_released() {
    let dir = folder(MAIN);
    let d = dir.path();
    let out = tf(d, &["lock-as-teammate"]).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let id = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("ID:"))
        .map(|s| s.trim().to_string())
        .expect("the lock's ID is printed");
    tf(d, &["plan"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("Error acquiring the state lock"))
        .stderr(predicate::str::contains("alex@laptop"));
    tf(d, &["force-unlock", "-force", &id]).assert().success();
    tf(d, &["plan"]).assert().success();
}

#[test]
fn importing_an_object_the_account_holds() {
    let dir = folder(MAIN);
    let d = dir.path();
    tf(d, &["apply", "-auto-approve"]).assert().success();
    // The state forgets the log group; the account still has it.
    tf(d, &["state", "rm", "aws_cloudwatch_log_group.app"])
        .assert()
        .success();
    tf(d, &["apply", "-auto-approve"]).assert().failure();
    let with_import = format!(
        "{MAIN}\nimport {{\n  to = aws_cloudwatch_log_group.app\n  id = \"/ecs/orders-api\"\n}}\n"
    );
    std::fs::write(d.join("main.tf"), with_import).expect("write");
    tf(d, &["plan"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Plan: 1 to import, 0 to add, 0 to change, 0 to destroy.",
        ));
    tf(d, &["apply", "-auto-approve"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Apply complete! Resources: 1 imported, 0 added, 0 changed, 0 destroyed.",
        ));
}

#[test]
fn plan_json_has_terraforms_shape() {
    let dir = folder(MAIN);
    let out = tf(dir.path(), &["plan", "-json"]).assert().success();
    let plan: Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON");
    let rc = &plan["resource_changes"][0];
    assert_eq!(rc["address"], "aws_cloudwatch_log_group.app");
    assert_eq!(rc["change"]["actions"], serde_json::json!(["create"]));
    assert_eq!(rc["change"]["after"]["retention_in_days"], 7);
    assert_eq!(rc["change"]["after_unknown"]["arn"], true);
    assert_eq!(
        plan["output_changes"]["log_group"]["actions"],
        serde_json::json!(["create"])
    );
}

#[test]
fn an_error_names_the_file_and_line_and_fmt_check_exits_3() {
    let bad = MAIN.replace("retention_in_days = 7", "retention_in_dayz = 7");
    let dir = folder(&bad);
    tf(dir.path(), &["validate"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("Unsupported argument"))
        .stderr(predicate::str::contains("on main.tf line 7"));
    let dir =
        folder("resource \"aws_sqs_queue\" \"q\" {\n  name = \"jobs\"\n  delay_seconds = 5\n}\n");
    tf(dir.path(), &["fmt", "-check"])
        .assert()
        .code(3)
        .stdout(predicate::str::contains("main.tf"));
}

#[test]
fn a_console_change_kept_in_the_code_is_recorded_by_the_next_apply() {
    let dir = folder(MAIN);
    let d = dir.path();
    tf(d, &["apply", "-auto-approve"]).assert().success();
    tf(
        d,
        &[
            "console-change",
            "aws_cloudwatch_log_group.app",
            "retention_in_days=30",
        ],
    )
    .assert()
    .success();
    std::fs::write(
        d.join("main.tf"),
        MAIN.replace("retention_in_days = 7", "retention_in_days = 30"),
    )
    .expect("write");
    tf(d, &["plan", "-detailed-exitcode"]).assert().code(0);
    tf(d, &["apply", "-auto-approve"]).assert().success();
    // The state now says 30, as Terraform's would after that apply: even without
    // refreshing, the plan is empty.
    tf(d, &["plan", "-refresh=false", "-detailed-exitcode"])
        .assert()
        .code(0);
    let state = std::fs::read_to_string(d.join("terraform.tfstate")).expect("state");
    assert!(state.contains("\"retention_in_days\": 30"), "{state}");
}
