//! The facts the `cloudwatch-alarm` checker states about AWS metrics: extra dimensions
//! narrow a metric rather than always naming one that does not exist, a missing
//! subscription is fixed by a block Terraform accepts, and an alarm that sees no data
//! with `notBreaching` sits silently in OK.

mod common;

use common::has;

use devops_tutor::check::cloudwatch_alarm::{self, Requirements};
use devops_tutor::check::{Diagnostic, SourceFile};

fn run_file(path: &str, text: &str, req: &Requirements) -> Vec<Diagnostic> {
    let files = [SourceFile {
        path: path.into(),
        text: text.into(),
    }];
    cloudwatch_alarm::check(&files, req)
}

fn message(diags: &[Diagnostic], rule: &str) -> String {
    diags
        .iter()
        .find(|d| d.rule == rule)
        .map(|d| d.message.clone())
        .unwrap_or_else(|| panic!("no {rule} in {diags:#?}"))
}

fn exact(dims: &[&str]) -> Requirements {
    Requirements {
        dimensions: dims.iter().map(|d| d.to_string()).collect(),
        exact_dimensions: Some(true),
        ..Requirements::default()
    }
}

const P99: &str = r#"{
  "AlarmName": "orders-api-slow-responses",
  "AlarmDescription": "p99 above one second",
  "Namespace": "AWS/ApplicationELB",
  "MetricName": "TargetResponseTime",
  "Dimensions": [
    { "Name": "LoadBalancer", "Value": "app/orders-api/50dc6c495c0c9188" }
  ],
  "ExtendedStatistic": "p99",
  "Period": 60,
  "EvaluationPeriods": 5,
  "DatapointsToAlarm": 3,
  "Threshold": 1,
  "ComparisonOperator": "GreaterThanThreshold",
  "TreatMissingData": "notBreaching",
  "AlarmActions": ["arn:aws:sns:eu-west-1:123456789012:orders-api-alerts"]
}
"#;

const LB_DIM: &str = r#"{ "Name": "LoadBalancer", "Value": "app/orders-api/50dc6c495c0c9188" }"#;

#[test]
fn a_target_group_narrows_an_alb_metric_it_does_not_erase_it() {
    let rule = "cloudwatch-alarm/require-exact-dimensions";
    let with_tg = P99.replace(
        LB_DIM,
        &format!(
            "{LB_DIM},\n    {{ \"Name\": \"TargetGroup\", \"Value\": \"targetgroup/orders-api/943f017f100becff\" }}"
        ),
    );
    let m = message(
        &run_file("alarm.json", &with_tg, &exact(&["LoadBalancer"])),
        rule,
    );
    assert!(
        m.contains("per `LoadBalancer` and `TargetGroup`") && m.contains("one target group"),
        "{m}"
    );
    assert!(!m.contains("does not exist") && !m.contains(" only"), "{m}");

    // The load balancer's own 5xx count has no target group: that one sees no data, and
    // the message says what `notBreaching` then does.
    let elb5xx = with_tg
        .replace("TargetResponseTime", "HTTPCode_ELB_5XX_Count")
        .replace("\"ExtendedStatistic\": \"p99\"", "\"Statistic\": \"Sum\"");
    let m = message(
        &run_file("alarm.json", &elb5xx, &exact(&["LoadBalancer"])),
        rule,
    );
    assert!(m.contains("no data") && m.contains("sits in OK"), "{m}");
}

#[test]
fn lambda_publishes_more_than_function_name() {
    let alarm = r#"{
  "AlarmName": "orders-worker-errors",
  "Namespace": "AWS/Lambda",
  "MetricName": "Errors",
  "Dimensions": [
    { "Name": "FunctionName", "Value": "orders-worker" },
    { "Name": "Resource", "Value": "orders-worker:live" }
  ],
  "Statistic": "Sum",
  "Period": 60,
  "EvaluationPeriods": 1,
  "Threshold": 0,
  "ComparisonOperator": "GreaterThanThreshold",
  "TreatMissingData": "notBreaching",
  "AlarmActions": ["arn:aws:sns:eu-west-1:123456789012:orders-api-alerts"]
}
"#;
    let d = run_file("alarm.json", alarm, &exact(&["FunctionName"]));
    let m = message(&d, "cloudwatch-alarm/require-exact-dimensions");
    assert!(
        m.contains("version or alias") && m.contains("`Resource`"),
        "{m}"
    );
    assert!(!m.contains(" only") && !m.contains("does not exist"), "{m}");

    // With no dimension at all, Lambda's account-wide total exists.
    let none = alarm.replace(
        r#"
    { "Name": "FunctionName", "Value": "orders-worker" },
    { "Name": "Resource", "Value": "orders-worker:live" }
  "#,
        "",
    );
    let m = message(
        &run_file("alarm.json", &none, &Requirements::default()),
        "cloudwatch-alarm/no-dimensions",
    );
    assert!(m.contains("Lambda does, for all functions"), "{m}");
}

const TOPIC_AND_ALARM: &str = r#"resource "aws_sns_topic" "alerts" {
  name = "orders-api-alerts"
}

