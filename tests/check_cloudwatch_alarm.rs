//! Tests for the `cloudwatch-alarm` checker, for both forms it reads: a PutMetricAlarm
//! `alarm.json` and `aws_cloudwatch_metric_alarm` resources in a `.tf` file.

mod common;

use common::{has, lines};

use std::path::Path;

use devops_tutor::check::cloudwatch_alarm::{self, OneOrMany, Requirements};
use devops_tutor::check::{Diagnostic, Kind, Severity, SourceFile, check_path};

fn run_file(path: &str, text: &str, req: &Requirements) -> Vec<Diagnostic> {
    let files = [SourceFile {
        path: path.into(),
        text: text.into(),
    }];
    cloudwatch_alarm::check(&files, req)
}

fn json(text: &str) -> Vec<Diagnostic> {
    run_file("alarm.json", text, &Requirements::default())
}

fn tf(text: &str) -> Vec<Diagnostic> {
    run_file("alarm.tf", text, &Requirements::default())
}

fn message(diags: &[Diagnostic], rule: &str) -> String {
    diags
        .iter()
        .find(|d| d.rule == rule)
        .map(|d| d.message.clone())
        .unwrap_or_default()
}

/// A complete alarm with no findings. Line numbers below refer to this layout.
const GOOD: &str = r#"{
  "AlarmName": "orders-api-cpu-high",
  "AlarmDescription": "CPU above 80% in 3 of 5 periods",
  "Namespace": "AWS/EC2",
  "MetricName": "CPUUtilization",
  "Dimensions": [
    { "Name": "InstanceId", "Value": "i-0123456789abcdef0" }
  ],
  "Statistic": "Average",
  "Period": 300,
  "EvaluationPeriods": 5,
  "DatapointsToAlarm": 3,
  "Threshold": 80,
  "ComparisonOperator": "GreaterThanThreshold",
  "TreatMissingData": "missing",
  "AlarmActions": ["arn:aws:sns:eu-west-1:123456789012:orders-api-alerts"],
  "OKActions": ["arn:aws:sns:eu-west-1:123456789012:orders-api-alerts"]
}
"#;

/// `GOOD` with one line replaced (`from` must occur exactly once).
fn good_with(from: &str, to: &str) -> String {
    assert_eq!(GOOD.matches(from).count(), 1, "{from}");
    GOOD.replace(from, to)
}

const GOOD_TF: &str = r#"resource "aws_sns_topic" "alerts" {
  name = "orders-api-alerts"
}

resource "aws_cloudwatch_metric_alarm" "cpu_high" {
  alarm_name          = "orders-api-cpu-high"
  alarm_description   = "CPU above 80% in 3 of 5 periods"
  namespace           = "AWS/EC2"
  metric_name         = "CPUUtilization"
  dimensions = {
    InstanceId = "i-0123456789abcdef0"
  }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "missing"
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]
}
"#;

fn tf_with(from: &str, to: &str) -> String {
    assert_eq!(GOOD_TF.matches(from).count(), 1, "{from}");
    GOOD_TF.replace(from, to)
}

#[test]
fn good_alarms_have_no_findings() {
    let d = json(GOOD);
    assert!(d.is_empty(), "{d:#?}");
    let d = tf(GOOD_TF);
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn json_syntax_error_has_position() {
    let d = json(&good_with("\"Period\": 300,", "\"Period\": 300,,"));
    assert_eq!(lines(&d, "cloudwatch-alarm/syntax"), vec![10], "{d:#?}");
    assert_eq!(d.len(), 1);
    let d = json(&good_with(
        "\"OKActions\": [\"arn:aws:sns:eu-west-1:123456789012:orders-api-alerts\"]",
        "\"OKActions\": [],",
    ));
    // serde_json stops at the `}` on line 18; the comma to remove is on line 17.
    assert_eq!(lines(&d, "cloudwatch-alarm/syntax"), vec![17], "{d:#?}");
    assert!(message(&d, "cloudwatch-alarm/syntax").contains("comma"));
    // The trailing comma itself is pointed at.
    let d = json("{\n  \"AlarmName\": \"x\",\n}\n");
    assert_eq!(
        d.iter().map(|d| (d.line, d.column)).collect::<Vec<_>>(),
        vec![(2, 19)],
        "{d:#?}"
    );
    assert!(!has(&json(GOOD), "cloudwatch-alarm/syntax"));
}

#[test]
fn hcl_syntax_error_has_position() {
    let d = tf(&tf_with(
        "  period              = 300\n",
        "  period              = 300 300\n",
    ));
    assert_eq!(lines(&d, "cloudwatch-alarm/syntax"), vec![14], "{d:#?}");
    assert_eq!(d.len(), 1);
}

#[test]
fn shape_must_be_an_object() {
    let d = json("[1, 2]");
    assert_eq!(lines(&d, "cloudwatch-alarm/shape"), vec![1], "{d:#?}");
    assert!(!has(&json(GOOD), "cloudwatch-alarm/shape"));
}

#[test]
fn never_panics_on_odd_input() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_obj = format!("{}1{}", "{\"a\":".repeat(200), "}".repeat(200));
    let inputs = [
        "",
        "\u{feff}{}",
        "\0",
        "null",
        "3",
        "{\"Period\": 1e999}",
        "{\"Period\": 99999999999999999999999999}",
        "{\"Period\": -60, \"EvaluationPeriods\": -1, \"DatapointsToAlarm\": 0}",
        "{\"Period\": 604800, \"EvaluationPeriods\": 9223372036854775807}",
        "{\"Dimensions\": 3, \"Metrics\": {}, \"AlarmActions\": [1, null], \"Tags\": [{\"K\": 1}]}",
        "{\"Dimensions\": [{\"Name\": 1}], \"Metrics\": [{\"MetricStat\": {\"Metric\": {\"X\": 1}}}]}",
        "{\"\u{e9}\": 1, \"a/b~c\": 2}",
        "{\"AlarmName\": \"\"}",
        deep.as_str(),
        deep_obj.as_str(),
    ];
    let req = Requirements {
        metric: Some("CPUUtilization".into()),
        threshold: Some(80.0),
        dimensions: vec!["InstanceId".into()],
        alarm_actions: Some(true),
        treat_missing_data: Some(OneOrMany::One("missing".into())),
        ..Default::default()
    };
    for input in inputs {
        let _ = run_file("alarm.json", input, &req);
        let _ = run_file("alarm.tf", input, &req);
        let _ = run_file("alarm", input, &req);
    }
    let hcl = [
        "resource \"aws_cloudwatch_metric_alarm\" \"x\" {\n  period = \"abc\"\n  dimensions = var.d\n  alarm_actions = \"arn\"\n  metric_query {\n  }\n}\n",
        "resource \"aws_cloudwatch_metric_alarm\" {}\n",
        "resource \"aws_cloudwatch_metric_alarm\" \"x\" {\n  threshold = -1e400\n}\n",
    ];
    for input in hcl {
        let _ = run_file("alarm.tf", input, &req);
    }
}

