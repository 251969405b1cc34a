//! The alarm lab: a CloudWatch alarm evaluated over a scenario of published metrics,
//! offline — which datapoints it sees, when it changes state and why, which actions fire.
//!
//! - [`model`]: alarms, scenarios, timelines (the shared vocabulary).
//! - [`read`]: alarms from PutMetricAlarm / PutCompositeAlarm JSON or Terraform.
//! - [`scenario`]: scenarios from a CSV of datapoints or a TOML generator.

pub mod model;
pub mod read;
pub mod scenario;
