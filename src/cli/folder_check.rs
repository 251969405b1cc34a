//! `check FOLDER`: every file of a kind the tutor knows, each Terraform module, and one
//! secrets scan of the whole folder ([`check::discover`] finds them). The scan's
//! findings are shown with the file they are in, so one report says everything about
//! one file; findings on files no other check reads (`.env`, `app.py`) make one more
//! report for the folder. With `--kind K` only the files of kind K are checked.
//!
//! With `--watch`, a save re-checks what it touched: each report's session hashes what
//! it reads, so only the reports whose files really changed are printed again.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use super::check_cmds::{CheckArgs, Subject, exit_code, print_report, split, stamp, watching};
use super::say;
use crate::check::{
    self, Diagnostic, Kind, Report, Requirements, Target, discover, discover::MAX_VISITED,
};
use crate::session::{Session, Watcher};

/// Checks the folder `root`; `None` when `--kind` names a kind the folder holds no file
/// of (the caller then checks the folder itself as that kind, which explains).
pub fn run(root: &Path, filter: Option<Kind>, args: &CheckArgs<'_>) -> Result<Option<ExitCode>> {
    let mut folder = Folder {
        root: root.to_path_buf(),
        filter,
        with_tools: args.with_tools,
        targets: Vec::new(),
        scan: filter
            .is_none()
            .then(|| Session::path(root, Requirements::none(Kind::Secrets))),
        rest_shown: None,
        truncated: false,
    };
    folder.discover();
    if filter.is_some() && folder.targets.is_empty() {
        return Ok(None);
    }
    let reports = folder.check(true);
    for (subject, report) in &reports {
        print_report(subject, report, args.json)?;
    }
    if !args.json {
        folder.summary(&reports);
    }
    if !args.watch {
        return Ok(Some(exit_code(reports.iter().all(|(_, r)| r.passed))));
    }
    let watched = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let (mut watcher, changes) = Watcher::channel().context("cannot start watching for changes")?;
    watcher.watch(&watched)?;
    watching(root, args.json);
    for paths in changes {
        if !paths.iter().any(|p| concerns(&watched, p)) {
            continue;
        }
        folder.discover();
        let reports = folder.check(false);
        if reports.is_empty() {
            continue;
        }
        stamp(args.json);
        for (subject, report) in &reports {
            print_report(subject, report, args.json)?;
        }
    }
    Ok(Some(ExitCode::SUCCESS))
}

/// Whether a changed path may matter: inside the folder, not in a folder the search
/// skips, not an editor's swap file or an `exercises reset` backup.
fn concerns(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let skipped = rel
        .components()
        .any(|c| check::discover::SKIP_DIRS.contains(&c.as_os_str().to_string_lossy().as_ref()));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    !skipped && !check::is_editor_temp(&name) && !name.contains(".backup-")
}

/// One file or module being checked.
struct Checked {
    target: Target,
    session: Session,
    /// Its own report (with the tools' findings when asked for); `None` before a check.
    own: Option<Report>,
    /// The report last printed: its own findings plus the scan's on its files.
    shown: Option<Report>,
}

struct Folder {
    root: PathBuf,
    filter: Option<Kind>,
    with_tools: bool,
    targets: Vec<Checked>,
    /// The secrets scan of the whole folder (not with `--kind`).
    scan: Option<Session>,
    /// The folder's own report (scan findings on files nothing else reads), last printed.
    rest_shown: Option<Report>,
    truncated: bool,
}

impl Folder {
    /// Searches the folder again: new targets get a session, vanished ones are dropped,
    /// the others keep theirs (and so their last report).
    fn discover(&mut self) {
        let found = discover(&self.root);
        self.truncated = found.truncated;
        let mut old = std::mem::take(&mut self.targets);
        for target in found.targets {
            if self.filter.is_some_and(|k| k != target.kind) {
                continue;
            }
            let checked = match old.iter().position(|c| c.target == target) {
                Some(i) => old.swap_remove(i),
                None => Checked {
                    session: Session::within(
                        &self.root,
                        &target.path,
                        Requirements::none(target.kind),
                    ),
                    target,
                    own: None,
                    shown: None,
                },
            };
            self.targets.push(checked);
        }
    }

