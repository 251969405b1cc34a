//! End to end through a real pseudo-terminal: start the binary with a temporary HOME,
//! open a lesson, scroll, mark it done, quit; start again and find the lesson done and
//! the reading position resumed; check the terminal left the alternate screen and mouse
//! mode every time. Timeouts here only stop a hung test; nothing asserts speed.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

struct Session {
    master: Option<Box<dyn portable_pty::MasterPty + Send>>,
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    reader: Option<thread::JoinHandle<()>>,
}

impl Session {
    fn start(home: &Path, args: &[&str], extra_env: &[(&str, &str)]) -> Session {
        Self::spawn(home, env!("CARGO_BIN_EXE_devops-tutor"), args, extra_env)
    }

    /// Any program in the pty (e.g. `sh -c` to redirect the app's output).
    fn start_program(home: &Path, program: &str, args: &[&str]) -> Session {
        Self::spawn(home, program, args, &[])
    }

    fn spawn(home: &Path, program: &str, args: &[&str], extra_env: &[(&str, &str)]) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty opens");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env_clear();
        cmd.env("HOME", home);
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("PATH", std::env::var_os("PATH").unwrap_or_default());
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).expect("binary starts");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let writer = pty.master.take_writer().expect("writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(24).expect("24 > 0"),
            std::num::NonZeroU16::new(80).expect("80 > 0"),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (Arc::clone(&parser), Arc::clone(&raw));
        let reader = thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().expect("parser lock").process(&buf[..n]);
                r.lock().expect("raw lock").extend_from_slice(&buf[..n]);
            }
        });
        Session {
            master: Some(pty.master),
            child,
            writer,
            parser,
            raw,
            reader: Some(reader),
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().expect("parser lock").screen().contents()
    }

    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {text:?}; screen:\n{screen}"
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer
            .write_all(keys.as_bytes())
            .expect("keys written");
        self.writer.flush().expect("flushed");
        // Let the app handle one key batch before the next (it redraws after each).
        thread::sleep(Duration::from_millis(150));
    }

    /// Waits for the process to exit and for its output to drain.
    fn finish(mut self) -> (u32, Vec<u8>, bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "the app did not exit; screen:\n{}",
                self.screen()
            );
            thread::sleep(Duration::from_millis(20));
        };
        self.writer = Box::new(std::io::sink());
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        let alternate = self
            .parser
            .lock()
            .expect("parser lock")
            .screen()
            .alternate_screen();
        let raw = self.raw.lock().expect("raw lock").clone();
        (status.exit_code(), raw, alternate)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // A failed assertion must not leave the app running in the background.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}

fn body(screen: &str) -> Vec<String> {
    // The lesson text between the header rule and the footer.
    let lines: Vec<&str> = screen.lines().collect();
    lines[2..lines.len().saturating_sub(1)]
        .iter()
        .map(|l| l.trim_end().to_string())
        .collect()
}

fn assert_restored(raw: &[u8], alternate: bool) {
    assert!(!alternate, "the terminal is back on the main screen");
    let text = String::from_utf8_lossy(raw);
    let left = text
        .rfind("\u{1b}[?1049l")
        .expect("leaves the alternate screen");
    let entered = text
        .rfind("\u{1b}[?1049h")
        .expect("entered the alternate screen");
    assert!(left > entered);
    assert!(
        text.contains("\u{1b}[?1000l"),
        "mouse capture is switched off"
    );
}

