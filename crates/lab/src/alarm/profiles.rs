//! Profiles of well-known AWS metrics, and what they tell about an alarm before it ever
//! runs: each [`Profile`] says how often the service publishes the metric, in which unit,
//! under which sets of dimensions, which statistics mean something, and whether anything
//! is published while the resource is idle. [`typical_day`] turns a profile into a
//! [`Scenario`] (deterministic: the same alarm always gets the same day), published under
//! the alarm's own dimensions; [`advise`] evaluates an alarm over that day and over the
//! same day with an hour-long outage, and says when the alarm can never fire or would page
//! every few minutes.
//!
//! The facts come from the services' CloudWatch metrics pages: the load balancer sends
//! nothing while no request flows and its `HTTPCode_*` counts only when non-zero (each
//! response is a sample of 1, so only `Sum` counts them); Lambda publishes `Errors` as 0 or
//! 1 per invocation (so `Average` is the share that failed, 0 to 1) and nothing without
//! invocations; EC2 sends a datapoint every 5 minutes with basic monitoring and every
//! minute with detailed monitoring; SQS, RDS and ECS every minute, idle or not.

use std::collections::BTreeMap;

use super::eval;
use super::model::{
    AlarmSource, Comparison, MetricAlarm, MetricId, Published, Sample, Scenario, State, Statistic,
    Timeline, TreatMissing,
};

/// What a metric's samples look like.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// One sample of 1 per event (a 5xx response); `rate` events per request on a
    /// typical day, every request during the outage (a count of every request, `rate`
    /// 1: ten times the traffic).
    Events { rate: f64 },
    /// One sample per request or invocation: 1 with probability `rate`, else 0; all 1
    /// during the outage.
    Flags { rate: f64 },
    /// One sample per request: a value between `low` and `high`, mostly near `low`;
    /// `worst` during the outage.
    PerRequest { low: f64, high: f64, worst: f64 },
    /// One sample per publishing interval, following the day's traffic between `low` and
    /// `high`; `worst` during the outage.
    Gauge { low: f64, high: f64, worst: f64 },
}

/// Whether the service publishes anything while nothing happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idle {
    /// A datapoint every interval, busy or idle.
    Reports,
    /// Nothing while there is no traffic (no requests, no invocations).
    SilentWithoutTraffic,
    /// Only when the value is not zero (a count of errors).
    OnlyWhenNonZero,
}

/// One well-known metric.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Profile {
    pub namespace: &'static str,
    pub metric: &'static str,
    /// The unit the data carries (`Count`, `Seconds`, `Percent`…).
    pub unit: &'static str,
    /// Seconds between datapoints (EC2: basic monitoring).
    pub every: u32,
    /// With detailed monitoring, where that is an option (EC2: 60).
    pub detailed_every: Option<u32>,
    /// The sets of dimension names it is published under (each sorted); `[]` is the
    /// total over the account or region.
    pub dimension_sets: &'static [&'static [&'static str]],
    /// The statistics that mean something; `"pNN"` stands for any percentile.
    pub statistics: &'static [&'static str],
    pub idle: Idle,
    pub kind: Kind,
    /// What the statistics mean, for messages.
    pub about: &'static str,
}

const ALB_LB: &[&[&str]] = &[&["LoadBalancer"], &["AvailabilityZone", "LoadBalancer"]];
const ALB_TARGET: &[&[&str]] = &[
    &["LoadBalancer"],
    &["AvailabilityZone", "LoadBalancer"],
    &["LoadBalancer", "TargetGroup"],
    &["AvailabilityZone", "LoadBalancer", "TargetGroup"],
];
const ALB_TG: &[&[&str]] = &[
    &["LoadBalancer", "TargetGroup"],
    &["AvailabilityZone", "LoadBalancer", "TargetGroup"],
];
const LAMBDA: &[&[&str]] = &[
    &["FunctionName"],
    &["FunctionName", "Resource"],
    &["ExecutedVersion", "FunctionName", "Resource"],
    &[],
];
const EC2: &[&[&str]] = &[
    &["InstanceId"],
    &["AutoScalingGroupName"],
    &["ImageId"],
    &["InstanceType"],
    &[],
];
const SQS: &[&[&str]] = &[&["QueueName"]];
const RDS: &[&[&str]] = &[
    &["DBInstanceIdentifier"],
    &["DBClusterIdentifier"],
    &["DatabaseClass"],
    &["EngineName"],
    &[],
];
const ECS: &[&[&str]] = &[&["ClusterName", "ServiceName"], &["ClusterName"]];