#[test]
fn unknown_key_with_suggestion() {
    let d = json(&good_with("\"Threshold\": 80,", "\"Treshold\": 80,"));
    assert_eq!(
        lines(&d, "cloudwatch-alarm/unknown-key"),
        vec![13],
        "{d:#?}"
    );
    assert!(message(&d, "cloudwatch-alarm/unknown-key").contains("`Threshold`"));
    assert_eq!(
        d.iter()
            .find(|d| d.rule == "cloudwatch-alarm/unknown-key")
            .map(|d| d.column),
        Some(3)
    );
    // snake_case in JSON maps across, wrong case is caught.
    let d = json(&good_with("\"Threshold\": 80,", "\"threshold\": 80,"));
    assert!(
        message(&d, "cloudwatch-alarm/unknown-key").contains("`Threshold`"),
        "{d:#?}"
    );
    let d = json(&good_with(
        "\"TreatMissingData\": \"missing\",",
        "\"treat_missing_data\": \"missing\",",
    ));
    assert!(
        message(&d, "cloudwatch-alarm/unknown-key").contains("`TreatMissingData`"),
        "{d:#?}"
    );
    // Inside a dimension.
    let d = json(&good_with(
        "{ \"Name\": \"InstanceId\"",
        "{ \"Nmae\": \"InstanceId\"",
    ));
    assert_eq!(lines(&d, "cloudwatch-alarm/unknown-key"), vec![7], "{d:#?}");
    // Terraform.
    let d = tf(&tf_with(
        "  threshold           = 80\n",
        "  treshold            = 80\n",
    ));
    assert_eq!(
        lines(&d, "cloudwatch-alarm/unknown-key"),
        vec![17],
        "{d:#?}"
    );
    assert!(message(&d, "cloudwatch-alarm/unknown-key").contains("`threshold`"));
    assert!(!has(&json(GOOD), "cloudwatch-alarm/unknown-key"));
    assert!(!has(&tf(GOOD_TF), "cloudwatch-alarm/unknown-key"));
}

#[test]
fn key_findings_are_capped() {
    let keys: Vec<String> = (0..500).map(|i| format!("\"Key{i}\": {i}")).collect();
    let d = json(&format!("{{{}}}", keys.join(",")));
    let n = d
        .iter()
        .filter(|d| d.rule == "cloudwatch-alarm/unknown-key")
        .count();
    assert_eq!(n, 50, "{n}");
    // Many alarms in one Terraform file are all read.
    let many: String = (0..2000)
        .map(|i| {
            format!("resource \"aws_cloudwatch_metric_alarm\" \"a{i}\" {{\n  treshold = 1\n}}\n")
        })
        .collect();
    let d = tf(&many);
    assert_eq!(
        d.iter()
            .filter(|d| d.rule == "cloudwatch-alarm/unknown-key")
            .count(),
        2000
    );
    assert_eq!(
        d.iter()
            .filter(|d| d.rule == "cloudwatch-alarm/unknown-key")
            .map(|d| d.line)
            .max(),
        Some(5999)
    );
}

#[test]
fn duplicate_key() {
    let d = json(&good_with(
        "\"Period\": 300,",
        "\"Period\": 300,\n  \"Period\": 60,",
    ));
    assert_eq!(
        lines(&d, "cloudwatch-alarm/duplicate-key"),
        vec![11],
        "{d:#?}"
    );
    assert!(!has(&json(GOOD), "cloudwatch-alarm/duplicate-key"));
}

#[test]
fn wrong_types() {
    let d = json(&good_with("\"Period\": 300,", "\"Period\": \"300\","));
    assert_eq!(lines(&d, "cloudwatch-alarm/type"), vec![10], "{d:#?}");
    assert!(message(&d, "cloudwatch-alarm/type").contains("quotes"));
    let d = json(&good_with(
        "\"AlarmActions\": [\"arn:aws:sns:eu-west-1:123456789012:orders-api-alerts\"],",
        "\"AlarmActions\": \"arn:aws:sns:eu-west-1:123456789012:orders-api-alerts\",",
    ));
    assert_eq!(lines(&d, "cloudwatch-alarm/type"), vec![16], "{d:#?}");
    let d = json(&good_with(
        "\"EvaluationPeriods\": 5,",
        "\"EvaluationPeriods\": 5.5,",
    ));
    assert_eq!(lines(&d, "cloudwatch-alarm/type"), vec![11], "{d:#?}");
    // Terraform converts "300" to a number itself.
    assert!(!has(
        &tf(&tf_with("= 300\n", "= \"300\"\n")),
        "cloudwatch-alarm/type"
    ));
    assert!(!has(&json(GOOD), "cloudwatch-alarm/type"));
}

