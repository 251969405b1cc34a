//! A metric alarm evaluated over a scenario: which datapoints it sees, what state each
//! evaluation leaves it in and why, which actions fire.
//!
//! The rules come from AWS's CloudWatch user guide, "Evaluating an alarm" and
//! "Configuring how CloudWatch alarms treat missing data"; the lab's reading of them:
//!
//! - The alarm evaluates at the end of every period of the scenario. Each evaluation looks
//!   at the **evaluation range**: more datapoints than `EvaluationPeriods` (N), so that a
//!   few gaps can be bridged with older real datapoints. AWS says the exact size "depends
//!   on the length of the alarm period and whether it is based on a metric with standard
//!   resolution or high resolution" but publishes no formula; its worked examples use
//!   N = 3 with a range of 5. The lab uses **N + 2** for every period
//!   ([`evaluation_range`]) — an assumption, kept in one place.
//! - If the range holds at least N real datapoints, the most recent N real ones are
//!   evaluated (gaps skipped, older real ones pulled in), and how missing data is treated
//!   does not matter: ALARM when at least M (`DatapointsToAlarm`) of them breach, else OK.
//! - Otherwise every real datapoint of the range is evaluated and the shortfall is filled,
//!   "as few times as possible", according to `TreatMissingData`:
//!   - `breaching` / `notBreaching`: the filled datapoints count as breaching / not
//!     breaching; ALARM when at least M breach, else OK.
//!   - `missing`: ALARM when at least M real ones breach; OK when a real datapoint does not
//!     breach; INSUFFICIENT_DATA when the range holds no real datapoint. When every real
//!     datapoint breaches but fewer than M: the page's "avoiding premature transitions to
//!     alarm state" — ALARM if the oldest breaching datapoint is at least M periods old (so
//!     the next datapoint can't be the one that decides), else INSUFFICIENT_DATA.
//!   - `ignore`: as `missing`, except that where `missing` would go to INSUFFICIENT_DATA or
//!     to a premature ALARM, the alarm keeps its current state.
//!
//!   These rules reproduce every row of both tables of the page (and the two rows of its
//!   earlier edition that the current one dropped); `tests/alarm_missing_data.rs` holds
//!   them.
//! - Before the scenario starts there is no data (the scenario is all CloudWatch has).
//! - `EvaluateLowSampleCountPercentile: ignore` (AWS's "Percentile-based alarms and low
//!   data samples"): when the period that just ended has fewer samples than
//!   [`super::stats::low_sample_minimum`], that evaluation leaves the state unchanged.
//! - Actions: `AlarmActions` on a change to ALARM, `OKActions` on a change to OK,
//!   `InsufficientDataActions` on a change to INSUFFICIENT_DATA, only when
//!   `ActionsEnabled`; an SNS action fires once per change, not per period.

use super::math;
use super::model::{
    AlarmError, AlarmSource, Comparison, Datapoint, MetricAlarm, MetricId, MetricStat,
    Notification, Published, Scenario, State, Statistic, Timeline, Transition, TreatMissing,
};
use super::stats;

/// The most periods one evaluation may cover (a year of 30-second periods is ~1 M).
pub const MAX_PERIODS: usize = 1_100_000;

/// How many datapoints each evaluation retrieves for `EvaluationPeriods` = `n` (see the
/// module's notes: AWS's example is 3 → 5).
pub fn evaluation_range(n: u32) -> usize {
    n as usize + 2
}

/// The verdict of one evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Ok,
    Alarm,
    InsufficientData,
    /// Keep the current state (`ignore`, or a low-sample percentile period).
    Retain,
}

impl Decision {
    pub fn apply(self, current: State) -> State {
        match self {
            Decision::Ok => State::Ok,
            Decision::Alarm => State::Alarm,
            Decision::InsufficientData => State::InsufficientData,
            Decision::Retain => current,
        }
    }
}

/// What one evaluation needs to know about its range (ages count from the newest
/// datapoint, which is age 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RangeFacts {
    /// Real (non-missing) datapoints in the range.
    pub real: usize,
    /// Breaching real datapoints in the range.
    pub breaching: usize,
    /// Breaching datapoints among the most recent N real ones (when `real >= N`).
    pub recent_breaching: usize,
    /// Age of the oldest breaching real datapoint in the range.
    pub oldest_breaching_age: Option<usize>,
}

