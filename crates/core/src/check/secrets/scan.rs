//! Scanning one file that is not ignored and not an env file: the state shared by the
//! rules (what is already reported, where to look) and how a finding becomes a
//! diagnostic. The rules themselves live in `keys`, `assignments` and `entropy`.

use super::super::diagnostics::Sink;
use super::super::{Severity, SourceFile};
use super::files::{FileInfo, fenced_ranges, file_info};
use super::requirements::Requirements;
use super::values::Verdict;

/// A file never gets more diagnostics than this: past it, more of the same teaches nothing.
const MAX_PER_FILE: usize = 50;

/// One file being scanned, and what the rules have found in it so far.
pub(super) struct Scan<'a> {
    pub(super) file: &'a SourceFile,
    pub(super) text: &'a str,
    pub(super) info: FileInfo,
    /// Where this file's diagnostics go; also its line index.
    pub(super) sink: Sink<'a>,
    /// Diagnostics reported so far.
    reported: usize,
    /// Byte ranges already reported (or known to be harmless), which later rules skip.
    pub(super) claimed: Vec<(usize, usize)>,
    /// Ranges where assignments and random strings are looked for (Markdown: code blocks).
    scope: Option<Vec<(usize, usize)>>,
    pub(super) strict_example: bool,
    /// `${{ secrets.NAME }}` pasted into a `run:` script is an error, not a warning.
    pub(super) secrets_in_env: bool,
}

impl<'a> Scan<'a> {
    pub(super) fn new(file: &'a SourceFile, req: &Requirements, sink: Sink<'a>) -> Self {
        let info = file_info(&file.path);
        Scan {
            file,
            text: &file.text,
            info,
            sink,
            reported: 0,
            claimed: Vec::new(),
            scope: info.markdown.then(|| fenced_ranges(&file.text)),
            strict_example: req.wants_env_example(),
            secrets_in_env: req.secrets_in_env,
        }
    }

    pub(super) fn run(mut self) {
        self.key_formats();
        self.aws_secret_keys();
        self.url_credentials();
        self.env_defaults();
        self.assignments();
        self.ci_rules();
        if !self.info.no_entropy {
            self.high_entropy();
        }
    }

    pub(super) fn full(&self) -> bool {
        self.reported >= MAX_PER_FILE
    }

    pub(super) fn is_claimed(&self, start: usize, end: usize) -> bool {
        self.claimed.iter().any(|&(s, e)| start < e && s < end)
    }

    pub(super) fn in_scope(&self, offset: usize) -> bool {
        self.scope
            .as_ref()
            .is_none_or(|r| r.iter().any(|&(s, e)| s <= offset && offset < e))
    }

    pub(super) fn report(&mut self, error: bool, rule: &str, offset: usize, message: String) {
        if self.full() {
            return;
        }
        let severity = if error {
            Severity::Error
        } else {
            Severity::Warning
        };
        if self.sink.push(severity, rule, offset, message) {
            self.reported += 1;
        }
    }

    /// Error for a secret, warning for a placeholder; in documentation, a warning for a
    /// secret and nothing for a placeholder. `None`: nothing to say.
    pub(super) fn severity(&self, v: Verdict) -> Option<bool> {
        match (v, self.info.doc) {
            (Verdict::Safe, _) | (Verdict::Placeholder, true) => None,
            (Verdict::Secret, doc) => Some(!doc),
            (Verdict::Placeholder, false) => Some(false),
        }
    }
}
