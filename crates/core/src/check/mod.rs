//! Exercise checkers: one file per artifact kind, each turning a learner's file into
//! [`Diagnostic`]s with a rule id, a position and a message written for a learner.
//! Real parsers only (parse-dockerfile, serde-saphyr, hcl-rs, serde_json); a syntax error
//! is a diagnostic, never a panic. Knows nothing of the terminal.
//!
//! Every kind has two sets of rules: its `Requirements` (typed, per exercise, from
//! `exercise.toml`) and general rules that a careful reviewer applies to any file of
//! that kind, so `devops-tutor check PATH` is useful on a learner's own project too.

pub mod cloudwatch_alarm;
mod diagnostics;
pub mod discover;
pub mod docker_compose;
pub mod dockerfile;
pub mod doctor;
pub mod github_actions;
pub mod gitlab_ci;
mod hcl;
mod input;
mod kinds;
pub mod secret_names;
pub mod secrets;
pub mod terraform;
pub mod tools;
mod yaml;

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use discover::{Discovery, Target, discover};
pub use input::{MAX_INPUT_BYTES, gather, is_editor_temp, position};
pub use kinds::{Checker, Kind, Reads, Requirements, RequirementsError, checkers};

/// How much a diagnostic matters. Only errors keep an exercise from passing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// "Not yet": the check fails until this is fixed.
    Error,
    /// Worth fixing, but the check can pass with it.
    Warning,
    /// A note, e.g. a skipped optional tool.
    Info,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "not yet",
            Severity::Warning => "warning",
            Severity::Info => "note",
        }
    }
}

/// One finding, located in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Stable id such as `dockerfile/root-user` (general rule) or
    /// `dockerfile/require-healthcheck` (an exercise requirement).
    pub rule: String,
    pub severity: Severity,
    /// The file as the learner knows it: relative to the checked folder.
    pub file: String,
    /// 1-based line, 0 when the finding concerns the whole file.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
    pub message: String,
}

impl Diagnostic {
    pub fn new(
        rule: &str,
        severity: Severity,
        file: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            rule: rule.to_string(),
            severity,
            file: file.to_string(),
            line,
            column,
            message: message.into(),
        }
    }

    pub fn error(
        rule: &str,
        file: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Self::new(rule, Severity::Error, file, line, column, message)
    }

    pub fn warning(
        rule: &str,
        file: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Self::new(rule, Severity::Warning, file, line, column, message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (0, _) => write!(f, "{}", self.file)?,
            (l, 0) => write!(f, "{}:{l}", self.file)?,
            (l, c) => write!(f, "{}:{l}:{c}", self.file)?,
        }
        write!(
            f,
            ": {}: {} [{}]",
            self.severity.label(),
            self.message,
            self.rule
        )
    }
}

/// The result of checking: passed when no diagnostic is an error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub passed: bool,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn from_diagnostics(mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity).cmp(&(&b.file, b.line, b.column, b.severity))
        });
        diagnostics.dedup();
        Report {
            passed: !diagnostics.iter().any(|d| d.severity == Severity::Error),
            diagnostics,
        }
    }
}

/// One input file: its path as shown to the learner, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

/// Checks files already read into memory: the general rules of the kind plus the
/// requirements. Pure; never panics on any input.
pub fn check_files(files: &[SourceFile], requirements: &Requirements) -> Report {
    Report::from_diagnostics(requirements.check(files))
}

/// Reads `path` (a file, or a folder: see [`Reads`]) and checks it.
/// Unreadable or oversized input becomes a diagnostic, not an error.
pub fn check_path(path: &Path, requirements: &Requirements) -> Report {
    match gather(requirements.kind(), path) {
        Ok(files) => check_files(&files, requirements),
        Err(d) => Report::from_diagnostics(vec![d]),
    }
}
