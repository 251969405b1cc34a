//! Every screen rendered into a `TestBackend` and compared with a stored snapshot, at
//! 80×24 and in small windows. Driven by the same keys a learner presses.

use devops_tutor::content::Source;
use devops_tutor::progress::Progress;
use devops_tutor::tui::pages::{Lesson, Quiz};
use devops_tutor::tui::{App, Event, Key, Theme, views};
use insta::assert_snapshot;
use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn fixed_now() -> Timestamp {
    Timestamp::from_second(1_800_000_000).expect("valid")
}

fn app_with(source: Source) -> App {
    let curriculum = devops_tutor::load_curriculum(&source).expect("fixture loads");
    let mut app = App::new(curriculum, Progress::new(fixed_now()), None);
    app.clock = fixed_now;
    app.tz = jiff::tz::TimeZone::UTC;
    app.theme = Theme::dark();
    // Never touch the real home folder: exercise tests give their own.
    app.default_workspace = None;
    app
}

fn app() -> App {
    app_with(Source::Dir("tests/fixtures/content/good".into()))
}

fn screen(app: &mut App, w: u16, h: u16) -> String {
    app.resize(w, h);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal.draw(|f| views::draw(f, app)).expect("draws");
    if w == 0 {
        // TestBackend cannot print a zero-width buffer; drawing it is the test.
        return String::new();
    }
    terminal.backend().to_string()
}

fn send(app: &mut App, keys: &[Key]) {
    for k in keys {
        app.press(*k);
    }
}

use Key::*;

