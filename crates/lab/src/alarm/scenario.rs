//! Scenarios: what CloudWatch receives over a day (or a month), from one of two files.
//! docs/alarm-scenarios.md describes both formats with examples.
//!
//! ## CSV: the datapoints themselves
//!
//! ```text
//! # name: orders-api, a 5xx burst at 10:00
//! # metric: AWS/ApplicationELB HTTPCode_Target_5XX_Count LoadBalancer=app/orders-api/50dc6c495c0c9188 unit=Count resolution=60
//! timestamp,value
//! 2024-05-01T09:58:00Z,0
//! 2024-05-01T09:59:00Z,
//! 1714557600,42
//! ```
//!
//! - A row is `timestamp,value`: the timestamp in RFC 3339 (`2024-05-01T10:00:00Z`,
//!   any offset) or Unix seconds; an empty value marks a period with no data (nothing
//!   is published then). Two more columns, `lower,upper`, give an anomaly-detection
//!   band at that time.
//! - `# metric: NAMESPACE NAME [Dim=Value …] [unit=U] [resolution=1|60]` names the
//!   metric of the rows that follow; a file may hold several (for metric math).
//!   Dimension values cannot hold spaces.
//! - `# name:`, `# description:`, `# start:` and `# end:` (timestamps) are optional;
//!   by default the scenario runs from the first row's minute to the minute after the
//!   last row. Other `#` lines are comments; a `timestamp,value` header is skipped.
//! - Timestamps of one metric never go back (equal ones are several samples).
//!
//! ## TOML: a generator
//!
//! ```toml
//! name = "orders-api: a 5xx burst"
//! start = "2024-05-01T00:00:00Z"
//! duration = "24h"            # s, m, h, d, w; combined as "1h30m"
//! step = 60                   # seconds between samples (default 60)
//!
//! [[metric]]
//! namespace = "AWS/ApplicationELB"
//! name = "HTTPCode_Target_5XX_Count"
//! dimensions = { LoadBalancer = "app/orders-api/50dc6c495c0c9188" }
//! unit = "Count"
//! resolution = 60             # 1 (high resolution) or 60
//! baseline = 2
//! noise = 1                   # standard deviation of Gaussian noise…
//! seed = 7                    # …from a deterministic generator seeded here
//! daily = 1.5                 # amplitude of a daily wave, peaking at daily_peak
//! daily_peak = "14:00"
//! spikes = [{ at = "10:00", minutes = 15, value = 40 }]    # the level during the spike
//! gaps = [{ at = "03:00", minutes = 20 }]                  # no data at all
//! deploy_blips = [{ at = "16:00", every = "6h", minutes = 2, value = 8 }]  # added
//! slow_burn = { at = "12:00", minutes = 240, value = 30 }  # a ramp to +30, then held
//! integer = true              # round each value (counts)
//!
//! [expect]
//! alarm_within_minutes_of = { at = "10:00", minutes = 10 }
//! ```
//!
//! Times (`at`, `daily_peak`) are `HH:MM` (the first such time of day, UTC, at or after
//! `start`), `+1h30m` (after `start`) or RFC 3339. A value is `baseline + daily wave +
//! ramp + blips + noise` (a spike replaces all but the noise), clamped to `min`
//! (default 0) and `max`; `samples_per_step` (default 1) publishes several samples per
//! step (for percentiles). Every metric, event and expectation key is checked; errors
//! name the line.
//!
//! Bounds: files up to [`MAX_FILE_BYTES`], at most [`MAX_SAMPLES`] samples in all.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::model::{AlarmError, MetricId, Origin, Published, Sample, Scenario, State, Timeline};
use crate::text::LineIndex;

/// Scenario files larger than this are refused.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// At most this many samples in one scenario (all metrics together).
pub const MAX_SAMPLES: usize = 2_000_000;
/// At most this many metrics in one scenario.
pub const MAX_METRICS: usize = 100;
/// The longest scenario: a year and a bit.
pub const MAX_DURATION_SECS: i64 = 400 * 86_400;

/// A window of time: from `at`, `minutes` long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub at: i64,
    pub minutes: u32,
}

impl Window {
    pub fn contains(&self, t: i64) -> bool {
        t >= self.at && t <= self.at + i64::from(self.minutes) * 60
    }
}

