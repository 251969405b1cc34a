//! A quiz: one question at a time in its kind's form, immediate feedback with the
//! explanation, and a score at the end.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::home::select;
use super::{Chrome, rich, wrapped};
use crate::content::{Question, QuestionKind};
use crate::review::Rating;
use crate::summary::QUIZ_PASS_PERCENT;
use crate::tui::app::{App, QuizMode, QuizState};

pub fn render(app: &App, q: &QuizState, area: Rect, buf: &mut Buffer) -> Chrome {
    let total = q.questions.len();
    let lines = lines(app, q, area.width);
    let max = lines.len().saturating_sub(usize::from(area.height));
    // Keep the cursor row visible while choosing; follow `scroll` after answering.
    let scroll = if q.answered.is_some() || q.finished {
        q.scroll.min(max)
    } else {
        cursor_offset(app, q, area)
    };
    Paragraph::new(lines)
        .scroll((scroll as u16, 0))
        .render(area, buf);

    let title = match &q.mode {
        QuizMode::Module(m) => {
            let m = &app.curriculum.modules[*m];
            format!("Quiz · {} · {}", m.week_label(), m.title)
        }
        QuizMode::Review => "Review".to_string(),
        QuizMode::SelfQuiz(label) => format!("Self-quiz · {label}"),
    };
    let status = if q.finished {
        format!("result {}/{total}", q.score)
    } else {
        format!("question {}/{total} · score {}", q.index + 1, q.score)
    };
    let keys = if q.finished {
        "Enter back · r again · ? help · q quit"
    } else if q.answered == Some(true) {
        "1 hard · 2/Enter good · 3 easy · o lesson · ↑↓ scroll · Esc leave"
    } else if q.answered.is_some() {
        "Enter next · o re-read lesson · ↑↓ scroll · Esc leave · ? help"
    } else {
        match q.current(app).map(|q| &q.kind) {
            Some(QuestionKind::Single { .. }) => {
                "↑↓ choose · Enter answer · Esc leave quiz · ? help"
            }
            Some(QuestionKind::Multi { .. }) => {
                "↑↓ move · Space pick · Enter answer · Esc leave · ? help"
            }
            Some(QuestionKind::Order { .. }) => {
                "↑↓ move · Space pick up/drop · Enter answer · Esc leave"
            }
            Some(QuestionKind::Text { .. }) => "type your answer · Enter answer · Esc leave quiz",
            None => "Esc back",
        }
    };
    Chrome {
        title,
        status,
        keys: keys.to_string(),
    }
}

/// How many lines the prompt and its hint take at `width`.
pub fn prompt_rows(app: &App, question: &Question, width: u16) -> usize {
    rich(
        app,
        &question.prompt,
        Style::default(),
        width.saturating_sub(2),
        " ",
        " ",
    )
    .len()
        + 1
}

fn cursor_offset(app: &App, q: &QuizState, area: Rect) -> usize {
    let Some(question) = q.current(app) else {
        return 0;
    };
    let prompt_rows = rich(
        app,
        &question.prompt,
        Style::default(),
        area.width.saturating_sub(2),
        " ",
        " ",
    )
    .len();
    let row = prompt_rows + 3 + q.cursor * 2;
    row.saturating_sub(usize::from(area.height).saturating_sub(3))
}

