//! The alarm readers: PutMetricAlarm / PutCompositeAlarm JSON and Terraform alarm
//! resources into the model, and every bad input refused at its line.

use std::path::Path;

use devops_tutor_lab::alarm::model::{AlarmSource, Comparison, Statistic, TreatMissing};
use devops_tutor_lab::alarm::read::{self, AlarmDef, parse_statistic, valid_period};

const FIX: &str = "tests/fixtures/alarm";

fn read(rel: &str) -> read::Alarms {
    read::read_path(&Path::new(FIX).join(rel), &[]).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn refused(rel: &str) -> devops_tutor_lab::alarm::model::AlarmError {
    match read::read_path(&Path::new(FIX).join(rel), &[]) {
        Ok(a) => panic!("{rel} should be refused, read {} alarm(s)", a.alarms.len()),
        Err(e) => e,
    }
}

#[test]
fn a_single_json_alarm() {
    let a = read("json/good/single.json");
    assert_eq!(a.alarms.len(), 1);
    let m = a.alarms[0].as_metric().expect("a metric alarm");
    assert_eq!(m.name, "orders-api-5xx");
    let AlarmSource::Metric(s) = &m.source else {
        panic!("a single metric")
    };
    assert_eq!(s.metric.namespace, "AWS/ApplicationELB");
    assert_eq!(s.metric.name, "HTTPCode_Target_5XX_Count");
    assert_eq!(
        s.metric.dimensions.get("LoadBalancer").map(String::as_str),
        Some("app/orders-api/50dc6c495c0c9188")
    );
    assert_eq!(s.metric.unit.as_deref(), Some("Count"));
    assert_eq!((s.period, s.stat), (60, Statistic::Sum));
    assert_eq!(m.comparison, Comparison::GreaterThanOrEqualToThreshold);
    assert_eq!(m.threshold, Some(10.0));
    assert_eq!((m.evaluation_periods, m.datapoints_to_alarm), (5, Some(3)));
    assert_eq!(m.treat_missing, TreatMissing::NotBreaching);
    assert!(m.actions_enabled);
    assert_eq!(
        m.alarm_actions,
        ["arn:aws:sns:eu-west-1:123456789012:pager"]
    );
    assert_eq!(m.ok_actions.len(), 1);
    assert!(m.insufficient_data_actions.is_empty());
    let o = m.origin.as_ref().expect("origin");
    assert!(o.file.ends_with("single.json"));
    assert_eq!(o.line, 1);
}

#[test]
fn a_json_list_of_metric_math_percentile_and_composite_alarms() {
    let a = read("json/good/list.json");
    let names: Vec<&str> = a.alarms.iter().map(AlarmDef::name).collect();
    assert_eq!(
        names,
        ["orders-latency-p99", "orders-error-rate", "orders-down"]
    );
    let p99 = a.alarms[0].as_metric().expect("metric");
    let AlarmSource::Metric(s) = &p99.source else {
        panic!("single")
    };
    assert_eq!(s.stat, Statistic::Percentile(99.0));
    assert_eq!(p99.evaluate_low_sample_count_percentile, Some(false));
    assert_eq!(p99.origin.as_ref().map(|o| o.line), Some(2));
    let rate = a.alarms[1].as_metric().expect("metric");
    let AlarmSource::Math(qs) = &rate.source else {
        panic!("math")
    };
    assert_eq!(qs.len(), 3);
    // ReturnData left out is true (the API's default), so `rate` is the one series.
    let returning: Vec<&str> = qs
        .iter()
        .filter(|q| q.return_data)
        .map(|q| q.id.as_str())
        .collect();
    assert_eq!(returning, ["rate"]);
    assert_eq!(qs[2].expression.as_deref(), Some("100 * errors / requests"));
    assert_eq!(qs[2].label.as_deref(), Some("5xx %"));
    assert_eq!(
        qs[0].stat.as_ref().map(|s| s.metric.name.as_str()),
        Some("HTTPCode_Target_5XX_Count")
    );
    let c = a.alarms[2].as_composite().expect("composite");
    assert_eq!(
        c.rule,
        "ALARM(\"orders-error-rate\") AND ALARM(\"orders-latency-p99\")"
    );
    assert_eq!(c.actions_suppressor.as_deref(), Some("maintenance-window"));
    assert_eq!(
        (c.suppressor_wait_period, c.suppressor_extension_period),
        (Some(120), Some(300))
    );
}

/// Every bad JSON fixture: the line the error names and words it must hold.
const BAD_JSON: &[(&str, usize, &str)] = &[
    ("bad-operator", 9, "`GreaterThan` is not an operator"),
    ("bad-unit", 7, "did you mean `Count`?"),
    ("band-without-id", 8, "set `ThresholdMetricId`"),
    ("both-statistics", 6, "cannot both be given"),
    (
        "describe-alarms",
        2,
        "what `aws cloudwatch describe-alarms` prints",
    ),
    ("dimensions-object", 5, "must be a list of"),
    ("duplicate-key", 7, "`Period` appears twice"),
    (
        "duplicate-names",
        12,
        "two alarms are named `a` (the other at line 2)",
    ),
    ("empty", 1, "the file is empty"),
    ("evaluation-too-long", 7, "at most one day"),
    ("m-greater-than-n", 8, "M of N needs M ≤ N"),
    (
        "metrics-and-metricname",
        3,
        "`MetricName` and `Metrics` cannot both",
    ),
    ("missing-name", 1, "`AlarmName` is missing"),
    ("missing-threshold", 1, "`Threshold` is missing"),
    ("misspelt-key", 8, "did you mean `Threshold`?"),
    ("no-statistic", 1, "`Statistic` is missing"),
    ("not-an-object", 1, "must be one JSON object"),
    (
        "percentile-in-statistic",
        5,
        "put it in `ExtendedStatistic`",
    ),
    ("period-45", 6, "`Period` is 45 seconds"),
    ("period-string", 6, "write it without quotes: 300"),
    ("six-actions", 10, "at most 5 per state"),
    (
        "suppressor-without-wait",
        4,
        "`ActionsSuppressorWaitPeriod` is missing",
    ),
    ("syntax", 6, "not valid JSON (trailing comma)"),
    ("terraform-name", 9, "here it is spelt `TreatMissingData`"),
    ("threshold-string", 8, "`Threshold` must be a number"),
    ("treat-missing", 10, "did you mean `notBreaching`?"),
    (
        "two-return-data",
        3,
        "exactly one entry of `Metrics` must return data, m1, e1 do",
    ),
    ("unknown-statistic", 5, "did you mean `Average`?"),
];

#[test]
fn every_bad_json_fixture_is_refused_at_its_line() {
    let dir = Path::new(FIX).join("json/bad");
    let on_disk = std::fs::read_dir(&dir).expect("fixtures").count();
    assert_eq!(
        on_disk,
        BAD_JSON.len(),
        "one table row per fixture in {dir:?}"
    );
    for (name, line, words) in BAD_JSON {
        let e = refused(&format!("json/bad/{name}.json"));
        let o = e.origin.as_ref().expect("an origin");
        assert!(o.file.ends_with(&format!("{name}.json")), "{name}: {e}");
        assert_eq!(o.line, *line, "{name}: {e}");
        assert!(e.message.contains(words), "{name}: {e}");
        // The message as printed starts with file:line.
        assert!(
            e.to_string().contains(&format!("{name}.json:{line}: ")),
            "{e}"
        );
    }
}

#[test]
fn json_from_memory_names_the_given_file() {
    let e = read::read_json("alarm.json", "{\n  \"AlarmName\": 3\n}").expect_err("refused");
    assert_eq!(
        e.to_string(),
        "alarm.json:2: `AlarmName` must be a string, found the number 3"
    );
}

#[test]
fn terraform_variables_locals_for_each_and_references_resolve() {
    let a = read("tf/resolved");
    let names: Vec<&str> = a.alarms.iter().map(AlarmDef::name).collect();
    assert_eq!(
        names,
        [
            "prod-orders-5xx",
            "orders-latency-p99",
            "payments-latency-p99",
            "prod-orders-error-rate",
            "prod-orders-down"
        ]
    );
    let errors = a.alarms[0].as_metric().expect("metric");
    // var.error_threshold, local.lb_dimension, and the SNS topic's ARN known after apply.
    assert_eq!(errors.threshold, Some(10.0));
    let AlarmSource::Metric(s) = &errors.source else {
        panic!("single")
    };
    assert_eq!(
        s.metric.dimensions.get("LoadBalancer").map(String::as_str),
        Some("app/orders-api/50dc6c495c0c9188")
    );
    assert_eq!(
        errors.alarm_actions,
        [
            "(known after apply: aws_sns_topic.pager.arn)",
            "arn:aws:sns:eu-west-1:123456789012:audit"
        ]
    );
    assert_eq!(errors.treat_missing, TreatMissing::NotBreaching);
    assert_eq!(errors.datapoints_to_alarm, Some(3));
    let o = errors.origin.as_ref().expect("origin");
    assert!(o.file.ends_with("resolved/main.tf"), "{o:?}");
    assert_eq!(o.line, 10);
    // for_each over a set: one alarm per key, each with its own dimension.
    let pay = a.alarms[2].as_metric().expect("metric");
    let AlarmSource::Metric(s) = &pay.source else {
        panic!("single")
    };
    assert_eq!(s.stat, Statistic::Percentile(99.0));
    assert_eq!(s.metric.dimensions["LoadBalancer"], "app/payments/1");
    assert_eq!(pay.evaluate_low_sample_count_percentile, Some(false));
    // metric_query blocks: return_data unset is false in Terraform.
    let rate = a.alarms[3].as_metric().expect("metric");
    let AlarmSource::Math(qs) = &rate.source else {
        panic!("math")
    };
    let ret: Vec<&str> = qs
        .iter()
        .filter(|q| q.return_data)
        .map(|q| q.id.as_str())
        .collect();
    assert_eq!(ret, ["rate"]);
    let req = qs.iter().find(|q| q.id == "requests").expect("requests");
    let st = req.stat.as_ref().expect("a metric");
    assert_eq!(
        (
            st.metric.name.as_str(),
            st.period,
            st.metric.unit.as_deref()
        ),
        ("RequestCount", 60, Some("Count"))
    );
    // The composite's rule interpolates the other alarms' names.
    let down = a.alarms[4].as_composite().expect("composite");
    assert_eq!(
        down.rule,
        "ALARM(\"prod-orders-5xx\") AND ALARM(\"prod-orders-error-rate\")"
    );
    assert_eq!(
        down.actions_suppressor.as_deref(),
        Some("maintenance-window")
    );
    assert_eq!(down.suppressor_wait_period, Some(120));
    // count = 0 makes no alarm, and says so.
    assert_eq!(a.notes.len(), 1);
    assert!(
        a.notes[0].contains("aws_cloudwatch_metric_alarm.staging_only makes no alarm (count = 0)"),
        "{:?}",
        a.notes
    );
    assert!(a.notes[0].contains("main.tf:78:"), "{:?}", a.notes);
}

#[test]
fn terraform_vars_change_what_is_read() {
    let dir = Path::new(FIX).join("tf/resolved");
    let a = read::read_path(
        &dir,
        &[
            "environment=staging".to_string(),
            "error_threshold=3".to_string(),
        ],
    )
    .expect("reads");
    assert!(a.find("staging-canary").is_some());
    assert!(a.notes.is_empty(), "{:?}", a.notes);
    let e = a
        .find("staging-orders-5xx")
        .and_then(AlarmDef::as_metric)
        .expect("renamed");
    assert_eq!(e.threshold, Some(3.0));
}

#[test]
fn one_tf_file_reads_its_folder_but_keeps_its_own_alarms() {
    let a = read("tf/resolved/main.tf");
    assert_eq!(a.alarms.len(), 5);
    // variables.tf declares no alarm.
    let e = refused("tf/resolved/variables.tf");
    assert!(e.message.contains("no aws_cloudwatch_metric_alarm"), "{e}");
}

#[test]
fn count_zero_alone_is_no_alarm_not_an_error() {
    let a = read("tf/count-zero");
    assert!(a.alarms.is_empty());
    assert_eq!(a.notes.len(), 1);
    assert!(a.notes[0].ends_with("aws_cloudwatch_metric_alarm.a makes no alarm (count = 0)"));
}

const BAD_TF: &[(&str, usize, &str)] = &[
    (
        "bad-m-n",
        8,
        "`datapoints_to_alarm` is 4 but `evaluation_periods` is 3",
    ),
    (
        "bad-operator",
        10,
        "expected comparison_operator to be one of",
    ),
    ("bad-period", 8, "expected period to be one of"),
    ("bad-statistic", 5, "`statistic` `Avg` is not a statistic"),
    ("missing-var", 1, "No value for required variable"),
    (
        "no-alarm",
        0,
        "no aws_cloudwatch_metric_alarm or aws_cloudwatch_composite_alarm",
    ),
    ("syntax", 5, "Invalid configuration syntax"),
    (
        "unknown-threshold",
        11,
        "`threshold` is (known after apply: length(aws_sns_topic.t.arn))",
    ),
];

#[test]
fn every_bad_terraform_fixture_is_refused_at_its_line() {
    for (name, line, words) in BAD_TF {
        let e = refused(&format!("tf/{name}"));
        let o = e.origin.as_ref().expect("an origin");
        assert_eq!(o.line, *line, "{name}: {e}");
        assert!(e.message.contains(words), "{name}: {e}");
        if *line > 0 {
            assert!(o.file.ends_with(&format!("{name}/main.tf")), "{name}: {e}");
        }
    }
}

#[test]
fn terraform_from_memory() {
    let files = vec![(
        "main.tf".to_string(),
        r#"resource "aws_cloudwatch_metric_alarm" "a" {
  alarm_name          = "a"
  namespace           = "N"
  metric_name         = "M"
  statistic           = "Maximum"
  period              = 10
  evaluation_periods  = 6
  threshold           = 0
  comparison_operator = "LessThanOrEqualToThreshold"
  treat_missing_data  = "breaching"
  actions_enabled     = false
}
"#
        .to_string(),
    )];
    let a = read::read_terraform(&files, &[]).expect("reads");
    let m = a.alarms[0].as_metric().expect("metric");
    assert_eq!(m.treat_missing, TreatMissing::Breaching);
    assert!(!m.actions_enabled);
    assert_eq!(m.comparison, Comparison::LessThanOrEqualToThreshold);
    let AlarmSource::Metric(s) = &m.source else {
        panic!("single")
    };
    assert_eq!((s.period, s.stat), (10, Statistic::Maximum));
}

