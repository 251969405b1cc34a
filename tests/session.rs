//! The check session and its watcher, as the Exercise screen and `check --watch` use
//! them: one save is exactly one new report; reading the files (ten times, as `cat` or
//! the checker itself does), touching an editor's swap file or saving the same bytes
//! again is none; a save by rename, as editors do it, is one.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use devops_tutor::check::{Kind, Requirements};
use devops_tutor::session::{Session, Watcher};

/// How long to wait for the watcher to deliver (debounce plus a generous margin for a
/// busy machine).
const SETTLE: Duration = Duration::from_millis(700);

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    file: PathBuf,
    session: Session,
    _watcher: Watcher,
    changes: Receiver<Vec<PathBuf>>,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temp");
        let root = dir.path().canonicalize().expect("canonical temp");
        let file = root.join("Dockerfile");
        // Empty: "not yet, the Dockerfile is empty".
        std::fs::write(&file, "").expect("write");
        let mut session = Session::path(&file, Requirements::none(Kind::Dockerfile));
        assert!(!session.check_now().passed);
        let (mut watcher, changes) = Watcher::channel().expect("watcher");
        watcher.watch(&session.watch_root()).expect("watch");
        // inotify is ready at once, but let any event of set-up pass.
        std::thread::sleep(Duration::from_millis(200));
        let mut f = Fixture {
            _dir: dir,
            root,
            file,
            session,
            _watcher: watcher,
            changes,
        };
        f.reports_after(|| {});
        f
    }

    /// Does `act`, waits for the watcher, and feeds every batch of events to the
    /// session the way the app does; returns how many new reports came out.
    fn reports_after(&mut self, act: impl FnOnce()) -> usize {
        act();
        let deadline = Instant::now() + SETTLE;
        let mut reports = 0;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            let Ok(paths) = self.changes.recv_timeout(left) else {
                break;
            };
            if paths.iter().any(|p| self.session.concerns(p)) && self.session.recheck().is_some() {
                reports += 1;
            }
        }
        reports
    }
}

fn read(path: &Path) {
    let _ = std::fs::read_to_string(path).expect("read");
    let _ = std::process::Command::new("cat")
        .arg(path)
        .output()
        .expect("cat runs");
}

#[test]
fn one_save_is_one_report() {
    let mut f = Fixture::new();
    let file = f.file.clone();
    let n = f.reports_after(|| {
        std::fs::write(
            &file,
            "FROM python:3.14-slim\nUSER 1000\nCMD [\"python\"]\n",
        )
        .expect("save")
    });
    assert_eq!(n, 1);
    assert!(f.session.report().is_some_and(|r| r.passed));
}

#[test]
fn reads_are_no_report() {
    let mut f = Fixture::new();
    let file = f.file.clone();
    let n = f.reports_after(|| {
        for _ in 0..10 {
            read(&file);
        }
    });
    assert_eq!(n, 0, "reading the file is not a change");
    // And the checker's own reads do not loop: a forced check, then quiet.
    f.session.check_now();
    assert_eq!(f.reports_after(|| {}), 0);
}

#[test]
fn a_save_by_rename_is_one_report() {
    let mut f = Fixture::new();
    let (root, file) = (f.root.clone(), f.file.clone());
    let n = f.reports_after(|| {
        let tmp = root.join("Dockerfile.tmp-4913");
        std::fs::write(&tmp, "FROM python:3.14-slim\nUSER 1000\nCMD [\"python\"]\n")
            .expect("write");
        std::fs::rename(&tmp, &file).expect("rename");
    });
    assert_eq!(n, 1);
}

#[test]
fn swap_files_and_unchanged_saves_are_no_report() {
    let mut f = Fixture::new();
    let (root, file) = (f.root.clone(), f.file.clone());
    let n = f.reports_after(|| {
        std::fs::write(root.join(".Dockerfile.swp"), "vim swap").expect("swap");
        std::fs::write(root.join("Dockerfile~"), "backup").expect("backup");
        let same = std::fs::read(&file).expect("read");
        std::fs::write(&file, same).expect("same bytes");
    });
    assert_eq!(n, 0);
}

#[test]
fn a_folder_check_sees_a_new_file_but_not_a_swap_file() {
    let dir = tempfile::tempdir().expect("temp");
    let root = dir.path().canonicalize().expect("canonical");
    std::fs::write(root.join("main.tf"), "terraform {}\n").expect("write");
    let mut s = Session::path(&root, Requirements::none(Kind::Terraform));
    s.check_now();
    std::fs::write(root.join(".main.tf.swp"), "swap").expect("swap");
    assert!(
        s.recheck().is_none(),
        "a swap file is not part of the module"
    );
    std::fs::write(root.join("variables.tf"), "variable \"x\" {}\n").expect("write");
    assert!(s.recheck().is_some(), "a new .tf file is");
    assert!(s.recheck().is_none());
}
