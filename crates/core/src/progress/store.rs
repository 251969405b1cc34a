//! The progress file on disk: one writer at a time, atomic saves, and a corrupt file moved
//! aside rather than reset.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use jiff::Timestamp;

use super::model::{FORMAT_VERSION, Progress};
use super::parse::{Bad, Parsed, parse};

pub const FILE_NAME: &str = "progress.toml";
const LOCK_NAME: &str = "progress.lock";
const TEMP_PREFIX: &str = ".progress.toml.tmp-";

#[derive(Debug, thiserror::Error)]
pub enum ProgressError {
    // The OS error is part of the message (not a `source`), so that printing the
    // error chain does not repeat it.
    #[error("cannot {op} {}: {cause}", path.display())]
    Io {
        op: &'static str,
        path: PathBuf,
        cause: io::Error,
    },
    #[error("progress is open read-only ({0}); nothing was saved")]
    ReadOnly(ReadOnly),
    #[error("cannot write progress: {0}")]
    Serialize(#[from] toml::ser::Error),
}

pub(super) fn io_err<'a>(
    op: &'static str,
    path: &'a Path,
) -> impl FnOnce(io::Error) -> ProgressError + 'a {
    move |cause| ProgressError::Io {
        op,
        path: path.to_path_buf(),
        cause,
    }
}

/// Why a store refuses to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadOnly {
    /// Another devops-tutor holds the lock on this data folder.
    Locked,
    /// The file was written by a newer devops-tutor.
    NewerFormat(u32),
}

impl std::fmt::Display for ReadOnly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadOnly::Locked => write!(f, "another devops-tutor is using it"),
            ReadOnly::NewerFormat(v) => write!(
                f,
                "it was written by a newer devops-tutor (format_version {v}, this one knows {FORMAT_VERSION})"
            ),
        }
    }
}

/// Something the learner should be told after opening the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The old file could not be read; it was moved to `to` and a fresh record started.
    Quarantined { to: PathBuf, reason: String },
    /// The store is read-only; progress is shown but changes are not saved.
    ReadOnly { path: PathBuf, why: ReadOnly },
    /// Leftover temporary files from an interrupted save were removed.
    TempFilesRemoved(usize),
    /// The file was in an older format; it was copied to `backup` and rewritten.
    Migrated { from: u32, backup: PathBuf },
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Notice::Quarantined { to, reason } => write!(
                f,
                "Your progress file could not be read ({reason}). It was moved to {} and a new one started; nothing was deleted.",
                to.display()
            ),
            Notice::ReadOnly { path, why } => write!(
                f,
                "Progress in {} is read-only: {why}. You can look around, but changes will not be saved.",
                path.display()
            ),
            Notice::TempFilesRemoved(n) => write!(
                f,
                "Removed {n} leftover temporary file(s) from an interrupted save."
            ),
            Notice::Migrated { from, backup } => write!(
                f,
                "Your progress file was upgraded from format {from} to {FORMAT_VERSION}. The original is kept at {}.",
                backup.display()
            ),
        }
    }
}

/// The opened store plus what was read from it.
#[derive(Debug)]
pub struct Opened {
    pub store: Store,
    pub progress: Progress,
    pub notices: Vec<Notice>,
}

/// The progress file of one data folder. Holding a writable `Store` means holding the
/// folder's lock; it is released when the store is dropped.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    path: PathBuf,
    read_only: Option<ReadOnly>,
    _lock: Option<File>,
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

