//! The alarm lab's shared vocabulary: what an alarm asks CloudWatch for, what a scenario
//! publishes, and what evaluating one over the other produces. Readers
//! ([`super::read`], [`super::scenario`]) build these; the evaluator ([`super::eval`],
//! [`super::composite`]) consumes them. Times are Unix seconds (UTC).

use std::collections::BTreeMap;
use std::fmt;

/// Where something was read from, for messages ("alarm.json:12").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    /// 1-based; 0 when unknown.
    pub line: usize,
}

/// An error in an alarm, a scenario or their combination, with where it was found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", origin.as_ref().map(|o| if o.line > 0 { format!("{}:{}: ", o.file, o.line) } else { format!("{}: ", o.file) }).unwrap_or_default())]
pub struct AlarmError {
    pub origin: Option<Origin>,
    pub message: String,
}

impl AlarmError {
    pub fn new(message: impl Into<String>) -> AlarmError {
        AlarmError {
            origin: None,
            message: message.into(),
        }
    }

    pub fn at(file: &str, line: usize, message: impl Into<String>) -> AlarmError {
        AlarmError {
            origin: Some(Origin {
                file: file.to_string(),
                line,
            }),
            message: message.into(),
        }
    }
}

/// The three states of a CloudWatch alarm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum State {
    Ok,
    Alarm,
    InsufficientData,
}

impl State {
    /// CloudWatch's spelling: `OK`, `ALARM`, `INSUFFICIENT_DATA`.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Ok => "OK",
            State::Alarm => "ALARM",
            State::InsufficientData => "INSUFFICIENT_DATA",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        match s {
            "OK" => Some(State::Ok),
            "ALARM" => Some(State::Alarm),
            "INSUFFICIENT_DATA" => Some(State::InsufficientData),
            _ => None,
        }
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A statistic an alarm asks for over each period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Statistic {
    SampleCount,
    Sum,
    Average,
    Minimum,
    Maximum,
    /// `p99`, `p99.9`: the percentile, 0–100.
    Percentile(f64),
    /// `TM(10%:90%)`: the mean of the values between two percentiles (0–100).
    TrimmedMean {
        low: f64,
        high: f64,
    },
}

/// `ComparisonOperator`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    GreaterThanOrEqualToThreshold,
    GreaterThanThreshold,
    LessThanThreshold,
    LessThanOrEqualToThreshold,
    /// Anomaly-detection bands: against the band series named by `threshold_metric_id`.
    LessThanLowerOrGreaterThanUpperThreshold,
    LessThanLowerThreshold,
    GreaterThanUpperThreshold,
}

impl Comparison {
    pub fn parse(s: &str) -> Option<Comparison> {
        use Comparison::*;
        Some(match s {
            "GreaterThanOrEqualToThreshold" => GreaterThanOrEqualToThreshold,
            "GreaterThanThreshold" => GreaterThanThreshold,
            "LessThanThreshold" => LessThanThreshold,
            "LessThanOrEqualToThreshold" => LessThanOrEqualToThreshold,
            "LessThanLowerOrGreaterThanUpperThreshold" => LessThanLowerOrGreaterThanUpperThreshold,
            "LessThanLowerThreshold" => LessThanLowerThreshold,
            "GreaterThanUpperThreshold" => GreaterThanUpperThreshold,
            _ => return None,
        })
    }

    /// The operator as a symbol for reasons: `>=`, `>`, `<`, `<=`, or the band words.
    pub fn symbol(self) -> &'static str {
        use Comparison::*;
        match self {
            GreaterThanOrEqualToThreshold => ">=",
            GreaterThanThreshold => ">",
            LessThanThreshold => "<",
            LessThanOrEqualToThreshold => "<=",
            LessThanLowerOrGreaterThanUpperThreshold => "outside the band",
            LessThanLowerThreshold => "below the band",
            GreaterThanUpperThreshold => "above the band",
        }
    }
}

/// `TreatMissingData`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TreatMissing {
    /// The default: missing datapoints don't count; if all N are missing, INSUFFICIENT_DATA.
    #[default]
    Missing,
    /// Keep the current state when datapoints are missing.
    Ignore,
    Breaching,
    NotBreaching,
}

impl TreatMissing {
    pub fn parse(s: &str) -> Option<TreatMissing> {
        Some(match s {
            "missing" => TreatMissing::Missing,
            "ignore" => TreatMissing::Ignore,
            "breaching" => TreatMissing::Breaching,
            "notBreaching" => TreatMissing::NotBreaching,
            _ => return None,
        })
    }
}

/// A metric as an alarm selects it, or as a scenario publishes it: CloudWatch matches
/// namespace, name, every dimension (name and value, case-sensitive) and, when the alarm
/// sets one, the unit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MetricId {
    pub namespace: String,
    pub name: String,
    pub dimensions: BTreeMap<String, String>,
    pub unit: Option<String>,
}

