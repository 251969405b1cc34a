//! Home: "continue where you left off", then every module with its week and a progress
//! gauge, then the selected module's summary and any start-up notices.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::{Chrome, bar, rich, truncate, wrapped};
use crate::summary::{ModuleSummary, continue_target};
use crate::tui::app::{App, Screen};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Chrome {
    let t = &app.theme;
    let selected = match app.screen() {
        Screen::Home { selected } => *selected,
        _ => 0,
    };
    let c = &app.curriculum;
    let width = usize::from(area.width);
    let mut lines: Vec<Line<'static>> = Vec::new();

    let cont = continue_target(c, &app.progress).map(|(m, l, _)| {
        let module = &c.modules[m];
        let verb = if app.progress.position.is_some() {
            "Continue"
        } else {
            "Start"
        };
        format!(
            "{verb}: {} — {}",
            module.week_label(),
            module.lessons[l].title
        )
    });
    let cont = cont.unwrap_or_else(|| "No lessons in this curriculum".to_string());
    let row = format!(" ▶ {cont}");
    lines.push(select(
        Line::from(Span::raw(truncate(&row, width))),
        selected == 0,
        app,
        width,
    ));
    let now = app.now();
    let due = crate::review::due_session(&app.curriculum, &app.progress, now, &app.tz).len();
    let review = if due > 0 {
        format!(" ↻ Review: {due} due")
    } else {
        " ↻ Review: nothing due".to_string()
    };
    let plan = app.plan();
    let progress = match &plan {
        Some(p) if !p.behind.is_empty() => format!(
            " ▤ Progress and plan: {}, {} behind",
            p.label(),
            plural(p.behind.len(), "module")
        ),
        Some(p) => format!(" ▤ Progress and plan: {}", p.label()),
        None => " ▤ Progress and plan".to_string(),
    };
    let style = if due > 0 { t.title() } else { t.text() };
    for (i, (text, style)) in [
        (review, style),
        (" ✎ Self-quiz on concepts or weeks".to_string(), t.text()),
        (progress, t.text()),
    ]
    .into_iter()
    .enumerate()
    {
        lines.push(select(
            Line::from(Span::styled(truncate(&text, width), style)),
            selected == i + 1,
            app,
            width,
        ));
    }
    lines.push(Line::default());
    let this_week = plan
        .as_ref()
        .map(|p| p.this_week.clone())
        .unwrap_or_default();

    let label_w = c
        .modules
        .iter()
        .map(|m| m.week_label().width())
        .max()
        .unwrap_or(6);
    let gauge_w = 10;
    // "  " + label + "  " + title + "  " + gauge + " " + "12/34" + " ✓" + " ◂ now"
    let title_w = width
        .saturating_sub(2 + label_w + 2 + 2 + gauge_w + 1 + 5 + 2 + 6 + 1)
        .max(8);
    for (i, m) in c.modules.iter().enumerate() {
        let s = ModuleSummary::of(m, &app.progress);
        let (done, all) = s.steps();
        let mut spans = vec![
            Span::raw("  "),
            Span::styled(format!("{:<label_w$}", m.week_label()), t.dim()),
            Span::raw("  "),
            Span::raw(format!("{:<title_w$}", truncate(&m.title, title_w))),
            Span::raw("  "),
        ];
        spans.extend(bar(done, all, gauge_w, app));
        spans.push(Span::raw(format!(" {:>5}", format!("{done}/{all}"))));
        if s.complete() {
            spans.push(Span::styled(" ✓", t.good()));
        }
        if this_week.contains(&m.id) {
            spans.push(Span::styled(" ◂ now", t.title()));
        }
        lines.push(select(
            Line::from(spans),
            selected == i + FIRST_MODULE_ROW,
            app,
            width,
        ));
    }

    // In a short window the list scrolls so the selected row stays in view.
    let list_height = lines.len().min(usize::from(area.height));
    let selected_row = if selected < FIRST_MODULE_ROW {
        selected
    } else {
        selected + 1
    };
    let offset = (selected_row + 1).saturating_sub(usize::from(area.height));
    Paragraph::new(lines)
        .scroll((offset as u16, 0))
        .render(area, buf);

    // Below the list: the selected module's summary, or notices from start-up.
    let rest = Rect {
        y: area.y + list_height as u16 + 1,
        height: area.height.saturating_sub(list_height as u16 + 1),
        ..area
    };
    if rest.height > 0 {
        let mut below: Vec<Line<'static>> = Vec::new();
        for n in &app.notices {
            below.extend(wrapped(
                n,
                t.warn(),
                area.width.saturating_sub(2),
                " ⚠ ",
                "   ",
            ));
        }
        if below.is_empty() {
            let text = match selected {
                0 => format!(
                    "{}: {} lessons in {} modules. Nothing is locked: open any week.",
                    c.title,
                    c.lesson_count(),
                    c.modules.len()
                ),
                1 => "Questions you have answered come back just before you would forget them (FSRS spaced repetition).".to_string(),
                2 => "A mixed quiz on the concepts or weeks you choose, weakest questions first.".to_string(),
                3 => "Your plan, each module's numbers, accuracy per concept and reviews per day.".to_string(),
                n => c.modules[n - FIRST_MODULE_ROW].summary.clone(),
            };
            below.extend(rich(
                app,
                &text,
                t.dim(),
                area.width.saturating_sub(2),
                " ",
                " ",
            ));
        }
        Paragraph::new(below).render(rest, buf);
    }
    Chrome {
        title: c.title.clone(),
        status: plan.map(|p| p.label()).unwrap_or_default(),
        keys: "↑↓ move · Enter open · c continue · r review · p progress · ? help".to_string(),
    }
}

/// Home rows before the first module: continue, review, self-quiz, progress.
pub const FIRST_MODULE_ROW: usize = 4;

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Highlights a row over the full width when selected.
pub fn select(line: Line<'static>, selected: bool, app: &App, width: usize) -> Line<'static> {
    if !selected {
        return line;
    }
    let mut line = line.style(app.theme.selected());
    let w = line.width();
    if w < width {
        line.spans.push(Span::raw(" ".repeat(width - w)));
    }
    // A marker says it again, for screens without colour or reverse video.
    if let Some(first) = line.spans.first_mut()
        && first.content.starts_with(' ')
    {
        first.content = format!("›{}", &first.content[1..]).into();
    }
    line
}