impl RangeFacts {
    /// From a window of datapoints, oldest first: `None` missing, `Some(breaching)`.
    pub fn of_window(window: &[Option<bool>], n: u32) -> RangeFacts {
        let len = window.len();
        let real = window.iter().filter(|d| d.is_some()).count();
        let breaching = window.iter().filter(|d| **d == Some(true)).count();
        let recent_breaching = window
            .iter()
            .rev()
            .flatten()
            .take(n as usize)
            .filter(|b| **b)
            .count();
        let oldest_breaching_age = window
            .iter()
            .position(|d| *d == Some(true))
            .map(|i| len - i);
        RangeFacts {
            real,
            breaching,
            recent_breaching,
            oldest_breaching_age,
        }
    }
}

/// One evaluation's verdict (see the module's notes for the rules).
pub fn decide(f: &RangeFacts, n: u32, m: u32, treat: TreatMissing) -> Decision {
    let (n, m) = (n as usize, m as usize);
    if f.real >= n {
        return if f.recent_breaching >= m {
            Decision::Alarm
        } else {
            Decision::Ok
        };
    }
    let filled = n - f.real;
    match treat {
        TreatMissing::Breaching => {
            if f.breaching + filled >= m {
                Decision::Alarm
            } else {
                Decision::Ok
            }
        }
        TreatMissing::NotBreaching => {
            if f.breaching >= m {
                Decision::Alarm
            } else {
                Decision::Ok
            }
        }
        TreatMissing::Missing | TreatMissing::Ignore => {
            let ignore = treat == TreatMissing::Ignore;
            if f.breaching >= m {
                Decision::Alarm
            } else if f.real > f.breaching {
                Decision::Ok
            } else if ignore {
                Decision::Retain
            } else if f.real > 0 && f.oldest_breaching_age.is_some_and(|a| a >= m) {
                Decision::Alarm
            } else {
                Decision::InsufficientData
            }
        }
    }
}

/// [`decide`] over a window of datapoints, oldest first (`None` missing,
/// `Some(true)` breaching): the form of AWS's tables.
pub fn decide_window(window: &[Option<bool>], n: u32, m: u32, treat: TreatMissing) -> Decision {
    decide(&RangeFacts::of_window(window, n), n, m, treat)
}

/// An alarm's series: one value per period of the scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub period: u32,
    /// The first period's start.
    pub first: i64,
    pub values: Vec<Option<f64>>,
    /// Samples behind each value (single metrics only; empty for math).
    pub counts: Vec<usize>,
    /// Why some or all of the series has no data, when a metric couldn't be found.
    pub no_data_because: Option<String>,
}

/// Checks what CloudWatch's `PutMetricAlarm` would refuse, and returns the alarm's period.
pub fn validate(alarm: &MetricAlarm) -> Result<u32, AlarmError> {
    let err = |m: String| AlarmError {
        origin: alarm.origin.clone(),
        message: format!("alarm {}: {m}", alarm.name),
    };
    let n = alarm.evaluation_periods;
    if n == 0 {
        return Err(err(
            "EvaluationPeriods must be at least 1 (it is 0).".to_string()
        ));
    }
    let m = alarm.datapoints_to_alarm.unwrap_or(n);
    if m == 0 {
        return Err(err("DatapointsToAlarm must be at least 1 (it is 0).".into()));
    }
    if m > n {
        return Err(err(format!(
            "DatapointsToAlarm ({m}) can't be more than EvaluationPeriods ({n}): the alarm \
             looks at the last {n} datapoints only."
        )));
    }
    let period = match &alarm.source {
        AlarmSource::Metric(ms) => ms.period,
        AlarmSource::Math(queries) => math::common_period(queries).map_err(|e| AlarmError {
            origin: alarm.origin.clone(),
            message: format!("alarm {}: {}", alarm.name, e.message),
        })?,
    };
    check_period(period).map_err(err)?;
    let total = u64::from(period) * u64::from(n);
    let cap: u64 = if period < 3600 { 86_400 } else { 604_800 };
    if total > cap {
        return Err(err(format!(
            "Period × EvaluationPeriods is {total} s; CloudWatch allows at most {cap} s \
             ({}) for a period {} one hour.",
            if cap == 86_400 {
                "one day"
            } else {
                "seven days"
            },
            if period < 3600 {
                "shorter than"
            } else {
                "of at least"
            }
        )));
    }
    let band = is_band(alarm.comparison);
    if !band && alarm.threshold.is_none() {
        return Err(err(format!(
            "ComparisonOperator {:?} needs a Threshold.",
            alarm.comparison
        )));
    }
    if let Some(t) = alarm.threshold
        && !t.is_finite()
    {
        return Err(err(format!("Threshold {t} is not a number.")));
    }
    Ok(period)
}