#[test]
fn read_mark_done_quit_and_resume() {
    let home = tempfile::tempdir().expect("temp home");

    let mut s = Session::start(home.path(), &[], &[]);
    s.wait_for("▶ Start: Week 0");
    s.send("\r");
    s.wait_for("Week 0 › 1/7");
    s.send("jjjjjj");
    s.send("d");
    let before = s.wait_for("✓ done");
    s.send("q");
    let (code, raw, alternate) = s.finish();
    assert_eq!(code, 0);
    assert_restored(&raw, alternate);

    let saved = std::fs::read_to_string(home.path().join("data/devops-tutor/progress.toml"))
        .expect("progress saved");
    assert!(
        saved.contains("[lessons.orientation-devops-mental-model]"),
        "{saved}"
    );
    assert!(saved.contains("scroll = 6"), "{saved}");

    let mut s = Session::start(home.path(), &[], &[]);
    s.wait_for("▶ Continue: Week 0");
    s.send("\r");
    let after = s.wait_for("Week 0 › 1/7");
    assert!(
        after.contains("✓ done"),
        "the lesson is still done:\n{after}"
    );
    assert_eq!(
        body(&after),
        body(&before),
        "the reading position is resumed"
    );
    s.send("q");
    let (code, raw, alternate) = s.finish();
    assert_eq!(code, 0);
    assert_restored(&raw, alternate);
}

#[test]
fn quiz_and_checklist_are_saved_as_you_go() {
    let home = tempfile::tempdir().expect("temp home");
    let mut s = Session::start(home.path(), &[], &[]);
    s.wait_for("▶ Start: Week 0");
    // Open the orientation module (after the Review, Self-quiz and Progress rows), go to
    // its checklist (last row) and tick the first item.
    s.send("jjjj");
    s.send("\r");
    s.wait_for("Goals");
    s.send("G");
    s.send("\r");
    s.wait_for(" 0 of 9 done");
    s.send(" ");
    s.wait_for(" 1 of 9 done");
    s.send("\u{1b}");
    // The quiz is the row above the checklist: answer the first question.
    s.send("k");
    s.send("\r");
    s.wait_for("question 1/");
    s.send("\r");
    s.wait_for("↑↓ scroll");
    // Kill without a clean quit: what was done must already be on disk.
    s.child.kill().expect("kill");
    let _ = s.finish();
    let saved = std::fs::read_to_string(home.path().join("data/devops-tutor/progress.toml"))
        .expect("saved");
    assert!(saved.contains("[checklist."), "{saved}");
    assert!(saved.contains("[questions."), "{saved}");
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_restores_the_terminal("-TERM");
}

#[test]
fn sighup_restores_the_terminal() {
    signal_restores_the_terminal("-HUP");
}

