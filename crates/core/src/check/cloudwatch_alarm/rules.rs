//! The general rules PutMetricAlarm itself enforces: required fields, valid enumeration
//! values, periods, "M out of N" datapoints and fields that cannot be combined.

use super::fields::{
    ANOMALY_COMPARISONS, COMPARISONS, LOW_SAMPLE, STATISTICS, TREAT_MISSING, UNITS, list, suggest,
};
use super::model::{Alarm, Dialect};
use crate::check::diagnostics::Sink;

/// A percentile statistic such as `p99` or `p99.9`.
fn is_percentile(s: &str) -> bool {
    s.strip_prefix(['p', 'P'])
        .and_then(|n| n.parse::<f64>().ok())
        .is_some_and(|n| (0.0..=100.0).contains(&n))
}

impl Alarm<'_> {
    /// The general rules, after [`Alarm::types`]; `covered` lists missing fields that a
    /// requirement already reported.
    pub(super) fn general(&self, covered: &[&str], out: &mut Sink<'_>) {
        self.required(covered, out);
        self.enums(out);
        self.period(out);
        self.datapoints(out);
        self.conflicts(out);
        self.actions(covered, out);
        self.advice(covered, out);
        self.elb(out);
    }

    fn required(&self, covered: &[&str], out: &mut Sink<'_>) {
        let mut missing: Vec<(&'static str, &'static str)> = Vec::new();
        if !self.has("AlarmName") {
            missing.push((
                "AlarmName",
                "a name unique in the Region, e.g. `orders-api-cpu-high`",
            ));
        }
        if !self.promql() {
            if !self.has("EvaluationPeriods") {
                missing.push((
                    "EvaluationPeriods",
                    "how many recent periods the alarm looks at (the N of \"M out of N\")",
                ));
            }
            if !self.has("ComparisonOperator") {
                missing.push((
                    "ComparisonOperator",
                    "how the value is compared, e.g. `GreaterThanThreshold`",
                ));
            }
            if !self.metric_math() {
                for (k, what) in [
                    ("MetricName", "the metric to watch, e.g. `CPUUtilization`"),
                    ("Namespace", "where the metric lives, e.g. `AWS/EC2`"),
                    (
                        "Period",
                        "the length of one datapoint in seconds, e.g. `300`",
                    ),
                ] {
                    if !self.has(k) {
                        missing.push((k, what));
                    }
                }
                if !self.has("Statistic") && !self.has("ExtendedStatistic") {
                    missing.push(("Statistic", "how datapoints in a period are combined, e.g. `Average` (or a percentile in `ExtendedStatistic`)"));
                }
            }
            if !self.has("Threshold") && !self.has("ThresholdMetricId") {
                missing.push(("Threshold", "the value to compare against, e.g. `80`"));
            }
        }
        for (key, what) in missing.into_iter().filter(|(k, _)| !covered.contains(k)) {
            out.error(
                "missing-field",
                self.at,
                format!(
                    "`{}` is missing: add it ({what}); PutMetricAlarm rejects an alarm without it",
                    self.name(key)
                ),
            );
        }
    }

    fn one_of(&self, key: &'static str, valid: &[&str], out: &mut Sink<'_>) {
        let Some(v) = self.string(key) else { return };
        if valid.contains(&v) {
            return;
        }
        let hint = suggest(v, valid.iter().copied())
            .map_or(String::new(), |s| format!(" Did you mean `{s}`?"));
        out.error(
            "invalid-value",
            self.pos(key),
            format!(
                "`{}` cannot be `{v}`: use one of {} (case matters).{hint}",
                self.name(key),
                list(valid)
            ),
        );
    }

    fn enums(&self, out: &mut Sink<'_>) {
        match self.string("Statistic") {
            Some(p) if is_percentile(p) => out.error(
                "invalid-value",
                self.pos("Statistic"),
                format!(
                    "`{p}` is a percentile, and percentiles go in `{}` (`{}`): `{}` takes only {}",
                    self.name("ExtendedStatistic"),
                    match self.dialect {
                        Dialect::Json => format!("\"ExtendedStatistic\": \"{p}\""),
                        Dialect::Terraform => format!("extended_statistic = \"{p}\""),
                    },
                    self.name("Statistic"),
                    list(STATISTICS)
                ),
            ),
            _ => self.one_of("Statistic", STATISTICS, out),
        }
        self.one_of("TreatMissingData", TREAT_MISSING, out);
        self.one_of("Unit", UNITS, out);
        self.one_of("EvaluateLowSampleCountPercentile", LOW_SAMPLE, out);
        if let Some(op) = self.string("ComparisonOperator") {
            if ANOMALY_COMPARISONS.contains(&op) {
                if !self.has("ThresholdMetricId") {
                    out.error(
                        "invalid-value",
                        self.pos("ComparisonOperator"),
                        format!(
                            "`{op}` is only for anomaly-detection alarms, which compare against a band set by `{}`: for a fixed threshold use `GreaterThanThreshold` (or another of {})",
                            self.name("ThresholdMetricId"),
                            list(COMPARISONS)
                        ),
                    );
                }
            } else {
                let all: Vec<&str> = COMPARISONS
                    .iter()
                    .chain(ANOMALY_COMPARISONS)
                    .copied()
                    .collect();
                self.one_of("ComparisonOperator", &all, out);
            }
        }
        if let Some(ext) = self.string("ExtendedStatistic")
            && STATISTICS.contains(&ext)
        {
            out.error(
                "invalid-value",
                self.pos("ExtendedStatistic"),
                format!(
                    "`{ext}` is a plain statistic: put it in `{}` and keep `{}` for percentiles such as `p99`",
                    self.name("Statistic"),
                    self.name("ExtendedStatistic")
                ),
            );
        }
        if self
            .string("AlarmName")
            .is_some_and(|n| n.trim().is_empty() || n.chars().count() > 255)
        {
            out.error(
                "invalid-value",
                self.pos("AlarmName"),
                format!("`{}` must be 1 to 255 characters: name it after the service and the symptom, e.g. `orders-api-cpu-high`", self.name("AlarmName")),
            );
        }
    }

    fn period(&self, out: &mut Sink<'_>) {
        let Some(p) = self.int("Period") else { return };
        if p > 0 && (p == 10 || p == 20 || p == 30 || p % 60 == 0) {
            let namespace = self.string("Namespace").unwrap_or("");
            if p < 60 && namespace.starts_with("AWS/") {
                out.warning(
                    "high-resolution-period",
                    self.pos("Period"),
                    format!(
                        "a {p}-second period makes this a high-resolution alarm (billed at a higher rate), but `{namespace}` metrics arrive at most once a minute, so most periods are empty: use 60 or more"
                    ),
                );
            }
            return;
        }
        out.error(
            "period",
            self.pos("Period"),
            format!(
                "`{}` is {p} seconds, but CloudWatch accepts only 10, 20 or 30 (for high-resolution custom metrics) or a multiple of 60: \
                 use 300 to match EC2's basic five-minute monitoring, or 60 if detailed monitoring is on",
                self.name("Period")
            ),
        );
    }

    fn datapoints(&self, out: &mut Sink<'_>) {
        let n = self.int("EvaluationPeriods");
        let m = self.int("DatapointsToAlarm");
        let (np, mp) = (
            self.name("EvaluationPeriods"),
            self.name("DatapointsToAlarm"),
        );
        if let Some(n) = n
            && n < 1
        {
            out.error(
                "datapoints",
                self.pos("EvaluationPeriods"),
                format!(
                    "`{np}` must be at least 1: it is how many recent periods the alarm looks at"
                ),
            );
        }
        if let Some(m) = m
            && m < 1
        {
            out.error(
                "datapoints",
                self.pos("DatapointsToAlarm"),
                format!("`{mp}` must be at least 1: it is how many of the periods must breach"),
            );
        }
        if let (Some(n), Some(m)) = (n, m)
            && m > n
        {
            out.error(
                "datapoints",
                self.pos("DatapointsToAlarm"),
                format!(
                    "`{mp}` ({m}) is more than `{np}` ({n}): the alarm would need {m} breaching datapoints out of the last {n}, so it could never fire. \
                     M out of N needs M ≤ N, e.g. 3 out of 5"
                ),
            );
        }
        if let (Some(n), Some(p)) = (n, self.int("Period"))
            && n > 0
            && p > 0
        {
            let total = n.saturating_mul(p);
            let limit = if p < 3600 { 86_400 } else { 604_800 };
            if total > limit {
                let (limit_text, rule) = if p < 3600 {
                    (
                        "one day (86,400 seconds) for periods under an hour",
                        "fewer or shorter periods",
                    )
                } else {
                    ("seven days (604,800 seconds)", "fewer periods")
                };
                out.error(
                    "evaluation-range",
                    self.pos("EvaluationPeriods"),
                    format!(
                        "`{np}` × `{}` is {total} seconds, but an alarm may look back at most {limit_text}: use {rule}",
                        self.name("Period")
                    ),
                );
            }
        }
    }

    fn conflicts(&self, out: &mut Sink<'_>) {
        if self.has("Statistic") && self.has("ExtendedStatistic") {
            out.error(
                "statistic-conflict",
                self.pos("ExtendedStatistic"),
                format!(
                    "set `{}` or `{}`, not both: use `Statistic` for `Average`, `Maximum` and the like, and `ExtendedStatistic` only for percentiles such as `p99`",
                    self.name("Statistic"),
                    self.name("ExtendedStatistic")
                ),
            );
        }
        if self.metric_math() {
            for key in [
                "MetricName",
                "Namespace",
                "Dimensions",
                "Period",
                "Unit",
                "Statistic",
                "ExtendedStatistic",
            ] {
                if self.has(key) {
                    out.error(
                        "metric-conflict",
                        self.pos(key),
                        format!(
                            "`{}` cannot be combined with `{}`: with a metric query, the metric, period and statistic go inside each query entry. Use one form or the other",
                            self.name(key),
                            self.name("Metrics")
                        ),
                    );
                }
            }
        }
    }
}
