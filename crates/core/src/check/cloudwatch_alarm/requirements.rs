//! The exercise's [`Requirements`] for this kind and their checks against the chosen alarm.

use serde::Deserialize;
use serde_json::Value;

use super::fields::list;
use super::model::{Alarm, Dialect};
use crate::check::diagnostics::Sink;

/// Per-exercise requirements from `exercise.toml`. Every field is optional; each one names
/// what the alarm must use. With several `aws_cloudwatch_metric_alarm` resources in a `.tf`
/// file, the requirements apply to the one whose metric matches `metric` (else the first).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirements {
    /// `MetricName`, e.g. `"CPUUtilization"`.
    pub metric: Option<String>,
    /// `Namespace`, e.g. `"AWS/EC2"`.
    pub namespace: Option<String>,
    /// `Statistic` (e.g. `"Average"`) or `ExtendedStatistic` (e.g. `"p99"`).
    pub statistic: Option<String>,
    /// `Period` in seconds, e.g. `300`.
    pub period: Option<u64>,
    /// `Threshold`, e.g. `80.0`.
    pub threshold: Option<f64>,
    /// `ComparisonOperator`, e.g. `"GreaterThanThreshold"`.
    pub comparison: Option<String>,
    /// `EvaluationPeriods` (the N of "M out of N"), e.g. `5`.
    pub evaluation_periods: Option<u64>,
    /// `DatapointsToAlarm` (the M of "M out of N"), e.g. `3`.
    pub datapoints_to_alarm: Option<u64>,
    /// `TreatMissingData` must be set explicitly: to this value (`"missing"`) or to one of
    /// these values (`["missing", "breaching"]`).
    pub treat_missing_data: Option<OneOrMany>,
    /// `true`: `AlarmActions` must list at least one action (e.g. an SNS topic ARN).
    pub alarm_actions: Option<bool>,
    /// `true`: `OKActions` must list at least one action, so people hear when it is over.
    pub ok_actions: Option<bool>,
    /// Dimension names the alarm must set, e.g. `["InstanceId"]`.
    #[serde(default)]
    pub dimensions: Vec<String>,
    /// `true`: the alarm sets no dimension besides `dimensions`. CloudWatch matches the
    /// whole set of dimensions, so a leftover or extra one makes the alarm watch another
    /// metric: a narrower one (one target group, one Lambda alias) or one nobody publishes.
    pub exact_dimensions: Option<bool>,
    /// `true`: `AlarmDescription` must be set and not empty.
    pub alarm_description: Option<bool>,
    /// `true`: the alarm must reach a person through SNS. In a `.tf` file, `alarm_actions`
    /// must reference an `aws_sns_topic` declared in the same file
    /// (`[aws_sns_topic.<name>.arn]`), and an `aws_sns_topic_subscription` with a `protocol`
    /// and an `endpoint` must subscribe to that topic. In `alarm.json`, `AlarmActions` must
    /// hold an SNS topic ARN (`arn:aws:sns:…`); its subscriptions live outside the file.
    pub sns_subscription: Option<bool>,
    /// Goals decided by running the alarm in the alarm lab over the exercise's scenarios
    /// (what the alarm does, not how it is written); see [`super::LabRequirements`].
    pub lab: Option<Box<super::LabRequirements>>,
}

/// One accepted value, or a list of accepted values.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// Exactly this value.
    One(String),
    /// Any of these values.
    Many(Vec<String>),
}

