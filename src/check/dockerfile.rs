//! Checker for the `dockerfile` kind (being written).

use serde::Deserialize;

use super::{Diagnostic, SourceFile};

/// Per-exercise requirements from `exercise.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirements {}

/// Applies the general rules of this kind and `req` to `files`.
pub fn check(files: &[SourceFile], req: &Requirements) -> Vec<Diagnostic> {
    let _ = (files, req);
    Vec::new()
}