/// `10`, `20`, `30` (high resolution) or a multiple of 60 seconds.
pub fn check_period(period: u32) -> Result<(), String> {
    if matches!(period, 10 | 20 | 30) || (period > 0 && period.is_multiple_of(60)) {
        Ok(())
    } else {
        Err(format!(
            "Period {period} s is not valid: CloudWatch accepts 10, 20 or 30 seconds (for \
             high-resolution metrics) or a multiple of 60 seconds."
        ))
    }
}

fn is_band(c: Comparison) -> bool {
    matches!(
        c,
        Comparison::LessThanLowerOrGreaterThanUpperThreshold
            | Comparison::LessThanLowerThreshold
            | Comparison::GreaterThanUpperThreshold
    )
}

/// The published metrics an alarm's metric selects: namespace, name and every dimension
/// (name and value) equal, case-sensitively, and the unit when the alarm sets one. None:
/// `Err` says, in words, what differs from the closest published metric.
pub fn find_published<'a>(
    want: &MetricId,
    metrics: &'a [Published],
) -> Result<Vec<&'a Published>, String> {
    let found: Vec<&Published> = metrics
        .iter()
        .filter(|p| selects(want, &p.metric))
        .collect();
    if !found.is_empty() {
        return Ok(found);
    }
    let Some((closest, diffs)) = metrics
        .iter()
        .map(|p| (p, differences(want, &p.metric)))
        .min_by_key(|(_, d)| d.len())
    else {
        return Err(format!(
            "the scenario publishes no metrics, so {} never receives data.",
            describe(want)
        ));
    };
    Err(format!(
        "no published metric matches {}; the closest is {}: {}.",
        describe(want),
        describe(&closest.metric),
        diffs.join("; ")
    ))
}

fn selects(want: &MetricId, got: &MetricId) -> bool {
    want.namespace == got.namespace
        && want.name == got.name
        && want.dimensions == got.dimensions
        && want
            .unit
            .as_ref()
            .is_none_or(|u| got.unit.as_ref() == Some(u))
}

/// `AWS/ApplicationELB TargetResponseTime {LoadBalancer=…}`.
pub fn describe(m: &MetricId) -> String {
    let mut s = format!("{} {}", m.namespace, m.name);
    if !m.dimensions.is_empty() {
        let dims: Vec<String> = m
            .dimensions
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        s.push_str(&format!(" {{{}}}", dims.join(", ")));
    }
    s
}

fn case_note(a: &str, b: &str) -> &'static str {
    if a != b && a.eq_ignore_ascii_case(b) {
        " (they differ only in case, and CloudWatch compares case-sensitively)"
    } else {
        ""
    }
}

fn differences(want: &MetricId, got: &MetricId) -> Vec<String> {
    let mut d = Vec::new();
    if want.namespace != got.namespace {
        d.push(format!(
            "this alarm asks for namespace {}, the metric is published in {}{}",
            want.namespace,
            got.namespace,
            case_note(&want.namespace, &got.namespace)
        ));
    }
    if want.name != got.name {
        d.push(format!(
            "this alarm asks for metric {}, the metric published is {}{}",
            want.name,
            got.name,
            case_note(&want.name, &got.name)
        ));
    }
    for (k, v) in &want.dimensions {
        match got.dimensions.get(k) {
            Some(gv) if gv == v => {}
            Some(gv) => d.push(format!(
                "this alarm asks for {k}={v}, the metric is published with {k}={gv}{}",
                case_note(v, gv)
            )),
            None => {
                let near = got.dimensions.keys().find(|gk| gk.eq_ignore_ascii_case(k));
                d.push(match near {
                    Some(gk) => format!(
                        "this alarm asks for dimension {k}, the metric is published with {gk}{}",
                        case_note(k, gk)
                    ),
                    None => format!(
                        "this alarm asks for {k}={v}, the metric is published without a {k} \
                         dimension"
                    ),
                });
            }
        }
    }
    for (k, v) in &got.dimensions {
        if !want.dimensions.contains_key(k)
            && !want.dimensions.keys().any(|wk| wk.eq_ignore_ascii_case(k))
        {
            d.push(format!(
                "the metric is published with {k}={v} as well, which this alarm doesn't name \
                 (an alarm must name every dimension of the metric)"
            ));
        }
    }
    if let Some(u) = &want.unit {
        match &got.unit {
            Some(gu) if gu == u => {}
            Some(gu) => d.push(format!(
                "the alarm asks for Unit {u}, the metric is published in {gu}"
            )),
            None => d.push(format!(
                "the alarm asks for Unit {u}, the metric is published without a unit"
            )),
        }
    }
    d
}

