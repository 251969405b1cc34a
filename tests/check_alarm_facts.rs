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
