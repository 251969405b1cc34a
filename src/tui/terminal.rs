//! Terminal set-up and the event loop. The terminal is always restored: on return, on
//! error (a drop guard), on panic (ratatui's hook, chained with ours) and on
//! SIGTERM/SIGHUP/SIGINT (a flag the loop checks at least every 250 ms).

use std::io::{IsTerminal, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;

use super::app::{App, Effect};
use super::keymap;
use super::message::Message;
use super::update::update;
use super::views;

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

/// Runs the app until the learner quits or a termination signal arrives.
pub fn run(app: &mut App) -> anyhow::Result<()> {
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

    let size = terminal.size()?;
    update(app, Message::Resize(size.width, size.height));
    while !app.quit {
        terminal.draw(|frame| views::draw(frame, app))?;
        if app.panic_after_first_frame {
            panic!("test panic after the first frame (hidden test switch)");
        }
        let msg = if event::poll(Duration::from_millis(250))? {
            keymap::message(&event::read()?, app.input_mode())
        } else {
            Some(Message::Tick)
        };
        if stop.load(Ordering::Relaxed) {
            update(app, Message::Quit);
            break;
        }
        if let Some(msg) = msg {
            update(app, msg);
        }
        if let Some(Effect::Edit(path)) = app.effect.take() {
            if let Err(e) = edit(&mut terminal, &path) {
                app.flash = Some(e);
            }
            // Whatever the editor did, the next tick re-checks a saved file.
            update(app, Message::Tick);
        }
    }
    Ok(())
}

/// Suspends the app, runs `$VISUAL` or `$EDITOR` on `path` (the variable may carry
/// arguments, like `code --wait`), then takes the terminal back.
fn edit(terminal: &mut ratatui::DefaultTerminal, path: &std::path::Path) -> Result<(), String> {
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
