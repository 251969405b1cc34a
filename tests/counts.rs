//! One notion of done: for any progress, every place that shows a module's numbers
//! agrees — Home's row, the module page's header, the checklist page, the Progress page
//! and `status --json` (the `Summary` it prints) — and a checklist item that names an
//! exercise counts exactly when that exercise has passed.

use devops_tutor::content::{Curriculum, Source};
use devops_tutor::progress::{Progress, QuizAttempt};
use devops_tutor::summary::{ModuleSummary, Summary, item_done};
use devops_tutor::tui::pages::{Checklist, Module, ProgressPage};
use devops_tutor::tui::{App, views};
use jiff::Timestamp;
use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn curriculum() -> Curriculum {
    devops_tutor::load_curriculum(&Source::Embedded).expect("shipped curriculum")
}

fn at() -> Timestamp {
    Timestamp::from_second(1_800_000_000).expect("valid")
}

/// Progress where each lesson, item, exercise and quiz is done when its bit in `bits`
/// (cycled) is set.
fn progress(c: &Curriculum, bits: &[bool]) -> Progress {
    let mut p = Progress::new(at());
    let mut bit = bits.iter().copied().cycle();
    for m in &c.modules {
        for l in &m.lessons {
            if bit.next().unwrap_or(false) {
                p.set_lesson_done(&l.id, true, at());
            }
        }
        for i in &m.checklist {
            // Hand ticks on exercise items too: they must not count.
            if bit.next().unwrap_or(false) {
                p.toggle_item(&i.id, at());
            }
        }
        for e in &m.exercises {
            if bit.next().unwrap_or(false) {
                p.record_exercise(e, true, at());
            }
        }
        if !m.quiz.is_empty() && bit.next().unwrap_or(false) {
            let total = m.quiz.len() as u32;
            p.quiz_attempts.push(QuizAttempt {
                module: m.id.clone(),
                finished: at(),
                score: if bit.next().unwrap_or(false) {
                    total
                } else {
                    1
                },
                total,
                missed: Vec::new(),
            });
        }
    }
    p
}

fn screen(app: &App) -> Vec<String> {
    let area = Rect::new(0, 0, 130, 60);
    let mut buf = Buffer::empty(area);
    views::render(app, area, &mut buf);
    (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect()
}

fn app(c: &Curriculum, p: &Progress) -> App {
    let mut app = App::new(c.clone(), p.clone(), None);
    app.default_workspace = None;
    app.resize(130, 60);
    app
}

fn has(lines: &[String], needle: &str) -> bool {
    lines.iter().any(|l| l.contains(needle))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn every_count_agrees(bits in proptest::collection::vec(any::<bool>(), 1..64)) {
        let c = curriculum();
        let p = progress(&c, &bits);
        let summary = Summary::of(&c, &p);
        let home = screen(&app(&c, &p));
        let mut progress_page = app(&c, &p);
        progress_page.show(Box::new(ProgressPage::default()));
        let progress_lines = screen(&progress_page);
        for (mi, m) in c.modules.iter().enumerate() {
            let s = ModuleSummary::of(m, &p);
            prop_assert_eq!(&s, &summary.modules[mi]);
            let by_hand = m.checklist.iter().filter(|i| item_done(&p, i)).count();
            prop_assert_eq!(s.checklist_done, by_hand);
            let (done, all) = s.steps();
            // Home's row for the module.
            let row = home
                .iter()
                .find(|l| l.contains(&m.title) && (l.contains('░') || l.contains('█')))
                .expect("a row per module");
            prop_assert!(row.contains(&format!(" {done}/{all}")), "home: {row} vs {done}/{all}");
            // The module page's header.
            let mut page = app(&c, &p);
            page.show(Box::new(Module::new(mi)));
            let header = format!("{done}/{all} steps");
            prop_assert!(has(&screen(&page), &header), "module header {}", header);
            // The checklist page.
            if !m.checklist.is_empty() {
                let mut list = app(&c, &p);
                list.show(Box::new(Checklist::new(mi)));
                let text = screen(&list);
                prop_assert!(
                    has(&text, &format!("{} of {} done", s.checklist_done, s.checklist)),
                    "checklist header for {}", m.id
                );
                let ticks = text.iter().filter(|l| l.contains("[x]")).count();
                prop_assert_eq!(ticks, s.checklist_done, "ticked rows of {}", m.id);
            }
            // The Progress page's row: lessons and checklist columns.
            let row = progress_lines
                .iter()
                .find(|l| l.contains(&m.title))
                .expect("a progress row per module");
            let lessons = format!("{}/{}", s.lessons_done, s.lessons);
            prop_assert!(row.contains(&lessons), "{} lacks {}", row, lessons);
            if s.checklist > 0 {
                prop_assert!(row.contains(&format!("{}/{}", s.checklist_done, s.checklist)), "{row}");
            }
        }
    }
}

/// The case the issue found: an item ticked by its passing exercise counted on the
/// checklist but nowhere else, and one ticked by hand before the exercise passed
/// counted as done.
#[test]
fn an_exercise_item_counts_when_its_exercise_passes_and_only_then() {
    let c = curriculum();
    let (mi, m) = c
        .modules
        .iter()
        .enumerate()
        .find(|(_, m)| m.checklist.iter().any(|i| i.exercise.is_some()))
        .expect("an exercise item");
    let item = m
        .checklist
        .iter()
        .find(|i| i.exercise.is_some())
        .expect("item");
    let ex = item.exercise.clone().expect("exercise");
    let mut p = Progress::new(at());
    p.toggle_item(&item.id, at());
    assert_eq!(
        ModuleSummary::of(m, &p).checklist_done,
        0,
        "a hand tick does not count"
    );
    p.record_exercise(&ex, true, at());
    assert_eq!(ModuleSummary::of(m, &p).checklist_done, 1);
    // Space on the item says why instead of flipping a tick nobody sees.
    let mut a = app(&c, &p);
    let mut list = Checklist::new(mi);
    list.selected = m
        .checklist
        .iter()
        .position(|i| i.id == item.id)
        .expect("row");
    a.show(Box::new(list));
    a.press(devops_tutor::tui::Key::Char(' '));
    assert!(has(&screen(&a), "passed"), "{:?}", screen(&a));
    assert_eq!(ModuleSummary::of(m, &a.progress).checklist_done, 1);
}