#[test]
fn statistics_and_periods() {
    assert_eq!(parse_statistic("p99.9"), Some(Statistic::Percentile(99.9)));
    assert_eq!(parse_statistic("p100"), Some(Statistic::Percentile(100.0)));
    assert_eq!(parse_statistic("p101"), None);
    assert_eq!(
        parse_statistic("TM(10%:90%)"),
        Some(Statistic::TrimmedMean {
            low: 10.0,
            high: 90.0
        })
    );
    assert_eq!(
        parse_statistic("TM(:95%)"),
        Some(Statistic::TrimmedMean {
            low: 0.0,
            high: 95.0
        })
    );
    assert_eq!(
        parse_statistic("tm90"),
        Some(Statistic::TrimmedMean {
            low: 0.0,
            high: 90.0
        })
    );
    assert_eq!(
        parse_statistic("IQM"),
        Some(Statistic::TrimmedMean {
            low: 25.0,
            high: 75.0
        })
    );
    assert_eq!(parse_statistic("TM(90%:10%)"), None);
    assert_eq!(parse_statistic("average"), None);
    for p in [10, 20, 30, 60, 120, 300, 3600, 86_400] {
        assert!(valid_period(p), "{p}");
    }
    for p in [0, 1, 5, 15, 45, 90, 61] {
        assert!(!valid_period(p), "{p}");
    }
}
