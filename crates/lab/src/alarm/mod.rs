//! The alarm lab: a CloudWatch alarm evaluated over a scenario of published metrics,
//! offline — which datapoints it sees, when it changes state and why, which actions fire.
//!
//! - [`model`]: alarms, scenarios, timelines (the shared vocabulary).
//! - [`read`]: alarms from PutMetricAlarm / PutCompositeAlarm JSON or Terraform.
//! - [`scenario`]: scenarios from a CSV of datapoints or a TOML generator.
//! - [`stats`]: per-period statistics over raw samples (SampleCount … percentiles, TM).
//! - [`eval`]: a metric alarm over a scenario: evaluation range, M of N, missing data,
//!   transitions with reasons, actions.
//! - [`math`]: metric math for alarms (arithmetic, IF, FILL; the ReturnData series).
//! - [`composite`]: composite alarms (the AlarmRule language over child timelines).
//! - [`profiles`]: well-known AWS metrics (resolution, unit, dimensions, statistics, idle
//!   behaviour), a simulated typical day of each, and what it says about an alarm.
//! - [`run`]: every alarm of a file over every scenario (what the screen and CLI show).

pub mod composite;
pub mod eval;
pub mod math;
pub mod model;
pub mod profiles;
pub mod read;
pub mod run;
pub mod scenario;
pub mod stats;