/// The per-period series of one metric over the scenario.
pub fn metric_series(ms: &MetricStat, scenario: &Scenario) -> Result<Series, AlarmError> {
    check_period(ms.period).map_err(AlarmError::new)?;
    let count = periods_of(scenario, ms.period)?;
    let first = stats::align_down(scenario.start, ms.period);
    let empty = |why: String| Series {
        period: ms.period,
        first,
        values: vec![None; count],
        counts: vec![0; count],
        no_data_because: Some(why),
    };
    let found = match find_published(&ms.metric, &scenario.metrics) {
        Ok(f) => f,
        Err(why) => return Ok(empty(why)),
    };
    let resolution = found.iter().map(|p| p.resolution).min().unwrap_or(60);
    if ms.period < resolution {
        return Ok(empty(format!(
            "the alarm's period is {} s but {} is published at {}-second resolution: \
             CloudWatch keeps no {}-second datapoints for it (publish with \
             StorageResolution 1, or use a period of at least {} s)",
            ms.period,
            describe(&found[0].metric),
            resolution,
            ms.period,
            resolution
        )));
    }
    let merged;
    let samples: &[super::model::Sample] = if found.len() == 1 {
        &found[0].samples
    } else {
        let mut all: Vec<super::model::Sample> = found
            .iter()
            .flat_map(|p| p.samples.iter().copied())
            .collect();
        all.sort_by_key(|s| s.at);
        merged = all;
        &merged
    };
    let points = stats::aggregate(samples, scenario.start, scenario.end, ms.period, ms.stat);
    Ok(Series {
        period: ms.period,
        first,
        values: points.iter().map(|p| p.1).collect(),
        counts: points.iter().map(|p| p.2).collect(),
        no_data_because: None,
    })
}

/// How many periods the scenario covers, refusing a scenario too long to evaluate.
pub fn periods_of(scenario: &Scenario, period: u32) -> Result<usize, AlarmError> {
    if scenario.end < scenario.start {
        return Err(AlarmError {
            origin: scenario.origin.clone(),
            message: format!(
                "scenario {}: it ends ({}) before it starts ({}).",
                scenario.name,
                format_time(scenario.end),
                format_time(scenario.start)
            ),
        });
    }
    let count = stats::period_count(scenario.start, scenario.end, period);
    if count > MAX_PERIODS {
        return Err(AlarmError {
            origin: scenario.origin.clone(),
            message: format!(
                "scenario {}: {} periods of {} s is more than the lab evaluates ({}); use a \
                 shorter scenario or a longer period.",
                scenario.name, count, period, MAX_PERIODS
            ),
        });
    }
    Ok(count)
}

/// Evaluates `alarm` over `scenario`, starting in `initial`.
pub fn evaluate(
    alarm: &MetricAlarm,
    scenario: &Scenario,
    initial: State,
) -> Result<Timeline, AlarmError> {
    let period = validate(alarm)?;
    periods_of(scenario, period)?;
    let (series, stat) = match &alarm.source {
        AlarmSource::Metric(ms) => (metric_series(ms, scenario)?, Some(ms.stat)),
        AlarmSource::Math(queries) => (
            math::alarm_series(queries, alarm.threshold_metric_id.as_deref(), scenario).map_err(
                |e| AlarmError {
                    origin: e.origin.or_else(|| alarm.origin.clone()),
                    message: format!("alarm {}: {}", alarm.name, e.message),
                },
            )?,
            None,
        ),
    };
    if is_band(alarm.comparison) && scenario.band.is_empty() {
        return Err(AlarmError {
            origin: alarm.origin.clone(),
            message: format!(
                "alarm {}: {:?} compares against an anomaly-detection band, and scenario {} \
                 has none.",
                alarm.name, alarm.comparison, scenario.name
            ),
        });
    }
    // "Alarms that evaluate metrics in the AWS/DynamoDB namespace always ignore missing
    // data", whatever TreatMissingData says (PutMetricAlarm's reference).
    if let AlarmSource::Metric(ms) = &alarm.source
        && ms.metric.namespace == "AWS/DynamoDB"
        && alarm.treat_missing != TreatMissing::Ignore
    {
        let ignoring = MetricAlarm {
            treat_missing: TreatMissing::Ignore,
            ..alarm.clone()
        };
        return Ok(run(&ignoring, &series, stat, scenario, initial));
    }
    Ok(run(alarm, &series, stat, scenario, initial))
}