/// One metric with a period and a statistic (`MetricStat`, or the single-metric alarm's
/// `Namespace`/`MetricName`/`Dimensions`/`Period`/`Statistic`/`ExtendedStatistic`/`Unit`).
#[derive(Debug, Clone, PartialEq)]
pub struct MetricStat {
    pub metric: MetricId,
    /// Seconds: 10, 20, 30 (high resolution) or a multiple of 60.
    pub period: u32,
    pub stat: Statistic,
}

/// One entry of a metric-math alarm's `Metrics` list.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricQuery {
    pub id: String,
    /// Either a metric…
    pub stat: Option<MetricStat>,
    /// …or an expression over other ids (`m1 / m2 * 100`, `FILL(m1, 0)`, `IF(m1 > 0, m2)`).
    pub expression: Option<String>,
    pub label: Option<String>,
    /// The one series the alarm compares (`ReturnData: true`).
    pub return_data: bool,
    /// Period for an expression entry, when given.
    pub period: Option<u32>,
}

/// What an alarm compares.
#[derive(Debug, Clone, PartialEq)]
pub enum AlarmSource {
    Metric(MetricStat),
    Math(Vec<MetricQuery>),
}

/// `PutMetricAlarm`, or an `aws_cloudwatch_metric_alarm`.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricAlarm {
    pub name: String,
    pub source: AlarmSource,
    pub comparison: Comparison,
    /// Absent for anomaly-band alarms.
    pub threshold: Option<f64>,
    /// The band's id in the math list, for anomaly-band alarms.
    pub threshold_metric_id: Option<String>,
    pub evaluation_periods: u32,
    /// M of N; `None` means M = N.
    pub datapoints_to_alarm: Option<u32>,
    pub treat_missing: TreatMissing,
    /// `EvaluateLowSampleCountPercentile`: `Some(true)` = "evaluate", `Some(false)` =
    /// "ignore", `None` = not set (CloudWatch's default, evaluate).
    pub evaluate_low_sample_count_percentile: Option<bool>,
    pub actions_enabled: bool,
    pub alarm_actions: Vec<String>,
    pub ok_actions: Vec<String>,
    pub insufficient_data_actions: Vec<String>,
    pub origin: Option<Origin>,
}

/// `PutCompositeAlarm`, or an `aws_cloudwatch_composite_alarm`.
#[derive(Debug, Clone, PartialEq)]
pub struct CompositeAlarm {
    pub name: String,
    /// `ALARM("a") AND NOT OK(b) OR TRUE …`.
    pub rule: String,
    pub actions_enabled: bool,
    pub alarm_actions: Vec<String>,
    pub ok_actions: Vec<String>,
    pub insufficient_data_actions: Vec<String>,
    /// `ActionsSuppressor` (an alarm name), with its wait and extension periods (seconds).
    pub actions_suppressor: Option<String>,
    pub suppressor_wait_period: Option<u32>,
    pub suppressor_extension_period: Option<u32>,
    pub origin: Option<Origin>,
}

/// One raw sample as published (`PutMetricData` value at a timestamp).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub at: i64,
    pub value: f64,
}

/// One published metric of a scenario: what CloudWatch receives, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    /// As published: the unit here is the unit the data carries (`Count`, `Seconds`…).
    pub metric: MetricId,
    /// Storage resolution in seconds: 1 (high resolution) or 60.
    pub resolution: u32,
    /// In time order.
    pub samples: Vec<Sample>,
}

/// A day (or a month) of traffic: the metrics published between `start` and `end`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    /// Inclusive start, exclusive end.
    pub start: i64,
    pub end: i64,
    pub metrics: Vec<Published>,
    /// For anomaly-band alarms: the band per period end (`(at, lower, upper)`).
    pub band: Vec<(i64, f64, f64)>,
    pub origin: Option<Origin>,
}

/// One evaluated period: the alarm's datapoint (None: no data in the period).
#[derive(Debug, Clone, PartialEq)]
pub struct Datapoint {
    /// The period's start.
    pub at: i64,
    pub value: Option<f64>,
    /// Whether the value crosses the threshold; `None` when missing.
    pub breaching: Option<bool>,
}

/// A change of state, with CloudWatch-style reason in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    pub at: i64,
    pub from: State,
    pub to: State,
    pub reason: String,
}

/// Actions fired by a transition (what SNS would receive).
#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    pub at: i64,
    pub state: State,
    pub actions: Vec<String>,
}

/// What evaluating an alarm over a scenario gives.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    pub alarm: String,
    pub datapoints: Vec<Datapoint>,
    /// The state after each evaluation: `(at, state)`, one per evaluation.
    pub states: Vec<(i64, State)>,
    pub transitions: Vec<Transition>,
    pub notifications: Vec<Notification>,
    pub final_state: State,
    /// Why the alarm sees no data at all, if it doesn't ("this alarm asks for
    /// LoadBalancer=orders-api, the metric is published with LoadBalancer=app/orders-api/50dc…").
    pub no_data_because: Option<String>,
}