resource "aws_cloudwatch_metric_alarm" "cpu_high" {
  alarm_name          = "orders-api-cpu-high"
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
}
"#;

#[test]
fn the_suggested_subscription_is_one_argument_per_line_and_satisfies_the_check() {
    let rule = "cloudwatch-alarm/require-sns-subscription";
    let req = Requirements {
        sns_subscription: Some(true),
        ..Requirements::default()
    };
    let m = message(&run_file("main.tf", TOPIC_AND_ALARM, &req), rule);
    let (_, block) = m
        .split_once("\n\n")
        .expect("the block follows a blank line");
    let lines: Vec<&str> = block.lines().collect();
    assert_eq!(
        lines.first(),
        Some(&"resource \"aws_sns_topic_subscription\" \"oncall\" {"),
        "{block}"
    );
    assert_eq!(lines.last(), Some(&"}"), "{block}");
    // HCL: a one-line block holds at most one argument; this one has one per line.
    for line in &lines[1..lines.len() - 1] {
        assert_eq!(line.matches('=').count(), 1, "{line}");
    }
    assert!(block.contains("aws_sns_topic.alerts.arn"), "{block}");
    // Pasted as it is, it satisfies the requirement.
    let fixed = format!("{TOPIC_AND_ALARM}\n{block}\n");
    assert!(!has(&run_file("main.tf", &fixed, &req), rule));
}

#[test]
fn no_data_with_not_breaching_is_a_silent_ok() {
    let arn = P99.replace(
        "\"app/orders-api/50dc6c495c0c9188\"",
        "\"arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/orders-api/50dc6c495c0c9188\"",
    );
    let rule = "cloudwatch-alarm/elb-dimension-arn";
    let m = message(
        &run_file("alarm.json", &arn, &Requirements::default()),
        rule,
    );
    assert!(
        m.contains("sits in OK") && !m.contains("INSUFFICIENT_DATA forever"),
        "{m}"
    );
    let missing = arn.replace("notBreaching", "missing");
    let m = message(
        &run_file("alarm.json", &missing, &Requirements::default()),
        rule,
    );
    assert!(m.contains("INSUFFICIENT_DATA"), "{m}");

    let readme = std::fs::read_to_string("exercises/cloudwatch-p99-latency-alarm/README.md")
        .expect("the README");
    assert!(!readme.contains("INSUFFICIENT_DATA forever"));
    assert!(
        readme.contains("sits in OK"),
        "the README says where the alarm sits"
    );
}

/// An alarm in JSON from its metric fields, with an SNS action.
fn alarm(namespace: &str, metric: &str, dim: (&str, &str), rest: &str) -> String {
    format!(
        r#"{{
  "AlarmName": "learner-alarm",
  "Namespace": "{namespace}",
  "MetricName": "{metric}",
  "Dimensions": [{{ "Name": "{}", "Value": "{}" }}],
  {rest},
  "AlarmActions": ["arn:aws:sns:eu-west-1:123456789012:orders-api-alerts"]
}}
"#,
        dim.0, dim.1
    )
}

fn warnings(text: &str, rule: &str) -> Vec<String> {
    run_file("alarm.json", text, &Requirements::default())
        .into_iter()
        .filter(|d| d.rule == rule)
        .inspect(|d| assert_eq!(d.severity, devops_tutor::check::Severity::Warning))
        .map(|d| d.message)
        .collect()
}

const NEVER: &str = "cloudwatch-alarm/lab-can-never-fire";
const OFTEN: &str = "cloudwatch-alarm/lab-pages-often";

#[test]
fn ec2_period_60_on_basic_monitoring_one_of_one_breaching_pages_all_day() {
    let text = alarm(
        "AWS/EC2",
        "CPUUtilization",
        ("InstanceId", "i-0123456789abcdef0"),
        r#""Statistic": "Average", "Period": 60, "EvaluationPeriods": 1, "Threshold": 80,
  "ComparisonOperator": "GreaterThanThreshold", "TreatMissingData": "breaching""#,
    );
    let w = warnings(&text, OFTEN);
    assert_eq!(w.len(), 1, "{w:#?}");
    // Basic monitoring: one datapoint in five minutes, four empty periods that breach.
    assert!(
        w[0].contains("page 288 times") && w[0].contains("every 300 s"),
        "{}",
        w[0]
    );
    assert!(
        w[0].contains("1152 of its 1440 periods had no datapoint"),
        "{}",
        w[0]
    );
    // Five-minute periods, 3 of 5, missing data as missing: quiet, and it still fires.
    let fixed = text
        .replace("\"Period\": 60", "\"Period\": 300")
        .replace(
            "\"EvaluationPeriods\": 1",
            "\"EvaluationPeriods\": 5, \"DatapointsToAlarm\": 3",
        )
        .replace("breaching", "missing");
    assert!(warnings(&fixed, OFTEN).is_empty());
    assert!(warnings(&fixed, NEVER).is_empty());
}

