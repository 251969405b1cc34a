//! `export`: the progress file's text written to a file of the learner's choosing, the
//! way the store writes its own (temp file in the same folder, synced, renamed), and
//! never over an existing file unless asked.

use std::fs;
use std::path::{Path, PathBuf};

use super::model::Progress;
use super::store::{ProgressError, io_err, sync_dir, to_text, write_synced};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{} already exists; choose another name, or add --force to replace it", .0.display())]
    Exists(PathBuf),
    #[error(transparent)]
    Progress(#[from] ProgressError),
}

/// Writes `progress` (the same TOML as the progress file) to `to`, atomically.
pub fn export(progress: &Progress, to: &Path, overwrite: bool) -> Result<(), ExportError> {
    if !overwrite && fs::symlink_metadata(to).is_ok() {
        return Err(ExportError::Exists(to.to_path_buf()));
    }
    let text = to_text(progress)?;
    let dir = match to.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = to
        .file_name()
        .map_or_else(|| "progress".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = write_synced(&tmp, text.as_bytes())
        .and_then(|()| fs::rename(&tmp, to).map_err(io_err("replace", to)))
        .and_then(|()| sync_dir(&dir));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    Ok(result?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::read_progress;

    #[test]
    fn writes_a_file_that_reads_back_and_never_overwrites_unasked() {
        let dir = tempfile::tempdir().expect("temp");
        let to = dir.path().join("backup.toml");
        let mut p = Progress::default();
        p.set_lesson_done("one", true, jiff::Timestamp::UNIX_EPOCH);
        export(&p, &to, false).expect("exported");
        assert_eq!(read_progress(&fs::read(&to).expect("read")), Ok(p.clone()));
        let err = export(&Progress::default(), &to, false).expect_err("exists");
        assert!(err.to_string().contains("--force"), "{err}");
        assert_eq!(read_progress(&fs::read(&to).expect("read")), Ok(p));
        export(&Progress::default(), &to, true).expect("replaced");
        assert_eq!(
            read_progress(&fs::read(&to).expect("read")),
            Ok(Progress::default())
        );
        let left: Vec<_> = fs::read_dir(dir.path()).expect("list").collect();
        assert_eq!(left.len(), 1, "no temp file is left");
    }
}
