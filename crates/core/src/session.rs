//! One check session: what a check reads, its last report, and re-checking only when
//! what it reads has really changed. The Exercise screen and `check --watch` both use
//! it, fed by one [`Watcher`] thread: a file event only asks for a re-check, and the
//! session compares a hash of the files' contents, so reads, the checker's own reads,
//! an editor's swap files and saves that change nothing never produce a new report.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};

use crate::check::{Reads, Report, Requirements, SourceFile, check_files, gather, is_editor_temp};
use crate::content::Exercise;
use crate::workspace;

/// A check of one target: an exercise in the learner's folder, or any path.
#[derive(Debug, Clone)]
pub struct Session {
    /// What [`gather`] reads: a file, or a folder (see [`Reads`]).
    input: PathBuf,
    /// Diagnostics name files relative to this folder (the exercise's, or the folder
    /// given to `check`); `None` for one file checked on its own, named as given.
    base: Option<PathBuf>,
    /// The folder watched for changes.
    root: PathBuf,
    requirements: Requirements,
    report: Option<Report>,
    /// A hash of the files (paths and contents) behind `report`.
    seen: Option<u64>,
}

impl Session {
    /// The learner's copy of `ex` in `workspace`.
    pub fn exercise(workspace: &Path, ex: &Exercise) -> Session {
        let dir = workspace::exercise_dir(workspace, ex);
        let reads = ex.kind.reads();
        let input = reads.input(&dir, &ex.file);
        // Known from the kind, so it holds before the folder exists.
        let root = match reads {
            Reads::File | Reads::FileWith(_) if ex.file != "." => parent(&input),
            _ => input.clone(),
        };
        Session {
            input,
            base: Some(dir),
            root: absolute(root),
            requirements: ex.requirements.clone(),
            report: None,
            seen: None,
        }
    }

    /// Any file or folder, checked with `requirements`. A folder's files are named
    /// relative to it; a file is named as given.
    pub fn path(path: &Path, requirements: Requirements) -> Session {
        let base = path.is_dir().then(|| path.to_path_buf());
        Session::new(path, base, requirements)
    }

    /// A file or folder `input` found inside `folder` (by `check FOLDER`), its files
    /// named relative to `folder`.
    pub fn within(folder: &Path, input: &Path, requirements: Requirements) -> Session {
        Session::new(input, Some(folder.to_path_buf()), requirements)
    }

    fn new(input: &Path, base: Option<PathBuf>, requirements: Requirements) -> Session {
        Session {
            input: input.to_path_buf(),
            base,
            root: absolute(if input.is_dir() {
                input.to_path_buf()
            } else {
                parent(input)
            }),
            requirements,
            report: None,
            seen: None,
        }
    }

    /// What the check reads: a file, or a folder.
    pub fn input(&self) -> &Path {
        &self.input
    }

    /// The last report, if a check ran.
    pub fn report(&self) -> Option<&Report> {
        self.report.as_ref()
    }

    pub fn requirements(&self) -> &Requirements {
        &self.requirements
    }

    /// The folder to watch: the input itself when it is a folder, else the folder it is
    /// in (editors save by writing a new file and renaming it over the old one, so the
    /// folder is watched, not the file).
    pub fn watch_root(&self) -> PathBuf {
        self.root.clone()
    }

    /// Whether an event on `path` may concern this check: inside the watched folder,
    /// and not an editor's swap or backup file. (The hash decides in the end.)
    pub fn concerns(&self, path: &Path) -> bool {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        path.starts_with(&self.root) && !is_editor_temp(&name) && !name.contains(".backup-")
    }

    /// Checks now, whatever changed; returns the report.
    pub fn check_now(&mut self) -> &Report {
        let (files, hash) = self.read();
        self.run(files, hash)
    }

    /// Checks again only when what the check reads differs from the last check; the new
    /// report, or `None` when nothing changed.
    pub fn recheck(&mut self) -> Option<&Report> {
        let (files, hash) = self.read();
        if self.seen == Some(hash) && self.report.is_some() {
            return None;
        }
        Some(self.run(files, hash))
    }

    fn read(&self) -> (Result<Vec<SourceFile>, Report>, u64) {
        let mut h = DefaultHasher::new();
        let files = gather(self.requirements.kind(), &self.input)
            .map(|files| self.named(files))
            .map_err(|d| {
                d.to_string().hash(&mut h);
                Report::from_diagnostics(vec![d])
            });
        if let Ok(files) = &files {
            for f in files {
                f.path.hash(&mut h);
                f.text.hash(&mut h);
            }
        }
        (files, h.finish())
    }