#[test]
fn home() {
    let mut app = app();
    assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn home_after_reading_continues_at_the_next_lesson() {
    let mut app = app();
    send(&mut app, &[Enter, Char('n'), Esc, Esc]);
    assert!(app.progress.lesson_done("basics-first"));
    let text = screen(&mut app, 80, 24);
    assert!(
        text.contains("▶ Continue: Week 0 — Second lesson"),
        "{text}"
    );
}

#[test]
fn home_with_progress_and_a_notice() {
    let mut app = app();
    app.notices.push("Your progress file could not be read (not valid TOML). It was moved to /data/progress.toml.corrupt-20270115T080000Z and a new one started; nothing was deleted.".into());
    app.progress
        .set_lesson_done("basics-first", true, fixed_now());
    app.progress
        .toggle_item("basics-check-install", fixed_now());
    send(&mut app, &[Down, Down, Down, Down]);
    assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn module() {
    let mut app = app();
    send(&mut app, &[Down, Down, Down, Down, Enter]);
    assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn lesson_reader_top() {
    let mut app = app();
    send(&mut app, &[Down, Down, Down, Down, Enter, Enter]);
    assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn lesson_reader_scrolled_to_the_end_and_done() {
    let mut app = app();
    send(
        &mut app,
        &[Down, Down, Down, Down, Enter, Enter, End, Char('d')],
    );
    assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn lesson_reader_wide() {
    let mut app = app();
    send(&mut app, &[Down, Down, Down, Down, Enter, Enter]);
    assert_snapshot!(screen(&mut app, 120, 40));
}

/// Moves the quiz's cursor to the shown choice holding `text`, as a learner would: the
/// choices are shuffled per run.
fn to_choice(app: &mut App, text: &str) {
    use devops_tutor::content::QuestionKind;
    let q = app.top::<Quiz>().expect("a quiz");
    let question = q.current(&app.cx).expect("a question");
    let (QuestionKind::Single { choices, .. } | QuestionKind::Multi { choices, .. }) =
        &question.kind
    else {
        panic!("not a choice question")
    };
    let at = q
        .order
        .iter()
        .position(|&i| choices[i].contains(text))
        .expect("the choice is shown");
    let key = if at > q.cursor { Down } else { Up };
    let moves = at.abs_diff(q.cursor);
    send(app, &vec![key; moves]);
}

/// The fixture quiz's first two questions answered right: FROM, then docker build and
/// docker run picked (the multi question is left unanswered).
fn first_two_right(app: &mut App) {
    to_choice(app, "FROM");
    send(app, &[Enter, Enter]);
    to_choice(app, "docker build");
    send(app, &[Char(' ')]);
    to_choice(app, "docker run");
    send(app, &[Char(' ')]);
}

fn quiz_app() -> App {
    let mut app = app();
    // Module: two lessons, the exercise, the quiz, the checklist.
    send(&mut app, &[Down, Down, Down, Down, Enter, End, Up, Enter]);
    app
}

#[test]
fn quiz_single_question() {
    let mut app = quiz_app();
    send(&mut app, &[Down]);
    assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn quiz_single_answered_wrong_shows_the_answer_and_explanation() {
    let mut app = quiz_app();
    to_choice(&mut app, "RUN");
    send(&mut app, &[Enter]);
    assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn quiz_multi_with_picks() {
    let mut app = quiz_app();
    first_two_right(&mut app);
    assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn quiz_order_shuffled() {
    let mut app = quiz_app();
    first_two_right(&mut app);
    send(&mut app, &[Enter, Enter]);
    assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn quiz_text_typed() {
    let mut app = quiz_app();
    first_two_right(&mut app);
    send(&mut app, &[Enter, Enter, Enter, Enter]);
    send(&mut app, &[Char('c'), Char('m'), Char('d')]);
    assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn quiz_result() {
    let mut app = quiz_app();
    // single right, multi right, order as shuffled (wrong), text right.
    first_two_right(&mut app);
    send(&mut app, &[Enter, Enter, Enter, Enter]);
    send(&mut app, &[Char('C'), Char('M'), Char('D'), Enter, Enter]);
    assert_snapshot!(screen(&mut app, 80, 24));
    assert_eq!(app.progress.best_quiz("basics"), Some((3, 4)));
}

#[test]
fn checklist_with_a_ticked_item() {
    let mut app = app();
    send(
        &mut app,
        &[Down, Down, Down, Down, Enter, End, Enter, Char(' '), Down],
    );
    assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn help_overlay() {
    let mut app = app();
    send(&mut app, &[Char('?')]);
    assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn too_small_window() {
    let mut app = app();
    assert_snapshot!(screen(&mut app, 30, 8));
}

#[test]
fn no_colour_still_marks_the_selection() {
    let mut app = app();
    app.theme = Theme::plain();
    send(&mut app, &[Down, Down, Down, Down]);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("› Week 0    Basics"), "{text}");
}

#[test]
fn every_screen_survives_tiny_and_zero_sizes() {
    let sequences: &[&[Key]] = &[
        &[],
        &[Down, Down, Down, Down, Enter],
        &[Down, Down, Down, Down, Enter, Enter],
        &[Down, Down, Down, Down, Enter, Down, Down, Enter],
        &[Down, Down, Down, Down, Enter, End, Enter],
        &[Down, Enter],
        &[Down, Down, Enter],
        &[Down, Down, Down, Enter],
        &[Char('s'), Char(' '), Enter],
        &[Char('?')],
    ];
    for seq in sequences {
        for (w, h) in [(0, 0), (10, 3), (1, 1), (40, 12), (39, 11), (200, 60)] {
            let mut app = app();
            send(&mut app, seq);
            let _ = screen(&mut app, w, h);
            send(&mut app, &[Down, PageDown, End, Up]);
            app.handle(Event::Scroll(-3));
            app.handle(Event::Scroll(3));
            let _ = screen(&mut app, w, h);
        }
    }
}

#[test]
fn every_shipped_lesson_renders_at_80x24() {
    let mut app = app_with(Source::Embedded);
    let modules = app.curriculum.modules.len();
    for m in 0..modules {
        for l in 0..app.curriculum.modules[m].lessons.len() {
            let lesson = Lesson::view(&app.cx, m, l, 0);
            app.show(Box::new(lesson));
            let text = screen(&mut app, 80, 24);
            assert!(!text.contains('\u{1b}'));
        }
    }
}

#[test]
fn resize_rewraps_the_lesson_and_keeps_the_place() {
    let mut app = app();
    send(&mut app, &[Down, Down, Down, Down, Enter, Enter]);
    let _ = screen(&mut app, 80, 24);
    send(&mut app, &[Down, Down, Down]);
    let narrow = screen(&mut app, 50, 24);
    assert!(narrow.contains("Week 0 › 1/2 First lesson"), "{narrow}");
    let Some(view) = app.top::<Lesson>() else {
        panic!("still reading")
    };
    assert_eq!(view.scroll, 3);
    assert_eq!(view.width, 46);
}

/// Renders with the temporary exercise folder's path replaced, so snapshots are stable.
fn screen_in(app: &mut App, w: u16, h: u16, workspace: &std::path::Path) -> String {
    let text = screen(app, w, h);
    text.replace(&workspace.display().to_string(), "~/ws")
}

fn exercise_app(workspace: &std::path::Path) -> App {
    let mut app = app();
    app.default_workspace = Some(workspace.to_path_buf());
    // Module "basics": lessons 0-1, then the exercise.
    send(&mut app, &[Down, Down, Down, Down, Enter, Down, Down]);
    app
}

#[test]
fn module_lists_its_exercise() {
    let ws = tempfile::tempdir().expect("temp dir");
    let mut app = exercise_app(ws.path());
    let text = screen_in(&mut app, 80, 24, ws.path());
    assert!(
        text.contains("› ▸ Exercise: Run as a normal user"),
        "{text}"
    );
}

#[test]
fn exercise_offers_to_create_the_folder() {
    let ws = tempfile::tempdir().expect("temp dir");
    let folder = ws.path().join("exercises");
    let mut app = exercise_app(&folder);
    send(&mut app, &[Enter]);
    assert_snapshot!(screen_in(&mut app, 80, 24, &folder));
}

#[test]
fn exercise_not_yet_with_diagnostics_and_a_hint() {
    let ws = tempfile::tempdir().expect("temp dir");
    let folder = ws.path().join("exercises");
    let mut app = exercise_app(&folder);
    send(&mut app, &[Enter, Enter, Char('t')]);
    assert!(
        folder.join("basics-dockerfile/Dockerfile").exists(),
        "Enter created the folder"
    );
    assert_eq!(app.progress.workspace.as_deref(), Some(folder.as_path()));
    assert_snapshot!(screen_in(&mut app, 80, 24, &folder));
}

#[test]
fn exercise_passes_after_a_save_and_ticks_the_checklist() {
    let ws = tempfile::tempdir().expect("temp dir");
    let folder = ws.path().join("exercises");
    let mut app = exercise_app(&folder);
    send(&mut app, &[Enter, Enter]);
    assert!(!app.progress.exercise_passed("basics-dockerfile"));
    std::fs::write(
        folder.join("basics-dockerfile/Dockerfile"),
        "FROM python:3.13-slim\nUSER 1000\nCMD [\"python\", \"-V\"]\n",
    )
    .expect("save");
    // The next tick sees the newer file and checks it again (mtime resolution can be
    // coarse, so nudge the time forward).
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    let file = std::fs::File::options()
        .write(true)
        .open(folder.join("basics-dockerfile/Dockerfile"))
        .expect("open");
    file.set_modified(later).expect("touch");
    app.handle(Event::Files(vec![
        folder.join("basics-dockerfile/Dockerfile"),
    ]));
    assert!(app.progress.exercise_passed("basics-dockerfile"));
    let text = screen_in(&mut app, 80, 24, &folder);
    assert!(text.contains("✓ passed"), "{text}");
    send(&mut app, &[Esc, End, Enter]);
    let checklist = screen(&mut app, 80, 24);
    assert!(
        checklist.contains("[x] Make your image run as a normal user ✓ done"),
        "{checklist}"
    );
}

#[test]
fn solution_needs_a_confirmation() {
    let ws = tempfile::tempdir().expect("temp dir");
    let folder = ws.path().join("exercises");
    let mut app = exercise_app(&folder);
    send(&mut app, &[Enter, Enter, Char('s')]);
    let asking = screen_in(&mut app, 80, 24, &folder);
    assert!(asking.contains("Show the solution?"), "{asking}");
    assert!(!asking.contains("Reference solution"));
    send(&mut app, &[Down]);
    assert!(
        !screen(&mut app, 80, 24).contains("Reference solution"),
        "any other key cancels"
    );
    send(&mut app, &[Char('s'), Char('y')]);
    assert_snapshot!(screen_in(&mut app, 80, 24, &folder));
}

#[test]
fn home_scrolls_to_the_selected_module_in_a_short_window() {
    let mut app = app_with(Source::Embedded);
    send(&mut app, &[End]);
    let text = screen(&mut app, 60, 12);
    assert!(text.contains("› Any time  Learn these later"), "{text}");
}

// --- Issue 10: review, self-quiz, progress and the plan ---------------------------

fn three_days_later() -> Timestamp {
    Timestamp::from_second(1_800_000_000 + 3 * 86_400).expect("valid")
}

/// The fixture's quiz taken once (3 of 4 right), then three days pass.
fn app_with_reviews_due() -> App {
    let mut app = quiz_app();
    first_two_right(&mut app);
    send(&mut app, &[Enter, Enter, Enter, Enter]);
    send(
        &mut app,
        &[Char('C'), Char('M'), Char('D'), Enter, Enter, Esc, Esc],
    );
    app.clock = three_days_later;
    app
}

#[test]
fn home_says_how_many_reviews_are_due() {
    let mut app = app_with_reviews_due();
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("↻ Review: 4 due"), "{text}");
}

#[test]
fn review_asks_a_due_question() {
    let mut app = app_with_reviews_due();
    send(&mut app, &[Char('r')]);
    assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn review_after_a_right_answer_offers_hard_good_easy() {
    let current = |app: &App| match app.top::<Quiz>() {
        Some(q) => q.current(&app.cx).expect("question").id.clone(),
        None => panic!("not a quiz: {app:?}"),
    };
    let mut app = app_with_reviews_due();
    send(&mut app, &[Char('r')]);
    // The question missed in the quiz is the most overdue: it comes first.
    assert_eq!(current(&app), "basics-q-order");
    send(&mut app, &[Enter, Enter]);
    assert_eq!(current(&app), "basics-q-single");
    to_choice(&mut app, "FROM");
    send(&mut app, &[Enter]);
    assert_snapshot!(screen(&mut app, 80, 24));
    let good = app.progress.cards["basics-q-single"].due;
    send(&mut app, &[Char('3')]);
    assert!(
        app.progress.cards["basics-q-single"].due > good,
        "easy waits longer"
    );
    assert_eq!(current(&app), "basics-q-multi", "a rating moves on");
}

#[test]
fn review_summary_and_nothing_due_afterwards() {
    let mut app = app_with_reviews_due();
    send(&mut app, &[Char('r')]);
    for _ in 0..4 {
        // Answer every question wrongly (a wrong choice, the order as shuffled, or a
        // wrong word typed), then go on.
        let id = app
            .top::<Quiz>()
            .and_then(|q| q.current(&app.cx))
            .map(|q| q.id.clone())
            .expect("a question");
        match id.as_str() {
            "basics-q-single" => to_choice(&mut app, "RUN"),
            "basics-q-multi" => to_choice(&mut app, "bake-a-cake"),
            _ => {}
        }
        send(&mut app, &[Char('x'), Enter, Enter]);
    }
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("You scored"), "{text}");
    assert!(text.contains("scheduled"), "{text}");
    assert!(
        text.contains("Next review: in 10 minutes, 4 questions."),
        "{text}"
    );
    send(&mut app, &[Esc, Char('r')]);
    let text = screen(&mut app, 80, 24);
    assert!(
        text.contains("Nothing is due. The next review is in 10 minutes."),
        "{text}"
    );
}

#[test]
fn self_quiz_picker() {
    let mut app = app_with_reviews_due();
    send(
        &mut app,
        &[Char('s'), Char(' '), Down, Down, Char(' '), Char('+')],
    );
    assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn self_quiz_on_one_concept_asks_only_its_questions() {
    let mut app = app_with_reviews_due();
    // Concept 0 is "containers": the two questions of the first lesson.
    send(&mut app, &[Char('s'), Char(' '), Enter]);
    let Some(q) = app.top::<Quiz>().cloned() else {
        panic!("no quiz started");
    };
    assert_eq!(q.questions.len(), 2);
    for r in &q.questions {
        let question = r.get(&app.curriculum).expect("question");
        assert!(question.concepts.contains(&"containers".to_string()));
    }
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("Self-quiz · Containers"), "{text}");
}

#[test]
fn self_quiz_needs_a_pick() {
    let mut app = app();
    send(&mut app, &[Char('s'), Enter]);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("Pick at least one concept or week"), "{text}");
}

#[test]
fn progress_screen() {
    let mut app = app_with_reviews_due();
    app.progress.plan_start = Some(jiff::civil::date(2027, 1, 4));
    app.progress.days.insert(
        jiff::civil::date(2027, 1, 2),
        devops_tutor::progress::DayLog {
            answers: 9,
            reviews: 0,
        },
    );
    send(&mut app, &[Char('p')]);
    assert_snapshot!(screen(&mut app, 80, 24));
    send(&mut app, &[PageDown]);
    assert_snapshot!("progress_screen_scrolled", screen(&mut app, 80, 24));
}

#[test]
fn the_plan_start_moves_a_week_at_a_time() {
    let mut app = app_with_reviews_due();
    app.progress.plan_start = Some(jiff::civil::date(2027, 1, 4));
    send(&mut app, &[Char('p'), Char(']')]);
    assert_eq!(
        app.progress.plan_start,
        Some(jiff::civil::date(2027, 1, 11))
    );
    let text = screen(&mut app, 80, 24);
    assert!(
        text.contains("Plan start moved to Mon 11 Jan 2027"),
        "{text}"
    );
    assert!(text.contains("week 2 of 8"), "{text}");
}

#[test]
fn a_first_start_sets_the_plan_to_today() {
    let mut app = app();
    devops_tutor::tui::start(&mut app);
    assert_eq!(
        app.progress.plan_start,
        Some(jiff::civil::date(2027, 1, 15))
    );
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("week 1 of 8"), "{text}");
    assert!(
        text.contains("Your 8-week plan starts today, Fri 15 Jan"),
        "{text}"
    );
}

#[test]
fn re_reading_a_lesson_from_a_review_keeps_the_place() {
    let mut app = app_with_reviews_due();
    let before = app.progress.position.clone();
    send(&mut app, &[Char('r'), Enter, Char('o')]);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("Second lesson"), "{text}");
    send(&mut app, &[PageDown, Esc]);
    assert!(app.top::<Quiz>().is_some());
    assert_eq!(app.progress.position, before);
}

#[test]
fn finishing_a_lesson_in_the_app_unlocks_its_questions_for_review() {
    let mut app = app();
    send(&mut app, &[Down, Down, Down, Down, Enter, Enter, Char('d')]);
    assert!(app.progress.lesson_done("basics-first"));
    let mut unlocked: Vec<&str> = app.progress.cards.keys().map(String::as_str).collect();
    unlocked.sort_unstable();
    assert_eq!(unlocked, ["basics-q-multi", "basics-q-single"]);
}

#[test]
fn typing_an_answer_keeps_the_quiz_open() {
    let mut app = quiz_app();
    first_two_right(&mut app);
    send(&mut app, &[Enter, Enter, Enter, Enter]);
    // q, ?, h and ← are typing or editing here, not quit, help or back.
    send(
        &mut app,
        &[Char('q'), Char('?'), Char('h'), Left, Backspace],
    );
    assert!(!app.quit && !app.help);
    let quiz = app.top::<Quiz>().expect("still in the quiz");
    assert_eq!(quiz.input, "q?");
    send(&mut app, &[Esc]);
    assert!(app.top::<Quiz>().is_none(), "Esc leaves");
}

#[test]
fn mistakes_are_listed_to_retry_until_answered_right() {
    let mut app = app_with_reviews_due();
    // The quiz missed the order question: the module page offers it, above the checklist.
    send(&mut app, &[Home, Down, Down, Down, Down, Enter, End, Up]);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("› ✗ Mistakes: 1 to retry"), "{text}");
    send(&mut app, &[Enter]);
    assert_snapshot!(screen(&mut app, 80, 24));
    // Retry it and put the steps right: it leaves the list.
    send(&mut app, &[Enter]);
    let q = app.top::<Quiz>().expect("a retry");
    assert_eq!(q.current(&app.cx).expect("question").id, "basics-q-order");
    let mut keys = Vec::new();
    let arrangement = q.arrangement.clone();
    // Move each step to its place: pick it up, move it, drop it.
    let mut now = arrangement;
    for target in 0..now.len() {
        let from = now.iter().position(|s| *s == target).expect("step");
        keys.extend(vec![Up; 3]);
        keys.extend(vec![Down; from]);
        keys.push(Char(' '));
        keys.extend(vec![Up; from - target]);
        keys.push(Char(' '));
        let step = now.remove(from);
        now.insert(target, step);
    }
    send(&mut app, &keys);
    send(&mut app, &[Enter]);
    assert_eq!(app.top::<Quiz>().and_then(|q| q.answered), Some(true));
    send(&mut app, &[Enter, Esc]);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("No mistakes to retry"), "{text}");
    // The Progress page has the whole course's list too.
    send(&mut app, &[Esc, Esc, Esc, Char('p'), Char('m')]);
    assert!(screen(&mut app, 80, 24).contains("Mistakes · the whole course"));
}

#[test]
fn done_and_next_on_a_modules_last_lesson_returns_to_its_next_step() {
    let mut app = app();
    // Basics: open the second (last) lesson and press n.
    send(
        &mut app,
        &[Down, Down, Down, Down, Enter, Down, Enter, Char('n')],
    );
    assert!(app.progress.lesson_done("basics-second"));
    let text = screen(&mut app, 80, 24);
    assert!(
        text.contains("› ▸ Exercise: Run as a normal user"),
        "{text}"
    );
    assert!(
        text.contains("Week 0 · Basics"),
        "stays in the module: {text}"
    );
}

#[test]
fn the_self_quiz_lists_the_modules_outside_the_weeks_too() {
    let mut app = app_with(Source::Embedded);
    send(&mut app, &[Char('s'), End]);
    let text = screen(&mut app, 100, 40);
    assert!(text.contains("Secrets management"), "{text}");
    assert!(text.contains("› [ ] Learn these later"), "{text}");
    send(&mut app, &[Char(' '), Enter]);
    let q = app.top::<Quiz>().expect("a self-quiz");
    let later = app
        .curriculum
        .modules
        .iter()
        .position(|m| m.id == "learn-later")
        .expect("module");
    assert!(!q.questions.is_empty());
    assert!(q.questions.iter().all(|r| r.module == later));
}

#[test]
fn a_long_exercise_path_is_cut_in_the_middle_not_broken() {
    let ws = tempfile::tempdir().expect("temp dir");
    let folder = ws
        .path()
        .join("a-folder-with-a-rather-long-name")
        .join("and-another-one-inside-it")
        .join("exercises");
    let mut app = exercise_app(&folder);
    send(&mut app, &[Enter]);
    let offer = screen(&mut app, 80, 24);
    let cut = |l: &&str| l.contains('…') && l.contains("exercises");
    assert!(offer.lines().any(|l| cut(&l)), "{offer}");
    send(&mut app, &[Enter]);
    let text = screen(&mut app, 80, 24);
    let line = text
        .lines()
        .find(|l| l.contains("Edit:"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains('…') && line.contains("Dockerfile"), "{text}");
}

/// The screens issue 15 added or changed, at 100×30 as well as 80×24.
#[test]
fn new_screens_at_100x30() {
    // The result with what was answered, why, and the right answer.
    let mut app = quiz_app();
    to_choice(&mut app, "RUN");
    send(
        &mut app,
        &[
            Enter,
            Enter,
            Enter,
            Enter,
            Enter,
            Enter,
            Char('x'),
            Enter,
            Enter,
        ],
    );
    assert_snapshot!(
        "quiz_result_with_mistakes_100x30",
        screen(&mut app, 100, 30)
    );
    assert_snapshot!("quiz_result_with_mistakes_80x24", screen(&mut app, 80, 24));
    // The module's mistakes.
    send(&mut app, &[Esc, Char('j'), Enter]);
    assert_snapshot!("mistakes_100x30", screen(&mut app, 100, 30));
    // Search.
    let mut found = self::app();
    send(
        &mut found,
        &[Char('/'), Char('f'), Char('r'), Char('o'), Char('m')],
    );
    assert_snapshot!("search_100x30", screen(&mut found, 100, 30));
    assert_snapshot!("search_80x24", screen(&mut found, 80, 24));
}