#[test]
fn missing_required_fields() {
    let d = json(
        "{\n  \"AlarmName\": \"x\",\n  \"AlarmActions\": [\"arn:aws:sns:eu-west-1:123456789012:t\"],\n  \"TreatMissingData\": \"missing\"\n}\n",
    );
    let missing: Vec<String> = d
        .iter()
        .filter(|d| d.rule == "cloudwatch-alarm/missing-field")
        .map(|d| d.message.split('`').nth(1).unwrap_or("").to_string())
        .collect();
    assert_eq!(
        missing,
        [
            "EvaluationPeriods",
            "ComparisonOperator",
            "MetricName",
            "Namespace",
            "Period",
            "Statistic",
            "Threshold"
        ],
        "{d:#?}"
    );
    assert!(
        d.iter()
            .filter(|d| d.rule == "cloudwatch-alarm/missing-field")
            .all(|d| d.line == 1)
    );
    // With a metric query, the metric fields live in the query.
    let d = json(
        r#"{"AlarmName": "x", "EvaluationPeriods": 1, "ComparisonOperator": "GreaterThanThreshold", "Threshold": 1,
            "Metrics": [{"Id": "m1", "Expression": "SUM(METRICS())", "ReturnData": true}]}"#,
    );
    assert!(!has(&d, "cloudwatch-alarm/missing-field"), "{d:#?}");
    // Terraform: reported at the resource block.
    let d = tf(&tf_with("  period              = 300\n", ""));
    assert_eq!(
        lines(&d, "cloudwatch-alarm/missing-field"),
        vec![5],
        "{d:#?}"
    );
    assert!(message(&d, "cloudwatch-alarm/missing-field").contains("`period`"));
    assert!(!has(&json(GOOD), "cloudwatch-alarm/missing-field"));
}

#[test]
fn invalid_enum_values() {
    let d = json(&good_with(
        "\"ComparisonOperator\": \"GreaterThanThreshold\",",
        "\"ComparisonOperator\": \"GreaterThan\",",
    ));
    assert_eq!(
        lines(&d, "cloudwatch-alarm/invalid-value"),
        vec![14],
        "{d:#?}"
    );
    assert!(
        message(&d, "cloudwatch-alarm/invalid-value").contains("GreaterThanOrEqualToThreshold")
    );
    let d = json(&good_with(
        "\"Statistic\": \"Average\",",
        "\"Statistic\": \"average\",",
    ));
    assert_eq!(
        lines(&d, "cloudwatch-alarm/invalid-value"),
        vec![9],
        "{d:#?}"
    );
    assert!(message(&d, "cloudwatch-alarm/invalid-value").contains("`Average`"));
    let d = json(&good_with(
        "\"TreatMissingData\": \"missing\",",
        "\"TreatMissingData\": \"notbreaching\",",
    ));
    assert_eq!(
        lines(&d, "cloudwatch-alarm/invalid-value"),
        vec![15],
        "{d:#?}"
    );
    // An anomaly-detection operator on a static alarm.
    let d = json(&good_with(
        "\"ComparisonOperator\": \"GreaterThanThreshold\",",
        "\"ComparisonOperator\": \"GreaterThanUpperThreshold\",",
    ));
    assert_eq!(
        lines(&d, "cloudwatch-alarm/invalid-value"),
        vec![14],
        "{d:#?}"
    );
    assert!(message(&d, "cloudwatch-alarm/invalid-value").contains("anomaly"));
    let d = tf(&tf_with("\"Average\"", "\"Avg\""));
    assert_eq!(
        lines(&d, "cloudwatch-alarm/invalid-value"),
        vec![13],
        "{d:#?}"
    );
    assert!(!has(&json(GOOD), "cloudwatch-alarm/invalid-value"));
}

#[test]
fn period_values() {
    for bad in ["45", "0", "-60", "90"] {
        let d = json(&good_with(
            "\"Period\": 300,",
            &format!("\"Period\": {bad},"),
        ));
        assert_eq!(
            lines(&d, "cloudwatch-alarm/period"),
            vec![10],
            "{bad}: {d:#?}"
        );
    }
    for ok in ["10", "30", "60", "300", "3600"] {
        let d = json(&good_with(
            "\"Period\": 300,",
            &format!("\"Period\": {ok},"),
        ));
        assert!(!has(&d, "cloudwatch-alarm/period"), "{ok}: {d:#?}");
    }
    let d = tf(&tf_with("= 300\n", "= 45\n"));
    assert_eq!(lines(&d, "cloudwatch-alarm/period"), vec![14], "{d:#?}");
}

#[test]
fn high_resolution_period_on_aws_metric() {
    let d = json(&good_with("\"Period\": 300,", "\"Period\": 10,"));
    assert_eq!(
        lines(&d, "cloudwatch-alarm/high-resolution-period"),
        vec![10],
        "{d:#?}"
    );
    let custom = good_with("\"Period\": 300,", "\"Period\": 10,").replace("AWS/EC2", "OrdersApi");
    assert!(!has(
        &json(&custom),
        "cloudwatch-alarm/high-resolution-period"
    ));
    assert!(!has(&json(GOOD), "cloudwatch-alarm/high-resolution-period"));
}

#[test]
fn datapoints_more_than_evaluation_periods() {
    let d = json(&good_with(
        "\"DatapointsToAlarm\": 3,",
        "\"DatapointsToAlarm\": 6,",
    ));
    assert_eq!(lines(&d, "cloudwatch-alarm/datapoints"), vec![12], "{d:#?}");
    assert_eq!(
        d.iter()
            .find(|d| d.rule == "cloudwatch-alarm/datapoints")
            .map(|d| d.severity),
        Some(Severity::Error)
    );
    let d = json(&good_with(
        "\"EvaluationPeriods\": 5,",
        "\"EvaluationPeriods\": 0,",
    ));
    assert!(
        lines(&d, "cloudwatch-alarm/datapoints").contains(&11),
        "{d:#?}"
    );
    let d = tf(&tf_with(
        "datapoints_to_alarm = 3",
        "datapoints_to_alarm = 9",
    ));
    assert_eq!(lines(&d, "cloudwatch-alarm/datapoints"), vec![16], "{d:#?}");
    assert!(!has(&json(GOOD), "cloudwatch-alarm/datapoints"));
}