fn signal_restores_the_terminal(signal: &str) {
    let home = tempfile::tempdir().expect("temp home");
    let mut s = Session::start(home.path(), &[], &[]);
    s.wait_for("▶ Start: Week 0");
    let pid = s.child.process_id().expect("pid");
    let status = std::process::Command::new("kill")
        .args([signal, &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let (code, raw, alternate) = s.finish();
    assert_eq!(code, 0);
    assert_restored(&raw, alternate);
    s = Session::start(home.path(), &[], &[]);
    s.wait_for("DevOps for backend developers");
    s.send("q");
    let _ = s.finish();
}

#[test]
fn a_second_instance_is_told_and_read_only() {
    let home = tempfile::tempdir().expect("temp home");
    let mut first = Session::start(home.path(), &[], &[]);
    first.wait_for("▶ Start: Week 0");
    let mut second = Session::start(home.path(), &[], &[]);
    let screen = second.wait_for("read-only");
    assert!(
        screen.contains("another devops-tutor is using it"),
        "{screen}"
    );
    second.send("q");
    let _ = second.finish();
    first.send("q");
    let (code, _, _) = first.finish();
    assert_eq!(code, 0);
}

/// Opens week 1's first exercise from Home: Week 1 is the sixth row (after continue,
/// review, self-quiz, progress and week 0); its exercises follow its lessons.
fn open_week1_exercise(s: &mut Session) {
    let curriculum = devops_tutor::load_curriculum(&devops_tutor::content::Source::Embedded)
        .expect("shipped curriculum loads");
    let (_, week1) = curriculum.module("docker-images").expect("week 1");
    assert_eq!(
        week1.exercises.first().map(String::as_str),
        Some("dockerfile-orders-api")
    );
    s.wait_for("▶ Start: Week 0");
    s.send("jjjjj\r");
    s.wait_for("Week 1 · Docker");
    s.send(&format!("{}\r", "j".repeat(week1.lessons.len())));
    s.wait_for("Exercise · Containerize the orders API");
}

#[test]
fn exercise_set_up_edit_and_pass() {
    let home = tempfile::tempdir().expect("temp home");
    // A stand-in editor that "fixes" the file the way the learner would: it writes the
    // reference solution over the file it is given.
    let solution = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("exercises/dockerfile-orders-api/solution/Dockerfile");
    let editor = home.path().join("fake-editor.sh");
    std::fs::write(
        &editor,
        format!("#!/bin/sh\ncp '{}' \"$1\"\n", solution.display()),
    )
    .expect("write editor");
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("chmod");
    let editor = editor.display().to_string();

    let mut s = Session::start(home.path(), &[], &[("EDITOR", &editor)]);
    open_week1_exercise(&mut s);
    s.wait_for("Set up your exercise folder");
    s.send("\r");
    s.wait_for("✗ not yet");
    assert!(
        home.path()
            .join("devops-tutor-exercises/dockerfile-orders-api/Dockerfile")
            .exists()
    );
    s.send("e");
    let screen = s.wait_for("✓ passed");
    assert!(screen.contains("Passed"), "{screen}");
    s.send("q");
    let (code, raw, alternate) = s.finish();
    assert_eq!(code, 0);
    assert_restored(&raw, alternate);
    let saved = std::fs::read_to_string(home.path().join("data/devops-tutor/progress.toml"))
        .expect("saved");
    assert!(
        saved.contains("[exercises.dockerfile-orders-api]") && saved.contains("passed = true"),
        "{saved}"
    );
}

#[test]
fn exercise_without_an_editor_says_how_to_set_one() {
    let home = tempfile::tempdir().expect("temp home");
    let mut s = Session::start(home.path(), &[], &[]);
    open_week1_exercise(&mut s);
    s.send("\r");
    s.wait_for("✗ not yet");
    s.send("e");
    s.wait_for("No editor is set");
    s.send("q");
    let (code, _, _) = s.finish();
    assert_eq!(code, 0);
}

fn assert_cursor_visible(s: &Session) {
    assert!(
        !s.parser.lock().expect("parser lock").screen().hide_cursor(),
        "the cursor is visible again"
    );
}

#[test]
fn a_panic_restores_the_terminal() {
    let home = tempfile::tempdir().expect("temp home");
    let s = Session::start(
        home.path(),
        &["__panic-after-first-frame"],
        &[("RUST_BACKTRACE", "0")],
    );
    s.wait_for("test panic after the first frame");
    assert_cursor_visible(&s);
    let (code, raw, alternate) = s.finish();
    assert_eq!(code, 101, "a panic exits with Rust's panic code");
    assert_restored(&raw, alternate);
    let text = String::from_utf8_lossy(&raw);
    assert!(text.contains("▶ Start"), "the first frame was drawn");
    let entered = text
        .rfind("\u{1b}[?1049h")
        .expect("entered the alternate screen");
    let left = entered
        + text[entered..]
            .find("\u{1b}[?1049l")
            .expect("left the alternate screen");
    let message = text
        .find("test panic after the first frame")
        .expect("the panic message");
    assert!(
        message > left,
        "the message is printed after the terminal is restored"
    );
}

#[test]
fn ctrl_c_quits_cleanly() {
    let home = tempfile::tempdir().expect("temp home");
    let mut s = Session::start(home.path(), &[], &[]);
    s.wait_for("▶ Start: Week 0");
    s.send("\u{3}");
    let (code, raw, alternate) = s.finish();
    assert_eq!(code, 0);
    assert_restored(&raw, alternate);
}

#[test]
fn a_resize_storm_is_survived() {
    let home = tempfile::tempdir().expect("temp home");
    let mut s = Session::start(home.path(), &[], &[]);
    s.wait_for("▶ Start: Week 0");
    s.send("jjjjj\rj");
    for i in 0..200u16 {
        let (rows, cols) = (1 + (i * 7) % 60, 1 + (i * 13) % 200);
        s.master
            .as_ref()
            .expect("pty open")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
    }
    s.master
        .as_ref()
        .expect("pty open")
        .resize(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("resize");
    s.send("\u{c}");
    s.wait_for("Week 1 · Docker");
    s.send("q");
    let (code, raw, alternate) = s.finish();
    assert_eq!(code, 0, "still running normally after the storm");
    assert_restored(&raw, alternate);
}

#[test]
fn output_to_a_file_is_refused_without_escape_codes() {
    let home = tempfile::tempdir().expect("temp home");
    let out = home.path().join("out.txt");
    // stdin is the pty, stdout a file: the `devops-tutor > file` case.
    let script = format!(
        "exec '{}' > '{}' 2>&1",
        env!("CARGO_BIN_EXE_devops-tutor"),
        out.display()
    );
    let mut s = Session::start_program(home.path(), "sh", &["-c", &script]);
    let (code, _, _) = {
        let deadline = Instant::now() + Duration::from_secs(20);
        while s.child.try_wait().expect("wait").is_none() && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(20));
        }
        s.send("");
        s.finish()
    };
    assert_eq!(code, 2);
    let text = std::fs::read_to_string(&out).expect("output file");
    assert!(text.contains("standard output is not one"), "{text}");
    assert!(!text.contains('\u{1b}'), "no escape codes in the file");
}

/// The terminal window closes (its pty master is closed while the app runs): the app
/// must notice and end, not spin. portable-pty keeps a duplicate of the master for its
/// reader, so this uses Python's `pty` module, which lets the test close the only copy.
#[test]
fn closing_the_terminal_ends_the_app() {
    let home = tempfile::tempdir().expect("temp home");
    let script = r#"
import os, pty, sys, time, select, fcntl, termios, struct
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    os.execv(sys.argv[1], [sys.argv[1]])
buf = b""
deadline = time.time() + 20
while b"Enter open" not in buf and time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.5)
    if r:
        try:
            buf += os.read(fd, 65536)
        except OSError:
            break
os.close(fd)
deadline = time.time() + 20
while time.time() < deadline:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        print("exited", os.waitstatus_to_exitcode(status))
        sys.exit(0)
    time.sleep(0.05)
os.kill(pid, 9)
print("still running")
"#;
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_devops-tutor"))
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("TERM", "xterm-256color")
        .output()
        .expect("python3 runs");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.starts_with("exited"),
        "the app must end when its terminal closes: {said}"
    );
}