/// What an exercise expects of the learner's alarm over a scenario (`[expect]`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Expectation {
    /// `alarm_within_minutes_of = { at, minutes }`: the alarm goes to ALARM in the window.
    pub alarm_within: Option<Window>,
    /// `never_alarms = true`: it never goes to ALARM.
    pub never_alarms: bool,
    /// `insufficient_data_within = { at, minutes }`: it goes to INSUFFICIENT_DATA in the window.
    pub insufficient_data_within: Option<Window>,
    /// `ok_within_minutes_of = { at, minutes }`: it goes back from ALARM to OK in the window.
    pub ok_within: Option<Window>,
    /// `final_state = "OK"`: the state at the end.
    pub final_state: Option<State>,
    /// `max_notifications = N`: at most N notifications (transitions that fire actions).
    pub max_notifications: Option<usize>,
}

impl Expectation {
    /// The expectations `timeline` does not meet, each in words; empty when all hold.
    pub fn unmet(&self, t: &Timeline) -> Vec<String> {
        let mut out = Vec::new();
        let entered = |s: State| -> Vec<i64> {
            t.transitions
                .iter()
                .filter(|x| x.to == s)
                .map(|x| x.at)
                .collect()
        };
        let words = |ts: &[i64]| -> String {
            if ts.is_empty() {
                "it never does".to_string()
            } else {
                let list: Vec<String> = ts.iter().take(5).map(|x| clock(*x)).collect();
                format!("it does at {}", list.join(", "))
            }
        };
        for (w, s) in [
            (self.alarm_within, State::Alarm),
            (self.insufficient_data_within, State::InsufficientData),
            (self.ok_within, State::Ok),
        ] {
            if let Some(w) = w {
                // Going back to OK means recovering from ALARM: a new alarm's first
                // INSUFFICIENT_DATA -> OK is not a recovery.
                let at: Vec<i64> = if s == State::Ok {
                    t.transitions
                        .iter()
                        .filter(|x| x.to == State::Ok && x.from == State::Alarm)
                        .map(|x| x.at)
                        .collect()
                } else {
                    entered(s)
                };
                if !at.iter().any(|x| w.contains(*x)) {
                    out.push(format!(
                        "the alarm should go to {s} between {} and {} ({} minutes), but {}",
                        clock(w.at),
                        clock(w.at + i64::from(w.minutes) * 60),
                        w.minutes,
                        words(&at)
                    ));
                }
            }
        }
        if self.never_alarms {
            let at = entered(State::Alarm);
            if !at.is_empty() {
                out.push(format!(
                    "the alarm should never go to ALARM, but {}",
                    words(&at)
                ));
            }
        }
        if let Some(s) = self.final_state
            && t.final_state != s
        {
            out.push(format!(
                "the alarm should end in {s}, it ends in {}",
                t.final_state
            ));
        }
        // Pages and all-clears count; a new alarm's first INSUFFICIENT_DATA -> OK does not.
        let sent = t
            .notifications
            .iter()
            .filter(|n| {
                !(n.state == State::Ok
                    && t.transitions.iter().any(|x| {
                        x.at == n.at && x.to == State::Ok && x.from == State::InsufficientData
                    }))
            })
            .count();
        if let Some(n) = self.max_notifications
            && sent > n
        {
            out.push(format!(
                "at most {n} notification(s) should be sent, {sent} are"
            ));
        }
        out
    }
}

/// `2024-05-01T10:00:00Z` of Unix seconds.
pub fn clock(t: i64) -> String {
    jiff::Timestamp::from_second(t).map_or_else(|_| t.to_string(), |ts| ts.to_string())
}

/// A scenario and what an exercise expects of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Loaded {
    pub scenario: Scenario,
    pub expect: Option<Expectation>,
}