#[test]
fn evaluation_range_limits() {
    // 300 s × 300 = 25 hours: over one day for a period under an hour.
    let d = json(&good_with(
        "\"EvaluationPeriods\": 5,",
        "\"EvaluationPeriods\": 300,",
    ));
    assert_eq!(
        lines(&d, "cloudwatch-alarm/evaluation-range"),
        vec![11],
        "{d:#?}"
    );
    // 3600 s × 48 = two days: fine for hourly periods (limit seven days).
    let hourly = good_with("\"EvaluationPeriods\": 5,", "\"EvaluationPeriods\": 48,")
        .replace("\"Period\": 300", "\"Period\": 3600");
    assert!(!has(&json(&hourly), "cloudwatch-alarm/evaluation-range"));
    let week = hourly.replace("\"EvaluationPeriods\": 48", "\"EvaluationPeriods\": 169");
    assert!(has(&json(&week), "cloudwatch-alarm/evaluation-range"));
    assert!(!has(&json(GOOD), "cloudwatch-alarm/evaluation-range"));
}

#[test]
fn statistic_and_extended_statistic() {
    let d = json(&good_with(
        "\"Statistic\": \"Average\",",
        "\"Statistic\": \"Average\",\n  \"ExtendedStatistic\": \"p99\",",
    ));
    assert_eq!(
        lines(&d, "cloudwatch-alarm/statistic-conflict"),
        vec![10],
        "{d:#?}"
    );
    let p99 = good_with(
        "\"Statistic\": \"Average\",",
        "\"ExtendedStatistic\": \"p99\",",
    );
    assert!(json(&p99).is_empty(), "{:#?}", json(&p99));
    assert!(!has(&json(GOOD), "cloudwatch-alarm/statistic-conflict"));
}

#[test]
fn metrics_with_metric_fields() {
    let d = json(&good_with(
        "\"Statistic\": \"Average\",",
        "\"Statistic\": \"Average\",\n  \"Metrics\": [{\"Id\": \"e1\", \"Expression\": \"m1 * 2\", \"ReturnData\": true}],",
    ));
    let l = lines(&d, "cloudwatch-alarm/metric-conflict");
    assert!(
        l.contains(&9) && l.contains(&5) && l.contains(&11),
        "{d:#?}"
    );
    assert!(!has(&json(GOOD), "cloudwatch-alarm/metric-conflict"));
}

#[test]
fn action_must_be_an_arn() {
    let d = json(&good_with(
        "\"AlarmActions\": [\"arn:aws:sns:eu-west-1:123456789012:orders-api-alerts\"],",
        "\"AlarmActions\": [\"orders-api-alerts\"],",
    ));
    assert_eq!(lines(&d, "cloudwatch-alarm/action-arn"), vec![16], "{d:#?}");
    assert!(!has(&json(GOOD), "cloudwatch-alarm/action-arn"));
    assert!(!has(&tf(GOOD_TF), "cloudwatch-alarm/action-arn"));
}

#[test]
fn no_alarm_actions_warns() {
    let d = json(&good_with(
        "\"AlarmActions\": [\"arn:aws:sns:eu-west-1:123456789012:orders-api-alerts\"],\n",
        "",
    ));
    assert_eq!(
        lines(&d, "cloudwatch-alarm/no-alarm-actions"),
        vec![1],
        "{d:#?}"
    );
    assert_eq!(d[0].severity, Severity::Warning);
    let d = json(&good_with(
        "\"AlarmActions\": [\"arn:aws:sns:eu-west-1:123456789012:orders-api-alerts\"],",
        "\"AlarmActions\": [],",
    ));
    assert_eq!(
        lines(&d, "cloudwatch-alarm/no-alarm-actions"),
        vec![16],
        "{d:#?}"
    );
    assert!(!has(&json(GOOD), "cloudwatch-alarm/no-alarm-actions"));
    assert!(!has(&tf(GOOD_TF), "cloudwatch-alarm/no-alarm-actions"));
}

#[test]
fn actions_disabled_warns() {
    let d = json(&good_with(
        "\"Period\": 300,",
        "\"Period\": 300,\n  \"ActionsEnabled\": false,",
    ));
    assert_eq!(
        lines(&d, "cloudwatch-alarm/actions-disabled"),
        vec![11],
        "{d:#?}"
    );
    let enabled = good_with(
        "\"Period\": 300,",
        "\"Period\": 300,\n  \"ActionsEnabled\": true,",
    );
    assert!(!has(&json(&enabled), "cloudwatch-alarm/actions-disabled"));
}

#[test]
fn treat_missing_data_unset_warns() {
    let d = json(&good_with("\"TreatMissingData\": \"missing\",\n", ""));
    assert_eq!(
        lines(&d, "cloudwatch-alarm/treat-missing-data"),
        vec![1],
        "{d:#?}"
    );
    assert!(message(&d, "cloudwatch-alarm/treat-missing-data").contains("`missing`"));
    let d = tf(&tf_with("  treat_missing_data  = \"missing\"\n", ""));
    assert_eq!(
        lines(&d, "cloudwatch-alarm/treat-missing-data"),
        vec![5],
        "{d:#?}"
    );
    assert!(!has(&json(GOOD), "cloudwatch-alarm/treat-missing-data"));
}

#[test]
fn aws_metric_without_dimensions_warns() {
    let d = json(&good_with(
        "{ \"Name\": \"InstanceId\", \"Value\": \"i-0123456789abcdef0\" }",
        "",
    ));
    assert_eq!(
        lines(&d, "cloudwatch-alarm/no-dimensions"),
        vec![4],
        "{d:#?}"
    );
    assert!(!has(&json(GOOD), "cloudwatch-alarm/no-dimensions"));
}