/// Spaced review end to end: a learner who answered a question days ago finds it due on
/// Home, answers it in a Review session, and the new due date is on disk at once.
#[test]
fn a_due_question_is_reviewed_and_rescheduled_on_disk() {
    let home = tempfile::tempdir().expect("temp home");
    let data = home.path().join("data/devops-tutor");
    std::fs::create_dir_all(&data).expect("data folder");
    std::fs::write(
        data.join("progress.toml"),
        r#"format_version = 2
plan_start = "2027-01-01"

[questions.orientation-q-tools-vs-practice]
right = 1
wrong = 0
last = "2027-01-10T10:00:00Z"
last_correct = true

[cards.orientation-q-tools-vs-practice]
due = "2027-01-12T10:00:00Z"
stability = 2.3
difficulty = 2.1
last_review = "2027-01-10T10:00:00Z"
reps = 1
"#,
    )
    .expect("write progress");
    let env = [("DEVOPS_TUTOR_NOW", "2027-01-15T08:00:00Z"), ("TZ", "UTC")];
    let mut s = Session::start(home.path(), &[], &env);
    s.wait_for("Review: 1 due");
    s.wait_for("week 3 of 8");
    s.send("r");
    let screen = s.wait_for("question 1/1");
    // Choices are shuffled per attempt: find the right one on the screen.
    let rows: Vec<&str> = screen
        .lines()
        .filter(|l| l.trim_start_matches('›').trim_start().starts_with("( )"))
        .collect();
    let right = rows
        .iter()
        .position(|l| l.contains("adopted tools"))
        .expect("the right choice is on the screen");
    s.send(&"j".repeat(right));
    s.send("\r");
    s.wait_for("How did it feel?");
    s.send("3");
    s.wait_for("You scored 1 of 1");
    let saved = std::fs::read_to_string(data.join("progress.toml")).expect("saved");
    let card: toml::Table = toml::from_str(&saved).expect("toml");
    let due = card["cards"]["orientation-q-tools-vs-practice"]["due"]
        .as_str()
        .expect("due")
        .to_string();
    assert!(
        due.as_str() > "2027-01-20",
        "an easy answer waits days: {due}"
    );
    assert!(saved.contains("[days.2027-01-15]"), "{saved}");
    s.send("q");
    let (code, raw, alternate) = s.finish();
    assert_eq!(code, 0);
    assert_restored(&raw, alternate);
}