impl OneOrMany {
    fn values(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(s) => vec![s.as_str()],
            OneOrMany::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

impl Alarm<'_> {
    /// Reports a requirement on `key` unless `have_ok`; pushes `key` to `covered` when the
    /// field is absent.
    fn require_eq(
        &self,
        key: &'static str,
        rule: &str,
        have_ok: bool,
        expected: String,
        covered: &mut Vec<&'static str>,
        out: &mut Sink<'_>,
    ) {
        if have_ok {
            return;
        }
        if !self.has(key) {
            covered.push(key);
        }
        let name = self.name(key);
        let message = if !self.has(key) {
            format!("set `{name}` to {expected}: this exercise needs it")
        } else if self.is_expr(key) {
            format!(
                "`{name}` is an expression the tutor cannot evaluate offline: write the value {expected} directly"
            )
        } else {
            let have = self.value(key).map(Value::to_string).unwrap_or_default();
            format!("`{name}` is {have}; this exercise expects {expected}")
        };
        out.error(rule, self.pos(key), message);
    }

    /// Checks `req`; returns the absent fields it reported.
    pub(super) fn requirements(&self, req: &Requirements, out: &mut Sink<'_>) -> Vec<&'static str> {
        let mut covered = Vec::new();
        if let Some(m) = &req.metric {
            let ok = self.string("MetricName") == Some(m.as_str());
            self.require_eq(
                "MetricName",
                "require-metric",
                ok,
                format!("`\"{m}\"`"),
                &mut covered,
                out,
            );
        }
        if let Some(n) = &req.namespace {
            let ok = self.string("Namespace") == Some(n.as_str());
            self.require_eq(
                "Namespace",
                "require-namespace",
                ok,
                format!("`\"{n}\"`"),
                &mut covered,
                out,
            );
        }
        if let Some(s) = &req.statistic {
            let ok = self.string("Statistic") == Some(s.as_str())
                || self.string("ExtendedStatistic") == Some(s.as_str());
            let key = if self.has("ExtendedStatistic") && !self.has("Statistic") {
                "ExtendedStatistic"
            } else {
                "Statistic"
            };
            self.require_eq(
                key,
                "require-statistic",
                ok,
                format!("`\"{s}\"`"),
                &mut covered,
                out,
            );
        }
        if let Some(p) = req.period {
            let ok = self.int("Period") == i64::try_from(p).ok();
            self.require_eq(
                "Period",
                "require-period",
                ok,
                format!("`{p}`"),
                &mut covered,
                out,
            );
        }
        if let Some(t) = req.threshold {
            let ok = self
                .number("Threshold")
                .is_some_and(|h| (h - t).abs() < 1e-9);
            self.require_eq(
                "Threshold",
                "require-threshold",
                ok,
                format!("`{t}`"),
                &mut covered,
                out,
            );
        }
        if let Some(c) = &req.comparison {
            let ok = self.string("ComparisonOperator") == Some(c.as_str());
            self.require_eq(
                "ComparisonOperator",
                "require-comparison",
                ok,
                format!("`\"{c}\"`"),
                &mut covered,
                out,
            );
        }
        if let Some(n) = req.evaluation_periods {
            let ok = self.int("EvaluationPeriods") == i64::try_from(n).ok();
            self.require_eq(
                "EvaluationPeriods",
                "require-evaluation-periods",
                ok,
                format!("`{n}`"),
                &mut covered,
                out,
            );
        }
        if let Some(m) = req.datapoints_to_alarm {
            let ok = self.int("DatapointsToAlarm") == i64::try_from(m).ok();
            self.require_eq(
                "DatapointsToAlarm",
                "require-datapoints-to-alarm",
                ok,
                format!("`{m}`"),
                &mut covered,
                out,
            );
        }
        if let Some(t) = &req.treat_missing_data {
            let accepted = t.values();
            let ok = self
                .string("TreatMissingData")
                .is_some_and(|v| accepted.contains(&v));
            let expected = match accepted.as_slice() {
                [one] => format!("`\"{one}\"`"),
                many => format!("one of {}", list(many)),
            };
            self.require_eq(
                "TreatMissingData",
                "require-treat-missing-data",
                ok,
                expected,
                &mut covered,
                out,
            );
        }
        for (wanted, key, rule, why) in [
            (
                req.alarm_actions,
                "AlarmActions",
                "require-alarm-actions",
                "so someone is told when it fires",
            ),
            (
                req.ok_actions,
                "OKActions",
                "require-ok-actions",
                "so people also hear when the problem is over",
            ),
        ] {
            if wanted == Some(true) && !self.is_expr(key) && self.list_len(key).unwrap_or(0) == 0 {
                covered.push(key);
                out.error(
                    rule,
                    self.pos(key),
                    format!(
                        "add at least one action to `{}` (an SNS topic ARN), {why}",
                        self.name(key)
                    ),
                );
            }
        }
        if !req.dimensions.is_empty() && !self.is_expr("Dimensions") {
            let names: Vec<&str> = match self.value("Dimensions") {
                Some(Value::Array(a)) => a
                    .iter()
                    .filter_map(|d| d.get("Name").and_then(Value::as_str))
                    .collect(),
                _ => Vec::new(),
            };
            for wanted in &req.dimensions {
                if !names.contains(&wanted.as_str()) {
                    let example = match self.dialect {
                        Dialect::Json => {
                            format!("`{{ \"Name\": \"{wanted}\", \"Value\": \"…\" }}`")
                        }
                        Dialect::Terraform => format!("`{wanted} = \"…\"`"),
                    };
                    out.error(
                        "require-dimensions",
                        self.pos("Dimensions"),
                        format!("add the dimension {example} to `{}`, so the alarm watches one specific resource", self.name("Dimensions")),
                    );
                }
            }
            if req.exact_dimensions == Some(true) {
                for extra in names
                    .iter()
                    .filter(|n| !req.dimensions.iter().any(|w| w == *n))
                {
                    let wanted = req
                        .dimensions
                        .iter()
                        .map(|d| format!("`{d}`"))
                        .collect::<Vec<_>>()
                        .join(" and ");
                    let namespace = self.string("Namespace").unwrap_or("");
                    let metric = self.string("MetricName").unwrap_or("");
                    let what = match narrower(namespace, metric, extra) {
                        Some(part) => format!("{part}, not all of it as the exercise asks"),
                        None => format!(
                            "only if the service publishes that combination, and otherwise no data at all, where {}",
                            self.when_no_data()
                        ),
                    };
                    out.error(
                        "require-exact-dimensions",
                        self.pos("Dimensions"),
                        format!(
                            "remove the dimension `{extra}` from `{}`: the exercise wants the metric by {wanted} alone. CloudWatch treats every combination of dimensions as a separate metric and matches the whole set, so with `{extra}` the alarm watches a different metric: {what}",
                            self.name("Dimensions"),
                        ),
                    );
                }
            }
        }
        if req.alarm_description == Some(true)
            && !self.is_expr("AlarmDescription")
            && self
                .string("AlarmDescription")
                .is_none_or(|d| d.trim().is_empty())
        {
            out.error(
                "require-alarm-description",
                self.pos("AlarmDescription"),
                format!(
                    "add an `{}`: one sentence on what the alarm means and what to do first. It is in every notification, read by someone who was just woken up",
                    self.name("AlarmDescription")
                ),
            );
        }
        if req.sns_subscription == Some(true) {
            self.sns_subscription(&mut covered, out);
        }
        covered
    }
}

/// What an extra dimension narrows a well-known metric down to, where the service does
/// publish the narrower combination.
fn narrower(namespace: &str, metric: &str, extra: &str) -> Option<&'static str> {
    Some(match (namespace, extra) {
        // The load balancer's own counts (`HTTPCode_ELB_*`) have no target group.
        ("AWS/ApplicationELB", "TargetGroup") if !metric.starts_with("HTTPCode_ELB_") => {
            "the load balancer also publishes its target metrics per `LoadBalancer` and `TargetGroup`, so the alarm would see one target group's requests"
        }
        ("AWS/ApplicationELB", "AvailabilityZone") => {
            "the load balancer also publishes per Availability Zone, so the alarm would see one zone's requests"
        }
        ("AWS/Lambda", "Resource") => {
            "Lambda also publishes per version or alias (`Resource`, such as `orders:live`), so the alarm would see the invocations of that one version or alias"
        }
        ("AWS/Lambda", "ExecutedVersion") => {
            "Lambda also publishes alias invocations per version that ran (`ExecutedVersion`, together with `Resource`), so the alarm would see one version's invocations"
        }
        _ => return None,
    })
}
