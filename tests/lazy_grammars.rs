//! The grammars load on first use, never at start-up: starting the app, drawing Home and
//! a module, and reading a lesson whose code is plain text load nothing; the first
//! highlighted block does. (One test in its own binary: nothing else may load them.)

use devops_tutor::content::Source;
use devops_tutor::progress::Progress;
use devops_tutor::tui::{App, Key::*, highlight, views};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn draw(app: &App) {
    let area = Rect::new(0, 0, 80, 24);
    let mut buf = Buffer::empty(area);
    views::render(app, area, &mut buf);
}

#[test]
fn grammars_load_with_the_first_highlighted_block() {
    let mut curriculum =
        devops_tutor::load_curriculum(&Source::Dir("tests/fixtures/content/good".into()))
            .expect("fixture loads");
    curriculum.modules[0].lessons[0].body = "Plain:\n\n```text\nno grammar\n```\n".into();
    let mut app = App::new(curriculum, Progress::default(), None);
    app.default_workspace = None;
    devops_tutor::tui::start(&mut app);
    app.resize(80, 24);
    draw(&app);
    for k in [Down, Down, Down, Down, Enter] {
        app.press(k);
    }
    draw(&app);
    app.press(Enter);
    draw(&app);
    assert!(!highlight::loaded(), "nothing so far needed a grammar");
    // The second lesson has a bash block.
    app.press(Char('n'));
    draw(&app);
    assert!(highlight::loaded(), "the bash block loaded them");
}
