//! The learner's exercise folder: one sub-folder per exercise holding its README.md and
//! starter files. Nothing here ever overwrites a learner's file: `init` only creates
//! what is missing, and `reset` first saves a timestamped backup.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use crate::content::Exercise;

/// The folder's name under the home folder when the learner picks none.
pub const DEFAULT_DIR_NAME: &str = "devops-tutor-exercises";

/// `~/devops-tutor-exercises`.
pub fn default_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.home_dir().join(DEFAULT_DIR_NAME))
}

#[derive(Debug, thiserror::Error)]
#[error("cannot {op} {}: {cause}", path.display())]
pub struct WorkspaceError {
    pub op: &'static str,
    pub path: PathBuf,
    /// Part of the message rather than a `source`, so error chains do not repeat it.
    pub cause: io::Error,
}

fn err<'a>(op: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> WorkspaceError + 'a {
    move |cause| WorkspaceError {
        op,
        path: path.to_path_buf(),
        cause,
    }
}

/// The exercise's folder: `<workspace>/<id>`.
pub fn exercise_dir(workspace: &Path, ex: &Exercise) -> PathBuf {
    workspace.join(&ex.id)
}

/// What the learner edits: `<workspace>/<id>/<file>` (the folder itself for `.`).
pub fn target(workspace: &Path, ex: &Exercise) -> PathBuf {
    let dir = exercise_dir(workspace, ex);
    if ex.file == "." {
        dir
    } else {
        dir.join(&ex.file)
    }
}

/// Has this exercise been copied into the workspace?
pub fn is_set_up(workspace: &Path, ex: &Exercise) -> bool {
    exercise_dir(workspace, ex).join("README.md").is_file()
}

/// What `init` did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct InitReport {
    pub created: Vec<PathBuf>,
    /// Files that already existed and were left exactly as they were.
    pub kept: Vec<PathBuf>,
}

/// Copies each exercise's README.md and starter files into `<workspace>/<id>/`,
/// creating only what is missing.
pub fn init(workspace: &Path, exercises: &[Exercise]) -> Result<InitReport, WorkspaceError> {
    let mut report = InitReport::default();
    fs::create_dir_all(workspace).map_err(err("create", workspace))?;
    for ex in exercises {
        let dir = exercise_dir(workspace, ex);
        let files = std::iter::once(("README.md", &ex.readme))
            .chain(ex.starter.iter().map(|(p, t)| (p.as_str(), t)));
        for (rel, text) in files {
            let path = dir.join(rel);
            if path.exists() {
                report.kept.push(path);
                continue;
            }
            write_new(&path, text)?;
            report.created.push(path);
        }
    }
    Ok(report)
}

fn write_new(path: &Path, text: &str) -> Result<(), WorkspaceError> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(err("create", parent))?;
    }
    // create_new: if something appeared meanwhile, it is the learner's, so keep it.
    match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(mut f) => io::Write::write_all(&mut f, text.as_bytes()).map_err(err("write", path)),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(err("create", path)(e)),
    }
}

/// What `reset` did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ResetReport {
    /// Copies of the learner's files as they were, `<file>.backup-<time>`.
    pub backups: Vec<PathBuf>,
    pub restored: Vec<PathBuf>,
}

/// Puts the starter files back. Each existing file that differs from its starter is
/// first copied to `<file>.backup-<time>`; files the learner added are left alone.
pub fn reset(
    workspace: &Path,
    ex: &Exercise,
    now: Timestamp,
) -> Result<ResetReport, WorkspaceError> {
    let dir = exercise_dir(workspace, ex);
    let stamp = now.strftime("%Y%m%dT%H%M%SZ").to_string();
    let mut report = ResetReport::default();
    let files = std::iter::once(("README.md", &ex.readme))
        .chain(ex.starter.iter().map(|(p, t)| (p.as_str(), t)));
    for (rel, text) in files {
        let path = dir.join(rel);
        match fs::read(&path) {
            Ok(current) if current == text.as_bytes() => continue,
            Ok(_) => {
                let backup = unique(path.with_file_name(format!(
                    "{}.backup-{stamp}",
                    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
                )));
                fs::copy(&path, &backup).map_err(err("back up", &path))?;
                report.backups.push(backup);
                fs::write(&path, text).map_err(err("write", &path))?;
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => write_new(&path, text)?,
            Err(e) => return Err(err("read", &path)(e)),
        }
        report.restored.push(path);
    }
    Ok(report)
}

fn unique(path: PathBuf) -> PathBuf {
    if !path.exists() {
        return path;
    }
    (1..)
        .map(|n| PathBuf::from(format!("{}-{n}", path.display())))
        .find(|p| !p.exists())
        .unwrap_or(path)
}
