//! Terminal set-up and the event loop. Everything that happens reaches the app through
//! one channel: keys, mouse and resizes from an input thread, file changes from the
//! watcher thread, and a tick at least every 250 ms so SIGTERM/SIGHUP/SIGINT (a flag)
//! are noticed. The terminal is always restored: on return, on error (a drop guard), on
//! panic (ratatui's hook, chained with ours) and on those signals.

use std::io::{IsTerminal, Write, stdout};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, MouseEventKind};
use crossterm::execute;

use super::app::{App, Event};
use super::ctx::Effect;
use super::keys::Key;
use super::theme::ThemeChoice;
use super::views;
use super::{background, clipboard};
use crate::session::Watcher;

/// stdin or stdout is not a terminal: drawing would write escape codes into a pipe.
#[derive(Debug, thiserror::Error)]
#[error(
    "devops-tutor needs an interactive terminal, but {0} is not one. Run it directly in a terminal, or use a subcommand such as `devops-tutor status` or `devops-tutor list` in scripts."
)]
pub struct NotATerminal(pub &'static str);

/// Restores the terminal when dropped, whatever path leaves `run`.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = execute!(stdout(), DisableMouseCapture);
        ratatui::restore();
    }
}

/// What reaches the loop.
enum Incoming {
    Event(Event),
    /// The terminal is gone (hung up) or unreadable.
    Closed,
}

/// Reads the terminal on its own thread. While the learner's editor runs, it must not
/// read (it would steal the editor's keys): the loop pauses it and waits until it says
/// it has stopped, and resumes it afterwards.
struct Input {
    paused: Arc<AtomicBool>,
    acks: Receiver<()>,
}

impl Input {
    fn spawn(tx: Sender<Incoming>) -> Input {
        let paused = Arc::new(AtomicBool::new(false));
        let (ack_tx, acks) = mpsc::channel();
        let flag = Arc::clone(&paused);
        std::thread::spawn(move || {
            let mut acked = false;
            loop {
                if flag.load(Ordering::SeqCst) {
                    if !acked {
                        acked = true;
                        if ack_tx.send(()).is_err() {
                            return;
                        }
                    }
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                }
                acked = false;
                // Poll briefly so a pause request is seen within 50 ms.
                let event = match event::poll(Duration::from_millis(50)) {
                    Ok(false) => continue,
                    Ok(true) => event::read(),
                    Err(e) => Err(e),
                };
                let incoming = match event {
                    Ok(e) => match translate(&e) {
                        Some(e) => Incoming::Event(e),
                        None => continue,
                    },
                    Err(_) => Incoming::Closed,
                };
                let closed = matches!(incoming, Incoming::Closed);
                if tx.send(incoming).is_err() || closed {
                    return;
                }
            }
        });
        Input { paused, acks }
    }

    /// Stops reading; returns once the thread has stopped (or after a second).
    fn pause(&self) {
        while self.acks.try_recv().is_ok() {}
        self.paused.store(true, Ordering::SeqCst);
        let _ = self.acks.recv_timeout(Duration::from_secs(1));
    }

    fn resume(&self) {
        self.paused.store(false, Ordering::SeqCst);
    }
}

/// A terminal event as the app sees it.
fn translate(event: &event::Event) -> Option<Event> {
    match event {
        event::Event::Key(k) => Key::from_event(*k).map(Event::Key),
        event::Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollUp => Some(Event::Scroll(-3)),
            MouseEventKind::ScrollDown => Some(Event::Scroll(3)),
            _ => None,
        },
        event::Event::Resize(w, h) => Some(Event::Resize(*w, *h)),
        _ => None,
    }
}

/// Keeps the watcher on the folder the page in view asks for.
struct Watching {
    watcher: Option<Watcher>,
    folder: Option<PathBuf>,
}

impl Watching {
    fn new(tx: Sender<Incoming>) -> Watching {
        let watcher = Watcher::new(move |paths| {
            let _ = tx.send(Incoming::Event(Event::Files(paths)));
        })
        .ok();
        Watching {
            watcher,
            folder: None,
        }
    }

    fn follow(&mut self, app: &mut App) {
        let want = app.watching();
        if want == self.folder {
            return;
        }
        let Some(watcher) = &mut self.watcher else {
            return;
        };
        match &want {
            Some(dir) => {
                if let Err(e) = watcher.watch(dir) {
                    app.flash(format!("{e}; press c to check after saving."));
                }
            }
            None => watcher.unwatch(),
        }
        self.folder = want;
    }
}