/// Everything the quiz screen shows, wrapped to `width`; `update` uses the line count
/// to limit scrolling.
pub fn lines(app: &App, q: &QuizState, width: u16) -> Vec<Line<'static>> {
    if q.finished {
        return result(app, q, width);
    }
    let Some(question) = q.current(app) else {
        return Vec::new();
    };
    let t = &app.theme;
    let w = width.saturating_sub(2);
    let mut out = rich(app, &question.prompt, t.title(), w, " ", " ");
    let hint = match &question.kind {
        QuestionKind::Single { .. } => "Choose one: ↑↓ then Enter.",
        QuestionKind::Multi { .. } => "Select all that apply: Space picks, Enter checks.",
        QuestionKind::Order { .. } => {
            "Put these in order: Space picks a step up, ↑↓ move it, Enter checks."
        }
        QuestionKind::Text { .. } => "Type a short answer and press Enter.",
    };
    out.push(Line::from(Span::styled(format!(" {hint}"), t.dim())));
    out.push(Line::default());
    match &question.kind {
        QuestionKind::Single { choices, answer } => {
            for (i, c) in choices.iter().enumerate() {
                let mark = if q.picked.contains(&i) {
                    "(•)"
                } else {
                    "( )"
                };
                out.extend(choice(
                    app,
                    q,
                    i,
                    c,
                    mark,
                    q.answered.map(|_| i == *answer),
                    w,
                ));
            }
        }
        QuestionKind::Multi { choices, answers } => {
            for (i, c) in choices.iter().enumerate() {
                let mark = if q.picked.contains(&i) { "[x]" } else { "[ ]" };
                out.extend(choice(
                    app,
                    q,
                    i,
                    c,
                    mark,
                    q.answered.map(|_| answers.contains(&i)),
                    w,
                ));
            }
        }
        QuestionKind::Order { steps } => {
            for (pos, &step) in q.arrangement.iter().enumerate() {
                let grabbed = q.grabbed && pos == q.cursor;
                let mark = if grabbed { "⇅" } else { " " };
                let label = format!("{mark}{}.", pos + 1);
                out.extend(choice(
                    app,
                    q,
                    pos,
                    &steps[step],
                    &label,
                    q.answered.map(|_| pos == step),
                    w,
                ));
            }
        }
        QuestionKind::Text { .. } => {
            let caret = if q.answered.is_none() { "▏" } else { "" };
            out.push(Line::from(vec![
                Span::styled(" Your answer: ", t.dim()),
                Span::styled(
                    format!("{}{caret}", crate::content::sanitize(&q.input)),
                    t.title(),
                ),
            ]));
        }
    }
    if let Some(correct) = q.answered {
        out.push(Line::default());
        out.extend(feedback(app, q, question, correct, w));
    }
    out
}

/// One choice row (and its wrapped continuation lines). `right` is known after answering:
/// whether this row belongs to the correct answer.
fn choice(
    app: &App,
    q: &QuizState,
    i: usize,
    text: &str,
    mark: &str,
    right: Option<bool>,
    w: u16,
) -> Vec<Line<'static>> {
    let t = &app.theme;
    let picked = q.picked.contains(&i);
    let (verdict, style) = match right {
        Some(true) => (" ✓", t.good()),
        Some(false) if picked => (" ✗", t.bad()),
        _ => ("", t.text()),
    };
    let first = format!(" {mark} ");
    let rest = " ".repeat(first.chars().count());
    let mut lines = rich(app, &format!("{text}{verdict}"), style, w, &first, &rest);
    if q.answered.is_none()
        && i == q.cursor
        && let Some(l) = lines.first_mut()
    {
        *l = select(l.clone(), true, app, usize::from(w) + 2);
    }
    lines
}

fn feedback(
    app: &App,
    q: &QuizState,
    question: &Question,
    correct: bool,
    w: u16,
) -> Vec<Line<'static>> {
    let t = &app.theme;
    let mut out = Vec::new();
    // The verdict and the rating come first, so they are in view however long the
    // explanation below them is.
    out.push(rating_line(app, q, correct));
    if !correct {
        let answer = match &question.kind {
            QuestionKind::Single { choices, answer } => choices[*answer].clone(),
            QuestionKind::Multi { choices, answers } => answers
                .iter()
                .map(|a| choices[*a].as_str())
                .collect::<Vec<_>>()
                .join("; "),
            QuestionKind::Order { steps } => steps
                .iter()
                .enumerate()
                .map(|(i, s)| format!("{}. {s}", i + 1))
                .collect::<Vec<_>>()
                .join("  "),
            QuestionKind::Text { accept } => accept.first().cloned().unwrap_or_default(),
        };
        out.extend(rich(
            app,
            &format!("The answer: {answer}"),
            t.text(),
            w,
            " ",
            " ",
        ));
    }
    out.push(Line::default());
    out.extend(rich(app, &question.explanation, t.text(), w, " ", " "));
    if let Some((m, l)) = app.curriculum.find_lesson(&question.lesson) {
        let lesson = &app.curriculum.modules[m].lessons[l];
        out.push(Line::default());
        out.extend(wrapped(
            &format!("From the lesson: {} (o opens it)", lesson.title),
            t.dim(),
            w,
            " ",
            " ",
        ));
    }
    out
}

