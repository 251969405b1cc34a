//! The Terraform lab: the Terraform language evaluated offline over a folder of `*.tf`
//! files, validated against an embedded schema of the AWS provider, planned and applied
//! against a simulated account whose state is a real `terraform.tfstate` (format v4).
//!
//! Pieces, in the order data flows:
//! - [`value`]: values and type constraints; [`diag`]: diagnostics in Terraform's words.

pub mod diag;
pub mod expr;
pub mod functions;
pub mod plan;
pub mod types;
pub mod value;

pub use diag::{Diagnostic, EvalError, Pos, Severity, SourceRange};
pub use value::{Marks, ObjectAttr, Type, Value};
