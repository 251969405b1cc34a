//! What PutMetricAlarm accepts: its fields with their Terraform names and types, the valid
//! values of its enumerations, and the messages for a name that is not one of them.

use super::model::Dialect;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Ty {
    Str,
    Int,
    Num,
    Bool,
    StrList,
    Dimensions,
    /// Checked only for being an array / object (Metrics, Tags, PromQL settings).
    Array,
    Object,
}

/// (PutMetricAlarm key, `aws_cloudwatch_metric_alarm` argument, type).
pub(super) const FIELDS: &[(&str, &str, Ty)] = &[
    ("AlarmName", "alarm_name", Ty::Str),
    ("AlarmDescription", "alarm_description", Ty::Str),
    ("ActionsEnabled", "actions_enabled", Ty::Bool),
    ("OKActions", "ok_actions", Ty::StrList),
    ("AlarmActions", "alarm_actions", Ty::StrList),
    (
        "InsufficientDataActions",
        "insufficient_data_actions",
        Ty::StrList,
    ),
    ("MetricName", "metric_name", Ty::Str),
    ("Namespace", "namespace", Ty::Str),
    ("Statistic", "statistic", Ty::Str),
    ("ExtendedStatistic", "extended_statistic", Ty::Str),
    ("Dimensions", "dimensions", Ty::Dimensions),
    ("Period", "period", Ty::Int),
    ("Unit", "unit", Ty::Str),
    ("EvaluationPeriods", "evaluation_periods", Ty::Int),
    ("DatapointsToAlarm", "datapoints_to_alarm", Ty::Int),
    ("Threshold", "threshold", Ty::Num),
    ("ComparisonOperator", "comparison_operator", Ty::Str),
    ("TreatMissingData", "treat_missing_data", Ty::Str),
    (
        "EvaluateLowSampleCountPercentile",
        "evaluate_low_sample_count_percentiles",
        Ty::Str,
    ),
    ("Metrics", "metric_query", Ty::Array),
    ("Tags", "tags", Ty::Array),
    ("ThresholdMetricId", "threshold_metric_id", Ty::Str),
    ("EvaluationCriteria", "evaluation_criteria", Ty::Object),
    ("EvaluationInterval", "evaluation_interval", Ty::Int),
    ("EvaluationWindow", "evaluation_window", Ty::Object),
    ("ActionConfiguration", "action_configuration", Ty::Object),
];

/// Terraform arguments and blocks that every resource accepts.
pub(super) const TF_META: &[&str] = &[
    "count",
    "for_each",
    "provider",
    "depends_on",
    "lifecycle",
    "region",
    "tags_all",
];

pub(super) const STATISTICS: &[&str] = &["SampleCount", "Average", "Sum", "Minimum", "Maximum"];
pub(super) const COMPARISONS: &[&str] = &[
    "GreaterThanOrEqualToThreshold",
    "GreaterThanThreshold",
    "LessThanThreshold",
    "LessThanOrEqualToThreshold",
];
pub(super) const ANOMALY_COMPARISONS: &[&str] = &[
    "LessThanLowerOrGreaterThanUpperThreshold",
    "LessThanLowerThreshold",
    "GreaterThanUpperThreshold",
];
pub(super) const TREAT_MISSING: &[&str] = &["missing", "notBreaching", "breaching", "ignore"];
pub(super) const LOW_SAMPLE: &[&str] = &["evaluate", "ignore"];
pub(super) const UNITS: &[&str] = &[
    "Seconds",
    "Microseconds",
    "Milliseconds",
    "Bytes",
    "Kilobytes",
    "Megabytes",
    "Gigabytes",
    "Terabytes",
    "Bits",
    "Kilobits",
    "Megabits",
    "Gigabits",
    "Terabits",
    "Percent",
    "Count",
    "Bytes/Second",
    "Kilobytes/Second",
    "Megabytes/Second",
    "Gigabytes/Second",
    "Terabytes/Second",
    "Bits/Second",
    "Kilobits/Second",
    "Megabits/Second",
    "Gigabits/Second",
    "Terabits/Second",
    "Count/Second",
    "None",
];

/// Keys allowed inside nested JSON objects, by the name of the field holding them.
pub(super) const NESTED: &[(&str, &[&str])] = &[
    ("Dimensions", &["Name", "Value"]),
    ("Tags", &["Key", "Value"]),
    (
        "Metrics",
        &[
            "Id",
            "MetricStat",
            "Expression",
            "Label",
            "ReturnData",
            "Period",
            "AccountId",
        ],
    ),
    ("MetricStat", &["Metric", "Period", "Stat", "Unit"]),
    ("Metric", &["Namespace", "MetricName", "Dimensions"]),
];

pub(super) fn field(json: &str) -> Option<&'static (&'static str, &'static str, Ty)> {
    FIELDS.iter().find(|(j, _, _)| *j == json)
}

/// The closest known name to a misspelt one, if it is close enough to be a typo.
pub(super) fn suggest<'a>(wrong: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = wrong.to_ascii_lowercase().replace(['_', '-'], "");
    let mut best: Option<(usize, &str)> = None;
    for k in known {
        let kl = k.to_ascii_lowercase().replace(['_', '-'], "");
        let d = if kl == lower {
            0
        } else {
            edit_distance(&lower, &kl)
        };
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, k));
        }
    }
    let limit = if lower.len() > 10 { 3 } else { 2 };
    best.filter(|(d, _)| *d <= limit).map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len() > 64 || b.len() > 64 {
        return usize::MAX;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

pub(super) fn unknown_key_message(key: &str, dialect: Dialect) -> String {
    if dialect == Dialect::Json && key == "MetricAlarms" {
        return "`MetricAlarms` is what `aws cloudwatch describe-alarms` prints, not what `put-metric-alarm` takes: \
                copy the settings of one alarm up to the top level of the object"
            .to_string();
    }
    let (known, other): (Vec<&str>, Vec<&str>) = match dialect {
        Dialect::Json => (
            FIELDS.iter().map(|f| f.0).collect(),
            FIELDS.iter().map(|f| f.1).collect(),
        ),
        Dialect::Terraform => (
            FIELDS.iter().map(|f| f.1).collect(),
            FIELDS.iter().map(|f| f.0).collect(),
        ),
    };
    let what = match dialect {
        Dialect::Json => "PutMetricAlarm has no parameter",
        Dialect::Terraform => "`aws_cloudwatch_metric_alarm` has no argument",
    };
    // A name from the other dialect (`treat_missing_data` in JSON) maps across directly.
    if let Some(i) = other.iter().position(|o| *o == key) {
        return format!("{what} `{key}`: here it is spelt `{}`", known[i]);
    }
    match suggest(key, known.iter().copied()) {
        Some(s) => format!(
            "{what} `{key}`: did you mean `{s}`? Names are case-sensitive, and a misspelt one is rejected (the AWS CLI stops with `Unknown parameter`)"
        ),
        None => format!(
            "{what} `{key}`: remove it, or check the spelling against the PutMetricAlarm documentation"
        ),
    }
}

pub(super) fn list(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