/// The band around each period: the latest band entry within the period (start to end,
/// both included).
fn band_for(series: &Series, band: &[(i64, f64, f64)]) -> Vec<Option<(f64, f64)>> {
    let mut sorted: Vec<(i64, f64, f64)> = band.to_vec();
    sorted.sort_by_key(|b| b.0);
    let p = i64::from(series.period);
    (0..series.values.len())
        .map(|k| {
            let s = series.first + p * k as i64;
            let idx = sorted.partition_point(|b| b.0 <= s + p);
            (idx > 0 && sorted[idx - 1].0 >= s).then(|| (sorted[idx - 1].1, sorted[idx - 1].2))
        })
        .collect()
}

fn breaches(c: Comparison, v: f64, threshold: f64, band: Option<(f64, f64)>) -> Option<bool> {
    use Comparison::*;
    Some(match c {
        GreaterThanOrEqualToThreshold => v >= threshold,
        GreaterThanThreshold => v > threshold,
        LessThanThreshold => v < threshold,
        LessThanOrEqualToThreshold => v <= threshold,
        LessThanLowerOrGreaterThanUpperThreshold => {
            let (lo, hi) = band?;
            v < lo || v > hi
        }
        LessThanLowerThreshold => v < band?.0,
        GreaterThanUpperThreshold => v > band?.1,
    })
}

fn op_words(c: Comparison) -> &'static str {
    use Comparison::*;
    match c {
        GreaterThanOrEqualToThreshold => "greater than or equal to the threshold",
        GreaterThanThreshold => "greater than the threshold",
        LessThanThreshold => "less than the threshold",
        LessThanOrEqualToThreshold => "less than or equal to the threshold",
        LessThanLowerOrGreaterThanUpperThreshold => {
            "less than the lower band or greater than the upper band"
        }
        LessThanLowerThreshold => "less than the lower band",
        GreaterThanUpperThreshold => "greater than the upper band",
    }
}

fn run(
    alarm: &MetricAlarm,
    series: &Series,
    stat: Option<Statistic>,
    scenario: &Scenario,
    initial: State,
) -> Timeline {
    let n = alarm.evaluation_periods;
    let m = alarm.datapoints_to_alarm.unwrap_or(n);
    let treat = alarm.treat_missing;
    let count = series.values.len();
    let p = i64::from(series.period);
    let threshold = alarm.threshold.unwrap_or(f64::NAN);
    let bands = if is_band(alarm.comparison) {
        band_for(series, &scenario.band)
    } else {
        vec![None; count]
    };
    let breaching: Vec<Option<bool>> = series
        .values
        .iter()
        .zip(&bands)
        .map(|(v, b)| {
            let v = (*v)?;
            breaches(alarm.comparison, v, threshold, *b)
        })
        .collect();
    // Low-sample percentile periods (only when the alarm says "ignore").
    let low_minimum = match (stat, alarm.evaluate_low_sample_count_percentile) {
        (Some(Statistic::Percentile(pct)), Some(false)) => stats::low_sample_minimum(pct),
        _ => None,
    };

    // Prefix counts: real[k] / breach[k] = how many among datapoints 0..k.
    let mut real = Vec::with_capacity(count + 1);
    let mut breach = Vec::with_capacity(count + 1);
    real.push(0usize);
    breach.push(0usize);
    for b in &breaching {
        real.push(real.last().copied().unwrap_or(0) + usize::from(b.is_some()));
        breach.push(breach.last().copied().unwrap_or(0) + usize::from(*b == Some(true)));
    }

    let range = evaluation_range(n);
    let mut state = initial;
    let mut states = Vec::with_capacity(count);
    let mut transitions = Vec::new();
    let mut notifications = Vec::new();
    for k in 0..count {
        let at = series.first + p * (k as i64 + 1);
        let lo = (k + 1).saturating_sub(range);
        let low = low_minimum.is_some_and(|min| {
            series
                .counts
                .get(k)
                .is_some_and(|&c| c > 0 && (c as f64) < min)
        });
        let decision = if low {
            Decision::Retain
        } else {
            let facts = facts_at(&real, &breach, lo, k, n as usize);
            decide(&facts, n, m, treat)
        };
        let next = decision.apply(state);
        if next != state {
            let reason = reason(alarm, series, &breaching, &bands, lo, k, n, m, state, next);
            transitions.push(Transition {
                at,
                from: state,
                to: next,
                reason,
            });
            if alarm.actions_enabled {
                let actions = match next {
                    State::Alarm => &alarm.alarm_actions,
                    State::Ok => &alarm.ok_actions,
                    State::InsufficientData => &alarm.insufficient_data_actions,
                };
                if !actions.is_empty() {
                    notifications.push(Notification {
                        at,
                        state: next,
                        actions: actions.clone(),
                    });
                }
            }
            state = next;
        }
        states.push((at, state));
    }
    let datapoints = (0..count)
        .map(|k| Datapoint {
            at: series.first + p * k as i64,
            value: series.values[k],
            breaching: breaching[k],
        })
        .collect();
    Timeline {
        alarm: alarm.name.clone(),
        datapoints,
        states,
        transitions,
        notifications,
        final_state: state,
        no_data_because: series.no_data_because.clone(),
    }
}

