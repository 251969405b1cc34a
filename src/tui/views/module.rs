//! A module: its summary and goals, then its lessons (done or not), quiz and checklist.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::home::select;
use super::{Chrome, rich, truncate};
use crate::summary::ModuleSummary;
use crate::tui::app::App;
use crate::tui::update::{ModuleItem, module_items};

pub fn render(app: &App, module: usize, selected: usize, area: Rect, buf: &mut Buffer) -> Chrome {
    let t = &app.theme;
    let m = &app.curriculum.modules[module];
    let s = ModuleSummary::of(m, &app.progress);
    let width = usize::from(area.width);
    let text_w = area.width.saturating_sub(2);

    let mut top: Vec<Line<'static>> = rich(app, &m.summary, t.text(), text_w, " ", " ");
    if !m.goals.is_empty() {
        top.push(Line::default());
        top.push(Line::from(Span::styled(" Goals", t.heading())));
        for g in &m.goals {
            top.extend(rich(app, g, t.text(), text_w, "  • ", "    "));
        }
    }
    let items = module_items(app, module);
    let mut list: Vec<Line<'static>> = vec![Line::from(Span::styled(" Lessons", t.heading()))];
    for (i, item) in items.iter().enumerate() {
        let line = match item {
            ModuleItem::Lesson(l) => {
                let lesson = &m.lessons[*l];
                let done = app.progress.lesson_done(&lesson.id);
                let (mark, style, word) = if done {
                    ("✓", t.good(), "done")
                } else {
                    ("·", t.dim(), "")
                };
                let minutes = format!("{} min", lesson.minutes);
                let title_w = width.saturating_sub(4 + 4 + 6 + minutes.len() + 2);
                Line::from(vec![
                    Span::raw("  "),
                    Span::styled(mark, style),
                    Span::raw(format!(" {:>2}. ", l + 1)),
                    Span::raw(format!("{:<title_w$}", truncate(&lesson.title, title_w))),
                    Span::styled(format!(" {word:<4} "), style),
                    Span::styled(minutes, t.dim()),
                ])
            }
            ModuleItem::Exercise(e) => {
                let ex = &app.curriculum.exercises[*e];
                let (mark, style, word) = match app.progress.exercises.get(&ex.id) {
                    Some(r) if r.passed => ("✓", t.good(), " passed"),
                    Some(_) => ("✗", t.warn(), " not yet"),
                    None => ("▸", t.dim(), ""),
                };
                Line::from(vec![
                    Span::raw("  "),
                    Span::styled(mark, style),
                    Span::raw(format!(
                        " Exercise: {}",
                        truncate(&ex.title, width.saturating_sub(26))
                    )),
                    Span::styled(word, style),
                ])
            }
            ModuleItem::Quiz => {
                let best = match s.quiz_best {
                    Some((score, total)) => format!(" · best {score}/{total}"),
                    None => " · not taken yet".to_string(),
                };
                let (mark, style, word) = if s.quiz_passed {
                    ("✓", t.good(), " passed")
                } else {
                    ("?", t.dim(), "")
                };
                Line::from(vec![
                    Span::raw("  "),
                    Span::styled(mark, style),
                    Span::raw(format!(" Quiz: {} questions{best}", s.quiz_questions)),
                    Span::styled(word, style),
                ])
            }
            ModuleItem::Checklist => {
                let complete = s.checklist_done == s.checklist;
                let (mark, style) = if complete {
                    ("✓", t.good())
                } else {
                    ("☐", t.dim())
                };
                Line::from(vec![
                    Span::raw("  "),
                    Span::styled(mark, style),
                    Span::raw(format!(
                        " Checklist: {} of {} done",
                        s.checklist_done, s.checklist
                    )),
                ])
            }
        };
        if i == m.lessons.len() {
            list.push(Line::default());
        }
        list.push(select(line, i == selected, app, width));
    }

    // One page: summary, goals, then the list. When it does not fit, it scrolls just
    // enough to keep the selected row in view (with the summary on top when possible).
    let mut page = top;
    page.push(Line::default());
    // The list's heading, then its rows; a blank line separates lessons from the rest.
    let gap = usize::from(selected >= m.lessons.len() && !m.lessons.is_empty());
    let selected_row = page.len() + 1 + selected + gap;
    page.extend(list);
    let height = usize::from(area.height).max(1);
    let offset = (selected_row + 1).saturating_sub(height);
    Paragraph::new(page)
        .scroll((offset as u16, 0))
        .render(area, buf);

    let (done, all) = s.steps();
    Chrome {
        title: format!("{} · {}", m.week_label(), m.title),
        status: format!("{done}/{all} steps"),
        keys: "↑↓ move · Enter open · Esc back · ? help · q quit".to_string(),
    }
}