const SUM: &[&str] = &["Sum"];
const LATENCY: &[&str] = &["pNN", "Average", "Maximum", "Minimum"];
const GAUGE: &[&str] = &["Average", "Maximum", "Minimum"];

const COUNT_ABOUT: &str = "each response is a sample of 1, so only `Sum` counts them: `Average`, `Minimum` and `Maximum` are always 1";

/// The metrics the lab knows.
pub const PROFILES: &[Profile] = &[
    // Application Load Balancer: every 60 s while requests flow, nothing otherwise.
    Profile {
        namespace: "AWS/ApplicationELB",
        metric: "TargetResponseTime",
        unit: "Seconds",
        every: 60,
        detailed_every: None,
        dimension_sets: ALB_TARGET,
        statistics: LATENCY,
        idle: Idle::SilentWithoutTraffic,
        kind: Kind::PerRequest {
            low: 0.02,
            high: 0.8,
            worst: 60.0,
        },
        about: "seconds per request, as a percentile (p99) or Average",
    },
    Profile {
        namespace: "AWS/ApplicationELB",
        metric: "RequestCount",
        unit: "Count",
        every: 60,
        detailed_every: None,
        dimension_sets: ALB_TARGET,
        statistics: SUM,
        idle: Idle::OnlyWhenNonZero,
        kind: Kind::Events { rate: 1.0 },
        about: COUNT_ABOUT,
    },
    Profile {
        namespace: "AWS/ApplicationELB",
        metric: "HTTPCode_Target_5XX_Count",
        unit: "Count",
        every: 60,
        detailed_every: None,
        dimension_sets: ALB_TARGET,
        statistics: SUM,
        idle: Idle::OnlyWhenNonZero,
        kind: Kind::Events { rate: 0.002 },
        about: COUNT_ABOUT,
    },
    Profile {
        namespace: "AWS/ApplicationELB",
        metric: "HTTPCode_Target_4XX_Count",
        unit: "Count",
        every: 60,
        detailed_every: None,
        dimension_sets: ALB_TARGET,
        statistics: SUM,
        idle: Idle::OnlyWhenNonZero,
        kind: Kind::Events { rate: 0.03 },
        about: COUNT_ABOUT,
    },
    Profile {
        namespace: "AWS/ApplicationELB",
        metric: "HTTPCode_ELB_5XX_Count",
        unit: "Count",
        every: 60,
        detailed_every: None,
        dimension_sets: ALB_LB,
        statistics: SUM,
        idle: Idle::OnlyWhenNonZero,
        kind: Kind::Events { rate: 0.0005 },
        about: COUNT_ABOUT,
    },
    Profile {
        namespace: "AWS/ApplicationELB",
        metric: "HealthyHostCount",
        unit: "Count",
        every: 60,
        detailed_every: None,
        dimension_sets: ALB_TG,
        statistics: GAUGE,
        idle: Idle::Reports,
        kind: Kind::Gauge {
            low: 3.0,
            high: 3.0,
            worst: 0.0,
        },
        about: "healthy targets; `Minimum` or `Average`",
    },
    // Lambda: a sample per invocation, nothing without invocations.
    Profile {
        namespace: "AWS/Lambda",
        metric: "Errors",
        unit: "Count",
        every: 60,
        detailed_every: None,
        dimension_sets: LAMBDA,
        statistics: SUM,
        idle: Idle::SilentWithoutTraffic,
        kind: Kind::Flags { rate: 0.002 },
        about: "each invocation publishes 0 or 1, so `Sum` counts the failed invocations and `Average` is the share that failed, between 0 and 1",
    },
    Profile {
        namespace: "AWS/Lambda",
        metric: "Throttles",
        unit: "Count",
        every: 60,
        detailed_every: None,
        dimension_sets: LAMBDA,
        statistics: SUM,
        idle: Idle::SilentWithoutTraffic,
        kind: Kind::Flags { rate: 0.0 },
        about: "each invocation request publishes 0 or 1, so `Sum` counts the throttled ones",
    },
    Profile {
        namespace: "AWS/Lambda",
        metric: "Invocations",
        unit: "Count",
        every: 60,
        detailed_every: None,
        dimension_sets: LAMBDA,
        statistics: SUM,
        idle: Idle::SilentWithoutTraffic,
        kind: Kind::Events { rate: 1.0 },
        about: "each invocation is a sample of 1, so only `Sum` counts them",
    },
    Profile {
        namespace: "AWS/Lambda",
        metric: "Duration",
        unit: "Milliseconds",
        every: 60,
        detailed_every: None,
        dimension_sets: LAMBDA,
        statistics: LATENCY,
        idle: Idle::SilentWithoutTraffic,
        kind: Kind::PerRequest {
            low: 20.0,
            high: 900.0,
            worst: 900_000.0,
        },
        about: "milliseconds per invocation, as a percentile or Average",
    },
    // EC2: every 5 minutes (basic monitoring) or every minute (detailed).
    Profile {
        namespace: "AWS/EC2",
        metric: "CPUUtilization",
        unit: "Percent",
        every: 300,
        detailed_every: Some(60),
        dimension_sets: EC2,
        statistics: GAUGE,
        idle: Idle::Reports,
        kind: Kind::Gauge {
            low: 4.0,
            high: 55.0,
            worst: 100.0,
        },
        about: "percent, 0 to 100; `Average` or `Maximum`",
    },
    Profile {
        namespace: "AWS/EC2",
        metric: "StatusCheckFailed",
        unit: "Count",
        every: 60,
        detailed_every: None,
        dimension_sets: EC2,
        statistics: &["Maximum", "Sum"],
        idle: Idle::Reports,
        kind: Kind::Gauge {
            low: 0.0,
            high: 0.0,
            worst: 1.0,
        },
        about: "0 or 1 every minute; `Maximum`",
    },
    // SQS, RDS, ECS: every minute, busy or idle.
    Profile {
        namespace: "AWS/SQS",
        metric: "ApproximateNumberOfMessagesVisible",
        unit: "Count",
        every: 60,
        detailed_every: None,
        dimension_sets: SQS,
        statistics: &["Maximum", "Average"],
        idle: Idle::Reports,
        kind: Kind::Gauge {
            low: 0.0,
            high: 40.0,
            worst: 20_000.0,
        },
        about: "messages waiting; `Maximum` or `Average`",
    },
    Profile {
        namespace: "AWS/SQS",
        metric: "ApproximateAgeOfOldestMessage",
        unit: "Seconds",
        every: 60,
        detailed_every: None,
        dimension_sets: SQS,
        statistics: &["Maximum"],
        idle: Idle::Reports,
        kind: Kind::Gauge {
            low: 0.0,
            high: 30.0,
            worst: 86_400.0,
        },
        about: "seconds; `Maximum`",
    },
    Profile {
        namespace: "AWS/RDS",
        metric: "CPUUtilization",
        unit: "Percent",
        every: 60,
        detailed_every: None,
        dimension_sets: RDS,
        statistics: GAUGE,
        idle: Idle::Reports,
        kind: Kind::Gauge {
            low: 5.0,
            high: 45.0,
            worst: 100.0,
        },
        about: "percent, 0 to 100; `Average` or `Maximum`",
    },
    Profile {
        namespace: "AWS/RDS",
        metric: "FreeStorageSpace",
        unit: "Bytes",
        every: 60,
        detailed_every: None,
        dimension_sets: RDS,
        statistics: &["Minimum", "Average"],
        idle: Idle::Reports,
        kind: Kind::Gauge {
            low: 50e9,
            high: 48e9,
            worst: 0.5e9,
        },
        about: "bytes (not gigabytes); `Minimum`",
    },
    Profile {
        namespace: "AWS/ECS",
        metric: "CPUUtilization",
        unit: "Percent",
        every: 60,
        detailed_every: None,
        dimension_sets: ECS,
        statistics: GAUGE,
        idle: Idle::Reports,
        kind: Kind::Gauge {
            low: 5.0,
            high: 50.0,
            worst: 100.0,
        },
        about: "percent of the service's reserved CPU; `Average` or `Maximum`",
    },
    Profile {
        namespace: "AWS/ECS",
        metric: "MemoryUtilization",
        unit: "Percent",
        every: 60,
        detailed_every: None,
        dimension_sets: ECS,
        statistics: GAUGE,
        idle: Idle::Reports,
        kind: Kind::Gauge {
            low: 30.0,
            high: 60.0,
            worst: 100.0,
        },
        about: "percent of the service's reserved memory; `Average` or `Maximum`",
    },
];

