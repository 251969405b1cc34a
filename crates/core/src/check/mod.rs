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
pub mod docker_compose;
pub mod dockerfile;
pub mod exercise;
pub mod github_actions;
pub mod gitlab_ci;
mod hcl;
mod input;
pub mod secret_names;
pub mod secrets;
pub mod terraform;
pub mod tools;
mod yaml;

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use input::{MAX_INPUT_BYTES, gather, position};

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

/// The kinds of artifact the tutor can check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Dockerfile,
    DockerCompose,
    GithubActions,
    GitlabCi,
    Terraform,
    CloudwatchAlarm,
    Secrets,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Dockerfile,
        Kind::DockerCompose,
        Kind::GithubActions,
        Kind::GitlabCi,
        Kind::Terraform,
        Kind::CloudwatchAlarm,
        Kind::Secrets,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Dockerfile => "dockerfile",
            Kind::DockerCompose => "docker-compose",
            Kind::GithubActions => "github-actions",
            Kind::GitlabCi => "gitlab-ci",
            Kind::Terraform => "terraform",
            Kind::CloudwatchAlarm => "cloudwatch-alarm",
            Kind::Secrets => "secrets",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Guesses the kind from a path the way a learner names files: `Dockerfile*`,
    /// `compose*.yml`, `.github/workflows/*.yml`, `.gitlab-ci.yml`, `*.tf`, `*.json`
    /// (an alarm definition), a folder (scan for secrets).
    pub fn infer(path: &Path) -> Option<Kind> {
        if path.is_dir() {
            let has_tf = std::fs::read_dir(path)
                .ok()?
                .filter_map(Result::ok)
                .any(|e| e.path().extension().is_some_and(|x| x == "tf"));
            return Some(if has_tf {
                Kind::Terraform
            } else {
                Kind::Secrets
            });
        }
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        let in_workflows = path.parent().is_some_and(|p| {
            p.ends_with(".github/workflows") || p.ends_with(Path::new(".github").join("workflows"))
        });
        let yaml = name.ends_with(".yml") || name.ends_with(".yaml");
        if name.starts_with("dockerfile")
            || name.ends_with(".dockerfile")
            || name == "containerfile"
        {
            Some(Kind::Dockerfile)
        } else if yaml && in_workflows {
            Some(Kind::GithubActions)
        } else if name == ".gitlab-ci.yml" || name == ".gitlab-ci.yaml" {
            Some(Kind::GitlabCi)
        } else if yaml && (name.starts_with("compose") || name.starts_with("docker-compose")) {
            Some(Kind::DockerCompose)
        } else if name.ends_with(".tf") {
            Some(Kind::Terraform)
        } else if name.ends_with(".json") {
            Some(Kind::CloudwatchAlarm)
        } else {
            None
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An exercise's requirements, typed per kind. Parsed from the `[requirements]` table
/// of `exercise.toml`; an unknown key is an error naming the key.
#[derive(Debug, Clone, PartialEq)]
pub enum Requirements {
    Dockerfile(dockerfile::Requirements),
    DockerCompose(docker_compose::Requirements),
    GithubActions(github_actions::Requirements),
    GitlabCi(gitlab_ci::Requirements),
    Terraform(terraform::Requirements),
    CloudwatchAlarm(cloudwatch_alarm::Requirements),
    Secrets(secrets::Requirements),
}

impl Requirements {
    /// Parses the `[requirements]` table for `kind`. The error is the TOML
    /// deserializer's message (it names an unknown or mistyped key).
    pub fn parse(kind: Kind, table: &str) -> Result<Requirements, toml::de::Error> {
        Ok(match kind {
            Kind::Dockerfile => Requirements::Dockerfile(toml::from_str(table)?),
            Kind::DockerCompose => Requirements::DockerCompose(toml::from_str(table)?),
            Kind::GithubActions => Requirements::GithubActions(toml::from_str(table)?),
            Kind::GitlabCi => Requirements::GitlabCi(toml::from_str(table)?),
            Kind::Terraform => Requirements::Terraform(toml::from_str(table)?),
            Kind::CloudwatchAlarm => Requirements::CloudwatchAlarm(toml::from_str(table)?),
            Kind::Secrets => Requirements::Secrets(toml::from_str(table)?),
        })
    }

    /// No requirements: only the general rules of `kind` apply.
    pub fn none(kind: Kind) -> Requirements {
        match kind {
            Kind::Dockerfile => Requirements::Dockerfile(Default::default()),
            Kind::DockerCompose => Requirements::DockerCompose(Default::default()),
            Kind::GithubActions => Requirements::GithubActions(Default::default()),
            Kind::GitlabCi => Requirements::GitlabCi(Default::default()),
            Kind::Terraform => Requirements::Terraform(Default::default()),
            Kind::CloudwatchAlarm => Requirements::CloudwatchAlarm(Default::default()),
            Kind::Secrets => Requirements::Secrets(Default::default()),
        }
    }

    pub fn kind(&self) -> Kind {
        match self {
            Requirements::Dockerfile(_) => Kind::Dockerfile,
            Requirements::DockerCompose(_) => Kind::DockerCompose,
            Requirements::GithubActions(_) => Kind::GithubActions,
            Requirements::GitlabCi(_) => Kind::GitlabCi,
            Requirements::Terraform(_) => Kind::Terraform,
            Requirements::CloudwatchAlarm(_) => Kind::CloudwatchAlarm,
            Requirements::Secrets(_) => Kind::Secrets,
        }
    }
}

/// Checks files already read into memory: the general rules of the kind plus the
/// requirements. Pure; never panics on any input.
pub fn check_files(files: &[SourceFile], requirements: &Requirements) -> Report {
    let diagnostics = match requirements {
        Requirements::Dockerfile(r) => dockerfile::check(files, r),
        Requirements::DockerCompose(r) => docker_compose::check(files, r),
        Requirements::GithubActions(r) => github_actions::check(files, r),
        Requirements::GitlabCi(r) => gitlab_ci::check(files, r),
        Requirements::Terraform(r) => terraform::check(files, r),
        Requirements::CloudwatchAlarm(r) => cloudwatch_alarm::check(files, r),
        Requirements::Secrets(r) => secrets::check(files, r),
    };
    Report::from_diagnostics(diagnostics)
}

/// Reads `path` (a file, or a folder for `secrets` and `terraform`) and checks it.
/// Unreadable or oversized input becomes a diagnostic, not an error.
pub fn check_path(path: &Path, requirements: &Requirements) -> Report {
    match gather(requirements.kind(), path) {
        Ok(files) => check_files(&files, requirements),
        Err(d) => Report::from_diagnostics(vec![d]),
    }
}
