//! A diagnostics collector for one file that caps how often each rule reports: past
//! [`MAX_PER_RULE`] findings of one rule a learner learns nothing new, and a hostile
//! file cannot produce millions of lines. Used by the CI checkers.

use std::collections::BTreeMap;

use super::Diagnostic;

/// More findings of one rule in one file than this teach nothing new.
pub(crate) const MAX_PER_RULE: usize = 50;

/// Where diagnostics go, with the file they concern and the kind's rule prefix.
pub(crate) struct Cx<'a> {
    /// The rule id prefix, e.g. `github-actions`.
    pub(crate) kind: &'static str,
    pub(crate) file: &'a str,
    pub(crate) text: &'a str,
    pub(crate) out: &'a mut Vec<Diagnostic>,
    /// Diagnostics per rule so far.
    counts: BTreeMap<String, usize>,
}

impl<'a> Cx<'a> {
    pub(crate) fn new(
        kind: &'static str,
        file: &'a str,
        text: &'a str,
        out: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Cx {
            kind,
            file,
            text,
            out,
            counts: BTreeMap::new(),
        }
    }

    /// Whether `rule` may still report: callers skip costly work (suggestions) when not.
    pub(crate) fn room(&self, rule: &str) -> bool {
        self.counts.get(rule).is_none_or(|n| *n < MAX_PER_RULE)
    }

    pub(crate) fn error(&mut self, rule: &str, at: (usize, usize), message: impl Into<String>) {
        self.push(rule, at, message, Diagnostic::error);
    }

    pub(crate) fn warning(&mut self, rule: &str, at: (usize, usize), message: impl Into<String>) {
        self.push(rule, at, message, Diagnostic::warning);
    }

    fn push(
        &mut self,
        rule: &str,
        (line, column): (usize, usize),
        message: impl Into<String>,
        make: fn(&str, &str, usize, usize, String) -> Diagnostic,
    ) {
        if !self.room(rule) {
            return;
        }
        *self.counts.entry(rule.to_string()).or_default() += 1;
        self.out.push(make(
            &format!("{}/{rule}", self.kind),
            self.file,
            line,
            column,
            message.into(),
        ));
    }
}
