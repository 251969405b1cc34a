//! The local backend's state lock: `.terraform.tfstate.lock.info` beside the state.
//!
//! Real Terraform holds an `fcntl` lock on `terraform.tfstate` while a command runs and
//! writes this file with the holder's details; the file alone does not block a real
//! Terraform (it removes a stale one itself). The lab simulates only the file: a lock is
//! held while the file exists, which is what lets [`lock_as_teammate`] play a colleague
//! in the middle of an apply. Error texts are Terraform's.

use std::fmt;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{STATE_FILE, TERRAFORM_VERSION};

/// The lock file's name in the configuration folder.
pub const LOCK_INFO_FILE: &str = ".terraform.tfstate.lock.info";
/// Terraform's operation names, as recorded in `Operation`.
pub const OP_APPLY: &str = "OperationTypeApply";
/// See [`OP_APPLY`].
pub const OP_PLAN: &str = "OperationTypePlan";
/// See [`OP_APPLY`].
pub const OP_REFRESH: &str = "OperationTypeRefresh";

/// The contents of the lock file (Terraform's `LockInfo`, same JSON keys and order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockInfo {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "Operation")]
    pub operation: String,
    #[serde(rename = "Info")]
    pub info: String,
    #[serde(rename = "Who")]
    pub who: String,
    #[serde(rename = "Version")]
    pub version: String,
    /// RFC 3339 with nanoseconds, UTC: `2026-12-04T17:00:13.625493662Z`.
    #[serde(rename = "Created")]
    pub created: String,
    /// The state file, as configured: `terraform.tfstate`.
    #[serde(rename = "Path")]
    pub path: String,
}

impl fmt::Display for LockInfo {
    /// Terraform's `Lock Info:` block (`Created` in Go's time format).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let created = match self.created.strip_suffix('Z') {
            Some(t) => format!("{} +0000 UTC", t.replacen('T', " ", 1)),
            None => self.created.clone(),
        };
        write!(
            f,
            "Lock Info:\n  ID:        {}\n  Path:      {}\n  Operation: {}\n  Who:       {}\n  Version:   {}\n  Created:   {created}\n  Info:      {}\n",
            self.id, self.path, self.operation, self.who, self.version, self.info
        )
    }
}

/// Why a lock could not be taken or released.
#[derive(Debug)]
pub enum LockError {
    /// Someone holds the lock (`Error acquiring the state lock`).
    Held {
        /// Terraform's `Error message:` line.
        message: String,
        /// The holder, when the lock file could be read.
        info: Option<Box<LockInfo>>,
    },
    /// `force-unlock` refused: no lock, or another ID.
    Unlock {
        message: String,
        info: Option<Box<LockInfo>>,
    },
    /// The file system failed.
    Io { path: PathBuf, cause: io::Error },
}

const ADVICE: &str = "Terraform acquires a state lock to protect the state from being written\nby multiple users at the same time. Please resolve the issue above and try\nagain. For most commands, you can disable locking with the \"-lock=false\"\nflag, but this is not recommended.";

impl fmt::Display for LockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LockError::Held { message, info } => {
                write!(
                    f,
                    "Error acquiring the state lock\n\nError message: {message}"
                )?;
                if let Some(i) = info {
                    write!(f, "\n{i}")?;
                }
                write!(f, "\n\n{ADVICE}")
            }
            LockError::Unlock { message, info } => {
                write!(f, "Failed to unlock state: {message}")?;
                if let Some(i) = info {
                    write!(f, "\n{i}")?;
                }
                Ok(())
            }
            LockError::Io { path, cause } => {
                write!(
                    f,
                    "Error acquiring the state lock\n\nError message: {}: {cause}",
                    path.display()
                )
            }
        }
    }
}

impl std::error::Error for LockError {}

/// A held lock; dropping it removes the lock file (if it is still ours).
#[derive(Debug)]
pub struct LockGuard {
    path: PathBuf,
    info: LockInfo,
}

impl LockGuard {
    /// What was written to the lock file.
    pub fn info(&self) -> &LockInfo {
        &self.info
    }
}

