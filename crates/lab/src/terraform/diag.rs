//! Diagnostics in Terraform's own shape: a severity, a one-line summary (Terraform's
//! wording, so a learner who later meets the real tool recognises it), a detail paragraph
//! and the source range it points at.

use std::fmt;
use std::ops::Range;

use crate::text::LineIndex;

/// How bad a diagnostic is. Errors stop `validate`, `plan` and `apply`; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a file: 1-based line and column (in characters), and the byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
    pub byte: usize,
}

/// Where a diagnostic points: a file (as given to the loader, usually relative to the
/// configuration folder) and a range in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SourceRange {
    pub file: String,
    pub start: Pos,
    pub end: Pos,
}

/// One diagnostic, as `terraform validate` or `terraform plan` would print it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Terraform's summary line, e.g. `Unsupported argument`.
    pub summary: String,
    /// Terraform's detail paragraph, e.g. `An argument named "versioning" is not expected here.`
    pub detail: String,
    pub range: Option<SourceRange>,
}

impl Diagnostic {
    pub fn error(summary: impl Into<String>, detail: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            summary: summary.into(),
            detail: detail.into(),
            range: None,
        }
    }

    pub fn warning(summary: impl Into<String>, detail: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            summary: summary.into(),
            detail: detail.into(),
            range: None,
        }
    }

    pub fn at(mut self, range: SourceRange) -> Self {
        self.range = Some(range);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `Error: Unsupported argument` / `  on main.tf line 4:` / detail — the shape of
    /// Terraform's own output, without colours or the source snippet.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = match self.severity {
            Severity::Error => "Error",
            Severity::Warning => "Warning",
        };
        write!(f, "{word}: {}", self.summary)?;
        if let Some(r) = &self.range {
            write!(f, "\n\n  on {} line {}", r.file, r.start.line)?;
        }
        if !self.detail.is_empty() {
            write!(f, "\n\n{}", self.detail)?;
        }
        Ok(())
    }
}

/// An error from evaluating one expression, before it is placed in a file: the byte span
/// is relative to the file the expression came from (hcl-edit spans).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalError {
    pub summary: String,
    pub detail: String,
    pub span: Option<Range<usize>>,
}

impl EvalError {
    pub fn new(summary: impl Into<String>, detail: impl Into<String>) -> Self {
        EvalError {
            summary: summary.into(),
            detail: detail.into(),
            span: None,
        }
    }

    pub fn with_span(mut self, span: Option<Range<usize>>) -> Self {
        if self.span.is_none() {
            self.span = span;
        }
        self
    }
}

/// The [`Pos`]ition of a byte offset, through the project's one line index.
pub fn pos(lines: &LineIndex<'_>, byte: usize) -> Pos {
    let byte = crate::text::floor_char_boundary(lines.text(), byte);
    let (line, column) = lines.position(byte);
    Pos { line, column, byte }
}

/// The [`SourceRange`] of a byte span of `file`.
pub fn range(lines: &LineIndex<'_>, file: &str, span: &Range<usize>) -> SourceRange {
    SourceRange {
        file: file.to_string(),
        start: pos(lines, span.start),
        end: pos(lines, span.end),
    }
}