#[test]
fn unreachable_percent_threshold() {
    let d = json(&good_with("\"Threshold\": 80,", "\"Threshold\": 100,"));
    assert_eq!(
        lines(&d, "cloudwatch-alarm/unreachable-threshold"),
        vec![13],
        "{d:#?}"
    );
    let d = json(&good_with("\"Threshold\": 80,", "\"Threshold\": 95.5,"));
    assert!(!has(&d, "cloudwatch-alarm/unreachable-threshold"));
}

#[test]
fn terraform_file_without_alarm() {
    let d = tf("resource \"aws_sns_topic\" \"alerts\" {\n  name = \"x\"\n}\n");
    assert_eq!(lines(&d, "cloudwatch-alarm/no-alarm"), vec![0], "{d:#?}");
    assert!(!has(&tf(GOOD_TF), "cloudwatch-alarm/no-alarm"));
}

#[test]
fn kind_is_decided_by_extension_then_content() {
    // No extension: JSON because it starts with `{`, HCL otherwise.
    assert!(run_file("alarm", GOOD, &Requirements::default()).is_empty());
    assert!(run_file("alarm", GOOD_TF, &Requirements::default()).is_empty());
    // A .json file with HCL in it is a JSON syntax error.
    assert!(has(
        &run_file("alarm.json", GOOD_TF, &Requirements::default()),
        "cloudwatch-alarm/syntax"
    ));
}

// ------------------------------------------------------------------ requirements

fn exercise_like() -> Requirements {
    toml::from_str(
        r#"
metric = "CPUUtilization"
namespace = "AWS/EC2"
statistic = "Average"
period = 300
threshold = 80
comparison = "GreaterThanThreshold"
evaluation_periods = 5
datapoints_to_alarm = 3
treat_missing_data = ["missing", "notBreaching"]
alarm_actions = true
ok_actions = true
dimensions = ["InstanceId"]
alarm_description = true
"#,
    )
    .expect("the requirements above are valid")
}

