//! `[requirements.lab]` of the `cloudwatch-alarm` kind: the alarm is graded on what it
//! does over the exercise's scenarios (`scenarios/*.toml|csv` beside the alarm file),
//! in the alarm lab, as well as on its fields.

mod common;

use common::{requirements, starter_fails_solution_passes};

use devops_tutor::check::cloudwatch_alarm::{self, LabRequirements, Requirements};
use devops_tutor::check::{Diagnostic, Kind, SourceFile, check_files, check_path};

fn file(path: &str, text: &str) -> SourceFile {
    SourceFile {
        path: path.into(),
        text: text.into(),
    }
}

fn lab_only() -> Requirements {
    Requirements {
        lab: Some(Box::new(LabRequirements {
            scenarios: Some(true),
            ..LabRequirements::default()
        })),
        ..Requirements::default()
    }
}

fn lab(diags: &[Diagnostic]) -> Vec<&Diagnostic> {
    diags
        .iter()
        .filter(|d| d.rule.starts_with("cloudwatch-alarm/lab-"))
        .collect()
}

const SOLUTION_P99: &str =
    include_str!("../exercises/cloudwatch-p99-latency-alarm/solution/alarm.json");
const INCIDENT_P99: &str =
    include_str!("../exercises/cloudwatch-p99-latency-alarm/solution/scenarios/incident.toml");

#[test]
fn every_cloudwatch_exercise_is_graded_on_its_scenarios() {
    for id in [
        "cloudwatch-alarm-flaps",
        "cloudwatch-alb-5xx-sns",
        "cloudwatch-custom-metric-alarm",
        "cloudwatch-errors-missing-data",
        "cloudwatch-heartbeat-missing-data",
        "cloudwatch-lambda-errors-alarm",
        "cloudwatch-p99-latency-alarm",
        "cloudwatch-slo-burn-composite",
    ] {
        starter_fails_solution_passes(id, &["lab-expect"]);
    }
    // The CPU starter is refused before it can run: its period is not one CloudWatch takes.
    starter_fails_solution_passes("cloudwatch-cpu-alarm", &["lab-alarm"]);
}

#[test]
fn a_wrong_dimension_value_sees_no_data_and_misses_the_incident() {
    let wrong = SOLUTION_P99.replace(
        "app/orders-api/50dc6c495c0c9188",
        "app/orders-api/0000000000000000",
    );
    assert_ne!(wrong, SOLUTION_P99);
    let req = requirements("cloudwatch-p99-latency-alarm");
    let files = [
        file("alarm.json", &wrong),
        file("scenarios/incident.toml", INCIDENT_P99),
    ];
    let report = check_files(&files, &req);
    assert!(!report.passed);
    let found = lab(&report.diagnostics);
    let d = found
        .iter()
        .find(|d| d.message.contains("should go to ALARM"))
        .unwrap_or_else(|| panic!("{:#?}", report.diagnostics));
    assert_eq!(d.file, "scenarios/incident.toml");
    assert!(d.line > 0, "points at [expect]: {d:?}");
    assert!(
        d.message.contains("in scenario `incident`"),
        "{}",
        d.message
    );
    assert!(d.message.contains("sees no data"), "{}", d.message);
    assert!(
        d.message
            .contains("LoadBalancer=app/orders-api/0000000000000000"),
        "{}",
        d.message
    );
    // The fields themselves are all as the exercise asks: only the lab catches it.
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.rule.starts_with("cloudwatch-alarm/lab-")),
        "{:#?}",
        report.diagnostics
    );
    // The right value meets the scenario.
    let right = [
        file("alarm.json", SOLUTION_P99),
        file("scenarios/incident.toml", INCIDENT_P99),
    ];
    assert!(check_files(&right, &req).passed);
}

const NOISY: &str = r#"
name = "noisy-night"
description = "a queue-depth metric that jumps over the line for a minute now and then, and one real backlog at 03:00"
start = "2024-06-03T00:00:00Z"
duration = "8h"

[[metric]]
namespace = "OrdersApi"
name = "QueueDepth"
dimensions = { Queue = "fulfilment" }
unit = "Count"
baseline = 60
noise = 25
seed = 5
spikes = [{ at = "03:00", minutes = 30, value = 400 }]

[expect]
alarm_within_minutes_of = { at = "03:00", minutes = 6 }
max_notifications = 2
"#;

fn queue_alarm(m: u32, n: u32) -> String {
    format!(
        r#"{{
  "AlarmName": "fulfilment-backlog",
  "Namespace": "OrdersApi",
  "MetricName": "QueueDepth",
  "Dimensions": [{{ "Name": "Queue", "Value": "fulfilment" }}],
  "Statistic": "Maximum",
  "Period": 60,
  "EvaluationPeriods": {n},
  "DatapointsToAlarm": {m},
  "Threshold": 100,
  "ComparisonOperator": "GreaterThanThreshold",
  "TreatMissingData": "notBreaching",
  "AlarmActions": ["arn:aws:sns:eu-west-1:123456789012:orders-api-alerts"]
}}"#
    )
}

