//! Every screen at every size: no panic, no overflow. The full grid (width 0..=300 ×
//! height 0..=100) runs in release builds (`cargo test --release --test sizes`); debug
//! builds take every size up to 20×15 and a stride above that, to keep `cargo test`
//! quick.

mod walks;

use devops_tutor::content::Source;
use devops_tutor::progress::Progress;
use devops_tutor::tui::{App, views};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn sizes(max: u16, small: u16, stride: u16) -> Vec<u16> {
    if cfg!(debug_assertions) {
        let mut v: Vec<u16> = (0..=small).collect();
        v.extend((small + 1..=max).step_by(usize::from(stride)));
        v.push(max);
        v
    } else {
        (0..=max).collect()
    }
}

#[test]
fn every_screen_at_every_size() {
    let curriculum =
        devops_tutor::load_curriculum(&Source::Dir("tests/fixtures/content/good".into()))
            .expect("fixture");
    let screens = walks::every_screen();
    let widths = sizes(300, 20, 7);
    let heights = sizes(100, 15, 5);
    let mut renders = 0;
    for seq in &screens {
        let mut app = App::new(curriculum.clone(), Progress::default(), None);
        app.default_workspace = None;
        app.resize(80, 24);
        for k in seq {
            app.press(*k);
        }
        for &w in &widths {
            for &h in &heights {
                app.resize(w, h);
                let area = Rect::new(0, 0, w, h);
                let mut buf = Buffer::empty(area);
                views::render(&app, area, &mut buf);
                renders += 1;
            }
        }
        app.resize(1000, 300);
        let area = Rect::new(0, 0, 1000, 300);
        let mut buf = Buffer::empty(area);
        views::render(&app, area, &mut buf);
    }
    eprintln!("{renders} renders without a panic");
}
