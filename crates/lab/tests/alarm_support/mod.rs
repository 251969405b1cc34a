//! Small builders shared by the alarm tests: one metric, one alarm on it, and scenarios
//! written the way AWS's tables write datapoints (`0` not breaching, `X` breaching, `-`
//! missing, oldest first).
#![allow(dead_code)]

use std::collections::BTreeMap;

use devops_tutor_lab::alarm::model::*;

/// 12/04/26 10:00:00 UTC, a multiple of every period used here.
pub const T0: i64 = 1_775_988_000;

pub fn cpu() -> MetricId {
    MetricId {
        namespace: "AWS/EC2".into(),
        name: "CPUUtilization".into(),
        dimensions: BTreeMap::from([("InstanceId".to_string(), "i-0abc123".to_string())]),
        unit: None,
    }
}

/// `CPUUtilization >= 80`, Maximum over `period`, N of M.
pub fn alarm(period: u32, n: u32, m: Option<u32>, treat: TreatMissing) -> MetricAlarm {
    MetricAlarm {
        name: "cpu-high".into(),
        source: AlarmSource::Metric(MetricStat {
            metric: cpu(),
            period,
            stat: Statistic::Maximum,
        }),
        comparison: Comparison::GreaterThanOrEqualToThreshold,
        threshold: Some(80.0),
        threshold_metric_id: None,
        evaluation_periods: n,
        datapoints_to_alarm: m,
        treat_missing: treat,
        evaluate_low_sample_count_percentile: None,
        actions_enabled: true,
        alarm_actions: vec!["arn:aws:sns:eu-west-1:111122223333:pager".into()],
        ok_actions: vec!["arn:aws:sns:eu-west-1:111122223333:ok".into()],
        insufficient_data_actions: vec![],
        origin: None,
    }
}

pub fn published(metric: MetricId, samples: Vec<Sample>) -> Published {
    Published {
        metric,
        resolution: 60,
        samples,
    }
}

pub fn scenario(metrics: Vec<Published>, start: i64, end: i64) -> Scenario {
    Scenario {
        name: "test".into(),
        description: String::new(),
        start,
        end,
        metrics,
        band: vec![],
        origin: None,
    }
}

/// A scenario of `values` (one per period, `None` = nothing published), one sample in
/// the middle of each period.
pub fn series(period: u32, values: &[Option<f64>]) -> Scenario {
    let p = i64::from(period);
    let samples = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            v.map(|value| Sample {
                at: T0 + p * i as i64 + p / 2,
                value,
            })
        })
        .collect();
    scenario(
        vec![published(cpu(), samples)],
        T0,
        T0 + p * values.len() as i64,
    )
}

/// `"0 - X - X"` (oldest first) as values: 0 → 10.0, X → 90.0, - → missing.
pub fn pattern_values(pattern: &str) -> Vec<Option<f64>> {
    pattern
        .split_whitespace()
        .map(|t| match t {
            "0" | "O" => Some(10.0),
            "X" => Some(90.0),
            "-" => None,
            other => panic!("bad datapoint {other:?}"),
        })
        .collect()
}

pub fn pattern_window(pattern: &str) -> Vec<Option<bool>> {
    pattern_values(pattern)
        .iter()
        .map(|v| v.map(|v| v >= 80.0))
        .collect()
}