#[test]
fn target_response_time_in_milliseconds_can_never_fire() {
    let text = alarm(
        "AWS/ApplicationELB",
        "TargetResponseTime",
        ("LoadBalancer", "app/orders-api/50dc6c495c0c9188"),
        r#""Statistic": "Average", "Period": 60, "EvaluationPeriods": 5, "DatapointsToAlarm": 3,
  "Threshold": 1000, "ComparisonOperator": "GreaterThanThreshold", "TreatMissingData": "notBreaching""#,
    );
    let w = warnings(&text, NEVER);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(
        w[0].contains("only reaches 60 s") && w[0].contains("about 17 minutes"),
        "{}",
        w[0]
    );
    let seconds = text.replace("\"Threshold\": 1000", "\"Threshold\": 1");
    assert!(warnings(&seconds, NEVER).is_empty());
    assert!(warnings(&seconds, OFTEN).is_empty());
}

#[test]
fn lambda_errors_average_above_five_can_never_fire() {
    let text = alarm(
        "AWS/Lambda",
        "Errors",
        ("FunctionName", "orders-email-worker"),
        r#""Statistic": "Average", "Period": 300, "EvaluationPeriods": 1, "Threshold": 5,
  "ComparisonOperator": "GreaterThanThreshold", "TreatMissingData": "notBreaching""#,
    );
    let w = warnings(&text, NEVER);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(
        w[0].contains("`Average` only reaches 1") && w[0].contains("between 0 and 1"),
        "{}",
        w[0]
    );
    let sum = text.replace("\"Average\"", "\"Sum\"");
    assert!(warnings(&sum, NEVER).is_empty());
    assert!(warnings(&sum, OFTEN).is_empty());
}

#[test]
fn a_unit_the_metric_is_not_published_in_means_no_data() {
    let text = alarm(
        "AWS/ApplicationELB",
        "HTTPCode_Target_5XX_Count",
        ("LoadBalancer", "app/orders-api/50dc6c495c0c9188"),
        r#""Statistic": "Sum", "Unit": "Seconds", "Period": 60, "EvaluationPeriods": 5,
  "DatapointsToAlarm": 3, "Threshold": 5, "ComparisonOperator": "GreaterThanThreshold",
  "TreatMissingData": "notBreaching""#,
    );
    let w = warnings(&text, NEVER);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(w[0].contains("sees no data"), "{}", w[0]);
    assert!(warnings(&text.replace("\"Unit\": \"Seconds\", ", ""), NEVER).is_empty());
}

#[test]
fn a_count_that_is_silent_when_idle_with_breaching_is_in_alarm_all_day() {
    let text = alarm(
        "AWS/ApplicationELB",
        "HTTPCode_Target_5XX_Count",
        ("LoadBalancer", "app/orders-api/50dc6c495c0c9188"),
        r#""Statistic": "Sum", "Period": 60, "EvaluationPeriods": 1, "Threshold": 5,
  "ComparisonOperator": "GreaterThanThreshold", "TreatMissingData": "breaching""#,
    );
    // Each minute with an error and under the threshold is OK, each empty one a page.
    let w = warnings(&text, OFTEN);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(
        w[0].contains("page 145 times") && w[0].contains("published only when it is not zero"),
        "{}",
        w[0]
    );
    // With a threshold of 0 every period breaches: one page, and ALARM all day.
    let w = warnings(&text.replace("\"Threshold\": 5", "\"Threshold\": 0"), OFTEN);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(w[0].contains("24 hours in ALARM"), "{}", w[0]);
    // `notBreaching` and 3 of 5: quiet on the typical day.
    let fixed = text.replace("breaching", "notBreaching").replace(
        "\"EvaluationPeriods\": 1",
        "\"EvaluationPeriods\": 5, \"DatapointsToAlarm\": 3",
    );
    assert!(warnings(&fixed, OFTEN).is_empty());
    assert!(warnings(&fixed, NEVER).is_empty());
}

#[test]
fn the_typical_day_reads_terraform_too() {
    let text = std::fs::read_to_string("exercises/cloudwatch-lambda-errors-alarm/starter/main.tf")
        .expect("the starter");
    // The starter: `function_name` is no dimension of Lambda's, so no data, and with
    // `breaching` that is ALARM all day.
    let w: Vec<Diagnostic> = run_file("main.tf", &text, &Requirements::default())
        .into_iter()
        .filter(|d| d.rule == OFTEN)
        .collect();
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(w[0].line > 1, "at the resource: {w:#?}");
    let m = &w[0].message;
    assert!(
        m.contains("24 hours in ALARM")
            && m.contains("sees no data")
            && m.contains("by `FunctionName`"),
        "{m}"
    );
    // With the right dimension name, `Average` is the remaining mistake.
    let named = text
        .replace("function_name =", "FunctionName =")
        .replace("\"breaching\"", "\"notBreaching\"");
    let w: Vec<Diagnostic> = run_file("main.tf", &named, &Requirements::default())
        .into_iter()
        .filter(|d| d.rule == NEVER)
        .collect();
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(
        w[0].message.contains("`Average` only reaches 1"),
        "{}",
        w[0].message
    );
}
