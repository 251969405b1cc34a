//! How every checker builds its [`Diagnostic`]s: [`Diagnostics`] collects one kind's
//! findings (it knows the kind's rule prefix, so rules are named without it) and caps
//! each rule at [`MAX_PER_RULE`] per file; [`Sink`] is its view of one file, which also
//! turns a byte offset, a (line, column) or a YAML node into a position.
//!
//! The cap is there because past fifty findings of one rule in one file a learner learns
//! nothing new, and a hostile file cannot produce millions of lines. Callers ask
//! [`Sink::room`] before costly work (a suggestion, a search) for a finding that would be
//! dropped anyway. A kind whose file holds many independent definitions (a `.tf` file with
//! many alarms) counts per definition instead, with [`Sink::per_unit`].

use std::collections::BTreeMap;

use super::yaml::Node;
use super::{Diagnostic, Severity};
use crate::text::LineIndex;

/// More findings of one rule in one file than this teach nothing new.
pub(crate) const MAX_PER_RULE: usize = 50;

/// Where a finding points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum At {
    /// 1-based (line, column); (0, 0) is the whole file, (line, 0) a whole line.
    Pos(usize, usize),
    /// A byte offset into the text of the file.
    Offset(usize),
}

impl From<(usize, usize)> for At {
    fn from((line, column): (usize, usize)) -> Self {
        At::Pos(line, column)
    }
}

/// A bare `usize` is a byte offset, as parsers' spans give them.
impl From<usize> for At {
    fn from(offset: usize) -> Self {
        At::Offset(offset)
    }
}

impl From<&Node> for At {
    fn from(node: &Node) -> Self {
        node.at().into()
    }
}

/// No node: the finding is about the whole file.
impl From<Option<&Node>> for At {
    fn from(node: Option<&Node>) -> Self {
        node.map_or(At::Pos(0, 0), At::from)
    }
}

/// The diagnostics of one check of one kind, over all its files.
pub(crate) struct Diagnostics {
    /// The rule id prefix, e.g. `github-actions`.
    kind: &'static str,
    out: Vec<Diagnostic>,
    /// Findings so far, per scope (a file's path, or a unit of a file) and rule.
    counts: BTreeMap<String, BTreeMap<String, usize>>,
}

impl Diagnostics {
    pub(crate) fn new(kind: &'static str) -> Self {
        Diagnostics {
            kind,
            out: Vec::new(),
            counts: BTreeMap::new(),
        }
    }

    /// The view of one file; its line index is built here, once.
    pub(crate) fn file<'a>(&'a mut self, path: &'a str, text: &'a str) -> Sink<'a> {
        Sink {
            all: self,
            path,
            text,
            lines: LineIndex::new(text),
            scope: path.to_string(),
        }
    }

    /// How many findings of `rule` `scope` (a file's path) has so far, up to the cap.
    pub(crate) fn count(&self, scope: &str, rule: &str) -> usize {
        self.counts
            .get(scope)
            .and_then(|rules| rules.get(rule))
            .copied()
            .unwrap_or(0)
    }

    /// Whether any file has a finding of `rule`.
    pub(crate) fn any(&self, rule: &str) -> bool {
        self.counts.values().any(|rules| rules.contains_key(rule))
    }

    /// Records a finding at a known (line, column); false when the rule's cap dropped it.
    pub(crate) fn push(
        &mut self,
        severity: Severity,
        file: &str,
        rule: &str,
        at: (usize, usize),
        message: impl Into<String>,
    ) -> bool {
        self.push_in(file, severity, file, rule, at, message)
    }

    fn push_in(
        &mut self,
        scope: &str,
        severity: Severity,
        file: &str,
        rule: &str,
        (line, column): (usize, usize),
        message: impl Into<String>,
    ) -> bool {
        if self.count(scope, rule) >= MAX_PER_RULE {
            return false;
        }
        *self
            .counts
            .entry(scope.to_string())
            .or_default()
            .entry(rule.to_string())
            .or_default() += 1;
        self.out.push(Diagnostic::new(
            &format!("{}/{rule}", self.kind),
            severity,
            file,
            line,
            column,
            message,
        ));
        true
    }

    pub(crate) fn error(
        &mut self,
        file: &str,
        rule: &str,
        at: (usize, usize),
        message: impl Into<String>,
    ) {
        self.push(Severity::Error, file, rule, at, message);
    }

    pub(crate) fn warning(
        &mut self,
        file: &str,
        rule: &str,
        at: (usize, usize),
        message: impl Into<String>,
    ) {
        self.push(Severity::Warning, file, rule, at, message);
    }

    pub(crate) fn into_vec(self) -> Vec<Diagnostic> {
        self.out
    }
}

