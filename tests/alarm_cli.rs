//! `devops-tutor alarm simulate`: the alarm lab from the shell — text and JSON output,
//! JSON and Terraform alarms, composite alarms, errors at file:line (exit 1) and usage
//! errors (exit 2).

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const FIX: &str = "tests/fixtures/alarm";

fn simulate(args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("devops-tutor")
        .expect("binary")
        .arg("alarm")
        .arg("simulate")
        .args(args)
        .env("NO_COLOR", "1")
        .assert()
}

fn json_of(args: &[&str]) -> Value {
    let out = simulate(args).success().get_output().stdout.clone();
    serde_json::from_slice(&out).expect("JSON")
}

#[test]
fn text_shows_the_timeline_transitions_notifications_and_final_state() {
    let a = simulate(&[
        &format!("{FIX}/5xx.json"),
        "--scenario",
        &format!("{FIX}/burst.csv"),
    ])
    .success();
    let out = String::from_utf8_lossy(&a.get_output().stdout).to_string();
    assert!(
        out.contains("alarm orders-api-5xx over 2024-05-01T09:55:00Z"),
        "{out}"
    );
    assert!(out.contains("2024-05-01T10:00:00Z  42  breaching"), "{out}");
    assert!(out.contains("2024-05-01T09:57:00Z   —  (no data)"), "{out}");
    assert!(out.contains("Transitions:"), "{out}");
    assert!(out.contains("OK → ALARM"), "{out}");
    assert!(
        out.contains("ALARM: arn:aws:sns:eu-west-1:123456789012:pager"),
        "{out}"
    );
    assert!(out.contains("Final state: OK"), "{out}");
}

#[test]
fn json_has_exactly_the_four_keys_in_rfc3339() {
    let j = json_of(&[
        &format!("{FIX}/5xx.json"),
        "--scenario",
        &format!("{FIX}/burst.csv"),
        "--json",
    ]);
    let keys: Vec<&str> = j
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        ["datapoints", "final_state", "notifications", "transitions"]
    );
    assert_eq!(j["final_state"], "OK");
    let t = j["transitions"].as_array().expect("transitions");
    let to_alarm = t
        .iter()
        .find(|x| x["to"] == "ALARM")
        .expect("goes to ALARM");
    for k in ["at", "from", "to", "reason"] {
        assert!(to_alarm.get(k).is_some(), "{k}");
    }
    let at = to_alarm["at"].as_str().expect("at");
    assert!(
        at.starts_with("2024-05-01T10:0") && at.ends_with('Z'),
        "{at}"
    );
    let n = j["notifications"].as_array().expect("notifications");
    let alarm = n
        .iter()
        .find(|x| x["state"] == "ALARM")
        .expect("an ALARM notification");
    assert_eq!(
        alarm["actions"][0],
        "arn:aws:sns:eu-west-1:123456789012:pager"
    );
    let d = j["datapoints"].as_array().expect("datapoints");
    let gap = d
        .iter()
        .find(|x| x["at"] == "2024-05-01T09:57:00Z")
        .expect("09:57");
    assert!(
        gap["value"].is_null() && gap["breaching"].is_null(),
        "{gap}"
    );
    let spike = d
        .iter()
        .find(|x| x["at"] == "2024-05-01T10:00:00Z")
        .expect("10:00");
    assert_eq!(spike["value"], 42.0);
    assert_eq!(spike["breaching"], true);
}

#[test]
fn terraform_folder_and_initial_state() {
    let j = json_of(&[
        &format!("{FIX}/tf"),
        "--scenario",
        &format!("{FIX}/burst.csv"),
        "--initial-state",
        "ALARM",
        "--json",
    ]);
    let n = j["notifications"].as_array().expect("notifications");
    let alarm = n
        .iter()
        .find(|x| x["state"] == "ALARM")
        .expect("ALARM notification");
    assert_eq!(
        alarm["actions"][0],
        "(known after apply: aws_sns_topic.pager.arn)"
    );
    // Starting in ALARM, the first change is away from it.
    assert_eq!(j["transitions"][0]["from"], "ALARM");
    // A variable changes the threshold: at 100 nothing breaches.
    let j = json_of(&[
        &format!("{FIX}/tf/main.tf"),
        "--scenario",
        &format!("{FIX}/burst.csv"),
        "--var",
        "threshold=100",
        "--json",
    ]);
    assert!(
        j["datapoints"]
            .as_array()
            .expect("dps")
            .iter()
            .all(|d| d["breaching"] != true)
    );
}

#[test]
fn a_composite_alarm_is_evaluated_over_its_children() {
    let j = json_of(&[
        &format!("{FIX}/composite.json"),
        "--scenario",
        &format!("{FIX}/burst.csv"),
        "--alarm",
        "orders-down",
        "--json",
    ]);
    let t = j["transitions"].as_array().expect("transitions");
    assert!(t.iter().any(|x| x["to"] == "ALARM"), "{j}");
    // Without --alarm and with --json, several alarms are a usage error.
    simulate(&[
        &format!("{FIX}/composite.json"),
        "--scenario",
        &format!("{FIX}/burst.csv"),
        "--json",
    ])
    .code(2)
    .stderr(predicate::str::contains(
        "choose one with --alarm NAME (errors, orders-down)",
    ));
    // Text shows them all.
    simulate(&[
        &format!("{FIX}/composite.json"),
        "--scenario",
        &format!("{FIX}/burst.csv"),
    ])
    .success()
    .stdout(
        predicate::str::contains("alarm errors over")
            .and(predicate::str::contains("composite alarm orders-down over")),
    );
}

#[test]
fn bad_inputs_exit_1_at_their_line_and_usage_exits_2() {
    simulate(&[
        &format!("{FIX}/period-45.json"),
        "--scenario",
        &format!("{FIX}/burst.csv"),
    ])
    .code(1)
    .stderr(predicate::str::contains(
        "period-45.json:6: `Period` is 45 seconds",
    ));
    simulate(&[
        &format!("{FIX}/5xx.json"),
        "--scenario",
        &format!("{FIX}/bad.csv"),
    ])
    .code(1)
    .stderr(predicate::str::contains("bad.csv:3: "))
    .stderr(predicate::str::contains("must be in time order"));
    simulate(&[
        &format!("{FIX}/5xx.json"),
        "--scenario",
        &format!("{FIX}/burst.csv"),
        "--initial-state",
        "RED",
    ])
    .code(2);
    simulate(&[
        &format!("{FIX}/5xx.json"),
        "--scenario",
        &format!("{FIX}/burst.csv"),
        "--alarm",
        "nope",
    ])
    .code(2)
    .stderr(predicate::str::contains(
        "no alarm named `nope`; it defines: orders-api-5xx",
    ));
    simulate(&[&format!("{FIX}/5xx.json")]).code(2);
    simulate(&[
        &format!("{FIX}/missing.json"),
        "--scenario",
        &format!("{FIX}/burst.csv"),
    ])
    .code(1)
    .stderr(predicate::str::contains("missing.json: cannot read it"));
}
