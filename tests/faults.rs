//! Disk faults during a save, injected into the real binary: ENOSPC on write, EIO on
//! fsync (a failed fsync is a failed save), and a read-only file system. Each time the
//! old progress file stays byte-identical and the error names the path and the cause.
//! Uses `strace -e inject` and, for the read-only case, a private tmpfs mount
//! (`unshare -m`); `.ci/run` installs strace.

use std::path::Path;
use std::process::{Command, Output};

fn tutor() -> &'static str {
    env!("CARGO_BIN_EXE_devops-tutor")
}

/// A data folder holding one saved progress file; returns its bytes.
fn seeded(data: &Path) -> Vec<u8> {
    let status = Command::new(tutor())
        .arg("--data-dir")
        .arg(data)
        .args(["__save-stress", "--count", "1"])
        .status()
        .expect("runs");
    assert!(status.success());
    std::fs::read(data.join("progress.toml")).expect("seeded")
}

fn under_strace(data: &Path, syscall: &str, inject: &str) -> Output {
    Command::new("strace")
        .args(["-f", "-qq", "-o", "/dev/null", "-e"])
        .arg(format!("trace={syscall}"))
        .arg("-e")
        .arg(format!("inject={syscall}:{inject}"))
        .arg(tutor())
        .arg("--data-dir")
        .arg(data)
        .args(["__save-stress", "--count", "1"])
        .output()
        .expect("strace runs (installed by .ci/run)")
}

fn assert_failed_cleanly(out: &Output, data: &Path, before: &[u8], cause: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&data.display().to_string()),
        "names the path: {stderr}"
    );
    assert!(stderr.contains(cause), "names the OS error: {stderr}");
    assert_eq!(
        std::fs::read(data.join("progress.toml")).expect("still there"),
        before,
        "the old file is byte-identical"
    );
    let temps = std::fs::read_dir(data)
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".progress.toml.tmp-")
        })
        .count();
    assert_eq!(temps, 0, "the failed save removed its temp file");
}

#[test]
fn no_space_left_while_writing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let before = seeded(&data);
    // The first write(2) of the process is the temp file's content.
    let out = under_strace(&data, "write", "error=ENOSPC:when=1");
    assert_failed_cleanly(&out, &data, &before, "No space left on device");
}

#[test]
fn fsync_failure_is_a_failed_save() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let before = seeded(&data);
    let out = under_strace(&data, "fsync", "error=EIO");
    assert_failed_cleanly(&out, &data, &before, "Input/output error");
}

#[test]
fn read_only_file_system() {
    // A private mount namespace with a tmpfs: remounted read-only after the first save.
    // chmod would not do: tests run as root, and root ignores file modes.
    let script = r#"
        set -e
        mount -t tmpfs -o size=4m tmpfs "$1"
        "$0" --data-dir "$1/data" __save-stress --count 1
        cp "$1/data/progress.toml" "$2"
        mount -o remount,ro "$1"
        set +e
        "$0" --data-dir "$1/data" __save-stress --count 1 2> "$3"
        echo "exit=$?" >> "$3"
        cmp "$1/data/progress.toml" "$2" && echo identical >> "$3"
    "#;
    let dir = tempfile::tempdir().expect("temp dir");
    let mnt = dir.path().join("mnt");
    std::fs::create_dir(&mnt).expect("mkdir");
    let copy = dir.path().join("before.toml");
    let log = dir.path().join("log.txt");
    let status = Command::new("unshare")
        .args(["-m", "sh", "-c", script, tutor()])
        .arg(&mnt)
        .arg(&copy)
        .arg(&log)
        .status()
        .expect("unshare runs");
    assert!(
        status.success(),
        "the mount set-up works here (root, util-linux)"
    );
    let log = std::fs::read_to_string(&log).expect("log");
    assert!(log.contains("Read-only file system"), "{log}");
    assert!(
        log.contains("cannot create"),
        "it opened the store and failed at the save itself: {log}"
    );
    assert!(log.contains("exit=2"), "{log}");
    assert!(
        log.contains("identical"),
        "the old file is byte-identical: {log}"
    );
}