/// Where one file's diagnostics go.
pub(crate) struct Sink<'a> {
    all: &'a mut Diagnostics,
    /// The file as the learner knows it.
    pub(crate) path: &'a str,
    /// The text that byte offsets and node spans refer to.
    pub(crate) text: &'a str,
    lines: LineIndex<'a>,
    /// What the cap counts in: the path, or one unit of the file.
    scope: String,
}

impl<'a> Sink<'a> {
    /// From here on the cap counts in unit `unit` of the file (say, its third alarm)
    /// instead of in the whole file; `None` goes back to the whole file.
    pub(crate) fn per_unit(&mut self, unit: Option<usize>) {
        self.scope = match unit {
            // A NUL never occurs in a path, so no file's scope can look like a unit's.
            Some(u) => format!("{}\u{0}{u}", self.path),
            None => self.path.to_string(),
        };
    }

    pub(crate) fn lines(&self) -> &LineIndex<'a> {
        &self.lines
    }

    /// 1-based line of byte `offset`.
    pub(crate) fn line(&self, offset: usize) -> usize {
        self.lines.line(offset)
    }

    pub(crate) fn position(&self, at: impl Into<At>) -> (usize, usize) {
        match at.into() {
            At::Pos(line, column) => (line, column),
            At::Offset(offset) => self.lines.position(offset),
        }
    }

    /// Whether `rule` may still report: callers skip costly work when not.
    pub(crate) fn room(&self, rule: &str) -> bool {
        self.count(rule) < MAX_PER_RULE
    }

    /// How many findings of `rule` this file (or its current unit) has so far.
    pub(crate) fn count(&self, rule: &str) -> usize {
        self.all.count(&self.scope, rule)
    }

    /// Records a finding; false when the rule's cap dropped it.
    pub(crate) fn push(
        &mut self,
        severity: Severity,
        rule: &str,
        at: impl Into<At>,
        message: impl Into<String>,
    ) -> bool {
        let at = self.position(at);
        self.all
            .push_in(&self.scope, severity, self.path, rule, at, message)
    }

    pub(crate) fn error(&mut self, rule: &str, at: impl Into<At>, message: impl Into<String>) {
        self.push(Severity::Error, rule, at, message);
    }

    pub(crate) fn warning(&mut self, rule: &str, at: impl Into<At>, message: impl Into<String>) {
        self.push(Severity::Warning, rule, at, message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_each_rule_per_file_and_prefixes_the_kind() {
        let mut all = Diagnostics::new("kind");
        let text = "ab\ncd";
        let mut sink = all.file("f", text);
        for _ in 0..MAX_PER_RULE + 5 {
            sink.warning("many", 4, "m");
        }
        assert!(!sink.room("many"));
        assert!(sink.room("other"));
        sink.error("other", (0, 0), "whole file");
        assert_eq!(sink.count("many"), MAX_PER_RULE);
        all.error("g", "many", (1, 1), "another file has its own count");
        assert!(all.any("other") && !all.any("none"));
        let mut sink = all.file("f", text);
        sink.per_unit(Some(1));
        assert!(sink.room("many"), "a unit has its own count");
        sink.warning("many", (1, 1), "in unit 1");
        sink.per_unit(None);
        assert!(!sink.room("many"));
        let out = all.into_vec();
        assert_eq!(out.len(), MAX_PER_RULE + 3);
        assert_eq!(out[0].rule, "kind/many");
        assert_eq!((out[0].line, out[0].column), (2, 2));
        assert_eq!(out[0].severity, Severity::Warning);
        assert_eq!((out[MAX_PER_RULE].line, out[MAX_PER_RULE].column), (0, 0));
    }
}