/// The verdict, and how the answer was graded for review: a wrong one comes back soon;
/// a right one the learner may rate.
fn rating_line(app: &App, q: &QuizState, correct: bool) -> Line<'static> {
    let t = &app.theme;
    if !correct {
        return Line::from(vec![
            Span::styled(" ✗ Not quite.", t.bad()),
            Span::styled("  It comes back for review soon.", t.dim()),
        ]);
    }
    let mut spans = vec![
        Span::styled(" ✓ Correct.", t.good()),
        Span::styled("  How did it feel? ", t.dim()),
    ];
    for (key, rating) in [
        ("1", Rating::Hard),
        ("2", Rating::Good),
        ("3", Rating::Easy),
    ] {
        let text = format!("{key} {}", rating.word());
        if q.rating == Some(rating) {
            spans.push(Span::styled(format!("[{text}]"), t.title()));
        } else {
            spans.push(Span::styled(format!(" {text} "), t.text()));
        }
    }
    Line::from(spans)
}

/// "Next review: Sat 28 Nov, 3 questions." for the first day with cards due after now.
fn next_review(app: &App) -> Option<String> {
    let (next, count) =
        crate::review::next_due(&app.curriculum, &app.progress, app.now(), &app.tz)?;
    let questions = if count == 1 { "question" } else { "questions" };
    let when = if next == app.today() {
        "later today".to_string()
    } else {
        next.strftime("%a %-d %b").to_string()
    };
    Some(format!("Next review: {when}, {count} {questions}."))
}

fn result(app: &App, q: &QuizState, width: u16) -> Vec<Line<'static>> {
    let t = &app.theme;
    let total = q.questions.len() as u32;
    let percent = (q.score * 100).checked_div(total).unwrap_or(0);
    let passed = percent >= QUIZ_PASS_PERCENT;
    let w = width.saturating_sub(2);
    let module_quiz = matches!(q.mode, QuizMode::Module(_));
    let verdict = if !module_quiz {
        Span::raw("")
    } else if passed {
        Span::styled("  ✓ passed", t.good())
    } else {
        Span::styled(
            format!("  ✗ not yet: {QUIZ_PASS_PERCENT}% passes"),
            t.warn(),
        )
    };
    let mut out = vec![
        Line::default(),
        Line::from(vec![
            Span::styled(
                format!(" You scored {} of {total} ({percent}%)", q.score),
                t.title(),
            ),
            verdict,
        ]),
        Line::default(),
    ];
    let saved = if module_quiz {
        "This attempt is saved."
    } else {
        "Every answer is saved and scheduled: missed questions come back within a day, the rest when you are about to forget them."
    };
    out.extend(wrapped(saved, t.text(), w, " ", " "));
    if !module_quiz && let Some(next) = next_review(app) {
        out.extend(wrapped(&next, t.dim(), w, " ", " "));
    }
    out.push(Line::default());
    if q.missed.is_empty() {
        out.extend(wrapped("Every answer right.", t.text(), w, " ", " "));
    } else {
        out.extend(wrapped("To read again:", t.text(), w, " ", " "));
        for id in &q.missed {
            let found = q
                .questions
                .iter()
                .filter_map(|r| r.get(&app.curriculum))
                .find(|x| &x.id == id);
            if let Some(question) = found {
                let lesson = app
                    .curriculum
                    .find_lesson(&question.lesson)
                    .map(|(mi, li)| app.curriculum.modules[mi].lessons[li].title.clone())
                    .unwrap_or_else(|| question.lesson.clone());
                out.extend(rich(
                    app,
                    &format!("{} — lesson: {lesson}", question.prompt),
                    t.text(),
                    w,
                    "  • ",
                    "    ",
                ));
            }
        }
    }
    out
}