#[test]
fn one_of_one_flaps_on_noise_and_three_of_five_pages_once() {
    let req = lab_only();
    let flappy = [
        file("alarm.json", &queue_alarm(1, 1)),
        file("scenarios/noisy-night.toml", NOISY),
    ];
    let diags = cloudwatch_alarm::check(&flappy, &req);
    let found = lab(&diags);
    let too_many = found
        .iter()
        .find(|d| d.message.contains("notification"))
        .unwrap_or_else(|| panic!("1 of 1 pages on every noisy minute: {diags:#?}"));
    assert!(
        too_many.message.contains("it went to ALARM"),
        "says when and why it first paged: {}",
        too_many.message
    );
    let tuned = [
        file("alarm.json", &queue_alarm(3, 5)),
        file("scenarios/noisy-night.toml", NOISY),
    ];
    let diags = cloudwatch_alarm::check(&tuned, &req);
    assert!(lab(&diags).is_empty(), "{diags:#?}");
}

#[test]
fn a_bad_scenario_line_is_reported_at_its_file_and_line_and_the_others_still_run() {
    let bad = "name = \"bad\"\nstart = \"2024-06-03T00:00:00Z\"\nduration = \"1h\"\n\n[[metric]]\nnamespace = \"OrdersApi\"\nname = \"QueueDepth\"\nspike = []\n";
    let files = [
        file("alarm.json", &queue_alarm(1, 1)),
        file("scenarios/bad.toml", bad),
        file("scenarios/noisy-night.toml", NOISY),
    ];
    let diags = cloudwatch_alarm::check(&files, &lab_only());
    let d = diags
        .iter()
        .find(|d| d.rule == "cloudwatch-alarm/lab-scenario-file")
        .unwrap_or_else(|| panic!("{diags:#?}"));
    assert_eq!(d.file, "scenarios/bad.toml");
    assert_eq!(d.line, 8, "the misspelt key's line: {d:?}");
    assert!(d.message.contains("spike"), "{}", d.message);
    // The good scenario still ran (and 1 of 1 still flaps on it).
    assert!(
        diags
            .iter()
            .any(|d| d.rule == "cloudwatch-alarm/lab-expect"
                && d.file == "scenarios/noisy-night.toml"),
        "{diags:#?}"
    );
}

#[test]
fn the_field_rules_never_read_the_scenarios() {
    // Not JSON, not an alarm: the field rules would call this a syntax error.
    let files = [
        file("alarm.json", &queue_alarm(3, 5)),
        file("scenarios/noisy-night.toml", NOISY),
        file("scenarios/day.csv", "timestamp,value\nnot a row at all\n"),
    ];
    let diags = cloudwatch_alarm::check(&files, &Requirements::default());
    assert!(
        diags.iter().all(|d| !d.file.starts_with("scenarios/")),
        "{diags:#?}"
    );
    // With the lab asked for, the scenarios are the lab's alone.
    let diags = cloudwatch_alarm::check(&files, &lab_only());
    for d in diags.iter().filter(|d| d.file.starts_with("scenarios/")) {
        assert!(d.rule.starts_with("cloudwatch-alarm/lab-"), "{d:?}");
    }
}

#[test]
fn no_scenario_is_an_error_when_the_exercise_grades_behaviour() {
    let diags = cloudwatch_alarm::check(&[file("alarm.json", &queue_alarm(3, 5))], &lab_only());
    assert!(
        diags
            .iter()
            .any(|d| d.rule == "cloudwatch-alarm/lab-no-scenario" && d.file == "alarm.json"),
        "{diags:#?}"
    );
}

#[test]
fn a_check_of_an_alarm_file_reads_the_scenarios_beside_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("alarm.json"), queue_alarm(1, 1)).expect("write");
    std::fs::create_dir(dir.path().join("scenarios")).expect("mkdir");
    std::fs::write(dir.path().join("scenarios/noisy-night.toml"), NOISY).expect("write");
    // Not a scenario: left alone.
    std::fs::write(dir.path().join("scenarios/notes.md"), "# notes\n").expect("write");
    let files = devops_tutor::check::gather(Kind::CloudwatchAlarm, &dir.path().join("alarm.json"))
        .expect("gathered");
    let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(names, ["alarm.json", "scenarios/noisy-night.toml"]);
    let report = check_path(
        &dir.path().join("alarm.json"),
        &devops_tutor::check::Requirements::CloudwatchAlarm(lab_only()),
    );
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.rule == "cloudwatch-alarm/lab-expect"),
        "{:#?}",
        report.diagnostics
    );
}

#[test]
fn lab_requirements_refuse_unknown_keys() {
    let text = "id = \"x\"\nkind = \"cloudwatch-alarm\"\n\n[requirements.lab]\nscenario = true\n";
    let e = devops_tutor::check::Requirements::from_exercise_toml(Kind::CloudwatchAlarm, text)
        .expect_err("typo");
    assert!(e.message.contains("scenario"), "{}", e.message);
    let ok = "id = \"x\"\n\n[requirements.lab]\nscenarios = true\ninitial_state = \"OK\"\nvars = [\"a=b\"]\n";
    assert!(
        devops_tutor::check::Requirements::from_exercise_toml(Kind::CloudwatchAlarm, ok).is_ok()
    );
}
