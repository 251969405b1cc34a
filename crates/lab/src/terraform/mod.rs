//! The Terraform lab: the Terraform language evaluated offline over a folder of `*.tf`
//! files, validated against an embedded schema of the AWS provider, planned and applied
//! against a simulated account whose state is a real `terraform.tfstate` (format v4).
//!
//! Pieces, in the order data flows:
//! - [`config`]: a folder's `*.tf` files sorted into Terraform's blocks; [`inputs`]:
//!   variable values in Terraform's precedence order;
//! - [`value`]: values; [`types`]: type constraints and conversion; [`expr`]: expression
//!   evaluation and references; [`functions`]: the built-in functions;
//! - [`schema`]: the embedded AWS provider schema; [`plan`]: the plan model;
//! - [`graph`]: the dependency graph; [`decode`]: bodies decoded against the schema;
//!   [`evaluate`]: the whole walk (validate, plan, apply) over a configuration;
//! - [`state`]: the state file `terraform.tfstate` (v4), its backup and its lock file;
//! - [`render`]: a plan printed as `terraform plan` prints it (styled lines for the TUI);
//!   [`plan_json`]: a plan to and from Terraform's plan JSON;
//! - [`account`]: the simulated AWS account `apply` talks to (generated ids, API rules,
//!   data sources);
//! - [`session`]: a working folder: validate, plan, apply, destroy and the state commands
//!   against the simulated account;
//! - [`diag`]: diagnostics in Terraform's words.

pub mod account;
pub mod config;
pub mod decode;
pub mod diag;
pub mod evaluate;
pub mod expr;
pub mod format;
pub mod functions;
pub mod graph;
pub mod inputs;
pub mod plan;
pub mod plan_json;
pub mod render;
pub mod schema;
pub mod session;
pub mod state;
pub mod types;
pub mod value;

pub use diag::{Diagnostic, EvalError, Pos, Severity, SourceRange};
pub use value::{Marks, ObjectAttr, Type, Value};
