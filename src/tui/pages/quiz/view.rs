//! How a quiz looks: the question in its kind's form, feedback with the explanation and
//! the rating, and the result. `lines` is the page's geometry: `update` scrolls within
//! it and `render` draws it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{Quiz, QuizMode};
use crate::content::{Question, QuestionKind};
use crate::review::Rating;
use crate::summary::QUIZ_PASS_PERCENT;
use crate::tui::ctx::Ctx;
use crate::tui::page::Chrome;
use crate::tui::widgets::{rich, select, wrapped};

pub(super) fn render(q: &Quiz, cx: &Ctx, area: Rect, buf: &mut Buffer) -> Chrome {
    let total = q.questions.len();
    let lines = lines(cx, q, area.width);
    let max = lines.len().saturating_sub(usize::from(area.height));
    // Keep the cursor row visible while choosing; follow `scroll` after answering.
    let scroll = if q.answered.is_some() || q.finished {
        q.scroll.min(max)
    } else {
        cursor_offset(cx, q, area)
    };
    Paragraph::new(lines)
        .scroll((scroll as u16, 0))
        .render(area, buf);

    let title = match &q.mode {
        QuizMode::Module(m) => {
            let m = &cx.curriculum.modules[*m];
            format!("Quiz · {} · {}", m.week_label(), m.title)
        }
        QuizMode::Review => "Review".to_string(),
        QuizMode::SelfQuiz(label) => format!("Self-quiz · {label}"),
        QuizMode::Mistakes(label) => format!("Mistakes · {label}"),
    };
    let title = if q.practice {
        format!("Practice · {title}")
    } else {
        title
    };
    let status = if q.finished {
        format!("result {}/{total}", q.score)
    } else {
        format!("question {}/{total} · score {}", q.index + 1, q.score)
    };
    Chrome {
        title,
        status,
        note: String::new(),
    }
}

/// How many lines the prompt and its hint take at `width`.
pub(super) fn prompt_rows(cx: &Ctx, question: &Question, width: u16) -> usize {
    rich(
        cx,
        &question.prompt,
        Style::default(),
        width.saturating_sub(2),
        " ",
        " ",
    )
    .len()
        + 1
}

