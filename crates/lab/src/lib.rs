//! The labs of devops-tutor: pure library code that evaluates what an artifact would
//! *do*, offline, with no account and no daemon. Each lab feeds three faces: the exercise
//! checks, the command line and a screen. This crate has no terminal dependency.
//!
//! - [`alarm`]: CloudWatch metric and composite alarms evaluated over a scenario of
//!   published metrics (`devops-tutor alarm simulate`).
//! - [`terraform`]: the Terraform language, an embedded AWS resource schema and a
//!   simulated account that keeps state (`devops-tutor tf …`).
//! - [`text`]: lines and columns of byte offsets, for the labs and the checkers alike.

pub mod alarm;
pub mod terraform;
pub mod text;