    /// Names each file the way every kind names it: relative to `base`, or as given
    /// for a file checked on its own. (A folder's files come from [`gather`] relative to
    /// the folder, a file by its bare name.)
    fn named(&self, mut files: Vec<SourceFile>) -> Vec<SourceFile> {
        let input_is_dir = self.input.is_dir();
        for f in &mut files {
            let full = if input_is_dir {
                self.input.join(&f.path)
            } else if f.path.contains('/') {
                // A companion of the file (`scenarios/incident.toml`), named from the
                // file's folder.
                self.input.parent().unwrap_or(Path::new("")).join(&f.path)
            } else {
                self.input.clone()
            };
            let name = match &self.base {
                Some(base) => full.strip_prefix(base).ok().map(slashed),
                None => Some(slashed(&full)),
            };
            if let Some(name) = name.filter(|n| !n.is_empty()) {
                f.path = name;
            }
        }
        files
    }

    fn run(&mut self, files: Result<Vec<SourceFile>, Report>, hash: u64) -> &Report {
        let mut report = match files {
            Ok(files) => check_files(&files, &self.requirements),
            Err(report) => report,
        };
        if let Some(base) = &self.base {
            // Paths relative to the exercise folder, as its README names them.
            for d in &mut report.diagnostics {
                if let Ok(rel) = Path::new(&d.file).strip_prefix(base)
                    && !rel.as_os_str().is_empty()
                {
                    d.file = slashed(rel);
                }
            }
        }
        self.seen = Some(hash);
        self.report.insert(report)
    }
}

/// A path as diagnostics show it: `/` between folders on every system.
fn slashed(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Watchers report absolute paths; a relative root is made absolute to compare them.
fn absolute(path: PathBuf) -> PathBuf {
    std::path::absolute(&path).unwrap_or(path)
}

fn parent(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// Watches folders on a thread of its own and calls `notify` with the paths that
/// changed, a batch at a time: the events of one save (truncate, write, rename) arrive
/// together, so a save is one call.
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher>,
    watched: Option<PathBuf>,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher")
            .field("watched", &self.watched)
            .finish_non_exhaustive()
    }
}

/// How long after the first event of a burst the batch is delivered.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

impl Watcher {
    pub fn new(notify: impl Fn(Vec<PathBuf>) + Send + 'static) -> Result<Watcher, WatchError> {
        let debouncer = new_debouncer(DEBOUNCE, move |events: DebounceEventResult| {
            if let Ok(events) = events {
                notify(events.into_iter().map(|e| e.path).collect());
            }
        })
        .map_err(|e| WatchError {
            path: PathBuf::new(),
            message: e.to_string(),
        })?;
        Ok(Watcher {
            debouncer,
            watched: None,
        })
    }

    /// A watcher that sends each batch of changed paths on a channel.
    pub fn channel() -> Result<(Watcher, mpsc::Receiver<Vec<PathBuf>>), WatchError> {
        let (tx, rx) = mpsc::channel();
        let w = Watcher::new(move |paths| {
            let _ = tx.send(paths);
        })?;
        Ok((w, rx))
    }

    /// Watches `dir` (and below) instead of whatever was watched before.
    pub fn watch(&mut self, dir: &Path) -> Result<(), WatchError> {
        if self.watched.as_deref() == Some(dir) {
            return Ok(());
        }
        self.unwatch();
        self.debouncer
            .watcher()
            .watch(dir, RecursiveMode::Recursive)
            .map_err(|e| WatchError {
                path: dir.to_path_buf(),
                message: e.to_string(),
            })?;
        self.watched = Some(dir.to_path_buf());
        Ok(())
    }

    pub fn unwatch(&mut self) {
        if let Some(old) = self.watched.take() {
            let _ = self.debouncer.watcher().unwatch(&old);
        }
    }

    pub fn watched(&self) -> Option<&Path> {
        self.watched.as_deref()
    }
}

#[derive(Debug, Clone, thiserror::Error)]
#[error("cannot watch {}: {message}", path.display())]
pub struct WatchError {
    pub path: PathBuf,
    pub message: String,
}