impl Drop for LockGuard {
    fn drop(&mut self) {
        if read_lock_file(&self.path).is_some_and(|i| i.id == self.info.id) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Takes the lock of the state in `dir` for `operation` (e.g. [`OP_APPLY`]) as `who`
/// (`user@host`): creates the lock file exclusively, or fails with the holder's details.
pub fn lock(dir: &Path, operation: &str, who: &str) -> Result<LockGuard, LockError> {
    let info = LockInfo {
        id: super::random_uuid(),
        operation: operation.to_string(),
        info: String::new(),
        who: who.to_string(),
        version: TERRAFORM_VERSION.to_string(),
        created: now_rfc3339(),
        path: STATE_FILE.to_string(),
    };
    let path = dir.join(LOCK_INFO_FILE);
    write_new(&path, &info)?;
    Ok(LockGuard { path, info })
}

/// Writes a lock file as a teammate (`alex@laptop`) in the middle of an apply would have
/// left it, and returns it. Fails like [`lock`] when the state is already locked.
pub fn lock_as_teammate(dir: &Path) -> Result<LockInfo, LockError> {
    let info = LockInfo {
        id: super::random_uuid(),
        operation: OP_APPLY.to_string(),
        info: String::new(),
        who: "alex@laptop".to_string(),
        version: TERRAFORM_VERSION.to_string(),
        created: now_rfc3339(),
        path: STATE_FILE.to_string(),
    };
    write_new(&dir.join(LOCK_INFO_FILE), &info)?;
    Ok(info)
}

/// The current lock of the state in `dir`, if any (an unreadable file counts as none).
pub fn current_lock(dir: &Path) -> Option<LockInfo> {
    read_lock_file(&dir.join(LOCK_INFO_FILE))
}

/// `terraform force-unlock ID`: removes the lock when `id` matches it.
pub fn force_unlock(dir: &Path, id: &str) -> Result<(), LockError> {
    let path = dir.join(LOCK_INFO_FILE);
    if !path.exists() {
        return Err(LockError::Unlock {
            message: "LocalState not locked".into(),
            info: None,
        });
    }
    let info = read_lock_file(&path);
    match &info {
        Some(i) if i.id == id => {
            fs::remove_file(&path).map_err(|cause| LockError::Io { path, cause })
        }
        Some(i) => Err(LockError::Unlock {
            message: format!(
                "invalid lock id: {}. current id: {}",
                serde_json::Value::String(id.to_string()),
                serde_json::Value::String(i.id.clone())
            ),
            info: info.clone().map(Box::new),
        }),
        // A lock file that cannot be read is removed, as Terraform would.
        None => fs::remove_file(&path).map_err(|cause| LockError::Io { path, cause }),
    }
}

fn write_new(path: &Path, info: &LockInfo) -> Result<(), LockError> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = match options.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            return Err(LockError::Held {
                message: "resource temporarily unavailable".into(),
                info: read_lock_file(path).map(Box::new),
            });
        }
        Err(cause) => {
            return Err(LockError::Io {
                path: path.to_path_buf(),
                cause,
            });
        }
    };
    let bytes = super::file::to_go_compact(info);
    file.write_all(&bytes)
        .and_then(|()| file.sync_all())
        .map_err(|cause| LockError::Io {
            path: path.to_path_buf(),
            cause,
        })
}

fn read_lock_file(path: &Path) -> Option<LockInfo> {
    let bytes = fs::read(path).ok()?;
    if bytes.len() > 64 * 1024 {
        return None;
    }
    serde_json::from_slice(&bytes).ok()
}

/// Now, UTC, as Go's RFC3339Nano (`2026-12-04T17:00:13.625493662Z`).
pub fn now_rfc3339() -> String {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    rfc3339(d.as_secs() as i64, d.subsec_nanos())
}

/// Seconds since the epoch plus nanoseconds as RFC3339Nano (trailing zeros trimmed).
pub fn rfc3339(secs: i64, nanos: u32) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let frac = if nanos == 0 {
        String::new()
    } else {
        format!(".{nanos:09}").trim_end_matches('0').to_string()
    };
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}{frac}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}
