//! What makes the tutor feel instant: loading and validating the curriculum, drawing
//! each screen at 120×40, rendering a lesson's Markdown (the longest one with its code
//! highlighted, once the grammars are loaded: the goal is under 2 ms), what loading the
//! grammars costs once, and one progress save. Run with `cargo bench --bench startup`.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use devops_tutor::content::Source;
use devops_tutor::progress::{Progress, Store};
use devops_tutor::tui::highlight::{self, highlight_in};
use devops_tutor::tui::pages::{Lesson, Module, Quiz};
use devops_tutor::tui::{App, Key, Key::*, views};
use jiff::Timestamp;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn app() -> App {
    let curriculum =
        devops_tutor::load_curriculum(&Source::Embedded).expect("embedded curriculum loads");
    let mut app = App::new(curriculum, Progress::new(Timestamp::UNIX_EPOCH), None);
    app.resize(120, 40);
    app
}

fn draw(app: &App) -> Buffer {
    let area = Rect::new(0, 0, 120, 40);
    let mut buf = Buffer::empty(area);
    views::render(app, area, &mut buf);
    buf
}

fn curriculum(c: &mut Criterion) {
    c.bench_function("load and validate embedded curriculum", |b| {
        b.iter(|| devops_tutor::load_curriculum(black_box(&Source::Embedded)).expect("loads"));
    });
}

fn screens(c: &mut Criterion) {
    let mut g = c.benchmark_group("render 120x40");
    let home = app();
    g.bench_function("home", |b| b.iter(|| draw(black_box(&home))));

    // The first module sits below Home's continue, review, self-quiz and progress rows.
    let module = at(&app(), &[]);
    assert!(
        module.top::<Module>().is_some(),
        "the module screen is open"
    );
    g.bench_function("module", |b| b.iter(|| draw(black_box(&module))));

    let mut lesson = at(&app(), &[Enter]);
    g.bench_function("lesson", |b| b.iter(|| draw(black_box(&lesson))));
    lesson.press(End);
    g.bench_function("lesson at end", |b| b.iter(|| draw(black_box(&lesson))));

    let quiz = at(&app(), &[End, Up, Enter, Enter]);
    g.bench_function("quiz with feedback", |b| b.iter(|| draw(black_box(&quiz))));

    let checklist = at(&app(), &[End, Enter]);
    g.bench_function("checklist", |b| b.iter(|| draw(black_box(&checklist))));

    // Every question answered once, then a month later: Home counts what is due, the
    // Review session asks, the Progress screen charts it all.
    let mut reviewed = app();
    let sched = devops_tutor::review::Scheduler::new(0.9);
    let ids: Vec<String> = reviewed
        .curriculum
        .modules
        .iter()
        .flat_map(|m| m.quiz.iter().map(|q| q.id.clone()))
        .collect();
    for (i, id) in ids.iter().enumerate() {
        let rating = if i % 4 == 0 {
            devops_tutor::review::Rating::Again
        } else {
            devops_tutor::review::Rating::Good
        };
        devops_tutor::review::record(
            &mut reviewed.cx.progress,
            &sched,
            id,
            rating,
            devops_tutor::review::Origin::Quiz,
            Timestamp::UNIX_EPOCH,
            &reviewed.cx.tz,
        );
    }
    reviewed.clock = || Timestamp::from_second(30 * 86_400).expect("valid");
    g.bench_function("home with reviews due", |b| {
        b.iter(|| draw(black_box(&reviewed)))
    });
    let progress = from_home(&reviewed, &[Char('p')]);
    g.bench_function("progress", |b| b.iter(|| draw(black_box(&progress))));
    let session = from_home(&reviewed, &[Char('r')]);
    assert!(session.top::<Quiz>().is_some(), "a review session is open");
    g.bench_function("review question", |b| b.iter(|| draw(black_box(&session))));
    g.finish();

    let reader = app();
    c.bench_function("open a lesson (Markdown to lines, 120 wide)", |b| {
        b.iter(|| Lesson::view(&reader.cx, black_box(0), black_box(1), 0));
    });
    highlighting(c, &reader);
}

