//! Quiz integrity and flow: choices are shuffled per run so positions cannot be
//! learned, what is marked is what is graded, a quiz left half-way resumes as it was,
//! and a review retaken at once is practice that leaves the schedule alone.

use devops_tutor::content::{QuestionKind, Source};
use devops_tutor::progress::Progress;
use devops_tutor::review::QRef;
use devops_tutor::tui::pages::{Quiz, QuizMode};
use devops_tutor::tui::{App, Key, Key::*};
use jiff::Timestamp;

fn now() -> Timestamp {
    Timestamp::from_second(1_800_000_000).expect("valid")
}

fn app(source: Source) -> App {
    let curriculum = devops_tutor::load_curriculum(&source).expect("curriculum");
    let mut app = App::new(curriculum, Progress::new(now()), None);
    app.clock = now;
    app.tz = jiff::tz::TimeZone::UTC;
    app.default_workspace = None;
    app.resize(100, 40);
    app
}

fn quiz(app: &App) -> &Quiz {
    app.top::<Quiz>().expect("a quiz is open")
}

/// "Always pick the second choice", over 200 runs of every shipped module quiz: on the
/// single-choice questions it scores what chance gives, and no better.
#[test]
fn a_fixed_position_scores_no_better_than_chance() {
    let mut app = app(Source::Embedded);
    let (mut right, mut trials, mut chance, mut variance) = (0u32, 0u32, 0.0f64, 0.0f64);
    // Per question: in how many runs the second place held the right answer.
    let mut at_second: std::collections::BTreeMap<String, (u32, usize)> = Default::default();
    for seed in 0..200u64 {
        for module in 0..app.curriculum.modules.len() {
            let questions: Vec<QRef> = (0..app.curriculum.modules[module].quiz.len())
                .map(|question| QRef { module, question })
                .collect();
            let mut q = Quiz::with_seed(&app.cx, QuizMode::Module(module), questions, seed);
            q.practice = true; // nothing to record: only the grading is under test
            app.show(Box::new(q));
            while !quiz(&app).finished {
                let kind = quiz(&app).current(&app.cx).expect("question").kind.clone();
                match kind {
                    QuestionKind::Single { choices, .. } => {
                        let id = quiz(&app).current(&app.cx).expect("question").id.clone();
                        app.press(Down);
                        app.press(Enter);
                        let entry = at_second.entry(id).or_insert((0, choices.len()));
                        entry.0 += u32::from(quiz(&app).answered == Some(true));
                        let p = 1.0 / choices.len() as f64;
                        chance += p;
                        variance += p * (1.0 - p);
                        trials += 1;
                        right += u32::from(quiz(&app).answered == Some(true));
                    }
                    QuestionKind::Text { .. } => {
                        app.press(Char('x'));
                        app.press(Enter);
                    }
                    _ => app.press(Enter),
                }
                app.press(Char('n'));
            }
        }
    }
    // Every question's answer moves: no position is where it always (or never) is.
    for (id, (n, choices)) in &at_second {
        let expected = 200.0 / *choices as f64;
        assert!(
            (f64::from(*n) - expected).abs() < 0.5 * expected,
            "{id}: right at the second place in {n} of 200 runs (expected about {expected:.0})"
        );
    }
    let (right, sd) = (f64::from(right), variance.sqrt());
    assert!(trials > 10_000, "{trials} answers");
    assert!(
        (right - chance).abs() < 4.0 * sd,
        "the second choice scored {right} of {trials}; chance is {chance:.0} ± {sd:.0}"
    );
}

/// The fixture's single-choice question: FROM is right, RUN and COPY are not.
fn open_fixture_quiz(app: &mut App) {
    // Module "basics": two lessons, the exercise, the quiz, the checklist.
    for k in [Down, Down, Down, Down, Enter, End, Up, Enter] {
        app.press(k);
    }
}

fn position_of(app: &App, text: &str) -> usize {
    let q = quiz(app);
    let question = q.current(&app.cx).expect("question");
    let (QuestionKind::Single { choices, .. } | QuestionKind::Multi { choices, .. }) =
        &question.kind
    else {
        panic!("a choice question")
    };
    q.order
        .iter()
        .position(|&i| choices[i].contains(text))
        .expect("shown")
}

fn press_n(app: &mut App, key: Key, n: usize) {
    for _ in 0..n {
        app.press(key);
    }
}

#[test]
fn what_is_marked_is_what_is_graded() {
    let mut app = app(Source::Dir("tests/fixtures/content/good".into()));
    open_fixture_quiz(&mut app);
    // Mark FROM with Space, move the cursor onto another choice, then answer.
    let from = position_of(&app, "FROM");
    press_n(&mut app, Down, from);
    app.press(Char(' '));
    let other = (from + 1) % 3;
    press_n(&mut app, Up, 3);
    press_n(&mut app, Down, other);
    assert_ne!(quiz(&app).cursor, from);
    app.press(Enter);
    assert_eq!(quiz(&app).answered, Some(true), "FROM was marked");
    assert_eq!(
        app.progress.questions["basics-q-single"]
            .last_given
            .as_deref(),
        Some("FROM")
    );
}

#[test]
fn a_quiz_left_half_way_resumes_as_it_was() {
    let mut app = app(Source::Dir("tests/fixtures/content/good".into()));
    open_fixture_quiz(&mut app);
    let from = position_of(&app, "FROM");
    press_n(&mut app, Down, from);
    app.press(Enter);
    app.press(Enter);
    let order = quiz(&app).order.clone();
    assert_eq!(quiz(&app).index, 1);
    // Quit (the progress is what would be on disk) and start again.
    app.press(Char('q'));
    let saved = app.progress.clone();
    let mut again = App::new(app.curriculum.clone(), saved, None);
    again.clock = now;
    again.default_workspace = None;
    again.resize(100, 40);
    open_fixture_quiz(&mut again);
    let q = quiz(&again);
    assert_eq!(
        (q.index, q.score),
        (1, 1),
        "at the second question, one right"
    );
    assert_eq!(q.order, order, "its choices in the same order");
    // Home's Continue offers the quiz, the step last worked on.
    let mut home = App::new(again.curriculum.clone(), again.progress.clone(), None);
    home.default_workspace = None;
    home.press(Char('c'));
    assert!(home.top::<Quiz>().is_some_and(|q| q.index == 1));
}

#[test]
fn a_retaken_review_is_practice_and_leaves_the_schedule_alone() {
    let mut app = app(Source::Dir("tests/fixtures/content/good".into()));
    let questions = vec![QRef {
        module: 0,
        question: 0,
    }];
    app.show(Box::new(Quiz::with_seed(
        &app.cx,
        QuizMode::Review,
        questions,
        7,
    )));
    let from = position_of(&app, "FROM");
    press_n(&mut app, Down, from);
    app.press(Enter);
    app.press(Enter);
    assert!(quiz(&app).finished);
    let card = app.progress.cards["basics-q-single"].clone();
    let record = app.progress.questions["basics-q-single"].clone();
    app.press(Char('r'));
    assert!(quiz(&app).practice);
    let wrong = (position_of(&app, "FROM") + 1) % 3;
    press_n(&mut app, Down, wrong);
    app.press(Enter);
    app.press(Enter);
    assert_eq!(
        app.progress.cards["basics-q-single"], card,
        "not rescheduled"
    );
    assert_eq!(app.progress.questions["basics-q-single"], record);
    let text = format!("{:?}", quiz(&app).answers);
    assert!(text.contains("right: false"), "{text}");
}