#[test]
fn requirements_met_in_both_forms() {
    let req = exercise_like();
    let d = run_file("alarm.json", GOOD, &req);
    assert!(d.is_empty(), "{d:#?}");
    let d = run_file("alarm.tf", GOOD_TF, &req);
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn each_requirement_reports_at_its_field() {
    let req = exercise_like();
    let cases: &[(&str, &str, &str, usize)] = &[
        (
            "\"CPUUtilization\"",
            "\"NetworkIn\"",
            "cloudwatch-alarm/require-metric",
            5,
        ),
        (
            "\"AWS/EC2\"",
            "\"OrdersApi\"",
            "cloudwatch-alarm/require-namespace",
            4,
        ),
        (
            "\"Average\"",
            "\"Maximum\"",
            "cloudwatch-alarm/require-statistic",
            9,
        ),
        (
            "\"Period\": 300",
            "\"Period\": 60",
            "cloudwatch-alarm/require-period",
            10,
        ),
        (
            "\"Threshold\": 80",
            "\"Threshold\": 90",
            "cloudwatch-alarm/require-threshold",
            13,
        ),
        (
            "\"GreaterThanThreshold\"",
            "\"GreaterThanOrEqualToThreshold\"",
            "cloudwatch-alarm/require-comparison",
            14,
        ),
        (
            "\"EvaluationPeriods\": 5",
            "\"EvaluationPeriods\": 4",
            "cloudwatch-alarm/require-evaluation-periods",
            11,
        ),
        (
            "\"DatapointsToAlarm\": 3",
            "\"DatapointsToAlarm\": 2",
            "cloudwatch-alarm/require-datapoints-to-alarm",
            12,
        ),
        (
            "\"TreatMissingData\": \"missing\"",
            "\"TreatMissingData\": \"breaching\"",
            "cloudwatch-alarm/require-treat-missing-data",
            15,
        ),
        (
            "\"AlarmActions\": [\"arn:aws:sns:eu-west-1:123456789012:orders-api-alerts\"]",
            "\"AlarmActions\": []",
            "cloudwatch-alarm/require-alarm-actions",
            16,
        ),
        (
            "\"OKActions\": [\"arn:aws:sns:eu-west-1:123456789012:orders-api-alerts\"]",
            "\"OKActions\": []",
            "cloudwatch-alarm/require-ok-actions",
            17,
        ),
        (
            "\"InstanceId\"",
            "\"AutoScalingGroupName\"",
            "cloudwatch-alarm/require-dimensions",
            6,
        ),
        (
            "\"CPU above 80% in 3 of 5 periods\"",
            "\"\"",
            "cloudwatch-alarm/require-alarm-description",
            3,
        ),
    ];
    for (from, to, rule, line) in cases {
        let d = run_file("alarm.json", &good_with(from, to), &req);
        assert_eq!(lines(&d, rule), vec![*line], "{rule}: {d:#?}");
        assert!(!has(&run_file("alarm.json", GOOD, &req), rule));
    }
    // A missing field is reported at the object's start, once: the requirement replaces
    // the general finding about the same field.
    let d = run_file(
        "alarm.json",
        &good_with("\"TreatMissingData\": \"missing\",\n", ""),
        &req,
    );
    assert_eq!(
        lines(&d, "cloudwatch-alarm/require-treat-missing-data"),
        vec![1],
        "{d:#?}"
    );
    assert!(!has(&d, "cloudwatch-alarm/treat-missing-data"), "{d:#?}");
    let d = run_file("alarm.json", &good_with("\"Threshold\": 80,\n", ""), &req);
    assert_eq!(
        lines(&d, "cloudwatch-alarm/require-threshold"),
        vec![1],
        "{d:#?}"
    );
    assert!(!has(&d, "cloudwatch-alarm/missing-field"), "{d:#?}");
    // Terraform names in the messages.
    let d = run_file(
        "alarm.tf",
        &tf_with("threshold           = 80", "threshold           = 85"),
        &req,
    );
    assert_eq!(
        lines(&d, "cloudwatch-alarm/require-threshold"),
        vec![17],
        "{d:#?}"
    );
    assert!(message(&d, "cloudwatch-alarm/require-threshold").contains("`threshold`"));
    // An expression cannot be checked offline.
    let d = run_file(
        "alarm.tf",
        &tf_with("threshold           = 80", "threshold           = var.cpu"),
        &req,
    );
    assert!(
        message(&d, "cloudwatch-alarm/require-threshold").contains("expression"),
        "{d:#?}"
    );
}

#[test]
fn requirements_pick_the_matching_terraform_alarm() {
    let req = Requirements {
        metric: Some("CPUUtilization".into()),
        ..Default::default()
    };
    let two = format!(
        "{}\nresource \"aws_cloudwatch_metric_alarm\" \"status\" {{\n  alarm_name = \"s\"\n  namespace = \"AWS/EC2\"\n  metric_name = \"StatusCheckFailed\"\n  dimensions = {{ InstanceId = \"i-1\" }}\n  statistic = \"Maximum\"\n  period = 60\n  evaluation_periods = 2\n  threshold = 1\n  comparison_operator = \"GreaterThanOrEqualToThreshold\"\n  treat_missing_data = \"breaching\"\n  alarm_actions = [aws_sns_topic.alerts.arn]\n}}\n",
        GOOD_TF.replace("CPUUtilization", "NetworkIn")
    );
    let d = run_file("alarm.tf", &two, &req);
    assert_eq!(
        lines(&d, "cloudwatch-alarm/require-metric"),
        vec![9],
        "{d:#?}"
    );
    let d = run_file(
        "alarm.tf",
        &format!("{GOOD_TF}{}", &two[GOOD_TF.len()..]),
        &req,
    );
    assert!(!has(&d, "cloudwatch-alarm/require-metric"), "{d:#?}");
}

#[test]
fn requirement_forms_parse() {
    let one: Requirements = toml::from_str("treat_missing_data = \"missing\"").unwrap();
    assert_eq!(
        one.treat_missing_data,
        Some(OneOrMany::One("missing".into()))
    );
    let req: Requirements = toml::from_str("threshold = 80").unwrap();
    assert_eq!(req.threshold, Some(80.0));
}

#[test]
fn unknown_requirement_key_is_rejected() {
    let err = devops_tutor::check::Requirements::parse(Kind::CloudwatchAlarm, "treshold = 80.0\n");
    assert!(err.is_err());
    assert!(err.unwrap_err().to_string().contains("treshold"));
    assert!(
        devops_tutor::check::Requirements::parse(Kind::CloudwatchAlarm, "threshold = 80.0\n")
            .is_ok()
    );
}

#[test]
fn exercise_starter_fails_and_solution_passes() {
    common::starter_fails_solution_passes(
        "cloudwatch-cpu-alarm",
        &[
            "cloudwatch-alarm/unknown-key",
            "cloudwatch-alarm/period",
            "cloudwatch-alarm/datapoints",
            "cloudwatch-alarm/require-alarm-actions",
            "cloudwatch-alarm/require-ok-actions",
        ],
    );
}

#[test]
fn percentile_in_statistic_points_to_extended_statistic() {
    let d = json(&good_with(
        "\"Statistic\": \"Average\",",
        "\"Statistic\": \"p99\",",
    ));
    assert_eq!(
        lines(&d, "cloudwatch-alarm/invalid-value"),
        vec![9],
        "{d:#?}"
    );
    assert!(
        message(&d, "cloudwatch-alarm/invalid-value").contains("\"ExtendedStatistic\": \"p99\""),
        "{d:#?}"
    );
    let d = tf(&tf_with(
        "statistic           = \"Average\"",
        "statistic           = \"p99.9\"",
    ));
    assert!(
        message(&d, "cloudwatch-alarm/invalid-value").contains("extended_statistic = \"p99.9\""),
        "{d:#?}"
    );
    // Not a percentile: the usual list of valid values.
    let d = json(&good_with(
        "\"Statistic\": \"Average\",",
        "\"Statistic\": \"pmax\",",
    ));
    assert!(!message(&d, "cloudwatch-alarm/invalid-value").contains("percentile"));
}

/// An ALB 5xx alarm in JSON; line 6 holds the dimension value.
const ALB_JSON: &str = r#"{
  "AlarmName": "orders-alb-target-5xx",
  "Namespace": "AWS/ApplicationELB",
  "MetricName": "HTTPCode_Target_5XX_Count",
  "Dimensions": [
    { "Name": "LoadBalancer", "Value": "app/orders-alb/50dc6c495c0c9188" }
  ],
  "Statistic": "Sum",
  "Period": 60,
  "EvaluationPeriods": 5,
  "DatapointsToAlarm": 3,
  "Threshold": 5,
  "ComparisonOperator": "GreaterThanThreshold",
  "TreatMissingData": "notBreaching",
  "AlarmActions": ["arn:aws:sns:eu-west-1:123456789012:orders-api-alerts"]
}
"#;

