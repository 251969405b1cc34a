//! The self-quiz picker: concepts and weeks with how many questions each has and how
//! well the learner has answered them, the quiz size, and what Enter will start.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::home::select;
use super::{Chrome, truncate, wrapped};
use crate::review::concept_scores;
use crate::tui::app::{App, SELF_QUIZ_SIZES, SelfQuizSetup};
use crate::tui::update::self_quiz::{PickRow, pick_rows};

pub fn render(app: &App, setup: &SelfQuizSetup, area: Rect, buf: &mut Buffer) -> Chrome {
    let t = &app.theme;
    let c = &app.curriculum;
    let width = usize::from(area.width);
    let mut top = wrapped(
        "Choose what to practise. The weakest questions come first, and every answer feeds your review schedule.",
        t.dim(),
        area.width.saturating_sub(2),
        " ",
        " ",
    );
    let sizes: Vec<String> = SELF_QUIZ_SIZES
        .iter()
        .map(|n| {
            if *n == setup.count {
                format!("[{n}]")
            } else {
                format!(" {n} ")
            }
        })
        .collect();
    top.push(Line::from(vec![
        Span::styled(" Questions: ", t.text()),
        Span::styled(sizes.join(" "), t.title()),
        Span::styled("   (+ / - to change)", t.dim()),
    ]));
    top.push(Line::default());

    let scores = concept_scores(c, &app.progress);
    let count_w = 17;
    let name_w = width.saturating_sub(2 + 4 + count_w + 2).max(8);
    let mut list: Vec<Line<'static>> = Vec::new();
    let mut cursor_line = 0;
    let rows = pick_rows(app);
    for (i, row) in rows.iter().enumerate() {
        let (heading, picked, name, questions, accuracy) = match row {
            PickRow::Concept(k) => {
                let s = &scores[*k];
                (
                    (*k == 0).then_some("Concepts"),
                    setup.filter.concepts.contains(&s.id),
                    s.title.clone(),
                    s.questions,
                    s.accuracy(),
                )
            }
            PickRow::Week(w) => {
                let modules: Vec<_> = c.modules.iter().filter(|m| m.week == Some(*w)).collect();
                let title = modules
                    .iter()
                    .map(|m| m.title.as_str())
                    .collect::<Vec<_>>()
                    .join(" + ");
                let first_week = rows.iter().position(|r| matches!(r, PickRow::Week(_)));
                let (right, wrong) = modules
                    .iter()
                    .flat_map(|m| &m.quiz)
                    .filter_map(|q| app.progress.questions.get(&q.id))
                    .fold((0u32, 0u32), |(r, w), x| (r + x.right, w + x.wrong));
                (
                    (first_week == Some(i)).then_some("Weeks"),
                    setup.filter.weeks.contains(w),
                    format!("Week {w} · {title}"),
                    modules.iter().map(|m| m.quiz.len()).sum(),
                    (right + wrong > 0).then(|| right as f32 / (right + wrong) as f32),
                )
            }
        };
        if let Some(h) = heading {
            if !list.is_empty() {
                list.push(Line::default());
            }
            list.push(Line::from(vec![
                Span::styled(format!(" {h:<w$}", w = name_w + 4), t.dim()),
                Span::styled(format!("{:>10}{:>7}", "questions", "right"), t.dim()),
            ]));
        }
        let mark = if picked { "[x]" } else { "[ ]" };
        let acc = accuracy.map_or("–".to_string(), |a| format!("{:.0}%", a * 100.0));
        if i == setup.selected {
            cursor_line = list.len();
        }
        let line = Line::from(vec![
            Span::raw(format!("  {mark} ")),
            Span::styled(format!("{:<name_w$}", truncate(&name, name_w)), t.text()),
            Span::raw(format!("{questions:>10}{acc:>7}")),
        ]);
        list.push(select(line, i == setup.selected, app, width));
    }

    let top_h = (top.len() as u16).min(area.height);
    Paragraph::new(top).render(
        Rect {
            height: top_h,
            ..area
        },
        buf,
    );
    let list_area = Rect {
        y: area.y + top_h,
        height: area.height - top_h,
        ..area
    };
    let offset = (cursor_line + 1).saturating_sub(usize::from(list_area.height));
    Paragraph::new(list)
        .scroll((offset as u16, 0))
        .render(list_area, buf);

    let picked = setup.filter.concepts.len() + setup.filter.weeks.len();
    Chrome {
        title: "Self-quiz".to_string(),
        status: format!("{picked} picked"),
        keys: "↑↓ move · Space pick · +/- size · Enter start · Esc back".to_string(),
    }
}