/// [`RangeFacts`] for the range `lo..=k` from prefix counts, in O(log range).
fn facts_at(real: &[usize], breach: &[usize], lo: usize, k: usize, n: usize) -> RangeFacts {
    let real_in = real[k + 1] - real[lo];
    let breach_in = breach[k + 1] - breach[lo];
    let mut recent_breaching = 0;
    if real_in >= n {
        // The largest j in lo..=k with real[k+1] - real[j] >= n: the n-th most recent real.
        let (mut a, mut b) = (lo, k);
        while a < b {
            let mid = (a + b).div_ceil(2);
            if real[k + 1] - real[mid] >= n {
                a = mid;
            } else {
                b = mid - 1;
            }
        }
        recent_breaching = breach[k + 1] - breach[a];
    }
    let oldest_breaching_age = (breach_in > 0).then(|| {
        // The smallest j in lo..=k with breach[j+1] - breach[lo] >= 1.
        let (mut a, mut b) = (lo, k);
        while a < b {
            let mid = (a + b) / 2;
            if breach[mid + 1] - breach[lo] >= 1 {
                b = mid;
            } else {
                a = mid + 1;
            }
        }
        k - a + 1
    });
    RangeFacts {
        real: real_in,
        breaching: breach_in,
        recent_breaching,
        oldest_breaching_age,
    }
}

/// A number as CloudWatch prints one in a reason: `85.1`, `80.0`.
pub fn format_value(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.1}")
    } else {
        format!("{v}")
    }
}

