//! The light and the dark palette on a lesson with a code block (the text, and the
//! colours of a heading and of highlighted code), no colour at all with `NO_COLOR`, and
//! the theme setting: saved by `settings --theme`, absent from old files, and a value
//! this build does not know read as `auto` instead of breaking the file.

use assert_cmd::Command;
use devops_tutor::content::Source;
use devops_tutor::progress::{Appearance, Progress};
use devops_tutor::tui::{App, Key::*, Theme, views};
use insta::assert_snapshot;
use jiff::Timestamp;
use predicates::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

fn now() -> Timestamp {
    Timestamp::from_second(1_800_000_000).expect("valid")
}

/// The fixture's first lesson (a heading, a Dockerfile block) open at 80×24.
fn lesson_in(theme: Theme) -> (String, Buffer) {
    let curriculum =
        devops_tutor::load_curriculum(&Source::Dir("tests/fixtures/content/good".into()))
            .expect("fixture loads");
    let mut app = App::new(curriculum, Progress::new(now()), None);
    app.clock = now;
    app.tz = jiff::tz::TimeZone::UTC;
    app.theme = theme;
    app.default_workspace = None;
    app.resize(80, 24);
    for k in [Down, Down, Down, Down, Enter, Enter] {
        app.press(k);
    }
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test terminal");
    terminal.draw(|f| views::draw(f, &app)).expect("draws");
    let text = terminal.backend().to_string();
    (text, terminal.backend().buffer().clone())
}

/// The colour of the first cell of `word` on screen.
fn fg_of(buf: &Buffer, word: &str) -> Color {
    let area = buf.area;
    for y in 0..area.height {
        let row: String = (0..area.width).map(|x| buf[(x, y)].symbol()).collect();
        if let Some(byte) = row.find(word) {
            let x = row[..byte].chars().count() as u16;
            return buf[(x, y)].fg;
        }
    }
    panic!("{word:?} is not on screen")
}

#[test]
fn dark_palette() {
    let (text, buf) = lesson_in(Theme::dark());
    assert_snapshot!(text);
    assert_eq!(fg_of(&buf, "A section"), Color::Yellow);
    assert_eq!(fg_of(&buf, "FROM"), Color::LightMagenta);
    assert_eq!(fg_of(&buf, "┌ dockerfile"), Color::DarkGray);
}

#[test]
fn light_palette_reads_on_white() {
    let (text, buf) = lesson_in(Theme::light());
    assert_snapshot!(text);
    // Blue headings, not yellow; borders a dark grey from the 256-colour cube, not the
    // pale ANSI DarkGray; keywords in dark magenta.
    assert_eq!(fg_of(&buf, "A section"), Color::Indexed(25));
    assert_eq!(fg_of(&buf, "FROM"), Color::Indexed(90));
    assert_eq!(fg_of(&buf, "┌ dockerfile"), Color::Indexed(239));
    for cell in buf.content() {
        assert!(
            !matches!(
                cell.fg,
                Color::Yellow | Color::LightYellow | Color::DarkGray | Color::Gray
            ),
            "{cell:?} is hard to read on white"
        );
    }
}

#[test]
fn no_colour_has_no_colour_anywhere() {
    let (text, buf) = lesson_in(Theme::plain());
    assert!(text.contains("┌ dockerfile · Y copy"), "{text}");
    for cell in buf.content() {
        assert_eq!(cell.fg, Color::Reset, "{cell:?}");
        assert_eq!(cell.bg, Color::Reset, "{cell:?}");
    }
}

fn tutor(data: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("devops-tutor").expect("binary builds");
    cmd.env_remove("DEVOPS_TUTOR_CONTENT")
        .env_remove("DEVOPS_TUTOR_THEME")
        .env("DEVOPS_TUTOR_DATA", data)
        .env("TZ", "UTC");
    cmd
}

#[test]
fn settings_theme_is_saved_and_shown() {
    let data = tempfile::tempdir().expect("temp dir");
    tutor(data.path())
        .arg("settings")
        .assert()
        .success()
        .stdout(predicate::str::contains("theme:             auto"));
    tutor(data.path())
        .args(["settings", "--theme", "light"])
        .assert()
        .success()
        .stdout(predicate::str::contains("theme:             light"));
    let saved = std::fs::read_to_string(data.path().join("progress.toml")).expect("saved");
    assert!(saved.contains("theme = \"light\""), "{saved}");
    // The environment chooses for one run, and is never saved.
    tutor(data.path())
        .env("DEVOPS_TUTOR_THEME", "dark")
        .arg("settings")
        .assert()
        .success()
        .stdout(predicate::str::contains("theme:             light"));
    tutor(data.path())
        .args(["settings", "--theme", "sepia"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "possible values: light, dark, auto",
        ));
    tutor(data.path())
        .args(["settings", "--theme", "auto"])
        .assert()
        .success();
    let saved = std::fs::read_to_string(data.path().join("progress.toml")).expect("saved");
    assert!(
        !saved.contains("theme"),
        "auto is the default, not written: {saved}"
    );
}

#[test]
fn old_and_newer_files_load() {
    let old: Progress = toml::from_str(
        "format_version = 2\n[settings]\ndesired_retention = 0.85\ndaily_reviews = 20\n",
    )
    .expect("a file from before the theme setting loads");
    assert_eq!(old.settings.theme, Appearance::Auto);
    assert_eq!(old.settings.daily_reviews, 20);
    for value in ["\"solarized\"", "3", "{ name = \"x\" }"] {
        let newer: Progress = toml::from_str(&format!(
            "format_version = 2\n[settings]\ntheme = {value}\ndaily_reviews = 7\n"
        ))
        .expect("an unknown theme does not break the file");
        assert_eq!(newer.settings.theme, Appearance::Auto, "{value}");
        assert_eq!(newer.settings.daily_reviews, 7);
    }
    let light: Progress =
        toml::from_str("format_version = 2\n[settings]\ntheme = \"light\"\n").expect("loads");
    assert_eq!(light.settings.theme, Appearance::Light);
}