impl Store {
    /// Opens (creating if needed) the data folder `dir`, takes its lock, removes leftover
    /// temp files and reads the progress file. A file that cannot be read is moved aside
    /// and reported in `notices`, never overwritten.
    pub fn open(dir: &Path, now: Timestamp) -> Result<Opened, ProgressError> {
        create_private_dir(dir)?;
        let path = dir.join(FILE_NAME);
        let mut notices = Vec::new();

        let lock_path = dir.join(LOCK_NAME);
        // On a read-only or full disk the lock file may not be creatable. The learner
        // can still read; saves then fail visibly and are retried, so start anyway.
        let lock = match private_options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
        {
            Ok(lock) => Some(lock),
            Err(e) if unwritable(&e) => None,
            Err(e) => return Err(io_err("open", &lock_path)(e)),
        };
        let mut read_only = match lock.as_ref().map(File::try_lock) {
            Some(Ok(())) | None => None,
            Some(Err(fs::TryLockError::WouldBlock)) => Some(ReadOnly::Locked),
            Some(Err(fs::TryLockError::Error(e))) => return Err(io_err("lock", &lock_path)(e)),
        };

        if read_only.is_none() && lock.is_some() {
            let removed = remove_temp_files(dir)?;
            if removed > 0 {
                notices.push(Notice::TempFilesRemoved(removed));
            }
        }

        let mut migrated = None;
        let progress = match fs::read(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Progress::new(now),
            Err(e) => return Err(io_err("read", &path)(e)),
            Ok(bytes) => match parse(&bytes) {
                Parsed::Ok(p) => p,
                Parsed::Older(version, mut p) => {
                    p.format_version = FORMAT_VERSION;
                    if read_only.is_none() && lock.is_some() {
                        let backup = keep_copy(&path, &bytes, version, now)?;
                        migrated = Some((version, backup));
                    }
                    p
                }
                Parsed::Newer(version, p) => {
                    read_only.get_or_insert(ReadOnly::NewerFormat(version));
                    p.unwrap_or_else(|| Progress::new(now))
                }
                Parsed::Corrupt(Bad { reason, .. }) if read_only.is_none() => {
                    let to = quarantine(&path, now)?;
                    notices.push(Notice::Quarantined { to, reason });
                    Progress::new(now)
                }
                Parsed::Corrupt(_) => Progress::new(now),
            },
        };
        if let Some(why) = &read_only {
            notices.push(Notice::ReadOnly {
                path: path.clone(),
                why: why.clone(),
            });
        }
        let store = Store {
            dir: dir.to_path_buf(),
            path,
            read_only,
            _lock: lock,
        };
        if let Some((from, backup)) = migrated {
            // The original is safe in `backup`; the upgraded record replaces it atomically.
            // If this save fails (a full disk), the next change saves it again.
            if store.save(&progress).is_ok() {
                notices.push(Notice::Migrated { from, backup });
            }
        }
        Ok(Opened {
            store,
            progress,
            notices,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn read_only(&self) -> Option<&ReadOnly> {
        self.read_only.as_ref()
    }

    /// Saves `progress` atomically. The write protocol:
    ///
    /// 1. serialize to a string first, so a serialization error touches no file;
    /// 2. write it to a new temp file (`.progress.toml.tmp-<pid>-<n>`, mode 0600) in the
    ///    same folder, so the rename below stays on one file system;
    /// 3. `fsync` the temp file: its bytes are on disk before any name points at them;
    /// 4. `rename` it over `progress.toml`: readers see the old file or the new one, never
    ///    a mix, and the old file is never truncated in place;
    /// 5. `fsync` the folder so the rename itself survives a power cut.
    ///
    /// A failure at any step removes the temp file and leaves the old file as it was.
    pub fn save(&self, progress: &Progress) -> Result<(), ProgressError> {
        if let Some(why) = &self.read_only {
            return Err(ProgressError::ReadOnly(why.clone()));
        }
        let text = to_text(progress)?;
        let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = self
            .dir
            .join(format!("{TEMP_PREFIX}{}-{n}", std::process::id()));
        let result = write_synced(&tmp, text.as_bytes())
            .and_then(|()| fs::rename(&tmp, &self.path).map_err(io_err("replace", &self.path)))
            .and_then(|()| sync_dir(&self.dir));
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result
    }
}

/// The text of a progress file, with a header saying what it is.
pub fn to_text(progress: &Progress) -> Result<String, ProgressError> {
    let body = toml::to_string(progress)?;
    Ok(format!(
        "# devops-tutor progress. Safe to back up or copy to another machine;\n# edit only while devops-tutor is closed.\n{body}"
    ))
}

/// Copies the file being upgraded to `progress.toml.v<version>-backup-<time>` (a new
/// file, synced) before anything replaces it.
fn keep_copy(
    path: &Path,
    bytes: &[u8],
    version: u32,
    now: Timestamp,
) -> Result<PathBuf, ProgressError> {
    let stamp = now.strftime("%Y%m%dT%H%M%SZ").to_string();
    let mut to = path.with_file_name(format!("{FILE_NAME}.v{version}-backup-{stamp}"));
    let mut n = 1;
    while to.exists() {
        to = path.with_file_name(format!("{FILE_NAME}.v{version}-backup-{stamp}-{n}"));
        n += 1;
    }
    write_synced(&to, bytes)?;
    sync_dir(path.parent().unwrap_or(Path::new(".")))?;
    Ok(to)
}

fn quarantine(path: &Path, now: Timestamp) -> Result<PathBuf, ProgressError> {
    let stamp = now.strftime("%Y%m%dT%H%M%SZ").to_string();
    let mut to = path.with_file_name(format!("{FILE_NAME}.corrupt-{stamp}"));
    let mut n = 1;
    while to.exists() {
        to = path.with_file_name(format!("{FILE_NAME}.corrupt-{stamp}-{n}"));
        n += 1;
    }
    fs::rename(path, &to).map_err(io_err("move aside", path))?;
    sync_dir(path.parent().unwrap_or(Path::new(".")))?;
    Ok(to)
}

fn remove_temp_files(dir: &Path) -> Result<usize, ProgressError> {
    let mut removed = 0;
    for entry in fs::read_dir(dir).map_err(io_err("list", dir))? {
        let entry = entry.map_err(io_err("list", dir))?;
        if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            fs::remove_file(entry.path()).map_err(io_err("remove", &entry.path()))?;
            removed += 1;
        }
    }
    Ok(removed)
}

pub(super) fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), ProgressError> {
    let mut file = private_options()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(io_err("create", path))?;
    file.write_all(bytes).map_err(io_err("write", path))?;
    file.sync_all().map_err(io_err("sync", path))
}

pub(super) fn sync_dir(dir: &Path) -> Result<(), ProgressError> {
    #[cfg(unix)]
    {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io_err("sync", dir))
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

/// Creates the data folder with mode 0700 (and tightens an existing one).
/// Errors that mean "this place cannot be written", as opposed to a broken disk.
fn unwritable(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ReadOnlyFilesystem
            | io::ErrorKind::PermissionDenied
            | io::ErrorKind::StorageFull
    )
}

pub(super) fn create_private_dir(dir: &Path) -> Result<(), ProgressError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        builder.mode(0o700);
        builder.create(dir).map_err(io_err("create", dir))?;
        match fs::set_permissions(dir, fs::Permissions::from_mode(0o700)) {
            // A read-only folder cannot be tightened, and is no risk either.
            Err(e) if !unwritable(&e) => return Err(io_err("set permissions on", dir)(e)),
            _ => {}
        }
    }
    #[cfg(not(unix))]
    builder.create(dir).map_err(io_err("create", dir))?;
    Ok(())
}
