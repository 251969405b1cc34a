//! Progress survives crashes: the real binary saves in a loop and is killed with
//! SIGKILL at random moments; every file left behind must be a whole save, and no save
//! that finished is ever lost. Plus the file modes under any umask.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use devops_tutor::progress::{Notice, Store};
use jiff::Timestamp;

const KILLS: usize = 1_000;

fn stress(data: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_devops-tutor"));
    cmd.arg("--data-dir")
        .arg(data)
        .arg("__save-stress")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// The completed lessons must be exactly `stress-0 … stress-(n-1)`: a torn or mixed
/// file would show a gap or fail to parse.
fn saved_count(data: &Path) -> usize {
    let opened = Store::open(data, Timestamp::now()).expect("opens");
    assert!(
        !opened
            .notices
            .iter()
            .any(|n| matches!(n, Notice::Quarantined { .. })),
        "a kill left a corrupt file: {:?}",
        opened.notices
    );
    let n = opened.progress.lessons.len();
    for (i, id) in opened.progress.lessons.keys().enumerate() {
        assert_eq!(
            id,
            &format!("stress-{i:08}"),
            "saves are whole and in order"
        );
    }
    n
}

#[test]
fn a_thousand_kill_9_during_saves_never_corrupt_or_lose_progress() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    // A small deterministic generator for the kill delays (0–12 ms), so a failure can
    // be replayed.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut last = 0;
    let mut temp_files_found = 0;
    for _ in 0..KILLS {
        let mut child = stress(&data).spawn().expect("starts");
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_micros(seed % 12_000));
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        temp_files_found += std::fs::read_dir(&data)
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter(|e| {
                        e.file_name()
                            .to_string_lossy()
                            .starts_with(".progress.toml.tmp-")
                    })
                    .count()
            })
            .unwrap_or(0);
        let now = saved_count(&data);
        assert!(now >= last, "progress went back from {last} to {now} saves");
        last = now;
    }
    assert!(last > 0, "the stress loop saved something");
    // Opening the store (as every run does) removed every leftover temp file.
    let leftovers = std::fs::read_dir(&data)
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".progress.toml.tmp-")
        })
        .count();
    assert_eq!(leftovers, 0);
    eprintln!(
        "{KILLS} kills: 0 corrupt files, {last} saves kept, {temp_files_found} interrupted temp files cleaned"
    );
}

#[cfg(unix)]
#[test]
fn folder_0700_and_file_0600_under_any_umask() {
    use std::os::unix::fs::PermissionsExt;
    for umask in ["000", "022", "077"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().join("data");
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {umask} && exec \"$0\" --data-dir \"$1\" __save-stress --count 2"
            ))
            .arg(env!("CARGO_BIN_EXE_devops-tutor"))
            .arg(&data)
            .status()
            .expect("runs");
        assert!(status.success());
        let mode = |p: &Path| std::fs::metadata(p).expect("stat").permissions().mode() & 0o777;
        assert_eq!(mode(&data), 0o700, "folder under umask {umask}");
        assert_eq!(
            mode(&data.join("progress.toml")),
            0o600,
            "file under umask {umask}"
        );
        assert_eq!(
            mode(&data.join("progress.lock")),
            0o600,
            "lock under umask {umask}"
        );
    }
}

/// A save that fails keeps the app running with progress in memory, shows a "not
/// saved" marker with the path and the OS error, and succeeds on the next change once
/// the folder is writable again.
#[test]
fn a_failed_save_is_shown_kept_in_memory_and_retried() {
    use devops_tutor::content::Source;
    use devops_tutor::tui::{App, Key::*, SaveState, views};
    use ratatui::{buffer::Buffer, layout::Rect};

    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let opened = Store::open(&data, Timestamp::now()).expect("opens");
    let curriculum =
        devops_tutor::load_curriculum(&Source::Dir("tests/fixtures/content/good".into()))
            .expect("fixture");
    let mut app = App::new(curriculum, opened.progress, Some(opened.store));
    app.default_workspace = None;
    app.resize(80, 24);
    // Open the first module (below Home's continue, review, self-quiz and progress rows),
    // its first lesson, and mark it done: saved.
    for m in [Down, Down, Down, Down, Enter, Enter, Char('d')] {
        app.press(m);
    }
    assert_eq!(app.save, SaveState::Saved);
    let before = std::fs::read(data.join("progress.toml")).expect("saved");

    // The folder disappears behind the app's back (a full or read-only disk looks the
    // same to it): a plain file now stands where the folder was.
    let moved = dir.path().join("moved");
    std::fs::rename(&data, &moved).expect("move folder");
    std::fs::write(&data, "not a folder").expect("block");
    app.press(Char('d'));
    let SaveState::Failed(reason) = &app.save else {
        panic!("the save must fail, got {:?}", app.save)
    };
    assert!(
        reason.contains(&data.display().to_string()),
        "names the path: {reason}"
    );
    assert!(
        reason.contains("Not a directory"),
        "names the OS error: {reason}"
    );
    assert!(
        !app.progress.lesson_done("basics-first"),
        "the change is kept in memory"
    );
    let area = Rect::new(0, 0, 80, 24);
    let mut buf = Buffer::empty(area);
    views::render(&app, area, &mut buf);
    let screen: String = buf.content.iter().map(|c| c.symbol()).collect();
    assert!(screen.contains("✗ NOT SAVED"), "{screen}");
    assert!(screen.contains("not saved: cannot create"), "{screen}");

    // The folder comes back; the next change saves everything, including the change
    // that failed before.
    std::fs::remove_file(&data).expect("unblock");
    std::fs::rename(&moved, &data).expect("restore folder");
    assert_eq!(
        std::fs::read(data.join("progress.toml")).expect("old file"),
        before,
        "the old file is untouched"
    );
    app.press(Char('d'));
    assert_eq!(app.save, SaveState::Saved);
    drop(app);
    let reopened = Store::open(&data, Timestamp::now()).expect("opens");
    assert!(reopened.progress.lesson_done("basics-first"));
}

/// A second instance opens read-only; the moment a change would be saved, it says the
/// change is not kept.
#[test]
fn a_read_only_instance_says_so_at_the_change() {
    use devops_tutor::content::Source;
    use devops_tutor::tui::{App, Key::*, SaveState, views};
    use ratatui::{buffer::Buffer, layout::Rect};

    let dir = tempfile::tempdir().expect("temp dir");
    let first = Store::open(dir.path(), Timestamp::now()).expect("opens");
    let second = Store::open(dir.path(), Timestamp::now()).expect("opens read-only");
    assert!(second.store.read_only().is_some());
    let curriculum =
        devops_tutor::load_curriculum(&Source::Dir("tests/fixtures/content/good".into()))
            .expect("fixture");
    let mut app = App::new(curriculum, second.progress, Some(second.store));
    app.default_workspace = None;
    app.resize(80, 24);
    for k in [Down, Down, Down, Down, Enter, Enter, Char('d')] {
        app.press(k);
    }
    assert_eq!(app.save, SaveState::ReadOnly);
    let area = Rect::new(0, 0, 80, 24);
    let mut buf = Buffer::empty(area);
    views::render(&app, area, &mut buf);
    let screen: String = buf.content.iter().map(|c| c.symbol()).collect();
    assert!(
        screen.contains("Not saved: the progress file is read-only"),
        "{screen}"
    );
    drop(first);
}
