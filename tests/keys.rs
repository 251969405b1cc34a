//! Every key that does something on a screen is in that screen's help. Each screen (and
//! state worth telling apart) is reached from Home by keys; then every key a keyboard
//! sends is pressed on a fresh copy, and whenever the screen or the saved progress
//! changes, the key must be listed by the help overlay opened from that screen.

mod walks;

use devops_tutor::content::Source;
use devops_tutor::progress::Progress;
use devops_tutor::tui::keys::help_rows;
use devops_tutor::tui::{App, Key, Key::*, views};
use jiff::Timestamp;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn now() -> Timestamp {
    Timestamp::from_second(1_800_000_000).expect("valid")
}

fn app(workspace: Option<&std::path::Path>) -> App {
    let curriculum =
        devops_tutor::load_curriculum(&Source::Dir("tests/fixtures/content/good".into()))
            .expect("fixture");
    let mut app = App::new(curriculum, Progress::new(now()), None);
    app.clock = now;
    app.tz = jiff::tz::TimeZone::UTC;
    app.default_workspace = workspace.map(std::path::Path::to_path_buf);
    app.resize(100, 40);
    app
}

fn text(app: &App) -> String {
    let area = Rect::new(0, 0, 100, 40);
    let mut buf = Buffer::empty(area);
    views::render(app, area, &mut buf);
    buf.content.iter().map(|c| c.symbol()).collect()
}

/// What a learner would notice: the screen, the progress that would be saved, quitting.
fn state(app: &App) -> String {
    format!("{}\n{:?}\n{}", text(app), app.progress, app.quit)
}

/// The run's folder name, masked: `ws-17` → `ws-N`.
fn regex_lite_mask(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("ws-") {
        out.push_str(&rest[..i + 3]);
        rest = rest[i + 3..].trim_start_matches(|c: char| c.is_ascii_digit());
        out.push('N');
    }
    out.push_str(rest);
    out
}

/// Every key the app can tell apart.
fn every_key() -> Vec<Key> {
    let mut keys: Vec<Key> = (0x20u8..0x7f).map(|b| Char(b as char)).collect();
    keys.extend(('a'..='z').map(Ctrl));
    keys.extend([
        Enter, Esc, Backspace, Up, Down, Left, Right, PageUp, PageDown, Home, End,
    ]);
    keys
}

/// Screens beyond the shared walks: an exercise that is set up (its folder created),
/// the solution question, and a quiz's states after answering.
fn more_screens() -> Vec<Vec<Key>> {
    let to_module = [Down, Down, Down, Down, Enter];
    let at = |rest: &[Key]| -> Vec<Key> { to_module.iter().chain(rest).copied().collect() };
    vec![
        // The exercise, set up with Enter; then the question before the solution.
        at(&[End, Up, Up, Enter, Enter]),
        at(&[End, Up, Up, Enter, Enter, Char('s')]),
        // The quiz: answered wrong, answered right, an order question, a text one, done.
        at(&[End, Up, Enter, Enter]),
        at(&[End, Up, Enter, Down, Enter]),
        at(&[End, Up, Enter, Down, Enter, Enter, Enter, Enter, Char(' ')]),
        at(&[
            End, Up, Enter, Down, Enter, Enter, Enter, Enter, Enter, Enter,
        ]),
        at(&[
            End,
            Up,
            Enter,
            Down,
            Enter,
            Enter,
            Enter,
            Enter,
            Enter,
            Enter,
            Char('x'),
            Enter,
            Enter,
        ]),
        // A lesson done, then its checklist ticked.
        at(&[Enter, Char('d')]),
        at(&[End, Enter, Char(' ')]),
    ]
}

#[test]
fn every_key_that_does_something_is_in_the_help() {
    let dir = tempfile::tempdir().expect("temp");
    let mut screens: Vec<(Vec<Key>, bool)> = walks::every_screen()
        .into_iter()
        .map(|s| (s, false))
        .collect();
    screens.extend(more_screens().into_iter().map(|s| (s, true)));
    let keys = every_key();
    let mut checked = 0;
    // The workspace path is on the screen; every run's is different, so compare with it
    // masked.
    let state = |app: &App| {
        let s = state(app);
        regex_lite_mask(&s)
    };
    for (walk, with_ws) in &screens {
        // Each run gets a folder of its own: setting one up must start from nothing.
        let runs = std::cell::Cell::new(0);
        let start = || {
            runs.set(runs.get() + 1);
            let ws = dir.path().join(format!("ws-{:05}", runs.get()));
            let mut a = app(with_ws.then_some(ws.as_path()));
            for k in walk {
                a.press(*k);
            }
            a
        };
        let base = start();
        if base.help {
            continue;
        }
        let page = base.page();
        let text_input = page.text_input(&base.cx);
        let rows = help_rows(&base.bindings(), text_input);
        let listed = |k: Key| {
            rows.iter().any(|(keys, _)| {
                keys.split(' ').any(|l| l == k.label()) || keys.contains("any other key")
            })
        };
        // The help overlay shows every row it was given.
        let mut with_help = start();
        with_help.press(Char('?'));
        if with_help.help {
            let shown = text(&with_help);
            for (keys, _) in &rows {
                assert!(
                    shown.contains(keys.as_str()),
                    "{walk:?}: help lacks `{keys}`:\n{shown}"
                );
            }
        }
        let before = state(&base);
        for &k in &keys {
            // Typing into an answer box is typing, not a command.
            if text_input && matches!(k, Char(_) | Backspace) {
                continue;
            }
            let mut a = start();
            a.press(k);
            checked += 1;
            if state(&a) != before {
                assert!(
                    listed(k),
                    "after {walk:?}, `{}` changes the screen but the help does not list it: {rows:?}",
                    k.label()
                );
            }
        }
    }
    assert!(checked > 2000, "{checked} key presses checked");
}
