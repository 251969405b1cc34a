//! Per-period statistics over raw samples: what `GetMetricStatistics` would return for a
//! metric, one datapoint per period.
//!
//! Definitions follow AWS's page "CloudWatch statistics definitions":
//!
//! - **SampleCount**: how many samples fell in the period.
//! - **Sum**, **Average** (`Sum / SampleCount`), **Minimum**, **Maximum**.
//! - **Percentile** `pNN` / `pNN.N`: "p95 means that 95 percent of the data within the
//!   period is lower than this value". AWS does not publish an interpolation rule (its
//!   stored percentiles are approximations kept in a value histogram), so the lab uses the
//!   **nearest-rank** definition, which returns a value that was actually published and
//!   matches the sentence above: sort the `n` samples, take the one at 1-based rank
//!   `ceil(p / 100 × n)` (at least 1). `p0` is the minimum, `p100` the maximum; no value
//!   between two samples is ever invented.
//! - **Trimmed mean** `TM(a%:b%)`: "the mean of all values that are between two specified
//!   boundaries"; `TM(2%:98%)` "calculates the average after removing the lowest 2% and
//!   the highest 2% of data points". The lab removes the lowest `floor(a/100 × n)` and keeps
//!   up to rank `ceil(b/100 × n)`, then averages what is left (none left: no datapoint).
//!
//! A period with no samples has no datapoint (`None`), whatever the statistic — CloudWatch
//! returns nothing for it, not a zero.
//!
//! Periods are aligned to multiples of the period since the Unix epoch, as CloudWatch's
//! datapoint timestamps are: the first period starts at `start` rounded down to a multiple
//! of `period`, and periods follow while their start is before `end`.

use super::model::{Sample, Statistic};

/// The start of the period that contains `t` (periods aligned to the epoch).
pub fn align_down(t: i64, period: u32) -> i64 {
    let p = i64::from(period.max(1));
    t.div_euclid(p) * p
}

/// How many periods [`aggregate`] yields for `start..end`.
pub fn period_count(start: i64, end: i64, period: u32) -> usize {
    if end <= start || period == 0 {
        return 0;
    }
    let first = align_down(start, period);
    let p = i64::from(period);
    let n = (end - first + p - 1) / p;
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// One datapoint per period between `start` (inclusive, rounded down to the period) and
/// `end` (exclusive): `(period start, value, sample count)`; `None` when the period holds no
/// sample. Samples outside the periods are left out; they need not be sorted.
pub fn aggregate(
    samples: &[Sample],
    start: i64,
    end: i64,
    period: u32,
    stat: Statistic,
) -> Vec<(i64, Option<f64>, usize)> {
    let count = period_count(start, end, period);
    if count == 0 {
        return Vec::new();
    }
    let first = align_down(start, period);
    let p = i64::from(period);
    let last_end = first.saturating_add(p.saturating_mul(count as i64));

    // Bucket sample values by period index: one pass, then a per-bucket reduction.
    let sorted = samples.windows(2).all(|w| w[0].at <= w[1].at);
    let mut owned;
    let samples: &[Sample] = if sorted {
        samples
    } else {
        owned = samples.to_vec();
        owned.sort_by_key(|s| s.at);
        &owned
    };
    let lo = samples.partition_point(|s| s.at < first);
    let hi = samples.partition_point(|s| s.at < last_end);
    let samples = &samples[lo..hi];

    let mut out = Vec::with_capacity(count);
    let mut i = 0;
    let mut scratch: Vec<f64> = Vec::new();
    for k in 0..count {
        let ps = first + p * k as i64;
        let pe = ps + p;
        let j = i + samples[i..].partition_point(|s| s.at < pe);
        let bucket = &samples[i..j];
        i = j;
        out.push((ps, reduce(bucket, stat, &mut scratch), bucket.len()));
    }
    out
}

fn reduce(bucket: &[Sample], stat: Statistic, scratch: &mut Vec<f64>) -> Option<f64> {
    if bucket.is_empty() {
        return None;
    }
    let n = bucket.len();
    Some(match stat {
        Statistic::SampleCount => n as f64,
        Statistic::Sum => bucket.iter().map(|s| s.value).sum(),
        Statistic::Average => bucket.iter().map(|s| s.value).sum::<f64>() / n as f64,
        Statistic::Minimum => bucket.iter().map(|s| s.value).fold(f64::INFINITY, f64::min),
        Statistic::Maximum => bucket
            .iter()
            .map(|s| s.value)
            .fold(f64::NEG_INFINITY, f64::max),
        Statistic::Percentile(pct) => {
            sorted_values(bucket, scratch);
            percentile_of_sorted(scratch, pct)
        }
        Statistic::TrimmedMean { low, high } => {
            sorted_values(bucket, scratch);
            return trimmed_mean_of_sorted(scratch, low, high);
        }
    })
}

fn sorted_values(bucket: &[Sample], scratch: &mut Vec<f64>) {
    scratch.clear();
    scratch.extend(bucket.iter().map(|s| s.value));
    scratch.sort_by(f64::total_cmp);
}

/// Nearest-rank percentile of sorted values (see the module's notes); `pct` in 0–100.
pub fn percentile_of_sorted(sorted: &[f64], pct: f64) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return f64::NAN;
    }
    let pct = pct.clamp(0.0, 100.0);
    let rank = (pct / 100.0 * n as f64).ceil() as usize;
    sorted[rank.clamp(1, n) - 1]
}

/// Trimmed mean of sorted values between two percentages (see the module's notes).
pub fn trimmed_mean_of_sorted(sorted: &[f64], low: f64, high: f64) -> Option<f64> {
    let n = sorted.len() as f64;
    let low = low.clamp(0.0, 100.0);
    let high = high.clamp(0.0, 100.0);
    let from = (low / 100.0 * n).floor() as usize;
    let to = ((high / 100.0 * n).ceil() as usize).min(sorted.len());
    if from >= to {
        return None;
    }
    let kept = &sorted[from..to];
    Some(kept.iter().sum::<f64>() / kept.len() as f64)
}

/// `EvaluateLowSampleCountPercentile`: how many samples a period needs before a
/// percentile of it counts as statistically significant. From AWS's "Percentile-based
/// alarms and low data samples": for a percentile from 0.5 (inclusive) to 1.0 (exclusive)
/// the setting applies when there are fewer than `10 / (1 − percentile)` samples (p99:
/// 1000); below 0.5, fewer than `10 / percentile`. `p0` and `p100` are the minimum and
/// maximum, exact with any number of samples: `None` (no minimum).
pub fn low_sample_minimum(pct: f64) -> Option<f64> {
    let q = pct / 100.0;
    if q <= 0.0 || q >= 1.0 || !q.is_finite() {
        None
    } else if q >= 0.5 {
        Some(10.0 / (1.0 - q))
    } else {
        Some(10.0 / q)
    }
}