#[test]
fn elb_dimension_must_not_be_a_full_arn() {
    assert!(json(ALB_JSON).is_empty(), "{:#?}", json(ALB_JSON));
    let d = json(&ALB_JSON.replace(
        "\"app/orders-alb/50dc6c495c0c9188\"",
        "\"arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/orders-alb/50dc6c495c0c9188\"",
    ));
    assert_eq!(
        lines(&d, "cloudwatch-alarm/elb-dimension-arn"),
        vec![5],
        "{d:#?}"
    );
    let msg = message(&d, "cloudwatch-alarm/elb-dimension-arn");
    assert!(
        // ALB_JSON treats missing data as `notBreaching`: no data means a silent OK.
        msg.contains("sits in OK") && msg.contains("app/orders-alb/"),
        "{msg}"
    );

    let alb_tf = |value: &str| {
        tf(&tf_with(
            "    InstanceId = \"i-0123456789abcdef0\"\n",
            &format!("    LoadBalancer = {value}\n"),
        ))
    };
    for wrong in [
        "data.aws_lb.orders.arn",
        "aws_lb.orders.id",
        "\"${aws_alb.orders.arn}\"",
    ] {
        let d = alb_tf(wrong);
        assert!(
            has(&d, "cloudwatch-alarm/elb-dimension-arn"),
            "{wrong}: {d:#?}"
        );
        assert!(
            message(&d, "cloudwatch-alarm/elb-dimension-arn").contains(".arn_suffix"),
            "{d:#?}"
        );
    }
    for right in [
        "data.aws_lb.orders.arn_suffix",
        "aws_lb.orders.arn_suffix",
        "var.load_balancer",
        "\"app/orders-alb/50dc6c495c0c9188\"",
    ] {
        let d = alb_tf(right);
        assert!(
            !has(&d, "cloudwatch-alarm/elb-dimension-arn"),
            "{right}: {d:#?}"
        );
    }
    let d = tf(&tf_with(
        "    InstanceId = \"i-0123456789abcdef0\"\n",
        "    TargetGroup = aws_lb_target_group.api.arn\n",
    ));
    assert!(
        message(&d, "cloudwatch-alarm/elb-dimension-arn").contains("targetgroup/"),
        "{d:#?}"
    );
}

#[test]
fn elb_count_needs_sum() {
    let d = json(&ALB_JSON.replace("\"Sum\"", "\"Average\""));
    assert_eq!(
        lines(&d, "cloudwatch-alarm/count-statistic"),
        vec![8],
        "{d:#?}"
    );
    assert!(d.iter().all(|d| d.severity == Severity::Warning), "{d:#?}");
    assert!(message(&d, "cloudwatch-alarm/count-statistic").contains("always 1"));
    // Average is the right statistic for other metrics, such as latency.
    let d = json(
        &ALB_JSON
            .replace("\"Sum\"", "\"Average\"")
            .replace("HTTPCode_Target_5XX_Count", "TargetResponseTime"),
    );
    assert!(!has(&d, "cloudwatch-alarm/count-statistic"), "{d:#?}");
}

fn sns_req() -> Requirements {
    Requirements {
        sns_subscription: Some(true),
        ..Requirements::default()
    }
}

const SUBSCRIPTION: &str = r#"
resource "aws_sns_topic_subscription" "oncall" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = "orders-oncall@example.com"
}
"#;

fn tf_sns(text: &str) -> Vec<Diagnostic> {
    run_file("alarm.tf", text, &sns_req())
}

#[test]
fn sns_subscription_requirement_in_terraform() {
    const RULE: &str = "cloudwatch-alarm/require-sns-subscription";
    let good = format!("{GOOD_TF}{SUBSCRIPTION}");
    assert!(tf_sns(&good).is_empty(), "{:#?}", tf_sns(&good));
    // The interpolation form of the same references.
    let d = tf_sns(&good.replace(
        "aws_sns_topic.alerts.arn",
        "\"${aws_sns_topic.alerts.arn}\"",
    ));
    assert!(d.is_empty(), "{d:#?}");

    // A topic nobody subscribes to: reported at `alarm_actions` (line 20).
    let d = tf_sns(GOOD_TF);
    assert_eq!(lines(&d, RULE), vec![20], "{d:#?}");
    assert!(message(&d, RULE).contains("nobody is subscribed to `aws_sns_topic.alerts`"));

    // A subscription to another topic does not count.
    let d = tf_sns(&format!(
        "{GOOD_TF}{}",
        SUBSCRIPTION.replace("aws_sns_topic.alerts.arn", "aws_sns_topic.billing.arn")
    ));
    assert!(message(&d, RULE).contains("nobody is subscribed"), "{d:#?}");

    // A reference to a topic the file does not declare.
    let d = tf_sns(&format!(
        "{}{SUBSCRIPTION}",
        tf_with(
            "alarm_actions       = [aws_sns_topic.alerts.arn]",
            "alarm_actions       = [aws_sns_topic.alert.arn]"
        )
    ));
    assert!(
        message(&d, RULE).contains("does not declare (this file declares `aws_sns_topic.alerts`)"),
        "{d:#?}"
    );

    // A pasted ARN instead of the topic in the file.
    let d = tf_sns(&format!(
        "{}{SUBSCRIPTION}",
        tf_with(
            "alarm_actions       = [aws_sns_topic.alerts.arn]",
            "alarm_actions       = [\"arn:aws:sns:eu-west-1:123456789012:orders-api-alerts\"]"
        )
    ));
    assert!(
        message(&d, RULE).contains("aws_sns_topic.alerts.arn"),
        "{d:#?}"
    );

    // An incomplete subscription is reported at its block (line 24 of the combined file).
    let d = tf_sns(&format!(
        "{GOOD_TF}{}",
        SUBSCRIPTION.replace("  endpoint  = \"orders-oncall@example.com\"\n", "")
    ));
    assert_eq!(lines(&d, RULE), vec![24], "{d:#?}");
    assert!(message(&d, RULE).contains("`endpoint`"));
    let d = tf_sns(&format!(
        "{GOOD_TF}{}",
        SUBSCRIPTION.replace("\"email\"", "\"mail\"")
    ));
    assert!(message(&d, RULE).contains("no protocol `mail`"), "{d:#?}");

    // No actions at all: one finding, not a second warning about the same thing.
    let d = tf_sns(&format!(
        "{}{SUBSCRIPTION}",
        tf_with("  alarm_actions       = [aws_sns_topic.alerts.arn]\n", "")
    ));
    assert_eq!(lines(&d, RULE).len(), 1, "{d:#?}");
    assert!(!has(&d, "cloudwatch-alarm/no-alarm-actions"), "{d:#?}");

    // An expression the tutor cannot follow.
    let d = tf_sns(&format!(
        "{}{SUBSCRIPTION}",
        tf_with(
            "alarm_actions       = [aws_sns_topic.alerts.arn]",
            "alarm_actions       = var.alarm_actions"
        )
    ));
    assert!(message(&d, RULE).contains("cannot follow"), "{d:#?}");
}

