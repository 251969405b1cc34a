//! The alarm lab: a CloudWatch alarm evaluated over a scenario of published metrics,
//! offline — which datapoints it sees, when it changes state and why, which actions fire.
//!
//! - [`model`]: alarms, scenarios, timelines (the shared vocabulary).

pub mod model;