#[test]
fn y_copies_the_code_block_through_osc_52_and_a_file() {
    let home = tempfile::tempdir().expect("temp home");
    let mut s = Session::start(
        home.path(),
        &[
            "--content",
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/content/good"),
        ],
        &[],
    );
    s.wait_for("▶ Start: Week 0");
    s.send("\r");
    s.wait_for("Week 0 › 1/2 First lesson");
    s.send("\r");
    s.wait_for("┌ dockerfile · Y copy");
    s.send("Y");
    s.wait_for("Copied 4 lines");
    s.send("q");
    let (code, raw, alternate) = s.finish();
    assert_eq!(code, 0);
    assert_restored(&raw, alternate);
    let block = "FROM python:3.13-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt";
    let osc = devops_tutor::tui::clipboard::osc52(block);
    assert!(
        String::from_utf8_lossy(&raw).contains(&osc),
        "the terminal got {osc:?}"
    );
    let file = std::fs::read_to_string(home.path().join("data/devops-tutor/clipboard.txt"))
        .expect("the copy is in the data folder");
    assert_eq!(file, format!("{block}\n"));
}

/// A terminal with a white background, answering the background query (typed ahead,
/// so the answer is waiting when the app asks), gets the light palette; one that does
/// not answer (every other test here) gets the dark one.
#[test]
fn a_light_terminal_gets_the_light_palette() {
    let home = tempfile::tempdir().expect("temp home");
    let mut s = Session::start(
        home.path(),
        &[
            "--content",
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/content/good"),
        ],
        &[],
    );
    s.writer
        .write_all(b"\x1b]11;rgb:ffff/ffff/ffff\x07\x1b[?62;22c")
        .expect("answer written");
    s.wait_for("▶ Start: Week 0");
    s.send("\r");
    s.wait_for("Week 0 › 1/2 First lesson");
    s.send("\r");
    let screen = s.wait_for("A section");
    let (row, col) = screen
        .lines()
        .enumerate()
        .find_map(|(r, l)| l.find("A section").map(|c| (r, l[..c].chars().count())))
        .expect("the heading is on screen");
    let colour = s
        .parser
        .lock()
        .expect("parser lock")
        .screen()
        .cell(row as u16, col as u16)
        .map(|c| c.fgcolor());
    assert_eq!(colour, Some(vt100::Color::Idx(25)), "a blue heading");
    assert!(
        String::from_utf8_lossy(&s.raw.lock().expect("raw lock").clone()).contains("\u{1b}]11;?"),
        "the app asked"
    );
    s.send("q");
    let (code, raw, alternate) = s.finish();
    assert_eq!(code, 0);
    assert_restored(&raw, alternate);
}