/// The profile of a metric, if the lab knows it.
pub fn profile(namespace: &str, metric: &str) -> Option<&'static Profile> {
    PROFILES
        .iter()
        .find(|p| p.namespace == namespace && p.metric == metric)
}

impl Profile {
    /// Whether the metric is published under exactly these dimension names.
    pub fn publishes_under<'a>(&self, names: impl IntoIterator<Item = &'a str>) -> bool {
        let mut names: Vec<&str> = names.into_iter().collect();
        names.sort_unstable();
        self.dimension_sets.iter().any(|set| {
            let mut set = set.to_vec();
            set.sort_unstable();
            set == names
        })
    }

    /// Whether a bad day pushes the value up (errors, latency) or down (free space).
    pub fn bad_is_up(&self) -> bool {
        match self.kind {
            Kind::Events { .. } | Kind::Flags { .. } => true,
            Kind::PerRequest { high, worst, .. } | Kind::Gauge { high, worst, .. } => worst >= high,
        }
    }

    /// Whether `stat` means something for this metric.
    pub fn meaningful(&self, stat: Statistic) -> bool {
        let name = match stat {
            Statistic::Sum => "Sum",
            Statistic::Average => "Average",
            Statistic::Minimum => "Minimum",
            Statistic::Maximum => "Maximum",
            Statistic::SampleCount => "SampleCount",
            Statistic::Percentile(_) | Statistic::TrimmedMean { .. } => "pNN",
        };
        self.statistics.contains(&name)
    }

    /// `by `LoadBalancer`; by `LoadBalancer` and `TargetGroup`; …`.
    pub fn dimension_list(&self) -> String {
        self.dimension_sets
            .iter()
            .map(|set| {
                if set.is_empty() {
                    "with no dimension (the total)".to_string()
                } else {
                    let names: Vec<String> = set.iter().map(|n| format!("`{n}`")).collect();
                    format!("by {}", names.join(" and "))
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Requests (or invocations) per minute in each hour of the typical day: some traffic late
/// in the evening, none from 01:00 to 06:00, a peak early in the afternoon.
const HOURLY: [u32; 24] = [
    8, 0, 0, 0, 0, 0, 4, 20, 60, 90, 100, 100, 110, 120, 110, 100, 90, 80, 60, 50, 40, 30, 20, 12,
];

/// The simulated day: 2026-01-05 (a Monday), UTC.
pub const DAY_START: i64 = 1_767_571_200;
/// The outage of [`typical_day`]'s outage variant: 14:00 to 15:00.
pub const OUTAGE: (i64, i64) = (DAY_START + 14 * 3600, DAY_START + 15 * 3600);

/// A small deterministic generator (xorshift), seeded from the metric's name.
struct Rng(u64);

impl Rng {
    fn new(seed: &str) -> Rng {
        // FNV-1a.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in seed.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        Rng(h | 1)
    }

    /// Uniform in [0, 1).
    fn next(&mut self) -> f64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        (x >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A typical day of `profile`'s metric (or, with `outage`, the same day with everything
/// going wrong from 14:00 to 15:00), published under `dimensions` when the metric exists
/// under those names, else under its first set of dimensions with placeholder values (so
/// an alarm on a combination AWS does not publish sees nothing, as it would).
pub fn typical_day(
    profile: &Profile,
    dimensions: &BTreeMap<String, String>,
    outage: bool,
) -> Scenario {
    let dims = if profile.publishes_under(dimensions.keys().map(String::as_str)) {
        dimensions.clone()
    } else {
        profile.dimension_sets[0]
            .iter()
            .map(|n| (n.to_string(), "example".to_string()))
            .collect()
    };
    let mut rng = Rng::new(&format!("{}/{}", profile.namespace, profile.metric));
    let mut samples = Vec::new();
    let end = DAY_START + 86_400;
    let in_outage = |t: i64| outage && (OUTAGE.0..OUTAGE.1).contains(&t);
    let mut carry = 0.0;
    for minute in 0..1440i64 {
        let t0 = DAY_START + minute * 60;
        let traffic = HOURLY[(minute / 60) as usize];
        match profile.kind {
            Kind::Events { rate } => {
                // The outage: every request an error; for a count of every request, a
                // surge of ten times the traffic.
                let (rate, traffic) = match (in_outage(t0), rate >= 1.0) {
                    (false, _) => (rate, traffic),
                    (true, false) => (1.0, traffic),
                    (true, true) => (1.0, traffic * 10),
                };
                carry += f64::from(traffic) * rate;
                let n = carry.floor();
                carry -= n;
                for i in 0..n as i64 {
                    samples.push(Sample {
                        at: t0 + i * 60 / (n as i64).max(1),
                        value: 1.0,
                    });
                }
            }
            Kind::Flags { rate } => {
                for i in 0..i64::from(traffic) {
                    let failed = if in_outage(t0) {
                        true
                    } else {
                        carry += rate;
                        let f = carry >= 1.0;
                        if f {
                            carry -= 1.0;
                        }
                        f
                    };
                    samples.push(Sample {
                        at: t0 + i * 60 / i64::from(traffic),
                        value: if failed { 1.0 } else { 0.0 },
                    });
                }
            }
            Kind::PerRequest { low, high, worst } => {
                for i in 0..i64::from(traffic) {
                    let u = rng.next();
                    let value = if in_outage(t0) {
                        worst
                    } else {
                        low + (high - low) * u * u * u
                    };
                    samples.push(Sample {
                        at: t0 + i * 60 / i64::from(traffic),
                        value,
                    });
                }
            }
            Kind::Gauge { low, high, worst } => {
                if (t0 - DAY_START) % i64::from(profile.every) != 0 {
                    continue;
                }
                let busy = f64::from(traffic) / 120.0;
                let noise = (rng.next() - 0.5) * 0.1;
                let value = if in_outage(t0) {
                    worst
                } else {
                    low + (high - low) * (busy + noise).clamp(0.0, 1.0)
                };
                samples.push(Sample { at: t0, value });
            }
        }
    }
    Scenario {
        name: if outage {
            "typical-day-with-outage".into()
        } else {
            "typical-day".into()
        },
        description: format!(
            "a simulated day of {} {}{}",
            profile.namespace,
            profile.metric,
            if outage {
                ", going wrong 14:00–15:00"
            } else {
                ""
            }
        ),
        start: DAY_START,
        end,
        metrics: vec![Published {
            metric: MetricId {
                namespace: profile.namespace.into(),
                name: profile.metric.into(),
                dimensions: dims,
                unit: Some(profile.unit.into()),
            },
            resolution: 60,
            samples,
        }],
        band: Vec::new(),
        origin: None,
    }
}

/// A finding about an alarm from the simulated days.
#[derive(Debug, Clone, PartialEq)]
pub struct Advice {
    /// `lab-can-never-fire` or `lab-pages-often`.
    pub rule: &'static str,
    pub message: String,
    /// Pages over the typical day (`lab-pages-often`) or the outage day.
    pub pages: usize,
}

fn pages(t: &Timeline) -> Vec<i64> {
    t.transitions
        .iter()
        .filter(|x| x.to == State::Alarm)
        .map(|x| x.at)
        .collect()
}

fn clock(t: i64) -> String {
    let s = (t - DAY_START).rem_euclid(86_400);
    format!("{:02}:{:02}", s / 3600, s % 3600 / 60)
}

fn stat_name(s: Statistic) -> String {
    match s {
        Statistic::Sum => "Sum".into(),
        Statistic::Average => "Average".into(),
        Statistic::Minimum => "Minimum".into(),
        Statistic::Maximum => "Maximum".into(),
        Statistic::SampleCount => "SampleCount".into(),
        Statistic::Percentile(p) => format!("p{}", eval::format_value(p)),
        Statistic::TrimmedMean { low, high } => format!(
            "TM({}%:{}%)",
            eval::format_value(low),
            eval::format_value(high)
        ),
    }
}

/// An alarm on fewer pages than this a day is left alone.
pub const PAGES_OFTEN: usize = 4;

/// What the simulated typical day (and the same day with an outage) say about `alarm`:
/// nothing for an alarm on a metric the lab has no profile for, a metric-math alarm, or
/// an anomaly band.
pub fn advise(alarm: &MetricAlarm) -> Vec<Advice> {
    let AlarmSource::Metric(ms) = &alarm.source else {
        return Vec::new();
    };
    let Some(p) = profile(&ms.metric.namespace, &ms.metric.name) else {
        return Vec::new();
    };
    let Some(threshold) = alarm.threshold else {
        return Vec::new();
    };
    let up = match alarm.comparison {
        Comparison::GreaterThanThreshold | Comparison::GreaterThanOrEqualToThreshold => true,
        Comparison::LessThanThreshold | Comparison::LessThanOrEqualToThreshold => false,
        _ => return Vec::new(),
    };
    let metric = format!("`{}` `{}`", p.namespace, p.metric);
    let stat = stat_name(ms.stat);
    let mut out = Vec::new();

    let day = typical_day(p, &ms.metric.dimensions, false);
    let Ok(t_day) = eval::evaluate(alarm, &day, State::InsufficientData) else {
        return Vec::new();
    };
    let day_pages = pages(&t_day);
    let empty = t_day
        .datapoints
        .iter()
        .filter(|d| d.value.is_none())
        .count();
    let total = t_day.datapoints.len();

    // Hints that apply to both findings.
    let mut because: Vec<String> = Vec::new();
    if let Some(why) = &t_day.no_data_because {
        because.push(format!("it sees no data: {}", why.trim_end_matches('.')));
        if !p.publishes_under(ms.metric.dimensions.keys().map(String::as_str)) {
            because.push(format!(
                "AWS publishes {metric} {} only",
                p.dimension_list()
            ));
        }
    }
    if ms.period < p.every {
        because.push(format!(
            "{metric} is published every {} s{}, so most {}-second periods hold no datapoint",
            p.every,
            if p.detailed_every.is_some() {
                " with basic monitoring (the default; detailed monitoring publishes every minute)"
            } else {
                ""
            },
            ms.period
        ));
    }
    if !p.meaningful(ms.stat) {
        because.push(format!(
            "`{stat}` is not the statistic to use here: {}",
            p.about
        ));
    }

    // Can it fire at all? Only asked where the outage pushes the way the alarm looks.
    if up == p.bad_is_up() {
        let bad = typical_day(p, &ms.metric.dimensions, true);
        if let Ok(t_bad) = eval::evaluate(alarm, &bad, State::InsufficientData) {
            // In ALARM at some point of the outage (or within 10 minutes of its end),
            // whether it went there then or was there already.
            let fired = t_bad
                .states
                .iter()
                .any(|&(t, s)| s == State::Alarm && t > OUTAGE.0 && t <= OUTAGE.1 + 600);
            if !fired {
                let peak = t_bad
                    .datapoints
                    .iter()
                    .filter(|d| (OUTAGE.0..OUTAGE.1).contains(&d.at))
                    .filter_map(|d| d.value)
                    .fold(None, |acc: Option<f64>, v| {
                        Some(match acc {
                            None => v,
                            Some(a) if up => a.max(v),
                            Some(a) => a.min(v),
                        })
                    });
                let mut why = because.clone();
                if let Some(peak) = peak {
                    why.push(format!(
                        "even then its `{stat}` only reaches {}, and the threshold is {}",
                        num(peak, p.unit),
                        num(threshold, "")
                    ));
                    if p.unit == "Seconds" && threshold >= 60.0 {
                        why.push(format!(
                            "{metric} is in seconds, so {} is about {} minutes",
                            num(threshold, ""),
                            num((threshold / 60.0).round(), "")
                        ));
                    }
                }
                out.push(Advice {
                    rule: "lab-can-never-fire",
                    message: format!(
                        "this alarm can never fire: in a simulated day with an hour-long outage of {metric} (14:00 to 15:00: {}), it never went to ALARM. {}",
                        outage_words(p),
                        sentence(&why)
                    ),
                    pages: 0,
                });
            }
        }
    }

    let in_alarm = t_day
        .states
        .iter()
        .filter(|(_, s)| *s == State::Alarm)
        .count()
        * ms.period as usize;
    let stuck = in_alarm >= 6 * 3600;
    if day_pages.len() >= PAGES_OFTEN || stuck {
        let mut why = because;
        if alarm.treat_missing == TreatMissing::Breaching && empty > 0 {
            let idle = if ms.period < p.every {
                String::new()
            } else {
                format!(" ({})", idle_words(p))
            };
            why.push(format!(
                "{empty} of its {total} periods had no datapoint{idle}, and `breaching` counts each of them as bad"
            ));
        }
        let m = alarm
            .datapoints_to_alarm
            .unwrap_or(alarm.evaluation_periods);
        if m == 1 {
            why.push(format!(
                "with {m} of {} datapoints, a single period over the threshold pages",
                alarm.evaluation_periods
            ));
        }
        if alarm.treat_missing != TreatMissing::Breaching {
            why.push(format!(
                "the threshold {} is inside the day's normal range of `{stat}`",
                num(threshold, "")
            ));
        }
        let first: Vec<String> = day_pages.iter().take(3).map(|&t| clock(t)).collect();
        let what = if day_pages.len() >= PAGES_OFTEN {
            format!(
                "this alarm would page every few minutes: over a simulated typical day of {metric} with nothing wrong, it would page {} times (first at {})",
                day_pages.len(),
                first.join(", ")
            )
        } else {
            format!(
                "this alarm would be in ALARM most of the time: over a simulated typical day of {metric} with nothing wrong, it would spend {} hours in ALARM",
                num((in_alarm as f64 / 360.0).round() / 10.0, "")
            )
        };
        out.push(Advice {
            rule: "lab-pages-often",
            message: format!("{what}. {}", sentence(&why)),
            pages: day_pages.len(),
        });
    }
    out
}

/// A value for messages: `60 s`, `1000`, `0.25`, `1.5 %`.
fn num(v: f64, unit: &str) -> String {
    let n = if v == v.trunc() && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    match unit {
        "Seconds" => format!("{n} s"),
        "Milliseconds" => format!("{n} ms"),
        "Percent" => format!("{n} %"),
        "Bytes" => format!("{n} bytes"),
        _ => n,
    }
}

fn outage_words(p: &Profile) -> String {
    match p.kind {
        Kind::Events { rate } if rate >= 1.0 => "ten times the usual traffic".into(),
        Kind::Events { .. } => "every request failing".into(),
        Kind::Flags { .. } => "every invocation failing".into(),
        Kind::PerRequest { worst, .. } | Kind::Gauge { worst, .. } => {
            format!("the value at {}", num(worst, p.unit))
        }
    }
}

fn idle_words(p: &Profile) -> &'static str {
    match p.idle {
        Idle::Reports => "the metric is published less often than the alarm's period",
        Idle::SilentWithoutTraffic => "nothing is published while there is no traffic",
        Idle::OnlyWhenNonZero => "the count is published only when it is not zero",
    }
}

/// "A; b; c." with the first letter raised.
fn sentence(parts: &[String]) -> String {
    if parts.is_empty() {
        return String::new();
    }
    let s = parts.join("; ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => format!("{}{}.", f.to_uppercase(), c.as_str()),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_profile_has_a_dimension_set_and_a_statistic() {
        for p in PROFILES {
            assert!(!p.dimension_sets.is_empty(), "{}", p.metric);
            assert!(!p.statistics.is_empty(), "{}", p.metric);
            assert!(p.every == 60 || p.every == 300, "{}", p.metric);
        }
    }

    #[test]
    fn the_typical_day_is_deterministic_and_silent_at_night_for_the_load_balancer() {
        let p = profile("AWS/ApplicationELB", "TargetResponseTime").unwrap();
        let dims: BTreeMap<String, String> =
            [("LoadBalancer".to_string(), "app/x/1".to_string())].into();
        let a = typical_day(p, &dims, false);
        assert_eq!(a, typical_day(p, &dims, false));
        let night = (DAY_START + 2 * 3600)..(DAY_START + 5 * 3600);
        assert!(a.metrics[0].samples.iter().all(|s| !night.contains(&s.at)));
        assert_eq!(a.metrics[0].metric.dimensions, dims);
        // EC2 basic monitoring: one datapoint every 5 minutes.
        let ec2 = profile("AWS/EC2", "CPUUtilization").unwrap();
        let d = typical_day(ec2, &BTreeMap::new(), false);
        assert_eq!(d.metrics[0].samples.len(), 288);
    }
}