/// Reads a scenario file: `.toml` is a generator, anything else CSV.
pub fn read_path(path: &Path) -> Result<Loaded, AlarmError> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path)
        .map_err(|e| AlarmError::at(&shown, 0, format!("cannot read it: {e}")))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(AlarmError::at(
            &shown,
            0,
            format!(
                "the file is {} bytes; scenario files are read up to {MAX_FILE_BYTES} bytes",
                meta.len()
            ),
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| AlarmError::at(&shown, 0, format!("cannot read it: {e}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| AlarmError::at(&shown, 0, "the file is not UTF-8 text"))?;
    if path.extension().is_some_and(|e| e == "toml") {
        read_toml(&shown, &text)
    } else {
        Ok(Loaded {
            scenario: read_csv(&shown, &text)?,
            expect: None,
        })
    }
}

// ---------------------------------------------------------------------------------------
// Times and durations.

/// RFC 3339 or Unix seconds.
fn parse_timestamp(s: &str) -> Option<i64> {
    let s = s.trim();
    if !s.is_empty()
        && s.bytes()
            .enumerate()
            .all(|(i, b)| b.is_ascii_digit() || (i == 0 && b == b'-'))
    {
        let v: i64 = s.parse().ok()?;
        return (-62_135_596_800..=253_402_300_799)
            .contains(&v)
            .then_some(v);
    }
    s.parse::<jiff::Timestamp>().ok().map(|t| t.as_second())
}

/// `90s`, `15m`, `24h`, `30d`, `2w`, combined (`1h30m`); a bare number is seconds.
pub fn parse_duration(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(v) = s.parse::<i64>() {
        return (v >= 0).then_some(v);
    }
    let mut total: i64 = 0;
    let mut num = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'w' => 604_800,
            _ => return None,
        };
        if num.is_empty() || num.len() > 9 {
            return None;
        }
        let n: i64 = num.parse().ok()?;
        total = total.checked_add(n.checked_mul(unit)?)?;
        num.clear();
    }
    num.is_empty().then_some(total)
}

/// `HH:MM[:SS]` (the first such time of day at or after `start`), `+DURATION` (after
/// `start`) or an RFC 3339 / Unix timestamp.
fn parse_at(s: &str, start: i64) -> Option<i64> {
    let s = s.trim();
    if let Some(rest) = s.strip_prefix('+') {
        return start.checked_add(parse_duration(rest)?);
    }
    let parts: Vec<&str> = s.split(':').collect();
    if (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
    {
        let h: i64 = parts[0].parse().ok()?;
        let m: i64 = parts[1].parse().ok()?;
        let sec: i64 = parts.get(2).map_or(Some(0), |p| p.parse().ok())?;
        if h > 23 || m > 59 || sec > 59 {
            return None;
        }
        let of_day = h * 3600 + m * 60 + sec;
        let midnight = start.div_euclid(86_400) * 86_400;
        let t = midnight + of_day;
        return Some(if t < start { t + 86_400 } else { t });
    }
    parse_timestamp(s)
}

// ---------------------------------------------------------------------------------------
// CSV.

/// Parses `NAMESPACE NAME [Dim=Value …] [unit=U] [resolution=N]`.
fn parse_metric_line(file: &str, line: usize, rest: &str) -> Result<(MetricId, u32), AlarmError> {
    let mut tokens = rest.split_whitespace();
    let usage = "write `# metric: NAMESPACE NAME [Dim=Value …] [unit=U] [resolution=60]`, e.g. `# metric: AWS/ApplicationELB HTTPCode_Target_5XX_Count LoadBalancer=app/orders-api/50dc6c495c0c9188 unit=Count`";
    let (Some(namespace), Some(name)) = (tokens.next(), tokens.next()) else {
        return Err(AlarmError::at(
            file,
            line,
            format!("the metric line needs a namespace and a name: {usage}"),
        ));
    };
    if name.contains('=') {
        return Err(AlarmError::at(
            file,
            line,
            format!("the metric's name comes second, before the dimensions: {usage}"),
        ));
    }
    let mut id = MetricId {
        namespace: namespace.to_string(),
        name: name.to_string(),
        ..MetricId::default()
    };
    let mut resolution = 60;
    for t in tokens {
        let Some((k, v)) = t.split_once('=') else {
            return Err(AlarmError::at(
                file,
                line,
                format!("`{t}` is not `Dimension=Value`: {usage}"),
            ));
        };
        if k.is_empty() || v.is_empty() {
            return Err(AlarmError::at(
                file,
                line,
                format!("`{t}` needs both a name and a value"),
            ));
        }
        match k {
            "unit" => id.unit = Some(v.to_string()),
            "resolution" => {
                resolution = match v {
                    "1" => 1,
                    "60" => 60,
                    _ => {
                        return Err(AlarmError::at(
                            file,
                            line,
                            format!(
                                "resolution={v}: a metric is stored at 1 second (high resolution) or 60 seconds"
                            ),
                        ));
                    }
                }
            }
            _ => {
                if id.dimensions.len() >= 30 {
                    return Err(AlarmError::at(
                        file,
                        line,
                        "a metric has at most 30 dimensions",
                    ));
                }
                if id.dimensions.insert(k.to_string(), v.to_string()).is_some() {
                    return Err(AlarmError::at(
                        file,
                        line,
                        format!("the dimension `{k}` is given twice"),
                    ));
                }
            }
        }
    }
    Ok((id, resolution))
}

fn parse_value(file: &str, line: usize, what: &str, s: &str) -> Result<f64, AlarmError> {
    let v: f64 = s.trim().parse().map_err(|_| {
        AlarmError::at(
            file,
            line,
            format!("the {what} `{}` is not a number", s.trim()),
        )
    })?;
    if !v.is_finite() {
        return Err(AlarmError::at(
            file,
            line,
            format!("the {what} `{}` is not a finite number", s.trim()),
        ));
    }
    Ok(v)
}

/// Reads a CSV scenario (see the module's documentation). `file` names it in messages.
pub fn read_csv(file: &str, text: &str) -> Result<Scenario, AlarmError> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(AlarmError::at(
            file,
            0,
            format!(
                "the text is {} bytes; scenario files are read up to {MAX_FILE_BYTES} bytes",
                text.len()
            ),
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut sc = Scenario {
        origin: Some(Origin {
            file: file.to_string(),
            line: 1,
        }),
        ..Scenario::default()
    };
    let mut start: Option<i64> = None;
    let mut end: Option<i64> = None;
    let (mut first, mut last): (Option<i64>, Option<i64>) = (None, None);
    // The last timestamp of the current metric (empty rows too), and its line.
    let mut prev: Option<(i64, usize)> = None;
    let mut prev_band: Option<i64> = None;
    let mut total = 0usize;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let l = raw.trim();
        if l.is_empty() {
            continue;
        }
        if let Some(c) = l.strip_prefix('#') {
            let c = c.trim();
            let directive = c
                .split_once(':')
                .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim()));
            match directive.as_ref().map(|(k, v)| (k.as_str(), *v)) {
                Some(("metric", rest)) => {
                    if sc.metrics.len() >= MAX_METRICS {
                        return Err(AlarmError::at(
                            file,
                            n,
                            format!("a scenario holds at most {MAX_METRICS} metrics"),
                        ));
                    }
                    let (metric, resolution) = parse_metric_line(file, n, rest)?;
                    if sc.metrics.iter().any(|m| m.metric == metric) {
                        return Err(AlarmError::at(
                            file,
                            n,
                            "this metric was already named above: put all its rows under one `# metric:` line",
                        ));
                    }
                    sc.metrics.push(Published {
                        metric,
                        resolution,
                        samples: Vec::new(),
                    });
                    prev = None;
                }
                Some(("name", v)) => sc.name = v.to_string(),
                Some(("description", v)) => sc.description = v.to_string(),
                Some(("start", v)) => {
                    start = Some(parse_timestamp(v).ok_or_else(|| {
                        AlarmError::at(file, n, format!("`{v}` is not a timestamp: RFC 3339 (2024-05-01T00:00:00Z) or Unix seconds"))
                    })?);
                }
                Some(("end", v)) => {
                    end = Some(parse_timestamp(v).ok_or_else(|| {
                        AlarmError::at(file, n, format!("`{v}` is not a timestamp: RFC 3339 (2024-05-01T00:00:00Z) or Unix seconds"))
                    })?);
                }
                _ => {}
            }
            continue;
        }
        let cols: Vec<&str> = l.split(',').map(str::trim).collect();
        if cols
            .first()
            .is_some_and(|c| c.eq_ignore_ascii_case("timestamp") || c.eq_ignore_ascii_case("time"))
        {
            continue;
        }
        if cols.len() != 2 && cols.len() != 4 {
            return Err(AlarmError::at(
                file,
                n,
                format!(
                    "a row is `timestamp,value` (or `timestamp,value,lower,upper`); this one has {} column(s)",
                    cols.len()
                ),
            ));
        }
        let Some(metric) = sc.metrics.last_mut() else {
            return Err(AlarmError::at(
                file,
                n,
                "a row before any `# metric:` line: name the metric first, e.g. `# metric: AWS/ApplicationELB HTTPCode_Target_5XX_Count LoadBalancer=app/orders-api/50dc6c495c0c9188`",
            ));
        };
        let at = parse_timestamp(cols[0]).ok_or_else(|| {
            AlarmError::at(
                file,
                n,
                format!(
                    "`{}` is not a timestamp: RFC 3339 (2024-05-01T10:00:00Z) or Unix seconds",
                    cols[0]
                ),
            )
        })?;
        if let Some((p, pl)) = prev
            && at < p
        {
            return Err(AlarmError::at(
                file,
                n,
                format!(
                    "{} comes before {} (line {pl}): rows of a metric must be in time order",
                    clock(at),
                    clock(p)
                ),
            ));
        }
        prev = Some((at, n));
        first = Some(first.map_or(at, |f| f.min(at)));
        last = Some(last.map_or(at, |f| f.max(at)));
        if !cols[1].is_empty() {
            total += 1;
            if total > MAX_SAMPLES {
                return Err(AlarmError::at(
                    file,
                    n,
                    format!("more than {MAX_SAMPLES} samples: a scenario holds at most that many"),
                ));
            }
            let value = parse_value(file, n, "value", cols[1])?;
            metric.samples.push(Sample { at, value });
        }
        if cols.len() == 4 && !(cols[2].is_empty() && cols[3].is_empty()) {
            let lower = parse_value(file, n, "band's lower bound", cols[2])?;
            let upper = parse_value(file, n, "band's upper bound", cols[3])?;
            if lower > upper {
                return Err(AlarmError::at(
                    file,
                    n,
                    format!("the band's lower bound {lower} is above its upper bound {upper}"),
                ));
            }
            if prev_band.is_some_and(|p| at < p) {
                return Err(AlarmError::at(file, n, "band rows must be in time order"));
            }
            prev_band = Some(at);
            sc.band.push((at, lower, upper));
        }
    }
    if sc.metrics.is_empty() {
        return Err(AlarmError::at(
            file,
            1,
            "no `# metric:` line: name the metric the rows belong to, e.g. `# metric: AWS/ApplicationELB HTTPCode_Target_5XX_Count LoadBalancer=app/orders-api/50dc6c495c0c9188`",
        ));
    }
    let (Some(first), Some(last)) = (first, last) else {
        return Err(AlarmError::at(
            file,
            1,
            "no rows: add `timestamp,value` lines under the `# metric:` line",
        ));
    };
    sc.start = start.unwrap_or(first.div_euclid(60) * 60);
    sc.end = end.unwrap_or(last.div_euclid(60) * 60 + 60);
    if sc.end <= sc.start {
        return Err(AlarmError::at(
            file,
            1,
            "the scenario's end is not after its start",
        ));
    }
    if sc.end - sc.start > MAX_DURATION_SECS {
        return Err(AlarmError::at(
            file,
            1,
            format!(
                "the scenario spans more than {} days",
                MAX_DURATION_SECS / 86_400
            ),
        ));
    }
    Ok(sc)
}