    /// Checks what changed (everything when `all`) and returns the reports to print:
    /// those whose files changed or whose findings did.
    fn check(&mut self, all: bool) -> Vec<(Subject, Report)> {
        let mut changed = Vec::with_capacity(self.targets.len());
        for c in &mut self.targets {
            let fresh = if all || c.own.is_none() {
                Some(c.session.check_now().clone())
            } else {
                c.session.recheck().cloned()
            };
            let fresh = fresh.map(|r| tools(self.with_tools, &c.target, r));
            changed.push(fresh.is_some());
            if fresh.is_some() {
                c.own = fresh;
            }
        }
        let scanned = self.scan.as_mut().map(|s| {
            if all {
                Some(s.check_now().clone())
            } else {
                s.recheck().cloned()
            }
        });
        let scan_changed = matches!(scanned, Some(Some(_)));
        let findings = self
            .scan
            .as_ref()
            .and_then(Session::report)
            .map(|r| r.diagnostics.clone())
            .unwrap_or_default();
        let targets: Vec<Target> = self.targets.iter().map(|c| c.target.clone()).collect();
        let (shared, rest) = check::discover::share_out(&targets, findings);

        let mut out = Vec::new();
        for ((c, extra), changed) in self.targets.iter_mut().zip(shared).zip(changed) {
            let mut diagnostics = c
                .own
                .as_ref()
                .map(|r| r.diagnostics.clone())
                .unwrap_or_default();
            diagnostics.extend(extra);
            let report = Report::from_diagnostics(diagnostics);
            if changed || c.shown.as_ref() != Some(&report) {
                c.shown = Some(report.clone());
                out.push((subject(&self.root, &c.target), report));
            }
        }
        if self.scan.is_some() {
            let report = Report::from_diagnostics(rest);
            let alone = self.targets.is_empty();
            let differs = self.rest_shown.as_ref() != Some(&report);
            let shows = alone || !report.diagnostics.is_empty();
            if shows && (all || differs || (alone && scan_changed)) {
                self.rest_shown = Some(report.clone());
                out.push((Subject::of_path(&self.root, Kind::Secrets), report));
            } else if !shows {
                self.rest_shown = None;
            }
        }
        out
    }

    fn summary(&self, reports: &[(Subject, Report)]) {
        let passed = reports.iter().filter(|(_, r)| r.passed).count();
        let scanned = if self.scan.is_some() {
            "; every file was also scanned for secrets"
        } else {
            ""
        };
        say!(
            "\nChecked {}: {} report{}, {passed} passed, {} not yet{scanned}.",
            self.root.display(),
            reports.len(),
            if reports.len() == 1 { "" } else { "s" },
            reports.len() - passed,
        );
        if self.truncated {
            eprintln!(
                "note: stopped looking after {MAX_VISITED} files; check a smaller folder to see the rest."
            );
        }
    }
}

/// Adds the installed tool's findings when asked for, named like the offline check
/// names the file.
fn tools(with_tools: bool, target: &Target, report: Report) -> Report {
    if !with_tools {
        return report;
    }
    let (dir, file) = split(&target.path);
    let mut all = report.diagnostics;
    all.extend(
        check::tools::run_for(target.kind, &dir, &file)
            .into_iter()
            .map(|d| named(d, &file, &target.name)),
    );
    Report::from_diagnostics(all)
}

fn subject(root: &Path, target: &Target) -> Subject {
    Subject {
        id: None,
        path: if target.name == "." {
            root.display().to_string()
        } else if root == Path::new(".") {
            target.name.clone()
        } else {
            root.join(&target.name).display().to_string()
        },
        kind: target.kind,
    }
}

/// A tool names the file as it was given to it (bare); the report names it relative to
/// the folder.
fn named(mut d: Diagnostic, file: &str, name: &str) -> Diagnostic {
    if d.file == file {
        d.file = name.to_string();
    }
    d
}