#[test]
fn sns_subscription_requirement_in_json() {
    const RULE: &str = "cloudwatch-alarm/require-sns-subscription";
    let d = run_file("alarm.json", GOOD, &sns_req());
    assert!(d.is_empty(), "{d:#?}");
    let d = run_file(
        "alarm.json",
        &good_with(
            "\"AlarmActions\": [\"arn:aws:sns:eu-west-1:123456789012:orders-api-alerts\"],",
            "\"AlarmActions\": [\"arn:aws:lambda:eu-west-1:123456789012:function:pager\"],",
        ),
        &sns_req(),
    );
    assert_eq!(lines(&d, RULE), vec![16], "{d:#?}");
    let req: Requirements = toml::from_str("sns_subscription = true").unwrap();
    assert_eq!(req.sns_subscription, Some(true));
}

#[test]
fn heartbeat_exercise_starter_fails_and_solution_passes() {
    common::starter_fails_solution_passes(
        "cloudwatch-heartbeat-missing-data",
        &[
            "cloudwatch-alarm/require-treat-missing-data",
            "cloudwatch-alarm/require-evaluation-periods",
            "cloudwatch-alarm/require-datapoints-to-alarm",
            "cloudwatch-alarm/require-alarm-description",
            "cloudwatch-alarm/require-ok-actions",
        ],
    );
}

#[test]
fn alb_exercise_starter_fails_and_solution_passes() {
    let req = common::requirements("cloudwatch-alb-5xx-sns");
    let dir = "exercises/cloudwatch-alb-5xx-sns";
    let starter = check_path(Path::new(&format!("{dir}/starter/main.tf")), &req);
    assert!(!starter.passed);
    for rule in [
        "cloudwatch-alarm/require-statistic",
        "cloudwatch-alarm/count-statistic",
        "cloudwatch-alarm/elb-dimension-arn",
        "cloudwatch-alarm/require-treat-missing-data",
        "cloudwatch-alarm/require-alarm-actions",
    ] {
        assert!(
            starter.diagnostics.iter().any(|d| d.rule == rule),
            "{rule}: {:#?}",
            starter.diagnostics
        );
    }
    // Wiring the topic in reveals that nobody is subscribed to it.
    let text = std::fs::read_to_string(format!("{dir}/starter/main.tf")).unwrap();
    let wired = text.replace(
        "  comparison_operator = \"GreaterThanThreshold\"\n",
        "  comparison_operator = \"GreaterThanThreshold\"\n  alarm_actions = [aws_sns_topic.orders_oncall.arn]\n",
    );
    assert_ne!(wired, text);
    let devops_tutor::check::Requirements::CloudwatchAlarm(alarm_req) = &req else {
        panic!("cloudwatch-alarm requirements");
    };
    let d = cloudwatch_alarm::check(
        &[SourceFile {
            path: "main.tf".into(),
            text: wired,
        }],
        alarm_req,
    );
    assert!(
        message(&d, "cloudwatch-alarm/require-sns-subscription").contains("nobody is subscribed"),
        "{d:#?}"
    );
    let solution = check_path(Path::new(&format!("{dir}/solution/main.tf")), &req);
    assert!(
        solution.diagnostics.is_empty(),
        "{:#?}",
        solution.diagnostics
    );
}

#[test]
fn exact_dimensions_rejects_a_leftover_dimension_in_both_forms() {
    let req = Requirements {
        dimensions: vec!["InstanceId".into()],
        exact_dimensions: Some(true),
        ..Requirements::default()
    };
    let extra = good_with(
        r#"{ "Name": "InstanceId", "Value": "i-0123456789abcdef0" }"#,
        r#"{ "Name": "InstanceId", "Value": "i-0123456789abcdef0" },
    { "Name": "AutoScalingGroupName", "Value": "orders" }"#,
    );
    let d = run_file("alarm.json", &extra, &req);
    assert_eq!(
        lines(&d, "cloudwatch-alarm/require-exact-dimensions"),
        vec![6],
        "{d:#?}"
    );
    let m = message(&d, "cloudwatch-alarm/require-exact-dimensions");
    assert!(
        m.contains("`AutoScalingGroupName`") && m.contains("INSUFFICIENT_DATA"),
        "{m}"
    );
    // Without the flag, extra dimensions are the learner's business.
    let loose = Requirements {
        exact_dimensions: None,
        ..req.clone()
    };
    assert!(!has(
        &run_file("alarm.json", &extra, &loose),
        "cloudwatch-alarm/require-exact-dimensions"
    ));
    // The exact set passes.
    assert!(run_file("alarm.json", GOOD, &req).is_empty());

    let extra_tf = tf_with(
        "    InstanceId = \"i-0123456789abcdef0\"\n",
        "    InstanceId = \"i-0123456789abcdef0\"\n    AutoScalingGroupName = \"orders\"\n",
    );
    let d = run_file("alarm.tf", &extra_tf, &req);
    assert!(
        has(&d, "cloudwatch-alarm/require-exact-dimensions"),
        "{d:#?}"
    );
    assert!(!has(
        &run_file("alarm.tf", GOOD_TF, &req),
        "cloudwatch-alarm/require-exact-dimensions"
    ));
}

#[test]
fn the_p99_exercise_starter_names_the_classic_load_balancer_dimension() {
    common::starter_fails_solution_passes(
        "cloudwatch-p99-latency-alarm",
        &["require-dimensions", "require-exact-dimensions"],
    );
}