// ---------------------------------------------------------------------------------------
// TOML.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlScenario {
    name: Option<String>,
    description: Option<String>,
    start: Spanned<String>,
    duration: Spanned<String>,
    step: Option<Spanned<u32>>,
    #[serde(default)]
    metric: Vec<Spanned<TomlMetric>>,
    expect: Option<TomlExpect>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlMetric {
    namespace: String,
    name: String,
    #[serde(default)]
    dimensions: BTreeMap<String, String>,
    unit: Option<String>,
    resolution: Option<Spanned<u32>>,
    step: Option<Spanned<u32>>,
    samples_per_step: Option<Spanned<u32>>,
    #[serde(default)]
    baseline: f64,
    #[serde(default)]
    noise: f64,
    #[serde(default)]
    seed: u64,
    #[serde(default)]
    daily: f64,
    daily_peak: Option<Spanned<String>>,
    #[serde(default)]
    spikes: Vec<Spanned<TomlEvent>>,
    #[serde(default)]
    gaps: Vec<Spanned<TomlEvent>>,
    #[serde(default)]
    deploy_blips: Vec<Spanned<TomlEvent>>,
    slow_burn: Option<Spanned<TomlEvent>>,
    min: Option<f64>,
    max: Option<f64>,
    #[serde(default)]
    integer: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlEvent {
    at: Spanned<String>,
    minutes: Option<f64>,
    value: Option<f64>,
    every: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlWindow {
    at: Spanned<String>,
    minutes: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlExpect {
    alarm_within_minutes_of: Option<TomlWindow>,
    #[serde(default)]
    never_alarms: bool,
    insufficient_data_within: Option<TomlWindow>,
    ok_within_minutes_of: Option<TomlWindow>,
    final_state: Option<Spanned<String>>,
    max_notifications: Option<usize>,
}

/// One event resolved to times: occurrences (start, end) in seconds.
struct Event {
    spans: Vec<(i64, i64)>,
    value: f64,
}

/// Most occurrences of one repeating event.
const MAX_OCCURRENCES: usize = 100_000;

/// Deterministic noise: splitmix64 and Box–Muller.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in (0, 1].
    fn unit(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 1.0) / (1u64 << 53) as f64
    }

    fn gauss(&mut self) -> f64 {
        let (u1, u2) = (self.unit(), self.unit());
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
}

/// Reads a TOML generator (see the module's documentation) into its samples.
pub fn read_toml(file: &str, text: &str) -> Result<Loaded, AlarmError> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(AlarmError::at(
            file,
            0,
            format!(
                "the text is {} bytes; scenario files are read up to {MAX_FILE_BYTES} bytes",
                text.len()
            ),
        ));
    }
    let lines = LineIndex::new(text);
    let line = |span: std::ops::Range<usize>| lines.line(span.start);
    let doc: TomlScenario = toml::from_str(text).map_err(|e| {
        let at = e.span().map_or(0, |s| lines.line(s.start));
        let msg = e.message().trim().to_string();
        AlarmError::at(file, at, format!("{msg}{}", toml_hint(&msg)))
    })?;
    let err = |span: std::ops::Range<usize>, m: String| AlarmError::at(file, line(span), m);
    let start = parse_timestamp(doc.start.get_ref()).ok_or_else(|| {
        err(
            doc.start.span(),
            format!(
                "start `{}` is not a timestamp: RFC 3339 (2024-05-01T00:00:00Z) or Unix seconds",
                doc.start.get_ref()
            ),
        )
    })?;
    let duration = parse_duration(doc.duration.get_ref())
        .filter(|d| *d > 0)
        .ok_or_else(|| {
            err(
                doc.duration.span(),
                format!(
                    "duration `{}` is not a duration: e.g. \"24h\", \"30d\", \"1h30m\"",
                    doc.duration.get_ref()
                ),
            )
        })?;
    if duration > MAX_DURATION_SECS {
        return Err(err(
            doc.duration.span(),
            format!(
                "a scenario spans at most {} days",
                MAX_DURATION_SECS / 86_400
            ),
        ));
    }
    let end = start + duration;
    let step_of = |s: &Option<Spanned<u32>>, default: u32| -> Result<u32, AlarmError> {
        match s {
            None => Ok(default),
            Some(s) if *s.get_ref() == 0 => {
                Err(err(s.span(), "step must be at least 1 second".to_string()))
            }
            Some(s) => Ok(*s.get_ref()),
        }
    };
    let step = step_of(&doc.step, 60)?;
    if doc.metric.is_empty() {
        return Err(AlarmError::at(
            file,
            1,
            "no [[metric]]: add at least one, with namespace, name and baseline",
        ));
    }
    if doc.metric.len() > MAX_METRICS {
        return Err(AlarmError::at(
            file,
            1,
            format!("a scenario holds at most {MAX_METRICS} metrics"),
        ));
    }
    // Count the samples before making any.
    let mut total: u64 = 0;
    for m in &doc.metric {
        let mm = m.get_ref();
        let s = step_of(&mm.step, step)?;
        let per = mm.samples_per_step.as_ref().map_or(1, |s| *s.get_ref());
        if per == 0 {
            let sp = mm.samples_per_step.as_ref().map_or(m.span(), Spanned::span);
            return Err(err(sp, "samples_per_step must be at least 1".to_string()));
        }
        total = total.saturating_add(
            (duration as u64)
                .div_ceil(u64::from(s))
                .saturating_mul(u64::from(per)),
        );
        if total > MAX_SAMPLES as u64 {
            return Err(err(
                m.span(),
                format!(
                    "this generator makes more than {MAX_SAMPLES} samples (duration ÷ step × samples_per_step): lengthen the step or shorten the duration"
                ),
            ));
        }
    }
    let mut sc = Scenario {
        name: doc.name.clone().unwrap_or_default(),
        description: doc.description.clone().unwrap_or_default(),
        start,
        end,
        metrics: Vec::new(),
        band: Vec::new(),
        origin: Some(Origin {
            file: file.to_string(),
            line: 1,
        }),
    };
    let events = |list: &[Spanned<TomlEvent>],
                  what: &str,
                  default_minutes: f64,
                  needs_value: bool|
     -> Result<Vec<Event>, AlarmError> {
        let mut out = Vec::new();
        for e in list {
            let ev = e.get_ref();
            let at = parse_at(ev.at.get_ref(), start).ok_or_else(|| {
                err(ev.at.span(), format!("{what} at `{}` is not a time: \"10:00\" (UTC time of day), \"+2h\" (after start) or RFC 3339", ev.at.get_ref()))
            })?;
            let minutes = ev.minutes.unwrap_or(default_minutes);
            if !(minutes > 0.0 && minutes.is_finite() && minutes <= (MAX_DURATION_SECS / 60) as f64)
            {
                return Err(err(
                    e.span(),
                    format!("{what}: minutes must be a positive number"),
                ));
            }
            let value = match (ev.value, needs_value) {
                (Some(v), true) if v.is_finite() => v,
                (None, true) => return Err(err(e.span(), format!("{what} needs a value"))),
                (Some(_), false) => {
                    return Err(err(
                        e.span(),
                        format!("{what} take no value: nothing is published during one"),
                    ));
                }
                _ => 0.0,
            };
            let len = (minutes * 60.0).round() as i64;
            let mut spans = vec![(at, at + len)];
            if let Some(every) = &ev.every {
                let p = parse_duration(every.get_ref())
                    .filter(|p| *p > 0)
                    .ok_or_else(|| {
                        err(
                            every.span(),
                            format!(
                                "every `{}` is not a duration: e.g. \"6h\", \"1d\"",
                                every.get_ref()
                            ),
                        )
                    })?;
                let mut t = at + p;
                while t < end {
                    if spans.len() >= MAX_OCCURRENCES {
                        return Err(err(
                            every.span(),
                            format!("{what} repeats more than {MAX_OCCURRENCES} times"),
                        ));
                    }
                    spans.push((t, t + len));
                    t += p;
                }
            }
            out.push(Event { spans, value });
        }
        Ok(out)
    };
    for m in &doc.metric {
        let mm = m.get_ref();
        let resolution = match &mm.resolution {
            None => 60,
            Some(r) if matches!(*r.get_ref(), 1 | 60) => *r.get_ref(),
            Some(r) => {
                return Err(err(
                    r.span(),
                    format!(
                        "resolution {}: a metric is stored at 1 second (high resolution) or 60 seconds",
                        r.get_ref()
                    ),
                ));
            }
        };
        if mm.namespace.trim().is_empty() || mm.name.trim().is_empty() {
            return Err(err(
                m.span(),
                "a [[metric]] needs a namespace and a name".to_string(),
            ));
        }
        if mm.dimensions.len() > 30 {
            return Err(err(
                m.span(),
                "a metric has at most 30 dimensions".to_string(),
            ));
        }
        for (k, v) in [
            ("baseline", mm.baseline),
            ("noise", mm.noise),
            ("daily", mm.daily),
        ] {
            if !v.is_finite() || (k == "noise" && v < 0.0) {
                return Err(err(
                    m.span(),
                    format!(
                        "{k} must be a finite number{}",
                        if k == "noise" { " ≥ 0" } else { "" }
                    ),
                ));
            }
        }
        let peak = match &mm.daily_peak {
            None => 14 * 3600,
            Some(p) => parse_at(p.get_ref(), start.div_euclid(86_400) * 86_400)
                .map(|t| t.rem_euclid(86_400))
                .ok_or_else(|| {
                    err(
                        p.span(),
                        format!(
                            "daily_peak `{}` is not a time of day such as \"14:00\"",
                            p.get_ref()
                        ),
                    )
                })?,
        };
        let spikes = events(&mm.spikes, "a spike", 15.0, true)?;
        let gaps = events(&mm.gaps, "gaps", 15.0, false)?;
        let blips = events(&mm.deploy_blips, "a deploy blip", 2.0, true)?;
        let burn = match &mm.slow_burn {
            None => None,
            Some(b) => events(std::slice::from_ref(b), "a slow burn", 60.0, true)?.pop(),
        };
        let min = mm.min.unwrap_or(0.0);
        let max = mm.max.unwrap_or(f64::INFINITY);
        if min > max {
            return Err(err(m.span(), format!("min {min} is above max {max}")));
        }
        let metric_step = step_of(&mm.step, step)?;
        let per = mm.samples_per_step.as_ref().map_or(1, |s| *s.get_ref());
        let mut rng = Rng(mm.seed);
        let within = |ev: &[Event], t: i64| -> Option<f64> {
            ev.iter().find_map(|e| {
                e.spans
                    .iter()
                    .any(|(a, b)| t >= *a && t < *b)
                    .then_some(e.value)
            })
        };
        let mut samples = Vec::new();
        let mut t = start;
        while t < end {
            if within(&gaps, t).is_none() {
                let wave = mm.daily
                    * (std::f64::consts::TAU * ((t - peak).rem_euclid(86_400)) as f64 / 86_400.0)
                        .cos();
                let ramp = burn.as_ref().map_or(0.0, |b| {
                    let (a, z) = b.spans[0];
                    if t < a {
                        0.0
                    } else if t >= z {
                        b.value
                    } else {
                        b.value * (t - a) as f64 / (z - a) as f64
                    }
                });
                let blip: f64 = blips
                    .iter()
                    .filter(|e| e.spans.iter().any(|(a, b)| t >= *a && t < *b))
                    .map(|e| e.value)
                    .sum();
                let level = within(&spikes, t).unwrap_or(mm.baseline + wave + ramp + blip);
                for _ in 0..per {
                    let noise = if mm.noise > 0.0 {
                        mm.noise * rng.gauss()
                    } else {
                        0.0
                    };
                    let mut v = (level + noise).clamp(min, max);
                    if mm.integer {
                        v = v.round();
                    }
                    samples.push(Sample { at: t, value: v });
                }
            }
            t += i64::from(metric_step);
        }
        let metric = MetricId {
            namespace: mm.namespace.clone(),
            name: mm.name.clone(),
            dimensions: mm.dimensions.clone(),
            unit: mm.unit.clone(),
        };
        if sc.metrics.iter().any(|p| p.metric == metric) {
            return Err(err(
                m.span(),
                "this metric is generated twice: merge the two [[metric]] tables".to_string(),
            ));
        }
        sc.metrics.push(Published {
            metric,
            resolution,
            samples,
        });
    }
    let expect = match &doc.expect {
        None => None,
        Some(x) => {
            let window = |w: &Option<TomlWindow>| -> Result<Option<Window>, AlarmError> {
                let Some(w) = w else { return Ok(None) };
                let at = parse_at(w.at.get_ref(), start).ok_or_else(|| {
                    err(
                        w.at.span(),
                        format!(
                            "`{}` is not a time: \"10:00\", \"+2h\" or RFC 3339",
                            w.at.get_ref()
                        ),
                    )
                })?;
                Ok(Some(Window {
                    at,
                    minutes: w.minutes,
                }))
            };
            let final_state = match &x.final_state {
                None => None,
                Some(s) => Some(State::parse(s.get_ref()).ok_or_else(|| {
                    err(
                        s.span(),
                        format!(
                            "final_state `{}` is not a state: OK, ALARM or INSUFFICIENT_DATA",
                            s.get_ref()
                        ),
                    )
                })?),
            };
            Some(Expectation {
                alarm_within: window(&x.alarm_within_minutes_of)?,
                never_alarms: x.never_alarms,
                insufficient_data_within: window(&x.insufficient_data_within)?,
                ok_within: window(&x.ok_within_minutes_of)?,
                final_state,
                max_notifications: x.max_notifications,
            })
        }
    };
    Ok(Loaded {
        scenario: sc,
        expect,
    })
}

fn toml_hint(msg: &str) -> &'static str {
    if msg.contains("missing field `start`") || msg.contains("missing field `duration`") {
        " (a generator needs start = \"2024-05-01T00:00:00Z\" and duration = \"24h\" at the top)"
    } else if msg.contains("unknown field") {
        " (names are case-sensitive; docs/alarm-scenarios.md lists them all)"
    } else {
        ""
    }
}