/// The longest lesson opened with its code highlighted (the grammars already loaded),
/// and the one-time costs: loading the grammars, then each lesson language's first
/// block with freshly loaded grammars (the regexes compile on first use).
fn highlighting(c: &mut Criterion, reader: &App) {
    let lessons: Vec<(usize, usize)> = reader
        .curriculum
        .modules
        .iter()
        .enumerate()
        .flat_map(|(m, module)| (0..module.lessons.len()).map(move |l| (m, l)))
        .collect();
    let &(m, l) = lessons
        .iter()
        .max_by_key(|(m, l)| reader.curriculum.modules[*m].lessons[*l].body.len())
        .expect("lessons");
    let longest = &reader.curriculum.modules[m].lessons[l];
    let started = std::time::Instant::now();
    let _ = Lesson::view(&reader.cx, m, l, 0);
    eprintln!(
        "first open of {} ({} bytes), grammars loaded on the way: {:?}",
        longest.path,
        longest.body.len(),
        started.elapsed()
    );
    // Each run highlights afresh: the blocks are not remembered from the last one.
    let mut shown = app();
    c.bench_function(
        "open the longest lesson and draw its first screen, highlighted (120x40)",
        |b| {
            b.iter_batched(
                highlight::forget,
                |()| {
                    let page = Lesson::view(&shown.cx, black_box(m), black_box(l), 0);
                    shown.show(Box::new(page));
                    draw(&shown)
                },
                BatchSize::PerIteration,
            );
        },
    );
    c.bench_function("open the longest lesson and highlight all its code", |b| {
        b.iter_batched(
            highlight::forget,
            |()| {
                let page = Lesson::view(&reader.cx, black_box(m), black_box(l), 0);
                page.doc.view(0, page.doc.len(), 0)
            },
            BatchSize::PerIteration,
        );
    });
    c.bench_function("load the grammars (two-face, once per run)", |b| {
        b.iter(two_face::syntax::extra_newlines);
    });
    let theme = devops_tutor::tui::Theme::dark();
    let mut firsts: Vec<(String, String)> = Vec::new();
    for lesson in reader.curriculum.modules.iter().flat_map(|m| &m.lessons) {
        let doc = devops_tutor::tui::render_markdown(&lesson.body, 100, &theme);
        for block in doc.code_blocks {
            if !firsts.iter().any(|(lang, _)| *lang == block.lang) {
                firsts.push((block.lang, block.source));
            }
        }
    }
    c.bench_function("load the grammars, then each language's first block", |b| {
        b.iter(|| {
            let set = two_face::syntax::extra_newlines();
            for (lang, source) in &firsts {
                black_box(highlight_in(&set, lang, source, &theme));
            }
        });
    });
}

/// The first module (below Home's continue, review, self-quiz and progress rows), then
/// `keys`, with `base`'s progress and clock.
fn at(base: &App, keys: &[Key]) -> App {
    let to_module = [Down, Down, Down, Down, Enter];
    from_home(base, &[to_module.as_slice(), keys].concat())
}

fn from_home(base: &App, keys: &[Key]) -> App {
    let mut app = app();
    app.progress = base.progress.clone();
    app.clock = base.clock;
    for k in keys {
        app.press(*k);
    }
    app
}

fn save(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let opened = Store::open(dir.path(), Timestamp::UNIX_EPOCH).expect("store opens");
    let mut progress = Progress::new(Timestamp::UNIX_EPOCH);
    for i in 0..80 {
        progress.set_lesson_done(&format!("lesson-{i}"), true, Timestamp::UNIX_EPOCH);
        progress.record_answer(&format!("question-{i}"), i % 3 != 0, Timestamp::UNIX_EPOCH);
    }
    c.bench_function("progress save (atomic, fsync)", |b| {
        b.iter(|| opened.store.save(black_box(&progress)).expect("saves"));
    });
}

/// Search: building the index (once, on the first `/`) and one query as you type.
fn search(c: &mut Criterion) {
    let curriculum =
        devops_tutor::load_curriculum(&Source::Embedded).expect("embedded curriculum loads");
    c.bench_function("search: build the index of the whole course", |b| {
        b.iter(|| devops_tutor::search::Index::new(black_box(&curriculum)));
    });
    let index = devops_tutor::search::Index::new(&curriculum);
    c.bench_function("search: one query (\"for_each\")", |b| {
        b.iter(|| index.search(black_box("for_each")).len());
    });
}

criterion_group!(benches, curriculum, screens, save, search);
criterion_main!(benches);