fn cursor_offset(cx: &Ctx, q: &Quiz, area: Rect) -> usize {
    let Some(question) = q.current(cx) else {
        return 0;
    };
    let prompt_rows = rich(
        cx,
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
pub(super) fn lines(cx: &Ctx, q: &Quiz, width: u16) -> Vec<Line<'static>> {
    if q.finished {
        return result(cx, q, width);
    }
    let Some(question) = q.current(cx) else {
        return Vec::new();
    };
    let t = &cx.theme;
    let w = width.saturating_sub(2);
    let mut out = rich(cx, &question.prompt, t.title(), w, " ", " ");
    let hint = match &question.kind {
        QuestionKind::Single { .. } => "Choose one: ↑↓ then Enter.",
        // Prompts often say "Select all that apply" themselves: say it once.
        QuestionKind::Multi { .. } if question.prompt.to_lowercase().contains("all that apply") => {
            "Space picks, Enter checks."
        }
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
            for (pos, &i) in q.order.iter().enumerate() {
                let mark = if q.picked.contains(&pos) {
                    "(•)"
                } else {
                    "( )"
                };
                out.extend(choice(
                    cx,
                    q,
                    pos,
                    &choices[i],
                    mark,
                    q.answered.map(|_| i == *answer),
                    w,
                ));
            }
        }
        QuestionKind::Multi { choices, answers } => {
            for (pos, &i) in q.order.iter().enumerate() {
                let mark = if q.picked.contains(&pos) {
                    "[x]"
                } else {
                    "[ ]"
                };
                out.extend(choice(
                    cx,
                    q,
                    pos,
                    &choices[i],
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
                    cx,
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
        out.extend(feedback(cx, q, question, correct, w));
    }
    out
}

/// One choice row (and its wrapped continuation lines). `right` is known after answering:
/// whether this row belongs to the correct answer.
fn choice(
    cx: &Ctx,
    q: &Quiz,
    i: usize,
    text: &str,
    mark: &str,
    right: Option<bool>,
    w: u16,
) -> Vec<Line<'static>> {
    let t = &cx.theme;
    let picked = q.picked.contains(&i);
    let (verdict, style) = match right {
        Some(true) => (" ✓", t.good()),
        Some(false) if picked => (" ✗", t.bad()),
        _ => ("", t.text()),
    };
    let first = format!(" {mark} ");
    let rest = " ".repeat(first.chars().count());
    let mut lines = rich(cx, &format!("{text}{verdict}"), style, w, &first, &rest);
    if q.answered.is_none()
        && i == q.cursor
        && let Some(l) = lines.first_mut()
    {
        *l = select(l.clone(), true, cx, usize::from(w) + 2);
    }
    lines
}

fn feedback(cx: &Ctx, q: &Quiz, question: &Question, correct: bool, w: u16) -> Vec<Line<'static>> {
    let t = &cx.theme;
    let mut out = Vec::new();
    // The verdict and the rating come first, so they are in view however long the
    // explanation below them is.
    out.push(rating_line(cx, q, correct));
    if !correct {
        out.extend(rich(
            cx,
            &format!("The answer: {}", right_answer(question)),
            t.text(),
            w,
            " ",
            " ",
        ));
    }
    out.push(Line::default());
    out.extend(rich(cx, &question.explanation, t.text(), w, " ", " "));
    if let Some((m, l)) = cx.curriculum.find_lesson(&question.lesson) {
        let lesson = &cx.curriculum.modules[m].lessons[l];
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
fn rating_line(cx: &Ctx, q: &Quiz, correct: bool) -> Line<'static> {
    let t = &cx.theme;
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

/// The right answer in words.
fn right_answer(question: &Question) -> String {
    match &question.kind {
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
        QuestionKind::Text { accept, .. } => accept.first().cloned().unwrap_or_default(),
    }
}

/// "Next review: in 10 minutes, 3 questions." for the next cards due after now.
fn next_review(cx: &Ctx) -> Option<String> {
    let next = crate::review::next_due(&cx.curriculum, &cx.progress, cx.now(), &cx.tz)?;
    let count = next.count;
    let questions = if count == 1 { "question" } else { "questions" };
    let when = next.when(cx.now(), &cx.tz);
    Some(format!("Next review: {when}, {count} {questions}."))
}

fn result(cx: &Ctx, q: &Quiz, width: u16) -> Vec<Line<'static>> {
    let t = &cx.theme;
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
    let saved = if q.practice {
        "Practice: nothing was recorded or rescheduled."
    } else if module_quiz {
        "This attempt is saved."
    } else {
        "Every answer is saved and scheduled: a missed question comes back in 10 minutes and again later today, the rest just before you would forget them."
    };
    out.extend(wrapped(saved, t.text(), w, " ", " "));
    if !module_quiz
        && !q.practice
        && let Some(next) = next_review(cx)
    {
        out.extend(wrapped(&next, t.dim(), w, " ", " "));
    }
    out.push(Line::default());
    if q.missed.is_empty() {
        out.extend(wrapped("Every answer right.", t.text(), w, " ", " "));
    } else {
        out.extend(wrapped(
            &format!("{} to read again:", plural(q.missed.len(), "answer")),
            t.text(),
            w,
            " ",
            " ",
        ));
        for given in q.answers.iter().filter(|a| !a.right) {
            let found = q
                .questions
                .iter()
                .filter_map(|r| r.get(&cx.curriculum))
                .find(|x| x.id == given.question);
            let Some(question) = found else { continue };
            out.push(Line::default());
            out.extend(rich(cx, &question.prompt, t.title(), w, "  • ", "    "));
            out.extend(rich(
                cx,
                &format!("You answered: {}", or_nothing(&given.given)),
                t.bad(),
                w,
                "    ✗ ",
                "      ",
            ));
            out.extend(rich(
                cx,
                &format!("The answer: {}", right_answer(question)),
                t.good(),
                w,
                "    ✓ ",
                "      ",
            ));
            out.extend(rich(cx, &question.explanation, t.text(), w, "    ", "    "));
            let lesson = cx
                .curriculum
                .find_lesson(&question.lesson)
                .map(|(mi, li)| cx.curriculum.modules[mi].lessons[li].title.clone())
                .unwrap_or_else(|| question.lesson.clone());
            out.extend(wrapped(
                &format!("From the lesson: {lesson}"),
                t.dim(),
                w,
                "    ",
                "    ",
            ));
        }
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn or_nothing(given: &str) -> &str {
    if given.is_empty() { "(nothing)" } else { given }
}
