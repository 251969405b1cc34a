//! Results handed to the instance that holds the progress file. While the tutor is
//! open, `devops-tutor check ID` in a second terminal cannot write progress (one writer
//! at a time), so it posts the result here instead: one small file per result in
//! `<data dir>/inbox/`, written to a temp file and renamed, so a reader sees a whole
//! file or none. The writer [`drain`]s the folder — reads, records, deletes — a bounded
//! number of files at a time; a damaged file is removed, never a reason to stop.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::store::{ProgressError, create_private_dir, io_err, sync_dir, write_synced};

/// The folder under the data folder.
pub const INBOX_DIR: &str = "inbox";
/// At most this many results are taken in one drain; the rest wait for the next.
pub const MAX_DRAIN: usize = 100;
/// A result file is a few lines; anything larger is not one.
const MAX_ENTRY_BYTES: u64 = 4 * 1024;
/// A temp file this old belongs to a writer that died before its rename.
const STALE_TEMP: Duration = Duration::from_secs(600);
const TEMP_PREFIX: &str = ".tmp-";
const EXTENSION: &str = "toml";

/// One check of an exercise, done by another instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxEntry {
    /// The exercise id.
    pub id: String,
    pub passed: bool,
    /// When the check ran.
    pub at: Timestamp,
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// The inbox of the data folder `data_dir`.
pub fn inbox_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(INBOX_DIR)
}

/// Posts `entry` for the instance holding `data_dir`'s progress: written whole to a
/// temp file, synced, then renamed into place. Returns the file's path.
pub fn post(data_dir: &Path, entry: &InboxEntry) -> Result<PathBuf, ProgressError> {
    let dir = inbox_dir(data_dir);
    create_private_dir(&dir)?;
    let text = toml::to_string(entry)?;
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let pid = std::process::id();
    // Named by time first, so that files sort in the order they were posted.
    let stamp = entry.at.as_nanosecond();
    let tmp = dir.join(format!("{TEMP_PREFIX}{pid}-{n}"));
    let path = dir.join(format!("{stamp:024}-{pid}-{n}.{EXTENSION}"));
    let result = write_synced(&tmp, text.as_bytes())
        .and_then(|()| fs::rename(&tmp, &path).map_err(io_err("rename", &path)))
        .and_then(|()| sync_dir(&dir));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map(|()| path)
}

/// Takes up to [`MAX_DRAIN`] results out of the inbox, oldest first, deleting each file
/// read. Damaged files (not a result, too large, not UTF-8) are deleted and skipped;
/// temp files are left to their writer unless they are stale. A missing or unreadable
/// folder is an empty inbox.
pub fn drain(data_dir: &Path) -> Vec<InboxEntry> {
    let dir = inbox_dir(data_dir);
    let Ok(listing) = fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files = Vec::new();
    // Bounded: never more than a few batches' worth of names is looked at per drain.
    for entry in listing.filter_map(Result::ok).take(MAX_DRAIN * 4) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(TEMP_PREFIX) {
            if is_stale(&entry.path()) {
                let _ = fs::remove_file(entry.path());
            }
            continue;
        }
        files.push((name, entry.path()));
    }
    files.sort();
    let mut out = Vec::new();
    for (_, path) in files.into_iter().take(MAX_DRAIN) {
        if let Some(entry) = read(&path) {
            out.push(entry);
        }
        // Read or damaged, it is done with: removing it means it is recorded once.
        let _ = fs::remove_file(&path);
    }
    out
}

fn read(path: &Path) -> Option<InboxEntry> {
    let meta = fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_ENTRY_BYTES {
        return None;
    }
    let text = fs::read_to_string(path).ok()?;
    toml::from_str(&text).ok()
}

fn is_stale(path: &Path) -> bool {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_some_and(|age| age > STALE_TEMP)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, passed: bool, seconds: i64) -> InboxEntry {
        InboxEntry {
            id: id.to_string(),
            passed,
            at: Timestamp::from_second(1_780_000_000 + seconds).expect("a time"),
        }
    }

    #[test]
    fn a_posted_result_comes_back_once() {
        let dir = tempfile::tempdir().expect("temp");
        let first = entry("dockerfile-orders-api", true, 0);
        let second = entry("terraform-s3-bucket", false, 1);
        // Posted newest first: drained oldest first.
        post(dir.path(), &second).expect("post");
        let path = post(dir.path(), &first).expect("post");
        assert!(path.starts_with(inbox_dir(dir.path())));
        assert_eq!(drain(dir.path()), vec![first, second]);
        assert_eq!(drain(dir.path()), vec![], "each result is drained once");
        assert_eq!(
            fs::read_dir(inbox_dir(dir.path())).expect("list").count(),
            0
        );
    }

    #[test]
    fn no_inbox_is_an_empty_one() {
        let dir = tempfile::tempdir().expect("temp");
        assert!(drain(&dir.path().join("missing")).is_empty());
    }

    #[test]
    fn damaged_files_are_removed_and_the_rest_still_drained() {
        let dir = tempfile::tempdir().expect("temp");
        let good = entry("compose-app-and-db", true, 5);
        post(dir.path(), &good).expect("post");
        let inbox = inbox_dir(dir.path());
        fs::write(inbox.join("0-bad.toml"), "id = \"x\"\npassed = maybe\n").expect("write");
        fs::write(inbox.join("1-binary.toml"), [0xff, 0xfe, 0x00]).expect("write");
        fs::write(inbox.join("2-huge.toml"), "#".repeat(10_000)).expect("write");
        fs::create_dir(inbox.join("3-a-folder")).expect("mkdir");
        assert_eq!(drain(dir.path()), vec![good]);
        let left: Vec<_> = fs::read_dir(&inbox)
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        // A folder cannot be removed as a file; it is skipped every time, never read.
        assert_eq!(left, ["3-a-folder"]);
    }

    #[test]
    fn a_temp_file_in_flight_is_left_alone() {
        let dir = tempfile::tempdir().expect("temp");
        let inbox = inbox_dir(dir.path());
        fs::create_dir_all(&inbox).expect("mkdir");
        fs::write(inbox.join(".tmp-1-0"), "id = \"half").expect("write");
        assert!(drain(dir.path()).is_empty());
        assert!(inbox.join(".tmp-1-0").exists());
    }

    #[test]
    fn many_results_are_drained_a_batch_at_a_time_and_none_is_lost() {
        let dir = tempfile::tempdir().expect("temp");
        let total = MAX_DRAIN * 2 + 17;
        for i in 0..total {
            post(
                dir.path(),
                &entry(&format!("ex-{i:04}"), i % 2 == 0, i as i64),
            )
            .expect("post");
        }
        let mut seen = Vec::new();
        loop {
            let batch = drain(dir.path());
            if batch.is_empty() {
                break;
            }
            assert!(batch.len() <= MAX_DRAIN);
            seen.extend(batch);
        }
        assert_eq!(seen.len(), total);
        let ids: Vec<String> = seen.iter().map(|e| e.id.clone()).collect();
        let want: Vec<String> = (0..total).map(|i| format!("ex-{i:04}")).collect();
        assert_eq!(ids, want, "oldest first, each once");
    }
}