/// `dd/mm/yy HH:MM:SS` in UTC, as in CloudWatch's state reasons.
pub fn format_time(t: i64) -> String {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (y, mo, d) = civil_from_days(days);
    format!(
        "{:02}/{:02}/{:02} {:02}:{:02}:{:02}",
        d,
        mo,
        y.rem_euclid(100),
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[allow(clippy::too_many_arguments)]
fn reason(
    alarm: &MetricAlarm,
    series: &Series,
    breaching: &[Option<bool>],
    bands: &[Option<(f64, f64)>],
    lo: usize,
    k: usize,
    n: u32,
    m: u32,
    from: State,
    to: State,
) -> String {
    let p = i64::from(series.period);
    let nu = n as usize;
    // The evaluated real datapoints, newest first: the most recent N real ones in range.
    let evaluated: Vec<usize> = (lo..=k)
        .rev()
        .filter(|&i| breaching[i].is_some())
        .take(nu)
        .collect();
    let filled = nu.saturating_sub(evaluated.len());
    let real_in_range = (lo..=k).filter(|&i| breaching[i].is_some()).count();
    let show = |i: usize| {
        let at = format_time(series.first + p * i as i64);
        let v = format_value(series.values[i].unwrap_or(f64::NAN));
        match bands[i] {
            Some((l, h)) => format!("{v} ({at}, band {}–{})", format_value(l), format_value(h)),
            None => format!("{v} ({at})"),
        }
    };
    let threshold = match alarm.threshold {
        Some(t) if !is_band(alarm.comparison) => format!(" ({})", format_value(t)),
        _ => String::new(),
    };
    let words = op_words(alarm.comparison);
    let list = |want: bool| -> (usize, String) {
        let items: Vec<String> = evaluated
            .iter()
            .filter(|&&i| breaching[i] == Some(want))
            .map(|&i| show(i))
            .collect();
        (items.len(), items.join(", "))
    };
    let treat_word = match alarm.treat_missing {
        TreatMissing::Breaching => "Breaching",
        TreatMissing::NotBreaching => "NonBreaching",
        TreatMissing::Missing => "Missing",
        TreatMissing::Ignore => "Ignore",
    };
    let fills = matches!(
        alarm.treat_missing,
        TreatMissing::Breaching | TreatMissing::NotBreaching
    );
    let filled_note = if fills && filled > 0 && real_in_range < nu {
        format!(
            " {} no datapoint, and {} treated as [{treat_word}].",
            plural(filled, "period had", "periods had"),
            plural(filled, "missing datapoint was", "missing datapoints were"),
        )
    } else {
        String::new()
    };
    let transition = format!("{} -> {}", from, to);
    match to {
        State::Alarm => {
            let (b, items) = list(true);
            let filled_breaching = alarm.treat_missing == TreatMissing::Breaching;
            if b == 0 && filled > 0 {
                return format!(
                    "Threshold Crossed: no datapoints were received for {} and {} treated \
                     as [Breaching] (minimum {} for {transition} transition).",
                    plural(filled, "period", "periods"),
                    plural(filled, "missing datapoint was", "missing datapoints were"),
                    plural(m as usize, "datapoint", "datapoints"),
                );
            }
            let mut s = format!(
                "Threshold Crossed: {b} out of the last {n} datapoints [{items}] {} {words}{threshold}",
                if b == 1 { "was" } else { "were" },
            );
            if (b as u32) < m && !filled_breaching {
                let oldest = evaluated.last().map_or(0, |&i| k - i + 1);
                s.push_str(&format!(
                    ", and the other {} missing: the oldest breach is {} old (at least \
                     DatapointsToAlarm) with only breaches or gaps since, so the alarm \
                     doesn't wait for more data",
                    plural(nu - b, "datapoint is", "datapoints are"),
                    plural(oldest, "period", "periods"),
                ));
            }
            s.push_str(&format!(
                " (minimum {} for {transition} transition).",
                plural(m as usize, "datapoint", "datapoints")
            ));
            s.push_str(&filled_note);
            s
        }
        State::Ok => {
            let (nb, items) = list(false);
            if nb == 0 && filled > 0 {
                return format!(
                    "Threshold Crossed: no datapoints were received for {} and {} treated \
                     as [{treat_word}].",
                    plural(filled, "period", "periods"),
                    plural(filled, "missing datapoint was", "missing datapoints were"),
                );
            }
            let mut s = format!(
                "Threshold Crossed: {nb} out of the last {n} datapoints [{items}] {} not {words}{threshold}",
                if nb == 1 { "was" } else { "were" },
            );
            s.push_str(&format!(
                " (fewer than {} of the last {n} breached, for {transition} transition).",
                plural(m as usize, "datapoint", "datapoints")
            ));
            s.push_str(&filled_note);
            s
        }
        State::InsufficientData => {
            if real_in_range == 0 {
                format!(
                    "Insufficient Data: {} unknown.",
                    plural(evaluation_range(n), "datapoint was", "datapoints were")
                )
            } else {
                let (b, items) = list(true);
                format!(
                    "Insufficient Data: {} of the last {n} datapoints {} unknown, and the {} \
                     received [{items}] {} too recently to decide on (ALARM needs {}, or a \
                     breach at least {} old).",
                    nu - real_in_range,
                    if nu - real_in_range == 1 {
                        "was"
                    } else {
                        "were"
                    },
                    plural(b, "breaching datapoint", "breaching datapoints"),
                    if b == 1 { "breaches" } else { "breach" },
                    plural(m as usize, "breaching datapoint", "breaching datapoints"),
                    plural(m as usize, "period", "periods"),
                )
            }
        }
    }
}