/// How long a terminal gets to say what its background is (most answer within a few
/// milliseconds; one that never does costs this once, at start).
const BACKGROUND_TIMEOUT: Duration = Duration::from_millis(100);

/// Runs the app until the learner quits or a termination signal arrives. The palette is
/// settled first: when `theme` leaves it to the terminal, the terminal is asked.
pub fn run(app: &mut App, theme: &ThemeChoice) -> anyhow::Result<()> {
    if !std::io::stdin().is_terminal() {
        return Err(NotATerminal("standard input").into());
    }
    if !stdout().is_terminal() {
        return Err(NotATerminal("standard output").into());
    }
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }

    let mut terminal = ratatui::try_init()?;
    let _guard = Guard;
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture);
        ratatui_hook(info);
    }));
    execute!(stdout(), EnableMouseCapture)?;

    // In raw mode, before the input thread could read the answer as keys.
    let background = if theme.needs_query() {
        background::query(BACKGROUND_TIMEOUT)
    } else {
        None
    };
    app.theme = theme.resolve(background);
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    let (tx, rx) = mpsc::channel();
    let input = Input::spawn(tx.clone());
    let mut watching = Watching::new(tx);
    watching.follow(app);
    while !app.quit {
        terminal.draw(|frame| views::draw(frame, app))?;
        if app.panic_after_first_frame {
            panic!("test panic after the first frame (hidden test switch)");
        }
        let incoming = match rx.recv_timeout(Duration::from_millis(250)) {
            Ok(i) => Some(i),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => Some(Incoming::Closed),
        };
        if stop.load(Ordering::Relaxed) {
            app.request_quit();
            break;
        }
        match incoming {
            Some(Incoming::Event(event)) => app.handle(event),
            Some(Incoming::Closed) => {
                app.request_quit();
                break;
            }
            None => app.handle(Event::Tick),
        }
        for effect in app.take_effects() {
            match effect {
                Effect::Edit(path) => {
                    input.pause();
                    if let Err(e) = edit(&mut terminal, &path) {
                        app.flash(e);
                    }
                    input.resume();
                    // Whatever the editor did, a changed file is checked again (the
                    // watcher also saw it; the check runs only if the files really
                    // changed).
                    if let Some(dir) = app.watching() {
                        app.handle(Event::Files(vec![dir.join(file_name(&path))]));
                    }
                }
                Effect::Copy(text) => copy(app, &text),
                Effect::Save => {}
            }
        }
        watching.follow(app);
    }
    Ok(())
}

/// Sends `text` to the terminal's clipboard and writes it to `clipboard.txt` in the data
/// folder (the temp folder without one), then says where it went.
fn copy(app: &mut App, text: &str) {
    let mut out = stdout();
    let _ = out
        .write_all(clipboard::osc52(text).as_bytes())
        .and_then(|()| out.flush());
    let dir = app.store.as_ref().map_or_else(
        || std::env::temp_dir().join("devops-tutor"),
        |s| s.dir().to_path_buf(),
    );
    let file = clipboard::save(&dir, text);
    app.flash(clipboard::copied(text, &file));
}

fn file_name(path: &Path) -> PathBuf {
    path.file_name().map(PathBuf::from).unwrap_or_default()
}

/// Suspends the app, runs `$VISUAL` or `$EDITOR` on `path` (the variable may carry
/// arguments, like `code --wait`), then takes the terminal back.
fn edit(terminal: &mut ratatui::DefaultTerminal, path: &Path) -> Result<(), String> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(std::env::var_os)
        .map(|v| v.to_string_lossy().into_owned())
        .find(|v| !v.trim().is_empty())
        .ok_or("No editor is set: set $EDITOR, for example `export EDITOR=nano`.")?;
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or_default().to_string();
    let args: Vec<String> = words.map(str::to_string).collect();
    let _ = execute!(stdout(), DisableMouseCapture);
    ratatui::restore();
    let status = std::process::Command::new(&program)
        .args(&args)
        .arg(path)
        .status();
    *terminal = ratatui::try_init().map_err(|e| format!("cannot take the terminal back: {e}"))?;
    let _ = execute!(stdout(), EnableMouseCapture);
    let _ = terminal.clear();
    match status {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!("{program} exited with {s}")),
        Err(e) => Err(format!("cannot start the editor `{program}`: {e}")),
    }
}
