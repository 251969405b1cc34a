//! Search (`/` anywhere): what it finds in the shipped course, and that Enter opens the
//! lesson at the heading or the paragraph that matched; and `o` after a question opens
//! its lesson at the section it tests.

use devops_tutor::content::Source;
use devops_tutor::progress::Progress;
use devops_tutor::search::{Index, Target, What};
use devops_tutor::tui::pages::{Lesson, Quiz, QuizMode, Search};
use devops_tutor::tui::{App, Key::*, views};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn course() -> devops_tutor::content::Curriculum {
    devops_tutor::load_curriculum(&Source::Embedded).expect("shipped curriculum")
}

fn app() -> App {
    let mut app = App::new(course(), Progress::default(), None);
    app.default_workspace = None;
    app.resize(100, 30);
    app
}

fn screen(app: &App) -> String {
    let area = Rect::new(0, 0, 100, 30);
    let mut buf = Buffer::empty(area);
    views::render(app, area, &mut buf);
    (0..30)
        .map(|y| (0..100).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
        .collect()
}

#[test]
fn titles_and_headings_come_first_and_prose_matches_as_written() {
    let c = course();
    let index = Index::new(&c);
    assert!(index.len() > 2_000, "{} entries", index.len());
    let hits = index.search("for_each");
    assert!(!hits.is_empty());
    assert!(
        matches!(hits[0].what, What::Heading | What::Lesson | What::Exercise),
        "titles and headings first: {:?}",
        hits[0]
    );
    assert!(hits[0].text.contains("for_each"));
    assert!(
        hits.iter()
            .any(|h| h.what == What::Heading && h.text.contains("for_each"))
    );
    // Prose needs the words as written, not the letters scattered.
    assert!(index.search("zqxj").is_empty());
    let prose = index.search("use_lockfile");
    assert!(prose.iter().any(|h| h.what == What::Text), "{prose:?}");
    // Exercises and checklist items are found too.
    assert!(
        index
            .search("slow rebuilds")
            .iter()
            .any(|h| h.what == What::Exercise)
    );
    assert!(
        index
            .search("budget alert")
            .iter()
            .any(|h| matches!(h.target, Target::Checklist { .. }) || h.what == What::Text)
    );
    assert!(index.search("").is_empty());
}

#[test]
fn slash_types_a_query_and_enter_opens_the_lesson_at_the_match() {
    let mut app = app();
    app.press(Char('/'));
    assert!(app.top::<Search>().is_some());
    for c in "many subnets: for_each".chars() {
        app.press(Char(c));
    }
    let text = screen(&app);
    assert!(
        text.contains("§ section") && text.contains("for_each"),
        "{text}"
    );
    let at = app
        .top::<Search>()
        .expect("search")
        .hits()
        .iter()
        .position(|h| h.what == What::Heading)
        .expect("the heading is found");
    for _ in 0..at {
        app.press(Down);
    }
    app.press(Enter);
    let lesson = app.top::<Lesson>().expect("the lesson opened");
    assert!(lesson.scroll > 0, "scrolled to the section");
    let text = screen(&app);
    let first = text.lines().nth(2).unwrap_or_default();
    assert!(
        first.contains("for_each"),
        "the section is at the top: {text}"
    );
    // Esc goes back to the module the lesson is in.
    app.press(Esc);
    assert!(screen(&app).contains("VPC"), "{}", screen(&app));
}

#[test]
fn reading_a_questions_lesson_opens_it_at_the_section_it_tests() {
    let mut app = app();
    let c = &app.curriculum;
    // A question whose best section is not the lesson's first one.
    let (m, q) = c
        .modules
        .iter()
        .enumerate()
        .find_map(|(mi, m)| {
            m.quiz.iter().enumerate().find_map(|(qi, q)| {
                let (lm, ll) = c.find_lesson(&q.lesson)?;
                let body = &c.modules[lm].lessons[ll].body;
                let section = devops_tutor::search::section_for(body, q)?;
                let first = devops_tutor::search::headings(body).into_iter().next()?;
                (section != first).then_some((mi, qi))
            })
        })
        .expect("such a question");
    let questions = vec![devops_tutor::review::QRef {
        module: m,
        question: q,
    }];
    let mut quiz = Quiz::with_seed(&app.cx, QuizMode::Review, questions, 1);
    quiz.practice = true;
    app.show(Box::new(quiz));
    // Answer anything, then re-read.
    app.press(Char('x'));
    app.press(Enter);
    app.press(Char('o'));
    let lesson = app.top::<Lesson>().expect("the lesson");
    assert!(lesson.aside, "re-reading does not move continue");
    assert!(lesson.scroll > 0, "opened at its section, not the top");
}
